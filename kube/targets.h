/* The objects a verb acts on, resolved as kubectl's resource builder resolves
 * them for delete / scale / wait (k8s.io/cli-runtime/pkg/resource.Builder with
 * ResourceTypeOrNameArgs, FilenameParam, LabelSelectorParam, FieldSelectorParam,
 * SelectAllParam, AllNamespaces, ContinueOnError, Flatten).
 *
 *   TYPE[,TYPE…] NAME…   one target per type × name (type-major), no request
 *   TYPE/NAME …           one target each, no request
 *   TYPE -l SEL | --field-selector F | --all   a LIST per type (in the namespace,
 *                         or across all with -A); one target per item (obj set)
 *   -f FILE|DIR [-R]      one target per object read (obj set), mapped by kind
 *
 * Ownership: kc_targets_resolve fills t with new strings and references;
 * kc_targets_release frees them. Resource pointers are borrowed from the
 * client's discovery. Errors a kubectl builder reports before visiting
 * (usage-like) return -1 with err; errors met while visiting (a failed LIST, an
 * unmapped kind) are appended to errs, one per line, and the rest goes on. */
#ifndef KC_KUBE_TARGETS_H
#define KC_KUBE_TARGETS_H

#include <jansson.h>
#include <stddef.h>

#include "client/client.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

struct kc_target {
	const struct kc_api_resource *res; /* borrowed */
	char *ns;                          /* "" for cluster-scoped resources */
	char *name;
	json_t *obj;                       /* owned; the object if known (list, -f), else NULL */
	char *source;                      /* -f source ("dir/a.yaml") or NULL */
};

struct kc_targets {
	struct kc_target *v;
	size_t n, alloc;
	int selected;                      /* the targets came from a selector / --all list */
};

#define KC_TARGETS_INIT { NULL, 0, 0, 0 }

struct kc_target_spec {
	const struct strvec *args;         /* positional arguments */
	const struct strvec *filenames;    /* -f (may be NULL) */
	int recursive;                     /* -R */
	const char *ns;                    /* the command's namespace */
	int enforce_ns;                    /* -n was given: -f objects must match it */
	int all_ns;                        /* -A */
	const char *selector;              /* -l ("" = none) */
	const char *field_selector;        /* --field-selector ("" = none) */
	int all;                           /* --all */
	int allow_empty_selector;          /* a bare TYPE lists everything (scale --all style) */
	const char *prog;                  /* "kubectl" or "kc" for messages */
	const char *verb;                  /* for the client's error hints ("delete") */
	const char *no_resources_msg;      /* NULL = kubectl's "You must provide one or more
					    * resources by argument or filename…" */
};

/* Resolve spec into t. 0, or -1 + err (kubectl's wording). A LIST failing or an
 * unmapped -f kind goes to errs (the builder's aggregate) and resolving goes on. */
int kc_targets_resolve(struct kc_client *c, const struct kc_target_spec *spec, struct kc_targets *t,
		       struct strbuf *errs, struct kc_err *err);
void kc_targets_release(struct kc_targets *t);

/* "deployment.apps" / "configmap": kind lower-cased, ".group" when not core. */
void kc_kind_group(struct strbuf *sb, const struct kc_api_resource *r);
/* Append s escaped as Go's url.QueryEscape does. */
void kc_query_escape(struct strbuf *sb, const char *s);

/* A failed LIST as the resource builder's Selector visitor reports it: a 400 or
 * 404 Status keeps its reason and gets its message rewritten to "Unable to list
 * \"G/V, Resource=R\": MSG" or, with a label or field selector, "Unable to find
 * \"G/V, Resource=R\" that match label selector \"L\", field selector \"F\": MSG".
 * Returns 0 with err set, or -1 (not such an error: use kc_status_error). */
int kc_list_status_error(const struct kc_response *resp, const struct kc_api_resource *r,
			 const char *selector, const char *field_selector, struct kc_err *err);
/* Append a line to an aggregate of errors ("a\nb"). */
void kc_errs_add(struct strbuf *errs, const char *msg);

#endif
