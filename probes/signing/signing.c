/*
 * The signing probe: is each release artefact signed, by whom, does the
 * signature verify over exactly these bytes, and is the cryptography
 * acceptable?
 *
 * It loads the tester's --trust files, decides which files must be signed
 * (the top-level artefacts and the files the profile's must_sign globs and
 * must_sign_formats select), pairs each file with what covers it (detached
 * signatures beside it, signatures embedded in it, signed checksum
 * manifests that list it, a signed archive it came out of) and turns every
 * verifier's sig_result into findings.  The rules and the pairing are
 * documented in docs/signing-rules.md.  Work and findings follow inventory
 * order: trust files, then manifests, then signatures, then what is
 * unsigned.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/probe.h"
#include "builtin.h"
#include "sigverify.h"

#define SIG_FILE_MAX	((size_t)1 << 20)	/* a detached signature */
#define MANIFEST_MAX	((size_t)16 << 20)
#define SNIFF_BYTES	4096
#define NONE		SIZE_MAX
#define DIR_MANIFESTS	16	/* multi-file manifests per folder checked
				   for unlisted files */
#define UNLISTED_MAX	100	/* unlisted files named per manifest */

static const struct assay_rule rules[] = {
	{ "signing.unsigned-artefact", ASSAY_SEV_HIGH,
	    "release file has no acceptable signature" },
	{ "signing.invalid-signature", ASSAY_SEV_HIGH,
	    "signature does not verify over the signed bytes or cannot be "
	    "parsed" },
	{ "signing.untrusted-signer", ASSAY_SEV_MEDIUM,
	    "signer is not among the trust anchors" },
	{ "signing.certificate-expired", ASSAY_SEV_HIGH,
	    "signing certificate expired or not yet valid at signing time" },
	{ "signing.key-expired", ASSAY_SEV_HIGH,
	    "signing key had expired when it signed" },
	{ "signing.key-revoked", ASSAY_SEV_HIGH,
	    "signing key is revoked" },
	{ "signing.weak-digest", ASSAY_SEV_MEDIUM,
	    "signature uses a weak digest (MD5 or SHA-1)" },
	{ "signing.weak-key", ASSAY_SEV_MEDIUM,
	    "signing key is too short (RSA below 2048 bits, EC below 256)" },
	{ "signing.codesign-usage-missing", ASSAY_SEV_MEDIUM,
	    "signing certificate lacks the code-signing usage" },
	{ "signing.unsupported-format", ASSAY_SEV_INFO,
	    "signature of a format this probe does not verify" },
	{ "signing.valid-signature", ASSAY_SEV_INFO,
	    "signature verified: signer, algorithm and key recorded" },
	{ "signing.checksum-mismatch", ASSAY_SEV_HIGH,
	    "file does not match the digest its checksum manifest lists" },
	{ "signing.checksum-missing-file", ASSAY_SEV_MEDIUM,
	    "checksum manifest lists a file the release lacks" },
	{ "signing.checksum-unlisted-file", ASSAY_SEV_LOW,
	    "release file missing from the checksum manifest beside it" },
	{ "signing.checksum-weak", ASSAY_SEV_MEDIUM,
	    "checksum manifest lists only MD5 or SHA-1 digests" },
	{ "signing.checksum-unsigned", ASSAY_SEV_MEDIUM,
	    "checksum manifest carries no acceptable signature" },
	{ "signing.checksum-malformed", ASSAY_SEV_LOW,
	    "checksum manifest line does not parse" },
	{ "signing.trust-file-unusable", ASSAY_SEV_MEDIUM,
	    "trust file is not a usable key, keyring or certificate" },
	{ "signing.no-trust-anchors", ASSAY_SEV_HIGH,
	    "trust anchors are required but none was given" },
	{ NULL, ASSAY_SEV_INFO, NULL }
};

/* Detached signatures are looked for under these suffixes, in order. */
static const char *const sig_suffixes[] = {
	".minisig", ".sig", ".asc", ".gpg", ".sign", ".p7s", ".cms",
};

/* What must be signed when the profile does not say. */
static const char *const default_must_sign[] = {
	"**/*.deb", "**/*.rpm", "**/*.apk", "**/*.ipk", "**/*.opk",
	"**/*.msi", "**/*.msix", "**/*.appx", "**/*.pkg", "**/*.dmg",
	"**/*.AppImage", "**/*.appimage", "**/*.snap", "**/*.flatpak",
	"**/*.exe", "**/*.dll", "**/*.sys", "**/*.efi", "**/*.run",
	"**/*.bin", "**/*.img", "**/*.fw", "**/*.hex", "**/*.swu",
	"**/*.raucb", "**/*.mender", "**/*.ko",
};

enum role {
	ROLE_SIG = 1u << 0,		/* a detached signature of a sibling */
	ROLE_MANIFEST = 1u << 1,	/* a checksum manifest */
	ROLE_EMBEDDED_MANIFEST = 1u << 2, /* signify -e: SHA256.sig alone */
	ROLE_MUST = 1u << 3,		/* must be signed */
	ROLE_SIGLIKE = 1u << 4,		/* named like one, orphan or not */
};

/* One regular file of the inventory. */
struct item {
	const struct assay_entry *e;
	size_t parent;			/* item index of its archive, or NONE */
	const char *name;		/* inside its archive */
	unsigned role;
	bool readable;			/* its bytes are all there */
	bool has_sig;			/* some signature was paired with it */
	bool accepted;			/* an acceptable signature covers it */
	bool holds_sigs;		/* a container with signatures inside */
	bool only_unsupported;		/* every signature was unsupported */
	bool only_untrusted;		/* signatures verify, none anchored */
	size_t cover;			/* manifest item covering it, or NONE */
	unsigned long cover_line;
	enum sum_alg cover_alg;
	struct sig_result *mresult;	/* a manifest's accepted result */
	size_t msig;			/* the signature file that gave it */
	size_t dstart;			/* its folder's first place in bydir */
	size_t mrank;			/* multi-file manifests before it there */
	size_t listed_gen;		/* == ctx gen: the manifest lists it */
	unsigned char *dg;		/* digests computed, SUM_NALGS x 64 */
	unsigned dgmask;		/* which of them are there */
};

