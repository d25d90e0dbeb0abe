/*
 * OpenPGP detached and cleartext signatures (RFC 4880, RFC 9580), checked
 * against the keyrings given with --trust.  For each signature packet:
 * the issuer's key is found, the content and the hashed trailer are
 * digested, the quick check and then the signature are verified, and the
 * key is judged at the signature's creation time (bound, marked for
 * signing, not expired, not revoked).  The moment given judges the
 * signature's own expiry and the key's expiry once more, since the
 * creation time is only the signer's claim, not a trusted timestamp.  The best of several signatures is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "openpgp.h"

/* Each signature may hash a whole release; a few are plenty. */
#define SIGS_MAX	8

/* 2 MiB chunks when a text signature's bytes are canonicalised. */
#define TEXT_CHUNK	((size_t)2 << 20)

/* What a signature covers: a file, or canonical text in memory. */
struct covered {
	const struct sig_data *d;
	const unsigned char *text;	/* cleartext: already canonical */
	size_t textlen;
};

static void
hex(char *out, size_t size, const unsigned char *p, size_t n)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && 2 * i + 2 < size; i++)
		snprintf(out + 2 * i, 3, "%02X", p[i]);
}

static void
day(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%d", &tm) == 0)
		snprintf(out, size, "%lld", (long long)t);
}

/* Hashes a file for a text signature: every lone LF becomes CRLF. */
static int
hash_text(EVP_MD_CTX *ctx, const struct sig_data *d)
{
	unsigned char *in = NULL, *out = NULL;
	uint64_t off = 0;
	size_t n, i, o;
	bool cr = false;
	int rc = -1;

	if ((in = malloc(TEXT_CHUNK)) == NULL ||
	    (out = malloc(2 * TEXT_CHUNK)) == NULL)
		goto out;
	while (off < d->size) {
		n = d->size - off < TEXT_CHUNK ? (size_t)(d->size - off) :
		    TEXT_CHUNK;
		if (sig_data_read(d, off, in, n) == -1)
			goto out;
		for (i = o = 0; i < n; i++) {
			if (in[i] == '\n' && !cr)
				out[o++] = '\r';
			out[o++] = in[i];
			cr = in[i] == '\r';
		}
		if (EVP_DigestUpdate(ctx, out, o) != 1)
			goto out;
		off += n;
	}
	rc = 0;
 out:
	free(in);
	free(out);
	return rc;
}

static int
hash_covered(EVP_MD_CTX *ctx, const struct covered *cv, int type)
{
	if (cv->text != NULL)
		return EVP_DigestUpdate(ctx, cv->text, cv->textlen) == 1 ?
		    0 : -1;
	if (type == PGP_SIG_TEXT)
		return hash_text(ctx, cv->d);
	return sig_data_hash(cv->d, ctx);
}

/* Is the key expired at time at, by the binding in force then? */
static bool
expired_at(const struct pgp_keyent *e, int64_t at, int64_t *when)
{
	const struct pgp_binding *b = pgp_binding_at(e, at);

	if (b == NULL || !b->has_key_expires || b->key_expires == 0)
		return false;
	*when = e->key.created + (int64_t)b->key_expires;
	return at >= *when;
}

static bool
revoked_at(const struct pgp_keyent *e, int64_t at)
{
	return e->revoked && (e->hard_revoked || at >= e->revoked_at);
}

/*
 * Judges the key that made a signature at creation time `at': bound by a
 * self-signature, marked for signing, not expired, not revoked (the
 * primary key's state covers its subkeys too).
 */
