/* cli/: kubectl's resource builder as rollout, set and edit use it (see
 * cli/cmd_rollout.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_rollout.h"
#include "kube/jsonpath.h"
#include "kube/manifest.h"
#include "kube/printers.h"
#include "util/json.h"
#include "util/yaml.h"

static void url_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

void ro_group_kind(struct strbuf *sb, const struct kc_api_resource *res)
{
	strbuf_addstr(sb, res->kind);
	if (*res->group)
		strbuf_addf(sb, ".%s", res->group);
}

void ro_kind_name(struct strbuf *sb, const struct kc_api_resource *res, const json_t *obj)
{
	for (const char *p = res->kind; *p; p++)
		strbuf_addch(sb, (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	if (*res->group)
		strbuf_addf(sb, ".%s", res->group);
	const char *name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	strbuf_addf(sb, "/%s", name ? name : "");
}

static void add_target(struct ro_targets *t, const struct kc_api_resource *res, const char *ns,
		       json_t *obj)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc * 2 + 8;
		t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	t->v[t->n].res = res;
	t->v[t->n].ns = xstrdup(ns ? ns : "");
	t->v[t->n].obj = obj;
	t->n++;
}

void ro_add_err(struct ro_targets *t, const struct kc_err *e)
{
	if (t->errs.len && !strbuf_ends_with(&t->errs, "\n"))
		strbuf_addch(&t->errs, '\n');
	strbuf_addstr(&t->errs, e->msg.buf);
	t->nerrs++;
	t->only_plain = t->nerrs == 1 && (e->kind == KC_ERR_PLAIN || e->kind == KC_ERR_USAGE);
}

#define add_err ro_add_err

/* The apiVersion/kind a typed client sets on a list's items. */
static void set_type(json_t *obj, const struct kc_api_resource *res)
{
	if (!json_object_get(obj, "apiVersion")) {
		char *av = *res->group ? xasprintf("%s/%s", res->group, res->version) : xstrdup(res->version);
		json_object_set_new(obj, "apiVersion", json_string(av));
		free(av);
	}
	if (!json_object_get(obj, "kind"))
		json_object_set_new(obj, "kind", json_string(res->kind));
}

static json_t *get_one(struct ro_targets *t, const struct kc_api_resource *res, const char *ns,
		       const char *name, struct kc_err *err)
{
	char *path = kc_resource_path(res, res->namespaced ? ns : NULL, name);
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = path;
	json_t *obj = NULL;
	if (kc_client_do(t->client, &req, &resp, err) == 0) {
		if (resp.code < 200 || resp.code > 299) {
			struct kc_err_hint hint = { res->group, res->name, name, "get", 0 };
			kc_status_error(&resp, &hint, err);
		} else {
			obj = json_parse(resp.body.buf, resp.body.len, err);
		}
	}
	kc_response_release(&resp);
	free(path);
	if (obj)
		set_type(obj, res);
	return obj;
}

static int list_all(struct ro_targets *t, const struct kc_api_resource *res, const char *selector,
		    struct kc_err *err)
{
	char *base = kc_resource_path(res, res->namespaced ? t->ns : NULL, NULL);
	struct strbuf path = STRBUF_INIT;
	strbuf_addstr(&path, base);
	free(base);
	if (selector && *selector) {
		strbuf_addstr(&path, "?labelSelector=");
		url_escape(&path, selector);
	}
	json_t *doc = kc_client_get_json(t->client, path.buf, err);
	strbuf_release(&path);
	if (!doc)
		return -1;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(doc, "items"), i, it) {
		set_type(it, res);
		const char *ns = json_string_value(json_object_get(json_object_get(it, "metadata"), "namespace"));
		add_target(t, res, ns, json_incref(it));
	}
	json_decref(doc);
	return 0;
}

