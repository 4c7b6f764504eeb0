/* cli/: the command table, the per-invocation context and the global options. */
#ifndef KC_CLI_KC_H
#define KC_CLI_KC_H

#include <stdio.h>

#include "cli/options.h"
#include "util/err.h"
#include "util/strvec.h"

/* kubectl's persistent (global) flags, as parsed; NULL/-1 = not given. */
struct kc_global {
	const char *kubeconfig;
	const char *context;
	const char *cluster;
	const char *user;
	const char *namespace;
	const char *server;
	const char *token;
	const char *certificate_authority;
	const char *client_certificate;
	const char *client_key;
	const char *tls_server_name;
	const char *request_timeout;  /* Go duration or bare seconds; "0" = none */
	const char *as;
	const char *as_uid;
	struct strvec as_group;
	const char *username;
	const char *password;
	const char *cache_dir;
	const char *profile;
	const char *profile_output;
	const char *log_flush_frequency;
	int insecure_skip_tls_verify;
	int match_server_version;
	int warnings_as_errors;
	int disable_compression;
	long v;                       /* -v / --v verbosity */
	int changed_insecure;         /* --insecure-skip-tls-verify was given */
};

struct kc_ctx {
	const char *prog;        /* "kubectl" or "kc" (from argv[0]) */
	const char *cmd_path;    /* "config get-contexts" */
	struct kc_global g;
	const struct kc_option *global_opts;
};

/* A command: fn receives the words after its path (flags not yet parsed). */
typedef int (*kc_cmd_fn)(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);

struct kc_cmd {
	const char *name;
	kc_cmd_fn fn;                 /* NULL for a pure group (prints its help) */
	const struct kc_cmd *subs;    /* sub-commands, sorted, NULL-name terminated */
	const char *aliases;          /* comma-separated */
	const struct kc_cmd_help *help; /* for groups */
};

extern const struct kc_cmd kc_root_cmds[];

/* The sentence every usage error ends with. */
void kc_usage_footer(struct kc_ctx *ctx, struct strbuf *sb);

/* Commands (one cmd_<verb>.c each). */
int cmd_version(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_api_resources(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_api_versions(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc chart (helm): cli/cmd_chart.c; its verbs in cli/chart_cmds.h. */
int cmd_chart(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_cluster_info(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc create (cli/cmd_create.c), run (cmd_run.c), expose (cmd_expose.c). */
extern const struct kc_cmd kc_create_cmds[];
int cmd_create(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_run(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_expose(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc auth can-i | whoami (cli/cmd_auth.c). */
extern const struct kc_cmd kc_auth_cmds[];
extern const struct kc_cmd_help kc_help_auth_group;
int cmd_auth(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc apply, diff (cli/cmd_apply.c, cmd_diff.c). */
int cmd_apply(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_diff(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_apply_view_last_applied(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);

/* kc rollout (cli/cmd_rollout.c). */
extern const struct kc_cmd kc_rollout_cmds[];
int cmd_rollout(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc set (cli/cmd_set.c). */
extern const struct kc_cmd kc_set_cmds[];
int cmd_set_group(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc edit (cli/cmd_edit.c). */
int cmd_edit(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_get(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* get --raw PATH (cli/cmd_get_raw.c): for the full get command to call. */
int kc_get_raw(struct kc_ctx *ctx, const char *path, struct kc_err *err);
/* delete, scale, wait, logs (cli/cmd_delete.c, cmd_scale.c, cmd_wait.c, cmd_logs.c). */
int cmd_delete(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
/* kc replace (cli/cmd_replace.c). */
int cmd_replace(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_scale(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_wait(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_logs(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_help(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_options(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_list_commands(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);

/* `kc config …` (cli/cmd_config.c): the command group's sub-command table. */
extern const struct kc_cmd kc_config_cmds[];
int cmd_config(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
extern const struct kc_cmd_help kc_help_config_group;

/* kubectl's global flags as client-go ConfigOverrides (cli/config_flags.c). The
 * overrides borrow g's strings: keep g alive while using them. */
struct kc_config_overrides;
void kc_global_to_overrides(const struct kc_global *g, struct kc_config_overrides *ov);

/* Finish output: fflush stdout and check ferror. 0 or -1 with err. */
int kc_finish_output(struct kc_err *err);

#endif
