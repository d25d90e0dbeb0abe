/* Skeleton: minisign and signify (to be written). */
#include "sigverify.h"

enum sig_trust_add
mini_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	(void)t, (void)name, (void)p, (void)n, (void)why, (void)whylen;
	return SIG_TRUST_NOT_MINE;
}

void
mini_keyring_free(struct mini_keyring *k)
{
	(void)k;
}

bool
minisign_sniff(const unsigned char *p, size_t n)
{
	(void)p, (void)n;
	return false;
}

bool
signify_sniff(const unsigned char *p, size_t n)
{
	(void)p, (void)n;
	return false;
}

void
minisign_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	(void)t, (void)d, (void)sig, (void)siglen;
	sig_fail(r, SIG_UNSUPPORTED, "minisign is not built yet");
}

void
signify_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	(void)t, (void)d, (void)sig, (void)siglen;
	sig_fail(r, SIG_UNSUPPORTED, "signify is not built yet");
}
