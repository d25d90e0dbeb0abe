/*
 * assay's entry point: the process-wide settings, then the command line.
 * The only place that names the built-in probes' table.
 */
#include <signal.h>
#include <sys/resource.h>

#include "builtin.h"
#include "cli.h"

int
main(int argc, char **argv)
{
	struct rlimit rl;

	/* A closed stdout must give EPIPE and an exit status, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	/* Removing deep trees holds one descriptor per level. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	return assay_cli_main(argc, argv, assay_builtin_probes);
}
