/* sprig_lists.c: Sprig's list, dict, defaults and reflect functions (list.go,
 * dict.go, defaults.go, reflect.go), with their panics' texts as errors. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig.h"
#include "template/sprig/sprig_impl.h"

/* Go grows slices until memory runs out; kc refuses lists over this size. */
#define UNTIL_MAX 1048576LL

#define NILDEREF "runtime error: invalid memory address or nil pointer dereference"

/* reflect.TypeOf(x).Kind() switch of sprig's list functions: 0 if x is a list,
 * else sets Go's error (nil panics, other kinds "FMT" with the kind). */
static int need_list(const struct tv *v, const char *fmt, struct kc_err *err)
{
	if (tv_is_nil(v))
		return kc_err_set(err, NILDEREF);
	if (sprig_is_list(v))
		return 0;
	return kc_err_set(err, fmt, sprig_kind(v));
}

static size_t llen(const struct tv *v)
{
	return v->kind == TV_BYTES ? v->u.str.len : v->u.list.len;
}

/* Element i as an interface{} (new reference). */
static struct tv *lget(const struct tv *v, size_t i)
{
	if (v->kind == TV_BYTES)
		return tv_uint_typed((unsigned char)v->u.str.s[i], &tv_type_uint8);
	return tv_incref(v->u.list.items[i]);
}

static struct tv *ilist(void)
{
	return tv_list_new(NULL);
}

SF(sf_list)
{
	struct tv *l = ilist();
	for (int i = 0; i < argc; i++)
		tv_list_append(l, argv[i]);
	return l;
}

static struct tv *copy_items(const struct tv *v, size_t from, size_t to)
{
	struct tv *l = ilist();
	for (size_t i = from; i < to; i++)
		tv_list_append_take(l, lget(v, i));
	return l;
}

SF(sf_push)
{
	if (need_list(argv[0], "Cannot push on type %s", err))
		return NULL;
	struct tv *l = copy_items(argv[0], 0, llen(argv[0]));
	tv_list_append(l, argv[1]);
	return l;
}

SF(sf_prepend)
{
	if (need_list(argv[0], "Cannot prepend on type %s", err))
		return NULL;
	struct tv *l = ilist();
	tv_list_append(l, argv[1]);
	for (size_t i = 0; i < llen(argv[0]); i++)
		tv_list_append_take(l, lget(argv[0], i));
	return l;
}

static const struct tv_type listlist_type = {
	.name = "[][]interface {}", .kind = TV_LIST, .kind_name = "slice", .elem = &tv_type_list,
};

SF(sf_chunk) /* (size int, list interface{}) */
{
	if (need_list(argv[1], "Cannot chunk type %s", err))
		return NULL;
	long long size = ARG_I(0);
	long long l = (long long)llen(argv[1]);
	/* sprig's float arithmetic, with Go's float→int conversion */
	long long cs = go_f2i(floor((double)(l - 1) / (double)size) + 1);
	if (cs < 0 || cs > UNTIL_MAX) {
		kc_err_set(err, "runtime error: makeslice: len out of range");
		return NULL;
	}
	struct tv *out = tv_list_new(&listlist_type);
	for (long long i = 0; i < cs; i++) {
		long long clen = size;
		if (i == cs - 1) {
			clen = go_f2i(floor(fmod((double)l, (double)size)));
			if (clen == 0)
				clen = size;
		}
		if (clen < 0) {
			tv_decref(out);
			kc_err_set(err, "runtime error: makeslice: len out of range");
			return NULL;
		}
		long long from = i * size;
		if (from < 0 || from + clen > l) {
			tv_decref(out);
			kc_err_set(err, "reflect: slice index out of range");
			return NULL;
		}
		tv_list_append_take(out, copy_items(argv[1], (size_t)from, (size_t)(from + clen)));
	}
	return out;
}

SF(sf_last)
{
	if (need_list(argv[0], "Cannot find last on type %s", err))
		return NULL;
	size_t n = llen(argv[0]);
	return n ? lget(argv[0], n - 1) : tv_nil();
}

SF(sf_first)
{
	if (need_list(argv[0], "Cannot find first on type %s", err))
		return NULL;
	return llen(argv[0]) ? lget(argv[0], 0) : tv_nil();
}

