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
	/* How the command reaches its REST config, which decides the wording of a
	 * single configuration error (kubectl prints "error: X" or "Error in
	 * configuration: X" depending on the path the error took):
	 *   skip_namespace = 1: the command does not resolve a namespace first
	 *     (version, api-resources, cluster-info, get --raw);
	 *   builder = 1: it goes through kubectl's resource builder (get, describe,
	 *     delete, apply … on resources), which wraps errors found after -n. */
	int skip_namespace;
	int builder;
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

/* ---- The kubeconfig model ------------------------------------------------------
 *
 * A kubeconfig as client-go holds it after decoding (clientcmdapi.Config): maps of
 * named entries. Each entry is a jansson object in the canonical form of its v1
 * type: only the fields client-go's v1 struct knows, with their v1 JSON names,
 * only the non-zero ones ([]byte fields hold canonical base64), so that
 * kc_kubeconfig_to_v1 reproduces exactly what kubectl writes. origin maps record
 * LocationOfOrigin (the file each entry came from, as named in the precedence list).
 * All json_t members are owned by the struct. */
struct kc_kubeconfig {
	json_t *clusters;        /* name -> Cluster */
	json_t *users;           /* name -> AuthInfo */
	json_t *contexts;        /* name -> Context */
	json_t *extensions;      /* name -> extension value */
	json_t *preferences;     /* {"colors": true, "extensions": {name: value}} (non-zero only) */
	char *current_context;   /* never NULL */
	json_t *cluster_origin, *user_origin, *context_origin; /* name -> "path" */
};

void kc_kubeconfig_init(struct kc_kubeconfig *kc);
void kc_kubeconfig_release(struct kc_kubeconfig *kc);
/* Deep copy. */
void kc_kubeconfig_copy(struct kc_kubeconfig *dst, const struct kc_kubeconfig *src);

/* Decode one file's bytes (YAML or JSON) as clientcmd.Load does; origin (may be
 * NULL) is recorded as every entry's LocationOfOrigin. Error text is client-go's,
 * without the "error loading config file" frame. */
int kc_kubeconfig_parse(struct kc_kubeconfig *kc, const char *buf, size_t len,
			const char *origin, struct kc_err *err);
/* LoadFromFile. Returns 0, 1 if the file does not exist (kc left empty), -1 on
 * error (err: `error loading config file "F": ...` or the read error). */
int kc_kubeconfig_load_file(struct kc_kubeconfig *kc, const char *path, struct kc_err *err);
/* The v1 Config object kubectl serialises (struct field order: kind, apiVersion,
 * preferences, clusters, users, contexts, current-context, extensions; entries
 * sorted by name; empty lists null). New reference. */
json_t *kc_kubeconfig_to_v1(const struct kc_kubeconfig *kc);
/* clientcmd.Write: the YAML bytes kubectl writes for kc. */
void kc_kubeconfig_write_yaml(const struct kc_kubeconfig *kc, struct strbuf *out);
/* clientcmd.WriteToFile: mkdir the directory (0755) if missing, write with the
 * existing file's mode (new files 0600), through symlinks. */
int kc_kubeconfig_write_file(const struct kc_kubeconfig *kc, const char *path, struct kc_err *err);

/* ---- Loading rules -------------------------------------------------------------- */

/* Which files are read, as clientcmd's ClientConfigLoadingRules / PathOptions. */
struct kc_loading_rules {
	char *explicit_path;     /* --kubeconfig, or NULL */
	struct strvec precedence;/* files in order (KUBECONFIG list deduplicated, or ~/.kube/config) */
	int from_env;            /* precedence came from $KUBECONFIG */
};

/* explicit may be NULL or "" (then $KUBECONFIG, then $HOME/.kube/config). */
void kc_loading_rules_init(struct kc_loading_rules *r, const char *explicit_path);
void kc_loading_rules_release(struct kc_loading_rules *r);
/* GetDefaultFilename: where new entries are written. Borrowed. */
const char *kc_loading_rules_default_file(const struct kc_loading_rules *r);

