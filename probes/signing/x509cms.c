/* Skeleton: X.509 chains and CMS (to be written). */
#include <stdlib.h>

#include "sigverify.h"

enum sig_trust_add
x509_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	(void)t, (void)name, (void)p, (void)n, (void)why, (void)whylen;
	return SIG_TRUST_NOT_MINE;
}

bool
cms_sniff(const unsigned char *p, size_t n)
{
	(void)p, (void)n;
	return false;
}

void
cms_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now, bool codesign,
    struct sig_result *r)
{
	(void)t, (void)d, (void)sig, (void)siglen, (void)now, (void)codesign;
	sig_fail(r, SIG_UNSUPPORTED, "CMS verification is not built yet");
}

void
cms_verify_attached(const struct sig_trust *t, const unsigned char *sig,
    size_t siglen, int64_t now, bool codesign, unsigned char **contentp,
    size_t *contentlenp, struct sig_result *r)
{
	(void)t, (void)sig, (void)siglen, (void)now, (void)codesign;
	*contentp = NULL;
	*contentlenp = 0;
	sig_fail(r, SIG_UNSUPPORTED, "CMS verification is not built yet");
}

enum sig_status
x509_check_signer(const struct sig_trust *t, X509 *leaf,
    STACK_OF(X509) *extra, int64_t at, bool codesign, struct sig_result *r)
{
	(void)t, (void)leaf, (void)extra, (void)at, (void)codesign;
	return sig_fail(r, SIG_UNSUPPORTED, "X.509 is not built yet");
}
