/*
 * minisign and OpenBSD signify (sigverify.h).
 *
 * Both are Ed25519 with the same key blob, "Ed" || keynum[8] || key[32],
 * and the same signature blob, alg[2] || keynum[8] || sig[64], each one
 * base64 line under an "untrusted comment:" line.  signify signs the whole
 * message; minisign signs either the whole message ("Ed", legacy) or its
 * BLAKE2b-512 digest ("ED"), and adds a global signature over sig[64] and a
 * trusted comment.  Keys of either tool verify signatures of the other.
 * Nothing here trusts a comment that is not signed, and a key id only
 * selects a key: the signature decides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sigverify.h"

#define ED_KEYLEN	32
#define ED_SIGLEN	64
#define KEYNUMLEN	8
#define PUBBLOB		(2 + KEYNUMLEN + ED_KEYLEN)	/* 42 */
#define SIGBLOB		(2 + KEYNUMLEN + ED_SIGLEN)	/* 74 */
#define UNTRUSTED	"untrusted comment: "
#define TRUSTED		"trusted comment: "
#define LINE_MAX_BYTES	8192		/* minisign's trusted comment bound */

struct mini_key {
	unsigned char keynum[KEYNUMLEN];
	unsigned char pub[ED_KEYLEN];
	char name[128];			/* trust file */
	char comment[160];		/* its untrusted comment */
};

struct mini_keyring {
	struct mini_key *keys;
	size_t n;
};

/* One line of text: [p, p + len), without its "\n" or "\r\n". */
struct line {
	const char *p;
	size_t len;
};

/*
 * Splits up to max lines from p; *restp is the offset after the last line
 * taken.  Returns the number of lines, or -1 when a line is too long or
 * holds a NUL.
 */
static int
split_lines(const unsigned char *p, size_t n, struct line *lines, int max,
    size_t *restp)
{
	size_t off = 0, end, len;
	int k = 0;

	while (k < max && off < n) {
		for (end = off; end < n && p[end] != '\n'; end++)
			if (p[end] == '\0')
				return -1;
		len = end - off;
		if (len > 0 && p[off + len - 1] == '\r')
			len--;
		if (len > LINE_MAX_BYTES)
			return -1;
		lines[k].p = (const char *)p + off;
		lines[k].len = len;
		k++;
		off = end < n ? end + 1 : end;
	}
	*restp = off;
	return k;
}

static bool
has_prefix(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && memcmp(l->p, prefix, n) == 0;
}

