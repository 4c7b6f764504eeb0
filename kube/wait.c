/* kube/wait.c: kubectl wait's conditions, and waiting with one LIST + WATCH per
 * resource type and namespace. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kube/jsonpath.h"
#include "kube/targets.h"
#include "kube/wait.h"
#include "util/json.h"

long long kc_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------- conditions */

static const char relaxed_err[] =
	"unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' "
	"or '{.name1.name2}'";

/* cmdget.RelaxedJSONPathExpression: ^\{\.?([^{}]+)\}$|^\.?([^{}]+)$ -> "{.X}" */
static char *relaxed(const char *p, struct kc_err *err)
{
	size_t n = strlen(p);
	if (!n)
		return xstrdup("");
	const char *body = NULL;
	size_t blen = 0;
	if (n >= 3 && p[0] == '{' && p[n - 1] == '}' && !memchr(p + 1, '{', n - 2) &&
	    !memchr(p + 1, '}', n - 2)) {
		body = p + 1;
		blen = n - 2;
	} else if (!strpbrk(p, "{}")) {
		body = p;
		blen = n;
	}
	if (!body) {
		kc_err_set(err, "%s", relaxed_err);
		return NULL;
	}
	if (blen > 1 && body[0] == '.')
		body++, blen--;
	return xasprintf("{.%.*s}", (int)blen, body);
}

