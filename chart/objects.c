/* The objects templates see besides .Values: .Chart, .Capabilities, .Release. */
#include "chart/chart.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gostr.h"

static json_t *strvec_json(const struct strvec *v, int nil_if_empty)
{
	if (!v->nr && nil_if_empty)
		return json_null();
	json_t *a = json_array();
	for (size_t i = 0; i < v->nr; i++)
		json_array_append_new(a, json_string(v->v[i]));
	return a;
}

json_t *chart_meta_gofields(const struct chart_meta *m, int is_root)
{
	json_t *o = json_object();
	json_object_set_new(o, "Name", json_string(m->name));
	json_object_set_new(o, "Home", json_string(m->home));
	json_object_set_new(o, "Sources", strvec_json(&m->sources, 1));
	json_object_set_new(o, "Version", json_string(m->version));
	json_object_set_new(o, "Description", json_string(m->description));
	json_object_set_new(o, "Keywords", strvec_json(&m->keywords, 1));
	if (m->maintainers) {
		json_t *a = json_array();
		for (size_t i = 0; i < m->nmaintainers; i++) {
			const struct chart_maintainer *x = m->maintainers[i];
			if (!x) {
				json_array_append_new(a, json_null());
				continue;
			}
			json_t *mo = json_object();
			json_object_set_new(mo, "Name", json_string(x->name));
			json_object_set_new(mo, "Email", json_string(x->email));
			json_object_set_new(mo, "URL", json_string(x->url));
			json_array_append_new(a, mo);
		}
		json_object_set_new(o, "Maintainers", a);
	} else {
		json_object_set_new(o, "Maintainers", json_null());
	}
	json_object_set_new(o, "Icon", json_string(m->icon));
	json_object_set_new(o, "APIVersion", json_string(m->api_version));
	json_object_set_new(o, "Condition", json_string(m->condition));
	json_object_set_new(o, "Tags", json_string(m->tags));
	json_object_set_new(o, "AppVersion", json_string(m->app_version));
	json_object_set_new(o, "Deprecated", json_boolean(m->deprecated));
	json_object_set_new(o, "Annotations", m->annotations ? json_deep_copy(m->annotations) : json_null());
	json_object_set_new(o, "KubeVersion", json_string(m->kube_version));
	if (m->deps) {
		json_t *a = json_array();
		for (size_t i = 0; i < m->ndeps; i++) {
			const struct chart_dep *d = m->deps[i];
			if (!d) {
				json_array_append_new(a, json_null());
				continue;
			}
			json_t *dob = json_object();
			json_object_set_new(dob, "Name", json_string(d->name));
			json_object_set_new(dob, "Version", json_string(d->version));
			json_object_set_new(dob, "Repository", json_string(d->repository));
			json_object_set_new(dob, "Condition", json_string(d->condition));
			json_object_set_new(dob, "Tags", strvec_json(&d->tags, 1));
			json_object_set_new(dob, "Enabled", json_boolean(d->enabled));
			json_object_set_new(dob, "ImportValues",
					    d->import_values ? json_deep_copy(d->import_values) : json_null());
			json_object_set_new(dob, "Alias", json_string(d->alias));
			json_array_append_new(a, dob);
		}
		json_object_set_new(o, "Dependencies", a);
	} else {
		json_object_set_new(o, "Dependencies", json_null());
	}
	json_object_set_new(o, "Type", json_string(m->type));
	if (is_root >= 0)
		json_object_set_new(o, "IsRoot", json_boolean(is_root));
	return o;
}

static void set_nonempty(json_t *o, const char *k, const char *v)
{
	if (*v)
		json_object_set_new(o, k, json_string(v));
}

