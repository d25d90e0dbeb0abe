/*
 * Authenticode (probes/signing/authenticode.c, pe.c): the test writes a
 * small PE32+ (and a PE32) itself, signs it with osslsigncode (with and
 * without an RFC 3161 timestamp from osslsigncode's built-in TSA, or a
 * legacy counterSignature the test adds with OpenSSL), and
 * checks valid, a changed section byte, a changed signature, the wrong
 * anchor, an expired signer with and without a timestamp, a signer
 * without code-signing usage, an unsigned file and broken headers; each
 * verdict is cross-checked with `osslsigncode verify` at the same moment.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/pkcs7.h>

#include "x509fixture.h"

#define PE_SIZE		0x600

static EVP_PKEY *ca_key, *leaf_key, *old_key, *noeku_key, *other_key,
    *tsa_key;
static X509 *ca, *leaf, *old, *noeku, *other, *tsa;

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
section(unsigned char *s, const char *name, uint32_t va, uint32_t raw,
    uint32_t chars)
{
	memcpy(s, name, strlen(name));
	put32(s + 8, 0x100);		/* VirtualSize */
	put32(s + 12, va);
	put32(s + 16, 0x200);		/* SizeOfRawData */
	put32(s + 20, raw);		/* PointerToRawData */
	put32(s + 36, chars);
}

/*
 * A minimal PE image: DOS header, PE header, optional header (PE32+ or
 * PE32) with 16 data directories, two sections of 0x200 bytes.
 */
static void
make_pe(unsigned char *pe, bool plus)
{
	unsigned char *coff = pe + 0x40, *opt = coff + 24, *sec;
	unsigned optsz = plus ? 240 : 224;
	size_t i;

	memset(pe, 0, PE_SIZE);
	pe[0] = 'M';
	pe[1] = 'Z';
	put32(pe + 0x3c, 0x40);
	memcpy(coff, "PE\0\0", 4);
	put16(coff + 4, plus ? 0x8664 : 0x14c);
	put16(coff + 6, 2);
	put16(coff + 20, optsz);
	put16(coff + 22, plus ? 0x22 : 0x102);
	put16(opt, plus ? 0x20b : 0x10b);
	opt[2] = 14;
	put32(opt + 4, 0x200);		/* SizeOfCode */
	put32(opt + 8, 0x200);		/* SizeOfInitializedData */
	put32(opt + 16, 0x1000);	/* AddressOfEntryPoint */
	put32(opt + 20, 0x1000);	/* BaseOfCode */
	if (plus) {
		put32(opt + 28, 0x1);	/* ImageBase 0x140000000 */
		put32(opt + 24, 0x40000000);
	} else {
		put32(opt + 24, 0x2000);	/* BaseOfData */
		put32(opt + 28, 0x400000);	/* ImageBase */
	}
	put32(opt + 32, 0x1000);	/* SectionAlignment */
	put32(opt + 36, 0x200);		/* FileAlignment */
	put16(opt + 40, 6);
	put16(opt + 48, 6);
	put32(opt + 56, 0x3000);	/* SizeOfImage */
	put32(opt + 60, 0x200);		/* SizeOfHeaders */
	put16(opt + 68, 3);		/* console */
	put16(opt + 70, 0x8160);
	if (plus) {
		put32(opt + 72, 0x100000);
		put32(opt + 80, 0x1000);
		put32(opt + 88, 0x100000);
		put32(opt + 96, 0x1000);
		put32(opt + 108, 16);
	} else {
		put32(opt + 72, 0x100000);
		put32(opt + 76, 0x1000);
		put32(opt + 80, 0x100000);
		put32(opt + 84, 0x1000);
		put32(opt + 92, 16);
	}
	sec = opt + optsz;
	section(sec, ".text", 0x1000, 0x200, 0x60000020);
	section(sec + 40, ".data", 0x2000, 0x400, 0xc0000040);
	pe[0x200] = 0x31;		/* xor eax, eax; ret */
	pe[0x201] = 0xc0;
	pe[0x202] = 0xc3;
	for (i = 0x400; i < 0x500; i++)
		pe[i] = (unsigned char)(i * 7);
}

