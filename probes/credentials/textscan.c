/*
 * The single-pass secret scanner.  PCRE2 runs one alternation, JIT
 * compiled, from start to end of the buffer; every candidate is checked
 * here within bounded windows (its line, capped at max_line bytes, or a
 * fixed span around a cloud key id), so the work stays linear in the
 * file's size whatever its lines look like.
 */
#include "textscan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hs/hs.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "tokens.h"

#define MAX_KEY		64u	/* bytes of an assignment's key */
#define MAX_VALUE	256u	/* bytes of an assignment's value */
#define MIN_VALUE	4u
#define AWS_WINDOW	1024u	/* bytes either side of a key id */

/*
 * The patterns.  Hyperscan runs them all in one pass and reports where
 * each match ends; the PCRE2 form (with the word borders Hyperscan cannot
 * express) then finds the exact match within maxlen bytes of that end.
 */
struct pattern {
	const char *mark;	/* names the handler */
	const char *hs;		/* Hyperscan form */
	const char *pcre;	/* PCRE2 form, exact */
	unsigned maxlen;	/* bytes a match spans at most */
	bool text_only;		/* not in binaries */
	bool caseless;
};

static const struct pattern patterns[] = {
	{ "aws", "(?:AKIA|ASIA)[A-Z2-7]{16}",
	    "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])", 20,
	    false, false },
	{ "gh", "gh[pousr]_[A-Za-z0-9]{36}",
	    "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])", 40,
	    false, false },
	{ "ghpat", "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
	    "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"
	    "(?![A-Za-z0-9])", 93, false, false },
	{ "glpat", "glpat-[A-Za-z0-9_-]{20}",
	    "(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])", 26,
	    false, false },
	{ "slack", "xox[abpors]-[0-9]{6,20}-[A-Za-z0-9-]{8,200}",
	    "(?<![A-Za-z0-9])xox[abpors]-[0-9]{6,20}-[A-Za-z0-9-]{8,200}", 232,
	    false, false },
	{ "slackapp", "xapp-[0-9]-[A-Z0-9]{6,32}-[0-9]{6,20}-[a-f0-9]{32,128}",
	    "(?<![A-Za-z0-9])xapp-[0-9]-[A-Z0-9]{6,32}-[0-9]{6,20}-"
	    "[a-f0-9]{32,128}", 192, false, false },
	{ "slackhook", "hooks\\.slack\\.com/services/T[A-Z0-9]{6,16}/"
	    "B[A-Z0-9]{6,16}/[A-Za-z0-9]{20,64}",
	    "https://hooks\\.slack\\.com/services/T[A-Z0-9]{6,16}/"
	    "B[A-Z0-9]{6,16}/[A-Za-z0-9]{20,64}", 140, false, false },
	{ "stripe", "[sr]k_live_[A-Za-z0-9]{20,247}",
	    "(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9])",
	    255, false, false },
	{ "npm", "npm_[A-Za-z0-9]{36}",
	    "(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", 40,
	    false, false },
	{ "jwt", "eyJ[A-Za-z0-9_-]{8,4096}\\.eyJ[A-Za-z0-9_-]{4,4096}\\.",
	    "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\\."
	    "eyJ[A-Za-z0-9_-]{4,4096}\\.[A-Za-z0-9_-]{0,4096}", 12300,
	    false, false },
	{ "google", "AIza[0-9A-Za-z_-]{35}",
	    "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", 39,
	    false, false },
	{ "url", "://[^\\s/:@\"'<>]{1,64}:[^\\s/@\"'<>]{1,128}@",
	    "(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,15}://"
	    "[^\\s/:@\"'<>]{1,64}:[^\\s/@\"'<>]{1,128}@", 213, true, false },
	{ "kv", "passphrase|password|passwd|pwd|secret|api_?key|auth_?key|"
	    "access_?key|token|credentials?",
	    "(?i:passphrase|password|passwd|pwd|secret|api_?key|auth_?key|"
	    "access_?key|token|credentials?)", 11, true, true },
};

