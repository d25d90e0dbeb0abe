/*
 * Authenticode signatures in PE files (sigverify.h).  The image hash is
 * computed from the file (pe.c) and must equal the one in the signed
 * SpcIndirectDataContent; the PKCS #7 SignedData must verify over that
 * content; the signer must chain to the trust anchors with code-signing
 * usage at the time of a verified countersignature timestamp, else at the
 * moment given.  Only the first PKCS_SIGNED_DATA entry of the certificate
 * table counts, as in Windows; nested signatures are not checked.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "pe.h"
#include "x509int.h"

#define CERT_TABLE_MAX	((uint32_t)32 << 20)	/* bytes we read of it */
#define WIN_CERT_REVISION_2_0	0x0200
#define WIN_CERT_TYPE_PKCS_SIGNED_DATA	0x0002

#define OID_SPC_INDIRECT_DATA	"1.3.6.1.4.1.311.2.1.4"
#define OID_SPC_PE_IMAGE_DATA	"1.3.6.1.4.1.311.2.1.15"
#define OID_SPC_RFC3161		"1.3.6.1.4.1.311.3.3.1"

/* OpenSSL's ASN.1 template macros need typedef names. */
typedef struct {
	ASN1_OBJECT *type;
	ASN1_TYPE *value;
} SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE;

typedef struct {
	SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE *data;
	X509_SIG *digest;			/* DigestInfo */
} SPC_INDIRECT_DATA_CONTENT;

ASN1_SEQUENCE(SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE) = {
	ASN1_SIMPLE(SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE, type, ASN1_OBJECT),
	ASN1_OPT(SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE, value, ASN1_ANY)
} static_ASN1_SEQUENCE_END(SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE)

ASN1_SEQUENCE(SPC_INDIRECT_DATA_CONTENT) = {
	ASN1_SIMPLE(SPC_INDIRECT_DATA_CONTENT, data,
	    SPC_ATTRIBUTE_TYPE_AND_OPTIONAL_VALUE),
	ASN1_SIMPLE(SPC_INDIRECT_DATA_CONTENT, digest, X509_SIG)
} static_ASN1_SEQUENCE_END(SPC_INDIRECT_DATA_CONTENT)

bool
pe_sniff(const unsigned char *p, size_t n)
{
	uint32_t lfanew;

	if (n < 64 || p[0] != 'M' || p[1] != 'Z')
		return false;
	lfanew = (uint32_t)p[0x3c] | (uint32_t)p[0x3d] << 8 |
	    (uint32_t)p[0x3e] << 16 | (uint32_t)p[0x3f] << 24;
	return (uint64_t)lfanew + 4 <= n &&
	    memcmp(p + lfanew, "PE\0\0", 4) == 0;
}

bool
authenticode_present(const struct sig_data *d)
{
	struct pe_image pe;
	char why[160];
	bool yes;

	yes = pe_parse(d, &pe, why, sizeof(why)) == 0 && pe.cert_size != 0;
	pe_release(&pe);
	return yes;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * Finds the first revision 2.0 PKCS_SIGNED_DATA WIN_CERTIFICATE in the
 * table tab[0..n): its bCertificate in *der, *derlen.  -1 with r failed.
 */
static int
find_signed_data(const unsigned char *tab, uint32_t n,
    const unsigned char **der, size_t *derlen, struct sig_result *r)
{
	uint32_t off = 0, len, others = 0;
	uint16_t rev, type;

	*der = NULL;
	while (n - off >= 8) {
		len = le32(tab + off);
		rev = (uint16_t)(tab[off + 4] | tab[off + 5] << 8);
		type = (uint16_t)(tab[off + 6] | tab[off + 7] << 8);
		if (len < 8 || len > n - off) {
			sig_fail(r, SIG_MALFORMED, "WIN_CERTIFICATE dwLength "
			    "%u at table offset %u is out of bounds", len,
			    off);
			return -1;
		}
		if (*der == NULL && rev == WIN_CERT_REVISION_2_0 &&
		    type == WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
			*der = tab + off + 8;
			*derlen = len - 8;
		} else {
			others++;
		}
		/* Entries are padded to 8 bytes. */
		if (len > UINT32_MAX - 7 || ((len + 7) & ~7u) >= n - off)
			break;
		off += (len + 7) & ~7u;
	}
	if (*der == NULL) {
		sig_fail(r, SIG_UNSUPPORTED, "no revision 2.0 PKCS#7 "
		    "WIN_CERTIFICATE in the certificate table");
		return -1;
	}
	if (others > 0)
		x509_detail_add(r, "%u other certificate table entries "
		    "ignored", others);
	return 0;
}

static bool
oid_is(const ASN1_OBJECT *obj, const char *dotted)
{
	ASN1_OBJECT *want = OBJ_txt2obj(dotted, 1);
	bool yes = want != NULL && obj != NULL && OBJ_cmp(obj, want) == 0;

	ASN1_OBJECT_free(want);
	return yes;
}

/* The unsigned attribute with OID dotted, as a SEQUENCE's DER. */
static const ASN1_STRING *
unsigned_seq(PKCS7_SIGNER_INFO *si, const char *dotted)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(dotted, 1);
	X509_ATTRIBUTE *a;
	ASN1_TYPE *v;
	int i;

	i = obj != NULL ? X509at_get_attr_by_OBJ(si->unauth_attr, obj, -1) :
	    -1;
	ASN1_OBJECT_free(obj);
	if (i < 0 || (a = X509at_get_attr(si->unauth_attr, i)) == NULL ||
	    (v = X509_ATTRIBUTE_get0_type(a, 0)) == NULL ||
	    v->type != V_ASN1_SEQUENCE)
		return NULL;
	return v->value.sequence;
}