/* Strict standard base64 of exactly want bytes. */
static bool
b64_exact(const struct line *l, unsigned char *out, size_t want)
{
	unsigned char buf[3 * (LINE_MAX_BYTES / 4) + 3];
	size_t i, pad = 0;
	int got;

	if (l->len == 0 || l->len % 4 != 0 || l->len > 4 * ((want + 2) / 3))
		return false;
	for (i = 0; i < l->len; i++) {
		char c = l->p[i];

		if (c == '=') {
			if (i < l->len - 2)
				return false;
			pad++;
		} else if (pad > 0 || !((c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '+' || c == '/')) {
			return false;
		}
	}
	got = EVP_DecodeBlock(buf, (const unsigned char *)l->p, (int)l->len);
	if (got < 0 || (size_t)got < pad || (size_t)got - pad != want)
		return false;
	memcpy(out, buf, want);
	return true;
}

/* Key id as minisign prints it: the keynum read as a little-endian u64. */
static void
keyid_hex(const unsigned char *keynum, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	if (outlen < 2 * KEYNUMLEN + 1)
		return;
	for (i = 0; i < KEYNUMLEN; i++) {
		out[2 * i] = hex[keynum[KEYNUMLEN - 1 - i] >> 4];
		out[2 * i + 1] = hex[keynum[KEYNUMLEN - 1 - i] & 15];
	}
	out[2 * KEYNUMLEN] = '\0';
}

static void
bytes_hex(const unsigned char *p, size_t n, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	if (outlen < 2 * n + 1)
		return;
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Copies a comment for the evidence, printable ASCII only. */
static void
copy_text(char *dst, size_t dstlen, const char *src, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < dstlen; i++)
		dst[k++] = src[i] == '\t' ? ' ' :
		    src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[k] = '\0';
}

/* ---- trust ------------------------------------------------------------- */

enum sig_trust_add
mini_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	unsigned char blob[PUBBLOB];
	struct mini_keyring *ring;
	struct mini_key *k, *grown;
	struct line lines[3];
	const struct line *keyline, *comment = NULL;
	size_t rest;
	int nl;

	nl = split_lines(p, n, lines, 3, &rest);
	if (nl < 1)
		return SIG_TRUST_NOT_MINE;
	if (has_prefix(&lines[0], UNTRUSTED)) {
		comment = &lines[0];
		if (nl < 2) {
			snprintf(why, whylen, "minisign/signify key file "
			    "without its key line");
			return SIG_TRUST_BAD;
		}
		keyline = &lines[1];
	} else {
		/* A bare key line, as minisign -P takes it. */
		keyline = &lines[0];
		if (nl > 1 && (nl > 2 || lines[1].len > 0))
			return SIG_TRUST_NOT_MINE;
	}
	if (!b64_exact(keyline, blob, PUBBLOB) || blob[0] != 'E' ||
	    blob[1] != 'd') {
		if (comment == NULL)
			return SIG_TRUST_NOT_MINE;
		if (memmem(comment->p, comment->len, "secret key", 10) != NULL)
			snprintf(why, whylen, "a minisign/signify secret key, "
			    "not a public key");
		else
			snprintf(why, whylen, "minisign/signify key line is "
			    "not base64 of an Ed25519 public key");
		return SIG_TRUST_BAD;
	}
	if (t->mini == NULL && (t->mini = calloc(1, sizeof(*t->mini))) == NULL)
		goto nomem;
	ring = t->mini;
	if (ring->n >= 4096) {
		snprintf(why, whylen, "too many minisign/signify keys");
		return SIG_TRUST_BAD;
	}
	if ((grown = reallocarray(ring->keys, ring->n + 1,
	    sizeof(*grown))) == NULL)
		goto nomem;
	ring->keys = grown;
	k = &ring->keys[ring->n++];
	memset(k, 0, sizeof(*k));
	memcpy(k->keynum, blob + 2, KEYNUMLEN);
	memcpy(k->pub, blob + 2 + KEYNUMLEN, ED_KEYLEN);
	snprintf(k->name, sizeof(k->name), "%s", name);
	if (comment != NULL)
		copy_text(k->comment, sizeof(k->comment),
		    comment->p + strlen(UNTRUSTED),
		    comment->len - strlen(UNTRUSTED));
	return SIG_TRUST_ADDED;
 nomem:
	snprintf(why, whylen, "out of memory");
	return SIG_TRUST_BAD;
}

void
mini_keyring_free(struct mini_keyring *k)
{
	if (k == NULL)
		return;
	free(k->keys);
	free(k);
}

static const struct mini_key *
find_key(const struct sig_trust *t, const unsigned char *keynum)
{
	size_t i;

	if (t->mini == NULL)
		return NULL;
	for (i = 0; i < t->mini->n; i++)
		if (memcmp(t->mini->keys[i].keynum, keynum, KEYNUMLEN) == 0)
			return &t->mini->keys[i];
	return NULL;
}

/* ---- sniffing ------------------------------------------------------------ */

static bool
parse_minisign(const unsigned char *p, size_t n, unsigned char *sigblob,
    struct line *tcomment, unsigned char *global)
{
	struct line l[4];
	size_t rest;

	if (split_lines(p, n, l, 4, &rest) != 4)
		return false;
	if (!has_prefix(&l[0], UNTRUSTED) || !has_prefix(&l[2], TRUSTED))
		return false;
	if (!b64_exact(&l[1], sigblob, SIGBLOB) ||
	    !b64_exact(&l[3], global, ED_SIGLEN))
		return false;
	if (sigblob[0] != 'E' || (sigblob[1] != 'd' && sigblob[1] != 'D'))
		return false;
	tcomment->p = l[2].p + strlen(TRUSTED);
	tcomment->len = l[2].len - strlen(TRUSTED);
	/* Only blank lines may follow. */
	for (; rest < n; rest++)
		if (p[rest] != '\n' && p[rest] != '\r')
			return false;
	return true;
}

