/*
 * Runs each probe in a child process of its own and gathers what it said.
 *
 * A child gets CPU-time, address-space, file-size and core limits, a memfd
 * for its records and a shared bitmap for the entries it examined; nothing
 * else of the parent's is handed to it.  The parent waits on pidfds with a
 * timeout for the wall-time limit, never by polling in a loop.  Whatever a
 * child did, the parent reads its records only after it has ended and
 * trusts none of them: each record is parsed, bounded and checked against
 * the probe's declared rules again.  Results are gathered in registry
 * order, so the outcome does not depend on which child finished first.
 */
#include "runner.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "assay/size.h"
#include "harness_rules.h"

/*
 * Exit statuses of a probe's child.  A run() error e exits with
 * EXIT_ERR_BASE + e; EXIT_SETUP means the limits could not be set, so the
 * probe never ran.
 */
#define EXIT_SETUP	63
#define EXIT_ERR_BASE	64

/* Longest reason a probe failed. */
#define WHY_MAX		256

struct job {
	pid_t pid;		/* > 0 while the child is not reaped */
	int pidfd;		/* -1 when closed */
	int memfd;		/* its records; -1 when closed */
	unsigned char *bitmap;	/* shared with the child, or NULL */
	struct timespec deadline; /* CLOCK_MONOTONIC; wall limit only */
	bool done;		/* reaped */
	bool wall_killed;	/* killed by us for the wall-time limit */
	int status;		/* from wait4() */
	struct rusage ru;
};

struct run {
	const struct assay_registry *reg;
	struct assay_scan *scan;
	const void *params;
	const struct assay_limits *limits;
	struct job *jobs;
	size_t maplen;		/* bytes of each bitmap */
	size_t count;		/* inventory entries */
	struct assay_findings *fs;
	struct assay_run_report *report;
	size_t usedcap;		/* room in report->used */
};

static void
job_release(struct job *j, size_t maplen)
{
	if (j->pidfd != -1)
		close(j->pidfd);
	if (j->memfd != -1)
		close(j->memfd);
	if (j->bitmap != NULL)
		munmap(j->bitmap, maplen);
	j->pidfd = j->memfd = -1;
	j->bitmap = NULL;
}

/* ---- the child ---------------------------------------------------------- */

static bool
set_limit(int resource, uint64_t soft, uint64_t hard)
{
	struct rlimit rl;

	rl.rlim_cur = soft >= (uint64_t)RLIM_INFINITY ? RLIM_INFINITY :
	    (rlim_t)soft;
	rl.rlim_max = hard >= (uint64_t)RLIM_INFINITY ? RLIM_INFINITY :
	    (rlim_t)hard;
	return setrlimit(resource, &rl) == 0;
}

