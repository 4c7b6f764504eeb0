/* kube/logs.c: which pods and containers kubectl logs reads. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kube/logs.h"
#include "kube/targets.h"
#include "util/strvec.h"

void kc_log_reqs_release(struct kc_log_reqs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].ns);
		free(r->v[i].pod);
		free(r->v[i].container);
		free(r->v[i].path);
		free(r->v[i].prefix);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->alloc = 0;
}

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void path_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

static void add_req(struct kc_log_reqs *out, const char *ns, const char *pod, const char *container,
		    const struct kc_log_opts *o)
{
	if (out->n == out->alloc) {
		out->alloc = out->alloc * 2 + 8;
		out->v = xrealloc(out->v, out->alloc * sizeof(*out->v));
	}
	struct kc_log_req *r = &out->v[out->n++];
	r->ns = xstrdup(ns);
	r->pod = xstrdup(pod);
	r->container = xstrdup(container);
	r->prefix = xasprintf("[pod/%s/%s] ", pod, container);
	struct strbuf p = STRBUF_INIT;
	strbuf_addstr(&p, "/api/v1/namespaces/");
	path_escape(&p, ns);
	strbuf_addstr(&p, "/pods/");
	path_escape(&p, pod);
	strbuf_addstr(&p, "/log?container=");
	kc_query_escape(&p, container);
	/* url.Values.Encode: keys in sorted order */
	if (o->follow)
		strbuf_addstr(&p, "&follow=true");
	if (o->insecure_backend)
		strbuf_addstr(&p, "&insecureSkipTLSVerifyBackend=true");
	if (o->limit_bytes)
		strbuf_addf(&p, "&limitBytes=%lld", o->limit_bytes);
	if (o->previous)
		strbuf_addstr(&p, "&previous=true");
	if (o->since_seconds)
		strbuf_addf(&p, "&sinceSeconds=%lld", o->since_seconds);
	if (o->since_time) {
		strbuf_addstr(&p, "&sinceTime=");
		kc_query_escape(&p, o->since_time);
	}
	if (o->tail != -1)
		strbuf_addf(&p, "&tailLines=%lld", o->tail);
	if (o->timestamps)
		strbuf_addstr(&p, "&timestamps=true");
	r->path = strbuf_detach(&p, NULL);
}

static int has_container(const json_t *spec, const char *name)
{
	static const char *const lists[] = { "containers", "initContainers", "ephemeralContainers" };
	for (int l = 0; l < 3; l++) {
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(spec, lists[l]), i, c)
			if (!strcmp(sget(c, "name"), name))
				return 1;
	}
	return 0;
}

int kc_logs_for_pod(const json_t *pod, const struct kc_log_opts *o, int all_containers,
		    struct kc_log_reqs *out, struct strbuf *notices, struct kc_err *err)
{
	const json_t *meta = json_object_get(pod, "metadata"), *spec = json_object_get(pod, "spec");
	const char *name = sget(meta, "name"), *ns = sget(meta, "namespace");
	if (all_containers) {
		static const char *const lists[] = { "initContainers", "containers", "ephemeralContainers" };
		for (int l = 0; l < 3; l++) {
			size_t i;
			json_t *c;
			json_array_foreach(json_object_get(spec, lists[l]), i, c)
				add_req(out, ns, name, sget(c, "name"), o);
		}
		return 0;
	}
	const char *container = o->container;
	if (!*container) {
		const char *def = sget(json_object_get(meta, "annotations"), "kubectl.kubernetes.io/default-container");
		if (*def) {
			if (!has_container(spec, def))
				strbuf_addf(notices, "Default container name \"%s\" not found in pod %s\n", def, name);
			else
				container = def;
		}
	}
	if (!*container) {
		json_t *cs = json_object_get(spec, "containers");
		container = sget(json_array_get(cs, 0), "name");
		size_t ninit = json_array_size(json_object_get(spec, "initContainers"));
		size_t neph = json_array_size(json_object_get(spec, "ephemeralContainers"));
		if (json_array_size(cs) > 1 || ninit || neph) {
			/* podcmd.AllContainerNames */
			struct strbuf all = STRBUF_INIT;
			static const char *const lists[] = { "containers", "initContainers", "ephemeralContainers" };
			static const char *const tags[] = { "", " (init)", " (ephem)" };
			for (int l = 0; l < 3; l++) {
				size_t i;
				json_t *c;
				json_array_foreach(json_object_get(spec, lists[l]), i, c)
					strbuf_addf(&all, "%s%s%s", all.len ? ", " : "", sget(c, "name"), tags[l]);
			}
			strbuf_addf(notices, "Defaulted container \"%s\" out of: %s\n", container, all.buf);
			strbuf_release(&all);
		}
	}
	if (!has_container(spec, container))
		return kc_err_set(err, "container %s is not valid for pod %s", container, name);
	add_req(out, ns, name, container, o);
	return 0;
}

