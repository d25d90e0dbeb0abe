/*
 * OpenPGP packet framing, signature packets and key packets (RFC 4880
 * sections 4, 5.2 and 5.5; RFC 9580 the same for v6).  Every length read
 * from input is compared with what remains before anything is touched;
 * nothing here allocates except the OpenSSL key of a parsed key packet.
 */
#include <stdio.h>
#include <string.h>

#include "openpgp.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Data packets may carry partial body lengths; nothing else may. */
static bool
partial_allowed(int tag)
{
	return tag == 8 || tag == 9 || tag == 11 || tag == 18 || tag == 20;
}

/*
 * A new-format length at p[0, left): sets *len and *hlen (octets used) and
 * *partial for a partial body length.  0, or -1 when truncated.
 */
static int
new_length(const unsigned char *p, size_t left, size_t *len, size_t *hlen,
    bool *partial)
{
	*partial = false;
	if (left < 1)
		return -1;
	if (p[0] < 192) {
		*len = p[0];
		*hlen = 1;
	} else if (p[0] < 224) {
		if (left < 2)
			return -1;
		*len = ((size_t)(p[0] - 192) << 8) + p[1] + 192;
		*hlen = 2;
	} else if (p[0] == 255) {
		if (left < 5)
			return -1;
		*len = be32(p + 1);
		*hlen = 5;
	} else {
		*len = (size_t)1 << (p[0] & 0x1f);
		*hlen = 1;
		*partial = true;
	}
	return 0;
}

int
pgp_next_packet(struct pgp_reader *rd, struct pgp_packet *pkt, char *why,
    size_t whylen)
{
	const unsigned char *p = rd->p + rd->off;
	size_t left = rd->n - rd->off, len = 0, hlen, used, chunk;
	bool partial;
	int tag;

	memset(pkt, 0, sizeof(*pkt));
	if (left == 0)
		return 0;
	if ((p[0] & 0x80) == 0) {
		snprintf(why, whylen, "octet 0x%02x at offset %zu is not a "
		    "packet header", p[0], rd->off);
		return -1;
	}
	if (p[0] & 0x40) {
		tag = p[0] & 0x3f;
		if (new_length(p + 1, left - 1, &len, &hlen, &partial) == -1)
			goto truncated;
		hlen++;
	} else {
		tag = (p[0] >> 2) & 0x0f;
		partial = false;
		switch (p[0] & 3) {
		case 0:
			hlen = 2;
			break;
		case 1:
			hlen = 3;
			break;
		case 2:
			hlen = 5;
			break;
		default:
			/* Indeterminate: the packet runs to the end. */
			hlen = 1;
			break;
		}
		if (left < hlen)
			goto truncated;
		if (hlen == 2)
			len = p[1];
		else if (hlen == 3)
			len = (size_t)p[1] << 8 | p[2];
		else if (hlen == 5)
			len = be32(p + 1);
		else
			len = left - 1;
	}
	if (tag == 0) {
		snprintf(why, whylen, "packet at offset %zu has the reserved "
		    "tag 0", rd->off);
		return -1;
	}
	if (partial) {
		if (!partial_allowed(tag)) {
			snprintf(why, whylen, "packet of tag %d at offset %zu "
			    "has a partial body length", tag, rd->off);
			return -1;
		}
		/* Skip the chunks; each step consumes input, so this ends. */
		used = hlen;
		chunk = len;
		for (;;) {
			if (chunk > left - used)
				goto past_end;
			used += chunk;
			if (!partial)
				break;
			if (new_length(p + used, left - used, &chunk, &hlen,
			    &partial) == -1)
				goto truncated;
			used += hlen;
		}
		pkt->tag = tag;
		pkt->body = NULL;
		pkt->len = used;
		pkt->start = p;
		pkt->total = used;
		rd->off += used;
		return 1;
	}
	if (len > left - hlen)
		goto past_end;
	pkt->tag = tag;
	pkt->body = p + hlen;
	pkt->len = len;
	pkt->start = p;
	pkt->total = hlen + len;
	rd->off += hlen + len;
	return 1;
 truncated:
	snprintf(why, whylen, "packet header at offset %zu is truncated",
	    rd->off);
	return -1;
 past_end:
	snprintf(why, whylen, "packet of tag %d at offset %zu claims more "
	    "bytes than the %zu that remain", tag, rd->off, left);
	return -1;
}

