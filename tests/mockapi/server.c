/* server.c: routing, authorization, the generic REST verbs, watch and logs. */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/mockapi/server.h"
#include "tests/mockapi/proto.h"
#include "util/base64.h"

struct fault {
	char *pattern;
	char *method;
	char *action;
	long arg;
	long count;
	double rate;
};
extern struct fault g_faults[32];
extern int g_nfaults;

/* ---- responses ---- */

void req_warn(struct req *r, const char *text)
{
	if (!r->warnings)
		r->warnings = json_array();
	json_array_append_new(r->warnings, json_string(text));
}

/* Warning: 299 - "text" (text quoted like Go's strconv.Quote of ASCII) */
static void add_warnings(struct req *r, struct MHD_Response *resp)
{
	size_t i;
	json_t *w;
	json_array_foreach(r->warnings, i, w) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		strbuf_addstr(&sb, "299 - \"");
		for (const char *p = json_string_value(w); *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, *p);
		}
		strbuf_addch(&sb, '"');
		MHD_add_response_header(resp, "Warning", sb.buf);
		strbuf_release(&sb);
	}
}

static enum MHD_Result send_buf(struct req *r, unsigned code, const char *ctype, char *data,
	size_t len)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", ctype);
	MHD_add_response_header(resp, "Cache-Control", "no-cache, private");
	MHD_add_response_header(resp, "X-Kubernetes-Pf-Flowschema-Uid", "mock-flowschema");
	MHD_add_response_header(resp, "X-Kubernetes-Pf-Prioritylevel-Uid", "mock-prioritylevel");
	add_warnings(r, resp);
	enum MHD_Result ret = MHD_queue_response(r->conn, code, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* /openapi/v2: gnostic protobuf when asked for (client-go), else JSON; ETag and
 * If-None-Match as the apiserver's handler */
static enum MHD_Result send_openapi_v2(struct req *r)
{
	const char *accept = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept");
	int proto = accept && strstr(accept, "application/com.github.proto-openapi.spec.v2");
	size_t len;
	char etag[19];
	char *doc = openapi_v2_text(proto, &len, etag);
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
	int same = inm && !strcmp(inm, etag);
	struct MHD_Response *resp = same ?
		MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT) :
		MHD_create_response_from_buffer(len, doc, MHD_RESPMEM_MUST_FREE);
	if (same)
		free(doc);
	else
		MHD_add_response_header(resp, "Content-Type",
			proto ? "application/octet-stream" : "application/json");
	MHD_add_response_header(resp, "Cache-Control", "no-cache, private");
	MHD_add_response_header(resp, "Etag", etag);
	MHD_add_response_header(resp, "Vary", "Accept");
	enum MHD_Result ret = MHD_queue_response(r->conn, same ? 304 : 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result send_json_ct(struct req *r, unsigned code, json_t *j, const char *ctype)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	size_t n = strlen(s);
	s = xrealloc(s, n + 2);
	s[n] = '\n';
	s[n + 1] = 0;
	return send_buf(r, code, ctype, s, n + 1);
}

static enum MHD_Result send_json(struct req *r, unsigned code, json_t *j)
{
	return send_json_ct(r, code, j, "application/json");
}

static enum MHD_Result send_text(struct req *r, unsigned code, const char *text)
{
	return send_buf(r, code, "text/plain; charset=utf-8", xstrdup(text), strlen(text));
}

static enum MHD_Result send_status(struct req *r, json_t *st)
{
	unsigned code = (unsigned)jint(st, "code", 500);
	return send_json(r, code, st);
}

/* ---- Status objects ---- */

json_t *status_new(int code, const char *reason, const char *message, const char *kind,
	const char *name, const char *group)
{
	json_t *st = json_pack("{s:s,s:s,s:{},s:s,s:s}", "kind", "Status", "apiVersion", "v1",
		"metadata", "status", code < 300 ? "Success" : "Failure", "message", message);
	if (reason && *reason)
		json_object_set_new(st, "reason", json_string(reason));
	if (kind || name) {
		json_t *d = json_object();
		if (name)
			json_object_set_new(d, "name", json_string(name));
		if (group && *group)
			json_object_set_new(d, "group", json_string(group));
		if (kind)
			json_object_set_new(d, "kind", json_string(kind));
		json_object_set_new(st, "details", d);
	}
	json_object_set_new(st, "code", json_integer(code));
	return st;
}

static char *qualified(const struct rtype *rt)
{
	return *rt->group ? xasprintf("%s.%s", rt->resource, rt->group) : xstrdup(rt->resource);
}

json_t *status_notfound(const struct rtype *rt, const char *name)
{
	char *q = qualified(rt);
	char *m = xasprintf("%s \"%s\" not found", q, name);
	json_t *st = status_new(404, "NotFound", m, rt->resource, name, rt->group);
	free(q);
	free(m);
	return st;
}

static json_t *status_exists(const struct rtype *rt, const char *name)
{
	char *q = qualified(rt);
	char *m = xasprintf("%s \"%s\" already exists", q, name);
	json_t *st = status_new(409, "AlreadyExists", m, rt->resource, name, rt->group);
	free(q);
	free(m);
	return st;
}

static json_t *status_conflict(const struct rtype *rt, const char *name)
{
	char *q = qualified(rt);
	char *m = xasprintf("Operation cannot be fulfilled on %s \"%s\": the object has been "
		"modified; please apply your changes to the latest version and try again", q, name);
	json_t *st = status_new(409, "Conflict", m, rt->resource, name, rt->group);
	free(q);
	free(m);
	return st;
}

void cause_add(json_t *causes, const char *type, const char *field, const char *msg)
{
	json_array_append_new(causes, json_pack("{s:s,s:s,s:s}", "reason", type, "message", msg,
		"field", field));
}

json_t *status_invalid(const struct rtype *rt, const char *name, json_t *causes)
{
	struct strbuf sb = STRBUF_INIT;
	if (*rt->group)
		strbuf_addf(&sb, "%s.%s \"%s\" is invalid: ", rt->kind, rt->group, name);
	else
		strbuf_addf(&sb, "%s \"%s\" is invalid: ", rt->kind, name);
	size_t n = json_array_size(causes), i;
	json_t *c;
	if (n > 1)
		strbuf_addch(&sb, '[');
	json_array_foreach(causes, i, c) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addf(&sb, "%s: %s", jstr(c, "field"), S(jstr(c, "message")));
	}
	if (n > 1)
		strbuf_addch(&sb, ']');
	json_t *st = status_new(422, "Invalid", sb.buf, rt->kind, name, rt->group);
	json_object_set_new(json_object_get(st, "details"), "causes", causes);
	strbuf_release(&sb);
	return st;
}

static json_t *status_bad(const char *msg)
{
	return status_new(400, "BadRequest", msg, NULL, NULL, NULL);
}

static json_t *status_forbidden(const struct rtype *rt, const char *name, const char *user,
	const char *verb, const char *ns, const char *sub)
{
	struct strbuf sb = STRBUF_INIT;
	char *q = qualified(rt);
	if (name && *name)
		strbuf_addf(&sb, "%s \"%s\" is forbidden: ", q, name);
	else
		strbuf_addf(&sb, "%s is forbidden: ", q);
	strbuf_addf(&sb, "User \"%s\" cannot %s resource \"%s%s%s\" in API group \"%s\"", user,
		verb, rt->resource, sub ? "/" : "", sub ? sub : "", rt->group);
	if (ns && rt->namespaced)
		strbuf_addf(&sb, " in the namespace \"%s\"", ns);
	else
		strbuf_addstr(&sb, " at the cluster scope");
	json_t *st = status_new(403, "Forbidden", sb.buf, rt->resource, name ? name : "", rt->group);
	if (!name || !*name)
		json_object_del(json_object_get(st, "details"), "name");
	free(q);
	strbuf_release(&sb);
	return st;
}

/* ---- query helpers ---- */

static const char *qarg(struct req *r, const char *k)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, k);
}

static const char *hdr(struct req *r, const char *k)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, k);
}

static int qbool(struct req *r, const char *k)
{
	const char *v = qarg(r, k);
	return v && (!strcmp(v, "true") || !strcmp(v, "1"));
}

/* ---- selectors ---- */

struct req_sel {
	char key[128];
	int op; /* 0 =, 1 !=, 2 in, 3 notin, 4 exists, 5 !exists */
	char vals[8][128];
	int nvals;
};

static int parse_label_selector(const char *s, struct req_sel *out, int max, char *err,
	size_t errlen)
{
	int n = 0;
	const char *p = s;
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		if (n == max)
			return -1;
		struct req_sel *rs = &out[n];
		memset(rs, 0, sizeof(*rs));
		int neg = 0;
		if (*p == '!') {
			neg = 1;
			p++;
		}
		size_t k = 0;
		while (*p && (isalnum((unsigned char)*p) || strchr("-_./", *p)) && k < 127)
			rs->key[k++] = *p++;
		rs->key[k] = 0;
		while (*p == ' ')
			p++;
		if (neg) {
			rs->op = 5;
		} else if (!*p || *p == ',') {
			rs->op = 4;
		} else if (*p == '=' || (*p == '!' && p[1] == '=')) {
			rs->op = *p == '!' ? 1 : 0;
			p += *p == '!' ? 2 : (p[1] == '=' ? 2 : 1);
			size_t v = 0;
			while (*p && *p != ',' && v < 127)
				rs->vals[0][v++] = *p++;
			rs->vals[0][v] = 0;
			rs->nvals = 1;
		} else if (!strncmp(p, "in", 2) || !strncmp(p, "notin", 5)) {
			rs->op = p[0] == 'i' ? 2 : 3;
			p += rs->op == 2 ? 2 : 5;
			while (*p == ' ')
				p++;
			if (*p != '(') {
				snprintf(err, errlen, "unable to parse requirement: found '%s', expected: '('", p);
				return -1;
			}
			p++;
			while (*p && *p != ')') {
				while (*p == ' ' || *p == ',')
					p++;
				size_t v = 0;
				while (*p && *p != ',' && *p != ')' && *p != ' ' && v < 127)
					rs->vals[rs->nvals][v++] = *p++;
				rs->vals[rs->nvals][v] = 0;
				if (v && rs->nvals < 7)
					rs->nvals++;
				while (*p == ' ')
					p++;
			}
			if (*p != ')') {
				snprintf(err, errlen, "unable to parse requirement: found '', expected: ')'");
				return -1;
			}
			p++;
		} else {
			snprintf(err, errlen, "unable to parse requirement: <nil>: Invalid value: \"%s\"", s);
			return -1;
		}
		if (!*rs->key) {
			snprintf(err, errlen, "unable to parse requirement: <nil>: Invalid value: \"%s\"", s);
			return -1;
		}
		n++;
	}
	return n;
}

