/* YAML documents read the way sigs.k8s.io/yaml.Unmarshal reads them for Helm. */
#include <string.h>

#include "chart/internal.h"
#include "util/yaml.h"

json_t *chart_yaml_doc(const char *buf, size_t len, struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	json_t *v = yaml_load(buf, len, NULL, &e);
	if (!v) {
		kc_err_set(err, "error converting YAML to JSON: %s", e.msg.buf);
		kc_err_release(&e);
		return NULL;
	}
	kc_err_release(&e);
	return v;
}

json_t *chart_ints_to_reals(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		void *tmp;
		json_object_foreach_safe(v, tmp, k, x) {
			if (json_is_integer(x))
				json_object_set_new(v, k, json_real((double)json_integer_value(x)));
			else
				chart_ints_to_reals(x);
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *x = json_array_get(v, i);
			if (json_is_integer(x))
				json_array_set_new(v, i, json_real((double)json_integer_value(x)));
			else
				chart_ints_to_reals(x);
		}
	}
	return v;
}

static const char *kind_word(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_TRUE:
	case JSON_FALSE: return "bool";
	default: return "number";
	}
}

json_t *chart_read_values(const char *buf, size_t len, struct kc_err *err)
{
	json_t *v = chart_yaml_doc(buf, len, err);
	if (!v)
		return NULL;
	if (json_is_null(v)) {
		json_decref(v);
		return json_object();
	}
	if (!json_is_object(v)) {
		kc_err_set(err,
			   "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type map[string]interface {}",
			   kind_word(v));
		json_decref(v);
		return NULL;
	}
	return chart_ints_to_reals(v);
}
