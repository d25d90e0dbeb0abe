/*
 * "assay scan": unpack every artefact, run the probes, write the bundle.
 * The command line (cli.c) fills in the options and prints the outcome.
 */
#ifndef ASSAY_SCAN_CMD_H
#define ASSAY_SCAN_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "assay/probe.h"
#include "error.h"
#include "scan_limits.h"

/* Exit statuses, as DESIGN.md states them. */
enum assay_exit {
	ASSAY_EXIT_PASS = 0,		/* every assessed control passed */
	ASSAY_EXIT_FAIL = 1,		/* a control failed */
	ASSAY_EXIT_USAGE = 2,		/* usage or configuration error */
	ASSAY_EXIT_INCOMPLETE = 3,	/* an input was not fully examined */
	ASSAY_EXIT_INTERNAL = 4		/* assay's own failure */
};

struct assay_scan_opts {
	char *const *artefacts;
	int nartefacts;
	const char *out;		/* NULL: ./assay-out/<first artefact> */
	const char *workspace;		/* base folder; NULL: $TMPDIR */
	bool keep_workspace;
	bool online;
	bool quiet;
	unsigned jobs;			/* 0: the number of cores */
	const char *probe_path;		/* NULL: $ASSAY_PROBE_PATH */
	const char *cache_dir;		/* NULL: the default */
	const char *ca_file;
	const char *tester, *lab;
	const char *profile;		/* id or file; NULL: vendor-selfcheck */
	const char *waivers;		/* waiver file; NULL: none */
	const char *as_of;		/* moment for judgements; NULL: now */
	const char *sign_key;		/* lab key (PEM); NULL: unsigned */
	const char *tsa_url;		/* RFC 3161 authority; NULL: none */
	const char *const *trust;	/* --trust files for the probes */
	size_t ntrust;
	const char *const *settings;	/* --set PROBE.KEY=VALUE */
	size_t nsettings;
	struct assay_limits limits;
	int argc;
	char *const *argv;
	const struct assay_probe *const *builtins;
};

struct assay_scan_outcome {
	char *out;			/* where the bundle went */
	char *workspace;		/* kept workspace, or NULL */
	uint64_t entries, containers;
	uint64_t by_severity[5];	/* findings per enum assay_severity */
	unsigned probes, probes_failed;
	size_t controls[4];		/* per enum assay_control_status */
	char **failed_controls;		/* ids of failed controls */
	size_t nfailed_controls;
	char **expired_waivers;		/* "rule path (expired DATE)" lines */
	size_t nexpired_waivers;
	char *profile;			/* "id version" */
	bool incomplete;
	bool signed_bundle;
	enum assay_exit status;
};

void assay_scan_opts_init(struct assay_scan_opts *o);

/*
 * Runs a scan.  Returns ASSAY_OK with *res filled in whenever a bundle was
 * written (its status says pass, fail or incomplete); an error otherwise,
 * whose code ASSAY_ERR_USAGE or ASSAY_ERR_PLUGIN means exit 2.
 */
enum assay_err assay_scan_run(const struct assay_scan_opts *o,
    struct assay_scan_outcome *res, struct assay_error *err);

void assay_scan_outcome_release(struct assay_scan_outcome *res);

/* The profile a scan uses when none is named. */
#define ASSAY_DEFAULT_PROFILE "vendor-selfcheck"

/* The data folder: $ASSAY_DATA_DIR, the installed one, or the sources'. */
const char *assay_data_dir(void);

#endif
