/*
 * Key material in hostile bytes.  Every length read from the input is
 * checked against what remains before it is used; decoded blocks are
 * capped (MAX_BLOCK), and OpenSSL sees only whole, bounded DER.
 */
#include "keyparse.h"

#include <stdint.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "credentials.h"

#define MAX_BLOCK	(1024u * 1024u)	/* bytes of one PEM block or DER file */
#define MAX_LABEL	64u
#define MAX_SSH_KEYS	16u		/* keys in one openssh-key-v1 envelope */
#define MAX_PPK_LINES	64u
#define MAX_PUB_LINE	16384u
#define SSH_BLOB_MAX	16384u

static const char pem_begin[] = "-----BEGIN ";
static const char ppk_magic[] = "PuTTY-User-Key-File-";
static const char openssh_magic[] = "openssh-key-v1";	/* and its NUL */

/* The walk's state: where we are, the line count so far, the callback. */
struct walk {
	const unsigned char *p;
	size_t n;
	size_t line_off;	/* line_no counts newlines before line_off */
	unsigned long line_no;
	size_t items, max_items;
	cred_key_fn fn;
	void *arg;
	int stop;
};

/* A bounded reader over SSH wire data. */
struct rd {
	const unsigned char *p;
	size_t n, off;
};

static const void *
find(const void *hay, size_t hn, const void *needle, size_t nn)
{
	const unsigned char *h = hay, *e;

	if (nn == 0 || hn < nn)
		return NULL;
	e = h + (hn - nn);
	while (h <= e) {
		const unsigned char *c = memchr(h, *(const unsigned char *)needle,
		    (size_t)(e - h) + 1);

		if (c == NULL)
			return NULL;
		if (memcmp(c, needle, nn) == 0)
			return c;
		h = c + 1;
	}
	return NULL;
}

/* 1-based line of offset off; offsets only grow during one walk. */
static unsigned long
line_at(struct walk *w, size_t off)
{
	const unsigned char *q;

	if (off < w->line_off) {
		w->line_off = 0;
		w->line_no = 0;
	}
	while ((q = memchr(w->p + w->line_off, '\n', off - w->line_off))
	    != NULL) {
		w->line_no++;
		w->line_off = (size_t)(q - w->p) + 1;
	}
	w->line_off = off;
	return w->line_no + 1;
}

static void
emit(struct walk *w, const struct cred_key *k)
{
	if (w->stop || w->items >= w->max_items)
		return;
	w->items++;
	w->stop = w->fn(w->arg, k);
}

static void
key_init(struct cred_key *k, enum cred_key_role role, const char *format,
    unsigned long line)
{
	memset(k, 0, sizeof(*k));
	k->role = role;
	k->format = format;
	k->line = line;
}

/* Copies printable ASCII of s[0..n) into dst, replacing the rest by '?'. */
static void
copy_text(char *dst, size_t cap, const void *s, size_t n)
{
	const unsigned char *c = s;
	size_t i;

	if (cap == 0)
		return;
	for (i = 0; i < n && i + 1 < cap; i++)
		dst[i] = (c[i] >= 0x20 && c[i] < 0x7f) ? (char)c[i] : '?';
	dst[i] = '\0';
}

static void
set_reason(struct cred_key *k, const char *why)
{
	copy_text(k->reason, sizeof(k->reason), why, strlen(why));
}

/* ---- base64 ------------------------------------------------------------- */

static int
b64_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/*
 * Decodes the base64 in s[0..n) into a new buffer.  Whitespace is skipped,
 * and so are the quotes and "\n" escapes of a key pasted into source code.
 * Returns NULL on anything else, or when the result would pass max.
 */
