/*
 * Components inside binaries, in one bounded pass per file: the sections
 * cargo-auditable and the Go linker leave (.dep-v0, .go.buildinfo, or the
 * Go header found by content), and C and C++ products found by version
 * strings kept as data (data/signatures/<product>.json).  Each signature
 * is a literal, searched with memmem, and a PCRE2 pattern anchored where
 * the literal starts whose first group is the version; the file is read
 * in chunks that overlap by the longest match allowed, and each offset is
 * tried once.  A product and version count once per file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>

#include "discover.h"

#define CHUNK		(1u << 20)	/* bytes per read */
#define MATCH_MAX	256u		/* bytes a signature's match may span */
#define LITERAL_MAX	64u		/* bytes of a signature's literal */
#define PER_FILE_MAX	64u		/* distinct components per file */
#define SIGS_MAX	1024u		/* signatures in all */
#define AUDITABLE_IN_MAX (4u << 20)	/* bytes of a .dep-v0 section */
#define BINARY_MAX	((uint64_t)1 << 30)	/* bytes of a scanned file */

static const char go_magic[] = "\xff Go buildinf:";

struct signature {
	char *product;		/* end-of-life id, "openssl" */
	char *ecosystem;	/* purl type, usually "generic" */
	char *namespace_;	/* or NULL */
	char *name;		/* component name */
	char *file;		/* the data file it came from */
	char *literal;
	size_t literal_len;
	json_t *version_map;	/* captured text -> version, or NULL */
	pcre2_code *re;
};

struct dep_sigset {
	struct signature *v;
	size_t n;
};

static void
signature_release(struct signature *s)
{
	free(s->product);
	free(s->ecosystem);
	free(s->namespace_);
	free(s->name);
	free(s->file);
	free(s->literal);
	json_decref(s->version_map);
	pcre2_code_free(s->re);
}

void
dep_sigset_free(struct dep_sigset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		signature_release(&set->v[i]);
	free(set->v);
	free(set);
}

static char *
dup_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static enum assay_err
load_one(struct dep_sigset *set, json_t *top, json_t *sig, const char *file,
    char *err, size_t errlen)
{
	struct signature s;
	PCRE2_SIZE eoff;
	json_t *lit, *rx, *map;
	int ecode;
	struct signature *v;

	memset(&s, 0, sizeof(s));
	lit = json_object_get(sig, "literal");
	rx = json_object_get(sig, "regex");
	map = json_object_get(sig, "version_map");
	if (!json_is_string(lit) || json_string_length(lit) == 0 ||
	    json_string_length(lit) > LITERAL_MAX || !json_is_string(rx) ||
	    (map != NULL && !json_is_object(map))) {
		(void)snprintf(err, errlen, "%s: a signature needs a literal "
		    "(1 to %u bytes) and a regex", file, LITERAL_MAX);
		return ASSAY_ERR_INVALID;
	}
	s.re = pcre2_compile((PCRE2_SPTR)json_string_value(rx),
	    json_string_length(rx), PCRE2_ANCHORED, &ecode, &eoff, NULL);
	if (s.re == NULL) {
		(void)snprintf(err, errlen, "%s: regex does not compile at "
		    "offset %zu", file, (size_t)eoff);
		return ASSAY_ERR_INVALID;
	}
	(void)pcre2_jit_compile(s.re, PCRE2_JIT_COMPLETE);
	s.product = dup_str(top, "product");
	s.ecosystem = dup_str(top, "ecosystem");
	if (s.ecosystem == NULL)
		s.ecosystem = strdup("generic");
	s.namespace_ = dup_str(top, "namespace");
	s.name = dup_str(top, "name");
	if (s.name == NULL && s.product != NULL)
		s.name = strdup(s.product);
	s.file = strdup(file);
	s.literal_len = json_string_length(lit);
	s.literal = malloc(s.literal_len + 1);
	if (s.literal != NULL)
		memcpy(s.literal, json_string_value(lit), s.literal_len + 1);
	s.version_map = json_incref(map);
	if (s.product != NULL && s.ecosystem != NULL && s.name != NULL &&
	    (!dep_text_ok(s.product) || !dep_type_ok(s.ecosystem) ||
	    !dep_text_ok(s.name) || (s.namespace_ != NULL &&
	    !dep_text_ok(s.namespace_)))) {
		signature_release(&s);
		(void)snprintf(err, errlen, "%s: product, ecosystem, namespace "
		    "or name is not valid purl text", file);
		return ASSAY_ERR_INVALID;
	}
	if (s.product == NULL || s.ecosystem == NULL || s.name == NULL ||
	    s.file == NULL || s.literal == NULL || set->n >= SIGS_MAX ||
	    (v = reallocarray(set->v, set->n + 1, sizeof(*v))) == NULL) {
		int bad = s.product == NULL || set->n >= SIGS_MAX;

		signature_release(&s);
		if (bad) {
			(void)snprintf(err, errlen, "%s: no product, or more "
			    "than %u signatures", file, SIGS_MAX);
			return ASSAY_ERR_INVALID;
		}
		return ASSAY_ERR_NOMEM;
	}
	set->v = v;
	set->v[set->n++] = s;
	return ASSAY_OK;
}

