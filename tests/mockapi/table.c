/* table.c: server-side printing (meta.k8s.io/v1 Table) with the columns and
 * cells of kube-apiserver's printers (pkg/printers/internalversion). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/mockapi/mock.h"

/* Go's duration.HumanDuration as used by translateTimestampSince */
static char *human_duration(double secs)
{
	long long s = (long long)secs;
	if (secs < -1)
		return xstrdup("<invalid>");
	if (s < 0)
		return xstrdup("0s");
	if (s < 60 * 2)
		return xasprintf("%llds", s);
	long long m = s / 60;
	if (m < 10) {
		long long ss = s % 60;
		if (ss == 0)
			return xasprintf("%lldm", m);
		return xasprintf("%lldm%llds", m, ss);
	}
	if (m < 60 * 3)
		return xasprintf("%lldm", m);
	long long h = s / 3600;
	if (h < 8) {
		long long mm = m % 60;
		if (mm == 0)
			return xasprintf("%lldh", h);
		return xasprintf("%lldh%lldm", h, mm);
	}
	if (h < 48)
		return xasprintf("%lldh", h);
	if (h < 24 * 8) {
		long long hh = h % 24;
		if (hh == 0)
			return xasprintf("%lldd", h / 24);
		return xasprintf("%lldd%lldh", h / 24, hh);
	}
	if (h < 24 * 365 * 2)
		return xasprintf("%lldd", h / 24);
	if (h < 24 * 365 * 8) {
		long long dy = (h / 24) % 365;
		if (dy == 0)
			return xasprintf("%lldy", h / 24 / 365);
		return xasprintf("%lldy%lldd", h / 24 / 365, dy);
	}
	return xasprintf("%lldy", h / 24 / 365);
}

static json_t *age_cell(const json_t *o, const char *path)
{
	const char *ts = jstr(o, path);
	if (!ts)
		return json_string("<unknown>");
	double t = parse_rfc3339(ts);
	char *s = human_duration(now_seconds() - t);
	json_t *j = json_string(s);
	free(s);
	return j;
}

struct col {
	const char *name, *type, *format;
	int priority;
};

static void add_cols(json_t *defs, const struct col *c)
{
	for (; c->name; c++) {
		json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:i}", "name", c->name, "type", c->type,
			"format", c->format ? c->format : "", "description", c->name, "priority",
			c->priority);
		json_array_append_new(defs, d);
	}
}

static const struct col pod_cols[] = {
	{ "Name", "string", "name", 0 }, { "Ready", "string", NULL, 0 },
	{ "Status", "string", NULL, 0 }, { "Restarts", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "IP", "string", NULL, 1 },
	{ "Node", "string", NULL, 1 }, { "Nominated Node", "string", NULL, 1 },
	{ "Readiness Gates", "string", NULL, 1 }, { NULL, NULL, NULL, 0 } };
