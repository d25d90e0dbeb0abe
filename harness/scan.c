/*
 * The probe API of assay/probe.h over struct assay_scan.
 *
 * Everything a probe learns or says passes through here: entry contents are
 * opened only beneath the workspace (or from the artefact the tester
 * named), data files only beneath the probe's data folder, and every
 * finding, fetch and data read becomes one JSON line on out_fd, written in
 * full before the call returns so that a probe crashing later loses none of
 * what it already reported.
 */
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/size.h"
#include "confine.h"
#include "digest.h"
#include "fileio.h"
#include "path.h"

/* Longest data file name a probe may ask for, like any entry path. */
#define DATA_NAME_MAX	4096

/* Largest json_int_t, a line number must fit in. */
#if JSON_INTEGER_IS_LONG_LONG
#define JSON_INT_MAX	LLONG_MAX
#else
#define JSON_INT_MAX	LONG_MAX
#endif

/*
 * The inventory the accessors resolve parent links in.  An entry does not
 * know its inventory and struct assay_entry is part of no public contract,
 * so the scan functions a probe must call to obtain an entry remember it
 * here.  Each probe runs in a process of its own; in-process callers (the
 * tests) get the inventory of the scan they used last.
 */
static const struct assay_inventory *bound_inv;

/*
 * Texts of parameters that are not JSON strings.  The text must outlive the
 * call and the scan handle has no room for it, so it is kept here until the
 * probe's parameter object changes.  A text is looked up by its contents,
 * never by address, so a recycled object cannot hand back a stale value.
 */
static struct {
	const void *params;
	char **v;
	size_t n;
} param_texts;

static void
bind_scan(const struct assay_scan *scan)
{
	bound_inv = scan->inv;
}

/* True when e is a record of scan's inventory (not a stray pointer). */
static bool
entry_ok(const struct assay_scan *scan, const struct assay_entry *e)
{
	if (e == NULL || scan->inv == NULL)
		return false;
	if (e->index >= assay_inventory_count(scan->inv))
		return false;
	return assay_inventory_get(scan->inv, e->index) == e;
}

size_t
assay_scan_entry_count(const struct assay_scan *scan)
{
	if (scan->inv == NULL)
		return 0;
	bind_scan(scan);
	return assay_inventory_count(scan->inv);
}

const struct assay_entry *
assay_scan_entry(struct assay_scan *scan, size_t i)
{
	if (scan->inv == NULL || i >= assay_inventory_count(scan->inv))
		return NULL;
	bind_scan(scan);
	return assay_inventory_get(scan->inv, i);
}

const struct assay_entry *
assay_scan_next(struct assay_scan *scan, size_t *cursor, const char *glob,
    unsigned types)
{
	const struct assay_entry *e;
	const char *subject;
	bool full;
	size_t i, n;

	if (scan->inv == NULL)
		return NULL;
	bind_scan(scan);
	/* A zero mask would select nothing, which no caller means. */
	if (types == 0)
		types = ASSAY_ENTRY_ANY;
	full = glob != NULL && strstr(glob, "!/") != NULL;
	n = assay_inventory_count(scan->inv);
	for (i = *cursor; i < n; i++) {
		e = assay_inventory_get(scan->inv, i);
		if (e == NULL || (e->type & types) == 0)
			continue;
		if (glob != NULL) {
			subject = full ? e->path : e->name;
			if (subject == NULL || !assay_glob_match(glob, subject))
				continue;
		}
		*cursor = i + 1;
		assay_scan_mark(scan, i);
		return e;
	}
	*cursor = n;
	return NULL;
}

const char *
assay_entry_path(const struct assay_entry *e)
{
	return e->path;
}

const char *
assay_entry_name(const struct assay_entry *e)
{
	return e->name;
}

