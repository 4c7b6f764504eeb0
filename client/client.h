/* client/: kc's transport to a Kubernetes API server (its own HTTP/1.1 client,
 * client/http.c, over OpenSSL), API errors,
 * discovery, the REST mapper and its disk cache.
 *
 * One struct kc_client per command: it owns one connection pool, so the
 * requests of the command share kept-alive HTTP/1.1 connections (at most 6 at
 * once, one per parallel request).
 *
 * Ownership: kc_client_new borrows the REST config (it must outlive the client);
 * requests are borrowed for the duration of a call; responses are filled by the
 * client and released by the caller with kc_response_release. Discovery results
 * and mappings are owned by the client (borrowed pointers, valid until
 * kc_client_free). Errors are struct kc_err values framed as kubectl frames them;
 * nothing in client/ prints except the -v log lines (stderr, klog format). */
#ifndef KC_CLIENT_H
#define KC_CLIENT_H

#include <jansson.h>
#include <stddef.h>

#include "kubeconfig/kubeconfig.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* kc's own User-Agent (kubectl sends "kubectl/v1.32.5 (linux/amd64) kubernetes/HASH";
 * kc is honest about being kc). */
#define KC_USER_AGENT "kc/0.1 (linux/amd64)"

/* The Accept header kubectl sends for plain JSON requests. */
#define KC_ACCEPT_JSON "application/json, */*"

struct kc_client_opts {
	int verbosity;            /* -v level (klog): 6 URLs, 7 + headers, 8 + bodies, 9 + curl line and trace */
	const char *cache_dir;    /* --cache-dir (default ~/.kube/cache); NULL = no disk cache */
	const char *user_agent;   /* NULL = KC_USER_AGENT */
	const char *program;      /* "kubectl" or "kc": used in a few messages */
};

struct kc_client;

struct kc_client *kc_client_new(const struct kc_rest_config *rc, const struct kc_client_opts *opts,
				struct kc_err *err);
void kc_client_free(struct kc_client *c);
const struct kc_rest_config *kc_client_config(const struct kc_client *c);
int kc_client_verbosity(const struct kc_client *c);

/* ---------------------------------------------------------------- requests */

struct kc_request {
	const char *method;        /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *path;          /* "/api/v1/namespaces/default/pods?limit=500": joined to the
				    * config's host (with its path prefix) */
	const char *accept;        /* NULL = KC_ACCEPT_JSON */
	const char *content_type;  /* for a body; NULL = "application/json" */
	const char *body;          /* may be NULL */
	size_t body_len;
	const struct strvec *headers; /* extra "Name: value" lines, or NULL */
	long long timeout_ms;      /* used when the config has no timeout (discovery uses 32s
				    * like kubectl); adds ?timeout= */
	const char *log_src;       /* klog source of the -v=8 "Request Body" line
				    * ("request.go:1212" if NULL); "-" = do not log it */
	const char *log_resp_src;  /* the same for "Response Body" (NULL = log_src) */
};

#define KC_REQUEST_INIT { "GET", NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL }

struct kc_response {
	long code;                 /* HTTP status; 0 when the request failed in transport */
	char status_text[64];      /* "200 OK" as Go prints it */
	struct strbuf body;        /* decoded (gzip undone) body; capped at KC_BODY_MAX */
	struct strvec headers;     /* "Name: value" as received (last response of retries) */
	char *content_type;        /* Content-Type value or NULL */
	struct kc_err err;         /* transport error (kubectl's wording), kind KC_OK if none */
	char *cause;               /* transport error as Go words it ("dial tcp 127.0.0.1:1:
				    * connect: connection refused"), or NULL */
};

#define KC_BODY_MAX ((size_t)1 << 30)

void kc_response_init(struct kc_response *r);
void kc_response_release(struct kc_response *r);
/* The value of header name (case-insensitive) or NULL. Borrowed. */
const char *kc_response_header(const struct kc_response *r, const char *name);

/* Send one request, with client-go's retries (429 and 5xx with Retry-After, up
 * to 10 times; connection resets on GET). Returns 0 when an HTTP response was
 * received, whatever its status (resp->code), and -1 on a transport failure
 * (err and resp->err filled: "The connection to the server … was refused …"). */
