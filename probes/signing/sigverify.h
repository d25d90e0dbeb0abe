/*
 * The signing probe's verifiers and what they share.
 *
 * signing.c decides what must be signed, pairs each file with the
 * signatures that cover it and turns results into findings.  Each signature
 * kind lives in a file of its own and answers through struct sig_result, so
 * that every kind is judged and reported the same way.  Verifiers never
 * touch the scan: they get bytes (struct sig_data), trust (struct
 * sig_trust) and a moment, so their tests and fuzz targets need no harness.
 *
 * Files:
 *   sigdata.c     reading and hashing the signed bytes
 *   sigtrust.c    the tester's --trust files, sorted by kind
 *   x509cms.c     X.509 chains; CMS/PKCS#7 detached and attached
 *   authenticode.c  PE image hash and its SignedData
 *   kmodsig.c     Linux kernel modules' appended signatures
 *   rawsig.c      bare signatures with a public key
 *   openpgp.c     OpenPGP packets, keyrings, detached and cleartext
 *   minisign.c    minisign and OpenBSD signify
 *   checksums.c   SHA256SUMS-style manifests
 *   sigglob.c     the must_sign globs
 */
#ifndef ASSAY_SIGVERIFY_H
#define ASSAY_SIGVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* ---- the signed bytes -------------------------------------------------- */

/*
 * What a signature covers: either a descriptor (read with pread, never
 * moved) or bytes in memory.  Files can be gigabytes: verifiers that can
 * stream (any hash-then-sign scheme) use sig_data_hash(); only those that
 * cannot (pure Ed25519) load the bytes, under a bound.
 */
struct sig_data {
	int fd;				/* -1 when mem is used */
	uint64_t size;
	const unsigned char *mem;
};

/* Feeds every byte into ctx (already initialised).  0 or -1 (I/O). */
int sig_data_hash(const struct sig_data *d, EVP_MD_CTX *ctx);

/* Feeds bytes [off, off + len) into ctx.  0 or -1 (I/O or out of range). */
int sig_data_hash_range(const struct sig_data *d, uint64_t off, uint64_t len,
    EVP_MD_CTX *ctx);

/* Copies bytes [off, off + len) into buf.  0 or -1. */
int sig_data_read(const struct sig_data *d, uint64_t off, void *buf,
    size_t len);

/* One-shot digest of all bytes with md into out (EVP_MAX_MD_SIZE). 0/-1. */
int sig_data_digest(const struct sig_data *d, const EVP_MD *md,
    unsigned char *out, unsigned *outlen);

/*
 * The whole content in a new buffer (caller frees) when it is at most max
 * bytes; NULL otherwise (too big, I/O, memory).
 */
unsigned char *sig_data_load(const struct sig_data *d, size_t max);

/* The most a verifier loads into memory (pure Ed25519, PE headers). */
#define SIG_LOAD_MAX	((size_t)1 << 30)

/* ---- trust ------------------------------------------------------------- */

struct pgp_keyring;		/* openpgp.c */
struct mini_keyring;		/* minisign.c: minisign and signify keys */

/* A bare public key given as an anchor (PEM or DER SubjectPublicKeyInfo). */
struct sig_rawkey {
	EVP_PKEY *key;
	char name[128];			/* the trust file it came from */
	char fpr[65];			/* SHA-256 of the DER SPKI, hex */
};

struct sig_trust {
	X509_STORE *store;		/* every certificate given, as anchors */
	STACK_OF(X509) *certs;		/* the same certificates, to search */
	struct sig_rawkey *raw;
	size_t nraw;
	struct pgp_keyring *pgp;	/* NULL until a keyring is given */
	struct mini_keyring *mini;
	size_t nfiles;			/* trust files recognised */
};

/* What a trust file turned out to be. */
enum sig_trust_add {
	SIG_TRUST_NOT_MINE = 0,		/* not this module's format */
	SIG_TRUST_ADDED,
	SIG_TRUST_BAD			/* this module's format, but broken */
};

void sig_trust_init(struct sig_trust *t);
void sig_trust_release(struct sig_trust *t);

/*
 * Offers a trust file to every module in turn.  Returns the first answer
 * that is not SIG_TRUST_NOT_MINE; why, when BAD or NOT_MINE, goes in
 * why[whylen].
 */
