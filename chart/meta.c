/* Chart.yaml / requirements.yaml decoding as sigs.k8s.io/yaml.Unmarshal into
 * chart.Metadata does it: YAML → JSON with keys sorted (json.Marshal of a map),
 * scalars coerced to strings where the Go field is a string, then
 * encoding/json's rules (case-insensitive keys, null leaves a field alone, first
 * type error reported). Also chart structure helpers. */
#include "chart/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart/internal.h"

#define JSONERR "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go struct field %s.%s of type %s"

void chart_format_float32(struct strbuf *out, double d)
{
	float f = (float)d;
	if (isnan(f)) {
		strbuf_addstr(out, "NaN");
		return;
	}
	if (isinf(f)) {
		strbuf_addstr(out, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (f == 0) {
		strbuf_addstr(out, signbit(f) ? "-0" : "0");
		return;
	}
	char buf[64];
	int p;
	for (p = 1; p <= 9; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, (double)f);
		if (strtof(buf, NULL) == f)
			break;
	}
	/* buf = [-]d[.ddd]e[+-]XX */
	char digits[16];
	int nd = 0, neg = buf[0] == '-';
	char *s = buf + neg, *e = strchr(buf, 'e');
	for (char *q = s; q < e; q++)
		if (*q != '.')
			digits[nd++] = *q;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	int exp = atoi(e + 1);
	if (neg)
		strbuf_addch(out, '-');
	if (exp < -4 || exp >= 6) {
		strbuf_addch(out, digits[0]);
		if (nd > 1) {
			strbuf_addch(out, '.');
			strbuf_add(out, digits + 1, (size_t)nd - 1);
		}
		strbuf_addf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	int dp = exp + 1; /* digits before the point */
	if (dp <= 0) {
		strbuf_addstr(out, "0.");
		strbuf_addchars(out, '0', (size_t)-dp);
		strbuf_add(out, digits, (size_t)nd);
	} else if (dp >= nd) {
		strbuf_add(out, digits, (size_t)nd);
		strbuf_addchars(out, '0', (size_t)(dp - nd));
	} else {
		strbuf_add(out, digits, (size_t)dp);
		strbuf_addch(out, '.');
		strbuf_add(out, digits + dp, (size_t)(nd - dp));
	}
}

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

/* Scalar coerced to a string as sigs.k8s.io/yaml does for string targets. */
static int d_string(json_t *v, char **dst, const char *st, const char *path, struct kc_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	switch (json_typeof(v)) {
	case JSON_NULL:
		return 0;
	case JSON_STRING:
		strbuf_add(&sb, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		chart_format_float32(&sb, json_real_value(v));
		break;
	case JSON_TRUE:
		strbuf_addstr(&sb, "true");
		break;
	case JSON_FALSE:
		strbuf_addstr(&sb, "false");
		break;
	default:
		return kc_err_set(err, JSONERR, json_kind(v), st, path, "string");
	}
	free(*dst);
	*dst = strbuf_detach(&sb, NULL);
	return 0;
}

static int d_strings(json_t *v, struct strvec *dst, const char *st, const char *path,
		     struct kc_err *err)
{
	if (json_is_null(v)) {
		strvec_clear(dst);
		return 0;
	}
	if (!json_is_array(v))
		return kc_err_set(err, JSONERR, json_kind(v), st, path, "[]string");
	strvec_clear(dst);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		char *s = xstrdup("");
		if (d_string(x, &s, st, path, err) < 0) {
			free(s);
			return -1;
		}
		strvec_push_nodup(dst, s);
	}
	return 0;
}

static int d_bool(json_t *v, int *dst, const char *st, const char *path, struct kc_err *err)
{
	if (json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return kc_err_set(err, JSONERR, json_kind(v), st, path, "bool");
	*dst = json_is_true(v);
	return 0;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keys of an object in byte order (json.Marshal of a map). Caller frees array. */
static const char **sorted_keys(json_t *o, size_t *n)
{
	*n = json_object_size(o);
	const char **k = xcalloc(*n + 1, sizeof(*k));
	size_t i = 0;
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) k[i++] = key;
	qsort(k, *n, sizeof(*k), cmpstr);
	return k;
}

/* Field lookup as encoding/json: exact name first, else case-insensitive. */
static int field_index(const char *key, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(key, names[i]))
			return (int)i;
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(key, names[i]))
			return (int)i;
	return -1;
}

void chart_dep_free(struct chart_dep *d)
{
	if (!d)
		return;
	free(d->name);
	free(d->version);
	free(d->repository);
	free(d->condition);
	free(d->alias);
	strvec_clear(&d->tags);
	json_decref(d->import_values);
	free(d);
}

struct chart_dep *chart_dep_new(void)
{
	struct chart_dep *d = xcalloc(1, sizeof(*d));
	d->name = xstrdup("");
	d->version = xstrdup("");
	d->repository = xstrdup("");
	d->condition = xstrdup("");
	d->alias = xstrdup("");
	strvec_init(&d->tags);
	return d;
}

static struct chart_dep *dep_dup(const struct chart_dep *s)
{
	if (!s)
		return NULL;
	struct chart_dep *d = xcalloc(1, sizeof(*d));
	d->name = xstrdup(s->name);
	d->version = xstrdup(s->version);
	d->repository = xstrdup(s->repository);
	d->condition = xstrdup(s->condition);
	d->alias = xstrdup(s->alias);
	strvec_init(&d->tags);
	for (size_t i = 0; i < s->tags.nr; i++)
		strvec_push(&d->tags, s->tags.v[i]);
	d->enabled = s->enabled;
	d->import_values = s->import_values ? json_deep_copy(s->import_values) : NULL;
	return d;
}

static const char *const dep_fields[] = { "name", "version", "repository", "condition",
					   "tags", "enabled", "import-values", "alias" };

static int d_dep(json_t *o, struct chart_dep *d, struct kc_err *err)
{
	size_t n;
	const char **keys = sorted_keys(o, &n);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *v = json_object_get(o, keys[i]);
		int f = field_index(keys[i], dep_fields, 8);
		switch (f) {
		case 0: rc = d_string(v, &d->name, "Dependency", "dependencies.name", err); break;
		case 1: rc = d_string(v, &d->version, "Dependency", "dependencies.version", err); break;
		case 2: rc = d_string(v, &d->repository, "Dependency", "dependencies.repository", err); break;
		case 3: rc = d_string(v, &d->condition, "Dependency", "dependencies.condition", err); break;
		case 4: rc = d_strings(v, &d->tags, "Dependency", "dependencies.tags", err); break;
		case 5: rc = d_bool(v, &d->enabled, "Dependency", "dependencies.enabled", err); break;
		case 6:
			if (json_is_null(v)) {
				json_decref(d->import_values);
				d->import_values = NULL;
			} else if (!json_is_array(v)) {
				rc = kc_err_set(err, JSONERR, json_kind(v), "Dependency",
						"dependencies.import-values", "[]interface {}");
			} else {
				json_decref(d->import_values);
				d->import_values = json_deep_copy(v);
			}
			break;
		case 7: rc = d_string(v, &d->alias, "Dependency", "dependencies.alias", err); break;
		default: break;
		}
	}
	free(keys);
	return rc;
}

