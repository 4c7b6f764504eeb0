/* types.c: the served resource types, their defaulting and a little validation,
 * following what a v1.32 kube-apiserver stores. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"

#define RW V_ALL
const struct rtype g_rtypes[] = {
	{ "", "v1", "bindings", "Binding", "binding", 1, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "componentstatuses", "ComponentStatus", "componentstatus", 0, V_GET | V_LIST, "cs", NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "configmaps", "ConfigMap", "configmap", 1, RW, "cm", NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "endpoints", "Endpoints", "endpoints", 1, RW, "ep", NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "events", "Event", "event", 1, RW, "ev", NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "limitranges", "LimitRange", "limitrange", 1, RW, "limits", NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "namespaces", "Namespace", "namespace", 0, V_CREATE | V_DELETE | V_GET | V_LIST | V_PATCH | V_UPDATE | V_WATCH, "ns", NULL, "finalize,status", NULL, NULL, 0, 0 },
	{ "", "v1", "nodes", "Node", "node", 0, RW, "no", NULL, "proxy,status", NULL, NULL, 0, 0 },
	{ "", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", "persistentvolumeclaim", 1, RW, "pvc", NULL, "status", NULL, NULL, 0, 0 },
	{ "", "v1", "persistentvolumes", "PersistentVolume", "persistentvolume", 0, RW, "pv", NULL, "status", NULL, NULL, 0, 0 },
	{ "", "v1", "pods", "Pod", "pod", 1, RW, "po", "all", "attach,binding,ephemeralcontainers,eviction,exec,log,portforward,proxy,resize,status", NULL, NULL, 0, 0 },
	{ "", "v1", "podtemplates", "PodTemplate", "podtemplate", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "replicationcontrollers", "ReplicationController", "replicationcontroller", 1, RW, "rc", "all", "scale,status", NULL, NULL, 0, 0 },
	{ "", "v1", "resourcequotas", "ResourceQuota", "resourcequota", 1, RW, "quota", NULL, "status", NULL, NULL, 0, 0 },
	{ "", "v1", "secrets", "Secret", "secret", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "", "v1", "serviceaccounts", "ServiceAccount", "serviceaccount", 1, RW, "sa", NULL, "token", NULL, NULL, 0, 0 },
	{ "", "v1", "services", "Service", "service", 1, V_CREATE | V_DELETE | V_DELCOL | V_GET | V_LIST | V_PATCH | V_UPDATE | V_WATCH, "svc", "all", "proxy,status", NULL, NULL, 0, 0 },
	{ "apps", "v1", "controllerrevisions", "ControllerRevision", "controllerrevision", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "apps", "v1", "daemonsets", "DaemonSet", "daemonset", 1, RW, "ds", "all", "status", NULL, NULL, 0, 0 },
	{ "apps", "v1", "deployments", "Deployment", "deployment", 1, RW, "deploy", "all", "scale,status", NULL, NULL, 0, 0 },
	{ "apps", "v1", "replicasets", "ReplicaSet", "replicaset", 1, RW, "rs", "all", "scale,status", NULL, NULL, 0, 0 },
	{ "apps", "v1", "statefulsets", "StatefulSet", "statefulset", 1, RW, "sts", "all", "scale,status", NULL, NULL, 0, 0 },
	{ "apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", "customresourcedefinition", 0, RW, "crd,crds", "api-extensions", "status", NULL, NULL, 0, 0 },
	{ "authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", "selfsubjectreview", 0, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "authentication.k8s.io", "v1", "tokenreviews", "TokenReview", "tokenreview", 0, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", "localsubjectaccessreview", 1, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", "selfsubjectaccessreview", 0, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", "selfsubjectrulesreview", 0, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", "subjectaccessreview", 0, V_CREATE, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", "horizontalpodautoscaler", 1, RW, "hpa", "all", "status", NULL, NULL, 0, 0 },
	{ "batch", "v1", "cronjobs", "CronJob", "cronjob", 1, RW, "cj", "all", "status", NULL, NULL, 0, 0 },
	{ "batch", "v1", "jobs", "Job", "job", 1, RW, NULL, "all", "status", NULL, NULL, 0, 0 },
	{ "coordination.k8s.io", "v1", "leases", "Lease", "lease", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", "endpointslice", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "events.k8s.io", "v1", "events", "Event", "event", 1, RW, "ev", NULL, NULL, NULL, NULL, 0, 0 },
	{ "networking.k8s.io", "v1", "ingressclasses", "IngressClass", "ingressclass", 0, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "networking.k8s.io", "v1", "ingresses", "Ingress", "ingress", 1, RW, "ing", NULL, "status", NULL, NULL, 0, 0 },
	{ "networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", "networkpolicy", 1, RW, "netpol", NULL, NULL, NULL, NULL, 0, 0 },
	{ "policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", "poddisruptionbudget", 1, RW, "pdb", NULL, "status", NULL, NULL, 0, 0 },
	{ "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", "clusterrolebinding", 0, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", "clusterrole", 0, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", "rolebinding", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "rbac.authorization.k8s.io", "v1", "roles", "Role", "role", 1, RW, NULL, NULL, NULL, NULL, NULL, 0, 0 },
	{ "scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", "priorityclass", 0, RW, "pc", NULL, NULL, NULL, NULL, 0, 0 },
	{ "storage.k8s.io", "v1", "storageclasses", "StorageClass", "storageclass", 0, RW, "sc", NULL, NULL, NULL, NULL, 0, 0 },
};
const size_t g_nrtypes = sizeof(g_rtypes) / sizeof(g_rtypes[0]);

/* custom resource types: never freed while serving (objects and watch events
 * point at them); a deleted CRD only disables its types */
