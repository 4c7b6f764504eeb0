/* The kubeconfig model: decoding a file as client-go's v1 types do, and encoding
 * it back as clientcmd.Write does (v1 struct → JSON → YAML with sorted keys). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kubeconfig/kubeconfig.h"
#include "kubeconfig/schema.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/yaml.h"

/* ---- schema ----------------------------------------------------------------- */

static const struct kc_field exec_env_fields[] = {
	{ "name", F_STR, 0, NULL, NULL },
	{ "value", F_STR, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

const struct kc_field kc_exec_fields[] = {
	{ "command", F_STR, 0, NULL, NULL },
	{ "args", F_STRLIST, 0, NULL, NULL },
	{ "env", F_ENVLIST, 0, exec_env_fields, "ExecEnvVar" },
	{ "apiVersion", F_STR, 1, NULL, NULL },
	{ "installHint", F_STR, 1, NULL, NULL },
	{ "provideClusterInfo", F_BOOL, 0, NULL, NULL },
	{ "interactiveMode", F_STR, 1, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

const struct kc_field kc_auth_provider_fields[] = {
	{ "name", F_STR, 0, NULL, NULL },
	{ "config", F_STRMAP, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

const struct kc_field kc_cluster_fields[] = {
	{ "server", F_STR, 0, NULL, NULL },
	{ "tls-server-name", F_STR, 1, NULL, NULL },
	{ "insecure-skip-tls-verify", F_BOOL, 1, NULL, NULL },
	{ "certificate-authority", F_STR, 1, NULL, NULL },
	{ "certificate-authority-data", F_BYTES, 1, NULL, NULL },
	{ "proxy-url", F_STR, 1, NULL, NULL },
	{ "disable-compression", F_BOOL, 1, NULL, NULL },
	{ "extensions", F_EXTLIST, 1, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

const struct kc_field kc_user_fields[] = {
	{ "client-certificate", F_STR, 1, NULL, NULL },
	{ "client-certificate-data", F_BYTES, 1, NULL, NULL },
	{ "client-key", F_STR, 1, NULL, NULL },
	{ "client-key-data", F_BYTES, 1, NULL, NULL },
	{ "token", F_STR, 1, NULL, NULL },
	{ "tokenFile", F_STR, 1, NULL, NULL },
	{ "as", F_STR, 1, NULL, NULL },
	{ "as-uid", F_STR, 1, NULL, NULL },
	{ "as-groups", F_STRLIST, 1, NULL, NULL },
	{ "as-user-extra", F_STRLISTMAP, 1, NULL, NULL },
	{ "username", F_STR, 1, NULL, NULL },
	{ "password", F_STR, 1, NULL, NULL },
	{ "auth-provider", F_OBJ, 1, kc_auth_provider_fields, "AuthProviderConfig" },
	{ "exec", F_OBJ, 1, kc_exec_fields, "ExecConfig" },
	{ "extensions", F_EXTLIST, 1, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

const struct kc_field kc_context_fields[] = {
	{ "cluster", F_STR, 0, NULL, NULL },
	{ "user", F_STR, 0, NULL, NULL },
	{ "namespace", F_STR, 1, NULL, NULL },
	{ "extensions", F_EXTLIST, 1, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

const struct kc_field *kc_field_find(const struct kc_field *f, const char *key)
{
	/* apimachinery decodes with sigs.k8s.io/json: case-sensitive field names */
	for (const struct kc_field *p = f; p->key; p++)
		if (!strcmp(p->key, key))
			return p;
	return NULL;
}

/* Go's base64 reports a quantum cut short by the end of the input at the
 * quantum's first byte. */
size_t kc_base64_go_offset(const char *s, size_t len, size_t at)
{
	if (at < len)
		return at;
	size_t n = 0, last = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != '\r' && s[i] != '\n') {
			if (n % 4 == 0)
				last = i;
			n++;
		}
	return n % 4 ? last : at;
}

/* ---- lifecycle -------------------------------------------------------------- */

void kc_kubeconfig_init(struct kc_kubeconfig *kc)
{
	kc->clusters = json_object();
	kc->users = json_object();
	kc->contexts = json_object();
	kc->extensions = json_object();
	kc->preferences = json_object();
	kc->current_context = xstrdup("");
	kc->cluster_origin = json_object();
	kc->user_origin = json_object();
	kc->context_origin = json_object();
}

void kc_kubeconfig_release(struct kc_kubeconfig *kc)
{
	json_decref(kc->clusters);
	json_decref(kc->users);
	json_decref(kc->contexts);
	json_decref(kc->extensions);
	json_decref(kc->preferences);
	free(kc->current_context);
	json_decref(kc->cluster_origin);
	json_decref(kc->user_origin);
	json_decref(kc->context_origin);
	memset(kc, 0, sizeof *kc);
}

void kc_kubeconfig_copy(struct kc_kubeconfig *dst, const struct kc_kubeconfig *src)
{
	dst->clusters = json_deep_copy(src->clusters);
	dst->users = json_deep_copy(src->users);
	dst->contexts = json_deep_copy(src->contexts);
	dst->extensions = json_deep_copy(src->extensions);
	dst->preferences = json_deep_copy(src->preferences);
	dst->current_context = xstrdup(src->current_context);
	dst->cluster_origin = json_deep_copy(src->cluster_origin);
	dst->user_origin = json_deep_copy(src->user_origin);
	dst->context_origin = json_deep_copy(src->context_origin);
}

/* ---- decoding --------------------------------------------------------------- */

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_INTEGER:
	case JSON_REAL: return "number";
	case JSON_TRUE:
	case JSON_FALSE: return "bool";
	default: return "null";
	}
}

static int type_error(struct kc_err *err, const json_t *v, const char *strct, const char *path,
		      const char *gotype)
{
	return kc_err_set(err, "json: cannot unmarshal %s into Go struct field %s.%s of type %s",
			  json_kind(v), strct, path, gotype);
}

/* Sort object keys recursively (sigs.k8s.io/yaml's YAMLToJSON goes through Go maps). */
static json_t *sorted_copy(json_t *v)
{
	if (json_is_object(v)) {
		size_t n = json_object_size(v), i = 0;
		const char **keys = xcalloc(n ? n : 1, sizeof *keys);
		const char *k;
		json_t *val;
		json_object_foreach(v, k, val)
			keys[i++] = k;
		qsort(keys, n, sizeof *keys, kc_cmp_strp);
		json_t *o = json_object();
		for (i = 0; i < n; i++)
			json_object_set_new(o, keys[i], sorted_copy(json_object_get(v, keys[i])));
		free(keys);
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			json_array_append_new(a, sorted_copy(e));
		return a;
	}
	return json_deep_copy(v);
}

int kc_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* extensions: [{name, extension}] -> {name: value} */
static int decode_extlist(json_t *in, const char *strct, const char *path, json_t **out,
			  struct kc_err *err)
{
	if (!json_is_array(in))
		return type_error(err, in, strct, path, "[]v1.NamedExtension");
	json_t *m = json_object();
	size_t i;
	json_t *e;
	json_array_foreach(in, i, e) {
		if (json_is_null(e))
			continue;
		if (!json_is_object(e)) {
			json_decref(m);
			return type_error(err, e, strct, path, "v1.NamedExtension");
		}
		json_t *name = json_object_get(e, "name");
		if (name && !json_is_null(name) && !json_is_string(name)) {
			json_decref(m);
			char *p = xasprintf("%s.name", path);
			type_error(err, name, "NamedExtension", p, "string");
			free(p);
			return -1;
		}
		const char *n = json_is_string(name) ? json_string_value(name) : "";
		json_t *ext = json_object_get(e, "extension");
		json_object_set_new(m, n, ext ? sorted_copy(ext) : json_null());
	}
	*out = m;
	return 0;
}

int kc_decode_fields(json_t *in, const struct kc_field *fields, const char *strct,
		     const char *path, json_t *out, struct kc_err *err)
{
	const char *key;
	json_t *v;
	if (!json_is_object(in))
		return type_error(err, in, strct, path, strct);
	json_object_foreach(in, key, v) {
		const struct kc_field *f = kc_field_find(fields, key);
		if (!f || json_is_null(v))
			continue;
		char *p = xasprintf("%s%s%s", path, *path ? "." : "", f->key);
		int bad = 0;
		switch (f->type) {
		case F_STR:
			if (!json_is_string(v)) {
				bad = type_error(err, v, strct, p, "string");
				break;
			}
			if (json_string_length(v))
				json_object_set(out, f->key, v);
			else
				json_object_del(out, f->key);
			break;
		case F_BOOL:
			if (!json_is_boolean(v)) {
				bad = type_error(err, v, strct, p, "bool");
				break;
			}
			if (json_is_true(v))
				json_object_set(out, f->key, v);
			else
				json_object_del(out, f->key);
			break;
		case F_BYTES: {
			if (!json_is_string(v)) {
				bad = type_error(err, v, strct, p, "[]uint8");
				break;
			}
			struct strbuf dec = STRBUF_INIT, enc = STRBUF_INIT;
			size_t at = 0;
			if (base64_decode(&dec, json_string_value(v), json_string_length(v), &at) < 0) {
				bad = kc_err_set(err, "illegal base64 data at input byte %zu",
						 kc_base64_go_offset(json_string_value(v), json_string_length(v), at));
			} else if (dec.len) {
				base64_encode(&enc, dec.buf, dec.len);
				json_object_set_new(out, f->key, json_string(enc.buf));
			} else {
				json_object_del(out, f->key);
			}
			strbuf_release(&dec);
			strbuf_release(&enc);
			break;
		}
		case F_STRLIST: {
			if (!json_is_array(v)) {
				bad = type_error(err, v, strct, p, "[]string");
				break;
			}
			json_t *a = json_array();
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e) {
				if (json_is_null(e)) {
					json_array_append_new(a, json_string(""));
				} else if (!json_is_string(e)) {
					bad = type_error(err, e, strct, p, "string");
					break;
				} else {
					json_array_append(a, e);
				}
			}
			if (bad || (f->omitempty && !json_array_size(a)))
				json_decref(a);
			else
				json_object_set_new(out, f->key, a);
			break;
		}
		case F_STRMAP:
		case F_STRLISTMAP: {
			if (!json_is_object(v)) {
				bad = type_error(err, v, strct, p,
						 f->type == F_STRMAP ? "map[string]string" : "map[string][]string");
				break;
			}
			json_t *m = json_object();
			const char *k2;
			json_t *e;
			json_object_foreach(v, k2, e) {
				if (f->type == F_STRMAP) {
					if (json_is_null(e)) {
						json_object_set_new(m, k2, json_string(""));
					} else if (!json_is_string(e)) {
						bad = type_error(err, e, strct, p, "string");
						break;
					} else {
						json_object_set(m, k2, e);
					}
				} else {
					if (json_is_null(e)) {
						json_object_set_new(m, k2, json_null());
						continue;
					}
					if (!json_is_array(e)) {
						bad = type_error(err, e, strct, p, "[]string");
						break;
					}
					size_t i;
					json_t *s;
					json_array_foreach(e, i, s)
						if (!json_is_string(s)) {
							bad = type_error(err, s, strct, p, "string");
							break;
						}
					if (bad)
						break;
					json_object_set(m, k2, e);
				}
			}
			if (bad || (f->omitempty && !json_object_size(m)))
				json_decref(m);
			else
				json_object_set_new(out, f->key, sorted_copy(m)), json_decref(m);
			break;
		}
		case F_ENVLIST: {
			if (!json_is_array(v)) {
				bad = type_error(err, v, strct, p, "[]v1.ExecEnvVar");
				break;
			}
			json_t *a = json_array();
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e) {
				json_t *o = json_object();
				if (!json_is_null(e) && !json_is_object(e)) {
					json_decref(o);
					bad = type_error(err, e, strct, p, "v1.ExecEnvVar");
					break;
				}
				if (!json_is_null(e) &&
				    kc_decode_fields(e, f->sub, f->sub_name, p, o, err) < 0) {
					json_decref(o);
					bad = -1;
					break;
				}
				json_array_append_new(a, o);
			}
			if (bad)
				json_decref(a);
			else
				json_object_set_new(out, f->key, a);
			break;
		}
		case F_OBJ: {
			json_t *o = json_object_get(out, f->key);
			int fresh = !o;
			if (fresh)
				o = json_object();
			if (!json_is_object(v)) {
				char *t = xasprintf("v1.%s", f->sub_name);
				bad = type_error(err, v, strct, p, t);
				free(t);
			} else {
				bad = kc_decode_fields(v, f->sub, f->sub_name, p, o, err);
			}
			if (bad) {
				if (fresh)
					json_decref(o);
			} else if (fresh) {
				json_object_set_new(out, f->key, o);
			}
			break;
		}
		case F_EXTLIST: {
			json_t *m = NULL;
			bad = decode_extlist(v, strct, p, &m, err);
			if (!bad) {
				if (json_object_size(m))
					json_object_set_new(out, f->key, m);
				else
					json_decref(m);
			}
			break;
		}
		}
		free(p);
		if (bad)
			return -1;
	}
	return 0;
}

/* clusters/users/contexts: [{name, <item>}] -> map */
static int decode_named(json_t *in, const char *list_key, const char *item_key,
			const char *named_type, const char *item_type, const struct kc_field *fields,
			json_t *pending, struct kc_err *err)
{
	if (json_is_null(in))
		return 0;
	if (!json_is_array(in)) {
		char *t = xasprintf("[]v1.%s", named_type);
		type_error(err, in, "Config", list_key, t);
		free(t);
		return -1;
	}
	size_t i;
	json_t *e;
	json_array_foreach(in, i, e) {
		if (json_is_null(e))
			e = NULL;
		if (e && !json_is_object(e)) {
			char *t = xasprintf("v1.%s", named_type);
			type_error(err, e, "Config", list_key, t);
			free(t);
			return -1;
		}
		json_t *name = e ? json_object_get(e, "name") : NULL;
		if (name && !json_is_null(name) && !json_is_string(name)) {
			char *p = xasprintf("%s.name", list_key);
			type_error(err, name, named_type, p, "string");
			free(p);
			return -1;
		}
		const char *n = json_is_string(name) ? json_string_value(name) : "";
		json_t *item = e ? json_object_get(e, item_key) : NULL;
		json_t *o = json_object();
		if (item && !json_is_null(item) && !json_is_object(item)) {
			char *p = xasprintf("%s.%s", list_key, item_key);
			char *t = xasprintf("v1.%s", item_type);
			type_error(err, item, named_type, p, t);
			free(p);
			free(t);
			json_decref(o);
			return -1;
		}
		if (item && !json_is_null(item)) {
			char *p = xasprintf("%s.%s", list_key, item_key);
			int rc = kc_decode_fields(item, fields, item_type, p, o, err);
			free(p);
			if (rc < 0) {
				json_decref(o);
				return -1;
			}
		}
		json_t *ex = json_object_get(o, "exec");
		if (ex && !json_object_get(ex, "interactiveMode")) {
			/* SetDefaults_ExecConfig */
			const char *av = json_string_value(json_object_get(ex, "apiVersion"));
			if (av && (!strcmp(av, "client.authentication.k8s.io/v1beta1") ||
				   !strcmp(av, "client.authentication.k8s.io/v1alpha1")))
				json_object_set_new(ex, "interactiveMode", json_string("IfAvailable"));
		}
		json_array_append_new(pending, json_pack("[s,o]", n, o));
	}
	return 0;
}

/* Go's %v of one decoded v1 struct (for conversion errors, which print the list) */
static void gov_struct(struct strbuf *sb, json_t *o, const struct kc_field *fields);

static void gov_value(struct strbuf *sb, json_t *v, const struct kc_field *f)
{
	size_t i;
	json_t *e;
	const char *k;
	switch (f->type) {
	case F_STR:
		strbuf_addstr(sb, v ? json_string_value(v) : "");
		break;
	case F_BOOL:
		strbuf_addstr(sb, json_is_true(v) ? "true" : "false");
		break;
	case F_BYTES: {
		struct strbuf dec = STRBUF_INIT;
		size_t at;
		if (v)
			base64_decode(&dec, json_string_value(v), json_string_length(v), &at);
		strbuf_addch(sb, '[');
		for (i = 0; i < dec.len; i++)
			strbuf_addf(sb, "%s%u", i ? " " : "", (unsigned char)dec.buf[i]);
		strbuf_addch(sb, ']');
		strbuf_release(&dec);
		break;
	}
	case F_STRLIST:
		strbuf_addch(sb, '[');
		json_array_foreach(v, i, e)
			strbuf_addf(sb, "%s%s", i ? " " : "", json_string_value(e));
		strbuf_addch(sb, ']');
		break;
	case F_STRMAP:
	case F_STRLISTMAP: {
		strbuf_addstr(sb, "map[");
		int first = 1;
		json_object_foreach(v, k, e) {
			strbuf_addf(sb, "%s%s:", first ? "" : " ", k);
			first = 0;
			if (f->type == F_STRMAP) {
				strbuf_addstr(sb, json_string_value(e));
			} else {
				size_t j;
				json_t *x;
				strbuf_addch(sb, '[');
				json_array_foreach(e, j, x)
					strbuf_addf(sb, "%s%s", j ? " " : "", json_string_value(x));
				strbuf_addch(sb, ']');
			}
		}
		strbuf_addch(sb, ']');
		break;
	}
	case F_OBJ:
		if (!v) {
			strbuf_addstr(sb, "<nil>");
		} else {
			strbuf_addch(sb, '&');
			gov_struct(sb, v, f->sub);
		}
		break;
	case F_ENVLIST:
		strbuf_addch(sb, '[');
		json_array_foreach(v, i, e) {
			if (i)
				strbuf_addch(sb, ' ');
			gov_struct(sb, e, f->sub);
		}
		strbuf_addch(sb, ']');
		break;
	case F_EXTLIST: {
		strbuf_addch(sb, '[');
		int first = 1;
		json_object_foreach(v, k, e) {
			char *raw = json_dumps(e, JSON_COMPACT | JSON_ENCODE_ANY);
			strbuf_addf(sb, "%s{%s {[", first ? "" : " ", k);
			for (const char *r = raw; r && *r; r++)
				strbuf_addf(sb, "%s%u", r == raw ? "" : " ", (unsigned char)*r);
			strbuf_addstr(sb, "] <nil>}}");
			free(raw);
			first = 0;
		}
		strbuf_addch(sb, ']');
		break;
	}
	}
}

static void gov_struct(struct strbuf *sb, json_t *o, const struct kc_field *fields)
{
	strbuf_addch(sb, '{');
	for (const struct kc_field *f = fields; f->key; f++) {
		if (f != fields)
			strbuf_addch(sb, ' ');
		gov_value(sb, json_object_get(o, f->key), f);
	}
	strbuf_addch(sb, '}');
}

/* v1 → internal conversion of one named list: duplicate names are an error */
static int convert_named(json_t *pending, const char *named_type, const char *item_type,
			 const struct kc_field *fields, json_t *map, json_t *origin_map,
			 const char *origin, struct kc_err *err)
{
	size_t i;
	json_t *e;
	json_array_foreach(pending, i, e) {
		const char *n = json_string_value(json_array_get(e, 0));
		if (json_object_get(map, n)) {
			struct strbuf sb = STRBUF_INIT;
			size_t j;
			json_t *x;
			strbuf_addch(&sb, '[');
			json_array_foreach(pending, j, x) {
				strbuf_addf(&sb, "%s{%s ", j ? " " : "", json_string_value(json_array_get(x, 0)));
				gov_struct(&sb, json_array_get(x, 1), fields);
				strbuf_addch(&sb, '}');
			}
			strbuf_addch(&sb, ']');
			kc_err_set(err, "error converting *[]%s into *map[string]*api.%s: duplicate name \"%s\" in list: %s",
				   named_type, item_type, n, sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		json_object_set(map, n, json_array_get(e, 1));
		if (origin)
			json_object_set_new(origin_map, n, json_string(origin));
	}
	return 0;
}

int kc_kubeconfig_parse(struct kc_kubeconfig *kc, const char *buf, size_t len, const char *origin,
			struct kc_err *err)
{
	if (len == 0)
		return 0;
	struct yaml_pos pos = { 0, 0 };
	json_t *doc = yaml_load(buf, len, &pos, err);
	if (!doc)
		return -1;
	int ret = -1;
	json_t *pend[3] = { json_array(), json_array(), json_array() };
	if (json_is_null(doc)) {
		ret = 0;
		goto out;
	}
	if (!json_is_object(doc)) {
		kc_err_set(err, "couldn't get version/kind; json parse error: json: cannot unmarshal %s into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }",
			   json_kind(doc));
		goto out;
	}
	json_t *av = json_object_get(doc, "apiVersion"), *kd = json_object_get(doc, "kind");
	if ((av && !json_is_null(av) && !json_is_string(av)) || (kd && !json_is_null(kd) && !json_is_string(kd))) {
		const char *which = av && !json_is_null(av) && !json_is_string(av) ? "apiVersion" : "kind";
		json_t *bad = json_object_get(doc, which);
		kc_err_set(err, "couldn't get version/kind; json parse error: json: cannot unmarshal %s into Go struct field .%s of type string",
			   json_kind(bad), which);
		goto out;
	}
	const char *apiv = json_is_string(av) && json_string_length(av) ? json_string_value(av) : "v1";
	const char *kind = json_is_string(kd) && json_string_length(kd) ? json_string_value(kd) : "Config";
	if (strcmp(apiv, "v1") || strcmp(kind, "Config")) {
		kc_err_set(err, "no kind \"%s\" is registered for version \"%s\" in scheme \"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\"",
			   kind, apiv);
		goto out;
	}
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v) {
		if (json_is_null(v))
			continue;
		if (!strcmp(key, "clusters")) {
			if (decode_named(v, "clusters", "cluster", "NamedCluster", "Cluster", kc_cluster_fields,
					 pend[0], err) < 0)
				goto out;
		} else if (!strcmp(key, "users")) {
			if (decode_named(v, "users", "user", "NamedAuthInfo", "AuthInfo", kc_user_fields,
					 pend[1], err) < 0)
				goto out;
		} else if (!strcmp(key, "contexts")) {
			if (decode_named(v, "contexts", "context", "NamedContext", "Context", kc_context_fields,
					 pend[2], err) < 0)
				goto out;
		} else if (!strcmp(key, "current-context")) {
			if (!json_is_string(v)) {
				type_error(err, v, "Config", "current-context", "string");
				goto out;
			}
			free(kc->current_context);
			kc->current_context = xstrdup(json_string_value(v));
		} else if (!strcmp(key, "preferences")) {
			if (!json_is_object(v)) {
				type_error(err, v, "Config", "preferences", "v1.Preferences");
				goto out;
			}
			json_t *c = json_object_get(v, "colors");
			if (c && !json_is_null(c)) {
				if (!json_is_boolean(c)) {
					type_error(err, c, "Preferences", "preferences.colors", "bool");
					goto out;
				}
				if (json_is_true(c))
					json_object_set_new(kc->preferences, "colors", json_true());
			}
			json_t *x = json_object_get(v, "extensions");
			if (x && !json_is_null(x)) {
				json_t *m = NULL;
				if (decode_extlist(x, "Preferences", "preferences.extensions", &m, err) < 0)
					goto out;
				if (json_object_size(m))
					json_object_set_new(kc->preferences, "extensions", m);
				else
					json_decref(m);
			}
		} else if (!strcmp(key, "extensions")) {
			json_t *m = NULL;
			if (decode_extlist(v, "Config", "extensions", &m, err) < 0)
				goto out;
			json_decref(kc->extensions);
			kc->extensions = m;
		}
	}
	if (convert_named(pend[0], "NamedCluster", "Cluster", kc_cluster_fields, kc->clusters,
			  kc->cluster_origin, origin, err) < 0 ||
	    convert_named(pend[1], "NamedAuthInfo", "AuthInfo", kc_user_fields, kc->users,
			  kc->user_origin, origin, err) < 0 ||
	    convert_named(pend[2], "NamedContext", "Context", kc_context_fields, kc->contexts,
			  kc->context_origin, origin, err) < 0)
		goto out;
	ret = 0;
out:
	for (int i = 0; i < 3; i++)
		json_decref(pend[i]);
	json_decref(doc);
	return ret;
}

int kc_kubeconfig_load_file(struct kc_kubeconfig *kc, const char *path, struct kc_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_err e2 = KC_ERR_INIT;
	kc_kubeconfig_init(kc);
	if (file_read(path, &sb, &e2) < 0) {
		int missing = errno == ENOENT || !file_exists(path);
		strbuf_release(&sb);
		if (missing && errno != EACCES) {
			kc_err_release(&e2);
			return 1;
		}
		kc_err_set(err, "error loading config file \"%s\": %s", path, e2.msg.buf);
		kc_err_release(&e2);
		return -1;
	}
	int rc = kc_kubeconfig_parse(kc, sb.buf, sb.len, path, &e2);
	strbuf_release(&sb);
	if (rc < 0) {
		kc_err_set(err, "error loading config file \"%s\": %s", path, e2.msg.buf);
		kc_err_release(&e2);
		kc_kubeconfig_release(kc);
		kc_kubeconfig_init(kc);
		return -1;
	}
	return 0;
}

/* ---- encoding --------------------------------------------------------------- */

static json_t *ext_to_list(json_t *m)
{
	size_t n = json_object_size(m), i = 0;
	if (!n)
		return json_null();
	const char **keys = xcalloc(n, sizeof *keys);
	const char *k;
	json_t *v;
	json_object_foreach(m, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof *keys, kc_cmp_strp);
	json_t *a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:O}", "name", keys[i], "extension",
						   json_object_get(m, keys[i])));
	free(keys);
	return a;
}

json_t *kc_encode_fields(json_t *in, const struct kc_field *fields)
{
	json_t *o = json_object();
	for (const struct kc_field *f = fields; f->key; f++) {
		json_t *v = json_object_get(in, f->key);
		if (!v) {
			if (f->omitempty)
				continue;
			switch (f->type) {
			case F_STR: json_object_set_new(o, f->key, json_string("")); break;
			case F_BOOL: json_object_set_new(o, f->key, json_false()); break;
			default: json_object_set_new(o, f->key, json_null()); break;
			}
			continue;
		}
		switch (f->type) {
		case F_OBJ:
			json_object_set_new(o, f->key, kc_encode_fields(v, f->sub));
			break;
		case F_ENVLIST: {
			json_t *a = json_array();
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e)
				json_array_append_new(a, kc_encode_fields(e, f->sub));
			json_object_set_new(o, f->key, a);
			break;
		}
		case F_EXTLIST:
			json_object_set_new(o, f->key, ext_to_list(v));
			break;
		default:
			json_object_set(o, f->key, v);
			break;
		}
	}
	return o;
}

static json_t *named_list(json_t *map, const char *item_key, const struct kc_field *fields)
{
	size_t n = json_object_size(map), i = 0;
	if (!n)
		return json_null();
	const char **keys = xcalloc(n, sizeof *keys);
	const char *k;
	json_t *v;
	json_object_foreach(map, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof *keys, kc_cmp_strp);
	json_t *a = json_array();
	for (i = 0; i < n; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "name", json_string(keys[i]));
		json_object_set_new(e, item_key, kc_encode_fields(json_object_get(map, keys[i]), fields));
		json_array_append_new(a, e);
	}
	free(keys);
	return a;
}

json_t *kc_kubeconfig_to_v1(const struct kc_kubeconfig *kc)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string("Config"));
	json_object_set_new(o, "apiVersion", json_string("v1"));
	json_t *prefs = json_object();
	if (json_is_true(json_object_get(kc->preferences, "colors")))
		json_object_set_new(prefs, "colors", json_true());
	json_t *pe = json_object_get(kc->preferences, "extensions");
	if (pe && json_object_size(pe))
		json_object_set_new(prefs, "extensions", ext_to_list(pe));
	json_object_set_new(o, "preferences", prefs);
	json_object_set_new(o, "clusters", named_list(kc->clusters, "cluster", kc_cluster_fields));
	json_object_set_new(o, "users", named_list(kc->users, "user", kc_user_fields));
	json_object_set_new(o, "contexts", named_list(kc->contexts, "context", kc_context_fields));
	json_object_set_new(o, "current-context", json_string(kc->current_context));
	if (json_object_size(kc->extensions))
		json_object_set_new(o, "extensions", ext_to_list(kc->extensions));
	return o;
}

void kc_kubeconfig_write_yaml(const struct kc_kubeconfig *kc, struct strbuf *out)
{
	json_t *v = kc_kubeconfig_to_v1(kc);
	yaml_emit(out, v);
	json_decref(v);
}

int kc_kubeconfig_write_file(const struct kc_kubeconfig *kc, const char *path, struct kc_err *err)
{
	struct strbuf data = STRBUF_INIT;
	kc_kubeconfig_write_yaml(kc, &data);
	/* os.WriteFile(path, data, 0600) follows symlinks and keeps an existing mode */
	char *real = realpath(path, NULL);
	struct stat lst;
	if (!real && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		/* a dangling symlink: os.WriteFile creates its target */
		char buf[4096];
		ssize_t n = readlink(path, buf, sizeof buf - 1);
		if (n > 0) {
			buf[n] = '\0';
			char *d = path_dirname(path);
			real = buf[0] == '/' ? xstrdup(buf) : path_join(d, buf);
			free(d);
		}
	}
	const char *target = real ? real : path;
	mode_t mode = 0600;
	struct stat st;
	if (stat(target, &st) == 0) {
		mode = st.st_mode & 07777;
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0600 & ~um;
		char *dir = path_dirname(target);
		if (!dir_exists(dir))
			mkdir_p(dir, 0755);
		free(dir);
	}
	int rc = file_write_atomic(target, data.buf, data.len, mode, err);
	free(real);
	strbuf_release(&data);
	return rc;
}
