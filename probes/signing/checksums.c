/*
 * Checksum manifests: SHA256SUMS and friends (sigverify.h).  Parses the GNU
 * coreutils layout ("hex  name", "hex *name", a leading backslash for
 * escaped names), the BSD tagged layout ("SHA256 (name) = hex") and a lone
 * digest in "x.sha256".  A line that does not parse is counted, never
 * fatal; names are kept as listed (unescaped), never resolved here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sigverify.h"

#define SUM_NAME_MAX	4096
#define SUM_ENTRIES_MAX	(1u << 20)

static const struct {
	const char *name;	/* ours, lower case */
	const char *tag;	/* BSD tag */
	const char *evp;	/* OpenSSL fetch name */
	size_t len;
} algs[SUM_NALGS] = {
	[SUM_MD5] = { "md5", "MD5", "MD5", 16 },
	[SUM_SHA1] = { "sha1", "SHA1", "SHA1", 20 },
	[SUM_SHA224] = { "sha224", "SHA224", "SHA2-224", 28 },
	[SUM_SHA256] = { "sha256", "SHA256", "SHA2-256", 32 },
	[SUM_SHA384] = { "sha384", "SHA384", "SHA2-384", 48 },
	[SUM_SHA512] = { "sha512", "SHA512", "SHA2-512", 64 },
	[SUM_BLAKE2B512] = { "blake2b512", "BLAKE2b", "BLAKE2B-512", 64 },
};

const char *
sum_alg_name(enum sum_alg a)
{
	return a < SUM_NALGS ? algs[a].name : "unknown";
}

bool
sum_alg_weak(enum sum_alg a)
{
	return a == SUM_MD5 || a == SUM_SHA1;
}

size_t
sum_alg_len(enum sum_alg a)
{
	return a < SUM_NALGS ? algs[a].len : 0;
}

EVP_MD *
sum_alg_fetch(enum sum_alg a)
{
	return a < SUM_NALGS ? EVP_MD_fetch(NULL, algs[a].evp, NULL) : NULL;
}

static bool
ends_with_ci(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcasecmp(s + n - m, tail) == 0;
}

/* Extensions of one-file digests ("x.iso.sha256"), and their algorithm. */
static const struct {
	const char *ext;
	enum sum_alg alg;
} exts[] = {
	{ ".md5", SUM_MD5 }, { ".sha1", SUM_SHA1 },
	{ ".sha256", SUM_SHA256 }, { ".sha256sum", SUM_SHA256 },
	{ ".sha512", SUM_SHA512 }, { ".sha512sum", SUM_SHA512 },
	{ ".sha384", SUM_SHA384 }, { ".md5sum", SUM_MD5 },
};

bool
sum_manifest_name(const char *base)
{
	static const char *const whole[] = {
		"SHA256SUMS", "SHA512SUMS", "SHA384SUMS", "SHA224SUMS",
		"SHA1SUMS", "MD5SUMS", "B2SUMS", "CHECKSUMS", "CHECKSUM",
		"SHA256", "SHA512", "sha256sum.txt", "sha256sums.txt",
		"sha512sum.txt", "sha512sums.txt", "SHA256SUMS.txt",
		"SHA512SUMS.txt", "CHECKSUMS.txt", "checksums.txt",
		"md5sum.txt", "md5sums.txt",
	};
	size_t i;

	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (strcasecmp(base, whole[i]) == 0)
			return true;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with_ci(base, exts[i].ext) &&
		    strlen(base) > strlen(exts[i].ext))
			return true;
	/* Fedora's "<image>-CHECKSUM". */
	return ends_with_ci(base, "-CHECKSUM");
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of the run of hex digits at p (at most n). */
static size_t
hexrun(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && hexval(p[i]) >= 0; i++)
		;
	return i;
}

static void
unhex(const char *p, size_t bytes, unsigned char *out)
{
	size_t i;

	for (i = 0; i < bytes; i++)
		out[i] = (unsigned char)(hexval(p[2 * i]) << 4 |
		    hexval(p[2 * i + 1]));
}

/* The algorithm a GNU-layout digest of hexlen digits is taken to be. */
static bool
alg_by_len(const char *base, size_t hexlen, enum sum_alg *ap)
{
	switch (hexlen) {
	case 32: *ap = SUM_MD5; return true;
	case 40: *ap = SUM_SHA1; return true;
	case 56: *ap = SUM_SHA224; return true;
	case 64: *ap = SUM_SHA256; return true;
	case 96: *ap = SUM_SHA384; return true;
	case 128:
		*ap = strncasecmp(base, "B2", 2) == 0 ? SUM_BLAKE2B512 :
		    SUM_SHA512;
		return true;
	default:
		return false;
	}
}

