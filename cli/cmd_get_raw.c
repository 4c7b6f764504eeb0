/* kc get --raw PATH: the server's bytes for PATH, as kubectl prints them.
 * kc_get_raw is the piece the full `get` command calls for --raw. */
#include <stdio.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"

int kc_get_raw(struct kc_ctx *ctx, const char *path, struct kc_err *err)
{
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c)
		return -1;
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	req.log_src = "raw.go:84";
	req.log_resp_src = "-";
	if (kc_client_do(c, &req, &resp, err) < 0) {
		kc_response_release(&resp);
		return -1;
	}
	int ret = 0;
	if (resp.code < 200 || resp.code > 299) {
		kc_client_log_body(c, "get.go:174", "Response Body", resp.body.buf, resp.body.len);
		ret = kc_status_error(&resp, NULL, err);
	}
	else
		fwrite(resp.body.buf, 1, resp.body.len, stdout);
	kc_response_release(&resp);
	return ret;
}

/* Until the full `get` lands, `get` serves --raw only. */
int cmd_get(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
		.long_ = "Display one or many resources.",
	};
	const char *raw = "", *output = "";
	int raw_set = 0;
	const struct kc_option opts[] = {
		OPT_STRING("output", 'o', &output, "Output format."),
		{ OPT_T_STRING, "raw", 0, &raw, "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.", NULL, 0, &raw_set, NULL },
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	int ret = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	if (!raw_set || !*raw) {
		ret = kc_err_set(err, "only 'get --raw PATH' is implemented yet");
		goto out;
	}
	if (*output) {
		ret = kc_err_set(err, "--raw and --output are mutually exclusive");
		goto out;
	}
	if (args.nr) {
		ret = kc_err_set(err, "arguments may not be passed when --raw is specified");
		goto out;
	}
	if (raw[0] != '/') {
		ret = kc_err_set(err, "--raw must be a valid URL path: parse \"%s\": invalid URI for request", raw);
		goto out;
	}
	ret = kc_get_raw(ctx, raw, err);
out:
	strvec_clear(&args);
	return ret;
}
