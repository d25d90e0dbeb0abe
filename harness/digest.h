/*
 * SHA-256 digests and lower-case hex, the form every digest takes in
 * assay's files, messages and cache names.
 */
#ifndef ASSAY_DIGEST_H
#define ASSAY_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

/* Lower-case hex of p[0..n) into out, which holds 2 * n + 1 bytes. */
void assay_hex(const unsigned char *p, size_t n, char *out);

/*
 * Lower-case hex SHA-256 of p[0..n) into out, NUL-terminated.  Returns
 * false when OpenSSL fails, with out empty and the reason left on
 * OpenSSL's error queue for assay_seterr_crypto().
 */
bool assay_sha256_hex(const void *p, size_t n, char out[65]);

#endif
