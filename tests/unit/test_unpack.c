/*
 * Suite for harness/unpack.c (with hashpipe.c, confine.c, workspace.c and
 * inventory.c beneath it), run in-process: archives are built in memory,
 * unpacked, and the inventory, findings and workspace checked.
 */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine.h"
#include "findings.h"
#include "inventory.h"
#include "testutil.h"
#include "unpack.h"
#include "workspace.h"

struct run {
	struct assay_inventory *inv;
	struct assay_findings fs;
	struct assay_workspace *ws;
	struct assay_limits lim;
	bool incomplete;
};

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	assay_limits_init(&r->lim);
}

/* Unpacks the file at path (named name) into a fresh workspace. */
static void
run_unpack(struct run *r, const char *path, const char *name)
{
	struct assay_unpacker *u = NULL;
	struct assay_error err;
	int fd;

	r->inv = assay_inventory_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->inv);
	(void)mkdir(assay_test_path("ws"), 0700);
	CU_ASSERT_FATAL(assay_workspace_create(assay_test_path("ws"), &r->ws,
	    &err) == ASSAY_OK);
	CU_ASSERT_FATAL(assay_unpacker_new(r->inv, &r->fs, r->ws, &r->lim, &u,
	    &err) == ASSAY_OK);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CU_ASSERT_FATAL(fd != -1);
	ASSAY_CHECKF(assay_unpack_artefact(u, name, path, fd, &err) ==
	    ASSAY_OK, "%s", err.msg);
	r->incomplete = assay_unpacker_incomplete(u);
	close(fd);
	assay_unpacker_free(u);
}

static void
run_release(struct run *r)
{
	assay_workspace_free(r->ws);
	assay_findings_release(&r->fs);
	assay_inventory_free(r->inv);
}

static struct assay_entry *
find_entry(struct run *r, const char *path)
{
	size_t i, n = assay_inventory_count(r->inv);

	for (i = 0; i < n; i++) {
		struct assay_entry *e = assay_inventory_get(r->inv, i);

		if (strcmp(e->path, path) == 0)
			return e;
	}
	return NULL;
}

static size_t
count_rule(struct run *r, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < r->fs.n; i++)
		n += strcmp(r->fs.v[i].rule, rule) == 0;
	return n;
}

static void
check_digest(const struct assay_entry *e, const void *p, size_t n)
{
	unsigned char md[32];
	unsigned int len = 0;

	CU_ASSERT_FATAL(EVP_Digest(p, n, md, &len, EVP_sha256(), NULL));
	ASSAY_CHECKF(e->hashed && memcmp(md, e->sha256, 32) == 0,
	    "digest of %s (%zu bytes)", e->path, n);
	ASSAY_CHECKF(e->size == n, "size of %s: %llu != %zu", e->path,
	    (unsigned long long)e->size, n);
}