static unsigned char *
b64_decode(const unsigned char *s, size_t n, size_t max, size_t *lenp)
{
	unsigned char *clean = NULL, *out = NULL;
	size_t i, m = 0, pad = 0;
	int got;

	*lenp = 0;
	/* Room for the padding restored below. */
	if (n / 4 * 3 > max + 3 || (clean = malloc(n + 4)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"')
			continue;
		if (c == '\\' && i + 1 < n && (s[i + 1] == 'n' ||
		    s[i + 1] == 'r')) {
			i++;
			continue;
		}
		if (!b64_char(c))
			goto fail;
		clean[m++] = c;
	}
	while (m > 0 && clean[m - 1] == '=' && pad < 2) {
		m--;
		pad++;
	}
	/* Restore the padding a decoder needs, whatever the source had. */
	while (m % 4 != 0) {
		if (m % 4 == 1)
			goto fail;
		clean[m++] = '=';
	}
	if (m == 0 || memchr(clean, '=', m - 2) != NULL ||
	    (out = malloc(m / 4 * 3 + 1)) == NULL)
		goto fail;
	if ((got = EVP_DecodeBlock(out, clean, (int)m)) < 0)
		goto fail;
	pad = (clean[m - 1] == '=') + (clean[m - 2] == '=');
	*lenp = (size_t)got - pad;
	free(clean);
	return out;
 fail:
	free(clean);
	free(out);
	return NULL;
}

/* ---- fingerprints ------------------------------------------------------- */

static void
hex_sha256(const unsigned char *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	out[0] = '\0';
	if (EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32)
		return;
	cred_hex(md, 32, out);
}

/* "SHA256:" and unpadded base64 of the blob's digest, as ssh-keygen -l. */
static void
ssh_fingerprint(const unsigned char *blob, size_t n, char out[56])
{
	unsigned char md[32], b64[48];
	unsigned int mdlen = 0;
	int len;

	out[0] = '\0';
	if (EVP_Digest(blob, n, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32 || (len = EVP_EncodeBlock(b64, md, 32)) != 44)
		return;
	while (len > 0 && b64[len - 1] == '=')
		len--;
	memcpy(out, "SHA256:", 7);
	memcpy(out + 7, b64, (size_t)len);
	out[7 + len] = '\0';
}

/* ---- SSH wire format ---------------------------------------------------- */

static bool
rd_u32(struct rd *r, uint32_t *v)
{
	if (r->n - r->off < 4)
		return false;
	*v = (uint32_t)r->p[r->off] << 24 | (uint32_t)r->p[r->off + 1] << 16 |
	    (uint32_t)r->p[r->off + 2] << 8 | r->p[r->off + 3];
	r->off += 4;
	return true;
}

static bool
rd_string(struct rd *r, const unsigned char **s, size_t *len)
{
	uint32_t l;

	if (!rd_u32(r, &l) || l > r->n - r->off)
		return false;
	*s = r->p + r->off;
	*len = l;
	r->off += l;
	return true;
}

static bool
str_is(const unsigned char *s, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(s, want, n) == 0;
}

/* A non-negative mpint (with its length prefix at s - 4) as a BIGNUM. */
static BIGNUM *
rd_mpint(struct rd *r)
{
	const unsigned char *s;
	size_t n;
	BIGNUM *bn;

	if (!rd_string(r, &s, &n) || n > 2048 || (n > 0 && (s[0] & 0x80)))
		return NULL;
	if ((bn = BN_bin2bn(s, (int)n, NULL)) == NULL)
		ERR_clear_error();
	return bn;
}

struct wbuf {
	unsigned char b[SSH_BLOB_MAX];
	size_t n;
	bool bad;
};

static void
w_string(struct wbuf *w, const void *s, size_t n)
{
	if (w->bad || n > sizeof(w->b) - 4 || w->n > sizeof(w->b) - 4 - n) {
		w->bad = true;
		return;
	}
	w->b[w->n] = (unsigned char)(n >> 24);
	w->b[w->n + 1] = (unsigned char)(n >> 16);
	w->b[w->n + 2] = (unsigned char)(n >> 8);
	w->b[w->n + 3] = (unsigned char)n;
	memcpy(w->b + w->n + 4, s, n);
	w->n += 4 + n;
}

static void
w_bn(struct wbuf *w, const BIGNUM *bn)
{
	unsigned char tmp[2049];
	int len;

	if (bn == NULL || BN_num_bytes(bn) > 2048) {
		w->bad = true;
		return;
	}
	tmp[0] = 0;
	len = BN_bn2bin(bn, tmp + 1);
	/* An mpint has a leading zero when the top bit is set. */
	if (len > 0 && (tmp[1] & 0x80))
		w_string(w, tmp, (size_t)len + 1);
	else
		w_string(w, tmp + 1, (size_t)len);
}

static const struct {
	const char *ssh;	/* curve name in SSH */
	const char *ossl;	/* OpenSSL group name */
} curves[] = {
	{ "nistp256", "prime256v1" },
	{ "nistp384", "secp384r1" },
	{ "nistp521", "secp521r1" },
};

static BIGNUM *
get_bn(const EVP_PKEY *pk, const char *name)
{
	BIGNUM *bn = NULL;

	if (EVP_PKEY_get_bn_param(pk, name, &bn) != 1)
		return NULL;
	return bn;
}

/* The SSH public-key blob of pk, when SSH has a name for its type. */
static bool
ssh_blob_of(const EVP_PKEY *pk, struct wbuf *w)
{
	BIGNUM *a = NULL, *b = NULL, *c = NULL, *d = NULL;
	unsigned char raw[160];
	char group[32];
	size_t len = 0, i;
	bool ok = false;

	w->n = 0;
	w->bad = false;
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
		a = get_bn(pk, OSSL_PKEY_PARAM_RSA_E);
		b = get_bn(pk, OSSL_PKEY_PARAM_RSA_N);
		w_string(w, "ssh-rsa", 7);
		w_bn(w, a);
		w_bn(w, b);
		ok = true;
		break;
	case EVP_PKEY_DSA:
		a = get_bn(pk, OSSL_PKEY_PARAM_FFC_P);
		b = get_bn(pk, OSSL_PKEY_PARAM_FFC_Q);
		c = get_bn(pk, OSSL_PKEY_PARAM_FFC_G);
		d = get_bn(pk, OSSL_PKEY_PARAM_PUB_KEY);
		w_string(w, "ssh-dss", 7);
		w_bn(w, a);
		w_bn(w, b);
		w_bn(w, c);
		w_bn(w, d);
		ok = true;
		break;
	case EVP_PKEY_ED25519:
		len = sizeof(raw);
		if (EVP_PKEY_get_raw_public_key(pk, raw, &len) != 1 ||
		    len != 32)
			break;
		w_string(w, "ssh-ed25519", 11);
		w_string(w, raw, len);
		ok = true;
		break;
	case EVP_PKEY_EC:
		if (EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), NULL) != 1 ||
		    EVP_PKEY_get_octet_string_param(pk,
		    OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, raw, sizeof(raw),
		    &len) != 1)
			break;
		for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
			char name[32];

			if (strcmp(group, curves[i].ossl) != 0)
				continue;
			(void)snprintf(name, sizeof(name), "ecdsa-sha2-%s",
			    curves[i].ssh);
			w_string(w, name, strlen(name));
			w_string(w, curves[i].ssh, strlen(curves[i].ssh));
			w_string(w, raw, len);
			ok = true;
		}
		break;
	default:
		break;
	}
	BN_free(a);
	BN_free(b);
	BN_free(c);
	BN_free(d);
	ERR_clear_error();
	return ok && !w->bad;
}

