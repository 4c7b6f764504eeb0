/* Shared by the unit tests that drive charts from case files (test_chart_*,
 * test_template_goldens, test_template_charts): Go-faithful JSON comparison,
 * shell words of an .args line, and `helm template`'s flags parsed into
 * chart_prepare's options. Header-only (static inline): the Makefile builds
 * each tests/unit/test_*.c on its own. */
#ifndef KC_TESTS_UNIT_CHART_CASE_H
#define KC_TESTS_UNIT_CHART_CASE_H

#include <jansson.h>
#include <string.h>

#include "chart/chart.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* want (from a captured golden) equals got, an integer of want matching a
 * float64 of got (Go decodes all JSON numbers as float64). */
static inline int tc_json_same(json_t *want, json_t *got)
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
			if (!g || !tc_json_same(v, g))
				return 0;
		}
		return 1;
	}
	if (json_is_array(want)) {
		if (json_array_size(want) != json_array_size(got))
			return 0;
		for (size_t i = 0; i < json_array_size(want); i++)
			if (!tc_json_same(json_array_get(want, i), json_array_get(got, i)))
				return 0;
		return 1;
	}
	return json_equal(want, got);
}

/* shell words of an .args line (single/double quotes, backslashes) */
static inline void tc_shell_split(const char *s, struct strvec *out)
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

/* `helm template` flags of a case, as chart_prepare and chart_template_output
 * take them. tc_opts_init allocates; tc_opts_release frees. */
struct tc_opts {
	struct chart_value_opts vo;
	struct chart_install_opts io;
	struct chart_output_opts oo;
	struct chart_kube_version kv;
	struct strvec pos;
};

static inline void tc_opts_init(struct tc_opts *o)
{
	memset(o, 0, sizeof(*o));
	chart_value_opts_init(&o->vo);
	chart_install_opts_init(&o->io);
	strvec_init(&o->oo.show_only);
	strvec_init(&o->pos);
}

static inline void tc_opts_release(struct tc_opts *o)
{
	strvec_clear(&o->pos);
	strvec_clear(&o->oo.show_only);
	strvec_clear(&o->io.api_versions);
	chart_value_opts_release(&o->vo);
}

/* Parse args into o; anything else is a positional. On a bad --kube-version,
 * append helm's error to errout and return -1. */
static inline int tc_opts_parse(struct tc_opts *o, const struct strvec *args, struct strbuf *errout)
{
	for (size_t i = 0; i < args->nr; i++) {
		const char *a = args->v[i];
		int more = i + 1 < args->nr;
		if ((!strcmp(a, "-f") || !strcmp(a, "--values")) && more)
			strvec_split(&o->vo.values, args->v[++i], ',');
		else if (!strcmp(a, "--set") && more)
			strvec_push(&o->vo.set, args->v[++i]);
		else if (!strcmp(a, "--set-string") && more)
			strvec_push(&o->vo.set_string, args->v[++i]);
		else if (!strcmp(a, "--set-json") && more)
			strvec_push(&o->vo.set_json, args->v[++i]);
		else if (!strcmp(a, "--set-literal") && more)
			strvec_push(&o->vo.set_literal, args->v[++i]);
		else if (!strcmp(a, "--set-file") && more)
			strvec_push(&o->vo.set_file, args->v[++i]);
		else if ((!strcmp(a, "-s") || !strcmp(a, "--show-only")) && more)
			strvec_push(&o->oo.show_only, args->v[++i]);
		else if (!strcmp(a, "--include-crds"))
			o->oo.include_crds = 1;
		else if (!strcmp(a, "--no-hooks"))
			o->oo.no_hooks = 1;
		else if (!strcmp(a, "--skip-tests"))
			o->oo.skip_tests = 1;
		else if (!strcmp(a, "--debug"))
			o->oo.debug = 1;
		else if (!strcmp(a, "--render-subchart-notes"))
			o->oo.render_subchart_notes = 1;
		else if (!strcmp(a, "--is-upgrade"))
			o->io.is_upgrade = 1;
		else if (!strcmp(a, "--skip-schema-validation"))
			o->io.skip_schema_validation = 1;
		else if (!strcmp(a, "--kube-version") && more) {
			struct kc_err err = KC_ERR_INIT;
			const char *v = args->v[++i];
			if (chart_parse_kube_version(v, &o->kv, &err) < 0) {
				strbuf_addf(errout, "Error: invalid kube version '%s': %s\n", v, err.msg.buf);
				kc_err_release(&err);
				return -1;
			}
			o->io.kube_version = &o->kv;
		} else if ((!strcmp(a, "-n") || !strcmp(a, "--namespace")) && more)
			o->io.namespace = args->v[++i];
		else if ((!strcmp(a, "-a") || !strcmp(a, "--api-versions")) && more)
			strvec_split(&o->io.api_versions, args->v[++i], ',');
		else
			strvec_push(&o->pos, a);
	}
	if (o->pos.nr == 2)
		o->io.release_name = o->pos.v[0];
	return 0;
}

/* the chart argument: `helm template [NAME] CHART` */
static inline const char *tc_opts_chart(const struct tc_opts *o)
{
	return o->pos.nr == 2 ? o->pos.v[1] : o->pos.nr ? o->pos.v[0] : "";
}

/* chart_prepare(chart, ...) of o; on failure append helm's stderr (warnings,
 * then the error) to errout and return -1. */
static inline int tc_prepare(struct tc_opts *o, const char *chart, struct chart_prepared *prep,
			     struct strvec *warn, struct strbuf *errout, struct kc_err *err)
{
	if (chart_prepare(chart, &o->vo, &o->io, prep, warn, err) < 0) {
		for (size_t i = 0; i < warn->nr; i++)
			strbuf_addf(errout, "%s\n", warn->v[i]);
		strbuf_addf(errout, "Error: %s%s\n", err->msg.buf,
			    prep->render_phase_error ? "\n\nUse --debug flag to render out invalid YAML" : "");
		return -1;
	}
	return 0;
}

#endif
