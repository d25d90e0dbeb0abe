/*
 * A stored crypt(3) hash: which scheme it is, whether it is well formed,
 * what one guess costs and whether the scheme is weak.  The cost parameters
 * are decoded as libxcrypt decodes them, so that a hostile hash (bcrypt
 * cost 31, scrypt with N = 2^40, a billion sha512crypt rounds) is priced
 * before anything computes it.
 *
 * Costs are single-core microseconds a guess, measured with libxcrypt
 * 4.4.33 on the reference machine (docs/credentials-rules.md has the
 * table); they only need to be right within a small factor.
 */
#include <string.h>

#include "acct.h"

#define ITOA64	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/* Reference costs, microseconds. */
#define US_DES		8.0		/* one descrypt */
#define US_BSDI_ROUND	0.26		/* one bsdicrypt round */
#define US_MD5CRYPT	240.0
#define US_SUNMD5_ROUND	2.4
#define US_SHA1_ROUND	1.0
#define US_SHA256_ROUND	0.66
#define US_SHA512_ROUND	0.47
#define US_BCRYPT_UNIT	80.0		/* times 2^cost */
#define US_YES_UNIT	0.36		/* times N * r * p * (t + 1) */
#define US_SCRYPT_UNIT	0.42		/* times N * r * p */
#define US_NT		1.0

#define SHA_ROUNDS_DEFAULT	5000
#define SHA_ROUNDS_MIN		1000
#define SHA_ROUNDS_MAX		999999999

const char cred_why_unknown_scheme[] = "scheme not known";

static const char *const scheme_names[CRED_SCHEME_LAST] = {
	[CRED_SCHEME_UNKNOWN] = "unknown",
	[CRED_SCHEME_YESCRYPT] = "yescrypt",
	[CRED_SCHEME_GOST_YESCRYPT] = "gost-yescrypt",
	[CRED_SCHEME_SCRYPT] = "scrypt",
	[CRED_SCHEME_BCRYPT] = "bcrypt",
	[CRED_SCHEME_BCRYPT_X] = "bcrypt-x",
	[CRED_SCHEME_SHA512CRYPT] = "sha512crypt",
	[CRED_SCHEME_SHA256CRYPT] = "sha256crypt",
	[CRED_SCHEME_SHA1CRYPT] = "sha1crypt",
	[CRED_SCHEME_SUNMD5] = "sunmd5",
	[CRED_SCHEME_MD5CRYPT] = "md5crypt",
	[CRED_SCHEME_BSDICRYPT] = "bsdicrypt",
	[CRED_SCHEME_BIGCRYPT] = "bigcrypt",
	[CRED_SCHEME_DESCRYPT] = "descrypt",
	[CRED_SCHEME_NT] = "nt",
	[CRED_SCHEME_APR1] = "apr1",
	[CRED_SCHEME_SHA1_B64] = "sha1",
	[CRED_SCHEME_SSHA_B64] = "ssha",
	[CRED_SCHEME_MOSQ_SHA512] = "mosquitto-sha512",
	[CRED_SCHEME_MOSQ_PBKDF2] = "mosquitto-pbkdf2-sha512",
	[CRED_SCHEME_HTDIGEST] = "htdigest-md5",
	[CRED_SCHEME_HEX_DIGEST] = "hex-digest",
	[CRED_SCHEME_PLAINTEXT] = "plaintext",
};

const char *
cred_scheme_name(enum cred_scheme s)
{
	if ((unsigned)s >= CRED_SCHEME_LAST)
		return "unknown";
	return scheme_names[s];
}

bool
cred_scheme_uses_crypt(enum cred_scheme s)
{
	return s >= CRED_SCHEME_YESCRYPT && s <= CRED_SCHEME_NT;
}

static int
a64(unsigned char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(ITOA64, c)) == NULL)
		return -1;
	return (int)(p - ITOA64);
}

/* True when s[0..n) is all crypt base-64 characters. */
static bool
all_a64(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a64((unsigned char)s[i]) < 0)
			return false;
	return true;
}

/* Length of the last '$'-separated part of s[0..n), the hash proper. */
static size_t
tail_len(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] != '$')
		i--;
	return n - i;
}

