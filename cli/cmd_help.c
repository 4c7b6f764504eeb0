/* kc help [COMMAND …], kc with no command, kc options. */
#include <stdio.h>
#include <string.h>

#include "cli/kc.h"

extern const char kc_root_help_body[];

static void root_help(struct kc_ctx *ctx)
{
	fputs(kc_root_help_body, stdout);
	printf("Usage:\n  %s [flags] [options]\n\n", ctx->prog);
	printf("Use \"%s <command> --help\" for more information about a given command.\n", ctx->prog);
	printf("Use \"%s options\" for a list of global command-line options (applies to all commands).\n",
	       ctx->prog);
}

int cmd_help(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	/* `kc help CMD [SUB]`: run CMD's own --help. */
	const struct kc_cmd *tab = kc_root_cmds, *cmd = NULL;
	struct strbuf path = STRBUF_INIT;
	for (int i = 0; i < argc; i++) {
		const struct kc_cmd *found = NULL;
		for (const struct kc_cmd *c = tab; c && c->name; c++)
			if (!strcmp(c->name, argv[i]))
				found = c;
		if (!found)
			break;
		cmd = found;
		strbuf_addf(&path, "%s%s", path.len ? " " : "", found->name);
		tab = found->subs;
	}
	int ret = 0;
	if (!cmd || cmd->fn == cmd_help) {
		root_help(ctx);
	} else if (cmd->fn) {
		const char *hargv[] = { "--help", NULL };
		ctx->cmd_path = path.buf;
		ret = cmd->fn(ctx, 1, hargv, err);
		ctx->cmd_path = "";
	} else {
		ctx->cmd_path = path.buf;
		kc_print_help(ctx, stdout, NULL, cmd->help);
		ctx->cmd_path = "";
	}
	strbuf_release(&path);
	return ret;
}

int cmd_options(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "options",
		.long_ = "Print the list of flags inherited by all commands",
		.example = "  # Print flags inherited by all commands\n  kubectl options",
	};
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, NULL, &help, &args, err);
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	fputs("The following options can be passed to any command:\n\n", stdout);
	kc_print_option_list(stdout, ctx->global_opts);
	return 0;
}

static void list_cmds(const struct kc_cmd *tab, struct strbuf *prefix)
{
	for (const struct kc_cmd *c = tab; c && c->name; c++) {
		if (c->name[0] == '_')
			continue;
		size_t len = prefix->len;
		strbuf_addf(prefix, "%s%s", len ? " " : "", c->name);
		printf("%s\n", prefix->buf);
		list_cmds(c->subs, prefix);
		strbuf_setlen(prefix, len);
	}
}

/* Internal: `kc __commands` prints every command path of the table, one per line,
 * in table order (scripts/gen-docs and tests/e2e/cli.t read it). */
int cmd_list_commands(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct strbuf prefix = STRBUF_INIT;
	list_cmds(kc_root_cmds, &prefix);
	strbuf_release(&prefix);
	return 0;
}
