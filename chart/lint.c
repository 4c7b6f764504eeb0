/* helm lint (Helm v3.21 pkg/lint and pkg/action/lint.go): Chart.yaml,
 * values, templates and dependencies rules with Helm's messages. */
#include "chart/lint.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/chart.h"
#include "chart/funcs_helm.h"
#include "chart/internal.h"
#include "util/file.h"
#include "util/gostr.h"
#include "util/gzip.h"
#include "util/tar.h"

static const struct deprecation {
	const char *api_version, *kind;
	int dep_major, dep_minor, rem_major, rem_minor;
	const char *rep_gv, *rep_kind;
} deprecations[] = {
#include "chart/lint_deprecations.h"
};

static const char *const sev_names[] = { "UNKNOWN", "INFO", "WARNING", "ERROR" };

void chart_lint_release(struct chart_lint *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].path);
		free(l->v[i].msg);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void chart_lint_msg_format(const struct chart_lint_msg *m, struct strbuf *out)
{
	strbuf_addf(out, "[%s] %s: %s", sev_names[m->severity], m->path, m->msg);
}

__attribute__((format(printf, 4, 5))) static void add(struct chart_lint *l, int sev, const char *path,
						      const char *fmt, ...)
{
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	l->v[l->nr].severity = sev;
	l->v[l->nr].path = xstrdup(path);
	l->v[l->nr].msg = strbuf_detach(&sb, NULL);
	l->nr++;
}

/* fmt's %T of a decoded YAML value (sigs.k8s.io/yaml into interface{}) */
static const char *go_type(const json_t *v)
{
	if (!v || json_is_null(v))
		return "<nil>";
	if (json_is_string(v))
		return "string";
	if (json_is_number(v))
		return "float64";
	if (json_is_boolean(v))
		return "bool";
	if (json_is_object(v))
		return "map[string]interface {}";
	return "[]interface {}";
}

/* govalidator, approximately: scheme://host[...] or host.tld[/...] */
static int is_request_url(const char *s)
{
	const char *c = strstr(s, "://");
	if (!c || c == s)
		return 0;
	for (const char *p = s; p < c; p++)
		if (!(isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'))
			return 0;
	return c[3] != 0 && !strchr(s, ' ');
}

static int is_url(const char *s)
{
	if (!*s || strlen(s) >= 2083 || strchr(s, ' ') || s[0] == '.')
		return 0;
	const char *h = strstr(s, "://");
	h = h ? h + 3 : s;
	if (!*h)
		return 0;
	size_t n = strcspn(h, "/?#:");
	if (n == 0)
		return 0;
	char *host = xstrndup(h, n);
	int ok = !strcmp(host, "localhost") || strchr(host, '.') != NULL;
	for (char *p = host; *p && ok; p++)
		if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '.' || *p == '_'))
			ok = 0;
	free(host);
	return ok;
}

static int is_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	const char *dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] && !strchr(s, ' ');
}

