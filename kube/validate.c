/* validate.c: kubectl's client-side schema validation; see validate.h. */
#include "kube/validate.h"

#include <stdlib.h>
#include <string.h>

#include "util/gostr.h"

/* ---------------------------------------------------------------- the walk */

enum item_kind { IT_MAP, IT_ARRAY, IT_BOOLEAN, IT_INTEGER, IT_NUMBER, IT_STRING };

static const char *item_name(enum item_kind k)
{
	switch (k) {
	case IT_MAP: return "map";
	case IT_ARRAY: return "array";
	case IT_BOOLEAN: return "boolean";
	case IT_INTEGER: return "integer";
	case IT_NUMBER: return "number";
	default: return "string";
	}
}

/* What apimachinery's json.Unmarshal makes of a value: whole numbers are
 * int64, others float64. */
static enum item_kind item_of(const json_t *v)
{
	if (json_is_object(v))
		return IT_MAP;
	if (json_is_array(v))
		return IT_ARRAY;
	if (json_is_boolean(v))
		return IT_BOOLEAN;
	if (json_is_integer(v))
		return IT_INTEGER;
	if (json_is_real(v)) {
		double x = json_real_value(v);
		return (x == (double)(long long)x && x > -9.3e18 && x < 9.3e18) ? IT_INTEGER : IT_NUMBER;
	}
	return IT_STRING;
}

static void quoted(struct strbuf *sb, const char *s)
{
	go_quote(sb, s, strlen(s));
}

/* ValidationError{Path: item, Err} */
static void verr(struct strvec *errs, const char *item_path, struct strbuf *msg)
{
	strvec_pushf(errs, "ValidationError(%s): %s", item_path, msg->buf);
	strbuf_release(msg);
}

static void invalid_type(struct strvec *errs, const char *item_path, const char *schema_path,
			 const char *actual, const char *expected)
{
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "invalid type for %s: got ", schema_path);
	quoted(&m, actual);
	strbuf_addstr(&m, ", expected ");
	quoted(&m, expected);
	verr(errs, item_path, &m);
}

