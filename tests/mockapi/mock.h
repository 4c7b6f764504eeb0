/* kc-mockapi: a mock Kubernetes API server (v1.32) for kc's tests and demo.
 *
 * One process, libmicrohttpd with a thread per connection. All objects live in
 * one store guarded by one mutex (g_lock); controllers run under that lock right
 * after each mutating request (so results are deterministic), and from a small
 * timer thread for delayed work (pods becoming Ready after --pod-start-delay).
 *
 * jansson ownership: functions named *_new return a new reference; getters
 * (store_get, rt_find …) return borrowed references; store_put steals. */
#ifndef KC_MOCKAPI_MOCK_H
#define KC_MOCKAPI_MOCK_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* ---- resource types (types.c) ---- */
enum { V_CREATE = 1, V_DELETE = 2, V_DELCOL = 4, V_GET = 8, V_LIST = 16, V_PATCH = 32,
	V_UPDATE = 64, V_WATCH = 128 };
#define V_ALL (V_CREATE | V_DELETE | V_DELCOL | V_GET | V_LIST | V_PATCH | V_UPDATE | V_WATCH)

struct rtype {
	const char *group;     /* "" for core */
	const char *version;
	const char *resource;  /* plural */
	const char *kind;
	const char *singular;
	int namespaced;
	unsigned verbs;
	const char *shortnames;  /* comma separated, or NULL */
	const char *categories;  /* comma separated, or NULL */
	const char *subresources; /* comma separated: status,scale,log,... */
	const char *list_kind_override; /* NULL: Kind + "List" */
	json_t *columns;  /* custom resources: additionalPrinterColumns (owned), else NULL */
	int dynamic;      /* served from a CustomResourceDefinition */
	int disabled;     /* its CRD is gone (kept: stored events may point at it) */
};

extern const struct rtype g_rtypes[];
extern const size_t g_nrtypes;
/* All served types, built-in then custom (disabled ones skipped by rt_at's callers
 * through rt_served). */
size_t rt_count(void);
const struct rtype *rt_at(size_t i);
int rt_served(const struct rtype *rt);
/* Custom resources: (re)register the types a CRD serves; unregister. */
void rt_register_crd(const json_t *crd);
void rt_unregister_crd(const json_t *crd);
void rt_free_dynamic(void);
const struct rtype *rt_find(const char *group, const char *version, const char *resource);
const struct rtype *rt_by_kind(const char *group, const char *kind);
char *rt_apiversion(const struct rtype *rt); /* new string "apps/v1" / "v1" */

/* Defaulting and validation, on create/update. Return 0, or -1 with *status set
 * (a new Status object). old is NULL on create. */
int type_default(const struct rtype *rt, json_t *obj, const json_t *old);
int type_validate(const struct rtype *rt, json_t *obj, const json_t *old, json_t **status);

/* ---- store (store.c) ---- */
struct obj {
	const struct rtype *rt;
	json_t *o; /* owned */
};

extern pthread_mutex_t g_lock;
extern pthread_cond_t g_cond;
extern uint64_t g_rv;
extern unsigned g_pod_start_delay_ms;
extern char g_server_url[128];

void store_init(void);
void store_free(void);
/* borrowed */
json_t *store_get(const struct rtype *rt, const char *ns, const char *name);
/* Iterate: fills *out with borrowed objects of rt (ns NULL = all), sorted ns/name. */
size_t store_list(const struct rtype *rt, const char *ns, json_t ***out);
/* Add or replace; bumps resourceVersion; records a watch event. Steals o. */
void store_put(const struct rtype *rt, json_t *o, int created);
void store_remove(const struct rtype *rt, const char *ns, const char *name);
/* A stored object's compact JSON (cached until it is replaced), NULL if o is not
 * the stored object. Borrowed, valid under g_lock. */
const char *store_json_text(const struct rtype *rt, const json_t *o, size_t *len);
uint64_t store_next_rv(void);
int store_save(const char *path);
int store_load(const char *path);

struct wevent {
	uint64_t rv;
	const struct rtype *rt;
	const char *type; /* ADDED MODIFIED DELETED */
	json_t *o;        /* owned */
};
/* Events newer than rv: count, and *first = logical index for store_event
 * (borrowed, valid under g_lock). */
size_t store_events_since(uint64_t rv, size_t *first);
struct wevent *store_event(size_t i);

/* helpers */
char *now_rfc3339(void);               /* new string */
char *rfc3339_at(double t);            /* new string */
double now_seconds(void);             /* object clock: --frozen-time if given */
double real_seconds(void);            /* wall clock for timers */
extern double g_frozen_time;
extern double g_clock_offset;          /* POST /mock/advance moves the object clock */
double parse_rfc3339(const char *s);   /* -1 on error */
char *new_uid(void);
char *rand_suffix(size_t n);           /* from bcdfghjklmnpqrstvwxz2456789 */
const char *jstr(const json_t *o, const char *path); /* "a.b.c", borrowed, NULL */
#define S(x) ((x) ? (x) : "") /* a possibly-NULL string as "" */
json_t *jget(const json_t *o, const char *path);      /* borrowed */
json_t *jensure(json_t *o, const char *path);         /* creates objects */
long long jint(const json_t *o, const char *path, long long def);
void jset_str(json_t *o, const char *key, const char *v);

/* ---- Status objects (main.c) ---- */
json_t *status_new(int code, const char *reason, const char *message, const char *kind,
	const char *name, const char *group);
