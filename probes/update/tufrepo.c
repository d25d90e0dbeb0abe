/*
 * Checking one shipped TUF repository (tufrepo.h), in the order a client
 * would: the root chain first, then timestamp, snapshot, targets and the
 * delegations, each against the keys of the role that vouches for it.
 * Every step reports what it found and carries on, so one broken file
 * does not hide the state of the others.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "tufkeys.h"
#include "tufrepo.h"
#include "tufverify.h"

/* Delegations followed at most this deep, and this many roles in all. */
#define MAX_DELEGATION_DEPTH	8
#define MAX_DELEGATED_ROLES	256

struct mfile {
	size_t idx;			/* index into the caller's files */
	struct tuf_meta m;
	char role[128];			/* role name: "root", "targets", ... */
	bool ignored;			/* a copy, or an older version */
};

struct repo {
	const struct tuf_file *files;
	struct mfile *mf;
	size_t nmf;
	int64_t now;
	tuf_report_fn fn;
	void *arg;
	size_t failures;		/* findings that are not info */
	size_t delegated;		/* delegated roles visited */
	json_t *summary;		/* role -> facts, for update.tuf-valid */
};

static void
emit(struct repo *r, const char *rule, const struct mfile *f,
    unsigned long line, json_t *ev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Reports rule on f; takes ev (NULL for none) and adds file and role. */
static void
emit(struct repo *r, const char *rule, const struct mfile *f,
    unsigned long line, json_t *ev, const char *fmt, ...)
{
	struct tuf_report rep;
	char msg[512];
	va_list ap;

	if (ev == NULL)
		ev = json_object();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ev != NULL) {
		json_object_set_new(ev, "file",
		    json_string(r->files[f->idx].path));
		if (f->role[0] != '\0')
			json_object_set_new(ev, "role", json_string(f->role));
	}
	/* Advice about key management does not make metadata invalid. */
	if (strcmp(rule, "update.tuf-valid") != 0 &&
	    strcmp(rule, "update.tuf-keyid-mismatch") != 0 &&
	    strcmp(rule, "update.tuf-weak-roles") != 0 &&
	    strcmp(rule, "update.tuf-weak-target-hash") != 0)
		r->failures++;
	rep.rule = rule;
	rep.file = f->idx;
	rep.line = line;
	rep.evidence = ev;
	rep.message = msg;
	r->fn(r->arg, &rep);
	json_decref(ev);
}

/* "12.root.json" -> "root"; "a/b/claimed.json" -> "claimed". */
static void
role_from_name(const char *path, const char *type, char *out, size_t outlen)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n, i = 0;

	base = base != NULL ? base + 1 : path;
	while (base[i] >= '0' && base[i] <= '9')
		i++;
	if (i > 0 && base[i] == '.')
		base += i + 1;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	dot = base;
	if (strcmp(type, "targets") != 0 || n == 0 || n >= outlen)
		snprintf(out, outlen, "%s", type);
	else
		snprintf(out, outlen, "%.*s", (int)n, dot);
}

static bool
spec_major_is_1(const char *v)
{
	return v[0] == '1' && (v[1] == '\0' || v[1] == '.');
}

/*
 * Counts f's signatures for role (looked up in ks).  With report, reports
 * a malformed role, bad signatures and a missed threshold; returns
 * whether the threshold was met.  *countp (when not NULL) gets the number
 * of distinct keys that verified.
 */
