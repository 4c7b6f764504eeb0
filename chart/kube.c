/* The kube client Helm's actions use (helm.sh/helm/v3/pkg/kube client.go,
 * wait.go, resource_policy.go): build objects from a release manifest, create,
 * update (create / three-way patch / delete what left the release), delete,
 * wait. Over kc's client/ (discovery and REST mapping from client.h). */
#include "chart/action.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart/action_internal.h"
#include "kube/rollout.h"
#include "kube/smp.h"
#include "util/json.h"
#include "util/yaml.h"

/* ---------------------------------------------------------------- helpers */

const char *chart_jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

void chart_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long long chart_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void chart_query_escape(struct strbuf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~')
			strbuf_addch(out, (char)c);
		else if (c == ' ')
			strbuf_addch(out, '+');
		else
			strbuf_addf(out, "%%%02X", c);
	}
}

void chart_cfg_init(struct chart_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->namespace = "default";
	cfg->field_manager = "helm";
}

void chart_log(const struct chart_cfg *cfg, const char *fmt, ...)
{
	if (!cfg || !cfg->debug)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int chart_api(const struct chart_cfg *cfg, const char *method, const char *path,
	      const char *content_type, const char *body, size_t body_len,
	      struct kc_response *resp, struct kc_err *err)
{
	struct kc_request req = KC_REQUEST_INIT;
	req.method = method;
	req.path = path;
	req.content_type = content_type;
	req.body = body;
	req.body_len = body_len;
	if (kc_client_do(cfg->client, &req, resp, err) < 0) {
		if (resp->cause) {
			const struct kc_rest_config *rc = kc_client_config(cfg->client);
			const char *verb = !strcmp(method, "GET") ? "Get" : !strcmp(method, "POST") ? "Post" :
					   !strcmp(method, "PUT") ? "Put" : !strcmp(method, "PATCH") ? "Patch" :
					   "Delete";
			kc_err_set(err, "%s \"%s%s\": %s", verb, rc->host, path, resp->cause);
		}
		return -1;
	}
	if (resp->code >= 200 && resp->code <= 299)
		return 0;
	char *reason = NULL, *message = NULL;
	long code = 0;
	if (kc_status_decode(resp->body.buf, resp->body.len, &reason, &message, &code) == 0 && message &&
	    *message)
		kc_err_set(err, "%s", message);
	else
		kc_err_set(err, "the server responded with the status code %ld but did not return more information",
			   resp->code);
	if (reason)
		snprintf(err->reason, sizeof(err->reason), "%s", reason);
	err->http_code = (int)resp->code;
	free(reason);
	free(message);
	return -1;
}

json_t *chart_api_json(const struct chart_cfg *cfg, const char *method, const char *path,
		       const char *content_type, json_t *body, struct kc_err *err)
{
	struct strbuf b = STRBUF_INIT;
	struct kc_response resp;
	if (body)
		json_emit(&b, body, JSON_OUT_COMPACT);
	int rc = chart_api(cfg, method, path, content_type, body ? b.buf : NULL, b.len, &resp, err);
	strbuf_release(&b);
	json_t *out = NULL;
	if (rc == 0) {
		out = resp.body.len ? json_parse(resp.body.buf, resp.body.len, err) : json_object();
	}
	kc_response_release(&resp);
	return out;
}

/* ---------------------------------------------------------------- build */

void chart_reslist_release(struct chart_reslist *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		json_decref(l->v[i].obj);
		free(l->v[i].ns);
		free(l->v[i].name);
		free(l->v[i].kind);
		free(l->v[i].gv);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static struct chart_res *res_push(struct chart_reslist *l)
{
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	struct chart_res *r = &l->v[l->nr++];
	memset(r, 0, sizeof(*r));
	return r;
}

void chart_reslist_add_copy(struct chart_reslist *l, const struct chart_res *src)
{
	struct chart_res *r = res_push(l);
	r->obj = json_deep_copy(src->obj);
	r->api = src->api;
	r->ns = xstrdup(src->ns);
	r->name = xstrdup(src->name);
	r->kind = xstrdup(src->kind);
	r->gv = xstrdup(src->gv);
}

int chart_kube_build(const struct chart_cfg *cfg, const char *manifest, struct chart_reslist *out,
		     struct kc_err *err)
{
	struct yaml_pos pos = { 0, 0 };
	json_t *docs = yaml_load_stream(manifest, strlen(manifest), NULL, &pos, err);
	if (!docs) {
		kc_err_prefix(err, "error converting YAML to JSON: ");
		return -1;
	}
	const struct kc_discovery *d = NULL;
	int ret = 0;
	for (size_t i = 0; i < json_array_size(docs); i++) {
		json_t *doc = json_array_get(docs, i);
		if (!json_is_object(doc))
			continue;
		const char *gv = chart_jstr(doc, "apiVersion"), *kind = chart_jstr(doc, "kind");
		json_t *md = json_object_get(doc, "metadata");
		const char *name = chart_jstr(md, "name"), *ns = chart_jstr(md, "namespace");
		if (!*kind) {
			kc_err_set(err, "error validating data: kind not set");
			ret = -1;
			break;
		}
		if (!d && !(d = kc_discovery_get(cfg->client, 0, err))) {
			ret = -1;
			break;
		}
		char group[256] = "";
		const char *version = gv, *slash = strchr(gv, '/');
		if (slash) {
			snprintf(group, sizeof(group), "%.*s", (int)(slash - gv), gv);
			version = slash + 1;
		}
		const struct kc_api_resource *api = kc_mapper_kind(d, group, version, kind);
		if (!api) {
			/* kubectl refreshes discovery on a miss */
			d = kc_discovery_get(cfg->client, 1, err);
			api = d ? kc_mapper_kind(d, group, version, kind) : NULL;
		}
		if (!api) {
			kc_err_set(err,
				   "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"\": no matches for kind \"%s\" in version \"%s\"\nensure CRDs are installed first",
				   name, ns, kind, gv);
			ret = -1;
			break;
		}
		struct chart_res *r = res_push(out);
		r->obj = json_incref(doc);
		r->api = api;
		if (api->namespaced) {
			if (!*ns) {
				ns = cfg->namespace;
				if (!md) {
					md = json_object();
					json_object_set_new(doc, "metadata", md);
				}
				json_object_set_new(md, "namespace", json_string(ns));
				ns = chart_jstr(md, "namespace");
			}
		} else {
			ns = "";
		}
		r->ns = xstrdup(ns);
		r->name = xstrdup(name);
		r->kind = xstrdup(kind);
		r->gv = xstrdup(gv);
	}
	json_decref(docs);
	return ret;
}

static json_t *obj_map(json_t *obj, const char *key)
{
	json_t *md = json_object_get(obj, "metadata");
	if (!json_is_object(md)) {
		md = json_object();
		json_object_set_new(obj, "metadata", md);
	}
	json_t *m = json_object_get(md, key);
	if (!json_is_object(m)) {
		m = json_object();
		json_object_set_new(md, key, m);
	}
	return m;
}

void chart_kube_set_owner(struct chart_reslist *l, const char *rel_name, const char *rel_ns)
{
	for (size_t i = 0; i < l->nr; i++) {
		json_object_set_new(obj_map(l->v[i].obj, "labels"), "app.kubernetes.io/managed-by",
				    json_string("Helm"));
		json_t *a = obj_map(l->v[i].obj, "annotations");
		json_object_set_new(a, "meta.helm.sh/release-name", json_string(rel_name));
		json_object_set_new(a, "meta.helm.sh/release-namespace", json_string(rel_ns));
	}
}

static char *res_path(const struct chart_res *r, int with_name)
{
	return kc_resource_path(r->api, r->api->namespaced ? r->ns : NULL, with_name ? r->name : NULL);
}

json_t *chart_kube_get(const struct chart_cfg *cfg, const struct chart_res *r, struct kc_err *err)
{
	char *p = res_path(r, 1);
	json_t *o = chart_api_json(cfg, "GET", p, NULL, NULL, err);
	free(p);
	return o;
}

static int create_one(const struct chart_cfg *cfg, const struct chart_res *r, struct kc_err *err)
{
	char *base = res_path(r, 0);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s?fieldManager=", base);
	chart_query_escape(&p, cfg->field_manager);
	free(base);
	json_t *got = chart_api_json(cfg, "POST", p.buf, NULL, r->obj, err);
	strbuf_release(&p);
	if (!got)
		return -1;
	if (cfg->events)
		strvec_pushf(cfg->events, "created %s/%s", r->kind, r->name);
	json_decref(got);
	return 0;
}

int chart_kube_create(const struct chart_cfg *cfg, const struct chart_reslist *l, struct kc_err *err)
{
	chart_log(cfg, "creating %zu resource(s)", l->nr);
	for (size_t i = 0; i < l->nr; i++)
		if (create_one(cfg, &l->v[i], err) < 0)
			return -1;
	return 0;
}

static void resource_string(struct strbuf *sb, const struct chart_res *r)
{
	strbuf_addf(sb, "%s \"%s\" in namespace \"%s\"", r->kind, r->name, r->ns);
}

static void require_value(struct strvec *errs, const char *what, json_t *m, const char *k, const char *v)
{
	json_t *a = json_object_get(m, k);
	if (!a)
		strvec_pushf(errs, "%s validation error: missing key \"%s\": must be set to \"%s\"", what, k, v);
	else if (!json_is_string(a) || strcmp(json_string_value(a), v))
		strvec_pushf(errs, "%s validation error: key \"%s\" must equal \"%s\": current value is \"%s\"",
			     what, k, v, json_is_string(a) ? json_string_value(a) : "");
}

int chart_kube_conflicts(const struct chart_cfg *cfg, const struct chart_reslist *l,
			 const char *rel_name, const char *rel_ns, struct chart_reslist *adopt,
			 struct kc_err *err)
{
	for (size_t i = 0; i < l->nr; i++) {
		struct kc_err gerr = KC_ERR_INIT;
		json_t *live = chart_kube_get(cfg, &l->v[i], &gerr);
		if (!live) {
			int nf = gerr.http_code == 404;
			if (!nf) {
				struct strbuf rs = STRBUF_INIT;
				resource_string(&rs, &l->v[i]);
				kc_err_set(err, "could not get information about the resource %s: %s", rs.buf,
					   gerr.msg.buf);
				strbuf_release(&rs);
			}
			kc_err_release(&gerr);
			if (nf)
				continue;
			return -1;
		}
		kc_err_release(&gerr);
		json_t *md = json_object_get(live, "metadata");
		struct strvec errs = STRVEC_INIT;
		require_value(&errs, "label", json_object_get(md, "labels"), "app.kubernetes.io/managed-by", "Helm");
		require_value(&errs, "annotation", json_object_get(md, "annotations"), "meta.helm.sh/release-name",
			      rel_name);
		require_value(&errs, "annotation", json_object_get(md, "annotations"),
			      "meta.helm.sh/release-namespace", rel_ns);
		json_decref(live);
		if (errs.nr) {
			struct strbuf m = STRBUF_INIT;
			resource_string(&m, &l->v[i]);
			strbuf_addstr(&m, " exists and cannot be imported into the current release: invalid ownership metadata");
			for (size_t k = 0; k < errs.nr; k++)
				strbuf_addf(&m, "; %s", errs.v[k]);
			kc_err_set(err, "%s", m.buf);
			strbuf_release(&m);
			strvec_clear(&errs);
			return -1;
		}
		strvec_clear(&errs);
		if (adopt)
			chart_reslist_add_copy(adopt, &l->v[i]);
	}
	return 0;
}

static const struct chart_res *find_res(const struct chart_reslist *l, const struct chart_res *r)
{
	for (size_t i = 0; i < l->nr; i++) {
		const struct chart_res *o = &l->v[i];
		if (!strcmp(o->name, r->name) && !strcmp(o->ns, r->ns) && !strcmp(o->kind, r->kind) &&
		    !strcmp(o->api->group, r->api->group))
			return o;
	}
	return NULL;
}

static int update_one(const struct chart_cfg *cfg, const struct chart_res *t, json_t *orig, json_t *live,
		      int force, struct kc_err *err)
{
	char *p = res_path(t, 1);
	struct strbuf q = STRBUF_INIT;
	strbuf_addf(&q, "%s?fieldManager=", p);
	chart_query_escape(&q, cfg->field_manager);
	free(p);
	int ret = 0;
	if (force) {
		json_t *got = chart_api_json(cfg, "PUT", q.buf, NULL, t->obj, err);
		if (!got) {
			kc_err_prefix(err, "failed to replace object: ");
			ret = -1;
		}
		json_decref(got);
	} else {
		/* createPatch: built-in kinds get a three-way strategic merge patch
		 * (overwrite), others a two-way JSON merge patch */
		int known = smp_known_kind(t->api->group, t->kind);
		struct kc_err perr = KC_ERR_INIT;
		json_t *patch = known ? smp_create_three_way(orig, t->obj, live, t->api->group, t->kind, 1, &perr) :
					jmp_create_two_way(orig, t->obj, &perr);
		if (!patch) {
			kc_err_set(err, "failed to create patch: %s", perr.msg.buf);
			kc_err_release(&perr);
			strbuf_release(&q);
			return -1;
		}
		kc_err_release(&perr);
		const char *ctype = known ? "application/strategic-merge-patch+json" : "application/merge-patch+json";
		if (json_object_size(patch)) {
			chart_log(cfg, "Patch %s \"%s\" in namespace %s", t->kind, t->name, t->ns);
			json_t *got = chart_api_json(cfg, "PATCH", q.buf, ctype, patch, err);
			if (!got) {
				kc_err_prefix(err, "cannot patch \"%s\" with kind %s: ", t->name, t->kind);
				ret = -1;
			} else if (cfg->events) {
				strvec_pushf(cfg->events, "patched %s/%s", t->kind, t->name);
			}
			json_decref(got);
		} else {
			chart_log(cfg, "Looks like there are no changes for %s \"%s\"", t->kind, t->name);
		}
		json_decref(patch);
	}
	strbuf_release(&q);
	return ret;
}

static int delete_one(const struct chart_cfg *cfg, const struct chart_res *r, const char *propagation,
		      struct kc_err *err)
{
	char *p = res_path(r, 1);
	json_t *body = json_pack("{s:s, s:s, s:s}", "kind", "DeleteOptions", "apiVersion", "v1",
				 "propagationPolicy", propagation ? propagation : "Background");
	json_t *got = chart_api_json(cfg, "DELETE", p, NULL, body, err);
	free(p);
	json_decref(body);
	if (!got)
		return -1;
	if (cfg->events)
		strvec_pushf(cfg->events, "deleted %s/%s", r->kind, r->name);
	json_decref(got);
	return 0;
}

int chart_kube_update(const struct chart_cfg *cfg, const struct chart_reslist *original,
		      const struct chart_reslist *target, int force, struct chart_reslist *created,
		      struct kc_err *err)
{
	struct strvec uerrs = STRVEC_INIT;
	chart_log(cfg, "checking %zu resources for changes", target->nr);
	for (size_t i = 0; i < target->nr; i++) {
		const struct chart_res *t = &target->v[i];
		struct kc_err gerr = KC_ERR_INIT;
		json_t *live = chart_kube_get(cfg, t, &gerr);
		if (!live) {
			if (gerr.http_code != 404) {
				kc_err_set(err, "could not get information about the resource: %s", gerr.msg.buf);
				kc_err_release(&gerr);
				strvec_clear(&uerrs);
				return -1;
			}
			kc_err_release(&gerr);
			if (created)
				chart_reslist_add_copy(created, t);
			if (create_one(cfg, t, err) < 0) {
				kc_err_prefix(err, "failed to create resource: ");
				strvec_clear(&uerrs);
				return -1;
			}
			chart_log(cfg, "Created a new %s called \"%s\" in %s\n", t->kind, t->name, t->ns);
			continue;
		}
		kc_err_release(&gerr);
		const struct chart_res *o = find_res(original, t);
		if (!o) {
			json_decref(live);
			kc_err_set(err, "no %s with the name \"%s\" found", t->kind, t->name);
			strvec_clear(&uerrs);
			return -1;
		}
		struct kc_err uerr = KC_ERR_INIT;
		if (update_one(cfg, t, o->obj, live, force, &uerr) < 0)
			strvec_push(&uerrs, uerr.msg.buf);
		kc_err_release(&uerr);
		json_decref(live);
	}
	if (uerrs.nr) {
		struct strbuf m = STRBUF_INIT;
		for (size_t i = 0; i < uerrs.nr; i++)
			strbuf_addf(&m, "%s%s", i ? " && " : "", uerrs.v[i]);
		kc_err_set(err, "%s", m.buf);
		strbuf_release(&m);
		strvec_clear(&uerrs);
		return -1;
	}
	strvec_clear(&uerrs);
	/* original.Difference(target): deleted unless kept */
	for (size_t i = 0; i < original->nr; i++) {
		const struct chart_res *o = &original->v[i];
		if (find_res(target, o))
			continue;
		chart_log(cfg, "Deleting %s \"%s\" in namespace %s...", o->kind, o->name, o->ns);
		struct kc_err gerr = KC_ERR_INIT;
		json_t *live = chart_kube_get(cfg, o, &gerr);
		if (!live) {
			chart_log(cfg, "Unable to get obj \"%s\", err: %s", o->name, gerr.msg.buf);
			kc_err_release(&gerr);
			continue;
		}
		json_t *ann = json_object_get(json_object_get(live, "metadata"), "annotations");
		int keep = !strcmp(chart_jstr(ann, "helm.sh/resource-policy"), "keep");
		json_decref(live);
		if (keep) {
			chart_log(cfg, "Skipping delete of \"%s\" due to annotation [helm.sh/resource-policy=keep]",
				  o->name);
			kc_err_release(&gerr);
			continue;
		}
		if (delete_one(cfg, o, "Background", &gerr) < 0)
			chart_log(cfg, "Failed to delete \"%s\", err: %s", o->name, gerr.msg.buf);
		kc_err_release(&gerr);
	}
	return 0;
}

int chart_kube_delete(const struct chart_cfg *cfg, const struct chart_reslist *l,
		      const char *propagation, struct kc_err *err)
{
	struct strbuf errs = STRBUF_INIT;
	for (size_t i = 0; i < l->nr; i++) {
		struct kc_err derr = KC_ERR_INIT;
		if (delete_one(cfg, &l->v[i], propagation, &derr) < 0 && derr.http_code != 404) {
			strbuf_addf(&errs, "%s%s", errs.len ? "; " : "", derr.msg.buf);
		} else if (derr.http_code == 404) {
			chart_log(cfg, "Ignoring delete failure for \"%s\" %s: %s", l->v[i].name, l->v[i].kind,
				  derr.msg.buf);
		}
		kc_err_release(&derr);
	}
	int ret = errs.len ? kc_err_set(err, "%s", errs.buf) : 0;
	strbuf_release(&errs);
	return ret;
}

/* ---------------------------------------------------------------- waiting */

static long long timeout_ms(const struct chart_cfg *cfg)
{
	return cfg->timeout_ms > 0 ? cfg->timeout_ms : 300000;
}

static int cond_true(json_t *obj, const char *type)
{
	json_t *conds = json_object_get(json_object_get(obj, "status"), "conditions");
	for (size_t i = 0; i < json_array_size(conds); i++) {
		json_t *c = json_array_get(conds, i);
		if (!strcmp(chart_jstr(c, "type"), type) && !strcmp(chart_jstr(c, "status"), "True"))
			return 1;
	}
	return 0;
}

static long long jint(json_t *o, const char *k, long long dflt)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? json_integer_value(v) : json_is_real(v) ? (long long)json_real_value(v) : dflt;
}

/* WatchUntilReady for hooks: 1 done, 0 not yet, -1 failed (err). */
static int hook_ready(const struct chart_res *r, json_t *live, struct kc_err *err)
{
	json_t *st = json_object_get(live, "status");
	if (!strcmp(r->kind, "Job")) {
		if (cond_true(live, "Complete"))
			return 1;
		if (cond_true(live, "Failed")) {
			json_t *conds = json_object_get(st, "conditions");
			const char *reason = "";
			for (size_t i = 0; i < json_array_size(conds); i++)
				if (!strcmp(chart_jstr(json_array_get(conds, i), "type"), "Failed"))
					reason = chart_jstr(json_array_get(conds, i), "reason");
			kc_err_set(err, "job %s failed: %s", r->name, reason);
			return -1;
		}
		return 0;
	}
	if (!strcmp(r->kind, "Pod")) {
		const char *ph = chart_jstr(st, "phase");
		if (!strcmp(ph, "Succeeded"))
			return 1;
		if (!strcmp(ph, "Failed")) {
			kc_err_set(err, "pod %s failed", r->name);
			return -1;
		}
		return 0;
	}
	return 1;
}

/* ------------------------------------------- --wait: Helm's ReadyChecker */

static const char *jmeta(json_t *o, const char *k)
{
	return chart_jstr(json_object_get(o, "metadata"), k);
}

/* intstr.GetScaledValueFromIntOrPercent; -1 when v is a string without '%' */
static long long scaled_value(json_t *v, long long total, int round_up)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *s = json_string_value(v);
	char *end;
	if (!s || !*s || s[strlen(s) - 1] != '%')
		return -1;
	long long pct = strtoll(s, &end, 10);
	if (*end != '%' || end == s)
		return -1;
	double x = (double)pct * (double)total / 100.0;
	long long f = (long long)x;
	if (round_up && (double)f < x)
		f++;
	return f;
}

