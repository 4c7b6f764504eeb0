/* kc-helm-template CHART_DIR [-f values.yaml ...]: `helm template` through the
 * library (chart_prepare → helm_render_chart → chart_template_output), for
 * bench/template.sh until `kc chart template` exists. Prints what helm prints;
 * errors as "Error: ..." on stderr, exit 1. */
#include <stdio.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/funcs_helm.h"

int main(int argc, char **argv)
{
	struct chart_value_opts vo;
	struct chart_install_opts io;
	struct chart_output_opts oo;
	struct strvec warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	struct helm_render hr = { 0 };
	struct strbuf out = STRBUF_INIT;
	int rc = 1;
	if (argc < 2) {
		fprintf(stderr, "usage: kc-helm-template CHART [-f values.yaml ...]\n");
		return 2;
	}
	chart_value_opts_init(&vo);
	chart_install_opts_init(&io);
	memset(&oo, 0, sizeof(oo));
	strvec_init(&oo.show_only);
	for (int i = 2; i + 1 < argc; i += 2)
		if (!strcmp(argv[i], "-f"))
			strvec_push(&vo.values, argv[i + 1]);
	if (chart_prepare(argv[1], &vo, &io, &prep, &warn, &err) < 0 ||
	    helm_render_chart(prep.chart, prep.top, &hr, &rendered, &err) < 0 ||
	    chart_template_output(prep.chart, &rendered, &oo, &out, NULL, &warn, &err) < 0) {
		for (size_t i = 0; i < warn.nr; i++)
			fprintf(stderr, "%s\n", warn.v[i]);
		fprintf(stderr, "Error: %s\n", err.msg.buf);
	} else {
		for (size_t i = 0; i < warn.nr; i++)
			fprintf(stderr, "%s\n", warn.v[i]);
		fwrite(out.buf, 1, out.len, stdout);
		rc = 0;
	}
	strbuf_release(&out);
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
