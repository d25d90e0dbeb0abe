/*
 * The update probe's configuration rules (internal to probes/update/).
 *
 *   catalogue.c  loads data/rules.json into struct upd_catalogue
 *   pathglob.c   matches the rules' file globs against entry names
 *   items.c      splits INI, deb822, YAML-ish, JSON and XML plist text
 *                into (section, key, value, line) items
 *   match.c      runs a file's rules over its text: a regex over the
 *                whole text, or a key test over its items
 *   endpoints.c  URL extraction, classification and redaction; the
 *                string scan of binaries
 *   evidence.c   findings and their evidence; endpoint lists
 *   binaries.c   update URLs in programs and libraries
 *   online.c     the --online look at https endpoints
 *   config.c     the scan: which file gets which rules
 *
 * Everything here that reads artefact bytes is bounded: UPD_TEXT_MAX bytes
 * of a file, UPD_LINE_MAX bytes of a line, PCRE2 match and depth limits.
 */
#ifndef ASSAY_UPDCONF_H
#define ASSAY_UPDCONF_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "assay/probe.h"

#define UPD_TEXT_MAX	((size_t)1 << 20)	/* bytes of a file examined */
#define UPD_LINE_MAX	4096u		/* bytes of one structured line */
#define UPD_URL_MAX	2048u		/* bytes of a URL kept */
#define UPD_SNIPPET_MAX	200u		/* bytes of matched text in evidence */

enum upd_kind {
	UPD_KIND_REGEX,		/* a PCRE2 pattern over the whole text */
	UPD_KIND_KEY,		/* a key (and value) among parsed items */
	UPD_KIND_COMMAND	/* a command word, then an option later on
				   the same (backslash-joined) shell line */
};

enum upd_syntax {
	UPD_SYN_NONE,		/* regex rules: text as it is */
	UPD_SYN_INI,		/* [section] and key = value (or key: value) */
	UPD_SYN_DEB822,		/* Field: value paragraphs */
	UPD_SYN_YAML,		/* key: value lines, nesting ignored */
	UPD_SYN_JSON,		/* scalars by their dotted path */
	UPD_SYN_PLIST,		/* XML property list <key> then value */
	UPD_SYN_COUNT
};

/* One catalogue rule (see docs/update-rules.md and data/rules.schema.json). */
struct upd_rule {
	char *id;		/* catalogue id, e.g. "apt-trusted" */
	char *channel;		/* "apt", "yum", "mender", ... */
	char **files;		/* globs, filesets expanded */
	size_t nfiles;
	enum upd_kind kind;
	enum upd_syntax syntax;
	pcre2_code *pattern;	/* regex: the pattern; key: the key name;
				   command: the command word */
	pcre2_code *option;	/* command: what must follow it */
	pcre2_code *section;	/* key: section filter; NULL: any */
	pcre2_code *value;	/* key: value filter; NULL: any */
	pcre2_code *requires;	/* the rule applies only when the file
				   matches this; NULL: always */
	bool absent;		/* fires once when nothing matches */
	bool http_only;		/* fires only for a plain-http URL to a host
				   that is not the loopback */
	char *report;		/* the assay rule id it reports as */
	enum assay_severity severity;
	char *message;		/* template with {placeholders} */
	char *why;		/* what an attacker on the network could do */
	char *fix;
};

struct upd_catalogue {
	struct upd_rule *rules;
	size_t n;
};

/*
 * Parses the catalogue from len bytes of JSON.  On failure returns
 * ASSAY_ERR_INVALID (or ASSAY_ERR_NOMEM) with a reason in why.  Free the
 * result with upd_catalogue_free().
 */
enum assay_err upd_catalogue_parse(const char *json, size_t len,
    struct upd_catalogue **catp, char *why, size_t whylen);
void upd_catalogue_free(struct upd_catalogue *cat);

/* ---- items of structured text ------------------------------------------ */

struct upd_item {
	const char *section;	/* "" outside any section */
	size_t sectionlen;
	unsigned long secno;	/* 0 before any section; INI sections and
				   deb822 paragraphs count from 1 */
	const char *key;
	size_t keylen;
	const char *value;	/* quotes and trailing comments removed */
	size_t valuelen;
	unsigned long line;	/* 1-based */
};

struct upd_items {
	struct upd_item *v;
	size_t n, cap;
	char **own;		/* strings some parsers (JSON) made */
	size_t nown, owncap;
	unsigned long bad_line;	/* first malformed line; 0: none */
	char bad_why[128];	/* what was wrong with it */
};

/*
 * Splits text (len bytes, NUL-terminated) of the given syntax into items
 * that point into text (or into items->own).  Malformed input is not an
 * error: what could be read is kept and bad_line says where it stopped
 * making sense.  ASSAY_ERR_NOMEM or ASSAY_ERR_LIMIT only.
 */
enum assay_err upd_items_parse(enum upd_syntax syn, const char *text,
    size_t len, struct upd_items *items);
void upd_items_release(struct upd_items *items);

/* ---- matching ---------------------------------------------------------- */

struct upd_hit {
	const struct upd_rule *rule;
	unsigned long line;	/* 0 for an absence */
	const char *match;	/* the matched text; NULL for an absence */
	size_t matchlen;
	const struct upd_item *item;	/* key rules: the item; else NULL */
	const char *url;	/* a URL in the match, NUL-terminated; or NULL */
};