/* deploymentutil.MaxUnavailable */
static long long max_unavailable(json_t *dep)
{
	json_t *spec = json_object_get(dep, "spec");
	long long replicas = jint(spec, "replicas", 1);
	json_t *strat = json_object_get(spec, "strategy");
	if (strcmp(chart_jstr(strat, "type"), "RollingUpdate") || replicas == 0)
		return 0;
	json_t *ru = json_object_get(strat, "rollingUpdate");
	long long surge = scaled_value(json_object_get(ru, "maxSurge"), replicas, 1);
	long long unavail = scaled_value(json_object_get(ru, "maxUnavailable"), replicas, 0);
	if (surge < 0 || unavail < 0)
		return 0; /* ResolveFenceposts' error: "caught by validation" */
	if (surge == 0 && unavail == 0)
		unavail = 1;
	return unavail > replicas ? replicas : unavail;
}

/* replicaSetReady / replicationControllerReady */
static int generation_observed(const struct chart_cfg *cfg, json_t *o, const char *kind)
{
	long long og = jint(json_object_get(o, "status"), "observedGeneration", 0);
	long long g = jint(json_object_get(o, "metadata"), "generation", 0);
	if (og == g)
		return 1;
	chart_log(cfg, "%s is not ready: %s/%s. observedGeneration (%lld) does not match spec generation (%lld).",
		  kind, jmeta(o, "namespace"), jmeta(o, "name"), og, g);
	return 0;
}

