/* Helm v3's release actions (helm.sh/helm/v3/pkg/action: install.go,
 * upgrade.go, rollback.go, uninstall.go, list.go, release_testing.go,
 * hooks.go, action.go renderResources), on JSON releases (chart/action.h). */
#include "chart/action.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chart/action_internal.h"
#include "chart/funcs_helm.h"
#include "chart/internal.h"
#include "util/json.h"
#include "util/yaml.h"

/* ---------------------------------------------------------------- time */

struct chart_time chart_time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct chart_time t = { (long long)ts.tv_sec, ts.tv_nsec };
	return t;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int chart_time_parse(const char *s, struct chart_time *t, long *off)
{
	int Y, M, D, h, m, sec;
	if (!s || strlen(s) < 20 || digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
	    digits(s + 8, 2, &D) || s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' ||
	    digits(s + 14, 2, &m) || s[16] != ':' || digits(s + 17, 2, &sec))
		return -1;
	const char *p = s + 19;
	long nsec = 0;
	if (*p == '.') {
		p++;
		int n = 0;
		while (*p >= '0' && *p <= '9') {
			if (n < 9) {
				nsec = nsec * 10 + (*p - '0');
				n++;
			}
			p++;
		}
		while (n++ < 9)
			nsec *= 10;
	}
	long o = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
			return -1;
		o = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	struct tm tm = { 0 };
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	t->sec = (long long)timegm(&tm) - o;
	t->nsec = nsec;
	if (off)
		*off = o;
	return 0;
}

void chart_time_ansic(struct strbuf *out, const char *stored)
{
	struct chart_time t;
	long off;
	if (chart_time_parse(stored, &t, &off) < 0)
		return;
	time_t w = (time_t)(t.sec + off);
	struct tm tm;
	gmtime_r(&w, &tm);
	char buf[64];
	strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y", &tm);
	strbuf_addstr(out, buf);
}

void chart_time_gostring(struct strbuf *out, const char *stored)
{
	struct chart_time t;
	long off;
	if (chart_time_parse(stored, &t, &off) < 0) {
		strbuf_addstr(out, "0001-01-01 00:00:00 +0000 UTC");
		return;
	}
	time_t w = (time_t)(t.sec + off);
	struct tm tm;
	gmtime_r(&w, &tm);
	char buf[64];
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	strbuf_addstr(out, buf);
	if (t.nsec) {
		char frac[16];
		snprintf(frac, sizeof(frac), ".%09ld", t.nsec);
		size_t l = strlen(frac);
		while (frac[l - 1] == '0')
			frac[--l] = 0;
		strbuf_addstr(out, frac);
	}
	long a = off < 0 ? -off : off;
	char zone[48];
	snprintf(zone, sizeof(zone), "%c%02d%02d", off < 0 ? '-' : '+', (int)(a / 3600 % 100), (int)((a % 3600) / 60));
	strbuf_addf(out, " %s ", zone);
	size_t sl = strlen(stored);
	if (stored[sl - 1] == 'Z') {
		strbuf_addstr(out, "UTC");
		return;
	}
	/* an offset equal to the local zone's at that instant decodes as Local */
	time_t inst = (time_t)t.sec;
	struct tm lt;
	localtime_r(&inst, &lt);
	if (lt.tm_gmtoff == off && lt.tm_zone && *lt.tm_zone)
		strbuf_addstr(out, lt.tm_zone);
	else
		strbuf_addstr(out, zone);
}

static json_t *now_json(void)
{
	struct chart_time t = chart_time_now();
	return chart_helm_time(&t);
}

/* ---------------------------------------------------------------- options */

void chart_action_opts_init(struct chart_action_opts *o)
{
	memset(o, 0, sizeof(*o));
	chart_value_opts_init(&o->values);
	strvec_init(&o->stderr_lines);
	o->cascade = "background";
}

void chart_action_opts_release(struct chart_action_opts *o)
{
	chart_value_opts_release(&o->values);
	strvec_clear(&o->stderr_lines);
}

static int is_dry_run(const struct chart_action_opts *o)
{
	const char *d = o->dry_run;
	return d && (!strcmp(d, "client") || !strcmp(d, "server") || !strcmp(d, "true"));
}

/* Reorder o's keys as order lists them (others after, in their order). */
static void reorder(json_t *o, const char *const *order, size_t n)
{
	json_t *copy = json_object();
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_object_get(o, order[i]);
		if (x)
			json_object_set(copy, order[i], x);
	}
	const char *k;
	json_t *x;
	json_object_foreach(o, k, x)
		if (!json_object_get(copy, k))
			json_object_set(copy, k, x);
	json_object_clear(o);
	json_object_update(o, copy);
	json_decref(copy);
}

static const char *const info_order[] = { "first_deployed", "last_deployed", "deleted", "description",
					  "status", "notes", "resources" };
static const char *const hook_order[] = { "name", "kind", "path", "manifest", "events", "last_run",
					  "weight", "delete_policies", "output_log_policies" };

static void info_put(json_t *rel, const char *key, json_t *v)
{
	json_t *info = json_object_get(rel, "info");
	json_object_set_new(info, key, v);
	reorder(info, info_order, sizeof(info_order) / sizeof(*info_order));
}

/* ---------------------------------------------------------------- reachability */

int chart_is_reachable(const struct chart_cfg *cfg, struct kc_err *err)
{
	json_t *v = chart_api_json(cfg, "GET", "/version?timeout=32s", NULL, NULL, err);
	if (!v) {
		kc_err_prefix(err, "Kubernetes cluster unreachable: ");
		return -1;
	}
	json_decref(v);
	return 0;
}

/* ---------------------------------------------------------------- capabilities, render */

struct rendered {
	struct chart_prepared prep;
	json_t *rel;      /* built release (status unknown) */
};

static void rendered_release(struct rendered *r)
{
	chart_prepared_release(&r->prep);
	json_decref(r->rel);
}

/* The server's version and API group-versions (Helm's getCapabilities). */
static int server_caps(const struct chart_cfg *cfg, struct chart_kube_version *kv, struct strvec *apis,
		       struct kc_err *err)
{
	json_t *v = chart_api_json(cfg, "GET", "/version", NULL, NULL, err);
	if (!v) {
		kc_err_prefix(err, "Kubernetes cluster unreachable: ");
		return -1;
	}
	struct kc_err perr = KC_ERR_INIT;
	if (chart_parse_kube_version(chart_jstr(v, "gitVersion"), kv, &perr) < 0)
		chart_kube_version_default(kv);
	kc_err_release(&perr);
	json_decref(v);
	const struct kc_discovery *d = kc_discovery_get(cfg->client, 0, err);
	if (!d) {
		kc_err_prefix(err, "could not get apiVersions from Kubernetes: ");
		return -1;
	}
	for (size_t i = 0; i < d->ngroups; i++)
		for (size_t k = 0; k < d->groups[i].versions.nr; k++) {
			if (*d->groups[i].name)
				strvec_pushf(apis, "%s/%s", d->groups[i].name, d->groups[i].versions.v[k]);
			else
				strvec_push(apis, d->groups[i].versions.v[k]);
		}
	for (size_t i = 0; i < d->nresources; i++) {
		const struct kc_api_resource *r = &d->resources[i];
		if (strchr(r->name, '/'))
			continue;
		if (*r->group)
			strvec_pushf(apis, "%s/%s/%s", r->group, r->version, r->kind);
		else
			strvec_pushf(apis, "%s/%s", r->version, r->kind);
	}
	return 0;
}