/* Type, size and both fingerprints of pk into k. */
static void
describe_pkey(struct cred_key *k, const EVP_PKEY *pk)
{
	static const struct { int id; const char *name; } types[] = {
		{ EVP_PKEY_RSA, "rsa" }, { EVP_PKEY_RSA_PSS, "rsa-pss" },
		{ EVP_PKEY_DSA, "dsa" }, { EVP_PKEY_EC, "ec" },
		{ EVP_PKEY_ED25519, "ed25519" }, { EVP_PKEY_ED448, "ed448" },
		{ EVP_PKEY_X25519, "x25519" }, { EVP_PKEY_X448, "x448" },
		{ EVP_PKEY_DH, "dh" },
	};
	struct wbuf *w;
	unsigned char *der = NULL;
	int len, bits;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (EVP_PKEY_get_base_id(pk) == types[i].id)
			(void)snprintf(k->type, sizeof(k->type), "%s",
			    types[i].name);
	if (k->type[0] == '\0')
		(void)snprintf(k->type, sizeof(k->type), "other");
	if ((bits = EVP_PKEY_get_bits(pk)) > 0)
		k->bits = (unsigned)bits;
	if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
	    EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME,
	    k->curve, sizeof(k->curve), NULL) != 1)
		k->curve[0] = '\0';
	if ((len = i2d_PUBKEY(pk, &der)) > 0) {
		hex_sha256(der, (size_t)len, k->spki_sha256);
		k->has_public = true;
	}
	OPENSSL_free(der);
	if ((w = malloc(sizeof(*w))) != NULL && ssh_blob_of(pk, w))
		ssh_fingerprint(w->b, w->n, k->ssh_sha256);
	free(w);
	ERR_clear_error();
}