const struct assay_entry *
assay_entry_parent(const struct assay_entry *e)
{
	const struct assay_entry *p;

	if (e->parent == ASSAY_NO_ENTRY || bound_inv == NULL)
		return NULL;
	if (e->index >= assay_inventory_count(bound_inv) ||
	    assay_inventory_get(bound_inv, e->index) != e)
		return NULL;
	if (e->parent >= assay_inventory_count(bound_inv))
		return NULL;
	p = assay_inventory_get(bound_inv, e->parent);
	return p;
}

size_t
assay_entry_index(const struct assay_entry *e)
{
	return e->index;
}

unsigned
assay_entry_type(const struct assay_entry *e)
{
	return e->type;
}

unsigned
assay_entry_flags(const struct assay_entry *e)
{
	return e->flags;
}

unsigned
assay_entry_depth(const struct assay_entry *e)
{
	return e->depth;
}

uint32_t
assay_entry_mode(const struct assay_entry *e)
{
	return e->mode;
}

uint64_t
assay_entry_uid(const struct assay_entry *e)
{
	return e->uid;
}

uint64_t
assay_entry_gid(const struct assay_entry *e)
{
	return e->gid;
}

int64_t
assay_entry_mtime(const struct assay_entry *e)
{
	return e->mtime;
}

uint64_t
assay_entry_size(const struct assay_entry *e)
{
	return e->size;
}

const unsigned char *
assay_entry_sha256(const struct assay_entry *e)
{
	return e->hashed ? e->sha256 : NULL;
}

const char *
assay_entry_link_target(const struct assay_entry *e)
{
	return e->link;
}

/*
 * Clears O_NONBLOCK again: it was there only so that opening a FIFO named
 * as an artefact cannot hang the probe.
 */
static int
clear_nonblock(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return -1;
	return fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

/* The entry whose bytes e's are: a hard link's target, else e itself. */
static const struct assay_entry *
content_of(const struct assay_scan *scan, const struct assay_entry *e)
{
	const struct assay_entry *c = e;
	size_t hops;

	/* Bounded: a cycle would be a bug in the inventory, not a hang. */
	for (hops = 0; hops < 8; hops++) {
		if (c->content == ASSAY_NO_ENTRY || c->content == c->index)
			return c;
		if (c->content >= assay_inventory_count(scan->inv))
			return NULL;
		c = assay_inventory_get(scan->inv, c->content);
		if (c == NULL)
			return NULL;
	}
	return NULL;
}

enum assay_err
assay_entry_open(struct assay_scan *scan, const struct assay_entry *e,
    int *fdp)
{
	const struct assay_entry *c;
	struct stat st;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	int dirfd = -1, fd = -1;

	*fdp = -1;
	if (!entry_ok(scan, e)) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	bind_scan(scan);
	if ((e->flags & ASSAY_FLAG_CONTENT) == 0 ||
	    (c = content_of(scan, e)) == NULL || c->rel == NULL) {
		r = ASSAY_ERR_NOT_FOUND;
		goto out;
	}
	if ((c->flags & ASSAY_FLAG_ARTEFACT) != 0 &&
	    c->container == ASSAY_NO_ENTRY) {
		/* The tester named this file; it is read where it is. */
		fd = open(c->rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd == -1 || clear_nonblock(fd) == -1) {
			r = errno == ENOENT ? ASSAY_ERR_NOT_FOUND :
			    ASSAY_ERR_IO;
			goto out;
		}
		if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
			r = ASSAY_ERR_IO;
			goto out;
		}
	} else {
		if (scan->ws == NULL || c->container == ASSAY_NO_ENTRY) {
			r = ASSAY_ERR_NOT_FOUND;
			goto out;
		}
		dirfd = assay_workspace_container(scan->ws, c->container);
		if (dirfd == -1) {
			r = ASSAY_ERR_IO;
			goto out;
		}
		fd = assay_open_beneath(dirfd, c->rel, O_RDONLY | O_NONBLOCK,
		    0);
		if (fd == -1 || clear_nonblock(fd) == -1) {
			r = errno == ENOENT ? ASSAY_ERR_NOT_FOUND :
			    ASSAY_ERR_IO;
			goto out;
		}
		/* Unpacking writes only regular files; anything else is not
		 * the entry's content. */
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
			r = ASSAY_ERR_IO;
			goto out;
		}
	}
	assay_scan_mark(scan, e->index);
	*fdp = fd;
	fd = -1;
	r = ASSAY_OK;
 out:
	if (fd != -1)
		close(fd);
	if (dirfd != -1)
		close(dirfd);
	return r;
}