enum assay_err
dep_sigset_load(struct dep_sigset **setp, const char *json, size_t len,
    const char *file, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *top, *sigs, *sig;
	enum assay_err r = ASSAY_OK;
	size_t i;

	if (*setp == NULL && (*setp = calloc(1, sizeof(**setp))) == NULL)
		return ASSAY_ERR_NOMEM;
	/* Literals may hold NUL ("\u0000"): strings in binaries end in one. */
	if ((top = json_loadb(json, len, JSON_ALLOW_NUL, &jerr)) == NULL) {
		(void)snprintf(err, errlen, "%s: line %d: %s", file, jerr.line,
		    jerr.text);
		return ASSAY_ERR_INVALID;
	}
	sigs = json_object_get(top, "signatures");
	if (!json_is_string(json_object_get(top, "product")) ||
	    !json_is_array(sigs)) {
		(void)snprintf(err, errlen, "%s: needs \"product\" and "
		    "\"signatures\"", file);
		r = ASSAY_ERR_INVALID;
	}
	json_array_foreach(sigs, i, sig) {
		if (r != ASSAY_OK)
			break;
		r = load_one(*setp, top, sig, file, err, errlen);
	}
	json_decref(top);
	return r;
}

/* One component per product and version in a file; then the rest. */
static void
add_hit(struct dep_parse *p, const struct signature *s, const char *version,
    size_t from)
{
	struct dep_component *c;
	json_t *mapped;
	size_t i;

	if (s->version_map != NULL) {
		mapped = json_object_get(s->version_map, version);
		if (!json_is_string(mapped))
			return;		/* a build the table does not know */
		version = json_string_value(mapped);
	}
	for (i = from; i < p->l->n; i++)
		if (p->l->v[i].product != NULL &&
		    strcmp(p->l->v[i].product, s->product) == 0 &&
		    strcmp(p->l->v[i].version, version) == 0)
			return;
	if (p->l->n - from >= PER_FILE_MAX)
		return;
	if (!dep_text_ok(version))
		return;
	c = dep_list_add(p->l, s->ecosystem, s->namespace_, s->name, version,
	    DEP_BINARY, p->entry, 0, s->file);
	if (c == NULL || dep_set_product(c, s->product) != 0)
		p->nomem = 1;
}

static void
try_signature(struct dep_parse *p, const struct signature *s,
    pcre2_match_data *md, const unsigned char *buf, size_t len, size_t at,
    size_t from)
{
	PCRE2_SIZE *ov;
	char version[MATCH_MAX + 1];
	size_t end = at + MATCH_MAX < len ? at + MATCH_MAX : len, n;

	if (pcre2_match(s->re, buf + at, end - at, 0, PCRE2_ANCHORED, md,
	    NULL) < 2)
		return;
	ov = pcre2_get_ovector_pointer(md);
	if (ov[2] == PCRE2_UNSET || ov[3] <= ov[2])
		return;
	n = ov[3] - ov[2];
	if (n > MATCH_MAX)
		return;
	memcpy(version, buf + at + ov[2], n);
	version[n] = '\0';
	add_hit(p, s, version, from);
}

/*
 * Signatures and the Go header (between file offsets go_lo and go_hi) over
 * [0, scan_len) of buf (len bytes, starting at file offset base).
 */
static void
scan_chunk(struct dep_parse *p, const struct dep_sigset *set,
    pcre2_match_data *md, const unsigned char *buf, size_t len,
    size_t scan_len, size_t from, uint64_t base, uint64_t go_lo,
    uint64_t go_hi, int64_t *gop)
{
	const unsigned char *q, *hit;
	size_t i, at;

	for (i = 0; set != NULL && i < set->n && !p->nomem; i++) {
		const struct signature *s = &set->v[i];

		for (q = buf; q < buf + scan_len; q = hit + 1) {
			hit = memmem(q, (size_t)(buf + len - q), s->literal,
			    s->literal_len);
			if (hit == NULL || hit >= buf + scan_len)
				break;
			at = (size_t)(hit - buf);
			try_signature(p, s, md, buf, len, at, from);
		}
	}
	if (*gop < 0) {
		for (q = buf; q < buf + scan_len; q = hit + 1) {
			hit = memmem(q, (size_t)(buf + len - q), go_magic,
			    sizeof(go_magic) - 1);
			if (hit == NULL || hit >= buf + scan_len)
				break;
			at = (size_t)(hit - buf);
			/* The linker aligns the header to 16 bytes. */
			if (((base + at) & 15) == 0 && base + at >= go_lo &&
			    base + at < go_hi) {
				*gop = (int64_t)(base + at);
				break;
			}
		}
	}
}

