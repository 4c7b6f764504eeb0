/* kc expose (deployment|replicaset|replicationcontroller|pod|service) NAME …:
 * GET the object, derive the selector, ports, protocols and labels from it as
 * kubectl v1.32's expose does, and create the Service. -f is not implemented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_create_help.h"
#include "cli/kc.h"
#include "kube/generate.h"

struct expose_opts {
	const char *cluster_ip, *external_ip, *labels, *lb_ip, *name, *port, *protocol;
	const char *selector, *affinity, *target_port, *type;
};

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* The pod spec whose containers' ports count (Pod: spec; workloads: template). */
static json_t *pod_spec(json_t *obj, const char *kind)
{
	json_t *spec = json_object_get(obj, "spec");
	if (!strcmp(kind, "Pod"))
		return spec;
	return json_object_get(json_object_get(spec, "template"), "spec");
}

/* "port" strings and port -> protocols, as PortsForObject / MultiProtocolsForObject. */
static void object_ports(json_t *obj, const char *kind, struct strvec *ports, json_t *protos)
{
	size_t i, j;
	json_t *c, *p;
	if (!strcmp(kind, "Service")) {
		json_array_foreach(json_object_get(json_object_get(obj, "spec"), "ports"), i, p) {
			char num[32];
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(json_object_get(p, "port")));
			strvec_push(ports, num);
			json_t *l = json_object_get(protos, num);
			if (!l)
				json_object_set_new(protos, num, l = json_array());
			json_array_append_new(l, json_string(sget(p, "protocol")));
		}
		return;
	}
	json_array_foreach(json_object_get(pod_spec(obj, kind), "containers"), i, c) {
		json_array_foreach(json_object_get(c, "ports"), j, p) {
			char num[32];
			snprintf(num, sizeof num, "%lld",
				 (long long)json_integer_value(json_object_get(p, "containerPort")));
			strvec_push(ports, num);
			json_t *l = json_object_get(protos, num);
			if (!l)
				json_object_set_new(protos, num, l = json_array());
			json_array_append_new(l, json_string(sget(p, "protocol")));
		}
	}
}

/* The selector as a label map (new), or NULL + err. */
static json_t *object_selector(json_t *obj, const char *kind, struct kc_err *err)
{
	json_t *spec = json_object_get(obj, "spec");
	json_t *m = NULL;
	if (!strcmp(kind, "Pod")) {
		m = json_object_get(json_object_get(obj, "metadata"), "labels");
		if (!json_object_size(m)) {
			kc_err_set(err, "couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed");
			return NULL;
		}
	} else if (!strcmp(kind, "Service")) {
		m = json_object_get(spec, "selector");
		if (!m) {
			kc_err_set(err, "couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set");
			return NULL;
		}
	} else if (!strcmp(kind, "ReplicationController")) {
		m = json_object_get(spec, "selector");
	} else {
		json_t *sel = json_object_get(spec, "selector");
		if (json_array_size(json_object_get(sel, "matchExpressions"))) {
			kc_err_set(err, "couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - \"%s\" to map-based selector format",
				   "matchExpressions");
			return NULL;
		}
		m = json_object_get(sel, "matchLabels");
	}
	return m ? json_deep_copy(m) : json_object();
}

static int valid_kind(const char *group, const char *kind)
{
	if (!*group)
		return !strcmp(kind, "Pod") || !strcmp(kind, "Service") || !strcmp(kind, "ReplicationController");
	if (!strcmp(group, "apps") || !strcmp(group, "extensions"))
		return !strcmp(kind, "Deployment") || !strcmp(kind, "ReplicaSet");
	return 0;
}

static json_t *sorted_labels(json_t *m)
{
	/* gen_meta sorts; re-use it through a throwaway meta */
	json_t *meta = gen_meta("", NULL, m);
	json_t *l = json_incref(json_object_get(meta, "labels"));
	json_decref(meta);
	return l;
}

