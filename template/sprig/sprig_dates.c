/* sprig_dates.c: Sprig's date functions (date.go) on gotime.c, the time.Time value
 * type, and semver's *semver.Version value type with its methods. */
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"

/* ---- time.Time ---- */

static void time_format(const struct tv *v, struct strbuf *out)
{
	gotime_string(v->u.obj, out);
}

static json_t *time_json(const struct tv *v)
{
	struct strbuf sb = STRBUF_INIT;
	gotime_format(v->u.obj, "2006-01-02T15:04:05.999999999Z07:00", &sb);
	json_t *j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j;
}

static const struct tmpl_func time_methods[];

const struct tv_type sprig_type_time = {
	.name = "time.Time", .kind = TV_OBJECT, .kind_name = "struct", .methods = time_methods,
	.format = time_format, .to_json = time_json, .destroy = free,
};

struct tv *sprig_time_new(const struct gotime *t)
{
	struct gotime *c = xmalloc(sizeof(*c));
	*c = *t;
	return tv_object(&sprig_type_time, c);
}

static const struct gotime *T(const struct tv *v)
{
	return v->u.obj;
}

static int is_time(const struct tv *v)
{
	return v && v->kind == TV_OBJECT && v->type == &sprig_type_time;
}

SF(tm_format)
{
	struct strbuf sb = STRBUF_INIT;
	gotime_format(T(argv[0]), ARG_S(1), &sb);
	return tv_str_buf(&sb);
}

SF(tm_string)
{
	struct strbuf sb = STRBUF_INIT;
	gotime_string(T(argv[0]), &sb);
	return tv_str_buf(&sb);
}

SF(tm_unix) { return tv_int64(T(argv[0])->sec); }

SF(tm_unixnano)
{
	return tv_int64((int64_t)((uint64_t)T(argv[0])->sec * 1000000000ULL + (uint64_t)T(argv[0])->nsec));
}

static long long civil_field(const struct gotime *t, const char *layout)
{
	struct strbuf sb = STRBUF_INIT;
	gotime_format(t, layout, &sb);
	long long v = strtoll(sb.buf, NULL, 10);
	strbuf_release(&sb);
	return v;
}

SF(tm_year) { return tv_int(civil_field(T(argv[0]), "2006")); }
SF(tm_yearday) { return tv_int(civil_field(T(argv[0]), "002")); }
SF(tm_day) { return tv_int(civil_field(T(argv[0]), "2")); }
SF(tm_hour) { return tv_int(civil_field(T(argv[0]), "15")); }
SF(tm_minute) { return tv_int(civil_field(T(argv[0]), "4")); }
SF(tm_second) { return tv_int(civil_field(T(argv[0]), "5")); }
SF(tm_nanosecond) { return tv_int(T(argv[0])->nsec); }

SF(tm_utc)
{
	struct gotime t = *T(argv[0]);
	t.loc = GOTIME_UTC;
	return sprig_time_new(&t);
}

SF(tm_iszero)
{
	return tv_bool(T(argv[0])->sec == GO_ZERO_TIME_SEC && T(argv[0])->nsec == 0);
}

static const struct tmpl_func time_methods[] = {
	{"Day", tm_day, "", NULL},
	{"Format", tm_format, "string", NULL},
	{"Hour", tm_hour, "", NULL},
	{"IsZero", tm_iszero, "", NULL},
	{"Minute", tm_minute, "", NULL},
	{"Nanosecond", tm_nanosecond, "", NULL},
	{"Second", tm_second, "", NULL},
	{"String", tm_string, "", NULL},
	{"UTC", tm_utc, "", NULL},
	{"Unix", tm_unix, "", NULL},
	{"UnixNano", tm_unixnano, "", NULL},
	{"Year", tm_year, "", NULL},
	{"YearDay", tm_yearday, "", NULL},
	{NULL, NULL, NULL, NULL},
};

