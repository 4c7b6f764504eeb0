/* cli/: sending and printing generated objects (see cmd_create_common.h). */
#include "cli/cmd_create_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "kube/jsonpath.h"
#include "kubeconfig/kubeconfig.h"
#include "util/json.h"
#include "util/yaml.h"

int create_usage_error(struct kc_ctx *ctx, struct kc_err *err, const char *fmt, ...)
{
	struct strbuf m = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&m, fmt, ap);
	va_end(ap);
	kc_err_raw(err, "error: %s\nSee '%s %s -h' for help and examples", m.buf, ctx->prog,
		   ctx->cmd_path);
	strbuf_release(&m);
	return -1;
}

static const char *const printer_formats[] = {
	"json", "yaml", "name", "go-template", "go-template-file", "template", "templatefile",
	"jsonpath", "jsonpath-as-json", "jsonpath-file", NULL,
};

int create_common_check(struct create_common *co, struct kc_err *err)
{
	if (!strcmp(co->dry_run, "unchanged")) {
		kc_klog('W', "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.");
		co->dry_run = "client";
	}
	if (strcmp(co->dry_run, "none") && strcmp(co->dry_run, "client") && strcmp(co->dry_run, "server"))
		return kc_err_set(err, "Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".",
				  co->dry_run);
	const char *v = co->validate;
	if (strcmp(v, "strict") && strcmp(v, "true") && strcmp(v, "warn") && strcmp(v, "ignore") &&
	    strcmp(v, "false"))
		return kc_err_set(err, "invalid - validate option \"%s\"; must be one of: strict (or true), warn, ignore (or false)", v);
	if (*co->output) {
		size_t n = strcspn(co->output, "=");
		int ok = 0;
		for (int i = 0; printer_formats[i]; i++)
			if (strlen(printer_formats[i]) == n && !strncmp(printer_formats[i], co->output, n))
				ok = 1;
		if (!ok)
			return kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
					  co->output);
		if (!strncmp(co->output, "go-template", 11) || !strncmp(co->output, "template", 8))
			return kc_err_set(err, "-o %s is not supported by kc's create yet", co->output);
	}
	return 0;
}