static void
scan_auditable(const struct dep_blob *b, const struct dep_binfmt *fmt,
    struct dep_parse *p)
{
	uint64_t off, size;
	unsigned char *sect;

	if (dep_binfmt_section(fmt, ".dep-v0", &off, &size) != 0)
		return;
	if (size > AUDITABLE_IN_MAX) {
		dep_parse_fail(p, 0, ".dep-v0 section larger than %u bytes",
		    AUDITABLE_IN_MAX);
		return;
	}
	if ((sect = malloc(size == 0 ? 1 : (size_t)size)) == NULL) {
		p->nomem = 1;
		return;
	}
	if (dep_blob_read(b, off, sect, (size_t)size) != 0)
		dep_parse_fail(p, 0, ".dep-v0 section lies outside the file");
	else {
		p->source = "cargo-auditable .dep-v0";
		(void)cargo_auditable_parse(sect, (size_t)size, p);
	}
	free(sect);
}

enum assay_err
dep_binary_scan(const struct dep_blob *b, const struct dep_sigset *set,
    struct dep_parse *p)
{
	struct dep_binfmt *fmt = NULL;
	pcre2_match_data *md = NULL;
	unsigned char *buf = NULL;
	uint64_t pos = 0, off, size, overlap = MATCH_MAX + sizeof(go_magic);
	uint64_t go_lo = 0, go_hi = UINT64_MAX;
	int64_t go = -1;
	int go_section = 0;
	size_t from = p->l->n, len, scan_len;

	p->method = DEP_BINARY;
	if ((fmt = malloc(sizeof(*fmt))) == NULL ||
	    (buf = malloc(CHUNK + overlap)) == NULL ||
	    (md = pcre2_match_data_create(4, NULL)) == NULL) {
		p->nomem = 1;
		goto out;
	}
	if (dep_binfmt_parse(b, fmt) != 0)
		fmt->nsect = 0;	/* bad tables: signatures still apply */
	scan_auditable(b, fmt, p);
	/*
	 * The section when there is one; else the header is looked for by
	 * content, in PE only inside .data, where the linker puts it (the
	 * toolchain itself carries the magic as a constant elsewhere).
	 */
	if (dep_binfmt_section(fmt, ".go.buildinfo", &off, &size) == 0) {
		go = (int64_t)off;
		go_section = 1;
	} else if (fmt->kind == 'P' &&
	    dep_binfmt_section(fmt, ".data", &off, &size) == 0) {
		go_lo = off;
		go_hi = off + size < off ? UINT64_MAX : off + size;
	}
	while (pos < b->size && pos < BINARY_MAX && !p->nomem) {
		len = b->size - pos < CHUNK + overlap ?
		    (size_t)(b->size - pos) : CHUNK + overlap;
		if (dep_blob_read(b, pos, buf, len) != 0)
			break;
		/* Offsets past CHUNK are tried again in the next chunk. */
		scan_len = len > CHUNK ? CHUNK : len;
		if (pos + len == b->size)
			scan_len = len;
		scan_chunk(p, set, md, buf, len, scan_len, from, pos, go_lo,
		    go_hi, &go);
		pos += scan_len;
	}
	if (go >= 0 && !p->nomem && fmt->kind != 0) {
		int had_err = p->err[0] != '\0';

		p->source = "Go build info";
		(void)go_buildinfo_parse(b, fmt, (uint64_t)go, p);
		/* A header found by content may be a look-alike: no error. */
		if (!go_section && !had_err)
			p->err[0] = '\0';
	}
 out:
	pcre2_match_data_free(md);
	free(buf);
	free(fmt);
	return dep_parse_status(p);
}

