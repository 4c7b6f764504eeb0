/* Resolution of a merged kubeconfig + command-line overrides into one REST config:
 * client-go's DirectClientConfig (getContext/getAuthInfo/getCluster, ConfirmUsable,
 * ClientConfig), DeferredLoadingClientConfig (in-cluster fallback) and
 * rest.InClusterConfig. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kubeconfig/kubeconfig.h"
#include "kubeconfig/schema.h"
#include "util/base64.h"
#include "util/file.h"

void kc_exec_config_free(struct kc_exec_config *e)
{
	if (!e)
		return;
	free(e->api_version);
	free(e->command);
	strvec_clear(&e->args);
	strvec_clear(&e->env);
	free(e->install_hint);
	free(e->interactive_mode);
	json_decref(e->cluster_info);
	free(e);
}

void kc_rest_config_free(struct kc_rest_config *rc)
{
	if (!rc)
		return;
	free(rc->host);
	free(rc->tls_server_name);
	strbuf_release(&rc->ca_pem);
	strbuf_release(&rc->cert_pem);
	strbuf_release(&rc->key_pem);
	free(rc->bearer_token);
	free(rc->token_file);
	free(rc->username);
	free(rc->password);
	free(rc->impersonate_user);
	free(rc->impersonate_uid);
	strvec_clear(&rc->impersonate_groups);
	free(rc->proxy_url);
	free(rc->namespace);
	kc_exec_config_free(rc->exec);
	free(rc->context_name);
	free(rc->cluster_name);
	free(rc->user_name);
	memset(rc, 0, sizeof *rc);
	strbuf_init(&rc->ca_pem, 0);
	strbuf_init(&rc->cert_pem, 0);
	strbuf_init(&rc->key_pem, 0);
	strvec_init(&rc->impersonate_groups);
}

static const char *sget(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void sset(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
}

static char *dupnull(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* ---- DirectClientConfig ----------------------------------------------------- */

struct direct {
	const struct kc_kubeconfig *kc;
	const struct kc_config_overrides *ov;
};

static const char *context_name(const struct direct *d, int *required)
{
	if (d->ov && d->ov->context && *d->ov->context) {
		*required = 1;
		return d->ov->context;
	}
	*required = 0;
	return d->kc->current_context;
}

/* merged context (new reference); NULL + err if a required one is missing */
static json_t *get_context(const struct direct *d, struct kc_err *err)
{
	int req;
	const char *name = context_name(d, &req);
	json_t *c = json_object_get(d->kc->contexts, name);
	json_t *m;
	if (c) {
		m = json_deep_copy(c);
	} else if (req) {
		kc_err_set(err, "context \"%s\" does not exist", name);
		return NULL;
	} else {
		m = json_object();
	}
	if (d->ov) {
		sset(m, "cluster", d->ov->cluster);
		sset(m, "user", d->ov->user);
		sset(m, "namespace", d->ov->namespace);
	}
	return m;
}

static const char *user_name(const struct direct *d, int *required, char **tmp)
{
	*tmp = NULL;
	if (d->ov && d->ov->user && *d->ov->user) {
		*required = 1;
		return d->ov->user;
	}
	*required = 0;
	json_t *c = get_context(d, NULL);
	*tmp = xstrdup(sget(c, "user"));
	json_decref(c);
	return *tmp;
}

static const char *cluster_name(const struct direct *d, int *required, char **tmp)
{
	*tmp = NULL;
	if (d->ov && d->ov->cluster && *d->ov->cluster) {
		*required = 1;
		return d->ov->cluster;
	}
	*required = 0;
	json_t *c = get_context(d, NULL);
	*tmp = xstrdup(sget(c, "cluster"));
	json_decref(c);
	return *tmp;
}

