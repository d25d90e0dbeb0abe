/*
 * What x509cms.c shares with authenticode.c and kmodsig.c beyond
 * sigverify.h: a read-only BIO over part of a struct sig_data (so signed
 * content streams instead of being loaded), signed timestamps and the
 * cryptographic check of a CMS SignedData.
 */
#ifndef ASSAY_SIG_X509INT_H
#define ASSAY_SIG_X509INT_H

#include <openssl/bio.h>
#include <openssl/cms.h>

#include "sigverify.h"

/* A source BIO reading bytes [off, off + len) of d with pread. */
struct cms_source {
	BIO_METHOD *meth;
	BIO *bio;
	const struct sig_data *data;
	uint64_t off;			/* next byte to read */
	uint64_t end;
	bool failed;			/* a read failed: not the end of data */
};

/* Sets up b (its bio member) over [off, off + len) of d; 0 or -1. */
int cms_source_open(struct cms_source *b, const struct sig_data *d,
    uint64_t off, uint64_t len);
void cms_source_close(struct cms_source *b);

/*
 * Checks a signed timestamp over the signature value sigval: an RFC 3161
 * TimeStampToken (DER ContentInfo, as in id-aa-timeStampToken and
 * Authenticode's 1.3.6.1.4.1.311.3.3.1) when is_rfc3161 is true, else a
 * PKCS #9 counterSignature (DER SignerInfo).  The authority's certificate
 * is looked up in certs (the outer signature's) and t, and its chain must
 * reach t's anchors with timeStamping usage at the time it states.  On
 * success sets r->signing_time, r->timestamp_authority and
 * SIG_TIMESTAMPED and returns true; otherwise notes why in r->detail.
 */
bool x509_timestamp(const struct sig_trust *t, const unsigned char *der,
    size_t len, bool is_rfc3161, const unsigned char *sigval, size_t sigvallen,
    STACK_OF(X509) *certs, struct sig_result *r);

/*
 * Builds leaf's chain to t's anchors (extra: untrusted intermediates) at
 * moment at; purpose is an X509_PURPOSE_* id or 0 for none.  Expiry and
 * not-yet-valid anywhere in the chain only add to *flags (the chain is
 * still built); any other failure gives SIG_UNTRUSTED with why.
 */
enum sig_status x509_chain(const struct sig_trust *t, X509 *leaf,
    STACK_OF(X509) *extra, int64_t at, int purpose, unsigned *flags,
    char *why, size_t whylen);

/*
 * Fills r's signer, issuer, key_id (serial), key_fpr (SHA-256 of the
 * certificate), key facts and a weak certificate signature from leaf.
 */
void x509_describe_signer(X509 *leaf, struct sig_result *r);

/* One-line RFC 2253 form of name into buf (truncated). */
void x509_name_line(const X509_NAME *name, char *buf, size_t len);

/* "2026-06-01T00:00:00Z" into buf. */
void x509_time_text(int64_t t, char *buf, size_t len);

/* Converts an ASN.1 time to Unix seconds; false when it does not parse. */
bool x509_time_unix(const ASN1_TIME *tm, int64_t *out);

/* Appends "; "-separated text to r->detail, truncating. */
void x509_detail_add(struct sig_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Names the issuer and serial (or key identifier) a signer gives. */
void cms_describe_sid(CMS_SignerInfo *si, struct sig_result *r);

/* Sets SIG_WEAK_DIGEST when sigalg (an X509_ALGOR's OID) uses MD5/SHA-1. */
void x509_weak_sigalg(const ASN1_OBJECT *sigalg, struct sig_result *r);

/*
 * Verifies a parsed SignedData over content (NULL: the content it carries,
 * which goes to out when out is not NULL), finding signer certificates
 * among those it carries and t->certs, then the signer chain (at the
 * signing time from a verified timestamp, else now).  Fills r; true when
 * the signatures verified over the content (whatever the chain).
 */
bool cms_verify_parsed(const struct sig_trust *t, CMS_ContentInfo *cms,
    BIO *content, BIO *out, int64_t now, bool codesign,
    struct sig_result *r);

#endif
