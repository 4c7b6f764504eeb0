/* kc chart install|upgrade|rollback|uninstall|list|history|status|get|test —
 * helm v3.21's release verbs (cmd/helm/{install,upgrade,rollback,uninstall,
 * list,history,status,get*,release_testing}.go) over chart/action.h.
 * Output as helm prints it: the status summary (statusPrinter), uitable
 * tables, json.Encoder JSON, sigs.k8s.io/yaml YAML; errors "Error: …". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chart/action.h"
#include "cli/chart_cmds.h"
#include "cli/uitable.h"
#include "cli/cmd_chart_release.h"
#include "cli/client_setup.h"
#include "cli/cmd_chart_release_help.h"
#include "cli/tabwriter.h"
#include "kube/printers.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"
#include "util/json.h"
#include "util/yaml.h"

/* ---------------------------------------------------------------- setup */

/* helm's kube flags → kubectl's global options, then the client. */
static int release_setup(struct kc_ctx *ctx, struct chart_global *g, const char *timeout,
			 struct chart_cfg *cfg, struct kc_err *err)
{
	chart_cfg_init(cfg);
	if (*g->kubeconfig)
		ctx->g.kubeconfig = g->kubeconfig;
	if (*g->kube_context)
		ctx->g.context = g->kube_context;
	if (*g->kube_token)
		ctx->g.token = g->kube_token;
	if (*g->kube_apiserver)
		ctx->g.server = g->kube_apiserver;
	if (*g->kube_ca_file)
		ctx->g.certificate_authority = g->kube_ca_file;
	if (*g->kube_tls_server_name)
		ctx->g.tls_server_name = g->kube_tls_server_name;
	if (*g->kube_as_user)
		ctx->g.as = g->kube_as_user;
	if (g->kube_insecure_skip_tls_verify) {
		ctx->g.insecure_skip_tls_verify = 1;
		ctx->g.changed_insecure = 1;
	}
	for (size_t i = 0; i < g->kube_as_group.nr; i++)
		strvec_push(&ctx->g.as_group, g->kube_as_group.v[i]);
	cfg->namespace = chart_global_namespace(g);
	ctx->g.namespace = cfg->namespace;
	cfg->debug = g->debug;
	if (timeout && *timeout) {
		int64_t ns = 0;
		struct strbuf why = STRBUF_INIT;
		if (go_parse_duration(timeout, &ns, &why) == 0)
			cfg->timeout_ms = ns / 1000000;
		strbuf_release(&why);
	}
	cfg->client = kc_ctx_client(ctx, err);
	if (!cfg->client) {
		kc_err_prefix(err, "Kubernetes cluster unreachable: ");
		return -1;
	}
	return 0;
}

/* -o: table|json|yaml */
static int check_output(const char *o, struct kc_err *err)
{
	if (!strcmp(o, "table") || !strcmp(o, "json") || !strcmp(o, "yaml"))
		return 0;
	return kc_err_set(err, "invalid argument \"%s\" for \"-o, --output\" flag: invalid format type", o);
}

static const char OUTPUT_USAGE[] = "prints the output in the specified format. Allowed values: table, json, yaml";

static json_t *plain_release(json_t *rel)
{
	json_t *c = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(rel, k, v)
		if (strcmp(k, "__labels"))
			json_object_set(c, k, v);
	return c;
}

/* output.EncodeJSON: json.Encoder (HTML-escaped, compact) + "\n" */
static void encode_json(struct strbuf *out, json_t *v)
{
	json_emit(out, v, JSON_OUT_COMPACT);
	strbuf_addch(out, '\n');
}

/* output.EncodeYAML: sigs.k8s.io/yaml.Marshal */
static void encode_yaml(struct strbuf *out, json_t *v)
{
	yaml_emit(out, v);
}

/* the rows of a helm table, printed with cli/uitable */
struct table {
	struct strvec cells;
	size_t ncols;
};

static void table_print(struct table *t, struct strbuf *out)
{
	size_t rows = t->ncols ? t->cells.nr / t->ncols : 0;
	uitable_print(out, (const char *const *)t->cells.v, t->ncols, rows, 0);
	if (!rows)
		strbuf_addch(out, '\n');
	strvec_clear(&t->cells);
}

static int flush_out(struct strbuf *out, struct kc_err *err)
{
	fwrite(out->buf, 1, out->len, stdout);
	strbuf_release(out);
	return kc_finish_output(err);
}

/* status --show-resources (Status.Run + Client.Get(resources, related=true)):
 * each object of the manifest as a server-side Table under "==> VERSION/KIND",
 * the pods selected by workloads under "v1/Pod(related)". Helm walks a Go
 * map (random order); kc sorts the keys. Each object is printed by its own
 * PrintObj call: its own tabwriter, the header only when the columns change. */
struct res_group {
	char *key;
	json_t *tables; /* array of Table objects */
};

static json_t *get_table(const struct chart_cfg *cfg, const char *path)
{
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	struct kc_err err = KC_ERR_INIT;
	req.path = path;
	req.accept = KC_ACCEPT_TABLE;
	json_t *t = NULL;
	if (kc_client_do(cfg->client, &req, &resp, &err) == 0 && resp.code >= 200 && resp.code < 300)
		t = json_parse(resp.body.buf, resp.body.len, &err);
	kc_response_release(&resp);
	kc_err_release(&err);
	return t;
}

static void group_add(struct res_group **g, size_t *n, const char *key, json_t *table)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (!strcmp((*g)[i].key, key))
			break;
	if (i == *n) {
		*g = xrealloc(*g, (*n + 1) * sizeof(**g));
		(*g)[i].key = xstrdup(key);
		(*g)[i].tables = json_array();
		(*n)++;
	}
	json_array_append_new((*g)[i].tables, table);
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct res_group *)a)->key, ((const struct res_group *)b)->key);
}

