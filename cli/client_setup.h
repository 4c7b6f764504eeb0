/* cli/: the command's REST config and client (one per process, freed at exit). */
#ifndef KC_CLI_CLIENT_SETUP_H
#define KC_CLI_CLIENT_SETUP_H

#include "cli/kc.h"
#include "client/client.h"

/* The REST config for this invocation (kubeconfig + global flags). Borrowed. */
const struct kc_rest_config *kc_ctx_rest_config(struct kc_ctx *ctx, struct kc_err *err);
/* The client for this invocation, created on first use. Borrowed. */
struct kc_client *kc_ctx_client(struct kc_ctx *ctx, struct kc_err *err);

#endif
