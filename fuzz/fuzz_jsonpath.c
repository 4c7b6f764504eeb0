/* libFuzzer target: kubectl's JSONPath dialect (kube/jsonpath.c) and the
 * custom-columns printer (kube/customcol.c).
 *
 * Input: the first byte picks options (allow-missing-keys, float64 typing,
 * jsonpath-as-json, custom-columns instead of jsonpath); the rest is the
 * template. Each template is parsed and executed twice on a fixed document (the
 * second run exercises client-go's range state left over from the first), so
 * parser, evaluator, printers and error framing all run. Build and run: see
 * fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/jsonpath.h"

static json_t *doc;

static const char document[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\","
	"\"labels\":{\"app\":\"web\",\"tier\":\"fe\"},\"annotations\":{}},"
	"\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":80},"
	"{\"containerPort\":443,\"name\":\"https\"}]},{\"name\":\"b\",\"image\":\"busybox\","
	"\"args\":[\"sh\",\"-c\",\"x\\n\\ty\"]}],\"replicas\":3,\"ratio\":0.5,\"big\":1e21,"
	"\"on\":true,\"off\":false,\"none\":null,\"empty\":[],\"eo\":{},"
	"\"nested\":[[1,2],[3,[4,[5,{\"deep\":\"x\"}]]]],\"s\":\"h\\u00e9\\u2028<>&\"},"
	"\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},"
	"{\"type\":\"Scheduled\",\"status\":\"False\"}]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!doc) {
		json_error_t je;
		doc = json_loads(document, 0, &je);
		if (!doc)
			abort();
	}
	if (size < 1 || size > 4096)
		return 0;
	unsigned opt = data[0];
	char *tmpl = malloc(size);
	memcpy(tmpl, data + 1, size - 1);
	tmpl[size - 1] = '\0';

	struct kc_err err = KC_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	if (opt & 8) {
		struct customcol *cc = (opt & 16) ? customcol_new_from_file_text(tmpl, opt & 1, &err)
						  : customcol_new(tmpl, opt & 1, &err);
		if (cc) {
			const json_t *objs[2] = { doc, json_object_get(doc, "spec") };
			customcol_set_flags(cc, (opt & 2) ? JSONPATH_FLOAT64 : 0);
			customcol_set_limits(cc, 1000000, 1 << 20);
			customcol_print(cc, objs, 2, &out, &err);
			customcol_print(cc, objs, 1, &out, &err);
			customcol_free(cc);
		}
	} else {
		unsigned flags = ((opt & 2) ? JSONPATH_FLOAT64 : 0) | ((opt & 4) ? JSONPATH_OUTPUT_JSON : 0);
		struct jsonpath *jp = kubectl_jsonpath_new(tmpl, opt & 1, flags, &err);
		if (jp) {
			jsonpath_set_limits(jp, 1000000, 1 << 20);
			kubectl_jsonpath_print(jp, doc, &out, &err);
			kc_err_release(&err);
			kubectl_jsonpath_print(jp, json_object_get(doc, "spec"), &out, &err);
			jsonpath_free(jp);
		}
	}
	kc_err_release(&err);
	strbuf_release(&out);
	free(tmpl);
	return 0;
}