static bool
check_sigs(struct repo *r, const struct mfile *f, const struct tuf_keyset *ks,
    const json_t *role, const char *signer, bool report, size_t *countp,
    json_t **validp)
{
	struct tuf_sigcount c;
	char why[160];
	json_t *ev;
	bool met = false;

	if (countp != NULL)
		*countp = 0;
	if (validp != NULL)
		*validp = NULL;
	if (tuf_sigcount(&f->m, ks, role, &c, why, sizeof(why)) == -1) {
		if (report)
			emit(r, "update.tuf-parse-error", f, 0,
			    json_pack("{s:s}", "reason", why),
			    "%s metadata cannot be checked: %s", f->role,
			    why);
		goto out;
	}
	met = (int64_t)c.valid >= c.threshold;
	if (countp != NULL)
		*countp = c.valid;
	if (validp != NULL)
		*validp = json_incref(c.valid_keyids);
	if (report && json_array_size(c.bad_keyids) > 0)
		emit(r, "update.tuf-bad-signature", f, 0,
		    json_pack("{s:s,s:O,s:O}", "signer", signer,
		    "bad_keyids", c.bad_keyids, "valid_keyids",
		    c.valid_keyids),
		    "%zu signature(s) on %s metadata do not verify with the "
		    "%s keys", json_array_size(c.bad_keyids), f->role, signer);
	if (!met && report) {
		ev = json_pack("{s:s,s:I,s:I,s:O,s:O,s:O,s:O,s:I}",
		    "signer", signer, "threshold", (json_int_t)c.threshold,
		    "valid", (json_int_t)c.valid,
		    "valid_keyids", c.valid_keyids,
		    "bad_keyids", c.bad_keyids,
		    "unusable_keyids", c.unusable_keyids,
		    "repeated_keyids", c.repeated_keyids,
		    "placeholders", (json_int_t)c.placeholders);
		emit(r, "update.tuf-threshold-not-met", f, 0, ev,
		    "%s metadata has %zu valid signature(s) from distinct %s "
		    "keys; %lld needed", f->role, c.valid, signer,
		    (long long)c.threshold);
	}
 out:
	tuf_sigcount_release(&c);
	return met;
}

static void
check_expiry(struct repo *r, const struct mfile *f)
{
	if (f->m.expires > r->now)
		return;
	emit(r, "update.tuf-expired", f, 0,
	    json_pack("{s:s,s:I,s:I}", "expires", f->m.expires_text,
	    "version", (json_int_t)f->m.version,
	    "days_ago", (json_int_t)((r->now - f->m.expires) / 86400)),
	    "%s metadata version %lld expired at %s", f->role,
	    (long long)f->m.version, f->m.expires_text);
}

/* Keys whose keyid is not the SHA-256 of the key, and keys under two ids. */
static void
check_keyids(struct repo *r, const struct mfile *f,
    const struct tuf_keyset *ks, const char *where)
{
	json_t *mismatch = json_array(), *shared = json_array();
	size_t i, j;

	for (i = 0; i < ks->n; i++) {
		const struct tuf_key *k = &ks->keys[i];

		if (k->computed_id[0] != '\0' &&
		    strcmp(k->computed_id, k->keyid) != 0)
			json_array_append_new(mismatch, json_pack("{s:s,s:s}",
			    "keyid", k->keyid, "computed", k->computed_id));
		for (j = i + 1; k->pkey != NULL && j < ks->n; j++)
			if (ks->keys[j].pkey != NULL &&
			    strcmp(k->fpr, ks->keys[j].fpr) == 0)
				json_array_append_new(shared,
				    json_pack("[s,s]", k->keyid,
				    ks->keys[j].keyid));
	}
	if (json_array_size(mismatch) > 0 || json_array_size(shared) > 0)
		emit(r, "update.tuf-keyid-mismatch", f, 0,
		    json_pack("{s:s,s:O,s:O}", "keys", where,
		    "not_sha256_of_key", mismatch, "one_key_two_keyids",
		    shared),
		    "%zu key id(s) in %s are not the SHA-256 of their key and "
		    "%zu key(s) appear under two ids", json_array_size(mismatch),
		    where, json_array_size(shared));
	json_decref(mismatch);
	json_decref(shared);
}