/* Where the matcher's results go; each callback may be NULL. */
struct upd_sink {
	void *arg;
	/* A rule fired. */
	enum assay_err (*hit)(void *arg, const struct upd_hit *h);
	/* A URL a rule's match held, whether or not the rule fired. */
	enum assay_err (*url)(void *arg, const struct upd_rule *r,
	    const char *url, unsigned long line);
	/* The text could not be read as its syntax (or a limit was hit). */
	enum assay_err (*problem)(void *arg, const struct upd_rule *r,
	    unsigned long line, const char *why);
};

/*
 * Runs n rules over text (len bytes, NUL-terminated) and tells the sink.
 * Returns the first error a callback returned, or ASSAY_ERR_NOMEM.
 */
enum assay_err upd_match_text(const struct upd_rule *const *rules, size_t n,
    const char *text, size_t len, const struct upd_sink *sink);

/*
 * Expands a rule's message template: {channel} {file} {line} {key} {value}
 * {section} {url} {match}, each value cut to UPD_SNIPPET_MAX bytes and made
 * printable.  A new string the caller frees; NULL when out of memory.
 */
char *upd_message(const struct upd_hit *h, const char *file);

/* Copies at most max bytes of p, every byte outside printable ASCII as '?'. */
char *upd_printable(const char *p, size_t n, size_t max);

/*
 * True when path (an entry's name in its archive) matches glob: "**"
 * stands for any number of components, other components are fnmatch(3)
 * patterns.  A component over 255 bytes or a glob of more than 32
 * components never matches.
 */
bool upd_glob_match(const char *glob, const char *path);

/* ---- URLs and endpoints ------------------------------------------------ */

enum upd_url_class {
	UPD_URL_HTTPS,
	UPD_URL_HTTP,
	UPD_URL_IP_LITERAL,	/* host is an IP address (not loopback) */
	UPD_URL_LOOPBACK,	/* localhost, 127/8, ::1 */
	UPD_URL_OTHER		/* another scheme, or unparsable */
};

/* Name of a class: "https", "http", "ip-literal", "loopback", "other". */
const char *upd_url_class_name(enum upd_url_class c);

/*
 * Finds the first URL (scheme://...) in n bytes of p and copies it, at most
 * UPD_URL_MAX - 1 bytes, into out.  false when there is none.
 */
bool upd_url_find(const char *p, size_t n, char out[UPD_URL_MAX]);

/* Classifies a URL; *scheme_http tells whether its scheme is http. */
enum upd_url_class upd_url_classify(const char *url, bool *scheme_http,
    bool *scheme_https);

/* The URL with any user:password@ replaced by "***@" (new string). */
char *upd_url_redact(const char *url);

/*
 * The URL as it may be sent to its server: no user information, no query,
 * no fragment (new string); NULL when it is not https.
 */
char *upd_url_for_check(const char *url);

/*
 * Scans an ELF or PE file (an open descriptor) for update URLs: printable
 * runs that hold a URL and an update word.  Calls add for each URL, at most
 * max of them.  ASSAY_OK also when the file is not a binary.
 */
enum assay_err upd_binary_urls(int fd, size_t max,
    enum assay_err (*add)(void *arg, const char *url), void *arg);

/* True when the first bytes (n of them) are an ELF or PE/MZ header. */
bool upd_is_binary(const unsigned char *p, size_t n);

/* ---- the scan (config.c, evidence.c, binaries.c, online.c) -------------- */

#define UPD_FILE_ENDPOINTS_MAX	64u	/* endpoints listed per file */

struct upd_endpoint {
	char *url;		/* as found; shown only redacted */
	const char *channel;
	const struct upd_rule *rule;	/* NULL: found in a binary */
	const struct assay_entry *entry;
	unsigned long line;
};

/* A list of distinct URLs, at most max of them (the rest are dropped). */
struct upd_endpoints {
	struct upd_endpoint *v;
	size_t n, cap, max;
};

/* Adds url (copied) unless it is there already or the list is full. */
enum assay_err upd_endpoints_add(struct upd_endpoints *eps, const char *url,
    const char *channel, const struct upd_rule *rule,
    const struct assay_entry *entry, unsigned long line);
/* Frees the list's URLs and array; max is kept. */
void upd_endpoints_release(struct upd_endpoints *eps);

/*
 * Sets o[key] to n bytes of s made printable (upd_printable()); nothing
 * when s is NULL.  false when out of memory.
 */
struct json_t;
bool upd_json_text(struct json_t *o, const char *key, const char *s,
    size_t n);
/* Sets o's url (redacted), url_class and scheme members for url. */
bool upd_json_url(struct json_t *o, const char *url);

/* Reports rule at entry and line with evidence ev and message msg. */
enum assay_err upd_report(struct assay_scan *scan, const char *rule,
    const struct assay_entry *e, unsigned long line, struct json_t *ev,
    const char *msg);

/* One update.endpoint finding listing eps, all of one file; none if empty. */
enum assay_err upd_report_endpoints(struct assay_scan *scan,
    const struct assay_entry *entry, const struct upd_endpoints *eps,
    const char *channel);

/* Lists and reports the update URLs of every program and library. */
enum assay_err upd_scan_binaries(struct assay_scan *scan,
    struct upd_endpoints *all);

/* With --online, looks at each distinct https endpoint of all once. */
enum assay_err upd_check_online(struct assay_scan *scan,
    struct upd_endpoints *all);

#endif
