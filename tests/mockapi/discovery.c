/* discovery.c: /version, legacy and aggregated discovery, OpenAPI documents. */
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"

json_t *version_info(void)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "major", "1", "minor", "32",
		"gitVersion", "v1.32.5", "gitCommit", "9894294ef13a5b32803e3ca2c0d620a088cc84d1",
		"gitTreeState", "clean", "buildDate", "2025-05-15T09:00:00Z", "goVersion",
		"go1.23.8", "compiler", "gc", "platform", "linux/amd64");
}

static json_t *split_list(const char *s)
{
	json_t *a = json_array();
	if (!s)
		return a;
	const char *p = s;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p += n + (c ? 1 : 0);
	}
	return a;
}

static json_t *verbs_of(unsigned v)
{
	static const char *names[] = { "create", "delete", "deletecollection", "get", "list",
		"patch", "update", "watch" };
	json_t *a = json_array();
	for (int i = 0; i < 8; i++)
		if (v & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

/* Subresource kind and verbs. */
static void sub_info(const struct rtype *rt, const char *sub, const char **group,
	const char **version, const char **kind, unsigned *verbs)
{
	*group = rt->group;
	*version = rt->version;
	*kind = rt->kind;
	*verbs = V_GET | V_PATCH | V_UPDATE;
	if (!strcmp(sub, "scale")) {
		*group = "autoscaling";
		*version = "v1";
		*kind = "Scale";
	} else if (!strcmp(sub, "log")) {
		*kind = "Pod";
		*verbs = V_GET;
	} else if (!strcmp(sub, "exec") || !strcmp(sub, "attach") || !strcmp(sub, "portforward")) {
		*kind = !strcmp(sub, "exec") ? "PodExecOptions" :
			!strcmp(sub, "attach") ? "PodAttachOptions" : "PodPortForwardOptions";
		*verbs = V_CREATE | V_GET;
	} else if (!strcmp(sub, "proxy")) {
		*kind = !strcmp(rt->resource, "pods") ? "PodProxyOptions" :
			!strcmp(rt->resource, "nodes") ? "NodeProxyOptions" : "ServiceProxyOptions";
		*verbs = V_CREATE | V_DELETE | V_GET | V_PATCH | V_UPDATE;
	} else if (!strcmp(sub, "binding")) {
		*kind = "Binding";
		*verbs = V_CREATE;
	} else if (!strcmp(sub, "eviction")) {
		*group = "policy";
		*kind = "Eviction";
		*verbs = V_CREATE;
	} else if (!strcmp(sub, "token")) {
		*group = "authentication.k8s.io";
		*kind = "TokenRequest";
		*verbs = V_CREATE;
	} else if (!strcmp(sub, "finalize")) {
		*verbs = V_UPDATE;
	} else if (!strcmp(sub, "ephemeralcontainers") || !strcmp(sub, "resize")) {
		*verbs = V_GET | V_PATCH | V_UPDATE;
	}
}

json_t *disc_api_versions(void)
{
	return json_pack("{s:s,s:[s],s:[{s:s,s:s}]}", "kind", "APIVersions", "versions", "v1",
		"serverAddressByClientCIDRs", "clientCIDR", "0.0.0.0/0", "serverAddress",
		"127.0.0.1:6443");
}

static int group_seen(json_t *groups, const char *g)
{
	size_t i;
	json_t *x;
	json_array_foreach(groups, i, x)
		if (!strcmp(S(jstr(x, "name")), g))
			return 1;
	return 0;
}

json_t *disc_api_groups(void)
{
	json_t *groups = json_array();
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (!rt_served(rt))
			continue;
		if (!*rt->group)
			continue;
		if (group_seen(groups, rt->group)) {
			json_t *g, *vs;
			size_t k;
			json_array_foreach(groups, k, g) {
				if (strcmp(S(jstr(g, "name")), rt->group))
					continue;
				vs = json_object_get(g, "versions");
				int have = 0;
				size_t m;
				json_t *v;
				json_array_foreach(vs, m, v)
					if (!strcmp(S(jstr(v, "version")), rt->version))
						have = 1;
				if (!have) {
					char *gv = rt_apiversion(rt);
					json_array_append_new(vs, json_pack("{s:s,s:s}", "groupVersion", gv,
						"version", rt->version));
					free(gv);
				}
			}
			continue;
		}
		char *gv = rt_apiversion(rt);
		json_array_append_new(groups, json_pack("{s:s,s:[{s:s,s:s}],s:{s:s,s:s}}", "name",
			rt->group, "versions", "groupVersion", gv, "version", rt->version,
			"preferredVersion", "groupVersion", gv, "version", rt->version));
		free(gv);
	}
	return json_pack("{s:s,s:s,s:o}", "kind", "APIGroupList", "apiVersion", "v1", "groups",
		groups);
}

json_t *disc_resource_list(const char *group, const char *version)
{
	json_t *res = json_array();
	int found = 0;
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (!rt_served(rt))
			continue;
		if (strcmp(rt->group, group) || strcmp(rt->version, version))
			continue;
		found = 1;
		json_t *r = json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", rt->resource, "singularName",
			rt->singular, "namespaced", rt->namespaced, "kind", rt->kind, "verbs",
			verbs_of(rt->verbs));
		if (rt->shortnames)
			json_object_set_new(r, "shortNames", split_list(rt->shortnames));
		if (rt->categories)
			json_object_set_new(r, "categories", split_list(rt->categories));
		json_object_set_new(r, "storageVersionHash", json_string("mockhash0000="));
		json_array_append_new(res, r);
		json_t *subs = split_list(rt->subresources);
		size_t j;
		json_t *s;
		json_array_foreach(subs, j, s) {
			const char *g, *v, *k;
			unsigned verbs;
			sub_info(rt, json_string_value(s), &g, &v, &k, &verbs);
			char *nm = xasprintf("%s/%s", rt->resource, json_string_value(s));
			json_t *sr = json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", nm, "singularName", "",
				"namespaced", rt->namespaced, "kind", k, "verbs", verbs_of(verbs));
			if (strcmp(g, rt->group) || strcmp(v, rt->version)) {
				json_object_set_new(sr, "group", json_string(g));
				json_object_set_new(sr, "version", json_string(v));
			}
			free(nm);
			json_array_append_new(res, sr);
		}
		json_decref(subs);
	}
	if (!found) {
		json_decref(res);
		return NULL;
	}
	char *gv = *group ? xasprintf("%s/%s", group, version) : xstrdup(version);
	json_t *out = json_pack("{s:s,s:s,s:s,s:o}", "kind", "APIResourceList", "apiVersion", "v1",
		"groupVersion", gv, "resources", res);
	free(gv);
	return out;
}

