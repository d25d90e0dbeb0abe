/*
 * Web and service password files: Apache htpasswd (apr1, bcrypt, {SHA},
 * {SSHA}, crypt, plaintext; nginx and lighttpd read the same format),
 * htdigest, mosquitto password files ($6$ salted SHA-512 and $7$
 * PBKDF2-SHA512) and Tomcat's tomcat-users.xml (clear or digested
 * passwords).  Each parser turns one credential into a struct cred_hash that
 * cred_hash_check() can try.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "acct.h"

#define APR1_SALT_MAX	8
#define ITERATIONS_MAX	100000000u

static const char *const svc_names[CRED_SVC_LAST] = {
	[CRED_SVC_HTPASSWD] = "htpasswd",
	[CRED_SVC_HTDIGEST] = "htdigest",
	[CRED_SVC_MOSQUITTO] = "mosquitto",
	[CRED_SVC_TOMCAT] = "tomcat-users",
};

const char *
cred_svc_name(enum cred_svc kind)
{
	return (unsigned)kind < CRED_SVC_LAST ? svc_names[kind] : "unknown";
}

/* Standard base64 of s[0..n) into out (at most max bytes); -1 if bad. */
static long
b64(const char *s, size_t n, unsigned char *out, size_t max)
{
	unsigned char tmp[CRED_HASH_MAX];
	size_t pad = 0, i;
	int k;

	if (n == 0 || n % 4 != 0 || n / 4 * 3 > sizeof(tmp))
		return -1;
	if (s[n - 1] == '=')
		pad++;
	if (s[n - 2] == '=')
		pad++;
	for (i = 0; i < n - pad; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '/')
			return -1;
	k = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)n);
	if (k < 0 || (size_t)k < pad || (size_t)k - pad > max)
		return -1;
	memcpy(out, tmp, (size_t)k - pad);
	return (long)((size_t)k - pad);
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

