/*
 * A growable byte buffer with a hard cap.
 *
 * Invariant: data is NUL-terminated whenever it is non-NULL and len never
 * exceeds max, so cap >= len + 1 whenever data is non-NULL.  Every append
 * either succeeds whole or leaves data, len and cap exactly as they were.
 */
#include "assay/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/size.h"

/* First allocation; small enough to be cheap, big enough for a line. */
#define BUF_MIN_CAP	64

/*
 * Makes room for need bytes of content plus the NUL.  Growth doubles, so
 * appending byte by byte stays linear, but never allocates more than the
 * cap allows.  A new block is allocated and the old one is freed only by
 * the caller (*oldp), after it has copied from it: the bytes being appended
 * may live in the old block (assay_buf_add(b, b->data, b->len)), and
 * realloc would free them first.
 */
static enum assay_err
reserve(struct assay_buf *b, size_t need, char **oldp)
{
	size_t want, ncap, limit;
	char *p;

	*oldp = NULL;
	if (need > b->max)
		return ASSAY_ERR_LIMIT;
	if (!assay_size_add(&want, need, 1))
		return ASSAY_ERR_LIMIT;
	if (b->data != NULL && want <= b->cap)
		return ASSAY_OK;
	ncap = b->cap > BUF_MIN_CAP ? b->cap : BUF_MIN_CAP;
	while (ncap < want) {
		if (!assay_size_mul(&ncap, ncap, 2)) {
			ncap = want;
			break;
		}
	}
	/* Content never exceeds max, so max + 1 bytes always suffice. */
	if (assay_size_add(&limit, b->max, 1) && ncap > limit)
		ncap = limit;
	if (ncap < want)
		ncap = want;
	if ((p = malloc(ncap)) == NULL)
		return ASSAY_ERR_NOMEM;
	if (b->data != NULL)
		memcpy(p, b->data, b->len + 1);
	else
		p[0] = '\0';
	*oldp = b->data;
	b->data = p;
	b->cap = ncap;
	return ASSAY_OK;
}

enum assay_err
assay_buf_add(struct assay_buf *b, const void *p, size_t n)
{
	enum assay_err r;
	size_t need;
	char *old = NULL;

	if (!assay_size_add(&need, b->len, n))
		return ASSAY_ERR_LIMIT;
	if ((r = reserve(b, need, &old)) != ASSAY_OK)
		return r;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len = need;
	b->data[b->len] = '\0';
	free(old);
	return ASSAY_OK;
}

enum assay_err
assay_buf_adds(struct assay_buf *b, const char *s)
{
	return assay_buf_add(b, s, strlen(s));
}

enum assay_err
assay_buf_vaddf(struct assay_buf *b, const char *fmt, va_list ap)
{
	enum assay_err r;
	va_list ap2;
	size_t need;
	char *old = NULL;
	int n;

	/*
	 * Measure first, so that the append is all or nothing.  As with git's
	 * strbuf_addf(), no argument may point into b's own bytes: vsnprintf
	 * would read what it is overwriting.
	 */
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return ASSAY_ERR_INVALID;
	if (!assay_size_add(&need, b->len, (size_t)n))
		return ASSAY_ERR_LIMIT;
	if ((r = reserve(b, need, &old)) != ASSAY_OK)
		return r;
	free(old);
	if (vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap) != n) {
		/* Only if another thread changed an argument meanwhile. */
		b->data[b->len] = '\0';
		return ASSAY_ERR_INTERNAL;
	}
	b->len = need;
	return ASSAY_OK;
}

enum assay_err
assay_buf_addf(struct assay_buf *b, const char *fmt, ...)
{
	enum assay_err r;
	va_list ap;

	va_start(ap, fmt);
	r = assay_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

char *
assay_buf_detach(struct assay_buf *b, size_t *lenp)
{
	char *p;

	if (b->data == NULL) {
		if ((p = malloc(1)) == NULL)
			return NULL;
		p[0] = '\0';
	} else
		p = b->data;
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

void
assay_buf_release(struct assay_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}
