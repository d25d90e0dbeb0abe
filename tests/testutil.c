/*
 * Helpers shared by the CUnit suites.
 *
 * Every test gets a directory of its own under $TMPDIR, removed afterwards
 * without ever following a symbolic link out of it, so that a test of
 * hostile archives cannot make its clean-up delete anything else.  The
 * suites are single-threaded, so the state below is plain statics.
 */
#include "testutil.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "assay/buf.h"
#include "assay/size.h"

#ifndef ASSAY_BIN
#error "the build defines ASSAY_BIN"
#endif

extern char **environ;

/* Enough path buffers for several assay_test_path() calls in one call. */
#define PATH_RING		16
/* Beyond this, captured output is read and dropped so the child ends. */
#define CAPTURE_MAX		((size_t)256 << 20)
/* File descriptors nftw() may hold open while walking. */
#define WALK_FDS		32
/* Passes of making directories writable; each opens at least one level. */
#define UNLOCK_PASSES		64
/* Fixed timestamp of archive entries, so fixtures are reproducible. */
#define ENTRY_MTIME		1700000000
#define DEFAULT_EPOCH		"SOURCE_DATE_EPOCH=1700000000"

static char test_dir[PATH_MAX];
static char path_ring[PATH_RING][PATH_MAX];
static unsigned path_next;

/* State of the nftw() callbacks, which take no argument of their own. */
static bool walk_locked;
static size_t walk_root_len;
static const char *const *walk_allowed;
static bool walk_clean;

void
assay_test_check(int ok, int line, const char *file, const char *expr,
    const char *fmt, ...)
{
	char note[1024], msg[2048];
	va_list ap;
	int n;

	/* Tables run thousands of rows; only a failure needs its note. */
	if (ok) {
		CU_assertImplementation(CU_TRUE, (unsigned)line, expr, file, "",
		    CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(note, sizeof(note), fmt, ap);
	va_end(ap);
	if (n < 0)
		note[0] = '\0';
	n = snprintf(msg, sizeof(msg), "%s [%s]", expr, note);
	if (n < 0)
		msg[0] = '\0';
	/* CUnit copies the strings, so stack buffers are fine. */
	CU_assertImplementation(CU_FALSE, (unsigned)line, msg, file, "",
	    CU_FALSE);
}

int
assay_test_run(CU_SuiteInfo *suites)
{
	unsigned failed;
	int status = 1;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "cannot initialise CUnit: %s\n",
		    CU_get_error_msg());
		return 1;
	}
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "cannot register the suites: %s\n",
		    CU_get_error_msg());
		goto out;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS) {
		fprintf(stderr, "cannot run the suites: %s\n",
		    CU_get_error_msg());
		goto out;
	}
	/* Failure records include suites whose init or cleanup failed. */
	failed = CU_get_number_of_failures() +
	    CU_get_number_of_failure_records() +
	    CU_get_number_of_suites_failed();
	status = failed == 0 ? 0 : 1;
	printf("\n");
 out:
	CU_cleanup_registry();
	return status;
}

void
assay_test_setup(void)
{
	const char *tmp;
	int n;

	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	n = snprintf(test_dir, sizeof(test_dir), "%s/assay-test-XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(test_dir)) {
		/* Not fatal: CUnit has no place to jump to during set-up. */
		ASSAY_CHECKF(0, "TMPDIR is too long: %s", tmp);
		test_dir[0] = '\0';
		return;
	}
	if (mkdtemp(test_dir) == NULL) {
		ASSAY_CHECKF(0, "mkdtemp %s: %s", test_dir, strerror(errno));
		test_dir[0] = '\0';
	}
}

/*
 * Pre-order pass: makes each directory searchable and writable so that its
 * entries can be removed; a test may have left one read-only on purpose.
 * A directory nftw() could not open is fixed now and entered next pass.
 */
static int
unlock_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR) {
		if ((st->st_mode & 0700) != 0700)
			(void)chmod(path, (st->st_mode & 07777) | 0700);
		if (flag == FTW_DNR)
			walk_locked = true;
	}
	return 0;
}

