/*
 * Subcommands, their options and --help, and the one table of exit
 * statuses.  Errors go to stderr as "assay: what failed: why"; results go
 * to stdout.
 */
#include "cli.h"
#include "db_cmd.h"

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
#include "profile.h"
#include "registry.h"
#include "reports.h"
#include "scan_cmd.h"
#include "verdict.h"

static const char usage_main[] =
"usage: assay COMMAND [OPTIONS] [ARGS]\n"
"\n"
"Verifies a vendor's software release and writes an evidence bundle.\n"
"\n"
"commands:\n"
"  scan ARTEFACT...   unpack the artefacts, run the probes, write the bundle\n"
"  verify DIR         check a bundle's sums, signature and statement\n"
"  diff OLD NEW       findings and verdicts that changed between bundles\n"
"  probes             list the probes and the rules each may report\n"
"  profiles [NAME]    list the profiles, or print one resolved\n"
"  keygen             make a lab signing key pair\n"
"  db update          refresh the release-date snapshots from registries\n"
"  version            print the version and the libraries in use\n"
"\n"
"Run 'assay COMMAND --help' for a command's options.\n"
"\n"
"exit status:\n"
"  0  every assessed control passed\n"
"  1  a control failed (verify: a check failed; diff: the bundles differ)\n"
"  2  usage or configuration error\n"
"  3  an input could not be fully examined (corrupt, encrypted, a limit,\n"
"     a probe error); the bundle records what was seen and why it stopped\n"
"  4  internal error\n";

static const char usage_scan[] =
"usage: assay scan [OPTIONS] ARTEFACT...\n"
"\n"
"Unpacks each artefact recursively into a private workspace, runs the\n"
"probes, judges the findings against a profile and writes the evidence\n"
"bundle (manifest, inventory, coverage, findings, verdict, report.html,\n"
"summary.md, SARIF, JUnit, CycloneDX SBOM, DSSE attestation, SHA256SUMS)\n"
"atomically.\n"
"\n"
"options:\n"
"  -o, --out DIR          bundle directory (default: assay-out/<artefact>)\n"
"  -p, --profile NAME     profile id or file (default: vendor-selfcheck)\n"
"      --waivers FILE     tester waivers (rule, path glob, reason, expiry)\n"
"      --as-of TIME       judge validity and age at TIME (YYYY-MM-DD,\n"
"                         YYYY-MM-DDTHH:MM:SSZ or @SECONDS)\n"
"      --sign-key KEY     sign the attestation with this lab key (PEM)\n"
"      --tsa URL          get an RFC 3161 timestamp on the attestation\n"
"      --trust FILE       trust anchors for the probes: certificates, public\n"
"                         keys, keyrings (repeatable; digests in manifest)\n"
"      --set PROBE.KEY=VALUE  set a probe parameter over the profile's\n"
"                         (VALUE is JSON, else a string; repeatable)\n"
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

static const char usage_profiles[] =
"usage: assay profiles [NAME|FILE]\n"
"\n"
"Without an argument, lists the shipped profiles; with one, prints that\n"
"profile resolved (its \"extends\" merged) and its digest.\n";

static const char usage_verify[] =
"usage: assay verify [--trust PUBKEY] DIR\n"
"\n"
"Checks every SHA256SUMS line, the DSSE signature (against PUBKEY), that\n"
"the attestation's statement matches the manifest, and the timestamp token\n"
"if present.  Exit 0 only when every check holds.\n";

static const char usage_diff[] =
"usage: assay diff [--json] OLD_DIR NEW_DIR\n"
"\n"
"Findings new, fixed and unchanged between two bundles (matched by rule,\n"
"path and evidence) and controls whose verdict changed.  Exit 0 when\n"
"nothing changed, 1 when something did.\n";

static const char usage_keygen[] =
"usage: assay keygen [--type ed25519|p256] [--out PREFIX]\n"
"\n"
"Makes a lab signing key pair: PREFIX.key (private, mode 0600) and\n"
"PREFIX.pub (default PREFIX: assay-lab).  Ed25519 signatures are\n"
"deterministic, so signed bundles stay reproducible.\n";

