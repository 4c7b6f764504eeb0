/* Chart loading as Helm's pkg/chart/loader: directories (sorted walk that
 * follows symlinks, .helmignore), .tgz archives, LoadFiles and validation. */
#include "chart/chart.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/internal.h"
#include "util/file.h"
#include "util/gostr.h"
#include "util/gzip.h"
#include "util/tar.h"

#define MAX_CHART_SIZE (100LL * 1024 * 1024)
#define MAX_FILE_SIZE (5LL * 1024 * 1024)

void chart_files_add(struct chart_files *f, const char *name, const void *data, size_t len)
{
	if (f->nr == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 8;
		f->v = xrealloc(f->v, f->alloc * sizeof(*f->v));
	}
	struct chart_file *x = &f->v[f->nr++];
	x->name = xstrdup(name);
	x->data = xmalloc(len + 1);
	memcpy(x->data, data, len);
	x->data[len] = 0;
	x->len = len;
}

void chart_files_release(struct chart_files *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->v[i].name);
		free(f->v[i].data);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static void files_copy(struct chart_files *dst, const struct chart_files *src)
{
	for (size_t i = 0; i < src->nr; i++)
		chart_files_add(dst, src->v[i].name, src->v[i].data, src->v[i].len);
}

void chart_free(struct chart *c)
{
	if (!c)
		return;
	chart_meta_free(c->meta);
	json_decref(c->lock);
	json_decref(c->values);
	free(c->schema);
	chart_files_release(&c->templates);
	chart_files_release(&c->files);
	chart_files_release(&c->raw);
	for (size_t i = 0; i < c->ndeps; i++)
		chart_free(c->deps[i]);
	free(c->deps);
	free(c);
}

void chart_add_dep(struct chart *c, struct chart *sub)
{
	c->deps = xrealloc(c->deps, (c->ndeps + 1) * sizeof(*c->deps));
	c->deps[c->ndeps++] = sub;
	sub->parent = c;
}

struct chart *chart_dup(const struct chart *s)
{
	struct chart *c = xcalloc(1, sizeof(*c));
	c->meta = s->meta ? chart_meta_dup(s->meta) : NULL;
	c->lock = s->lock ? json_deep_copy(s->lock) : NULL;
	c->values = s->values ? json_deep_copy(s->values) : NULL;
	if (s->schema) {
		c->schema = xmalloc(s->schema_len + 1);
		memcpy(c->schema, s->schema, s->schema_len + 1);
		c->schema_len = s->schema_len;
	}
	files_copy(&c->templates, &s->templates);
	files_copy(&c->files, &s->files);
	files_copy(&c->raw, &s->raw);
	for (size_t i = 0; i < s->ndeps; i++)
		chart_add_dep(c, chart_dup(s->deps[i]));
	return c;
}

char *chart_path(const struct chart *c)
{
	if (!c->parent)
		return xstrdup(c->meta ? c->meta->name : "");
	char *p = chart_path(c->parent);
	char *r = xasprintf("%s.%s", p, c->meta ? c->meta->name : "");
	free(p);
	return r;
}

char *chart_full_path(const struct chart *c)
{
	if (!c->parent)
		return xstrdup(c->meta ? c->meta->name : "");
	char *p = chart_full_path(c->parent);
	char *r = xasprintf("%s/charts/%s", p, c->meta ? c->meta->name : "");
	free(p);
	return r;
}