static EVP_PKEY *
pkey_from_params(const char *alg, OSSL_PARAM_BLD *bld)
{
	EVP_PKEY_CTX *ctx = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pk = NULL;

	if ((params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pk;
}

/*
 * Describes an SSH public-key blob into k: the SSH fingerprint always, the
 * type from its name, and the SPKI fingerprint and size when OpenSSL can
 * rebuild the key.  False when the blob does not parse.
 */
static bool
describe_ssh_blob(struct cred_key *k, const unsigned char *blob, size_t n)
{
	struct rd r = { blob, n, 0 };
	const unsigned char *name, *s, *q;
	size_t nlen, slen, qlen, i;
	OSSL_PARAM_BLD *bld = NULL;
	BIGNUM *bn[4] = { NULL, NULL, NULL, NULL };
	EVP_PKEY *pk = NULL;
	bool ok = false;

	if (!rd_string(&r, &name, &nlen) || nlen == 0 || nlen > 64)
		return false;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL)
		return false;
	if (str_is(name, nlen, "ssh-rsa")) {
		if ((bn[0] = rd_mpint(&r)) == NULL ||
		    (bn[1] = rd_mpint(&r)) == NULL || r.off != r.n)
			goto out;
		if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn[0]) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn[1]))
			pk = pkey_from_params("RSA", bld);
	} else if (str_is(name, nlen, "ssh-dss")) {
		for (i = 0; i < 4; i++)
			if ((bn[i] = rd_mpint(&r)) == NULL)
				goto out;
		if (r.off != r.n)
			goto out;
		if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, bn[0]) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_Q, bn[1]) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, bn[2]) &&
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, bn[3]))
			pk = pkey_from_params("DSA", bld);
	} else if (str_is(name, nlen, "ssh-ed25519")) {
		if (!rd_string(&r, &s, &slen) || slen != 32 || r.off != r.n)
			goto out;
		pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, s, 32);
	} else if (nlen > 11 && memcmp(name, "ecdsa-sha2-", 11) == 0) {
		if (!rd_string(&r, &s, &slen) || !rd_string(&r, &q, &qlen) ||
		    r.off != r.n || nlen - 11 != slen ||
		    memcmp(name + 11, s, slen) != 0)
			goto out;
		for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
			if (str_is(s, slen, curves[i].ssh) &&
			    OSSL_PARAM_BLD_push_utf8_string(bld,
			    OSSL_PKEY_PARAM_GROUP_NAME, curves[i].ossl, 0) &&
			    OSSL_PARAM_BLD_push_octet_string(bld,
			    OSSL_PKEY_PARAM_PUB_KEY, q, qlen))
				pk = pkey_from_params("EC", bld);
	}
	/* Other names (security keys, certificates): SSH fingerprint only. */
	if (pk != NULL)
		describe_pkey(k, pk);
	else {
		copy_text(k->type, sizeof(k->type), name,
		    nlen < sizeof(k->type) ? nlen : sizeof(k->type) - 1);
		k->has_public = true;
	}
	/* The blob as shipped is what ssh-keygen fingerprints. */
	ssh_fingerprint(blob, n, k->ssh_sha256);
	ok = true;
 out:
	for (i = 0; i < 4; i++)
		BN_free(bn[i]);
	EVP_PKEY_free(pk);
	OSSL_PARAM_BLD_free(bld);
	ERR_clear_error();
	return ok;
}

/* ---- OpenSSH private keys ----------------------------------------------- */

static void
parse_openssh(struct walk *w, const unsigned char *p, size_t n,
    unsigned long line)
{
	struct rd r = { p, n, 0 };
	const unsigned char *cipher, *kdf, *opts, *blob, *priv;
	size_t clen, klen, olen, blen, plen;
	struct cred_key k;
	uint32_t nkeys, i;
	enum cred_key_role role;

	key_init(&k, CRED_KEY_MALFORMED, "openssh", line);
	if (n < sizeof(openssh_magic) ||
	    memcmp(p, openssh_magic, sizeof(openssh_magic)) != 0) {
		set_reason(&k, "no openssh-key-v1 magic");
		emit(w, &k);
		return;
	}
	r.off = sizeof(openssh_magic);
	if (!rd_string(&r, &cipher, &clen) || !rd_string(&r, &kdf, &klen) ||
	    !rd_string(&r, &opts, &olen) || !rd_u32(&r, &nkeys) ||
	    nkeys == 0 || nkeys > MAX_SSH_KEYS) {
		set_reason(&k, "openssh-key-v1 header is truncated or invalid");
		emit(w, &k);
		return;
	}
	role = str_is(cipher, clen, "none") ? CRED_KEY_PRIVATE :
	    CRED_KEY_ENCRYPTED;
	for (i = 0; i < nkeys && !w->stop; i++) {
		key_init(&k, role, "openssh", line);
		if (role == CRED_KEY_ENCRYPTED)
			copy_text(k.cipher, sizeof(k.cipher), cipher, clen);
		if (!rd_string(&r, &blob, &blen) ||
		    !describe_ssh_blob(&k, blob, blen)) {
			key_init(&k, CRED_KEY_MALFORMED, "openssh", line);
			set_reason(&k, "public key in the envelope does not "
			    "parse");
			emit(w, &k);
			return;
		}
		/* The private section must be there, even if we skip it. */
		if (i + 1 == nkeys && (!rd_string(&r, &priv, &plen) ||
		    plen == 0)) {
			key_init(&k, CRED_KEY_MALFORMED, "openssh", line);
			set_reason(&k, "private section is missing");
		}
		emit(w, &k);
	}
}

/* ---- PEM ---------------------------------------------------------------- */

static bool
label_is(const unsigned char *l, size_t n, const char *want)
{
	return str_is(l, n, want);
}

/* Private-key bytes in DER under a PEM label. */
static void
pem_private(struct walk *w, const char *format, int type,
    const unsigned char *der, size_t n, unsigned long line)
{
	const unsigned char *q = der;
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	EVP_PKEY *pk = NULL;
	struct cred_key k;

	key_init(&k, CRED_KEY_PRIVATE, format, line);
	if (type == EVP_PKEY_NONE) {
		if ((p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &q, (long)n)) != NULL)
			pk = EVP_PKCS82PKEY(p8);
	} else
		pk = d2i_PrivateKey(type, NULL, &q, (long)n);
	if (pk == NULL && p8 != NULL) {
		/* Well-formed, of an algorithm OpenSSL lacks (GOST, say). */
		const ASN1_OBJECT *obj = NULL;
		char oid[64];

		k.role = CRED_KEY_MALFORMED;
		if (PKCS8_pkey_get0(&obj, NULL, NULL, NULL, p8) == 1 &&
		    obj != NULL && OBJ_obj2txt(oid, sizeof(oid), obj, 1) > 0) {
			(void)snprintf(k.reason, sizeof(k.reason),
			    "key algorithm %s is not supported", oid);
		} else
			set_reason(&k, "key algorithm is not supported");
	} else if (pk == NULL) {
		k.role = CRED_KEY_MALFORMED;
		set_reason(&k, "private key DER does not parse");
	} else
		describe_pkey(&k, pk);
	emit(w, &k);
	EVP_PKEY_free(pk);
	PKCS8_PRIV_KEY_INFO_free(p8);
	ERR_clear_error();
}

