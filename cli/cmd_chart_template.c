/* kc chart template [NAME] CHART — helm template (v3.21): render a chart
 * locally and print the manifests (or write them under --output-dir). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/funcs_helm.h"
#include "cli/chart_cmds.h"
#include "cli/chart_help.h"
#include "kubeconfig/kubeconfig.h"
#include "template/sprig/sprig.h"
#include "template/template.h"
#include "util/file.h"

char *chart_template_name(const char *text, struct kc_err *err)
{
	struct tmpl *t = tmpl_new();
	tmpl_add_funcs(t, sprig_funcs);
	tmpl_set_name(t, "name-template");
	struct strbuf out = STRBUF_INIT;
	char *ret = NULL;
	if (tmpl_parse(t, "name-template", text, strlen(text), err) == 0 &&
	    tmpl_execute(t, "name-template", NULL, &out, err) == 0)
		ret = strbuf_detach(&out, NULL);
	strbuf_release(&out);
	tmpl_free(t);
	return ret;
}

/* --show-only: the documents of `all` whose "# Source: chart/PATH" matches
 * one of the patterns, pattern by pattern (helm's template.go). */
static int show_only_filter(const char *all, size_t len, const struct strvec *pats,
			    struct strbuf *out, struct kc_err *err)
{
	struct strvec split = STRVEC_INIT;
	chart_split_manifests(all, len, &split);
	int ret = 0;
	for (size_t f = 0; f < pats->nr && !ret; f++) {
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
			int match = chart_path_match(pats->v[f], mp) == 1;
			free(mp);
			if (!match)
				continue;
			strbuf_addf(out, "---\n%s\n", m);
			missing = 0;
		}
		if (missing)
			ret = kc_err_set(err, "could not find template %s in chart", pats->v[f]);
	}
	strvec_clear(&split);
	return ret;
}

/* writeToFile: OUTDIR/NAME, "---\n# Source: NAME\nDATA\n", "wrote …" on stdout */
static int write_to_file(const char *dir, const char *name, const char *data, int append,
			 struct kc_err *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *slash = strrchr(path, '/');
	int ret = 0;
	if (slash) {
		*slash = 0;
		if (mkdir_p(path, 0755) < 0) {
			ret = kc_err_set(err, "mkdir %s: %s", path, go_errno_str(errno));
			*slash = '/';
			free(path);
			return ret;
		}
		*slash = '/';
	}
	int fd = append ? open(path, O_WRONLY | O_APPEND) : open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0) {
		ret = kc_err_set(err, "open %s: %s", path, go_errno_str(errno));
		free(path);
		return ret;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "---\n# Source: %s\n%s\n", name, data);
	size_t off = 0;
	while (off < sb.len) {
		ssize_t w = write(fd, sb.buf + off, sb.len - off);
		if (w <= 0) {
			ret = kc_err_set(err, "write %s: %s", path, go_errno_str(errno));
			break;
		}
		off += (size_t)w;
	}
	close(fd);
	strbuf_release(&sb);
	if (!ret)
		printf("wrote %s\n", path);
	free(path);
	return ret;
}

