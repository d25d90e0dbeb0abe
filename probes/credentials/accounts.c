/*
 * The accounts part of the credentials probe: passwd, shadow and gshadow
 * at any depth (and their "-" backups), web and service password files,
 * and every stored hash tried against the shipped list of vendor defaults
 * and the account's own names.
 *
 * Invariants: reads are bounded (ACCT_FILE_MAX a file, ACCT_LINE_MAX a
 * line); guessing work is bounded by the profile's budgets and priced
 * before it runs; a password never leaves this file except as a salted
 * commitment; findings and their evidence do not depend on thread timing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/buf.h"
#include "acct.h"
#include "credentials.h"

#define ACCT_FILE_MAX		((size_t)8 << 20)	/* bytes read a file */
#define ACCT_LINE_MAX		8192	/* bytes of one line */
#define MALFORMED_MAX		10	/* malformed-line findings a file */
#define TOMCAT_USERS_MAX	10000
#define LIST_MAX		((size_t)4 << 20)
#define MSG_MAX			512

#define DEFAULT_LIST		"default-passwords.txt"
#define DEFAULT_MAX_GUESSES	10000
#define DEFAULT_HASH_SECONDS	60
#define DEFAULT_TOTAL_SECONDS	120

/* One account database name and what its password field said. */
struct acct_name {
	char *name;
	enum cred_pwfield kind;
};

/* The shadow accounts of one root filesystem, sorted by name. */
struct acct_root {
	char *prefix;		/* full path up to "etc/" */
	struct acct_name *v;
	size_t n, cap;
};

struct acct_ctx {
	struct assay_scan *scan;
	struct cred_list list;
	struct cred_budget budget;
	const char *products[CRED_BASES_MAX];	/* [0] is the account */
	char *product_store[CRED_BASES_MAX];
	size_t nbases;
	int year;
	struct acct_root *roots;
	size_t nroots;
	unsigned char *seen;	/* per inventory entry: already examined */
	size_t nseen;
	enum assay_err err;	/* first error that stops the run */
	bool full;		/* the harness keeps no more findings */
};

/* What is being examined: one file and, per line, one credential. */
struct acct_file {
	const struct assay_entry *e;
	const char *path;	/* full nested path */
	const char *kind;	/* "shadow", "htpasswd", ... */
	unsigned malformed;	/* malformed lines seen */
};

/* ---- reporting ---------------------------------------------------------- */

