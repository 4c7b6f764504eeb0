/* kube/generate: the objects kubectl's generators build (`create deployment`,
 * `create namespace`, `create configmap`, `create secret generic`, `create
 * service …`, `create serviceaccount`, `run`, `expose`), as jansson objects whose
 * keys are in the Go struct field order kubectl's JSON printer follows, with the
 * empty fields kubectl prints (creationTimestamp: null, resources: {}, status: {}).
 *
 * Every builder returns a new reference, or NULL with err (kubectl's wording,
 * KC_ERR_PLAIN) for bad input. ns may be NULL (no metadata.namespace: kubectl only
 * sets it when -n was given). */
#ifndef KC_KUBE_GENERATE_H
#define KC_KUBE_GENERATE_H

#include <jansson.h>

#include "util/err.h"
#include "util/strvec.h"

/* {"name", ["namespace"], "creationTimestamp": null, ["labels"]}; labels stolen. */
json_t *gen_meta(const char *name, const char *ns, json_t *labels);

/* The container name kubectl derives from an image ("docker.io/x/nginx:1.2" -> "nginx"). */
char *gen_container_name(const char *image);

json_t *gen_deployment(const char *name, const char *ns, const struct strvec *images,
		       long replicas, long port, const struct strvec *command);
json_t *gen_namespace(const char *name);
json_t *gen_serviceaccount(const char *name, const char *ns);

/* data from --from-literal k=v, --from-file [k=]path (files or directories),
 * --from-env-file path; binary (non-UTF-8) file contents go to binaryData for a
 * ConfigMap. secret=1 base64-encodes into "data". */
struct gen_sources {
	const struct strvec *literals;
	const struct strvec *files;
	const struct strvec *env_files;
};
json_t *gen_configmap(const char *name, const char *ns, const struct gen_sources *src,
		      struct kc_err *err);
json_t *gen_secret_generic(const char *name, const char *ns, const char *type,
			   const struct gen_sources *src, struct kc_err *err);

/* create service TYPE: type is "ClusterIP", "NodePort", "LoadBalancer",
 * "ExternalName". tcp holds "port[:targetPort]" specs. */
json_t *gen_service(const char *type, const char *name, const char *ns, const struct strvec *tcp,
		    const char *cluster_ip, long node_port, const char *external_name,
		    struct kc_err *err);

/* kubectl run: a Pod. labels "a=b,c=d" or NULL (run=NAME); env "K=V" entries;
 * port < 0 = none; args after "--" are args, or the command with use_command. */
json_t *gen_run_pod(const char *name, const char *ns, const char *image, const char *labels,
		    const struct strvec *env, long port, const char *restart,
		    const char *pull_policy, const char *service_account,
		    const struct strvec *args, int use_command, struct kc_err *err);

/* Parse "k=v,k2=v2" as kubectl's ParseLabels; NULL + err on a bad spec. */
json_t *gen_parse_labels(const char *spec, struct kc_err *err);

/* create job (image + command after "--"), create cronjob (restart "" = OnFailure). */
json_t *gen_job(const char *name, const char *ns, const char *image, const struct strvec *command);
json_t *gen_cronjob(const char *name, const char *ns, const char *image, const char *schedule,
		    const char *restart, const struct strvec *command);
/* create poddisruptionbudget: selector "k=v,…" (equality only); min/max "" = unset. */
json_t *gen_pdb(const char *name, const char *ns, const char *selector, const char *min_available,
		const char *max_unavailable, struct kc_err *err);
json_t *gen_priorityclass(const char *name, long value, int global_default,
			  const char *description, const char *preemption_policy);
/* create rolebinding (role_kind "Role"/"ClusterRole") and clusterrolebinding
 * (ns NULL); serviceaccounts are "namespace:name". */
json_t *gen_rolebinding(const char *kind, const char *name, const char *ns, const char *role_kind,
			const char *role, const struct strvec *users, const struct strvec *groups,
			const struct strvec *sas, struct kc_err *err);

#endif
