/* ctrl.c: simulated control plane — namespace, service account, deployment,
 * replica set, scheduler, kubelet, endpoints, job and garbage collection —
 * run to a fixed point under g_lock after every change. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tests/mockapi/mock.h"
#include "tests/mockapi/spew.h"

#define NODE_NAME "node-1"

static const struct rtype *RT(const char *g, const char *r)
{
	return rt_find(g, "v1", r);
}

/* ---- small helpers ---- */

static size_t list_ref(const struct rtype *rt, const char *ns, json_t ***out)
{
	size_t n = store_list(rt, ns, out);
	for (size_t i = 0; i < n; i++)
		json_incref((*out)[i]);
	return n;
}

static void list_unref(json_t **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(v[i]);
	free(v);
}

/* The components' field managers, as a real cluster's requests name them. */
#define KCM "kube-controller-manager"
#define KUBELET "kubelet"

/* A component's write: nw (stolen) replaces old (NULL: created), with the
 * managedFields entry the component's request leaves on a real apiserver —
 * manager, operation Update, sub "status" for a status subresource write (NULL
 * manager: no entry, as the scheduler's binding). */
static void ctrl_write(const struct rtype *rt, const json_t *old, json_t *nw,
	const char *manager, const char *sub)
{
	if (manager)
		ssa_track_update(rt, old, nw, manager, sub);
	store_put(rt, nw, old == NULL);
}

/* ctrl_write when nw differs from old. Returns 1 if stored. */
static int put_if_changed(const struct rtype *rt, const json_t *old, json_t *nw,
	const char *manager, const char *sub)
{
	if (old && json_equal(old, nw)) {
		json_decref(nw);
		return 0;
	}
	ctrl_write(rt, old, nw, manager, sub);
	return 1;
}

static json_t *new_object(const struct rtype *rt, const char *ns, const char *name)
{
	char *av = rt_apiversion(rt);
	char *uid = new_uid();
	char *ts = now_rfc3339();
	json_t *o = json_pack("{s:s,s:s,s:{s:s,s:s,s:s}}", "apiVersion", av, "kind", rt->kind,
		"metadata", "name", name, "uid", uid, "creationTimestamp", ts);
	if (ns)
		jset_str(json_object_get(o, "metadata"), "namespace", ns);
	free(av);
	free(uid);
	free(ts);
	return o;
}

static int owned_by(const json_t *o, const char *uid)
{
	size_t i;
	json_t *r;
	json_array_foreach(jget(o, "metadata.ownerReferences"), i, r)
		if (jstr(r, "uid") && !strcmp(S(jstr(r, "uid")), uid))
			return 1;
	return 0;
}

static json_t *owner_ref(const json_t *owner)
{
	return json_pack("{s:O,s:O,s:O,s:O,s:b,s:b}", "apiVersion", json_object_get(owner, "apiVersion"),
		"kind", json_object_get(owner, "kind"), "name", jget(owner, "metadata.name"), "uid",
		jget(owner, "metadata.uid"), "controller", 1, "blockOwnerDeletion", 1);
}

static int labels_match(const json_t *sel_ml, const json_t *labels)
{
	const char *k;
	json_t *v;
	if (!json_object_size(sel_ml))
		return 0;
	json_object_foreach((json_t *)sel_ml, k, v) {
		json_t *lv = json_object_get(labels, k);
		if (!lv || !json_equal(lv, v))
			return 0;
	}
	return 1;
}

static unsigned evseq;
static void emit_event(const json_t *obj, const char *type, const char *reason,
	const char *message, const char *component, const char *fieldpath)
{
	const struct rtype *ert = RT("", "events");
	const char *ns = jstr(obj, "metadata.namespace");
	if (!ns)
		ns = "default";
	evseq++;
	char *name = xasprintf("%s.%08x%08x", jstr(obj, "metadata.name"), 0x18a00000u + evseq,
		evseq * 2654435761u);
	json_t *e = new_object(ert, ns, name);
	char *ts = now_rfc3339();
	json_t *io = json_pack("{s:O,s:O,s:O,s:O,s:O}", "kind", json_object_get(obj, "kind"),
		"namespace", jget(obj, "metadata.namespace"), "name", jget(obj, "metadata.name"), "uid",
		jget(obj, "metadata.uid"), "apiVersion", json_object_get(obj, "apiVersion"));
	if (!jget(obj, "metadata.namespace"))
		json_object_del(io, "namespace");
	if (fieldpath)
		json_object_set_new(io, "fieldPath", json_string(fieldpath));
	json_object_set_new(io, "resourceVersion", json_string(""));
	json_object_del(io, "resourceVersion");
	json_object_set_new(e, "involvedObject", io);
	jset_str(e, "reason", reason);
	jset_str(e, "message", message);
	json_object_set_new(e, "source", json_pack("{s:s}", "component", component));
	if (!strcmp(component, "kubelet"))
		jset_str(json_object_get(e, "source"), "host", NODE_NAME);
	jset_str(e, "firstTimestamp", ts);
	jset_str(e, "lastTimestamp", ts);
	json_object_set_new(e, "count", json_integer(1));
	jset_str(e, "type", type);
	json_object_set_new(e, "eventTime", json_null());
	jset_str(e, "reportingComponent", component);
	jset_str(e, "reportingInstance", !strcmp(component, "kubelet") ? NODE_NAME : "");
	store_put(ert, e, 1);
	free(ts);
	free(name);
}

/* ---- cluster bootstrap ---- */

static unsigned next_ip = 2;
char *alloc_cluster_ip(void)
{
	/* 10.96.0.0/12; .1 is the kubernetes service, .10 kube-dns */
	unsigned n = next_ip++;
	if (n == 10)
		n = next_ip++;
	return xasprintf("10.%u.%u.%u", 96 + (n >> 16), (n >> 8) & 0xff, n & 0xff);
}

static void ensure_ns(const char *name)
{
	const struct rtype *nrt = RT("", "namespaces");
	if (store_get(nrt, NULL, name))
		return;
	json_t *o = new_object(nrt, NULL, name);
	type_default(nrt, o, NULL);
	store_put(nrt, o, 1);
}

