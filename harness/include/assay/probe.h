/*
 * The probe plug-in ABI: everything a probe may include and call.
 *
 * A probe is a const struct assay_probe.  Built-in probes sit in the static
 * table of probes/builtin.c; an external probe is a shared object exporting
 * one data symbol, ASSAY_PLUGIN_SYMBOL, of that type.  The harness runs each
 * probe's run() in a child process of its own, with CPU-time and
 * address-space limits, after every artefact has been unpacked.  A probe sees
 * the inventory and reads entry contents only through the scan handle; it
 * states technical facts as findings with rule ids it declared.
 *
 * Compatibility: a change that breaks a built plug-in bumps
 * ASSAY_PROBE_ABI_MAJOR; members added at the end of struct assay_probe bump
 * the minor.  The harness refuses a plug-in of another major version.
 */
#ifndef ASSAY_PROBE_H
#define ASSAY_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "assay/err.h"

#define ASSAY_PROBE_ABI_MAJOR	1u
#define ASSAY_PROBE_ABI_MINOR	1u
#define ASSAY_PROBE_ABI		((ASSAY_PROBE_ABI_MAJOR << 16) | ASSAY_PROBE_ABI_MINOR)

/* The data symbol a plug-in exports: const struct assay_probe NAME. */
#define ASSAY_PLUGIN_SYMBOL	"assay_probe_plugin"

enum assay_severity {
	ASSAY_SEV_INFO = 0,
	ASSAY_SEV_LOW,
	ASSAY_SEV_MEDIUM,
	ASSAY_SEV_HIGH,
	ASSAY_SEV_CRITICAL
};

/* A rule a probe may emit; reports describe rules that did not fire too. */
struct assay_rule {
	const char *id;			/* "<probe>.<what>", stable forever */
	enum assay_severity severity;	/* default; profiles may change it */
	const char *title;		/* one line, no full stop */
};

struct assay_scan;	/* the handle a probe works through */
struct assay_entry;	/* one inventory record */

struct assay_probe {
	uint32_t abi;		/* ASSAY_PROBE_ABI as built; always first */
	uint32_t size;		/* sizeof(struct assay_probe) as built; second */
	const char *name;	/* [a-z0-9-]+, used by profiles and reports */
	const char *version;	/* the probe's own version */
	const char *summary;	/* one line */
	const struct assay_rule *rules;	/* terminated by an entry with id NULL */
	/*
	 * Examines the scan and reports findings.  Returns ASSAY_OK when it
	 * did its job (whatever it found); an error makes the probe's work
	 * void for coverage and becomes a harness.probe-error finding.
	 */
	enum assay_err (*run)(struct assay_scan *scan);
	/* New members go here, at the end only, with a minor bump. */
};

/* Entry types; each is one bit so that iteration can take a mask. */
enum assay_entry_type {
	ASSAY_ENTRY_FILE = 1u << 0,
	ASSAY_ENTRY_DIR = 1u << 1,
	ASSAY_ENTRY_SYMLINK = 1u << 2,
	ASSAY_ENTRY_HARDLINK = 1u << 3,	/* its bytes are another entry's */
	ASSAY_ENTRY_CHARDEV = 1u << 4,
	ASSAY_ENTRY_BLOCKDEV = 1u << 5,
	ASSAY_ENTRY_FIFO = 1u << 6,
	ASSAY_ENTRY_SOCKET = 1u << 7,
	ASSAY_ENTRY_ANY = 0xffu
};