/* Reads an entry's bytes back out of the workspace. */
static unsigned char *
read_back(struct run *r, const struct assay_entry *e, size_t *lenp)
{
	int dfd = assay_workspace_container(r->ws, e->container), fd;
	unsigned char *buf = NULL;
	struct stat st;
	ssize_t n;

	*lenp = 0;
	if (dfd == -1)
		return NULL;
	fd = assay_open_beneath(dfd, e->rel, O_RDONLY, 0);
	close(dfd);
	if (fd == -1 || fstat(fd, &st) == -1) {
		if (fd != -1)
			close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	n = buf == NULL ? -1 : pread(fd, buf, (size_t)st.st_size, 0);
	close(fd);
	if (n != st.st_size) {
		free(buf);
		return NULL;
	}
	*lenp = (size_t)n;
	return buf;
}

static unsigned char *
pattern(size_t n, unsigned seed)
{
	unsigned char *p = malloc(n + 1);
	size_t i;

	for (i = 0; p != NULL && i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
	return p;
}

static void
test_digests_across_slots(void)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 65537,
	    (512u << 10) - 40, (512u << 10) + 3, (3u << 20) + 17 };
	struct assay_test_entry ents[8];
	unsigned char *data[8];
	struct run r;
	char name[8][16];
	size_t i, len;

	for (i = 0; i < 8; i++) {
		data[i] = pattern(sizes[i], (unsigned)i + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data[i]);
		(void)snprintf(name[i], sizeof(name[i]), "d/f%zu", i);
		memset(&ents[i], 0, sizeof(ents[i]));
		ents[i].name = name[i];
		ents[i].data = data[i];
		ents[i].size = sizes[i];
	}
	/* A zero size means strlen(data); give the empty file real data. */
	ents[0].data = "";
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("a.tar.xz"),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ, ents, 8) == 0);
	run_init(&r);
	run_unpack(&r, assay_test_path("a.tar.xz"), "a.tar.xz");
	CU_ASSERT(!r.incomplete);
	for (i = 0; i < 8; i++) {
		char path[64];
		struct assay_entry *e;
		unsigned char *back;

		(void)snprintf(path, sizeof(path), "a.tar.xz!/%s", name[i]);
		e = find_entry(&r, path);
		ASSAY_CHECKF(e != NULL, "%s recorded", path);
		if (e == NULL)
			continue;
		check_digest(e, data[i], sizes[i]);
		CU_ASSERT(e->flags & ASSAY_FLAG_CONTENT);
		back = read_back(&r, e, &len);
		ASSAY_CHECKF(back != NULL && len == sizes[i] &&
		    memcmp(back, data[i], len) == 0, "bytes of %s", path);
		free(back);
	}
	for (i = 0; i < 8; i++)
		free(data[i]);
	run_release(&r);
}

static void
test_nesting_and_paths(void)
{
	struct assay_test_entry inner[] = {
		{ .name = "etc/shadow", .data = "root:*:1::::::\n" },
	};
	struct assay_test_entry mid[2], outer[2];
	unsigned char *cpio, *zip;
	size_t cpiolen, ziplen;
	struct assay_entry *e;
	struct run r;

	cpio = assay_test_archive_mem(ARCHIVE_FORMAT_CPIO_SVR4_NOCRC,
	    ARCHIVE_FILTER_GZIP, inner, 1, &cpiolen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cpio);
	memset(mid, 0, sizeof(mid));
	mid[0].name = "rootfs.cpio.gz";
	mid[0].data = cpio;
	mid[0].size = cpiolen;
	mid[1].name = "README";
	mid[1].data = "hello\n";
	zip = assay_test_archive_mem(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
	    mid, 2, &ziplen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(zip);
	memset(outer, 0, sizeof(outer));
	outer[0].name = "fw/update.zip";
	outer[0].data = zip;
	outer[0].size = ziplen;
	outer[1].name = "fw/VERSION";
	outer[1].data = "1.2\n";
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("fw.tar.gz"),
	    ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, outer, 2) == 0);

	run_init(&r);
	run_unpack(&r, assay_test_path("fw.tar.gz"), "fw.tar.gz");
	e = find_entry(&r,
	    "fw.tar.gz!/fw/update.zip!/rootfs.cpio.gz!/etc/shadow");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(e->depth == 3);
	CU_ASSERT_STRING_EQUAL(e->name, "etc/shadow");
	check_digest(e, "root:*:1::::::\n", 15);
	e = find_entry(&r, "fw.tar.gz!/fw/update.zip");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(e->flags & ASSAY_FLAG_CONTAINER);
	check_digest(e, zip, ziplen);
	CU_ASSERT(assay_inventory_container_count(r.inv) == 3);
	CU_ASSERT_STRING_EQUAL(assay_inventory_container(r.inv, 0)->filters,
	    "gzip");
	CU_ASSERT(!r.incomplete);
	CU_ASSERT(r.fs.n == 0);
	run_release(&r);
	free(cpio);
	free(zip);
}