#define NPATTERNS	(sizeof(patterns) / sizeof(patterns[0]))
#define MAX_EVENTS	65536u	/* match ends kept per file */
#define MAX_SPAN	12300u	/* the largest maxlen above */

struct event {
	unsigned id;
	size_t end;
};

struct cred_textscan {
	hs_database_t *text;	/* every pattern */
	hs_database_t *binary;	/* the token patterns */
	hs_scratch_t *scratch;
	pcre2_code *exact[NPATTERNS];
	pcre2_match_data *md;
	struct event *ev;	/* MAX_EVENTS, reused by every run */
};

/* State of one run. */
struct run {
	const struct cred_textscan *ts;
	const unsigned char *p;
	size_t n;
	enum cred_text_mode mode;
	size_t max_line;
	size_t hits, max_hits;
	size_t line_off;	/* line_no newlines lie before line_off */
	unsigned long line_no;
	size_t skip_to;		/* an assignment's value ends here */
	struct event *ev;
	size_t nev;
	bool ev_full;
	cred_hit_fn fn;
	void *arg;
	int stop;
};

static hs_database_t *
hs_build(bool binary)
{
	const char *expr[NPATTERNS];
	unsigned flags[NPATTERNS], ids[NPATTERNS], n = 0, i;
	hs_compile_error_t *cerr = NULL;
	hs_database_t *db = NULL;

	for (i = 0; i < NPATTERNS; i++) {
		if (binary && patterns[i].text_only)
			continue;
		expr[n] = patterns[i].hs;
		flags[n] = patterns[i].caseless ? HS_FLAG_CASELESS : 0;
		ids[n] = i;
		n++;
	}
	if (hs_compile_multi(expr, flags, ids, n, HS_MODE_BLOCK, NULL, &db,
	    &cerr) != HS_SUCCESS) {
		hs_free_compile_error(cerr);
		return NULL;
	}
	return db;
}

enum assay_err
cred_textscan_new(struct cred_textscan **tsp)
{
	struct cred_textscan *ts;
	PCRE2_SIZE off;
	size_t i;
	int err;

	*tsp = NULL;
	if ((ts = calloc(1, sizeof(*ts))) == NULL)
		return ASSAY_ERR_NOMEM;
	if ((ts->text = hs_build(false)) == NULL ||
	    (ts->binary = hs_build(true)) == NULL ||
	    hs_alloc_scratch(ts->text, &ts->scratch) != HS_SUCCESS ||
	    hs_alloc_scratch(ts->binary, &ts->scratch) != HS_SUCCESS)
		goto fail;
	for (i = 0; i < NPATTERNS; i++) {
		if ((ts->exact[i] = pcre2_compile((PCRE2_SPTR)patterns[i].pcre,
		    PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL)) == NULL)
			goto fail;
		/* Without JIT (a hardened kernel) the interpreter still works. */
		(void)pcre2_jit_compile(ts->exact[i], PCRE2_JIT_COMPLETE);
	}
	if ((ts->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (ts->ev = calloc(MAX_EVENTS, sizeof(*ts->ev))) == NULL)
		goto fail;
	*tsp = ts;
	return ASSAY_OK;
 fail:
	cred_textscan_free(ts);
	return ASSAY_ERR_INTERNAL;
}

void
cred_textscan_free(struct cred_textscan *ts)
{
	size_t i;

	if (ts == NULL)
		return;
	hs_free_scratch(ts->scratch);
	hs_free_database(ts->text);
	hs_free_database(ts->binary);
	for (i = 0; i < NPATTERNS; i++)
		pcre2_code_free(ts->exact[i]);
	pcre2_match_data_free(ts->md);
	free(ts->ev);
	free(ts);
}

static unsigned long
line_at(struct run *r, size_t off)
{
	const unsigned char *q;

	/* Hits come nearly in order; a long match can start further back. */
	if (off < r->line_off) {
		r->line_off = 0;
		r->line_no = 0;
	}
	while ((q = memchr(r->p + r->line_off, '\n', off - r->line_off))
	    != NULL) {
		r->line_no++;
		r->line_off = (size_t)(q - r->p) + 1;
	}
	r->line_off = off;
	return r->line_no + 1;
}

static void
hit(struct run *r, enum cred_hit_kind kind, const char *format,
    const char *check, size_t off, size_t len, const char *key, size_t klen)
{
	struct cred_hit h;
	size_t i;

	if (r->stop || r->hits >= r->max_hits)
		return;
	memset(&h, 0, sizeof(h));
	h.kind = kind;
	h.format = format;
	h.check = check;
	h.line = line_at(r, off);
	h.secret = r->p + off;
	h.len = len;
	for (i = 0; key != NULL && i < klen && i < sizeof(h.key) - 1; i++)
		h.key[i] = (key[i] >= 0x20 && key[i] < 0x7f) ? key[i] : '?';
	r->hits++;
	r->stop = r->fn(r->arg, &h);
}

/* ---- assignments -------------------------------------------------------- */

static bool
key_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static bool
is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* Whether needle occurs in s[0..n); the buffers here are short. */
static bool
has(const unsigned char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, needle, m) == 0)
			return true;
	return false;
}

