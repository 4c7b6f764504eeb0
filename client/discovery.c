/* Discovery: which groups, versions and resources the server serves.
 *
 * Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) when the
 * server answers /api and /apis with it, else the legacy documents: /api
 * (APIVersions), /apis (APIGroupList), then every group-version's
 * APIResourceList, fetched in parallel. Results are cached on disk in kubectl's
 * layout (cache.c). */
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"
#include "util/gostr.h"

#define ACCEPT_AGGREGATED \
	"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," \
	"application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"
#define DISCOVERY_TIMEOUT_MS 32000

void kc_discovery_init(struct kc_discovery *d)
{
	memset(d, 0, sizeof *d);
	strvec_init(&d->failed_gvs);
	strvec_init(&d->failed_errs);
}

static void resource_release(struct kc_api_resource *r)
{
	free(r->group);
	free(r->version);
	free(r->name);
	free(r->singular);
	free(r->kind);
	strvec_clear(&r->verbs);
	strvec_clear(&r->short_names);
	strvec_clear(&r->categories);
}

void kc_discovery_release(struct kc_discovery *d)
{
	for (size_t i = 0; i < d->ngroups; i++) {
		free(d->groups[i].name);
		free(d->groups[i].preferred_version);
		strvec_clear(&d->groups[i].versions);
	}
	free(d->groups);
	for (size_t i = 0; i < d->nresources; i++)
		resource_release(&d->resources[i]);
	free(d->resources);
	strvec_clear(&d->failed_gvs);
	strvec_clear(&d->failed_errs);
	kc_discovery_init(d);
}

static struct kc_api_group *find_group(struct kc_discovery *d, const char *name)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (!strcmp(d->groups[i].name, name))
			return &d->groups[i];
	return NULL;
}

static struct kc_api_group *add_group(struct kc_discovery *d, const char *name)
{
	struct kc_api_group *g = find_group(d, name);
	if (g)
		return g;
	d->groups = xrealloc(d->groups, (d->ngroups + 1) * sizeof *d->groups);
	g = &d->groups[d->ngroups++];
	memset(g, 0, sizeof *g);
	g->name = xstrdup(name);
	strvec_init(&g->versions);
	return g;
}

static struct kc_api_resource *add_resource(struct kc_discovery *d)
{
	d->resources = xrealloc(d->resources, (d->nresources + 1) * sizeof *d->resources);
	struct kc_api_resource *r = &d->resources[d->nresources++];
	memset(r, 0, sizeof *r);
	strvec_init(&r->verbs);
	strvec_init(&r->short_names);
	strvec_init(&r->categories);
	return r;
}

static void push_strings(struct strvec *sv, const json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (json_is_string(v))
			strvec_push(sv, json_string_value(v));
}

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int kc_discovery_add_core_versions(struct kc_discovery *d, const json_t *doc, struct kc_err *err)
{
	json_t *vs = json_object_get(doc, "versions");
	if (!json_is_array(vs))
		return kc_err_set(err, "invalid APIVersions document from the server");
	struct kc_api_group *g = add_group(d, "");
	push_strings(&g->versions, vs);
	if (!g->preferred_version && g->versions.nr)
		g->preferred_version = xstrdup(g->versions.v[0]);
	return 0;
}

int kc_discovery_add_group_list(struct kc_discovery *d, const json_t *doc, struct kc_err *err)
{
	json_t *groups = json_object_get(doc, "groups");
	if (!json_is_array(groups))
		return kc_err_set(err, "invalid APIGroupList document from the server");
	size_t i;
	json_t *jg;
	json_array_foreach(groups, i, jg) {
		struct kc_api_group *g = add_group(d, sget(jg, "name"));
		size_t j;
		json_t *jv;
		json_array_foreach(json_object_get(jg, "versions"), j, jv) {
			const char *v = sget(jv, "version");
			if (*v && !strvec_contains(&g->versions, v))
				strvec_push(&g->versions, v);
		}
		const char *pv = sget(json_object_get(jg, "preferredVersion"), "version");
		if (!g->preferred_version && *pv)
			g->preferred_version = xstrdup(pv);
		if (!g->preferred_version && g->versions.nr)
			g->preferred_version = xstrdup(g->versions.v[0]);
	}
	return 0;
}

