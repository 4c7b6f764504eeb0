/* kc wait: kubectl wait (k8s.io/kubectl/pkg/cmd/wait) — --for=delete | create |
 * condition=NAME[=VALUE] | jsonpath='{…}'[=VALUE]. The objects named are fetched
 * in parallel; the waiting is kube/wait.h's (one LIST + WATCH per type and
 * namespace); the results are printed in kubectl's order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_verbs.h"
#include "cli/cmd_verbs_help.h"
#include "cli/kc.h"
#include "kube/targets.h"
#include "kube/wait.h"
#include "util/json.h"

int cmd_wait(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_WAIT_USE, .long_ = HELP_WAIT_LONG, .example = HELP_WAIT_EXAMPLE,
	};
	const char *field_selector = "", *for_ = "", *output = "", *selector = "", *template_arg = "";
	const char *timeout = "30s";
	int all = 0, all_ns = 0, allow_missing = 1, local = 0, recursive = 1, show_managed = 0;
	struct strvec filenames = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_BOOL("all", 0, &all, U_WAIT_ALL),
		OPT_BOOL("all-namespaces", 'A', &all_ns, U_WAIT_ALL_NAMESPACES),
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_WAIT_ALLOW_MISSING_TEMPLATE_KEYS),
		OPT_STRING("field-selector", 0, &field_selector, U_WAIT_FIELD_SELECTOR),
		OPT_STRSLICE("filename", 'f', &filenames, U_WAIT_FILENAME),
		OPT_STRING("for", 0, &for_, U_WAIT_FOR),
		OPT_BOOL("local", 0, &local, U_WAIT_LOCAL),
		OPT_STRING("output", 'o', &output, U_WAIT_OUTPUT),
		OPT_BOOL("recursive", 'R', &recursive, U_WAIT_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_WAIT_SELECTOR),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_WAIT_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_WAIT_TEMPLATE),
		OPT_DURATION("timeout", 0, &timeout, U_WAIT_TIMEOUT),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, errs = STRVEC_INIT;
	struct kc_targets t = KC_TARGETS_INIT;
	struct strbuf terrs = STRBUF_INIT, kind = STRBUF_INIT;
	struct verbs_printer pr;
	struct kc_wait_cond cond;
	struct kc_request *reqs = NULL;
	struct kc_response *resps = NULL;
	struct kc_wait_item *items = NULL;
	char **paths = NULL, **gerr = NULL;
	size_t nreq = 0;
	int ret = 0, have_cond = 0;
	memset(&pr, 0, sizeof(pr));
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (verbs_printer_init(&pr, output, template_arg, allow_missing, show_managed, err) < 0) {
		ret = -1;
		goto out;
	}
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		ret = -1;
		goto out;
	}
	if (kc_wait_cond_parse(for_, &cond, err) < 0) {
		ret = -1;
		goto out;
	}
	have_cond = 1;
	long long tmo = verbs_duration_ms(timeout);
	if (tmo < 0)
		tmo = 168LL * 3600 * 1000;
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	struct kc_target_spec spec = {
		&args, &filenames, recursive, rcfg->namespace, ctx->g.namespace && *ctx->g.namespace,
		all_ns, selector, field_selector, all, 0, ctx->prog, "get", NULL,
	};
	if (kc_targets_resolve(c, &spec, &t, &terrs, err) < 0) {
		ret = -1;
		goto out;
	}
	verbs_split_errs(&errs, &terrs);
	size_t n = t.n;
	reqs = xcalloc(n ? n : 1, sizeof(*reqs));
	resps = xcalloc(n ? n : 1, sizeof(*resps));
	paths = xcalloc(n ? n : 1, sizeof(*paths));
	gerr = xcalloc(n ? n : 1, sizeof(*gerr));
	items = xcalloc(n ? n : 1, sizeof(*items));
	/* the builder GETs what it was given by name or file */
	for (size_t i = 0; i < n; i++) {
		if (t.v[i].obj && !t.v[i].source)
			continue;
		struct kc_request r = KC_REQUEST_INIT;
		paths[i] = kc_resource_path(t.v[i].res, *t.v[i].ns ? t.v[i].ns : NULL, t.v[i].name);
		r.path = paths[i];
		reqs[nreq++] = r;
	}
	kc_client_do_all(c, reqs, resps, nreq);
	int any_missing = 0;
	for (size_t i = 0, k = 0; i < n; i++) {
		struct kc_wait_item *it = &items[i];
		it->res = t.v[i].res;
		it->ns = t.v[i].ns;
		it->name = t.v[i].name;
		if (!paths[i])
			continue;
		struct kc_response *r = &resps[k++];
		json_decref(t.v[i].obj);
		t.v[i].obj = NULL;
		if (kc_err_isset(&r->err)) {
			gerr[i] = xstrdup(r->err.msg.buf);
		} else if (r->code < 200 || r->code > 299) {
			struct kc_err e = KC_ERR_INIT;
			struct kc_err_hint hint = { t.v[i].res->group, t.v[i].res->name, t.v[i].name, "get", 0 };
			kc_status_error(r, &hint, &e);
			if (!strcmp(e.reason, "NotFound") && cond.kind == KC_WAIT_DELETE)
				it->done = -1; /* not visited */
			else if (!strcmp(e.reason, "NotFound") && cond.kind == KC_WAIT_CREATE)
				any_missing = 1;
			else
				gerr[i] = xstrdup(e.msg.buf);
			kc_err_release(&e);
		} else {
			t.v[i].obj = json_loadb(r->body.buf, r->body.len, 0, NULL);
		}
	}
	if (cond.kind == KC_WAIT_CREATE && any_missing) {
		/* kubectl polls the whole set until every object exists */
		struct kc_wait_item *w = xcalloc(n ? n : 1, sizeof(*w));
		size_t nw = 0;
		for (size_t i = 0; i < n; i++) {
			if (t.v[i].obj || gerr[i])
				continue;
			w[nw].res = t.v[i].res;
			w[nw].ns = t.v[i].ns;
			w[nw].name = t.v[i].name;
			nw++;
		}
		int wr = kc_wait_run(c, &cond, w, nw, tmo, err);
		int all_done = wr == 0;
		for (size_t i = 0, k = 0; i < n && wr == 0; i++) {
			if (t.v[i].obj || gerr[i])
				continue;
			if (w[k].done)
				t.v[i].obj = json_incref(w[k].obj);
			else
				all_done = 0;
			k++;
		}
		kc_wait_items_release(w, nw);
		free(w);
		if (wr < 0) {
			ret = -1;
			goto out;
		}
		if (!all_done) {
			ret = kc_err_set(err, "timed out waiting for the condition");
			goto out;
		}
	}
	size_t visited = 0;
	for (size_t i = 0; i < n; i++) {
		struct kc_wait_item *it = &items[i];
		if (it->done == -1 || gerr[i] || !t.v[i].obj) {
			continue;
		}
		visited++;
		if (cond.kind == KC_WAIT_CREATE) {
			it->done = 1;
			it->obj = json_incref(t.v[i].obj);
		} else if (tmo == 0 && cond.kind != KC_WAIT_DELETE) {
			struct kc_err e = KC_ERR_INIT;
			int r = kc_wait_check(&cond, t.v[i].obj, &e);
			if (r < 0)
				it->error = xstrdup(e.msg.buf);
			it->done = r > 0;
			it->obj = json_incref(t.v[i].obj);
			kc_err_release(&e);
		}
	}
	/* everything else is waited for together */
	if (cond.kind != KC_WAIT_CREATE && !(tmo == 0 && cond.kind != KC_WAIT_DELETE)) {
		struct kc_wait_item *w = xcalloc(n ? n : 1, sizeof(*w));
		size_t *map = xcalloc(n ? n : 1, sizeof(*map)), nw = 0;
		for (size_t i = 0; i < n; i++) {
			if (items[i].done == -1 || gerr[i] || !t.v[i].obj)
				continue;
			w[nw] = items[i];
			map[nw++] = i;
		}
		int wr = kc_wait_run(c, &cond, w, nw, tmo, err);
		for (size_t k = 0; k < nw; k++)
			items[map[k]] = w[k];
		free(w);
		free(map);
		if (wr < 0) {
			ret = -1;
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct kc_wait_item *it = &items[i];
		if (gerr[i]) {
			strvec_push(&errs, gerr[i]);
			continue;
		}
		if (it->done == -1 || !t.v[i].obj)
			continue;
		if (it->error) {
			strvec_push(&errs, it->error);
		} else if (it->missing) {
			struct strbuf m = STRBUF_INIT;
			strbuf_addf(&m, "Error from server (NotFound): %s%s%s \"%s\" not found", it->res->name,
				    *it->res->group ? "." : "", it->res->group, it->name);
			strvec_push(&errs, m.buf);
			strbuf_release(&m);
		} else if (!it->done) {
			struct strbuf m = STRBUF_INIT;
			if (tmo == 0)
				strbuf_addf(&m, "condition not met for %s/%s", it->res->name, it->name);
			else
				strbuf_addf(&m, "timed out waiting for the condition on %s/%s", it->res->name, it->name);
			strvec_push(&errs, m.buf);
			strbuf_release(&m);
		} else {
			struct kc_err e = KC_ERR_INIT;
			strbuf_reset(&kind);
			kc_kind_group(&kind, it->res);
			json_t *obj = it->obj ? it->obj : t.v[i].obj;
			if (verbs_print(&pr, obj, kind.buf, it->name, "condition met", &e) < 0)
				strvec_push(&errs, e.msg.buf);
			kc_err_release(&e);
		}
	}
	if (errs.nr) {
		ret = verbs_errors(&errs, err);
		goto out;
	}
	if (!visited && cond.kind != KC_WAIT_DELETE) {
		ret = kc_err_set(err, "no matching resources found");
		goto out;
	}
	ret = kc_finish_output(err);
out:
	ret = kc_ctx_finish(ctx, ret, err);
	if (paths)
		for (size_t i = 0; i < t.n; i++) {
			free(paths[i]);
			free(gerr[i]);
		}
	for (size_t i = 0; i < nreq; i++)
		kc_response_release(&resps[i]);
	if (items)
		kc_wait_items_release(items, t.n);
	free(items);
	free(paths);
	free(gerr);
	free(reqs);
	free(resps);
	if (have_cond)
		kc_wait_cond_release(&cond);
	verbs_printer_release(&pr);
	kc_targets_release(&t);
	strbuf_release(&terrs);
	strbuf_release(&kind);
	strvec_clear(&errs);
	strvec_clear(&args);
	strvec_clear(&filenames);
	return ret;
}
