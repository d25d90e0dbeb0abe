/*
 * Lower-case hex, the form every digest in the credentials evidence takes
 * (key fingerprints, password commitments).
 */
#include "credentials.h"

void
cred_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}
