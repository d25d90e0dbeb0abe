/*
 * Private keys shipped in a release.  One walk over every regular file
 * collects the private keys and, for pairing, every certificate and public
 * key; then each private key is reported once, in inventory order, with
 * its type, size, fingerprints, the files holding its public half, and a
 * match against the shipped list of keys whose private halves are public.
 * Nothing secret reaches the evidence: only public-key fingerprints.
 */
#include "credentials.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assay/size.h"
#include "credfile.h"
#include "keyparse.h"

#define MAX_FOUND	20000u	/* private keys reported per scan */
#define MAX_PUBLIC	100000u	/* public halves remembered for pairing */
#define MAX_PER_FILE	256u	/* key items read from one file */
#define MAX_PAIRS	8u	/* pairing files listed per key */
#define COMPROMISED_FILE "compromised-keys.json"

struct found {
	const struct assay_entry *entry;
	struct cred_key k;
};

struct pub {
	char key[72];		/* spki hex, or the SSH fingerprint */
	const struct assay_entry *entry;
	unsigned long line;
	const char *format;
	char subject[160];
};

struct compromised {
	const char *name, *source, *spki, *ssh;	/* borrowed from json */
	bool self_test;		/* a library's built-in self-test key */
};

struct keyscan {
	struct assay_scan *scan;
	const struct assay_entry *entry;	/* the file being read */
	struct found *found;
	size_t nfound, capfound;
	struct pub *pubs;
	size_t npubs, cappubs;
	json_t *list;		/* the compromised list, owning its strings */
	json_t *extra;		/* the compromised_fingerprints param */
	struct compromised *bad;
	size_t nbad;
	enum assay_err err;
};

static bool
grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 64, bytes;
	void *p;

	if (need <= *cap)
		return true;
	if (!assay_size_mul(&bytes, ncap, elem) ||
	    (p = realloc(*arr, bytes)) == NULL)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

static int
collect(void *arg, const struct cred_key *k)
{
	struct keyscan *ks = arg;

	if (k->role == CRED_KEY_PUBLIC) {
		struct pub *p;

		if (!k->has_public)
			return 0;
		if (ks->npubs >= MAX_PUBLIC)
			return 0;
		if (!grow((void **)&ks->pubs, &ks->cappubs, ks->npubs + 1,
		    sizeof(*ks->pubs))) {
			ks->err = ASSAY_ERR_NOMEM;
			return 1;
		}
		p = &ks->pubs[ks->npubs++];
		memset(p, 0, sizeof(*p));
		(void)snprintf(p->key, sizeof(p->key), "%s",
		    k->spki_sha256[0] != '\0' ? k->spki_sha256 : k->ssh_sha256);
		p->entry = ks->entry;
		p->line = k->line;
		p->format = k->format;
		memcpy(p->subject, k->subject, sizeof(p->subject));
		return 0;
	}
	if (ks->nfound >= MAX_FOUND)
		return 0;
	if (!grow((void **)&ks->found, &ks->capfound, ks->nfound + 1,
	    sizeof(*ks->found))) {
		ks->err = ASSAY_ERR_NOMEM;
		return 1;
	}
	ks->found[ks->nfound].entry = ks->entry;
	ks->found[ks->nfound].k = *k;
	ks->nfound++;
	return 0;
}

/* Files whose lines are OpenSSH public keys. */
static bool
pubkey_file(const char *name)
{
	const char *base = strrchr(name, '/');
	size_t n;

	base = base != NULL ? base + 1 : name;
	n = strlen(base);
	return (n > 4 && strcmp(base + n - 4, ".pub") == 0) ||
	    strncmp(base, "authorized_keys", 15) == 0 ||
	    strncmp(base, "known_hosts", 11) == 0 ||
	    strcmp(base, "ssh_known_hosts") == 0;
}

/* etc/ssh/ssh_host_*_key at any depth. */
static bool
host_key_path(const char *name)
{
	static const char dir[] = "etc/ssh/ssh_host_";
	const char *c = name;
	size_t n;

	while ((c = strstr(c, dir)) != NULL) {
		if (c == name || c[-1] == '/') {
			c += sizeof(dir) - 1;
			n = strlen(c);
			return strchr(c, '/') == NULL && n >= 3 &&
			    strcmp(c + n - 3, "key") == 0;
		}
		c++;
	}
	return false;
}