/* Reports keys that role authorises but that cannot be used. */
static void
check_usable(struct repo *r, const struct mfile *f,
    const struct tuf_keyset *ks, const json_t *role, const char *signer)
{
	const json_t *keyids = json_object_get(role, "keyids");
	const struct tuf_key *k;
	json_t *bad = json_array();
	const char *id;
	size_t i;

	for (i = 0; i < json_array_size(keyids); i++) {
		if ((id = json_string_value(json_array_get(keyids, i))) ==
		    NULL)
			continue;
		if ((k = tuf_keyset_find(ks, id)) == NULL)
			json_array_append_new(bad, json_pack("{s:s,s:s}",
			    "keyid", id, "reason", "not in the keys map"));
		else if (k->pkey == NULL)
			json_array_append_new(bad, json_pack("{s:s,s:s}",
			    "keyid", id, "reason", k->why));
	}
	if (json_array_size(bad) > 0)
		emit(r, "update.tuf-unsupported-key", f, 0,
		    json_pack("{s:s,s:O}", "signer", signer, "keys", bad),
		    "%zu %s key(s) cannot be used to verify signatures",
		    json_array_size(bad), signer);
	json_decref(bad);
}

static int
by_version(const void *a, const void *b)
{
	const struct mfile *x = *(const struct mfile *const *)a;
	const struct mfile *y = *(const struct mfile *const *)b;

	if (x->m.version != y->m.version)
		return x->m.version < y->m.version ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* "12.root.json": a consistent-snapshot or history copy. */
static bool
versioned_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	return base[0] >= '0' && base[0] <= '9';
}

/*
 * Of two copies of one version, keep the one a client reads (root.json
 * over 12.root.json), else the first: true when b wins over a.
 */
static bool
prefer(const struct repo *r, const struct mfile *b, const struct mfile *a)
{
	bool va = versioned_name(r->files[a->idx].path);
	bool vb = versioned_name(r->files[b->idx].path);

	if (va != vb)
		return va;
	return b->idx < a->idx;
}

/*
 * Marks copies and older versions of each role ignored; reports two
 * different files claiming the same version.  Roots are all kept: they
 * form the chain.
 */
static void
select_versions(struct repo *r)
{
	struct mfile *a, *b;
	size_t i, j;

	for (i = 0; i < r->nmf; i++) {
		a = &r->mf[i];
		for (j = 0; j < r->nmf && !a->ignored; j++) {
			b = &r->mf[j];
			if (i == j || b->ignored || strcmp(a->role, b->role) != 0 ||
			    strcmp(a->m.type, b->m.type) != 0)
				continue;
			if (a->m.version == b->m.version) {
				if (a->m.canonlen != b->m.canonlen ||
				    memcmp(a->m.canon, b->m.canon,
				    a->m.canonlen) != 0) {
					if (i < j)
						emit(r,
						    "update.tuf-version-mismatch",
						    b, 0, json_pack("{s:s,s:I}",
						    "other_file",
						    r->files[a->idx].path,
						    "version",
						    (json_int_t)a->m.version),
						    "two different %s files "
						    "claim version %lld",
						    a->role,
						    (long long)a->m.version);
				}
				if (prefer(r, b, a))
					a->ignored = true;
			} else if (a->m.version < b->m.version &&
			    strcmp(a->m.type, "root") != 0)
				a->ignored = true;
		}
	}
}

static struct mfile *
find_role(struct repo *r, const char *type, const char *role)
{
	size_t i;

	for (i = 0; i < r->nmf; i++)
		if (!r->mf[i].ignored && strcmp(r->mf[i].m.type, type) == 0 &&
		    strcmp(r->mf[i].role, role) == 0)
			return &r->mf[i];
	return NULL;
}

static void
note_role(struct repo *r, const struct mfile *f, size_t valid,
    int64_t threshold)
{
	json_object_set_new(r->summary, f->role, json_pack("{s:I,s:s,s:s,"
	    "s:I,s:I}", "version", (json_int_t)f->m.version, "expires",
	    f->m.expires_text, "file", r->files[f->idx].path, "threshold",
	    (json_int_t)threshold, "valid_signatures", (json_int_t)valid));
}

/* Paths kept in evidence per list; the count is always exact. */
#define MAX_PATHS_SHOWN	50

/*
 * Each target must give a length and hashes (the specification requires
 * both); a target with only MD5 or SHA-1 is protected only by those.
 */
