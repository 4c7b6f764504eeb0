/* kc apply -f FILE|DIR|- [-R]: client-side apply (three-way strategic merge
 * patch with the last-applied-configuration annotation; JSON merge patch for
 * kinds kubectl does not know), --server-side, --dry-run, -o, --prune, as
 * kubectl v1.32. The engine is cli/cmd_apply_core.c. -k, --wait, --force and
 * --subresource say they are not implemented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_apply.h"
#include "cli/cmd_apply_help.h"
#include "cli/cmd_create_common.h"
#include "kube/apply.h"
#include "kube/jsonpath.h"
#include "util/json.h"
#include "util/yaml.h"

static const char *const printer_formats[] = {
	"json", "yaml", "name", "go-template", "go-template-file", "template", "templatefile",
	"jsonpath", "jsonpath-as-json", "jsonpath-file", NULL,
};

static int check_output(const char *output, struct kc_err *err)
{
	if (!*output)
		return 0;
	size_t n = strcspn(output, "=");
	for (int i = 0; printer_formats[i]; i++)
		if (strlen(printer_formats[i]) == n && !strncmp(printer_formats[i], output, n))
			return 0;
	return kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
			  output);
}

/* a deep copy with every object's keys inserted in byte order (Go marshals
 * decoded maps sorted) */
static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *sorted_copy(const json_t *v)
{
	if (json_is_object(v)) {
		size_t n = json_object_size(v), i = 0;
		const char **keys = calloc(n ? n : 1, sizeof *keys);
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
			keys[i++] = k;
		qsort(keys, n, sizeof *keys, cmp_keys);
		json_t *o = json_object();
		for (i = 0; i < n; i++)
			json_object_set_new(o, keys[i], sorted_copy(json_object_get(v, keys[i])));
		free(keys);
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			json_array_append_new(a, sorted_copy(x));
		return a;
	}
	return json_deep_copy(v);
}

static void strip_managed(json_t *obj, int show_managed)
{
	if (show_managed)
		return;
	json_t *md = json_object_get(obj, "metadata");
	if (json_is_object(md))
		json_object_del(md, "managedFields");
	json_t *items = json_object_get(obj, "items");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		strip_managed(it, 0);
}

/* print one object with a full printer (json, yaml, jsonpath, templates) */
static int print_full(const char *output, const char *tmpl, int allow_missing, json_t *obj,
		      struct kc_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int rc = 0;
	if (!strcmp(output, "json")) {
		json_emit(&out, obj, 0);
		strbuf_addch(&out, '\n');
	} else if (!strcmp(output, "yaml")) {
		yaml_emit(&out, obj);
	} else {
		struct kubectl_tprinter *p = NULL;
		rc = kubectl_tprinter_new(output, tmpl, allow_missing, 0, 0, &p, err);
		if (rc == 0) {
			const json_t *objs[1] = { obj };
			rc = kubectl_tprinter_print(p, objs, 1, &out, err);
			kubectl_tprinter_free(p);
		} else if (rc > 0) {
			rc = kc_err_set(err, "-o %s is not supported by kc's apply yet", output);
		}
	}
	if (rc == 0)
		fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	return rc < 0 ? -1 : 0;
}