static int pod_ready(const struct chart_cfg *cfg, json_t *pod)
{
	if (cond_true(pod, "Ready"))
		return 1;
	chart_log(cfg, "Pod is not ready: %s/%s", jmeta(pod, "namespace"), jmeta(pod, "name"));
	return 0;
}

/* LIST in ns with a label selector: the items (new reference) or NULL + err */
static json_t *list_selected(const struct chart_cfg *cfg, const char *prefix, const char *ns,
			     const char *resource, const char *selector, struct kc_err *err)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/namespaces/%s/%s", prefix, ns, resource);
	if (*selector) {
		strbuf_addstr(&path, "?labelSelector=");
		chart_query_escape(&path, selector);
	}
	json_t *list = chart_api_json(cfg, "GET", path.buf, NULL, NULL, err);
	strbuf_release(&path);
	if (!list)
		return NULL;
	json_t *items = json_incref(json_object_get(list, "items"));
	json_decref(list);
	return items ? items : json_array();
}

/* podsReadyForObject: every pod the object's selector picks is Ready */
static int pods_ready_for(const struct chart_cfg *cfg, json_t *o, int rc_kind, struct kc_err *err)
{
	json_t *sel = json_object_get(json_object_get(o, "spec"), "selector");
	struct strbuf s = STRBUF_INIT;
	if (rc_kind) {
		const char *k;
		json_t *v;
		json_t *sorted = json_object();
		json_object_foreach(sel, k, v)
			json_object_set(sorted, k, v);
		json_t *ls = json_pack("{s:O}", "matchLabels", sorted);
		json_decref(sorted);
		kc_label_selector_string(ls, &s, err);
		json_decref(ls);
	} else if (kc_label_selector_string(sel, &s, err) < 0) {
		strbuf_release(&s);
		return -1;
	}
	json_t *pods = list_selected(cfg, "/api/v1", jmeta(o, "namespace"), "pods", s.buf, err);
	strbuf_release(&s);
	if (!pods)
		return -1;
	int ok = 1;
	for (size_t i = 0; ok && i < json_array_size(pods); i++)
		ok = pod_ready(cfg, json_array_get(pods, i));
	json_decref(pods);
	return ok;
}

