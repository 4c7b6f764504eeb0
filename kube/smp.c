/* kube/smp.c: strategic merge patch and JSON merge patch, following
 * apimachinery's pkg/util/strategicpatch (v0.32) step by step: the same
 * orderings (fmt %v string sorts, insertion sorts as Go's sort runs them on
 * short slices), the same directive handling. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/smp.h"
#include "util/json.h"
#include "util/strbuf.h"

/* ---------------------------------------------------------------- metadata */

struct smp_type;

struct smp_field {
	const char *name;
	const char *strategy;   /* "merge", "replace", "retainKeys", "merge,retainKeys" or NULL */
	const char *key;        /* patchMergeKey or NULL */
	const struct smp_type *type; /* the field's (element) type, NULL = generic */
};

struct smp_type {
	const char *name;
	const struct smp_field *fields;
};

#define END { NULL, NULL, NULL, NULL }

static const struct smp_field f_object_meta[] = {
	{ "finalizers", "merge", NULL, NULL },
	{ "ownerReferences", "merge", "uid", NULL },
	END,
};
static const struct smp_type t_object_meta = { "ObjectMeta", f_object_meta };

static const struct smp_field f_container[] = {
	{ "env", "merge", "name", NULL },
	{ "ports", "merge", "containerPort", NULL },
	{ "volumeDevices", "merge", "devicePath", NULL },
	{ "volumeMounts", "merge", "mountPath", NULL },
	END,
};
static const struct smp_type t_container = { "Container", f_container };

static const struct smp_field f_pod_spec[] = {
	{ "containers", "merge", "name", &t_container },
	{ "ephemeralContainers", "merge", "name", &t_container },
	{ "hostAliases", "merge", "ip", NULL },
	{ "imagePullSecrets", "merge", "name", NULL },
	{ "initContainers", "merge", "name", &t_container },
	{ "resourceClaims", "merge,retainKeys", "name", NULL },
	{ "schedulingGates", "merge", "name", NULL },
	{ "topologySpreadConstraints", "merge", "topologyKey", NULL },
	{ "volumes", "merge,retainKeys", "name", NULL },
	END,
};
static const struct smp_type t_pod_spec = { "PodSpec", f_pod_spec };

static const struct smp_field f_pod_template_spec[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	{ "spec", NULL, NULL, &t_pod_spec },
	END,
};
static const struct smp_type t_pod_template_spec = { "PodTemplateSpec", f_pod_template_spec };

/* Kinds: metadata + spec of the given type. */
#define KIND_TYPE(var, spec_type)                                           \
	static const struct smp_field f_##var[] = {                         \
		{ "metadata", NULL, NULL, &t_object_meta },                  \
		{ "spec", NULL, NULL, spec_type },                           \
		END,                                                         \
	};                                                                   \
	static const struct smp_type t_##var = { #var, f_##var }

/* generic workload spec: template + metadata-only volumeClaimTemplates */
static const struct smp_field f_pvc[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	END,
};
static const struct smp_type t_pvc = { "PersistentVolumeClaim", f_pvc };

static const struct smp_field f_workload_spec[] = {
	{ "template", NULL, NULL, &t_pod_template_spec },
	{ "volumeClaimTemplates", NULL, NULL, &t_pvc },
	END,
};
static const struct smp_type t_workload_spec = { "WorkloadSpec", f_workload_spec };

static const struct smp_field f_deployment_spec[] = {
	{ "strategy", "retainKeys", NULL, NULL },
	{ "template", NULL, NULL, &t_pod_template_spec },
	END,
};
static const struct smp_type t_deployment_spec = { "DeploymentSpec", f_deployment_spec };

static const struct smp_field f_job_template[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	{ "spec", NULL, NULL, &t_workload_spec },
	END,
};
static const struct smp_type t_job_template = { "JobTemplateSpec", f_job_template };
static const struct smp_field f_cronjob_spec[] = {
	{ "jobTemplate", NULL, NULL, &t_job_template },
	END,
};
static const struct smp_type t_cronjob_spec = { "CronJobSpec", f_cronjob_spec };

static const struct smp_field f_service_spec[] = {
	{ "ports", "merge", "port", NULL },
	END,
};
static const struct smp_type t_service_spec = { "ServiceSpec", f_service_spec };

static const struct smp_field f_node_spec[] = {
	{ "podCIDRs", "merge", NULL, NULL },
	END,
};
static const struct smp_type t_node_spec = { "NodeSpec", f_node_spec };

static const struct smp_field f_pdb_spec[] = {
	{ "selector", "replace", NULL, NULL },
	END,
};
static const struct smp_type t_pdb_spec = { "PodDisruptionBudgetSpec", f_pdb_spec };

static const struct smp_field f_csinode_spec[] = {
	{ "drivers", "merge", "name", NULL },
	END,
};
static const struct smp_type t_csinode_spec = { "CSINodeSpec", f_csinode_spec };

static const struct smp_field f_vap_spec[] = {
	{ "matchConditions", "merge", "name", NULL },
	{ "variables", "merge", "name", NULL },
	END,
};
static const struct smp_type t_vap_spec = { "ValidatingAdmissionPolicySpec", f_vap_spec };

static const struct smp_field f_webhook[] = {
	{ "matchConditions", "merge", "name", NULL },
	END,
};
static const struct smp_type t_webhook = { "Webhook", f_webhook };

KIND_TYPE(pod, &t_pod_spec);
KIND_TYPE(workload, &t_workload_spec);
KIND_TYPE(deployment, &t_deployment_spec);
KIND_TYPE(cronjob, &t_cronjob_spec);
KIND_TYPE(service, &t_service_spec);
KIND_TYPE(node, &t_node_spec);
KIND_TYPE(pdb, &t_pdb_spec);
KIND_TYPE(csinode, &t_csinode_spec);
KIND_TYPE(vap, &t_vap_spec);

static const struct smp_field f_pod_template[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	{ "template", NULL, NULL, &t_pod_template_spec },
	END,
};
static const struct smp_type t_pod_template = { "PodTemplate", f_pod_template };

static const struct smp_field f_service_account[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	{ "secrets", "merge", "name", NULL },
	END,
};
static const struct smp_type t_service_account = { "ServiceAccount", f_service_account };

static const struct smp_field f_webhook_config[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	{ "webhooks", "merge", "name", &t_webhook },
	END,
};
static const struct smp_type t_webhook_config = { "WebhookConfiguration", f_webhook_config };

static const struct smp_field f_meta_only[] = {
	{ "metadata", NULL, NULL, &t_object_meta },
	END,
};
static const struct smp_type t_meta_only = { "Object", f_meta_only };

/* The groups of k8s.io/api that kubectl's scheme registers. */
static const char *const known_groups[] = {
	"", "admissionregistration.k8s.io", "apps", "authentication.k8s.io",
	"authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
	"coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "extensions",
	"flowcontrol.apiserver.k8s.io", "imagepolicy.k8s.io", "internal.apiserver.k8s.io",
	"networking.k8s.io", "node.k8s.io", "policy", "rbac.authorization.k8s.io",
	"resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
	NULL,
};

int smp_known_kind(const char *group, const char *kind)
{
	if (!kind || !*kind)
		return 0;
	for (size_t i = 0; known_groups[i]; i++)
		if (!strcmp(known_groups[i], group ? group : ""))
			return 1;
	return 0;
}