static void rules_chartfile(struct chart_lint *l, const char *dir)
{
	const char *f = "Chart.yaml";
	char *path = xasprintf("%s/Chart.yaml", dir);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		add(l, LINT_ERROR, f, "should be a file, not a directory");
	struct strbuf buf = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	json_t *doc = NULL;
	struct chart_meta *m = chart_meta_new();
	int ok = 0;
	if (file_read(path, &buf, &err) < 0) {
		if (S_ISDIR(st.st_mode))
			kc_err_set(&err, "read %s: is a directory", path);
		add(l, LINT_ERROR, f, "unable to parse YAML\n\t%s", err.msg.buf);
	} else if (!(doc = chart_yaml_doc(buf.buf, buf.len, &err))) {
		add(l, LINT_ERROR, f, "unable to parse YAML\n\t%s", err.msg.buf);
	} else if (json_is_object(doc) && chart_meta_decode(doc, m, &err) < 0) {
		add(l, LINT_ERROR, f, "unable to parse YAML\n\t%s", err.msg.buf);
	} else {
		ok = 1;
	}
	free(path);
	if (!ok)
		goto out;
	if (!*m->name)
		add(l, LINT_ERROR, f, "name is required");
	else if (strchr(m->name, '/')) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, m->name, strlen(m->name));
		add(l, LINT_ERROR, f, "chart name %s is invalid", q.buf);
		strbuf_release(&q);
	}
	if (!*m->api_version)
		add(l, LINT_ERROR, f, "apiVersion is required. The value must be either \"v1\" or \"v2\"");
	else if (strcmp(m->api_version, "v1") && strcmp(m->api_version, "v2"))
		add(l, LINT_ERROR, f, "apiVersion '%s' is not valid. The value must be either \"v1\" or \"v2\"",
		    m->api_version);
	json_t *v = json_is_object(doc) ? json_object_get(doc, "version") : NULL;
	if (json_is_object(doc) && json_object_get(doc, "version") && !json_is_string(v))
		add(l, LINT_ERROR, f, "version should be of type string but it's of type %s", go_type(v));
	if (!*m->version)
		add(l, LINT_ERROR, f, "version is required");
	else if (!sprig_semver_valid(m->version))
		add(l, LINT_ERROR, f, "version '%s' is not a valid SemVer", m->version);
	v = json_is_object(doc) ? json_object_get(doc, "appVersion") : NULL;
	if (json_is_object(doc) && json_object_get(doc, "appVersion") && !json_is_string(v))
		add(l, LINT_ERROR, f, "appVersion should be of type string but it's of type %s", go_type(v));
	for (size_t i = 0; i < m->nmaintainers; i++) {
		const struct chart_maintainer *mt = m->maintainers[i];
		if (!mt) {
			add(l, LINT_ERROR, f, "a maintainer entry is empty");
			break;
		}
		if (!*mt->name) {
			add(l, LINT_ERROR, f, "each maintainer requires a name");
			break;
		} else if (*mt->email && !is_email(mt->email)) {
			add(l, LINT_ERROR, f, "invalid email '%s' for maintainer '%s'", mt->email, mt->name);
			break;
		} else if (*mt->url && !is_url(mt->url)) {
			add(l, LINT_ERROR, f, "invalid url '%s' for maintainer '%s'", mt->url, mt->name);
			break;
		}
	}
	for (size_t i = 0; i < m->sources.nr; i++)
		if (!*m->sources.v[i] || !is_request_url(m->sources.v[i])) {
			add(l, LINT_ERROR, f, "invalid source URL '%s'", m->sources.v[i]);
			break;
		}
	if (!*m->icon)
		add(l, LINT_INFO, f, "icon is recommended");
	if (*m->icon && !is_request_url(m->icon))
		add(l, LINT_ERROR, f, "invalid icon URL '%s'", m->icon);
	if (*m->type && strcmp(m->api_version, "v2"))
		add(l, LINT_ERROR, f, "chart type is not valid in apiVersion '%s'. It is valid in apiVersion 'v2'",
		    m->api_version);
	if (m->ndeps && strcmp(m->api_version, "v2"))
		add(l, LINT_ERROR, f,
		    "dependencies are not valid in the Chart file with apiVersion '%s'. They are valid in apiVersion 'v2'",
		    m->api_version);
out:
	json_decref(doc);
	chart_meta_free(m);
	strbuf_release(&buf);
	kc_err_release(&err);
}

/* the single-schema part of chart_validate_schemas' report */
static int validate_single_schema(const char *name, const char *schema, size_t len, json_t *vals,
				  struct strbuf *msg)
{
	struct chart c;
	struct chart_meta *m = chart_meta_new();
	memset(&c, 0, sizeof(c));
	free(m->name);
	m->name = xstrdup(name);
	c.meta = m;
	c.schema = (char *)schema;
	c.schema_len = len;
	struct strbuf rep = STRBUF_INIT;
	int r = chart_validate_schemas(&c, vals, &rep);
	if (r < 0) {
		const char *nl = strchr(rep.buf, '\n');
		strbuf_addstr(msg, nl ? nl + 1 : rep.buf);
	}
	strbuf_release(&rep);
	chart_meta_free(m);
	return r;
}