static json_t *get_user(const struct direct *d, struct kc_err *err)
{
	int req;
	char *tmp;
	const char *name = user_name(d, &req, &tmp);
	json_t *u = json_object_get(d->kc->users, name);
	json_t *m = NULL;
	if (u) {
		m = json_deep_copy(u);
	} else if (req) {
		kc_err_set(err, "auth info \"%s\" does not exist", name);
		free(tmp);
		return NULL;
	} else {
		m = json_object();
	}
	free(tmp);
	const struct kc_config_overrides *ov = d->ov;
	if (ov) {
		sset(m, "token", ov->token);
		sset(m, "username", ov->username);
		sset(m, "password", ov->password);
		sset(m, "as", ov->as);
		sset(m, "as-uid", ov->as_uid);
		if (ov->as_groups && ov->as_groups->nr) {
			json_t *a = json_array();
			for (size_t i = 0; i < ov->as_groups->nr; i++)
				json_array_append_new(a, json_string(ov->as_groups->v[i]));
			json_object_set_new(m, "as-groups", a);
		}
		if (ov->client_key && *ov->client_key) {
			json_object_set_new(m, "client-key", json_string(ov->client_key));
			json_object_del(m, "client-key-data");
		}
		if (ov->client_certificate && *ov->client_certificate) {
			json_object_set_new(m, "client-certificate", json_string(ov->client_certificate));
			json_object_del(m, "client-certificate-data");
		}
	}
	return m;
}

static const char *default_server(void)
{
	const char *s = getenv("KUBERNETES_MASTER");
	return s && *s ? s : "http://localhost:8080";
}

static json_t *get_cluster(const struct direct *d, struct kc_err *err)
{
	int req;
	char *tmp;
	const char *name = cluster_name(d, &req, &tmp);
	json_t *m = json_object();
	json_object_set_new(m, "server", json_string(default_server()));
	json_t *c = json_object_get(d->kc->clusters, name);
	if (c) {
		json_object_update(m, c);
	} else if (req) {
		kc_err_set(err, "cluster \"%s\" does not exist", name);
		free(tmp);
		json_decref(m);
		return NULL;
	}
	free(tmp);
	const struct kc_config_overrides *ov = d->ov;
	if (ov) {
		sset(m, "server", ov->server);
		sset(m, "certificate-authority", ov->certificate_authority);
		if (ov->insecure_skip_tls_verify > 0)
			json_object_set_new(m, "insecure-skip-tls-verify", json_true());
		if (ov->insecure_skip_tls_verify > 0 ||
		    (ov->certificate_authority && *ov->certificate_authority)) {
			if (ov->insecure_skip_tls_verify > 0)
				json_object_set_new(m, "insecure-skip-tls-verify", json_true());
			else
				json_object_del(m, "insecure-skip-tls-verify");
			if (ov->certificate_authority && *ov->certificate_authority)
				json_object_set_new(m, "certificate-authority", json_string(ov->certificate_authority));
			else
				json_object_del(m, "certificate-authority");
			json_object_del(m, "certificate-authority-data");
		}
		if ((ov->tls_server_name && *ov->tls_server_name) || (ov->server && *ov->server)) {
			if (ov->tls_server_name && *ov->tls_server_name)
				json_object_set_new(m, "tls-server-name", json_string(ov->tls_server_name));
			else
				json_object_del(m, "tls-server-name");
		}
		if (ov->disable_compression > 0)
			json_object_set_new(m, "disable-compression", json_true());
	}
	return m;
}

static void file_open_error(struct strvec *errs, const char *what, const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	if (f) {
		fclose(f);
		return;
	}
	strvec_pushf(errs, "unable to read %s %s for %s due to open %s: %s", what, path, name, path,
		     go_errno_str(errno));
}

static int parse_proxy_url(const char *u, struct strbuf *why)
{
	const char *colon = strstr(u, "://");
	if (!colon) {
		strbuf_addf(why, "unsupported scheme \"\", must be http, https, or socks5");
		return -1;
	}
	size_t n = (size_t)(colon - u);
	if (!((n == 4 && !strncasecmp(u, "http", 4)) || (n == 5 && !strncasecmp(u, "https", 5)) ||
	      (n == 6 && !strncasecmp(u, "socks5", 6)))) {
		strbuf_addf(why, "unsupported scheme \"%.*s\", must be http, https, or socks5", (int)n, u);
		return -1;
	}
	return 0;
}