/* Keys that name something about a secret, not the secret itself. */
static const char *const key_suffixes[] = {
	"file", "path", "url", "uri", "dir", "length", "len", "min", "max",
	"size", "timeout", "ttl", "type", "policy", "prompt", "format",
	"field", "param", "env", "var", "command", "cmd", "regex", "pattern",
	"header", "enabled", "required", "expiry", "expires", "endpoint",
	"label", "hint", "count", "age", "reset", "changed", "strength",
	"complexity", "mode", "method", "algorithm", "name", "id", "key_id",
	"store", "provider", "helper", "source", "location", "lifetime",
	"validity", "auth", "generator", "chars", "rounds", "encoding",
	"scheme", "scope", "scopes", "secretref", "ref",
};

static bool
ends_with_ci(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);

	return n >= t && strncasecmp(s + n - t, tail, t) == 0;
}

/* Values that stand for no secret at all. */
static const char *const placeholder_words[] = {
	"password", "passwd", "secret", "token", "null", "none", "nil",
	"true", "false", "undefined", "example", "redacted", "hidden",
	"required", "optional", "string", "str", "bool", "int", "yes", "no",
	"off", "on", "empty", "unset", "notset", "default", "value",
	"pass", "pwd", "apikey", "api_key", "secret_key", "your_password",
	"prompt", "ask", "disabled", "enabled", "basic", "bearer", "digest",
	"sha256", "sha512", "md5", "plain", "plaintext", "hash",
	/* nsswitch.conf sources; Perl's Config values */
	"files", "compat", "define", "undef",
};

/* Prefixes of values that look a secret up elsewhere. */
static const char *const lookup_prefixes[] = {
	"env:", "env.", "env[", "%env(", "os.environ", "os.getenv", "getenv(",
	"process.env", "system.getenv", "vault:", "secret:", "secrets.",
	"file:", "ref:", "!secret", "enc(", "{cipher}", "{{", "${", "$(",
	"#{", "<%", "{%", "%(", "@@", "your", "my_", "my-", "insert",
	"replace", "change_me_", "<", "[", "{", "$", "/", "./", "~/", "%",
	"*", "keyring:", "aws:", "arn:", "http://", "https://",
};

