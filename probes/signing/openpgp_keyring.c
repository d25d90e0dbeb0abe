/*
 * OpenPGP keyrings given with --trust: binary (gpg --export) or armoured
 * "PUBLIC KEY BLOCK"s, several certificates per file, several files.  A
 * certificate's facts come only from self-signatures that verify: user id
 * certifications and direct-key signatures for the primary key, subkey
 * bindings (with the primary-key back-signature for signing subkeys),
 * key and subkey revocations.  Third-party certifications are ignored:
 * the tester's keyring is the trust decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openpgp.h"

/* A hostile keyring must not buy unbounded CPU with RSA checks. */
#define SELFSIG_MAX	10000

/* A signature waiting for its certificate to be complete. */
struct pending {
	const unsigned char *body;
	size_t len;
	size_t cert;
	size_t sub;			/* subkey's index in keys, or SIZE_MAX */
	size_t uid;			/* uid index, or SIZE_MAX */
	const unsigned char *uidp;	/* that user id packet's body */
	size_t uidn;
	bool uattr;			/* follows a user attribute */
};

struct loader {
	struct pgp_keyring *ring;
	struct pending *sigs;
	size_t nsigs;
	size_t cap;
	size_t checked;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap == 0 ? 8 : *cap;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return NULL;
		n *= 2;
	}
	if ((q = realloc(p, n * size)) == NULL)
		return NULL;
	*cap = n;
	return q;
}

static void
keyent_release(struct pgp_keyent *e)
{
	EVP_PKEY_free(e->key.pkey);
	free(e->bind);
}

static void
cert_release(struct pgp_cert *c)
{
	size_t i;

	for (i = 0; i < c->nuids; i++)
		free(c->uids[i]);
	free(c->uids);
}

void
pgp_keyring_free(struct pgp_keyring *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->nkeys; i++)
		keyent_release(&k->keys[i]);
	for (i = 0; i < k->ncerts; i++)
		cert_release(&k->certs[i]);
	for (i = 0; i < k->nblobs; i++)
		free(k->blobs[i]);
	free(k->keys);
	free(k->certs);
	free(k->blobs);
	free(k);
}

/* Undoes everything added after the counts given (a broken file). */
static void
rollback(struct pgp_keyring *k, size_t nkeys, size_t ncerts)
{
	while (k->nkeys > nkeys)
		keyent_release(&k->keys[--k->nkeys]);
	while (k->ncerts > ncerts)
		cert_release(&k->certs[--k->ncerts]);
}

const struct pgp_keyent *
pgp_keyring_find(const struct pgp_keyring *k, const unsigned char *id,
    size_t idlen)
{
	const struct pgp_keyent *e;
	size_t i;

	if (k == NULL)
		return NULL;
	for (i = 0; i < k->nkeys; i++) {
		e = &k->keys[i];
		if (idlen == 8 && memcmp(e->key.keyid, id, 8) == 0)
			return e;
		if (idlen == e->key.fprlen && memcmp(e->key.fpr, id, idlen) == 0)
			return e;
	}
	return NULL;
}

const struct pgp_binding *
pgp_binding_at(const struct pgp_keyent *e, int64_t at)
{
	const struct pgp_binding *best = NULL, *first = NULL;
	size_t i;

	for (i = 0; i < e->nbind; i++) {
		const struct pgp_binding *b = &e->bind[i];

		if (first == NULL || b->created < first->created)
			first = b;
		if (b->created <= at && (best == NULL ||
		    b->created >= best->created))
			best = b;
	}
	return best != NULL ? best : first;
}

/* A user id, with control characters replaced, bounded. */
static char *
uid_copy(const unsigned char *p, size_t n)
{
	char *s;
	size_t i;

	if (n > 255)
		n = 255;
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		s[i] = p[i] < 0x20 || p[i] == 0x7f ? '?' : (char)p[i];
	s[n] = '\0';
	return s;
}

/*
 * Verifies s, made by signer, over the primary key, then sub (or NULL),
 * then the user id uid[0, uidlen) (or NULL).  True when it verifies.
 */