void ctrl_init_cluster(void)
{
	/* reserve cluster IPs already in use (state reload) */
	json_t **svcs;
	size_t n = store_list(RT("", "services"), NULL, &svcs);
	for (size_t i = 0; i < n; i++) {
		const char *ip = jstr(svcs[i], "spec.clusterIP");
		unsigned a, b, c, d;
		if (ip && sscanf(ip, "%u.%u.%u.%u", &a, &b, &c, &d) == 4 && a == 10) {
			unsigned idx = ((b - 96) << 16) | (c << 8) | d;
			if (idx >= next_ip)
				next_ip = idx + 1;
		}
	}
	free(svcs);
	ensure_ns("default");
	ensure_ns("kube-system");
	ensure_ns("kube-public");
	ensure_ns("kube-node-lease");
	const struct rtype *nodert = RT("", "nodes");
	if (!store_get(nodert, NULL, NODE_NAME)) {
		json_t *node = new_object(nodert, NULL, NODE_NAME);
		char *ts = now_rfc3339();
		json_t *md = json_object_get(node, "metadata");
		json_object_set_new(md, "labels", json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
			"beta.kubernetes.io/arch", "amd64", "beta.kubernetes.io/os", "linux",
			"kubernetes.io/arch", "amd64", "kubernetes.io/hostname", NODE_NAME,
			"kubernetes.io/os", "linux", "node-role.kubernetes.io/control-plane", ""));
		json_object_set_new(md, "annotations", json_pack("{s:s,s:s}",
			"node.alpha.kubernetes.io/ttl", "0",
			"volumes.kubernetes.io/controller-managed-attach-detach", "true"));
		json_object_set_new(node, "spec", json_pack("{s:s,s:[s]}", "podCIDR", "10.244.0.0/24",
			"podCIDRs", "10.244.0.0/24"));
		json_t *cap = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "cpu", "8", "ephemeral-storage",
			"102400Mi", "hugepages-1Gi", "0", "hugepages-2Mi", "0", "memory", "16Gi", "pods",
			"110");
		json_t *conds = json_array();
		const char *types[] = { "MemoryPressure", "DiskPressure", "PIDPressure", "Ready" };
		const char *reasons[] = { "KubeletHasSufficientMemory", "KubeletHasNoDiskPressure",
			"KubeletHasSufficientPID", "KubeletReady" };
		const char *msgs[] = { "kubelet has sufficient memory available",
			"kubelet has no disk pressure", "kubelet has sufficient PID available",
			"kubelet is posting ready status" };
		for (int i = 0; i < 4; i++)
			json_array_append_new(conds, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
				"lastHeartbeatTime", ts, "lastTransitionTime", ts, "message", msgs[i],
				"reason", reasons[i], "status", i == 3 ? "True" : "False", "type", types[i]));
		json_object_set_new(node, "status", json_pack(
			"{s:[{s:s,s:s},{s:s,s:s}],s:O,s:o,s:o,s:{s:{s:i}},s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}}",
			"addresses", "address", "127.0.0.1", "type", "InternalIP", "address", NODE_NAME,
			"type", "Hostname", "allocatable", cap, "capacity", cap, "conditions", conds,
			"daemonEndpoints", "kubeletEndpoint", "Port", 10250, "nodeInfo", "architecture",
			"amd64", "bootID", "6f1b7b38-6c7e-4a77-9b5c-1f2b3c4d5e6f", "containerRuntimeVersion",
			"containerd://1.7.24", "kernelVersion", "6.1.0-kc-mock", "kubeProxyVersion",
			"v1.32.5", "kubeletVersion", "v1.32.5", "machineID", "0123456789abcdef0123456789abcdef",
			"operatingSystem", "linux", "osImage", "Debian GNU/Linux 12 (bookworm)",
			"systemUUID", "0123456789abcdef0123456789abcdef"));
		free(ts);
		store_put(nodert, node, 1);
	}
	const struct rtype *pcrt = rt_find("scheduling.k8s.io", "v1", "priorityclasses");
	const char *pcs[][2] = { { "system-cluster-critical", "2000000000" },
		{ "system-node-critical", "2000001000" } };
	for (int i = 0; i < 2; i++) {
		if (store_get(pcrt, NULL, pcs[i][0]))
			continue;
		json_t *pc = new_object(pcrt, NULL, pcs[i][0]);
		json_object_set_new(pc, "value", json_integer(atoll(pcs[i][1])));
		json_object_set_new(pc, "description", json_string(i ?
			"Used for system critical pods that must not be moved from their current node." :
			"Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));
		jset_str(pc, "preemptionPolicy", "PreemptLowerPriority");
		store_put(pcrt, pc, 1);
	}
	const struct rtype *srt = RT("", "services");
	if (!store_get(srt, "default", "kubernetes")) {
		json_t *s = new_object(srt, "default", "kubernetes");
		json_object_set_new(json_object_get(s, "metadata"), "labels",
			json_pack("{s:s,s:s}", "component", "apiserver", "provider", "kubernetes"));
		json_object_set_new(s, "spec", json_pack("{s:s,s:[{s:s,s:i,s:s,s:i}]}", "clusterIP",
			"10.96.0.1", "ports", "name", "https", "port", 443, "protocol", "TCP", "targetPort",
			6443));
		type_default(srt, s, NULL);
		store_put(srt, s, 1);
		json_t *ep = new_object(RT("", "endpoints"), "default", "kubernetes");
		json_object_set_new(json_object_get(ep, "metadata"), "labels",
			json_pack("{s:s}", "endpointslice.kubernetes.io/skip-mirror", "true"));
		json_object_set_new(ep, "subsets", json_pack("[{s:[{s:s}],s:[{s:s,s:i,s:s}]}]",
			"addresses", "ip", "127.0.0.1", "ports", "name", "https", "port", 6443, "protocol",
			"TCP"));
		store_put(RT("", "endpoints"), ep, 1);
	}
	if (!store_get(srt, "kube-system", "kube-dns")) {
		json_t *s = new_object(srt, "kube-system", "kube-dns");
		json_object_set_new(json_object_get(s, "metadata"), "labels",
			json_pack("{s:s,s:s,s:s}", "k8s-app", "kube-dns", "kubernetes.io/cluster-service",
				"true", "kubernetes.io/name", "CoreDNS"));
		json_object_set_new(s, "spec", json_pack(
			"{s:s,s:[{s:s,s:i,s:s,s:i},{s:s,s:i,s:s,s:i}],s:{s:s}}", "clusterIP", "10.96.0.10",
			"ports", "name", "dns", "port", 53, "protocol", "UDP", "targetPort", 53, "name",
			"dns-tcp", "port", 53, "protocol", "TCP", "targetPort", 53, "selector", "k8s-app",
			"kube-dns"));
		type_default(srt, s, NULL);
		store_put(srt, s, 1);
	}
}

/* ---- namespaces: default SA, root CA configmap, deletion ---- */

static void ns_controller(void)
{
	const struct rtype *nrt = RT("", "namespaces");
	json_t **nss;
	size_t n = list_ref(nrt, NULL, &nss);
	for (size_t i = 0; i < n; i++) {
		const char *name = jstr(nss[i], "metadata.name");
		if (jget(nss[i], "metadata.deletionTimestamp")) {
			/* delete everything in it */
			for (size_t t = 0; t < rt_count(); t++) {
				const struct rtype *rt = rt_at(t);
				if (!rt_served(rt))
					continue;
				if (!rt->namespaced)
					continue;
				json_t **objs;
				size_t m = list_ref(rt, name, &objs);
				for (size_t j = 0; j < m; j++)
					store_remove(rt, name, S(jstr(objs[j], "metadata.name")));
				list_unref(objs, m);
			}
			if (json_array_size(jget(nss[i], "metadata.finalizers")) == 0)
				store_remove(nrt, NULL, name);
			continue;
		}
		const struct rtype *sart = RT("", "serviceaccounts");
		if (!store_get(sart, name, "default"))
			ctrl_write(sart, NULL, new_object(sart, name, "default"), KCM, NULL);
		const struct rtype *cmrt = RT("", "configmaps");
		if (!store_get(cmrt, name, "kube-root-ca.crt")) {
			json_t *cm = new_object(cmrt, name, "kube-root-ca.crt");
			json_object_set_new(json_object_get(cm, "metadata"), "annotations",
				json_pack("{s:s}", "kubernetes.io/description",
					"Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."));
			json_object_set_new(cm, "data", json_pack("{s:s}", "ca.crt",
				"-----BEGIN CERTIFICATE-----\nkc-mockapi\n-----END CERTIFICATE-----\n"));
			ctrl_write(cmrt, NULL, cm, KCM, NULL);
		}
	}
	list_unref(nss, n);
}

/* ---- garbage collection ---- */

static const char *g_gc_policy;

void ctrl_on_delete(const struct rtype *rt, json_t *o)
{
	if (!strcmp(rt->resource, "customresourcedefinitions")) {
		/* its custom resources go with it */
		const char *group = jstr(o, "spec.group"), *plural = jstr(o, "spec.names.plural");
		for (size_t t = 0; group && plural && t < rt_count(); t++) {
			const struct rtype *crt = rt_at(t);
			if (!crt->dynamic || strcmp(crt->group, group) || strcmp(crt->resource, plural))
				continue;
			json_t **objs;
			size_t m = list_ref(crt, NULL, &objs);
			for (size_t j = 0; j < m; j++)
				store_remove(crt, jstr(objs[j], "metadata.namespace"),
					jstr(objs[j], "metadata.name"));
			list_unref(objs, m);
		}
		rt_unregister_crd(o);
	}
	const char *uid = jstr(o, "metadata.uid");
	if (!uid)
		return;
	char *u = xstrdup(uid);
	int orphan = g_gc_policy && !strcmp(g_gc_policy, "Orphan");
	for (size_t t = 0; t < rt_count(); t++) {
		const struct rtype *crt = rt_at(t);
		if (!rt_served(crt))
			continue;
		json_t **objs;
		size_t m = list_ref(crt, NULL, &objs);
		for (size_t j = 0; j < m; j++) {
			if (!owned_by(objs[j], u))
				continue;
			if (orphan) {
				json_t *nw = json_deep_copy(objs[j]);
				json_t *refs = jget(nw, "metadata.ownerReferences");
				for (size_t k = json_array_size(refs); k-- > 0;)
					if (!strcmp(S(jstr(json_array_get(refs, k), "uid")), u))
						json_array_remove(refs, k);
				if (!json_array_size(refs))
					json_object_del(json_object_get(nw, "metadata"), "ownerReferences");
				ctrl_write(crt, objs[j], nw, KCM, NULL);
				continue;
			}
			store_remove(crt, jstr(objs[j], "metadata.namespace"),
				jstr(objs[j], "metadata.name"));
			ctrl_on_delete(crt, objs[j]);
		}
		list_unref(objs, m);
	}
	free(u);
}

void ctrl_set_gc_policy(const char *p)
{
	g_gc_policy = p;
}

/* ---- deployment controller ---- */

static uint32_t fnv32a(const void *data, size_t n, uint32_t h)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

/* The mock's own hash of a template: FNV-32a of its sorted compact JSON. Used for
 * StatefulSet/DaemonSet revision names, and for pod templates spew.c cannot print
 * as Kubernetes would (see spew.h). */
static char *json_template_hash(const json_t *tmpl, long long collision)
{
	char *s = json_dumps(tmpl, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	uint32_t h = fnv32a(s ? s : "", s ? strlen(s) : 0, 2166136261u);
	free(s);
	if (collision >= 0) {
		unsigned char b[4] = { (unsigned char)collision, (unsigned char)(collision >> 8),
			(unsigned char)(collision >> 16), (unsigned char)(collision >> 24) };
		h = fnv32a(b, 4, h);
	}
	/* rand.SafeEncodeString(fmt.Sprint(hash)) */
	static const char al[] = "bcdfghjklmnpqrstvwxz2456789";
	char dec[16];
	snprintf(dec, sizeof(dec), "%u", h);
	for (char *p = dec; *p; p++)
		*p = al[(unsigned char)*p % 27];
	return xstrdup(dec);
}

/* The pod-template-hash Kubernetes computes (controller.ComputeHash: FNV-32a of
 * go-spew's dump of the PodTemplateSpec, spew.c). */
char *pod_template_hash(const json_t *tmpl, long long collision)
{
	char *h = spew_template_hash(tmpl, collision);
	return h ? h : json_template_hash(tmpl, collision);
}

static json_t *template_without_hash(const json_t *tmpl)
{
	json_t *t = json_deep_copy(tmpl);
	json_t *l = jget(t, "metadata.labels");
	if (l)
		json_object_del(l, "pod-template-hash");
	return t;
}

static long long resolve_intstr(const json_t *v, long long total, int round_up)
{
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *s = json_string_value(v);
	if (!s)
		return 0;
	double pct = atof(s);
	double x = pct * (double)total / 100.0;
	return round_up ? (long long)ceil(x) : (long long)floor(x);
}

static long long revision_of(const json_t *o)
{
	const char *r = jstr(o, "metadata.annotations");
	(void)r;
	json_t *a = jget(o, "metadata.annotations");
	const char *v = json_string_value(json_object_get(a, "deployment.kubernetes.io/revision"));
	return v ? atoll(v) : 0;
}

static void set_ann(json_t *o, const char *k, const char *v)
{
	jset_str(jensure(o, "metadata.annotations"), k, v);
}

static void set_condition(json_t *status, const char *type, const char *st, const char *reason,
	const char *msg, int update_only_times)
{
	json_t *conds = json_object_get(status, "conditions");
	if (!json_is_array(conds)) {
		conds = json_array();
		json_object_set_new(status, "conditions", conds);
	}
	char *ts = now_rfc3339();
	size_t i;
	json_t *c;
	json_array_foreach(conds, i, c) {
		if (strcmp(S(jstr(c, "type")), type))
			continue;
		if (strcmp(S(jstr(c, "status")), st))
			jset_str(c, "lastTransitionTime", ts);
		if (strcmp(S(jstr(c, "reason")), reason) || strcmp(S(jstr(c, "message")), msg))
			jset_str(c, "lastUpdateTime", ts);
		jset_str(c, "status", st);
		jset_str(c, "reason", reason);
		jset_str(c, "message", msg);
		free(ts);
		return;
	}
	(void)update_only_times;
	json_array_append_new(conds, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "lastTransitionTime",
		ts, "lastUpdateTime", ts, "message", msg, "reason", reason, "status", st, "type", type));
	free(ts);
}

static void deployment_one(json_t *d)
{
	const struct rtype *drt = rt_find("apps", "v1", "deployments");
	const struct rtype *rsrt = rt_find("apps", "v1", "replicasets");
	const char *ns = jstr(d, "metadata.namespace");
	const char *dname = jstr(d, "metadata.name");
	const char *duid = jstr(d, "metadata.uid");
	if (jget(d, "metadata.deletionTimestamp"))
		return;
	long long replicas = jint(d, "spec.replicas", 1);
	json_t *tmpl = jget(d, "spec.template");
	json_t **all;
	size_t nall = list_ref(rsrt, ns, &all);
	json_t *rss[256];
	size_t nrs = 0;
	json_t *newrs = NULL;
	long long maxrev = 0;
	for (size_t i = 0; i < nall && nrs < 256; i++) {
		if (!owned_by(all[i], duid))
			continue;
		rss[nrs++] = all[i];
		long long rv = revision_of(all[i]);
		if (rv > maxrev)
			maxrev = rv;
		json_t *t = template_without_hash(jget(all[i], "spec.template"));
		if (json_equal(t, tmpl) && !newrs)
			newrs = all[i];
		json_decref(t);
	}
	int paused = json_is_true(jget(d, "spec.paused"));
	char *newname = NULL;
	if (!paused) {
		if (!newrs) {
			long long coll = jint(d, "status.collisionCount", -1);
			char *hash = pod_template_hash(tmpl, coll);
			newname = xasprintf("%s-%s", dname, hash);
			json_t *rs = json_object();
			char *uid = new_uid();
			char *ts = now_rfc3339();
			json_t *labels = json_deep_copy(jget(tmpl, "metadata.labels"));
			if (!labels)
				labels = json_object();
			jset_str(labels, "pod-template-hash", hash);
			char rev[32];
			snprintf(rev, sizeof(rev), "%lld", maxrev + 1);
			char des[32], mx[32];
			snprintf(des, sizeof(des), "%lld", replicas);
			json_t *strat = jget(d, "spec.strategy");
			long long surge = !strcmp(jstr(strat, "type") ? jstr(strat, "type") : "", "RollingUpdate") ?
				resolve_intstr(jget(strat, "rollingUpdate.maxSurge"), replicas, 1) : 0;
			snprintf(mx, sizeof(mx), "%lld", replicas + surge);
			json_object_set_new(rs, "apiVersion", json_string("apps/v1"));
			json_object_set_new(rs, "kind", json_string("ReplicaSet"));
			json_t *md = json_pack("{s:s,s:s,s:s,s:s,s:O,s:{s:s,s:s,s:s},s:[o],s:I}", "name",
				newname, "namespace", ns, "uid", uid, "creationTimestamp", ts, "labels", labels,
				"annotations", "deployment.kubernetes.io/desired-replicas", des,
				"deployment.kubernetes.io/max-replicas", mx,
				"deployment.kubernetes.io/revision", rev, "ownerReferences", owner_ref(d),
				"generation", (json_int_t)1);
			json_object_set_new(rs, "metadata", md);
			json_t *sel = json_deep_copy(jget(d, "spec.selector"));
			jset_str(jensure(sel, "matchLabels"), "pod-template-hash", hash);
			json_t *t = json_deep_copy(tmpl);
			json_object_set_new(jensure(t, "metadata"), "labels", json_deep_copy(labels));
			json_object_set_new(rs, "spec", json_pack("{s:I,s:o,s:o}", "replicas",
				(json_int_t)0, "selector", sel, "template", t));
			json_object_set_new(rs, "status", json_pack("{s:i}", "replicas", 0));
			if (json_object_get(d, "spec") && jget(d, "spec.minReadySeconds"))
				json_object_set(json_object_get(rs, "spec"), "minReadySeconds",
					jget(d, "spec.minReadySeconds"));
			json_decref(labels);
			free(uid);
			free(ts);
			free(hash);
			newrs = json_incref(rs);
			rss[nrs++] = rs;
			ctrl_write(rsrt, NULL, rs, KCM, NULL);
			char *msg = xasprintf("Scaled up replica set %s from 0 to %lld", newname,
				replicas < 1 ? 0 : replicas);
			(void)msg;
			free(msg);
			/* keep a reference in all[] for unref */
			all = xrealloc(all, (nall + 1) * sizeof(*all));
			all[nall++] = newrs;
		} else if (revision_of(newrs) < maxrev) {
			/* rollback to an old template: it becomes the newest revision */
			json_t *nw = json_deep_copy(newrs);
			char rev[32];
			snprintf(rev, sizeof(rev), "%lld", maxrev + 1);
			set_ann(nw, "deployment.kubernetes.io/revision", rev);
			ctrl_write(rsrt, newrs, nw, KCM, NULL);
			list_unref(all, nall);
			return; /* next pass sees fresh objects */
		}
	}
	/* scale */
	json_t *strat = jget(d, "spec.strategy");
	int recreate = !strcmp(jstr(strat, "type") ? jstr(strat, "type") : "", "Recreate");
	long long surge = recreate ? 0 : resolve_intstr(jget(strat, "rollingUpdate.maxSurge"), replicas, 1);
	long long unav = recreate ? 0 : resolve_intstr(jget(strat, "rollingUpdate.maxUnavailable"), replicas, 0);
	if (!recreate && surge == 0 && unav == 0)
		unav = 1;
	long long total = 0, avail_old = 0;
	for (size_t i = 0; i < nrs; i++) {
		total += jint(rss[i], "spec.replicas", 0);
		if (rss[i] != newrs)
			avail_old += jint(rss[i], "status.availableReplicas", 0);
	}
	int changed = 0;
	if (newrs && !paused) {
		long long cur = jint(newrs, "spec.replicas", 0);
		long long want = cur;
		int has_old = 0;
		for (size_t i = 0; i < nrs; i++)
			if (rss[i] != newrs && jint(rss[i], "spec.replicas", 0) > 0)
				has_old = 1;
		if (recreate) {
			int old_pods = 0;
			for (size_t i = 0; i < nrs; i++)
				if (rss[i] != newrs && (jint(rss[i], "spec.replicas", 0) > 0 ||
							jint(rss[i], "status.replicas", 0) > 0))
					old_pods = 1;
			if (!old_pods)
				want = replicas;
		} else if (!has_old) {
			want = replicas;
		} else if (cur < replicas) {
			long long allowed = replicas + surge - total;
			if (allowed > 0)
				want = cur + (allowed < replicas - cur ? allowed : replicas - cur);
		} else if (cur > replicas)
			want = replicas;
		if (want != cur) {
			json_t *nw = json_deep_copy(newrs);
			json_object_set_new(json_object_get(nw, "spec"), "replicas", json_integer(want));
			char des[32], mx[32];
			snprintf(des, sizeof(des), "%lld", replicas);
			snprintf(mx, sizeof(mx), "%lld", replicas + surge);
			set_ann(nw, "deployment.kubernetes.io/desired-replicas", des);
			set_ann(nw, "deployment.kubernetes.io/max-replicas", mx);
			char *msg = xasprintf("Scaled %s replica set %s from %lld to %lld",
				want > cur ? "up" : "down", jstr(newrs, "metadata.name"), cur, want);
			emit_event(d, "Normal", "ScalingReplicaSet", msg, "deployment-controller", NULL);
			free(msg);
			ctrl_write(rsrt, newrs, nw, KCM, NULL);
			changed = 1;
		}
		/* scale down old ones */
		if (!changed) {
			long long new_unavail = jint(newrs, "spec.replicas", 0) -
				jint(newrs, "status.availableReplicas", 0);
			long long min_avail = replicas - unav;
			long long can = recreate ? 1LL << 40 : total - min_avail - new_unavail;
			for (size_t i = 0; i < nrs && can > 0; i++) {
				if (rss[i] == newrs)
					continue;
				long long r = jint(rss[i], "spec.replicas", 0);
				if (r == 0)
					continue;
				long long down = r < can ? r : can;
				json_t *nw = json_deep_copy(rss[i]);
				json_object_set_new(json_object_get(nw, "spec"), "replicas",
					json_integer(r - down));
				char *msg = xasprintf("Scaled down replica set %s from %lld to %lld",
					jstr(rss[i], "metadata.name"), r, r - down);
				emit_event(d, "Normal", "ScalingReplicaSet", msg, "deployment-controller", NULL);
				free(msg);
				ctrl_write(rsrt, rss[i], nw, KCM, NULL);
				can -= down;
				changed = 1;
			}
		}
	}
	(void)avail_old;
	if (changed) {
		list_unref(all, nall);
		free(newname);
		return;
	}
	/* history limit */
	long long limit = jint(d, "spec.revisionHistoryLimit", 10);
	long long old_zero = 0;
	for (size_t i = 0; i < nrs; i++)
		if (rss[i] != newrs && jint(rss[i], "spec.replicas", 0) == 0 &&
		    jint(rss[i], "status.replicas", 0) == 0)
			old_zero++;
	while (old_zero > limit) {
		json_t *oldest = NULL;
		for (size_t i = 0; i < nrs; i++)
			if (rss[i] && rss[i] != newrs && jint(rss[i], "spec.replicas", 0) == 0 &&
			    (!oldest || revision_of(rss[i]) < revision_of(oldest)))
				oldest = rss[i];
		if (!oldest)
			break;
		for (size_t i = 0; i < nrs; i++)
			if (rss[i] == oldest)
				rss[i] = NULL;
		store_remove(rsrt, ns, S(jstr(oldest, "metadata.name")));
		old_zero--;
	}
	/* status */
	json_t *nd = json_deep_copy(d);
	json_t *st = jensure(nd, "status");
	long long sr = 0, ready = 0, avail = 0, upd = 0;
	for (size_t i = 0; i < nrs; i++) {
		if (!rss[i])
			continue;
		sr += jint(rss[i], "status.replicas", 0);
		ready += jint(rss[i], "status.readyReplicas", 0);
		avail += jint(rss[i], "status.availableReplicas", 0);
		if (rss[i] == newrs)
			upd = jint(rss[i], "status.replicas", 0);
	}
	json_object_set_new(st, "observedGeneration", json_integer(jint(d, "metadata.generation", 1)));
	json_object_set_new(st, "replicas", json_integer(sr));
	json_object_set_new(st, "updatedReplicas", json_integer(upd));
	if (ready)
		json_object_set_new(st, "readyReplicas", json_integer(ready));
	else
		json_object_del(st, "readyReplicas");
	if (avail)
		json_object_set_new(st, "availableReplicas", json_integer(avail));
	else
		json_object_del(st, "availableReplicas");
	long long unavail = replicas - avail;
	if (unavail > 0)
		json_object_set_new(st, "unavailableReplicas", json_integer(unavail));
	else
		json_object_del(st, "unavailableReplicas");
	if (!sr)
		json_object_del(st, "replicas");
	if (!upd)
		json_object_del(st, "updatedReplicas");
	if (avail >= replicas - unav)
		set_condition(st, "Available", "True", "MinimumReplicasAvailable",
			"Deployment has minimum availability.", 0);
	else
		set_condition(st, "Available", "False", "MinimumReplicasUnavailable",
			"Deployment does not have minimum availability.", 0);
	if (newrs) {
		char *msg;
		const char *nn = jstr(newrs, "metadata.name");
		if (paused) {
			set_condition(st, "Progressing", "Unknown", "DeploymentPaused",
				"Deployment is paused", 0);
		} else if (upd == replicas && sr == replicas && avail >= replicas) {
			msg = xasprintf("ReplicaSet \"%s\" has successfully progressed.", nn);
			set_condition(st, "Progressing", "True", "NewReplicaSetAvailable", msg, 0);
			free(msg);
		} else {
			msg = xasprintf("ReplicaSet \"%s\" is progressing.", nn);
			set_condition(st, "Progressing", "True", "ReplicaSetUpdated", msg, 0);
			free(msg);
		}
		char rev[32];
		snprintf(rev, sizeof(rev), "%lld", revision_of(newrs));
		set_ann(nd, "deployment.kubernetes.io/revision", rev);
	} else if (paused && !jget(d, "metadata.annotations")) {
		set_condition(st, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", 0);
	}
	if (!json_equal(nd, d)) {
		/* status and the revision annotation: UpdateStatus */
		ctrl_write(drt, d, nd, KCM, "status");
	} else
		json_decref(nd);
	list_unref(all, nall);
	free(newname);
}

static void deployment_controller(void)
{
	const struct rtype *drt = rt_find("apps", "v1", "deployments");
	json_t **ds;
	size_t n = list_ref(drt, NULL, &ds);
	for (size_t i = 0; i < n; i++) {
		/* re-read: an earlier pass may have replaced it */
		json_t *cur = store_get(drt, jstr(ds[i], "metadata.namespace"), S(jstr(ds[i], "metadata.name")));
		if (cur) {
			json_incref(cur);
			deployment_one(cur);
			json_decref(cur);
		}
	}
	list_unref(ds, n);
}

/* ---- replica set controller ---- */

static int is_sa_volume(const json_t *v)
{
	return starts_with(S(jstr(v, "name")), "kube-api-access-");
}

/* Drop from arr the items sel picks; the member goes when it is left empty and
 * pre (the object before admission) had none. */
static void drop_items(json_t *obj, const json_t *pre, const char *key,
	int (*sel)(const json_t *))
{
	json_t *arr = json_object_get(obj, key);
	for (size_t i = json_array_size(arr); i-- > 0;)
		if (sel(json_array_get(arr, i)))
			json_array_remove(arr, i);
	if (arr && !json_array_size(arr) && !json_object_get(pre, key))
		json_object_del(obj, key);
}

/* The object a create's managedFields are computed from: the real apiserver's
 * field manager runs after decoding and defaulting but before admission and the
 * strategy's PrepareForCreate, so what the ServiceAccount, Priority and
 * DefaultTolerationSeconds plugins add to a pod and the selector and labels a
 * Job gets are nobody's (type_default and the create handler do their work
 * too). pre: the object as sent; post: as stored. New reference. */
json_t *ctrl_create_tracked(const struct rtype *rt, const json_t *pre, const json_t *post)
{
	json_t *t = json_deep_copy(post);
	json_t *spec = json_object_get(t, "spec");
	const json_t *pspec = json_object_get(pre, "spec");
	if (!strcmp(rt->resource, "pods") && !*rt->group) {
		static const char *admitted[] = { "serviceAccountName", "serviceAccount",
			"priority", "preemptionPolicy", "tolerations" };
		for (size_t i = 0; i < sizeof(admitted) / sizeof(admitted[0]); i++)
			if (!json_object_get(pspec, admitted[i]))
				json_object_del(spec, admitted[i]);
		drop_items(spec, pspec, "volumes", is_sa_volume);
		static const char *lists[] = { "containers", "initContainers" };
		for (size_t l = 0; l < 2; l++) {
			size_t i;
			json_t *c;
			json_array_foreach(json_object_get(spec, lists[l]), i, c)
				drop_items(c, json_array_get(json_object_get(pspec, lists[l]), i),
					"volumeMounts", is_sa_volume);
		}
	} else if (!strcmp(rt->resource, "jobs") && !strcmp(rt->group, "batch")) {
		const json_t *sel = json_object_get(pspec, "selector");
		if (sel)
			json_object_set(spec, "selector", (json_t *)sel);
		else
			json_object_del(spec, "selector");
		json_t *tmd = jget(spec, "template.metadata");
		const json_t *labels = jget(pspec, "template.metadata.labels");
		if (json_is_object(tmd)) {
			if (labels)
				json_object_set_new(tmd, "labels", json_deep_copy(labels));
			else
				json_object_del(tmd, "labels");
		}
	}
	return t;
}

static void track_create(const struct rtype *rt, const json_t *pre, json_t *p,
	const char *manager)
{
	json_t *t = ctrl_create_tracked(rt, pre, p);
	ssa_track_update(rt, NULL, t, manager, NULL);
	json_t *mf = jget(t, "metadata.managedFields");
	if (mf)
		json_object_set(json_object_get(p, "metadata"), "managedFields", mf);
	json_decref(t);
}

static json_t *pod_from_template(const json_t *owner, const json_t *tmpl, const char *name)
{
	const struct rtype *prt = RT("", "pods");
	const char *ns = jstr(owner, "metadata.namespace");
	json_t *p = new_object(prt, ns, name);
	json_t *md = json_object_get(p, "metadata");
	char *gen = xasprintf("%s-", S(jstr(owner, "metadata.name")));
	jset_str(md, "generateName", gen);
	free(gen);
	if (jget(tmpl, "metadata.labels"))
		json_object_set_new(md, "labels", json_deep_copy(jget(tmpl, "metadata.labels")));
	if (jget(tmpl, "metadata.annotations"))
		json_object_set_new(md, "annotations",
			json_deep_copy(jget(tmpl, "metadata.annotations")));
	json_object_set_new(md, "ownerReferences", json_pack("[o]", owner_ref(owner)));
	json_object_set_new(p, "spec", json_deep_copy(jget(tmpl, "spec")));
	json_t *pre = json_deep_copy(p);
	type_default(prt, p, NULL);
	track_create(prt, pre, p, KCM);
	json_decref(pre);
	return p;
}

static int pod_is_ready(const json_t *p)
{
	size_t i;
	json_t *c;
	json_array_foreach(jget(p, "status.conditions"), i, c)
		if (!strcmp(S(jstr(c, "type")), "Ready"))
			return !strcmp(S(jstr(c, "status")), "True");
	return 0;
}

static void rs_controller(void)
{
	const struct rtype *rsrt = rt_find("apps", "v1", "replicasets");
	const struct rtype *prt = RT("", "pods");
	json_t **rss;
	size_t n = list_ref(rsrt, NULL, &rss);
	for (size_t i = 0; i < n; i++) {
		json_t *rs = rss[i];
		if (!store_get(rsrt, jstr(rs, "metadata.namespace"), S(jstr(rs, "metadata.name"))))
			continue;
		const char *ns = jstr(rs, "metadata.namespace");
		const char *uid = jstr(rs, "metadata.uid");
		json_t **pods;
		size_t np = list_ref(prt, ns, &pods);
		json_t *mine[512];
		size_t nm = 0;
		for (size_t j = 0; j < np && nm < 512; j++)
			if (owned_by(pods[j], uid) && !jget(pods[j], "metadata.deletionTimestamp"))
				mine[nm++] = pods[j];
		long long want = jint(rs, "spec.replicas", 1);
		int changed = 0;
		if (!jget(rs, "metadata.deletionTimestamp")) {
			for (long long k = (long long)nm; k < want; k++) {
				char *sfx = rand_suffix(5);
				char *pname = xasprintf("%s-%s", jstr(rs, "metadata.name"), sfx);
				free(sfx);
				json_t *p = pod_from_template(rs, jget(rs, "spec.template"), pname);
				char *msg = xasprintf("Created pod: %s", pname);
				emit_event(rs, "Normal", "SuccessfulCreate", msg, "replicaset-controller", NULL);
				free(msg);
				free(pname);
				store_put(prt, p, 1);
				changed = 1;
			}
			for (long long k = (long long)nm; k > want; k--) {
				/* delete not-ready first, then newest */
				size_t victim = 0;
				for (size_t j = 0; j < nm; j++) {
					if (!mine[j])
						continue;
					if (!mine[victim] || (!pod_is_ready(mine[j]) && pod_is_ready(mine[victim])))
						victim = j;
					else if (pod_is_ready(mine[j]) == pod_is_ready(mine[victim]) &&
						 strcmp(S(jstr(mine[j], "metadata.creationTimestamp")),
							jstr(mine[victim], "metadata.creationTimestamp")) > 0)
						victim = j;
				}
				if (!mine[victim])
					break;
				char *msg = xasprintf("Deleted pod: %s", S(jstr(mine[victim], "metadata.name")));
				emit_event(rs, "Normal", "SuccessfulDelete", msg, "replicaset-controller", NULL);
				free(msg);
				store_remove(prt, ns, S(jstr(mine[victim], "metadata.name")));
				mine[victim] = NULL;
				changed = 1;
			}
		}
		if (!changed) {
			long long cnt = 0, ready = 0, labeled = 0;
			for (size_t j = 0; j < nm; j++) {
				if (!mine[j])
					continue;
				cnt++;
				labeled++;
				if (pod_is_ready(mine[j]))
					ready++;
			}
			json_t *nw = json_deep_copy(rs);
			json_t *st = jensure(nw, "status");
			json_object_clear(st);
			json_object_set_new(st, "replicas", json_integer(cnt));
			if (labeled)
				json_object_set_new(st, "fullyLabeledReplicas", json_integer(labeled));
			if (ready) {
				json_object_set_new(st, "readyReplicas", json_integer(ready));
				json_object_set_new(st, "availableReplicas", json_integer(ready));
			}
			json_object_set_new(st, "observedGeneration",
				json_integer(jint(rs, "metadata.generation", 1)));
			put_if_changed(rsrt, rs, nw, KCM, "status");
		}
		list_unref(pods, np);
	}
	list_unref(rss, n);
}

/* ---- scheduler + kubelet ---- */

struct start {
	char uid[48];
	double due;
};
static struct start *starts;
static size_t nstarts, astarts;
static unsigned next_pod_ip = 5;

static double start_due(const char *uid)
{
	for (size_t i = 0; i < nstarts; i++)
		if (!strcmp(starts[i].uid, uid))
			return starts[i].due;
	if (nstarts == astarts) {
		astarts = astarts ? astarts * 2 : 64;
		starts = xrealloc(starts, astarts * sizeof(*starts));
	}
	snprintf(starts[nstarts].uid, sizeof(starts[nstarts].uid), "%s", uid);
	starts[nstarts].due = real_seconds() + g_pod_start_delay_ms / 1000.0;
	return starts[nstarts++].due;
}

static void forget_start(const char *uid)
{
	for (size_t i = 0; i < nstarts; i++)
		if (!strcmp(starts[i].uid, uid)) {
			starts[i] = starts[--nstarts];
			return;
		}
}

static double next_due_time;

static void image_ref(const char *image, struct strbuf *out)
{
	/* docker.io/library/nginx:latest */
	if (!image)
		image = "";
	const char *slash = strchr(image, '/');
	int has_registry = 0;
	if (slash) {
		size_t n = (size_t)(slash - image);
		if (memchr(image, '.', n) || memchr(image, ':', n) || !strncmp(image, "localhost", n))
			has_registry = 1;
	}
	if (!has_registry)
		strbuf_addstr(out, "docker.io/");
	if (!slash)
		strbuf_addstr(out, "library/");
	strbuf_addstr(out, image);
	const char *last = strrchr(image, '/');
	last = last ? last + 1 : image;
	if (!strchr(last, ':') && !strchr(image, '@'))
		strbuf_addstr(out, ":latest");
}

/* Does the pod's command finish (like realk8s's fake kubelet: restartPolicy
 * Never/OnFailure, and an "exit N", or a shell-ish image with a command that
 * does not loop forever)? */
static int pod_finishes(const json_t *p, int *code)
{
	const char *rp = jstr(p, "spec.restartPolicy");
	if (!rp || !strcmp(rp, "Always"))
		return 0;
	json_t *c = json_array_get(jget(p, "spec.containers"), 0);
	struct strbuf cmd = STRBUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(c, "command"), i, x)
		strbuf_addf(&cmd, "%s ", json_string_value(x) ? json_string_value(x) : "");
	json_array_foreach(json_object_get(c, "args"), i, x)
		strbuf_addf(&cmd, "%s ", json_string_value(x) ? json_string_value(x) : "");
	const char *image = jstr(c, "image") ? jstr(c, "image") : "";
	int ret = 0;
	*code = 0;
	const char *e = strstr(cmd.buf, "exit ");
	if (e) {
		*code = atoi(e + 5);
		ret = 1;
	} else if (cmd.len && !strstr(cmd.buf, "sleep inf") && !strstr(cmd.buf, "while true") &&
		   !strstr(cmd.buf, "tail -f")) {
		const char *shells[] = { "busybox", "alpine", "perl", "bash", "ubuntu", "debian",
			"python", NULL };
		for (int k = 0; shells[k]; k++)
			if (strstr(image, shells[k]))
				ret = 1;
	}
	strbuf_release(&cmd);
	return ret;
}

static void terminate_pod(json_t *nw, int code, const char *ts)
{
	json_t *st = jensure(nw, "status");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(st, "conditions"), i, c) {
		const char *t = jstr(c, "type");
		if (!strcmp(t, "Ready") || !strcmp(t, "ContainersReady")) {
			jset_str(c, "status", "False");
			jset_str(c, "reason", "PodCompleted");
		} else if (!strcmp(t, "PodReadyToStartContainers"))
			jset_str(c, "status", "False");
	}
	json_array_foreach(json_object_get(st, "containerStatuses"), i, c) {
		json_object_set_new(c, "ready", json_false());
		json_object_set_new(c, "started", json_false());
		json_t *term = json_pack("{s:O,s:i,s:s,s:s,s:s}", "containerID",
			json_object_get(c, "containerID"), "exitCode", code, "finishedAt", ts, "reason",
			code ? "Error" : "Completed", "startedAt", ts);
		json_object_set_new(c, "state", json_pack("{s:o}", "terminated", term));
	}
	jset_str(st, "phase", code ? "Failed" : "Succeeded");
}

