/*
 * Recursive, confined unpacking: the only user of libarchive.
 *
 * Invariants: nothing is created outside the workspace (every file is
 * created with assay_open_beneath() relative to its container directory,
 * symlinks and device nodes are never created, and a name that is absolute,
 * climbs with "..", or passes through a recorded symlink is refused before
 * anything is written); every limit is checked before the bytes that would
 * cross it are queued; every entry gets an inventory record, written or not;
 * and a failure inside an artefact becomes a finding, never an error.
 */
#include "unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assay/buf.h"
#include "assay/size.h"
#include "confine.h"
#include "digest.h"
#include "gunzip.h"
#include "harness_rules.h"
#include "hashpipe.h"
#include "namemap.h"
#include "path.h"
#include "sniff.h"

#define READ_BLOCK		(64u << 10)
#define MAX_HEADER_FAILURES	64	/* in a row, before giving up */
#define PROGRESS_NS		250000000L

struct assay_unpacker {
	struct assay_inventory *inv;
	struct assay_findings *fs;
	struct assay_workspace *ws;
	const struct assay_limits *lim;
	struct assay_hashpipe *hp;
	assay_progress_fn *progress;
	void *progress_arg;
	struct timespec started, last_progress;
	uint64_t entries;	/* recorded, all artefacts */
	uint64_t bytes;		/* content bytes read, all artefacts */
	bool incomplete;
	bool stop_all;		/* a global limit was crossed */
	enum assay_err fatal;	/* the harness's own failure */
	struct assay_error *err;
	const char *current;	/* artefact being unpacked */
	char *norm;		/* path_bytes + 1 */
	char *display;		/* 3 * path_bytes + 1 */
};

/* One archive being read. */
struct box {
	struct archive *a;
	struct assay_gunzip *gz;	/* gzip decoded by zlib, not libarchive */
	uint32_t cidx;		/* its container record */
	uint32_t entry;		/* the entry it was unpacked from */
	int dirfd;		/* its workspace directory */
	unsigned depth;		/* depth of its entries */
	uint64_t src_size;	/* bytes of the archive itself */
	uint64_t bytes;		/* content bytes read from it */
	struct archive_entry *ae; /* the entry being read */
	bool raw;		/* a bare compressed file */
	bool stopped;
	struct assay_namemap *names;
	uint32_t first;		/* its first entry's index */
	uint32_t *nested;	/* entries to open as archives afterwards */
	size_t nnested, capnested;
	char *pdir;		/* cached parent directory ... */
	int pdirfd;		/* ... and its descriptor */
};

static enum assay_err open_container(struct assay_unpacker *u, uint32_t idx,
    int fd, unsigned depth, enum assay_sniff sniff, const char *what);

/* ---- findings ----------------------------------------------------------- */

/*
 * Records a harness finding.  ev (stolen; may be NULL) is the evidence.
 * Returns false after recording a fatal error (out of memory).
 */
static bool
note(struct assay_unpacker *u, const char *rule, uint32_t entry, json_t *ev,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool
note(struct assay_unpacker *u, const char *rule, uint32_t entry, json_t *ev,
    const char *fmt, ...)
{
	struct assay_buf msg = ASSAY_BUF_INIT(16384);
	char *evtext = NULL;
	enum assay_err r;
	va_list ap;

	va_start(ap, fmt);
	r = assay_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (r == ASSAY_OK || r == ASSAY_ERR_LIMIT) {
		if (ev != NULL && (evtext = json_dumps(ev, JSON_COMPACT)) == NULL)
			r = ASSAY_ERR_NOMEM;
		else
			r = assay_findings_add(u->fs, "harness", rule,
			    assay_harness_severity(rule), entry, 0, evtext,
			    msg.data != NULL ? msg.data : "");
	}
	free(evtext);
	json_decref(ev);
	assay_buf_release(&msg);
	if (r != ASSAY_OK) {
		u->fatal = assay_seterr(u->err, r,
		    "cannot record a finding: %s", assay_strerror(r));
		return false;
	}
	return true;
}

static json_t *
limit_evidence(const char *limit, uint64_t value, uint64_t max)
{
	return json_pack("{s:s, s:I, s:I}", "limit", limit,
	    "value", (json_int_t)value, "max", (json_int_t)max);
}

static struct assay_entry *
entry_at(struct assay_unpacker *u, uint32_t i)
{
	return assay_inventory_get(u->inv, i);
}

/* ---- progress and time -------------------------------------------------- */

static int64_t
elapsed_ns(const struct timespec *a, const struct timespec *b)
{
	return (int64_t)(b->tv_sec - a->tv_sec) * 1000000000 +
	    (b->tv_nsec - a->tv_nsec);
}

/* Reports progress now and then; true when the wall-time limit is crossed. */
static bool
tick(struct assay_unpacker *u)
{
	struct assay_unpack_progress p;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (u->progress != NULL &&
	    elapsed_ns(&u->last_progress, &now) >= PROGRESS_NS) {
		u->last_progress = now;
		p.entries = u->entries;
		p.bytes = u->bytes;
		p.current = u->current;
		u->progress(u->progress_arg, &p);
	}
	return u->lim->wall_seconds != 0 &&
	    (uint64_t)(now.tv_sec - u->started.tv_sec) >= u->lim->wall_seconds;
}

static void
stop_for_time(struct assay_unpacker *u, struct box *b)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	b->stopped = true;
	u->stop_all = true;
	u->incomplete = true;
	entry_at(u, b->entry)->flags |= ASSAY_FLAG_LIMIT;
	(void)note(u, ASSAY_RULE_LIMIT, b->entry,
	    limit_evidence("wall_seconds",
	    (uint64_t)(now.tv_sec - u->started.tv_sec), u->lim->wall_seconds),
	    "unpacking took longer than --max-time %" PRIu64 " s; the rest of "
	    "the artefacts was not examined", u->lim->wall_seconds);
}

/* ---- setup -------------------------------------------------------------- */

enum assay_err
assay_unpacker_new(struct assay_inventory *inv, struct assay_findings *fs,
    struct assay_workspace *ws, const struct assay_limits *limits,
    struct assay_unpacker **up, struct assay_error *err)
{
	struct assay_unpacker *u;
	size_t n;

