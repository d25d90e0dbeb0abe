/*
 * Linux kernel modules' appended signatures (sigverify.h): the module
 * bytes, a detached CMS SignedData over them, a 12-byte struct
 * module_signature and the marker "~Module signature appended~\n".  The
 * kernel's sign-file puts no certificate in the CMS, so the signer is
 * looked up among the trust certificates by issuer and serial or subject
 * key identifier, as the kernel does in its keyring.  The checks on the
 * struct follow the kernel's own (mod_check_sig).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>

#include "x509int.h"

#define KMOD_MARKER	"~Module signature appended~\n"
#define KMOD_MARKER_LEN	(sizeof(KMOD_MARKER) - 1)
#define KMOD_INFO_LEN	12		/* struct module_signature */
#define KMOD_ID_PKCS7	2
#define KMOD_SIG_MAX	(1u << 20)	/* sign-file's are a few KiB */

bool
kmod_sig_present(const struct sig_data *d)
{
	unsigned char tail[KMOD_MARKER_LEN];

	return d->size >= KMOD_MARKER_LEN &&
	    sig_data_read(d, d->size - KMOD_MARKER_LEN, tail,
	    sizeof(tail)) == 0 &&
	    memcmp(tail, KMOD_MARKER, KMOD_MARKER_LEN) == 0;
}

void
kmod_verify(const struct sig_trust *t, const struct sig_data *d, int64_t now,
    struct sig_result *r)
{
	unsigned char info[KMOD_INFO_LEN], *sig = NULL;
	const unsigned char *q;
	CMS_ContentInfo *cms = NULL;
	uint64_t body, module;
	uint32_t siglen;
	struct cms_source b;

	memset(&b, 0, sizeof(b));
	ERR_clear_error();
	if (!kmod_sig_present(d)) {
		sig_fail(r, SIG_MALFORMED, "no module signature marker");
		return;
	}
	body = d->size - KMOD_MARKER_LEN;
	if (body < KMOD_INFO_LEN ||
	    sig_data_read(d, body - KMOD_INFO_LEN, info, sizeof(info)) == -1) {
		sig_fail(r, SIG_MALFORMED, "module_signature truncated: the "
		    "file ends within it");
		return;
	}
	body -= KMOD_INFO_LEN;
	siglen = (uint32_t)info[8] << 24 | (uint32_t)info[9] << 16 |
	    (uint32_t)info[10] << 8 | info[11];
	if (info[2] != KMOD_ID_PKCS7) {
		sig_fail(r, SIG_UNSUPPORTED, "module_signature id_type %u is "
		    "not PKCS#7 (2): a pre-4.x kernel format", info[2]);
		return;
	}
	if (info[0] != 0 || info[1] != 0 || info[3] != 0 || info[4] != 0 ||
	    info[5] != 0 || info[6] != 0 || info[7] != 0) {
		sig_fail(r, SIG_MALFORMED, "module_signature algo, hash, "
		    "signer_len, key_id_len and pad must be 0 for PKCS#7");
		return;
	}
	if (siglen == 0 || siglen >= body) {
		sig_fail(r, SIG_MALFORMED, "module_signature sig_len %u does "
		    "not fit the %llu bytes before it", siglen,
		    (unsigned long long)body);
		return;
	}
	if (siglen > KMOD_SIG_MAX) {
		sig_fail(r, SIG_MALFORMED, "module_signature sig_len %u is "
		    "absurd", siglen);
		return;
	}
	module = body - siglen;
	if ((sig = malloc(siglen)) == NULL ||
	    sig_data_read(d, module, sig, siglen) == -1) {
		sig_fail(r, SIG_MALFORMED, "cannot read the module signature");
		goto out;
	}
	q = sig;
	if ((cms = d2i_CMS_ContentInfo(NULL, &q, (long)siglen)) == NULL ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		sig_fail(r, SIG_MALFORMED, "module signature is not a CMS "
		    "SignedData");
		goto out;
	}
	if (q != sig + siglen)
		x509_detail_add(r, "%zu bytes after the CMS ignored",
		    (size_t)(sig + siglen - q));
	if (CMS_is_detached(cms) != 1) {
		sig_fail(r, SIG_MALFORMED, "module signature carries content; "
		    "the kernel wants a detached one");
		goto out;
	}
	if (cms_source_open(&b, d, 0, module) == -1) {
		sig_fail(r, SIG_MALFORMED, "cannot read the module");
		goto out;
	}
	x509_detail_add(r, "module %llu bytes, signature %u bytes",
	    (unsigned long long)module, siglen);
	/* The kernel checks neither usage nor validity period; we check
	 * validity at --as-of, but not code-signing usage. */
	(void)cms_verify_parsed(t, cms, b.bio, NULL, now, false, r);
	if (b.failed)
		sig_fail(r, SIG_MALFORMED, "cannot read the module");
 out:
	cms_source_close(&b);
	CMS_ContentInfo_free(cms);
	free(sig);
	ERR_clear_error();
}