static const struct smp_type *root_type(const char *group, const char *kind)
{
	if (!kind)
		return &t_meta_only;
	group = group ? group : "";
	if (!strcmp(kind, "Pod"))
		return &t_pod;
	if (!strcmp(kind, "PodTemplate"))
		return &t_pod_template;
	if (!strcmp(kind, "Deployment"))
		return &t_deployment;
	if (!strcmp(kind, "ReplicaSet") || !strcmp(kind, "DaemonSet") ||
	    !strcmp(kind, "StatefulSet") || !strcmp(kind, "ReplicationController") ||
	    !strcmp(kind, "Job"))
		return &t_workload;
	if (!strcmp(kind, "CronJob"))
		return &t_cronjob;
	if (!strcmp(kind, "Service") && !*group)
		return &t_service;
	if (!strcmp(kind, "ServiceAccount"))
		return &t_service_account;
	if (!strcmp(kind, "Node"))
		return &t_node;
	if (!strcmp(kind, "PodDisruptionBudget"))
		return &t_pdb;
	if (!strcmp(kind, "CSINode"))
		return &t_csinode;
	if (!strcmp(kind, "ValidatingAdmissionPolicy"))
		return &t_vap;
	if (!strcmp(kind, "ValidatingWebhookConfiguration") ||
	    !strcmp(kind, "MutatingWebhookConfiguration"))
		return &t_webhook_config;
	return &t_meta_only;
}

struct meta {
	const struct smp_type *type; /* sub-schema */
	const char *key;             /* merge key ("" none) */
	char strategy[16];           /* "merge", "replace" or "" */
	int retain;                  /* retainKeys */
};

static void lookup(const struct smp_type *t, const char *field, struct meta *m)
{
	memset(m, 0, sizeof *m);
	m->key = "";
	if (!t)
		return;
	for (const struct smp_field *f = t->fields; f->name; f++) {
		if (strcmp(f->name, field))
			continue;
		m->type = f->type;
		m->key = f->key ? f->key : "";
		if (f->strategy) {
			const char *s = f->strategy;
			while (*s) {
				size_t n = strcspn(s, ",");
				if (n == 10 && !strncmp(s, "retainKeys", 10))
					m->retain = 1;
				else if (n < sizeof m->strategy)
					snprintf(m->strategy, sizeof m->strategy, "%.*s", (int)n, s);
				s += n;
				if (*s == ',')
					s++;
			}
		}
		return;
	}
}

/* ---------------------------------------------------------------- Go helpers */

/* reflect.TypeOf class of a decoded value: 0 nil, 1 map, 2 slice, 3 string,
 * 4 int64, 5 float64, 6 bool */
static int gotype(const json_t *v)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_object(v))
		return 1;
	if (json_is_array(v))
		return 2;
	if (json_is_string(v))
		return 3;
	if (json_is_integer(v))
		return 4;
	if (json_is_real(v))
		return 5;
	return 6;
}

/* interface == (scalars); maps and slices compared deeply (Go would panic) */
static int iface_eq(const json_t *a, const json_t *b)
{
	int ta = gotype(a), tb = gotype(b);
	if (ta != tb)
		return 0;
	if (ta == 0)
		return 1;
	return json_equal((json_t *)a, (json_t *)b);
}

static void fmt_float(struct strbuf *out, double f)
{
	/* %v of float64: %g with the shortest representation, exponent below 1e-4
	 * and from 1e21 */
	if (f == floor(f) && fabs(f) < 1e21) {
		strbuf_addf(out, "%.0f", f);
		return;
	}
	char buf[64];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	strbuf_addstr(out, buf);
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void smp_go_fmt_v(struct strbuf *out, const json_t *v)
{
	switch (gotype(v)) {
	case 0:
		strbuf_addstr(out, "<nil>");
		break;
	case 1: {
		size_t n = json_object_size(v), i = 0;
		const char **keys = calloc(n ? n : 1, sizeof *keys);
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
			keys[i++] = k;
		qsort(keys, n, sizeof *keys, cmp_keys);
		strbuf_addstr(out, "map[");
		for (i = 0; i < n; i++) {
			if (i)
				strbuf_addch(out, ' ');
			strbuf_addstr(out, keys[i]);
			strbuf_addch(out, ':');
			smp_go_fmt_v(out, json_object_get(v, keys[i]));
		}
		strbuf_addch(out, ']');
		free(keys);
		break;
	}
	case 2: {
		size_t i;
		json_t *x;
		strbuf_addch(out, '[');
		json_array_foreach(v, i, x) {
			if (i)
				strbuf_addch(out, ' ');
			smp_go_fmt_v(out, x);
		}
		strbuf_addch(out, ']');
		break;
	}
	case 3:
		strbuf_add(out, json_string_value(v), json_string_length(v));
		break;
	case 4:
		strbuf_addf(out, "%lld", (long long)json_integer_value(v));
		break;
	case 5:
		fmt_float(out, json_real_value(v));
		break;
	default:
		strbuf_addstr(out, json_is_true(v) ? "true" : "false");
	}
}

static char *fmt_v(const json_t *v)
{
	struct strbuf sb = STRBUF_INIT;
	smp_go_fmt_v(&sb, v);
	return strbuf_detach(&sb, NULL);
}

static int smp_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

#define DIRECTIVE "$patch"
#define RETAIN_KEYS "$retainKeys"
#define DEL_PRIM "$deleteFromPrimitiveList"
#define SET_ORDER "$setElementOrder"

/* sort.Sort on a short slice: insertion sort with Less(i, j) =
 * StringsAreSorted([s_i, s_j]) (s_i <= s_j), which moves equal elements too. */
static void go_sort_by_strings(json_t **v, char **s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(s[j], s[j - 1]) <= 0; j--) {
			json_t *tv = v[j];
			v[j] = v[j - 1];
			v[j - 1] = tv;
			char *ts = s[j];
			s[j] = s[j - 1];
			s[j - 1] = ts;
		}
}

/* sortScalars: a new array, sorted by %v */
static json_t *sort_scalars(const json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = calloc(n ? n : 1, sizeof *v);
	char **s = calloc(n ? n : 1, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		v[i] = json_array_get(arr, i);
		s[i] = fmt_v(v[i]);
	}
	go_sort_by_strings(v, s, n);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append(out, v[i]);
		free(s[i]);
	}
	free(v);
	free(s);
	return out;
}

/* sortMapsBasedOnField */
static json_t *sort_maps_by_field(const json_t *arr, const char *field)
{
	size_t n = json_array_size(arr);
	json_t **v = calloc(n ? n : 1, sizeof *v);
	char **s = calloc(n ? n : 1, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		v[i] = json_array_get(arr, i);
		s[i] = fmt_v(json_object_get(v[i], field));
	}
	go_sort_by_strings(v, s, n);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append(out, v[i]);
		free(s[i]);
	}
	free(v);
	free(s);
	return out;
}

/* deduplicateScalars, in place, exactly as Go's swap-with-last loop */
static void dedup_scalars(json_t *arr)
{
	size_t len = json_array_size(arr);
	if (len == 0)
		return;
	size_t length = len - 1;
	for (size_t i = 0; i < length; i++) {
		for (size_t j = i + 1; j <= length; j++) {
			if (iface_eq(json_array_get(arr, i), json_array_get(arr, j))) {
				json_array_set(arr, j, json_array_get(arr, length));
				json_array_remove(arr, length);
				length--;
				j--;
			}
		}
	}
}

