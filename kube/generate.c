/* kube/generate: kubectl's generators (see generate.h). Key order = Go struct
 * field order; map-typed fields (labels, data, selector) sorted as Go marshals maps. */
#include "kube/generate.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/base64.h"
#include "util/file.h"
#include "util/strbuf.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of o with its keys in sorted order (Go map encoding). Steals o. */
static json_t *sorted_obj(json_t *o)
{
	size_t n = json_object_size(o), i = 0;
	const char **keys = xcalloc(n ? n : 1, sizeof(*keys));
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	json_t *out = json_object();
	for (i = 0; i < n; i++)
		json_object_set(out, keys[i], json_object_get(o, keys[i]));
	free(keys);
	json_decref(o);
	return out;
}

json_t *gen_meta(const char *name, const char *ns, json_t *labels)
{
	json_t *m = json_object();
	json_object_set_new(m, "name", json_string(name));
	if (ns && *ns)
		json_object_set_new(m, "namespace", json_string(ns));
	json_object_set_new(m, "creationTimestamp", json_null());
	if (labels)
		json_object_set_new(m, "labels", sorted_obj(labels));
	return m;
}

static json_t *head(const char *kind, const char *api_version, json_t *meta)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(kind));
	json_object_set_new(o, "apiVersion", json_string(api_version));
	json_object_set_new(o, "metadata", meta);
	return o;
}

