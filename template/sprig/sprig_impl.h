/* sprig_impl.h: the pure-C backends of the Sprig functions (private to template/sprig).
 *
 * Each backend works on C strings and strbufs and knows nothing of the template value
 * type; the function table (sprig.c) converts arguments and results. Conventions:
 * functions returning int give 0 on success and -1 on failure, after writing the
 * user-facing message (Go's wording, as Helm prints it after "error calling X: ")
 * into `err`, which the caller owns. Outputs are appended to `out`. */
#ifndef KC_TEMPLATE_SPRIG_IMPL_H
#define KC_TEMPLATE_SPRIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* ---- semver.c: Masterminds/semver v3 (errors worded as semver 3.5 / Helm) ---- */
struct semver {
	uint64_t major, minor, patch;
	char *pre;      /* "" when none; owned */
	char *meta;     /* "" when none; owned */
	char *original; /* the text parsed; owned */
};
/* semver.NewVersion. */
int semver_parse(const char *s, struct semver *out, struct strbuf *err);
void semver_release(struct semver *v);
/* Version.Compare: -1, 0, 1. */
int semver_compare(const struct semver *a, const struct semver *b);
/* Version.String: "1.2.3-pre+meta" (normalised, no "v"). */
void semver_string(const struct semver *v, struct strbuf *out);
/* sprig semverCompare: NewConstraint(constraint), NewVersion(version), Check. */
int semver_check(const char *constraint, const char *version, int *result, struct strbuf *err);

/* ---- gotime.c: Go's time.Time formatting/parsing and time.Duration ---- */
enum gotime_loc { GOTIME_UTC, GOTIME_LOCAL, GOTIME_ZONE, GOTIME_FIXED };
struct gotime {
	int64_t sec;   /* seconds since 1970-01-01 UTC (may be far negative: year 1) */
	int32_t nsec;  /* 0..999999999 */
	enum gotime_loc loc;
	char zone[64]; /* GOTIME_ZONE: the tz database name; GOTIME_FIXED: the abbreviation ("" allowed) */
	int fixed_off; /* GOTIME_FIXED: seconds east of UTC */
	int mono;      /* 1 for time.Now(): String() appends " m=+S.NNNNNNNNN" */
	int64_t mono_ns;
};
#define GO_ZERO_TIME_SEC (-62135596800LL) /* time.Time{}: 0001-01-01 00:00:00 UTC */
/* time.Now() (monotonic reading relative to process start). */
void gotime_now(struct gotime *t);
/* time.Unix(sec, 0) in Local. */
void gotime_unix(struct gotime *t, int64_t sec);
/* time.LoadLocation(name) then t.In(loc): -1 if the zone is unknown (t unchanged). */
int gotime_in_zone(struct gotime *t, const char *name);
/* t.Format(layout). */
void gotime_format(const struct gotime *t, const char *layout, struct strbuf *out);
/* t.String(). */
void gotime_string(const struct gotime *t, struct strbuf *out);
/* time.ParseInLocation(layout, value, Local); err gets Go's ParseError text. */
int gotime_parse(const char *layout, const char *value, struct gotime *t, struct strbuf *err);
/* t.Add(d) (nanoseconds). */
void gotime_add(struct gotime *t, int64_t d);
/* time.ParseDuration; err gets "time: invalid duration \"x\"" etc. */
int go_parse_duration(const char *s, int64_t *d, struct strbuf *err);
/* Duration.String(). */
void go_duration_string(int64_t d, struct strbuf *out);
/* Nanoseconds since t (time.Since). */
int64_t gotime_since(const struct gotime *t);

#endif
