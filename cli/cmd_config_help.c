/* Help texts of `kubectl config` and its sub-commands, captured from kubectl v1.32
 * by scripts/capture-config-help. Do not edit by hand. */
#include "cli/cmd_config.h"

const struct kc_cmd_help kc_help_config_group = {
	.use = "config SUBCOMMAND",
	.long_ =
		"Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".\n"
		"\n"
		" The loading order follows these rules:\n"
		"\n"
		"  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.\n"
		"  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.\n"
		"  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.",
	.subcommands =
		"  current-context   Display the current-context\n"
		"  delete-cluster    Delete the specified cluster from the kubeconfig\n"
		"  delete-context    Delete the specified context from the kubeconfig\n"
		"  delete-user       Delete the specified user from the kubeconfig\n"
		"  get-clusters      Display clusters defined in the kubeconfig\n"
		"  get-contexts      Describe one or many contexts\n"
		"  get-users         Display users defined in the kubeconfig\n"
		"  rename-context    Rename a context from the kubeconfig file\n"
		"  set               Set an individual value in a kubeconfig file\n"
		"  set-cluster       Set a cluster entry in kubeconfig\n"
		"  set-context       Set a context entry in kubeconfig\n"
		"  set-credentials   Set a user entry in kubeconfig\n"
		"  unset             Unset an individual value in a kubeconfig file\n"
		"  use-context       Set the current-context in a kubeconfig file\n"
		"  view              Display merged kubeconfig settings or a specified kubeconfig file",
};

const struct kc_cmd_help kc_help_config_current_context = {
	.use = "config current-context [flags]",
	.long_ =
		"Display the current-context.",
	.example =
		"  # Display the current-context\n"
		"  kubectl config current-context",
};

const struct kc_cmd_help kc_help_config_delete_cluster = {
	.use = "config delete-cluster NAME",
	.long_ =
		"Delete the specified cluster from the kubeconfig.",
	.example =
		"  # Delete the minikube cluster\n"
		"  kubectl config delete-cluster minikube",
};

const struct kc_cmd_help kc_help_config_delete_context = {
	.use = "config delete-context NAME",
	.long_ =
		"Delete the specified context from the kubeconfig.",
	.example =
		"  # Delete the context for the minikube cluster\n"
		"  kubectl config delete-context minikube",
};

const struct kc_cmd_help kc_help_config_delete_user = {
	.use = "config delete-user NAME",
	.long_ =
		"Delete the specified user from the kubeconfig.",
	.example =
		"  # Delete the minikube user\n"
		"  kubectl config delete-user minikube",
};

const struct kc_cmd_help kc_help_config_get_clusters = {
	.use = "config get-clusters [flags]",
	.long_ =
		"Display clusters defined in the kubeconfig.",
	.example =
		"  # List the clusters that kubectl knows about\n"
		"  kubectl config get-clusters",
};

const struct kc_cmd_help kc_help_config_get_contexts = {
	.use = "config get-contexts [(-o|--output=)name)]",
	.long_ =
		"Display one or many contexts from the kubeconfig file.",
	.example =
		"  # List all the contexts in your kubeconfig file\n"
		"  kubectl config get-contexts\n"
		"  \n"
		"  # Describe one context in your kubeconfig file\n"
		"  kubectl config get-contexts my-context",
};

const struct kc_cmd_help kc_help_config_get_users = {
	.use = "config get-users [flags]",
	.long_ =
		"Display users defined in the kubeconfig.",
	.example =
		"  # List the users that kubectl knows about\n"
		"  kubectl config get-users",
};

const struct kc_cmd_help kc_help_config_rename_context = {
	.use = "config rename-context CONTEXT_NAME NEW_NAME",
	.long_ =
		"Renames a context from the kubeconfig file.\n"
		"\n"
		" CONTEXT_NAME is the context name that you want to change.\n"
		"\n"
		" NEW_NAME is the new name you want to set.\n"
		"\n"
		" Note: If the context being renamed is the 'current-context', this field will also be updated.",
	.example =
		"  # Rename the context 'old-name' to 'new-name' in your kubeconfig file\n"
		"  kubectl config rename-context old-name new-name",
};

const struct kc_cmd_help kc_help_config_set = {
	.use = "config set PROPERTY_NAME PROPERTY_VALUE",
	.long_ =
		"Set an individual value in a kubeconfig file.\n"
		"\n"
		" PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.\n"
		"\n"
		" PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.\n"
		"\n"
		" Specifying an attribute name that already exists will merge new fields on top of existing values.",
	.example =
		"  # Set the server field on the my-cluster cluster to https://1.2.3.4\n"
		"  kubectl config set clusters.my-cluster.server https://1.2.3.4\n"
		"  \n"
		"  # Set the certificate-authority-data field on the my-cluster cluster\n"
		"  kubectl config set clusters.my-cluster.certificate-authority-data $(echo \"cert_data_here\" | base64 -i -)\n"
		"  \n"
		"  # Set the cluster field in the my-context context to my-cluster\n"
		"  kubectl config set contexts.my-context.cluster my-cluster\n"
		"  \n"
		"  # Set the client-key-data field in the cluster-admin user using --set-raw-bytes option\n"
		"  kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true",
};