static json_t *strs(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

char *gen_container_name(const char *image)
{
	const char *slash = strrchr(image, '/');
	char *name = xstrdup(slash ? slash + 1 : image);
	char *p;
	if ((p = strchr(name, ':')))
		*p = 0;
	if ((p = strchr(name, '@')))
		*p = 0;
	/* kubectl adds a random suffix when it had to replace '_' or '.' */
	int changed = 0;
	for (p = name; *p; p++)
		if (*p == '_' || *p == '.') {
			*p = '-';
			changed = 1;
		}
	if (changed) {
		static const char alnum[] = "bcdfghjklmnpqrstvwxz2456789";
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s-", name);
		for (int i = 0; i < 5; i++)
			strbuf_addch(&sb, alnum[(unsigned)rand() % (sizeof(alnum) - 1)]);
		free(name);
		name = strbuf_detach(&sb, NULL);
	}
	return name;
}

json_t *gen_deployment(const char *name, const char *ns, const struct strvec *images,
		       long replicas, long port, const struct strvec *command)
{
	json_t *labels = json_pack("{s:s}", "app", name);
	json_t *o = head("Deployment", "apps/v1", gen_meta(name, ns, json_deep_copy(labels)));
	json_t *containers = json_array();
	for (size_t i = 0; i < images->nr; i++) {
		json_t *c = json_object();
		char *cn = gen_container_name(images->v[i]);
		json_object_set_new(c, "name", json_string(cn));
		free(cn);
		json_object_set_new(c, "image", json_string(images->v[i]));
		if (command && command->nr)
			json_object_set_new(c, "command", strs(command));
		if (i == 0 && port >= 0)
			json_object_set_new(c, "ports", json_pack("[{s:I}]", "containerPort", (json_int_t)port));
		json_object_set_new(c, "resources", json_object());
		json_array_append_new(containers, c);
	}
	json_t *tmpl = json_object();
	json_object_set_new(tmpl, "metadata",
			    json_pack("{s:n, s:o}", "creationTimestamp", "labels", json_deep_copy(labels)));
	json_object_set_new(tmpl, "spec", json_pack("{s:o}", "containers", containers));
	json_t *spec = json_object();
	json_object_set_new(spec, "replicas", json_integer(replicas));
	json_object_set_new(spec, "selector", json_pack("{s:o}", "matchLabels", labels));
	json_object_set_new(spec, "template", tmpl);
	json_object_set_new(spec, "strategy", json_object());
	json_object_set_new(o, "spec", spec);
	json_object_set_new(o, "status", json_object());
	return o;
}

json_t *gen_namespace(const char *name)
{
	json_t *o = head("Namespace", "v1", gen_meta(name, NULL, NULL));
	json_object_set_new(o, "spec", json_object());
	json_object_set_new(o, "status", json_object());
	return o;
}

json_t *gen_serviceaccount(const char *name, const char *ns)
{
	return head("ServiceAccount", "v1", gen_meta(name, ns, NULL));
}

/* ---------------------------------------------------------------- data sources */

static int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t j = 1; j < len; j++) {
			if (((unsigned char)s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* IsConfigMapKey: [-._a-zA-Z0-9]+, at most 253, not "." / "..", not starting "..". */
static int valid_key(const char *k)
{
	size_t n = strlen(k);
	if (!n || n > 253 || !strcmp(k, ".") || !strcmp(k, "..") || starts_with(k, ".."))
		return 0;
	for (const char *p = k; *p; p++)
		if (!(*p == '-' || *p == '.' || *p == '_' || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

struct sink {
	const char *kind;   /* "ConfigMap" / "Secret" */
	const char *name;
	int secret;
	json_t *data, *binary;
};

static int sink_add(struct sink *s, const char *key, const char *val, size_t len, struct kc_err *err)
{
	if (!valid_key(key)) {
		if (s->secret)
			return kc_err_set(err, "\"%s\" is not valid key name for a Secret a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", key);
		return kc_err_set(err, "\"%s\" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", key);
	}
	if (json_object_get(s->data, key) || (s->binary && json_object_get(s->binary, key)))
		return s->secret ?
			kc_err_set(err, "cannot add key %s, another key by that name already exists", key) :
			kc_err_set(err, "cannot add key \"%s\", another key by that name already exists in Data for ConfigMap \"%s\"",
				   key, s->name);
	if (s->secret) {
		struct strbuf b = STRBUF_INIT;
		base64_encode(&b, val, len);
		json_object_set_new(s->data, key, json_string(b.buf));
		strbuf_release(&b);
	} else if (utf8_valid(val, len)) {
		json_object_set_new(s->data, key, json_stringn(val, len));
	} else {
		struct strbuf b = STRBUF_INIT;
		base64_encode(&b, val, len);
		json_object_set_new(s->binary, key, json_string(b.buf));
		strbuf_release(&b);
	}
	return 0;
}

static int add_file(struct sink *s, const char *key, const char *path, struct kc_err *err)
{
	struct strbuf buf = STRBUF_INIT;
	if (file_read(path, &buf, err) < 0) {
		strbuf_release(&buf);
		return -1;
	}
	int rc = sink_add(s, key, buf.buf, buf.len, err);
	strbuf_release(&buf);
	return rc;
}

static int add_from_file(struct sink *s, const char *spec, struct kc_err *err)
{
	const char *eq = strchr(spec, '=');
	char *key = NULL;
	const char *path = spec;
	if (eq) {
		if (eq == spec)
			return kc_err_set(err, "key name for file path %s missing", eq + 1);
		if (!eq[1])
			return kc_err_set(err, "file path for key name %.*s missing", (int)(eq - spec), spec);
		if (strchr(eq + 1, '='))
			return kc_err_set(err, "key names or file paths cannot contain '='");
		key = xstrndup(spec, (size_t)(eq - spec));
		path = eq + 1;
	}
	struct stat st;
	if (stat(path, &st) < 0) {
		free(key);
		return kc_err_set(err, "error reading %s: %s", path, go_errno_str(errno));
	}
	int rc = 0;
	if (S_ISDIR(st.st_mode)) {
		if (key) {
			free(key);
			return kc_err_set(err, "cannot give a key name for a directory path");
		}
		struct dirent **ents = NULL;
		int n = scandir(path, &ents, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			char *p = path_join(path, ents[i]->d_name);
			struct stat est;
			if (!rc && stat(p, &est) == 0 && S_ISREG(est.st_mode) && valid_key(ents[i]->d_name))
				rc = add_file(s, ents[i]->d_name, p, err);
			free(p);
			free(ents[i]);
		}
		free(ents);
		return rc;
	}
	if (!key)
		key = path_basename(path);
	rc = add_file(s, key, path, err);
	free(key);
	return rc;
}

static int valid_env_name(const char *k)
{
	if (!*k || (*k >= '0' && *k <= '9'))
		return 0;
	for (const char *p = k; *p; p++)
		if (!(*p == '-' || *p == '.' || *p == '_' || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

static int add_env_file(struct sink *s, const char *path, struct kc_err *err)
{
	struct strbuf buf = STRBUF_INIT;
	if (file_read(path, &buf, err) < 0) {
		strbuf_release(&buf);
		return -1;
	}
	int rc = 0, lineno = 0;
	char *p = buf.buf;
	if (starts_with(p, "\xef\xbb\xbf"))
		p += 3;
	while (*p && !rc) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		lineno++;
		char *line = p;
		p = nl ? nl + 1 : p + strlen(p);
		while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\v' || *line == '\f')
			line++;
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = 0;
		if (!*line || *line == '#')
			continue;
		char *eq = strchr(line, '=');
		if (eq)
			*eq = 0;
		if (!valid_env_name(line)) {
			rc = kc_err_set(err, "\"%s\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')", line);
			break;
		}
		if (eq) {
			rc = sink_add(s, line, eq + 1, strlen(eq + 1), err);
		} else {
			const char *v = getenv(line); /* Go's os.Getenv: "" when unset */
			if (!v)
				v = "";
			rc = sink_add(s, line, v, strlen(v), err);
		}
	}
	strbuf_release(&buf);
	return rc;
}

static int fill(struct sink *s, const struct gen_sources *src, struct kc_err *err)
{
	for (size_t i = 0; src->files && i < src->files->nr; i++)
		if (add_from_file(s, src->files->v[i], err) < 0)
			return -1;
	for (size_t i = 0; src->literals && i < src->literals->nr; i++) {
		const char *l = src->literals->v[i];
		const char *eq = strchr(l, '=');
		if (!eq || eq == l)
			return kc_err_set(err, "invalid literal source %s, expected key=value", l);
		char *k = xstrndup(l, (size_t)(eq - l));
		int rc = sink_add(s, k, eq + 1, strlen(eq + 1), err);
		free(k);
		if (rc < 0)
			return -1;
	}
	for (size_t i = 0; src->env_files && i < src->env_files->nr; i++)
		if (add_env_file(s, src->env_files->v[i], err) < 0)
			return -1;
	return 0;
}

json_t *gen_configmap(const char *name, const char *ns, const struct gen_sources *src,
		      struct kc_err *err)
{
	struct sink s = { "ConfigMap", name, 0, json_object(), json_object() };
	if (fill(&s, src, err) < 0) {
		json_decref(s.data);
		json_decref(s.binary);
		return NULL;
	}
	json_t *o = head("ConfigMap", "v1", gen_meta(name, ns, NULL));
	if (json_object_size(s.data))
		json_object_set_new(o, "data", sorted_obj(s.data));
	else
		json_decref(s.data);
	if (json_object_size(s.binary))
		json_object_set_new(o, "binaryData", sorted_obj(s.binary));
	else
		json_decref(s.binary);
	return o;
}

json_t *gen_secret_generic(const char *name, const char *ns, const char *type,
			   const struct gen_sources *src, struct kc_err *err)
{
	struct sink s = { "Secret", name, 1, json_object(), NULL };
	if (fill(&s, src, err) < 0) {
		json_decref(s.data);
		return NULL;
	}
	json_t *o = head("Secret", "v1", gen_meta(name, ns, NULL));
	if (json_object_size(s.data))
		json_object_set_new(o, "data", sorted_obj(s.data));
	else
		json_decref(s.data);
	if (type && *type)
		json_object_set_new(o, "type", json_string(type));
	return o;
}

/* ---------------------------------------------------------------- services */

static int parse_i32(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < -2147483648L || v > 2147483647L)
		return -1;
	*out = v;
	return 0;
}

json_t *gen_service(const char *type, const char *name, const char *ns, const struct strvec *tcp,
		    const char *cluster_ip, long node_port, const char *external_name,
		    struct kc_err *err)
{
	json_t *ports = json_array();
	for (size_t i = 0; tcp && i < tcp->nr; i++) {
		const char *spec = tcp->v[i];
		const char *colon = strchr(spec, ':');
		char *ps = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
		const char *ts = colon ? colon + 1 : spec;
		long port = 0, target;
		int bad = !*ps, range = 0;
		for (const char *c = ps; *c && !bad; c++) {
			if (*c < '0' || *c > '9')
				bad = 1;
			else if ((port = port * 10 + (*c - '0')) > 65535)
				range = 1;
		}
		if (bad || range) {
			kc_err_set(err, "strconv.ParseUint: parsing \"%s\": %s", ps,
				   bad ? "invalid syntax" : "value out of range");
			free(ps);
			json_decref(ports);
			return NULL;
		}
		int tnum = parse_i32(*ts == '+' ? ts + 1 : ts, &target) == 0 && ts[*ts == '+'] != '-' ? 1 :
			   parse_i32(ts, &target) == 0;
		if (colon && tnum && (target < 1 || target > 65535)) {
			kc_err_set(err, "must be between 1 and 65535, inclusive");
			free(ps);
			json_decref(ports);
			return NULL;
		}
		free(ps);
		json_t *p = json_object();
		char *pname = xstrdup(spec);
		for (char *c = pname; *c; c++)
			if (*c == ':')
				*c = '-';
		json_object_set_new(p, "name", json_string(pname));
		free(pname);
		json_object_set_new(p, "protocol", json_string("TCP"));
		json_object_set_new(p, "port", json_integer(port));
		if (tnum)
			json_object_set_new(p, "targetPort", json_integer(target));
		else
			json_object_set_new(p, "targetPort", json_string(ts));
		if (!strcmp(type, "NodePort") && node_port > 0)
			json_object_set_new(p, "nodePort", json_integer(node_port));
		json_array_append_new(ports, p);
	}
	json_t *labels = json_pack("{s:s}", "app", name);
	json_t *o = head("Service", "v1", gen_meta(name, ns, json_deep_copy(labels)));
	json_t *spec = json_object();
	if (json_array_size(ports))
		json_object_set_new(spec, "ports", ports);
	else
		json_decref(ports);
	json_object_set_new(spec, "selector", labels);
	if (cluster_ip && *cluster_ip)
		json_object_set_new(spec, "clusterIP", json_string(cluster_ip));
	json_object_set_new(spec, "type", json_string(type));
	if (external_name && *external_name)
		json_object_set_new(spec, "externalName", json_string(external_name));
	json_object_set_new(o, "spec", spec);
	json_object_set_new(o, "status", json_pack("{s:{}}", "loadBalancer"));
	return o;
}

/* ---------------------------------------------------------------- run */

json_t *gen_parse_labels(const char *spec, struct kc_err *err)
{
	json_t *o = json_object();
	struct strvec parts = STRVEC_INIT;
	strvec_split(&parts, spec, ',');
	for (size_t i = 0; i < parts.nr; i++) {
		const char *eq = strchr(parts.v[i], '=');
		if (!eq || strchr(eq + 1, '=')) {
			kc_err_set(err, "unexpected label spec: %s", parts.v[i]);
			json_decref(o);
			o = NULL;
			break;
		}
		char *k = xstrndup(parts.v[i], (size_t)(eq - parts.v[i]));
		json_object_set_new(o, k, json_string(eq + 1));
		free(k);
	}
	strvec_clear(&parts);
	return o;
}

json_t *gen_run_pod(const char *name, const char *ns, const char *image, const char *labels,
		    const struct strvec *env, long port, const char *restart,
		    const char *pull_policy, const char *service_account,
		    const struct strvec *args, int use_command, struct kc_err *err)
{
	json_t *lab;
	if (labels && *labels) {
		if (!(lab = gen_parse_labels(labels, err)))
			return NULL;
	} else {
		lab = json_pack("{s:s}", "run", name);
	}
	json_t *c = json_object();
	json_object_set_new(c, "name", json_string(name));
	json_object_set_new(c, "image", json_string(image));
	if (args && args->nr)
		json_object_set_new(c, use_command ? "command" : "args", strs(args));
	if (port >= 0)
		json_object_set_new(c, "ports", json_pack("[{s:I}]", "containerPort", (json_int_t)port));
	if (env && env->nr) {
		json_t *e = json_array();
		for (size_t i = 0; i < env->nr; i++) {
			const char *eq = strchr(env->v[i], '=');
			if (!eq || eq == env->v[i]) {
				kc_err_set(err, "invalid env: %s", env->v[i]);
				json_decref(e);
				json_decref(c);
				json_decref(lab);
				return NULL;
			}
			char *k = xstrndup(env->v[i], (size_t)(eq - env->v[i]));
			json_array_append_new(e, json_pack("{s:s, s:s}", "name", k, "value", eq + 1));
			free(k);
		}
		json_object_set_new(c, "env", e);
	}
	json_object_set_new(c, "resources", json_object());
	if (pull_policy && *pull_policy)
		json_object_set_new(c, "imagePullPolicy", json_string(pull_policy));
	json_t *spec = json_object();
	json_object_set_new(spec, "containers", json_pack("[o]", c));
	json_object_set_new(spec, "restartPolicy", json_string(restart && *restart ? restart : "Always"));
	json_object_set_new(spec, "dnsPolicy", json_string("ClusterFirst"));
	if (service_account && *service_account)
		json_object_set_new(spec, "serviceAccountName", json_string(service_account));
	json_t *o = head("Pod", "v1", gen_meta(name, ns, lab));
	json_object_set_new(o, "spec", spec);
	json_object_set_new(o, "status", json_object());
	return o;
}

/* ---------------------------------------------------------------- batch */

static json_t *job_template_spec(const char *name, const char *image, const char *restart,
				 const struct strvec *command)
{
	json_t *c = json_object();
	json_object_set_new(c, "name", json_string(name));
	json_object_set_new(c, "image", json_string(image));
	if (command && command->nr)
		json_object_set_new(c, "command", strs(command));
	json_object_set_new(c, "resources", json_object());
	json_t *pspec = json_object();
	json_object_set_new(pspec, "containers", json_pack("[o]", c));
	json_object_set_new(pspec, "restartPolicy", json_string(restart));
	json_t *tmpl = json_object();
	json_object_set_new(tmpl, "metadata", json_pack("{s:n}", "creationTimestamp"));
	json_object_set_new(tmpl, "spec", pspec);
	return json_pack("{s:o}", "template", tmpl);
}

json_t *gen_job(const char *name, const char *ns, const char *image, const struct strvec *command)
{
	json_t *o = head("Job", "batch/v1", gen_meta(name, ns, NULL));
	json_object_set_new(o, "spec", job_template_spec(name, image, "Never", command));
	json_object_set_new(o, "status", json_object());
	return o;
}

json_t *gen_cronjob(const char *name, const char *ns, const char *image, const char *schedule,
		    const char *restart, const struct strvec *command)
{
	json_t *o = head("CronJob", "batch/v1", gen_meta(name, ns, NULL));
	json_t *jt = json_object();
	json_object_set_new(jt, "metadata", gen_meta(name, ns, NULL));
	json_object_set_new(jt, "spec", job_template_spec(name, image,
							  restart && *restart ? restart : "OnFailure",
							  command));
	json_t *spec = json_object();
	json_object_set_new(spec, "schedule", json_string(schedule));
	json_object_set_new(spec, "jobTemplate", jt);
	json_object_set_new(o, "spec", spec);
	json_object_set_new(o, "status", json_object());
	return o;
}

/* ---------------------------------------------------------------- policy, scheduling, rbac */

static json_t *int_or_string(const char *s)
{
	long v;
	if (parse_i32(*s == '+' ? s + 1 : s, &v) == 0)
		return json_integer(v);
	return json_string(s);
}

json_t *gen_pdb(const char *name, const char *ns, const char *selector, const char *min_available,
		const char *max_unavailable, struct kc_err *err)
{
	json_t *labels = json_object();
	struct strvec parts = STRVEC_INIT;
	strvec_split(&parts, selector, ',');
	for (size_t i = 0; i < parts.nr; i++) {
		char *p = parts.v[i];
		char *eq = strstr(p, "==");
		size_t skip = 2;
		if (!eq) {
			eq = strchr(p, '=');
			skip = 1;
		}
		if (!eq || eq == p || strchr(p, '!') || strchr(p, ' ') || strchr(p, '(')) {
			kc_err_set(err, "kc: only equality-based --selector (key=value,…) is supported yet: %s", p);
			strvec_clear(&parts);
			json_decref(labels);
			return NULL;
		}
		*eq = 0;
		json_object_set_new(labels, p, json_string(eq + skip));
	}
	strvec_clear(&parts);
	json_t *o = head("PodDisruptionBudget", "policy/v1", gen_meta(name, ns, NULL));
	json_t *spec = json_object();
	if (min_available && *min_available)
		json_object_set_new(spec, "minAvailable", int_or_string(min_available));
	json_object_set_new(spec, "selector", json_pack("{s:o}", "matchLabels", sorted_obj(labels)));
	if (max_unavailable && *max_unavailable)
		json_object_set_new(spec, "maxUnavailable", int_or_string(max_unavailable));
	json_object_set_new(o, "spec", spec);
	json_object_set_new(o, "status", json_pack("{s:i, s:i, s:i, s:i}", "disruptionsAllowed", 0,
						   "currentHealthy", 0, "desiredHealthy", 0,
						   "expectedPods", 0));
	return o;
}

json_t *gen_priorityclass(const char *name, long value, int global_default,
			  const char *description, const char *preemption_policy)
{
	json_t *o = head("PriorityClass", "scheduling.k8s.io/v1", gen_meta(name, NULL, NULL));
	json_object_set_new(o, "value", json_integer(value));
	if (global_default)
		json_object_set_new(o, "globalDefault", json_true());
	if (description && *description)
		json_object_set_new(o, "description", json_string(description));
	json_object_set_new(o, "preemptionPolicy", json_string(preemption_policy));
	return o;
}

json_t *gen_rolebinding(const char *kind, const char *name, const char *ns, const char *role_kind,
			const char *role, const struct strvec *users, const struct strvec *groups,
			const struct strvec *sas, struct kc_err *err)
{
	static const char rbac[] = "rbac.authorization.k8s.io";
	json_t *subjects = json_array();
	for (size_t i = 0; users && i < users->nr; i++)
		json_array_append_new(subjects, json_pack("{s:s, s:s, s:s}", "kind", "User", "apiGroup", rbac,
							  "name", users->v[i]));
	for (size_t i = 0; groups && i < groups->nr; i++)
		json_array_append_new(subjects, json_pack("{s:s, s:s, s:s}", "kind", "Group", "apiGroup", rbac,
							  "name", groups->v[i]));
	for (size_t i = 0; sas && i < sas->nr; i++) {
		const char *colon = strchr(sas->v[i], ':');
		if (!colon || strchr(colon + 1, ':')) {
			kc_err_set(err, "serviceaccount must be <namespace>:<name>");
			json_decref(subjects);
			return NULL;
		}
		char *sns = xstrndup(sas->v[i], (size_t)(colon - sas->v[i]));
		json_array_append_new(subjects, json_pack("{s:s, s:s, s:s}", "kind", "ServiceAccount",
							  "name", colon + 1, "namespace", sns));
		free(sns);
	}
	json_t *o = head(kind, "rbac.authorization.k8s.io/v1", gen_meta(name, ns, NULL));
	if (json_array_size(subjects))
		json_object_set_new(o, "subjects", subjects);
	else
		json_decref(subjects);
	json_object_set_new(o, "roleRef", json_pack("{s:s, s:s, s:s}", "apiGroup", rbac, "kind", role_kind,
						    "name", role));
	return o;
}
