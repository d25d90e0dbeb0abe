/* "assay db update" (dbupdate.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "dbupdate.h"
#include "names.h"
#include "timeparse.h"

#define SNAPSHOT_FILE_MAX	((size_t)256 << 20)
#define ANSWER_MAX		((size_t)64 << 20)
#define SNAPSHOT_SCHEMA		"assay/releases/v1"

static int
fail(char *err, size_t errlen, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(char *err, size_t errlen, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return status;
}

/* The registry given for eco, or NULL. */
static const char *
registry_for(const struct deps_db_request *q, const char *eco)
{
	size_t i, n = strlen(eco);

	for (i = 0; i < q->nregistries; i++)
		if (strncmp(q->registries[i], eco, n) == 0 &&
		    q->registries[i][n] == '=')
			return q->registries[i] + n + 1;
	return NULL;
}

static bool
wanted(const struct deps_db_request *q, const char *eco)
{
	size_t i;

	if (q->necosystems == 0)
		return registry_for(q, eco) != NULL;
	for (i = 0; i < q->necosystems; i++)
		if (strcmp(q->ecosystems[i], eco) == 0)
			return true;
	return false;
}

static json_t *
load_snapshot(const char *path, const char *eco, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root;

	if (access(path, F_OK) == -1 && errno == ENOENT) {
		root = json_pack("{s:s, s:s, s:{}}", "schema", SNAPSHOT_SCHEMA,
		    "ecosystem", eco, "packages");
		if (root == NULL)
			snprintf(err, errlen, "out of memory");
		return root;
	}
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL || !json_is_object(json_object_get(root,
	    "packages"))) {
		snprintf(err, errlen, "%s: not a release snapshot (%s)", path,
		    root == NULL ? je.text : "no \"packages\" object");
		json_decref(root);
		return NULL;
	}
	return root;
}

/* Writes root to path atomically: a temporary file beside it, renamed. */
static int
save_snapshot(const char *path, json_t *root, char *err, size_t errlen)
{
	char tmp[4096];
	char *text;
	size_t len;
	int fd, n, ok;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return fail(err, errlen, 4, "%s: path too long", path);
	text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (text == NULL)
		return fail(err, errlen, 4, "out of memory");
	len = strlen(text);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ok = fd != -1;
	for (size_t off = 0; ok && off < len;) {
		ssize_t w = write(fd, text + off, len - off);

		if (w <= 0 && errno != EINTR)
			ok = 0;
		else if (w > 0)
			off += (size_t)w;
	}
	ok = ok && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	if (fd != -1 && close(fd) == -1)
		ok = 0;
	free(text);
	if (!ok || rename(tmp, path) == -1) {
		int e = errno;

		(void)unlink(tmp);
		return fail(err, errlen, 4, "%s: cannot write: %s", path,
		    strerror(e));
	}
	return 0;
}

/* Adds key to the snapshot's package list (empty until refreshed). */
static int
want_package(json_t *root, const char *key)
{
	json_t *pkgs = json_object_get(root, "packages");

	if (json_object_get(pkgs, key) != NULL)
		return 0;
	return json_object_set_new(pkgs, key, json_object());
}

/* The names --package and --from ask for in eco. */
static int
add_requested(const struct deps_db_request *q, const char *eco, json_t *root,
    char *err, size_t errlen)
{
	struct dep_name_list names = { NULL, 0 };
	size_t i, n = strlen(eco);
	int rc = 0;

	for (i = 0; i < q->npackages; i++)
		if (strncmp(q->packages[i], eco, n) == 0 &&
		    q->packages[i][n] == ':' && q->packages[i][n + 1] != '\0' &&
		    want_package(root, q->packages[i] + n + 1) == -1)
			return fail(err, errlen, 4, "out of memory");
	for (i = 0; i < q->nfrom; i++) {
		if ((rc = dep_names_from_file(q->from[i], eco, &names, err,
		    errlen)) != 0)
			goto out;
	}
	for (i = 0; i < names.n; i++)
		if (want_package(root, names.v[i]) == -1) {
			rc = fail(err, errlen, 4, "out of memory");
			goto out;
		}
 out:
	dep_name_list_release(&names);
	return rc;
}

