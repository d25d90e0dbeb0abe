/* Skeleton: raw signatures (to be written). */
#include "sigverify.h"

void
raw_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	(void)t, (void)d, (void)sig, (void)siglen;
	sig_fail(r, SIG_UNSUPPORTED, "raw signatures are not built yet");
}
