/* cli/: what delete, scale, wait and logs share (defined in cli/cmd_delete.c). */
#ifndef KC_CLI_CMD_VERBS_H
#define KC_CLI_CMD_VERBS_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* kubectl's GetDryRunStrategy: "none" | "client" | "server" in *out (bare
 * --dry-run and boolean values warn as kubectl does). 0 or -1 + err. */
int verbs_dry_run(const char *v, const char **out, struct kc_err *err);
/* A validated Go duration ("30s") in milliseconds. */
long long verbs_duration_ms(const char *d);
/* Frame collected errors as kubectl's CheckErr does: one plain error as
 * "error: MSG", several (or a server error) as they stand, one per line.
 * Returns 0 when errs is empty, else -1. */
int verbs_errors(struct strvec *errs, struct kc_err *err);
/* Split a targets error aggregate (kube/targets.h) into one entry per error. */
void verbs_split_errs(struct strvec *out, const struct strbuf *errs);

/* The -o printer of scale and wait (kubectl's PrintFlags with an operation):
 * "" prints "KIND/NAME OP", "name" "KIND/NAME", json/yaml the object (without
 * managedFields unless show_managed), jsonpath…/go-template… through the kube/
 * printers. */
struct kubectl_tprinter;
struct kc_gotmpl;
struct verbs_printer {
	const char *output;
	int show_managed;
	struct kubectl_tprinter *tp;
	struct kc_gotmpl *gt;
};
/* 0, or -1 + err (kubectl's "unable to match a printer …" and template errors). */
int verbs_printer_init(struct verbs_printer *p, const char *output, const char *template_arg,
		       int allow_missing, int show_managed, struct kc_err *err);
/* Print obj (borrowed; may be modified: managedFields dropped) to stdout; kind
 * is "deployment.apps", op "scaled" / "condition met" with any dry-run suffix. */
int verbs_print(struct verbs_printer *p, json_t *obj, const char *kind, const char *name,
		const char *op, struct kc_err *err);
void verbs_printer_release(struct verbs_printer *p);

#endif
