/* store.c: every object, the resourceVersion counter, the watch event ring and
 * --state persistence. All callers hold g_lock. */
#include <math.h>
#include <stdint.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "tests/mockapi/mock.h"
#include "util/file.h"

pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
uint64_t g_rv = 1000;

/* The objects, unordered (removal moves the last one into the hole), with their
 * keys cached and an open-addressing index on (type, namespace, name). */
struct sobj {
	const struct rtype *rt;
	json_t *o;
	char *ns, *name; /* copies of metadata.namespace ("" if none) and .name */
	char *text;      /* compact JSON, cached for LISTs until the object is replaced */
	size_t tlen;
};
static struct sobj *objs;
static size_t nobjs, aobjs;
static size_t *slots; /* index + 1; 0 empty; SIZE_MAX deleted */
static size_t nslots, nused;

#define NEV 4096
static struct wevent events[NEV];
static size_t ev_head, ev_count; /* ring */

void store_init(void)
{
}

static void free_index(void)
{
	free(slots);
	slots = NULL;
	nslots = nused = 0;
}

void store_free(void)
{
	for (size_t i = 0; i < nobjs; i++) {
		json_decref(objs[i].o);
		free(objs[i].ns);
		free(objs[i].name);
		free(objs[i].text);
	}
	free(objs);
	objs = NULL;
	nobjs = aobjs = 0;
	free_index();
	for (size_t i = 0; i < ev_count; i++)
		json_decref(events[(ev_head + i) % NEV].o);
	ev_count = 0;
}

uint64_t store_next_rv(void)
{
	return ++g_rv;
}

static size_t key_hash(const struct rtype *rt, const char *ns, const char *name)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)rt;
	h *= 1099511628211ull;
	for (const char *p = ns; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ '/') * 1099511628211ull;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static const char *ns_key(const struct rtype *rt, const char *ns)
{
	return rt->namespaced && ns ? ns : "";
}

static int key_eq(const struct sobj *x, const struct rtype *rt, const char *ns, const char *name)
{
	return x->rt == rt && !strcmp(x->name, name) && !strcmp(x->ns, ns);
}

/* The slot holding (rt, ns, name), or the first free one for it when absent. */
static size_t *find_slot(const struct rtype *rt, const char *ns, const char *name, int *found)
{
	size_t mask = nslots - 1, i = key_hash(rt, ns, name) & mask, *tomb = NULL;
	for (;;) {
		size_t v = slots[i];
		if (!v) {
			*found = 0;
			return tomb ? tomb : &slots[i];
		}
		if (v == SIZE_MAX) {
			if (!tomb)
				tomb = &slots[i];
		} else if (key_eq(&objs[v - 1], rt, ns, name)) {
			*found = 1;
			return &slots[i];
		}
		i = (i + 1) & mask;
	}
}

static void rebuild_index(size_t want)
{
	free(slots);
	nslots = 64;
	while (nslots < want * 2)
		nslots *= 2;
	slots = xcalloc(nslots, sizeof(*slots));
	nused = 0;
	for (size_t k = 0; k < nobjs; k++) {
		int f;
		*find_slot(objs[k].rt, objs[k].ns, objs[k].name, &f) = k + 1;
		nused++;
	}
}

static ssize_t find_obj(const struct rtype *rt, const char *ns, const char *name)
{
	if (!nslots || !name)
		return -1;
	int f;
	size_t *sl = find_slot(rt, ns_key(rt, ns), name, &f);
	return f ? (ssize_t)(*sl - 1) : -1;
}

static void add_obj(const struct rtype *rt, json_t *o)
{
	if (nobjs == aobjs) {
		aobjs = aobjs ? aobjs * 2 : 64;
		objs = xrealloc(objs, aobjs * sizeof(*objs));
	}
	struct sobj *x = &objs[nobjs];
	x->rt = rt;
	x->o = o;
	x->ns = xstrdup(ns_key(rt, jstr(o, "metadata.namespace")));
	x->name = xstrdup(S(jstr(o, "metadata.name")));
	/* serialised now, so that a LIST only concatenates */
	x->text = json_dumps(o, JSON_COMPACT);
	x->tlen = x->text ? strlen(x->text) : 0;
	nobjs++;
	if ((nused + 1) * 2 > nslots)
		rebuild_index(nobjs);
	else {
		int f;
		size_t *sl = find_slot(rt, x->ns, x->name, &f);
		if (!*sl)
			nused++;
		*sl = nobjs;
	}
}

json_t *store_get(const struct rtype *rt, const char *ns, const char *name)
{
	ssize_t i = find_obj(rt, ns, name);
	return i < 0 ? NULL : objs[i].o;
}