/* date's switch: time.Time, int64, int, int32 → that time; anything else → now. */
static void date_arg(const struct tv *v, struct gotime *t, int allow_int32)
{
	if (is_time(v)) {
		*t = *T(v);
		return;
	}
	if (v && v->kind == TV_INT &&
	    (v->type == &tv_type_int64 || v->type == &tv_type_int ||
	     (allow_int32 && v->type == &tv_type_int32))) {
		gotime_unix(t, v->u.i);
		return;
	}
	gotime_now(t);
}

static struct tv *date_in_zone(const char *fmt, const struct tv *d, const char *zone)
{
	struct gotime t;
	date_arg(d, &t, 1);
	if (gotime_in_zone(&t, zone))
		gotime_in_zone(&t, "UTC");
	struct strbuf sb = STRBUF_INIT;
	gotime_format(&t, fmt, &sb);
	return tv_str_buf(&sb);
}

SF(sf_date) { return date_in_zone(ARG_S(0), argv[1], "Local"); }
SF(sf_dateinzone) { return date_in_zone(ARG_S(0), argv[1], ARG_S(2)); }
SF(sf_htmldate) { return date_in_zone("2006-01-02", argv[0], "Local"); }
SF(sf_htmldateinzone) { return date_in_zone("2006-01-02", argv[0], ARG_S(1)); }

SF(sf_now)
{
	struct gotime t;
	gotime_now(&t);
	return sprig_time_new(&t);
}

SF(sf_datemodify) /* (fmt string, date time.Time) */
{
	struct gotime t = *T(argv[1]);
	int64_t d;
	struct strbuf e = STRBUF_INIT;
	if (!go_parse_duration_n(ARG_S(0), ARG_SL(0), &d, &e))
		gotime_add(&t, d);
	strbuf_release(&e);
	return sprig_time_new(&t);
}

SF(sf_mustdatemodify)
{
	struct gotime t = *T(argv[1]);
	int64_t d;
	struct strbuf e = STRBUF_INIT;
	if (go_parse_duration_n(ARG_S(0), ARG_SL(0), &d, &e)) {
		kc_err_set(err, "%s", e.buf);
		strbuf_release(&e);
		return NULL;
	}
	gotime_add(&t, d);
	return sprig_time_new(&t);
}