static bool
placeholder(const unsigned char *v, size_t n, const unsigned char *key,
    size_t klen)
{
	size_t i, w;
	bool same = true;

	if (n < MIN_VALUE || n > MAX_VALUE)
		return true;
	for (i = 1; i < n; i++)
		if (v[i] != v[0])
			same = false;
	if (same)
		return true;
	if (n == klen && strncasecmp((const char *)v, (const char *)key, n) == 0)
		return true;
	for (i = 0; i < sizeof(placeholder_words) / sizeof(placeholder_words[0]);
	    i++) {
		w = strlen(placeholder_words[i]);
		if (w == n && strncasecmp((const char *)v, placeholder_words[i],
		    n) == 0)
			return true;
	}
	for (i = 0; i < sizeof(lookup_prefixes) / sizeof(lookup_prefixes[0]);
	    i++) {
		w = strlen(lookup_prefixes[i]);
		if (n >= w && strncasecmp((const char *)v, lookup_prefixes[i],
		    w) == 0)
			return true;
	}
	/* Templating anywhere in the value, and filler words. */
	for (i = 0; i + 1 < n; i++)
		if ((v[i] == '$' && (v[i + 1] == '{' || v[i + 1] == '(')) ||
		    (v[i] == '{' && v[i + 1] == '{') ||
		    (v[i] == '%' && (v[i + 1] == 's' || v[i + 1] == '(' ||
		    v[i + 1] == 'd')) || (v[i] == '<' && v[i + 1] == '%'))
			return true;
	for (i = 0; i < n; i++)
		if (v[i] < 0x20 || v[i] == 0x7f)
			return true;
	return has(v, n, "xxx") || has(v, n, "XXX") || has(v, n, "***") ||
	    has(v, n, "...") || has(v, n, "example") || has(v, n, "placeholder");
}

/* A value that a token rule reports on its own. */
static bool
token_value(const unsigned char *v, size_t n)
{
	static const char *const heads[] = {
		"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
		"xox", "xapp-", "sk_live_", "rk_live_", "npm_", "eyJ", "AIza",
		"AKIA", "ASIA",
	};
	size_t i, w;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		w = strlen(heads[i]);
		if (n >= w && memcmp(v, heads[i], w) == 0)
			return true;
	}
	return false;
}

static bool
space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Whether the text before a key, s[0..n), is only what may come before a
 * key that starts its line: indentation, "export", a YAML "- ".
 */
static bool
line_starts_with_key(const unsigned char *s, size_t n)
{
	static const char *const words[] = { "export", "set", "readonly",
	    "declare", "local", "env" };
	size_t i = 0, j, w;

	while (i < n && (space(s[i]) || s[i] == '-'))
		i++;
	for (j = 0; j < sizeof(words) / sizeof(words[0]); j++) {
		w = strlen(words[j]);
		if (n - i > w && memcmp(s + i, words[j], w) == 0 &&
		    space(s[i + w])) {
			i += w;
			while (i < n && space(s[i]))
				i++;
			break;
		}
	}
	return i == n;
}

/*
 * A password-like keyword at [ks, ke): is it the key of an assignment with
 * a literal value on the same line?
 */