/* sliceElementType: 0 ok with *kind set; -1 + err */
static int slice_elem_type(const json_t *a, const json_t *b, int *kind, struct kc_err *err)
{
	int prev = -1;
	const json_t *lists[2] = { a, b };
	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *v;
		if (!json_is_array(lists[l]))
			continue;
		json_array_foreach(lists[l], i, v) {
			int t = gotype(v);
			if (prev < 0) {
				prev = t;
				if (t == 2)
					return kc_err_set(err, "lists of lists are not supported");
			} else if (prev != t) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_addch(&sb, '[');
				for (int m = 0; m < 2; m++) {
					if (m)
						strbuf_addch(&sb, ' ');
					smp_go_fmt_v(&sb, lists[m] ? lists[m] : json_null());
				}
				strbuf_addch(&sb, ']');
				kc_err_set(err, "list element types are not identical: %s", sb.buf);
				strbuf_release(&sb);
				return -1;
			}
		}
	}
	if (prev < 0)
		return kc_err_set(err, "no elements in any of the given slices");
	*kind = prev;
	return 0;
}

static int err_no_merge_key(struct kc_err *err, const json_t *m, const char *key)
{
	char *s = fmt_v(m);
	kc_err_set(err, "map: %s does not contain declared merge key: %s", s, key);
	free(s);
	return -1;
}

static int err_bad_arg(struct kc_err *err, const char *expected, const json_t *actual)
{
	static const char *const names[] = { "nil", "map", "slice", "string", "int64", "float64",
					     "bool" };
	return kc_err_set(err, "expected a %s, but received a %s", expected,
			  names[gotype(actual)]);
}

/* ---------------------------------------------------------------- diff */

struct diffopts {
	int set_element_order;
	int ignore_changes_and_additions;
	int ignore_deletions;
	int build_retain_keys;
};

static json_t *diff_maps(const json_t *orig, const json_t *mod, const struct smp_type *schema,
			 struct diffopts o, struct kc_err *err);

static int index_of(const json_t *list, const json_t *val, const char *key, int kind)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		const json_t *a = val, *b = v;
		if (kind == 1) {
			a = json_is_object(val) ? json_object_get(val, key) : NULL;
			b = json_is_object(v) ? json_object_get(v, key) : NULL;
		}
		if (iface_eq(a, b))
			return (int)i;
	}
	return -1;
}

static int validate_merge_key(const char *key, const json_t *list, struct kc_err *err)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (!json_is_object(v))
			return err_bad_arg(err, "map", v);
		if (!json_object_get(v, key))
			return err_no_merge_key(err, v, key);
	}
	return 0;
}

/* normalizeSliceOrder: new array; toSort borrowed */
static json_t *normalize_slice_order(const json_t *to_sort, const json_t *order, const char *key,
				     int kind, struct kc_err *err)
{
	json_t *keep = json_array(), *del = json_array();
	size_t i;
	json_t *v;
	if (kind == 1) {
		if (validate_merge_key(key, to_sort, err) || validate_merge_key(key, order, err))
			goto fail;
		json_array_foreach(to_sort, i, v) {
			json_t *d = json_object_get(v, DIRECTIVE);
			if (d && json_is_string(d) && !strcmp(json_string_value(d), "delete"))
				json_array_append(del, v);
			else
				json_array_append(keep, v);
		}
	} else {
		json_array_foreach(to_sort, i, v)
			json_array_append(keep, v);
	}
	/* sort.SliceStable: insertion sort; less(i, j) = both found ? ii < ij : true */
	size_t n = json_array_size(keep);
	for (size_t a = 1; a < n; a++)
		for (size_t j = a; j > 0; j--) {
			json_t *x = json_array_get(keep, j), *y = json_array_get(keep, j - 1);
			int ii = index_of(order, x, key, kind), ij;
			int less = 1;
			if (ii >= 0 && (ij = index_of(order, y, key, kind)) >= 0)
				less = ii < ij;
			if (!less)
				break;
			json_incref(x);
			json_array_set(keep, j, y);
			json_array_set_new(keep, j - 1, x);
		}
	json_array_extend(keep, del);
	json_decref(del);
	return keep;
fail:
	json_decref(keep);
	json_decref(del);
	return NULL;
}

static int merge_key_value_equal(const json_t *l, const json_t *r, const char *key, int *eq,
				 struct kc_err *err)
{
	if (!*key) {
		*eq = iface_eq(l, r);
		return 0;
	}
	if (!json_is_object(l))
		return err_bad_arg(err, "map", l);
	if (!json_is_object(r))
		return err_bad_arg(err, "map", r);
	json_t *a = json_object_get(l, key), *b = json_object_get(r, key);
	if (!a)
		return err_no_merge_key(err, l, key);
	if (!b)
		return err_no_merge_key(err, r, key);
	*eq = iface_eq(a, b);
	return 0;
}

static int diff_lists_of_maps(const json_t *orig, const json_t *mod, const struct smp_type *schema,
			      const char *key, struct diffopts o, json_t *patch, json_t *dels,
			      struct kc_err *err)
{
	json_t *os = sort_maps_by_field(orig, key), *ms = sort_maps_by_field(mod, key);
	size_t oi = 0, mi = 0, on = json_array_size(os), mn = json_array_size(ms);
	int ret = -1;
	/* getMapAndMergeKeyValueByIndex checks */
	for (size_t i = 0; i < on; i++) {
		json_t *e = json_array_get(os, i);
		if (!json_is_object(e)) {
			err_bad_arg(err, "map", e);
			goto out;
		}
	}
	for (size_t i = 0; i < mn; i++) {
		json_t *e = json_array_get(ms, i);
		if (!json_is_object(e)) {
			err_bad_arg(err, "map", e);
			goto out;
		}
	}
	while (oi < on || mi < mn) {
		json_t *oe = NULL, *me = NULL, *ov = NULL, *mv = NULL;
		char *os_ = NULL, *ms_ = NULL;
		if (oi < on) {
			oe = json_array_get(os, oi);
			ov = json_object_get(oe, key);
			if (!ov) {
				err_no_merge_key(err, oe, key);
				goto out;
			}
			os_ = fmt_v(ov);
		}
		if (mi < mn) {
			me = json_array_get(ms, mi);
			mv = json_object_get(me, key);
			if (!mv) {
				free(os_);
				err_no_merge_key(err, me, key);
				goto out;
			}
			ms_ = fmt_v(mv);
		}
		int both = oe && me;
		int c = both ? strcmp(os_, ms_) : 0;
		free(os_);
		free(ms_);
		if (both && c == 0) {
			json_t *pv = diff_maps(oe, me, schema, o, err);
			if (!pv)
				goto out;
			if (json_object_size(pv) > 0) {
				json_object_set(pv, key, mv);
				json_array_append(patch, pv);
			}
			json_decref(pv);
			oi++;
			mi++;
		} else if (!oe || (both && c > 0)) {
			if (!o.ignore_changes_and_additions)
				json_array_append(patch, me);
			mi++;
		} else {
			if (!o.ignore_deletions) {
				json_t *d = json_object();
				json_object_set(d, key, ov);
				json_object_set_new(d, DIRECTIVE, json_string("delete"));
				json_array_append_new(dels, d);
			}
			oi++;
		}
	}
	ret = 0;
out:
	json_decref(os);
	json_decref(ms);
	return ret;
}

