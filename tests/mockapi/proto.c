/* proto.c: decode Kubernetes protobuf bodies into the JSON the store keeps.
 * Zero scalars are dropped (Go's omitempty) except for pointer fields, whose
 * presence on the wire is meaningful. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"
#include "tests/mockapi/proto.h"
#include "util/base64.h"

static const char *pointer_fields[] = { "replicas", "revisionHistoryLimit",
	"progressDeadlineSeconds", "terminationGracePeriodSeconds", "activeDeadlineSeconds",
	"backoffLimit", "completions", "parallelism", "ttlSecondsAfterFinished",
	"automountServiceAccountToken", "enableServiceLinks", "suspend",
	"successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds",
	"defaultMode", "optional", "runAsUser", "runAsGroup", "runAsNonRoot", "privileged",
	"allowPrivilegeEscalation", "readOnlyRootFilesystem", "tolerationSeconds", "priority",
	"shareProcessNamespace", "hostUsers", "immutable", "expirationSeconds", "fsGroup",
	"partition", "allowed", "manualSelector", "backoffLimitPerIndex", "maxFailedIndexes",
	"publishNotReadyAddresses", "allocateLoadBalancerNodePorts", "healthCheckNodePort",
	"mode", NULL };

static int is_pointer(const char *n)
{
	for (int i = 0; pointer_fields[i]; i++)
		if (!strcmp(pointer_fields[i], n))
			return 1;
	return 0;
}

static const struct pfield *find_field(const char *msg, int num)
{
	/* the table is sorted by message then number: binary search on msg */
	size_t lo = 0, hi = g_npfields;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g_pfields[mid].msg, msg);
		if (c < 0 || (c == 0 && g_pfields[mid].num < num))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g_npfields && !strcmp(g_pfields[lo].msg, msg) && g_pfields[lo].num == num)
		return &g_pfields[lo];
	return NULL;
}

static int msg_known(const char *msg)
{
	size_t lo = 0, hi = g_npfields;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(g_pfields[mid].msg, msg) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g_npfields && !strcmp(g_pfields[lo].msg, msg);
}

