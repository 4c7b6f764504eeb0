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

/* RFC 3339 → Unix seconds; -1 if malformed */
static long long parse_rfc3339(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	int n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &n) != 6)
		return -1;
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
	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
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
	struct strvec env = STRVEC_INIT;
	for (char **p = environ; p && *p; p++)
		strvec_push(&env, *p);
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
	struct kc_err e2 = KC_ERR_INIT;
	doc = yaml_load(out.buf, out.len, NULL, &e2);
	if (!doc || !json_is_object(doc)) {
		kc_err_set(err, "decoding stdout: %s", doc ? "couldn't get version/kind; json parse error: unexpected end of JSON input" : e2.msg.buf);
		kc_err_release(&e2);
		goto out;
	}
	kc_err_release(&e2);
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	const char *rav = json_string_value(json_object_get(doc, "apiVersion"));
	if (!kind || !*kind) {
		kc_err_set(err, "decoding stdout: Object 'Kind' is missing in '%.*s'", (int)out.len, out.buf);
		goto out;
	}
	if (!rav || (strcmp(rav, "client.authentication.k8s.io/v1") &&
		     strcmp(rav, "client.authentication.k8s.io/v1beta1"))) {
		kc_err_set(err, "decoding stdout: no kind \"%s\" is registered for version \"%s\" in scheme \"pkg/runtime/scheme.go:100\"",
			   kind, rav ? rav : "");
		goto out;
	}
	if (strcmp(rav, av)) {
		kc_err_set(err, "exec plugin is configured to use API version %s, plugin returned version %s", av, rav);
		goto out;
	}
	json_t *st = json_object_get(doc, "status");
	if (!json_is_object(st)) {
		kc_err_set(err, "exec plugin didn't return a status field");
		goto out;
	}
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
		if (exp < 0) {
			kc_err_set(err, "decoding stdout: parsing time \"%s\" as \"2006-01-02T15:04:05Z07:00\": cannot parse", ts);
			goto out;
		}
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
