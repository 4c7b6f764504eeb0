/* kc replace: kubectl replace -f FILE|DIR|-|URL [-R] — PUT each object (with
 * the server's resourceVersion when the file has none, as kubectl's
 * Helper.Replace), or with --force delete, wait until gone, and create. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_replace_help.h"
#include "cli/kc.h"
#include "cli/options.h"
#include "util/file.h"
#include "util/gostr.h"

/* kubectl's forceReplace: stdin saved to a temporary file (both passes read
 * it), the objects deleted (NotFound ignored; --cascade, --grace-period; -o
 * name prints their names) and waited for until gone (--timeout, default 5m),
 * then created, each printed as "replaced". */
static int force_replace(struct kc_ctx *ctx, struct create_common *co, struct strvec *files,
			 int recursive, const char *cascade, long grace, const char *timeout,
			 struct kc_err *err)
{
	char tmpdir[] = "/tmp/kubectl_replace_XXXXXX";
	char *stdin_file = NULL;
	int rc = 0;
	for (size_t i = 0; i < files->nr; i++) {
		if (strcmp(files->v[i], "-"))
			continue;
		if (!stdin_file) {
			struct strbuf in = STRBUF_INIT;
			if (!mkdtemp(tmpdir) || fd_read_all(0, &in, KC_FILE_MAX) < 0) {
				strbuf_release(&in);
				return kc_err_set(err, "failed to save stdin to a temporary file");
			}
			stdin_file = path_join(tmpdir, "resource.stdin");
			rc = file_write_atomic(stdin_file, in.buf, in.len, 0600, err);
			strbuf_release(&in);
			if (rc < 0)
				goto out;
		}
		free(files->v[i]);
		files->v[i] = xstrdup(stdin_file);
	}
	struct strvec dargs = STRVEC_INIT;
	strvec_push(&dargs, "--ignore-not-found");
	strvec_pushf(&dargs, "--cascade=%s", cascade);
	if (grace >= 0)
		strvec_pushf(&dargs, "--grace-period=%ld", grace);
	strvec_pushf(&dargs, "--timeout=%s", strspn(timeout, "0smhunµ.") == strlen(timeout) ? "5m" : timeout);
	strvec_push(&dargs, "--wait=true");
	if (!strcmp(co->output, "name"))
		strvec_push(&dargs, "--output=name");
	if (recursive)
		strvec_push(&dargs, "--recursive");
	for (size_t i = 0; i < files->nr; i++)
		strvec_pushf(&dargs, "--filename=%s", files->v[i]);
	rc = cmd_delete(ctx, (int)dargs.nr, (const char **)dargs.v, err);
	strvec_clear(&dargs);
	if (rc == 0)
		rc = create_from_files(ctx, co, files, recursive, CREATE_MODE_FORCE_REPLACE, err);
out:
	if (stdin_file) {
		unlink(stdin_file);
		rmdir(tmpdir);
		free(stdin_file);
	}
	return rc;
}

static int to_stdout(void *ud, const char *data, size_t len)
{
	(void)ud;
	return fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0;
}

/* kubectl's rawhttp.RawPut: the file's bytes (or stdin's) PUT to the path,
 * the answer copied to stdout; a failure is the server's Status. */
static int raw_put(struct kc_ctx *ctx, const char *path, const char *file, struct kc_err *err)
{
	struct strbuf body = STRBUF_INIT;
	if (file_read(file, &body, err) < 0) {
		strbuf_release(&body);
		return -1;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		strbuf_release(&body);
		return -1;
	}
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.method = "PUT";
	req.path = path;
	req.body = body.buf;
	req.body_len = body.len;
	req.log_src = "raw.go:84";
	req.log_resp_src = "-";
	int ret = 0;
	if (kc_client_stream(c, &req, to_stdout, NULL, &resp, err) < 0)
		ret = -1;
	else if (resp.code < 200 || resp.code > 299)
		ret = kc_status_error(&resp, NULL, err);
	kc_response_release(&resp);
	strbuf_release(&body);
	return ret;
}

