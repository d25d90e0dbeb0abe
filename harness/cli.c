/*
 * Subcommands, their options and --help, and the one table of exit
 * statuses.  Errors go to stderr as "assay: what failed: why"; results go
 * to stdout.
 */
#include "cli.h"

#include <archive.h>
#include <curl/curl.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "harness_rules.h"
#include "parse.h"
#include "registry.h"
#include "scan_cmd.h"

static const char usage_main[] =
"usage: assay COMMAND [OPTIONS] [ARGS]\n"
"\n"
"Verifies a vendor's software release and writes an evidence bundle.\n"
"\n"
"commands:\n"
"  scan ARTEFACT...   unpack the artefacts, run the probes, write the bundle\n"
"  probes             list the probes and the rules each may report\n"
"  version            print the version and the libraries in use\n"
"\n"
"Run 'assay COMMAND --help' for a command's options.\n"
"\n"
"exit status:\n"
"  0  every assessed check passed\n"
"  1  a check failed (until profiles land: a finding at high or above)\n"
"  2  usage or configuration error\n"
"  3  an input could not be fully examined (corrupt, encrypted, a limit,\n"
"     a probe error); the bundle records what was seen and why it stopped\n"
"  4  internal error\n";

static const char usage_scan[] =
"usage: assay scan [OPTIONS] ARTEFACT...\n"
"\n"
"Unpacks each artefact recursively into a private workspace, runs every\n"
"probe and writes manifest.json, inventory.json, coverage.json and\n"
"findings.json into the bundle directory, atomically.\n"
"\n"
"options:\n"
"  -o, --out DIR          bundle directory (default: assay-out/<artefact>)\n"
"  -q, --quiet            no progress line on stderr\n"
"  -j, --jobs N           probes run at once (default: the number of cores)\n"
"      --probe-path DIRS  colon-separated folders of plug-in probes (*.so);\n"
"                         default $ASSAY_PROBE_PATH\n"
"      --online           let probes use the network (https only)\n"
"      --cache-dir DIR    cache for network answers\n"
"      --ca-file FILE     extra CA certificates for TLS\n"
"      --tester ID        tester identity, recorded in the manifest\n"
"      --lab ID           lab identity, recorded in the manifest\n"
"      --workspace DIR    where to make the private workspace ($TMPDIR)\n"
"      --keep-workspace   leave the unpacked files for inspection\n"
"\n"
"limits (crossing one stops that part with harness.limit-exceeded, exit 3):\n"
"      --max-total-bytes SIZE   all content together (default 16G)\n"
"      --max-entry-bytes SIZE   one entry (default 4G)\n"
"      --max-entries N          entries of all artefacts (default 2000000)\n"
"      --max-depth N            archives within archives (default 8)\n"
"      --max-ratio N            expansion ratio past 64M out (default 1000)\n"
"      --max-path N             bytes of one entry name (default 4096)\n"
"      --max-time SECONDS       unpacking wall time (default 1h; 0: none)\n"
"      --probe-cpu SECONDS      CPU time per probe (default 300)\n"
"      --probe-memory SIZE      address space per probe (default 2G)\n"
"      --probe-time SECONDS     wall time per probe (default 15m)\n"
"SIZE takes a K, M, G or T suffix; SECONDS an s, m or h suffix.\n";

static const char usage_probes[] =
"usage: assay probes [--probe-path DIRS] [--json]\n"
"\n"
"Lists the built-in and plug-in probes with the rule ids each may report,\n"
"their default severities and titles.\n";

static const char usage_version[] =
"usage: assay version\n";

enum {
	OPT_PROBE_PATH = 256, OPT_ONLINE, OPT_CACHE_DIR, OPT_CA_FILE,
	OPT_TESTER, OPT_LAB, OPT_WORKSPACE, OPT_KEEP_WORKSPACE,
	OPT_MAX_TOTAL, OPT_MAX_ENTRY, OPT_MAX_ENTRIES, OPT_MAX_DEPTH,
	OPT_MAX_RATIO, OPT_MAX_PATH, OPT_MAX_TIME, OPT_PROBE_CPU,
	OPT_PROBE_MEMORY, OPT_PROBE_TIME, OPT_JSON, OPT_HELP
};

