/*
 * The one way assay touches the network: an https GET through libcurl,
 * and a POST for the one service that needs it (an RFC 3161 timestamp
 * authority).
 *
 * Invariants: TLS peer and host-name verification are never turned off;
 * only https is spoken, after a redirect too, except that a timestamp query
 * may be posted to an http:// authority (see assay_fetch_post()); a POST is
 * never redirected or cached; no more than the caller's max bytes of an
 * answer are held; every attempt ends within the timeout; and a cache file
 * is either absent or whole, because it is written under a temporary name
 * and renamed into place.
 *
 * libcurl's global state is set up once per process, lazily, under
 * pthread_once(): curl_global_init() is not thread-safe, and doing it on
 * the first fetch keeps offline runs from ever touching it.  It is never
 * torn down, since a fetch may come at any time until exit.
 */
#include "fetch.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "assay/buf.h"
#include "assay/size.h"
#include "digest.h"
#include "fileio.h"

#ifndef ASSAY_VERSION
#error "the build defines ASSAY_VERSION"
#endif

#define FETCH_USER_AGENT	"assay/" ASSAY_VERSION
#define FETCH_MAX_REDIRECTS	5L
#define FETCH_PAUSE_FIRST	1u	/* seconds before the first retry */
#define FETCH_PAUSE_CAP		30u	/* seconds; caps Retry-After too */
#define FETCH_TIMEOUT_DEFAULT	30u	/* seconds */
#define FETCH_TIMEOUT_MAX	86400u	/* seconds; fits curl's long on ILP32 */
#define FETCH_RETRIES_DEFAULT	2u
#define FETCH_TTL_DEFAULT	(24u * 60u * 60u)	/* seconds */
#define FETCH_TSA_QUERY_TYPE	"application/timestamp-query"
#define FETCH_CONTENT_TYPE_MAX	256	/* bytes of a Content-Type header */

/* CURLOPT_MAXFILESIZE_LARGE takes max as a curl_off_t. */
_Static_assert(sizeof(curl_off_t) == sizeof(int64_t),
    "curl_off_t is 64 bits wide");

/* What became of one attempt, and so what to do next. */
enum outcome {
	OUTCOME_OK,		/* a 2xx answer, complete and within max */
	OUTCOME_RETRY,		/* transient: worth another attempt */
	OUTCOME_NETFAIL,	/* final, no answer came: a stale copy may do */
	OUTCOME_FINAL		/* final: the server said no, or a limit hit */
};

/* A POST's body and headers; NULL for a GET. */
struct post {
	const void *body;
	size_t len;
	struct curl_slist *headers;	/* Content-Type, and no Expect */
	bool allow_http;	/* a timestamp query: http:// allowed too */
};

