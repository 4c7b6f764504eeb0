/* kc set image: kubectl set image (k8s.io/kubectl/pkg/cmd/set/set_image.go):
 * change container images in pod templates with a strategic merge patch
 * computed by a two-way diff (kube/smp.h), as CalculatePatches does. */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_rollout.h"
#include "cli/cmd_rollout_help.h"
#include "cli/kc.h"
#include "kube/smp.h"
#include "util/json.h"

/* polymorphichelpers.UpdatePodSpecForObject: the pod spec inside obj
 * (borrowed), or NULL with the Go type name kubectl reports in *gotype. */
json_t *kc_pod_spec_of(json_t *obj, const char *group, const char *kind, const char **gotype);

json_t *kc_pod_spec_of(json_t *obj, const char *group, const char *kind, const char **gotype)
{
	json_t *spec = json_object_get(obj, "spec");
	*gotype = NULL;
	if (!*group && !strcmp(kind, "Pod"))
		return spec;
	if ((!*group && !strcmp(kind, "ReplicationController")) ||
	    (!strcmp(group, "apps") && (!strcmp(kind, "Deployment") || !strcmp(kind, "DaemonSet") ||
					!strcmp(kind, "ReplicaSet") || !strcmp(kind, "StatefulSet"))) ||
	    (!strcmp(group, "batch") && !strcmp(kind, "Job")))
		return json_object_get(json_object_get(spec, "template"), "spec");
	if (!strcmp(group, "batch") && !strcmp(kind, "CronJob"))
		return json_object_get(json_object_get(json_object_get(json_object_get(spec, "jobTemplate"), "spec"), "template"), "spec");
	/* Go's %T of the typed object kubectl decoded */
	static char buf[160];
	const char *v = "v1";
	snprintf(buf, sizeof buf, "*%s.%s", v, kind);
	*gotype = buf;
	return NULL;
}

/* The "name=image" pairs: resources first, then pairs (cmdutil.GetResourcesAndPairs). */
static int split_pairs(const struct strvec *args, struct strvec *res, struct strvec *keys,
		       struct strvec *vals, struct kc_err *err)
{
	int seen_pair = 0;
	for (size_t i = 0; i < args->nr; i++) {
		const char *a = args->v[i];
		const char *eq = strchr(a, '=');
		if (eq && eq != a) {
			seen_pair = 1;
			char *k = xstrndup(a, (size_t)(eq - a));
			/* ParsePairs: later pairs replace earlier ones */
			size_t j;
			for (j = 0; j < keys->nr && strcmp(keys->v[j], k); j++)
				;
			if (j < keys->nr) {
				free(k);
				free(vals->v[j]);
				vals->v[j] = xstrdup(eq + 1);
			} else {
				strvec_push_nodup(keys, k);
				strvec_push(vals, eq + 1);
			}
		} else if (seen_pair) {
			return kc_err_set(err, "all resources must be specified before image changes: %s", a);
		} else {
			strvec_push(res, a);
		}
	}
	return 0;
}

static const struct kc_option *find_opt(const struct kc_option *a, const struct kc_option *b,
				       const char *name, size_t n, char shortc)
{
	const struct kc_option *sets[2] = { a, b };
	for (int k = 0; k < 2; k++)
		for (const struct kc_option *o = sets[k]; o && o->type; o++)
			if (shortc ? o->short_name == shortc
				   : (strlen(o->long_name) == n && !strncmp(o->long_name, name, n)))
				return o;
	return NULL;
}

/* The change-cause --record writes (cli-runtime parseCommandArguments): the
 * program, the positional words, then each flag as it was given, as
 * " --name=value". */
