/*
 * The inventory: one record per entry seen in any artefact, written to the
 * workspace or not, plus one record per top-level artefact.  Records never
 * move once appended (they live in fixed-size chunks), so a pointer taken
 * while unpacking stays valid while more entries arrive; the hashing thread
 * relies on that.
 */
#ifndef ASSAY_INVENTORY_H
#define ASSAY_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assay/probe.h"

#define ASSAY_NO_ENTRY UINT32_MAX

/* Why coverage says an entry was not examined; ordered by precedence. */
enum assay_gap {
	ASSAY_GAP_NONE = 0,
	ASSAY_GAP_REFUSED,	/* unsafe: recorded and hashed, never written */
	ASSAY_GAP_LIMIT,	/* a limit stopped it */
	ASSAY_GAP_ENCRYPTED,
	ASSAY_GAP_CORRUPT,	/* its archive broke while it was being read */
	ASSAY_GAP_UNSUPPORTED,	/* looks like an archive assay cannot open */
	ASSAY_GAP_PROBE_ERROR,	/* only probes that failed looked at it */
	ASSAY_GAP_NOT_OF_INTEREST /* no probe looked at it */
};

struct assay_entry {
	const char *path;	/* full nested path, valid UTF-8 */
	const char *name;	/* path inside its archive, valid UTF-8 */
	const char *raw_name;	/* hex of the name's bytes when not UTF-8 */
	const char *rel;	/* where in its container dir; NULL: not written */
	const char *link;	/* symlink or hard-link target; NULL */
	uint64_t size;		/* bytes seen */
	uint64_t uid, gid;
	int64_t mtime;
	uint64_t examined;	/* bit i: probe i examined it */
	uint64_t failed;	/* bit i: probe i looked at it, then failed */
	uint32_t index;
	uint32_t parent;	/* entry it came out of; ASSAY_NO_ENTRY */
	uint32_t content;	/* entry whose bytes these are (hard links) */
	uint32_t container;	/* container it lives in; ASSAY_NO_ENTRY */
	uint32_t child;		/* container it was unpacked as; ASSAY_NO_ENTRY */
	uint32_t flags;		/* enum assay_entry_flag */
	uint32_t mode;		/* permission bits incl. setuid, setgid, sticky */
	uint16_t type;		/* enum assay_entry_type */
	uint16_t depth;		/* 0: artefact */
	uint8_t gap;		/* enum assay_gap */
	bool hashed;		/* sha256 holds a digest */
	int werr;		/* errno: its file could not be created or
				   written (set by the hashing thread) */
	unsigned char sha256[32];
};

/* What happened to one archive that was opened. */
enum assay_container_status {
	ASSAY_CONTAINER_COMPLETE = 0,
	ASSAY_CONTAINER_STOPPED,	/* a limit stopped it */
	ASSAY_CONTAINER_CORRUPT,	/* it broke part-way */
	ASSAY_CONTAINER_UNSUPPORTED	/* it did not open */
};

struct assay_container {
	uint32_t entry;		/* the entry it was unpacked from */
	const char *format;	/* libarchive's name of the format */
	const char *filters;	/* "gzip", "xz, uu" ...; "" when none */
	enum assay_container_status status;
	const char *reason;	/* why it is not complete; NULL */
	uint64_t entries;	/* entries read from it */
	uint64_t bytes;		/* bytes of content read from it */
};

/* A top-level input as the manifest records it. */
struct assay_artefact {
	uint32_t entry;
	uint64_t size;
	unsigned char sha256[32];
	unsigned char sha512[64];
};

struct assay_inventory;

struct assay_inventory *assay_inventory_new(void);
void assay_inventory_free(struct assay_inventory *inv);

/*
 * Appends a zeroed record and returns it with index set, parent, content,
 * container and child set to ASSAY_NO_ENTRY.  NULL when out of memory or past
 * UINT32_MAX - 1 records.
 */
struct assay_entry *assay_inventory_add(struct assay_inventory *inv);
size_t assay_inventory_count(const struct assay_inventory *inv);
struct assay_entry *assay_inventory_get(const struct assay_inventory *inv,
    size_t i);

/*
 * The top-level artefact entry e came out of (e itself at depth 0), or NULL
 * when its parent chain is broken.  Parents always precede their children,
 * so the walk ends.
 */
const struct assay_entry *assay_inventory_artefact_of(
    const struct assay_inventory *inv, const struct assay_entry *e);

/* Copies n bytes plus a NUL into the inventory's arena; NULL on failure. */
const char *assay_inventory_strdup(struct assay_inventory *inv,
    const char *s, size_t n);

/* Appends a container record; its index in *idxp.  NULL on failure. */
struct assay_container *assay_inventory_add_container(
    struct assay_inventory *inv, uint32_t *idxp);
size_t assay_inventory_container_count(const struct assay_inventory *inv);
struct assay_container *assay_inventory_container(
    const struct assay_inventory *inv, size_t i);

struct assay_artefact *assay_inventory_add_artefact(
    struct assay_inventory *inv);
size_t assay_inventory_artefact_count(const struct assay_inventory *inv);
const struct assay_artefact *assay_inventory_artefact(
    const struct assay_inventory *inv, size_t i);

/* Lower-case names used in the JSON outputs. */
const char *assay_entry_type_name(unsigned type);
const char *assay_gap_name(enum assay_gap gap);
const char *assay_container_status_name(enum assay_container_status s);

#endif
