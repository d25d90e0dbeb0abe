/*
 * The text of each error code.
 *
 * A switch rather than a table indexed by the code: the switch has no
 * default, so -Wswitch names any code added to enum assay_err without a
 * text here, where a table would silently run short (curl's strerror.c
 * makes the same choice for the same reason).
 */
#include "assay/err.h"

const char *
assay_strerror(enum assay_err e)
{
	switch (e) {
	case ASSAY_OK:
		return "success";
	case ASSAY_ERR_NOMEM:
		return "out of memory";
	case ASSAY_ERR_IO:
		return "input/output error";
	case ASSAY_ERR_USAGE:
		return "invalid usage";
	case ASSAY_ERR_ARCHIVE:
		return "corrupt or truncated archive";
	case ASSAY_ERR_UNSAFE_ENTRY:
		return "unsafe archive entry";
	case ASSAY_ERR_LIMIT:
		return "limit exceeded";
	case ASSAY_ERR_PROFILE:
		return "invalid profile";
	case ASSAY_ERR_PLUGIN:
		return "cannot load plug-in";
	case ASSAY_ERR_CRYPTO:
		return "cryptographic library failure";
	case ASSAY_ERR_NET:
		return "network fetch failed";
	case ASSAY_ERR_OFFLINE:
		return "network access needs --online";
	case ASSAY_ERR_NOT_FOUND:
		return "not found";
	case ASSAY_ERR_INVALID:
		return "malformed input";
	case ASSAY_ERR_INTERNAL:
		return "internal error";
	case ASSAY_ERR_LAST:
		break;
	}
	/* Reached for ASSAY_ERR_LAST and for values outside the enum. */
	return "unknown error";
}