static void rules_values(struct chart_lint *l, const char *dir, json_t *overrides)
{
	const char *f = "values.yaml";
	char *path = xasprintf("%s/values.yaml", dir);
	struct stat st;
	if (stat(path, &st) < 0) {
		add(l, LINT_INFO, f, "file does not exist");
		free(path);
		return;
	}
	struct strbuf buf = STRBUF_INIT, sch = STRBUF_INIT, msg = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	json_t *vals = NULL;
	if (file_read(path, &buf, &err) < 0 || !(vals = chart_read_values(buf.buf, buf.len, &err))) {
		add(l, LINT_ERROR, f, "unable to parse YAML: %s", err.msg.buf);
		goto out;
	}
	char *sp = xasprintf("%s/values.schema.json", dir);
	int have = file_read(sp, &sch, &err) == 0 && sch.len;
	kc_err_release(&err);
	free(sp);
	if (!have)
		goto out;
	json_t *co = overrides ? json_deep_copy(overrides) : json_object();
	chart_coalesce_tables(NULL, co, vals, "", 0);
	char *name = NULL;
	{
		/* the chart's name for the report header (stripped again) */
		name = xstrdup("values");
	}
	if (validate_single_schema(name, sch.buf, sch.len, co, &msg) < 0)
		add(l, LINT_ERROR, f, "%s", msg.buf);
	free(name);
	json_decref(co);
out:
	json_decref(vals);
	free(path);
	strbuf_release(&buf);
	strbuf_release(&sch);
	strbuf_release(&msg);
	kc_err_release(&err);
}

/* apimachinery validation messages */
#define DNS1123_SUBDOMAIN_MSG                                                                         \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define DNS1123_LABEL_MSG                                                                             \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
#define DNS1035_LABEL_MSG                                                                             \
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

static int label_ok(const char *s, size_t n, int alpha_first)
{
	if (!n)
		return 0;
	if (alpha_first ? !(s[0] >= 'a' && s[0] <= 'z') : !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return s[n - 1] != '-';
}

static int subdomain_ok(const char *s)
{
	const char *p = s;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (!label_ok(p, n, 0))
			return 0;
		if (!dot)
			return 1;
		p = dot + 1;
	}
}

static void name_errors(const char *kind, const char *name, struct strvec *errs)
{
	char k[64];
	size_t i;
	for (i = 0; kind[i] && i < sizeof(k) - 1; i++)
		k[i] = (char)tolower((unsigned char)kind[i]);
	k[i] = 0;
	size_t n = strlen(name);
	if (!strcmp(k, "service")) {
		if (n > 63)
			strvec_push(errs, "must be no more than 63 characters");
		if (!label_ok(name, n, 1))
			strvec_push(errs, DNS1035_LABEL_MSG);
	} else if (!strcmp(k, "namespace")) {
		if (n > 63)
			strvec_push(errs, "must be no more than 63 characters");
		if (!label_ok(name, n, 0))
			strvec_push(errs, DNS1123_LABEL_MSG);
	} else if (!strcmp(k, "certificatesigningrequest")) {
		return;
	} else if (!strcmp(k, "role") || !strcmp(k, "clusterrole") || !strcmp(k, "rolebinding") ||
		   !strcmp(k, "clusterrolebinding")) {
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			strvec_pushf(errs, "may not be '%s'", name);
		if (strchr(name, '/'))
			strvec_push(errs, "may not contain '/'");
		if (strchr(name, '%'))
			strvec_push(errs, "may not contain '%'");
	} else {
		if (n > 253)
			strvec_push(errs, "must be no more than 253 characters");
		if (!subdomain_ok(name))
			strvec_push(errs, DNS1123_SUBDOMAIN_MSG);
	}
}

