/* values.schema.json validation as Helm v3.21 reports it through
 * santhosh-tekuri/jsonschema v6 (the behaviour helmref reproduces): keyword
 * order, error tree and message texts. Supported: type, const, enum, local
 * $ref, properties, patternProperties, additionalProperties, required,
 * dependencies, dependentRequired, dependentSchemas, propertyNames,
 * min/maxProperties, items, prefixItems, additionalItems, contains,
 * min/maxContains, min/maxItems, uniqueItems, min/maxLength, pattern,
 * minimum, maximum, exclusive*, multipleOf, allOf, anyOf, oneOf, not,
 * if/then/else. Not supported (as in helmref): format, remote $ref,
 * $dynamicRef, unevaluated*, content*. Numbers are compared as doubles
 * (Helm uses big.Rat from the decimal text; multipleOf is checked on the
 * decimal representations). Regular expressions use PCRE2 (Go: RE2). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "chart/chart.h"

#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/internal.h"
#include "util/gostr.h"
#include "util/json.h"

struct jserr {
	const char *kind;
	struct strvec loc;
	char *msg;
	struct jserr **causes;
	size_t ncauses;
	int is_schema;
};

struct vd {
	json_t *root;
	int draft;
};

static void jserr_free(struct jserr *e)
{
	if (!e)
		return;
	strvec_clear(&e->loc);
	free(e->msg);
	for (size_t i = 0; i < e->ncauses; i++)
		jserr_free(e->causes[i]);
	free(e->causes);
	free(e);
}

static struct jserr *new_err(const struct strvec *loc, const char *kind, char *msg, int boolres)
{
	struct jserr *e = xcalloc(1, sizeof(*e));
	e->kind = kind;
	strvec_init(&e->loc);
	if (boolres) {
		free(msg);
		return e;
	}
	for (size_t i = 0; loc && i < loc->nr; i++)
		strvec_push(&e->loc, loc->v[i]);
	e->msg = msg;
	return e;
}

static void add_cause(struct jserr *e, struct jserr *c)
{
	e->causes = xrealloc(e->causes, (e->ncauses + 1) * sizeof(*e->causes));
	e->causes[e->ncauses++] = c;
}

/* take e's causes if it is a group, else e itself */
static void adopt(struct jserr *dst, struct jserr *e)
{
	if (!strcmp(e->kind, "group")) {
		for (size_t i = 0; i < e->ncauses; i++)
			add_cause(dst, e->causes[i]);
		e->ncauses = 0;
		jserr_free(e);
	} else {
		add_cause(dst, e);
	}
}

struct errlist {
	struct jserr **v;
	size_t n;
};

static void add(struct errlist *l, struct jserr *e)
{
	if (!e)
		return;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = e;
}

static char *js_quote(const char *s)
{
	struct strbuf q = STRBUF_INIT, out = STRBUF_INIT;
	go_quote(&q, s, strlen(s));
	strbuf_addch(&out, '\'');
	for (size_t i = 1; i + 1 < q.len; i++) {
		if (q.buf[i] == '\\' && q.buf[i + 1] == '"') {
			strbuf_addch(&out, '"');
			i++;
		} else if (q.buf[i] == '\\' && q.buf[i + 1] == '\\') {
			strbuf_addstr(&out, "\\\\");
			i++;
		} else if (q.buf[i] == '\'') {
			strbuf_addstr(&out, "\\'");
		} else {
			strbuf_addch(&out, q.buf[i]);
		}
	}
	strbuf_addch(&out, '\'');
	strbuf_release(&q);
	return strbuf_detach(&out, NULL);
}

static void join_quoted(struct strbuf *sb, const struct strvec *v)
{
	for (size_t i = 0; i < v->nr; i++) {
		char *q = js_quote(v->v[i]);
		strbuf_addf(sb, "%s%s", i ? ", " : "", q);
		free(q);
	}
}

static void group_digits(struct strbuf *out, const char *s)
{
	int neg = *s == '-';
	if (neg)
		s++;
	const char *dot = strchr(s, '.');
	size_t il = dot ? (size_t)(dot - s) : strlen(s);
	if (neg)
		strbuf_addch(out, '-');
	size_t pre = il % 3;
	int any = 0;
	if (il > 3) {
		if (pre) {
			strbuf_add(out, s, pre);
			any = 1;
		}
		for (size_t i = pre; i < il; i += 3) {
			if (any)
				strbuf_addch(out, ',');
			strbuf_add(out, s + i, 3);
			any = 1;
		}
	} else {
		strbuf_add(out, s, il);
	}
	if (dot)
		strbuf_addstr(out, dot);
}

static char *fmt_int(long long n)
{
	char buf[32];
	struct strbuf sb = STRBUF_INIT;
	snprintf(buf, sizeof(buf), "%lld", n);
	group_digits(&sb, buf);
	return strbuf_detach(&sb, NULL);
}

