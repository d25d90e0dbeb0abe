/*
 * The accounts part of the credentials probe: account databases (passwd,
 * shadow, gshadow) and web and service password files, and the engine that
 * tries every stored hash against a list of vendor-default passwords.
 *
 *   accounts.c     the driver: finds the files, pairs passwd with shadow
 *                  per root filesystem, reports
 *   shadowfile.c   one line of passwd, shadow or gshadow
 *   hashscheme.c   a stored hash: its scheme, cost and weakness
 *   cryptguess.c   trying candidates against a hash on every core
 *   candidates.c   the password list and per-account candidates
 *   servicefiles.c htpasswd, htdigest, mosquitto and Tomcat users files
 *
 * Nothing here keeps a password in evidence: a match is stated as a salted
 * commitment and the list line it came from (cred_commitment()).
 */
#ifndef ASSAY_CRED_ACCT_H
#define ASSAY_CRED_ACCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- hash schemes (hashscheme.c) ---------------------------------------- */

enum cred_scheme {
	CRED_SCHEME_UNKNOWN = 0,	/* not a form assay knows */
	/* checked by libxcrypt's crypt_rn() */
	CRED_SCHEME_YESCRYPT,
	CRED_SCHEME_GOST_YESCRYPT,
	CRED_SCHEME_SCRYPT,
	CRED_SCHEME_BCRYPT,		/* $2a$ $2b$ $2y$ */
	CRED_SCHEME_BCRYPT_X,		/* $2x$, the sign-extension bug */
	CRED_SCHEME_SHA512CRYPT,
	CRED_SCHEME_SHA256CRYPT,
	CRED_SCHEME_SHA1CRYPT,		/* NetBSD $sha1$ */
	CRED_SCHEME_SUNMD5,
	CRED_SCHEME_MD5CRYPT,
	CRED_SCHEME_BSDICRYPT,
	CRED_SCHEME_BIGCRYPT,
	CRED_SCHEME_DESCRYPT,
	CRED_SCHEME_NT,			/* $3$ */
	/* checked by assay over OpenSSL primitives */
	CRED_SCHEME_APR1,		/* Apache's md5crypt variant */
	CRED_SCHEME_SHA1_B64,		/* {SHA}: unsalted SHA-1 */
	CRED_SCHEME_SSHA_B64,		/* {SSHA}: salted SHA-1 */
	CRED_SCHEME_MOSQ_SHA512,	/* mosquitto $6$: SHA-512(pw||salt) */
	CRED_SCHEME_MOSQ_PBKDF2,	/* mosquitto $7$: PBKDF2-HMAC-SHA512 */
	CRED_SCHEME_HTDIGEST,		/* MD5(user:realm:pw) in hex */
	CRED_SCHEME_HEX_DIGEST,		/* unsalted hex MD5/SHA-1/SHA-2 */
	CRED_SCHEME_PLAINTEXT,		/* the password itself */
	CRED_SCHEME_LAST
};

#define CRED_DIGEST_MAX	64	/* bytes: SHA-512 */
#define CRED_SALT_MAX	64	/* bytes */
#define CRED_HASH_MAX	512	/* characters of a stored hash we accept */

/* A stored hash, identified and ready to be tried. */
struct cred_hash {
	enum cred_scheme scheme;
	char text[CRED_HASH_MAX + 1];	/* as stored, NUL-terminated */
	size_t textlen;
	double cost_us;		/* estimated single-core microseconds a guess */
	uint64_t mem;		/* bytes one guess needs (memory-hard kinds) */
	const char *weak;	/* why the scheme is weak, or NULL */
	/* decoded parts for the schemes assay computes itself */
	unsigned char salt[CRED_SALT_MAX];
	size_t saltlen;
	unsigned char digest[CRED_DIGEST_MAX];
	size_t digestlen;
	uint32_t iterations;
	char prefix[CRED_HASH_MAX + 1];	/* htdigest: "user:realm:" */
};

