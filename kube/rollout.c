/* kube/rollout: status viewers, history helpers and DescribePodTemplate
 * (k8s.io/kubectl/pkg/polymorphichelpers, pkg/describe). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kube/rollout.h"
#include "kube/smp.h"

enum kc_rollout_kind kc_rollout_kind_of(const char *group, const char *kind)
{
	if (!group || !kind || strcmp(group, "apps"))
		return KC_RK_NONE;
	if (!strcmp(kind, "Deployment"))
		return KC_RK_DEPLOYMENT;
	if (!strcmp(kind, "DaemonSet"))
		return KC_RK_DAEMONSET;
	if (!strcmp(kind, "StatefulSet"))
		return KC_RK_STATEFULSET;
	return KC_RK_NONE;
}

/* a borrowed value at a dotted path */
static const json_t *jget(const json_t *o, const char *path)
{
	char key[128];
	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = 0;
		o = json_object_get(o, key);
		path += n + (dot ? 1 : 0);
	}
	return o;
}

static long long jint(const json_t *o, const char *path)
{
	const json_t *v = jget(o, path);
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static const char *jstr(const json_t *o, const char *path)
{
	const char *s = json_string_value(jget(o, path));
	return s ? s : "";
}

long long kc_deployment_revision(const json_t *obj, int *ok)
{
	/* the key holds dots: look it up directly */
	const char *v = json_string_value(json_object_get(jget(obj, "metadata.annotations"), "deployment.kubernetes.io/revision"));
	*ok = 1;
	if (!v)
		return 0;
	char *end;
	long long r = strtoll(v, &end, 10);
	if (!*v || *end) {
		*ok = 0;
		return -1;
	}
	return r;
}

int kc_rollout_status(enum kc_rollout_kind k, const json_t *obj, long long revision,
		      struct strbuf *msg, int *done, struct kc_err *err)
{
	const char *name = jstr(obj, "metadata.name");
	long long gen = jint(obj, "metadata.generation");
	long long observed = jint(obj, "status.observedGeneration");
	const json_t *replicas = jget(obj, "spec.replicas");
	*done = 0;
	if (k == KC_RK_DEPLOYMENT) {
		if (revision > 0) {
			int ok;
			long long r = kc_deployment_revision(obj, &ok);
			if (!ok)
				return kc_err_set(err, "cannot get the revision of deployment \"%s\": strconv.ParseInt: parsing \"%s\": invalid syntax",
						  name, json_string_value(json_object_get(jget(obj, "metadata.annotations"), "deployment.kubernetes.io/revision")));
			if (r != revision)
				return kc_err_set(err, "desired revision (%lld) is different from the running revision (%lld)", revision, r);
		}
		if (gen <= observed) {
			const json_t *conds = jget(obj, "status.conditions");
			size_t i;
			const json_t *c;
			json_array_foreach(conds, i, c) {
				if (!strcmp(jstr(c, "type"), "Progressing") &&
				    !strcmp(jstr(c, "reason"), "ProgressDeadlineExceeded"))
					return kc_err_set(err, "deployment \"%s\" exceeded its progress deadline", name);
			}
			long long updated = jint(obj, "status.updatedReplicas");
			long long cur = jint(obj, "status.replicas");
			long long avail = jint(obj, "status.availableReplicas");
			if (json_is_integer(replicas) && updated < json_integer_value(replicas)) {
				strbuf_addf(msg, "Waiting for deployment \"%s\" rollout to finish: %lld out of %lld new replicas have been updated...\n",
					    name, updated, (long long)json_integer_value(replicas));
			} else if (cur > updated) {
				strbuf_addf(msg, "Waiting for deployment \"%s\" rollout to finish: %lld old replicas are pending termination...\n",
					    name, cur - updated);
			} else if (avail < updated) {
				strbuf_addf(msg, "Waiting for deployment \"%s\" rollout to finish: %lld of %lld updated replicas are available...\n",
					    name, avail, updated);
			} else {
				strbuf_addf(msg, "deployment \"%s\" successfully rolled out\n", name);
				*done = 1;
			}
			return 0;
		}
		strbuf_addstr(msg, "Waiting for deployment spec update to be observed...\n");
		return 0;
	}
	if (k == KC_RK_DAEMONSET) {
		if (strcmp(jstr(obj, "spec.updateStrategy.type"), "RollingUpdate")) {
			*done = 1;
			return kc_err_set(err, "rollout status is only available for RollingUpdate strategy type");
		}
		if (gen <= observed) {
			long long upd = jint(obj, "status.updatedNumberScheduled");
			long long desired = jint(obj, "status.desiredNumberScheduled");
			long long avail = jint(obj, "status.numberAvailable");
			if (upd < desired)
				strbuf_addf(msg, "Waiting for daemon set \"%s\" rollout to finish: %lld out of %lld new pods have been updated...\n",
					    name, upd, desired);
			else if (avail < desired)
				strbuf_addf(msg, "Waiting for daemon set \"%s\" rollout to finish: %lld of %lld updated pods are available...\n",
					    name, avail, desired);
			else {
				strbuf_addf(msg, "daemon set \"%s\" successfully rolled out\n", name);
				*done = 1;
			}
			return 0;
		}
		strbuf_addstr(msg, "Waiting for daemon set spec update to be observed...\n");
		return 0;
	}
	if (k == KC_RK_STATEFULSET) {
		if (strcmp(jstr(obj, "spec.updateStrategy.type"), "RollingUpdate")) {
			*done = 1;
			return kc_err_set(err, "rollout status is only available for RollingUpdate strategy type");
		}
		if (observed == 0 || gen > observed) {
			strbuf_addstr(msg, "Waiting for statefulset spec update to be observed...\n");
			return 0;
		}
		long long ready = jint(obj, "status.readyReplicas");
		long long upd = jint(obj, "status.updatedReplicas");
		if (json_is_integer(replicas) && ready < json_integer_value(replicas)) {
			strbuf_addf(msg, "Waiting for %lld pods to be ready...\n",
				    (long long)json_integer_value(replicas) - ready);
			return 0;
		}
		const json_t *ru = jget(obj, "spec.updateStrategy.rollingUpdate");
		if (json_is_object(ru)) {
			const json_t *part = json_object_get(ru, "partition");
			if (json_is_integer(replicas) && json_is_integer(part)) {
				long long want = json_integer_value(replicas) - json_integer_value(part);
				if (upd < want) {
					strbuf_addf(msg, "Waiting for partitioned roll out to finish: %lld out of %lld new pods have been updated...\n",
						    upd, want);
					return 0;
				}
			}
			strbuf_addf(msg, "partitioned roll out complete: %lld new pods have been updated...\n", upd);
			*done = 1;
			return 0;
		}
		const char *ur = jstr(obj, "status.updateRevision"), *cr = jstr(obj, "status.currentRevision");
		if (strcmp(ur, cr)) {
			strbuf_addf(msg, "waiting for statefulset rolling update to complete %lld pods at revision %s...\n",
				    upd, ur);
			return 0;
		}
		strbuf_addf(msg, "statefulset rolling update complete %lld pods at revision %s...\n",
			    jint(obj, "status.currentReplicas"), cr);
		*done = 1;
		return 0;
	}
	return kc_err_set(err, "no status viewer has been implemented");
}

/* ---------------------------------------------------------------- selectors */

struct req {
	const char *key;
	struct strbuf text;
};

static int req_cmp(const void *a, const void *b)
{
	return strcmp(((const struct req *)a)->key, ((const struct req *)b)->key);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int kc_label_selector_string(const json_t *sel, struct strbuf *out, struct kc_err *err)
{
	const json_t *ml = json_object_get(sel, "matchLabels");
	const json_t *me = json_object_get(sel, "matchExpressions");
	size_t n = json_object_size(ml) + json_array_size(me), k = 0;
	if (!n)
		return 0;
	struct req *reqs = calloc(n, sizeof(*reqs));
	const char *key;
	const json_t *v;
	int ret = 0;
	json_object_foreach((json_t *)ml, key, v) {
		reqs[k].key = key;
		strbuf_init(&reqs[k].text, 0);
		strbuf_addf(&reqs[k].text, "%s=%s", key, json_string_value(v) ? json_string_value(v) : "");
		k++;
	}
	size_t i;
	json_array_foreach(me, i, v) {
		const char *ekey = jstr(v, "key"), *op = jstr(v, "operator");
		const json_t *vals = json_object_get(v, "values");
		reqs[k].key = ekey;
		strbuf_init(&reqs[k].text, 0);
		k++;
		struct strbuf *t = &reqs[k - 1].text;
		if (!strcmp(op, "In") || !strcmp(op, "NotIn")) {
			size_t nv = json_array_size(vals);
			if (!nv) {
				ret = kc_err_set(err, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
				goto out;
			}
			const char **sv = calloc(nv, sizeof(*sv));
			for (size_t j = 0; j < nv; j++)
				sv[j] = json_string_value(json_array_get(vals, j)) ? json_string_value(json_array_get(vals, j)) : "";
			qsort(sv, nv, sizeof(*sv), str_cmp);
			strbuf_addf(t, "%s %s (", ekey, !strcmp(op, "In") ? "in" : "notin");
			for (size_t j = 0; j < nv; j++)
				if (!j || strcmp(sv[j], sv[j - 1]))
					strbuf_addf(t, "%s%s", j ? "," : "", sv[j]);
			strbuf_addch(t, ')');
			free(sv);
		} else if (!strcmp(op, "Exists")) {
			strbuf_addstr(t, ekey);
		} else if (!strcmp(op, "DoesNotExist")) {
			strbuf_addf(t, "!%s", ekey);
		} else {
			ret = kc_err_set(err, "\"%s\" is not a valid label selector operator", op);
			goto out;
		}
	}
	qsort(reqs, k, sizeof(*reqs), req_cmp);
	for (i = 0; i < k; i++)
		strbuf_addf(out, "%s%s", i ? "," : "", reqs[i].text.buf);
out:
	for (i = 0; i < k; i++)
		strbuf_release(&reqs[i].text);
	free(reqs);
	return ret;
}

int kc_is_controlled_by(const json_t *obj, const json_t *owner)
{
	const char *uid = jstr(owner, "metadata.uid");
	size_t i;
	const json_t *r;
	json_array_foreach(jget(obj, "metadata.ownerReferences"), i, r) {
		if (json_is_true(json_object_get(r, "controller")))
			return !strcmp(jstr(r, "uid"), uid);
	}
	return 0;
}

static json_t *template_no_hash(const json_t *t)
{
	json_t *c = json_deep_copy(t ? t : json_null());
	json_t *labels = json_object_get(json_object_get(c, "metadata"), "labels");
	json_object_del(labels, "pod-template-hash");
	return c;
}

/* apimachinery's Semantic.DeepEqual treats nil and empty maps/slices alike for
 * the template's labels/annotations; compare after dropping empty containers. */
static void drop_empty(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x, *tmp;
		json_object_foreach_safe(v, tmp, k, x) {
			drop_empty(x);
			if ((json_is_object(x) && !json_object_size(x) && strcmp(k, "resources")) ||
			    (json_is_array(x) && !json_array_size(x)) || json_is_null(x))
				json_object_del(v, k);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			drop_empty(x);
	}
}

int kc_template_equal_ignore_hash(const json_t *a, const json_t *b)
{
	json_t *x = template_no_hash(a), *y = template_no_hash(b);
	drop_empty(x);
	drop_empty(y);
	int eq = json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return eq;
}

json_t *kc_controller_revision_template(const json_t *cr)
{
	const json_t *t = jget(cr, "data.spec.template");
	if (!json_is_object(t))
		return NULL;
	json_t *c = json_deep_copy(t);
	json_object_del(c, "$patch");
	return c;
}

json_t *kc_controller_revision_apply(const json_t *obj, const json_t *cr)
{
	const json_t *data = json_object_get(cr, "data");
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	if (!json_is_object(data))
		return NULL;
	json_t *res = smp_apply(obj, data, "apps", kind ? kind : "", NULL);
	/* kubectl decodes the result into the typed object: fields Go always
	 * encodes come back (creationTimestamp: null, resources: {}) */
	json_t *tmpl = json_object_get(json_object_get(res, "spec"), "template");
	if (json_is_object(tmpl)) {
		json_t *meta = json_object_get(tmpl, "metadata");
		if (!json_is_object(meta)) {
			meta = json_object();
			json_object_set_new(tmpl, "metadata", meta);
		}
		if (!json_object_get(meta, "creationTimestamp"))
			json_object_set_new(meta, "creationTimestamp", json_null());
		json_t *spec = json_object_get(tmpl, "spec");
		static const char *const lists[] = { "initContainers", "containers" };
		for (int l = 0; l < 2; l++) {
			size_t i;
			json_t *c;
			json_array_foreach(json_object_get(spec, lists[l]), i, c)
				if (json_is_object(c) && !json_object_get(c, "resources"))
					json_object_set_new(c, "resources", json_object());
		}
	}
	return res;
}

/* ---------------------------------------------------------------- describe */

static void w(struct strbuf *out, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void w(struct strbuf *out, int level, const char *fmt, ...)
{
	for (int i = 0; i < level; i++)
		strbuf_addstr(out, "  ");
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(out, fmt, ap);
	va_end(ap);
}

static const char **sorted_keys(const json_t *obj, size_t *n, const char *skip)
{
	size_t k = 0;
	const char **keys = calloc(json_object_size(obj) + 1, sizeof(*keys));
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v)
		if (!skip || strcmp(key, skip))
			keys[k++] = key;
	qsort(keys, k, sizeof(*keys), str_cmp);
	*n = k;
	return keys;
}

static const char *sval(const json_t *v)
{
	return json_string_value(v) ? json_string_value(v) : "";
}

static void print_labels_multiline(struct strbuf *out, const char *title, const json_t *labels)
{
	w(out, 0, "%s:\t", title);
	size_t n;
	const char **keys = sorted_keys(labels, &n, NULL);
	if (!n)
		strbuf_addstr(out, "<none>\n");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, "\t");
		strbuf_addf(out, "%s=%s\n", keys[i], sval(json_object_get(labels, keys[i])));
	}
	free(keys);
}

static void print_annotations_multiline(struct strbuf *out, const char *title, const json_t *ann)
{
	w(out, 0, "%s:\t", title);
	size_t n;
	const char **keys = sorted_keys(ann, &n, "kubectl.kubernetes.io/last-applied-configuration");
	if (!n)
		strbuf_addstr(out, "<none>\n");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, "\t");
		const char *v = sval(json_object_get(ann, keys[i]));
		size_t vl = strlen(v);
		if (vl && v[vl - 1] == '\n')
			vl--;
		if (vl + strlen(keys[i]) + 2 > 140 || memchr(v, '\n', vl)) {
			strbuf_addf(out, "%s:\n", keys[i]);
			const char *p = v, *end = v + vl;
			for (;;) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
				strbuf_addstr(out, "\t  ");
				strbuf_add(out, p, ln > 138 ? 138 : ln);
				if (ln > 138)
					strbuf_addstr(out, "...");
				strbuf_addch(out, '\n');
				if (!nl)
					break;
				p = nl + 1;
			}
		} else {
			strbuf_addf(out, "%s: ", keys[i]);
			strbuf_add(out, v, vl);
			strbuf_addch(out, '\n');
		}
	}
	free(keys);
}

