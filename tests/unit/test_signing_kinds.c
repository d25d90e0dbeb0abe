/*
 * The signing probe's own verifiers: minisign and signify (keys and
 * signatures made by the real tools, verdicts checked against minisign -V
 * and signify -V on the same files), bare signatures (keys and signatures
 * made with OpenSSL, verdicts checked against openssl dgst/pkeyutl), and
 * checksum manifests (parsed from what sha256sum, sha512sum --tag, b2sum
 * and md5sum print).
 */
#include <sys/types.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "signing/sigverify.h"
#include "testutil.h"
#include "trustfiles.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned char *
slurp(const char *name, size_t *lenp)
{
	return (unsigned char *)assay_test_read_file(assay_test_path(name),
	    lenp);
}

static void
put(const char *name, const void *p, size_t n)
{
	ASSAY_CHECKF(assay_test_write_file(assay_test_path(name), p, n) == 0,
	    "wrote %s", name);
}

/* Copies src to dst with the byte at off (from the end when < 0) changed. */
static void
tamper(const char *src, const char *dst, long off)
{
	unsigned char *p;
	size_t n = 0, at;

	if ((p = slurp(src, &n)) == NULL || n == 0) {
		ASSAY_CHECKF(0, "read %s", src);
		free(p);
		return;
	}
	at = off >= 0 ? (size_t)off : n - (size_t)(-off);
	/* Keep base64 text base64: swap between two letters. */
	p[at] = p[at] == 'A' ? 'B' : 'A';
	put(dst, p, n);
	free(p);
}

/* A file's bytes as struct sig_data, streamed from a descriptor. */
static bool
open_data(const char *name, struct sig_data *d)
{
	off_t end;

	memset(d, 0, sizeof(*d));
	if ((d->fd = open(assay_test_path(name), O_RDONLY)) == -1 ||
	    (end = lseek(d->fd, 0, SEEK_END)) == -1) {
		ASSAY_CHECKF(0, "open %s", name);
		return false;
	}
	d->size = (uint64_t)end;
	return true;
}

/* Some bytes larger than sigdata's read chunk, so streaming is tested. */
static void
make_data(const char *name, size_t n)
{
	unsigned char *p = malloc(n);
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + i / 251);
	put(name, p, n);
	free(p);
}

/* ---- minisign ------------------------------------------------------------ */

struct mini_row {
	const char *what;
	const char *data;
	const char *sig;
	const char *key;
	enum sig_status want;
};

static void
check_minisign_rows(const struct mini_row *rows, size_t n, bool signify)
{
	struct sig_trust t;
	struct sig_result r;
	struct sig_data d;
	unsigned char *sig;
	size_t i, siglen;
	int rc;

	for (i = 0; i < n; i++) {
		const char *keys[] = { rows[i].key, NULL };

		trust_files(&t, keys);
		if ((sig = slurp(rows[i].sig, &siglen)) == NULL ||
		    !open_data(rows[i].data, &d)) {
			free(sig);
			sig_trust_release(&t);
			continue;
		}
		sig_result_init(&r, signify ? "signify" : "minisign");
		ASSAY_CHECKF(signify ? signify_sniff(sig, siglen) :
		    minisign_sniff(sig, siglen) || rows[i].want ==
		    SIG_MALFORMED, "%s: sniffed", rows[i].what);
		if (signify)
			signify_verify(&t, &d, sig, siglen, &r);
		else
			minisign_verify(&t, &d, sig, siglen, &r);
		close(d.fd);
		ASSAY_CHECKF(r.status == rows[i].want, "%s: status %d, want "
		    "%d (%s)", rows[i].what, r.status, rows[i].want, r.reason);
		/* The independent verifier agrees on valid or not. */
		if (signify) {
			const char *argv[] = { "signify-openbsd", "-V", "-q",
			    "-p", rows[i].key, "-m", rows[i].data, "-x",
			    rows[i].sig, NULL };
			rc = assay_test_tool(argv, NULL);
		} else {
			const char *argv[] = { "minisign", "-V", "-q", "-p",
			    rows[i].key, "-m", rows[i].data, "-x",
			    rows[i].sig, NULL };
			rc = assay_test_tool(argv, NULL);
		}
		ASSAY_CHECKF((rc == 0) == (r.status == SIG_VALID),
		    "%s: tool says %d, assay %d", rows[i].what, rc, r.status);
		free(sig);
		sig_trust_release(&t);
	}
}

