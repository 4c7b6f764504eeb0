/* Exec credential plugins (client.authentication.k8s.io): run the command once
 * per client and use the token or client certificate it prints.
 *
 * The kubeconfig/ module owns the plugin description (struct kc_exec_config);
 * this is the client's side of running it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/internal.h"
#include "util/file.h"

extern char **environ;

int client_run_exec(struct kc_client *c, struct kc_err *err)
{
	const struct kc_exec_config *ex = c->rc->exec;
	if (!ex || !ex->command || !*ex->command)
		return 0;
	const char *api = ex->api_version && *ex->api_version ? ex->api_version
							       : "client.authentication.k8s.io/v1";
	json_t *in = json_pack("{s:s, s:s, s:{s:b}}", "kind", "ExecCredential", "apiVersion", api,
			       "spec", "interactive", 0);
	if (ex->provide_cluster_info && ex->cluster_info)
		json_object_set(json_object_get(in, "spec"), "cluster", ex->cluster_info);
	char *info = json_dumps(in, JSON_COMPACT);
	json_decref(in);
	int pfd[2];
	if (pipe(pfd) < 0) {
		free(info);
		return kc_err_set(err, "pipe: %s", go_errno_str(errno));
	}
	pid_t pid = fork();
	if (pid < 0) {
		free(info);
		close(pfd[0]);
		close(pfd[1]);
		return kc_err_set(err, "fork: %s", go_errno_str(errno));
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		setenv("KUBERNETES_EXEC_INFO", info, 1);
		for (size_t i = 0; i < ex->env.nr; i++)
			putenv(ex->env.v[i]);
		char **argv = xcalloc(ex->args.nr + 2, sizeof *argv);
		argv[0] = ex->command;
		for (size_t i = 0; i < ex->args.nr; i++)
			argv[i + 1] = ex->args.v[i];
		execvp(ex->command, argv);
		_exit(127);
	}
	free(info);
	close(pfd[1]);
	struct strbuf out = STRBUF_INIT;
	fd_read_all(pfd[0], &out, 16u << 20);
	close(pfd[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int ret = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		ret = kc_err_set(err, "getting credentials: exec: executable %s not found%s%s", ex->command,
				 ex->install_hint ? "\n\n" : "", ex->install_hint ? ex->install_hint : "");
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ret = kc_err_set(err, "getting credentials: exec: executable %s failed with exit code %d",
				 ex->command, WIFEXITED(status) ? WEXITSTATUS(status) : 1);
		goto out;
	}
	json_t *j = json_loadb(out.buf, out.len, 0, NULL);
	json_t *st = json_object_get(j, "status");
	if (!json_is_object(st)) {
		json_decref(j);
		ret = kc_err_set(err, "getting credentials: decoding stdout: couldn't get version/kind; json parse error");
		goto out;
	}
	const char *tok = json_string_value(json_object_get(st, "token"));
	const char *cert = json_string_value(json_object_get(st, "clientCertificateData"));
	const char *key = json_string_value(json_object_get(st, "clientKeyData"));
	if (tok && *tok) {
		free(c->token);
		c->token = xstrdup(tok);
	}
	if (cert && key) {
		c->exec_cert = xstrdup(cert);
		c->exec_key = xstrdup(key);
	}
	json_decref(j);
out:
	strbuf_release(&out);
	return ret;
}
