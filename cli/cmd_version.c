/* kc version [--client] [-o json|yaml] */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/kc.h"

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
	if (!strcmp(output, "json")) {
		json_t *doc = json_pack("{s:o}", "clientVersion", v);
		char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(doc);
	} else if (!strcmp(output, "yaml")) {
		printf("clientVersion:\n");
		const char *k;
		json_t *val;
		void *tmp;
		(void)tmp;
		const char *keys[] = { "buildDate", "compiler", "gitCommit", "gitTreeState",
				       "gitVersion", "goVersion", "major", "minor", "platform" };
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
			k = keys[i];
			val = json_object_get(v, k);
			const char *s = json_string_value(val);
			int quote = !strcmp(k, "major") || !strcmp(k, "minor") || !strcmp(k, "buildDate");
			printf(quote ? "  %s: \"%s\"\n" : "  %s: %s\n", k, s);
		}
		printf("\n");
		json_decref(v);
	} else {
		printf("Client Version: %s\n", json_string_value(json_object_get(v, "gitVersion")));
		json_decref(v);
	}
	return 0;
}
