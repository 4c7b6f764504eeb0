/* kube/targets.c: kubectl's resource builder for delete / scale / wait. */
#include <stdlib.h>
#include <string.h>

#include "kube/manifest.h"
#include "kube/targets.h"
#include "util/gostr.h"
#include "util/json.h"

void kc_errs_add(struct strbuf *errs, const char *msg)
{
	if (errs->len && !strbuf_ends_with(errs, "\n"))
		strbuf_addch(errs, '\n');
	strbuf_addstr(errs, msg);
}

void kc_query_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || ch == '.' || ch == '~')
			strbuf_addch(sb, (char)ch);
		else if (ch == ' ')
			strbuf_addch(sb, '+');
		else
			strbuf_addf(sb, "%%%c%c", hex[ch >> 4], hex[ch & 15]);
	}
}

void kc_kind_group(struct strbuf *sb, const struct kc_api_resource *r)
{
	for (const char *p = r->kind; *p; p++)
		strbuf_addch(sb, (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	if (*r->group)
		strbuf_addf(sb, ".%s", r->group);
}

static struct kc_target *push(struct kc_targets *t, const struct kc_api_resource *r, const char *ns,
			      const char *name)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc * 2 + 16;
		t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	struct kc_target *x = &t->v[t->n++];
	x->res = r;
	x->ns = xstrdup(r->namespaced ? ns : "");
	x->name = xstrdup(name);
	x->obj = NULL;
	x->source = NULL;
	return x;
}

void kc_targets_release(struct kc_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].ns);
		free(t->v[i].name);
		free(t->v[i].source);
		json_decref(t->v[i].obj);
	}
	free(t->v);
	t->v = NULL;
	t->n = t->alloc = 0;
}

int kc_list_status_error(const struct kc_response *resp, const struct kc_api_resource *r,
			 const char *selector, const char *field_selector, struct kc_err *err)
{
	char *reason = NULL, *message = NULL;
	long code = 0;
	if ((resp->code != 400 && resp->code != 404) ||
	    kc_status_decode(resp->body.buf, resp->body.len, &reason, &message, &code) < 0)
		return -1;
	struct strbuf m = STRBUF_INIT;
	/* schema.GroupVersionResource.String(), quoted with %q */
	struct strbuf gvr = STRBUF_INIT, q = STRBUF_INIT;
	strbuf_addf(&gvr, "%s/%s, Resource=%s", r->group, r->version, r->name);
	go_quote(&q, gvr.buf, gvr.len);
	if (!*selector && !*field_selector) {
		strbuf_addf(&m, "Unable to list %s: %s", q.buf, message);
	} else {
		strbuf_addf(&m, "Unable to find %s that match label selector ", q.buf);
		go_quote(&m, selector, strlen(selector));
		strbuf_addstr(&m, ", field selector ");
		go_quote(&m, field_selector, strlen(field_selector));
		strbuf_addf(&m, ": %s", message);
	}
	kc_err_raw(err, "Error from server (%s): %s", reason && *reason ? reason : "BadRequest", m.buf);
	strbuf_release(&m);
	strbuf_release(&gvr);
	strbuf_release(&q);
	free(reason);
	free(message);
	return 0;
}

