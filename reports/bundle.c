/*
 * The bundle directory.  Its files are written into a fresh directory
 * beside the destination, and the whole directory is renamed into place
 * only when every file is on disk, so a reader never sees half a bundle:
 * before the commit it finds the previous bundle (or nothing), after it the
 * new one.  Only an empty directory or one holding an assay manifest is
 * ever replaced, and trees are removed without following symbolic links.
 */
#include "reports.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/size.h"

/* Bundles are flat; this only bounds the walk over someone else's tree. */
#define BUNDLE_MAX_DEPTH	64

/* A manifest larger than this is not one of ours. */
#define BUNDLE_MANIFEST_MAX	(64 << 20)

#define MANIFEST_SCHEMA_PREFIX	"assay/manifest/"

struct assay_bundle {
	char *outdir;		/* as the caller gave it, for messages */
	char *parent;		/* the directory that holds outdir */
	char *base;		/* outdir's last component */
	char *tmp;		/* the temporary directory's path; NULL: none */
	const char *tmpbase;	/* its last component, inside tmp */
	int parentfd;		/* parent, opened */
	int dirfd;		/* the temporary directory */
};

/* What stands at outdir now. */
enum existing {
	EXISTING_NONE,
	EXISTING_EMPTY,		/* an empty directory */
	EXISTING_BUNDLE		/* a directory with an assay manifest */
};

/* Removes the tree name in atfd; depth counts the levels above it. */
static int
remove_tree(int atfd, const char *name, unsigned depth)
{
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;
	int fd = -1, rc = -1, saved;

	if (fstatat(atfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(atfd, name, 0);
	if (depth >= BUNDLE_MAX_DEPTH) {
		errno = ELOOP;
		return -1;
	}
	fd = openat(atfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1 || (d = fdopendir(fd)) == NULL)
		goto out;
	fd = -1;	/* d owns it now */
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				goto out;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (remove_tree(dirfd(d), de->d_name, depth + 1) == -1)
			goto out;
	}
	rc = unlinkat(atfd, name, AT_REMOVEDIR);
 out:
	saved = errno;
	if (d != NULL)
		closedir(d);
	if (fd != -1)
		close(fd);
	errno = saved;
	return rc;
}

/* Syncs every file and directory below the directory fd, then fd itself. */
static int
sync_tree(int fd, unsigned depth)
{
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;
	int sub = -1, rc = -1, saved;

	if (depth >= BUNDLE_MAX_DEPTH) {
		errno = ELOOP;
		return -1;
	}
	/* A descriptor of its own, so that fd's offset is left alone. */
	sub = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sub == -1 || (d = fdopendir(sub)) == NULL)
		goto out;
	sub = -1;
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				goto out;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			goto out;
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			continue;
		sub = openat(fd, de->d_name, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (sub == -1)
			goto out;
		if (S_ISDIR(st.st_mode) ? sync_tree(sub, depth + 1) == -1 :
		    fsync(sub) == -1)
			goto out;
		close(sub);
		sub = -1;
	}
	rc = fsync(fd);
 out:
	saved = errno;
	if (d != NULL)
		closedir(d);
	if (sub != -1)
		close(sub);
	errno = saved;
	return rc;
}