/* createService in kubectl's expose.go. */
static json_t *build_service(const struct expose_opts *o, const char *default_name,
			     const char *ports_str, json_t *selector, json_t *labels, json_t *protos,
			     struct kc_err *err)
{
	const char *name = *o->name ? o->name : default_name;
	json_t *ports = json_array();
	struct strvec ps = STRVEC_INIT;
	if (*ports_str)
		strvec_split(&ps, ports_str, ',');
	for (size_t i = 0; i < ps.nr; i++) {
		char *end;
		long port = strtol(ps.v[i], &end, 10);
		if (!*ps.v[i] || *end) {
			kc_err_set(err, "strconv.Atoi: parsing \"%s\": invalid syntax", ps.v[i]);
			strvec_clear(&ps);
			json_decref(ports);
			return NULL;
		}
		char pname[32] = "";
		if (ps.nr > 1)
			snprintf(pname, sizeof pname, "port-%zu", i + 1);
		const char *proto = o->protocol;
		json_t *plist = json_object_get(protos, ps.v[i]);
		if (!*proto && !json_object_size(protos)) {
			proto = "TCP";
		} else if (!*proto) {
			proto = "TCP";
			if (json_array_size(plist) == 1) {
				proto = json_string_value(json_array_get(plist, 0));
			} else if (json_array_size(plist) > 1) {
				size_t j;
				json_t *pr;
				json_array_foreach(plist, j, pr) {
					char n2[64];
					const char *ps_ = json_string_value(pr);
					snprintf(n2, sizeof n2, "port-%zu-", i + 1);
					struct strbuf nb = STRBUF_INIT;
					strbuf_addstr(&nb, n2);
					for (const char *c = ps_; *c; c++)
						strbuf_addch(&nb, (*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
					json_array_append_new(ports, json_pack("{s:s, s:s, s:I}", "name", nb.buf,
									       "protocol", ps_, "port", (json_int_t)port));
					strbuf_release(&nb);
				}
				continue;
			}
		}
		json_t *p = json_object();
		if (*pname)
			json_object_set_new(p, "name", json_string(pname));
		json_object_set_new(p, "protocol", json_string(proto));
		json_object_set_new(p, "port", json_integer(port));
		json_array_append_new(ports, p);
	}
	strvec_clear(&ps);
	size_t i;
	json_t *p;
	json_array_foreach(ports, i, p) {
		if (*o->target_port) {
			char *end;
			long t = strtol(o->target_port, &end, 10);
			if (*end)
				json_object_set_new(p, "targetPort", json_string(o->target_port));
			else
				json_object_set_new(p, "targetPort", json_integer(t));
		} else {
			json_object_set(p, "targetPort", json_object_get(p, "port"));
		}
	}
	json_t *svc = json_object();
	json_object_set_new(svc, "kind", json_string("Service"));
	json_object_set_new(svc, "apiVersion", json_string("v1"));
	json_object_set_new(svc, "metadata", gen_meta(name, NULL, json_object_size(labels) ? json_incref(labels) : NULL));
	json_t *spec = json_object();
	if (json_array_size(ports))
		json_object_set_new(spec, "ports", ports);
	else
		json_decref(ports);
	json_object_set_new(spec, "selector", sorted_labels(json_incref(selector)));
	if (*o->cluster_ip)
		json_object_set_new(spec, "clusterIP", json_string(o->cluster_ip));
	if (*o->type)
		json_object_set_new(spec, "type", json_string(o->type));
	if (*o->external_ip)
		json_object_set_new(spec, "externalIPs", json_pack("[s]", o->external_ip));
	if (*o->affinity) {
		if (strcmp(o->affinity, "None") && strcmp(o->affinity, "ClientIP")) {
			json_decref(spec);
			json_decref(svc);
			kc_err_set(err, "unknown session affinity: %s", o->affinity);
			return NULL;
		}
		json_object_set_new(spec, "sessionAffinity", json_string(o->affinity));
	}
	if (!strcmp(o->type, "LoadBalancer") && *o->lb_ip)
		json_object_set_new(spec, "loadBalancerIP", json_string(o->lb_ip));
	json_object_set_new(svc, "spec", spec);
	json_object_set_new(svc, "status", json_pack("{s:{}}", "loadBalancer"));
	return svc;
}

static int expose_one(struct kc_ctx *ctx, struct kc_client *c, struct create_common *co,
		      const struct expose_opts *o, const struct kc_api_resource *res, const char *name,
		      const char *ns, int explicit_ns, struct kc_err *err)
{
	char *path = kc_resource_path(res, res->namespaced ? ns : NULL, name);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	json_t *obj = NULL;
	int rc = kc_client_do(c, &req, &resp, err);
	if (rc == 0) {
		if (resp.code < 200 || resp.code > 299) {
			struct kc_err_hint hint = { res->group, res->name, name, "get", 0 };
			rc = kc_status_error(&resp, &hint, err);
		} else if (!(obj = json_loadb(resp.body.buf, resp.body.len, 0, NULL))) {
			rc = kc_err_set(err, "couldn't decode %s %s", res->name, name);
		}
	}
	kc_response_release(&resp);
	free(path);
	if (rc < 0)
		return -1;
	const char *kind = res->kind;
	json_t *selector = NULL, *labels = NULL, *protos = json_object(), *svc = NULL;
	struct strvec ports = STRVEC_INIT;
	struct strbuf pstr = STRBUF_INIT;
	if (!valid_kind(res->group, kind)) {
		rc = kc_err_set(err, "cannot expose a %s", kind);
		goto out;
	}
	char default_name[64];
	snprintf(default_name, sizeof default_name, "%.63s", sget(json_object_get(obj, "metadata"), "name"));
	if (*o->selector) {
		if (!(selector = gen_parse_labels(o->selector, err))) {
			rc = -1;
			goto out;
		}
	} else if (!(selector = object_selector(obj, kind, err))) {
		rc = -1;
		goto out;
	}
	object_ports(obj, kind, &ports, protos);
	if (*o->port) {
		strbuf_addstr(&pstr, o->port);
	} else {
		if (!ports.nr && strcmp(o->cluster_ip, "None")) {
			rc = kc_err_set(err, "couldn't find port via --port flag or introspection");
			goto out;
		}
		for (size_t i = 0; i < ports.nr; i++)
			strbuf_addf(&pstr, "%s%s", i ? "," : "", ports.v[i]);
	}
	if (!json_object_size(selector)) {
		rc = kc_err_set(err, "selector must be specified");
		goto out;
	}
	if (*o->labels) {
		if (!(labels = gen_parse_labels(o->labels, err))) {
			rc = -1;
			goto out;
		}
	} else {
		json_t *l = json_object_get(json_object_get(obj, "metadata"), "labels");
		labels = l ? json_deep_copy(l) : json_object();
	}
	svc = build_service(o, default_name, pstr.buf, selector, labels, protos, err);
	if (!svc) {
		rc = -1;
		goto out;
	}
	if (explicit_ns && !strcmp(co->dry_run, "client")) {
		/* kubectl sets the namespace after building: it lands after the name */
		json_t *meta = json_object_get(svc, "metadata");
		json_t *nm = gen_meta(sget(meta, "name"), ns, json_incref(json_object_get(meta, "labels")));
		if (!json_object_get(meta, "labels"))
			json_object_del(nm, "labels");
		json_object_set_new(svc, "metadata", nm);
	}
	rc = create_send(ctx, co, svc, "v1/services", 1, ns, NULL, "exposed", err);
out:
	json_decref(obj);
	json_decref(selector);
	json_decref(labels);
	json_decref(protos);
	strvec_clear(&ports);
	strbuf_release(&pstr);
	return rc;
}

/* kubectl's resource builder retries discovery and logs each failure (not for
 * an unknown type, which is not a transport failure). */
static void log_retries(struct kc_client *c, int n)
{
	if (!kc_client_last_url_error(c))
		return;
	for (int i = 0; i < n; i++)
		kc_client_log_discovery_error(c);
}

int cmd_expose(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_EXPOSE_USE, .long_ = HELP_EXPOSE_LONG, .example = HELP_EXPOSE_EXAMPLE,
	};
	struct create_common co = CREATE_COMMON_INIT("kubectl-expose");
	struct expose_opts o = { "", "", "", "", "", "", "", "", "", "", "" };
	struct strvec files = STRVEC_INIT;
	const char *kustomize = "", *override_type = "merge", *overrides = "";
	int recursive = 0;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_EXPOSE),
		OPT_STRING("cluster-ip", 0, &o.cluster_ip, U_EXPOSE_CLUSTER_IP),
		OPT_STRING("external-ip", 0, &o.external_ip, U_EXPOSE_EXTERNAL_IP),
		OPT_STRSLICE("filename", 'f', &files, U_EXPOSE_FILENAME),
		OPT_STRING("kustomize", 'k', &kustomize, U_EXPOSE_KUSTOMIZE),
		OPT_STRING("labels", 'l', &o.labels, U_EXPOSE_LABELS),
		OPT_STRING("load-balancer-ip", 0, &o.lb_ip, U_EXPOSE_LOAD_BALANCER_IP),
		OPT_STRING("name", 0, &o.name, U_EXPOSE_NAME),
		OPT_STRING("override-type", 0, &override_type, U_EXPOSE_OVERRIDE_TYPE),
		OPT_STRING("overrides", 0, &overrides, U_EXPOSE_OVERRIDES),
		OPT_STRING("port", 0, &o.port, U_EXPOSE_PORT),
		OPT_STRING("protocol", 0, &o.protocol, U_EXPOSE_PROTOCOL),
		OPT_BOOL("recursive", 'R', &recursive, U_EXPOSE_RECURSIVE),
		OPT_STRING("selector", 0, &o.selector, U_EXPOSE_SELECTOR),
		OPT_STRING("session-affinity", 0, &o.affinity, U_EXPOSE_SESSION_AFFINITY),
		OPT_STRING("target-port", 0, &o.target_port, U_EXPOSE_TARGET_PORT),
		OPT_STRING("type", 0, &o.type, U_EXPOSE_TYPE),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	char *ns = NULL;
	int explicit_ns = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc)
		goto out;
	if ((rc = create_common_check(&co, err)) < 0)
		goto out;
	if (files.nr || *kustomize || *overrides) {
		rc = kc_err_set(err, "kc expose: -f, -k and --overrides are not implemented yet");
		goto out;
	}
	if (!args.nr) {
		rc = kc_err_set(err, "You must provide one or more resources by argument or filename.\n"
				"Example resource specifications include:\n"
				"   '-f rsrc.yaml'\n"
				"   '--filename=rsrc.json'\n"
				"   '<resource> <name>'\n"
				"   '<resource>'");
		goto out;
	}
	if (!(ns = create_namespace(ctx, &explicit_ns, err))) {
		rc = -1;
		goto out;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		rc = -1;
		goto out;
	}
	/* TYPE NAME… or TYPE/NAME… */
	if (strchr(args.v[0], '/')) {
		for (size_t i = 0; i < args.nr && rc == 0; i++) {
			const char *slash = strchr(args.v[i], '/');
			if (!slash) {
				rc = kc_err_set(err, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
				break;
			}
			char *type = xstrndup(args.v[i], (size_t)(slash - args.v[i]));
			const struct kc_api_resource *res = kc_client_resource(c, type, err);
			free(type);
			if (!res)
				log_retries(c, 3);
			rc = res ? expose_one(ctx, c, &co, &o, res, slash + 1, ns, explicit_ns, err) : -1;
		}
	} else {
		if (args.nr < 2) {
			const struct kc_api_resource *res = kc_client_resource(c, args.v[0], err);
			if (!res)
				log_retries(c, 4);
			rc = res ? kc_err_set(err, "resource(s) were provided, but no name was specified") : -1;
			goto out;
		}
		const struct kc_api_resource *res = kc_client_resource(c, args.v[0], err);
		if (!res) {
			log_retries(c, 4);
			rc = -1;
			goto out;
		}
		for (size_t i = 1; i < args.nr && rc == 0; i++)
			rc = expose_one(ctx, c, &co, &o, res, args.v[i], ns, explicit_ns, err);
	}
out:
	strvec_clear(&files);
	strvec_clear(&args);
	free(ns);
	return rc < 0 ? -1 : 0;
}
