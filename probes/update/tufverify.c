/*
 * TUF metadata files and signature counting (tufverify.h).  Signatures are
 * checked over the canonical form of "signed" re-encoded here, never over
 * the bytes as shipped; a key counts once towards a threshold however many
 * keyids name it and however many times it signed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "cjson.h"
#include "tufrepo.h"
#include "tufverify.h"

/* Longest hex signature accepted: an RSA-16384 signature. */
#define SIG_HEX_MAX	4096

bool
tuf_sniff(const unsigned char *p, size_t n)
{
	static const char *const marks[] = { "\"signed\"", "\"signatures\"" };
	size_t i, k, len;
	bool found;

	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		len = strlen(marks[k]);
		found = false;
		for (i = 0; !found && len <= n && i <= n - len; i++)
			found = memcmp(p + i, marks[k], len) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool
digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool
tuf_parse_time(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, mo, d, h, mi, sec, dim;

	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) ||
	    !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return false;
	if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59)
		return false;
	dim = mdays[mo - 1];
	if (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		dim = 29;
	if (d < 1 || d > dim)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return true;
}

void
tuf_meta_release(struct tuf_meta *m)
{
	if (m == NULL)
		return;
	json_decref(m->doc);
	free(m->canon);
	memset(m, 0, sizeof(*m));
}

enum tuf_parse
tuf_meta_parse(struct tuf_meta *m, const unsigned char *p, size_t n,
    unsigned long *linep, char *why, size_t whylen)
{
	struct assay_buf canon = ASSAY_BUF_INIT(2 * TUF_MAX_FILE + 16);
	const char *cwhy = NULL;
	json_error_t jerr;
	json_t *v;

	memset(m, 0, sizeof(*m));
	*linep = 0;
	why[0] = '\0';
	if (n > TUF_MAX_FILE)
		return TUF_NOT_METADATA;
	if ((m->doc = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		if (!tuf_sniff(p, n))
			return TUF_NOT_METADATA;
		*linep = jerr.line > 0 ? (unsigned long)jerr.line : 0;
		snprintf(why, whylen, "not valid JSON: %s", jerr.text);
		return TUF_BROKEN;
	}
	if (!json_is_object(m->doc) ||
	    json_object_get(m->doc, "signed") == NULL ||
	    json_object_get(m->doc, "signatures") == NULL) {
		tuf_meta_release(m);
		return TUF_NOT_METADATA;
	}
	m->signed_part = json_object_get(m->doc, "signed");
	if (!json_is_object(m->signed_part) ||
	    !json_is_array(json_object_get(m->doc, "signatures"))) {
		snprintf(why, whylen, "\"signed\" is not an object or "
		    "\"signatures\" is not an array");
		goto broken;
	}
	m->type = json_string_value(json_object_get(m->signed_part, "_type"));
	m->spec_version = json_string_value(json_object_get(m->signed_part,
	    "spec_version"));
	m->expires_text = json_string_value(json_object_get(m->signed_part,
	    "expires"));
	v = json_object_get(m->signed_part, "version");
	if (m->type == NULL || m->spec_version == NULL) {
		snprintf(why, whylen, "\"_type\" or \"spec_version\" is "
		    "missing or not a string");
		goto broken;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		snprintf(why, whylen, "\"version\" is not an integer >= 1");
		goto broken;
	}
	m->version = json_integer_value(v);
	if (m->expires_text == NULL ||
	    !tuf_parse_time(m->expires_text, &m->expires)) {
		snprintf(why, whylen, "\"expires\" is not a "
		    "YYYY-MM-DDTHH:MM:SSZ time");
		goto broken;
	}
	if (cjson_encode(m->signed_part, &canon, &cwhy) != ASSAY_OK) {
		snprintf(why, whylen, "\"signed\" has no canonical JSON form: "
		    "%s", cwhy != NULL ? cwhy : "too large");
		goto broken;
	}
	m->canon = assay_buf_detach(&canon, &m->canonlen);
	if (m->canon == NULL) {
		/* An empty object still encodes as "{}"; NULL means memory. */
		snprintf(why, whylen, "out of memory");
		goto broken;
	}
	return TUF_PARSED;
 broken:
	assay_buf_release(&canon);
	tuf_meta_release(m);
	return TUF_BROKEN;
}

/* Appends s to the array arr unless it is there already. */
static void
add_unique(json_t *arr, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++)
		if (strcmp(json_string_value(json_array_get(arr, i)), s) == 0)
			return;
	json_array_append_new(arr, json_string(s));
}