/* ELF, PE and the usual firmware image names. */
static int
candidate(const struct dep_blob *b, const char *name)
{
	static const char *const blobs[] = { "*.bin", "*.img", "*.fw",
	    "vmlinu*", "zImage", "uImage", "bzImage", "Image", "*.itb",
	    "*.trx", NULL };
	const char *base = strrchr(name, '/');
	unsigned char h[4];
	size_t i, n;

	if (dep_blob_read(b, 0, h, sizeof(h)) != 0)
		return 0;
	if (memcmp(h, "\177ELF", 4) == 0 || (h[0] == 'M' && h[1] == 'Z'))
		return 1;
	base = base == NULL ? name : base + 1;
	for (i = 0; blobs[i] != NULL; i++) {
		n = strlen(blobs[i]);
		if (blobs[i][0] == '*' ? strlen(base) >= n - 1 &&
		    strcmp(base + strlen(base) - (n - 1), blobs[i] + 1) == 0 :
		    blobs[i][n - 1] == '*' ? strncmp(base, blobs[i], n - 1) ==
		    0 : strcmp(base, blobs[i]) == 0)
			return 1;
	}
	return 0;
}

/* Every signature file the index lists. */
static enum assay_err
load_signatures(struct assay_scan *scan, struct dep_sigset **setp)
{
	unsigned char *idx = NULL, *data = NULL;
	char path[256], err[256];
	json_t *files = NULL, *f;
	enum assay_err r;
	size_t len, i;
	int n;

	*setp = NULL;
	r = assay_scan_data_read(scan, "signatures/index.json", 1u << 20, &idx,
	    &len);
	if (r == ASSAY_ERR_NOT_FOUND || r == ASSAY_ERR_IO)
		return ASSAY_OK;	/* no signatures shipped */
	if (r != ASSAY_OK)
		return r;
	if ((files = json_loadb((char *)idx, len, 0, NULL)) == NULL ||
	    !json_is_array(files)) {
		r = ASSAY_ERR_INVALID;
		goto out;
	}
	json_array_foreach(files, i, f) {
		if (!json_is_string(f))
			continue;
		n = snprintf(path, sizeof(path), "signatures/%s",
		    json_string_value(f));
		if (n < 0 || (size_t)n >= sizeof(path))
			continue;
		if ((r = assay_scan_data_read(scan, path, 1u << 20, &data,
		    &len)) != ASSAY_OK)
			goto out;
		r = dep_sigset_load(setp, (char *)data, len,
		    json_string_value(f), err, sizeof(err));
		free(data);
		data = NULL;
		if (r != ASSAY_OK)
			goto out;
	}
 out:
	json_decref(files);
	free(idx);
	return r;
}

enum assay_err
discover_binaries(struct assay_scan *scan, struct dep_list *l)
{
	/*
	 * Archives were unpacked (their members are scanned instead), and
	 * bytes cut short, refused or encrypted say nothing reliable: those
	 * keep the coverage gap the harness gave them.
	 */
	const unsigned skip = ASSAY_FLAG_CONTAINER | ASSAY_FLAG_NOT_ARCHIVE |
	    ASSAY_FLAG_REFUSED | ASSAY_FLAG_ENCRYPTED | ASSAY_FLAG_TRUNCATED |
	    ASSAY_FLAG_LIMIT | ASSAY_FLAG_SHADOWED;
	const struct assay_entry *e;
	struct dep_sigset *set = NULL;
	struct dep_blob b;
	struct dep_parse p;
	enum assay_err r;
	size_t i, n, from;
	int fd;

	if ((r = load_signatures(scan, &set)) != ASSAY_OK)
		return r;
	/*
	 * By index rather than assay_scan_next(), so that only the files
	 * opened here count as examined.
	 */
	n = assay_scan_entry_count(scan);
	for (i = 0; i < n; i++) {
		if ((e = assay_scan_entry(scan, i)) == NULL ||
		    assay_entry_type(e) != ASSAY_ENTRY_FILE ||
		    (assay_entry_flags(e) & (ASSAY_FLAG_CONTENT | skip)) !=
		    ASSAY_FLAG_CONTENT || assay_entry_size(e) < 16)
			continue;
		if (assay_entry_open(scan, e, &fd) != ASSAY_OK)
			continue;
		b.fd = fd;
		b.mem = NULL;
		b.size = assay_entry_size(e);
		if (!candidate(&b, assay_entry_name(e))) {
			close(fd);
			continue;
		}
		memset(&p, 0, sizeof(p));
		p.l = l;
		p.entry = e;
		p.method = DEP_BINARY;
		from = l->n;
		r = dep_binary_scan(&b, set, &p);
		close(fd);
		if (r != ASSAY_OK)
			break;
		dep_dedupe_from(l, from);
		if ((r = dep_report_parse(scan, &p)) != ASSAY_OK)
			break;
	}
	dep_sigset_free(set);
	return r;
}
