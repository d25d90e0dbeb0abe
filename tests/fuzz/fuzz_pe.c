/*
 * libFuzzer target for PE files and their Authenticode signatures
 * (probes/signing/authenticode.c, pe.c): sniffing, the header parse, the
 * image hash, the certificate table walk and the SignedData checks, with
 * an empty trust so that nothing but the input decides the path.  Must
 * never crash, leak or hang, whatever the headers claim.
 */
#include <stddef.h>
#include <stdint.h>

#include "signing/sigverify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sig_data d = { -1, size, data };
	struct sig_result r;
	struct sig_trust t;

	(void)pe_sniff(data, size);
	(void)authenticode_present(&d);
	sig_trust_init(&t);
	sig_result_init(&r, "authenticode");
	authenticode_verify(&t, &d, INT64_C(1893456000), &r);
	sig_trust_release(&t);
	return 0;
}