/* State of one transfer, shared with the write callback. */
struct transfer {
	CURL *h;
	struct assay_buf body;	/* the 2xx answer so far, at most max bytes */
	bool over;		/* the answer passed max */
	bool nomem;		/* the answer could not be stored */
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void
curl_init_once(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
assay_fetch_opts_init(struct assay_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->online = false;
	o->cache_dir = NULL;
	o->ca_file = NULL;
	o->timeout_seconds = FETCH_TIMEOUT_DEFAULT;
	o->retries = FETCH_RETRIES_DEFAULT;
	o->cache_ttl_seconds = FETCH_TTL_DEFAULT;
	o->now = (int64_t)time(NULL);
}

char *
assay_fetch_default_cache_dir(void)
{
	struct assay_buf b = ASSAY_BUF_INIT(PATH_MAX);
	const char *xdg, *home;
	char *p = NULL;

	/* The XDG base-directory spec says to ignore a relative value. */
	xdg = getenv("XDG_CACHE_HOME");
	home = getenv("HOME");
	if (xdg != NULL && xdg[0] == '/') {
		if (assay_buf_addf(&b, "%s/assay", xdg) != ASSAY_OK)
			goto out;
	} else if (home != NULL && home[0] != '\0') {
		if (assay_buf_addf(&b, "%s/.cache/assay", home) != ASSAY_OK)
			goto out;
	} else
		goto out;
	p = assay_buf_detach(&b, NULL);
 out:
	assay_buf_release(&b);
	return p;
}

/*
 * Refuses anything but an absolute https URL with a host (or http too when
 * allow_http is set).
 */
static enum assay_err
check_url(const char *url, bool allow_http, struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	char *scheme = NULL, *host = NULL;
	CURLU *u = NULL;
	CURLUcode uc;

	if ((u = curl_url()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM,
		    "cannot fetch %s: out of memory", url);
		goto out;
	}
	/* Parse any scheme, so that the message can name the wrong one. */
	if ((uc = curl_url_set(u, CURLUPART_URL, url,
	    CURLU_NON_SUPPORT_SCHEME)) != CURLUE_OK) {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "cannot fetch %s: not a valid URL (%s); give an absolute "
		    "https:// address", url, curl_url_strerror(uc));
		goto out;
	}
	if ((uc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0)) !=
	    CURLUE_OK) {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "cannot fetch %s: the URL has no scheme (%s); give an "
		    "https:// address", url, curl_url_strerror(uc));
		goto out;
	}
	/* curl lower-cases the scheme, so "HTTPS://" is accepted too. */
	if (strcmp(scheme, "https") != 0 &&
	    !(allow_http && strcmp(scheme, "http") == 0)) {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "cannot fetch %s: only https URLs are allowed, not %s; "
		    "give an https:// address", url, scheme);
		goto out;
	}
	if ((uc = curl_url_get(u, CURLUPART_HOST, &host, 0)) != CURLUE_OK ||
	    host[0] == '\0') {
		r = assay_seterr(err, ASSAY_ERR_USAGE,
		    "cannot fetch %s: the URL names no host; give an "
		    "https://host/path address", url);
		goto out;
	}
	r = ASSAY_OK;
 out:
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return r;
}

/* Lower-case hex SHA-256 of the URL: a file name that cannot escape. */
static enum assay_err
cache_key(const char *url, char key[2 * 32 + 1], struct assay_error *err)
{
	if (!assay_sha256_hex(url, strlen(url), key))
		return assay_seterr_crypto(err, "cannot hash the URL for the "
		    "fetch cache");
	return ASSAY_OK;
}

/*
 * Reads the cached answer at path into out if it is a regular file of at
 * most max bytes; *fresh tells whether it is younger than the TTL.  Any
 * problem is a miss (ASSAY_ERR_NOT_FOUND): the network is asked instead.
 */
static enum assay_err
cache_read(const struct assay_fetch_opts *o, const char *path, size_t max,
    struct assay_buf *out, bool *fresh)
{
	enum assay_err r = ASSAY_ERR_NOT_FOUND;
	struct stat st;
	int64_t age;
	int fd = -1;

	*fresh = false;
	/* O_NONBLOCK: a FIFO planted in the cache must not hang the scan. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		goto out;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (uint64_t)st.st_size > max)
		goto out;
	/* The file may have grown since fstat; out's max still holds. */
	if (assay_slurp_fd(fd, out) != ASSAY_OK)
		goto out;
	/*
	 * The file was stamped with the caller's clock when written.  An
	 * entry from after o->now was written during this run, so it counts
	 * as new rather than as of unknown age.
	 */
	if (st.st_mtime > o->now)
		age = 0;
	else
		age = o->now - (int64_t)st.st_mtime;
	*fresh = (uint64_t)age < o->cache_ttl_seconds;
	r = ASSAY_OK;
 out:
	if (r != ASSAY_OK)
		assay_buf_release(out);
	if (fd != -1)
		close(fd);
	return r;
}

