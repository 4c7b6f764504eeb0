/* kc version [--client] [-o json|yaml] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
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

/* "v1.20.2" -> 20; -1 if unparsable. */
static long minor_of(const char *git_version)
{
	const char *p = git_version;
	if (*p == 'v')
		p++;
	const char *dot = strchr(p, '.');
	if (!dot)
		return -1;
	char *end;
	long m = strtol(dot + 1, &end, 10);
	return end == dot + 1 ? -1 : m;
}

/* The server half of `version`: GET /version, print, warn about version skew. */
static int server_version(struct kc_ctx *ctx, const char *output, struct kc_err *err)
{
	json_t *cv = client_version();
	int ret = 0;
	if (!*output)
		printf("Client Version: %s\n", json_string_value(json_object_get(cv, "gitVersion")));
	json_t *sv = NULL;
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (c) {
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		req.path = "/version";
		req.timeout_ms = 32000;
		req.log_src = "discovery_client.go:658";
		if (kc_client_do(c, &req, &resp, err) == 0) {
			if (resp.code < 200 || resp.code > 299) {
				struct kc_err_hint hint = { 0 };
				hint.discovery = 1;
				kc_status_error(&resp, &hint, err);
			}
			else if (!(sv = json_loadb(resp.body.buf, resp.body.len, 0, NULL)) || !json_is_object(sv))
				kc_err_set(err, "couldn't get version/kind; json parse error");
		}
		kc_response_release(&resp);
	}
	if (kc_err_isset(err)) {
		json_decref(sv);
		sv = NULL;
		ret = -1;
	}
	if (*output) {
		if (ret == 0) {
			json_t *doc = json_pack("{s:O, s:O}", "clientVersion", cv, "serverVersion", sv);
			struct strbuf sb = STRBUF_INIT;
			if (!strcmp(output, "json"))
				json_emit(&sb, doc, JSON_OUT_INDENT2);
			else
				yaml_emit(&sb, doc);
			printf("%s\n", sb.buf);
			strbuf_release(&sb);
			json_decref(doc);
		}
	} else if (ret == 0) {
		printf("Server Version: %s\n", json_string_value(json_object_get(sv, "gitVersion")));
	}
	if (ret == 0) {
		long cm = minor_of(json_string_value(json_object_get(cv, "gitVersion")));
		const char *sg = json_string_value(json_object_get(sv, "gitVersion"));
		long sm = sg ? minor_of(sg) : -1;
		if (cm >= 0 && sm >= 0 && (cm - sm > 1 || sm - cm > 1)) {
			fflush(stdout);
			fprintf(stderr, "WARNING: version difference between client (1.%ld) and server (1.%ld) exceeds the supported minor version skew of +/-1\n",
				cm, sm);
		}
	}
	json_decref(cv);
	json_decref(sv);
	return ret;
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
		return server_version(ctx, output, err);
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