/* strings.Map(sanitize): spaces become ' ', unprintable runes are dropped. */
static void sanitize(char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	struct strbuf out = STRBUF_INIT;
	size_t n = strlen(*sp), i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == ' ' || (c >= '\t' && c <= '\r'))
				strbuf_addch(&out, ' ');
			else if (c >= 0x20 && c < 0x7f)
				strbuf_addch(&out, (int)c);
			i++;
			continue;
		}
		/* decode */
		size_t w = 1;
		unsigned r = 0xFFFD;
		int need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
		if (need > 0 && i + (size_t)need < n + 0 + 1 && i + (size_t)need <= n - 0) {
			r = c & (0x3F >> need);
			int okseq = 1;
			for (int k = 1; k <= need; k++) {
				if (i + (size_t)k >= n || (s[i + k] & 0xC0) != 0x80) {
					okseq = 0;
					break;
				}
				r = (r << 6) | (s[i + k] & 0x3F);
			}
			if (okseq)
				w = (size_t)need + 1;
			else
				r = 0xFFFD;
		}
		if (r == 0x85 || r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 ||
		    r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000) {
			strbuf_addch(&out, ' ');
		} else if (w > 1 && !(r >= 0x80 && r < 0xA0) && r != 0xAD && !(r >= 0x200B && r <= 0x200F) &&
			   !(r >= 0x202A && r <= 0x202E) && !(r >= 0x2060 && r <= 0x206F) && r != 0xFEFF &&
			   !(r >= 0xE000 && r <= 0xF8FF) && !(r >= 0xFFF0 && r <= 0xFFFB)) {
			/* printable (approximation of unicode.IsPrint for assigned runes) */
			strbuf_add(&out, s + i, w);
		} else if (w == 1) {
			/* invalid byte: RuneError is printable (U+FFFD) */
			strbuf_addstr(&out, "\xEF\xBF\xBD");
		}
		i += w;
	}
	free(*sp);
	*sp = strbuf_detach(&out, NULL);
}

static int alias_ok(const char *a)
{
	if (!*a)
		return 0;
	for (; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') ||
		      *a == '_' || *a == '-'))
			return 0;
	return 1;
}

static int validate(struct chart_meta *md, struct kc_err *err)
{
	char **ss[] = { &md->name, &md->description, &md->home, &md->icon, &md->condition,
			&md->tags, &md->app_version, &md->kube_version };
	for (size_t i = 0; i < sizeof(ss) / sizeof(ss[0]); i++)
		sanitize(ss[i]);
	for (size_t i = 0; i < md->sources.nr; i++)
		sanitize(&md->sources.v[i]);
	for (size_t i = 0; i < md->keywords.nr; i++)
		sanitize(&md->keywords.v[i]);
	if (!*md->api_version)
		return kc_err_set(err, "validation: chart.metadata.apiVersion is required");
	if (!*md->name)
		return kc_err_set(err, "validation: chart.metadata.name is required");
	if (!strcmp(md->name, ".") || !strcmp(md->name, "..")) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, md->name, strlen(md->name));
		kc_err_set(err, "validation: chart.metadata.name %s is not allowed", q.buf);
		strbuf_release(&q);
		return -1;
	}
	char *base = path_basename(md->name);
	int bad = strcmp(base, md->name) != 0;
	free(base);
	if (bad) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, md->name, strlen(md->name));
		kc_err_set(err, "validation: chart.metadata.name %s is invalid", q.buf);
		strbuf_release(&q);
		return -1;
	}
	if (!*md->version)
		return kc_err_set(err, "validation: chart.metadata.version is required");
	if (!sprig_semver_valid(md->version)) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, md->version, strlen(md->version));
		kc_err_set(err, "validation: chart.metadata.version %s is invalid", q.buf);
		strbuf_release(&q);
		return -1;
	}
	if (*md->type && strcmp(md->type, "application") && strcmp(md->type, "library"))
		return kc_err_set(err, "validation: chart.metadata.type must be application or library");
	for (size_t i = 0; i < md->nmaintainers; i++) {
		struct chart_maintainer *m = md->maintainers[i];
		if (!m)
			return kc_err_set(err, "validation: maintainers must not contain empty or null nodes");
		sanitize(&m->name);
		sanitize(&m->email);
		sanitize(&m->url);
	}
	for (size_t i = 0; i < md->ndeps; i++) {
		struct chart_dep *d = md->deps[i];
		if (!d)
			return kc_err_set(err, "validation: dependencies must not contain empty or null nodes");
		sanitize(&d->name);
		sanitize(&d->version);
		sanitize(&d->repository);
		sanitize(&d->condition);
		for (size_t k = 0; k < d->tags.nr; k++)
			sanitize(&d->tags.v[k]);
		if (*d->alias && !alias_ok(d->alias)) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, d->name, strlen(d->name));
			kc_err_set(err, "validation: dependency %s has disallowed characters in the alias", q.buf);
			strbuf_release(&q);
			return -1;
		}
		const char *key = *d->alias ? d->alias : d->name;
		for (size_t k = 0; k < i; k++) {
			struct chart_dep *o = md->deps[k];
			const char *ok2 = *o->alias ? o->alias : o->name;
			if (!strcmp(ok2, key)) {
				struct strbuf q = STRBUF_INIT;
				go_quote(&q, key, strlen(key));
				kc_err_set(err, "validation: more than one dependency with name or alias %s", q.buf);
				strbuf_release(&q);
				return -1;
			}
		}
	}
	return 0;
}