SF(sf_rest)
{
	if (need_list(argv[0], "Cannot find rest on type %s", err))
		return NULL;
	size_t n = llen(argv[0]);
	return n ? copy_items(argv[0], 1, n) : ilist();
}

SF(sf_initial)
{
	if (need_list(argv[0], "Cannot find initial on type %s", err))
		return NULL;
	size_t n = llen(argv[0]);
	return n ? copy_items(argv[0], 0, n - 1) : ilist();
}

SF(sf_reverse)
{
	if (need_list(argv[0], "Cannot find reverse on type %s", err))
		return NULL;
	struct tv *l = ilist();
	for (size_t i = llen(argv[0]); i-- > 0;)
		tv_list_append_take(l, lget(argv[0], i));
	return l;
}

SF(sf_compact)
{
	if (need_list(argv[0], "Cannot compact on type %s", err))
		return NULL;
	struct tv *l = ilist();
	for (size_t i = 0; i < llen(argv[0]); i++) {
		struct tv *e = lget(argv[0], i);
		if (!sprig_empty(e))
			tv_list_append(l, e);
		tv_decref(e);
	}
	return l;
}

static int in_list(const struct tv *hay, const struct tv *needle)
{
	for (size_t i = 0; i < hay->u.list.len; i++)
		if (tv_deep_equal(needle, hay->u.list.items[i]))
			return 1;
	return 0;
}

SF(sf_uniq)
{
	if (need_list(argv[0], "Cannot find uniq on type %s", err))
		return NULL;
	struct tv *l = ilist();
	for (size_t i = 0; i < llen(argv[0]); i++) {
		struct tv *e = lget(argv[0], i);
		if (!in_list(l, e))
			tv_list_append(l, e);
		tv_decref(e);
	}
	return l;
}

SF(sf_without) /* (list interface{}, omit ...interface{}) */
{
	if (need_list(argv[0], "Cannot find without on type %s", err))
		return NULL;
	struct tv *omit = ilist();
	for (int i = 1; i < argc; i++)
		tv_list_append(omit, argv[i]);
	struct tv *l = ilist();
	for (size_t i = 0; i < llen(argv[0]); i++) {
		struct tv *e = lget(argv[0], i);
		if (!in_list(omit, e))
			tv_list_append(l, e);
		tv_decref(e);
	}
	tv_decref(omit);
	return l;
}

SF(sf_has) /* (needle, haystack) */
{
	if (tv_is_nil(argv[1]))
		return tv_false();
	if (!sprig_is_list(argv[1])) {
		kc_err_set(err, "Cannot find has on type %s", sprig_kind(argv[1]));
		return NULL;
	}
	for (size_t i = 0; i < llen(argv[1]); i++) {
		struct tv *e = lget(argv[1], i);
		int eq = tv_deep_equal(argv[0], e);
		tv_decref(e);
		if (eq)
			return tv_true();
	}
	return tv_false();
}

/* cast.ToInt */
static long long to_int(const struct tv *v)
{
	return (long long)sprig_to_int64(v);
}

SF(sf_slice) /* (list interface{}, indices ...interface{}) */
{
	if (tv_is_nil(argv[0])) {
		kc_err_set(err, NILDEREF);
		return NULL;
	}
	if (!sprig_is_list(argv[0])) {
		kc_err_set(err, "list should be type of slice or array but %s", sprig_kind(argv[0]));
		return NULL;
	}
	long long l = (long long)llen(argv[0]);
	if (l == 0)
		return tv_nil();
	long long start = 0, end = l;
	if (argc > 1)
		start = to_int(argv[1]);
	if (argc > 2)
		end = to_int(argv[2]);
	/* reflect.Value.Slice checks against the capacity; our lists' cap is their len */
	if (start < 0 || end < start || end > l) {
		kc_err_set(err, "reflect.Value.Slice: slice index out of bounds");
		return NULL;
	}
	if (argv[0]->kind == TV_BYTES)
		return tv_bytes(argv[0]->u.str.s + start, (size_t)(end - start));
	struct tv *out = tv_list_new(argv[0]->type);
	for (long long i = start; i < end; i++)
		tv_list_append(out, argv[0]->u.list.items[i]);
	return out;
}

