/* Version order per ecosystem (versions.h). */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "versions.h"

/* Digits are compared as numbers of any length, without converting. */
static int
cmp_digits(const char **ap, const char **bp)
{
	const char *a = *ap, *b = *bp, *ea, *eb;
	size_t la, lb;
	int c;

	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	for (ea = a; isdigit((unsigned char)*ea); ea++)
		;
	for (eb = b; isdigit((unsigned char)*eb); eb++)
		;
	la = (size_t)(ea - a);
	lb = (size_t)(eb - b);
	*ap = ea;
	*bp = eb;
	if (la != lb)
		return la < lb ? -1 : 1;
	c = strncmp(a, b, la);
	return c < 0 ? -1 : c > 0;
}

static unsigned long
read_number(const char **sp)
{
	const char *s = *sp;
	unsigned long n = 0;

	for (; isdigit((unsigned char)*s); s++)
		n = n > (ULONG_MAX - 9) / 10 ? ULONG_MAX : n * 10 +
		    (unsigned long)(*s - '0');
	*sp = s;
	return n;
}

/* ---- Debian and opkg: dpkg's rules --------------------------------------- */

static int
dpkg_order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c != '\0')
		return c + 256;
	return 0;
}

/* One of upstream or revision, compared the way dpkg does. */
static int
dpkg_part(const char *a, const char *ea, const char *b, const char *eb)
{
	int ca, cb, d;

	while (a < ea || b < eb) {
		while ((a < ea && !isdigit((unsigned char)*a)) ||
		    (b < eb && !isdigit((unsigned char)*b))) {
			ca = a < ea ? dpkg_order((unsigned char)*a) : 0;
			cb = b < eb ? dpkg_order((unsigned char)*b) : 0;
			if (ca != cb)
				return ca < cb ? -1 : 1;
			if (a < ea)
				a++;
			if (b < eb)
				b++;
		}
		while (a < ea && *a == '0')
			a++;
		while (b < eb && *b == '0')
			b++;
		d = 0;
		while (a < ea && isdigit((unsigned char)*a) &&
		    b < eb && isdigit((unsigned char)*b)) {
			if (d == 0)
				d = *a - *b;
			a++;
			b++;
		}
		if (a < ea && isdigit((unsigned char)*a))
			return 1;
		if (b < eb && isdigit((unsigned char)*b))
			return -1;
		if (d != 0)
			return d < 0 ? -1 : 1;
	}
	return 0;
}

struct dpkg_version {
	unsigned long epoch;
	const char *up, *up_end, *rev, *rev_end;
};

static void
dpkg_split(const char *v, struct dpkg_version *d)
{
	const char *colon = strchr(v, ':'), *dash, *end = v + strlen(v);
	const char *p;

	d->epoch = 0;
	if (colon != NULL) {
		for (p = v; p < colon && isdigit((unsigned char)*p); p++)
			;
		if (p == colon && p > v) {
			p = v;
			d->epoch = read_number(&p);
			v = colon + 1;
		}
	}
	dash = strrchr(v, '-');
	d->up = v;
	d->up_end = dash != NULL ? dash : end;
	d->rev = dash != NULL ? dash + 1 : end;
	d->rev_end = end;
}

static int
dpkg_cmp(const char *a, const char *b)
{
	struct dpkg_version da, db;
	int c;

	dpkg_split(a, &da);
	dpkg_split(b, &db);
	if (da.epoch != db.epoch)
		return da.epoch < db.epoch ? -1 : 1;
	if ((c = dpkg_part(da.up, da.up_end, db.up, db.up_end)) != 0)
		return c;
	return dpkg_part(da.rev, da.rev_end, db.rev, db.rev_end);
}

/* ---- RPM: rpmvercmp's segments ------------------------------------------ */