/* Runs probe i in the freshly forked child; never returns. */
static _Noreturn void
child_main(struct run *rn, size_t i)
{
	static const int reset[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
	    SIGPIPE, SIGXCPU, SIGXFSZ, SIGCHLD };
	const struct assay_limits *l = rn->limits;
	const struct assay_probe_slot *slot = &rn->reg->v[i];
	const json_t *params = rn->params;
	struct assay_scan scan = *rn->scan;
	enum assay_err r;
	sigset_t none;
	size_t j;

	/* The parent's handlers (removing the workspace on ^C, say) and
	 * its blocked signals are not the probe's. */
	for (j = 0; j < sizeof(reset) / sizeof(reset[0]); j++)
		signal(reset[j], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* Another probe's records and coverage are not this one's to touch. */
	for (j = 0; j < rn->reg->n; j++)
		if (j != i)
			job_release(&rn->jobs[j], rn->maplen);

	if (!set_limit(RLIMIT_CORE, 0, 0))
		_exit(EXIT_SETUP);
	/* Room for all the records scan.c lets through, and not much more. */
	if (!set_limit(RLIMIT_FSIZE,
	    (uint64_t)ASSAY_PROBE_OUTPUT_MAX + ASSAY_RECORD_MAX,
	    (uint64_t)ASSAY_PROBE_OUTPUT_MAX + ASSAY_RECORD_MAX))
		_exit(EXIT_SETUP);
	/* SIGXCPU at the limit, SIGKILL a second later if it is ignored. */
	if (l->probe_cpu_seconds > 0 && !set_limit(RLIMIT_CPU,
	    l->probe_cpu_seconds, l->probe_cpu_seconds < UINT64_MAX ?
	    l->probe_cpu_seconds + 1 : UINT64_MAX))
		_exit(EXIT_SETUP);
#ifndef ASSAY_SANITIZED
	/* AddressSanitizer reserves terabytes of address space up front. */
	if (l->probe_memory > 0 && !set_limit(RLIMIT_AS, l->probe_memory,
	    l->probe_memory))
		_exit(EXIT_SETUP);
#endif

	scan.slot = slot;
	scan.probe_bit = (unsigned)i;
	scan.params = NULL;
	if (params != NULL && json_is_object(params))
		scan.params = json_object_get(params, slot->ops.name);
	scan.out_fd = rn->jobs[i].memfd;
	scan.out_bytes = 0;
	scan.examined = rn->jobs[i].bitmap;

	r = slot->ops.run(&scan);
	if (r == ASSAY_OK)
		_exit(0);
	if ((unsigned)r >= (unsigned)ASSAY_ERR_LAST)
		r = ASSAY_ERR_INTERNAL;
	_exit(EXIT_ERR_BASE + (int)r);
}

/* ---- starting and waiting ---------------------------------------------- */

static struct timespec
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

/* Milliseconds from now until t, rounded up; 0 when past. */
static int
ms_until(struct timespec t, struct timespec now)
{
	int64_t ms;

	ms = ((int64_t)t.tv_sec - (int64_t)now.tv_sec) * 1000 +
	    ((int64_t)t.tv_nsec - (int64_t)now.tv_nsec + 999999) / 1000000;
	if (ms < 0)
		return 0;
	if (ms > 1000000000)
		return 1000000000;
	return (int)ms;
}

static enum assay_err
start_job(struct run *rn, size_t i, struct assay_error *err)
{
	struct job *j = &rn->jobs[i];
	const char *name = rn->reg->v[i].ops.name;
	uint64_t wall = rn->limits->probe_wall_seconds;
	void *map;

	if ((j->memfd = memfd_create("assay-probe", MFD_CLOEXEC)) == -1)
		return assay_seterr(err, ASSAY_ERR_IO,
		    "cannot start probe %s: memfd_create: %s", name,
		    strerror(errno));
	map = mmap(NULL, rn->maplen, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return assay_seterr(err, ASSAY_ERR_NOMEM,
		    "cannot start probe %s: mmap: %s", name, strerror(errno));
	j->bitmap = map;
	/* Else the child would write out what the parent had buffered. */
	fflush(NULL);
	if ((j->pid = fork()) == -1) {
		j->pid = 0;
		return assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "cannot start probe %s: fork: %s", name, strerror(errno));
	}
	if (j->pid == 0)
		child_main(rn, i);
	if ((j->pidfd = pidfd_open(j->pid, 0)) == -1)
		return assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "cannot watch probe %s: pidfd_open: %s", name,
		    strerror(errno));
	if (wall > 0) {
		j->deadline = now_mono();
		if (wall > (uint64_t)INT32_MAX)
			wall = INT32_MAX;
		j->deadline.tv_sec += (time_t)wall;
	}
	return ASSAY_OK;
}

static enum assay_err
reap_job(struct job *j, const char *name, struct assay_error *err)
{
	pid_t p;

	do
		p = wait4(j->pid, &j->status, 0, &j->ru);
	while (p == -1 && errno == EINTR);
	if (p == -1)
		return assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "cannot wait for probe %s: %s", name, strerror(errno));
	j->pid = 0;
	j->done = true;
	close(j->pidfd);
	j->pidfd = -1;
	return ASSAY_OK;
}

/* On a harness error: no child outlives the run. */
static void
kill_all(struct run *rn)
{
	struct job *j;
	size_t i;

	for (i = 0; i < rn->reg->n; i++) {
		j = &rn->jobs[i];
		if (j->pid <= 0)
			continue;
		kill(j->pid, SIGKILL);
		while (waitpid(j->pid, NULL, 0) == -1 && errno == EINTR)
			continue;
		j->pid = 0;
	}
}