#define MAX_DYN 128
static struct rtype dyn[MAX_DYN];
static size_t ndyn;

size_t rt_count(void)
{
	return g_nrtypes + ndyn;
}

const struct rtype *rt_at(size_t i)
{
	return i < g_nrtypes ? &g_rtypes[i] : &dyn[i - g_nrtypes];
}

int rt_served(const struct rtype *rt)
{
	return !rt->disabled;
}

const struct rtype *rt_find(const char *group, const char *version, const char *resource)
{
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (!rt->disabled && !strcmp(rt->group, group) && !strcmp(rt->version, version) &&
		    !strcmp(rt->resource, resource))
			return rt;
	}
	return NULL;
}

const struct rtype *rt_by_kind(const char *group, const char *kind)
{
	for (size_t i = 0; i < rt_count(); i++) {
		const struct rtype *rt = rt_at(i);
		if (!rt->disabled && !strcmp(rt->group, group) && !strcmp(rt->kind, kind))
			return rt;
	}
	return NULL;
}

static char *join_strings(const json_t *arr)
{
	if (!json_array_size(arr))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		strbuf_addf(&sb, "%s%s", i ? "," : "", json_string_value(x) ? json_string_value(x) : "");
	return strbuf_detach(&sb, NULL);
}

void rt_register_crd(const json_t *crd)
{
	const char *group = jstr(crd, "spec.group");
	const char *plural = jstr(crd, "spec.names.plural");
	const char *kind = jstr(crd, "spec.names.kind");
	if (!group || !plural || !kind)
		return;
	size_t i;
	json_t *v;
	json_array_foreach(jget(crd, "spec.versions"), i, v) {
		const char *ver = jstr(v, "name");
		if (!ver || json_is_false(json_object_get(v, "served")))
			continue;
		struct rtype *rt = NULL;
		for (size_t k = 0; k < ndyn; k++)
			if (!strcmp(dyn[k].group, group) && !strcmp(dyn[k].version, ver) &&
			    !strcmp(dyn[k].resource, plural))
				rt = &dyn[k];
		if (!rt) {
			if (ndyn == MAX_DYN)
				return;
			rt = &dyn[ndyn++];
			rt->group = xstrdup(group);
			rt->version = xstrdup(ver);
			rt->resource = xstrdup(plural);
		} else {
			free((char *)rt->kind);
			free((char *)rt->singular);
			free((char *)rt->shortnames);
			free((char *)rt->categories);
			free((char *)rt->subresources);
			json_decref(rt->columns);
		}
		rt->kind = xstrdup(kind);
		const char *sing = jstr(crd, "spec.names.singular");
		if (sing && *sing) {
			rt->singular = xstrdup(sing);
		} else {
			char *low = xstrdup(kind);
			for (char *p = low; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			rt->singular = low;
		}
		rt->namespaced = !jstr(crd, "spec.scope") || strcmp(S(jstr(crd, "spec.scope")), "Cluster");
		rt->verbs = V_ALL;
		rt->shortnames = join_strings(jget(crd, "spec.names.shortNames"));
		rt->categories = join_strings(jget(crd, "spec.names.categories"));
		int st = jget(v, "subresources.status") != NULL, sc = jget(v, "subresources.scale") != NULL;
		rt->subresources = st && sc ? xstrdup("scale,status") : st ? xstrdup("status") :
			sc ? xstrdup("scale") : NULL;
		json_t *cols = json_object_get(v, "additionalPrinterColumns");
		rt->columns = json_is_array(cols) ? json_deep_copy(cols) : NULL;
		openapi_set_crd_schema(group, ver, kind, jget(v, "schema.openAPIV3Schema"));
		rt->dynamic = 1;
		rt->disabled = 0;
	}
}

void rt_unregister_crd(const json_t *crd)
{
	const char *group = jstr(crd, "spec.group");
	const char *plural = jstr(crd, "spec.names.plural");
	if (!group || !plural)
		return;
	for (size_t k = 0; k < ndyn; k++)
		if (!strcmp(dyn[k].group, group) && !strcmp(dyn[k].resource, plural))
			dyn[k].disabled = 1;
}

void rt_free_dynamic(void)
{
	for (size_t k = 0; k < ndyn; k++) {
		free((char *)dyn[k].group);
		free((char *)dyn[k].version);
		free((char *)dyn[k].resource);
		free((char *)dyn[k].kind);
		free((char *)dyn[k].singular);
		free((char *)dyn[k].shortnames);
		free((char *)dyn[k].categories);
		free((char *)dyn[k].subresources);
		json_decref(dyn[k].columns);
	}
	ndyn = 0;
}

char *rt_apiversion(const struct rtype *rt)
{
	if (!*rt->group)
		return xstrdup(rt->version);
	return xasprintf("%s/%s", rt->group, rt->version);
}

/* ---- defaulting ---- */

static void def_str(json_t *o, const char *k, const char *v)
{
	if (!json_is_string(json_object_get(o, k)))
		json_object_set_new(o, k, json_string(v));
}

static void def_int(json_t *o, const char *k, long long v)
{
	if (!json_object_get(o, k) || json_is_null(json_object_get(o, k)))
		json_object_set_new(o, k, json_integer(v));
}

static void def_obj(json_t *o, const char *k)
{
	if (!json_is_object(json_object_get(o, k)))
		json_object_set_new(o, k, json_object());
}

static void default_container(json_t *c)
{
	const char *image = jstr(c, "image");
	if (!json_is_string(json_object_get(c, "imagePullPolicy"))) {
		const char *pol = "IfNotPresent";
		if (image) {
			const char *slash = strrchr(image, '/');
			const char *last = slash ? slash + 1 : image;
			const char *colon = strchr(last, ':');
			if (strchr(image, '@'))
				pol = "IfNotPresent";
			else if (!colon || !strcmp(colon + 1, "latest"))
				pol = "Always";
		}
		json_object_set_new(c, "imagePullPolicy", json_string(pol));
	}
	def_obj(c, "resources");
	def_str(c, "terminationMessagePath", "/dev/termination-log");
	def_str(c, "terminationMessagePolicy", "File");
	json_t *ports = json_object_get(c, "ports");
	size_t i;
	json_t *p;
	json_array_foreach(ports, i, p)
		def_str(p, "protocol", "TCP");
	json_t *env = json_object_get(c, "env");
	json_array_foreach(env, i, p) {
		json_t *fr = jget(p, "valueFrom.fieldRef");
		if (fr)
			def_str(fr, "apiVersion", "v1");
	}
}

static void default_podspec(json_t *spec)
{
	json_t *cs = json_object_get(spec, "containers");
	size_t i;
	json_t *c;
	json_array_foreach(cs, i, c)
		default_container(c);
	json_array_foreach(json_object_get(spec, "initContainers"), i, c)
		default_container(c);
	def_str(spec, "dnsPolicy", "ClusterFirst");
	def_str(spec, "restartPolicy", "Always");
	def_str(spec, "schedulerName", "default-scheduler");
	def_obj(spec, "securityContext");
	def_int(spec, "terminationGracePeriodSeconds", 30);
	json_t *vols = json_object_get(spec, "volumes");
	json_t *v;
	json_array_foreach(vols, i, v) {
		json_t *x;
		if ((x = json_object_get(v, "configMap")) || (x = json_object_get(v, "secret")))
			def_int(x, "defaultMode", 420);
		if ((x = json_object_get(v, "projected")))
			def_int(x, "defaultMode", 420);
	}
}

static void default_template(json_t *tmpl)
{
	json_t *md = jensure(tmpl, "metadata");
	if (!json_object_get(md, "creationTimestamp"))
		json_object_set_new(md, "creationTimestamp", json_null());
	default_podspec(jensure(tmpl, "spec"));
}

static void default_selector_from_template(json_t *spec)
{
	if (json_object_get(spec, "selector"))
		return;
	json_t *labels = jget(spec, "template.metadata.labels");
	if (labels) {
		json_t *sel = json_object();
		json_object_set(sel, "matchLabels", labels);
		json_object_set_new(spec, "selector", sel);
	}
}

static void default_pod(json_t *pod)
{
	json_t *spec = jensure(pod, "spec");
	default_podspec(spec);
	def_str(spec, "serviceAccountName", "default");
	def_str(spec, "serviceAccount", S(jstr(spec, "serviceAccountName")));
	def_int(spec, "priority", 0);
	def_str(spec, "preemptionPolicy", "PreemptLowerPriority");
	if (!json_object_get(spec, "enableServiceLinks"))
		json_object_set_new(spec, "enableServiceLinks", json_true());
	if (!json_object_get(spec, "tolerations")) {
		json_t *t = json_array();
		const char *keys[] = { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" };
		for (int k = 0; k < 2; k++)
			json_array_append_new(t, json_pack("{s:s,s:s,s:s,s:i}", "effect", "NoExecute",
				"key", keys[k], "operator", "Exists", "tolerationSeconds", 300));
		json_object_set_new(spec, "tolerations", t);
	}
	/* the ServiceAccount admission plugin's projected token volume */
	int has_sa_vol = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(spec, "volumes"), i, v) {
		const char *n = jstr(v, "name");
		if (n && starts_with(n, "kube-api-access-"))
			has_sa_vol = 1;
	}
	if (!has_sa_vol && json_is_false(json_object_get(spec, "automountServiceAccountToken")) == 0) {
		char *sfx = rand_suffix(5);
		char *vname = xasprintf("kube-api-access-%s", sfx);
		free(sfx);
		json_t *vol = json_pack(
			"{s:s,s:{s:i,s:[{s:{s:i,s:s}},{s:{s:[{s:s,s:s}],s:s}},{s:{s:[{s:{s:s,s:s},s:s}]}}]}}",
			"name", vname, "projected", "defaultMode", 420, "sources",
			"serviceAccountToken", "expirationSeconds", 3607, "path", "token",
			"configMap", "items", "key", "ca.crt", "path", "ca.crt", "name", "kube-root-ca.crt",
			"downwardAPI", "items", "fieldRef", "apiVersion", "v1", "fieldPath",
			"metadata.namespace", "path", "namespace");
		if (!json_is_array(json_object_get(spec, "volumes")))
			json_object_set_new(spec, "volumes", json_array());
		json_array_append_new(json_object_get(spec, "volumes"), vol);
		json_t *c;
		json_array_foreach(json_object_get(spec, "containers"), i, c) {
			if (!json_is_array(json_object_get(c, "volumeMounts")))
				json_object_set_new(c, "volumeMounts", json_array());
			json_array_append_new(json_object_get(c, "volumeMounts"),
				json_pack("{s:s,s:s,s:b}", "mountPath",
					"/var/run/secrets/kubernetes.io/serviceaccount", "name", vname,
					"readOnly", 1));
		}
		free(vname);
	}
	json_t *st = jensure(pod, "status");
	def_str(st, "phase", "Pending");
	def_str(st, "qosClass", "BestEffort");
}

static void default_deployment(json_t *d)
{
	json_t *spec = jensure(d, "spec");
	def_int(spec, "replicas", 1);
	def_int(spec, "revisionHistoryLimit", 10);
	def_int(spec, "progressDeadlineSeconds", 600);
	json_t *strat = jensure(spec, "strategy");
	def_str(strat, "type", "RollingUpdate");
	if (!strcmp(S(jstr(strat, "type")), "RollingUpdate")) {
		json_t *ru = jensure(strat, "rollingUpdate");
		if (!json_object_get(ru, "maxSurge"))
			json_object_set_new(ru, "maxSurge", json_string("25%"));
		if (!json_object_get(ru, "maxUnavailable"))
			json_object_set_new(ru, "maxUnavailable", json_string("25%"));
	}
	default_selector_from_template(spec);
	default_template(jensure(spec, "template"));
	jensure(d, "status");
}

static void default_service(json_t *s)
{
	json_t *spec = jensure(s, "spec");
	def_str(spec, "type", "ClusterIP");
	def_str(spec, "sessionAffinity", "None");
	const char *type = jstr(spec, "type");
	if (strcmp(type, "ExternalName")) {
		if (!json_is_string(json_object_get(spec, "clusterIP"))) {
			char *ip = alloc_cluster_ip();
			json_object_set_new(spec, "clusterIP", json_string(ip));
			free(ip);
		}
		if (!json_object_get(spec, "clusterIPs"))
			json_object_set_new(spec, "clusterIPs",
				json_pack("[s]", S(jstr(spec, "clusterIP"))));
		if (strcmp(S(jstr(spec, "clusterIP")), "None")) {
			def_str(spec, "internalTrafficPolicy", "Cluster");
		} else {
			def_str(spec, "internalTrafficPolicy", "Cluster");
		}
		if (!json_object_get(spec, "ipFamilies"))
			json_object_set_new(spec, "ipFamilies", json_pack("[s]", "IPv4"));
		def_str(spec, "ipFamilyPolicy", "SingleStack");
	}
	if (!strcmp(type, "NodePort") || !strcmp(type, "LoadBalancer"))
		def_str(spec, "externalTrafficPolicy", "Cluster");
	size_t i;
	json_t *p;
	static int np = 30080;
	json_array_foreach(json_object_get(spec, "ports"), i, p) {
		def_str(p, "protocol", "TCP");
		if (!json_object_get(p, "targetPort"))
			json_object_set(p, "targetPort", json_object_get(p, "port"));
		if ((!strcmp(type, "NodePort") || !strcmp(type, "LoadBalancer")) &&
		    !json_object_get(p, "nodePort"))
			json_object_set_new(p, "nodePort", json_integer(np++));
	}
	json_t *st = jensure(s, "status");
	def_obj(st, "loadBalancer");
}

static void default_rs(json_t *r)
{
	json_t *spec = jensure(r, "spec");
	def_int(spec, "replicas", 1);
	default_selector_from_template(spec);
	default_template(jensure(spec, "template"));
	json_t *st = jensure(r, "status");
	def_int(st, "replicas", 0);
}

static void default_job(json_t *j)
{
	json_t *spec = jensure(j, "spec");
	def_int(spec, "backoffLimit", 6);
	def_str(spec, "completionMode", "NonIndexed");
	def_int(spec, "completions", 1);
	def_int(spec, "parallelism", 1);
	if (!json_object_get(spec, "manualSelector")) {
		/* selector and labels keyed by the uid are set in store_create */
	}
	def_str(spec, "podReplacementPolicy", "TerminatingOrFailed");
	if (!json_object_get(spec, "suspend"))
		json_object_set_new(spec, "suspend", json_false());
	default_template(jensure(spec, "template"));
	jensure(j, "status");
}

int type_default(const struct rtype *rt, json_t *obj, const json_t *old)
{
	const char *r = rt->resource;
	if (rt->dynamic)
		return 0;
	if (!strcmp(r, "customresourcedefinitions")) {
		json_t *spec = jensure(obj, "spec");
		json_t *names = jensure(spec, "names");
		if (!jstr(names, "singular") && jstr(names, "kind")) {
			char *low = xstrdup(jstr(names, "kind"));
			for (char *p = low; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			jset_str(names, "singular", low);
			free(low);
		}
		if (!jstr(names, "listKind") && jstr(names, "kind")) {
			char *lk = xasprintf("%sList", S(jstr(names, "kind")));
			jset_str(names, "listKind", lk);
			free(lk);
		}
		json_t *conv = jensure(spec, "conversion");
		def_str(conv, "strategy", "None");
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(spec, "versions"), i, v) {
			if (!json_object_get(v, "additionalPrinterColumns") || !json_array_size(json_object_get(v, "additionalPrinterColumns")))
				json_object_set_new(v, "additionalPrinterColumns", json_pack(
					"[{s:s,s:s,s:s}]", "jsonPath", ".metadata.creationTimestamp", "name", "Age",
					"type", "date"));
		}
		return 0;
	}
	if (!strcmp(r, "pods") && !old)
		default_pod(obj);
	else if (!strcmp(r, "deployments"))
		default_deployment(obj);
	else if (!strcmp(r, "services"))
		default_service(obj);
	else if (!strcmp(r, "replicasets"))
		default_rs(obj);
	else if (!strcmp(r, "jobs"))
		default_job(obj);
	else if (!strcmp(r, "namespaces")) {
		json_t *spec = jensure(obj, "spec");
		if (!json_object_get(spec, "finalizers"))
			json_object_set_new(spec, "finalizers", json_pack("[s]", "kubernetes"));
		json_t *st = jensure(obj, "status");
		def_str(st, "phase", "Active");
		json_t *labels = jensure(obj, "metadata.labels");
		jset_str(labels, "kubernetes.io/metadata.name", S(jstr(obj, "metadata.name")));
	} else if (!strcmp(r, "secrets"))
		def_str(obj, "type", "Opaque");
	else if (!strcmp(r, "statefulsets") || !strcmp(r, "daemonsets")) {
		json_t *spec = jensure(obj, "spec");
		if (!strcmp(r, "statefulsets")) {
			def_int(spec, "replicas", 1);
			def_str(spec, "podManagementPolicy", "OrderedReady");
			json_t *us = jensure(spec, "updateStrategy");
			def_str(us, "type", "RollingUpdate");
			json_t *ru = jensure(us, "rollingUpdate");
			def_int(ru, "partition", 0);
			json_t *p = jensure(spec, "persistentVolumeClaimRetentionPolicy");
			def_str(p, "whenDeleted", "Retain");
			def_str(p, "whenScaled", "Retain");
		} else {
			json_t *us = jensure(spec, "updateStrategy");
			def_str(us, "type", "RollingUpdate");
			json_t *ru = jensure(us, "rollingUpdate");
			def_int(ru, "maxSurge", 0);
			def_int(ru, "maxUnavailable", 1);
		}
		def_int(spec, "revisionHistoryLimit", 10);
		default_template(jensure(spec, "template"));
		jensure(obj, "status");
	} else if (!strcmp(r, "cronjobs")) {
		json_t *spec = jensure(obj, "spec");
		def_str(spec, "concurrencyPolicy", "Allow");
		def_int(spec, "failedJobsHistoryLimit", 1);
		def_int(spec, "successfulJobsHistoryLimit", 3);
		if (!json_object_get(spec, "suspend"))
			json_object_set_new(spec, "suspend", json_false());
		json_t *jt = jensure(spec, "jobTemplate");
		json_t *jmd = jensure(jt, "metadata");
		if (!json_object_get(jmd, "creationTimestamp"))
			json_object_set_new(jmd, "creationTimestamp", json_null());
		json_t *js = jensure(jt, "spec");
		default_template(jensure(js, "template"));
		jensure(obj, "status");
	} else if (!strcmp(r, "persistentvolumeclaims")) {
		json_t *spec = jensure(obj, "spec");
		def_str(spec, "volumeMode", "Filesystem");
		json_t *st = jensure(obj, "status");
		def_str(st, "phase", "Pending");
	} else if (!strcmp(r, "ingresses")) {
		json_t *st = jensure(obj, "status");
		def_obj(st, "loadBalancer");
	}
	return 0;
}

/* ---- validation ---- */

static int dns1123_label(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-'))
			return 0;
	}
	return s[0] != '-' && s[n - 1] != '-';
}

