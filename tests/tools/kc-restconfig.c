/* kc-restconfig: resolve the REST config the way a kubectl command would and
 * print what the request would carry, so tests/e2e/config-rest.t can hold
 * kubeconfig/'s resolution against kubectl's behaviour:
 *
 *   kc-restconfig MODE [--kubeconfig F] [--context C] [--cluster C] [--user U]
 *                 [-n NS] [--token T] [--as U] [--username U] [--password P]
 *                 [--server S] [--certificate-authority F] [--client-key F]
 *                 [--client-certificate F] [--insecure-skip-tls-verify]
 *
 * MODE is "version" (no namespace first) or "get" (namespace first, resource
 * builder). Prints kubectl's error text, or "CONNECT" followed by the resolved
 * host, credentials and namespace (running the exec plugin if there is one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kubeconfig/kubeconfig.h"

int main(int argc, char **argv)
{
	struct kc_config_overrides ov;
	memset(&ov, 0, sizeof ov);
	ov.insecure_skip_tls_verify = -1;
	if (argc < 2)
		return 2;
	ov.skip_namespace = !strcmp(argv[1], "version");
	ov.builder = !strcmp(argv[1], "get");
	for (int i = 2; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
		int used = 1;
		if (!strcmp(k, "--kubeconfig")) ov.kubeconfig = v;
		else if (!strcmp(k, "--context")) ov.context = v;
		else if (!strcmp(k, "--cluster")) ov.cluster = v;
		else if (!strcmp(k, "--user")) ov.user = v;
		else if (!strcmp(k, "-n")) ov.namespace = v;
		else if (!strcmp(k, "--token")) ov.token = v;
		else if (!strcmp(k, "--as")) ov.as = v;
		else if (!strcmp(k, "--username")) ov.username = v;
		else if (!strcmp(k, "--password")) ov.password = v;
		else if (!strcmp(k, "--server")) ov.server = v;
		else if (!strcmp(k, "--certificate-authority")) ov.certificate_authority = v;
		else if (!strcmp(k, "--client-key")) ov.client_key = v;
		else if (!strcmp(k, "--client-certificate")) ov.client_certificate = v;
		else if (!strcmp(k, "--insecure-skip-tls-verify")) { ov.insecure_skip_tls_verify = 1; used = 0; }
		else { fprintf(stderr, "kc-restconfig: unknown argument %s\n", k); return 2; }
		i += used;
	}
	struct kc_rest_config rc;
	struct kc_err err = KC_ERR_INIT;
	if (kc_rest_config_load(&ov, &rc, &err) < 0) {
		if (err.kind == KC_ERR_RAW)
			fputs(err.msg.buf, stdout);
		else
			printf("error: %s\n", err.msg.buf);
		kc_err_release(&err);
		return 1;
	}
	if (rc.exec) {
		char *tok = NULL;
		struct strbuf c = STRBUF_INIT, k = STRBUF_INIT;
		long long e;
		int r = kc_exec_credential(rc.exec, 0, &tok, &c, &k, &e, &err);
		strbuf_release(&c);
		strbuf_release(&k);
		if (r < 0) {
			printf("Unable to connect to the server: getting credentials: %s\n", err.msg.buf);
			kc_err_release(&err);
			kc_rest_config_free(&rc);
			return 1;
		}
		free(tok);
	}
	/* what kubectl names in "The connection to the server HOST was refused" */
	const char *h = strstr(rc.host, "://");
	h = h ? h + 3 : rc.host;
	printf("CONNECT %.*s\n", (int)strcspn(h, "/"), h);
	kc_rest_config_free(&rc);
	return 0;
}
