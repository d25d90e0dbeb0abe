/*
 * Loading probes from shared objects: the only file that includes dlfcn.h.
 *
 * A plug-in exports one data symbol, ASSAY_PLUGIN_SYMBOL, of type const
 * struct assay_probe.  Nothing of it is used before its ABI major and its
 * struct size are checked; what it knows is copied and members newer than
 * it stay NULL.  A loaded object stays mapped until the registry is released,
 * because the slot's strings and functions live in it.
 */
#include "registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assay/buf.h"

/* Longest path of a plug-in or of its data folder. */
#define PLUGIN_PATH_MAX	4096

void
assay_registry_unload(void *dl)
{
	if (dl != NULL)
		dlclose(dl);
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * "<dir of sopath>/<name>-data" when that folder exists.  *dirp is NULL
 * otherwise; false only when the path does not fit.
 */
static bool
plugin_data_dir(const char *sopath, const char *name, char *out,
    size_t outlen, const char **dirp)
{
	const char *slash;
	size_t dl;
	int n;

	*dirp = NULL;
	slash = strrchr(sopath, '/');
	dl = slash != NULL ? (size_t)(slash - sopath) : 0;
	if (slash == sopath)
		dl = 1;		/* "/x.so": the root */
	if (dl > (size_t)PLUGIN_PATH_MAX)
		return false;
	if (slash == NULL)
		n = snprintf(out, outlen, "./%s-data", name);
	else
		n = snprintf(out, outlen, "%.*s%s%s-data", (int)dl, sopath,
		    dl == 1 && sopath[0] == '/' ? "" : "/", name);
	if (n < 0 || (size_t)n >= outlen)
		return false;
	if (is_dir(out))
		*dirp = out;
	return true;
}

enum assay_err
assay_registry_load_plugin(struct assay_registry *reg, const char *sopath,
    struct assay_error *err)
{
	const struct assay_probe *sym;
	struct assay_probe ops;
	char path[PLUGIN_PATH_MAX], data[PLUGIN_PATH_MAX];
	const char *dd, *msg;
	enum assay_err r = ASSAY_ERR_INTERNAL;
	void *dl = NULL;
	size_t need;
	int n;

	/* Without a slash dlopen() would search the library path. */
	n = snprintf(path, sizeof(path), "%s%s",
	    strchr(sopath, '/') != NULL ? "" : "./", sopath);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		r = assay_seterr(err, ASSAY_ERR_PLUGIN, "%s: path too long",
		    sopath);
		goto out;
	}
	if ((dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		msg = dlerror();
		r = assay_seterr(err, ASSAY_ERR_PLUGIN, "cannot load %s: %s",
		    sopath, msg != NULL ? msg : "unknown error");
		goto out;
	}
	(void)dlerror();
	if ((sym = dlsym(dl, ASSAY_PLUGIN_SYMBOL)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: no %s symbol: not an assay probe", sopath,
		    ASSAY_PLUGIN_SYMBOL);
		goto out;
	}
	if (sym->abi >> 16 != ASSAY_PROBE_ABI_MAJOR) {
		r = assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe ABI %u.%u, this assay needs %u.x", sopath,
		    (unsigned)(sym->abi >> 16), (unsigned)(sym->abi & 0xffff),
		    ASSAY_PROBE_ABI_MAJOR);
		goto out;
	}
	need = offsetof(struct assay_probe, run) + sizeof(void *);
	if (sym->size < need) {
		r = assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: probe struct of %u bytes, ABI %u.x needs at least %zu",
		    sopath, (unsigned)sym->size, ASSAY_PROBE_ABI_MAJOR, need);
		goto out;
	}
	/* Copy what the plug-in knows; members newer than it stay NULL. */
	memset(&ops, 0, sizeof(ops));
	memcpy(&ops, sym, sym->size < sizeof(ops) ? sym->size : sizeof(ops));
	if ((r = assay_registry_add(reg, &ops, sopath, NULL, err)) != ASSAY_OK)
		goto out;
	/* The name is checked now, so it may become part of a path. */
	if (!plugin_data_dir(sopath, ops.name, data, sizeof(data), &dd)) {
		r = assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "%s: data folder path too long", sopath);
		goto out_unregister;
	}
	if (dd != NULL &&
	    (reg->v[reg->n - 1].data_dir = strdup(dd)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
		goto out_unregister;
	}
	reg->v[reg->n - 1].dl = dl;
	dl = NULL;
	r = ASSAY_OK;
	goto out;
 out_unregister:
	reg->n--;
	free(reg->v[reg->n].origin);
	free(reg->v[reg->n].data_dir);
	memset(&reg->v[reg->n], 0, sizeof(reg->v[reg->n]));
 out:
	if (dl != NULL)
		dlclose(dl);
	return r;
}

static int
cmp_names(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

static bool
ends_with_so(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".so") == 0;
}

/* Loads every "*.so" of one directory, in name order. */
static enum assay_err
load_dir(struct assay_registry *reg, const char *dir,
    struct assay_error *err)
{
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;
	char **names = NULL, **nn, path[PLUGIN_PATH_MAX];
	enum assay_err r = ASSAY_ERR_INTERNAL;
	size_t n = 0, cap = 0, i;
	int len;

	if ((d = opendir(dir)) == NULL) {
		r = assay_seterr(err, ASSAY_ERR_PLUGIN,
		    "probe folder %s: %s", dir, strerror(errno));
		goto out;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				r = assay_seterr(err, ASSAY_ERR_PLUGIN,
				    "probe folder %s: %s", dir,
				    strerror(errno));
				goto out;
			}
			break;
		}
		/* Hidden files are editors' and installers' leftovers. */
		if (de->d_name[0] == '.' || !ends_with_so(de->d_name))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			if ((nn = reallocarray(names, cap,
			    sizeof(*names))) == NULL) {
				r = assay_seterr(err, ASSAY_ERR_NOMEM,
				    "out of memory");
				goto out;
			}
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			r = assay_seterr(err, ASSAY_ERR_NOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	r = ASSAY_OK;
	for (i = 0; i < n; i++) {
		len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (len < 0 || (size_t)len >= sizeof(path)) {
			r = assay_seterr(err, ASSAY_ERR_PLUGIN,
			    "%s/%s: path too long", dir, names[i]);
			break;
		}
		if ((r = assay_registry_load_plugin(reg, path, err)) !=
		    ASSAY_OK)
			break;
	}
 out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (d != NULL)
		closedir(d);
	return r;
}

enum assay_err
assay_registry_load_path(struct assay_registry *reg, const char *pathlist,
    struct assay_error *err)
{
	struct assay_buf dir = ASSAY_BUF_INIT(PLUGIN_PATH_MAX);
	const char *p, *colon;
	enum assay_err r = ASSAY_OK;
	size_t len;

	if (pathlist == NULL)
		goto out;
	for (p = pathlist; r == ASSAY_OK && *p != '\0'; p = colon + 1) {
		colon = strchr(p, ':');
		if (colon == NULL)
			colon = p + strlen(p);
		len = (size_t)(colon - p);
		/* "a::b" or a trailing ':' names no folder. */
		if (len > 0) {
			assay_buf_release(&dir);
			if ((r = assay_buf_add(&dir, p, len)) != ASSAY_OK) {
				r = assay_seterr(err, r,
				    "probe folder %.*s: path too long",
				    (int)(len > 256 ? 256 : len), p);
				goto out;
			}
			r = load_dir(reg, dir.data, err);
		}
		if (*colon == '\0')
			break;
	}
 out:
	assay_buf_release(&dir);
	return r;
}
