/* Masterminds semver constraint checks (chartutil.IsCompatibleRange) against
 * tests/cases/chartsemver/cases.txt (captured from helmref), plus Go's
 * FormatFloat(f,'g',-1,32) as sigs.k8s.io/yaml applies it to Chart.yaml. */
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/internal.h"
#include "tap.h"
#include "util/file.h"

int main(void)
{
	plan_lazy();
	struct strbuf data = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read("tests/cases/chartsemver/cases.txt", &data, &err) < 0) {
		ok(0, err.msg.buf);
		return done_testing();
	}
	char *p = data.buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		if (*p != '#') {
			char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			if (t1 && t2) {
				*t1 = *t2 = 0;
				char *title = xasprintf("'%s' vs %s", p, t1 + 1);
				is_int(sprig_semver_satisfies(p, t1 + 1), !strcmp(t2 + 1, "true"), title);
				free(title);
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	strbuf_release(&data);

	/* appVersion coercion, outputs observed with helmref template */
	static const struct { double in; const char *want; } f[] = {
		{ 1.10, "1.1" }, { 1e7, "1e+07" }, { 12345678.9, "1.2345679e+07" }, { 0.000001, "1e-06" },
		{ 1.0, "1" }, { 123456, "123456" }, { 0.5, "0.5" }, { -2.25, "-2.25" },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		chart_format_float32(&sb, f[i].in);
		is_str(sb.buf, f[i].want, f[i].want);
		strbuf_release(&sb);
	}
	kc_err_release(&err);
	return done_testing();
}