static void
test_confinement(void)
{
	static const struct assay_test_entry ents[] = {
		{ .name = "../escape", .data = "x" },
		{ .name = "/abs", .data = "x" },
		{ .name = "link", .type = AE_IFLNK, .link = "/tmp" },
		{ .name = "link/through", .data = "x" },
		{ .name = "up", .type = AE_IFLNK, .link = "../../.." },
		{ .name = "ok/file", .data = "fine" },
		{ .name = "hard", .type = AE_IFREG, .link = "ok/file" },
		{ .name = "badhard", .type = AE_IFREG, .link = "../../etc/passwd" },
		{ .name = "dev", .type = AE_IFCHR },
		{ .name = "fifo", .type = AE_IFIFO },
		{ .name = "suid", .mode = 04755, .data = "x" },
		{ .name = "ww", .mode = 0666, .data = "x" },
		{ .name = "tmp", .type = AE_IFDIR, .mode = 01777 },
		{ .name = "ok/file", .data = "second" },
	};
	static const char *const allowed[] = { "t.tar", "ws", NULL };
	struct assay_entry *e;
	struct run r;
	int pass;

	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("t.tar"),
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_NONE, ents,
	    sizeof(ents) / sizeof(ents[0])) == 0);
	for (pass = 0; pass < 2; pass++) {
		/* Once through openat2, once through the O_NOFOLLOW walk. */
		assay_confine_force_fallback(pass);
		run_init(&r);
		run_unpack(&r, assay_test_path("t.tar"), "t.tar");
		CU_ASSERT(count_rule(&r, "harness.path-traversal") == 1);
		CU_ASSERT(count_rule(&r, "harness.path-absolute") == 1);
		CU_ASSERT(count_rule(&r, "harness.path-through-symlink") == 1);
		CU_ASSERT(count_rule(&r, "harness.symlink-outside") == 1);
		CU_ASSERT(count_rule(&r, "harness.hardlink-escape") == 1);
		CU_ASSERT(count_rule(&r, "harness.special-file") == 2);
		CU_ASSERT(count_rule(&r, "harness.setuid") == 1);
		CU_ASSERT(count_rule(&r, "harness.world-writable") == 1);
		CU_ASSERT(count_rule(&r, "harness.duplicate-entry") == 1);
		e = find_entry(&r, "t.tar!/../escape");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT(e->flags & ASSAY_FLAG_REFUSED);
		CU_ASSERT(!(e->flags & ASSAY_FLAG_CONTENT));
		check_digest(e, "x", 1);
		e = find_entry(&r, "t.tar!/hard");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT(e->type == ASSAY_ENTRY_HARDLINK);
		/* The first ok/file was shadowed, so the link's bytes are gone. */
		e = find_entry(&r, "t.tar!/link");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_STRING_EQUAL(e->link, "/tmp");
		CU_ASSERT(e->rel == NULL);
		/* Nothing but the artefact and the workspace in the test dir. */
		CU_ASSERT(assay_test_dir_only(assay_test_dir(), allowed));
		CU_ASSERT(faccessat(r.ws->rootfd, "0/link", F_OK,
		    AT_SYMLINK_NOFOLLOW) == -1);
		CU_ASSERT(faccessat(r.ws->rootfd, "0/dev", F_OK,
		    AT_SYMLINK_NOFOLLOW) == -1);
		run_release(&r);
	}
	assay_confine_force_fallback(0);
}