static void pod_lifecycle(void)
{
	const struct rtype *prt = RT("", "pods");
	json_t **pods;
	size_t n = list_ref(prt, NULL, &pods);
	next_due_time = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *p = pods[i];
		const char *ns = jstr(p, "metadata.namespace");
		const char *name = jstr(p, "metadata.name");
		if (jget(p, "metadata.deletionTimestamp")) {
			if (json_array_size(jget(p, "metadata.finalizers")) == 0) {
				forget_start(jstr(p, "metadata.uid"));
				store_remove(prt, ns, name);
			}
			continue;
		}
		const char *phase = jstr(p, "status.phase");
		if (!jstr(p, "spec.nodeName")) {
			json_t *nw = json_deep_copy(p);
			jset_str(json_object_get(nw, "spec"), "nodeName", NODE_NAME);
			json_t *st = jensure(nw, "status");
			char *ts = now_rfc3339();
			json_object_set_new(st, "conditions", json_pack("[{s:n,s:s,s:s,s:s}]", "lastProbeTime",
				"lastTransitionTime", ts, "status", "True", "type", "PodScheduled"));
			free(ts);
			char *msg = xasprintf("Successfully assigned %s/%s to %s", ns, name, NODE_NAME);
			emit_event(p, "Normal", "Scheduled", msg, "default-scheduler", NULL);
			free(msg);
			store_put(prt, nw, 0);
			continue;
		}
		if (phase && !strcmp(phase, "Running")) {
			/* an image changed under a running container: the kubelet restarts it */
			json_t *nw = NULL;
			size_t k;
			json_t *cs;
			json_array_foreach(jget(p, "status.containerStatuses"), k, cs) {
				const char *cname = jstr(cs, "name");
				json_t *spec_c = NULL, *x;
				size_t m;
				json_array_foreach(jget(p, "spec.containers"), m, x)
					if (!strcmp(S(jstr(x, "name")), S(cname)))
						spec_c = x;
				if (!spec_c || !jget(cs, "state.running"))
					continue;
				struct strbuf img = STRBUF_INIT;
				image_ref(jstr(spec_c, "image"), &img);
				if (strcmp(img.buf, S(jstr(cs, "image")))) {
					if (!nw)
						nw = json_deep_copy(p);
					json_t *ncs = json_array_get(jget(nw, "status.containerStatuses"), k);
					char *ts = now_rfc3339();
					json_t *term = json_pack("{s:O,s:i,s:s,s:s,s:O}", "containerID",
						json_object_get(cs, "containerID"), "exitCode", 0, "finishedAt", ts,
						"reason", "Completed", "startedAt", jget(cs, "state.running.startedAt"));
					json_object_set_new(ncs, "lastState", json_pack("{s:o}", "terminated", term));
					json_object_set_new(ncs, "state", json_pack("{s:{s:s}}", "running",
						"startedAt", ts));
					jset_str(ncs, "image", img.buf);
					json_object_set_new(ncs, "restartCount",
						json_integer(jint(cs, "restartCount", 0) + 1));
					char cid[96];
					snprintf(cid, sizeof(cid), "%s%04llx", S(jstr(cs, "containerID")),
						(unsigned long long)jint(cs, "restartCount", 0) + 1);
					jset_str(ncs, "containerID", cid);
					char *fp = xasprintf("spec.containers{%s}", S(cname));
					char *msg = xasprintf("Container %s definition changed, will be restarted", S(cname));
					emit_event(p, "Normal", "Killing", msg, "kubelet", fp);
					free(msg);
					msg = xasprintf("Pulling image \"%s\"", S(jstr(spec_c, "image")));
					emit_event(p, "Normal", "Pulling", msg, "kubelet", fp);
					free(msg);
					msg = xasprintf("Created container: %s", S(cname));
					emit_event(p, "Normal", "Created", msg, "kubelet", fp);
					free(msg);
					msg = xasprintf("Started container %s", S(cname));
					emit_event(p, "Normal", "Started", msg, "kubelet", fp);
					free(msg);
					free(fp);
					free(ts);
				}
				strbuf_release(&img);
			}
			if (nw)
				ctrl_write(prt, p, nw, KUBELET, "status");
			continue;
		}
		if (phase && !strcmp(phase, "Pending")) {
			double due = start_due(jstr(p, "metadata.uid"));
			if (due > real_seconds()) {
				if (!next_due_time || due < next_due_time)
					next_due_time = due;
				if (!jget(p, "status.containerStatuses")) {
					/* ContainerCreating */
					json_t *nw = json_deep_copy(p);
					json_t *st = jensure(nw, "status");
					json_t *css = json_array();
					size_t k;
					json_t *c;
					json_array_foreach(jget(p, "spec.containers"), k, c) {
						struct strbuf img = STRBUF_INIT;
						image_ref(jstr(c, "image"), &img);
						json_array_append_new(css, json_pack(
							"{s:s,s:s,s:{},s:s,s:b,s:i,s:b,s:{s:{s:s}}}", "image", img.buf,
							"imageID", "", "lastState", "name", jstr(c, "name"), "ready", 0,
							"restartCount", 0, "started", 0, "state", "waiting", "reason",
							"ContainerCreating"));
						strbuf_release(&img);
					}
					json_object_set_new(st, "containerStatuses", css);
					jset_str(st, "hostIP", "127.0.0.1");
					json_object_set_new(st, "hostIPs", json_pack("[{s:s}]", "ip", "127.0.0.1"));
					char *ts = now_rfc3339();
					jset_str(st, "startTime", ts);
					free(ts);
					ctrl_write(prt, p, nw, KUBELET, "status");
				}
				continue;
			}
			/* start */
			int code = -1;
			int finishes = pod_finishes(p, &code);
			json_t *nw = json_deep_copy(p);
			json_t *st = jensure(nw, "status");
			char *ts = now_rfc3339();
			char ip[32];
			unsigned ipn = next_pod_ip++;
			snprintf(ip, sizeof(ip), "10.244.%u.%u", (ipn >> 8) & 0xff, ipn & 0xff);
			const char *sched_ts = NULL;
			size_t k;
			json_t *c;
			json_array_foreach(jget(p, "status.conditions"), k, c)
				if (!strcmp(S(jstr(c, "type")), "PodScheduled"))
					sched_ts = jstr(c, "lastTransitionTime");
			json_t *conds = json_array();
			const char *types[] = { "PodReadyToStartContainers", "Initialized", "Ready",
				"ContainersReady", "PodScheduled" };
			for (int t = 0; t < 5; t++)
				json_array_append_new(conds, json_pack("{s:n,s:s,s:s,s:s}", "lastProbeTime",
					"lastTransitionTime", t == 4 && sched_ts ? sched_ts : ts, "status", "True",
					"type", types[t]));
			json_object_set_new(st, "conditions", conds);
			json_t *css = json_array();
			json_array_foreach(jget(p, "spec.containers"), k, c) {
				struct strbuf img = STRBUF_INIT, iid = STRBUF_INIT;
				image_ref(jstr(c, "image"), &img);
				char *base = xstrdup(img.buf);
				char *colon = strrchr(base, ':');
				if (colon && !strchr(colon, '/'))
					*colon = 0;
				strbuf_addf(&iid, "%s@sha256:%s", base, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
				free(base);
				char cid[80];
				snprintf(cid, sizeof(cid), "containerd://%016llx%016llx%016llx%016llx",
					(unsigned long long)ipn * 7919u, (unsigned long long)k + 1,
					(unsigned long long)ipn, 0x5eedULL);
				json_array_append_new(css, json_pack(
					"{s:s,s:s,s:s,s:{},s:s,s:b,s:i,s:b,s:{s:{s:s}}}", "containerID", cid,
					"image", img.buf, "imageID", iid.buf, "lastState", "name", jstr(c, "name"),
					"ready", 1, "restartCount", 0, "started", 1, "state", "running",
					"startedAt", ts));
				strbuf_release(&img);
				strbuf_release(&iid);
				char *msg = xasprintf("Pulling image \"%s\"", S(jstr(c, "image")));
				char *fp = xasprintf("spec.containers{%s}", S(jstr(c, "name")));
				emit_event(p, "Normal", "Pulling", msg, "kubelet", fp);
				free(msg);
				msg = xasprintf("Successfully pulled image \"%s\" in 1.2s (1.2s including waiting). Image size: 72080558 bytes.",
					jstr(c, "image"));
				emit_event(p, "Normal", "Pulled", msg, "kubelet", fp);
				free(msg);
				msg = xasprintf("Created container: %s", S(jstr(c, "name")));
				emit_event(p, "Normal", "Created", msg, "kubelet", fp);
				free(msg);
				msg = xasprintf("Started container %s", S(jstr(c, "name")));
				emit_event(p, "Normal", "Started", msg, "kubelet", fp);
				free(msg);
				free(fp);
			}
			json_object_set_new(st, "containerStatuses", css);
			jset_str(st, "hostIP", "127.0.0.1");
			json_object_set_new(st, "hostIPs", json_pack("[{s:s}]", "ip", "127.0.0.1"));
			jset_str(st, "phase", "Running");
			if (finishes)
				terminate_pod(nw, code, ts);
			jset_str(st, "podIP", ip);
			json_object_set_new(st, "podIPs", json_pack("[{s:s}]", "ip", ip));
			if (!jstr(st, "startTime"))
				jset_str(st, "startTime", ts);
			free(ts);
			ctrl_write(prt, p, nw, KUBELET, "status");
		}
	}
	list_unref(pods, n);
}

