/* kube/apply: the object logic of kubectl apply (client-side) and diff.
 *
 * Ownership: functions borrow their arguments and return new references/strings. */
#ifndef KC_KUBE_APPLY_H
#define KC_KUBE_APPLY_H

#include <jansson.h>

#include "util/err.h"
#include "util/strvec.h"

#define KC_LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* kubectl's GetModifiedConfiguration(obj, annotate=true): obj without its
 * last-applied annotation, encoded as kubectl encodes unstructured objects
 * (sorted keys, compact, "\n" at the end; metadata.annotations becomes {} when
 * there was none), then stored as the annotation of a copy of obj. Returns the
 * copy (new reference); *text (if non-NULL) receives the annotation (malloc'd). */
json_t *kc_apply_modified(const json_t *obj, char **text);

/* The last-applied annotation of a live object parsed, or NULL if there is none
 * (or it is empty). -1 with err on malformed JSON. */
int kc_apply_original(const json_t *live, json_t **orig, struct kc_err *err);

/* client-go's csaupgrade for kubectl apply --server-side (kube/apply_csa.c).
 *
 * kc_csa_last_applied_owners: FindFieldsOwners(managedFields, operation,
 *   {metadata.annotations[last-applied]}) — the managers of entries with that
 *   operation ("Update", "Apply") whose fields hold the annotation, appended
 *   to names once each, in managedFields order.
 * kc_csa_upgrade_patch: UpgradeManagedFieldsPatch(obj, csa_managers,
 *   ssa_manager) — the JSON patch (json.Marshal bytes) replacing
 *   metadata.managedFields, with each CSA manager's Update entry merged into
 *   ssa_manager's Apply entry (an Update entry converted when there is none),
 *   and metadata.resourceVersion (so a concurrent write conflicts); NULL when
 *   nothing would change. New string. */
void kc_csa_last_applied_owners(const json_t *obj, const char *operation, struct strvec *names);
char *kc_csa_upgrade_patch(const json_t *obj, const struct strvec *csa_managers,
			   const char *ssa_manager);

#endif
