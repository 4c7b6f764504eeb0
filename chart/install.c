/* The data side of `helm template` (cmd/helm/install.go runInstall +
 * action.Install for a client-only dry run): locate, values, load, checks,
 * dependencies, render values; and after the engine, the printed output. */
#include "chart/chart.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart/action.h"
#include "chart/internal.h"
#include "util/file.h"
#include "util/gostr.h"

void chart_install_opts_init(struct chart_install_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->release_name = "release-name";
	o->namespace = "default";
	strvec_init(&o->api_versions);
}

int chart_valid_release_name(const char *n)
{
	size_t len = strlen(n);
	if (!len || len > 53)
		return 0;
	/* ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ */
	const char *p = n;
	for (;;) {
		const char *st = p;
		while (*p && *p != '.') {
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
				return 0;
			p++;
		}
		if (p == st || *st == '-' || p[-1] == '-')
			return 0;
		if (!*p)
			return 1;
		p++;
	}
}

char *chart_locate(const char *name, struct kc_err *err)
{
	const char *s = name;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *t = xstrndup(s, n);
	struct stat st;
	if (stat(t, &st) == 0) {
		char *abs = path_abs(t);
		free(t);
		return abs;
	}
	if (t[0] == '/' || t[0] == '.') {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, t, strlen(t));
		kc_err_set(err, "path %s not found", q.buf);
		strbuf_release(&q);
		free(t);
		return NULL;
	}
	/* url.Parse(name).Path split on '/' */
	const char *path = t;
	const char *scheme_end = strstr(t, "://");
	if (scheme_end) {
		path = strchr(scheme_end + 3, '/');
		path = path ? path : "";
	}
	const char *slash = strchr(path, '/');
	if (!slash)
		kc_err_set(err, "non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", t);
	else
		kc_err_set(err, "repo %.*s not found", (int)(slash - path), path);
	free(t);
	return NULL;
}

/* action.CheckDependencies: every Chart.yaml dependency has its chart in charts/ */
static int check_dependencies(const struct chart *c, struct kc_err *err)
{
	if (!c->meta->deps)
		return 0;
	struct strbuf missing = STRBUF_INIT;
	for (size_t i = 0; i < c->meta->ndeps; i++) {
		const char *rn = c->meta->deps[i]->name;
		int found = 0;
		for (size_t k = 0; k < c->ndeps; k++)
			if (!strcmp(c->deps[k]->meta->name, rn))
				found = 1;
		if (!found)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", rn);
	}
	int ret = 0;
	if (missing.len)
		ret = kc_err_set(err,
				 "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: %s",
				 missing.buf);
	strbuf_release(&missing);
	return ret;
}

int chart_precheck(const char *chart_ref, const struct chart_value_opts *vo, struct kc_err *err)
{
	char *cp = chart_locate(chart_ref, err);
	if (!cp)
		return -1;
	/* stdin can be read once: values from "-" are left to the action */
	int stdin_used = 0;
	for (size_t i = 0; i < vo->values.nr; i++)
		stdin_used |= !strcmp(vo->values.v[i], "-");
	for (size_t i = 0; i < vo->set_file.nr; i++)
		stdin_used |= strstr(vo->set_file.v[i], "=-") != NULL;
	json_t *vals = stdin_used ? json_object() : chart_merge_user_values(vo, err);
	struct chart *c = vals ? chart_load(cp, NULL, err) : NULL;
	int ret = c ? check_dependencies(c, err) : -1;
	chart_free(c);
	json_decref(vals);
	free(cp);
	return ret;
}

void chart_prepared_release(struct chart_prepared *p)
{
	chart_free(p->chart);
	json_decref(p->top);
	memset(p, 0, sizeof(*p));
}