/*
 * Identifies text[0..n) as a crypt(3) hash (shadow, passwd, gshadow,
 * htpasswd).  Returns false, with h->scheme CRED_SCHEME_UNKNOWN and *why
 * saying what is wrong, when it is not a well-formed hash of a known scheme.
 */
bool cred_hash_parse_crypt(const char *text, size_t n, struct cred_hash *h,
    const char **why);

/* The *why of cred_hash_parse_crypt() for a "$id$" it does not know. */
extern const char cred_why_unknown_scheme[];

/* The scheme's stable name ("yescrypt", "sha512crypt", ...). */
const char *cred_scheme_name(enum cred_scheme s);

/* True when libxcrypt's crypt_rn() checks the scheme. */
bool cred_scheme_uses_crypt(enum cred_scheme s);

/* ---- candidates (candidates.c) ------------------------------------------ */

#define CRED_PASSWORD_MAX	255	/* bytes of a candidate */

struct cred_candidate {
	const char *pw;		/* NUL-terminated; no embedded NUL */
	size_t len;
	unsigned long line;	/* line in the list; 0 when derived */
	const char *derivation;	/* how a derived one was made, else NULL */
};

/* The shipped list, parsed once per run. */
struct cred_list {
	char *name;		/* data file name */
	char *bytes;		/* the file, lines cut in place */
	struct cred_candidate *v;
	size_t n;
};

/*
 * Parses a password list (one entry a line; "#" starts a comment line; a
 * leading "\" escapes a "#" or "\"; empty lines and lines longer than
 * CRED_PASSWORD_MAX are skipped).  Takes bytes (malloc'd, n long, NUL after
 * it) and the name; both are owned by the list afterwards, even on failure.
 */
bool cred_list_parse(struct cred_list *l, const char *name, char *bytes,
    size_t n);
void cred_list_release(struct cred_list *l);

#define CRED_DERIVED_MAX	256	/* candidates */
#define CRED_DERIVED_LEN	64	/* bytes of one, with its NUL */
#define CRED_BASES_MAX		7	/* base words */

/* Per-account candidates: the names given and bounded variants of them. */
struct cred_derived {
	struct cred_candidate v[CRED_DERIVED_MAX];
	size_t n;
	char pw[CRED_DERIVED_MAX][CRED_DERIVED_LEN];
	char how[CRED_DERIVED_MAX][48];	/* "account name, capitalised" */
};

/*
 * Fills d with base words and bounded variants of them, without
 * duplicates, in a fixed order.  bases[0] is the account (or group) name,
 * the rest product names; at most CRED_BASES_MAX are used, each at most 40
 * bytes (longer ones are skipped).  year is the scan's calendar year; year
 * suffixes run from year - 5 to year.
 */
void cred_derive(struct cred_derived *d, const char *const *bases,
    size_t nbases, int year);

/* ---- guessing (cryptguess.c) -------------------------------------------- */

struct cred_budget {
	uint64_t max_guesses;	/* per hash */
	double hash_us;		/* estimated microseconds per hash */
	double total_us;	/* what is left for the whole run */
	unsigned workers;	/* threads */
};

enum cred_guess_status {
	CRED_GUESS_MATCH,	/* candidate match matched */
	CRED_GUESS_NONE,	/* none of those tried matched */
	CRED_GUESS_TOO_COSTLY,	/* one guess costs more than the budget */
	CRED_GUESS_FAILED	/* the scheme's computation failed */
};

struct cred_guess_result {
	enum cred_guess_status status;
	size_t match;		/* index into derived then list */
	size_t tried;		/* candidates tried, in order */
	size_t total;		/* candidates there were */
	bool exhausted;		/* every candidate was tried */
	int crypt_errno;	/* when status is CRED_GUESS_FAILED */
};

/*
 * Tries derived then list candidates against h, in that order, on
 * b->workers threads, within b's bounds, and charges b->total_us with the
 * estimated work.  The match reported is the first in that order whatever
 * thread found it, so the result does not depend on timing.
 */
void cred_guess(const struct cred_hash *h, const struct cred_derived *derived,
    const struct cred_list *list, struct cred_budget *b,
    struct cred_guess_result *res);

