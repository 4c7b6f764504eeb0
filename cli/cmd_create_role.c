/* kc create role / clusterrole: policy rules grouped by API group, resources
 * resolved through discovery (short names, groups), kubectl's verb checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_create_help.h"
#include "cli/kc.h"
#include "kube/generate.h"

static const char *const resource_verbs[] = {
	"*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy",
	"deletecollection", "use", "bind", "escalate", "impersonate", NULL,
};
static const char *const nonresource_verbs[] = {
	"*", "get", "post", "put", "delete", "patch", "head", "options", NULL,
};

/* verbs that only apply to some group/resources: "verb group resource" */
static const char *const special[][3] = {
	{ "use", "policy", "podsecuritypolicies" },
	{ "use", "extensions", "podsecuritypolicies" },
	{ "bind", "rbac.authorization.k8s.io", "roles" },
	{ "bind", "rbac.authorization.k8s.io", "clusterroles" },
	{ "escalate", "rbac.authorization.k8s.io", "roles" },
	{ "escalate", "rbac.authorization.k8s.io", "clusterroles" },
	{ "impersonate", "", "users" },
	{ "impersonate", "", "serviceaccounts" },
	{ "impersonate", "", "groups" },
	{ "impersonate", "authentication.k8s.io", "userextras" },
	{ "impersonate", "authentication.k8s.io", "uids" },
};

static int in_list(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (!strcmp(*l, s))
			return 1;
	return 0;
}

struct rres {
	char *group, *resource, *sub;
	int mapped;
};

/* Split "resource[.group][/sub]" and resolve it like the REST mapper's ResourceFor. */
static int resolve(struct kc_ctx *ctx, const char *spec, struct rres *r, struct kc_err *err)
{
	const char *slash = strchr(spec, '/');
	char *head = slash ? xstrndup(spec, (size_t)(slash - spec)) : xstrdup(spec);
	r->sub = slash ? xstrdup(slash + 1) : NULL;
	char *dot = strchr(head, '.');
	r->group = xstrdup(dot ? dot + 1 : "");
	if (dot)
		*dot = 0;
	r->resource = head;
	r->mapped = 0;
	if (!*r->resource)
		return kc_err_set(err, "resource must be specified if apiGroup/subresource specified");
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c)
		return -1;
	const struct kc_discovery *d = kc_discovery_get(c, 0, err);
	if (!d) {
		/* kubectl's memcache logs each failed lookup twice */
		if (kc_client_last_url_error(c))
			kc_client_log_discovery_error(c);
		return -1;
	}
	const struct kc_api_resource *best = NULL;
	for (int pass = 0; pass < 2 && !best; pass++) {
		for (size_t i = 0; i < d->nresources && !best; i++) {
			const struct kc_api_resource *a = &d->resources[i];
			if (strchr(a->name, '/') || (*r->group && strcmp(a->group, r->group)) ||
			    (!pass && !a->preferred))
				continue;
			if (!strcmp(a->name, r->resource) || !strcmp(a->singular, r->resource) ||
			    strvec_contains(&a->short_names, r->resource))
				best = a;
		}
	}
	if (!best)
		return 1; /* not mapped: keep what was typed */
	free(r->resource);
	free(r->group);
	r->resource = xstrdup(best->name);
	r->group = xstrdup(best->group);
	r->mapped = 1;
	return 0;
}

static void rres_free(struct rres *r)
{
	free(r->group);
	free(r->resource);
	free(r->sub);
}

