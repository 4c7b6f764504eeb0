/* Dependency processing and coalescing against tests/cases/chartdeps/cases.txt
 * (captured from `helmref deps`): --mode enabled|coalesce|import|import-merge|full.
 * stderr lines are compared as a sorted list (Helm logs in Go-map order). */
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart_case.h"
#include "tap.h"
#include "util/file.h"

#define DIR_ "tests/cases/chartdeps"

static void walk_paths(struct chart *c, json_t *arr)
{
	char *p = chart_path(c);
	json_array_append_new(arr, json_string(p));
	free(p);
	for (size_t i = 0; i < c->ndeps; i++)
		walk_paths(c->deps[i], arr);
}

static int cmps(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

static void join_sorted(struct strvec *v, struct strbuf *out)
{
	strvec_sort(v);
	for (size_t i = 0; i < v->nr; i++)
		strbuf_addf(out, "%s\n", v->v[i]);
}

static void run_case(int line, struct strvec *args, const char *out, struct strvec *want_err,
		     int want_rc)
{
	struct chart_value_opts o;
	struct kc_err err = KC_ERR_INIT;
	struct strvec warn = STRVEC_INIT;
	const char *mode = "full", *chartp = NULL;
	json_t *result = NULL, *vals = NULL;
	struct chart *c = NULL;
	int rc = 0;
	chart_value_opts_init(&o);
	for (size_t i = 0; i < args->nr; i++) {
		const char *a = args->v[i];
		if (!strcmp(a, "--mode"))
			mode = args->v[++i];
		else if (!strcmp(a, "--set"))
			strvec_push(&o.set, args->v[++i]);
		else if (!strcmp(a, "--set-string"))
			strvec_push(&o.set_string, args->v[++i]);
		else if (!strcmp(a, "--set-json"))
			strvec_push(&o.set_json, args->v[++i]);
		else if (!strcmp(a, "-f"))
			strvec_pushf(&o.values, DIR_ "/%s", args->v[++i]);
		else
			chartp = a;
	}
	char *cp = xasprintf(DIR_ "/%s", chartp ? chartp : "");
	vals = chart_merge_user_values(&o, &err);
	if (!vals)
		goto fail;
	c = chart_load(cp, &warn, &err);
	if (!c)
		goto fail;
	if (!strcmp(mode, "enabled")) {
		if (chart_process_dependency_enabled(c, vals, &warn, &err) < 0)
			goto fail;
		result = json_array();
		walk_paths(c, result);
		size_t n = json_array_size(result);
		json_t **items = calloc(n + 1, sizeof(*items));
		for (size_t i = 0; i < n; i++)
			items[i] = json_incref(json_array_get(result, i));
		qsort(items, n, sizeof(*items), cmps);
		json_array_clear(result);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(result, items[i]);
		free(items);
	} else if (!strcmp(mode, "coalesce")) {
		result = chart_coalesce_values(c, vals, 0, &warn, &err);
		if (!result)
			goto fail;
	} else if (!strcmp(mode, "import") || !strcmp(mode, "import-merge")) {
		if (chart_process_import_values(c, !strcmp(mode, "import-merge"), &warn, &err) < 0)
			goto fail;
		result = c->values ? json_incref(c->values) : json_object();
	} else {
		if (chart_process_dependencies(c, vals, 1, &warn, &err) < 0)
			goto fail;
		result = chart_coalesce_values(c, vals, 0, &warn, &err);
		if (!result)
			goto fail;
	}
	goto done;
fail:
	strvec_pushf(&warn, "Error: %s", err.msg.buf);
	rc = 1;
done:;
	char *title = xasprintf("cases.txt:%d", line);
	char *gs = result ? json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (out) {
		json_error_t je;
		json_t *w = json_loads(out, JSON_DECODE_ANY, &je);
		ok(result && w && tc_json_same(w, result), title);
		if (!(result && w && tc_json_same(w, result))) {
			tap_diag_block("     got", gs ? gs : "(none)");
			tap_diag_block("expected", out);
		}
		json_decref(w);
	} else {
		ok(!result, title);
	}
	struct strbuf ge = STRBUF_INIT, we = STRBUF_INIT;
	join_sorted(&warn, &ge);
	join_sorted(want_err, &we);
	char *t2 = xasprintf("%s stderr", title);
	is_str(ge.buf, we.buf, t2);
	free(t2);
	t2 = xasprintf("%s rc", title);
	is_int(rc, want_rc, t2);
	free(t2);
	strbuf_release(&ge);
	strbuf_release(&we);
	free(gs);
	free(title);
	free(cp);
	json_decref(result);
	json_decref(vals);
	chart_free(c);
	strvec_clear(&warn);
	kc_err_release(&err);
	chart_value_opts_release(&o);
}

int main(void)
{
	plan_lazy();
	struct strbuf data = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read(DIR_ "/cases.txt", &data, &err) < 0) {
		ok(0, err.msg.buf);
		return done_testing();
	}
	struct strvec args = STRVEC_INIT, errs = STRVEC_INIT;
	char *out = NULL;
	int lineno = 0, start = 0;
	char *p = data.buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		lineno++;
		if (!strncmp(p, "args: ", 6)) {
			if (!args.nr)
				start = lineno;
			strvec_push(&args, p + 6);
		} else if (!strncmp(p, "out: ", 5)) {
			out = xstrdup(p + 5);
		} else if (!strncmp(p, "stderr: ", 8)) {
			strvec_push(&errs, p + 8);
		} else if (!strncmp(p, "rc: ", 4)) {
			run_case(start, &args, out, &errs, atoi(p + 4));
			free(out);
			out = NULL;
			strvec_clear(&args);
			strvec_clear(&errs);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	strvec_clear(&args);
	strvec_clear(&errs);
	strbuf_release(&data);
	return done_testing();
}