/* Depth-first pass: children before their directory, links not followed. */
static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	int rc;

	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		rc = rmdir(path);
	else
		rc = unlink(path);
	if (rc == -1 && errno != ENOENT)
		fprintf(stderr, "cannot remove %s: %s\n", path,
		    strerror(errno));
	return 0;
}

void
assay_test_teardown(void)
{
	unsigned pass;

	if (test_dir[0] == '\0')
		return;
	for (pass = 0; pass < UNLOCK_PASSES; pass++) {
		walk_locked = false;
		if (nftw(test_dir, unlock_entry, WALK_FDS, FTW_PHYS) == -1)
			break;
		if (!walk_locked)
			break;
	}
	if (nftw(test_dir, remove_entry, WALK_FDS, FTW_PHYS | FTW_DEPTH) ==
	    -1 && errno != ENOENT)
		fprintf(stderr, "cannot walk %s: %s\n", test_dir,
		    strerror(errno));
	test_dir[0] = '\0';
}

const char *
assay_test_dir(void)
{
	return test_dir;
}

char *
assay_test_path(const char *name)
{
	char *p;
	int n;

	/* A ring, so that a few results can be used in one expression. */
	p = path_ring[path_next];
	path_next = (path_next + 1) % PATH_RING;
	n = snprintf(p, PATH_MAX, "%s/%s", test_dir, name);
	if (n < 0 || n >= PATH_MAX) {
		ASSAY_CHECKF(0, "path too long: %s/%s", test_dir, name);
		p[0] = '\0';
	}
	return p;
}

int
assay_test_write_file(const char *path, const void *p, size_t n)
{
	const unsigned char *c = p;
	ssize_t w;
	int fd, rc = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		return -1;
	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		c += w;
		n -= (size_t)w;
	}
	rc = 0;
 out:
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/* Reads fd to its end into b; 0 or -1. */
static int
read_fd(int fd, struct assay_buf *b)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (assay_buf_add(b, chunk, (size_t)n) != ASSAY_OK)
			return -1;
	}
}

char *
assay_test_read_file(const char *path, size_t *lenp)
{
	struct assay_buf b = ASSAY_BUF_INIT(SIZE_MAX / 2);
	char *p = NULL;
	int fd;

	if (lenp != NULL)
		*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (read_fd(fd, &b) == 0)
		p = assay_buf_detach(&b, lenp);
	close(fd);
	assay_buf_release(&b);
	return p;
}

json_t *
assay_test_load_json(const char *path)
{
	json_error_t jerr;
	json_t *j;

	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	ASSAY_CHECKF(j != NULL, "%s:%d: %s", path, jerr.line, jerr.text);
	return j;
}

/*
 * The format writes straight into out.  Once stopped, further writes fail,
 * which makes libarchive give up at once instead of padding an entry with
 * zeros up to a declared size that may be terabytes.
 */
struct sink {
	struct assay_buf out;
	bool stopped;
};

static la_ssize_t
sink_write(struct archive *a, void *arg, const void *p, size_t n)
{
	struct sink *s = arg;

	if (s->stopped) {
		archive_set_error(a, ECANCELED, "archive cut short on purpose");
		return -1;
	}
	if (assay_buf_add(&s->out, p, n) != ASSAY_OK) {
		archive_set_error(a, ENOMEM, "archive too large for memory");
		return -1;
	}
	return (la_ssize_t)n;
}