static void
check_target_entries(struct repo *r, const struct mfile *f)
{
	const json_t *targets = json_object_get(f->m.signed_part, "targets");
	const json_t *t, *hashes;
	json_t *missing = json_array(), *weak = json_array();
	size_t nmissing = 0, nweak = 0;
	const char *path;

	if (!json_is_object(targets)) {
		emit(r, "update.tuf-parse-error", f, 0, NULL,
		    "%s metadata has no \"targets\" object", f->role);
		goto out;
	}
	json_object_foreach((json_t *)(uintptr_t)targets, path, t) {
		hashes = json_object_get(t, "hashes");
		if (!json_is_integer(json_object_get(t, "length")) ||
		    json_object_size(hashes) == 0) {
			if (nmissing++ < MAX_PATHS_SHOWN)
				json_array_append_new(missing,
				    json_string(path));
		} else if (json_object_get(hashes, "sha256") == NULL &&
		    json_object_get(hashes, "sha384") == NULL &&
		    json_object_get(hashes, "sha512") == NULL) {
			if (nweak++ < MAX_PATHS_SHOWN)
				json_array_append_new(weak, json_string(path));
		}
	}
	if (nmissing > 0)
		emit(r, "update.tuf-parse-error", f, 0,
		    json_pack("{s:I,s:O}", "count", (json_int_t)nmissing,
		    "targets", missing),
		    "%zu target(s) in %s metadata lack a length or hashes",
		    nmissing, f->role);
	if (nweak > 0)
		emit(r, "update.tuf-weak-target-hash", f, 0,
		    json_pack("{s:I,s:O}", "count", (json_int_t)nweak,
		    "targets", weak),
		    "%zu target(s) in %s metadata have no SHA-2 hash", nweak,
		    f->role);
 out:
	json_decref(missing);
	json_decref(weak);
}

/* Checks a role's file with the keys and role entry of its delegator. */
static void
check_role(struct repo *r, const struct mfile *f, const struct tuf_keyset *ks,
    const json_t *role, const char *signer)
{
	size_t valid = 0;

	check_usable(r, f, ks, role, signer);
	(void)check_sigs(r, f, ks, role, signer, true, &valid, NULL);
	check_expiry(r, f);
	if (strcmp(f->m.type, "targets") == 0)
		check_target_entries(r, f);
	note_role(r, f, valid, json_integer_value(json_object_get(role,
	    "threshold")));
}

/* Root cur must be prev's successor and meet prev's root threshold. */
static void
check_rotation(struct repo *r, const struct mfile *prev,
    const struct tuf_keyset *prevks, const json_t *prevrole,
    const struct mfile *cur)
{
	json_t *validids = NULL;
	size_t valid = 0;

	if (cur->m.version != prev->m.version + 1) {
		emit(r, "update.tuf-rotation-broken", cur, 0,
		    json_pack("{s:I,s:I}", "version",
		    (json_int_t)cur->m.version, "previous_version",
		    (json_int_t)prev->m.version),
		    "root version %lld follows version %lld: the versions "
		    "between are missing, so the rotation cannot be verified",
		    (long long)cur->m.version, (long long)prev->m.version);
		return;
	}
	if (check_sigs(r, cur, prevks, prevrole, "previous root", false,
	    &valid, &validids))
		goto out;
	emit(r, "update.tuf-rotation-broken", cur, 0,
	    json_pack("{s:I,s:I,s:I,s:O?,s:s}", "version",
	    (json_int_t)cur->m.version, "threshold",
	    json_integer_value(json_object_get(prevrole, "threshold")),
	    "valid", (json_int_t)valid, "valid_keyids", validids,
	    "previous_file", r->files[prev->idx].path),
	    "root version %lld is not signed by a threshold of version "
	    "%lld's root keys", (long long)cur->m.version,
	    (long long)prev->m.version);
 out:
	json_decref(validids);
}

/*
 * The root chain: each root must meet its own threshold, and each root
 * after the first must also meet the threshold of the previous root's
 * root role and be exactly one version newer.  Returns the newest root
 * and its keys (in *ks), or NULL when there is none usable.
 */
