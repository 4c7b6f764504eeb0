/* `helm template` end to end on the shared Helm goldens (../shared/goldens or
 * $KC_GOLDENS): chart_prepare → helm_render_chart → chart_template_output must
 * give Helm's stdout and exit code (and its error message when the case fails).
 * Cases using --name-template, and the no-argument CLI error, are the CLI's
 * business and skipped. Skipped entirely when the goldens are absent. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart.h"
#include "chart/funcs_helm.h"
#include "tap.h"
#include "util/file.h"

static void shell_split(const char *s, struct strvec *out)
{
	struct strbuf w = STRBUF_INIT;
	int inword = 0;
	while (*s) {
		char c = *s;
		if (c == ' ' || c == '\t' || c == '\n') {
			if (inword)
				strvec_push(out, w.buf);
			strbuf_reset(&w);
			inword = 0;
			s++;
			continue;
		}
		inword = 1;
		if (c == '\'') {
			s++;
			while (*s && *s != '\'')
				strbuf_addch(&w, *s++);
			if (*s)
				s++;
		} else if (c == '"') {
			s++;
			while (*s && *s != '"') {
				if (*s == '\\' && s[1])
					s++;
				strbuf_addch(&w, *s++);
			}
			if (*s)
				s++;
		} else if (c == '\\' && s[1]) {
			strbuf_addch(&w, s[1]);
			s += 2;
		} else {
			strbuf_addch(&w, c);
			s++;
		}
	}
	if (inword)
		strvec_push(out, w.buf);
	strbuf_release(&w);
}

static int run(struct strvec *args, struct strbuf *out, struct strbuf *errout)
{
	struct chart_value_opts vo;
	struct chart_install_opts io;
	struct chart_output_opts oo;
	struct chart_kube_version kv;
	struct strvec pos = STRVEC_INIT, warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	struct helm_render hr = { 0 };
	int rc = 1;
	chart_value_opts_init(&vo);
	chart_install_opts_init(&io);
	memset(&oo, 0, sizeof(oo));
	strvec_init(&oo.show_only);
	for (size_t i = 0; i < args->nr; i++) {
		const char *a = args->v[i];
		int more = i + 1 < args->nr;
		if ((!strcmp(a, "-f") || !strcmp(a, "--values")) && more)
			strvec_split(&vo.values, args->v[++i], ',');
		else if (!strcmp(a, "--set") && more)
			strvec_push(&vo.set, args->v[++i]);
		else if (!strcmp(a, "--set-string") && more)
			strvec_push(&vo.set_string, args->v[++i]);
		else if (!strcmp(a, "--set-json") && more)
			strvec_push(&vo.set_json, args->v[++i]);
		else if (!strcmp(a, "--set-literal") && more)
			strvec_push(&vo.set_literal, args->v[++i]);
		else if (!strcmp(a, "--set-file") && more)
			strvec_push(&vo.set_file, args->v[++i]);
		else if ((!strcmp(a, "-s") || !strcmp(a, "--show-only")) && more)
			strvec_push(&oo.show_only, args->v[++i]);
		else if (!strcmp(a, "--include-crds"))
			oo.include_crds = 1;
		else if (!strcmp(a, "--no-hooks"))
			oo.no_hooks = 1;
		else if (!strcmp(a, "--skip-tests"))
			oo.skip_tests = 1;
		else if (!strcmp(a, "--render-subchart-notes"))
			oo.render_subchart_notes = 1;
		else if (!strcmp(a, "--is-upgrade"))
			io.is_upgrade = 1;
		else if (!strcmp(a, "--skip-schema-validation"))
			io.skip_schema_validation = 1;
		else if (!strcmp(a, "--kube-version") && more) {
			if (chart_parse_kube_version(args->v[++i], &kv, &err) < 0) {
				strbuf_addf(errout, "Error: invalid kube version '%s': %s\n", args->v[i], err.msg.buf);
				goto out;
			}
			io.kube_version = &kv;
		} else if ((!strcmp(a, "-n") || !strcmp(a, "--namespace")) && more)
			io.namespace = args->v[++i];
		else if ((!strcmp(a, "-a") || !strcmp(a, "--api-versions")) && more)
			strvec_split(&io.api_versions, args->v[++i], ',');
		else
			strvec_push(&pos, a);
	}
	const char *ref = pos.nr == 2 ? pos.v[1] : pos.nr ? pos.v[0] : "";
	if (pos.nr == 2)
		io.release_name = pos.v[0];
	if (chart_prepare(ref, &vo, &io, &prep, &warn, &err) < 0) {
		for (size_t i = 0; i < warn.nr; i++)
			strbuf_addf(errout, "%s\n", warn.v[i]);
		strbuf_addf(errout, "Error: %s%s\n", err.msg.buf,
			    prep.render_phase_error ? "\n\nUse --debug flag to render out invalid YAML" : "");
		goto out;
	}
	if (helm_render_chart(prep.chart, prep.top, &hr, &rendered, &err) < 0) {
		for (size_t i = 0; i < warn.nr; i++)
			strbuf_addf(errout, "%s\n", warn.v[i]);
		strbuf_addf(errout, "Error: %s\n\nUse --debug flag to render out invalid YAML\n", err.msg.buf);
		goto out;
	}
	int orc = chart_template_output(prep.chart, &rendered, &oo, out, NULL, &warn, &err);
	for (size_t i = 0; i < warn.nr; i++)
		strbuf_addf(errout, "%s\n", warn.v[i]);
	if (orc < 0) {
		strbuf_addf(errout, "Error: %s\n", err.msg.buf);
		goto out;
	}
	rc = 0;
out:
	chart_files_release(&rendered);
	chart_prepared_release(&prep);
	helm_render_release(&hr);
	strvec_clear(&pos);
	strvec_clear(&warn);
	strvec_clear(&oo.show_only);
	strvec_clear(&io.api_versions);
	chart_value_opts_release(&vo);
	kc_err_release(&err);
	return rc;
}

int main(void)
{
	plan_lazy();
	const char *g = getenv("KC_GOLDENS");
	if (!g || !*g)
		g = "../shared/goldens";
	if (chdir(g) < 0 || access("cases", R_OK) < 0) {
		printf("1..0 # SKIP goldens not found (set KC_GOLDENS)\n");
		return 0;
	}
	DIR *d = opendir("cases");
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (ends_with(de->d_name, ".args"))
			strvec_push_nodup(&names, xstrndup(de->d_name, strlen(de->d_name) - 5));
	if (d)
		closedir(d);
	strvec_sort(&names);
	for (size_t i = 0; i < names.nr; i++) {
		struct strbuf a = STRBUF_INIT, wo = STRBUF_INIT, we = STRBUF_INIT, wr = STRBUF_INIT;
		struct strbuf go = STRBUF_INIT, ge = STRBUF_INIT;
		struct kc_err err = KC_ERR_INIT;
		const char *n = names.v[i];
		char *p = xasprintf("cases/%s.args", n);
		file_read(p, &a, &err);
		free(p);
		p = xasprintf("cases/%s.out", n);
		file_read(p, &wo, &err);
		free(p);
		p = xasprintf("cases/%s.err", n);
		file_read(p, &we, &err);
		free(p);
		p = xasprintf("cases/%s.rc", n);
		file_read(p, &wr, &err);
		free(p);
		struct strvec raw = STRVEC_INIT, args = STRVEC_INIT;
		shell_split(a.buf, &raw);
		int skip = !raw.nr;
		for (size_t k = 0; k < raw.nr; k++) {
			const char *eq = strchr(raw.v[k], '=');
			if (starts_with(raw.v[k], "--name-template"))
				skip = 1;
			if (starts_with(raw.v[k], "--") && eq) {
				char *f = xstrndup(raw.v[k], (size_t)(eq - raw.v[k]));
				strvec_push(&args, f);
				strvec_push(&args, eq + 1);
				free(f);
			} else {
				strvec_push(&args, raw.v[k]);
			}
		}
		if (skip) {
			printf("ok %d - %s # SKIP CLI-only\n", ++tap_n, n);
		} else {
			int rc = run(&args, &go, &ge);
			char *t = xasprintf("%s stdout", n);
			is_str(go.buf, wo.buf, t);
			free(t);
			t = xasprintf("%s rc", n);
			is_int(rc, atoi(wr.buf), t);
			free(t);
			if (rc) {
				/* the error itself; which warnings precede it is chart_prepare's
				 * and the CLI's concern (tests/unit/test_chart_*.c) */
				const char *ge_err = strstr(ge.buf, "Error: ");
				const char *we_err = strstr(we.buf, "Error: ");
				t = xasprintf("%s error", n);
				is_str(ge_err ? ge_err : ge.buf, we_err ? we_err : we.buf, t);
				free(t);
			}
		}
		strvec_clear(&raw);
		strvec_clear(&args);
		strbuf_release(&a);
		strbuf_release(&wo);
		strbuf_release(&we);
		strbuf_release(&wr);
		strbuf_release(&go);
		strbuf_release(&ge);
		kc_err_release(&err);
	}
	strvec_clear(&names);
	return done_testing();
}
