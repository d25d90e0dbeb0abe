/* Filling in a verifier's result (sigverify.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/objects.h>

#include "sigverify.h"

void
sig_result_init(struct sig_result *r, const char *kind)
{
	memset(r, 0, sizeof(*r));
	r->status = SIG_MALFORMED;
	r->kind = kind;
}

enum sig_status
sig_fail(struct sig_result *r, enum sig_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	r->status = st;
	return st;
}

void
sig_describe_key(struct sig_result *r, EVP_PKEY *key)
{
	char group[64];
	size_t glen = 0;
	int bits = EVP_PKEY_get_bits(key);

	r->key_bits = bits > 0 ? (unsigned)bits : 0;
	switch (EVP_PKEY_get_base_id(key)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		snprintf(r->key_alg, sizeof(r->key_alg), "rsa");
		if (bits < 2048)
			r->flags |= SIG_WEAK_KEY;
		break;
	case EVP_PKEY_EC:
		if (EVP_PKEY_get_utf8_string_param(key,
		    OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
		    &glen) != 1)
			snprintf(group, sizeof(group), "unknown");
		snprintf(r->key_alg, sizeof(r->key_alg), "ecdsa-%.20s",
		    strcmp(group, "prime256v1") == 0 ? "p256" :
		    strcmp(group, "secp384r1") == 0 ? "p384" :
		    strcmp(group, "secp521r1") == 0 ? "p521" : group);
		if (bits < 256)
			r->flags |= SIG_WEAK_KEY;
		break;
	case EVP_PKEY_ED25519:
		snprintf(r->key_alg, sizeof(r->key_alg), "ed25519");
		break;
	case EVP_PKEY_ED448:
		snprintf(r->key_alg, sizeof(r->key_alg), "ed448");
		break;
	case EVP_PKEY_DSA:
		snprintf(r->key_alg, sizeof(r->key_alg), "dsa");
		if (bits < 2048)
			r->flags |= SIG_WEAK_KEY;
		break;
	default:
		snprintf(r->key_alg, sizeof(r->key_alg), "%s",
		    OBJ_nid2sn(EVP_PKEY_get_base_id(key)));
		break;
	}
}

void
sig_describe_digest(struct sig_result *r, int md_nid)
{
	const char *sn;

	switch (md_nid) {
	case NID_md5:
	case NID_sha1:
	case NID_md5_sha1:
		r->flags |= SIG_WEAK_DIGEST;
		break;
	default:
		break;
	}
	sn = OBJ_nid2sn(md_nid);
	snprintf(r->digest_alg, sizeof(r->digest_alg), "%s",
	    sn != NULL ? sn : "unknown");
	/* "SHA256" -> "sha256": one spelling in every finding. */
	for (char *c = r->digest_alg; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
}
