/* Skeleton: kernel module signatures (to be written). */
#include "sigverify.h"

bool
kmod_sig_present(const struct sig_data *d)
{
	(void)d;
	return false;
}

void
kmod_verify(const struct sig_trust *t, const struct sig_data *d, int64_t now,
    struct sig_result *r)
{
	(void)t, (void)d, (void)now;
	sig_fail(r, SIG_UNSUPPORTED, "kernel module signatures are not built yet");
}