static void
assignment(struct run *r, size_t ks, size_t ke)
{
	const unsigned char *p = r->p;
	size_t ls, le, kl, kr, i, vs, ve;
	bool xml = false, quoted_key = false, colon = false;
	unsigned char q;

	/* The line, within max_line bytes either side. */
	for (ls = ks; ls > 0 && p[ls - 1] != '\n' && ks - ls <= r->max_line;
	    ls--)
		;
	for (le = ke; le < r->n && p[le] != '\n' && le - ks <= r->max_line;
	    le++)
		;
	if (ks - ls > r->max_line || le - ks > r->max_line ||
	    (ls > 0 && p[ls - 1] != '\n') || (le < r->n && p[le] != '\n'))
		return;
	if (le > ls && p[le - 1] == '\r')
		le--;
	/* The whole key around the keyword, and word boundaries. */
	for (kl = ks; kl > ls && key_char(p[kl - 1]) && ks - kl < MAX_KEY; kl--)
		;
	for (kr = ke; kr < le && key_char(p[kr]) && kr - ke < MAX_KEY; kr++)
		;
	if ((kl > ls && key_char(p[kl - 1])) || (kr < le && key_char(p[kr])))
		return;
	if (ke < le && is_lower(p[ke]))
		return;		/* "tokenizer", "passwords", "secretary" */
	if (ks > kl && is_lower(p[ks - 1]) && ke - ks < 6)
		return;		/* "dbpwd" ... short keywords need a border */
	/* "chpasswd.c", "passwd.5": a file name, not a key. */
	for (i = kr; i > ke; i--)
		if (p[i - 1] == '.')
			return;
	for (i = 0; i < sizeof(key_suffixes) / sizeof(key_suffixes[0]); i++)
		if (ends_with_ci((const char *)p + kl, kr - kl, key_suffixes[i]) &&
		    !(kr - kl == strlen(key_suffixes[i])))
			return;
	/* The delimiter. */
	i = kr;
	if (kl > ls && (p[kl - 1] == '"' || p[kl - 1] == '\'') && i < le &&
	    p[i] == p[kl - 1]) {
		quoted_key = true;
		i++;
	}
	if (kl > ls && p[kl - 1] == '<' && i < le && p[i] == '>') {
		xml = true;
		i++;
	} else {
		while (i < le && space(p[i]))
			i++;
		if (i + 1 < le && p[i] == ':' && p[i + 1] == '=')
			i += 2;
		else if (i + 1 < le && p[i] == '=' && p[i + 1] == '>')
			i += 2;
		else if (i < le && (p[i] == '=' || p[i] == ':')) {
			colon = p[i] == ':';
			i++;
		}
		else
			return;
		if (i < le && (p[i] == '=' || p[i] == ':'))
			return;		/* "==", "::" are comparisons */
		while (i < le && space(p[i]))
			i++;
	}
	if (i >= le)
		return;
	/* The value. */
	/* Backquotes run commands in shell, Perl and Ruby: not literals. */
	if (!xml && (p[i] == '"' || p[i] == '\'')) {
		q = p[i];
		vs = i + 1;
		for (ve = vs; ve < le && p[ve] != q && p[ve] != '\\'; ve++)
			;
		if (ve >= le || p[ve] != q)
			return;
	} else if (xml) {
		vs = i;
		for (ve = vs; ve < le && p[ve] != '<'; ve++)
			;
		if (ve >= le || ve + 2 > le || p[ve + 1] != '/')
			return;
	} else {
		/*
		 * Bare values only in configuration, as the line's only
		 * assignment and its last word; after a ':' only in YAML,
		 * since elsewhere "Word: text" is prose, changelogs, headers.
		 */
		if ((r->mode != CRED_TEXT_CONFIG && r->mode != CRED_TEXT_YAML) ||
		    quoted_key || !line_starts_with_key(p + ls, kl - ls) ||
		    (colon && r->mode != CRED_TEXT_YAML))
			return;
		vs = i;
		for (ve = vs; ve < le && !space(p[ve]) && p[ve] != ';' &&
		    p[ve] != ','; ve++)
			if (p[ve] == '(' || p[ve] == ')')
				return;
		for (i = ve; i < le && space(p[i]); i++)
			;
		if (i < le && p[i] != '#')
			return;
	}
	if (placeholder(p + vs, ve - vs, p + ks, ke - ks) ||
	    token_value(p + vs, ve - vs))
		return;
	hit(r, CRED_HIT_ASSIGNMENT, "password-assignment",
	    "literal value", vs, ve - vs, (const char *)p + kl, kr - kl);
	r->skip_to = ve;
}

/* ---- tokens ------------------------------------------------------------- */

static void
url_credentials(struct run *r, size_t s, size_t e)
{
	const unsigned char *p = r->p;
	size_t colon, at = e - 1, i;

	/* scheme://user:password@ : the password lies after the last ':'. */
	for (colon = at; colon > s && p[colon] != ':'; colon--)
		;
	if (colon <= s || p[colon + 1] == '/')
		return;
	for (i = s; i + 2 < e && !(p[i] == ':' && p[i + 1] == '/'); i++)
		;
	if (placeholder(p + colon + 1, at - colon - 1, NULL, 0) ||
	    colon < i + 3)
		return;
	hit(r, CRED_HIT_URL, "url-credentials", "user:password@host",
	    colon + 1, at - colon - 1, (const char *)p + i + 3, colon - i - 3);
}

