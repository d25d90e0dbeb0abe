/*
 * libFuzzer target for the update probe's configuration matchers: every
 * rule of the real catalogue (probes/update/data/rules.json, loaded once
 * from the source tree) runs over the input as if it were each rule's
 * file, with messages expanded and URLs classified, redacted and cut for
 * checking.  Bad input must give at most a parse problem, never a crash,
 * a leak or a hang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "update/updconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct upd_catalogue *cat;
static const struct upd_rule **rules;

/* The catalogue beside this file's folder: tests/fuzz/../../probes/... */
static void
load(void)
{
	static const char rel[] = "/../../probes/update/data/rules.json";
	char path[4096], why[512], *slash, *text = NULL;
	size_t len = 0, i;
	FILE *f;
	long n;

	if (snprintf(path, sizeof(path), "%s", __FILE__) >= (int)sizeof(path) ||
	    (slash = strrchr(path, '/')) == NULL ||
	    (size_t)(slash - path) + sizeof(rel) > sizeof(path))
		abort();
	memcpy(slash, rel, sizeof(rel));
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (text = malloc((size_t)n + 1)) == NULL ||
	    (len = fread(text, 1, (size_t)n, f)) != (size_t)n)
		abort();
	fclose(f);
	text[len] = '\0';
	if (upd_catalogue_parse(text, len, &cat, why, sizeof(why)) !=
	    ASSAY_OK) {
		fprintf(stderr, "%s: %s\n", path, why);
		abort();
	}
	free(text);
	if ((rules = calloc(cat->n, sizeof(*rules))) == NULL)
		abort();
	for (i = 0; i < cat->n; i++)
		rules[i] = &cat->rules[i];
}

static enum assay_err
on_hit(void *arg, const struct upd_hit *h)
{
	char *m = upd_message(h, "fuzz/input");

	(void)arg;
	if (m == NULL)
		return ASSAY_ERR_NOMEM;
	free(m);
	return ASSAY_OK;
}

static enum assay_err
on_url(void *arg, const struct upd_rule *r, const char *url,
    unsigned long line)
{
	bool http, https;
	char *a, *b;

	(void)arg;
	(void)r;
	(void)line;
	(void)upd_url_classify(url, &http, &https);
	a = upd_url_redact(url);
	b = upd_url_for_check(url);
	free(a);
	free(b);
	return ASSAY_OK;
}

static enum assay_err
on_binary_url(void *arg, const char *url)
{
	return on_url(arg, NULL, url, 0);
}

/* The binary string scan reads a descriptor: give it one. */
static void
scan_binary(const uint8_t *data, size_t size)
{
	FILE *f;

	if ((f = tmpfile()) == NULL)
		abort();
	if (fwrite(data, 1, size, f) != size || fflush(f) != 0)
		abort();
	(void)upd_binary_urls(fileno(f), 64, on_binary_url, NULL);
	fclose(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct upd_sink sink;
	char *text;
	size_t i, k;

	if (cat == NULL)
		load();
	if (size > UPD_TEXT_MAX)
		return 0;
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&sink, 0, sizeof(sink));
	sink.hit = on_hit;
	sink.url = on_url;
	(void)upd_match_text(rules, cat->n, text, size, &sink);
	text[strcspn(text, "\n")] = '\0';
	for (i = 0; i < cat->n; i++)
		for (k = 0; k < cat->rules[i].nfiles; k++)
			(void)upd_glob_match(cat->rules[i].files[k], text);
	free(text);
	if (upd_is_binary(data, size))
		scan_binary(data, size);
	return 0;
}