/* Creates path and its missing ancestors, like mkdir -p. */
static enum assay_err
make_dirs(const char *path, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct stat st;
	char *copy = NULL, *p, c;

	if (path[0] == '\0')
		return ASSAY_OK;
	if ((copy = strdup(path)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			c = *p;
			*p = '\0';
			if (mkdir(copy, 0755) == -1 && (errno != EEXIST ||
			    stat(copy, &st) == -1 || !S_ISDIR(st.st_mode))) {
				if (errno == EEXIST)
					errno = ENOTDIR;
				r = assay_seterr(err, ASSAY_ERR_IO,
				    "cannot create directory %s: %s", copy,
				    strerror(errno));
				goto out;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	r = ASSAY_OK;
 out:
	free(copy);
	return r;
}

/* Splits outdir into parent and base; a trailing '/' is ignored. */
static enum assay_err
split_outdir(struct assay_bundle *b, struct assay_error *err)
{
	size_t len, slash;
	const char *name;

	len = strlen(b->outdir);
	while (len > 1 && b->outdir[len - 1] == '/')
		len--;
	for (slash = len; slash > 0 && b->outdir[slash - 1] != '/'; slash--)
		;
	name = b->outdir + slash;
	if (len == slash || (len - slash == 1 && name[0] == '.') ||
	    (len - slash == 2 && name[0] == '.' && name[1] == '.'))
		return assay_seterr(err, ASSAY_ERR_USAGE,
		    "%s cannot be an output directory; name a new or earlier "
		    "bundle directory with --out", b->outdir);
	if ((b->base = strndup(name, len - slash)) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	if (slash == 0)
		b->parent = strdup(".");
	else if (slash == 1)
		b->parent = strdup("/");
	else
		b->parent = strndup(b->outdir, slash - 1);
	if (b->parent == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	return ASSAY_OK;
}

static enum assay_err
refuse(const struct assay_bundle *b, const char *why, struct assay_error *err)
{
	return assay_seterr(err, ASSAY_ERR_USAGE,
	    "%s exists and is not an assay bundle (%s); choose another --out "
	    "or remove it", b->outdir, why);
}

/*
 * Judges what stands at outdir: nothing, an empty directory, or an earlier
 * bundle, which may be replaced; anything else is refused, so that a typo
 * in --out cannot wipe someone's files.
 */
static enum assay_err
check_existing(const struct assay_bundle *b, enum existing *what,
    struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct dirent *de;
	json_error_t jerr;
	json_t *manifest = NULL;
	const char *schema;
	struct stat st;
	DIR *d = NULL;
	int fd = -1, mfd = -1;
	bool empty = true;

	*what = EXISTING_NONE;
	if (fstatat(b->parentfd, b->base, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT) {
			r = ASSAY_OK;
			goto out;
		}
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot examine %s: %s",
		    b->outdir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		r = refuse(b, "not a directory", err);
		goto out;
	}
	fd = openat(b->parentfd, b->base, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot open %s: %s",
		    b->outdir, strerror(errno));
		goto out;
	}
	mfd = openat(fd, "manifest.json", O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);
	if (mfd == -1 && errno == ENOENT) {
		if ((d = fdopendir(fd)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_IO,
			    "cannot read %s: %s", b->outdir, strerror(errno));
			goto out;
		}
		fd = -1;	/* d owns it now */
		errno = 0;
		while (empty && (de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				empty = false;
		if (empty && errno != 0) {
			r = assay_seterr(err, ASSAY_ERR_IO,
			    "cannot read %s: %s", b->outdir, strerror(errno));
			goto out;
		}
		if (!empty) {
			r = refuse(b, "no manifest.json", err);
			goto out;
		}
		*what = EXISTING_EMPTY;
		r = ASSAY_OK;
		goto out;
	}
	if (mfd == -1 || fstat(mfd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > BUNDLE_MANIFEST_MAX) {
		r = refuse(b, "manifest.json is not a bundle manifest", err);
		goto out;
	}
	manifest = json_loadfd(mfd, 0, &jerr);
	if (manifest == NULL || !json_is_object(manifest) ||
	    (schema = json_string_value(json_object_get(manifest,
	    "schema"))) == NULL ||
	    strncmp(schema, MANIFEST_SCHEMA_PREFIX,
	    sizeof(MANIFEST_SCHEMA_PREFIX) - 1) != 0) {
		r = refuse(b, "manifest.json is not an assay manifest", err);
		goto out;
	}
	*what = EXISTING_BUNDLE;
	r = ASSAY_OK;
 out:
	json_decref(manifest);
	if (d != NULL)
		closedir(d);
	if (mfd != -1)
		close(mfd);
	if (fd != -1)
		close(fd);
	return r;
}

/* "<parent>/.<base>.<tag>-XXXXXX", made unique by mkdtemp(3). */
static enum assay_err
make_sibling(const struct assay_bundle *b, const char *tag, char **pathp,
    const char **basep, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	const char *sep;
	char *path = NULL;
	size_t need, plen;
	int n;

	*pathp = NULL;
	*basep = NULL;
	plen = strlen(b->parent);
	sep = b->parent[plen - 1] == '/' ? "" : "/";
	/* parent, '/', '.', base, '.', tag, "-XXXXXX", NUL */
	if (!assay_size_add(&need, plen, strlen(b->base)) ||
	    !assay_size_add(&need, need, strlen(tag)) ||
	    !assay_size_add(&need, need, 11)) {
		r = assay_seterr(err, ASSAY_ERR_LIMIT, "%s: path too long",
		    b->outdir);
		goto out;
	}
	if ((path = malloc(need)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	n = snprintf(path, need, "%s%s.%s.%s-XXXXXX", b->parent, sep, b->base,
	    tag);
	if (n < 0 || (size_t)n >= need) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "%s: temporary name does not fit", b->outdir);
		goto out;
	}
	if (mkdtemp(path) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_IO,
		    "cannot create a directory beside %s: %s", b->outdir,
		    strerror(errno));
		goto out;
	}
	*basep = path + plen + strlen(sep);
	*pathp = path;
	path = NULL;
	r = ASSAY_OK;
 out:
	free(path);
	return r;
}

static void
bundle_free(struct assay_bundle *b)
{
	if (b->dirfd != -1)
		close(b->dirfd);
	if (b->parentfd != -1)
		close(b->parentfd);
	free(b->tmp);
	free(b->parent);
	free(b->base);
	free(b->outdir);
	free(b);
}

enum assay_err
assay_bundle_open(const char *outdir, struct assay_bundle **bp,
    struct assay_error *err)
{
	struct assay_bundle *b = NULL;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	enum existing what;

	*bp = NULL;
	if (outdir == NULL || *outdir == '\0') {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "no output directory; give one with --out");
		goto out;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	b->parentfd = b->dirfd = -1;
	if ((b->outdir = strdup(outdir)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = split_outdir(b, err)) != ASSAY_OK ||
	    (r = make_dirs(b->parent, err)) != ASSAY_OK)
		goto out;
	b->parentfd = open(b->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (b->parentfd == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot open %s: %s",
		    b->parent, strerror(errno));
		goto out;
	}
	/* Refuse now, before any work is done, not only at the commit. */
	if ((r = check_existing(b, &what, err)) != ASSAY_OK ||
	    (r = make_sibling(b, "tmp", &b->tmp, &b->tmpbase, err)) !=
	    ASSAY_OK)
		goto out;
	b->dirfd = openat(b->parentfd, b->tmpbase, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	if (b->dirfd == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot open %s: %s",
		    b->tmp, strerror(errno));
		goto out;
	}
	/* mkdtemp() makes it 0700; a bundle is meant to be read by others. */
	if (fchmod(b->dirfd, 0755) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot chmod %s: %s",
		    b->tmp, strerror(errno));
		goto out;
	}
	*bp = b;
	b = NULL;
	r = ASSAY_OK;
 out:
	assay_bundle_abort(b);
	return r;
}

int
assay_bundle_dirfd(const struct assay_bundle *b)
{
	return b->dirfd;
}

/*
 * Replaces the bundle at outdir in two renames, for file systems without
 * RENAME_EXCHANGE: the old one is moved aside first, so for a moment there
 * is none, but there is never a mixture.
 */
static enum assay_err
replace_aside(struct assay_bundle *b, bool *placed, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	const char *oldbase;
	char *old = NULL;

	if ((r = make_sibling(b, "old", &old, &oldbase, err)) != ASSAY_OK)
		goto out;
	/* A directory renamed onto an empty one replaces it. */
	if (renameat(b->parentfd, b->base, b->parentfd, oldbase) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot move %s aside: %s",
		    b->outdir, strerror(errno));
		unlinkat(b->parentfd, oldbase, AT_REMOVEDIR);
		goto out;
	}
	if (renameat(b->parentfd, b->tmpbase, b->parentfd, b->base) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot move %s to %s: %s",
		    b->tmp, b->outdir, strerror(errno));
		/* Put the earlier bundle back rather than leave nothing. */
		renameat(b->parentfd, oldbase, b->parentfd, b->base);
		goto out;
	}
	*placed = true;
	if (remove_tree(b->parentfd, oldbase, 0) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "the bundle is at %s, but "
		    "the previous one at %s could not be removed: %s",
		    b->outdir, old, strerror(errno));
		goto out;
	}
	r = ASSAY_OK;
 out:
	free(old);
	return r;
}

enum assay_err
assay_bundle_commit(struct assay_bundle *b, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	enum existing what;
	bool placed = false;

	if (sync_tree(b->dirfd, 0) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot sync %s: %s",
		    b->tmp, strerror(errno));
		goto out;
	}
	/* Judged again: outdir may have changed while the scan ran. */
	if ((r = check_existing(b, &what, err)) != ASSAY_OK)
		goto out;
	if (what == EXISTING_NONE) {
		if (renameat(b->parentfd, b->tmpbase, b->parentfd,
		    b->base) == -1) {
			r = assay_seterr(err, ASSAY_ERR_IO,
			    "cannot move %s to %s: %s", b->tmp, b->outdir,
			    strerror(errno));
			goto out;
		}
		placed = true;
	} else if (renameat2(b->parentfd, b->tmpbase, b->parentfd, b->base,
	    RENAME_EXCHANGE) == 0) {
		placed = true;
		/* The earlier bundle now has the temporary name. */
		if (remove_tree(b->parentfd, b->tmpbase, 0) == -1) {
			r = assay_seterr(err, ASSAY_ERR_IO, "the bundle is at "
			    "%s, but the previous one at %s could not be "
			    "removed: %s", b->outdir, b->tmp, strerror(errno));
			goto out;
		}
	} else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP ||
	    errno == EOPNOTSUPP) {
		if ((r = replace_aside(b, &placed, err)) != ASSAY_OK)
			goto out;
	} else {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot move %s to %s: %s",
		    b->tmp, b->outdir, strerror(errno));
		goto out;
	}
	/* The renames are durable only once the parent is synced. */
	if (fsync(b->parentfd) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot sync %s: %s",
		    b->parent, strerror(errno));
		goto out;
	}
	r = ASSAY_OK;
 out:
	if (!placed)
		remove_tree(b->parentfd, b->tmpbase, 0);
	bundle_free(b);
	return r;
}

void
assay_bundle_abort(struct assay_bundle *b)
{
	if (b == NULL)
		return;
	if (b->tmp != NULL && b->parentfd != -1)
		remove_tree(b->parentfd, b->tmpbase, 0);
	bundle_free(b);
}
