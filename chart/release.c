/* Helm 3 release records (pkg/release + pkg/storage/driver): the JSON Helm
 * stores, base64(gzip(json)) encoding, and the Secret
 * sh.helm.release.v1.NAME.vN that holds it. */
#include "chart/chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart/action.h"
#include "chart/internal.h"
#include "util/base64.h"
#include "util/gzip.h"
#include "util/json.h"

/* Go maps marshal with sorted keys; struct-order objects are built by hand. */
static json_t *sorted_copy(json_t *v)
{
	if (json_is_object(v)) {
		size_t n;
		char **k = chart_sorted_keys(v, &n);
		json_t *o = json_object();
		for (size_t i = 0; i < n; i++)
			json_object_set_new(o, k[i], sorted_copy(json_object_get(v, k[i])));
		chart_free_keys(k, n);
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		for (size_t i = 0; i < json_array_size(v); i++)
			json_array_append_new(a, sorted_copy(json_array_get(v, i)));
		return a;
	}
	return json_incref(v);
}

/* helm.sh/helm/v3/pkg/time.Time: "" when zero, else RFC3339Nano (local zone). */
json_t *chart_helm_time(const struct chart_time *t)
{
	if (!t || (!t->sec && !t->nsec))
		return json_string("");
	time_t s = (time_t)t->sec;
	struct tm tm;
	localtime_r(&s, &tm);
	char buf[64], frac[16] = "", zone[48];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	if (t->nsec) {
		snprintf(frac, sizeof(frac), ".%09ld", t->nsec);
		size_t l = strlen(frac);
		while (l > 1 && frac[l - 1] == '0')
			frac[--l] = 0;
	}
	long off = tm.tm_gmtoff;
	if (!off)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 3600,
			 (labs(off) % 3600) / 60);
	char out[160];
	snprintf(out, sizeof(out), "%s%s%s", buf, frac, zone);
	return json_string(out);
}

static json_t *files_json(const struct chart_files *f)
{
	json_t *a = json_array();
	for (size_t i = 0; i < f->nr; i++) {
		json_t *o = json_object();
		struct strbuf b = STRBUF_INIT;
		base64_encode(&b, f->v[i].data, f->v[i].len);
		json_object_set_new(o, "name", json_string(f->v[i].name));
		json_object_set_new(o, "data", json_string(b.buf));
		strbuf_release(&b);
		json_array_append_new(a, o);
	}
	return a;
}

json_t *chart_chart_json(const struct chart *c)
{
	json_t *o = json_object();
	json_t *md = chart_meta_to_json(c->meta, -1);
	json_t *ann = json_object_get(md, "annotations");
	if (ann)
		json_object_set_new(md, "annotations", sorted_copy(ann));
	json_object_set_new(o, "metadata", md);
	json_object_set_new(o, "lock", c->lock ? sorted_copy(c->lock) : json_null());
	json_object_set_new(o, "templates", c->templates.nr ? files_json(&c->templates) : json_null());
	json_object_set_new(o, "values", c->values ? sorted_copy(c->values) : json_null());
	if (c->schema) {
		struct strbuf b = STRBUF_INIT;
		base64_encode(&b, c->schema, c->schema_len);
		json_object_set_new(o, "schema", json_string(b.buf));
		strbuf_release(&b);
	} else {
		json_object_set_new(o, "schema", json_null());
	}
	json_object_set_new(o, "files", c->files.nr ? files_json(&c->files) : json_null());
	return o;
}