/* Duration.Round(m) (Go's integers wrap; so do these) */
static int64_t wadd(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static int64_t dur_round(int64_t d, int64_t m)
{
	int64_t r = d % m;
	if (d < 0) {
		r = -r;
		if (r + r < m)
			return wadd(d, r);
		int64_t d1 = wadd(wadd(d, -m), r);
		if (d1 < d)
			return d1;
		return INT64_MIN;
	}
	if (r + r < m)
		return d - r;
	int64_t d1 = wadd(wadd(d, m), -r);
	if (d1 > d)
		return d1;
	return INT64_MAX;
}

SF(sf_ago)
{
	struct gotime t;
	const struct tv *v = argv[0];
	if (is_time(v))
		t = *T(v);
	else if (v && v->kind == TV_INT && (v->type == &tv_type_int64 || v->type == &tv_type_int))
		gotime_unix(&t, v->u.i);
	else
		gotime_now(&t);
	struct strbuf sb = STRBUF_INIT;
	go_duration_string(dur_round(gotime_since(&t), 1000000000LL), &sb);
	return tv_str_buf(&sb);
}

SF(sf_duration)
{
	const struct tv *v = argv[0];
	long long n = 0;
	if (v && v->kind == TV_STRING && v->type == &tv_type_string) {
		extern int go_parse_int(const char *, int, int, long long *);
		if (memchr(v->u.str.s, 0, v->u.str.len) || go_parse_int(v->u.str.s, 10, 64, &n))
			n = 0;
	} else if (v && v->kind == TV_INT && v->type == &tv_type_int64) {
		n = v->u.i;
	}
	struct strbuf sb = STRBUF_INIT;
	go_duration_string((int64_t)((uint64_t)n * 1000000000ULL), &sb);
	return tv_str_buf(&sb);
}

SF(sf_durationround)
{
	const struct tv *v = argv[0];
	int64_t d = 0;
	if (v && v->kind == TV_STRING && v->type == &tv_type_string) {
		struct strbuf e = STRBUF_INIT;
		if (go_parse_duration_n(v->u.str.s, v->u.str.len, &d, &e))
			d = 0;
		strbuf_release(&e);
	} else if (v && v->kind == TV_INT && v->type == &tv_type_int64) {
		d = v->u.i;
	} else if (is_time(v)) {
		d = gotime_since(T(v));
	}
	uint64_t u = (uint64_t)d;
	if (d < 0)
		u = 0 - u;
	const uint64_t sec = 1000000000ULL, min = 60 * sec, hour = 60 * min, day = 24 * hour,
		       month = 30 * day, year = 365 * day;
	char buf[40];
	if (u > year)
		snprintf(buf, sizeof(buf), "%lluy", (unsigned long long)(u / year));
	else if (u > month)
		snprintf(buf, sizeof(buf), "%llumo", (unsigned long long)(u / month));
	else if (u > day)
		snprintf(buf, sizeof(buf), "%llud", (unsigned long long)(u / day));
	else if (u > hour)
		snprintf(buf, sizeof(buf), "%lluh", (unsigned long long)(u / hour));
	else if (u > min)
		snprintf(buf, sizeof(buf), "%llum", (unsigned long long)(u / min));
	else if (u > sec)
		snprintf(buf, sizeof(buf), "%llus", (unsigned long long)(u / sec));
	else
		snprintf(buf, sizeof(buf), "0s");
	return tv_str(buf);
}

static struct tv *zero_time(void)
{
	struct gotime t;
	memset(&t, 0, sizeof(t));
	t.sec = GO_ZERO_TIME_SEC;
	t.loc = GOTIME_UTC;
	return sprig_time_new(&t);
}

SF(sf_todate)
{
	struct gotime t;
	struct strbuf e = STRBUF_INIT;
	int r = gotime_parse(ARG_S(0), ARG_S(1), &t, &e);
	strbuf_release(&e);
	return r ? zero_time() : sprig_time_new(&t);
}

SF(sf_musttodate)
{
	struct gotime t;
	struct strbuf e = STRBUF_INIT;
	if (gotime_parse(ARG_S(0), ARG_S(1), &t, &e)) {
		kc_err_set(err, "%s", e.buf);
		strbuf_release(&e);
		return NULL;
	}
	return sprig_time_new(&t);
}

SF(sf_unixepoch)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", (long long)T(argv[0])->sec);
	return tv_str(buf);
}

/* ---- *semver.Version ---- */

static void sv_destroy(void *p)
{
	semver_release(p);
	free(p);
}

static void sv_format(const struct tv *v, struct strbuf *out)
{
	semver_string(v->u.obj, out);
}

static json_t *sv_json(const struct tv *v)
{
	struct strbuf sb = STRBUF_INIT;
	semver_string(v->u.obj, &sb);
	json_t *j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j;
}

static const struct tmpl_func sv_methods[];

const struct tv_type sprig_type_semver = {
	.name = "*semver.Version", .kind = TV_OBJECT, .kind_name = "ptr", .ptr = 1,
	.methods = sv_methods, .format = sv_format, .to_json = sv_json, .destroy = sv_destroy,
};

static const struct semver *SV(const struct tv *v)
{
	return v->u.obj;
}

SF(sv_major) { return tv_uint_typed(SV(argv[0])->major, &tv_type_uint64); }
SF(sv_minor) { return tv_uint_typed(SV(argv[0])->minor, &tv_type_uint64); }
SF(sv_patch) { return tv_uint_typed(SV(argv[0])->patch, &tv_type_uint64); }
SF(sv_prerelease) { return tv_str(SV(argv[0])->pre); }
SF(sv_metadata) { return tv_str(SV(argv[0])->meta); }
SF(sv_original) { return tv_str(SV(argv[0])->original); }

