/*
 * SWUpdate's sw-description (bundles.h): the images, files and scripts it
 * lists, each a libconfig group such as
 *     { filename = "rootfs.ext4"; sha256 = "9f86..."; device = "..."; }
 * A signed sw-description protects the images only through these
 * digests.  The scan is one linear pass with an explicit, bounded stack of
 * open groups: hostile nesting costs memory for at most MAX_DEPTH frames.
 */
#include <stdlib.h>
#include <string.h>

#include "bundles.h"

#define MAX_DEPTH	64

struct frame {
	char filename[256];
	char sha256[65];
	unsigned long line;
	bool has_name;
};

static int
add_image(struct swu_images *out, const struct frame *f)
{
	struct swu_image *v;

	if (out->n >= SWU_MAX_IMAGES) {
		out->skipped++;
		return 0;
	}
	if ((v = realloc(out->v, (out->n + 1) * sizeof(*v))) == NULL)
		return -1;
	out->v = v;
	memcpy(v[out->n].filename, f->filename, sizeof(f->filename));
	memcpy(v[out->n].sha256, f->sha256, sizeof(f->sha256));
	v[out->n].line = f->line;
	out->n++;
	return 0;
}

/* Reads the string starting at text[*pos] == '"' into buf (truncated). */
static bool
read_string(const char *text, size_t n, size_t *pos, unsigned long *line,
    char *buf, size_t buflen)
{
	size_t i = *pos + 1, k = 0;
	bool fits = true;
	char c;

	for (; i < n && text[i] != '"'; i++) {
		c = text[i];
		if (c == '\n')
			(*line)++;
		if (c == '\\' && i + 1 < n) {
			c = text[++i];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		if (k + 1 < buflen)
			buf[k++] = c;
		else
			fits = false;
	}
	buf[k] = '\0';
	*pos = i < n ? i + 1 : n;
	return fits;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*';
}

int
swu_parse_images(const char *text, size_t n, struct swu_images *out)
{
	struct frame *stack = NULL, *top;
	char name[32] = "", value[256];
	unsigned long line = 1, vline;
	size_t pos = 0, depth = 0, over = 0, k;
	bool assigning = false;

	memset(out, 0, sizeof(*out));
	if ((stack = calloc(MAX_DEPTH, sizeof(*stack))) == NULL)
		return -1;
	while (pos < n) {
		char c = text[pos];

		if (c == '\n') {
			line++;
			pos++;
		} else if (c == '#' || (c == '/' && pos + 1 < n &&
		    text[pos + 1] == '/')) {
			while (pos < n && text[pos] != '\n')
				pos++;
		} else if (c == '/' && pos + 1 < n && text[pos + 1] == '*') {
			for (pos += 2; pos < n && !(text[pos] == '*' &&
			    pos + 1 < n && text[pos + 1] == '/'); pos++)
				if (text[pos] == '\n')
					line++;
			pos = pos < n ? pos + 2 : n;
		} else if (c == '"') {
			vline = line;
			if (read_string(text, n, &pos, &line, value,
			    sizeof(value)) && assigning && depth > 0 &&
			    over == 0) {
				top = &stack[depth - 1];
				if (strcmp(name, "filename") == 0) {
					memcpy(top->filename, value,
					    sizeof(value));
					top->has_name = true;
					top->line = vline;
				} else if (strcmp(name, "sha256") == 0) {
					for (k = 0; k < 64 && value[k]; k++)
						top->sha256[k] = (char)(
						    value[k] >= 'A' &&
						    value[k] <= 'Z' ?
						    value[k] - 'A' + 'a' :
						    value[k]);
					top->sha256[k] = '\0';
				}
			}
			assigning = false;
		} else if (c == '{') {
			if (depth < MAX_DEPTH && over == 0)
				memset(&stack[depth++], 0, sizeof(*stack));
			else
				over++;
			assigning = false;
			pos++;
		} else if (c == '}') {
			if (over > 0)
				over--;
			else if (depth > 0) {
				top = &stack[--depth];
				if (top->has_name && add_image(out, top) == -1)
					goto nomem;
			}
			assigning = false;
			pos++;
		} else if (name_char(c)) {
			for (k = 0; pos < n && name_char(text[pos]); pos++)
				if (k + 1 < sizeof(name))
					name[k++] = text[pos];
			name[k] = '\0';
			assigning = false;
		} else {
			if (c == '=' || c == ':')
				assigning = true;
			else if (c != ' ' && c != '\t' && c != '\r')
				assigning = false;
			pos++;
		}
	}
	free(stack);
	return 0;
 nomem:
	free(stack);
	swu_images_release(out);
	return -1;
}

void
swu_images_release(struct swu_images *imgs)
{
	if (imgs == NULL)
		return;
	free(imgs->v);
	memset(imgs, 0, sizeof(*imgs));
}