/* Decodes a decimal number of at most 10 digits ending at a '$'. */
static bool
decimal(const char **sp, const char *end, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;
	int digits = 0;

	while (s < end && *s >= '0' && *s <= '9' && digits < 10) {
		v = v * 10 + (uint64_t)(*s - '0');
		s++;
		digits++;
	}
	if (digits == 0 || s >= end || *s != '$')
		return false;
	*out = v;
	*sp = s + 1;
	return true;
}

/*
 * yescrypt's variable-length numbers: the first character says how many
 * more follow; each later one adds six bits.
 */
static bool
yes_number(const char **sp, const char *end, uint32_t min, uint64_t *out)
{
	const char *s = *sp;
	uint64_t start = 0, endv = 47, chars = 1, bits = 0, v;
	int c;

	if (s >= end || (c = a64((unsigned char)*s++)) < 0)
		return false;
	v = min;
	while ((uint64_t)c > endv) {
		v += (endv + 1 - start) << bits;
		start = endv + 1;
		endv = start + (62 - endv) / 2;
		chars++;
		bits += 6;
	}
	v += ((uint64_t)c - start) << bits;
	while (--chars) {
		if (s >= end || (c = a64((unsigned char)*s++)) < 0)
			return false;
		bits -= 6;
		v += (uint64_t)c << bits;
	}
	*out = v;
	*sp = s;
	return true;
}

/* Fixed-width little-endian base-64 number of 30 bits (scrypt's r, p). */
static bool
fixed30(const char **sp, const char *end, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;
	int i, c;

	for (i = 0; i < 5; i++) {
		if (s >= end || (c = a64((unsigned char)*s++)) < 0)
			return false;
		v |= (uint64_t)c << (6 * i);
	}
	*out = v;
	*sp = s;
	return true;
}

/* Prices a memory-hard hash; false when its parameters are nonsense. */
static bool
price_memory_hard(struct cred_hash *h, uint64_t nlog2, uint64_t r,
    uint64_t p, uint64_t t, double unit)
{
	double n;

	if (nlog2 < 1 || nlog2 > 63 || r < 1 || p < 1 ||
	    r * p >= (UINT64_C(1) << 30))
		return false;
	n = (double)(UINT64_C(1) << nlog2);
	h->cost_us = n * (double)r * (double)p * (double)(t + 1) * unit;
	/* 128 r N bytes; saturate rather than overflow. */
	if (nlog2 + 7 >= 64 || r > (UINT64_MAX >> (nlog2 + 7)))
		h->mem = UINT64_MAX;
	else
		h->mem = (r << (nlog2 + 7));
	return true;
}

static bool
parse_yescrypt(struct cred_hash *h, const char *s, const char *end,
    const char **why)
{
	uint64_t flavor, nlog2, r, have, p = 1, t = 0, g, nrom;

	if (!yes_number(&s, end, 0, &flavor) ||
	    !yes_number(&s, end, 1, &nlog2) || !yes_number(&s, end, 1, &r)) {
		*why = "yescrypt parameters do not decode";
		return false;
	}
	if (s < end && *s != '$') {
		if (!yes_number(&s, end, 1, &have) ||
		    ((have & 1) && !yes_number(&s, end, 2, &p)) ||
		    ((have & 2) && !yes_number(&s, end, 1, &t)) ||
		    ((have & 4) && !yes_number(&s, end, 1, &g)) ||
		    ((have & 8) && !yes_number(&s, end, 1, &nrom))) {
			*why = "yescrypt parameters do not decode";
			return false;
		}
	}
	if (s >= end || *s != '$' || flavor > 0xff) {
		*why = "yescrypt parameters do not decode";
		return false;
	}
	if (!price_memory_hard(h, nlog2, r, p, t, US_YES_UNIT)) {
		*why = "yescrypt parameters out of range";
		return false;
	}
	if (tail_len(s, (size_t)(end - s)) != 43) {
		*why = "yescrypt hash is not 43 characters";
		return false;
	}
	return true;
}