	*up = NULL;
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	u->inv = inv;
	u->fs = fs;
	u->ws = ws;
	u->lim = limits;
	clock_gettime(CLOCK_MONOTONIC, &u->started);
	u->last_progress = u->started;
	if (!assay_size_mul(&n, limits->path_bytes, 3) ||
	    !assay_size_add(&n, n, 1) ||
	    (u->norm = malloc(limits->path_bytes + 1)) == NULL ||
	    (u->display = malloc(n)) == NULL ||
	    (u->hp = assay_hashpipe_new()) == NULL) {
		assay_unpacker_free(u);
		return assay_seterr(err, ASSAY_ERR_NOMEM,
		    "cannot start the unpacker: out of memory");
	}
	*up = u;
	return ASSAY_OK;
}

void
assay_unpacker_progress(struct assay_unpacker *u, assay_progress_fn *fn,
    void *arg)
{
	u->progress = fn;
	u->progress_arg = arg;
}

bool
assay_unpacker_incomplete(const struct assay_unpacker *u)
{
	return u->incomplete;
}

void
assay_unpacker_free(struct assay_unpacker *u)
{
	if (u == NULL)
		return;
	assay_hashpipe_free(u->hp);
	free(u->norm);
	free(u->display);
	free(u);
}

/* ---- names -------------------------------------------------------------- */

/*
 * Sets e->name and e->path from shown (the normalised name when it is
 * safe, else the archive's own bytes) and e->raw_name from raw.  Names past
 * the path limit are kept cut at the limit (they are refused anyway), so
 * that memory per entry stays bounded.
 */
static bool
set_names(struct assay_unpacker *u, struct assay_entry *e,
    const struct assay_entry *parent, const char *raw, const char *shown)
{
	struct assay_buf path = ASSAY_BUF_INIT(SIZE_MAX / 2);
	size_t n = strlen(raw), k, m = strlen(shown);
	char *h;
	bool ok = false;

	if (n > u->lim->path_bytes)
		n = u->lim->path_bytes;
	if (m > u->lim->path_bytes)
		m = u->lim->path_bytes;
	k = assay_utf8_sanitise(shown, m, u->display);
	if (!assay_utf8_valid(raw, n)) {
		e->flags |= ASSAY_FLAG_INVALID_UTF8;
		/* The hex goes straight into the arena via the scratch norm. */
		if ((h = malloc(2 * n + 1)) == NULL)
			goto out;
		assay_hex((const unsigned char *)raw, n, h);
		e->raw_name = assay_inventory_strdup(u->inv, h, 2 * n);
		free(h);
		if (e->raw_name == NULL)
			goto out;
	}
	if ((e->name = assay_inventory_strdup(u->inv, u->display, k)) == NULL)
		goto out;
	if (assay_buf_adds(&path, parent->path) != ASSAY_OK ||
	    assay_buf_add(&path, "!/", 2) != ASSAY_OK ||
	    assay_buf_add(&path, u->display, k) != ASSAY_OK)
		goto out;
	e->path = assay_inventory_strdup(u->inv, path.data, path.len);
	ok = e->path != NULL;
 out:
	assay_buf_release(&path);
	if (!ok)
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM, "out of memory");
	return ok;
}

/* The entry name a bare compressed file's content gets. */
static const char *
raw_name(const char *parent, char *buf, size_t len)
{
	static const char *const suffixes[] = {
		".gz", ".bz2", ".xz", ".lzma", ".zst", ".lz4", ".lz", ".Z",
		".uu", ".z"
	};
	const char *base = strrchr(parent, '/');
	size_t n, k, i;

	base = base == NULL ? parent : base + 1;
	n = strlen(base);
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		k = strlen(suffixes[i]);
		if (n > k && strcmp(base + n - k, suffixes[i]) == 0 &&
		    n - k < len) {
			memcpy(buf, base, n - k);
			buf[n - k] = '\0';
			return buf;
		}
	}
	return "data";
}

/* ---- writing ------------------------------------------------------------ */

/*
 * The directory that will hold norm, created if missing, and *basep its
 * last component.  The descriptor belongs to the box's cache.
 */
static int
parent_dir(struct box *b, const char *norm, const char **basep)
{
	const char *slash = strrchr(norm, '/');
	size_t dirlen;
	int fd;

	if (slash == NULL) {
		*basep = norm;
		return b->dirfd;
	}
	dirlen = (size_t)(slash - norm);
	*basep = slash + 1;
	if (b->pdir != NULL && strlen(b->pdir) == dirlen &&
	    memcmp(b->pdir, norm, dirlen) == 0)
		return b->pdirfd;
	if ((fd = assay_mkparents_beneath(b->dirfd, norm, basep)) == -1)
		return -1;
	if (b->pdirfd != -1)
		close(b->pdirfd);
	free(b->pdir);
	b->pdirfd = fd;
	if ((b->pdir = strndup(norm, dirlen)) == NULL) {
		close(fd);
		b->pdirfd = -1;
		errno = ENOMEM;
		return -1;
	}
	return fd;
}

/* Stops the box (or, with all, everything) over a crossed limit. */
static void
stop_for_limit(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    bool all, const char *limit, const char *option, uint64_t value,
    uint64_t max)
{
	b->stopped = true;
	u->stop_all |= all;
	u->incomplete = true;
	e->flags |= ASSAY_FLAG_LIMIT;
	if (e->gap == ASSAY_GAP_NONE)
		e->gap = ASSAY_GAP_LIMIT;
	entry_at(u, b->entry)->flags |= ASSAY_FLAG_LIMIT;
	(void)note(u, ASSAY_RULE_LIMIT, e->index,
	    limit_evidence(limit, value, max),
	    "%s limit crossed at %s: %" PRIu64 " > %s %" PRIu64 "; the rest "
	    "of %s was not examined", limit, e->path, value, option, max,
	    all ? "the artefacts" : entry_at(u, b->entry)->path);
}