/* intstr / quantity as Go prints them */
static void add_scalar(struct strbuf *out, const json_t *v)
{
	if (json_is_integer(v))
		strbuf_addf(out, "%lld", (long long)json_integer_value(v));
	else if (json_is_string(v))
		strbuf_addstr(out, json_string_value(v));
}

static void describe_probe(struct strbuf *out, const json_t *p)
{
	struct strbuf attrs = STRBUF_INIT;
	strbuf_addf(&attrs, "delay=%llds timeout=%llds period=%llds #success=%lld #failure=%lld",
		    jint(p, "initialDelaySeconds"), jint(p, "timeoutSeconds"), jint(p, "periodSeconds"),
		    jint(p, "successThreshold"), jint(p, "failureThreshold"));
	const json_t *x;
	if ((x = json_object_get(p, "exec"))) {
		strbuf_addstr(out, "exec [");
		size_t i;
		const json_t *c;
		json_array_foreach(json_object_get(x, "command"), i, c)
			strbuf_addf(out, "%s%s", i ? " " : "", sval(c));
		strbuf_addf(out, "] %s", attrs.buf);
	} else if ((x = json_object_get(p, "httpGet"))) {
		struct strbuf port = STRBUF_INIT;
		add_scalar(&port, json_object_get(x, "port"));
		const char *scheme = jstr(x, "scheme");
		strbuf_addstr(out, "http-get ");
		if (*scheme) {
			for (const char *s = scheme; *s; s++)
				strbuf_addch(out, *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
			strbuf_addstr(out, "://");
		} else {
			strbuf_addstr(out, "//");
		}
		const char *host = jstr(x, "host");
		if (port.len) {
			if (strchr(host, ':'))
				strbuf_addf(out, "[%s]:%s", host, port.buf);
			else
				strbuf_addf(out, "%s:%s", host, port.buf);
		} else {
			strbuf_addstr(out, host);
		}
		const char *path = jstr(x, "path");
		if (*path && *path != '/')
			strbuf_addch(out, '/');
		strbuf_addf(out, "%s %s", path, attrs.buf);
		strbuf_release(&port);
	} else if ((x = json_object_get(p, "tcpSocket"))) {
		strbuf_addf(out, "tcp-socket %s:", jstr(x, "host"));
		add_scalar(out, json_object_get(x, "port"));
		strbuf_addf(out, " %s", attrs.buf);
	} else if ((x = json_object_get(p, "grpc"))) {
		strbuf_addf(out, "grpc <pod>:%lld %s %s", jint(x, "port"), jstr(x, "service"), attrs.buf);
	} else {
		strbuf_addf(out, "unknown %s", attrs.buf);
	}
	strbuf_release(&attrs);
}

static void describe_resources(struct strbuf *out, const json_t *res)
{
	static const char *const which[] = { "limits", "Limits", "requests", "Requests" };
	for (int k = 0; k < 4; k += 2) {
		const json_t *m = json_object_get(res, which[k]);
		size_t n;
		const char **keys = sorted_keys(m, &n, NULL);
		if (n)
			w(out, 2, "%s:\n", which[k + 1]);
		for (size_t i = 0; i < n; i++) {
			w(out, 3, "%s:\t", keys[i]);
			add_scalar(out, json_object_get(m, keys[i]));
			strbuf_addch(out, '\n');
		}
		free(keys);
	}
}

static void write_lines(struct strbuf *out, int level, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		w(out, level, "%.*s\n", (int)n, s);
		if (!nl)
			break;
		s = nl + 1;
	}
}