/*
 * Reads all of fd into a new NUL-terminated buffer of at most max bytes;
 * ASSAY_ERR_LIMIT (and nothing returned) when there is more.
 */
static enum assay_err
read_bounded(int fd, size_t max, unsigned char **datap, size_t *lenp)
{
	unsigned char *p = NULL, *np;
	struct stat st;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	size_t cap, len = 0, alloc;
	ssize_t n;
	char probe;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if (fstat(fd, &st) == -1) {
		r = ASSAY_ERR_IO;
		goto out;
	}
	if (st.st_size > 0 && (uintmax_t)st.st_size > max) {
		r = ASSAY_ERR_LIMIT;
		goto out;
	}
	/* The size is a hint only: the file may change while it is read. */
	cap = st.st_size > 0 ? (size_t)st.st_size : 4096;
	if (cap > max)
		cap = max;
	for (;;) {
		if (p == NULL || len == cap) {
			if (p != NULL) {
				if (cap == max) {
					/* Full: one more byte is too many. */
					do
						n = read(fd, &probe, 1);
					while (n == -1 && errno == EINTR);
					if (n == -1) {
						r = ASSAY_ERR_IO;
						goto out;
					}
					if (n > 0) {
						r = ASSAY_ERR_LIMIT;
						goto out;
					}
					break;
				}
				if (!assay_size_mul(&cap, cap, 2) || cap > max)
					cap = max;
			}
			if (!assay_size_add(&alloc, cap, 1)) {
				r = ASSAY_ERR_LIMIT;
				goto out;
			}
			if ((np = realloc(p, alloc)) == NULL) {
				r = ASSAY_ERR_NOMEM;
				goto out;
			}
			p = np;
			if (cap == 0)
				continue;
		}
		n = read(fd, p + len, cap - len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			r = ASSAY_ERR_IO;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	p[len] = '\0';
	*datap = p;
	p = NULL;
	if (lenp != NULL)
		*lenp = len;
	r = ASSAY_OK;
 out:
	free(p);
	return r;
}

enum assay_err
assay_entry_read(struct assay_scan *scan, const struct assay_entry *e,
    size_t max, unsigned char **datap, size_t *lenp)
{
	enum assay_err r;
	int fd = -1;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if ((r = assay_entry_open(scan, e, &fd)) != ASSAY_OK)
		goto out;
	r = read_bounded(fd, max, datap, lenp);
 out:
	if (fd != -1)
		close(fd);
	return r;
}

/*
 * Sends one record to the parent as a line of compact JSON.  The line is
 * written with its newline in one piece, so the parent sees either all of
 * it or a cut line it ignores.
 */
static enum assay_err
send_record(struct assay_scan *scan, const json_t *rec)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	char *line = NULL;
	size_t n, total;
	uint64_t sent;

	if (scan->out_fd < 0) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	if ((n = json_dumpb(rec, NULL, 0, JSON_COMPACT)) == 0) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	if (n >= ASSAY_RECORD_MAX || !assay_size_add(&total, n, 1)) {
		r = ASSAY_ERR_LIMIT;
		goto out;
	}
	if (!assay_u64_add(&sent, scan->out_bytes, total) ||
	    sent > ASSAY_PROBE_OUTPUT_MAX) {
		r = ASSAY_ERR_LIMIT;
		goto out;
	}
	if ((line = malloc(total)) == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	if (json_dumpb(rec, line, n, JSON_COMPACT) != n) {
		r = ASSAY_ERR_INTERNAL;
		goto out;
	}
	line[n] = '\n';
	if (assay_write_all(scan->out_fd, line, total) == -1) {
		r = ASSAY_ERR_IO;
		goto out;
	}
	scan->out_bytes = sent;
	r = ASSAY_OK;
 out:
	free(line);
	return r;
}

/* Records {kind: {name_key: name, "sha256", "bytes", ...}} for the manifest. */
static enum assay_err
send_provenance(struct assay_scan *scan, const char *kind,
    const char *name_key, const char *name, const unsigned char *p, size_t n,
    int cached)
{
	json_t *rec = NULL, *body = NULL;
	enum assay_err r = ASSAY_ERR_NOMEM;
	char hex[65];

	if (!assay_sha256_hex(p, n, hex)) {
		r = ASSAY_ERR_CRYPTO;
		goto out;
	}
	if ((body = json_object()) == NULL ||
	    json_object_set_new(body, name_key, json_string(name)) == -1 ||
	    json_object_set_new(body, "sha256", json_string(hex)) == -1 ||
	    json_object_set_new(body, "bytes",
	    json_integer((json_int_t)n)) == -1)
		goto out;
	if (cached >= 0 &&
	    json_object_set_new(body, "cached", json_boolean(cached)) == -1)
		goto out;
	if ((rec = json_object()) == NULL ||
	    json_object_set(rec, kind, body) == -1)
		goto out;
	r = send_record(scan, rec);
 out:
	json_decref(body);
	json_decref(rec);
	return r;
}

enum assay_err
assay_scan_data_read(struct assay_scan *scan, const char *name, size_t max,
    unsigned char **datap, size_t *lenp)
{
	unsigned char *data = NULL;
	char norm[DATA_NAME_MAX];
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct stat st;
	size_t len = 0;
	int dirfd = -1, fd = -1;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if (name == NULL || name[0] == '\0' ||
	    !assay_utf8_valid(name, strlen(name))) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	/* Only names that stay inside the folder, however they are spelt. */
	if (assay_path_normalise(name, sizeof(norm) - 1, norm,
	    sizeof(norm)) != ASSAY_PATH_OK) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	if (scan->slot == NULL || scan->slot->data_dir == NULL) {
		r = ASSAY_ERR_NOT_FOUND;
		goto out;
	}
	dirfd = open(scan->slot->data_dir,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd == -1) {
		r = errno == ENOENT ? ASSAY_ERR_NOT_FOUND : ASSAY_ERR_IO;
		goto out;
	}
	fd = assay_open_beneath(dirfd, norm, O_RDONLY | O_NONBLOCK, 0);
	if (fd == -1 || clear_nonblock(fd) == -1) {
		r = errno == ENOENT ? ASSAY_ERR_NOT_FOUND : ASSAY_ERR_IO;
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = ASSAY_ERR_NOT_FOUND;
		goto out;
	}
	if ((r = read_bounded(fd, max, &data, &len)) != ASSAY_OK)
		goto out;
	/* Unrecorded data would make the bundle unreproducible: fail. */
	r = send_provenance(scan, "data", "name", norm, data, len, -1);
	if (r != ASSAY_OK)
		goto out;
	*datap = data;
	data = NULL;
	if (lenp != NULL)
		*lenp = len;
	r = ASSAY_OK;
 out:
	free(data);
	if (fd != -1)
		close(fd);
	if (dirfd != -1)
		close(dirfd);
	return r;
}

static void
param_texts_clear(void)
{
	size_t i;

	for (i = 0; i < param_texts.n; i++)
		free(param_texts.v[i]);
	free(param_texts.v);
	param_texts.v = NULL;
	param_texts.n = 0;
	param_texts.params = NULL;
}

const char *
assay_scan_param(struct assay_scan *scan, const char *key)
{
	const json_t *params = scan->params, *v;
	char *text = NULL, **nv;
	const char *res = NULL;
	size_t i;

	if (params == NULL || key == NULL || !json_is_object(params))
		goto out;
	if ((v = json_object_get(params, key)) == NULL)
		goto out;
	if (json_is_string(v)) {
		res = json_string_value(v);
		goto out;
	}
	if (param_texts.params != scan->params) {
		param_texts_clear();
		param_texts.params = scan->params;
	}
	if ((text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		goto out;
	for (i = 0; i < param_texts.n; i++) {
		if (strcmp(param_texts.v[i], text) == 0) {
			res = param_texts.v[i];
			goto out;
		}
	}
	nv = reallocarray(param_texts.v, param_texts.n + 1, sizeof(*nv));
	if (nv == NULL)
		goto out;
	param_texts.v = nv;
	param_texts.v[param_texts.n++] = text;
	res = text;
	text = NULL;
 out:
	free(text);
	return res;
}

int64_t
assay_scan_time(const struct assay_scan *scan)
{
	return scan->now;
}

int
assay_scan_online(const struct assay_scan *scan)
{
	return scan->fetch != NULL && scan->fetch->online;
}

size_t
assay_scan_trust_count(const struct assay_scan *scan)
{
	return scan->trust != NULL ? scan->trust->n : 0;
}

enum assay_err
assay_scan_trust_file(const struct assay_scan *scan, size_t i,
    const char **namep, const unsigned char **datap, size_t *lenp)
{
	const struct assay_trust_file *f;

	if (i >= assay_scan_trust_count(scan))
		return ASSAY_ERR_NOT_FOUND;
	f = &scan->trust->v[i];
	if (namep != NULL)
		*namep = f->name;
	if (datap != NULL)
		*datap = f->data;
	if (lenp != NULL)
		*lenp = f->len;
	return ASSAY_OK;
}

enum assay_err
assay_scan_fetch(struct assay_scan *scan, const char *url, size_t max,
    unsigned char **datap, size_t *lenp)
{
	struct assay_error err;
	unsigned char *data = NULL;
	enum assay_err r;
	size_t len = 0;
	bool cached = false;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if (url == NULL || !assay_utf8_valid(url, strlen(url))) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	if (!assay_scan_online(scan)) {
		r = ASSAY_ERR_OFFLINE;
		goto out;
	}
	r = assay_fetch(scan->fetch, url, max, &data, &len, &cached, &err);
	if (r != ASSAY_OK)
		goto out;
	r = send_provenance(scan, "fetch", "url", url, data, len,
	    cached ? 1 : 0);
	if (r != ASSAY_OK)
		goto out;
	*datap = data;
	data = NULL;
	if (lenp != NULL)
		*lenp = len;
 out:
	free(data);
	return r;
}

enum assay_err
assay_scan_check_url(struct assay_scan *scan, const char *url,
    struct assay_url_check *out)
{
	struct assay_error err;
	unsigned char *data = NULL;
	enum assay_err r;
	size_t len = 0;

	memset(out, 0, sizeof(*out));
	if (url == NULL || !assay_utf8_valid(url, strlen(url))) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	if (!assay_scan_online(scan)) {
		r = ASSAY_ERR_OFFLINE;
		goto out;
	}
	if ((r = assay_fetch_check(scan->fetch, url, out, &data, &len,
	    &err)) != ASSAY_OK)
		goto out;
	/* Recorded like a fetch: what was asked, and a digest of the answer. */
	r = send_provenance(scan, "fetch", "url", url, data, len, 0);
 out:
	free(data);
	return r;
}

/* True when id is one of the rules the probe declared. */
static bool
rule_declared(const struct assay_probe_slot *slot, const char *id)
{
	const struct assay_rule *ru;

	if (slot == NULL || slot->ops.rules == NULL)
		return false;
	for (ru = slot->ops.rules; ru->id != NULL; ru++)
		if (strcmp(ru->id, id) == 0)
			return true;
	return false;
}

/*
 * Formats the message, at most ASSAY_RECORD_MAX - 1 bytes of it, as valid
 * UTF-8 (a cut or a probe's stray byte becomes U+FFFD) so that it can be
 * carried in JSON.
 */
static enum assay_err format_message(char **msgp, const char *fmt,
    va_list ap) __attribute__((format(printf, 2, 0)));

static enum assay_err
format_message(char **msgp, const char *fmt, va_list ap)
{
	char small[1024], *big = NULL, *text, *clean = NULL;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	size_t len, need;
	va_list aq;
	int n;

	*msgp = NULL;
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0) {
		r = ASSAY_ERR_USAGE;
		goto out;
	}
	text = small;
	len = (size_t)n;
	if (len >= sizeof(small)) {
		need = len < ASSAY_RECORD_MAX ? len + 1 : ASSAY_RECORD_MAX;
		if ((big = malloc(need)) == NULL) {
			r = ASSAY_ERR_NOMEM;
			goto out;
		}
		va_copy(aq, ap);
		n = vsnprintf(big, need, fmt, aq);
		va_end(aq);
		if (n < 0) {
			r = ASSAY_ERR_USAGE;
			goto out;
		}
		text = big;
		len = strlen(big);
	}
	if (assay_utf8_valid(text, len)) {
		clean = strdup(text);
	} else {
		if (!assay_size_mul(&need, len, 3) ||
		    !assay_size_add(&need, need, 1)) {
			r = ASSAY_ERR_LIMIT;
			goto out;
		}
		if ((clean = malloc(need)) != NULL)
			clean[assay_utf8_sanitise(text, len, clean)] = '\0';
	}
	if (clean == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	*msgp = clean;
	r = ASSAY_OK;
 out:
	free(big);
	return r;
}

enum assay_err
assay_scan_report(struct assay_scan *scan, const struct assay_finding *f,
    const char *fmt, ...)
{
	json_t *evidence = NULL, *body = NULL, *rec = NULL;
	enum assay_err r = ASSAY_ERR_USAGE;
	json_error_t jerr;
	char *msg = NULL;
	json_int_t entry = -1;
	va_list ap;

	if (f == NULL || f->rule == NULL || fmt == NULL)
		goto out;
	if (!rule_declared(scan->slot, f->rule))
		goto out;
	if (f->entry != NULL) {
		if (!entry_ok(scan, f->entry))
			goto out;
		entry = (json_int_t)f->entry->index;
	}
	if ((uintmax_t)f->line > (uintmax_t)JSON_INT_MAX)
		goto out;
	if (f->evidence != NULL) {
		evidence = json_loads(f->evidence, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (evidence == NULL || !json_is_object(evidence))
			goto out;
	}
	va_start(ap, fmt);
	r = format_message(&msg, fmt, ap);
	va_end(ap);
	if (r != ASSAY_OK)
		goto out;
	r = ASSAY_ERR_NOMEM;
	if ((body = json_object()) == NULL ||
	    json_object_set_new(body, "rule", json_string(f->rule)) == -1 ||
	    json_object_set_new(body, "entry", json_integer(entry)) == -1 ||
	    json_object_set_new(body, "line",
	    json_integer((json_int_t)f->line)) == -1 ||
	    json_object_set_new(body, "message", json_string(msg)) == -1)
		goto out;
	if (evidence != NULL &&
	    json_object_set(body, "evidence", evidence) == -1)
		goto out;
	if ((rec = json_object()) == NULL ||
	    json_object_set(rec, "finding", body) == -1)
		goto out;
	r = send_record(scan, rec);
 out:
	json_decref(evidence);
	json_decref(body);
	json_decref(rec);
	free(msg);
	return r;
}

void
assay_scan_mark(struct assay_scan *scan, size_t i)
{
	if (scan->examined == NULL || scan->inv == NULL ||
	    i >= assay_inventory_count(scan->inv))
		return;
	scan->examined[i / 8] |= (unsigned char)(1u << (i % 8));
}
