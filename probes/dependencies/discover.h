/*
 * Discovery's internal contract: one pure parser per file format, over
 * bytes, so that tests and fuzzers call them without a scan.  A parser
 * adds what it finds to p->l and records the first parse error in p
 * (line and text); it returns ASSAY_OK whatever the input held and an
 * error only when memory ran out.  The entry pointer is only recorded.
 */
#ifndef ASSAY_DEPS_DISCOVER_H
#define ASSAY_DEPS_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "deps.h"

#define DEP_ERR_MAX	200	/* bytes of a parse error's text */
#define DEP_JSON_MAX	(64u << 20)	/* bytes of a JSON lock file */
#define DEP_TEXT_MAX	(32u << 20)	/* bytes of a text manifest */
#define DEP_LINE_MAX	(64u << 10)	/* bytes of one line */
#define DEP_NEST_MAX	64	/* npm v1 dependency nesting, SBOM nesting */

struct dep_parse {
	struct dep_list *l;		/* components go here */
	const struct assay_entry *entry; /* recorded in each component */
	enum dep_method method;		/* how components are found */
	const char *source;		/* "package-lock.json v3", ... */
	const char *distro_id;		/* os-release ID ("debian") or NULL */
	const char *distro;		/* "debian-12" or NULL */
	unsigned long err_line;		/* first parse error's line, 0 */
	char err[DEP_ERR_MAX];		/* its text; "" when none */
	int nomem;			/* an allocation failed */
};

