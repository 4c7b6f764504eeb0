/* -f manifest reading (kubectl's resource builder: FilenameParam, ExpandPaths,
 * StreamVisitor). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kube/manifest.h"
#include "util/file.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/yaml.h"

static void push(struct kc_manifest *m, json_t *obj, const char *source)
{
	if (m->n == m->alloc) {
		m->alloc = m->alloc * 2 + 8;
		m->objs = realloc(m->objs, m->alloc * sizeof(*m->objs));
	}
	m->objs[m->n].obj = obj;
	m->objs[m->n].source = strdup(source);
	m->objs[m->n].list = NULL;
	m->n++;
}

/* One decoded document: a List's items, or the object. Steals doc. */
static void add_doc(struct kc_manifest *m, json_t *doc, const char *source)
{
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	json_t *items = json_object_get(doc, "items");
	size_t kl = kind ? strlen(kind) : 0;
	if (kl >= 4 && !strcmp(kind + kl - 4, "List") && json_is_array(items)) {
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
			if (json_is_object(it)) {
				push(m, json_incref(it), source);
				m->objs[m->n - 1].list = json_incref(doc);
			}
		json_decref(doc);
		return;
	}
	push(m, doc, source);
}

static int read_stream(const char *buf, size_t len, const char *source, struct kc_manifest *m,
		       struct kc_err *err)
{
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
		i++;
	if (i < len && buf[i] == '{') {
		size_t pos = 0;
		for (;;) {
			struct kc_err e = KC_ERR_INIT;
			json_t *doc = json_parse_next(buf, len, &pos, &e);
			if (!doc) {
				if (!kc_err_isset(&e))
					return 0;
				kc_err_raw(err, "error parsing %s: json: offset %zu: %s", source, pos, e.msg.buf);
				kc_err_release(&e);
				return -1;
			}
			if (json_is_object(doc))
				add_doc(m, doc, source);
			else
				json_decref(doc);
		}
	}
	struct yaml_stream st;
	json_t *doc;
	struct yaml_pos pos;
	struct kc_err e = KC_ERR_INIT;
	int rc;
	yaml_stream_init(&st, buf, len);
	while ((rc = yaml_stream_next(&st, &doc, &pos, &e)) > 0) {
		if (json_is_object(doc))
			add_doc(m, doc, source);
		else
			json_decref(doc);
	}
	if (rc < 0) {
		kc_err_raw(err, "error parsing %s: error converting YAML to JSON: %s", source, e.msg.buf);
		kc_err_release(&e);
		return -1;
	}
	return 0;
}

static int read_file(const char *path, const char *source, struct kc_manifest *m, struct kc_err *err)
{
	struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT;
	if (file_read(path, &raw, err) < 0) {
		strbuf_release(&raw);
		return -1;
	}
	yaml_kubectl_input(&text, raw.buf, raw.len);
	int ret = read_stream(text.buf, text.len, source, m, err);
	strbuf_release(&raw);
	strbuf_release(&text);
	return ret;
}

static int has_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (!strcmp(dot, ".json") || !strcmp(dot, ".yaml") || !strcmp(dot, ".yml"));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_dir(const char *dir, int recursive, struct kc_manifest *m, struct kc_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return kc_err_set(err, "open %s: %s", dir, go_errno_str(errno));
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strvec_push(&names, de->d_name);
	closedir(d);
	qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	int ret = 0;
	for (size_t i = 0; i < names.nr && !ret; i++) {
		char *p = path_join(dir, names.v[i]);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if (recursive)
				ret = read_dir(p, recursive, m, err);
		} else if (has_ext(names.v[i])) {
			ret = read_file(p, p, m, err);
		}
		free(p);
	}
	strvec_clear(&names);
	return ret;
}

int kc_manifest_read(const struct strvec *paths, int recursive, struct kc_manifest *m,
		     struct kc_err *err)
{
	for (size_t i = 0; i < paths->nr; i++) {
		const char *p = paths->v[i];
		if (!strcmp(p, "-")) {
			if (read_file("-", "STDIN", m, err) < 0)
				return -1;
			continue;
		}
		struct stat sb;
		if (stat(p, &sb) < 0)
			return kc_err_set(err, "the path \"%s\" does not exist", p);
		if (S_ISDIR(sb.st_mode)) {
			if (read_dir(p, recursive, m, err) < 0)
				return -1;
		} else if (read_file(p, p, m, err) < 0) {
			return -1;
		}
	}
	return 0;
}