static char *fmt_num(double f)
{
	struct strbuf s = STRBUF_INIT, out = STRBUF_INIT;
	go_format_float(&s, f, 'g', -1);
	if (strpbrk(s.buf, "eEnN")) {
		strbuf_release(&out);
		return strbuf_detach(&s, NULL);
	}
	group_digits(&out, s.buf);
	strbuf_release(&s);
	return strbuf_detach(&out, NULL);
}

static const char *js_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: return "null";
	case JSON_TRUE:
	case JSON_FALSE: return "boolean";
	case JSON_INTEGER:
	case JSON_REAL: return "number";
	case JSON_STRING: return "string";
	case JSON_ARRAY: return "array";
	case JSON_OBJECT: return "object";
	}
	return "";
}

static double num(const json_t *v)
{
	return json_is_integer(v) ? (double)json_integer_value(v) : json_real_value(v);
}

static int is_integer_value(const json_t *v)
{
	if (json_is_integer(v))
		return 1;
	double f = json_real_value(v);
	return isfinite(f) && f == floor(f);
}

static int js_equal(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return num(a) == num(b);
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!js_equal(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)a, k, x) {
			json_t *y = json_object_get(b, k);
			if (!y || !js_equal(x, y))
				return 0;
		}
		return 1;
	}
	if (json_is_string(a))
		return json_string_length(a) == json_string_length(b) &&
		       !memcmp(json_string_value(a), json_string_value(b), json_string_length(a));
	return 1; /* null, true, false */
}

static char *js_display(const json_t *v)
{
	if (json_is_string(v))
		return js_quote(json_string_value(v));
	if (json_is_array(v) || json_is_object(v))
		return xstrdup("value");
	struct strbuf sb = STRBUF_INIT;
	if (json_is_number(v)) {
		if (json_is_integer(v))
			strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		else
			go_format_float(&sb, json_real_value(v), 'g', -1);
	} else {
		strbuf_addstr(&sb, json_is_null(v) ? "<nil>" : json_is_true(v) ? "true" : "false");
	}
	return strbuf_detach(&sb, NULL);
}

static int schema_int(json_t *s, const char *key, long long *out)
{
	json_t *n = json_object_get(s, key);
	if (!n || !json_is_number(n))
		return 0;
	*out = json_is_integer(n) ? json_integer_value(n) : (long long)json_real_value(n);
	return 1;
}

static int schema_num(json_t *s, const char *key, double *out)
{
	json_t *n = json_object_get(s, key);
	if (!n || !json_is_number(n))
		return 0;
	*out = num(n);
	return 1;
}

/* Decimal (mantissa, exp10) of a double's shortest text; 0 on overflow. */
static int decimal_of(double f, __int128 *m, int *e)
{
	struct strbuf s = STRBUF_INIT;
	go_format_float(&s, f, 'e', -1);
	char *p = s.buf;
	int neg = *p == '-';
	if (neg)
		p++;
	__int128 mant = 0;
	int digits_after = 0, seen_dot = 0;
	for (; *p && *p != 'e'; p++) {
		if (*p == '.') {
			seen_dot = 1;
			continue;
		}
		mant = mant * 10 + (*p - '0');
		if (seen_dot)
			digits_after++;
	}
	int ex = *p == 'e' ? atoi(p + 1) : 0;
	strbuf_release(&s);
	*m = neg ? -mant : mant;
	*e = ex - digits_after;
	return 1;
}

static int is_multiple(double x, double mo)
{
	__int128 a, b;
	int ea, eb;
	if (!isfinite(x) || !isfinite(mo))
		return 0;
	decimal_of(x, &a, &ea);
	decimal_of(mo, &b, &eb);
	/* x/mo = a/b * 10^(ea-eb): integer iff b divides a*10^(ea-eb) */
	int d = ea - eb;
	if (d < 0) {
		while (d < 0) {
			if (b > ((__int128)1 << 100))
				return fmod(x, mo) == 0;
			b *= 10;
			d++;
		}
	} else {
		while (d > 0) {
			if (a > ((__int128)1 << 100) || a < -((__int128)1 << 100))
				return fmod(x, mo) == 0;
			a *= 10;
			d--;
		}
	}
	return b != 0 && a % b == 0;
}

static int re_match(const char *pat, const char *s, int *bad)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
	*bad = !re;
	if (!re)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

static size_t rune_count(const char *s)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		int len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 :
			  (c >= 0xF0 && c <= 0xF4) ? 4 : 1;
		int okseq = 1;
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80)
				okseq = 0;
		p += okseq ? len : 1;
		n++;
	}
	return n;
}