static int cmp_obj(const void *a, const void *b)
{
	const struct sobj *x = *(const struct sobj *const *)a, *y = *(const struct sobj *const *)b;
	int c = strcmp(x->ns, y->ns);
	return c ? c : strcmp(x->name, y->name);
}

size_t store_list(const struct rtype *rt, const char *ns, json_t ***out)
{
	struct sobj **v = xcalloc(nobjs + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < nobjs; i++) {
		if (objs[i].rt != rt)
			continue;
		if (ns && rt->namespaced && strcmp(objs[i].ns, ns))
			continue;
		v[n++] = &objs[i];
	}
	qsort(v, n, sizeof(*v), cmp_obj);
	json_t **r = (json_t **)v; /* same size, reused in place */
	for (size_t i = 0; i < n; i++)
		r[i] = v[i]->o;
	*out = r;
	return n;
}

const char *store_json_text(const struct rtype *rt, const json_t *o, size_t *len)
{
	ssize_t i = find_obj(rt, jstr(o, "metadata.namespace"), S(jstr(o, "metadata.name")));
	if (i < 0 || objs[i].o != o)
		return NULL;
	if (!objs[i].text) {
		objs[i].text = json_dumps(o, JSON_COMPACT);
		objs[i].tlen = objs[i].text ? strlen(objs[i].text) : 0;
	}
	*len = objs[i].tlen;
	return objs[i].text;
}

static void record(const struct rtype *rt, const char *type, json_t *o)
{
	if (ev_count == NEV) {
		json_decref(events[ev_head].o);
		ev_head = (ev_head + 1) % NEV;
		ev_count--;
	}
	struct wevent *e = &events[(ev_head + ev_count) % NEV];
	e->rv = g_rv;
	e->rt = rt;
	e->type = type;
	e->o = json_deep_copy(o);
	ev_count++;
	pthread_cond_broadcast(&g_cond);
}

void store_put(const struct rtype *rt, json_t *o, int created)
{
	uint64_t rv = store_next_rv();
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)rv);
	jset_str(jensure(o, "metadata"), "resourceVersion", buf);
	const char *ns = jstr(o, "metadata.namespace");
	const char *name = jstr(o, "metadata.name");
	ssize_t i = find_obj(rt, ns, S(name));
	if (i >= 0) {
		json_decref(objs[i].o);
		objs[i].o = o;
		free(objs[i].text);
		objs[i].text = json_dumps(o, JSON_COMPACT);
		objs[i].tlen = objs[i].text ? strlen(objs[i].text) : 0;
		record(rt, "MODIFIED", o);
		return;
	}
	(void)created;
	add_obj(rt, o);
	record(rt, "ADDED", o);
}

void store_remove(const struct rtype *rt, const char *ns, const char *name)
{
	ssize_t i = find_obj(rt, ns, name);
	if (i < 0)
		return;
	int f;
	*find_slot(rt, objs[i].ns, objs[i].name, &f) = SIZE_MAX;
	json_t *o = objs[i].o;
	free(objs[i].ns);
	free(objs[i].name);
	free(objs[i].text);
	if ((size_t)i != nobjs - 1) {
		/* the last object takes the hole */
		objs[i] = objs[nobjs - 1];
		*find_slot(objs[i].rt, objs[i].ns, objs[i].name, &f) = (size_t)i + 1;
	}
	nobjs--;
	uint64_t rv = store_next_rv();
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)rv);
	jset_str(jensure(o, "metadata"), "resourceVersion", buf);
	record(rt, "DELETED", o);
	json_decref(o);
}

size_t store_events_since(uint64_t rv, size_t *first)
{
	size_t i;
	for (i = 0; i < ev_count; i++)
		if (events[(ev_head + i) % NEV].rv > rv)
			break;
	*first = i;
	return ev_count - i;
}

struct wevent *store_event(size_t i)
{
	return &events[(ev_head + i) % NEV];
}

/* ---- persistence ---- */

int store_save(const char *path)
{
	json_t *root = json_object();
	json_t *items = json_array();
	for (size_t i = 0; i < nobjs; i++) {
		char *av = rt_apiversion(objs[i].rt);
		json_array_append_new(items, json_pack("{s:s,s:s,s:O}", "apiVersion", av,
			"resource", objs[i].rt->resource, "object", objs[i].o));
		free(av);
	}
	json_object_set_new(root, "resourceVersion", json_integer((json_int_t)g_rv));
	json_object_set_new(root, "items", items);
	int rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(root);
	return rc;
}

