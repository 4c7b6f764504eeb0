/* `helm template` minus the template engine, against tests/cases/charttemplate
 * (captured from `helmref template`). The charts there have static templates, so
 * "rendering" is the identity and every byte of stdout/stderr/rc must match:
 * chart location, values, loading, validation, dependencies, kubeVersion,
 * manifest splitting and sorting, hooks, CRDs, --show-only. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart.h"
#include "chart_case.h"
#include "tap.h"
#include "util/file.h"

static void identity_render(const struct chart *c, struct chart_files *out)
{
	char *full = chart_full_path(c);
	int lib = !strcasecmp(c->meta->type, "library");
	for (size_t i = 0; i < c->templates.nr; i++) {
		const struct chart_file *t = &c->templates.v[i];
		const char *b = strrchr(t->name, '/');
		b = b ? b + 1 : t->name;
		if (lib && b[0] != '_')
			continue;
		char *n = xasprintf("%s/%s", full, t->name);
		chart_files_add(out, n, t->data, t->len);
		free(n);
	}
	free(full);
	for (size_t i = 0; i < c->ndeps; i++)
		identity_render(c->deps[i], out);
}

static char *subst_dir(const char *s, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	while ((p = strstr(s, "@DIR@"))) {
		strbuf_add(&sb, s, (size_t)(p - s));
		strbuf_addstr(&sb, dir);
		s = p + 5;
	}
	strbuf_addstr(&sb, s);
	return strbuf_detach(&sb, NULL);
}

/* returns rc; fills out/errout */
static int run(struct strvec *args, struct strbuf *out, struct strbuf *errout)
{
	struct tc_opts o;
	struct strvec warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	int rc = 1;
	tc_opts_init(&o);
	if (tc_opts_parse(&o, args, errout) < 0 ||
	    tc_prepare(&o, tc_opts_chart(&o), &prep, &warn, errout, &err) < 0)
		goto out;
	identity_render(prep.chart, &rendered);
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
	strvec_clear(&warn);
	tc_opts_release(&o);
	kc_err_release(&err);
	return rc;
}

int main(void)
{
	plan_lazy();
	if (chdir("tests/cases/charttemplate") < 0) {
		ok(0, "chdir tests/cases/charttemplate");
		return done_testing();
	}
	char *dir = getcwd(NULL, 0);
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
		char *p = xasprintf("cases/%s.args", names.v[i]);
		file_read(p, &a, &err);
		free(p);
		p = xasprintf("cases/%s.out", names.v[i]);
		file_read(p, &wo, &err);
		free(p);
		p = xasprintf("cases/%s.err", names.v[i]);
		file_read(p, &we, &err);
		free(p);
		p = xasprintf("cases/%s.rc", names.v[i]);
		file_read(p, &wr, &err);
		free(p);
		struct strvec args = STRVEC_INIT;
		strbuf_rtrim(&a);
		if (a.len)
			strvec_split(&args, a.buf, '\n');
		int rc = run(&args, &go, &ge);
		char *wo2 = subst_dir(wo.buf, dir), *we2 = subst_dir(we.buf, dir);
		char *t = xasprintf("%s stdout", names.v[i]);
		is_str(go.buf, wo2, t);
		free(t);
		t = xasprintf("%s stderr", names.v[i]);
		is_str(ge.buf, we2, t);
		free(t);
		t = xasprintf("%s rc", names.v[i]);
		is_int(rc, atoi(wr.buf), t);
		free(t);
		free(wo2);
		free(we2);
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
	free(dir);
	return done_testing();
}