static int has_ext(const char *name, const char *ext)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	return dot && !strcmp(dot, ext);
}

static int load_meta_doc(struct chart_meta *m, const struct chart_file *f, const char *what,
			 struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	json_t *doc = chart_yaml_doc(f->data, f->len, &e);
	if (!doc || chart_meta_decode(doc, m, &e) < 0) {
		kc_err_set(err, "cannot load %s: %s", what, e.msg.buf);
		kc_err_release(&e);
		json_decref(doc);
		return -1;
	}
	json_decref(doc);
	kc_err_release(&e);
	return 0;
}

static int load_lock(struct chart *c, const struct chart_file *f, const char *what,
		     struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	json_t *doc = chart_yaml_doc(f->data, f->len, &e);
	if (!doc) {
		kc_err_set(err, "cannot load %s: %s", what, e.msg.buf);
		kc_err_release(&e);
		return -1;
	}
	json_decref(c->lock);
	c->lock = doc;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct chart *chart_load_files(const struct chart_files *files, struct strvec *warnings,
			       struct kc_err *err)
{
	struct chart *c = xcalloc(1, sizeof(*c));
	struct strvec order = STRVEC_INIT;
	struct chart_files *subs = NULL;
	size_t i;
	for (i = 0; i < files->nr; i++) {
		const struct chart_file *f = &files->v[i];
		if (!starts_with(f->name, "templates/")) /* those are in c->templates */
			chart_files_add(&c->raw, f->name, f->data, f->len);
		if (!strcmp(f->name, "Chart.yaml")) {
			if (!c->meta)
				c->meta = chart_meta_new();
			if (load_meta_doc(c->meta, f, "Chart.yaml", err) < 0)
				goto fail;
			if (!*c->meta->api_version) {
				free(c->meta->api_version);
				c->meta->api_version = xstrdup("v1");
			}
		}
	}
	for (i = 0; i < files->nr; i++) {
		const struct chart_file *f = &files->v[i];
		if (!strcmp(f->name, "Chart.yaml")) {
			continue;
		} else if (!strcmp(f->name, "Chart.lock")) {
			if (load_lock(c, f, "Chart.lock", err) < 0)
				goto fail;
		} else if (!strcmp(f->name, "values.yaml")) {
			struct kc_err e = KC_ERR_INIT;
			json_t *v = chart_read_values(f->data, f->len, &e);
			if (!v) {
				kc_err_set(err, "cannot load values.yaml: %s", e.msg.buf);
				kc_err_release(&e);
				goto fail;
			}
			json_decref(c->values);
			c->values = v;
		} else if (!strcmp(f->name, "values.schema.json")) {
			free(c->schema);
			c->schema = xmalloc(f->len + 1);
			memcpy(c->schema, f->data, f->len + 1);
			c->schema_len = f->len;
		} else if (!strcmp(f->name, "requirements.yaml")) {
			if (!c->meta)
				c->meta = chart_meta_new();
			if (strcmp(c->meta->api_version, "v1") && warnings)
				strvec_push(warnings,
					    "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.");
			if (load_meta_doc(c->meta, f, "requirements.yaml", err) < 0)
				goto fail;
			if (!strcmp(c->meta->api_version, "v1"))
				chart_files_add(&c->files, f->name, f->data, f->len);
		} else if (!strcmp(f->name, "requirements.lock")) {
			if (load_lock(c, f, "requirements.lock", err) < 0)
				goto fail;
			if (!c->meta)
				c->meta = chart_meta_new();
			if (strcmp(c->meta->api_version, "v1") && warnings)
				strvec_push(warnings,
					    "Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.");
			if (!strcmp(c->meta->api_version, "v1"))
				chart_files_add(&c->files, f->name, f->data, f->len);
		} else if (starts_with(f->name, "templates/")) {
			chart_files_add(&c->templates, f->name, f->data, f->len);
		} else if (starts_with(f->name, "charts/")) {
			if (has_ext(f->name, ".prov")) {
				chart_files_add(&c->files, f->name, f->data, f->len);
				continue;
			}
			const char *fname = f->name + 7;
			const char *slash = strchr(fname, '/');
			char *cname = slash ? xstrndup(fname, (size_t)(slash - fname)) : xstrdup(fname);
			size_t k;
			for (k = 0; k < order.nr; k++)
				if (!strcmp(order.v[k], cname))
					break;
			if (k == order.nr) {
				strvec_push(&order, cname);
				subs = xrealloc(subs, order.nr * sizeof(*subs));
				memset(&subs[k], 0, sizeof(subs[k]));
			}
			free(cname);
			chart_files_add(&subs[k], fname, f->data, f->len);
		} else {
			chart_files_add(&c->files, f->name, f->data, f->len);
		}
	}
	if (!c->meta) {
		kc_err_set(err, "Chart.yaml file is missing");
		goto fail;
	}
	if (validate(c->meta, err) < 0)
		goto fail;

	/* Helm iterates a Go map here; like helmref, sorted by name. */
	const char **names = xcalloc(order.nr + 1, sizeof(*names));
	size_t *idx = xcalloc(order.nr + 1, sizeof(*idx));
	for (i = 0; i < order.nr; i++)
		names[i] = order.v[i];
	qsort(names, order.nr, sizeof(*names), cmp_names);
	for (i = 0; i < order.nr; i++)
		for (size_t k = 0; k < order.nr; k++)
			if (names[i] == order.v[k])
				idx[i] = k;
	for (i = 0; i < order.nr; i++) {
		const char *n = names[i];
		struct chart_files *sf = &subs[idx[i]];
		struct chart *sc = NULL;
		struct kc_err e = KC_ERR_INIT;
		if (n[0] == '_' || n[0] == '.')
			continue;
		if (has_ext(n, ".tgz")) {
			if (strcmp(sf->v[0].name, n)) {
				kc_err_set(err, "error unpacking subchart tar in %s: expected %s, got %s",
					   c->meta->name, n, sf->v[0].name);
				free(names);
				free(idx);
				goto fail;
			}
			sc = chart_load_archive(sf->v[0].data, sf->v[0].len, warnings, &e);
		} else {
			struct chart_files buff = { 0 };
			for (size_t k = 0; k < sf->nr; k++) {
				const char *sl = strchr(sf->v[k].name, '/');
				if (!sl)
					continue;
				chart_files_add(&buff, sl + 1, sf->v[k].data, sf->v[k].len);
			}
			sc = chart_load_files(&buff, warnings, &e);
			chart_files_release(&buff);
		}
		if (!sc) {
			kc_err_set(err, "error unpacking subchart %s in %s: %s", n, c->meta->name, e.msg.buf);
			kc_err_release(&e);
			free(names);
			free(idx);
			goto fail;
		}
		kc_err_release(&e);
		chart_add_dep(c, sc);
	}
	free(names);
	free(idx);
	for (i = 0; i < order.nr; i++)
		chart_files_release(&subs[i]);
	free(subs);
	strvec_clear(&order);
	return c;
fail:
	for (i = 0; i < order.nr; i++)
		chart_files_release(&subs[i]);
	free(subs);
	strvec_clear(&order);
	chart_free(c);
	return NULL;
}

/* path.Clean for '/'-separated names */
static char *clean_slash(const char *p)
{
	return path_clean(p);
}

struct chart *chart_load_archive(const void *buf, size_t len, struct strvec *warnings,
				 struct kc_err *err)
{
	struct strbuf tarbuf = STRBUF_INIT;
	struct kc_err gzerr = KC_ERR_INIT;
	int over = 0;
	int gzrc = gzip_decompress(buf, len, &tarbuf, (size_t)MAX_CHART_SIZE + (16u << 20), &over,
				   &gzerr);
	struct chart_files files = { 0 };
	struct chart *c = NULL;
	if (gzrc < 0 && (!strcmp(gzerr.msg.buf, "gzip: invalid header") ||
			 !strcmp(gzerr.msg.buf, "EOF")) && tarbuf.len == 0) {
		kc_err_move(err, &gzerr);
		goto out;
	}
	struct tar_reader r;
	struct tar_entry e = { 0 };
	struct kc_err terr = KC_ERR_INIT;
	long long remaining = MAX_CHART_SIZE;
	int rc;
	tar_reader_init(&r, tarbuf.buf, tarbuf.len);
	for (;;) {
		rc = tar_next(&r, &e, &terr);
		if (rc == 0) {
			if (gzrc < 0) {
				kc_err_move(err, &gzerr);
				goto fail_entries;
			}
			break;
		}
		if (rc < 0) {
			/* the tar reader ran out of data because gzip failed */
			if (gzrc < 0)
				kc_err_move(err, &gzerr);
			else
				kc_err_move(err, &terr);
			goto fail_entries;
		}
		if (e.type == TAR_DIR || e.type == TAR_XGLOBAL || e.type == 'x')
			continue;
		char delim = strchr(e.name, '\\') ? '\\' : '/';
		const char *first = strchr(e.name, delim);
		char *n = xstrdup(first ? first + 1 : "");
		size_t plen = first ? (size_t)(first - e.name) : strlen(e.name);
		for (char *q = n; *q; q++)
			if (*q == delim)
				*q = '/';
		if (n[0] == '/') {
			free(n);
			kc_err_set(err, "chart illegally contains absolute paths");
			goto fail_entries;
		}
		char *cn = clean_slash(n);
		free(n);
		if (!strcmp(cn, ".")) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, e.name, strlen(e.name));
			kc_err_set(err, "chart illegally contains content outside the base directory: %s", q.buf);
			strbuf_release(&q);
			free(cn);
			goto fail_entries;
		}
		if (starts_with(cn, "..")) {
			free(cn);
			kc_err_set(err, "chart illegally references parent directory");
			goto fail_entries;
		}
		if (((cn[0] >= 'a' && cn[0] <= 'z') || (cn[0] >= 'A' && cn[0] <= 'Z')) && cn[1] == ':' &&
		    cn[2] == '/') {
			free(cn);
			kc_err_set(err, "chart contains illegally named files");
			goto fail_entries;
		}
		if (plen == strlen("Chart.yaml") && !strncmp(e.name, "Chart.yaml", plen)) {
			free(cn);
			kc_err_set(err, "chart yaml not in base directory");
			goto fail_entries;
		}
		if (e.size > remaining) {
			free(cn);
			kc_err_set(err, "decompressed chart is larger than the maximum file size %lld",
				   MAX_CHART_SIZE);
			goto fail_entries;
		}
		if (e.size > MAX_FILE_SIZE) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, e.name, strlen(e.name));
			kc_err_set(err, "decompressed chart file %s is larger than the maximum file size %lld",
				   q.buf, MAX_FILE_SIZE);
			strbuf_release(&q);
			free(cn);
			goto fail_entries;
		}
		if ((long long)e.avail < e.size) {
			free(cn);
			if (gzrc < 0)
				kc_err_move(err, &gzerr);
			else
				kc_err_set(err, "unexpected EOF");
			goto fail_entries;
		}
		remaining -= e.size;
		if (remaining <= 0) {
			free(cn);
			kc_err_set(err, "decompressed chart is larger than the maximum file size %lld",
				   MAX_CHART_SIZE);
			goto fail_entries;
		}
		const char *d = e.data;
		size_t dl = e.avail;
		if (dl >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) {
			d += 3;
			dl -= 3;
		}
		chart_files_add(&files, cn, d, dl);
		free(cn);
	}
	if (files.nr == 0) {
		kc_err_set(err, "no files in chart archive");
		goto fail_entries;
	}
	c = chart_load_files(&files, warnings, err);
