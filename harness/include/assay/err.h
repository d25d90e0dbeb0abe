/*
 * Error codes shared by the harness and every probe.
 *
 * A finding is not an error: a probe that finds a default password reports
 * a finding and returns ASSAY_OK.  An ASSAY_ERR_* code means the caller could
 * not do its job.
 */
#ifndef ASSAY_ERR_H
#define ASSAY_ERR_H

enum assay_err {
	ASSAY_OK = 0,
	ASSAY_ERR_NOMEM,	/* allocation failed */
	ASSAY_ERR_IO,		/* a read, write or open failed */
	ASSAY_ERR_USAGE,	/* the caller passed something meaningless */
	ASSAY_ERR_ARCHIVE,	/* an archive is corrupt or truncated */
	ASSAY_ERR_UNSAFE_ENTRY,	/* an entry would land outside the workspace */
	ASSAY_ERR_LIMIT,	/* a configured limit was crossed */
	ASSAY_ERR_PROFILE,	/* a profile is invalid */
	ASSAY_ERR_PLUGIN,	/* a plug-in cannot be loaded */
	ASSAY_ERR_CRYPTO,	/* OpenSSL reported a failure */
	ASSAY_ERR_NET,		/* a network fetch failed */
	ASSAY_ERR_OFFLINE,	/* network access needs --online */
	ASSAY_ERR_NOT_FOUND,	/* no such entry, file or key */
	ASSAY_ERR_INVALID,	/* input is malformed */
	ASSAY_ERR_INTERNAL,	/* a bug in assay */
	ASSAY_ERR_LAST		/* not a code; keep last */
};

/* Returns a static, lower-case description of e; never NULL. */
const char *assay_strerror(enum assay_err e);

#endif
