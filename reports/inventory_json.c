/*
 * inventory.json (schema assay/inventory/v1): every entry of every artefact,
 * in inventory order, written or refused.  Entries are streamed one at a
 * time, so an inventory at the two-million-entry limit is written in the
 * memory of one; every object's keys are given in sorted order.
 */
#include "reports.h"

#include <stdio.h>

#include "jsonout.h"

#define INVENTORY_SCHEMA	"assay/inventory/v1"

/* The names of enum assay_entry_flag, in the order they are listed. */
static const struct {
	uint32_t bit;
	const char *name;
} flag_names[] = {
	{ ASSAY_FLAG_ARTEFACT, "artefact" },
	{ ASSAY_FLAG_CONTENT, "content" },
	{ ASSAY_FLAG_REFUSED, "refused" },
	{ ASSAY_FLAG_SETUID, "setuid" },
	{ ASSAY_FLAG_SETGID, "setgid" },
	{ ASSAY_FLAG_WORLD_WRITABLE, "world-writable" },
	{ ASSAY_FLAG_DUPLICATE, "duplicate" },
	{ ASSAY_FLAG_SHADOWED, "shadowed" },
	{ ASSAY_FLAG_ENCRYPTED, "encrypted" },
	{ ASSAY_FLAG_TRUNCATED, "truncated" },
	{ ASSAY_FLAG_CONTAINER, "container" },
	{ ASSAY_FLAG_NOT_ARCHIVE, "not-archive" },
	{ ASSAY_FLAG_INVALID_UTF8, "invalid-utf8" },
	{ ASSAY_FLAG_LINK_OUTSIDE, "link-outside" },
	{ ASSAY_FLAG_LIMIT, "limit" },
};

static void
write_archive(struct assay_jsonout *w, const struct assay_container *c)
{
	assay_jsonout_key(w, "archive");
	assay_jsonout_begin_object(w);
	assay_jsonout_kstring(w, "filters", c->filters != NULL ?
	    c->filters : "");
	assay_jsonout_kstring(w, "format", c->format);
	assay_jsonout_kstring(w, "reason", c->reason);
	assay_jsonout_kstring(w, "status",
	    assay_container_status_name(c->status));
	assay_jsonout_end_object(w);
}

static void
write_entry(struct assay_jsonout *w, const struct assay_inventory *inv,
    const struct assay_entry *e)
{
	const struct assay_container *c = NULL;
	const struct assay_entry *a;
	char mode[16];
	size_t i;
	int n;

	if (e->child != ASSAY_NO_ENTRY)
		c = assay_inventory_container(inv, e->child);
	/* "0755", "04755": the leading 0 says octal, as chmod(1) reads it. */
	n = snprintf(mode, sizeof(mode), "0%03o", (unsigned)(e->mode & 07777));
	if (n < 0 || (size_t)n >= sizeof(mode))
		mode[0] = '\0';

	assay_jsonout_begin_object(w);
	if (c != NULL)
		write_archive(w, c);
	a = assay_inventory_artefact_of(inv, e);
	assay_jsonout_kstring(w, "artefact", a != NULL ? a->name : NULL);
	if (e->content != ASSAY_NO_ENTRY && e->content != e->index)
		assay_jsonout_kuint(w, "content_of", e->content);
	assay_jsonout_kuint(w, "depth", e->depth);
	assay_jsonout_key(w, "flags");
	assay_jsonout_begin_array(w);
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (e->flags & flag_names[i].bit)
			assay_jsonout_string(w, flag_names[i].name);
	assay_jsonout_end_array(w);
	assay_jsonout_kuint(w, "gid", e->gid);
	assay_jsonout_kuint(w, "index", e->index);
	if (e->link != NULL)
		assay_jsonout_kstring(w, "link_target", e->link);
	assay_jsonout_kstring(w, "mode", mode);
	assay_jsonout_kint(w, "mtime", e->mtime);
	assay_jsonout_kstring(w, "name", e->name);
	if (e->parent != ASSAY_NO_ENTRY)
		assay_jsonout_kuint(w, "parent", e->parent);
	else
		assay_jsonout_knull(w, "parent");
	assay_jsonout_kstring(w, "path", e->path);
	if (e->raw_name != NULL)
		assay_jsonout_kstring(w, "raw_name", e->raw_name);
	assay_jsonout_key(w, "sha256");
	if (e->hashed)
		assay_jsonout_hex(w, e->sha256, sizeof(e->sha256));
	else
		assay_jsonout_null(w);
	assay_jsonout_kuint(w, "size", e->size);
	assay_jsonout_kstring(w, "type", assay_entry_type_name(e->type));
	assay_jsonout_kuint(w, "uid", e->uid);
	assay_jsonout_end_object(w);
}

enum assay_err
assay_write_inventory(int dirfd, const struct assay_scan_summary *s,
    struct assay_error *err)
{
	const struct assay_entry *e;
	struct assay_jsonout *w = NULL;
	enum assay_err r;
	size_t i, n;

	if ((r = assay_jsonout_create(dirfd, "inventory.json", &w, err)) !=
	    ASSAY_OK)
		return r;
	assay_jsonout_begin_object(w);
	assay_jsonout_key(w, "entries");
	assay_jsonout_begin_array(w);
	n = assay_inventory_count(s->inv);
	for (i = 0; i < n && assay_jsonout_status(w) == ASSAY_OK; i++)
		if ((e = assay_inventory_get(s->inv, i)) != NULL)
			write_entry(w, s->inv, e);
	assay_jsonout_end_array(w);
	assay_jsonout_kstring(w, "schema", INVENTORY_SCHEMA);
	assay_jsonout_end_object(w);
	return assay_jsonout_finish(w, err);
}
