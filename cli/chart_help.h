/* Helm v3.21.4 command descriptions (cmd/helm/ sources), for byte-identical help. */
#ifndef KC_CLI_CHART_HELP_H
#define KC_CLI_CHART_HELP_H

#define HELM_CREATE_DESC \
	"\n"\
	"This command creates a chart directory along with the common files and\n"\
	"directories used in a chart.\n"\
	"\n"\
	"For example, 'helm create foo' will create a directory structure that looks\n"\
	"something like this:\n"\
	"\n"\
	"    foo/\n"\
	"    ├── .helmignore   # Contains patterns to ignore when packaging Helm charts.\n"\
	"    ├── Chart.yaml    # Information about your chart\n"\
	"    ├── values.yaml   # The default values for your templates\n"\
	"    ├── charts/       # Charts that this chart depends on\n"\
	"    └── templates/    # The template files\n"\
	"        └── tests/    # The test files\n"\
	"\n"\
	"'helm create' takes a path for an argument. If directories in the given path\n"\
	"do not exist, Helm will attempt to create them as it goes. If the given\n"\
	"destination exists and there are files in that directory, conflicting files\n"\
	"will be overwritten, but other files will be left alone.\n"

#define HELM_DEPENDENCY_DESC \
	"\n"\
	"Manage the dependencies of a chart.\n"\
	"\n"\
	"Helm charts store their dependencies in 'charts/'. For chart developers, it is\n"\
	"often easier to manage dependencies in 'Chart.yaml' which declares all\n"\
	"dependencies.\n"\
	"\n"\
	"The dependency commands operate on that file, making it easy to synchronize\n"\
	"between the desired dependencies and the actual dependencies stored in the\n"\
	"'charts/' directory.\n"\
	"\n"\
	"For example, this Chart.yaml declares two dependencies:\n"\
	"\n"\
	"    # Chart.yaml\n"\
	"    dependencies:\n"\
	"    - name: nginx\n"\
	"      version: \"1.2.3\"\n"\
	"      repository: \"https://example.com/charts\"\n"\
	"    - name: memcached\n"\
	"      version: \"3.2.1\"\n"\
	"      repository: \"https://another.example.com/charts\"\n"\
	"\n"\
	"\n"\
	"The 'name' should be the name of a chart, where that name must match the name\n"\
	"in that chart's 'Chart.yaml' file.\n"\
	"\n"\
	"The 'version' field should contain a semantic version or version range.\n"\
	"\n"\
	"The 'repository' URL should point to a Chart Repository. Helm expects that by\n"\
	"appending '/index.yaml' to the URL, it should be able to retrieve the chart\n"\
	"repository's index. Note: 'repository' can be an alias. The alias must start\n"\
	"with 'alias:' or '@'.\n"\
	"\n"\
	"Starting from 2.2.0, repository can be defined as the path to the directory of\n"\
	"the dependency charts stored locally. The path should start with a prefix of\n"\
	"\"file://\". For example,\n"\
	"\n"\
	"    # Chart.yaml\n"\
	"    dependencies:\n"\
	"    - name: nginx\n"\
	"      version: \"1.2.3\"\n"\
	"      repository: \"file://../dependency_chart/nginx\"\n"\
	"\n"\
	"If the dependency chart is retrieved locally, it is not required to have the\n"\
	"repository added to helm by \"helm add repo\". Version matching is also supported\n"\
	"for this case.\n"

#define HELM_DEPENDENCY_LIST_DESC \
	"\n"\
	"List all of the dependencies declared in a chart.\n"\
	"\n"\
	"This can take chart archives and chart directories as input. It will not alter\n"\
	"the contents of a chart.\n"\
	"\n"\
	"This will produce an error if the chart cannot be loaded.\n"

#define HELM_DEPENDENCY_BUILD_DESC \
	"\n"\
	"Build out the charts/ directory from the Chart.lock file.\n"\
	"\n"\
	"Build is used to reconstruct a chart's dependencies to the state specified in\n"\
	"the lock file. This will not re-negotiate dependencies, as 'helm dependency update'\n"\
	"does.\n"\
	"\n"\
	"If no lock file is found, 'helm dependency build' will mirror the behavior\n"\
	"of 'helm dependency update'.\n"