SF(sf_concat)
{
	struct tv *l = NULL;
	for (int a = 0; a < argc; a++) {
		if (tv_is_nil(argv[a])) {
			tv_decref(l);
			kc_err_set(err, NILDEREF);
			return NULL;
		}
		if (!sprig_is_list(argv[a])) {
			tv_decref(l);
			kc_err_set(err, "Cannot concat type %s as list", sprig_kind(argv[a]));
			return NULL;
		}
		if (!l && llen(argv[a]))
			l = ilist();
		for (size_t i = 0; i < llen(argv[a]); i++)
			tv_list_append_take(l, lget(argv[a], i));
	}
	/* a nil []interface{} when nothing was appended: prints [] all the same */
	return l ? l : ilist();
}

SF(sf_until)
{
	struct tv *out;
	long long c = ARG_I(0);
	extern struct tv *sprig_until_step(long long, long long, long long, struct kc_err *);
	out = sprig_until_step(0, c, c < 0 ? -1 : 1, err);
	return out;
}


struct tv *sprig_until_step(long long start, long long stop, long long step, struct kc_err *err)
{
	struct tv *v = tv_list_new(&tv_type_intlist);
	unsigned long long n = 0;
	if (stop < start) {
		if (step >= 0)
			return v;
		n = ((unsigned long long)start - (unsigned long long)stop + (unsigned long long)(-(step + 1))) /
		    (unsigned long long)(-step);
	} else {
		if (step <= 0)
			return v;
		n = ((unsigned long long)stop - (unsigned long long)start + (unsigned long long)(step - 1)) /
		    (unsigned long long)step;
	}
	if (n > UNTIL_MAX) {
		tv_decref(v);
		kc_err_set(err, "kc: list of %llu elements is too large (limit %lld)", n, UNTIL_MAX);
		return NULL;
	}
	long long x = start;
	for (unsigned long long i = 0; i < n; i++) {
		tv_list_append_take(v, tv_int(x));
		x = (long long)((unsigned long long)x + (unsigned long long)step);
	}
	return v;
}

SF(sf_untilstep)
{
	return sprig_until_step(ARG_I(0), ARG_I(1), ARG_I(2), err);
}

/* ---- dicts ---- */

static struct tv *imap(void)
{
	return tv_map_new(NULL);
}

SF(sf_dict)
{
	struct tv *m = imap();
	for (int i = 0; i < argc; i += 2) {
		struct strbuf k = STRBUF_INIT;
		sprig_strval(&k, argv[i]);
		if (i + 1 >= argc) {
			struct tv *e = tv_str("");
			tv_map_set_take(m, k.buf, e);
		} else {
			tv_map_set(m, k.buf, argv[i + 1]);
		}
		strbuf_release(&k);
	}
	return m;
}

SF(sf_get)
{
	struct tv *v = tv_map_get(argv[0], ARG_S(1));
	return v ? tv_incref(v) : tv_str("");
}

SF(sf_set)
{
	tv_map_set(argv[0], ARG_S(1), argv[2]);
	return tv_incref(argv[0]);
}

SF(sf_unset)
{
	tv_map_del(argv[0], ARG_S(1));
	return tv_incref(argv[0]);
}

SF(sf_haskey)
{
	return tv_bool(tv_map_get(argv[0], ARG_S(1)) != NULL);
}

SF(sf_pluck) /* (key string, d ...map) */
{
	struct tv *l = ilist();
	for (int i = 1; i < argc; i++) {
		struct tv *v = tv_map_get(argv[i], ARG_S(0));
		if (v)
			tv_list_append(l, v);
	}
	return l;
}

SF(sf_keys)
{
	struct tv *l = tv_list_new(&tv_type_strlist);
	for (int i = 0; i < argc; i++)
		for (size_t k = 0; k < argv[i]->u.map.len; k++)
			tv_list_append_take(l, tv_strn(argv[i]->u.map.ents[k].key,
						       argv[i]->u.map.ents[k].keylen));
	return l;
}