static json_t *strarr(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

static int cmp_s(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rules for --resource (validated as kubectl's validateResource). */
static int resource_rules(struct kc_ctx *ctx, const struct strvec *resources, const struct strvec *verbs,
			  const struct strvec *names, json_t *rules, struct kc_err *err)
{
	size_t n = resources->nr;
	static const char *const star_only[] = { "*" };
	const char *const *specs = (const char *const *)resources->v;
	if (strvec_contains(resources, "*")) { /* kubectl: a bare "*" replaces every other resource */
		specs = star_only;
		n = 1;
	}
	struct rres *rs = xcalloc(n ? n : 1, sizeof(*rs));
	int rc = 0;
	/* validate (kubectl stops validating at a "*" resource) */
	for (size_t i = 0; i < n && rc == 0; i++) {
		int m;
		if (specs[i][0] == '*' && (!specs[i][1] || specs[i][1] == '.' || specs[i][1] == '/')) {
			/* no validation from here on; failed lookups keep what was typed */
			for (size_t j = i; j < n && rc == 0; j++) {
				struct kc_err e2 = KC_ERR_INIT;
				if (resolve(ctx, specs[j], &rs[j], &e2) < 0 && !rs[j].resource)
					rc = -1;
				if (rc < 0)
					kc_err_move(err, &e2);
				kc_err_release(&e2);
			}
			break;
		}
		m = resolve(ctx, specs[i], &rs[i], err);
		if (m < 0) {
			rc = -1;
			break;
		}
		for (size_t v = 0; v < verbs->nr && rc == 0; v++) {
			int is_special = 0, match = 0;
			for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
				if (!strcmp(special[k][0], verbs->v[v])) {
					is_special = 1;
					if (!strcmp(special[k][1], rs[i].group) && !strcmp(special[k][2], rs[i].resource))
						match = 1;
				}
			if (is_special && !match)
				rc = kc_err_set(err, "can not perform '%s' on '%s' in group '%s'", verbs->v[v],
						rs[i].resource, rs[i].group);
			else if (is_special)
				m = 0;
		}
		if (rc == 0 && m == 1) {
			if (*rs[i].group)
				rc = kc_err_raw(err, "the server doesn't have a resource type \"%s\" in group \"%s\"",
						rs[i].resource, rs[i].group);
			else
				rc = kc_err_raw(err, "the server doesn't have a resource type \"%s\"", rs[i].resource);
		}
	}
	if (rc == 0) {
		/* group -> resources, groups sorted */
		struct strvec groups = STRVEC_INIT;
		for (size_t i = 0; i < n; i++)
			if (!strvec_contains(&groups, rs[i].group))
				strvec_push(&groups, rs[i].group);
		qsort(groups.v, groups.nr, sizeof(char *), cmp_s);
		for (size_t g = 0; g < groups.nr; g++) {
			struct strvec res = STRVEC_INIT;
			for (size_t i = 0; i < n; i++) {
				if (strcmp(rs[i].group, groups.v[g]))
					continue;
				struct strbuf sb = STRBUF_INIT;
				strbuf_addstr(&sb, rs[i].resource);
				if (rs[i].sub)
					strbuf_addf(&sb, "/%s", rs[i].sub);
				if (!strvec_contains(&res, sb.buf))
					strvec_push(&res, sb.buf);
				strbuf_release(&sb);
			}
			json_t *rule = json_object();
			json_object_set_new(rule, "verbs", strarr(verbs));
			json_object_set_new(rule, "apiGroups", json_pack("[s]", groups.v[g]));
			json_object_set_new(rule, "resources", strarr(&res));
			if (names->nr)
				json_object_set_new(rule, "resourceNames", strarr(names));
			json_array_append_new(rules, rule);
			strvec_clear(&res);
		}
		strvec_clear(&groups);
	}
	for (size_t i = 0; i < n; i++)
		rres_free(&rs[i]); /* calloc'd: unresolved entries are all NULL */
	free(rs);
	return rc;
}

/* kubectl's verb list: de-duplicated, "*" alone wins. */
static void norm_verbs(const struct strvec *in, struct strvec *out)
{
	for (size_t i = 0; i < in->nr; i++) {
		if (!strcmp(in->v[i], "*")) {
			strvec_clear(out);
			strvec_push(out, "*");
			return;
		}
		if (!strvec_contains(out, in->v[i]))
			strvec_push(out, in->v[i]);
	}
}

static void dedup(const struct strvec *in, struct strvec *out)
{
	for (size_t i = 0; i < in->nr; i++)
		if (!strvec_contains(out, in->v[i]))
			strvec_push(out, in->v[i]);
}

static int create_role(struct kc_ctx *ctx, int argc, const char **argv, int cluster, struct kc_err *err)
{
	static const struct kc_cmd_help help_role = {
		.use = HELP_CREATE_ROLE_USE, .long_ = HELP_CREATE_ROLE_LONG, .example = HELP_CREATE_ROLE_EXAMPLE,
	};
	static const struct kc_cmd_help help_cr = {
		.use = HELP_CREATE_CLUSTERROLE_USE, .long_ = HELP_CREATE_CLUSTERROLE_LONG,
		.example = HELP_CREATE_CLUSTERROLE_EXAMPLE,
	};
	struct create_common co = CREATE_COMMON_INIT("kubectl-create");
	struct strvec verbs_in = STRVEC_INIT, resources = STRVEC_INIT, names_in = STRVEC_INIT, urls = STRVEC_INIT;
	const char *aggregation = "";
	const struct kc_option role_opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_ROLE),
		CREATE_VALIDATE_OPT(co, U_CREATE_ROLE),
		OPT_STRSLICE("resource", 0, &resources, U_CREATE_ROLE_RESOURCE),
		OPT_STRARRAY("resource-name", 0, &names_in, U_CREATE_ROLE_RESOURCE_NAME),
		OPT_STRSLICE("verb", 0, &verbs_in, U_CREATE_ROLE_VERB),
		OPT_END(),
	};
	const struct kc_option cr_opts[] = {
		CREATE_COMMON_OPTS(co, U_CREATE_CLUSTERROLE),
		CREATE_VALIDATE_OPT(co, U_CREATE_CLUSTERROLE),
		{ OPT_T_STRING, "aggregation-rule", 0, &aggregation, U_CREATE_CLUSTERROLE_AGGREGATION_RULE, NULL, 0, NULL, "" },
		OPT_STRSLICE("non-resource-url", 0, &urls, U_CREATE_CLUSTERROLE_NON_RESOURCE_URL),
		OPT_STRSLICE("resource", 0, &resources, U_CREATE_CLUSTERROLE_RESOURCE),
		OPT_STRARRAY("resource-name", 0, &names_in, U_CREATE_CLUSTERROLE_RESOURCE_NAME),
		OPT_STRSLICE("verb", 0, &verbs_in, U_CREATE_CLUSTERROLE_VERB),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, verbs = STRVEC_INIT, names = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	json_t *rules = json_array(), *agg = NULL;
	int rc = kc_parse_options(ctx, argc, argv, cluster ? cr_opts : role_opts,
				  cluster ? &help_cr : &help_role, &args, err);
	if (rc)
		goto out;
	if (args.nr != 1) {
		rc = create_usage_error(ctx, err, "exactly one NAME is required, got %zu", args.nr);
		goto out;
	}
	if ((rc = create_common_check(&co, err)) < 0)
		goto out;
	if (!(ns = create_namespace(ctx, &explicit_ns, err))) {
		rc = -1;
		goto out;
	}
	norm_verbs(&verbs_in, &verbs);
	dedup(&names_in, &names);
	if (cluster && *aggregation) {
		if (urls.nr || verbs_in.nr || resources.nr || names_in.nr) {
			rc = kc_err_set(err, "aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
			goto out;
		}
		json_t *m = gen_parse_labels(aggregation, err);
		if (!m) {
			rc = -1;
			goto out;
		}
		json_t *meta = gen_meta("", NULL, m); /* sorts the labels */
		agg = json_pack("{s:[{s:O}]}", "clusterRoleSelectors", "matchLabels", json_object_get(meta, "labels"));
		json_decref(meta);
		json_decref(rules);
		rules = json_null();
	} else {
		if (!verbs_in.nr) {
			rc = kc_err_set(err, "at least one verb must be specified");
			goto out;
		}
		if (!cluster && !resources.nr) {
			rc = kc_err_set(err, "at least one resource must be specified");
			goto out;
		}
		if (cluster && !resources.nr && !urls.nr) {
			rc = kc_err_set(err, "one of resource or nonResourceURL must be specified");
			goto out;
		}
		if (resources.nr) {
			for (size_t i = 0; i < verbs_in.nr; i++)
				if (!in_list(resource_verbs, verbs_in.v[i]))
					fprintf(stderr, "Warning: '%s' is not a standard resource verb\n", verbs_in.v[i]);
		}
		if (urls.nr) {
			for (size_t i = 0; i < verbs_in.nr; i++)
				if (!in_list(nonresource_verbs, verbs_in.v[i])) {
					rc = kc_err_set(err, "invalid verb: '%s' for nonResourceURL", verbs_in.v[i]);
					goto out;
				}
			for (size_t i = 0; i < urls.nr; i++) {
				const char *u = urls.v[i];
				size_t l = strlen(u);
				if (!strcmp(u, "*"))
					continue;
				if (!l || *u != '/') {
					rc = kc_err_set(err, "nonResourceURL should start with /");
					goto out;
				}
				if (memchr(u, '*', l - 1)) {
					rc = kc_err_set(err, "nonResourceURL only supports wildcard matches when '*' is at the end");
					goto out;
				}
			}
		}
		if (resources.nr && (rc = resource_rules(ctx, &resources, &verbs, &names, rules, err)) < 0)
			goto out;
		if (urls.nr) {
			json_t *rule = json_object();
			json_object_set_new(rule, "verbs", strarr(&verbs_in));
			json_object_set_new(rule, "nonResourceURLs", strarr(&urls));
			json_array_append_new(rules, rule);
		}
	}
	json_t *obj = json_object();
	json_object_set_new(obj, "kind", json_string(cluster ? "ClusterRole" : "Role"));
	json_object_set_new(obj, "apiVersion", json_string("rbac.authorization.k8s.io/v1"));
	json_object_set_new(obj, "metadata", gen_meta(args.v[0], !cluster && explicit_ns ? ns : NULL, NULL));
	json_object_set(obj, "rules", rules);
	if (agg)
		json_object_set(obj, "aggregationRule", agg);
	rc = create_send(ctx, &co, obj,
			 cluster ? "rbac.authorization.k8s.io/v1/clusterroles" : "rbac.authorization.k8s.io/v1/roles",
			 !cluster, ns, NULL, "created", err);
out:
	json_decref(rules);
	json_decref(agg);
	strvec_clear(&verbs_in);
	strvec_clear(&verbs);
	strvec_clear(&resources);
	strvec_clear(&names_in);
	strvec_clear(&names);
	strvec_clear(&urls);
	strvec_clear(&args);
	free(ns);
	return rc < 0 ? -1 : 0;
}

int kc_cmd_create_role(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return create_role(ctx, argc, argv, 0, err);
}

int kc_cmd_create_clusterrole(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return create_role(ctx, argc, argv, 1, err);
}