int
pgp_mpi(const unsigned char **pp, size_t *np, const unsigned char **v,
    size_t *vlen)
{
	size_t bits, len;

	if (*np < 2)
		return -1;
	bits = (size_t)(*pp)[0] << 8 | (*pp)[1];
	len = (bits + 7) / 8;
	if (len > *np - 2)
		return -1;
	*v = *pp + 2;
	*vlen = len;
	*pp += 2 + len;
	*np -= 2 + len;
	while (*vlen > 0 && **v == 0) {
		(*v)++;
		(*vlen)--;
	}
	return 0;
}

/* Subpacket types we understand, so that a critical one is acceptable. */
static bool
known_subpacket(int type)
{
	switch (type) {
	case 2: case 3: case 4: case 5: case 7: case 9: case 11: case 12:
	case 16: case 21: case 22: case 23: case 24: case 25: case 26:
	case 27: case 28: case 29: case 30: case 31: case 32: case 33:
	case 34: case 35: case 37: case 38: case 39:
		return true;
	default:
		/* 6 (regular expression) and 20 (notation) are not. */
		return false;
	}
}

/*
 * Parses one subpacket area.  Facts about the signature and key count only
 * from the hashed area; the issuer and the embedded signature, which are
 * checked by other means, are taken from either.
 */
static int
subpackets(const unsigned char *a, size_t n, bool hashed, struct pgp_sig *s,
    char *why, size_t whylen)
{
	const unsigned char *d;
	size_t off = 0, slen, dlen;
	int type;
	bool crit;

	while (off < n) {
		if (a[off] < 192) {
			slen = a[off];
			off += 1;
		} else if (a[off] < 255) {
			if (n - off < 2)
				goto bad;
			slen = ((size_t)(a[off] - 192) << 8) + a[off + 1] + 192;
			off += 2;
		} else {
			if (n - off < 5)
				goto bad;
			slen = be32(a + off + 1);
			off += 5;
		}
		if (slen == 0 || slen > n - off)
			goto bad;
		type = a[off] & 0x7f;
		crit = (a[off] & 0x80) != 0;
		d = a + off + 1;
		dlen = slen - 1;
		off += slen;
		if (hashed && crit && !known_subpacket(type) &&
		    s->bad_critical == 0)
			s->bad_critical = type;
		switch (type) {
		case 2:
			if (dlen != 4)
				goto bad;
			if (hashed)
				s->created = be32(d);
			break;
		case 3:
			if (dlen != 4)
				goto bad;
			if (hashed)
				s->sig_expires = be32(d);
			break;
		case 9:
			if (dlen != 4)
				goto bad;
			if (hashed) {
				s->has_key_expires = true;
				s->key_expires = be32(d);
			}
			break;
		case 16:
			if (dlen != 8)
				goto bad;
			if (!s->has_issuer) {
				memcpy(s->issuer, d, 8);
				s->has_issuer = true;
			}
			break;
		case 33:
			if (dlen < 1 || (d[0] == 4 && dlen != 21) ||
			    (d[0] == 6 && dlen != 33))
				goto bad;
			if (s->issuer_fpr_len == 0 && (d[0] == 4 || d[0] == 6)) {
				s->issuer_fpr_len = dlen - 1;
				memcpy(s->issuer_fpr, d + 1, dlen - 1);
			}
			break;
		case 25:
			if (hashed && dlen >= 1)
				s->primary_uid = d[0] != 0;
			break;
		case 27:
			if (hashed && dlen >= 1) {
				s->has_flags = true;
				s->flags = d[0] | (dlen > 1 ? (unsigned)d[1] << 8 :
				    0u);
			}
			break;
		case 29:
			if (hashed && dlen >= 1) {
				s->has_revoke_reason = true;
				s->revoke_reason = d[0];
			}
			break;
		case 32:
			if (s->embedded == NULL) {
				s->embedded = d;
				s->embeddedlen = dlen;
			}
			break;
		default:
			break;
		}
	}
	return 0;
 bad:
	snprintf(why, whylen, "a %s subpacket has a bad length",
	    hashed ? "hashed" : "unhashed");
	return -1;
}

/* RFC 9580 5.2.4: the salt size each hash needs in a v6 signature. */
static size_t
v6_salt_size(int hashalg)
{
	switch (hashalg) {
	case 8: case 11: case 12:
		return 16;
	case 9:
		return 24;
	case 10: case 14:
		return 32;
	default:
		return 0;
	}
}