static void print_line(const json_t *obj, const char *verb, const char *dry_run, int name_only)
{
	struct strbuf sb = STRBUF_INIT;
	apply_kind_name(&sb, obj);
	if (!name_only) {
		strbuf_addf(&sb, " %s", verb);
		if (!strcmp(dry_run, "client"))
			strbuf_addstr(&sb, " (dry run)");
		else if (!strcmp(dry_run, "server"))
			strbuf_addstr(&sb, " (server dry run)");
	}
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

/* ---------------------------------------------------------------- prune */

/* kubectl's default prune allowlist (pkg/util/prune) */
const struct prune_gvk apply_default_prune[] = {
	{ "", "v1", "ConfigMap", 1 },
	{ "", "v1", "Endpoints", 1 },
	{ "", "v1", "PersistentVolumeClaim", 1 },
	{ "", "v1", "Pod", 1 },
	{ "", "v1", "ReplicationController", 1 },
	{ "", "v1", "Secret", 1 },
	{ "", "v1", "Service", 1 },
	{ "batch", "v1", "Job", 1 },
	{ "batch", "v1", "CronJob", 1 },
	{ "networking.k8s.io", "v1", "Ingress", 1 },
	{ "apps", "v1", "DaemonSet", 1 },
	{ "apps", "v1", "Deployment", 1 },
	{ "apps", "v1", "ReplicaSet", 1 },
	{ "apps", "v1", "StatefulSet", 1 },
	{ "", "v1", "Namespace", 0 },
	{ "", "v1", "PersistentVolume", 0 },
	{ NULL, NULL, NULL, 0 },
};

static void url_query_escape(struct strbuf *sb, const char *v)
{
	for (const char *p = v; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || ch == '.' || ch == '~')
			strbuf_addch(sb, ch);
		else if (ch == ' ')
			strbuf_addch(sb, '+');
		else
			strbuf_addf(sb, "%%%02X", ch);
	}
}

/* List each allowlisted type in each visited namespace (and cluster-scoped
 * ones once), delete what carries a last-applied annotation and was not applied. */
/* --prune-allowlist G/V/K entries mapped (kubectl parses them before applying). */
int apply_prune_parse_allowlist(struct kc_client *c, const struct strvec *allow,
				 struct prune_gvk **out, size_t *nout, struct kc_err *err)
{
	*out = NULL;
	*nout = 0;
	if (!allow->nr)
		return 0;
	const struct kc_discovery *d = kc_discovery_get(c, 0, err);
	if (!d)
		return -1;
	struct prune_gvk *types = calloc(allow->nr, sizeof *types);
	size_t nt = 0;
	struct strvec parts = STRVEC_INIT;
	for (size_t i = 0; i < allow->nr; i++) {
		strvec_clear(&parts);
		strvec_split(&parts, allow->v[i], '/');
		if (parts.nr != 3) {
			strvec_clear(&parts);
			free(types);
			return kc_err_set(err, "invalid GroupVersionKind format: %s, please follow <group/version/kind>",
					  allow->v[i]);
		}
		const char *g = !strcmp(parts.v[0], "core") ? "" : parts.v[0];
		const struct kc_api_resource *r = kc_mapper_kind(d, g, parts.v[1], parts.v[2]);
		if (!r) {
			kc_err_set(err, "no matches for kind \"%s\" in version \"%s%s%s\"", parts.v[2], g,
				   *g ? "/" : "", parts.v[1]);
			strvec_clear(&parts);
			free(types);
			return -1;
		}
		types[nt].group = r->group;
		types[nt].version = r->version;
		types[nt].kind = r->kind;
		types[nt].namespaced = r->namespaced;
		nt++;
	}
	strvec_clear(&parts);
	*out = types;
	*nout = nt;
	return 0;
}