#define HELM_DEPENDENCY_UP_DESC \
	"\n"\
	"Update the on-disk dependencies to mirror Chart.yaml.\n"\
	"\n"\
	"This command verifies that the required charts, as expressed in 'Chart.yaml',\n"\
	"are present in 'charts/' and are at an acceptable version. It will pull down\n"\
	"the latest charts that satisfy the dependencies, and clean up old dependencies.\n"\
	"\n"\
	"On successful update, this will generate a lock file that can be used to\n"\
	"rebuild the dependencies to an exact version.\n"\
	"\n"\
	"Dependencies are not required to be represented in 'Chart.yaml'. For that\n"\
	"reason, an update command will not remove charts unless they are (a) present\n"\
	"in the Chart.yaml file, but (b) at the wrong version.\n"

#define HELM_LONG_LINT_HELP \
	"\n"\
	"This command takes a path to a chart and runs a series of tests to verify that\n"\
	"the chart is well-formed.\n"\
	"\n"\
	"If the linter encounters things that will cause the chart to fail installation,\n"\
	"it will emit [ERROR] messages. If it encounters issues that break with convention\n"\
	"or recommendation, it will emit [WARNING] messages.\n"

#define HELM_PACKAGE_DESC \
	"\n"\
	"This command packages a chart into a versioned chart archive file. If a path\n"\
	"is given, this will look at that path for a chart (which must contain a\n"\
	"Chart.yaml file) and then package that directory.\n"\
	"\n"\
	"Versioned chart archives are used by Helm package repositories.\n"\
	"\n"\
	"To sign a chart, use the '--sign' flag. In most cases, you should also\n"\
	"provide '--keyring path/to/secret/keys' and '--key keyname'.\n"\
	"\n"\
	"  $ helm package --sign ./mychart --key mykey --keyring ~/.gnupg/secring.gpg\n"\
	"\n"\
	"If '--keyring' is not specified, Helm usually defaults to the public keyring\n"\
	"unless your environment is otherwise configured.\n"

#define HELM_GLOBAL_USAGE \
	"The Kubernetes package manager\n"\
	"\n"\
	"Common actions for Helm:\n"\
	"\n"\
	"- helm search:    search for charts\n"\
	"- helm pull:      download a chart to your local directory to view\n"\
	"- helm install:   upload the chart to Kubernetes\n"\
	"- helm list:      list releases of charts\n"\
	"\n"\
	"Environment variables:\n"\
	"\n"\
	"| Name                               | Description                                                                                                |\n"\
	"|------------------------------------|------------------------------------------------------------------------------------------------------------|\n"\
	"| $HELM_CACHE_HOME                   | set an alternative location for storing cached files.                                                      |\n"\
	"| $HELM_CONFIG_HOME                  | set an alternative location for storing Helm configuration.                                                |\n"\
	"| $HELM_DATA_HOME                    | set an alternative location for storing Helm data.                                                         |\n"\
	"| $HELM_DEBUG                        | indicate whether or not Helm is running in Debug mode                                                      |\n"\
	"| $HELM_DRIVER                       | set the backend storage driver. Values are: configmap, secret, memory, sql.                                |\n"\
	"| $HELM_DRIVER_SQL_CONNECTION_STRING | set the connection string the SQL storage driver should use.                                               |\n"\
	"| $HELM_MAX_HISTORY                  | set the maximum number of helm release history.                                                            |\n"\
	"| $HELM_NAMESPACE                    | set the namespace used for the helm operations.                                                            |\n"\
	"| $HELM_NO_PLUGINS                   | disable plugins. Set HELM_NO_PLUGINS=1 to disable plugins.                                                 |\n"\
	"| $HELM_PLUGINS                      | set the path to the plugins directory                                                                      |\n"\
	"| $HELM_REGISTRY_CONFIG              | set the path to the registry config file.                                                                  |\n"\
	"| $HELM_REPOSITORY_CACHE             | set the path to the repository cache directory                                                             |\n"\
	"| $HELM_REPOSITORY_CONFIG            | set the path to the repositories file.                                                                     |\n"\
	"| $KUBECONFIG                        | set an alternative Kubernetes configuration file (default \"~/.kube/config\")                                |\n"\
	"| $HELM_KUBEAPISERVER                | set the Kubernetes API Server Endpoint for authentication                                                  |\n"\
	"| $HELM_KUBECAFILE                   | set the Kubernetes certificate authority file.                                                             |\n"\
	"| $HELM_KUBEASGROUPS                 | set the Groups to use for impersonation using a comma-separated list.                                      |\n"\
	"| $HELM_KUBEASUSER                   | set the Username to impersonate for the operation.                                                         |\n"\
	"| $HELM_KUBECONTEXT                  | set the name of the kubeconfig context.                                                                    |\n"\
	"| $HELM_KUBETOKEN                    | set the Bearer KubeToken used for authentication.                                                          |\n"\
	"| $HELM_KUBEINSECURE_SKIP_TLS_VERIFY | indicate if the Kubernetes API server's certificate validation should be skipped (insecure)                |\n"\
	"| $HELM_KUBETLS_SERVER_NAME          | set the server name used to validate the Kubernetes API server certificate                                 |\n"\
	"| $HELM_BURST_LIMIT                  | set the default burst limit in the case the server contains many CRDs (default 100, -1 to disable)         |\n"\
	"| $HELM_QPS                          | set the Queries Per Second in cases where a high number of calls exceed the option for higher burst values |\n"\
	"\n"\
	"Helm stores cache, configuration, and data based on the following configuration order:\n"\
	"\n"\
	"- If a HELM_*_HOME environment variable is set, it will be used\n"\
	"- Otherwise, on systems supporting the XDG base directory specification, the XDG variables will be used\n"\
	"- When no other location is set a default location will be used based on the operating system\n"\
	"\n"\
	"By default, the default directories depend on the Operating System. The defaults are listed below:\n"\
	"\n"\
	"| Operating System | Cache Path                | Configuration Path             | Data Path               |\n"\
	"|------------------|---------------------------|--------------------------------|-------------------------|\n"\
	"| Linux            | $HOME/.cache/helm         | $HOME/.config/helm             | $HOME/.local/share/helm |\n"\
	"| macOS            | $HOME/Library/Caches/helm | $HOME/Library/Preferences/helm | $HOME/Library/helm      |\n"\
	"| Windows          | %TEMP%\\helm               | %APPDATA%\\helm                 | %APPDATA%\\helm          |\n"