static void
pem_encrypted_pkcs8(struct walk *w, const unsigned char *der, size_t n,
    unsigned long line)
{
	const unsigned char *q = der;
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *obj = NULL;
	X509_SIG *sig;
	struct cred_key k;

	key_init(&k, CRED_KEY_ENCRYPTED, "pkcs8-encrypted", line);
	if ((sig = d2i_X509_SIG(NULL, &q, (long)n)) == NULL) {
		k.role = CRED_KEY_MALFORMED;
		set_reason(&k, "encrypted PKCS#8 DER does not parse");
	} else {
		X509_SIG_get0(sig, &alg, NULL);
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
		if (obj != NULL && OBJ_obj2txt(k.cipher, sizeof(k.cipher), obj,
		    0) <= 0)
			k.cipher[0] = '\0';
	}
	emit(w, &k);
	X509_SIG_free(sig);
	ERR_clear_error();
}

static void
pem_public(struct walk *w, const unsigned char *label, size_t llen,
    const unsigned char *der, size_t n, unsigned long line)
{
	const unsigned char *q = der;
	struct cred_key k;
	X509 *x = NULL;
	EVP_PKEY *pk = NULL;
	const EVP_PKEY *use = NULL;

	key_init(&k, CRED_KEY_PUBLIC, "public-key", line);
	if (label_is(label, llen, "CERTIFICATE") ||
	    label_is(label, llen, "TRUSTED CERTIFICATE")) {
		k.format = "certificate";
		x = label_is(label, llen, "CERTIFICATE") ?
		    d2i_X509(NULL, &q, (long)n) : d2i_X509_AUX(NULL, &q, (long)n);
		if (x != NULL) {
			use = X509_get0_pubkey(x);
			if (X509_NAME_oneline(X509_get_subject_name(x),
			    k.subject, (int)sizeof(k.subject)) == NULL)
				k.subject[0] = '\0';
		}
	} else if (label_is(label, llen, "PUBLIC KEY"))
		use = pk = d2i_PUBKEY(NULL, &q, (long)n);
	else if (label_is(label, llen, "RSA PUBLIC KEY"))
		use = pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, (long)n);
	if (use != NULL) {
		describe_pkey(&k, use);
		emit(w, &k);
	}
	X509_free(x);
	EVP_PKEY_free(pk);
	ERR_clear_error();
}

/* The value of header "name:" in a PEM block's header lines, if any. */
static bool
pem_header(const unsigned char *b, size_t n, const char *name, char *out,
    size_t cap)
{
	const unsigned char *h = find(b, n, name, strlen(name)), *e;

	out[0] = '\0';
	if (h == NULL)
		return false;
	h += strlen(name);
	while (h < b + n && *h == ' ')
		h++;
	for (e = h; e < b + n && *e != '\r' && *e != '\n' && *e != ','; e++)
		;
	copy_text(out, cap, h, (size_t)(e - h));
	return true;
}