static void check_doc(struct chart_lint *l, const char *fpath, json_t *doc, const char *rendered,
		      int kmajor, int kminor)
{
	const char *api = json_string_value(json_object_get(doc, "apiVersion"));
	const char *kind = NULL;
	json_t *md = NULL;
	const char *k;
	json_t *v;
	/* encoding/json matches field names case-insensitively */
	json_object_foreach(doc, k, v) {
		if (!strcasecmp(k, "kind") && json_is_string(v))
			kind = json_string_value(v);
		if (!strcasecmp(k, "metadata") && json_is_object(v))
			md = v;
	}
	const char *name = "";
	json_object_foreach(md, k, v) {
		if (!strcasecmp(k, "name") && json_is_string(v))
			name = json_string_value(v);
	}
	api = api ? api : "";
	kind = kind ? kind : "";
	struct strvec errs = STRVEC_INIT;
	name_errors(kind, name, &errs);
	if (errs.nr) {
		struct strbuf q = STRBUF_INIT, m = STRBUF_INIT;
		go_quote(&q, name, strlen(name));
		if (errs.nr > 1)
			strbuf_addch(&m, '[');
		for (size_t i = 0; i < errs.nr; i++)
			strbuf_addf(&m, "%smetadata.name: Invalid value: %s: %s", i ? ", " : "", q.buf, errs.v[i]);
		if (errs.nr > 1)
			strbuf_addch(&m, ']');
		add(l, LINT_WARNING, fpath, "object name does not conform to Kubernetes naming requirements: %s: %s",
		    q.buf, m.buf);
		strbuf_release(&q);
		strbuf_release(&m);
	}
	strvec_clear(&errs);
	if (*api && *kind)
		for (size_t i = 0; i < sizeof(deprecations) / sizeof(deprecations[0]); i++) {
			const struct deprecation *d = &deprecations[i];
			if (strcmp(d->api_version, api) || strcmp(d->kind, kind))
				continue;
			if (!d->dep_major && !d->dep_minor)
				break;
			if (d->dep_major > kmajor || (d->dep_major == kmajor && d->dep_minor > kminor))
				break;
			struct strbuf m = STRBUF_INIT;
			strbuf_addf(&m, "%s %s is deprecated in v%d.%d+", api, kind, d->dep_major, d->dep_minor);
			if (d->rem_major || d->rem_minor)
				strbuf_addf(&m, ", unavailable in v%d.%d+", d->rem_major, d->rem_minor);
			if (*d->rep_kind)
				strbuf_addf(&m, "; use %s %s", d->rep_gv, d->rep_kind);
			add(l, LINT_WARNING, fpath, "%s", m.buf);
			strbuf_release(&m);
			break;
		}
	if (!strcmp(kind, "Deployment") || !strcmp(kind, "ReplicaSet") || !strcmp(kind, "DaemonSet") ||
	    !strcmp(kind, "StatefulSet")) {
		if (!strstr(rendered, "matchLabels") && !strstr(rendered, "matchExpressions")) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, name, strlen(name));
			add(l, LINT_ERROR, fpath, "a %s must contain matchLabels or matchExpressions, and %s does not",
			    kind, q.buf);
			strbuf_release(&q);
		}
	}
	if (!strcmp(kind, "List")) {
		json_t *items = json_object_get(doc, "items");
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) {
			json_t *ann = json_object_get(json_object_get(it, "metadata"), "annotations");
			if (json_object_get(ann, "helm.sh/resource-policy")) {
				add(l, LINT_ERROR, fpath, "Annotation 'helm.sh/resource-policy' within List objects are ignored");
				break;
			}
		}
	}
}

/* k8s.io/apimachinery's YAMLReader: documents split at "---" lines */
static void split_docs(const char *s, struct strvec *docs)
{
	struct strbuf cur = STRBUF_INIT;
	const char *p = s;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (starts_with(p, "---")) {
			const char *r = p + 3;
			while (r < p + n && isspace((unsigned char)*r))
				r++;
			if (r == p + n || *r == '#') {
				if (cur.len)
					strvec_push(docs, cur.buf);
				strbuf_reset(&cur);
				p += n;
				continue;
			}
		}
		strbuf_add(&cur, p, n);
		p += n;
	}
	if (cur.len)
		strvec_push(docs, cur.buf);
	strbuf_release(&cur);
}