static json_t *agg_resource(const struct rtype *rt)
{
	json_t *r = json_pack("{s:s,s:{s:s,s:s,s:s},s:s,s:s,s:o}", "resource", rt->resource,
		"responseKind", "group", rt->group, "version", rt->version, "kind", rt->kind, "scope",
		rt->namespaced ? "Namespaced" : "Cluster", "singularResource", rt->singular, "verbs",
		verbs_of(rt->verbs));
	if (rt->shortnames)
		json_object_set_new(r, "shortNames", split_list(rt->shortnames));
	if (rt->categories)
		json_object_set_new(r, "categories", split_list(rt->categories));
	if (rt->subresources) {
		json_t *subs = split_list(rt->subresources);
		json_t *out = json_array();
		size_t j;
		json_t *s;
		json_array_foreach(subs, j, s) {
			const char *g, *v, *k;
			unsigned verbs;
			sub_info(rt, json_string_value(s), &g, &v, &k, &verbs);
			json_array_append_new(out, json_pack("{s:s,s:{s:s,s:s,s:s},s:o}", "subresource",
				json_string_value(s), "responseKind", "group", g, "version", v, "kind", k,
				"verbs", verbs_of(verbs)));
		}
		json_decref(subs);
		json_object_set_new(r, "subresources", out);
	}
	return r;
}

json_t *disc_aggregated(int core)
{
	json_t *items = json_array();
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (!rt_served(rt) || core != !*rt->group)
			continue;
		json_t *item = NULL, *x;
		size_t k;
		json_array_foreach(items, k, x) {
			const char *n = jstr(x, "metadata.name");
			if (!strcmp(n ? n : "", rt->group))
				item = x;
		}
		if (!item) {
			json_t *md = json_pack("{s:n}", "creationTimestamp");
			if (*rt->group)
				json_object_set_new(md, "name", json_string(rt->group));
			item = json_pack("{s:o,s:[]}", "metadata", md, "versions");
			json_array_append_new(items, item);
		}
		json_t *ver = NULL;
		json_array_foreach(json_object_get(item, "versions"), k, x)
			if (!strcmp(S(jstr(x, "version")), rt->version))
				ver = x;
		if (!ver) {
			ver = json_pack("{s:s,s:[],s:s}", "version", rt->version, "resources", "freshness",
				"Current");
			json_array_append_new(json_object_get(item, "versions"), ver);
		}
		json_array_append_new(json_object_get(ver, "resources"), agg_resource(rt));
	}
	return json_pack("{s:s,s:s,s:{},s:o}", "kind", "APIGroupDiscoveryList", "apiVersion",
		"apidiscovery.k8s.io/v2", "metadata", "items", items);
}

/* ---- OpenAPI v2 (v3 is in openapi.c) ---- */

json_t *openapi_v2(void)
{
	return json_pack("{s:s,s:{s:s,s:s},s:{},s:{}}", "swagger", "2.0", "info", "title",
		"Kubernetes", "version", "v1.32.5", "paths", "definitions");
}