int kc_discovery_add_resource_list(struct kc_discovery *d, const char *group, const char *version,
				   const json_t *doc, struct kc_err *err)
{
	json_t *rs = json_object_get(doc, "resources");
	if (!json_is_object(doc))
		return kc_err_set(err, "invalid APIResourceList document for %s%s%s", group,
				  *group ? "/" : "", version);
	size_t i;
	json_t *jr;
	json_array_foreach(rs, i, jr) {
		struct kc_api_resource *r = add_resource(d);
		r->group = xstrdup(group);
		r->version = xstrdup(version);
		r->name = xstrdup(sget(jr, "name"));
		r->singular = xstrdup(sget(jr, "singularName"));
		r->kind = xstrdup(sget(jr, "kind"));
		r->namespaced = json_is_true(json_object_get(jr, "namespaced"));
		push_strings(&r->verbs, json_object_get(jr, "verbs"));
		push_strings(&r->short_names, json_object_get(jr, "shortNames"));
		push_strings(&r->categories, json_object_get(jr, "categories"));
	}
	return 0;
}

int kc_discovery_add_aggregated(struct kc_discovery *d, const json_t *doc, struct kc_err *err)
{
	json_t *items = json_object_get(doc, "items");
	if (!json_is_array(items))
		return kc_err_set(err, "invalid APIGroupDiscoveryList document from the server");
	size_t i;
	json_t *jg;
	json_array_foreach(items, i, jg) {
		const char *gname = sget(json_object_get(jg, "metadata"), "name");
		struct kc_api_group *g = add_group(d, gname);
		size_t j;
		json_t *jv;
		json_array_foreach(json_object_get(jg, "versions"), j, jv) {
			const char *ver = sget(jv, "version");
			if (!*ver)
				continue;
			if (!strvec_contains(&g->versions, ver))
				strvec_push(&g->versions, ver);
			if (!g->preferred_version)
				g->preferred_version = xstrdup(ver);
			if (!strcmp(sget(jv, "freshness"), "Stale")) {
				strvec_pushf(&d->failed_gvs, "%s%s%s", gname, *gname ? "/" : "", ver);
				strvec_push(&d->failed_errs, "the server is currently unable to handle the request");
				continue;
			}
			size_t k;
			json_t *jr;
			json_array_foreach(json_object_get(jv, "resources"), k, jr) {
				json_t *rk = json_object_get(jr, "responseKind");
				struct kc_api_resource *r = add_resource(d);
				r->group = xstrdup(gname);
				r->version = xstrdup(ver);
				r->name = xstrdup(sget(jr, "resource"));
				r->singular = xstrdup(sget(jr, "singularResource"));
				r->kind = xstrdup(sget(rk, "kind"));
				r->namespaced = !strcmp(sget(jr, "scope"), "Namespaced");
				push_strings(&r->verbs, json_object_get(jr, "verbs"));
				push_strings(&r->short_names, json_object_get(jr, "shortNames"));
				push_strings(&r->categories, json_object_get(jr, "categories"));
				size_t s;
				json_t *js;
				json_array_foreach(json_object_get(jr, "subresources"), s, js) {
					json_t *srk = json_object_get(js, "responseKind");
					struct kc_api_resource *sr = add_resource(d);
					sr->group = xstrdup(gname);
					sr->version = xstrdup(ver);
					sr->name = xasprintf("%s/%s", sget(jr, "resource"), sget(js, "subresource"));
					sr->singular = xstrdup("");
					sr->kind = xstrdup(sget(srk, "kind"));
					sr->namespaced = !strcmp(sget(jr, "scope"), "Namespaced");
					push_strings(&sr->verbs, json_object_get(js, "verbs"));
				}
			}
		}
	}
	return 0;
}

/* Mark each resource whose group-version is its group's preferred one. */
static void mark_preferred(struct kc_discovery *d)
{
	for (size_t i = 0; i < d->nresources; i++) {
		struct kc_api_resource *r = &d->resources[i];
		struct kc_api_group *g = find_group(d, r->group);
		r->preferred = g && g->preferred_version && !strcmp(g->preferred_version, r->version);
	}
}

static int is_aggregated(const struct kc_response *r)
{
	return r->content_type && strstr(r->content_type, "as=APIGroupDiscoveryList");
}

/* Fetch /api and /apis; aggregated documents give resources at once. Returns 1
 * if resources came with them (aggregated), 0 if not, -1 on error. */