static int
make_cert(X509 **x, EVP_PKEY **k, const char *name, X509 *issuer,
    EVP_PKEY *issuer_key, int64_t from, int64_t to, bool isca,
    const char *eku)
{
	struct fx_cert_spec s = { name, NULL, issuer, issuer_key, from, to,
	    isca, eku, NULL };

	return fx_make_cert(x, k, &s, !isca, 2048);
}

/*
 * osslsigncode 2.6 and later carry a built-in TSA (-TSA-certs); Debian 12's
 * own 2.5 does not, and then the rows timestamped that way are skipped,
 * saying so.  The RFC 3161 code they reach is shared with CMS, where
 * test_x509cms checks it with tokens from openssl ts.
 */
static bool tsa_builtin;

static bool
has_builtin_tsa(void)
{
	static const char *const argv[] = { "sh", "-c",
	    "osslsigncode -h 2>&1 | grep -q -e -TSA-certs", NULL };

	return fx_run(argv) == 0;
}

/* Whether file can be used here; a notice when it cannot. */
static bool
available(const char *file)
{
	if (tsa_builtin || strcmp(file, "old-ts.exe") != 0)
		return true;
	printf("\n  notice: osslsigncode has no built-in TSA (2.6 or later "
	    "has); %s not made, its rows skipped\n", file);
	return false;
}

/* osslsigncode sign; a timestamp at ts when ts != 0. */
static int
sign(const char *in, const char *signer, const char *out, int64_t ts)
{
	char cert[64], key[64], when[32];
	const char *argv[24];
	int i = 0;

	snprintf(cert, sizeof(cert), "%s.pem", signer);
	snprintf(key, sizeof(key), "%s.key", signer);
	snprintf(when, sizeof(when), "%lld", (long long)ts);
	argv[i++] = "osslsigncode";
	argv[i++] = "sign";
	argv[i++] = "-certs";
	argv[i++] = fx_path(cert);
	argv[i++] = "-key";
	argv[i++] = fx_path(key);
	argv[i++] = "-h";
	argv[i++] = "sha256";
	if (ts != 0) {
		argv[i++] = "-TSA-certs";
		argv[i++] = fx_path("tsa.pem");
		argv[i++] = "-TSA-key";
		argv[i++] = fx_path("tsa.key");
		argv[i++] = "-TSA-time";
		argv[i++] = when;
	}
	argv[i++] = "-in";
	argv[i++] = fx_path(in);
	argv[i++] = "-out";
	argv[i++] = fx_path(out);
	argv[i] = NULL;
	return fx_run(argv);
}

static int
osslsigncode_verify(const char *file, const char *anchor, int64_t at)
{
	char when[32];
	const char *argv[16];
	int i = 0;

	snprintf(when, sizeof(when), "%lld", (long long)at);
	argv[i++] = "osslsigncode";
	argv[i++] = "verify";
	argv[i++] = "-CAfile";
	argv[i++] = fx_path(anchor);
	argv[i++] = "-TSA-CAfile";
	argv[i++] = fx_path(anchor);
	argv[i++] = "-time";
	argv[i++] = when;
	argv[i++] = "-in";
	argv[i++] = fx_path(file);
	argv[i] = NULL;
	return fx_run(argv);
}

/* A copy of in with byte off (from the end when negative) changed. */
static int
tamper(const char *in, const char *out, long off)
{
	unsigned char *p;
	size_t n;
	int rc;

	if ((p = fx_read(in, &n)) == NULL)
		return -1;
	if (off < 0)
		off += (long)n;
	p[off] ^= 0x20;
	rc = fx_write(out, p, n);
	free(p);
	return rc;
}

/*
 * Rewrites in's signature with a legacy PKCS #9 counterSignature by the
 * certificate by at when (osslsigncode's built-in TSA makes RFC 3161
 * ones only): the certificate table is rebuilt after the unsigned image.
 */
