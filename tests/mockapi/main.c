/* kc-mockapi: start-up, TLS, authentication, routing. See mock.h. */
#include <dlfcn.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/mockapi/mock.h"
#include "tests/mockapi/server.h"
#include "util/base64.h"
#include "util/file.h"

unsigned g_pod_start_delay_ms = 0;
char g_server_url[128];
volatile int g_shutdown;
char *g_admin_token;
const char *g_dev_token = "kc-mock-dev-token";
const char *g_dev_namespace = "dev";

static struct pki g_pki;
static int g_open_access;
static int g_tls = 1;

/* ---- faults ---- */
struct fault {
	char *pattern; /* fnmatch on path */
	char *method;  /* NULL any */
	char *action;  /* latency=MS, 429, 500, 503, drop, stall */
	long arg;
	long count;    /* remaining, -1 unlimited */
	double rate;   /* 0..1, 0 = always */
};
struct fault g_faults[32];
int g_nfaults;

static int parse_fault(const char *spec)
{
	/* ACTION[=ARG]:PATTERN[:count=N|:rate=F][:method=M] */
	if (g_nfaults == 32)
		return -1;
	char *s = xstrdup(spec);
	struct fault *f = &g_faults[g_nfaults];
	memset(f, 0, sizeof(*f));
	f->count = -1;
	char *save = NULL;
	char *tok = strtok_r(s, ":", &save);
	if (!tok) {
		free(s);
		return -1;
	}
	char *eq = strchr(tok, '=');
	if (eq) {
		*eq = 0;
		f->arg = atol(eq + 1);
	}
	f->action = xstrdup(tok);
	tok = strtok_r(NULL, ":", &save);
	f->pattern = xstrdup(tok ? tok : "*");
	while ((tok = strtok_r(NULL, ":", &save))) {
		if (starts_with(tok, "count="))
			f->count = atol(tok + 6);
		else if (starts_with(tok, "rate="))
			f->rate = atof(tok + 5);
		else if (starts_with(tok, "method="))
			f->method = xstrdup(tok + 7);
	}
	free(s);
	if (strcmp(f->action, "latency") && strcmp(f->action, "429") && strcmp(f->action, "500") &&
	    strcmp(f->action, "503") && strcmp(f->action, "drop") && strcmp(f->action, "stall")) {
		free(f->action);
		free(f->pattern);
		free(f->method);
		return -1;
	}
	g_nfaults++;
	return 0;
}

/* ---- client certificate via GnuTLS (looked up at run time: libmicrohttpd
 * links it, kc's Makefile does not) ---- */
struct gdatum {
	unsigned char *data;
	unsigned int size;
};
typedef const struct gdatum *(*get_peers_fn)(void *session, unsigned int *n);

static int client_cert_identity(struct MHD_Connection *c, char **user, char **group)
{
	static get_peers_fn fn;
	if (!fn)
		fn = (get_peers_fn)dlsym(RTLD_DEFAULT, "gnutls_certificate_get_peers");
	if (!fn)
		return -1;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!ci || !ci->tls_session)
		return -1;
	unsigned int n = 0;
	const struct gdatum *d = fn(ci->tls_session, &n);
	if (!d || n == 0)
		return -1;
	return pki_verify_client(d[0].data, d[0].size, user, group);
}

