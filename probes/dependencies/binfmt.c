/*
 * Just enough ELF and PE to find a section by name and map a virtual
 * address to a file offset.  Every table is read with bounded reads and
 * every count is capped, so a hostile header costs a few reads at most.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "discover.h"

int
dep_blob_read(const struct dep_blob *b, uint64_t off, void *buf, size_t n)
{
	unsigned char *d = buf;
	ssize_t got;

	if (off > b->size || n > b->size - off)
		return -1;
	if (b->mem != NULL) {
		memcpy(buf, b->mem + off, n);
		return 0;
	}
	while (n > 0) {
		if (off > INT64_MAX)
			return -1;
		got = pread(b->fd, d, n, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		d += got;
		n -= (size_t)got;
		off += (uint64_t)got;
	}
	return 0;
}

uint64_t
dep_uint_at(const unsigned char *p, unsigned size, int big)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[big ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

static void
add_seg(struct dep_binfmt *fmt, uint64_t vaddr, uint64_t off, uint64_t size)
{
	if (fmt->nseg == BIN_SEG_MAX || size == 0)
		return;
	fmt->seg[fmt->nseg].vaddr = vaddr;
	fmt->seg[fmt->nseg].off = off;
	fmt->seg[fmt->nseg].filesz = size;
	fmt->nseg++;
}

static int
parse_elf(const struct dep_blob *b, const unsigned char *h,
    struct dep_binfmt *fmt)
{
	unsigned char ent[64], name[16];
	uint64_t phoff, shoff, off, size, addr, stroff = 0, strsize = 0;
	unsigned phentsize, phnum, shentsize, shnum, shstrndx, i, w, big;
	unsigned long nameoff;

	fmt->kind = 'E';
	fmt->is64 = h[4] == 2;
	fmt->big_endian = big = h[5] == 2;
	if ((h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2))
		return -1;
	w = fmt->is64 ? 8 : 4;
	phoff = dep_uint_at(h + (fmt->is64 ? 0x20 : 0x1c), w, (int)big);
	shoff = dep_uint_at(h + (fmt->is64 ? 0x28 : 0x20), w, (int)big);
	phentsize = (unsigned)dep_uint_at(h + (fmt->is64 ? 0x36 : 0x2a), 2,
	    (int)big);
	phnum = (unsigned)dep_uint_at(h + (fmt->is64 ? 0x38 : 0x2c), 2, (int)big);
	shentsize = (unsigned)dep_uint_at(h + (fmt->is64 ? 0x3a : 0x2e), 2,
	    (int)big);
	shnum = (unsigned)dep_uint_at(h + (fmt->is64 ? 0x3c : 0x30), 2, (int)big);
	shstrndx = (unsigned)dep_uint_at(h + (fmt->is64 ? 0x3e : 0x32), 2,
	    (int)big);
	if (phnum > 0 && phentsize < (fmt->is64 ? 56u : 32u))
		return -1;
	if (shnum > 0 && shentsize < (fmt->is64 ? 64u : 40u))
		return -1;
	for (i = 0; i < phnum && i < 256; i++) {
		if (dep_blob_read(b, phoff + (uint64_t)i * phentsize, ent,
		    fmt->is64 ? 56 : 32) != 0)
			return -1;
		if (dep_uint_at(ent, 4, (int)big) != 1)	/* PT_LOAD */
			continue;
		if (fmt->is64)
			add_seg(fmt, dep_uint_at(ent + 16, 8, (int)big),
			    dep_uint_at(ent + 8, 8, (int)big),
			    dep_uint_at(ent + 32, 8, (int)big));
		else
			add_seg(fmt, dep_uint_at(ent + 8, 4, (int)big),
			    dep_uint_at(ent + 4, 4, (int)big),
			    dep_uint_at(ent + 16, 4, (int)big));
	}
	if (shnum == 0)
		return 0;
	/* The section-name string table first. */
	if (shstrndx < shnum && dep_blob_read(b, shoff +
	    (uint64_t)shstrndx * shentsize, ent, fmt->is64 ? 64 : 40) == 0) {
		stroff = dep_uint_at(ent + (fmt->is64 ? 24 : 16), w, (int)big);
		strsize = dep_uint_at(ent + (fmt->is64 ? 32 : 20), w, (int)big);
	}
	for (i = 0; i < shnum && fmt->nsect < BIN_SECT_MAX; i++) {
		if (dep_blob_read(b, shoff + (uint64_t)i * shentsize, ent,
		    fmt->is64 ? 64 : 40) != 0)
			return -1;
		nameoff = (unsigned long)dep_uint_at(ent, 4, (int)big);
		addr = dep_uint_at(ent + (fmt->is64 ? 16 : 12), w, (int)big);
		off = dep_uint_at(ent + (fmt->is64 ? 24 : 16), w, (int)big);
		size = dep_uint_at(ent + (fmt->is64 ? 32 : 20), w, (int)big);
		if (dep_uint_at(ent + 4, 4, (int)big) == 8)	/* SHT_NOBITS */
			continue;
		memset(name, 0, sizeof(name));
		if (nameoff < strsize) {
			size_t n = sizeof(name) - 1;

			if (strsize - nameoff < n)
				n = (size_t)(strsize - nameoff);
			(void)dep_blob_read(b, stroff + nameoff, name, n);
			name[sizeof(name) - 1] = '\0';
		}
		memcpy(fmt->sect[fmt->nsect].name, name, sizeof(name));
		fmt->sect[fmt->nsect].off = off;
		fmt->sect[fmt->nsect].size = size;
		fmt->nsect++;
		/* Objects without program headers map through sections. */
		if (phnum == 0 && addr != 0)
			add_seg(fmt, addr, off, size);
	}
	return 0;
}

