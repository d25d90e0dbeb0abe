/*
 * PE/COFF headers as Authenticode sees them (pe.h).  Every field read
 * comes from the file: each offset is checked against the file size in
 * 64-bit arithmetic before use, so a hostile header can only give a
 * refusal naming the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"

#define DOS_HEADER	64
#define COFF_HEADER	24	/* "PE\0\0" and the file header */
#define SECTION_ENTRY	40
#define DIR_SECURITY	4	/* the Certificate Table's directory index */

static int
rd16(const struct sig_data *d, uint64_t off, uint16_t *v)
{
	unsigned char b[2];

	if (sig_data_read(d, off, b, sizeof(b)) == -1)
		return -1;
	*v = (uint16_t)(b[0] | b[1] << 8);
	return 0;
}

static int
rd32(const struct sig_data *d, uint64_t off, uint32_t *v)
{
	unsigned char b[4];

	if (sig_data_read(d, off, b, sizeof(b)) == -1)
		return -1;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
	return 0;
}

static int
by_offset(const void *a, const void *b)
{
	const struct pe_section *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int
parse_sections(const struct sig_data *d, struct pe_image *pe,
    uint64_t table, uint16_t n, char *why, size_t whylen)
{
	uint64_t limit = pe->cert_size != 0 ? pe->cert_off : pe->size;
	uint64_t total = 0;
	uint32_t off, size;
	char name[9];
	uint16_t i;

	if (n > 0 && (pe->sections = calloc(n, sizeof(*pe->sections))) ==
	    NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	pe->body_end = pe->headers;
	for (i = 0; i < n; i++) {
		memset(name, 0, sizeof(name));
		if (sig_data_read(d, table + (uint64_t)i * SECTION_ENTRY,
		    name, 8) == -1 ||
		    rd32(d, table + (uint64_t)i * SECTION_ENTRY + 16,
		    &size) == -1 ||
		    rd32(d, table + (uint64_t)i * SECTION_ENTRY + 20,
		    &off) == -1) {
			snprintf(why, whylen, "section table entry %u lies "
			    "past the end of the file", i + 1u);
			return -1;
		}
		if (size == 0)
			continue;
		for (char *c = name; *c != '\0'; c++)
			if (*c < 0x20 || *c > 0x7e)
				*c = '?';
		if ((uint64_t)off + size > limit) {
			snprintf(why, whylen, "section %u (%s) PointerToRawData "
			    "0x%x + SizeOfRawData 0x%x lies past %s", i + 1u,
			    name, off, size, pe->cert_size != 0 ?
			    "the certificate table" : "the end of the file");
			return -1;
		}
		/* Overlapping sections could make us hash a file many times. */
		if ((total += size) > pe->size) {
			snprintf(why, whylen, "NumberOfSections %u: section "
			    "data adds up to more than the file", n);
			return -1;
		}
		pe->sections[pe->nsections].off = off;
		pe->sections[pe->nsections].size = size;
		pe->sections[pe->nsections].index = i;
		pe->nsections++;
		if ((uint64_t)off + size > pe->body_end)
			pe->body_end = (uint64_t)off + size;
	}
	if (pe->nsections > 1)
		qsort(pe->sections, pe->nsections, sizeof(*pe->sections),
		    by_offset);
	return 0;
}

int
pe_parse(const struct sig_data *d, struct pe_image *pe, char *why,
    size_t whylen)
{
	unsigned char sig[4];
	uint32_t lfanew = 0, ndirs = 0, dirs;
	uint16_t nsec = 0, optsz = 0;
	uint64_t opt, table, dirs_end;

	memset(pe, 0, sizeof(*pe));
	pe->size = d->size;
	if (d->size < DOS_HEADER || sig_data_read(d, 0, sig, 2) == -1 ||
	    sig[0] != 'M' || sig[1] != 'Z') {
		snprintf(why, whylen, "no DOS header (MZ)");
		return -1;
	}
	if (rd32(d, 0x3c, &lfanew) == -1 ||
	    (uint64_t)lfanew + COFF_HEADER > d->size) {
		snprintf(why, whylen, "e_lfanew 0x%x points past the end of "
		    "the file", lfanew);
		return -1;
	}
	if (sig_data_read(d, lfanew, sig, 4) == -1 ||
	    memcmp(sig, "PE\0\0", 4) != 0) {
		snprintf(why, whylen, "no PE signature at e_lfanew 0x%x",
		    lfanew);
		return -1;
	}
	if (rd16(d, (uint64_t)lfanew + 6, &nsec) == -1 ||
	    rd16(d, (uint64_t)lfanew + 20, &optsz) == -1)
		return snprintf(why, whylen, "truncated COFF header"), -1;
	opt = (uint64_t)lfanew + COFF_HEADER;
	if (opt + optsz > d->size || optsz < 2 ||
	    rd16(d, opt, &pe->magic) == -1) {
		snprintf(why, whylen, "SizeOfOptionalHeader %u lies past the "
		    "end of the file", optsz);
		return -1;
	}
	if (pe->magic == 0x10b)
		dirs = 96;
	else if (pe->magic == 0x20b)
		dirs = 112;
	else {
		snprintf(why, whylen, "optional header Magic 0x%x is neither "
		    "PE32 nor PE32+", pe->magic);
		return -1;
	}
	if (optsz < dirs) {
		snprintf(why, whylen, "SizeOfOptionalHeader %u too small for "
		    "%s", optsz, pe->magic == 0x10b ? "PE32" : "PE32+");
		return -1;
	}
	pe->checksum_off = (uint32_t)opt + 64;
	if (rd32(d, opt + 60, &pe->headers) == -1 ||
	    rd32(d, opt + dirs - 4, &ndirs) == -1)
		return snprintf(why, whylen, "truncated optional header"), -1;
	if (ndirs > (optsz - dirs) / 8u) {
		snprintf(why, whylen, "NumberOfRvaAndSizes %u does not fit "
		    "SizeOfOptionalHeader %u", ndirs, optsz);
		return -1;
	}
	dirs_end = opt + dirs + (uint64_t)ndirs * 8;
	table = opt + optsz;
	if (table + (uint64_t)nsec * SECTION_ENTRY > d->size) {
		snprintf(why, whylen, "NumberOfSections %u: the section table "
		    "lies past the end of the file", nsec);
		return -1;
	}
	if (pe->headers > d->size ||
	    pe->headers < table + (uint64_t)nsec * SECTION_ENTRY ||
	    pe->headers < dirs_end) {
		snprintf(why, whylen, "SizeOfHeaders 0x%x does not cover the "
		    "headers or lies past the end of the file", pe->headers);
		return -1;
	}
	if (ndirs > DIR_SECURITY) {
		pe->certdir_off = (uint32_t)(opt + dirs + DIR_SECURITY * 8);
		if (rd32(d, pe->certdir_off, &pe->cert_off) == -1 ||
		    rd32(d, (uint64_t)pe->certdir_off + 4,
		    &pe->cert_size) == -1)
			return snprintf(why, whylen, "truncated data "
			    "directories"), -1;
	}
	if (pe->cert_size == 0)
		pe->cert_off = 0;
	else if ((uint64_t)pe->cert_off + pe->cert_size > d->size ||
	    pe->cert_off < pe->headers || pe->cert_size < 8) {
		snprintf(why, whylen, "Certificate Table (offset 0x%x, size "
		    "0x%x) lies outside the file or inside the headers",
		    pe->cert_off, pe->cert_size);
		return -1;
	}
	return parse_sections(d, pe, table, nsec, why, whylen);
}

void
pe_release(struct pe_image *pe)
{
	free(pe->sections);
	pe->sections = NULL;
	pe->nsections = 0;
}

int
pe_image_hash(const struct pe_image *pe, const struct sig_data *d,
    const EVP_MD *md, unsigned char *out, unsigned *outlen)
{
	uint64_t end = pe->cert_size != 0 ? pe->cert_off : pe->size;
	uint64_t skip = pe->certdir_off != 0 ? pe->certdir_off : pe->headers;
	EVP_MD_CTX *ctx;
	size_t i;
	int rc = -1;

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, md, NULL) != 1)
		goto out;
	/* Headers, without CheckSum and the Certificate Table entry. */
	if (sig_data_hash_range(d, 0, pe->checksum_off, ctx) == -1 ||
	    sig_data_hash_range(d, (uint64_t)pe->checksum_off + 4,
	    skip - pe->checksum_off - 4, ctx) == -1)
		goto out;
	if (pe->certdir_off != 0 && sig_data_hash_range(d,
	    (uint64_t)pe->certdir_off + 8,
	    pe->headers - pe->certdir_off - 8, ctx) == -1)
		goto out;
	for (i = 0; i < pe->nsections; i++)
		if (sig_data_hash_range(d, pe->sections[i].off,
		    pe->sections[i].size, ctx) == -1)
			goto out;
	/* Whatever follows the sections, up to the certificate table. */
	if (end > pe->body_end &&
	    sig_data_hash_range(d, pe->body_end, end - pe->body_end,
	    ctx) == -1)
		goto out;
	if (EVP_DigestFinal_ex(ctx, out, outlen) != 1)
		goto out;
	rc = 0;
 out:
	EVP_MD_CTX_free(ctx);
	return rc;
}