static void diff_lists_of_scalars(const json_t *orig, const json_t *mod, struct diffopts o,
				  json_t *add, json_t *dels)
{
	json_t *os = sort_scalars(orig), *ms = sort_scalars(mod);
	size_t oi = 0, mi = 0, on = json_array_size(os), mn = json_array_size(ms);
	while (oi < on || mi < mn) {
		char *a = oi < on ? fmt_v(json_array_get(os, oi)) : NULL;
		char *b = mi < mn ? fmt_v(json_array_get(ms, mi)) : NULL;
		int c = a && b ? strcmp(a, b) : 0;
		free(a);
		free(b);
		if (a && b && c == 0) {
			oi++;
			mi++;
		} else if (!a || (b && c > 0)) {
			if (!o.ignore_changes_and_additions)
				json_array_append(add, json_array_get(ms, mi));
			mi++;
		} else {
			if (!o.ignore_deletions)
				json_array_append(dels, json_array_get(os, oi));
			oi++;
		}
	}
	dedup_scalars(dels);
	json_decref(os);
	json_decref(ms);
}

/* diffLists: *add, *dels, *order new arrays or NULL */
static int diff_lists(const json_t *orig, const json_t *mod, const struct smp_type *schema,
		      const char *key, struct diffopts o, json_t **add, json_t **dels,
		      json_t **order, struct kc_err *err)
{
	*add = *dels = *order = NULL;
	if (json_array_size(orig) == 0) {
		if (json_array_size(mod) == 0 || o.ignore_changes_and_additions)
			return 0;
		*add = json_deep_copy(mod);
		return 0;
	}
	int kind;
	if (slice_elem_type(orig, mod, &kind, err))
		return -1;
	if (kind == 1) {
		json_t *p = json_array(), *d = json_array();
		if (diff_lists_of_maps(orig, mod, schema, key, o, p, d, err)) {
			json_decref(p);
			json_decref(d);
			return -1;
		}
		json_t *sorted = normalize_slice_order(p, mod, key, kind, err);
		json_decref(p);
		if (!sorted) {
			json_decref(d);
			return -1;
		}
		int same = json_array_size(orig) == json_array_size(mod);
		for (size_t i = 0; same && i < json_array_size(mod); i++) {
			int eq;
			if (merge_key_value_equal(json_array_get(orig, i), json_array_get(mod, i), key,
						  &eq, err)) {
				json_decref(sorted);
				json_decref(d);
				return -1;
			}
			same = eq;
		}
		json_array_extend(sorted, d);
		json_decref(d);
		size_t np = json_array_size(sorted);
		if (o.set_element_order &&
		    ((!o.ignore_changes_and_additions && (np > 0 || !same)) ||
		     (!o.ignore_deletions && np > 0))) {
			json_t *ord = json_array();
			size_t i;
			json_t *v;
			json_array_foreach(mod, i, v) {
				json_t *e = json_object();
				json_t *kv = json_object_get(v, key);
				json_object_set(e, key, kv ? kv : json_null());
				json_array_append_new(ord, e);
			}
			*order = ord;
		}
		if (np)
			*add = sorted;
		else
			json_decref(sorted);
		return 0;
	}
	json_t *a = json_array(), *d = json_array();
	diff_lists_of_scalars(orig, mod, o, a, d);
	json_t *sorted = normalize_slice_order(a, mod, key, kind, err);
	json_decref(a);
	if (!sorted) {
		json_decref(d);
		return -1;
	}
	if (o.set_element_order &&
	    ((!o.ignore_deletions && json_array_size(d) > 0) ||
	     (!o.ignore_changes_and_additions && !json_equal((json_t *)orig, (json_t *)mod))))
		*order = json_deep_copy(mod);
	if (json_array_size(sorted))
		*add = sorted;
	else
		json_decref(sorted);
	if (json_array_size(d))
		*dels = d;
	else
		json_decref(d);
	return 0;
}

static void set_if_not_equal(json_t *patch, const char *key, const json_t *orig,
			     const json_t *mod, struct diffopts o)
{
	if (o.ignore_changes_and_additions)
		return;
	if (json_equal((json_t *)orig, (json_t *)mod))
		return;
	json_object_set_new(patch, key, json_deep_copy(mod));
}

static json_t *diff_maps(const json_t *orig, const json_t *mod, const struct smp_type *schema,
			 struct diffopts o, struct kc_err *err)
{
	json_t *patch = json_object();
	json_t *retain = json_array();
	const char *key;
	json_t *mv;
	json_object_foreach((json_t *)mod, key, mv) {
		if (o.build_retain_keys && !json_is_null(mv))
			json_array_append_new(retain, json_string(key));
		json_t *ov = json_object_get(orig, key);
		if (!ov) {
			if (!o.ignore_changes_and_additions)
				json_object_set_new(patch, key, json_deep_copy(mv));
			continue;
		}
		if (!strcmp(key, DIRECTIVE)) {
			if (!json_is_string(ov) || !json_is_string(mv)) {
				kc_err_set(err, "invalid value for special key: %s", DIRECTIVE);
				goto fail;
			}
			if (strcmp(json_string_value(ov), json_string_value(mv)))
				json_object_set(patch, key, mv);
			continue;
		}
		if (gotype(ov) != gotype(mv)) {
			if (!o.ignore_changes_and_additions)
				json_object_set_new(patch, key, json_deep_copy(mv));
			continue;
		}
		if (json_is_object(ov)) {
			struct meta m;
			lookup(schema, key, &m);
			struct diffopts so = o;
			so.build_retain_keys = m.retain;
			if (!strcmp(m.strategy, "replace")) {
				if (!o.ignore_changes_and_additions)
					json_object_set_new(patch, key, json_deep_copy(mv));
			} else {
				json_t *pv = diff_maps(ov, mv, m.type, so, err);
				if (!pv)
					goto fail;
				if (json_object_size(pv))
					json_object_set_new(patch, key, pv);
				else
					json_decref(pv);
			}
		} else if (json_is_array(ov)) {
			struct meta m;
			lookup(schema, key, &m);
			if (!strcmp(m.strategy, "merge")) {
				struct diffopts so = o;
				so.build_retain_keys = m.retain;
				json_t *add, *dels, *order;
				if (diff_lists(ov, mv, m.type, m.key, so, &add, &dels, &order, err))
					goto fail;
				struct strbuf k = STRBUF_INIT;
				if (add)
					json_object_set_new(patch, key, add);
				if (dels) {
					strbuf_addf(&k, "%s/%s", DEL_PRIM, key);
					json_object_set_new(patch, k.buf, dels);
				}
				if (order && json_array_size(order)) {
					strbuf_reset(&k);
					strbuf_addf(&k, "%s/%s", SET_ORDER, key);
					json_object_set_new(patch, k.buf, order);
				} else
					json_decref(order);
				strbuf_release(&k);
			} else
				set_if_not_equal(patch, key, ov, mv, o);
		} else
			set_if_not_equal(patch, key, ov, mv, o);
	}
	if (!o.ignore_deletions) {
		json_object_foreach((json_t *)orig, key, mv)
			if (!json_object_get(mod, key))
				json_object_set_new(patch, key, json_null());
	}
	if (json_array_size(retain) > 0) {
		int extra = 0;
		json_object_foreach((json_t *)orig, key, mv)
			if (!json_is_null(mv) && !json_object_get(mod, key))
				extra = 1;
		if (json_object_size(patch) > 0 || extra)
			json_object_set_new(patch, RETAIN_KEYS, sort_scalars(retain));
	}
	json_decref(retain);
	return patch;
fail:
	json_decref(retain);
	json_decref(patch);
	return NULL;
}

/* ---------------------------------------------------------------- merge */

struct mergeopts {
	int merge_parallel_list;
	int ignore_unmatched_nulls;
};

static json_t *merge_map(json_t *orig, json_t *patch, const struct smp_type *schema,
			 struct mergeopts o, struct kc_err *err);

