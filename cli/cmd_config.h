/* cli/: `kc config` and its sub-commands (cli/cmd_config.c); help texts captured
 * from kubectl in cli/cmd_config_help.c. */
#ifndef KC_CLI_CMD_CONFIG_H
#define KC_CLI_CMD_CONFIG_H

#include <jansson.h>

#include "cli/kc.h"

extern const struct kc_cmd_help kc_help_config_group, kc_help_config_current_context,
	kc_help_config_delete_cluster, kc_help_config_delete_context, kc_help_config_delete_user,
	kc_help_config_get_clusters, kc_help_config_get_contexts, kc_help_config_get_users,
	kc_help_config_rename_context, kc_help_config_set, kc_help_config_set_cluster,
	kc_help_config_set_context, kc_help_config_set_credentials, kc_help_config_unset,
	kc_help_config_use_context, kc_help_config_view;

extern const struct kc_cmd kc_config_cmds[];

/* -o go-template for config view (cli/cmd_config_gotemplate.c) */
struct tmpl;
struct strbuf;
int kc_config_gotemplate_new(const char *text, int allow_missing, struct tmpl **out,
			     struct kc_err *err);
int kc_config_gotemplate_print(struct tmpl *t, const char *text, json_t *obj, struct strbuf *out,
			       struct kc_err *err);

#endif
