/*
 * Update bundles in the release: RAUC (.raucb), SWUpdate (.swu, which the
 * harness unpacks as cpio) and Mender artifacts (a tar holding
 * "manifest").  Each bundle gets one finding on its signature, made by the
 * signing probe's verifiers against the tester's --trust files, and
 * findings for members whose digests disagree with what the signed part
 * lists.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundles.h"
#include "update.h"

/* Bundles of each kind examined at most, and bytes read of a manifest. */
#define MAX_BUNDLES	256
#define DESC_MAX	((size_t)4 << 20)

struct bctx {
	struct assay_scan *scan;
	struct sig_trust trust;
	int64_t now;
	enum assay_err err;		/* first failure to report */
};

static void report(struct bctx *c, const char *rule,
    const struct assay_entry *e, unsigned long line, json_t *ev,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Reports rule on e with evidence ev (taken). */
static void
report(struct bctx *c, const char *rule, const struct assay_entry *e,
    unsigned long line, json_t *ev, const char *fmt, ...)
{
	struct assay_finding f;
	enum assay_err r;
	char msg[512], *text;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	text = ev != NULL ? json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS) :
	    NULL;
	f.rule = rule;
	f.entry = e;
	f.line = line;
	f.evidence = text;
	r = assay_scan_report(c->scan, &f, "%s", msg);
	if (r != ASSAY_OK && r != ASSAY_ERR_LIMIT && c->err == ASSAY_OK)
		c->err = r;
	free(text);
	json_decref(ev);
}

/* Reports the members of bundle whose SHA-256 differs (bad), if any. */
static void
report_mismatches(struct bctx *c, const struct assay_entry *e,
    const char *bundle, json_t *bad, const char *members, const char *list)
{
	if (json_array_size(bad) > 0)
		report(c, "update.bundle-hash-mismatch", e, 0,
		    json_pack("{s:s,s:O}", "bundle", bundle, "mismatches", bad),
		    "%zu %s differ from the SHA-256 in %s",
		    json_array_size(bad), members, list);
}

