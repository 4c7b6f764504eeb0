#include "cli/kc.h"
int cmd_logs(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx; (void)argc; (void)argv;
	return kc_err_set(err, "not yet");
}