static int sel_match(const struct req_sel *s, int n, const json_t *labels)
{
	for (int i = 0; i < n; i++) {
		const char *v = json_string_value(json_object_get(labels, s[i].key));
		int in = 0;
		for (int j = 0; j < s[i].nvals; j++)
			if (v && !strcmp(v, s[i].vals[j]))
				in = 1;
		switch (s[i].op) {
		case 0: case 2:
			if (!in)
				return 0;
			break;
		case 1: case 3:
			if (in)
				return 0;
			break;
		case 4:
			if (!v)
				return 0;
			break;
		case 5:
			if (v)
				return 0;
			break;
		}
	}
	return 1;
}

static int field_match(const char *fs, const json_t *o)
{
	if (!fs || !*fs)
		return 1;
	char *dup = xstrdup(fs);
	char *save = NULL;
	int ok = 1;
	for (char *t = strtok_r(dup, ",", &save); t && ok; t = strtok_r(NULL, ",", &save)) {
		int neg = 0;
		char *eq = strstr(t, "!=");
		if (eq) {
			neg = 1;
			*eq = 0;
			eq += 2;
		} else if ((eq = strstr(t, "=="))) {
			*eq = 0;
			eq += 2;
		} else if ((eq = strchr(t, '='))) {
			*eq = 0;
			eq++;
		} else
			continue;
		json_t *v = jget(o, t);
		char buf[64];
		const char *sv = json_string_value(v);
		if (json_is_integer(v)) {
			snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
			sv = buf;
		} else if (json_is_boolean(v)) {
			sv = json_is_true(v) ? "true" : "false";
		}
		if (!sv)
			sv = "";
		int m = !strcmp(sv, eq);
		if (neg ? m : !m)
			ok = 0;
	}
	free(dup);
	return ok;
}

/* ---- authorization ---- */

static int is_admin(struct req *r)
{
	return r->group && !strcmp(r->group, "system:masters");
}

static int allowed(struct req *r, const struct rtype *rt, const char *ns)
{
	if (is_admin(r))
		return 1;
	if (r->user && !strcmp(r->user, "dev") && rt->namespaced && ns &&
	    !strcmp(ns, g_dev_namespace))
		return 1;
	if (r->user && !strcmp(rt->group, "authorization.k8s.io") &&
	    starts_with(rt->resource, "selfsubject"))
		return 1;
	if (r->user && !strcmp(rt->resource, "selfsubjectreviews"))
		return 1;
	return 0;
}

static int user_can(const char *user, const char *group, const char *verb, const char *res,
	const char *ns)
{
	(void)verb;
	(void)res;
	if (group && !strcmp(group, "system:masters"))
		return 1;
	if (user && !strcmp(user, "dev") && ns && !strcmp(ns, g_dev_namespace))
		return 1;
	return 0;
}

/* ---- object helpers ---- */

static void set_meta_on_create(const struct rtype *rt, json_t *o, const char *ns)
{
	json_t *md = jensure(o, "metadata");
	char *av = rt_apiversion(rt);
	json_object_set_new(o, "apiVersion", json_string(av));
	free(av);
	json_object_set_new(o, "kind", json_string(rt->kind));
	if (rt->namespaced)
		jset_str(md, "namespace", ns);
	else
		json_object_del(md, "namespace");
	char *uid = new_uid();
	jset_str(md, "uid", uid);
	free(uid);
	char *ts = now_rfc3339();
	jset_str(md, "creationTimestamp", ts);
	free(ts);
	json_object_del(md, "deletionTimestamp");
	json_object_del(md, "managedFields");
	json_object_del(md, "selfLink");
	const char *g = rt->group;
	if (rt->dynamic || !strcmp(g, "apps") || !strcmp(g, "batch") || !strcmp(g, "autoscaling") ||
	    !strcmp(g, "policy") || !strcmp(g, "networking.k8s.io"))
		json_object_set_new(md, "generation", json_integer(1));
	else
		json_object_del(md, "generation");
}

/* fieldManager, else the User-Agent's program name, as the apiserver does */
static char *default_manager(struct req *r)
{
	const char *fm = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "fieldManager");
	if (fm && *fm)
		return xstrdup(fm);
	const char *ua = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "User-Agent");
	if (!ua || !*ua)
		return xstrdup("unknown");
	return xstrndup(ua, strcspn(ua, "/"));
}

static json_t *strip_for_list(json_t *o)
{
	json_t *c = json_copy(o);
	return c;
}

/* the namespace gate for creating namespaced objects */
static json_t *check_namespace(const char *ns)
{
	const struct rtype *nsrt = rt_find("", "v1", "namespaces");
	json_t *n = store_get(nsrt, NULL, ns);
	if (!n)
		return status_notfound(nsrt, ns);
	return NULL;
}

static int spec_changed(const json_t *a, const json_t *b)
{
	json_t *x = json_deep_copy(a), *y = json_deep_copy(b);
	json_object_del(x, "status");
	json_object_del(y, "status");
	json_t *mx = json_object_get(x, "metadata"), *my = json_object_get(y, "metadata");
	/* metadata changes don't bump generation, except deletionTimestamp */
	json_object_del(x, "metadata");
	json_object_del(y, "metadata");
	(void)mx;
	(void)my;
	int ch = !json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return ch;
}

/* What Go's decoder would refuse: wrong JSON types in the object's metadata
 * (and a spec/status that is not an object). NULL, or a new 400 Status. */
static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_INTEGER: case JSON_REAL: return "number";
	case JSON_TRUE: case JSON_FALSE: return "bool";
	default: return "null";
	}
}

static json_t *shape_error(const struct rtype *rt, const json_t *v, const char *field,
	const char *gotype)
{
	char *m = xasprintf("%s in version \"%s\" cannot be handled as a %s: json: cannot unmarshal %s into Go struct field %s of type %s",
		rt->kind, rt->version, rt->kind, json_type_name(v), field, gotype);
	json_t *st = status_bad(m);
	free(m);
	return st;
}

/* fieldValidation: unknown fields (of built-in kinds and of custom resources with a
 * schema) → 400 (Strict, kubectl's default) or warnings (Warn, the server's
 * default) or nothing (Ignore); unless refused they are dropped. */
static json_t *check_fields(struct req *r, const struct rtype *rt, json_t *o)
{
	if (!json_is_object(o))
		return NULL;
	const char *fv = qarg(r, "fieldValidation");
	json_t *errs = json_array();
	/* unknown fields are dropped in every mode, as decoding or pruning drops them */
	openapi_unknown_fields(rt->group, rt->version, rt->kind, o, errs);
	json_t *st = NULL;
	if (fv && !strcmp(fv, "Ignore")) {
		json_array_clear(errs);
	} else if (json_array_size(errs) && fv && !strcmp(fv, "Strict")) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		strbuf_addf(&sb, "%s in version \"%s\" cannot be handled as a %s: strict decoding error: ",
			rt->kind, rt->version, rt->kind);
		size_t i;
		json_t *e;
		json_array_foreach(errs, i, e)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", json_string_value(e));
		st = status_bad(sb.buf);
		strbuf_release(&sb);
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(errs, i, e)
			req_warn(r, json_string_value(e));
	}
	json_decref(errs);
	return st;
}

static json_t *check_shape(const struct rtype *rt, const json_t *o)
{
	json_t *md = json_object_get(o, "metadata");
	if (md && !json_is_object(md))
		return shape_error(rt, md, "ObjectMeta.metadata", "v1.ObjectMeta");
	const char *strs[] = { "name", "namespace", "generateName", "resourceVersion", "uid" };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		json_t *v = json_object_get(md, strs[i]);
		if (v && !json_is_string(v) && !json_is_null(v)) {
			char f[64];
			snprintf(f, sizeof(f), "ObjectMeta.metadata.%s", strs[i]);
			return shape_error(rt, v, f, "string");
		}
	}
	const char *maps[] = { "labels", "annotations" };
	for (size_t i = 0; i < 2; i++) {
		json_t *v = json_object_get(md, maps[i]);
		char f[64];
		snprintf(f, sizeof(f), "ObjectMeta.metadata.%s", maps[i]);
		if (v && !json_is_object(v) && !json_is_null(v))
			return shape_error(rt, v, f, "map[string]string");
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			if (!json_is_string(x))
				return shape_error(rt, x, f, "string");
	}
	json_t *fin = json_object_get(md, "finalizers");
	if (fin && !json_is_array(fin) && !json_is_null(fin))
		return shape_error(rt, fin, "ObjectMeta.metadata.finalizers", "[]string");
	size_t i;
	json_t *x;
	json_array_foreach(fin, i, x)
		if (!json_is_string(x))
			return shape_error(rt, x, "ObjectMeta.metadata.finalizers", "string");
	json_t *refs = json_object_get(md, "ownerReferences");
	if (refs && !json_is_array(refs) && !json_is_null(refs))
		return shape_error(rt, refs, "ObjectMeta.metadata.ownerReferences", "[]v1.OwnerReference");
	json_array_foreach(refs, i, x)
		if (!json_is_object(x) || !json_is_string(json_object_get(x, "uid")))
			return shape_error(rt, x, "ObjectMeta.metadata.ownerReferences", "v1.OwnerReference");
	if (!rt->dynamic) {
		char err[600];
		char *av = rt_apiversion(rt);
		int bad = proto_check_json(av, rt->kind, o, err, sizeof(err));
		free(av);
		if (bad) {
			char *m = xasprintf("%s in version \"%s\" cannot be handled as a %s: %s", rt->kind,
				rt->version, rt->kind, err);
			json_t *st = status_bad(m);
			free(m);
			return st;
		}
	}
	const char *objs[] = { "spec", "status" };
	for (size_t k = 0; k < 2 && !rt->dynamic; k++) {
		json_t *v = json_object_get(o, objs[k]);
		if (v && !json_is_object(v) && !json_is_null(v)) {
			char f[64], t[64];
			snprintf(f, sizeof(f), "%s.%s", rt->kind, objs[k]);
			snprintf(t, sizeof(t), "v1.%s%s", rt->kind, k ? "Status" : "Spec");
			return shape_error(rt, v, f, t);
		}
	}
	return NULL;
}

