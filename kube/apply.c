/* kube/apply.c: kubectl apply's object logic. */
#include <stdlib.h>
#include <string.h>

#include "kube/apply.h"
#include "util/json.h"
#include "util/strbuf.h"

json_t *kc_apply_modified(const json_t *obj, char **text)
{
	json_t *c = json_deep_copy(obj);
	json_t *md = json_object_get(c, "metadata");
	if (!json_is_object(md)) {
		md = json_object();
		json_object_set_new(c, "metadata", md);
	}
	json_t *an = json_object_get(md, "annotations");
	if (!json_is_object(an)) {
		an = json_object();
		json_object_set_new(md, "annotations", an);
	}
	json_object_del(an, KC_LAST_APPLIED);
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, c, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	strbuf_addch(&sb, '\n');
	json_object_set_new(an, KC_LAST_APPLIED, json_stringn(sb.buf, sb.len));
	if (text)
		*text = strbuf_detach(&sb, NULL);
	else
		strbuf_release(&sb);
	return c;
}

int kc_apply_original(const json_t *live, json_t **orig, struct kc_err *err)
{
	*orig = NULL;
	json_t *an = json_object_get(json_object_get(live, "metadata"), "annotations");
	json_t *s = json_object_get(an, KC_LAST_APPLIED);
	if (!json_is_string(s) || json_string_length(s) == 0)
		return 0;
	*orig = json_parse(json_string_value(s), json_string_length(s), err);
	return *orig ? 0 : -1;
}