/* removeDirectives: in place; returns 0 if obj must be dropped */
static int remove_directives(json_t *obj)
{
	if (json_is_object(obj)) {
		if (json_object_get(obj, DIRECTIVE))
			return 0;
		const char *k;
		json_t *v;
		void *tmp;
		json_object_foreach_safe(obj, tmp, k, v)
			if (!remove_directives(v))
				json_object_del(obj, k);
	} else if (json_is_array(obj)) {
		for (size_t i = 0; i < json_array_size(obj);) {
			if (!remove_directives(json_array_get(obj, i)))
				json_array_remove(obj, i);
			else
				i++;
		}
	}
	return 1;
}

static void discard_nulls(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		void *tmp;
		json_object_foreach_safe(v, tmp, k, x) {
			if (json_is_null(x))
				json_object_del(v, k);
			else
				discard_nulls(x);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			discard_nulls(x);
	}
}

static int find_map_by_key(const json_t *list, const char *key, const json_t *val, size_t *idx,
			   struct kc_err *err)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (!json_is_object(v))
			return kc_err_set(err, "value for key %zu is not a map", i), -1;
		json_t *m = json_object_get(v, key);
		if (m && iface_eq(m, val)) {
			*idx = i;
			return 1;
		}
	}
	return 0;
}

/* partition by presence in `by` */
static int partition(const json_t *merged, const json_t *by, const char *key, json_t *in,
		     json_t *out, struct kc_err *err)
{
	size_t i;
	json_t *v;
	json_array_foreach(merged, i, v) {
		int found;
		if (!*key) {
			found = 0;
			size_t j;
			json_t *w;
			json_array_foreach(by, j, w)
				if (iface_eq(v, w))
					found = 1;
		} else {
			if (!json_is_object(v))
				return err_bad_arg(err, "map", v);
			json_t *kv = json_object_get(v, key);
			if (!kv)
				return err_no_merge_key(err, v, key);
			size_t idx;
			found = find_map_by_key(by, key, kv, &idx, err);
			if (found < 0)
				return -1;
		}
		json_array_append(found ? in : out, v);
	}
	return 0;
}

/* normalizeElementOrder: new array */
static json_t *normalize_element_order(const json_t *patch, const json_t *server_only,
				       const json_t *patch_order, const json_t *server_order,
				       const char *key, int kind, struct kc_err *err)
{
	json_t *p = normalize_slice_order(patch, patch_order, key, kind, err);
	if (!p)
		return NULL;
	json_t *s = normalize_slice_order(server_only, server_order, key, kind, err);
	if (!s) {
		json_decref(p);
		return NULL;
	}
	json_t *all = json_array();
	size_t i = 0, j = 0, nl = json_array_size(s), nr = json_array_size(p);
	for (size_t k = 0; k < nl + nr; k++) {
		if (i >= nl && j < nr)
			json_array_append(all, json_array_get(p, j++));
		else if (j >= nr && i < nl)
			json_array_append(all, json_array_get(s, i++));
		else {
			int li = index_of(server_order, json_array_get(s, i), key, kind);
			int ri = index_of(server_order, json_array_get(p, j), key, kind);
			if (li >= 0 && ri >= 0 && li < ri)
				json_array_append(all, json_array_get(s, i++));
			else
				json_array_append(all, json_array_get(p, j++));
		}
	}
	json_decref(p);
	json_decref(s);
	return all;
}

/* mergeSlice: new array; orig and patch borrowed (copied as needed) */
static json_t *merge_slice(const json_t *orig_in, const json_t *patch_in,
			   const struct smp_type *schema, const char *key, struct mergeopts o,
			   int is_delete_list, struct kc_err *err)
{
	if (json_array_size(orig_in) == 0 && json_array_size(patch_in) == 0)
		return json_deep_copy(orig_in);
	int kind;
	if (slice_elem_type(orig_in, patch_in, &kind, err))
		return NULL;
	json_t *orig = json_deep_copy(orig_in), *patch = json_deep_copy(patch_in);
	json_t *merged = NULL, *ret = NULL;
	if (kind != 1) {
		if (o.merge_parallel_list && is_delete_list) {
			ret = json_array();
			size_t i;
			json_t *v;
			json_array_foreach(orig, i, v) {
				size_t j;
				json_t *w;
				int del = 0;
				json_array_foreach(patch, j, w)
					if (iface_eq(v, w))
						del = 1;
				if (!del)
					json_array_append(ret, v);
			}
			goto out;
		}
		merged = json_deep_copy(orig);
		json_array_extend(merged, patch);
		dedup_scalars(merged);
	} else {
		if (!*key) {
			kc_err_set(err, "cannot merge lists without merge key for %s",
				   schema ? "struct" : "struct");
			goto out;
		}
		/* mergeSliceWithSpecialElements */
		json_t *plain = json_array();
		int replace = 0;
		size_t i;
		json_t *v;
		json_array_foreach(patch, i, v) {
			json_t *d = json_object_get(v, DIRECTIVE);
			if (!d) {
				json_array_append(plain, v);
				continue;
			}
			const char *ds = json_is_string(d) ? json_string_value(d) : "";
			if (json_is_string(d) && !strcmp(ds, "delete")) {
				json_t *mv = json_object_get(v, key);
				if (!mv) {
					json_decref(plain);
					err_no_merge_key(err, v, key);
					goto out;
				}
				size_t idx;
				int f;
				while ((f = find_map_by_key(orig, key, mv, &idx, err)) == 1)
					json_array_remove(orig, idx);
				if (f < 0) {
					json_decref(plain);
					goto out;
				}
			} else if (json_is_string(d) && !strcmp(ds, "replace")) {
				replace = 1;
			} else if (json_is_string(d) && !strcmp(ds, "merge")) {
				json_decref(plain);
				kc_err_set(err, "merging lists cannot yet be specified in the patch");
				goto out;
			} else {
				char *a = fmt_v(d), *b = fmt_v(v);
				kc_err_set(err, "unknown patch type: %s in map: %s", a, b);
				free(a);
				free(b);
				json_decref(plain);
				goto out;
			}
		}
		json_decref(patch);
		if (replace) {
			json_decref(orig);
			orig = plain;
			patch = json_array();
		} else
			patch = plain;
		/* mergeSliceWithoutSpecialElements: appends go to its own copy of
		 * the slice; the caller's original keeps its length (server order) */
		json_t *server_order = json_array();
		json_array_extend(server_order, orig);
		json_array_foreach(patch, i, v) {
			json_t *mv = json_object_get(v, key);
			if (!mv) {
				err_no_merge_key(err, v, key);
				json_decref(server_order);
				goto out;
			}
			size_t idx;
			int f = find_map_by_key(orig, key, mv, &idx, err);
			if (f < 0) {
				json_decref(server_order);
				goto out;
			}
			if (f) {
				json_t *m = merge_map(json_deep_copy(json_array_get(orig, idx)),
						      json_deep_copy(v), schema, o, err);
				if (!m) {
					json_decref(server_order);
					goto out;
				}
				if (idx < json_array_size(server_order))
					json_array_set(server_order, idx, m);
				json_array_set_new(orig, idx, m);
			} else
				json_array_append(orig, v);
		}
		merged = orig;
		orig = server_order;
	}
	{
		json_t *in = json_array(), *so = json_array();
		if (partition(merged, patch, key, in, so, err) == 0)
			ret = normalize_element_order(in, so, patch, orig, key, kind, err);
		json_decref(in);
		json_decref(so);
	}
out:
	json_decref(merged);
	json_decref(orig);
	json_decref(patch);
	return ret;
}

