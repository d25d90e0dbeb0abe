/*
 * libFuzzer target for CMS signatures and kernel module trailers
 * (probes/signing/x509cms.c, sigtimestamp.c, kmodsig.c).  The first byte
 * picks the path: bits 0-1 detached CMS over fixed content, attached CMS,
 * a kernel module trailer, or a trust file; bit 2 first makes every
 * certificate the signature carries a trust anchor, so that chains and
 * timestamp authorities are checked too.  Must never crash, leak or hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/cms.h>
#include <openssl/err.h>

#include "signing/sigverify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2030-01-01, when the seeds' certificates are valid. */
#define NOW	INT64_C(1893456000)

/* The certificates p carries, as anchors (when it is CMS at all). */
static void
trust_carried(struct sig_trust *t, const uint8_t *p, size_t n)
{
	const unsigned char *q = p;
	STACK_OF(X509) *certs;
	CMS_ContentInfo *cms;
	unsigned char *der;
	char why[128];
	int i, len;

	if ((cms = d2i_CMS_ContentInfo(NULL, &q, (long)n)) == NULL) {
		ERR_clear_error();
		return;
	}
	certs = CMS_get1_certs(cms);
	for (i = 0; i < sk_X509_num(certs); i++) {
		der = NULL;
		if ((len = i2d_X509(sk_X509_value(certs, i), &der)) > 0)
			(void)x509_trust_add(t, "fuzz", der, (size_t)len, why,
			    sizeof(why));
		OPENSSL_free(der);
	}
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char content[] = "assay fuzz content\n";
	struct sig_data d = { -1, sizeof(content) - 1, content };
	struct sig_result r;
	struct sig_trust t;
	unsigned char *out = NULL;
	size_t outlen = 0;
	char why[128];

	if (size < 1 || size > (1u << 20))
		return 0;
	sig_trust_init(&t);
	if (data[0] & 4)
		trust_carried(&t, data + 1, size - 1);
	(void)cms_sniff(data + 1, size - 1);
	sig_result_init(&r, "cms");
	switch (data[0] & 3) {
	case 0:
		cms_verify_detached(&t, &d, data + 1, size - 1, NOW,
		    (data[0] & 8) != 0, &r);
		break;
	case 1:
		cms_verify_attached(&t, data + 1, size - 1, NOW,
		    (data[0] & 8) != 0, &out, &outlen, &r);
		free(out);
		break;
	case 2:
		d.mem = data + 1;
		d.size = size - 1;
		(void)kmod_sig_present(&d);
		kmod_verify(&t, &d, NOW, &r);
		break;
	default:
		(void)x509_trust_add(&t, "fuzz", data + 1, size - 1, why,
		    sizeof(why));
		break;
	}
	sig_trust_release(&t);
	return 0;
}