int cmd_replace(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_REPLACE_USE, .long_ = HELP_REPLACE_LONG, .example = HELP_REPLACE_EXAMPLE,
	};
	struct create_common co = CREATE_COMMON_INIT("kubectl-replace");
	const char *raw = "", *kustomize = "", *subresource = "", *cascade = "background";
	const char *timeout = "0s";
	long grace = -1;
	int recursive = 0, force = 0, wait = 0; /* --wait: kc's delete always waits */
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT;
	const struct kc_option opts[] = {
		CREATE_COMMON_OPTS(co, U_REPLACE),
		CREATE_VALIDATE_OPT(co, U_REPLACE),
		OPT_STRING("cascade", 0, &cascade, U_REPLACE_CASCADE),
		OPT_STRSLICE("filename", 'f', &files, U_REPLACE_FILENAME),
		OPT_BOOL("force", 0, &force, U_REPLACE_FORCE),
		OPT_INT("grace-period", 0, &grace, U_REPLACE_GRACE_PERIOD),
		OPT_STRING("kustomize", 'k', &kustomize, U_REPLACE_KUSTOMIZE),
		OPT_STRING("raw", 0, &raw, U_REPLACE_RAW),
		OPT_BOOL("recursive", 'R', &recursive, U_REPLACE_RECURSIVE),
		OPT_STRING("subresource", 0, &subresource, U_REPLACE_SUBRESOURCE),
		OPT_DURATION("timeout", 0, &timeout, U_REPLACE_TIMEOUT),
		OPT_BOOL("wait", 0, &wait, U_REPLACE_WAIT),
		OPT_END(),
	};
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc)
		goto out;
	/* Complete: the validation directive, dry run, printer, cascade, then -f */
	const char *v = co.validate;
	if (strcmp(v, "strict") && strcmp(v, "true") && strcmp(v, "warn") && strcmp(v, "ignore") &&
	    strcmp(v, "false")) {
		rc = kc_err_set(err, "invalid - validate option \"%s\"; must be one of: strict (or true), warn, ignore (or false)", v);
		goto out;
	}
	if (create_common_check(&co, err) < 0) {
		rc = -1;
		goto out;
	}
	if (strcmp(cascade, "background") && strcmp(cascade, "foreground") && strcmp(cascade, "orphan")) {
		int b;
		if (go_parse_bool(cascade, &b) < 0) {
			rc = kc_err_set(err, "invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", cascade);
			goto out;
		}
		fprintf(stderr, "warning: --cascade=%s is deprecated (boolean value) and can be replaced with --cascade=%s.\n",
			cascade, b ? "background" : "orphan");
		cascade = b ? "background" : "orphan";
	}
	if (!files.nr && !*kustomize) {
		rc = kc_err_set(err, "must specify one of -f and -k");
		goto out;
	}
	/* ReplaceOptions.Validate, in kubectl's order */
	if (grace >= 0 && !force) {
		rc = kc_err_set(err, "--grace-period must have --force specified");
	} else if (strspn(timeout, "0smhunµ.") != strlen(timeout) && !force) {
		/* a non-zero duration */
		rc = kc_err_set(err, "--timeout must have --force specified");
	} else if (force && strcmp(co.dry_run, "none")) {
		rc = kc_err_set(err, "--dry-run can not be used when --force is set");
	} else if (!files.nr && !*kustomize) {
		rc = kc_err_set(err, "must specify --filename to replace");
	} else if (*raw && files.nr != 1) {
		rc = kc_err_set(err, "--raw can only use a single local file or stdin");
	} else if (*raw && (!strncmp(files.v[0], "http://", 7) || !strncmp(files.v[0], "https://", 8))) {
		rc = kc_err_set(err, "--raw cannot read from a url");
	} else if (*raw && recursive) {
		rc = kc_err_set(err, "--raw and --recursive are mutually exclusive");
	} else if (*raw && *co.output) {
		rc = kc_err_set(err, "--raw and --output are mutually exclusive");
	} else if (*raw && raw[0] != '/') {
		rc = kc_err_set(err, "--raw must be a valid URL path: parse \"%s\": invalid URI for request", raw);
	} else if (*raw) {
		rc = raw_put(ctx, raw, files.v[0], err);
	} else if (*kustomize) {
		rc = kc_err_set(err, "replace -k is not implemented in kc yet");
	} else if (force) {
		co.subresource = subresource;
		rc = force_replace(ctx, &co, &files, recursive, cascade, grace, timeout, err);
	} else {
		co.subresource = subresource;
		rc = create_from_files(ctx, &co, &files, recursive, 1, err);
	}
out:
	strvec_clear(&files);
	strvec_clear(&args);
	return rc < 0 ? -1 : 0;
}
