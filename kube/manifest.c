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
