/* The command table: the single source of truth for command names, aliases and
 * sub-commands. Kept sorted by name (tests/unit/test_cli checks it). */
#include "cli/kc.h"

const struct kc_cmd kc_root_cmds[] = {
	{ "config", cmd_config, kc_config_cmds, NULL, &kc_help_config_group },
	{ "help", cmd_help, NULL, NULL, NULL },
	{ "options", cmd_options, NULL, NULL, NULL },
	{ "version", cmd_version, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