/* deploymentutil.GetNewReplicaSet: the oldest ReplicaSet the Deployment
 * controls whose template equals its own (ignoring pod-template-hash). */
static json_t *new_replica_set(const struct chart_cfg *cfg, json_t *dep, struct kc_err *err)
{
	struct strbuf s = STRBUF_INIT;
	if (kc_label_selector_string(json_object_get(json_object_get(dep, "spec"), "selector"), &s, err) < 0) {
		strbuf_release(&s);
		return NULL;
	}
	json_t *rss = list_selected(cfg, "/apis/apps/v1", jmeta(dep, "namespace"), "replicasets", s.buf, err);
	strbuf_release(&s);
	if (!rss)
		return NULL;
	json_t *tmpl = json_object_get(json_object_get(dep, "spec"), "template"), *best = NULL;
	const char *best_ts = NULL;
	for (size_t i = 0; i < json_array_size(rss); i++) {
		json_t *rs = json_array_get(rss, i);
		if (!kc_is_controlled_by(rs, dep) ||
		    !kc_template_equal_ignore_hash(json_object_get(json_object_get(rs, "spec"), "template"), tmpl))
			continue;
		const char *ts = jmeta(rs, "creationTimestamp");
		if (!best || strcmp(ts, best_ts) < 0 ||
		    (!strcmp(ts, best_ts) && strcmp(jmeta(rs, "name"), jmeta(best, "name")) < 0)) {
			best = rs;
			best_ts = ts;
		}
	}
	json_incref(best);
	json_decref(rss);
	return best;
}

