/*
 * Confined opening beneath a directory descriptor.  The invariant: nothing
 * this file opens or creates lies outside dirfd, and no symlink is ever
 * followed, whatever an artefact put on disk before.
 */
#include "confine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define COMPONENT_MAX 4096

static int force_fallback;
/* 0: not yet known, 1: openat2 works, -1: the kernel lacks it. */
static int have_openat2;

void
assay_confine_force_fallback(int on)
{
	force_fallback = on;
}

static int
open_openat2(int dirfd, const char *rel, int flags, mode_t mode)
{
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_NOFOLLOW | O_CLOEXEC);
	if (flags & O_CREAT)
		how.mode = mode;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
	do
		fd = syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
	while (fd == -1 && errno == EAGAIN);
	return (int)fd;
}

/*
 * The fallback: descend one component at a time with O_NOFOLLOW |
 * O_DIRECTORY, so a symlink anywhere on the way fails with ELOOP or
 * ENOTDIR.  Names are normalised, so there is no ".." to climb with.
 */
static int
open_walk(int dirfd, const char *rel, int flags, mode_t mode)
{
	char comp[COMPONENT_MAX];
	const char *p = rel, *slash;
	int cur = dirfd, next, fd, saved;
	size_t len;

	for (;;) {
		if ((slash = strchr(p, '/')) == NULL)
			break;
		len = (size_t)(slash - p);
		if (len == 0 || len >= sizeof(comp)) {
			errno = ENAMETOOLONG;
			goto fail;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		next = openat(cur, comp,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next == -1)
			goto fail;
		if (cur != dirfd)
			close(cur);
		cur = next;
		p = slash + 1;
	}
	fd = openat(cur, p, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	saved = errno;
	if (cur != dirfd)
		close(cur);
	errno = saved;
	return fd;
 fail:
	saved = errno;
	if (cur != dirfd)
		close(cur);
	errno = saved;
	return -1;
}

int
assay_open_beneath(int dirfd, const char *rel, int flags, mode_t mode)
{
	int fd;

	if (rel[0] == '/' || rel[0] == '\0') {
		errno = EXDEV;
		return -1;
	}
	if (!force_fallback && have_openat2 >= 0) {
		fd = open_openat2(dirfd, rel, flags, mode);
		if (fd != -1 || errno != ENOSYS) {
			have_openat2 = 1;
			return fd;
		}
		have_openat2 = -1;
	}
	return open_walk(dirfd, rel, flags, mode);
}

int
assay_mkparents_beneath(int dirfd, const char *rel, const char **basep)
{
	char comp[COMPONENT_MAX];
	const char *p = rel, *slash;
	int cur = dirfd, next, saved;
	size_t len;

	*basep = rel;
	while ((slash = strchr(p, '/')) != NULL) {
		len = (size_t)(slash - p);
		if (len == 0 || len >= sizeof(comp)) {
			errno = ENAMETOOLONG;
			goto fail;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (mkdirat(cur, comp, 0700) == -1 && errno != EEXIST)
			goto fail;
		/* O_NOFOLLOW: an existing symlink here fails with ELOOP. */
		next = openat(cur, comp,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next == -1)
			goto fail;
		if (cur != dirfd)
			close(cur);
		cur = next;
		p = slash + 1;
	}
	*basep = p;
	if (cur == dirfd) {
		/* The caller always gets a descriptor of its own to close. */
		if ((cur = fcntl(dirfd, F_DUPFD_CLOEXEC, 0)) == -1)
			return -1;
	}
	return cur;
 fail:
	saved = errno;
	if (cur != dirfd)
		close(cur);
	errno = saved;
	return -1;
}

static int
rmtree_fd(int dirfd)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	int fd, rc = 0;

	if ((d = fdopendir(dirfd)) == NULL) {
		close(dirfd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			rc = -1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			fd = openat(dirfd, de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd == -1 || rmtree_fd(fd) == -1)
				rc = -1;
			if (unlinkat(dirfd, de->d_name, AT_REMOVEDIR) == -1)
				rc = -1;
		} else if (unlinkat(dirfd, de->d_name, 0) == -1)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
assay_rmtree_at(int dirfd, const char *name)
{
	struct stat st;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (rmtree_fd(fd) == -1)
		return -1;
	return unlinkat(dirfd, name, AT_REMOVEDIR);
}