static void rules_templates(struct chart_lint *l, const char *dir, const struct chart_lint_opts *o)
{
	const char *fpath = "templates/";
	char *tp = xasprintf("%s/templates", dir);
	struct stat st;
	int bad = stat(tp, &st) == 0 && !S_ISDIR(st.st_mode);
	free(tp);
	if (bad) {
		add(l, LINT_WARNING, fpath, "not a directory");
		return;
	}
	struct kc_err err = KC_ERR_INIT;
	struct chart *c = chart_load(dir, NULL, &err);
	json_t *vals = NULL, *cvals = NULL, *top = NULL;
	struct chart_files rendered = { 0 };
	struct helm_render hr = { 0 };
	if (!c) {
		add(l, LINT_ERROR, fpath, "%s", err.msg.buf);
		goto out;
	}
	vals = o->values ? json_deep_copy(o->values) : json_object();
	if (chart_process_dependencies(c, vals, 1, NULL, &err) < 0)
		goto out;
	json_t *cv1 = chart_coalesce_values(c, vals, 0, NULL, &err);
	if (!cv1)
		goto out;
	cvals = chart_coalesce_values(c, cv1, 0, NULL, &err);
	json_decref(cv1);
	if (!cvals) {
		add(l, LINT_ERROR, fpath, "%s", err.msg.buf);
		goto out;
	}
	if (!o->skip_schema_validation) {
		struct strbuf sv = STRBUF_INIT;
		if (chart_validate_schemas(c, cvals, &sv) < 0) {
			add(l, LINT_ERROR, fpath,
			    "values don't meet the specifications of the schema(s) in the following chart(s):\n%s", sv.buf);
			strbuf_release(&sv);
			goto out;
		}
		strbuf_release(&sv);
	}
	struct chart_kube_version kv;
	if (o->kube_version)
		kv = *o->kube_version;
	else
		chart_kube_version_default(&kv);
	struct strvec none = STRVEC_INIT;
	top = json_object();
	json_object_set_new(top, "Chart", chart_meta_gofields(c->meta, 1));
	json_object_set_new(top, "Capabilities", chart_capabilities_json(&kv, &none));
	json_t *rel = chart_release_json("test-release", o->namespace ? o->namespace : "default", 0, 0);
	json_object_set_new(rel, "IsInstall", json_false());
	json_object_set_new(top, "Release", rel);
	json_object_set(top, "Values", cvals);
	hr.lint_mode = 1;
	if (helm_render_chart(c, top, &hr, &rendered, &err) < 0) {
		add(l, LINT_ERROR, fpath, "%s", err.msg.buf);
		goto out;
	}
	int kmajor = atoi(kv.major), kminor = atoi(kv.minor);
	for (size_t i = 0; i < c->templates.nr; i++) {
		const struct chart_file *t = &c->templates.v[i];
		const char *fn = t->name;
		const char *slash = strrchr(fn, '/');
		const char *dot = strrchr(slash ? slash : fn, '.');
		const char *ext = dot ? dot : "";
		if (strcmp(ext, ".yaml") && strcmp(ext, ".yml") && strcmp(ext, ".tpl") && strcmp(ext, ".txt"))
			add(l, LINT_ERROR, fn, "file extension '%s' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt",
			    ext);
		char *data = xstrndup(t->data, t->len);
		/* crdHookSearch: "?helm\.sh/hook"?:\s+crd-install */
		const char *h = data;
		while ((h = strstr(h, "helm.sh/hook"))) {
			const char *q = h + 12;
			if (*q == '"')
				q++;
			if (*q == ':' && isspace((unsigned char)q[1])) {
				q++;
				while (isspace((unsigned char)*q))
					q++;
				if (starts_with(q, "crd-install")) {
					add(l, LINT_WARNING, fn, "manifest is a crd-install hook. This hook is no longer supported in v3 and all CRDs should also exist the crds/ directory at the top level of the chart");
					break;
				}
			}
			h += 12;
		}
		if (strstr(data, ".Release.Time"))
			add(l, LINT_ERROR, fn, ".Release.Time has been removed in v3, please replace with the `now` function in your templates");
		free(data);
		if (strcmp(ext, ".yaml"))
			continue;
		char *key = xasprintf("%s/%s", c->meta->name, fn);
		const char *out = NULL;
		for (size_t k = 0; k < rendered.nr; k++)
			if (!strcmp(rendered.v[k].name, key)) {
				out = rendered.v[k].data;
				break;
			}
		free(key);
		if (!out)
			continue;
		const char *s = out;
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			continue;
		/* validateTopIndentLevel */
		const char *line = out;
		while (*line) {
			const char *nl = strchr(line, '\n');
			size_t n = nl ? (size_t)(nl - line) : strlen(line);
			size_t k = 0;
			while (k < n && isspace((unsigned char)line[k]))
				k++;
			if (k == n) {
				if (!nl)
					break;
				line = nl + 1;
				continue;
			}
			if (line[0] == ' ' || line[0] == '\t') {
				size_t ln = n;
				if (ln && line[ln - 1] == '\r')
					ln--;
				struct strbuf q = STRBUF_INIT;
				go_quote(&q, line, ln);
				add(l, LINT_WARNING, fn, "document starts with an illegal indent: %s, which may cause parsing problems",
				    q.buf);
				strbuf_release(&q);
			}
			break;
		}
		struct strvec docs = STRVEC_INIT;
		split_docs(out, &docs);
		int stop = 0;
		for (size_t d = 0; d < docs.nr && !stop; d++) {
			struct kc_err e = KC_ERR_INIT;
			json_t *doc = chart_yaml_doc(docs.v[d], strlen(docs.v[d]), &e);
			if (!doc) {
				add(l, LINT_ERROR, fn, "unable to parse YAML: %s", e.msg.buf);
				stop = 1;
			} else if (!json_is_object(doc) && !json_is_null(doc)) {
				add(l, LINT_ERROR, fn,
				    "unable to parse YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type rules.K8sYamlStruct",
				    json_is_string(doc) ? "string" : json_is_array(doc) ? "array" : json_is_boolean(doc) ? "bool" : "number");
				stop = 1;
			} else if (json_is_object(doc)) {
				check_doc(l, fn, doc, out, kmajor, kminor);
			}
			json_decref(doc);
			kc_err_release(&e);
		}
		strvec_clear(&docs);
		if (stop)
			goto out;
	}
out:
	chart_files_release(&rendered);
	helm_render_release(&hr);
	json_decref(top);
	json_decref(cvals);
	json_decref(vals);
	chart_free(c);
	kc_err_release(&err);
}