static int has_manifest_ext(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

/* Install.installCRDs: the crds/ files of c and its subcharts; 1 if some were
 * created (the caller refreshes discovery), 0 if none, -1 on error. */
static int install_crds(const struct chart_cfg *cfg, const struct chart *c, struct chart_reslist *created,
			struct kc_err *err)
{
	for (size_t i = 0; i < c->files.nr; i++) {
		const struct chart_file *f = &c->files.v[i];
		if (!starts_with(f->name, "crds/") || !has_manifest_ext(f->name))
			continue;
		char *text = xstrndup(f->data, f->len);
		struct chart_reslist l = { 0 };
		int rc = chart_kube_build(cfg, text, &l, err);
		free(text);
		if (rc < 0) {
			kc_err_prefix(err, "failed to install CRD %s: ", f->name);
			chart_reslist_release(&l);
			return -1;
		}
		struct kc_err cerr = KC_ERR_INIT;
		if (chart_kube_create(cfg, &l, &cerr) < 0) {
			if (cerr.http_code == 409) {
				chart_log(cfg, "CRD %s is already present. Skipping.", l.nr ? l.v[0].name : "");
				kc_err_release(&cerr);
				chart_reslist_release(&l);
				continue;
			}
			kc_err_move(err, &cerr);
			kc_err_prefix(err, "failed to install CRD %s: ", f->name);
			chart_reslist_release(&l);
			return -1;
		}
		kc_err_release(&cerr);
		for (size_t k = 0; k < l.nr; k++)
			chart_reslist_add_copy(created, &l.v[k]);
		chart_reslist_release(&l);
	}
	for (size_t i = 0; i < c->ndeps; i++)
		if (install_crds(cfg, c->deps[i], created, err) < 0)
			return -1;
	return created->nr ? 1 : 0;
}

/* chart_prepare + engine + renderResources + createRelease. vals borrowed. */
static int render_release(const struct chart_cfg *cfg, struct chart_action_opts *o, json_t *vals,
			  json_t *chart_values, const char *ns, long long revision, int is_upgrade,
			  struct rendered *out, struct kc_err *err)
{
	memset(out, 0, sizeof(*out));
	struct chart_install_opts io;
	struct chart_kube_version kv;
	chart_install_opts_init(&io);
	io.release_name = o->release_name;
	io.namespace = ns;
	io.is_upgrade = is_upgrade;
	io.revision = revision;
	io.vals = vals;
	io.chart_values = chart_values;
	io.skip_schema_validation = o->skip_schema_validation;
	int ret = -1;
	struct chart_files rendered = { 0 }, files = { 0 };
	struct chart_manifests hooks = { 0 }, generic = { 0 };
	struct strbuf manifest = STRBUF_INIT, notes = STRBUF_INIT;
	struct helm_render hr = { 0 };
	char *root_notes = NULL;
	if (server_caps(cfg, &kv, &io.api_versions, err) < 0)
		goto out;
	io.kube_version = &kv;
	if (chart_prepare(o->chart_ref, &o->values, &io, &out->prep, &o->stderr_lines, err) < 0)
		goto out;
	if (o->install_crds) {
		struct chart_reslist crds = { 0 };
		int rc = install_crds(cfg, out->prep.chart, &crds, err);
		if (rc > 0) {
			rc = chart_kube_wait(cfg, &crds, 0, err) < 0 ? -1 : 1;
		}
		chart_reslist_release(&crds);
		if (rc < 0)
			goto out;
		if (rc > 0) {
			/* discovery again: the new kinds become mappable and part of .Capabilities */
			chart_log(cfg, "Clearing discovery cache");
			strvec_clear(&io.api_versions);
			if (!kc_discovery_get(cfg->client, 1, err) || server_caps(cfg, &kv, &io.api_versions, err) < 0)
				goto out;
			json_object_set_new(out->prep.top, "Capabilities", chart_capabilities_json(&kv, &io.api_versions));
		}
	}
	if (helm_render_chart(out->prep.chart, out->prep.top, &hr, &rendered, err) < 0)
		goto out;
	root_notes = xasprintf("%s/templates/NOTES.txt", out->prep.chart->meta->name);
	for (size_t i = 0; i < rendered.nr; i++) {
		const struct chart_file *f = &rendered.v[i];
		if (ends_with(f->name, "NOTES.txt")) {
			if (o->render_subchart_notes || !strcmp(f->name, root_notes)) {
				if (notes.len)
					strbuf_addch(&notes, '\n');
				strbuf_add(&notes, f->data, f->len);
			}
			continue;
		}
		chart_files_add(&files, f->name, f->data, f->len);
	}
	if (chart_sort_manifests(&files, &hooks, &generic, &o->stderr_lines, err) < 0)
		goto out;
	for (size_t i = 0; i < generic.nr; i++) {
		int hidden = 0;
		if (o->hide_secret && !strcmp(generic.v[i].kind, "Secret")) {
			struct kc_err yerr = KC_ERR_INIT;
			json_t *d = yaml_load(generic.v[i].content, strlen(generic.v[i].content), NULL, &yerr);
			hidden = d && !strcmp(chart_jstr(d, "apiVersion"), "v1");
			json_decref(d);
			kc_err_release(&yerr);
		}
		if (hidden)
			strbuf_addf(&manifest, "---\n# Source: %s\n# HIDDEN: The Secret output has been suppressed\n",
				    generic.v[i].path);
		else
			strbuf_addf(&manifest, "---\n# Source: %s\n%s\n", generic.v[i].path, generic.v[i].content);
	}
	if (o->post_render) {
		struct strbuf pr = STRBUF_INIT;
		if (o->post_render(o->post_render_ud, manifest.buf, manifest.len, &pr, err) < 0) {
			kc_err_prefix(err, "error while running post render on files: ");
			strbuf_release(&pr);
			goto out;
		}
		strbuf_reset(&manifest);
		strbuf_addbuf(&manifest, &pr);
		strbuf_release(&pr);
	}
	struct chart_time now = chart_time_now();
	struct chart_release r = {
		.name = o->release_name, .namespace = ns, .version = (int)revision, .status = "unknown",
		.notes = notes.buf, .first_deployed = now, .last_deployed = now, .chart = out->prep.chart,
		.config = vals, .manifest = manifest.buf, .hooks = &hooks,
	};
	out->rel = chart_release_to_json(&r);
	ret = 0;
out:
	free(root_notes);
	helm_render_release(&hr);
	chart_files_release(&rendered);
	chart_files_release(&files);
	chart_manifests_release(&hooks);
	chart_manifests_release(&generic);
	strbuf_release(&manifest);
	strbuf_release(&notes);
	strvec_clear(&io.api_versions);
	return ret;
}

/* ---------------------------------------------------------------- hooks */

static int has_str(json_t *arr, const char *s)
{
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (!strcmp(json_string_value(json_array_get(arr, i)) ? json_string_value(json_array_get(arr, i)) : "",
			    s))
			return 1;
	return 0;
}

static long long hook_weight(json_t *h)
{
	json_t *w = json_object_get(h, "weight");
	return json_is_integer(w) ? json_integer_value(w) : json_is_real(w) ? (long long)json_real_value(w) : 0;
}

static int delete_hook_by_policy(const struct chart_cfg *cfg, json_t *h, const char *policy,
				 struct kc_err *err)
{
	if (!strcmp(chart_jstr(h, "kind"), "CustomResourceDefinition"))
		return 0;
	if (!has_str(json_object_get(h, "delete_policies"), policy))
		return 0;
	struct chart_reslist l = { 0 };
	if (chart_kube_build(cfg, chart_jstr(h, "manifest"), &l, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes object for deleting hook %s: ", chart_jstr(h, "path"));
		chart_reslist_release(&l);
		return -1;
	}
	chart_log(cfg, "Starting delete for \"%s\" %s", chart_jstr(h, "name"), chart_jstr(h, "kind"));
	int rc = chart_kube_delete(cfg, &l, "Background", err);
	if (rc == 0)
		rc = chart_kube_wait_for_delete(cfg, &l, err);
	chart_reslist_release(&l);
	return rc;
}

static void set_last_run(json_t *h, json_t *started, json_t *completed, const char *phase)
{
	json_t *lr = json_object_get(h, "last_run");
	json_t *n = json_object();
	json_object_set(n, "started_at", started ? started : json_object_get(lr, "started_at"));
	if (completed)
		json_object_set(n, "completed_at", completed);
	else
		json_object_set_new(n, "completed_at", json_string(""));
	json_object_set_new(n, "phase", json_string(phase));
	json_object_set_new(h, "last_run", n);
	reorder(h, hook_order, sizeof(hook_order) / sizeof(*hook_order));
}

static int exec_hook(const struct chart_cfg *cfg, json_t *rel, const char *event, struct kc_err *err)
{
	json_t *hooks = json_object_get(rel, "hooks");
	size_t n = 0;
	json_t **ex = xcalloc(json_array_size(hooks) + 1, sizeof(*ex));
	for (size_t i = 0; i < json_array_size(hooks); i++) {
		json_t *h = json_array_get(hooks, i);
		if (has_str(json_object_get(h, "events"), event))
			ex[n++] = h;
	}
	/* sort.Stable by weight, then name */
	for (size_t i = 1; i < n; i++) {
		json_t *x = ex[i];
		size_t j = i;
		while (j > 0) {
			json_t *p = ex[j - 1];
			long long wp = hook_weight(p), wx = hook_weight(x);
			int less = wx == wp ? strcmp(chart_jstr(x, "name"), chart_jstr(p, "name")) < 0 : wx < wp;
			if (!less)
				break;
			ex[j] = p;
			j--;
		}
		ex[j] = x;
	}
	int ret = -1;
	for (size_t i = 0; i < n; i++) {
		json_t *h = ex[i];
		if (!json_array_size(json_object_get(h, "delete_policies"))) {
			json_object_set_new(h, "delete_policies", json_pack("[s]", "before-hook-creation"));
			reorder(h, hook_order, sizeof(hook_order) / sizeof(*hook_order));
		}
		if (delete_hook_by_policy(cfg, h, "before-hook-creation", err) < 0)
			goto out;
		struct chart_reslist l = { 0 };
		if (chart_kube_build(cfg, chart_jstr(h, "manifest"), &l, err) < 0) {
			kc_err_prefix(err, "unable to build kubernetes object for %s hook %s: ", event,
				      chart_jstr(h, "path"));
			chart_reslist_release(&l);
			goto out;
		}
		json_t *started = now_json();
		set_last_run(h, started, NULL, "Running");
		json_decref(started);
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, rel, &rerr); /* recordRelease: errors ignored */
		kc_err_release(&rerr);
		set_last_run(h, NULL, NULL, "Unknown");
		chart_log(cfg, "hook %s: %s %s", event, chart_jstr(h, "kind"), chart_jstr(h, "name"));
		if (cfg->events)
			strvec_pushf(cfg->events, "hook %s %s/%s", event, chart_jstr(h, "kind"), chart_jstr(h, "name"));
		if (chart_kube_create(cfg, &l, err) < 0) {
			json_t *c = now_json();
			set_last_run(h, NULL, c, "Failed");
			json_decref(c);
			kc_err_prefix(err, "warning: Hook %s %s failed: ", event, chart_jstr(h, "path"));
			chart_reslist_release(&l);
			goto out;
		}
		int wrc = chart_kube_watch_until_ready(cfg, &l, err);
		chart_reslist_release(&l);
		json_t *c = now_json();
		if (wrc < 0) {
			set_last_run(h, NULL, c, "Failed");
			json_decref(c);
			struct kc_err derr = KC_ERR_INIT;
			if (delete_hook_by_policy(cfg, h, "hook-failed", &derr) < 0)
				chart_log(cfg, "error deleting the hook resource on hook failure: %s", derr.msg.buf);
			kc_err_release(&derr);
			for (size_t k = 0; k < i; k++)
				if (delete_hook_by_policy(cfg, ex[k], "hook-succeeded", &derr) < 0) {
					kc_err_move(err, &derr);
					break;
				}
			kc_err_release(&derr);
			goto out;
		}
		set_last_run(h, NULL, c, "Succeeded");
		json_decref(c);
	}
	for (size_t i = n; i-- > 0;)
		if (delete_hook_by_policy(cfg, ex[i], "hook-succeeded", err) < 0)
			goto out;
	ret = 0;
out:
	free(ex);
	return ret;
}

/* ---------------------------------------------------------------- install */

/* driver.ContainsSystemLabels */
static int has_system_label(json_t *labels, struct kc_err *err)
{
	static const char *const sys[] = { "name", "owner", "status", "version", "createdAt", "modifiedAt" };
	for (size_t i = 0; i < sizeof(sys) / sizeof(*sys); i++)
		if (json_object_get(labels, sys[i])) {
			kc_err_set(err, "user supplied labels contains system reserved label name. System labels: [name owner status version createdAt modifiedAt]");
			return 1;
		}
	return 0;
}

/* requireAdoption (--take-ownership): every existing resource is adopted */
static int require_adoption(const struct chart_cfg *cfg, const struct chart_reslist *l,
			    struct chart_reslist *adopt, struct kc_err *err)
{
	for (size_t i = 0; i < l->nr; i++) {
		struct kc_err gerr = KC_ERR_INIT;
		json_t *live = chart_kube_get(cfg, &l->v[i], &gerr);
		if (!live) {
			if (gerr.http_code != 404) {
				kc_err_set(err, "could not get information about the resource %s \"%s\" in namespace \"%s\": %s",
					   l->v[i].kind, l->v[i].name, l->v[i].ns, gerr.msg.buf);
				kc_err_release(&gerr);
				return -1;
			}
			kc_err_release(&gerr);
			continue;
		}
		json_decref(live);
		kc_err_release(&gerr);
		chart_reslist_add_copy(adopt, &l->v[i]);
	}
	return 0;
}

static int ensure_namespace(const struct chart_cfg *cfg, const char *ns, struct kc_err *err)
{
	json_t *obj = json_pack("{s:s, s:s, s:{s:s, s:{s:s}}}", "apiVersion", "v1", "kind", "Namespace",
				"metadata", "name", ns, "labels", "name", ns);
	json_t *got = chart_api_json(cfg, "POST", "/api/v1/namespaces", NULL, obj, err);
	json_decref(obj);
	if (!got && err->http_code == 409) {
		kc_err_release(err);
		kc_err_init(err);
		return 0;
	}
	json_decref(got);
	return got ? 0 : -1;
}

static json_t *uninstall_run(const struct chart_cfg *cfg, const char *name, int keep_history, int no_hooks,
			     const char *cascade, const char *description, int wait, char **kept,
			     struct kc_err *err);

static json_t *fail_install(const struct chart_cfg *cfg, struct chart_action_opts *o, json_t *rel,
			    struct kc_err *err)
{
	struct strbuf d = STRBUF_INIT;
	strbuf_addf(&d, "Release \"%s\" failed: %s", o->release_name, err->msg.buf);
	chart_rel_set_status(rel, "failed", d.buf);
	strbuf_release(&d);
	if (o->atomic) {
		chart_log(cfg, "Install failed and atomic is set, uninstalling release");
		struct kc_err uerr = KC_ERR_INIT;
		json_t *u = uninstall_run(cfg, o->release_name, 0, o->no_hooks, "background", NULL, 0, NULL, &uerr);
		if (!u) {
			struct strbuf m = STRBUF_INIT;
			strbuf_addf(&m, "an error occurred while uninstalling the release. original install error: %s: %s",
				    err->msg.buf, uerr.msg.buf);
			kc_err_set(err, "%s", m.buf);
			strbuf_release(&m);
		} else {
			struct strbuf m = STRBUF_INIT;
			strbuf_addf(&m, "release %s failed, and has been uninstalled due to atomic being set: %s",
				    o->release_name, err->msg.buf);
			kc_err_set(err, "%s", m.buf);
			strbuf_release(&m);
		}
		json_decref(u);
		kc_err_release(&uerr);
		json_decref(rel);
		return NULL;
	}
	struct kc_err rerr = KC_ERR_INIT;
	chart_storage_update(cfg, rel, &rerr);
	kc_err_release(&rerr);
	json_decref(rel);
	return NULL;
}

json_t *chart_action_install(const struct chart_cfg *cfg, struct chart_action_opts *o, struct kc_err *err)
{
	struct rendered rr;
	json_t *vals = NULL, *rel = NULL, *last = NULL;
	struct chart_reslist res = { 0 }, adopt = { 0 };
	int replace = 0, dry = is_dry_run(o);
	if (o->atomic)
		o->wait = 1;
	memset(&rr, 0, sizeof(rr));
	if (chart_is_reachable(cfg, err) < 0)
		return NULL;
	if (!dry && o->hide_secret) {
		kc_err_set(err, "Hiding Kubernetes secrets requires a dry-run mode");
		return NULL;
	}
	if (!chart_valid_release_name(o->release_name)) {
		/* chart_prepare words it */
	} else if (!dry) {
		struct chart_rels h = { 0 };
		struct kc_err herr = KC_ERR_INIT;
		if (chart_storage_history(cfg, o->release_name, &h, &herr) == 0 && h.nr) {
			chart_rels_sort_by_revision(&h);
			last = json_incref(h.v[h.nr - 1]);
			const char *st = chart_rel_status(last);
			if (o->replace && (!strcmp(st, "uninstalled") || !strcmp(st, "failed"))) {
				replace = 1;
			} else {
				kc_err_set(err, "cannot re-use a name that is still in use");
				chart_rels_release(&h);
				kc_err_release(&herr);
				goto fail;
			}
		}
		chart_rels_release(&h);
		kc_err_release(&herr);
	}
	vals = chart_merge_user_values(&o->values, err);
	if (!vals)
		goto fail;
	o->install_crds = !dry && !o->skip_crds;
	if (render_release(cfg, o, vals, NULL, cfg->namespace, 1, 0, &rr, err) < 0)
		goto fail;
	if (has_system_label(o->labels, err))
		goto fail;
	rel = json_incref(rr.rel);
	json_object_set_new(rel, "__labels", o->labels ? json_deep_copy(o->labels) : json_object());
	chart_rel_set_status(rel, "pending-install", "Initial install underway");
	if (chart_kube_build(cfg, chart_jstr(rel, "manifest"), &res, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes objects from release manifest: ");
		goto fail;
	}
	chart_kube_set_owner(&res, o->release_name, cfg->namespace);
	if (res.nr && (o->take_ownership ? require_adoption(cfg, &res, &adopt, err) :
					   chart_kube_conflicts(cfg, &res, o->release_name, cfg->namespace, &adopt, err)) < 0) {
		kc_err_prefix(err, "Unable to continue with install: ");
		goto fail;
	}
	if (dry) {
		chart_rel_set_status(rel, NULL, "Dry run complete");
		goto done;
	}
	if (o->create_namespace && ensure_namespace(cfg, cfg->namespace, err) < 0)
		goto fail;
	if (replace) {
		json_object_set_new(rel, "version", json_integer(chart_rel_version(last) + 1));
		if (strcmp(chart_rel_status(last), "failed")) {
			chart_rel_set_status(last, "superseded", "superseded by new release");
			struct kc_err rerr = KC_ERR_INIT;
			chart_storage_update(cfg, last, &rerr);
			kc_err_release(&rerr);
		}
	}
	if (chart_storage_create(cfg, rel, json_object_get(rel, "__labels"), err) < 0)
		goto fail;
	/* performInstall */
	if (!o->no_hooks && exec_hook(cfg, rel, "pre-install", err) < 0) {
		kc_err_prefix(err, "failed pre-install: ");
		rel = fail_install(cfg, o, rel, err);
		goto fail;
	}
	int rc = 0;
	if (!adopt.nr && res.nr)
		rc = chart_kube_create(cfg, &res, err);
	else if (res.nr)
		rc = chart_kube_update(cfg, &adopt, &res, o->force, NULL, err);
	if (rc == 0 && o->wait)
		rc = chart_kube_wait(cfg, &res, o->wait_for_jobs, err);
	if (rc < 0) {
		rel = fail_install(cfg, o, rel, err);
		goto fail;
	}
	if (!o->no_hooks && exec_hook(cfg, rel, "post-install", err) < 0) {
		kc_err_prefix(err, "failed post-install: ");
		rel = fail_install(cfg, o, rel, err);
		goto fail;
	}
	chart_rel_set_status(rel, "deployed", o->description && *o->description ? o->description : "Install complete");
	{
		struct kc_err rerr = KC_ERR_INIT;
		if (chart_storage_update(cfg, rel, &rerr) < 0)
			chart_log(cfg, "failed to record the release: %s", rerr.msg.buf);
		kc_err_release(&rerr);
	}
done:
	rendered_release(&rr);
	chart_reslist_release(&res);
	chart_reslist_release(&adopt);
	json_decref(vals);
	json_decref(last);
	return rel;
fail:
	rendered_release(&rr);
	chart_reslist_release(&res);
	chart_reslist_release(&adopt);
	json_decref(vals);
	json_decref(rel);
	json_decref(last);
	return NULL;
}

/* ---------------------------------------------------------------- upgrade */

static json_t *coalesce_old_values(json_t *old_rel, struct kc_err *err)
{
	/* chartutil.CoalesceValues(current.Chart, current.Config): the stored chart
	 * has no subcharts, only its values */
	struct chart c;
	memset(&c, 0, sizeof(c));
	c.meta = chart_meta_new();
	json_t *ch = json_object_get(old_rel, "chart");
	free(c.meta->name);
	c.meta->name = xstrdup(chart_jstr(json_object_get(ch, "metadata"), "name"));
	json_t *cv = json_object_get(ch, "values");
	c.values = json_is_object(cv) ? chart_ints_to_reals(json_deep_copy(cv)) : NULL;
	json_t *cfgv = json_object_get(old_rel, "config");
	json_t *user = json_is_object(cfgv) ? chart_ints_to_reals(json_deep_copy(cfgv)) : json_object();
	json_t *out = chart_coalesce_values(&c, user, 0, NULL, err);
	json_decref(user);
	json_decref(c.values);
	chart_meta_free(c.meta);
	return out;
}

static int rollback_run(const struct chart_cfg *cfg, const char *name, int version, int wait, int jobs,
			int no_hooks, int force, int dry, struct kc_err *err);

json_t *chart_action_upgrade(const struct chart_cfg *cfg, struct chart_action_opts *o, struct kc_err *err)
{
	json_t *last = NULL, *current = NULL, *vals = NULL, *chart_values = NULL, *up = NULL;
	struct rendered rr;
	struct chart_reslist cur = { 0 }, target = { 0 }, created = { 0 }, adopt = { 0 };
	memset(&rr, 0, sizeof(rr));
	if (chart_is_reachable(cfg, err) < 0)
		return NULL;
	if (o->atomic)
		o->wait = 1;
	const char *name = o->release_name;
	if (!chart_valid_release_name(name)) {
		kc_err_set(err, "release name is invalid: %s", name);
		return NULL;
	}
	chart_log(cfg, "preparing upgrade for %s", name);
	if (!is_dry_run(o) && o->hide_secret) {
		kc_err_set(err, "Hiding Kubernetes secrets requires a dry-run mode");
		return NULL;
	}
	last = chart_storage_last(cfg, name, err);
	if (!last) {
		if (!strcmp(err->msg.buf, "release: not found"))
			kc_err_set(err, "\"%s\" has no deployed releases", name);
		goto fail;
	}
	const char *lst = chart_rel_status(last);
	if (!strncmp(lst, "pending-", 8)) {
		kc_err_set(err, "another operation (install/upgrade/rollback) is in progress");
		goto fail;
	}
	if (!strcmp(lst, "deployed")) {
		current = json_incref(last);
	} else {
		struct kc_err derr = KC_ERR_INIT;
		current = chart_storage_deployed(cfg, name, &derr);
		if (!current) {
			if (strstr(derr.msg.buf, "has no deployed releases") &&
			    (!strcmp(lst, "failed") || !strcmp(lst, "superseded"))) {
				current = json_incref(last);
			} else {
				kc_err_move(err, &derr);
				goto fail;
			}
		}
		kc_err_release(&derr);
	}
	vals = chart_merge_user_values(&o->values, err);
	if (!vals)
		goto fail;
	json_t *ccfg = json_object_get(current, "config");
	if (o->reset_values) {
		chart_log(cfg, "resetting values to the chart's original version");
	} else if (o->reuse_values) {
		chart_log(cfg, "reusing the old release's values");
		chart_values = coalesce_old_values(current, err);
		if (!chart_values) {
			kc_err_prefix(err, "failed to rebuild old values: ");
			goto fail;
		}
		if (json_is_object(ccfg)) {
			json_t *old = chart_ints_to_reals(json_deep_copy(ccfg));
			chart_coalesce_tables(NULL, vals, old, "", 0);
			json_decref(old);
		}
	} else if (o->reset_then_reuse_values) {
		chart_log(cfg, "merging values from old release to new values");
		if (json_is_object(ccfg)) {
			json_t *old = chart_ints_to_reals(json_deep_copy(ccfg));
			chart_coalesce_tables(NULL, vals, old, "", 0);
			json_decref(old);
		}
	} else if (!json_object_size(vals) && json_object_size(ccfg)) {
		chart_log(cfg, "copying values from %s (v%d) to new release.", name, chart_rel_version(current));
		json_decref(vals);
		vals = chart_ints_to_reals(json_deep_copy(ccfg));
	}
	int revision = chart_rel_version(last) + 1;
	const char *ns = chart_rel_namespace(current);
	if (render_release(cfg, o, vals, chart_values, ns, revision, 1, &rr, err) < 0)
		goto fail;
	up = json_incref(rr.rel);
	json_t *info = json_object_get(up, "info");
	json_t *fd = json_object_get(json_object_get(current, "info"), "first_deployed");
	json_object_set(info, "first_deployed", fd ? fd : json_string(""));
	chart_rel_set_status(up, "pending-upgrade", "Preparing upgrade");
	if (has_system_label(o->labels, err))
		goto fail;
	json_t *labels = json_object_get(last, "__labels");
	labels = labels ? json_deep_copy(labels) : json_object();
	if (o->labels) {
		const char *k;
		json_t *v;
		json_object_foreach(o->labels, k, v)
			json_object_set(labels, k, v);
		void *tmp;
		json_object_foreach_safe(labels, tmp, k, v)
			if (json_is_string(v) && !strcmp(json_string_value(v), "null"))
				json_object_del(labels, k);
	}
	json_object_set_new(up, "__labels", labels);
	/* performUpgrade */
	if (chart_kube_build(cfg, chart_jstr(current, "manifest"), &cur, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes objects from current release manifest: ");
		goto fail;
	}
	if (chart_kube_build(cfg, chart_jstr(up, "manifest"), &target, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes objects from new release manifest: ");
		goto fail;
	}
	chart_kube_set_owner(&target, name, ns);
	struct chart_reslist to_create = { 0 };
	for (size_t i = 0; i < target.nr; i++) {
		int found = 0;
		for (size_t k = 0; k < cur.nr && !found; k++)
			found = !strcmp(cur.v[k].gv, target.v[i].gv) && !strcmp(cur.v[k].kind, target.v[i].kind) &&
				!strcmp(cur.v[k].ns, target.v[i].ns) && !strcmp(cur.v[k].name, target.v[i].name);
		if (!found)
			chart_reslist_add_copy(&to_create, &target.v[i]);
	}
	int crc = o->take_ownership ? require_adoption(cfg, &to_create, &adopt, err) :
				      chart_kube_conflicts(cfg, &to_create, name, ns, &adopt, err);
	chart_reslist_release(&to_create);
	if (crc < 0) {
		kc_err_prefix(err, "Unable to continue with update: ");
		goto fail;
	}
	for (size_t i = 0; i < adopt.nr; i++)
		chart_reslist_add_copy(&cur, &adopt.v[i]);
	if (is_dry_run(o)) {
		chart_log(cfg, "dry run for %s", name);
		chart_rel_set_status(up, NULL, o->description && *o->description ? o->description : "Dry run complete");
		goto done;
	}
	chart_log(cfg, "creating upgraded release for %s", name);
	if (chart_storage_create(cfg, up, labels, err) < 0)
		goto fail;
	int failed = 0;
	if (!o->no_hooks && exec_hook(cfg, up, "pre-upgrade", err) < 0) {
		kc_err_prefix(err, "pre-upgrade hooks failed: ");
		failed = 1;
	}
	if (!failed && chart_kube_update(cfg, &cur, &target, o->force, &created, err) < 0) {
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, current, &rerr);
		kc_err_release(&rerr);
		failed = 1;
	}
	if (!failed && o->wait && chart_kube_wait(cfg, &target, o->wait_for_jobs, err) < 0) {
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, current, &rerr);
		kc_err_release(&rerr);
		failed = 1;
	}
	if (!failed && !o->no_hooks && exec_hook(cfg, up, "post-upgrade", err) < 0) {
		kc_err_prefix(err, "post-upgrade hooks failed: ");
		failed = 1;
	}
	if (failed) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addf(&m, "Upgrade \"%s\" failed: %s", name, err->msg.buf);
		chart_log(cfg, "warning: %s", m.buf);
		chart_rel_set_status(up, "failed", m.buf);
		strbuf_release(&m);
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, up, &rerr);
		kc_err_release(&rerr);
		if (o->cleanup_on_fail && created.nr) {
			chart_log(cfg, "Cleanup on fail set, cleaning up %zu resources", created.nr);
			if (chart_kube_delete(cfg, &created, "Background", &rerr) < 0) {
				struct strbuf m2 = STRBUF_INIT;
				strbuf_addf(&m2, "an error occurred while cleaning up resources. original upgrade error: %s: unable to cleanup resources: %s",
					    err->msg.buf, rerr.msg.buf);
				kc_err_set(err, "%s", m2.buf);
				strbuf_release(&m2);
				kc_err_release(&rerr);
				goto fail;
			}
			chart_log(cfg, "Resource cleanup complete");
		}
		if (o->atomic) {
			chart_log(cfg, "Upgrade failed and atomic is set, rolling back to last successful release");
			struct chart_rels h = { 0 };
			int to = 0;
			if (chart_storage_history(cfg, name, &h, &rerr) == 0) {
				for (size_t i = 0; i < h.nr; i++) {
					const char *st = chart_rel_status(h.v[i]);
					if ((!strcmp(st, "superseded") || !strcmp(st, "deployed")) &&
					    chart_rel_version(h.v[i]) > to)
						to = chart_rel_version(h.v[i]);
				}
			}
			chart_rels_release(&h);
			kc_err_release(&rerr);
			struct strbuf m2 = STRBUF_INIT;
			if (!to) {
				strbuf_addf(&m2, "unable to find a previously successful release when attempting to rollback. original upgrade error: %s",
					    err->msg.buf);
			} else if (rollback_run(cfg, name, to, 1, o->wait_for_jobs, o->no_hooks, o->force, 0, &rerr) < 0) {
				strbuf_addf(&m2, "an error occurred while rolling back the release. original upgrade error: %s: %s",
					    err->msg.buf, rerr.msg.buf);
			} else {
				strbuf_addf(&m2, "release %s failed, and has been rolled back due to atomic being set: %s",
					    name, err->msg.buf);
			}
			kc_err_release(&rerr);
			kc_err_set(err, "%s", m2.buf);
			strbuf_release(&m2);
		}
		goto fail;
	}
	chart_rel_set_status(current, "superseded", NULL);
	{
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, current, &rerr);
		kc_err_release(&rerr);
	}
	chart_rel_set_status(up, "deployed", o->description && *o->description ? o->description : "Upgrade complete");
	chart_log(cfg, "updating status for upgraded release for %s", name);
	if (chart_storage_update(cfg, up, err) < 0)
		goto fail;
