/* kc delete: kubectl delete (k8s.io/kubectl/pkg/cmd/delete). The DELETEs are sent
 * in parallel over the client's connection and the lines printed in kubectl's
 * order; --wait then waits with one LIST + WATCH per type and namespace
 * (kube/wait.h) instead of kubectl's one GET (+ WATCH) per object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/client_setup.h"
#include "cli/cmd_verbs.h"
#include "cli/cmd_verbs_help.h"
#include "cli/kc.h"
#include "kube/targets.h"
#include "kube/wait.h"
#include "util/gostr.h"
#include "util/json.h"

/* Namespaces and CRDs: deleting one deletes other objects */
static int is_container_kind(const struct kc_api_resource *r)
{
	return (!*r->group && !strcmp(r->name, "namespaces")) ||
	       (!strcmp(r->group, "apiextensions.k8s.io") && !strcmp(r->name, "customresourcedefinitions"));
}

int verbs_dry_run(const char *v, const char **out, struct kc_err *err)
{
	if (!strcmp(v, "unchanged")) {
		kc_klog('W', "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.");
		*out = "client";
		return 0;
	}
	if (!strcmp(v, "none") || !strcmp(v, "client") || !strcmp(v, "server")) {
		*out = v;
		return 0;
	}
	int b;
	if (go_parse_bool(v, &b) == 0) {
		kc_klog('W', "helpers.go:707", "--dry-run=%s is deprecated (boolean value) and can be replaced with --dry-run=%s.",
			v, b ? "client" : "none");
		*out = b ? "client" : "none";
		return 0;
	}
	return kc_err_set(err, "Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".", v);
}

long long verbs_duration_ms(const char *d)
{
	int64_t ns = 0;
	struct strbuf e = STRBUF_INIT;
	if (go_parse_duration(d, &ns, &e) < 0)
		ns = 0;
	strbuf_release(&e);
	return ns / 1000000;
}

int verbs_errors(struct strvec *errs, struct kc_err *err)
{
	if (!errs->nr)
		return 0;
	if (errs->nr == 1 && !starts_with(errs->v[0], "Error from server") &&
	    !starts_with(errs->v[0], "error: ") &&
	    !starts_with(errs->v[0], "The connection to the server") &&
	    !starts_with(errs->v[0], "Unable to connect to the server"))
		return kc_err_set(err, "%s", errs->v[0]);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < errs->nr; i++) {
		if (i)
			strbuf_addch(&sb, '\n');
		strbuf_addstr(&sb, errs->v[i]);
	}
	kc_err_raw(err, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

void verbs_split_errs(struct strvec *out, const struct strbuf *errs)
{
	if (!errs->len)
		return;
	/* one error per entry; a multi-line error (mapping errors) stays whole */
	const char *p = errs->buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		while (nl && starts_with(nl + 1, "ensure CRDs"))
			nl = strchr(nl + 1, '\n');
		if (!nl) {
			strvec_push(out, p);
			break;
		}
		strvec_push_nodup(out, xstrndup(p, (size_t)(nl - p)));
		p = nl + 1;
	}
}

static int parse_cascade(const char *v, const char **policy, struct kc_err *err)
{
	if (!strcmp(v, "background")) {
		*policy = "Background";
		return 0;
	}
	if (!strcmp(v, "foreground")) {
		*policy = "Foreground";
		return 0;
	}
	if (!strcmp(v, "orphan")) {
		*policy = "Orphan";
		return 0;
	}
	int b;
	if (go_parse_bool(v, &b) < 0)
		return kc_err_set(err, "invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", v);
	fprintf(stderr, "warning: --cascade=%s is deprecated (boolean value) and can be replaced with --cascade=%s.\n",
		v, b ? "background" : "orphan");
	*policy = b ? "Background" : "Orphan";
	return 0;
}

int cmd_delete(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_DELETE_USE, .long_ = HELP_DELETE_LONG, .example = HELP_DELETE_EXAMPLE,
	};
	const char *cascade = "background", *dry_run = "none", *field_selector = "", *kustomize = "";
	const char *output = "", *raw = "", *selector = "", *timeout = "0s";
	int all = 0, all_ns = 0, force = 0, ignore_nf = 0, ignore_nf_set = 0, interactive = 0;
	int now = 0, recursive = 0, wait_ = 1;
	long grace = -1;
	struct strvec filenames = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("all", 0, &all, U_DELETE_ALL),
		OPT_BOOL("all-namespaces", 'A', &all_ns, U_DELETE_ALL_NAMESPACES),
		{ OPT_T_STRING, "cascade", 0, &cascade, U_DELETE_CASCADE, "background", 0, NULL, NULL },
		{ OPT_T_STRING, "dry-run", 0, &dry_run, U_DELETE_DRY_RUN, "unchanged", 0, NULL, NULL },
		OPT_STRING("field-selector", 0, &field_selector, U_DELETE_FIELD_SELECTOR),
		OPT_STRSLICE("filename", 'f', &filenames, U_DELETE_FILENAME),
		OPT_BOOL("force", 0, &force, U_DELETE_FORCE),
		OPT_INT("grace-period", 0, &grace, U_DELETE_GRACE_PERIOD),
		{ OPT_T_BOOL, "ignore-not-found", 0, &ignore_nf, U_DELETE_IGNORE_NOT_FOUND, NULL, 0, &ignore_nf_set, NULL },
		OPT_BOOL("interactive", 'i', &interactive, U_DELETE_INTERACTIVE),
		OPT_STRING("kustomize", 'k', &kustomize, U_DELETE_KUSTOMIZE),
		OPT_BOOL("now", 0, &now, U_DELETE_NOW),
		OPT_STRING("output", 'o', &output, U_DELETE_OUTPUT),
		OPT_STRING("raw", 0, &raw, U_DELETE_RAW),
		OPT_BOOL("recursive", 'R', &recursive, U_DELETE_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_DELETE_SELECTOR),
		OPT_DURATION("timeout", 0, &timeout, U_DELETE_TIMEOUT),
		OPT_BOOL("wait", 0, &wait_, U_DELETE_WAIT),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, errs = STRVEC_INIT;
	struct kc_targets t = KC_TARGETS_INIT;
	struct strbuf terrs = STRBUF_INIT, out = STRBUF_INIT;
	struct kc_request *reqs = NULL;
	struct kc_response *resps = NULL;
	struct kc_wait_item *items = NULL;
	char **paths = NULL;
	size_t nitems = 0;
	const char *policy = "Background", *dry = "none";
	char *body = NULL;
	int ret = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (parse_cascade(cascade, &policy, err) < 0) {
		ret = -1;
		goto out;
	}
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		ret = -1;
		goto out;
	}
	int enforce_ns = ctx->g.namespace && *ctx->g.namespace;
	if ((all || *selector || *field_selector) && !ignore_nf_set)
		ignore_nf = 1;
	if (now) {
		if (grace != -1) {
			ret = kc_err_set(err, "--now and --grace-period cannot be specified together");
			goto out;
		}
		grace = 1;
	}
	if (grace == 0 && !force)
		grace = 1;
	if (force && grace < 0)
		grace = 0;
	if (verbs_dry_run(dry_run, &dry, err) < 0) {
		ret = -1;
		goto out;
	}
	if (*raw || *kustomize) {
		ret = kc_err_set(err, "delete --raw and -k are not implemented in kc yet");
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	struct kc_target_spec spec = {
		&args, &filenames, recursive, rcfg->namespace, enforce_ns, all_ns, selector,
		field_selector, all, 0, ctx->prog, "delete", NULL,
	};
	if (kc_targets_resolve(c, &spec, &t, &terrs, err) < 0) {
		ret = -1;
		goto out;
	}
	if (*output && strcmp(output, "name")) {
		ret = kc_err_set(err, "unexpected -o output mode: %s. We only support '-o name'", output);
		goto out;
	}
	if (all && *selector) {
		ret = kc_err_set(err, "cannot set --all and --selector at the same time");
		goto out;
	}
	if (all && *field_selector) {
		ret = kc_err_set(err, "cannot set --all and --field-selector at the same time");
		goto out;
	}
	if (grace == 0 && force)
		fprintf(stderr, "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
	else if (grace > 0 && force) {
		ret = kc_err_set(err, "--force and --grace-period greater than 0 cannot be specified together");
		goto out;
	}
	verbs_split_errs(&errs, &terrs);
	if (interactive && t.n) {
		fprintf(stdout, "You are about to delete the following %zu resource(s):\n", t.n);
		for (size_t i = 0; i < t.n; i++) {
			struct strbuf k = STRBUF_INIT;
			kc_kind_group(&k, t.v[i].res);
			fprintf(stdout, "%s/%s\n", k.buf, t.v[i].name);
			strbuf_release(&k);
		}
		fprintf(stdout, "Do you want to continue? (y/n): ");
		fflush(stdout);
		char line[64] = "";
		if (!fgets(line, sizeof(line), stdin))
			line[0] = 0;
		line[strcspn(line, "\r\n")] = 0;
		if (strcasecmp(line, "y")) {
			fprintf(stdout, "deletion is cancelled\n");
			ret = kc_finish_output(err);
			goto out;
		}
	}
	/* the DeleteOptions body, fields in metav1.DeleteOptions' order */
	{
		struct strbuf b = STRBUF_INIT;
		strbuf_addch(&b, '{');
		if (grace >= 0)
			strbuf_addf(&b, "\"gracePeriodSeconds\":%ld,", grace);
		strbuf_addf(&b, "\"propagationPolicy\":\"%s\"", policy);
		if (!strcmp(dry, "server"))
			strbuf_addstr(&b, ",\"dryRun\":[\"All\"]");
		strbuf_addch(&b, '}');
		body = strbuf_detach(&b, NULL);
	}
	const char *op = grace == 0 ? "force deleted" : "deleted";
	const char *suffix = !strcmp(dry, "client") ? " (dry run)" : !strcmp(dry, "server") ? " (server dry run)" : "";
	int client_dry = !strcmp(dry, "client");
	size_t n = t.n;
	if (!client_dry && n) {
		reqs = xcalloc(n, sizeof(*reqs));
		resps = xcalloc(n, sizeof(*resps));
		paths = xcalloc(n, sizeof(*paths));
		for (size_t i = 0; i < n; i++) {
			struct kc_request r = KC_REQUEST_INIT;
			paths[i] = kc_resource_path(t.v[i].res, *t.v[i].ns ? t.v[i].ns : NULL, t.v[i].name);
			r.method = "DELETE";
			r.path = paths[i];
			r.body = body;
			r.body_len = strlen(body);
			r.log_src = "helper.go:202";
			reqs[i] = r;
		}
		/* kubectl deletes one object after the other: deleting a Namespace
		 * (or a CRD) removes what it holds, so the objects after it in the
		 * list wait for its answer; the runs between them go in parallel */
		size_t start = 0;
		for (size_t i = 0; i <= n; i++) {
			int barrier = i < n && is_container_kind(t.v[i].res);
			if (i < n && !barrier)
				continue;
			if (i > start)
				kc_client_do_all(c, reqs + start, resps + start, i - start);
			if (barrier)
				kc_client_do_all(c, reqs + i, resps + i, 1);
			start = i + 1;
		}
		items = xcalloc(n, sizeof(*items));
	}
	int warn_cluster = enforce_ns && !all_ns;
	size_t found = 0;
	for (size_t i = 0; i < n; i++) {
		struct kc_target *x = &t.v[i];
		found++;
		if (warn_cluster && !x->res->namespaced) {
			fprintf(stderr, "Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n");
			warn_cluster = 0;
		}
		if (!client_dry) {
			struct kc_response *rp = &resps[i];
			if (kc_err_isset(&rp->err)) {
				strvec_push(&errs, rp->err.msg.buf);
				continue;
			}
			if (rp->code < 200 || rp->code > 299) {
				struct kc_err e = KC_ERR_INIT;
				struct kc_err_hint hint = { x->res->group, x->res->name, x->name, "delete", 0 };
				kc_status_error(rp, &hint, &e);
				if (!(ignore_nf && !strcmp(e.reason, "NotFound"))) {
					struct strbuf sb = STRBUF_INIT;
					if (x->source) {
						struct strbuf pre = STRBUF_INIT, m = STRBUF_INIT;
						strbuf_addf(&pre, "error when deleting \"%s\": ", x->source);
						kc_api_err_add_source(&m, &e, pre.buf);
						strbuf_reset(&e.msg);
						strbuf_addbuf(&e.msg, &m);
						strbuf_release(&pre);
						strbuf_release(&m);
					}
					kc_api_err_line(&sb, &e);
					strvec_push(&errs, sb.buf);
					strbuf_release(&sb);
				}
				kc_err_release(&e);
				continue;
			}
			/* the uid of what was deleted, to tell a re-created object apart */
			json_t *doc = json_loadb(rp->body.buf, rp->body.len, 0, NULL);
			const char *uid = NULL;
			if (json_is_object(doc)) {
				const char *kind = json_string_value(json_object_get(doc, "kind"));
				if (kind && !strcmp(kind, "Status"))
					uid = json_string_value(json_object_get(json_object_get(doc, "details"), "uid"));
				else
					uid = json_string_value(json_object_get(json_object_get(doc, "metadata"), "uid"));
			}
			struct kc_wait_item *it = &items[nitems++];
			it->res = x->res;
			it->ns = x->ns;
			it->name = x->name;
			it->uid = uid ? xstrdup(uid) : NULL;
			json_decref(doc);
		}
		strbuf_reset(&out);
		kc_kind_group(&out, x->res);
		if (!strcmp(output, "name"))
			fprintf(stdout, "%s/%s\n", out.buf, x->name);
		else
			fprintf(stdout, "%s \"%s\" %s%s\n", out.buf, x->name, op, suffix);
	}
	if (errs.nr) {
		ret = verbs_errors(&errs, err);
		goto out;
	}
	if (!found) {
		fprintf(stdout, "No resources found\n");
		ret = kc_finish_output(err);
		goto out;
	}
	if (wait_ && strcmp(dry, "none") == 0 && nitems) {
		fflush(stdout);
		long long tmo = verbs_duration_ms(timeout);
		if (tmo == 0)
			tmo = 168LL * 3600 * 1000;
		struct kc_wait_cond cond = { KC_WAIT_DELETE, NULL, NULL, NULL, NULL };
		if (kc_wait_run(c, &cond, items, nitems, tmo, err) < 0) {
			if (!strcmp(err->reason, "Forbidden") || !strcmp(err->reason, "MethodNotAllowed")) {
				kc_err_release(err);
			} else {
				ret = -1;
				goto out;
			}
		} else {
			for (size_t i = 0; i < nitems; i++) {
				if (!items[i].done) {
					ret = kc_err_set(err, "timed out waiting for the condition on %s/%s",
							 items[i].res->name, items[i].name);
					goto out;
				}
			}
		}
	}
	ret = kc_finish_output(err);
out:
	ret = kc_ctx_finish(ctx, ret, err);
	if (resps)
		for (size_t i = 0; i < t.n; i++)
			kc_response_release(&resps[i]);
	if (paths)
		for (size_t i = 0; i < t.n; i++)
			free(paths[i]);
	for (size_t i = 0; i < nitems; i++)
		free((char *)items[i].uid);
	kc_wait_items_release(items, nitems);
	free(items);
	free(paths);
	free(reqs);
	free(resps);
	free(body);
	kc_targets_release(&t);
	strbuf_release(&terrs);
	strbuf_release(&out);
	strvec_clear(&errs);
	strvec_clear(&args);
	strvec_clear(&filenames);
	return ret;
}