/* mergeSliceHandler */
static json_t *merge_slice_handler(const json_t *orig, const json_t *patch,
				   const struct smp_type *schema, const char *strategy,
				   const char *key, int is_delete_list, struct mergeopts o,
				   struct kc_err *err)
{
	if (!json_is_array(orig))
		return err_bad_arg(err, "slice", orig), NULL;
	if (!json_is_array(patch))
		return err_bad_arg(err, "slice", patch), NULL;
	if (!strcmp(strategy, "merge") || is_delete_list)
		return merge_slice(orig, patch, schema, key, o, is_delete_list, err);
	return json_deep_copy(patch);
}

static int apply_retain_keys(json_t *orig, json_t *patch, struct mergeopts o, struct kc_err *err)
{
	json_t *rk = json_object_get(patch, RETAIN_KEYS);
	if (!rk)
		return 0;
	json_incref(rk);
	json_object_del(patch, RETAIN_KEYS);
	int ret = 0;
	if (!o.merge_parallel_list) {
		json_t *ro = json_object_get(orig, RETAIN_KEYS);
		if (ro) {
			if (!json_equal(ro, rk)) {
				char *a = fmt_v(ro), *b = fmt_v(rk);
				kc_err_set(err, "%s and %s are not deep equal: this may happen when "
					   "calculating the 3-way diff patch", a, b);
				free(a);
				free(b);
				ret = -1;
			}
		} else
			json_object_set(orig, RETAIN_KEYS, rk);
		goto out;
	}
	if (!json_is_array(rk)) {
		ret = kc_err_set(err, "invalid patch format of retainKeys");
		goto out;
	}
	const char *k;
	json_t *v;
	json_object_foreach(patch, k, v) {
		if (json_is_null(v) || smp_prefix(k, DEL_PRIM) || smp_prefix(k, SET_ORDER))
			continue;
		int found = 0;
		size_t i;
		json_t *r;
		json_array_foreach(rk, i, r)
			if (json_is_string(r) && !strcmp(json_string_value(r), k))
				found = 1;
		if (!found) {
			ret = kc_err_set(err, "invalid patch format of retainKeys");
			goto out;
		}
	}
	void *tmp;
	json_object_foreach_safe(orig, tmp, k, v) {
		int found = 0;
		size_t i;
		json_t *r;
		json_array_foreach(rk, i, r)
			if (json_is_string(r) && !strcmp(json_string_value(r), k))
				found = 1;
		if (!found)
			json_object_del(orig, k);
	}
out:
	json_decref(rk);
	return ret;
}

static int validate_set_order(const json_t *plist, const json_t *order, const char *key,
			      struct kc_err *err)
{
	if (plist && !json_is_array(plist))
		return kc_err_set(err, "invalid patch format of setElementOrder list");
	if (json_array_size(order) == 0 || json_array_size(plist) == 0)
		return 0;
	json_t *nondel = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(plist, i, v) {
		if (*key) {
			if (!json_is_object(v)) {
				json_decref(nondel);
				return err_bad_arg(err, "map", v);
			}
			json_t *d = json_object_get(v, DIRECTIVE);
			if (d && json_is_string(d) && !strcmp(json_string_value(d), "delete"))
				continue;
		}
		json_array_append(nondel, v);
	}
	size_t pi = 0, si = 0, pn = json_array_size(nondel), sn = json_array_size(order);
	while (pi < pn && si < sn) {
		json_t *pv = json_array_get(nondel, pi);
		if (json_is_object(pv) && json_object_get(pv, DIRECTIVE)) {
			pi++;
			continue;
		}
		int eq;
		if (merge_key_value_equal(pv, json_array_get(order, si), key, &eq, err)) {
			json_decref(nondel);
			return -1;
		}
		if (eq)
			pi++;
		si++;
	}
	json_decref(nondel);
	if (pi < pn && si >= sn) {
		char *a = fmt_v(plist), *b = fmt_v(order);
		kc_err_set(err, "The order in patch list:\n%s\n doesn't match %s list:\n%s\n", a,
			   SET_ORDER, b);
		free(a);
		free(b);
		return -1;
	}
	return 0;
}

static int merge_set_element_order(json_t *orig, json_t *patch, const struct smp_type *schema,
				   struct mergeopts o, struct kc_err *err)
{
	/* collect the keys first: the loop deletes from patch */
	const char *k;
	json_t *v;
	struct strbuf keys = STRBUF_INIT;
	size_t nkeys = 0;
	json_object_foreach(patch, k, v)
		if (smp_prefix(k, SET_ORDER)) {
			strbuf_add(&keys, k, strlen(k) + 1);
			nkeys++;
		}
	const char *kp = keys.buf;
	int ret = -1;
	for (size_t n = 0; n < nkeys; n++, kp += strlen(kp) + 1) {
		json_t *order = json_incref(json_object_get(patch, kp));
		json_t *merged = NULL, *both = NULL, *in = NULL, *so = NULL;
		int rc = -1;
		if (!o.merge_parallel_list) {
			json_t *ex = json_object_get(orig, kp);
			if (ex) {
				if (!json_equal(ex, order)) {
					kc_err_set(err, "invalid patch format of setElementOrder list");
					goto next;
				}
			} else
				json_object_set(orig, kp, order);
		}
		json_object_del(patch, kp);
		if (!json_is_array(order)) {
			err_bad_arg(err, "slice", order);
			goto next;
		}
		const char *slash = strchr(kp, '/');
		if (!slash || (size_t)(slash - kp) != strlen(SET_ORDER)) {
			kc_err_set(err, "invalid patch format of setElementOrder list");
			goto next;
		}
		const char *okey = slash + 1;
		json_t *olist = json_object_get(orig, okey), *plist = json_object_get(patch, okey);
		if (olist && !json_is_array(olist)) {
			err_bad_arg(err, "slice", olist);
			goto next;
		}
		if (plist && !json_is_array(plist)) {
			err_bad_arg(err, "slice", plist);
			goto next;
		}
		struct meta m;
		lookup(schema, okey, &m);
		if (validate_set_order(plist, order, m.key, err))
			goto next;
		if (olist && !plist)
			merged = json_incref(olist);
		else if (!olist && plist) {
			merged = json_deep_copy(plist);
			if (!remove_directives(merged)) {
				rc = 0;
				goto next;
			}
		} else if (olist && plist) {
			merged = merge_slice_handler(olist, plist, m.type, m.strategy, m.key, 0, o, err);
			if (!merged)
				goto next;
		} else {
			rc = 0;
			goto next;
		}
		in = json_array();
		so = json_array();
		if (partition(merged, order, m.key, in, so, err))
			goto next;
		int kind;
		if (slice_elem_type(olist, plist, &kind, err))
			goto next;
		json_t *empty = json_array();
		both = normalize_element_order(in, so, order, olist ? olist : empty, m.key, kind, err);
		json_decref(empty);
		if (!both)
			goto next;
		json_object_set_new(orig, okey, both);
		json_object_del(patch, okey);
		rc = 0;
next:
		json_decref(order);
		json_decref(merged);
		json_decref(in);
		json_decref(so);
		if (rc)
			goto out;
	}
	ret = 0;
out:
	strbuf_release(&keys);
	return ret;
}