static bool
minisign_keys(void)
{
	const char *g1[] = { "minisign", "-G", "-W", "-p", "k1.pub", "-s",
	    "k1.key", NULL };
	const char *g2[] = { "minisign", "-G", "-W", "-p", "k2.pub", "-s",
	    "k2.key", NULL };

	if (assay_test_tool(g1, NULL) != 0 || assay_test_tool(g2, NULL) != 0) {
		ASSAY_CHECKF(0, "minisign -G failed");
		return false;
	}
	return true;
}

static void
test_minisign(void)
{
	const char *sign[] = { "minisign", "-S", "-W", "-s", "k1.key", "-m",
	    "data.bin", "-t", "timestamp:1700000000\tfile:data.bin", NULL };
	const char *legacy[] = { "minisign", "-S", "-l", "-W", "-s", "k1.key",
	    "-m", "data.bin", "-x", "legacy.minisig", NULL };
	static const struct mini_row rows[] = {
		{ "prehashed", "data.bin", "data.bin.minisig", "k1.pub",
		    SIG_VALID },
		{ "legacy", "data.bin", "legacy.minisig", "k1.pub",
		    SIG_VALID },
		{ "tampered content", "bad.bin", "data.bin.minisig",
		    "k1.pub", SIG_INVALID },
		{ "tampered content, legacy", "bad.bin", "legacy.minisig",
		    "k1.pub", SIG_INVALID },
		{ "tampered signature", "data.bin", "badsig.minisig",
		    "k1.pub", SIG_INVALID },
		{ "tampered trusted comment", "data.bin", "badtc.minisig",
		    "k1.pub", SIG_INVALID },
		{ "tampered global signature", "data.bin", "badgl.minisig",
		    "k1.pub", SIG_INVALID },
		{ "wrong key", "data.bin", "data.bin.minisig", "k2.pub",
		    SIG_UNTRUSTED },
	};
	struct sig_trust t;
	struct sig_result r;
	struct sig_data d;
	unsigned char *sig, *p;
	size_t siglen, n;
	char *nl, *pub;
	const char *id;
	const char *keys[] = { "k1.pub", NULL };

	make_data("data.bin", 700000);
	tamper("data.bin", "bad.bin", 12345);
	if (!minisign_keys() || assay_test_tool(sign, NULL) != 0 ||
	    assay_test_tool(legacy, NULL) != 0) {
		ASSAY_CHECKF(0, "minisign -S failed");
		return;
	}
	/* Line 2 holds alg, key id, signature: change the signature. */
	tamper("data.bin.minisig", "badsig.minisig",
	    (long)strlen("untrusted comment: signature from minisign secret "
	    "key\n") + 40);
	if ((p = slurp("data.bin.minisig", &n)) == NULL)
		return;
	/* The trusted comment: one digit of the timestamp. */
	if ((nl = strstr((char *)p, "timestamp:1700")) != NULL) {
		nl[10] = '2';
		put("badtc.minisig", p, n);
		nl[10] = '1';
	}
	put("badgl.minisig", p, n);
	free(p);
	tamper("badgl.minisig", "badgl.minisig", -5);
	check_minisign_rows(rows, NELEM(rows), false);

	/* What a valid signature tells. */
	trust_files(&t, keys);
	if ((sig = slurp("data.bin.minisig", &siglen)) != NULL &&
	    open_data("data.bin", &d)) {
		sig_result_init(&r, "minisign");
		minisign_verify(&t, &d, sig, siglen, &r);
		close(d.fd);
		CU_ASSERT_EQUAL(r.status, SIG_VALID);
		CU_ASSERT_EQUAL(r.signing_time, 1700000000);
		CU_ASSERT_STRING_EQUAL(r.digest_alg, "blake2b512");
		CU_ASSERT_STRING_EQUAL(r.key_alg, "ed25519");
		CU_ASSERT_STRING_EQUAL(r.detail,
		    "timestamp:1700000000 file:data.bin");
		/*
		 * The key id minisign prints in the public key's comment;
		 * minisign 0.11 drops leading zeros that 0.12 and assay keep.
		 */
		pub = (char *)slurp("k1.pub", &n);
		id = r.key_id;
		while (id[0] == '0' && id[1] != '\0')
			id++;
		ASSAY_CHECKF(pub != NULL && strlen(r.key_id) == 16 &&
		    strstr(pub, id) != NULL, "key id %s", r.key_id);
		free(pub);
	}
	free(sig);
	sig_trust_release(&t);
}

