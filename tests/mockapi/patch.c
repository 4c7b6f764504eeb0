/* patch.c: RFC 7386 merge patch, RFC 6902 JSON patch and Kubernetes strategic
 * merge patch with the built-in types' merge keys and $patch directives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/smp.h"
#include "tests/mockapi/mock.h"

json_t *merge_patch(const json_t *target, const json_t *patch)
{
	if (!json_is_object(patch))
		return json_deep_copy(patch);
	json_t *out = json_is_object(target) ? json_deep_copy(target) : json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v)) {
			json_object_del(out, k);
			continue;
		}
		json_t *m = merge_patch(json_object_get(out, k), v);
		json_object_set_new(out, k, m);
	}
	return out;
}

/* ---- JSON patch ---- */

static char *unescape_token(const char *s, size_t n)
{
	char *o = xmalloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
			o[j++] = s[i + 1] == '0' ? '~' : '/';
			i++;
		} else
			o[j++] = s[i];
	}
	o[j] = 0;
	return o;
}

/* Resolve the parent of path; *last is the final token (new string). */
static json_t *resolve_parent(json_t *doc, const char *path, char **last)
{
	if (*path != '/')
		return NULL;
	json_t *cur = doc;
	const char *p = path + 1;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *tok = unescape_token(p, n);
		if (!slash) {
			*last = tok;
			return cur;
		}
		json_t *next;
		if (json_is_array(cur)) {
			char *end;
			long idx = strtol(tok, &end, 10);
			next = *end || idx < 0 ? NULL : json_array_get(cur, (size_t)idx);
		} else
			next = json_object_get(cur, tok);
		free(tok);
		if (!next)
			return NULL;
		cur = next;
		p = slash + 1;
	}
}

static json_t *ptr_get(json_t *doc, const char *path)
{
	if (!*path)
		return doc;
	char *last = NULL;
	json_t *par = resolve_parent(doc, path, &last);
	json_t *v = NULL;
	if (par && last) {
		if (json_is_array(par)) {
			char *end;
			long idx = strtol(last, &end, 10);
			v = *end || idx < 0 ? NULL : json_array_get(par, (size_t)idx);
		} else
			v = json_object_get(par, last);
	}
	free(last);
	return v;
}

static int ptr_remove(json_t *doc, const char *path, struct strbuf *err)
{
	char *last = NULL;
	json_t *par = resolve_parent(doc, path, &last);
	int rc = -1;
	if (par && last) {
		if (json_is_array(par)) {
			char *end;
			long idx = strtol(last, &end, 10);
			if (!*end && idx >= 0 && json_array_remove(par, (size_t)idx) == 0)
				rc = 0;
		} else if (json_object_del(par, last) == 0)
			rc = 0;
	}
	if (rc)
		strbuf_addf(err, "the server rejected our request due to an error in our request");
	free(last);
	return rc;
}

static int ptr_add(json_t *doc, const char *path, json_t *val, int replace, struct strbuf *err)
{
	char *last = NULL;
	json_t *par = resolve_parent(doc, path, &last);
	int rc = -1;
	if (par && last) {
		if (json_is_array(par)) {
			if (!strcmp(last, "-")) {
				rc = json_array_append(par, val);
			} else {
				char *end;
				long idx = strtol(last, &end, 10);
				if (!*end && idx >= 0) {
					if (replace)
						rc = json_array_set(par, (size_t)idx, val);
					else
						rc = json_array_insert(par, (size_t)idx, val);
				}
			}
		} else if (json_is_object(par)) {
			if (replace && !json_object_get(par, last))
				rc = -1;
			else
				rc = json_object_set(par, last, val);
		}
	}
	if (rc) {
		if (replace)
			strbuf_addf(err, "replace operation does not apply: doc is missing key: %s: missing value", path);
		else
			strbuf_addf(err, "add operation does not apply: doc is missing path: \"%s\": missing value", path);
	}
	free(last);
	return rc;
}

int json_patch_apply(json_t *doc, const json_t *ops, struct strbuf *err)
{
	size_t i;
	json_t *op;
	json_array_foreach(ops, i, op) {
		const char *o = jstr(op, "op");
		const char *path = jstr(op, "path");
		json_t *val = json_object_get(op, "value");
		if (!o || !path) {
			strbuf_addstr(err, "Unexpected kind: <nil>");
			return -1;
		}
		if (!strcmp(o, "add")) {
			if (ptr_add(doc, path, val, 0, err))
				return -1;
		} else if (!strcmp(o, "replace")) {
			if (ptr_add(doc, path, val, 1, err))
				return -1;
		} else if (!strcmp(o, "remove")) {
			if (ptr_remove(doc, path, err))
				return -1;
		} else if (!strcmp(o, "test")) {
			json_t *cur = ptr_get(doc, path);
			if (!cur || !json_equal(cur, val)) {
				strbuf_addf(err, "testing value %s failed: test failed", path);
				return -1;
			}
		} else if (!strcmp(o, "move") || !strcmp(o, "copy")) {
			const char *from = jstr(op, "from");
			json_t *v = from ? ptr_get(doc, from) : NULL;
			if (!v) {
				strbuf_addf(err, "%s operation does not apply: doc is missing from path: %s", o,
					from ? from : "");
				return -1;
			}
			v = json_deep_copy(v);
			if (!strcmp(o, "move") && ptr_remove(doc, from, err)) {
				json_decref(v);
				return -1;
			}
			int rc = ptr_add(doc, path, v, 0, err);
			json_decref(v);
			if (rc)
				return -1;
		} else {
			strbuf_addf(err, "Unexpected kind: %s", o);
			return -1;
		}
	}
	return 0;
}

/* ---- strategic merge patch ---- */

/* kc's own implementation (kube/smp.c: apimachinery's strategicpatch with the
 * built-in types' patch metadata), so the mock merges as the client computes. */
json_t *mock_smp_apply(const json_t *target, const json_t *patch, const char *kind,
		       struct strbuf *err)
{
	if (!json_is_object(patch)) {
		strbuf_addstr(err, "unable to find api field in struct Unstructured for the json field \"\"");
		return NULL;
	}
	struct kc_err e = KC_ERR_INIT;
	json_t *out = smp_apply(target, patch, "", kind, &e);
	if (!out)
		strbuf_addbuf(err, &e.msg);
	kc_err_release(&e);
	return out;
}