static json_t *resolve_ref(struct vd *vd, const char *ref)
{
	if (ref[0] != '#')
		return NULL;
	const char *frag = ref + 1;
	json_t *cur = vd->root;
	if (!*frag)
		return cur;
	if (*frag != '/')
		return NULL;
	struct strvec toks = STRVEC_INIT;
	strvec_split(&toks, frag + 1, '/');
	for (size_t i = 0; i < toks.nr && cur; i++) {
		struct strbuf t = STRBUF_INIT;
		for (const char *p = toks.v[i]; *p; p++) {
			if (p[0] == '~' && p[1] == '1') {
				strbuf_addch(&t, '/');
				p++;
			} else if (p[0] == '~' && p[1] == '0') {
				strbuf_addch(&t, '~');
				p++;
			} else {
				strbuf_addch(&t, *p);
			}
		}
		if (json_is_object(cur)) {
			cur = json_object_get(cur, t.buf);
		} else if (json_is_array(cur)) {
			long long ix;
			if (go_parse_int(t.buf, 10, 64, &ix) < 0 || ix < 0 || (size_t)ix >= json_array_size(cur))
				cur = NULL;
			else
				cur = json_array_get(cur, (size_t)ix);
		} else {
			cur = NULL;
		}
		strbuf_release(&t);
	}
	strvec_clear(&toks);
	return cur;
}

static struct jserr *validate(struct vd *vd, json_t *s, json_t *v, struct strvec *loc, int boolres);

static void missing_of(json_t *obj, json_t *req, struct strvec *missing)
{
	size_t i;
	json_t *r;
	json_array_foreach(req, i, r) if (json_is_string(r) && !json_object_get(obj, json_string_value(r)))
		strvec_push(missing, json_string_value(r));
}

static void obj_validate(struct vd *vd, json_t *sch, json_t *obj, struct strvec *loc, int boolres,
			 struct errlist *errs)
{
	long long n;
	size_t sz = json_object_size(obj);
	if (schema_int(sch, "minProperties", &n) && (long long)sz < n) {
		char *a = fmt_int((long long)sz), *b = fmt_int(n);
		add(errs, new_err(loc, "minProperties", xasprintf("minProperties: got %s, want %s", a, b), boolres));
		free(a);
		free(b);
	}
	if (schema_int(sch, "maxProperties", &n) && (long long)sz > n) {
		char *a = fmt_int((long long)sz), *b = fmt_int(n);
		add(errs, new_err(loc, "maxProperties", xasprintf("maxProperties: got %s, want %s", a, b), boolres));
		free(a);
		free(b);
	}
	json_t *req = json_object_get(sch, "required");
	if (json_is_array(req) && json_array_size(req)) {
		struct strvec missing = STRVEC_INIT;
		missing_of(obj, req, &missing);
		if (missing.nr) {
			struct strbuf m = STRBUF_INIT;
			if (missing.nr == 1) {
				char *q = js_quote(missing.v[0]);
				strbuf_addf(&m, "missing property %s", q);
				free(q);
			} else {
				strbuf_addstr(&m, "missing properties ");
				join_quoted(&m, &missing);
			}
			add(errs, new_err(loc, "required", strbuf_detach(&m, NULL), boolres));
		}
		strvec_clear(&missing);
	}
	if (boolres && errs->n)
		return;
	json_t *deps = json_object_get(sch, "dependencies");
	if (json_is_object(deps)) {
		size_t kn;
		char **keys = chart_sorted_keys(deps, &kn);
		for (size_t i = 0; i < kn; i++) {
			if (!json_object_get(obj, keys[i]))
				continue;
			json_t *dep = json_object_get(deps, keys[i]);
			if (json_is_array(dep)) {
				struct strvec missing = STRVEC_INIT;
				missing_of(obj, dep, &missing);
				if (missing.nr) {
					struct strbuf m = STRBUF_INIT;
					strbuf_addstr(&m, "properties ");
					join_quoted(&m, &missing);
					char *q = js_quote(keys[i]);
					strbuf_addf(&m, " required, if %s exists", q);
					free(q);
					add(errs, new_err(loc, "dependency", strbuf_detach(&m, NULL), boolres));
				}
				strvec_clear(&missing);
			} else {
				add(errs, validate(vd, dep, obj, loc, boolres));
			}
		}
		chart_free_keys(keys, kn);
	}
	json_t *props = json_object_get(sch, "properties");
	json_t *pat = json_object_get(sch, "patternProperties");
	json_t *additional = json_object_get(sch, "additionalProperties");
	struct strvec extra = STRVEC_INIT;
	size_t on;
	char **okeys = chart_sorted_keys(obj, &on);
	size_t pn = 0;
	char **pkeys = json_is_object(pat) ? chart_sorted_keys(pat, &pn) : NULL;
	for (size_t i = 0; i < on; i++) {
		if (boolres && errs->n)
			break;
		const char *pname = okeys[i];
		json_t *pv = json_object_get(obj, pname);
		int evaluated = 0;
		json_t *ps = json_is_object(props) ? json_object_get(props, pname) : NULL;
		strvec_push(loc, pname);
		if (ps) {
			evaluated = 1;
			add(errs, validate(vd, ps, pv, loc, boolres));
		}
		for (size_t k = 0; k < pn; k++) {
			int bad;
			if (re_match(pkeys[k], pname, &bad) && !bad) {
				evaluated = 1;
				add(errs, validate(vd, json_object_get(pat, pkeys[k]), pv, loc, boolres));
			}
		}
		if (!evaluated && additional) {
			if (json_is_false(additional))
				strvec_push(&extra, pname);
			else if (json_is_object(additional))
				add(errs, validate(vd, additional, pv, loc, boolres));
		}
		strvec_pop(loc);
	}
	chart_free_keys(okeys, on);
	if (pkeys)
		chart_free_keys(pkeys, pn);
	if (boolres && errs->n) {
		strvec_clear(&extra);
		return;
	}
	if (extra.nr) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addstr(&m, "additional properties ");
		join_quoted(&m, &extra);
		strbuf_addstr(&m, " not allowed");
		add(errs, new_err(loc, "additionalProperties", strbuf_detach(&m, NULL), boolres));
	}
	strvec_clear(&extra);
	if (vd->draft == 4)
		return;
	json_t *pnames = json_object_get(sch, "propertyNames");
	if (pnames) {
		okeys = chart_sorted_keys(obj, &on);
		for (size_t i = 0; i < on; i++) {
			json_t *name = json_string(okeys[i]);
			struct strvec empty = STRVEC_INIT;
			struct jserr *e = validate(vd, pnames, name, &empty, boolres);
			strvec_clear(&empty);
			json_decref(name);
			if (e) {
				char *q = js_quote(okeys[i]);
				struct jserr *pe = new_err(loc, "propertyNames", xasprintf("invalid propertyName %s", q), boolres);
				free(q);
				adopt(pe, e);
				add(errs, pe);
			}
		}
		chart_free_keys(okeys, on);
	}
	if (vd->draft == 6)
		return;
	if (vd->draft >= 2019) {
		json_t *ds = json_object_get(sch, "dependentSchemas");
		if (json_is_object(ds)) {
			size_t kn;
			char **keys = chart_sorted_keys(ds, &kn);
			for (size_t i = 0; i < kn; i++)
				if (json_object_get(obj, keys[i]))
					add(errs, validate(vd, json_object_get(ds, keys[i]), obj, loc, boolres));
			chart_free_keys(keys, kn);
		}
		json_t *dr = json_object_get(sch, "dependentRequired");
		if (json_is_object(dr)) {
			size_t kn;
			char **keys = chart_sorted_keys(dr, &kn);
			for (size_t i = 0; i < kn; i++) {
				json_t *arr = json_object_get(dr, keys[i]);
				if (!json_object_get(obj, keys[i]) || !json_is_array(arr))
					continue;
				struct strvec missing = STRVEC_INIT;
				missing_of(obj, arr, &missing);
				if (missing.nr) {
					struct strbuf m = STRBUF_INIT;
					strbuf_addstr(&m, "properties ");
					join_quoted(&m, &missing);
					char *q = js_quote(keys[i]);
					strbuf_addf(&m, " required, if %s exists", q);
					free(q);
					add(errs, new_err(loc, "dependentRequired", strbuf_detach(&m, NULL), boolres));
				}
				strvec_clear(&missing);
			}
			chart_free_keys(keys, kn);
		}
	}
}

