/*
 * ASCII armour (RFC 4880 section 6, RFC 9580 section 6) and the cleartext
 * signature framework (RFC 9580 section 7).  Base64 is decoded by OpenSSL;
 * the CRC24 line, when present, must match.  Cleartext messages are read
 * strictly: only "Hash" headers, every dash line escaped, so that no text
 * a reader sees can sit outside what the signature covers.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openpgp.h"

/* One line of p[0, n) at *offp, without its LF or a CR before it. */
static bool
next_line(const unsigned char *p, size_t n, size_t *offp,
    const unsigned char **line, size_t *len)
{
	const unsigned char *nl;
	size_t off = *offp, l;

	if (off >= n)
		return false;
	nl = memchr(p + off, '\n', n - off);
	l = nl != NULL ? (size_t)(nl - (p + off)) : n - off;
	*line = p + off;
	*offp = off + l + (nl != NULL ? 1 : 0);
	if (l > 0 && (*line)[l - 1] == '\r')
		l--;
	*len = l;
	return true;
}

static size_t
trim_blanks(const unsigned char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	return len;
}

static bool
line_is(const unsigned char *line, size_t len, const char *want)
{
	len = trim_blanks(line, len);
	return len == strlen(want) && memcmp(line, want, len) == 0;
}

/* "-----BEGIN PGP <label>-----" or END, into buf. */
static void
armor_line(char *buf, size_t size, const char *what, const char *label)
{
	snprintf(buf, size, "-----%s PGP %s-----", what, label);
}

bool
pgp_armor_starts(const unsigned char *p, size_t n, const char *label)
{
	char want[80];
	size_t i = 0, wl;

	armor_line(want, sizeof(want), "BEGIN", label);
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	wl = strlen(want);
	return n - i >= wl && memcmp(p + i, want, wl) == 0;
}

/* RFC 4880 6.1; a checksum, not cryptography. */
static uint32_t
crc24(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xb704ce;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		crc ^= (uint32_t)p[i] << 16;
		for (b = 0; b < 8; b++) {
			crc <<= 1;
			if (crc & 0x1000000)
				crc ^= 0x1864cfb;
		}
	}
	return crc & 0xffffff;
}

static bool
is_b64(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/* Decodes b64[0, n) with OpenSSL into out (room for n bytes). */
static int
b64_decode(const unsigned char *b64, size_t n, unsigned char *out,
    size_t *outlen)
{
	EVP_ENCODE_CTX *ctx;
	int l1 = 0, l2 = 0, rc = -1;

	if (n > INT_MAX || (ctx = EVP_ENCODE_CTX_new()) == NULL)
		return -1;
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, out, &l1, b64, (int)n) != -1 &&
	    EVP_DecodeFinal(ctx, out + l1, &l2) == 1) {
		*outlen = (size_t)l1 + (size_t)l2;
		rc = 0;
	}
	EVP_ENCODE_CTX_free(ctx);
	return rc;
}

int
pgp_armor_next(const unsigned char *p, size_t n, size_t *offp,
    const char *label, unsigned char **outp, size_t *outlenp, char *why,
    size_t whylen)
{
	char begin[80], end[80];
	const unsigned char *line;
	unsigned char *b64 = NULL, *out = NULL, sum[4];
	size_t off = *offp, len, nb = 0, outlen = 0, sumlen, lineno = 0, i;
	bool found = false, ended = false, has_sum = false;
	int rc = -1;

	*outp = NULL;
	*outlenp = 0;
	armor_line(begin, sizeof(begin), "BEGIN", label);
	armor_line(end, sizeof(end), "END", label);
	while (!found && next_line(p, n, &off, &line, &len))
		found = line_is(line, len, begin);
	if (!found) {
		*offp = n;
		return 0;
	}
	/* Headers ("Key: value") up to a blank line. */
	for (;;) {
		size_t save = off;

		if (!next_line(p, n, &off, &line, &len))
			goto no_end;
		len = trim_blanks(line, len);
		if (len == 0)
			break;
		if (memchr(line, ':', len) == NULL) {
			/* No blank line: this is already the data. */
			off = save;
			break;
		}
	}
	if ((b64 = malloc(n - off + 1)) == NULL ||
	    (out = malloc(n - off + 1)) == NULL) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	while (next_line(p, n, &off, &line, &len)) {
		lineno++;
		len = trim_blanks(line, len);
		if (line_is(line, len, end)) {
			ended = true;
			break;
		}
		if (len > 0 && line[0] == '=' && !has_sum) {
			if (len != 5 || b64_decode(line + 1, 4, sum,
			    &sumlen) == -1 || sumlen != 3) {
				snprintf(why, whylen, "armour checksum line is "
				    "malformed");
				goto out;
			}
			has_sum = true;
			continue;
		}
		if (has_sum && len > 0) {
			snprintf(why, whylen, "armour data after the checksum");
			goto out;
		}
		for (i = 0; i < len; i++) {
			if (!is_b64(line[i])) {
				snprintf(why, whylen, "armour line %zu has a "
				    "character that is not base64", lineno);
				goto out;
			}
			b64[nb++] = line[i];
		}
	}
	if (!ended)
		goto no_end;
	if (b64_decode(b64, nb, out, &outlen) == -1) {
		snprintf(why, whylen, "armour is not valid base64");
		goto out;
	}
	if (has_sum && crc24(out, outlen) !=
	    ((uint32_t)sum[0] << 16 | (uint32_t)sum[1] << 8 | sum[2])) {
		snprintf(why, whylen, "armour checksum (CRC24) does not match");
		goto out;
	}
	*outp = out;
	*outlenp = outlen;
	out = NULL;
	*offp = off;
	rc = 1;
	goto out;
 no_end:
	snprintf(why, whylen, "armour has no \"%s\" line", end);
 out:
	free(b64);
	free(out);
	return rc;
}