enum sig_trust_add sig_trust_add(struct sig_trust *t, const char *name,
    const unsigned char *p, size_t n, char *why, size_t whylen);

/* ---- results ----------------------------------------------------------- */

enum sig_status {
	SIG_VALID = 0,		/* verifies, signer trusted, time and usage fine */
	SIG_INVALID,		/* does not verify over these bytes */
	SIG_UNTRUSTED,		/* verifies cryptographically; no anchor for it */
	SIG_UNSUPPORTED,	/* recognised kind we do not verify (named) */
	SIG_MALFORMED		/* cannot be parsed */
};

/* Facts found along the way; several may hold at once. */
enum sig_flag {
	SIG_WEAK_DIGEST = 1u << 0,	/* MD5 or SHA-1 */
	SIG_WEAK_KEY = 1u << 1,		/* RSA < 2048, EC < 256 */
	SIG_CERT_EXPIRED = 1u << 2,	/* at signing time or --as-of */
	SIG_CERT_NOT_YET_VALID = 1u << 3,
	SIG_NO_CODESIGN_USAGE = 1u << 4, /* EKU lacks code signing */
	SIG_KEY_EXPIRED = 1u << 5,	/* OpenPGP key expiry */
	SIG_KEY_REVOKED = 1u << 6,
	SIG_TIMESTAMPED = 1u << 7,	/* signing time from a signed timestamp */
	SIG_DIGEST_MISMATCH = 1u << 8	/* embedded digest differs (PE, manifest) */
};

struct sig_result {
	enum sig_status status;
	unsigned flags;			/* enum sig_flag */
	const char *kind;		/* "cms", "openpgp", "minisign", ... */
	char reason[256];		/* why not valid: the step that failed */
	char signer[256];		/* subject DN, user id, key comment */
	char issuer[256];		/* certificate issuer, when there is one */
	char key_id[80];		/* OpenPGP key id, minisign key id, serial */
	char key_fpr[130];		/* fingerprint (hex) of the signing key */
	char key_alg[32];		/* "rsa", "ecdsa-p256", "ed25519", ... */
	unsigned key_bits;
	char digest_alg[16];		/* "sha256", ... */
	int64_t signing_time;		/* Unix seconds; 0 when unknown */
	char timestamp_authority[256];	/* countersigner, when timestamped */
	char detail[512];		/* kind-specific facts for the evidence */
};

void sig_result_init(struct sig_result *r, const char *kind);

/* Formats into r->reason and sets r->status; returns r->status. */
enum sig_status sig_fail(struct sig_result *r, enum sig_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Sets key_alg, key_bits and SIG_WEAK_KEY from key. */
void sig_describe_key(struct sig_result *r, EVP_PKEY *key);

/* Sets digest_alg and SIG_WEAK_DIGEST from an OpenSSL digest NID. */
void sig_describe_digest(struct sig_result *r, int md_nid);

/* ---- the kinds --------------------------------------------------------- */

/* x509cms.c: certificates (PEM or DER, one or a bundle) join t->store and
 * t->certs; bare public keys (PEM or DER SubjectPublicKeyInfo) join t->raw. */
enum sig_trust_add x509_trust_add(struct sig_trust *t, const char *name,
    const unsigned char *p, size_t n, char *why, size_t whylen);
bool cms_sniff(const unsigned char *p, size_t n);	/* DER or PEM CMS */
void cms_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now, bool codesign,
    struct sig_result *r);
/* Attached SignedData; *contentp gets the signed content (caller frees). */
void cms_verify_attached(const struct sig_trust *t, const unsigned char *sig,
    size_t siglen, int64_t now, bool codesign, unsigned char **contentp,
    size_t *contentlenp, struct sig_result *r);
/*
 * Checks leaf (with untrusted intermediates extra) against t at moment at,
 * fills signer/issuer/key facts and flags, and returns SIG_VALID or the
 * status to report.  Shared by CMS, Authenticode and kernel modules.
 */
enum sig_status x509_check_signer(const struct sig_trust *t, X509 *leaf,
    STACK_OF(X509) *extra, int64_t at, bool codesign, struct sig_result *r);

/* authenticode.c: PE files (.exe, .dll, .sys, .efi) */
bool pe_sniff(const unsigned char *p, size_t n);	/* "MZ" + PE header */
/* The PE's certificate table is not empty (false for a broken header). */
bool authenticode_present(const struct sig_data *d);
/* A PE whose headers do not parse gives SIG_MALFORMED, naming the field. */
void authenticode_verify(const struct sig_trust *t, const struct sig_data *d,
    int64_t now, struct sig_result *r);

