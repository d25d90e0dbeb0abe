/*
 * libFuzzer target for the checksum-manifest parser: the first byte picks
 * the manifest's name (which decides lone digests and BLAKE2b), the rest
 * is the manifest.  Every entry must hold a name and a digest of its
 * algorithm's size; nothing may crash, leak or hang.  The input is also
 * taken as an entry name for the manifest-name test and the must_sign
 * glob matcher.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "signing/sigverify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"SHA256SUMS", "SHA512SUMS", "B2SUMS", "CHECKSUMS", "SHA256",
		"fw.bin.sha256", "x.iso.md5", "MD5SUMS",
	};
	const char *base;
	struct sum_list l;
	char *copy;
	size_t i;

	if (size < 1)
		return 0;
	base = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	if (sum_parse(base, data + 1, size - 1, &l) == 0) {
		for (i = 0; i < l.n; i++)
			if (l.v[i].name == NULL || l.v[i].name[0] == '\0' ||
			    sum_alg_len(l.v[i].alg) == 0)
				abort();
		sum_list_release(&l);
	}
	/* The name tests take any text: an archive's entry names. */
	if ((copy = malloc(size)) != NULL) {
		memcpy(copy, data + 1, size - 1);
		copy[size - 1] = '\0';
		(void)sum_manifest_name(copy);
		(void)sig_glob_match("**/*.bin", copy);
		(void)sig_glob_match("a/**/b?*c/**", copy);
		free(copy);
	}
	return 0;
}