static void push_index(struct strvec *loc, size_t i)
{
	strvec_pushf(loc, "%zu", i);
}

static char *matched_list(const size_t *m, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%zu", i ? " " : "", m[i]);
	return strbuf_detach(&sb, NULL);
}

static void arr_validate(struct vd *vd, json_t *sch, json_t *arr, struct strvec *loc, int boolres,
			 struct errlist *errs)
{
	long long n;
	size_t len = json_array_size(arr);
	if (schema_int(sch, "minItems", &n) && (long long)len < n) {
		char *a = fmt_int((long long)len), *b = fmt_int(n);
		add(errs, new_err(loc, "minItems", xasprintf("minItems: got %s, want %s", a, b), boolres));
		free(a);
		free(b);
	}
	if (schema_int(sch, "maxItems", &n) && (long long)len > n) {
		char *a = fmt_int((long long)len), *b = fmt_int(n);
		add(errs, new_err(loc, "maxItems", xasprintf("maxItems: got %s, want %s", a, b), boolres));
		free(a);
		free(b);
	}
	if (json_is_true(json_object_get(sch, "uniqueItems")) && len > 1) {
		int done = 0;
		for (size_t i = 0; i < len && !done; i++)
			for (size_t j = i + 1; j < len; j++)
				if (js_equal(json_array_get(arr, i), json_array_get(arr, j))) {
					char *a = fmt_int((long long)i), *b = fmt_int((long long)j);
					add(errs, new_err(loc, "uniqueItems", xasprintf("items at %s and %s are equal", a, b),
							  boolres));
					free(a);
					free(b);
					done = 1;
					break;
				}
	}
	if (vd->draft < 2020) {
		json_t *items = json_object_get(sch, "items");
		if (json_is_object(items) || json_is_boolean(items)) {
			for (size_t i = 0; i < len; i++) {
				push_index(loc, i);
				add(errs, validate(vd, items, json_array_get(arr, i), loc, boolres));
				strvec_pop(loc);
			}
		} else if (json_is_array(items)) {
			size_t ev = json_array_size(items) < len ? json_array_size(items) : len;
			for (size_t i = 0; i < ev; i++) {
				push_index(loc, i);
				add(errs, validate(vd, json_array_get(items, i), json_array_get(arr, i), loc, boolres));
				strvec_pop(loc);
			}
			json_t *ai = json_object_get(sch, "additionalItems");
			if (json_is_false(ai) && ev != len) {
				char *a = fmt_int((long long)(len - ev));
				add(errs, new_err(loc, "additionalItems", xasprintf("last %s additionalItem(s) not allowed", a),
						  boolres));
				free(a);
			} else if (json_is_object(ai)) {
				for (size_t i = ev; i < len; i++) {
					push_index(loc, i - ev); /* helmref indexes from 0 here */
					add(errs, validate(vd, ai, json_array_get(arr, i), loc, boolres));
					strvec_pop(loc);
				}
			}
		}
	} else {
		json_t *prefix = json_object_get(sch, "prefixItems");
		size_t pl = json_is_array(prefix) ? json_array_size(prefix) : 0;
		size_t ev = pl < len ? pl : len;
		for (size_t i = 0; i < ev; i++) {
			push_index(loc, i);
			add(errs, validate(vd, json_array_get(prefix, i), json_array_get(arr, i), loc, boolres));
			strvec_pop(loc);
		}
		json_t *items = json_object_get(sch, "items");
		if (items)
			for (size_t i = ev; i < len; i++) {
				push_index(loc, i - ev);
				add(errs, validate(vd, items, json_array_get(arr, i), loc, boolres));
				strvec_pop(loc);
			}
	}
	if (vd->draft >= 6) {
		json_t *cs = json_object_get(sch, "contains");
		if (cs) {
			struct errlist cerrs = { 0 };
			size_t *matched = xcalloc(len + 1, sizeof(*matched));
			size_t nm = 0;
			for (size_t i = 0; i < len; i++) {
				push_index(loc, i);
				struct jserr *e = validate(vd, cs, json_array_get(arr, i), loc, boolres);
				strvec_pop(loc);
				if (e)
					add(&cerrs, e);
				else
					matched[nm++] = i;
			}
			long long minc = 0;
			int has_min = schema_int(sch, "minContains", &minc) && vd->draft >= 2019;
			struct jserr *ce = NULL;
			if (has_min) {
				if ((long long)nm < minc) {
					char *a = fmt_int(minc);
					char *msg;
					if (nm) {
						char *b = fmt_int((long long)nm), *l = matched_list(matched, nm);
						msg = xasprintf("min %s items required to match contains schema, but matched %s items at %s",
								a, b, l);
						free(b);
						free(l);
					} else {
						msg = xasprintf("min %s items required to match contains schema, but none matched", a);
					}
					free(a);
					ce = new_err(loc, "minContains", msg, boolres);
				}
			} else if (nm == 0) {
				ce = new_err(loc, "contains", xstrdup("no items match contains schema"), boolres);
			}
			if (ce) {
				for (size_t i = 0; i < cerrs.n; i++)
					add_cause(ce, cerrs.v[i]);
				cerrs.n = 0;
				add(errs, ce);
			}
			for (size_t i = 0; i < cerrs.n; i++)
				jserr_free(cerrs.v[i]);
			free(cerrs.v);
			long long maxc;
			if (schema_int(sch, "maxContains", &maxc) && vd->draft >= 2019 && (long long)nm > maxc) {
				char *a = fmt_int(maxc), *b = fmt_int((long long)nm), *l = matched_list(matched, nm);
				add(errs, new_err(loc, "maxContains",
						  xasprintf("max %s items required to match contains schema, but matched %s items at %s",
							    a, b, l),
						  boolres));
				free(a);
				free(b);
				free(l);
			}
			free(matched);
		}
	}
}

