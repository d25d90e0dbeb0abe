/*
 * Lab keys: generating a pair, loading the private key to sign with and a
 * public key to verify with, and naming a key by the digest of its public
 * half.  All key handling is OpenSSL 3's EVP and PEM code.
 *
 * Invariants: a private key file is created with mode 0600 and never
 * replaces an existing file; key files are read with a bound; the PEM text
 * of a private key is wiped from memory before it is freed; loading never
 * prompts for a passphrase.
 */
#include "keys.h"
#include "reports.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "assay/buf.h"
#include "bundlefs.h"
#include "digest.h"
#include "fileio.h"

/* A PEM key of either kind is well under 1 KiB; this bounds the read. */
#define KEY_FILE_MAX	(64u * 1024u)

const char *
assay_key_type(const EVP_PKEY *k)
{
	char group[64];
	size_t len = 0;

	if (k == NULL)
		return NULL;
	if (EVP_PKEY_is_a(k, "ED25519"))
		return "ed25519";
	if (EVP_PKEY_is_a(k, "EC") &&
	    EVP_PKEY_get_group_name(k, group, sizeof(group), &len) == 1 &&
	    strcmp(group, SN_X9_62_prime256v1) == 0)
		return "ecdsa-p256";
	return NULL;
}

enum assay_err
assay_key_id(const EVP_PKEY *k, char out[65], struct assay_error *err)
{
	unsigned char *der = NULL;
	bool ok;
	int n;

	out[0] = '\0';
	if ((n = i2d_PUBKEY(k, &der)) <= 0)
		return assay_seterr_crypto(err, "cannot encode the public key");
	ok = assay_sha256_hex(der, (size_t)n, out);
	OPENSSL_free(der);
	if (!ok)
		return assay_seterr_crypto(err, "cannot hash the public key");
	return ASSAY_OK;
}

/*
 * Reads a key file of at most KEY_FILE_MAX bytes.  Unlike the bundle's
 * files it may be a symbolic link (secret stores mount keys that way); it
 * must end in a regular file.  The caller wipes and frees *datap.
 */
static enum assay_err
read_key_file(const char *path, unsigned char **datap, size_t *lenp,
    struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char *buf = NULL;
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd = -1;

	*datap = NULL;
	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		r = assay_seterr(err, errno == ENOENT ? ASSAY_ERR_NOT_FOUND :
		    ASSAY_ERR_IO, "cannot open key %s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "key %s: not a regular "
		    "file", path);
		goto out;
	}
	/* One byte more than allowed, so that a larger file shows itself. */
	if ((buf = malloc(KEY_FILE_MAX + 1)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out;
	}
	while (len < KEY_FILE_MAX + 1) {
		if ((n = read(fd, buf + len, KEY_FILE_MAX + 1 - len)) == -1) {
			if (errno == EINTR)
				continue;
			r = assay_seterr(err, ASSAY_ERR_IO, "cannot read key "
			    "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > KEY_FILE_MAX) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "key %s: larger than "
		    "%u bytes; it is not a PEM key", path, KEY_FILE_MAX);
		goto out;
	}
	*datap = buf;
	*lenp = len;
	buf = NULL;
	r = ASSAY_OK;
 out:
	if (buf != NULL)
		OPENSSL_clear_free(buf, KEY_FILE_MAX + 1);
	if (fd != -1)
		close(fd);
	return r;
}

static bool
contains(const unsigned char *p, size_t n, const char *what)
{
	size_t k = strlen(what);

	return n >= k && memmem(p, n, what, k) != NULL;
}

/* Never prompts: an encrypted key is reported rather than asked about. */
static int
no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	*(bool *)arg = true;
	return 0;
}