/* Candidate i of derived then list (as cred_guess() counts them). */
const struct cred_candidate *cred_guess_candidate(
    const struct cred_derived *derived, const struct cred_list *list,
    size_t i);

/*
 * True when pw matches h; false when not or on failure (*errp gets an
 * errno when the computation failed, 0 otherwise).  scratch is a struct
 * crypt_data from cred_scratch_new(), zeroed once.
 */
bool cred_hash_check(const struct cred_hash *h, const char *pw, size_t len,
    void *scratch, int *errp);
void *cred_scratch_new(void);
void cred_scratch_free(void *scratch);

/*
 * The commitment a finding records instead of a password: salt is the
 * first 16 bytes of SHA-256("assay-credentials" NUL path NUL account), the
 * commitment SHA-256(salt || password), both in lower-case hex.  False on
 * an OpenSSL failure.
 */
bool cred_commitment(const char *path, const char *account, const char *pw,
    size_t len, char salt_hex[33], char commit_hex[65]);

/* ---- account database lines (shadowfile.c) ------------------------------ */

enum cred_db { CRED_DB_PASSWD, CRED_DB_SHADOW, CRED_DB_GSHADOW };

/* What a password field says. */
enum cred_pwfield {
	CRED_PW_EMPTY,		/* no password at all */
	CRED_PW_SEE_SHADOW,	/* passwd "x": the hash is in shadow */
	CRED_PW_LOCKED,		/* "*", "!", "!!", "!<hash>", "*LK*", ... */
	CRED_PW_HASH		/* something to try */
};

#define CRED_NAME_MAX	256

struct cred_account {
	char name[CRED_NAME_MAX + 1];	/* valid UTF-8, sanitised */
	const char *pw;			/* the field, inside the line */
	size_t pwlen;
	enum cred_pwfield kind;
	bool has_uid;
	uint64_t uid;			/* passwd only */
	char shell[CRED_NAME_MAX + 1];	/* passwd only, sanitised */
	int64_t expire_day;		/* shadow field 8; -1 when none */
};

/*
 * Parses one line (without its newline) of db.  False with *why set when
 * the line is malformed (too few fields, binary bytes, a bad name or uid);
 * blank lines and comments give false with *why NULL.
 */
bool cred_db_parse_line(enum cred_db db, const char *line, size_t n,
    struct cred_account *a, const char **why);

/*
 * Copies s[0..n) into out (size outsz) as printable UTF-8: control bytes
 * and invalid sequences become '?'; truncated to fit.
 */
void cred_sanitise(const char *s, size_t n, char *out, size_t outsz);

/* ---- service password files (servicefiles.c) ---------------------------- */

enum cred_svc {
	CRED_SVC_HTPASSWD,
	CRED_SVC_HTDIGEST,
	CRED_SVC_MOSQUITTO,
	CRED_SVC_TOMCAT,
	CRED_SVC_LAST
};

/* One credential found in a service file. */
struct cred_svc_entry {
	char user[CRED_NAME_MAX + 1];	/* sanitised */
	unsigned long line;
	struct cred_hash hash;		/* CRED_SCHEME_PLAINTEXT for clear */
	bool empty;			/* the stored password is empty */
};

/*
 * Parses one line of an htpasswd, htdigest or mosquitto file.  False with
 * *why when the line is malformed; false with *why NULL for blank lines and
 * comments.  A hash of a scheme nobody here knows gives true with
 * e->hash.scheme CRED_SCHEME_UNKNOWN.
 */
bool cred_svc_parse_line(enum cred_svc kind, const char *line, size_t n,
    struct cred_svc_entry *e, const char **why);

/*
 * Calls fn for each <user> element of a Tomcat users file (text, n bytes)
 * with its username and password attributes; at most max users.  Returns
 * the number of users seen.
 */
size_t cred_tomcat_users(const char *text, size_t n, size_t max,
    void (*fn)(void *arg, const struct cred_svc_entry *e), void *arg);

/* The kind's name as evidence states it ("htpasswd", ...). */
const char *cred_svc_name(enum cred_svc kind);

#endif