/* Finish an update: old → new, with validation; returns response object (new ref) or
 * a Status via *st. new is stolen. */
static json_t *do_update(struct req *r, const struct rtype *rt, json_t *old, json_t *nw,
	const char *sub, int dry, json_t **st)
{
	const char *name = jstr(old, "metadata.name");
	if (!json_is_object(nw)) {
		char *m = xasprintf("json: cannot unmarshal %s into Go value of type map[string]interface {}",
			json_type_name(nw));
		*st = status_bad(m);
		free(m);
		json_decref(nw);
		return NULL;
	}
	if ((*st = check_shape(rt, nw)) || (strcmp(S(sub), "scale") && (*st = check_fields(r, rt, nw)))) {
		json_decref(nw);
		return NULL;
	}
	json_t *md = jensure(nw, "metadata");
	const char *rv = jstr(nw, "metadata.resourceVersion");
	if (rv && *rv && strcmp(rv, S(jstr(old, "metadata.resourceVersion")))) {
		*st = status_conflict(rt, name);
		json_decref(nw);
		return NULL;
	}
	/* immutable metadata */
	json_object_set(md, "uid", jget(old, "metadata.uid"));
	json_object_set(md, "creationTimestamp", jget(old, "metadata.creationTimestamp"));
	json_object_set(md, "name", jget(old, "metadata.name"));
	if (rt->namespaced)
		json_object_set(md, "namespace", jget(old, "metadata.namespace"));
	if (jget(old, "metadata.deletionTimestamp"))
		json_object_set(md, "deletionTimestamp", jget(old, "metadata.deletionTimestamp"));
	json_object_set(nw, "apiVersion", json_object_get(old, "apiVersion"));
	json_object_set(nw, "kind", json_object_get(old, "kind"));
	if (jget(old, "metadata.managedFields") && !jget(nw, "metadata.managedFields"))
		json_object_set(md, "managedFields", jget(old, "metadata.managedFields"));
	int has_status_sub = rt->subresources && strstr(rt->subresources, "status");
	if (sub && !strcmp(sub, "status")) {
		json_t *keep = json_deep_copy(old);
		if (json_object_get(nw, "status"))
			json_object_set(keep, "status", json_object_get(nw, "status"));
		json_object_set(keep, "metadata", md);
		json_decref(nw);
		nw = keep;
	} else if (has_status_sub && json_object_get(old, "status")) {
		json_object_set(nw, "status", json_object_get(old, "status"));
	}
	if (type_default(rt, nw, old) || type_validate(rt, nw, old, st)) {
		json_decref(nw);
		return NULL;
	}
	if (jget(old, "metadata.generation")) {
		long long g = jint(old, "metadata.generation", 1);
		if (spec_changed(old, nw))
			g++;
		json_object_set_new(jensure(nw, "metadata"), "generation", json_integer(g));
	}
	if (!r->apply) {
		char *mgr = default_manager(r);
		ssa_track_update(rt, old, nw, mgr, sub);
		free(mgr);
	}
	/* no-op updates keep the resourceVersion (managedFields times aside) */
	json_t *cmp = json_deep_copy(nw), *ocmp = json_deep_copy(old);
	json_object_set(jensure(cmp, "metadata"), "resourceVersion",
		jget(old, "metadata.resourceVersion"));
	size_t mi;
	json_t *me;
	json_array_foreach(jget(cmp, "metadata.managedFields"), mi, me)
		json_object_del(me, "time");
	json_array_foreach(jget(ocmp, "metadata.managedFields"), mi, me)
		json_object_del(me, "time");
	int same = json_equal(cmp, ocmp);
	json_decref(cmp);
	json_decref(ocmp);
	if (same) {
		json_decref(nw);
		return json_deep_copy(old);
	}
	/* finalizers gone on a deleting object → remove it */
	if (jget(nw, "metadata.deletionTimestamp") &&
	    json_array_size(jget(nw, "metadata.finalizers")) == 0) {
		json_t *resp = json_deep_copy(nw);
		if (!dry) {
			const char *ns = jstr(old, "metadata.namespace");
			char *n = xstrdup(name);
			char *nsd = ns ? xstrdup(ns) : NULL;
			json_t *gone = json_incref(old);
			store_remove(rt, nsd, n);
			ctrl_on_delete(rt, gone);
			json_decref(gone);
			free(n);
			free(nsd);
		}
		json_decref(nw);
		return resp;
	}
	if (dry) {
		return nw;
	}
	json_t *resp = json_incref(nw);
	store_put(rt, nw, 0);
	ctrl_reconcile();
	json_t *after = json_deep_copy(resp);
	json_decref(resp);
	return after;
}

static json_t *parse_body(struct req *r, json_t **st)
{
	const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	if (ct && strstr(ct, "protobuf")) {
		char perr[256];
		json_t *o = proto_to_json((const unsigned char *)r->body.buf, r->body.len, perr,
			sizeof(perr));
		if (!o)
			*st = status_bad(perr);
		return o;
	}
	if (r->too_big) {
		*st = status_new(413, "RequestEntityTooLarge", "request entity too large", NULL, NULL,
			NULL);
		return NULL;
	}
	json_error_t e;
	e.text[0] = 0;
	json_t *o;
	if (ct && strstr(ct, "yaml")) {
		char yerr[256];
		o = yaml_body_to_json(r->body.buf, r->body.len, yerr, sizeof(yerr));
		if (!o) {
			*st = status_bad(yerr);
			return NULL;
		}
	} else
		o = json_loadb(r->body.buf, r->body.len, 0, &e);
	if (!o || !json_is_object(o)) {
		/* maybe YAML-ish (apply-patch+yaml with a JSON body is the common case) */
		char *m = xasprintf("error decoding request body: %s", o ? "not an object" : e.text);
		*st = status_bad(m);
		free(m);
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- scale subresource ---- */

static char *selector_string(const json_t *sel)
{
	struct strbuf sb = STRBUF_INIT;
	const char *k;
	json_t *v;
	json_t *ml = json_object_get(sel, "matchLabels");
	void *iter;
	/* sorted keys like labels.Set.String */
	const char *keys[64];
	size_t n = 0;
	json_object_foreach(ml, k, v)
		if (n < 64)
			keys[n++] = k;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		if (sb.len)
			strbuf_addch(&sb, ',');
		strbuf_addf(&sb, "%s=%s", keys[i], json_string_value(json_object_get(ml, keys[i])));
	}
	(void)iter;
	return strbuf_detach(&sb, NULL);
}

static json_t *scale_of(const json_t *o)
{
	char *sel = selector_string(jget(o, "spec.selector"));
	json_t *s = json_pack("{s:s,s:s,s:{s:O,s:O,s:O,s:O,s:O},s:{s:I},s:{s:I,s:s}}", "kind",
		"Scale", "apiVersion", "autoscaling/v1", "metadata", "name", jget(o, "metadata.name"),
		"namespace", jget(o, "metadata.namespace"), "uid", jget(o, "metadata.uid"),
		"resourceVersion", jget(o, "metadata.resourceVersion"), "creationTimestamp",
		jget(o, "metadata.creationTimestamp"), "spec", "replicas",
		(json_int_t)jint(o, "spec.replicas", 1), "status", "replicas",
		(json_int_t)jint(o, "status.replicas", 0), "selector", sel);
	free(sel);
	return s;
}

/* ---- watch streaming ---- */

struct wstream {
	const struct rtype *rt;
	char *ns;
	struct req_sel sel[16];
	int nsel;
	char *fsel;
	uint64_t rv;
	int table;
	int bookmarks;
	double deadline;
	double last_sent;
	struct strbuf pending;
	size_t off;
	int ended;
};

static void render_event(struct wstream *w, const char *type, json_t *o)
{
	json_t *obj;
	if (w->table) {
		json_t *items[1] = { o };
		obj = table_new(w->rt, items, 1, 1, jstr(o, "metadata.resourceVersion"), NULL);
	} else {
		obj = json_incref(o);
	}
	json_t *ev = json_pack("{s:s,s:o}", "type", type, "object", obj);
	char *s = json_dumps(ev, JSON_COMPACT);
	strbuf_addstr(&w->pending, s);
	strbuf_addch(&w->pending, '\n');
	free(s);
	json_decref(ev);
}

static int w_matches(struct wstream *w, const struct rtype *rt, json_t *o)
{
	if (rt != w->rt)
		return 0;
	if (w->ns && rt->namespaced) {
		const char *ns = jstr(o, "metadata.namespace");
		if (!ns || strcmp(ns, w->ns))
			return 0;
	}
	if (!sel_match(w->sel, w->nsel, jget(o, "metadata.labels")))
		return 0;
	return field_match(w->fsel, o);
}

static ssize_t watch_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct wstream *w = cls;
	for (;;) {
		if (w->off < w->pending.len) {
			size_t n = w->pending.len - w->off;
			if (n > max)
				n = max;
			memcpy(buf, w->pending.buf + w->off, n);
			w->off += n;
			if (w->off == w->pending.len) {
				strbuf_reset(&w->pending);
				w->off = 0;
			}
			return (ssize_t)n;
		}
		if (w->ended)
			return MHD_CONTENT_READER_END_OF_STREAM;
		pthread_mutex_lock(&g_lock);
		size_t first;
		size_t n = store_events_since(w->rv, &first);
		for (size_t i = 0; i < n; i++) {
			struct wevent *e = store_event(first + i);
			w->rv = e->rv;
			if (w_matches(w, e->rt, e->o))
				render_event(w, e->type, e->o);
		}
		if (w->pending.len == 0 && w->bookmarks && real_seconds() - w->last_sent >= 30) {
			char *b = xasprintf("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"%s\",\"apiVersion\":\"%s%s%s\",\"metadata\":{\"resourceVersion\":\"%llu\",\"creationTimestamp\":null}}}\n",
				w->rt->kind, w->rt->group, *w->rt->group ? "/" : "", w->rt->version,
				(unsigned long long)g_rv);
			strbuf_addstr(&w->pending, b);
			free(b);
		}
		if (w->pending.len)
			w->last_sent = real_seconds();
		if (w->pending.len == 0) {
			if (g_shutdown || real_seconds() >= w->deadline) {
				w->ended = 1;
			} else {
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				double until = real_seconds() + 1.0;
				if (until > w->deadline)
					until = w->deadline;
				double dt = until - real_seconds();
				if (dt < 0)
					dt = 0;
				ts.tv_sec += (time_t)dt;
				ts.tv_nsec += (long)((dt - floor(dt)) * 1e9);
				if (ts.tv_nsec >= 1000000000L) {
					ts.tv_sec++;
					ts.tv_nsec -= 1000000000L;
				}
				pthread_cond_timedwait(&g_cond, &g_lock, &ts);
			}
		}
		pthread_mutex_unlock(&g_lock);
	}
}