enum {
	OPT_PROBE_PATH = 256, OPT_ONLINE, OPT_CACHE_DIR, OPT_CA_FILE,
	OPT_TESTER, OPT_LAB, OPT_WORKSPACE, OPT_KEEP_WORKSPACE,
	OPT_MAX_TOTAL, OPT_MAX_ENTRY, OPT_MAX_ENTRIES, OPT_MAX_DEPTH,
	OPT_MAX_RATIO, OPT_MAX_PATH, OPT_MAX_TIME, OPT_PROBE_CPU,
	OPT_PROBE_MEMORY, OPT_PROBE_TIME, OPT_JSON, OPT_HELP, OPT_WAIVERS,
	OPT_AS_OF, OPT_SIGN_KEY, OPT_TSA, OPT_TRUST, OPT_TYPE, OPT_SET
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
	size_t i;

	for (i = 0; i < res->nexpired_waivers; i++)
		fprintf(stderr, "assay: warning: %s; it was ignored\n",
		    res->expired_waivers[i]);
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
	printf("profile %s: %zu passed, %zu failed, %zu not assessed, %zu "
	    "manual\n", res->profile, res->controls[ASSAY_CONTROL_PASS],
	    res->controls[ASSAY_CONTROL_FAIL],
	    res->controls[ASSAY_CONTROL_NOT_ASSESSED],
	    res->controls[ASSAY_CONTROL_MANUAL]);
	for (i = 0; i < res->nfailed_controls; i++)
		printf("  failed: %s\n", res->failed_controls[i]);
	printf("result: %s (exit %d)", verdict[res->status], (int)res->status);
	if (res->status == ASSAY_EXIT_INCOMPLETE)
		printf(": not everything could be examined; see coverage.json");
	else if (res->status == ASSAY_EXIT_FAIL)
		printf(": see summary.md and report.html");
	printf("\nbundle: %s (%s)\n", res->out, res->signed_bundle ?
	    "signed" : "unsigned");
	if (res->workspace != NULL)
		printf("workspace kept: %s\n", res->workspace);
}

static int
cmd_scan(int argc, char **argv, const struct assay_probe *const *builtins)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, 'p' },
		{ "waivers", required_argument, NULL, OPT_WAIVERS },
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "sign-key", required_argument, NULL, OPT_SIGN_KEY },
		{ "tsa", required_argument, NULL, OPT_TSA },
		{ "trust", required_argument, NULL, OPT_TRUST },
		{ "set", required_argument, NULL, OPT_SET },
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
	const char *trust[64], *settings[128];
	size_t ntrust = 0, nsettings = 0;
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
	while ((c = getopt_long(argc, argv, "+o:p:qj:h", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'p':
			o.profile = optarg;
			break;
		case OPT_WAIVERS:
			o.waivers = optarg;
			break;
		case OPT_AS_OF:
			o.as_of = optarg;
			break;
		case OPT_SIGN_KEY:
			o.sign_key = optarg;
			break;
		case OPT_TSA:
			o.tsa_url = optarg;
			break;
		case OPT_TRUST:
			if (ntrust == sizeof(trust) / sizeof(trust[0]))
				return usage_error(usage_scan,
				    "--trust given more than %zu times",
				    ntrust);
			trust[ntrust++] = optarg;
			break;
		case OPT_SET:
			if (nsettings == sizeof(settings) / sizeof(settings[0]))
				return usage_error(usage_scan,
				    "--set given more than %zu times",
				    nsettings);
			settings[nsettings++] = optarg;
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
	if (o.tsa_url != NULL && !o.online)
		return usage_error(usage_scan, "%s", "--tsa asks a timestamp "
		    "authority over the network: add --online");
	o.artefacts = argv + optind;
	o.nartefacts = argc - optind;
	o.trust = trust;
	o.ntrust = ntrust;
	o.settings = settings;
	o.nsettings = nsettings;
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

/* Parses "--help" alone; returns -1 when argv holds something else. */
static int
only_help(int argc, char **argv, const char *usage)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return ASSAY_EXIT_PASS;
	}
	return -1;
}

static int
cmd_profiles(int argc, char **argv)
{
	struct assay_error e = { ASSAY_OK, "" };
	struct assay_profile *p = NULL;
	char **ids = NULL, *dump = NULL;
	size_t i, n = 0;
	enum assay_err r;
	int status = ASSAY_EXIT_PASS;

	if ((status = only_help(argc, argv, usage_profiles)) != -1)
		return status;
	status = ASSAY_EXIT_PASS;
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return usage_error(usage_profiles, "unexpected argument %s",
		    argv[argc - 1]);
	if (argc == 2) {
		if ((r = assay_profile_load(argv[1], assay_data_dir(), &p,
		    &e)) != ASSAY_OK)
			return error_exit(&e, r);
		if ((dump = assay_profile_dump(p)) == NULL)
			status = ASSAY_EXIT_INTERNAL;
		else
			printf("%s\n", dump);
		free(dump);
		assay_profile_free(p);
	} else {
		if ((r = assay_profile_list(assay_data_dir(), &ids, &n, &e)) !=
		    ASSAY_OK)
			return error_exit(&e, r);
		for (i = 0; i < n; i++) {
			if (assay_profile_load(ids[i], assay_data_dir(), &p,
			    &e) == ASSAY_OK) {
				printf("%-18s %-8s %s%s\n", ids[i],
				    assay_profile_version(p),
				    assay_profile_title(p),
				    strcmp(ids[i], ASSAY_DEFAULT_PROFILE) == 0 ?
				    " (default)" : "");
				assay_profile_free(p);
			} else {
				fprintf(stderr, "assay: %s\n", e.msg);
				status = ASSAY_EXIT_USAGE;
			}
			free(ids[i]);
		}
		free(ids);
	}
	if (fflush(stdout) == EOF)
		status = ASSAY_EXIT_INTERNAL;
	return status;
}

static int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, OPT_TRUST },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct assay_error e = { ASSAY_OK, "" };
	const char *trust = NULL;
	enum assay_err r;
	bool ok = false;
	int c;

	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TRUST:
			trust = optarg;
			break;
		case 'h':
			fputs(usage_verify, stdout);
			return ASSAY_EXIT_PASS;
		default:
			fputs(usage_verify, stderr);
			return ASSAY_EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error(usage_verify, "%s", "name one bundle folder");
	if ((r = assay_verify_bundle(argv[optind], trust, stdout, &ok, &e)) !=
	    ASSAY_OK)
		return error_exit(&e, r);
	printf("%s: %s\n", argv[optind], ok ? "verified" : "NOT verified");
	if (fflush(stdout) == EOF)
		return ASSAY_EXIT_INTERNAL;
	return ok ? ASSAY_EXIT_PASS : ASSAY_EXIT_FAIL;
}

