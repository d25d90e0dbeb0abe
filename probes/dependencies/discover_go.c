/*
 * Go: the build information the linker embeds in every module-aware
 * binary, behind the 16-byte-aligned header "\xff Go buildinf:".  Go 1.18
 * and later put the version and module strings inline after the 32-byte
 * header as varint-length strings; older linkers put two pointers to Go
 * string headers there, which are followed through the ELF segments or PE
 * sections.  Every length and pointer is checked against the file.
 */
#include <stdlib.h>
#include <string.h>

#include "discover.h"

#define GO_STRING_MAX	(1u << 20)	/* bytes of the module text */
#define GO_FLAG_BIG	1u
#define GO_FLAG_INLINE	2u

static const char go_magic[14] = "\xff Go buildinf:";

/* A varint at *offp (advanced past it); 0 or -1. */
static int
read_uvarint(const struct dep_blob *b, uint64_t *offp, uint64_t *vp)
{
	unsigned char c;
	unsigned shift;
	uint64_t v = 0;

	for (shift = 0; shift < 64; shift += 7) {
		if (dep_blob_read(b, *offp, &c, 1) != 0)
			return -1;
		(*offp)++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*vp = v;
			return 0;
		}
	}
	return -1;
}

/* Reads n (<= GO_STRING_MAX) bytes at off into a new NUL-terminated string. */
static char *
read_string(const struct dep_blob *b, uint64_t off, uint64_t n, int *nomemp)
{
	char *s;

	if (n > GO_STRING_MAX)
		return NULL;
	if ((s = malloc((size_t)n + 1)) == NULL) {
		*nomemp = 1;
		return NULL;
	}
	if (dep_blob_read(b, off, s, (size_t)n) != 0) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

/* A Go string header {data, len} at virtual address va. */
static char *
read_go_string(const struct dep_blob *b, const struct dep_binfmt *fmt,
    uint64_t va, unsigned psize, int big, int *nomemp)
{
	unsigned char hdr[16];
	uint64_t off, data, n;

	if (dep_binfmt_offset(fmt, va, &off) != 0 ||
	    dep_blob_read(b, off, hdr, 2 * psize) != 0)
		return NULL;
	data = dep_uint_at(hdr, psize, big);
	n = dep_uint_at(hdr + psize, psize, big);
	if (n > GO_STRING_MAX || dep_binfmt_offset(fmt, data, &off) != 0)
		return NULL;
	return read_string(b, off, n, nomemp);
}

/* "github.com/a/b" becomes namespace "github.com/a" and name "b". */
static struct dep_component *
add_module(struct dep_parse *p, const char *path, const char *version)
{
	const char *slash = strrchr(path, '/');
	struct dep_component *c;
	char *ns;

	if (slash == NULL || slash == path)
		return dep_parse_add(p, "golang", NULL, path, version, 0);
	if ((ns = strndup(path, (size_t)(slash - path))) == NULL) {
		p->nomem = 1;
		return NULL;
	}
	c = dep_parse_add(p, "golang", ns, slash + 1, version, 0);
	free(ns);
	return c;
}

enum assay_err
go_modinfo_parse(const char *buf, size_t len, struct dep_parse *p)
{
	struct dep_lines it;
	const char *line;
	size_t n, nf, i, last = (size_t)-1;
	char *fields[4] = { NULL, NULL, NULL, NULL };

	/* The linker wraps the text in 16-byte sentinels. */
	if (len >= 33 && buf[len - 17] == '\n') {
		buf += 16;
		len -= 32;
	}
	dep_lines_init(&it, buf, len);
	while (dep_lines_next(&it, &line, &n) && !p->nomem) {
		const char *q = line, *end = line + n, *tab, *stop;

		for (nf = 0; nf < 4;) {
			tab = memchr(q, '\t', (size_t)(end - q));
			stop = tab == NULL ? end : tab;
			if ((fields[nf++] = strndup(q, (size_t)(stop - q))) ==
			    NULL) {
				p->nomem = 1;
				break;
			}
			if (tab == NULL)
				break;
			q = tab + 1;
		}
		if (p->nomem)
			goto next;
		if (nf >= 3 && strcmp(fields[0], "dep") == 0) {
			last = (size_t)-1;
			if (add_module(p, fields[1], fields[2]) != NULL)
				last = p->l->n - 1;
		} else if (nf >= 2 && strcmp(fields[0], "=>") == 0 &&
		    last != (size_t)-1 && last == p->l->n - 1) {
			/* A replacement stands in for the dep before it. */
			dep_component_release(&p->l->v[last]);
			p->l->n--;
			last = (size_t)-1;
			if (nf >= 3 && fields[2][0] != '\0')
				(void)add_module(p, fields[1], fields[2]);
		}
 next:
		for (i = 0; i < 4; i++) {
			free(fields[i]);
			fields[i] = NULL;
		}
	}
	return dep_parse_status(p);
}

/* "go1.21.3" (perhaps followed by " X:..." experiments) as a component. */
static void
add_toolchain(struct dep_parse *p, const char *gover)
{
	struct dep_component *c;
	char *v;
	size_t n;

	if (strncmp(gover, "go1", 3) != 0)
		return;		/* devel builds have no release */
	n = strcspn(gover + 2, " \t");
	if ((v = strndup(gover + 2, n)) == NULL) {
		p->nomem = 1;
		return;
	}
	if ((c = dep_parse_add(p, "golang", NULL, "stdlib", v, 0)) != NULL &&
	    dep_set_product(c, "go") != 0)
		p->nomem = 1;
	free(v);
}

enum assay_err
go_buildinfo_parse(const struct dep_blob *b, const struct dep_binfmt *fmt,
    uint64_t off, struct dep_parse *p)
{
	unsigned char hdr[32];
	char *gover = NULL, *mod = NULL;
	uint64_t at, n;
	unsigned psize;
	int big;

	if (dep_blob_read(b, off, hdr, sizeof(hdr)) != 0 ||
	    memcmp(hdr, go_magic, sizeof(go_magic)) != 0)
		return ASSAY_OK;
	psize = hdr[14];
	big = (hdr[15] & GO_FLAG_BIG) != 0;
	if (hdr[15] & GO_FLAG_INLINE) {
		at = off + 32;
		if (read_uvarint(b, &at, &n) != 0 ||
		    (gover = read_string(b, at, n, &p->nomem)) == NULL)
			goto bad;
		at += n;
		if (read_uvarint(b, &at, &n) != 0 ||
		    (mod = read_string(b, at, n, &p->nomem)) == NULL)
			goto bad;
	} else {
		if (psize != 4 && psize != 8)
			goto bad;
		gover = read_go_string(b, fmt, dep_uint_at(hdr + 16, psize, big),
		    psize, big, &p->nomem);
		mod = read_go_string(b, fmt, dep_uint_at(hdr + 16 + psize, psize,
		    big), psize, big, &p->nomem);
		if (gover == NULL || mod == NULL)
			goto bad;
	}
	add_toolchain(p, gover);
	if (!p->nomem)
		(void)go_modinfo_parse(mod, strlen(mod), p);
	goto out;
 bad:
	if (!p->nomem)
		dep_parse_fail(p, 0, "Go build info at offset %llu is "
		    "truncated or points outside the file",
		    (unsigned long long)off);
 out:
	free(gover);
	free(mod);
	return dep_parse_status(p);
}