struct chart_meta *chart_meta_new(void)
{
	struct chart_meta *m = xcalloc(1, sizeof(*m));
	char **s[] = { &m->name, &m->home, &m->version, &m->description, &m->icon, &m->api_version,
		       &m->condition, &m->tags, &m->app_version, &m->kube_version, &m->type };
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		*s[i] = xstrdup("");
	strvec_init(&m->sources);
	strvec_init(&m->keywords);
	return m;
}

static void maint_free(struct chart_maintainer *x)
{
	if (!x)
		return;
	free(x->name);
	free(x->email);
	free(x->url);
	free(x);
}

static void meta_clear_deps(struct chart_meta *m)
{
	for (size_t i = 0; i < m->ndeps; i++)
		chart_dep_free(m->deps[i]);
	free(m->deps);
	m->deps = NULL;
	m->ndeps = 0;
}

void chart_meta_free(struct chart_meta *m)
{
	if (!m)
		return;
	char *s[] = { m->name, m->home, m->version, m->description, m->icon, m->api_version,
		      m->condition, m->tags, m->app_version, m->kube_version, m->type };
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		free(s[i]);
	strvec_clear(&m->sources);
	strvec_clear(&m->keywords);
	for (size_t i = 0; i < m->nmaintainers; i++)
		maint_free(m->maintainers[i]);
	free(m->maintainers);
	json_decref(m->annotations);
	meta_clear_deps(m);
	free(m);
}