static void
test_limits(void)
{
	struct assay_test_entry many[50], nest[1];
	char names[50][8];
	unsigned char *zeros, *level = NULL, *next;
	size_t i, len = 0;
	struct run r;

	for (i = 0; i < 50; i++) {
		(void)snprintf(names[i], sizeof(names[i]), "f%zu", i);
		memset(&many[i], 0, sizeof(many[i]));
		many[i].name = names[i];
		many[i].data = "x";
	}
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("many.tar"),
	    ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, many, 50) == 0);
	run_init(&r);
	r.lim.entries = 10;
	run_unpack(&r, assay_test_path("many.tar"), "many.tar");
	CU_ASSERT(r.incomplete);
	CU_ASSERT(count_rule(&r, "harness.limit-exceeded") == 1);
	CU_ASSERT(assay_inventory_count(r.inv) == 11);
	run_release(&r);

	/* 64 MiB of zeros: past a 1 MiB allowance the ratio stops it. */
	zeros = calloc(1, 64u << 20);
	CU_ASSERT_PTR_NOT_NULL_FATAL(zeros);
	memset(nest, 0, sizeof(nest));
	nest[0].name = "zeros";
	nest[0].data = zeros;
	nest[0].size = 64u << 20;
	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("bomb.tar.gz"),
	    ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_GZIP, nest, 1) == 0);
	free(zeros);
	run_init(&r);
	r.lim.ratio_after = 1u << 20;
	r.lim.ratio = 100;
	run_unpack(&r, assay_test_path("bomb.tar.gz"), "bomb.tar.gz");
	CU_ASSERT(r.incomplete);
	CU_ASSERT(count_rule(&r, "harness.limit-exceeded") == 1);
	CU_ASSERT(find_entry(&r, "bomb.tar.gz!/zeros")->flags &
	    ASSAY_FLAG_TRUNCATED);
	run_release(&r);

	/* Six levels of tar within tar; depth 3 allowed. */
	memset(nest, 0, sizeof(nest));
	nest[0].name = "leaf";
	nest[0].data = "leaf";
	for (i = 0; i < 6; i++) {
		next = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
		    ARCHIVE_FILTER_NONE, nest, 1, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(next);
		free(level);
		level = next;
		nest[0].name = "inner.tar";
		nest[0].data = level;
		nest[0].size = len;
	}
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("deep.tar"),
	    level, len) == 0);
	free(level);
	run_init(&r);
	r.lim.depth = 3;
	run_unpack(&r, assay_test_path("deep.tar"), "deep.tar");
	CU_ASSERT(r.incomplete);
	CU_ASSERT(count_rule(&r, "harness.limit-exceeded") == 1);
	CU_ASSERT(find_entry(&r,
	    "deep.tar!/inner.tar!/inner.tar!/inner.tar") != NULL);
	CU_ASSERT(find_entry(&r,
	    "deep.tar!/inner.tar!/inner.tar!/inner.tar!/inner.tar") == NULL);
	run_release(&r);
}

static void
test_bare_and_unsupported(void)
{
	struct assay_test_entry one[] = {
		{ .name = "looks.zip", .data = "PK\x03\x04 but not really" },
		{ .name = "rootfs.squashfs", .data = "hsqs and more" },
	};
	unsigned char *gz;
	struct assay_entry *e;
	struct archive *a;
	struct archive_entry *ae;
	size_t used = 0;
	struct run r;

	/* A raw gzip stream of one text file. */
	gz = malloc(4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gz);
	a = archive_write_new();
	archive_write_add_filter_gzip(a);
	archive_write_set_format_raw(a);
	CU_ASSERT_FATAL(archive_write_open_memory(a, gz, 4096, &used) ==
	    ARCHIVE_OK);
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, "notes");
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_size(ae, 12);
	CU_ASSERT(archive_write_header(a, ae) == ARCHIVE_OK);
	CU_ASSERT(archive_write_data(a, "hello world\n", 12) == 12);
	archive_entry_free(ae);
	archive_write_close(a);
	archive_write_free(a);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("notes.txt.gz"),
	    gz, used) == 0);
	free(gz);
	run_init(&r);
	run_unpack(&r, assay_test_path("notes.txt.gz"), "notes.txt.gz");
	e = find_entry(&r, "notes.txt.gz!/notes.txt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	check_digest(e, "hello world\n", 12);
	CU_ASSERT(!r.incomplete);
	run_release(&r);

	CU_ASSERT_FATAL(assay_test_archive(assay_test_path("odd.tar"),
	    ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE, one, 2) == 0);
	run_init(&r);
	run_unpack(&r, assay_test_path("odd.tar"), "odd.tar");
	CU_ASSERT(r.incomplete);
	CU_ASSERT(count_rule(&r, "harness.unsupported-archive") == 2);
	e = find_entry(&r, "odd.tar!/looks.zip");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(e->flags & ASSAY_FLAG_NOT_ARCHIVE);
	CU_ASSERT(e->flags & ASSAY_FLAG_CONTENT);
	run_release(&r);

	/* A plain file as an artefact is not an archive, and that is fine. */
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("tool.bin"),
	    "\x7f" "ELF....", 8) == 0);
	run_init(&r);
	run_unpack(&r, assay_test_path("tool.bin"), "tool.bin");
	CU_ASSERT(!r.incomplete);
	CU_ASSERT(r.fs.n == 0);
	CU_ASSERT(assay_inventory_count(r.inv) == 1);
	run_release(&r);
}