enum assay_err
assay_load_sign_key(const char *path, EVP_PKEY **keyp,
    struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char *data = NULL;
	bool asked = false;
	EVP_PKEY *k = NULL;
	BIO *bio = NULL;
	size_t len = 0;

	*keyp = NULL;
	if ((r = read_key_file(path, &data, &len, err)) != ASSAY_OK)
		goto out;
	if ((bio = BIO_new_mem_buf(data, (int)len)) == NULL) {
		r = assay_seterr_crypto(err, "out of memory");
		goto out;
	}
	if ((k = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase,
	    &asked)) == NULL) {
		ERR_clear_error();
		if (asked || contains(data, len, "ENCRYPTED"))
			r = assay_seterr(err, ASSAY_ERR_USAGE, "key %s is "
			    "protected by a passphrase; assay needs an "
			    "unencrypted PKCS#8 key (openssl pkey -in %s -out "
			    "NEW.key), kept with mode 0600", path, path);
		else if (contains(data, len, "-----BEGIN PUBLIC KEY-----"))
			r = assay_seterr(err, ASSAY_ERR_USAGE, "%s is a "
			    "public key; signing needs the private key (the "
			    ".key file from assay keygen)", path);
		else
			r = assay_seterr(err, ASSAY_ERR_USAGE, "%s does not "
			    "hold a PEM private key; make one with assay "
			    "keygen", path);
		goto out;
	}
	if (assay_key_type(k) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "key %s is %s; assay "
		    "signs with Ed25519 or ECDSA P-256 keys only (assay keygen "
		    "makes them)", path, EVP_PKEY_get0_type_name(k) != NULL ?
		    EVP_PKEY_get0_type_name(k) : "of an unknown kind");
		goto out;
	}
	*keyp = k;
	k = NULL;
	r = ASSAY_OK;
 out:
	EVP_PKEY_free(k);
	BIO_free(bio);
	if (data != NULL)
		OPENSSL_clear_free(data, KEY_FILE_MAX + 1);
	return r;
}

enum assay_err
assay_load_public_key(const char *path, EVP_PKEY **keyp,
    struct assay_error *err)
{
	enum assay_err r = ASSAY_ERR_INTERNAL;
	unsigned char *data = NULL;
	EVP_PKEY *k = NULL;
	BIO *bio = NULL;
	size_t len = 0;

	*keyp = NULL;
	if ((r = read_key_file(path, &data, &len, err)) != ASSAY_OK)
		goto out;
	if ((bio = BIO_new_mem_buf(data, (int)len)) == NULL) {
		r = assay_seterr_crypto(err, "out of memory");
		goto out;
	}
	if ((k = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL)) == NULL) {
		ERR_clear_error();
		if (contains(data, len, "PRIVATE KEY-----"))
			r = assay_seterr(err, ASSAY_ERR_USAGE, "%s is a "
			    "private key; verifying needs only the public key "
			    "(the .pub file), and the private key should not "
			    "leave the lab", path);
		else
			r = assay_seterr(err, ASSAY_ERR_USAGE, "%s does not "
			    "hold a PEM public key (-----BEGIN PUBLIC "
			    "KEY-----)", path);
		goto out;
	}
	if (assay_key_type(k) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "key %s is %s; assay "
		    "bundles are signed with Ed25519 or ECDSA P-256 keys only",
		    path, EVP_PKEY_get0_type_name(k) != NULL ?
		    EVP_PKEY_get0_type_name(k) : "of an unknown kind");
		goto out;
	}
	*keyp = k;
	k = NULL;
	r = ASSAY_OK;
 out:
	EVP_PKEY_free(k);
	BIO_free(bio);
	if (data != NULL)
		OPENSSL_clear_free(data, KEY_FILE_MAX + 1);
	return r;
}

/* Creates path, which must not exist yet, with mode. */
static enum assay_err
create_new(const char *path, mode_t mode, int *fdp, struct assay_error *err)
{
	*fdp = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode);
	if (*fdp == -1) {
		if (errno == EEXIST)
			return assay_seterr(err, ASSAY_ERR_USAGE, "refusing to "
			    "overwrite %s; choose another prefix or move the "
			    "existing key away first", path);
		return assay_seterr(err, ASSAY_ERR_IO, "cannot create %s: %s",
		    path, strerror(errno));
	}
	return ASSAY_OK;
}

