/* .Files.Glob patterns against tests/cases/chartglob/cases.txt, captured from
 * helmref (a template listing .Files.Glob matches of the chart in
 * tests/cases/chartglob/chart). */
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "tap.h"
#include "util/file.h"

static int cmpf(const void *a, const void *b)
{
	return strcmp(((const struct chart_file *)a)->name, ((const struct chart_file *)b)->name);
}

int main(void)
{
	plan_lazy();
	struct kc_err err = KC_ERR_INIT;
	struct chart *c = chart_load("tests/cases/chartglob/chart", NULL, &err);
	struct strbuf data = STRBUF_INIT;
	if (!ok(c && file_read("tests/cases/chartglob/cases.txt", &data, &err) == 0, "load chart and cases"))
		return done_testing();
	qsort(c->files.v, c->files.nr, sizeof(*c->files.v), cmpf);
	char *p = data.buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		char *tab = strchr(p, '\t');
		if (*p != '#' && tab) {
			*tab = 0;
			struct strbuf got = STRBUF_INIT;
			for (size_t i = 0; i < c->files.nr; i++) {
				int m = chart_glob_match(p, c->files.v[i].name);
				if (m < 0)
					m = 1; /* Helm falls back to "**" */
				if (m)
					strbuf_addf(&got, "%s%s", got.len ? " " : "", c->files.v[i].name);
			}
			is_str(got.buf, tab + 1, p);
			strbuf_release(&got);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	strbuf_release(&data);
	chart_free(c);
	kc_err_release(&err);
	return done_testing();
}