static int
add_countersignature(const char *in, const char *out, int64_t when, X509 *by,
    EVP_PKEY *bykey)
{
	unsigned char *p = NULL, *der = NULL, *cder = NULL, *pe = NULL, md[32];
	const unsigned char *q;
	PKCS7_SIGNER_INFO *si, *csi = NULL;
	ASN1_OCTET_STRING *digest = NULL;
	ASN1_STRING *seq = NULL;
	ASN1_UTCTIME *tm = NULL;
	PKCS7 *p7 = NULL;
	uint32_t off, len;
	size_t n, padded;
	int dlen, clen, rc = -1;
	unsigned mdlen;

	if ((p = fx_read(in, &n)) == NULL)
		goto out;
	off = get32(p + 0x40 + 24 + 112 + 4 * 8);
	len = get32(p + 0x40 + 24 + 112 + 4 * 8 + 4);
	q = p + off + 8;
	if ((p7 = d2i_PKCS7(NULL, &q, (long)len - 8)) == NULL)
		goto out;
	si = sk_PKCS7_SIGNER_INFO_value(PKCS7_get_signer_info(p7), 0);
	if (EVP_Digest(ASN1_STRING_get0_data(si->enc_digest),
	    (size_t)ASN1_STRING_length(si->enc_digest), md, &mdlen,
	    EVP_sha256(), NULL) != 1 ||
	    (csi = PKCS7_SIGNER_INFO_new()) == NULL ||
	    PKCS7_SIGNER_INFO_set(csi, by, bykey, EVP_sha256()) != 1 ||
	    PKCS7_add_signed_attribute(csi, NID_pkcs9_contentType,
	    V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data)) != 1 ||
	    (tm = ASN1_UTCTIME_set(NULL, (time_t)when)) == NULL ||
	    PKCS7_add_signed_attribute(csi, NID_pkcs9_signingTime,
	    V_ASN1_UTCTIME, tm) != 1)
		goto out;
	tm = NULL;
	if ((digest = ASN1_OCTET_STRING_new()) == NULL ||
	    ASN1_OCTET_STRING_set(digest, md, (int)mdlen) != 1 ||
	    PKCS7_add_signed_attribute(csi, NID_pkcs9_messageDigest,
	    V_ASN1_OCTET_STRING, digest) != 1)
		goto out;
	digest = NULL;
	if (PKCS7_SIGNER_INFO_sign(csi) != 1 ||
	    (clen = i2d_PKCS7_SIGNER_INFO(csi, &cder)) <= 0 ||
	    (seq = ASN1_STRING_new()) == NULL ||
	    ASN1_STRING_set(seq, cder, clen) != 1 ||
	    PKCS7_add_attribute(si, NID_pkcs9_countersignature,
	    V_ASN1_SEQUENCE, seq) != 1)
		goto out;
	seq = NULL;
	if (PKCS7_add_certificate(p7, by) != 1 ||
	    (dlen = i2d_PKCS7(p7, &der)) <= 0)
		goto out;
	padded = ((size_t)dlen + 8 + 7) & ~(size_t)7;
	if ((pe = calloc(1, off + padded)) == NULL)
		goto out;
	memcpy(pe, p, off);
	put32(pe + off, (uint32_t)dlen + 8);
	put16(pe + off + 4, 0x0200);
	put16(pe + off + 6, 2);
	memcpy(pe + off + 8, der, (size_t)dlen);
	put32(pe + 0x40 + 24 + 112 + 4 * 8 + 4, (uint32_t)padded);
	rc = fx_write(out, pe, off + padded);
 out:
	free(pe);
	OPENSSL_free(der);
	OPENSSL_free(cder);
	ASN1_STRING_free(seq);
	ASN1_OCTET_STRING_free(digest);
	ASN1_UTCTIME_free(tm);
	PKCS7_SIGNER_INFO_free(csi);
	PKCS7_free(p7);
	free(p);
	return rc;
}

