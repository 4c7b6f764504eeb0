/* chart_save (helm package's archive): the archive loads back to the same
 * chart; gzip header as Helm writes it. (Checked once by hand against
 * helmref: `helmref template` renders the saved .tgz exactly like the dir.) */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart.h"
#include "tap.h"
#include "util/file.h"

static int same_files(const struct chart_files *a, const struct chart_files *b)
{
	if (a->nr != b->nr)
		return 0;
	for (size_t i = 0; i < a->nr; i++)
		if (strcmp(a->v[i].name, b->v[i].name) || a->v[i].len != b->v[i].len ||
		    memcmp(a->v[i].data, b->v[i].data, a->v[i].len))
			return 0;
	return 1;
}

static int same_chart(const struct chart *a, const struct chart *b)
{
	if (strcmp(a->meta->name, b->meta->name) || strcmp(a->meta->version, b->meta->version) ||
	    a->meta->ndeps != b->meta->ndeps || a->ndeps != b->ndeps)
		return 0;
	if (!same_files(&a->templates, &b->templates) || !same_files(&a->files, &b->files))
		return 0;
	if ((a->values == NULL) != (b->values == NULL) || (a->values && !json_equal(a->values, b->values)))
		return 0;
	/* subcharts come back under their chart names, so match them by name */
	for (size_t i = 0; i < a->ndeps; i++) {
		const struct chart *m = NULL;
		for (size_t k = 0; k < b->ndeps; k++)
			if (!strcmp(a->deps[i]->meta->name, b->deps[k]->meta->name))
				m = b->deps[k];
		if (!m || !same_chart(a->deps[i], m))
			return 0;
	}
	return 1;
}

int main(void)
{
	plan_lazy();
	struct kc_err err = KC_ERR_INIT;
	char tmpl[] = "/tmp/kc-chart-save-XXXXXX";
	char *dir = mkdtemp(tmpl);
	static const char *const charts[] = { "static", "schema", "v1req", "tgzsub", "ignored2" };
	for (size_t k = 0; k < sizeof(charts) / sizeof(charts[0]); k++) {
		char *src = xasprintf("tests/cases/charttemplate/charts/%s", charts[k]);
		struct chart *c = chart_load(src, NULL, &err);
		if (!ok(c != NULL, src)) {
			free(src);
			continue;
		}
		char *out = xasprintf("%s/out", dir);
		char *path = chart_save(c, out, &err);
		char *t = xasprintf("save %s", charts[k]);
		ok(path != NULL, t);
		free(t);
		if (path) {
			struct chart *back = chart_load(path, NULL, &err);
			t = xasprintf("%s: archive loads back to the same chart", charts[k]);
			ok(back && same_chart(c, back), t);
			free(t);
			struct strbuf raw = STRBUF_INIT;
			file_read(path, &raw, &err);
			t = xasprintf("%s: gzip header with Helm's extra field and comment", charts[k]);
			ok(raw.len > 60 && !memcmp(raw.buf, "\x1f\x8b\x08\x14", 4) &&
				   !memcmp(raw.buf + 12, "+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=Helm", 45),
			   t);
			free(t);
			strbuf_release(&raw);
			chart_free(back);
			unlink(path);
			free(path);
		}
		free(out);
		free(src);
		chart_free(c);
	}
	/* a file where the output directory should be */
	char *file = xasprintf("%s/file", dir);
	file_write_atomic(file, "x", 1, 0644, &err);
	struct chart *c = chart_load("tests/cases/charttemplate/charts/v1default", NULL, &err);
	char *p = c ? chart_save(c, file, &err) : NULL;
	ok(!p, "output dir that is a file fails");
	char *want = xasprintf("is not a directory: %s", file);
	is_str(err.msg.buf, want, "its message");
	free(want);
	free(p);
	chart_free(c);
	unlink(file);
	free(file);
	char *out = xasprintf("%s/out", dir);
	rmdir(out);
	free(out);
	rmdir(dir);
	kc_err_release(&err);
	return done_testing();
}
