/*
 * A libarchive read callback that inflates with zlib in gzip mode.  Members
 * of a multi-member file are decoded in turn; zero padding after the last
 * member is accepted; anything else after it is counted, not decoded, so
 * that a signature appended to a firmware tarball is reported, not lost.
 */
#include "gunzip.h"

#include <archive.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define IN_BYTES	(128u << 10)
#define OUT_BYTES	(256u << 10)

struct assay_gunzip {
	int fd;
	z_stream z;
	bool zinit;
	bool member_done;	/* the last member ended; look for another */
	bool eof;
	char error[128];	/* a failure held back behind decoded bytes */
	uint64_t trailing;
	unsigned char in[IN_BYTES];
	unsigned char out[OUT_BYTES];
};

/* Refills the input; returns bytes available, 0 at EOF, -1 on error. */
static ssize_t
refill(struct archive *a, struct assay_gunzip *g)
{
	ssize_t n;

	if (g->z.avail_in > 0)
		return (ssize_t)g->z.avail_in;
	do
		n = read(g->fd, g->in, sizeof(g->in));
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	g->z.next_in = g->in;
	g->z.avail_in = (uInt)n;
	return n;
}

/* After a member: another one follows, padding, or trailing data. */
static int
next_member(struct archive *a, struct assay_gunzip *g)
{
	ssize_t n;
	uInt i;

	for (;;) {
		if ((n = refill(a, g)) <= 0)
			return (int)n;
		if (g->z.next_in[0] == 0x1f)
			break;
		/* Skip zero padding; count anything else as trailing. */
		for (i = 0; i < g->z.avail_in && g->z.next_in[i] == 0; i++)
			;
		if (i < g->z.avail_in) {
			g->trailing += g->z.avail_in;
			while ((n = read(g->fd, g->in, sizeof(g->in))) > 0 ||
			    (n == -1 && errno == EINTR))
				g->trailing += n > 0 ? (uint64_t)n : 0;
			g->z.avail_in = 0;
			return 0;
		}
		g->z.avail_in = 0;
	}
	if (inflateReset(&g->z) != Z_OK) {
		archive_set_error(a, EINVAL, "gzip: cannot start a member");
		return -1;
	}
	g->member_done = false;
	return 1;
}

static la_ssize_t
gunzip_read(struct archive *a, void *arg, const void **buf)
{
	struct assay_gunzip *g = arg;
	ssize_t n;
	int r;

	*buf = g->out;
	if (g->error[0] != '\0') {
		archive_set_error(a, EINVAL, "%s", g->error);
		return -1;
	}
	g->z.next_out = g->out;
	g->z.avail_out = sizeof(g->out);
	while (g->z.avail_out == sizeof(g->out) && !g->eof) {
		if (g->member_done) {
			if ((r = next_member(a, g)) < 0)
				return -1;
			if (r == 0) {
				g->eof = true;
				break;
			}
		}
		if ((n = refill(a, g)) < 0)
			return -1;
		if (n == 0) {
			(void)snprintf(g->error, sizeof(g->error),
			    "gzip: the stream is truncated");
			break;
		}
		r = inflate(&g->z, Z_NO_FLUSH);
		if (r == Z_STREAM_END) {
			g->member_done = true;
		} else if (r != Z_OK && r != Z_BUF_ERROR) {
			(void)snprintf(g->error, sizeof(g->error), "gzip: %s",
			    g->z.msg != NULL ? g->z.msg : "invalid data");
			break;
		}
	}
	/* Bytes decoded before damage are handed over; the error follows. */
	if (g->error[0] != '\0' && g->z.avail_out == sizeof(g->out)) {
		archive_set_error(a, EINVAL, "%s", g->error);
		return -1;
	}
	return (la_ssize_t)(sizeof(g->out) - g->z.avail_out);
}

int
assay_gunzip_open(struct archive *a, int fd, struct assay_gunzip **gp)
{
	struct assay_gunzip *g;

	*gp = NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		archive_set_error(a, ENOMEM, "out of memory");
		return ARCHIVE_FATAL;
	}
	g->fd = fd;
	/* 16 + MAX_WBITS: gzip framing only, with CRC-32 and length checks. */
	if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {
		free(g);
		archive_set_error(a, ENOMEM, "cannot start zlib");
		return ARCHIVE_FATAL;
	}
	g->zinit = true;
	*gp = g;
	return archive_read_open(a, g, NULL, gunzip_read, NULL);
}

int
assay_gunzip_drain(struct archive *a, struct assay_gunzip *g, uint64_t max,
    uint64_t *nonzerop)
{
	const unsigned char *p;
	const void *buf;
	uint64_t seen = 0;
	la_ssize_t n, i;

	*nonzerop = 0;
	while (!g->eof) {
		if ((n = gunzip_read(a, g, &buf)) < 0)
			return -1;
		p = buf;
		for (i = 0; i < n; i++)
			*nonzerop += p[i] != 0;
		if ((seen += (uint64_t)n) > max)
			return 1;
		if (n == 0)
			break;
	}
	return 0;
}

uint64_t
assay_gunzip_trailing(const struct assay_gunzip *g)
{
	return g == NULL ? 0 : g->trailing;
}

void
assay_gunzip_free(struct assay_gunzip *g)
{
	if (g == NULL)
		return;
	if (g->zinit)
		inflateEnd(&g->z);
	free(g);
}