static int
rpm_cmp(const char *a, const char *b)
{
	const char *sa, *sb;
	size_t la, lb;
	int c;

	while (*a != '\0' || *b != '\0') {
		while (*a != '\0' && !isalnum((unsigned char)*a) &&
		    *a != '~' && *a != '^')
			a++;
		while (*b != '\0' && !isalnum((unsigned char)*b) &&
		    *b != '~' && *b != '^')
			b++;
		/* '~' sorts before anything, even the end. */
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		/* '^' sorts after the end, before anything else. */
		if (*a == '^' || *b == '^') {
			if (*a == '\0')
				return -1;
			if (*b == '\0')
				return 1;
			if (*a != '^')
				return 1;
			if (*b != '^')
				return -1;
			a++, b++;
			continue;
		}
		if (*a == '\0' || *b == '\0')
			break;
		if (isdigit((unsigned char)*a) != isdigit((unsigned char)*b))
			return isdigit((unsigned char)*a) ? 1 : -1;
		if (isdigit((unsigned char)*a)) {
			if ((c = cmp_digits(&a, &b)) != 0)
				return c;
			continue;
		}
		for (sa = a; isalpha((unsigned char)*a); a++)
			;
		for (sb = b; isalpha((unsigned char)*b); b++)
			;
		la = (size_t)(a - sa);
		lb = (size_t)(b - sb);
		c = strncmp(sa, sb, la < lb ? la : lb);
		if (c != 0)
			return c < 0 ? -1 : 1;
		if (la != lb)
			return la < lb ? -1 : 1;
	}
	if (*a == '\0' && *b == '\0')
		return 0;
	return *a == '\0' ? -1 : 1;
}

static int
rpm_evr_cmp(const char *a, const char *b)
{
	struct dpkg_version da, db;
	char ua[256], ub[256];
	size_t n;
	int c;

	/* Same shape as Debian's: [epoch:]version[-release]. */
	dpkg_split(a, &da);
	dpkg_split(b, &db);
	if (da.epoch != db.epoch)
		return da.epoch < db.epoch ? -1 : 1;
	n = (size_t)(da.up_end - da.up);
	n = n < sizeof(ua) - 1 ? n : sizeof(ua) - 1;
	memcpy(ua, da.up, n);
	ua[n] = '\0';
	n = (size_t)(db.up_end - db.up);
	n = n < sizeof(ub) - 1 ? n : sizeof(ub) - 1;
	memcpy(ub, db.up, n);
	ub[n] = '\0';
	if ((c = rpm_cmp(ua, ub)) != 0)
		return c;
	return rpm_cmp(da.rev, db.rev);
}

/* ---- Python: PEP 440 ----------------------------------------------------- */

#define PEP440_PARTS	8

struct pep440 {
	unsigned long epoch;
	unsigned long release[PEP440_PARTS];
	size_t nrelease;
	int pre_phase;		/* -1 none, 0 a, 1 b, 2 rc */
	unsigned long pre;
	bool has_post, has_dev;
	unsigned long post, dev;
};

static bool
take_word(const char **sp, const char *w)
{
	size_t n = strlen(w);

	if (strncasecmp(*sp, w, n) != 0)
		return false;
	*sp += n;
	return true;
}

static void
skip_sep(const char **sp)
{
	if (**sp == '.' || **sp == '-' || **sp == '_')
		(*sp)++;
}

static void
pep440_parse(const char *s, struct pep440 *p)
{
	const char *q;

	memset(p, 0, sizeof(*p));
	p->pre_phase = -1;
	if (*s == 'v' || *s == 'V')
		s++;
	for (q = s; isdigit((unsigned char)*q); q++)
		;
	if (*q == '!' && q > s) {
		p->epoch = read_number(&s);
		s++;
	}
	while (isdigit((unsigned char)*s)) {
		unsigned long n = read_number(&s);

		if (p->nrelease < PEP440_PARTS)
			p->release[p->nrelease++] = n;
		if (*s != '.' || !isdigit((unsigned char)s[1]))
			break;
		s++;
	}
	/* Trailing zeros do not count: 1.0 == 1.0.0. */
	while (p->nrelease > 0 && p->release[p->nrelease - 1] == 0)
		p->nrelease--;
	skip_sep(&s);
	if (take_word(&s, "alpha") || take_word(&s, "a"))
		p->pre_phase = 0;
	else if (take_word(&s, "beta") || take_word(&s, "b"))
		p->pre_phase = 1;
	else if (take_word(&s, "rc") || take_word(&s, "c") ||
	    take_word(&s, "preview") || take_word(&s, "pre"))
		p->pre_phase = 2;
	if (p->pre_phase >= 0) {
		skip_sep(&s);
		p->pre = read_number(&s);
		skip_sep(&s);
	}
	if (take_word(&s, "post") || take_word(&s, "rev") ||
	    take_word(&s, "r")) {
		p->has_post = true;
		skip_sep(&s);
		p->post = read_number(&s);
		skip_sep(&s);
	} else if (*s == '-' && isdigit((unsigned char)s[1])) {
		s++;
		p->has_post = true;
		p->post = read_number(&s);
		skip_sep(&s);
	}
	if (take_word(&s, "dev")) {
		p->has_dev = true;
		skip_sep(&s);
		p->dev = read_number(&s);
	}
}