static void nil_type(struct strbuf *m, const char *path)
{
	strbuf_addstr(m, "unknown object type \"nil\" in ");
	strbuf_addstr(m, path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **sorted_keys(const json_t *obj, size_t *n)
{
	*n = json_object_size(obj);
	const char **keys = calloc(*n ? *n : 1, sizeof *keys);
	const char *k;
	json_t *v;
	size_t i = 0;
	json_object_foreach((json_t *)obj, k, v)
		keys[i++] = k;
	qsort(keys, *n, sizeof *keys, cmp_str);
	return keys;
}

static const struct oapi2_schema *field_of(const struct oapi2_schema *s, const char *name)
{
	size_t lo = 0, hi = s->nfields;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->field_names[mid], name);
		if (!c)
			return s->fields[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void visit(const struct oapi2_doc *d, const struct oapi2_schema *s, const char *path,
		  const json_t *v, struct strvec *errs, int depth);

/* itemFactory + Accept for a child value (not null). */
static void child(const struct oapi2_doc *d, const struct oapi2_schema *s, const char *path,
		  const json_t *v, struct strvec *errs, int depth)
{
	visit(d, s, path, v, errs, depth + 1);
}

static void visit(const struct oapi2_doc *d, const struct oapi2_schema *s, const char *path,
		  const json_t *v, struct strvec *errs, int depth)
{
	if (depth > 200)
		return;
	while (s && s->kind == OAPI2_REF)
		s = oapi2_deref(d, s);
	if (!s || s->kind == OAPI2_ARBITRARY)
		return;
	enum item_kind k = item_of(v);
	struct strbuf cp = STRBUF_INIT;
	if (k == IT_MAP) {
		if (s->kind == OAPI2_PRIMITIVE) {
			invalid_type(errs, path, s->path, "map", s->prim);
		} else if (s->kind == OAPI2_ARRAY) {
			invalid_type(errs, path, s->path, "map", "array");
		} else {
			size_t n;
			const char **keys = sorted_keys(v, &n);
			for (size_t i = 0; i < n; i++) {
				const json_t *cv = json_object_get(v, keys[i]);
				strbuf_reset(&cp);
				strbuf_addf(&cp, "%s.%s", path, keys[i]);
				if (s->kind == OAPI2_MAP) {
					if (json_is_null(cv)) {
						struct strbuf m = STRBUF_INIT;
						nil_type(&m, cp.buf);
						strvec_push(errs, m.buf);
						strbuf_release(&m);
						continue;
					}
					child(d, s->sub, cp.buf, cv, errs, depth);
					continue;
				}
				if (json_is_null(cv))
					continue;
				const struct oapi2_schema *f = field_of(s, keys[i]);
				if (!f) {
					struct strbuf m = STRBUF_INIT;
					strbuf_addstr(&m, "unknown field ");
					quoted(&m, keys[i]);
					strbuf_addf(&m, " in %s", s->path);
					verr(errs, path, &m);
					continue;
				}
				child(d, f, cp.buf, cv, errs, depth);
			}
			free(keys);
			if (s->kind == OAPI2_KIND)
				for (size_t i = 0; i < s->nrequired; i++) {
					const json_t *rv = json_object_get(v, s->required[i]);
					if (rv && !json_is_null(rv))
						continue;
					struct strbuf m = STRBUF_INIT;
					strbuf_addstr(&m, "missing required field ");
					quoted(&m, s->required[i]);
					strbuf_addf(&m, " in %s", s->path);
					verr(errs, path, &m);
				}
		}
	} else if (k == IT_ARRAY) {
		if (s->kind == OAPI2_PRIMITIVE) {
			invalid_type(errs, path, s->path, "array", s->prim);
		} else if (s->kind == OAPI2_MAP || s->kind == OAPI2_KIND) {
			invalid_type(errs, path, s->path, "array", "map");
		} else {
			size_t i;
			json_t *cv;
			json_array_foreach((json_t *)v, i, cv) {
				strbuf_reset(&cp);
				strbuf_addf(&cp, "%s[%zu]", path, i);
				if (json_is_null(cv)) {
					struct strbuf m = STRBUF_INIT;
					nil_type(&m, cp.buf);
					verr(errs, path, &m);
					continue;
				}
				child(d, s->sub, cp.buf, cv, errs, depth);
			}
		}
	} else {
		const char *actual = item_name(k);
		if (s->kind == OAPI2_ARRAY) {
			invalid_type(errs, path, s->path, actual, "array");
		} else if (s->kind == OAPI2_MAP || s->kind == OAPI2_KIND) {
			invalid_type(errs, path, s->path, actual, "map");
		} else {
			const char *t = s->prim;
			int ok = !strcmp(t, "string") ||
				 (!strcmp(t, "boolean") && k == IT_BOOLEAN) ||
				 (!strcmp(t, "integer") && (k == IT_INTEGER || k == IT_NUMBER)) ||
				 (!strcmp(t, "number") && k == IT_NUMBER);
			if (!ok)
				invalid_type(errs, path, s->path, actual, t);
		}
	}
	strbuf_release(&cp);
}

void kc_validate_model(const struct oapi2_doc *d, const struct oapi2_schema *s, const json_t *obj,
		       const char *kind, struct strvec *errs)
{
	if (json_is_null(obj)) {
		strvec_pushf(errs, "unknown object type \"nil\" in %s", kind);
		return;
	}
	visit(d, s, kind, obj, errs, 0);
}

void kc_validate_aggregate(struct strbuf *out, const struct strvec *errs)
{
	if (errs->nr == 1) {
		strbuf_addstr(out, errs->v[0]);
		return;
	}
	size_t start = out->len, seen = 0;
	for (size_t i = 0; i < errs->nr; i++) {
		size_t j;
		for (j = 0; j < i; j++)
			if (!strcmp(errs->v[i], errs->v[j]))
				break;
		if (j < i)
			continue;
		if (seen++)
			strbuf_addstr(out, ", ");
		strbuf_addstr(out, errs->v[i]);
	}
	if (seen > 1) {
		strbuf_insert(out, start, "[", 1);
		strbuf_addch(out, ']');
	}
}

void kc_validate_frame(struct strbuf *out, const char *source, const char *msg)
{
	strbuf_addf(out, "error validating \"%s\": error validating data: %s; if you choose to ignore these errors, turn validation off with --validate=false",
		    source, msg);
}

/* ---------------------------------------------------------------- the verifier */

struct kc_validator {
	struct kc_client *c;
	int strict, warn;
	int v3;                 /* 0 not asked, 1 served, -1 not */
	int v2;                 /* 0 not asked, 1 decoded, -1 failed (v2_err) */
	struct oapi2_doc *doc;
	struct strbuf v2_err;
	int crds;               /* 0 not asked, 1 listed, -1 failed */
	json_t *crd_list;
	struct strbuf crd_err;
};

struct kc_validator *kc_validator_new(struct kc_client *c, const char *directive)
{
	struct kc_validator *v = calloc(1, sizeof *v);
	v->c = c;
	v->strict = !strcmp(directive, "strict") || !strcmp(directive, "true");
	v->warn = !strcmp(directive, "warn");
	strbuf_init(&v->v2_err, 0);
	strbuf_init(&v->crd_err, 0);
	return v;
}

void kc_validator_free(struct kc_validator *v)
{
	if (!v)
		return;
	oapi2_free(v->doc);
	strbuf_release(&v->v2_err);
	strbuf_release(&v->crd_err);
	json_decref(v->crd_list);
	free(v);
}

/* client-go's words for a failed GET of a non-resource path. */
static void fetch_error(struct strbuf *out, const struct kc_response *resp, const struct kc_err *terr)
{
	if (kc_err_isset(terr)) {
		strbuf_addbuf(out, &terr->msg);
		return;
	}
	if (resp->code == 404) {
		strbuf_addstr(out, "the server could not find the requested resource");
		return;
	}
	/* kubectl downloads the schema with its discovery client, which words
	 * every failure generically: the StatusError's own message, without
	 * kubectl's "You must be logged in to the server (…)" frame */
	struct kc_err e = KC_ERR_INIT;
	struct kc_err_hint hint = { NULL, NULL, NULL, "get", 1 };
	kc_status_error(resp, &hint, &e);
	const char *m = e.msg.buf, *p = strstr(m, "): ");
	static const char login[] = "You must be logged in to the server (";
	size_t ml = strlen(m), ll = sizeof login - 1;
	if (!strncmp(m, "Error from server (", 19) && p)
		m = p + 3;
	else if (!strncmp(m, "Error from server: ", 19))
		m += 19;
	else if (ml > ll && !strncmp(m, login, ll) && m[ml - 1] == ')') {
		strbuf_add(out, m + ll, ml - ll - 1);
		kc_err_release(&e);
		return;
	}
	strbuf_addstr(out, m);
	kc_err_release(&e);
}

static void ask_v3(struct kc_validator *v)
{
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	struct kc_err e = KC_ERR_INIT;
	req.path = "/openapi/v3";
	req.accept = "application/json, */*";
	req.timeout_ms = 32000;
	int rc = kc_client_do(v->c, &req, &resp, &e);
	v->v3 = (rc == 0 && resp.code >= 200 && resp.code <= 299) ? 1 : -1;
	if (v->v3 < 0 && kc_client_verbosity(v->c) >= 7)
		kc_klog('I', "fallback_query_param_verifier.go:55", "openapi v3 error...falling back to legacy: %s",
			rc < 0 ? e.msg.buf : resp.code == 404 ? "the server could not find the requested resource"
							     : resp.status_text);
	kc_err_release(&e);
	kc_response_release(&resp);
}

static void get_v2(struct kc_validator *v)
{
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	struct kc_err e = KC_ERR_INIT;
	req.path = "/openapi/v2";
	req.accept = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
	req.timeout_ms = 32000;
	req.log_src = "-";
	int rc = kc_client_do(v->c, &req, &resp, &e);
	if (rc < 0 || resp.code < 200 || resp.code > 299) {
		fetch_error(&v->v2_err, &resp, &e);
		v->v2 = -1;
	} else if (!(v->doc = oapi2_parse(resp.body.buf, resp.body.len, &e))) {
		strbuf_addbuf(&v->v2_err, &e.msg);
		v->v2 = -1;
	} else {
		v->v2 = 1;
	}
	kc_err_release(&e);
	kc_response_release(&resp);
}

/* CRDFinder.HasCRD: 1, 0, or -1 (crd_err). */
static int has_crd(struct kc_validator *v, const char *group, const char *kind)
{
	if (!v->crds) {
		struct kc_err e = KC_ERR_INIT;
		v->crd_list = kc_client_get_json(v->c, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", &e);
		if (!v->crd_list) {
			const char *m = e.msg.buf, *p = strstr(m, "): ");
			if (!strncmp(m, "Error from server (", 19) && p)
				m = p + 3;
			strbuf_addstr(&v->crd_err, m);
			v->crds = -1;
		} else {
			v->crds = 1;
		}
		kc_err_release(&e);
	}
	if (v->crds < 0)
		return -1;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(v->crd_list, "items"), i, it) {
		json_t *spec = json_object_get(it, "spec");
		const char *g = json_string_value(json_object_get(spec, "group"));
		const char *k = json_string_value(json_object_get(json_object_get(spec, "names"), "kind"));
		if (g && k && !strcmp(g, group) && !strcmp(k, kind))
			return 1;
	}
	return 0;
}

int kc_validator_check(struct kc_validator *v, const json_t *obj, struct kc_err *err)
{
	if (!v->strict && !v->warn)
		return 0;
	const char *av = json_string_value(json_object_get(obj, "apiVersion"));
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	if (!av || !kind)
		return 1;
	const char *slash = strchr(av, '/');
	char *group = slash ? strndup(av, (size_t)(slash - av)) : strdup("");
	const char *version = slash ? slash + 1 : av;
	int ret = 0;
	if (!strcmp(group, "") && !strcmp(version, "v1") && !strcmp(kind, "List"))
		goto unsupported;
	if (!v->v3)
		ask_v3(v);
	if (v->v3 > 0) {
		/* a typed list (DeploymentList) has no PATCH operation: in a group
		 * version the server knows, the v3 verifier's "Path not found"
		 * falls back to v2; in one it does not, it is unsupported */
		size_t kl = strlen(kind);
		if (kl <= 4 || strcmp(kind + kl - 4, "List")) {
			ret = 1;
			goto out;
		}
		struct kc_err de = KC_ERR_INIT;
		const struct kc_discovery *disc = kc_discovery_get(v->c, 0, &de);
		kc_err_release(&de);
		int known = 0;
		for (size_t i = 0; disc && i < disc->nresources; i++)
			if (!strcmp(disc->resources[i].group, group) &&
			    !strcmp(disc->resources[i].version, version))
				known = 1;
		if (!known)
			goto unsupported;
	}
	if (!v->v2)
		get_v2(v);
	if (v->v2 < 0) {
		ret = kc_err_set(err, "failed to download openapi: %s", v->v2_err.buf);
		goto out;
	}
	int sup = oapi2_supports_param(v->doc, group, version, kind, "fieldValidation");
	if (sup < 0) {
		sup = oapi2_supports_param(v->doc, "", "v1", "Namespace", "fieldValidation") > 0;
		if (sup) {
			int h = has_crd(v, group, kind);
			if (h < 0) {
				ret = kc_err_set(err, "failed to check CRD: %s", v->crd_err.buf);
				goto out;
			}
			sup = h;
		}
	}
	if (sup > 0)
		goto out; /* the server validates */
unsupported:
	if (v->warn) {
		kc_klog('W', "schema.go:145", "cannot perform warn validation if server-side field validation is unsupported, skipping validation");
		goto out;
	}
	/* schemaValidation.ValidateBytes */
	if (!v->v2)
		get_v2(v);
	struct strvec errs = STRVEC_INIT;
	if (!strcmp(group, "") && !strcmp(version, "v1") && !strcmp(kind, "List")) {
		json_t *items = json_object_get(obj, "items");
		if (!json_is_array(items)) {
			strvec_push(&errs, "invalid object to validate");
		} else {
			size_t i;
			json_t *it;
			json_array_foreach(items, i, it) {
				const char *iav = json_string_value(json_object_get(it, "apiVersion"));
				const char *ik = json_string_value(json_object_get(it, "kind"));
				if (!json_is_object(it)) {
					strvec_push(&errs, "invalid object to validate");
					continue;
				}
				if (!iav || !ik) {
					if (!iav)
						strvec_push(&errs, json_object_get(it, "apiVersion") ? "apiVersion isn't string type" : "apiVersion not set");
					if (!ik)
						strvec_push(&errs, json_object_get(it, "kind") ? "kind isn't string type" : "kind not set");
					continue;
				}
				if (v->v2 < 0) {
					strvec_push(&errs, v->v2_err.buf);
					continue;
				}
				const char *is = strchr(iav, '/');
				char *ig = is ? strndup(iav, (size_t)(is - iav)) : strdup("");
				const struct oapi2_schema *s = oapi2_lookup(v->doc, ig, is ? is + 1 : iav, ik);
				if (s)
					kc_validate_model(v->doc, s, it, ik, &errs);
				free(ig);
			}
		}
	} else if (v->v2 < 0) {
		strvec_push(&errs, v->v2_err.buf);
	} else {
		const struct oapi2_schema *s = oapi2_lookup(v->doc, group, version, kind);
		if (s)
			kc_validate_model(v->doc, s, obj, kind, &errs);
	}
	if (errs.nr) {
		struct strbuf sb = STRBUF_INIT;
		kc_validate_aggregate(&sb, &errs);
		ret = kc_err_set(err, "%s", sb.buf);
		strbuf_release(&sb);
	}
	strvec_clear(&errs);
out:
	free(group);
	return ret;
}