/* Hex s[0..n) into out (at most max bytes); -1 when not even-length hex. */
static long
unhex(const char *s, size_t n, unsigned char *out, size_t max)
{
	size_t i;
	int hi, lo;

	if (n == 0 || n % 2 != 0 || n / 2 > max)
		return -1;
	for (i = 0; i < n; i += 2) {
		if ((hi = hexval(s[i])) < 0 || (lo = hexval(s[i + 1])) < 0)
			return -1;
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

static void
set_text(struct cred_hash *h, const char *s, size_t n)
{
	memcpy(h->text, s, n);
	h->text[n] = '\0';
	h->textlen = n;
}

/* A password stored as itself. */
static void
plaintext(struct cred_svc_entry *e, const char *s, size_t n)
{
	struct cred_hash *h = &e->hash;

	memset(h, 0, sizeof(*h));
	h->scheme = CRED_SCHEME_PLAINTEXT;
	set_text(h, s, n);
	h->cost_us = 0.01;
	e->empty = n == 0;
}

static bool
parse_apr1(struct cred_hash *h, const char *s, size_t n)
{
	const char *salt = s + 6, *dollar;
	size_t saltlen;

	dollar = memchr(salt, '$', n - 6);
	if (dollar == NULL)
		return false;
	saltlen = (size_t)(dollar - salt);
	if (saltlen == 0 || saltlen > APR1_SALT_MAX ||
	    (size_t)(s + n - dollar - 1) != 22)
		return false;
	memset(h, 0, sizeof(*h));
	h->scheme = CRED_SCHEME_APR1;
	set_text(h, s, n);
	memcpy(h->salt, salt, saltlen);
	h->saltlen = saltlen;
	h->cost_us = 240.0;
	h->weak = "MD5-based (apr1)";
	return true;
}

/* {SHA} and {SSHA}: base64 of the digest (and salt). */
static bool
parse_sha_b64(struct cred_hash *h, const char *s, size_t n, bool salted)
{
	unsigned char raw[20 + CRED_SALT_MAX];
	size_t skip = salted ? 6 : 5;
	long k;

	k = b64(s + skip, n - skip, raw, sizeof(raw));
	if (k < 0 || (!salted && k != 20) || (salted && (k <= 20)))
		return false;
	memset(h, 0, sizeof(*h));
	h->scheme = salted ? CRED_SCHEME_SSHA_B64 : CRED_SCHEME_SHA1_B64;
	set_text(h, s, n);
	memcpy(h->digest, raw, 20);
	h->digestlen = 20;
	if (salted) {
		h->saltlen = (size_t)k - 20;
		memcpy(h->salt, raw + 20, h->saltlen);
	}
	h->cost_us = 1.0;
	h->weak = salted ? "a single salted SHA-1" : "unsalted SHA-1";
	return true;
}

static bool
htpasswd_hash(struct cred_svc_entry *e, const char *s, size_t n,
    const char **why)
{
	const char *cwhy;

	if (n == 0) {
		plaintext(e, s, n);
		return true;
	}
	if (n > 6 && memcmp(s, "$apr1$", 6) == 0) {
		if (!parse_apr1(&e->hash, s, n)) {
			*why = "malformed apr1 hash";
			return false;
		}
		return true;
	}
	if (n > 5 && memcmp(s, "{SHA}", 5) == 0) {
		if (!parse_sha_b64(&e->hash, s, n, false)) {
			*why = "malformed {SHA} hash";
			return false;
		}
		return true;
	}
	if (n > 6 && memcmp(s, "{SSHA}", 6) == 0) {
		if (!parse_sha_b64(&e->hash, s, n, true)) {
			*why = "malformed {SSHA} hash";
			return false;
		}
		return true;
	}
	if (cred_hash_parse_crypt(s, n, &e->hash, &cwhy))
		return true;
	/* A "$id$" hash of a scheme not known here is no clear text. */
	if (s[0] == '$' && cwhy == cred_why_unknown_scheme)
		return true;
	if (s[0] == '$') {
		*why = cwhy;
		return false;
	}
	/* Anything else is what Apache on Windows reads as clear text. */
	plaintext(e, s, n);
	return true;
}

static bool
mosquitto_hash(struct cred_svc_entry *e, const char *s, size_t n,
    const char **why)
{
	struct cred_hash *h = &e->hash;
	const char *p = s + 3, *end = s + n, *d1, *d2;
	unsigned long iter = 0;
	long k;

	if (n < 3 || s[0] != '$' || (s[1] != '6' && s[1] != '7') ||
	    s[2] != '$') {
		plaintext(e, s, n);
		return true;
	}
	memset(h, 0, sizeof(*h));
	if (s[1] == '7') {
		while (p < end && *p >= '0' && *p <= '9' && iter <= ITERATIONS_MAX)
			iter = iter * 10 + (unsigned long)(*p++ - '0');
		if (p >= end || *p != '$' || iter == 0 ||
		    iter > ITERATIONS_MAX) {
			*why = "malformed mosquitto $7$ iterations";
			return false;
		}
		p++;
	}
	if ((d1 = memchr(p, '$', (size_t)(end - p))) == NULL ||
	    (d2 = memchr(d1 + 1, '$', (size_t)(end - d1 - 1))) != NULL) {
		*why = "malformed mosquitto hash";
		return false;
	}
	(void)d2;
	k = b64(p, (size_t)(d1 - p), h->salt, sizeof(h->salt));
	if (k <= 0) {
		*why = "mosquitto salt is not base64";
		return false;
	}
	h->saltlen = (size_t)k;
	k = b64(d1 + 1, (size_t)(end - d1 - 1), h->digest, sizeof(h->digest));
	if (k != 64) {
		*why = "mosquitto hash is not 64 bytes of base64";
		return false;
	}
	h->digestlen = 64;
	set_text(h, s, n);
	if (s[1] == '6') {
		h->scheme = CRED_SCHEME_MOSQ_SHA512;
		h->cost_us = 1.0;
		h->weak = "a single salted SHA-512";
	} else {
		h->scheme = CRED_SCHEME_MOSQ_PBKDF2;
		h->iterations = (uint32_t)iter;
		h->cost_us = 0.6 * (double)iter;
		if (iter < 1000)
			h->weak = "fewer than 1000 PBKDF2 iterations";
	}
	return true;
}

static bool
htdigest_hash(struct cred_svc_entry *e, const char *line, size_t n,
    const char *user_end, const char **why)
{
	struct cred_hash *h = &e->hash;
	const char *realm = user_end + 1, *c2, *end = line + n;

	if ((c2 = memchr(realm, ':', (size_t)(end - realm))) == NULL ||
	    (size_t)(c2 - line) + 1 > CRED_HASH_MAX) {
		*why = "too few fields";
		return false;
	}
	memset(h, 0, sizeof(*h));
	if (unhex(c2 + 1, (size_t)(end - c2 - 1), h->digest, 16) != 16) {
		*why = "digest is not 32 hex digits";
		return false;
	}
	h->scheme = CRED_SCHEME_HTDIGEST;
	h->digestlen = 16;
	memcpy(h->prefix, line, (size_t)(c2 - line) + 1);
	h->prefix[c2 - line + 1] = '\0';
	set_text(h, c2 + 1, (size_t)(end - c2 - 1));
	h->cost_us = 1.0;
	h->weak = "unsalted MD5 of user, realm and password";
	return true;
}

bool
cred_svc_parse_line(enum cred_svc kind, const char *line, size_t n,
    struct cred_svc_entry *e, const char **why)
{
	const char *colon, *pw, *end;
	size_t i;

	memset(e, 0, sizeof(*e));
	*why = NULL;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' ||
	    line[n - 1] == '\t'))
		n--;
	if (n == 0 || line[0] == '#')
		return false;
	for (i = 0; i < n; i++) {
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t') {
			*why = "binary or control bytes";
			return false;
		}
	}
	if ((colon = memchr(line, ':', n)) == NULL || colon == line) {
		*why = colon == NULL ? "no ':' separator" : "empty user name";
		return false;
	}
	cred_sanitise(line, (size_t)(colon - line), e->user, sizeof(e->user));
	pw = colon + 1;
	end = line + n;
	if (kind == CRED_SVC_HTDIGEST)
		return htdigest_hash(e, line, n, colon, why);
	/* nginx allows a comment after a second ':'. */
	if (kind == CRED_SVC_HTPASSWD &&
	    (end = memchr(pw, ':', (size_t)(line + n - pw))) == NULL)
		end = line + n;
	if ((size_t)(end - pw) > CRED_HASH_MAX) {
		*why = "password field too long";
		return false;
	}
	if (kind == CRED_SVC_MOSQUITTO)
		return mosquitto_hash(e, pw, (size_t)(end - pw), why);
	return htpasswd_hash(e, pw, (size_t)(end - pw), why);
}