/* mkdir -p with mode 0700 for the parts it creates. */
static int
make_dirs(const char *dir)
{
	struct stat st;
	char *p = NULL, *s;
	int rc = -1;

	if ((p = strdup(dir)) == NULL)
		goto out;
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST)
			goto out;
		*s = '/';
	}
	if (mkdir(p, 0700) == -1 && errno != EEXIST)
		goto out;
	if (stat(p, &st) == -1 || !S_ISDIR(st.st_mode))
		goto out;
	rc = 0;
 out:
	free(p);
	return rc;
}

/*
 * Stores an answer as <dir>/<key>, atomically: readers see the old file or
 * the new one, never a part.  The file is stamped with o->now so that the
 * age test compares times of one clock.  Returns 0 or -1; the caller goes
 * on either way, since the answer itself is good.
 */
static int
cache_write(const struct assay_fetch_opts *o, const char *key,
    const char *path, const void *p, size_t n)
{
	struct assay_buf tmp = ASSAY_BUF_INIT(PATH_MAX);
	struct timespec ts[2];
	bool created = false;
	int fd = -1, rc = -1;

	if (make_dirs(o->cache_dir) == -1)
		goto out;
	if (assay_buf_addf(&tmp, "%s/.%s.XXXXXX", o->cache_dir, key) !=
	    ASSAY_OK)
		goto out;
	if ((fd = mkstemp(tmp.data)) == -1)
		goto out;
	created = true;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		goto out;
	if (assay_write_all(fd, p, n) == -1)
		goto out;
	ts[0].tv_sec = (time_t)o->now;
	ts[0].tv_nsec = 0;
	ts[1] = ts[0];
	if (futimens(fd, ts) == -1)
		goto out;
	/* Durable before it is visible, so a crash cannot leave it empty. */
	if (fsync(fd) == -1)
		goto out;
	if (close(fd) == -1) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path) == -1)
		goto out;
	created = false;
	rc = 0;
 out:
	if (fd != -1)
		close(fd);
	if (created)
		unlink(tmp.data);
	assay_buf_release(&tmp);
	return rc;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct transfer *t = arg;
	long status = 0;
	size_t n;

	if (!assay_size_mul(&n, size, nmemb)) {
		t->over = true;
		return 0;
	}
	/*
	 * Only a 2xx body is the answer.  An error page is dropped rather
	 * than stored, so that a large one cannot pass for "too big".
	 */
	if (curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status) !=
	    CURLE_OK || status < 200 || status > 299)
		return n;
	switch (assay_buf_add(&t->body, p, n)) {
	case ASSAY_OK:
		return n;
	case ASSAY_ERR_LIMIT:
		t->over = true;
		return 0;
	default:
		t->nomem = true;
		return 0;
	}
}

/* A POST's options: never redirected, body given as is. */
static CURLcode
setup_post(CURL *h, const struct post *post)
{
	CURLcode cc;

	if (
#if LIBCURL_VERSION_NUM >= 0x075500
	    (cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
	    post->allow_http ? "http,https" : "https")) != CURLE_OK ||
#else
	    (cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS, post->allow_http ?
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) :
	    (long)CURLPROTO_HTTPS)) != CURLE_OK ||
#endif
	    (cc = curl_easy_setopt(h, CURLOPT_POST, 1L)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)post->len)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_POSTFIELDS, post->body)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_HTTPHEADER, post->headers)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L)) !=
	    CURLE_OK)
		return cc;
	return CURLE_OK;
}

/*
 * Every option of every attempt; the first failure is returned.  post is
 * NULL for a GET.
 */