void kc_manifest_release(struct kc_manifest *m)
{
	for (size_t i = 0; i < m->n; i++) {
		json_decref(m->objs[i].obj);
		json_decref(m->objs[i].list);
		free(m->objs[i].source);
	}
	free(m->objs);
	m->objs = NULL;
	m->n = m->alloc = 0;
}

const char *kc_go_json_type(const json_t *v)
{
	if (json_is_number(v))
		return "number";
	if (json_is_string(v))
		return "string";
	if (json_is_array(v))
		return "array";
	if (json_is_boolean(v))
		return "bool";
	return "object";
}

/* The keys of an object in Go's json.Marshal order (sorted). Caller frees. */
static const char **sorted_keys(const json_t *o, size_t *n)
{
	*n = json_object_size(o);
	const char **k = calloc(*n ? *n : 1, sizeof *k);
	size_t i = 0;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)o, key, v)
		k[i++] = key;
	qsort(k, *n, sizeof *k, cmp_str);
	return k;
}

/* One ObjectMeta field against its Go type: 0, or 1 with the UnmarshalTypeError's
 * "<value> into Go struct field ObjectMeta.metadata.<f> of type <t>" in out. */
static int meta_field_error(const char *f, const json_t *v, struct strbuf *out)
{
	static const char *const strs[] = { "name", "generateName", "namespace", "selfLink",
					    "uid", "resourceVersion", NULL };
	if (json_is_null(v))
		return 0;
	for (int i = 0; strs[i]; i++)
		if (!strcmp(f, strs[i])) {
			if (json_is_string(v))
				return 0;
			strbuf_addf(out, "%s into Go struct field ObjectMeta.metadata.%s of type string",
				    kc_go_json_type(v), f);
			return 1;
		}
	if (!strcmp(f, "generation") || !strcmp(f, "deletionGracePeriodSeconds")) {
		if (json_is_integer(v))
			return 0;
		if (json_is_number(v))
			return 0; /* Go names the literal ("number 1.5"); left to the server */
		strbuf_addf(out, "%s into Go struct field ObjectMeta.metadata.%s of type int64",
			    kc_go_json_type(v), f);
		return 1;
	}
	if (!strcmp(f, "labels") || !strcmp(f, "annotations")) {
		if (!json_is_object(v)) {
			strbuf_addf(out, "%s into Go struct field ObjectMeta.metadata.%s of type map[string]string",
				    kc_go_json_type(v), f);
			return 1;
		}
		size_t n;
		const char **k = sorted_keys(v, &n);
		int bad = 0;
		for (size_t i = 0; i < n && !bad; i++) {
			json_t *e = json_object_get(v, k[i]);
			if (!json_is_null(e) && !json_is_string(e)) {
				strbuf_addf(out, "%s into Go struct field ObjectMeta.metadata.%s of type string",
					    kc_go_json_type(e), f);
				bad = 1;
			}
		}
		free(k);
		return bad;
	}
	if (!strcmp(f, "finalizers")) {
		if (!json_is_array(v)) {
			strbuf_addf(out, "%s into Go struct field ObjectMeta.metadata.%s of type []string",
				    kc_go_json_type(v), f);
			return 1;
		}
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			if (!json_is_null(e) && !json_is_string(e)) {
				strbuf_addf(out, "%s into Go struct field ObjectMeta.metadata.%s of type string",
					    kc_go_json_type(e), f);
				return 1;
			}
	}
	return 0;
}

int kc_manifest_meta_check(const json_t *obj, const char *source, struct kc_err *err)
{
	const json_t *md = json_object_get(obj, "metadata");
	if (!md || json_is_null(md))
		return 0;
	if (!json_is_object(md))
		return kc_err_set(err, "unable to decode \"%s\": json: cannot unmarshal %s into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta",
				  source, kc_go_json_type(md));
	size_t n;
	const char **k = sorted_keys(md, &n);
	struct strbuf sb = STRBUF_INIT;
	int bad = 0;
	for (size_t i = 0; i < n && !bad; i++)
		bad = meta_field_error(k[i], json_object_get(md, k[i]), &sb);
	free(k);
	if (bad)
		kc_err_set(err, "unable to decode \"%s\": json: cannot unmarshal %s", source, sb.buf);
	strbuf_release(&sb);
	return bad ? -1 : 0;
}