/* Copies a name, undoing GNU escapes when escaped; NULL when bad. */
static char *
copy_name(const char *p, size_t n, bool escaped)
{
	char *s;
	size_t i, k = 0;

	if (n == 0 || n > SUM_NAME_MAX || memchr(p, '\0', n) != NULL)
		return NULL;
	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (escaped && p[i] == '\\') {
			if (i + 1 >= n || (p[i + 1] != '\\' &&
			    p[i + 1] != 'n' && p[i + 1] != 'r')) {
				free(s);
				return NULL;
			}
			i++;
			s[k++] = p[i] == '\\' ? '\\' : p[i] == 'n' ? '\n' :
			    '\r';
		} else {
			s[k++] = p[i];
		}
	}
	s[k] = '\0';
	/* "./name" is the same file as "name". */
	while (s[0] == '.' && s[1] == '/')
		memmove(s, s + 2, strlen(s + 2) + 1);
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* "TAG (name) = hex"; coreutils' --tag escapes like the GNU layout. */
static bool
parse_bsd(const char *p, size_t n, struct sum_entry *e)
{
	const char *open, *close;
	size_t taglen, i, hl;
	bool escaped = false;

	if (n > 0 && p[0] == '\\') {
		escaped = true;
		p++;
		n--;
	}
	if ((open = memchr(p, ' ', n)) == NULL || open == p ||
	    (size_t)(open - p) + 1 >= n || open[1] != '(')
		return false;
	taglen = (size_t)(open - p);
	for (i = 0; i < SUM_NALGS; i++)
		if (strlen(algs[i].tag) == taglen &&
		    strncasecmp(p, algs[i].tag, taglen) == 0)
			break;
	if (i == SUM_NALGS)
		return false;
	e->alg = (enum sum_alg)i;
	if (n < taglen + 2 + 1 + 4 + 2 * algs[e->alg].len)
		return false;
	/* The name may hold ") = ": the digest follows the last one. */
	for (close = p + n - 4; close > open + 1; close--)
		if (memcmp(close, ") = ", 4) == 0)
			break;
	if (close <= open + 1)
		return false;
	hl = (size_t)(p + n - (close + 4));
	if (hl != 2 * algs[e->alg].len || hexrun(close + 4, hl) != hl)
		return false;
	unhex(close + 4, algs[e->alg].len, e->digest);
	return (e->name = copy_name(open + 2, (size_t)(close - open - 2),
	    escaped)) != NULL;
}

/* "hex  name", "hex *name", "hex name", "\hex  esc\\aped"; lone "hex". */
static bool
parse_gnu(const char *base, const char *p, size_t n, struct sum_entry *e)
{
	bool escaped = false;
	size_t hl, skip;
	size_t i;

	if (n > 0 && p[0] == '\\') {
		escaped = true;
		p++;
		n--;
	}
	hl = hexrun(p, n);
	if (!alg_by_len(base, hl, &e->alg))
		return false;
	unhex(p, algs[e->alg].len, e->digest);
	if (hl == n) {
		/* A lone digest names the manifest's own base file. */
		for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
			if (ends_with_ci(base, exts[i].ext) &&
			    strlen(base) > strlen(exts[i].ext))
				break;
		if (escaped || i == sizeof(exts) / sizeof(exts[0]) ||
		    exts[i].alg != e->alg)
			return false;
		return (e->name = copy_name(base, strlen(base) -
		    strlen(exts[i].ext), false)) != NULL;
	}
	if (p[hl] != ' ')
		return false;
	skip = hl + 1;
	if (skip < n && (p[skip] == ' ' || p[skip] == '*'))
		skip++;
	return (e->name = copy_name(p + skip, n - skip, escaped)) != NULL;
}

void
sum_list_release(struct sum_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
sum_parse(const char *base, const unsigned char *p, size_t n,
    struct sum_list *l)
{
	const char *s = (const char *)p, *line, *nl;
	size_t cap = 0, len, off = 0;
	unsigned long lineno = 0;
	struct sum_entry e, *grown;

	memset(l, 0, sizeof(*l));
	while (off < n) {
		line = s + off;
		nl = memchr(line, '\n', n - off);
		len = nl != NULL ? (size_t)(nl - line) : n - off;
		off += len + (nl != NULL);
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len == 0 || line[0] == '#')
			continue;
		memset(&e, 0, sizeof(e));
		e.line = lineno;
		if (!parse_bsd(line, len, &e) &&
		    !parse_gnu(base, line, len, &e)) {
			free(e.name);
			if (l->nbad < SUM_BAD_KEPT)
				l->bad[l->nbad] = lineno;
			l->nbad++;
			continue;
		}
		if (l->n == cap) {
			if (cap >= SUM_ENTRIES_MAX)
				goto fail_entry;
			cap = cap == 0 ? 16 : cap * 2;
			if ((grown = reallocarray(l->v, cap,
			    sizeof(*grown))) == NULL)
				goto fail_entry;
			l->v = grown;
		}
		l->v[l->n++] = e;
	}
	return 0;
 fail_entry:
	free(e.name);
	sum_list_release(l);
	return -1;
}