/* PEM text of k (private as PKCS#8, or public as SPKI) into a memory BIO. */
static BIO *
pem_of(EVP_PKEY *k, bool private)
{
	BIO *bio;

	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		return NULL;
	if ((private ? PEM_write_bio_PKCS8PrivateKey(bio, k, NULL, NULL, 0,
	    NULL, NULL) : PEM_write_bio_PUBKEY(bio, k)) != 1) {
		BIO_free(bio);
		return NULL;
	}
	return bio;
}

enum assay_err
assay_keygen(const char *type, const char *prefix, struct assay_error *err)
{
	struct assay_buf keypath = ASSAY_BUF_INIT(PATH_MAX);
	struct assay_buf pubpath = ASSAY_BUF_INIT(PATH_MAX);
	enum assay_err r = ASSAY_ERR_INTERNAL;
	bool made_key = false, made_pub = false;
	BIO *priv = NULL, *pub = NULL;
	EVP_PKEY *k = NULL;
	BUF_MEM *mem;
	int kfd = -1, pfd = -1;

	if (prefix == NULL || prefix[0] == '\0') {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "keygen needs a file "
		    "prefix for the key pair");
		goto out;
	}
	if (assay_buf_addf(&keypath, "%s.key", prefix) != ASSAY_OK ||
	    assay_buf_addf(&pubpath, "%s.pub", prefix) != ASSAY_OK) {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "key prefix %s is too "
		    "long", prefix);
		goto out;
	}
	if (type == NULL || strcmp(type, "ed25519") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	else if (strcmp(type, "p256") == 0 || strcmp(type, "ecdsa-p256") == 0)
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	else {
		r = assay_seterr(err, ASSAY_ERR_USAGE, "unknown key type %s; "
		    "choose ed25519 (the default, and the one that gives "
		    "reproducible bundles) or p256", type);
		goto out;
	}
	if (k == NULL) {
		r = assay_seterr_crypto(err, "cannot generate the key");
		goto out;
	}
	if ((priv = pem_of(k, true)) == NULL ||
	    (pub = pem_of(k, false)) == NULL) {
		r = assay_seterr_crypto(err, "cannot encode the key as PEM");
		goto out;
	}
	/* Both names are claimed before either is written. */
	if ((r = create_new(keypath.data, 0600, &kfd, err)) != ASSAY_OK)
		goto out;
	made_key = true;
	if ((r = create_new(pubpath.data, 0644, &pfd, err)) != ASSAY_OK)
		goto out;
	made_pub = true;
	/* The umask may only narrow 0600, but say it exactly. */
	if (fchmod(kfd, 0600) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot set the mode of "
		    "%s: %s", keypath.data, strerror(errno));
		goto out;
	}
	BIO_get_mem_ptr(priv, &mem);
	if (assay_write_all(kfd, mem->data, mem->length) == -1 ||
	    fsync(kfd) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write %s: %s",
		    keypath.data, strerror(errno));
		goto out;
	}
	BIO_get_mem_ptr(pub, &mem);
	if (assay_write_all(pfd, mem->data, mem->length) == -1 ||
	    fsync(pfd) == -1) {
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write %s: %s",
		    pubpath.data, strerror(errno));
		goto out;
	}
	if (close(kfd) == -1) {
		kfd = -1;
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write %s: %s",
		    keypath.data, strerror(errno));
		goto out;
	}
	kfd = -1;
	if (close(pfd) == -1) {
		pfd = -1;
		r = assay_seterr(err, ASSAY_ERR_IO, "cannot write %s: %s",
		    pubpath.data, strerror(errno));
		goto out;
	}
	pfd = -1;
	r = ASSAY_OK;
 out:
	if (kfd != -1)
		close(kfd);
	if (pfd != -1)
		close(pfd);
	/* Half a key pair is worse than none. */
	if (r != ASSAY_OK && made_key)
		unlink(keypath.data);
	if (r != ASSAY_OK && made_pub)
		unlink(pubpath.data);
	if (priv != NULL) {
		BIO_get_mem_ptr(priv, &mem);
		if (mem != NULL && mem->data != NULL)
			OPENSSL_cleanse(mem->data, mem->length);
		BIO_free(priv);
	}
	BIO_free(pub);
	EVP_PKEY_free(k);
	assay_buf_release(&keypath);
	assay_buf_release(&pubpath);
	return r;
}