static void str_validate(struct vd *vd, json_t *sch, const char *str, struct strvec *loc,
			 int boolres, struct errlist *errs)
{
	(void)vd;
	long long n = (long long)rune_count(str), m;
	if (schema_int(sch, "minLength", &m) && n < m) {
		char *a = fmt_int(n), *b = fmt_int(m);
		add(errs, new_err(loc, "minLength", xasprintf("minLength: got %s, want %s", a, b), boolres));
		free(a);
		free(b);
	}
	if (schema_int(sch, "maxLength", &m) && n > m) {
		char *a = fmt_int(n), *b = fmt_int(m);
		add(errs, new_err(loc, "maxLength", xasprintf("maxLength: got %s, want %s", a, b), boolres));
		free(a);
		free(b);
	}
	json_t *pat = json_object_get(sch, "pattern");
	if (json_is_string(pat)) {
		int bad;
		if (!re_match(json_string_value(pat), str, &bad) && !bad) {
			char *a = js_quote(str), *b = js_quote(json_string_value(pat));
			add(errs, new_err(loc, "pattern", xasprintf("%s does not match pattern %s", a, b), boolres));
			free(a);
			free(b);
		}
	}
}

static void num_check(struct errlist *errs, struct strvec *loc, int boolres, const char *kw, double x,
		      double lim)
{
	char *a = fmt_num(x), *b = fmt_num(lim);
	add(errs, new_err(loc, kw, xasprintf("%s: got %s, want %s", kw, a, b), boolres));
	free(a);
	free(b);
}

