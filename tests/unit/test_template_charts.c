/* Whole charts through chart_prepare → helm_render_chart → chart_template_output,
 * against `helmref template NAME` captured in tests/template/charts/NAME.{out,err,rc}
 * (tests/template/charts/capture). Engine errors get Helm's "Use --debug" suffix
 * here, as the CLI adds it. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/chart.h"
#include "chart/funcs_helm.h"
#include "tap.h"
#include "util/file.h"

static int run(const char *name, struct strbuf *out, struct strbuf *errout)
{
	struct chart_value_opts vo;
	struct chart_install_opts io;
	struct chart_output_opts oo;
	struct strvec warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	struct helm_render hr = { 0 };
	int rc = 1;
	chart_value_opts_init(&vo);
	chart_install_opts_init(&io);
	memset(&oo, 0, sizeof(oo));
	strvec_init(&oo.show_only);
	if (chart_prepare(name, &vo, &io, &prep, &warn, &err) < 0) {
		strbuf_addf(errout, "Error: %s%s\n", err.msg.buf,
			    prep.render_phase_error ? "\n\nUse --debug flag to render out invalid YAML" : "");
		goto out;
	}
	if (helm_render_chart(prep.chart, prep.top, &hr, &rendered, &err) < 0) {
		strbuf_addf(errout, "Error: %s\n\nUse --debug flag to render out invalid YAML\n", err.msg.buf);
		goto out;
	}
	if (chart_template_output(prep.chart, &rendered, &oo, out, NULL, &warn, &err) < 0) {
		strbuf_addf(errout, "Error: %s\n", err.msg.buf);
		goto out;
	}
	rc = 0;
out:
	if (warn.nr) {
		/* warnings precede the error/output on stderr, as helm prints them */
		struct strbuf w = STRBUF_INIT;
		for (size_t i = 0; i < warn.nr; i++)
			strbuf_addf(&w, "%s\n", warn.v[i]);
		strbuf_insert(errout, 0, w.buf, w.len);
		strbuf_release(&w);
	}
	chart_files_release(&rendered);
	chart_prepared_release(&prep);
	helm_render_release(&hr);
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
	if (chdir("tests/template/charts") < 0) {
		ok(0, "chdir tests/template/charts");
		return done_testing();
	}
	DIR *d = opendir(".");
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] != '.' && !stat(de->d_name, &st) && S_ISDIR(st.st_mode))
			strvec_push(&names, de->d_name);
	}
	if (d)
		closedir(d);
	strvec_sort(&names);
	for (size_t i = 0; i < names.nr; i++) {
		struct strbuf wo = STRBUF_INIT, we = STRBUF_INIT, wr = STRBUF_INIT;
		struct strbuf go = STRBUF_INIT, ge = STRBUF_INIT;
		struct kc_err err = KC_ERR_INIT;
		char *p = xasprintf("%s.out", names.v[i]);
		file_read(p, &wo, &err);
		free(p);
		p = xasprintf("%s.err", names.v[i]);
		file_read(p, &we, &err);
		free(p);
		p = xasprintf("%s.rc", names.v[i]);
		file_read(p, &wr, &err);
		free(p);
		int rc = run(names.v[i], &go, &ge);
		char *t = xasprintf("%s stdout", names.v[i]);
		is_str(go.buf, wo.buf, t);
		free(t);
		t = xasprintf("%s stderr", names.v[i]);
		is_str(ge.buf, we.buf, t);
		free(t);
		t = xasprintf("%s rc", names.v[i]);
		is_int(rc, atoi(wr.buf), t);
		free(t);
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