static void
test_signify(void)
{
	const char *g1[] = { "signify-openbsd", "-G", "-n", "-p", "s1.pub",
	    "-s", "s1.sec", NULL };
	const char *g2[] = { "signify-openbsd", "-G", "-n", "-p", "s2.pub",
	    "-s", "s2.sec", NULL };
	const char *sign[] = { "signify-openbsd", "-S", "-s", "s1.sec", "-m",
	    "data.bin", "-x", "data.bin.sig", NULL };
	static const struct mini_row rows[] = {
		{ "valid", "data.bin", "data.bin.sig", "s1.pub", SIG_VALID },
		{ "tampered content", "bad.bin", "data.bin.sig", "s1.pub",
		    SIG_INVALID },
		{ "tampered signature", "data.bin", "badsig.sig", "s1.pub",
		    SIG_INVALID },
		{ "wrong key", "data.bin", "data.bin.sig", "s2.pub",
		    SIG_UNTRUSTED },
	};
	const char *mkeys[] = { "k1.pub", NULL };
	struct sig_trust t;
	struct sig_result r;
	struct sig_data d;
	unsigned char *sig;
	size_t siglen;
	const char *msign[] = { "minisign", "-S", "-l", "-W", "-s", "k1.key",
	    "-m", "data.bin", "-x", "m.minisig", NULL };

	make_data("data.bin", 300000);
	tamper("data.bin", "bad.bin", 7);
	if (assay_test_tool(g1, NULL) != 0 || assay_test_tool(g2, NULL) != 0 ||
	    assay_test_tool(sign, NULL) != 0) {
		ASSAY_CHECKF(0, "signify-openbsd failed");
		return;
	}
	tamper("data.bin.sig", "badsig.sig", -10);
	check_minisign_rows(rows, NELEM(rows), true);

	/* A minisign key verifies signify's form of a legacy signature. */
	if (!minisign_keys() || assay_test_tool(msign, NULL) != 0)
		return;
	trust_files(&t, mkeys);
	if ((sig = slurp("m.minisig", &siglen)) != NULL &&
	    open_data("data.bin", &d)) {
		sig_result_init(&r, "minisign");
		minisign_verify(&t, &d, sig, siglen, &r);
		close(d.fd);
		CU_ASSERT_EQUAL(r.status, SIG_VALID);
		CU_ASSERT_STRING_EQUAL(r.digest_alg, "pure");
	}
	free(sig);
	sig_trust_release(&t);
}

/* signify -C: a checksum list with its signature embedded (-e). */
static void
test_signify_checksum_list(void)
{
	const char *g[] = { "signify-openbsd", "-G", "-n", "-p", "s.pub",
	    "-s", "s.sec", NULL };
	const char *sum[] = { "sh", "-c", "sha256sum --tag a.bin b.bin > "
	    "SHA256", NULL };
	const char *sign[] = { "signify-openbsd", "-S", "-e", "-s", "s.sec",
	    "-m", "SHA256", "-x", "SHA256.sig", NULL };
	const char *check[] = { "signify-openbsd", "-C", "-q", "-p", "s.pub",
	    "-x", "SHA256.sig", NULL };
	const char *keys[] = { "s.pub", NULL };
	struct sig_trust t;
	struct sig_result r;
	struct sig_data d;
	struct sum_list l;
	unsigned char *p, dg[EVP_MAX_MD_SIZE];
	unsigned dlen;
	size_t n, off, i;
	bool all_match = true;
	int rc;

	put("a.bin", "alpha\n", 6);
	put("b.bin", "bravo\n", 6);
	if (assay_test_tool(g, NULL) != 0 || assay_test_tool(sum, NULL) != 0 ||
	    assay_test_tool(sign, NULL) != 0) {
		ASSAY_CHECKF(0, "making SHA256.sig failed");
		return;
	}
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			put("b.bin", "BRAVO\n", 6);
		rc = assay_test_tool(check, NULL);
		trust_files(&t, keys);
		if ((p = slurp("SHA256.sig", &n)) == NULL)
			return;
		off = signify_embedded_offset(p, n);
		CU_ASSERT(off > 0 && off < n);
		memset(&d, 0, sizeof(d));
		d.fd = -1;
		d.mem = p + off;
		d.size = n - off;
		sig_result_init(&r, "signify");
		signify_verify(&t, &d, p, off, &r);
		CU_ASSERT_EQUAL(r.status, SIG_VALID);
		CU_ASSERT_EQUAL(sum_parse("SHA256", p + off, n - off, &l), 0);
		CU_ASSERT_EQUAL(l.n, 2);
		all_match = true;
		for (i = 0; i < l.n; i++) {
			unsigned char *f = slurp(l.v[i].name, &n);

			CU_ASSERT_EQUAL(l.v[i].alg, SUM_SHA256);
			if (f == NULL || EVP_Digest(f, n, dg, &dlen,
			    EVP_sha256(), NULL) != 1 ||
			    memcmp(dg, l.v[i].digest, 32) != 0)
				all_match = false;
			free(f);
		}
		/* signify -C and assay agree: all match, or one differs. */
		ASSAY_CHECKF((rc == 0) == all_match, "round %d: signify -C %d",
		    round, rc);
		ASSAY_CHECKF(all_match == (round == 0), "round %d", round);
		sum_list_release(&l);
		free(p);
		sig_trust_release(&t);
	}
}