static struct mfile *
check_root_chain(struct repo *r, struct tuf_keyset *ks)
{
	struct mfile **roots = NULL, *prev = NULL, *cur, *newest = NULL;
	struct tuf_keyset prevks, curks;
	const json_t *roles, *prevrole = NULL;
	size_t i, n = 0, valid = 0;
	char why[160];

	memset(&prevks, 0, sizeof(prevks));
	memset(ks, 0, sizeof(*ks));
	if ((roots = calloc(r->nmf + 1, sizeof(*roots))) == NULL)
		return NULL;
	for (i = 0; i < r->nmf; i++)
		if (!r->mf[i].ignored && strcmp(r->mf[i].m.type, "root") == 0)
			roots[n++] = &r->mf[i];
	qsort(roots, n, sizeof(*roots), by_version);
	for (i = 0; i < n; i++) {
		cur = roots[i];
		roles = json_object_get(cur->m.signed_part, "roles");
		why[0] = '\0';
		if (tuf_keyset_load(&curks, json_object_get(cur->m.signed_part,
		    "keys"), why, sizeof(why)) == 0 &&
		    (!json_is_object(json_object_get(roles, "root")) ||
		    !json_is_object(json_object_get(roles, "timestamp")) ||
		    !json_is_object(json_object_get(roles, "snapshot")) ||
		    !json_is_object(json_object_get(roles, "targets"))))
			snprintf(why, sizeof(why), "a top-level role is "
			    "missing from \"roles\"");
		if (why[0] != '\0') {
			emit(r, "update.tuf-parse-error", cur, 0,
			    json_pack("{s:s,s:I}", "reason", why, "version",
			    (json_int_t)cur->m.version),
			    "root version %lld is unusable: %s",
			    (long long)cur->m.version, why);
			tuf_keyset_release(&curks);
			continue;
		}
		if (prev != NULL)
			check_rotation(r, prev, &prevks, prevrole, cur);
		check_usable(r, cur, &curks, json_object_get(roles, "root"),
		    "root");
		(void)check_sigs(r, cur, &curks, json_object_get(roles,
		    "root"), "root", true, &valid, NULL);
		tuf_keyset_release(&prevks);
		prevks = curks;
		memset(&curks, 0, sizeof(curks));
		prev = cur;
		prevrole = json_object_get(roles, "root");
		newest = cur;
	}
	if (newest != NULL) {
		*ks = prevks;
		check_keyids(r, newest, ks, "root");
		check_expiry(r, newest);
		note_role(r, newest, valid, json_integer_value(
		    json_object_get(prevrole, "threshold")));
	} else
		tuf_keyset_release(&prevks);
	free(roots);
	return newest;
}

/* Digest names TUF metadata uses that OpenSSL computes. */
static const EVP_MD *
hash_md(const char *name)
{
	if (strcmp(name, "sha256") == 0)
		return EVP_sha256();
	if (strcmp(name, "sha512") == 0)
		return EVP_sha512();
	if (strcmp(name, "sha384") == 0)
		return EVP_sha384();
	if (strcmp(name, "sha224") == 0)
		return EVP_sha224();
	return NULL;
}

/*
 * Compares a "meta" entry ({"version", "length"?, "hashes"?}) written in
 * lister with the file f it describes.
 */
