/* kc get --raw PATH: the server's bytes for PATH, as kubectl prints them.
 * kc_get_raw is the piece the full `get` command calls for --raw. */
#include <stdio.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"

static int to_stdout(void *ud, const char *data, size_t len)
{
	(void)ud;
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return 1;
	return 0;
}

/* kubectl streams the body (io.Copy), so a ?watch=true path prints events as
 * they come. */
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
	if (kc_client_stream(c, &req, to_stdout, NULL, &resp, err) < 0) {
		kc_response_release(&resp);
		return -1;
	}
	int ret = 0;
	if (resp.code < 200 || resp.code > 299) {
		kc_client_log_body(c, "get.go:174", "Response Body", resp.body.buf, resp.body.len);
		ret = kc_status_error(&resp, NULL, err);
	}
	kc_response_release(&resp);
	return kc_ctx_finish(ctx, ret, err);
}