static void watch_free(void *cls)
{
	struct wstream *w = cls;
	free(w->ns);
	free(w->fsel);
	strbuf_release(&w->pending);
	free(w);
}

/* ---- list / get ---- */

static int wants_table(struct req *r)
{
	const char *a = hdr(r, "Accept");
	return a && strstr(a, "as=Table");
}

static enum MHD_Result do_list(struct req *r, const struct rtype *rt, const char *ns)
{
	struct req_sel sel[16];
	char err[512] = "";
	int nsel = 0;
	const char *ls = qarg(r, "labelSelector");
	if (ls && (nsel = parse_label_selector(ls, sel, 16, err, sizeof(err))) < 0)
		return send_status(r, status_bad(*err ? err : "bad label selector"));
	const char *fs = qarg(r, "fieldSelector");
	if (qbool(r, "watch")) {
		struct wstream *w = xcalloc(1, sizeof(*w));
		w->rt = rt;
		w->ns = ns ? xstrdup(ns) : NULL;
		memcpy(w->sel, sel, sizeof(sel));
		w->nsel = nsel;
		w->fsel = fs ? xstrdup(fs) : NULL;
		w->table = wants_table(r);
		w->bookmarks = qbool(r, "allowWatchBookmarks");
		w->last_sent = real_seconds();
		strbuf_init(&w->pending, 0);
		const char *to = qarg(r, "timeoutSeconds");
		w->deadline = real_seconds() + (to ? atof(to) : 1800);
		const char *rvs = qarg(r, "resourceVersion");
		pthread_mutex_lock(&g_lock);
		if (!rvs || !*rvs || !strcmp(rvs, "0")) {
			json_t **items;
			size_t n = store_list(rt, ns, &items);
			for (size_t i = 0; i < n; i++)
				if (w_matches(w, rt, items[i]))
					render_event(w, "ADDED", items[i]);
			free(items);
			w->rv = g_rv;
		} else {
			w->rv = strtoull(rvs, NULL, 10);
			if (w->rv < g_rv - 4000 && g_rv > 4000) {
				pthread_mutex_unlock(&g_lock);
				watch_free(w);
				return send_status(r, status_new(410, "Expired", "too old resource version",
					NULL, NULL, NULL));
			}
		}
		pthread_mutex_unlock(&g_lock);
		struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
			watch_read, w, watch_free);
		MHD_add_response_header(resp, "Content-Type", w->table ?
			"application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json");
		MHD_add_response_header(resp, "Cache-Control", "no-cache, private");
		enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	pthread_mutex_lock(&g_lock);
	json_t **items;
	size_t n = store_list(rt, ns, &items);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (sel_match(sel, nsel, jget(items[i], "metadata.labels")) && field_match(fs, items[i]))
			items[m++] = items[i];
	n = m;
	/* pagination */
	size_t start = 0;
	const char *cont = qarg(r, "continue");
	if (cont && *cont)
		start = strtoul(cont, NULL, 10);
	if (start > n)
		start = n;
	size_t limit = qarg(r, "limit") ? strtoul(qarg(r, "limit"), NULL, 10) : 0;
	size_t end = n;
	char nextc[32] = "";
	if (limit && start + limit < n) {
		end = start + limit;
		snprintf(nextc, sizeof(nextc), "%zu", end);
	}
	char rvbuf[32];
	snprintf(rvbuf, sizeof(rvbuf), "%llu", (unsigned long long)g_rv);
	json_t *out;
	if (wants_table(r)) {
		const char *io = qarg(r, "includeObject");
		int inc = io && !strcmp(io, "Object") ? 2 : io && !strcmp(io, "None") ? 0 : 1;
		out = table_new(rt, items + start, end - start, inc, rvbuf, *nextc ? nextc : NULL);
	} else {
		/* the list's text from the objects' cached texts: what json_dumps of the
		 * List object below would print */
		struct strbuf sb;
		strbuf_init(&sb, 256 + (end - start) * 2048);
		char *lav = rt_apiversion(rt);
		strbuf_addf(&sb, "{\"kind\":\"%sList\",\"apiVersion\":\"%s\",\"metadata\":{\"resourceVersion\":\"%s\"",
			rt->kind, lav, rvbuf);
		free(lav);
		if (*nextc)
			strbuf_addf(&sb, ",\"continue\":\"%s\"", nextc);
		strbuf_addstr(&sb, "},\"items\":[");
		int ok = 1;
		for (size_t i = start; i < end && ok; i++) {
			size_t len;
			const char *t = store_json_text(rt, items[i], &len);
			if (!t)
				ok = 0;
			else {
				if (i > start)
					strbuf_addch(&sb, ',');
				strbuf_add(&sb, t, len);
			}
		}
		if (ok) {
			strbuf_addstr(&sb, "]}\n");
			free(items);
			pthread_mutex_unlock(&g_lock);
			size_t len = sb.len;
			return send_buf(r, 200, "application/json", strbuf_detach(&sb, NULL), len);
		}
		strbuf_release(&sb);
		json_t *arr = json_array();
		for (size_t i = start; i < end; i++)
			json_array_append_new(arr, strip_for_list(items[i]));
		char *av = rt_apiversion(rt);
		char *lk = xasprintf("%sList", rt->kind);
		out = json_pack("{s:s,s:s,s:{s:s},s:o}", "kind", lk, "apiVersion", av, "metadata",
			"resourceVersion", rvbuf, "items", arr);
		if (*nextc)
			json_object_set_new(json_object_get(out, "metadata"), "continue",
				json_string(nextc));
		free(av);
		free(lk);
	}
	free(items);
	pthread_mutex_unlock(&g_lock);
	return send_json(r, 200, out);
}

static enum MHD_Result do_get(struct req *r, const struct rtype *rt, const char *ns,
	const char *name, const char *sub)
{
	pthread_mutex_lock(&g_lock);
	json_t *o = store_get(rt, ns, name);
	if (!o) {
		pthread_mutex_unlock(&g_lock);
		return send_status(r, status_notfound(rt, name));
	}
	json_t *out;
	if (sub && !strcmp(sub, "scale"))
		out = scale_of(o);
	else if (wants_table(r) && !sub) {
		json_t *items[1] = { o };
		const char *io = qarg(r, "includeObject");
		int inc = io && !strcmp(io, "Object") ? 2 : io && !strcmp(io, "None") ? 0 : 1;
		out = table_new(rt, items, 1, inc, jstr(o, "metadata.resourceVersion"), NULL);
	} else {
		size_t len;
		const char *t = store_json_text(rt, o, &len);
		if (t) {
			/* the cached text: send_json's bytes without a copy of the object */
			char *buf = xmalloc(len + 2);
			memcpy(buf, t, len);
			buf[len] = '\n';
			buf[len + 1] = 0;
			pthread_mutex_unlock(&g_lock);
			return send_buf(r, 200, "application/json", buf, len + 1);
		}
		out = json_deep_copy(o);
	}
	pthread_mutex_unlock(&g_lock);
	return send_json(r, 200, out);
}

/* ---- logs ---- */

struct lstream {
	char *ns, *pod, *container;
	size_t next;
	int timestamps;
	struct strbuf pending;
	size_t off;
	int ended;
};

static ssize_t logs_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct lstream *l = cls;
	for (;;) {
		if (l->off < l->pending.len) {
			size_t n = l->pending.len - l->off;
			if (n > max)
				n = max;
			memcpy(buf, l->pending.buf + l->off, n);
			l->off += n;
			if (l->off == l->pending.len) {
				strbuf_reset(&l->pending);
				l->off = 0;
			}
			return (ssize_t)n;
		}
		if (l->ended)
			return MHD_CONTENT_READER_END_OF_STREAM;
		pthread_mutex_lock(&g_lock);
		size_t have = logs_extra_count(l->ns, l->pod, l->container);
		if (have > l->next) {
			logs_extra_from(l->ns, l->pod, l->container, l->next, l->timestamps, &l->pending);
			l->next = have;
		} else if (g_shutdown || !store_get(rt_find("", "v1", "pods"), l->ns, l->pod)) {
			l->ended = 1;
		} else {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 200000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&g_cond, &g_lock, &ts);
		}
		pthread_mutex_unlock(&g_lock);
	}
}