static CURLcode
setup(struct transfer *t, const struct assay_fetch_opts *o, const char *url,
    size_t max, const struct post *post)
{
	unsigned secs;
	CURLcode cc;
	CURL *h = t->h;

	/* Zero means no timeout to curl; assay always has one. */
	secs = o->timeout_seconds != 0 ? o->timeout_seconds :
	    FETCH_TIMEOUT_DEFAULT;
	if (secs > FETCH_TIMEOUT_MAX)
		secs = FETCH_TIMEOUT_MAX;
	if ((cc = curl_easy_setopt(h, CURLOPT_URL, url)) != CURLE_OK ||
#if LIBCURL_VERSION_NUM >= 0x075500
	    (cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https")) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR,
	    "https")) != CURLE_OK ||
#else
	    (cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS,
	    (long)CURLPROTO_HTTPS)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
	    (long)CURLPROTO_HTTPS)) != CURLE_OK ||
#endif
	    (cc = curl_easy_setopt(h, CURLOPT_HTTPGET, 1L)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_MAXREDIRS,
	    FETCH_MAX_REDIRECTS)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)secs)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)secs)) !=
	    CURLE_OK ||
	    /* No SIGALRM for resolver timeouts: safe in threaded callers. */
	    (cc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_USERAGENT, FETCH_USER_AGENT)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_WRITEDATA, t)) != CURLE_OK ||
	    (cc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->errbuf)) !=
	    CURLE_OK)
		return cc;
	if (o->ca_file != NULL &&
	    (cc = curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_file)) != CURLE_OK)
		return cc;
	if (post != NULL && (cc = setup_post(h, post)) != CURLE_OK)
		return cc;
	/* Refuses early when Content-Length already says too much. */
	if ((uint64_t)max <= (uint64_t)INT64_MAX &&
	    (cc = curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)max)) != CURLE_OK)
		return cc;
	return CURLE_OK;
}

/* curl's own words for the failure: its error buffer, else its table. */
static const char *
why(const struct transfer *t, CURLcode cc)
{
	return t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror(cc);
}

static bool
status_transient(long status)
{
	return status == 429 || (status >= 500 && status <= 599);
}

/*
 * Sorts the result of one attempt and, unless it succeeded, records in err
 * what failed and what to do about it.  attempts counts those made so far.
 */
static enum outcome
judge(const struct transfer *t, CURLcode cc, const char *url, size_t max,
    const struct assay_fetch_opts *o, unsigned attempts,
    struct assay_error *err)
{
	long status = 0;

	if (curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status) !=
	    CURLE_OK)
		status = 0;
	if (t->nomem) {
		assay_seterr(err, ASSAY_ERR_NOMEM, "cannot fetch %s: out of "
		    "memory", url);
		return OUTCOME_FINAL;
	}
	if (t->over || (cc == CURLE_FILESIZE_EXCEEDED &&
	    !status_transient(status))) {
		assay_seterr(err, ASSAY_ERR_LIMIT, "cannot fetch %s: the "
		    "answer is larger than %zu bytes; check the URL or raise "
		    "the limit", url, max);
		return OUTCOME_FINAL;
	}
	switch (cc) {
	case CURLE_OK:
	case CURLE_FILESIZE_EXCEEDED:
		if (status >= 200 && status <= 299 && cc == CURLE_OK)
			return OUTCOME_OK;
		if (status_transient(status)) {
			assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: the "
			    "server answered HTTP %ld (after %u attempt%s); "
			    "try again later", url, status, attempts,
			    attempts == 1 ? "" : "s");
			return OUTCOME_RETRY;
		}
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: the server "
		    "answered HTTP %ld; check the URL", url, status);
		return OUTCOME_FINAL;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: %s (after "
		    "%u attempt%s); check the network connection or try "
		    "again later", url, why(t, cc), attempts,
		    attempts == 1 ? "" : "s");
		return OUTCOME_RETRY;
	case CURLE_PEER_FAILED_VERIFICATION:
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: TLS "
		    "certificate verification failed (%s); check the address, "
		    "or if the server is trusted give the CA file that issued "
		    "its certificate", url, why(t, cc));
		return OUTCOME_NETFAIL;
	case CURLE_SSL_CACERT_BADFILE:
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: cannot load "
		    "the CA certificates from %s (%s); check that the file "
		    "exists and holds PEM certificates", url,
		    o->ca_file != NULL ? o->ca_file : "the system store",
		    why(t, cc));
		return OUTCOME_NETFAIL;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_USE_SSL_FAILED:
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: TLS "
		    "handshake failed (%s); check that the server speaks https "
		    "with TLS 1.2 or later and a valid certificate", url,
		    why(t, cc));
		return OUTCOME_NETFAIL;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* check_url() let only https through: this was a redirect. */
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: refused a "
		    "redirect to a URL that is not https (%s); ask the server "
		    "owner for an https location", url, why(t, cc));
		return OUTCOME_FINAL;
	case CURLE_TOO_MANY_REDIRECTS:
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: more than "
		    "%ld redirects; check the URL", url, FETCH_MAX_REDIRECTS);
		return OUTCOME_FINAL;
	default:
		assay_seterr(err, ASSAY_ERR_NET, "cannot fetch %s: %s; check "
		    "the URL", url, why(t, cc));
		return OUTCOME_FINAL;
	}
}