/* Signed timestamps, newest kind first; true when one holds. */
static bool
timestamp(const struct sig_trust *t, PKCS7_SIGNER_INFO *si,
    STACK_OF(X509) *certs, struct sig_result *r)
{
	const unsigned char *sv = ASN1_STRING_get0_data(si->enc_digest);
	size_t svlen = (size_t)ASN1_STRING_length(si->enc_digest);
	const ASN1_STRING *ts;
	char oid[32];

	if ((ts = unsigned_seq(si, OID_SPC_RFC3161)) != NULL &&
	    x509_timestamp(t, ASN1_STRING_get0_data(ts),
	    (size_t)ASN1_STRING_length(ts), true, sv, svlen, certs, r))
		return true;
	if (OBJ_obj2txt(oid, sizeof(oid), OBJ_nid2obj(
	    NID_pkcs9_countersignature), 1) > 0 &&
	    (ts = unsigned_seq(si, oid)) != NULL &&
	    x509_timestamp(t, ASN1_STRING_get0_data(ts),
	    (size_t)ASN1_STRING_length(ts), false, sv, svlen, certs, r))
		return true;
	return false;
}

/*
 * The SpcIndirectDataContent: its DigestInfo against the image hash, and
 * the content octets (the SEQUENCE without its tag and length), which
 * are what the signer's messageDigest covers.
 */
static int
indirect_data(const ASN1_STRING *seq, const struct pe_image *pe,
    const struct sig_data *d, const unsigned char **content, long *clen,
    bool *match, struct sig_result *r)
{
	SPC_INDIRECT_DATA_CONTENT *idc = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	const ASN1_OCTET_STRING *want;
	const X509_ALGOR *alg;
	const unsigned char *q;
	const EVP_MD *evp;
	unsigned mdlen = 0;
	int tag, cls, ret, rc = -1;

	q = ASN1_STRING_get0_data(seq);
	idc = (SPC_INDIRECT_DATA_CONTENT *)ASN1_item_d2i(NULL, &q,
	    ASN1_STRING_length(seq),
	    ASN1_ITEM_rptr(SPC_INDIRECT_DATA_CONTENT));
	if (idc == NULL) {
		sig_fail(r, SIG_MALFORMED, "SpcIndirectDataContent does not "
		    "parse");
		goto out;
	}
	if (!oid_is(idc->data->type, OID_SPC_PE_IMAGE_DATA)) {
		sig_fail(r, SIG_UNSUPPORTED, "SpcIndirectDataContent is not "
		    "for a PE image");
		goto out;
	}
	X509_SIG_get0(idc->digest, &alg, &want);
	if ((evp = EVP_get_digestbyobj(alg->algorithm)) == NULL) {
		sig_fail(r, SIG_UNSUPPORTED, "image hash algorithm %s is not "
		    "supported", OBJ_nid2sn(OBJ_obj2nid(alg->algorithm)));
		goto out;
	}
	sig_describe_digest(r, EVP_MD_get_type(evp));
	if (pe_image_hash(pe, d, evp, md, &mdlen) == -1) {
		sig_fail(r, SIG_MALFORMED, "cannot read the PE file");
		goto out;
	}
	*match = (int)mdlen == ASN1_STRING_length(want) &&
	    memcmp(md, ASN1_STRING_get0_data(want), mdlen) == 0;
	q = ASN1_STRING_get0_data(seq);
	ret = ASN1_get_object(&q, clen, &tag, &cls, ASN1_STRING_length(seq));
	if ((ret & 0x80) || (ret & 1)) {
		sig_fail(r, SIG_MALFORMED, "SpcIndirectDataContent has a bad "
		    "length");
		goto out;
	}
	*content = q;
	rc = 0;
 out:
	ASN1_item_free((ASN1_VALUE *)idc,
	    ASN1_ITEM_rptr(SPC_INDIRECT_DATA_CONTENT));
	return rc;
}