static void logs_stream_free(void *cls)
{
	struct lstream *l = cls;
	free(l->ns);
	free(l->pod);
	free(l->container);
	strbuf_release(&l->pending);
	free(l);
}

static enum MHD_Result do_logs(struct req *r, const char *ns, const char *name)
{
	const struct rtype *prt = rt_find("", "v1", "pods");
	pthread_mutex_lock(&g_lock);
	json_t *pod = store_get(prt, ns, name);
	if (!pod) {
		pthread_mutex_unlock(&g_lock);
		return send_status(r, status_notfound(prt, name));
	}
	const char *container = qarg(r, "container");
	json_t *cs = jget(pod, "spec.containers");
	if (!container) {
		if (json_array_size(cs) != 1) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "a container name must be specified for pod %s, choose one of: [",
				name);
			size_t i;
			json_t *c;
			json_array_foreach(cs, i, c)
				strbuf_addf(&sb, "%s%s", i ? " " : "", S(jstr(c, "name")));
			strbuf_addch(&sb, ']');
			pthread_mutex_unlock(&g_lock);
			json_t *st = status_bad(sb.buf);
			strbuf_release(&sb);
			return send_status(r, st);
		}
		container = jstr(json_array_get(cs, 0), "name");
	}
	int found = 0;
	size_t i;
	json_t *c;
	json_array_foreach(cs, i, c)
		if (!strcmp(S(jstr(c, "name")), container))
			found = 1;
	if (!found) {
		char *m = xasprintf("container %s is not valid for pod %s", container, name);
		pthread_mutex_unlock(&g_lock);
		json_t *st = status_bad(m);
		free(m);
		return send_status(r, st);
	}
	const char *phase = jstr(pod, "status.phase");
	if (phase && !strcmp(phase, "Pending")) {
		char *m = xasprintf("container \"%s\" in pod \"%s\" is waiting to start: ContainerCreating",
			container, name);
		pthread_mutex_unlock(&g_lock);
		json_t *st = status_bad(m);
		free(m);
		return send_status(r, st);
	}
	int previous = qbool(r, "previous");
	int has_previous = 0;
	json_array_foreach(jget(pod, "status.containerStatuses"), i, c)
		if (!strcmp(S(jstr(c, "name")), container) && jget(c, "lastState.terminated"))
			has_previous = 1;
	if (previous && !has_previous) {
		char *m = xasprintf("previous terminated container \"%s\" in pod \"%s\" not found",
			container, name);
		pthread_mutex_unlock(&g_lock);
		json_t *st = status_bad(m);
		free(m);
		return send_status(r, st);
	}
	struct strbuf out = STRBUF_INIT;
	long tail = qarg(r, "tailLines") ? atol(qarg(r, "tailLines")) : -1;
	double since = -1;
	if (qarg(r, "sinceSeconds"))
		since = now_seconds() - atof(qarg(r, "sinceSeconds"));
	if (qarg(r, "sinceTime"))
		since = parse_rfc3339(qarg(r, "sinceTime"));
	long limit = qarg(r, "limitBytes") ? atol(qarg(r, "limitBytes")) : -1;
	int ts = qbool(r, "timestamps");
	logs_lines(pod, container, &out, ts, tail, since, limit, previous);
	size_t next = logs_extra_count(ns, name, container);
	char *cont_dup = xstrdup(container);
	pthread_mutex_unlock(&g_lock);
	if (!qbool(r, "follow")) {
		free(cont_dup);
		size_t len = out.len;
		return send_buf(r, 200, "text/plain", strbuf_detach(&out, NULL), len);
	}
	struct lstream *l = xcalloc(1, sizeof(*l));
	l->ns = xstrdup(ns);
	l->pod = xstrdup(name);
	l->container = cont_dup;
	l->next = next;
	l->timestamps = ts;
	l->pending = out;
	struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
		logs_read, l, logs_stream_free);
	MHD_add_response_header(resp, "Content-Type", "text/plain");
	enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- create ---- */

static enum MHD_Result do_review(struct req *r, const struct rtype *rt)
{
	json_t *st = NULL;
	json_t *o = parse_body(r, &st);
	if (!o)
		return send_status(r, st);
	const char *user = r->imp_user ? r->imp_user : r->user;
	if (!strcmp(rt->resource, "selfsubjectaccessreviews")) {
		json_t *ra = jget(o, "spec.resourceAttributes");
		int ok;
		if (ra)
			ok = user_can(user, r->group, jstr(ra, "verb"), jstr(ra, "resource"),
				jstr(ra, "namespace"));
		else
			ok = is_admin(r);
		json_t *s = json_pack("{s:b}", "allowed", ok);
		if (ok && !is_admin(r))
			json_object_set_new(s, "reason", json_string("RBAC: allowed by RoleBinding \"dev-admin/dev\" of ClusterRole \"admin\" to User \"dev\""));
		json_object_set_new(o, "status", s);
		json_object_set_new(jensure(o, "metadata"), "creationTimestamp", json_null());
		return send_json(r, 201, o);
	}
	if (!strcmp(rt->resource, "selfsubjectreviews")) {
		json_t *ui = json_pack("{s:s,s:[s,s]}", "username", user, "groups",
			r->group ? r->group : "system:authenticated", "system:authenticated");
		json_object_set_new(o, "status", json_pack("{s:o}", "userInfo", ui));
		json_object_set_new(jensure(o, "metadata"), "creationTimestamp", json_null());
		return send_json(r, 201, o);
	}
	if (!strcmp(rt->resource, "selfsubjectrulesreviews")) {
		const char *ns = jstr(o, "spec.namespace");
		int all = is_admin(r) || (user && !strcmp(user, "dev") && ns && !strcmp(ns, g_dev_namespace));
		json_t *rr = json_array();
		json_array_append_new(rr, json_pack("{s:[s],s:[s],s:[s]}", "verbs", "create", "apiGroups",
			"authorization.k8s.io", "resources", "selfsubjectaccessreviews"));
		json_array_append_new(rr, json_pack("{s:[s],s:[s],s:[s]}", "verbs", "create", "apiGroups",
			"authorization.k8s.io", "resources", "selfsubjectrulesreviews"));
		if (all)
			json_array_append_new(rr, json_pack("{s:[s],s:[s],s:[s]}", "verbs", "*",
				"apiGroups", "*", "resources", "*"));
		json_t *nr = json_array();
		json_array_append_new(nr, json_pack("{s:[s],s:[s,s,s,s,s]}", "verbs", "get",
			"nonResourceURLs", "/api", "/api/*", "/apis", "/apis/*", "/version"));
		if (is_admin(r))
			json_array_append_new(nr, json_pack("{s:[s],s:[s]}", "verbs", "*",
				"nonResourceURLs", "*"));
		json_object_set_new(o, "status", json_pack("{s:o,s:o,s:b}", "resourceRules", rr,
			"nonResourceRules", nr, "incomplete", 0));
		json_object_set_new(jensure(o, "metadata"), "creationTimestamp", json_null());
		return send_json(r, 201, o);
	}
	json_object_set_new(o, "status", json_pack("{s:b}", "allowed", 1));
	return send_json(r, 201, o);
}

/* POST serviceaccounts/NAME/token: a TokenRequest with a made-up token */
static enum MHD_Result do_token(struct req *r, const char *ns, const char *name)
{
	json_t *st = NULL;
	json_t *o = parse_body(r, &st);
	if (!o)
		return send_status(r, st);
	pthread_mutex_lock(&g_lock);
	const struct rtype *sart = rt_find("", "v1", "serviceaccounts");
	json_t *sa = store_get(sart, ns, name);
	if (!sa) {
		pthread_mutex_unlock(&g_lock);
		json_decref(o);
		return send_status(r, status_notfound(sart, name));
	}
	long long exp = jint(o, "spec.expirationSeconds", 3600);
	char *ts = rfc3339_at(now_seconds() + (double)exp);
	struct strbuf tok = STRBUF_INIT, b = STRBUF_INIT;
	char *claims = xasprintf("{\"sub\":\"system:serviceaccount:%s:%s\",\"iss\":\"kc-mockapi\"}", ns, name);
	base64_encode(&b, "{\"alg\":\"none\"}", 14);
	strbuf_addbuf(&tok, &b);
	strbuf_addch(&tok, '.');
	strbuf_reset(&b);
	base64_encode(&b, claims, strlen(claims));
	strbuf_addbuf(&tok, &b);
	strbuf_addstr(&tok, ".kc-mockapi");
	json_object_set_new(o, "status", json_pack("{s:s,s:s}", "token", tok.buf,
		"expirationTimestamp", ts));
	json_t *md = jensure(o, "metadata");
	jset_str(md, "name", name);
	jset_str(md, "namespace", ns);
	json_object_set_new(md, "creationTimestamp", json_null());
	json_object_set_new(o, "kind", json_string("TokenRequest"));
	json_object_set_new(o, "apiVersion", json_string("authentication.k8s.io/v1"));
	pthread_mutex_unlock(&g_lock);
	free(ts);
	free(claims);
	strbuf_release(&tok);
	strbuf_release(&b);
	return send_json(r, 201, o);
}

