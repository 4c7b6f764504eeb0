/* Helm 3's "secret" storage driver (pkg/storage/driver/secrets.go and
 * pkg/storage/storage.go): releases in Secrets sh.helm.release.v1.NAME.vN of
 * type helm.sh/release.v1, labelled name/owner=helm/status/version plus
 * createdAt (create) or modifiedAt (update), data.release =
 * base64(gzip(json.Marshal(release))).
 *
 * A release JSON may carry "__labels" (Go's Release.Labels, `json:"-"`): the
 * labels it was read with; they are written back on update as Helm does, and
 * never serialised. */
#include "chart/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart/action_internal.h"
#include "util/base64.h"
#include "util/gzip.h"
#include "util/json.h"

static const char *const system_labels[] = { "name", "owner", "status", "version", "createdAt",
					     "modifiedAt" };

void chart_rels_release(struct chart_rels *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		json_decref(r->v[i]);
		json_decref(r->labels[i]);
	}
	free(r->v);
	free(r->labels);
	memset(r, 0, sizeof(*r));
}

static void rels_push(struct chart_rels *r, json_t *rel, json_t *labels)
{
	if (r->nr == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
		r->labels = xrealloc(r->labels, r->alloc * sizeof(*r->labels));
	}
	r->v[r->nr] = rel;
	r->labels[r->nr] = labels;
	r->nr++;
}

void chart_rels_sort_by_revision(struct chart_rels *r)
{
	/* insertion sort: stable, small n */
	for (size_t i = 1; i < r->nr; i++) {
		json_t *v = r->v[i], *l = r->labels[i];
		size_t j = i;
		while (j > 0 && chart_rel_version(r->v[j - 1]) > chart_rel_version(v)) {
			r->v[j] = r->v[j - 1];
			r->labels[j] = r->labels[j - 1];
			j--;
		}
		r->v[j] = v;
		r->labels[j] = l;
	}
}

/* ---------------------------------------------------------------- accessors */

const char *chart_rel_name(json_t *rel)
{
	return chart_jstr(rel, "name");
}

const char *chart_rel_namespace(json_t *rel)
{
	return chart_jstr(rel, "namespace");
}

int chart_rel_version(json_t *rel)
{
	json_t *v = json_object_get(rel, "version");
	if (json_is_integer(v))
		return (int)json_integer_value(v);
	if (json_is_real(v))
		return (int)json_real_value(v);
	return 0;
}

const char *chart_rel_status(json_t *rel)
{
	return chart_jstr(json_object_get(rel, "info"), "status");
}

/* Info in struct order: first_deployed last_deployed deleted description status notes resources */
static void info_set(json_t *info, const char *key, json_t *val)
{
	static const char *const order[] = { "first_deployed", "last_deployed", "deleted", "description",
					     "status", "notes", "resources" };
	json_object_set_new(info, key, val);
	/* rebuild in order (jansson keeps insertion order) */
	json_t *copy = json_object();
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		json_t *x = json_object_get(info, order[i]);
		if (x)
			json_object_set(copy, order[i], x);
	}
	const char *k;
	json_t *x;
	json_object_foreach(info, k, x)
		if (!json_object_get(copy, k))
			json_object_set(copy, k, x);
	json_object_clear(info);
	json_object_update(info, copy);
	json_decref(copy);
}

void chart_rel_set_status(json_t *rel, const char *status, const char *description)
{
	json_t *info = json_object_get(rel, "info");
	if (!info) {
		info = json_object();
		json_object_set_new(rel, "info", info);
	}
	if (status) {
		if (*status)
			info_set(info, "status", json_string(status));
		else
			json_object_del(info, "status");
	}
	if (description) {
		if (*description)
			info_set(info, "description", json_string(description));
		else
			json_object_del(info, "description");
	}
}

void chart_rel_chart_name(json_t *rel, struct strbuf *out)
{
	json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
	if (!md) {
		strbuf_addstr(out, "MISSING");
		return;
	}
	strbuf_addf(out, "%s-%s", chart_jstr(md, "name"), chart_jstr(md, "version"));
}