static int deployment_ready(const struct chart_cfg *cfg, json_t *dep, struct kc_err *err)
{
	json_t *spec = json_object_get(dep, "spec");
	if (json_is_true(json_object_get(spec, "paused")))
		return 1; /* PausedAsReady(true) */
	struct kc_err e = KC_ERR_INIT;
	json_t *rs = new_replica_set(cfg, dep, &e);
	if (!rs) {
		int rc = e.msg.len ? -1 : 0;
		if (rc)
			kc_err_move(err, &e);
		kc_err_release(&e);
		return rc;
	}
	int ok = generation_observed(cfg, rs, "ReplicaSet");
	if (ok) {
		long long og = jint(json_object_get(dep, "status"), "observedGeneration", 0);
		long long g = jint(json_object_get(dep, "metadata"), "generation", 0);
		if (og != g) {
			chart_log(cfg, "Deployment is not ready: %s/%s. observedGeneration (%lld) does not match spec generation (%lld).",
				  jmeta(dep, "namespace"), jmeta(dep, "name"), og, g);
			ok = 0;
		}
	}
	if (ok) {
		long long expected = jint(spec, "replicas", 1) - max_unavailable(dep);
		long long ready = jint(json_object_get(rs, "status"), "readyReplicas", 0);
		if (ready < expected) {
			chart_log(cfg, "Deployment is not ready: %s/%s. %lld out of %lld expected pods are ready",
				  jmeta(dep, "namespace"), jmeta(dep, "name"), ready, expected);
			ok = 0;
		}
	}
	json_decref(rs);
	return ok;
}

