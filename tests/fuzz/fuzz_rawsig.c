/*
 * libFuzzer target for bare signatures: the input is the signature, tried
 * against an RSA, two ECDSA and an Ed25519 key over fixed data, so the
 * RSA encoded-message checks, the DER and r||s ECDSA decoding and every
 * length test see hostile bytes.  Nothing may crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signing/sigverify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sig_trust trust;
static bool ready;

static void
release(void)
{
	sig_trust_release(&trust);
}

static void
add(EVP_PKEY *k, const char *name)
{
	struct sig_rawkey *nv;

	if (k == NULL)
		abort();
	nv = realloc(trust.raw, (trust.nraw + 1) * sizeof(*nv));
	if (nv == NULL)
		abort();
	trust.raw = nv;
	memset(&nv[trust.nraw], 0, sizeof(*nv));
	nv[trust.nraw].key = k;
	snprintf(nv[trust.nraw].name, sizeof(nv[trust.nraw].name), "%s",
	    name);
	trust.nraw++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char signed_data[] = "fuzz data\n";
	struct sig_result r;
	struct sig_data d;

	if (!ready) {
		sig_trust_init(&trust);
		add(EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048), "rsa");
		add(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"), "p256");
		add(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384"), "p384");
		add(EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"), "ed25519");
		(void)atexit(release);
		ready = true;
	}
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	d.mem = (const unsigned char *)signed_data;
	d.size = sizeof(signed_data) - 1;
	sig_result_init(&r, "raw");
	raw_verify(&trust, &d, data, size, &r);
	if (r.status == SIG_VALID)
		abort();
	return 0;
}