static bool
parse_scrypt(struct cred_hash *h, const char *s, const char *end,
    const char **why)
{
	uint64_t r, p;
	int nlog2;

	if (s >= end || (nlog2 = a64((unsigned char)*s++)) < 1 ||
	    !fixed30(&s, end, &r) || !fixed30(&s, end, &p)) {
		*why = "scrypt parameters do not decode";
		return false;
	}
	if (!price_memory_hard(h, (uint64_t)nlog2, r, p, 0, US_SCRYPT_UNIT)) {
		*why = "scrypt parameters out of range";
		return false;
	}
	if (memchr(s, '$', (size_t)(end - s)) == NULL ||
	    tail_len(s, (size_t)(end - s)) != 43) {
		*why = "scrypt hash is not 43 characters";
		return false;
	}
	return true;
}

static bool
parse_bcrypt(struct cred_hash *h, const char *s, const char *end,
    const char **why)
{
	unsigned cost;

	if (end - s != 3 + 53 || s[0] < '0' || s[0] > '3' || s[1] < '0' ||
	    s[1] > '9' || s[2] != '$' || !all_a64(s + 3, 53)) {
		*why = "bcrypt hash is not $2?$NN$ and 53 characters";
		return false;
	}
	cost = (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
	if (cost < 4 || cost > 31) {
		*why = "bcrypt cost out of range";
		return false;
	}
	h->cost_us = (double)(UINT64_C(1) << cost) * US_BCRYPT_UNIT;
	if (cost < 5)
		h->weak = "bcrypt cost below 5";
	return true;
}

/* sha256crypt and sha512crypt: optional rounds=N$, salt, hash. */
static bool
parse_shacrypt(struct cred_hash *h, const char *s, const char *end,
    size_t hashlen, double round_us, const char **why)
{
	uint64_t rounds = SHA_ROUNDS_DEFAULT;

	if (end - s > 7 && memcmp(s, "rounds=", 7) == 0) {
		s += 7;
		if (!decimal(&s, end, &rounds)) {
			*why = "rounds do not decode";
			return false;
		}
		if (rounds < SHA_ROUNDS_MIN)
			rounds = SHA_ROUNDS_MIN;
		if (rounds > SHA_ROUNDS_MAX)
			rounds = SHA_ROUNDS_MAX;
	}
	if (memchr(s, '$', (size_t)(end - s)) == NULL ||
	    tail_len(s, (size_t)(end - s)) != hashlen ||
	    !all_a64(end - hashlen, hashlen)) {
		*why = "hash part has the wrong length";
		return false;
	}
	h->cost_us = (double)rounds * round_us;
	if (rounds < SHA_ROUNDS_DEFAULT)
		h->weak = "fewer rounds than the default 5000";
	return true;
}

static bool
parse_bsdi(struct cred_hash *h, const char *s, size_t n, const char **why)
{
	uint64_t count = 0;
	int i, c;

	if (n != 20 || !all_a64(s + 1, 19)) {
		*why = "bsdicrypt hash is not 20 characters";
		return false;
	}
	for (i = 0; i < 4; i++) {
		c = a64((unsigned char)s[1 + i]);
		count |= (uint64_t)c << (6 * i);
	}
	if (count == 0) {
		*why = "bsdicrypt round count is zero";
		return false;
	}
	h->cost_us = (double)count * US_BSDI_ROUND;
	return true;
}

bool
cred_hash_parse_crypt(const char *text, size_t n, struct cred_hash *h,
    const char **why)
{
	const char *end = text + n, *s;
	uint64_t rounds;

	memset(h, 0, sizeof(*h));
	*why = NULL;
	if (n == 0 || n > CRED_HASH_MAX) {
		*why = n == 0 ? "empty" : "longer than any known hash";
		return false;
	}
	memcpy(h->text, text, n);
	h->text[n] = '\0';
	h->textlen = n;
	if (memchr(text, '\0', n) != NULL) {
		*why = "contains a NUL byte";
		return false;
	}
	if (n >= 3 && memcmp(text, "$y$", 3) == 0) {
		h->scheme = CRED_SCHEME_YESCRYPT;
		if (!parse_yescrypt(h, text + 3, end, why))
			goto bad;
	} else if (n >= 4 && memcmp(text, "$gy$", 4) == 0) {
		h->scheme = CRED_SCHEME_GOST_YESCRYPT;
		if (!parse_yescrypt(h, text + 4, end, why))
			goto bad;
	} else if (n >= 3 && memcmp(text, "$7$", 3) == 0) {
		h->scheme = CRED_SCHEME_SCRYPT;
		if (!parse_scrypt(h, text + 3, end, why))
			goto bad;
	} else if (n >= 4 && text[0] == '$' && text[1] == '2' &&
	    (text[2] == 'a' || text[2] == 'b' || text[2] == 'y' ||
	    text[2] == 'x') && text[3] == '$') {
		h->scheme = text[2] == 'x' ? CRED_SCHEME_BCRYPT_X :
		    CRED_SCHEME_BCRYPT;
		if (!parse_bcrypt(h, text + 4, end, why))
			goto bad;
		if (text[2] == 'x')
			h->weak = "$2x$ marks hashes made with bcrypt's "
			    "sign-extension bug";
	} else if (n >= 3 && memcmp(text, "$6$", 3) == 0) {
		h->scheme = CRED_SCHEME_SHA512CRYPT;
		if (!parse_shacrypt(h, text + 3, end, 86, US_SHA512_ROUND,
		    why))
			goto bad;
	} else if (n >= 3 && memcmp(text, "$5$", 3) == 0) {
		h->scheme = CRED_SCHEME_SHA256CRYPT;
		if (!parse_shacrypt(h, text + 3, end, 43, US_SHA256_ROUND,
		    why))
			goto bad;
	} else if (n >= 6 && memcmp(text, "$sha1$", 6) == 0) {
		h->scheme = CRED_SCHEME_SHA1CRYPT;
		s = text + 6;
		if (!decimal(&s, end, &rounds) || rounds == 0 ||
		    tail_len(s, (size_t)(end - s)) != 28) {
			*why = "sha1crypt hash does not decode";
			goto bad;
		}
		h->cost_us = (double)rounds * US_SHA1_ROUND;
		h->weak = "PBKDF1 over HMAC-SHA-1, a legacy scheme";
	} else if (n >= 5 && memcmp(text, "$md5", 4) == 0 &&
	    (text[4] == '$' || text[4] == ',')) {
		h->scheme = CRED_SCHEME_SUNMD5;
		rounds = 0;
		s = text + 4;
		if (end - s > 8 && memcmp(s, ",rounds=", 8) == 0) {
			s += 8;
			if (!decimal(&s, end, &rounds)) {
				*why = "SunMD5 rounds do not decode";
				goto bad;
			}
		}
		if (tail_len(text, n) != 22) {
			*why = "SunMD5 hash is not 22 characters";
			goto bad;
		}
		h->cost_us = (double)(4096 + rounds) * US_SUNMD5_ROUND;
		h->weak = "MD5-based";
	} else if (n >= 3 && memcmp(text, "$1$", 3) == 0) {
		h->scheme = CRED_SCHEME_MD5CRYPT;
		if (memchr(text + 3, '$', n - 3) == NULL ||
		    tail_len(text, n) != 22 || !all_a64(end - 22, 22)) {
			*why = "md5crypt hash is not 22 characters";
			goto bad;
		}
		h->cost_us = US_MD5CRYPT;
		h->weak = "a fixed 1000 MD5 iterations";
	} else if (n >= 4 && memcmp(text, "$3$$", 4) == 0) {
		h->scheme = CRED_SCHEME_NT;
		if (n != 4 + 32 || strspn(h->text + 4, "0123456789abcdef") != 32) {
			*why = "NT hash is not 32 hex digits";
			goto bad;
		}
		h->cost_us = US_NT;
		h->weak = "unsalted MD4 (NT hash)";
	} else if (text[0] == '_') {
		h->scheme = CRED_SCHEME_BSDICRYPT;
		if (!parse_bsdi(h, text, n, why))
			goto bad;
		h->weak = "DES-based";
	} else if (n == 13 && all_a64(text, n)) {
		h->scheme = CRED_SCHEME_DESCRYPT;
		h->cost_us = US_DES;
		h->weak = "DES-based, only 8 characters count";
	} else if (n > 13 && (n - 13) % 11 == 0 && all_a64(text, n)) {
		h->scheme = CRED_SCHEME_BIGCRYPT;
		h->cost_us = US_DES * (double)(1 + (n - 13) / 11);
		h->weak = "DES-based";
	} else {
		*why = text[0] == '$' ? cred_why_unknown_scheme :
		    "not a crypt(3) hash";
		goto bad;
	}
	return true;
 bad:
	h->scheme = CRED_SCHEME_UNKNOWN;
	return false;
}