fail_entries:
	tar_entry_release(&e);
	kc_err_release(&terr);
out:
	chart_files_release(&files);
	kc_err_release(&gzerr);
	strbuf_release(&tarbuf);
	return c;
}

/* ---- directories ---- */

struct walk {
	const char *topdir; /* absolute, with trailing '/' */
	struct chart_ignore *rules;
	struct chart_files files;
	struct strvec *warnings;
	struct kc_err *err;
};

static int walk_fn(struct walk *w, const char *name, const struct stat *st, const char *basename,
		   int *skip)
{
	const char *n = starts_with(name, w->topdir) ? name + strlen(w->topdir) : name;
	*skip = 0;
	if (!*n)
		return 0;
	if (S_ISDIR(st->st_mode)) {
		if (chart_ignore_match(w->rules, n, 1))
			*skip = 1;
		return 0;
	}
	if (chart_ignore_match(w->rules, n, 0))
		return 0;
	if (!S_ISREG(st->st_mode))
		return kc_err_set(w->err, "cannot load irregular file %s as it has file mode type bits set",
				  name);
	if (st->st_size > MAX_FILE_SIZE) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, basename, strlen(basename));
		kc_err_set(w->err, "chart file %s is larger than the maximum file size %lld", q.buf,
			   MAX_FILE_SIZE);
		strbuf_release(&q);
		return -1;
	}
	struct strbuf data = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	if (file_read(name, &data, &e) < 0) {
		kc_err_set(w->err, "error reading %s: %s", n, e.msg.buf);
		kc_err_release(&e);
		strbuf_release(&data);
		return -1;
	}
	const char *d = data.buf;
	size_t dl = data.len;
	if (dl >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) {
		d += 3;
		dl -= 3;
	}
	chart_files_add(&w->files, n, d, dl);
	strbuf_release(&data);
	return 0;
}