static int
update_ecosystem(const struct deps_db_request *q, const char *eco,
    size_t *failed, char *err, size_t errlen)
{
	const char *base = registry_for(q, eco), *key;
	char path[4096], why[512], gen[21];
	json_t *root, *pkgs, *fresh, *tmp;
	void *iter;
	size_t asked = 0;
	enum assay_err r;
	int n, rc;

	if (base == NULL)
		return fail(err, errlen, 2, "no registry given for %s: add "
		    "--registry %s=https://...", eco, eco);
	n = snprintf(path, sizeof(path), "%s/%s.json", q->dir, eco);
	if (n < 0 || (size_t)n >= sizeof(path))
		return fail(err, errlen, 2, "%s: path too long", q->dir);
	if ((root = load_snapshot(path, eco, err, errlen)) == NULL)
		return 2;
	if ((rc = add_requested(q, eco, root, err, errlen)) != 0)
		goto out;
	pkgs = json_object_get(root, "packages");
	/* Keys are visited in sorted order, so logs and fetches are stable. */
	if ((tmp = json_deep_copy(pkgs)) == NULL) {
		rc = fail(err, errlen, 4, "out of memory");
		goto out;
	}
	for (iter = json_object_iter(tmp); iter != NULL;
	    iter = json_object_iter_next(tmp, iter)) {
		key = json_object_iter_key(iter);
		asked++;
		r = dep_registry_releases(eco, base, key, q->fetch, q->ctx,
		    ANSWER_MAX, &fresh, why, sizeof(why));
		if (r != ASSAY_OK) {
			(*failed)++;
			if (q->log != NULL)
				fprintf(q->log, "%s %s: kept as it was: %s\n",
				    eco, key, why);
			continue;
		}
		if (json_object_set_new(pkgs, key, fresh) == -1) {
			json_decref(tmp);
			rc = fail(err, errlen, 4, "out of memory");
			goto out;
		}
		if (q->log != NULL)
			fprintf(q->log, "%s %s: %zu versions\n", eco, key,
			    json_object_size(json_object_get(fresh,
			    "versions")));
	}
	json_decref(tmp);
	dep_format_time(q->now, gen);
	if (json_object_set_new(root, "generated", json_string(gen)) == -1 ||
	    json_object_set_new(root, "schema", json_string(SNAPSHOT_SCHEMA)) ==
	    -1 || json_object_set_new(root, "ecosystem", json_string(eco)) ==
	    -1) {
		rc = fail(err, errlen, 4, "out of memory");
		goto out;
	}
	rc = save_snapshot(path, root, err, errlen);
	if (rc == 0 && q->log != NULL)
		fprintf(q->log, "%s: %zu packages asked, snapshot %s\n", eco,
		    asked, path);
 out:
	json_decref(root);
	return rc;
}

int
deps_db_update(const struct deps_db_request *q, char *err, size_t errlen)
{
	static const char *const ecosystems[] = {
		"npm", "pypi", "cargo", "golang", "maven"
	};
	size_t i, failed = 0, done = 0;
	int rc;

	for (i = 0; i < q->necosystems; i++)
		if (!dep_registry_supported(q->ecosystems[i]))
			return fail(err, errlen, 2, "no registry client for "
			    "%s (npm, pypi, cargo, golang, maven)",
			    q->ecosystems[i]);
	for (i = 0; i < q->nregistries; i++) {
		const char *eq = strchr(q->registries[i], '=');

		if (eq == NULL || strncmp(eq + 1, "https://", 8) != 0)
			return fail(err, errlen, 2, "--registry wants "
			    "ECOSYSTEM=https://..., not \"%s\"",
			    q->registries[i]);
	}
	for (i = 0; i < sizeof(ecosystems) / sizeof(ecosystems[0]); i++) {
		if (!wanted(q, ecosystems[i]))
			continue;
		if ((rc = update_ecosystem(q, ecosystems[i], &failed, err,
		    errlen)) != 0)
			return rc;
		done++;
	}
	if (done == 0)
		return fail(err, errlen, 2, "nothing to update: give "
		    "--registry ECOSYSTEM=https://... (assay ships no registry "
		    "address)");
	if (failed > 0) {
		snprintf(err, errlen, "%zu package%s could not be refreshed "
		    "and kept their old dates", failed, failed == 1 ? "" : "s");
		return 1;
	}
	return 0;
}
