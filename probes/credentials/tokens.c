/*
 * Token checks.  Everything here reads at most the candidate's bytes (or
 * the window the caller gives) and allocates nothing larger than a JWT
 * header.
 */
#include "tokens.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <zlib.h>

#define JWT_PART_MAX	4096u	/* base64url bytes of a header or payload */

static const char base62[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static bool
is_base62(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

void
cred_crc32_base62(const char *s, size_t n, char out[7])
{
	uLong crc = crc32(0L, Z_NULL, 0);
	unsigned long v;
	int i;

	/* zlib takes a uInt length; the tokens are tiny, so chunk anyway. */
	while (n > 0) {
		uInt part = n > 65536 ? 65536 : (uInt)n;

		crc = crc32(crc, (const Bytef *)s, part);
		s += part;
		n -= part;
	}
	v = (unsigned long)crc & 0xffffffffUL;
	for (i = 5; i >= 0; i--) {
		out[i] = base62[v % 62];
		v /= 62;
	}
	out[6] = '\0';
}

bool
cred_token_checksum_ok(const char *t, size_t n, size_t prefix_len)
{
	char want[7];
	size_t i;

	if (n != prefix_len + 36)
		return false;
	for (i = prefix_len; i < n; i++)
		if (!is_base62(t[i]))
			return false;
	cred_crc32_base62(t + prefix_len, 30, want);
	return memcmp(t + prefix_len + 30, want, 6) == 0;
}

/* Decodes one base64url part into a JSON object; NULL otherwise. */
static json_t *
b64url_json(const char *s, size_t n)
{
	unsigned char *buf = NULL, *out = NULL;
	json_t *j = NULL;
	size_t m, i;
	int got, pad;

	if (n == 0 || n > JWT_PART_MAX || n % 4 == 1)
		return NULL;
	m = (n + 3) / 4 * 4;
	if ((buf = malloc(m)) == NULL || (out = malloc(m / 4 * 3)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		else if (!is_base62(c))
			goto out;
		buf[i] = (unsigned char)c;
	}
	for (pad = 0; i < m; i++, pad++)
		buf[i] = '=';
	if ((got = EVP_DecodeBlock(out, buf, (int)m)) < pad)
		goto out;
	j = json_loadb((const char *)out, (size_t)(got - pad),
	    JSON_REJECT_DUPLICATES, NULL);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
 out:
	free(buf);
	free(out);
	return j;
}

bool
cred_jwt_ok(const char *t, size_t n)
{
	const char *d1, *d2;
	json_t *h = NULL, *p = NULL;
	bool ok = false;

	if ((d1 = memchr(t, '.', n)) == NULL ||
	    (d2 = memchr(d1 + 1, '.', n - (size_t)(d1 + 1 - t))) == NULL ||
	    memchr(d2 + 1, '.', n - (size_t)(d2 + 1 - t)) != NULL)
		return false;
	if ((h = b64url_json(t, (size_t)(d1 - t))) == NULL ||
	    !json_is_string(json_object_get(h, "alg")) ||
	    (p = b64url_json(d1 + 1, (size_t)(d2 - d1 - 1))) == NULL)
		goto out;
	ok = true;
 out:
	json_decref(h);
	json_decref(p);
	return ok;
}

static bool
is_b64(unsigned char c)
{
	return is_base62((char)c) || c == '+' || c == '/';
}

size_t
cred_aws_secret_near(const unsigned char *p, size_t n)
{
	size_t i = 0, s, j;
	bool up, lo, dig;

	while (i < n) {
		if (!is_b64(p[i])) {
			i++;
			continue;
		}
		for (s = i; i < n && is_b64(p[i]); i++)
			;
		if (i - s != 40 || (i < n && p[i] == '='))
			continue;
		up = lo = dig = false;
		for (j = s; j < i; j++) {
			up |= p[j] >= 'A' && p[j] <= 'Z';
			lo |= p[j] >= 'a' && p[j] <= 'z';
			dig |= p[j] >= '0' && p[j] <= '9';
		}
		if (up && lo && dig)
			return s;
	}
	return (size_t)-1;
}