static char *change_cause(struct kc_ctx *ctx, const char *cmd_path, int argc, const char **argv,
			  const struct kc_option *opts)
{
	struct strbuf words = STRBUF_INIT, flags = STRBUF_INIT;
	strbuf_addf(&words, "%s %s", ctx->prog, cmd_path);
	int dashdash = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || !a[1]) {
			strbuf_addf(&words, " %s", a);
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = 1;
			continue;
		}
		const struct kc_option *o;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_opt(opts, ctx->global_opts, a + 2, n, 0);
			if (eq)
				val = eq + 1;
		} else {
			o = find_opt(opts, ctx->global_opts, NULL, 0, a[1]);
			if (a[2])
				val = a[2] == '=' ? a + 3 : a + 2;
		}
		if (!o)
			continue;
		if (!val)
			val = o->type == OPT_T_BOOL ? "true" : (i + 1 < argc ? argv[++i] : "");
		strbuf_addf(&flags, " --%s=%s", o->long_name, val);
	}
	strbuf_addbuf(&words, &flags);
	strbuf_release(&flags);
	return strbuf_detach(&words, NULL);
}

static int set_image_in(json_t *containers, const char *name, const char *image)
{
	int found = 0;
	size_t i;
	json_t *c;
	json_array_foreach(containers, i, c) {
		const char *cn = json_string_value(json_object_get(c, "name"));
		if (!strcmp(name, "*") || (cn && !strcmp(cn, name))) {
			found = 1;
			json_object_set_new(c, "image", json_string(image));
		}
	}
	return found;
}