int kc_wait_cond_parse(const char *spec, struct kc_wait_cond *cond, struct kc_err *err)
{
	memset(cond, 0, sizeof(*cond));
	if (!strcasecmp(spec, "delete")) {
		cond->kind = KC_WAIT_DELETE;
		return 0;
	}
	if (!strcasecmp(spec, "create")) {
		cond->kind = KC_WAIT_CREATE;
		return 0;
	}
	if (starts_with(spec, "condition=")) {
		const char *name = spec + strlen("condition=");
		const char *eq = strchr(name, '=');
		cond->kind = KC_WAIT_CONDITION;
		cond->cond_name = eq ? xstrndup(name, (size_t)(eq - name)) : xstrdup(name);
		cond->cond_value = xstrdup(eq ? eq + 1 : "true");
		return 0;
	}
	if (starts_with(spec, "jsonpath=")) {
		/* strings.Split(condition, "=")[1:]: one or two parts */
		const char *rest = spec + strlen("jsonpath=");
		const char *eq = strchr(rest, '=');
		if (eq && strchr(eq + 1, '='))
			return kc_err_set(err, "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
		char *expr = eq ? xstrndup(rest, (size_t)(eq - rest)) : xstrdup(rest);
		char *rel = relaxed(expr, err);
		free(expr);
		if (!rel)
			return -1;
		if (eq && !eq[1]) {
			free(rel);
			return kc_err_set(err, "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
		}
		if (!*rel) {
			free(rel);
			return kc_err_set(err, "jsonpath expression cannot be empty");
		}
		cond->kind = KC_WAIT_JSONPATH;
		cond->jp = jsonpath_parse("wait", rel, err);
		free(rel);
		if (!cond->jp)
			return -1;
		jsonpath_set_allow_missing_keys(cond->jp, 1);
		jsonpath_set_flags(cond->jp, JSONPATH_OUTPUT_JSON);
		if (eq) {
			/* strings.Trim(value, `'"`) */
			const char *v = eq + 1;
			size_t len = strlen(v);
			while (len && (*v == '\'' || *v == '"'))
				v++, len--;
			while (len && (v[len - 1] == '\'' || v[len - 1] == '"'))
				len--;
			cond->jp_value = xstrndup(v, len);
		}
		return 0;
	}
	return kc_err_set(err, "unrecognized condition: \"%s\"", spec);
}

void kc_wait_cond_release(struct kc_wait_cond *cond)
{
	free(cond->cond_name);
	free(cond->cond_value);
	free(cond->jp_value);
	if (cond->jp)
		jsonpath_free(cond->jp);
	memset(cond, 0, sizeof(*cond));
}

static int int_field(const json_t *o, const char *k, long long *v)
{
	json_t *x = json_object_get(o, k);
	if (!json_is_integer(x))
		return 0;
	*v = json_integer_value(x);
	return 1;
}

static void trim_space(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

int kc_wait_check(const struct kc_wait_cond *cond, const json_t *obj, struct kc_err *err)
{
	if (cond->kind == KC_WAIT_CONDITION) {
		json_t *status = json_object_get(obj, "status");
		json_t *conds = json_object_get(status, "conditions");
		size_t i;
		json_t *c;
		json_array_foreach(conds, i, c) {
			const char *type = json_string_value(json_object_get(c, "type"));
			if (!type || strcasecmp(type, cond->cond_name))
				continue;
			const char *st = json_string_value(json_object_get(c, "status"));
			if (!st)
				continue;
			long long gen, og;
			if (int_field(json_object_get(obj, "metadata"), "generation", &gen) &&
			    (int_field(c, "observedGeneration", &og) || int_field(status, "observedGeneration", &og)) &&
			    og < gen)
				return 0;
			return !strcasecmp(st, cond->cond_value);
		}
		return 0;
	}
	if (cond->kind != KC_WAIT_JSONPATH)
		return 1;
	struct strbuf out = STRBUF_INIT;
	int ret = 0;
	if (jsonpath_execute(cond->jp, obj, &out, err) < 0) {
		strbuf_release(&out);
		return -1;
	}
	json_t *res = json_loadb(out.buf, out.len, 0, NULL);
	strbuf_release(&out);
	if (!json_is_array(res) || !json_array_size(res))
		goto done;
	if (json_array_size(res) > 1) {
		ret = kc_err_set(err, "given jsonpath expression matches more than one value");
		goto done;
	}
	if (!cond->jp_value) {
		ret = 1;
		goto done;
	}
	json_t *v = json_array_get(res, 0);
	struct strbuf s = STRBUF_INIT;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		ret = kc_err_set(err, "jsonpath leads to a nested object or list which is not supported");
		goto done;
	case JSON_STRING:
		strbuf_add(&s, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		strbuf_addf(&s, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		json_format_go_float(&s, json_real_value(v));
		break;
	case JSON_TRUE:
		strbuf_addstr(&s, "true");
		break;
	case JSON_FALSE:
		strbuf_addstr(&s, "false");
		break;
	case JSON_NULL:
		strbuf_addstr(&s, "<nil>");
		break;
	}
	const char *a = s.buf, *b = cond->jp_value;
	size_t al = s.len, bl = strlen(b);
	trim_space(&a, &al);
	trim_space(&b, &bl);
	ret = al == bl && !memcmp(a, b, al);
	strbuf_release(&s);
done:
	json_decref(res);
	return ret;
}

/* ---------------------------------------------------------------- waiting */

struct group {
	struct kc_client *c;
	const struct kc_wait_cond *cond;
	struct kc_wait_item **items;
	size_t n, pending;
	char *rv;
	struct strbuf line;
	struct kc_err err;
	int failed;
	int relist;
};

static int resolved(const struct kc_wait_item *it)
{
	return it->done || it->missing || it->error;
}

static struct kc_wait_item *find(struct group *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (!resolved(g->items[i]) && !strcmp(g->items[i]->name, name))
			return g->items[i];
	return NULL;
}

static void set_obj(struct kc_wait_item *it, json_t *obj)
{
	json_decref(it->obj);
	it->obj = json_incref(obj);
}

/* Look at one object (or its absence, obj NULL) for item it. */
static void judge(struct group *g, struct kc_wait_item *it, json_t *obj, const char *event)
{
	if (resolved(it))
		return;
	const char *uid = obj ? json_string_value(json_object_get(json_object_get(obj, "metadata"), "uid")) : NULL;
	switch (g->cond->kind) {
	case KC_WAIT_DELETE:
		if (!obj || (event && !strcmp(event, "DELETED")) || (it->uid && uid && strcmp(uid, it->uid)))
			it->done = 1;
		if (obj)
			set_obj(it, obj);
		break;
	case KC_WAIT_CREATE:
		if (obj && !(event && !strcmp(event, "DELETED"))) {
			it->done = 1;
			set_obj(it, obj);
		}
		break;
	default:
		if (!obj) {
			if (!event)
				it->missing = 1;
			break;
		}
		if (event && !strcmp(event, "DELETED"))
			break;
		set_obj(it, obj);
		struct kc_err e = KC_ERR_INIT;
		int r = kc_wait_check(g->cond, obj, &e);
		if (r < 0)
			it->error = xstrdup(e.msg.buf);
		else if (r > 0)
			it->done = 1;
		kc_err_release(&e);
		break;
	}
	if (resolved(it))
		g->pending--;
}

static char *base_path(struct group *g)
{
	const struct kc_wait_item *it = g->items[0];
	char *base = kc_resource_path(it->res, *it->ns ? it->ns : NULL, NULL);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, base);
	free(base);
	if (g->n == 1) {
		strbuf_addstr(&sb, "?fieldSelector=");
		struct strbuf fs = STRBUF_INIT;
		strbuf_addf(&fs, "metadata.name=%s", it->name);
		kc_query_escape(&sb, fs.buf);
		strbuf_release(&fs);
	}
	return strbuf_detach(&sb, NULL);
}

static int do_list(struct group *g, struct kc_err *err)
{
	char *path = base_path(g);
	json_t *doc = kc_client_get_json(g->c, path, err);
	free(path);
	if (!doc)
		return -1;
	free(g->rv);
	const char *rv = json_string_value(json_object_get(json_object_get(doc, "metadata"), "resourceVersion"));
	g->rv = xstrdup(rv ? rv : "");
	json_t *items = json_object_get(doc, "items");
	for (size_t i = 0; i < g->n; i++) {
		struct kc_wait_item *it = g->items[i];
		if (resolved(it))
			continue;
		json_t *found = NULL, *o;
		size_t k;
		json_array_foreach(items, k, o) {
			const char *name = json_string_value(json_object_get(json_object_get(o, "metadata"), "name"));
			if (name && !strcmp(name, it->name)) {
				found = o;
				break;
			}
		}
		if (found) {
			/* list items carry no kind: fill it as client-go does */
			if (!json_object_get(found, "kind"))
				json_object_set_new(found, "kind", json_string(it->res->kind));
			if (!json_object_get(found, "apiVersion"))
				json_object_set(found, "apiVersion", json_object_get(doc, "apiVersion"));
		}
		judge(g, it, found, NULL);
	}
	json_decref(doc);
	return 0;
}

static int on_chunk(void *ud, const char *data, size_t len)
{
	struct group *g = ud;
	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\n') {
			strbuf_addch(&g->line, data[i]);
			if (g->line.len > KC_BODY_MAX)
				return 1;
			continue;
		}
		json_t *ev = json_loadb(g->line.buf, g->line.len, 0, NULL);
		strbuf_reset(&g->line);
		if (!ev)
			continue;
		const char *type = json_string_value(json_object_get(ev, "type"));
		json_t *obj = json_object_get(ev, "object");
		if (!type || !strcmp(type, "ERROR")) {
			/* an expired resourceVersion or a server error: list again */
			g->relist = 1;
			json_decref(ev);
			return 1;
		}
		const char *rv = json_string_value(json_object_get(json_object_get(obj, "metadata"), "resourceVersion"));
		if (rv) {
			free(g->rv);
			g->rv = xstrdup(rv);
		}
		if (strcmp(type, "BOOKMARK")) {
			const char *name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
			struct kc_wait_item *it = name ? find(g, name) : NULL;
			if (it)
				judge(g, it, obj, type);
		}
		json_decref(ev);
		if (!g->pending)
			return 1;
	}
	return 0;
}

static int run_group(struct group *g, long long deadline, long long timeout_ms, struct kc_err *err)
{
	if (do_list(g, err) < 0)
		return -1;
	if (!timeout_ms)
		return 0;
	while (g->pending) {
		long long left = deadline - kc_now_ms();
		if (left <= 0)
			return 0;
		char *base = base_path(g);
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s%callowWatchBookmarks=true&resourceVersion=", base, strchr(base, '?') ? '&' : '?');
		kc_query_escape(&path, g->rv);
		strbuf_addf(&path, "&timeoutSeconds=%lld&watch=true", left / 1000 + 1);
		free(base);
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		req.path = path.buf;
		req.timeout_ms = left;
		g->relist = 0;
		strbuf_reset(&g->line);
		int rc = kc_client_stream(g->c, &req, on_chunk, g, &resp, err);
		strbuf_release(&path);
		if (rc < 0) {
			kc_response_release(&resp);
			if (kc_now_ms() >= deadline - 50) {
				kc_err_release(err);
				return 0;
			}
			return -1;
		}
		if (resp.code < 200 || resp.code > 299) {
			if (resp.code != 410) {
				kc_status_error(&resp, NULL, err);
				kc_response_release(&resp);
				return -1;
			}
			g->relist = 1;
		}
		kc_response_release(&resp);
		if (!g->pending)
			break;
		/* the server ended the watch (or its resourceVersion expired): look again */
		if (do_list(g, err) < 0)
			return -1;
	}
	return 0;
}

int kc_wait_run(struct kc_client *c, const struct kc_wait_cond *cond, struct kc_wait_item *items,
		size_t n, long long timeout_ms, struct kc_err *err)
{
	long long deadline = kc_now_ms() + timeout_ms;
	char *grouped = xcalloc(n ? n : 1, 1);
	struct kc_wait_item **members = xcalloc(n ? n : 1, sizeof(*members));
	int ret = 0;
	for (size_t i = 0; i < n && !ret; i++) {
		if (grouped[i] || resolved(&items[i]))
			continue;
		struct group g = { c, cond, members, 0, 0, NULL, STRBUF_INIT, KC_ERR_INIT, 0, 0 };
		for (size_t j = i; j < n; j++) {
			if (grouped[j] || resolved(&items[j]) || items[j].res != items[i].res ||
			    strcmp(items[j].ns, items[i].ns))
				continue;
			grouped[j] = 1;
			members[g.n++] = &items[j];
		}
		g.pending = g.n;
		ret = run_group(&g, deadline, timeout_ms, err);
		free(g.rv);
		strbuf_release(&g.line);
		kc_err_release(&g.err);
	}
	free(grouped);
	free(members);
	return ret;
}

void kc_wait_items_release(struct kc_wait_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(items[i].obj);
		free(items[i].error);
		items[i].obj = NULL;
		items[i].error = NULL;
	}
}
