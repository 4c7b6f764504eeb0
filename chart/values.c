/* User values (values.Options.MergeValues) and values-file reading. */
#include "chart/chart.h"

#include <string.h>

#include "chart/internal.h"
#include "util/file.h"

void chart_value_opts_init(struct chart_value_opts *o)
{
	strvec_init(&o->values);
	strvec_init(&o->set);
	strvec_init(&o->set_string);
	strvec_init(&o->set_json);
	strvec_init(&o->set_literal);
	strvec_init(&o->set_file);
}

void chart_value_opts_release(struct chart_value_opts *o)
{
	strvec_clear(&o->values);
	strvec_clear(&o->set);
	strvec_clear(&o->set_string);
	strvec_clear(&o->set_json);
	strvec_clear(&o->set_literal);
	strvec_clear(&o->set_file);
}

/* Helm's mergeMaps: b over a, maps merged recursively, anything else replaced.
 * dst is modified in place; src is borrowed. */
void chart_merge_maps(json_t *dst, json_t *src)
{
	const char *k;
	json_t *v;
	json_object_foreach(src, k, v) {
		json_t *d = json_object_get(dst, k);
		if (json_is_object(v) && json_is_object(d)) {
			chart_merge_maps(d, v);
			continue;
		}
		json_object_set_new(dst, k, json_deep_copy(v));
	}
}

json_t *chart_merge_user_values(const struct chart_value_opts *o, struct kc_err *err)
{
	json_t *base = json_object();
	struct kc_err e = KC_ERR_INIT;
	size_t i;
	for (i = 0; i < o->values.nr; i++) {
		const char *path = o->values.v[i];
		struct strbuf data = STRBUF_INIT;
		const char *p = path;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
			p++;
		int is_stdin = !strncmp(p, "-", 1);
		if (is_stdin) {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\v' || *q == '\f')
				q++;
			is_stdin = !*q;
		}
		if (file_read(is_stdin ? "-" : path, &data, &e) < 0) {
			strbuf_release(&data);
			kc_err_move(err, &e);
			goto fail;
		}
		json_t *cur = chart_read_values(data.buf, data.len, &e);
		strbuf_release(&data);
		if (!cur) {
			kc_err_set(err, "failed to parse %s: %s", path, e.msg.buf);
			goto fail;
		}
		chart_merge_maps(base, cur);
		json_decref(cur);
	}
	for (i = 0; i < o->set_json.nr; i++)
		if (strvals_parse_into(STRVALS_JSON, o->set_json.v[i], base, &e) < 0) {
			kc_err_set(err, "failed parsing --set-json data %s", o->set_json.v[i]);
			goto fail;
		}
	for (i = 0; i < o->set.nr; i++)
		if (strvals_parse_into(STRVALS_SET, o->set.v[i], base, &e) < 0) {
			kc_err_set(err, "failed parsing --set data: %s", e.msg.buf);
			goto fail;
		}
	for (i = 0; i < o->set_string.nr; i++)
		if (strvals_parse_into(STRVALS_STRING, o->set_string.v[i], base, &e) < 0) {
			kc_err_set(err, "failed parsing --set-string data: %s", e.msg.buf);
			goto fail;
		}
	for (i = 0; i < o->set_file.nr; i++)
		if (strvals_parse_into(STRVALS_FILE, o->set_file.v[i], base, &e) < 0) {
			kc_err_set(err, "failed parsing --set-file data: %s", e.msg.buf);
			goto fail;
		}
	for (i = 0; i < o->set_literal.nr; i++)
		if (strvals_parse_into(STRVALS_LITERAL, o->set_literal.v[i], base, &e) < 0) {
			kc_err_set(err, "failed parsing --set-literal data: %s", e.msg.buf);
			goto fail;
		}
	kc_err_release(&e);
	return base;
fail:
	kc_err_release(&e);
	json_decref(base);
	return NULL;
}
