/*
 * "assay db update": refreshes the dependencies probe's release-date
 * snapshots from registries the tester names.  Prints its own usage and
 * progress (the command line's second printing file, beside cli.c).
 */
#ifndef ASSAY_DB_CMD_H
#define ASSAY_DB_CMD_H

/* argv[0] is "db"; returns the exit status. */
int assay_cmd_db(int argc, char **argv);

#endif