int ro_resolve(struct kc_ctx *ctx, const struct ro_select *sel, struct ro_targets *t,
	       struct kc_err *err)
{
	struct kc_manifest manifest = KC_MANIFEST_INIT;
	struct kc_err merr = KC_ERR_INIT;
	const struct strvec *args = sel->args;
	int ret = -1;
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg)
		goto out;
	t->ns = xstrdup(rcfg->namespace);
	if (!args->nr && !(sel->files && sel->files->nr)) {
		kc_err_set(err, "You must provide one or more resources by argument or filename.\n"
			   "Example resource specifications include:\n"
			   "   '-f rsrc.yaml'\n"
			   "   '--filename=rsrc.json'\n"
			   "   '<resource> <name>'\n"
			   "   '<resource>'");
		goto out;
	}
	if (sel->local && args->nr) {
		kc_err_set(err, "you must specify resources by --filename when --local is set.\n"
			   "Example resource specifications include:\n"
			   "   '-f rsrc.yaml'\n"
			   "   '--filename=rsrc.json'");
		goto out;
	}
	if (sel->files && sel->files->nr) {
		if (kc_manifest_read(sel->files, sel->recursive, &manifest, &merr) < 0 &&
		    merr.kind != KC_ERR_RAW) {
			kc_err_move(err, &merr);
			goto out;
		}
		if (args->nr) {
			kc_err_set(err, "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
			goto out;
		}
	}
	if (sel->local) {
		/* no server: kubectl maps the kinds it has compiled in */
		for (size_t i = 0; i < manifest.n; i++) {
			json_t *obj = manifest.objs[i].obj, *meta = json_object_get(obj, "metadata");
			const char *av = json_string_value(json_object_get(obj, "apiVersion"));
			const char *kind = json_string_value(json_object_get(obj, "kind"));
			const char *ons = json_string_value(json_object_get(meta, "namespace"));
			const char *slash = av ? strchr(av, '/') : NULL;
			struct kc_api_resource *r = xcalloc(1, sizeof(*r));
			r->group = slash ? xstrndup(av, (size_t)(slash - av)) : xstrdup("");
			r->version = xstrdup(slash ? slash + 1 : av ? av : "");
			r->kind = xstrdup(kind ? kind : "");
			struct strbuf plural = STRBUF_INIT;
			for (const char *p = r->kind; *p; p++)
				strbuf_addch(&plural, (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
			strbuf_addch(&plural, 's');
			r->name = strbuf_detach(&plural, NULL);
			r->singular = xstrdup("");
			r->namespaced = 1;
			t->local = xrealloc(t->local, (t->nlocal + 1) * sizeof(*t->local));
			t->local[t->nlocal++] = r;
			add_target(t, r, ons && *ons ? ons : t->ns, json_incref(obj));
		}
		if (kc_err_isset(&merr))
			add_err(t, &merr);
		ret = 0;
		goto out;
	}
	t->client = kc_ctx_client(ctx, err);
	if (!t->client)
		goto out;
	const struct kc_discovery *d = kc_discovery_get(t->client, 0, err);
	if (!d) {
		/* the builder's mapper retries discovery, logging each failure:
		 * once per -f object ("unable to recognize"), or as for the args */
		const char *ue = kc_client_last_url_error(t->client);
		if (ue && manifest.n) {
			kc_err_release(err);
			for (size_t i = 0; i < manifest.n; i++) {
				if (i)
					kc_client_log_discovery_again(t->client, 1);
				if (t->errs.len)
					strbuf_addch(&t->errs, '\n');
				t->nerrs++;
				t->only_plain = t->nerrs == 1;
				strbuf_addf(&t->errs, "unable to recognize \"%s\": %s", manifest.objs[i].source, ue);
			}
			ret = 0;
		} else {
			kc_client_log_builder_retries(t->client, (const char *const *)args->v, args->nr);
		}
		goto out;
	}
	for (size_t i = 0; i < manifest.n; i++) {
		json_t *obj = manifest.objs[i].obj, *meta = json_object_get(obj, "metadata");
		const char *av = json_string_value(json_object_get(obj, "apiVersion"));
		const char *kind = json_string_value(json_object_get(obj, "kind"));
		const char *name = json_string_value(json_object_get(meta, "name"));
		const char *ons = json_string_value(json_object_get(meta, "namespace"));
		const char *slash = av ? strchr(av, '/') : NULL;
		char *group = slash ? xstrndup(av, (size_t)(slash - av)) : xstrdup("");
		const char *version = slash ? slash + 1 : av ? av : "";
		const struct kc_api_resource *r = kind ? kc_mapper_kind(d, group, version, kind) : NULL;
		if (!r) {
			if (t->errs.len)
				strbuf_addch(&t->errs, '\n');
			t->nerrs++;
			t->only_plain = t->nerrs == 1;
			strbuf_addf(&t->errs, "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no matches for kind \"%s\" in version \"%s%s%s\"\nensure CRDs are installed first",
				    name ? name : "", ons ? ons : "", manifest.objs[i].source, kind ? kind : "",
				    group, *group ? "/" : "", version);
			free(group);
			continue;
		}
		free(group);
		const char *ns = ons && *ons ? ons : t->ns;
		struct kc_err e = KC_ERR_INIT;
		json_t *got = get_one(t, r, ns, name ? name : "", &e);
		if (got)
			add_target(t, r, r->namespaced ? ns : "", got);
		else
			add_err(t, &e);
		kc_err_release(&e);
	}
	if (kc_err_isset(&merr))
		add_err(t, &merr);
	/* TYPE/NAME… or TYPE[,TYPE] [NAME…] */
	size_t nslash = 0;
	for (size_t a = 0; a < args->nr; a++)
		nslash += strchr(args->v[a], '/') != NULL;
	if (nslash && nslash != args->nr) {
		kc_err_set(err, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '%s get resource/<resource_name>' instead of '%s get resource resource/<resource_name>'",
			   ctx->prog, ctx->prog);
		goto out;
	}
	int has_selector = (sel->selector && *sel->selector) || sel->all;
	if (has_selector && (nslash || args->nr > 1)) {
		kc_err_set(err, "name cannot be provided when a selector is specified");
		goto out;
	}
	if (sel->require_name && !has_selector && !nslash && args->nr == 1) {
		kc_err_set(err, "resource(s) were provided, but no name was specified");
		goto out;
	}
	for (size_t a = 0; a < args->nr; a++) {
		const char *arg = args->v[a];
		if (nslash) {
			const char *sl = strchr(arg, '/');
			char *type = xstrndup(arg, (size_t)(sl - arg));
			if (!sl[1] || sl == arg) {
				free(type);
				kc_err_set(err, "arguments in resource/name form must have a single resource and name");
				goto out;
			}
			const struct kc_api_resource *r = kc_client_resource(t->client, type, err);
			free(type);
			if (!r)
				goto out;
			struct kc_err e = KC_ERR_INIT;
			json_t *got = get_one(t, r, t->ns, sl + 1, &e);
			if (got)
				add_target(t, r, r->namespaced ? t->ns : "", got);
			else
				add_err(t, &e);
			kc_err_release(&e);
			continue;
		}
		/* the first word is the type list, the rest names */
		struct strvec types = STRVEC_INIT;
		strvec_split(&types, arg, ',');
		const struct kc_api_resource **rs = xcalloc(types.nr + 1, sizeof(*rs));
		for (size_t k = 0; k < types.nr; k++) {
			rs[k] = kc_client_resource(t->client, types.v[k], err);
			if (!rs[k]) {
				free(rs);
				strvec_clear(&types);
				goto out;
			}
		}
		for (size_t k = 0; k < types.nr; k++) {
			if (args->nr == 1) {
				if (list_all(t, rs[k], sel->selector, err) < 0) {
					free(rs);
					strvec_clear(&types);
					goto out;
				}
				continue;
			}
			for (size_t j = 1; j < args->nr; j++) {
				struct kc_err e = KC_ERR_INIT;
				json_t *got = get_one(t, rs[k], t->ns, args->v[j], &e);
				if (got)
					add_target(t, rs[k], rs[k]->namespaced ? t->ns : "", got);
				else
					add_err(t, &e);
				kc_err_release(&e);
			}
		}
		free(rs);
		strvec_clear(&types);
		break;
	}
	ret = 0;
out:
	kc_manifest_release(&manifest);
	kc_err_release(&merr);
	return ret;
}

void ro_targets_release(struct ro_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].ns);
		json_decref(t->v[i].obj);
	}
	free(t->v);
	free(t->ns);
	for (size_t i = 0; i < t->nlocal; i++) {
		free(t->local[i]->group);
		free(t->local[i]->version);
		free(t->local[i]->kind);
		free(t->local[i]->name);
		free(t->local[i]->singular);
		free(t->local[i]);
	}
	free(t->local);
	t->local = NULL;
	t->nlocal = 0;
	strbuf_release(&t->errs);
	t->v = NULL;
	t->n = t->alloc = 0;
	t->ns = NULL;
}

