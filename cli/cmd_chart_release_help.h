/* Helm v3.21 help texts of the release verbs (the Long strings of cmd/helm). */
#ifndef KC_CLI_CMD_CHART_RELEASE_HELP_H
#define KC_CLI_CMD_CHART_RELEASE_HELP_H

#define HELM_INSTALL_DESC \
	"\n" \
	"This command installs a chart archive.\n" \
	"\n" \
	"The install argument must be a chart reference, a path to a packaged chart,\n" \
	"a path to an unpacked chart directory or a URL.\n" \
	"\n" \
	"To override values in a chart, use either the '--values' flag and pass in a file\n" \
	"or use the '--set' flag and pass configuration from the command line, to force\n" \
	"a string value use '--set-string'. You can use '--set-file' to set individual\n" \
	"values from a file when the value itself is too long for the command line\n" \
	"or is dynamically generated. You can also use '--set-json' to set json values\n" \
	"(scalars/objects/arrays) from the command line.\n" \
	"\n" \
	"    $ helm install -f myvalues.yaml myredis ./redis\n" \
	"\n" \
	"or\n" \
	"\n" \
	"    $ helm install --set name=prod myredis ./redis\n" \
	"\n" \
	"or\n" \
	"\n" \
	"    $ helm install --set-string long_int=1234567890 myredis ./redis\n" \
	"\n" \
	"or\n" \
	"\n" \
	"    $ helm install --set-file my_script=dothings.sh myredis ./redis\n" \
	"\n" \
	"or\n" \
	"\n" \
	"    $ helm install --set-json 'master.sidecars=[{\"name\":\"sidecar\",\"image\":\"myImage\",\"imagePullPolicy\":\"Always\",\"ports\":[{\"name\":\"portname\",\"containerPort\":1234}]}]' myredis ./redis\n" \
	"\n" \
	"\n" \
	"You can specify the '--values'/'-f' flag multiple times. The priority will be given to the\n" \
	"last (right-most) file specified. For example, if both myvalues.yaml and override.yaml\n" \
	"contained a key called 'Test', the value set in override.yaml would take precedence:\n" \
	"\n" \
	"    $ helm install -f myvalues.yaml -f override.yaml  myredis ./redis\n" \
	"\n" \
	"You can specify the '--set' flag multiple times. The priority will be given to the\n" \
	"last (right-most) set specified. For example, if both 'bar' and 'newbar' values are\n" \
	"set for a key called 'foo', the 'newbar' value would take precedence:\n" \
	"\n" \
	"    $ helm install --set foo=bar --set foo=newbar  myredis ./redis\n" \
	"\n" \
	"Similarly, in the following example 'foo' is set to '[\"four\"]':\n" \
	"\n" \
	"    $ helm install --set-json='foo=[\"one\", \"two\", \"three\"]' --set-json='foo=[\"four\"]' myredis ./redis\n" \
	"\n" \
	"And in the following example, 'foo' is set to '{\"key1\":\"value1\",\"key2\":\"bar\"}':\n" \
	"\n" \
	"    $ helm install --set-json='foo={\"key1\":\"value1\",\"key2\":\"value2\"}' --set-json='foo.key2=\"bar\"' myredis ./redis\n" \
	"\n" \
	"To check the generated manifests of a release without installing the chart,\n" \
	"the --debug and --dry-run flags can be combined.\n" \
	"\n" \
	"The --dry-run flag will output all generated chart manifests, including Secrets\n" \
	"which can contain sensitive values. To hide Kubernetes Secrets use the\n" \
	"--hide-secret flag. Please carefully consider how and when these flags are used.\n" \
	"\n" \
	"If --verify is set, the chart MUST have a provenance file, and the provenance\n" \
	"file MUST pass all verification steps.\n" \
	"\n" \
	"There are six different ways you can express the chart you want to install:\n" \
	"\n" \
	"1. By chart reference: helm install mymaria example/mariadb\n" \
	"2. By path to a packaged chart: helm install mynginx ./nginx-1.2.3.tgz\n" \
	"3. By path to an unpacked chart directory: helm install mynginx ./nginx\n" \
	"4. By absolute URL: helm install mynginx https://example.com/charts/nginx-1.2.3.tgz\n" \
	"5. By chart reference and repo url: helm install --repo https://example.com/charts/ mynginx nginx\n" \
	"6. By OCI registries: helm install mynginx --version 1.2.3 oci://example.com/charts/nginx\n" \
	"\n" \
	"CHART REFERENCES\n" \
	"\n" \
	"A chart reference is a convenient way of referencing a chart in a chart repository.\n" \
	"\n" \
	"When you use a chart reference with a repo prefix ('example/mariadb'), Helm will look in the local\n" \
	"configuration for a chart repository named 'example', and will then look for a\n" \
	"chart in that repository whose name is 'mariadb'. It will install the latest stable version of that chart\n" \
	"until you specify '--devel' flag to also include development version (alpha, beta, and release candidate releases), or\n" \
	"supply a version number with the '--version' flag.\n" \
	"\n" \
	"To see the list of chart repositories, use 'helm repo list'. To search for\n" \
	"charts in a repository, use 'helm search'.\n" \
	""

