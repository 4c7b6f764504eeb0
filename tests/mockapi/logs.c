/* logs.c: deterministic synthetic container logs, plus lines appended through
 * the admin-only POST /mock/logs/NS/POD/CONTAINER. Callers hold g_lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/mockapi/mock.h"

struct extra {
	char *key; /* ns/pod/container */
	double t;
	char *line;
};
static struct extra *extras;
static size_t nextras, aextras;

static const char *nginx_lines[] = {
	"/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
	"/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
	"/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
	"10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
	"10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
	"/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
	"/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
	"/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
	"/docker-entrypoint.sh: Configuration complete; ready for start up",
	"%s [notice] 1#1: using the \"epoll\" event method",
	"%s [notice] 1#1: nginx/1.27.3",
	"%s [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)",
	"%s [notice] 1#1: OS: Linux 6.1.0-kc-mock",
	"%s [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
	"%s [notice] 1#1: start worker processes",
	"%s [notice] 1#1: start worker process 29",
	NULL,
};

static void ts_nano(double t, char *buf, size_t n)
{
	/* microsecond precision, so sums of milliseconds print exactly */
	long long us = (long long)(t * 1e6 + 0.5);
	time_t s = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&s, &tm);
	long ns = (long)(us % 1000000) * 1000;
	char d[32];
	strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, n, "%.20s.%09dZ", d, (int)ns);
}

/* "echo a b" in the command or args → "a b" (new string), else NULL */
static char *echo_text(const json_t *pod, const char *container)
{
	size_t i;
	json_t *c, *x;
	json_array_foreach(jget(pod, "spec.containers"), i, c) {
		if (strcmp(S(jstr(c, "name")), container))
			continue;
		struct strbuf sb = STRBUF_INIT;
		size_t k;
		json_array_foreach(json_object_get(c, "command"), k, x)
			strbuf_addf(&sb, "%s%s", sb.len ? " " : "", json_string_value(x) ? json_string_value(x) : "");
		json_array_foreach(json_object_get(c, "args"), k, x)
			strbuf_addf(&sb, "%s%s", sb.len ? " " : "", json_string_value(x) ? json_string_value(x) : "");
		char *e = strstr(sb.buf, "echo ");
		char *out = NULL;
		if (e) {
			e += 5;
			size_t len = strcspn(e, ";&|");
			while (len && e[len - 1] == ' ')
				len--;
			out = xstrndup(e, len);
			/* strip one level of quotes */
			size_t ol = strlen(out);
			if (ol >= 2 && (out[0] == '"' || out[0] == '\'') && out[ol - 1] == out[0]) {
				memmove(out, out + 1, ol - 2);
				out[ol - 2] = 0;
			}
		}
		strbuf_release(&sb);
		return out;
	}
	return NULL;
}

struct line {
	double t;
	char *text;
};