static int
pub_cmp(const void *a, const void *b)
{
	const struct pub *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	size_t i = assay_entry_index(x->entry), j = assay_entry_index(y->entry);

	if (c != 0)
		return c;
	if (i != j)
		return i < j ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static enum assay_err
load_compromised(struct keyscan *ks)
{
	unsigned char *data = NULL;
	const char *param, *kind;
	json_error_t jerr;
	json_t *keys, *v;
	enum assay_err r;
	size_t len, i, n;

	if ((r = assay_scan_data_read(ks->scan, COMPROMISED_FILE, 4u << 20,
	    &data, &len)) != ASSAY_OK)
		return r;
	ks->list = json_loadb((const char *)data, len, 0, &jerr);
	free(data);
	if (ks->list == NULL || !json_is_array(keys = json_object_get(ks->list,
	    "keys")))
		return ASSAY_ERR_USAGE;
	/* Fingerprints the tester adds: a JSON array of strings. */
	if ((param = assay_scan_param(ks->scan,
	    "compromised_fingerprints")) != NULL &&
	    ((ks->extra = json_loads(param, 0, &jerr)) == NULL ||
	    !json_is_array(ks->extra)))
		return ASSAY_ERR_USAGE;
	n = json_array_size(keys) + json_array_size(ks->extra);
	if (n > 0 && (ks->bad = calloc(n, sizeof(*ks->bad))) == NULL)
		return ASSAY_ERR_NOMEM;
	json_array_foreach(keys, i, v) {
		struct compromised *c = &ks->bad[ks->nbad++];

		c->name = json_string_value(json_object_get(v, "name"));
		c->source = json_string_value(json_object_get(v, "source"));
		c->spki = json_string_value(json_object_get(v, "spki_sha256"));
		c->ssh = json_string_value(json_object_get(v, "ssh_sha256"));
		kind = json_string_value(json_object_get(v, "kind"));
		if (c->name == NULL || (c->spki == NULL && c->ssh == NULL) ||
		    kind == NULL || (strcmp(kind, "leaked") != 0 &&
		    strcmp(kind, "self-test") != 0))
			return ASSAY_ERR_USAGE;
		c->self_test = strcmp(kind, "self-test") == 0;
	}
	json_array_foreach(ks->extra, i, v) {
		struct compromised *c = &ks->bad[ks->nbad++];
		const char *fp = json_string_value(v);

		if (fp == NULL)
			return ASSAY_ERR_USAGE;
		c->name = "listed by the tester (compromised_fingerprints)";
		if (strncmp(fp, "SHA256:", 7) == 0)
			c->ssh = fp;
		else
			c->spki = fp;
	}
	return ASSAY_OK;
}

static const struct compromised *
find_compromised(const struct keyscan *ks, const struct cred_key *k)
{
	size_t i;

	for (i = 0; i < ks->nbad; i++) {
		const struct compromised *c = &ks->bad[i];

		if ((c->spki != NULL && k->spki_sha256[0] != '\0' &&
		    strcmp(c->spki, k->spki_sha256) == 0) ||
		    (c->ssh != NULL && k->ssh_sha256[0] != '\0' &&
		    strcmp(c->ssh, k->ssh_sha256) == 0))
			return c;
	}
	return NULL;
}

/* Files holding the public half of k: an array of at most MAX_PAIRS. */
static json_t *
pairs_of(const struct keyscan *ks, const struct cred_key *k, size_t *total)
{
	const char *key = k->spki_sha256[0] != '\0' ? k->spki_sha256 :
	    k->ssh_sha256;
	json_t *arr = json_array();
	size_t lo = 0, hi = ks->npubs, mid;

	*total = 0;
	if (arr == NULL || key[0] == '\0')
		return arr;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ks->pubs[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ks->npubs && strcmp(ks->pubs[lo].key, key) == 0; lo++) {
		const struct pub *p = &ks->pubs[lo];
		json_t *o;

		if ((*total)++ >= MAX_PAIRS)
			continue;
		o = json_pack("{s:s, s:s, s:I}", "path",
		    assay_entry_path(p->entry), "kind", p->format,
		    "line", (json_int_t)p->line);
		if (o != NULL && p->subject[0] != '\0')
			(void)json_object_set_new(o, "subject",
			    json_string(p->subject));
		(void)json_array_append_new(arr, o);
	}
	return arr;
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		(void)json_object_set_new(o, key, json_string(v));
}

static enum assay_err
report_key(struct keyscan *ks, const struct found *f)
{
	const struct cred_key *k = &f->k;
	const char *name = assay_entry_name(f->entry), *rule, *sample;
	const char *path = assay_entry_path(f->entry);
	const struct compromised *bad = NULL;
	struct assay_finding fd;
	json_t *ev = NULL, *pairs = NULL;
	char *text = NULL;
	size_t total = 0;
	bool host = host_key_path(name);
	enum assay_err r = ASSAY_ERR_NOMEM;
	const char *what;

	sample = host ? NULL : cred_sample_path(path);
	if (k->has_public)
		bad = find_compromised(ks, k);
	if (k->role == CRED_KEY_MALFORMED)
		rule = "credentials.malformed-key";
	else if (sample != NULL)
		rule = "credentials.sample-private-key";
	else if (bad != NULL && bad->self_test) {
		rule = "credentials.sample-private-key";
		sample = "a crypto library's published self-test key";
	} else if (bad != NULL)
		rule = "credentials.known-compromised-key";
	else if (k->role == CRED_KEY_ENCRYPTED)
		rule = "credentials.encrypted-private-key";
	else if (host)
		rule = "credentials.ssh-host-key";
	else
		rule = "credentials.private-key";
	if ((ev = json_object()) == NULL ||
	    (pairs = pairs_of(ks, k, &total)) == NULL)
		goto out;
	set_str(ev, "format", k->format);
	set_str(ev, "type", k->type);
	set_str(ev, "curve", k->curve);
	if (k->bits > 0)
		(void)json_object_set_new(ev, "bits", json_integer(k->bits));
	if (k->role != CRED_KEY_MALFORMED)
		(void)json_object_set_new(ev, "encrypted",
		    json_boolean(k->role == CRED_KEY_ENCRYPTED));
	set_str(ev, "cipher", k->cipher);
	set_str(ev, "spki_sha256", k->spki_sha256);
	set_str(ev, "ssh_sha256", k->ssh_sha256);
	set_str(ev, "reason", k->reason);
	set_str(ev, "sample_reason", sample);
	if (host)
		(void)json_object_set_new(ev, "ssh_host_key", json_true());
	if (bad != NULL) {
		json_t *c = json_object();

		set_str(c, "name", bad->name);
		set_str(c, "source", bad->source);
		(void)json_object_set_new(c, "kind", json_string(bad->self_test ?
		    "self-test" : "leaked"));
		(void)json_object_set_new(ev, "compromised", c);
	}
	if (total > 0) {
		(void)json_object_set_new(ev, "pairs_with", pairs);
		pairs = NULL;
		if (total > MAX_PAIRS)
			(void)json_object_set_new(ev, "pairs_total",
			    json_integer((json_int_t)total));
	}
	if ((text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto out;
	memset(&fd, 0, sizeof(fd));
	fd.rule = rule;
	fd.entry = f->entry;
	fd.line = k->line;
	fd.evidence = text;
	what = k->type[0] != '\0' ? k->type : "unknown";
	if (k->role == CRED_KEY_MALFORMED)
		r = assay_scan_report(ks->scan, &fd, "%s key material that does "
		    "not parse: %s", k->format, k->reason);
	else if (k->bits > 0)
		r = assay_scan_report(ks->scan, &fd, "%s %s private key, %u "
		    "bits, %s%s%s", what, k->format, k->bits,
		    k->role == CRED_KEY_ENCRYPTED ? "encrypted" : "not encrypted",
		    total > 0 ? "; its public half is in " : "",
		    total > 0 ? json_string_value(json_object_get(json_array_get(
		    json_object_get(ev, "pairs_with"), 0), "path")) : "");
	else
		r = assay_scan_report(ks->scan, &fd, "%s %s private key, %s",
		    what, k->format, k->role == CRED_KEY_ENCRYPTED ?
		    "encrypted" : "not encrypted");
 out:
	free(text);
	json_decref(pairs);
	json_decref(ev);
	return r;
}

static enum assay_err
scan_files(struct keyscan *ks, size_t max_bytes)
{
	const struct assay_entry *e;
	unsigned char *data;
	size_t cursor = 0, len;
	bool truncated, lines;
	enum assay_err r;

	while ((e = cred_next_file(ks->scan, &cursor)) != NULL) {
		r = cred_read(ks->scan, e, max_bytes, &data, &len, &truncated);
		if (r == ASSAY_ERR_NOMEM)
			return r;
		/* Unreadable: not examined, so coverage shows the gap. */
		if (r != ASSAY_OK)
			continue;
		lines = pubkey_file(assay_entry_name(e));
		ks->entry = e;
		if (cred_keys_maybe(data, len, lines))
			(void)cred_keys_parse(data, len, lines, MAX_PER_FILE,
			    collect, ks);
		free(data);
		if (ks->err != ASSAY_OK)
			return ks->err;
	}
	return ASSAY_OK;
}

enum assay_err
cred_keys_run(struct assay_scan *scan)
{
	struct keyscan ks;
	size_t max_bytes, i;
	enum assay_err r;

	memset(&ks, 0, sizeof(ks));
	ks.scan = scan;
	ks.err = ASSAY_OK;
	if ((r = cred_param_size(scan, "max_file_bytes", CRED_MAX_FILE_BYTES,
	    4096, (size_t)1 << 30, &max_bytes)) != ASSAY_OK ||
	    (r = load_compromised(&ks)) != ASSAY_OK ||
	    (r = scan_files(&ks, max_bytes)) != ASSAY_OK)
		goto out;
	if (ks.npubs > 0)
		qsort(ks.pubs, ks.npubs, sizeof(*ks.pubs), pub_cmp);
	for (i = 0; i < ks.nfound; i++)
		if ((r = report_key(&ks, &ks.found[i])) != ASSAY_OK)
			goto out;
 out:
	free(ks.found);
	free(ks.pubs);
	free(ks.bad);
	json_decref(ks.list);
	json_decref(ks.extra);
	return r;
}