/* ---- tomcat-users.xml --------------------------------------------------- */

/* Decodes XML attribute text s[0..n) into out; false when it is too long. */
static bool
xml_unescape(const char *s, size_t n, char *out, size_t outsz, size_t *lenp)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	size_t i = 0, o = 0, k, el;
	unsigned long cp;
	bool done;

	while (i < n) {
		if (o + 1 >= outsz)
			return false;
		done = false;
		if (s[i] == '&') {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				el = strlen(ents[k].ent);
				if (n - i >= el &&
				    memcmp(s + i, ents[k].ent, el) == 0) {
					out[o++] = ents[k].c;
					i += el;
					done = true;
					break;
				}
			}
			/* &#NN; for ASCII only; anything else stays as is. */
			if (!done && n - i > 3 && s[i + 1] == '#') {
				cp = 0;
				for (k = i + 2; k < n && k < i + 6 &&
				    s[k] >= '0' && s[k] <= '9'; k++)
					cp = cp * 10 + (unsigned long)(s[k] - '0');
				if (k < n && s[k] == ';' && k > i + 2 &&
				    cp >= 0x20 && cp < 0x7f) {
					out[o++] = (char)cp;
					i = k + 1;
					done = true;
				}
			}
		}
		if (!done)
			out[o++] = s[i++];
	}
	out[o] = '\0';
	*lenp = o;
	return true;
}

/*
 * Finds attribute name in the tag t[0..n) and decodes its value into out.
 * False when absent or too long.
 */
static bool
xml_attr(const char *t, size_t n, const char *name, char *out, size_t outsz,
    size_t *lenp)
{
	size_t nl = strlen(name), i, vstart;
	char q;

	for (i = 0; i + nl + 2 < n; i++) {
		if ((i > 0 && t[i - 1] != ' ' && t[i - 1] != '\t' &&
		    t[i - 1] != '\n' && t[i - 1] != '\r') ||
		    memcmp(t + i, name, nl) != 0)
			continue;
		vstart = i + nl;
		while (vstart < n && (t[vstart] == ' ' || t[vstart] == '\t'))
			vstart++;
		if (vstart >= n || t[vstart] != '=')
			continue;
		vstart++;
		while (vstart < n && (t[vstart] == ' ' || t[vstart] == '\t'))
			vstart++;
		if (vstart >= n || (t[vstart] != '"' && t[vstart] != '\''))
			continue;
		q = t[vstart++];
		for (i = vstart; i < n && t[i] != q; i++)
			;
		if (i >= n)
			return false;
		return xml_unescape(t + vstart, i - vstart, out, outsz, lenp);
	}
	return false;
}