int kc_client_do(struct kc_client *c, const struct kc_request *req, struct kc_response *resp,
		 struct kc_err *err);

/* Send n requests in parallel over the shared connection and wait for all.
 * resps[i] is initialised and filled for each; transport failures are in
 * resps[i].err. Returns the number of requests that failed in transport. */
int kc_client_do_all(struct kc_client *c, const struct kc_request *reqs, struct kc_response *resps,
		     size_t n);

/* Streaming (logs -f, watch): send req and hand each chunk of a 2xx body to
 * on_data as it arrives (not kept in resp->body). on_data returns 0 to go on,
 * non-zero to stop (the transfer ends; not an error). A non-2xx body is kept in
 * resp->body for kc_status_error. No retries; the config's timeout applies
 * only if set (kubectl's default 0 = none). Returns as kc_client_do. */
typedef int (*kc_stream_fn)(void *ud, const char *data, size_t len);
int kc_client_stream(struct kc_client *c, const struct kc_request *req, kc_stream_fn on_data,
		     void *ud, struct kc_response *resp, struct kc_err *err);

/* A watch (?watch=true): one callback per event line, {"type":…,"object":…}
 * parsed (borrowed; valid during the call). on_event returns 0 to go on. */
typedef int (*kc_watch_fn)(void *ud, const char *type, json_t *object);
int kc_client_watch(struct kc_client *c, const char *path, kc_watch_fn on_event, void *ud,
		    struct kc_err *err);

/* Server warnings (Warning: 299 headers) are printed to stderr as they arrive,
 * "Warning: TEXT", once per text, as client-go does. How many distinct ones so
 * far (for --warnings-as-errors). */
int kc_client_warning_count(const struct kc_client *c);

/* Convenience: GET path, require 2xx, return the body parsed as JSON (new
 * reference). Non-2xx become kubectl's error (kc_status_error). */
json_t *kc_client_get_json(struct kc_client *c, const char *path, struct kc_err *err);

/* ---------------------------------------------------------------- errors */

/* What kubectl knows about the object a failed request was about, so that a
 * non-Status error body can be worded as kubectl words it. All may be NULL. */
struct kc_err_hint {
	const char *group;         /* "apps" */
	const char *resource;      /* "deployments" */
	const char *name;          /* "x" */
	const char *verb;          /* "get", "create", "delete", … (lower case) */
	int discovery;             /* the request came from kubectl's discovery client, which
				    * words every failure generically ("the server has asked
				    * for the client to provide credentials") */
};

/* Turn a non-2xx response into kubectl's error text in err (KC_ERR_RAW for
 * "Error from server (NotFound): …" and friends, KC_ERR_PLAIN for "error: You
 * must be logged in to the server (Unauthorized)"). Sets err->reason and
 * err->http_code. Always returns -1. */
int kc_status_error(const struct kc_response *resp, const struct kc_err_hint *hint,
		    struct kc_err *err);

/* Decode a metav1.Status body into reason/message/code. 0 if body is a Status
 * (kind "Status"), -1 otherwise. Strings are new (caller frees). */
int kc_status_decode(const char *body, size_t len, char **reason, char **message, long *code);

/* Why a request failed in transport (client/http.c). */
enum kc_net_fail {
	KC_NET_OK,
	KC_NET_CONNECT,       /* dial failed: os_errno */
	KC_NET_RESOLVE,       /* no such host */
	KC_NET_DIAL_TIMEOUT,  /* dial i/o timeout */
	KC_NET_TLS_VERIFY,    /* detail: Go's "tls: failed to verify certificate: x509: …" */
	KC_NET_TLS,           /* handshake failed: detail = OpenSSL's reason, os_errno = TLS alert or -1 */
	KC_NET_TLS_TIMEOUT,   /* handshake took more than 10s */
	KC_NET_TIMEOUT,       /* the request's deadline passed before the response head */
	KC_NET_TIMEOUT_BODY,  /* … while the body was arriving */
	KC_NET_EOF,           /* the server closed before a complete response */
	KC_NET_RESET,         /* read/write failed: os_errno */
	KC_NET_ABORTED,       /* the body callback asked to stop */
	KC_NET_TOO_LARGE,     /* the body went over KC_BODY_MAX */
	KC_NET_PROXY,         /* the proxy refused CONNECT: detail = its reason phrase */
	KC_NET_OTHER,         /* detail says what */
};