static int
suite_init(void)
{
	unsigned char pe[PE_SIZE];
	unsigned char *p;
	size_t n;
	uint32_t certoff;

	if (fx_mkdir("authenticode") == -1 ||
	    make_cert(&ca, &ca_key, "ca", NULL, NULL, T2020, T2040, true,
	    NULL) == -1 ||
	    make_cert(&leaf, &leaf_key, "leaf", ca, ca_key, T2024, T2030,
	    false, "codeSigning") == -1 ||
	    make_cert(&old, &old_key, "old", ca, ca_key, T2020, T2021, false,
	    "codeSigning") == -1 ||
	    make_cert(&noeku, &noeku_key, "noeku", ca, ca_key, T2024, T2030,
	    false, "serverAuth") == -1 ||
	    make_cert(&other, &other_key, "other", NULL, NULL, T2020, T2040,
	    true, NULL) == -1 ||
	    make_cert(&tsa, &tsa_key, "tsa", ca, ca_key, T2019, T2040, false,
	    "critical,timeStamping") == -1)
		return -1;
	make_pe(pe, true);
	if (fx_write("app.exe", pe, sizeof(pe)) == -1)
		return -1;
	make_pe(pe, false);
	if (fx_write("app32.exe", pe, sizeof(pe)) == -1)
		return -1;
	tsa_builtin = has_builtin_tsa();
	if (sign("app.exe", "leaf", "signed.exe", 0) != 0 ||
	    sign("app32.exe", "leaf", "signed32.exe", 0) != 0 ||
	    sign("app.exe", "old", "old.exe", 0) != 0 ||
	    (tsa_builtin && sign("app.exe", "old", "old-ts.exe",
	    T2020_6) != 0) ||
	    sign("app.exe", "noeku", "noeku.exe", 0) != 0)
		return -1;
	if (add_countersignature("old.exe", "old-cs.exe", T2020_6, tsa,
	    tsa_key) == -1 ||
	    add_countersignature("old.exe", "old-late-cs.exe", T2022, tsa,
	    tsa_key) == -1 ||
	    add_countersignature("old.exe", "old-notsa-cs.exe", T2020_6, old,
	    old_key) == -1)
		return -1;
	/* A byte of .text; a byte near the end of the signature value. */
	if (tamper("signed.exe", "section.exe", 0x201) == -1 ||
	    tamper("signed.exe", "blob.exe", -20) == -1)
		return -1;
	/* The certificate table pointing past the end of the file. */
	if ((p = fx_read("signed.exe", &n)) == NULL)
		return -1;
	certoff = 0x40 + 24 + 112 + 4 * 8;
	put32(p + certoff + 4, get32(p + certoff + 4) + 8);
	if (fx_write("overlong.exe", p, n) == -1)
		return (free(p), -1);
	free(p);
	return 0;
}

static int
suite_cleanup(void)
{
	EVP_PKEY *keys[] = { ca_key, leaf_key, old_key, noeku_key, other_key,
	    tsa_key };
	X509 *certs[] = { ca, leaf, old, noeku, other, tsa };

	return fx_cleanup(keys, certs, FX_NROWS(keys));
}

static void
verify(const char *file, const char *anchor, int64_t now,
    struct sig_result *r)
{
	const char *names[] = { anchor, NULL };
	struct sig_data d = { -1, 0, NULL };
	struct sig_trust t;
	unsigned char *p;
	size_t n;

	sig_trust_init(&t);
	if (anchor != NULL)
		CU_ASSERT_FATAL(fx_trust(&t, names) == 0);
	p = fx_read(file, &n);
	CU_ASSERT_FATAL(p != NULL);
	d.mem = p;
	d.size = n;
	sig_result_init(r, "authenticode");
	authenticode_verify(&t, &d, now, r);
	free(p);
	sig_trust_release(&t);
}