/* mergeMap: consumes orig and patch, returns a new reference or NULL */
static json_t *merge_map(json_t *orig, json_t *patch, const struct smp_type *schema,
			 struct mergeopts o, struct kc_err *err)
{
	json_t *d = json_object_get(patch, DIRECTIVE);
	if (d) {
		if (json_is_string(d) && !strcmp(json_string_value(d), "replace")) {
			json_object_del(patch, DIRECTIVE);
			json_decref(orig);
			return patch;
		}
		if (json_is_string(d) && !strcmp(json_string_value(d), "delete")) {
			json_decref(orig);
			json_decref(patch);
			return json_object();
		}
		char *a = fmt_v(d), *b = fmt_v(patch);
		kc_err_set(err, "unknown patch type: %s in map: %s", a, b);
		free(a);
		free(b);
		json_decref(orig);
		json_decref(patch);
		return NULL;
	}
	if (!orig)
		orig = json_object();
	if (apply_retain_keys(orig, patch, o, err) ||
	    merge_set_element_order(orig, patch, schema, o, err))
		goto fail;
	const char *pk;
	json_t *pv;
	json_object_foreach(patch, pk, pv) {
		const char *k = pk;
		int is_delete_list = 0;
		if (smp_prefix(pk, DEL_PRIM)) {
			if (!o.merge_parallel_list) {
				json_object_set(orig, pk, pv);
				continue;
			}
			const char *slash = strchr(pk, '/');
			if (!slash || (size_t)(slash - pk) != strlen(DEL_PRIM)) {
				kc_err_set(err, "invalid patch format of primitive list");
				goto fail;
			}
			k = slash + 1;
			is_delete_list = 1;
		}
		if (json_is_null(pv)) {
			json_object_del(orig, k);
			if (o.ignore_unmatched_nulls)
				continue;
		}
		json_t *ov = json_object_get(orig, k);
		if (!ov || gotype(ov) != gotype(pv)) {
			if (!is_delete_list) {
				json_t *c = json_deep_copy(pv);
				if (o.ignore_unmatched_nulls)
					discard_nulls(c);
				if (remove_directives(c))
					json_object_set_new(orig, k, c);
				else {
					json_decref(c);
					json_object_del(orig, k);
				}
			}
			continue;
		}
		struct meta m;
		lookup(schema, k, &m);
		json_t *res;
		if (json_is_object(ov)) {
			if (!strcmp(m.strategy, "replace"))
				res = json_deep_copy(pv);
			else
				res = merge_map(json_deep_copy(ov), json_deep_copy(pv), m.type, o, err);
		} else if (json_is_array(ov)) {
			res = merge_slice_handler(ov, pv, m.type, m.strategy, m.key, is_delete_list, o,
						  err);
		} else {
			json_t *c = json_deep_copy(pv);
			if (remove_directives(c))
				json_object_set_new(orig, k, c);
			else {
				json_decref(c);
				json_object_del(orig, k);
			}
			continue;
		}
		if (!res)
			goto fail;
		json_object_set_new(orig, k, res);
	}
	json_decref(patch);
	return orig;
fail:
	json_decref(orig);
	json_decref(patch);
	return NULL;
}

/* ---------------------------------------------------------------- conflicts */

static int maps_have_conflicts(const json_t *l, const json_t *r, const struct smp_type *schema,
			       struct kc_err *err);

static int field_conflicts(const json_t *l, const json_t *r, const struct smp_type *schema,
			   const char *strategy, const char *key, struct kc_err *err)
{
	int tl = gotype(l);
	if (tl == 1) {
		if (!json_is_object(r))
			return 1;
		json_t *lm = json_object_get(l, DIRECTIVE), *rm = json_object_get(r, DIRECTIVE);
		if (lm || rm) {
			if (!lm != !rm)
				return 1;
			if (!iface_eq(lm, rm))
				return 1;
		}
		if (!strcmp(strategy, "replace"))
			return 0;
		return maps_have_conflicts(l, r, schema, err);
	}
	if (tl == 2) {
		if (!json_is_array(r))
			return 1;
		int kind;
		if (slice_elem_type(l, r, &kind, err))
			return -1;
		if (!strcmp(strategy, "merge")) {
			if (kind != 1)
				return 0;
			/* sliceOfMapsToMapOfMaps on both, then common keys */
			size_t i, j;
			json_t *a, *b;
			json_array_foreach(l, i, a) {
				json_t *ka = json_object_get(a, key);
				if (!ka)
					return kc_err_set(err, "cannot find merge key `%s` in merging list element", key), -1;
				char *sa = fmt_v(ka);
				json_array_foreach(r, j, b) {
					json_t *kb = json_object_get(b, key);
					if (!kb) {
						free(sa);
						return kc_err_set(err, "cannot find merge key `%s` in merging list element", key), -1;
					}
					char *sb = fmt_v(kb);
					int same = !strcmp(sa, sb);
					free(sb);
					if (same) {
						int c = field_conflicts(a, b, schema, "", "", err);
						if (c) {
							free(sa);
							return c;
						}
					}
				}
				free(sa);
			}
			return 0;
		}
		if (json_array_size(l) != json_array_size(r))
			return 1;
		json_t *ll = json_deep_copy(l), *rr = json_deep_copy(r);
		if (kind != 1) {
			dedup_scalars(ll);
			dedup_scalars(rr);
			json_t *s1 = sort_scalars(ll), *s2 = sort_scalars(rr);
			json_decref(ll);
			json_decref(rr);
			ll = s1;
			rr = s2;
		}
		int c = 0;
		for (size_t i = 0; !c && i < json_array_size(ll); i++)
			c = field_conflicts(json_array_get(ll, i), json_array_get(rr, i), schema, "",
					    "", err);
		json_decref(ll);
		json_decref(rr);
		return c;
	}
	return !iface_eq(l, r);
}

static int maps_have_conflicts(const json_t *l, const json_t *r, const struct smp_type *schema,
			       struct kc_err *err)
{
	const char *k;
	json_t *lv;
	json_object_foreach((json_t *)l, k, lv) {
		if (!strcmp(k, DIRECTIVE) || !strcmp(k, RETAIN_KEYS))
			continue;
		json_t *rv = json_object_get(r, k);
		if (!rv)
			continue;
		struct meta m;
		lookup(NULL, k, &m);
		if (json_is_array(lv) || json_is_object(lv))
			lookup(schema, k, &m);
		int c = field_conflicts(lv, rv, m.type, m.strategy, m.key, err);
		if (c)
			return c;
	}
	return 0;
}

/* ---------------------------------------------------------------- public */

static void yaml_of(struct strbuf *out, const json_t *v);

json_t *smp_create_two_way(const json_t *orig, const json_t *mod, const char *group,
			   const char *kind, struct kc_err *err)
{
	json_t *e1 = NULL, *e2 = NULL;
	if (!orig)
		orig = e1 = json_object();
	if (!mod)
		mod = e2 = json_object();
	struct diffopts o = { 1, 0, 0, 0 };
	json_t *p = diff_maps(orig, mod, root_type(group, kind), o, err);
	json_decref(e1);
	json_decref(e2);
	return p;
}