/* The message kubectl prints for a transport error (connection refused, TLS,
 * timeout) in out ("The connection to the server … was refused …" or "Unable to
 * connect to the server: CAUSE"), and Go's wording of the cause in cause, given
 * the failure, the errno (or TLS alert), the engine's detail, the request URL and
 * the address dialled. Used by the transport; exposed for tests. */
void kc_transport_error_text(struct strbuf *out, struct strbuf *cause, enum kc_net_fail kind, int os_errno,
			     const char *detail, const char *url, const char *dial_addr,
			     long long timeout_ms);

/* GET an http(s) URL as kubectl reads manifests from one (-f URL): Go's
 * default client (system roots, proxies from the environment, up to 10
 * redirects), kubectl's readHttpWithRetries (3 attempts 1s apart on 5xx).
 * 0 with the body in out, or -1 with kubectl's error text (KC_ERR_RAW "The
 * connection to the server … was refused …" / "Unable to connect to the
 * server: …" for transport failures, as kubectl words a url.Error). */
int kc_http_get_url(const char *url, struct strbuf *out, struct kc_err *err);

/* ---------------------------------------------------------------- logging */

/* Emit one klog line to stderr: "I1124 22:30:00.123456   12345 file.go:99] msg".
 * severity is 'I', 'W' or 'E'. */
