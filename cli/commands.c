/* The command table: the single source of truth for command names, aliases and
 * sub-commands. Kept sorted by name (tests/e2e/cli.t checks it through `kc __commands`). */
#include "cli/chart_cmds.h"
#include "cli/kc.h"

/* kc apply's sub-commands (cli/cmd_apply.c) */
static const struct kc_cmd kc_apply_cmds[] = {
	{ "view-last-applied", cmd_apply_view_last_applied, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct kc_cmd kc_root_cmds[] = {
	{ "__commands", cmd_list_commands, NULL, NULL, NULL },
	{ "api-resources", cmd_api_resources, NULL, NULL, NULL },
	{ "api-versions", cmd_api_versions, NULL, NULL, NULL },
	{ "apply", cmd_apply, kc_apply_cmds, NULL, NULL },
	{ "auth", cmd_auth, kc_auth_cmds, NULL, &kc_help_auth_group },
	{ "chart", cmd_chart, kc_chart_cmds, NULL, NULL },
	{ "cluster-info", cmd_cluster_info, NULL, "clusterinfo", NULL },
	{ "config", cmd_config, kc_config_cmds, NULL, &kc_help_config_group },
	{ "create", cmd_create, kc_create_cmds, NULL, NULL },
	{ "delete", cmd_delete, NULL, NULL, NULL },
	{ "diff", cmd_diff, NULL, NULL, NULL },
	{ "edit", cmd_edit, NULL, NULL, NULL },
	{ "expose", cmd_expose, NULL, NULL, NULL },
	{ "get", cmd_get, NULL, NULL, NULL },
	{ "help", cmd_help, NULL, NULL, NULL },
	{ "logs", cmd_logs, NULL, NULL, NULL },
	{ "options", cmd_options, NULL, NULL, NULL },
	{ "replace", cmd_replace, NULL, NULL, NULL },
	{ "rollout", cmd_rollout, kc_rollout_cmds, NULL, NULL },
	{ "run", cmd_run, NULL, NULL, NULL },
	{ "scale", cmd_scale, NULL, NULL, NULL },
	{ "set", cmd_set_group, kc_set_cmds, NULL, NULL },
	{ "version", cmd_version, NULL, NULL, NULL },
	{ "wait", cmd_wait, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