json_t *chart_meta_to_json(const struct chart_meta *m, int is_root)
{
	json_t *o = json_object();
	set_nonempty(o, "name", m->name);
	set_nonempty(o, "home", m->home);
	if (m->sources.nr)
		json_object_set_new(o, "sources", strvec_json(&m->sources, 0));
	set_nonempty(o, "version", m->version);
	set_nonempty(o, "description", m->description);
	if (m->keywords.nr)
		json_object_set_new(o, "keywords", strvec_json(&m->keywords, 0));
	if (m->nmaintainers) {
		json_t *a = json_array();
		for (size_t i = 0; i < m->nmaintainers; i++) {
			const struct chart_maintainer *x = m->maintainers[i];
			if (!x) {
				json_array_append_new(a, json_null());
				continue;
			}
			json_t *mo = json_object();
			set_nonempty(mo, "name", x->name);
			set_nonempty(mo, "email", x->email);
			set_nonempty(mo, "url", x->url);
			json_array_append_new(a, mo);
		}
		json_object_set_new(o, "maintainers", a);
	}
	set_nonempty(o, "icon", m->icon);
	set_nonempty(o, "apiVersion", m->api_version);
	set_nonempty(o, "condition", m->condition);
	set_nonempty(o, "tags", m->tags);
	set_nonempty(o, "appVersion", m->app_version);
	if (m->deprecated)
		json_object_set_new(o, "deprecated", json_true());
	if (m->annotations && json_object_size(m->annotations))
		json_object_set_new(o, "annotations", json_deep_copy(m->annotations));
	set_nonempty(o, "kubeVersion", m->kube_version);
	if (m->ndeps) {
		json_t *a = json_array();
		for (size_t i = 0; i < m->ndeps; i++) {
			const struct chart_dep *d = m->deps[i];
			if (!d) {
				json_array_append_new(a, json_null());
				continue;
			}
			json_t *dob = json_object();
			json_object_set_new(dob, "name", json_string(d->name));
			set_nonempty(dob, "version", d->version);
			json_object_set_new(dob, "repository", json_string(d->repository));
			set_nonempty(dob, "condition", d->condition);
			if (d->tags.nr)
				json_object_set_new(dob, "tags", strvec_json(&d->tags, 0));
			if (d->enabled)
				json_object_set_new(dob, "enabled", json_true());
			if (d->import_values && json_array_size(d->import_values))
				json_object_set_new(dob, "import-values", json_deep_copy(d->import_values));
			set_nonempty(dob, "alias", d->alias);
			json_array_append_new(a, dob);
		}
		json_object_set_new(o, "dependencies", a);
	}
	set_nonempty(o, "type", m->type);
	if (is_root >= 0)
		json_object_set_new(o, "IsRoot", json_boolean(is_root));
	return o;
}

static const char *const default_api_versions[] = {
	"v1",
	"admissionregistration.k8s.io/v1",
	"admissionregistration.k8s.io/v1alpha1",
	"admissionregistration.k8s.io/v1beta1",
	"internal.apiserver.k8s.io/v1alpha1",
	"apps/v1",
	"apps/v1beta1",
	"apps/v1beta2",
	"authentication.k8s.io/v1",
	"authentication.k8s.io/v1alpha1",
	"authentication.k8s.io/v1beta1",
	"authorization.k8s.io/v1",
	"authorization.k8s.io/v1beta1",
	"autoscaling/v1",
	"autoscaling/v2",
	"batch/v1",
	"batch/v1beta1",
	"certificates.k8s.io/v1",
	"certificates.k8s.io/v1alpha1",
	"certificates.k8s.io/v1beta1",
	"coordination.k8s.io/v1",
	"coordination.k8s.io/v1alpha2",
	"coordination.k8s.io/v1beta1",
	"discovery.k8s.io/v1",
	"discovery.k8s.io/v1beta1",
	"events.k8s.io/v1",
	"events.k8s.io/v1beta1",
	"extensions/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1",
	"flowcontrol.apiserver.k8s.io/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1beta2",
	"flowcontrol.apiserver.k8s.io/v1beta3",
	"networking.k8s.io/v1",
	"networking.k8s.io/v1beta1",
	"node.k8s.io/v1",
	"node.k8s.io/v1alpha1",
	"node.k8s.io/v1beta1",
	"policy/v1",
	"policy/v1beta1",
	"rbac.authorization.k8s.io/v1",
	"rbac.authorization.k8s.io/v1alpha1",
	"rbac.authorization.k8s.io/v1beta1",
	"resource.k8s.io/v1",
	"resource.k8s.io/v1alpha3",
	"resource.k8s.io/v1beta1",
	"resource.k8s.io/v1beta2",
	"scheduling.k8s.io/v1",
	"scheduling.k8s.io/v1beta1",
	"storage.k8s.io/v1",
	"storage.k8s.io/v1alpha1",
	"storage.k8s.io/v1beta1",
	"storagemigration.k8s.io/v1beta1",
	"apiextensions.k8s.io/v1beta1",
	"apiextensions.k8s.io/v1",
};