static int fetch_groups(struct kc_client *c, struct kc_discovery *d, struct kc_err *err)
{
	static const char *const paths[] = { "/api", "/apis" };
	int aggregated = 1;
	for (int i = 0; i < 2; i++) {
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		req.path = paths[i];
		req.accept = ACCEPT_AGGREGATED;
		req.timeout_ms = DISCOVERY_TIMEOUT_MS;
		req.log_src = i == 0 ? "discovery_client.go:253" : "discovery_client.go:319";
		if (kc_client_do(c, &req, &resp, err) < 0) {
			client_discovery_failed(c, &resp, req.path);
			kc_response_release(&resp);
			return -1;
		}
		if (resp.code == 404 && i == 0) {
			/* no legacy API: fine */
			kc_response_release(&resp);
			continue;
		}
		if (resp.code < 200 || resp.code > 299) {
			struct kc_err_hint hint = { 0 };
			hint.discovery = 1;
			kc_status_error(&resp, &hint, err);
			client_discovery_status_failed(c, &resp);
			kc_response_release(&resp);
			return -1;
		}
		json_t *doc = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
		int rc;
		if (!doc) {
			rc = kc_err_set(err, "couldn't get current server API group list: invalid JSON");
		} else if (is_aggregated(&resp)) {
			rc = kc_discovery_add_aggregated(d, doc, err);
		} else {
			aggregated = 0;
			rc = i == 0 ? kc_discovery_add_core_versions(d, doc, err)
				    : kc_discovery_add_group_list(d, doc, err);
		}
		json_decref(doc);
		kc_response_release(&resp);
		if (rc < 0)
			return -1;
	}
	return aggregated;
}

/* Fetch every group-version's resources in parallel. */
static int fetch_resources(struct kc_client *c, struct kc_discovery *d, struct kc_err *err)
{
	size_t n = 0;
	for (size_t i = 0; i < d->ngroups; i++)
		n += d->groups[i].versions.nr;
	struct kc_request *reqs = xcalloc(n ? n : 1, sizeof *reqs);
	struct kc_response *resps = xcalloc(n ? n : 1, sizeof *resps);
	char **paths = xcalloc(n ? n : 1, sizeof *paths);
	const char **gs = xcalloc(n ? n : 1, sizeof *gs), **vs = xcalloc(n ? n : 1, sizeof *vs);
	size_t k = 0;
	for (size_t i = 0; i < d->ngroups; i++) {
		for (size_t j = 0; j < d->groups[i].versions.nr; j++) {
			const char *g = d->groups[i].name, *v = d->groups[i].versions.v[j];
			paths[k] = *g ? xasprintf("/apis/%s/%s", g, v) : xasprintf("/api/%s", v);
			struct kc_request r = KC_REQUEST_INIT;
			r.path = paths[k];
			r.timeout_ms = DISCOVERY_TIMEOUT_MS;
			r.log_src = "discovery_client.go:404";
			reqs[k] = r;
			gs[k] = g;
			vs[k] = v;
			k++;
		}
	}
	kc_client_do_all(c, reqs, resps, n);
	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		if (kc_err_isset(&resps[i].err)) {
			if (ret == 0) {
				client_discovery_failed(c, &resps[i], paths[i]);
				ret = -1;
			}
			continue;
		}
		if (resps[i].code < 200 || resps[i].code > 299) {
			struct strbuf body = STRBUF_INIT, msg = STRBUF_INIT;
			const char *reason;
			strbuf_add(&body, resps[i].body.buf, resps[i].body.len);
			strbuf_trim(&body);
			client_generic_response(resps[i].code, body.buf, &reason, &msg);
			strvec_pushf(&d->failed_gvs, "%s%s%s", gs[i], *gs[i] ? "/" : "", vs[i]);
			strvec_push_nodup(&d->failed_errs, strbuf_detach(&msg, NULL));
			strbuf_release(&body);
			continue;
		}
		json_t *doc = json_loadb(resps[i].body.buf, resps[i].body.len, 0, NULL);
		if (doc) {
			kc_discovery_add_resource_list(d, gs[i], vs[i], doc, NULL);
		} else {
			strvec_pushf(&d->failed_gvs, "%s%s%s", gs[i], *gs[i] ? "/" : "", vs[i]);
			strvec_push(&d->failed_errs, "invalid JSON in the server's answer");
		}
		json_decref(doc);
	}
	/* kubectl's memory cache logs each failure twice (fetch, then lookup) */
	static const char *const srcs[] = { "memcache.go:287", "memcache.go:121" };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < d->failed_gvs.nr; i++) {
			struct strbuf m = STRBUF_INIT, q = STRBUF_INIT;
			strbuf_addf(&m, "couldn't get resource list for %s: %s", d->failed_gvs.v[i],
				    d->failed_errs.v[i]);
			go_quote(&q, m.buf, m.len);
			kc_klog('E', srcs[k], "\"Unhandled Error\" err=%s", q.buf);
			strbuf_release(&m);
			strbuf_release(&q);
		}
	for (size_t i = 0; i < n; i++) {
		kc_response_release(&resps[i]);
		free(paths[i]);
	}
	free(reqs);
	free(resps);
	free(paths);
	free(gs);
	free(vs);
	return ret;
}

