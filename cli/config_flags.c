/* kubectl's global flags → client-go's ConfigOverrides. */
#include <string.h>

#include "cli/kc.h"
#include "kubeconfig/kubeconfig.h"

void kc_global_to_overrides(const struct kc_global *g, struct kc_config_overrides *ov)
{
	memset(ov, 0, sizeof *ov);
	ov->kubeconfig = g->kubeconfig;
	ov->context = g->context;
	ov->cluster = g->cluster;
	ov->user = g->user;
	ov->namespace = g->namespace;
	ov->server = g->server;
	ov->token = g->token;
	ov->certificate_authority = g->certificate_authority;
	ov->client_certificate = g->client_certificate;
	ov->client_key = g->client_key;
	ov->tls_server_name = g->tls_server_name;
	ov->request_timeout = g->request_timeout;
	ov->username = g->username;
	ov->password = g->password;
	ov->as = g->as;
	ov->as_uid = g->as_uid;
	ov->as_groups = &g->as_group;
	/* --insecure-skip-tls-verify only overrides when true (client-go merges
	 * non-zero values) */
	ov->insecure_skip_tls_verify = g->changed_insecure ? (g->insecure_skip_tls_verify > 0) : -1;
	ov->disable_compression = g->disable_compression > 0;
}