/* Checks that n more bytes of entry e may be read; stops the box if not. */
static bool
room_for(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    uint64_t have, uint64_t n)
{
	const struct assay_limits *l = u->lim;
	uint64_t entry_total = UINT64_MAX, total = UINT64_MAX, boxed;

	if (!assay_u64_add(&entry_total, have, n) ||
	    entry_total > l->entry_bytes) {
		stop_for_limit(u, b, e, false, "entry_bytes",
		    "--max-entry-bytes", entry_total, l->entry_bytes);
		return false;
	}
	if (!assay_u64_add(&total, u->bytes, n) || total > l->total_bytes) {
		stop_for_limit(u, b, e, true, "total_bytes",
		    "--max-total-bytes", total, l->total_bytes);
		return false;
	}
	if (!assay_u64_add(&boxed, b->bytes, n))
		boxed = UINT64_MAX;
	/* Past ratio_after, the output may not outgrow the archive by more. */
	if (boxed > l->ratio_after && l->ratio != 0 &&
	    boxed / (b->src_size == 0 ? 1 : b->src_size) > l->ratio) {
		stop_for_limit(u, b, e, false, "ratio", "--max-ratio",
		    boxed / (b->src_size == 0 ? 1 : b->src_size), l->ratio);
		return false;
	}
	u->bytes = total;
	b->bytes = boxed;
	return true;
}

/* Marks the box corrupt, with libarchive's explanation. */
static void
corrupt(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    const char *what)
{
	struct assay_container *c = assay_inventory_container(u->inv, b->cidx);
	const char *why = archive_error_string(b->a);
	const struct assay_entry *at = e != NULL ? e : entry_at(u, b->entry);

	if (why == NULL)
		why = "unknown error";
	b->stopped = true;
	u->incomplete = true;
	if (e != NULL) {
		e->flags |= ASSAY_FLAG_TRUNCATED;
		if (e->gap == ASSAY_GAP_NONE)
			e->gap = ASSAY_GAP_CORRUPT;
	}
	c->status = ASSAY_CONTAINER_CORRUPT;
	c->reason = assay_inventory_strdup(u->inv, why, strlen(why));
	(void)note(u, ASSAY_RULE_CORRUPT, at->index,
	    json_pack("{s:s, s:s}", "stage", what, "error", why),
	    "%s is corrupt or truncated (%s at %s): %s; what follows was not "
	    "examined", entry_at(u, b->entry)->path, what, at->path, why);
}

/*
 * Streams the entry's bytes to its file, which the hashing thread creates
 * as name in dirfd (handed over to it; -1: only hash them), sniffing its
 * head for nested archives.  Returns false when the box must stop.
 */
static bool
stream(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    int dirfd, const char *name, bool replace, enum assay_sniff *sniffp,
    const char **whatp)
{
	unsigned char head[ASSAY_SNIFF_HEAD];
	size_t headlen = 0, size, k;
	uint64_t pos = 0, gap;
	int64_t offset, declared;
	const void *buf;
	int r, iso = 0, blocks = 0;
	bool ok = true;

	assay_hashpipe_begin(u->hp, e, dirfd, name, replace);
	for (;;) {
		r = archive_read_data_block(b->a, &buf, &size, &offset);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			corrupt(u, b, e, "reading data");
			ok = false;
			break;
		}
		if (offset < 0 || (uint64_t)offset < pos) {
			/* Offsets never go backwards in a sane archive. */
			corrupt(u, b, e, "reading data");
			ok = false;
			break;
		}
		gap = (uint64_t)offset - pos;
		if (!room_for(u, b, e, pos, gap) ||
		    !room_for(u, b, e, pos + gap, size)) {
			e->flags |= ASSAY_FLAG_TRUNCATED;
			ok = false;
			break;
		}
		assay_hashpipe_zero(u->hp, gap);
		pos += gap;
		if (size == 0)
			continue;
		if (pos < sizeof(head)) {
			k = sizeof(head) - (size_t)pos;
			k = k < size ? k : size;
			memset(head + headlen, 0, (size_t)pos - headlen);
			memcpy(head + pos, buf, k);
			headlen = (size_t)pos + k;
		}
		if (pos <= ASSAY_SNIFF_ISO_OFFSET &&
		    pos + size >= ASSAY_SNIFF_ISO_OFFSET + 5)
			iso = memcmp((const char *)buf +
			    (ASSAY_SNIFF_ISO_OFFSET - pos), "CD001", 5) == 0;
		assay_hashpipe_write(u->hp, buf, size);
		pos += size;
		if (++blocks % 256 == 0 && tick(u)) {
			stop_for_time(u, b);
			e->flags |= ASSAY_FLAG_TRUNCATED;
			ok = false;
			break;
		}
	}
	/* A sparse entry may end in a hole. */
	declared = archive_entry_size(b->ae);
	if (ok && declared > 0 && (uint64_t)declared > pos &&
	    archive_entry_sparse_count(b->ae) > 0) {
		gap = (uint64_t)declared - pos;
		if (room_for(u, b, e, pos, gap)) {
			assay_hashpipe_zero(u->hp, gap);
			pos += gap;
		} else {
			e->flags |= ASSAY_FLAG_TRUNCATED;
			ok = false;
		}
	}
	assay_hashpipe_end(u->hp);
	e->size = pos;
	*sniffp = assay_sniff(head, headlen, e->name, iso, whatp);
	return ok;
}

static bool
add_nested(struct box *b, uint32_t idx)
{
	uint32_t *v;
	size_t cap, bytes;

	if (b->nnested == b->capnested) {
		cap = b->capnested == 0 ? 16 : b->capnested;
		if (!assay_size_mul(&cap, cap, 2) ||
		    !assay_size_mul(&bytes, cap, sizeof(*v)) ||
		    (v = realloc(b->nested, bytes)) == NULL)
			return false;
		b->nested = v;
		b->capnested = cap;
	}
	b->nested[b->nnested++] = idx;
	return true;
}

/* Refuses e (with rule) and hashes its bytes without writing them. */
static bool
refuse(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    const char *rule, json_t *ev, const char *why)
{
	enum assay_sniff sniff;
	const char *what;

	e->flags |= ASSAY_FLAG_REFUSED;
	e->gap = ASSAY_GAP_REFUSED;
	if (!note(u, rule, e->index, ev, "%s was not written: %s", e->path,
	    why))
		return false;
	if (e->type == ASSAY_ENTRY_FILE || e->type == ASSAY_ENTRY_HARDLINK)
		return stream(u, b, e, -1, NULL, false, &sniff, &what);
	return true;
}