/* Writes one entry; *cut is set when its declared size ends the archive. */
static int
write_entry(struct archive *a, const struct assay_test_entry *e, bool *cut)
{
	struct archive_entry *ae = NULL;
	const char *p;
	size_t size, done;
	la_ssize_t w;
	unsigned type, mode;
	int rc = -1, ar;

	*cut = false;
	if ((ae = archive_entry_new()) == NULL)
		goto out;
	type = e->type != 0 ? e->type : AE_IFREG;
	mode = e->mode != 0 ? e->mode : (type == AE_IFDIR ? 0755 : 0644);
	p = e->data;
	size = p == NULL ? 0 : e->size != 0 ? e->size : strlen(p);
	archive_entry_set_pathname(ae, e->name);
	archive_entry_set_filetype(ae, type);
	archive_entry_set_perm(ae, (mode_t)mode);
	archive_entry_set_mtime(ae, ENTRY_MTIME, 0);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	if (e->link != NULL) {
		/* A link on a regular entry makes it a hard link. */
		if (type == AE_IFLNK)
			archive_entry_set_symlink(ae, e->link);
		else
			archive_entry_set_hardlink(ae, e->link);
	}
	archive_entry_set_size(ae, e->declared_size != 0 ?
	    (la_int64_t)e->declared_size : (la_int64_t)size);
	if ((ar = archive_write_header(a, ae)) < ARCHIVE_WARN) {
		fprintf(stderr, "cannot write header of %s: %s\n", e->name,
		    archive_error_string(a));
		goto out;
	}
	for (done = 0; done < size; done += (size_t)w) {
		if ((w = archive_write_data(a, p + done, size - done)) <= 0)
			break;
	}
	if (done < size && e->declared_size == 0) {
		fprintf(stderr, "cannot write data of %s: %s\n", e->name,
		    archive_error_string(a));
		goto out;
	}
	*cut = e->declared_size > 0 && (uint64_t)e->declared_size > size;
	rc = 0;
 out:
	archive_entry_free(ae);
	return rc;
}

/* Compresses raw with filter, through libarchive's "raw" format. */
static int
apply_filter(int filter, const struct assay_buf *raw, struct sink *out)
{
	struct archive *a = NULL;
	struct archive_entry *ae = NULL;
	int rc = -1;

	if ((a = archive_write_new()) == NULL ||
	    (ae = archive_entry_new()) == NULL)
		goto out;
	/* Unblocked: zeros after the compressed stream would corrupt it. */
	if (archive_write_set_format_raw(a) != ARCHIVE_OK ||
	    archive_write_add_filter(a, filter) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_open(a, out, NULL, sink_write, NULL) != ARCHIVE_OK) {
		fprintf(stderr, "cannot set up filter %d: %s\n", filter,
		    archive_error_string(a));
		goto out;
	}
	archive_entry_set_pathname(ae, "data");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)raw->len);
	if (archive_write_header(a, ae) != ARCHIVE_OK ||
	    (raw->len > 0 && archive_write_data(a, raw->data, raw->len) !=
	    (la_ssize_t)raw->len) ||
	    archive_write_close(a) != ARCHIVE_OK) {
		fprintf(stderr, "cannot filter the archive: %s\n",
		    archive_error_string(a));
		goto out;
	}
	rc = 0;
 out:
	archive_entry_free(ae);
	if (a != NULL)
		archive_write_free(a);
	return rc;
}

/*
 * The format is written unfiltered and unblocked, so that its bytes reach
 * the sink as they are made and the archive can be cut right after the
 * data of an entry whose header claims more: a reader then meets the end
 * of the stream where the header promised bytes.  Entries after that one
 * are not written.  The filter, if any, then compresses the result.
 */