static void
test_gzip_integrity(void)
{
	static const struct assay_test_entry ents[] = {
		{ .name = "a.txt", .data = "some text that compresses\n" },
	};
	unsigned char *gz, *bad;
	size_t len;
	struct run r;

	gz = assay_test_archive_mem(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_GZIP, ents, 1, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gz);
	bad = malloc(len + 9);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);

	/* The CRC-32 in the trailer no longer matches: libarchive alone
	 * would not notice. */
	memcpy(bad, gz, len);
	bad[len - 8] ^= 0x01;
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("crc.tar.gz"),
	    bad, len) == 0);
	run_init(&r);
	run_unpack(&r, assay_test_path("crc.tar.gz"), "crc.tar.gz");
	CU_ASSERT(r.incomplete);
	CU_ASSERT(count_rule(&r, "harness.corrupt-archive") == 1);
	run_release(&r);

	/* Bytes appended after the stream are reported, not decoded. */
	memcpy(bad, gz, len);
	memcpy(bad + len, "SIGNATURE", 9);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("sig.tar.gz"),
	    bad, len + 9) == 0);
	run_init(&r);
	run_unpack(&r, assay_test_path("sig.tar.gz"), "sig.tar.gz");
	CU_ASSERT(!r.incomplete);
	CU_ASSERT(count_rule(&r, "harness.trailing-data") == 1);
	CU_ASSERT(find_entry(&r, "sig.tar.gz!/a.txt") != NULL);
	run_release(&r);

	/* The untouched stream: no findings, and the gzip layer recorded. */
	memcpy(bad, gz, len);
	CU_ASSERT_FATAL(assay_test_write_file(assay_test_path("ok.tar.gz"),
	    bad, len) == 0);
	run_init(&r);
	run_unpack(&r, assay_test_path("ok.tar.gz"), "ok.tar.gz");
	CU_ASSERT(!r.incomplete);
	CU_ASSERT(r.fs.n == 0);
	CU_ASSERT_STRING_EQUAL(assay_inventory_container(r.inv, 0)->filters,
	    "gzip");
	run_release(&r);
	free(bad);
	free(gz);
}

static CU_TestInfo tests[] = {
	{ "gzip integrity", test_gzip_integrity },
	{ "digests across ring slots", test_digests_across_slots },
	{ "nesting and paths", test_nesting_and_paths },
	{ "confinement", test_confinement },
	{ "limits", test_limits },
	{ "bare compressed and unsupported", test_bare_and_unsupported },
	CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
	{ "unpack", NULL, NULL, assay_test_setup, assay_test_teardown, tests },
	CU_SUITE_INFO_NULL
};

int
main(void)
{
	return assay_test_run(suites);
}
