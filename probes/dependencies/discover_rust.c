/*
 * Rust: Cargo.lock and the dependency list cargo-auditable embeds in
 * binaries (section .dep-v0: zlib-compressed JSON, inflated here with a
 * cap on the output).  Workspace crates and the root are first-party.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "discover.h"

#define AUDITABLE_MAX	(8u << 20)	/* bytes of inflated JSON */

enum assay_err
cargo_lock_parse(const char *buf, size_t len, struct dep_parse *p)
{
	return dep_toml_packages(buf, len, p, "cargo", 1);
}

/* Inflates a zlib stream into a new NUL-terminated buffer; NULL on error. */
static char *
inflate_capped(const unsigned char *in, size_t len, size_t max,
    size_t *outlenp, int *nomemp)
{
	z_stream z;
	char *out = NULL, *grown;
	size_t cap = 0, cap2;
	int zr;

	*outlenp = 0;
	memset(&z, 0, sizeof(z));
	if (len > UINT32_MAX)
		return NULL;
	if (inflateInit(&z) != Z_OK) {
		*nomemp = 1;
		return NULL;
	}
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	do {
		if (z.total_out + 1 >= cap) {
			cap2 = cap == 0 ? 64u << 10 : cap * 2;
			if (cap2 > max + 1)
				cap2 = max + 1;
			if (cap2 <= z.total_out + 1)
				goto fail;	/* past the cap */
			if ((grown = realloc(out, cap2)) == NULL) {
				*nomemp = 1;
				goto fail;
			}
			out = grown;
			cap = cap2;
		}
		z.next_out = (unsigned char *)out + z.total_out;
		z.avail_out = (uInt)(cap - 1 - z.total_out);
		zr = inflate(&z, Z_NO_FLUSH);
	} while (zr == Z_OK);
	if (zr != Z_STREAM_END)
		goto fail;
	out[z.total_out] = '\0';
	*outlenp = z.total_out;
	inflateEnd(&z);
	return out;
 fail:
	inflateEnd(&z);
	free(out);
	return NULL;
}

enum assay_err
cargo_auditable_parse(const unsigned char *buf, size_t len,
    struct dep_parse *p)
{
	json_error_t jerr;
	json_t *root = NULL, *pkgs, *pk, *src;
	char *text;
	size_t n, i;

	if ((text = inflate_capped(buf, len, AUDITABLE_MAX, &n, &p->nomem)) ==
	    NULL) {
		if (!p->nomem)
			dep_parse_fail(p, 0, ".dep-v0 does not inflate within "
			    "%u bytes", AUDITABLE_MAX);
		return dep_parse_status(p);
	}
	if ((root = json_loadb(text, n, 0, &jerr)) == NULL) {
		dep_parse_fail(p, 0, ".dep-v0 is not JSON: %s", jerr.text);
		goto out;
	}
	pkgs = json_object_get(root, "packages");
	if (!json_is_array(pkgs)) {
		dep_parse_fail(p, 0, ".dep-v0 has no packages array");
		goto out;
	}
	json_array_foreach(pkgs, i, pk) {
		if (json_is_true(json_object_get(pk, "root")))
			continue;
		src = json_object_get(pk, "source");
		if (json_is_string(src) &&
		    strcmp(json_string_value(src), "local") == 0)
			continue;
		(void)dep_parse_add(p, "cargo", NULL,
		    json_string_value(json_object_get(pk, "name")),
		    json_string_value(json_object_get(pk, "version")), 0);
		if (p->nomem)
			break;
	}
 out:
	json_decref(root);
	free(text);
	return dep_parse_status(p);
}

enum assay_err
discover_rust(struct assay_scan *scan, struct dep_list *l)
{
	return dep_each_file(scan, l, "**/Cargo.lock", DEP_TEXT_MAX, NULL, NULL,
	    cargo_lock_parse, DEP_LOCKFILE, "Cargo.lock");
}
