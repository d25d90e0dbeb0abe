/*
 * libFuzzer target for the update-bundle parsers: the first byte picks
 * one, the rest is its input.
 *   0  a RAUC bundle: the size trailer, the CMS structure and, for an
 *      attached CMS, the manifest it carries
 *   1  a RAUC manifest (INI)
 *   2  an SWUpdate sw-description (libconfig)
 *   3  a Mender manifest, then the same bytes as a base64 manifest.sig
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "update/bundles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
rauc(const uint8_t *p, size_t n)
{
	struct sig_data d = { -1, n, p };
	struct rauc_layout l;
	struct cms_facts f;
	char why[160];
	json_t *facts;

	(void)rauc_sniff(p, n);
	if (rauc_layout_get(&d, &l, why, sizeof(why)) == -1)
		return;
	if (l.image_size + l.sig_size + 8 != n)
		abort();
	if (!cms_facts_get(p + l.image_size, (size_t)l.sig_size, &f))
		return;
	if (f.content != NULL) {
		facts = rauc_manifest_facts((const char *)f.content,
		    f.content_len);
		json_decref(facts);
	}
	cms_facts_release(&f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swu_images imgs;
	struct mender_manifest m;
	unsigned char *sig;
	size_t i, n;

	if (size < 1)
		return 0;
	switch (data[0] & 3) {
	case 0:
		rauc(data + 1, size - 1);
		break;
	case 1:
		json_decref(rauc_manifest_facts((const char *)data + 1,
		    size - 1));
		break;
	case 2:
		if (swu_parse_images((const char *)data + 1, size - 1,
		    &imgs) == 0) {
			for (i = 0; i < imgs.n; i++)
				if (strlen(imgs.v[i].sha256) > 64)
					abort();
			swu_images_release(&imgs);
		}
		break;
	default:
		if (mender_parse_manifest((const char *)data + 1, size - 1,
		    &m) == 0)
			mender_manifest_release(&m);
		sig = mender_decode_sig(data + 1, size - 1, &n);
		free(sig);
		break;
	}
	return 0;
}