unsigned char *
assay_test_archive_mem(int format, int filter,
    const struct assay_test_entry *entries, size_t n, size_t *lenp)
{
	struct sink raw = { ASSAY_BUF_INIT(SIZE_MAX / 2), false };
	struct sink filtered = { ASSAY_BUF_INIT(SIZE_MAX / 2), false };
	struct archive *a = NULL;
	unsigned char *p = NULL;
	bool cut = false;
	size_t i;

	if (lenp != NULL)
		*lenp = 0;
	if ((a = archive_write_new()) == NULL)
		goto out;
	if (archive_write_set_format(a, format) != ARCHIVE_OK ||
	    archive_write_add_filter(a, ARCHIVE_FILTER_NONE) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_open(a, &raw, NULL, sink_write, NULL) !=
	    ARCHIVE_OK) {
		fprintf(stderr, "cannot set up format %d: %s\n", format,
		    archive_error_string(a));
		goto out;
	}
	for (i = 0; i < n && !cut; i++) {
		if (write_entry(a, &entries[i], &cut) == -1)
			goto out;
	}
	if (cut)
		raw.stopped = true;
	else if (archive_write_close(a) != ARCHIVE_OK) {
		fprintf(stderr, "cannot finish the archive: %s\n",
		    archive_error_string(a));
		goto out;
	}
	if (filter != ARCHIVE_FILTER_NONE) {
		if (apply_filter(filter, &raw.out, &filtered) == -1)
			goto out;
		p = (unsigned char *)assay_buf_detach(&filtered.out, lenp);
	} else
		p = (unsigned char *)assay_buf_detach(&raw.out, lenp);
 out:
	/* Frees after a cut fail quietly: the sink refuses the padding. */
	if (a != NULL)
		archive_write_free(a);
	assay_buf_release(&raw.out);
	assay_buf_release(&filtered.out);
	return p;
}

int
assay_test_archive(const char *path, int format, int filter,
    const struct assay_test_entry *entries, size_t n)
{
	unsigned char *p;
	size_t len;
	int rc;

	if ((p = assay_test_archive_mem(format, filter, entries, n, &len)) ==
	    NULL)
		return -1;
	rc = assay_test_write_file(path, p, len);
	free(p);
	return rc;
}

/* dup2 that also clears close-on-exec when fd is already target. */
static int
move_fd(int fd, int target)
{
	if (fd == target)
		return fcntl(fd, F_SETFD, 0) == -1 ? -1 : 0;
	return dup2(fd, target) == -1 ? -1 : 0;
}

/* In the child: only async-signal-safe calls until execve. */
static void
child_exec(int out, int err, char **argv, char **envp)
{
	static const char msg[] = "testutil: cannot start " ASSAY_BIN "\n";
	int in;

	if ((in = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    move_fd(in, STDIN_FILENO) == -1 ||
	    move_fd(out, STDOUT_FILENO) == -1 ||
	    move_fd(err, STDERR_FILENO) == -1 ||
	    chdir(test_dir) == -1)
		_exit(127);
	execve(argv[0], argv, envp);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) == -1)
		_exit(127);
	_exit(127);
}

/* Reads both pipes until each reaches its end; neither can fill up. */
static int
drain(int outfd, int errfd, struct assay_buf *out, struct assay_buf *err)
{
	struct pollfd pfd[2];
	struct assay_buf *dst[2] = { out, err };
	char chunk[65536];
	ssize_t n;
	int i, open_fds = 2;

	pfd[0].fd = outfd;
	pfd[1].fd = errfd;
	pfd[0].events = pfd[1].events = POLLIN;
	while (open_fds > 0) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			if ((n = read(pfd[i].fd, chunk, sizeof(chunk))) ==
			    -1) {
				if (errno == EINTR || errno == EAGAIN)
					continue;
				return -1;
			}
			if (n == 0) {
				/* poll() skips negative descriptors. */
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			/* Past the cap the bytes are dropped, not kept. */
			(void)assay_buf_add(dst[i], chunk, (size_t)n);
		}
	}
	return 0;
}

