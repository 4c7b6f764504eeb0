/* kubectl logs' object logic (k8s.io/kubectl/pkg/polymorphichelpers
 * logsforobject.go, SelectorsForObject, GetFirstPod with podutils.ByLogging,
 * k8s.io/kubectl/pkg/cmd/util/podcmd): which pods and containers a logs command
 * reads, and the /log request paths.
 *
 * Ownership: objects passed in are borrowed; kc_log_reqs holds malloc'd strings
 * released by kc_log_reqs_release. Notices kubectl prints to stderr while
 * choosing ("Defaulted container …") are appended to a strbuf for cli/ to print. */
#ifndef KC_KUBE_LOGS_H
#define KC_KUBE_LOGS_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

/* corev1.PodLogOptions as query parameters. */
struct kc_log_opts {
	const char *container;      /* "" = choose */
	int follow, previous, timestamps, insecure_backend;
	long long limit_bytes;      /* 0 = none */
	long long since_seconds;    /* 0 = none */
	const char *since_time;     /* normalised RFC3339 UTC, or NULL */
	long long tail;             /* -1 = none */
};

struct kc_log_req {
	char *ns, *pod, *container;
	char *path;                 /* "/api/v1/namespaces/NS/pods/P/log?container=…" */
	char *prefix;               /* "[pod/P/C] " */
};

struct kc_log_reqs {
	struct kc_log_req *v;
	size_t n, alloc;
};

#define KC_LOG_REQS_INIT { NULL, 0, 0 }

void kc_log_reqs_release(struct kc_log_reqs *r);

/* The requests for one pod (borrowed): every container (init, regular,
 * ephemeral) with all_containers, else o->container, the default-container
 * annotation or the first container (with kubectl's notices appended to
 * notices). -1 + err "container X is not valid for pod P". */
int kc_logs_for_pod(const json_t *pod, const struct kc_log_opts *o, int all_containers,
		    struct kc_log_reqs *out, struct strbuf *notices, struct kc_err *err);

/* SelectorsForObject: the label selector string of a workload (Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, Service), as
 * labels.Selector.String() prints it. version/kind name the Go type in errors
 * ("cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not
 * implemented"). 0 or -1 + err. */
int kc_logs_selector(const json_t *obj, const char *version, const char *kind, struct strbuf *sel,
		     struct kc_err *err);

/* podutils.ByLogging: sort the pods (borrowed pointers) so that the one kubectl
 * logs is first (assigned, running, ready, ready longest, most restarts,
 * oldest). Stable. */
void kc_logs_sort_pods(const json_t **pods, size_t n);

/* util.ParseRFC3339 + metav1.Time's query form: "2026-11-24T13:00:00+01:00" ->
 * "2026-11-24T12:00:00Z" (new string), or NULL + err with Go's time.Parse text. */
char *kc_logs_since_time(const char *s, struct kc_err *err);

#endif
