/* kc: entry point. Finds the command path in argv (skipping global flags that may
 * come before it, as cobra does), runs the command, prints its error as kubectl
 * does and chooses the exit code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"
#include "util/file.h"

static const char *vmodule;
static char *cache_dir_default;

static struct kc_option global_opts_storage[32];

static void setup_globals(struct kc_ctx *ctx)
{
	struct kc_global *g = &ctx->g;
	memset(g, 0, sizeof *g);
	strvec_init(&g->as_group);
	cache_dir_default = xasprintf("%s/.kube/cache", home_dir());
	g->cache_dir = cache_dir_default;
	g->profile = "none";
	g->profile_output = "profile.pprof";
	g->request_timeout = "0";
	g->log_flush_frequency = "5s";
	const struct kc_option opts[] = {
		OPT_STRING("as", 0, &g->as, "Username to impersonate for the operation. User could be a regular user or a service account in a namespace."),
		OPT_STRARRAY("as-group", 0, &g->as_group, "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."),
		OPT_STRING("as-uid", 0, &g->as_uid, "UID to impersonate for the operation."),
		OPT_STRING("cache-dir", 0, &g->cache_dir, "Default cache directory"),
		OPT_STRING("certificate-authority", 0, &g->certificate_authority, "Path to a cert file for the certificate authority"),
		OPT_STRING("client-certificate", 0, &g->client_certificate, "Path to a client certificate file for TLS"),
		OPT_STRING("client-key", 0, &g->client_key, "Path to a client key file for TLS"),
		OPT_STRING("cluster", 0, &g->cluster, "The name of the kubeconfig cluster to use"),
		OPT_STRING("context", 0, &g->context, "The name of the kubeconfig context to use"),
		OPT_BOOL("disable-compression", 0, &g->disable_compression, "If true, opt-out of response compression for all requests to the server"),
		{ OPT_T_BOOL, "insecure-skip-tls-verify", 0, &g->insecure_skip_tls_verify, "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure", NULL, 0, &g->changed_insecure, NULL },
		OPT_STRING("kubeconfig", 0, &g->kubeconfig, "Path to the kubeconfig file to use for CLI requests."),
		OPT_DURATION("log-flush-frequency", 0, &g->log_flush_frequency, "Maximum number of seconds between log flushes"),
		OPT_BOOL("match-server-version", 0, &g->match_server_version, "Require server version to match client version"),
		OPT_STRING("namespace", 'n', &g->namespace, "If present, the namespace scope for this CLI request"),
		OPT_STRING("password", 0, &g->password, "Password for basic authentication to the API server"),
		OPT_STRING("profile", 0, &g->profile, "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)"),
		OPT_STRING("profile-output", 0, &g->profile_output, "Name of the file to write the profile to"),
		OPT_STRING("request-timeout", 0, &g->request_timeout, "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests."),
		OPT_STRING("server", 's', &g->server, "The address and port of the Kubernetes API server"),
		OPT_STRING("tls-server-name", 0, &g->tls_server_name, "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used"),
		OPT_STRING("token", 0, &g->token, "Bearer token for authentication to the API server"),
		OPT_STRING("user", 0, &g->user, "The name of the kubeconfig user to use"),
		OPT_STRING("username", 0, &g->username, "Username for basic authentication to the API server"),
		OPT_INT("v", 'v', &g->v, "number for the log level verbosity"),
		{ OPT_T_STRING, "vmodule", 0, &vmodule, "comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)", NULL, 0, NULL, "" },
		OPT_BOOL("warnings-as-errors", 0, &g->warnings_as_errors, "Treat warnings received from the server as errors and exit with a non-zero exit code"),
		OPT_END(),
	};
	memcpy(global_opts_storage, opts, sizeof opts);
	ctx->global_opts = global_opts_storage;
}

static const struct kc_option *global_find(struct kc_ctx *ctx, const char *arg)
{
	for (const struct kc_option *o = ctx->global_opts; o->type; o++) {
		if (arg[1] == '-') {
			size_t n = strcspn(arg + 2, "=");
			if (strlen(o->long_name) == n && !strncmp(o->long_name, arg + 2, n))
				return o;
		} else if (o->short_name && arg[1] == o->short_name) {
			return o;
		}
	}
	return NULL;
}

static const struct kc_cmd *find_cmd(const struct kc_cmd *tab, const char *name)
{
	for (const struct kc_cmd *c = tab; c && c->name; c++) {
		if (!strcmp(c->name, name))
			return c;
		if (c->aliases) {
			const char *a = c->aliases;
			size_t n = strlen(name);
			while (*a) {
				size_t len = strcspn(a, ",");
				if (len == n && !strncmp(a, name, n))
					return c;
				a += len;
				while (*a == ',' || *a == ' ')
					a++;
			}
		}
	}
	return NULL;
}

static size_t levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

/* Root-level names cobra can suggest from (kubectl's visible commands). */
static const char *const kubectl_commands[] = {
	"annotate", "api-resources", "api-versions", "apply", "attach", "auth", "autoscale",
	"certificate", "cluster-info", "completion", "config", "cordon", "cp", "create",
	"debug", "delete", "describe", "diff", "drain", "edit", "events", "exec", "explain",
	"expose", "get", "help", "kustomize", "label", "logs", "options", "patch", "plugin",
	"port-forward", "proxy", "replace", "rollout", "run", "scale", "set", "taint", "top",
	"uncordon", "version", "wait", NULL,
};