struct chart_meta *chart_meta_dup(const struct chart_meta *s)
{
	struct chart_meta *m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(s->name);
	m->home = xstrdup(s->home);
	m->version = xstrdup(s->version);
	m->description = xstrdup(s->description);
	m->icon = xstrdup(s->icon);
	m->api_version = xstrdup(s->api_version);
	m->condition = xstrdup(s->condition);
	m->tags = xstrdup(s->tags);
	m->app_version = xstrdup(s->app_version);
	m->kube_version = xstrdup(s->kube_version);
	m->type = xstrdup(s->type);
	strvec_init(&m->sources);
	strvec_init(&m->keywords);
	for (size_t i = 0; i < s->sources.nr; i++)
		strvec_push(&m->sources, s->sources.v[i]);
	for (size_t i = 0; i < s->keywords.nr; i++)
		strvec_push(&m->keywords, s->keywords.v[i]);
	m->nmaintainers = s->nmaintainers;
	m->maintainers = xcalloc(s->nmaintainers + 1, sizeof(*m->maintainers));
	for (size_t i = 0; i < s->nmaintainers; i++) {
		if (!s->maintainers[i])
			continue;
		struct chart_maintainer *x = xcalloc(1, sizeof(*x));
		x->name = xstrdup(s->maintainers[i]->name);
		x->email = xstrdup(s->maintainers[i]->email);
		x->url = xstrdup(s->maintainers[i]->url);
		m->maintainers[i] = x;
	}
	m->deprecated = s->deprecated;
	m->annotations = s->annotations ? json_deep_copy(s->annotations) : NULL;
	m->ndeps = s->ndeps;
	/* Go's copy keeps a nil Dependencies nil: dependency processing skips such charts */
	m->deps = s->deps ? xcalloc(s->ndeps + 1, sizeof(*m->deps)) : NULL;
	for (size_t i = 0; i < s->ndeps; i++)
		m->deps[i] = dep_dup(s->deps[i]);
	return m;
}

static const char *const meta_fields[] = {
	"name", "home", "sources", "version", "description", "keywords", "maintainers", "icon",
	"apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations",
	"kubeVersion", "dependencies", "type",
};