done:
	rendered_release(&rr);
	chart_reslist_release(&cur);
	chart_reslist_release(&target);
	chart_reslist_release(&created);
	chart_reslist_release(&adopt);
	json_decref(last);
	json_decref(current);
	json_decref(vals);
	json_decref(chart_values);
	return up;
fail:
	json_decref(up);
	up = NULL;
	goto done;
}

/* ---------------------------------------------------------------- rollback */

static int rollback_run(const struct chart_cfg *cfg, const char *name, int version, int wait, int jobs,
			int no_hooks, int force, int dry, struct kc_err *err)
{
	if (!chart_valid_release_name(name))
		return kc_err_set(err, "prepareRollback: Release name is invalid: %s", name);
	if (version < 0)
		return kc_err_set(err, "invalid release revision number");
	json_t *current = NULL, *prev = NULL, *target = NULL;
	struct chart_rels h = { 0 };
	struct chart_reslist cur = { 0 }, tgt = { 0 };
	int ret = -1;
	current = chart_storage_last(cfg, name, err);
	if (!current)
		goto out;
	int pv = version ? version : chart_rel_version(current) - 1;
	if (chart_storage_history(cfg, name, &h, err) < 0)
		goto out;
	int exists = 0;
	for (size_t i = 0; i < h.nr; i++)
		exists |= chart_rel_version(h.v[i]) == pv;
	if (!exists) {
		kc_err_set(err, "release has no %d version", pv);
		goto out;
	}
	chart_log(cfg, "rolling back %s (current: v%d, target: v%d)", name, chart_rel_version(current), pv);
	prev = chart_storage_get(cfg, name, pv, err);
	if (!prev)
		goto out;
	/* targetRelease, in Release struct order */
	target = json_object();
	json_object_set_new(target, "name", json_string(name));
	json_t *info = json_object();
	json_t *cinfo = json_object_get(current, "info"), *pinfo = json_object_get(prev, "info");
	json_object_set(info, "first_deployed",
			json_object_get(cinfo, "first_deployed") ? json_object_get(cinfo, "first_deployed") :
								   json_string(""));
	json_object_set_new(info, "last_deployed", now_json());
	json_object_set_new(info, "deleted", json_string(""));
	char desc[64];
	snprintf(desc, sizeof(desc), "Rollback to %d", pv);
	json_object_set_new(info, "description", json_string(desc));
	json_object_set_new(info, "status", json_string("pending-rollback"));
	if (*chart_jstr(pinfo, "notes"))
		json_object_set(info, "notes", json_object_get(pinfo, "notes"));
	json_object_set_new(target, "info", info);
	static const char *const carry[] = { "chart", "config", "manifest", "hooks" };
	for (size_t i = 0; i < 4; i++) {
		json_t *x = json_object_get(prev, carry[i]);
		if (x)
			json_object_set_new(target, carry[i], json_deep_copy(x));
	}
	json_object_set_new(target, "version", json_integer(chart_rel_version(current) + 1));
	if (*chart_rel_namespace(current))
		json_object_set_new(target, "namespace", json_string(chart_rel_namespace(current)));
	json_t *pl = json_object_get(prev, "__labels");
	if (!dry) {
		chart_log(cfg, "creating rolled back release for %s", name);
		if (chart_storage_create(cfg, target, pl ? pl : NULL, err) < 0)
			goto out;
	}
	if (dry) {
		ret = 0;
		goto out;
	}
	if (chart_kube_build(cfg, chart_jstr(current, "manifest"), &cur, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes objects from current release manifest: ");
		goto out;
	}
	if (chart_kube_build(cfg, chart_jstr(target, "manifest"), &tgt, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes objects from new release manifest: ");
		goto out;
	}
	if (!no_hooks && exec_hook(cfg, target, "pre-rollback", err) < 0)
		goto out;
	chart_kube_set_owner(&tgt, name, chart_rel_namespace(target));
	if (chart_kube_update(cfg, &cur, &tgt, force, NULL, err) < 0) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addf(&m, "Rollback \"%s\" failed: %s", name, err->msg.buf);
		chart_rel_set_status(current, "superseded", NULL);
		chart_rel_set_status(target, "failed", m.buf);
		strbuf_release(&m);
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, current, &rerr);
		chart_storage_update(cfg, target, &rerr);
		kc_err_release(&rerr);
		goto out;
	}
	if (wait && chart_kube_wait(cfg, &tgt, jobs, err) < 0) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addf(&m, "Release \"%s\" failed: %s", name, err->msg.buf);
		chart_rel_set_status(target, "failed", m.buf);
		strbuf_release(&m);
		struct kc_err rerr = KC_ERR_INIT;
		chart_storage_update(cfg, current, &rerr);
		chart_storage_update(cfg, target, &rerr);
		kc_err_release(&rerr);
		kc_err_prefix(err, "release %s failed: ", name);
		goto out;
	}
	if (!no_hooks && exec_hook(cfg, target, "post-rollback", err) < 0)
		goto out;
	{
		struct chart_rels dep = { 0 };
		char *sel = xasprintf("name=%s,owner=helm,status=deployed", name);
		struct kc_err derr = KC_ERR_INIT;
		if (chart_storage_list(cfg, cfg->namespace, sel, &dep, &derr) >= 0)
			for (size_t i = 0; i < dep.nr; i++) {
				chart_log(cfg, "superseding previous deployment %d", chart_rel_version(dep.v[i]));
				chart_rel_set_status(dep.v[i], "superseded", NULL);
				chart_storage_update(cfg, dep.v[i], &derr);
			}
		free(sel);
		kc_err_release(&derr);
		chart_rels_release(&dep);
	}
	chart_rel_set_status(target, "deployed", NULL);
	chart_log(cfg, "updating status for rolled back release for %s", name);
	if (chart_storage_update(cfg, target, err) < 0)
		goto out;
	ret = 0;
