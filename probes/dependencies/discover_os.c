/*
 * Operating-system package databases: dpkg and opkg status files (only
 * packages whose status says installed), Alpine's apk database and RPM's
 * sqlite database (each row a header blob, parsed here with every offset
 * checked).  The distribution comes from the os-release file of the same
 * image, when there is one: it is the purl namespace and the distro
 * qualifier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "discover.h"

#define STATUS_MAX	(256u << 20)	/* bytes of a status file */
#define RPMDB_MAX	((uint64_t)2 << 30)	/* bytes of an rpmdb */
#define RPM_ROWS_MAX	200000	/* packages in one rpmdb */
#define RPM_BLOB_MAX	(64u << 20)	/* bytes of one header blob */
#define SQL_STEPS_MAX	100000	/* progress callbacks (1000 ops each) */

/* Sets arch and distro qualifiers on a component just added. */
static void
qualify(struct dep_parse *p, struct dep_component *c, const char *arch)
{
	if (c == NULL)
		return;
	/* A refused value (1) only leaves the qualifier out. */
	if (arch != NULL && dep_add_qualifier(c, "arch", arch) < 0)
		p->nomem = 1;
	if (p->distro != NULL && dep_add_qualifier(c, "distro", p->distro) < 0)
		p->nomem = 1;
}

/* RFC 822 style paragraphs: Package, Status, Version, Architecture. */
static enum assay_err
status_parse(const char *buf, size_t len, struct dep_parse *p,
    const char *eco)
{
	static const char *const keys[] = { "Package", "Status", "Version",
	    "Architecture" };
	char *val[4] = { NULL, NULL, NULL, NULL };
	struct dep_lines it;
	struct dep_component *c;
	const char *line, *st;
	unsigned long at = 0;
	size_t n, k, kl;
	int more;

	dep_lines_init(&it, buf, len);
	do {
		more = dep_lines_next(&it, &line, &n);
		if (more && dep_line_too_long(p, &it, n))
			break;
		if (!more || n == 0) {
			/* The end of a paragraph. */
			st = val[1];
			if (val[0] != NULL && st != NULL &&
			    strlen(st) >= 9 &&
			    strcmp(st + strlen(st) - 9, "installed") == 0 &&
			    (strlen(st) == 9 || st[strlen(st) - 10] == ' ')) {
				c = dep_parse_add(p, eco, p->distro_id, val[0],
				    val[2], at);
				qualify(p, c, val[3]);
			} else if (val[0] == NULL && (val[1] != NULL ||
			    val[2] != NULL))
				dep_parse_fail(p, at, "paragraph without "
				    "Package");
			for (k = 0; k < 4; k++) {
				free(val[k]);
				val[k] = NULL;
			}
			continue;
		}
		if (line[0] == ' ' || line[0] == '\t')
			continue;	/* a continuation line */
		for (k = 0; k < 4; k++) {
			kl = strlen(keys[k]);
			if (n > kl && strncmp(line, keys[k], kl) == 0 &&
			    line[kl] == ':') {
				if (val[k] != NULL) {
					dep_parse_fail(p, it.no, "%s twice in "
					    "a paragraph", keys[k]);
					break;
				}
				if ((val[k] = dep_strndup_trim(line + kl + 1,
				    n - kl - 1)) == NULL)
					p->nomem = 1;
				if (k == 0)
					at = it.no;
				break;
			}
		}
		if (k == 4 && memchr(line, ':', n) == NULL) {
			dep_parse_fail(p, it.no, "line is not \"Field: value\"");
		}
	} while (more && !p->nomem);
	for (k = 0; k < 4; k++)
		free(val[k]);
	return dep_parse_status(p);
}

enum assay_err
dpkg_status_parse(const char *buf, size_t len, struct dep_parse *p)
{
	return status_parse(buf, len, p, "deb");
}

enum assay_err
opkg_status_parse(const char *buf, size_t len, struct dep_parse *p)
{
	return status_parse(buf, len, p, "opkg");
}

