/* gotime.c: Go's time package as sprig's date functions use it — Time.Format and
 * Parse with Go's layout language (reference time "Mon Jan 2 15:04:05 MST 2006"),
 * locations from the system tz database (LoadLocation), Duration parsing/printing.
 * Zone offsets come from the C library's localtime_r under a temporarily set TZ,
 * which reads the same /usr/share/zoneinfo files Go reads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "template/sprig/sprig_impl.h"

static const char *const long_day[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
				       "Thursday", "Friday", "Saturday"};
static const char *const short_day[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const long_month[] = {"January", "February", "March", "April", "May", "June",
					 "July", "August", "September", "October", "November",
					 "December"};
static const char *const short_month[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- zones ---- */

/* Go's LoadLocation validity: "" and "UTC" are UTC, "Local" is Local, else a file
 * under the zoneinfo directory (no "..", no leading '/', no backslash). */
static int zone_exists(const char *name)
{
	if (!*name || name[0] == '/' || strstr(name, "..") || strchr(name, '\\'))
		return 0;
	const char *dirs[] = {getenv("ZONEINFO"), "/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/",
			      "/usr/lib/locale/TZ/"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		char *p = xasprintf("%s/%s", dirs[i], name);
		struct stat st;
		int ok = !stat(p, &st) && S_ISREG(st.st_mode);
		free(p);
		if (ok)
			return 1;
	}
	return 0;
}

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static void zone_at_locked(const struct gotime *t, int64_t sec, int *off, char *abbr, size_t abbrsz);

/* Offset east of UTC and abbreviation of t's location at unix second `sec`. The
 * TZ variable is swapped under a lock (renders in parallel threads stay correct;
 * other code reading TZ at that instant could still see the swap). */
static void zone_at(const struct gotime *t, int64_t sec, int *off, char *abbr, size_t abbrsz)
{
	pthread_mutex_lock(&tz_lock);
	zone_at_locked(t, sec, off, abbr, abbrsz);
	pthread_mutex_unlock(&tz_lock);
}

static void zone_at_locked(const struct gotime *t, int64_t sec, int *off, char *abbr, size_t abbrsz)
{
	if (t->loc == GOTIME_UTC) {
		*off = 0;
		snprintf(abbr, abbrsz, "UTC");
		return;
	}
	if (t->loc == GOTIME_FIXED) {
		*off = t->fixed_off;
		snprintf(abbr, abbrsz, "%s", t->zone);
		return;
	}
	char *saved = NULL;
	const char *old = getenv("TZ");
	if (t->loc == GOTIME_ZONE) {
		saved = old ? xstrdup(old) : NULL;
		char *v = xasprintf(":%s", t->zone);
		setenv("TZ", v, 1);
		free(v);
	} else if (old && !*old) {
		/* Go: TZ="" means UTC */
		*off = 0;
		snprintf(abbr, abbrsz, "UTC");
		return;
	}
	tzset();
	time_t tt = (time_t)sec;
	struct tm tm;
	if (localtime_r(&tt, &tm)) {
		*off = (int)tm.tm_gmtoff;
		snprintf(abbr, abbrsz, "%s", tm.tm_zone ? tm.tm_zone : "");
	} else {
		*off = 0;
		snprintf(abbr, abbrsz, "UTC");
	}
	if (t->loc == GOTIME_ZONE) {
		if (saved)
			setenv("TZ", saved, 1);
		else
			unsetenv("TZ");
		free(saved);
		tzset();
	}
}

int gotime_in_zone(struct gotime *t, const char *name)
{
	if (!*name || !strcmp(name, "UTC")) {
		t->loc = GOTIME_UTC;
		return 0;
	}
	if (!strcmp(name, "Local")) {
		t->loc = GOTIME_LOCAL;
		return 0;
	}
	if (strlen(name) >= sizeof(t->zone) || !zone_exists(name))
		return -1;
	t->loc = GOTIME_ZONE;
	snprintf(t->zone, sizeof(t->zone), "%s", name);
	return 0;
}

/* ---- civil calendar (proleptic Gregorian) ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in(int m, int64_t y)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && is_leap(y))
		return 29;
	return dm[m - 1];
}

struct civil {
	int64_t year;
	int month, day, hour, min, sec, yday, wday;
	int off;
	char abbr[64];
};

static void to_civil(const struct gotime *t, struct civil *c)
{
	zone_at(t, t->sec, &c->off, c->abbr, sizeof(c->abbr));
	int64_t s = t->sec + c->off;
	int64_t days = floor_div(s, 86400);
	int64_t rem = s - days * 86400;
	civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(rem / 3600);
	c->min = (int)(rem % 3600 / 60);
	c->sec = (int)(rem % 60);
	c->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
	c->yday = (int)(days - days_from_civil(c->year, 1, 1)) + 1;
}

/* ---- time.Now / Unix ---- */

