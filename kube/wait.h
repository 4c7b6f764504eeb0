/* Waiting for objects as kubectl wait (k8s.io/kubectl/pkg/cmd/wait) and
 * kubectl delete --wait do — but with one LIST + WATCH per resource type and
 * namespace instead of one per object, so that waiting for 300 objects costs a
 * handful of requests.
 *
 * Conditions (--for): delete, create, condition=NAME[=VALUE] (value default
 * "true", both compared case-insensitively, a condition whose observedGeneration
 * is behind metadata.generation does not count), jsonpath='{EXPR}'[=VALUE]
 * (kubectl's relaxed JSONPath; without a value any result counts).
 *
 * Ownership: kc_wait_cond_parse fills cond (release with kc_wait_cond_release).
 * Items are the caller's; kc_wait_run fills their outputs (obj is a new
 * reference, error a malloc'd string) and kc_wait_items_release frees those. */
#ifndef KC_KUBE_WAIT_H
#define KC_KUBE_WAIT_H

#include <jansson.h>
#include <stddef.h>

#include "client/client.h"
#include "util/err.h"

enum kc_wait_kind {
	KC_WAIT_DELETE,
	KC_WAIT_CREATE,
	KC_WAIT_CONDITION,
	KC_WAIT_JSONPATH,
};

struct jsonpath;

struct kc_wait_cond {
	enum kc_wait_kind kind;
	char *cond_name, *cond_value;  /* condition= */
	struct jsonpath *jp;           /* jsonpath= */
	char *jp_value;                /* NULL: any value */
};

/* Parse a --for value; -1 + err with kubectl's message ("unrecognized
 * condition: \"x\"", the jsonpath format errors). */
int kc_wait_cond_parse(const char *spec, struct kc_wait_cond *cond, struct kc_err *err);
void kc_wait_cond_release(struct kc_wait_cond *cond);

/* Does obj (borrowed) satisfy a condition/jsonpath cond? 1 yes, 0 no, -1 + err. */
int kc_wait_check(const struct kc_wait_cond *cond, const json_t *obj, struct kc_err *err);

struct kc_wait_item {
	const struct kc_api_resource *res; /* borrowed */
	const char *ns;                    /* "" for cluster-scoped */
	const char *name;
	const char *uid;                   /* delete: the deleted object's uid, or NULL */
	/* outputs */
	int done;                          /* the condition was met */
	int missing;                       /* condition/jsonpath: the object does not exist */
	json_t *obj;                       /* the last object seen, or NULL */
	char *error;                       /* a check failed (kubectl's message), or NULL */
};

/* Wait until every item is done (or missing/error for conditions), or until
 * timeout_ms passes (timeout_ms == 0: look once). Items of the same resource
 * and namespace share one LIST and one WATCH. Returns 0 (look at the items;
 * those not done timed out), or -1 + err when a request fails. */
int kc_wait_run(struct kc_client *c, const struct kc_wait_cond *cond, struct kc_wait_item *items,
		size_t n, long long timeout_ms, struct kc_err *err);
void kc_wait_items_release(struct kc_wait_item *items, size_t n);

/* Monotonic milliseconds. */
long long kc_now_ms(void);

#endif