static int
usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("assay: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	fputs(usage, stderr);
	return ASSAY_EXIT_USAGE;
}

static int
error_exit(const struct assay_error *e, enum assay_err r)
{
	fprintf(stderr, "assay: %s\n", e->msg[0] != '\0' ? e->msg :
	    assay_strerror(r));
	switch (r) {
	case ASSAY_ERR_USAGE:
	case ASSAY_ERR_PLUGIN:
	case ASSAY_ERR_PROFILE:
		return ASSAY_EXIT_USAGE;
	default:
		return ASSAY_EXIT_INTERNAL;
	}
}

/* Parses one limit option into o; -1 with a message on a bad value. */
static int
set_limit(struct assay_limits *l, int opt, const char *arg)
{
	uint64_t v;
	int rc;

	switch (opt) {
	case OPT_MAX_TOTAL:
		rc = assay_parse_size(arg, &l->total_bytes);
		break;
	case OPT_MAX_ENTRY:
		rc = assay_parse_size(arg, &l->entry_bytes);
		break;
	case OPT_PROBE_MEMORY:
		rc = assay_parse_size(arg, &l->probe_memory);
		break;
	case OPT_MAX_ENTRIES:
		rc = assay_parse_u64(arg, 1, UINT32_MAX - 2, &l->entries);
		break;
	case OPT_MAX_DEPTH:
		/* Each level holds an open archive on the stack. */
		if ((rc = assay_parse_u64(arg, 0, 64, &v)) == 0)
			l->depth = (unsigned)v;
		break;
	case OPT_MAX_RATIO:
		rc = assay_parse_u64(arg, 1, UINT64_MAX, &l->ratio);
		break;
	case OPT_MAX_PATH:
		if ((rc = assay_parse_u64(arg, 16, 65536, &v)) == 0)
			l->path_bytes = (size_t)v;
		break;
	case OPT_MAX_TIME:
		rc = assay_parse_seconds(arg, &l->wall_seconds);
		break;
	case OPT_PROBE_CPU:
		if ((rc = assay_parse_seconds(arg, &v)) == 0 && v == 0)
			rc = -1;
		if (rc == 0)
			l->probe_cpu_seconds = v;
		break;
	case OPT_PROBE_TIME:
		if ((rc = assay_parse_seconds(arg, &v)) == 0 && v == 0)
			rc = -1;
		if (rc == 0)
			l->probe_wall_seconds = v;
		break;
	default:
		rc = -1;
		break;
	}
	return rc;
}

static void
print_outcome(const struct assay_scan_opts *o,
    const struct assay_scan_outcome *res)
{
	static const char *const verdict[] = {
		"PASS", "FAIL", "USAGE", "INCOMPLETE", "ERROR"
	};

	printf("assay: scanned %d artefact%s: %" PRIu64 " entries in %" PRIu64
	    " archive%s; %u probe%s", o->nartefacts,
	    o->nartefacts == 1 ? "" : "s", res->entries, res->containers,
	    res->containers == 1 ? "" : "s", res->probes,
	    res->probes == 1 ? "" : "s");
	if (res->probes_failed > 0)
		printf(" (%u failed)", res->probes_failed);
	printf("\nfindings: %" PRIu64 " critical, %" PRIu64 " high, %" PRIu64
	    " medium, %" PRIu64 " low, %" PRIu64 " info\n",
	    res->by_severity[ASSAY_SEV_CRITICAL],
	    res->by_severity[ASSAY_SEV_HIGH],
	    res->by_severity[ASSAY_SEV_MEDIUM],
	    res->by_severity[ASSAY_SEV_LOW], res->by_severity[ASSAY_SEV_INFO]);
	printf("result: %s (exit %d)", verdict[res->status], (int)res->status);
	if (res->status == ASSAY_EXIT_INCOMPLETE)
		printf(": not everything could be examined; see coverage.json");
	else if (res->status == ASSAY_EXIT_FAIL)
		printf(": a finding at high or above; see findings.json");
	printf("\nbundle: %s\n", res->out);
	if (res->workspace != NULL)
		printf("workspace kept: %s\n", res->workspace);
}