int ro_print(const struct kc_api_resource *res, json_t *obj, const char *output,
	     const char *template_arg, int allow_missing, int show_managed, const char *operation,
	     struct kc_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int rc = 0;
	if (!show_managed) {
		json_t *meta = json_object_get(obj, "metadata");
		if (json_is_object(meta))
			json_object_del(meta, "managedFields");
	}
	if (!*output && *template_arg)
		output = "go-template";
	if (!strncmp(output, "custom-columns", 14)) {
		strbuf_release(&out);
		return kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
				  output);
	}
	if (!*output || !strcmp(output, "name")) {
		ro_kind_name(&out, res, obj);
		if (!*output && operation)
			strbuf_addf(&out, " %s", operation);
		strbuf_addch(&out, '\n');
	} else if (!strcmp(output, "json")) {
		json_emit(&out, obj, JSON_OUT_SORT_KEYS);
		strbuf_addch(&out, '\n');
	} else if (!strcmp(output, "yaml")) {
		rc = yaml_emit_checked(&out, obj, err);
	} else {
		struct kubectl_tprinter *p = NULL;
		rc = kubectl_tprinter_new(output, template_arg, allow_missing, 0, 0, &p, err);
		if (rc == 0) {
			const json_t *objs[1] = { obj };
			rc = kubectl_tprinter_print(p, objs, 1, &out, err);
			kubectl_tprinter_free(p);
		} else if (rc > 0) {
			struct kc_gotmpl *g = NULL;
			rc = kc_gotmpl_new(output, template_arg, allow_missing, &g, err);
			if (rc == 0) {
				rc = kc_gotmpl_print(g, obj, &out, err);
				kc_gotmpl_free(g);
			} else if (rc > 0) {
				rc = kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
						output);
			}
		}
	}
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	return rc < 0 ? -1 : 0;
}

