/*
 * libFuzzer target for the dependencies probe's manifest, lock file and
 * SBOM parsers.  The first byte picks the parser; the rest is the file.
 * Each must turn any bytes into components or one parse error, never a
 * crash, a leak or a read past the buffer (the copy has no NUL after it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dependencies/discover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const dep_parser_fn parsers[] = {
		npm_lock_parse, npm_package_parse, python_metadata_parse,
		python_requirements_parse, poetry_lock_parse, cargo_lock_parse,
		composer_lock_parse, gemfile_lock_parse, dotnet_deps_parse,
		dpkg_status_parse, apk_installed_parse,
		maven_pom_properties_parse, java_manifest_parse,
		sbom_parse_any, opkg_status_parse,
	};
	struct dep_list l = DEP_LIST_INIT;
	struct dep_sbom sb;
	struct dep_parse p;
	size_t *idx = NULL;
	char *copy, *id, *ver;

	if (size < 1)
		return 0;
	/* An exact-size copy, so that ASan sees any over-read. */
	if ((copy = malloc(size - 1 == 0 ? 1 : size - 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	memset(&p, 0, sizeof(p));
	p.l = &l;
	p.method = DEP_LOCKFILE;
	p.source = "fuzz";
	p.distro_id = data[0] & 0x80 ? "debian" : NULL;
	p.distro = data[0] & 0x80 ? "debian-12" : NULL;
	(void)parsers[(data[0] & 0x7f) % (sizeof(parsers) /
	    sizeof(parsers[0]))](copy, size - 1, &p);
	/* Hostile text is a parse error, never taken for lack of memory. */
	if (p.nomem)
		abort();
	if ((data[0] & 0x7f) % 16 == 15) {
		os_release_parse(copy, size - 1, &id, &ver);
		free(id);
		free(ver);
	}
	/* Whatever was found, checked against itself as an SBOM. */
	memset(&sb, 0, sizeof(sb));
	sb.listed = l;
	if (dep_sbom_omitted(&l, &sb, &idx) != (size_t)-1)
		free(idx);
	dep_list_release(&l);
	free(copy);
	return 0;
}