static void validate_cluster(const char *name, json_t *c, struct strvec *errs)
{
	const char *server = sget(c, "server");
	if (!*server) {
		if (!*name)
			strvec_push(errs, "default cluster has no server defined");
		else
			strvec_pushf(errs, "no server found for cluster \"%s\"", name);
	}
	const char *proxy = sget(c, "proxy-url");
	struct strbuf why = STRBUF_INIT;
	if (*proxy && parse_proxy_url(proxy, &why) < 0)
		strvec_pushf(errs, "invalid 'proxy-url' \"%s\" for cluster \"%s\": %s", proxy, name, why.buf);
	strbuf_release(&why);
	const char *ca = sget(c, "certificate-authority");
	if (*ca && json_object_get(c, "certificate-authority-data"))
		strvec_pushf(errs, "certificate-authority-data and certificate-authority are both specified for %s. certificate-authority-data will override.", name);
	if (*ca)
		file_open_error(errs, "certificate-authority", ca, name);
}

static void validate_user(const char *name, json_t *u, struct strvec *errs)
{
	struct strvec methods = STRVEC_INIT;
	if (*sget(u, "token"))
		strvec_push(&methods, "token");
	if (*sget(u, "username") || *sget(u, "password"))
		strvec_push(&methods, "basicAuth");
	const char *cert = sget(u, "client-certificate"), *key = sget(u, "client-key");
	int certdata = json_object_get(u, "client-certificate-data") != NULL;
	int keydata = json_object_get(u, "client-key-data") != NULL;
	if (*cert || certdata) {
		if (*cert && certdata)
			strvec_pushf(errs, "client-cert-data and client-cert are both specified for %s. client-cert-data will override.", name);
		if (*key && keydata)
			strvec_pushf(errs, "client-key-data and client-key are both specified for %s; client-key-data will override", name);
		if (!*key && !keydata)
			strvec_pushf(errs, "client-key-data or client-key must be specified for %s to use the clientCert authentication method.", name);
		if (*cert)
			file_open_error(errs, "client-cert", cert, name);
		if (*key)
			file_open_error(errs, "client-key", key, name);
	}
	json_t *ex = json_object_get(u, "exec");
	if (ex) {
		if (json_object_get(u, "auth-provider"))
			strvec_pushf(errs, "authProvider cannot be provided in combination with an exec plugin for %s", name);
		if (!*sget(ex, "command"))
			strvec_pushf(errs, "command must be specified for %s to use exec authentication plugin", name);
		if (!*sget(ex, "apiVersion"))
			strvec_pushf(errs, "apiVersion must be specified for %s to use exec authentication plugin", name);
		size_t i;
		json_t *e;
		json_array_foreach(json_object_get(ex, "env"), i, e)
			if (!*sget(e, "name"))
				strvec_pushf(errs, "env variable name must be specified for %s to use exec authentication plugin", name);
		const char *im = sget(ex, "interactiveMode");
		if (!*im)
			strvec_pushf(errs, "interactiveMode must be specified for %s to use exec authentication plugin", name);
		else if (strcmp(im, "Never") && strcmp(im, "IfAvailable") && strcmp(im, "Always"))
			strvec_pushf(errs, "invalid interactiveMode for %s: \"%s\"", name, im);
	}
	if (methods.nr > 1)
		strvec_pushf(errs, "more than one authentication method found for %s; found [%s %s], only one is allowed",
			     name, methods.v[0], methods.v[1]);
	if ((*sget(u, "as-uid") || json_object_get(u, "as-groups") || json_object_get(u, "as-user-extra")) &&
	    !*sget(u, "as"))
		strvec_pushf(errs, "requesting uid, groups or user-extra for %s without impersonating a user", name);
	strvec_clear(&methods);
}

/* ConfirmUsable: collects kubectl's validation errors. */
static void confirm_usable(const struct direct *d, struct strvec *errs)
{
	int req;
	const char *cname = context_name(d, &req);
	if (*cname && !json_object_get(d->kc->contexts, cname))
		strvec_pushf(errs, "context was not found for specified context: %s", cname);
	char *tmp;
	const char *uname = user_name(d, &req, &tmp);
	json_t *u = get_user(d, NULL);
	if (!u)
		u = json_object();
	validate_user(uname, u, errs);
	json_decref(u);
	free(tmp);
	const char *clname = cluster_name(d, &req, &tmp);
	json_t *c = get_cluster(d, NULL);
	if (!c)
		c = json_object();
	validate_cluster(clname, c, errs);
	json_decref(c);
	free(tmp);
}

