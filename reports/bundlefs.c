/*
 * Files of a bundle directory, reached only relative to its fd.
 *
 * Invariants: nothing is opened through a symbolic link (O_NOFOLLOW) or
 * blocks on a FIFO (O_NONBLOCK, then fstat says it is a regular file), and
 * no read holds more than the caller's bound: the directory may have been
 * prepared by someone who wants assay to fail or to lie.
 */
#include "bundlefs.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fileio.h"
#include "path.h"

#define READ_CHUNK	65536	/* bytes hashed at a time */

static int
cmp_entry(const void *a, const void *b)
{
	const struct assay_bundlefs_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

void
assay_bundlefs_list_release(struct assay_bundlefs_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

enum assay_err
assay_bundlefs_list(int dirfd, struct assay_bundlefs_list *l,
    struct assay_error *err)
{
	struct assay_bundlefs_entry *v;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct dirent *de;
	struct stat st;
	size_t cap = 0;
	DIR *d = NULL;
	int fd = -1;

	l->v = NULL;
	l->n = 0;
	/* A descriptor of its own: closedir() closes it, not the caller's. */
	if ((fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || (d = fdopendir(fd)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot list the bundle "
		    "directory: %s", strerror(errno));
		goto out;
	}
	fd = -1;
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				r = assay_seterr(err, ASSAY_ERR_IO, "cannot "
				    "list the bundle directory: %s",
				    strerror(errno));
				goto out;
			}
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (l->n == ASSAY_BUNDLEFS_MAX_ENTRIES) {
			r = assay_seterr(err, ASSAY_ERR_LIMIT, "the bundle "
			    "directory has more than %d entries; it is not an "
			    "assay bundle", ASSAY_BUNDLEFS_MAX_ENTRIES);
			goto out;
		}
		if (l->n == cap) {
			cap = cap == 0 ? 32 : 2 * cap;
			if ((v = reallocarray(l->v, cap, sizeof(*v))) ==
			    NULL) {
				r = assay_seterr(err, ASSAY_ERR_NOMEM,
				    "out of memory");
				goto out;
			}
			l->v = v;
		}
		if ((l->v[l->n].name = strdup(de->d_name)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			goto out;
		}
		l->v[l->n].regular = fstatat(dirfd, de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
		l->n++;
	}
	if (l->n > 0)
		qsort(l->v, l->n, sizeof(l->v[0]), cmp_entry);
	r = ASSAY_OK;
 out:
	if (d != NULL)
		closedir(d);
	if (fd != -1)
		close(fd);
	if (r != ASSAY_OK)
		assay_bundlefs_list_release(l);
	return r;
}

/* Opens name for reading if it is a regular file. */
static enum assay_err
open_regular(int dirfd, const char *name, int *fdp, struct stat *st,
    struct assay_error *err)
{
	int fd;

	*fdp = -1;
	/*
	 * Look before opening: opening a device node can have effects of its
	 * own (a tape rewinds).  fstat() below judges what was opened.
	 */
	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st->st_mode) && !S_ISLNK(st->st_mode))
		return assay_seterr(err, ASSAY_ERR_INVALID, "%s: not a "
		    "regular file", name);
	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return assay_seterr(err, ASSAY_ERR_NOT_FOUND,
			    "%s: no such file in the bundle", name);
		if (errno == ELOOP)
			return assay_seterr(err, ASSAY_ERR_INVALID,
			    "%s: a symbolic link, not a file", name);
		return assay_seterr(err, ASSAY_ERR_IO, "cannot open %s: %s",
		    name, strerror(errno));
	}
	if (fstat(fd, st) == -1) {
		close(fd);
		return assay_seterr(err, ASSAY_ERR_IO, "cannot stat %s: %s",
		    name, strerror(errno));
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return assay_seterr(err, ASSAY_ERR_INVALID, "%s: not a "
		    "regular file", name);
	}
	*fdp = fd;
	return ASSAY_OK;
}