const char *chart_rel_app_version(json_t *rel)
{
	json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
	return md ? chart_jstr(md, "appVersion") : "MISSING";
}

/* ---------------------------------------------------------------- encode */

static json_t *serialisable(json_t *rel)
{
	json_t *c = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(rel, k, v)
		if (strcmp(k, "__labels"))
			json_object_set(c, k, v);
	return c;
}

json_t *chart_storage_secret(json_t *rel, const char *ns, json_t *custom_labels,
			     const char *time_label, long long now)
{
	json_t *plain = serialisable(rel);
	struct strbuf js = STRBUF_INIT, gz = STRBUF_INIT, enc = STRBUF_INIT, b64 = STRBUF_INIT;
	json_emit(&js, plain, JSON_OUT_COMPACT);
	json_decref(plain);
	gzip_compress(js.buf, js.len, &gz, 9);
	base64_encode(&enc, gz.buf, gz.len);
	base64_encode(&b64, enc.buf, enc.len); /* Secret.data is []byte */
	json_t *labels = json_object();
	const char *k;
	json_t *v;
	if (custom_labels)
		json_object_foreach(custom_labels, k, v)
			json_object_set(labels, k, v);
	char num[32];
	snprintf(num, sizeof(num), "%lld", now);
	json_object_set_new(labels, time_label, json_string(num));
	json_object_set_new(labels, "name", json_string(chart_rel_name(rel)));
	json_object_set_new(labels, "owner", json_string("helm"));
	json_object_set_new(labels, "status", json_string(chart_rel_status(rel)));
	snprintf(num, sizeof(num), "%d", chart_rel_version(rel));
	json_object_set_new(labels, "version", json_string(num));
	char *key = xasprintf("sh.helm.release.v1.%s.v%d", chart_rel_name(rel), chart_rel_version(rel));
	json_t *s = json_pack("{s:s, s:s, s:{s:s, s:s, s:o}, s:{s:s}, s:s}", "apiVersion", "v1", "kind",
			      "Secret", "metadata", "name", key, "namespace", ns, "labels", labels,
			      "data", "release", b64.buf, "type", "helm.sh/release.v1");
	free(key);
	strbuf_release(&js);
	strbuf_release(&gz);
	strbuf_release(&enc);
	strbuf_release(&b64);
	return s;
}

static char *secrets_path(const char *ns, const char *name)
{
	if (!ns)
		return xstrdup("/api/v1/secrets");
	if (name)
		return xasprintf("/api/v1/namespaces/%s/secrets/%s", ns, name);
	return xasprintf("/api/v1/namespaces/%s/secrets", ns);
}

/* A Secret's release, or NULL when it does not decode. */
static json_t *decode_secret(json_t *secret, struct kc_err *err)
{
	const char *d = chart_jstr(json_object_get(secret, "data"), "release");
	struct strbuf once = STRBUF_INIT;
	size_t bad;
	json_t *rel = NULL;
	if (base64_decode(&once, d, strlen(d), &bad) < 0)
		kc_err_set(err, "illegal base64 data at input byte %zu", bad);
	else
		rel = chart_release_decode(once.buf, once.len, err);
	strbuf_release(&once);
	if (rel && !json_is_object(rel)) {
		json_decref(rel);
		kc_err_set(err, "json: cannot unmarshal into Go value of type release.Release");
		rel = NULL;
	}
	return rel;
}

int chart_storage_list(const struct chart_cfg *cfg, const char *ns, const char *selector,
		       struct chart_rels *out, struct kc_err *err)
{
	char *base = secrets_path(ns, NULL);
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s?labelSelector=", base);
	chart_query_escape(&path, selector);
	free(base);
	json_t *list = chart_api_json(cfg, "GET", path.buf, NULL, NULL, err);
	strbuf_release(&path);
	if (!list)
		return -1;
	json_t *items = json_object_get(list, "items");
	int raw = (int)json_array_size(items);
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		struct kc_err derr = KC_ERR_INIT;
		json_t *rel = decode_secret(it, &derr);
		if (!rel) {
			chart_log(cfg, "list: failed to decode release: %s", derr.msg.buf);
			kc_err_release(&derr);
			continue;
		}
		kc_err_release(&derr);
		json_t *labels = json_object_get(json_object_get(it, "metadata"), "labels");
		labels = labels ? json_deep_copy(labels) : json_object();
		json_object_set(rel, "__labels", labels);
		rels_push(out, rel, labels);
	}
	json_decref(list);
	return raw;
}

