/*
 * libFuzzer target for the credentials probe's account and service file
 * parsers (probes/credentials/acct.h): passwd, shadow and gshadow lines,
 * crypt(3) hash decoding and pricing, htpasswd, htdigest and mosquitto
 * lines, tomcat-users.xml, and the password list format.  The first byte
 * picks the parser; the rest is the file.  Parsed hashes are tried against
 * a one-word list within a budget of two milliseconds a hash, so a hash the
 * pricing gets wrong shows up as a timeout.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "credentials/acct.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cred_list list;
static const struct cred_derived *no_derived;

static void
try_hash(const struct cred_hash *h)
{
	struct cred_budget b = { 4, 2000.0, 2000.0, 1 };
	struct cred_guess_result g;

	cred_guess(h, no_derived, &list, &b, &g);
}

static void
tomcat_cb(void *arg, const struct cred_svc_entry *e)
{
	(void)arg;
	try_hash(&e->hash);
}

static void
one_list(void)
{
	static char word[] = "admin\n";
	char *bytes;

	if (list.n > 0)
		return;
	if ((bytes = malloc(sizeof(word))) == NULL)
		abort();
	memcpy(bytes, word, sizeof(word));
	if (!cred_list_parse(&list, "fuzz", bytes, sizeof(word) - 1))
		abort();
}

static void
lines(unsigned kind, const char *p, size_t n)
{
	struct cred_account a;
	struct cred_svc_entry e;
	struct cred_hash h;
	const char *end = p + n, *nl, *why;
	size_t len;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (kind < 3) {
			if (cred_db_parse_line((enum cred_db)kind, p, len, &a,
			    &why) && a.kind == CRED_PW_HASH &&
			    cred_hash_parse_crypt(a.pw, a.pwlen, &h, &why))
				try_hash(&h);
		} else if (cred_svc_parse_line((enum cred_svc)(kind - 3 +
		    CRED_SVC_HTPASSWD), p, len, &e, &why)) {
			try_hash(&e.hash);
		}
		p = nl != NULL ? nl + 1 : end;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cred_derived *d;
	struct cred_list l;
	const char *bases[2];
	char *copy;
	unsigned kind;

	if (size < 1)
		return 0;
	one_list();
	kind = data[0] % 8;
	data++;
	size--;
	if (kind < 6) {
		lines(kind, (const char *)data, size);
	} else if (kind == 6) {
		(void)cred_tomcat_users((const char *)data, size, 1000,
		    tomcat_cb, NULL);
	} else {
		if ((copy = malloc(size + 1)) == NULL ||
		    (d = malloc(sizeof(*d))) == NULL)
			abort();
		memcpy(copy, data, size);
		copy[size] = '\0';
		(void)cred_list_parse(&l, "fuzz", copy, size);
		bases[0] = l.n > 0 ? l.v[0].pw : "root";
		bases[1] = l.n > 1 ? l.v[1].pw : NULL;
		cred_derive(d, bases, 2, 2026);
		cred_list_release(&l);
		free(d);
	}
	return 0;
}