int chart_prepare(const char *chart_ref, const struct chart_value_opts *vo,
		  const struct chart_install_opts *io, struct chart_prepared *out,
		  struct strvec *stderr_lines, struct kc_err *err)
{
	memset(out, 0, sizeof(*out));
	char *cp = chart_locate(chart_ref, err);
	json_t *vals = NULL, *cvals = NULL;
	struct chart *c = NULL;
	if (!cp)
		return -1;
	vals = io->vals ? json_deep_copy(io->vals) : chart_merge_user_values(vo, err);
	if (!vals)
		goto fail;
	c = chart_load(cp, stderr_lines, err);
	if (!c)
		goto fail;
	if (io->chart_values) {
		json_decref(c->values);
		c->values = json_deep_copy(io->chart_values);
	}
	if (*c->meta->type && strcmp(c->meta->type, "application")) {
		kc_err_set(err, "%s charts are not installable", c->meta->type);
		goto fail;
	}
	if (c->meta->deprecated && stderr_lines)
		strvec_push(stderr_lines, "WARNING: This chart is deprecated");
	if (check_dependencies(c, err) < 0)
		goto fail;
	if (!*io->release_name) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, io->release_name, 0);
		kc_err_set(err, "release name %s: no name provided", q.buf);
		strbuf_release(&q);
		goto fail;
	}
	if (!chart_valid_release_name(io->release_name)) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, io->release_name, strlen(io->release_name));
		kc_err_set(err,
			   "release name %s: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53",
			   q.buf);
		strbuf_release(&q);
		goto fail;
	}
	if (chart_process_dependencies(c, vals, 1, stderr_lines, err) < 0)
		goto fail;
	struct chart_kube_version kv;
	if (io->kube_version)
		kv = *io->kube_version;
	else
		chart_kube_version_default(&kv);
	out->top = json_object();
	json_object_set_new(out->top, "Chart", chart_meta_gofields(c->meta, 1));
	json_object_set_new(out->top, "Capabilities", chart_capabilities_json(&kv, &io->api_versions));
	json_object_set_new(out->top, "Release",
			    chart_release_json(io->release_name, io->namespace,
					       io->revision ? io->revision : 1, io->is_upgrade));
	cvals = chart_coalesce_values(c, vals, 0, stderr_lines, err);
	if (!cvals)
		goto fail;
	if (!io->skip_schema_validation) {
		struct strbuf sv = STRBUF_INIT;
		if (chart_validate_schemas(c, cvals, &sv) < 0) {
			kc_err_set(err,
				   "values don't meet the specifications of the schema(s) in the following chart(s):\n%s",
				   sv.buf);
			strbuf_release(&sv);
			goto fail;
		}
		strbuf_release(&sv);
	}
	json_object_set(out->top, "Values", cvals);
	/* renderResources: kubeVersion before the engine runs */
	if (*c->meta->kube_version && !sprig_semver_satisfies(c->meta->kube_version, kv.version)) {
		kc_err_set(err, "chart requires kubeVersion: %s which is incompatible with Kubernetes %s",
			   c->meta->kube_version, kv.version);
		out->render_phase_error = 1;
		goto fail;
	}
	out->chart = c;
	json_decref(cvals);
	json_decref(vals);
	free(cp);
	return 0;
fail:
	json_decref(out->top);
	out->top = NULL;
	json_decref(cvals);
	json_decref(vals);
	chart_free(c);
	free(cp);
	return -1;
}