static void status_resources(const struct chart_cfg *cfg, json_t *rel, struct strbuf *o)
{
	struct chart_reslist l = { 0 };
	struct kc_err err = KC_ERR_INIT;
	struct res_group *g = NULL;
	size_t ng = 0;
	json_t *seen = json_array();
	if (chart_kube_build(cfg, chart_jstr(rel, "manifest"), &l, &err) == 0) {
		for (size_t i = 0; i < l.nr; i++) {
			const struct chart_res *r = &l.v[i];
			char *p = kc_resource_path(r->api, r->api->namespaced ? r->ns : NULL, r->name);
			json_t *t = get_table(cfg, p);
			free(p);
			if (!t)
				continue;
			char *key = xasprintf("%s/%s", r->api->version, r->kind);
			group_add(&g, &ng, key, t);
			free(key);
			const char *k = r->kind;
			json_t *sel = NULL;
			if (!strcmp(k, "ReplicaSet") || !strcmp(k, "Deployment") || !strcmp(k, "StatefulSet") ||
			    !strcmp(k, "DaemonSet") || !strcmp(k, "Job"))
				sel = json_object_get(json_object_get(json_object_get(r->obj, "spec"), "selector"), "matchLabels");
			else if (!strcmp(k, "ReplicationController"))
				sel = json_object_get(json_object_get(r->obj, "spec"), "selector");
			if (!json_is_object(sel) || !json_object_size(sel))
				continue;
			int dup = 0;
			for (size_t k2 = 0; k2 < json_array_size(seen); k2++)
				dup |= json_equal(json_array_get(seen, k2), sel);
			if (dup)
				continue;
			json_array_append(seen, sel);
			struct strvec kv = STRVEC_INIT;
			const char *lk;
			json_t *lv;
			json_object_foreach(sel, lk, lv)
				strvec_pushf(&kv, "%s=%s", lk, json_string_value(lv) ? json_string_value(lv) : "");
			strvec_sort(&kv);
			struct strbuf path = STRBUF_INIT, q = STRBUF_INIT;
			for (size_t x = 0; x < kv.nr; x++)
				strbuf_addf(&q, "%s%s", x ? "," : "", kv.v[x]);
			strbuf_addf(&path, "/api/v1/namespaces/%s/pods?labelSelector=", r->ns);
			chart_query_escape(&path, q.buf);
			json_t *pt = get_table(cfg, path.buf);
			if (pt && json_array_size(json_object_get(pt, "rows")))
				group_add(&g, &ng, "v1/Pod(related)", pt);
			else
				json_decref(pt);
			strbuf_release(&path);
			strbuf_release(&q);
			strvec_clear(&kv);
		}
	}
	if (ng)
		qsort(g, ng, sizeof(*g), cmp_group);
	struct strbuf buf = STRBUF_INIT;
	struct kc_table_opts topts;
	memset(&topts, 0, sizeof(topts));
	struct kc_table_printer tp;
	kc_table_printer_init(&tp, &topts);
	for (size_t i = 0; i < ng; i++) {
		strbuf_addf(&buf, "==> %s\n", g[i].key);
		for (size_t k = 0; k < json_array_size(g[i].tables); k++) {
			struct strbuf text = STRBUF_INIT;
			struct tabwriter tw;
			tabwriter_init(&tw);
			kc_table_printer_print(&tp, json_array_get(g[i].tables, k), &text);
			tabwriter_addf(&tw, "%s", text.buf);
			tabwriter_flush(&tw, &buf);
			tabwriter_release(&tw);
			strbuf_release(&text);
		}
		strbuf_addch(&buf, '\n');
		free(g[i].key);
		json_decref(g[i].tables);
	}
	if (ng)
		strbuf_addf(o, "RESOURCES:\n%s\n", buf.buf);
	kc_table_printer_release(&tp);
	strbuf_release(&buf);
	free(g);
	json_decref(seen);
	chart_reslist_release(&l);
	kc_err_release(&err);
}

/* statusPrinter.WriteTable */
struct status_opts {
	int debug, show_desc, show_resources, show_metadata, hide_notes;
	int fresh; /* the release was made by this command: its Config is a map, never nil */
	const struct chart_cfg *cfg; /* show_resources: the cluster to ask */
};

static void print_status(struct strbuf *o, json_t *rel, const struct status_opts *so)
{
	json_t *info = json_object_get(rel, "info");
	strbuf_addf(o, "NAME: %s\n", chart_rel_name(rel));
	const char *ld = chart_jstr(info, "last_deployed");
	if (*ld) {
		strbuf_addstr(o, "LAST DEPLOYED: ");
		chart_time_ansic(o, ld);
		strbuf_addch(o, '\n');
	}
	strbuf_addf(o, "NAMESPACE: %s\n", chart_rel_namespace(rel));
	strbuf_addf(o, "STATUS: %s\n", chart_rel_status(rel));
	strbuf_addf(o, "REVISION: %d\n", chart_rel_version(rel));
	json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
	if (so->show_metadata) {
		strbuf_addf(o, "CHART: %s\n", chart_jstr(md, "name"));
		strbuf_addf(o, "VERSION: %s\n", chart_jstr(md, "version"));
		strbuf_addf(o, "APP_VERSION: %s\n", chart_jstr(md, "appVersion"));
	}
	if (so->show_desc)
		strbuf_addf(o, "DESCRIPTION: %s\n", chart_jstr(info, "description"));
	if (so->show_resources && so->cfg)
		status_resources(so->cfg, rel, o);
	json_t *hooks = json_object_get(rel, "hooks");
	int tests = 0;
	for (size_t i = 0; i < json_array_size(hooks); i++) {
		json_t *h = json_array_get(hooks, i);
		json_t *ev = json_object_get(h, "events");
		for (size_t k = 0; k < json_array_size(ev); k++) {
			if (strcmp(json_string_value(json_array_get(ev, k)) ? json_string_value(json_array_get(ev, k)) : "",
				   "test"))
				continue;
			tests++;
			json_t *lr = json_object_get(h, "last_run");
			if (!*chart_jstr(lr, "started_at"))
				continue;
			strbuf_addf(o, "TEST SUITE:     %s\nLast Started:   ", chart_jstr(h, "name"));
			chart_time_ansic(o, chart_jstr(lr, "started_at"));
			strbuf_addstr(o, "\nLast Completed: ");
			const char *ca = chart_jstr(lr, "completed_at");
			if (*ca)
				chart_time_ansic(o, ca);
			else
				strbuf_addstr(o, "Mon Jan  1 00:00:00 0001");
			strbuf_addf(o, "\nPhase:          %s\n", chart_jstr(lr, "phase"));
		}
	}
	if (!tests)
		strbuf_addstr(o, "TEST SUITE: None\n");
	if (so->debug) {
		strbuf_addstr(o, "USER-SUPPLIED VALUES:\n");
		json_t *cfgv = json_object_get(rel, "config");
		if (cfgv)
			encode_yaml(o, cfgv);
		else
			strbuf_addstr(o, so->fresh ? "{}\n" : "null\n");
		strbuf_addch(o, '\n');
		strbuf_addstr(o, "COMPUTED VALUES:\n");
		json_t *cv = json_object_get(json_object_get(rel, "chart"), "values");
		json_t *all = json_is_object(cfgv) ? json_deep_copy(cfgv) : json_object();
		json_t *base = json_is_object(cv) ? json_deep_copy(cv) : json_object();
		chart_coalesce_tables(NULL, all, base, "", 0);
		json_decref(base);
		encode_yaml(o, all);
		json_decref(all);
		strbuf_addch(o, '\n');
	}
	if (!strcasecmp(chart_jstr(info, "description"), "Dry run complete") || so->debug) {
		strbuf_addstr(o, "HOOKS:\n");
		for (size_t i = 0; i < json_array_size(hooks); i++) {
			json_t *h = json_array_get(hooks, i);
			strbuf_addf(o, "---\n# Source: %s\n%s\n", chart_jstr(h, "path"), chart_jstr(h, "manifest"));
		}
		strbuf_addf(o, "MANIFEST:\n%s\n", chart_jstr(rel, "manifest"));
	}
	const char *notes = chart_jstr(info, "notes");
	if (!so->hide_notes && *notes) {
		struct strbuf n = STRBUF_INIT;
		strbuf_addstr(&n, notes);
		strbuf_trim(&n);
		strbuf_addf(o, "NOTES:\n%s\n", n.buf);
		strbuf_release(&n);
	}
}

static int write_release(json_t *rel, const char *fmt, const struct status_opts *so, struct strbuf *out)
{
	if (!strcmp(fmt, "json") || !strcmp(fmt, "yaml")) {
		json_t *p = plain_release(rel);
		if (!strcmp(fmt, "json"))
			encode_json(out, p);
		else
			encode_yaml(out, p);
		json_decref(p);
	} else {
		print_status(out, rel, so);
	}
	return 0;
}

