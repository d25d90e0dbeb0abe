/*
 * RAUC bundles (bundles.h): a squashfs image, then a CMS SignedData, then
 * the CMS size as 8 bytes big-endian.  In the "plain" format the CMS is
 * detached over the image; in "verity" and "crypt" it carries a manifest
 * whose dm-verity root hash covers the image.
 */
#include <stdio.h>
#include <string.h>

#include "bundles.h"

bool
rauc_sniff(const unsigned char *p, size_t n)
{
	return n >= 4 && memcmp(p, "hsqs", 4) == 0;
}

int
rauc_layout_get(const struct sig_data *d, struct rauc_layout *l, char *why,
    size_t whylen)
{
	unsigned char be[8];
	uint64_t size = 0;
	size_t i;

	memset(l, 0, sizeof(*l));
	if (d->size < 8 || sig_data_read(d, d->size - 8, be, sizeof(be)) ==
	    -1) {
		snprintf(why, whylen, "too short for a signature size trailer");
		return -1;
	}
	for (i = 0; i < sizeof(be); i++)
		size = size << 8 | be[i];
	if (size == 0 || size > RAUC_SIG_MAX || size > d->size - 8) {
		snprintf(why, whylen, "trailer gives a signature size of "
		    "%llu bytes in a bundle of %llu", (unsigned long long)size,
		    (unsigned long long)d->size);
		return -1;
	}
	l->sig_size = size;
	l->image_size = d->size - 8 - size;
	return 0;
}

/* Copies value (trimmed) into ev[key] when it is short and printable. */
static void
put_value(json_t *ev, const char *key, const char *v, size_t n)
{
	size_t i;

	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '\r'))
		n--;
	if (n > 256)
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return;
	json_object_set_new(ev, key, json_stringn(v, n));
}

json_t *
rauc_manifest_facts(const char *text, size_t n)
{
	static const struct { const char *section, *key; } wanted[] = {
		{ "update", "compatible" }, { "update", "version" },
		{ "bundle", "format" }, { "bundle", "verity-hash" },
		{ "bundle", "verity-size" },
	};
	static const char *const image_keys[] = { "filename", "sha256", "size" };
	char section[128] = "";
	const char *line, *nl, *eq, *val;
	json_t *ev = json_object(), *images = json_object(), *img;
	size_t pos = 0, len, i, klen, vlen;

	if (ev == NULL || images == NULL)
		goto fail;
	while (pos < n) {
		line = text + pos;
		nl = memchr(line, '\n', n - pos);
		len = nl != NULL ? (size_t)(nl - line) : n - pos;
		pos += len + 1;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len > 0 && line[0] == '[') {
			section[0] = '\0';
			if (len >= 2 && len - 2 < sizeof(section) &&
			    line[len - 1] == ']') {
				memcpy(section, line + 1, len - 2);
				section[len - 2] = '\0';
			}
			continue;
		}
		if ((eq = memchr(line, '=', len)) == NULL)
			continue;
		klen = (size_t)(eq - line);
		while (klen > 0 && line[klen - 1] == ' ')
			klen--;
		val = eq + 1;
		vlen = len - (size_t)(val - line);
		for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
			if (strcmp(section, wanted[i].section) == 0 &&
			    strlen(wanted[i].key) == klen &&
			    memcmp(line, wanted[i].key, klen) == 0)
				put_value(ev, wanted[i].key, val, vlen);
		if (strncmp(section, "image.", 6) != 0)
			continue;
		if ((img = json_object_get(images, section + 6)) == NULL) {
			if (json_object_size(images) >= 256)
				continue;
			/* Jansson refuses a key that is not UTF-8. */
			if (json_object_set_new(images, section + 6,
			    img = json_object()) != 0)
				continue;
		}
		for (i = 0; i < sizeof(image_keys) / sizeof(image_keys[0]); i++)
			if (strlen(image_keys[i]) == klen &&
			    memcmp(line, image_keys[i], klen) == 0)
				put_value(img, image_keys[i], val, vlen);
	}
	json_object_set_new(ev, "images", images);
	return ev;
 fail:
	json_decref(ev);
	json_decref(images);
	return NULL;
}