/* How kubectl frames them: a lone error is unwrapped and printed "error: X",
 * unless it is context-not-found (which kubectl still recognises as a
 * configuration error) or it came wrapped through the resource builder. */
static int usable_error(struct strvec *errs, int single_plain, struct kc_err *err)
{
	if (!errs->nr)
		return 0;
	if (errs->nr == 1 && single_plain &&
	    !starts_with(errs->v[0], "context was not found for specified context: ")) {
		kc_err_set(err, "%s", errs->v[0]);
	} else if (errs->nr == 1) {
		kc_err_raw(err, "Error in configuration: %s\n", errs->v[0]);
	} else {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "Error in configuration: \n");
		for (size_t i = 0; i < errs->nr; i++)
			strbuf_addf(&sb, "* %s\n", errs->v[i]);
		kc_err_raw(err, "%s", sb.buf);
		strbuf_release(&sb);
	}
	strvec_clear(errs);
	return -1;
}

static int read_pem(const char *file, const char *data, struct strbuf *out, struct kc_err *err)
{
	if (data && *data) {
		size_t at;
		if (base64_decode(out, data, strlen(data), &at) < 0)
			return kc_err_set(err, "illegal base64 data at input byte %zu", at);
		return 0;
	}
	if (file && *file)
		return file_read(file, out, err);
	return 0;
}

/* rest.Config Host: as url.ParseRequestURI cleans it; no trailing '/'. Returns
 * the scheme-qualified host; *https = 1 when the transport is TLS. */
static char *normalise_host(const char *host, int *https)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(host, "://");
	if (!p)
		strbuf_addstr(&sb, "http://");
	strbuf_addstr(&sb, host);
	*https = starts_with(sb.buf, "https://");
	/* drop query and fragment, and trailing slashes */
	char *q = strpbrk(sb.buf + 8 > sb.buf + sb.len ? sb.buf : sb.buf + 7, "?#");
	if (q)
		strbuf_setlen(&sb, (size_t)(q - sb.buf));
	while (sb.len > 8 && sb.buf[sb.len - 1] == '/')
		strbuf_setlen(&sb, sb.len - 1);
	return strbuf_detach(&sb, NULL);
}

static long long parse_timeout(const char *s, int *ok)
{
	/* ParseTimeout: "0" or "" = none; a bare integer is seconds; else a duration */
	*ok = 1;
	if (!s || !*s || !strcmp(s, "0"))
		return 0;
	char *end;
	long long n = strtoll(s, &end, 10);
	if (*end == '\0' && end != s)
		return n * 1000;
	double total = 0;
	const char *p = s;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!*p) {
		*ok = 0;
		return 0;
	}
	while (*p) {
		char *e;
		double v = strtod(p, &e);
		if (e == p) {
			*ok = 0;
			return 0;
		}
		p = e;
		double mult;
		if (starts_with(p, "ns")) mult = 1e-6, p += 2;
		else if (starts_with(p, "us")) mult = 1e-3, p += 2;
		else if (starts_with(p, "µs")) mult = 1e-3, p += strlen("µs");
		else if (starts_with(p, "ms")) mult = 1, p += 2;
		else if (*p == 's') mult = 1000, p++;
		else if (*p == 'm') mult = 60000, p++;
		else if (*p == 'h') mult = 3600000, p++;
		else {
			*ok = 0;
			return 0;
		}
		total += v * mult;
	}
	return (long long)(neg ? -total : total);
}

static void strip_ansi(const char *in, struct strbuf *out)
{
	/* cleanANSIEscapeCodes: control characters other than \t..\r become U+XXXX */
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if ((*p < 0x20 && !(*p >= 0x09 && *p <= 0x0d)) || *p == 0x7f)
			strbuf_addf(out, "U+%04X", *p);
		else
			strbuf_addch(out, *p);
	}
}