/* Entry flags: facts the harness recorded while unpacking. */
enum assay_entry_flag {
	ASSAY_FLAG_ARTEFACT = 1u << 0,	/* a top-level input */
	ASSAY_FLAG_CONTENT = 1u << 1,	/* bytes are readable through the scan */
	ASSAY_FLAG_REFUSED = 1u << 2,	/* unsafe; hashed but never written */
	ASSAY_FLAG_SETUID = 1u << 3,
	ASSAY_FLAG_SETGID = 1u << 4,
	ASSAY_FLAG_WORLD_WRITABLE = 1u << 5,
	ASSAY_FLAG_DUPLICATE = 1u << 6,	/* an earlier entry had this path */
	ASSAY_FLAG_SHADOWED = 1u << 7,	/* a later duplicate replaced it */
	ASSAY_FLAG_ENCRYPTED = 1u << 8,
	ASSAY_FLAG_TRUNCATED = 1u << 9,	/* its bytes stopped early */
	ASSAY_FLAG_CONTAINER = 1u << 10, /* unpacked as an archive */
	ASSAY_FLAG_NOT_ARCHIVE = 1u << 11, /* looked like one, did not open */
	ASSAY_FLAG_INVALID_UTF8 = 1u << 12, /* name shown with U+FFFD */
	ASSAY_FLAG_LINK_OUTSIDE = 1u << 13, /* link target leaves the image */
	ASSAY_FLAG_LIMIT = 1u << 14	/* a limit stopped it or its subtree */
};

/* ---- the inventory ------------------------------------------------------ */

/* Number of inventory entries; indices run from 0 to count - 1. */
size_t assay_scan_entry_count(const struct assay_scan *scan);

/* Entry i, or NULL when i is out of range. */
const struct assay_entry *assay_scan_entry(struct assay_scan *scan, size_t i);

/*
 * Iterates entries in inventory order.  *cursor starts at 0 and is advanced
 * past each entry returned; NULL at the end.  glob (NULL for all) is matched
 * against the entry's name inside its archive: '*' matches within one path
 * component, '**' across components ("**\/etc/shadow" finds it at any
 * depth), '?' one character.  A glob containing "!/" is matched against the
 * full nested path instead.  types is a mask of enum assay_entry_type.
 * Returning an entry counts, in coverage, as this probe examining it.
 */
const struct assay_entry *assay_scan_next(struct assay_scan *scan,
    size_t *cursor, const char *glob, unsigned types);

/* Full nested path, e.g. "fw.tar.gz!/rootfs.cpio!/etc/shadow". */
const char *assay_entry_path(const struct assay_entry *e);
/* Path inside its own archive ("etc/shadow"); the artefact's file name. */
const char *assay_entry_name(const struct assay_entry *e);
/* The archive entry this one came out of; NULL for an artefact. */
const struct assay_entry *assay_entry_parent(const struct assay_entry *e);
size_t assay_entry_index(const struct assay_entry *e);
unsigned assay_entry_type(const struct assay_entry *e);
unsigned assay_entry_flags(const struct assay_entry *e);
unsigned assay_entry_depth(const struct assay_entry *e); /* artefact: 0 */
uint32_t assay_entry_mode(const struct assay_entry *e);	/* permission bits */
uint64_t assay_entry_uid(const struct assay_entry *e);
uint64_t assay_entry_gid(const struct assay_entry *e);
int64_t assay_entry_mtime(const struct assay_entry *e);	/* Unix seconds */
uint64_t assay_entry_size(const struct assay_entry *e);	/* bytes seen */
/* 32 raw bytes of SHA-256, or NULL when no bytes were seen. */
const unsigned char *assay_entry_sha256(const struct assay_entry *e);
/* Symlink or hard-link target as recorded; NULL otherwise. */
const char *assay_entry_link_target(const struct assay_entry *e);

/*
 * Opens the entry's bytes read-only, confined to the workspace, with an
 * offset of its own.  The caller closes *fdp.  ASSAY_ERR_NOT_FOUND when the
 * entry has no readable content (see ASSAY_FLAG_CONTENT).
 */
enum assay_err assay_entry_open(struct assay_scan *scan,
    const struct assay_entry *e, int *fdp);

/*
 * Reads at most max bytes of the entry into a new NUL-terminated buffer
 * that the caller frees.  ASSAY_ERR_LIMIT when the entry is larger than max
 * (nothing is returned then).
 */
enum assay_err assay_entry_read(struct assay_scan *scan,
    const struct assay_entry *e, size_t max, unsigned char **datap,
    size_t *lenp);