/* ---------------------------------------------------------------- selectors */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* labels.SelectorFromSet / LabelSelectorAsSelector: requirements sorted by key. */
static void selector_string(struct strbuf *sel, const json_t *match_labels, const json_t *exprs)
{
	struct strvec reqs = STRVEC_INIT;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)match_labels, k, v)
		strvec_pushf(&reqs, "%s%c%s=%s", k, 1, k, json_string_value(v) ? json_string_value(v) : "");
	size_t i;
	json_t *e;
	json_array_foreach(exprs, i, e) {
		const char *key = sget(e, "key"), *op = sget(e, "operator");
		struct strvec vals = STRVEC_INIT;
		size_t j;
		json_t *x;
		json_array_foreach(json_object_get(e, "values"), j, x)
			strvec_push(&vals, json_string_value(x) ? json_string_value(x) : "");
		strvec_sort(&vals);
		struct strbuf r = STRBUF_INIT;
		strbuf_addf(&r, "%s%c", key, 1);
		if (!strcmp(op, "Exists")) {
			strbuf_addstr(&r, key);
		} else if (!strcmp(op, "DoesNotExist")) {
			strbuf_addf(&r, "!%s", key);
		} else {
			strbuf_addf(&r, "%s %s (", key, !strcmp(op, "NotIn") ? "notin" : "in");
			for (size_t n = 0; n < vals.nr; n++)
				strbuf_addf(&r, "%s%s", n ? "," : "", vals.v[n]);
			strbuf_addch(&r, ')');
		}
		strvec_push_nodup(&reqs, strbuf_detach(&r, NULL));
		strvec_clear(&vals);
	}
	/* sorted by key (each entry is "KEY\1TEXT") */
	qsort(reqs.v, reqs.nr, sizeof(*reqs.v), cmp_str);
	for (size_t n = 0; n < reqs.nr; n++)
		strbuf_addf(sel, "%s%s", n ? "," : "", strchr(reqs.v[n], 1) + 1);
	strvec_clear(&reqs);
}

int kc_logs_selector(const json_t *obj, const char *version, const char *kind, struct strbuf *sel,
		     struct kc_err *err)
{
	const json_t *spec = json_object_get(obj, "spec");
	const char *name = sget(json_object_get(obj, "metadata"), "name");
	if (!strcmp(kind, "Service") || !strcmp(kind, "ReplicationController")) {
		const json_t *s = json_object_get(spec, "selector");
		if (!json_object_size(s)) {
			if (!strcmp(kind, "Service"))
				return kc_err_set(err, "cannot get the logs from *%s.%s: invalid service '%s': Service is defined without a selector",
						  version, kind, name);
			return kc_err_set(err, "cannot get the logs from *%s.%s: invalid replication controller '%s': no selectors", version, kind, name);
		}
		selector_string(sel, s, NULL);
		return 0;
	}
	if (!strcmp(kind, "Deployment") || !strcmp(kind, "ReplicaSet") || !strcmp(kind, "StatefulSet") ||
	    !strcmp(kind, "DaemonSet") || !strcmp(kind, "Job")) {
		const json_t *s = json_object_get(spec, "selector");
		selector_string(sel, json_object_get(s, "matchLabels"), json_object_get(s, "matchExpressions"));
		return 0;
	}
	return kc_err_set(err, "cannot get the logs from *%s.%s: selector for *%s.%s not implemented",
			  version, kind, version, kind);
}

/* ---------------------------------------------------------------- ByLogging */

static const json_t *ready_cond(const json_t *pod)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(json_object_get(pod, "status"), "conditions"), i, c)
		if (!strcmp(sget(c, "type"), "Ready"))
			return c;
	return NULL;
}

static int is_ready(const json_t *pod)
{
	const json_t *c = ready_cond(pod);
	return c && !strcmp(sget(c, "status"), "True");
}

static long long max_restarts(const json_t *pod)
{
	long long m = 0;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(json_object_get(pod, "status"), "containerStatuses"), i, c) {
		long long r = json_integer_value(json_object_get(c, "restartCount"));
		if (r > m)
			m = r;
	}
	return m;
}

