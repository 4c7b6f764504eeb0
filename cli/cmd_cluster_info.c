/* kc cluster-info: the control plane's address and the cluster services
 * (label kubernetes.io/cluster-service=true) with their proxy URLs. */
#include <stdio.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"

static void print_service(struct strbuf *out, const char *name, const char *link)
{
	strbuf_addf(out, "%s is running at %s\n", name, link);
}

static const char *sget(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int cmd_cluster_info(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "cluster-info [flags]",
		.long_ = "Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
		.example = "  # Print the address of the control plane and cluster services\n  kubectl cluster-info",
		.subcommands = "  dump          Dump relevant information for debugging and diagnosis",
	};
	const struct kc_option opts[] = { OPT_END() };
	struct strvec args = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	int ret = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	int dump = args.nr && !strcmp(args.v[0], "dump");
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (dump)
		return kc_err_set(err, "'cluster-info dump' is not implemented in kc yet");
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c)
		return -1;
	const struct kc_rest_config *rc_ = kc_client_config(c);
	const char *ns = ctx->g.namespace && *ctx->g.namespace ? ctx->g.namespace : "kube-system";
	const struct kc_api_resource *svc = kc_client_resource(c, "services", err);
	if (!svc) {
		/* kubectl's resource builder retries discovery and logs each failure */
		for (int i = 0; i < 4; i++)
			kc_client_log_discovery_error(c);
		ret = -1;
		goto done;
	}
	char *base = kc_resource_path(svc, ns, NULL);
	char *path = xasprintf("%s?labelSelector=kubernetes.io%%2Fcluster-service%%3Dtrue", base);
	free(base);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	if (kc_client_do(c, &req, &resp, err) < 0) {
		ret = -1;
	} else if (resp.code < 200 || resp.code > 299) {
		struct kc_err_hint hint = { "", "services", NULL, "list", 0 };
		ret = kc_status_error(&resp, &hint, err);
	} else {
		json_t *list = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
		print_service(&out, "Kubernetes control plane", rc_->host);
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(list, "items"), i, item) {
			json_t *meta = json_object_get(item, "metadata");
			json_t *spec = json_object_get(item, "spec");
			json_t *ingress = json_object_get(json_object_get(json_object_get(item, "status"), "loadBalancer"), "ingress");
			struct strbuf link = STRBUF_INIT;
			if (json_array_size(ingress) > 0) {
				json_t *ing = json_array_get(ingress, 0);
				const char *ip = sget(ing, "ip");
				if (!*ip)
					ip = sget(ing, "hostname");
				size_t j;
				json_t *port;
				json_array_foreach(json_object_get(spec, "ports"), j, port)
					strbuf_addf(&link, "http://%s:%lld ", ip,
						    (long long)json_integer_value(json_object_get(port, "port")));
			} else {
				struct strbuf name = STRBUF_INIT;
				json_t *ports = json_object_get(spec, "ports");
				if (json_array_size(ports) > 0) {
					json_t *p = json_array_get(ports, 0);
					const char *pname = sget(p, "name");
					long long pnum = (long long)json_integer_value(json_object_get(p, "port"));
					const char *scheme = (!strcmp(pname, "https") || pnum == 443) ? "https" : "";
					/* utilnet.JoinSchemeNamePort */
					if (*scheme)
						strbuf_addf(&name, "%s:%s:%s", scheme, sget(meta, "name"), pname);
					else if (*pname)
						strbuf_addf(&name, "%s:%s", sget(meta, "name"), pname);
					else
						strbuf_addstr(&name, sget(meta, "name"));
				} else {
					strbuf_addstr(&name, sget(meta, "name"));
				}
				strbuf_addf(&link, "%s/api/v1/namespaces/%s/services/%s/proxy", rc_->host,
					    sget(meta, "namespace"), name.buf);
				strbuf_release(&name);
			}
			const char *sname = sget(json_object_get(meta, "labels"), "kubernetes.io/name");
			print_service(&out, *sname ? sname : sget(meta, "name"), link.buf);
			strbuf_release(&link);
		}
		json_decref(list);
	}
	kc_response_release(&resp);
	free(path);
done:
	strbuf_addstr(&out, "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
	fputs(out.buf, stdout);
	strbuf_release(&out);
	return ret;
}