static void
vreport(struct acct_ctx *c, const char *rule, const struct acct_file *f,
    unsigned long line, json_t *ev, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
static void
report(struct acct_ctx *c, const char *rule, const struct acct_file *f,
    unsigned long line, json_t *ev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static bool
report_named(struct acct_ctx *c, const char *rule, const struct acct_file *f,
    unsigned long line, const char *who, const char *name, const char *fmt,
    ...) __attribute__((format(printf, 7, 8)));

/* Reports rule at f's line with evidence ev (consumed) and a message. */
static void
vreport(struct acct_ctx *c, const char *rule, const struct acct_file *f,
    unsigned long line, json_t *ev, const char *fmt, va_list ap)
{
	struct assay_finding fd;
	char msg[MSG_MAX], *text = NULL;
	enum assay_err r;

	if (c->err != ASSAY_OK || c->full)
		goto out;
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ev != NULL && (json_object_set_new(ev, "file_kind",
	    json_string(f->kind)) == -1 ||
	    (text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)) {
		c->err = ASSAY_ERR_NOMEM;
		goto out;
	}
	memset(&fd, 0, sizeof(fd));
	fd.rule = rule;
	fd.entry = f->e;
	fd.line = line;
	fd.evidence = text;
	r = assay_scan_report(c->scan, &fd, "%s", msg);
	if (r == ASSAY_ERR_LIMIT)
		c->full = true;
	else if (r != ASSAY_OK)
		c->err = r;
 out:
	free(text);
	json_decref(ev);
}

static void
report(struct acct_ctx *c, const char *rule, const struct acct_file *f,
    unsigned long line, json_t *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, rule, f, line, ev, fmt, ap);
	va_end(ap);
}

/* A new evidence object naming the account; NULL only without memory. */
static json_t *
evidence(const char *key, const char *name)
{
	json_t *ev = json_object();

	if (ev != NULL && json_object_set_new(ev, key, json_string(name)) == -1) {
		json_decref(ev);
		ev = NULL;
	}
	return ev;
}

/* Reports rule with evidence naming who's name; false without memory. */
static bool
report_named(struct acct_ctx *c, const char *rule, const struct acct_file *f,
    unsigned long line, const char *who, const char *name, const char *fmt,
    ...)
{
	json_t *ev;
	va_list ap;

	if ((ev = evidence(who, name)) == NULL) {
		c->err = ASSAY_ERR_NOMEM;
		return false;
	}
	va_start(ap, fmt);
	vreport(c, rule, f, line, ev, fmt, ap);
	va_end(ap);
	return true;
}

static void
malformed(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *why)
{
	json_t *ev;

	f->malformed++;
	if (f->malformed > MALFORMED_MAX)
		return;
	if ((ev = json_object()) == NULL ||
	    json_object_set_new(ev, "reason", json_string(why)) == -1) {
		json_decref(ev);
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	report(c, "credentials.malformed-entry", f, line, ev,
	    "%s line %lu is malformed: %s", f->kind, line, why);
}

/* After a file: how many malformed lines were not reported one by one. */
static void
malformed_summary(struct acct_ctx *c, struct acct_file *f)
{
	json_t *ev;

	if (f->malformed <= MALFORMED_MAX)
		return;
	if ((ev = json_object()) == NULL ||
	    json_object_set_new(ev, "malformed_lines",
	    json_integer((json_int_t)f->malformed)) == -1) {
		json_decref(ev);
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	report(c, "credentials.malformed-entry", f, 0, ev,
	    "%s has %u malformed lines; the first %d are reported",
	    f->kind, f->malformed, MALFORMED_MAX);
}

/* ---- guessing one hash -------------------------------------------------- */

/* Adds what was tried to ev; false without memory. */
static bool
add_counts(json_t *ev, const struct acct_ctx *c,
    const struct cred_guess_result *g)
{
	return json_object_set_new(ev, "candidates_tried",
	    json_integer((json_int_t)g->tried)) == 0 &&
	    json_object_set_new(ev, "candidates_total",
	    json_integer((json_int_t)g->total)) == 0 &&
	    json_object_set_new(ev, "list_exhausted",
	    json_boolean(g->exhausted)) == 0 &&
	    json_object_set_new(ev, "list", json_string(c->list.name)) == 0;
}

static void
report_match(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *who, const char *name, const struct cred_hash *h,
    const struct cred_derived *d, const struct cred_guess_result *g,
    json_t *extra)
{
	const struct cred_candidate *cand;
	char salt[33], commit[65];
	json_t *ev = NULL, *m = NULL;

	cand = cred_guess_candidate(d, &c->list, g->match);
	if (cand == NULL || !cred_commitment(f->path, name, cand->pw,
	    cand->len, salt, commit)) {
		c->err = ASSAY_ERR_CRYPTO;
		goto out;
	}
	if ((ev = extra != NULL ? json_copy(extra) : json_object()) == NULL ||
	    (m = json_object()) == NULL ||
	    json_object_set_new(ev, who, json_string(name)) == -1 ||
	    json_object_set_new(ev, "hash_scheme",
	    json_string(cred_scheme_name(h->scheme))) == -1 ||
	    !add_counts(ev, c, g) ||
	    json_object_set_new(m, "salt", json_string(salt)) == -1 ||
	    json_object_set_new(m, "commitment", json_string(commit)) == -1 ||
	    (cand->line > 0 ?
	    json_object_set_new(m, "list_line",
	    json_integer((json_int_t)cand->line)) :
	    json_object_set_new(m, "derivation",
	    json_string(cand->derivation))) == -1 ||
	    json_object_set_new(m, "source", json_string(cand->line > 0 ?
	    "list" : "derived")) == -1 ||
	    json_object_set(ev, "match", m) == -1) {
		c->err = ASSAY_ERR_NOMEM;
		goto out;
	}
	report(c, "credentials.default-password", f, line, ev,
	    "%s %s in %s accepts a %s password (%s)", who, name, f->kind,
	    cand->line > 0 ? "listed default" : "name-derived",
	    cred_scheme_name(h->scheme));
	ev = NULL;
 out:
	json_decref(ev);
	json_decref(m);
}

static void
report_unchecked(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *who, const char *name, const struct cred_hash *h,
    const struct cred_guess_result *g, const char *reason)
{
	json_t *ev;

	if ((ev = evidence(who, name)) == NULL ||
	    json_object_set_new(ev, "hash_scheme",
	    json_string(cred_scheme_name(h->scheme))) == -1 ||
	    json_object_set_new(ev, "reason", json_string(reason)) == -1 ||
	    (g != NULL && !add_counts(ev, c, g))) {
		json_decref(ev);
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	report(c, "credentials.unchecked-password-hash", f, line, ev,
	    "%s %s in %s: %s hash not fully checked: %s", who, name, f->kind,
	    cred_scheme_name(h->scheme), reason);
}

static void
report_weak(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *who, const char *name, const struct cred_hash *h)
{
	json_t *ev;

	if ((ev = evidence(who, name)) == NULL ||
	    json_object_set_new(ev, "hash_scheme",
	    json_string(cred_scheme_name(h->scheme))) == -1 ||
	    json_object_set_new(ev, "weakness", json_string(h->weak)) == -1) {
		json_decref(ev);
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	report(c, "credentials.weak-password-hash", f, line, ev,
	    "%s %s in %s has a weak %s hash: %s", who, name, f->kind,
	    cred_scheme_name(h->scheme), h->weak);
}

/*
 * Tries h for the named account or group; reports a match, a weak scheme
 * and any hash the budget or the scheme kept from being checked in full.
 * extra (borrowed, may be NULL) is added to a match's evidence.
 */
static void
check_hash(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *who, const char *name, const struct cred_hash *h,
    json_t *extra)
{
	struct cred_derived *d = NULL;
	struct cred_guess_result g;
	char reason[160];

	if (h->weak != NULL)
		report_weak(c, f, line, who, name, h);
	if ((d = malloc(sizeof(*d))) == NULL) {
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	c->products[0] = name;
	cred_derive(d, c->products, c->nbases, c->year);
	cred_guess(h, d, &c->list, &c->budget, &g);
	switch (g.status) {
	case CRED_GUESS_MATCH:
		report_match(c, f, line, who, name, h, d, &g, extra);
		break;
	case CRED_GUESS_NONE:
		if (!g.exhausted) {
			snprintf(reason, sizeof(reason), "%s after %zu of %zu "
			    "candidates", c->budget.total_us <= 0 ?
			    "the run's guessing budget was spent" :
			    "the per-hash budget was reached", g.tried,
			    g.total);
			report_unchecked(c, f, line, who, name, h, &g, reason);
		}
		break;
	case CRED_GUESS_TOO_COSTLY:
		snprintf(reason, sizeof(reason), "one guess would cost about "
		    "%.1f s or %llu MiB, more than the per-hash budget",
		    h->cost_us / 1e6, (unsigned long long)(h->mem >> 20));
		report_unchecked(c, f, line, who, name, h, &g, reason);
		break;
	case CRED_GUESS_FAILED:
		snprintf(reason, sizeof(reason), "the %s computation failed "
		    "after %zu candidates: %s",
		    cred_scheme_uses_crypt(h->scheme) ? "crypt_rn" : "digest",
		    g.tried, g.crypt_errno == ENOSYS ? "libxcrypt does not "
		    "implement this scheme" : strerror(g.crypt_errno));
		report_unchecked(c, f, line, who, name, h, &g, reason);
		break;
	}
	free(d);
}

/* A password field that is neither empty nor locked: parse, then try. */
static void
check_field(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *who, const char *name, const char *pw, size_t n,
    json_t *extra)
{
	struct cred_hash *h;
	const char *why;
	json_t *ev;

	if ((h = malloc(sizeof(*h))) == NULL) {
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	if (cred_hash_parse_crypt(pw, n, h, &why)) {
		check_hash(c, f, line, who, name, h, extra);
	} else if (why == cred_why_unknown_scheme) {
		report_unchecked(c, f, line, who, name, h, NULL,
		    "the hash scheme is not one assay or libxcrypt knows");
	} else if ((ev = evidence(who, name)) == NULL ||
	    json_object_set_new(ev, "reason", json_string(why)) == -1) {
		json_decref(ev);
		c->err = ASSAY_ERR_NOMEM;
	} else {
		report(c, "credentials.malformed-password-hash", f, line, ev,
		    "%s %s in %s has a malformed password hash: %s", who,
		    name, f->kind, why);
	}
	explicit_bzero(h, sizeof(*h));
	free(h);
}

/* ---- files -------------------------------------------------------------- */

/*
 * Reads at most ACCT_FILE_MAX bytes of e; *truncated when there was more.
 * NULL (and c->err for real failures) when it cannot be read.
 */
static char *
read_prefix(struct acct_ctx *c, const struct assay_entry *e, size_t *lenp,
    bool *truncated)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t got;
	int fd = -1;

	*lenp = 0;
	*truncated = false;
	if (assay_entry_open(c->scan, e, &fd) != ASSAY_OK)
		return NULL;
	if ((buf = malloc(ACCT_FILE_MAX + 1)) == NULL) {
		c->err = ASSAY_ERR_NOMEM;
		goto out;
	}
	while (len < ACCT_FILE_MAX) {
		got = read(fd, buf + len, ACCT_FILE_MAX - len);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	*truncated = len == ACCT_FILE_MAX &&
	    assay_entry_size(e) > ACCT_FILE_MAX;
	buf[len] = '\0';
	*lenp = len;
 out:
	close(fd);
	return buf;
}

typedef void (*line_fn)(struct acct_ctx *c, struct acct_file *f,
    unsigned long line, const char *s, size_t n, void *arg);

/* Calls fn for each line of e, bounded; reports what was too long. */
static void
each_line(struct acct_ctx *c, struct acct_file *f, bool skip_binary,
    line_fn fn, void *arg)
{
	const char *p, *nl, *end;
	unsigned long line = 0;
	bool truncated;
	size_t len, n;
	char *buf;
	json_t *ev;

	if ((buf = read_prefix(c, f->e, &len, &truncated)) == NULL)
		return;
	/* A binary that merely shares a password file's name. */
	if (skip_binary && memchr(buf, '\0', len < 8192 ? len : 8192) != NULL)
		goto out;
	if (truncated) {
		if ((ev = json_object()) == NULL ||
		    json_object_set_new(ev, "bytes_examined",
		    json_integer((json_int_t)len)) == -1) {
			json_decref(ev);
			c->err = ASSAY_ERR_NOMEM;
			goto out;
		}
		report(c, "credentials.malformed-entry", f, 0, ev,
		    "%s is larger than %zu bytes; only the start was "
		    "examined", f->kind, ACCT_FILE_MAX);
	}
	p = buf;
	end = buf + len;
	while (p < end && c->err == ASSAY_OK) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		/* The cut-off last line of a truncated file is not judged. */
		if (nl == NULL && truncated)
			break;
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > ACCT_LINE_MAX)
			malformed(c, f, line, "line longer than 8192 bytes");
		else
			fn(c, f, line, p, n, arg);
		p = nl != NULL ? nl + 1 : end;
	}
	malformed_summary(c, f);
 out:
	explicit_bzero(buf, len);
	free(buf);
}

/* The root filesystem prefix of path, which ends in suffix-ish "etc/x". */
static char *
root_prefix(const char *path)
{
	const char *etc = NULL, *p;
	size_t n;
	char *s;

	for (p = path; (p = strstr(p, "etc/")) != NULL; p++)
		if (p == path || p[-1] == '/')
			etc = p;
	n = etc != NULL ? (size_t)(etc - path) : 0;
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, path, n);
	s[n] = '\0';
	return s;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct acct_name *)a)->name,
	    ((const struct acct_name *)b)->name);
}

static struct acct_root *
find_root(struct acct_ctx *c, const char *prefix)
{
	size_t i;

	for (i = 0; i < c->nroots; i++)
		if (strcmp(c->roots[i].prefix, prefix) == 0)
			return &c->roots[i];
	return NULL;
}

static struct acct_root *
add_root(struct acct_ctx *c, char *prefix)
{
	struct acct_root *r;

	if ((r = find_root(c, prefix)) != NULL) {
		free(prefix);
		return r;
	}
	if ((r = reallocarray(c->roots, c->nroots + 1, sizeof(*r))) == NULL) {
		free(prefix);
		return NULL;
	}
	c->roots = r;
	r = &c->roots[c->nroots++];
	memset(r, 0, sizeof(*r));
	r->prefix = prefix;
	return r;
}

static const struct acct_name *
root_lookup(const struct acct_root *r, const char *name)
{
	struct acct_name key;

	if (r == NULL || r->n == 0)
		return NULL;
	key.name = (char *)(uintptr_t)name;
	return bsearch(&key, r->v, r->n, sizeof(*r->v), by_name);
}

static const char *
kind_name(enum cred_pwfield k)
{
	switch (k) {
	case CRED_PW_EMPTY:
		return "empty";
	case CRED_PW_SEE_SHADOW:
		return "in shadow";
	case CRED_PW_LOCKED:
		return "locked";
	case CRED_PW_HASH:
		return "hash";
	}
	return "unknown";
}

static void
report_empty(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *who, const char *name, json_t *ev, const char *why)
{
	if (ev == NULL || json_object_set_new(ev, who, json_string(name)) == -1) {
		json_decref(ev);
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	report(c, "credentials.empty-password", f, line, ev,
	    "%s %s in %s has an empty password%s", who, name, f->kind, why);
}

/* shadow and shadow-: record the account for passwd, check the field. */
static void
shadow_line(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *s, size_t n, void *arg)
{
	struct acct_root *root = arg;
	struct cred_account a;
	struct acct_name *v;
	json_t *extra = NULL;
	const char *why;
	bool expired;

	if (!cred_db_parse_line(CRED_DB_SHADOW, s, n, &a, &why)) {
		if (why != NULL)
			malformed(c, f, line, why);
		return;
	}
	if (root != NULL && root->n < 1000000) {
		if (root->n == root->cap) {
			v = reallocarray(root->v, root->cap ? root->cap * 2 :
			    64, sizeof(*v));
			if (v == NULL) {
				c->err = ASSAY_ERR_NOMEM;
				return;
			}
			root->v = v;
			root->cap = root->cap ? root->cap * 2 : 64;
		}
		if ((root->v[root->n].name = strdup(a.name)) == NULL) {
			c->err = ASSAY_ERR_NOMEM;
			return;
		}
		root->v[root->n++].kind = a.kind;
	}
	expired = a.expire_day >= 0 &&
	    a.expire_day * 86400 <= assay_scan_time(c->scan);
	if ((extra = json_object()) == NULL ||
	    json_object_set_new(extra, "expired", json_boolean(expired)) == -1) {
		json_decref(extra);
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	if (a.kind == CRED_PW_EMPTY)
		report_empty(c, f, line, "account", a.name, json_incref(extra),
		    "");
	else if (a.kind == CRED_PW_HASH)
		check_field(c, f, line, "account", a.name, a.pw, a.pwlen,
		    extra);
	json_decref(extra);
}

static void
passwd_line(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *s, size_t n, void *arg)
{
	const struct acct_root *root = arg;
	const struct acct_name *sh;
	struct cred_account a;
	const char *why, *status;
	json_t *ev;

	if (!cred_db_parse_line(CRED_DB_PASSWD, s, n, &a, &why)) {
		if (why != NULL)
			malformed(c, f, line, why);
		return;
	}
	sh = root_lookup(root, a.name);
	if (a.uid == 0 && strcmp(a.name, "root") != 0) {
		status = a.kind == CRED_PW_SEE_SHADOW ? (sh != NULL ?
		    kind_name(sh->kind) : "no shadow entry") :
		    kind_name(a.kind);
		if ((ev = evidence("account", a.name)) == NULL ||
		    json_object_set_new(ev, "uid", json_integer(0)) == -1 ||
		    json_object_set_new(ev, "password", json_string(status)) ==
		    -1 || json_object_set_new(ev, "shell",
		    json_string(a.shell)) == -1) {
			json_decref(ev);
			c->err = ASSAY_ERR_NOMEM;
			return;
		}
		report(c, "credentials.uid0-account", f, line, ev,
		    "account %s has uid 0 (password %s)", a.name, status);
	}
	if (a.kind == CRED_PW_EMPTY) {
		/* pam_unix and BusyBox read shadow only for "x". */
		if ((ev = json_object()) == NULL ||
		    json_object_set_new(ev, "shadow_entry",
		    json_boolean(sh != NULL)) == -1 ||
		    json_object_set_new(ev, "shell", json_string(a.shell)) ==
		    -1) {
			json_decref(ev);
			c->err = ASSAY_ERR_NOMEM;
			return;
		}
		report_empty(c, f, line, "account", a.name, ev,
		    " field in passwd");
	} else if (a.kind == CRED_PW_HASH &&
	    report_named(c, "credentials.hash-in-passwd", f, line, "account",
	    a.name, "account %s has its password hash in passwd, which every "
	    "user can read", a.name)) {
		check_field(c, f, line, "account", a.name, a.pw, a.pwlen,
		    NULL);
	}
}

static void
gshadow_line(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *s, size_t n, void *arg)
{
	struct cred_account a;
	const char *why;

	(void)arg;
	if (!cred_db_parse_line(CRED_DB_GSHADOW, s, n, &a, &why)) {
		if (why != NULL)
			malformed(c, f, line, why);
		return;
	}
	/* An empty gshadow field lets only members in: no password. */
	if (a.kind != CRED_PW_HASH ||
	    !report_named(c, "credentials.group-password", f, line, "group",
	    a.name, "group %s has a password: anyone who knows it can join "
	    "with newgrp", a.name))
		return;
	check_field(c, f, line, "group", a.name, a.pw, a.pwlen, NULL);
}

/* ---- service files ------------------------------------------------------ */

/* One service credential: plaintext, empty, then the guessing. */
static void
service_entry(struct acct_ctx *c, struct acct_file *f,
    const struct cred_svc_entry *e)
{
	if (e->empty) {
		report_empty(c, f, e->line, "user", e->user, json_object(),
		    "");
		return;
	}
	if (e->hash.scheme == CRED_SCHEME_UNKNOWN) {
		report_unchecked(c, f, e->line, "user", e->user, &e->hash,
		    NULL, "the hash scheme is not one assay or libxcrypt knows");
		return;
	}
	if (e->hash.scheme == CRED_SCHEME_PLAINTEXT &&
	    !report_named(c, "credentials.plaintext-password", f, e->line,
	    "user", e->user, "user %s in %s has its password stored in clear",
	    e->user, f->kind))
		return;
	check_hash(c, f, e->line, "user", e->user, &e->hash, NULL);
}

static void
service_line(struct acct_ctx *c, struct acct_file *f, unsigned long line,
    const char *s, size_t n, void *arg)
{
	const enum cred_svc *kind = arg;
	struct cred_svc_entry *e;
	const char *why;

	if ((e = malloc(sizeof(*e))) == NULL) {
		c->err = ASSAY_ERR_NOMEM;
		return;
	}
	if (cred_svc_parse_line(*kind, s, n, e, &why)) {
		e->line = line;
		service_entry(c, f, e);
	} else if (why != NULL) {
		malformed(c, f, line, why);
	}
	explicit_bzero(e, sizeof(*e));
	free(e);
}

struct tomcat_arg {
	struct acct_ctx *c;
	struct acct_file *f;
};

static void
tomcat_user(void *arg, const struct cred_svc_entry *e)
{
	struct tomcat_arg *t = arg;

	if (t->c->err == ASSAY_OK)
		service_entry(t->c, t->f, e);
}

static void
tomcat_file(struct acct_ctx *c, struct acct_file *f)
{
	struct tomcat_arg t = { c, f };
	bool truncated;
	size_t len;
	char *buf;

	if ((buf = read_prefix(c, f->e, &len, &truncated)) == NULL)
		return;
	(void)cred_tomcat_users(buf, len, TOMCAT_USERS_MAX, tomcat_user, &t);
	explicit_bzero(buf, len);
	free(buf);
}

/* ---- the walk ----------------------------------------------------------- */

/*
 * True the first time e is asked about (globs overlap: ".htpasswd"), with
 * f set up for e as a file of that kind.
 */
static bool
first_visit(struct acct_ctx *c, const struct assay_entry *e, const char *kind,
    struct acct_file *f)
{
	size_t i = assay_entry_index(e);

	if (i >= c->nseen || c->seen[i])
		return false;
	c->seen[i] = 1;
	memset(f, 0, sizeof(*f));
	f->e = e;
	f->path = assay_entry_path(e);
	f->kind = kind;
	return true;
}

/* Where account databases are; a bare file given as an artefact too. */
struct db_glob {
	const char *glob;
	bool artefact_only;	/* only an artefact of that name */
	bool live;		/* the file in use, not a backup */
};

static const struct db_glob shadow_globs[] = {
	{ "**/etc/shadow", false, true }, { "shadow", true, true },
	{ "**/etc/shadow-", false, false }, { NULL, false, false } };
static const struct db_glob passwd_globs[] = {
	{ "**/etc/passwd", false, true }, { "passwd", true, true },
	{ "**/etc/passwd-", false, false }, { NULL, false, false } };
static const struct db_glob gshadow_globs[] = {
	{ "**/etc/gshadow", false, true }, { "gshadow", true, true },
	{ "**/etc/gshadow-", false, false }, { NULL, false, false } };

static const struct {
	const char *glob;
	enum cred_svc kind;
} service_globs[] = {
	{ "**/.htpasswd", CRED_SVC_HTPASSWD },
	{ "**/htpasswd", CRED_SVC_HTPASSWD },
	{ "**/htpasswd.users", CRED_SVC_HTPASSWD },
	{ "**/*.htpasswd", CRED_SVC_HTPASSWD },
	{ "**/lighttpd.user", CRED_SVC_HTPASSWD },
	{ "**/.htdigest", CRED_SVC_HTDIGEST },
	{ "**/htdigest", CRED_SVC_HTDIGEST },
	{ "**/*.htdigest", CRED_SVC_HTDIGEST },
	{ "**/lighttpd.htdigest", CRED_SVC_HTDIGEST },
	{ "**/mosquitto/passwd", CRED_SVC_MOSQUITTO },
	{ "**/mosquitto/pwfile", CRED_SVC_MOSQUITTO },
	{ "**/mosquitto/*.passwd", CRED_SVC_MOSQUITTO },
	{ "**/mosquitto/password_file", CRED_SVC_MOSQUITTO },
	{ "**/mosquitto.passwd", CRED_SVC_MOSQUITTO },
};

/* Entries matching any of globs, each once, in inventory order. */
static void
walk_db(struct acct_ctx *c, const struct db_glob *globs, enum cred_db db)
{
	static const char *const kinds[] = { "passwd", "shadow", "gshadow" };
	const struct assay_entry *e;
	struct acct_file f;
	struct acct_root *root;
	size_t cur, i;
	char *prefix;

	for (i = 0; globs[i].glob != NULL && c->err == ASSAY_OK; i++) {
		cur = 0;
		while ((e = assay_scan_next(c->scan, &cur, globs[i].glob,
		    ASSAY_ENTRY_FILE)) != NULL && c->err == ASSAY_OK) {
			if ((globs[i].artefact_only &&
			    assay_entry_depth(e) != 0) ||
			    !first_visit(c, e, kinds[db], &f))
				continue;
			if ((prefix = root_prefix(f.path)) == NULL) {
				c->err = ASSAY_ERR_NOMEM;
				break;
			}
			/* Backups ("shadow-") do not speak for the live file. */
			if (db == CRED_DB_SHADOW && globs[i].live) {
				root = add_root(c, prefix);
				if (root == NULL) {
					c->err = ASSAY_ERR_NOMEM;
					break;
				}
			} else {
				root = find_root(c, prefix);
				free(prefix);
			}
			if (db == CRED_DB_SHADOW) {
				each_line(c, &f, false, shadow_line, root);
				if (root != NULL && root->n > 0)
					qsort(root->v, root->n, sizeof(*root->v),
					    by_name);
			} else if (db == CRED_DB_PASSWD) {
				each_line(c, &f, false, passwd_line, root);
			} else {
				each_line(c, &f, false, gshadow_line, NULL);
			}
		}
	}
}

static void
walk_services(struct acct_ctx *c)
{
	const struct assay_entry *e;
	struct acct_file f;
	size_t cur, i;

	for (i = 0; i < sizeof(service_globs) / sizeof(service_globs[0]) &&
	    c->err == ASSAY_OK; i++) {
		cur = 0;
		while ((e = assay_scan_next(c->scan, &cur, service_globs[i].glob,
		    ASSAY_ENTRY_FILE)) != NULL && c->err == ASSAY_OK) {
			if (!first_visit(c, e,
			    cred_svc_name(service_globs[i].kind), &f))
				continue;
			each_line(c, &f, true, service_line,
			    (void *)(uintptr_t)&service_globs[i].kind);
		}
	}
	cur = 0;
	while ((e = assay_scan_next(c->scan, &cur, "**/tomcat-users.xml",
	    ASSAY_ENTRY_FILE)) != NULL && c->err == ASSAY_OK) {
		if (!first_visit(c, e, cred_svc_name(CRED_SVC_TOMCAT), &f))
			continue;
		tomcat_file(c, &f);
	}
}

/* ---- parameters --------------------------------------------------------- */

/* A whole number param in [min, max], or def when unset. */
static enum assay_err
param_u64(struct assay_scan *scan, const char *key, uint64_t min,
    uint64_t max, uint64_t def, uint64_t *out)
{
	const char *s = assay_scan_param(scan, key);
	uint64_t v = 0;
	size_t i;

	*out = def;
	if (s == NULL)
		return ASSAY_OK;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 12)
			return ASSAY_ERR_PROFILE;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0 || v < min || v > max)
		return ASSAY_ERR_PROFILE;
	*out = v;
	return ASSAY_OK;
}

/* product_names: a string or an array of strings. */
static enum assay_err
param_products(struct acct_ctx *c)
{
	const char *s = assay_scan_param(c->scan, "product_names");
	json_t *j = NULL, *v;
	size_t i;
	enum assay_err r = ASSAY_OK;

	c->nbases = 1;
	if (s == NULL)
		return ASSAY_OK;
	if (s[0] != '[') {
		if ((c->product_store[1] = strdup(s)) == NULL)
			return ASSAY_ERR_NOMEM;
		c->products[c->nbases++] = c->product_store[1];
		return ASSAY_OK;
	}
	if ((j = json_loads(s, 0, NULL)) == NULL || !json_is_array(j)) {
		r = ASSAY_ERR_PROFILE;
		goto out;
	}
	json_array_foreach(j, i, v) {
		if (!json_is_string(v)) {
			r = ASSAY_ERR_PROFILE;
			goto out;
		}
		if (c->nbases == CRED_BASES_MAX)
			break;
		if ((c->product_store[c->nbases] =
		    strdup(json_string_value(v))) == NULL) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
		c->products[c->nbases] = c->product_store[c->nbases];
		c->nbases++;
	}
 out:
	json_decref(j);
	return r;
}

static enum assay_err
setup(struct acct_ctx *c)
{
	uint64_t guesses, hash_s, total_s;
	const char *name;
	unsigned char *bytes = NULL;
	size_t len;
	long cpus;
	time_t t;
	struct tm tm;
	enum assay_err r;

	if ((r = param_u64(c->scan, "max_guesses_per_hash", 0, 100000000,
	    DEFAULT_MAX_GUESSES, &guesses)) != ASSAY_OK ||
	    (r = param_u64(c->scan, "hash_budget_seconds", 0, 86400,
	    DEFAULT_HASH_SECONDS, &hash_s)) != ASSAY_OK ||
	    (r = param_u64(c->scan, "total_budget_seconds", 0, 86400,
	    DEFAULT_TOTAL_SECONDS, &total_s)) != ASSAY_OK ||
	    (r = param_products(c)) != ASSAY_OK)
		return r;
	if ((name = assay_scan_param(c->scan, "password_list")) == NULL)
		name = DEFAULT_LIST;
	if ((r = assay_scan_data_read(c->scan, name, LIST_MAX, &bytes,
	    &len)) != ASSAY_OK)
		return r;
	if (!cred_list_parse(&c->list, name, (char *)bytes, len))
		return ASSAY_ERR_NOMEM;
	c->nseen = assay_scan_entry_count(c->scan);
	if ((c->seen = calloc(c->nseen + 1, 1)) == NULL)
		return ASSAY_ERR_NOMEM;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	c->budget.workers = cpus < 1 ? 1 : cpus > 16 ? 16 : (unsigned)cpus;
	c->budget.max_guesses = guesses;
	c->budget.hash_us = (double)hash_s * 1e6;
	c->budget.total_us = (double)total_s * 1e6;
	t = (time_t)assay_scan_time(c->scan);
	c->year = gmtime_r(&t, &tm) != NULL ? tm.tm_year + 1900 : 2026;
	return ASSAY_OK;
}

static void
cleanup(struct acct_ctx *c)
{
	size_t i, k;

	for (i = 0; i < c->nroots; i++) {
		for (k = 0; k < c->roots[i].n; k++)
			free(c->roots[i].v[k].name);
		free(c->roots[i].v);
		free(c->roots[i].prefix);
	}
	free(c->roots);
	free(c->seen);
	for (i = 0; i < CRED_BASES_MAX; i++)
		free(c->product_store[i]);
	cred_list_release(&c->list);
}

enum assay_err
cred_accounts_run(struct assay_scan *scan)
{
	struct acct_ctx c;
	enum assay_err r;

	memset(&c, 0, sizeof(c));
	c.scan = scan;
	if ((r = setup(&c)) != ASSAY_OK)
		goto out;
	/* shadow first: passwd's judgements need to know what it holds. */
	walk_db(&c, shadow_globs, CRED_DB_SHADOW);
	walk_db(&c, passwd_globs, CRED_DB_PASSWD);
	walk_db(&c, gshadow_globs, CRED_DB_GSHADOW);
	walk_services(&c);
	r = c.err;
 out:
	cleanup(&c);
	return r;
}