static int d_maintainers(json_t *v, struct chart_meta *m, struct kc_err *err)
{
	if (json_is_null(v)) {
		for (size_t i = 0; i < m->nmaintainers; i++)
			maint_free(m->maintainers[i]);
		m->nmaintainers = 0;
		return 0;
	}
	if (!json_is_array(v))
		return kc_err_set(err, JSONERR, json_kind(v), "Metadata", "maintainers",
				  "[]*chart.Maintainer");
	for (size_t i = 0; i < m->nmaintainers; i++)
		maint_free(m->maintainers[i]);
	free(m->maintainers);
	m->nmaintainers = json_array_size(v);
	m->maintainers = xcalloc(m->nmaintainers + 1, sizeof(*m->maintainers));
	static const char *const mf[] = { "name", "email", "url" };
	for (size_t i = 0; i < m->nmaintainers; i++) {
		json_t *x = json_array_get(v, i);
		if (json_is_null(x))
			continue;
		if (!json_is_object(x))
			return kc_err_set(err, JSONERR, json_kind(x), "Metadata", "maintainers",
					  "chart.Maintainer");
		struct chart_maintainer *mt = xcalloc(1, sizeof(*mt));
		mt->name = xstrdup("");
		mt->email = xstrdup("");
		mt->url = xstrdup("");
		m->maintainers[i] = mt;
		size_t n;
		const char **keys = sorted_keys(x, &n);
		int rc = 0;
		for (size_t k = 0; k < n && rc == 0; k++) {
			json_t *fv = json_object_get(x, keys[k]);
			switch (field_index(keys[k], mf, 3)) {
			case 0: rc = d_string(fv, &mt->name, "Maintainer", "maintainers.name", err); break;
			case 1: rc = d_string(fv, &mt->email, "Maintainer", "maintainers.email", err); break;
			case 2: rc = d_string(fv, &mt->url, "Maintainer", "maintainers.url", err); break;
			default: break;
			}
		}
		free(keys);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int d_deps(json_t *v, struct chart_meta *m, struct kc_err *err)
{
	if (json_is_null(v)) {
		meta_clear_deps(m);
		return 0;
	}
	if (!json_is_array(v))
		return kc_err_set(err, JSONERR, json_kind(v), "Metadata", "dependencies",
				  "[]*chart.Dependency");
	meta_clear_deps(m);
	m->ndeps = json_array_size(v);
	m->deps = xcalloc(m->ndeps + 1, sizeof(*m->deps));
	for (size_t i = 0; i < m->ndeps; i++) {
		json_t *x = json_array_get(v, i);
		if (json_is_null(x))
			continue;
		if (!json_is_object(x))
			return kc_err_set(err, JSONERR, json_kind(x), "Metadata", "dependencies",
					  "chart.Dependency");
		m->deps[i] = chart_dep_new();
		if (d_dep(x, m->deps[i], err) < 0)
			return -1;
	}
	return 0;
}

int chart_meta_decode(json_t *doc, struct chart_meta *m, struct kc_err *err)
{
	if (json_is_null(doc))
		return 0;
	if (!json_is_object(doc))
		return kc_err_set(err,
				  "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type chart.Metadata",
				  json_kind(doc));
	size_t n;
	const char **keys = sorted_keys(doc, &n);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *v = json_object_get(doc, keys[i]);
		switch (field_index(keys[i], meta_fields, 17)) {
		case 0: rc = d_string(v, &m->name, "Metadata", "name", err); break;
		case 1: rc = d_string(v, &m->home, "Metadata", "home", err); break;
		case 2: rc = d_strings(v, &m->sources, "Metadata", "sources", err); break;
		case 3: rc = d_string(v, &m->version, "Metadata", "version", err); break;
		case 4: rc = d_string(v, &m->description, "Metadata", "description", err); break;
		case 5: rc = d_strings(v, &m->keywords, "Metadata", "keywords", err); break;
		case 6: rc = d_maintainers(v, m, err); break;
		case 7: rc = d_string(v, &m->icon, "Metadata", "icon", err); break;
		case 8: rc = d_string(v, &m->api_version, "Metadata", "apiVersion", err); break;
		case 9: rc = d_string(v, &m->condition, "Metadata", "condition", err); break;
		case 10: rc = d_string(v, &m->tags, "Metadata", "tags", err); break;
		case 11: rc = d_string(v, &m->app_version, "Metadata", "appVersion", err); break;
		case 12: rc = d_bool(v, &m->deprecated, "Metadata", "deprecated", err); break;
		case 13:
			if (json_is_null(v)) {
				json_decref(m->annotations);
				m->annotations = NULL;
				break;
			}
			if (!json_is_object(v)) {
				rc = kc_err_set(err, JSONERR, json_kind(v), "Metadata", "annotations",
						"map[string]string");
				break;
			}
			if (!m->annotations)
				m->annotations = json_object();
			{
				const char *ak;
				json_t *av;
				json_object_foreach(v, ak, av) {
					char *s = xstrdup("");
					if (d_string(av, &s, "Metadata", "annotations", err) < 0) {
						free(s);
						rc = -1;
						break;
					}
					if (json_is_null(av))
						json_object_set_new(m->annotations, ak, json_string(""));
					else
						json_object_set_new(m->annotations, ak, json_string(s));
					free(s);
				}
			}
			break;
		case 14: rc = d_string(v, &m->kube_version, "Metadata", "kubeVersion", err); break;
		case 15: rc = d_deps(v, m, err); break;
		case 16: rc = d_string(v, &m->type, "Metadata", "type", err); break;
		default: break;
		}
	}
	free(keys);
	return rc;
}