int
pgp_sig_parse(const unsigned char *p, size_t n, struct pgp_sig *s, char *why,
    size_t whylen)
{
	size_t off, len, wide;

	memset(s, 0, sizeof(*s));
	if (n < 1) {
		snprintf(why, whylen, "empty signature packet");
		return -1;
	}
	s->version = p[0];
	if (s->version != 4 && s->version != 6) {
		snprintf(why, whylen, "version %d signature", s->version);
		return -2;
	}
	wide = s->version == 6 ? 4 : 2;
	if (n < 4 + wide)
		goto short_packet;
	s->type = p[1];
	s->pkalg = p[2];
	s->hashalg = p[3];
	off = 4;
	len = wide == 4 ? be32(p + off) : ((size_t)p[off] << 8 | p[off + 1]);
	off += wide;
	if (len > n - off)
		goto short_packet;
	if (subpackets(p + off, len, true, s, why, whylen) == -1)
		return -1;
	off += len;
	s->hashed_part = p;
	s->hashed_part_len = off;
	if (n - off < wide)
		goto short_packet;
	len = wide == 4 ? be32(p + off) : ((size_t)p[off] << 8 | p[off + 1]);
	off += wide;
	if (len > n - off)
		goto short_packet;
	if (subpackets(p + off, len, false, s, why, whylen) == -1)
		return -1;
	off += len;
	if (n - off < 2)
		goto short_packet;
	memcpy(s->left16, p + off, 2);
	off += 2;
	if (s->version == 6) {
		if (n - off < 1)
			goto short_packet;
		s->saltlen = p[off++];
		if (s->saltlen > n - off)
			goto short_packet;
		if (s->saltlen != v6_salt_size(s->hashalg)) {
			snprintf(why, whylen, "v6 signature salt of %zu "
			    "octets does not suit hash %d", s->saltlen,
			    s->hashalg);
			return -1;
		}
		s->salt = p + off;
		off += s->saltlen;
	}
	s->material = p + off;
	s->materiallen = n - off;
	if (s->created == 0) {
		snprintf(why, whylen, "signature has no hashed creation time");
		return -1;
	}
	return 0;
 short_packet:
	snprintf(why, whylen, "signature packet is truncated");
	return -1;
}

static int
fingerprint(struct pgp_key *k, const unsigned char *p, size_t n, char *why,
    size_t whylen)
{
	EVP_MD_CTX *ctx;
	unsigned len = 0;
	int ok;

	if (k->version == 4 && n > 0xffff) {
		snprintf(why, whylen, "v4 key packet over 65535 octets");
		return -1;
	}
	/* v4: SHA-1 over 0x99 framing; v6: SHA-256 over 0x9b framing. */
	k->bodylen = n;
	k->body = p;
	ok = (ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(ctx, k->version == 4 ? EVP_sha1() : EVP_sha256(),
	    NULL) == 1 && pgp_hash_key(ctx, k) == 0 &&
	    EVP_DigestFinal_ex(ctx, k->fpr, &len) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		snprintf(why, whylen, "cannot compute a fingerprint");
		return -1;
	}
	k->fprlen = len;
	if (k->version == 4)
		memcpy(k->keyid, k->fpr + 12, 8);
	else
		memcpy(k->keyid, k->fpr, 8);
	return 0;
}

int
pgp_key_parse(const unsigned char *p, size_t n, struct pgp_key *k, char *why,
    size_t whylen)
{
	const unsigned char *m;
	size_t mlen;

	memset(k, 0, sizeof(*k));
	if (n < 1) {
		snprintf(why, whylen, "empty key packet");
		return -1;
	}
	k->version = p[0];
	if (k->version == 4) {
		if (n < 6)
			goto short_packet;
		m = p + 6;
		mlen = n - 6;
	} else if (k->version == 6) {
		if (n < 10)
			goto short_packet;
		mlen = be32(p + 6);
		if (mlen != n - 10) {
			snprintf(why, whylen, "v6 key material length %zu "
			    "does not match the packet", mlen);
			return -1;
		}
		m = p + 10;
	} else {
		snprintf(why, whylen, "version %d key", k->version);
		return -2;
	}
	k->created = be32(p + 1);
	k->pkalg = p[5];
	k->body = p;
	k->bodylen = n;
	if (fingerprint(k, p, n, why, whylen) == -1)
		return -1;
	k->pkey = pgp_pkey_new(k->pkalg, m, mlen, k->unusable,
	    sizeof(k->unusable));
	return 0;
 short_packet:
	snprintf(why, whylen, "key packet is truncated");
	return -1;
}