static int symwalk(struct walk *w, const char *p, struct stat *st, int depth)
{
	if (depth > 256) /* symlinked directory loops; Helm would walk forever */
		return kc_err_set(w->err, "error evaluating symlink %s: too many levels of symbolic links", p);
	if (S_ISLNK(st->st_mode)) {
		char *resolved = realpath(p, NULL);
		if (!resolved) {
			/* filepath.EvalSymlinks names the first component that fails */
			int en = errno;
			char target[4096];
			ssize_t tl = readlink(p, target, sizeof(target) - 1);
			char *abs = NULL;
			if (tl >= 0) {
				target[tl] = 0;
				if (target[0] == '/') {
					abs = path_clean(target);
				} else {
					char *dir = path_dirname(p);
					char *j = path_join(dir, target);
					abs = path_clean(j);
					free(j);
					free(dir);
				}
				for (char *q = abs + 1;; q++) {
					if (*q == '/' || !*q) {
						char save = *q;
						*q = 0;
						struct stat pst;
						if (lstat(abs, &pst) < 0) {
							en = errno;
							break;
						}
						*q = save;
						if (!save)
							break;
					}
				}
			}
			kc_err_set(w->err, "error evaluating symlink %s: lstat %s: %s", p, abs ? abs : p,
				   go_errno_str(en));
			free(abs);
			return -1;
		}
		if (w->warnings)
			strvec_pushf(w->warnings,
				     "found symbolic link in path: %s resolves to %s. Contents of linked file included and used",
				     p, resolved);
		struct stat rst;
		if (lstat(resolved, &rst) < 0) {
			int en = errno;
			kc_err_set(w->err, "lstat %s: %s", resolved, go_errno_str(en));
			free(resolved);
			return -1;
		}
		char *rb = path_basename(resolved);
		free(resolved);
		/* the FileInfo (and its Name) is the resolved file's */
		int skip;
		if (S_ISLNK(rst.st_mode)) {
			free(rb);
			return symwalk(w, p, &rst, depth + 1);
		}
		if (walk_fn(w, p, &rst, rb, &skip) < 0) {
			free(rb);
			return -1;
		}
		free(rb);
		if (skip || !S_ISDIR(rst.st_mode))
			return 0;
		st = &rst;
		goto readdir_;
	}
	{
		int skip;
		char *b = path_basename(p);
		int rc = walk_fn(w, p, st, b, &skip);
		free(b);
		if (rc < 0)
			return -1;
		if (skip)
			return 1; /* SkipDir */
		if (!S_ISDIR(st->st_mode))
			return 0;
	}
readdir_:;
	DIR *d = opendir(p);
	if (!d)
		return kc_err_set(w->err, "open %s: %s", p, go_errno_str(errno));
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strvec_push(&names, de->d_name);
	closedir(d);
	strvec_sort(&names);
	int ret = 0;
	for (size_t i = 0; i < names.nr && ret == 0; i++) {
		char *fn = path_join(p, names.v[i]);
		struct stat cst;
		if (lstat(fn, &cst) < 0) {
			ret = kc_err_set(w->err, "lstat %s: %s", fn, go_errno_str(errno));
		} else {
			int rc = symwalk(w, fn, &cst, depth + 1);
			if (rc < 0)
				ret = -1;
		}
		free(fn);
	}
	strvec_clear(&names);
	return ret;
}

