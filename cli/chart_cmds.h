/* cli/chart_cmds.h: the `kc chart` (helm) verbs and the helpers they share.
 * Every verb: int cmd_chart_X(ctx, argc, argv, err) — argv holds the words
 * after the verb; errors come back framed as helm prints them (KC_ERR_RAW
 * "Error: …"), exit code 1. */
#ifndef KC_CLI_CHART_CMDS_H
#define KC_CLI_CHART_CMDS_H

#include "cli/chart_flags.h"
#include "cli/kc.h"

extern const struct kc_cmd kc_chart_cmds[];
extern const struct kc_cmd kc_chart_show_cmds[];
extern const struct kc_cmd kc_chart_dependency_cmds[];

int cmd_chart_create(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_dependency(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_dependency_build(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_dependency_list(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_dependency_update(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_lint(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_package(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_show(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_show_all(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_show_chart(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_show_crds(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_show_readme(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_show_values(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_template(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_version(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);

/* err's message becomes "Error: MSG" (KC_ERR_RAW); returns -1. */
int chart_fail(struct kc_err *err);
/* chart_cmd_parse + chart_fail: 0 go on, 1 help was printed, -1 error. */
int chart_parse(struct chart_cmd *c, int argc, const char **argv, struct kc_err *err);
/* Warning lines to stderr (stdout flushed first). */
void chart_print_warnings(const struct strvec *w);
/* Run the sub-command of tab named by the first positional word of argv;
 * -2 if there is none. */
int chart_dispatch(const struct kc_cmd *tab, struct kc_ctx *ctx, int argc, const char **argv,
		   struct kc_err *err);
/* A non-runnable group: parse flags and print its help. */
int chart_group(int argc, const char **argv, const char *path, const char *use,
		const char *long_, const char *aliases, const char *subs, struct kc_err *err);

/* action.CheckDependencies: every Chart.yaml dependency present in charts/. */
int chart_check_dependencies(const struct chart *ch, struct kc_err *err);

/* Render the --name-template text as helm's TemplateName (Sprig, no data).
 * New string or NULL + err. */
char *chart_template_name(const char *text, struct kc_err *err);

#endif