int store_load(const char *path)
{
	if (!file_exists(path))
		return 0;
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	if (!root) {
		fprintf(stderr, "kc-mockapi: %s:%d: %s\n", path, jerr.line, jerr.text);
		return -1;
	}
	g_rv = (uint64_t)jint(root, "resourceVersion", 1000);
	size_t i;
	json_t *it;
	/* CRDs first, so their custom resources have types to load into */
	json_array_foreach(json_object_get(root, "items"), i, it)
		if (jstr(it, "resource") && !strcmp(S(jstr(it, "resource")), "customresourcedefinitions"))
			rt_register_crd(json_object_get(it, "object"));
	json_array_foreach(json_object_get(root, "items"), i, it) {
		const char *av = jstr(it, "apiVersion");
		const char *res = jstr(it, "resource");
		if (!av || !res)
			continue;
		char *g = xstrdup(av);
		char *slash = strchr(g, '/');
		const struct rtype *rt;
		if (slash) {
			*slash = 0;
			rt = rt_find(g, slash + 1, res);
		} else {
			rt = rt_find("", g, res);
		}
		free(g);
		json_t *o = json_object_get(it, "object");
		if (!rt || !o)
			continue;
		if (find_obj(rt, jstr(o, "metadata.namespace"), S(jstr(o, "metadata.name"))) < 0)
			add_obj(rt, json_incref(o));
	}
	json_decref(root);
	return 0;
}

/* ---- helpers ---- */

double g_frozen_time;
double g_clock_offset; /* seconds added to the wall clock by POST /mock/advance */

double real_seconds(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

double now_seconds(void)
{
	if (g_frozen_time > 0)
		return g_frozen_time;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6 + g_clock_offset;
}

char *rfc3339_at(double t)
{
	time_t s = (time_t)t;
	struct tm tm;
	gmtime_r(&s, &tm);
	char buf[40];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

char *now_rfc3339(void)
{
	return rfc3339_at(now_seconds());
}

double parse_rfc3339(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!e)
		return -1;
	double frac = 0;
	if (*e == '.') {
		char *end;
		frac = strtod(e, &end);
		e = end;
	}
	time_t t = timegm(&tm);
	if (*e == 'Z')
		return (double)t + frac;
	if (*e == '+' || *e == '-') {
		int hh = 0, mm = 0;
		if (sscanf(e + 1, "%d:%d", &hh, &mm) < 1)
			return -1;
		int off = (hh * 3600 + mm * 60) * (*e == '+' ? 1 : -1);
		return (double)t - off + frac;
	}
	return -1;
}

/* Two deterministic streams: uids, and name suffixes (so adding bootstrap
 * objects does not rename every pod in the tests' goldens). */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull, rng_names = 0xD1B54A32D192ED03ull;
static uint64_t xorshift(uint64_t *st)
{
	uint64_t x = *st;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*st = x;
	return x;
}
static uint64_t rng(void)
{
	return xorshift(&rng_state);
}

char *new_uid(void)
{
	uint64_t a = rng(), b = rng();
	return xasprintf("%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
		(unsigned)((a >> 16) & 0xffff), (unsigned)(a & 0xfff),
		(unsigned)(0x8000 | ((b >> 48) & 0x3fff)), (unsigned long long)(b & 0xffffffffffffull));
}

char *rand_suffix(size_t n)
{
	static const char al[] = "bcdfghjklmnpqrstvwxz2456789";
	char *s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = al[xorshift(&rng_names) % (sizeof(al) - 1)];
	s[n] = 0;
	return s;
}

json_t *jget(const json_t *o, const char *path)
{
	char key[256];
	const json_t *cur = o;
	while (cur && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = 0;
		if (!json_is_object(cur))
			return NULL;
		cur = json_object_get(cur, key);
		path += n + (dot ? 1 : 0);
		if (!dot)
			break;
	}
	return (json_t *)cur;
}

const char *jstr(const json_t *o, const char *path)
{
	return json_string_value(jget(o, path));
}

long long jint(const json_t *o, const char *path, long long def)
{
	json_t *v = jget(o, path);
	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_real(v))
		return (long long)json_real_value(v);
	return def;
}

json_t *jensure(json_t *o, const char *path)
{
	char key[256];
	json_t *cur = o;
	if (!json_is_object(o))
		abort(); /* callers pass objects; anything else is a bug to catch early */
	while (*path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			n = sizeof(key) - 1;
		memcpy(key, path, n);
		key[n] = 0;
		json_t *next = json_object_get(cur, key);
		if (!json_is_object(next)) {
			next = json_object();
			json_object_set_new(cur, key, next);
		}
		cur = next;
		path += n + (dot ? 1 : 0);
		if (!dot)
			break;
	}
	return cur;
}

void jset_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, json_string(v ? v : ""));
}