static int has_manifest_ext(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

static void add_crds(const struct chart *c, struct strbuf *b)
{
	char *full = chart_full_path(c);
	for (size_t i = 0; i < c->files.nr; i++) {
		const struct chart_file *f = &c->files.v[i];
		if (starts_with(f->name, "crds/") && has_manifest_ext(f->name)) {
			char *fn = path_join(full, f->name);
			strbuf_addf(b, "---\n# Source: %s\n", fn);
			strbuf_add(b, f->data, f->len);
			strbuf_addch(b, '\n');
			free(fn);
		}
	}
	free(full);
	for (size_t i = 0; i < c->ndeps; i++)
		add_crds(c->deps[i], b);
}

static int is_test_hook(const struct chart_manifest *m)
{
	for (size_t i = 0; i < m->events.nr; i++)
		if (!strcmp(m->events.v[i], "test"))
			return 1;
	return 0;
}

int chart_template_output(const struct chart *c, const struct chart_files *rendered,
			  const struct chart_output_opts *o, struct strbuf *out, struct strbuf *notes,
			  struct strvec *stderr_lines, struct kc_err *err)
{
	/* a borrowed view of rendered (names and bytes not copied) */
	struct chart_files files = { xcalloc(rendered->nr + 1, sizeof(*files.v)), 0, rendered->nr + 1 };
	struct chart_manifests hooks = { 0 }, generic = { 0 };
	struct strbuf manifest = STRBUF_INIT, all = STRBUF_INIT;
	int ret = 0;
	char *root_notes = xasprintf("%s/templates/NOTES.txt", c->meta->name);
	/* NOTES.txt files leave the set; root's (or all with subchart notes) kept */
	struct chart_file *sorted = NULL;
	for (size_t i = 0; i < rendered->nr; i++) {
		const struct chart_file *f = &rendered->v[i];
		if (ends_with(f->name, "NOTES.txt")) {
			if (notes && (o->render_subchart_notes || !strcmp(f->name, root_notes))) {
				if (notes->len)
					strbuf_addch(notes, '\n');
				strbuf_add(notes, f->data, f->len);
			}
			continue;
		}
		files.v[files.nr++] = *f;
	}
	free(root_notes);
	if (chart_sort_manifests(&files, &hooks, &generic, stderr_lines, err) < 0) {
		/* Helm dumps the rendered files (here sorted by name) for --debug */
		sorted = xcalloc(files.nr + 1, sizeof(*sorted));
		if (files.nr)
			memcpy(sorted, files.v, files.nr * sizeof(*sorted));
		for (size_t i = 1; i < files.nr; i++) {
			struct chart_file x = sorted[i];
			size_t j = i;
			while (j > 0 && strcmp(x.name, sorted[j - 1].name) < 0) {
				sorted[j] = sorted[j - 1];
				j--;
			}
			sorted[j] = x;
		}
		for (size_t i = 0; i < files.nr; i++) {
			const char *t = sorted[i].data;
			size_t tl = sorted[i].len;
			while (tl && isspace((unsigned char)*t)) {
				t++;
				tl--;
			}
			if (!tl)
				continue;
			strbuf_addf(&manifest, "---\n# Source: %s\n", sorted[i].name);
			strbuf_add(&manifest, sorted[i].data, sorted[i].len);
			strbuf_addch(&manifest, '\n');
		}
		free(sorted);
		ret = -1;
		/* hooks found so far are still printed with --debug */
	} else {
		if (o->include_crds)
			add_crds(c, &manifest);
		/* one allocation for the whole output, not doublings of it */
		size_t need = manifest.len;
		for (size_t i = 0; i < generic.nr; i++)
			need += strlen(generic.v[i].path) + strlen(generic.v[i].content) + 16;
		for (size_t i = 0; i < hooks.nr; i++)
			need += strlen(hooks.v[i].path) + strlen(hooks.v[i].content) + 16;
		strbuf_grow(&manifest, need + 2);
		for (size_t i = 0; i < generic.nr; i++)
			strbuf_addf(&manifest, "---\n# Source: %s\n%s\n", generic.v[i].path,
				    generic.v[i].content);
	}
	if (ret < 0 && !o->debug) {
		strbuf_addstr(&err->msg, "\n\nUse --debug flag to render out invalid YAML");
		goto out;
	}
	/* templateCommand */
	strbuf_trim(&manifest);
	all = manifest; /* moved, not copied */
	strbuf_init(&manifest, 0);
	strbuf_addch(&all, '\n');
	if (!o->no_hooks)
		for (size_t i = 0; i < hooks.nr; i++) {
			if (o->skip_tests && is_test_hook(&hooks.v[i]))
				continue;
			strbuf_addf(&all, "---\n# Source: %s\n%s\n", hooks.v[i].path, hooks.v[i].content);
		}
	if (o->show_only.nr) {
		struct strvec split = STRVEC_INIT;
		chart_split_manifests(all.buf, all.len, &split);
		struct strbuf render = STRBUF_INIT;
		for (size_t f = 0; f < o->show_only.nr; f++) {
			int missing = 1;
			for (size_t k = 0; k < split.nr; k++) {
				const char *m = split.v[k];
				const char *src = strstr(m, "# Source: ");
				if (!src)
					continue;
				src += 10;
				const char *sl = src;
				while (*sl && *sl != '/' && *sl != '\n')
					sl++;
				if (sl == src || *sl != '/' || !sl[1] || sl[1] == '\n')
					continue;
				const char *pe = strchr(sl + 1, '\n');
				char *mp = pe ? xstrndup(sl + 1, (size_t)(pe - sl - 1)) : xstrdup(sl + 1);
				int match = chart_path_match(o->show_only.v[f], mp) == 1;
				free(mp);
				if (!match)
					continue;
				strbuf_addf(&render, "---\n%s\n", m);
				missing = 0;
			}
			if (missing) {
				kc_err_set(err, "could not find template %s in chart", o->show_only.v[f]);
				strvec_clear(&split);
				strbuf_release(&render);
				ret = -1;
				goto out;
			}
		}
		strvec_clear(&split);
		strbuf_addbuf(out, &render);
		strbuf_release(&render);
	} else if (!out->len) {
		strbuf_release(out);
		*out = all; /* moved, not copied */
		strbuf_init(&all, 0);
	} else {
		strbuf_addbuf(out, &all);
	}
out:
	strbuf_release(&manifest);
	strbuf_release(&all);
	chart_manifests_release(&hooks);
	chart_manifests_release(&generic);
	free(files.v);
	return ret;
}
