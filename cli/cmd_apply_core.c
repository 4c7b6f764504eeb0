/* cli/cmd_apply_core.c: kubectl apply's engine (see cmd_apply.h). Objects are
 * processed in waves (Namespaces and CRDs first, a repeated object after its
 * earlier copy); inside a wave the GETs are sent in parallel, then the creates
 * and patches. Output and errors keep the order of the input, so the result
 * reads as kubectl's sequential run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/client_setup.h"
#include "cli/cmd_apply.h"
#include "kube/apply.h"
#include "kube/smp.h"
#include "kube/validate.h"
#include "util/json.h"

#define MAX_PATCH_RETRY 5

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

void apply_kind_name(struct strbuf *sb, const json_t *obj)
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

void apply_info_string(struct strbuf *sb, const struct apply_obj *a)
{
	const char *kind = sget(a->obj, "kind");
	strbuf_addf(sb, "Resource: \"%s/%s, Resource=%s\", GroupVersionKind: \"%s/%s, Kind=%s\"\n",
		    a->res->group, a->res->version, a->res->name, a->group, a->version, kind);
	strbuf_addf(sb, "Name: \"%s\", Namespace: \"%s\"", a->name, a->ns);
}

static void add_query_value(struct strbuf *sb, const char *v)
{
	for (const char *p = v; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || ch == '.' || ch == '~')
			strbuf_addch(sb, ch);
		else
			strbuf_addf(sb, "%%%02X", ch);
	}
}

static const char *field_validation(const char *v)
{
	if (!strcmp(v, "strict") || !strcmp(v, "true"))
		return "Strict";
	if (!strcmp(v, "warn"))
		return "Warn";
	return "Ignore";
}

char *apply_object_path(const struct apply_obj *a, int with_name, const char *dry_run,
			const char *field_manager, const char *validate, const char *force)
{
	char *base = kc_resource_path(a->res, a->res->namespaced ? a->ns : NULL,
				      with_name ? a->name : NULL);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, base);
	free(base);
	char sep = '?';
	if (dry_run && !strcmp(dry_run, "server")) {
		strbuf_addstr(&sb, "?dryRun=All");
		sep = '&';
	}
	if (field_manager) {
		strbuf_addf(&sb, "%cfieldManager=", sep);
		add_query_value(&sb, field_manager);
		sep = '&';
	}
	if (validate) {
		strbuf_addf(&sb, "%cfieldValidation=%s", sep, field_validation(validate));
		sep = '&';
	}
	if (force)
		strbuf_addf(&sb, "%cforce=%s", sep, force);
	return strbuf_detach(&sb, NULL);
}

int apply_status_error(const struct kc_response *resp, struct apply_obj *a,
		       const char *hint_verb, const char *prefix, struct kc_err *err)
{
	struct kc_err_hint hint = { a->res->group, a->res->name, a->name, hint_verb, 0 };
	json_t *st = json_loadb(resp->body.buf, resp->body.len, 0, NULL);
	if (st && json_is_object(st) && !strcmp(sget(st, "kind"), "Status") && prefix) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addf(&m, "%s%s", prefix, sget(st, "message"));
		json_object_set_new(st, "message", json_string(m.buf));
		strbuf_release(&m);
		if (!strcmp(sget(st, "reason"), "Invalid")) {
			struct strbuf ag = STRBUF_INIT;
			strbuf_addf(&ag, "Error from server (Invalid): %s", sget(st, "message"));
			free(a->agg);
			a->agg = strbuf_detach(&ag, NULL);
		}
		struct kc_response r2 = *resp;
		strbuf_init(&r2.body, 0);
		json_emit(&r2.body, st, 0);
		kc_status_error(&r2, &hint, err);
		strbuf_release(&r2.body);
	} else {
		kc_status_error(resp, &hint, err);
		if (prefix && err->kind == KC_ERR_PLAIN)
			kc_err_prefix(err, "%s", prefix);
	}
	json_decref(st);
	return -1;
}

/* ---------------------------------------------------------------- selectors */

static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

/* is v (n bytes) one of the comma-separated values of "(a,b)" between b and e */
static int in_set(const char *b, const char *e, const char *v, int *bad)
{
	trim(&b, &e);
	if (b >= e || *b != '(' || e[-1] != ')') {
		*bad = 1;
		return 0;
	}
	b++;
	e--;
	while (b <= e) {
		const char *c = memchr(b, ',', (size_t)(e - b));
		const char *ie = c ? c : e;
		const char *ib = b;
		trim(&ib, &ie);
		if (v && (size_t)(ie - ib) == strlen(v) && !strncmp(ib, v, (size_t)(ie - ib)))
			return 1;
		if (!c)
			break;
		b = c + 1;
	}
	return 0;
}

int apply_labels_match(const char *selector, const json_t *labels, struct kc_err *err)
{
	if (!selector || !*selector)
		return 1;
	/* split on commas outside parentheses */
	const char *p = selector;
	int match = 1;
	while (*p) {
		const char *q = p;
		int depth = 0;
		while (*q && (depth || *q != ',')) {
			if (*q == '(')
				depth++;
			else if (*q == ')')
				depth--;
			q++;
		}
		const char *b = p, *e = q;
		trim(&b, &e);
		char *req = strndup(b, (size_t)(e - b));
		char *key = NULL;
		const char *val = NULL;
		int bad = 0, ok = 0;
		char *op;
		if (!*req) {
			bad = 1;
		} else if (*req == '!') {
			const char *k = req + 1;
			ok = !json_object_get(labels, k);
		} else if ((op = strstr(req, " notin ")) || (op = strstr(req, " in "))) {
			int notin = !strncmp(op, " notin ", 7);
			key = strndup(req, (size_t)(op - req));
			const char *kb = key, *ke = key + strlen(key);
			trim(&kb, &ke);
			char *k2 = strndup(kb, (size_t)(ke - kb));
			const char *lv = json_string_value(json_object_get(labels, k2));
			const char *set = op + (notin ? 7 : 4);
			int in = in_set(set, set + strlen(set), lv, &bad);
			ok = notin ? !in : (lv && in);
			free(k2);
		} else if ((op = strstr(req, "!="))) {
			key = strndup(req, (size_t)(op - req));
			val = op + 2;
			const char *lv = json_string_value(json_object_get(labels, key));
			ok = !lv || strcmp(lv, val);
		} else if ((op = strstr(req, "=="))) {
			key = strndup(req, (size_t)(op - req));
			val = op + 2;
			const char *lv = json_string_value(json_object_get(labels, key));
			ok = lv && !strcmp(lv, val);
		} else if ((op = strchr(req, '='))) {
			key = strndup(req, (size_t)(op - req));
			val = op + 1;
			const char *lv = json_string_value(json_object_get(labels, key));
			ok = lv && !strcmp(lv, val);
		} else {
			ok = json_object_get(labels, req) != NULL;
		}
		if (bad) {
			kc_err_set(err, "unable to parse requirement: found '%s', expected: identifier", req);
			free(req);
			free(key);
			return -1;
		}
		free(req);
		free(key);
		if (!ok)
			match = 0;
		p = *q ? q + 1 : q;
	}
	return match;
}

