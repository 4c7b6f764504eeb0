/* Exec credential plugins, as client-go's plugin/pkg/client/auth/exec runs them.
 *
 * Caching: credentials are kept in this process, keyed by the plugin
 * configuration and cluster, until their expirationTimestamp (forever when the
 * plugin gives none), as client-go's in-memory cache does. kc has no on-disk
 * cache: each kc invocation runs the plugin at most once (plus once per 401). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kubeconfig/kubeconfig.h"
#include "util/file.h"
#include "util/json.h"
#include "util/yaml.h"

extern char **environ;

struct cache_entry {
	char *key;
	char *token;
	struct strbuf cert, key_pem;
	long long expiry;
	struct cache_entry *next;
};

static struct cache_entry *cache;

static void cache_free_all(void)
{
	while (cache) {
		struct cache_entry *n = cache->next;
		free(cache->key);
		free(cache->token);
		strbuf_release(&cache->cert);
		strbuf_release(&cache->key_pem);
		free(cache);
		cache = n;
	}
}

static char *cache_key(const struct kc_exec_config *e)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%s\n%s\n%d\n", e->api_version ? e->api_version : "",
		    e->command ? e->command : "", e->interactive_mode ? e->interactive_mode : "",
		    e->provide_cluster_info);
	for (size_t i = 0; i < e->args.nr; i++)
		strbuf_addf(&sb, "a:%s\n", e->args.v[i]);
	for (size_t i = 0; i < e->env.nr; i++)
		strbuf_addf(&sb, "e:%s\n", e->env.v[i]);
	if (e->cluster_info) {
		char *s = json_dumps(e->cluster_info, JSON_COMPACT | JSON_SORT_KEYS);
		strbuf_addstr(&sb, s ? s : "");
		free(s);
	}
	return strbuf_detach(&sb, NULL);
}

static const char *range_err;

/* RFC 3339 → Unix seconds; -1 if malformed, -2 if a field is out of range
 * (range_err says which) */