static struct chart *load_dir(const char *dir, struct strvec *warnings, struct kc_err *err)
{
	char *abs = path_abs(dir);
	char *top = xasprintf("%s/", strcmp(abs, "/") ? abs : "");
	struct walk w = { .topdir = top, .warnings = warnings, .err = err };
	struct chart *c = NULL;
	char *ifile = path_join(abs, ".helmignore");
	struct stat st;
	if (stat(ifile, &st) == 0) {
		struct strbuf data = STRBUF_INIT;
		struct kc_err e = KC_ERR_INIT;
		if (file_read(ifile, &data, &e) < 0) {
			kc_err_move(err, &e);
			strbuf_release(&data);
			goto out;
		}
		w.rules = chart_ignore_parse(data.buf, data.len, err);
		strbuf_release(&data);
		if (!w.rules)
			goto out;
	} else {
		w.rules = chart_ignore_parse("", 0, err);
	}
	chart_ignore_add_defaults(w.rules);
	if (lstat(top, &st) < 0) {
		kc_err_set(err, "lstat %s: %s", top, go_errno_str(errno));
		goto out;
	}
	/* the walk root is passed with its trailing slash (Lstat follows it) */
	if (symwalk(&w, top, &st, 0) < 0)
		goto out;
	c = chart_load_files(&w.files, warnings, err);
out:
	chart_files_release(&w.files);
	chart_ignore_free(w.rules);
	free(ifile);
	free(top);
	free(abs);
	return c;
}

