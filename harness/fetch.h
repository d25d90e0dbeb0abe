/*
 * The one way assay touches the network: an https GET through libcurl with
 * TLS verification always on, a timeout, polite retries and an on-disk cache;
 * and a POST for the one service that needs it, a timestamp authority.
 */
#ifndef ASSAY_FETCH_H
#define ASSAY_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/probe.h"
#include "error.h"

struct assay_fetch_opts {
	bool online;		/* false: every fetch is ASSAY_ERR_OFFLINE */
	const char *cache_dir;	/* NULL: no cache */
	const char *ca_file;	/* extra trust for TLS; NULL: system store */
	unsigned timeout_seconds; /* per attempt, whole transfer */
	unsigned retries;	/* further attempts after a transient failure */
	uint64_t cache_ttl_seconds; /* a cached answer younger is used as is */
	int64_t now;		/* for the cache's age test */
};

/* Fills in defaults: offline, no cache, 30 s, 2 retries, 24 h. */
void assay_fetch_opts_init(struct assay_fetch_opts *o);

/*
 * GETs url (https only) into a new NUL-terminated buffer of at most max
 * bytes that the caller frees.  *from_cache tells whether the cache
 * answered.  A cached answer younger than the TTL is used without asking;
 * an older one is used only when the network fails.  Retries follow 5xx,
 * 429 and connection failures, with a growing pause.  ASSAY_ERR_OFFLINE
 * when not online (the cache is not consulted then), ASSAY_ERR_USAGE for a
 * URL that is not https, ASSAY_ERR_LIMIT past max, ASSAY_ERR_NOMEM, and
 * ASSAY_ERR_NET otherwise.  An older cached copy is returned only when no
 * answer came at all (connection, TLS, timeout, 5xx or 429 after every
 * retry); err then still describes the network failure.  err, lenp and
 * from_cache may be NULL.
 */
enum assay_err assay_fetch(const struct assay_fetch_opts *o, const char *url,
    size_t max, unsigned char **datap, size_t *lenp, bool *from_cache,
    struct assay_error *err);

/*
 * POSTs len bytes of body with the given Content-Type to url and returns
 * the 2xx answer as assay_fetch() does: a new NUL-terminated buffer of at
 * most max bytes that the caller frees.  Retries as assay_fetch(); never
 * cached and never redirected.  Online only (ASSAY_ERR_OFFLINE otherwise).
 *
 * Only https, with one exception: an RFC 3161 timestamp query (content
 * type "application/timestamp-query") may also be posted to an http://
 * authority.  Many public authorities speak only http, and the channel
 * protects nothing there: the query holds only a digest and a nonce, and
 * the answer is a token signed by the authority, which the caller checks
 * against its own imprint and nonce (and a verifier against the
 * authority's CA).  Any other content type to an http:// URL is
 * ASSAY_ERR_USAGE.  err and lenp may be NULL.
 */
enum assay_err assay_fetch_post(const struct assay_fetch_opts *o,
    const char *url, const char *content_type, const void *body, size_t len,
    size_t max, unsigned char **datap, size_t *lenp,
    struct assay_error *err);

/*
 * Default cache folder, which the caller frees: $XDG_CACHE_HOME/assay or
 * $HOME/.cache/assay; NULL when neither is set to an absolute path.
 */
char *assay_fetch_default_cache_dir(void);

/*
 * One look at an https URL for assay_scan_check_url() (see assay/probe.h for
 * what *out holds): TLS 1.2 or later, verification on, no redirect followed,
 * no retry, no cache.  The first bytes of the answer (at most
 * ASSAY_FETCH_CHECK_MAX) go into a new buffer the caller frees, for the
 * manifest's digest.  ASSAY_OK when an answer came or verification refused
 * the server; ASSAY_ERR_OFFLINE, ASSAY_ERR_USAGE, ASSAY_ERR_NOMEM or
 * ASSAY_ERR_NET otherwise, with out->error and err saying why.
 */
#define ASSAY_FETCH_CHECK_MAX	4096u
enum assay_err assay_fetch_check(const struct assay_fetch_opts *o,
    const char *url, struct assay_url_check *out, unsigned char **datap,
    size_t *lenp, struct assay_error *err);

#endif