static int
ul_cmp(unsigned long a, unsigned long b)
{
	return a < b ? -1 : a > b;
}

static int
pep440_cmp(const char *a, const char *b)
{
	struct pep440 pa, pb;
	size_t i, n;
	int c, ka, kb;

	pep440_parse(a, &pa);
	pep440_parse(b, &pb);
	if ((c = ul_cmp(pa.epoch, pb.epoch)) != 0)
		return c;
	n = pa.nrelease > pb.nrelease ? pa.nrelease : pb.nrelease;
	for (i = 0; i < n; i++) {
		c = ul_cmp(i < pa.nrelease ? pa.release[i] : 0,
		    i < pb.nrelease ? pb.release[i] : 0);
		if (c != 0)
			return c;
	}
	/*
	 * The pre-release key: a bare dev release sorts before any
	 * pre-release of its version, a final release after them all.
	 */
	ka = pa.pre_phase >= 0 ? pa.pre_phase :
	    (pa.has_dev && !pa.has_post ? -2 : 3);
	kb = pb.pre_phase >= 0 ? pb.pre_phase :
	    (pb.has_dev && !pb.has_post ? -2 : 3);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (pa.pre_phase >= 0 && (c = ul_cmp(pa.pre, pb.pre)) != 0)
		return c;
	if (pa.has_post != pb.has_post)
		return pa.has_post ? 1 : -1;
	if ((c = ul_cmp(pa.post, pb.post)) != 0)
		return c;
	if (pa.has_dev != pb.has_dev)
		return pa.has_dev ? -1 : 1;
	return ul_cmp(pa.dev, pb.dev);
}

/* ---- semantic versions and their relatives ------------------------------- */

/*
 * Qualifier ranks shared by semver pre-releases and Maven's qualifiers:
 * alpha < beta < milestone < rc < snapshot < release < sp.  An unknown
 * word ranks as a release (Guava's "-jre" is not a pre-release).
 */