static json_t *
result_json(const char *kind, const struct sig_result *r)
{
	static const char *const names[] = { "valid", "invalid", "untrusted",
	    "unsupported", "malformed" };
	json_t *o = json_pack("{s:s,s:s}", "kind", kind, "status",
	    names[r->status]);

#define PUT(field)	if (r->field[0] != '\0')			\
		json_object_set_new(o, #field, json_string(r->field))
	PUT(reason);
	PUT(signer);
	PUT(issuer);
	PUT(key_id);
	PUT(key_fpr);
	PUT(key_alg);
	PUT(digest_alg);
	PUT(detail);
#undef PUT
	if (r->key_bits > 0)
		json_object_set_new(o, "key_bits", json_integer(r->key_bits));
	if (r->flags & SIG_WEAK_DIGEST)
		json_object_set_new(o, "weak_digest", json_true());
	if (r->flags & SIG_WEAK_KEY)
		json_object_set_new(o, "weak_key", json_true());
	if (r->flags & SIG_CERT_EXPIRED)
		json_object_set_new(o, "certificate_expired", json_true());
	return o;
}

/*
 * The one finding on a bundle's signature; facts (taken) describe the
 * bundle.  intact says the members matched what the signed part lists.
 */
static void
report_signature(struct bctx *c, const struct assay_entry *e,
    const char *bundle, const char *kind, const struct sig_result *r,
    json_t *facts, bool intact)
{
	json_object_set_new(facts, "bundle", json_string(bundle));
	json_object_set_new(facts, "signature", result_json(kind, r));
	switch (r->status) {
	case SIG_VALID:
		if (intact)
			report(c, "update.bundle-valid", e, 0, facts,
			    "%s bundle signature verifies (%s)", bundle,
			    r->signer[0] != '\0' ? r->signer : kind);
		else
			json_decref(facts);
		return;
	case SIG_INVALID:
	case SIG_MALFORMED:
		report(c, "update.bundle-signature-invalid", e, 0, facts,
		    "%s bundle signature does not verify: %s", bundle,
		    r->reason);
		return;
	case SIG_UNTRUSTED:
		report(c, "update.bundle-signature-untrusted", e, 0, facts,
		    "%s bundle signature verifies but no --trust anchor "
		    "vouches for its signer: %s", bundle, r->reason);
		return;
	case SIG_UNSUPPORTED:
		report(c, "update.bundle-signature-unverified", e, 0, facts,
		    "%s bundle carries a %s signature assay could not "
		    "verify: %s", bundle, kind, r->reason);
		return;
	}
	json_decref(facts);
}

/*
 * Verifies sig over the len bytes of text and reports the outcome on e;
 * facts (taken) and intact as for report_signature.
 */
static void
verify_detached(struct bctx *c, const struct assay_entry *e,
    const char *bundle, const unsigned char *text, size_t len,
    const unsigned char *sig, size_t siglen, json_t *facts, bool intact)
{
	struct sig_data d = { -1, len, text };
	struct sig_result r;
	const char *kind;

	bundle_verify_detached(&c->trust, &d, sig, siglen, c->now, &kind, &r);
	report_signature(c, e, bundle, kind, &r, facts, intact);
}

/* The members of one container, gathered in one pass over the inventory. */
struct members {
	const struct assay_entry *parent;
	const struct assay_entry **v;
	size_t n;
};

static void
members_release(struct members *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Gathers parent's members into m (released first).  0, or -1 (memory). */
static int
members_of(struct assay_scan *scan, const struct assay_entry *parent,
    struct members *m)
{
	const struct assay_entry *e, **v;
	size_t i, n = assay_scan_entry_count(scan), cap = 0;

	members_release(m);
	m->parent = parent;
	for (i = assay_entry_index(parent) + 1; i < n; i++) {
		if ((e = assay_scan_entry(scan, i)) == NULL ||
		    assay_entry_parent(e) != parent)
			continue;
		if (m->n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if ((v = reallocarray(m->v, cap, sizeof(*v))) == NULL) {
				members_release(m);
				return -1;
			}
			m->v = v;
		}
		m->v[m->n++] = e;
	}
	return 0;
}

/* The member named name; of duplicates, the last (the copy kept). */
static const struct assay_entry *
members_find(const struct members *m, const char *name)
{
	size_t i;

	for (i = m->n; i > 0; i--)
		if (strcmp(assay_entry_name(m->v[i - 1]), name) == 0)
			return m->v[i - 1];
	return NULL;
}

static void
sha_hex(const unsigned char *sha, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[sha[i] >> 4];
		out[2 * i + 1] = digits[sha[i] & 15];
	}
	out[64] = '\0';
}

/* Compares e's inventory digest with want; appends to bad when differing. */
static bool
digest_matches(const struct assay_entry *e, const char *name,
    const char *want, json_t *bad)
{
	const unsigned char *sha = assay_entry_sha256(e);
	char hex[65] = "";

	if (sha != NULL)
		sha_hex(sha, hex);
	if (strcmp(hex, want) == 0)
		return true;
	json_array_append_new(bad, json_pack("{s:s,s:s,s:s}", "member", name,
	    "listed", want, "shipped", hex));
	return false;
}

/* ---- RAUC ---------------------------------------------------------------- */

static void
check_rauc(struct bctx *c, const struct assay_entry *e)
{
	struct sig_data d = { -1, 0, NULL };
	struct rauc_layout l;
	struct cms_facts f;
	struct sig_result r;
	unsigned char head[4], *sig = NULL, *content = NULL;
	size_t content_len = 0;
	json_t *facts = NULL, *manifest;
	char why[160];
	int fd = -1;

	memset(&f, 0, sizeof(f));
	if (assay_entry_open(c->scan, e, &fd) != ASSAY_OK)
		return;
	d.fd = fd;
	d.size = assay_entry_size(e);
	if (sig_data_read(&d, 0, head, sizeof(head)) == -1 ||
	    !rauc_sniff(head, sizeof(head))) {
		report(c, "update.bundle-malformed", e, 0,
		    json_pack("{s:s}", "bundle", "rauc"),
		    "RAUC bundle does not start with a squashfs image");
		goto out;
	}
	if (rauc_layout_get(&d, &l, why, sizeof(why)) == -1) {
		report(c, "update.bundle-malformed", e, 0,
		    json_pack("{s:s,s:s}", "bundle", "rauc", "reason", why),
		    "RAUC bundle has no signature: %s", why);
		goto out;
	}
	if ((sig = malloc((size_t)l.sig_size)) == NULL ||
	    sig_data_read(&d, l.image_size, sig, (size_t)l.sig_size) == -1) {
		c->err = ASSAY_ERR_IO;
		goto out;
	}
	if (!cms_facts_get(sig, (size_t)l.sig_size, &f)) {
		report(c, "update.bundle-malformed", e, 0,
		    json_pack("{s:s,s:I}", "bundle", "rauc", "signature_size",
		    (json_int_t)l.sig_size),
		    "RAUC bundle's signature is not a CMS SignedData");
		goto out;
	}
	facts = json_pack("{s:I,s:I,s:i,s:i,s:s}", "image_size",
	    (json_int_t)l.image_size, "signature_size",
	    (json_int_t)l.sig_size, "signers", f.nsigners, "certificates",
	    f.ncerts, "cms_digest", f.digest);
	if (f.detached) {
		/* plain: the CMS signs the squashfs image itself. */
		json_object_set_new(facts, "format", json_string("plain"));
		d.size = l.image_size;
		sig_result_init(&r, "cms");
		cms_verify_detached(&c->trust, &d, sig, (size_t)l.sig_size,
		    c->now, false, &r);
	} else {
		/* verity or crypt: the CMS signs a manifest. */
		sig_result_init(&r, "cms");
		cms_verify_attached(&c->trust, sig, (size_t)l.sig_size,
		    c->now, false, &content, &content_len, &r);
		json_object_set_new(facts, "manifest_verified",
		    json_boolean(content != NULL && r.status == SIG_VALID));
		if (content == NULL && f.content != NULL) {
			content = f.content;
			content_len = f.content_len;
			f.content = NULL;
		}
		manifest = content != NULL ? rauc_manifest_facts(
		    (const char *)content, content_len) : NULL;
		json_object_set_new(facts, "format", json_string(
		    json_string_value(json_object_get(manifest, "format")) !=
		    NULL ? json_string_value(json_object_get(manifest,
		    "format")) : "verity"));
		if (manifest != NULL)
			json_object_set_new(facts, "manifest", manifest);
		/* The dm-verity tree needs the squashfs walked: not done. */
		json_object_set_new(facts, "verity_tree_checked",
		    json_false());
	}
	report_signature(c, e, "rauc", "cms", &r, facts, true);
 out:
	cms_facts_release(&f);
	free(content);
	free(sig);
	if (fd != -1)
		close(fd);
}

/* ---- SWUpdate ------------------------------------------------------------ */

static void
check_swupdate(struct bctx *c, const struct assay_entry *desc)
{
	const struct assay_entry *swu = assay_entry_parent(desc), *sige, *img;
	unsigned char *text = NULL, *sig = NULL;
	size_t len = 0, siglen = 0, i;
	json_t *facts, *bad, *unhashed, *absent;
	struct members mem = { NULL, NULL, 0 };
	struct swu_images imgs;

	memset(&imgs, 0, sizeof(imgs));
	if (assay_entry_read(c->scan, desc, DESC_MAX, &text, &len) !=
	    ASSAY_OK)
		return;
	if (members_of(c->scan, swu, &mem) == -1 ||
	    swu_parse_images((const char *)text, len, &imgs) == -1) {
		c->err = ASSAY_ERR_NOMEM;
		goto out;
	}
	bad = json_array();
	unhashed = json_array();
	absent = json_array();
	for (i = 0; i < imgs.n; i++) {
		const struct swu_image *im = &imgs.v[i];

		if (im->sha256[0] == '\0')
			json_array_append_new(unhashed, json_pack("{s:s,s:i}",
			    "filename", im->filename, "line", (int)im->line));
		else if ((img = members_find(&mem, im->filename)) == NULL)
			json_array_append_new(absent,
			    json_string(im->filename));
		else
			(void)digest_matches(img, im->filename, im->sha256,
			    bad);
	}
	report_mismatches(c, swu, "swupdate", bad, "SWUpdate image(s)",
	    "sw-description");
	if (json_array_size(unhashed) > 0)
		report(c, "update.bundle-image-unhashed", desc, imgs.v[0].line,
		    json_pack("{s:s,s:O}", "bundle", "swupdate", "images",
		    unhashed), "%zu image(s) in sw-description carry no "
		    "sha256, so its signature does not cover them",
		    json_array_size(unhashed));
	facts = json_pack("{s:I,s:O,s:O}", "images",
	    (json_int_t)imgs.n, "images_absent", absent,
	    "images_without_sha256", unhashed);
	if ((sige = members_find(&mem, "sw-description.sig")) == NULL) {
		json_object_set_new(facts, "bundle", json_string("swupdate"));
		report(c, "update.bundle-unsigned", swu, 0, facts,
		    "SWUpdate image has no sw-description.sig: anyone who "
		    "can deliver an update can change it");
	} else if (assay_entry_read(c->scan, sige, RAUC_SIG_MAX, &sig,
	    &siglen) != ASSAY_OK) {
		json_decref(facts);
	} else {
		verify_detached(c, swu, "swupdate", text, len, sig, siglen,
		    facts, json_array_size(bad) == 0 &&
		    json_array_size(unhashed) == 0);
	}
	json_decref(bad);
	json_decref(unhashed);
	json_decref(absent);
 out:
	members_release(&mem);
	swu_images_release(&imgs);
	free(sig);
	free(text);
}

/* ---- Mender -------------------------------------------------------------- */

/*
 * Finds "data/0000/rootfs.ext4" inside the member "data/0000.tar*" of the
 * artifact (members in art); payload caches the last tarball's members.
 */
static const struct assay_entry *
mender_payload(struct bctx *c, const struct members *art,
    struct members *payload, const char *path)
{
	const struct assay_entry *tarball = NULL;
	const char *slash, *name;
	size_t i, dirlen;

	if (strncmp(path, "data/", 5) != 0 ||
	    (slash = strchr(path + 5, '/')) == NULL)
		return members_find(art, path);
	dirlen = (size_t)(slash - path);
	for (i = 0; i < art->n && tarball == NULL; i++) {
		name = assay_entry_name(art->v[i]);
		if (strncmp(name, path, dirlen) == 0 &&
		    strncmp(name + dirlen, ".tar", 4) == 0)
			tarball = art->v[i];
	}
	if (tarball == NULL)
		return NULL;
	if (payload->parent != tarball &&
	    members_of(c->scan, tarball, payload) == -1) {
		c->err = ASSAY_ERR_NOMEM;
		return NULL;
	}
	return members_find(payload, slash + 1);
}

static bool
is_mender(struct bctx *c, const struct members *art)
{
	const struct assay_entry *v = members_find(art, "version");
	unsigned char *text = NULL;
	size_t len;
	bool yes;

	if (v == NULL || assay_entry_read(c->scan, v, 4096, &text, &len) !=
	    ASSAY_OK)
		return false;
	yes = strstr((const char *)text, "\"mender\"") != NULL;
	free(text);
	return yes;
}

static void
check_mender(struct bctx *c, const struct assay_entry *man)
{
	const struct assay_entry *art = assay_entry_parent(man), *sige, *m;
	unsigned char *text = NULL, *raw = NULL, *sig = NULL;
	size_t len = 0, rawlen = 0, siglen = 0, i;
	struct members mem = { NULL, NULL, 0 }, payload = { NULL, NULL, 0 };
	struct mender_manifest mm;
	json_t *facts, *bad, *absent;

	memset(&mm, 0, sizeof(mm));
	if (members_of(c->scan, art, &mem) == -1) {
		c->err = ASSAY_ERR_NOMEM;
		goto out;
	}
	if (!is_mender(c, &mem) || assay_entry_read(c->scan, man, DESC_MAX,
	    &text, &len) != ASSAY_OK)
		goto out;
	if (mender_parse_manifest((const char *)text, len, &mm) == -1) {
		c->err = ASSAY_ERR_NOMEM;
		goto out;
	}
	if (mm.bad_line != 0)
		report(c, "update.bundle-malformed", man, mm.bad_line,
		    json_pack("{s:s}", "bundle", "mender"),
		    "Mender manifest line %lu is not \"<sha256>  <path>\"",
		    mm.bad_line);
	bad = json_array();
	absent = json_array();
	for (i = 0; i < mm.n; i++) {
		if ((m = mender_payload(c, &mem, &payload,
		    mm.v[i].path)) == NULL)
			json_array_append_new(absent,
			    json_string(mm.v[i].path));
		else
			(void)digest_matches(m, mm.v[i].path, mm.v[i].sha256,
			    bad);
	}
	report_mismatches(c, art, "mender", bad, "Mender artifact member(s)",
	    "its manifest");
	facts = json_pack("{s:I,s:O}", "listed", (json_int_t)mm.n,
	    "listed_absent", absent);
	if ((sige = members_find(&mem, "manifest.sig")) == NULL) {
		json_object_set_new(facts, "bundle", json_string("mender"));
		report(c, "update.bundle-unsigned", art, 0, facts,
		    "Mender artifact has no manifest.sig: a client that "
		    "requires signed artifacts refuses it, one that does not "
		    "installs anything");
	} else if (assay_entry_read(c->scan, sige, RAUC_SIG_MAX, &raw,
	    &rawlen) != ASSAY_OK) {
		json_decref(facts);
	} else if ((sig = mender_decode_sig(raw, rawlen, &siglen)) == NULL) {
		json_object_set_new(facts, "bundle", json_string("mender"));
		report(c, "update.bundle-signature-invalid", art, 0, facts,
		    "Mender manifest.sig is not base64");
	} else {
		verify_detached(c, art, "mender", text, len, sig, siglen,
		    facts, json_array_size(bad) == 0 &&
		    json_array_size(absent) == 0);
	}
	json_decref(bad);
	json_decref(absent);
 out:
	members_release(&mem);
	members_release(&payload);
	mender_manifest_release(&mm);
	free(sig);
	free(raw);
	free(text);
}

/* ---- the walk ------------------------------------------------------------ */

static void
load_trust(struct bctx *c)
{
	const unsigned char *p;
	const char *name;
	char why[256];
	size_t i, n;

	for (i = 0; i < assay_scan_trust_count(c->scan); i++)
		if (assay_scan_trust_file(c->scan, i, &name, &p, &n) ==
		    ASSAY_OK)
			(void)sig_trust_add(&c->trust, name, p, n, why,
			    sizeof(why));
}

enum assay_err
update_bundles_run(struct assay_scan *scan)
{
	struct bctx c = { scan, { 0 }, assay_scan_time(scan), ASSAY_OK };
	const struct assay_entry *e;
	size_t cursor, n;

	sig_trust_init(&c.trust);
	load_trust(&c);
	for (cursor = 0, n = 0; n < MAX_BUNDLES && c.err == ASSAY_OK &&
	    (e = assay_scan_next(scan, &cursor, "**/*.raucb",
	    ASSAY_ENTRY_FILE)) != NULL; n++)
		check_rauc(&c, e);
	for (cursor = 0, n = 0; n < MAX_BUNDLES && c.err == ASSAY_OK &&
	    (e = assay_scan_next(scan, &cursor, "sw-description",
	    ASSAY_ENTRY_FILE)) != NULL; n++)
		if (assay_entry_parent(e) != NULL)
			check_swupdate(&c, e);
	for (cursor = 0, n = 0; n < MAX_BUNDLES && c.err == ASSAY_OK &&
	    (e = assay_scan_next(scan, &cursor, "manifest",
	    ASSAY_ENTRY_FILE)) != NULL; n++)
		if (assay_entry_parent(e) != NULL)
			check_mender(&c, e);
	sig_trust_release(&c.trust);
	return c.err;
}
