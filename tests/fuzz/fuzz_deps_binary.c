/*
 * libFuzzer target for the dependencies probe's binary parsers: ELF and
 * PE headers, Go build info (both formats, pointers followed through the
 * segments), cargo-auditable sections (zlib and JSON), the version-string
 * signature scan and RPM header blobs.  The first byte picks RPM header or
 * whole-file scan; every offset in the input is hostile.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dependencies/discover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A few signatures in the shipped format, so that the scan runs. */
static const char sigs[] =
    "{\"product\":\"openssl\",\"signatures\":["
    "{\"literal\":\"OpenSSL \",\"regex\":\"OpenSSL ([0-9]+\\\\.[0-9]+"
    "\\\\.[0-9]+[a-z]{0,2}) \"},"
    "{\"literal\":\"Linux version \",\"regex\":\"Linux version ([0-9.]+)\"},"
    "{\"literal\":\"X\",\"regex\":\"X(.)\",\"version_map\":{\"1\":\"1.0\"}}"
    "]}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dep_sigset *set;
	struct dep_list l = DEP_LIST_INIT;
	struct dep_parse p;
	struct dep_blob b;
	unsigned char *copy;
	char err[256];

	if (size < 1)
		return 0;
	if (set == NULL && dep_sigset_load(&set, sigs, sizeof(sigs) - 1,
	    "fuzz.json", err, sizeof(err)) != ASSAY_OK)
		abort();
	if ((copy = malloc(size - 1 == 0 ? 1 : size - 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	memset(&p, 0, sizeof(p));
	p.l = &l;
	p.method = DEP_BINARY;
	p.distro_id = "fedora";
	if (data[0] & 1) {
		(void)rpm_header_parse(copy, size - 1, &p);
	} else if (data[0] & 2) {
		(void)go_modinfo_parse((const char *)copy, size - 1, &p);
	} else if (data[0] & 4) {
		(void)cargo_auditable_parse(copy, size - 1, &p);
	} else {
		b.fd = -1;
		b.mem = copy;
		b.size = size - 1;
		(void)dep_binary_scan(&b, set, &p);
	}
	/* Hostile bytes are a parse error, never taken for lack of memory. */
	if (p.nomem)
		abort();
	dep_list_release(&l);
	free(copy);
	return 0;
}