out:
	chart_reslist_release(&cur);
	chart_reslist_release(&tgt);
	chart_rels_release(&h);
	json_decref(current);
	json_decref(prev);
	json_decref(target);
	return ret;
}

int chart_action_rollback(const struct chart_cfg *cfg, struct chart_action_opts *o, struct kc_err *err)
{
	if (chart_is_reachable(cfg, err) < 0)
		return -1;
	chart_log(cfg, "preparing rollback of %s", o->release_name);
	return rollback_run(cfg, o->release_name, o->version, o->wait, o->wait_for_jobs, o->no_hooks, o->force,
			    o->dry_run && strcmp(o->dry_run, "false") && strcmp(o->dry_run, "none"), err);
}

/* ---------------------------------------------------------------- uninstall */

static const char *const uninstall_order[] = {
	"APIService", "Ingress", "IngressClass", "Service", "CronJob", "Job", "StatefulSet",
	"HorizontalPodAutoscaler", "Deployment", "ReplicaSet", "ReplicationController", "Pod", "DaemonSet",
	"RoleBindingList", "RoleBinding", "RoleList", "Role", "ClusterRoleBindingList", "ClusterRoleBinding",
	"ClusterRoleList", "ClusterRole", "CustomResourceDefinition", "PersistentVolumeClaim",
	"PersistentVolume", "StorageClass", "ConfigMap", "SecretList", "Secret", "ServiceAccount",
	"PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota", "NetworkPolicy", "Namespace",
	"PriorityClass",
};

