/*
 * libFuzzer target for the minisign and signify parsers: the first byte
 * picks a public-key file (mini_trust_add), a minisign signature, a
 * signify signature or a signify -e file (message embedded); the rest is
 * the file.  Signatures are checked over fixed data with two trusted keys,
 * so inputs from the seed corpus reach the Ed25519 and BLAKE2b paths.
 * Nothing may crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "signing/sigverify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The keys that made the seeds (their secret halves were thrown away). */
static const char minisign_pub[] =
    "untrusted comment: minisign public key 14A798FA0CB6CDE2\n"
    "RWTizbYM+pinFN0QMxigvc4/znOSTOt+trZMhC19fYPH+A19p7KTgsIL\n";
static const char signify_pub[] =
    "untrusted comment: signify public key\n"
    "RWTQn2GGPnd2Rypl4yfuNGyt9fyeZo+KQspFynQGb9TvBVOLgDa2OsU+\n";
static const char signed_data[] = "fuzz data\n";

static void
add_key(struct sig_trust *t, const char *text)
{
	char why[256];

	(void)sig_trust_add(t, "seed.pub", (const unsigned char *)text,
	    strlen(text), why, sizeof(why));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sig_trust t;
	struct sig_result r;
	struct sig_data d;
	char why[256];
	size_t off;

	if (size < 1)
		return 0;
	sig_trust_init(&t);
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	d.mem = (const unsigned char *)signed_data;
	d.size = sizeof(signed_data) - 1;
	switch (data[0] % 4) {
	case 0:
		(void)mini_trust_add(&t, "input.pub", data + 1, size - 1, why,
		    sizeof(why));
		break;
	case 1:
		add_key(&t, minisign_pub);
		sig_result_init(&r, "minisign");
		if (minisign_sniff(data + 1, size - 1))
			minisign_verify(&t, &d, data + 1, size - 1, &r);
		break;
	case 2:
		add_key(&t, signify_pub);
		sig_result_init(&r, "signify");
		(void)signify_sniff(data + 1, size - 1);
		signify_verify(&t, &d, data + 1, size - 1, &r);
		break;
	default:
		add_key(&t, signify_pub);
		add_key(&t, minisign_pub);
		off = signify_embedded_offset(data + 1, size - 1);
		if (off > 0) {
			d.mem = data + 1 + off;
			d.size = size - 1 - off;
			sig_result_init(&r, "signify");
			signify_verify(&t, &d, data + 1, off, &r);
		}
		break;
	}
	sig_trust_release(&t);
	return 0;
}
