/* Skeleton: OpenPGP (to be written). */
#include <stdlib.h>

#include "sigverify.h"

enum sig_trust_add
pgp_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	(void)t, (void)name, (void)p, (void)n, (void)why, (void)whylen;
	return SIG_TRUST_NOT_MINE;
}

void
pgp_keyring_free(struct pgp_keyring *k)
{
	(void)k;
}

bool
pgp_sniff(const unsigned char *p, size_t n)
{
	(void)p, (void)n;
	return false;
}

bool
pgp_sniff_cleartext(const unsigned char *p, size_t n)
{
	(void)p, (void)n;
	return false;
}

void
pgp_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now,
    struct sig_result *r)
{
	(void)t, (void)d, (void)sig, (void)siglen, (void)now;
	sig_fail(r, SIG_UNSUPPORTED, "OpenPGP is not built yet");
}

void
pgp_verify_cleartext(const struct sig_trust *t, const unsigned char *p,
    size_t n, int64_t now, unsigned char **textp, size_t *textlenp,
    struct sig_result *r)
{
	(void)t, (void)p, (void)n, (void)now;
	*textp = NULL;
	*textlenp = 0;
	sig_fail(r, SIG_UNSUPPORTED, "OpenPGP is not built yet");
}