static void
test_rows(void)
{
	static const struct {
		const char *what, *file, *anchor;
		int64_t now;
		enum sig_status want;
		unsigned flags, noflags;
		int xcheck;	/* osslsigncode: 1 accepts, 0 refuses, -1 n/a */
	} rows[] = {
		{ "valid PE32+", "signed.exe", "ca.pem", T2026_6, SIG_VALID, 0,
		    SIG_DIGEST_MISMATCH | SIG_WEAK_DIGEST, 1 },
		{ "valid PE32", "signed32.exe", "ca.pem", T2026_6, SIG_VALID,
		    0, 0, 1 },
		{ "section byte changed", "section.exe", "ca.pem", T2026_6,
		    SIG_INVALID, SIG_DIGEST_MISMATCH, 0, 0 },
		{ "signature changed", "blob.exe", "ca.pem", T2026_6,
		    SIG_INVALID, 0, SIG_DIGEST_MISMATCH, 0 },
		{ "wrong anchor", "signed.exe", "other.pem", T2026_6,
		    SIG_UNTRUSTED, 0, 0, 0 },
		{ "no anchor", "signed.exe", NULL, T2026_6, SIG_UNTRUSTED, 0,
		    0, -1 },
		{ "expired signer", "old.exe", "ca.pem", T2026_6,
		    SIG_UNTRUSTED, SIG_CERT_EXPIRED, SIG_TIMESTAMPED, 0 },
		{ "expired signer, timestamped", "old-ts.exe", "ca.pem",
		    T2026_6, SIG_VALID, SIG_TIMESTAMPED, SIG_CERT_EXPIRED, 1 },
		{ "expired signer, countersigned", "old-cs.exe", "ca.pem",
		    T2026_6, SIG_VALID, SIG_TIMESTAMPED, SIG_CERT_EXPIRED, 1 },
		{ "countersigned after expiry", "old-late-cs.exe", "ca.pem",
		    T2026_6, SIG_UNTRUSTED, SIG_TIMESTAMPED | SIG_CERT_EXPIRED,
		    0, 0 },
		{ "countersigned without timeStamping usage",
		    "old-notsa-cs.exe", "ca.pem", T2026_6, SIG_UNTRUSTED,
		    SIG_CERT_EXPIRED, SIG_TIMESTAMPED, -1 },
		{ "timestamp not trusted", "old-ts.exe", "other.pem", T2026_6,
		    SIG_UNTRUSTED, 0, SIG_TIMESTAMPED, 0 },
		{ "no code-signing usage", "noeku.exe", "ca.pem", T2026_6,
		    SIG_UNTRUSTED, SIG_NO_CODESIGN_USAGE, 0, -1 },
		{ "unsigned", "app.exe", "ca.pem", T2026_6, SIG_MALFORMED, 0,
		    0, 0 },
		{ "certificate table past the end", "overlong.exe", "ca.pem",
		    T2026_6, SIG_MALFORMED, 0, 0, 0 },
	};
	struct sig_result r;
	size_t i;
	int x;

	for (i = 0; i < FX_NROWS(rows); i++) {
		if (!available(rows[i].file))
			continue;
		verify(rows[i].file, rows[i].anchor, rows[i].now, &r);
		fx_check_verdict(rows[i].what, &r, rows[i].want,
		    rows[i].flags, rows[i].noflags);
		if (rows[i].xcheck < 0)
			continue;
		/* Before 2.6, osslsigncode judges a chain at the present
		 * time whatever the countersignature says. */
		if (!tsa_builtin && (rows[i].flags & SIG_TIMESTAMPED) != 0) {
			printf("\n  notice: %s: not cross-checked, osslsigncode "
			    "is older than 2.6\n", rows[i].what);
			continue;
		}
		x = osslsigncode_verify(rows[i].file, rows[i].anchor,
		    rows[i].now);
		ASSAY_CHECKF((x == 0) == (rows[i].xcheck == 1),
		    "%s: osslsigncode verify exit %d", rows[i].what, x);
		ASSAY_CHECKF((x == 0) == (r.status == SIG_VALID),
		    "%s: assay %d disagrees with osslsigncode %d",
		    rows[i].what, r.status, x);
	}
}

static void
test_facts(void)
{
	struct sig_result r;
	char fpr[65];

	verify("signed.exe", "ca.pem", T2026_6, &r);
	fx_cert_fpr(leaf, fpr);
	CU_ASSERT(r.status == SIG_VALID);
	ASSAY_CHECKF(strcmp(r.key_fpr, fpr) == 0, "%s", r.key_fpr);
	ASSAY_CHECKF(strcmp(r.signer, "CN=leaf,O=assay tests") == 0, "%s",
	    r.signer);
	CU_ASSERT(strcmp(r.digest_alg, "sha256") == 0);
	CU_ASSERT(strstr(r.detail, "PE32+") != NULL);

	if (available("old-ts.exe")) {
		verify("old-ts.exe", "ca.pem", T2026_6, &r);
		CU_ASSERT(r.signing_time == T2020_6);
		ASSAY_CHECKF(strcmp(r.timestamp_authority,
		    "CN=tsa,O=assay tests") == 0, "%s", r.timestamp_authority);
	}

	verify("old-cs.exe", "ca.pem", T2026_6, &r);
	CU_ASSERT(r.signing_time == T2020_6);
	ASSAY_CHECKF(strcmp(r.timestamp_authority, "CN=tsa,O=assay tests") ==
	    0, "%s", r.timestamp_authority);

	/* Valid then, but not a timestamping certificate: ignored. */
	verify("old-notsa-cs.exe", "ca.pem", T2026_6, &r);
	CU_ASSERT(r.signing_time == 0 && r.timestamp_authority[0] == '\0');
	ASSAY_CHECKF(strstr(r.detail, "lacks timeStamping") != NULL, "%s",
	    r.detail);
}