static bool
in_array(const json_t *arr, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++)
		if (json_is_string(json_array_get(arr, i)) &&
		    strcmp(json_string_value(json_array_get(arr, i)), s) == 0)
			return true;
	return false;
}

void
tuf_sigcount_release(struct tuf_sigcount *c)
{
	if (c == NULL)
		return;
	json_decref(c->valid_keyids);
	json_decref(c->bad_keyids);
	json_decref(c->unusable_keyids);
	json_decref(c->repeated_keyids);
	memset(c, 0, sizeof(*c));
}

/* Checks one signature entry; sets *verified when it counts. */
static void
count_one(const struct tuf_meta *m, const struct tuf_keyset *ks,
    const char *keyid, const char *hex, json_t *fprs, struct tuf_sigcount *c)
{
	const struct tuf_key *k;
	unsigned char *sig = NULL;
	size_t hexlen = strlen(hex), siglen = 0;

	if ((k = tuf_keyset_find(ks, keyid)) == NULL || k->pkey == NULL) {
		add_unique(c->unusable_keyids, keyid);
		return;
	}
	if (hexlen == 0) {
		/* tuf-on-ci writes "" for a signature still to be made. */
		c->placeholders++;
		return;
	}
	if (hexlen % 2 != 0 || hexlen > SIG_HEX_MAX ||
	    (sig = malloc(hexlen / 2)) == NULL ||
	    OPENSSL_hexstr2buf_ex(sig, hexlen / 2, &siglen, hex, '\0') != 1 ||
	    !tuf_key_verify(k, (const unsigned char *)m->canon, m->canonlen,
	    sig, siglen)) {
		ERR_clear_error();
		add_unique(c->bad_keyids, keyid);
		goto out;
	}
	if (in_array(fprs, k->fpr)) {
		add_unique(c->repeated_keyids, keyid);
		goto out;
	}
	json_array_append_new(fprs, json_string(k->fpr));
	add_unique(c->valid_keyids, keyid);
	c->valid++;
 out:
	free(sig);
}

int
tuf_sigcount(const struct tuf_meta *m, const struct tuf_keyset *ks,
    const json_t *role, struct tuf_sigcount *c, char *why, size_t whylen)
{
	const json_t *keyids, *sigs, *t, *s;
	const char *keyid, *hex;
	json_t *fprs = NULL;
	int rc = -1;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->valid_keyids = json_array();
	c->bad_keyids = json_array();
	c->unusable_keyids = json_array();
	c->repeated_keyids = json_array();
	if ((fprs = json_array()) == NULL || c->valid_keyids == NULL ||
	    c->bad_keyids == NULL || c->unusable_keyids == NULL ||
	    c->repeated_keyids == NULL) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	keyids = json_object_get(role, "keyids");
	t = json_object_get(role, "threshold");
	if (!json_is_array(keyids) || json_array_size(keyids) > TUF_MAX_KEYS ||
	    !json_is_integer(t) || json_integer_value(t) < 1) {
		snprintf(why, whylen, "role has no \"keyids\" list or no "
		    "\"threshold\" >= 1");
		goto out;
	}
	c->threshold = json_integer_value(t);
	sigs = json_object_get(m->doc, "signatures");
	if (json_array_size(sigs) > TUF_MAX_SIGS) {
		snprintf(why, whylen, "more than %d signatures", TUF_MAX_SIGS);
		goto out;
	}
	for (i = 0; i < json_array_size(sigs); i++) {
		s = json_array_get(sigs, i);
		keyid = json_string_value(json_object_get(s, "keyid"));
		hex = json_string_value(json_object_get(s, "sig"));
		if (keyid == NULL || hex == NULL) {
			snprintf(why, whylen, "signature %zu lacks \"keyid\" "
			    "or \"sig\"", i);
			goto out;
		}
		/* A signature by a key the role does not list is ignored. */
		if (in_array(keyids, keyid))
			count_one(m, ks, keyid, hex, fprs, c);
	}
	rc = 0;
 out:
	json_decref(fprs);
	return rc;
}