/* Starts up to jobs children at a time until every probe has ended. */
static enum assay_err
run_all(struct run *rn, unsigned jobs, struct assay_error *err)
{
	struct pollfd *pfds = NULL;
	size_t *which = NULL, n = rn->reg->n, next = 0, running = 0, k, i;
	struct timespec now;
	enum assay_err r = ASSAY_OK;
	struct job *j;
	int timeout, t;

	if (n == 0)
		goto out;
	if ((pfds = calloc(n, sizeof(*pfds))) == NULL ||
	    (which = calloc(n, sizeof(*which))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	while (next < n || running > 0) {
		while (running < jobs && next < n) {
			if ((r = start_job(rn, next, err)) != ASSAY_OK)
				goto out;
			next++;
			running++;
		}
		now = now_mono();
		timeout = -1;
		k = 0;
		for (i = 0; i < next; i++) {
			j = &rn->jobs[i];
			if (j->done)
				continue;
			pfds[k].fd = j->pidfd;
			pfds[k].events = POLLIN;
			pfds[k].revents = 0;
			which[k++] = i;
			if (rn->limits->probe_wall_seconds > 0 &&
			    !j->wall_killed) {
				t = ms_until(j->deadline, now);
				if (timeout == -1 || t < timeout)
					timeout = t;
			}
		}
		if (poll(pfds, (nfds_t)k, timeout) == -1 && errno != EINTR) {
			r = assay_seterr(err, ASSAY_ERR_INTERNAL,
			    "cannot wait for probes: poll: %s",
			    strerror(errno));
			goto out;
		}
		now = now_mono();
		for (i = 0; i < k; i++) {
			j = &rn->jobs[which[i]];
			if (pfds[i].revents != 0) {
				r = reap_job(j, rn->reg->v[which[i]].ops.name,
				    err);
				if (r != ASSAY_OK)
					goto out;
				running--;
			} else if (rn->limits->probe_wall_seconds > 0 &&
			    !j->wall_killed &&
			    ms_until(j->deadline, now) == 0) {
				/* Not yet reaped, so the pid is still ours. */
				kill(j->pid, SIGKILL);
				j->wall_killed = true;
			}
		}
	}
 out:
	if (r != ASSAY_OK)
		kill_all(rn);
	free(pfds);
	free(which);
	return r;
}

/* ---- reading back --------------------------------------------------- */

/* Why job j failed, in why (empty when it ran to completion). */
static void
judge_exit(const struct run *rn, const struct job *j, double cpu, char *why,
    size_t whylen)
{
	uint64_t cpulim = rn->limits->probe_cpu_seconds;
	int st, sig;

	why[0] = '\0';
	if (j->wall_killed) {
		snprintf(why, whylen, "exceeded the wall-time limit of %llu s",
		    (unsigned long long)rn->limits->probe_wall_seconds);
	} else if (WIFEXITED(j->status)) {
		st = WEXITSTATUS(j->status);
		if (st == 0)
			return;
		if (st == EXIT_SETUP)
			snprintf(why, whylen, "could not be given its limits");
		else if (st > EXIT_ERR_BASE &&
		    st < EXIT_ERR_BASE + (int)ASSAY_ERR_LAST)
			snprintf(why, whylen, "returned an error: %s",
			    assay_strerror((enum assay_err)(st -
			    EXIT_ERR_BASE)));
		else
			snprintf(why, whylen, "exited with status %d", st);
	} else if (WIFSIGNALED(j->status)) {
		sig = WTERMSIG(j->status);
		/* The kernel's SIGKILL at the hard CPU limit looks like any
		 * other; the CPU time it used tells them apart. */
		if (cpulim > 0 && (sig == SIGXCPU ||
		    (sig == SIGKILL && cpu >= (double)cpulim)))
			snprintf(why, whylen,
			    "exceeded the CPU limit of %llu s",
			    (unsigned long long)cpulim);
		else
			snprintf(why, whylen, "killed by signal %d (%s)", sig,
			    strsignal(sig));
	} else {
		snprintf(why, whylen, "ended with wait status %#x",
		    (unsigned)j->status);
	}
}

static bool
is_sha256_hex(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

static const struct assay_rule *
slot_rule(const struct assay_probe_slot *slot, const char *id)
{
	const struct assay_rule *ru;

	for (ru = slot->ops.rules; ru->id != NULL; ru++)
		if (strcmp(ru->id, id) == 0)
			return ru;
	return NULL;
}

/*
 * Adds one {"finding": ...} body.  *bad is set when the record breaks the
 * protocol; the return value is the harness's own error only.
 */
static enum assay_err
take_finding(struct run *rn, size_t i, const json_t *b, bool *bad,
    struct assay_error *err)
{
	const struct assay_probe_slot *slot = &rn->reg->v[i];
	const struct assay_rule *ru;
	const json_t *rule, *entry, *line, *msg, *ev;
	char *evtext = NULL;
	enum assay_err r = ASSAY_OK;
	uint32_t idx = ASSAY_NO_ENTRY;
	json_int_t v;

	rule = json_object_get(b, "rule");
	entry = json_object_get(b, "entry");
	line = json_object_get(b, "line");
	msg = json_object_get(b, "message");
	ev = json_object_get(b, "evidence");
	if (!json_is_string(rule) || !json_is_integer(entry) ||
	    !json_is_integer(line) || json_integer_value(line) < 0 ||
	    !json_is_string(msg) || (ev != NULL && !json_is_object(ev)) ||
	    (ru = slot_rule(slot, json_string_value(rule))) == NULL) {
		*bad = true;
		goto out;
	}
	v = json_integer_value(entry);
	if (v >= 0 && (uint64_t)v < rn->count)
		idx = (uint32_t)v;
	if (ev != NULL &&
	    (evtext = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	r = assay_findings_add(rn->fs, slot->ops.name, ru->id, ru->severity,
	    idx, (unsigned long)json_integer_value(line), evtext,
	    json_string_value(msg));
	if (r == ASSAY_ERR_USAGE) {
		/* Evidence the findings store will not take is the probe's
		 * fault, not the harness's. */
		*bad = true;
		r = ASSAY_OK;
	} else if (r != ASSAY_OK) {
		r = assay_seterr(err, r, "cannot record a finding of %s: %s",
		    slot->ops.name, assay_strerror(r));
	}
 out:
	free(evtext);
	return r;
}

/* Adds one {"fetch": ...} or {"data": ...} body to report->used. */
static enum assay_err
take_provenance(struct run *rn, size_t i, const char *kind, const json_t *b,
    bool *bad, struct assay_error *err)
{
	struct assay_run_report *rep = rn->report;
	struct assay_provenance *pv, *nv;
	const json_t *name, *sha, *bytes, *cached = NULL;
	bool fetch = strcmp(kind, "fetch") == 0;
	size_t cap;

	name = json_object_get(b, fetch ? "url" : "name");
	sha = json_object_get(b, "sha256");
	bytes = json_object_get(b, "bytes");
	if (fetch)
		cached = json_object_get(b, "cached");
	if (!json_is_string(name) || !json_is_string(sha) ||
	    !is_sha256_hex(json_string_value(sha)) ||
	    !json_is_integer(bytes) || json_integer_value(bytes) < 0 ||
	    (fetch && !json_is_boolean(cached))) {
		*bad = true;
		return ASSAY_OK;
	}
	if (rep->nused == rn->usedcap) {
		cap = rn->usedcap == 0 ? 8 : rn->usedcap;
		if (!assay_size_mul(&cap, cap, 2) ||
		    (nv = reallocarray(rep->used, cap, sizeof(*nv))) == NULL)
			return assay_seterr(err, ASSAY_ERR_NOMEM,
			    "out of memory");
		rep->used = nv;
		rn->usedcap = cap;
	}
	pv = &rep->used[rep->nused];
	memset(pv, 0, sizeof(*pv));
	pv->kind = strdup(kind);
	pv->probe = strdup(rn->reg->v[i].ops.name);
	pv->name = strdup(json_string_value(name));
	pv->sha256 = strdup(json_string_value(sha));
	pv->bytes = (uint64_t)json_integer_value(bytes);
	pv->cached = fetch && json_is_true(cached);
	/* Counted even when incomplete, so that release frees it. */
	rep->nused++;
	if (pv->kind == NULL || pv->probe == NULL || pv->name == NULL ||
	    pv->sha256 == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	return ASSAY_OK;
}

/* Handles one complete line; *bad when it is not a valid record. */
static enum assay_err
take_line(struct run *rn, size_t i, const char *p, size_t len, bool *bad,
    uint64_t *nfindings, struct assay_error *err)
{
	json_t *rec;
	json_error_t jerr;
	const char *kind;
	json_t *body;
	enum assay_err r = ASSAY_OK;

	rec = json_loadb(p, len, JSON_REJECT_DUPLICATES, &jerr);
	if (rec == NULL || !json_is_object(rec) || json_object_size(rec) != 1) {
		*bad = true;
		goto out;
	}
	kind = json_object_iter_key(json_object_iter(rec));
	body = json_object_get(rec, kind);
	if (!json_is_object(body)) {
		*bad = true;
	} else if (strcmp(kind, "finding") == 0) {
		r = take_finding(rn, i, body, bad, err);
		if (r == ASSAY_OK && !*bad)
			(*nfindings)++;
	} else if (strcmp(kind, "fetch") == 0 || strcmp(kind, "data") == 0) {
		r = take_provenance(rn, i, kind, body, bad, err);
	} else {
		*bad = true;
	}
 out:
	json_decref(rec);
	return r;
}

/*
 * Reads probe i's records.  A line cut short by the end of the file (the
 * probe died while writing it) is ignored; a complete line that is not a
 * valid record ends the reading and sets *why.
 */
static enum assay_err
read_records(struct run *rn, size_t i, uint64_t *nfindings, char *why,
    size_t whylen, struct assay_error *err)
{
	struct job *j = &rn->jobs[i];
	const char *p, *nl, *end;
	enum assay_err r = ASSAY_OK;
	struct stat st;
	void *map = MAP_FAILED;
	size_t size = 0;
	bool bad = false;

	*nfindings = 0;
	if (fstat(j->memfd, &st) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO,
		    "cannot read the records of probe %s: %s",
		    rn->reg->v[i].ops.name, strerror(errno));
		goto out;
	}
	if (st.st_size <= 0)
		goto out;
	size = (uint64_t)st.st_size > ASSAY_PROBE_OUTPUT_MAX ?
	    ASSAY_PROBE_OUTPUT_MAX : (size_t)st.st_size;
	if ((uint64_t)st.st_size > ASSAY_PROBE_OUTPUT_MAX && why[0] == '\0')
		snprintf(why, whylen, "sent more than %u bytes of records",
		    ASSAY_PROBE_OUTPUT_MAX);
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, j->memfd, 0);
	if (map == MAP_FAILED) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM,
		    "cannot read the records of probe %s: %s",
		    rn->reg->v[i].ops.name, strerror(errno));
		goto out;
	}
	p = map;
	end = p + size;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r = take_line(rn, i, p, (size_t)(nl - p), &bad, nfindings, err);
		if (r != ASSAY_OK)
			goto out;
		if (bad) {
			if (why[0] == '\0')
				snprintf(why, whylen,
				    "sent a malformed record");
			break;
		}
		p = nl + 1;
	}
 out:
	if (map != MAP_FAILED)
		munmap(map, size);
	return r;
}

/* ORs probe i's bitmap into every entry's examined or failed mask. */
static uint64_t
apply_coverage(struct run *rn, size_t i, bool ok)
{
	const unsigned char *bm = rn->jobs[i].bitmap;
	struct assay_entry *e;
	uint64_t bit = (uint64_t)1 << i, seen = 0;
	size_t b, k, idx;

	for (b = 0; b < rn->maplen; b++) {
		if (bm[b] == 0)
			continue;
		for (k = 0; k < 8; k++) {
			if ((bm[b] & (1u << k)) == 0)
				continue;
			idx = b * 8 + k;
			if (idx >= rn->count ||
			    (e = assay_inventory_get(rn->scan->inv, idx)) ==
			    NULL)
				continue;
			if (ok)
				e->examined |= bit;
			else
				e->failed |= bit;
			seen++;
		}
	}
	return seen;
}

static enum assay_err
add_probe_error(struct run *rn, const char *name, const char *why,
    struct assay_error *err)
{
	json_t *ev = NULL;
	char *text = NULL;
	enum assay_err r;

	if ((ev = json_pack("{s:s, s:s}", "probe", name, "reason",
	    why)) == NULL ||
	    (text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	r = assay_findings_addf(rn->fs, "harness", ASSAY_RULE_PROBE_ERROR,
	    assay_harness_severity(ASSAY_RULE_PROBE_ERROR), ASSAY_NO_ENTRY,
	    0, text, "probe %s %s", name, why);
	if (r != ASSAY_OK)
		r = assay_seterr(err, r, "cannot record the error of %s: %s",
		    name, assay_strerror(r));
 out:
	free(text);
	json_decref(ev);
	return r;
}

/* Turns what child i left behind into findings, coverage and an outcome. */
static enum assay_err
collect(struct run *rn, size_t i, struct assay_error *err)
{
	struct assay_probe_outcome *o = &rn->report->outcomes[i];
	struct job *j = &rn->jobs[i];
	char why[WHY_MAX];
	enum assay_err r;

	o->cpu_seconds = (double)j->ru.ru_utime.tv_sec +
	    (double)j->ru.ru_utime.tv_usec / 1e6 +
	    (double)j->ru.ru_stime.tv_sec +
	    (double)j->ru.ru_stime.tv_usec / 1e6;
	judge_exit(rn, j, o->cpu_seconds, why, sizeof(why));
	/* A failed probe's findings stay: they were facts when reported. */
	r = read_records(rn, i, &o->findings, why, sizeof(why), err);
	if (r != ASSAY_OK)
		return r;
	o->ok = why[0] == '\0';
	o->examined = apply_coverage(rn, i, o->ok);
	if (o->ok)
		return ASSAY_OK;
	if ((o->error = strdup(why)) == NULL)
		return assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
	return add_probe_error(rn, o->name, why, err);
}

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
cmp_provenance(const void *a, const void *b)
{
	const struct assay_provenance *x = a, *y = b;
	int c;

	if ((c = cmp_str(x->kind, y->kind)) != 0 ||
	    (c = cmp_str(x->name, y->name)) != 0 ||
	    (c = cmp_str(x->sha256, y->sha256)) != 0 ||
	    (c = cmp_str(x->probe, y->probe)) != 0)
		return c;
	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? -1 : 1;
	return (int)x->cached - (int)y->cached;
}

static void
provenance_release(struct assay_provenance *p)
{
	free(p->kind);
	free(p->probe);
	free(p->name);
	free(p->sha256);
	memset(p, 0, sizeof(*p));
}

/*
 * Sorts report->used and drops repeats: the same probe reading the same
 * bytes twice is one use.  A fetch counts as cached only if it always was.
 */
static void
sort_provenance(struct assay_run_report *rep)
{
	struct assay_provenance *v = rep->used;
	size_t i, k = 0;

	if (rep->nused < 2)
		return;
	qsort(v, rep->nused, sizeof(*v), cmp_provenance);
	for (i = 1; i < rep->nused; i++) {
		if (cmp_str(v[k].kind, v[i].kind) == 0 &&
		    cmp_str(v[k].name, v[i].name) == 0 &&
		    cmp_str(v[k].sha256, v[i].sha256) == 0 &&
		    cmp_str(v[k].probe, v[i].probe) == 0 &&
		    v[k].bytes == v[i].bytes) {
			v[k].cached = v[k].cached && v[i].cached;
			provenance_release(&v[i]);
			continue;
		}
		if (++k != i) {
			v[k] = v[i];
			memset(&v[i], 0, sizeof(v[i]));
		}
	}
	rep->nused = k + 1;
}

enum assay_err
assay_runner_run(const struct assay_registry *reg, struct assay_scan *scan,
    const void *params, const struct assay_limits *limits, unsigned jobs,
    struct assay_findings *fs, struct assay_run_report *report,
    struct assay_error *err)
{
	struct run rn;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	size_t i;

	memset(report, 0, sizeof(*report));
	memset(&rn, 0, sizeof(rn));
	rn.reg = reg;
	rn.scan = scan;
	rn.params = params;
	rn.limits = limits;
	rn.fs = fs;
	rn.report = report;
	rn.count = assay_inventory_count(scan->inv);
	rn.maplen = rn.count / 8 + 1;
	if (jobs == 0)
		jobs = 1;
	if (reg->n == 0) {
		r = ASSAY_OK;
		goto out;
	}
	if (reg->n > ASSAY_MAX_PROBES) {
		r = assay_seterr(err, ASSAY_ERR_INTERNAL,
		    "%zu probes registered, at most %d", reg->n,
		    ASSAY_MAX_PROBES);
		goto out;
	}
	if ((rn.jobs = calloc(reg->n, sizeof(*rn.jobs))) == NULL ||
	    (report->outcomes = calloc(reg->n,
	    sizeof(*report->outcomes))) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	report->n = reg->n;
	for (i = 0; i < reg->n; i++) {
		rn.jobs[i].pidfd = rn.jobs[i].memfd = -1;
		report->outcomes[i].name = reg->v[i].ops.name;
	}
	if ((r = run_all(&rn, jobs, err)) != ASSAY_OK)
		goto out;
	for (i = 0; i < reg->n; i++)
		if ((r = collect(&rn, i, err)) != ASSAY_OK)
			goto out;
	sort_provenance(report);
	r = ASSAY_OK;
 out:
	if (rn.jobs != NULL)
		for (i = 0; i < reg->n; i++)
			job_release(&rn.jobs[i], rn.maplen);
	free(rn.jobs);
	if (r != ASSAY_OK)
		assay_run_report_release(report);
	return r;
}

void
assay_run_report_release(struct assay_run_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		free(r->outcomes[i].error);
	free(r->outcomes);
	for (i = 0; i < r->nused; i++)
		provenance_release(&r->used[i]);
	free(r->used);
	memset(r, 0, sizeof(*r));
}
