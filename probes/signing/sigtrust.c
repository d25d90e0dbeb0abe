/* The tester's trust files, offered to each signature kind (sigverify.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigverify.h"

void
sig_trust_init(struct sig_trust *t)
{
	memset(t, 0, sizeof(*t));
}

void
sig_trust_release(struct sig_trust *t)
{
	size_t i;

	X509_STORE_free(t->store);
	sk_X509_pop_free(t->certs, X509_free);
	for (i = 0; i < t->nraw; i++)
		EVP_PKEY_free(t->raw[i].key);
	free(t->raw);
	pgp_keyring_free(t->pgp);
	mini_keyring_free(t->mini);
	memset(t, 0, sizeof(*t));
}

enum sig_trust_add
sig_trust_add(struct sig_trust *t, const char *name, const unsigned char *p,
    size_t n, char *why, size_t whylen)
{
	/* Most specific first: armour and text headers before DER guesses. */
	enum sig_trust_add (*const kinds[])(struct sig_trust *, const char *,
	    const unsigned char *, size_t, char *, size_t) = {
		mini_trust_add, pgp_trust_add, x509_trust_add,
	};
	enum sig_trust_add r;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		why[0] = '\0';
		r = kinds[i](t, name, p, n, why, whylen);
		if (r == SIG_TRUST_ADDED)
			t->nfiles++;
		if (r != SIG_TRUST_NOT_MINE)
			return r;
	}
	snprintf(why, whylen, "not a certificate, public key, OpenPGP "
	    "keyring, minisign or signify key");
	return SIG_TRUST_NOT_MINE;
}