static enum sig_status
judge_key(const struct pgp_keyring *k, const struct pgp_keyent *e,
    int64_t at, int64_t now, struct sig_result *r)
{
	const struct pgp_keyent *pe = &k->keys[k->certs[e->cert].primary];
	const struct pgp_binding *b;
	char fpr[65], when[32];
	int64_t t;

	hex(fpr, sizeof(fpr), e->key.fpr, e->key.fprlen);
	if (e->key.created > at)
		return sig_fail(r, SIG_INVALID, "key %s was created after "
		    "the signature", fpr);
	if (pe->nbind == 0)
		return sig_fail(r, SIG_INVALID, "key %s has no valid "
		    "self-signature", fpr);
	if ((b = pgp_binding_at(e, at)) == NULL)
		return sig_fail(r, SIG_INVALID, "subkey %s has no valid "
		    "binding signature", fpr);
	if (revoked_at(pe, at) || revoked_at(e, at)) {
		r->flags |= SIG_KEY_REVOKED;
		return sig_fail(r, SIG_INVALID, "key %s is revoked (%s)", fpr,
		    revoked_at(e, at) ? e->revoke_note : pe->revoke_note);
	}
	if (expired_at(pe, at, &t) || expired_at(e, at, &t)) {
		r->flags |= SIG_KEY_EXPIRED;
		day(when, sizeof(when), t);
		return sig_fail(r, SIG_INVALID, "key %s expired on %s, before "
		    "the signature was made", fpr, when);
	}
	/* The signature's date is the signer's word, not a timestamp. */
	if (expired_at(pe, now, &t) || expired_at(e, now, &t)) {
		r->flags |= SIG_KEY_EXPIRED;
		day(when, sizeof(when), t);
		return sig_fail(r, SIG_INVALID, "key %s expired on %s; the "
		    "signature's own date is not a trusted timestamp", fpr,
		    when);
	}
	if (b->has_flags && (b->flags & PGP_KF_SIGN) == 0)
		return sig_fail(r, SIG_INVALID, "key %s is not marked for "
		    "signing", fpr);
	if (!e->primary && !e->backsig)
		return sig_fail(r, SIG_INVALID, "signing subkey %s has no "
		    "primary-key binding (back-signature)", fpr);
	return SIG_VALID;
}

/* Fills what is known of the signing key. */
static void
describe_signer(const struct pgp_keyring *k, const struct pgp_keyent *e,
    struct sig_result *r)
{
	const struct pgp_cert *c = &k->certs[e->cert];
	char pfpr[65];

	hex(r->key_fpr, sizeof(r->key_fpr), e->key.fpr, e->key.fprlen);
	hex(r->key_id, sizeof(r->key_id), e->key.keyid, 8);
	if (c->chosen != SIZE_MAX)
		snprintf(r->signer, sizeof(r->signer), "%s",
		    c->uids[c->chosen]);
	if (e->key.pkey != NULL) {
		sig_describe_key(r, e->key.pkey);
		/* DSA is legacy in OpenPGP whatever its size. */
		if (e->key.pkalg == PGP_PK_DSA)
			r->flags |= SIG_WEAK_KEY;
	} else {
		snprintf(r->key_alg, sizeof(r->key_alg), "%s",
		    pgp_pk_name(e->key.pkalg));
	}
	if (!e->primary) {
		hex(pfpr, sizeof(pfpr), k->keys[c->primary].key.fpr,
		    k->keys[c->primary].key.fprlen);
		snprintf(r->detail, sizeof(r->detail), "subkey of %s; "
		    "keyring %s", pfpr, c->name);
	} else {
		snprintf(r->detail, sizeof(r->detail), "keyring %s", c->name);
	}
}