static void
test_mini_trust(void)
{
	static const struct {
		const char *what;
		const char *text;
		enum sig_trust_add want;
	} rows[] = {
		{ "bare key line", "RWS8Qbbh3EngcLnncfg6Y9GCCEmywid2f6xRfvm4Df"
		    "AxMXgFhtY1GZ3n\n", SIG_TRUST_ADDED },
		{ "commented key", "untrusted comment: minisign public key "
		    "70E049DCE1B641BC\nRWS8Qbbh3EngcLnncfg6Y9GCCEmywid2f6xRfvm"
		    "4DfAxMXgFhtY1GZ3n\n", SIG_TRUST_ADDED },
		{ "secret key", "untrusted comment: signify secret key\nRWRCSw"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", SIG_TRUST_BAD },
		{ "comment only", "untrusted comment: nothing\n",
		    SIG_TRUST_BAD },
		{ "bad base64", "untrusted comment: x\nRWS8Qbbh3Eng!!!\n",
		    SIG_TRUST_BAD },
		{ "PEM", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n"
		    "-----END PUBLIC KEY-----\n", SIG_TRUST_NOT_MINE },
		{ "text", "hello world\n", SIG_TRUST_NOT_MINE },
		{ "empty", "", SIG_TRUST_NOT_MINE },
	};
	struct sig_trust t;
	char why[256];
	size_t i;
	enum sig_trust_add got;

	for (i = 0; i < NELEM(rows); i++) {
		sig_trust_init(&t);
		got = mini_trust_add(&t, "k.pub",
		    (const unsigned char *)rows[i].text, strlen(rows[i].text),
		    why, sizeof(why));
		ASSAY_CHECKF(got == rows[i].want, "%s: %d (%s)", rows[i].what,
		    got, why);
		sig_trust_release(&t);
	}
}

/* ---- raw signatures ------------------------------------------------------ */

struct raw_key {
	const char *name;
	EVP_PKEY *key;
};

static EVP_PKEY *
public_only(EVP_PKEY *k)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	EVP_PKEY *pub = NULL;
	int n;

	if ((n = i2d_PUBKEY(k, &der)) > 0) {
		p = der;
		pub = d2i_PUBKEY(NULL, &p, n);
	}
	OPENSSL_free(der);
	return pub;
}