static int phase_rank(const json_t *pod)
{
	const char *p = sget(json_object_get(pod, "status"), "phase");
	if (!strcmp(p, "Running"))
		return 0;
	if (!strcmp(p, "Unknown"))
		return 1;
	if (!strcmp(p, "Pending"))
		return 2;
	return 3;
}

/* afterOrZero(t1, t2): t1 is zero, or after t2 (RFC3339 UTC strings compare as times). */
static int after_or_zero(const char *t1, const char *t2)
{
	if (!*t1 || !*t2)
		return !*t1;
	return strcmp(t1, t2) > 0;
}

static int less(const json_t *a, const json_t *b)
{
	const char *na = sget(json_object_get(a, "spec"), "nodeName");
	const char *nb = sget(json_object_get(b, "spec"), "nodeName");
	if (strcmp(na, nb) && (!*na || !*nb))
		return *na != 0;
	if (phase_rank(a) != phase_rank(b))
		return phase_rank(a) < phase_rank(b);
	if (is_ready(a) != is_ready(b))
		return is_ready(a);
	if (is_ready(a) && is_ready(b)) {
		const char *ta = sget(ready_cond(a), "lastTransitionTime");
		const char *tb = sget(ready_cond(b), "lastTransitionTime");
		if (strcmp(ta, tb))
			return after_or_zero(tb, ta);
	}
	if (max_restarts(a) != max_restarts(b))
		return max_restarts(a) > max_restarts(b);
	const char *ca = sget(json_object_get(a, "metadata"), "creationTimestamp");
	const char *cb = sget(json_object_get(b, "metadata"), "creationTimestamp");
	if (strcmp(ca, cb))
		return after_or_zero(cb, ca);
	return 0;
}

void kc_logs_sort_pods(const json_t **pods, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && less(pods[j], pods[j - 1]); j--) {
			const json_t *t = pods[j];
			pods[j] = pods[j - 1];
			pods[j - 1] = t;
		}
}

/* ---------------------------------------------------------------- since-time */

static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

char *kc_logs_since_time(const char *s, struct kc_err *err)
{
	static const char layout[] = "2006-01-02T15:04:05Z07:00";
	/* layout elements and their offsets in layout */
	static const struct { const char *elem; int width; char sep; } parts[] = {
		{ "2006", 4, '-' }, { "01", 2, '-' }, { "02", 2, 'T' }, { "15", 2, ':' },
		{ "04", 2, ':' }, { "05", 2, 0 },
	};
	const char *p = s;
	int v[6];
	for (int i = 0; i < 6; i++) {
		if (digits(&p, parts[i].width, &v[i]) < 0) {
			kc_err_set(err, "parsing time \"%s\" as \"%s\": cannot parse \"%s\" as \"%s\"", s, layout, p,
				   parts[i].elem);
			return NULL;
		}
		if (parts[i].sep) {
			if (*p != parts[i].sep) {
				char sepstr[2] = { parts[i].sep, 0 };
				kc_err_set(err, "parsing time \"%s\" as \"%s\": cannot parse \"%s\" as \"%s\"", s, layout, p, sepstr);
				return NULL;
			}
			p++;
		}
	}
	if (*p == '.' || *p == ',') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	int off = 0;
	if (*p == 'Z') {
		p++;
	} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
		   p[3] == ':' && isdigit((unsigned char)p[4]) && isdigit((unsigned char)p[5])) {
		off = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600 + ((p[4] - '0') * 10 + (p[5] - '0')) * 60;
		if (*p == '-')
			off = -off;
		p += 6;
	} else {
		kc_err_set(err, "parsing time \"%s\" as \"%s\": cannot parse \"%s\" as \"Z07:00\"", s, layout, p);
		return NULL;
	}
	if (*p) {
		kc_err_set(err, "parsing time \"%s\": extra text: \"%s\"", s, p);
		return NULL;
	}
	static const char *const what[] = { "year", "month", "day", "hour", "minute", "second" };
	static const int lo[] = { 0, 1, 1, 0, 0, 0 }, hi[] = { 9999, 12, 31, 23, 59, 59 };
	for (int i = 1; i < 6; i++)
		if (v[i] < lo[i] || v[i] > hi[i]) {
			kc_err_set(err, "parsing time \"%s\": %s out of range", s, what[i]);
			return NULL;
		}
	struct tm tm = { 0 };
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	time_t t = timegm(&tm) - off;
	struct tm u;
	gmtime_r(&t, &u);
	char buf[64];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &u);
	return xstrdup(buf);
}