SF(sv_string)
{
	struct strbuf sb = STRBUF_INIT;
	semver_string(SV(argv[0]), &sb);
	return tv_str_buf(&sb);
}

SF(sv_compare) { return tv_int(semver_compare(SV(argv[0]), SV(argv[1]))); }
SF(sv_lessthan) { return tv_bool(semver_compare(SV(argv[0]), SV(argv[1])) < 0); }
SF(sv_greaterthan) { return tv_bool(semver_compare(SV(argv[0]), SV(argv[1])) > 0); }
SF(sv_equal) { return tv_bool(semver_compare(SV(argv[0]), SV(argv[1])) == 0); }

static const struct tv_type *const sv_types[] = {&sprig_type_semver, NULL};

static const struct tmpl_func sv_methods[] = {
	{"Compare", sv_compare, "*semver.Version", sv_types},
	{"Equal", sv_equal, "*semver.Version", sv_types},
	{"GreaterThan", sv_greaterthan, "*semver.Version", sv_types},
	{"LessThan", sv_lessthan, "*semver.Version", sv_types},
	{"Major", sv_major, "", NULL},
	{"Metadata", sv_metadata, "", NULL},
	{"Minor", sv_minor, "", NULL},
	{"Original", sv_original, "", NULL},
	{"Patch", sv_patch, "", NULL},
	{"Prerelease", sv_prerelease, "", NULL},
	{"String", sv_string, "", NULL},
	{NULL, NULL, NULL, NULL},
};

SF(sf_semver)
{
	if (memchr(ARG_S(0), 0, ARG_SL(0))) {
		kc_err_set(err, "invalid semantic version");
		return NULL;
	}
	struct semver *v = xmalloc(sizeof(*v));
	struct strbuf e = STRBUF_INIT;
	if (semver_parse(ARG_S(0), v, &e)) {
		kc_err_set(err, "%s", e.buf);
		strbuf_release(&e);
		free(v);
		return NULL;
	}
	return tv_object(&sprig_type_semver, v);
}

SF(sf_semvercompare)
{
	int r = 0;
	if (memchr(ARG_S(0), 0, ARG_SL(0)) || memchr(ARG_S(1), 0, ARG_SL(1))) {
		/* NUL bytes never match the library's expressions: the first ||-part
		 * that fails (in order) reports, then the version */
		const char *c = ARG_S(0), *end = c + ARG_SL(0);
		for (;;) {
			const char *bar = NULL;
			for (const char *q = c; q + 1 < end; q++)
				if (q[0] == '|' && q[1] == '|') {
					bar = q;
					break;
				}
			const char *pe = bar ? bar : end;
			struct strbuf m = STRBUF_INIT;
			int bad = 0;
			if (memchr(c, 0, (size_t)(pe - c))) {
				strbuf_addstr(&m, "improper constraint: ");
				go_quote(&m, c, (size_t)(pe - c));
				bad = 1;
			} else {
				char *part = xstrndup(c, (size_t)(pe - c));
				int dummy;
				bad = semver_check(part, "0.0.0", &dummy, &m) != 0;
				free(part);
			}
			if (bad) {
				kc_err_set(err, "%s", m.buf);
				strbuf_release(&m);
				return NULL;
			}
			strbuf_release(&m);
			if (!bar)
				break;
			c = bar + 2;
		}
		kc_err_set(err, "invalid semantic version");
		return NULL;
	}
	struct strbuf e = STRBUF_INIT;
	if (semver_check(ARG_S(0), ARG_S(1), &r, &e)) {
		kc_err_set(err, "%s", e.buf);
		strbuf_release(&e);
		return NULL;
	}
	return tv_bool(r);
}