/* LIST one type (every chunk) and push its items. */
static void list_type(struct kc_client *c, const struct kc_target_spec *s,
		      const struct kc_api_resource *r, struct kc_targets *t, struct strbuf *errs)
{
	char *cont = NULL;
	for (;;) {
		char *base = kc_resource_path(r, r->namespaced && !s->all_ns ? s->ns : NULL, NULL);
		struct strbuf path = STRBUF_INIT;
		strbuf_addstr(&path, base);
		free(base);
		char sep = '?';
		if (*s->selector) {
			strbuf_addstr(&path, "?labelSelector=");
			kc_query_escape(&path, s->selector);
			sep = '&';
		}
		if (*s->field_selector) {
			strbuf_addf(&path, "%cfieldSelector=", sep);
			kc_query_escape(&path, s->field_selector);
			sep = '&';
		}
		strbuf_addf(&path, "%climit=500", sep);
		if (cont) {
			strbuf_addstr(&path, "&continue=");
			kc_query_escape(&path, cont);
		}
		free(cont);
		cont = NULL;
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		struct kc_err e = KC_ERR_INIT;
		req.path = path.buf;
		int rc = kc_client_do(c, &req, &resp, &e);
		strbuf_release(&path);
		if (rc == 0 && (resp.code < 200 || resp.code > 299)) {
			if (kc_list_status_error(&resp, r, s->selector, s->field_selector, &e) < 0) {
				struct kc_err_hint hint = { r->group, r->name, NULL, "list", 0 };
				kc_status_error(&resp, &hint, &e);
			}
			rc = -1;
		}
		if (rc < 0) {
			kc_errs_add(errs, e.msg.buf);
			kc_err_release(&e);
			kc_response_release(&resp);
			return;
		}
		json_t *doc = json_parse(resp.body.buf, resp.body.len, &e);
		kc_response_release(&resp);
		if (!doc) {
			kc_errs_add(errs, e.msg.buf);
			kc_err_release(&e);
			return;
		}
		const char *av = json_string_value(json_object_get(doc, "apiVersion"));
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(doc, "items"), i, it) {
			json_t *meta = json_object_get(it, "metadata");
			const char *name = json_string_value(json_object_get(meta, "name"));
			const char *ns = json_string_value(json_object_get(meta, "namespace"));
			struct kc_target *x = push(t, r, ns ? ns : s->ns, name ? name : "");
			if (av && !json_object_get(it, "apiVersion"))
				json_object_set_new(it, "apiVersion", json_string(av));
			if (!json_object_get(it, "kind"))
				json_object_set_new(it, "kind", json_string(r->kind));
			x->obj = json_incref(it);
		}
		const char *next = json_string_value(json_object_get(json_object_get(doc, "metadata"), "continue"));
		if (next && *next)
			cont = xstrdup(next);
		json_decref(doc);
		if (!cont)
			break;
	}
}

static int from_files(struct kc_client *c, const struct kc_target_spec *s, struct kc_targets *t,
		      struct strbuf *errs, struct kc_err *err)
{
	struct kc_manifest m = KC_MANIFEST_INIT;
	struct kc_err merr = KC_ERR_INIT;
	int ret = 0;
	if (kc_manifest_read(s->filenames, s->recursive, &m, &merr) < 0 && merr.kind != KC_ERR_RAW) {
		kc_err_move(err, &merr);
		kc_manifest_release(&m);
		return -1;
	}
	const struct kc_discovery *d = m.n ? kc_discovery_get(c, 0, err) : NULL;
	if (m.n && !d) {
		const char *ue = kc_client_last_url_error(c);
		if (!ue) {
			ret = -1;
			goto out;
		}
		/* the builder maps each object, one failed lookup each */
		kc_err_release(err);
		for (size_t i = 0; i < m.n; i++) {
			struct strbuf e = STRBUF_INIT;
			if (i)
				kc_client_log_discovery_again(c, 1);
			strbuf_addf(&e, "unable to recognize \"%s\": %s", m.objs[i].source, ue);
			kc_errs_add(errs, e.buf);
			strbuf_release(&e);
		}
		goto out;
	}
	for (size_t i = 0; i < m.n; i++) {
		json_t *obj = m.objs[i].obj, *meta = json_object_get(obj, "metadata");
		const char *av = json_string_value(json_object_get(obj, "apiVersion"));
		const char *kind = json_string_value(json_object_get(obj, "kind"));
		const char *name = json_string_value(json_object_get(meta, "name"));
		const char *ons = json_string_value(json_object_get(meta, "namespace"));
		const char *slash = av ? strchr(av, '/') : NULL;
		char *group = slash ? xstrndup(av, (size_t)(slash - av)) : xstrdup("");
		const char *version = slash ? slash + 1 : av ? av : "";
		const struct kc_api_resource *r = kind ? kc_mapper_kind(d, group, version, kind) : NULL;
		if (!r) {
			struct strbuf e = STRBUF_INIT;
			strbuf_addf(&e, "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no matches for kind \"%s\" in version \"%s%s%s\"\nensure CRDs are installed first",
				    name ? name : "", ons ? ons : "", m.objs[i].source, kind ? kind : "",
				    group, *group ? "/" : "", version);
			kc_errs_add(errs, e.buf);
			strbuf_release(&e);
			free(group);
			continue;
		}
		free(group);
		if (r->namespaced && s->enforce_ns && ons && *ons && strcmp(ons, s->ns)) {
			ret = kc_err_set(err, "the namespace from the provided object \"%s\" does not match the namespace \"%s\". You must pass '--namespace=%s' to perform this operation.",
					 ons, s->ns, ons);
			goto out;
		}
		struct kc_target *x = push(t, r, ons && *ons ? ons : s->ns, name ? name : "");
		x->obj = json_incref(obj);
		x->source = xstrdup(m.objs[i].source);
	}
	if (kc_err_isset(&merr))
		kc_errs_add(errs, merr.msg.buf);
out:
	kc_err_release(&merr);
	kc_manifest_release(&m);
	return ret;
}