enum assay_err
assay_bundlefs_read(int dirfd, const char *name, size_t max,
    unsigned char **datap, size_t *lenp, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct stat st;
	int fd = -1;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if ((r = open_regular(dirfd, name, &fd, &st, err)) != ASSAY_OK)
		goto out;
	if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
		r = assay_seterr(err, ASSAY_ERR_LIMIT, "%s: larger than %zu "
		    "bytes; it is not what assay writes", name, max);
		goto out;
	}
	/* The file may grow while it is read; max still holds. */
	r = assay_slurp_named(fd, name, max, datap, lenp, err);
 out:
	if (fd != -1)
		close(fd);
	return r;
}

enum assay_err
assay_bundlefs_json(int dirfd, const char *name, size_t max, json_t **jp,
    struct assay_error *err)
{
	unsigned char *data = NULL;
	enum assay_err r;
	json_error_t jerr;
	size_t len;

	*jp = NULL;
	if ((r = assay_bundlefs_read(dirfd, name, max, &data, &len, err)) !=
	    ASSAY_OK)
		return r;
	if ((*jp = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL)
		r = assay_seterr(err, ASSAY_ERR_INVALID, "%s: not valid JSON "
		    "(line %d: %s)", name, jerr.line, jerr.text);
	free(data);
	return r;
}

enum assay_err
assay_bundlefs_sha256(int dirfd, const char *name, unsigned char md[32],
    struct assay_error *err)
{
	unsigned char chunk[READ_CHUNK];
	enum assay_err r = ASSAY_ERR_INTERNAL;
	EVP_MD_CTX *ctx = NULL;
	unsigned int mdlen = 0;
	struct stat st;
	ssize_t n;
	int fd = -1;

	if ((r = open_regular(dirfd, name, &fd, &st, err)) != ASSAY_OK)
		goto out;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		r = assay_seterr_crypto(err, "cannot start SHA-256");
		goto out;
	}
	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			r = assay_seterr(err, ASSAY_ERR_IO, "cannot read %s: "
			    "%s", name, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(ctx, chunk, (size_t)n) != 1) {
			r = assay_seterr_crypto(err, "SHA-256 failed");
			goto out;
		}
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
		r = assay_seterr_crypto(err, "SHA-256 failed");
		goto out;
	}
	r = ASSAY_OK;
 out:
	EVP_MD_CTX_free(ctx);
	if (fd != -1)
		close(fd);
	return r;
}

/* Creates or truncates name in dirfd, never through a symbolic link. */
static int
create(int dirfd, const char *name)
{
	return openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
}

enum assay_err
assay_bundlefs_write(int dirfd, const char *name, const void *p, size_t n,
    struct assay_error *err)
{
	int fd;

	if ((fd = create(dirfd, name)) == -1)
		return assay_seterr(err, ASSAY_ERR_IO, "cannot create %s: %s",
		    name, strerror(errno));
	if (assay_write_all(fd, p, n) == -1) {
		(void)assay_seterr(err, ASSAY_ERR_IO, "cannot write %s: %s",
		    name, strerror(errno));
		close(fd);
		return ASSAY_ERR_IO;
	}
	if (close(fd) == -1)
		return assay_seterr(err, ASSAY_ERR_IO, "cannot write %s: %s",
		    name, strerror(errno));
	return ASSAY_OK;
}

enum assay_err
assay_bundlefs_fcreate(int dirfd, const char *name, size_t bufsize,
    FILE **fpp, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	FILE *fp = NULL;
	int fd;

	*fpp = NULL;
	if ((fd = create(dirfd, name)) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot create %s: %s",
		    name, strerror(errno));
		goto out;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot create %s: %s",
		    name, strerror(errno));
		close(fd);
		goto out;
	}
	if (setvbuf(fp, NULL, _IOFBF, bufsize) != 0) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	*fpp = fp;
	fp = NULL;
	r = ASSAY_OK;
 out:
	if (fp != NULL)
		fclose(fp);
	return r;
}

void
assay_print_safe(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, len;
	uint32_t cp;

	if (s == NULL) {
		fputs("(none)", fp);
		return;
	}
	n = strlen(s);
	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			fputc(p[i++], fp);
			continue;
		}
		/* Well-formed UTF-8 stands, except the C1 controls. */
		if (p[i] >= 0x80 &&
		    (len = assay_utf8_next(s + i, n - i, &cp)) > 0 &&
		    cp > 0x9f) {
			fwrite(p + i, 1, len, fp);
			i += len;
			continue;
		}
		fprintf(fp, "\\x%02x", p[i++]);
	}
}