/* ---------------------------------------------------------------- loading */

static int is_first_wave(const json_t *obj)
{
	const char *kind = sget(obj, "kind"), *av = sget(obj, "apiVersion");
	return (!strcmp(kind, "Namespace") && !strcmp(av, "v1")) ||
	       (!strcmp(kind, "CustomResourceDefinition") &&
		!strncmp(av, "apiextensions.k8s.io/", 21));
}

/* ---------------------------------------------------------------- -f URL */

static int is_url(const char *p)
{
	return !strncmp(p, "http://", 7) || !strncmp(p, "https://", 8);
}

static void replace_all(struct strbuf *sb, const char *from, const char *to)
{
	struct strbuf o = STRBUF_INIT;
	const char *p = sb->buf, *q;
	size_t fl = strlen(from);
	while ((q = strstr(p, from))) {
		strbuf_add(&o, p, (size_t)(q - p));
		strbuf_addstr(&o, to);
		p = q + fl;
	}
	strbuf_addstr(&o, p);
	strbuf_reset(sb);
	strbuf_addbuf(sb, &o);
	strbuf_release(&o);
}

/* kc_manifest_read with http(s) URLs among the paths: each URL's body is read
 * from a scratch file and named by its URL, as kubectl's URLVisitor does.
 * -2 when a URL could not be fetched (err framed as kubectl frames it). */
