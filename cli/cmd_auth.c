/* kc auth: kubectl auth can-i (SelfSubjectAccessReview, --list through
 * SelfSubjectRulesReview) and kubectl auth whoami (SelfSubjectReview)
 * (k8s.io/kubectl/pkg/cmd/auth). auth reconcile is not implemented. */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"
#include "cli/tabwriter.h"
#include "kube/jsonpath.h"
#include "kube/printers.h"
#include "util/json.h"
#include "util/yaml.h"

const struct kc_cmd_help kc_help_auth_group = {
	.use = "auth [flags]",
	.long_ = "Inspect authorization.",
	.subcommands =
		"  can-i         Check whether an action is allowed\n"
		"  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects\n"
		"  whoami        Experimental: Check self subject attributes",
};

/* POST body to path; 2xx → the parsed reply (new reference), else NULL + err. */
static json_t *post_review(struct kc_client *c, const char *path, json_t *body,
			   struct kc_err *err, long *code)
{
	struct strbuf b = STRBUF_INIT;
	json_emit(&b, body, JSON_OUT_COMPACT);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.method = "POST";
	req.path = path;
	req.body = b.buf;
	req.body_len = b.len;
	json_t *out = NULL;
	*code = 0;
	if (kc_client_do(c, &req, &resp, err) == 0) {
		*code = resp.code;
		if (resp.code < 200 || resp.code > 299)
			kc_status_error(&resp, NULL, err);
		else
			out = json_parse(resp.body.buf, resp.body.len, err);
	}
	kc_response_release(&resp);
	strbuf_release(&b);
	return out;
}

/* ---------------------------------------------------------------- can-i */

static int known_verb(const char *v, int nonresource)
{
	static const char *const res[] = { "get", "list", "watch", "create", "update", "patch",
					   "delete", "deletecollection", "use", "bind", "impersonate",
					   "*", "approve", "sign", "escalate", "attest", NULL };
	static const char *const nonres[] = { "get", "put", "post", "head", "options", "delete",
					      "patch", "*", NULL };
	for (const char *const *p = nonresource ? nonres : res; *p; p++)
		if (!strcmp(*p, v))
			return 1;
	return 0;
}

/* Go's fmt %v of a []string: "[a b c]". */
static void add_list(struct strbuf *sb, const json_t *arr)
{
	size_t i;
	json_t *v;
	strbuf_addch(sb, '[');
	json_array_foreach(arr, i, v) {
		if (i)
			strbuf_addch(sb, ' ');
		strbuf_addstr(sb, json_string_value(v) ? json_string_value(v) : "");
	}
	strbuf_addch(sb, ']');
}

struct rule {
	json_t *verbs, *groups, *resources, *names, *urls;  /* arrays, owned */
	char *key;                                          /* PolicyRule.String() */
};

static json_t *one(const json_t *v)
{
	json_t *a = json_array();
	json_array_append(a, (json_t *)v);
	return a;
}

static json_t *arr_or_empty(json_t *v)
{
	return json_is_array(v) ? json_incref(v) : json_array();
}

static void rule_key(struct rule *r)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "&PolicyRule{Verbs:");
	add_list(&sb, r->verbs);
	strbuf_addstr(&sb, ",APIGroups:");
	add_list(&sb, r->groups);
	strbuf_addstr(&sb, ",Resources:");
	add_list(&sb, r->resources);
	strbuf_addstr(&sb, ",ResourceNames:");
	add_list(&sb, r->names);
	strbuf_addstr(&sb, ",NonResourceURLs:");
	add_list(&sb, r->urls);
	strbuf_addstr(&sb, ",}");
	free(r->key);
	r->key = strbuf_detach(&sb, NULL);
}

static int rule_cmp(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	/* sort.Stable: keep input order on ties */
	return c ? c : (x < y ? -1 : x > y);
}

/* rbac CombineResourceGroup */
static void combine_resource_group(struct strbuf *sb, const json_t *resources, const json_t *groups)
{
	const char *r = json_string_value(json_array_get(resources, 0));
	if (!r)
		return;
	const char *slash = strchr(r, '/');
	strbuf_add(sb, r, slash ? (size_t)(slash - r) : strlen(r));
	const char *g = json_string_value(json_array_get(groups, 0));
	if (g && *g)
		strbuf_addf(sb, ".%s", g);
	if (slash)
		strbuf_addstr(sb, slash);
}

