/* Reading and hashing the bytes a signature covers (sigverify.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigverify.h"

#define CHUNK	(256u << 10)

int
sig_data_read(const struct sig_data *d, uint64_t off, void *buf, size_t len)
{
	unsigned char *p = buf;
	ssize_t got;

	if (off > d->size || len > d->size - off)
		return -1;
	if (d->mem != NULL) {
		memcpy(buf, d->mem + off, len);
		return 0;
	}
	while (len > 0) {
		got = pread(d->fd, p, len, (off_t)off);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		off += (uint64_t)got;
		len -= (size_t)got;
	}
	return 0;
}

int
sig_data_hash_range(const struct sig_data *d, uint64_t off, uint64_t len,
    EVP_MD_CTX *ctx)
{
	unsigned char *buf;
	size_t n;
	int rc = -1;

	if (off > d->size || len > d->size - off)
		return -1;
	if (d->mem != NULL)
		return EVP_DigestUpdate(ctx, d->mem + off, (size_t)len) == 1 ?
		    0 : -1;
	if ((buf = malloc(CHUNK)) == NULL)
		return -1;
	while (len > 0) {
		n = len < CHUNK ? (size_t)len : CHUNK;
		if (sig_data_read(d, off, buf, n) == -1 ||
		    EVP_DigestUpdate(ctx, buf, n) != 1)
			goto out;
		off += n;
		len -= n;
	}
	rc = 0;
 out:
	free(buf);
	return rc;
}

int
sig_data_hash(const struct sig_data *d, EVP_MD_CTX *ctx)
{
	return sig_data_hash_range(d, 0, d->size, ctx);
}

int
sig_data_digest(const struct sig_data *d, const EVP_MD *md,
    unsigned char *out, unsigned *outlen)
{
	EVP_MD_CTX *ctx;
	int rc = -1;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
	    sig_data_hash(d, ctx) == 0 &&
	    EVP_DigestFinal_ex(ctx, out, outlen) == 1)
		rc = 0;
	EVP_MD_CTX_free(ctx);
	return rc;
}

unsigned char *
sig_data_load(const struct sig_data *d, size_t max)
{
	unsigned char *buf;

	if (d->size > max || d->size > SIZE_MAX - 1)
		return NULL;
	if ((buf = malloc((size_t)d->size + 1)) == NULL)
		return NULL;
	if (sig_data_read(d, 0, buf, (size_t)d->size) == -1) {
		free(buf);
		return NULL;
	}
	buf[d->size] = '\0';
	return buf;
}