#define HELM_SHOW_DESC \
	"\n"\
	"This command consists of multiple subcommands to display information about a chart\n"

#define HELM_SHOW_ALL_DESC \
	"\n"\
	"This command inspects a chart (directory, file, or URL) and displays all its content\n"\
	"(values.yaml, Chart.yaml, README)\n"

#define HELM_SHOW_VALUES_DESC \
	"\n"\
	"This command inspects a chart (directory, file, or URL) and displays the contents\n"\
	"of the values.yaml file\n"

#define HELM_SHOW_CHART_DESC \
	"\n"\
	"This command inspects a chart (directory, file, or URL) and displays the contents\n"\
	"of the Chart.yaml file\n"

#define HELM_README_CHART_DESC \
	"\n"\
	"This command inspects a chart (directory, file, or URL) and displays the contents\n"\
	"of the README file\n"

#define HELM_SHOW_C_R_DS_DESC \
	"\n"\
	"This command inspects a chart (directory, file, or URL) and displays the contents\n"\
	"of the CustomResourceDefinition files\n"

#define HELM_TEMPLATE_DESC \
	"\n"\
	"Render chart templates locally and display the output.\n"\
	"\n"\
	"Any values that would normally be looked up or retrieved in-cluster will be\n"\
	"faked locally. Additionally, none of the server-side testing of chart validity\n"\
	"(e.g. whether an API is supported) is done.\n"

#define HELM_VERSION_DESC \
	"\n"\
	"Show the version for Helm.\n"\
	"\n"\
	"This will print a representation the version of Helm.\n"\
	"The output will look something like this:\n"\
	"\n"\
	"version.BuildInfo{Version:\"v3.2.1\", GitCommit:\"fe51cd1e31e6a202cba7dead9552a6d418ded79a\", GitTreeState:\"clean\", GoVersion:\"go1.13.10\"}\n"\
	"\n"\
	"- Version is the semantic version of the release.\n"\
	"- GitCommit is the SHA for the commit that this version was built from.\n"\
	"- GitTreeState is \"clean\" if there are no local code changes when this binary was\n"\
	"  built, and \"dirty\" if the binary was built from locally modified code.\n"\
	"- GoVersion is the version of Go that was used to compile Helm.\n"\
	"\n"\
	"When using the --template flag the following properties are available to use in\n"\
	"the template:\n"\
	"\n"\
	"- .Version contains the semantic version of Helm\n"\
	"- .GitCommit is the git commit\n"\
	"- .GitTreeState is the state of the git tree when Helm was built\n"\
	"- .GoVersion contains the version of Go that Helm was compiled with\n"\
	"\n"\
	"For example, --template='Version: {{.Version}}' outputs 'Version: v3.2.1'.\n"

#endif