static int daemonset_ready(const struct chart_cfg *cfg, json_t *ds)
{
	if (!generation_observed(cfg, ds, "DaemonSet"))
		return 0;
	json_t *spec = json_object_get(ds, "spec"), *st = json_object_get(ds, "status");
	json_t *us = json_object_get(spec, "updateStrategy");
	if (strcmp(chart_jstr(us, "type"), "RollingUpdate"))
		return 1;
	long long desired = jint(st, "desiredNumberScheduled", 0);
	long long updated = jint(st, "updatedNumberScheduled", 0);
	if (updated != desired) {
		chart_log(cfg, "DaemonSet is not ready: %s/%s. %lld out of %lld expected pods have been scheduled",
			  jmeta(ds, "namespace"), jmeta(ds, "name"), updated, desired);
		return 0;
	}
	long long mu = scaled_value(json_object_get(json_object_get(us, "rollingUpdate"), "maxUnavailable"),
				    desired, 1);
	if (mu < 0)
		mu = desired;
	long long expected = desired - mu, ready = jint(st, "numberReady", 0);
	if (ready < expected) {
		chart_log(cfg, "DaemonSet is not ready: %s/%s. %lld out of %lld expected pods are ready",
			  jmeta(ds, "namespace"), jmeta(ds, "name"), ready, expected);
		return 0;
	}
	return 1;
}

static int statefulset_ready(const struct chart_cfg *cfg, json_t *sts)
{
	if (!generation_observed(cfg, sts, "StatefulSet"))
		return 0;
	json_t *spec = json_object_get(sts, "spec"), *st = json_object_get(sts, "status");
	json_t *us = json_object_get(spec, "updateStrategy");
	const char *ns = jmeta(sts, "namespace"), *name = jmeta(sts, "name");
	if (strcmp(chart_jstr(us, "type"), "RollingUpdate")) {
		chart_log(cfg, "StatefulSet skipped ready check: %s/%s. updateStrategy is %s", ns, name,
			  chart_jstr(us, "type"));
		return 1;
	}
	long long partition = jint(json_object_get(us, "rollingUpdate"), "partition", 0);
	long long replicas = jint(spec, "replicas", 1);
	long long expected = replicas - partition;
	long long updated = jint(st, "updatedReplicas", 0), ready = jint(st, "readyReplicas", 0);
	if (updated < expected) {
		chart_log(cfg, "StatefulSet is not ready: %s/%s. %lld out of %lld expected pods have been scheduled",
			  ns, name, updated, expected);
		return 0;
	}
	if (ready != replicas) {
		chart_log(cfg, "StatefulSet is not ready: %s/%s. %lld out of %lld expected pods are ready", ns, name,
			  ready, replicas);
		return 0;
	}
	const char *cur = chart_jstr(st, "currentRevision"), *upd = chart_jstr(st, "updateRevision");
	if (partition == 0 && strcmp(cur, upd)) {
		chart_log(cfg, "StatefulSet is not ready: %s/%s. currentRevision %s does not yet match updateRevision %s",
			  ns, name, cur, upd);
		return 0;
	}
	chart_log(cfg, "StatefulSet is ready: %s/%s. %lld out of %lld expected pods are ready", ns, name, ready,
		  replicas);
	return 1;
}