int chart_storage_history(const struct chart_cfg *cfg, const char *name, struct chart_rels *out,
			  struct kc_err *err)
{
	char *sel = xasprintf("name=%s,owner=helm", name);
	int rc = chart_storage_list(cfg, cfg->namespace, sel, out, err);
	free(sel);
	if (rc < 0) {
		kc_err_prefix(err, "query: failed to query with labels: ");
		return -1;
	}
	/* no Secret at all: not found; Secrets that do not decode are skipped */
	if (!rc)
		return kc_err_set(err, "release: not found");
	return 0;
}

json_t *chart_storage_last(const struct chart_cfg *cfg, const char *name, struct kc_err *err)
{
	struct chart_rels h = { 0 };
	if (chart_storage_history(cfg, name, &h, err) < 0) {
		chart_rels_release(&h);
		return NULL;
	}
	if (!h.nr) {
		kc_err_set(err, "no revision for release \"%s\"", name);
		return NULL;
	}
	chart_rels_sort_by_revision(&h);
	json_t *r = json_incref(h.v[h.nr - 1]);
	chart_rels_release(&h);
	return r;
}

json_t *chart_storage_deployed(const struct chart_cfg *cfg, const char *name, struct kc_err *err)
{
	struct chart_rels h = { 0 };
	char *sel = xasprintf("name=%s,owner=helm,status=deployed", name);
	int rc = chart_storage_list(cfg, cfg->namespace, sel, &h, err);
	free(sel);
	json_t *r = NULL;
	if (rc < 0)
		kc_err_prefix(err, "query: failed to query with labels: ");
	else if (!h.nr)
		kc_err_set(err, "\"%s\" has no deployed releases", name);
	else {
		chart_rels_sort_by_revision(&h);
		r = json_incref(h.v[h.nr - 1]);
	}
	chart_rels_release(&h);
	return r;
}

json_t *chart_storage_get(const struct chart_cfg *cfg, const char *name, int version,
			  struct kc_err *err)
{
	char *key = xasprintf("sh.helm.release.v1.%s.v%d", name, version);
	char *path = secrets_path(cfg->namespace, key);
	json_t *s = chart_api_json(cfg, "GET", path, NULL, NULL, err);
	json_t *rel = NULL;
	if (!s) {
		if (err->http_code == 404)
			kc_err_set(err, "release: not found");
		else
			kc_err_prefix(err, "get: failed to get \"%s\": ", key);
	} else {
		rel = decode_secret(s, err);
		if (!rel)
			kc_err_prefix(err, "get: failed to decode data \"%s\": ", key);
		else {
			/* Get filters the system labels */
			json_t *labels = json_object(), *all = json_object_get(json_object_get(s, "metadata"), "labels");
			const char *k;
			json_t *v;
			json_object_foreach(all, k, v) {
				int sys = 0;
				for (size_t i = 0; i < sizeof(system_labels) / sizeof(*system_labels); i++)
					sys |= !strcmp(k, system_labels[i]);
				if (!sys)
					json_object_set(labels, k, v);
			}
			json_object_set_new(rel, "__labels", labels);
		}
	}
	json_decref(s);
	free(path);
	free(key);
	return rel;
}

