/*
 * libFuzzer target for the secret scanner of the credentials probe: the
 * one-pass Hyperscan search with its PCRE2 confirmation, assignment and
 * placeholder parsing, the token checks (CRC-32, JWT headers, cloud key
 * secrets), and the path and text-mode classes.  The first byte picks the
 * mode and a line cap; the rest is the file.  Every hit must lie inside
 * the buffer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "credentials/credfile.h"
#include "credentials/textscan.h"
#include "credentials/tokens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bounds {
	const unsigned char *p;
	size_t n;
};

static int
check(void *arg, const struct cred_hit *h)
{
	const struct bounds *b = arg;

	if (h->secret < b->p || h->len > b->n ||
	    (size_t)(h->secret - b->p) > b->n - h->len || h->line == 0 ||
	    memchr(h->key, '\0', sizeof(h->key)) == NULL)
		abort();
	return 0;
}

/* Compiled once: Hyperscan databases take a while to build. */
static struct cred_textscan *ts;

static void
release(void)
{
	cred_textscan_free(ts);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum cred_text_mode modes[] = { CRED_TEXT_BINARY,
	    CRED_TEXT_CONFIG, CRED_TEXT_YAML, CRED_TEXT_SOURCE };
	struct bounds b;
	char *name;
	size_t max_line;
	char out[7];

	if (size < 1)
		return 0;
	if (ts == NULL) {
		if (cred_textscan_new(&ts) != ASSAY_OK)
			abort();
		(void)atexit(release);
	}
	b.p = data + 1;
	b.n = size - 1;
	max_line = (data[0] & 0x40) ? 80 : 4096;
	if (cred_textscan_run(ts, b.p, b.n, modes[data[0] & 3], max_line,
	    100, check, &b) != ASSAY_OK)
		abort();
	(void)cred_text_mode_of("x/y.conf", b.p, b.n);
	(void)cred_token_checksum_ok((const char *)b.p, b.n, b.n > 4 ? 4 : 0);
	(void)cred_jwt_ok((const char *)b.p, b.n);
	(void)cred_aws_secret_near(b.p, b.n);
	cred_crc32_base62((const char *)b.p, b.n, out);
	if ((name = malloc(b.n + 1)) == NULL)
		abort();
	memcpy(name, b.p, b.n);
	name[b.n] = '\0';
	(void)cred_sample_path(name);
	free(name);
	return 0;
}