static int build_exec(json_t *ex, json_t *cluster, struct kc_rest_config *rc)
{
	struct kc_exec_config *e = xcalloc(1, sizeof *e);
	strvec_init(&e->args);
	strvec_init(&e->env);
	e->api_version = xstrdup(sget(ex, "apiVersion"));
	e->command = xstrdup(sget(ex, "command"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ex, "args"), i, v)
		strvec_push(&e->args, json_string_value(v));
	json_array_foreach(json_object_get(ex, "env"), i, v)
		strvec_pushf(&e->env, "%s=%s", sget(v, "name"), sget(v, "value"));
	struct strbuf hint = STRBUF_INIT;
	strip_ansi(sget(ex, "installHint"), &hint);
	e->install_hint = strbuf_detach(&hint, NULL);
	e->interactive_mode = xstrdup(sget(ex, "interactiveMode"));
	e->provide_cluster_info = json_is_true(json_object_get(ex, "provideClusterInfo"));
	/* clientauthentication Cluster, as client-go fills it from the rest.Config */
	json_t *ci = json_object();
	/* rest.Config.Host: the server as written (client-go only re-serialises
	 * URLs with a path, dropping query and fragment) */
	json_object_set_new(ci, "server", json_string(sget(cluster, "server")));
	if (rc->tls_server_name)
		json_object_set_new(ci, "tls-server-name", json_string(rc->tls_server_name));
	if (rc->insecure)
		json_object_set_new(ci, "insecure-skip-tls-verify", json_true());
	if (rc->ca_pem.len) {
		struct strbuf b = STRBUF_INIT;
		base64_encode(&b, rc->ca_pem.buf, rc->ca_pem.len);
		json_object_set_new(ci, "certificate-authority-data", json_string(b.buf));
		strbuf_release(&b);
	}
	if (rc->proxy_url)
		json_object_set_new(ci, "proxy-url", json_string(rc->proxy_url));
	if (rc->disable_compression)
		json_object_set_new(ci, "disable-compression", json_true());
	json_t *exts = json_object_get(cluster, "extensions");
	json_t *cfg = json_object_get(exts, "client.authentication.k8s.io/exec");
	if (cfg)
		json_object_set(ci, "config", cfg);
	e->cluster_info = ci;
	rc->exec = e;
	return 0;
}

/* base64.RawURLEncoding */
static int b64url_decode(const char *s, size_t n, struct strbuf *out)
{
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;
		if (c >= 'A' && c <= 'Z') v = c - 'A';
		else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
		else if (c >= '0' && c <= '9') v = c - '0' + 52;
		else if (c == '-') v = 62;
		else if (c == '_') v = 63;
		else return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(out, (int)((acc >> bits) & 0xff));
		}
	}
	return n % 4 == 1 ? -1 : 0;
}

/* client-go's oidc auth provider, without network refreshes: a valid id-token
 * is the bearer token. */
