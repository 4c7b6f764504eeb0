/* cli/: what delete, scale, wait and logs share (defined in cli/cmd_delete.c). */
#ifndef KC_CLI_CMD_VERBS_H
#define KC_CLI_CMD_VERBS_H

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

#endif
