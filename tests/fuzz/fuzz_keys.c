/*
 * libFuzzer target for the key parsers of the credentials probe: PEM
 * blocks, the openssh-key-v1 envelope, PuTTY .ppk headers, OpenSSH public
 * key lines and whole-buffer DER (PKCS#12, keys, certificates).  The first
 * byte says whether public-key lines are read; the rest is the file.
 * Every record must be well-formed: NUL-terminated text, a known role.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "credentials/keyparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
check(void *arg, const struct cred_key *k)
{
	(void)arg;
	if (k->role > CRED_KEY_MALFORMED || k->format == NULL ||
	    memchr(k->type, '\0', sizeof(k->type)) == NULL ||
	    memchr(k->cipher, '\0', sizeof(k->cipher)) == NULL ||
	    memchr(k->subject, '\0', sizeof(k->subject)) == NULL ||
	    memchr(k->reason, '\0', sizeof(k->reason)) == NULL ||
	    memchr(k->spki_sha256, '\0', sizeof(k->spki_sha256)) == NULL ||
	    memchr(k->ssh_sha256, '\0', sizeof(k->ssh_sha256)) == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool lines;

	if (size < 1)
		return 0;
	lines = data[0] & 1;
	if (cred_keys_maybe(data + 1, size - 1, lines))
		(void)cred_keys_parse(data + 1, size - 1, lines, 64, check,
		    NULL);
	return 0;
}