int kc_targets_resolve(struct kc_client *c, const struct kc_target_spec *s, struct kc_targets *t,
		       struct strbuf *errs, struct kc_err *err)
{
	const struct strvec *args = s->args;
	int have_files = s->filenames && s->filenames->nr;
	int has_selector = *s->selector || *s->field_selector;
	size_t nslash = 0;
	for (size_t a = 0; a < args->nr; a++)
		nslash += strchr(args->v[a], '/') != NULL;
	if (nslash && nslash != args->nr)
		return kc_err_set(err, "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '%s get resource/<resource_name>' instead of '%s get resource resource/<resource_name>'",
				  s->prog, s->prog);
	if (has_selector && (nslash || args->nr > 1))
		return kc_err_set(err, "name cannot be provided when a selector is specified");
	if (s->all && *s->selector)
		return kc_err_set(err, "setting 'all' parameter but found a non empty selector. ");
	if (s->all && *s->field_selector)
		return kc_err_set(err, "setting 'all' parameter but found a non empty field selector. ");
	if (have_files && args->nr)
		return kc_err_set(err, "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
	if (!have_files && !args->nr) {
		if (s->no_resources_msg)
			return kc_err_set(err, "%s", s->no_resources_msg);
		return kc_err_set(err, "You must provide one or more resources by argument or filename.\n"
				  "Example resource specifications include:\n"
				  "   '-f rsrc.yaml'\n"
				  "   '--filename=rsrc.json'\n"
				  "   '<resource> <name>'\n"
				  "   '<resource>'");
	}
	if (!nslash && args->nr == 1 && !has_selector && !s->all && !s->allow_empty_selector)
		return kc_err_set(err, "resource(s) were provided, but no name was specified");
	if (have_files)
		return from_files(c, s, t, errs, err);
	if (nslash) {
		for (size_t a = 0; a < args->nr; a++) {
			const char *sl = strchr(args->v[a], '/');
			if (!sl[1] || sl == args->v[a])
				return kc_err_set(err, "arguments in resource/name form must have a single resource and name");
			char *type = xstrndup(args->v[a], (size_t)(sl - args->v[a]));
			const struct kc_api_resource *r = kc_client_resource(c, type, err);
			free(type);
			if (!r) {
				kc_client_log_builder_retries(c, (const char *const *)args->v, args->nr);
				return -1;
			}
			push(t, r, s->ns, sl + 1);
		}
		return 0;
	}
	struct strvec types = STRVEC_INIT;
	const struct kc_api_resource **res = NULL;
	size_t nres = 0;
	int ret = 0;
	strvec_split(&types, args->v[0], ',');
	res = xcalloc(types.nr + 1, sizeof(*res));
	for (size_t i = 0; i < types.nr; i++) {
		if (!*types.v[i])
			continue;
		const struct kc_api_resource *r = kc_client_resource(c, types.v[i], err);
		if (!r) {
			kc_client_log_builder_retries(c, (const char *const *)args->v, args->nr);
			ret = -1;
			goto out;
		}
		res[nres++] = r;
	}
	if (args->nr > 1) {
		for (size_t i = 0; i < nres; i++)
			for (size_t j = 1; j < args->nr; j++)
				push(t, res[i], s->ns, args->v[j]);
	} else {
		t->selected = 1;
		for (size_t i = 0; i < nres; i++)
			list_type(c, s, res[i], t, errs);
	}
out:
	free(res);
	strvec_clear(&types);
	return ret;
}