static void rules_dependencies(struct chart_lint *l, const char *dir)
{
	struct kc_err err = KC_ERR_INIT;
	struct chart *c = chart_load(dir, NULL, &err);
	if (!c) {
		add(l, LINT_ERROR, "", "unable to load chart\n\t%s", err.msg.buf);
		kc_err_release(&err);
		return;
	}
	struct strbuf miss = STRBUF_INIT;
	for (size_t i = 0; i < c->ndeps; i++) {
		int found = 0;
		for (size_t k = 0; k < c->meta->ndeps; k++)
			if (c->meta->deps[k] && !strcmp(c->meta->deps[k]->name, c->deps[i]->meta->name))
				found = 1;
		if (!found)
			strbuf_addf(&miss, "%s%s", miss.len ? "," : "", c->deps[i]->meta->name);
	}
	if (miss.len)
		add(l, LINT_ERROR, dir, "chart metadata is missing these dependencies: %s", miss.buf);
	strbuf_reset(&miss);
	struct strvec seen = STRVEC_INIT;
	for (size_t k = 0; k < c->meta->ndeps; k++) {
		const struct chart_dep *d = c->meta->deps[k];
		if (!d)
			continue;
		const char *key = *d->alias ? d->alias : d->name;
		if (strvec_contains(&seen, key))
			strbuf_addf(&miss, "%s%s", miss.len ? "," : "", key);
		strvec_push(&seen, key);
	}
	if (miss.len)
		add(l, LINT_ERROR, dir, "multiple dependencies with name or alias: %s", miss.buf);
	strbuf_reset(&miss);
	for (size_t k = 0; k < c->meta->ndeps; k++) {
		const struct chart_dep *d = c->meta->deps[k];
		if (!d)
			continue;
		int found = 0;
		for (size_t i = 0; i < c->ndeps; i++)
			if (!strcmp(c->deps[i]->meta->name, d->name))
				found = 1;
		if (!found)
			strbuf_addf(&miss, "%s%s", miss.len ? "," : "", d->name);
	}
	if (miss.len)
		add(l, LINT_WARNING, dir, "chart directory is missing these dependencies: %s", miss.buf);
	strvec_clear(&seen);
	strbuf_release(&miss);
	chart_free(c);
}