static void
aws_key(struct run *r, size_t s, size_t e)
{
	size_t ws = s > AWS_WINDOW ? s - AWS_WINDOW : 0;
	size_t we = r->n - e > AWS_WINDOW ? e + AWS_WINDOW : r->n;
	size_t off;

	/* The secret is somewhere near its id, before or after it. */
	if ((off = cred_aws_secret_near(r->p + ws, s - ws)) == (size_t)-1 &&
	    (off = cred_aws_secret_near(r->p + e, we - e)) != (size_t)-1)
		off += e - ws;
	if (off != (size_t)-1)
		hit(r, CRED_HIT_CLOUD_PAIR, "aws-access-key",
		    "key id with a 40-character secret within 1 KiB", s, e - s,
		    NULL, 0);
	else
		hit(r, CRED_HIT_CLOUD_ID, "aws-access-key-id",
		    "AKIA/ASIA and 16 base32 characters", s, e - s, NULL, 0);
}

static void
token(struct run *r, const char *mark, size_t s, size_t e)
{
	const char *t = (const char *)r->p + s;
	size_t n = e - s;

	if (strcmp(mark, "aws") == 0)
		aws_key(r, s, e);
	else if (strcmp(mark, "gh") == 0) {
		if (cred_token_checksum_ok(t, n, 4))
			hit(r, CRED_HIT_TOKEN, "github-token", "crc32 checksum",
			    s, n, NULL, 0);
	} else if (strcmp(mark, "npm") == 0) {
		if (cred_token_checksum_ok(t, n, 4))
			hit(r, CRED_HIT_TOKEN, "npm-token", "crc32 checksum",
			    s, n, NULL, 0);
	} else if (strcmp(mark, "ghpat") == 0)
		hit(r, CRED_HIT_TOKEN, "github-fine-grained-token",
		    "structure (no public checksum)", s, n, NULL, 0);
	else if (strcmp(mark, "glpat") == 0)
		hit(r, CRED_HIT_TOKEN, "gitlab-token", "structure", s, n,
		    NULL, 0);
	else if (strcmp(mark, "slack") == 0 || strcmp(mark, "slackapp") == 0)
		hit(r, CRED_HIT_TOKEN, "slack-token", "structure", s, n,
		    NULL, 0);
	else if (strcmp(mark, "slackhook") == 0)
		hit(r, CRED_HIT_TOKEN, "slack-webhook", "structure", s, n,
		    NULL, 0);
	else if (strcmp(mark, "stripe") == 0)
		hit(r, CRED_HIT_TOKEN, "stripe-live-key", "structure", s, n,
		    NULL, 0);
	else if (strcmp(mark, "google") == 0)
		hit(r, CRED_HIT_TOKEN, "google-api-key", "structure", s, n,
		    NULL, 0);
	else if (strcmp(mark, "jwt") == 0) {
		if (cred_jwt_ok(t, n))
			hit(r, CRED_HIT_JWT, "jwt", "header names its alg", s, n,
			    NULL, 0);
	} else if (strcmp(mark, "url") == 0)
		url_credentials(r, s, e);
	else if (strcmp(mark, "kv") == 0 && r->mode != CRED_TEXT_BINARY)
		assignment(r, s, e);
}

static int
on_event(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	struct run *r = ctx;

	(void)from;
	(void)flags;
	if (r->nev == MAX_EVENTS) {
		r->ev_full = true;
		return 1;	/* stops this scan; the caller goes on after */
	}
	r->ev[r->nev].id = id;
	r->ev[r->nev].end = (size_t)to;
	r->nev++;
	return 0;
}

/* The exact match behind each event, in order, to its handler. */
static enum assay_err
confirm(struct run *r, size_t last_end[NPATTERNS])
{
	const struct cred_textscan *ts = r->ts;
	const struct pattern *pt;
	PCRE2_SIZE *ov;
	size_t i, ws, len;
	int rc;

	for (i = 0; i < r->nev && !r->stop && r->hits < r->max_hits; i++) {
		pt = &patterns[r->ev[i].id];
		if (r->ev[i].end <= last_end[r->ev[i].id])
			continue;
		ws = r->ev[i].end > pt->maxlen ? r->ev[i].end - pt->maxlen : 0;
		if (ws < last_end[r->ev[i].id])
			ws = last_end[r->ev[i].id];
		/* One byte past the longest match, so borders see it. */
		len = r->n - r->ev[i].end > pt->maxlen ?
		    r->ev[i].end + pt->maxlen + 1 : r->n;
		rc = pcre2_match(ts->exact[r->ev[i].id], r->p, len, ws, 0,
		    ts->md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0)
			return rc == PCRE2_ERROR_NOMEMORY ? ASSAY_ERR_NOMEM :
			    ASSAY_ERR_INTERNAL;
		ov = pcre2_get_ovector_pointer(ts->md);
		if (ov[0] >= r->ev[i].end || ov[1] <= ov[0])
			continue;
		last_end[r->ev[i].id] = ov[1];
		if (ov[0] >= r->skip_to)
			token(r, pt->mark, ov[0], ov[1]);
	}
	return ASSAY_OK;
}