/* kmodsig.c: "~Module signature appended~\n" trailers */
bool kmod_sig_present(const struct sig_data *d);
void kmod_verify(const struct sig_trust *t, const struct sig_data *d,
    int64_t now, struct sig_result *r);

/* rawsig.c: a bare signature made with a key among t->raw */
void raw_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r);

/* openpgp.c */
enum sig_trust_add pgp_trust_add(struct sig_trust *t, const char *name,
    const unsigned char *p, size_t n, char *why, size_t whylen);
void pgp_keyring_free(struct pgp_keyring *k);
bool pgp_sniff(const unsigned char *p, size_t n);	/* binary or armoured sig */
bool pgp_sniff_cleartext(const unsigned char *p, size_t n);
void pgp_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now,
    struct sig_result *r);
/* Cleartext-signed (InRelease): *textp gets the signed text (caller frees). */
void pgp_verify_cleartext(const struct sig_trust *t, const unsigned char *p,
    size_t n, int64_t now, unsigned char **textp, size_t *textlenp,
    struct sig_result *r);

/* minisign.c */
enum sig_trust_add mini_trust_add(struct sig_trust *t, const char *name,
    const unsigned char *p, size_t n, char *why, size_t whylen);
void mini_keyring_free(struct mini_keyring *k);
bool minisign_sniff(const unsigned char *p, size_t n);
bool signify_sniff(const unsigned char *p, size_t n);
void minisign_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r);
void signify_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r);

/*
 * signify -e: a signature file followed by the message it signs (OpenBSD's
 * SHA256.sig).  Offset of that message in p, or 0 when there is none.
 */
size_t signify_embedded_offset(const unsigned char *p, size_t n);

/* ---- which files must be signed (sigglob.c) ----------------------------- */

#define SIG_GLOB_MAX	256	/* characters in one must_sign glob */

/*
 * Matches the harness's glob language ('*' within a component, '**'
 * across, '?' one character, "**\/" also nothing) without marking entries
 * as examined.  False for a glob longer than SIG_GLOB_MAX.
 */
bool sig_glob_match(const char *glob, const char *name);

/* ---- checksum manifests (checksums.c) ---------------------------------- */

enum sum_alg {
	SUM_MD5 = 0, SUM_SHA1, SUM_SHA224, SUM_SHA256, SUM_SHA384, SUM_SHA512,
	SUM_BLAKE2B512, SUM_NALGS
};

#define SUM_DIGEST_MAX	64
#define SUM_BAD_KEPT	20	/* line numbers kept of lines that fail */

/* One listed file. */
struct sum_entry {
	char *name;			/* unescaped, leading "./" removed */
	enum sum_alg alg;
	unsigned char digest[SUM_DIGEST_MAX];
	unsigned long line;		/* 1-based */
};

struct sum_list {
	struct sum_entry *v;		/* in the manifest's order */
	size_t n;
	unsigned long bad[SUM_BAD_KEPT]; /* first lines that do not parse */
	size_t nbad;			/* every line that does not parse */
};

/* The base name looks like a checksum manifest (SHA256SUMS, x.sha256...). */
bool sum_manifest_name(const char *base);

/*
 * Parses a manifest in GNU ("hex  name", "hex *name", "\" escapes) or BSD
 * ("SHA256 (name) = hex") layout; base is the manifest's base name (its
 * extension names the file a lone digest is for, B2SUMS picks BLAKE2b).
 * Lines that do not parse are counted in l->nbad, not fatal.  0, or -1
 * when out of memory (l is left empty).  Release l with sum_list_release.
 */
int sum_parse(const char *base, const unsigned char *p, size_t n,
    struct sum_list *l);
void sum_list_release(struct sum_list *l);

const char *sum_alg_name(enum sum_alg a);	/* "sha256" ... */
bool sum_alg_weak(enum sum_alg a);		/* MD5, SHA-1 */
size_t sum_alg_len(enum sum_alg a);		/* digest bytes */
/* The OpenSSL digest (caller frees with EVP_MD_free); NULL if absent. */
EVP_MD *sum_alg_fetch(enum sum_alg a);

#endif