/* One PEM block: label l, body b (between the armour lines). */
static void
pem_block(struct walk *w, const unsigned char *l, size_t llen,
    const unsigned char *b, size_t blen, unsigned long line)
{
	static const struct {
		const char *label, *format;
		int type;
	} priv[] = {
		{ "RSA PRIVATE KEY", "pkcs1", EVP_PKEY_RSA },
		{ "EC PRIVATE KEY", "sec1", EVP_PKEY_EC },
		{ "DSA PRIVATE KEY", "dsa", EVP_PKEY_DSA },
		{ "PRIVATE KEY", "pkcs8", EVP_PKEY_NONE },
	};
	unsigned char *der = NULL;
	struct cred_key k;
	size_t dlen, i;
	char proc[32];

	for (i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		if (!label_is(l, llen, priv[i].label))
			continue;
		/* RFC 1421 headers: the legacy OpenSSL encryption. */
		if (pem_header(b, blen, "Proc-Type:", proc, sizeof(proc))) {
			key_init(&k, CRED_KEY_ENCRYPTED, priv[i].format, line);
			if (i < 3)
				(void)snprintf(k.type, sizeof(k.type), "%s",
				    i == 0 ? "rsa" : i == 1 ? "ec" : "dsa");
			(void)pem_header(b, blen, "DEK-Info:", k.cipher,
			    sizeof(k.cipher));
			emit(w, &k);
			return;
		}
		if ((der = b64_decode(b, blen, MAX_BLOCK, &dlen)) == NULL) {
			key_init(&k, CRED_KEY_MALFORMED, priv[i].format, line);
			set_reason(&k, "body is not base64");
			emit(w, &k);
			return;
		}
		pem_private(w, priv[i].format, priv[i].type, der, dlen, line);
		free(der);
		return;
	}
	if (label_is(l, llen, "ENCRYPTED PRIVATE KEY") ||
	    label_is(l, llen, "OPENSSH PRIVATE KEY")) {
		if ((der = b64_decode(b, blen, MAX_BLOCK, &dlen)) == NULL) {
			key_init(&k, CRED_KEY_MALFORMED, llen > 14 &&
			    l[0] == 'O' ? "openssh" : "pkcs8-encrypted", line);
			set_reason(&k, "body is not base64");
			emit(w, &k);
			return;
		}
		if (l[0] == 'O')
			parse_openssh(w, der, dlen, line);
		else
			pem_encrypted_pkcs8(w, der, dlen, line);
		free(der);
		return;
	}
	if (label_is(l, llen, "CERTIFICATE") ||
	    label_is(l, llen, "TRUSTED CERTIFICATE") ||
	    label_is(l, llen, "PUBLIC KEY") ||
	    label_is(l, llen, "RSA PUBLIC KEY")) {
		if ((der = b64_decode(b, blen, MAX_BLOCK, &dlen)) != NULL)
			pem_public(w, l, llen, der, dlen, line);
		free(der);
		return;
	}
	if (find(l, llen, "PRIVATE KEY", 11) != NULL &&
	    find(l, llen, "PGP", 3) == NULL) {
		key_init(&k, CRED_KEY_MALFORMED, "pem", line);
		set_reason(&k, "private key of a kind not recognised");
		emit(w, &k);
	}
}

/* Every PEM block in the buffer. */
static void
walk_pem(struct walk *w)
{
	const unsigned char *p = w->p, *end = w->p + w->n, *c, *l, *le;
	const unsigned char *body, *close;
	char endmark[MAX_LABEL + 16];
	size_t llen, span;
	int m;

	while (!w->stop && (c = find(p, (size_t)(end - p), pem_begin,
	    sizeof(pem_begin) - 1)) != NULL) {
		l = c + sizeof(pem_begin) - 1;
		p = l;
		for (le = l; le < end && (size_t)(le - l) <= MAX_LABEL &&
		    ((*le >= 'A' && *le <= 'Z') || (*le >= '0' && *le <= '9') ||
		    *le == ' '); le++)
			;
		llen = (size_t)(le - l);
		if (llen == 0 || llen > MAX_LABEL || end - le < 5 ||
		    memcmp(le, "-----", 5) != 0)
			continue;
		body = le + 5;
		m = snprintf(endmark, sizeof(endmark), "-----END %.*s-----",
		    (int)llen, (const char *)l);
		if (m < 0 || (size_t)m >= sizeof(endmark))
			continue;
		span = (size_t)(end - body);
		if (span > MAX_BLOCK)
			span = MAX_BLOCK;
		if ((close = find(body, span, endmark, (size_t)m)) == NULL) {
			/* An armour line alone still says "private key". */
			if (find(l, llen, "PRIVATE KEY", 11) != NULL &&
			    find(l, llen, "PGP", 3) == NULL) {
				struct cred_key k;

				key_init(&k, CRED_KEY_MALFORMED, "pem",
				    line_at(w, (size_t)(c - w->p)));
				set_reason(&k, "no END line for the block");
				emit(w, &k);
			}
			continue;
		}
		pem_block(w, l, llen, body, (size_t)(close - body),
		    line_at(w, (size_t)(c - w->p)));
		p = close + m;
	}
}

/* ---- PuTTY -------------------------------------------------------------- */

/* The next line of [*pos, end) without its end of line; false at the end. */
static bool
next_line(const unsigned char **pos, const unsigned char *end,
    const unsigned char **s, size_t *n)
{
	const unsigned char *e;

	if (*pos >= end)
		return false;
	e = memchr(*pos, '\n', (size_t)(end - *pos));
	*s = *pos;
	*n = (size_t)((e != NULL ? e : end) - *pos);
	*pos = e != NULL ? e + 1 : end;
	if (*n > 0 && (*s)[*n - 1] == '\r')
		(*n)--;
	return true;
}

/* "Name: value" with value into *v; false when the line is another. */
static bool
ppk_field(const unsigned char *s, size_t n, const char *name,
    const unsigned char **v, size_t *vn)
{
	size_t l = strlen(name);

	if (n < l + 2 || memcmp(s, name, l) != 0 || s[l] != ':' ||
	    s[l + 1] != ' ')
		return false;
	*v = s + l + 2;
	*vn = n - l - 2;
	return true;
}