/* Storage.removeLeastRecent: keep at most max revisions, never the deployed one */
static int remove_least_recent(const struct chart_cfg *cfg, const char *name, int max, struct kc_err *err)
{
	struct chart_rels h = { 0 };
	struct kc_err herr = KC_ERR_INIT;
	if (chart_storage_history(cfg, name, &h, &herr) < 0) {
		int nf = !strcmp(herr.msg.buf, "release: not found");
		if (!nf)
			kc_err_move(err, &herr);
		kc_err_release(&herr);
		chart_rels_release(&h);
		return nf ? 0 : -1;
	}
	kc_err_release(&herr);
	int ret = 0;
	if ((int)h.nr > max) {
		chart_rels_sort_by_revision(&h);
		json_t *dep = chart_storage_deployed(cfg, name, &herr);
		kc_err_release(&herr);
		int depv = dep ? chart_rel_version(dep) : -1;
		json_decref(dep);
		size_t todel = 0, nerr = 0;
		struct strbuf first = STRBUF_INIT;
		for (size_t i = 0; i < h.nr; i++) {
			if (h.nr - todel == (size_t)max)
				break;
			int v = chart_rel_version(h.v[i]);
			if (v == depv)
				continue;
			todel++;
			struct kc_err derr = KC_ERR_INIT;
			if (chart_storage_delete(cfg, name, v, &derr) < 0) {
				chart_log(cfg, "error pruning sh.helm.release.v1.%s.v%d from release history: %s", name, v,
					  derr.msg.buf);
				if (!nerr++)
					strbuf_addstr(&first, derr.msg.buf);
			}
			kc_err_release(&derr);
		}
		chart_log(cfg, "Pruned %zu record(s) from %s with %zu error(s)", todel, name, nerr);
		if (nerr == 1)
			ret = kc_err_set(err, "%s", first.buf);
		else if (nerr > 1)
			ret = kc_err_set(err, "encountered %zu deletion errors. First is: %s", nerr, first.buf);
		strbuf_release(&first);
	}
	chart_rels_release(&h);
	return ret;
}

int chart_storage_create(const struct chart_cfg *cfg, json_t *rel, json_t *custom_labels,
			 struct kc_err *err)
{
	if (cfg->max_history > 0 && remove_least_recent(cfg, chart_rel_name(rel), cfg->max_history - 1, err) < 0)
		return -1;
	chart_log(cfg, "creating release \"sh.helm.release.v1.%s.v%d\"", chart_rel_name(rel),
		  chart_rel_version(rel));
	json_t *labels = custom_labels ? custom_labels : json_object_get(rel, "__labels");
	json_t *s = chart_storage_secret(rel, cfg->namespace, labels, "createdAt", (long long)time(NULL));
	char *path = secrets_path(cfg->namespace, NULL);
	json_t *got = chart_api_json(cfg, "POST", path, NULL, s, err);
	free(path);
	if (!got) {
		if (err->http_code == 409)
			kc_err_set(err, "release: already exists");
		else
			kc_err_prefix(err, "create: failed to create: ");
		json_decref(s);
		return -1;
	}
	/* what Update will write back: the labels given (Helm keeps rls.Labels) */
	json_object_set_new(rel, "__labels", labels ? json_deep_copy(labels) : json_object());
	json_decref(got);
	json_decref(s);
	return 0;
}

int chart_storage_update(const struct chart_cfg *cfg, json_t *rel, struct kc_err *err)
{
	chart_log(cfg, "updating release \"sh.helm.release.v1.%s.v%d\"", chart_rel_name(rel),
		  chart_rel_version(rel));
	json_t *s = chart_storage_secret(rel, cfg->namespace, json_object_get(rel, "__labels"),
					 "modifiedAt", (long long)time(NULL));
	const char *name = chart_jstr(json_object_get(s, "metadata"), "name");
	char *path = secrets_path(cfg->namespace, name);
	json_t *got = chart_api_json(cfg, "PUT", path, NULL, s, err);
	free(path);
	json_decref(s);
	if (!got) {
		kc_err_prefix(err, "update: failed to update: ");
		return -1;
	}
	json_decref(got);
	return 0;
}

int chart_storage_delete(const struct chart_cfg *cfg, const char *name, int version,
			 struct kc_err *err)
{
	char *key = xasprintf("sh.helm.release.v1.%s.v%d", name, version);
	char *path = secrets_path(cfg->namespace, key);
	chart_log(cfg, "deleting release \"%s\"", key);
	json_t *got = chart_api_json(cfg, "DELETE", path, NULL, NULL, err);
	int rc = got ? 0 : -1;
	if (!got && err->http_code == 404)
		kc_err_set(err, "release: not found");
	json_decref(got);
	free(path);
	free(key);
	return rc;
}
