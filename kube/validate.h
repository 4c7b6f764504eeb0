/* validate.h: kubectl's client-side schema validation (--validate=strict on a
 * server without server-side field validation).
 *
 * kubectl v1.32 (factory Validator + cli-runtime's query param verifiers)
 * asks, for each object, whether the server knows ?fieldValidation= on the
 * PATCH operation of its kind: first from /openapi/v3 and, when that cannot be
 * read (404 on servers before 1.24…1.27), from /openapi/v2. When the server
 * does not know it, --validate=strict validates the object against the
 * OpenAPI v2 models here (kube-openapi's pkg/util/proto/validation), and
 * --validate=warn only warns that it cannot. */
#ifndef KC_KUBE_VALIDATE_H
#define KC_KUBE_VALIDATE_H

#include <jansson.h>

#include "client/client.h"
#include "kube/oapi2.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* kube-openapi's ValidateModel(obj, schema, kind): one message per problem,
 * in its order ("ValidationError(Deployment.spec): missing required field
 * \"selector\" in io.k8s.api.apps.v1.DeploymentSpec"), appended to errs. */
void kc_validate_model(const struct oapi2_doc *d, const struct oapi2_schema *s, const json_t *obj,
		       const char *kind, struct strvec *errs);

/* utilerrors.NewAggregate(errs).Error(): "" for none, the message for one,
 * "[a, b]" (duplicates dropped) for more. */
void kc_validate_aggregate(struct strbuf *out, const struct strvec *errs);

struct kc_validator;

/* directive: the --validate value (strict, true, warn, ignore, false). Nothing
 * is fetched until kc_validator_check needs it. */
struct kc_validator *kc_validator_new(struct kc_client *c, const char *directive);
void kc_validator_free(struct kc_validator *v);

/* One object (its apiVersion and kind are strings). Returns
 *   1  the server has /openapi/v3: it validates (?fieldValidation=); the
 *      caller keeps its own checks;
 *   0  validated on the client and fine, or nothing to validate (ignore;
 *      warn on a server without field validation: kubectl's warning printed);
 *  -1  err = what follows "error validating data: " in kubectl's message. */
int kc_validator_check(struct kc_validator *v, const json_t *obj, struct kc_err *err);

/* The whole "error validating \"SOURCE\": error validating data: MSG; if you
 * choose to ignore these errors, turn validation off with --validate=false". */
void kc_validate_frame(struct strbuf *out, const char *source, const char *msg);

#endif
