/* "assay db update" (db_cmd.h): options, the fetcher, then the probe's code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_cmd.h"
#include "dependencies/dbupdate.h"
#include "fetch.h"
#include "parse.h"
#include "scan_cmd.h"

#define LIST_MAX	256

static const char usage_db[] =
"usage: assay db update --registry ECOSYSTEM=URL... [OPTIONS]\n"
"\n"
"Refreshes the release-date snapshots the dependencies probe judges age\n"
"by (probes/dependencies/data/releases/<ecosystem>.json): every package a\n"
"snapshot lists, plus those named.  assay ships no registry address: name\n"
"each registry (or a mirror of it) with --registry.\n"
"\n"
"options:\n"
"      --registry E=URL   registry for ecosystem E (npm, pypi, cargo,\n"
"                         golang, maven); https only; repeatable\n"
"      --ecosystem E      only E (repeatable; default: every --registry)\n"
"      --package E:NAME   add a package (npm \"@scope/name\", maven\n"
"                         \"group:artifact\", golang module path)\n"
"      --from FILE        add the packages a package-lock.json or a\n"
"                         CycloneDX or SPDX JSON SBOM lists\n"
"      --dir DIR          snapshot folder (default: the data folder's)\n"
"      --ca-file FILE     extra CA certificates for TLS\n"
"      --cache-dir DIR    cache for registry answers\n"
"  -q, --quiet            no line per package\n"
"\n"
"exit status: 0 refreshed, 1 some packages kept their old dates,\n"
"2 usage, 4 internal error\n";

enum {
	OPT_REGISTRY = 256, OPT_ECOSYSTEM, OPT_PACKAGE, OPT_FROM, OPT_DIR,
	OPT_CA_FILE, OPT_CACHE_DIR
};

static int
usage(const char *what, const char *arg)
{
	fprintf(stderr, "assay: %s%s\n%s", what, arg, usage_db);
	return ASSAY_EXIT_USAGE;
}

static enum assay_err
fetch_with(void *ctx, const char *url, size_t max, unsigned char **datap,
    size_t *lenp)
{
	struct assay_error e = { ASSAY_OK, "" };
	enum assay_err r;

	r = assay_fetch(ctx, url, max, datap, lenp, NULL, &e);
	if (r != ASSAY_OK)
		fprintf(stderr, "assay: %s\n", e.msg);
	return r;
}

static int
push(const char **v, size_t *n, const char *s)
{
	if (*n == LIST_MAX)
		return -1;
	v[(*n)++] = s;
	return 0;
}

/* SOURCE_DATE_EPOCH when set, else now: the snapshot's "generated". */
static int
now_of(int64_t *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	if (s == NULL || *s == '\0') {
		*t = (int64_t)time(NULL);
		return 0;
	}
	if (assay_parse_u64(s, 0, INT64_MAX, &v) == -1)
		return -1;
	*t = (int64_t)v;
	return 0;
}

static int
update(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "registry", required_argument, NULL, OPT_REGISTRY },
		{ "ecosystem", required_argument, NULL, OPT_ECOSYSTEM },
		{ "package", required_argument, NULL, OPT_PACKAGE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "dir", required_argument, NULL, OPT_DIR },
		{ "ca-file", required_argument, NULL, OPT_CA_FILE },
		{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *regs[LIST_MAX], *ecos[LIST_MAX], *pkgs[LIST_MAX];
	const char *from[LIST_MAX];
	struct deps_db_request q;
	struct assay_fetch_opts fo;
	char dir[4096], err[1024], *cache = NULL;
	const char *cache_dir = NULL;
	int c, n, rc;
	bool quiet = false;

	memset(&q, 0, sizeof(q));
	assay_fetch_opts_init(&fo);
	q.registries = regs;
	q.ecosystems = ecos;
	q.packages = pkgs;
	q.from = from;
	while ((c = getopt_long(argc, argv, "+qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_REGISTRY:
			if (push(regs, &q.nregistries, optarg) == -1)
				return usage("too many ", "--registry");
			break;
		case OPT_ECOSYSTEM:
			if (push(ecos, &q.necosystems, optarg) == -1)
				return usage("too many ", "--ecosystem");
			break;
		case OPT_PACKAGE:
			if (push(pkgs, &q.npackages, optarg) == -1)
				return usage("too many ", "--package");
			break;
		case OPT_FROM:
			if (push(from, &q.nfrom, optarg) == -1)
				return usage("too many ", "--from");
			break;
		case OPT_DIR:
			q.dir = optarg;
			break;
		case OPT_CA_FILE:
			fo.ca_file = optarg;
			break;
		case OPT_CACHE_DIR:
			cache_dir = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage_db, stdout);
			return ASSAY_EXIT_PASS;
		default:
			fputs(usage_db, stderr);
			return ASSAY_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage("unexpected argument ", argv[optind]);
	if (q.dir == NULL) {
		n = snprintf(dir, sizeof(dir),
		    "%s/probes/dependencies/data/releases", assay_data_dir());
		if (n < 0 || (size_t)n >= sizeof(dir))
			return usage("data folder path too long: ",
			    assay_data_dir());
		q.dir = dir;
	}
	if (now_of(&q.now) == -1)
		return usage("SOURCE_DATE_EPOCH is not a number of seconds: ",
		    getenv("SOURCE_DATE_EPOCH"));
	/* This command exists to ask the network: it is online by nature. */
	fo.online = true;
	fo.now = q.now;
	if (cache_dir != NULL)
		fo.cache_dir = cache_dir;
	else if ((cache = assay_fetch_default_cache_dir()) != NULL)
		fo.cache_dir = cache;
	q.fetch = fetch_with;
	q.ctx = &fo;
	q.log = quiet ? NULL : stdout;
	rc = deps_db_update(&q, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "assay: db update: %s\n", err);
	free(cache);
	if (fflush(stdout) == EOF)
		rc = ASSAY_EXIT_INTERNAL;
	return rc;
}

int
assay_cmd_db(int argc, char **argv)
{
	if (argc < 2)
		return usage("db wants a subcommand: ", "update");
	if (strcmp(argv[1], "update") == 0) {
		optind = 1;
		return update(argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_db, stdout);
		return ASSAY_EXIT_PASS;
	}
	return usage("unknown db subcommand ", argv[1]);
}