char *create_namespace(struct kc_ctx *ctx, int *explicit_ns, struct kc_err *err)
{
	struct kc_config_overrides ov;
	kc_global_to_overrides(&ctx->g, &ov);
	return kc_config_namespace(&ov, explicit_ns, err);
}

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* "deployment.apps/nginx" */
static void kind_name(struct strbuf *sb, const json_t *obj)
{
	const char *kind = sget(obj, "kind");
	const char *av = sget(obj, "apiVersion");
	const char *slash = strchr(av, '/');
	for (const char *p = kind; *p; p++)
		strbuf_addch(sb, (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	if (slash)
		strbuf_addf(sb, ".%.*s", (int)(slash - av), av);
	strbuf_addf(sb, "/%s", sget(json_object_get(obj, "metadata"), "name"));
}

int create_print_obj(struct create_common *co, json_t *obj, const char *verb, struct kc_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int rc = 0;
	if (!co->show_managed) {
		json_t *meta = json_object_get(obj, "metadata");
		if (json_is_object(meta))
			json_object_del(meta, "managedFields");
	}
	if (!*co->output || !strcmp(co->output, "name")) {
		kind_name(&out, obj);
		if (!*co->output) {
			strbuf_addf(&out, " %s", verb);
			if (!strcmp(co->dry_run, "client"))
				strbuf_addstr(&out, " (dry run)");
			else if (!strcmp(co->dry_run, "server"))
				strbuf_addstr(&out, " (server dry run)");
		}
		strbuf_addch(&out, '\n');
	} else if (!strcmp(co->output, "json")) {
		json_emit(&out, obj, co->sort_keys ? JSON_OUT_SORT_KEYS : 0);
		strbuf_addch(&out, '\n');
	} else if (!strcmp(co->output, "yaml")) {
		yaml_emit(&out, obj);
	} else {
		struct kubectl_tprinter *p = NULL;
		rc = kubectl_tprinter_new(co->output, co->template_, co->allow_missing, 0, 0, &p, err);
		if (rc == 0) {
			const json_t *objs[1] = { obj };
			rc = kubectl_tprinter_print(p, objs, 1, &out, err);
			kubectl_tprinter_free(p);
		} else if (rc > 0) {
			rc = kc_err_set(err, "-o %s is not supported by kc's create yet", co->output);
		}
	}
	if (rc == 0)
		fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	return rc < 0 ? -1 : 0;
}

static void add_last_applied(json_t *obj)
{
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, obj, JSON_OUT_COMPACT);
	strbuf_addch(&sb, '\n');
	json_t *meta = json_object_get(obj, "metadata");
	json_t *ann = json_object_get(meta, "annotations");
	if (!ann) {
		ann = json_object();
		json_object_set_new(meta, "annotations", ann);
	}
	json_object_set_new(ann, "kubectl.kubernetes.io/last-applied-configuration", json_string(sb.buf));
	strbuf_release(&sb);
}

int create_send(struct kc_ctx *ctx, struct create_common *co, json_t *obj, const char *gvr,
		int namespaced, const char *ns, const char *fail_fmt, const char *verb, struct kc_err *err)
{
	int ret = -1;
	if (co->save_config)
		add_last_applied(obj);
	if (!strcmp(co->dry_run, "client")) {
		ret = create_print_obj(co, obj, verb, err);
		json_decref(obj);
		return ret;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		json_decref(obj);
		return -1;
	}
	/* kubectl's generators know their group-version-resource: no discovery */
	char gv[128];
	snprintf(gv, sizeof gv, "%s", gvr);
	char *last = strrchr(gv, '/');
	*last = 0;
	char *slash = strchr(gv, '/');
	struct kc_api_resource rs;
	memset(&rs, 0, sizeof rs);
	rs.group = slash ? gv : (char *)"";
	if (slash)
		*slash = 0;
	rs.version = slash ? slash + 1 : gv;
	rs.name = last + 1;
	rs.namespaced = namespaced;
	const struct kc_api_resource *res = &rs;
	char *base = kc_resource_path(res, res->namespaced ? ns : NULL, NULL);
	const char *v = co->validate;
	const char *fv = (!strcmp(v, "strict") || !strcmp(v, "true")) ? "Strict" :
			 !strcmp(v, "warn") ? "Warn" : "Ignore";
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s?%sfieldManager=", base, !strcmp(co->dry_run, "server") ? "dryRun=All&" : "");
	for (const char *p = co->field_manager; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || ch == '.' || ch == '~')
			strbuf_addch(&path, ch);
		else
			strbuf_addf(&path, "%%%02X", ch);
	}
	strbuf_addf(&path, "&fieldValidation=%s", fv);
	free(base);
	struct strbuf body = STRBUF_INIT;
	json_emit(&body, obj, JSON_OUT_COMPACT);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.method = "POST";
	req.path = path.buf;
	req.body = body.buf;
	req.body_len = body.len;
	if (kc_client_do(c, &req, &resp, err) < 0) {
		if (fail_fmt && resp.cause) {
			struct strbuf m = STRBUF_INIT, u = STRBUF_INIT;
			strbuf_addf(&u, "Post \"%s%s\": %s", kc_client_config(c)->host, path.buf, resp.cause);
			strbuf_addf(&m, fail_fmt, u.buf);
			kc_err_set(err, "%s", m.buf);
			strbuf_release(&m);
			strbuf_release(&u);
		}
	} else {
		if (resp.code < 200 || resp.code > 299) {
			char *reason = NULL, *message = NULL;
			long code = 0;
			const char *name = sget(json_object_get(obj, "metadata"), "name");
			struct kc_err_hint hint = { res->group, res->name, name, "create", 0 };
			if (fail_fmt && kc_status_decode(resp.body.buf, resp.body.len, &reason, &message, &code) == 0) {
				struct strbuf m = STRBUF_INIT;
				strbuf_addf(&m, fail_fmt, message ? message : "");
				kc_err_set(err, "%s", m.buf);
				strbuf_release(&m);
			} else {
				kc_status_error(&resp, &hint, err);
			}
			free(reason);
			free(message);
		} else {
			struct kc_err perr = KC_ERR_INIT;
			json_t *got = json_parse(resp.body.buf, resp.body.len, &perr);
			if (!got) {
				kc_err_move(err, &perr);
			} else {
				ret = create_print_obj(co, got, verb, err);
				json_decref(got);
			}
			kc_err_release(&perr);
		}
	}
	kc_response_release(&resp);
	strbuf_release(&body);
	strbuf_release(&path);
	json_decref(obj);
	return ret;
}
