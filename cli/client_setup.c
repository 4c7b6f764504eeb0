/* The command's connection to the server: the REST config from the kubeconfig
 * files and the global flags (kubeconfig/), and one struct kc_client shared by
 * the whole command (so every request of a command reuses one connection). */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "kubeconfig/kubeconfig.h"

static struct kc_rest_config *the_rc;
static struct kc_client *the_client;

static void rc_free(struct kc_rest_config *rc)
{
	if (!rc)
		return;
	kc_rest_config_free(rc);
	free(rc);
}

/* kubeconfig files + global flags, as kubectl's ToRESTConfig */
static struct kc_rest_config *rc_load(struct kc_ctx *ctx, struct kc_err *err)
{
	struct kc_config_overrides ov;
	kc_global_to_overrides(&ctx->g, &ov);
	struct kc_rest_config *rc = xcalloc(1, sizeof *rc);
	if (kc_rest_config_load(&ov, rc, err) < 0) {
		rc_free(rc);
		return NULL;
	}
	return rc;
}

static void release_all(void)
{
	kc_client_free(the_client);
	the_client = NULL;
	rc_free(the_rc);
	the_rc = NULL;
}

const struct kc_rest_config *kc_ctx_rest_config(struct kc_ctx *ctx, struct kc_err *err)
{
	if (the_rc)
		return the_rc;
	the_rc = rc_load(ctx, err);
	if (the_rc)
		atexit(release_all);
	return the_rc;
}

struct kc_client *kc_ctx_client(struct kc_ctx *ctx, struct kc_err *err)
{
	if (the_client)
		return the_client;
	const struct kc_rest_config *rc = kc_ctx_rest_config(ctx, err);
	if (!rc)
		return NULL;
	struct kc_client_opts o = { 0 };
	o.verbosity = (int)ctx->g.v;
	o.cache_dir = ctx->g.cache_dir;
	o.program = ctx->prog;
	the_client = kc_client_new(rc, &o, err);
	return the_client;
}
