/*
 * Checks on candidate tokens of known formats, so that a string that only
 * looks like a token is not reported: the CRC-32 that GitHub and npm put
 * in the last six base62 characters, the JSON header of a JWT, the paired
 * secret of a cloud access key id.
 */
#ifndef ASSAY_CRED_TOKENS_H
#define ASSAY_CRED_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The six base62 characters (0-9A-Za-z, most significant first, padded
 * with '0') of CRC-32 of s[0..n) into out (7 bytes with the NUL).
 */
void cred_crc32_base62(const char *s, size_t n, char out[7]);

/*
 * A token whose last six characters are the base62 CRC-32 of the 30
 * before them, after prefix_len bytes of prefix (ghp_, npm_ ...): true
 * when t[0..n) has that shape and the checksum holds.
 */
bool cred_token_checksum_ok(const char *t, size_t n, size_t prefix_len);

/*
 * A JSON Web Token in compact form: three base64url parts, the first two
 * decoding to JSON objects and the header naming its "alg".
 */
bool cred_jwt_ok(const char *t, size_t n);

/*
 * Looks for an AWS secret access key (40 characters of base64 with upper
 * case, lower case and a digit, standing alone) in p[0..n).  Returns its
 * offset, or (size_t)-1.
 */
size_t cred_aws_secret_near(const unsigned char *p, size_t n);

#endif
