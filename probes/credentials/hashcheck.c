/*
 * Checking one candidate password against one stored hash.  crypt(3)
 * schemes go through libxcrypt's thread-safe crypt_rn(); the web and
 * service formats libxcrypt does not know (Apache's apr1, {SHA}, {SSHA},
 * mosquitto's SHA-512 and PBKDF2 forms, htdigest, hex digests) are
 * computed here by composing OpenSSL digests as each format defines them.
 * Also the salted commitment that stands for a matched password.
 */
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "acct.h"
#include "credentials.h"

#define APR1_MAGIC	"$apr1$"
#define ITOA64	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

void *
cred_scratch_new(void)
{
	return calloc(1, sizeof(struct crypt_data));
}

void
cred_scratch_free(void *scratch)
{
	if (scratch != NULL)
		OPENSSL_clear_free(scratch, sizeof(struct crypt_data));
}

static bool
check_crypt(const struct cred_hash *h, const char *pw, void *scratch,
    int *errp)
{
	struct crypt_data *cd = scratch;
	const char *out;
	bool ok;

	errno = 0;
	out = crypt_rn(pw, h->text, cd, (int)sizeof(*cd));
	if (out == NULL || out[0] == '*') {
		*errp = errno != 0 ? errno : EINVAL;
		return false;
	}
	/*
	 * A result of another length means libxcrypt read the hash as some
	 * other scheme (bigcrypt comes back as descrypt): it can never
	 * match, and saying "no match" would be a false verdict.
	 */
	if (strlen(out) != h->textlen) {
		*errp = ENOSYS;
		return false;
	}
	ok = CRYPTO_memcmp(out, h->text, h->textlen) == 0;
	explicit_bzero(cd->output, sizeof(cd->output));
	return ok;
}

/* One digest over up to three parts; false on an OpenSSL failure. */
static bool
digest3(EVP_MD_CTX *ctx, const EVP_MD *md, const void *a, size_t an,
    const void *b, size_t bn, const void *c, size_t cn, unsigned char *out)
{
	return EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
	    (an == 0 || EVP_DigestUpdate(ctx, a, an) == 1) &&
	    (bn == 0 || EVP_DigestUpdate(ctx, b, bn) == 1) &&
	    (cn == 0 || EVP_DigestUpdate(ctx, c, cn) == 1) &&
	    EVP_DigestFinal_ex(ctx, out, NULL) == 1;
}

static void
to64(char **pp, unsigned long v, int n)
{
	while (n-- > 0) {
		*(*pp)++ = ITOA64[v & 0x3f];
		v >>= 6;
	}
}

/* Apache's apr1: md5crypt with its own magic string. */
static bool
apr1(EVP_MD_CTX *ctx, const char *pw, size_t len, const unsigned char *salt,
    size_t saltlen, char *out, size_t outsz)
{
	unsigned char fin[16], alt[16];
	const EVP_MD *md = EVP_md5();
	size_t i, pl;
	char *p;

	if (outsz < sizeof(APR1_MAGIC) + saltlen + 1 + 22 + 1)
		return false;
	if (!digest3(ctx, md, pw, len, salt, saltlen, pw, len, alt) ||
	    EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, pw, len) != 1 ||
	    EVP_DigestUpdate(ctx, APR1_MAGIC, strlen(APR1_MAGIC)) != 1 ||
	    EVP_DigestUpdate(ctx, salt, saltlen) != 1)
		return false;
	for (pl = len; pl > 0; pl -= pl > 16 ? 16 : pl)
		if (EVP_DigestUpdate(ctx, alt, pl > 16 ? 16 : pl) != 1)
			return false;
	/* The algorithm's quirk: a NUL or the first character per bit. */
	for (i = len; i != 0; i >>= 1)
		if (EVP_DigestUpdate(ctx, (i & 1) ? "" : pw, 1) != 1)
			return false;
	if (EVP_DigestFinal_ex(ctx, fin, NULL) != 1)
		return false;
	for (i = 0; i < 1000; i++) {
		if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
		    ((i & 1) ? EVP_DigestUpdate(ctx, pw, len) :
		    EVP_DigestUpdate(ctx, fin, 16)) != 1 ||
		    (i % 3 != 0 &&
		    EVP_DigestUpdate(ctx, salt, saltlen) != 1) ||
		    (i % 7 != 0 && EVP_DigestUpdate(ctx, pw, len) != 1) ||
		    ((i & 1) ? EVP_DigestUpdate(ctx, fin, 16) :
		    EVP_DigestUpdate(ctx, pw, len)) != 1 ||
		    EVP_DigestFinal_ex(ctx, fin, NULL) != 1)
			return false;
	}
	p = out;
	memcpy(p, APR1_MAGIC, strlen(APR1_MAGIC));
	p += strlen(APR1_MAGIC);
	memcpy(p, salt, saltlen);
	p += saltlen;
	*p++ = '$';
	to64(&p, ((unsigned long)fin[0] << 16) | ((unsigned long)fin[6] << 8) |
	    fin[12], 4);
	to64(&p, ((unsigned long)fin[1] << 16) | ((unsigned long)fin[7] << 8) |
	    fin[13], 4);
	to64(&p, ((unsigned long)fin[2] << 16) | ((unsigned long)fin[8] << 8) |
	    fin[14], 4);
	to64(&p, ((unsigned long)fin[3] << 16) | ((unsigned long)fin[9] << 8) |
	    fin[15], 4);
	to64(&p, ((unsigned long)fin[4] << 16) | ((unsigned long)fin[10] << 8) |
	    fin[5], 4);
	to64(&p, fin[11], 2);
	*p = '\0';
	explicit_bzero(fin, sizeof(fin));
	explicit_bzero(alt, sizeof(alt));
	return true;
}