static void num_validate(struct vd *vd, json_t *sch, json_t *v, struct strvec *loc, int boolres,
			 struct errlist *errs)
{
	(void)vd;
	double x = num(v), mn = 0, mx = 0, emn = 0, emx = 0, mo = 0;
	int has_mn = schema_num(sch, "minimum", &mn), has_mx = schema_num(sch, "maximum", &mx);
	int has_emn = schema_num(sch, "exclusiveMinimum", &emn);
	int has_emx = schema_num(sch, "exclusiveMaximum", &emx);
	if (json_is_true(json_object_get(sch, "exclusiveMaximum"))) {
		has_emx = has_mx;
		emx = mx;
		has_mx = 0;
	}
	if (json_is_true(json_object_get(sch, "exclusiveMinimum"))) {
		has_emn = has_mn;
		emn = mn;
		has_mn = 0;
	}
	if (has_mn && x < mn)
		num_check(errs, loc, boolres, "minimum", x, mn);
	if (has_mx && x > mx)
		num_check(errs, loc, boolres, "maximum", x, mx);
	if (has_emn && x <= emn)
		num_check(errs, loc, boolres, "exclusiveMinimum", x, emn);
	if (has_emx && x >= emx)
		num_check(errs, loc, boolres, "exclusiveMaximum", x, emx);
	if (schema_num(sch, "multipleOf", &mo) && mo != 0 && !is_multiple(x, mo))
		num_check(errs, loc, boolres, "multipleOf", x, mo);
}

static void cond_validate(struct vd *vd, json_t *sch, json_t *v, struct strvec *loc, int boolres,
			  struct errlist *errs)
{
	json_t *not = json_object_get(sch, "not");
	if (not) {
		struct jserr *e = validate(vd, not, v, loc, 1);
		if (!e)
			add(errs, new_err(loc, "not", xstrdup("not failed"), boolres));
		jserr_free(e);
	}
	json_t *all = json_object_get(sch, "allOf");
	if (json_is_array(all) && json_array_size(all)) {
		struct jserr *g = NULL;
		size_t i;
		json_t *s;
		json_array_foreach(all, i, s) {
			struct jserr *e = validate(vd, s, v, loc, boolres);
			if (e) {
				if (!g)
					g = new_err(loc, "allOf", xstrdup("allOf failed"), boolres);
				add_cause(g, e);
				if (boolres)
					break;
			}
		}
		if (g)
			add(errs, g);
	}
	json_t *any = json_object_get(sch, "anyOf");
	if (json_is_array(any) && json_array_size(any)) {
		struct errlist es = { 0 };
		int matched = 0;
		size_t i;
		json_t *s;
		json_array_foreach(any, i, s) {
			struct jserr *e = validate(vd, s, v, loc, boolres);
			if (e) {
				add(&es, e);
			} else {
				matched = 1;
				break;
			}
		}
		if (!matched) {
			struct jserr *g = new_err(loc, "anyOf", xstrdup("anyOf failed"), boolres);
			for (size_t k = 0; k < es.n; k++)
				add_cause(g, es.v[k]);
			es.n = 0;
			add(errs, g);
		}
		for (size_t k = 0; k < es.n; k++)
			jserr_free(es.v[k]);
		free(es.v);
	}
	json_t *one = json_object_get(sch, "oneOf");
	if (json_is_array(one) && json_array_size(one)) {
		long matched = -1;
		struct errlist es = { 0 };
		size_t i;
		json_t *s;
		json_array_foreach(one, i, s) {
			struct jserr *e = validate(vd, s, v, loc, boolres || matched != -1);
			if (e) {
				if (matched == -1)
					add(&es, e);
				else
					jserr_free(e);
			} else if (matched == -1) {
				matched = (long)i;
			} else {
				char *a = fmt_int(matched), *b = fmt_int((long long)i);
				add(errs, new_err(loc, "oneOf", xasprintf("oneOf failed, subschemas %s, %s matched", a, b),
						  boolres));
				free(a);
				free(b);
				break;
			}
		}
		if (matched == -1) {
			struct jserr *g = new_err(loc, "oneOf", xstrdup("oneOf failed, none matched"), boolres);
			for (size_t k = 0; k < es.n; k++)
				add_cause(g, es.v[k]);
			es.n = 0;
			add(errs, g);
		}
		for (size_t k = 0; k < es.n; k++)
			jserr_free(es.v[k]);
		free(es.v);
	}
	if (vd->draft >= 7) {
		json_t *ifs = json_object_get(sch, "if");
		if (ifs) {
			int is_bool = json_is_boolean(ifs), b = json_is_true(ifs);
			struct jserr *e = validate(vd, ifs, v, loc, 1);
			if (!e) {
				json_t *th = json_object_get(sch, "then");
				if (th && (!is_bool || b))
					add(errs, validate(vd, th, v, loc, boolres));
			} else {
				json_t *el = json_object_get(sch, "else");
				if (el && (!is_bool || !b))
					add(errs, validate(vd, el, v, loc, boolres));
			}
			jserr_free(e);
		}
	}
}