static void
pause_seconds(unsigned secs)
{
	struct timespec ts, rem;

	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = 0;
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}

/*
 * Asks the network, with retries, and leaves the answer in out.  On
 * failure *netfail tells whether no usable answer came at all, so that a
 * stale cached copy may stand in, rather than a refusal by the server.
 * err must not be NULL: judge() leaves the code there.
 */
static enum assay_err
fetch_network(const struct assay_fetch_opts *o, const char *url, size_t max,
    const struct post *post, struct assay_buf *out, bool *netfail,
    struct assay_error *err)
{
	struct transfer t;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	enum outcome oc = OUTCOME_FINAL;
	curl_off_t after;
	unsigned attempt, backoff = FETCH_PAUSE_FIRST, wait;
	CURLcode cc;

	*netfail = false;
	memset(&t, 0, sizeof(t));
	t.body.max = max;
	if ((t.h = curl_easy_init()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "cannot fetch %s: "
		    "cannot create a libcurl handle", url);
		goto out;
	}
	if ((cc = setup(&t, o, url, max, post)) != CURLE_OK) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL, "cannot fetch %s: "
		    "libcurl refused an option (%s); it may be older than "
		    "7.85", url, curl_easy_strerror(cc));
		goto out;
	}
	for (attempt = 1;; attempt++) {
		assay_buf_release(&t.body);
		t.over = false;
		t.nomem = false;
		t.errbuf[0] = '\0';
		cc = curl_easy_perform(t.h);
		oc = judge(&t, cc, url, max, o, attempt, err);
		if (oc != OUTCOME_RETRY || attempt > o->retries)
			break;
		/* A server's Retry-After wins when it asks for longer. */
		wait = backoff;
		if (curl_easy_getinfo(t.h, CURLINFO_RETRY_AFTER, &after) ==
		    CURLE_OK && after > (curl_off_t)wait)
			wait = after > (curl_off_t)FETCH_PAUSE_CAP ?
			    FETCH_PAUSE_CAP : (unsigned)after;
		pause_seconds(wait);
		backoff = backoff >= FETCH_PAUSE_CAP / 2 ? FETCH_PAUSE_CAP :
		    backoff * 2;
	}
	switch (oc) {
	case OUTCOME_OK:
		*out = t.body;
		t.body.data = NULL;
		t.body.len = 0;
		t.body.cap = 0;
		r = ASSAY_OK;
		break;
	case OUTCOME_RETRY:
	case OUTCOME_NETFAIL:
		*netfail = true;
		r = err->code;
		break;
	case OUTCOME_FINAL:
		r = err->code;
		break;
	}
 out:
	assay_buf_release(&t.body);
	if (t.h != NULL)
		curl_easy_cleanup(t.h);
	return r;
}

