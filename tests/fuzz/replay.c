/*
 * Replays saved fuzz inputs through LLVMFuzzerTestOneInput() in builds
 * without libFuzzer, so that the committed corpus (and every crash once
 * found and added to it) runs under CTest with gcc and the sanitizers.
 *
 * Usage: fuzz_<name>_replay FILE|DIR...; a directory's regular files are
 * run in name order, its subdirectories are walked likewise.  Exits 0 when
 * every input ran (a crash ends the process), 1 when an input could not be
 * read or none was found, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define MAX_DEPTH 16

struct tally {
	unsigned long inputs;
	unsigned long failures;
};

static void walk(const char *path, int depth, struct tally *t);

/* Reads a whole file of at most REPLAY_MAX_BYTES bytes; NULL with errno set. */
static uint8_t *
slurp(const char *path, size_t *lenp)
{
	uint8_t *buf = NULL, *p;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd, saved;

	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	for (;;) {
		if (len == cap) {
			if (cap >= REPLAY_MAX_BYTES) {
				errno = EFBIG;
				goto fail;
			}
			cap = cap == 0 ? 65536 : cap * 2;
			if ((p = realloc(buf, cap)) == NULL)
				goto fail;
			buf = p;
		}
		if ((r = read(fd, buf + len, cap - len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	*lenp = len;
	/* A zero-length input still needs a pointer that is not NULL. */
	if (buf == NULL && (buf = malloc(1)) == NULL)
		return NULL;
	return buf;
 fail:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
}

static void
run_file(const char *path, struct tally *t)
{
	uint8_t *data;
	size_t len;

	if ((data = slurp(path, &len)) == NULL) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
		    strerror(errno));
		t->failures++;
		return;
	}
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	(void)LLVMFuzzerTestOneInput(data, len);
	free(data);
	t->inputs++;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void
run_dir(const char *path, int depth, struct tally *t)
{
	struct dirent **names = NULL;
	char child[4096];
	int i, n, len;

	if ((n = scandir(path, &names, not_dot, by_name)) == -1) {
		fprintf(stderr, "replay: cannot list %s: %s\n", path,
		    strerror(errno));
		t->failures++;
		return;
	}
	for (i = 0; i < n; i++) {
		len = snprintf(child, sizeof(child), "%s/%s", path,
		    names[i]->d_name);
		if (len < 0 || (size_t)len >= sizeof(child)) {
			fprintf(stderr, "replay: path too long: %s/%s\n", path,
			    names[i]->d_name);
			t->failures++;
		} else {
			walk(child, depth + 1, t);
		}
		free(names[i]);
	}
	free(names);
}

static void
walk(const char *path, int depth, struct tally *t)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
		    strerror(errno));
		t->failures++;
	} else if (S_ISDIR(st.st_mode)) {
		if (depth >= MAX_DEPTH) {
			fprintf(stderr, "replay: %s: directories nested too "
			    "deep\n", path);
			t->failures++;
		} else {
			run_dir(path, depth, t);
		}
	} else if (S_ISREG(st.st_mode)) {
		run_file(path, t);
	}
}

int
main(int argc, char **argv)
{
	struct tally t = { 0, 0 };
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		walk(argv[i], 0, &t);
	printf("replay: %lu inputs ran, %lu could not be read\n", t.inputs,
	    t.failures);
	if (t.inputs == 0 && t.failures == 0)
		fprintf(stderr, "replay: no input found\n");
	return t.failures == 0 && t.inputs > 0 ? 0 : 1;
}