int apply_prune_visit(struct kc_client *c, const struct strvec *nss,
		      const struct prune_gvk *types, size_t nt, const char *selector,
		      const struct strvec *uids, apply_prune_fn fn, void *ud, struct kc_err *err)
{
	const struct kc_discovery *d = kc_discovery_get(c, 0, err);
	if (!d)
		return -1;
	const struct prune_gvk *list = types ? types : apply_default_prune;
	if (!types)
		kc_klog('W', "prune.go:71", "Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.");
	int rc = 0;
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		/* namespaced types per namespace first, then cluster-scoped ones */
		size_t nns = pass == 0 ? nss->nr : 1;
		for (size_t ni = 0; ni < nns && rc == 0; ni++) {
			for (size_t t = 0; (types ? t < nt : list[t].kind != NULL) && rc == 0; t++) {
				if (list[t].namespaced != (pass == 0))
					continue;
				const struct kc_api_resource *r =
					kc_mapper_kind(d, list[t].group, list[t].version, list[t].kind);
				if (!r)
					continue;
				const char *ns = pass == 0 ? nss->v[ni] : "";
				char *base = kc_resource_path(r, pass == 0 ? ns : NULL, NULL);
				struct strbuf path = STRBUF_INIT;
				strbuf_addstr(&path, base);
				free(base);
				if (selector && *selector) {
					strbuf_addstr(&path, "?labelSelector=");
					url_query_escape(&path, selector);
				}
				json_t *l = kc_client_get_json(c, path.buf, err);
				strbuf_release(&path);
				if (!l) {
					kc_err_prefix(err, "error pruning %s object %s/%s, Kind=%s: ",
						      pass ? "nonNamespaced" : "namespaced", r->group, r->version,
						      r->kind);
					rc = -1;
					break;
				}
				size_t i;
				json_t *it;
				json_array_foreach(json_object_get(l, "items"), i, it) {
					json_t *md = json_object_get(it, "metadata");
					json_t *an = json_object_get(md, "annotations");
					if (!json_object_get(an, KC_LAST_APPLIED))
						continue;
					const char *uid = json_string_value(json_object_get(md, "uid"));
					int seen = 0;
					for (size_t u = 0; uid && u < uids->nr; u++)
						if (!strcmp(uids->v[u], uid))
							seen = 1;
					if (!uid || seen)
						continue;
					/* list items as the dynamic client returns them */
					json_t *obj = json_object();
					json_object_set_new(obj, "apiVersion",
							    *r->group ? json_sprintf("%s/%s", r->group, r->version)
								      : json_string(r->version));
					json_object_set_new(obj, "kind", json_string(r->kind));
					json_object_update(obj, it);
					rc = fn(ud, r, ns, obj, err);
					json_decref(obj);
					if (rc)
						break;
				}
				json_decref(l);
			}
		}
	}
	return rc;
}

struct prune_ctx {
	struct kc_client *c;
	const struct apply_opts *o;
};