void kc_klog(char severity, const char *src, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* `I… SRC] "WHAT" body="…"` at -v >= 8 (klog's structured value, multi-line
 * bodies as body=<…>). */
void kc_client_log_body(struct kc_client *c, const char *src, const char *what, const char *body,
			size_t len);
/* Replace the value of an Authorization header with kubectl's mask
 * ("Bearer <masked>"), in place on a "Name: value" line copy. */
void kc_redact_header(struct strbuf *line);

/* ---------------------------------------------------------------- discovery */

struct kc_api_resource {
	char *group;               /* "" for core */
	char *version;             /* "v1" */
	char *name;                /* plural: "deployments"; subresources "deployments/scale" */
	char *singular;            /* "deployment" (may be "" from old servers) */
	char *kind;                /* "Deployment" */
	int namespaced;
	struct strvec verbs;
	struct strvec short_names;
	struct strvec categories;
	int preferred;             /* this group-version is its group's preferred one */
};

struct kc_api_group {
	char *name;                /* "" for the legacy core group */
	char *preferred_version;   /* "v1" */
	struct strvec versions;    /* in server order ("v1", "v1beta1") */
};

struct kc_discovery {
	struct kc_api_group *groups;
	size_t ngroups;
	struct kc_api_resource *resources;   /* every group-version's resources, in server order */
	size_t nresources;
	struct strvec failed_gvs;            /* group-versions the server failed to list */
	struct strvec failed_errs;           /* … and why, as client-go words it */
	int from_cache;
};

/* Load discovery for the client's server: from the disk cache when fresh (6h, as
 * kubectl), else from the server (aggregated discovery when offered, else
 * /api + /apis + each group-version in parallel), then write the cache.
 * Borrowed; owned by the client. force=1 skips the cache (kubectl's
 * "invalidate on a miss"). */
const struct kc_discovery *kc_discovery_get(struct kc_client *c, int force, struct kc_err *err);
/* Go's url.Error text of the last failed discovery request
 * (`Get "https://h/api?timeout=32s": dial tcp …: connect: connection refused`),
 * or NULL. Borrowed. */
const char *kc_client_last_url_error(const struct kc_client *c);
/* Log kubectl's `E… memcache.go:265] "Unhandled Error" err="couldn't get current
 * server API group list: …"` line for the last failure (commands that retry
 * discovery print it several times). */
void kc_client_log_discovery_error(struct kc_client *c);
/* kubectl's REST mapper asks discovery again in each of its layers, and
 * client-go's memory cache logs every failed attempt (the memcache.go:265 line
 * above). kc asks once and logs once; these repeat the line as kubectl would.
 * Each does nothing unless the last discovery request failed.
 *
 * kc_client_log_discovery_again: n more lines.
 * kc_mapping_lookups: the discovery lookups cli-runtime's Builder.mappingFor
 *   makes for one resource argument when each fails: the shortcut expander's
 *   KindFor (2: it expands shortcuts from ServerResources, then the deferred
 *   mapper loads its delegate) on the fully specified resource when the
 *   argument has two dots ("deployments.v1.apps"), the same on the group
 *   resource, then RESTMapping (1) on the fully specified kind and again on the
 *   group kind: 4, or 6 with two dots.
 * kc_client_log_builder_retries: the lines kubectl's resource builder logs for
 *   ResourceTypeOrNameArgs(args) in all, minus the one kc_discovery_get logged:
 *   TYPE/NAME… → mappingFor(first type); TYPE[,TYPE…] [NAME…] → the category
 *   expander once per comma-separated type, then mappingFor(first type). */
void kc_client_log_discovery_again(struct kc_client *c, int n);
/* While muted, a failing discovery logs nothing (for a command that kubectl
 * fails earlier, without asking discovery: -f with validation fails fetching
 * the OpenAPI schema first). */
void kc_client_mute_discovery_log(struct kc_client *c, int mute);
int kc_mapping_lookups(const char *type);
void kc_client_log_builder_retries(struct kc_client *c, const char *const *args, size_t nargs);
/* Only the group list (for api-versions); cached the same way. */
const struct kc_discovery *kc_discovery_groups(struct kc_client *c, struct kc_err *err);

/* The discovery cache directory for host, kubectl's layout:
 * CACHE_DIR/discovery/<host with scheme stripped, chars outside [A-Za-z0-9_/.] as _>.
 * New string. */
char *kc_discovery_cache_dir(const char *cache_dir, const char *host);

/* Parse canned documents (tests, and the cache): an APIGroupList (/apis), an
 * APIVersions (/api), an APIResourceList for one group-version, or an
 * aggregated APIGroupDiscoveryList. Append into d. 0 or -1 with err. */
int kc_discovery_add_group_list(struct kc_discovery *d, const json_t *doc, struct kc_err *err);
int kc_discovery_add_core_versions(struct kc_discovery *d, const json_t *doc, struct kc_err *err);
int kc_discovery_add_resource_list(struct kc_discovery *d, const char *group, const char *version,
				   const json_t *doc, struct kc_err *err);
int kc_discovery_add_aggregated(struct kc_discovery *d, const json_t *doc, struct kc_err *err);
void kc_discovery_init(struct kc_discovery *d);
void kc_discovery_release(struct kc_discovery *d);

/* ---------------------------------------------------------------- REST mapper */

struct kc_mapping {
	const struct kc_api_resource *res; /* borrowed from the discovery */
};

/* Resolve what a user typed ("po", "pods", "pod", "deploy.apps",
 * "deployments.v1.apps", "Deployment") to a resource of the preferred version.
 * NULL + err `the server doesn't have a resource type "x"` when unknown. */
const struct kc_api_resource *kc_mapper_resource(const struct kc_discovery *d, const char *arg,
						 struct kc_err *err);
/* Resolve a kind in a group ("apps", "Deployment"; version NULL = preferred). */
const struct kc_api_resource *kc_mapper_kind(const struct kc_discovery *d, const char *group,
					     const char *version, const char *kind);
/* Expand a category ("all") into resources (preferred versions), in discovery order. */
size_t kc_mapper_category(const struct kc_discovery *d, const char *category,
			  const struct kc_api_resource **out, size_t max);

/* As kc_mapper_resource, but on a miss invalidates the disk cache, re-discovers
 * and tries again (kubectl's behaviour). */
const struct kc_api_resource *kc_client_resource(struct kc_client *c, const char *arg,
						 struct kc_err *err);

/* The URL path for a resource: "/apis/apps/v1/namespaces/NS/deployments[/NAME]". New string. */
char *kc_resource_path(const struct kc_api_resource *r, const char *ns, const char *name);

#endif