static struct kc_discovery *load(struct kc_client *c, int want_resources, int use_cache,
				 struct kc_err *err)
{
	struct kc_discovery *d = xcalloc(1, sizeof *d);
	kc_discovery_init(d);
	if (use_cache && client_cache_load(c, d, want_resources) == 0) {
		d->from_cache = 1;
		mark_preferred(d);
		return d;
	}
	kc_discovery_release(d);
	int agg = fetch_groups(c, d, err);
	if (agg < 0)
		goto fail;
	if (!agg && want_resources && fetch_resources(c, d, err) < 0)
		goto fail;
	mark_preferred(d);
	client_cache_store(c, d, agg || want_resources);
	return d;
fail:
	kc_discovery_release(d);
	free(d);
	return NULL;
}

const struct kc_discovery *kc_discovery_get(struct kc_client *c, int force, struct kc_err *err)
{
	if (c->disco && c->disco_full && !force)
		return c->disco;
	struct kc_discovery *d = load(c, 1, !force, err);
	if (!d)
		return NULL;
	if (c->disco) {
		kc_discovery_release(c->disco);
		free(c->disco);
	}
	c->disco = d;
	c->disco_full = 1;
	return d;
}

const struct kc_discovery *kc_discovery_groups(struct kc_client *c, struct kc_err *err)
{
	if (c->disco)
		return c->disco;
	struct kc_discovery *d = load(c, 0, 1, err);
	if (!d)
		return NULL;
	c->disco = d;
	c->disco_full = d->nresources > 0;
	return d;
}

const char *kc_client_last_url_error(const struct kc_client *c)
{
	return c->last_url_error;
}

void kc_client_mute_discovery_log(struct kc_client *c, int mute)
{
	c->discovery_log_muted = mute;
}

void kc_client_log_discovery_error(struct kc_client *c)
{
	if (!c->last_url_error || c->discovery_log_muted)
		return;
	struct strbuf m = STRBUF_INIT, q = STRBUF_INIT;
	strbuf_addf(&m, "couldn't get current server API group list: %s", c->last_url_error);
	go_quote(&q, m.buf, m.len);
	kc_klog('E', "memcache.go:265", "\"Unhandled Error\" err=%s", q.buf);
	strbuf_release(&m);
	strbuf_release(&q);
}

void kc_client_log_discovery_again(struct kc_client *c, int n)
{
	for (int i = 0; i < n; i++)
		kc_client_log_discovery_error(c);
}

int kc_mapping_lookups(const char *type)
{
	int dots = 0;
	for (const char *p = type; *p; p++)
		dots += *p == '.';
	return dots >= 2 ? 6 : 4;
}

void kc_client_log_builder_retries(struct kc_client *c, const char *const *args, size_t nargs)
{
	if (!c->last_url_error || !nargs)
		return;
	const char *slash = strchr(args[0], '/');
	int n;
	char *first;
	if (slash) {
		first = xstrndup(args[0], (size_t)(slash - args[0]));
		n = kc_mapping_lookups(first);
	} else {
		const char *comma = strchr(args[0], ',');
		first = comma ? xstrndup(args[0], (size_t)(comma - args[0])) : xstrdup(args[0]);
		n = kc_mapping_lookups(first) + 1;
		for (const char *p = args[0]; *p; p++)
			n += *p == ',';
	}
	free(first);
	kc_client_log_discovery_again(c, n - 1);
}

void client_discovery_failed(struct kc_client *c, const struct kc_response *resp, const char *path)
{
	long long tmo = c->rc->timeout_ms > 0 ? c->rc->timeout_ms : DISCOVERY_TIMEOUT_MS;
	struct strbuf u = STRBUF_INIT;
	strbuf_addstr(&u, c->rc->host);
	strbuf_addstr(&u, path);
	strbuf_addstr(&u, "?timeout=");
	go_duration_ms(&u, tmo);
	free(c->last_url_error);
	c->last_url_error = xasprintf("Get \"%s\": %s", u.buf, resp->cause ? resp->cause : "");
	strbuf_release(&u);
	kc_client_log_discovery_error(c);
}

void client_discovery_status_failed(struct kc_client *c, const struct kc_response *resp)
{
	struct strbuf body = STRBUF_INIT, msg = STRBUF_INIT;
	const char *reason;
	strbuf_add(&body, resp->body.buf, resp->body.len);
	strbuf_trim(&body);
	client_generic_response(resp->code, body.buf, &reason, &msg);
	free(c->last_url_error);
	c->last_url_error = strbuf_detach(&msg, NULL);
	strbuf_release(&body);
	kc_client_log_discovery_error(c);
}