static void print_lines(const struct strvec *w)
{
	chart_print_warnings(w);
}

/* ---------------------------------------------------------------- install */

static int post_render_cb(void *ud, const char *in, size_t len, struct strbuf *out, struct kc_err *err)
{
	return chart_post_render(ud, in, len, out, err);
}

/* --labels k=v,… → object (NULL when none) */
static json_t *labels_json(const struct strvec *kv)
{
	if (!kv->nr)
		return NULL;
	json_t *o = json_object();
	for (size_t i = 0; i < kv->nr; i++) {
		const char *eq = strchr(kv->v[i], '=');
		char *k = eq ? xstrndup(kv->v[i], (size_t)(eq - kv->v[i])) : xstrdup(kv->v[i]);
		json_object_set_new(o, k, json_string(eq ? eq + 1 : ""));
		free(k);
	}
	return o;
}

/* settings.MaxHistory: $HELM_MAX_HISTORY, else 10 */
static long default_max_history(void)
{
	const char *e = getenv("HELM_MAX_HISTORY");
	return e && *e ? atol(e) : 10;
}

static int hide_secret_flag;

static void common_install_opts(struct chart_action_opts *o, struct chart_install_flags *f)
{
	o->hide_secret = hide_secret_flag;
	o->description = f->description;
	o->dry_run = f->dry_run;
	o->wait = f->wait;
	o->wait_for_jobs = f->wait_for_jobs;
	o->atomic = f->atomic;
	o->force = f->force;
	o->no_hooks = f->no_hooks;
	o->render_subchart_notes = f->render_subchart_notes;
	o->skip_schema_validation = f->skip_schema_validation;
	o->take_ownership = f->take_ownership;
	o->skip_crds = f->skip_crds;
	o->labels = labels_json(&f->labels);
	if (f->post_renderer && *f->post_renderer) {
		o->post_render = post_render_cb;
		o->post_render_ud = f;
	}
}

static int run_install(struct kc_ctx *ctx, struct chart_cfg *cfg, struct chart_install_flags *f, const char *name,
		       const char *chart_ref, const char *outfmt, int replace, struct strbuf *out,
		       struct kc_err *err)
{
	struct chart_action_opts o;
	chart_action_opts_init(&o);
	for (size_t i = 0; i < f->values.values.nr; i++)
		strvec_push(&o.values.values, f->values.values.v[i]);
	for (size_t i = 0; i < f->values.set.nr; i++)
		strvec_push(&o.values.set, f->values.set.v[i]);
	for (size_t i = 0; i < f->values.set_string.nr; i++)
		strvec_push(&o.values.set_string, f->values.set_string.v[i]);
	for (size_t i = 0; i < f->values.set_json.nr; i++)
		strvec_push(&o.values.set_json, f->values.set_json.v[i]);
	for (size_t i = 0; i < f->values.set_literal.nr; i++)
		strvec_push(&o.values.set_literal, f->values.set_literal.v[i]);
	for (size_t i = 0; i < f->values.set_file.nr; i++)
		strvec_push(&o.values.set_file, f->values.set_file.v[i]);
	o.release_name = name;
	o.chart_ref = chart_ref;
	common_install_opts(&o, f);
	o.create_namespace = f->create_namespace;
	o.replace = f->replace || replace;
	json_t *rel = chart_action_install(cfg, &o, err);
	json_decref(o.labels);
	print_lines(&o.stderr_lines);
	int ret = -1;
	if (rel) {
		struct status_opts so = { cfg->debug, 0, 0, 0, f->hide_notes, 1, NULL };
		write_release(rel, outfmt, &so, out);
		json_decref(rel);
		ret = 0;
	} else {
		kc_err_prefix(err, "INSTALLATION FAILED: ");
	}
	chart_action_opts_release(&o);
	(void)ctx;
	return ret;
}

int cmd_chart_install(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	struct chart_install_flags f;
	const char *outfmt = "table";
	struct chart_cfg cfg;
	struct strbuf out = STRBUF_INIT;
	char *name = NULL;
	const char *chart_ref = NULL;
	chart_global_init(&g);
	chart_install_flags_init(&f);
	chart_cmd_init(&c, "helm install", "install [NAME] [CHART]", HELM_INSTALL_DESC);
	chart_install_flags_add(&c.local, &f);
	hflags_add(&c.local, HF_BOOL, "hide-secret", 0, &hide_secret_flag,
		   "hide Kubernetes Secrets when also using the --dry-run flag");
	hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_min(&c, 1, err) < 0 || check_output(outfmt, err) < 0 ||
	    chart_validate_dry_run(&f, hflags_changed(&c.local, "dry-run"), err) < 0 ||
	    chart_name_and_chart(&f, &c.args, NULL, &name, &chart_ref, err) < 0) {
		chart_fail(err);
		goto out;
	}
	if (!*f.dry_run)
		f.dry_run = "none";
	/* runInstall loads the chart before the action asks the cluster anything */
	if (chart_precheck(chart_ref, &f.values, err) < 0) {
		kc_err_prefix(err, "INSTALLATION FAILED: ");
		chart_fail(err);
		goto out;
	}
	if (release_setup(ctx, &g, f.timeout, &cfg, err) < 0 ||
	    run_install(ctx, &cfg, &f, name, chart_ref, outfmt, 0, &out, err) < 0) {
		fwrite(out.buf, 1, out.len, stdout);
		chart_fail(err);
		goto out;
	}
	rc = flush_out(&out, err);
	if (rc)
		chart_fail(err);
out:
	strbuf_release(&out);
	free(name);
	chart_install_flags_release(&f);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- upgrade */

/* helm upgrade shares install's flag group minus a few, with its own words */
static void drop_flag(struct hflags *fs, const char *name)
{
	for (size_t i = 0; i < fs->nr; i++)
		if (!strcmp(fs->v[i].name, name)) {
			free(fs->v[i].defval);
			memmove(&fs->v[i], &fs->v[i + 1], (fs->nr - i - 1) * sizeof(fs->v[i]));
			fs->nr--;
			return;
		}
}

static void reword_flag(struct hflags *fs, const char *name, const char *usage)
{
	struct hflag *f = hflags_find(fs, name);
	if (f)
		f->usage = usage;
}

static void upgrade_flags(struct hflags *fs)
{
	drop_flag(fs, "generate-name");
	drop_flag(fs, "name-template");
	drop_flag(fs, "replace");
	reword_flag(fs, "create-namespace", "if --install is set, create the release namespace if not present");
	reword_flag(fs, "no-hooks", "disable pre/post upgrade hooks");
	reword_flag(fs, "disable-openapi-validation",
		    "if set, the upgrade process will not validate rendered templates against the Kubernetes OpenAPI Schema");
	reword_flag(fs, "skip-crds",
		    "if set, no CRDs will be installed when an upgrade is performed with install flag enabled. By default, CRDs are installed if not already present, when an upgrade is performed with install flag enabled");
	reword_flag(fs, "atomic",
		    "if set, upgrade process rolls back changes made in case of failed upgrade. The --wait flag will be set automatically if --atomic is used");
	reword_flag(fs, "hide-notes",
		    "if set, do not show notes in upgrade output. Does not affect presence in chart metadata");
	reword_flag(fs, "labels",
		    "Labels that would be added to release metadata. Should be separated by comma. Original release labels will be merged with upgrade labels. You can unset label using null.");
	reword_flag(fs, "take-ownership",
		    "if set, upgrade will ignore the check for helm annotations and take ownership of the existing resources");
}