/* chartutil.Expand of a .tgz into dir; returns the chart's top folder */
static char *expand(const char *tgz, const char *dir, struct kc_err *err)
{
	struct strbuf raw = STRBUF_INIT, tar = STRBUF_INIT;
	char *top = NULL;
	if (file_read(tgz, &raw, err) < 0) {
		kc_err_prefix(err, "unable to open tarball: ");
		goto out;
	}
	if (gzip_decompress(raw.buf, raw.len, &tar, (size_t)1 << 30, NULL, err) < 0) {
		kc_err_prefix(err, "unable to extract tarball: ");
		goto out;
	}
	struct tar_reader r;
	struct tar_entry e;
	memset(&e, 0, sizeof(e));
	tar_reader_init(&r, tar.buf, tar.len);
	int rc;
	while ((rc = tar_next(&r, &e, err)) == 1) {
		if (strstr(e.name, "..") || e.name[0] == '/')
			continue;
		char *p = xasprintf("%s/%s", dir, e.name);
		if (e.type == TAR_DIR) {
			mkdir_p(p, 0755);
		} else if (e.type == TAR_REG) {
			char *sl = strrchr(p, '/');
			*sl = 0;
			mkdir_p(p, 0755);
			*sl = '/';
			FILE *f = fopen(p, "w");
			if (f) {
				fwrite(e.data, 1, e.avail, f);
				fclose(f);
			}
			if (!top) {
				const char *s = strchr(e.name, '/');
				top = s ? xstrndup(e.name, (size_t)(s - e.name)) : NULL;
			}
		}
		free(p);
	}
	tar_entry_release(&e);
	if (rc < 0) {
		kc_err_prefix(err, "unable to extract tarball: ");
		free(top);
		top = NULL;
	} else if (!top) {
		kc_err_set(err, "unable to extract tarball: no chart in archive");
	}
out:
	strbuf_release(&raw);
	strbuf_release(&tar);
	return top;
}

static void remove_tree(const char *path)
{
	char *cmd_path = xstrdup(path);
	struct stat st;
	if (lstat(cmd_path, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct strvec names = STRVEC_INIT;
		DIR *d = opendir(cmd_path);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				strvec_push(&names, de->d_name);
		if (d)
			closedir(d);
		for (size_t i = 0; i < names.nr; i++) {
			char *p = xasprintf("%s/%s", cmd_path, names.v[i]);
			remove_tree(p);
			free(p);
		}
		strvec_clear(&names);
		rmdir(cmd_path);
	} else {
		unlink(cmd_path);
	}
	free(cmd_path);
}

int chart_lint_path(const char *path, const struct chart_lint_opts *o, struct chart_lint *out,
		    struct kc_err *err)
{
	char *tmp = NULL, *dir;
	if (ends_with(path, ".tgz") || ends_with(path, ".tar.gz")) {
		char t[] = "/tmp/helm-lintXXXXXX";
		if (!mkdtemp(t))
			return kc_err_set(err, "unable to create temp dir to extract tarball: %s", go_errno_str(errno));
		tmp = xstrdup(t);
		char *top = expand(path, tmp, err);
		if (!top) {
			remove_tree(tmp);
			free(tmp);
			return -1;
		}
		dir = xasprintf("%s/%s", tmp, top);
		free(top);
	} else {
		dir = xstrdup(path);
	}
	char *cy = xasprintf("%s/Chart.yaml", dir);
	struct stat st;
	int ret = 0;
	if (stat(cy, &st) < 0) {
		ret = kc_err_set(err, "unable to check Chart.yaml file in chart: stat %s: %s", cy, go_errno_str(errno));
	} else {
		char *abs = path_abs(dir);
		rules_chartfile(out, abs);
		rules_values(out, abs, o->values);
		rules_templates(out, abs, o);
		rules_dependencies(out, abs);
		free(abs);
	}
	free(cy);
	free(dir);
	if (tmp) {
		remove_tree(tmp);
		free(tmp);
	}
	return ret;
}
