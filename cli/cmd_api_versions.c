/* kc api-versions: every group/version the server serves, sorted. */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"

int cmd_api_versions(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "api-versions",
		.long_ = "Print the supported API versions on the server, in the form of \"group/version\".",
		.example = "  # Print the supported API versions\n  kubectl api-versions",
	};
	const struct kc_option opts[] = { OPT_END() };
	struct strvec args = STRVEC_INIT, out = STRVEC_INIT;
	int ret = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto cleanup;
	}
	if (args.nr) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < args.nr; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", args.v[i]);
		ret = kc_err_set(err, "unexpected arguments: [%s]\nSee '%s api-versions -h' for help and examples",
				 sb.buf, ctx->prog);
		strbuf_release(&sb);
		goto cleanup;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto cleanup;
	}
	struct kc_err derr = KC_ERR_INIT;
	const struct kc_discovery *d = kc_discovery_get(c, 1, &derr);
	if (!d) {
		const char *ue = kc_client_last_url_error(c);
		if (ue)
			kc_err_set(err, "couldn't get available api versions from server: %s", ue);
		else
			kc_err_move(err, &derr);
		kc_err_release(&derr);
		ret = -1;
		goto cleanup;
	}
	kc_err_release(&derr);
	for (size_t i = 0; i < d->ngroups; i++)
		for (size_t j = 0; j < d->groups[i].versions.nr; j++)
			strvec_pushf(&out, "%s%s%s", d->groups[i].name, *d->groups[i].name ? "/" : "",
				     d->groups[i].versions.v[j]);
	strvec_sort(&out);
	for (size_t i = 0; i < out.nr; i++)
		printf("%s\n", out.v[i]);
cleanup:
	strvec_clear(&args);
	strvec_clear(&out);
	return ret;
}