static int read_manifests(const struct strvec *files, int recursive, struct kc_manifest *m,
			  struct kc_err *err)
{
	int any = 0;
	for (size_t i = 0; i < files->nr; i++)
		any |= is_url(files->v[i]);
	if (!any)
		return kc_manifest_read(files, recursive, m, err);
	for (size_t i = 0; i < files->nr; i++)
		if (!is_url(files->v[i]) && strcmp(files->v[i], "-") && access(files->v[i], F_OK) != 0)
			return kc_err_set(err, "the path \"%s\" does not exist", files->v[i]);
	for (size_t i = 0; i < files->nr; i++) {
		struct strvec one = STRVEC_INIT;
		struct kc_manifest part = KC_MANIFEST_INIT;
		char dir[4096] = "";
		int rc;
		if (is_url(files->v[i])) {
			struct strbuf body = STRBUF_INIT;
			if (kc_http_get_url(files->v[i], &body, err) < 0) {
				strbuf_release(&body);
				return err->kind == KC_ERR_RAW ? -2 : -1; /* -2: kubectl's framing, keep it */
			}
			const char *tmp = getenv("TMPDIR");
			snprintf(dir, sizeof dir, "%s/kc-url-XXXXXX", tmp && *tmp ? tmp : "/tmp");
			if (!mkdtemp(dir)) {
				strbuf_release(&body);
				return kc_err_set(err, "mkdir: %s", go_errno_str(errno));
			}
			struct strbuf path = STRBUF_INIT;
			strbuf_addf(&path, "%s/manifest", dir);
			FILE *f = fopen(path.buf, "w");
			if (f) {
				fwrite(body.buf, 1, body.len, f);
				fclose(f);
			}
			strbuf_release(&body);
			strvec_push(&one, path.buf);
			rc = kc_manifest_read(&one, recursive, &part, err);
			unlink(path.buf);
			rmdir(dir);
			if (rc < 0)
				replace_all(&err->msg, path.buf, files->v[i]);
			for (size_t k = 0; k < part.n; k++) {
				free(part.objs[k].source);
				part.objs[k].source = strdup(files->v[i]);
			}
			strbuf_release(&path);
		} else {
			strvec_push(&one, files->v[i]);
			rc = kc_manifest_read(&one, recursive, &part, err);
		}
		strvec_clear(&one);
		/* move part's objects into m */
		for (size_t k = 0; k < part.n; k++) {
			if (m->n == m->alloc) {
				m->alloc = m->alloc ? 2 * m->alloc : 16;
				m->objs = realloc(m->objs, m->alloc * sizeof *m->objs);
			}
			m->objs[m->n++] = part.objs[k];
		}
		free(part.objs);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* What kubectl's validator (with --validate=strict) and its decoder say about
 * a document before mapping it. 0, or -1 + err. */
static int decode_check(const json_t *obj, const char *source, const char *validate,
			struct kc_err *err)
{
	int strict = !strcmp(validate, "strict") || !strcmp(validate, "true");
	json_t *av = json_object_get(obj, "apiVersion"), *kind = json_object_get(obj, "kind");
	int no_av = !json_is_string(av) || !*json_string_value(av);
	int no_kind = !json_is_string(kind) || !*json_string_value(kind);
	if (strict && (no_av || no_kind))
		return kc_err_set(err, "error validating \"%s\": error validating data: %s%s%s%s%s; if you choose to ignore these errors, turn validation off with --validate=false",
				  source, no_av && no_kind ? "[" : "", no_av ? "apiVersion not set" : "",
				  no_av && no_kind ? ", " : "", no_kind ? "kind not set" : "",
				  no_av && no_kind ? "]" : "");
	json_t *md = json_object_get(obj, "metadata");
	if (md && !json_is_null(md) && !json_is_object(md))
		return kc_err_set(err, "unable to decode \"%s\": json: cannot unmarshal %s into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta",
				  source, kc_go_json_type(md));
	if (no_kind) {
		struct strbuf sb = STRBUF_INIT;
		json_emit(&sb, obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		kc_err_set(err, "unable to decode \"%s\": Object 'Kind' is missing in '%s'", source, sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	return 0;
}

const struct kc_discovery *apply_discovery(struct kc_client *c, const struct kc_manifest *m,
					   const char *validate, int first_error_only,
					   struct kc_err *load_err, struct kc_err *err)
{
	const char *v = validate;
	int validating = !strcmp(v, "strict") || !strcmp(v, "true") || !strcmp(v, "warn");
	kc_client_mute_discovery_log(c, validating);
	const struct kc_discovery *d = kc_discovery_get(c, 0, err);
	kc_client_mute_discovery_log(c, 0);
	if (d)
		return d;
	const char *ue = kc_client_last_url_error(c);
	if (!ue || !m->n) {
		if (validating)
			kc_client_log_discovery_again(c, 1);
		return NULL;
	}
	/* a transport failure names the request; a status answer is its message */
	const char *cause = !strncmp(ue, "Get \"", 5) ? strstr(ue + 5, "\": ") : NULL;
	kc_err_release(err);
	if (validating && cause) {
		/* the same request timeout as the failed discovery request */
		const char *q = strstr(ue, "?timeout=");
		int qlen = q && q < cause ? (int)(cause - q) : 0;
		kc_err_set(load_err, "error validating \"%s\": error validating data: failed to download openapi: Get \"%s/openapi/v2%.*s\": %s; if you choose to ignore these errors, turn validation off with --validate=false",
			   m->objs[0].source, kc_client_config(c)->host, qlen, q ? q : "", cause + 3);
	} else if (validating) {
		kc_err_set(load_err, "error validating \"%s\": error validating data: failed to download openapi: %s; if you choose to ignore these errors, turn validation off with --validate=false",
			   m->objs[0].source, ue);
	} else {
		struct strbuf agg = STRBUF_INIT;
		size_t n = first_error_only ? 1 : m->n;
		for (size_t i = 0; i < n; i++) {
			if (i) {
				kc_client_log_discovery_again(c, 1);
				strbuf_addch(&agg, '\n');
			}
			strbuf_addf(&agg, "unable to recognize \"%s\": %s", m->objs[i].source, ue);
		}
		if (n > 1)
			kc_err_raw(load_err, "%s", agg.buf);
		else
			kc_err_set(load_err, "%s", agg.buf);
		strbuf_release(&agg);
	}
	return NULL;
}

/* The builder's errors: one per file that failed (a validation error ends
 * only its own file), printed one a line when there are several. */
static void load_err_add(struct apply_set *set, struct kc_err *e)
{
	char *agg = NULL;
	if (asprintf(&agg, "%s%s%s", set->load_agg ? set->load_agg : "", set->load_agg ? ", " : "",
		     e->msg.buf) < 0)
		agg = NULL;
	free(set->load_agg);
	set->load_agg = agg;
	if (set->load_failed && set->load_nmsg) {
		strbuf_addch(&set->load_err.msg, '\n');
		strbuf_addbuf(&set->load_err.msg, &e->msg);
	} else {
		kc_err_move(&set->load_err, e);
	}
	set->load_nmsg++;
	set->load_failed = 1;
}

int apply_load(struct kc_client *c, const struct strvec *files, int recursive,
	       const struct apply_opts *o, struct apply_set *set, struct kc_err *err)
{
	struct kc_manifest m = KC_MANIFEST_INIT;
	struct kc_err merr = KC_ERR_INIT;
	int mrc = read_manifests(files, recursive, &m, &merr);
	if (mrc < 0) {
		if (merr.kind == KC_ERR_RAW && mrc != -2)
			merr.kind = KC_ERR_PLAIN;
		if (!m.n) {
			kc_err_move(err, &merr);
			kc_manifest_release(&m);
			return -1;
		}
		kc_err_move(&set->load_err, &merr);
		set->load_failed = 1;
	}
	kc_err_release(&merr);
	const struct kc_discovery *d = NULL;
	if (m.n && !(d = apply_discovery(c, &m, o->validate, o->first_error_only, &set->load_err, err))) {
		kc_manifest_release(&m);
		if (!kc_err_isset(&set->load_err))
			return -1;
		set->load_failed = 1;
		return 0;
	}
	int rediscovered = 0, cur_wave = 0, barrier_wave = 0, prev_barrier = 0;
	struct kc_validator *val = NULL;
	set->v = calloc(m.n ? m.n : 1, sizeof *set->v);
	const char *skip_source = NULL; /* a validation error ends that file */
	const json_t *last_list = NULL;
	int last_vrc = 0;
	for (size_t i = 0; i < m.n; i++) {
		json_t *obj = m.objs[i].obj;
		if (skip_source && !strcmp(skip_source, m.objs[i].source))
			continue;
		skip_source = NULL;
		const char *av = sget(obj, "apiVersion"), *kind = sget(obj, "kind");
		const char *slash = strchr(av, '/');
		char *group = slash ? strndup(av, (size_t)(slash - av)) : strdup("");
		char *version = strdup(slash ? slash + 1 : av);
		json_t *meta = json_object_get(obj, "metadata");
		const char *name = sget(meta, "name");
		const struct kc_api_resource *res = kc_mapper_kind(d, group, version, kind);
		if (!res && !rediscovered) {
			rediscovered = 1;
			struct kc_err e2 = KC_ERR_INIT;
			const struct kc_discovery *d2 = kc_discovery_get(c, 1, &e2);
			kc_err_release(&e2);
			if (d2) {
				d = d2;
				res = kc_mapper_kind(d, group, version, kind);
				/* the old discovery is gone: map what was read before again */
				for (size_t j = 0; j < set->n; j++)
					set->v[j].res = kc_mapper_kind(d, set->v[j].group, set->v[j].version,
								       sget(set->v[j].obj, "kind"));
			}
		}
		struct kc_err lerr = KC_ERR_INIT;
		if (decode_check(obj, m.objs[i].source, o->validate, &lerr) < 0) {
			free(group);
			free(version);
			load_err_add(set, &lerr);
			set->load_failed = 1;
			kc_err_release(&lerr);
			break;
		}
		/* the decoder's type errors in metadata end only that document */
		if (kc_manifest_meta_check(obj, m.objs[i].source, &lerr) < 0) {
			free(group);
			free(version);
			load_err_add(set, &lerr);
			kc_err_release(&lerr);
			if (o->first_error_only)
				break;
			continue;
		}
		/* kubectl's Validator: the server validates (?fieldValidation=)
		 * when its OpenAPI says it can, else kc does (OpenAPI v2) */
		if (!val)
			val = kc_validator_new(c, o->validate);
		/* a List is validated as one document, at its first item */
		json_t *list = m.objs[i].list;
		int vrc = list && list == last_list ? last_vrc
			  : kc_validator_check(val, list ? list : obj, &lerr);
		last_list = list;
		last_vrc = vrc;
		if (vrc < 0) {
			struct strbuf vm = STRBUF_INIT;
			kc_validate_frame(&vm, m.objs[i].source, lerr.msg.buf);
			kc_err_release(&lerr);
			kc_err_set(&lerr, "%s", vm.buf);
			strbuf_release(&vm);
			free(group);
			free(version);
			load_err_add(set, &lerr);
			kc_err_release(&lerr);
			skip_source = m.objs[i].source;
			continue;
		}
		/* validation passes a kind the server's OpenAPI does not know: the
		 * mapping error */
		if (!res) {
			/* kubectl's builder continues on error: the others are applied */
			kc_err_set(&lerr, "resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no matches for kind \"%s\" in version \"%s\"\nensure CRDs are installed first",
				   name, sget(meta, "namespace"), m.objs[i].source, kind, av);
			free(group);
			free(version);
			load_err_add(set, &lerr);
			kc_err_release(&lerr);
			if (o->first_error_only)
				break;
			continue;
		}
		const char *ns = "";
		if (res && res->namespaced) {
			ns = sget(meta, "namespace");
			if (o->explicit_ns && *ns && strcmp(ns, o->ns))
				kc_err_set(&lerr, "the namespace from the provided object \"%s\" does not match the namespace \"%s\". You must pass '--namespace=%s' to perform this operation.",
					   ns, o->ns, ns);
			if (!*ns)
				ns = o->ns;
		}
		if (kc_err_isset(&lerr)) {
			free(group);
			free(version);
			/* the builder error comes first; a later read error is lost */
			load_err_add(set, &lerr);
			set->load_failed = 1;
			kc_err_release(&lerr);
			break;
		}
		if (o->selector && *o->selector) {
			int m = apply_labels_match(o->selector,
						   json_object_get(json_object_get(obj, "metadata"), "labels"),
						   &lerr);
			if (m < 0) {
				free(group);
				free(version);
				load_err_add(set, &lerr);
				set->load_failed = 1;
				kc_err_release(&lerr);
				break;
			}
			if (!m) {
				free(group);
				free(version);
				continue;
			}
		}
		struct apply_obj *a = &set->v[set->n++];
		a->obj = json_incref(obj);
		a->source = strdup(m.objs[i].source);
		a->res = res;
		a->group = group;
		a->version = version;
		a->ns = strdup(ns);
		if (res->namespaced) {
			if (!json_is_object(meta)) {
				meta = json_object();
				json_object_set_new(obj, "metadata", meta);
			}
			json_object_set_new(meta, "namespace", json_string(ns));
		}
		a->name = sget(json_object_get(obj, "metadata"), "name");
		/* kubectl applies in file order: a Namespace or CRD is a barrier for
		 * what follows it (consecutive ones share a wave) */
		if (is_first_wave(obj)) {
			if (!prev_barrier)
				cur_wave++;
			a->wave = cur_wave;
			barrier_wave = cur_wave;
			prev_barrier = 1;
		} else {
			if (prev_barrier)
				cur_wave = barrier_wave + 1;
			a->wave = cur_wave;
			prev_barrier = 0;
		}
		for (size_t j = 0; j + 1 < set->n; j++) {
			struct apply_obj *b = &set->v[j];
			if (b->res == res && !strcmp(b->ns, a->ns) && !strcmp(b->name, a->name) &&
			    a->wave <= b->wave)
				a->wave = b->wave + 1;
		}
		kc_err_init(&a->err);
	}
	kc_validator_free(val);
	kc_manifest_release(&m);
	return 0;
}

void apply_set_release(struct apply_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct apply_obj *a = &set->v[i];
		json_decref(a->obj);
		json_decref(a->live);
		json_decref(a->out);
		free((char *)a->source);
		free(a->group);
		free(a->version);
		free(a->ns);
		free(a->patch);
		free(a->agg);
		kc_err_release(&a->err);
	}
	free(set->v);
	kc_err_release(&set->load_err);
	free(set->load_agg);
	set->load_agg = NULL;
	memset(set, 0, sizeof *set);
}

/* ---------------------------------------------------------------- running */

static void prune_nulls(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		void *tmp;
		json_object_foreach_safe(v, tmp, k, x) {
			if (json_is_null(x))
				json_object_del(v, k);
			else
				prune_nulls(x);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			prune_nulls(x);
	}
}

static void fail(struct apply_obj *a)
{
	a->failed = 1;
}

/* The three-way patch for a (live in a->live). 0 with a->patch set, or -1
 * with kubectl's wrapping of a patch-creation error (createPatchErrFormat
 * inside "error when patching", inside "error when applying patch"). */
static int compute_patch(const struct apply_opts *o, struct apply_obj *a, const json_t *modified)
{
	json_t *orig = NULL, *p = NULL;
	struct kc_err e = KC_ERR_INIT;
	free(a->patch);
	a->patch = NULL;
	json_t *an = json_object_get(json_object_get(a->live, "metadata"), "annotations");
	const char *orig_text = json_string_value(json_object_get(an, KC_LAST_APPLIED));
	const char *kind = sget(a->obj, "kind");
	int known = smp_known_kind(a->group, kind);
	a->patch_type = known ? "application/strategic-merge-patch+json" : "application/merge-patch+json";
	if (orig_text && *orig_text &&
	    !(orig = json_parse(orig_text, strlen(orig_text), NULL))) {
		kc_err_set(&e, "invalid JSON document");
	} else if (known) {
		p = smp_create_three_way(orig, modified, a->live, a->group, kind, o->overwrite, &e);
	} else {
		p = jmp_create_three_way(orig, modified, a->live, &e);
		if (p && (json_object_get(p, "apiVersion") || json_object_get(p, "kind") ||
			  json_object_get(json_object_get(p, "metadata"), "name"))) {
			json_decref(p);
			p = NULL;
			kc_err_set(&e, "At least one of apiVersion, kind and name was changed");
		}
	}
	json_decref(orig);
	if (!p && known) {
		/* kubectl builds the strategic merge patch from the server's OpenAPI v3
		 * document, then from v2, then from its built-in types: the first two
		 * failures are warnings */
		fflush(stdout);
		fprintf(stderr, "warning: error calculating patch from openapi v3 spec: %s\n", e.msg.buf);
		fprintf(stderr, "warning: error calculating patch from openapi spec: %s\n", e.msg.buf);
	}
	if (!p) {
		struct strbuf info = STRBUF_INIT, mod = STRBUF_INIT, cur = STRBUF_INIT;
		apply_info_string(&info, a);
		json_emit(&mod, modified, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		json_emit(&cur, a->live, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		kc_err_set(&a->err, "error when applying patch:\n\nto:\n%s\nfor: \"%s\": error when patching \"%s\": "
			   "creating patch with:\noriginal:\n%s\nmodified:\n%s\n\ncurrent:\n%s\n\nfor:: %s",
			   info.buf, a->source, a->source, orig_text ? orig_text : "", mod.buf, cur.buf,
			   e.msg.buf);
		strbuf_release(&info);
		strbuf_release(&mod);
		strbuf_release(&cur);
		kc_err_release(&e);
		return -1;
	}
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, p, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	a->patch = strbuf_detach(&sb, NULL);
	json_decref(p);
	kc_err_release(&e);
	return 0;
}

static json_t *parse_body(const struct kc_response *r, struct kc_err *err)
{
	return json_parse(r->body.buf, r->body.len, err);
}

static void warn_if_deleting(const struct apply_obj *a);

/* Does an Apply entry of managedFields own metadata.annotations[last-applied]? */
static int last_applied_owned(const json_t *obj)
{
	size_t i;
	json_t *mf;
	json_array_foreach(json_object_get(json_object_get(obj, "metadata"), "managedFields"), i, mf) {
		if (strcmp(sget(mf, "operation"), "Apply"))
			continue;
		json_t *f = json_object_get(json_object_get(json_object_get(mf, "fieldsV1"),
							    "f:metadata"), "f:annotations");
		if (json_object_get(f, "f:" KC_LAST_APPLIED))
			return 1;
	}
	return 0;
}

/* kubectl's saveLastApplyAnnotationIfNecessary: with the default manager, an
 * object that carries the last-applied annotation gets it applied by the
 * manager "kubectl-last-applied" too, unless an Apply manager owns it already. */
static int save_last_applied(struct kc_client *c, const struct apply_opts *o, struct apply_obj *a)
{
	if (strcmp(o->field_manager, "kubectl"))
		return 0;
	json_t *md = json_object_get(a->out, "metadata");
	json_t *la = json_object_get(json_object_get(md, "annotations"), KC_LAST_APPLIED);
	if (!json_is_string(la) || last_applied_owned(a->out))
		return 0;
	json_t *just = json_object();
	json_object_set(just, "apiVersion", json_object_get(a->out, "apiVersion"));
	json_object_set(just, "kind", json_object_get(a->out, "kind"));
	json_t *m = json_object();
	json_object_set_new(m, "annotations", json_pack("{s:O}", KC_LAST_APPLIED, la));
	json_object_set(m, "name", json_object_get(md, "name"));
	if (*sget(md, "namespace"))
		json_object_set(m, "namespace", json_object_get(md, "namespace"));
	json_object_set_new(just, "metadata", m);
	struct strbuf body = STRBUF_INIT;
	json_emit(&body, just, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	strbuf_addch(&body, '\n');
	json_decref(just);
	char *path = apply_object_path(a, 1, o->dry_run, "kubectl-last-applied", o->validate, NULL);
	struct kc_request r = KC_REQUEST_INIT;
	r.accept = "application/json";
	r.method = "PATCH";
	r.path = path;
	r.content_type = "application/apply-patch+yaml";
	r.body = body.buf;
	r.body_len = body.len;
	struct kc_response resp;
	struct kc_err e = KC_ERR_INIT;
	if (kc_client_do(c, &r, &resp, &e) == 0) {
		if (resp.code < 200 || resp.code > 299) {
			struct apply_obj tmp = *a;
			tmp.agg = NULL;
			kc_err_init(&tmp.err);
			apply_status_error(&resp, &tmp, "patch", NULL, &e);
			free(tmp.agg);
			kc_err_release(&tmp.err);
		} else {
			json_t *n = json_parse(resp.body.buf, resp.body.len, &e);
			if (n) {
				json_decref(a->out);
				a->out = n;
			}
		}
	}
	int ret = 0;
	if (kc_err_isset(&e)) {
		fflush(stdout);
		fprintf(stderr, "Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: %s\n",
			e.msg.buf);
		ret = -1;
	}
	kc_err_release(&e);
	kc_response_release(&resp);
	free(path);
	strbuf_release(&body);
	return ret;
}

/* One PATCH of a (the object's URL with the command's field manager, dry run
 * and validation; force as given, NULL = none). 1 with the new object in
 * a->out, 0 on a 409 Conflict, -1 otherwise; the error's message (as Go's
 * err.Error() reads) in msg. */
static int ssa_patch(struct kc_client *c, const struct apply_opts *o, struct apply_obj *a,
		     const char *content_type, const char *body, const char *force, struct strbuf *msg)
{
	char *path = apply_object_path(a, 1, o->dry_run, o->field_manager, o->validate, force);
	struct kc_request r = KC_REQUEST_INIT;
	r.accept = "application/json";
	r.method = "PATCH";
	r.path = path;
	r.content_type = content_type;
	r.body = body;
	r.body_len = strlen(body);
	struct kc_response resp;
	struct kc_err e = KC_ERR_INIT;
	int ret = -1;
	if (kc_client_do(c, &r, &resp, &e) == 0) {
		if (resp.code >= 200 && resp.code <= 299) {
			json_t *n = json_parse(resp.body.buf, resp.body.len, &e);
			if (n) {
				json_decref(a->out);
				a->out = n;
				ret = 1;
			}
		} else {
			char *reason = NULL, *m = NULL;
			long code = 0;
			if (!kc_status_decode(resp.body.buf, resp.body.len, &reason, &m, &code) && m) {
				kc_err_set(&e, "%s", m);
			} else {
				struct kc_err_hint hint = { a->res->group, a->res->name, a->name, "patch", 0 };
				kc_status_error(&resp, &hint, &e);
			}
			free(reason);
			free(m);
			if (resp.code == 409)
				ret = 0;
		}
	}
	if (kc_err_isset(&e))
		strbuf_addbuf(msg, &e.msg);
	kc_err_release(&e);
	kc_response_release(&resp);
	free(path);
	return ret;
}

/* kubectl's migrateToSSAIfNecessary: the Update managers that own the
 * last-applied annotation (client-side apply) are merged into the Apply
 * manager by a JSON patch on managedFields (which also replaces
 * resourceVersion: a concurrent write conflicts; then GET and again, up to 5
 * times); after a migration the apply patch is sent once more. Failures are
 * warnings: the object was applied. */
static void migrate_to_ssa(struct kc_client *c, const struct apply_opts *o, struct apply_obj *a,
			   const char *apply_body)
{
	struct strvec csa = STRVEC_INIT;
	struct strbuf msg = STRBUF_INIT;
	kc_csa_last_applied_owners(a->out, "Update", &csa);
	int migrated = 0;
	for (int i = 0; i < 5; i++) {
		char *patch = kc_csa_upgrade_patch(a->out, &csa, o->field_manager);
		if (!patch)
			break;
		strbuf_reset(&msg);
		int rc = ssa_patch(c, o, a, "application/json-patch+json", patch, NULL, &msg);
		free(patch);
		if (rc == 1) {
			migrated = 1;
			break;
		}
		if (rc < 0)
			break;
		/* a conflict: the object again */
		char *path = apply_object_path(a, 1, NULL, NULL, NULL, NULL);
		struct kc_request r = KC_REQUEST_INIT;
		r.path = path;
		struct kc_response resp;
		struct kc_err e = KC_ERR_INIT;
		json_t *n = NULL;
		strbuf_reset(&msg);
		if (kc_client_do(c, &r, &resp, &e) == 0 && resp.code >= 200 && resp.code <= 299)
			n = json_parse(resp.body.buf, resp.body.len, &e);
		else if (!kc_err_isset(&e)) {
			struct kc_err_hint hint = { a->res->group, a->res->name, a->name, "get", 0 };
			kc_status_error(&resp, &hint, &e);
		}
		kc_response_release(&resp);
		free(path);
		if (!n) {
			strbuf_addbuf(&msg, &e.msg);
			kc_err_release(&e);
			break;
		}
		kc_err_release(&e);
		json_decref(a->out);
		a->out = n;
	}
	if (msg.len && !migrated) {
		fflush(stdout);
		fprintf(stderr, "Warning: server rejected managed fields migration to Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: %s\n",
			msg.buf);
	} else if (migrated) {
		strbuf_reset(&msg);
		if (ssa_patch(c, o, a, "application/apply-patch+yaml", apply_body,
			      o->force_conflicts ? "true" : "false", &msg) != 1) {
			fflush(stdout);
			fprintf(stderr, "Warning: failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: %s\n",
				msg.buf);
		}
	}
	strbuf_release(&msg);
	strvec_clear(&csa);
}

static void run_server_side(struct kc_client *c, const struct apply_opts *o,
			    struct apply_obj **w, size_t n)
{
	struct kc_request *reqs = calloc(n, sizeof *reqs);
	struct kc_response *resps = calloc(n, sizeof *resps);
	struct strbuf *bodies = calloc(n, sizeof *bodies);
	char **paths = calloc(n, sizeof *paths);
	for (size_t i = 0; i < n; i++) {
		struct apply_obj *a = w[i];
		strbuf_init(&bodies[i], 0);
		json_emit(&bodies[i], a->obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		strbuf_addch(&bodies[i], '\n');
		paths[i] = apply_object_path(a, 1, o->dry_run, o->field_manager, o->validate,
					     o->force_conflicts ? "true" : "false");
		struct kc_request r = KC_REQUEST_INIT;
		r.accept = "application/json";
		r.method = "PATCH";
		r.path = paths[i];
		r.content_type = "application/apply-patch+yaml";
		r.body = bodies[i].buf;
		r.body_len = bodies[i].len;
		reqs[i] = r;
	}
	kc_client_do_all(c, reqs, resps, n);
	for (size_t i = 0; i < n; i++) {
		struct apply_obj *a = w[i];
		if (resps[i].code == 0) {
			kc_err_move(&a->err, &resps[i].err);
			fail(a);
		} else if (resps[i].code < 200 || resps[i].code > 299) {
			apply_status_error(&resps[i], a, "patch", NULL, &a->err);
			if (resps[i].code == 409) {
				/* kubectl wraps the StatusError (fmt.Errorf %w), so CheckErr
				 * prints the bare server message, not "Error from server". */
				char *reason = NULL, *msg = NULL;
				long code = 0;
				if (!kc_status_decode(resps[i].body.buf, resps[i].body.len, &reason, &msg, &code) && msg)
					kc_err_set(&a->err, "%s", msg);
				else
					kc_err_set(&a->err, "%s", a->err.msg.buf);
				free(reason);
				free(msg);
				strbuf_addstr(&a->err.msg,
					      "\nPlease review the fields above--they currently have other managers. Here\n"
					      "are the ways you can resolve this warning:\n"
					      "* If you intend to manage all of these fields, please re-run the apply\n"
					      "  command with the `--force-conflicts` flag.\n"
					      "* If you do not intend to manage all of the fields, please edit your\n"
					      "  manifest to remove references to the fields that should keep their\n"
					      "  current managers.\n"
					      "* You may co-own fields by updating your manifest to match the existing\n"
					      "  value; in this case, you'll become the manager if the other manager(s)\n"
					      "  stop managing the field (remove it from their configuration).\n"
					      "See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts");
			}
			fail(a);
		} else if (!(a->out = parse_body(&resps[i], &a->err))) {
			fail(a);
		} else {
			a->verb = "serverside-applied";
			if (save_last_applied(c, o, a) == 0)
				migrate_to_ssa(c, o, a, bodies[i].buf);
			warn_if_deleting(a);
		}
		kc_response_release(&resps[i]);
		strbuf_release(&bodies[i]);
		free(paths[i]);
	}
	free(reqs);
	free(resps);
	free(bodies);
	free(paths);
}

static void warn_missing_annotation(const struct apply_opts *o, const struct apply_obj *a)
{
	json_t *an = json_object_get(json_object_get(a->live, "metadata"), "annotations");
	if (json_object_get(an, KC_LAST_APPLIED))
		return;
	const char *p = o->prog;
	fflush(stdout);
	fprintf(stderr,
		"Warning: resource %s/%s is missing the %s annotation which is required by %s apply. %s apply should only be used on resources created declaratively by either %s create --save-config or %s apply. The missing annotation will be patched automatically.\n",
		a->res->name, a->name, KC_LAST_APPLIED, p, p, /* info.ObjectName(): no group */
		p, p);
}

static void warn_if_deleting(const struct apply_obj *a)
{
	json_t *md = json_object_get(a->out, "metadata");
	if (json_object_get(md, "deletionTimestamp")) {
		fflush(stdout);
		fprintf(stderr, "Warning: Detected changes to resource %s which is currently being deleted.\n",
			a->name);
	}
}

static void patch_error(struct apply_obj *a, const struct kc_response *r)
{
	struct strbuf info = STRBUF_INIT, pre = STRBUF_INIT;
	apply_info_string(&info, a);
	strbuf_addf(&pre, "error when applying patch:\n%s\nto:\n%s\nfor: \"%s\": error when patching \"%s\": ",
		    a->patch ? a->patch : "", info.buf, a->source, a->source);
	apply_status_error(r, a, "patch", pre.buf, &a->err);
	strbuf_release(&info);
	strbuf_release(&pre);
	fail(a);
}

/* One object whose PATCH hit a 409: GET, recompute, PATCH, up to 5 times. */
static void retry_conflict(struct kc_client *c, const struct apply_opts *o, struct apply_obj *a,
			   const json_t *modified, struct kc_response *last)
{
	char *gpath = apply_object_path(a, 1, NULL, NULL, NULL, NULL);
	char *ppath = apply_object_path(a, 1, o->dry_run, o->field_manager, o->validate, NULL);
	struct kc_response r;
	int done = 0;
	for (int i = 1; i <= MAX_PATCH_RETRY && !done; i++) {
		struct kc_request g = KC_REQUEST_INIT;
		g.accept = "application/json";
		g.path = gpath;
		struct kc_err e = KC_ERR_INIT;
		if (kc_client_do(c, &g, &r, &e) < 0 || r.code != 200) {
			if (r.code)
				apply_status_error(&r, a, "get", NULL, &a->err);
			else
				kc_err_move(&a->err, &e);
			kc_err_release(&e);
			kc_response_release(&r);
			fail(a);
			done = 1;
			break;
		}
		kc_err_release(&e);
		json_decref(a->live);
		a->live = parse_body(&r, &a->err);
		kc_response_release(&r);
		if (!a->live || compute_patch(o, a, modified) < 0) {
			fail(a);
			break;
		}
		if (!strcmp(a->patch, "{}")) {
			a->out = json_incref(a->live);
			a->verb = "unchanged";
			break;
		}
		struct kc_request p = KC_REQUEST_INIT;
		p.accept = "application/json";
		p.method = "PATCH";
		p.path = ppath;
		p.content_type = a->patch_type;
		p.body = a->patch;
		p.body_len = strlen(a->patch);
		if (kc_client_do(c, &p, &r, &e) < 0) {
			kc_err_move(&a->err, &e);
			kc_response_release(&r);
			fail(a);
			break;
		}
		kc_err_release(&e);
		if (r.code == 409 && i < MAX_PATCH_RETRY) {
			kc_response_release(&r);
			continue;
		}
		if (r.code < 200 || r.code > 299) {
			patch_error(a, &r);
		} else if ((a->out = parse_body(&r, &a->err))) {
			a->verb = "configured";
		} else
			fail(a);
		kc_response_release(&r);
		done = 1;
	}
	(void)last;
	free(gpath);
	free(ppath);
}

/* Many objects of one type in one namespace: one LIST (pages of 500) instead
 * of one GET each. Sets a->live for the objects found (apiVersion and kind put
 * back, as a GET returns them) and done[i] for every object the LIST answered
 * (absent ones included); a failed LIST leaves its objects to the GETs. */
#define APPLY_LIST_MIN 16
static void list_prefetch(struct kc_client *c, struct apply_obj **w, size_t n, char *done)
{
	for (size_t i = 0; i < n; i++) {
		struct apply_obj *a = w[i];
		if (done[i] || !*a->name)
			continue;
		size_t count = 0;
		for (size_t j = i; j < n; j++)
			if (w[j]->res == a->res && !strcmp(w[j]->ns, a->ns) && *w[j]->name)
				count++;
		if (count < APPLY_LIST_MIN)
			continue;
		char *base = kc_resource_path(a->res, a->res->namespaced ? a->ns : NULL, NULL);
		json_t *byname = json_object();
		char *cont = NULL;
		int ok = 1;
		do {
			struct strbuf path = STRBUF_INIT;
			strbuf_addf(&path, "%s?limit=500", base);
			if (cont) {
				strbuf_addstr(&path, "&continue=");
				for (const char *p = cont; *p; p++) {
					unsigned char ch = (unsigned char)*p;
					if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
					    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~')
						strbuf_addch(&path, ch);
					else
						strbuf_addf(&path, "%%%02X", ch);
				}
			}
			free(cont);
			cont = NULL;
			struct kc_err e = KC_ERR_INIT;
			json_t *l = kc_client_get_json(c, path.buf, &e);
			strbuf_release(&path);
			kc_err_release(&e);
			if (!l) {
				ok = 0;
				break;
			}
			size_t k;
			json_t *it;
			json_array_foreach(json_object_get(l, "items"), k, it) {
				const char *nm = sget(json_object_get(it, "metadata"), "name");
				json_object_set(byname, nm, it);
			}
			const char *ct = sget(json_object_get(l, "metadata"), "continue");
			if (*ct)
				cont = strdup(ct);
			json_decref(l);
		} while (cont);
		free(base);
		if (ok) {
			for (size_t j = i; j < n; j++) {
				struct apply_obj *b = w[j];
				if (b->res != a->res || strcmp(b->ns, a->ns) || !*b->name)
					continue;
				json_t *it = json_object_get(byname, b->name);
				if (it) {
					json_t *live = json_object();
					json_object_set(live, "apiVersion", json_object_get(b->obj, "apiVersion"));
					json_object_set(live, "kind", json_object_get(b->obj, "kind"));
					json_object_update(live, it);
					b->live = live;
				}
				done[j] = 1;
			}
		}
		json_decref(byname);
	}
}

static void run_client_side(struct kc_client *c, const struct apply_opts *o,
			    struct apply_obj **w, size_t n)
{
	int client_dry = !strcmp(o->dry_run, "client");
	struct kc_request *reqs = calloc(n, sizeof *reqs);
	struct kc_response *resps = calloc(n, sizeof *resps);
	char **paths = calloc(n, sizeof *paths);
	json_t **mods = calloc(n, sizeof *mods);
	size_t *idx = calloc(n, sizeof *idx);
	size_t ng = 0;
	char *done = calloc(n ? n : 1, 1);
	list_prefetch(c, w, n, done);
	/* GET every object that can be looked up */
	for (size_t i = 0; i < n; i++) {
		struct apply_obj *a = w[i];
		if (!*a->name) {
			const char *gen = sget(json_object_get(a->obj, "metadata"), "generateName");
			if (*gen) {
				kc_err_set(&a->err, "from %s: cannot use generate name with apply", gen);
			} else {
				struct strbuf info = STRBUF_INIT;
				apply_info_string(&info, a);
				kc_err_set(&a->err, "error when retrieving current configuration of:\n%s\nfrom server for: \"%s\": resource name may not be empty",
					   info.buf, a->source);
				strbuf_release(&info);
			}
			fail(a);
			continue;
		}
		mods[i] = kc_apply_modified(a->obj, NULL);
		if (done[i])
			continue;
		paths[ng] = apply_object_path(a, 1, NULL, NULL, NULL, NULL);
		struct kc_request r = KC_REQUEST_INIT;
		r.accept = "application/json";
		r.path = paths[ng];
		reqs[ng] = r;
		idx[ng++] = i;
	}
	kc_client_do_all(c, reqs, resps, ng);
	for (size_t k = 0; k < ng; k++) {
		struct apply_obj *a = w[idx[k]];
		if (resps[k].code == 0) {
			kc_err_move(&a->err, &resps[k].err);
			fail(a);
		} else if (resps[k].code == 404) {
			/* absent: created below */
		} else if (resps[k].code < 200 || resps[k].code > 299) {
			struct strbuf info = STRBUF_INIT, pre = STRBUF_INIT;
			apply_info_string(&info, a);
			strbuf_addf(&pre, "error when retrieving current configuration of:\n%s\nfrom server for: \"%s\": ",
				    info.buf, a->source);
			apply_status_error(&resps[k], a, "get", pre.buf, &a->err);
			strbuf_release(&info);
			strbuf_release(&pre);
			fail(a);
		} else if (!(a->live = parse_body(&resps[k], &a->err))) {
			fail(a);
		}
		kc_response_release(&resps[k]);
		free(paths[k]);
	}
	/* creates and patches */
	struct strbuf *bodies = calloc(n, sizeof *bodies);
	size_t nw = 0;
	for (size_t i = 0; i < n; i++) {
		struct apply_obj *a = w[i];
		if (a->failed)
			continue;
		if (!a->live) {
			json_t *obj = kc_apply_modified(a->obj, NULL);
			/* CreateApplyAnnotation then pruneNulls */
			prune_nulls(obj);
			a->verb = "created";
			if (client_dry) {
				a->out = obj;
				continue;
			}
			strbuf_init(&bodies[nw], 0);
			json_emit(&bodies[nw], obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
			strbuf_addch(&bodies[nw], '\n');
			json_decref(obj);
			paths[nw] = apply_object_path(a, 0, o->dry_run, o->field_manager, o->validate, NULL);
			struct kc_request r = KC_REQUEST_INIT;
			r.accept = "application/json";
			r.method = "POST";
			r.path = paths[nw];
			r.body = bodies[nw].buf;
			r.body_len = bodies[nw].len;
			reqs[nw] = r;
			idx[nw++] = i;
			continue;
		}
		if (client_dry) {
			a->out = json_incref(a->live);
			a->verb = "configured";
			continue;
		}
		warn_missing_annotation(o, a);
		if (compute_patch(o, a, mods[i]) < 0) {
			fail(a);
			continue;
		}
		if (!strcmp(a->patch, "{}")) {
			a->out = json_incref(a->live);
			a->verb = "unchanged";
			continue;
		}
		strbuf_init(&bodies[nw], 0);
		paths[nw] = apply_object_path(a, 1, o->dry_run, o->field_manager, o->validate, NULL);
		struct kc_request r = KC_REQUEST_INIT;
		r.accept = "application/json";
		r.method = "PATCH";
		r.path = paths[nw];
		r.content_type = a->patch_type;
		r.body = a->patch;
		r.body_len = strlen(a->patch);
		reqs[nw] = r;
		idx[nw++] = i;
	}
	kc_client_do_all(c, reqs, resps, nw);
	for (size_t k = 0; k < nw; k++) {
		size_t i = idx[k];
		struct apply_obj *a = w[i];
		int create = !strcmp(reqs[k].method, "POST");
		if (resps[k].code == 0) {
			kc_err_move(&a->err, &resps[k].err);
			fail(a);
		} else if (!create && resps[k].code == 409) {
			retry_conflict(c, o, a, mods[i], &resps[k]);
		} else if (resps[k].code < 200 || resps[k].code > 299) {
			if (create) {
				struct strbuf pre = STRBUF_INIT;
				strbuf_addf(&pre, "error when creating \"%s\": ", a->source);
				apply_status_error(&resps[k], a, "create", pre.buf, &a->err);
				strbuf_release(&pre);
				fail(a);
			} else
				patch_error(a, &resps[k]);
		} else if (!(a->out = parse_body(&resps[k], &a->err))) {
			fail(a);
		} else if (!create) {
			a->verb = "configured";
			warn_if_deleting(a);
		}
		kc_response_release(&resps[k]);
		strbuf_release(&bodies[k]);
		free(paths[k]);
	}
	for (size_t i = 0; i < n; i++)
		json_decref(mods[i]);
	free(mods);
	free(done);
	free(bodies);
	free(reqs);
	free(resps);
	free(paths);
	free(idx);
}

void apply_run(struct kc_client *c, const struct apply_opts *o, struct apply_set *set)
{
	int maxw = 0;
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].wave > maxw)
			maxw = set->v[i].wave;
	struct apply_obj **w = calloc(set->n ? set->n : 1, sizeof *w);
	for (int wave = 0; wave <= maxw; wave++) {
		size_t n = 0;
		for (size_t i = 0; i < set->n; i++)
			if (set->v[i].wave == wave)
				w[n++] = &set->v[i];
		if (!n)
			continue;
		if (o->server_side)
			run_server_side(c, o, w, n);
		else
			run_client_side(c, o, w, n);
	}
	free(w);
}

/* how one error reads inside kubectl's aggregate: Status errors as printed,
 * plain ones without "error: " */
int apply_collect_errors(struct apply_set *set, struct kc_err *err)
{
	struct kc_err *errs[set->n + 1];
	const char *aggs[set->n + 1];
	size_t ne = 0;
	if (set->load_failed) {
		aggs[ne] = NULL;
		errs[ne++] = &set->load_err;
	}
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].failed) {
			aggs[ne] = set->v[i].agg;
			errs[ne++] = &set->v[i].err;
		}
	if (ne == 0)
		return 0;
	if (ne == 1) {
		if (set->load_failed && set->load_nmsg > 1) {
			kc_err_raw(err, "%s\n", set->load_err.msg.buf);
			return -1;
		}
		kc_err_move(err, errs[0]);
		return -1;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ne; i++) {
		/* MultipleErrors: each message and "\n"; the builder's several
		 * errors are one aggregate among them: "[a, b]" */
		if (!aggs[i] && errs[i] == &set->load_err && set->load_nmsg > 1 && set->load_agg)
			strbuf_addf(&sb, "[%s]", set->load_agg);
		else if (aggs[i])
			strbuf_addstr(&sb, aggs[i]);
		else
			kc_api_err_line(&sb, errs[i]);
		strbuf_addch(&sb, '\n');
	}
	kc_err_raw(err, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}