enum assay_err
cred_textscan_run(const struct cred_textscan *ts, const unsigned char *p,
    size_t n, enum cred_text_mode mode, size_t max_line, size_t max_hits,
    cred_hit_fn fn, void *arg)
{
	const hs_database_t *db = mode == CRED_TEXT_BINARY ? ts->binary :
	    ts->text;
	size_t last_end[NPATTERNS], off = 0, chunk, last, i;
	enum assay_err err = ASSAY_OK;
	hs_error_t hr;
	struct run r;

	memset(&r, 0, sizeof(r));
	memset(last_end, 0, sizeof(last_end));
	r.ts = ts;
	r.p = p;
	r.n = n;
	r.mode = mode;
	r.max_line = max_line;
	r.max_hits = max_hits;
	r.fn = fn;
	r.arg = arg;
	r.ev = ts->ev;
	/*
	 * Hyperscan takes an unsigned int length, and a full event list
	 * ends its scan early: go on from the last event, in pieces.
	 */
	while (off < n && !r.stop && r.hits < r.max_hits) {
		chunk = n - off > (1u << 30) ? (1u << 30) : n - off;
		r.nev = 0;
		r.ev_full = false;
		hr = hs_scan(db, (const char *)p + off, (unsigned int)chunk, 0,
		    ts->scratch, on_event, &r);
		if (hr != HS_SUCCESS && hr != HS_SCAN_TERMINATED) {
			err = hr == HS_NOMEM ? ASSAY_ERR_NOMEM :
			    ASSAY_ERR_INTERNAL;
			break;
		}
		for (i = 0; i < r.nev; i++)
			r.ev[i].end += off;
		if ((err = confirm(&r, last_end)) != ASSAY_OK)
			break;
		if (!r.ev_full || r.nev == 0)
			off += chunk;
		else {
			/* Back by the longest match, so none is cut; go forward. */
			last = r.ev[r.nev - 1].end;
			off = last > off + MAX_SPAN ? last - MAX_SPAN : last;
		}
	}
	return err;
}

static bool
name_ends(const char *name, const char *ext)
{
	return ends_with_ci(name, strlen(name), ext);
}

enum cred_text_mode
cred_text_mode_of(const char *name, const unsigned char *p, size_t n)
{
	static const char *const source[] = {
		".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".py", ".php",
		".rb", ".go", ".java", ".kt", ".cs", ".c", ".h", ".cc", ".cpp",
		".hpp", ".pl", ".pm", ".lua", ".swift", ".rs", ".scala",
		".groovy", ".vue", ".dart", ".tcl", ".html", ".htm",
	};
	size_t head = n < 8192 ? n : 8192, i;

	if (memchr(p, '\0', head) != NULL || (n >= 4 &&
	    memcmp(p, "\177ELF", 4) == 0) || (n >= 2 && p[0] == 'M' &&
	    p[1] == 'Z'))
		return CRED_TEXT_BINARY;
	for (i = 0; i < sizeof(source) / sizeof(source[0]); i++)
		if (name_ends(name, source[i]))
			return CRED_TEXT_SOURCE;
	/* Scripts without an extension: shell reads like configuration. */
	if (name_ends(name, ".yml") || name_ends(name, ".yaml"))
		return CRED_TEXT_YAML;
	if (n > 2 && p[0] == '#' && p[1] == '!' &&
	    !has(p, head < 128 ? head : 128, "sh"))
		return CRED_TEXT_SOURCE;
	return CRED_TEXT_CONFIG;
}
