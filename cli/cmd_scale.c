/* kc scale: kubectl scale (k8s.io/kubectl/pkg/cmd/scale): GET the objects (in
 * parallel), then per object a merge PATCH of its /scale subresource, or with
 * --current-replicas / --resource-version a GET + PUT of /scale with kubectl's
 * precondition errors; --timeout waits until the scale's status matches.
 * Also the -o printer scale and wait share (struct verbs_printer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/client_setup.h"
#include "cli/cmd_verbs.h"
#include "cli/cmd_verbs_help.h"
#include "cli/kc.h"
#include "kube/jsonpath.h"
#include "kube/printers.h"
#include "kube/targets.h"
#include "kube/wait.h"
#include "util/json.h"
#include "util/yaml.h"

int verbs_printer_init(struct verbs_printer *p, const char *output, const char *template_arg,
		       int allow_missing, int show_managed, struct kc_err *err)
{
	memset(p, 0, sizeof(*p));
	p->output = output;
	p->show_managed = show_managed;
	if (!*output && *template_arg)
		output = p->output = "go-template";
	if (!*output || !strcmp(output, "name") || !strcmp(output, "json") || !strcmp(output, "yaml"))
		return 0;
	int rc = kubectl_tprinter_new(output, template_arg, allow_missing, 0, 0, &p->tp, err);
	if (rc > 0 && strncmp(output, "custom-columns", 14))
		rc = kc_gotmpl_new(output, template_arg, allow_missing, &p->gt, err);
	else if (rc == 0 && !strncmp(output, "custom-columns", 14)) {
		kubectl_tprinter_free(p->tp);
		p->tp = NULL;
		rc = 1;
	}
	if (rc > 0)
		return kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml", output);
	return rc < 0 ? -1 : 0;
}

int verbs_print(struct verbs_printer *p, json_t *obj, const char *kind, const char *name,
		const char *op, struct kc_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int ret = 0;
	const char *o = p->output;
	if (!*o) {
		strbuf_addf(&out, "%s/%s %s\n", kind, name, op);
	} else if (!strcmp(o, "name")) {
		strbuf_addf(&out, "%s/%s\n", kind, name);
	} else if (!strcmp(o, "json") || !strcmp(o, "yaml")) {
		if (!p->show_managed)
			json_object_del(json_object_get(obj, "metadata"), "managedFields");
		if (!strcmp(o, "json")) {
			json_emit(&out, obj, JSON_OUT_SORT_KEYS);
			strbuf_addch(&out, '\n');
		} else {
			ret = yaml_emit_checked(&out, obj, err);
		}
	} else if (p->gt) {
		ret = kc_gotmpl_print(p->gt, obj, &out, err);
	} else if (p->tp) {
		const json_t *one = obj;
		ret = kubectl_tprinter_print(p->tp, &one, 1, &out, err);
	}
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	return ret;
}

void verbs_printer_release(struct verbs_printer *p)
{
	if (p->tp)
		kubectl_tprinter_free(p->tp);
	kc_gotmpl_free(p->gt);
	p->tp = NULL;
	p->gt = NULL;
}

/* "Error from server (NotFound): MSG" -> "MSG" (a StatusError's Error()). */
static const char *bare(const char *m)
{
	if (starts_with(m, "Error from server (")) {
		const char *c = strstr(m, "): ");
		if (c)
			return c + 3;
	}
	if (starts_with(m, "Error from server: "))
		return m + strlen("Error from server: ");
	return m;
}

static char *scale_path(const struct kc_target *x, const char *dry)
{
	char *base = kc_resource_path(x->res, *x->ns ? x->ns : NULL, x->name);
	char *p = xasprintf("%s/scale%s", base, !strcmp(dry, "server") ? "?dryRun=All" : "");
	free(base);
	return p;
}

/* One request; non-2xx turned into kubectl's error. Returns the parsed body
 * (new reference; JSON null for an empty body) or NULL + err. */