/* One signature packet, judged into r. */
static void
verify_one(const struct sig_trust *t, const struct covered *cv,
    const unsigned char *body, size_t len, const int *hashes,
    size_t nhashes, int64_t now, struct sig_result *r)
{
	const struct pgp_keyent *e = NULL;
	const EVP_MD *md;
	struct pgp_sig s;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;
	EVP_MD_CTX *ctx = NULL;
	char why[160] = "", when[32];
	size_t i;
	int rc;

	if ((rc = pgp_sig_parse(body, len, &s, why, sizeof(why))) == -2) {
		sig_fail(r, SIG_UNSUPPORTED, "%s (obsolete; not verified)",
		    why);
		return;
	}
	if (rc != 0) {
		sig_fail(r, SIG_MALFORMED, "%s", why);
		return;
	}
	r->signing_time = s.created;
	if (s.issuer_fpr_len != 0)
		hex(r->key_id, sizeof(r->key_id), s.version == 6 ?
		    s.issuer_fpr : s.issuer_fpr + 12, 8);
	else if (s.has_issuer)
		hex(r->key_id, sizeof(r->key_id), s.issuer, 8);
	if ((md = pgp_hash_md(s.hashalg)) == NULL) {
		sig_fail(r, SIG_UNSUPPORTED, "hash algorithm %d is not "
		    "verified here", s.hashalg);
		return;
	}
	sig_describe_digest(r, EVP_MD_get_type(md));
	if (s.type != PGP_SIG_BINARY && s.type != PGP_SIG_TEXT) {
		sig_fail(r, SIG_INVALID, "signature type 0x%02x is not a "
		    "document signature", s.type);
		return;
	}
	if (s.bad_critical != 0) {
		sig_fail(r, SIG_INVALID, "signature has an unknown critical "
		    "subpacket (type %d)", s.bad_critical);
		return;
	}
	if (nhashes > 0) {
		for (i = 0; i < nhashes && hashes[i] != s.hashalg; i++)
			continue;
		if (i == nhashes) {
			sig_fail(r, SIG_INVALID, "signature's hash is not "
			    "the one the \"Hash\" header names");
			return;
		}
	}
	if (s.issuer_fpr_len != 0)
		e = pgp_keyring_find(t->pgp, s.issuer_fpr, s.issuer_fpr_len);
	else if (s.has_issuer)
		e = pgp_keyring_find(t->pgp, s.issuer, 8);
	else {
		sig_fail(r, SIG_UNTRUSTED, "signature names no issuer key; "
		    "it cannot be checked");
		return;
	}
	if (e == NULL) {
		sig_fail(r, SIG_UNTRUSTED, "no key %s in the trusted keyrings; "
		    "without it the signature cannot be checked", r->key_id);
		return;
	}
	describe_signer(t->pgp, e, r);
	if (e->key.pkey == NULL) {
		sig_fail(r, SIG_UNSUPPORTED, "key %s: %s", r->key_fpr,
		    e->key.unusable);
		return;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL || pgp_hash_start(ctx, &s) ||
	    hash_covered(ctx, cv, s.type) || pgp_hash_finish(ctx, &s, digest,
	    &dlen)) {
		sig_fail(r, SIG_MALFORMED, "cannot read or hash the signed "
		    "content");
		goto out;
	}
	if (memcmp(digest, s.left16, 2) != 0) {
		sig_fail(r, SIG_INVALID, "digest of the content does not "
		    "match the signature (quick check): content or "
		    "signature changed");
		goto out;
	}
	rc = pgp_verify_digest(&e->key, &s, digest, dlen, why, sizeof(why));
	if (rc != 1) {
		sig_fail(r, rc == 0 ? SIG_INVALID : SIG_MALFORMED, "%s", why);
		goto out;
	}
	if (judge_key(t->pgp, e, s.created, now, r) != SIG_VALID)
		goto out;
	if (s.created > now) {
		day(when, sizeof(when), s.created);
		sig_fail(r, SIG_INVALID, "signature is dated %s, after the "
		    "moment of judgement", when);
		goto out;
	}
	if (s.sig_expires != 0 && now >= s.created + (int64_t)s.sig_expires) {
		day(when, sizeof(when), s.created + (int64_t)s.sig_expires);
		sig_fail(r, SIG_INVALID, "signature expired on %s", when);
		goto out;
	}
	r->status = SIG_VALID;
	r->reason[0] = '\0';
 out:
	EVP_MD_CTX_free(ctx);
}

/* Lower is better: a valid signature, then one that says most. */
static int
rank(enum sig_status st)
{
	switch (st) {
	case SIG_VALID:
		return 0;
	case SIG_INVALID:
		return 1;
	case SIG_UNTRUSTED:
		return 2;
	case SIG_UNSUPPORTED:
		return 3;
	case SIG_MALFORMED:
		break;
	}
	return 4;
}