static struct jserr *validate(struct vd *vd, json_t *s, json_t *v, struct strvec *loc, int boolres)
{
	if (json_is_boolean(s)) {
		if (json_is_true(s))
			return NULL;
		return new_err(loc, "false", xstrdup("false schema"), boolres);
	}
	if (!json_is_object(s))
		return NULL;
	const char *t = js_type(v);
	json_t *tv = json_object_get(s, "type");
	if (tv) {
		int set[7] = { 0 }, any = 0;
		static const char *const order[] = { "null", "boolean", "number", "integer", "string", "array", "object" };
		json_t *list = json_is_string(tv) ? NULL : tv;
		for (size_t k = 0; k < 7; k++) {
			if (json_is_string(tv) && !strcmp(json_string_value(tv), order[k]))
				set[k] = any = 1;
			if (json_is_array(list)) {
				size_t i;
				json_t *x;
				json_array_foreach(list, i, x) if (json_is_string(x) && !strcmp(json_string_value(x), order[k]))
					set[k] = any = 1;
			}
		}
		/* unknown type names still count as "wanted" in Go (set non-empty) */
		int want_any = any;
		if (!any && json_is_string(tv))
			want_any = 1;
		if (!any && json_is_array(list)) {
			size_t i;
			json_t *x;
			json_array_foreach(list, i, x) if (json_is_string(x)) want_any = 1;
		}
		if (want_any) {
			int matched = 0;
			for (size_t k = 0; k < 7; k++)
				if (set[k] && !strcmp(order[k], t))
					matched = 1;
			if (set[3] && !strcmp(t, "number") && is_integer_value(v))
				matched = 1;
			if (!matched) {
				struct strbuf m = STRBUF_INIT;
				strbuf_addf(&m, "got %s, want ", t);
				int first = 1;
				for (size_t k = 0; k < 7; k++)
					if (set[k]) {
						strbuf_addf(&m, "%s%s", first ? "" : " or ", order[k]);
						first = 0;
					}
				return new_err(loc, "type", strbuf_detach(&m, NULL), boolres);
			}
		}
	}
	if (vd->draft >= 6) {
		json_t *cv = json_object_get(s, "const");
		if (cv && !js_equal(v, cv)) {
			if (json_is_array(cv) || json_is_object(cv))
				return new_err(loc, "const", xstrdup("const failed"), boolres);
			char *d = js_display(cv);
			struct jserr *e = new_err(loc, "const", xasprintf("value must be %s", d), boolres);
			free(d);
			return e;
		}
	}
	json_t *ev = json_object_get(s, "enum");
	if (json_is_array(ev)) {
		int matched = 0, all_prim = 1;
		size_t i;
		json_t *item;
		json_array_foreach(ev, i, item) {
			if (js_equal(v, item))
				matched = 1;
			if (json_is_array(item) || json_is_object(item))
				all_prim = 0;
		}
		if (!matched) {
			struct strbuf m = STRBUF_INIT;
			if (!all_prim) {
				strbuf_addstr(&m, "enum failed");
			} else if (json_array_size(ev) == 1) {
				char *d = js_display(json_array_get(ev, 0));
				strbuf_addf(&m, "value must be %s", d);
				free(d);
			} else {
				strbuf_addstr(&m, "value must be one of ");
				json_array_foreach(ev, i, item) {
					char *d = js_display(item);
					strbuf_addf(&m, "%s%s", i ? ", " : "", d);
					free(d);
				}
			}
			return new_err(loc, "enum", strbuf_detach(&m, NULL), boolres);
		}
	}
	struct errlist errs = { 0 };
	json_t *ref = json_object_get(s, "$ref");
	if (json_is_string(ref)) {
		json_t *target = resolve_ref(vd, json_string_value(ref));
		struct jserr *rerr = NULL;
		if (target) {
			struct jserr *e = validate(vd, target, v, loc, boolres);
			if (e) {
				rerr = new_err(loc, "ref", xstrdup("validation failed"), boolres);
				adopt(rerr, e);
			}
		}
		if (vd->draft < 2019)
			return rerr;
		add(&errs, rerr);
	}
	if (json_is_object(v))
		obj_validate(vd, s, v, loc, boolres, &errs);
	else if (json_is_array(v))
		arr_validate(vd, s, v, loc, boolres, &errs);
	else if (json_is_string(v))
		str_validate(vd, s, json_string_value(v), loc, boolres, &errs);
	else if (json_is_number(v))
		num_validate(vd, s, v, loc, boolres, &errs);
	if (errs.n == 0 || !boolres)
		cond_validate(vd, s, v, loc, boolres, &errs);
	struct jserr *ret = NULL;
	if (errs.n == 1) {
		ret = errs.v[0];
	} else if (errs.n > 1) {
		ret = new_err(loc, "group", xstrdup("validation failed"), boolres);
		for (size_t i = 0; i < errs.n; i++)
			add_cause(ret, errs.v[i]);
	}
	free(errs.v);
	return ret;
}