/* printStatus: break the rules down, compact simple ones, sort, print. */
static int print_rules(const json_t *status, int no_headers)
{
	struct rule *rules = NULL;
	size_t n = 0, alloc = 0;
	size_t i;
	json_t *rr;
#define PUSH(...) do { if (n == alloc) rules = realloc(rules, (alloc = alloc * 2 + 16) * sizeof(*rules)); \
		rules[n++] = (struct rule){ __VA_ARGS__ }; } while (0)
	if (json_is_true(json_object_get(status, "incomplete"))) {
		const char *e = json_string_value(json_object_get(status, "evaluationError"));
		fprintf(stderr, "warning: the list may be incomplete: %s\n", e ? e : "");
	}
	json_array_foreach(json_object_get(status, "resourceRules"), i, rr) {
		json_t *verbs = json_object_get(rr, "verbs"), *groups = json_object_get(rr, "apiGroups");
		json_t *res = json_object_get(rr, "resources"), *names = json_object_get(rr, "resourceNames");
		size_t gi, ri, ni;
		json_t *g, *r, *nm;
		json_array_foreach(groups, gi, g) {
			json_array_foreach(res, ri, r) {
				if (json_array_size(names)) {
					json_array_foreach(names, ni, nm)
						PUSH(arr_or_empty(verbs), one(g), one(r), one(nm), json_array(), NULL);
				} else {
					PUSH(arr_or_empty(verbs), one(g), one(r), json_array(), json_array(), NULL);
				}
			}
		}
	}
	json_array_foreach(json_object_get(status, "nonResourceRules"), i, rr) {
		size_t ui;
		json_t *u;
		json_array_foreach(json_object_get(rr, "nonResourceURLs"), ui, u)
			PUSH(arr_or_empty(json_object_get(rr, "verbs")), json_array(), json_array(),
			     json_array(), one(u), NULL);
	}
#undef PUSH
	/* CompactRules: simple resource rules (one group, one resource, at most one
	 * name, no URLs) with the same group/resource/name get their verbs merged */
	size_t m = 0;
	for (i = 0; i < n; i++) {
		struct rule *r = &rules[i];
		int simple = !json_array_size(r->urls) && json_array_size(r->groups) == 1 &&
			     json_array_size(r->resources) == 1 && json_array_size(r->names) <= 1;
		size_t j = m;
		if (simple) {
			for (j = 0; j < m; j++) {
				struct rule *s = &rules[j];
				if (!json_array_size(s->urls) && json_equal(s->groups, r->groups) &&
				    json_equal(s->resources, r->resources) && json_equal(s->names, r->names))
					break;
			}
		}
		if (simple && j < m) {
			json_array_extend(rules[j].verbs, r->verbs);
			json_decref(r->verbs);
			json_decref(r->groups);
			json_decref(r->resources);
			json_decref(r->names);
			json_decref(r->urls);
		} else {
			rules[m++] = *r;
		}
	}
	for (i = 0; i < m; i++)
		rule_key(&rules[i]);
	qsort(rules, m, sizeof(*rules), rule_cmp);
	struct tabwriter tw;
	struct strbuf out = STRBUF_INIT, line = STRBUF_INIT;
	tabwriter_init(&tw);
	if (!no_headers)
		tabwriter_addf(&tw, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
	for (i = 0; i < m; i++) {
		strbuf_reset(&line);
		combine_resource_group(&line, rules[i].resources, rules[i].groups);
		strbuf_addch(&line, '\t');
		add_list(&line, rules[i].urls);
		strbuf_addch(&line, '\t');
		add_list(&line, rules[i].names);
		strbuf_addch(&line, '\t');
		add_list(&line, rules[i].verbs);
		tabwriter_addf(&tw, "%s\n", line.buf);
		json_decref(rules[i].verbs);
		json_decref(rules[i].groups);
		json_decref(rules[i].resources);
		json_decref(rules[i].names);
		json_decref(rules[i].urls);
		free(rules[i].key);
	}
	tabwriter_flush(&tw, &out);
	fwrite(out.buf, 1, out.len, stdout);
	tabwriter_release(&tw);
	strbuf_release(&out);
	strbuf_release(&line);
	free(rules);
	return 0;
}