const struct kc_cmd_help kc_help_config_set_cluster = {
	.use = "config set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com]",
	.long_ =
		"Set a cluster entry in kubeconfig.\n"
		"\n"
		" Specifying a name that already exists will merge new fields on top of existing values for those fields.",
	.example =
		"  # Set only the server field on the e2e cluster entry without touching other values\n"
		"  kubectl config set-cluster e2e --server=https://1.2.3.4\n"
		"  \n"
		"  # Embed certificate authority data for the e2e cluster entry\n"
		"  kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt\n"
		"  \n"
		"  # Disable cert checking for the e2e cluster entry\n"
		"  kubectl config set-cluster e2e --insecure-skip-tls-verify=true\n"
		"  \n"
		"  # Set the custom TLS server name to use for validation for the e2e cluster entry\n"
		"  kubectl config set-cluster e2e --tls-server-name=my-cluster-name\n"
		"  \n"
		"  # Set the proxy URL for the e2e cluster entry\n"
		"  kubectl config set-cluster e2e --proxy-url=https://1.2.3.4",
};

const struct kc_cmd_help kc_help_config_set_context = {
	.use = "config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]",
	.long_ =
		"Set a context entry in kubeconfig.\n"
		"\n"
		" Specifying a name that already exists will merge new fields on top of existing values for those fields.",
	.example =
		"  # Set the user field on the gce context entry without touching other values\n"
		"  kubectl config set-context gce --user=cluster-admin",
};

const struct kc_cmd_help kc_help_config_set_credentials = {
	.use = "config set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value]",
	.long_ =
		"Set a user entry in kubeconfig.\n"
		"\n"
		" Specifying a name that already exists will merge new fields on top of existing values.\n"
		"\n"
		"        Client-certificate flags:\n"
		"        --client-certificate=certfile --client-key=keyfile\n"
		"        \n"
		"        Bearer token flags:\n"
		"        --token=bearer_token\n"
		"        \n"
		"        Basic auth flags:\n"
		"        --username=basic_user --password=basic_password\n"
		"        \n"
		" Bearer token and basic auth are mutually exclusive.",
	.example =
		"  # Set only the \"client-key\" field on the \"cluster-admin\"\n"
		"  # entry, without touching other values\n"
		"  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key\n"
		"  \n"
		"  # Set basic auth for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif\n"
		"  \n"
		"  # Embed client certificate data in the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true\n"
		"  \n"
		"  # Enable the Google Compute Platform auth provider for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --auth-provider=gcp\n"
		"  \n"
		"  # Enable the OpenID Connect auth provider for the \"cluster-admin\" entry with additional arguments\n"
		"  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar\n"
		"  \n"
		"  # Remove the \"client-secret\" config value for the OpenID Connect auth provider for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-\n"
		"  \n"
		"  # Enable new exec auth plugin for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1\n"
		"  \n"
		"  # Enable new exec auth plugin for the \"cluster-admin\" entry with interactive mode\n"
		"  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-interactive-mode=Never\n"
		"  \n"
		"  # Define new exec auth plugin arguments for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --exec-arg=arg1 --exec-arg=arg2\n"
		"  \n"
		"  # Create or update exec auth plugin environment variables for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --exec-env=key1=val1 --exec-env=key2=val2\n"
		"  \n"
		"  # Remove exec auth plugin environment variables for the \"cluster-admin\" entry\n"
		"  kubectl config set-credentials cluster-admin --exec-env=var-to-remove-",
};

const struct kc_cmd_help kc_help_config_unset = {
	.use = "config unset PROPERTY_NAME",
	.long_ =
		"Unset an individual value in a kubeconfig file.\n"
		"\n"
		" PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.",
	.example =
		"  # Unset the current-context\n"
		"  kubectl config unset current-context\n"
		"  \n"
		"  # Unset namespace in foo context\n"
		"  kubectl config unset contexts.foo.namespace",
};

const struct kc_cmd_help kc_help_config_use_context = {
	.use = "config use-context CONTEXT_NAME",
	.aliases =
		"use-context, use",
	.long_ =
		"Set the current-context in a kubeconfig file.",
	.example =
		"  # Use the context for the minikube cluster\n"
		"  kubectl config use-context minikube",
};

const struct kc_cmd_help kc_help_config_view = {
	.use = "config view [flags]",
	.long_ =
		"Display merged kubeconfig settings or a specified kubeconfig file.\n"
		"\n"
		" You can use --output jsonpath={...} to extract specific values using a jsonpath expression.",
	.example =
		"  # Show merged kubeconfig settings\n"
		"  kubectl config view\n"
		"  \n"
		"  # Show merged kubeconfig settings, raw certificate data, and exposed secrets\n"
		"  kubectl config view --raw\n"
		"  \n"
		"  # Get the password for the e2e user\n"
		"  kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'",
};