static int unknown_command(struct kc_ctx *ctx, const char *name, const char *parent,
			   const struct kc_cmd *subs, struct kc_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "unknown command \"%s\" for \"%s\"", name, parent);
	struct strvec sugg = STRVEC_INIT;
	if (!subs) {
		for (const char *const *c = kubectl_commands; *c; c++)
			if (levenshtein(name, *c) <= 2 || starts_with(*c, name))
				strvec_push(&sugg, *c);
	} else {
		for (const struct kc_cmd *c = subs; c->name; c++)
			if (levenshtein(name, c->name) <= 2 || starts_with(c->name, name))
				strvec_push(&sugg, c->name);
	}
	if (sugg.nr) {
		strbuf_addstr(&sb, "\n\nDid you mean this?\n");
		for (size_t i = 0; i < sugg.nr; i++)
			strbuf_addf(&sb, "\t%s\n", sugg.v[i]);
	}
	strvec_clear(&sugg);
	kc_err_set(err, "%s", sb.buf);
	strbuf_release(&sb);
	(void)ctx;
	return -1;
}

void kc_usage_footer(struct kc_ctx *ctx, struct strbuf *sb)
{
	if (ctx->cmd_path && *ctx->cmd_path)
		strbuf_addf(sb, "See '%s %s --help' for usage.", ctx->prog, ctx->cmd_path);
	else
		strbuf_addf(sb, "See '%s --help' for usage.", ctx->prog);
}

int kc_finish_output(struct kc_err *err)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return kc_err_set(err, "write /dev/stdout: %s", "broken pipe");
	return 0;
}

static void print_error(struct kc_ctx *ctx, struct kc_err *err)
{
	fflush(stdout);
	switch (err->kind) {
	case KC_ERR_RAW:
		fputs(err->msg.buf, stderr);
		if (!strbuf_ends_with(&err->msg, "\n"))
			fputc('\n', stderr);
		break;
	case KC_ERR_USAGE: {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "error: %s\n", err->msg.buf);
		kc_usage_footer(ctx, &sb);
		fprintf(stderr, "%s\n", sb.buf);
		strbuf_release(&sb);
		break;
	}
	default:
		fprintf(stderr, "error: %s", err->msg.buf);
		if (!strbuf_ends_with(&err->msg, "\n"))
			fputc('\n', stderr);
		break;
	}
}