int ro_finish(struct ro_targets *t, int ret, struct kc_err *err)
{
	if (ret == 0 && t->errs.len) {
		/* a single plain error is printed by cli/ with its "error: "; an
		 * aggregate of several, one per line as they stand */
		if (t->only_plain && t->nerrs == 1)
			kc_err_set(err, "%s", t->errs.buf);
		else if (t->nerrs > 1 && strbuf_ends_with(&t->errs, "\n"))
			kc_err_raw(err, "%s\n", t->errs.buf); /* each message, then a newline */
		else
			kc_err_raw(err, "%s", t->errs.buf);
		return -1;
	}
	return ret;
}

json_t *ro_patch(struct kc_client *c, const struct ro_target *t, const char *content_type,
		 const char *body, const char *field_manager, int server_dry_run, struct kc_err *err)
{
	const char *name = json_string_value(json_object_get(json_object_get(t->obj, "metadata"), "name"));
	char *base = kc_resource_path(t->res, t->res->namespaced ? t->ns : NULL, name ? name : "");
	struct strbuf path = STRBUF_INIT;
	strbuf_addstr(&path, base);
	free(base);
	char sep = '?';
	if (server_dry_run) {
		strbuf_addstr(&path, "?dryRun=All");
		sep = '&';
	}
	if (field_manager && *field_manager) {
		strbuf_addf(&path, "%cfieldManager=", sep);
		url_escape(&path, field_manager);
	}
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.method = "PATCH";
	req.path = path.buf;
	req.content_type = content_type;
	req.body = body;
	req.body_len = strlen(body);
	json_t *obj = NULL;
	if (kc_client_do(c, &req, &resp, err) == 0) {
		if (resp.code < 200 || resp.code > 299) {
			/* callers wrap it ("failed to patch: %v"): the Status message as it stands */
			char *reason = NULL, *message = NULL;
			long code = 0;
			if (kc_status_decode(resp.body.buf, resp.body.len, &reason, &message, &code) == 0 && message) {
				kc_err_set(err, "%s", message);
				snprintf(err->reason, sizeof err->reason, "%s", reason ? reason : "");
			} else {
				struct kc_err_hint hint = { t->res->group, t->res->name, name, "patch", 0 };
				kc_status_error(&resp, &hint, err);
			}
			free(reason);
			free(message);
		} else {
			obj = json_parse(resp.body.buf, resp.body.len, err);
			if (obj)
				set_type(obj, t->res);
		}
	}
	kc_response_release(&resp);
	strbuf_release(&path);
	return obj;
}