static int
qualifier_rank(const char *q, size_t n)
{
	static const struct {
		const char *word;
		int rank;
	} words[] = {
		{ "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 },
		{ "milestone", 3 }, { "m", 3 }, { "rc", 4 }, { "cr", 4 },
		{ "pre", 4 }, { "preview", 4 }, { "dev", 0 },
		{ "snapshot", 5 }, { "ga", 6 }, { "final", 6 },
		{ "release", 6 }, { "sp", 7 },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == n &&
		    strncasecmp(words[i].word, q, n) == 0)
			return words[i].rank;
	return 6;
}

/* The word a qualifier starts with: "rc" of "rc1", "alpha" of "alpha-2". */
static size_t
word_len(const char *q)
{
	size_t n = 0;

	while (isalpha((unsigned char)q[n]))
		n++;
	return n;
}

static bool
is_maven(const char *eco)
{
	return strcmp(eco, "maven") == 0;
}

/* Where the pre-release part starts ('-' after the numbers), or NULL. */
static const char *
semver_pre(const char *v, const char **endp)
{
	const char *plus = strchr(v, '+'), *dash = strchr(v, '-');

	*endp = plus != NULL ? plus : v + strlen(v);
	if (dash != NULL && dash < *endp)
		return dash + 1;
	return NULL;
}

static const char *
skip_v(const char *v)
{
	return *v == 'v' || *v == 'V' ? v + 1 : v;
}

/* Dot-separated identifiers, numbers below words, as semver says. */
static int
semver_pre_cmp(const char *a, const char *ea, const char *b, const char *eb)
{
	const char *sa, *sb;
	size_t la, lb;
	int c;

	while (a < ea && b < eb) {
		sa = a;
		sb = b;
		while (a < ea && *a != '.')
			a++;
		while (b < eb && *b != '.')
			b++;
		la = (size_t)(a - sa);
		lb = (size_t)(b - sb);
		bool na = la > 0 && strspn(sa, "0123456789") >= la;
		bool nb = lb > 0 && strspn(sb, "0123456789") >= lb;
		if (na && nb) {
			if ((c = cmp_digits(&sa, &sb)) != 0)
				return c;
		} else if (na != nb) {
			return na ? -1 : 1;
		} else {
			c = qualifier_rank(sa, la) - qualifier_rank(sb, lb);
			if (c != 0)
				return c < 0 ? -1 : 1;
			c = strncmp(sa, sb, la < lb ? la : lb);
			if (c != 0)
				return c < 0 ? -1 : 1;
			if (la != lb)
				return la < lb ? -1 : 1;
		}
		if (a < ea)
			a++;
		if (b < eb)
			b++;
	}
	if (a < ea || b < eb)
		return a < ea ? 1 : -1;
	return 0;
}

static int
semver_cmp(const char *eco, const char *a, const char *b)
{
	const char *pa, *pb, *ea, *eb, *enda, *endb;
	unsigned long n;
	int c, ra, rb;

	a = skip_v(a);
	b = skip_v(b);
	pa = semver_pre(a, &ea);
	pb = semver_pre(b, &eb);
	enda = pa != NULL ? pa - 1 : ea;
	endb = pb != NULL ? pb - 1 : eb;
	/* The numeric release part, dot by dot; a missing number is 0. */
	for (;;) {
		bool da = a < enda && isdigit((unsigned char)*a);
		bool db = b < endb && isdigit((unsigned char)*b);

		if (!da && !db)
			break;
		if (da && db) {
			if ((c = cmp_digits(&a, &b)) != 0)
				return c;
		} else if (da) {
			if ((n = read_number(&a)) != 0)
				return 1;
		} else if ((n = read_number(&b)) != 0) {
			return -1;
		}
		/* Anything but a dot ends the numbers (Maven's "1.0.Final"). */
		if (a < enda && *a == '.')
			a++;
		else
			a = enda;
		if (b < endb && *b == '.')
			b++;
		else
			b = endb;
	}
	/* A pre-release sorts before its release; Maven words by rank. */
	ra = pa == NULL ? 6 : qualifier_rank(pa, word_len(pa));
	rb = pb == NULL ? 6 : qualifier_rank(pb, word_len(pb));
	if (!is_maven(eco)) {
		ra = pa == NULL ? 6 : 0;
		rb = pb == NULL ? 6 : 0;
	}
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (pa == NULL || pb == NULL)
		return 0;
	return semver_pre_cmp(pa, ea, pb, eb);
}

int
dep_version_cmp(const char *ecosystem, const char *a, const char *b)
{
	if (strcmp(ecosystem, "deb") == 0 || strcmp(ecosystem, "opkg") == 0)
		return dpkg_cmp(a, b);
	if (strcmp(ecosystem, "rpm") == 0)
		return rpm_evr_cmp(a, b);
	if (strcmp(ecosystem, "pypi") == 0)
		return pep440_cmp(a, b);
	return semver_cmp(ecosystem, a, b);
}

bool
dep_version_prerelease(const char *ecosystem, const char *v)
{
	struct pep440 p;
	const char *pre, *end;

	if (strcmp(ecosystem, "pypi") == 0) {
		pep440_parse(v, &p);
		return p.pre_phase >= 0 || p.has_dev;
	}
	if (strcmp(ecosystem, "deb") == 0 || strcmp(ecosystem, "opkg") == 0 ||
	    strcmp(ecosystem, "rpm") == 0)
		return strchr(v, '~') != NULL;
	pre = semver_pre(skip_v(v), &end);
	if (pre == NULL)
		return false;
	if (is_maven(ecosystem))
		return qualifier_rank(pre, word_len(pre)) < 6;
	return true;
}

void
dep_version_triple(const char *ecosystem, const char *v,
    unsigned long out[3])
{
	const char *colon = strchr(v, ':'), *bang = strchr(v, '!');
	size_t i;

	out[0] = out[1] = out[2] = 0;
	if (colon != NULL && (strcmp(ecosystem, "deb") == 0 ||
	    strcmp(ecosystem, "opkg") == 0 || strcmp(ecosystem, "rpm") == 0))
		v = colon + 1;
	if (bang != NULL && strcmp(ecosystem, "pypi") == 0)
		v = bang + 1;
	v = skip_v(v);
	for (i = 0; i < 3 && isdigit((unsigned char)*v); i++) {
		out[i] = read_number(&v);
		if (*v != '.')
			break;
		v++;
	}
}