/* A Tomcat password: salted or plain hex digest, else clear text. */
static void
tomcat_hash(struct cred_svc_entry *e, const char *pw, size_t n)
{
	struct cred_hash *h = &e->hash;
	const char *d1, *d2;
	unsigned long iter = 0;
	const char *p;
	long k;

	d1 = memchr(pw, '$', n);
	d2 = d1 != NULL ? memchr(d1 + 1, '$', (size_t)(pw + n - d1 - 1)) : NULL;
	memset(h, 0, sizeof(*h));
	if (d1 != NULL && d2 != NULL) {
		for (p = d1 + 1; p < d2 && *p >= '0' && *p <= '9' &&
		    iter <= ITERATIONS_MAX; p++)
			iter = iter * 10 + (unsigned long)(*p - '0');
		k = unhex(pw, (size_t)(d1 - pw), h->salt, sizeof(h->salt));
		if (p == d2 && iter > 0 && iter <= ITERATIONS_MAX && k > 0 &&
		    (h->digestlen = (size_t)unhex(d2 + 1,
		    (size_t)(pw + n - d2 - 1), h->digest,
		    sizeof(h->digest))) > 0 &&
		    (h->digestlen == 16 || h->digestlen == 20 ||
		    h->digestlen == 32 || h->digestlen == 64)) {
			h->saltlen = (size_t)k;
			h->iterations = (uint32_t)iter;
			goto digest;
		}
		memset(h, 0, sizeof(*h));
	}
	if ((n == 32 || n == 40 || n == 64 || n == 128) &&
	    unhex(pw, n, h->digest, sizeof(h->digest)) == (long)(n / 2)) {
		h->digestlen = n / 2;
		h->iterations = 1;
		goto digest;
	}
	plaintext(e, pw, n);
	return;
 digest:
	h->scheme = CRED_SCHEME_HEX_DIGEST;
	set_text(h, pw, n);
	h->cost_us = 1.0 * (double)h->iterations;
	if (h->saltlen == 0)
		h->weak = "an unsalted digest";
}

size_t
cred_tomcat_users(const char *text, size_t n, size_t max,
    void (*fn)(void *arg, const struct cred_svc_entry *e), void *arg)
{
	struct cred_svc_entry e;
	char name[CRED_NAME_MAX + 1], pw[CRED_HASH_MAX + 1];
	const char *p = text, *end = text + n, *tag, *close, *c;
	size_t seen = 0, len, pwlen;
	unsigned long line = 1;
	const char *counted = text;

	while (p < end && seen < max) {
		if ((tag = memchr(p, '<', (size_t)(end - p))) == NULL)
			break;
		/* Users inside comments are examples, not accounts. */
		if (end - tag >= 4 && memcmp(tag, "<!--", 4) == 0) {
			for (c = tag + 4; c + 3 <= end &&
			    memcmp(c, "-->", 3) != 0; c++)
				;
			p = c + 3 <= end ? c + 3 : end;
			continue;
		}
		p = tag + 1;
		if (end - tag < 6 || memcmp(tag, "<user", 5) != 0 ||
		    (tag[5] != ' ' && tag[5] != '\t' && tag[5] != '\n' &&
		    tag[5] != '\r'))
			continue;
		if ((close = memchr(tag, '>', (size_t)(end - tag))) == NULL)
			break;
		for (; counted < tag; counted++)
			if (*counted == '\n')
				line++;
		p = close + 1;
		len = (size_t)(close - tag);
		if (!xml_attr(tag, len, "username", name, sizeof(name), &pwlen) &&
		    !xml_attr(tag, len, "name", name, sizeof(name), &pwlen))
			continue;
		if (!xml_attr(tag, len, "password", pw, sizeof(pw), &pwlen))
			continue;
		memset(&e, 0, sizeof(e));
		cred_sanitise(name, strlen(name), e.user, sizeof(e.user));
		e.line = line;
		tomcat_hash(&e, pw, pwlen);
		fn(arg, &e);
		seen++;
	}
	return seen;
}