struct rd {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t varint(struct rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		unsigned char b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

static int skip(struct rd *r, int wt)
{
	switch (wt) {
	case 0: varint(r); break;
	case 1: r->p += 8; break;
	case 2: { uint64_t n = varint(r); if (n > (uint64_t)(r->end - r->p)) r->bad = 1; else r->p += n; break; }
	case 5: r->p += 4; break;
	default: r->bad = 1;
	}
	if (r->p > r->end)
		r->bad = 1;
	return r->bad ? -1 : 0;
}

static json_t *decode_msg(const char *msg, const unsigned char *p, size_t n, int depth);

static json_t *special(const char *msg, const unsigned char *p, size_t n, int depth, int *handled)
{
	*handled = 1;
	struct rd r = { p, p + n, 0 };
	if (!strcmp(msg, "apimachinery.pkg.apis.meta.v1.Time") ||
	    !strcmp(msg, "apimachinery.pkg.apis.meta.v1.MicroTime")) {
		int64_t secs = 0;
		int64_t nanos = 0;
		while (r.p < r.end && !r.bad) {
			uint64_t key = varint(&r);
			if ((key >> 3) == 1 && (key & 7) == 0)
				secs = (int64_t)varint(&r);
			else if ((key >> 3) == 2 && (key & 7) == 0)
				nanos = (int64_t)varint(&r);
			else
				skip(&r, (int)(key & 7));
		}
		if (secs <= -62135596800LL || (n == 0))
			return json_null();
		char *s = rfc3339_at((double)secs);
		if (strstr(msg, "MicroTime")) {
			char *t = xasprintf("%.19s.%06dZ", s, (int)(nanos / 1000));
			free(s);
			s = t;
		}
		json_t *j = json_string(s);
		free(s);
		return j;
	}
	if (!strcmp(msg, "apimachinery.pkg.util.intstr.IntOrString")) {
		int64_t type = 0, iv = 0;
		json_t *sv = NULL;
		while (r.p < r.end && !r.bad) {
			uint64_t key = varint(&r);
			int f = (int)(key >> 3);
			if (f == 1)
				type = (int64_t)varint(&r);
			else if (f == 2)
				iv = (int32_t)varint(&r);
			else if (f == 3 && (key & 7) == 2) {
				uint64_t l = varint(&r);
				if (l > (uint64_t)(r.end - r.p)) {
					r.bad = 1;
					break;
				}
				json_decref(sv);
				sv = json_stringn((const char *)r.p, l);
				r.p += l;
			} else
				skip(&r, (int)(key & 7));
		}
		if (type == 1) {
			return sv ? sv : json_string("");
		}
		json_decref(sv);
		return json_integer(iv);
	}
	if (!strcmp(msg, "apimachinery.pkg.api.resource.Quantity")) {
		json_t *s = json_string("0");
		while (r.p < r.end && !r.bad) {
			uint64_t key = varint(&r);
			if ((key >> 3) == 1 && (key & 7) == 2) {
				uint64_t l = varint(&r);
				if (l > (uint64_t)(r.end - r.p)) {
					r.bad = 1;
					break;
				}
				json_decref(s);
				s = json_stringn((const char *)r.p, l);
				r.p += l;
			} else
				skip(&r, (int)(key & 7));
		}
		return s;
	}
	if (!strcmp(msg, "apimachinery.pkg.runtime.RawExtension") ||
	    !strcmp(msg, "apimachinery.pkg.apis.meta.v1.FieldsV1")) {
		json_t *v = json_object();
		while (r.p < r.end && !r.bad) {
			uint64_t key = varint(&r);
			if ((key >> 3) == 1 && (key & 7) == 2) {
				uint64_t l = varint(&r);
				if (l > (uint64_t)(r.end - r.p)) {
					r.bad = 1;
					break;
				}
				json_t *x = json_loadb((const char *)r.p, l, 0, NULL);
				if (x) {
					json_decref(v);
					v = x;
				}
				r.p += l;
			} else
				skip(&r, (int)(key & 7));
		}
		return v;
	}
	if (!strcmp(msg, "apimachinery.pkg.apis.meta.v1.Duration")) {
		int64_t ns = 0;
		while (r.p < r.end && !r.bad) {
			uint64_t key = varint(&r);
			if ((key >> 3) == 1)
				ns = (int64_t)varint(&r);
			else
				skip(&r, (int)(key & 7));
		}
		char *s = xasprintf("%llds", (long long)(ns / 1000000000LL));
		json_t *j = json_string(s);
		free(s);
		return j;
	}
	(void)depth;
	*handled = 0;
	return NULL;
}

static json_t *decode_value(const struct pfield *f, char kind, const char *sub, struct rd *r,
	int wt, int depth)
{
	if (kind == 'm' || kind == 's' || kind == 'y') {
		if (wt != 2) {
			r->bad = 1;
			return NULL;
		}
		uint64_t l = varint(r);
		if (r->bad || l > (uint64_t)(r->end - r->p)) {
			r->bad = 1;
			return NULL;
		}
		const unsigned char *p = r->p;
		r->p += l;
		if (kind == 's')
			return json_stringn((const char *)p, l);
		if (kind == 'y') {
			struct strbuf sb = STRBUF_INIT;
			base64_encode(&sb, p, l);
			json_t *j = json_string(sb.buf);
			strbuf_release(&sb);
			return j;
		}
		return decode_msg(sub, p, l, depth + 1);
	}
	if (kind == 'i' || kind == 'l') {
		uint64_t v = varint(r);
		return json_integer((json_int_t)(int64_t)v);
	}
	if (kind == 'b')
		return json_boolean(varint(r) != 0);
	if (kind == 'd') {
		double d;
		if (r->end - r->p < 8) {
			r->bad = 1;
			return NULL;
		}
		memcpy(&d, r->p, 8);
		r->p += 8;
		return json_real(d);
	}
	if (kind == 'f') {
		float d;
		if (r->end - r->p < 4) {
			r->bad = 1;
			return NULL;
		}
		memcpy(&d, r->p, 4);
		r->p += 4;
		return json_real(d);
	}
	(void)f;
	r->bad = 1;
	return NULL;
}

static int is_zero(const json_t *v)
{
	return (json_is_string(v) && !*json_string_value(v)) ||
		(json_is_integer(v) && json_integer_value(v) == 0) || json_is_false(v) ||
		(json_is_real(v) && json_real_value(v) == 0);
}

/* Embedded structs the Go types inline in JSON (json:",inline" with a protobuf
 * field): from k8s.io/api's types.go. */
static int is_inline(const struct pfield *f)
{
	static const char *names[] = { "ingressRuleValue", "volumeSource",
		"persistentVolumeSource", "ephemeralContainerCommon", "handler", "probeHandler",
		"localObjectReference" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(f->json, names[i]))
			return 1;
	return 0;
}

static json_t *decode_msg(const char *msg, const unsigned char *p, size_t n, int depth)
{
	if (depth > 64)
		return NULL;
	int handled;
	json_t *sp = special(msg, p, n, depth, &handled);
	if (handled)
		return sp;
	json_t *o = json_object();
	struct rd r = { p, p + n, 0 };
	while (r.p < r.end && !r.bad) {
		uint64_t key = varint(&r);
		int num = (int)(key >> 3), wt = (int)(key & 7);
		const struct pfield *f = find_field(msg, num);
		if (!f) {
			skip(&r, wt);
			continue;
		}
		if (!strcmp(f->flags, "M")) {
			/* map entry: 1 key, 2 value */
			if (wt != 2) {
				r.bad = 1;
				break;
			}
			uint64_t l = varint(&r);
			if (r.bad || l > (uint64_t)(r.end - r.p)) {
				r.bad = 1;
				break;
			}
			struct rd e = { r.p, r.p + l, 0 };
			r.p += l;
			json_t *k = NULL, *v = NULL;
			while (e.p < e.end && !e.bad) {
				uint64_t ek = varint(&e);
				int en = (int)(ek >> 3);
				if (en == 1) {
					json_decref(k);
					k = decode_value(f, 's', "", &e, (int)(ek & 7), depth);
				} else if (en == 2) {
					json_decref(v);
					v = decode_value(f, f->kind, f->sub, &e, (int)(ek & 7), depth);
				} else
					skip(&e, (int)(ek & 7));
			}
			if (!json_is_object(json_object_get(o, f->json)))
				json_object_set_new(o, f->json, json_object());
			if (k)
				json_object_set_new(json_object_get(o, f->json), json_string_value(k),
					v ? v : json_string(""));
			else
				json_decref(v);
			json_decref(k);
			if (e.bad)
				r.bad = 1;
			continue;
		}
		if (!strcmp(f->flags, "r")) {
			if (!json_is_array(json_object_get(o, f->json)))
				json_object_set_new(o, f->json, json_array());
			json_t *arr = json_object_get(o, f->json);
			if ((f->kind == 'i' || f->kind == 'l') && wt == 2) {
				uint64_t l = varint(&r);
				if (r.bad || l > (uint64_t)(r.end - r.p)) {
					r.bad = 1;
					break;
				}
				struct rd e = { r.p, r.p + l, 0 };
				r.p += l;
				while (e.p < e.end && !e.bad)
					json_array_append_new(arr, json_integer((json_int_t)varint(&e)));
				continue;
			}
			json_t *v = decode_value(f, f->kind, f->sub, &r, wt, depth);
			if (v)
				json_array_append_new(arr, v);
			continue;
		}
		json_t *v = decode_value(f, f->kind, f->sub, &r, wt, depth);
		if (!v)
			continue;
		if (f->kind != 'm' && is_zero(v) && !is_pointer(f->json)) {
			json_decref(v);
			continue;
		}
		if (f->kind == 'm' && is_inline(f) && json_is_object(v)) {
			/* an embedded Go struct with json:",inline": its fields are the parent's */
			json_object_update(o, v);
			json_decref(v);
			continue;
		}
		json_object_set_new(o, f->json, v);
	}
	if (r.bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static char *pkg_for(const char *apiversion, const char *kind)
{
	const char *slash = strchr(apiversion, '/');
	char group[128], version[128];
	if (slash) {
		snprintf(group, sizeof(group), "%.*s", (int)(slash - apiversion), apiversion);
		snprintf(version, sizeof(version), "%s", slash + 1);
	} else {
		snprintf(group, sizeof(group), "core");
		snprintf(version, sizeof(version), "%s", apiversion);
	}
	char *dot = strchr(group, '.');
	if (dot)
		*dot = 0;
	const char *fallbacks[][2] = { { "v1", "v1beta1" }, { "v2", "v2beta2" }, { NULL, NULL } };
	char *m = xasprintf("api.%s.%s.%s", group, version, kind);
	if (msg_known(m))
		return m;
	for (int i = 0; fallbacks[i][0]; i++) {
		if (strcmp(version, fallbacks[i][0]))
			continue;
		free(m);
		m = xasprintf("api.%s.%s.%s", group, fallbacks[i][1], kind);
		if (msg_known(m))
			return m;
	}
	if (!strcmp(group, "meta") || !strcmp(kind, "DeleteOptions")) {
		free(m);
		m = xasprintf("apimachinery.pkg.apis.meta.v1.%s", kind);
		if (msg_known(m))
			return m;
	}
	/* a kind newer than the schema table: keep its metadata */
	free(m);
	return xstrdup("apimachinery.pkg.apis.meta.v1.PartialObjectMetadata");
}

json_t *proto_to_json(const unsigned char *buf, size_t len, char *err, size_t errlen)
{
	if (len < 4 || memcmp(buf, "k8s\0", 4)) {
		snprintf(err, errlen, "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
		return NULL;
	}
	struct rd r = { buf + 4, buf + len, 0 };
	char apiversion[128] = "", kind[128] = "";
	const unsigned char *raw = NULL;
	size_t rawlen = 0;
	while (r.p < r.end && !r.bad) {
		uint64_t key = varint(&r);
		int num = (int)(key >> 3), wt = (int)(key & 7);
		if (wt != 2) {
			skip(&r, wt);
			continue;
		}
		uint64_t l = varint(&r);
		if (r.bad || l > (uint64_t)(r.end - r.p)) {
			r.bad = 1;
			break;
		}
		if (num == 1) {
			struct rd t = { r.p, r.p + l, 0 };
			while (t.p < t.end && !t.bad) {
				uint64_t tk = varint(&t);
				if ((tk & 7) != 2) {
					skip(&t, (int)(tk & 7));
					continue;
				}
				uint64_t tl = varint(&t);
				if (t.bad || tl > (uint64_t)(t.end - t.p))
					break;
				char *dst = (tk >> 3) == 1 ? apiversion : (tk >> 3) == 2 ? kind : NULL;
				if (dst && tl < 127) {
					memcpy(dst, t.p, tl);
					dst[tl] = 0;
				}
				t.p += tl;
			}
		} else if (num == 2) {
			raw = r.p;
			rawlen = l;
		}
		r.p += l;
	}
	if (r.bad || !*kind) {
		snprintf(err, errlen, "unable to decode protobuf body");
		return NULL;
	}
	char *msg = pkg_for(apiversion, kind);
	if (!msg) {
		snprintf(err, errlen, "no kind \"%s\" is registered for version \"%s\" in scheme \"pkg/runtime/scheme.go:100\"",
			kind, apiversion);
		return NULL;
	}
	json_t *o = decode_msg(msg, raw ? raw : (const unsigned char *)"", rawlen, 0);
	free(msg);
	if (!o) {
		snprintf(err, errlen, "unable to decode protobuf body of kind %s", kind);
		return NULL;
	}
	json_object_set_new(o, "apiVersion", json_string(apiversion));
	json_object_set_new(o, "kind", json_string(kind));
	return o;
}

/* ---- type checks of JSON bodies against the same table ---- */

static const char *short_name(const char *msg)
{
	const char *d = strrchr(msg, '.');
	return d ? d + 1 : msg;
}

static const char *jtype(const json_t *v)
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

static int check_value(const char *msg, const char *field, char kind, const char *sub,
	const json_t *v, const char *path, char *err, size_t errlen, int depth);

static int bad(const char *msg, const char *path, const json_t *v, const char *gotype, char *err,
	size_t errlen)
{
	if (json_is_real(v))
		snprintf(err, errlen, "json: cannot unmarshal number %g into Go struct field %s.%s of type %s",
			json_real_value(v), short_name(msg), path, gotype);
	else
		snprintf(err, errlen, "json: cannot unmarshal %s into Go struct field %s.%s of type %s",
			jtype(v), short_name(msg), path, gotype);
	return -1;
}

static int check_msg(const char *msg, const json_t *o, const char *path, char *err,
	size_t errlen, int depth)
{
	if (depth > 64)
		return 0;
	if (!strcmp(msg, "apimachinery.pkg.util.intstr.IntOrString") ||
	    !strcmp(msg, "apimachinery.pkg.api.resource.Quantity") ||
	    !strcmp(msg, "apimachinery.pkg.runtime.RawExtension") ||
	    !strcmp(msg, "apimachinery.pkg.apis.meta.v1.FieldsV1") ||
	    !strcmp(msg, "apimachinery.pkg.apis.meta.v1.Time") ||
	    !strcmp(msg, "apimachinery.pkg.apis.meta.v1.MicroTime") ||
	    !strcmp(msg, "apimachinery.pkg.apis.meta.v1.Duration"))
		return 0;
	if (!json_is_object(o))
		return 0; /* the caller checked */
	/* the message's fields: a contiguous run of the sorted table */
	size_t lo = 0, hi = g_npfields;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(g_pfields[mid].msg, msg) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		const struct pfield *f = NULL;
		for (size_t i = lo; i < g_npfields && !strcmp(g_pfields[i].msg, msg); i++)
			if (!strcmp(g_pfields[i].json, k)) {
				f = &g_pfields[i];
				break;
			}
		if (!f || json_is_null(v))
			continue;
		char p[512];
		snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", k);
		if (!strcmp(f->flags, "r")) {
			if (!json_is_array(v)) {
				char gt[160];
				snprintf(gt, sizeof(gt), "[]%s", f->kind == 'm' ? short_name(f->sub) :
					f->kind == 's' ? "string" : f->kind == 'b' ? "bool" :
					f->kind == 'l' ? "int64" : "int32");
				return bad(msg, p, v, gt, err, errlen);
			}
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x)
				if (!json_is_null(x) &&
				    check_value(msg, k, f->kind, f->sub, x, p, err, errlen, depth))
					return -1;
			continue;
		}
		if (!strcmp(f->flags, "M")) {
			if (!json_is_object(v))
				return bad(msg, p, v, f->kind == 's' ? "map[string]string" : "map[string]...",
					err, errlen);
			const char *mk;
			json_t *mv;
			json_object_foreach(v, mk, mv)
				if (!json_is_null(mv) &&
				    check_value(msg, k, f->kind, f->sub, mv, p, err, errlen, depth))
					return -1;
			continue;
		}
		if (check_value(msg, k, f->kind, f->sub, v, p, err, errlen, depth))
			return -1;
	}
	return 0;
}

static int check_value(const char *msg, const char *field, char kind, const char *sub,
	const json_t *v, const char *path, char *err, size_t errlen, int depth)
{
	(void)field;
	switch (kind) {
	case 's':
		return json_is_string(v) ? 0 : bad(msg, path, v, "string", err, errlen);
	case 'y':
		return json_is_string(v) ? 0 : bad(msg, path, v, "[]uint8", err, errlen);
	case 'b':
		return json_is_boolean(v) ? 0 : bad(msg, path, v, "bool", err, errlen);
	case 'i':
		return json_is_integer(v) ? 0 : bad(msg, path, v, "int32", err, errlen);
	case 'l':
		return json_is_integer(v) ? 0 : bad(msg, path, v, "int64", err, errlen);
	case 'd': case 'f':
		return json_is_number(v) ? 0 : bad(msg, path, v, "float64", err, errlen);
	case 'm':
		if (!strcmp(sub, "apimachinery.pkg.util.intstr.IntOrString") ||
		    !strcmp(sub, "apimachinery.pkg.api.resource.Quantity") ||
		    !strcmp(sub, "apimachinery.pkg.runtime.RawExtension") ||
		    !strcmp(sub, "apimachinery.pkg.apis.meta.v1.FieldsV1"))
			return 0;
		if (!strcmp(sub, "apimachinery.pkg.apis.meta.v1.Time") ||
		    !strcmp(sub, "apimachinery.pkg.apis.meta.v1.MicroTime"))
			return json_is_string(v) ? 0 : bad(msg, path, v, "string", err, errlen);
		if (!json_is_object(v)) {
			char gt[160];
			snprintf(gt, sizeof(gt), "v1.%s", short_name(sub));
			return bad(msg, path, v, gt, err, errlen);
		}
		return check_msg(sub, v, path, err, errlen, depth + 1);
	}
	return 0;
}

int proto_check_json(const char *apiversion, const char *kind, const json_t *obj, char *err,
	size_t errlen)
{
	char *msg = pkg_for(apiversion, kind);
	if (!msg)
		return 0;
	int rc = 0;
	if (strcmp(msg, "apimachinery.pkg.apis.meta.v1.PartialObjectMetadata"))
		rc = check_msg(msg, obj, "", err, errlen, 0);
	free(msg);
	return rc;
}
