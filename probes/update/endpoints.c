/*
 * Update endpoints: finding URLs in text and in binaries, classifying them
 * (https, http, IP literal, loopback, other), and making them safe to show
 * (no user information) or to send (nothing but scheme, host, port, path).
 *
 * Binaries are read in bounded chunks; a printable run longer than
 * RUN_MAX is cut there, so no string grows with the input.
 */
#include "updconf.h"

#include <arpa/inet.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "assay/buf.h"

#define CHUNK		(64u * 1024u)	/* bytes read at a time */
#define RUN_MIN		12u		/* shortest string looked at */
#define RUN_MAX		2048u		/* longest string kept */
#define BINARY_MAX	((uint64_t)512 << 20)	/* bytes scanned */

static const char *const class_names[] = {
	"https", "http", "ip-literal", "loopback", "other"
};

/* Words that make a URL in a binary an update URL. */
static const char *const update_words[] = {
	"update", "upgrade", "firmware", "ota", "download", "repo", "feed",
	"appcast", "release", NULL
};

const char *
upd_url_class_name(enum upd_url_class c)
{
	return class_names[c];
}

static bool
scheme_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '-' || c == '.';
}

static bool
url_char(char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '<' &&
	    c != '>' && c != '`' && c != '\\' && c != ',' && c != ']' &&
	    c != ')' && c != '|' && c != ';';
}

bool
upd_url_find(const char *p, size_t n, char out[UPD_URL_MAX])
{
	size_t i, s, e;

	for (i = 0; i + 3 < n; i++) {
		if (p[i] != ':' || p[i + 1] != '/' || p[i + 2] != '/')
			continue;
		for (s = i; s > 0 && scheme_char(p[s - 1]); s--)
			continue;
		/* A scheme starts with a letter. */
		while (s < i && !isalpha((unsigned char)p[s]))
			s++;
		if (s == i)
			continue;
		e = i + 3;
		/* An IPv6 literal host: its brackets belong to the URL. */
		if (e < n && p[e] == '[') {
			while (e < n && p[e] != ']' && url_char(p[e]))
				e++;
			if (e < n && p[e] == ']')
				e++;
		}
		for (; e < n && url_char(p[e]); e++)
			continue;
		if (e == i + 3)
			continue;
		if (e - s >= UPD_URL_MAX)
			e = s + UPD_URL_MAX - 1;
		memcpy(out, p + s, e - s);
		out[e - s] = '\0';
		return true;
	}
	return false;
}

/* Copies the host of url (lower case, no brackets) into host. */
static bool
url_host(const char *url, char *host, size_t hostlen, const char **scheme_end)
{
	const char *p, *a, *end, *at;
	size_t n, i;

	if ((p = strstr(url, "://")) == NULL)
		return false;
	*scheme_end = p;
	a = p + 3;
	end = a + strcspn(a, "/?#");
	/* user:password@ comes before the last '@' of the authority. */
	for (at = end; at > a && at[-1] != '@'; at--)
		continue;
	if (at > a)
		a = at;
	if (*a == '[') {
		a++;
		if ((p = memchr(a, ']', (size_t)(end - a))) == NULL)
			return false;
		n = (size_t)(p - a);
	} else {
		p = memchr(a, ':', (size_t)(end - a));
		n = (size_t)((p != NULL ? p : end) - a);
	}
	if (n == 0 || n >= hostlen)
		return false;
	for (i = 0; i < n; i++)
		host[i] = (char)tolower((unsigned char)a[i]);
	host[n] = '\0';
	return true;
}

enum upd_url_class
upd_url_classify(const char *url, bool *scheme_http, bool *scheme_https)
{
	unsigned char addr[16];
	const char *se;
	char host[256];
	size_t sl;

	*scheme_http = false;
	*scheme_https = false;
	if (!url_host(url, host, sizeof(host), &se))
		return UPD_URL_OTHER;
	sl = (size_t)(se - url);
	*scheme_http = sl == 4 && strncasecmp(url, "http", 4) == 0;
	*scheme_https = sl == 5 && strncasecmp(url, "https", 5) == 0;
	if (strcmp(host, "localhost") == 0 ||
	    (strlen(host) > 10 &&
	    strcmp(host + strlen(host) - 10, ".localhost") == 0) ||
	    strcmp(host, "::1") == 0 ||
	    (inet_pton(AF_INET, host, addr) == 1 && addr[0] == 127))
		return UPD_URL_LOOPBACK;
	if (inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1)
		return UPD_URL_IP_LITERAL;
	if (*scheme_https)
		return UPD_URL_HTTPS;
	if (*scheme_http)
		return UPD_URL_HTTP;
	return UPD_URL_OTHER;
}

