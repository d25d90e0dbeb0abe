/*
 * The candidates tried against every hash: the shipped list of vendor
 * defaults and common weak passwords, and a bounded set of variants of the
 * account's own name and the product's names.  The order is fixed, so the
 * first match is the same on every run.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"

#define BASE_MAX	40	/* bytes of a base word we vary */
#define YEARS		6	/* year suffixes: year - 5 .. year */

void
cred_list_release(struct cred_list *l)
{
	if (l == NULL)
		return;
	free(l->name);
	free(l->bytes);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool
cred_list_parse(struct cred_list *l, const char *name, char *bytes, size_t n)
{
	struct cred_candidate *v;
	size_t i = 0, start, len, lines = 0, count = 0, cap;
	unsigned long lineno = 0;
	char *p;

	memset(l, 0, sizeof(*l));
	l->bytes = bytes;
	if ((l->name = strdup(name)) == NULL)
		return false;
	for (i = 0; i < n; i++)
		if (bytes[i] == '\n')
			lines++;
	cap = lines + 1;
	if ((l->v = calloc(cap, sizeof(*l->v))) == NULL)
		return false;
	v = l->v;
	for (i = 0; i < n;) {
		start = i;
		while (i < n && bytes[i] != '\n')
			i++;
		len = i - start;
		bytes[i < n ? i : n] = '\0';
		i++;
		lineno++;
		p = bytes + start;
		if (len > 0 && p[len - 1] == '\r')
			p[--len] = '\0';
		if (len == 0 || p[0] == '#')
			continue;
		if (p[0] == '\\' && len > 1) {
			p++;
			len--;
		}
		if (len > CRED_PASSWORD_MAX || memchr(p, '\0', len) != NULL ||
		    count >= cap)
			continue;
		v[count].pw = p;
		v[count].len = len;
		v[count].line = lineno;
		v[count].derivation = NULL;
		count++;
	}
	l->n = count;
	return true;
}

/* Adds s (len bytes) unless it is empty, too long or already there. */
static void
add(struct cred_derived *d, const char *s, size_t len, const char *base,
    const char *how)
{
	size_t i;
	int k;

	if (len == 0 || len >= CRED_DERIVED_LEN || d->n >= CRED_DERIVED_MAX)
		return;
	for (i = 0; i < d->n; i++)
		if (d->v[i].len == len && memcmp(d->v[i].pw, s, len) == 0)
			return;
	memcpy(d->pw[d->n], s, len);
	d->pw[d->n][len] = '\0';
	k = snprintf(d->how[d->n], sizeof(d->how[d->n]), "%s, %s", base, how);
	if (k < 0 || (size_t)k >= sizeof(d->how[d->n]))
		d->how[d->n][sizeof(d->how[d->n]) - 1] = '\0';
	d->v[d->n].pw = d->pw[d->n];
	d->v[d->n].len = len;
	d->v[d->n].line = 0;
	d->v[d->n].derivation = d->how[d->n];
	d->n++;
}

/* Adds w followed by suffix. */
static void
add_suffixed(struct cred_derived *d, const char *w, size_t wlen,
    const char *suffix, const char *base, const char *how)
{
	char buf[CRED_DERIVED_LEN];
	size_t sl = strlen(suffix);

	if (wlen + sl >= sizeof(buf))
		return;
	memcpy(buf, w, wlen);
	memcpy(buf + wlen, suffix, sl);
	add(d, buf, wlen + sl, base, how);
}

static void
derive_one(struct cred_derived *d, const char *w, const char *base, int year)
{
	static const char *const suffixes[] = { "1", "12", "123", "1234",
	    "12345", "!", "@123", "#1" };
	char lower[BASE_MAX + 1], cap[BASE_MAX + 1], upper[BASE_MAX + 1];
	char rev[BASE_MAX + 1], dbl[2 * BASE_MAX + 1], how[32], yr[16];
	size_t n = strlen(w), i;
	int y, k;

	if (n == 0 || n > BASE_MAX)
		return;
	for (i = 0; i < n; i++) {
		lower[i] = (char)tolower((unsigned char)w[i]);
		upper[i] = (char)toupper((unsigned char)w[i]);
		rev[i] = w[n - 1 - i];
	}
	memcpy(cap, lower, n);
	cap[0] = upper[0];
	lower[n] = cap[n] = upper[n] = rev[n] = '\0';
	memcpy(dbl, w, n);
	memcpy(dbl + n, w, n);
	add(d, w, n, base, "as is");
	add(d, lower, n, base, "lower-case");
	add(d, cap, n, base, "capitalised");
	add(d, upper, n, base, "upper-case");
	add(d, dbl, 2 * n, base, "twice");
	add(d, rev, n, base, "reversed");
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		k = snprintf(how, sizeof(how), "+ \"%s\"", suffixes[i]);
		if (k > 0 && (size_t)k < sizeof(how))
			add_suffixed(d, lower, n, suffixes[i], base, how);
		k = snprintf(how, sizeof(how), "capitalised + \"%s\"",
		    suffixes[i]);
		if (k > 0 && (size_t)k < sizeof(how))
			add_suffixed(d, cap, n, suffixes[i], base, how);
	}
	for (y = year - YEARS + 1; y <= year; y++) {
		k = snprintf(yr, sizeof(yr), "%d", y);
		if (k <= 0 || (size_t)k >= sizeof(yr))
			continue;
		add_suffixed(d, lower, n, yr, base, "+ a year");
		add_suffixed(d, cap, n, yr, base, "capitalised + a year");
	}
}

void
cred_derive(struct cred_derived *d, const char *const *bases, size_t nbases,
    int year)
{
	char base[24];
	size_t i;
	int k;

	d->n = 0;
	for (i = 0; i < nbases && i < CRED_BASES_MAX; i++) {
		if (bases[i] == NULL)
			continue;
		if (i == 0)
			k = snprintf(base, sizeof(base), "account name");
		else
			k = snprintf(base, sizeof(base), "product name %zu", i);
		if (k < 0 || (size_t)k >= sizeof(base))
			continue;
		derive_one(d, bases[i], base, year);
	}
}
