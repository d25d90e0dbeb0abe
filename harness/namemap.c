/* Open addressing with linear probing, kept under 50% full. */
#include "namemap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "assay/size.h"

struct slot {
	const char *name;
	size_t len;
	uint64_t hash;
	uint32_t value;
};

struct assay_namemap {
	struct slot *v;
	size_t cap;		/* a power of two */
	size_t n;
	uint64_t seed;
};

static uint64_t
hash_bytes(uint64_t seed, const char *s, size_t n)
{
	uint64_t h = seed ^ 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	/* A final mix so that the seed reaches every bit. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

struct assay_namemap *
assay_namemap_new(void)
{
	struct assay_namemap *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->cap = 256;
	if ((m->v = calloc(m->cap, sizeof(*m->v))) == NULL) {
		free(m);
		return NULL;
	}
	if (getrandom(&m->seed, sizeof(m->seed), 0) != (ssize_t)sizeof(m->seed))
		m->seed = (uint64_t)(uintptr_t)m;
	return m;
}

void
assay_namemap_free(struct assay_namemap *m)
{
	if (m == NULL)
		return;
	free(m->v);
	free(m);
}

static struct slot *
find(const struct assay_namemap *m, const char *name, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;; i = (i + 1) & (m->cap - 1)) {
		struct slot *s = &m->v[i];

		if (s->name == NULL)
			return s;
		if (s->hash == h && s->len == n && memcmp(s->name, name, n) == 0)
			return s;
	}
}

static int
grow(struct assay_namemap *m)
{
	struct assay_namemap bigger = *m;
	size_t i;

	if (!assay_size_mul(&bigger.cap, m->cap, 2))
		return -1;
	if ((bigger.v = calloc(bigger.cap, sizeof(*bigger.v))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (m->v[i].name != NULL)
			*find(&bigger, m->v[i].name, m->v[i].len,
			    m->v[i].hash) = m->v[i];
	free(m->v);
	m->v = bigger.v;
	m->cap = bigger.cap;
	return 0;
}

int
assay_namemap_put(struct assay_namemap *m, const char *name, size_t n,
    uint32_t value)
{
	uint64_t h = hash_bytes(m->seed, name, n);
	struct slot *s;

	if ((m->n + 1) * 2 > m->cap && grow(m) == -1)
		return -1;
	s = find(m, name, n, h);
	if (s->name == NULL) {
		s->name = name;
		s->len = n;
		s->hash = h;
		m->n++;
	}
	s->value = value;
	return 0;
}

uint32_t
assay_namemap_get(const struct assay_namemap *m, const char *name, size_t n)
{
	const struct slot *s = find(m, name, n, hash_bytes(m->seed, name, n));

	return s->name == NULL ? UINT32_MAX : s->value;
}
