/*
 * Mender artifacts (bundles.h): a tar whose "manifest" lists the SHA-256
 * of every other member ("version", "header.tar.gz", and each payload
 * file as "data/0000/<name>"), and whose optional "manifest.sig" is the
 * base64 of an RSA or ECDSA signature over the manifest's bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "bundles.h"

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static bool
b64_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

int
mender_parse_manifest(const char *text, size_t n, struct mender_manifest *out)
{
	const char *line, *nl, *path;
	struct mender_sum *v, *s;
	unsigned long lineno = 0;
	size_t pos = 0, len, i, plen;

	memset(out, 0, sizeof(*out));
	while (pos < n) {
		line = text + pos;
		nl = memchr(line, '\n', n - pos);
		len = nl != NULL ? (size_t)(nl - line) : n - pos;
		pos += len + 1;
		lineno++;
		if (len == 0)
			continue;
		for (i = 0; i < 64 && i < len && is_hex(line[i]); i++)
			;
		path = line + 66;
		plen = len > 66 ? len - 66 : 0;
		if (i != 64 || len <= 66 || line[64] != ' ' ||
		    line[65] != ' ' || plen >= sizeof(v->path) ||
		    memchr(path, '\0', plen) != NULL ||
		    out->n >= MENDER_MAX_LINES) {
			if (out->bad_line == 0)
				out->bad_line = lineno;
			continue;
		}
		if ((v = realloc(out->v, (out->n + 1) * sizeof(*v))) == NULL) {
			mender_manifest_release(out);
			return -1;
		}
		out->v = v;
		s = &v[out->n++];
		for (i = 0; i < 64; i++)
			s->sha256[i] = (char)(line[i] >= 'A' && line[i] <= 'F' ?
			    line[i] - 'A' + 'a' : line[i]);
		s->sha256[64] = '\0';
		memcpy(s->path, path, plen);
		s->path[plen] = '\0';
		s->line = lineno;
	}
	return 0;
}

void
mender_manifest_release(struct mender_manifest *m)
{
	if (m == NULL)
		return;
	free(m->v);
	memset(m, 0, sizeof(*m));
}

unsigned char *
mender_decode_sig(const unsigned char *p, size_t n, size_t *lenp)
{
	unsigned char *clean = NULL, *out = NULL;
	size_t i, k = 0, pad = 0;
	int got;

	*lenp = 0;
	if (n == 0 || n > 65536 || (clean = malloc(n + 1)) == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		if (p[i] != '\n' && p[i] != '\r' && p[i] != ' ' &&
		    p[i] != '\t')
			clean[k++] = p[i];
	if (k == 0 || k % 4 != 0 || (out = malloc(k / 4 * 3 + 1)) == NULL)
		goto fail;
	/* Padding only at the end, at most two, and nothing after it. */
	pad = (clean[k - 1] == '=') + (clean[k - 2] == '=');
	if (clean[k - 2] == '=' && clean[k - 1] != '=')
		goto fail;
	for (i = 0; i < k - pad; i++)
		if (!b64_char(clean[i]))
			goto fail;
	/* EVP_DecodeBlock keeps the padding bytes; count them off. */
	if ((got = EVP_DecodeBlock(out, clean, (int)k)) < 0)
		goto fail;
	if ((size_t)got < pad)
		goto fail;
	*lenp = (size_t)got - pad;
	free(clean);
	return out;
 fail:
	free(clean);
	free(out);
	return NULL;
}
