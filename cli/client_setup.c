/* The command's connection to the server: the REST config from the kubeconfig
 * and the global flags, and one struct kc_client shared by the whole command
 * (so every request of a command reuses one connection). */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "util/file.h"

static struct kc_rest_config *the_rc;
static struct kc_client *the_client;

/* --request-timeout: a bare integer is seconds, else a Go duration. */
int kc_parse_request_timeout(const char *s, long long *ms, struct kc_err *err)
{
	*ms = 0;
	if (!s || !*s || !strcmp(s, "0"))
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end != s && !*end) {
		if (v < 0)
			goto bad;
		*ms = v * 1000;
		return 0;
	}
	long long ns;
	if (go_parse_duration(s, &ns) < 0 || ns < 0)
		goto bad;
	*ms = ns / 1000000;
	return 0;
bad:
	return kc_err_set(err, "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)");
}

static void rc_free(struct kc_rest_config *rc)
{
	if (!rc)
		return;
	free(rc->host);
	free(rc->tls_server_name);
	strbuf_release(&rc->ca_pem);
	strbuf_release(&rc->cert_pem);
	strbuf_release(&rc->key_pem);
	free(rc->bearer_token);
	free(rc->token_file);
	free(rc->username);
	free(rc->password);
	free(rc->impersonate_user);
	free(rc->impersonate_uid);
	strvec_clear(&rc->impersonate_groups);
	free(rc->proxy_url);
	free(rc->namespace);
	free(rc->context_name);
	free(rc->cluster_name);
	free(rc->user_name);
	free(rc);
}

static char *dupnz(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Until kubeconfig/ resolves kubeconfig files, the REST config comes from the
 * global flags alone (--server, --token, --certificate-authority …). */
static struct kc_rest_config *rc_from_flags(struct kc_ctx *ctx, struct kc_err *err)
{
	const struct kc_global *g = &ctx->g;
	struct kc_rest_config *rc = xcalloc(1, sizeof *rc);
	strbuf_init(&rc->ca_pem, 0);
	strbuf_init(&rc->cert_pem, 0);
	strbuf_init(&rc->key_pem, 0);
	strvec_init(&rc->impersonate_groups);
	const char *server = g->server;
	if (!server || !*server) {
		rc_free(rc);
		kc_err_raw(err, "The connection to the server localhost:8080 was refused - did you specify the right host or port?");
		return NULL;
	}
	if (!strstr(server, "://"))
		rc->host = xasprintf("https://%s", server);
	else
		rc->host = xstrdup(server);
	while (strlen(rc->host) > 8 && rc->host[strlen(rc->host) - 1] == '/')
		rc->host[strlen(rc->host) - 1] = '\0';
	rc->tls_server_name = dupnz(g->tls_server_name);
	rc->insecure = g->insecure_skip_tls_verify > 0;
	if (g->certificate_authority && *g->certificate_authority &&
	    file_read(g->certificate_authority, &rc->ca_pem, err) < 0)
		goto fail;
	if (g->client_certificate && *g->client_certificate &&
	    file_read(g->client_certificate, &rc->cert_pem, err) < 0)
		goto fail;
	if (g->client_key && *g->client_key && file_read(g->client_key, &rc->key_pem, err) < 0)
		goto fail;
	/* kubectl attaches credentials and impersonation only to TLS connections */
	if (starts_with(rc->host, "https://")) {
		rc->bearer_token = dupnz(g->token);
		rc->username = dupnz(g->username);
		rc->password = dupnz(g->password);
		rc->impersonate_user = dupnz(g->as);
		rc->impersonate_uid = dupnz(g->as_uid);
		for (size_t i = 0; i < g->as_group.nr; i++)
			strvec_push(&rc->impersonate_groups, g->as_group.v[i]);
	}
	if (kc_parse_request_timeout(g->request_timeout, &rc->timeout_ms, err) < 0)
		goto fail;
	rc->namespace = xstrdup(g->namespace && *g->namespace ? g->namespace : "default");
	rc->namespace_explicit = g->namespace && *g->namespace;
	rc->disable_compression = g->disable_compression;
	return rc;
fail:
	rc_free(rc);
	return NULL;
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
	the_rc = rc_from_flags(ctx, err);
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