void logs_lines(const json_t *pod, const char *container, struct strbuf *out, int timestamps,
	long tail, double since, long limit_bytes, int previous)
{
	const char *image = "";
	size_t i;
	json_t *c;
	json_array_foreach(jget(pod, "spec.containers"), i, c)
		if (!strcmp(S(jstr(c, "name")), container))
			image = jstr(c, "image") ? jstr(c, "image") : "";
	double start = now_seconds();
	json_array_foreach(jget(pod, "status.containerStatuses"), i, c) {
		if (strcmp(S(jstr(c, "name")), container))
			continue;
		const char *t = previous ? jstr(c, "lastState.terminated.startedAt") :
			jstr(c, "state.running.startedAt");
		if (!t && !previous)
			t = jstr(c, "state.terminated.startedAt");
		if (t)
			start = parse_rfc3339(t);
	}
	struct line lines[64 + 4096];
	size_t n = 0;
	char *echo = NULL;
	if (strstr(image, "nginx")) {
		time_t s = (time_t)start;
		struct tm tm;
		gmtime_r(&s, &tm);
		char d[32];
		strftime(d, sizeof(d), "%Y/%m/%d %H:%M:%S", &tm);
		for (int k = 0; nginx_lines[k]; k++) {
			lines[n].t = start + k * 0.001;
			lines[n].text = strstr(nginx_lines[k], "%s") ? xasprintf(nginx_lines[k], d) :
				xstrdup(nginx_lines[k]);
			n++;
		}
	} else if ((echo = echo_text(pod, container))) {
		char *t = echo;
		char *save = NULL;
		for (char *x = strtok_r(t, "\n", &save); x && n < 64; x = strtok_r(NULL, "\n", &save)) {
			lines[n].t = start + n * 0.001;
			lines[n].text = xstrdup(x);
			n++;
		}
		free(t);
	} else {
		const char *pname = jstr(pod, "metadata.name");
		for (int k = 1; k <= 10; k++) {
			lines[n].t = start + k * 0.001;
			lines[n].text = xasprintf("%s %s line %d", pname, container, k);
			n++;
		}
	}
	char *key = xasprintf("%s/%s/%s", jstr(pod, "metadata.namespace"), jstr(pod, "metadata.name"),
		container);
	for (size_t k = 0; !previous && k < nextras && n < sizeof(lines) / sizeof(lines[0]); k++)
		if (!strcmp(extras[k].key, key)) {
			lines[n].t = extras[k].t;
			lines[n].text = xstrdup(extras[k].line);
			n++;
		}
	free(key);
	size_t first = 0;
	if (since >= 0)
		while (first < n && lines[first].t < since)
			first++;
	if (tail >= 0 && n - first > (size_t)tail)
		first = n - (size_t)tail;
	size_t base = out->len;
	for (size_t k = first; k < n; k++) {
		if (timestamps) {
			char tb[48];
			ts_nano(lines[k].t, tb, sizeof(tb));
			strbuf_addf(out, "%s ", tb);
		}
		strbuf_addstr(out, lines[k].text);
		strbuf_addch(out, '\n');
	}
	for (size_t k = 0; k < n; k++)
		free(lines[k].text);
	if (limit_bytes >= 0 && out->len - base > (size_t)limit_bytes)
		strbuf_setlen(out, base + (size_t)limit_bytes);
}

void logs_append(const char *ns, const char *pod, const char *container, const char *line)
{
	if (nextras == aextras) {
		aextras = aextras ? aextras * 2 : 64;
		extras = xrealloc(extras, aextras * sizeof(*extras));
	}
	extras[nextras].key = xasprintf("%s/%s/%s", ns, pod, container);
	extras[nextras].t = now_seconds();
	extras[nextras].line = xstrdup(line);
	nextras++;
}

size_t logs_extra_count(const char *ns, const char *pod, const char *container)
{
	char *key = xasprintf("%s/%s/%s", ns, pod, container);
	size_t c = 0;
	for (size_t k = 0; k < nextras; k++)
		if (!strcmp(extras[k].key, key))
			c++;
	free(key);
	return c;
}

void logs_extra_from(const char *ns, const char *pod, const char *container, size_t from,
	int timestamps, struct strbuf *out)
{
	char *key = xasprintf("%s/%s/%s", ns, pod, container);
	size_t c = 0;
	for (size_t k = 0; k < nextras; k++) {
		if (strcmp(extras[k].key, key))
			continue;
		if (c++ < from)
			continue;
		if (timestamps) {
			char tb[48];
			ts_nano(extras[k].t, tb, sizeof(tb));
			strbuf_addf(out, "%s ", tb);
		}
		strbuf_addstr(out, extras[k].line);
		strbuf_addch(out, '\n');
	}
	free(key);
}

void logs_free(void)
{
	for (size_t k = 0; k < nextras; k++) {
		free(extras[k].key);
		free(extras[k].line);
	}
	free(extras);
	extras = NULL;
	nextras = aextras = 0;
}