static struct timespec mono_start;
static int mono_started;

void gotime_now(struct gotime *t)
{
	struct timespec ts, m;
	if (!mono_started) {
		clock_gettime(CLOCK_MONOTONIC, &mono_start);
		mono_started = 1;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	clock_gettime(CLOCK_MONOTONIC, &m);
	memset(t, 0, sizeof(*t));
	t->sec = ts.tv_sec;
	t->nsec = (int32_t)ts.tv_nsec;
	t->loc = GOTIME_LOCAL;
	t->mono = 1;
	t->mono_ns = (int64_t)(m.tv_sec - mono_start.tv_sec) * 1000000000LL +
		     (m.tv_nsec - mono_start.tv_nsec) + 1;
}

void gotime_unix(struct gotime *t, int64_t sec)
{
	memset(t, 0, sizeof(*t));
	t->sec = sec;
	t->loc = GOTIME_LOCAL;
}

void gotime_add(struct gotime *t, int64_t d)
{
	int64_t s = d / 1000000000LL, ns = d % 1000000000LL;
	int64_t n = t->nsec + ns;
	if (n >= 1000000000LL) {
		s++;
		n -= 1000000000LL;
	} else if (n < 0) {
		s--;
		n += 1000000000LL;
	}
	t->sec += s;
	t->nsec = (int32_t)n;
	if (t->mono)
		t->mono_ns += d;
}

int64_t gotime_since(const struct gotime *t)
{
	struct gotime now;
	gotime_now(&now);
	if (t->mono)
		return now.mono_ns - t->mono_ns;
	/* Time.Sub saturates at the Duration range */
	int64_t ds, d;
	if (__builtin_sub_overflow(now.sec, t->sec, &ds) ||
	    __builtin_mul_overflow(ds, 1000000000LL, &d) ||
	    __builtin_add_overflow(d, (int64_t)(now.nsec - t->nsec), &d))
		return now.sec < t->sec ? INT64_MIN : INT64_MAX;
	return d;
}

/* ---- layout chunks ---- */

enum {
	STD_NONE = 0,
	STD_LONG_MONTH, STD_MONTH, STD_NUM_MONTH, STD_ZERO_MONTH, STD_LONG_WEEKDAY, STD_WEEKDAY,
	STD_DAY, STD_UNDER_DAY, STD_ZERO_DAY, STD_UNDER_YEARDAY, STD_ZERO_YEARDAY, STD_HOUR,
	STD_HOUR12, STD_ZERO_HOUR12, STD_MINUTE, STD_ZERO_MINUTE, STD_SECOND, STD_ZERO_SECOND,
	STD_LONG_YEAR, STD_YEAR, STD_PM, STD_pm, STD_TZ, STD_ISO_TZ, STD_ISO_SECONDS_TZ,
	STD_ISO_SHORT_TZ, STD_ISO_COLON_TZ, STD_ISO_COLON_SECONDS_TZ, STD_NUM_TZ,
	STD_NUM_SECONDS_TZ, STD_NUM_SHORT_TZ, STD_NUM_COLON_TZ, STD_NUM_COLON_SECONDS_TZ,
	STD_FRAC0, STD_FRAC9,
};

struct chunk {
	size_t prefix;  /* bytes of literal text before the element */
	int std;
	size_t len;     /* bytes of the element in the layout */
	int digits;     /* fractional seconds: number of digits */
	char sep;       /* fractional seconds: '.' or ',' */
};

static int lower_start(const char *s)
{
	return *s >= 'a' && *s <= 'z';
}

static int is_dig(const char *s, size_t i, size_t n)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

#define RET(std_, l) do { c->prefix = i; c->std = (std_); c->len = (l); return; } while (0)

static void next_chunk(const char *L, size_t n, struct chunk *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		const char *p = L + i;
		size_t r = n - i;
#define AT(lit) (r >= sizeof(lit) - 1 && !memcmp(p, lit, sizeof(lit) - 1))
		switch (*p) {
		case 'J':
			if (AT("Jan")) {
				if (AT("January"))
					RET(STD_LONG_MONTH, 7);
				if (!lower_start(p + 3))
					RET(STD_MONTH, 3);
			}
			break;
		case 'M':
			if (AT("Mon")) {
				if (AT("Monday"))
					RET(STD_LONG_WEEKDAY, 6);
				if (!lower_start(p + 3))
					RET(STD_WEEKDAY, 3);
			}
			if (AT("MST"))
				RET(STD_TZ, 3);
			break;
		case '0':
			if (r >= 2 && p[1] >= '1' && p[1] <= '6') {
				static const int x[] = {STD_ZERO_MONTH, STD_ZERO_DAY, STD_ZERO_HOUR12,
							STD_ZERO_MINUTE, STD_ZERO_SECOND, STD_YEAR};
				RET(x[p[1] - '1'], 2);
			}
			if (AT("002"))
				RET(STD_ZERO_YEARDAY, 3);
			break;
		case '1':
			if (r >= 2 && p[1] == '5')
				RET(STD_HOUR, 2);
			RET(STD_NUM_MONTH, 1);
		case '2':
			if (AT("2006"))
				RET(STD_LONG_YEAR, 4);
			RET(STD_DAY, 1);
		case '_':
			if (r >= 2 && p[1] == '2') {
				if (r >= 5 && !memcmp(p + 1, "2006", 4)) {
					c->prefix = i + 1;
					c->std = STD_LONG_YEAR;
					c->len = 4;
					return;
				}
				RET(STD_UNDER_DAY, 2);
			}
			if (AT("__2"))
				RET(STD_UNDER_YEARDAY, 3);
			break;
		case '3':
			RET(STD_HOUR12, 1);
		case '4':
			RET(STD_MINUTE, 1);
		case '5':
			RET(STD_SECOND, 1);
		case 'P':
			if (r >= 2 && p[1] == 'M')
				RET(STD_PM, 2);
			break;
		case 'p':
			if (r >= 2 && p[1] == 'm')
				RET(STD_pm, 2);
			break;
		case '-':
			if (AT("-070000"))
				RET(STD_NUM_SECONDS_TZ, 7);
			if (AT("-07:00:00"))
				RET(STD_NUM_COLON_SECONDS_TZ, 9);
			if (AT("-0700"))
				RET(STD_NUM_TZ, 5);
			if (AT("-07:00"))
				RET(STD_NUM_COLON_TZ, 6);
			if (AT("-07"))
				RET(STD_NUM_SHORT_TZ, 3);
			break;
		case 'Z':
			if (AT("Z070000"))
				RET(STD_ISO_SECONDS_TZ, 7);
			if (AT("Z07:00:00"))
				RET(STD_ISO_COLON_SECONDS_TZ, 9);
			if (AT("Z0700"))
				RET(STD_ISO_TZ, 5);
			if (AT("Z07:00"))
				RET(STD_ISO_COLON_TZ, 6);
			if (AT("Z07"))
				RET(STD_ISO_SHORT_TZ, 3);
			break;
		case '.':
		case ',':
			if (r >= 2 && (p[1] == '0' || p[1] == '9')) {
				char ch = p[1];
				size_t j = i + 1;
				while (j < n && L[j] == ch)
					j++;
				if (!is_dig(L, j, n)) {
					c->prefix = i;
					c->std = ch == '0' ? STD_FRAC0 : STD_FRAC9;
					c->len = j - i;
					c->digits = (int)(j - (i + 1));
					c->sep = *p;
					return;
				}
			}
			break;
		}
#undef AT
	}
	c->prefix = n;
	c->std = STD_NONE;
}
#undef RET