static int service_ready(const struct chart_cfg *cfg, json_t *svc)
{
	json_t *spec = json_object_get(svc, "spec");
	const char *type = chart_jstr(spec, "type");
	if (!strcmp(type, "ExternalName"))
		return 1;
	if (!*chart_jstr(spec, "clusterIP")) {
		chart_log(cfg, "Service does not have cluster IP address: %s/%s", jmeta(svc, "namespace"),
			  jmeta(svc, "name"));
		return 0;
	}
	if (!strcmp(type, "LoadBalancer")) {
		json_t *ips = json_object_get(spec, "externalIPs");
		if (json_array_size(ips)) {
			struct strbuf l = STRBUF_INIT;
			for (size_t i = 0; i < json_array_size(ips); i++)
				strbuf_addf(&l, "%s%s", i ? " " : "", json_string_value(json_array_get(ips, i)));
			chart_log(cfg, "Service %s/%s has external IP addresses ([%s]), marking as ready",
				  jmeta(svc, "namespace"), jmeta(svc, "name"), l.buf);
			strbuf_release(&l);
			return 1;
		}
		json_t *lb = json_object_get(json_object_get(svc, "status"), "loadBalancer");
		if (!json_object_get(lb, "ingress")) {
			chart_log(cfg, "Service does not have load balancer ingress IP address: %s/%s",
				  jmeta(svc, "namespace"), jmeta(svc, "name"));
			return 0;
		}
	}
	return 1;
}

static int crd_ready(json_t *crd)
{
	json_t *conds = json_object_get(json_object_get(crd, "status"), "conditions");
	for (size_t i = 0; i < json_array_size(conds); i++) {
		json_t *c = json_array_get(conds, i);
		const char *t = chart_jstr(c, "type"), *st = chart_jstr(c, "status");
		if (!strcmp(t, "Established") && !strcmp(st, "True"))
			return 1;
		if (!strcmp(t, "NamesAccepted") && !strcmp(st, "False"))
			return 1;
	}
	return 0;
}

static int job_ready(const struct chart_cfg *cfg, json_t *job, struct kc_err *err)
{
	json_t *spec = json_object_get(job, "spec"), *st = json_object_get(job, "status");
	const char *ns = jmeta(job, "namespace"), *name = jmeta(job, "name");
	if (jint(st, "failed", 0) > jint(spec, "backoffLimit", 6)) {
		chart_log(cfg, "Job is failed: %s/%s", ns, name);
		return kc_err_set(err, "job is failed: %s/%s", ns, name);
	}
	json_t *comp = json_object_get(spec, "completions");
	if (json_is_integer(comp) && jint(st, "succeeded", 0) < json_integer_value(comp)) {
		chart_log(cfg, "Job is not completed: %s/%s", ns, name);
		return 0;
	}
	return 1;
}

/* ReadyChecker.IsReady (PausedAsReady; CheckJobs with --wait-for-jobs):
 * 1 ready, 0 not yet, -1 error (err; http_code set for API errors). Kinds
 * it does not know are ready. */
static int is_ready(const struct chart_cfg *cfg, const struct chart_res *r, int jobs, struct kc_err *err)
{
	static const char *const known[] = { "Pod", "Job", "Deployment", "PersistentVolumeClaim", "Service",
		"DaemonSet", "CustomResourceDefinition", "StatefulSet", "ReplicationController", "ReplicaSet" };
	size_t k = 0;
	while (k < sizeof(known) / sizeof(known[0]) && strcmp(r->kind, known[k]))
		k++;
	if (k == sizeof(known) / sizeof(known[0]) || (!strcmp(r->kind, "Job") && !jobs))
		return 1;
	json_t *o = chart_kube_get(cfg, r, err);
	if (!o)
		return -1;
	int rc;
	if (!strcmp(r->kind, "Pod"))
		rc = pod_ready(cfg, o);
	else if (!strcmp(r->kind, "Job"))
		rc = job_ready(cfg, o, err);
	else if (!strcmp(r->kind, "Deployment"))
		rc = deployment_ready(cfg, o, err);
	else if (!strcmp(r->kind, "PersistentVolumeClaim")) {
		rc = !strcmp(chart_jstr(json_object_get(o, "status"), "phase"), "Bound");
		if (!rc)
			chart_log(cfg, "PersistentVolumeClaim is not bound: %s/%s", jmeta(o, "namespace"), jmeta(o, "name"));
	} else if (!strcmp(r->kind, "Service"))
		rc = service_ready(cfg, o);
	else if (!strcmp(r->kind, "DaemonSet"))
		rc = daemonset_ready(cfg, o);
	else if (!strcmp(r->kind, "CustomResourceDefinition"))
		rc = crd_ready(o);
	else if (!strcmp(r->kind, "StatefulSet"))
		rc = statefulset_ready(cfg, o);
	else {
		rc = generation_observed(cfg, o, r->kind);
		if (rc > 0)
			rc = pods_ready_for(cfg, o, !strcmp(r->kind, "ReplicationController"), err);
	}
	json_decref(o);
	return rc;
}

/* time.Duration.String() of whole seconds */
static void go_seconds(struct strbuf *sb, long long s)
{
	if (s >= 3600)
		strbuf_addf(sb, "%lldh%lldm%llds", s / 3600, s / 60 % 60, s % 60);
	else if (s >= 60)
		strbuf_addf(sb, "%lldm%llds", s / 60, s % 60);
	else
		strbuf_addf(sb, "%llds", s);
}

