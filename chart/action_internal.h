/* chart/action_internal.h: helpers shared by chart/action.c, storage.c, kube.c. */
#ifndef KC_CHART_ACTION_INTERNAL_H
#define KC_CHART_ACTION_INTERNAL_H

#include "chart/action.h"

/* One request; body may be NULL. Fills resp (caller releases). On a non-2xx
 * answer returns -1 with client-go's error text (the Status message) in err,
 * err->http_code set. Transport errors: -1 with the transport's text. */
int chart_api(const struct chart_cfg *cfg, const char *method, const char *path,
	      const char *content_type, const char *body, size_t body_len,
	      struct kc_response *resp, struct kc_err *err);
/* The same, returning the parsed 2xx body (new reference) or NULL. */
json_t *chart_api_json(const struct chart_cfg *cfg, const char *method, const char *path,
		       const char *content_type, json_t *body, struct kc_err *err);
/* Sleep ms milliseconds. */
void chart_sleep_ms(long ms);
/* Monotonic milliseconds. */
long long chart_mono_ms(void);

#endif
