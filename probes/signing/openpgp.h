/*
 * OpenPGP inside the signing probe (RFC 4880, RFC 9580): what the packet
 * parser, the armour decoder, the keyring and the verifier share.
 *
 * Files:
 *   openpgp_packet.c   packet framing, signature and key packets
 *   openpgp_armor.c    ASCII armour, CRC24, the cleartext framework
 *   openpgp_crypto.c   algorithms, EVP keys, hashing and verifying
 *   openpgp_keyring.c  certificates, self-signatures, pgp_trust_add()
 *   openpgp.c          detached and cleartext verification
 *
 * Every parser works on bytes in memory and keeps pointers into them; no
 * length read from input is trusted before it is checked against what
 * remains.
 */
#ifndef ASSAY_OPENPGP_H
#define ASSAY_OPENPGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "sigverify.h"

/* Packet tags used here. */
#define PGP_TAG_SIG		2
#define PGP_TAG_SECKEY		5
#define PGP_TAG_PUBKEY		6
#define PGP_TAG_SECSUBKEY	7
#define PGP_TAG_MARKER		10
#define PGP_TAG_UID		13
#define PGP_TAG_PUBSUBKEY	14
#define PGP_TAG_UATTR		17
#define PGP_TAG_PADDING		21

/* Signature types used here. */
#define PGP_SIG_BINARY		0x00
#define PGP_SIG_TEXT		0x01
#define PGP_SIG_CERT_GENERIC	0x10
#define PGP_SIG_CERT_POSITIVE	0x13
#define PGP_SIG_SUBKEY_BINDING	0x18
#define PGP_SIG_PRIMARY_BINDING	0x19
#define PGP_SIG_DIRECT_KEY	0x1f
#define PGP_SIG_KEY_REVOKE	0x20
#define PGP_SIG_SUBKEY_REVOKE	0x28

/* Public-key algorithms. */
#define PGP_PK_RSA		1
#define PGP_PK_RSA_SIGN		3
#define PGP_PK_DSA		17
#define PGP_PK_ECDSA		19
#define PGP_PK_EDDSA_LEGACY	22
#define PGP_PK_ED25519		27

/* Key flags (subpacket 27, first octet). */
#define PGP_KF_SIGN		0x02

/* One packet: its tag and body, pointing into the caller's buffer. */
struct pgp_packet {
	int tag;
	const unsigned char *body;	/* NULL for skipped partial bodies */
	size_t len;
	const unsigned char *start;	/* header's first byte */
	size_t total;			/* header and body, bytes */
};

/* Walks packets in p[0, n). */
struct pgp_reader {
	const unsigned char *p;
	size_t n;
	size_t off;
};

/*
 * Reads the next packet.  1 with *pkt filled, 0 at the end, -1 when the
 * framing is broken (why says how).  Partial body lengths are accepted
 * only on data packets, whose bodies are skipped (body NULL).
 */
int pgp_next_packet(struct pgp_reader *rd, struct pgp_packet *pkt, char *why,
    size_t whylen);

/* A parsed signature packet (v4 or v6); pointers into the packet body. */
struct pgp_sig {
	int version;			/* 4 or 6 */
	int type;
	int pkalg;
	int hashalg;
	const unsigned char *hashed_part; /* version .. end of hashed area */
	size_t hashed_part_len;
	unsigned char left16[2];
	const unsigned char *salt;	/* v6 only */
	size_t saltlen;
	const unsigned char *material;	/* algorithm-specific signature */
	size_t materiallen;

	int64_t created;		/* hashed subpacket 2; required */
	uint32_t sig_expires;		/* seconds after created; 0 never */
	bool has_key_expires;
	uint32_t key_expires;		/* seconds after key creation */
	bool has_issuer;
	unsigned char issuer[8];
	size_t issuer_fpr_len;		/* 0, 20 (v4) or 32 (v6) */
	unsigned char issuer_fpr[32];
	bool has_flags;
	unsigned flags;
	bool primary_uid;
	bool has_revoke_reason;
	int revoke_reason;
	const unsigned char *embedded;	/* subpacket 32, a signature body */
	size_t embeddedlen;
	int bad_critical;		/* unknown critical subpacket, or 0 */
};

/*
 * Parses a signature packet body.  0, or -1 with why set; a v3 (or other)
 * version gives -2 with why naming it, so callers can call it unsupported.
 */
int pgp_sig_parse(const unsigned char *p, size_t n, struct pgp_sig *s,
    char *why, size_t whylen);

/* A public key or subkey packet, with what was learnt of it. */
struct pgp_key {
	int version;			/* 4 or 6 */
	int pkalg;
	int64_t created;
	const unsigned char *body;	/* the packet body, kept by the ring */
	size_t bodylen;
	unsigned char fpr[32];
	size_t fprlen;			/* 20 (v4) or 32 (v6) */
	unsigned char keyid[8];
	EVP_PKEY *pkey;			/* NULL: algorithm not usable here */
	char unusable[64];		/* why pkey is NULL */
};

/*
 * Parses a public key packet body (tags 6 and 14).  0 with k filled (and
 * k->pkey NULL with k->unusable set for an algorithm not verified here),
 * -1 with why set when the packet is broken, -2 for a version other than
 * 4 and 6 (skipped by callers).  The caller frees k->pkey.
 */