json_t *status_notfound(const struct rtype *rt, const char *name);
json_t *status_invalid(const struct rtype *rt, const char *name, json_t *causes);
void cause_add(json_t *causes, const char *type, const char *field, const char *msg);

/* ---- controllers (ctrl.c) ---- */
void ctrl_reconcile(void);     /* under g_lock */
/* 5-field cron schedule (or @hourly …) matches the minute starting at t (UTC):
 * 1, 0, or -1 when the schedule cannot be parsed. */
int cron_matches(const char *schedule, long long t);
double ctrl_next_due(void);    /* earliest timed action, 0 none */
void ctrl_on_delete(const struct rtype *rt, json_t *o); /* GC children etc. */
char *pod_template_hash(const json_t *tmpl, long long collision);
void ctrl_init_cluster(void);  /* namespaces, node, default SA, kubernetes svc */
void ctrl_set_gc_policy(const char *policy); /* for the next ctrl_on_delete */
char *alloc_cluster_ip(void);  /* new string */

/* ---- tables (table.c) ---- */
json_t *table_new(const struct rtype *rt, json_t **items, size_t n, int include_object,
	const char *list_rv, const char *cont);

/* ---- patch (patch.c) ---- */
json_t *merge_patch(const json_t *target, const json_t *patch); /* new */
int json_patch_apply(json_t *doc, const json_t *ops, struct strbuf *err);
json_t *mock_smp_apply(const json_t *target, const json_t *patch, const char *kind, struct strbuf *err);

/* ---- server-side apply and managedFields (ssa.c), under g_lock ---- */
/* After a create or update by a non-apply manager: old (NULL on create) → nw. The
 * manager's Update entry gains the fields it set or changed (fieldsV1 as the
 * apiserver computes them), other entries lose them. sub: "status", "scale" or NULL. */
void ssa_track_update(const struct rtype *rt, const json_t *old, json_t *nw,
	const char *manager, const char *sub);
/* Managed fields of an object created by server-side apply of config. */
void ssa_track_apply_create(const struct rtype *rt, const json_t *config, json_t *nw,
	const char *manager);
/* Server-side apply of config onto live: the merged object (new; its managedFields
 * set), or NULL and *status (409 Conflict listing fields and managers, unless force). */
json_t *ssa_apply(const struct rtype *rt, const json_t *live, const json_t *config,
	const char *manager, int force, json_t **status);

/* ctrl.c: the form of a created object its managedFields are computed from (the
 * request as sent, pre, defaulted but not admitted: post minus admission and
 * PrepareForCreate additions). New reference. */
json_t *ctrl_create_tracked(const struct rtype *rt, const json_t *pre, const json_t *post);

/* ---- YAML bodies (yamlbody.c): new value, or NULL with a message ---- */
json_t *yaml_body_to_json(const char *buf, size_t len, char *err, size_t errlen);

/* ---- discovery / openapi (discovery.c) ---- */
json_t *disc_api_versions(void);
json_t *disc_api_groups(void);
json_t *disc_resource_list(const char *group, const char *version);
json_t *disc_aggregated(int core);
json_t *openapi_v3_index(void);
/* openapi.c: the document's text (new string), NULL if the GV is not served */
char *openapi_v3_gv_text(const char *group, const char *version);
const json_t *openapi_schema(const char *name);   /* component schema by name, borrowed */
const json_t *openapi_schemas(void);              /* all of them */
void openapi_free(void);
/* A custom resource version's openAPIV3Schema (copied; NULL forgets it), for
 * field validation. */
void openapi_set_crd_schema(const char *group, const char *version, const char *kind,
	const json_t *schema);
/* Fields of obj its kind's schema (or its CRD's) does not know: appends `unknown
 * field "a.b[0].c"` strings to errs, in document order, and removes them from obj. */
/* The schema of a built-in kind (borrowed, NULL if unknown); a schema with $ref or a
 * single allOf resolved to the schema it names. */
const json_t *openapi_kind_schema(const char *group, const char *version, const char *kind);
const json_t *openapi_resolve(const json_t *s);
void openapi_unknown_fields(const char *group, const char *version, const char *kind,
	json_t *obj, json_t *errs);
json_t *openapi_v2(void);
/* "com.example.stable.v1.CronTab": a custom resource's schema name (new string) */
char *openapi_crd_schema_name(const char *group, const char *version, const char *kind);
/* openapi_v2.c: /openapi/v2 as JSON or (proto) gnostic's protobuf; new buffer
 * of *len bytes (NUL-terminated), its quoted ETag in etag. */
char *openapi_v2_text(int proto, size_t *len, char etag[19]);
void openapi_v2_free(void);
json_t *version_info(void);

/* ---- logs (logs.c) ---- */
void logs_lines(const json_t *pod, const char *container, struct strbuf *out,
	int timestamps, long tail, double since, long limit_bytes, int previous);
void logs_append(const char *ns, const char *pod, const char *container, const char *line);
size_t logs_extra_count(const char *ns, const char *pod, const char *container);
void logs_extra_from(const char *ns, const char *pod, const char *container, size_t from,
	int timestamps, struct strbuf *out);
void logs_free(void);

/* ---- pki (pki.c) ---- */
struct pki {
	char *ca_pem, *server_cert_pem, *server_key_pem;
	char *admin_cert_pem, *admin_key_pem;
	char *dev_cert_pem, *dev_key_pem;
};
int pki_generate(struct pki *p);
void pki_free(struct pki *p);
/* Verify a DER client certificate against the CA; fills cn/org (new strings). */
int pki_verify_client(const unsigned char *der, size_t len, char **cn, char **org);

#endif