/* NULL-terminated copies of argv (with ASSAY_BIN first) and environ. */
static int
build_exec(const char *const *argv, char ***avp, char ***envp)
{
	char **av = NULL, **ev = NULL;
	size_t na = 0, ne = 0, i, slots;
	int rc = -1;

	*avp = NULL;
	*envp = NULL;
	while (argv != NULL && argv[na] != NULL)
		na++;
	while (environ != NULL && environ[ne] != NULL)
		ne++;
	if (!assay_size_add(&slots, na, 2) ||
	    (av = calloc(slots, sizeof(*av))) == NULL)
		goto out;
	if (!assay_size_add(&slots, ne, 2) ||
	    (ev = calloc(slots, sizeof(*ev))) == NULL)
		goto out;
	if ((av[0] = strdup(ASSAY_BIN)) == NULL)
		goto out;
	for (i = 0; i < na; i++)
		if ((av[i + 1] = strdup(argv[i])) == NULL)
			goto out;
	for (i = 0; i < ne; i++)
		if ((ev[i] = strdup(environ[i])) == NULL)
			goto out;
	/* Bundles carry times; a fixed epoch makes them comparable. */
	if (getenv("SOURCE_DATE_EPOCH") == NULL &&
	    (ev[ne] = strdup(DEFAULT_EPOCH)) == NULL)
		goto out;
	*avp = av;
	*envp = ev;
	av = ev = NULL;
	rc = 0;
 out:
	for (i = 0; av != NULL && av[i] != NULL; i++)
		free(av[i]);
	free(av);
	for (i = 0; ev != NULL && ev[i] != NULL; i++)
		free(ev[i]);
	free(ev);
	return rc;
}