/* ---- the probe's environment ------------------------------------------- */

/*
 * Reads one of the probe's data files (name relative to its data folder,
 * no "..") into a new NUL-terminated buffer that the caller frees.  Its
 * digest is recorded in the bundle's manifest.
 */
enum assay_err assay_scan_data_read(struct assay_scan *scan, const char *name,
    size_t max, unsigned char **datap, size_t *lenp);

/*
 * A parameter the profile set for this probe, as text (strings as they are,
 * other JSON values in compact JSON), or NULL when unset.
 */
const char *assay_scan_param(struct assay_scan *scan, const char *key);

/* The moment time-dependent judgements use (Unix seconds). */
int64_t assay_scan_time(const struct assay_scan *scan);

/* Non-zero when the tester allowed network access (--online). */
int assay_scan_online(const struct assay_scan *scan);

/*
 * Fetches an https URL into a new buffer (at most max bytes) that the caller
 * frees.  TLS is always verified; transient failures are retried; answers
 * are cached.  ASSAY_ERR_OFFLINE without --online.  The URL and the digest of
 * what came back are recorded in the manifest.
 */
enum assay_err assay_scan_fetch(struct assay_scan *scan, const char *url,
    size_t max, unsigned char **datap, size_t *lenp);

/*
 * Trust material the tester gave with --trust (ABI 1.1): certificates,
 * public keys, keyrings, in the order given.  What each file holds is for
 * the probe to recognise.  The harness owns the bytes (NUL-terminated) and
 * records each file's digest in the manifest.
 */
size_t assay_scan_trust_count(const struct assay_scan *scan);

/* File i's base name and bytes; ASSAY_ERR_NOT_FOUND when i is too large. */
enum assay_err assay_scan_trust_file(const struct assay_scan *scan, size_t i,
    const char **namep, const unsigned char **datap, size_t *lenp);

/* ---- findings ---------------------------------------------------------- */

struct assay_finding {
	const char *rule;	/* one of the probe's declared rule ids */
	const struct assay_entry *entry; /* where; NULL for the scan as a whole */
	unsigned long line;	/* 1-based line in the entry; 0 when none */
	const char *evidence;	/* a JSON object as text, or NULL */
};

/*
 * Reports a finding with a message formatted from fmt.  ASSAY_ERR_USAGE for
 * an undeclared rule or evidence that is not a JSON object; ASSAY_ERR_LIMIT
 * when the probe has reported more than the harness keeps.
 */
enum assay_err assay_scan_report(struct assay_scan *scan,
    const struct assay_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Lower-case name of a severity ("critical" ... "info"). */
const char *assay_severity_name(enum assay_severity s);

/* ---- live checks of https endpoints (ABI 1.1) ---------------------------- */

/* What one look at an https URL showed. */
struct assay_url_check {
	long status;		/* HTTP status of the answer; 0: none came */
	int cert_verified;	/* 1: chain and host name verified */
	long verify_result;	/* X509_V_* code of the chain; 0: none */
	char tls_version[16];	/* "TLSv1.3", ...; "" when no session */
	char location[1024];	/* a 3xx answer's Location (absolute); "" */
	char error[512];	/* why no valid answer came; "" when one did */
};

/*
 * Looks at an https URL once (online only) and fills in *out: a GET of which
 * at most 4 KiB are read, TLS 1.2 or later with the chain and the host name
 * verified, redirects reported (never followed), nothing cached.  The URL
 * and the digest of what came back are recorded in the manifest.
 * ASSAY_OK when an answer came or TLS verification refused the server
 * (cert_verified 0, error says why); ASSAY_ERR_OFFLINE without --online;
 * ASSAY_ERR_USAGE for a URL that is not https; ASSAY_ERR_NET when no TLS
 * session was made (error says why).
 */
enum assay_err assay_scan_check_url(struct assay_scan *scan, const char *url,
    struct assay_url_check *out);

#endif
