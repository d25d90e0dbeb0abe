/*
 * The command line: parses argv, runs a subcommand and maps the outcome to
 * an exit status.  Only this file and main.c print.
 */
#ifndef ASSAY_CLI_H
#define ASSAY_CLI_H

#include "assay/probe.h"

/* Runs assay with argv; returns the exit status (enum assay_exit). */
int assay_cli_main(int argc, char **argv,
    const struct assay_probe *const *builtins);

#endif
