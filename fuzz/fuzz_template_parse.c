/* libFuzzer target: parse arbitrary template text with Helm's function set and
 * reprint the trees (node_string). Must never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>

#include "chart/funcs_helm.h"
#include "template/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct helm_render hr = { 0 };
	struct tmpl *t = helm_tmpl_new(&hr);
	struct kc_err err = KC_ERR_INIT;
	if (tmpl_parse(t, "f", (const char *)data, size, &err) == 0) {
		struct strbuf sb = STRBUF_INIT;
		tmpl_tree_string(t, "f", &sb);
		strbuf_release(&sb);
	}
	kc_err_release(&err);
	tmpl_free(t);
	helm_render_release(&hr);
	return 0;
}