static void port_list(struct strbuf *out, const json_t *ports, const char *field)
{
	size_t i;
	const json_t *p;
	json_array_foreach(ports, i, p) {
		const char *proto = jstr(p, "protocol");
		strbuf_addf(out, "%s%lld/%s", i ? ", " : "", jint(p, field), proto);
	}
}

static int mount_cmp(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	return strcmp(jstr(x, "mountPath"), jstr(y, "mountPath"));
}

static void describe_containers(struct strbuf *out, const char *label, const json_t *cs)
{
	w(out, 0, "  %s:%s\n", label, json_array_size(cs) ? "" : " <none>");
	size_t i;
	const json_t *c;
	json_array_foreach(cs, i, c) {
		w(out, 1, " %s:\n", jstr(c, "name"));
		w(out, 2, "Image:\t%s\n", jstr(c, "image"));
		struct strbuf ps = STRBUF_INIT;
		const json_t *ports = json_object_get(c, "ports");
		port_list(&ps, ports, "containerPort");
		if (strchr(ps.buf, ','))
			w(out, 2, "Ports:\t%s\n", ps.buf);
		else
			w(out, 2, "Port:\t%s\n", ps.len ? ps.buf : "<none>");
		strbuf_reset(&ps);
		port_list(&ps, ports, "hostPort");
		if (strchr(ps.buf, ','))
			w(out, 2, "Host Ports:\t%s\n", ps.buf);
		else
			w(out, 2, "Host Port:\t%s\n", ps.len ? ps.buf : "<none>");
		strbuf_release(&ps);
		const json_t *sp = jget(c, "securityContext.seccompProfile");
		if (json_is_object(sp)) {
			w(out, 2, "SeccompProfile:\t%s\n", jstr(sp, "type"));
			if (!strcmp(jstr(sp, "type"), "Localhost"))
				w(out, 3, "LocalhostProfile:\t%s\n", jstr(sp, "localhostProfile"));
		}
		size_t j;
		const json_t *x;
		if (json_array_size(json_object_get(c, "command"))) {
			w(out, 2, "Command:\n");
			json_array_foreach(json_object_get(c, "command"), j, x)
				write_lines(out, 3, sval(x));
		}
		if (json_array_size(json_object_get(c, "args"))) {
			w(out, 2, "Args:\n");
			json_array_foreach(json_object_get(c, "args"), j, x)
				write_lines(out, 3, sval(x));
		}
		describe_resources(out, json_object_get(c, "resources"));
		static const char *const probes[] = { "livenessProbe", "Liveness", "readinessProbe", "Readiness",
						      "startupProbe", "Startup" };
		for (int k = 0; k < 6; k += 2) {
			const json_t *p = json_object_get(c, probes[k]);
			if (json_is_object(p)) {
				w(out, 2, "%s:\t", probes[k + 1]);
				describe_probe(out, p);
				strbuf_addch(out, '\n');
			}
		}
		const json_t *ef = json_object_get(c, "envFrom");
		if (json_array_size(ef)) {
			w(out, 2, "Environment Variables from:\n");
			json_array_foreach(ef, j, x) {
				const char *from = "", *nm = "";
				int optional = 0;
				const json_t *r;
				if ((r = json_object_get(x, "configMapRef"))) {
					from = "ConfigMap";
					nm = jstr(r, "name");
					optional = json_is_true(json_object_get(r, "optional"));
				} else if ((r = json_object_get(x, "secretRef"))) {
					from = "Secret";
					nm = jstr(r, "name");
					optional = json_is_true(json_object_get(r, "optional"));
				}
				const char *prefix = jstr(x, "prefix");
				if (!*prefix)
					w(out, 3, "%s\t%s\tOptional: %s\n", nm, from, optional ? "true" : "false");
				else
					w(out, 3, "%s\t%s with prefix '%s'\tOptional: %s\n", nm, from, prefix,
					  optional ? "true" : "false");
			}
		}
		const json_t *env = json_object_get(c, "env");
		w(out, 2, "Environment:%s\n", json_array_size(env) ? "" : "\t<none>");
		json_array_foreach(env, j, x) {
			const json_t *vf = json_object_get(x, "valueFrom");
			const char *nm = jstr(x, "name");
			if (!json_is_object(vf)) {
				const char *v = jstr(x, "value");
				int first = 1;
				for (;;) {
					const char *nl = strchr(v, '\n');
					size_t n = nl ? (size_t)(nl - v) : strlen(v);
					if (first)
						w(out, 3, "%s:\t%.*s\n", nm, (int)n, v);
					else
						w(out, 3, "\t%.*s\n", (int)n, v);
					first = 0;
					if (!nl)
						break;
					v = nl + 1;
				}
				continue;
			}
			const json_t *r;
			if ((r = json_object_get(vf, "fieldRef")))
				w(out, 3, "%s:\t (%s:%s)\n", nm, jstr(r, "apiVersion"), jstr(r, "fieldPath"));
			else if ((r = json_object_get(vf, "resourceFieldRef"))) {
				/* ExtractContainerResourceValue: an unset limit is "0",
				 * which describe calls "node allocatable" */
				const char *res = jstr(r, "resource");
				const char *dot = strchr(res, '.');
				const json_t *q = NULL;
				if (dot) {
					char kind[16];
					snprintf(kind, sizeof kind, "%.*s", (int)(dot - res), res);
					q = json_object_get(jget(c, "resources"), kind);
					q = json_object_get(q, dot + 1);
				}
				if (!q && (!strcmp(res, "limits.cpu") || !strcmp(res, "limits.memory")))
					w(out, 3, "%s:\tnode allocatable (%s)\n", nm, res);
				else if (!q)
					w(out, 3, "%s:\t0 (%s)\n", nm, res);
				else {
					w(out, 3, "%s:\t", nm);
					add_scalar(out, q);
					strbuf_addf(out, " (%s)\n", res);
				}
			}
			else if ((r = json_object_get(vf, "secretKeyRef")))
				w(out, 3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", nm, jstr(r, "key"),
				  jstr(r, "name"), json_is_true(json_object_get(r, "optional")) ? "true" : "false");
			else if ((r = json_object_get(vf, "configMapKeyRef")))
				w(out, 3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", nm,
				  jstr(r, "key"), jstr(r, "name"),
				  json_is_true(json_object_get(r, "optional")) ? "true" : "false");
		}
		const json_t *vm = json_object_get(c, "volumeMounts");
		size_t nm = json_array_size(vm);
		w(out, 2, "Mounts:%s\n", nm ? "" : "\t<none>");
		const json_t **mounts = calloc(nm + 1, sizeof(*mounts));
		for (j = 0; j < nm; j++)
			mounts[j] = json_array_get(vm, j);
		qsort(mounts, nm, sizeof(*mounts), mount_cmp);
		for (j = 0; j < nm; j++) {
			w(out, 3, "%s from %s (%s", jstr(mounts[j], "mountPath"), jstr(mounts[j], "name"),
			  json_is_true(json_object_get(mounts[j], "readOnly")) ? "ro" : "rw");
			const char *sub = jstr(mounts[j], "subPath");
			if (*sub)
				strbuf_addf(out, ",path=\"%s\"", sub);
			strbuf_addstr(out, ")\n");
		}
		free(mounts);
		const json_t *vd = json_object_get(c, "volumeDevices");
		if (json_array_size(vd)) {
			w(out, 2, "Devices:%s\n", nm ? "" : "\t<none>");
			json_array_foreach(vd, j, x)
				w(out, 3, "%s from %s\n", jstr(x, "devicePath"), jstr(x, "name"));
		}
	}
}