static int kind_rank(const char *k)
{
	for (size_t i = 0; i < sizeof(uninstall_order) / sizeof(*uninstall_order); i++)
		if (!strcmp(k, uninstall_order[i]))
			return (int)i;
	return -1;
}

static int less_kind(const char *a, const char *b)
{
	int ra = kind_rank(a), rb = kind_rank(b);
	if (ra < 0 && rb < 0)
		return strcmp(a, b) < 0;
	if (ra < 0)
		return 0;
	if (rb < 0)
		return 1;
	return ra < rb;
}

struct udoc {
	char *kind, *name, *content;
	int keep;
};

static int delete_release_resources(const struct chart_cfg *cfg, json_t *rel, const char *cascade,
				    struct strbuf *kept, struct chart_reslist *deleted, struct kc_err *err)
{
	const char *manifest = chart_jstr(rel, "manifest");
	struct strvec docs = STRVEC_INIT;
	chart_split_manifests(manifest, strlen(manifest), &docs);
	struct udoc *u = xcalloc(docs.nr + 1, sizeof(*u));
	size_t n = 0;
	for (size_t i = 0; i < docs.nr; i++) {
		struct kc_err yerr = KC_ERR_INIT;
		json_t *d = yaml_load(docs.v[i], strlen(docs.v[i]), NULL, &yerr);
		if (!d) {
			kc_err_set(err, "corrupted release record. You must manually delete the resources: YAML parse error: %s",
				   yerr.msg.buf);
			kc_err_release(&yerr);
			for (size_t k = 0; k < n; k++) {
				free(u[k].kind);
				free(u[k].name);
			}
			free(u);
			strvec_clear(&docs);
			return -1;
		}
		kc_err_release(&yerr);
		json_t *md = json_object_get(d, "metadata");
		const char *pol = chart_jstr(json_object_get(md, "annotations"), "helm.sh/resource-policy");
		char *lp = xstrdup(pol);
		/* strings.ToLower(strings.TrimSpace(…)) */
		char *s = lp;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		size_t l = strlen(s);
		while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\n' || s[l - 1] == '\r'))
			s[--l] = 0;
		for (char *q = s; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		u[n].keep = !strcmp(s, "keep");
		free(lp);
		u[n].kind = xstrdup(chart_jstr(d, "kind"));
		u[n].name = xstrdup(chart_jstr(md, "name"));
		u[n].content = docs.v[i];
		n++;
		json_decref(d);
	}
	/* sort.SliceStable by uninstall order */
	for (size_t i = 1; i < n; i++) {
		struct udoc x = u[i];
		size_t j = i;
		while (j > 0 && less_kind(x.kind, u[j - 1].kind)) {
			u[j] = u[j - 1];
			j--;
		}
		u[j] = x;
	}
	struct strbuf del = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (u[i].keep)
			strbuf_addf(kept, "[%s] %s\n", u[i].kind, u[i].name);
		else
			strbuf_addf(&del, "\n---\n%s", u[i].content);
	}
	for (size_t i = 0; i < n; i++) {
		free(u[i].kind);
		free(u[i].name);
	}
	free(u);
	int ret = 0;
	if (chart_kube_build(cfg, del.buf, deleted, err) < 0) {
		kc_err_prefix(err, "unable to build kubernetes objects for delete: ");
		ret = -1;
	} else if (deleted->nr) {
		const char *prop = !strcmp(cascade, "orphan") ? "Orphan" :
				   !strcmp(cascade, "foreground") ? "Foreground" : "Background";
		ret = chart_kube_delete(cfg, deleted, prop, err);
	}
	strbuf_release(&del);
	strvec_clear(&docs);
	return ret;
}