static int dns1123_subdomain(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-' || c == '.'))
			return 0;
	}
	return isalnum((unsigned char)s[0]) && isalnum((unsigned char)s[n - 1]);
}

int type_validate(const struct rtype *rt, json_t *obj, const json_t *old, json_t **status)
{
	json_t *causes = json_array();
	const char *name = jstr(obj, "metadata.name");
	const char *r = rt->resource;
	if (name) {
		int label_only = !strcmp(r, "namespaces") || !strcmp(r, "services");
		int ok = label_only ? dns1123_label(name) : dns1123_subdomain(name);
		if (!ok) {
			char *m;
			if (label_only)
				m = xasprintf("Invalid value: \"%s\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", name);
			else
				m = xasprintf("Invalid value: \"%s\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", name);
			cause_add(causes, "FieldValueInvalid", "metadata.name", m);
			free(m);
		}
	}
	if (!strcmp(r, "deployments") || !strcmp(r, "replicasets")) {
		long long rep = jint(obj, "spec.replicas", 0);
		if (rep < 0)
			cause_add(causes, "FieldValueInvalid", "spec.replicas",
				"Invalid value: -1: must be greater than or equal to 0");
		json_t *sel = jget(obj, "spec.selector.matchLabels");
		json_t *lab = jget(obj, "spec.template.metadata.labels");
		if (sel) {
			const char *k;
			json_t *v;
			int match = 1;
			json_object_foreach(sel, k, v) {
				json_t *lv = json_object_get(lab, k);
				if (!lv || !json_equal(lv, v))
					match = 0;
			}
			if (!match) {
				char *ls = NULL;
				struct strbuf sb = STRBUF_INIT;
				const char *keys[64];
				size_t nk = 0;
				json_object_foreach(lab, k, v)
					if (nk < 64)
						keys[nk++] = k;
				for (size_t a = 1; a < nk; a++)
					for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
						const char *t = keys[b];
						keys[b] = keys[b - 1];
						keys[b - 1] = t;
					}
				for (size_t a = 0; a < nk; a++)
					strbuf_addf(&sb, "%s\"%s\":\"%s\"", a ? ", " : "", keys[a],
						json_string_value(json_object_get(lab, keys[a])));
				ls = xasprintf("Invalid value: map[string]string{%s}: `selector` does not match template `labels`", sb.buf);
				strbuf_release(&sb);
				cause_add(causes, "FieldValueInvalid", "spec.template.metadata.labels", ls);
				free(ls);
			}
		}
		if (old && !json_equal(jget(old, "spec.selector"), jget(obj, "spec.selector")))
			cause_add(causes, "FieldValueInvalid", "spec.selector",
				"Invalid value: v1.LabelSelector{...}: field is immutable");
	}
	const char *podspec = !strcmp(r, "pods") ? "spec" :
		(!strcmp(r, "deployments") || !strcmp(r, "replicasets") || !strcmp(r, "statefulsets") ||
		 !strcmp(r, "daemonsets") || !strcmp(r, "jobs") || !strcmp(r, "replicationcontrollers") ||
		 !strcmp(r, "podtemplates")) ? "spec.template.spec" :
		!strcmp(r, "cronjobs") ? "spec.jobTemplate.spec.template.spec" : NULL;
	if (podspec && !(!strcmp(r, "podtemplates") && !jget(obj, "template"))) {
		const char *pfx = !strcmp(r, "podtemplates") ? "template.spec" : podspec;
		json_t *cs = jget(obj, pfx);
		cs = json_object_get(cs, "containers");
		char f[128];
		if (!json_is_array(cs) || json_array_size(cs) == 0) {
			snprintf(f, sizeof(f), "%s.containers", pfx);
			cause_add(causes, "FieldValueRequired", f, "Required value");
		}
		size_t i;
		json_t *c;
		json_array_foreach(cs, i, c) {
			if (!jstr(c, "name") || !*jstr(c, "name")) {
				snprintf(f, sizeof(f), "%s.containers[%zu].name", pfx, i);
				cause_add(causes, "FieldValueRequired", f, "Required value");
			}
			if (!jstr(c, "image") || !*jstr(c, "image")) {
				snprintf(f, sizeof(f), "%s.containers[%zu].image", pfx, i);
				cause_add(causes, "FieldValueRequired", f, "Required value");
			}
			/* validateContainerPorts */
			size_t j;
			json_t *pt;
			json_array_foreach(json_object_get(c, "ports"), j, pt) {
				json_t *cp = json_object_get(pt, "containerPort");
				long long v = json_is_integer(cp) ? json_integer_value(cp) : 0;
				snprintf(f, sizeof(f), "%s.containers[%zu].ports[%zu].containerPort", pfx, i, j);
				if (v == 0) {
					cause_add(causes, "FieldValueRequired", f, "Required value");
				} else if (v < 1 || v > 65535) {
					char *m = xasprintf("Invalid value: %lld: must be between 1 and 65535, inclusive", v);
					cause_add(causes, "FieldValueInvalid", f, m);
					free(m);
				}
				json_t *hp = json_object_get(pt, "hostPort");
				long long h = json_is_integer(hp) ? json_integer_value(hp) : 0;
				if (h != 0 && (h < 1 || h > 65535)) {
					snprintf(f, sizeof(f), "%s.containers[%zu].ports[%zu].hostPort", pfx, i, j);
					char *m = xasprintf("Invalid value: %lld: must be between 1 and 65535, inclusive", h);
					cause_add(causes, "FieldValueInvalid", f, m);
					free(m);
				}
			}
		}
	}
	if (json_array_size(causes)) {
		*status = status_invalid(rt, name ? name : "", causes);
		return -1;
	}
	json_decref(causes);
	return 0;
}