/* ---- endpoints ---- */

static json_t *resolve_port(const json_t *sp, const json_t *pod)
{
	json_t *tp = json_object_get(sp, "targetPort");
	if (json_is_integer(tp))
		return json_incref(tp);
	const char *nm = json_string_value(tp);
	size_t i, j;
	json_t *c, *p;
	if (nm)
		json_array_foreach(jget(pod, "spec.containers"), i, c)
			json_array_foreach(json_object_get(c, "ports"), j, p)
				if (jstr(p, "name") && !strcmp(S(jstr(p, "name")), nm))
					return json_incref(json_object_get(p, "containerPort"));
	return json_incref(json_object_get(sp, "port"));
}

static void endpoints_controller(void)
{
	const struct rtype *srt = RT("", "services");
	const struct rtype *ert = RT("", "endpoints");
	const struct rtype *esrt = rt_find("discovery.k8s.io", "v1", "endpointslices");
	const struct rtype *prt = RT("", "pods");
	json_t **svcs;
	size_t n = list_ref(srt, NULL, &svcs);
	for (size_t i = 0; i < n; i++) {
		json_t *s = svcs[i];
		json_t *sel = jget(s, "spec.selector");
		if (!json_object_size(sel))
			continue;
		const char *ns = jstr(s, "metadata.namespace");
		const char *name = jstr(s, "metadata.name");
		json_t **pods;
		size_t np = list_ref(prt, ns, &pods);
		json_t *ready = json_array(), *notready = json_array();
		json_t *ports = NULL;
		json_t *slice_eps = json_array();
		for (size_t j = 0; j < np; j++) {
			json_t *p = pods[j];
			if (!labels_match(sel, jget(p, "metadata.labels")) || !jstr(p, "status.podIP") ||
			    jget(p, "metadata.deletionTimestamp"))
				continue;
			json_t *addr = json_pack("{s:s,s:s,s:{s:s,s:s,s:s,s:s}}", "ip",
				jstr(p, "status.podIP"), "nodeName", jstr(p, "spec.nodeName"), "targetRef",
				"kind", "Pod", "name", jstr(p, "metadata.name"), "namespace", ns, "uid",
				jstr(p, "metadata.uid"));
			int rd = pod_is_ready(p);
			json_array_append_new(rd ? ready : notready, addr);
			json_array_append_new(slice_eps, json_pack(
				"{s:[s],s:{s:b,s:b,s:b},s:s,s:{s:s,s:s,s:s,s:s}}", "addresses",
				jstr(p, "status.podIP"), "conditions", "ready", rd, "serving", rd, "terminating",
				0, "nodeName", jstr(p, "spec.nodeName"), "targetRef", "kind", "Pod", "name",
				jstr(p, "metadata.name"), "namespace", ns, "uid", S(jstr(p, "metadata.uid"))));
			if (!ports) {
				ports = json_array();
				size_t k;
				json_t *sp;
				json_array_foreach(jget(s, "spec.ports"), k, sp) {
					json_t *pp = json_pack("{s:o,s:O}", "port", resolve_port(sp, p), "protocol",
						json_object_get(sp, "protocol"));
					if (jstr(sp, "name"))
						json_object_set(pp, "name", json_object_get(sp, "name"));
					json_array_append_new(ports, pp);
				}
			}
		}
		list_unref(pods, np);
		json_t *old = store_get(ert, ns, name);
		json_t *ep = old ? json_deep_copy(old) : new_object(ert, ns, name);
		json_t *labels = json_deep_copy(jget(s, "metadata.labels"));
		if (!labels)
			labels = json_object();
		json_t *eplabels = json_deep_copy(labels);
		if (json_object_size(eplabels))
			json_object_set_new(json_object_get(ep, "metadata"), "labels", json_deep_copy(eplabels));
		json_decref(eplabels);
		json_object_del(ep, "subsets");
		if (json_array_size(ready) || json_array_size(notready)) {
			json_t *subset = json_object();
			if (json_array_size(ready))
				json_object_set_new(subset, "addresses", json_deep_copy(ready));
			if (json_array_size(notready))
				json_object_set_new(subset, "notReadyAddresses", json_deep_copy(notready));
			json_object_set_new(subset, "ports", json_deep_copy(ports));
			json_object_set_new(ep, "subsets", json_pack("[o]", subset));
		}
		if (!old || !json_equal(json_object_get(old, "subsets"), json_object_get(ep, "subsets"))) {
			char *ts = now_rfc3339();
			set_ann(ep, "endpoints.kubernetes.io/last-change-trigger-time", ts);
			free(ts);
		}
		put_if_changed(ert, old, ep, KCM, NULL);
		/* EndpointSlice: one per service, named NAME-xxxxx */
		json_t **slices;
		size_t nsl = list_ref(esrt, ns, &slices);
		json_t *sold = NULL;
		for (size_t j = 0; j < nsl; j++)
			if (owned_by(slices[j], S(jstr(s, "metadata.uid"))))
				sold = slices[j];
		json_t *es;
		if (sold)
			es = json_deep_copy(sold);
		else {
			char *sfx = rand_suffix(5);
			char *sn = xasprintf("%s-%s", name, sfx);
			es = new_object(esrt, ns, sn);
			jset_str(json_object_get(es, "metadata"), "generateName", name);
			json_object_set_new(json_object_get(es, "metadata"), "ownerReferences",
				json_pack("[o]", owner_ref(s)));
			free(sfx);
			free(sn);
		}
		jset_str(labels, "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
		jset_str(labels, "kubernetes.io/service-name", name);
		json_object_set_new(json_object_get(es, "metadata"), "labels", json_deep_copy(labels));
		jset_str(es, "addressType", "IPv4");
		json_object_set_new(es, "endpoints", json_deep_copy(slice_eps));
		if (!json_array_size(slice_eps))
			json_object_del(es, "endpoints");
		if (ports)
			json_object_set_new(es, "ports", json_deep_copy(ports));
		else
			json_object_set_new(es, "ports", json_null());
		put_if_changed(esrt, sold, es, KCM, NULL);
		list_unref(slices, nsl);
		json_decref(labels);
		json_decref(ready);
		json_decref(notready);
		json_decref(ports);
		json_decref(slice_eps);
	}
	list_unref(svcs, n);
}

/* ---- jobs (pods that never finish are left Running) ---- */

static void job_controller(void)
{
	const struct rtype *jrt = rt_find("batch", "v1", "jobs");
	const struct rtype *prt = RT("", "pods");
	json_t **jobs;
	size_t n = list_ref(jrt, NULL, &jobs);
	for (size_t i = 0; i < n; i++) {
		json_t *j = jobs[i];
		if (json_is_true(jget(j, "spec.suspend")) || jget(j, "metadata.deletionTimestamp"))
			continue;
		const char *ns = jstr(j, "metadata.namespace");
		json_t **pods;
		size_t np = list_ref(prt, ns, &pods);
		long long active = 0, succeeded = 0, failed = 0, ready = 0;
		for (size_t k = 0; k < np; k++) {
			if (!owned_by(pods[k], S(jstr(j, "metadata.uid"))))
				continue;
			const char *ph = jstr(pods[k], "status.phase");
			if (ph && !strcmp(ph, "Succeeded"))
				succeeded++;
			else if (ph && !strcmp(ph, "Failed"))
				failed++;
			else {
				active++;
				if (pod_is_ready(pods[k]))
					ready++;
			}
		}
		list_unref(pods, np);
		long long completions = jint(j, "spec.completions", 1);
		long long parallel = jint(j, "spec.parallelism", 1);
		long long backoff = jint(j, "spec.backoffLimit", 6);
		int done = jget(j, "status.completionTime") != NULL;
		int failed_job = 0;
		json_t *nw = json_deep_copy(j);
		json_t *st = jensure(nw, "status");
		char *ts = now_rfc3339();
		if (!done && succeeded >= completions) {
			jset_str(st, "completionTime", ts);
			json_t *conds = json_array();
			json_array_append_new(conds, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "lastProbeTime",
				ts, "lastTransitionTime", ts, "message",
				"Reached expected number of succeeded pods", "reason", "CompletionsReached",
				"status", "True", "type", "SuccessCriteriaMet"));
			json_array_append_new(conds, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "lastProbeTime",
				ts, "lastTransitionTime", ts, "message",
				"Reached expected number of succeeded pods", "reason", "CompletionsReached",
				"status", "True", "type", "Complete"));
			json_object_set_new(st, "conditions", conds);
			done = 1;
		} else if (!done && failed > backoff && !jget(j, "status.conditions")) {
			json_t *conds = json_array();
			json_array_append_new(conds, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "lastProbeTime",
				ts, "lastTransitionTime", ts, "message",
				"Job has reached the specified backoff limit", "reason", "BackoffLimitExceeded",
				"status", "True", "type", "Failed"));
			json_object_set_new(st, "conditions", conds);
			failed_job = 1;
		}
		long long want = completions - succeeded;
		if (want > parallel)
			want = parallel;
		int created = 0;
		if (!done && !failed_job && !jget(j, "status.conditions") && active < want) {
			char *sfx = rand_suffix(5);
			char *pname = xasprintf("%s-%s", jstr(j, "metadata.name"), sfx);
			free(sfx);
			json_t *p = pod_from_template(j, jget(j, "spec.template"), pname);
			char *msg = xasprintf("Created pod: %s", pname);
			emit_event(j, "Normal", "SuccessfulCreate", msg, "job-controller", NULL);
			free(msg);
			free(pname);
			store_put(prt, p, 1);
			active++;
			created = 1;
		}
		if (!jstr(st, "startTime"))
			jset_str(st, "startTime", ts);
		if (active)
			json_object_set_new(st, "active", json_integer(active));
		else
			json_object_del(st, "active");
		if (succeeded)
			json_object_set_new(st, "succeeded", json_integer(succeeded));
		if (failed)
			json_object_set_new(st, "failed", json_integer(failed));
		json_object_set_new(st, "ready", json_integer(ready));
		json_object_set_new(st, "terminating", json_integer(0));
		json_object_set_new(st, "uncountedTerminatedPods", json_object());
		free(ts);
		(void)created;
		put_if_changed(jrt, j, nw, KCM, "status");
	}
	list_unref(jobs, n);
}