static enum MHD_Result do_create(struct req *r, const struct rtype *rt, const char *ns,
	const char *sub, const char *subname)
{
	if (!strcmp(rt->group, "authorization.k8s.io") || !strcmp(rt->group, "authentication.k8s.io"))
		return do_review(r, rt);
	json_t *st = NULL;
	json_t *o = parse_body(r, &st);
	if (!o)
		return send_status(r, st);
	int dry = qarg(r, "dryRun") != NULL;
	if ((st = check_shape(rt, o)) || (!sub && (st = check_fields(r, rt, o)))) {
		json_decref(o);
		return send_status(r, st);
	}
	const char *bns = jstr(o, "metadata.namespace");
	if (rt->namespaced && bns && *bns && ns && strcmp(bns, ns)) {
		json_decref(o);
		return send_status(r, status_bad("the namespace of the provided object does not match the namespace sent on the request"));
	}
	const char *kind = jstr(o, "kind");
	if (kind && strcmp(kind, rt->kind)) {
		char *m = xasprintf("the API version in the data (%s) does not match the expected API version (%s)",
			jstr(o, "apiVersion") ? jstr(o, "apiVersion") : "", rt->version);
		json_decref(o);
		json_t *s = status_bad(m);
		free(m);
		return send_status(r, s);
	}
	pthread_mutex_lock(&g_lock);
	json_t *md = jensure(o, "metadata");
	const char *name = jstr(o, "metadata.name");
	if (!name || !*name) {
		const char *gn = jstr(o, "metadata.generateName");
		if (gn && *gn) {
			char *sfx = rand_suffix(5);
			char *nm = xasprintf("%s%s", gn, sfx);
			jset_str(md, "name", nm);
			free(sfx);
			free(nm);
		} else {
			pthread_mutex_unlock(&g_lock);
			json_t *causes = json_array();
			cause_add(causes, "FieldValueRequired", "metadata.name",
				"Required value: name or generateName is required");
			json_t *s = status_invalid(rt, "", causes);
			json_decref(o);
			return send_status(r, s);
		}
		name = jstr(o, "metadata.name");
	}
	if (rt->namespaced && (st = check_namespace(ns))) {
		pthread_mutex_unlock(&g_lock);
		json_decref(o);
		return send_status(r, st);
	}
	if (rt->namespaced) {
		json_t *nso = store_get(rt_find("", "v1", "namespaces"), NULL, ns);
		if (jget(nso, "metadata.deletionTimestamp")) {
			char *q = qualified(rt);
			char *m = xasprintf("%s \"%s\" is forbidden: unable to create new content in namespace %s because it is being terminated",
				q, name, ns);
			json_t *s = status_new(403, "Forbidden", m, rt->resource, name, rt->group);
			free(q);
			free(m);
			pthread_mutex_unlock(&g_lock);
			json_decref(o);
			return send_status(r, s);
		}
	}
	if (store_get(rt, ns, name)) {
		st = status_exists(rt, name);
		pthread_mutex_unlock(&g_lock);
		json_decref(o);
		return send_status(r, st);
	}
	set_meta_on_create(rt, o, ns);
	json_t *sent = json_deep_copy(o);
	if (!strcmp(rt->resource, "jobs")) {
		/* the job controller's selector and labels */
		const char *uid = jstr(o, "metadata.uid");
		json_t *spec = jensure(o, "spec");
		if (!json_object_get(spec, "selector"))
			json_object_set_new(spec, "selector", json_pack("{s:{s:s}}", "matchLabels",
				"batch.kubernetes.io/controller-uid", uid));
		json_t *lab = jensure(spec, "template.metadata.labels");
		jset_str(lab, "batch.kubernetes.io/controller-uid", uid);
		jset_str(lab, "batch.kubernetes.io/job-name", name);
		jset_str(lab, "controller-uid", uid);
		jset_str(lab, "job-name", name);
	}
	if (type_default(rt, o, NULL) || type_validate(rt, o, NULL, &st)) {
		pthread_mutex_unlock(&g_lock);
		json_decref(o);
		json_decref(sent);
		return send_status(r, st);
	}
	char *mgr = default_manager(r);
	if (r->apply && r->apply_config)
		ssa_track_apply_create(rt, r->apply_config, o, mgr);
	else {
		/* computed before admission and PrepareForCreate, as the apiserver */
		json_t *t = ctrl_create_tracked(rt, sent, o);
		ssa_track_update(rt, NULL, t, mgr, NULL);
		json_t *mf = jget(t, "metadata.managedFields");
		if (mf)
			json_object_set(json_object_get(o, "metadata"), "managedFields", mf);
		json_decref(t);
	}
	json_decref(sent);
	free(mgr);
	(void)sub;
	(void)subname;
	json_t *resp;
	if (dry) {
		jset_str(jensure(o, "metadata"), "resourceVersion", "");
		json_object_del(json_object_get(o, "metadata"), "resourceVersion");
		resp = o;
	} else {
		json_t *keep = json_incref(o);
		store_put(rt, o, 1);
		resp = json_deep_copy(keep);
		json_decref(keep);
		ctrl_reconcile();
	}
	pthread_mutex_unlock(&g_lock);
	return send_json(r, 201, resp);
}

/* ---- update / patch ---- */

static enum MHD_Result do_put(struct req *r, const struct rtype *rt, const char *ns,
	const char *name, const char *sub)
{
	json_t *st = NULL;
	json_t *o = parse_body(r, &st);
	if (!o)
		return send_status(r, st);
	const char *bn = jstr(o, "metadata.name");
	if (sub && !strcmp(sub, "scale")) {
		pthread_mutex_lock(&g_lock);
		json_t *old = store_get(rt, ns, name);
		if (!old) {
			pthread_mutex_unlock(&g_lock);
			json_decref(o);
			return send_status(r, status_notfound(rt, name));
		}
		json_t *nw = json_deep_copy(old);
		json_object_set_new(jensure(nw, "spec"), "replicas",
			json_integer(jint(o, "spec.replicas", 0)));
		json_decref(o);
		json_t *res = do_update(r, rt, old, nw, "scale", qarg(r, "dryRun") != NULL, &st);
		json_t *out = res ? scale_of(res) : NULL;
		json_decref(res);
		pthread_mutex_unlock(&g_lock);
		return out ? send_json(r, 200, out) : send_status(r, st);
	}
	if (bn && strcmp(bn, name)) {
		char *m = xasprintf("the name of the object (%s) does not match the name on the URL (%s)",
			bn, name);
		json_decref(o);
		json_t *s = status_bad(m);
		free(m);
		return send_status(r, s);
	}
	pthread_mutex_lock(&g_lock);
	json_t *old = store_get(rt, ns, name);
	if (!old) {
		pthread_mutex_unlock(&g_lock);
		json_decref(o);
		return send_status(r, status_notfound(rt, name));
	}
	json_t *res = do_update(r, rt, old, o, sub, qarg(r, "dryRun") != NULL, &st);
	pthread_mutex_unlock(&g_lock);
	return res ? send_json(r, 200, res) : send_status(r, st);
}

