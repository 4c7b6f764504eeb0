/* Exec credential plugins: kubeconfig/ runs them (kc_exec_credential); the
 * client asks once per command, and again with force after a 401. */
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"

int client_run_exec(struct kc_client *c, int force, struct kc_err *err)
{
	const struct kc_exec_config *ex = c->rc->exec;
	if (!ex)
		return 0;
	char *token = NULL;
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	long long expiry = 0;
	if (kc_exec_credential(ex, force, &token, &cert, &key, &expiry, err) < 0) {
		free(token);
		strbuf_release(&cert);
		strbuf_release(&key);
		return -1;
	}
	if (token && *token) {
		free(c->token);
		c->token = token;
		token = NULL;
	}
	free(token);
	if (cert.len && key.len) {
		free(c->exec_cert);
		free(c->exec_key);
		c->exec_cert = strbuf_detach(&cert, NULL);
		c->exec_key = strbuf_detach(&key, NULL);
	}
	strbuf_release(&cert);
	strbuf_release(&key);
	return 0;
}
