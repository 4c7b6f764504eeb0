/* kc expose (being written) */
#include "cli/kc.h"
int cmd_expose(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return kc_err_set(err, "expose is not implemented in kc yet");
}