SF(sf_pick) /* (dict, keys ...string) */
{
	struct tv *m = imap();
	for (int i = 1; i < argc; i++) {
		struct tv *v = tv_map_get(argv[0], ARG_S(i));
		if (v)
			tv_map_set(m, ARG_S(i), v);
	}
	return m;
}

SF(sf_omit)
{
	struct tv *m = imap();
	for (size_t k = 0; k < argv[0]->u.map.len; k++) {
		const char *key = argv[0]->u.map.ents[k].key;
		int skip = 0;
		for (int i = 1; i < argc && !skip; i++)
			skip = !strcmp(key, ARG_S(i));
		if (!skip)
			tv_map_set(m, key, argv[0]->u.map.ents[k].val);
	}
	return m;
}

SF(sf_values)
{
	struct tv *l = ilist();
	for (size_t k = 0; k < argv[0]->u.map.len; k++)
		tv_list_append(l, argv[0]->u.map.ents[k].val);
	return l;
}

/* dario.cat/mergo 1.0.1 on map[string]interface{} (what Helm's sprig 3.3 links),
 * following helmref's transcription. */
static int mergo_empty(const struct tv *v)
{
	return sprig_empty(v);
}

static void mergo_map(struct tv *dst, const struct tv *src, int overwrite)
{
	for (size_t i = 0; i < src->u.map.len; i++) {
		const char *key = src->u.map.ents[i].key;
		struct tv *se = src->u.map.ents[i].val;
		struct tv *de = tv_map_get(dst, key);
		if (de)
			tv_incref(de);
		if (tv_is_nil(se)) {
			if (overwrite)
				tv_map_set_take(dst, key, tv_nil());
			tv_decref(de);
			continue;
		}
		if (se->kind == TV_MAP || se->kind == TV_STRUCT || se->kind == TV_OBJECT) {
			if (de && de->kind == TV_MAP && se->kind == TV_MAP)
				mergo_map(de, se, overwrite);
		} else if (se->kind == TV_LIST || se->kind == TV_BYTES) {
			struct tv *ds;
			if (overwrite || dst->u.map.len == 0)
				ds = tv_incref(se);
			else if (!de || tv_is_nil(de))
				ds = se->kind == TV_BYTES ? tv_bytes("", 0) : tv_list_new(se->type);
			else
				ds = tv_incref(de);
			tv_map_set_take(dst, key, ds);
		}
		if (de && !mergo_empty(de)) {
			if (se->kind == TV_LIST || se->kind == TV_BYTES) {
				tv_decref(de);
				continue;
			}
			if (se->kind == TV_MAP && de->kind == TV_MAP) {
				tv_decref(de);
				continue;
			}
		}
		if (overwrite || !de || mergo_empty(de))
			tv_map_set(dst, key, se);
		tv_decref(de);
	}
}

SF(sf_merge)
{
	for (int i = 1; i < argc; i++)
		mergo_map(argv[0], argv[i], 0);
	return tv_incref(argv[0]);
}

SF(sf_mergeoverwrite)
{
	for (int i = 1; i < argc; i++)
		mergo_map(argv[0], argv[i], 1);
	return tv_incref(argv[0]);
}

SF(sf_deepcopy)
{
	if (tv_is_nil(argv[0])) {
		kc_err_set(err, "reflect: call of reflect.Value.Type on zero Value");
		return NULL;
	}
	return tv_deep_copy(argv[0]);
}

static const char *go_type_for_assert(const struct tv *v)
{
	return tv_is_nil(v) ? "nil" : tv_type_name(v);
}

SF(sf_dig)
{
	if (argc < 3) {
		kc_err_set(err, "dig needs at least three arguments");
		return NULL;
	}
	struct tv *d = argv[argc - 1];
	if (tv_is_nil(d) || d->type != &tv_type_map) {
		kc_err_set(err, "interface conversion: interface {} is %s, not map[string]interface {}",
			   go_type_for_assert(d));
		return NULL;
	}
	for (int i = 0; i < argc - 2; i++)
		if (tv_is_nil(argv[i]) || argv[i]->kind != TV_STRING || argv[i]->type != &tv_type_string) {
			kc_err_set(err, "interface conversion: interface {} is %s, not string",
				   go_type_for_assert(argv[i]));
			return NULL;
		}
	for (int i = 0; i < argc - 2; i++) {
		struct tv *step = tv_map_get(d, ARG_S(i));
		if (!step)
			return tv_incref(argv[argc - 2]);
		if (i == argc - 3)
			return tv_incref(step);
		if (tv_is_nil(step) || step->type != &tv_type_map) {
			kc_err_set(err, "interface conversion: interface {} is %s, not map[string]interface {}",
				   go_type_for_assert(step));
			return NULL;
		}
		d = step;
	}
	return tv_nil();
}