/* ---- statefulsets and daemonsets ---- */

static void workload_status(json_t *st, long long want, long long have, long long ready,
	long long updated)
{
	(void)want;
	json_object_set_new(st, "replicas", json_integer(have));
	json_object_set_new(st, "readyReplicas", json_integer(ready));
	json_object_set_new(st, "currentReplicas", json_integer(updated));
	json_object_set_new(st, "updatedReplicas", json_integer(updated));
	json_object_set_new(st, "availableReplicas", json_integer(ready));
	if (!ready)
		json_object_del(st, "readyReplicas");
	if (!have)
		json_object_del(st, "replicas");
}

static void sts_ds_controller(int is_ds)
{
	const struct rtype *wrt = rt_find("apps", "v1", is_ds ? "daemonsets" : "statefulsets");
	const struct rtype *prt = RT("", "pods");
	json_t **ws;
	size_t n = list_ref(wrt, NULL, &ws);
	for (size_t i = 0; i < n; i++) {
		json_t *w = ws[i];
		if (jget(w, "metadata.deletionTimestamp"))
			continue;
		const char *ns = jstr(w, "metadata.namespace");
		const char *wname = jstr(w, "metadata.name");
		json_t *tmpl = jget(w, "spec.template");
		char *hash = json_template_hash(tmpl, -1);
		char *rev = xasprintf("%s-%s", wname, hash);
		long long want = is_ds ? 1 : jint(w, "spec.replicas", 1);
		json_t **pods;
		size_t np = list_ref(prt, ns, &pods);
		long long have = 0, ready = 0, updated = 0;
		int changed = 0;
		json_t *mine[512];
		size_t nm = 0;
		for (size_t k = 0; k < np && nm < 512; k++)
			if (owned_by(pods[k], S(jstr(w, "metadata.uid"))))
				mine[nm++] = pods[k];
		/* pods of an old template go (one at a time, highest ordinal first) */
		for (size_t k = nm; k-- > 0;) {
			const char *h = jstr(mine[k], "metadata.labels.controller-revision-hash");
			if (h && strcmp(h, is_ds ? hash : rev)) {
				store_remove(prt, ns, S(jstr(mine[k], "metadata.name")));
				mine[k] = NULL;
				changed = 1;
				break;
			}
		}
		for (long long ord = 0; !changed && ord < want; ord++) {
			char *pname = NULL;
			json_t *found = NULL;
			if (!is_ds) {
				pname = xasprintf("%s-%lld", wname, ord);
				for (size_t k = 0; k < nm; k++)
					if (mine[k] && !strcmp(S(jstr(mine[k], "metadata.name")), pname))
						found = mine[k];
			} else {
				for (size_t k = 0; k < nm; k++)
					if (mine[k])
						found = mine[k];
			}
			if (found) {
				have++;
				if (pod_is_ready(found))
					ready++;
				updated++;
				free(pname);
				continue;
			}
			if (!is_ds && ord > 0 && ready < ord &&
			    strcmp(jstr(w, "spec.podManagementPolicy") ? jstr(w, "spec.podManagementPolicy") : "", "Parallel")) {
				free(pname);
				break; /* OrderedReady: wait for the previous one */
			}
			if (is_ds) {
				char *sfx = rand_suffix(5);
				pname = xasprintf("%s-%s", wname, sfx);
				free(sfx);
			}
			json_t *p = pod_from_template(w, tmpl, pname);
			json_t *labels = jensure(p, "metadata.labels");
			if (is_ds) {
				jset_str(labels, "controller-revision-hash", hash);
				char gen[32];
				snprintf(gen, sizeof(gen), "%lld", jint(w, "metadata.generation", 1));
				jset_str(labels, "pod-template-generation", gen);
			} else {
				char o[32];
				snprintf(o, sizeof(o), "%lld", ord);
				jset_str(labels, "apps.kubernetes.io/pod-index", o);
				jset_str(labels, "controller-revision-hash", rev);
				jset_str(labels, "statefulset.kubernetes.io/pod-name", pname);
				jset_str(json_object_get(p, "spec"), "hostname", pname);
				if (jstr(w, "spec.serviceName"))
					jset_str(json_object_get(p, "spec"), "subdomain", S(jstr(w, "spec.serviceName")));
			}
			char *msg = is_ds ? xasprintf("Created pod: %s", pname) :
				xasprintf("create Pod %s in StatefulSet %s successful", pname, wname);
			emit_event(w, "Normal", "SuccessfulCreate", msg,
				is_ds ? "daemonset-controller" : "statefulset-controller", NULL);
			free(msg);
			free(pname);
			store_put(prt, p, 1);
			changed = 1;
			break;
		}
		/* scale down: highest ordinals first */
		if (!changed && !is_ds) {
			for (size_t k = 0; k < nm; k++) {
				if (!mine[k])
					continue;
				const char *pn = jstr(mine[k], "metadata.name");
				const char *dash = strrchr(pn, '-');
				if (dash && atoll(dash + 1) >= want) {
					store_remove(prt, ns, pn);
					changed = 1;
					break;
				}
			}
		}
		list_unref(pods, np);
		if (!changed) {
			json_t *nw = json_deep_copy(w);
			json_t *st = jensure(nw, "status");
			json_object_set_new(st, "observedGeneration",
				json_integer(jint(w, "metadata.generation", 1)));
			if (is_ds) {
				json_object_set_new(st, "desiredNumberScheduled", json_integer(1));
				json_object_set_new(st, "currentNumberScheduled", json_integer(have));
				json_object_set_new(st, "numberReady", json_integer(ready));
				json_object_set_new(st, "updatedNumberScheduled", json_integer(updated));
				json_object_set_new(st, "numberAvailable", json_integer(ready));
				json_object_set_new(st, "numberMisscheduled", json_integer(0));
				if (have > ready)
					json_object_set_new(st, "numberUnavailable", json_integer(have - ready));
				else
					json_object_del(st, "numberUnavailable");
			} else {
				workload_status(st, want, have, ready, updated);
				jset_str(st, "currentRevision", rev);
				jset_str(st, "updateRevision", rev);
				json_object_set_new(st, "collisionCount", json_integer(0));
			}
			put_if_changed(wrt, w, nw, KCM, "status");
		}
		free(hash);
		free(rev);
	}
	list_unref(ws, n);
}