static json_t *uninstall_run(const struct chart_cfg *cfg, const char *name, int keep_history, int no_hooks,
			     const char *cascade, const char *description, int wait, char **kept,
			     struct kc_err *err)
{
	if (!chart_valid_release_name(name)) {
		kc_err_set(err, "uninstall: Release name is invalid: %s", name);
		return NULL;
	}
	struct chart_rels h = { 0 };
	json_t *rel = NULL;
	struct strbuf keptb = STRBUF_INIT;
	struct chart_reslist deleted = { 0 };
	struct strvec errs = STRVEC_INIT;
	if (chart_storage_history(cfg, name, &h, err) < 0) {
		kc_err_prefix(err, "uninstall: Release not loaded: %s: ", name);
		goto fail;
	}
	if (!h.nr) {
		kc_err_set(err, "no release provided");
		goto fail;
	}
	chart_rels_sort_by_revision(&h);
	rel = json_incref(h.v[h.nr - 1]);
	if (!strcmp(chart_rel_status(rel), "uninstalled")) {
		if (!keep_history) {
			for (size_t i = 0; i < h.nr; i++)
				if (chart_storage_delete(cfg, name, chart_rel_version(h.v[i]), err) < 0) {
					kc_err_prefix(err, "uninstall: Failed to purge the release: ");
					goto fail;
				}
			goto done;
		}
		kc_err_set(err, "the release named \"%s\" is already deleted", name);
		goto fail;
	}
	chart_log(cfg, "uninstall: Deleting %s", name);
	chart_rel_set_status(rel, "uninstalling", "Deletion in progress (or silently failed)");
	info_put(rel, "deleted", now_json());
	if (!no_hooks && exec_hook(cfg, rel, "pre-delete", err) < 0)
		goto fail;
	{
		struct kc_err rerr = KC_ERR_INIT;
		if (chart_storage_update(cfg, rel, &rerr) < 0)
			chart_log(cfg, "uninstall: Failed to store updated release: %s", rerr.msg.buf);
		kc_err_release(&rerr);
	}
	if (delete_release_resources(cfg, rel, cascade ? cascade : "background", &keptb, &deleted, err) < 0) {
		chart_log(cfg, "uninstall: Failed to delete release: %s", err->msg.buf);
		kc_err_set(err, "failed to delete release: %s", name);
		goto fail;
	}
	if (wait) {
		struct kc_err werr = KC_ERR_INIT;
		if (chart_kube_wait_for_delete(cfg, &deleted, &werr) < 0)
			strvec_push(&errs, werr.msg.buf);
		kc_err_release(&werr);
	}
	if (!no_hooks) {
		struct kc_err herr = KC_ERR_INIT;
		if (exec_hook(cfg, rel, "post-delete", &herr) < 0)
			strvec_push(&errs, herr.msg.buf);
		kc_err_release(&herr);
	}
	chart_rel_set_status(rel, "uninstalled", description && *description ? description : "Uninstallation complete");
	if (!keep_history) {
		chart_log(cfg, "purge requested for %s", name);
		struct kc_err perr = KC_ERR_INIT;
		for (size_t i = 0; i < h.nr; i++)
			if (chart_storage_delete(cfg, name, chart_rel_version(h.v[i]), &perr) < 0) {
				strvec_pushf(&errs, "uninstall: Failed to purge the release: %s", perr.msg.buf);
				break;
			}
		kc_err_release(&perr);
	} else {
		struct kc_err rerr = KC_ERR_INIT;
		if (chart_storage_update(cfg, rel, &rerr) < 0)
			chart_log(cfg, "uninstall: Failed to store updated release: %s", rerr.msg.buf);
		kc_err_release(&rerr);
		struct chart_rels dep = { 0 };
		char *sel = xasprintf("name=%s,owner=helm,status=deployed", name);
		if (chart_storage_list(cfg, cfg->namespace, sel, &dep, &rerr) >= 0)
			for (size_t i = 0; i < dep.nr; i++) {
				chart_rel_set_status(dep.v[i], "superseded", NULL);
				chart_storage_update(cfg, dep.v[i], &rerr);
			}
		free(sel);
		kc_err_release(&rerr);
		chart_rels_release(&dep);
	}
	if (errs.nr) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addf(&m, "uninstallation completed with %zu error(s): ", errs.nr);
		for (size_t i = 0; i < errs.nr; i++)
			strbuf_addf(&m, "%s%s", i ? "; " : "", errs.v[i]);
		kc_err_set(err, "%s", m.buf);
		strbuf_release(&m);
		goto fail;
	}