/* signify: two lines; *msgoffp is where an embedded message starts. */
static bool
parse_signify(const unsigned char *p, size_t n, unsigned char *sigblob,
    struct line *comment, size_t *msgoffp)
{
	struct line l[2];
	size_t rest;

	if (split_lines(p, n, l, 2, &rest) != 2)
		return false;
	if (!has_prefix(&l[0], UNTRUSTED) ||
	    !b64_exact(&l[1], sigblob, SIGBLOB))
		return false;
	if (sigblob[0] != 'E' || sigblob[1] != 'd')
		return false;
	*comment = l[0];
	*msgoffp = rest;
	return true;
}

bool
minisign_sniff(const unsigned char *p, size_t n)
{
	unsigned char sigblob[SIGBLOB], global[ED_SIGLEN];
	struct line tc;

	return parse_minisign(p, n, sigblob, &tc, global);
}

bool
signify_sniff(const unsigned char *p, size_t n)
{
	unsigned char sigblob[SIGBLOB];
	struct line c;
	size_t off;

	return !minisign_sniff(p, n) &&
	    parse_signify(p, n, sigblob, &c, &off);
}

size_t
signify_embedded_offset(const unsigned char *p, size_t n)
{
	unsigned char sigblob[SIGBLOB];
	struct line c;
	size_t off;

	if (minisign_sniff(p, n) || !parse_signify(p, n, sigblob, &c, &off))
		return 0;
	return off < n ? off : 0;
}

/* ---- verifying ----------------------------------------------------------- */

static bool
ed25519_ok(const unsigned char *pub, const unsigned char *sig,
    const unsigned char *msg, size_t msglen)
{
	EVP_PKEY *key;
	EVP_MD_CTX *ctx = NULL;
	bool ok = false;

	if ((key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
	    ED_KEYLEN)) == NULL)
		return false;
	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, sig, ED_SIGLEN, msg, msglen) == 1)
		ok = true;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	return ok;
}

/* Fills what is known of the key before the signature is judged. */
static void
describe(struct sig_result *r, const unsigned char *keynum,
    const struct mini_key *k)
{
	keyid_hex(keynum, r->key_id, sizeof(r->key_id));
	snprintf(r->key_alg, sizeof(r->key_alg), "ed25519");
	r->key_bits = 256;
	if (k == NULL)
		return;
	bytes_hex(k->pub, ED_KEYLEN, r->key_fpr, sizeof(r->key_fpr));
	if (k->comment[0] != '\0')
		snprintf(r->signer, sizeof(r->signer), "%.120s (%.120s)",
		    k->comment, k->name);
	else
		snprintf(r->signer, sizeof(r->signer), "%s", k->name);
}

/*
 * The trusted key with key number keynum, r filled with what is known of
 * it and the signature's comment; NULL (r says so) when no trust file
 * holds it.  kinds names the key formats looked for.
 */
static const struct mini_key *
signer_key(const struct sig_trust *t, const unsigned char *keynum,
    const struct line *comment, const char *kinds, struct sig_result *r)
{
	const struct mini_key *k = find_key(t, keynum);

	describe(r, keynum, k);
	copy_text(r->detail, sizeof(r->detail), comment->p, comment->len);
	if (k == NULL)
		sig_fail(r, SIG_UNTRUSTED, "no %s public key with id %s among "
		    "the trust files", kinds, r->key_id);
	return k;
}