int cmd_chart_upgrade(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	struct chart_install_flags f;
	const char *outfmt = "table";
	int install = 0, reuse = 0, reset = 0, reset_then_reuse = 0, recreate = 0, cleanup = 0;
	long history_max = default_max_history();
	struct chart_cfg cfg;
	struct strbuf out = STRBUF_INIT;
	chart_global_init(&g);
	chart_install_flags_init(&f);
	chart_cmd_init(&c, "helm upgrade", "upgrade [RELEASE] [CHART]", HELM_UPGRADE_DESC);
	chart_install_flags_add(&c.local, &f);
	upgrade_flags(&c.local);
	hflags_add(&c.local, HF_BOOL, "hide-secret", 0, &hide_secret_flag,
		   "hide Kubernetes Secrets when also using the --dry-run flag");
	hflags_add(&c.local, HF_BOOL, "install", 'i', &install,
		   "if a release by this name doesn't already exist, run an install");
	hflags_add(&c.local, HF_BOOL, "recreate-pods", 0, &recreate,
		   "performs pods restart for the resource if applicable");
	hflags_add(&c.local, HF_BOOL, "reset-values", 0, &reset,
		   "when upgrading, reset the values to the ones built into the chart");
	hflags_add(&c.local, HF_BOOL, "reuse-values", 0, &reuse,
		   "when upgrading, reuse the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' is specified, this is ignored");
	hflags_add(&c.local, HF_BOOL, "reset-then-reuse-values", 0, &reset_then_reuse,
		   "when upgrading, reset the values to the ones built into the chart, apply the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' or '--reuse-values' is specified, this is ignored");
	hflags_add(&c.local, HF_INT, "history-max", 0, &history_max,
		   "limit the maximum number of revisions saved per release. Use 0 for no limit");
	hflags_add(&c.local, HF_BOOL, "cleanup-on-fail", 0, &cleanup,
		   "allow deletion of new resources created in this upgrade when upgrade fails");
	hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 2, err) < 0 || check_output(outfmt, err) < 0 ||
	    chart_validate_dry_run(&f, hflags_changed(&c.local, "dry-run"), err) < 0) {
		chart_fail(err);
		goto out;
	}
	if (!*f.dry_run)
		f.dry_run = "none";
	const char *name = c.args.v[0], *chart_ref = c.args.v[1];
	if (release_setup(ctx, &g, f.timeout, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	if (install) {
		if (chart_is_reachable(&cfg, err) < 0) {
			chart_fail(err);
			goto out;
		}
		struct chart_rels h = { 0 };
		struct kc_err herr = KC_ERR_INIT;
		int hrc = chart_storage_history(&cfg, name, &h, &herr);
		int not_found = hrc < 0 && !strcmp(herr.msg.buf, "release: not found");
		int uninstalled = 0;
		if (hrc == 0 && h.nr) {
			chart_rels_sort_by_revision(&h);
			uninstalled = !strcmp(chart_rel_status(h.v[h.nr - 1]), "uninstalled");
		}
		chart_rels_release(&h);
		if (not_found || uninstalled) {
			kc_err_release(&herr);
			if (!strcmp(outfmt, "table"))
				strbuf_addf(&out, "Release \"%s\" does not exist. Installing it now.\n", name);
			if (run_install(ctx, &cfg, &f, name, chart_ref, outfmt, uninstalled, &out, err) < 0) {
				fwrite(out.buf, 1, out.len, stdout);
				chart_fail(err);
				goto out;
			}
			rc = flush_out(&out, err);
			if (rc)
				chart_fail(err);
			goto out;
		}
		if (hrc < 0) {
			kc_err_move(err, &herr);
			chart_fail(err);
			goto out;
		}
		kc_err_release(&herr);
	}
	if (chart_precheck(chart_ref, &f.values, err) < 0) {
		chart_fail(err);
		goto out;
	}
	struct chart_action_opts o;
	chart_action_opts_init(&o);
	chart_value_opts_release(&o.values);
	o.values = f.values;
	chart_value_opts_init(&f.values);
	o.release_name = name;
	o.chart_ref = chart_ref;
	common_install_opts(&o, &f);
	cfg.max_history = (int)history_max;
	o.reuse_values = reuse;
	o.reset_values = reset;
	o.reset_then_reuse_values = reset_then_reuse;
	o.cleanup_on_fail = cleanup;
	json_t *rel = chart_action_upgrade(&cfg, &o, err);
	json_decref(o.labels);
	print_lines(&o.stderr_lines);
	chart_action_opts_release(&o);
	if (!rel) {
		kc_err_prefix(err, "UPGRADE FAILED: ");
		chart_fail(err);
		goto out;
	}
	if (!strcmp(outfmt, "table"))
		strbuf_addf(&out, "Release \"%s\" has been upgraded. Happy Helming!\n", name);
	struct status_opts so = { cfg.debug, 0, 0, 0, f.hide_notes, 1, NULL };
	write_release(rel, outfmt, &so, &out);
	json_decref(rel);
	rc = flush_out(&out, err);
	if (rc)
		chart_fail(err);
out:
	strbuf_release(&out);
	chart_install_flags_release(&f);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- rollback */

int cmd_chart_rollback(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	int dry = 0, recreate = 0, force = 0, no_hooks = 0, wait = 0, wait_jobs = 0, cleanup = 0;
	long history_max = default_max_history();
	const char *timeout = "5m0s";
	struct chart_cfg cfg;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm rollback", "rollback <RELEASE> [REVISION]", HELM_ROLLBACK_DESC);
	hflags_add(&c.local, HF_BOOL, "dry-run", 0, &dry, "simulate a rollback");
	hflags_add(&c.local, HF_BOOL, "recreate-pods", 0, &recreate, "performs pods restart for the resource if applicable");
	hflags_add(&c.local, HF_BOOL, "force", 0, &force, "force resource update through delete/recreate if needed");
	hflags_add(&c.local, HF_BOOL, "no-hooks", 0, &no_hooks, "prevent hooks from running during rollback");
	hflags_add(&c.local, HF_DURATION, "timeout", 0, &timeout,
		   "time to wait for any individual Kubernetes operation (like Jobs for hooks)");
	hflags_add(&c.local, HF_BOOL, "wait", 0, &wait,
		   "if set, will wait until all Pods, PVCs, Services, and minimum number of Pods of a Deployment, StatefulSet, or ReplicaSet are in a ready state before marking the release as successful. It will wait for as long as --timeout");
	hflags_add(&c.local, HF_BOOL, "wait-for-jobs", 0, &wait_jobs,
		   "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout");
	hflags_add(&c.local, HF_BOOL, "cleanup-on-fail", 0, &cleanup,
		   "allow deletion of new resources created in this rollback when rollback fails");
	hflags_add(&c.local, HF_INT, "history-max", 0, &history_max,
		   "limit the maximum number of revisions saved per release. Use 0 for no limit");
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_min(&c, 1, err) < 0) {
		chart_fail(err);
		goto out;
	}
	struct chart_action_opts o;
	chart_action_opts_init(&o);
	o.release_name = c.args.v[0];
	if (c.args.nr > 1) {
		long long v;
		if (go_parse_int(c.args.v[1], 10, 64, &v) != 0) {
			kc_err_set(err, "could not convert revision to a number: strconv.Atoi: parsing \"%s\": invalid syntax",
				   c.args.v[1]);
			chart_action_opts_release(&o);
			chart_fail(err);
			goto out;
		}
		o.version = (int)v;
	}
	o.dry_run = dry ? "true" : NULL;
	o.force = force;
	o.no_hooks = no_hooks;
	o.wait = wait;
	o.wait_for_jobs = wait_jobs;
	int setup = release_setup(ctx, &g, timeout, &cfg, err);
	cfg.max_history = (int)history_max;
	if (setup < 0 || chart_action_rollback(&cfg, &o, err) < 0) {
		chart_action_opts_release(&o);
		chart_fail(err);
		goto out;
	}
	chart_action_opts_release(&o);
	printf("Rollback was a success! Happy Helming!\n");
	rc = kc_finish_output(err);
	if (rc)
		chart_fail(err);
out:
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- uninstall */

int cmd_chart_uninstall(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	int dry = 0, no_hooks = 0, ignore_nf = 0, keep = 0, wait = 0;
	const char *cascade = "background", *timeout = "5m0s", *desc = "";
	struct chart_cfg cfg;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm uninstall", "uninstall RELEASE_NAME [...]", HELM_UNINSTALL_DESC);
	c.aliases = "uninstall, del, delete, un";
	hflags_add(&c.local, HF_BOOL, "dry-run", 0, &dry, "simulate a uninstall");
	hflags_add(&c.local, HF_BOOL, "no-hooks", 0, &no_hooks, "prevent hooks from running during uninstallation");
	hflags_add(&c.local, HF_BOOL, "ignore-not-found", 0, &ignore_nf, "Treat \"release not found\" as a successful uninstall");
	hflags_add(&c.local, HF_BOOL, "keep-history", 0, &keep,
		   "remove all associated resources and mark the release as deleted, but retain the release history");
	hflags_add(&c.local, HF_BOOL, "wait", 0, &wait,
		   "if set, will wait until all the resources are deleted before returning. It will wait for as long as --timeout");
	hflags_add(&c.local, HF_STRING, "cascade", 0, &cascade,
		   "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents. Defaults to background.");
	hflags_add(&c.local, HF_DURATION, "timeout", 0, &timeout,
		   "time to wait for any individual Kubernetes operation (like Jobs for hooks)");
	hflags_add(&c.local, HF_STRING, "description", 0, &desc, "add a custom description");
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_min(&c, 1, err) < 0) {
		chart_fail(err);
		goto out;
	}
	if (strcmp(cascade, "background") && strcmp(cascade, "orphan") && strcmp(cascade, "foreground")) {
		kc_err_set(err, "invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", cascade);
		chart_fail(err);
		goto out;
	}
	if (release_setup(ctx, &g, timeout, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	for (size_t i = 0; i < c.args.nr; i++) {
		struct chart_action_opts o;
		chart_action_opts_init(&o);
		o.release_name = c.args.v[i];
		o.dry_run = dry ? "true" : NULL;
		o.no_hooks = no_hooks;
		o.keep_history = keep;
		o.wait = wait;
		o.cascade = cascade;
		o.description = desc;
		char *kept = NULL;
		json_t *rel = chart_action_uninstall(&cfg, &o, &kept, err);
		chart_action_opts_release(&o);
		if (!rel) {
			free(kept);
			if (ignore_nf && strstr(err->msg.buf, "release: not found")) {
				kc_err_release(err);
				kc_err_init(err);
				printf("release \"%s\" uninstalled\n", c.args.v[i]);
				continue;
			}
			chart_fail(err);
			goto out;
		}
		if (kept && *kept)
			printf("%s\n", kept);
		free(kept);
		json_decref(rel);
		printf("release \"%s\" uninstalled\n", c.args.v[i]);
	}
	rc = kc_finish_output(err);
	if (rc)
		chart_fail(err);
out:
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- list */

/* UPDATED: tspb.String(), or tspb.Format(--time-format); "-" when unset */
static void list_time(struct strbuf *out, const char *stored, const char *layout)
{
	if (!*stored) {
		strbuf_addstr(out, "-");
		return;
	}
	if (!*layout) {
		chart_time_gostring(out, stored);
		return;
	}
	struct gotime t;
	struct strbuf perr = STRBUF_INIT;
	if (gotime_parse("2006-01-02T15:04:05Z07:00", stored, &t, &perr) == 0)
		gotime_format(&t, layout, out);
	else
		chart_time_gostring(out, stored);
	strbuf_release(&perr);
}

int cmd_chart_list(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	int quiet = 0, no_headers = 0, by_date = 0, reverse = 0, all = 0, uninstalled = 0, superseded = 0,
	    uninstalling = 0, deployed = 0, failed = 0, pending = 0, all_ns = 0;
	long max = 256, offset = 0;
	const char *time_format = "", *filter = "", *selector = "", *outfmt = "table";
	struct chart_cfg cfg;
	struct chart_rels rels = { 0 };
	struct strbuf out = STRBUF_INIT;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm list", "list", HELM_LIST_DESC);
	c.aliases = "list, ls";
	hflags_add(&c.local, HF_BOOL, "short", 'q', &quiet, "output short (quiet) listing format");
	hflags_add(&c.local, HF_BOOL, "no-headers", 0, &no_headers, "don't print headers when using the default output format");
	hflags_add(&c.local, HF_STRING, "time-format", 0, &time_format,
		   "format time using golang time formatter. Example: --time-format \"2006-01-02 15:04:05Z0700\"");
	hflags_add(&c.local, HF_BOOL, "date", 'd', &by_date, "sort by release date");
	hflags_add(&c.local, HF_BOOL, "reverse", 'r', &reverse, "reverse the sort order");
	hflags_add(&c.local, HF_BOOL, "all", 'a', &all, "show all releases without any filter applied");
	hflags_add(&c.local, HF_BOOL, "uninstalled", 0, &uninstalled,
		   "show uninstalled releases (if 'helm uninstall --keep-history' was used)");
	hflags_add(&c.local, HF_BOOL, "superseded", 0, &superseded, "show superseded releases");
	hflags_add(&c.local, HF_BOOL, "uninstalling", 0, &uninstalling,
		   "show releases that are currently being uninstalled");
	hflags_add(&c.local, HF_BOOL, "deployed", 0, &deployed,
		   "show deployed releases. If no other is specified, this will be automatically enabled");
	hflags_add(&c.local, HF_BOOL, "failed", 0, &failed, "show failed releases");
	hflags_add(&c.local, HF_BOOL, "pending", 0, &pending, "show pending releases");
	hflags_add(&c.local, HF_BOOL, "all-namespaces", 'A', &all_ns, "list releases across all namespaces");
	hflags_add(&c.local, HF_INT, "max", 'm', &max, "maximum number of releases to fetch");
	hflags_add(&c.local, HF_INT, "offset", 0, &offset, "next release index in the list, used to offset from start value");
	hflags_add(&c.local, HF_STRING, "filter", 'f', &filter,
		   "a regular expression (Perl compatible). Any releases that match the expression will be included in the results");
	hflags_add(&c.local, HF_STRING, "selector", 'l', &selector,
		   "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends.");
	hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (c.args.nr) {
		kc_err_set(err, "\"helm list\" accepts no arguments\n\nUsage:  helm list [flags]");
		chart_fail(err);
		goto out;
	}
	if (check_output(outfmt, err) < 0 || release_setup(ctx, &g, NULL, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	struct chart_list_opts lo;
	memset(&lo, 0, sizeof(lo));
	if (all) {
		lo.state_mask = CHART_LIST_ALL;
	} else {
		if (deployed)
			lo.state_mask |= CHART_LIST_DEPLOYED;
		if (uninstalled)
			lo.state_mask |= CHART_LIST_UNINSTALLED;
		if (uninstalling)
			lo.state_mask |= CHART_LIST_UNINSTALLING;
		if (pending)
			lo.state_mask |= CHART_LIST_PENDING_INSTALL | CHART_LIST_PENDING_UPGRADE |
					 CHART_LIST_PENDING_ROLLBACK;
		if (superseded)
			lo.state_mask |= CHART_LIST_SUPERSEDED;
		if (failed)
			lo.state_mask |= CHART_LIST_FAILED;
	}
	lo.all_namespaces = all_ns;
	lo.by_date = by_date;
	lo.reverse = reverse;
	lo.limit = max;
	lo.offset = offset;
	lo.filter = filter;
	lo.selector = selector;
	if (chart_action_list(&cfg, &lo, &rels, err) < 0) {
		chart_fail(err);
		goto out;
	}
	if (quiet && strcmp(outfmt, "table")) {
		json_t *names = json_array();
		for (size_t i = 0; i < rels.nr; i++)
			json_array_append_new(names, json_string(chart_rel_name(rels.v[i])));
		if (!strcmp(outfmt, "json"))
			encode_json(&out, names);
		else
			encode_yaml(&out, names);
		json_decref(names);
	} else if (quiet) {
		for (size_t i = 0; i < rels.nr; i++)
			strbuf_addf(&out, "%s\n", chart_rel_name(rels.v[i]));
	} else if (!strcmp(outfmt, "table")) {
		struct table t = { STRVEC_INIT, 7 };
		if (!no_headers) {
			static const char *const hdr[] = { "NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART",
							   "APP VERSION" };
			for (size_t i = 0; i < 7; i++)
				strvec_push(&t.cells, hdr[i]);
		}
		for (size_t i = 0; i < rels.nr; i++) {
			json_t *r = rels.v[i];
			struct strbuf ch = STRBUF_INIT, up = STRBUF_INIT;
			chart_rel_chart_name(r, &ch);
			list_time(&up, chart_jstr(json_object_get(r, "info"), "last_deployed"), time_format);
			strvec_push(&t.cells, chart_rel_name(r));
			strvec_push(&t.cells, chart_rel_namespace(r));
			strvec_pushf(&t.cells, "%d", chart_rel_version(r));
			strvec_push(&t.cells, up.buf);
			strvec_push(&t.cells, chart_rel_status(r));
			strvec_push(&t.cells, ch.buf);
			strvec_push(&t.cells, chart_rel_app_version(r));
			strbuf_release(&ch);
			strbuf_release(&up);
		}
		table_print(&t, &out);
	} else {
		json_t *arr = json_array();
		for (size_t i = 0; i < rels.nr; i++) {
			json_t *r = rels.v[i];
			struct strbuf ch = STRBUF_INIT, up = STRBUF_INIT, rev = STRBUF_INIT;
			chart_rel_chart_name(r, &ch);
			list_time(&up, chart_jstr(json_object_get(r, "info"), "last_deployed"), time_format);
			strbuf_addf(&rev, "%d", chart_rel_version(r));
			json_t *e = json_object();
			json_object_set_new(e, "name", json_string(chart_rel_name(r)));
			json_object_set_new(e, "namespace", json_string(chart_rel_namespace(r)));
			json_object_set_new(e, "revision", json_string(rev.buf));
			json_object_set_new(e, "updated", json_string(up.buf));
			json_object_set_new(e, "status", json_string(chart_rel_status(r)));
			json_object_set_new(e, "chart", json_string(ch.buf));
			json_object_set_new(e, "app_version", json_string(chart_rel_app_version(r)));
			json_array_append_new(arr, e);
			strbuf_release(&ch);
			strbuf_release(&up);
			strbuf_release(&rev);
		}
		if (!strcmp(outfmt, "json"))
			encode_json(&out, arr);
		else
			encode_yaml(&out, arr);
		json_decref(arr);
	}
	rc = flush_out(&out, err);
	if (rc)
		chart_fail(err);
out:
	strbuf_release(&out);
	chart_rels_release(&rels);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- history */

int cmd_chart_history(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	long max = 256;
	const char *outfmt = "table";
	struct chart_cfg cfg;
	struct chart_rels h = { 0 };
	struct strbuf out = STRBUF_INIT;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm history", "history RELEASE_NAME", HELM_HISTORY_DESC);
	c.aliases = "history, hist";
	hflags_add(&c.local, HF_INT, "max", 0, &max, "maximum number of revision to include in history");
	hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 1, err) < 0 || check_output(outfmt, err) < 0 ||
	    release_setup(ctx, &g, NULL, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	const char *name = c.args.v[0];
	if (chart_is_reachable(&cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	if (!chart_valid_release_name(name)) {
		kc_err_set(err, "release name is invalid: %s", name);
		chart_fail(err);
		goto out;
	}
	if (chart_storage_history(&cfg, name, &h, err) < 0) {
		chart_fail(err);
		goto out;
	}
	chart_rels_sort_by_revision(&h);
	/* the newest max revisions, oldest first */
	size_t start = max > 0 && (size_t)max < h.nr ? h.nr - (size_t)max : 0;
	if (max <= 0)
		start = h.nr;
	if (!strcmp(outfmt, "table")) {
		struct table t = { STRVEC_INIT, 6 };
		static const char *const hdr[] = { "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION" };
		for (size_t i = 0; i < 6; i++)
			strvec_push(&t.cells, hdr[i]);
		for (size_t i = start; i < h.nr; i++) {
			json_t *r = h.v[i];
			struct strbuf ch = STRBUF_INIT, up = STRBUF_INIT;
			chart_rel_chart_name(r, &ch);
			const char *ld = chart_jstr(json_object_get(r, "info"), "last_deployed");
			if (*ld)
				chart_time_ansic(&up, ld);
			else
				strbuf_addstr(&up, "Mon Jan  1 00:00:00 0001");
			strvec_pushf(&t.cells, "%d", chart_rel_version(r));
			strvec_push(&t.cells, up.buf);
			strvec_push(&t.cells, chart_rel_status(r));
			strvec_push(&t.cells, ch.buf);
			strvec_push(&t.cells, chart_rel_app_version(r));
			strvec_push(&t.cells, chart_jstr(json_object_get(r, "info"), "description"));
			strbuf_release(&ch);
			strbuf_release(&up);
		}
		table_print(&t, &out);
	} else {
		json_t *arr = json_array();
		for (size_t i = start; i < h.nr; i++) {
			json_t *r = h.v[i];
			struct strbuf ch = STRBUF_INIT;
			chart_rel_chart_name(r, &ch);
			json_t *e = json_object();
			json_object_set_new(e, "revision", json_integer(chart_rel_version(r)));
			json_object_set_new(e, "updated", json_string(chart_jstr(json_object_get(r, "info"), "last_deployed")));
			json_object_set_new(e, "status", json_string(chart_rel_status(r)));
			json_object_set_new(e, "chart", json_string(ch.buf));
			json_object_set_new(e, "app_version", json_string(chart_rel_app_version(r)));
			json_object_set_new(e, "description", json_string(chart_jstr(json_object_get(r, "info"), "description")));
			json_array_append_new(arr, e);
			strbuf_release(&ch);
		}
		if (!strcmp(outfmt, "json"))
			encode_json(&out, arr);
		else
			encode_yaml(&out, arr);
		json_decref(arr);
	}
	rc = flush_out(&out, err);
	if (rc)
		chart_fail(err);
out:
	strbuf_release(&out);
	chart_rels_release(&h);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- status */

int cmd_chart_status(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	long revision = 0;
	int show_desc = 0, show_resources = 0;
	const char *outfmt = "table";
	struct chart_cfg cfg;
	struct strbuf out = STRBUF_INIT;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm status", "status RELEASE_NAME", HELM_STATUS_DESC);
	hflags_add(&c.local, HF_INT, "revision", 0, &revision,
		   "if set, display the status of the named release with revision");
	hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	hflags_add(&c.local, HF_BOOL, "show-desc", 0, &show_desc,
		   "if set, display the description message of the named release");
	hflags_add(&c.local, HF_BOOL, "show-resources", 0, &show_resources,
		   "if set, display the resources of the named release");
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 1, err) < 0 || check_output(outfmt, err) < 0 ||
	    release_setup(ctx, &g, NULL, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	json_t *rel = chart_action_get(&cfg, c.args.v[0], (int)revision, err);
	if (!rel) {
		chart_fail(err);
		goto out;
	}
	struct status_opts so = { 0, show_desc, show_resources, 0, 0, 0, &cfg };
	write_release(rel, outfmt, &so, &out);
	json_decref(rel);
	rc = flush_out(&out, err);
	if (rc)
		chart_fail(err);
out:
	strbuf_release(&out);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- get */

enum get_what { GET_VALUES, GET_MANIFEST, GET_NOTES, GET_HOOKS, GET_ALL, GET_METADATA };

static int get_common(struct kc_ctx *ctx, int argc, const char **argv, enum get_what what, struct kc_err *err)
{
	static const char *const uses[] = { "values RELEASE_NAME", "manifest RELEASE_NAME", "notes RELEASE_NAME",
					    "hooks RELEASE_NAME", "all RELEASE_NAME",
					    "metadata RELEASE_NAME" };
	static const char *const paths[] = { "helm get values", "helm get manifest", "helm get notes",
					     "helm get hooks", "helm get all", "helm get metadata" };
	static const char *const descs[] = { HELM_GETVALUES_DESC, HELM_GETMANIFEST_DESC, HELM_GETNOTES_DESC,
					     HELM_GETHOOKS_DESC, HELM_GETALL_DESC,
					     "This command fetches metadata for a given release" };
	struct chart_cmd c;
	struct chart_global g;
	long revision = 0;
	int all = 0;
	const char *outfmt = "table", *tmpl = "";
	struct chart_cfg cfg;
	struct strbuf out = STRBUF_INIT;
	chart_global_init(&g);
	chart_cmd_init(&c, paths[what], uses[what], descs[what]);
	hflags_add(&c.local, HF_INT, "revision", 0, &revision,
		   what == GET_METADATA ? "specify release revision" : "get the named release with revision");
	if (what == GET_METADATA)
		hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	if (what == GET_VALUES) {
		hflags_add(&c.local, HF_BOOL, "all", 'a', &all, "dump all (computed) values");
		hflags_add(&c.local, HF_STRING, "output", 'o', &outfmt, OUTPUT_USAGE);
	}
	if (what == GET_ALL)
		hflags_add(&c.local, HF_STRING, "template", 0, &tmpl,
			   "go template for formatting the output, eg: {{.Release.Name}}");
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 1, err) < 0 || check_output(outfmt, err) < 0 ||
	    release_setup(ctx, &g, NULL, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	json_t *rel = chart_action_get(&cfg, c.args.v[0], (int)revision, err);
	if (!rel) {
		chart_fail(err);
		goto out;
	}
	switch (what) {
	case GET_VALUES: {
		json_t *vals = json_object_get(rel, "config");
		json_t *v;
		if (all) {
			json_t *cv = json_object_get(json_object_get(rel, "chart"), "values");
			v = json_is_object(vals) ? json_deep_copy(vals) : json_object();
			json_t *base = json_is_object(cv) ? json_deep_copy(cv) : json_object();
			chart_coalesce_tables(NULL, v, base, "", 0);
			json_decref(base);
		} else {
			v = vals ? json_incref(vals) : json_null();
		}
		if (!strcmp(outfmt, "table"))
			strbuf_addstr(&out, all ? "COMPUTED VALUES:\n" : "USER-SUPPLIED VALUES:\n");
		if (!strcmp(outfmt, "json")) {
			json_emit(&out, v, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT); /* a Go map */
			strbuf_addch(&out, '\n');
		} else {
			encode_yaml(&out, v);
		}
		json_decref(v);
		break;
	}
	case GET_MANIFEST:
		strbuf_addf(&out, "%s\n", chart_jstr(rel, "manifest"));
		break;
	case GET_NOTES: {
		const char *n = chart_jstr(json_object_get(rel, "info"), "notes");
		if (*n)
			strbuf_addf(&out, "NOTES:\n%s\n", n);
		break;
	}
	case GET_HOOKS: {
		json_t *hooks = json_object_get(rel, "hooks");
		for (size_t i = 0; i < json_array_size(hooks); i++) {
			json_t *h = json_array_get(hooks, i);
			strbuf_addf(&out, "---\n# Source: %s\n%s\n", chart_jstr(h, "path"), chart_jstr(h, "manifest"));
		}
		break;
	}
	case GET_METADATA: {
		json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
		struct strbuf at = STRBUF_INIT;
		const char *ld = chart_jstr(json_object_get(rel, "info"), "last_deployed");
		struct chart_time t;
		long off;
		if (chart_time_parse(ld, &t, &off) == 0) {
			/* Format(time.RFC3339): seconds, "Z" or the offset */
			char b[64];
			time_t w = (time_t)(t.sec + off);
			struct tm tm;
			gmtime_r(&w, &tm);
			strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
			strbuf_addstr(&at, b);
			if (ld[strlen(ld) - 1] == 'Z')
				strbuf_addch(&at, 'Z');
			else
				strbuf_addf(&at, "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
		} else {
			strbuf_addstr(&at, "0001-01-01T00:00:00Z");
		}
		json_t *ann = json_object_get(md, "annotations"), *deps = json_object_get(md, "dependencies");
		if (!strcmp(outfmt, "table")) {
			strbuf_addf(&out, "NAME: %s\nCHART: %s\nVERSION: %s\nAPP_VERSION: %s\nANNOTATIONS: ",
				    chart_rel_name(rel), chart_jstr(md, "name"), chart_jstr(md, "version"),
				    chart_jstr(md, "appVersion"));
			struct strvec kv = STRVEC_INIT;
			const char *k;
			json_t *v;
			json_object_foreach(ann, k, v)
				strvec_pushf(&kv, "%s=%s", k, json_string_value(v) ? json_string_value(v) : "");
			strvec_sort(&kv);
			for (size_t i = 0; i < kv.nr; i++)
				strbuf_addf(&out, "%s%s", i ? "," : "", kv.v[i]);
			strvec_clear(&kv);
			for (size_t i = 0; i < json_array_size(deps); i++)
				strvec_push(&kv, chart_jstr(json_array_get(deps, i), "name"));
			strvec_sort(&kv);
			strbuf_addstr(&out, "\nDEPENDENCIES: ");
			for (size_t i = 0; i < kv.nr; i++)
				strbuf_addf(&out, "%s%s", i ? "," : "", kv.v[i]);
			strvec_clear(&kv);
			strbuf_addf(&out, "\nNAMESPACE: %s\nREVISION: %d\nSTATUS: %s\nDEPLOYED_AT: %s\n",
				    chart_rel_namespace(rel), chart_rel_version(rel), chart_rel_status(rel), at.buf);
		} else {
			json_t *m = json_object();
			json_object_set_new(m, "name", json_string(chart_rel_name(rel)));
			json_object_set_new(m, "chart", json_string(chart_jstr(md, "name")));
			json_object_set_new(m, "version", json_string(chart_jstr(md, "version")));
			json_object_set_new(m, "appVersion", json_string(chart_jstr(md, "appVersion")));
			if (json_object_size(ann))
				json_object_set(m, "annotations", ann);
			if (json_array_size(deps))
				json_object_set(m, "dependencies", deps);
			json_object_set_new(m, "namespace", json_string(chart_rel_namespace(rel)));
			json_object_set_new(m, "revision", json_integer(chart_rel_version(rel)));
			json_object_set_new(m, "status", json_string(chart_rel_status(rel)));
			json_object_set_new(m, "deployedAt", json_string(at.buf));
			if (!strcmp(outfmt, "json"))
				encode_json(&out, m);
			else
				encode_yaml(&out, m);
			json_decref(m);
		}
		strbuf_release(&at);
		break;
	}
	case GET_ALL: {
		if (*tmpl) {
			kc_err_set(err, "--template is not supported by kc yet");
			json_decref(rel);
			chart_fail(err);
			goto out;
		}
		struct status_opts so = { 1, 0, 0, 1, 0, 0, NULL };
		print_status(&out, rel, &so);
		break;
	}
	}
	json_decref(rel);
	rc = flush_out(&out, err);
	if (rc)
		chart_fail(err);
out:
	strbuf_release(&out);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}

int cmd_chart_get_values(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_common(ctx, argc, argv, GET_VALUES, err);
}

int cmd_chart_get_manifest(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_common(ctx, argc, argv, GET_MANIFEST, err);
}

int cmd_chart_get_notes(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_common(ctx, argc, argv, GET_NOTES, err);
}

int cmd_chart_get_hooks(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_common(ctx, argc, argv, GET_HOOKS, err);
}

int cmd_chart_get_all(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_common(ctx, argc, argv, GET_ALL, err);
}

int cmd_chart_get_metadata(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_common(ctx, argc, argv, GET_METADATA, err);
}

const struct kc_cmd kc_chart_get_cmds[] = {
	{ "all", cmd_chart_get_all, NULL, NULL, NULL },
	{ "hooks", cmd_chart_get_hooks, NULL, NULL, NULL },
	{ "manifest", cmd_chart_get_manifest, NULL, NULL, NULL },
	{ "metadata", cmd_chart_get_metadata, NULL, NULL, NULL },
	{ "notes", cmd_chart_get_notes, NULL, NULL, NULL },
	{ "values", cmd_chart_get_values, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int cmd_chart_get(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	int rc = chart_dispatch(kc_chart_get_cmds, ctx, argc, argv, err);
	if (rc != -2)
		return rc;
	return chart_group(argc, argv, "helm get", "get", HELM_GET_DESC, NULL,
			   "  all         download all information for a named release\n"
			   "  hooks       download all hooks for a named release\n"
			   "  manifest    download the manifest for a named release\n"
			   "  metadata    This command fetches metadata for a given release\n"
			   "  notes       download the notes for a named release\n"
			   "  values      download the values file for a named release\n",
			   err);
}

/* ---------------------------------------------------------------- test */

int cmd_chart_test(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	const char *timeout = "5m0s";
	int logs = 0, hide_notes = 0;
	struct strvec filter = STRVEC_INIT;
	struct chart_cfg cfg;
	struct strbuf out = STRBUF_INIT;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm test", "test [RELEASE]", HELM_RELEASETEST_DESC);
	hflags_add(&c.local, HF_DURATION, "timeout", 0, &timeout,
		   "time to wait for any individual Kubernetes operation (like Jobs for hooks)");
	hflags_add(&c.local, HF_BOOL, "logs", 0, &logs,
		   "dump the logs from test pods (this runs after all tests are complete, but before any cleanup)");
	hflags_add(&c.local, HF_STRSLICE, "filter", 0, &filter,
		   "specify tests by attribute (currently \"name\") using attribute=value syntax or '!attribute=value' to exclude a test (can specify multiple or separate values with commas: name=test1,name=test2)");
	hflags_add(&c.local, HF_BOOL, "hide-notes", 0, &hide_notes,
		   "if set, do not show notes in test output. Does not affect presence in chart metadata");
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 1, err) < 0 || release_setup(ctx, &g, timeout, &cfg, err) < 0) {
		chart_fail(err);
		goto out;
	}
	struct strvec inc = STRVEC_INIT, exc = STRVEC_INIT;
	for (size_t i = 0; i < filter.nr; i++) {
		const char *fv = filter.v[i];
		if (starts_with(fv, "name="))
			strvec_push(&inc, fv + 5);
		else if (starts_with(fv, "!name="))
			strvec_push(&exc, fv + 6);
		else if (starts_with(fv, "! name="))
			strvec_push(&exc, fv + 7);
	}
	json_t *rel = chart_action_test(&cfg, c.args.v[0], &inc, &exc, err);
	if (!rel) {
		strvec_clear(&inc);
		strvec_clear(&exc);
		chart_fail(err);
		goto out;
	}
	struct status_opts so = { cfg.debug, 0, 0, 0, hide_notes, 0, NULL };
	print_status(&out, rel, &so);
	int failed = kc_err_isset(err);
	if (logs) {
		strbuf_addch(&out, '\n');
		struct kc_err lerr = KC_ERR_INIT;
		if (chart_action_test_logs(&cfg, rel, &inc, &exc, &out, &lerr) < 0) {
			kc_err_move(err, &lerr);
			failed = 1;
		}
		kc_err_release(&lerr);
	}
	strvec_clear(&inc);
	strvec_clear(&exc);
	json_decref(rel);
	rc = flush_out(&out, err);
	if (failed || rc) {
		chart_fail(err);
		rc = -1;
	}
out:
	strbuf_release(&out);
	strvec_clear(&filter);
	chart_global_release(&g);
	chart_cmd_release(&c);
	return rc < 0 ? -1 : 0;
}