static int has_manifest_ext(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

static int write_crds(const struct chart *c, const char *dir, struct strvec *written,
		      struct kc_err *err)
{
	char *full = chart_full_path(c);
	int ret = 0;
	for (size_t i = 0; i < c->files.nr && !ret; i++) {
		const struct chart_file *f = &c->files.v[i];
		if (!starts_with(f->name, "crds/") || !has_manifest_ext(f->name))
			continue;
		char *fn = xasprintf("%s/%s", full, f->name);
		char *data = xstrndup(f->data, f->len);
		ret = write_to_file(dir, fn, data, strvec_contains(written, fn), err);
		strvec_push(written, fn);
		free(data);
		free(fn);
	}
	free(full);
	for (size_t i = 0; i < c->ndeps && !ret; i++)
		ret = write_crds(c->deps[i], dir, written, err);
	return ret;
}

static int is_test_hook(const struct chart_manifest *m)
{
	return strvec_contains(&m->events, "test");
}

/* filepath.Join(dir, name): joined and cleaned (enough for relative names) */
static char *join_clean(const char *dir, const char *name)
{
	struct strvec parts = STRVEC_INIT, out = STRVEC_INIT;
	char *j = xasprintf("%s/%s", dir, name);
	int abs = j[0] == '/';
	strvec_split(&parts, j, '/');
	for (size_t i = 0; i < parts.nr; i++) {
		const char *p = parts.v[i];
		if (!*p || !strcmp(p, "."))
			continue;
		if (!strcmp(p, "..") && out.nr && strcmp(out.v[out.nr - 1], ".."))
			strvec_pop(&out);
		else if (!strcmp(p, "..") && abs)
			continue;
		else
			strvec_push(&out, p);
	}
	struct strbuf sb = STRBUF_INIT;
	if (abs)
		strbuf_addch(&sb, '/');
	for (size_t i = 0; i < out.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? "/" : "", out.v[i]);
	if (!sb.len)
		strbuf_addch(&sb, '.');
	strvec_clear(&parts);
	strvec_clear(&out);
	free(j);
	return strbuf_detach(&sb, NULL);
}

struct tpl_opts {
	const char *output_dir;
	int use_release_name, skip_tests, include_crds, debug;
	const char *release_name;
	struct strvec *show_only;
	struct chart_install_flags *f;
};

/* --output-dir: manifests, CRDs and hooks go to files; stdout says which. */
static int output_dir_mode(const struct chart *c, const struct chart_files *rendered,
			   const struct tpl_opts *o, struct strvec *warn, struct kc_err *err)
{
	struct chart_files files = { 0 };
	struct chart_manifests hooks = { 0 }, generic = { 0 };
	struct strvec written = STRVEC_INIT;
	int ret = 0;
	for (size_t i = 0; i < rendered->nr; i++)
		if (!ends_with(rendered->v[i].name, "NOTES.txt"))
			chart_files_add(&files, rendered->v[i].name, rendered->v[i].data, rendered->v[i].len);
	if (chart_sort_manifests(&files, &hooks, &generic, warn, err) < 0) {
		ret = -2; /* the caller reproduces helm's output for this error */
		goto out;
	}
	char *newdir = o->use_release_name ? join_clean(o->output_dir, o->release_name)
					   : xstrdup(o->output_dir);
	if (o->include_crds)
		ret = write_crds(c, o->output_dir, &written, err);
	for (size_t i = 0; i < generic.nr && !ret; i++) {
		ret = write_to_file(newdir, generic.v[i].path, generic.v[i].content,
				    strvec_contains(&written, generic.v[i].path), err);
		strvec_push(&written, generic.v[i].path);
	}
	if (!o->f->no_hooks)
		for (size_t i = 0; i < hooks.nr && !ret; i++) {
			if (o->skip_tests && is_test_hook(&hooks.v[i]))
				continue;
			char *p = xasprintf("%s/%s", newdir, hooks.v[i].path);
			struct stat st;
			int exists = stat(p, &st) == 0;
			free(p);
			ret = write_to_file(newdir, hooks.v[i].path, hooks.v[i].content, exists, err);
		}
	free(newdir);
	if (!ret) {
		if (o->show_only->nr) {
			struct strbuf sb = STRBUF_INIT;
			ret = show_only_filter("\n", 1, o->show_only, &sb, err);
			fwrite(sb.buf, 1, sb.len, stdout);
			strbuf_release(&sb);
		} else {
			fputs("\n", stdout);
		}
	}
out:
	chart_manifests_release(&hooks);
	chart_manifests_release(&generic);
	chart_files_release(&files);
	strvec_clear(&written);
	return ret;
}

/* --post-renderer: the generic manifests go through the program; hooks do not. */
static int post_render_mode(const struct chart *c, const struct chart_files *rendered,
			    struct chart_output_opts *oo, const struct tpl_opts *o,
			    struct strbuf *out, struct strvec *warn, struct kc_err *err)
{
	struct strbuf gen = STRBUF_INIT, all = STRBUF_INIT, post = STRBUF_INIT;
	struct strvec saved = oo->show_only, none = STRVEC_INIT;
	int hooks_flag = oo->no_hooks, ret = -2;
	oo->show_only = none;
	oo->no_hooks = 1;
	if (chart_template_output(c, rendered, oo, &gen, NULL, NULL, err) < 0)
		goto out;
	oo->no_hooks = hooks_flag;
	if (chart_template_output(c, rendered, oo, &all, NULL, warn, err) < 0)
		goto out;
	if (all.len < gen.len || memcmp(all.buf, gen.buf, gen.len))
		goto out;
	const char *in = gen.buf;
	size_t inlen = gen.len;
	if (inlen == 1 && in[0] == '\n')
		inlen = 0;
	if (chart_post_render(o->f, in, inlen, &post, err) < 0) {
		if (!o->debug)
			strbuf_addstr(&err->msg, "\n\nUse --debug flag to render out invalid YAML");
		ret = -1;
		goto out;
	}
	strbuf_trim(&post);
	strbuf_addch(&post, '\n');
	strbuf_add(&post, all.buf + gen.len, all.len - gen.len);
	if (saved.nr)
		ret = show_only_filter(post.buf, post.len, &saved, out, err);
	else {
		strbuf_addbuf(out, &post);
		ret = 0;
	}
out:
	oo->show_only = saved;
	oo->no_hooks = hooks_flag;
	strbuf_release(&gen);
	strbuf_release(&all);
	strbuf_release(&post);
	return ret;
}

/* --validate: helm contacts the cluster (KubeClient.IsReachable) before
 * rendering; kc renders client-side once a cluster is configured. */
static int check_reachable(struct chart_global *g, struct kc_err *err)
{
	struct kc_config_overrides ov;
	memset(&ov, 0, sizeof(ov));
	ov.kubeconfig = *g->kubeconfig ? g->kubeconfig : NULL;
	ov.context = *g->kube_context ? g->kube_context : NULL;
	ov.server = *g->kube_apiserver ? g->kube_apiserver : NULL;
	ov.insecure_skip_tls_verify = -1;
	ov.skip_namespace = 1;
	struct kc_rest_config rc;
	struct kc_err e = KC_ERR_INIT;
	int ret = 0;
	memset(&rc, 0, sizeof(rc));
	/* without a kubeconfig client-go falls back to http://localhost:8080 */
	if (kc_rest_config_load(&ov, &rc, &e) < 0 || !rc.host || !strcmp(rc.host, "http://localhost:8080"))
		ret = kc_err_set(err, "Kubernetes cluster unreachable: Get \"http://localhost:8080/version\": dial tcp [::1]:8080: connect: connection refused");
	kc_rest_config_free(&rc);
	kc_err_release(&e);
	return ret;
}

/* The templates' sources once rendered: nothing after the render reads them
 * (the engine's template set borrowed them and is gone) */
static void drop_template_sources(struct chart *c)
{
	for (size_t i = 0; i < c->templates.nr; i++) {
		free(c->templates.v[i].data);
		c->templates.v[i].data = xstrdup("");
		c->templates.v[i].len = 0;
	}
	for (size_t i = 0; i < c->ndeps; i++)
		drop_template_sources(c->deps[i]);
}

static void print_warnings_now(struct strvec *lines)
{
	chart_print_warnings(lines);
	strvec_clear(lines);
}

int cmd_chart_template(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	struct chart_cmd c;
	struct chart_global g;
	struct chart_install_flags f;
	int validate = 0, include_crds = 0, skip_tests = 0, is_upgrade = 0, use_release_name = 0;
	const char *output_dir = "", *kube_version = "";
	struct strvec show_only = STRVEC_INIT, api_versions = STRVEC_INIT, warn = STRVEC_INIT;
	struct chart_kube_version kv;
	struct chart_install_opts io;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	struct helm_render hr = { 0 };
	struct chart_output_opts oo;
	struct strbuf out = STRBUF_INIT;
	char *name = NULL;
	const char *chart_ref = NULL;
	int rc;

	chart_global_init(&g);
	chart_install_flags_init(&f);
	chart_install_opts_init(&io);
	memset(&oo, 0, sizeof(oo));
	chart_cmd_init(&c, "helm template", "template [NAME] [CHART]", HELM_TEMPLATE_DESC);
	chart_install_flags_add(&c.local, &f);
	hflags_add(&c.local, HF_STRARRAY, "show-only", 's', &show_only, "only show manifests rendered from the given templates");
	hflags_add(&c.local, HF_STRING, "output-dir", 0, &output_dir, "writes the executed templates to files in output-dir instead of stdout");
	hflags_add(&c.local, HF_BOOL, "validate", 0, &validate, "validate your manifests against the Kubernetes cluster you are currently pointing at. This is the same validation performed on an install");
	hflags_add(&c.local, HF_BOOL, "include-crds", 0, &include_crds, "include CRDs in the templated output");
	hflags_add(&c.local, HF_BOOL, "skip-tests", 0, &skip_tests, "skip tests from templated output");
	hflags_add(&c.local, HF_BOOL, "is-upgrade", 0, &is_upgrade, "set .Release.IsUpgrade instead of .Release.IsInstall");
	hflags_add(&c.local, HF_STRING, "kube-version", 0, &kube_version, "Kubernetes version used for Capabilities.KubeVersion");
	hflags_add(&c.local, HF_STRSLICE, "api-versions", 'a', &api_versions, "Kubernetes api versions used for Capabilities.APIVersions");
	hflags_add(&c.local, HF_BOOL, "release-name", 0, &use_release_name, "use release name in the output-dir path.");
	chart_global_flags(&c.global, &g);

	rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_min(&c, 1, err) < 0)
		goto fail;
	if (*f.post_renderer) {
		/* the flag's Set looks the program up (exec.LookPath) */
		const char *p = f.post_renderer;
		int found = 0;
		if (strchr(p, '/')) {
			struct stat st;
			if (stat(p, &st) < 0) {
				kc_err_set(err, "invalid argument \"%s\" for \"--post-renderer\" flag: unable to find binary at %s: exec: \"%s\": stat %s: %s",
					   p, p, p, p, go_errno_str(errno));
				goto fail;
			}
			found = S_ISREG(st.st_mode) && (st.st_mode & 0111);
		} else {
			const char *path = getenv("PATH");
			struct strvec dirs = STRVEC_INIT;
			if (path)
				strvec_split(&dirs, path, ':');
			for (size_t i = 0; i < dirs.nr && !found; i++) {
				char *fp = path_join(*dirs.v[i] ? dirs.v[i] : ".", p);
				found = access(fp, X_OK) == 0;
				free(fp);
			}
			strvec_clear(&dirs);
			if (!found) {
				kc_err_set(err, "invalid argument \"%s\" for \"--post-renderer\" flag: unable to find binary at %s: exec: \"%s\": executable file not found in $PATH",
					   p, p, p);
				goto fail;
			}
		}
		if (!found) {
			kc_err_set(err, "invalid argument \"%s\" for \"--post-renderer\" flag: unable to find binary at %s: exec: \"%s\": permission denied",
				   p, p, p);
			goto fail;
		}
	}
	if (*kube_version) {
		struct kc_err e = KC_ERR_INIT;
		if (chart_parse_kube_version(kube_version, &kv, &e) < 0) {
			kc_err_set(err, "invalid kube version '%s': %s", kube_version, e.msg.buf);
			kc_err_release(&e);
			goto fail;
		}
		io.kube_version = &kv;
	}
	int nc = chart_name_and_chart(&f, &c.args, "release-name", &name, &chart_ref, err);
	if (nc == -2) {
		name = chart_template_name(f.name_template, err);
		if (!name)
			goto fail;
	} else if (nc < 0) {
		goto fail;
	}
	if (!*f.dry_run)
		f.dry_run = "true";
	if (chart_validate_dry_run(&f, hflags_changed(&c.local, "dry-run"), err) < 0)
		goto fail;

	{
		/* LocateChart: local paths only; say so for what helm would download */
		struct stat cst;
		const char *r = chart_ref;
		while (*r == ' ' || *r == '\t')
			r++;
		if (stat(r, &cst) < 0 && r[0] != '/' && r[0] != '.' &&
		    (*f.path.repo || starts_with(r, "oci://"))) {
			kc_err_set(err, "kc: %s: downloading charts from repositories is not supported; use a chart directory or .tgz",
				   chart_ref);
			goto fail;
		}
	}
	io.release_name = name;
	io.namespace = chart_global_namespace(&g);
	io.is_upgrade = is_upgrade;
	io.skip_schema_validation = f.skip_schema_validation;
	for (size_t i = 0; i < api_versions.nr; i++)
		strvec_push(&io.api_versions, api_versions.v[i]);
	if (chart_prepare(chart_ref, &f.values, &io, &prep, &warn, err) < 0) {
		chart_print_warnings(&warn);
		if (prep.render_phase_error) {
			if (g.debug)
				fputs("\n", stdout);
			else
				strbuf_addstr(&err->msg, "\n\nUse --debug flag to render out invalid YAML");
		}
		goto fail;
	}
	if (validate && check_reachable(&g, err) < 0) {
		chart_print_warnings(&warn);
		goto fail;
	}
	if (helm_render_chart(prep.chart, prep.top, &hr, &rendered, err) < 0) {
		chart_print_warnings(&warn);
		if (g.debug)
			fputs("\n", stdout);
		else
			strbuf_addstr(&err->msg, "\n\nUse --debug flag to render out invalid YAML");
		goto fail;
	}
	drop_template_sources(prep.chart);
	oo.include_crds = include_crds;
	oo.no_hooks = f.no_hooks;
	oo.skip_tests = skip_tests;
	oo.render_subchart_notes = f.render_subchart_notes;
	oo.debug = g.debug;
	oo.show_only = show_only;
	struct tpl_opts to = { output_dir, use_release_name, skip_tests, include_crds, g.debug, name,
			       &show_only, &f };
	int orc = -2;
	struct strvec warn2 = STRVEC_INIT;
	if (*output_dir)
		orc = output_dir_mode(prep.chart, &rendered, &to, &warn2, err);
	else if (*f.post_renderer)
		orc = post_render_mode(prep.chart, &rendered, &oo, &to, &out, &warn2, err);
	if (orc == -2) {
		kc_err_release(err);
		strvec_clear(&warn2);
		/* stdout written as it is produced: the warnings so far go first */
		chart_print_warnings(&warn);
		strvec_clear(&warn);
		oo.stream = stdout;
		oo.before_stream = print_warnings_now;
		orc = chart_template_output(prep.chart, &rendered, &oo, &out, NULL, &warn2, err);
	}
	for (size_t i = 0; i < warn2.nr; i++)
		strvec_push(&warn, warn2.v[i]);
	strvec_clear(&warn2);
	chart_print_warnings(&warn);
	fwrite(out.buf, 1, out.len, stdout);
	if (orc < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = chart_fail(err);
out:
	memset(&oo.show_only, 0, sizeof(oo.show_only));
	chart_files_release(&rendered);
	chart_prepared_release(&prep);
	helm_render_release(&hr);
	strvec_clear(&io.api_versions);
	strvec_clear(&show_only);
	strvec_clear(&api_versions);
	strvec_clear(&warn);
	strbuf_release(&out);
	free(name);
	chart_cmd_release(&c);
	chart_install_flags_release(&f);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}