/* ---- CustomResourceDefinitions: accepted and served at once ---- */

static void crd_controller(void)
{
	const struct rtype *crt = rt_find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
	json_t **crds;
	size_t n = list_ref(crt, NULL, &crds);
	for (size_t i = 0; i < n; i++) {
		json_t *c = crds[i];
		if (jget(c, "metadata.deletionTimestamp"))
			continue;
		rt_register_crd(c);
		json_t *nw = json_deep_copy(c);
		json_t *st = jensure(nw, "status");
		json_object_set(st, "acceptedNames", jget(c, "spec.names"));
		json_t *stored = json_array();
		size_t k;
		json_t *v;
		json_array_foreach(jget(c, "spec.versions"), k, v)
			if (json_is_true(json_object_get(v, "storage")))
				json_array_append(stored, json_object_get(v, "name"));
		json_object_set_new(st, "storedVersions", stored);
		if (!json_object_get(st, "conditions")) {
			char *ts = now_rfc3339();
			json_object_set_new(st, "conditions", json_pack(
				"[{s:s,s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s,s:s}]", "lastTransitionTime", ts,
				"message", "no conflicts found", "reason", "NoConflicts", "status", "True",
				"type", "NamesAccepted", "lastTransitionTime", ts, "message",
				"the initial names have been accepted", "reason", "InitialNamesAccepted",
				"status", "True", "type", "Established"));
			free(ts);
		}
		put_if_changed(crt, c, nw, "kube-apiserver", "status");
	}
	list_unref(crds, n);
}

