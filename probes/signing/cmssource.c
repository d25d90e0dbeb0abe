/*
 * A read-only OpenSSL BIO over part of a struct sig_data, so that CMS and
 * PKCS #7 verification stream the signed bytes with pread instead of
 * loading files that may be gigabytes (x509int.h).
 */
#include <limits.h>
#include <string.h>

#include "x509int.h"

/*
 * A fixed type number rather than BIO_get_new_index(): that counter grows
 * with every call in OpenSSL 3.0 and would, after some thousands of
 * files, run into the flag bits and make this BIO look like a memory BIO.
 */
#define CMS_SOURCE_TYPE	(0xe7 | BIO_TYPE_SOURCE_SINK)

static int
cms_source_read(BIO *bio, char *buf, int len)
{
	struct cms_source *b = BIO_get_data(bio);
	uint64_t left;
	size_t n;

	if (b == NULL || buf == NULL || len <= 0)
		return 0;
	left = b->end - b->off;
	if (left == 0)
		return 0;
	n = left < (uint64_t)len ? (size_t)left : (size_t)len;
	if (sig_data_read(b->data, b->off, buf, n) == -1) {
		b->failed = true;
		return -1;
	}
	b->off += n;
	return (int)n;
}

static long
cms_source_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
	struct cms_source *b = BIO_get_data(bio);

	(void)num, (void)ptr;
	switch (cmd) {
	case BIO_CTRL_EOF:
		return b == NULL || b->off == b->end;
	case BIO_CTRL_PENDING:
		if (b == NULL || b->end - b->off > LONG_MAX)
			return 0;
		return (long)(b->end - b->off);
	case BIO_CTRL_FLUSH:
		return 1;
	default:
		return 0;
	}
}

int
cms_source_open(struct cms_source *b, const struct sig_data *d, uint64_t off,
    uint64_t len)
{
	memset(b, 0, sizeof(*b));
	if (off > d->size || len > d->size - off)
		return -1;
	b->data = d;
	b->off = off;
	b->end = off + len;
	if ((b->meth = BIO_meth_new(CMS_SOURCE_TYPE,
	    "assay signed data")) == NULL ||
	    BIO_meth_set_read(b->meth, cms_source_read) != 1 ||
	    BIO_meth_set_ctrl(b->meth, cms_source_ctrl) != 1 ||
	    (b->bio = BIO_new(b->meth)) == NULL) {
		cms_source_close(b);
		return -1;
	}
	BIO_set_data(b->bio, b);
	BIO_set_init(b->bio, 1);
	return 0;
}

void
cms_source_close(struct cms_source *b)
{
	BIO_free(b->bio);
	BIO_meth_free(b->meth);
	b->bio = NULL;
	b->meth = NULL;
}
