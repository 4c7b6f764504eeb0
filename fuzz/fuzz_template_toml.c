/* libFuzzer target for Helm's fromToml decoder (template/sprig/toml.c): decode
 * arbitrary bytes; what decodes is printed (%v) and encoded again with toToml's
 * and toYamlPretty's code paths through a template, so values of every type
 * the decoder builds reach the printers. Must never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>

#include "chart/funcs_helm.h"
#include "template/sprig/sprig.h"
#include "template/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_err err = KC_ERR_INIT;
	struct tv *v = helm_toml_decode((const char *)data, size, &err);
	if (v) {
		struct helm_render hr = { 0 };
		struct tmpl *t = helm_tmpl_new(&hr);
		struct strbuf out = STRBUF_INIT;
		static const char text[] = "{{ . }}{{ toToml . }}{{ toYamlPretty . }}{{ toJson . }}";
		struct tv *top = tv_map_new(NULL);
		tv_map_set(top, "v", v);
		if (helm_parse(t, "f", text, sizeof text - 1, &err) == 0)
			helm_execute(t, "f", v, &out, &err);
		strbuf_release(&out);
		tv_decref(top);
		tmpl_free(t);
		helm_render_release(&hr);
		tv_decref(v);
	}
	kc_err_release(&err);
	return 0;
}
