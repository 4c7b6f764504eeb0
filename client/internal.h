/* client/ internals shared between its modules (not a public header). */
#ifndef KC_CLIENT_INTERNAL_H
#define KC_CLIENT_INTERNAL_H

#include "client/client.h"
#include "client/http.h"

struct kc_client {
	const struct kc_rest_config *rc;
	struct kc_client_opts opts;
	struct http_pool *pool;    /* connections and TLS context, made on the first request */
	char *token;               /* bearer token in use (config, token file or exec) */
	char *exec_cert, *exec_key;/* client cert/key from an exec plugin */
	int exec_done;
	char *host_port;           /* "127.0.0.1:6443" */
	char *cache_dir;
	struct kc_discovery *disco;
	int disco_full;            /* disco holds resources, not only groups */
	char *last_url_error;      /* Go's url.Error text of the last discovery failure */
	int discovery_log_muted;   /* kc_client_mute_discovery_log */
	struct strvec warnings;    /* server warnings printed so far */
};

int client_cache_load(struct kc_client *c, struct kc_discovery *d, int want_resources);
void client_cache_store(struct kc_client *c, const struct kc_discovery *d, int with_resources);
void client_cache_invalidate(struct kc_client *c);
/* A discovery request failed in transport: log kubectl's memcache "Unhandled
 * Error" line and remember the url.Error text (the caller's err already holds
 * the message cli/ prints). */
void client_discovery_failed(struct kc_client *c, const struct kc_response *resp, const char *path);
void client_discovery_status_failed(struct kc_client *c, const struct kc_response *resp);

/* The -v level of the process (klog's is global too); set by kc_client_new. */
extern int kc_log_verbosity;

int client_read_token_file(struct kc_client *c, struct kc_err *err);
int client_run_exec(struct kc_client *c, int force, struct kc_err *err);
void go_duration_ms(struct strbuf *out, long long ms);
const char *client_go_method(const char *m);
void client_generic_response(long code, const char *server_msg, const char **reason, struct strbuf *msg);

/* -v logging of one round trip (log.c / transport.c). */
void client_log_request(struct kc_client *c, const struct kc_request *req, const char *url,
			const struct strvec *headers);
void client_log_response(struct kc_client *c, const struct kc_request *req, const char *url,
			 const struct kc_response *r, const struct http_timing *t, double elapsed);
void client_log_failure(struct kc_client *c, const struct kc_request *req, const char *url,
			double elapsed);
/* `"Response Body" body="…"` at -v=8 with Go's %q quoting. */
void client_log_body(struct kc_client *c, const char *src, const char *what, const char *body,
		     size_t len);

#endif