enum assay_err
assay_fetch(const struct assay_fetch_opts *o, const char *url, size_t max,
    unsigned char **datap, size_t *lenp, bool *from_cache,
    struct assay_error *err)
{
	struct assay_buf cached = ASSAY_BUF_INIT(max);
	struct assay_buf got = ASSAY_BUF_INIT(max);
	struct assay_buf path = ASSAY_BUF_INIT(PATH_MAX);
	struct assay_error local;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	char key[2 * 32 + 1];
	bool have_cached = false, fresh = false, netfail = false;
	bool used_cache = false;
	char *p;

	if (datap != NULL)
		*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if (from_cache != NULL)
		*from_cache = false;
	/* judge() reports through err; the caller may have passed none. */
	if (err == NULL)
		err = &local;
	if (o == NULL || url == NULL || datap == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "assay_fetch: no %s "
		    "given", o == NULL ? "options" : url == NULL ? "URL" :
		    "result pointer");
		goto out;
	}
	pthread_once(&curl_once, curl_init_once);
	if (curl_init_rc != CURLE_OK) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL, "cannot fetch %s: "
		    "libcurl did not initialise (%s)", url,
		    curl_easy_strerror(curl_init_rc));
		goto out;
	}
	if ((r = check_url(url, false, err)) != ASSAY_OK)
		goto out;
	/* Offline means no answer at all, so a run cannot depend on a cache. */
	if (!o->online) {
		r = assay_seterr(err, ASSAY_ERR_OFFLINE, "cannot fetch %s: "
		    "network access is off; pass --online to allow it", url);
		goto out;
	}
	if (o->cache_dir != NULL) {
		if ((r = cache_key(url, key, err)) != ASSAY_OK)
			goto out;
		if (assay_buf_addf(&path, "%s/%s", o->cache_dir, key) !=
		    ASSAY_OK) {
			r = assay_seterr(err, ASSAY_ERR_USAGE, "cannot fetch "
			    "%s: the cache directory path %s is too long; "
			    "choose a shorter one", url, o->cache_dir);
			goto out;
		}
		have_cached = cache_read(o, path.data, max, &cached, &fresh) ==
		    ASSAY_OK;
		if (have_cached && fresh) {
			used_cache = true;
			r = ASSAY_OK;
			goto out;
		}
	}
	r = fetch_network(o, url, max, NULL, &got, &netfail, err);
	if (r == ASSAY_OK) {
		/* A cache that cannot be written costs time, not the answer. */
		if (o->cache_dir != NULL)
			(void)cache_write(o, key, path.data, got.data, got.len);
	} else if (netfail && have_cached) {
		used_cache = true;
		r = ASSAY_OK;
	}
 out:
	if (r == ASSAY_OK) {
		if ((p = assay_buf_detach(used_cache ? &cached : &got,
		    lenp)) == NULL)
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "cannot fetch "
			    "%s: out of memory", url);
		else {
			*datap = (unsigned char *)p;
			if (from_cache != NULL)
				*from_cache = used_cache;
		}
	}
	assay_buf_release(&cached);
	assay_buf_release(&got);
	assay_buf_release(&path);
	return r;
}

