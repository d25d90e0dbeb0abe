/*
 * The inventory's storage: records in fixed-size chunks so that they never
 * move, and strings in an append-only arena, so that memory grows with the
 * number of entries (about 150 bytes each) and never with their bytes.
 */
#include "inventory.h"

#include <stdlib.h>
#include <string.h>

#include "assay/size.h"

#define CHUNK_ITEMS	4096
#define ARENA_BLOCK	(1u << 20)

/* A growable array of fixed-size chunks of items of one size. */
struct chunked {
	unsigned char **chunks;
	size_t nchunks;
	size_t n;		/* items in use */
	size_t item;		/* bytes per item */
};

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct assay_inventory {
	struct chunked entries;
	struct chunked containers;
	struct chunked artefacts;
	struct arena_block *arena;
};

static void *
chunked_add(struct chunked *c)
{
	unsigned char **v, *chunk;
	size_t need, bytes;

	if (c->n % CHUNK_ITEMS == 0) {
		if (!assay_size_add(&need, c->nchunks, 1) ||
		    !assay_size_mul(&bytes, need, sizeof(*v)))
			return NULL;
		if ((v = realloc(c->chunks, bytes)) == NULL)
			return NULL;
		c->chunks = v;
		if ((chunk = calloc(CHUNK_ITEMS, c->item)) == NULL)
			return NULL;
		c->chunks[c->nchunks++] = chunk;
	}
	chunk = c->chunks[c->n / CHUNK_ITEMS] + (c->n % CHUNK_ITEMS) * c->item;
	c->n++;
	return chunk;
}

static void *
chunked_get(const struct chunked *c, size_t i)
{
	if (i >= c->n)
		return NULL;
	return c->chunks[i / CHUNK_ITEMS] + (i % CHUNK_ITEMS) * c->item;
}

static void
chunked_release(struct chunked *c)
{
	size_t i;

	for (i = 0; i < c->nchunks; i++)
		free(c->chunks[i]);
	free(c->chunks);
	c->chunks = NULL;
	c->nchunks = c->n = 0;
}

struct assay_inventory *
assay_inventory_new(void)
{
	struct assay_inventory *inv;

	if ((inv = calloc(1, sizeof(*inv))) == NULL)
		return NULL;
	inv->entries.item = sizeof(struct assay_entry);
	inv->containers.item = sizeof(struct assay_container);
	inv->artefacts.item = sizeof(struct assay_artefact);
	return inv;
}

void
assay_inventory_free(struct assay_inventory *inv)
{
	struct arena_block *b, *next;

	if (inv == NULL)
		return;
	chunked_release(&inv->entries);
	chunked_release(&inv->containers);
	chunked_release(&inv->artefacts);
	for (b = inv->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(inv);
}

struct assay_entry *
assay_inventory_add(struct assay_inventory *inv)
{
	struct assay_entry *e;

	if (inv->entries.n >= UINT32_MAX - 1)
		return NULL;
	if ((e = chunked_add(&inv->entries)) == NULL)
		return NULL;
	e->index = (uint32_t)(inv->entries.n - 1);
	e->parent = e->content = e->container = e->child = ASSAY_NO_ENTRY;
	e->content = e->index;
	return e;
}

size_t
assay_inventory_count(const struct assay_inventory *inv)
{
	return inv->entries.n;
}

struct assay_entry *
assay_inventory_get(const struct assay_inventory *inv, size_t i)
{
	return chunked_get(&inv->entries, i);
}

const struct assay_entry *
assay_inventory_artefact_of(const struct assay_inventory *inv,
    const struct assay_entry *e)
{
	while (e != NULL && e->depth > 0) {
		if (e->parent == ASSAY_NO_ENTRY || e->parent >= e->index)
			return NULL;
		e = assay_inventory_get(inv, e->parent);
	}
	return e;
}

const char *
assay_inventory_strdup(struct assay_inventory *inv, const char *s, size_t n)
{
	struct arena_block *b = inv->arena;
	size_t need, cap;
	char *p;

	if (!assay_size_add(&need, n, 1))
		return NULL;
	if (b == NULL || b->cap - b->used < need) {
		cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		if ((b = malloc(sizeof(*b) + cap)) == NULL)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = inv->arena;
		inv->arena = b;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += need;
	return p;
}

struct assay_container *
assay_inventory_add_container(struct assay_inventory *inv, uint32_t *idxp)
{
	struct assay_container *c;

	if (inv->containers.n >= UINT32_MAX - 1)
		return NULL;
	if ((c = chunked_add(&inv->containers)) == NULL)
		return NULL;
	c->entry = ASSAY_NO_ENTRY;
	c->format = c->filters = "";
	*idxp = (uint32_t)(inv->containers.n - 1);
	return c;
}

size_t
assay_inventory_container_count(const struct assay_inventory *inv)
{
	return inv->containers.n;
}

struct assay_container *
assay_inventory_container(const struct assay_inventory *inv, size_t i)
{
	return chunked_get(&inv->containers, i);
}

struct assay_artefact *
assay_inventory_add_artefact(struct assay_inventory *inv)
{
	struct assay_artefact *a;

	if ((a = chunked_add(&inv->artefacts)) == NULL)
		return NULL;
	a->entry = ASSAY_NO_ENTRY;
	return a;
}

size_t
assay_inventory_artefact_count(const struct assay_inventory *inv)
{
	return inv->artefacts.n;
}

const struct assay_artefact *
assay_inventory_artefact(const struct assay_inventory *inv, size_t i)
{
	return chunked_get(&inv->artefacts, i);
}

const char *
assay_entry_type_name(unsigned type)
{
	switch (type) {
	case ASSAY_ENTRY_FILE:
		return "file";
	case ASSAY_ENTRY_DIR:
		return "directory";
	case ASSAY_ENTRY_SYMLINK:
		return "symlink";
	case ASSAY_ENTRY_HARDLINK:
		return "hardlink";
	case ASSAY_ENTRY_CHARDEV:
		return "character-device";
	case ASSAY_ENTRY_BLOCKDEV:
		return "block-device";
	case ASSAY_ENTRY_FIFO:
		return "fifo";
	case ASSAY_ENTRY_SOCKET:
		return "socket";
	default:
		return "unknown";
	}
}

const char *
assay_gap_name(enum assay_gap gap)
{
	switch (gap) {
	case ASSAY_GAP_NONE:
		return "none";
	case ASSAY_GAP_REFUSED:
		return "refused";
	case ASSAY_GAP_LIMIT:
		return "limit";
	case ASSAY_GAP_ENCRYPTED:
		return "encrypted";
	case ASSAY_GAP_CORRUPT:
		return "corrupt";
	case ASSAY_GAP_UNSUPPORTED:
		return "unsupported-format";
	case ASSAY_GAP_PROBE_ERROR:
		return "probe-error";
	case ASSAY_GAP_NOT_OF_INTEREST:
		return "not-of-interest";
	}
	return "unknown";
}

const char *
assay_container_status_name(enum assay_container_status s)
{
	switch (s) {
	case ASSAY_CONTAINER_COMPLETE:
		return "complete";
	case ASSAY_CONTAINER_STOPPED:
		return "stopped";
	case ASSAY_CONTAINER_CORRUPT:
		return "corrupt";
	case ASSAY_CONTAINER_UNSUPPORTED:
		return "unsupported";
	}
	return "unknown";
}
