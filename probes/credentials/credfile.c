/*
 * Bounded file reads and path classes for the credentials probe.
 */
#include "credfile.h"

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const struct assay_entry *
cred_next_file(struct assay_scan *scan, size_t *cursor)
{
	const struct assay_entry *e;
	size_t n = assay_scan_entry_count(scan);

	while (*cursor < n) {
		e = assay_scan_entry(scan, (*cursor)++);
		/*
		 * Entries the harness could not fully unpack keep their gap
		 * in coverage (limit, not-archive, truncated): a scan of
		 * their raw bytes would hide that their insides went unseen.
		 */
		if (e != NULL && assay_entry_type(e) == ASSAY_ENTRY_FILE &&
		    (assay_entry_flags(e) & ASSAY_FLAG_CONTENT) &&
		    !(assay_entry_flags(e) & (ASSAY_FLAG_CONTAINER |
		    ASSAY_FLAG_REFUSED | ASSAY_FLAG_ENCRYPTED |
		    ASSAY_FLAG_TRUNCATED | ASSAY_FLAG_NOT_ARCHIVE |
		    ASSAY_FLAG_LIMIT)))
			return e;
	}
	return NULL;
}

enum assay_err
cred_read(struct assay_scan *scan, const struct assay_entry *e, size_t max,
    unsigned char **datap, size_t *lenp, bool *truncatedp)
{
	unsigned char *buf = NULL;
	enum assay_err r;
	size_t got = 0;
	ssize_t n;
	int fd = -1;

	*datap = NULL;
	*lenp = 0;
	*truncatedp = false;
	if (assay_entry_size(e) <= max) {
		r = assay_entry_read(scan, e, max, datap, lenp);
		if (r != ASSAY_ERR_LIMIT)
			return r;
	}
	/* Larger than max (or grew since the inventory): keep the head. */
	if ((r = assay_entry_open(scan, e, &fd)) != ASSAY_OK)
		return r;
	if (max == SIZE_MAX || (buf = malloc(max + 1)) == NULL) {
		r = ASSAY_ERR_NOMEM;
		goto out;
	}
	while (got < max) {
		n = pread(fd, buf + got, max - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = ASSAY_ERR_IO;
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*datap = buf;
	*lenp = got;
	*truncatedp = got == max;
	buf = NULL;
	r = ASSAY_OK;
 out:
	free(buf);
	close(fd);
	return r;
}

enum assay_err
cred_param_size(struct assay_scan *scan, const char *key, size_t def,
    size_t min, size_t max, size_t *out)
{
	const char *v = assay_scan_param(scan, key), *s;
	unsigned long long n = 0, mul = 1;
	size_t digits = 0;

	*out = def;
	if (v == NULL)
		return ASSAY_OK;
	s = v;
	if (*s == '"')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (n > (ULLONG_MAX - 9) / 10)
			return ASSAY_ERR_USAGE;
		n = n * 10 + (unsigned long long)(*s - '0');
	}
	switch (*s) {
	case 'K': case 'k': mul = 1024ull; s++; break;
	case 'M': case 'm': mul = 1024ull * 1024; s++; break;
	case 'G': case 'g': mul = 1024ull * 1024 * 1024; s++; break;
	default: break;
	}
	if (*s == '"' && v[0] == '"')
		s++;
	if (digits == 0 || *s != '\0' || n > ULLONG_MAX / mul ||
	    n * mul < min || n * mul > max)
		return ASSAY_ERR_USAGE;
	*out = (size_t)(n * mul);
	return ASSAY_OK;
}

/* Folder names that hold documentation or test fixtures. */
static const struct {
	const char *dir;
	const char *why;
} sample_dirs[] = {
	{ "doc", "documentation folder doc/" },
	{ "docs", "documentation folder docs/" },
	{ "man", "manual pages folder man/" },
	{ "examples", "examples folder examples/" },
	{ "example", "examples folder example/" },
	{ "samples", "samples folder samples/" },
	{ "sample", "samples folder sample/" },
	{ "test", "test fixture folder test/" },
	{ "tests", "test fixture folder tests/" },
	{ "testing", "test fixture folder testing/" },
	{ "testdata", "test fixture folder testdata/" },
	{ "fixtures", "test fixture folder fixtures/" },
	{ "__tests__", "test fixture folder __tests__/" },
};

static bool
ends_with(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);

	return n >= t && strncasecmp(s + n - t, tail, t) == 0;
}

const char *
cred_sample_path(const char *name)
{
	const char *c = name, *slash, *base = name;
	size_t len, i;

	/* Folders first, from the top: the outermost reason is the clearest. */
	for (;;) {
		slash = strchr(c, '/');
		if (slash == NULL)
			break;
		len = (size_t)(slash - c);
		for (i = 0; i < sizeof(sample_dirs) / sizeof(sample_dirs[0]);
		    i++)
			if (strlen(sample_dirs[i].dir) == len &&
			    strncasecmp(c, sample_dirs[i].dir, len) == 0)
				return sample_dirs[i].why;
		c = slash + 1;
		base = c;
	}
	len = strlen(base);
	if (strncasecmp(base, "README", 6) == 0)
		return "README file";
	if (ends_with(base, len, ".md") || ends_with(base, len, ".markdown"))
		return "Markdown file";
	if (ends_with(base, len, ".rst") || ends_with(base, len, ".adoc"))
		return "documentation file";
	return NULL;
}