/* waiter.isRetryableError */
static int retryable(const struct chart_cfg *cfg, const struct chart_res *r, const struct kc_err *e)
{
	/* resource.Info.String() */
	const char *g = r->api ? r->api->group : "", *v = r->api ? r->api->version : "";
	chart_log(cfg, "Error received when checking status of resource %s. Error: '%s', Resource details: "
		  "'Resource: \"%s/%s, Resource=%s\", GroupVersionKind: \"%s/%s, Kind=%s\"\nName: \"%s\", Namespace: \"%s\"'",
		  r->name, e->msg.buf, g, v, r->api ? r->api->name : "", g, v, r->kind, r->name, r->ns);
	if (e->http_code) {
		int c = e->http_code;
		int ok = c == 429 || (c >= 500 && c != 501);
		chart_log(cfg, "Status code received: %d. Retryable error? %s", c, ok ? "true" : "false");
		return ok;
	}
	chart_log(cfg, "Retryable error? true");
	return 1;
}

/* waiter.waitForResources: every 2 s (first at once) check the resources in
 * order; the first one not ready ends the round. Retryable errors are retried
 * up to 30 times per resource. */
static int wait_ready(const struct chart_cfg *cfg, const struct chart_reslist *l, int jobs, struct kc_err *err)
{
	long long start = chart_mono_ms(), deadline = start + timeout_ms(cfg);
	int *nerr = calloc(l->nr ? l->nr : 1, sizeof(*nerr));
	int rc = 0;
	for (;;) {
		int done = 1;
		for (size_t i = 0; i < l->nr; i++) {
			struct kc_err e = KC_ERR_INIT;
			int r = is_ready(cfg, &l->v[i], jobs, &e);
			if (r < 0 && retryable(cfg, &l->v[i], &e)) {
				if (++nerr[i] > 30) {
					chart_log(cfg, "Max number of retries reached");
					kc_err_move(err, &e);
					rc = -1;
				} else {
					chart_log(cfg, "Retrying as current number of retries %d less than max number of retries %d",
						  nerr[i] - 1, 30);
				}
				kc_err_release(&e);
				done = 0;
				break;
			}
			nerr[i] = 0;
			if (r < 0) {
				kc_err_move(err, &e);
				rc = -1;
			}
			kc_err_release(&e);
			if (r <= 0) {
				done = 0;
				break;
			}
		}
		if (rc < 0 || done)
			break;
		long long now = chart_mono_ms();
		if (now + 2000 > deadline) {
			if (now < deadline)
				chart_sleep_ms((long)(deadline - now));
			rc = kc_err_set(err, "context deadline exceeded");
			break;
		}
		chart_sleep_ms(2000);
	}
	free(nerr);
	struct strbuf d = STRBUF_INIT;
	go_seconds(&d, (chart_mono_ms() - start + 500) / 1000);
	if (rc < 0)
		chart_log(cfg, "wait for resources failed after %s: %s", d.buf, err->msg.buf);
	else
		chart_log(cfg, "wait for resources succeeded within %s", d.buf);
	strbuf_release(&d);
	return rc;
}

static int wait_all(const struct chart_cfg *cfg, const struct chart_reslist *l, struct kc_err *err)
{
	long long deadline = chart_mono_ms() + timeout_ms(cfg);
	for (size_t i = 0; i < l->nr; i++) {
		for (;;) {
			struct kc_err gerr = KC_ERR_INIT;
			json_t *live = chart_kube_get(cfg, &l->v[i], &gerr);
			if (!live) {
				kc_err_move(err, &gerr);
				return -1;
			}
			int rc = hook_ready(&l->v[i], live, err);
			json_decref(live);
			if (rc < 0)
				return -1;
			if (rc > 0)
				break;
			if (chart_mono_ms() >= deadline)
				return kc_err_set(err, "timed out waiting for the condition");
			chart_sleep_ms(100);
		}
	}
	return 0;
}

int chart_kube_watch_until_ready(const struct chart_cfg *cfg, const struct chart_reslist *l,
				 struct kc_err *err)
{
	return wait_all(cfg, l, err);
}

int chart_kube_wait(const struct chart_cfg *cfg, const struct chart_reslist *l, int jobs,
		    struct kc_err *err)
{
	chart_log(cfg, "beginning wait for %zu resources with timeout of %llds", l->nr,
		  timeout_ms(cfg) / 1000);
	return wait_ready(cfg, l, jobs, err);
}

int chart_kube_wait_for_delete(const struct chart_cfg *cfg, const struct chart_reslist *l,
			       struct kc_err *err)
{
	long long deadline = chart_mono_ms() + timeout_ms(cfg);
	for (size_t i = 0; i < l->nr; i++) {
		for (;;) {
			struct kc_err gerr = KC_ERR_INIT;
			json_t *live = chart_kube_get(cfg, &l->v[i], &gerr);
			int nf = !live && gerr.http_code == 404;
			kc_err_release(&gerr);
			json_decref(live);
			if (nf || !live)
				break;
			if (chart_mono_ms() >= deadline)
				return kc_err_set(err, "timed out waiting for the condition");
			chart_sleep_ms(50);
		}
	}
	return 0;
}