static void
parse_ppk(struct walk *w, const unsigned char *start, unsigned long line)
{
	const unsigned char *pos = start, *end = w->p + w->n, *s, *v;
	const unsigned char *b64 = NULL;
	unsigned char *blob = NULL;
	size_t n, vn, blen, i;
	unsigned long nlines = 0;
	struct cred_key k;
	char version;
	bool encrypted = false, seen_enc = false;

	key_init(&k, CRED_KEY_MALFORMED, "putty", line);
	if (!next_line(&pos, end, &s, &n) ||
	    n < sizeof(ppk_magic) + 2 || (version = (char)s[20]) < '1' ||
	    version > '3' || s[21] != ':') {
		set_reason(&k, "PuTTY header line is invalid");
		goto out;
	}
	k.format = version == '3' ? "putty-v3" : version == '2' ? "putty-v2" :
	    "putty-v1";
	while (next_line(&pos, end, &s, &n)) {
		if (ppk_field(s, n, "Encryption", &v, &vn)) {
			seen_enc = true;
			encrypted = !(vn == 4 && memcmp(v, "none", 4) == 0);
			if (encrypted)
				copy_text(k.cipher, sizeof(k.cipher), v, vn);
		} else if (ppk_field(s, n, "Public-Lines", &v, &vn)) {
			for (i = 0; i < vn && v[i] >= '0' && v[i] <= '9' &&
			    nlines <= MAX_PPK_LINES; i++)
				nlines = nlines * 10 + (unsigned long)(v[i] - '0');
			if (i != vn || nlines == 0 || nlines > MAX_PPK_LINES) {
				set_reason(&k, "Public-Lines is out of range");
				goto out;
			}
			b64 = pos;
			for (i = 0; i < nlines; i++)
				if (!next_line(&pos, end, &s, &n) || n > 128) {
					set_reason(&k, "public lines are "
					    "truncated");
					goto out;
				}
			break;
		}
	}
	if (!seen_enc || b64 == NULL) {
		set_reason(&k, "Encryption or Public-Lines is missing");
		goto out;
	}
	if ((blob = b64_decode(b64, (size_t)(pos - b64), SSH_BLOB_MAX,
	    &blen)) == NULL || !describe_ssh_blob(&k, blob, blen)) {
		set_reason(&k, "public blob does not parse");
		goto out;
	}
	k.role = encrypted ? CRED_KEY_ENCRYPTED : CRED_KEY_PRIVATE;
 out:
	emit(w, &k);
	free(blob);
}

static void
walk_ppk(struct walk *w)
{
	const unsigned char *p = w->p, *end = w->p + w->n, *c;

	while (!w->stop && (c = find(p, (size_t)(end - p), ppk_magic,
	    sizeof(ppk_magic) - 1)) != NULL) {
		p = c + sizeof(ppk_magic) - 1;
		if (c != w->p && c[-1] != '\n')
			continue;
		parse_ppk(w, c, line_at(w, (size_t)(c - w->p)));
	}
}

/* ---- OpenSSH public-key lines ------------------------------------------- */

static bool
ssh_key_name(const unsigned char *s, size_t n)
{
	return str_is(s, n, "ssh-rsa") || str_is(s, n, "ssh-dss") ||
	    str_is(s, n, "ssh-ed25519") ||
	    (n > 11 && memcmp(s, "ecdsa-sha2-", 11) == 0) ||
	    (n > 3 && memcmp(s, "sk-", 3) == 0);
}

static void
walk_pubkey_lines(struct walk *w)
{
	const unsigned char *pos = w->p, *end = w->p + w->n, *s, *t, *te;
	const unsigned char *prev = NULL;
	unsigned char *blob;
	struct cred_key k;
	size_t n, blen, plen = 0;

	while (!w->stop && next_line(&pos, end, &s, &n)) {
		if (n > MAX_PUB_LINE) {
			prev = NULL;
			continue;
		}
		/* Tokens of the line; a key name, then its blob. */
		for (t = s; t < s + n && !w->stop; t = te) {
			while (t < s + n && (*t == ' ' || *t == '\t'))
				t++;
			for (te = t; te < s + n && *te != ' ' && *te != '\t';
			    te++)
				;
			if (prev != NULL && te - t >= 4 &&
			    memcmp(t, "AAAA", 4) == 0) {
				blob = b64_decode(t, (size_t)(te - t),
				    SSH_BLOB_MAX, &blen);
				key_init(&k, CRED_KEY_PUBLIC, "openssh-public",
				    line_at(w, (size_t)(s - w->p)));
				if (blob != NULL && blen > 4 + plen &&
				    memcmp(blob + 4, prev, plen) == 0 &&
				    describe_ssh_blob(&k, blob, blen))
					emit(w, &k);
				free(blob);
				prev = NULL;
				break;
			}
			prev = ssh_key_name(t, (size_t)(te - t)) ? t : NULL;
			plen = (size_t)(te - t);
		}
		prev = NULL;
	}
}