/* Parses "Hash: A,B" into c->hashes.  0 or -1. */
static int
hash_header(const unsigned char *v, size_t len, struct pgp_cleartext *c)
{
	size_t i = 0, start;
	int id;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == ','))
			i++;
		start = i;
		while (i < len && v[i] != ',' && v[i] != ' ')
			i++;
		if (i == start)
			continue;
		if ((id = pgp_hash_by_name((const char *)v + start,
		    i - start)) == 0 ||
		    c->nhashes == sizeof(c->hashes) / sizeof(c->hashes[0]))
			return -1;
		c->hashes[c->nhashes++] = id;
	}
	return 0;
}

void
pgp_cleartext_release(struct pgp_cleartext *c)
{
	free(c->text);
	free(c->canon);
	memset(c, 0, sizeof(*c));
}

int
pgp_cleartext_split(const unsigned char *p, size_t n, struct pgp_cleartext *c,
    char *why, size_t whylen)
{
	const unsigned char *line;
	size_t off = 0, len, lineno = 0, at, kept;
	bool first = true;

	memset(c, 0, sizeof(*c));
	/* Leading blank lines only; any text there would be unsigned. */
	for (;;) {
		at = off;
		if (!next_line(p, n, &off, &line, &len)) {
			snprintf(why, whylen, "no cleartext header");
			return -1;
		}
		lineno++;
		if (trim_blanks(line, len) != 0)
			break;
	}
	if (!line_is(line, len, "-----BEGIN PGP SIGNED MESSAGE-----")) {
		snprintf(why, whylen, "line %zu: text before the cleartext "
		    "header", lineno);
		return -1;
	}
	for (;;) {
		if (!next_line(p, n, &off, &line, &len))
			goto no_sig;
		lineno++;
		len = trim_blanks(line, len);
		if (len == 0)
			break;
		if (len > 5 && memcmp(line, "Hash:", 5) == 0) {
			if (hash_header(line + 5, len - 5, c) == -1) {
				snprintf(why, whylen, "line %zu: unknown hash "
				    "in the \"Hash\" header", lineno);
				return -1;
			}
			continue;
		}
		snprintf(why, whylen, "line %zu: only \"Hash\" headers may "
		    "follow the cleartext header", lineno);
		return -1;
	}
	if ((c->text = malloc(n - off + 1)) == NULL ||
	    (c->canon = malloc(2 * (n - off) + 1)) == NULL) {
		snprintf(why, whylen, "out of memory");
		goto fail;
	}
	for (;;) {
		at = off;
		if (!next_line(p, n, &off, &line, &len))
			goto no_sig;
		lineno++;
		if (line_is(line, len, "-----BEGIN PGP SIGNATURE-----"))
			break;
		if (len > 0 && line[0] == '-') {
			if (len < 2 || line[1] != ' ') {
				snprintf(why, whylen, "line %zu: a line that "
				    "starts with a dash is not escaped",
				    lineno);
				goto fail;
			}
			line += 2;
			len -= 2;
		}
		memcpy(c->text + c->textlen, line, len);
		c->textlen += len;
		c->text[c->textlen++] = '\n';
		/* Each line after the first follows a CRLF. */
		if (!first) {
			c->canon[c->canonlen++] = '\r';
			c->canon[c->canonlen++] = '\n';
		}
		first = false;
		kept = len;
		while (kept > 0 && (line[kept - 1] == ' ' ||
		    line[kept - 1] == '\t'))
			kept--;
		memcpy(c->canon + c->canonlen, line, kept);
		c->canonlen += kept;
	}
	c->sigoff = at;
	return 0;
 no_sig:
	snprintf(why, whylen, "cleartext message has no signature");
 fail:
	pgp_cleartext_release(c);
	return -1;
}