#define HELM_UPGRADE_DESC \
	"\n" \
	"This command upgrades a release to a new version of a chart.\n" \
	"\n" \
	"The upgrade arguments must be a release and chart. The chart\n" \
	"argument can be either: a chart reference('example/mariadb'), a path to a chart directory,\n" \
	"a packaged chart, or a fully qualified URL. For chart references, the latest\n" \
	"version will be specified unless the '--version' flag is set.\n" \
	"\n" \
	"To override values in a chart, use either the '--values' flag and pass in a file\n" \
	"or use the '--set' flag and pass configuration from the command line, to force string\n" \
	"values, use '--set-string'. You can use '--set-file' to set individual\n" \
	"values from a file when the value itself is too long for the command line\n" \
	"or is dynamically generated. You can also use '--set-json' to set json values\n" \
	"(scalars/objects/arrays) from the command line.\n" \
	"\n" \
	"You can specify the '--values'/'-f' flag multiple times. The priority will be given to the\n" \
	"last (right-most) file specified. For example, if both myvalues.yaml and override.yaml\n" \
	"contained a key called 'Test', the value set in override.yaml would take precedence:\n" \
	"\n" \
	"    $ helm upgrade -f myvalues.yaml -f override.yaml redis ./redis\n" \
	"\n" \
	"You can specify the '--set' flag multiple times. The priority will be given to the\n" \
	"last (right-most) set specified. For example, if both 'bar' and 'newbar' values are\n" \
	"set for a key called 'foo', the 'newbar' value would take precedence:\n" \
	"\n" \
	"    $ helm upgrade --set foo=bar --set foo=newbar redis ./redis\n" \
	"\n" \
	"You can update the values for an existing release with this command as well via the\n" \
	"'--reuse-values' flag. The 'RELEASE' and 'CHART' arguments should be set to the original\n" \
	"parameters, and existing values will be merged with any values set via '--values'/'-f'\n" \
	"or '--set' flags. Priority is given to new values.\n" \
	"\n" \
	"    $ helm upgrade --reuse-values --set foo=bar --set foo=newbar redis ./redis\n" \
	"\n" \
	"The --dry-run flag will output all generated chart manifests, including Secrets\n" \
	"which can contain sensitive values. To hide Kubernetes Secrets use the\n" \
	"--hide-secret flag. Please carefully consider how and when these flags are used.\n" \
	""

#define HELM_ROLLBACK_DESC \
	"\n" \
	"This command rolls back a release to a previous revision.\n" \
	"\n" \
	"The first argument of the rollback command is the name of a release, and the\n" \
	"second is a revision (version) number. If this argument is omitted or set to\n" \
	"0, it will roll back to the previous release.\n" \
	"\n" \
	"To see revision numbers, run 'helm history RELEASE'.\n" \
	""

#define HELM_UNINSTALL_DESC \
	"\n" \
	"This command takes a release name and uninstalls the release.\n" \
	"\n" \
	"It removes all of the resources associated with the last release of the chart\n" \
	"as well as the release history, freeing it up for future use.\n" \
	"\n" \
	"Use the '--dry-run' flag to see which releases will be uninstalled without actually\n" \
	"uninstalling them.\n" \
	""