static bool
verify_over(const struct pgp_sig *s, const struct pgp_key *signer,
    const struct pgp_key *primary, const struct pgp_key *sub,
    const unsigned char *uid, size_t uidlen)
{
	unsigned char md[EVP_MAX_MD_SIZE], hdr[5];
	unsigned mdlen = 0;
	EVP_MD_CTX *ctx;
	char why[128] = "";
	bool ok = false;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return false;
	hdr[0] = 0xb4;
	hdr[1] = (unsigned char)(uidlen >> 24);
	hdr[2] = (unsigned char)(uidlen >> 16);
	hdr[3] = (unsigned char)(uidlen >> 8);
	hdr[4] = (unsigned char)uidlen;
	if (pgp_hash_start(ctx, s) == 0 && pgp_hash_key(ctx, primary) == 0 &&
	    (sub == NULL || pgp_hash_key(ctx, sub) == 0) &&
	    (uid == NULL || (EVP_DigestUpdate(ctx, hdr, 5) == 1 &&
	    EVP_DigestUpdate(ctx, uid, uidlen) == 1)) &&
	    pgp_hash_finish(ctx, s, md, &mdlen) == 0 &&
	    memcmp(md, s->left16, 2) == 0)
		ok = pgp_verify_digest(signer, s, md, mdlen, why,
		    sizeof(why)) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The signature names key k as its issuer, or names none. */
static bool
issued_by(const struct pgp_sig *s, const struct pgp_key *k)
{
	if (s->issuer_fpr_len != 0)
		return s->issuer_fpr_len == k->fprlen &&
		    memcmp(s->issuer_fpr, k->fpr, k->fprlen) == 0;
	if (s->has_issuer)
		return memcmp(s->issuer, k->keyid, 8) == 0;
	return true;
}

static int
add_binding(struct pgp_keyent *e, const struct pgp_sig *s, size_t uid)
{
	struct pgp_binding *b;

	if ((b = realloc(e->bind, (e->nbind + 1) * sizeof(*b))) == NULL)
		return -1;
	e->bind = b;
	b = &e->bind[e->nbind++];
	memset(b, 0, sizeof(*b));
	b->created = s->created;
	b->has_key_expires = s->has_key_expires;
	b->key_expires = s->key_expires;
	b->has_flags = s->has_flags;
	b->flags = s->flags;
	b->primary_uid = s->primary_uid;
	b->uid = uid;
	return 0;
}

static void
revoke(struct pgp_keyent *e, const struct pgp_sig *s)
{
	/* Retired or superseded keys stay good for what came before. */
	bool soft = s->has_revoke_reason && (s->revoke_reason == 1 ||
	    s->revoke_reason == 3);

	if (e->revoked && (e->hard_revoked || e->revoked_at <= s->created) &&
	    (soft || e->hard_revoked))
		return;
	e->revoked = true;
	e->hard_revoked = e->hard_revoked || !soft;
	if (!e->hard_revoked)
		e->revoked_at = s->created;
	snprintf(e->revoke_note, sizeof(e->revoke_note), "%s",
	    !s->has_revoke_reason ? "no reason given" :
	    s->revoke_reason == 1 ? "superseded" :
	    s->revoke_reason == 2 ? "compromised" :
	    s->revoke_reason == 0 ? "no reason specified" :
	    s->revoke_reason == 3 ? "retired" : "other reason");
}

/* The subkey's primary-key binding, embedded in its binding signature. */
static bool
backsig_ok(const struct pgp_sig *bind, const struct pgp_key *primary,
    const struct pgp_key *sub)
{
	struct pgp_sig back;
	char why[128];

	if (bind->embedded == NULL ||
	    pgp_sig_parse(bind->embedded, bind->embeddedlen, &back, why,
	    sizeof(why)) != 0 || back.type != PGP_SIG_PRIMARY_BINDING ||
	    back.bad_critical != 0 || !issued_by(&back, sub))
		return false;
	return verify_over(&back, sub, primary, sub, NULL, 0);
}

static int
check_selfsig(struct loader *ld, const struct pending *pd)
{
	struct pgp_keyring *k = ld->ring;
	struct pgp_cert *c = &k->certs[pd->cert];
	struct pgp_keyent *pe = &k->keys[c->primary], *se = NULL;
	struct pgp_sig s;
	char why[128];

	if (pgp_sig_parse(pd->body, pd->len, &s, why, sizeof(why)) != 0 ||
	    s.bad_critical != 0 || !issued_by(&s, &pe->key) ||
	    pe->key.pkey == NULL)
		return 0;
	if (ld->checked++ >= SELFSIG_MAX)
		return 0;
	if (pd->sub != SIZE_MAX)
		se = &k->keys[pd->sub];
	switch (s.type) {
	case PGP_SIG_KEY_REVOKE:
		if (verify_over(&s, &pe->key, &pe->key, NULL, NULL, 0))
			revoke(pe, &s);
		return 0;
	case PGP_SIG_DIRECT_KEY:
		if (se == NULL && pd->uid == SIZE_MAX && !pd->uattr &&
		    verify_over(&s, &pe->key, &pe->key, NULL, NULL, 0))
			return add_binding(pe, &s, SIZE_MAX);
		return 0;
	case PGP_SIG_SUBKEY_BINDING:
		if (se == NULL ||
		    !verify_over(&s, &pe->key, &pe->key, &se->key, NULL, 0))
			return 0;
		if (backsig_ok(&s, &pe->key, &se->key))
			se->backsig = true;
		return add_binding(se, &s, SIZE_MAX);
	case PGP_SIG_SUBKEY_REVOKE:
		if (se != NULL &&
		    verify_over(&s, &pe->key, &pe->key, &se->key, NULL, 0))
			revoke(se, &s);
		return 0;
	default:
		break;
	}
	if (s.type < PGP_SIG_CERT_GENERIC || s.type > PGP_SIG_CERT_POSITIVE ||
	    se != NULL || pd->uid == SIZE_MAX || pd->uattr ||
	    !verify_over(&s, &pe->key, &pe->key, NULL, pd->uidp, pd->uidn))
		return 0;
	return add_binding(pe, &s, pd->uid);
}

static int
push_pending(struct loader *ld, const struct pgp_packet *pkt, size_t cert,
    size_t sub, size_t uid, const struct pgp_packet *uidpkt, bool uattr)
{
	struct pending *pd;

	if ((pd = grow(ld->sigs, &ld->cap, ld->nsigs + 1,
	    sizeof(*pd))) == NULL)
		return -1;
	ld->sigs = pd;
	pd = &ld->sigs[ld->nsigs++];
	pd->body = pkt->body;
	pd->len = pkt->len;
	pd->cert = cert;
	pd->sub = sub;
	pd->uid = uid;
	pd->uidp = uidpkt != NULL ? uidpkt->body : NULL;
	pd->uidn = uidpkt != NULL ? uidpkt->len : 0;
	pd->uattr = uattr;
	return 0;
}

/* Appends a key packet as a new entry; 0, 1 (skipped: version), -1. */
static int
add_key(struct pgp_keyring *k, size_t *capk, const struct pgp_packet *pkt,
    size_t cert, bool primary, char *why, size_t whylen)
{
	struct pgp_keyent *e;
	int rc;

	if ((e = grow(k->keys, capk, k->nkeys + 1, sizeof(*e))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	k->keys = e;
	e = &k->keys[k->nkeys];
	memset(e, 0, sizeof(*e));
	if ((rc = pgp_key_parse(pkt->body, pkt->len, &e->key, why,
	    whylen)) == -2)
		return 1;
	if (rc != 0)
		return -1;
	e->cert = cert;
	e->primary = primary;
	k->nkeys++;
	return 0;
}

/* Picks each certificate's user id: the primary one, else the first. */
static void
choose_uid(struct pgp_keyring *k, size_t from)
{
	const struct pgp_binding *b, *best;
	struct pgp_keyent *pe;
	size_t i, j;

	for (i = from; i < k->ncerts; i++) {
		pe = &k->keys[k->certs[i].primary];
		best = NULL;
		for (j = 0; j < pe->nbind; j++) {
			b = &pe->bind[j];
			if (b->uid == SIZE_MAX)
				continue;
			if (best == NULL ||
			    (b->primary_uid && !best->primary_uid) ||
			    (b->primary_uid == best->primary_uid &&
			    (b->primary_uid ? b->created > best->created :
			    b->uid < best->uid)))
				best = b;
		}
		k->certs[i].chosen = best != NULL ? best->uid : SIZE_MAX;
	}
}

/*
 * Reads the packets of one decoded keyring into k.  0, or -1 with why
 * set (k is then rolled back by the caller).
 */
static int
load_blob(struct loader *ld, const unsigned char *p, size_t n,
    const char *name, char *why, size_t whylen)
{
	struct pgp_keyring *k = ld->ring;
	struct pgp_reader rd = { p, n, 0 };
	struct pgp_packet pkt, uidpkt;
	struct pgp_cert *c;
	size_t capk = k->nkeys, capc = k->ncerts, cert = SIZE_MAX;
	size_t sub = SIZE_MAX, uid = SIZE_MAX, firstcert = k->ncerts, i;
	bool skipping = false, uattr = false;
	char *u, **uids;
	int rc;

	memset(&uidpkt, 0, sizeof(uidpkt));
	while ((rc = pgp_next_packet(&rd, &pkt, why, whylen)) == 1) {
		switch (pkt.tag) {
		case PGP_TAG_SECKEY:
		case PGP_TAG_SECSUBKEY:
			snprintf(why, whylen, "holds secret key material; "
			    "give the public key only");
			return -1;
		case PGP_TAG_PUBKEY:
			if ((c = grow(k->certs, &capc, k->ncerts + 1,
			    sizeof(*c))) == NULL)
				goto nomem;
			k->certs = c;
			c = &k->certs[k->ncerts];
			memset(c, 0, sizeof(*c));
			c->primary = k->nkeys;
			c->chosen = SIZE_MAX;
			snprintf(c->name, sizeof(c->name), "%s", name);
			if ((rc = add_key(k, &capk, &pkt, k->ncerts, true, why,
			    whylen)) == -1)
				return -1;
			skipping = rc == 1;
			if (!skipping)
				cert = k->ncerts++;
			sub = uid = SIZE_MAX;
			uattr = false;
			break;
		case PGP_TAG_PUBSUBKEY:
			if (skipping)
				break;
			if (cert == SIZE_MAX) {
				snprintf(why, whylen, "subkey before any "
				    "primary key");
				return -1;
			}
			sub = k->nkeys;
			if ((rc = add_key(k, &capk, &pkt, cert, false, why,
			    whylen)) == -1)
				return -1;
			if (rc == 1)
				sub = SIZE_MAX;
			uid = SIZE_MAX;
			uattr = false;
			break;
		case PGP_TAG_UID:
			if (skipping || cert == SIZE_MAX)
				break;
			c = &k->certs[cert];
			if ((u = uid_copy(pkt.body, pkt.len)) == NULL ||
			    (uids = realloc(c->uids, (c->nuids + 1) *
			    sizeof(*uids))) == NULL) {
				free(u);
				goto nomem;
			}
			c->uids = uids;
			uid = c->nuids;
			c->uids[c->nuids++] = u;
			uidpkt = pkt;
			sub = SIZE_MAX;
			uattr = false;
			break;
		case PGP_TAG_UATTR:
			uattr = true;
			uid = SIZE_MAX;
			break;
		case PGP_TAG_SIG:
			if (skipping || cert == SIZE_MAX)
				break;
			/* After a skipped subkey, its bindings match nothing. */
			if (push_pending(ld, &pkt, cert, sub, uid,
			    uid != SIZE_MAX ? &uidpkt : NULL, uattr) == -1)
				goto nomem;
			break;
		default:
			/* Trust, marker, padding and unknown packets. */
			break;
		}
	}
	if (rc == -1)
		return -1;
	for (i = 0; i < ld->nsigs; i++)
		if (check_selfsig(ld, &ld->sigs[i]) == -1)
			goto nomem;
	ld->nsigs = 0;
	choose_uid(k, firstcert);
	return 0;
 nomem:
	snprintf(why, whylen, "out of memory");
	return -1;
}

/* Does p[0, n) hold the string s anywhere? */
static bool
holds(const unsigned char *p, size_t n, const char *s)
{
	size_t len = strlen(s), i;

	for (i = 0; n >= len && i <= n - len; i++)
		if (p[i] == (unsigned char)s[0] && memcmp(p + i, s, len) == 0)
			return true;
	return false;
}

/* The first packet's tag, when p starts with a packet header. */
static int
first_tag(const unsigned char *p, size_t n)
{
	if (n < 2 || (p[0] & 0x80) == 0)
		return -1;
	return p[0] & 0x40 ? p[0] & 0x3f : (p[0] >> 2) & 0x0f;
}

/* Keeps blob in the ring, which frees it; 0 or -1 (blob freed). */
static int
keep_blob(struct pgp_keyring *k, unsigned char *blob)
{
	unsigned char **b;

	if ((b = realloc(k->blobs, (k->nblobs + 1) * sizeof(*b))) == NULL) {
		free(blob);
		return -1;
	}
	k->blobs = b;
	k->blobs[k->nblobs++] = blob;
	return 0;
}

enum sig_trust_add
pgp_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	struct loader ld;
	struct pgp_keyring *k;
	unsigned char *blob = NULL;
	size_t off = 0, len, nkeys, ncerts, blocks = 0, i;
	enum sig_trust_add r = SIG_TRUST_BAD;
	bool armoured;
	int tag, rc;

	/* Armour may follow other text, as in a key published on a page. */
	armoured = holds(p, n, "-----BEGIN PGP PUBLIC KEY BLOCK-----");
	if (holds(p, n, "-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
		snprintf(why, whylen, "an OpenPGP secret key block; give the "
		    "public key only");
		return SIG_TRUST_BAD;
	}
	tag = first_tag(p, n);
	if (!armoured && tag != PGP_TAG_PUBKEY && tag != PGP_TAG_SECKEY)
		return SIG_TRUST_NOT_MINE;
	if (t->pgp == NULL && (t->pgp = calloc(1, sizeof(*t->pgp))) == NULL) {
		snprintf(why, whylen, "out of memory");
		return SIG_TRUST_BAD;
	}
	k = t->pgp;
	memset(&ld, 0, sizeof(ld));
	ld.ring = k;
	nkeys = k->nkeys;
	ncerts = k->ncerts;
	for (;;) {
		if (armoured) {
			rc = pgp_armor_next(p, n, &off, "PUBLIC KEY BLOCK",
			    &blob, &len, why, whylen);
			if (rc == -1)
				goto out;
			if (rc == 0)
				break;
		} else {
			if (blocks > 0)
				break;
			if ((blob = malloc(n)) == NULL) {
				snprintf(why, whylen, "out of memory");
				goto out;
			}
			memcpy(blob, p, n);
			len = n;
		}
		blocks++;
		if (keep_blob(k, blob) == -1) {
			snprintf(why, whylen, "out of memory");
			goto out;
		}
		if (load_blob(&ld, blob, len, name, why, whylen) == -1)
			goto out;
	}
	for (i = ncerts; i < k->ncerts; i++)
		if (k->keys[k->certs[i].primary].key.pkey != NULL)
			break;
	if (i == k->ncerts) {
		snprintf(why, whylen, "no OpenPGP public key usable for "
		    "verifying");
		goto out;
	}
	r = SIG_TRUST_ADDED;
 out:
	if (r != SIG_TRUST_ADDED)
		rollback(k, nkeys, ncerts);
	free(ld.sigs);
	return r;
}
