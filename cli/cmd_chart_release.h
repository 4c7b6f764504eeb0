/* cli/cmd_chart_release.h: helm's release verbs (cli/cmd_chart_release.c),
 * for the `kc chart` table in cli/cmd_chart.c:
 *   { "get", cmd_chart_get, kc_chart_get_cmds, NULL, NULL },
 *   { "history", cmd_chart_history, NULL, "hist", NULL },
 *   { "install", cmd_chart_install, NULL, NULL, NULL },
 *   { "list", cmd_chart_list, NULL, "ls", NULL },
 *   { "rollback", cmd_chart_rollback, NULL, NULL, NULL },
 *   { "status", cmd_chart_status, NULL, NULL, NULL },
 *   { "test", cmd_chart_test, NULL, NULL, NULL },
 *   { "uninstall", cmd_chart_uninstall, NULL, "del,delete,un", NULL },
 *   { "upgrade", cmd_chart_upgrade, NULL, NULL, NULL }, */
#ifndef KC_CLI_CMD_CHART_RELEASE_H
#define KC_CLI_CMD_CHART_RELEASE_H

#include "cli/kc.h"

extern const struct kc_cmd kc_chart_get_cmds[];
int cmd_chart_get(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_get_all(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_get_hooks(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_get_manifest(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_get_metadata(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_get_notes(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_get_values(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_history(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_install(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_list(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_rollback(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_status(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_test(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_uninstall(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);
int cmd_chart_upgrade(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err);

#endif