static const char *bool_word(const json_t *v)
{
	return json_is_true(v) ? "true" : "false";
}

static void describe_volumes(struct strbuf *out, const json_t *vols)
{
	if (!json_array_size(vols)) {
		strbuf_addstr(out, "  Volumes:\t<none>\n");
		return;
	}
	strbuf_addstr(out, "  Volumes:\n");
	size_t i;
	const json_t *v, *s;
	json_array_foreach(vols, i, v) {
		w(out, 1, " %s:\n", jstr(v, "name"));
		if ((s = json_object_get(v, "hostPath"))) {
			const char *t = jstr(s, "type");
			w(out, 2, "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
			  jstr(s, "path"), json_object_get(s, "type") ? t : "<none>");
		} else if ((s = json_object_get(v, "emptyDir"))) {
			const char *lim = jstr(s, "sizeLimit");
			w(out, 2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t%s\n    SizeLimit:\t%s\n",
			  jstr(s, "medium"), *lim && strcmp(lim, "0") ? lim : "<unset>");
		} else if ((s = json_object_get(v, "secret"))) {
			w(out, 2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    Optional:\t%s\n",
			  jstr(s, "secretName"), bool_word(json_object_get(s, "optional")));
		} else if ((s = json_object_get(v, "configMap"))) {
			w(out, 2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    Optional:\t%s\n",
			  jstr(s, "name"), bool_word(json_object_get(s, "optional")));
		} else if ((s = json_object_get(v, "persistentVolumeClaim"))) {
			w(out, 2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t%s\n    ReadOnly:\t%s\n",
			  jstr(s, "claimName"), bool_word(json_object_get(s, "readOnly")));
		} else if ((s = json_object_get(v, "downwardAPI"))) {
			w(out, 2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
			size_t j;
			const json_t *it;
			json_array_foreach(json_object_get(s, "items"), j, it) {
				if (json_object_get(it, "fieldRef"))
					w(out, 3, "%s -> %s\n", jstr(it, "fieldRef.fieldPath"), jstr(it, "path"));
				if (json_object_get(it, "resourceFieldRef"))
					w(out, 3, "%s -> %s\n", jstr(it, "resourceFieldRef.resource"), jstr(it, "path"));
			}
		} else {
			/* kc describes the common volume types only */
			w(out, 1, "<unknown>\n");
		}
	}
}

static int tol_cmp(const void *a, const void *b)
{
	return strcmp(jstr(*(const json_t *const *)a, "key"), jstr(*(const json_t *const *)b, "key"));
}

static void print_tolerations(struct strbuf *out, const json_t *tols)
{
	strbuf_addstr(out, "  Tolerations:\t");
	size_t n = json_array_size(tols);
	if (!n) {
		strbuf_addstr(out, "<none>\n");
		return;
	}
	const json_t **t = calloc(n, sizeof(*t));
	for (size_t i = 0; i < n; i++)
		t[i] = json_array_get(tols, i);
	/* Go's sort.Slice is not stable; for distinct keys the order is the same */
	qsort(t, n, sizeof(*t), tol_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, "\t");
		const char *key = jstr(t[i], "key"), *val = jstr(t[i], "value"), *eff = jstr(t[i], "effect");
		strbuf_addstr(out, key);
		if (*val)
			strbuf_addf(out, "=%s", val);
		if (*eff)
			strbuf_addf(out, ":%s", eff);
		if (!strcmp(jstr(t[i], "operator"), "Exists") && !*val)
			strbuf_addstr(out, *key || *eff ? " op=Exists" : "op=Exists");
		const json_t *ts = json_object_get(t[i], "tolerationSeconds");
		if (json_is_integer(ts))
			strbuf_addf(out, " for %llds", (long long)json_integer_value(ts));
		strbuf_addch(out, '\n');
	}
	free(t);
}