/* ---- resource quotas (object counts) and disruption budgets ---- */

static void quota_controller(void)
{
	const struct rtype *qrt = RT("", "resourcequotas");
	json_t **qs;
	size_t n = list_ref(qrt, NULL, &qs);
	for (size_t i = 0; i < n; i++) {
		json_t *q = qs[i];
		const char *ns = jstr(q, "metadata.namespace");
		json_t *hard = jget(q, "spec.hard");
		json_t *used = json_object();
		const char *k;
		json_t *v;
		json_object_foreach(hard, k, v) {
			const char *res = NULL, *grp = "";
			if (starts_with(k, "count/")) {
				char buf[128];
				snprintf(buf, sizeof(buf), "%s", k + 6);
				char *dot = strchr(buf, '.');
				if (dot)
					*dot = 0;
				const char *g = dot ? strchr(k + 6, '.') + 1 : "";
				const struct rtype *t = NULL;
				for (size_t x = 0; x < rt_count(); x++)
					if (!strcmp(rt_at(x)->resource, buf) && !strcmp(rt_at(x)->group, g))
						t = rt_at(x);
				if (t) {
					json_t **objs;
					size_t m = store_list(t, ns, &objs);
					free(objs);
					char num[32];
					snprintf(num, sizeof(num), "%zu", m);
					jset_str(used, k, num);
				}
				continue;
			}
			if (!strcmp(k, "pods") || !strcmp(k, "services") || !strcmp(k, "configmaps") ||
			    !strcmp(k, "secrets") || !strcmp(k, "persistentvolumeclaims") ||
			    !strcmp(k, "replicationcontrollers") || !strcmp(k, "resourcequotas"))
				res = k;
			if (res) {
				json_t **objs;
				size_t m = store_list(rt_find(grp, "v1", res), ns, &objs);
				size_t live = 0;
				for (size_t x = 0; x < m; x++) {
					const char *ph = jstr(objs[x], "status.phase");
					if (!strcmp(res, "pods") && ph &&
					    (!strcmp(ph, "Succeeded") || !strcmp(ph, "Failed")))
						continue;
					live++;
				}
				free(objs);
				char num[32];
				snprintf(num, sizeof(num), "%zu", live);
				jset_str(used, k, num);
			} else
				jset_str(used, k, "0");
		}
		json_t *nw = json_deep_copy(q);
		json_t *st = jensure(nw, "status");
		json_object_set_new(st, "hard", hard ? json_deep_copy(hard) : json_object());
		json_object_set_new(st, "used", used);
		put_if_changed(qrt, q, nw, KCM, "status");
	}
	list_unref(qs, n);
}

static void pdb_controller(void)
{
	const struct rtype *brt = rt_find("policy", "v1", "poddisruptionbudgets");
	const struct rtype *prt = RT("", "pods");
	json_t **bs;
	size_t n = list_ref(brt, NULL, &bs);
	for (size_t i = 0; i < n; i++) {
		json_t *b = bs[i];
		json_t *ml = jget(b, "spec.selector.matchLabels");
		json_t **pods;
		size_t np = store_list(prt, jstr(b, "metadata.namespace"), &pods);
		long long expected = 0, healthy = 0;
		for (size_t k = 0; k < np; k++)
			if (labels_match(ml, jget(pods[k], "metadata.labels"))) {
				expected++;
				if (pod_is_ready(pods[k]))
					healthy++;
			}
		free(pods);
		long long desired = 0;
		json_t *mn = jget(b, "spec.minAvailable"), *mx = jget(b, "spec.maxUnavailable");
		if (mn)
			desired = resolve_intstr(mn, expected, 1);
		else if (mx)
			desired = expected - resolve_intstr(mx, expected, 1);
		if (desired < 0)
			desired = 0;
		long long allowed = healthy - desired;
		if (allowed < 0)
			allowed = 0;
		json_t *nw = json_deep_copy(b);
		json_t *st = jensure(nw, "status");
		json_object_set_new(st, "currentHealthy", json_integer(healthy));
		json_object_set_new(st, "desiredHealthy", json_integer(desired));
		json_object_set_new(st, "disruptionsAllowed", json_integer(allowed));
		json_object_set_new(st, "expectedPods", json_integer(expected));
		json_object_set_new(st, "observedGeneration", json_integer(jint(b, "metadata.generation", 1)));
		if (allowed > 0)
			set_condition(st, "DisruptionAllowed", "True", "SufficientPods", "", 0);
		else
			set_condition(st, "DisruptionAllowed", "False", "InsufficientPods", "", 0);
		json_t *c = json_array_get(json_object_get(st, "conditions"), 0);
		json_object_del(c, "lastUpdateTime");
		json_object_set_new(c, "observedGeneration", json_integer(jint(b, "metadata.generation", 1)));
		put_if_changed(brt, b, nw, KCM, "status");
	}
	list_unref(bs, n);
}

/* ---- cronjobs ----
 *
 * Schedules are read on the object clock (UTC): with a running clock a CronJob
 * fires at each matching wall-clock minute (the timer loop wakes at the next
 * minute boundary); with --frozen-time nothing fires until an admin moves the
 * clock with POST /mock/advance?seconds=N. Like the real controller, a sync
 * starts a Job for the most recent unmet schedule time only (named
 * <cronjob>-<minutes since the epoch>), honours suspend, concurrencyPolicy
 * (Allow, Forbid, Replace) and startingDeadlineSeconds, records
 * status.active/lastScheduleTime/lastSuccessfulTime and trims finished Jobs to
 * the history limits. */

static int cron_field(const char *f, int lo, int hi, const char *const *names, unsigned long long *bits)
{
	*bits = 0;
	char *dup = xstrdup(f), *save = NULL;
	int ok = 1;
	for (char *part = strtok_r(dup, ",", &save); part && ok; part = strtok_r(NULL, ",", &save)) {
		int step = 1, a = lo, b = hi;
		char *sl = strchr(part, '/');
		if (sl) {
			*sl = 0;
			char *end;
			long v = strtol(sl + 1, &end, 10);
			if (*end || v <= 0) {
				ok = 0;
				break;
			}
			step = (int)v;
		}
		if (strcmp(part, "*") && strcmp(part, "?")) {
			char *dash = strchr(part, '-');
			if (dash)
				*dash = 0;
			const char *ends[2] = { part, dash ? dash + 1 : NULL };
			int vals[2] = { 0, 0 };
			for (int k = 0; k < (dash ? 2 : 1); k++) {
				char *end;
				long v = strtol(ends[k], &end, 10);
				if (*end || end == ends[k]) {
					v = -1;
					for (int m = 0; names && names[m]; m++)
						if (!strcasecmp(ends[k], names[m]))
							v = m + lo;
					if (v < 0) {
						ok = 0;
						break;
					}
				}
				vals[k] = (int)v;
			}
			a = vals[0];
			b = dash ? vals[1] : (sl ? hi : vals[0]);
		}
		if (!ok || a < lo || b > hi || a > b) {
			ok = 0;
			break;
		}
		for (int v = a; v <= b; v += step)
			*bits |= 1ull << v;
	}
	free(dup);
	return ok && *bits ? 0 : -1;
}