/* lib/apk/db/installed: "P:name", "V:version", "A:arch" per package. */
enum assay_err
apk_installed_parse(const char *buf, size_t len, struct dep_parse *p)
{
	char *val[3] = { NULL, NULL, NULL };
	static const char keys[] = "PVA";
	struct dep_lines it;
	struct dep_component *c;
	const char *line, *k;
	unsigned long at = 0;
	size_t n, i;
	int more;

	dep_lines_init(&it, buf, len);
	do {
		more = dep_lines_next(&it, &line, &n);
		if (more && dep_line_too_long(p, &it, n))
			break;
		if (!more || n == 0) {
			if (val[0] != NULL) {
				c = dep_parse_add(p, "apk", p->distro_id,
				    val[0], val[1], at);
				qualify(p, c, val[2]);
			} else if (val[1] != NULL)
				dep_parse_fail(p, it.no, "package without P:");
			for (i = 0; i < 3; i++) {
				free(val[i]);
				val[i] = NULL;
			}
			continue;
		}
		if (n < 2 || line[1] != ':') {
			dep_parse_fail(p, it.no, "line is not \"X:value\"");
			continue;
		}
		if ((k = strchr(keys, line[0])) == NULL || line[0] == '\0')
			continue;
		i = (size_t)(k - keys);
		if (val[i] != NULL)
			continue;
		if ((val[i] = dep_strndup_trim(line + 2, n - 2)) == NULL)
			p->nomem = 1;
		if (i == 0)
			at = it.no;
	} while (more && !p->nomem);
	for (i = 0; i < 3; i++)
		free(val[i]);
	return dep_parse_status(p);
}

/* KEY=value or KEY="value" of os-release. */
static char *
os_value(const char *line, size_t n, const char *key)
{
	size_t k = strlen(key);
	const char *v;
	size_t vl;

	if (n <= k || strncmp(line, key, k) != 0 || line[k] != '=')
		return NULL;
	v = line + k + 1;
	vl = n - k - 1;
	if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
		v++;
		vl -= 2;
	}
	if (vl == 0 || vl > 64)
		return NULL;
	return dep_strndup_trim(v, vl);
}

void
os_release_parse(const char *buf, size_t len, char **idp, char **version_idp)
{
	struct dep_lines it;
	const char *line;
	char *v;
	size_t n;

	*idp = *version_idp = NULL;
	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && it.no < 1000) {
		if (*idp == NULL && (v = os_value(line, n, "ID")) != NULL)
			*idp = v;
		else if (*version_idp == NULL &&
		    (v = os_value(line, n, "VERSION_ID")) != NULL)
			*version_idp = v;
	}
	if ((*idp != NULL && !dep_text_ok(*idp)) ||
	    (*version_idp != NULL && !dep_text_ok(*version_idp))) {
		free(*idp);
		free(*version_idp);
		*idp = *version_idp = NULL;
	}
}

/* ---- RPM ----------------------------------------------------------------- */

#define RPMTAG_NAME	1000
#define RPMTAG_VERSION	1001
#define RPMTAG_RELEASE	1002
#define RPMTAG_EPOCH	1003
#define RPMTAG_ARCH	1022
#define RPM_INT32	4
#define RPM_STRING	6
#define RPM_I18NSTRING	9
#define RPM_INDEX_MAX	0xffffu

static uint32_t
be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

enum assay_err
rpm_header_parse(const unsigned char *blob, size_t len, struct dep_parse *p)
{
	const char *str[5] = { NULL, NULL, NULL, NULL, NULL };
	const unsigned char *data, *ent;
	uint32_t il, dl, tag, type, off, epoch = 0;
	int has_epoch = 0;
	struct dep_component *c;
	char *version = NULL, ep[16];
	size_t i, need;

	if (len < 8) {
		dep_parse_fail(p, 0, "RPM header shorter than 8 bytes");
		return ASSAY_OK;
	}
	il = be32(blob);
	dl = be32(blob + 4);
	/* 8 + 16 * il + dl bytes, each term bounded first. */
	need = 8 + (size_t)il * 16 + (size_t)dl;
	if (il > RPM_INDEX_MAX || dl > RPM_BLOB_MAX || need > len) {
		dep_parse_fail(p, 0, "RPM header sizes exceed the blob");
		return ASSAY_OK;
	}
	data = blob + 8 + (size_t)il * 16;
	for (i = 0; i < il; i++) {
		ent = blob + 8 + i * 16;
		tag = be32(ent);
		type = be32(ent + 4);
		off = be32(ent + 8);
		if (off >= dl)
			continue;
		if (tag == RPMTAG_EPOCH && type == RPM_INT32 &&
		    (size_t)off + 4 <= dl) {
			epoch = be32(data + off);
			has_epoch = 1;
			continue;
		}
		if ((type != RPM_STRING && type != RPM_I18NSTRING) ||
		    memchr(data + off, '\0', dl - off) == NULL)
			continue;
		if (tag >= RPMTAG_NAME && tag <= RPMTAG_RELEASE)
			str[tag - RPMTAG_NAME] = (const char *)data + off;
		else if (tag == RPMTAG_ARCH)
			str[4] = (const char *)data + off;
	}
	if (str[0] == NULL || str[1] == NULL) {
		dep_parse_fail(p, 0, "RPM header without NAME and VERSION");
		return ASSAY_OK;
	}
	if (strcmp(str[0], "gpg-pubkey") == 0)
		return ASSAY_OK;	/* an imported key, not a package */
	if (str[2] != NULL && *str[2] != '\0') {
		size_t vl = strlen(str[1]) + strlen(str[2]) + 2;

		if ((version = malloc(vl)) == NULL) {
			p->nomem = 1;
			return ASSAY_ERR_NOMEM;
		}
		(void)snprintf(version, vl, "%s-%s", str[1], str[2]);
	}
	c = dep_parse_add(p, "rpm", p->distro_id, str[0],
	    version != NULL ? version : str[1], 0);
	if (c != NULL && has_epoch) {
		(void)snprintf(ep, sizeof(ep), "%u", epoch);
		if (dep_add_qualifier(c, "epoch", ep) < 0)
			p->nomem = 1;
	}
	qualify(p, c, str[4]);
	free(version);
	return dep_parse_status(p);
}