static int oidc_token(json_t *ap, struct kc_rest_config *out, struct kc_err *err)
{
	json_t *cfg = json_object_get(ap, "config");
	if (!*sget(cfg, "idp-issuer-url"))
		return kc_err_set(err, "Must provide idp-issuer-url");
	if (!*sget(cfg, "client-id"))
		return kc_err_set(err, "Must provide client-id");
	const char *tok = sget(cfg, "id-token");
	if (*tok) {
		const char *d1 = strchr(tok, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
		if (!d1 || !d2 || strchr(d2 + 1, '.'))
			return kc_err_raw(err, "Unable to connect to the server: ID Token is not a valid JWT\n");
		struct strbuf payload = STRBUF_INIT;
		if (b64url_decode(d1 + 1, (size_t)(d2 - d1 - 1), &payload) < 0) {
			strbuf_release(&payload);
			return kc_err_raw(err, "Unable to connect to the server: illegal base64 data at input byte %d\n", 0);
		}
		json_t *claims = json_loadb(payload.buf, payload.len, 0, NULL);
		strbuf_release(&payload);
		json_t *exp = json_object_get(claims, "exp");
		double e = json_is_number(exp) ? json_number_value(exp) : 0;
		json_decref(claims);
		if ((double)time(NULL) + 10 <= e) {
			free(out->bearer_token);
			out->bearer_token = xstrdup(tok);
			return 0;
		}
	}
	if (!*sget(cfg, "refresh-token"))
		return kc_err_raw(err, "Unable to connect to the server: No valid id-token, and cannot refresh without refresh-token\n");
	return kc_err_raw(err, "Unable to connect to the server: kc cannot refresh OIDC tokens; use an exec credential plugin (kubelogin) instead\n");
}

static int auth_provider_error(json_t *ap, struct kc_err *err)
{
	const char *name = sget(ap, "name");
	if (!strcmp(name, "gcp"))
		return kc_err_set(err, "The gcp auth plugin has been removed.\nPlease use the \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin instead.\nSee https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details");
	if (!strcmp(name, "azure"))
		return kc_err_set(err, "The azure auth plugin has been removed.\nPlease use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.\nSee https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details");
	return kc_err_set(err, "no Auth Provider found for name \"%s\"", name);
}

int kc_rest_config_from(const struct kc_kubeconfig *kc, const struct kc_config_overrides *ov,
			struct kc_rest_config *out, struct kc_err *err)
{
	struct direct d = { kc, ov };
	struct strvec errs = STRVEC_INIT;
	json_t *user = NULL, *ctx = NULL, *cluster = NULL;
	int ret = -1;
	memset(out, 0, sizeof *out);
	strbuf_init(&out->ca_pem, 0);
	strbuf_init(&out->cert_pem, 0);
	strbuf_init(&out->key_pem, 0);
	strvec_init(&out->impersonate_groups);

	int ns_given = ov && ov->namespace && *ov->namespace;
	if (!ns_given && !(ov && ov->skip_namespace)) {
		/* kubectl resolves the namespace first: Namespace() → ConfirmUsable */
		confirm_usable(&d, &errs);
		if (usable_error(&errs, 1, err) < 0)
			goto out;
	}
	if (!(user = get_user(&d, err)) || !(ctx = get_context(&d, err)) ||
	    !(cluster = get_cluster(&d, err)))
		goto out;
	confirm_usable(&d, &errs);
	if (usable_error(&errs, !(ov && ov->builder), err) < 0)
		goto out;

	int https;
	out->host = normalise_host(sget(cluster, "server"), &https);
	if (*sget(cluster, "proxy-url"))
		out->proxy_url = xstrdup(sget(cluster, "proxy-url"));
	out->disable_compression = json_is_true(json_object_get(cluster, "disable-compression"));
	if (ov && ov->request_timeout && *ov->request_timeout) {
		int ok;
		out->timeout_ms = parse_timeout(ov->request_timeout, &ok);
		if (!ok) {
			kc_err_set(err, "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)");
			goto out;
		}
	}
	if (*sget(user, "as")) {
		out->impersonate_user = xstrdup(sget(user, "as"));
		out->impersonate_uid = dupnull(sget(user, "as-uid"));
		size_t i;
		json_t *g;
		json_array_foreach(json_object_get(user, "as-groups"), i, g)
			strvec_push(&out->impersonate_groups, json_string_value(g));
	}
	/* only read auth information if the transport is secure */
	if (https) {
		const char *tok = sget(user, "token"), *tf = sget(user, "tokenFile");
		struct kc_err ferr = KC_ERR_INIT;
		struct strbuf ft = STRBUF_INIT;
		if (*tok && *tf && file_read(tf, &ft, &ferr) == 0) {
			/* client-go's transport prefers the token file's content to the
			 * token (even to --token) */
			out->bearer_token = strbuf_detach(&ft, NULL);
			out->token_file = xstrdup(tf);
		} else if (*tok) {
			out->bearer_token = xstrdup(tok);
			out->token_file = dupnull(tf);
		} else if (*tf) {
			struct strbuf t = STRBUF_INIT;
			if (file_read(tf, &t, err) < 0) {
				strbuf_release(&t);
				goto out;
			}
			out->bearer_token = strbuf_detach(&t, NULL);
			out->token_file = xstrdup(tf);
		}
		strbuf_release(&ft);
		kc_err_release(&ferr);
		if (*sget(user, "client-certificate") || json_object_get(user, "client-certificate-data")) {
			if (read_pem(sget(user, "client-certificate"), sget(user, "client-certificate-data"),
				     &out->cert_pem, err) < 0 ||
			    read_pem(sget(user, "client-key"), sget(user, "client-key-data"), &out->key_pem, err) < 0)
				goto out;
		}
		if (*sget(user, "username") || *sget(user, "password")) {
			out->username = xstrdup(sget(user, "username"));
			out->password = xstrdup(sget(user, "password"));
		}
		out->insecure = json_is_true(json_object_get(cluster, "insecure-skip-tls-verify"));
		out->tls_server_name = dupnull(sget(cluster, "tls-server-name"));
		if (read_pem(sget(cluster, "certificate-authority"), sget(cluster, "certificate-authority-data"),
			     &out->ca_pem, err) < 0)
			goto out;
		json_t *ap = json_object_get(user, "auth-provider");
		if (ap) {
			if (strcmp(sget(ap, "name"), "oidc")) {
				auth_provider_error(ap, err);
				goto out;
			}
			if (oidc_token(ap, out, err) < 0)
				goto out;
		}
		json_t *ex = json_object_get(user, "exec");
		if (ex)
			build_exec(ex, cluster, out);
	}
	int req;
	char *tmp;
	const char *cn = context_name(&d, &req);
	out->context_name = xstrdup(cn);
	out->cluster_name = xstrdup(cluster_name(&d, &req, &tmp));
	free(tmp);
	out->user_name = xstrdup(user_name(&d, &req, &tmp));
	free(tmp);
	const char *ns = sget(ctx, "namespace");
	out->namespace = xstrdup(*ns ? ns : "default");
	out->namespace_explicit = ns_given;
	ret = 0;
out:
	strvec_clear(&errs);
	json_decref(user);
	json_decref(ctx);
	json_decref(cluster);
	if (ret < 0)
		kc_rest_config_free(out);
	return ret;
}

/* ---- in-cluster ------------------------------------------------------------- */

static char *sa_path(const char *file)
{
	const char *dir = getenv("KC_SERVICEACCOUNT_DIR");
	if (!dir || !*dir)
		dir = "/var/run/secrets/kubernetes.io/serviceaccount";
	return xasprintf("%s/%s", dir, file);
}

static int in_cluster_possible(void)
{
	const char *h = getenv("KUBERNETES_SERVICE_HOST"), *p = getenv("KUBERNETES_SERVICE_PORT");
	if (!h || !*h || !p || !*p)
		return 0;
	char *tok = sa_path("token");
	int ok = file_exists(tok);
	free(tok);
	return ok;
}

int kc_rest_config_in_cluster(struct kc_rest_config *out, struct kc_err *err)
{
	const char *h = getenv("KUBERNETES_SERVICE_HOST"), *p = getenv("KUBERNETES_SERVICE_PORT");
	memset(out, 0, sizeof *out);
	strbuf_init(&out->ca_pem, 0);
	strbuf_init(&out->cert_pem, 0);
	strbuf_init(&out->key_pem, 0);
	strvec_init(&out->impersonate_groups);
	if (!h || !*h || !p || !*p)
		return kc_err_set(err, "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
	char *tokf = sa_path("token");
	struct strbuf tok = STRBUF_INIT;
	if (file_read(tokf, &tok, err) < 0) {
		free(tokf);
		strbuf_release(&tok);
		return -1;
	}
	out->host = strchr(h, ':') ? xasprintf("https://[%s]:%s", h, p) : xasprintf("https://%s:%s", h, p);
	out->bearer_token = strbuf_detach(&tok, NULL);
	out->token_file = tokf;
	char *caf = sa_path("ca.crt");
	struct kc_err e2 = KC_ERR_INIT;
	if (file_read(caf, &out->ca_pem, &e2) < 0)
		strbuf_reset(&out->ca_pem); /* client-go logs and continues */
	kc_err_release(&e2);
	free(caf);
	return 0;
}

static char *in_cluster_namespace(void)
{
	const char *ns = getenv("POD_NAMESPACE");
	if (ns && *ns)
		return xstrdup(ns);
	char *f = sa_path("namespace");
	struct strbuf sb = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	int rc = file_read(f, &sb, &e);
	free(f);
	kc_err_release(&e);
	if (rc == 0) {
		strbuf_trim(&sb);
		if (sb.len)
			return strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
	return xstrdup("default");
}

/* the config a kubeconfig with nothing in it gives */
static int is_default_config(const struct kc_rest_config *rc)
{
	int https;
	char *def = normalise_host(default_server(), &https);
	int same = !strcmp(rc->host, def) && !rc->bearer_token && !rc->username && !rc->exec &&
		   !rc->ca_pem.len && !rc->cert_pem.len && !rc->impersonate_user && !rc->proxy_url &&
		   !rc->insecure && !rc->tls_server_name && !rc->timeout_ms;
	free(def);
	return same;
}

int kc_rest_config_load(const struct kc_config_overrides *ov, struct kc_rest_config *out,
			struct kc_err *err)
{
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	kc_loading_rules_init(&r, ov ? ov->kubeconfig : NULL);
	int rc = kc_kubeconfig_load(&r, 0, &kc, err);
	kc_loading_rules_release(&r);
	if (rc < 0) {
		kc_kubeconfig_release(&kc);
		return -1;
	}
	rc = kc_rest_config_from(&kc, ov, out, err);
	if (rc == 0 && is_default_config(out) && in_cluster_possible()) {
		/* DeferredLoadingClientConfig: nothing configured → in-cluster */
		/* DeferredLoadingClientConfig.Namespace: -n, else a namespace the
		 * kubeconfig's context sets, else the pod's */
		int ns_explicit = out->namespace_explicit;
		char *ns = NULL;
		json_t *cur = json_object_get(kc.contexts, ov && ov->context && *ov->context ?
							    ov->context : kc.current_context);
		if (ns_explicit || strcmp(out->namespace, "default") ||
		    (cur && json_object_get(cur, "namespace")))
			ns = xstrdup(out->namespace);
		kc_rest_config_free(out);
		rc = kc_rest_config_in_cluster(out, err);
		if (rc == 0) {
			if (ov && ov->server && *ov->server) {
				free(out->host);
				int https;
				out->host = normalise_host(ov->server, &https);
			}
			if (ov && ov->token && *ov->token) {
				free(out->bearer_token);
				out->bearer_token = xstrdup(ov->token);
				free(out->token_file);
				out->token_file = NULL;
			}
			if (ov && ov->certificate_authority && *ov->certificate_authority) {
				strbuf_reset(&out->ca_pem);
				struct kc_err e3 = KC_ERR_INIT;
				if (file_read(ov->certificate_authority, &out->ca_pem, &e3) < 0)
					strbuf_reset(&out->ca_pem);
				kc_err_release(&e3);
			}
			if (ov)
				out->insecure = ov->insecure_skip_tls_verify > 0;
			if (ov && ov->tls_server_name && *ov->tls_server_name)
				out->tls_server_name = xstrdup(ov->tls_server_name);
			out->namespace = ns ? xstrdup(ns) : in_cluster_namespace();
			out->namespace_explicit = ns_explicit;
			out->context_name = xstrdup("");
			out->cluster_name = xstrdup("");
			out->user_name = xstrdup("");
		}
		free(ns);
	} else if (rc == 0 && !out->namespace_explicit && in_cluster_possible()) {
		/* Namespace() falls back to the pod's namespace whenever in-cluster
		 * configuration is possible and the context names none */
		json_t *cur = json_object_get(kc.contexts, ov && ov->context && *ov->context ?
							    ov->context : kc.current_context);
		if (!strcmp(out->namespace, "default") && !(cur && json_object_get(cur, "namespace"))) {
			free(out->namespace);
			out->namespace = in_cluster_namespace();
		}
	}
	kc_kubeconfig_release(&kc);
	return rc;
}

char *kc_config_namespace(const struct kc_config_overrides *ov, int *explicit_ns, struct kc_err *err)
{
	*explicit_ns = 0;
	if (ov && ov->namespace && *ov->namespace) {
		*explicit_ns = 1;
		return xstrdup(ov->namespace);
	}
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	kc_loading_rules_init(&r, ov ? ov->kubeconfig : NULL);
	int rc = kc_kubeconfig_load(&r, 0, &kc, err);
	kc_loading_rules_release(&r);
	char *ns = NULL;
	if (rc == 0) {
		struct direct d = { &kc, ov };
		struct strvec errs = STRVEC_INIT;
		confirm_usable(&d, &errs);
		if (usable_error(&errs, 1, err) == 0) {
			json_t *c = get_context(&d, err);
			if (c) {
				const char *n = sget(c, "namespace");
				if (*n)
					ns = xstrdup(n);
				else if (in_cluster_possible())
					ns = in_cluster_namespace();
				else
					ns = xstrdup("default");
				json_decref(c);
			}
		}
	}
	kc_kubeconfig_release(&kc);
	return ns;
}