/* What x509_trust_add does at run time: a bare public key joins t->raw. */
static void
add_raw(struct sig_trust *t, EVP_PKEY *k, const char *name)
{
	unsigned char *der = NULL, dg[32];
	struct sig_rawkey *nv;
	int n = i2d_PUBKEY(k, &der), i;

	nv = realloc(t->raw, (t->nraw + 1) * sizeof(*nv));
	if (n <= 0 || nv == NULL) {
		OPENSSL_free(der);
		CU_FAIL("add_raw");
		return;
	}
	t->raw = nv;
	memset(&nv[t->nraw], 0, sizeof(*nv));
	nv[t->nraw].key = public_only(k);
	snprintf(nv[t->nraw].name, sizeof(nv[t->nraw].name), "%s", name);
	EVP_Digest(der, (size_t)n, dg, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(nv[t->nraw].fpr + 2 * i, 3, "%02x", dg[i]);
	t->nraw++;
	OPENSSL_free(der);
}

static unsigned char *
sign_with(EVP_PKEY *k, const char *md, int pad, const unsigned char *msg,
    size_t n, size_t *siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *sig = NULL;

	*siglen = 0;
	if (ctx == NULL || EVP_DigestSignInit_ex(ctx, &pctx, md, NULL, NULL,
	    k, NULL) != 1)
		goto out;
	if (pad != 0 && EVP_PKEY_CTX_set_rsa_padding(pctx, pad) != 1)
		goto out;
	if (EVP_DigestSign(ctx, NULL, siglen, msg, n) != 1 ||
	    (sig = malloc(*siglen)) == NULL ||
	    EVP_DigestSign(ctx, sig, siglen, msg, n) != 1) {
		free(sig);
		sig = NULL;
	}
 out:
	EVP_MD_CTX_free(ctx);
	return sig;
}

static void
write_pub_pem(EVP_PKEY *k, const char *name)
{
	FILE *f = fopen(assay_test_path(name), "w");

	if (f == NULL || PEM_write_PUBKEY(f, k) != 1)
		CU_FAIL("write public key");
	if (f != NULL)
		fclose(f);
}

/* openssl's own verdict on sig over data.bin with pub.pem. */
static int
openssl_verify(const char *md, int pad)
{
	const char *ed[] = { "openssl", "pkeyutl", "-verify", "-pubin",
	    "-inkey", "pub.pem", "-rawin", "-in", "data.bin", "-sigfile",
	    "sig.bin", NULL };
	const char *pss[] = { "openssl", "dgst", md, "-verify", "pub.pem",
	    "-sigopt", "rsa_padding_mode:pss", "-sigopt",
	    "rsa_pss_saltlen:auto", "-signature", "sig.bin", "data.bin", NULL };
	const char *plain[] = { "openssl", "dgst", md, "-verify", "pub.pem",
	    "-signature", "sig.bin", "data.bin", NULL };

	if (md == NULL)
		return assay_test_tool(ed, NULL);
	return assay_test_tool(pad == RSA_PKCS1_PSS_PADDING ? pss : plain, NULL);
}

static void
test_raw(void)
{
	static const struct {
		const char *what;
		int key;		/* index in keys[] */
		const char *md;		/* NULL: Ed25519 */
		const char *ossl_md;
		int pad;
		const char *want_digest;
		unsigned want_flags;
	} rows[] = {
		{ "rsa pkcs1 sha256", 0, "SHA256", "-sha256",
		    RSA_PKCS1_PADDING, "sha256", 0 },
		{ "rsa pss sha384", 0, "SHA384", "-sha384",
		    RSA_PKCS1_PSS_PADDING, "sha384", 0 },
		{ "rsa pss sha512", 0, "SHA512", "-sha512",
		    RSA_PKCS1_PSS_PADDING, "sha512", 0 },
		{ "rsa pkcs1 sha1", 0, "SHA1", "-sha1", RSA_PKCS1_PADDING,
		    "sha1", SIG_WEAK_DIGEST },
		{ "rsa-1024 pkcs1 sha256", 1, "SHA256", "-sha256",
		    RSA_PKCS1_PADDING, "sha256", SIG_WEAK_KEY },
		{ "ecdsa p256 sha256", 2, "SHA256", "-sha256", 0, "sha256",
		    0 },
		{ "ecdsa p384 sha384", 3, "SHA384", "-sha384", 0, "sha384",
		    0 },
		{ "ed25519", 4, NULL, NULL, 0, "pure", 0 },
	};
	struct raw_key keys[] = {
		{ "rsa.pem", NULL }, { "rsa1024.pem", NULL },
		{ "p256.pem", NULL }, { "p384.pem", NULL },
		{ "ed.pem", NULL },
	};
	struct sig_trust all, other, none;
	struct sig_result r;
	struct sig_data d;
	unsigned char *sig, *msg;
	size_t i, siglen, msglen, k;

	keys[0].key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	keys[1].key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	keys[2].key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	keys[3].key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	keys[4].key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	make_data("data.bin", 600000);
	msg = slurp("data.bin", &msglen);
	sig_trust_init(&all);
	sig_trust_init(&none);
	for (k = 0; k < NELEM(keys); k++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(keys[k].key);
		add_raw(&all, keys[k].key, keys[k].name);
	}
	for (i = 0; i < NELEM(rows); i++) {
		EVP_PKEY *key = keys[rows[i].key].key;

		sig = sign_with(key, rows[i].md, rows[i].pad, msg, msglen,
		    &siglen);
		ASSAY_CHECKF(sig != NULL, "%s: signed", rows[i].what);
		if (sig == NULL)
			continue;
		put("sig.bin", sig, siglen);
		write_pub_pem(key, "pub.pem");

		/* Every key given: the right one is found. */
		if (open_data("data.bin", &d)) {
			sig_result_init(&r, "raw");
			raw_verify(&all, &d, sig, siglen, &r);
			close(d.fd);
			ASSAY_CHECKF(r.status == SIG_VALID, "%s: %d (%s)",
			    rows[i].what, r.status, r.reason);
			ASSAY_CHECKF(strcmp(r.digest_alg,
			    rows[i].want_digest) == 0, "%s: digest %s",
			    rows[i].what, r.digest_alg);
			ASSAY_CHECKF(r.flags == rows[i].want_flags,
			    "%s: flags %#x", rows[i].what, r.flags);
			ASSAY_CHECKF(strcmp(r.key_fpr,
			    all.raw[rows[i].key].fpr) == 0, "%s: key",
			    rows[i].what);
			ASSAY_CHECKF(openssl_verify(rows[i].ossl_md,
			    rows[i].pad) == 0, "%s: openssl agrees",
			    rows[i].what);
		}
		/* Every key but the signer's: it does not verify. */
		sig_trust_init(&other);
		for (k = 0; k < NELEM(keys); k++)
			if (k != (size_t)rows[i].key)
				add_raw(&other, keys[k].key, keys[k].name);
		if (open_data("data.bin", &d)) {
			sig_result_init(&r, "raw");
			raw_verify(&other, &d, sig, siglen, &r);
			close(d.fd);
			ASSAY_CHECKF(r.status == SIG_INVALID ||
			    r.status == SIG_UNSUPPORTED, "%s, wrong key: %d",
			    rows[i].what, r.status);
		}
		sig_trust_release(&other);
		/* No key at all: nothing to verify with. */
		memset(&d, 0, sizeof(d));
		d.fd = -1;
		d.mem = msg;
		d.size = msglen;
		sig_result_init(&r, "raw");
		raw_verify(&none, &d, sig, siglen, &r);
		CU_ASSERT_EQUAL(r.status, SIG_UNSUPPORTED);

		/* Tampered content, from memory: invalid, as openssl says. */
		msg[4242] ^= 1;
		put("data.bin", msg, msglen);
		sig_result_init(&r, "raw");
		raw_verify(&all, &d, sig, siglen, &r);
		ASSAY_CHECKF(r.status == SIG_INVALID, "%s, tampered: %d",
		    rows[i].what, r.status);
		ASSAY_CHECKF(openssl_verify(rows[i].ossl_md, rows[i].pad) !=
		    0, "%s, tampered: openssl agrees", rows[i].what);
		msg[4242] ^= 1;
		put("data.bin", msg, msglen);

		/* Tampered signature. */
		sig[siglen / 2] ^= 0x10;
		sig_result_init(&r, "raw");
		raw_verify(&all, &d, sig, siglen, &r);
		ASSAY_CHECKF(r.status != SIG_VALID, "%s, bad signature: %d",
		    rows[i].what, r.status);
		free(sig);
	}
	sig_trust_release(&all);
	sig_trust_release(&none);
	for (k = 0; k < NELEM(keys); k++)
		EVP_PKEY_free(keys[k].key);
	free(msg);
}

/* ---- checksum manifests -------------------------------------------------- */

/* Copies template into out with each "%s" replaced by digest. */
static int
expand(char *out, size_t len, const char *template, const char *digest)
{
	size_t k = 0, dl = strlen(digest);
	const char *p;

	for (p = template; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			if (k + dl >= len)
				return -1;
			memcpy(out + k, digest, dl);
			k += dl;
			p++;
		} else {
			if (k + 1 >= len)
				return -1;
			out[k++] = *p;
		}
	}
	out[k] = '\0';
	return (int)k;
}

