/*
 * Update bundles: the parts of RAUC bundles, SWUpdate images and Mender
 * artifacts that can be judged from bytes alone, so that unit tests and
 * fuzz targets reach them without a scan.  bundles.c walks the scan and
 * turns what these find into findings; signatures are verified with the
 * signing probe's code (../signing/sigverify.h).
 *
 *   bundlecms.c  CMS structure facts and routing a signature to its kind
 *   rauc.c       RAUC .raucb: squashfs + CMS + 8-byte size trailer
 *   swupdate.c   SWUpdate sw-description: images and their SHA-256
 *   mender.c     Mender artifact manifest: "<sha256>  <path>" lines
 */
#ifndef ASSAY_UPDATE_BUNDLES_H
#define ASSAY_UPDATE_BUNDLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../signing/sigverify.h"

/* ---- CMS structure (bundlecms.c) ----------------------------------------- */

/* What a DER CMS SignedData says about itself, before any verification. */
struct cms_facts {
	bool detached;		/* no encapsulated content */
	int nsigners;
	int ncerts;
	char digest[16];	/* first signer's digest ("sha256") */
	unsigned char *content;	/* encapsulated content, NOT verified
				   (owned); NULL when detached */
	size_t content_len;
};

/*
 * Parses p as DER SignedData.  True and f filled (release it) when it is
 * one; false otherwise, f left empty.
 */
bool cms_facts_get(const unsigned char *p, size_t n, struct cms_facts *f);
void cms_facts_release(struct cms_facts *f);

/*
 * Verifies a detached signature over d with whatever kind sig is: CMS,
 * OpenPGP, or else a bare signature with a --trust public key.  *kindp
 * gets "cms", "openpgp" or "raw".
 */
void bundle_verify_detached(const struct sig_trust *t,
    const struct sig_data *d, const unsigned char *sig, size_t siglen,
    int64_t now, const char **kindp, struct sig_result *r);

/* ---- RAUC (rauc.c) ------------------------------------------------------- */

/* Most bytes a RAUC signature may have; RAUC's own cap is lower. */
#define RAUC_SIG_MAX	((uint64_t)1 << 20)

struct rauc_layout {
	uint64_t image_size;	/* squashfs (and verity tree) before the CMS */
	uint64_t sig_size;	/* CMS bytes, ending 8 bytes before the end */
};

/* "hsqs": a little-endian squashfs superblock starts the bundle. */
bool rauc_sniff(const unsigned char *p, size_t n);

/*
 * Reads the trailer of the bundle in d.  0, or -1 with why when the size
 * is zero, larger than RAUC_SIG_MAX or larger than the bundle.
 */
int rauc_layout_get(const struct sig_data *d, struct rauc_layout *l,
    char *why, size_t whylen);

/*
 * Facts from a RAUC manifest (INI): [update] compatible and version,
 * [bundle] format and verity-*, and each [image.*] filename with its
 * sha256 and size, as a new JSON object (NULL on memory failure).
 */
json_t *rauc_manifest_facts(const char *text, size_t n);

/* ---- SWUpdate (swupdate.c) ----------------------------------------------- */

#define SWU_MAX_IMAGES	1024

struct swu_image {
	char filename[256];
	char sha256[65];	/* lower-case hex; "" when none is given */
	unsigned long line;	/* of the filename, 1-based */
};

struct swu_images {
	struct swu_image *v;
	size_t n;
	size_t skipped;		/* entries past SWU_MAX_IMAGES */
};

/*
 * Extracts every group of sw-description (libconfig syntax) that names a
 * filename, with its sha256 when it has one.  Comments, strings and
 * nesting are honoured; the scan is linear and never recurses.  0, or -1
 * when out of memory (out left empty).
 */
int swu_parse_images(const char *text, size_t n, struct swu_images *out);
void swu_images_release(struct swu_images *imgs);

/* ---- Mender (mender.c) --------------------------------------------------- */

#define MENDER_MAX_LINES	4096

struct mender_sum {
	char path[512];
	char sha256[65];	/* lower-case hex */
	unsigned long line;
};

struct mender_manifest {
	struct mender_sum *v;
	size_t n;
	unsigned long bad_line;	/* first line that does not parse; 0 none */
};

/* Parses "<64 hex>  <path>" lines.  0, or -1 when out of memory. */
int mender_parse_manifest(const char *text, size_t n,
    struct mender_manifest *out);
void mender_manifest_release(struct mender_manifest *m);

/*
 * Decodes manifest.sig (base64 of the signature bytes, whitespace
 * allowed) into a new buffer the caller frees; NULL when it is not
 * base64.
 */
unsigned char *mender_decode_sig(const unsigned char *p, size_t n,
    size_t *lenp);

#endif