static enum MHD_Result do_patch(struct req *r, const struct rtype *rt, const char *ns,
	const char *name, const char *sub)
{
	const char *ct = hdr(r, "Content-Type");
	if (!ct)
		ct = "";
	json_error_t e;
	json_t *patch = json_loadb(r->body.buf, r->body.len, 0, &e);
	if (!patch && strstr(ct, "yaml")) {
		char yerr[150];
		patch = yaml_body_to_json(r->body.buf, r->body.len, yerr, sizeof(yerr));
		if (!patch)
			snprintf(e.text, sizeof(e.text), "%s", yerr);
	}
	if (!patch) {
		char *m = xasprintf("error decoding patch: %s", e.text);
		json_t *s = status_bad(m);
		free(m);
		return send_status(r, s);
	}
	int is_apply = starts_with(ct, "application/apply-patch");
	r->apply = is_apply;
	pthread_mutex_lock(&g_lock);
	json_t *old = store_get(rt, ns, name);
	if (!old && is_apply && !json_is_object(patch)) {
		pthread_mutex_unlock(&g_lock);
		char *m = xasprintf("error decoding patch: json: cannot unmarshal %s into Go value of type map[string]interface {}",
			json_type_name(patch));
		json_decref(patch);
		json_t *s2 = status_bad(m);
		free(m);
		return send_status(r, s2);
	}
	if (!old && is_apply) {
		pthread_mutex_unlock(&g_lock);
		/* server-side apply of a new object is a create */
		strbuf_reset(&r->body);
		char *s = json_dumps(patch, JSON_COMPACT);
		strbuf_addstr(&r->body, s);
		free(s);
		json_decref(r->apply_config);
		r->apply_config = patch;
		return do_create(r, rt, ns, NULL, NULL);
	}
	if (!old) {
		pthread_mutex_unlock(&g_lock);
		json_decref(patch);
		return send_status(r, status_notfound(rt, name));
	}
	json_t *base = sub && !strcmp(sub, "scale") ? scale_of(old) : json_deep_copy(old);
	json_t *nw = NULL;
	struct strbuf err = STRBUF_INIT;
	if (starts_with(ct, "application/json-patch+json")) {
		if (!json_is_array(patch))
			strbuf_addstr(&err, "json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
		else if (json_patch_apply(base, patch, &err) == 0) {
			nw = base;
			base = NULL;
		}
	} else if (starts_with(ct, "application/merge-patch+json")) {
		nw = merge_patch(base, patch);
	} else if (is_apply && !(sub && !strcmp(sub, "scale"))) {
		json_t *cst = NULL;
		char *mgr = default_manager(r);
		nw = json_is_object(patch) ? ssa_apply(rt, old, patch, mgr, qbool(r, "force"), &cst) :
			NULL;
		free(mgr);
		if (!nw && cst) {
			json_decref(base);
			json_decref(patch);
			pthread_mutex_unlock(&g_lock);
			return send_status(r, cst);
		}
		if (!nw)
			strbuf_addstr(&err, "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}");
	} else if (starts_with(ct, "application/strategic-merge-patch+json") || is_apply) {
		if (sub && !strcmp(sub, "scale"))
			nw = merge_patch(base, patch);
		else
			nw = mock_smp_apply(base, patch, rt->kind, &err);
	} else {
		json_decref(base);
		json_decref(patch);
		pthread_mutex_unlock(&g_lock);
		char *m = xasprintf("the server does not support patch type \"%s\"", ct);
		json_t *s = status_new(415, "UnsupportedMediaType", m, NULL, NULL, NULL);
		free(m);
		return send_status(r, s);
	}
	json_decref(base);
	json_decref(patch);
	if (!nw) {
		pthread_mutex_unlock(&g_lock);
		json_t *s = status_new(422, "Invalid", err.len ? err.buf : "invalid patch", NULL, NULL,
			NULL);
		strbuf_release(&err);
		return send_status(r, s);
	}
	strbuf_release(&err);
	json_t *st = NULL;
	json_t *res;
	if (sub && !strcmp(sub, "scale")) {
		json_t *full = json_deep_copy(old);
		json_object_set_new(jensure(full, "spec"), "replicas",
			json_integer(jint(nw, "spec.replicas", 0)));
		json_decref(nw);
		res = do_update(r, rt, old, full, "scale", qarg(r, "dryRun") != NULL, &st);
		if (res) {
			json_t *s = scale_of(res);
			json_decref(res);
			res = s;
		}
	} else {
		/* a patch carries the object's own resourceVersion unless it set one */
		res = do_update(r, rt, old, nw, sub, qarg(r, "dryRun") != NULL, &st);
	}
	pthread_mutex_unlock(&g_lock);
	return res ? send_json(r, 200, res) : send_status(r, st);
}

/* ---- delete ---- */

static json_t *delete_one(struct req *r, const struct rtype *rt, json_t *o, int dry,
	const char *policy)
{
	const char *name = jstr(o, "metadata.name");
	const char *ns = jstr(o, "metadata.namespace");
	int has_fin = json_array_size(jget(o, "metadata.finalizers")) > 0;
	int foreground = policy && !strcmp(policy, "Foreground");
	int is_ns = !strcmp(rt->resource, "namespaces");
	if (dry)
		return json_deep_copy(o);
	if (has_fin || is_ns || foreground) {
		json_t *nw = json_deep_copy(o);
		if (!jget(nw, "metadata.deletionTimestamp")) {
			char *ts = now_rfc3339();
			jset_str(jensure(nw, "metadata"), "deletionTimestamp", ts);
			json_object_set_new(jensure(nw, "metadata"), "deletionGracePeriodSeconds",
				json_integer(0));
			free(ts);
		}
		if (is_ns)
			jset_str(jensure(nw, "status"), "phase", "Terminating");
		json_t *keep = json_incref(nw);
		store_put(rt, nw, 0);
		json_t *resp = json_deep_copy(keep);
		json_decref(keep);
		ctrl_reconcile();
		return resp;
	}
	json_t *resp;
	char *uid = xstrdup(jstr(o, "metadata.uid") ? jstr(o, "metadata.uid") : "");
	if (!strcmp(rt->resource, "pods") || !strcmp(rt->resource, "services") ||
	    !strcmp(rt->resource, "configmaps") || !strcmp(rt->resource, "secrets") ||
	    !strcmp(rt->resource, "serviceaccounts") || !strcmp(rt->resource, "endpoints"))
		resp = json_deep_copy(o);
	else {
		resp = status_new(200, NULL, "", rt->resource, name, rt->group);
		json_object_del(resp, "message");
		json_object_set_new(json_object_get(resp, "details"), "uid", json_string(uid));
	}
	json_t *gone = json_incref(o);
	char *n = xstrdup(name);
	char *nsd = ns ? xstrdup(ns) : NULL;
	store_remove(rt, nsd, n);
	ctrl_on_delete(rt, gone);
	json_decref(gone);
	free(n);
	free(nsd);
	free(uid);
	ctrl_reconcile();
	(void)r;
	return resp;
}

static enum MHD_Result do_delete(struct req *r, const struct rtype *rt, const char *ns,
	const char *name)
{
	int dry = qarg(r, "dryRun") != NULL;
	const char *policy = qarg(r, "propagationPolicy");
	json_t *opts = NULL;
	if (r->body.len) {
		json_t *ignore = NULL;
		opts = parse_body(r, &ignore);
		json_decref(ignore);
		if (jstr(opts, "propagationPolicy"))
			policy = jstr(opts, "propagationPolicy");
		if (json_is_array(jget(opts, "dryRun")) && json_array_size(jget(opts, "dryRun")))
			dry = 1;
	}
	pthread_mutex_lock(&g_lock);
	if (!name) {
		/* deletecollection */
		struct req_sel sel[16];
		char err[256] = "";
		int nsel = 0;
		const char *ls = qarg(r, "labelSelector");
		if (ls && (nsel = parse_label_selector(ls, sel, 16, err, sizeof(err))) < 0) {
			pthread_mutex_unlock(&g_lock);
			json_decref(opts);
			return send_status(r, status_bad(err));
		}
		json_t **items;
		size_t n = store_list(rt, ns, &items);
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			if (sel_match(sel, nsel, jget(items[i], "metadata.labels")) &&
			    field_match(qarg(r, "fieldSelector"), items[i]))
				json_array_append(arr, items[i]);
		free(items);
		size_t i;
		json_t *o;
		json_t *out = json_array();
		json_array_foreach(arr, i, o) {
			json_t *d = delete_one(r, rt, o, dry, policy);
			json_decref(d);
			json_array_append_new(out, json_deep_copy(o));
		}
		json_decref(arr);
		char *av = rt_apiversion(rt);
		char *lk = xasprintf("%sList", rt->kind);
		char rvb[32];
		snprintf(rvb, sizeof(rvb), "%llu", (unsigned long long)g_rv);
		json_t *resp = json_pack("{s:s,s:s,s:{s:s},s:o}", "kind", lk, "apiVersion", av,
			"metadata", "resourceVersion", rvb, "items", out);
		free(av);
		free(lk);
		pthread_mutex_unlock(&g_lock);
		json_decref(opts);
		return send_json(r, 200, resp);
	}
	json_t *o = store_get(rt, ns, name);
	if (!o) {
		pthread_mutex_unlock(&g_lock);
		json_decref(opts);
		return send_status(r, status_notfound(rt, name));
	}
	json_t *pre = jget(opts, "preconditions");
	if (jstr(pre, "uid") && strcmp(S(jstr(pre, "uid")), S(jstr(o, "metadata.uid")))) {
		char *q = qualified(rt);
		char *m = xasprintf("Operation cannot be fulfilled on %s \"%s\": Precondition failed: UID in precondition: %s, UID in object meta: %s",
			q, name, jstr(pre, "uid"), S(jstr(o, "metadata.uid")));
		json_t *s = status_new(409, "Conflict", m, rt->resource, name, rt->group);
		free(q);
		free(m);
		pthread_mutex_unlock(&g_lock);
		json_decref(opts);
		return send_status(r, s);
	}
	ctrl_set_gc_policy(policy);
	json_t *resp = delete_one(r, rt, o, dry, policy);
	ctrl_set_gc_policy(NULL);
	pthread_mutex_unlock(&g_lock);
	json_decref(opts);
	return send_json(r, 200, resp);
}

/* ---- routing ---- */

static enum MHD_Result not_found_page(struct req *r)
{
	return send_text(r, 404, "404 page not found\n");
}

static const char *verb_of(struct req *r, const char *name, int watch)
{
	const char *m = r->method;
	if (!strcmp(m, "GET"))
		return watch ? "watch" : name ? "get" : "list";
	if (!strcmp(m, "POST"))
		return "create";
	if (!strcmp(m, "PUT"))
		return "update";
	if (!strcmp(m, "PATCH"))
		return "patch";
	if (!strcmp(m, "DELETE"))
		return name ? "delete" : "deletecollection";
	return "get";
}

static enum MHD_Result serve_resource(struct req *r, const char *group, const char *version,
	char **seg, int nseg)
{
	/* seg: [namespaces, NS,] resource [, name [, sub]] */
	const char *ns = NULL, *res, *name = NULL, *sub = NULL;
	int i = 0;
	if (nseg >= 3 && !strcmp(seg[0], "namespaces") && !*group) {
		ns = seg[1];
		i = 2;
	} else if (nseg >= 3 && !strcmp(seg[0], "namespaces") && *group) {
		ns = seg[1];
		i = 2;
	}
	if (i >= nseg)
		return not_found_page(r);
	res = seg[i++];
	if (i < nseg)
		name = seg[i++];
	if (i < nseg)
		sub = seg[i++];
	if (i < nseg)
		return not_found_page(r);
	const struct rtype *rt = rt_find(group, version, res);
	if (!rt || (ns && !rt->namespaced)) {
		return send_status(r, status_new(404, "NotFound",
			"the server could not find the requested resource", NULL, NULL, NULL));
	}
	if (sub && (!rt->subresources || !strstr(rt->subresources, sub)))
		return send_status(r, status_new(404, "NotFound",
			"the server could not find the requested resource", NULL, NULL, NULL));
	int watch = qbool(r, "watch");
	const char *verb = verb_of(r, name, watch);
	if (!allowed(r, rt, ns)) {
		const char *u = r->imp_user ? r->imp_user : r->user;
		return send_status(r, status_forbidden(rt, name, u, verb, ns, sub));
	}
	const char *m = r->method;
	if (sub && (!strcmp(sub, "exec") || !strcmp(sub, "attach") || !strcmp(sub, "portforward") ||
		    !strcmp(sub, "proxy"))) {
		char *msg = xasprintf("kc-mockapi runs no containers: %s is not supported", sub);
		json_t *st = status_bad(msg);
		free(msg);
		return send_status(r, st);
	}
	/* namespace "finalize" and "status" are plain updates of the namespace */
	if (!strcmp(m, "GET")) {
		if (sub && !strcmp(sub, "log") && !strcmp(rt->resource, "pods"))
			return do_logs(r, ns, name);
		if (name)
			return do_get(r, rt, ns, name, sub);
		if (!(rt->verbs & V_LIST))
			goto not_allowed;
		return do_list(r, rt, ns);
	}
	if (!strcmp(m, "POST")) {
		if (name && !sub)
			goto not_allowed;
		if (sub && !strcmp(sub, "eviction")) {
			pthread_mutex_lock(&g_lock);
			json_t *o = store_get(rt, ns, name);
			json_t *resp = o ? delete_one(r, rt, o, 0, NULL) : NULL;
			pthread_mutex_unlock(&g_lock);
			if (!resp)
				return send_status(r, status_notfound(rt, name));
			json_decref(resp);
			return send_json(r, 201, status_new(201, NULL, "", NULL, NULL, NULL));
		}
		if (sub && !strcmp(sub, "token"))
			return do_token(r, ns, name);
		if (sub)
			goto not_allowed;
		if (!(rt->verbs & V_CREATE))
			goto not_allowed;
		return do_create(r, rt, ns, sub, name);
	}
	if (!strcmp(m, "PUT") && name)
		return do_put(r, rt, ns, name, sub);
	if (!strcmp(m, "PATCH") && name)
		return do_patch(r, rt, ns, name, sub);
	if (!strcmp(m, "DELETE")) {
		if (!name && !(rt->verbs & V_DELCOL))
			goto not_allowed;
		return do_delete(r, rt, ns, name);
	}
not_allowed:
	return send_status(r, status_new(405, "MethodNotAllowed",
		"the server does not allow this method on the requested resource", NULL, NULL, NULL));
}

static int split_path(char *p, char **seg, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(p, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (n == max)
			return -1;
		seg[n++] = t;
	}
	return n;
}

static int apply_fault(struct req *r, enum MHD_Result *ret)
{
	for (int i = 0; i < g_nfaults; i++) {
		struct fault *f = &g_faults[i];
		if (fnmatch(f->pattern, r->url, 0))
			continue;
		if (f->method && strcasecmp(f->method, r->method))
			continue;
		pthread_mutex_lock(&g_lock);
		int fire = f->count != 0;
		if (fire && f->rate > 0 && (double)rand() / RAND_MAX >= f->rate)
			fire = 0;
		if (fire && f->count > 0)
			f->count--;
		pthread_mutex_unlock(&g_lock);
		if (!fire)
			continue;
		if (!strcmp(f->action, "latency")) {
			usleep((useconds_t)f->arg * 1000);
			continue;
		}
		if (!strcmp(f->action, "429")) {
			json_t *st = status_new(429, "TooManyRequests",
				"Too many requests, please try again later.", NULL, NULL, NULL);
			json_object_set_new(json_object_get(st, "details") ? json_object_get(st, "details") :
				(json_object_set_new(st, "details", json_object()), json_object_get(st, "details")),
				"retryAfterSeconds", json_integer(f->arg ? f->arg : 1));
			char *s = json_dumps(st, JSON_COMPACT);
			json_decref(st);
			struct MHD_Response *resp =
				MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
			MHD_add_response_header(resp, "Content-Type", "application/json");
			char ra[16];
			snprintf(ra, sizeof(ra), "%ld", f->arg ? f->arg : 1);
			MHD_add_response_header(resp, "Retry-After", ra);
			*ret = MHD_queue_response(r->conn, 429, resp);
			MHD_destroy_response(resp);
			return 1;
		}
		if (!strcmp(f->action, "500")) {
			*ret = send_status(r, status_new(500, "InternalError",
				"Internal error occurred: injected fault", NULL, NULL, NULL));
			return 1;
		}
		if (!strcmp(f->action, "503")) {
			*ret = send_status(r, status_new(503, "ServiceUnavailable",
				"the server is currently unable to handle the request", NULL, NULL, NULL));
			return 1;
		}
		if (!strcmp(f->action, "drop")) {
			*ret = MHD_NO; /* closes the connection without a reply */
			return 1;
		}
		if (!strcmp(f->action, "stall")) {
			for (int k = 0; k < 600 && !g_shutdown; k++)
				usleep(100000);
			*ret = MHD_NO;
			return 1;
		}
	}
	return 0;
}

static enum MHD_Result admin_logs(struct req *r, char **seg, int nseg)
{
	/* POST /mock/logs/NS/POD/CONTAINER, body: lines */
	if (nseg != 5 || strcmp(r->method, "POST"))
		return not_found_page(r);
	pthread_mutex_lock(&g_lock);
	char *dup = xstrndup(r->body.buf, r->body.len);
	char *save = NULL;
	for (char *l = strtok_r(dup, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		logs_append(seg[2], seg[3], seg[4], l);
	free(dup);
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
	return send_text(r, 200, "ok\n");
}

enum MHD_Result serve(struct req *r)
{
	enum MHD_Result fret;
	if (g_nfaults && apply_fault(r, &fret))
		return fret;
	if (!r->user) {
		return send_json(r, 401, status_new(401, "Unauthorized", "Unauthorized", NULL, NULL,
			NULL));
	}
	const char *imp = hdr(r, "Impersonate-User");
	if (imp) {
		if (!is_admin(r)) {
			char *m = xasprintf("users \"%s\" is forbidden: User \"%s\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
				imp, r->user);
			json_t *st = status_new(403, "Forbidden", m, "users", imp, "");
			free(m);
			return send_status(r, st);
		}
		free(r->user);
		free(r->group);
		r->user = xstrdup(imp);
		const char *ig = hdr(r, "Impersonate-Group");
		r->group = ig ? xstrdup(ig) : NULL;
		if (!strcmp(imp, "dev") && !ig)
			r->group = xstrdup("developers");
	}
	char *path = xstrdup(r->url);
	char *seg[16];
	int nseg = split_path(path, seg, 16);
	enum MHD_Result ret;
	const char *accept = hdr(r, "Accept");
	if (nseg < 0) {
		ret = not_found_page(r);
	} else if (nseg == 1 && !strcmp(seg[0], "version")) {
	{
		/* the real /version is indented */
		json_t *v = version_info();
		char *t = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(v);
		ret = send_buf(r, 200, "application/json", t, strlen(t));
	}
	} else if (nseg == 1 && (!strcmp(seg[0], "healthz") || !strcmp(seg[0], "livez") ||
		   !strcmp(seg[0], "readyz"))) {
		if (qarg(r, "verbose")) {
			char *t = xasprintf("[+]ping ok\n[+]log ok\n[+]etcd ok\n%s check passed\n", seg[0]);
			ret = send_text(r, 200, t);
			free(t);
		} else
			ret = send_text(r, 200, "ok");
	} else if (nseg == 2 && !strcmp(seg[0], "mock") && !strcmp(seg[1], "advance")) {
		/* move the object clock: ?seconds=N or a body {"seconds": N}; controllers
		 * (CronJob schedules) then run at the new time */
		if (!is_admin(r))
			ret = send_json(r, 403, status_new(403, "Forbidden", "forbidden", NULL, NULL, NULL));
		else {
			double secs = qarg(r, "seconds") ? atof(qarg(r, "seconds")) : 0;
			json_error_t je;
			json_t *b = r->body.len ? json_loadb(r->body.buf, r->body.len, 0, &je) : NULL;
			if (json_is_number(json_object_get(b, "seconds")))
				secs = json_number_value(json_object_get(b, "seconds"));
			json_decref(b);
			pthread_mutex_lock(&g_lock);
			if (secs > 0) {
				if (g_frozen_time > 0)
					g_frozen_time += secs;
				else
					g_clock_offset += secs;
			}
			ctrl_reconcile();
			char *ts = now_rfc3339();
			pthread_mutex_unlock(&g_lock);
			ret = send_json(r, 200, json_pack("{s:s}", "now", ts));
			free(ts);
		}
	} else if (nseg >= 1 && !strcmp(seg[0], "mock") && nseg >= 2 && !strcmp(seg[1], "logs")) {
		ret = is_admin(r) ? admin_logs(r, seg, nseg) :
			send_json(r, 403, status_new(403, "Forbidden", "forbidden", NULL, NULL, NULL));
	} else if (nseg == 1 && (!strcmp(seg[0], "api") || !strcmp(seg[0], "apis"))) {
		int core = !strcmp(seg[0], "api");
		if (accept && strstr(accept, "as=APIGroupDiscoveryList") && strstr(accept, "v=v2;")) {
			ret = send_json_ct(r, 200, disc_aggregated(core),
				"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
		} else
			ret = send_json(r, 200, core ? disc_api_versions() : disc_api_groups());
	} else if (nseg == 2 && !strcmp(seg[0], "api")) {
		json_t *l = disc_resource_list("", seg[1]);
		ret = l ? send_json(r, 200, l) : not_found_page(r);
	} else if (nseg == 3 && !strcmp(seg[0], "apis")) {
		json_t *l = disc_resource_list(seg[1], seg[2]);
		ret = l ? send_json(r, 200, l) : not_found_page(r);
	} else if (nseg == 2 && !strcmp(seg[0], "apis")) {
		json_t *groups = disc_api_groups();
		json_t *g = NULL;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(groups, "groups"), i, x)
			if (!strcmp(S(jstr(x, "name")), seg[1]))
				g = json_incref(x);
		json_decref(groups);
		if (g) {
			json_object_set_new(g, "kind", json_string("APIGroup"));
			json_object_set_new(g, "apiVersion", json_string("v1"));
			ret = send_json(r, 200, g);
		} else
			ret = not_found_page(r);
	} else if (nseg >= 1 && !strcmp(seg[0], "openapi")) {
		if (nseg == 2 && !strcmp(seg[1], "v2"))
			ret = send_openapi_v2(r);
		else if (nseg == 2 && !strcmp(seg[1], "v3"))
			ret = send_json(r, 200, openapi_v3_index());
		else if ((nseg == 4 && !strcmp(seg[1], "v3") && !strcmp(seg[2], "api")) ||
			 (nseg == 5 && !strcmp(seg[1], "v3") && !strcmp(seg[2], "apis"))) {
			char *t = nseg == 4 ? openapi_v3_gv_text("", seg[3]) :
				openapi_v3_gv_text(seg[3], seg[4]);
			ret = t ? send_buf(r, 200, "application/json", t, strlen(t)) : not_found_page(r);
		} else
			ret = not_found_page(r);
	} else if (nseg >= 3 && !strcmp(seg[0], "api") && !strcmp(seg[1], "v1")) {
		ret = serve_resource(r, "", "v1", seg + 2, nseg - 2);
	} else if (nseg >= 4 && !strcmp(seg[0], "apis")) {
		ret = serve_resource(r, seg[1], seg[2], seg + 3, nseg - 3);
	} else {
		ret = not_found_page(r);
	}
	free(path);
	return ret;
}