/* Load and merge (first definition of a name wins, first current-context wins).
 * for_edit = 1: PathOptions.GetStartingConfig (paths kept as written; a missing
 * --kubeconfig file gives an empty config). for_edit = 0: the client path
 * (relative paths resolved against their file; a missing --kubeconfig is
 * "stat F: no such file or directory"). */
int kc_kubeconfig_load(const struct kc_loading_rules *r, int for_edit, struct kc_kubeconfig *out,
		       struct kc_err *err);

/* clientcmd.ModifyConfig: write the differences between what is on disk (as
 * loaded by rules) and newcfg into the files client-go would choose.
 * relativize: make cluster/user paths relative to their file where they lie
 * below its directory (what set-cluster / set-credentials do). */
int kc_kubeconfig_modify(const struct kc_loading_rules *r, const struct kc_kubeconfig *newcfg,
			 int relativize, struct kc_err *err);

/* clientcmdapi.MinifyConfig / FlattenConfig / ShortenConfig (in place). */
int kc_kubeconfig_minify(struct kc_kubeconfig *kc, struct kc_err *err);
int kc_kubeconfig_flatten(struct kc_kubeconfig *kc, struct kc_err *err);
void kc_kubeconfig_shorten(struct kc_kubeconfig *kc);

/* ---- Resolution ----------------------------------------------------------------- */

/* Build the REST config for the merged kubeconfig and overrides as kubectl's
 * ToRESTConfig does (context choice, cluster/user lookup, overrides, file reads,
 * in-cluster fallback when nothing is configured). Errors in kubectl's words and
 * framing: KC_ERR_PLAIN ("error: context \"x\" does not exist") or KC_ERR_RAW
 * ("Error in configuration: \n* …\n* …\n"); see skip_namespace/builder above.
 * Over plain http (or a server without scheme) no credentials and no TLS settings
 * are filled in, as client-go. A user's tokenFile wins over its token and over
 * --token (client-go's transport reads the file). An oidc auth-provider with a
 * valid id-token gives that token; gcp/azure/unknown providers fail as kubectl. */
int kc_rest_config_load(const struct kc_config_overrides *ov, struct kc_rest_config *out,
			struct kc_err *err);
/* The same from an already loaded config (tests, callers that loaded it). */
int kc_rest_config_from(const struct kc_kubeconfig *kc, const struct kc_config_overrides *ov,
			struct kc_rest_config *out, struct kc_err *err);
/* The namespace kubectl would use (-n, else the context's, else "default"), without
 * needing a usable cluster. *explicit_ns = 1 when -n was given. New string. */
char *kc_config_namespace(const struct kc_config_overrides *ov, int *explicit_ns, struct kc_err *err);

/* In-cluster config: $KUBERNETES_SERVICE_HOST/_PORT and the service account dir
 * (/var/run/secrets/kubernetes.io/serviceaccount, overridable with
 * $KC_SERVICEACCOUNT_DIR for tests). */
int kc_rest_config_in_cluster(struct kc_rest_config *out, struct kc_err *err);

/* ---- Exec credential plugins ---------------------------------------------------- */

void kc_exec_config_free(struct kc_exec_config *e);

/* Run the exec plugin (client.authentication.k8s.io v1/v1beta1) as client-go does:
 * KUBERNETES_EXEC_INFO in its environment (with the cluster when
 * provideClusterInfo), stdin passed through only for interactive plugins, stderr
 * passed through, ExecCredential status parsed. Fills *token (new string, may be
 * NULL when the plugin returned a client certificate) and/or cert/key PEM, and
 * *expiry (Unix seconds, 0 = none). Results are cached in-process per plugin
 * configuration until expirationTimestamp (kc processes are short-lived, so
 * there is no on-disk cache). force = 1 bypasses the cache (after a 401).
 * Errors are client-go's texts ("exec: executable X not found\n\nIt looks like…",
 * "exec: executable X failed with exit code 3", "exec plugin: invalid apiVersion
 * \"…\"", "decoding stdout: …", "exec plugin didn't return a status field" …);
 * kubectl prints them as "Unable to connect to the server: getting credentials: MSG". */
int kc_exec_credential(const struct kc_exec_config *e, int force, char **token,
		       struct strbuf *cert, struct strbuf *key, long long *expiry,
		       struct kc_err *err);

#endif