int cron_matches(const char *schedule, long long t)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
		"sep", "oct", "nov", "dec", NULL };
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL };
	static const struct { const char *m, *spec; } macros[] = { { "@yearly", "0 0 1 1 *" },
		{ "@annually", "0 0 1 1 *" }, { "@monthly", "0 0 1 * *" }, { "@weekly", "0 0 * * 0" },
		{ "@daily", "0 0 * * *" }, { "@midnight", "0 0 * * *" }, { "@hourly", "0 * * * *" } };
	const char *spec = schedule;
	for (size_t i = 0; i < sizeof(macros) / sizeof(macros[0]); i++)
		if (!strcmp(schedule, macros[i].m))
			spec = macros[i].spec;
	char f[5][64];
	if (sscanf(spec, "%63s %63s %63s %63s %63s", f[0], f[1], f[2], f[3], f[4]) != 5)
		return -1;
	unsigned long long mi, hr, dom, mon, dow;
	if (cron_field(f[0], 0, 59, NULL, &mi) || cron_field(f[1], 0, 23, NULL, &hr) ||
	    cron_field(f[2], 1, 31, NULL, &dom) || cron_field(f[3], 1, 12, months, &mon) ||
	    cron_field(f[4], 0, 7, days, &dow))
		return -1;
	if (dow & (1ull << 7))
		dow |= 1;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	if (!(mi >> tm.tm_min & 1) || !(hr >> tm.tm_hour & 1) || !(mon >> (tm.tm_mon + 1) & 1))
		return 0;
	int dom_star = f[2][0] == '*' || f[2][0] == '?';
	int dow_star = f[4][0] == '*' || f[4][0] == '?';
	int dm = dom >> tm.tm_mday & 1, dw = dow >> tm.tm_wday & 1;
	if (dom_star || dow_star)
		return dm && dw;
	return dm || dw;
}

static double cron_due; /* wall-clock time of the next schedule minute, 0 none */

static int job_finished(const json_t *j, const char **how)
{
	size_t i;
	json_t *c;
	json_array_foreach(jget(j, "status.conditions"), i, c)
		if ((!strcmp(S(jstr(c, "type")), "Complete") || !strcmp(S(jstr(c, "type")), "Failed")) &&
		    !strcmp(S(jstr(c, "status")), "True")) {
			*how = jstr(c, "type");
			return 1;
		}
	return 0;
}

static int by_creation(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(S(jstr(x, "metadata.creationTimestamp")), S(jstr(y, "metadata.creationTimestamp")));
	return c ? c : strcmp(S(jstr(x, "metadata.name")), S(jstr(y, "metadata.name")));
}

static void cronjob_controller(void)
{
	const struct rtype *crt = rt_find("batch", "v1", "cronjobs");
	const struct rtype *jrt = rt_find("batch", "v1", "jobs");
	json_t **cjs;
	size_t n = list_ref(crt, NULL, &cjs);
	double now = now_seconds();
	cron_due = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *cj = cjs[i];
		if (jget(cj, "metadata.deletionTimestamp"))
			continue;
		const char *ns = jstr(cj, "metadata.namespace");
		const char *name = jstr(cj, "metadata.name");
		const char *uid = S(jstr(cj, "metadata.uid"));
		const char *sched = S(jstr(cj, "spec.schedule"));
		json_t *nw = json_deep_copy(cj);
		json_t *st = jensure(nw, "status");
		/* the Jobs it owns: active ones, finished ones (newest last) */
		json_t **jobs;
		size_t nj = list_ref(jrt, ns, &jobs);
		json_t *active = json_array();
		json_t **done_ok = xcalloc(nj + 1, sizeof(*done_ok)), **done_bad = xcalloc(nj + 1, sizeof(*done_bad));
		size_t nok = 0, nbad = 0;
		for (size_t k = 0; k < nj; k++) {
			if (!owned_by(jobs[k], uid))
				continue;
			const char *how;
			if (job_finished(jobs[k], &how)) {
				size_t ai;
				json_t *a;
				json_array_foreach(jget(cj, "status.active"), ai, a)
					if (!strcmp(S(jstr(a, "uid")), S(jstr(jobs[k], "metadata.uid")))) {
						char *msg = xasprintf("Saw completed job: %s, status: %s",
							S(jstr(jobs[k], "metadata.name")), how);
						emit_event(cj, "Normal", "SawCompletedJob", msg, "cronjob-controller",
							NULL);
						free(msg);
					}
				if (!strcmp(how, "Complete")) {
					done_ok[nok++] = jobs[k];
					const char *ct = jstr(jobs[k], "status.completionTime");
					const char *last = jstr(st, "lastSuccessfulTime");
					if (ct && (!last || strcmp(ct, last) > 0))
						jset_str(st, "lastSuccessfulTime", ct);
				} else
					done_bad[nbad++] = jobs[k];
				continue;
			}
			if (jget(jobs[k], "metadata.deletionTimestamp"))
				continue;
			json_array_append_new(active, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "apiVersion",
				"batch/v1", "kind", "Job", "name", jstr(jobs[k], "metadata.name"), "namespace", ns,
				"resourceVersion", S(jstr(jobs[k], "metadata.resourceVersion")), "uid",
				S(jstr(jobs[k], "metadata.uid"))));
		}
		/* history limits */
		qsort(done_ok, nok, sizeof(*done_ok), by_creation);
		qsort(done_bad, nbad, sizeof(*done_bad), by_creation);
		long long keep_ok = jint(cj, "spec.successfulJobsHistoryLimit", 3);
		long long keep_bad = jint(cj, "spec.failedJobsHistoryLimit", 1);
		json_t *gone = json_array();
		for (size_t k = 0; (long long)k + keep_ok < (long long)nok; k++)
			json_array_append(gone, done_ok[k]);
		for (size_t k = 0; (long long)k + keep_bad < (long long)nbad; k++)
			json_array_append(gone, done_bad[k]);
		free(done_ok);
		free(done_bad);
		list_unref(jobs, nj);
		size_t gi;
		json_t *g;
		json_array_foreach(gone, gi, g) {
			char *msg = xasprintf("Deleted job %s", S(jstr(g, "metadata.name")));
			emit_event(cj, "Normal", "SuccessfulDelete", msg, "cronjob-controller", NULL);
			free(msg);
			ctrl_set_gc_policy(NULL);
			store_remove(jrt, ns, jstr(g, "metadata.name"));
			ctrl_on_delete(jrt, g);
		}
		json_decref(gone);
		/* the most recent unmet schedule time */
		const char *lst = jstr(cj, "status.lastScheduleTime");
		double since = parse_rfc3339(lst ? lst : S(jstr(cj, "metadata.creationTimestamp")));
		long long found = 0;
		int valid = cron_matches(sched, 0) >= 0;
		if (valid && !json_is_true(jget(cj, "spec.suspend")) && since > 0) {
			long long m = (long long)(now / 60) * 60, floor_t = (long long)(since / 60) * 60;
			for (long long steps = 0; m > floor_t && steps < 527040; m -= 60, steps++)
				if (cron_matches(sched, m) == 1) {
					found = m;
					break;
				}
			json_t *dl = jget(cj, "spec.startingDeadlineSeconds");
			if (found && dl && now - (double)found > (double)json_integer_value(dl))
				found = 0;
		}
		const char *policy = S(jstr(cj, "spec.concurrencyPolicy"));
		if (found && json_array_size(active) && !strcmp(policy, "Forbid"))
			found = 0;
		if (found) {
			if (!strcmp(policy, "Replace")) {
				size_t ai;
				json_t *a;
				json_array_foreach(active, ai, a) {
					json_t *j = store_get(jrt, ns, jstr(a, "name"));
					if (!j)
						continue;
					char *msg = xasprintf("Deleted job %s", S(jstr(a, "name")));
					emit_event(cj, "Normal", "SuccessfulDelete", msg, "cronjob-controller", NULL);
					free(msg);
					json_incref(j);
					ctrl_set_gc_policy(NULL);
					store_remove(jrt, ns, jstr(a, "name"));
					ctrl_on_delete(jrt, j);
					json_decref(j);
				}
				json_array_clear(active);
			}
			char *jname = xasprintf("%s-%lld", name, found / 60);
			if (!store_get(jrt, ns, jname)) {
				json_t *job = new_object(jrt, ns, jname);
				json_t *md = json_object_get(job, "metadata");
				json_t *tmd = jget(cj, "spec.jobTemplate.metadata");
				json_t *ann = json_deep_copy(json_object_get(tmd, "annotations"));
				if (!json_is_object(ann)) {
					json_decref(ann);
					ann = json_object();
				}
				char *ts = rfc3339_at((double)found);
				jset_str(ann, "batch.kubernetes.io/cronjob-scheduled-timestamp", ts);
				json_object_set_new(md, "annotations", ann);
				if (json_is_object(json_object_get(tmd, "labels")))
					json_object_set(md, "labels", json_object_get(tmd, "labels"));
				json_object_set_new(md, "generation", json_integer(1));
				json_t *ref = owner_ref(cj);
				json_object_set_new(md, "ownerReferences", json_pack("[o]", ref));
				json_t *spec = json_deep_copy(jget(cj, "spec.jobTemplate.spec"));
				if (!json_is_object(spec)) {
					json_decref(spec);
					spec = json_object();
				}
				json_object_set_new(job, "spec", spec);
				const char *juid = jstr(job, "metadata.uid");
				if (!json_object_get(spec, "selector"))
					json_object_set_new(spec, "selector", json_pack("{s:{s:s}}", "matchLabels",
						"batch.kubernetes.io/controller-uid", juid));
				json_t *lab = jensure(spec, "template.metadata.labels");
				jset_str(lab, "batch.kubernetes.io/controller-uid", juid);
				jset_str(lab, "batch.kubernetes.io/job-name", jname);
				jset_str(lab, "controller-uid", juid);
				jset_str(lab, "job-name", jname);
				json_t *sst = NULL;
				if (type_default(jrt, job, NULL) || type_validate(jrt, job, NULL, &sst)) {
					json_decref(sst);
					json_decref(job);
				} else {
					json_t *keep = json_incref(job);
					ctrl_write(jrt, NULL, job, KCM, NULL);
					json_array_append_new(active, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
						"apiVersion", "batch/v1", "kind", "Job", "name", jname, "namespace", ns,
						"resourceVersion", S(jstr(keep, "metadata.resourceVersion")), "uid",
						S(jstr(keep, "metadata.uid"))));
					json_decref(keep);
					char *msg = xasprintf("Created job %s", jname);
					emit_event(cj, "Normal", "SuccessfulCreate", msg, "cronjob-controller", NULL);
					free(msg);
				}
				jset_str(st, "lastScheduleTime", ts);
				free(ts);
			}
			free(jname);
		}
		if (json_array_size(active))
			json_object_set_new(st, "active", active);
		else {
			json_decref(active);
			json_object_del(st, "active");
		}
		put_if_changed(crt, cj, nw, KCM, "status");
		/* wake at the next minute of a running clock */
		if (valid && !json_is_true(jget(cj, "spec.suspend")) && g_frozen_time <= 0) {
			double due = (double)((long long)(now / 60) * 60 + 60) - g_clock_offset + 0.05;
			if (!cron_due || due < cron_due)
				cron_due = due;
		}
	}
	list_unref(cjs, n);
}

/* ---- driver ---- */

void ctrl_reconcile(void)
{
	for (int pass = 0; pass < 50; pass++) {
		uint64_t before = g_rv;
		ns_controller();
		crd_controller();
		deployment_controller();
		rs_controller();
		sts_ds_controller(0);
		sts_ds_controller(1);
		job_controller();
		cronjob_controller();
		pod_lifecycle();
		endpoints_controller();
		quota_controller();
		pdb_controller();
		if (g_rv == before)
			break;
	}
}

double ctrl_next_due(void)
{
	if (cron_due > 0 && (!next_due_time || cron_due < next_due_time))
		return cron_due;
	return next_due_time;
}
