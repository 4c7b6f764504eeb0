/* libFuzzer target: parse and execute arbitrary template text against a small
 * fixed data set with Helm's functions (include/tpl recursion included). Input:
 * the template text. Must never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chart/funcs_helm.h"
#include "template/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char values[] =
		"{\"a\":1,\"b\":\"hello\",\"c\":[1,\"two\",3.5],\"d\":{\"x\":{\"y\":null}},\"e\":true}";
	struct helm_render hr = { 0 };
	struct tmpl *t = helm_tmpl_new(&hr);
	struct kc_err err = KC_ERR_INIT;
	json_error_t je;
	tmpl_set_max_depth(t, 1000); /* keep recursive inputs fast */
	json_t *j = json_loads(values, 0, &je);
	struct tv *top = tv_map_new(NULL);
	tv_map_set_take(top, "Values", tv_from_json(j, TV_JSON_INTS_AS_FLOAT));
	json_decref(j);
	if (helm_parse(t, "f", (const char *)data, size, &err) == 0) {
		struct strbuf out = STRBUF_INIT;
		helm_execute(t, "f", top, &out, &err);
		strbuf_release(&out);
	}
	tv_decref(top);
	kc_err_release(&err);
	tmpl_free(t);
	helm_render_release(&hr);
	return 0;
}
