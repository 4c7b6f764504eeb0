/* The REST mapper: what a user typed ("po", "pods", "pod", "Pod", "deploy.apps",
 * "deployments.v1.apps") to a served resource, as kubectl's shortcut expander and
 * discovery-backed RESTMapper do it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"

static char *lower(const char *s)
{
	char *l = xstrdup(s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static int group_index(const struct kc_discovery *d, const char *g)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (!strcmp(d->groups[i].name, g))
			return (int)i;
	return -1;
}

static int version_index(const struct kc_discovery *d, const char *g, const char *v)
{
	int gi = group_index(d, g);
	if (gi < 0)
		return 1000;
	const struct strvec *vs = &d->groups[gi].versions;
	for (size_t i = 0; i < vs->nr; i++)
		if (!strcmp(vs->v[i], v))
			return (int)i;
	return 1000;
}

static int names_match(const struct kc_api_resource *r, const char *res)
{
	if (strchr(r->name, '/'))
		return 0;
	if (!strcmp(r->name, res))
		return 1;
	if (*r->singular && !strcmp(r->singular, res))
		return 1;
	char *lk = lower(r->kind);
	int m = !strcmp(lk, res);
	free(lk);
	if (m)
		return 1;
	return strvec_contains(&r->short_names, res);
}

/* Better candidate: earlier group in discovery order, then the preferred version,
 * then the earlier version. */
static int better(const struct kc_discovery *d, const struct kc_api_resource *a,
		  const struct kc_api_resource *b)
{
	if (!b)
		return 1;
	int ga = group_index(d, a->group), gb = group_index(d, b->group);
	if (ga != gb)
		return ga < gb;
	if (a->preferred != b->preferred)
		return a->preferred;
	return version_index(d, a->group, a->version) < version_index(d, b->group, b->version);
}

static const struct kc_api_resource *find(const struct kc_discovery *d, const char *res,
					  const char *group, const char *version)
{
	const struct kc_api_resource *best = NULL;
	/* exact plural names win over short names and kinds (pods vs. a "pods" shortname) */
	for (int pass = 0; pass < 2 && !best; pass++) {
		for (size_t i = 0; i < d->nresources; i++) {
			const struct kc_api_resource *r = &d->resources[i];
			if (group && strcmp(r->group, group))
				continue;
			if (version && strcmp(r->version, version))
				continue;
			int m = pass == 0 ? (!strchr(r->name, '/') && !strcmp(r->name, res)) : names_match(r, res);
			if (m && better(d, r, best))
				best = r;
		}
	}
	return best;
}

const struct kc_api_resource *kc_mapper_resource(const struct kc_discovery *d, const char *arg,
						 struct kc_err *err)
{
	char *l = lower(arg);
	const struct kc_api_resource *r = NULL;
	char *dot = strchr(l, '.');
	if (dot && strchr(dot + 1, '.')) {
		/* resource.version.group */
		char *v = dot + 1;
		char *g = strchr(v, '.');
		*dot = '\0';
		*g = '\0';
		r = find(d, l, g + 1, v);
		*dot = '.';
		*g = '.';
	}
	if (!r && dot) {
		*dot = '\0';
		r = find(d, l, dot + 1, NULL);
		*dot = '.';
	}
	if (!r && !dot)
		r = find(d, l, NULL, NULL);
	if (!r)
		kc_err_set(err, "the server doesn't have a resource type \"%s\"", arg);
	free(l);
	return r;
}

const struct kc_api_resource *kc_mapper_kind(const struct kc_discovery *d, const char *group,
					     const char *version, const char *kind)
{
	const struct kc_api_resource *best = NULL;
	for (size_t i = 0; i < d->nresources; i++) {
		const struct kc_api_resource *r = &d->resources[i];
		if (strchr(r->name, '/') || strcmp(r->kind, kind) || strcmp(r->group, group ? group : ""))
			continue;
		if (version && strcmp(r->version, version))
			continue;
		if (better(d, r, best))
			best = r;
	}
	return best;
}

size_t kc_mapper_category(const struct kc_discovery *d, const char *category,
			  const struct kc_api_resource **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nresources; i++) {
		const struct kc_api_resource *r = &d->resources[i];
		if (strchr(r->name, '/') || !strvec_contains(&r->categories, category))
			continue;
		/* one version per group/resource: the preferred one, else the first */
		const struct kc_api_resource *pick = find(d, r->name, r->group, NULL);
		if (pick != r)
			continue;
		if (n < max)
			out[n] = r;
		n++;
	}
	return n;
}

const struct kc_api_resource *kc_client_resource(struct kc_client *c, const char *arg,
						 struct kc_err *err)
{
	const struct kc_discovery *d = kc_discovery_get(c, 0, err);
	if (!d)
		return NULL;
	const struct kc_api_resource *r = kc_mapper_resource(d, arg, NULL);
	if (r || !d->from_cache)
		return r ? r : kc_mapper_resource(d, arg, err);
	/* a miss on cached data: the server may have new types (CRDs) */
	client_cache_invalidate(c);
	d = kc_discovery_get(c, 1, err);
	if (!d)
		return NULL;
	return kc_mapper_resource(d, arg, err);
}

char *kc_resource_path(const struct kc_api_resource *r, const char *ns, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	if (*r->group)
		strbuf_addf(&sb, "/apis/%s/%s", r->group, r->version);
	else
		strbuf_addf(&sb, "/api/%s", r->version);
	if (r->namespaced && ns && *ns)
		strbuf_addf(&sb, "/namespaces/%s", ns);
	const char *slash = strchr(r->name, '/');
	if (slash) {
		strbuf_addf(&sb, "/%.*s", (int)(slash - r->name), r->name);
		if (name && *name)
			strbuf_addf(&sb, "/%s", name);
		strbuf_addstr(&sb, slash);
	} else {
		strbuf_addf(&sb, "/%s", r->name);
		if (name && *name)
			strbuf_addf(&sb, "/%s", name);
	}
	return strbuf_detach(&sb, NULL);
}