done:
	if (kept)
		*kept = keptb.len ? xasprintf("These resources were kept due to the resource policy:\n%s", keptb.buf) :
				    xstrdup("");
	strbuf_release(&keptb);
	chart_reslist_release(&deleted);
	chart_rels_release(&h);
	strvec_clear(&errs);
	return rel;
fail:
	json_decref(rel);
	rel = NULL;
	strbuf_release(&keptb);
	chart_reslist_release(&deleted);
	chart_rels_release(&h);
	strvec_clear(&errs);
	return NULL;
}

json_t *chart_action_uninstall(const struct chart_cfg *cfg, struct chart_action_opts *o, char **kept,
			       struct kc_err *err)
{
	if (kept)
		*kept = NULL;
	if (chart_is_reachable(cfg, err) < 0)
		return NULL;
	if (is_dry_run(o))
		return chart_action_get(cfg, o->release_name, 0, err);
	return uninstall_run(cfg, o->release_name, o->keep_history, o->no_hooks, o->cascade, o->description,
			     o->wait, kept, err);
}

/* ---------------------------------------------------------------- get, test */

json_t *chart_action_get(const struct chart_cfg *cfg, const char *name, int version, struct kc_err *err)
{
	if (chart_is_reachable(cfg, err) < 0)
		return NULL;
	if (!chart_valid_release_name(name)) {
		kc_err_set(err, "releaseContent: Release name is invalid: %s", name);
		return NULL;
	}
	if (version <= 0)
		return chart_storage_last(cfg, name, err);
	return chart_storage_get(cfg, name, version, err);
}

json_t *chart_action_test(const struct chart_cfg *cfg, const char *name, const struct strvec *include,
			  const struct strvec *exclude, struct kc_err *err)
{
	json_t *rel = chart_action_get(cfg, name, 0, err);
	if (!rel)
		return NULL;
	/* --filter: skipped hooks leave rel.Hooks while the tests run, and come
	 * back first afterwards (ReleaseTesting.Run) */
	json_t *hooks = json_object_get(rel, "hooks");
	json_t *skipped = json_array(), *exec = json_array();
	for (size_t i = 0; i < json_array_size(hooks); i++) {
		json_t *h = json_array_get(hooks, i);
		const char *hn = chart_jstr(h, "name");
		int skip = 0;
		if (exclude && exclude->nr && strvec_contains(exclude, hn))
			skip = 1;
		if (!skip && include && include->nr && !strvec_contains(include, hn))
			skip = 1;
		json_array_append(skip ? skipped : exec, h);
	}
	int filtered = json_array_size(skipped) > 0;
	if (filtered)
		json_object_set(rel, "hooks", exec);
	int rc = exec_hook(cfg, rel, "test", err);
	if (filtered) {
		json_array_extend(skipped, exec);
		json_object_set(rel, "hooks", skipped);
	}
	json_decref(skipped);
	json_decref(exec);
	struct kc_err rerr = KC_ERR_INIT;
	int urc = chart_storage_update(cfg, rel, &rerr);
	if (rc == 0 && urc < 0)
		kc_err_move(err, &rerr);
	kc_err_release(&rerr);
	/* on a failed test the release (with its last_run) is still returned; err is set */
	return rel;
}

