/*
 * Recording an error code and its message for the command line to print.
 *
 * The message is always NUL-terminated and never overruns msg: a longer
 * one is cut, because a cut message is still more use than none.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

enum assay_err
assay_seterr(struct assay_error *e, enum assay_err code, const char *fmt, ...)
{
	char tmp[sizeof(e->msg)];
	va_list ap;
	int n;

	if (e == NULL)
		return code;
	/*
	 * Format into a copy first: callers may wrap an earlier message with
	 * assay_seterr(e, c, "...: %s", e->msg), and vsnprintf must not read
	 * the bytes it is writing.
	 */
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		tmp[0] = '\0';
	memcpy(e->msg, tmp, sizeof(e->msg));
	e->msg[sizeof(e->msg) - 1] = '\0';
	e->code = code;
	return code;
}

enum assay_err
assay_seterr_crypto(struct assay_error *e, const char *what)
{
	char one[256];
	unsigned long l;
	size_t len;
	int n;

	if (e != NULL) {
		n = snprintf(e->msg, sizeof(e->msg), "%s",
		    what != NULL ? what : "cryptographic operation failed");
		len = n < 0 ? 0 : (size_t)n;
		if (len >= sizeof(e->msg))
			len = sizeof(e->msg) - 1;
		e->msg[len] = '\0';
		/* Oldest first: the first error queued is usually the cause. */
		while ((l = ERR_get_error()) != 0) {
			ERR_error_string_n(l, one, sizeof(one));
			n = snprintf(e->msg + len, sizeof(e->msg) - len,
			    ": %s", one);
			if (n < 0 || (size_t)n >= sizeof(e->msg) - len) {
				len = sizeof(e->msg) - 1;
				break;
			}
			len += (size_t)n;
		}
		e->code = ASSAY_ERR_CRYPTO;
	}
	/* Leave nothing behind to be blamed on a later, unrelated call. */
	ERR_clear_error();
	return ASSAY_ERR_CRYPTO;
}