static void
mode_facts(struct assay_unpacker *u, struct assay_entry *e)
{
	bool special = e->type == ASSAY_ENTRY_SYMLINK;

	if (e->type == ASSAY_ENTRY_FILE || e->type == ASSAY_ENTRY_HARDLINK) {
		if (e->mode & S_ISUID) {
			e->flags |= ASSAY_FLAG_SETUID;
			(void)note(u, ASSAY_RULE_SETUID, e->index, json_pack(
			    "{s:s}", "mode", "setuid"), "%s is setuid (mode "
			    "%04o, owner %" PRIu64 ")", e->path, e->mode,
			    e->uid);
		}
		if (e->mode & S_ISGID) {
			e->flags |= ASSAY_FLAG_SETGID;
			(void)note(u, ASSAY_RULE_SETGID, e->index, NULL,
			    "%s is setgid (mode %04o, group %" PRIu64 ")",
			    e->path, e->mode, e->gid);
		}
	}
	/* A sticky world-writable directory is /tmp's normal state. */
	if (!special && (e->mode & S_IWOTH) &&
	    !(e->type == ASSAY_ENTRY_DIR && (e->mode & S_ISVTX))) {
		e->flags |= ASSAY_FLAG_WORLD_WRITABLE;
		(void)note(u, ASSAY_RULE_WORLD_WRITABLE, e->index, NULL,
		    "%s is world-writable (mode %04o)", e->path, e->mode);
	}
}

static unsigned
entry_type(mode_t ft)
{
	switch (ft) {
	case AE_IFDIR:
		return ASSAY_ENTRY_DIR;
	case AE_IFLNK:
		return ASSAY_ENTRY_SYMLINK;
	case AE_IFCHR:
		return ASSAY_ENTRY_CHARDEV;
	case AE_IFBLK:
		return ASSAY_ENTRY_BLOCKDEV;
	case AE_IFIFO:
		return ASSAY_ENTRY_FIFO;
	case AE_IFSOCK:
		return ASSAY_ENTRY_SOCKET;
	default:
		return ASSAY_ENTRY_FILE;
	}
}

/* The recorded symlink that norm would pass through, or NULL. */
static struct assay_entry *
through_link(struct assay_unpacker *u, struct box *b, const char *norm)
{
	const char *p;
	uint32_t i;
	struct assay_entry *e;

	for (p = strchr(norm, '/'); p != NULL; p = strchr(p + 1, '/')) {
		i = assay_namemap_get(b->names, norm, (size_t)(p - norm));
		if (i != UINT32_MAX && (e = entry_at(u, i))->type ==
		    ASSAY_ENTRY_SYMLINK)
			return e;
	}
	return NULL;
}

static bool
write_file(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    bool replace)
{
	enum assay_sniff sniff;
	const char *base, *what;
	int dfd;

	/* Directories here; the file itself on the hashing thread. */
	if ((dfd = parent_dir(b, e->rel, &base)) == -1 ||
	    (dfd = fcntl(dfd, F_DUPFD_CLOEXEC, 0)) == -1) {
		e->rel = NULL;
		return refuse(u, b, e, ASSAY_RULE_PATH_INVALID,
		    json_pack("{s:s}", "error", strerror(errno)),
		    strerror(errno));
	}
	e->flags |= ASSAY_FLAG_CONTENT;
	if (!stream(u, b, e, dfd, base, replace, &sniff, &what))
		return true;
	if (sniff == ASSAY_SNIFF_ARCHIVE || sniff == ASSAY_SNIFF_UNSUPPORTED) {
		if (!add_nested(b, e->index)) {
			u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM,
			    "out of memory");
			return false;
		}
	}
	return true;
}

static bool
place_hardlink(struct assay_unpacker *u, struct box *b, struct assay_entry *e,
    const char *target)
{
	enum assay_path_verdict v;
	struct assay_entry *t;
	uint32_t i;

	e->link = assay_inventory_strdup(u->inv, target, strlen(target));
	v = assay_path_normalise(target, u->lim->path_bytes, u->norm,
	    u->lim->path_bytes + 1);
	i = v == ASSAY_PATH_OK ?
	    assay_namemap_get(b->names, u->norm, strlen(u->norm)) : UINT32_MAX;
	t = i == UINT32_MAX ? NULL : entry_at(u, i);
	if (t == NULL || (t->type != ASSAY_ENTRY_FILE &&
	    t->type != ASSAY_ENTRY_HARDLINK))
		return refuse(u, b, e, ASSAY_RULE_HARDLINK_ESCAPE,
		    json_pack("{s:s}", "target", e->link != NULL ? e->link : ""),
		    v == ASSAY_PATH_OK ? "its hard-link target is not a file "
		    "earlier in the same archive" : "its hard-link target "
		    "leaves the archive");
	/* Its bytes are the target's; digest and flags follow at the end. */
	e->content = t->content;
	return true;
}