static void add_int(struct strbuf *b, int64_t x, int width)
{
	if (x < 0) {
		strbuf_addch(b, '-');
		x = -x;
	}
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)x);
	for (int i = n; i < width; i++)
		strbuf_addch(b, '0');
	strbuf_add(b, tmp, (size_t)n);
}

static void add_nano(struct strbuf *b, int nsec, const struct chunk *c)
{
	char d[10];
	snprintf(d, sizeof(d), "%09d", nsec);
	int n = c->digits > 9 ? 9 : c->digits;
	if (c->std == STD_FRAC9) {
		while (n > 0 && d[n - 1] == '0')
			n--;
		if (n == 0)
			return;
	}
	strbuf_addch(b, c->sep);
	strbuf_add(b, d, (size_t)n);
}

void gotime_format(const struct gotime *t, const char *layout, struct strbuf *b)
{
	struct civil cv;
	to_civil(t, &cv);
	size_t n = strlen(layout);
	while (n) {
		struct chunk c;
		next_chunk(layout, n, &c);
		strbuf_add(b, layout, c.prefix);
		if (c.std == STD_NONE)
			break;
		layout += c.prefix + c.len;
		n -= c.prefix + c.len;
		int hr12;
		switch (c.std) {
		case STD_YEAR: {
			int64_t y = cv.year % 100;
			if (y < 0)
				y = -y;
			add_int(b, y, 2);
			break;
		}
		case STD_LONG_YEAR: add_int(b, cv.year, 4); break;
		case STD_MONTH: strbuf_addstr(b, short_month[cv.month - 1]); break;
		case STD_LONG_MONTH: strbuf_addstr(b, long_month[cv.month - 1]); break;
		case STD_NUM_MONTH: add_int(b, cv.month, 0); break;
		case STD_ZERO_MONTH: add_int(b, cv.month, 2); break;
		case STD_WEEKDAY: strbuf_addstr(b, short_day[cv.wday]); break;
		case STD_LONG_WEEKDAY: strbuf_addstr(b, long_day[cv.wday]); break;
		case STD_DAY: add_int(b, cv.day, 0); break;
		case STD_UNDER_DAY:
			if (cv.day < 10)
				strbuf_addch(b, ' ');
			add_int(b, cv.day, 0);
			break;
		case STD_ZERO_DAY: add_int(b, cv.day, 2); break;
		case STD_UNDER_YEARDAY:
			if (cv.yday < 100) {
				strbuf_addch(b, ' ');
				if (cv.yday < 10)
					strbuf_addch(b, ' ');
			}
			add_int(b, cv.yday, 0);
			break;
		case STD_ZERO_YEARDAY: add_int(b, cv.yday, 3); break;
		case STD_HOUR: add_int(b, cv.hour, 2); break;
		case STD_HOUR12:
		case STD_ZERO_HOUR12:
			hr12 = cv.hour % 12;
			if (hr12 == 0)
				hr12 = 12;
			add_int(b, hr12, c.std == STD_ZERO_HOUR12 ? 2 : 0);
			break;
		case STD_MINUTE: add_int(b, cv.min, 0); break;
		case STD_ZERO_MINUTE: add_int(b, cv.min, 2); break;
		case STD_SECOND: add_int(b, cv.sec, 0); break;
		case STD_ZERO_SECOND: add_int(b, cv.sec, 2); break;
		case STD_PM: strbuf_addstr(b, cv.hour >= 12 ? "PM" : "AM"); break;
		case STD_pm: strbuf_addstr(b, cv.hour >= 12 ? "pm" : "am"); break;
		case STD_ISO_TZ: case STD_ISO_COLON_TZ: case STD_ISO_SECONDS_TZ: case STD_ISO_SHORT_TZ:
		case STD_ISO_COLON_SECONDS_TZ: case STD_NUM_TZ: case STD_NUM_COLON_TZ:
		case STD_NUM_SECONDS_TZ: case STD_NUM_SHORT_TZ: case STD_NUM_COLON_SECONDS_TZ: {
			int iso = c.std >= STD_ISO_TZ && c.std <= STD_ISO_COLON_SECONDS_TZ;
			if (cv.off == 0 && iso) {
				strbuf_addch(b, 'Z');
				break;
			}
			int zone = cv.off / 60, absoff = cv.off;
			if (zone < 0) {
				strbuf_addch(b, '-');
				zone = -zone;
				absoff = -absoff;
			} else {
				strbuf_addch(b, '+');
			}
			add_int(b, zone / 60, 2);
			if (c.std == STD_ISO_COLON_TZ || c.std == STD_NUM_COLON_TZ ||
			    c.std == STD_ISO_COLON_SECONDS_TZ || c.std == STD_NUM_COLON_SECONDS_TZ)
				strbuf_addch(b, ':');
			if (c.std != STD_NUM_SHORT_TZ && c.std != STD_ISO_SHORT_TZ)
				add_int(b, zone % 60, 2);
			if (c.std == STD_ISO_SECONDS_TZ || c.std == STD_NUM_SECONDS_TZ ||
			    c.std == STD_NUM_COLON_SECONDS_TZ || c.std == STD_ISO_COLON_SECONDS_TZ) {
				if (c.std == STD_NUM_COLON_SECONDS_TZ || c.std == STD_ISO_COLON_SECONDS_TZ)
					strbuf_addch(b, ':');
				add_int(b, absoff % 60, 2);
			}
			break;
		}
		case STD_TZ:
			if (cv.abbr[0]) {
				strbuf_addstr(b, cv.abbr);
				break;
			}
			{
				int zone = cv.off / 60;
				if (zone < 0) {
					strbuf_addch(b, '-');
					zone = -zone;
				} else {
					strbuf_addch(b, '+');
				}
				add_int(b, zone / 60, 2);
				add_int(b, zone % 60, 2);
			}
			break;
		case STD_FRAC0:
		case STD_FRAC9:
			add_nano(b, t->nsec, &c);
			break;
		}
	}
}