static void
test_sum_parse_rows(void)
{
	static const char h256[] =
	    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
	static const struct {
		const char *what;
		const char *base;
		const char *text;
		size_t n;
		size_t nbad;
		const char *name0;
		enum sum_alg alg0;
	} rows[] = {
		{ "gnu text", "SHA256SUMS", "%s  fw.bin\n", 1, 0, "fw.bin",
		    SUM_SHA256 },
		{ "gnu binary", "SHA256SUMS", "%s *fw.bin\n", 1, 0, "fw.bin",
		    SUM_SHA256 },
		{ "one space", "SHA256SUMS", "%s fw.bin\n", 1, 0, "fw.bin",
		    SUM_SHA256 },
		{ "crlf, dot slash", "SHA256SUMS", "%s  ./fw.bin\r\n", 1, 0,
		    "fw.bin", SUM_SHA256 },
		{ "bsd", "SHA256SUMS", "SHA256 (fw.bin) = %s\n", 1, 0,
		    "fw.bin", SUM_SHA256 },
		{ "bsd, parens in name", "CHECKSUMS",
		    "SHA256 (a) = b (c).bin) = %s\n", 1, 0,
		    "a) = b (c).bin", SUM_SHA256 },
		{ "escaped", "SHA256SUMS", "\\%s  a\\\\b\\nc\n", 1, 0,
		    "a\\b\nc", SUM_SHA256 },
		{ "bad escape", "SHA256SUMS", "\\%s  a\\qb\n", 0, 1, NULL,
		    SUM_SHA256 },
		{ "lone digest", "fw.bin.sha256", "%s\n", 1, 0, "fw.bin",
		    SUM_SHA256 },
		{ "lone digest, no name", "SHA256SUMS", "%s\n", 0, 1, NULL,
		    SUM_SHA256 },
		{ "comments and blanks", "SHA256SUMS",
		    "# made by hand\n\n%s  fw.bin\n\n", 1, 0, "fw.bin",
		    SUM_SHA256 },
		{ "garbage", "SHA256SUMS", "hello world\n%s\n", 0, 2, NULL,
		    SUM_SHA256 },
		{ "short digest", "SHA256SUMS", "abcd  fw.bin\n", 0, 1, NULL,
		    SUM_SHA256 },
		{ "unknown tag", "CHECKSUMS", "SHA3 (fw.bin) = %s\n", 0, 1,
		    NULL, SUM_SHA256 },
		{ "control byte", "SHA256SUMS", "%s  fw\001.bin\n", 1, 0,
		    "fw\001.bin", SUM_SHA256 },
	};
	struct sum_list l;
	char text[512];
	size_t i;
	int n;

	for (i = 0; i < NELEM(rows); i++) {
		n = expand(text, sizeof(text), rows[i].text, h256);
		CU_ASSERT_FATAL(n > 0);
		ASSAY_CHECKF(sum_parse(rows[i].base,
		    (const unsigned char *)text, (size_t)n, &l) == 0, "%s",
		    rows[i].what);
		ASSAY_CHECKF(l.n == rows[i].n && l.nbad == rows[i].nbad,
		    "%s: %zu entries, %zu bad", rows[i].what, l.n, l.nbad);
		if (rows[i].name0 != NULL && l.n > 0) {
			ASSAY_CHECKF(strcmp(l.v[0].name, rows[i].name0) == 0,
			    "%s: name %s", rows[i].what, l.v[0].name);
			ASSAY_CHECKF(l.v[0].alg == rows[i].alg0 &&
			    l.v[0].digest[0] == 0x9f &&
			    l.v[0].digest[31] == 0x08, "%s: digest",
			    rows[i].what);
		}
		sum_list_release(&l);
	}
}