static void
check_meta_entry(struct repo *r, const struct mfile *lister,
    const char *name, const json_t *entry, const struct mfile *f)
{
	const struct tuf_file *file = &r->files[f->idx];
	const json_t *ver = json_object_get(entry, "version");
	const json_t *len = json_object_get(entry, "length");
	const json_t *hashes = json_object_get(entry, "hashes"), *want;
	static const char hexd[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	json_t *bad = json_array();
	const EVP_MD *type;
	const char *alg;
	unsigned mdlen, i;

	if (!json_is_integer(ver)) {
		emit(r, "update.tuf-parse-error", lister, 0,
		    json_pack("{s:s}", "entry", name),
		    "%s metadata lists %s without an integer version",
		    lister->role, name);
		goto out;
	}
	if (json_integer_value(ver) != f->m.version)
		emit(r, "update.tuf-version-mismatch", lister, 0,
		    json_pack("{s:s,s:I,s:I,s:s}", "entry", name, "listed",
		    (json_int_t)json_integer_value(ver), "shipped",
		    (json_int_t)f->m.version, "shipped_file", file->path),
		    "%s metadata lists %s version %lld but version %lld is "
		    "shipped", lister->role, name,
		    (long long)json_integer_value(ver),
		    (long long)f->m.version);
	if (json_is_integer(len) && json_integer_value(len) >= 0 &&
	    (uint64_t)json_integer_value(len) != (uint64_t)file->len)
		json_array_append_new(bad, json_pack("{s:s,s:I,s:I}", "what",
		    "length", "listed", (json_int_t)json_integer_value(len),
		    "shipped", (json_int_t)file->len));
	json_object_foreach((json_t *)(uintptr_t)hashes, alg, want) {
		if ((type = hash_md(alg)) == NULL || !json_is_string(want) ||
		    EVP_Digest(file->data, file->len, md, &mdlen, type,
		    NULL) != 1)
			continue;
		for (i = 0; i < mdlen; i++) {
			hex[2 * i] = hexd[md[i] >> 4];
			hex[2 * i + 1] = hexd[md[i] & 15];
		}
		hex[2 * mdlen] = '\0';
		if (strcmp(hex, json_string_value(want)) != 0)
			json_array_append_new(bad, json_pack("{s:s,s:s,s:s}",
			    "what", alg, "listed", json_string_value(want),
			    "shipped", hex));
	}
	if (json_array_size(bad) > 0)
		emit(r, "update.tuf-hash-mismatch", lister, 0,
		    json_pack("{s:s,s:s,s:O}", "entry", name, "shipped_file",
		    file->path, "mismatches", bad),
		    "%s metadata lists a length or hash for %s that the "
		    "shipped %s does not have", lister->role, name, file->path);
 out:
	json_decref(bad);
}

/* Follows targets delegations from f (already checked) depth-first. */
static void
check_delegations(struct repo *r, const struct mfile *f, unsigned depth)
{
	const json_t *deleg = json_object_get(f->m.signed_part, "delegations");
	const json_t *roles, *role;
	struct tuf_keyset ks;
	struct mfile *child;
	const char *name;
	char why[160];
	size_t i;

	if (deleg == NULL)
		return;
	roles = json_object_get(deleg, "roles");
	if (tuf_keyset_load(&ks, json_object_get(deleg, "keys"), why,
	    sizeof(why)) == -1 || !json_is_array(roles)) {
		emit(r, "update.tuf-parse-error", f, 0,
		    json_pack("{s:s}", "reason", "delegations need \"keys\" "
		    "and \"roles\""), "%s delegations are malformed", f->role);
		goto out;
	}
	check_keyids(r, f, &ks, "delegations");
	for (i = 0; i < json_array_size(roles); i++) {
		role = json_array_get(roles, i);
		if ((name = json_string_value(json_object_get(role,
		    "name"))) == NULL)
			continue;
		if ((child = find_role(r, "targets", name)) == NULL ||
		    child == f || child->ignored)
			continue;
		if (depth >= MAX_DELEGATION_DEPTH ||
		    r->delegated >= MAX_DELEGATED_ROLES)
			break;
		r->delegated++;
		/* Visited once: a cycle of delegations ends here. */
		child->ignored = true;
		check_role(r, child, &ks, role, f->role);
		check_delegations(r, child, depth + 1);
	}
 out:
	tuf_keyset_release(&ks);
}

/* Snapshot must list every shipped targets file at its shipped version. */
static void
check_snapshot_meta(struct repo *r, const struct mfile *snap)
{
	const json_t *meta = json_object_get(snap->m.signed_part, "meta");
	const json_t *entry;
	char name[160];
	size_t i;

	if (!json_is_object(meta)) {
		emit(r, "update.tuf-parse-error", snap, 0, NULL,
		    "snapshot metadata has no \"meta\" object");
		return;
	}
	for (i = 0; i < r->nmf; i++) {
		const struct mfile *t = &r->mf[i];

		if (t->ignored || strcmp(t->m.type, "targets") != 0)
			continue;
		snprintf(name, sizeof(name), "%s.json", t->role);
		if ((entry = json_object_get(meta, name)) != NULL)
			check_meta_entry(r, snap, name, entry, t);
		else
			emit(r, "update.tuf-version-mismatch", snap, 0,
			    json_pack("{s:s,s:s}", "entry", name,
			    "shipped_file", r->files[t->idx].path),
			    "snapshot metadata does not list the shipped %s",
			    name);
	}
}

static void
check_top_level(struct repo *r, const struct mfile *root,
    const struct tuf_keyset *ks)
{
	const json_t *roles = json_object_get(root->m.signed_part, "roles");
	struct mfile *ts, *snap, *targets;
	const json_t *meta, *entry;

	ts = find_role(r, "timestamp", "timestamp");
	snap = find_role(r, "snapshot", "snapshot");
	targets = find_role(r, "targets", "targets");
	if (ts != NULL) {
		check_role(r, ts, ks, json_object_get(roles, "timestamp"),
		    "timestamp");
		meta = json_object_get(ts->m.signed_part, "meta");
		if ((entry = json_object_get(meta, "snapshot.json")) == NULL)
			emit(r, "update.tuf-parse-error", ts, 0, NULL,
			    "timestamp metadata does not list snapshot.json");
		else if (snap != NULL)
			check_meta_entry(r, ts, "snapshot.json", entry, snap);
	}
	if (snap != NULL) {
		check_role(r, snap, ks, json_object_get(roles, "snapshot"),
		    "snapshot");
		check_snapshot_meta(r, snap);
	}
	if (targets != NULL) {
		check_role(r, targets, ks, json_object_get(roles, "targets"),
		    "targets");
		targets->ignored = true;
		check_delegations(r, targets, 1);
	}
}

/* Public-key fingerprints of the keys role lists, into fprs (strings). */
static void
role_fprs(const struct tuf_keyset *ks, const json_t *role, json_t *fprs)
{
	const json_t *keyids = json_object_get(role, "keyids");
	const struct tuf_key *k;
	const char *id;
	size_t i;

	for (i = 0; i < json_array_size(keyids); i++) {
		if ((id = json_string_value(json_array_get(keyids, i))) ==
		    NULL || (k = tuf_keyset_find(ks, id)) == NULL ||
		    k->pkey == NULL)
			continue;
		json_array_append_new(fprs, json_pack("{s:s,s:s}", "fpr",
		    k->fpr, "keyid", k->keyid));
	}
}

/*
 * The newest root's own design: a root threshold of 1, or a root key that
 * also signs for timestamp or snapshot, whose keys live online.
 */
static void
check_separation(struct repo *r, const struct mfile *root,
    const struct tuf_keyset *ks)
{
	static const char *const online[] = { "timestamp", "snapshot" };
	const json_t *roles = json_object_get(root->m.signed_part, "roles");
	json_t *rootk = json_array(), *other = json_array();
	json_t *shared = json_array(), *a, *b;
	int64_t threshold = json_integer_value(json_object_get(
	    json_object_get(roles, "root"), "threshold"));
	size_t i, j, k;

	role_fprs(ks, json_object_get(roles, "root"), rootk);
	for (k = 0; k < sizeof(online) / sizeof(online[0]); k++) {
		json_array_clear(other);
		role_fprs(ks, json_object_get(roles, online[k]), other);
		json_array_foreach(other, i, a) {
			json_array_foreach(rootk, j, b) {
				if (strcmp(json_string_value(json_object_get(a,
				    "fpr")), json_string_value(
				    json_object_get(b, "fpr"))) == 0)
					json_array_append_new(shared,
					    json_pack("{s:s,s:O}", "role",
					    online[k], "keyid",
					    json_object_get(a, "keyid")));
			}
		}
	}
	if (json_array_size(shared) > 0)
		emit(r, "update.tuf-weak-roles", root, 0,
		    json_pack("{s:I,s:O}", "root_threshold",
		    (json_int_t)threshold, "root_keys_online", shared),
		    "root version %lld: %zu root key(s) also sign for "
		    "timestamp or snapshot, whose keys live online",
		    (long long)root->m.version, json_array_size(shared));
	else if (threshold == 1)
		emit(r, "update.tuf-weak-roles", root, 0,
		    json_pack("{s:I,s:O}", "root_threshold",
		    (json_int_t)threshold, "root_keys_online", shared),
		    "root version %lld needs a single signature: one stolen "
		    "root key replaces the whole chain of trust",
		    (long long)root->m.version);
	json_decref(rootk);
	json_decref(other);
	json_decref(shared);
}

/* Parses every file; reports the broken ones. */
static void
load_files(struct repo *r, size_t n)
{
	struct mfile *f;
	unsigned long line;
	enum tuf_parse p;
	char why[256];
	size_t i;

	for (i = 0; i < n; i++) {
		f = &r->mf[r->nmf];
		memset(f, 0, sizeof(*f));
		f->idx = i;
		p = tuf_meta_parse(&f->m, r->files[i].data, r->files[i].len,
		    &line, why, sizeof(why));
		if (p == TUF_NOT_METADATA)
			continue;
		if (p == TUF_BROKEN) {
			emit(r, "update.tuf-parse-error", f, line,
			    json_pack("{s:s}", "reason", why),
			    "TUF metadata does not parse: %s", why);
			continue;
		}
		r->nmf++;
		role_from_name(r->files[i].path, f->m.type, f->role,
		    sizeof(f->role));
		if (strcmp(f->m.type, "root") != 0 &&
		    strcmp(f->m.type, "timestamp") != 0 &&
		    strcmp(f->m.type, "snapshot") != 0 &&
		    strcmp(f->m.type, "targets") != 0) {
			/* mirrors.json and the like vouch for nothing here. */
			f->ignored = true;
			if (strcmp(f->m.type, "mirrors") != 0)
				emit(r, "update.tuf-parse-error", f, 0,
				    json_pack("{s:s}", "type", f->m.type),
				    "unknown TUF metadata type \"%.40s\"",
				    f->m.type);
			continue;
		}
		if (!spec_major_is_1(f->m.spec_version))
			emit(r, "update.tuf-spec-version", f, 0,
			    json_pack("{s:s}", "spec_version",
			    f->m.spec_version),
			    "%s metadata declares spec_version \"%.40s\", not "
			    "1.x", f->role, f->m.spec_version);
	}
}

size_t
tuf_repo_check(const struct tuf_file *files, size_t n, int64_t now,
    tuf_report_fn fn, void *arg)
{
	struct repo r;
	struct tuf_keyset ks;
	struct mfile *root;
	size_t i, found;

	memset(&r, 0, sizeof(r));
	memset(&ks, 0, sizeof(ks));
	r.files = files;
	r.now = now;
	r.fn = fn;
	r.arg = arg;
	if (n == 0 || (r.mf = calloc(n, sizeof(*r.mf))) == NULL ||
	    (r.summary = json_object()) == NULL)
		goto out;
	load_files(&r, n);
	select_versions(&r);
	root = check_root_chain(&r, &ks);
	if (root == NULL) {
		for (i = 0; i < r.nmf; i++)
			if (!r.mf[i].ignored &&
			    strcmp(r.mf[i].m.type, "root") != 0)
				emit(&r, "update.tuf-no-root", &r.mf[i], 0, NULL,
				    "%s metadata ships without a usable root "
				    "to verify it", r.mf[i].role);
		goto out;
	}
	check_top_level(&r, root, &ks);
	check_separation(&r, root, &ks);
	if (r.failures == 0)
		emit(&r, "update.tuf-valid", root, 0,
		    json_pack("{s:O,s:I}", "roles", r.summary, "as_of",
		    (json_int_t)now),
		    "TUF metadata verifies: root version %lld, %zu role(s)",
		    (long long)root->m.version, json_object_size(r.summary));
 out:
	found = r.nmf;
	for (i = 0; i < r.nmf; i++)
		tuf_meta_release(&r.mf[i].m);
	free(r.mf);
	tuf_keyset_release(&ks);
	json_decref(r.summary);
	return found;
}