static int prune_delete(void *ud, const struct kc_api_resource *r, const char *ns, json_t *obj,
			struct kc_err *err)
{
	struct prune_ctx *p = ud;
	const char *name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	struct apply_obj tmp;
	memset(&tmp, 0, sizeof tmp);
	tmp.res = r;
	tmp.ns = (char *)ns;
	tmp.name = name ? name : "";
	int rc = 0;
	if (strcmp(p->o->dry_run, "client")) {
		char *dpath = apply_object_path(&tmp, 1, NULL, NULL, NULL, NULL);
		const char *body = !strcmp(p->o->dry_run, "server")
			? "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Background\",\"dryRun\":[\"All\"]}\n"
			: "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Background\"}\n";
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		req.accept = "application/json";
		req.method = "DELETE";
		req.path = dpath;
		req.body = body;
		req.body_len = strlen(body);
		if (kc_client_do(p->c, &req, &resp, err) < 0)
			rc = -1;
		else if (resp.code < 200 || resp.code > 299)
			rc = apply_status_error(&resp, &tmp, "delete", NULL, err);
		kc_response_release(&resp);
		free(tmp.agg);
		free(dpath);
	}
	if (rc)
		return rc;
	struct strbuf sb = STRBUF_INIT;
	for (const char *q = r->kind; *q; q++)
		strbuf_addch(&sb, (*q >= 'A' && *q <= 'Z') ? *q - 'A' + 'a' : *q);
	if (*r->group)
		strbuf_addf(&sb, ".%s", r->group);
	strbuf_addf(&sb, "/%s pruned", tmp.name);
	if (!strcmp(p->o->dry_run, "client"))
		strbuf_addstr(&sb, " (dry run)");
	else if (!strcmp(p->o->dry_run, "server"))
		strbuf_addstr(&sb, " (server dry run)");
	printf("%s\n", sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* kubectl's pruneAll after an apply: the -n namespace and the namespaces of
 * the applied objects; their uids are spared. */
static int prune_run(struct kc_client *c, const struct apply_opts *o, struct apply_set *set,
		     const char *selector, struct prune_gvk *types, size_t nt, struct kc_err *err)
{
	struct strvec nss = STRVEC_INIT, uids = STRVEC_INIT;
	if (o->explicit_ns)
		strvec_push(&nss, o->ns);
	for (size_t i = 0; i < set->n; i++) {
		const char *u = json_string_value(
			json_object_get(json_object_get(set->v[i].out, "metadata"), "uid"));
		if (u)
			strvec_push(&uids, u);
		if (!set->v[i].res->namespaced)
			continue;
		int seen = 0;
		for (size_t j = 0; j < nss.nr; j++)
			if (!strcmp(nss.v[j], set->v[i].ns))
				seen = 1;
		if (!seen)
			strvec_push(&nss, set->v[i].ns);
	}
	struct prune_ctx p = { c, o };
	int rc = apply_prune_visit(c, &nss, types, nt, selector, &uids, prune_delete, &p, err);
	strvec_clear(&nss);
	strvec_clear(&uids);
	return rc;
}

/* ---------------------------------------------------------------- command */

int cmd_apply(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_APPLY_USE, .long_ = HELP_APPLY_LONG, .example = HELP_APPLY_EXAMPLE,
		.subcommands = HELP_APPLY_SUBCOMMANDS,
	};
	const char *cascade = "background", *dry_run = "none", *field_manager = "kubectl-client-side-apply";
	const char *kustomize = "", *output = "", *selector = "", *subresource = "", *tmpl = "";
	const char *timeout = "0s", *validate = "strict";
	int all = 0, allow_missing = 1, force = 0, force_conflicts = 0, openapi_patch = 1;
	int overwrite = 1, prune = 0, recursive = 0, server_side = 0, show_managed = 0, wait_ = 0;
	int fm_changed = 0;
	long grace = -1;
	struct strvec files = STRVEC_INIT, allow = STRVEC_INIT, args = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("all", 0, &all, U_APPLY_ALL),
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_APPLY_ALLOW_MISSING_TEMPLATE_KEYS),
		OPT_STRING("cascade", 0, &cascade, U_APPLY_CASCADE),
		{ OPT_T_STRING, "dry-run", 0, &dry_run, U_APPLY_DRY_RUN, "unchanged", 0, NULL, NULL },
		{ OPT_T_STRING, "field-manager", 0, &field_manager, U_APPLY_FIELD_MANAGER, NULL, 0,
		  &fm_changed, NULL },
		OPT_STRSLICE("filename", 'f', &files, U_APPLY_FILENAME),
		OPT_BOOL("force", 0, &force, U_APPLY_FORCE),
		OPT_BOOL("force-conflicts", 0, &force_conflicts, U_APPLY_FORCE_CONFLICTS),
		OPT_INT("grace-period", 0, &grace, U_APPLY_GRACE_PERIOD),
		OPT_STRING("kustomize", 'k', &kustomize, U_APPLY_KUSTOMIZE),
		OPT_BOOL("openapi-patch", 0, &openapi_patch, U_APPLY_OPENAPI_PATCH),
		OPT_STRING("output", 'o', &output, U_APPLY_OUTPUT),
		OPT_BOOL("overwrite", 0, &overwrite, U_APPLY_OVERWRITE),
		OPT_BOOL("prune", 0, &prune, U_APPLY_PRUNE),
		OPT_STRARRAY("prune-allowlist", 0, &allow, U_APPLY_PRUNE_ALLOWLIST),
		OPT_BOOL("recursive", 'R', &recursive, U_APPLY_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_APPLY_SELECTOR),
		OPT_BOOL("server-side", 0, &server_side, U_APPLY_SERVER_SIDE),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_APPLY_SHOW_MANAGED_FIELDS),
		OPT_STRING("subresource", 0, &subresource, U_APPLY_SUBRESOURCE),
		OPT_STRING("template", 0, &tmpl, U_APPLY_TEMPLATE),
		OPT_DURATION("timeout", 0, &timeout, U_APPLY_TIMEOUT),
		{ OPT_T_STRING, "validate", 0, &validate, U_APPLY_VALIDATE, "strict", 0, NULL, NULL },
		OPT_BOOL("wait", 0, &wait_, U_APPLY_WAIT),
		OPT_END(),
	};
	struct apply_set set;
	memset(&set, 0, sizeof set);
	char *ns = NULL;
	struct prune_gvk *prune_types = NULL;
	size_t n_prune_types = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc)
		goto out;
	if (args.nr) {
		struct strbuf m = STRBUF_INIT;
		for (size_t i = 0; i < args.nr; i++)
			strbuf_addf(&m, "%s%s", i ? " " : "", args.v[i]);
		rc = create_usage_error(ctx, err, "Unexpected args: [%s]", m.buf);
		strbuf_release(&m);
		goto out;
	}
	if (!strcmp(dry_run, "unchanged")) {
		kc_klog('W', "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.");
		dry_run = "client";
	}
	if (strcmp(dry_run, "none") && strcmp(dry_run, "client") && strcmp(dry_run, "server")) {
		rc = kc_err_set(err, "Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".",
				dry_run);
		goto out;
	}
	if (!fm_changed && server_side)
		field_manager = "kubectl";
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		rc = -1;
		goto out;
	}
	if (!files.nr && !*kustomize) {
		rc = kc_err_set(err, "must specify one of -f and -k");
		goto out;
	}
	if (files.nr && *kustomize) {
		rc = kc_err_set(err, "only one of -f or -k can be specified");
		goto out;
	}
	if (*kustomize) {
		rc = kc_err_set(err, "kc: apply -k is not implemented yet");
		goto out;
	}
	if (strcmp(validate, "strict") && strcmp(validate, "true") && strcmp(validate, "warn") &&
	    strcmp(validate, "ignore") && strcmp(validate, "false")) {
		rc = kc_err_set(err, "invalid - validate option \"%s\"; must be one of: strict (or true), warn, ignore (or false)",
				validate);
		goto out;
	}
	int explicit_ns = 0;
	if (!(ns = create_namespace(ctx, &explicit_ns, err))) {
		rc = -1;
		goto out;
	}
	/* Validate() */
	if (force_conflicts && !server_side)
		rc = kc_err_set(err, "--force-conflicts only works with --server-side");
	else if (!strcmp(dry_run, "client") && server_side)
		rc = kc_err_set(err, "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
	else if (server_side && force)
		rc = kc_err_set(err, "--force cannot be used with --server-side");
	else if (!strcmp(dry_run, "server") && force)
		rc = kc_err_set(err, "--dry-run=server cannot be used with --force");
	else if (all && *selector)
		rc = kc_err_set(err, "cannot set --all and --selector at the same time");
	else if (prune && force)
		rc = kc_err_set(err, "--force cannot be used with --prune");
	else if (prune && !all && !*selector)
		rc = kc_err_set(err, "all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector");
	else if (prune && server_side)
		rc = kc_err_set(err, "--prune is in alpha and doesn't currently work on objects created by server-side apply");
	else if (*subresource && !server_side)
		rc = kc_err_set(err, "--subresource can only be specified for --server-side");
	else if (*subresource || force || wait_)
		rc = kc_err_set(err, "kc: apply --%s is not implemented yet",
				*subresource ? "subresource" : force ? "force" : "wait");
	if (rc)
		goto out;
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		rc = -1;
		goto out;
	}
	struct apply_opts o = {
		.dry_run = dry_run, .field_manager = field_manager, .validate = validate,
		.server_side = server_side, .force_conflicts = force_conflicts, .overwrite = overwrite,
		.ns = ns, .explicit_ns = explicit_ns, .prog = ctx->prog, .selector = selector,
	};
	if (apply_load(c, &files, recursive, &o, &set, err) < 0) {
		rc = -1;
		goto out;
	}
	if (set.n == 0 && !set.load_failed) {
		rc = kc_err_set(err, "no objects passed to apply");
		goto out;
	}
	if (prune && apply_prune_parse_allowlist(c, &allow, &prune_types, &n_prune_types, err) < 0) {
		rc = -1;
		goto out;
	}
	apply_run(c, &o, &set);
	int full = *output && strcmp(output, "name");
	for (size_t i = 0; i < set.n; i++) {
		struct apply_obj *a = &set.v[i];
		if (a->failed || full)
			continue;
		if (check_output(output, err) < 0) {
			rc = -1;
			goto out;
		}
		print_line(a->out, a->verb, dry_run, !strcmp(output, "name"));
	}
	if (apply_collect_errors(&set, err) < 0) {
		rc = -1;
		goto out;
	}
	if (full && set.n) {
		if (check_output(output, err) < 0) {
			rc = -1;
			goto out;
		}
		json_t *obj;
		if (set.n == 1) {
			obj = sorted_copy(set.v[0].out);
		} else {
			/* a typed v1 List: Go struct order outside, the items' maps sorted */
			obj = json_object();
			json_object_set_new(obj, "kind", json_string("List"));
			json_object_set_new(obj, "apiVersion", json_string("v1"));
			json_object_set_new(obj, "metadata", json_object());
			json_t *items = json_array();
			for (size_t i = 0; i < set.n; i++)
				json_array_append_new(items, sorted_copy(set.v[i].out));
			json_object_set_new(obj, "items", items);
		}
		json_t *copy = json_deep_copy(obj);
		json_decref(obj);
		strip_managed(copy, show_managed);
		rc = print_full(output, tmpl, allow_missing, copy, err);
		json_decref(copy);
		if (rc)
			goto out;
	}
	if (prune)
		rc = prune_run(c, &o, &set, all ? NULL : selector, prune_types, n_prune_types, err);
