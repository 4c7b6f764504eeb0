/* The command's connection to the server: the REST config from the kubeconfig
 * files and the global flags (kubeconfig/), and one struct kc_client shared by
 * the whole command (so every request of a command reuses one connection). */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "kubeconfig/kubeconfig.h"
#include "util/file.h"

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
	if (ctx->g.v >= 6) {
		/* client-go's loader: klog.V(6).Infoln("Config loaded from file: ", f) */
		struct kc_loading_rules r;
		kc_loading_rules_init(&r, ctx->g.kubeconfig);
		if (r.explicit_path && *r.explicit_path) {
			kc_klog('I', "loader.go:402", "Config loaded from file:  %s", r.explicit_path);
		} else {
			for (size_t i = 0; i < r.precedence.nr; i++)
				if (file_exists(r.precedence.v[i]))
					kc_klog('I', "loader.go:402", "Config loaded from file:  %s", r.precedence.v[i]);
		}
		kc_loading_rules_release(&r);
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

int kc_ctx_finish(struct kc_ctx *ctx, int ret, struct kc_err *err)
{
	if (ret == 0 && the_client && ctx->g.warnings_as_errors) {
		int n = kc_client_warning_count(the_client);
		if (n > 0)
			return kc_err_set(err, "%d warning%s received", n, n == 1 ? "" : "s");
	}
	return ret;
}

#define LOGGED_IN "You must be logged in to the server ("

void kc_api_err_add_source(struct strbuf *out, const struct kc_err *e, const char *prefix)
{
	const char *m = e->msg.buf;
	const char *colon = !strncmp(m, "Error from server (", 19) ? strstr(m, "): ") : NULL;
	if (colon && e->kind == KC_ERR_RAW) {
		strbuf_add(out, m, (size_t)(colon + 3 - m));
		strbuf_addf(out, "%s%s", prefix, colon + 3);
	} else if (!strcmp(e->reason, "Unauthorized") && !strncmp(m, LOGGED_IN, strlen(LOGGED_IN))) {
		strbuf_addf(out, "%s%s%s", LOGGED_IN, prefix, m + strlen(LOGGED_IN));
	} else {
		strbuf_addf(out, "%s%s", prefix, m);
	}
}

void kc_api_err_line(struct strbuf *out, const struct kc_err *e)
{
	if (!strcmp(e->reason, "Unauthorized") && !strncmp(e->msg.buf, LOGGED_IN, strlen(LOGGED_IN)))
		strbuf_addstr(out, "error: ");
	strbuf_addstr(out, e->msg.buf);
}
