/* The data side of every case of the shared Helm goldens
 * (../shared/goldens/cases): chart_prepare must either fail with exactly the
 * golden stderr, or produce the .Values that `helmref deps --mode full` gives
 * for the case's value flags (tests/cases/chartgoldens/NAME.values, captured by
 * its ./capture). Set KC_GOLDENS to the goldens folder; skipped without it. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart.h"
#include "chart_case.h"
#include "tap.h"
#include "util/file.h"

/* returns rc; fills out/errout */
/* Rebuild the engine's per-file output from a golden stdout: documents grouped
 * by their "# Source:" file, in order (SortManifests is stable, so this keeps
 * everything the sort depends on). */
static void files_from_output(const char *out, struct chart_files *files)
{
	struct strvec names = STRVEC_INIT;
	struct strbuf *bodies = NULL;
	const char *p = out;
	while ((p = strstr(p, "---\n# Source: "))) {
		if (p != out && p[-1] != '\n') {
			p += 4;
			continue;
		}
		const char *name = p + 14, *nl = strchr(name, '\n');
		if (!nl)
			break;
		const char *body = nl + 1, *next = body;
		for (;;) {
			next = strstr(next, "\n---\n# Source: ");
			if (!next)
				break;
			break;
		}
		size_t blen = next ? (size_t)(next - body) : strlen(body);
		if (!next && blen && body[blen - 1] == '\n')
			blen--;
		char *n = xstrndup(name, (size_t)(nl - name));
		size_t k;
		for (k = 0; k < names.nr; k++)
			if (!strcmp(names.v[k], n))
				break;
		if (k == names.nr) {
			strvec_push(&names, n);
			bodies = xrealloc(bodies, names.nr * sizeof(*bodies));
			strbuf_init(&bodies[k], 0);
			/* a leading separator keeps documents that begin with "---" intact */
			strbuf_addstr(&bodies[k], "---\n");
		} else {
			strbuf_addstr(&bodies[k], "\n---\n");
		}
		strbuf_add(&bodies[k], body, blen);
		free(n);
		p = next ? next + 1 : body + blen;
	}
	for (size_t k = 0; k < names.nr; k++) {
		chart_files_add(files, names.v[k], bodies[k].buf, bodies[k].len);
		strbuf_release(&bodies[k]);
	}
	free(bodies);
	strvec_clear(&names);
}

static int run(struct strvec *args, struct strbuf *out, struct strbuf *errout, json_t **values,
	       const char *golden_out, int *reassembled)
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
	*reassembled = 0;
	if (golden_out && !o.oo.include_crds && !o.oo.show_only.nr) {
		files_from_output(golden_out, &rendered);
		struct strvec w2 = STRVEC_INIT;
		*reassembled = 1;
		if (chart_template_output(prep.chart, &rendered, &o.oo, out, NULL, &w2, &err) < 0)
			strbuf_addf(out, "Error: %s\n", err.msg.buf);
		for (size_t i = 0; i < w2.nr; i++)
			strbuf_addf(errout, "%s\n", w2.v[i]);
		strvec_clear(&w2);
	}
	for (size_t i = 0; i < warn.nr; i++)
		strbuf_addf(errout, "%s\n", warn.v[i]);
	*values = json_incref(json_object_get(prep.top, "Values"));
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
	char *here = getcwd(NULL, 0);
	const char *g = getenv("KC_GOLDENS");
	if (!g || !*g)
		g = "../shared/goldens";
	char *vdir = xasprintf("%s/tests/cases/chartgoldens", here);
	if (chdir(g) < 0) {
		printf("1..0 # SKIP goldens not found (set KC_GOLDENS)\n");
		free(vdir);
		free(here);
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
		struct strbuf a = STRBUF_INIT, we = STRBUF_INIT, wv = STRBUF_INIT, ge = STRBUF_INIT, go = STRBUF_INIT;
		struct kc_err err = KC_ERR_INIT;
		char *p = xasprintf("cases/%s.args", names.v[i]);
		file_read(p, &a, &err);
		free(p);
		p = xasprintf("cases/%s.err", names.v[i]);
		file_read(p, &we, &err);
		free(p);
		p = xasprintf("%s/%s.values", vdir, names.v[i]);
		int have_values = file_read(p, &wv, &err) == 0;
		free(p);
		struct strvec raw = STRVEC_INIT, args = STRVEC_INIT;
		tc_shell_split(a.buf, &raw);
		/* --flag=value → --flag value; --name-template needs the engine: dropped */
		for (size_t k = 0; k < raw.nr; k++) {
			const char *eq = strchr(raw.v[k], '=');
			if (starts_with(raw.v[k], "--") && eq) {
				char *f = xstrndup(raw.v[k], (size_t)(eq - raw.v[k]));
				if (strcmp(f, "--name-template")) {
					strvec_push(&args, f);
					strvec_push(&args, eq + 1);
				}
				free(f);
			} else if (!strcmp(raw.v[k], "--name-template") && k + 1 < raw.nr) {
				k++;
			} else {
				strvec_push(&args, raw.v[k]);
			}
		}
		strvec_clear(&raw);
		json_t *values = NULL;
		struct strbuf wo = STRBUF_INIT, wrc = STRBUF_INIT;
		p = xasprintf("cases/%s.out", names.v[i]);
		file_read(p, &wo, &err);
		free(p);
		p = xasprintf("cases/%s.rc", names.v[i]);
		file_read(p, &wrc, &err);
		free(p);
		int reassembled = 0;
		int rc = args.nr ? run(&args, &go, &ge, &values, atoi(wrc.buf) == 0 ? wo.buf : NULL,
				       &reassembled) : -1;
		if (reassembled) {
			char *t2 = xasprintf("%s: manifests re-sorted from the golden output", names.v[i]);
			is_str(go.buf, wo.buf, t2);
			free(t2);
			t2 = xasprintf("%s: stderr (warnings)", names.v[i]);
			is_str(ge.buf, we.buf, t2);
			free(t2);
		}
		strbuf_release(&wo);
		strbuf_release(&wrc);
		char *t = xasprintf("%s", names.v[i]);
		if (!args.nr) {
			ok(1, t); /* no chart argument: a CLI usage error */
		} else if (rc != 0) {
			is_str(ge.buf, we.buf, t);
		} else if (!have_values) {
			ok(0, t);
		} else {
			json_error_t je;
			json_t *w = json_loads(wv.buf, JSON_DECODE_ANY, &je);
			if (!w)
				w = json_loads(wv.buf, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &je);
			if (!ok(w && values && tc_json_same(w, values), t))
				printf("# values differ\n");
			json_decref(w);
		}
		free(t);
		json_decref(values);
		strvec_clear(&args);
		strbuf_release(&a);
		strbuf_release(&we);
		strbuf_release(&wv);
		strbuf_release(&ge);
		strbuf_release(&go);
		kc_err_release(&err);
	}
	strvec_clear(&names);
	free(vdir);
	free(here);
	return done_testing();
}