/* The message signed: all of d (pure), or its BLAKE2b-512 (prehashed). */
static enum sig_status
check_message(struct sig_result *r, const struct mini_key *k,
    const struct sig_data *d, const unsigned char *sig, bool prehashed)
{
	unsigned char digest[EVP_MAX_MD_SIZE], *all;
	unsigned dlen = 0;
	EVP_MD *md;
	bool ok;

	if (prehashed) {
		snprintf(r->digest_alg, sizeof(r->digest_alg), "blake2b512");
		if ((md = EVP_MD_fetch(NULL, "BLAKE2B-512", NULL)) == NULL)
			return sig_fail(r, SIG_UNSUPPORTED, "BLAKE2b-512 is "
			    "not available in this OpenSSL");
		if (sig_data_digest(d, md, digest, &dlen) == -1) {
			EVP_MD_free(md);
			return sig_fail(r, SIG_MALFORMED, "cannot read the "
			    "signed file");
		}
		EVP_MD_free(md);
		ok = ed25519_ok(k->pub, sig, digest, dlen);
	} else {
		snprintf(r->digest_alg, sizeof(r->digest_alg), "pure");
		if ((all = sig_data_load(d, SIG_LOAD_MAX)) == NULL)
			return sig_fail(r, SIG_UNSUPPORTED, "legacy Ed25519 "
			    "signature over %llu bytes: too large to verify "
			    "in memory", (unsigned long long)d->size);
		ok = ed25519_ok(k->pub, sig, all, (size_t)d->size);
		free(all);
	}
	if (!ok)
		return sig_fail(r, SIG_INVALID, "Ed25519 signature does not "
		    "verify over the file's bytes with key %s", r->key_id);
	return SIG_VALID;
}

/* "timestamp:1700000000 ..." -> signing time, when it is there. */
static int64_t
comment_time(const struct line *tc)
{
	static const char tag[] = "timestamp:";
	const char *p = memmem(tc->p, tc->len, tag, sizeof(tag) - 1);
	const char *end = tc->p + tc->len;
	int64_t v = 0;

	if (p == NULL)
		return 0;
	for (p += sizeof(tag) - 1; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

void
minisign_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	unsigned char sigblob[SIGBLOB], global[ED_SIGLEN];
	unsigned char gmsg[ED_SIGLEN + LINE_MAX_BYTES];
	const struct mini_key *k;
	struct line tc;
	bool prehashed;

	if (!parse_minisign(sig, siglen, sigblob, &tc, global)) {
		sig_fail(r, SIG_MALFORMED, "not a minisign signature: four "
		    "lines (untrusted comment, base64 signature, trusted "
		    "comment, base64 global signature) expected");
		return;
	}
	prehashed = sigblob[1] == 'D';
	if ((k = signer_key(t, sigblob + 2, &tc, "minisign or signify",
	    r)) == NULL)
		return;
	if (check_message(r, k, d, sigblob + 2 + KEYNUMLEN, prehashed) !=
	    SIG_VALID)
		return;
	memcpy(gmsg, sigblob + 2 + KEYNUMLEN, ED_SIGLEN);
	memcpy(gmsg + ED_SIGLEN, tc.p, tc.len);
	if (!ed25519_ok(k->pub, global, gmsg, ED_SIGLEN + tc.len)) {
		sig_fail(r, SIG_INVALID, "the trusted comment's signature "
		    "does not verify: the comment was altered");
		return;
	}
	r->signing_time = comment_time(&tc);
	r->status = SIG_VALID;
	r->reason[0] = '\0';
}

void
signify_verify(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	unsigned char sigblob[SIGBLOB];
	const struct mini_key *k;
	struct line comment;
	size_t off;

	if (!parse_signify(sig, siglen, sigblob, &comment, &off)) {
		sig_fail(r, SIG_MALFORMED, "not a signify signature: an "
		    "untrusted comment line and a base64 Ed25519 signature "
		    "expected");
		return;
	}
	if ((k = signer_key(t, sigblob + 2, &comment, "signify or minisign",
	    r)) == NULL)
		return;
	if (check_message(r, k, d, sigblob + 2 + KEYNUMLEN, false) !=
	    SIG_VALID)
		return;
	r->status = SIG_VALID;
	r->reason[0] = '\0';
}