/* k8s.io/apimachinery version.ParseGeneric as chartutil.ParseKubeVersion. */
int chart_parse_kube_version(const char *str, struct chart_kube_version *kv, struct kc_err *err)
{
	struct strbuf q = STRBUF_INIT;
	go_quote(&q, str, strlen(str));
	const char *p = str;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == 'v')
		p++;
	const char *st = p;
	if (!isdigit((unsigned char)*p)) {
		kc_err_set(err, "could not parse %s as version", q.buf);
		strbuf_release(&q);
		return -1;
	}
	while (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1])))
		p++;
	char *nums = xstrndup(st, (size_t)(p - st));
	struct strvec comps = STRVEC_INIT;
	strvec_split(&comps, nums, '.');
	free(nums);
	int ret = 0;
	if (comps.nr < 2) {
		ret = kc_err_set(err, "illegal version string %s", q.buf);
		goto out;
	}
	struct strbuf v = STRBUF_INIT;
	for (size_t i = 0; i < comps.nr; i++) {
		const char *c = comps.v[i];
		if (i == 0 && c[0] == '0' && c[1]) {
			struct strbuf cq = STRBUF_INIT;
			go_quote(&cq, c, strlen(c));
			ret = kc_err_set(err, "illegal zero-prefixed version component %s in %s", cq.buf, q.buf);
			strbuf_release(&cq);
			strbuf_release(&v);
			goto out;
		}
		long long n;
		if (go_parse_int(c, 10, 64, &n) < 0 || n < 0) {
			struct strbuf cq = STRBUF_INIT;
			go_quote(&cq, c, strlen(c));
			ret = kc_err_set(err,
					 "illegal non-numeric version component %s in %s: strconv.ParseUint: parsing %s: value out of range",
					 cq.buf, q.buf, cq.buf);
			strbuf_release(&cq);
			strbuf_release(&v);
			goto out;
		}
		strbuf_addf(&v, "%s%lld", i ? "." : "v", n);
		if (i == 0)
			snprintf(kv->major, sizeof(kv->major), "%lld", n);
		if (i == 1)
			snprintf(kv->minor, sizeof(kv->minor), "%lld", n);
	}
	snprintf(kv->version, sizeof(kv->version), "%s", v.buf);
	strbuf_release(&v);
out:
	strvec_clear(&comps);
	strbuf_release(&q);
	return ret;
}

void chart_kube_version_default(struct chart_kube_version *kv)
{
	snprintf(kv->version, sizeof(kv->version), "v1.36.0");
	snprintf(kv->major, sizeof(kv->major), "1");
	snprintf(kv->minor, sizeof(kv->minor), "36");
}

json_t *chart_capabilities_json(const struct chart_kube_version *kv, const struct strvec *extra_apis)
{
	json_t *o = json_object(), *k = json_object(), *a = json_array(), *h = json_object();
	json_object_set_new(k, "Version", json_string(kv->version));
	json_object_set_new(k, "Major", json_string(kv->major));
	json_object_set_new(k, "Minor", json_string(kv->minor));
	for (size_t i = 0; i < sizeof(default_api_versions) / sizeof(default_api_versions[0]); i++)
		json_array_append_new(a, json_string(default_api_versions[i]));
	for (size_t i = 0; extra_apis && i < extra_apis->nr; i++)
		json_array_append_new(a, json_string(extra_apis->v[i]));
	json_object_set_new(h, "Version", json_string("v3.21.4"));
	json_object_set_new(h, "GitCommit", json_string("813176c51bb5c181dbbd7901298ddcc104cd3417"));
	json_object_set_new(h, "GitTreeState", json_string("clean"));
	json_object_set_new(h, "GoVersion", json_string("go1.26"));
	json_object_set_new(o, "KubeVersion", k);
	json_object_set_new(o, "APIVersions", a);
	json_object_set_new(o, "HelmVersion", h);
	return o;
}

json_t *chart_release_json(const char *name, const char *ns, long long revision, int is_upgrade)
{
	json_t *o = json_object();
	json_object_set_new(o, "Name", json_string(name));
	json_object_set_new(o, "Namespace", json_string(ns));
	json_object_set_new(o, "IsUpgrade", json_boolean(is_upgrade));
	json_object_set_new(o, "IsInstall", json_boolean(!is_upgrade));
	json_object_set_new(o, "Revision", json_integer(revision));
	json_object_set_new(o, "Service", json_string("Helm"));
	return o;
}
