/* kube/rollout: kubectl's rollout logic (k8s.io/kubectl/pkg/polymorphichelpers):
 * status viewers, history of Deployments (ReplicaSets) and DaemonSets /
 * StatefulSets (ControllerRevisions), the rollback template choice, and
 * describe's DescribePodTemplate text.
 *
 * Ownership: every json_t argument is borrowed; functions returning json_t
 * return a new reference. Text is appended to the caller's strbuf. */
#ifndef KC_KUBE_ROLLOUT_H
#define KC_KUBE_ROLLOUT_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"

/* The workload kinds kubectl's rollout commands know (group "apps"). */
enum kc_rollout_kind {
	KC_RK_NONE = 0,
	KC_RK_DEPLOYMENT,
	KC_RK_DAEMONSET,
	KC_RK_STATEFULSET,
};

/* Which rollout kind a group/kind is (KC_RK_NONE for anything else). */
enum kc_rollout_kind kc_rollout_kind_of(const char *group, const char *kind);

/* The status viewer (StatusViewer.Status): appends the message (ending "\n",
 * e.g. `deployment "x" successfully rolled out`) to msg and sets *done.
 * revision > 0 pins the Deployment revision. -1 + err (KC_ERR_PLAIN) as
 * kubectl words it: `deployment "x" exceeded its progress deadline`,
 * `desired revision (2) is different from the running revision (3)`, … */
int kc_rollout_status(enum kc_rollout_kind k, const json_t *obj, long long revision,
		      struct strbuf *msg, int *done, struct kc_err *err);

/* metav1.LabelSelector → its string form as labels.Selector.String() prints
 * it ("a=b,c in (x,y)"); "" for an empty selector. -1 + err on an invalid one. */
int kc_label_selector_string(const json_t *sel, struct strbuf *out, struct kc_err *err);

/* The "deployment.kubernetes.io/revision" annotation as int64 (0 if absent);
 * -1 if it does not parse. */
long long kc_deployment_revision(const json_t *obj, int *ok);

/* IsControlledBy: obj has an ownerReference with controller=true and owner's uid. */
int kc_is_controlled_by(const json_t *obj, const json_t *owner);

/* Pod templates equal ignoring the pod-template-hash label (EqualIgnoreHash). */
int kc_template_equal_ignore_hash(const json_t *a, const json_t *b);

/* describe.DescribePodTemplate, as the history and undo --dry-run print it. */
void kc_describe_pod_template(const json_t *tmpl, struct strbuf *out);

/* The template a ControllerRevision's data gives for its DaemonSet/StatefulSet
 * (data.spec.template, which the controllers store with "$patch": "replace").
 * New reference, or NULL if data has no template. */
json_t *kc_controller_revision_template(const json_t *cr);

/* The object a ControllerRevision restores: obj with the revision's data
 * applied as a strategic merge patch (as kubectl's applyDaemonSetHistory /
 * applyRevision), then the pod template's always-encoded Go fields filled in.
 * New reference, or NULL. */
json_t *kc_controller_revision_apply(const json_t *obj, const json_t *cr);

#endif