int chart_action_test_logs(const struct chart_cfg *cfg, json_t *rel, const struct strvec *include,
			   const struct strvec *exclude, struct strbuf *out, struct kc_err *err)
{
	json_t *hooks = json_object_get(rel, "hooks");
	size_t n = json_array_size(hooks);
	json_t **v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(hooks, i);
	/* sort.Stable(hookByWeight) */
	for (size_t i = 1; i < n; i++) {
		json_t *x = v[i];
		size_t j = i;
		while (j > 0) {
			long long wp = hook_weight(v[j - 1]), wx = hook_weight(x);
			int less = wx == wp ? strcmp(chart_jstr(x, "name"), chart_jstr(v[j - 1], "name")) < 0 : wx < wp;
			if (!less)
				break;
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	int ret = 0;
	for (size_t i = 0; i < n && !ret; i++) {
		json_t *ev = json_object_get(v[i], "events");
		const char *hn = chart_jstr(v[i], "name");
		for (size_t k = 0; k < json_array_size(ev) && !ret; k++) {
			const char *e = json_string_value(json_array_get(ev, k));
			if (!e || strcmp(e, "test"))
				continue;
			if (exclude && strvec_contains(exclude, hn))
				continue;
			if (include && include->nr && !strvec_contains(include, hn))
				continue;
			char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/log", cfg->namespace, hn);
			struct kc_response resp;
			if (chart_api(cfg, "GET", path, NULL, NULL, 0, &resp, err) < 0) {
				kc_err_prefix(err, "unable to get pod logs for %s: ", hn);
				ret = -1;
			} else {
				strbuf_addf(out, "POD LOGS: %s\n", hn);
				strbuf_add(out, resp.body.buf, resp.body.len);
				strbuf_addch(out, '\n');
			}
			kc_response_release(&resp);
			free(path);
		}
	}
	free(v);
	return ret;
}

/* ---------------------------------------------------------------- list */

static unsigned state_bit(const char *s)
{
	static const struct {
		const char *n;
		unsigned b;
	} m[] = {
		{ "unknown", CHART_LIST_UNKNOWN },
		{ "deployed", CHART_LIST_DEPLOYED },
		{ "uninstalled", CHART_LIST_UNINSTALLED },
		{ "superseded", CHART_LIST_SUPERSEDED },
		{ "uninstalling", CHART_LIST_UNINSTALLING },
		{ "pending-install", CHART_LIST_PENDING_INSTALL },
		{ "pending-upgrade", CHART_LIST_PENDING_UPGRADE },
		{ "pending-rollback", CHART_LIST_PENDING_ROLLBACK },
		{ "failed", CHART_LIST_FAILED },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(*m); i++)
		if (!strcmp(s, m[i].n))
			return m[i].b;
	return 0;
}

/* A label selector of a=b, a==b, a!=b terms (comma-separated). 1 match. */
static int selector_match(const char *sel, json_t *labels)
{
	if (!sel || !*sel)
		return 1;
	struct strvec terms = STRVEC_INIT;
	strvec_split(&terms, sel, ',');
	int ok = 1;
	for (size_t i = 0; i < terms.nr && ok; i++) {
		char *t = terms.v[i];
		char *ne = strstr(t, "!="), *eq = strchr(t, '=');
		int neg = ne != NULL;
		char *op = ne ? ne : eq;
		if (!op) {
			/* "key": exists */
			ok = json_object_get(labels, t) != NULL;
			continue;
		}
		char *key = xstrndup(t, (size_t)(op - t));
		const char *val = op + (neg ? 2 : (op[1] == '=' ? 2 : 1));
		const char *have = json_string_value(json_object_get(labels, key));
		int m = have && !strcmp(have, val);
		ok = neg ? !m : m;
		free(key);
	}
	strvec_clear(&terms);
	return ok;
}

static int cmp_name(json_t *a, json_t *b)
{
	return strcmp(chart_rel_name(a), chart_rel_name(b));
}

static int cmp_date(json_t *a, json_t *b)
{
	struct chart_time ta = { 0, 0 }, tb = { 0, 0 };
	chart_time_parse(chart_jstr(json_object_get(a, "info"), "last_deployed"), &ta, NULL);
	chart_time_parse(chart_jstr(json_object_get(b, "info"), "last_deployed"), &tb, NULL);
	return ta.sec < tb.sec ? -1 : ta.sec > tb.sec;
}

int chart_action_list(const struct chart_cfg *cfg, const struct chart_list_opts *o, struct chart_rels *out,
		      struct kc_err *err)
{
	if (chart_is_reachable(cfg, err) < 0)
		return -1;
	pcre2_code *re = NULL;
	if (o->filter && *o->filter) {
		int ec;
		PCRE2_SIZE eo;
		re = pcre2_compile((PCRE2_SPTR)o->filter, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
		if (!re) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(ec, msg, sizeof(msg));
			return kc_err_set(err, "error parsing regexp: %s: `%s`", (char *)msg, o->filter);
		}
	}
	struct chart_rels all = { 0 };
	if (chart_storage_list(cfg, o->all_namespaces ? NULL : cfg->namespace, "owner=helm", &all, err) < 0) {
		kc_err_prefix(err, "list: failed to list: ");
		if (re)
			pcre2_code_free(re);
		return -1;
	}
	pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
	unsigned mask = o->state_mask ? o->state_mask : (CHART_LIST_DEPLOYED | CHART_LIST_FAILED);
	struct chart_rels sel = { 0 };
	for (size_t i = 0; i < all.nr; i++) {
		json_t *r = all.v[i];
		if (re && pcre2_match(re, (PCRE2_SPTR)chart_rel_name(r), PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) < 0)
			continue;
		/* filterLatestReleases unless only superseded are asked for */
		if (mask != CHART_LIST_SUPERSEDED) {
			int newer = 0;
			for (size_t k = 0; k < all.nr && !newer; k++)
				newer = k != i && !strcmp(chart_rel_name(all.v[k]), chart_rel_name(r)) &&
					!strcmp(chart_rel_namespace(all.v[k]), chart_rel_namespace(r)) &&
					(chart_rel_version(all.v[k]) > chart_rel_version(r) ||
					 (chart_rel_version(all.v[k]) == chart_rel_version(r) && k > i));
			if (newer)
				continue;
		}
		if (!(state_bit(chart_rel_status(r)) & mask))
			continue;
		if (!selector_match(o->selector, all.labels[i]))
			continue;
		if (sel.nr == sel.alloc) {
			sel.alloc = sel.alloc ? 2 * sel.alloc : 8;
			sel.v = xrealloc(sel.v, sel.alloc * sizeof(*sel.v));
			sel.labels = xrealloc(sel.labels, sel.alloc * sizeof(*sel.labels));
		}
		sel.v[sel.nr] = json_incref(r);
		sel.labels[sel.nr] = json_incref(all.labels[i]);
		sel.nr++;
	}
	if (md)
		pcre2_match_data_free(md);
	if (re)
		pcre2_code_free(re);
	chart_rels_release(&all);
	/* sort: by name (or --date: SortByDate, ascending), --reverse reverses */
	int by_date = o->by_date, desc = o->reverse;
	for (size_t i = 1; i < sel.nr; i++) {
		json_t *x = sel.v[i], *xl = sel.labels[i];
		size_t j = i;
		while (j > 0) {
			int c = by_date ? cmp_date(x, sel.v[j - 1]) : cmp_name(x, sel.v[j - 1]);
			if (!(desc ? c > 0 : c < 0))
				break;
			sel.v[j] = sel.v[j - 1];
			sel.labels[j] = sel.labels[j - 1];
			j--;
		}
		sel.v[j] = x;
		sel.labels[j] = xl;
	}
	size_t off = o->offset > 0 ? (size_t)o->offset : 0;
	size_t lim = o->limit > 0 ? (size_t)o->limit : sel.nr;
	for (size_t i = 0; i < sel.nr; i++) {
		if (i >= off && i < off + lim) {
			if (out->nr == out->alloc) {
				out->alloc = out->alloc ? 2 * out->alloc : 8;
				out->v = xrealloc(out->v, out->alloc * sizeof(*out->v));
				out->labels = xrealloc(out->labels, out->alloc * sizeof(*out->labels));
			}
			out->v[out->nr] = sel.v[i];
			out->labels[out->nr] = sel.labels[i];
			out->nr++;
		} else {
			json_decref(sel.v[i]);
			json_decref(sel.labels[i]);
		}
	}
	free(sel.v);
	free(sel.labels);
	return 0;
}