enum assay_err
assay_fetch_post(const struct assay_fetch_opts *o, const char *url,
    const char *content_type, const void *body, size_t len, size_t max,
    unsigned char **datap, size_t *lenp, struct assay_error *err)
{
	struct assay_buf header = ASSAY_BUF_INIT(FETCH_CONTENT_TYPE_MAX);
	struct assay_buf got = ASSAY_BUF_INIT(max);
	struct curl_slist *headers = NULL, *next;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	struct assay_error local;
	struct post post;
	bool netfail = false;
	char *p;

	if (datap != NULL)
		*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if (err == NULL)
		err = &local;
	if (o == NULL || url == NULL || content_type == NULL || datap ==
	    NULL || (body == NULL && len > 0)) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "assay_fetch_post: no "
		    "%s given", o == NULL ? "options" : url == NULL ? "URL" :
		    content_type == NULL ? "content type" : datap == NULL ?
		    "result pointer" : "body");
		goto out;
	}
	/* A header value must not smuggle in another header. */
	if (strpbrk(content_type, "\r\n") != NULL ||
	    assay_buf_addf(&header, "Content-Type: %s", content_type) !=
	    ASSAY_OK) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "cannot post to %s: "
		    "the content type is not a single short line", url);
		goto out;
	}
	pthread_once(&curl_once, curl_init_once);
	if (curl_init_rc != CURLE_OK) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL, "cannot post to %s: "
		    "libcurl did not initialise (%s)", url,
		    curl_easy_strerror(curl_init_rc));
		goto out;
	}
	post.body = body != NULL ? body : "";
	post.len = len;
	post.allow_http = strcmp(content_type, FETCH_TSA_QUERY_TYPE) == 0;
	if ((r = check_url(url, post.allow_http, err)) != ASSAY_OK)
		goto out;
	if (!o->online) {
		r = assay_seterr(err, ASSAY_ERR_OFFLINE, "cannot post to %s: "
		    "network access is off; pass --online to allow it", url);
		goto out;
	}
	/* An empty Expect: stops curl waiting for "100 Continue". */
	if ((next = curl_slist_append(headers, header.data)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	headers = next;
	if ((next = curl_slist_append(headers, "Expect:")) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	headers = next;
	post.headers = headers;
	if ((r = fetch_network(o, url, max, &post, &got, &netfail, err)) !=
	    ASSAY_OK)
		goto out;
	if ((p = assay_buf_detach(&got, lenp)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "cannot post to %s: out "
		    "of memory", url);
		goto out;
	}
	*datap = (unsigned char *)p;
	r = ASSAY_OK;
 out:
	curl_slist_free_all(headers);
	assay_buf_release(&got);
	assay_buf_release(&header);
	return r;
}

/* State of one endpoint check, shared with its callbacks. */
struct check {
	struct assay_buf body;	/* the first bytes of the answer */
	struct assay_url_check *out;
};

static size_t
on_check_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct check *c = arg;
	size_t n, room;

	if (!assay_size_mul(&n, size, nmemb))
		return 0;
	room = c->body.max - c->body.len;
	if (assay_buf_add(&c->body, p, n < room ? n : room) != ASSAY_OK)
		return 0;
	/* Enough seen: a short write ends the transfer. */
	return c->body.len < c->body.max ? n : 0;
}

/*
 * Picks the protocol version out of curl's "SSL connection using TLSv1.3 /
 * cipher" line; libcurl offers no backend-neutral accessor for it.
 */
static int
on_check_debug(CURL *h, curl_infotype type, char *p, size_t n, void *arg)
{
	static const char lead[] = "SSL connection using ";
	struct check *c = arg;
	size_t i, k = sizeof(lead) - 1;
	char *v = c->out->tls_version;

	(void)h;
	if (type != CURLINFO_TEXT || n < k || memcmp(p, lead, k) != 0)
		return 0;
	for (i = 0; k + i < n && i + 1 < sizeof(c->out->tls_version); i++) {
		if (p[k + i] == ' ' || p[k + i] == '\n' || p[k + i] == '\r')
			break;
		v[i] = p[k + i];
	}
	v[i] = '\0';
	return 0;
}

static void
check_error(struct assay_url_check *out, const char *what, const char *why)
{
	(void)snprintf(out->error, sizeof(out->error), "%s: %s", what, why);
}

enum assay_err
assay_fetch_check(const struct assay_fetch_opts *o, const char *url,
    struct assay_url_check *out, unsigned char **datap, size_t *lenp,
    struct assay_error *err)
{
	struct check c;
	struct transfer t;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	const char *loc = NULL;
	long verify = 0;
	CURLcode cc;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	c.body.max = ASSAY_FETCH_CHECK_MAX;
	c.out = out;
	*datap = NULL;
	if (lenp != NULL)
		*lenp = 0;
	pthread_once(&curl_once, curl_init_once);
	if (curl_init_rc != CURLE_OK) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL, "cannot check %s: "
		    "libcurl did not initialise", url);
		goto out;
	}
	if ((r = check_url(url, false, err)) != ASSAY_OK)
		goto out;
	if (!o->online) {
		r = assay_seterr(err, ASSAY_ERR_OFFLINE, "cannot check %s: "
		    "network access is off; pass --online to allow it", url);
		goto out;
	}
	if ((t.h = curl_easy_init()) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "cannot check %s: "
		    "cannot create a libcurl handle", url);
		goto out;
	}
	/* The fetch options, then no redirects and our own body sink. */
	if ((cc = setup(&t, o, url, ASSAY_FETCH_CHECK_MAX, NULL)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_FOLLOWLOCATION, 0L)) !=
	    CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)0)) != CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_WRITEFUNCTION,
	    on_check_body)) != CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_WRITEDATA, &c)) != CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_DEBUGFUNCTION,
	    on_check_debug)) != CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_DEBUGDATA, &c)) != CURLE_OK ||
	    (cc = curl_easy_setopt(t.h, CURLOPT_VERBOSE, 1L)) != CURLE_OK) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL, "cannot check %s: "
		    "libcurl refused an option (%s)", url,
		    curl_easy_strerror(cc));
		goto out;
	}
	cc = curl_easy_perform(t.h);
	if (curl_easy_getinfo(t.h, CURLINFO_RESPONSE_CODE, &out->status) !=
	    CURLE_OK)
		out->status = 0;
	if (curl_easy_getinfo(t.h, CURLINFO_SSL_VERIFYRESULT, &verify) ==
	    CURLE_OK)
		out->verify_result = verify;
	switch (cc) {
	case CURLE_OK:
	case CURLE_WRITE_ERROR:	/* our sink had seen enough */
		if (cc == CURLE_WRITE_ERROR &&
		    c.body.len < ASSAY_FETCH_CHECK_MAX) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "cannot check "
			    "%s: out of memory", url);
			check_error(out, "cannot store the answer",
			    "out of memory");
			goto out;
		}
		out->cert_verified = 1;
		if (curl_easy_getinfo(t.h, CURLINFO_REDIRECT_URL, &loc) ==
		    CURLE_OK && loc != NULL)
			(void)snprintf(out->location, sizeof(out->location),
			    "%s", loc);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		/*
		 * Curl's message names the host-name mismatch, which it
		 * checks itself; OpenSSL's code names the chain's problem.
		 */
		if (out->verify_result != X509_V_OK &&
		    out->verify_result != X509_V_ERR_UNSPECIFIED)
			(void)snprintf(out->error, sizeof(out->error),
			    "TLS certificate verification failed: %.160s "
			    "(%.300s)", X509_verify_cert_error_string(
			    out->verify_result), why(&t, cc));
		else
			check_error(out, "TLS certificate verification failed",
			    why(&t, cc));
		break;
	default:
		check_error(out, "no TLS session", why(&t, cc));
		/* Curl leaves the last version seen; none was agreed. */
		out->tls_version[0] = '\0';
		r = assay_seterr(err, ASSAY_ERR_NET, "cannot check %s: %s",
		    url, out->error);
		goto out;
	}
	if ((*datap = (unsigned char *)assay_buf_detach(&c.body, lenp)) ==
	    NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "cannot check %s: out "
		    "of memory", url);
		goto out;
	}
	r = ASSAY_OK;
 out:
	assay_buf_release(&c.body);
	if (t.h != NULL)
		curl_easy_cleanup(t.h);
	return r;
}