static int cmd_set_image(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_SET_IMAGE_USE, .long_ = HELP_SET_IMAGE_LONG, .example = HELP_SET_IMAGE_EXAMPLE,
	};
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT, res = STRVEC_INIT;
	struct strvec keys = STRVEC_INIT, vals = STRVEC_INIT;
	const char *kustomize = "", *selector = "", *output = "", *template_arg = "", *dry_run = "none";
	const char *field_manager = "kubectl-set";
	int recursive = 0, allow_missing = 1, show_managed = 0, all = 0, local = 0, record = 0, record_set = 0;
	const struct kc_option opts[] = {
		OPT_BOOL("all", 0, &all, U_SET_IMAGE_ALL),
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_SET_IMAGE_ALLOW_MISSING_TEMPLATE_KEYS),
		{ OPT_T_STRING, "dry-run", 0, &dry_run, U_SET_IMAGE_DRY_RUN, "unchanged", 0, NULL, NULL },
		OPT_STRING("field-manager", 0, &field_manager, U_SET_IMAGE_FIELD_MANAGER),
		OPT_STRSLICE("filename", 'f', &files, U_SET_IMAGE_FILENAME),
		OPT_STRING("kustomize", 'k', &kustomize, U_SET_IMAGE_KUSTOMIZE),
		OPT_BOOL("local", 0, &local, U_SET_IMAGE_LOCAL),
		OPT_STRING("output", 'o', &output, U_SET_IMAGE_OUTPUT),
		{ OPT_T_BOOL, "record", 0, &record, "Record current kubectl command in the resource annotation. If set to false, do not record the command. If set to true, record the command. If not set, default to updating the existing annotation value only if one already exists.", NULL, OPT_HIDDEN, &record_set, NULL },
		OPT_BOOL("recursive", 'R', &recursive, U_SET_IMAGE_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_SET_IMAGE_SELECTOR),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_SET_IMAGE_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_SET_IMAGE_TEMPLATE),
		OPT_END(),
	};
	struct ro_targets t = RO_TARGETS_INIT;
	struct strbuf mut_errs = STRBUF_INIT;
	int nmut = 0;
	char *cause = NULL;
	int ret = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	if (record_set) {
		fprintf(stderr, "Flag --record has been deprecated, --record will be removed in the future\n");
		if (record)
			cause = change_cause(ctx, "set image", argc, argv, opts);
	}
	if (!strcmp(dry_run, "unchanged")) {
		kc_klog('W', "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.");
		dry_run = "client";
	}
	if (strcmp(dry_run, "none") && strcmp(dry_run, "client") && strcmp(dry_run, "server")) {
		ret = kc_err_set(err, "Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".", dry_run);
		goto out;
	}
	if (*kustomize) {
		ret = kc_err_set(err, "-k is not implemented in kc yet");
		goto out;
	}
	if ((ret = split_pairs(&args, &res, &keys, &vals, err)) < 0)
		goto out;
	struct ro_select sel = { &res, &files, recursive, selector, all, local, !all };
	if ((ret = ro_resolve(ctx, &sel, &t, err)) < 0)
		goto out;
	/* Validate */
	{
		struct strbuf v = STRBUF_INIT;
		int nv = 0;
		if (all && *selector) {
			strbuf_addstr(&v, "cannot set --all and --selector at the same time");
			nv++;
		}
		if (!res.nr && !files.nr) {
			strbuf_addf(&v, "%sone or more resources must be specified as <resource> <name> or <resource>/<name>", nv ? "\n" : "");
			nv++;
		}
		if (!keys.nr) {
			strbuf_addf(&v, "%sat least one image update is required", nv ? "\n" : "");
			nv++;
		} else if (keys.nr > 1 && strvec_contains(&keys, "*")) {
			strbuf_addf(&v, "%sall containers are already specified by *, but saw more than one container_name=container_image pairs", nv ? "\n" : "");
			nv++;
		}
		if (local && !strcmp(dry_run, "server")) {
			strbuf_addf(&v, "%scannot specify --local and --dry-run=server - did you mean --dry-run=client?", nv ? "\n" : "");
			nv++;
		}
		if (nv) {
			if (nv == 1)
				kc_err_set(err, "%s", v.buf);
			else
				kc_err_raw(err, "%s", v.buf);
			strbuf_release(&v);
			ret = -1;
			goto out;
		}
		strbuf_release(&v);
	}
	/* CalculatePatches: mutate every object first (errors about containers go
	 * first), then patch or print each */
	char **patches = xcalloc(t.n + 1, sizeof(*patches));
	json_t **mods = xcalloc(t.n + 1, sizeof(*mods));
	struct strbuf patch_errs = STRBUF_INIT;
	int npe = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct ro_target *tg = &t.v[i];
		const char *gotype;
		json_t *mod = json_deep_copy(tg->obj);
		json_t *ps = kc_pod_spec_of(mod, tg->res->group, tg->res->kind, &gotype);
		if (!ps) {
			json_decref(mod);
			if (patch_errs.len)
				strbuf_addch(&patch_errs, '\n');
			strbuf_addf(&patch_errs, "error: %s%s%s/%s the object is not a pod or does not have a pod template: %s\n",
				    tg->res->name, *tg->res->group ? "." : "", tg->res->group,
				    json_string_value(json_object_get(json_object_get(tg->obj, "metadata"), "name")),
				    gotype);
			npe++;
			continue;
		}
		for (size_t k = 0; k < keys.nr; k++) {
			int a = set_image_in(json_object_get(ps, "initContainers"), keys.v[k], vals.v[k]);
			int b = set_image_in(json_object_get(ps, "containers"), keys.v[k], vals.v[k]);
			if (!a && !b) {
				if (mut_errs.len)
					strbuf_addch(&mut_errs, '\n');
				strbuf_addf(&mut_errs, "error: unable to find container named \"%s\"", keys.v[k]);
				nmut++;
			}
		}
		if (cause) {
			json_t *meta = json_object_get(mod, "metadata");
			json_t *ann = json_object_get(meta, "annotations");
			if (!json_is_object(ann)) {
				ann = json_object();
				json_object_set_new(meta, "annotations", ann);
			}
			json_object_set_new(ann, "kubernetes.io/change-cause", json_string(cause));
		}
		struct kc_err e = KC_ERR_INIT;
		json_t *patch = smp_create_two_way(tg->obj, mod, tg->res->group, tg->res->kind, &e);
		if (!patch) {
			ro_add_err(&t, &e);
			kc_err_release(&e);
			json_decref(mod);
			continue;
		}
		struct strbuf pb = STRBUF_INIT;
		json_emit(&pb, patch, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		json_decref(patch);
		patches[i] = strbuf_detach(&pb, NULL);
		mods[i] = mod;
	}
	/* the aggregate: mutation errors, then each object's */
	struct ro_targets agg = RO_TARGETS_INIT;
	if (mut_errs.len) {
		strbuf_addbuf(&agg.errs, &mut_errs);
		agg.nerrs = nmut;
	}
	for (size_t i = 0; i < t.n; i++) {
		const struct ro_target *tg = &t.v[i];
		if (!patches[i] || !strcmp(patches[i], "{}"))
			continue;
		struct kc_err e = KC_ERR_INIT;
		const char *op = !strcmp(dry_run, "client") ? "image updated (dry run)"
				 : !strcmp(dry_run, "server") ? "image updated (server dry run)" : "image updated";
		if (local || !strcmp(dry_run, "client")) {
			ro_print(tg->res, mods[i], output, template_arg, allow_missing, show_managed,
				 local && strcmp(dry_run, "client") ? "image updated" : op, &e);
		} else {
			json_t *got = ro_patch(t.client, tg, "application/strategic-merge-patch+json", patches[i],
					       field_manager, !strcmp(dry_run, "server"), &e);
			if (!got)
				kc_err_prefix(&e, "failed to patch image update to pod template: ");
			else
				ro_print(tg->res, got, output, template_arg, allow_missing, show_managed, op, &e);
			json_decref(got);
		}
		if (kc_err_isset(&e))
			ro_add_err(&agg, &e);
		kc_err_release(&e);
	}
	if (patch_errs.len) {
		if (agg.errs.len)
			strbuf_addch(&agg.errs, '\n');
		strbuf_addbuf(&agg.errs, &patch_errs);
		agg.nerrs += npe;
		agg.only_plain = 0; /* they carry their own "error: " */
	}
	/* lookup errors (NotFound …) first, as the builder reports them */
	if (t.errs.len) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addbuf(&m, &t.errs);
		if (agg.errs.len)
			strbuf_addf(&m, "\n%s", agg.errs.buf);
		strbuf_reset(&agg.errs);
		strbuf_addbuf(&agg.errs, &m);
		agg.nerrs += t.nerrs;
		agg.only_plain = t.only_plain && agg.nerrs == 1;
		strbuf_release(&m);
	}
	if (agg.nerrs == 1 && starts_with(agg.errs.buf, "error: ")) {
		/* one error that carries its own "error: " */
		agg.only_plain = 0;
	}
	ret = ro_finish(&agg, 0, err);
	ro_targets_release(&agg);
	strbuf_release(&patch_errs);
	for (size_t i = 0; i < t.n; i++) {
		free(patches[i]);
		json_decref(mods[i]);
	}
	free(patches);
	free(mods);
out:
	free(cause);
	strbuf_release(&mut_errs);
	ro_targets_release(&t);
	strvec_clear(&files);
	strvec_clear(&args);
	strvec_clear(&res);
	strvec_clear(&keys);
	strvec_clear(&vals);
	return ret;
}

const struct kc_cmd kc_set_cmds[] = {
	{ "image", cmd_set_image, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int cmd_set_group(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_SET_USE, .long_ = HELP_SET_LONG, .subcommands = HELP_SET_SUBCOMMANDS,
	};
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, NULL, &help, &args, err);
	if (rc == 0 && args.nr)
		rc = create_usage_error(ctx, err, "unknown command \"%s\"", args.v[0]);
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	/* cmdutil.DefaultSubCommandRun(streams.ErrOut): help on stderr, exit 1 */
	kc_print_help(ctx, stderr, NULL, &help);
	return 1;
}