static void
test_sum_names(void)
{
	static const struct {
		const char *name;
		bool want;
	} rows[] = {
		{ "SHA256SUMS", true }, { "sha512sums", true },
		{ "B2SUMS", true }, { "CHECKSUMS", true }, { "SHA256", true },
		{ "sha256sum.txt", true }, { "x.iso.sha256", true },
		{ "Fedora-37-x86_64-CHECKSUM", true }, { ".sha256", false },
		{ "fw.bin", false }, { "SHA256SUMS.asc", false },
		{ "README", false },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		ASSAY_CHECKF(sum_manifest_name(rows[i].name) == rows[i].want,
		    "%s", rows[i].name);
}

/* What the coreutils tools print parses to the digests OpenSSL computes. */
static void
test_sum_tools(void)
{
	static const struct {
		const char *cmd;
		const char *base;
		enum sum_alg alg;
	} rows[] = {
		{ "sha256sum a.bin 'sp ace.bin' 'back\\slash.bin' > SHA256SUMS",
		    "SHA256SUMS", SUM_SHA256 },
		{ "sha256sum -b a.bin 'sp ace.bin' 'back\\slash.bin' > "
		    "SHA256SUMS", "SHA256SUMS", SUM_SHA256 },
		{ "sha512sum --tag a.bin 'sp ace.bin' 'back\\slash.bin' > "
		    "SHA512SUMS", "SHA512SUMS", SUM_SHA512 },
		{ "b2sum a.bin 'sp ace.bin' 'back\\slash.bin' > B2SUMS",
		    "B2SUMS", SUM_BLAKE2B512 },
		{ "md5sum a.bin 'sp ace.bin' 'back\\slash.bin' > MD5SUMS",
		    "MD5SUMS", SUM_MD5 },
		{ "sha1sum --tag a.bin 'sp ace.bin' 'back\\slash.bin' > "
		    "SHA1SUMS", "SHA1SUMS", SUM_SHA1 },
	};
	unsigned char *p, *f, dg[EVP_MAX_MD_SIZE];
	unsigned dlen;
	struct sum_list l;
	size_t i, k, n, fn;
	EVP_MD *md;

	put("a.bin", "alpha\n", 6);
	put("sp ace.bin", "space\n", 6);
	put("back\\slash.bin", "slash\n", 6);
	for (i = 0; i < NELEM(rows); i++) {
		const char *argv[] = { "sh", "-c", rows[i].cmd, NULL };

		ASSAY_CHECKF(assay_test_tool(argv, NULL) == 0, "%s", rows[i].cmd);
		if ((p = slurp(rows[i].base, &n)) == NULL)
			continue;
		CU_ASSERT_EQUAL(sum_parse(rows[i].base, p, n, &l), 0);
		ASSAY_CHECKF(l.n == 3 && l.nbad == 0, "%s: %zu, %zu bad",
		    rows[i].cmd, l.n, l.nbad);
		md = sum_alg_fetch(rows[i].alg);
		for (k = 0; k < l.n && md != NULL; k++) {
			ASSAY_CHECKF(l.v[k].alg == rows[i].alg, "%s: alg",
			    rows[i].cmd);
			f = slurp(l.v[k].name, &fn);
			ASSAY_CHECKF(f != NULL && EVP_Digest(f, fn, dg, &dlen,
			    md, NULL) == 1 && dlen == sum_alg_len(l.v[k].alg)
			    && memcmp(dg, l.v[k].digest, dlen) == 0,
			    "%s: %s", rows[i].cmd, l.v[k].name);
			free(f);
		}
		EVP_MD_free(md);
		CU_ASSERT(sum_alg_weak(rows[i].alg) ==
		    (rows[i].alg == SUM_MD5 || rows[i].alg == SUM_SHA1));
		sum_list_release(&l);
		free(p);
	}
}

/* The must_sign globs mean what the harness's globs mean. */
static void
test_glob(void)
{
	static const struct {
		const char *glob;
		const char *name;
		bool want;
	} rows[] = {
		{ "**/*.bin", "fw.bin", true },
		{ "**/*.bin", "a/b/fw.bin", true },
		{ "**/*.bin", "a/b/fw.bin.sig", false },
		{ "**/*.bin", "a.bin/readme", false },
		{ "*.bin", "a/fw.bin", false },
		{ "*.bin", "fw.bin", true },
		{ "fw?.img", "fw1.img", true },
		{ "fw?.img", "fw/.img", false },
		{ "**", "a/b/c", true },
		{ "a/**/c", "a/c", true },
		{ "a/**/c", "a/x/y/c", true },
		{ "a/**/c", "ac", false },
		{ "a/**c", "a/x/yc", true },
		{ "boot/*", "boot/x/y", false },
		{ "**/*.AppImage", "dist/App.AppImage", true },
		{ "**/*.AppImage", "dist/App.appimage", false },
		{ "", "", true },
		{ "", "x", false },
	};
	char longname[5000];
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		ASSAY_CHECKF(sig_glob_match(rows[i].glob, rows[i].name) ==
		    rows[i].want, "%s ~ %s", rows[i].glob, rows[i].name);
	/* Many stars against a long name: linear, and still right. */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CU_ASSERT(!sig_glob_match("**a**a**a**a**a**a**a**b", longname));
	CU_ASSERT(sig_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a", longname));
}

static CU_TestInfo tests[] = {
	{ "minisign against minisign -V", test_minisign },
	{ "signify against signify -V", test_signify },
	{ "signify -C checksum list", test_signify_checksum_list },
	{ "minisign and signify keys", test_mini_trust },
	{ "raw signatures against openssl", test_raw },
	{ "checksum lines", test_sum_parse_rows },
	{ "checksum manifest names", test_sum_names },
	{ "checksum tools", test_sum_tools },
	{ "must_sign globs", test_glob },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "signing kinds", NULL, NULL, assay_test_setup, assay_test_teardown,
	    tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