/* ---- per-request state ---- */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
	const char *method, const char *version, const char *upload, size_t *upload_size,
	void **con_cls)
{
	struct req *r = *con_cls;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		strbuf_init(&r->body, 0);
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->body.len + *upload_size > (64u << 20)) {
			r->too_big = 1;
		} else {
			strbuf_add(&r->body, upload, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	r->conn = conn;
	r->method = method;
	r->url = url;
	/* authenticate: the apiserver's union authenticator tries the client
	 * certificate before bearer tokens, so a valid certificate wins over a
	 * wrong token */
	const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	char *cn = NULL, *org = NULL;
	if (g_tls && client_cert_identity(conn, &cn, &org) == 0) {
		r->user = cn;
		r->group = org;
		cn = org = NULL;
	} else if (auth && starts_with(auth, "Bearer ")) {
		const char *tok = auth + 7;
		if (g_admin_token && !strcmp(tok, g_admin_token)) {
			r->user = xstrdup("kubernetes-admin");
			r->group = xstrdup("system:masters");
		} else if (!strcmp(tok, g_dev_token)) {
			r->user = xstrdup("dev");
			r->group = xstrdup("developers");
		}
	}
	free(cn);
	free(org);
	if (!r->user && g_open_access) {
		r->user = xstrdup("kubernetes-admin");
		r->group = xstrdup("system:masters");
	}
	return serve(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
	enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;
	if (!r)
		return;
	strbuf_release(&r->body);
	json_decref(r->warnings);
	json_decref(r->apply_config);
	free(r->user);
	free(r->group);
	free(r->imp_user);
	free(r);
	*con_cls = NULL;
}

static volatile sig_atomic_t got_signal;
static void on_signal(int s)
{
	got_signal = s;
}

static void usage(void)
{
	fprintf(stderr, "usage: kc-mockapi [--listen 127.0.0.1:0] [--state FILE] [--tls|--no-tls] "
		"[--token TOKEN] [--kubeconfig-out FILE] [--ready-file FILE] [--fault SPEC]... "
		"[--pod-start-delay MS] [--frozen-time RFC3339]\n"
		"  --fault ACTION[=ARG]:PATH-PATTERN[:count=N][:rate=F][:method=M]\n"
		"     ACTION: latency=MS 429[=RETRY-AFTER] 500 503 drop stall\n");
}

static void b64(struct strbuf *out, const char *s)
{
	base64_encode(out, s, strlen(s));
}

static int write_kubeconfig(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n");
	if (g_tls) {
		strbuf_addstr(&sb, "    certificate-authority-data: ");
		b64(&sb, g_pki.ca_pem);
		strbuf_addch(&sb, '\n');
	}
	strbuf_addf(&sb, "    server: %s\n  name: kc-mock\n", g_server_url);
	strbuf_addstr(&sb, "contexts:\n- context:\n    cluster: kc-mock\n    user: kc-mock-admin\n"
		"  name: kc-mock\n- context:\n    cluster: kc-mock\n    namespace: dev\n"
		"    user: kc-mock-dev\n  name: kc-mock-dev\ncurrent-context: kc-mock\n"
		"preferences: {}\nusers:\n- name: kc-mock-admin\n  user:\n");
	if (g_admin_token) {
		strbuf_addf(&sb, "    token: %s\n", g_admin_token);
	} else if (!g_tls) {
		strbuf_addstr(&sb, "    {}\n");
	} else {
		strbuf_addstr(&sb, "    client-certificate-data: ");
		b64(&sb, g_pki.admin_cert_pem);
		strbuf_addstr(&sb, "\n    client-key-data: ");
		b64(&sb, g_pki.admin_key_pem);
		strbuf_addch(&sb, '\n');
	}
	strbuf_addf(&sb, "- name: kc-mock-dev\n  user:\n    token: %s\n", g_dev_token);
	struct kc_err err = KC_ERR_INIT;
	int rc = file_write_atomic(path, sb.buf, sb.len, 0600, &err);
	if (rc)
		fprintf(stderr, "kc-mockapi: %s\n", err.msg.buf);
	kc_err_release(&err);
	strbuf_release(&sb);
	return rc;
}

int main(int argc, char **argv)
{
	const char *listen = "127.0.0.1:0", *state = NULL, *kcout = NULL, *ready = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;
#define OPT(name) (!strcmp(a, name) ? (i + 1 < argc ? (v = argv[++i], 1) : (usage(), exit(2), 0)) : \
		(starts_with(a, name "=") ? (v = a + strlen(name) + 1, 1) : 0))
		if (!strcmp(a, "--tls"))
			g_tls = 1;
		else if (!strcmp(a, "--no-tls"))
			g_tls = 0;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage();
			return 0;
		} else if (OPT("--listen"))
			listen = v;
		else if (OPT("--state"))
			state = v;
		else if (OPT("--token")) {
			free(g_admin_token);
			g_admin_token = xstrdup(v);
		} else if (OPT("--kubeconfig-out"))
			kcout = v;
		else if (OPT("--ready-file"))
			ready = v;
		else if (OPT("--frozen-time")) {
			g_frozen_time = parse_rfc3339(v);
			if (g_frozen_time <= 0) {
				fprintf(stderr, "kc-mockapi: bad --frozen-time %s (want RFC 3339)\n", v);
				return 2;
			}
		} else if (OPT("--pod-start-delay"))
			g_pod_start_delay_ms = (unsigned)atoi(v);
		else if (OPT("--fault")) {
			if (parse_fault(v)) {
				fprintf(stderr, "kc-mockapi: bad --fault %s\n", v);
				return 2;
			}
		} else {
			fprintf(stderr, "kc-mockapi: unknown argument %s\n", a);
			usage();
			return 2;
		}
	}
	/* --no-tls without --token: like the old insecure port, no authentication
	 * (kubectl sends no bearer token over plain http anyway) */
	g_open_access = !g_tls && !g_admin_token;

	const char *colon = strrchr(listen, ':');
	if (!colon) {
		fprintf(stderr, "kc-mockapi: --listen wants HOST:PORT\n");
		return 2;
	}
	char host[64];
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	int port = atoi(colon + 1);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "kc-mockapi: bad listen address %s\n", host);
		return 2;
	}

	if (g_tls && pki_generate(&g_pki)) {
		fprintf(stderr, "kc-mockapi: cannot generate certificates\n");
		return 1;
	}
	pthread_mutex_lock(&g_lock);
	store_init();
	if (state && store_load(state)) {
		pthread_mutex_unlock(&g_lock);
		return 1;
	}
	ctrl_init_cluster();
	ctrl_reconcile();
	pthread_mutex_unlock(&g_lock);

	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (getenv("KC_MOCKAPI_DEBUG"))
		flags |= MHD_USE_ERROR_LOG;
	struct MHD_Daemon *d;
	if (g_tls) {
		flags |= MHD_USE_TLS;
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_HTTPS_MEM_KEY,
			g_pki.server_key_pem, MHD_OPTION_HTTPS_MEM_CERT, g_pki.server_cert_pem,
			MHD_OPTION_HTTPS_MEM_TRUST, g_pki.ca_pem, MHD_OPTION_CONNECTION_TIMEOUT,
			(unsigned)600, MHD_OPTION_END);
	} else {
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
			(unsigned)600, MHD_OPTION_END);
	}
	if (!d) {
		fprintf(stderr, "kc-mockapi: cannot listen on %s: %s\n", listen, strerror(errno));
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(g_server_url, sizeof(g_server_url), "%s://%s:%u", g_tls ? "https" : "http", host,
		di ? di->port : (unsigned)port);

	struct sigaction sig;
	memset(&sig, 0, sizeof(sig));
	sig.sa_handler = on_signal;
	sigaction(SIGTERM, &sig, NULL);
	sigaction(SIGINT, &sig, NULL);
	signal(SIGPIPE, SIG_IGN);

	int rc = 0;
	if (kcout && write_kubeconfig(kcout))
		rc = 1;
	if (!rc && ready) {
		struct kc_err err = KC_ERR_INIT;
		char *line = xasprintf("%s\n", g_server_url);
		if (file_write_atomic(ready, line, strlen(line), 0644, &err)) {
			fprintf(stderr, "kc-mockapi: %s\n", err.msg.buf);
			rc = 1;
		}
		free(line);
		kc_err_release(&err);
	}
	if (!ready && !kcout)
		printf("%s\n", g_server_url), fflush(stdout);

	/* the timer loop: delayed controller work */
	while (!rc && !got_signal) {
		usleep(20000);
		pthread_mutex_lock(&g_lock);
		double due = ctrl_next_due();
		if (due > 0 && due <= real_seconds())
			ctrl_reconcile();
		pthread_mutex_unlock(&g_lock);
	}
	pthread_mutex_lock(&g_lock);
	g_shutdown = 1;
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
	MHD_stop_daemon(d);
	pthread_mutex_lock(&g_lock);
	if (state && store_save(state)) {
		fprintf(stderr, "kc-mockapi: cannot save state to %s\n", state);
		rc = 1;
	}
	store_free();
	logs_free();
	openapi_free();
	rt_free_dynamic();
	pthread_mutex_unlock(&g_lock);
	if (g_tls)
		pki_free(&g_pki);
	free(g_admin_token);
	for (int i = 0; i < g_nfaults; i++) {
		free(g_faults[i].action);
		free(g_faults[i].pattern);
		free(g_faults[i].method);
	}
	return rc;
}