/* Where the user information of url starts and ends; false: none. */
static bool
userinfo(const char *url, size_t *s, size_t *e)
{
	const char *p, *a, *end, *at;

	if ((p = strstr(url, "://")) == NULL)
		return false;
	a = p + 3;
	end = a + strcspn(a, "/?#");
	for (at = end; at > a && at[-1] != '@'; at--)
		continue;
	if (at == a)
		return false;
	*s = (size_t)(a - url);
	*e = (size_t)(at - url);
	return true;
}

char *
upd_url_redact(const char *url)
{
	struct assay_buf b = ASSAY_BUF_INIT(UPD_URL_MAX + 8);
	size_t s, e;

	if (!userinfo(url, &s, &e))
		return strdup(url);
	if (assay_buf_add(&b, url, s) != ASSAY_OK ||
	    assay_buf_add(&b, "***@", 4) != ASSAY_OK ||
	    assay_buf_add(&b, url + e, strlen(url + e)) != ASSAY_OK) {
		assay_buf_release(&b);
		return NULL;
	}
	return assay_buf_detach(&b, NULL);
}

char *
upd_url_for_check(const char *url)
{
	bool http, https;
	size_t s = 0, e = 0, n;
	char *out;

	(void)upd_url_classify(url, &http, &https);
	if (!https)
		return NULL;
	if (!userinfo(url, &s, &e))
		s = e = 0;
	n = strcspn(url, "?#");
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	if (e > s && e <= n) {
		memcpy(out, url, s);
		memcpy(out + s, url + e, n - e);
		out[s + n - e] = '\0';
	} else {
		memcpy(out, url, n);
		out[n] = '\0';
	}
	return out;
}

bool
upd_is_binary(const unsigned char *p, size_t n)
{
	return (n >= 4 && memcmp(p, "\177ELF", 4) == 0) ||
	    (n >= 2 && p[0] == 'M' && p[1] == 'Z');
}

static bool
has_update_word(const char *s)
{
	char low[RUN_MAX + 1];
	size_t i, n = strlen(s);

	for (i = 0; i < n && i < RUN_MAX; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (i = 0; update_words[i] != NULL; i++)
		if (strstr(low, update_words[i]) != NULL)
			return true;
	return false;
}

struct runs {
	char run[RUN_MAX + 1];
	size_t len;
	size_t found, max;
	enum assay_err (*add)(void *, const char *);
	void *arg;
};

/* A printable run ended: keep its URLs if it speaks of updates. */
static enum assay_err
run_end(struct runs *r)
{
	char url[UPD_URL_MAX];
	size_t off = 0;
	const char *p;
	enum assay_err e;

	r->run[r->len] = '\0';
	if (r->len >= RUN_MIN && (strstr(r->run, "http://") != NULL ||
	    strstr(r->run, "https://") != NULL) && has_update_word(r->run)) {
		while (r->found < r->max &&
		    upd_url_find(r->run + off, r->len - off, url)) {
			p = strstr(r->run + off, url);
			if ((e = r->add(r->arg, url)) != ASSAY_OK)
				return e;
			r->found++;
			if (p == NULL)
				break;
			off = (size_t)(p - r->run) + strlen(url);
		}
	}
	r->len = 0;
	return ASSAY_OK;
}

enum assay_err
upd_binary_urls(int fd, size_t max,
    enum assay_err (*add)(void *arg, const char *url), void *arg)
{
	unsigned char *buf = NULL;
	struct runs *r = NULL;
	enum assay_err e = ASSAY_OK;
	uint64_t off = 0;
	ssize_t got;
	size_t i;

	if ((buf = malloc(CHUNK)) == NULL || (r = calloc(1, sizeof(*r))) ==
	    NULL) {
		e = ASSAY_ERR_NOMEM;
		goto out;
	}
	r->max = max;
	r->add = add;
	r->arg = arg;
	while (off < BINARY_MAX && r->found < r->max) {
		got = pread(fd, buf, CHUNK, (off_t)off);
		if (got < 0) {
			e = ASSAY_ERR_IO;
			goto out;
		}
		if (got == 0)
			break;
		if (off == 0 && !upd_is_binary(buf, (size_t)got))
			goto out;
		for (i = 0; i < (size_t)got; i++) {
			if (buf[i] >= 0x20 && buf[i] < 0x7f) {
				if (r->len < RUN_MAX)
					r->run[r->len++] = (char)buf[i];
				continue;
			}
			if (r->len > 0 && (e = run_end(r)) != ASSAY_OK)
				goto out;
		}
		off += (uint64_t)got;
	}
	if (r->len > 0)
		e = run_end(r);
 out:
	free(r);
	free(buf);
	return e;
}
