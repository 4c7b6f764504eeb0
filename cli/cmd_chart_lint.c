/* kc chart lint [PATH...] — helm lint (v3.21). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "chart/lint.h"
#include "cli/chart_cmds.h"
#include "cli/chart_help.h"

/* filepath.Walk(PATH/charts): subchart directories (their Chart.yaml) and archives */
static void walk_subcharts(const char *dir, struct strvec *paths)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strvec_push(&names, de->d_name);
	closedir(d);
	strvec_sort(&names);
	for (size_t i = 0; i < names.nr; i++) {
		char *p = xasprintf("%s/%s", dir, names.v[i]);
		struct stat st;
		if (lstat(p, &st) == 0) {
			if (!strcmp(names.v[i], "Chart.yaml"))
				strvec_push(paths, dir);
			else if (ends_with(p, ".tgz") || ends_with(p, ".tar.gz"))
				strvec_push(paths, p);
			if (S_ISDIR(st.st_mode))
				walk_subcharts(p, paths);
		}
		free(p);
	}
	strvec_clear(&names);
}

int cmd_chart_lint(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	struct chart_cmd c;
	struct chart_global g;
	struct chart_value_opts vo;
	int strict = 0, with_sub = 0, quiet = 0, skip_schema = 0, rc;
	const char *kube_version = "";
	struct chart_kube_version kv;
	struct strvec paths = STRVEC_INIT;
	json_t *vals = NULL;
	chart_global_init(&g);
	chart_value_opts_init(&vo);
	chart_cmd_init(&c, "helm lint", "lint PATH", HELM_LONG_LINT_HELP);
	hflags_add(&c.local, HF_BOOL, "strict", 0, &strict, "fail on lint warnings");
	hflags_add(&c.local, HF_BOOL, "with-subcharts", 0, &with_sub, "lint dependent charts");
	hflags_add(&c.local, HF_BOOL, "quiet", 0, &quiet, "print only warnings and errors");
	hflags_add(&c.local, HF_BOOL, "skip-schema-validation", 0, &skip_schema, "if set, disables JSON schema validation");
	hflags_add(&c.local, HF_STRING, "kube-version", 0, &kube_version, "Kubernetes version used for capabilities and deprecation checks");
	chart_value_flags(&c.local, &vo);
	chart_global_flags(&c.global, &g);
	rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (c.args.nr)
		for (size_t i = 0; i < c.args.nr; i++)
			strvec_push(&paths, c.args.v[i]);
	else
		strvec_push(&paths, ".");
	if (*kube_version) {
		struct kc_err e = KC_ERR_INIT;
		if (chart_parse_kube_version(kube_version, &kv, &e) < 0) {
			kc_err_set(err, "invalid kube version '%s': %s", kube_version, e.msg.buf);
			kc_err_release(&e);
			goto fail;
		}
	}
	if (with_sub) {
		size_t n = paths.nr;
		for (size_t i = 0; i < n; i++) {
			char *cd = xasprintf("%s/charts", paths.v[i]);
			walk_subcharts(cd, &paths);
			free(cd);
		}
	}
	const char *ns = chart_global_namespace(&g);
	vals = chart_merge_user_values(&vo, err);
	if (!vals)
		goto fail;
	struct strbuf msg = STRBUF_INIT;
	size_t failed = 0, errs_or_warns = 0;
	for (size_t i = 0; i < paths.nr; i++) {
		struct chart_lint l = { 0 };
		struct kc_err e = KC_ERR_INIT;
		struct chart_lint_opts o = { vals, ns, *kube_version ? &kv : NULL, skip_schema };
		int lr = chart_lint_path(paths.v[i], &o, &l, &e);
		size_t nerr = lr < 0 ? 1 : 0;
		int has = lr < 0;
		for (size_t k = 0; k < l.nr; k++) {
			if (l.v[k].severity >= (strict ? LINT_WARNING : LINT_ERROR))
				nerr++;
			if (l.v[k].severity > LINT_INFO)
				has = 1;
		}
		if (has)
			errs_or_warns++;
		if (!(quiet && !has)) {
			strbuf_addf(&msg, "==> Linting %s\n", paths.v[i]);
			if (!l.nr && lr < 0)
				strbuf_addf(&msg, "Error %s\n", e.msg.buf);
			for (size_t k = 0; k < l.nr; k++)
				if (!quiet || l.v[k].severity > LINT_INFO) {
					chart_lint_msg_format(&l.v[k], &msg);
					strbuf_addch(&msg, '\n');
				}
			if (nerr)
				failed++;
			strbuf_addch(&msg, '\n');
		} else if (nerr) {
			failed++;
		}
		chart_lint_release(&l);
		kc_err_release(&e);
	}
	fwrite(msg.buf, 1, msg.len, stdout);
	strbuf_release(&msg);
	if (failed) {
		kc_err_set(err, "%zu chart(s) linted, %zu chart(s) failed", paths.nr, failed);
		goto fail;
	}
	if (!quiet || errs_or_warns)
		printf("%zu chart(s) linted, %zu chart(s) failed\n", paths.nr, failed);
	rc = 0;
	goto out;
fail:
	rc = chart_fail(err);
out:
	json_decref(vals);
	strvec_clear(&paths);
	chart_value_opts_release(&vo);
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}