static const EVP_MD *
md_for_length(size_t n)
{
	switch (n) {
	case 16:
		return EVP_md5();
	case 20:
		return EVP_sha1();
	case 32:
		return EVP_sha256();
	case 64:
		return EVP_sha512();
	default:
		return NULL;
	}
}

/* The schemes computed here; false on no match or failure (*errp). */
static bool
check_composed(const struct cred_hash *h, const char *pw, size_t len,
    int *errp)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	char out[CRED_HASH_MAX + 64];
	EVP_MD_CTX *ctx = NULL;
	const EVP_MD *md;
	bool ok = false, done = false;
	uint32_t i;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto out;
	switch (h->scheme) {
	case CRED_SCHEME_APR1:
		if (!apr1(ctx, pw, len, h->salt, h->saltlen, out, sizeof(out)))
			goto out;
		ok = strcmp(out, h->text) == 0;
		break;
	case CRED_SCHEME_SHA1_B64:
		if (!digest3(ctx, EVP_sha1(), pw, len, NULL, 0, NULL, 0, d))
			goto out;
		ok = CRYPTO_memcmp(d, h->digest, 20) == 0;
		break;
	case CRED_SCHEME_SSHA_B64:
		if (!digest3(ctx, EVP_sha1(), pw, len, h->salt, h->saltlen,
		    NULL, 0, d))
			goto out;
		ok = CRYPTO_memcmp(d, h->digest, 20) == 0;
		break;
	case CRED_SCHEME_MOSQ_SHA512:
		if (!digest3(ctx, EVP_sha512(), pw, len, h->salt, h->saltlen,
		    NULL, 0, d))
			goto out;
		ok = CRYPTO_memcmp(d, h->digest, 64) == 0;
		break;
	case CRED_SCHEME_MOSQ_PBKDF2:
		if (PKCS5_PBKDF2_HMAC(pw, (int)len, h->salt, (int)h->saltlen,
		    (int)h->iterations, EVP_sha512(), 64, d) != 1)
			goto out;
		ok = CRYPTO_memcmp(d, h->digest, 64) == 0;
		break;
	case CRED_SCHEME_HTDIGEST:
		if (!digest3(ctx, EVP_md5(), h->prefix, strlen(h->prefix), pw,
		    len, NULL, 0, d))
			goto out;
		ok = CRYPTO_memcmp(d, h->digest, 16) == 0;
		break;
	case CRED_SCHEME_HEX_DIGEST:
		/* Tomcat's form: H(salt || pw), then H(previous) again. */
		if ((md = md_for_length(h->digestlen)) == NULL ||
		    !digest3(ctx, md, h->salt, h->saltlen, pw, len, NULL, 0, d))
			goto out;
		for (i = 1; i < h->iterations; i++)
			if (!digest3(ctx, md, d, h->digestlen, NULL, 0, NULL, 0,
			    d))
				goto out;
		ok = CRYPTO_memcmp(d, h->digest, h->digestlen) == 0;
		break;
	case CRED_SCHEME_PLAINTEXT:
		ok = len == h->textlen && CRYPTO_memcmp(pw, h->text, len) == 0;
		break;
	default:
		*errp = ENOSYS;
		done = true;
		goto out;
	}
	done = true;
 out:
	if (!done && *errp == 0)
		*errp = EIO;
	explicit_bzero(d, sizeof(d));
	EVP_MD_CTX_free(ctx);
	return ok;
}

bool
cred_hash_check(const struct cred_hash *h, const char *pw, size_t len,
    void *scratch, int *errp)
{
	*errp = 0;
	if (cred_scheme_uses_crypt(h->scheme))
		return check_crypt(h, pw, scratch, errp);
	return check_composed(h, pw, len, errp);
}

bool
cred_commitment(const char *path, const char *account, const char *pw,
    size_t len, char salt_hex[33], char commit_hex[65])
{
	static const char tag[] = "assay-credentials";
	unsigned char salt[32], c[32];
	EVP_MD_CTX *ctx;
	bool ok = false;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return false;
	/* The NULs keep path and account apart ("a" "bc" vs "ab" "c"). */
	if (!digest3(ctx, EVP_sha256(), tag, sizeof(tag), path,
	    strlen(path) + 1, account, strlen(account), salt) ||
	    !digest3(ctx, EVP_sha256(), salt, 16, pw, len, NULL, 0, c))
		goto out;
	cred_hex(salt, 16, salt_hex);
	cred_hex(c, 32, commit_hex);
	ok = true;
 out:
	EVP_MD_CTX_free(ctx);
	return ok;
}