/* kubectl's resourceFor: the argument through the REST mapper; unknown types
 * are checked as typed (with a warning). Fills group/resource (new strings). */
static void resource_for(const struct kc_discovery *d, const char *arg, char **group,
			 char **resource, int *namespaced)
{
	*namespaced = -1;
	if (!strcmp(arg, "*")) {
		*group = strdup("");
		*resource = strdup("*");
		return;
	}
	char *lower = strdup(arg);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	struct kc_err e = KC_ERR_INIT;
	const struct kc_api_resource *r = d ? kc_mapper_resource(d, lower, &e) : NULL;
	kc_err_release(&e);
	if (r) {
		*group = strdup(r->group);
		*resource = strdup(r->name);
		*namespaced = r->namespaced;
		free(lower);
		return;
	}
	/* schema.ParseResourceArg: "res.group.with.dots" (the version form is
	 * only tried through the mapper) */
	const char *dot = strchr(lower, '.');
	char *res = dot ? strndup(lower, (size_t)(dot - lower)) : strdup(lower);
	const char *grp = dot ? dot + 1 : "";
	if (strcmp(lower, "users") && strcmp(lower, "groups")) {
		if (!*grp)
			fprintf(stderr, "Warning: the server doesn't have a resource type '%s'\n\n", res);
		else
			fprintf(stderr, "Warning: the server doesn't have a resource type '%s' in group '%s'\n\n",
				res, grp);
	}
	free(res);
	free(lower);
	*group = strdup("");
	*resource = strdup(arg);
}

