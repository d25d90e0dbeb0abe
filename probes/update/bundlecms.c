/*
 * CMS structure facts and signature routing for update bundles
 * (bundles.h).  The facts come from OpenSSL's DER decoder and say what a
 * signature claims to be; only the signing probe's verifiers say whether
 * it holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "bundles.h"

void
cms_facts_release(struct cms_facts *f)
{
	if (f == NULL)
		return;
	free(f->content);
	memset(f, 0, sizeof(*f));
}

bool
cms_facts_get(const unsigned char *p, size_t n, struct cms_facts *f)
{
	const unsigned char *q = p;
	STACK_OF(CMS_SignerInfo) *signers;
	STACK_OF(X509) *certs = NULL;
	ASN1_OCTET_STRING **content;
	X509_ALGOR *dig = NULL;
	CMS_ContentInfo *cms;
	const char *sn;

	memset(f, 0, sizeof(*f));
	if (n < 2 || p[0] != 0x30 || n > (size_t)INT32_MAX ||
	    (cms = d2i_CMS_ContentInfo(NULL, &q, (long)n)) == NULL) {
		ERR_clear_error();
		return false;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		ERR_clear_error();
		return false;
	}
	signers = CMS_get0_SignerInfos(cms);
	f->nsigners = sk_CMS_SignerInfo_num(signers);
	if ((certs = CMS_get1_certs(cms)) != NULL)
		f->ncerts = sk_X509_num(certs);
	sk_X509_pop_free(certs, X509_free);
	if (f->nsigners > 0) {
		CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(signers, 0),
		    NULL, NULL, &dig, NULL);
		sn = dig != NULL ? OBJ_nid2sn(OBJ_obj2nid(dig->algorithm)) :
		    NULL;
		snprintf(f->digest, sizeof(f->digest), "%s",
		    sn != NULL ? sn : "unknown");
		for (char *c = f->digest; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
	content = CMS_get0_content(cms);
	f->detached = content == NULL || *content == NULL;
	if (!f->detached && (*content)->length > 0 &&
	    (f->content = malloc((size_t)(*content)->length + 1)) != NULL) {
		memcpy(f->content, (*content)->data,
		    (size_t)(*content)->length);
		f->content[(*content)->length] = '\0';
		f->content_len = (size_t)(*content)->length;
	}
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return true;
}

void
bundle_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now, const char **kindp,
    struct sig_result *r)
{
	struct cms_facts f;
	bool is_cms = cms_facts_get(sig, siglen, &f);

	cms_facts_release(&f);
	/* The signing probe's sniffer also knows PEM; ours only DER. */
	if (is_cms || cms_sniff(sig, siglen)) {
		*kindp = "cms";
		sig_result_init(r, "cms");
		cms_verify_detached(t, d, sig, siglen, now, false, r);
	} else if (pgp_sniff(sig, siglen)) {
		*kindp = "openpgp";
		sig_result_init(r, "openpgp");
		pgp_verify_detached(t, d, sig, siglen, now, r);
	} else {
		*kindp = "raw";
		sig_result_init(r, "raw");
		raw_verify(t, d, sig, siglen, r);
	}
}
