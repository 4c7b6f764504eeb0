/* kube/smp: Kubernetes' strategic merge patch (apimachinery strategicpatch, as
 * kubectl v1.32 uses it with its compiled-in types) and JSON merge patch
 * (jsonmergepatch / evanphx json-patch) for kinds kubectl does not know.
 *
 * Patch metadata (merge keys, patchStrategy merge / replace / retainKeys) is
 * compiled in from k8s.io/api v0.32 struct tags, looked up by group + kind and
 * field path (ObjectMeta everywhere; PodSpec under Pod, PodTemplate, Deployment,
 * ReplicaSet, DaemonSet, StatefulSet, ReplicationController, Job, CronJob;
 * Service ports; ServiceAccount secrets; webhooks; PDB selector; ...). Fields
 * the table does not describe are plain maps and atomic lists (kubectl would
 * reject unknown fields of built-in types with "unable to find api field";
 * kc does not).
 *
 * Patches are returned as jansson objects; serialise them with
 * json_emit(out, patch, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT) to get the bytes
 * kubectl sends (Go marshals maps with sorted keys).
 *
 * Ownership: every function borrows its json_t arguments (never modifies them)
 * and returns a new reference, or NULL with err set (KC_ERR_PLAIN, apimachinery's
 * wording where kc reproduces it); err may be NULL. */
#ifndef KC_KUBE_SMP_H
#define KC_KUBE_SMP_H

#include <jansson.h>

#include "util/err.h"

/* 1 if kubectl's scheme knows group/kind (a built-in type: kubectl sends a
 * strategic merge patch), 0 for CRDs and other unknown kinds (JSON merge patch).
 * group "" is the core group. */
int smp_known_kind(const char *group, const char *kind);

/* CreateTwoWayMergePatch(original, modified) with $setElementOrder directives.
 * Returns {} when nothing differs. */
json_t *smp_create_two_way(const json_t *orig, const json_t *mod, const char *group,
			   const char *kind, struct kc_err *err);

/* CreateThreeWayMergePatch(original = last-applied, modified = new config,
 * current = live). overwrite=0 also checks for conflicts between the patch and
 * the changes made from original to current ("patch:\n…\nconflicts with changes
 * made from original to current:\n…" in err, err->reason "Conflict").
 * orig may be NULL (no last-applied). */
json_t *smp_create_three_way(const json_t *orig, const json_t *mod, const json_t *cur,
			     const char *group, const char *kind, int overwrite,
			     struct kc_err *err);

/* StrategicMergePatch(target, patch): $patch replace|delete|merge, $retainKeys,
 * $deleteFromPrimitiveList/, $setElementOrder/, merge keys; nulls delete. */
json_t *smp_apply(const json_t *target, const json_t *patch, const char *group,
		  const char *kind, struct kc_err *err);

/* JSON merge patch (RFC 7386): create two-way (jsonpatch.CreateMergePatch),
 * three-way (jsonmergepatch.CreateThreeWayJSONMergePatch, with its conflict
 * check) and apply. Numbers in created patches are float64 as in Go. */
json_t *jmp_create_two_way(const json_t *orig, const json_t *mod, struct kc_err *err);
json_t *jmp_create_three_way(const json_t *orig, const json_t *mod, const json_t *cur,
			     struct kc_err *err);
json_t *jmp_apply(const json_t *target, const json_t *patch);

/* Go's fmt "%v" of a decoded JSON value (map[a:1 b:[x y]]), for error texts. */
struct strbuf;
void smp_go_fmt_v(struct strbuf *out, const json_t *v);

#endif
