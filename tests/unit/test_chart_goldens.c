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
#include "tap.h"
#include "util/file.h"

static int same(json_t *want, json_t *got)
{
	if (json_is_integer(want) && json_is_real(got))
		return (double)json_integer_value(want) == json_real_value(got);
	if (json_is_real(want) && json_is_real(got))
		return json_real_value(want) == json_real_value(got);
	if (json_typeof(want) != json_typeof(got))
		return 0;
	if (json_is_object(want)) {
		const char *k;
		json_t *v;
		if (json_object_size(want) != json_object_size(got))
			return 0;
		json_object_foreach(want, k, v) {
			json_t *g = json_object_get(got, k);
			if (!g || !same(v, g))
				return 0;
		}
		return 1;
	}
	if (json_is_array(want)) {
		if (json_array_size(want) != json_array_size(got))
			return 0;
		for (size_t i = 0; i < json_array_size(want); i++)
			if (!same(json_array_get(want, i), json_array_get(got, i)))
				return 0;
		return 1;
	}
	return json_equal(want, got);
}

/* shell words of a .args line (single/double quotes, backslashes) */
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
	struct chart_value_opts vo;
	struct chart_install_opts io;
	struct chart_output_opts oo;
	struct chart_kube_version kv;
	struct strvec pos = STRVEC_INIT, warn = STRVEC_INIT;
	struct kc_err err = KC_ERR_INIT;
	struct chart_prepared prep = { 0 };
	struct chart_files rendered = { 0 };
	const char *kube = NULL;
	int rc = 1;
	chart_value_opts_init(&vo);
	chart_install_opts_init(&io);
	memset(&oo, 0, sizeof(oo));
	strvec_init(&oo.show_only);
	for (size_t i = 0; i < args->nr; i++) {
		const char *a = args->v[i];
		const char *nx = i + 1 < args->nr ? args->v[i + 1] : "";
		if (!strcmp(a, "-f") || !strcmp(a, "--values"))
			strvec_split(&vo.values, args->v[++i], ',');
		else if (!strcmp(a, "--set"))
			strvec_push(&vo.set, args->v[++i]);
		else if (!strcmp(a, "--set-string"))
			strvec_push(&vo.set_string, args->v[++i]);
		else if (!strcmp(a, "--set-json"))
			strvec_push(&vo.set_json, args->v[++i]);
		else if (!strcmp(a, "--set-literal"))
			strvec_push(&vo.set_literal, args->v[++i]);
		else if (!strcmp(a, "--set-file"))
			strvec_push(&vo.set_file, args->v[++i]);
		else if (!strcmp(a, "-s") || !strcmp(a, "--show-only"))
			strvec_push(&oo.show_only, args->v[++i]);
		else if (!strcmp(a, "--include-crds"))
			oo.include_crds = 1;
		else if (!strcmp(a, "--no-hooks"))
			oo.no_hooks = 1;
		else if (!strcmp(a, "--skip-tests"))
			oo.skip_tests = 1;
		else if (!strcmp(a, "--debug"))
			oo.debug = 1;
		else if (!strcmp(a, "--render-subchart-notes"))
			oo.render_subchart_notes = 1;
		else if (!strcmp(a, "--is-upgrade"))
			io.is_upgrade = 1;
		else if (!strcmp(a, "--skip-schema-validation"))
			io.skip_schema_validation = 1;
		else if (!strcmp(a, "--kube-version"))
			kube = args->v[++i];
		else if (!strcmp(a, "-n") || !strcmp(a, "--namespace"))
			io.namespace = args->v[++i];
		else if (!strcmp(a, "-a") || !strcmp(a, "--api-versions"))
			strvec_split(&io.api_versions, args->v[++i], ',');
		else
			strvec_push(&pos, a);
		(void)nx;
	}
	if (kube) {
		if (chart_parse_kube_version(kube, &kv, &err) < 0) {
			strbuf_addf(errout, "Error: invalid kube version '%s': %s\n", kube, err.msg.buf);
			goto out;
		}
		io.kube_version = &kv;
	}
	const char *chartref = pos.nr == 2 ? pos.v[1] : pos.nr ? pos.v[0] : "";
	if (pos.nr == 2)
		io.release_name = pos.v[0];
	if (chart_prepare(chartref, &vo, &io, &prep, &warn, &err) < 0) {
		for (size_t i = 0; i < warn.nr; i++)
			strbuf_addf(errout, "%s\n", warn.v[i]);
		strbuf_addf(errout, "Error: %s%s\n", err.msg.buf,
			    prep.render_phase_error ? "\n\nUse --debug flag to render out invalid YAML" : "");
		goto out;
	}
	*reassembled = 0;
	if (golden_out && !oo.include_crds && !oo.show_only.nr) {
		files_from_output(golden_out, &rendered);
		struct strvec w2 = STRVEC_INIT;
		*reassembled = 1;
		if (chart_template_output(prep.chart, &rendered, &oo, out, NULL, &w2, &err) < 0)
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
		shell_split(a.buf, &raw);
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
			if (!ok(w && values && same(w, values), t))
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