static void
test_present_and_sniff(void)
{
	static const char *const signed_files[] = { "signed.exe",
	    "signed32.exe", "old-ts.exe" };
	struct sig_data d = { -1, 0, NULL };
	unsigned char *p;
	size_t n, i;

	for (i = 0; i < FX_NROWS(signed_files); i++) {
		if (!available(signed_files[i]))
			continue;
		p = fx_read(signed_files[i], &n);
		CU_ASSERT_FATAL(p != NULL);
		d.mem = p;
		d.size = n;
		ASSAY_CHECKF(pe_sniff(p, n), "%s", signed_files[i]);
		ASSAY_CHECKF(authenticode_present(&d), "%s", signed_files[i]);
		free(p);
	}
	p = fx_read("app.exe", &n);
	CU_ASSERT_FATAL(p != NULL);
	d.mem = p;
	d.size = n;
	CU_ASSERT(pe_sniff(p, n));
	CU_ASSERT(!authenticode_present(&d));
	/* Only the DOS header: not a PE. */
	CU_ASSERT(!pe_sniff(p, 0x40));
	free(p);
	CU_ASSERT(!pe_sniff((const unsigned char *)"MZ", 2));
}

/* Broken headers each name the field at fault. */
static void
test_broken_headers(void)
{
	static const struct {
		unsigned off;
		uint32_t value;
		int width;
		const char *field;
	} rows[] = {
		{ 0x3c, 0xfffffff0u, 4, "e_lfanew" },
		{ 0x3c, 0x41, 4, "PE signature" },
		{ 0x40 + 6, 0xffff, 2, "NumberOfSections" },
		{ 0x40 + 20, 0xfff0, 2, "SizeOfOptionalHeader" },
		{ 0x40 + 24, 0x10c, 2, "Magic" },
		{ 0x40 + 24 + 60, 0x10, 4, "SizeOfHeaders" },
		{ 0x40 + 24 + 108, 1000, 4, "NumberOfRvaAndSizes" },
		{ 0x40 + 24 + 240 + 20, 0x5ff, 4, "section 1" },
		{ 0x40 + 24 + 240 + 40 + 16, 0x7fffffff, 4, "section 2" },
	};
	unsigned char pe[PE_SIZE];
	struct sig_data d = { -1, PE_SIZE, NULL };
	struct sig_trust t;
	struct sig_result r;
	size_t i;

	sig_trust_init(&t);
	for (i = 0; i < FX_NROWS(rows); i++) {
		make_pe(pe, true);
		if (rows[i].width == 2)
			put16(pe + rows[i].off, rows[i].value);
		else
			put32(pe + rows[i].off, rows[i].value);
		d.mem = pe;
		sig_result_init(&r, "authenticode");
		authenticode_verify(&t, &d, T2026_6, &r);
		ASSAY_CHECKF(r.status == SIG_MALFORMED, "%s: status %d",
		    rows[i].field, r.status);
		ASSAY_CHECKF(strstr(r.reason, rows[i].field) != NULL,
		    "%s: reason %s", rows[i].field, r.reason);
		CU_ASSERT(!authenticode_present(&d));
	}
	/* Truncated anywhere in the headers. */
	make_pe(pe, true);
	for (i = 0; i < 0x200; i += 7) {
		d.mem = pe;
		d.size = i;
		sig_result_init(&r, "authenticode");
		authenticode_verify(&t, &d, T2026_6, &r);
		ASSAY_CHECKF(r.status == SIG_MALFORMED, "truncated at %zu", i);
	}
	sig_trust_release(&t);
}

static CU_TestInfo tests[] = {
	{ "verdicts agree with osslsigncode verify", test_rows },
	{ "signer and timestamp facts", test_facts },
	{ "presence and sniffing", test_present_and_sniff },
	{ "broken headers name the field", test_broken_headers },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "authenticode", suite_init, suite_cleanup, assay_test_setup,
	    assay_test_teardown, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return assay_test_run(suites);
}
