/*
 * The parts of a PE/COFF image (PE32 and PE32+) Authenticode needs: where
 * the CheckSum field, the Certificate Table entry, the headers, the
 * section data and the certificate table lie, every offset checked
 * against the file.  Used by authenticode.c only.
 */
#ifndef ASSAY_SIG_PE_H
#define ASSAY_SIG_PE_H

#include "sigverify.h"

struct pe_section {
	uint32_t off;			/* PointerToRawData */
	uint32_t size;			/* SizeOfRawData, never 0 here */
	uint16_t index;			/* in the section table */
};

struct pe_image {
	uint64_t size;			/* bytes in the file */
	uint16_t magic;			/* 0x10b PE32, 0x20b PE32+ */
	uint32_t checksum_off;		/* the 4-byte CheckSum field */
	uint32_t certdir_off;		/* the 8-byte directory entry; 0: none */
	uint32_t headers;		/* SizeOfHeaders */
	uint32_t cert_off;		/* the certificate table (file offset) */
	uint32_t cert_size;		/* 0: not signed */
	uint64_t body_end;		/* end of headers and section data */
	struct pe_section *sections;	/* sorted by off, then index */
	size_t nsections;
};

/*
 * Parses d's headers into pe.  0, or -1 with why naming the field that is
 * out of bounds or absurd.  Release pe with pe_release() either way.
 */
int pe_parse(const struct sig_data *d, struct pe_image *pe, char *why,
    size_t whylen);
void pe_release(struct pe_image *pe);

/*
 * The Authenticode image hash with md: the headers without CheckSum and
 * the Certificate Table entry, the sections in file order, then whatever
 * follows them up to the certificate table.  0 or -1 (I/O).
 */
int pe_image_hash(const struct pe_image *pe, const struct sig_data *d,
    const EVP_MD *md, unsigned char *out, unsigned *outlen);

#endif