static int
parse_pe(const struct dep_blob *b, const unsigned char *h,
    struct dep_binfmt *fmt)
{
	unsigned char coff[24], opt[32], sec[40];
	uint64_t pe, base, table;
	unsigned nsect, optsize, i;

	pe = dep_uint_at(h + 0x3c, 4, 0);
	if (dep_blob_read(b, pe, coff, sizeof(coff)) != 0 ||
	    memcmp(coff, "PE\0\0", 4) != 0)
		return 0;	/* a DOS executable or just "MZ" */
	fmt->kind = 'P';
	nsect = (unsigned)dep_uint_at(coff + 6, 2, 0);
	optsize = (unsigned)dep_uint_at(coff + 20, 2, 0);
	if (optsize < 32 || dep_blob_read(b, pe + 24, opt, sizeof(opt)) != 0)
		return -1;
	if (dep_uint_at(opt, 2, 0) == 0x20b) {
		fmt->is64 = 1;
		base = dep_uint_at(opt + 24, 8, 0);
	} else
		base = dep_uint_at(opt + 28, 4, 0);
	table = pe + 24 + optsize;
	for (i = 0; i < nsect && i < BIN_SECT_MAX; i++) {
		if (dep_blob_read(b, table + (uint64_t)i * 40, sec, 40) != 0)
			return -1;
		memset(fmt->sect[fmt->nsect].name, 0,
		    sizeof(fmt->sect[fmt->nsect].name));
		memcpy(fmt->sect[fmt->nsect].name, sec, 8);
		fmt->sect[fmt->nsect].off = dep_uint_at(sec + 20, 4, 0);
		fmt->sect[fmt->nsect].size = dep_uint_at(sec + 16, 4, 0);
		add_seg(fmt, base + dep_uint_at(sec + 12, 4, 0),
		    fmt->sect[fmt->nsect].off, fmt->sect[fmt->nsect].size);
		fmt->nsect++;
	}
	return 0;
}

int
dep_binfmt_parse(const struct dep_blob *b, struct dep_binfmt *fmt)
{
	unsigned char h[64];

	memset(fmt, 0, sizeof(*fmt));
	if (dep_blob_read(b, 0, h, sizeof(h)) != 0)
		return 0;
	if (memcmp(h, "\177ELF", 4) == 0)
		return parse_elf(b, h, fmt);
	if (h[0] == 'M' && h[1] == 'Z')
		return parse_pe(b, h, fmt);
	return 0;
}

int
dep_binfmt_offset(const struct dep_binfmt *fmt, uint64_t vaddr,
    uint64_t *offp)
{
	size_t i;

	for (i = 0; i < fmt->nseg; i++)
		if (vaddr >= fmt->seg[i].vaddr &&
		    vaddr - fmt->seg[i].vaddr < fmt->seg[i].filesz &&
		    fmt->seg[i].off <= UINT64_MAX - (vaddr - fmt->seg[i].vaddr)) {
			*offp = fmt->seg[i].off + (vaddr - fmt->seg[i].vaddr);
			return 0;
		}
	return -1;
}

int
dep_binfmt_section(const struct dep_binfmt *fmt, const char *name,
    uint64_t *offp, uint64_t *sizep)
{
	size_t i;

	for (i = 0; i < fmt->nsect; i++)
		if (strcmp(fmt->sect[i].name, name) == 0) {
			*offp = fmt->sect[i].off;
			*sizep = fmt->sect[i].size;
			return 0;
		}
	return -1;
}
