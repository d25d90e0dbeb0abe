/*
 * Whole-file reads and writes.  Invariant: no read holds more than the
 * caller's bound, whatever the file claims or grows to while it is read.
 */
#include "fileio.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK	65536

enum assay_err
assay_slurp_fd(int fd, struct assay_buf *b)
{
	unsigned char chunk[READ_CHUNK];
	enum assay_err r;
	ssize_t n;

	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			return ASSAY_ERR_IO;
		}
		if (n == 0)
			return ASSAY_OK;
		if ((r = assay_buf_add(b, chunk, (size_t)n)) != ASSAY_OK)
			return r;
	}
}

enum assay_err
assay_slurp_named(int fd, const char *name, size_t max,
    unsigned char **datap, size_t *lenp, struct assay_error *err)
{
	struct assay_buf b = ASSAY_BUF_INIT(max);
	enum assay_err r;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if ((r = assay_slurp_fd(fd, &b)) == ASSAY_ERR_IO)
		r = assay_seterr(err, r, "cannot read %s: %s", name,
		    strerror(errno));
	else if (r != ASSAY_OK)
		r = assay_seterr(err, r, r == ASSAY_ERR_LIMIT ?
		    "%s: larger than %zu bytes" : "%s: out of memory "
		    "reading it (%zu bytes)", name, max);
	else if ((*datap = (unsigned char *)assay_buf_detach(&b, lenp)) ==
	    NULL)
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	assay_buf_release(&b);
	return r;
}

enum assay_err
assay_slurp(const char *path, size_t max, unsigned char **datap,
    size_t *lenp, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct stat st;
	int fd = -1;

	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	/* O_NONBLOCK: a FIFO in place of the file must not hang the run. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		r = assay_seterr(err, errno == ENOENT ? ASSAY_ERR_NOT_FOUND :
		    ASSAY_ERR_IO, "cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = assay_seterr(err, ASSAY_ERR_INVALID, "%s: not a regular "
		    "file", path);
		goto out;
	}
	r = assay_slurp_named(fd, path, max, datap, lenp, err);
 out:
	if (fd != -1)
		close(fd);
	return r;
}

int
assay_write_all(int fd, const void *p, size_t n)
{
	const unsigned char *c = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