static int
cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct assay_error e = { ASSAY_OK, "" };
	enum assay_err r;
	bool json = false, changed = false;
	int c;

	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			fputs(usage_diff, stdout);
			return ASSAY_EXIT_PASS;
		default:
			fputs(usage_diff, stderr);
			return ASSAY_EXIT_USAGE;
		}
	}
	if (argc - optind != 2)
		return usage_error(usage_diff, "%s", "name two bundle folders");
	if ((r = assay_diff_bundles(argv[optind], argv[optind + 1], json,
	    stdout, &changed, &e)) != ASSAY_OK)
		return error_exit(&e, r);
	if (fflush(stdout) == EOF)
		return ASSAY_EXIT_INTERNAL;
	return changed ? ASSAY_EXIT_FAIL : ASSAY_EXIT_PASS;
}

static int
cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct assay_error e = { ASSAY_OK, "" };
	const char *type = "ed25519", *prefix = "assay-lab";
	enum assay_err r;
	int c;

	while ((c = getopt_long(argc, argv, "+o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TYPE:
			type = optarg;
			break;
		case 'o':
			prefix = optarg;
			break;
		case 'h':
			fputs(usage_keygen, stdout);
			return ASSAY_EXIT_PASS;
		default:
			fputs(usage_keygen, stderr);
			return ASSAY_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error(usage_keygen, "unexpected argument %s",
		    argv[optind]);
	if ((r = assay_keygen(type, prefix, &e)) != ASSAY_OK)
		return error_exit(&e, r);
	printf("private key: %s.key (keep it secret)\npublic key:  %s.pub "
	    "(give it to whoever verifies your bundles)\n", prefix, prefix);
	return fflush(stdout) == EOF ? ASSAY_EXIT_INTERNAL : ASSAY_EXIT_PASS;
}

static int
cmd_version(int argc, char **argv)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	int status;

	if ((status = only_help(argc, argv, usage_version)) != -1)
		return status;
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
	if (strcmp(cmd, "profiles") == 0)
		return cmd_profiles(argc - 1, argv + 1);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(cmd, "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
	if (strcmp(cmd, "keygen") == 0)
		return cmd_keygen(argc - 1, argv + 1);
	if (strcmp(cmd, "db") == 0)
		return assay_cmd_db(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		fputs(usage_main, stdout);
		return ASSAY_EXIT_PASS;
	}
	return usage_error(usage_main, "unknown command %s", cmd);
}