static long long parse_rfc3339(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
	range_err = tm.tm_mon < 1 || tm.tm_mon > 12 ? "month out of range" :
		    tm.tm_mday < 1 || tm.tm_mday > 31 ? "day out of range" :
		    tm.tm_hour > 23 ? "hour out of range" :
		    tm.tm_min > 59 ? "minute out of range" :
		    tm.tm_sec > 59 ? "second out of range" : NULL;
	if (range_err)
		return -2;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	const char *p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	long long off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int hh, mm;
		if (sscanf(p + 1, "%2d:%2d", &hh, &mm) != 2)
			return -1;
		off = (hh * 3600 + mm * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	return (long long)timegm(&tm) - off;
}

static int is_path_lookup_ok(const char *cmd)
{
	/* os/exec looks up bare names only; a path fails in fork/exec */
	if (strchr(cmd, '/'))
		return 1;
	const char *path = getenv("PATH");
	if (!path)
		return 0;
	struct strvec dirs = STRVEC_INIT;
	strvec_split(&dirs, path, ':');
	int ok = 0;
	for (size_t i = 0; i < dirs.nr && !ok; i++) {
		char *f = xasprintf("%s/%s", *dirs.v[i] ? dirs.v[i] : ".", cmd);
		ok = access(f, X_OK) == 0 && !dir_exists(f);
		free(f);
	}
	strvec_clear(&dirs);
	return ok;
}

static int run_plugin(const struct kc_exec_config *e, const char *cmd, int interactive,
		      struct strbuf *out, struct kc_err *err)
{
	/* environment: ours, then the configured env, then KUBERNETES_EXEC_INFO */
	json_t *spec = json_object();
	if (e->provide_cluster_info && e->cluster_info)
		json_object_set(spec, "cluster", e->cluster_info);
	json_object_set_new(spec, "interactive", json_boolean(interactive));
	json_t *cred = json_pack("{s:s, s:s, s:o}", "kind", "ExecCredential", "apiVersion",
				 e->api_version, "spec", spec);
	struct strbuf infob = STRBUF_INIT;
	json_emit(&infob, cred, JSON_OUT_COMPACT);
	char *info = strbuf_detach(&infob, NULL);
	json_decref(cred);
	/* os/exec keeps the last value of a duplicated variable: the configured
	 * env and KUBERNETES_EXEC_INFO replace inherited ones */
	struct strvec env = STRVEC_INIT;
	for (char **p = environ; p && *p; p++) {
		size_t klen = strcspn(*p, "=");
		int replaced = klen == strlen("KUBERNETES_EXEC_INFO") &&
			       !strncmp(*p, "KUBERNETES_EXEC_INFO", klen);
		for (size_t i = 0; i < e->env.nr && !replaced; i++)
			replaced = strcspn(e->env.v[i], "=") == klen && !strncmp(e->env.v[i], *p, klen);
		if (!replaced)
			strvec_push(&env, *p);
	}
	for (size_t i = 0; i < e->env.nr; i++)
		strvec_push(&env, e->env.v[i]);
	strvec_pushf(&env, "KUBERNETES_EXEC_INFO=%s", info);
	free(info);
	struct strvec argv = STRVEC_INIT;
	strvec_push(&argv, cmd);
	for (size_t i = 0; i < e->args.nr; i++)
		strvec_push(&argv, e->args.v[i]);

	int outp[2], errp[2];
	if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		strvec_clear(&env);
		strvec_clear(&argv);
		return kc_err_set(err, "exec: %s", go_errno_str(errno));
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(outp[0]);
		close(outp[1]);
		close(errp[0]);
		close(errp[1]);
		strvec_clear(&env);
		strvec_clear(&argv);
		return kc_err_set(err, "exec: fork/exec %s: %s", cmd, go_errno_str(errno));
	}
	if (pid == 0) {
		dup2(outp[1], 1);
		if (!interactive) {
			int devnull = open("/dev/null", O_RDONLY);
			if (devnull >= 0)
				dup2(devnull, 0);
		}
		signal(SIGPIPE, SIG_DFL);
		execvpe(cmd, argv.v, env.v);
		int code = errno;
		if (write(errp[1], &code, sizeof code) < 0)
			_exit(127);
		_exit(127);
	}
	close(outp[1]);
	close(errp[1]);
	strvec_clear(&env);
	strvec_clear(&argv);
	fd_read_all(outp[0], out, 64u << 20);
	close(outp[0]);
	int code = 0;
	ssize_t n = read(errp[0], &code, sizeof code);
	close(errp[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof code)
		return kc_err_set(err, "exec: fork/exec %s: %s", cmd, go_errno_str(code));
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return kc_err_set(err, "exec: executable %s failed with exit code %d", cmd, WEXITSTATUS(status));
	if (WIFSIGNALED(status))
		return kc_err_set(err, "exec: executable %s failed with exit code -1", cmd);
	return 0;
}

/* Go's time.Parse(RFC3339) error detail: `cannot parse "REST" as "ELEM"` at the
 * first layout element the value does not match. */
static void go_time_parse_error(const char *v, struct strbuf *why)
{
	static const char *const elems[] = { "2006", "-", "01", "-", "02", "T", "15", ":", "04", ":", "05", "Z07:00" };
	const char *p = v;
	for (size_t i = 0; i < sizeof elems / sizeof *elems; i++) {
		const char *e = elems[i];
		size_t n = strlen(e);
		int okk = 1;
		if (!strcmp(e, "Z07:00")) {
			if (*p == '.') /* fractional seconds */
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
			okk = *p == 'Z' || ((*p == '+' || *p == '-') && strlen(p) >= 6);
			n = *p == 'Z' ? 1 : 6;
		} else if (e[0] >= '0' && e[0] <= '9') {
			for (size_t j = 0; j < n; j++)
				if (p[j] < '0' || p[j] > '9')
					okk = 0;
		} else {
			okk = !strncmp(p, e, n);
		}
		if (!okk) {
			strbuf_addf(why, "cannot parse \"%s\" as \"%s\"", p, e);
			return;
		}
		p += n;
	}
	strbuf_addf(why, "extra text: \"%s\"", p);
}

static int status_type_error(json_t *st, struct kc_err *err)
{
	static const char *const fields[] = { "token", "clientCertificateData", "clientKeyData", "expirationTimestamp" };
	for (size_t i = 0; i < 4; i++) {
		json_t *v = json_object_get(st, fields[i]);
		if (!v || json_is_null(v) || json_is_string(v))
			continue;
		const char *kind = json_is_object(v) ? "object" : json_is_array(v) ? "array" :
				   json_is_boolean(v) ? "bool" : "number";
		return kc_err_set(err, "decoding stdout: json: cannot unmarshal %s into Go struct field ExecCredentialStatus.status.%s of type string",
				  kind, fields[i]);
	}
	return 0;
}

/* codecs.UniversalDecoder on the plugin's stdout (JSON or YAML) */
static int decode_exec_credential(const struct strbuf *out, const char *av, json_t **docp,
				  struct kc_err *err)
{
	static const char *const gostruct = "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";
	const char *p = out->buf;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	struct kc_err e2 = KC_ERR_INIT;
	json_t *doc;
	*docp = NULL;
	if (*p == '{' || *p == '[') {
		doc = json_parse(out->buf, out->len, &e2);
		if (!doc) {
			kc_err_set(err, "decoding stdout: couldn't get version/kind; json parse error: %s", e2.msg.buf);
			kc_err_release(&e2);
			return -1;
		}
	} else {
		doc = yaml_load(out->buf, out->len, NULL, &e2);
		if (!doc) {
			kc_err_set(err, "decoding stdout: %s", e2.msg.buf);
			kc_err_release(&e2);
			return -1;
		}
	}
	*docp = doc;
	if (!json_is_object(doc) && !json_is_null(doc)) {
		const char *kind = json_is_array(doc) ? "array" : json_is_string(doc) ? "string" :
				   json_is_boolean(doc) ? "bool" : "number";
		return kc_err_set(err, "decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal %s into Go value of type %s",
				  kind, gostruct);
	}
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	const char *rav = json_string_value(json_object_get(doc, "apiVersion"));
	if (!kind || !*kind)
		kind = "ExecCredential";
	if (!rav || !*rav)
		return kc_err_set(err, "exec plugin is configured to use API version %s, plugin returned version client.authentication.k8s.io/__internal",
				  av);
	if (strcmp(kind, "ExecCredential") ||
	    (strcmp(rav, "client.authentication.k8s.io/v1") && strcmp(rav, "client.authentication.k8s.io/v1beta1")))
		return kc_err_set(err, "decoding stdout: no kind \"%s\" is registered for version \"%s\" in scheme \"pkg/client/auth/exec/exec.go:62\"",
				  kind, rav);
	if (strcmp(rav, av))
		return kc_err_set(err, "exec plugin is configured to use API version %s, plugin returned version %s", av, rav);
	json_t *st = json_object_get(doc, "status");
	if (st && !json_is_null(st) && !json_is_object(st)) {
		const char *k = json_is_array(st) ? "array" : json_is_string(st) ? "string" :
				json_is_boolean(st) ? "bool" : "number";
		return kc_err_set(err, "decoding stdout: json: cannot unmarshal %s into Go struct field ExecCredential.status of type %s.ExecCredentialStatus",
				  k, strrchr(rav, '/') + 1);
	}
	if (!json_is_object(st))
		return kc_err_set(err, "exec plugin didn't return a status field");
	return status_type_error(st, err);
}

int kc_exec_credential(const struct kc_exec_config *e, int force, char **token, struct strbuf *cert,
		       struct strbuf *key, long long *expiry, struct kc_err *err)
{
	static int registered;
	*token = NULL;
	*expiry = 0;
	if (!registered) {
		atexit(cache_free_all);
		registered = 1;
	}
	const char *av = e->api_version ? e->api_version : "";
	if (strcmp(av, "client.authentication.k8s.io/v1") && strcmp(av, "client.authentication.k8s.io/v1beta1"))
		return kc_err_set(err, "exec plugin: invalid apiVersion \"%s\"", av);

	char *key_s = cache_key(e);
	struct cache_entry *c;
	for (c = cache; c; c = c->next)
		if (!strcmp(c->key, key_s))
			break;
	if (c && !force && (!c->expiry || (long long)time(NULL) <= c->expiry)) {
		free(key_s);
		*token = c->token ? xstrdup(c->token) : NULL;
		strbuf_addbuf(cert, &c->cert);
		strbuf_addbuf(key, &c->key_pem);
		*expiry = c->expiry;
		return 0;
	}

	int interactive = 0;
	const char *im = e->interactive_mode && *e->interactive_mode ? e->interactive_mode : "IfAvailable";
	if (!strcmp(im, "Never")) {
		interactive = 0;
	} else if (!strcmp(im, "IfAvailable")) {
		interactive = isatty(0);
	} else if (!strcmp(im, "Always")) {
		if (!isatty(0)) {
			free(key_s);
			return kc_err_set(err, "exec plugin cannot support interactive mode: standard input is not a terminal");
		}
		interactive = 1;
	} else {
		free(key_s);
		return kc_err_set(err, "exec plugin cannot support interactive mode: unknown interactiveMode: \"%s\"", im);
	}

	char *cmd = path_clean(e->command ? e->command : "");
	int ret = -1;
	struct strbuf out = STRBUF_INIT;
	json_t *doc = NULL;
	if (!is_path_lookup_ok(cmd)) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "exec: executable %s not found", cmd);
		strbuf_addstr(&sb, "\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\nTo learn more about this feature, consult the documentation available at:\n      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins");
		if (e->install_hint && *e->install_hint)
			strbuf_addf(&sb, "\n\n%s", e->install_hint);
		kc_err_set(err, "%s", sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	if (run_plugin(e, cmd, interactive, &out, err) < 0)
		goto out;
	if (decode_exec_credential(&out, av, &doc, err) < 0)
		goto out;
	json_t *st = json_object_get(doc, "status");
	const char *tok = json_string_value(json_object_get(st, "token"));
	const char *cd = json_string_value(json_object_get(st, "clientCertificateData"));
	const char *kd = json_string_value(json_object_get(st, "clientKeyData"));
	tok = tok ? tok : "";
	cd = cd ? cd : "";
	kd = kd ? kd : "";
	if (!*tok && !*cd && !*kd) {
		kc_err_set(err, "exec plugin didn't return a token or cert/key pair");
		goto out;
	}
	if (!*cd != !*kd) {
		kc_err_set(err, "exec plugin returned only certificate or key, not both");
		goto out;
	}
	long long exp = 0;
	const char *ts = json_string_value(json_object_get(st, "expirationTimestamp"));
	if (ts && *ts) {
		exp = parse_rfc3339(ts);
		if (exp == -2) {
			kc_err_set(err, "decoding stdout: parsing time \"%s\": %s", ts, range_err);
			goto out;
		}
		if (exp < 0) {
			struct strbuf why = STRBUF_INIT;
			go_time_parse_error(ts, &why);
			kc_err_set(err, "decoding stdout: parsing time \"%s\" as \"2006-01-02T15:04:05Z07:00\": %s", ts, why.buf);
			strbuf_release(&why);
			goto out;
		}
	}
	if (*cd && !strstr(cd, "-----BEGIN")) {
		kc_err_set(err, "failed parsing client key/certificate: tls: failed to find any PEM data in certificate input");
		goto out;
	}
	if (*kd && !strstr(kd, "-----BEGIN")) {
		kc_err_set(err, "failed parsing client key/certificate: tls: failed to find any PEM data in key input");
		goto out;
	}
	if (!c) {
		c = xcalloc(1, sizeof *c);
		c->key = key_s;
		key_s = NULL;
		strbuf_init(&c->cert, 0);
		strbuf_init(&c->key_pem, 0);
		c->next = cache;
		cache = c;
	}
	free(c->token);
	c->token = *tok ? xstrdup(tok) : NULL;
	strbuf_reset(&c->cert);
	strbuf_reset(&c->key_pem);
	strbuf_addstr(&c->cert, cd);
	strbuf_addstr(&c->key_pem, kd);
	c->expiry = exp;
	*token = c->token ? xstrdup(c->token) : NULL;
	strbuf_addbuf(cert, &c->cert);
	strbuf_addbuf(key, &c->key_pem);
	*expiry = exp;
	ret = 0;
out:
	json_decref(doc);
	strbuf_release(&out);
	free(cmd);
	free(key_s);
	return ret;
}