static void json_ptr(struct strbuf *sb, const struct strvec *loc)
{
	for (size_t i = 0; i < loc->nr; i++) {
		strbuf_addch(sb, '/');
		for (const char *p = loc->v[i]; *p; p++) {
			if (*p == '~')
				strbuf_addstr(sb, "~0");
			else if (*p == '/')
				strbuf_addstr(sb, "~1");
			else
				strbuf_addch(sb, *p);
		}
	}
}

static void display(const struct jserr *e, struct strbuf *sb, int indent)
{
	int skip = e->ncauses == 1 && !strcmp(e->kind, "ref");
	if (!skip) {
		if (indent > 0) {
			strbuf_addch(sb, '\n');
			for (int i = 0; i < indent - 1; i++)
				strbuf_addstr(sb, "  ");
			strbuf_addstr(sb, "- ");
		}
		indent++;
		if (e->is_schema) {
			strbuf_addstr(sb, e->msg);
		} else {
			struct strbuf p = STRBUF_INIT;
			json_ptr(&p, &e->loc);
			char *q = js_quote(p.buf);
			strbuf_addf(sb, "at %s: %s", q, e->msg ? e->msg : "");
			free(q);
			strbuf_release(&p);
		}
	}
	for (size_t i = 0; i < e->ncauses; i++)
		display(e->causes[i], sb, indent);
}

/* 0 valid, -1 with the message (Helm's text + "\n") in out */
static int validate_single(json_t *values, const char *schema, size_t len, struct strbuf *out)
{
	/* json.Decoder.Decode: the first JSON value; Go's error words */
	json_error_t je;
	size_t i = 0;
	while (i < len && (schema[i] == ' ' || schema[i] == '\t' || schema[i] == '\n' || schema[i] == '\r'))
		i++;
	if (i == len) {
		strbuf_addstr(out, "EOF");
		return -1;
	}
	json_t *doc = json_loadb(schema, len, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK, &je);
	if (!doc) {
		struct kc_err e = KC_ERR_INIT;
		doc = json_parse(schema, len, &e);
		if (!doc) {
			if (!strcmp(e.msg.buf, "unexpected end of JSON input"))
				strbuf_addstr(out, "unexpected EOF");
			else
				strbuf_addstr(out, e.msg.buf);
			kc_err_release(&e);
			return -1;
		}
		kc_err_release(&e);
	}
	struct vd vd = { doc, 2020 };
	json_t *sv = json_object_get(doc, "$schema");
	if (json_is_string(sv)) {
		const char *s = json_string_value(sv);
		if (strstr(s, "draft-04"))
			vd.draft = 4;
		else if (strstr(s, "draft-06"))
			vd.draft = 6;
		else if (strstr(s, "draft-07"))
			vd.draft = 7;
		else if (strstr(s, "2019-09"))
			vd.draft = 2019;
	}
	struct strvec loc = STRVEC_INIT;
	struct jserr *e = validate(&vd, doc, values, &loc, 0);
	strvec_clear(&loc);
	if (!e) {
		json_decref(doc);
		return 0;
	}
	struct jserr top = { "schema", STRVEC_INIT, (char *)"jsonschema validation failed with 'file:///values.schema.json#'",
			     NULL, 0, 1 };
	if (!strcmp(e->kind, "group")) {
		top.causes = e->causes;
		top.ncauses = e->ncauses;
	} else {
		top.causes = &e;
		top.ncauses = 1;
	}
	struct strbuf sb = STRBUF_INIT;
	display(&top, &sb, 0);
	const char *hdr = "jsonschema validation failed with 'file:///values.schema.json#'\n";
	const char *s = sb.buf;
	if (starts_with(s, hdr))
		s += strlen(hdr);
	strbuf_addf(out, "%s\n", s);
	strbuf_release(&sb);
	jserr_free(e);
	json_decref(doc);
	return -1;
}

static int validate_chart(const struct chart *c, json_t *values, struct strbuf *report)
{
	size_t start = report->len;
	if (c->schema) {
		struct strbuf msg = STRBUF_INIT;
		if (validate_single(values, c->schema, c->schema_len, &msg) < 0)
			strbuf_addf(report, "%s:\n%s", c->meta->name, msg.buf);
		strbuf_release(&msg);
	}
	for (size_t i = 0; i < c->ndeps; i++) {
		const struct chart *sc = c->deps[i];
		json_t *raw = json_object_get(values, sc->meta->name);
		if (!raw || json_is_null(raw))
			continue;
		if (!json_is_object(raw)) {
			strbuf_addf(report, "%s:\ninvalid type for values: expected object (map), got %s\n",
				    sc->meta->name, chart_go_type(raw));
			continue;
		}
		validate_chart(sc, raw, report);
	}
	return report->len > start ? -1 : 0;
}

int chart_validate_schemas(const struct chart *c, json_t *values, struct strbuf *report)
{
	return validate_chart(c, values, report);
}