/* Records one entry and writes what is safe to write. */
static bool
read_entry(struct assay_unpacker *u, struct box *b, struct archive_entry *ae)
{
	struct assay_container *c = assay_inventory_container(u->inv, b->cidx);
	const char *raw = archive_entry_pathname(ae);
	const char *hl = archive_entry_hardlink(ae);
	const char *sl;
	struct assay_entry *e, *prev, *via;
	enum assay_path_verdict v;
	char rawbuf[256];
	uint32_t dup;
	bool replace = false;

	b->ae = ae;
	if (u->entries >= u->lim->entries) {
		stop_for_limit(u, b, entry_at(u, b->entry), true, "entries",
		    "--max-entries", u->entries + 1, u->lim->entries);
		return true;
	}
	if ((e = assay_inventory_add(u->inv)) == NULL) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM,
		    "out of memory after %" PRIu64 " entries", u->entries);
		return false;
	}
	u->entries++;
	c->entries++;
	if (b->raw)
		raw = raw_name(entry_at(u, b->entry)->name, rawbuf,
		    sizeof(rawbuf));
	else if (raw == NULL)
		raw = "";
	e->parent = b->entry;
	e->container = b->cidx;
	e->depth = (uint16_t)b->depth;
	e->type = (uint16_t)(hl != NULL && archive_entry_size(ae) <= 0 ?
	    ASSAY_ENTRY_HARDLINK : entry_type(archive_entry_filetype(ae)));
	e->mode = (uint32_t)archive_entry_perm(ae) |
	    ((uint32_t)archive_entry_mode(ae) & (S_ISUID | S_ISGID | S_ISVTX));
	e->uid = (uint64_t)archive_entry_uid(ae);
	e->gid = (uint64_t)archive_entry_gid(ae);
	e->mtime = (int64_t)archive_entry_mtime(ae);
	v = assay_path_normalise(raw, u->lim->path_bytes, u->norm,
	    u->lim->path_bytes + 1);
	if (!set_names(u, e, entry_at(u, b->entry), raw,
	    v == ASSAY_PATH_OK ? u->norm : raw))
		return false;
	if ((e->flags & ASSAY_FLAG_INVALID_UTF8) &&
	    !note(u, ASSAY_RULE_NAME_ENCODING, e->index, json_pack("{s:s}",
	    "raw_name", e->raw_name), "%s: name is not valid UTF-8 (shown "
	    "with U+FFFD; its bytes are in raw_name)", e->path))
		return false;
	mode_facts(u, e);

	if (archive_entry_is_encrypted(ae)) {
		e->flags |= ASSAY_FLAG_ENCRYPTED;
		e->gap = ASSAY_GAP_ENCRYPTED;
		u->incomplete = true;
		return note(u, ASSAY_RULE_ENCRYPTED, e->index, NULL,
		    "%s is encrypted; assay has no passphrase and did not "
		    "examine it", e->path);
	}

	switch (v) {
	case ASSAY_PATH_ABSOLUTE:
		return refuse(u, b, e, ASSAY_RULE_PATH_ABSOLUTE, NULL,
		    "its path is absolute");
	case ASSAY_PATH_TRAVERSAL:
		return refuse(u, b, e, ASSAY_RULE_PATH_TRAVERSAL, NULL,
		    "its path climbs with '..'");
	case ASSAY_PATH_TOO_LONG:
		u->incomplete = true;
		e->flags |= ASSAY_FLAG_LIMIT;
		return refuse(u, b, e, ASSAY_RULE_LIMIT,
		    limit_evidence("path_bytes", strlen(raw),
		    u->lim->path_bytes), "its name is longer than "
		    "--max-path");
	case ASSAY_PATH_EMPTY:
		if (e->type == ASSAY_ENTRY_DIR)
			return true;	/* the archive's own root, "./" */
		return refuse(u, b, e, ASSAY_RULE_PATH_INVALID, NULL,
		    "its name is empty");
	case ASSAY_PATH_OK:
		break;
	}
	if ((via = through_link(u, b, u->norm)) != NULL)
		return refuse(u, b, e, ASSAY_RULE_PATH_THROUGH_LINK,
		    json_pack("{s:s, s:s}", "symlink", via->path, "target",
		    via->link != NULL ? via->link : ""),
		    "its path passes through a symlink recorded earlier");
	if ((e->rel = assay_inventory_strdup(u->inv, u->norm,
	    strlen(u->norm))) == NULL) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM, "out of memory");
		return false;
	}

	dup = assay_namemap_get(b->names, e->rel, strlen(e->rel));
	if (dup != UINT32_MAX) {
		prev = entry_at(u, dup);
		e->flags |= ASSAY_FLAG_DUPLICATE;
		if (!(prev->type == ASSAY_ENTRY_DIR && e->type ==
		    ASSAY_ENTRY_DIR)) {
			prev->flags |= ASSAY_FLAG_SHADOWED;
			if (!note(u, ASSAY_RULE_DUPLICATE, e->index,
			    json_pack("{s:I}", "earlier", (json_int_t)dup),
			    "%s appears more than once in %s; tools disagree "
			    "on which copy wins, assay keeps the last",
			    e->path, entry_at(u, b->entry)->path))
				return false;
		}
		if (prev->flags & ASSAY_FLAG_CONTENT) {
			prev->flags &= ~(uint32_t)ASSAY_FLAG_CONTENT;
			replace = true;
		}
	}
	if (assay_namemap_put(b->names, e->rel, strlen(e->rel), e->index)) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM, "out of memory");
		return false;
	}

	switch (e->type) {
	case ASSAY_ENTRY_DIR: {
		const char *base;
		int dfd = parent_dir(b, e->rel, &base);
		struct stat st;

		if (dfd == -1 || (mkdirat(dfd, base, 0700) == -1 &&
		    (errno != EEXIST || fstatat(dfd, base, &st,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode)))) {
			e->rel = NULL;
			return refuse(u, b, e, ASSAY_RULE_PATH_INVALID, NULL,
			    "a file of that name is in the way");
		}
		return true;
	}
	case ASSAY_ENTRY_SYMLINK:
		sl = archive_entry_symlink(ae);
		if (sl == NULL)
			sl = "";
		e->link = assay_inventory_strdup(u->inv, sl, strlen(sl));
		e->rel = NULL;
		if (!assay_link_inside(u->norm, sl)) {
			e->flags |= ASSAY_FLAG_LINK_OUTSIDE;
			return note(u, ASSAY_RULE_SYMLINK_OUTSIDE, e->index,
			    json_pack("{s:s}", "target", e->link != NULL ?
			    e->link : ""), "%s points outside its image: %s",
			    e->path, sl);
		}
		return true;
	case ASSAY_ENTRY_HARDLINK:
		e->rel = NULL;
		return place_hardlink(u, b, e, hl);
	case ASSAY_ENTRY_FILE:
		if (hl != NULL)
			e->link = assay_inventory_strdup(u->inv, hl,
			    strlen(hl));
		return write_file(u, b, e, replace);
	default:
		e->rel = NULL;
		return note(u, ASSAY_RULE_SPECIAL_FILE, e->index, NULL,
		    "%s is a %s; recorded, not created", e->path,
		    assay_entry_type_name(e->type));
	}
}