out:
	free(ns);
	free(prune_types);
	apply_set_release(&set);
	strvec_clear(&files);
	strvec_clear(&allow);
	strvec_clear(&args);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- view-last-applied */

static int view_collect(const json_t *live, const char *name, const char *source,
			struct strvec *out, struct kc_err *err)
{
	json_t *an = json_object_get(json_object_get(live, "metadata"), "annotations");
	const char *s = json_string_value(json_object_get(an, KC_LAST_APPLIED));
	if (s) {
		strvec_push(out, s);
		return 0;
	}
	if (source && *source)
		return kc_err_set(err, "error when no last-applied-configuration annotation found on resource: %s\n \"%s\": <nil>",
				  name, source);
	return 0; /* kubectl's AddSourceToErr(…, nil) is nil without a source */
}

int cmd_apply_view_last_applied(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_APPLY_VIEW_USE, .long_ = HELP_APPLY_VIEW_LONG,
		.example = HELP_APPLY_VIEW_EXAMPLE,
	};
	const char *output = "yaml", *kustomize = "", *selector = "";
	int all = 0, recursive = 0;
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT, configs = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("all", 0, &all, U_APPLY_VIEW_ALL),
		OPT_STRSLICE("filename", 'f', &files, U_APPLY_VIEW_FILENAME),
		OPT_STRING("kustomize", 'k', &kustomize, U_APPLY_VIEW_KUSTOMIZE),
		OPT_STRING("output", 'o', &output, U_APPLY_VIEW_OUTPUT),
		OPT_BOOL("recursive", 'R', &recursive, U_APPLY_VIEW_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_APPLY_VIEW_SELECTOR),
		OPT_END(),
	};
	struct apply_set set;
	memset(&set, 0, sizeof set);
	char *ns = NULL;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc)
		goto out;
	if (!kc_ctx_rest_config(ctx, err)) {
		rc = -1;
		goto out;
	}
	int explicit_ns = 0;
	if (!(ns = create_namespace(ctx, &explicit_ns, err))) {
		rc = -1;
		goto out;
	}
	if (all || *selector || *kustomize) {
		rc = kc_err_set(err, "kc: apply view-last-applied %s is not implemented yet",
				all ? "--all" : *selector ? "--selector" : "-k");
		goto out;
	}
	if (!files.nr && !args.nr) {
		rc = kc_err_set(err, "You must provide one or more resources by argument or filename.\n"
				"Example resource specifications include:\n"
				"   '-f rsrc.yaml'\n"
				"   '--filename=rsrc.json'\n"
				"   '<resource> <name>'\n"
				"   '<resource>'");
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		rc = -1;
		goto out;
	}
	if (files.nr) {
		struct apply_opts o = { .dry_run = "none", .validate = "ignore", .ns = ns,
					.explicit_ns = explicit_ns, .prog = ctx->prog };
		if (apply_load(c, &files, recursive, &o, &set, err) < 0) {
			rc = -1;
			goto out;
		}
		for (size_t i = 0; i < set.n && rc == 0; i++) {
			char *path = apply_object_path(&set.v[i], 1, NULL, NULL, NULL, NULL);
			json_t *live = kc_client_get_json(c, path, err);
			free(path);
			if (!live)
				rc = -1;
			else
				rc = view_collect(live, set.v[i].name, set.v[i].source, &configs, err);
			json_decref(live);
		}
		if (rc == 0 && set.load_failed) {
			kc_err_move(err, &set.load_err);
			rc = -1;
		}
	} else {
		/* TYPE/NAME ... or TYPE NAME ... */
		const char *type = NULL;
		for (size_t i = 0; i < args.nr && rc == 0; i++) {
			const char *a = args.v[i];
			const char *slash = strchr(a, '/');
			char *t = NULL;
			const char *name;
			if (slash) {
				t = strndup(a, (size_t)(slash - a));
				name = slash + 1;
			} else if (!type) {
				type = a;
				if (args.nr == 1) {
					rc = kc_err_set(err, "kc: apply view-last-applied TYPE without names is not implemented yet");
				}
				continue;
			} else {
				name = a;
			}
			const struct kc_api_resource *r = kc_client_resource(c, t ? t : type, err);
			free(t);
			if (!r) {
				rc = -1;
				break;
			}
			char *path = kc_resource_path(r, r->namespaced ? ns : NULL, name);
			struct kc_request req = KC_REQUEST_INIT;
			struct kc_response resp;
			req.path = path;
			if (kc_client_do(c, &req, &resp, err) < 0) {
				rc = -1;
			} else if (resp.code < 200 || resp.code > 299) {
				struct kc_err_hint hint = { r->group, r->name, name, "get", 0 };
				rc = kc_status_error(&resp, &hint, err);
			} else {
				json_t *live = json_parse(resp.body.buf, resp.body.len, err);
				rc = live ? view_collect(live, name, NULL, &configs, err) : -1;
				json_decref(live);
			}
			kc_response_release(&resp);
			free(path);
		}
	}
	for (size_t i = 0; i < configs.nr && rc == 0; i++) {
		const char *s = configs.v[i];
		struct strbuf out = STRBUF_INIT;
		json_t *v = json_parse(s, strlen(s), err);
		if (!v) {
			rc = -1;
		} else if (!strcmp(output, "json")) {
			json_emit(&out, v, JSON_OUT_INDENT2);
			/* json.Indent keeps the trailing whitespace of the annotation */
			size_t n = strlen(s);
			while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
				     s[n - 1] == '\r'))
				n--;
			strbuf_addstr(&out, s + n);
		} else if (!strcmp(output, "yaml")) {
			yaml_emit(&out, v);
		} else {
			rc = create_usage_error(ctx, err, "Unexpected -o output mode: %s, the flag 'output' must be one of yaml|json",
						output);
		}
		if (rc == 0)
			fwrite(out.buf, 1, out.len, stdout);
		strbuf_release(&out);
		json_decref(v);
	}
out:
	free(ns);
	apply_set_release(&set);
	strvec_clear(&files);
	strvec_clear(&args);
	strvec_clear(&configs);
	return rc < 0 ? -1 : 0;
}