/* ---- DER ---------------------------------------------------------------- */

/* True when the buffer is exactly one DER SEQUENCE. */
static bool
der_whole(const unsigned char *p, size_t n)
{
	size_t len = 0, hdr, i, nb;

	if (n < 2 || p[0] != 0x30)
		return false;
	if (p[1] < 0x80) {
		len = p[1];
		hdr = 2;
	} else {
		nb = p[1] & 0x7f;
		if (nb == 0 || nb > 4 || n < 2 + nb)
			return false;
		for (i = 0; i < nb; i++)
			len = len << 8 | p[2 + i];
		hdr = 2 + nb;
	}
	return n <= MAX_BLOCK && len == n - hdr;
}

static void
parse_pkcs12(struct walk *w, PKCS12 *p12)
{
	EVP_PKEY *pk = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;
	struct cred_key k;
	const char *pass = NULL;
	bool opens = false;

	key_init(&k, CRED_KEY_ENCRYPTED, "pkcs12", 0);
	/* An empty password and no password are two encodings in PKCS#12. */
	if (!PKCS12_mac_present(p12))
		opens = true;
	else if (PKCS12_verify_mac(p12, "", 0)) {
		pass = "";
		opens = true;
	} else if (PKCS12_verify_mac(p12, NULL, 0))
		opens = true;
	ERR_clear_error();
	if (!opens) {
		emit(w, &k);
		return;
	}
	k.role = CRED_KEY_PRIVATE;
	if (PKCS12_parse(p12, pass, &pk, &cert, &ca) != 1) {
		set_reason(&k, "opens without a password; contents not "
		    "readable by OpenSSL");
		emit(w, &k);
	} else if (pk != NULL) {
		describe_pkey(&k, pk);
		emit(w, &k);
	}
	if (cert != NULL && X509_get0_pubkey(cert) != NULL) {
		key_init(&k, CRED_KEY_PUBLIC, "certificate", 0);
		describe_pkey(&k, X509_get0_pubkey(cert));
		if (X509_NAME_oneline(X509_get_subject_name(cert), k.subject,
		    (int)sizeof(k.subject)) == NULL)
			k.subject[0] = '\0';
		emit(w, &k);
	}
	EVP_PKEY_free(pk);
	X509_free(cert);
	sk_X509_pop_free(ca, X509_free);
	ERR_clear_error();
}

static void
walk_der(struct walk *w)
{
	const unsigned char *q;
	PKCS12 *p12;
	EVP_PKEY *pk;
	X509 *x;
	struct cred_key k;

	q = w->p;
	if ((p12 = d2i_PKCS12(NULL, &q, (long)w->n)) != NULL) {
		parse_pkcs12(w, p12);
		PKCS12_free(p12);
		return;
	}
	q = w->p;
	if ((pk = d2i_AutoPrivateKey(NULL, &q, (long)w->n)) != NULL) {
		key_init(&k, CRED_KEY_PRIVATE, "der", 0);
		describe_pkey(&k, pk);
		emit(w, &k);
		EVP_PKEY_free(pk);
		ERR_clear_error();
		return;
	}
	q = w->p;
	if ((x = d2i_X509(NULL, &q, (long)w->n)) != NULL) {
		if (X509_get0_pubkey(x) != NULL) {
			key_init(&k, CRED_KEY_PUBLIC, "certificate", 0);
			describe_pkey(&k, X509_get0_pubkey(x));
			if (X509_NAME_oneline(X509_get_subject_name(x),
			    k.subject, (int)sizeof(k.subject)) == NULL)
				k.subject[0] = '\0';
			emit(w, &k);
		}
		X509_free(x);
	}
	q = w->p;
	if (x == NULL && (pk = d2i_PUBKEY(NULL, &q, (long)w->n)) != NULL) {
		key_init(&k, CRED_KEY_PUBLIC, "public-key", 0);
		describe_pkey(&k, pk);
		emit(w, &k);
		EVP_PKEY_free(pk);
	}
	ERR_clear_error();
}

bool
cred_keys_maybe(const unsigned char *p, size_t n, bool pubkey_lines)
{
	return pubkey_lines || der_whole(p, n) ||
	    find(p, n, pem_begin, sizeof(pem_begin) - 1) != NULL ||
	    find(p, n, ppk_magic, sizeof(ppk_magic) - 1) != NULL;
}

int
cred_keys_parse(const unsigned char *p, size_t n, bool pubkey_lines,
    size_t max_items, cred_key_fn fn, void *arg)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.p = p;
	w.n = n;
	w.max_items = max_items;
	w.fn = fn;
	w.arg = arg;
	if (der_whole(p, n))
		walk_der(&w);
	walk_pem(&w);
	walk_ppk(&w);
	if (pubkey_lines)
		walk_pubkey_lines(&w);
	return w.stop;
}