static const char *detect_content_type(const unsigned char *b, size_t n)
{
	/* the subset of http.DetectContentType that matters here */
	if (n >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 0x08)
		return "application/x-gzip";
	if (n >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	if (n >= 4 && !memcmp(b, "PK\x03\x04", 4))
		return "application/zip";
	size_t i = 0;
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		return "text/plain; charset=utf-8";
	for (i = 0; i < n; i++) {
		unsigned c = b[i];
		if (c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F))
			return "application/octet-stream";
	}
	/* skip leading whitespace for the html/xml sniffers */
	i = 0;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f'))
		i++;
	if (n - i >= 5 && !strncasecmp((const char *)b + i, "<?xml", 5))
		return "text/xml; charset=utf-8";
	return "text/plain; charset=utf-8";
}

struct chart *chart_load(const char *path, struct strvec *warnings, struct kc_err *err)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return kc_err_set(err, "stat %s: %s", path, go_errno_str(errno)), NULL;
	if (S_ISDIR(st.st_mode))
		return load_dir(path, warnings, err);
	struct strbuf raw = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	struct chart *c = NULL;
	if (file_read(path, &raw, &e) < 0) {
		kc_err_move(err, &e);
		goto out;
	}
	size_t sn = raw.len > 512 ? 512 : raw.len;
	const char *ct = detect_content_type((const unsigned char *)raw.buf, sn);
	if (strcmp(ct, "application/x-gzip") &&
	    !(sn >= 3 && !memcmp(raw.buf, "\x1F\x8B\x08", 3))) {
		if (ends_with(path, ".yml") || ends_with(path, ".yaml"))
			kc_err_set(err, "file '%s' seems to be a YAML file, but expected a gzipped archive", path);
		else
			kc_err_set(err, "file '%s' does not appear to be a gzipped archive; got '%s'", path, ct);
		goto out;
	}
	c = chart_load_archive(raw.buf, raw.len, warnings, &e);
	if (!c) {
		if (!strcmp(e.msg.buf, "gzip: invalid header"))
			kc_err_set(err, "file '%s' does not appear to be a valid chart file (details: %s)", path,
				   e.msg.buf);
		else
			kc_err_move(err, &e);
	}
out:
	kc_err_release(&e);
	strbuf_release(&raw);
	return c;
}
