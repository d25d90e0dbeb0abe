/*
 * libFuzzer target for the unpacker: each input is one artefact, unpacked
 * recursively into a fresh workspace with small limits, and everything is
 * freed again before the next input, so that a leak, an overflow or a write
 * outside the workspace shows up against the input that caused it.
 *
 * Besides surviving, the unpacker must keep the inventory's promises (every
 * path is valid UTF-8, nothing written has an absolute or ".." name) and
 * leave nothing behind: the workspaces live beneath one base directory,
 * made on the first input, that must be empty again after each input.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "findings.h"
#include "inventory.h"
#include "scan_limits.h"
#include "unpack.h"
#include "workspace.h"

#define MIB ((uint64_t)1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base_dir[4096];

static void
remove_base(void)
{
	if (base_dir[0] != '\0')
		(void)rmdir(base_dir);
}

/* Makes the base directory once; aborts, since no input can run without. */
static const char *
base(void)
{
	const char *tmp;
	int n;

	if (base_dir[0] != '\0')
		return base_dir;
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	n = snprintf(base_dir, sizeof(base_dir), "%s/assay-fuzz.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(base_dir) ||
	    mkdtemp(base_dir) == NULL) {
		fprintf(stderr, "fuzz_unpack: cannot create a directory in "
		    "%s: %s\n", tmp, strerror(errno));
		abort();
	}
	if (atexit(remove_base) != 0)
		abort();
	return base_dir;
}

/* An anonymous file holding the input, positioned at its start; -1. */
static int
input_fd(const uint8_t *data, size_t size)
{
	size_t off = 0;
	ssize_t w;
	int fd;

	if ((fd = memfd_create("fuzz.bin", MFD_CLOEXEC)) == -1)
		return -1;
	while (off < size) {
		if ((w = write(fd, data + off, size - off)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Aborts with a message naming the broken promise. */
static void
broken(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_unpack: %s: \"%s\"\n", what, s ? s : "(null)");
	abort();
}

/* Strict UTF-8: no overlongs, surrogates or code points past U+10FFFF. */
static int
valid_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo, hi;
	size_t i, n;

	while (*s != '\0') {
		lo = 0x80;
		hi = 0xbf;
		if (*s < 0x80) {
			s++;
			continue;
		} else if (*s >= 0xc2 && *s <= 0xdf) {
			n = 1;
		} else if (*s >= 0xe0 && *s <= 0xef) {
			n = 2;
			if (*s == 0xe0)
				lo = 0xa0;
			else if (*s == 0xed)
				hi = 0x9f;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			n = 3;
			if (*s == 0xf0)
				lo = 0x90;
			else if (*s == 0xf4)
				hi = 0x8f;
		} else {
			return 0;
		}
		for (i = 1; i <= n; i++) {
			if (s[i] < (i == 1 ? lo : 0x80) ||
			    s[i] > (i == 1 ? hi : 0xbf))
				return 0;
		}
		s += n + 1;
	}
	return 1;
}

/* True when rel is absolute or has a ".." component. */
static int
escapes(const char *rel)
{
	const char *p = rel;
	size_t len;

	if (*rel == '/')
		return 1;
	while (*p != '\0') {
		len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += len;
		p += strspn(p, "/");
	}
	return 0;
}

static void
check_inventory(const struct assay_inventory *inv)
{
	const struct assay_entry *e;
	size_t i, n = assay_inventory_count(inv);

	for (i = 0; i < n; i++) {
		if ((e = assay_inventory_get(inv, i)) == NULL)
			broken("inventory entry missing", NULL);
		if (e->path == NULL || !valid_utf8(e->path))
			broken("entry path is not UTF-8", e->path);
		if (e->name != NULL && !valid_utf8(e->name))
			broken("entry name is not UTF-8", e->name);
		/* An artefact's rel is where the tester's file is. */
		if (e->depth > 0 && e->rel != NULL && escapes(e->rel))
			broken("entry written outside its container", e->rel);
	}
}

/* The base directory must hold nothing once the workspace is gone. */
static void
check_base_empty(const char *dir)
{
	struct dirent *d;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		broken("cannot list the workspace base", dir);
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			broken("left behind in the workspace base", d->d_name);
	}
	closedir(dp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct assay_error err;
	struct assay_findings fs = ASSAY_FINDINGS_INIT;
	struct assay_workspace *ws = NULL;
	struct assay_inventory *inv = NULL;
	struct assay_unpacker *u = NULL;
	struct assay_limits limits;
	const char *dir = base();
	char origin[64];
	int fd, n;

	if ((fd = input_fd(data, size)) == -1) {
		fprintf(stderr, "fuzz_unpack: cannot hold the input in a "
		    "memfd: %s\n", strerror(errno));
		abort();
	}
	assay_limits_init(&limits);
	limits.total_bytes = 64 * MIB;
	limits.entry_bytes = 16 * MIB;
	limits.entries = 10000;
	limits.depth = 4;
	limits.wall_seconds = 10;

	/*
	 * A failure to set up is the harness's, not the input's, so it only
	 * skips this input; the unpack result itself is not checked because
	 * any input, however broken, must merely be survived.
	 */
	if (assay_workspace_create(dir, &ws, &err) != ASSAY_OK)
		goto out;
	if ((inv = assay_inventory_new()) == NULL)
		goto out;
	if (assay_unpacker_new(inv, &fs, ws, &limits, &u, &err) != ASSAY_OK)
		goto out;
	n = snprintf(origin, sizeof(origin), "/proc/self/fd/%d", fd);
	if (n < 0 || (size_t)n >= sizeof(origin))
		goto out;
	(void)assay_unpack_artefact(u, "fuzz.bin", origin, fd, &err);
	check_inventory(inv);
	assay_findings_sort(&fs, inv);
 out:
	assay_unpacker_free(u);
	assay_inventory_free(inv);
	assay_findings_release(&fs);
	assay_workspace_free(ws);
	close(fd);
	check_base_empty(dir);
	return 0;
}
