/* kc version [--client] [-o json|yaml] */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/kc.h"
#include "util/json.h"
#include "util/yaml.h"

/* kc speaks kubectl v1.32's API and prints its version numbers, so scripts that
 * compare versions keep working; gitCommit and buildDate say which kc it is. */
#ifndef KC_GIT_COMMIT
#define KC_GIT_COMMIT "unknown"
#endif

static json_t *client_version(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "major", "1", "minor", "32", "gitVersion", "v1.32.5",
			 "gitCommit", KC_GIT_COMMIT, "gitTreeState", "clean",
			 "buildDate", "1970-01-01T00:00:00Z", "goVersion", "kc",
			 "compiler", "gcc", "platform", "linux/amd64");
}

int cmd_version(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "version [flags]",
		.long_ = "Print the client and server version information for the current context.",
		.example = "  # Print the client and server versions for the current context\n  kubectl version",
	};
	int client = 0;
	const char *output = "";
	const struct kc_option opts[] = {
		OPT_BOOL("client", 0, &client, "If true, shows client version only (no server required)."),
		OPT_STRING("output", 'o', &output, "One of 'yaml' or 'json'."),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (*output && strcmp(output, "json") && strcmp(output, "yaml"))
		return kc_err_set(err, "--output must be 'yaml' or 'json'");
	if (!client)
		return kc_err_set(err, "server version needs a cluster connection; use --client");
	json_t *v = client_version();
	if (*output) {
		/* kubectl: json.MarshalIndent(v, "", "  ") or sigs.k8s.io/yaml.Marshal,
		 * then fmt.Println */
		json_t *doc = json_pack("{s:o}", "clientVersion", v);
		struct strbuf sb = STRBUF_INIT;
		if (!strcmp(output, "json"))
			json_emit(&sb, doc, JSON_OUT_INDENT2);
		else
			yaml_emit(&sb, doc);
		printf("%s\n", sb.buf);
		strbuf_release(&sb);
		json_decref(doc);
	} else {
		printf("Client Version: %s\n", json_string_value(json_object_get(v, "gitVersion")));
		json_decref(v);
	}
	return 0;
}