struct ctx {
	struct assay_scan *scan;
	struct sig_trust trust;
	int64_t now;
	bool require_anchor;
	bool must_pe, must_elf;
	struct item *items;
	size_t n;
	size_t *by_entry;		/* entry index -> item, or NONE */
	size_t nentries;
	size_t *sorted;			/* items by (parent, name) */
	size_t *bydir;			/* items by (parent, folder, name) */
	size_t gen;			/* the manifest being compared */
};

/* ---- small helpers ------------------------------------------------------- */

static const char *
base_name(const char *name)
{
	const char *s = strrchr(name, '/');

	return s != NULL ? s + 1 : name;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n > m && strcmp(s + n - m, tail) == 0;
}

static void
hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* A JSON string from bytes that may not be UTF-8 (then made ASCII). */
static json_t *
jtext(const char *s)
{
	json_t *j;
	char *copy;
	size_t i, n;

	if ((j = json_string(s)) != NULL)
		return j;
	n = strlen(s);
	if ((copy = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7f ? s[i] : '?';
	copy[n] = '\0';
	j = json_string(copy);
	free(copy);
	return j;
}

static void
jset(json_t *o, const char *key, const char *s)
{
	if (s != NULL && s[0] != '\0')
		json_object_set_new(o, key, jtext(s));
}

static void
jset_file(json_t *o, const char *key, const struct assay_entry *e)
{
	const unsigned char *sha = assay_entry_sha256(e);
	char hexbuf[65], k[64];

	jset(o, key, assay_entry_path(e));
	if (sha != NULL) {
		hex(sha, 32, hexbuf);
		snprintf(k, sizeof(k), "%s_sha256", key);
		jset(o, k, hexbuf);
	}
}

static void
iso_time(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, outlen, "%lld", (long long)t);
}

static const char *
status_name(enum sig_status s)
{
	switch (s) {
	case SIG_VALID:
		return "valid";
	case SIG_INVALID:
		return "invalid";
	case SIG_UNTRUSTED:
		return "untrusted";
	case SIG_UNSUPPORTED:
		return "unsupported";
	case SIG_MALFORMED:
		return "malformed";
	}
	return "unknown";
}

/* Reports with evidence o (consumed) and a message formatted from fmt. */
static void report(struct ctx *c, const char *rule,
    const struct assay_entry *e, unsigned long line, json_t *o,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
report(struct ctx *c, const char *rule, const struct assay_entry *e,
    unsigned long line, json_t *o, const char *fmt, ...)
{
	struct assay_finding f;
	char msg[1024], *text;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f.rule = rule;
	f.entry = e;
	f.line = line;
	text = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	f.evidence = text;
	json_decref(o);
	/* A refusal (too many findings) leaves nothing more to do here. */
	(void)assay_scan_report(c->scan, &f, "%s", msg);
	free(text);
}

/* ---- what the files are -------------------------------------------------- */

static int
by_parent_name(const void *a, const void *b, void *arg)
{
	const struct item *items = arg;
	const struct item *x = &items[*(const size_t *)a];
	const struct item *y = &items[*(const size_t *)b];

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The file called name in the same archive as parent; NONE if absent. */
static size_t
find_sibling(const struct ctx *c, size_t parent, const char *name)
{
	size_t lo = 0, hi = c->n, mid;
	const struct item *it;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		it = &c->items[c->sorted[mid]];
		if (it->parent != parent)
			cmp = it->parent < parent ? -1 : 1;
		else
			cmp = strcmp(it->name, name);
		if (cmp == 0)
			return c->sorted[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

/* name + suffix, in buf; false when it does not fit. */
static bool
join(char *buf, size_t len, const char *a, const char *b)
{
	int n = snprintf(buf, len, "%s%s", a, b);

	return n >= 0 && (size_t)n < len;
}

/*
 * Every regular file.  Entries are taken with assay_scan_entry(), which
 * does not count as examining them: only what this probe opens or reads
 * shows in coverage.  Files whose bytes the harness does not hold in full
 * (refused, encrypted, truncated, cut by a limit) are named for pairing
 * but never read or judged: they are the harness's to report.
 */
static enum assay_err
collect(struct ctx *c)
{
	const struct assay_entry *e, *p;
	size_t i;
	unsigned fl;

	c->nentries = assay_scan_entry_count(c->scan);
	if ((c->by_entry = calloc(c->nentries + 1, sizeof(size_t))) == NULL ||
	    (c->items = calloc(c->nentries + 1, sizeof(*c->items))) == NULL ||
	    (c->sorted = calloc(c->nentries + 1, sizeof(size_t))) == NULL)
		return ASSAY_ERR_NOMEM;
	for (i = 0; i < c->nentries; i++) {
		struct item *it = &c->items[c->n];

		c->by_entry[i] = NONE;
		if ((e = assay_scan_entry(c->scan, i)) == NULL ||
		    assay_entry_type(e) != ASSAY_ENTRY_FILE ||
		    assay_entry_index(e) != i)
			continue;
		fl = assay_entry_flags(e);
		/* A later copy of the same name replaced it: pair that one. */
		if (fl & ASSAY_FLAG_SHADOWED)
			continue;
		it->readable = (fl & ASSAY_FLAG_CONTENT) && !(fl &
		    (ASSAY_FLAG_TRUNCATED | ASSAY_FLAG_LIMIT |
		    ASSAY_FLAG_ENCRYPTED | ASSAY_FLAG_REFUSED));
		it->e = e;
		it->name = assay_entry_name(e);
		it->cover = NONE;
		it->msig = NONE;
		c->by_entry[i] = c->n++;
	}
	for (i = 0; i < c->n; i++) {
		p = assay_entry_parent(c->items[i].e);
		c->items[i].parent = p != NULL &&
		    assay_entry_index(p) < c->nentries ?
		    c->by_entry[assay_entry_index(p)] : NONE;
		c->sorted[i] = i;
	}
	qsort_r(c->sorted, c->n, sizeof(size_t), by_parent_name, c->items);
	return ASSAY_OK;
}

/*
 * dpkg's md5sums in a package's control archive lists the package's own
 * files (in the data archive beside it) for debsums.  It is not a release
 * manifest: Debian packages are signed through the repository's Release
 * file.  Judged as one, every .deb would look unsigned and half unlisted.
 */
static bool
dpkg_md5sums(const struct ctx *c, const struct item *it)
{
	const char *archive;

	if (strcmp(it->name, "md5sums") != 0 || it->parent == NONE)
		return false;
	archive = base_name(c->items[it->parent].name);
	return strncmp(archive, "control.tar", 11) == 0;
}

/* Marks signatures and manifests, then what must be signed. */
static void
classify(struct ctx *c, const char *const *globs, size_t nglobs)
{
	char base[4096];
	size_t i, j, len;
	struct item *it;

	for (i = 0; i < c->n; i++) {
		it = &c->items[i];
		if (sum_manifest_name(base_name(it->name)) &&
		    !dpkg_md5sums(c, it))
			it->role |= ROLE_MANIFEST;
		for (j = 0; j < sizeof(sig_suffixes) / sizeof(sig_suffixes[0]);
		    j++) {
			if (!ends_with(it->name, sig_suffixes[j]))
				continue;
			it->role |= ROLE_SIGLIKE;
			len = strlen(it->name) - strlen(sig_suffixes[j]);
			if (len >= sizeof(base))
				continue;
			memcpy(base, it->name, len);
			base[len] = '\0';
			if (find_sibling(c, it->parent, base) != NONE) {
				it->role |= ROLE_SIG;
				it->role &= ~(unsigned)ROLE_MANIFEST;
			} else if (strcmp(sig_suffixes[j], ".sig") == 0 &&
			    sum_manifest_name(base_name(base))) {
				it->role |= ROLE_EMBEDDED_MANIFEST;
			}
		}
	}
	for (i = 0; i < c->n; i++) {
		it = &c->items[i];
		for (j = 0; j < nglobs && !(it->role & ROLE_MUST); j++)
			if (sig_glob_match(globs[j], strstr(globs[j], "!/") !=
			    NULL ? assay_entry_path(it->e) : it->name))
				it->role |= ROLE_MUST;
		if (assay_entry_flags(it->e) & ASSAY_FLAG_ARTEFACT)
			it->role |= ROLE_MUST;
		if (it->role & (ROLE_SIG | ROLE_SIGLIKE | ROLE_MANIFEST |
		    ROLE_EMBEDDED_MANIFEST))
			it->role &= ~(unsigned)ROLE_MUST;
	}
}

/* ELF executable or shared object (ET_EXEC, ET_DYN). */
static bool
elf_sniff(const unsigned char *p, size_t n)
{
	unsigned type;

	if (n < 18 || memcmp(p, "\177ELF", 4) != 0)
		return false;
	type = p[5] == 2 ? (unsigned)(p[16] << 8 | p[17]) :
	    (unsigned)(p[17] << 8 | p[16]);
	return type == 2 || type == 3;
}

/* ---- findings from a result ---------------------------------------------- */

static json_t *
evidence(const struct ctx *c, const struct item *subject,
    const struct item *sigfile, const struct sig_result *r)
{
	static const struct {
		unsigned flag;
		const char *name;
	} flags[] = {
		{ SIG_WEAK_DIGEST, "weak-digest" },
		{ SIG_WEAK_KEY, "weak-key" },
		{ SIG_CERT_EXPIRED, "certificate-expired" },
		{ SIG_CERT_NOT_YET_VALID, "certificate-not-yet-valid" },
		{ SIG_NO_CODESIGN_USAGE, "codesign-usage-missing" },
		{ SIG_KEY_EXPIRED, "key-expired" },
		{ SIG_KEY_REVOKED, "key-revoked" },
		{ SIG_TIMESTAMPED, "timestamped" },
		{ SIG_DIGEST_MISMATCH, "digest-mismatch" },
	};
	json_t *o = json_object(), *fl;
	char when[64];
	size_t i;

	if (o == NULL)
		return NULL;
	jset_file(o, "file", subject->e);
	if (sigfile != NULL)
		jset_file(o, "signature", sigfile->e);
	else
		json_object_set_new(o, "embedded", json_true());
	jset(o, "kind", r->kind);
	jset(o, "status", status_name(r->status));
	jset(o, "signer", r->signer);
	jset(o, "issuer", r->issuer);
	jset(o, "key_id", r->key_id);
	jset(o, "key_fingerprint", r->key_fpr);
	jset(o, "key_algorithm", r->key_alg);
	if (r->key_bits > 0)
		json_object_set_new(o, "key_bits", json_integer(r->key_bits));
	jset(o, "digest_algorithm", r->digest_alg);
	if (r->signing_time != 0) {
		iso_time(r->signing_time, when, sizeof(when));
		jset(o, "signing_time", when);
	}
	jset(o, "timestamp_authority", r->timestamp_authority);
	jset(o, "reason", r->reason);
	jset(o, "detail", r->detail);
	if ((fl = json_array()) != NULL) {
		for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
			if (r->flags & flags[i].flag)
				json_array_append_new(fl,
				    json_string(flags[i].name));
		json_object_set_new(o, "flags", fl);
	}
	json_object_set_new(o, "require_trust_anchor",
	    json_boolean(c->require_anchor));
	return o;
}

static const char *
who(const struct sig_result *r)
{
	if (r->signer[0] != '\0')
		return r->signer;
	if (r->key_id[0] != '\0')
		return r->key_id;
	return "an unknown signer";
}

/*
 * Reports what r says about subject's signature sigfile (NULL: embedded).
 * Returns whether the signature is acceptable: valid, or verified without
 * an anchor when anchors are not required.
 */
static bool
judge(struct ctx *c, struct item *subject, const struct item *sigfile,
    const struct sig_result *r)
{
	static const struct {
		unsigned flag;
		const char *rule;
		const char *what;
	} flag_rules[] = {
		{ SIG_WEAK_DIGEST, "signing.weak-digest", "a weak digest" },
		{ SIG_WEAK_KEY, "signing.weak-key", "a weak key" },
		{ SIG_CERT_EXPIRED | SIG_CERT_NOT_YET_VALID,
		    "signing.certificate-expired",
		    "a certificate outside its validity" },
		{ SIG_NO_CODESIGN_USAGE, "signing.codesign-usage-missing",
		    "a certificate without code-signing usage" },
		{ SIG_KEY_EXPIRED, "signing.key-expired", "an expired key" },
		{ SIG_KEY_REVOKED, "signing.key-revoked", "a revoked key" },
	};
	const char *path = assay_entry_path(subject->e);
	char msg[512];
	size_t i;
	bool ok = false;

	subject->has_sig = true;
	if (r->status != SIG_UNSUPPORTED)
		subject->only_unsupported = false;
	if (r->status != SIG_UNTRUSTED)
		subject->only_untrusted = false;
	switch (r->status) {
	case SIG_VALID:
		snprintf(msg, sizeof(msg), "%s signature by %s verifies "
		    "(%s%s%s)", r->kind, who(r), r->key_alg,
		    r->digest_alg[0] != '\0' ? ", " : "", r->digest_alg);
		report(c, "signing.valid-signature", subject->e, 0,
		    evidence(c, subject, sigfile, r), "%s: %s", path, msg);
		ok = true;
		break;
	case SIG_UNTRUSTED:
		report(c, "signing.untrusted-signer", subject->e, 0,
		    evidence(c, subject, sigfile, r), "%s: %s",
		    path, r->reason[0] != '\0' ? r->reason :
		    "signer is not among the trust anchors");
		ok = !c->require_anchor;
		break;
	case SIG_INVALID:
	case SIG_MALFORMED:
		report(c, "signing.invalid-signature", subject->e, 0,
		    evidence(c, subject, sigfile, r), "%s: %s", path,
		    r->reason[0] != '\0' ? r->reason :
		    "signature does not verify");
		break;
	case SIG_UNSUPPORTED:
		snprintf(msg, sizeof(msg), "%s signature not verified: %s",
		    r->kind, r->reason);
		report(c, "signing.unsupported-format", subject->e, 0,
		    evidence(c, subject, sigfile, r), "%s: %s", path, msg);
		return false;
	}
	if (r->status == SIG_MALFORMED)
		return false;
	for (i = 0; i < sizeof(flag_rules) / sizeof(flag_rules[0]); i++) {
		if (!(r->flags & flag_rules[i].flag))
			continue;
		snprintf(msg, sizeof(msg), "%s signature by %s uses %s",
		    r->kind, who(r), flag_rules[i].what);
		report(c, flag_rules[i].rule, subject->e, 0,
		    evidence(c, subject, sigfile, r), "%s: %s", path, msg);
	}
	return ok;
}

/* ---- verifying ----------------------------------------------------------- */

/* Verifies detached signature bytes over d; the bytes decide the kind. */
static void
verify_detached(struct ctx *c, const struct sig_data *d,
    const unsigned char *sig, size_t siglen, struct sig_result *r)
{
	if (minisign_sniff(sig, siglen)) {
		sig_result_init(r, "minisign");
		minisign_verify(&c->trust, d, sig, siglen, r);
	} else if (signify_sniff(sig, siglen)) {
		sig_result_init(r, "signify");
		signify_verify(&c->trust, d, sig, siglen, r);
	} else if (pgp_sniff(sig, siglen)) {
		sig_result_init(r, "openpgp");
		pgp_verify_detached(&c->trust, d, sig, siglen, c->now, r);
	} else if (cms_sniff(sig, siglen)) {
		sig_result_init(r, "cms");
		cms_verify_detached(&c->trust, d, sig, siglen, c->now, false,
		    r);
	} else {
		sig_result_init(r, "raw");
		raw_verify(&c->trust, d, sig, siglen, r);
	}
}

/* Reads a signature file; a result saying why when it cannot. */
static unsigned char *
read_sig(struct ctx *c, const struct item *sigfile, size_t *lenp,
    struct sig_result *r)
{
	unsigned char *p = NULL;
	enum assay_err e;

	e = assay_entry_read(c->scan, sigfile->e, SIG_FILE_MAX, &p, lenp);
	if (e == ASSAY_OK)
		return p;
	sig_result_init(r, "unknown");
	if (e == ASSAY_ERR_LIMIT)
		sig_fail(r, SIG_MALFORMED, "signature file is larger than "
		    "%zu bytes", SIG_FILE_MAX);
	else
		sig_fail(r, SIG_MALFORMED, "signature file cannot be read");
	return NULL;
}

/*
 * Each detached signature beside item i, over data d.  Returns whether
 * one is acceptable; *best gets a copy of the first acceptable result
 * and *bestsig its signature file.
 */
static bool
detached(struct ctx *c, size_t i, const struct sig_data *d,
    struct sig_result *best, size_t *bestsig)
{
	char name[4200];
	unsigned char *sig;
	size_t j, s, siglen = 0;
	struct sig_result r;
	bool any = false;

	for (j = 0; j < sizeof(sig_suffixes) / sizeof(sig_suffixes[0]); j++) {
		if (!join(name, sizeof(name), c->items[i].name,
		    sig_suffixes[j]) ||
		    (s = find_sibling(c, c->items[i].parent, name)) == NONE ||
		    !c->items[s].readable)
			continue;
		if ((sig = read_sig(c, &c->items[s], &siglen, &r)) != NULL)
			verify_detached(c, d, sig, siglen, &r);
		free(sig);
		if (judge(c, &c->items[i], &c->items[s], &r) && !any) {
			any = true;
			if (best != NULL) {
				*best = r;
				*bestsig = s;
			}
		}
	}
	return any;
}

/* Some readable signature file lies beside item i. */
static bool
has_detached(const struct ctx *c, size_t i)
{
	char name[4200];
	size_t j, s;

	for (j = 0; j < sizeof(sig_suffixes) / sizeof(sig_suffixes[0]); j++)
		if (join(name, sizeof(name), c->items[i].name,
		    sig_suffixes[j]) &&
		    (s = find_sibling(c, c->items[i].parent, name)) != NONE &&
		    c->items[s].readable)
			return true;
	return false;
}

static bool
open_data(struct ctx *c, const struct item *it, struct sig_data *d)
{
	d->fd = -1;
	d->mem = NULL;
	d->size = assay_entry_size(it->e);
	return assay_entry_open(c->scan, it->e, &d->fd) == ASSAY_OK;
}

/* Embedded signatures: Authenticode, kernel module, attached CMS. */
static bool
embedded(struct ctx *c, size_t i, const struct sig_data *d,
    const unsigned char *head, size_t headlen)
{
	struct item *it = &c->items[i];
	struct sig_result r;
	unsigned char *content = NULL;
	unsigned char *all;
	size_t clen = 0;
	bool ok = false;

	if (pe_sniff(head, headlen) && authenticode_present(d)) {
		sig_result_init(&r, "authenticode");
		authenticode_verify(&c->trust, d, c->now, &r);
		ok |= judge(c, it, NULL, &r);
	}
	if (ends_with(it->name, ".ko") && kmod_sig_present(d)) {
		sig_result_init(&r, "kernel-module");
		kmod_verify(&c->trust, d, c->now, &r);
		ok |= judge(c, it, NULL, &r);
	}
	if (ends_with(it->name, ".p7m") && cms_sniff(head, headlen)) {
		sig_result_init(&r, "cms-attached");
		if ((all = sig_data_load(d, SIG_FILE_MAX * 64)) == NULL)
			sig_fail(&r, SIG_UNSUPPORTED, "attached CMS larger "
			    "than %zu bytes", SIG_FILE_MAX * 64);
		else
			cms_verify_attached(&c->trust, all, (size_t)d->size,
			    c->now, false, &content, &clen, &r);
		free(all);
		free(content);
		ok |= judge(c, it, NULL, &r);
	}
	return ok;
}

/* Every signature of file i; sets its accepted and has_sig. */
static void
verify_item(struct ctx *c, size_t i)
{
	struct item *it = &c->items[i];
	unsigned char head[SNIFF_BYTES];
	struct sig_data d;
	size_t headlen = 0;

	it->only_unsupported = true;
	it->only_untrusted = true;
	/*
	 * A file the harness took for an archive by its magic and could not
	 * open (squashfs, a disk image) carries no embedded signature this
	 * probe reads: open it only to check a signature beside it, so that
	 * coverage keeps saying its contents were not examined.
	 */
	if ((assay_entry_flags(it->e) & ASSAY_FLAG_NOT_ARCHIVE) &&
	    !has_detached(c, i))
		return;
	if (!open_data(c, it, &d))
		return;
	headlen = d.size < sizeof(head) ? (size_t)d.size : sizeof(head);
	if (sig_data_read(&d, 0, head, headlen) == -1)
		headlen = 0;
	if ((c->must_pe && pe_sniff(head, headlen)) ||
	    (c->must_elf && elf_sniff(head, headlen)))
		if (!(it->role & (ROLE_SIG | ROLE_SIGLIKE | ROLE_MANIFEST)))
			it->role |= ROLE_MUST;
	if (detached(c, i, &d, NULL, NULL))
		it->accepted = true;
	if (embedded(c, i, &d, head, headlen))
		it->accepted = true;
	close(d.fd);
}

/* ---- checksum manifests -------------------------------------------------- */

/* The folder part of a name inside its archive, with its '/'; or "". */
static size_t
dir_len(const char *name)
{
	const char *s = strrchr(name, '/');

	return s != NULL ? (size_t)(s - name) + 1 : 0;
}

static bool
safe_relative(const char *name)
{
	const char *p = name;

	if (name[0] == '/')
		return false;
	while (*p != '\0') {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return false;
		if ((p = strchr(p, '/')) == NULL)
			break;
		p++;
	}
	return true;
}

/* 1: matches, 0: differs, -1: cannot tell (unreadable, no digest). */
static int
digest_matches(struct ctx *c, struct item *it,
    const struct sum_entry *se, char *got, size_t gotlen)
{
	const unsigned char *sha = assay_entry_sha256(it->e);
	unsigned char dg[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;
	struct sig_data d;
	EVP_MD *md;
	int rc;

	if (se->alg == SUM_SHA256 && sha != NULL) {
		memcpy(dg, sha, 32);
		dlen = 32;
	} else if (it->dg != NULL && (it->dgmask & (1u << se->alg))) {
		/* Many manifests may name one large file: hash it once. */
		dlen = (unsigned)sum_alg_len(se->alg);
		memcpy(dg, it->dg + se->alg * SUM_DIGEST_MAX, dlen);
	} else {
		if ((md = sum_alg_fetch(se->alg)) == NULL)
			return -1;
		if (!(assay_entry_flags(it->e) & ASSAY_FLAG_CONTENT) ||
		    !open_data(c, it, &d)) {
			EVP_MD_free(md);
			return -1;
		}
		rc = sig_data_digest(&d, md, dg, &dlen);
		close(d.fd);
		EVP_MD_free(md);
		if (rc == -1 || dlen > SUM_DIGEST_MAX)
			return -1;
		if (it->dg == NULL)
			it->dg = calloc(SUM_NALGS, SUM_DIGEST_MAX);
		if (it->dg != NULL) {
			memcpy(it->dg + se->alg * SUM_DIGEST_MAX, dg, dlen);
			it->dgmask |= 1u << se->alg;
		}
	}
	if (dlen != sum_alg_len(se->alg) || gotlen < 2 * (size_t)dlen + 1)
		return -1;
	hex(dg, dlen, got);
	return memcmp(dg, se->digest, dlen) == 0 ? 1 : 0;
}

static json_t *
manifest_evidence(const struct item *m, const struct sum_entry *se)
{
	json_t *o = json_object();
	char hexbuf[2 * SUM_DIGEST_MAX + 1];

	if (o == NULL)
		return NULL;
	jset_file(o, "manifest", m->e);
	if (se != NULL) {
		jset(o, "listed_name", se->name);
		jset(o, "algorithm", sum_alg_name(se->alg));
		hex(se->digest, sum_alg_len(se->alg), hexbuf);
		jset(o, "listed_digest", hexbuf);
		json_object_set_new(o, "line", json_integer((json_int_t)
		    se->line));
	}
	return o;
}

/* Compares the listed files with the release; marks what is covered. */
static void
compare_manifest(struct ctx *c, size_t mi, const struct sum_list *l,
    bool accepted)
{
	struct item *m = &c->items[mi];
	char path[8300], got[2 * EVP_MAX_MD_SIZE + 1];
	size_t k, f, dl = dir_len(m->name);
	json_t *o;
	int match;

	for (k = 0; k < l->n; k++) {
		const struct sum_entry *se = &l->v[k];

		f = NONE;
		if (safe_relative(se->name) && dl + strlen(se->name) <
		    sizeof(path)) {
			memcpy(path, m->name, dl);
			memcpy(path + dl, se->name, strlen(se->name) + 1);
			f = find_sibling(c, m->parent, path);
		}
		if (f == NONE) {
			report(c, "signing.checksum-missing-file", m->e,
			    se->line, manifest_evidence(m, se),
			    "%s: lists %s, which the release does not hold",
			    assay_entry_path(m->e), se->name);
			continue;
		}
		c->items[f].listed_gen = c->gen;
		if (!c->items[f].readable)
			continue;
		match = digest_matches(c, &c->items[f], se, got, sizeof(got));
		if (match == 0) {
			o = manifest_evidence(m, se);
			jset_file(o, "file", c->items[f].e);
			jset(o, "actual_digest", got);
			report(c, "signing.checksum-mismatch", c->items[f].e,
			    0, o, "%s: its %s digest differs from the one %s "
			    "lists", assay_entry_path(c->items[f].e),
			    sum_alg_name(se->alg), assay_entry_path(m->e));
		} else if (match == 1 && accepted && !sum_alg_weak(se->alg) &&
		    c->items[f].cover == NONE) {
			c->items[f].cover = mi;
			c->items[f].cover_line = se->line;
			c->items[f].cover_alg = se->alg;
		}
	}
}

/*
 * Files beside manifest mi (same folder, same archive) it does not list,
 * in name order.  Only the first DIR_MANIFESTS multi-file manifests of a
 * folder are checked, so that a folder of many manifests and many files
 * cannot make the work quadratic, and each names at most UNLISTED_MAX
 * files, then counts the rest in one finding on the manifest.
 */
static void
unlisted(struct ctx *c, size_t mi)
{
	const struct item *m = &c->items[mi];
	size_t dl = dir_len(m->name), k, i, n = 0;
	const struct item *it;
	json_t *o;

	if (m->mrank >= DIR_MANIFESTS)
		return;
	for (k = m->dstart; k < c->n; k++) {
		i = c->bydir[k];
		it = &c->items[i];
		if (it->parent != m->parent || dir_len(it->name) != dl ||
		    strncmp(it->name, m->name, dl) != 0)
			break;
		if (i == mi || it->listed_gen == c->gen || !it->readable ||
		    (it->role & (ROLE_SIG | ROLE_SIGLIKE | ROLE_MANIFEST |
		    ROLE_EMBEDDED_MANIFEST)))
			continue;
		if (n++ >= UNLISTED_MAX)
			continue;
		o = manifest_evidence(m, NULL);
		jset_file(o, "file", it->e);
		report(c, "signing.checksum-unlisted-file", it->e, 0, o,
		    "%s: not listed in %s", assay_entry_path(it->e),
		    assay_entry_path(m->e));
	}
	if (n > UNLISTED_MAX) {
		o = manifest_evidence(m, NULL);
		json_object_set_new(o, "unlisted_not_named",
		    json_integer((json_int_t)(n - UNLISTED_MAX)));
		report(c, "signing.checksum-unlisted-file", m->e, 0, o,
		    "%s: %zu more files beside it are not listed",
		    assay_entry_path(m->e), n - UNLISTED_MAX);
	}
}

/* A manifest named for one file ("x.iso.sha256") says nothing of others. */
static bool
single_file_manifest(const char *base)
{
	static const char *const exts[] = {
		".md5", ".sha1", ".sha256", ".sha256sum", ".sha512",
		".sha512sum", ".sha384", ".md5sum",
	};
	size_t i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with(base, exts[i]))
			return true;
	return false;
}

static int
by_dir_name(const void *a, const void *b, void *arg)
{
	const struct item *items = arg;
	const struct item *x = &items[*(const size_t *)a];
	const struct item *y = &items[*(const size_t *)b];
	size_t xl = dir_len(x->name), yl = dir_len(y->name);
	int cmp;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if ((cmp = memcmp(x->name, y->name, xl < yl ? xl : yl)) != 0)
		return cmp;
	if (xl != yl)
		return xl < yl ? -1 : 1;
	return strcmp(x->name + xl, y->name + yl);
}

/* Groups files by folder; ranks each folder's multi-file manifests. */
static enum assay_err
group_folders(struct ctx *c)
{
	size_t k, start = 0, rank = 0, dl;
	struct item *it, *first;

	if ((c->bydir = calloc(c->n + 1, sizeof(size_t))) == NULL)
		return ASSAY_ERR_NOMEM;
	for (k = 0; k < c->n; k++)
		c->bydir[k] = k;
	qsort_r(c->bydir, c->n, sizeof(size_t), by_dir_name, c->items);
	for (k = 0; k < c->n; k++) {
		it = &c->items[c->bydir[k]];
		first = &c->items[c->bydir[start]];
		dl = dir_len(it->name);
		if (k == 0 || it->parent != first->parent ||
		    dl != dir_len(first->name) ||
		    memcmp(it->name, first->name, dl) != 0) {
			start = k;
			rank = 0;
		}
		it->dstart = start;
		if ((it->role & ROLE_MANIFEST) &&
		    !single_file_manifest(base_name(it->name)))
			it->mrank = rank++;
	}
	return ASSAY_OK;
}

static void
manifest(struct ctx *c, size_t mi)
{
	struct item *m = &c->items[mi];
	const char *path = assay_entry_path(m->e);
	unsigned char *p = NULL, *text = NULL;
	const unsigned char *body;
	size_t n = 0, bodylen, textlen = 0, k, off, nweak = 0;
	struct sig_result r, best;
	struct sig_data d;
	struct sum_list l;
	bool accepted = false;
	size_t bestsig = NONE;
	enum assay_err e;
	json_t *o;

	memset(&l, 0, sizeof(l));
	e = assay_entry_read(c->scan, m->e, MANIFEST_MAX, &p, &n);
	if (e != ASSAY_OK) {
		o = manifest_evidence(m, NULL);
		jset(o, "reason", e == ASSAY_ERR_LIMIT ? "larger than 16 MiB" :
		    "cannot be read");
		report(c, "signing.checksum-malformed", m->e, 0, o,
		    "%s: checksum manifest %s", path, e == ASSAY_ERR_LIMIT ?
		    "is larger than 16 MiB" : "cannot be read");
		return;
	}
	body = p;
	bodylen = n;
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	if (m->role & ROLE_EMBEDDED_MANIFEST) {
		if ((off = signify_embedded_offset(p, n)) == 0)
			goto out;
		d.mem = p + off;
		d.size = n - off;
		sig_result_init(&r, "signify");
		signify_verify(&c->trust, &d, p, off, &r);
		accepted = judge(c, m, m, &r);
		if (accepted) {
			best = r;
			bestsig = mi;
		}
		body = p + off;
		bodylen = n - off;
	} else if (pgp_sniff_cleartext(p, n)) {
		sig_result_init(&r, "openpgp-cleartext");
		pgp_verify_cleartext(&c->trust, p, n, c->now, &text, &textlen,
		    &r);
		accepted = judge(c, m, m, &r);
		if (accepted) {
			best = r;
			bestsig = mi;
		}
		if (text != NULL) {
			body = text;
			bodylen = textlen;
		}
	} else {
		d.mem = p;
		d.size = n;
		accepted = detached(c, mi, &d, &best, &bestsig);
	}
	m->accepted = accepted;
	if (accepted) {
		if ((m->mresult = malloc(sizeof(*m->mresult))) != NULL)
			*m->mresult = best;
		m->msig = bestsig;
	}
	if (sum_parse(base_name(m->name), body, bodylen, &l) == -1)
		goto out;
	for (k = 0; k < l.nbad && k < SUM_BAD_KEPT; k++) {
		o = manifest_evidence(m, NULL);
		json_object_set_new(o, "lines_not_parsed",
		    json_integer((json_int_t)l.nbad));
		report(c, "signing.checksum-malformed", m->e, l.bad[k], o,
		    "%s: line %lu is not a checksum line", path, l.bad[k]);
	}
	for (k = 0; k < l.n; k++)
		nweak += sum_alg_weak(l.v[k].alg);
	if (l.n > 0 && nweak == l.n) {
		o = manifest_evidence(m, NULL);
		jset(o, "algorithm", sum_alg_name(l.v[0].alg));
		report(c, "signing.checksum-weak", m->e, 0, o,
		    "%s: lists only %s digests", path,
		    sum_alg_name(l.v[0].alg));
	}
	if (!accepted) {
		o = manifest_evidence(m, NULL);
		jset(o, "reason", m->has_sig ? "no signature of the manifest "
		    "is acceptable" : "no signature beside or inside it");
		report(c, "signing.checksum-unsigned", m->e, 0, o,
		    "%s: checksum manifest %s", path, m->has_sig ?
		    "has no acceptable signature" : "is not signed");
	}
	c->gen++;
	compare_manifest(c, mi, &l, accepted);
	if (!single_file_manifest(base_name(m->name)))
		unlisted(c, mi);
 out:
	sum_list_release(&l);
	free(text);
	free(p);
}

/* A file listed in a signed manifest: the manifest's signature covers it. */
static void
manifest_cover(struct ctx *c, size_t i)
{
	struct item *it = &c->items[i];
	const struct item *m = &c->items[it->cover];
	struct sig_result r;
	json_t *o;

	it->accepted = true;
	it->has_sig = true;
	if (m->mresult == NULL || m->mresult->status != SIG_VALID)
		return;
	r = *m->mresult;
	snprintf(r.detail, sizeof(r.detail), "%s digest listed on line %lu "
	    "of the manifest, whose %s signature verifies",
	    sum_alg_name(it->cover_alg), it->cover_line, m->mresult->kind);
	r.kind = "checksum-manifest";
	o = evidence(c, it, m, &r);
	if (o != NULL && m->msig != NONE)
		jset_file(o, "manifest_signature", c->items[m->msig].e);
	report(c, "signing.valid-signature", it->e, 0, o,
	    "%s: listed in %s, signed by %s", assay_entry_path(it->e),
	    assay_entry_path(m->e), who(&r));
}

/* ---- what is unsigned ---------------------------------------------------- */

static bool
ancestor_accepted(const struct ctx *c, size_t i)
{
	size_t p, depth = 0;

	for (p = c->items[i].parent; p != NONE && depth < 64;
	    p = c->items[p].parent, depth++)
		if (c->items[p].accepted)
			return true;
	return false;
}

static void
mark_holders(struct ctx *c)
{
	size_t i, p, depth;

	for (i = 0; i < c->n; i++) {
		if (!c->items[i].has_sig &&
		    !(c->items[i].role & (ROLE_MANIFEST |
		    ROLE_EMBEDDED_MANIFEST)))
			continue;
		for (p = c->items[i].parent, depth = 0; p != NONE &&
		    depth < 64; p = c->items[p].parent, depth++)
			c->items[p].holds_sigs = true;
	}
}

static void
unsigned_files(struct ctx *c)
{
	const struct item *it;
	const char *why;
	json_t *o;
	size_t i;

	mark_holders(c);
	for (i = 0; i < c->n; i++) {
		it = &c->items[i];
		if (!it->readable || !(it->role & ROLE_MUST) || it->accepted ||
		    ancestor_accepted(c, i))
			continue;
		/* A release folder packed for delivery: its contents speak. */
		if (it->parent == NONE && it->holds_sigs &&
		    (assay_entry_flags(it->e) & ASSAY_FLAG_CONTAINER) &&
		    !it->has_sig)
			continue;
		if (!it->has_sig)
			why = "no signature beside it, inside it, in a signed "
			    "checksum manifest or on an archive holding it";
		else if (it->only_unsupported)
			why = "its only signatures are of formats not "
			    "verified";
		else if (it->only_untrusted && c->require_anchor)
			why = "its signatures verify but none against a trust "
			    "anchor, and the profile requires one";
		else
			why = "none of its signatures is acceptable";
		o = json_object();
		jset_file(o, "file", it->e);
		jset(o, "reason", why);
		json_object_set_new(o, "require_trust_anchor",
		    json_boolean(c->require_anchor));
		report(c, "signing.unsigned-artefact", it->e, 0, o,
		    "%s: %s", assay_entry_path(it->e), why);
	}
}

/* ---- trust and parameters ------------------------------------------------ */

static void
load_trust(struct ctx *c)
{
	const unsigned char *p;
	const char *name;
	unsigned char dg[32];
	char why[256], dghex[65];
	size_t i, n;
	json_t *o;

	for (i = 0; i < assay_scan_trust_count(c->scan); i++) {
		if (assay_scan_trust_file(c->scan, i, &name, &p, &n) !=
		    ASSAY_OK)
			continue;
		if (sig_trust_add(&c->trust, name, p, n, why, sizeof(why)) ==
		    SIG_TRUST_ADDED)
			continue;
		o = json_object();
		jset(o, "trust_file", name);
		if (EVP_Digest(p, n, dg, NULL, EVP_sha256(), NULL) == 1) {
			hex(dg, sizeof(dg), dghex);
			jset(o, "trust_file_sha256", dghex);
		}
		jset(o, "reason", why);
		report(c, "signing.trust-file-unusable", NULL, 0, o,
		    "trust file %s: %s", name, why);
	}
	if (c->require_anchor && c->trust.nfiles == 0) {
		o = json_object();
		json_object_set_new(o, "require_trust_anchor", json_true());
		report(c, "signing.no-trust-anchors", NULL, 0, o,
		    "the profile requires trust anchors and no usable "
		    "--trust file was given");
	}
}

/* A JSON array of strings from param key, or the defaults. */
static enum assay_err
string_list(struct assay_scan *scan, const char *key, json_t **outp)
{
	const char *text = assay_scan_param(scan, key);
	json_t *v;
	size_t i;

	*outp = NULL;
	if (text == NULL)
		return ASSAY_OK;
	if ((v = json_loads(text, JSON_DECODE_ANY, NULL)) == NULL ||
	    !json_is_array(v) || json_array_size(v) > 1024) {
		json_decref(v);
		return ASSAY_ERR_USAGE;
	}
	for (i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i))) {
			json_decref(v);
			return ASSAY_ERR_USAGE;
		}
	*outp = v;
	return ASSAY_OK;
}

static enum assay_err
params(struct ctx *c, json_t **globsp)
{
	const char *req = assay_scan_param(c->scan, "require_trust_anchor");
	json_t *fmts = NULL;
	const char *s;
	size_t i;
	enum assay_err e;

	if (req != NULL && strcmp(req, "true") != 0 &&
	    strcmp(req, "false") != 0)
		return ASSAY_ERR_USAGE;
	c->require_anchor = req != NULL && strcmp(req, "true") == 0;
	if ((e = string_list(c->scan, "must_sign", globsp)) != ASSAY_OK)
		return e;
	if ((e = string_list(c->scan, "must_sign_formats", &fmts)) !=
	    ASSAY_OK)
		return e;
	c->must_pe = fmts == NULL;
	for (i = 0; fmts != NULL && i < json_array_size(fmts); i++) {
		s = json_string_value(json_array_get(fmts, i));
		if (strcmp(s, "pe") == 0)
			c->must_pe = true;
		else if (strcmp(s, "elf") == 0)
			c->must_elf = true;
		else
			e = ASSAY_ERR_USAGE;
	}
	json_decref(fmts);
	return e;
}

static enum assay_err
signing_run(struct assay_scan *scan)
{
	struct ctx c;
	json_t *globs = NULL;
	const char **gl = NULL;
	size_t i, ng;
	enum assay_err e;

	memset(&c, 0, sizeof(c));
	c.scan = scan;
	c.now = assay_scan_time(scan);
	sig_trust_init(&c.trust);
	if ((e = params(&c, &globs)) != ASSAY_OK)
		goto out;
	ng = globs != NULL ? json_array_size(globs) :
	    sizeof(default_must_sign) / sizeof(default_must_sign[0]);
	if ((gl = calloc(ng + 1, sizeof(*gl))) == NULL) {
		e = ASSAY_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < ng; i++)
		gl[i] = globs != NULL ?
		    json_string_value(json_array_get(globs, i)) :
		    default_must_sign[i];
	load_trust(&c);
	if ((e = collect(&c)) != ASSAY_OK)
		goto out;
	classify(&c, gl, ng);
	if ((e = group_folders(&c)) != ASSAY_OK)
		goto out;
	for (i = 0; i < c.n; i++)
		if (c.items[i].readable && (c.items[i].role & (ROLE_MANIFEST |
		    ROLE_EMBEDDED_MANIFEST)))
			manifest(&c, i);
	for (i = 0; i < c.n; i++) {
		if (!c.items[i].readable || (c.items[i].role & (ROLE_SIG |
		    ROLE_MANIFEST | ROLE_EMBEDDED_MANIFEST)))
			continue;
		verify_item(&c, i);
		if (c.items[i].cover != NONE)
			manifest_cover(&c, i);
	}
	unsigned_files(&c);
	e = ASSAY_OK;
 out:
	for (i = 0; i < c.n; i++) {
		free(c.items[i].mresult);
		free(c.items[i].dg);
	}
	free(c.items);
	free(c.bydir);
	free(c.by_entry);
	free(c.sorted);
	free(gl);
	json_decref(globs);
	sig_trust_release(&c.trust);
	return e;
}

const struct assay_probe assay_signing_probe = {
	.abi = ASSAY_PROBE_ABI, .size = sizeof(struct assay_probe),
	.name = "signing", .version = "1.0",
	.summary = "release signatures: CMS, OpenPGP, minisign, signify, "
	    "raw, checksum manifests, Authenticode, kernel modules",
	.rules = rules, .run = signing_run,
};
