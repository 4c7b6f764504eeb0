/* kubeconfig/: load, merge and resolve kubeconfig files as kubectl (client-go's
 * clientcmd) does, and edit them as `kubectl config` does (CONTRACT — the REST
 * config below is what client/ consumes; the owner of kubeconfig/ may extend it).
 *
 * Ownership: kc_rest_config_free frees everything it holds. */
#ifndef KC_KUBECONFIG_H
#define KC_KUBECONFIG_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* Command-line overrides (kubectl's global flags); NULL / -1 = not given. */
struct kc_config_overrides {
	const char *kubeconfig;        /* --kubeconfig */
	const char *context, *cluster, *user, *namespace;
	const char *server, *token, *certificate_authority, *client_certificate, *client_key;
	const char *tls_server_name, *request_timeout;
	const char *username, *password;
	const char *as, *as_uid;
	const struct strvec *as_groups;
	int insecure_skip_tls_verify;  /* -1 unset, 0, 1 */
	int disable_compression;
};

/* An exec credential plugin (users[].user.exec), run lazily by client/. */
struct kc_exec_config {
	char *api_version;             /* client.authentication.k8s.io/v1 or v1beta1 */
	char *command;
	struct strvec args;
	struct strvec env;             /* "NAME=value" */
	char *install_hint;
	char *interactive_mode;        /* Never | IfAvailable | Always */
	int provide_cluster_info;
	json_t *cluster_info;          /* the Cluster object passed in KUBERNETES_EXEC_INFO */
};

/* Everything client/ needs to talk to one server. */
struct kc_rest_config {
	char *host;                    /* "https://h:port[/prefix]", never a trailing '/' */
	char *tls_server_name;
	int insecure;
	struct strbuf ca_pem;          /* CA bundle bytes (file read or data decoded) */
	struct strbuf cert_pem;        /* client certificate */
	struct strbuf key_pem;         /* client key */
	char *bearer_token;            /* token, or read from token_file */
	char *token_file;              /* re-read when the server answers 401 */
	char *username, *password;     /* basic auth */
	char *impersonate_user, *impersonate_uid;
	struct strvec impersonate_groups;
	char *proxy_url;
	long long timeout_ms;          /* --request-timeout; 0 = none */
	char *namespace;               /* the namespace to use ("default" if none) */
	int namespace_explicit;        /* set by -n or the context */
	int disable_compression;
	struct kc_exec_config *exec;   /* NULL unless the user has an exec plugin */
	char *context_name, *cluster_name, *user_name;
};

void kc_rest_config_free(struct kc_rest_config *rc);

#endif