static void
free_vector(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
assay_test_assay(struct assay_test_run_result *r, const char *const *argv)
{
	struct assay_buf out = ASSAY_BUF_INIT(CAPTURE_MAX);
	struct assay_buf err = ASSAY_BUF_INIT(CAPTURE_MAX);
	struct rusage ru;
	char **av = NULL, **ev = NULL;
	pid_t pid = -1;
	int opipe[2] = { -1, -1 }, epipe[2] = { -1, -1 };
	int status, rc = -1;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (build_exec(argv, &av, &ev) == -1)
		goto out;
	if (pipe(opipe) == -1 || pipe(epipe) == -1 ||
	    fcntl(opipe[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(opipe[1], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(epipe[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(epipe[1], F_SETFD, FD_CLOEXEC) == -1) {
		fprintf(stderr, "cannot make pipes: %s\n", strerror(errno));
		goto out;
	}
	/* Flushed now, or the child would write our buffered output too. */
	fflush(NULL);
	if ((pid = fork()) == -1) {
		fprintf(stderr, "cannot fork: %s\n", strerror(errno));
		goto out;
	}
	if (pid == 0)
		child_exec(opipe[1], epipe[1], av, ev);
	close(opipe[1]);
	close(epipe[1]);
	opipe[1] = epipe[1] = -1;
	if (drain(opipe[0], epipe[0], &out, &err) == -1)
		fprintf(stderr, "cannot read the output of %s: %s\n",
		    ASSAY_BIN, strerror(errno));
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "cannot wait for %s: %s\n", ASSAY_BIN,
			    strerror(errno));
			goto out;
		}
	}
	if (WIFEXITED(status))
		r->status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->status = 128 + WTERMSIG(status);
	/* Linux reports ru_maxrss in KiB. */
	r->maxrss_kib = ru.ru_maxrss;
	if ((r->out = assay_buf_detach(&out, NULL)) == NULL ||
	    (r->err = assay_buf_detach(&err, NULL)) == NULL) {
		assay_test_result_release(r);
		goto out;
	}
	rc = 0;
 out:
	if (opipe[0] != -1)
		close(opipe[0]);
	if (opipe[1] != -1)
		close(opipe[1]);
	if (epipe[0] != -1)
		close(epipe[0]);
	if (epipe[1] != -1)
		close(epipe[1]);
	assay_buf_release(&out);
	assay_buf_release(&err);
	free_vector(av);
	free_vector(ev);
	return rc;
}

void
assay_test_result_release(struct assay_test_run_result *r)
{
	if (r == NULL)
		return;
	free(r->out);
	free(r->err);
	r->out = NULL;
	r->err = NULL;
}

json_t *
assay_test_findings(const char *bundle)
{
	char path[PATH_MAX];
	json_t *root = NULL, *arr = NULL, *schema;
	int n;

	n = snprintf(path, sizeof(path), "%s/findings.json", bundle);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		ASSAY_CHECKF(0, "bundle path too long: %s", bundle);
		return NULL;
	}
	if ((root = assay_test_load_json(path)) == NULL)
		return NULL;
	schema = json_object_get(root, "schema");
	if (!json_is_string(schema) ||
	    strcmp(json_string_value(schema), "assay/findings/v1") != 0) {
		ASSAY_CHECKF(0, "%s: schema is not assay/findings/v1", path);
		goto out;
	}
	arr = json_object_get(root, "findings");
	if (!json_is_array(arr)) {
		ASSAY_CHECKF(0, "%s: no findings array", path);
		arr = NULL;
		goto out;
	}
	json_incref(arr);
 out:
	json_decref(root);
	return arr;
}

size_t
assay_test_count_rule(json_t *findings, const char *rule, const char *path)
{
	json_t *f, *loc;
	const char *s;
	size_t i, count = 0;

	json_array_foreach(findings, i, f) {
		s = json_string_value(json_object_get(f, "rule"));
		if (s == NULL || strcmp(s, rule) != 0)
			continue;
		if (path != NULL) {
			loc = json_object_get(f, "location");
			s = json_string_value(json_object_get(loc, "path"));
			if (s == NULL || strcmp(s, path) != 0)
				continue;
		}
		count++;
	}
	return count;
}

/*
 * Whether rel is listed, lies below a listed directory, or is a directory
 * on the way to a listed path (which must exist for the path to).
 */
static bool
rel_allowed(const char *rel, bool is_dir)
{
	const char *a;
	size_t i, rl, al;

	rl = strlen(rel);
	for (i = 0; walk_allowed != NULL && walk_allowed[i] != NULL; i++) {
		a = walk_allowed[i];
		al = strlen(a);
		while (al > 0 && a[al - 1] == '/')
			al--;
		if (rl == al && strncmp(rel, a, al) == 0)
			return true;
		if (rl > al && strncmp(rel, a, al) == 0 && rel[al] == '/')
			return true;
		if (is_dir && al > rl && strncmp(a, rel, rl) == 0 &&
		    a[rl] == '/')
			return true;
	}
	return false;
}

static int
check_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	const char *rel;

	(void)st;
	if (ftw->level == 0)
		return 0;
	rel = path + walk_root_len;
	while (*rel == '/')
		rel++;
	if (flag == FTW_DNR || flag == FTW_NS) {
		fprintf(stderr, "cannot examine %s\n", path);
		walk_clean = false;
		return 1;
	}
	if (!rel_allowed(rel, flag == FTW_D)) {
		fprintf(stderr, "unexpected path: %s\n", path);
		walk_clean = false;
		return 1;
	}
	return 0;
}

bool
assay_test_dir_only(const char *dir, const char *const *allowed)
{
	struct stat st;

	/* Nothing exists under a directory that does not exist. */
	if (lstat(dir, &st) == -1 && errno == ENOENT)
		return true;
	walk_root_len = strlen(dir);
	walk_allowed = allowed;
	walk_clean = true;
	if (nftw(dir, check_entry, WALK_FDS, FTW_PHYS) == -1) {
		fprintf(stderr, "cannot walk %s: %s\n", dir, strerror(errno));
		walk_clean = false;
	}
	walk_allowed = NULL;
	return walk_clean;
}

void
assay_test_sha256_hex(const void *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	out[0] = '\0';
	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 ||
	    len != 32) {
		ASSAY_CHECKF(0, "EVP_Digest failed");
		return;
	}
	for (i = 0; i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

char *
assay_test_hex(const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = p;
	char *s;
	size_t i;

	if (n > (SIZE_MAX - 1) / 2 || (s = malloc(2 * n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = hex[b[i] >> 4];
		s[2 * i + 1] = hex[b[i] & 0x0f];
	}
	s[2 * n] = '\0';
	return s;
}

/* Waits for pid; its exit status, or -1 when it did not exit normally. */
static int
wait_exit(pid_t pid)
{
	int status;

	if (pid == -1)
		return -1;
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

pid_t
assay_test_spawn(const char *const *argv, const char *cwd, const char *log)
{
	pid_t pid;
	int in, out;

	fflush(NULL);
	if ((pid = fork()) != 0)
		return pid;
	/* A test killed by CTest's timeout leaves no server behind. */
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	if ((in = open("/dev/null", O_RDONLY)) == -1 ||
	    (out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644)) == -1 ||
	    dup2(in, STDIN_FILENO) == -1 || dup2(out, STDOUT_FILENO) == -1 ||
	    dup2(out, STDERR_FILENO) == -1 || chdir(cwd) == -1)
		_exit(127);
	/* execvp() takes char *const[], which it does not change. */
	execvp(argv[0], (char *const *)(uintptr_t)argv);
	_exit(127);
}

int
assay_test_run_tool(const char *const *argv, const char *cwd,
    const char *log)
{
	return wait_exit(assay_test_spawn(argv, cwd, log));
}

int
assay_test_loopback_socket(unsigned *port, int backlog)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    (backlog > 0 && listen(fd, backlog) == -1) ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) == -1) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

bool
assay_test_port_accepts(unsigned port)
{
	struct sockaddr_in sa;
	bool ok;
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

/* Forks python3 with args; the child's output goes to /dev/null if quiet. */
static pid_t
python_fork(const char *const *args, bool quiet)
{
	const char *argv[16];
	pid_t pid;
	size_t n = 0;
	int fd;

	argv[n++] = access("/usr/bin/python3", X_OK) == 0 ?
	    "/usr/bin/python3" : "python3";
	while (*args != NULL && n < sizeof(argv) / sizeof(argv[0]) - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	fflush(NULL);
	if ((pid = fork()) != 0)
		return pid;
	/* A test killed by CTest's timeout leaves no server behind. */
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (quiet && (fd = open("/dev/null", O_WRONLY)) != -1) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	/* execvp() takes char *const[], which it does not change. */
	execvp(argv[0], (char *const *)(uintptr_t)argv);
	_exit(127);
}

int
assay_test_python(const char *const *args, bool quiet)
{
	return wait_exit(python_fork(args, quiet));
}

pid_t
assay_test_python_start(const char *const *args)
{
	return python_fork(args, true);
}

void
assay_test_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	(void)kill(pid, SIGTERM);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		continue;
}

int
assay_test_tool(const char *const *argv, const char *out)
{
	pid_t pid;
	int fd;

	fflush(NULL);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (chdir(assay_test_dir()) != 0)
			_exit(127);
		fd = open(out != NULL ? out : "/dev/null",
		    O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd == -1 || dup2(fd, 1) == -1)
			_exit(127);
		if ((fd = open("/dev/null", O_RDWR)) == -1 ||
		    dup2(fd, 2) == -1 || dup2(fd, 0) == -1)
			_exit(127);
		/* execvp() takes char *const[], which it does not change. */
		execvp(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	return wait_exit(pid);
}

int
assay_test_tls_pki(const char *dir)
{
	static const char script[] =
	    "set -e; cd \"$1\"; "
	    "printf '%s\\n' 'basicConstraints=critical,CA:FALSE' "
	    "'extendedKeyUsage=serverAuth' "
	    "'subjectAltName=IP:127.0.0.1,DNS:localhost' >srv.ext; "
	    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout ca.key -out ca.pem -days 2 "
	    "-subj '/CN=assay test CA' 2>/dev/null; "
	    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout server.key -out server.csr -subj /CN=localhost "
	    "2>/dev/null; "
	    "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
	    "-set_serial 2 -days 2 -extfile srv.ext -out server.pem "
	    "2>/dev/null; rm -f server.csr srv.ext";
	const char *const argv[] = { "/bin/sh", "-c", script, "sh", dir, NULL };

	return assay_test_run_tool(argv, dir, "/dev/null") == 0 ? 0 : -1;
}