static json_t *send(struct kc_client *c, struct kc_request *req, const struct kc_target *x,
		    const char *verb, struct kc_err *err)
{
	struct kc_response resp;
	if (kc_client_do(c, req, &resp, err) < 0) {
		kc_response_release(&resp);
		return NULL;
	}
	if (resp.code < 200 || resp.code > 299) {
		struct kc_err_hint hint = { x->res->group, x->res->name, x->name, verb, 0 };
		kc_status_error(&resp, &hint, err);
		kc_response_release(&resp);
		return NULL;
	}
	json_t *doc = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	kc_response_release(&resp);
	return doc ? doc : json_null();
}

static int scale_one(struct kc_client *c, const struct kc_target *x, long replicas, long current,
		     const char *rv, const char *dry, long long timeout_ms, struct kc_err *err)
{
	char *path = scale_path(x, dry);
	char *getpath = scale_path(x, "none");
	struct kc_request req = KC_REQUEST_INIT;
	json_t *doc = NULL;
	int ret = 0;
	if (current != -1 || *rv) {
		req.path = getpath;
		json_t *sc = send(c, &req, x, "get", err);
		if (!sc) {
			ret = -1;
			goto out;
		}
		json_t *spec = json_object_get(sc, "spec");
		long long have = json_integer_value(json_object_get(spec, "replicas"));
		const char *have_rv = json_string_value(json_object_get(json_object_get(sc, "metadata"), "resourceVersion"));
		if (current != -1 && have != current) {
			json_decref(sc);
			ret = kc_err_set(err, "Expected replicas to be %ld, was %lld", current, have);
			goto out;
		}
		if (*rv && strcmp(rv, have_rv ? have_rv : "")) {
			ret = kc_err_set(err, "Expected resource version to be %s, was %s", rv, have_rv ? have_rv : "");
			json_decref(sc);
			goto out;
		}
		if (!json_is_object(spec)) {
			spec = json_object();
			json_object_set_new(sc, "spec", spec);
		}
		json_object_set_new(spec, "replicas", json_integer(replicas));
		struct strbuf body = STRBUF_INIT;
		json_emit(&body, sc, JSON_OUT_COMPACT);
		json_decref(sc);
		struct kc_request put = KC_REQUEST_INIT;
		put.method = "PUT";
		put.path = path;
		put.body = body.buf;
		put.body_len = body.len;
		doc = send(c, &put, x, "update", err);
		strbuf_release(&body);
	} else {
		char *body = xasprintf("{\"spec\":{\"replicas\":%ld}}", replicas);
		struct kc_request patch = KC_REQUEST_INIT;
		patch.method = "PATCH";
		patch.path = path;
		patch.content_type = "application/merge-patch+json";
		patch.body = body;
		patch.body_len = strlen(body);
		doc = send(c, &patch, x, "patch", err);
		free(body);
	}
	if (!doc) {
		ret = -1;
		goto out;
	}
	json_decref(doc);
	if (timeout_ms > 0 && !strcmp(dry, "none")) {
		/* scale.WaitForScaleHasDesiredReplicas: poll the scale every second */
		long long deadline = kc_now_ms() + timeout_ms;
		for (;;) {
			req.path = getpath;
			json_t *sc = send(c, &req, x, "get", err);
			if (!sc) {
				ret = -1;
				goto out;
			}
			long long want = json_integer_value(json_object_get(json_object_get(sc, "spec"), "replicas"));
			long long have = json_integer_value(json_object_get(json_object_get(sc, "status"), "replicas"));
			json_decref(sc);
			if (want != replicas || have == want)
				break;
			if (kc_now_ms() + 1000 > deadline) {
				ret = kc_err_set(err, "timed out waiting for \"%s\" to be synced: timed out waiting for the condition", x->name);
				goto out;
			}
			struct timespec ts = { 1, 0 };
			nanosleep(&ts, NULL);
		}
	}
out:
	free(path);
	free(getpath);
	return ret;
}

