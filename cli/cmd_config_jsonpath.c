/* `kc config view -o jsonpath=…`: kubectl's JSONPathPrinter on the v1 Config,
 * which it marshals and re-reads with encoding/json (numbers are float64). */
#include <jansson.h>

#include "kube/jsonpath.h"
#include "util/err.h"
#include "util/strbuf.h"

int kc_config_view_print_jsonpath(const char *tmpl, int allow_missing, json_t *obj, struct strbuf *out,
				  struct kc_err *err);

int kc_config_view_print_jsonpath(const char *tmpl, int allow_missing, json_t *obj, struct strbuf *out,
				  struct kc_err *err)
{
	struct jsonpath *jp = kubectl_jsonpath_new(tmpl, allow_missing, JSONPATH_FLOAT64, err);
	if (!jp)
		return -1;
	int rc = kubectl_jsonpath_print(jp, obj, out, err);
	jsonpath_free(jp);
	return rc;
}