/* A file the hashing thread could not create or write. */
static void
unwritten(struct assay_unpacker *u, struct assay_entry *e)
{
	int err = e->werr;

	e->flags &= ~(uint32_t)ASSAY_FLAG_CONTENT;
	e->rel = NULL;
	if (err == ENOSPC || err == EDQUOT || err == EIO || err == EFBIG ||
	    err == EMFILE || err == ENFILE || err == ENOMEM) {
		/* The workspace failed, not the artefact. */
		e->flags |= ASSAY_FLAG_TRUNCATED | ASSAY_FLAG_LIMIT;
		e->gap = ASSAY_GAP_LIMIT;
		u->incomplete = true;
		(void)note(u, ASSAY_RULE_LIMIT, e->index, json_pack(
		    "{s:s, s:s}", "limit", "workspace", "error",
		    strerror(err)), "%s could not be written to the "
		    "workspace: %s", e->path, strerror(err));
		return;
	}
	/* Something of that name is in the way (a directory, say). */
	e->flags |= ASSAY_FLAG_REFUSED;
	e->gap = ASSAY_GAP_REFUSED;
	(void)note(u, ASSAY_RULE_PATH_INVALID, e->index, json_pack("{s:s}",
	    "error", strerror(err)), "%s was not written: %s", e->path,
	    strerror(err));
}

/*
 * Once every byte is hashed: files that could not be written say so, then
 * hard links take their target's facts.
 */
static void
settle(struct assay_unpacker *u, struct box *b)
{
	size_t i, n = assay_inventory_count(u->inv);
	struct assay_entry *e, *t;

	for (i = b->first; i < n; i++) {
		e = entry_at(u, (uint32_t)i);
		if (e->werr != 0 && (e->flags & ASSAY_FLAG_CONTENT))
			unwritten(u, e);
	}
	for (i = b->first; i < n; i++) {
		e = entry_at(u, (uint32_t)i);
		if (e->type != ASSAY_ENTRY_HARDLINK || e->content == e->index ||
		    (e->flags & ASSAY_FLAG_REFUSED))
			continue;
		t = entry_at(u, e->content);
		memcpy(e->sha256, t->sha256, sizeof(e->sha256));
		e->hashed = t->hashed;
		e->size = t->size;
		if (t->flags & ASSAY_FLAG_CONTENT)
			e->flags |= ASSAY_FLAG_CONTENT;
	}
}

static bool
join_filters(struct assay_unpacker *u, struct archive *a, bool gzip,
    struct assay_container *c)
{
	struct assay_buf s = ASSAY_BUF_INIT(4096);
	int i, n = archive_filter_count(a);
	bool ok = true;

	/* The last filter is the "none" that reads the file itself. */
	for (i = 0; i < n - 1 && ok; i++)
		ok = (i == 0 || assay_buf_add(&s, ", ", 2) == ASSAY_OK) &&
		    assay_buf_adds(&s, archive_filter_name(a, i)) == ASSAY_OK;
	/* zlib's gzip decoding sits below everything libarchive sees. */
	if (ok && gzip)
		ok = (n <= 1 || assay_buf_add(&s, ", ", 2) == ASSAY_OK) &&
		    assay_buf_adds(&s, "gzip") == ASSAY_OK;
	if (ok)
		c->filters = assay_inventory_strdup(u->inv,
		    s.data != NULL ? s.data : "", s.len);
	assay_buf_release(&s);
	return ok && c->filters != NULL;
}

