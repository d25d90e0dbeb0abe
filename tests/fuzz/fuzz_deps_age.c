/*
 * libFuzzer target for what the dependencies probe's age judgement reads
 * from outside: registry answers (npm, PyPI, crates, Maven), the
 * end-of-life table, version strings and dates (from artefacts and
 * registries alike), and package URLs.  The first byte picks the parser;
 * the rest is its input.  Each must refuse junk cleanly and stay total.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dependencies/age.h"
#include "dependencies/eol.h"
#include "dependencies/names.h"
#include "dependencies/registry.h"
#include "dependencies/timeparse.h"
#include "dependencies/versions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ecosystems[] = {
	"npm", "pypi", "deb", "rpm", "maven", "golang", "cargo", "opkg"
};

/* Splits text at its first newline into two versions and compares them. */
static void
versions(const char *eco, char *text)
{
	char *b = strchr(text, '\n');
	unsigned long t[3];

	if (b == NULL)
		return;
	*b++ = '\0';
	if ((dep_version_cmp(eco, text, b) < 0) !=
	    (dep_version_cmp(eco, b, text) > 0))
		abort();	/* the order must be antisymmetric */
	(void)dep_version_prerelease(eco, text);
	dep_version_triple(eco, b, t);
}

/* The package object a registry answer became, aged at a fixed moment. */
static void
age(json_t *pkg, const char *eco)
{
	struct dep_component c;
	const char *v;
	json_t *d;

	if (pkg == NULL)
		return;
	json_object_foreach(json_object_get(pkg, "versions"), v, d) {
		memset(&c, 0, sizeof(c));
		c.ecosystem = (char *)(uintptr_t)eco;
		c.name = (char *)(uintptr_t)"x";
		c.version = (char *)(uintptr_t)v;
		(void)dep_age_from_package(&c, pkg, 1700000000);
		free(c.latest);
		break;
	}
	json_decref(pkg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, type[32], ns[256], name[256];
	struct dep_eol *t;
	int64_t when;
	char buf[21];

	if (size < 1 || (text = malloc(size)) == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 8) {
	case 0:
		age(dep_registry_parse_npm(text, size - 1), "npm");
		break;
	case 1:
		age(dep_registry_parse_pypi(text, size - 1), "pypi");
		break;
	case 2:
		age(dep_registry_parse_cargo(text, size - 1), "cargo");
		break;
	case 3:
		age(dep_registry_parse_maven(text, size - 1), "maven");
		break;
	case 4:
		if ((t = dep_eol_parse(text, size - 1)) != NULL) {
			struct dep_component c;

			memset(&c, 0, sizeof(c));
			c.ecosystem = (char *)(uintptr_t)"generic";
			c.name = (char *)(uintptr_t)"openssl";
			c.version = (char *)(uintptr_t)"1.1.1w";
			(void)dep_eol_judge(t, &c, 1700000000);
			free(c.eol_cycle);
			free(c.product);
			dep_eol_free(t);
		}
		break;
	case 5:
		if (dep_parse_time(text, &when) == 0)
			dep_format_time(when, buf);
		break;
	case 6:
		(void)dep_purl_split(text, type, sizeof(type), ns, sizeof(ns),
		    name, sizeof(name));
		break;
	default:
		versions(ecosystems[(data[0] / 8) % 8], text);
		break;
	}
	free(text);
	return 0;
}