/* Records a parse error (the first only; text is made printable). */
void dep_parse_fail(struct dep_parse *p, unsigned long line,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Adds a component with p's entry, method and source; a name or version
 * that is empty or not UTF-8 is a parse error at line, not a component.
 * NULL then (or when memory ran out: p->nomem).
 */
struct dep_component *dep_parse_add(struct dep_parse *p, const char *eco,
    const char *ns, const char *name, const char *version,
    unsigned long line);

/* Non-empty, at most 16 KiB, UTF-8 without control characters. */
int dep_text_ok(const char *s);

/* A purl type: 1 to 64 ASCII letters, digits, '.', '+', '-'; a letter first. */
int dep_type_ok(const char *type);

/* Frees a component's strings (not the component itself). */
void dep_component_release(struct dep_component *c);

/* ASSAY_ERR_NOMEM when p->nomem, else ASSAY_OK. */
enum assay_err dep_parse_status(const struct dep_parse *p);

/*
 * Line iteration over a buffer that may hold NULs and lack a final
 * newline: each line without its "\n" or "\r\n"; 0 at the end.
 */
struct dep_lines {
	const char *p, *end;
	unsigned long no;	/* 1-based number of the line returned */
};
void dep_lines_init(struct dep_lines *it, const char *buf, size_t len);
int dep_lines_next(struct dep_lines *it, const char **linep, size_t *lenp);
/* 1, after a parse error at the current line of it, when n > DEP_LINE_MAX. */
int dep_line_too_long(struct dep_parse *p, const struct dep_lines *it,
    size_t n);

/* A copy of s[0..n) without surrounding blanks; NULL when out of memory. */
char *dep_strndup_trim(const char *s, size_t n);

/*
 * The [[package]] tables of a TOML lock file, read line by line (name and
 * version as basic strings); with want_source, only tables that name a
 * source (Cargo.lock leaves it out for the workspace's own crates).
 */
enum assay_err dep_toml_packages(const char *buf, size_t len,
    struct dep_parse *p, const char *eco, int want_source);

/* ---- the parsers -------------------------------------------------------- */

typedef enum assay_err (*dep_parser_fn)(const char *buf, size_t len,
    struct dep_parse *p);

enum assay_err npm_lock_parse(const char *, size_t, struct dep_parse *);
enum assay_err npm_package_parse(const char *, size_t, struct dep_parse *);
enum assay_err python_metadata_parse(const char *, size_t,
    struct dep_parse *);
enum assay_err python_requirements_parse(const char *, size_t,
    struct dep_parse *);
enum assay_err poetry_lock_parse(const char *, size_t, struct dep_parse *);
enum assay_err cargo_lock_parse(const char *, size_t, struct dep_parse *);
enum assay_err composer_lock_parse(const char *, size_t, struct dep_parse *);
enum assay_err gemfile_lock_parse(const char *, size_t, struct dep_parse *);
enum assay_err dotnet_deps_parse(const char *, size_t, struct dep_parse *);
enum assay_err dpkg_status_parse(const char *, size_t, struct dep_parse *);
enum assay_err opkg_status_parse(const char *, size_t, struct dep_parse *);
enum assay_err apk_installed_parse(const char *, size_t, struct dep_parse *);
enum assay_err maven_pom_properties_parse(const char *, size_t,
    struct dep_parse *);
enum assay_err java_manifest_parse(const char *, size_t, struct dep_parse *);

/*
 * An SBOM, CycloneDX or SPDX JSON: its format name ("CycloneDX 1.5",
 * "SPDX 2.3") into format (NULL format: ignore) and its components into
 * p->l.  Returns ASSAY_ERR_NOT_FOUND when the bytes are JSON but no SBOM.
 */
enum assay_err sbom_parse(const char *buf, size_t len, struct dep_parse *p,
    char *format, size_t formatlen);
/* The parser of sbom_parse with the format dropped, for the table. */
enum assay_err sbom_parse_any(const char *, size_t, struct dep_parse *);

/* os-release: ID and VERSION_ID into new strings (NULL when absent). */
void os_release_parse(const char *buf, size_t len, char **idp,
    char **version_idp);

/*
 * One RPM header blob as the rpmdb stores it (index count, data size,
 * index entries, data): NAME, VERSION, RELEASE, EPOCH and ARCH.
 */
enum assay_err rpm_header_parse(const unsigned char *blob, size_t len,
    struct dep_parse *p);

/*
 * The Packages table of an RPM sqlite database open as fd (read-only and
 * immutable through /proc/self/fd; triggers, views and untrusted schema
 * functions off; the number of virtual-machine steps capped).
 */
void dep_rpmdb_read(int fd, struct dep_parse *p);

/*
 * The components of found (not those from SBOMs, and only those inside
 * the SBOM's own container unless it is an artefact itself) that sb does
 * not list, by purl without qualifiers, then by ecosystem, name (any case)
 * and version, and for a binary's "generic" find by a listed package of
 * that name or product whose version starts with its version; one per
 * purl.  Their indices into found go in a new array
 * *idxp the caller frees; returns how many, or (size_t)-1 (memory).
 */
size_t dep_sbom_omitted(const struct dep_list *found,
    const struct dep_sbom *sb, size_t **idxp);

/* ---- binaries ------------------------------------------------------------ */

/* A file's bytes: in memory (mem) or behind a descriptor (fd). */
struct dep_blob {
	int fd;
	const unsigned char *mem;
	uint64_t size;
};

/* Reads n bytes at off; 0, or -1 when out of range or on I/O error. */
int dep_blob_read(const struct dep_blob *b, uint64_t off, void *buf,
    size_t n);

/* What the ELF or PE headers say; kind 0 when neither. */
#define BIN_SECT_MAX	256
#define BIN_SEG_MAX	64
struct dep_binfmt {
	int kind;		/* 0 none, 'E' ELF, 'P' PE */
	int is64, big_endian;
	size_t nseg;
	struct {
		uint64_t vaddr, off, filesz;
	} seg[BIN_SEG_MAX];	/* mapped ranges, for pointers */
	size_t nsect;
	struct {
		char name[16];
		uint64_t off, size;
	} sect[BIN_SECT_MAX];
};

/* The size-byte unsigned integer at p, big- or little-endian. */
uint64_t dep_uint_at(const unsigned char *p, unsigned size, int big);

/* Parses the headers of b; 0 (fmt->kind may be 0) or -1 on bad tables. */
int dep_binfmt_parse(const struct dep_blob *b, struct dep_binfmt *fmt);

/* File offset of a virtual address; 0 or -1. */
int dep_binfmt_offset(const struct dep_binfmt *fmt, uint64_t vaddr,
    uint64_t *offp);

/* Section by name: its offset and size; -1 when absent. */
int dep_binfmt_section(const struct dep_binfmt *fmt, const char *name,
    uint64_t *offp, uint64_t *sizep);

/* Go build info whose "\xff Go buildinf:" header is at off in b. */
enum assay_err go_buildinfo_parse(const struct dep_blob *b,
    const struct dep_binfmt *fmt, uint64_t off, struct dep_parse *p);

/* The modinfo text of Go build info ("path", "mod", "dep", "=>" lines). */
enum assay_err go_modinfo_parse(const char *buf, size_t len,
    struct dep_parse *p);

/* A cargo-auditable .dep-v0 section: zlib-compressed JSON. */
enum assay_err cargo_auditable_parse(const unsigned char *buf, size_t len,
    struct dep_parse *p);

/* Version-string signatures (discover_binary.c). */
struct dep_sigset;

/*
 * Loads one product's signature file (JSON, see data/signatures/README.md)
 * into *set (created when NULL).  ASSAY_ERR_INVALID with err filled for a
 * bad file, ASSAY_ERR_NOMEM.
 */
enum assay_err dep_sigset_load(struct dep_sigset **set, const char *json,
    size_t len, const char *file, char *err, size_t errlen);
void dep_sigset_free(struct dep_sigset *set);

/*
 * Scans one binary: ELF/PE sections (cargo-auditable), Go build info and
 * every signature of set (may be NULL), reading b in bounded chunks.  Each
 * product and version is added once per file.
 */
enum assay_err dep_binary_scan(const struct dep_blob *b,
    const struct dep_sigset *set, struct dep_parse *p);

/* ---- the sources, each over the scan ------------------------------------ */

enum assay_err discover_npm(struct assay_scan *, struct dep_list *);
enum assay_err discover_python(struct assay_scan *, struct dep_list *);
enum assay_err discover_rust(struct assay_scan *, struct dep_list *);
enum assay_err discover_java(struct assay_scan *, struct dep_list *);
enum assay_err discover_dotnet(struct assay_scan *, struct dep_list *);
enum assay_err discover_php(struct assay_scan *, struct dep_list *);
enum assay_err discover_ruby(struct assay_scan *, struct dep_list *);
enum assay_err discover_os(struct assay_scan *, struct dep_list *);
enum assay_err discover_binaries(struct assay_scan *, struct dep_list *);
enum assay_err discover_sboms(struct assay_scan *, struct dep_list *);

/*
 * Runs parser over every file entry matching glob (at most max bytes each;
 * larger ones are a parse error).  accept (may be NULL) can refuse an
 * entry; arg is passed to it.  Reports parse errors; removes duplicates within a file.
 */
enum assay_err dep_each_file(struct assay_scan *scan, struct dep_list *l,
    const char *glob, size_t max,
    int (*accept)(const struct assay_entry *, void *), void *arg,
    dep_parser_fn parser, enum dep_method method, const char *source);

/*
 * Reads p->entry (at most max bytes; larger is a parse error), runs parser
 * over it with p as prepared by the caller, removes duplicates within the
 * file and reports a parse error.
 */
enum assay_err dep_parse_file(struct assay_scan *scan, size_t max,
    dep_parser_fn parser, struct dep_parse *p);

/* Reports the parse error p holds, if any, against p->entry. */
enum assay_err dep_report_parse(struct assay_scan *scan,
    const struct dep_parse *p);

/* Drops components l->v[from..] that repeat an earlier purl among them. */
void dep_dedupe_from(struct dep_list *l, size_t from);

#endif
