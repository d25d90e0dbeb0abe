/* Skeleton: Authenticode (to be written). */
#include "sigverify.h"

bool
pe_sniff(const unsigned char *p, size_t n)
{
	(void)p, (void)n;
	return false;
}

bool
authenticode_present(const struct sig_data *d)
{
	(void)d;
	return false;
}

void
authenticode_verify(const struct sig_trust *t, const struct sig_data *d,
    int64_t now, struct sig_result *r)
{
	(void)t, (void)d, (void)now;
	sig_fail(r, SIG_UNSUPPORTED, "Authenticode is not built yet");
}