static int
cmd_scan(int argc, char **argv, const struct assay_probe *const *builtins)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "probe-path", required_argument, NULL, OPT_PROBE_PATH },
		{ "online", no_argument, NULL, OPT_ONLINE },
		{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
		{ "ca-file", required_argument, NULL, OPT_CA_FILE },
		{ "tester", required_argument, NULL, OPT_TESTER },
		{ "lab", required_argument, NULL, OPT_LAB },
		{ "workspace", required_argument, NULL, OPT_WORKSPACE },
		{ "keep-workspace", no_argument, NULL, OPT_KEEP_WORKSPACE },
		{ "max-total-bytes", required_argument, NULL, OPT_MAX_TOTAL },
		{ "max-entry-bytes", required_argument, NULL, OPT_MAX_ENTRY },
		{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
		{ "max-path", required_argument, NULL, OPT_MAX_PATH },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "probe-cpu", required_argument, NULL, OPT_PROBE_CPU },
		{ "probe-memory", required_argument, NULL, OPT_PROBE_MEMORY },
		{ "probe-time", required_argument, NULL, OPT_PROBE_TIME },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct assay_scan_opts o;
	struct assay_scan_outcome res;
	struct assay_error e = { ASSAY_OK, "" };
	enum assay_err r;
	uint64_t v;
	int c, status;

	assay_scan_opts_init(&o);
	o.builtins = builtins;
	o.argc = argc;
	o.argv = argv;
	while ((c = getopt_long(argc, argv, "+o:qj:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'j':
			if (assay_parse_u64(optarg, 1, 64, &v) == -1)
				return usage_error(usage_scan,
				    "--jobs wants a number from 1 to 64, not %s",
				    optarg);
			o.jobs = (unsigned)v;
			break;
		case OPT_PROBE_PATH:
			o.probe_path = optarg;
			break;
		case OPT_ONLINE:
			o.online = true;
			break;
		case OPT_CACHE_DIR:
			o.cache_dir = optarg;
			break;
		case OPT_CA_FILE:
			o.ca_file = optarg;
			break;
		case OPT_TESTER:
			o.tester = optarg;
			break;
		case OPT_LAB:
			o.lab = optarg;
			break;
		case OPT_WORKSPACE:
			o.workspace = optarg;
			break;
		case OPT_KEEP_WORKSPACE:
			o.keep_workspace = true;
			break;
		case 'h':
			fputs(usage_scan, stdout);
			return ASSAY_EXIT_PASS;
		case '?':
			fputs(usage_scan, stderr);
			return ASSAY_EXIT_USAGE;
		default:
			if (set_limit(&o.limits, c, optarg) == -1)
				return usage_error(usage_scan,
				    "bad value for a limit: %s", optarg);
			break;
		}
	}
	o.artefacts = argv + optind;
	o.nartefacts = argc - optind;
	if (o.nartefacts < 1)
		return usage_error(usage_scan, "%s", "name at least one artefact");
	r = assay_scan_run(&o, &res, &e);
	if (r != ASSAY_OK) {
		assay_scan_outcome_release(&res);
		return error_exit(&e, r);
	}
	print_outcome(&o, &res);
	status = (int)res.status;
	assay_scan_outcome_release(&res);
	if (fflush(stdout) == EOF)
		return ASSAY_EXIT_INTERNAL;
	return status;
}

static json_t *
probe_json(const struct assay_probe *p, const char *origin)
{
	const struct assay_rule *r;
	json_t *o, *rules;

	rules = json_array();
	for (r = p->rules; r != NULL && r->id != NULL; r++)
		json_array_append_new(rules, json_pack("{s:s, s:s, s:s}",
		    "id", r->id, "severity", assay_severity_name(r->severity),
		    "title", r->title != NULL ? r->title : ""));
	o = json_pack("{s:s, s:s, s:s, s:s, s:o}", "name", p->name,
	    "version", p->version != NULL ? p->version : "",
	    "summary", p->summary != NULL ? p->summary : "",
	    "origin", origin, "rules", rules);
	return o;
}

static void
print_probe(const struct assay_probe *p, const char *origin)
{
	const struct assay_rule *r;

	printf("%s %s (%s)\n  %s\n", p->name,
	    p->version != NULL ? p->version : "", origin,
	    p->summary != NULL ? p->summary : "");
	for (r = p->rules; r != NULL && r->id != NULL; r++)
		printf("    %-36s %-8s %s\n", r->id,
		    assay_severity_name(r->severity),
		    r->title != NULL ? r->title : "");
}

static int
cmd_probes(int argc, char **argv, const struct assay_probe *const *builtins)
{
	static const struct option longopts[] = {
		{ "probe-path", required_argument, NULL, OPT_PROBE_PATH },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct assay_registry reg = ASSAY_REGISTRY_INIT;
	struct assay_error e = { ASSAY_OK, "" };
	const char *path = getenv("ASSAY_PROBE_PATH");
	json_t *all = NULL;
	enum assay_err r;
	int c, status = ASSAY_EXIT_PASS;
	bool json = false;
	size_t i;

	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_PROBE_PATH:
			path = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			fputs(usage_probes, stdout);
			return ASSAY_EXIT_PASS;
		default:
			fputs(usage_probes, stderr);
			return ASSAY_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error(usage_probes, "unexpected argument %s",
		    argv[optind]);
	if ((r = assay_registry_add_table(&reg, builtins, assay_data_dir(),
	    &e)) != ASSAY_OK ||
	    (path != NULL && *path != '\0' &&
	    (r = assay_registry_load_path(&reg, path, &e)) != ASSAY_OK)) {
		status = error_exit(&e, r);
		goto out;
	}
	if (json) {
		all = json_array();
		json_array_append_new(all, probe_json(&assay_harness_probe,
		    "built-in"));
		for (i = 0; i < reg.n; i++)
			json_array_append_new(all, probe_json(&reg.v[i].ops,
			    reg.v[i].origin));
		if (json_dumpf(all, stdout, JSON_INDENT(2) | JSON_SORT_KEYS) ==
		    -1)
			status = ASSAY_EXIT_INTERNAL;
		putchar('\n');
	} else {
		print_probe(&assay_harness_probe, "built-in");
		for (i = 0; i < reg.n; i++)
			print_probe(&reg.v[i].ops, reg.v[i].origin);
	}
	if (fflush(stdout) == EOF)
		status = ASSAY_EXIT_INTERNAL;
 out:
	json_decref(all);
	assay_registry_release(&reg);
	return status;
}

static int
cmd_version(int argc, char **argv)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage_version, stdout);
		return ASSAY_EXIT_PASS;
	}
	if (argc > 1)
		return usage_error(usage_version, "unexpected argument %s",
		    argv[1]);
	printf("assay %s (build %s, probe ABI %u.%u)\n", ASSAY_VERSION,
	    ASSAY_BUILD_ID, ASSAY_PROBE_ABI_MAJOR, ASSAY_PROBE_ABI_MINOR);
	printf("%s\n%s\nlibcurl %s\nJansson %s\n", archive_version_details(),
	    OpenSSL_version(OPENSSL_VERSION), cv->version, jansson_version_str());
	return fflush(stdout) == EOF ? ASSAY_EXIT_INTERNAL : ASSAY_EXIT_PASS;
}

int
assay_cli_main(int argc, char **argv, const struct assay_probe *const *builtins)
{
	const char *cmd;

	if (argc < 2)
		return usage_error(usage_main, "%s", "no command given");
	cmd = argv[1];
	/* Each subcommand parses its own options from its own argv[0]. */
	optind = 1;
	if (strcmp(cmd, "scan") == 0)
		return cmd_scan(argc - 1, argv + 1, builtins);
	if (strcmp(cmd, "probes") == 0)
		return cmd_probes(argc - 1, argv + 1, builtins);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		fputs(usage_main, stdout);
		return ASSAY_EXIT_PASS;
	}
	return usage_error(usage_main, "unknown command %s", cmd);
}