json_t *smp_create_three_way(const json_t *orig, const json_t *mod, const json_t *cur,
			     const char *group, const char *kind, int overwrite,
			     struct kc_err *err)
{
	const struct smp_type *schema = root_type(group, kind);
	json_t *e1 = json_object(), *e2 = json_object(), *e3 = json_object();
	json_t *patch = NULL;
	if (!orig)
		orig = e1;
	if (!mod)
		mod = e2;
	if (!cur)
		cur = e3;
	struct diffopts delta_o = { 1, 0, 1, 0 };
	json_t *delta = diff_maps(cur, mod, schema, delta_o, err);
	if (!delta)
		goto out;
	struct diffopts del_o = { 1, 1, 0, 0 };
	json_t *dels = diff_maps(orig, mod, schema, del_o, err);
	if (!dels) {
		json_decref(delta);
		goto out;
	}
	struct mergeopts mo = { 0, 0 };
	patch = merge_map(dels, delta, schema, mo, err);
	if (!patch || overwrite)
		goto out;
	struct diffopts ch_o = { 0, 0, 0, 0 };
	json_t *changed = diff_maps(orig, cur, schema, ch_o, err);
	if (!changed) {
		json_decref(patch);
		patch = NULL;
		goto out;
	}
	int c = maps_have_conflicts(patch, changed, schema, err);
	if (c > 0) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		yaml_of(&a, patch);
		yaml_of(&b, changed);
		kc_err_set(err, "patch:\n%s\nconflicts with changes made from original to current:\n%s\n",
			   a.buf, b.buf);
		snprintf(err->reason, sizeof err->reason, "Conflict");
		strbuf_release(&a);
		strbuf_release(&b);
	}
	json_decref(changed);
	if (c) {
		json_decref(patch);
		patch = NULL;
	}
out:
	json_decref(e1);
	json_decref(e2);
	json_decref(e3);
	return patch;
}

json_t *smp_apply(const json_t *target, const json_t *patch, const char *group, const char *kind,
		  struct kc_err *err)
{
	if (!json_is_object(patch))
		return kc_err_set(err, "invalid JSON document"), NULL;
	struct mergeopts o = { 1, 1 };
	json_t *t = json_is_object(target) ? json_deep_copy(target) : json_object();
	return merge_map(t, json_deep_copy(patch), root_type(group, kind), o, err);
}

/* ---------------------------------------------------------------- JSON merge patch */

/* evanphx decodes with encoding/json: every number is float64 */
static json_t *as_float64(const json_t *v)
{
	if (json_is_integer(v))
		return json_real((double)json_integer_value(v));
	if (json_is_object(v)) {
		json_t *o = json_object();
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
			json_object_set_new(o, k, as_float64(x));
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			json_array_append_new(a, as_float64(x));
		return a;
	}
	return json_deep_copy(v);
}

static int jnum_type(const json_t *v)
{
	int t = gotype(v);
	return t == 4 ? 5 : t;
}

static int num_eq(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal((json_t *)a, (json_t *)b);
}

/* evanphx's matchesValue on float64-decoded documents */
static int jmp_equal(const json_t *a, const json_t *b)
{
	if (jnum_type(a) != jnum_type(b))
		return 0;
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)a, k, x) {
			json_t *y = json_object_get(b, k);
			if (!y || !jmp_equal(x, y))
				return 0;
		}
		return 1;
	}
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!jmp_equal(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	return num_eq(a, b);
}

static json_t *jmp_diff(const json_t *a, const json_t *b)
{
	json_t *into = json_object();
	const char *k;
	json_t *bv;
	json_object_foreach((json_t *)b, k, bv) {
		json_t *av = json_object_get(a, k);
		if (!av || jnum_type(av) != jnum_type(bv)) {
			json_object_set_new(into, k, as_float64(bv));
			continue;
		}
		if (json_is_object(av)) {
			json_t *d = jmp_diff(av, bv);
			if (json_object_size(d))
				json_object_set_new(into, k, d);
			else
				json_decref(d);
		} else if (!jmp_equal(av, bv))
			json_object_set_new(into, k, as_float64(bv));
	}
	json_object_foreach((json_t *)a, k, bv)
		if (!json_object_get(b, k))
			json_object_set_new(into, k, json_null());
	return into;
}

json_t *jmp_create_two_way(const json_t *orig, const json_t *mod, struct kc_err *err)
{
	if (orig && !json_is_object(orig))
		return kc_err_set(err, "Invalid JSON Document"), NULL;
	if (mod && !json_is_object(mod))
		return kc_err_set(err, "Invalid JSON Document"), NULL;
	json_t *e = json_object();
	json_t *p = jmp_diff(orig ? orig : e, mod ? mod : e);
	json_decref(e);
	return p;
}

/* keepOrDeleteNullInObj */
static json_t *keep_or_delete_null(const json_t *m, int keep_null)
{
	json_t *out = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)m, k, v) {
		if (json_is_null(v)) {
			if (keep_null)
				json_object_set_new(out, k, json_null());
			continue;
		}
		if (json_is_object(v)) {
			if (json_object_size(v) == 0) {
				if (!keep_null)
					json_object_set(out, k, v);
				continue;
			}
			json_t *sub = keep_or_delete_null(v, keep_null);
			if (json_object_size(sub))
				json_object_set_new(out, k, sub);
			else
				json_decref(sub);
		} else if (!keep_null)
			json_object_set(out, k, v);
	}
	return out;
}

static int jmp_conflicts(const json_t *l, const json_t *r)
{
	if (json_is_object(l)) {
		if (!json_is_object(r))
			return 1;
		const char *k;
		json_t *lv;
		json_object_foreach((json_t *)l, k, lv) {
			json_t *rv = json_object_get(r, k);
			if (rv && jmp_conflicts(lv, rv))
				return 1;
		}
		return 0;
	}
	if (json_is_array(l)) {
		if (!json_is_array(r) || json_array_size(l) != json_array_size(r))
			return 1;
		for (size_t i = 0; i < json_array_size(l); i++)
			if (jmp_conflicts(json_array_get(l, i), json_array_get(r, i)))
				return 1;
		return 0;
	}
	return !iface_eq(l, r);
}

/* evanphx MergePatch(doc, patch) with mergeMerge: nulls are kept */
static void jmp_merge_merge(json_t *doc, const json_t *patch)
{
	const char *k;
	json_t *pv;
	json_object_foreach((json_t *)patch, k, pv) {
		json_t *cur = json_object_get(doc, k);
		if (json_is_null(pv) || !cur || !json_is_object(cur) || !json_is_object(pv))
			json_object_set_new(doc, k, json_deep_copy(pv));
		else
			jmp_merge_merge(cur, pv);
	}
}

json_t *jmp_create_three_way(const json_t *orig, const json_t *mod, const json_t *cur,
			     struct kc_err *err)
{
	json_t *e = json_object();
	json_t *ac = jmp_diff(cur ? cur : e, mod ? mod : e);
	json_t *dp = jmp_diff(orig ? orig : e, mod ? mod : e);
	json_decref(e);
	json_t *acf = keep_or_delete_null(ac, 0), *dpf = keep_or_delete_null(dp, 1);
	json_decref(ac);
	json_decref(dp);
	if (jmp_conflicts(acf, dpf)) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		yaml_of(&a, acf);
		yaml_of(&b, dpf);
		kc_err_set(err, "patch:\n%s\nconflicts with changes made from original to current:\n%s\n",
			   a.buf, b.buf);
		snprintf(err->reason, sizeof err->reason, "Conflict");
		strbuf_release(&a);
		strbuf_release(&b);
		json_decref(acf);
		json_decref(dpf);
		return NULL;
	}
	jmp_merge_merge(dpf, acf);
	json_decref(acf);
	json_t *out = as_float64(dpf);
	json_decref(dpf);
	return out;
}

json_t *jmp_apply(const json_t *target, const json_t *patch)
{
	if (!json_is_object(patch))
		return json_deep_copy(patch);
	json_t *out = json_is_object(target) ? json_deep_copy(target) : json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v)) {
			json_object_del(out, k);
			continue;
		}
		json_object_set_new(out, k, jmp_apply(json_object_get(out, k), v));
	}
	return out;
}

#include "util/yaml.h"

static void yaml_of(struct strbuf *out, const json_t *v)
{
	json_t *c = json_deep_copy(v);
	yaml_emit(out, c);
	json_decref(c);
}