/* The SignedData in der: digest, signature, timestamp, chain. */
static void
verify_signed_data(const struct sig_trust *t, const unsigned char *der,
    size_t derlen, const struct pe_image *pe, const struct sig_data *d,
    int64_t now, struct sig_result *r)
{
	STACK_OF(PKCS7_SIGNER_INFO) *sis;
	STACK_OF(X509) *signers = NULL;
	const unsigned char *q = der, *content = NULL;
	struct sig_data cd = { -1, 0, NULL };
	PKCS7_SIGNER_INFO *si;
	PKCS7 *p7 = NULL;
	struct cms_source in;
	const char *why;
	long clen = 0;
	bool match = false;
	int64_t at;
	X509 *leaf;

	memset(&in, 0, sizeof(in));
	if (derlen > LONG_MAX ||
	    (p7 = d2i_PKCS7(NULL, &q, (long)derlen)) == NULL ||
	    !PKCS7_type_is_signed(p7) || p7->d.sign == NULL ||
	    p7->d.sign->contents == NULL) {
		sig_fail(r, SIG_MALFORMED, "SignedData does not parse");
		goto out;
	}
	if (!oid_is(p7->d.sign->contents->type, OID_SPC_INDIRECT_DATA) ||
	    p7->d.sign->contents->d.other == NULL ||
	    p7->d.sign->contents->d.other->type != V_ASN1_SEQUENCE) {
		sig_fail(r, SIG_MALFORMED, "SignedData content is not "
		    "SpcIndirectDataContent");
		goto out;
	}
	if (indirect_data(p7->d.sign->contents->d.other->value.sequence, pe,
	    d, &content, &clen, &match, r) == -1)
		goto out;
	sis = PKCS7_get_signer_info(p7);
	if (sk_PKCS7_SIGNER_INFO_num(sis) != 1) {
		sig_fail(r, SIG_MALFORMED, "SignedData has %d signers, not one",
		    sk_PKCS7_SIGNER_INFO_num(sis));
		goto out;
	}
	si = sk_PKCS7_SIGNER_INFO_value(sis, 0);
	sig_describe_digest(r, OBJ_obj2nid(si->digest_alg->algorithm));
	x509_weak_sigalg(si->digest_enc_alg->algorithm, r);
	if ((signers = PKCS7_get0_signers(p7, t->certs, 0)) == NULL ||
	    sk_X509_num(signers) != 1) {
		sig_fail(r, SIG_UNTRUSTED, "signer's certificate is neither in "
		    "the signature nor among the trust files; signature not "
		    "checked");
		goto out;
	}
	leaf = sk_X509_value(signers, 0);
	/*
	 * Not a memory BIO: OpenSSL 3.0's PKCS7_verify() copies one and
	 * leaks the copy when the SignedData is broken.
	 */
	cd.mem = content;
	cd.size = (uint64_t)clen;
	if (cms_source_open(&in, &cd, 0, cd.size) == -1) {
		sig_fail(r, SIG_MALFORMED, "out of memory");
		goto out;
	}
	if (PKCS7_verify(p7, t->certs, NULL, in.bio, NULL,
	    PKCS7_NOVERIFY | PKCS7_BINARY) != 1) {
		why = ERR_reason_error_string(ERR_peek_error());
		x509_describe_signer(leaf, r);
		sig_fail(r, SIG_INVALID, "SignedData does not verify: %s",
		    why != NULL ? why : "unknown error");
		goto out;
	}
	at = timestamp(t, si, p7->d.sign->cert, r) ? r->signing_time : now;
	(void)x509_check_signer(t, leaf, p7->d.sign->cert, at, true, r);
	if (!match) {
		r->flags |= SIG_DIGEST_MISMATCH;
		sig_fail(r, SIG_INVALID, "the image hash differs from the "
		    "signed one: the file was changed after signing");
	}
 out:
	cms_source_close(&in);
	sk_X509_free(signers);
	PKCS7_free(p7);
	ERR_clear_error();
}

void
authenticode_verify(const struct sig_trust *t, const struct sig_data *d,
    int64_t now, struct sig_result *r)
{
	const unsigned char *der;
	unsigned char *tab = NULL;
	struct pe_image pe;
	char why[sizeof(r->reason)];
	size_t derlen;

	ERR_clear_error();
	if (pe_parse(d, &pe, why, sizeof(why)) == -1) {
		sig_fail(r, SIG_MALFORMED, "PE header: %s", why);
		goto out;
	}
	x509_detail_add(r, "%s", pe.magic == 0x20b ? "PE32+" : "PE32");
	if (pe.cert_size == 0) {
		sig_fail(r, SIG_MALFORMED, "no Authenticode signature: the "
		    "certificate table is empty");
		goto out;
	}
	if ((uint64_t)pe.cert_off + pe.cert_size < pe.size)
		x509_detail_add(r, "%llu bytes after the certificate table",
		    (unsigned long long)(pe.size - pe.cert_off - pe.cert_size));
	if (pe.cert_size > CERT_TABLE_MAX) {
		sig_fail(r, SIG_UNSUPPORTED, "certificate table of %u bytes "
		    "exceeds the %u this verifier reads", pe.cert_size,
		    CERT_TABLE_MAX);
		goto out;
	}
	if ((tab = malloc(pe.cert_size)) == NULL ||
	    sig_data_read(d, pe.cert_off, tab, pe.cert_size) == -1) {
		sig_fail(r, SIG_MALFORMED, "cannot read the certificate table");
		goto out;
	}
	if (find_signed_data(tab, pe.cert_size, &der, &derlen, r) == -1)
		goto out;
	verify_signed_data(t, der, derlen, &pe, d, now, r);
 out:
	free(tab);
	pe_release(&pe);
}
