/* cli/: the command's REST config and client (one per process, freed at exit). */
#ifndef KC_CLI_CLIENT_SETUP_H
#define KC_CLI_CLIENT_SETUP_H

#include "cli/kc.h"
#include "client/client.h"

/* The REST config for this invocation (kubeconfig + global flags). Borrowed. */
const struct kc_rest_config *kc_ctx_rest_config(struct kc_ctx *ctx, struct kc_err *err);
/* The client for this invocation, created on first use. Borrowed. */
struct kc_client *kc_ctx_client(struct kc_ctx *ctx, struct kc_err *err);

/* A command's last word: with --warnings-as-errors, server warnings turn a
 * success into "error: N warnings received". Returns ret or -1. */
int kc_ctx_finish(struct kc_ctx *ctx, int ret, struct kc_err *err);

/* kubectl frames an API error when it prints it (cmdutil.StandardErrorMessage):
 * "Error from server (Reason): MSG", "error: You must be logged in to the
 * server (MSG)"; kc's messages carry that framing already (client/errors.c).
 *
 * kc_api_err_add_source: kubectl's AddSourceToErr puts "error when creating
 * \"f\": " into the Status message, so inside the framing:
 * "Error from server (R): PREFIXmsg", "You must be logged in to the server
 * (PREFIXmsg)"; any other error: PREFIX + msg. Appends to out.
 * kc_api_err_line: one line of an aggregate of several errors (MultipleErrors):
 * an Unauthorized one keeps its "error: ", others as they stand. Appends. */
void kc_api_err_add_source(struct strbuf *out, const struct kc_err *e, const char *prefix);
void kc_api_err_line(struct strbuf *out, const struct kc_err *e);

#endif