static struct archive *
new_reader(void)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	/*
	 * Named one by one: the "all" calls would add mtree, whose entries
	 * read files from the host, and filters that run external programs.
	 */
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_compress(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_lzip(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_rpm(a);
	archive_read_support_filter_uu(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_cab(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_iso9660(a);
	archive_read_support_format_lha(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_xar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_raw(a);
	return a;
}

/* e looked like an archive (what) but did not open: say so. */
static bool
not_an_archive(struct assay_unpacker *u, struct assay_entry *e,
    enum assay_sniff sniff, const char *what, const char *why)
{
	if (sniff == ASSAY_SNIFF_NONE)
		return true;
	e->flags |= ASSAY_FLAG_NOT_ARCHIVE;
	e->gap = ASSAY_GAP_UNSUPPORTED;
	u->incomplete = true;
	return note(u, ASSAY_RULE_UNSUPPORTED, e->index, json_pack("{s:s, s:s}",
	    "format", what, "error", why), "%s looks like %s but assay cannot "
	    "open it (%s); it is kept as a plain file and its contents were "
	    "not examined", e->path, what, why);
}

static void
box_release(struct box *b)
{
	if (b->a != NULL)
		archive_read_free(b->a);
	assay_gunzip_free(b->gz);
	if (b->dirfd != -1)
		close(b->dirfd);
	if (b->pdirfd != -1)
		close(b->pdirfd);
	free(b->pdir);
	free(b->nested);
	assay_namemap_free(b->names);
}

/*
 * A damaged entry header that libarchive skipped to resynchronise: what
 * it described is lost, so the archive is corrupt, but what follows is
 * still read.  Said once per archive.
 */
static void
damaged(struct assay_unpacker *u, struct box *b)
{
	struct assay_container *c = assay_inventory_container(u->inv, b->cidx);
	const char *why = archive_error_string(b->a);

	u->incomplete = true;
	if (c->status == ASSAY_CONTAINER_CORRUPT)
		return;
	if (why == NULL)
		why = "damaged entry header";
	c->status = ASSAY_CONTAINER_CORRUPT;
	c->reason = assay_inventory_strdup(u->inv, why, strlen(why));
	(void)note(u, ASSAY_RULE_CORRUPT, b->entry, json_pack("{s:s, s:s}",
	    "stage", "reading an entry header", "error", why),
	    "%s is corrupt: %s; the entry it described was skipped and the "
	    "entries after it were still read", entry_at(u, b->entry)->path,
	    why);
}

/* Reads every entry of an opened box. */
static void
read_box(struct assay_unpacker *u, struct box *b, struct archive_entry *ae)
{
	int r = ARCHIVE_OK, failures = 0;
	unsigned n = 0;

	for (;;) {
		if (u->fatal != ASSAY_OK || b->stopped || u->stop_all)
			break;
		if (ae != NULL) {
			if (!read_entry(u, b, ae))
				break;
			failures = 0;
		}
		if (b->stopped || (++n % 64 == 0 && tick(u))) {
			if (!b->stopped)
				stop_for_time(u, b);
			break;
		}
		r = archive_read_next_header(b->a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL ||
		    ((r == ARCHIVE_FAILED || r == ARCHIVE_RETRY) &&
		    ++failures > MAX_HEADER_FAILURES)) {
			corrupt(u, b, NULL, "reading an entry header");
			break;
		}
		if (r == ARCHIVE_FAILED || r == ARCHIVE_RETRY) {
			damaged(u, b);
			ae = NULL;
		}
	}
	assay_hashpipe_sync(u->hp);
	settle(u, b);
}

/*
 * After a gzip-compressed archive ended: check the rest of the stream
 * (every member's CRC-32 and length) and say what lies after the archive.
 */
static void
finish_gzip(struct assay_unpacker *u, struct box *b)
{
	const struct assay_entry *e = entry_at(u, b->entry);
	uint64_t slack = 0, trailing;
	int r;

	/* Whatever is left may not outgrow the limits either. */
	r = assay_gunzip_drain(b->a, b->gz, u->lim->total_bytes > u->bytes ?
	    u->lim->total_bytes - u->bytes : 0, &slack);
	if (r == -1) {
		corrupt(u, b, NULL, "checking the gzip stream");
		return;
	}
	if (r == 1 || slack > 0)
		(void)note(u, ASSAY_RULE_TRAILING, b->entry, json_pack(
		    "{s:s, s:I}", "where", "inside the compressed stream",
		    "nonzero_bytes", (json_int_t)slack), "%s holds data after "
		    "the end of its archive, inside the gzip stream; it was not "
		    "unpacked", e->path);
	if ((trailing = assay_gunzip_trailing(b->gz)) > 0)
		(void)note(u, ASSAY_RULE_TRAILING, b->entry, json_pack(
		    "{s:s, s:I}", "where", "after the gzip stream",
		    "bytes", (json_int_t)trailing), "%s has %" PRIu64 " bytes "
		    "after its gzip stream that are not gzip; they were not "
		    "unpacked", e->path, trailing);
}

static enum assay_err
open_container(struct assay_unpacker *u, uint32_t idx, int fd, unsigned depth,
    enum assay_sniff sniff, const char *what)
{
	struct box b;
	struct assay_container *c;
	struct archive_entry *ae = NULL;
	struct assay_entry *e = entry_at(u, idx), *ce;
	struct stat st;
	const char *fmt;
	bool broken;
	size_t i;
	int r, cfd;

	memset(&b, 0, sizeof(b));
	b.dirfd = b.pdirfd = -1;
	b.entry = idx;
	b.depth = depth;
	if (sniff == ASSAY_SNIFF_UNSUPPORTED) {
		(void)not_an_archive(u, e, sniff, what,
		    "assay does not unpack this format");
		goto out;
	}
	if (depth > u->lim->depth) {
		e->gap = ASSAY_GAP_LIMIT;
		e->flags |= ASSAY_FLAG_LIMIT;
		u->incomplete = true;
		(void)note(u, ASSAY_RULE_LIMIT, idx, limit_evidence("depth",
		    depth, u->lim->depth), "nesting depth %u > --max-depth %u "
		    "at %s; it was not unpacked", depth, u->lim->depth, e->path);
		goto out;
	}
	if (fstat(fd, &st) == -1 || lseek(fd, 0, SEEK_SET) == -1) {
		(void)not_an_archive(u, e, sniff, what, strerror(errno));
		goto out;
	}
	b.src_size = (uint64_t)st.st_size;
	if ((b.a = new_reader()) == NULL) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	r = strcmp(what, "gzip") == 0 ? assay_gunzip_open(b.a, fd, &b.gz) :
	    archive_read_open_fd(b.a, fd, READ_BLOCK);
	if (r == ARCHIVE_OK)
		r = archive_read_next_header(b.a, &ae);
	b.raw = archive_format(b.a) == ARCHIVE_FORMAT_RAW;
	if (r == ARCHIVE_EOF && archive_format(b.a) == 0)
		goto out;	/* an empty file */
	/* A gzip layer that opened and then failed is damage, not a format. */
	broken = r < ARCHIVE_WARN && b.gz != NULL;
	if (!broken && (r < ARCHIVE_WARN ||
	    (b.raw && archive_filter_count(b.a) <= 1 && b.gz == NULL))) {
		/* Raw with no filter is any file at all: not an archive. */
		(void)not_an_archive(u, e, sniff, what, r < ARCHIVE_WARN &&
		    archive_error_string(b.a) != NULL ?
		    archive_error_string(b.a) : "not a format assay reads");
		goto out;
	}
	if ((c = assay_inventory_add_container(u->inv, &b.cidx)) == NULL ||
	    (b.names = assay_namemap_new()) == NULL) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	c->entry = idx;
	fmt = broken ? "gzip" : archive_format_name(b.a);
	if (fmt == NULL)
		fmt = "unknown";
	c->format = assay_inventory_strdup(u->inv, fmt, strlen(fmt));
	if (c->format == NULL || !join_filters(u, b.a, b.gz != NULL, c)) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	e->child = b.cidx;
	e->flags |= ASSAY_FLAG_CONTAINER;
	if ((b.dirfd = assay_workspace_mkcontainer(u->ws, b.cidx)) == -1) {
		u->fatal = assay_seterr(u->err, ASSAY_ERR_IO,
		    "cannot create a directory in workspace %s: %s",
		    u->ws->path, strerror(errno));
		goto out;
	}
	b.first = (uint32_t)assay_inventory_count(u->inv);
	/* An archive with no entries at all (an empty tar) is complete. */
	if (broken)
		corrupt(u, &b, NULL, "reading the gzip stream");
	else if (r != ARCHIVE_EOF)
		read_box(u, &b, ae);
	c = assay_inventory_container(u->inv, b.cidx);
	if (b.stopped && c->status == ASSAY_CONTAINER_COMPLETE) {
		c->status = ASSAY_CONTAINER_STOPPED;
		c->reason = "a limit was crossed";
	}
	c->bytes = b.bytes;
	if (b.gz != NULL && !b.stopped && !u->stop_all)
		finish_gzip(u, &b);
	/* Nested archives, in archive order, each one after its parent. */
	for (i = 0; i < b.nnested && u->fatal == ASSAY_OK && !u->stop_all;
	    i++) {
		enum assay_sniff s;
		unsigned char head[ASSAY_SNIFF_HEAD];
		char iso[5];
		ssize_t n;
		const char *w;

		ce = entry_at(u, b.nested[i]);
		if (!(ce->flags & ASSAY_FLAG_CONTENT) || ce->rel == NULL)
			continue;	/* a later duplicate replaced it */
		cfd = assay_open_beneath(b.dirfd, ce->rel, O_RDONLY, 0);
		if (cfd == -1) {
			u->fatal = assay_seterr(u->err, ASSAY_ERR_IO,
			    "cannot reopen %s in the workspace: %s", ce->path,
			    strerror(errno));
			break;
		}
		n = pread(cfd, head, sizeof(head), 0);
		s = assay_sniff(head, n > 0 ? (size_t)n : 0, ce->name,
		    pread(cfd, iso, 5, ASSAY_SNIFF_ISO_OFFSET) == 5 &&
		    memcmp(iso, "CD001", 5) == 0, &w);
		(void)open_container(u, ce->index, cfd, depth + 1, s, w);
		close(cfd);
	}
 out:
	box_release(&b);
	return u->fatal;
}

/* ---- artefacts ---------------------------------------------------------- */

struct digest_job {
	int fd;
	uint64_t size;
	unsigned char sha256[32], sha512[64];
	int err;
};

/* Hashes a whole artefact with pread, beside the unpacking. */
static void *
digest_artefact(void *arg)
{
	struct digest_job *j = arg;
	EVP_MD_CTX *c256 = EVP_MD_CTX_new(), *c512 = EVP_MD_CTX_new();
	unsigned char *buf = malloc(1u << 20);
	unsigned int len;
	off_t off = 0;
	ssize_t n;

	if (c256 == NULL || c512 == NULL || buf == NULL ||
	    !EVP_DigestInit_ex(c256, EVP_sha256(), NULL) ||
	    !EVP_DigestInit_ex(c512, EVP_sha512(), NULL)) {
		j->err = ENOMEM;
		goto out;
	}
	for (;;) {
		n = pread(j->fd, buf, 1u << 20, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			j->err = errno;
			goto out;
		}
		if (n == 0)
			break;
		(void)EVP_DigestUpdate(c256, buf, (size_t)n);
		(void)EVP_DigestUpdate(c512, buf, (size_t)n);
		off += n;
	}
	j->size = (uint64_t)off;
	(void)EVP_DigestFinal_ex(c256, j->sha256, &len);
	(void)EVP_DigestFinal_ex(c512, j->sha512, &len);
 out:
	free(buf);
	EVP_MD_CTX_free(c256);
	EVP_MD_CTX_free(c512);
	return NULL;
}

enum assay_err
assay_unpack_artefact(struct assay_unpacker *u, const char *name,
    const char *origin, int fd, struct assay_error *err)
{
	struct digest_job job;
	struct assay_artefact *art;
	struct assay_entry *e;
	unsigned char head[ASSAY_SNIFF_HEAD];
	char iso[5];
	const char *what;
	enum assay_sniff sniff;
	struct stat st;
	pthread_t thread;
	bool threaded;
	ssize_t n;

	u->err = err;
	u->fatal = ASSAY_OK;
	u->current = name;
	if ((e = assay_inventory_add(u->inv)) == NULL ||
	    (art = assay_inventory_add_artefact(u->inv)) == NULL ||
	    (e->name = e->path = assay_inventory_strdup(u->inv, name,
	    strlen(name))) == NULL ||
	    (e->rel = assay_inventory_strdup(u->inv, origin,
	    strlen(origin))) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	art->entry = e->index;
	e->type = ASSAY_ENTRY_FILE;
	e->flags = ASSAY_FLAG_ARTEFACT;
	if (!assay_utf8_valid(name, strlen(name))) {
		/* The name came from the tester's command line. */
		return assay_seterr(err, ASSAY_ERR_USAGE,
		    "artefact name %s is not valid UTF-8; rename it", origin);
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		u->incomplete = true;
		e->gap = ASSAY_GAP_CORRUPT;
		(void)note(u, ASSAY_RULE_UNREADABLE, e->index, NULL,
		    "%s is not a regular file; give assay the artefact itself",
		    name);
		return u->fatal;
	}
	e->flags |= ASSAY_FLAG_CONTENT;
	e->mode = (uint32_t)st.st_mode & 07777;
	memset(&job, 0, sizeof(job));
	job.fd = fd;
	threaded = pthread_create(&thread, NULL, digest_artefact, &job) == 0;
	if (!threaded)
		digest_artefact(&job);

	n = pread(fd, head, sizeof(head), 0);
	sniff = assay_sniff(head, n > 0 ? (size_t)n : 0, name,
	    pread(fd, iso, 5, ASSAY_SNIFF_ISO_OFFSET) == 5 &&
	    memcmp(iso, "CD001", 5) == 0, &what);
	(void)open_container(u, e->index, fd, 1, sniff, what);

	if (threaded)
		pthread_join(thread, NULL);
	if (job.err != 0) {
		u->incomplete = true;
		e->gap = ASSAY_GAP_CORRUPT;
		(void)note(u, ASSAY_RULE_UNREADABLE, e->index, NULL,
		    "%s could not be read: %s", name, strerror(job.err));
	} else {
		e->size = art->size = job.size;
		memcpy(e->sha256, job.sha256, sizeof(e->sha256));
		memcpy(art->sha256, job.sha256, sizeof(art->sha256));
		memcpy(art->sha512, job.sha512, sizeof(art->sha512));
		e->hashed = true;
	}
	u->current = NULL;
	return u->fatal;
}