void gotime_string(const struct gotime *t, struct strbuf *out)
{
	gotime_format(t, "2006-01-02 15:04:05.999999999 -0700 MST", out);
	if (t->mono) {
		int64_t m = t->mono_ns;
		char sign = '+';
		if (m < 0) {
			sign = '-';
			m = -m;
		}
		strbuf_addf(out, " m=%c%lld.%09lld", sign, (long long)(m / 1000000000LL),
			    (long long)(m % 1000000000LL));
	}
}

/* ---- Go's time.quote ---- */
/* ---- parsing ---- */

static int getnum(const char **v, int fixed, int *out)
{
	const char *s = *v;
	if (!(s[0] >= '0' && s[0] <= '9'))
		return -1;
	if (!(s[1] >= '0' && s[1] <= '9')) {
		if (fixed)
			return -1;
		*out = s[0] - '0';
		*v = s + 1;
		return 0;
	}
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	*v = s + 2;
	return 0;
}

static int getnum3(const char **v, int fixed, int *out)
{
	const char *s = *v;
	int x = 0, i;
	for (i = 0; i < 3 && s[i] >= '0' && s[i] <= '9'; i++)
		x = x * 10 + (s[i] - '0');
	if (i == 0 || (fixed && i != 3))
		return -1;
	*out = x;
	*v = s + i;
	return 0;
}