#define HELM_LIST_DESC \
	"\n" \
	"This command lists all of the releases for a specified namespace (uses current namespace context if namespace not specified).\n" \
	"\n" \
	"By default, it lists only releases that are deployed or failed. Flags like\n" \
	"'--uninstalled' and '--all' will alter this behavior. Such flags can be combined:\n" \
	"'--uninstalled --failed'.\n" \
	"\n" \
	"By default, items are sorted alphabetically. Use the '-d' flag to sort by\n" \
	"release date.\n" \
	"\n" \
	"If the --filter flag is provided, it will be treated as a filter. Filters are\n" \
	"regular expressions (Perl compatible) that are applied to the list of releases.\n" \
	"Only items that match the filter will be returned.\n" \
	"\n" \
	"    $ helm list --filter 'ara[a-z]+'\n" \
	"    NAME                UPDATED                                  CHART\n" \
	"    maudlin-arachnid    2020-06-18 14:17:46.125134977 +0000 UTC  alpine-0.1.0\n" \
	"\n" \
	"If no results are found, 'helm list' will exit 0, but with no output (or in\n" \
	"the case of no '-q' flag, only headers).\n" \
	"\n" \
	"By default, up to 256 items may be returned. To limit this, use the '--max' flag.\n" \
	"Setting '--max' to 0 will not return all results. Rather, it will return the\n" \
	"server's default, which may be much higher than 256. Pairing the '--max'\n" \
	"flag with the '--offset' flag allows you to page through results.\n" \
	""

#define HELM_HISTORY_DESC \
	"\n" \
	"History prints historical revisions for a given release.\n" \
	"\n" \
	"A default maximum of 256 revisions will be returned. Setting '--max'\n" \
	"configures the maximum length of the revision list returned.\n" \
	"\n" \
	"The historical release set is printed as a formatted table, e.g:\n" \
	"\n" \
	"    $ helm history angry-bird\n" \
	"    REVISION    UPDATED                     STATUS          CHART             APP VERSION     DESCRIPTION\n" \
	"    1           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Initial install\n" \
	"    2           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Upgraded successfully\n" \
	"    3           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Rolled back to 2\n" \
	"    4           Mon Oct 3 10:15:13 2016     deployed        alpine-0.1.0      1.0             Upgraded successfully\n" \
	""

#define HELM_STATUS_DESC \
	"\n" \
	"This command shows the status of a named release.\n" \
	"The status consists of:\n" \
	"- last deployment time\n" \
	"- k8s namespace in which the release lives\n" \
	"- state of the release (can be: unknown, deployed, uninstalled, superseded, failed, uninstalling, pending-install, pending-upgrade or pending-rollback)\n" \
	"- revision of the release\n" \
	"- description of the release (can be completion message or error message, need to enable --show-desc)\n" \
	"- list of resources that this release consists of (need to enable --show-resources)\n" \
	"- details on last test suite run, if applicable\n" \
	"- additional notes provided by the chart\n" \
	""

#define HELM_GET_DESC \
	"\n" \
	"This command consists of multiple subcommands which can be used to\n" \
	"get extended information about the release, including:\n" \
	"\n" \
	"- The values used to generate the release\n" \
	"- The generated manifest file\n" \
	"- The notes provided by the chart of the release\n" \
	"- The hooks associated with the release\n" \
	"- The metadata of the release\n" \
	""

#define HELM_GETVALUES_DESC \
	"\n" \
	"This command downloads a values file for a given release.\n" \
	""

#define HELM_GETMANIFEST_DESC \
	"\n" \
	"This command fetches the generated manifest for a given release.\n" \
	"\n" \
	"A manifest is a YAML-encoded representation of the Kubernetes resources that\n" \
	"were generated from this release's chart(s). If a chart is dependent on other\n" \
	"charts, those resources will also be included in the manifest.\n" \
	""

#define HELM_GETNOTES_DESC \
	"\n" \
	"This command shows notes provided by the chart of a named release.\n" \
	""

#define HELM_GETHOOKS_DESC \
	"\n" \
	"This command downloads hooks for a given release.\n" \
	"\n" \
	"Hooks are formatted in YAML and separated by the YAML '---\\n' separator.\n" \
	""

#define HELM_GETALL_DESC \
	"\n" \
	"This command prints a human readable collection of information about the\n" \
	"notes, hooks, supplied values, and generated manifest file of the given release.\n" \
	""

#define HELM_RELEASETEST_DESC \
	"\n" \
	"The test command runs the tests for a release.\n" \
	"\n" \
	"The argument this command takes is the name of a deployed release.\n" \
	"The tests to be run are defined in the chart that was installed.\n" \
	""

#endif