static int cmd_auth_can_i(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]",
		.long_ =
			"Check whether an action is allowed.\n"
			"\n"
			" VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a Kubernetes resource. Shortcuts and groups will be resolved. NONRESOURCEURL is a partial URL that starts with \"/\". NAME is the name of a particular Kubernetes resource. This command pairs nicely with impersonation. See --as global flag.",
		.example =
			"  # Check to see if I can create pods in any namespace\n"
			"  kubectl auth can-i create pods --all-namespaces\n"
			"  \n"
			"  # Check to see if I can list deployments in my current namespace\n"
			"  kubectl auth can-i list deployments.apps\n"
			"  \n"
			"  # Check to see if service account \"foo\" of namespace \"dev\" can list pods in the namespace \"prod\"\n"
			"  # You must be allowed to use impersonation for the global option \"--as\"\n"
			"  kubectl auth can-i list pods --as=system:serviceaccount:dev:foo -n prod\n"
			"  \n"
			"  # Check to see if I can do everything in my current namespace (\"*\" means all)\n"
			"  kubectl auth can-i '*' '*'\n"
			"  \n"
			"  # Check to see if I can get the job named \"bar\" in namespace \"foo\"\n"
			"  kubectl auth can-i list jobs.batch/bar -n foo\n"
			"  \n"
			"  # Check to see if I can read pod logs\n"
			"  kubectl auth can-i get pods --subresource=log\n"
			"  \n"
			"  # Check to see if I can access the URL /logs/\n"
			"  kubectl auth can-i get /logs/\n"
			"  \n"
			"  # Check to see if I can approve certificates.k8s.io\n"
			"  kubectl auth can-i approve certificates.k8s.io\n"
			"  \n"
			"  # List all allowed actions in namespace \"foo\"\n"
			"  kubectl auth can-i --list --namespace=foo",
	};
	int all_ns = 0, list = 0, no_headers = 0, quiet = 0, ret = 0;
	const char *subresource = "";
	const struct kc_option opts[] = {
		OPT_BOOL("all-namespaces", 'A', &all_ns, "If true, check the specified action in all namespaces."),
		OPT_BOOL("list", 0, &list, "If true, prints all allowed actions."),
		OPT_BOOL("no-headers", 0, &no_headers, "If true, prints allowed actions without headers"),
		OPT_BOOL("quiet", 'q', &quiet, "If true, suppress output and just return the exit code."),
		OPT_STRING("subresource", 0, &subresource, "SubResource such as pod/log or deployment/scale"),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *group = NULL, *resource = NULL, *name = NULL;
	const char *verb = NULL, *url = NULL;
	json_t *body = NULL, *reply = NULL;
	int namespaced = -1;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (list) {
		if (args.nr) {
			ret = kc_err_set(err, "list option must be specified with no arguments");
			goto out;
		}
	} else if (args.nr != 2) {
		ret = kc_err_set(err, "you must specify two arguments: verb resource or verb resource/resourceName.\n"
				 "See '%s auth can-i -h' for help and examples.", ctx->prog);
		goto out;
	}
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		ret = -1;
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	if (!list) {
		verb = args.v[0];
		if (args.v[1][0] == '/') {
			url = args.v[1];
		} else {
			const char *slash = strchr(args.v[1], '/');
			char *type = slash ? strndup(args.v[1], (size_t)(slash - args.v[1])) : strdup(args.v[1]);
			struct kc_err de = KC_ERR_INIT;
			const struct kc_discovery *d = kc_discovery_get(c, 0, &de);
			kc_err_release(&de);
			/* ResourceFor through the shortcut expander: its ServerResources,
			 * then the deferred mapper's delegate */
			if (!d)
				kc_client_log_discovery_again(c, 1);
			resource_for(d, type, &group, &resource, &namespaced);
			free(type);
			if (slash)
				name = strdup(slash + 1);
		}
	}
	const char *ns = all_ns ? "" : rcfg->namespace ? rcfg->namespace : "default";
	/* Validate */
	if (list) {
		if (quiet || all_ns || *subresource) {
			ret = kc_err_set(err, "list option can't be specified with neither quiet, all-namespaces nor subresource options");
			goto out;
		}
	} else if (url) {
		if (*subresource) {
			ret = kc_err_set(err, "--subresource can not be used with NonResourceURL");
			goto out;
		}
		if (!known_verb(verb, 1))
			fprintf(stderr, "Warning: verb '%s' is not a known verb\n\n", verb);
	} else if (resource && !all_ns) {
		if (namespaced == 0) {
			if (!*group)
				fprintf(stderr, "Warning: resource '%s' is not namespace scoped\n\n", resource);
			else
				fprintf(stderr, "Warning: resource '%s' is not namespace scoped in group '%s'\n\n",
					resource, group);
		}
		if (!known_verb(verb, 0))
			fprintf(stderr, "Warning: verb '%s' is not a known verb\n\n", verb);
	}
	if (no_headers && !list) {
		ret = kc_err_set(err, "--no-headers cannot be set without --list specified");
		goto out;
	}
	long code;
	if (list) {
		body = json_pack("{s:s, s:s, s:{}, s:{s:s}, s:{}}", "kind", "SelfSubjectRulesReview",
				 "apiVersion", "authorization.k8s.io/v1", "metadata", "spec", "namespace", ns,
				 "status");
		reply = post_review(c, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", body, err, &code);
		if (!reply) {
			ret = -1;
			goto out;
		}
		print_rules(json_object_get(reply, "status"), no_headers);
		goto out;
	}
	json_t *spec;
	if (url) {
		spec = json_pack("{s:{s:s, s:s}}", "nonResourceAttributes", "path", url, "verb", verb);
	} else {
		json_t *ra = json_object();
		if (*ns)
			json_object_set_new(ra, "namespace", json_string(ns));
		json_object_set_new(ra, "verb", json_string(verb));
		if (*group)
			json_object_set_new(ra, "group", json_string(group));
		json_object_set_new(ra, "resource", json_string(resource));
		if (*subresource)
			json_object_set_new(ra, "subresource", json_string(subresource));
		if (name && *name)
			json_object_set_new(ra, "name", json_string(name));
		spec = json_pack("{s:o}", "resourceAttributes", ra);
	}
	body = json_pack("{s:s, s:s, s:{}, s:o, s:{s:b}}", "kind", "SelfSubjectAccessReview",
			 "apiVersion", "authorization.k8s.io/v1", "metadata", "spec", spec, "status",
			 "allowed", 0);
	reply = post_review(c, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body, err, &code);
	if (!reply) {
		ret = -1;
		goto out;
	}
	json_t *st = json_object_get(reply, "status");
	int allowed = json_is_true(json_object_get(st, "allowed"));
	if (!quiet) {
		if (allowed) {
			fputs("yes\n", stdout);
		} else {
			const char *reason = json_string_value(json_object_get(st, "reason"));
			const char *eval = json_string_value(json_object_get(st, "evaluationError"));
			fputs("no", stdout);
			if (reason && *reason)
				printf(" - %s", reason);
			if (eval && *eval)
				printf(" - %s", eval);
			fputc('\n', stdout);
		}
	}
	if (!allowed) {
		fflush(stdout);
		ret = 1;
	}
out:
	json_decref(body);
	json_decref(reply);
	free(group);
	free(resource);
	free(name);
	strvec_clear(&args);
	return ret;
}

/* ---------------------------------------------------------------- whoami */

static int cmd_auth_whoami(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "auth whoami",
		.long_ =
			"Experimental: Check who you are and your attributes (groups, extra).\n"
			"\n"
			"        This command is helpful to get yourself aware of the current user attributes,\n"
			"        especially when dynamic authentication, e.g., token webhook, auth proxy, or OIDC provider,\n"
			"        is enabled in the Kubernetes cluster.",
		.example =
			"  # Get your subject attributes\n"
			"  kubectl auth whoami\n"
			"  \n"
			"  # Get your subject attributes in JSON format\n"
			"  kubectl auth whoami -o json",
	};
	int allow_missing = 1, show_managed = 0, ret = 0;
	const char *output = "", *template_arg = "";
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."),
		OPT_STRING("output", 'o', &output, "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		OPT_BOOL("show-managed-fields", 0, &show_managed, "If true, keep the managedFields when printing objects in JSON or YAML format."),
		OPT_STRING("template", 0, &template_arg, "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	json_t *reply = NULL, *obj = NULL;
	struct strbuf out = STRBUF_INIT;
	struct kubectl_tprinter *tp = NULL;
	struct kc_gotmpl *gt = NULL;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (*template_arg && !*output)
		output = "go-template";
	if (*output && strcmp(output, "json") && strcmp(output, "yaml") && strcmp(output, "name")) {
		rc = kubectl_tprinter_new(output, template_arg, allow_missing, 0, 0, &tp, err);
		if (rc > 0)
			rc = kc_gotmpl_new(output, template_arg, allow_missing, &gt, err);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
		if (rc > 0) {
			ret = kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml", output);
			goto out;
		}
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	static const char *const versions[] = { "v1", "v1beta1", "v1alpha1" };
	const char *version = NULL;
	for (size_t i = 0; i < 3 && !reply; i++) {
		char path[96];
		long code = 0;
		snprintf(path, sizeof(path), "/apis/authentication.k8s.io/%s/selfsubjectreviews", versions[i]);
		json_t *body = json_pack("{s:s, s:s, s:{s:n}, s:{s:{}}}", "kind", "SelfSubjectReview",
					 "apiVersion", "authentication.k8s.io/v1", "metadata",
					 "creationTimestamp", "status", "userInfo");
		json_object_set_new(body, "apiVersion", json_sprintf("authentication.k8s.io/%s", versions[i]));
		struct kc_err e = KC_ERR_INIT;
		reply = post_review(c, path, body, &e, &code);
		json_decref(body);
		if (reply) {
			version = versions[i];
		} else if (code == 404) {
			kc_err_release(&e);
			continue;
		} else if (code == 403) {
			kc_err_release(&e);
			ret = kc_err_set(err, "the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it");
			goto out;
		} else {
			kc_err_move(err, &e);
			ret = -1;
			goto out;
		}
	}
	if (!reply) {
		ret = kc_err_set(err, "the selfsubjectreviews API is not enabled in the cluster\n"
				 "enable APISelfSubjectReview feature gate and authentication.k8s.io/v1alpha1 or authentication.k8s.io/v1beta1 API");
		goto out;
	}
	/* the typed object, in Go struct field order */
	json_t *ui = json_object_get(json_object_get(reply, "status"), "userInfo");
	json_t *nui = json_object();
	static const char *const uikeys[] = { "username", "uid", "groups", "extra" };
	for (size_t i = 0; i < 4; i++) {
		json_t *v = json_object_get(ui, uikeys[i]);
		if (v && !(json_is_string(v) && !*json_string_value(v)))
			json_object_set(nui, uikeys[i], v);
	}
	json_t *meta = json_object_get(reply, "metadata");
	obj = json_pack("{s:s, s:s, s:O, s:{s:o}}", "kind", "SelfSubjectReview", "apiVersion", "",
			"metadata", json_is_object(meta) ? meta : json_null(), "status", "userInfo", nui);
	json_object_set_new(obj, "apiVersion", json_sprintf("authentication.k8s.io/%s", version));
	if (!json_is_object(meta))
		json_object_set_new(obj, "metadata", json_pack("{s:n}", "creationTimestamp"));
	if (!*output) {
		struct tabwriter tw;
		struct strbuf list = STRBUF_INIT;
		tabwriter_init(&tw);
		tabwriter_addf(&tw, "ATTRIBUTE\tVALUE\n");
		const char *user = json_string_value(json_object_get(nui, "username"));
		const char *uid = json_string_value(json_object_get(nui, "uid"));
		if (user && *user)
			tabwriter_addf(&tw, "Username\t%s\n", user);
		if (uid && *uid)
			tabwriter_addf(&tw, "UID\t%s\n", uid);
		if (json_array_size(json_object_get(nui, "groups"))) {
			add_list(&list, json_object_get(nui, "groups"));
			tabwriter_addf(&tw, "Groups\t%s\n", list.buf);
		}
		json_t *extra = json_object_get(nui, "extra");
		if (json_object_size(extra)) {
			/* sorted keys */
			size_t nk = json_object_size(extra), k = 0;
			const char **keys = calloc(nk, sizeof(*keys));
			const char *key;
			json_t *v;
			json_object_foreach(extra, key, v)
				keys[k++] = key;
			for (size_t a = 1; a < nk; a++)
				for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
					const char *t = keys[b];
					keys[b] = keys[b - 1];
					keys[b - 1] = t;
				}
			for (k = 0; k < nk; k++) {
				strbuf_reset(&list);
				add_list(&list, json_object_get(extra, keys[k]));
				tabwriter_addf(&tw, "Extra: %s\t%s\n", keys[k], list.buf);
			}
			free(keys);
		}
		tabwriter_flush(&tw, &out);
		tabwriter_release(&tw);
		strbuf_release(&list);
	} else if (!strcmp(output, "json")) {
		json_emit(&out, obj, 0);
		strbuf_addch(&out, '\n');
	} else if (!strcmp(output, "yaml")) {
		if (yaml_emit_checked(&out, obj, err) < 0) {
			ret = -1;
			goto out;
		}
	} else if (!strcmp(output, "name")) {
		strbuf_addstr(&out, "selfsubjectreview.authentication.k8s.io/<unknown>\n");
	} else if (gt) {
		ret = kc_gotmpl_print(gt, obj, &out, err);
	} else {
		const json_t *o1 = obj;
		ret = kubectl_tprinter_print(tp, &o1, 1, &out, err);
	}
	fwrite(out.buf, 1, out.len, stdout);
out:
	json_decref(reply);
	json_decref(obj);
	if (tp)
		kubectl_tprinter_free(tp);
	kc_gotmpl_free(gt);
	strbuf_release(&out);
	strvec_clear(&args);
	return ret;
}

const struct kc_cmd kc_auth_cmds[] = {
	{ "can-i", cmd_auth_can_i, NULL, NULL, NULL },
	{ "whoami", cmd_auth_whoami, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int cmd_auth(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, NULL, &kc_help_auth_group, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (!args.nr) {
		fflush(stdout);
		kc_print_help(ctx, stderr, NULL, &kc_help_auth_group);
		strvec_clear(&args);
		return 1;
	}
	kc_err_set(err, "unknown command \"%s\"\nSee '%s auth -h' for help and examples", args.v[0],
		   ctx->prog);
	strvec_clear(&args);
	return -1;
}
