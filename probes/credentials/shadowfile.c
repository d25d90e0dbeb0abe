/*
 * One line of passwd, shadow or gshadow, parsed as glibc's and BusyBox's
 * readers do: fields split at ':', the password field classified.  Lines
 * come from hostile images: binary bytes, missing fields and absurd numbers
 * give a reason, never a crash.
 */
#include <string.h>

#include "acct.h"

#define FIELDS_MAX	9

/* Length of the UTF-8 sequence at s (at most n bytes), 0 when invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned c = s[0];
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

void
cred_sanitise(const char *s, size_t n, char *out, size_t outsz)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, k;

	if (outsz == 0)
		return;
	while (i < n) {
		k = utf8_seq(u + i, n - i);
		if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7f))) {
			if (o + 1 >= outsz)
				break;
			out[o++] = '?';
			i++;
			continue;
		}
		if (o + k >= outsz)
			break;
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
}

/* True when s[0..n) holds a control byte (tab aside) or invalid UTF-8. */
static bool
binary(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if ((k = utf8_seq(u + i, n - i)) == 0)
			return true;
		if (k == 1 && ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f))
			return true;
		i += k;
	}
	return false;
}

/* Decimal digits only, at most 19, into *v. */
static bool
number(const char *s, size_t n, uint64_t *v)
{
	size_t i;

	if (n == 0 || n > 19)
		return false;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

static enum cred_pwfield
classify(enum cred_db db, const char *p, size_t n)
{
	static const char *const lockwords[] = { "x", "LK", "NP", "NL" };
	size_t i;

	if (n == 0)
		return CRED_PW_EMPTY;
	if (db == CRED_DB_PASSWD && n == 1 && p[0] == 'x')
		return CRED_PW_SEE_SHADOW;
	/* "!" and "!!" lock; "!<hash>" is a hash locked by passwd -l. */
	if (p[0] == '!' || p[0] == '*')
		return CRED_PW_LOCKED;
	for (i = 0; i < sizeof(lockwords) / sizeof(lockwords[0]); i++)
		if (n == strlen(lockwords[i]) && memcmp(p, lockwords[i], n) == 0)
			return CRED_PW_LOCKED;
	return CRED_PW_HASH;
}

bool
cred_db_parse_line(enum cred_db db, const char *line, size_t n,
    struct cred_account *a, const char **why)
{
	const char *f[FIELDS_MAX];
	size_t flen[FIELDS_MAX], nf = 0, i, start = 0;
	uint64_t v;

	memset(a, 0, sizeof(*a));
	a->expire_day = -1;
	*why = NULL;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	if (n == 0 || line[0] == '#')
		return false;
	/* NIS compatibility entries name no local account. */
	if (line[0] == '+' || line[0] == '-')
		return false;
	if (binary(line, n)) {
		*why = "binary or control bytes";
		return false;
	}
	for (i = 0; i <= n; i++) {
		if (i == n || line[i] == ':') {
			if (nf == FIELDS_MAX) {
				*why = "too many fields";
				return false;
			}
			f[nf] = line + start;
			flen[nf] = i - start;
			nf++;
			start = i + 1;
		}
	}
	if (nf < 2 || (db == CRED_DB_PASSWD && nf < 4)) {
		*why = "too few fields";
		return false;
	}
	if (flen[0] == 0 || flen[0] > CRED_NAME_MAX ||
	    memchr(f[0], ' ', flen[0]) != NULL) {
		*why = flen[0] == 0 ? "empty name" : "bad name";
		return false;
	}
	cred_sanitise(f[0], flen[0], a->name, sizeof(a->name));
	a->pw = f[1];
	a->pwlen = flen[1];
	a->kind = classify(db, f[1], flen[1]);
	if (db == CRED_DB_PASSWD) {
		if (!number(f[2], flen[2], &v) || v > UINT32_MAX) {
			*why = "uid is not a number";
			return false;
		}
		a->has_uid = true;
		a->uid = v;
		if (nf >= 7)
			cred_sanitise(f[6], flen[6], a->shell,
			    sizeof(a->shell));
	} else if (db == CRED_DB_SHADOW && nf >= 8 && flen[7] > 0) {
		if (number(f[7], flen[7], &v) && v < INT32_MAX)
			a->expire_day = (int64_t)v;
	}
	return true;
}