static int
sql_progress(void *arg)
{
	unsigned *steps = arg;

	return ++*steps > SQL_STEPS_MAX;
}

/* Every row of the Packages table of an rpmdb.sqlite open as fd. */
void
dep_rpmdb_read(int fd, struct dep_parse *p)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char uri[64];
	unsigned steps = 0;
	size_t rows = 0;
	int rc, n;

	n = snprintf(uri, sizeof(uri), "file:/proc/self/fd/%d?immutable=1",
	    fd);
	if (n < 0 || (size_t)n >= sizeof(uri))
		return;
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_NOMEM)
			p->nomem = 1;
		else
			dep_parse_fail(p, 0, "not an SQLite database");
		goto out;
	}
	/* A hostile schema gets no functions, no triggers and few steps. */
	(void)sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	(void)sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	(void)sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	(void)sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	(void)sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)RPM_BLOB_MAX);
	sqlite3_progress_handler(db, 1000, sql_progress, &steps);
	if (sqlite3_prepare_v2(db, "SELECT blob FROM Packages ORDER BY hnum",
	    -1, &st, NULL) != SQLITE_OK) {
		dep_parse_fail(p, 0, "no Packages table: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !p->nomem) {
		const void *blob = sqlite3_column_blob(st, 0);
		int bl = sqlite3_column_bytes(st, 0);

		if (++rows > RPM_ROWS_MAX) {
			dep_parse_fail(p, 0, "more than %u packages",
			    RPM_ROWS_MAX);
			break;
		}
		if (blob == NULL || bl <= 0) {
			dep_parse_fail(p, 0, "package row %zu has no header",
			    rows);
			continue;
		}
		(void)rpm_header_parse(blob, (size_t)bl, p);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		dep_parse_fail(p, 0, "reading Packages: %s",
		    sqlite3_errmsg(db));
 out:
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* ---- over the scan ------------------------------------------------------- */

/*
 * The os-release beside db: same container, same leading folder before
 * "var/", "lib/" or "usr/" (a rootfs inside a folder of the archive).
 */
static void
find_distro(struct assay_scan *scan, const struct assay_entry *db,
    const char *tail, char **idp, char **distrop)
{
	static const char *const rel[] = { "etc/os-release",
	    "usr/lib/os-release" };
	const struct assay_entry *e;
	const char *dbname = assay_entry_name(db), *name;
	size_t prefix, i, cur, len, dl = strlen(dbname), tl = strlen(tail);
	unsigned char *buf;
	char *id, *ver;

	*idp = *distrop = NULL;
	if (dl < tl)
		return;
	prefix = dl - tl;
	for (i = 0; i < 2 && *idp == NULL; i++) {
		cur = 0;
		while ((e = assay_scan_next(scan, &cur, "**/*os-release",
		    ASSAY_ENTRY_FILE)) != NULL) {
			name = assay_entry_name(e);
			if (assay_entry_parent(e) != assay_entry_parent(db) ||
			    strlen(name) != prefix + strlen(rel[i]) ||
			    strncmp(name, dbname, prefix) != 0 ||
			    strcmp(name + prefix, rel[i]) != 0)
				continue;
			if (assay_entry_read(scan, e, 64u << 10, &buf, &len) !=
			    ASSAY_OK)
				continue;
			os_release_parse((char *)buf, len, &id, &ver);
			free(buf);
			if (id == NULL) {
				free(ver);
				continue;
			}
			*idp = id;
			if (ver != NULL && (*distrop = malloc(strlen(id) +
			    strlen(ver) + 2)) != NULL)
				(void)snprintf(*distrop, strlen(id) +
				    strlen(ver) + 2, "%s-%s", id, ver);
			free(ver);
			break;
		}
	}
}

static enum assay_err
each_db(struct assay_scan *scan, struct dep_list *l, const char *glob,
    const char *tail, dep_parser_fn parser, const char *source)
{
	const struct assay_entry *e;
	struct dep_parse p;
	enum assay_err r = ASSAY_OK;
	char *id, *distro;
	size_t cur = 0;

	while (r == ASSAY_OK && (e = assay_scan_next(scan, &cur, glob,
	    ASSAY_ENTRY_FILE | ASSAY_ENTRY_HARDLINK)) != NULL) {
		if (!(assay_entry_flags(e) & ASSAY_FLAG_CONTENT))
			continue;
		find_distro(scan, e, tail, &id, &distro);
		memset(&p, 0, sizeof(p));
		p.l = l;
		p.entry = e;
		p.method = DEP_PACKAGE_DB;
		p.source = source;
		p.distro_id = id;
		p.distro = distro;
		r = dep_parse_file(scan, STATUS_MAX, parser, &p);
		free(id);
		free(distro);
	}
	return r;
}

static enum assay_err
each_rpmdb(struct assay_scan *scan, struct dep_list *l, const char *glob,
    const char *tail)
{
	const struct assay_entry *e;
	struct dep_parse p;
	enum assay_err r = ASSAY_OK;
	char *id, *distro;
	size_t cur = 0, from;
	int fd;

	while (r == ASSAY_OK && (e = assay_scan_next(scan, &cur, glob,
	    ASSAY_ENTRY_FILE)) != NULL) {
		if (!(assay_entry_flags(e) & ASSAY_FLAG_CONTENT))
			continue;
		memset(&p, 0, sizeof(p));
		p.l = l;
		p.entry = e;
		p.method = DEP_PACKAGE_DB;
		p.source = "rpmdb.sqlite";
		if (assay_entry_size(e) > RPMDB_MAX) {
			dep_parse_fail(&p, 0, "larger than %llu bytes",
			    (unsigned long long)RPMDB_MAX);
			r = dep_report_parse(scan, &p);
			continue;
		}
		if (assay_entry_open(scan, e, &fd) != ASSAY_OK)
			continue;
		find_distro(scan, e, tail, &id, &distro);
		p.distro_id = id;
		p.distro = distro;
		from = l->n;
		dep_rpmdb_read(fd, &p);
		close(fd);
		free(id);
		free(distro);
		if (p.nomem)
			return ASSAY_ERR_NOMEM;
		dep_dedupe_from(l, from);
		r = dep_report_parse(scan, &p);
	}
	return r;
}

enum assay_err
discover_os(struct assay_scan *scan, struct dep_list *l)
{
	enum assay_err r;

	r = each_db(scan, l, "**/var/lib/dpkg/status", "var/lib/dpkg/status",
	    dpkg_status_parse, "dpkg status");
	if (r == ASSAY_OK)
		r = each_db(scan, l, "**/lib/apk/db/installed",
		    "lib/apk/db/installed", apk_installed_parse,
		    "apk installed");
	if (r == ASSAY_OK)
		r = each_db(scan, l, "**/usr/lib/opkg/status",
		    "usr/lib/opkg/status", opkg_status_parse, "opkg status");
	if (r == ASSAY_OK)
		r = each_db(scan, l, "**/var/lib/opkg/status",
		    "var/lib/opkg/status", opkg_status_parse, "opkg status");
	if (r == ASSAY_OK)
		r = each_rpmdb(scan, l, "**/var/lib/rpm/rpmdb.sqlite",
		    "var/lib/rpm/rpmdb.sqlite");
	if (r == ASSAY_OK)
		r = each_rpmdb(scan, l, "**/usr/lib/sysimage/rpm/rpmdb.sqlite",
		    "usr/lib/sysimage/rpm/rpmdb.sqlite");
	return r;
}
