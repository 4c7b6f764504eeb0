/* `kc config view -o go-template=…`: cli-runtime's GoTemplatePrinter (template
 * named "output", kubectl's exists/base64decode functions, missingkey=default
 * unless --allow-missing-template-keys=false) on the v1 Config, which kubectl
 * marshals and re-reads with encoding/json (numbers are float64). */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_config.h"
#include "template/template.h"
#include "template/value.h"
#include "util/base64.h"
#include "util/gostr.h"
#include "util/json.h"

/* exists(item, indices...) */
static struct tv *fn_exists(struct tmpl_call *call, int argc, struct tv **argv, struct kc_err *err)
{
	(void)call;
	(void)err;
	const struct tv *v = argc > 0 ? argv[0] : NULL;
	for (int i = 1; i < argc; i++) {
		const struct tv *idx = argv[i];
		if (!v || v->kind == TV_NIL)
			return tv_false();
		if (v->kind == TV_LIST || v->kind == TV_STRING || v->kind == TV_BYTES) {
			long long x;
			if (idx && idx->kind == TV_INT)
				x = idx->u.i;
			else if (idx && idx->kind == TV_UINT)
				x = (long long)idx->u.u;
			else
				return tv_false();
			size_t len = v->kind == TV_LIST ? tv_list_len(v) : v->u.str.len;
			if (x < 0 || (size_t)x >= len)
				return tv_false();
			if (v->kind != TV_LIST)
				return tv_true(); /* a byte is never nil */
			v = tv_list_get(v, (size_t)x);
		} else if (v->kind == TV_MAP) {
			if (!idx || idx->kind != TV_STRING)
				return tv_false();
			v = tv_map_get(v, idx->u.str.s);
		} else {
			return tv_false();
		}
	}
	return tv_bool(v && v->kind != TV_NIL);
}

static struct tv *fn_base64decode(struct tmpl_call *call, int argc, struct tv **argv,
				  struct kc_err *err)
{
	(void)call;
	(void)argc;
	struct strbuf out = STRBUF_INIT;
	size_t at;
	if (base64_decode(&out, argv[0]->u.str.s, argv[0]->u.str.len, &at) < 0) {
		strbuf_release(&out);
		kc_err_set(err, "base64 decode failed: illegal base64 data at input byte %zu", at);
		return NULL;
	}
	return tv_str_buf(&out);
}

static const struct tmpl_func kubectl_template_funcs[] = {
	{ "exists", fn_exists, "interface {}, ...interface {}", NULL },
	{ "base64decode", fn_base64decode, "string", NULL },
	{ NULL, NULL, NULL, NULL },
};

int kc_config_gotemplate_new(const char *text, int allow_missing, struct tmpl **out,
			     struct kc_err *err)
{
	struct tmpl *t = tmpl_new();
	struct kc_err e = KC_ERR_INIT;
	tmpl_set_name(t, "output");
	tmpl_add_funcs(t, kubectl_template_funcs);
	tmpl_set_missingkey(t, allow_missing ? TMPL_MISSINGKEY_DEFAULT : TMPL_MISSINGKEY_ERROR);
	if (tmpl_parse(t, "output", text, strlen(text), &e) < 0) {
		kc_err_set(err, "error parsing template %s, %s", text, e.msg.buf);
		kc_err_release(&e);
		tmpl_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* Go's %+v of a value decoded by encoding/json into interface{} */
static void go_plus_v(struct strbuf *sb, const json_t *v)
{
	size_t i;
	const json_t *e;
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), k = 0;
		const char **keys = xcalloc(n ? n : 1, sizeof *keys);
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)v, key, val)
			keys[k++] = key;
		for (size_t a = 1; a < n; a++)
			for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
				const char *tmp = keys[b];
				keys[b] = keys[b - 1];
				keys[b - 1] = tmp;
			}
		strbuf_addstr(sb, "map[");
		for (k = 0; k < n; k++) {
			strbuf_addf(sb, "%s%s:", k ? " " : "", keys[k]);
			go_plus_v(sb, json_object_get(v, keys[k]));
		}
		strbuf_addch(sb, ']');
		free(keys);
		break;
	}
	case JSON_ARRAY:
		strbuf_addch(sb, '[');
		json_array_foreach(v, i, e) {
			if (i)
				strbuf_addch(sb, ' ');
			go_plus_v(sb, e);
		}
		strbuf_addch(sb, ']');
		break;
	case JSON_STRING:
		strbuf_add(sb, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		go_format_float(sb, (double)json_integer_value(v), 'g', -1);
		break;
	case JSON_REAL:
		go_format_float(sb, json_real_value(v), 'g', -1);
		break;
	case JSON_TRUE:
		strbuf_addstr(sb, "true");
		break;
	case JSON_FALSE:
		strbuf_addstr(sb, "false");
		break;
	default:
		strbuf_addstr(sb, "<nil>");
		break;
	}
}

int kc_config_gotemplate_print(struct tmpl *t, const char *text, json_t *obj, struct strbuf *out,
			       struct kc_err *err)
{
	struct tv *data = tv_from_json(obj, TV_JSON_INTS_AS_FLOAT);
	struct kc_err e = KC_ERR_INIT;
	int rc = tmpl_execute(t, "output", data, out, &e);
	tv_decref(data);
	if (rc == 0)
		return 0;
	struct strbuf raw = STRBUF_INIT, plus = STRBUF_INIT;
	json_emit(&raw, obj, JSON_OUT_COMPACT);
	go_plus_v(&plus, obj);
	strbuf_addf(out, "Error executing template: %s. Printing more information for debugging the template:\n"
		    "\ttemplate was:\n\t\t%s\n\traw data was:\n\t\t%s\n"
		    "\tobject given to template engine was:\n\t\t%s\n\n",
		    e.msg.buf, text, raw.buf, plus.buf);
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, text, strlen(text));
	kc_err_set(err, "error executing template %s: %s", q.buf, e.msg.buf);
	strbuf_release(&q);
	strbuf_release(&raw);
	strbuf_release(&plus);
	kc_err_release(&e);
	return -1;
}