/* ---- defaults ---- */

SF(sf_default) /* (d interface{}, given ...interface{}) */
{
	if (argc < 2 || sprig_empty(argv[1]))
		return tv_incref(argv[0]);
	return tv_incref(argv[1]);
}

SF(sf_empty)
{
	return tv_bool(sprig_empty(argv[0]));
}

SF(sf_coalesce)
{
	for (int i = 0; i < argc; i++)
		if (!sprig_empty(argv[i]))
			return tv_incref(argv[i]);
	return tv_nil();
}

SF(sf_all)
{
	for (int i = 0; i < argc; i++)
		if (sprig_empty(argv[i]))
			return tv_false();
	return tv_true();
}

SF(sf_any)
{
	for (int i = 0; i < argc; i++)
		if (!sprig_empty(argv[i]))
			return tv_true();
	return tv_false();
}

SF(sf_ternary)
{
	return tv_incref(argv[2]->u.b ? argv[0] : argv[1]);
}

SF(sf_tojson)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_err e2 = KC_ERR_INIT;
	sprig_json_encode(&sb, argv[0], 1, NULL, &e2);
	kc_err_release(&e2);
	return tv_str_buf(&sb);
}

SF(sf_musttojson)
{
	struct strbuf sb = STRBUF_INIT;
	if (sprig_json_encode(&sb, argv[0], 1, NULL, err)) {
		strbuf_release(&sb);
		return NULL;
	}
	return tv_str_buf(&sb);
}

SF(sf_toprettyjson)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_err e2 = KC_ERR_INIT;
	sprig_json_encode(&sb, argv[0], 1, "  ", &e2);
	kc_err_release(&e2);
	return tv_str_buf(&sb);
}

SF(sf_musttoprettyjson)
{
	struct strbuf sb = STRBUF_INIT;
	if (sprig_json_encode(&sb, argv[0], 1, "  ", err)) {
		strbuf_release(&sb);
		return NULL;
	}
	return tv_str_buf(&sb);
}

SF(sf_torawjson) /* toRawJson and mustToRawJson: errors reported (toRawJson panics) */
{
	struct strbuf sb = STRBUF_INIT;
	if (sprig_json_encode(&sb, argv[0], 0, NULL, err)) {
		strbuf_release(&sb);
		return NULL;
	}
	return tv_str_buf(&sb);
}

static struct tv *from_json(const char *s, size_t n, struct kc_err *err)
{
	return sprig_json_decode(s, n, err);
}

SF(sf_fromjson)
{
	struct kc_err e2 = KC_ERR_INIT;
	struct tv *v = from_json(ARG_S(0), ARG_SL(0), &e2);
	kc_err_release(&e2);
	return v ? v : tv_nil();
}

SF(sf_mustfromjson)
{
	return from_json(ARG_S(0), ARG_SL(0), err);
}

/* ---- reflect ---- */

SF(sf_typeof)
{
	return tv_str(tv_type_name(argv[0]));
}

SF(sf_typeis)
{
	return tv_bool(!strcmp(ARG_S(0), tv_type_name(argv[1])));
}

SF(sf_typeislike)
{
	const char *t = tv_type_name(argv[1]);
	return tv_bool(!strcmp(ARG_S(0), t) || (t[0] == '*' && !strcmp(ARG_S(0), t + 1)));
}

SF(sf_kindof)
{
	return tv_str(tv_kind_name(argv[0]));
}

SF(sf_kindis)
{
	return tv_bool(!strcmp(ARG_S(0), tv_kind_name(argv[1])));
}

SF(sf_deepequal)
{
	return tv_bool(tv_deep_equal(argv[0], argv[1]));
}
