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
#include "chart_case.h"
#include "tap.h"
#include "util/file.h"

static int run(struct strvec *args, struct strbuf *out, struct strbuf *errout)
{
	struct tc_opts o;
	struct strvec warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	struct helm_render hr = { 0 };
	int rc = 1;
	tc_opts_init(&o);
	if (tc_opts_parse(&o, args, errout) < 0 ||
	    tc_prepare(&o, tc_opts_chart(&o), &prep, &warn, errout, &err) < 0)
		goto out;
	if (helm_render_chart(prep.chart, prep.top, &hr, &rendered, &err) < 0) {
		for (size_t i = 0; i < warn.nr; i++)
			strbuf_addf(errout, "%s\n", warn.v[i]);
		strbuf_addf(errout, "Error: %s\n\nUse --debug flag to render out invalid YAML\n", err.msg.buf);
		goto out;
	}
	int orc = chart_template_output(prep.chart, &rendered, &o.oo, out, NULL, &warn, &err);
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
	strvec_clear(&warn);
	tc_opts_release(&o);
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
		tc_shell_split(a.buf, &raw);
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