static int lookup_name(const char *const *tab, int ntab, const char **v)
{
	for (int i = 0; i < ntab; i++) {
		size_t l = strlen(tab[i]);
		if (strlen(*v) >= l && !strncasecmp(*v, tab[i], l)) {
			*v += l;
			return i;
		}
	}
	return -1;
}

static const char *cutspace(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

static int skip(const char **vp, const char *prefix, size_t plen)
{
	const char *v = *vp, *p = prefix, *pe = prefix + plen;
	while (p < pe) {
		if (*p == ' ') {
			if (*v && *v != ' ') {
				*vp = v;
				return -1;
			}
			while (p < pe && *p == ' ')
				p++;
			v = cutspace(v);
			continue;
		}
		if (!*v || *v != *p) {
			*vp = v;
			return -1;
		}
		p++;
		v++;
	}
	*vp = v;
	return 0;
}

static size_t signed_offset(const char *v)
{
	if (*v != '+' && *v != '-')
		return 0;
	const char *p = v + 1;
	long long x = 0;
	while (*p >= '0' && *p <= '9') {
		x = x * 10 + (*p - '0');
		if (x > 1000)
			return 0;
		p++;
	}
	if (p == v + 1 || x > 23)
		return 0;
	return (size_t)(p - v);
}

static size_t parse_tz_name(const char *v)
{
	size_t n = strlen(v);
	if (n < 3)
		return 0;
	if (n >= 4 && (!strncmp(v, "ChST", 4) || !strncmp(v, "MeST", 4)))
		return 4;
	if (!strncmp(v, "GMT", 3)) {
		if (n == 3)
			return 3;
		return 3 + signed_offset(v + 3);
	}
	if (v[0] == '+' || v[0] == '-')
		return signed_offset(v);
	size_t up;
	for (up = 0; up < 6 && up < n && v[up] >= 'A' && v[up] <= 'Z'; up++)
		;
	switch (up) {
	case 5:
		return v[4] == 'T' ? 5 : 0;
	case 4:
		return (v[3] == 'T' || !strncmp(v, "WITA", 4)) ? 4 : 0;
	case 3:
		return 3;
	}
	return 0;
}

static int parse_nanos(const char *v, size_t nbytes, int *ns, const char **range)
{
	if (v[0] != '.' && v[0] != ',')
		return -1;
	if (nbytes > 10)
		nbytes = 10;
	int x = 0;
	for (size_t i = 1; i < nbytes; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	for (size_t i = nbytes; i < 10; i++)
		x *= 10;
	*ns = x;
	(void)range;
	return 0;
}

static void perr(struct strbuf *err, const char *layout, const char *value, const char *vrest,
		 const char *lelem, size_t lelen, const char *msg)
{
	strbuf_addstr(err, "parsing time ");
	go_time_quote(err, value, strlen(value));
	if (msg) {
		strbuf_addstr(err, msg);
		return;
	}
	strbuf_addstr(err, " as ");
	go_time_quote(err, layout, strlen(layout));
	strbuf_addstr(err, ": cannot parse ");
	go_time_quote(err, vrest, strlen(vrest));
	strbuf_addstr(err, " as ");
	go_time_quote(err, lelem, lelen);
}

/* time.Date(year, month, day, hour, min, sec, nsec, loc) for loc = t->loc. */
static void make_date(struct gotime *t, int64_t year, int month, int day, int hour, int min, int sec,
		      int nsec)
{
	int64_t unix = days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
	t->nsec = nsec;
	if (t->loc == GOTIME_UTC) {
		t->sec = unix;
		return;
	}
	int off1, off2;
	char ab[64];
	zone_at(t, unix, &off1, ab, sizeof(ab));
	zone_at(t, unix - off1, &off2, ab, sizeof(ab));
	t->sec = unix - (off2 != off1 ? off2 : off1);
}

int gotime_parse(const char *alayout, const char *avalue, struct gotime *t, struct strbuf *err)
{
	const char *layout = alayout, *value = avalue;
	int am = 0, pm = 0;
	int64_t year = 0;
	int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
	int z_utc = 0, zone_off = -1;
	char zone_name[16] = "";
	memset(t, 0, sizeof(*t));
	for (;;) {
		struct chunk c;
		size_t ln = strlen(layout);
		next_chunk(layout, ln, &c);
		const char *stdstr = layout + c.prefix;
		if (skip(&value, layout, c.prefix)) {
			perr(err, alayout, avalue, value, layout, c.prefix, NULL);
			return -1;
		}
		if (c.std == STD_NONE) {
			if (*value) {
				struct strbuf m = STRBUF_INIT;
				strbuf_addstr(&m, ": extra text: ");
				go_time_quote(&m, value, strlen(value));
				perr(err, alayout, avalue, value, "", 0, m.buf);
				strbuf_release(&m);
				return -1;
			}
			break;
		}
		layout = stdstr + c.len;
		const char *range = NULL;
		int bad = 0, x;
		size_t vn = strlen(value);
		switch (c.std) {
		case STD_YEAR:
			if (vn < 2) {
				bad = 1;
				break;
			}
			bad = !is_dig(value, 0, vn) || !is_dig(value, 1, vn);
			if (bad) /* Go restores the value when the two digits do not parse */
				break;
			year = (value[0] - '0') * 10 + (value[1] - '0');
			year += year >= 69 ? 1900 : 2000;
			value += 2;
			break;
		case STD_LONG_YEAR:
			if (vn < 4 || !is_dig(value, 0, vn)) {
				bad = 1;
				break;
			}
			year = 0;
			for (int i = 0; i < 4; i++) {
				if (!is_dig(value, (size_t)i, vn))
					bad = 1;
				year = year * 10 + (value[i] - '0');
			}
			value += 4;
			break;
		case STD_MONTH:
			month = lookup_name(short_month, 12, &value) + 1;
			bad = month == 0;
			break;
		case STD_LONG_MONTH:
			month = lookup_name(long_month, 12, &value) + 1;
			bad = month == 0;
			break;
		case STD_NUM_MONTH:
		case STD_ZERO_MONTH:
			bad = getnum(&value, c.std == STD_ZERO_MONTH, &month) != 0;
			if (!bad && (month <= 0 || month > 12))
				range = "month";
			break;
		case STD_WEEKDAY:
			bad = lookup_name(short_day, 7, &value) < 0;
			break;
		case STD_LONG_WEEKDAY:
			bad = lookup_name(long_day, 7, &value) < 0;
			break;
		case STD_DAY:
		case STD_UNDER_DAY:
		case STD_ZERO_DAY:
			if (c.std == STD_UNDER_DAY && *value == ' ')
				value++;
			bad = getnum(&value, c.std == STD_ZERO_DAY, &day) != 0;
			break;
		case STD_UNDER_YEARDAY:
		case STD_ZERO_YEARDAY:
			for (int i = 0; i < 2; i++)
				if (c.std == STD_UNDER_YEARDAY && *value == ' ')
					value++;
			bad = getnum3(&value, c.std == STD_ZERO_YEARDAY, &yday) != 0;
			break;
		case STD_HOUR:
			bad = getnum(&value, 0, &hour) != 0;
			if (hour < 0 || hour >= 24)
				range = "hour";
			break;
		case STD_HOUR12:
		case STD_ZERO_HOUR12:
			bad = getnum(&value, c.std == STD_ZERO_HOUR12, &hour) != 0;
			if (hour < 0 || hour > 12)
				range = "hour";
			break;
		case STD_MINUTE:
		case STD_ZERO_MINUTE:
			bad = getnum(&value, c.std == STD_ZERO_MINUTE, &min) != 0;
			if (min < 0 || min >= 60)
				range = "minute";
			break;
		case STD_SECOND:
		case STD_ZERO_SECOND:
			bad = getnum(&value, c.std == STD_ZERO_SECOND, &sec) != 0;
			if (bad)
				break;
			if (sec < 0 || sec >= 60) {
				range = "second";
				break;
			}
			vn = strlen(value);
			if (vn >= 2 && (value[0] == '.' || value[0] == ',') && is_dig(value, 1, vn)) {
				struct chunk c2;
				next_chunk(layout, strlen(layout), &c2);
				if (c2.std == STD_FRAC0 || c2.std == STD_FRAC9)
					break;
				size_t k = 2;
				while (is_dig(value, k, vn))
					k++;
				bad = parse_nanos(value, k, &nsec, &range) != 0;
				value += k;
			}
			break;
		case STD_PM:
		case STD_pm:
			if (vn < 2) {
				bad = 1;
				break;
			}
			if (!strncmp(value, c.std == STD_PM ? "PM" : "pm", 2))
				pm = 1;
			else if (!strncmp(value, c.std == STD_PM ? "AM" : "am", 2))
				am = 1;
			else
				bad = 1;
			value += 2;
			break;
		case STD_ISO_TZ: case STD_ISO_COLON_TZ: case STD_ISO_SECONDS_TZ: case STD_ISO_SHORT_TZ:
		case STD_ISO_COLON_SECONDS_TZ: case STD_NUM_TZ: case STD_NUM_COLON_TZ:
		case STD_NUM_SECONDS_TZ: case STD_NUM_SHORT_TZ: case STD_NUM_COLON_SECONDS_TZ: {
			if ((c.std == STD_ISO_TZ || c.std == STD_ISO_SHORT_TZ || c.std == STD_ISO_COLON_TZ) &&
			    *value == 'Z') {
				value++;
				z_utc = 1;
				break;
			}
			char hh[3] = "00", mm[3] = "00", ss[3] = "00", sign;
			size_t need;
			int s = c.std;
			if (s == STD_ISO_COLON_TZ || s == STD_NUM_COLON_TZ) {
				need = 6;
				if (vn < need || value[3] != ':') {
					bad = 1;
					break;
				}
				memcpy(hh, value + 1, 2);
				memcpy(mm, value + 4, 2);
			} else if (s == STD_NUM_SHORT_TZ || s == STD_ISO_SHORT_TZ) {
				need = 3;
				if (vn < need) {
					bad = 1;
					break;
				}
				memcpy(hh, value + 1, 2);
			} else if (s == STD_ISO_COLON_SECONDS_TZ || s == STD_NUM_COLON_SECONDS_TZ) {
				need = 9;
				if (vn < need || value[3] != ':' || value[6] != ':') {
					bad = 1;
					break;
				}
				memcpy(hh, value + 1, 2);
				memcpy(mm, value + 4, 2);
				memcpy(ss, value + 7, 2);
			} else if (s == STD_ISO_SECONDS_TZ || s == STD_NUM_SECONDS_TZ) {
				need = 7;
				if (vn < need) {
					bad = 1;
					break;
				}
				memcpy(hh, value + 1, 2);
				memcpy(mm, value + 3, 2);
				memcpy(ss, value + 5, 2);
			} else {
				need = 5;
				if (vn < need) {
					bad = 1;
					break;
				}
				memcpy(hh, value + 1, 2);
				memcpy(mm, value + 3, 2);
			}
			sign = value[0];
			value += need;
			int h = 0, m = 0, se = 0;
			const char *q;
			q = hh;
			bad |= getnum(&q, 1, &h) != 0;
			q = mm;
			bad |= getnum(&q, 1, &m) != 0;
			q = ss;
			bad |= getnum(&q, 1, &se) != 0;
			if (bad)
				break;
			zone_off = (h * 60 + m) * 60 + se;
			if (sign == '-')
				zone_off = -zone_off;
			else if (sign != '+')
				bad = 1;
			break;
		}
		case STD_TZ: {
			if (vn >= 3 && !strncmp(value, "UTC", 3)) {
				z_utc = 1;
				value += 3;
				break;
			}
			size_t k = parse_tz_name(value);
			if (!k || k >= sizeof(zone_name)) {
				bad = 1;
				break;
			}
			memcpy(zone_name, value, k);
			zone_name[k] = 0;
			value += k;
			break;
		}
		case STD_FRAC0: {
			size_t nd = 1 + (size_t)c.digits;
			if (vn < nd) {
				bad = 1;
				break;
			}
			bad = parse_nanos(value, nd, &nsec, &range) != 0;
			value += nd;
			break;
		}
		case STD_FRAC9: {
			if (vn < 2 || (value[0] != '.' && value[0] != ',') || !is_dig(value, 1, vn))
				break;
			size_t i = 0;
			while (is_dig(value, i + 1, vn))
				i++;
			bad = parse_nanos(value, 1 + i, &nsec, &range) != 0;
			value += 1 + i;
			break;
		}
		}
		if (range) {
			char *m = xasprintf(": %s out of range", range);
			perr(err, alayout, avalue, value, stdstr, c.len, m);
			free(m);
			return -1;
		}
		if (bad) {
			/* Go 1.19 (helmref) reports the value after the element was consumed */
			perr(err, alayout, avalue, value, stdstr, c.len, NULL);
			return -1;
		}
		(void)x;
	}
	if (pm && hour < 12)
		hour += 12;
	else if (am && hour == 12)
		hour = 0;
	if (yday >= 0) {
		int d = 0, m = 0;
		if (is_leap(year)) {
			if (yday == 31 + 29) {
				m = 2;
				d = 29;
			} else if (yday > 31 + 29) {
				yday--;
			}
		}
		if (yday < 1 || yday > 365) {
			perr(err, alayout, avalue, value, "", 0, ": day-of-year out of range");
			return -1;
		}
		if (m == 0) {
			static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
			m = (yday - 1) / 31 + 1;
			if (before[m] < yday)
				m++;
			d = yday - before[m - 1];
		}
		if (month >= 0 && month != m) {
			perr(err, alayout, avalue, value, "", 0, ": day-of-year does not match month");
			return -1;
		}
		month = m;
		if (day >= 0 && day != d) {
			perr(err, alayout, avalue, value, "", 0, ": day-of-year does not match day");
			return -1;
		}
		day = d;
	} else {
		if (month < 0)
			month = 1;
		if (day < 0)
			day = 1;
	}
	if (day < 1 || day > days_in(month, year)) {
		perr(err, alayout, avalue, value, "", 0, ": day out of range");
		return -1;
	}
	if (z_utc) {
		t->loc = GOTIME_UTC;
		make_date(t, year, month, day, hour, min, sec, nsec);
		return 0;
	}
	if (zone_off != -1) {
		t->loc = GOTIME_UTC;
		make_date(t, year, month, day, hour, min, sec, nsec);
		t->sec -= zone_off;
		struct gotime l = {.loc = GOTIME_LOCAL};
		int off;
		char ab[64];
		zone_at(&l, t->sec, &off, ab, sizeof(ab));
		if (off == zone_off && (!zone_name[0] || !strcmp(ab, zone_name))) {
			t->loc = GOTIME_LOCAL;
			return 0;
		}
		t->loc = GOTIME_FIXED;
		snprintf(t->zone, sizeof(t->zone), "%s", zone_name);
		t->fixed_off = zone_off;
		return 0;
	}
	if (zone_name[0]) {
		t->loc = GOTIME_UTC;
		make_date(t, year, month, day, hour, min, sec, nsec);
		struct gotime l = {.loc = GOTIME_LOCAL};
		int off;
		char ab[64];
		zone_at(&l, t->sec, &off, ab, sizeof(ab));
		if (!strcmp(ab, zone_name)) {
			t->sec -= off;
			t->loc = GOTIME_LOCAL;
			return 0;
		}
		int o = 0;
		if (strlen(zone_name) > 3 && !strncmp(zone_name, "GMT", 3))
			o = atoi(zone_name + 3) * 3600;
		t->loc = GOTIME_FIXED;
		snprintf(t->zone, sizeof(t->zone), "%s", zone_name);
		t->fixed_off = o;
		return 0;
	}
	t->loc = GOTIME_LOCAL;
	make_date(t, year, month, day, hour, min, sec, nsec);
	return 0;
}

/* ---- durations ---- */

/* fmtFrac: writes the fraction of v/10^prec (trailing zeros dropped) backwards. */
static int fmt_frac(char *buf, int w, uint64_t *v, int prec)
{
	int print = 0;
	for (int i = 0; i < prec; i++) {
		int digit = (int)(*v % 10);
		print = print || digit != 0;
		if (print)
			buf[--w] = (char)('0' + digit);
		*v /= 10;
	}
	if (print)
		buf[--w] = '.';
	return w;
}

static int fmt_int(char *buf, int w, uint64_t v)
{
	if (v == 0) {
		buf[--w] = '0';
	} else {
		while (v > 0) {
			buf[--w] = (char)('0' + v % 10);
			v /= 10;
		}
	}
	return w;
}

void go_duration_string(int64_t d, struct strbuf *out)
{
	char buf[32];
	int w = (int)sizeof(buf);
	uint64_t u = (uint64_t)d;
	int neg = d < 0;
	if (neg)
		u = 0 - u;
	if (u < 1000000000ULL) {
		int prec = 0;
		buf[--w] = 's';
		w--;
		if (u == 0) {
			strbuf_addstr(out, "0s");
			return;
		} else if (u < 1000ULL) {
			prec = 0;
			buf[w] = 'n';
		} else if (u < 1000000ULL) {
			prec = 3;
			w--;
			buf[w] = '\xc2';
			buf[w + 1] = '\xb5';
		} else {
			prec = 6;
			buf[w] = 'm';
		}
		w = fmt_frac(buf, w, &u, prec);
		w = fmt_int(buf, w, u);
	} else {
		buf[--w] = 's';
		w = fmt_frac(buf, w, &u, 9);
		w = fmt_int(buf, w, u % 60);
		u /= 60;
		if (u > 0) {
			buf[--w] = 'm';
			w = fmt_int(buf, w, u % 60);
			u /= 60;
			if (u > 0) {
				buf[--w] = 'h';
				w = fmt_int(buf, w, u);
			}
		}
	}
	if (neg)
		buf[--w] = '-';
	strbuf_add(out, buf + w, sizeof(buf) - (size_t)w);
}