void kc_describe_pod_template(const json_t *tmpl, struct strbuf *out)
{
	strbuf_addstr(out, "Pod Template:\n");
	if (!json_is_object(tmpl)) {
		strbuf_addstr(out, "  <unset>");
		return;
	}
	const json_t *meta = json_object_get(tmpl, "metadata"), *spec = json_object_get(tmpl, "spec");
	print_labels_multiline(out, "  Labels", json_object_get(meta, "labels"));
	const json_t *ann = json_object_get(meta, "annotations");
	if (json_object_size(ann))
		print_annotations_multiline(out, "  Annotations", ann);
	const char *sa = jstr(spec, "serviceAccountName");
	if (*sa)
		w(out, 1, "Service Account:\t%s\n", sa);
	if (json_array_size(json_object_get(spec, "initContainers")))
		describe_containers(out, "Init Containers", json_object_get(spec, "initContainers"));
	describe_containers(out, "Containers", json_object_get(spec, "containers"));
	describe_volumes(out, json_object_get(spec, "volumes"));
	const char *pc = jstr(spec, "priorityClassName");
	if (*pc)
		w(out, 1, "Priority Class Name:\t%s\n", pc);
	print_labels_multiline(out, "  Node-Selectors", json_object_get(spec, "nodeSelector"));
	print_tolerations(out, json_object_get(spec, "tolerations"));
}