int pgp_key_parse(const unsigned char *p, size_t n, struct pgp_key *k,
    char *why, size_t whylen);

/*
 * Reads a multiprecision integer at *pp (2-octet bit count, then the
 * octets), advancing *pp and *np.  0 with v/vlen set (leading zero octets
 * dropped), -1 when it runs past the end.
 */
int pgp_mpi(const unsigned char **pp, size_t *np, const unsigned char **v,
    size_t *vlen);

/* ---- armour ----------------------------------------------------------- */

/*
 * Finds the armour block "-----BEGIN PGP <label>-----" at or after *offp
 * in p[0, n), decodes it into a new buffer (caller frees) and moves *offp
 * past its END line.  1 found, 0 none left, -1 broken (why set).
 */
int pgp_armor_next(const unsigned char *p, size_t n, size_t *offp,
    const char *label, unsigned char **outp, size_t *outlenp, char *why,
    size_t whylen);

/* True when p starts (after blank space) with "-----BEGIN PGP <label>". */
bool pgp_armor_starts(const unsigned char *p, size_t n, const char *label);

/* A cleartext-signed message split into its parts. */
struct pgp_cleartext {
	unsigned char *text;		/* dash-unescaped, LF line ends */
	size_t textlen;
	unsigned char *canon;		/* what is hashed: trailing blanks
					   stripped, CRLF between lines */
	size_t canonlen;
	int hashes[8];			/* "Hash:" header algorithms */
	size_t nhashes;
	size_t sigoff;			/* the signature armour's offset */
};

/* 0, or -1 with why naming the line.  Release with pgp_cleartext_release. */
int pgp_cleartext_split(const unsigned char *p, size_t n,
    struct pgp_cleartext *c, char *why, size_t whylen);
void pgp_cleartext_release(struct pgp_cleartext *c);

/* ---- algorithms ------------------------------------------------------- */

/* The OpenSSL digest for an OpenPGP hash id, or NULL. */
const EVP_MD *pgp_hash_md(int hashalg);

/* The hash id for a "Hash:" header name ("SHA256"), or 0. */
int pgp_hash_by_name(const char *name, size_t len);

/*
 * The OpenSSL key for public key material m[0, n) of algorithm pkalg.
 * NULL with why set when the algorithm is not one we verify with or the
 * material is broken.
 */
EVP_PKEY *pgp_pkey_new(int pkalg, const unsigned char *m, size_t n,
    char *why, size_t whylen);

/* Human name of a public-key algorithm id. */
const char *pgp_pk_name(int pkalg);

/*
 * Verifies signature material (MPIs, or native bytes) made with key over
 * digest.  1 verifies, 0 does not, -1 material malformed (why set).
 */
int pgp_verify_digest(const struct pgp_key *key, const struct pgp_sig *s,
    const unsigned char *digest, size_t dlen, char *why, size_t whylen);

/*
 * Starts ctx for s (v6: the salt first).  The caller then hashes what is
 * signed and finishes with pgp_hash_finish().  0 or -1.
 */
int pgp_hash_start(EVP_MD_CTX *ctx, const struct pgp_sig *s);
/* Hashes the key packet framing as a signature over a key needs. 0/-1. */
int pgp_hash_key(EVP_MD_CTX *ctx, const struct pgp_key *k);
/* Adds the trailer and finishes; 0 or -1. */
int pgp_hash_finish(EVP_MD_CTX *ctx, const struct pgp_sig *s,
    unsigned char *out, unsigned *outlen);

/* ---- keyring ---------------------------------------------------------- */

/* A binding or direct-key self-signature that verified. */
struct pgp_binding {
	int64_t created;
	bool has_key_expires;
	uint32_t key_expires;
	bool has_flags;
	unsigned flags;
	bool primary_uid;
	size_t uid;			/* index into the cert's uids, or SIZE_MAX */
};

struct pgp_keyent {
	struct pgp_key key;
	size_t cert;			/* index of its certificate */
	bool primary;
	struct pgp_binding *bind;	/* valid self-signatures, in order */
	size_t nbind;
	bool backsig;			/* subkey: primary-key binding seen */
	bool revoked;
	bool hard_revoked;		/* compromised or no reason: always */
	int64_t revoked_at;
	char revoke_note[96];
};

struct pgp_cert {
	size_t primary;			/* index into keys */
	char **uids;
	size_t nuids;
	size_t chosen;			/* the uid that names it, or SIZE_MAX */
	char name[64];			/* trust file it came from */
};

struct pgp_keyring {
	unsigned char **blobs;		/* decoded files; keys point here */
	size_t nblobs;
	struct pgp_keyent *keys;
	size_t nkeys;
	struct pgp_cert *certs;
	size_t ncerts;
};

/* The key whose id (8 bytes) or fingerprint (20 or 32) is given; NULL. */
const struct pgp_keyent *pgp_keyring_find(const struct pgp_keyring *k,
    const unsigned char *id, size_t idlen);

/*
 * The binding in force at time at (latest created at or before it, else
 * the earliest); NULL when the key has none.
 */
const struct pgp_binding *pgp_binding_at(const struct pgp_keyent *e,
    int64_t at);

#endif