int main(int argc, char **argv)
{
	struct kc_ctx ctx;
	struct kc_err err = KC_ERR_INIT;
	struct strbuf path = STRBUF_INIT;
	const char *base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	ctx.prog = !strcmp(base, "kubectl") ? "kubectl" : "kc";
	ctx.cmd_path = "";
	setup_globals(&ctx);
	if (!strcmp(base, "helm")) {
		/* installed as helm: behave as `kc chart` */
		ctx.prog = "helm";
		ctx.cmd_path = "chart";
		int hret = cmd_chart(&ctx, argc - 1, (const char **)argv + 1, &err);
		if (hret == 0 && kc_finish_output(&err) < 0)
			hret = -1;
		if (hret < 0 || kc_err_isset(&err))
			print_error(&ctx, &err);
		int hcode = hret > 0 ? hret : hret == 0 && !kc_err_isset(&err) ? 0 : (err.exit_code ? err.exit_code : 1);
		kc_err_release(&err);
		strbuf_release(&path);
		strvec_clear(&ctx.g.as_group);
		free(cache_dir_default);
		return hcode;
	}

	/* Collect words: find the command path among argv, removing its words and
	 * keeping everything else (flags, positionals) for the command's parser. */
	int n = argc - 1;
	const char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	const struct kc_cmd *tab = kc_root_cmds, *cmd = NULL;
	int done_path = 0, ret = 0;
	for (int i = 1; i <= n; i++) {
		const char *a = argv[i];
		if (done_path || a[0] != '-' || !a[1]) {
			if (!done_path && a[0] != '-' && tab) {
				const struct kc_cmd *c = find_cmd(tab, a);
				if (c) {
					cmd = c;
					strbuf_addf(&path, "%s%s", path.len ? " " : "", c->name);
					tab = c->subs;
					continue;
				}
				if (!cmd || cmd->subs) {
					/* an unknown word where a (sub)command is expected */
					if (!cmd || !cmd->fn) {
						struct strbuf parent = STRBUF_INIT;
						strbuf_addf(&parent, "%s%s%s", ctx.prog, path.len ? " " : "", path.buf);
						ctx.cmd_path = path.buf;
						unknown_command(&ctx, a, parent.buf, cmd ? cmd->subs : NULL, &err);
						strbuf_release(&parent);
						ret = -1;
						goto out;
					}
				}
			}
			done_path = 1;
			rest[nrest++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			for (; i <= n; i++)
				rest[nrest++] = argv[i];
			break;
		}
		rest[nrest++] = a;
		/* cobra's stripFlags: "--flag value" consumes the value unless the flag
		 * is boolean or has '='. */
		if (!strchr(a, '=') && i < n) {
			const struct kc_option *o = global_find(&ctx, a);
			int takes = o ? o->type != OPT_T_BOOL : (a[1] == '-');
			if (a[1] != '-' && a[2])
				takes = 0; /* -nfoo */
			if (takes)
				rest[nrest++] = argv[++i];
		}
	}
	ctx.cmd_path = path.buf;
	if (!cmd) {
		const char *help_argv[] = { NULL };
		ret = cmd_help(&ctx, nrest, nrest ? rest : help_argv, &err);
		goto out;
	}
	if (!cmd->fn) {
		struct strvec args = STRVEC_INIT;
		int rc = kc_parse_options(&ctx, nrest, rest, NULL, cmd->help, &args, &err);
		if (rc == 0)
			kc_print_help(&ctx, stdout, NULL, cmd->help);
		strvec_clear(&args);
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	ret = cmd->fn(&ctx, nrest, rest, &err);
	ret = kc_ctx_finish(&ctx, ret, &err); /* --warnings-as-errors */
	if (ret == 0 && kc_finish_output(&err) < 0)
		ret = -1;
out:
	if (ret < 0 || kc_err_isset(&err))
		print_error(&ctx, &err);
	/* ret > 0: the command chose a non-zero exit code and printed what it had to
	 * (kubectl diff's 1); ret < 0: err says what went wrong. */
	int code = ret > 0 ? ret : ret == 0 && !kc_err_isset(&err) ? 0 : (err.exit_code ? err.exit_code : 1);
	kc_err_release(&err);
	strbuf_release(&path);
	strvec_clear(&ctx.g.as_group);
	free(rest);
	free(cache_dir_default);
	return code;
}