json_t *chart_release_to_json(const struct chart_release *r)
{
	json_t *o = json_object();
	if (*r->name)
		json_object_set_new(o, "name", json_string(r->name));
	json_t *info = json_object();
	json_object_set_new(info, "first_deployed", chart_helm_time(&r->first_deployed));
	json_object_set_new(info, "last_deployed", chart_helm_time(&r->last_deployed));
	json_object_set_new(info, "deleted", chart_helm_time(&r->deleted));
	if (r->description && *r->description)
		json_object_set_new(info, "description", json_string(r->description));
	if (r->status && *r->status)
		json_object_set_new(info, "status", json_string(r->status));
	if (r->notes && *r->notes)
		json_object_set_new(info, "notes", json_string(r->notes));
	json_object_set_new(o, "info", info);
	if (r->chart)
		json_object_set_new(o, "chart", chart_chart_json(r->chart));
	if (r->config && json_object_size(r->config))
		json_object_set_new(o, "config", sorted_copy(r->config));
	if (r->manifest && *r->manifest)
		json_object_set_new(o, "manifest", json_string(r->manifest));
	if (r->hooks && r->hooks->nr) {
		json_t *hs = json_array();
		for (size_t i = 0; i < r->hooks->nr; i++) {
			const struct chart_manifest *h = &r->hooks->v[i];
			json_t *ho = json_object();
			if (*h->name)
				json_object_set_new(ho, "name", json_string(h->name));
			if (*h->kind)
				json_object_set_new(ho, "kind", json_string(h->kind));
			if (*h->path)
				json_object_set_new(ho, "path", json_string(h->path));
			if (*h->content)
				json_object_set_new(ho, "manifest", json_string(h->content));
			if (h->events.nr) {
				json_t *ev = json_array();
				for (size_t k = 0; k < h->events.nr; k++)
					json_array_append_new(ev, json_string(h->events.v[k]));
				json_object_set_new(ho, "events", ev);
			}
			json_t *lr = json_object();
			json_object_set_new(lr, "started_at", json_string(""));
			json_object_set_new(lr, "completed_at", json_string(""));
			json_object_set_new(lr, "phase", json_string(""));
			json_object_set_new(ho, "last_run", lr);
			if (h->weight)
				json_object_set_new(ho, "weight", json_integer(h->weight));
			if (h->delete_policies.nr) {
				json_t *dp = json_array();
				for (size_t k = 0; k < h->delete_policies.nr; k++)
					json_array_append_new(dp, json_string(h->delete_policies.v[k]));
				json_object_set_new(ho, "delete_policies", dp);
			}
			json_array_append_new(hs, ho);
		}
		json_object_set_new(o, "hooks", hs);
	}
	if (r->version)
		json_object_set_new(o, "version", json_integer(r->version));
	if (r->namespace && *r->namespace)
		json_object_set_new(o, "namespace", json_string(r->namespace));
	return o;
}

void chart_release_encode(const struct chart_release *r, struct strbuf *out)
{
	json_t *j = chart_release_to_json(r);
	struct strbuf js = STRBUF_INIT, gz = STRBUF_INIT;
	json_emit(&js, j, JSON_OUT_COMPACT);
	gzip_compress(js.buf, js.len, &gz, 9); /* gzip.BestCompression */
	base64_encode(out, gz.buf, gz.len);
	strbuf_release(&js);
	strbuf_release(&gz);
	json_decref(j);
}

json_t *chart_release_decode(const char *data, size_t len, struct kc_err *err)
{
	struct strbuf raw = STRBUF_INIT, plain = STRBUF_INIT;
	size_t bad;
	json_t *v = NULL;
	if (base64_decode(&raw, data, len, &bad) < 0) {
		kc_err_set(err, "illegal base64 data at input byte %zu", bad);
		goto out;
	}
	const char *b = raw.buf;
	size_t bl = raw.len;
	if (bl >= 3 && !memcmp(b, "\x1f\x8b\x08", 3)) {
		if (gzip_decompress(b, bl, &plain, 256u << 20, NULL, err) < 0)
			goto out;
		b = plain.buf;
		bl = plain.len;
	}
	v = json_parse(b, bl, err);
out:
	strbuf_release(&raw);
	strbuf_release(&plain);
	return v;
}

json_t *chart_release_secret(const struct chart_release *r, long long created_at)
{
	struct strbuf enc = STRBUF_INIT, b64 = STRBUF_INIT;
	chart_release_encode(r, &enc);
	/* Secret.data values are []byte: base64 once more on the wire */
	base64_encode(&b64, enc.buf, enc.len);
	json_t *s = json_object(), *md = json_object(), *labels = json_object(), *data = json_object();
	char *name = xasprintf("sh.helm.release.v1.%s.v%d", r->name, r->version);
	char num[32];
	json_object_set_new(s, "apiVersion", json_string("v1"));
	json_object_set_new(s, "kind", json_string("Secret"));
	json_object_set_new(md, "name", json_string(name));
	if (r->namespace && *r->namespace)
		json_object_set_new(md, "namespace", json_string(r->namespace));
	snprintf(num, sizeof(num), "%lld", created_at);
	json_object_set_new(labels, "createdAt", json_string(num));
	json_object_set_new(labels, "name", json_string(r->name));
	json_object_set_new(labels, "owner", json_string("helm"));
	json_object_set_new(labels, "status", json_string(r->status ? r->status : ""));
	snprintf(num, sizeof(num), "%d", r->version);
	json_object_set_new(labels, "version", json_string(num));
	json_object_set_new(md, "labels", labels);
	json_object_set_new(s, "metadata", md);
	json_object_set_new(data, "release", json_string(b64.buf));
	json_object_set_new(s, "data", data);
	json_object_set_new(s, "type", json_string("helm.sh/release.v1"));
	free(name);
	strbuf_release(&enc);
	strbuf_release(&b64);
	return s;
}