static const struct col deploy_cols[] = {
	{ "Name", "string", "name", 0 }, { "Ready", "string", NULL, 0 },
	{ "Up-to-date", "integer", NULL, 0 }, { "Available", "integer", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "Containers", "string", NULL, 1 },
	{ "Images", "string", NULL, 1 }, { "Selector", "string", NULL, 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col rs_cols[] = {
	{ "Name", "string", "name", 0 }, { "Desired", "integer", NULL, 0 },
	{ "Current", "integer", NULL, 0 }, { "Ready", "integer", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "Containers", "string", NULL, 1 },
	{ "Images", "string", NULL, 1 }, { "Selector", "string", NULL, 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col svc_cols[] = {
	{ "Name", "string", "name", 0 }, { "Type", "string", NULL, 0 },
	{ "Cluster-IP", "string", NULL, 0 }, { "External-IP", "string", NULL, 0 },
	{ "Port(s)", "string", NULL, 0 }, { "Age", "string", NULL, 0 },
	{ "Selector", "string", NULL, 1 }, { NULL, NULL, NULL, 0 } };
static const struct col ns_cols[] = {
	{ "Name", "string", "name", 0 }, { "Status", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col cm_cols[] = {
	{ "Name", "string", "name", 0 }, { "Data", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col secret_cols[] = {
	{ "Name", "string", "name", 0 }, { "Type", "string", NULL, 0 },
	{ "Data", "string", NULL, 0 }, { "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col node_cols[] = {
	{ "Name", "string", "name", 0 }, { "Status", "string", NULL, 0 },
	{ "Roles", "string", NULL, 0 }, { "Age", "string", NULL, 0 },
	{ "Version", "string", NULL, 0 }, { "Internal-IP", "string", NULL, 1 },
	{ "External-IP", "string", NULL, 1 }, { "OS-Image", "string", NULL, 1 },
	{ "Kernel-Version", "string", NULL, 1 }, { "Container-Runtime", "string", NULL, 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col ev_cols[] = {
	{ "Last Seen", "string", NULL, 0 }, { "Type", "string", NULL, 0 },
	{ "Reason", "string", NULL, 0 }, { "Object", "string", NULL, 0 },
	{ "Subobject", "string", NULL, 1 }, { "Source", "string", NULL, 1 },
	{ "Message", "string", NULL, 0 }, { "First Seen", "string", NULL, 1 },
	{ "Count", "string", NULL, 1 }, { "Name", "string", "name", 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col ep_cols[] = {
	{ "Name", "string", "name", 0 }, { "Endpoints", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col sa_cols[] = {
	{ "Name", "string", "name", 0 }, { "Secrets", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col job_cols[] = {
	{ "Name", "string", "name", 0 }, { "Status", "string", NULL, 0 },
	{ "Completions", "string", NULL, 0 }, { "Duration", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "Containers", "string", NULL, 1 },
	{ "Images", "string", NULL, 1 }, { "Selector", "string", NULL, 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col cj_cols[] = {
	{ "Name", "string", "name", 0 }, { "Schedule", "string", NULL, 0 },
	{ "Timezone", "string", NULL, 0 }, { "Suspend", "boolean", NULL, 0 },
	{ "Active", "integer", NULL, 0 }, { "Last Schedule", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "Containers", "string", NULL, 1 },
	{ "Images", "string", NULL, 1 }, { "Selector", "string", NULL, 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col sts_cols[] = {
	{ "Name", "string", "name", 0 }, { "Ready", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "Containers", "string", NULL, 1 },
	{ "Images", "string", NULL, 1 }, { NULL, NULL, NULL, 0 } };
static const struct col ds_cols[] = {
	{ "Name", "string", "name", 0 }, { "Desired", "integer", NULL, 0 },
	{ "Current", "integer", NULL, 0 }, { "Ready", "integer", NULL, 0 },
	{ "Up-to-date", "integer", NULL, 0 }, { "Available", "integer", NULL, 0 },
	{ "Node Selector", "string", NULL, 0 }, { "Age", "string", NULL, 0 },
	{ "Containers", "string", NULL, 1 }, { "Images", "string", NULL, 1 },
	{ "Selector", "string", NULL, 1 }, { NULL, NULL, NULL, 0 } };
static const struct col pvc_cols[] = {
	{ "Name", "string", "name", 0 }, { "Status", "string", NULL, 0 },
	{ "Volume", "string", NULL, 0 }, { "Capacity", "string", NULL, 0 },
	{ "Access Modes", "string", NULL, 0 }, { "StorageClass", "string", NULL, 0 },
	{ "VolumeAttributesClass", "string", NULL, 0 }, { "Age", "string", NULL, 0 },
	{ "VolumeMode", "string", NULL, 1 }, { NULL, NULL, NULL, 0 } };
static const struct col ing_cols[] = {
	{ "Name", "string", "name", 0 }, { "Class", "string", NULL, 0 },
	{ "Hosts", "string", NULL, 0 }, { "Address", "string", NULL, 0 },
	{ "Ports", "string", NULL, 0 }, { "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col lease_cols[] = {
	{ "Name", "string", "name", 0 }, { "Holder", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col eps_cols[] = {
	{ "Name", "string", "name", 0 }, { "AddressType", "string", NULL, 0 },
	{ "Ports", "string", NULL, 0 }, { "Endpoints", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col rb_cols[] = {
	{ "Name", "string", "name", 0 }, { "Role", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { "Users", "string", NULL, 1 },
	{ "Groups", "string", NULL, 1 }, { "ServiceAccounts", "string", NULL, 1 },
	{ NULL, NULL, NULL, 0 } };
static const struct col quota_cols[] = {
	{ "Name", "string", "name", 0 }, { "Age", "string", NULL, 0 },
	{ "Request", "string", NULL, 0 }, { "Limit", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col pdb_cols[] = {
	{ "Name", "string", "name", 0 }, { "Min Available", "string", NULL, 0 },
	{ "Max Unavailable", "string", NULL, 0 }, { "Allowed Disruptions", "integer", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col pc_cols[] = {
	{ "Name", "string", "name", 0 }, { "Value", "integer", NULL, 0 },
	{ "Global-Default", "boolean", NULL, 0 }, { "Age", "string", NULL, 0 },
	{ "PreemptionPolicy", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col netpol_cols[] = {
	{ "Name", "string", "name", 0 }, { "Pod-Selector", "string", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col cr_cols[] = {
	{ "Name", "string", "name", 0 }, { "Controller", "string", NULL, 0 },
	{ "Revision", "integer", NULL, 0 }, { "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col sc_cols[] = {
	{ "Name", "string", "name", 0 }, { "Provisioner", "string", NULL, 0 },
	{ "ReclaimPolicy", "string", NULL, 0 }, { "VolumeBindingMode", "string", NULL, 0 },
	{ "AllowVolumeExpansion", "string", NULL, 0 }, { "Age", "string", NULL, 0 },
	{ NULL, NULL, NULL, 0 } };
static const struct col hpa_cols[] = {
	{ "Name", "string", "name", 0 }, { "Reference", "string", NULL, 0 },
	{ "Targets", "string", NULL, 0 }, { "MinPods", "string", NULL, 0 },
	{ "MaxPods", "integer", NULL, 0 }, { "Replicas", "integer", NULL, 0 },
	{ "Age", "string", NULL, 0 }, { NULL, NULL, NULL, 0 } };
static const struct col default_cols[] = {
	{ "Name", "string", "name", 0 }, { "Created At", "date", NULL, 0 },
	{ NULL, NULL, NULL, 0 } };

static json_t *join_field(const json_t *arr, const char *field, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) {
		if (i)
			strbuf_addstr(&sb, sep);
		const char *v = jstr(x, field);
		strbuf_addstr(&sb, v ? v : "");
	}
	json_t *j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

static json_t *selector_cell(const json_t *sel)
{
	/* metav1.FormatLabelSelector */
	if (!sel || (!json_object_size(json_object_get(sel, "matchLabels")) &&
		     !json_array_size(json_object_get(sel, "matchExpressions"))))
		return json_string("<none>");
	struct strbuf sb = STRBUF_INIT;
	json_t *ml = json_object_get(sel, "matchLabels");
	const char *keys[64];
	size_t n = 0;
	const char *k;
	json_t *v;
	json_object_foreach(ml, k, v)
		if (n < 64)
			keys[n++] = k;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		if (sb.len)
			strbuf_addch(&sb, ',');
		strbuf_addf(&sb, "%s=%s", keys[i], json_string_value(json_object_get(ml, keys[i])));
	}
	size_t i;
	json_array_foreach(json_object_get(sel, "matchExpressions"), i, v) {
		if (sb.len)
			strbuf_addch(&sb, ',');
		const char *op = jstr(v, "operator");
		const char *key = jstr(v, "key");
		if (!strcmp(op, "Exists"))
			strbuf_addf(&sb, "%s", key);
		else if (!strcmp(op, "DoesNotExist"))
			strbuf_addf(&sb, "!%s", key);
		else {
			strbuf_addf(&sb, "%s %s (", key, !strcmp(op, "In") ? "in" : "notin");
			size_t j;
			json_t *x;
			json_array_foreach(json_object_get(v, "values"), j, x)
				strbuf_addf(&sb, "%s%s", j ? "," : "", json_string_value(x));
			strbuf_addch(&sb, ')');
		}
	}
	json_t *j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

static json_t *map_selector_cell(const json_t *m)
{
	if (!json_object_size(m))
		return json_string("<none>");
	json_t *sel = json_pack("{s:O}", "matchLabels", m);
	json_t *c = selector_cell(sel);
	json_decref(sel);
	return c;
}

static json_t *pod_row(const json_t *p)
{
	json_t *cs = jget(p, "spec.containers");
	json_t *st = jget(p, "status.containerStatuses");
	long total = (long)json_array_size(cs), ready = 0, restarts = 0;
	const char *reason = jstr(p, "status.phase");
	if (jstr(p, "status.reason"))
		reason = jstr(p, "status.reason");
	size_t i;
	json_t *c;
	int initializing = 0;
	(void)initializing;
	const char *creason = NULL;
	json_array_foreach(st, i, c) {
		restarts += (long)jint(c, "restartCount", 0);
		if (jget(c, "state.waiting") && jstr(c, "state.waiting.reason"))
			creason = jstr(c, "state.waiting.reason");
		else if (jget(c, "state.terminated")) {
			const char *tr = jstr(c, "state.terminated.reason");
			creason = tr ? tr : "Completed";
		} else if (json_is_true(json_object_get(c, "ready")) && jget(c, "state.running"))
			ready++;
	}
	if (creason)
		reason = creason;
	if (!st && reason && !strcmp(reason, "Pending") && jstr(p, "spec.nodeName"))
		reason = "Pending";
	if (jget(p, "metadata.deletionTimestamp"))
		reason = "Terminating";
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld/%ld", ready, total);
	const char *ip = jstr(p, "status.podIP");
	const char *node = jstr(p, "spec.nodeName");
	const char *nom = jstr(p, "status.nominatedNodeName");
	json_t *gates = jget(p, "spec.readinessGates");
	char rs[64];
	double last_restart = 0;
	json_array_foreach(st, i, c) {
		const char *fin = jstr(c, "lastState.terminated.finishedAt");
		if (fin && parse_rfc3339(fin) > last_restart)
			last_restart = parse_rfc3339(fin);
	}
	if (restarts && last_restart > 0) {
		char *ago = human_duration(now_seconds() - last_restart);
		snprintf(rs, sizeof(rs), "%ld (%s ago)", restarts, ago);
		free(ago);
	} else
		snprintf(rs, sizeof(rs), "%ld", restarts);
	return json_pack("[s,s,s,s,o,s,s,s,s]", jstr(p, "metadata.name"), buf, reason ? reason : "",
		rs, age_cell(p, "metadata.creationTimestamp"), ip ? ip : "<none>",
		node ? node : "<none>", nom ? nom : "<none>",
		json_array_size(gates) ? "0/0" : "<none>");
}

static json_t *containers_cells(const json_t *spec, json_t *row)
{
	json_t *cs = jget(spec, "containers");
	json_array_append_new(row, join_field(cs, "name", ","));
	json_array_append_new(row, join_field(cs, "image", ","));
	return row;
}

static json_t *deploy_row(const json_t *d)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld/%lld", jint(d, "status.readyReplicas", 0),
		jint(d, "spec.replicas", 1));
	json_t *row = json_pack("[s,s,I,I,o]", jstr(d, "metadata.name"), buf,
		(json_int_t)jint(d, "status.updatedReplicas", 0),
		(json_int_t)jint(d, "status.availableReplicas", 0),
		age_cell(d, "metadata.creationTimestamp"));
	containers_cells(jget(d, "spec.template.spec"), row);
	json_array_append_new(row, selector_cell(jget(d, "spec.selector")));
	return row;
}

static json_t *rs_row(const json_t *d)
{
	json_t *row = json_pack("[s,I,I,I,o]", jstr(d, "metadata.name"),
		(json_int_t)jint(d, "spec.replicas", 1), (json_int_t)jint(d, "status.replicas", 0),
		(json_int_t)jint(d, "status.readyReplicas", 0),
		age_cell(d, "metadata.creationTimestamp"));
	containers_cells(jget(d, "spec.template.spec"), row);
	json_array_append_new(row, selector_cell(jget(d, "spec.selector")));
	return row;
}

static json_t *svc_row(const json_t *s)
{
	const char *type = jstr(s, "spec.type");
	const char *cip = jstr(s, "spec.clusterIP");
	struct strbuf ext = STRBUF_INIT;
	json_t *eips = jget(s, "spec.externalIPs");
	if (!strcmp(type, "ExternalName")) {
		strbuf_addstr(&ext, jstr(s, "spec.externalName") ? jstr(s, "spec.externalName") : "");
	} else if (!strcmp(type, "LoadBalancer")) {
		json_t *ing = jget(s, "status.loadBalancer.ingress");
		size_t i;
		json_t *x;
		json_array_foreach(ing, i, x) {
			if (ext.len)
				strbuf_addch(&ext, ',');
			strbuf_addstr(&ext, jstr(x, "ip") ? jstr(x, "ip") : jstr(x, "hostname"));
		}
		if (!ext.len)
			strbuf_addstr(&ext, "<pending>");
	} else if (json_array_size(eips)) {
		size_t i;
		json_t *x;
		json_array_foreach(eips, i, x) {
			if (ext.len)
				strbuf_addch(&ext, ',');
			strbuf_addstr(&ext, json_string_value(x));
		}
	} else
		strbuf_addstr(&ext, "<none>");
	struct strbuf ports = STRBUF_INIT;
	size_t i;
	json_t *p;
	json_array_foreach(jget(s, "spec.ports"), i, p) {
		if (ports.len)
			strbuf_addch(&ports, ',');
		strbuf_addf(&ports, "%lld", jint(p, "port", 0));
		if (jint(p, "nodePort", 0))
			strbuf_addf(&ports, ":%lld", jint(p, "nodePort", 0));
		strbuf_addf(&ports, "/%s", jstr(p, "protocol") ? jstr(p, "protocol") : "TCP");
	}
	if (!ports.len)
		strbuf_addstr(&ports, "<none>");
	json_t *row = json_pack("[s,s,s,s,s,o,o]", jstr(s, "metadata.name"), type,
		cip ? cip : "<none>", ext.buf, ports.buf, age_cell(s, "metadata.creationTimestamp"),
		map_selector_cell(jget(s, "spec.selector")));
	strbuf_release(&ext);
	strbuf_release(&ports);
	return row;
}

static json_t *node_row(const json_t *n)
{
	const char *status = "Unknown";
	size_t i;
	json_t *c;
	json_array_foreach(jget(n, "status.conditions"), i, c)
		if (!strcmp(S(jstr(c, "type")), "Ready"))
			status = !strcmp(S(jstr(c, "status")), "True") ? "Ready" : "NotReady";
	char st[64];
	snprintf(st, sizeof(st), "%s%s", status,
		json_is_true(jget(n, "spec.unschedulable")) ? ",SchedulingDisabled" : "");
	struct strbuf roles = STRBUF_INIT;
	const char *k;
	json_t *v;
	json_object_foreach(jget(n, "metadata.labels"), k, v) {
		if (starts_with(k, "node-role.kubernetes.io/")) {
			if (roles.len)
				strbuf_addch(&roles, ',');
			strbuf_addstr(&roles, k + strlen("node-role.kubernetes.io/"));
		}
	}
	if (!roles.len)
		strbuf_addstr(&roles, "<none>");
	const char *iip = "<none>", *eip = "<none>";
	json_array_foreach(jget(n, "status.addresses"), i, c) {
		if (!strcmp(S(jstr(c, "type")), "InternalIP"))
			iip = jstr(c, "address");
		if (!strcmp(S(jstr(c, "type")), "ExternalIP"))
			eip = jstr(c, "address");
	}
	json_t *row = json_pack("[s,s,s,o,s,s,s,s,s,s]", jstr(n, "metadata.name"), st, roles.buf,
		age_cell(n, "metadata.creationTimestamp"), jstr(n, "status.nodeInfo.kubeletVersion"),
		iip, eip, jstr(n, "status.nodeInfo.osImage"), jstr(n, "status.nodeInfo.kernelVersion"),
		jstr(n, "status.nodeInfo.containerRuntimeVersion"));
	strbuf_release(&roles);
	return row;
}

static json_t *event_row(const json_t *e)
{
	struct strbuf obj = STRBUF_INIT;
	const char *kind = jstr(e, "involvedObject.kind");
	strbuf_addf(&obj, "%s/%s", kind ? kind : "", jstr(e, "involvedObject.name") ?
		jstr(e, "involvedObject.name") : "");
	/* kubectl lower-cases the kind */
	for (size_t i = 0; i < obj.len && obj.buf[i] != '/'; i++)
		if (obj.buf[i] >= 'A' && obj.buf[i] <= 'Z')
			obj.buf[i] = (char)(obj.buf[i] - 'A' + 'a');
	const char *fp = jstr(e, "involvedObject.fieldPath");
	const char *comp = jstr(e, "source.component");
	const char *host = jstr(e, "source.host");
	char src[256];
	if (comp && host)
		snprintf(src, sizeof(src), "%s, %s", comp, host);
	else
		snprintf(src, sizeof(src), "%s", comp ? comp : "");
	json_t *last = jstr(e, "lastTimestamp") ? age_cell(e, "lastTimestamp") :
		age_cell(e, "eventTime");
	json_t *first = jstr(e, "firstTimestamp") ? age_cell(e, "firstTimestamp") :
		age_cell(e, "eventTime");
	char cnt[32];
	snprintf(cnt, sizeof(cnt), "%lld", jint(e, "count", 1));
	json_t *row = json_pack("[o,s,s,s,s,s,s,o,s,s]", last, jstr(e, "type") ? jstr(e, "type") : "",
		jstr(e, "reason") ? jstr(e, "reason") : "", obj.buf, fp ? fp : "", src,
		jstr(e, "message") ? jstr(e, "message") : "", first, cnt, S(jstr(e, "metadata.name")));
	strbuf_release(&obj);
	return row;
}

static json_t *endpoints_row(const json_t *ep)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, k;
	json_t *s, *a, *p;
	int count = 0, more = 0;
	json_array_foreach(jget(ep, "subsets"), i, s) {
		json_array_foreach(json_object_get(s, "addresses"), j, a) {
			json_t *ports = json_object_get(s, "ports");
			if (!json_array_size(ports)) {
				if (count < 3) {
					strbuf_addf(&sb, "%s%s", sb.len ? "," : "", S(jstr(a, "ip")));
				} else
					more++;
				count++;
			}
			json_array_foreach(ports, k, p) {
				if (count < 3)
					strbuf_addf(&sb, "%s%s:%lld", sb.len ? "," : "", jstr(a, "ip"),
						jint(p, "port", 0));
				else
					more++;
				count++;
			}
		}
	}
	if (more)
		strbuf_addf(&sb, " + %d more...", more);
	if (!sb.len)
		strbuf_addstr(&sb, "<none>");
	json_t *row = json_pack("[s,s,o]", jstr(ep, "metadata.name"), sb.buf,
		age_cell(ep, "metadata.creationTimestamp"));
	strbuf_release(&sb);
	return row;
}

static json_t *job_row(const json_t *j)
{
	char comp[32];
	long long succ = jint(j, "status.succeeded", 0);
	snprintf(comp, sizeof(comp), "%lld/%lld", succ, jint(j, "spec.completions", 1));
	const char *status = "Running";
	size_t i;
	json_t *c;
	json_array_foreach(jget(j, "status.conditions"), i, c) {
		if (!strcmp(S(jstr(c, "status")), "True")) {
			if (!strcmp(S(jstr(c, "type")), "Complete"))
				status = "Complete";
			else if (!strcmp(S(jstr(c, "type")), "Failed"))
				status = "Failed";
			else if (!strcmp(S(jstr(c, "type")), "Suspended"))
				status = "Suspended";
		}
	}
	json_t *dur;
	const char *st = jstr(j, "status.startTime");
	if (!st)
		dur = json_string("");
	else {
		const char *ct = jstr(j, "status.completionTime");
		double end = ct ? parse_rfc3339(ct) : now_seconds();
		char *h = human_duration(end - parse_rfc3339(st));
		dur = json_string(h);
		free(h);
	}
	json_t *row = json_pack("[s,s,s,o,o]", jstr(j, "metadata.name"), status, comp, dur,
		age_cell(j, "metadata.creationTimestamp"));
	containers_cells(jget(j, "spec.template.spec"), row);
	json_array_append_new(row, selector_cell(jget(j, "spec.selector")));
	return row;
}

static json_t *cronjob_row(const json_t *j)
{
	const char *tz = jstr(j, "spec.timeZone");
	json_t *last = jstr(j, "status.lastScheduleTime") ? age_cell(j, "status.lastScheduleTime") :
		json_string("<none>");
	json_t *row = json_pack("[s,s,s,b,I,o,o]", jstr(j, "metadata.name"), jstr(j, "spec.schedule"),
		tz ? tz : "<none>", json_is_true(jget(j, "spec.suspend")),
		(json_int_t)json_array_size(jget(j, "status.active")), last,
		age_cell(j, "metadata.creationTimestamp"));
	containers_cells(jget(j, "spec.jobTemplate.spec.template.spec"), row);
	json_array_append_new(row, selector_cell(jget(j, "spec.jobTemplate.spec.selector")));
	return row;
}

static json_t *sts_row(const json_t *s)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld/%lld", jint(s, "status.readyReplicas", 0),
		jint(s, "spec.replicas", 1));
	json_t *row = json_pack("[s,s,o]", jstr(s, "metadata.name"), buf,
		age_cell(s, "metadata.creationTimestamp"));
	return containers_cells(jget(s, "spec.template.spec"), row);
}

static json_t *ds_row(const json_t *d)
{
	json_t *row = json_pack("[s,I,I,I,I,I,o,o]", jstr(d, "metadata.name"),
		(json_int_t)jint(d, "status.desiredNumberScheduled", 0),
		(json_int_t)jint(d, "status.currentNumberScheduled", 0),
		(json_int_t)jint(d, "status.numberReady", 0),
		(json_int_t)jint(d, "status.updatedNumberScheduled", 0),
		(json_int_t)jint(d, "status.numberAvailable", 0),
		map_selector_cell(jget(d, "spec.template.spec.nodeSelector")),
		age_cell(d, "metadata.creationTimestamp"));
	containers_cells(jget(d, "spec.template.spec"), row);
	json_array_append_new(row, selector_cell(jget(d, "spec.selector")));
	return row;
}

static json_t *pvc_row(const json_t *p)
{
	const char *vol = jstr(p, "spec.volumeName");
	const char *cap = jstr(p, "status.capacity.storage");
	struct strbuf am = STRBUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(jget(p, "status.accessModes"), i, x) {
		const char *m = json_string_value(x);
		strbuf_addf(&am, "%s%s", am.len ? "," : "",
			!strcmp(m, "ReadWriteOnce") ? "RWO" : !strcmp(m, "ReadOnlyMany") ? "ROX" :
			!strcmp(m, "ReadWriteMany") ? "RWX" : "RWOP");
	}
	const char *sc = jstr(p, "spec.storageClassName");
	const char *vac = jstr(p, "spec.volumeAttributesClassName");
	json_t *row = json_pack("[s,s,s,s,s,s,s,o,s]", jstr(p, "metadata.name"),
		jstr(p, "status.phase") ? jstr(p, "status.phase") : "Pending", vol ? vol : "",
		cap ? cap : "", am.buf, sc ? sc : "<unset>", vac ? vac : "<unset>",
		age_cell(p, "metadata.creationTimestamp"),
		jstr(p, "spec.volumeMode") ? jstr(p, "spec.volumeMode") : "Filesystem");
	strbuf_release(&am);
	return row;
}

static json_t *ingress_row(const json_t *g)
{
	const char *cls = jstr(g, "spec.ingressClassName");
	struct strbuf hosts = STRBUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(jget(g, "spec.rules"), i, x)
		strbuf_addf(&hosts, "%s%s", hosts.len ? "," : "", jstr(x, "host") ? jstr(x, "host") : "*");
	if (!hosts.len)
		strbuf_addstr(&hosts, "*");
	json_t *row = json_pack("[s,s,s,s,s,o]", jstr(g, "metadata.name"), cls ? cls : "<none>",
		hosts.buf, "", json_array_size(jget(g, "spec.tls")) ? "80, 443" : "80",
		age_cell(g, "metadata.creationTimestamp"));
	strbuf_release(&hosts);
	return row;
}

static json_t *rb_row(const json_t *b)
{
	char role[256];
	snprintf(role, sizeof(role), "%s/%s", jstr(b, "roleRef.kind"), S(jstr(b, "roleRef.name")));
	struct strbuf u = STRBUF_INIT, g = STRBUF_INIT, s = STRBUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(b, "subjects"), i, x) {
		const char *k = jstr(x, "kind");
		if (!strcmp(k, "User"))
			strbuf_addf(&u, "%s%s", u.len ? ", " : "", S(jstr(x, "name")));
		else if (!strcmp(k, "Group"))
			strbuf_addf(&g, "%s%s", g.len ? ", " : "", S(jstr(x, "name")));
		else
			strbuf_addf(&s, "%s%s/%s", s.len ? ", " : "",
				jstr(x, "namespace") ? jstr(x, "namespace") : "", S(jstr(x, "name")));
	}
	json_t *row = json_pack("[s,s,o,s,s,s]", jstr(b, "metadata.name"), role,
		age_cell(b, "metadata.creationTimestamp"), u.buf, g.buf, s.buf);
	strbuf_release(&u);
	strbuf_release(&g);
	strbuf_release(&s);
	return row;
}

static json_t *eps_row(const json_t *e)
{
	struct strbuf ports = STRBUF_INIT, eps = STRBUF_INIT;
	size_t i, j;
	json_t *x, *a;
	json_array_foreach(json_object_get(e, "ports"), i, x)
		strbuf_addf(&ports, "%s%lld", ports.len ? "," : "", jint(x, "port", 0));
	if (!ports.len)
		strbuf_addstr(&ports, "<unset>");
	int n = 0, more = 0;
	json_array_foreach(json_object_get(e, "endpoints"), i, x)
		json_array_foreach(json_object_get(x, "addresses"), j, a) {
			if (n < 3)
				strbuf_addf(&eps, "%s%s", eps.len ? "," : "", json_string_value(a));
			else
				more++;
			n++;
		}
	if (more)
		strbuf_addf(&eps, " + %d more...", more);
	if (!eps.len)
		strbuf_addstr(&eps, "<unset>");
	json_t *row = json_pack("[s,s,s,s,o]", jstr(e, "metadata.name"), jstr(e, "addressType"),
		ports.buf, eps.buf, age_cell(e, "metadata.creationTimestamp"));
	strbuf_release(&ports);
	strbuf_release(&eps);
	return row;
}

/* a simple JSONPath (.a.b.c, with [N] indexes) as used by printer columns */
static json_t *eval_path(const json_t *o, const char *path)
{
	const json_t *cur = o;
	const char *p = path;
	char key[256];
	while (cur && *p) {
		if (*p == '.') {
			p++;
			size_t n = strcspn(p, ".[");
			if (n >= sizeof(key))
				return NULL;
			memcpy(key, p, n);
			key[n] = 0;
			cur = json_object_get(cur, key);
			p += n;
		} else if (*p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 10);
			if (*end != ']')
				return NULL;
			cur = json_array_get(cur, (size_t)idx);
			p = end + 1;
		} else
			return NULL;
	}
	return (json_t *)cur;
}

static json_t *cr_row(const struct rtype *rt, const json_t *o)
{
	json_t *row = json_pack("[s]", S(jstr(o, "metadata.name")));
	size_t i;
	json_t *c;
	json_array_foreach(rt->columns, i, c) {
		const char *type = jstr(c, "type") ? jstr(c, "type") : "string";
		json_t *v = eval_path(o, jstr(c, "jsonPath") ? jstr(c, "jsonPath") : "");
		if (!strcmp(type, "date")) {
			if (json_is_string(v)) {
				double t = parse_rfc3339(json_string_value(v));
				char *s = human_duration(now_seconds() - t);
				json_array_append_new(row, json_string(s));
				free(s);
			} else
				json_array_append_new(row, json_null());
		} else if (v && !json_is_object(v) && !json_is_array(v))
			json_array_append(row, v);
		else if (v) {
			char *d = json_dumps(v, JSON_COMPACT);
			json_array_append_new(row, d ? json_string(d) : json_null());
			free(d);
		} else
			json_array_append_new(row, json_null());
	}
	return row;
}

static void add_cr_cols(json_t *defs, const struct rtype *rt)
{
	json_array_append_new(defs, json_pack("{s:s,s:s,s:s,s:s,s:i}", "name", "Name", "type",
		"string", "format", "name", "description", "Name", "priority", 0));
	size_t i;
	json_t *c;
	json_array_foreach(rt->columns, i, c) {
		const char *type = jstr(c, "type") ? jstr(c, "type") : "string";
		json_array_append_new(defs, json_pack("{s:s,s:s,s:s,s:s,s:I}", "name",
			jstr(c, "name") ? jstr(c, "name") : "", "type", !strcmp(type, "date") ? "date" : type,
			"format", jstr(c, "format") ? jstr(c, "format") : "", "description",
			jstr(c, "description") ? jstr(c, "description") : "", "priority",
			(json_int_t)jint(c, "priority", 0)));
	}
}

static json_t *row_for(const struct rtype *rt, const json_t *o, const struct col **cols)
{
	const char *r = rt->resource;
	const char *name = jstr(o, "metadata.name");
	char buf[32];
	if (!strcmp(r, "pods")) {
		*cols = pod_cols;
		return pod_row(o);
	}
	if (!strcmp(r, "deployments")) {
		*cols = deploy_cols;
		return deploy_row(o);
	}
	if (!strcmp(r, "replicasets")) {
		*cols = rs_cols;
		return rs_row(o);
	}
	if (!strcmp(r, "services")) {
		*cols = svc_cols;
		return svc_row(o);
	}
	if (!strcmp(r, "namespaces")) {
		*cols = ns_cols;
		return json_pack("[s,s,o]", name, jstr(o, "status.phase") ? jstr(o, "status.phase") : "",
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "configmaps")) {
		*cols = cm_cols;
		return json_pack("[s,I,o]", name,
			(json_int_t)(json_object_size(json_object_get(o, "data")) +
				     json_object_size(json_object_get(o, "binaryData"))),
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "secrets")) {
		*cols = secret_cols;
		return json_pack("[s,s,I,o]", name, jstr(o, "type") ? jstr(o, "type") : "Opaque",
			(json_int_t)json_object_size(json_object_get(o, "data")),
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "nodes")) {
		*cols = node_cols;
		return node_row(o);
	}
	if (!strcmp(r, "events") && !*rt->group) {
		*cols = ev_cols;
		return event_row(o);
	}
	if (!strcmp(r, "endpoints")) {
		*cols = ep_cols;
		return endpoints_row(o);
	}
	if (!strcmp(r, "serviceaccounts")) {
		*cols = sa_cols;
		return json_pack("[s,I,o]", name,
			(json_int_t)json_array_size(json_object_get(o, "secrets")),
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "jobs")) {
		*cols = job_cols;
		return job_row(o);
	}
	if (!strcmp(r, "cronjobs")) {
		*cols = cj_cols;
		return cronjob_row(o);
	}
	if (!strcmp(r, "statefulsets")) {
		*cols = sts_cols;
		return sts_row(o);
	}
	if (!strcmp(r, "daemonsets")) {
		*cols = ds_cols;
		return ds_row(o);
	}
	if (!strcmp(r, "persistentvolumeclaims")) {
		*cols = pvc_cols;
		return pvc_row(o);
	}
	if (!strcmp(r, "ingresses")) {
		*cols = ing_cols;
		return ingress_row(o);
	}
	if (!strcmp(r, "leases")) {
		*cols = lease_cols;
		const char *h = jstr(o, "spec.holderIdentity");
		return json_pack("[s,s,o]", name, h ? h : "<none>",
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "endpointslices")) {
		*cols = eps_cols;
		return eps_row(o);
	}
	if (!strcmp(r, "rolebindings") || !strcmp(r, "clusterrolebindings")) {
		*cols = rb_cols;
		return rb_row(o);
	}
	if (!strcmp(r, "resourcequotas")) {
		*cols = quota_cols;
		struct strbuf req = STRBUF_INIT, lim = STRBUF_INIT;
		const char *keys[64];
		size_t nk = 0;
		const char *k;
		json_t *v;
		json_object_foreach(jget(o, "spec.hard"), k, v)
			if (nk < 64)
				keys[nk++] = k;
		for (size_t a = 1; a < nk; a++)
			for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
				const char *t = keys[b];
				keys[b] = keys[b - 1];
				keys[b - 1] = t;
			}
		for (size_t a = 0; a < nk; a++) {
			const char *used = json_string_value(json_object_get(jget(o, "status.used"), keys[a]));
			json_t *hv = json_object_get(jget(o, "spec.hard"), keys[a]);
			struct strbuf *dst = starts_with(keys[a], "limits.") ? &lim : &req;
			strbuf_addf(dst, "%s%s: %s/%s", dst->len ? ", " : "", keys[a], used ? used : "0",
				json_string_value(hv) ? json_string_value(hv) : "");
		}
		json_t *row = json_pack("[s,o,s,s]", name, age_cell(o, "metadata.creationTimestamp"),
			req.buf, lim.buf);
		strbuf_release(&req);
		strbuf_release(&lim);
		return row;
	}
	if (!strcmp(r, "poddisruptionbudgets")) {
		*cols = pdb_cols;
		json_t *mn = jget(o, "spec.minAvailable"), *mx = jget(o, "spec.maxUnavailable");
		char a[32], b[32];
		if (json_is_integer(mn))
			snprintf(a, sizeof(a), "%lld", (long long)json_integer_value(mn));
		else
			snprintf(a, sizeof(a), "%s", json_string_value(mn) ? json_string_value(mn) : "N/A");
		if (json_is_integer(mx))
			snprintf(b, sizeof(b), "%lld", (long long)json_integer_value(mx));
		else
			snprintf(b, sizeof(b), "%s", json_string_value(mx) ? json_string_value(mx) : "N/A");
		return json_pack("[s,s,s,I,o]", name, a, b,
			(json_int_t)jint(o, "status.disruptionsAllowed", 0),
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "priorityclasses")) {
		*cols = pc_cols;
		const char *pp = jstr(o, "preemptionPolicy");
		return json_pack("[s,I,b,o,s]", name, (json_int_t)jint(o, "value", 0),
			json_is_true(json_object_get(o, "globalDefault")),
			age_cell(o, "metadata.creationTimestamp"), pp ? pp : "PreemptLowerPriority");
	}
	if (!strcmp(r, "networkpolicies")) {
		*cols = netpol_cols;
		json_t *sel = selector_cell(jget(o, "spec.podSelector"));
		return json_pack("[s,o,o]", name, sel, age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "controllerrevisions")) {
		*cols = cr_cols;
		json_t *ref = json_array_get(jget(o, "metadata.ownerReferences"), 0);
		char ctl[256] = "<none>";
		if (ref) {
			const char *av = jstr(ref, "apiVersion");
			const char *sl = av ? strchr(av, '/') : NULL;
			char kind[128];
			snprintf(kind, sizeof(kind), "%s", S(jstr(ref, "kind")));
			for (char *q = kind; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q - 'A' + 'a');
			if (sl)
				snprintf(ctl, sizeof(ctl), "%s.%.*s/%s", kind, (int)(sl - av), av,
					jstr(ref, "name"));
			else
				snprintf(ctl, sizeof(ctl), "%s/%s", kind, S(jstr(ref, "name")));
		}
		return json_pack("[s,s,I,o]", name, ctl, (json_int_t)jint(o, "revision", 0),
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "storageclasses")) {
		*cols = sc_cols;
		const char *rp = jstr(o, "reclaimPolicy"), *vb = jstr(o, "volumeBindingMode");
		return json_pack("[s,s,s,s,s,o]", name, jstr(o, "provisioner") ? jstr(o, "provisioner") : "",
			rp ? rp : "Delete", vb ? vb : "Immediate",
			json_is_true(json_object_get(o, "allowVolumeExpansion")) ? "true" : "false",
			age_cell(o, "metadata.creationTimestamp"));
	}
	if (!strcmp(r, "horizontalpodautoscalers")) {
		*cols = hpa_cols;
		char ref[256];
		snprintf(ref, sizeof(ref), "%s/%s", jstr(o, "spec.scaleTargetRef.kind"),
			jstr(o, "spec.scaleTargetRef.name"));
		char minp[32];
		snprintf(minp, sizeof(minp), "%lld", jint(o, "spec.minReplicas", 1));
		return json_pack("[s,s,s,s,I,I,o]", name, ref, "<unknown>", minp,
			(json_int_t)jint(o, "spec.maxReplicas", 0),
			(json_int_t)jint(o, "status.currentReplicas", 0),
			age_cell(o, "metadata.creationTimestamp"));
	}
	(void)buf;
	*cols = default_cols;
	return json_pack("[s,s]", name, S(jstr(o, "metadata.creationTimestamp")));
}

static const struct col *cols_for(const struct rtype *rt)
{
	static const struct {
		const char *res;
		const struct col *cols;
	} m[] = { { "pods", pod_cols }, { "deployments", deploy_cols }, { "replicasets", rs_cols },
		{ "services", svc_cols }, { "namespaces", ns_cols }, { "configmaps", cm_cols },
		{ "secrets", secret_cols }, { "nodes", node_cols }, { "endpoints", ep_cols },
		{ "serviceaccounts", sa_cols }, { "jobs", job_cols }, { "cronjobs", cj_cols },
		{ "statefulsets", sts_cols }, { "daemonsets", ds_cols },
		{ "persistentvolumeclaims", pvc_cols }, { "ingresses", ing_cols },
		{ "leases", lease_cols }, { "endpointslices", eps_cols },
		{ "rolebindings", rb_cols }, { "clusterrolebindings", rb_cols },
		{ "resourcequotas", quota_cols }, { "poddisruptionbudgets", pdb_cols },
		{ "priorityclasses", pc_cols }, { "networkpolicies", netpol_cols },
		{ "controllerrevisions", cr_cols }, { "storageclasses", sc_cols },
		{ "horizontalpodautoscalers", hpa_cols } };
	if (!strcmp(rt->resource, "events") && !*rt->group)
		return ev_cols;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(m[i].res, rt->resource))
			return m[i].cols;
	return default_cols;
}

json_t *table_new(const struct rtype *rt, json_t **items, size_t n, int include_object,
	const char *list_rv, const char *cont)
{
	json_t *rows = json_array();
	const struct col *cols = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *cells = rt->dynamic ? cr_row(rt, items[i]) : row_for(rt, items[i], &cols);
		json_t *row = json_pack("{s:o}", "cells", cells);
		if (include_object == 2) {
			json_object_set_new(row, "object", json_deep_copy(items[i]));
		} else if (include_object == 1) {
			json_object_set_new(row, "object", json_pack("{s:s,s:s,s:O}", "kind",
				"PartialObjectMetadata", "apiVersion", "meta.k8s.io/v1", "metadata",
				json_object_get(items[i], "metadata")));
		}
		json_array_append_new(rows, row);
	}
	if (!cols)
		cols = cols_for(rt);
	json_t *defs = json_array();
	if (rt->dynamic)
		add_cr_cols(defs, rt);
	else
		add_cols(defs, cols);
	json_t *md = json_object();
	if (list_rv)
		json_object_set_new(md, "resourceVersion", json_string(list_rv));
	if (cont)
		json_object_set_new(md, "continue", json_string(cont));
	return json_pack("{s:s,s:s,s:o,s:o,s:o}", "kind", "Table", "apiVersion", "meta.k8s.io/v1",
		"metadata", md, "columnDefinitions", defs, "rows", rows);
}