int cmd_scale(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_SCALE_USE, .long_ = HELP_SCALE_LONG, .example = HELP_SCALE_EXAMPLE,
	};
	const char *dry_run = "none", *kustomize = "", *output = "", *rv = "", *selector = "";
	const char *template_arg = "", *timeout = "0s";
	int all = 0, allow_missing = 1, recursive = 0, show_managed = 0, replicas_set = 0;
	long current = -1, replicas = 0;
	struct strvec filenames = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("all", 0, &all, U_SCALE_ALL),
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_SCALE_ALLOW_MISSING_TEMPLATE_KEYS),
		OPT_INT("current-replicas", 0, &current, U_SCALE_CURRENT_REPLICAS),
		{ OPT_T_STRING, "dry-run", 0, &dry_run, U_SCALE_DRY_RUN, "unchanged", 0, NULL, NULL },
		OPT_STRSLICE("filename", 'f', &filenames, U_SCALE_FILENAME),
		OPT_STRING("kustomize", 'k', &kustomize, U_SCALE_KUSTOMIZE),
		OPT_STRING("output", 'o', &output, U_SCALE_OUTPUT),
		OPT_BOOL("recursive", 'R', &recursive, U_SCALE_RECURSIVE),
		{ OPT_T_INT, "replicas", 0, &replicas, U_SCALE_REPLICAS, NULL, 0, &replicas_set, NULL },
		OPT_STRING("resource-version", 0, &rv, U_SCALE_RESOURCE_VERSION),
		OPT_STRING("selector", 'l', &selector, U_SCALE_SELECTOR),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_SCALE_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_SCALE_TEMPLATE),
		OPT_DURATION("timeout", 0, &timeout, U_SCALE_TIMEOUT),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, errs = STRVEC_INIT, bare_errs = STRVEC_INIT;
	struct kc_targets t = KC_TARGETS_INIT;
	struct strbuf terrs = STRBUF_INIT, kind = STRBUF_INIT;
	struct verbs_printer pr;
	struct kc_request *reqs = NULL;
	struct kc_response *resps = NULL;
	char **paths = NULL, **gerr = NULL;
	size_t nreq = 0;
	const char *dry = "none";
	int ret = 0;
	memset(&pr, 0, sizeof(pr));
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (!replicas_set) {
		ret = kc_err_set(err, "required flag(s) \"replicas\" not set");
		goto out;
	}
	if (verbs_printer_init(&pr, output, template_arg, allow_missing, show_managed, err) < 0 ||
	    verbs_dry_run(dry_run, &dry, err) < 0) {
		ret = -1;
		goto out;
	}
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		ret = -1;
		goto out;
	}
	if (replicas < 0) {
		ret = kc_err_set(err, "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
		goto out;
	}
	if (current < -1) {
		ret = kc_err_set(err, "The --current-replicas must specify an integer of -1 or greater");
		goto out;
	}
	if (*kustomize) {
		ret = kc_err_set(err, "scale -k is not implemented in kc yet");
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	struct kc_target_spec spec = {
		&args, &filenames, recursive, rcfg->namespace, ctx->g.namespace && *ctx->g.namespace, 0,
		selector, "", all, all, ctx->prog, "get", NULL,
	};
	if (kc_targets_resolve(c, &spec, &t, &terrs, err) < 0) {
		ret = -1;
		goto out;
	}
	verbs_split_errs(&errs, &terrs);
	for (size_t i = 0; i < errs.nr; i++)
		strvec_push(&bare_errs, bare(errs.v[i]));
	/* the builder GETs every object it was given by name (lists and files
	 * give it the object) */
	resps = xcalloc(t.n ? t.n : 1, sizeof(*resps));
	reqs = xcalloc(t.n ? t.n : 1, sizeof(*reqs));
	paths = xcalloc(t.n ? t.n : 1, sizeof(*paths));
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].obj)
			continue;
		struct kc_request r = KC_REQUEST_INIT;
		paths[i] = kc_resource_path(t.v[i].res, *t.v[i].ns ? t.v[i].ns : NULL, t.v[i].name);
		r.path = paths[i];
		reqs[nreq++] = r;
	}
	struct kc_response *rp = xcalloc(nreq ? nreq : 1, sizeof(*rp));
	gerr = xcalloc(t.n ? t.n : 1, sizeof(*gerr));
	kc_client_do_all(c, reqs, rp, nreq);
	size_t k = 0, ninfos = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (!paths[i]) {
			ninfos++;
			continue;
		}
		struct kc_response *r = &rp[k++];
		json_decref(t.v[i].obj);
		t.v[i].obj = NULL;
		if (kc_err_isset(&r->err)) {
			gerr[i] = xstrdup(r->err.msg.buf);
			strvec_push(&bare_errs, r->err.msg.buf);
		} else if (r->code < 200 || r->code > 299) {
			struct kc_err e = KC_ERR_INIT;
			struct kc_err_hint hint = { t.v[i].res->group, t.v[i].res->name, t.v[i].name, "get", 0 };
			kc_status_error(r, &hint, &e);
			gerr[i] = xstrdup(e.msg.buf);
			/* the Status message; the aggregate drops repeats */
			struct strbuf m = STRBUF_INIT;
			const char *li = "You must be logged in to the server (";
			if (!strcmp(e.reason, "Unauthorized") && starts_with(e.msg.buf, li) &&
			    strbuf_ends_with(&e.msg, ")"))
				strbuf_add(&m, e.msg.buf + strlen(li), e.msg.len - strlen(li) - 1);
			else
				strbuf_addstr(&m, bare(e.msg.buf));
			if (!strvec_contains(&bare_errs, m.buf))
				strvec_push(&bare_errs, m.buf);
			strbuf_release(&m);
			kc_err_release(&e);
		} else {
			t.v[i].obj = json_loadb(r->body.buf, r->body.len, 0, NULL);
			ninfos += t.v[i].obj != NULL;
		}
		kc_response_release(r);
	}
	free(rp);
	if (*rv && ninfos > 1) {
		ret = kc_err_set(err, "cannot use --resource-version with multiple resources");
		goto out;
	}
	if (!ninfos) {
		if (!bare_errs.nr) {
			ret = kc_err_set(err, "no objects passed to scale");
		} else if (bare_errs.nr == 1) {
			ret = kc_err_set(err, "no objects passed to scale %s", bare_errs.v[0]);
		} else {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < bare_errs.nr; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", bare_errs.v[i]);
			ret = kc_err_set(err, "no objects passed to scale [%s]", sb.buf);
			strbuf_release(&sb);
		}
		goto out;
	}
	const char *op = !strcmp(dry, "client") ? "scaled (dry run)" :
			 !strcmp(dry, "server") ? "scaled (server dry run)" : "scaled";
	long long tmo = verbs_duration_ms(timeout);
	struct strvec run_errs = STRVEC_INIT;
	for (size_t i = 0; i < t.n; i++) {
		struct kc_target *x = &t.v[i];
		if (gerr[i])
			strvec_push(&run_errs, gerr[i]);
		if (!x->obj)
			continue;
		struct kc_err e = KC_ERR_INIT;
		if (strcmp(dry, "client") &&
		    scale_one(c, x, replicas, current, rv, dry, tmo, &e) < 0) {
			strvec_push(&run_errs, e.msg.buf);
			kc_err_release(&e);
			continue;
		}
		strbuf_reset(&kind);
		kc_kind_group(&kind, x->res);
		if (verbs_print(&pr, x->obj, kind.buf, x->name, op, &e) < 0) {
			strvec_push(&run_errs, e.msg.buf);
			kc_err_release(&e);
		}
	}
	for (size_t i = 0; i < run_errs.nr; i++)
		strvec_push(&errs, run_errs.v[i]);
	strvec_clear(&run_errs);
	ret = verbs_errors(&errs, err);
	if (!ret)
		ret = kc_finish_output(err);
out:
	ret = kc_ctx_finish(ctx, ret, err);
	if (paths)
		for (size_t i = 0; i < t.n; i++)
			free(paths[i]);
	if (gerr)
		for (size_t i = 0; i < t.n; i++)
			free(gerr[i]);
	free(gerr);
	free(paths);
	free(reqs);
	free(resps);
	verbs_printer_release(&pr);
	kc_targets_release(&t);
	strbuf_release(&terrs);
	strbuf_release(&kind);
	strvec_clear(&errs);
	strvec_clear(&bare_errs);
	strvec_clear(&args);
	strvec_clear(&filenames);
	return ret;
}