/* Verifies the signature packets in p[0, n); the best result wins. */
static void
verify_packets(const struct sig_trust *t, const struct covered *cv,
    const unsigned char *p, size_t n, const int *hashes, size_t nhashes,
    int64_t now, struct sig_result *r)
{
	struct pgp_reader rd = { p, n, 0 };
	struct pgp_packet pkt;
	struct sig_result one;
	char why[160];
	size_t nsig = 0;
	int rc;

	sig_result_init(r, "openpgp");
	while ((rc = pgp_next_packet(&rd, &pkt, why, sizeof(why))) == 1) {
		if (pkt.tag == PGP_TAG_MARKER || pkt.tag == PGP_TAG_PADDING)
			continue;
		if (pkt.tag != PGP_TAG_SIG) {
			sig_fail(r, SIG_UNSUPPORTED, "OpenPGP packet of tag %d: "
			    "a signed or encrypted message, not a detached "
			    "signature", pkt.tag);
			return;
		}
		if (nsig++ >= SIGS_MAX)
			continue;
		sig_result_init(&one, "openpgp");
		verify_one(t, cv, pkt.body, pkt.len, hashes, nhashes, now, &one);
		if (nsig == 1 || rank(one.status) < rank(r->status))
			*r = one;
	}
	if (rc == -1) {
		sig_result_init(r, "openpgp");
		sig_fail(r, SIG_MALFORMED, "%s", why);
		return;
	}
	if (nsig == 0)
		sig_fail(r, SIG_MALFORMED, "no signature packet");
}

bool
pgp_sniff(const unsigned char *p, size_t n)
{
	struct pgp_reader rd = { p, n, 0 };
	struct pgp_packet pkt;
	char why[160];

	if (pgp_armor_starts(p, n, "SIGNATURE"))
		return true;
	if (n < 2 || pgp_next_packet(&rd, &pkt, why, sizeof(why)) != 1)
		return false;
	return pkt.tag == PGP_TAG_SIG && pkt.len > 0 &&
	    (pkt.body[0] == 3 || pkt.body[0] == 4 || pkt.body[0] == 6);
}

bool
pgp_sniff_cleartext(const unsigned char *p, size_t n)
{
	return pgp_armor_starts(p, n, "SIGNED MESSAGE");
}

void
pgp_verify_detached(const struct sig_trust *t, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, int64_t now,
    struct sig_result *r)
{
	struct covered cv = { d, NULL, 0 };
	unsigned char *bin = NULL;
	size_t off = 0, len;
	char why[160];

	sig_result_init(r, "openpgp");
	if (pgp_armor_starts(sig, siglen, "MESSAGE")) {
		sig_fail(r, SIG_UNSUPPORTED, "an armoured OpenPGP message, not "
		    "a detached signature");
		return;
	}
	if (pgp_armor_starts(sig, siglen, "SIGNATURE")) {
		if (pgp_armor_next(sig, siglen, &off, "SIGNATURE", &bin, &len,
		    why, sizeof(why)) != 1) {
			sig_fail(r, SIG_MALFORMED, "%s", why);
			return;
		}
		verify_packets(t, &cv, bin, len, NULL, 0, now, r);
		free(bin);
		return;
	}
	verify_packets(t, &cv, sig, siglen, NULL, 0, now, r);
}

void
pgp_verify_cleartext(const struct sig_trust *t, const unsigned char *p,
    size_t n, int64_t now, unsigned char **textp, size_t *textlenp,
    struct sig_result *r)
{
	struct pgp_cleartext c;
	struct covered cv = { NULL, NULL, 0 };
	unsigned char *bin = NULL;
	size_t off, len, i;
	char why[160];

	*textp = NULL;
	*textlenp = 0;
	sig_result_init(r, "openpgp");
	if (pgp_cleartext_split(p, n, &c, why, sizeof(why)) == -1) {
		sig_fail(r, SIG_MALFORMED, "%s", why);
		return;
	}
	off = c.sigoff;
	if (pgp_armor_next(p, n, &off, "SIGNATURE", &bin, &len, why,
	    sizeof(why)) != 1) {
		sig_fail(r, SIG_MALFORMED, "%s", why[0] != '\0' ? why :
		    "no signature after the cleartext");
		goto out;
	}
	for (i = off; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n') {
			sig_fail(r, SIG_MALFORMED, "data after the signature "
			    "(offset %zu)", i);
			goto out;
		}
	cv.text = c.canon;
	cv.textlen = c.canonlen;
	verify_packets(t, &cv, bin, len, c.hashes, c.nhashes, now, r);
	*textp = c.text;
	*textlenp = c.textlen;
	c.text = NULL;
 out:
	free(bin);
	pgp_cleartext_release(&c);
}
