/* kc diff -f FILE: the live objects against what applying the files would make
 * of them (the same patch as apply, sent with dryRun=All), written as YAML into
 * LIVE-* and MERGED-* temporary directories and compared with `diff -u -N` or
 * $KUBECTL_EXTERNAL_DIFF, as kubectl v1.32. Exit 0 no differences, 1
 * differences, >1 errors. --prune shows what a prune would delete (LIVE only). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/client_setup.h"
#include "cli/cmd_apply.h"
#include "cli/cmd_apply_help.h"
#include "cli/cmd_create_common.h"
#include "kube/apply.h"
#include "kube/smp.h"
#include "util/json.h"
#include "util/yaml.h"

#define DIFF_MAX_RETRIES 4

static const char *sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* GetModifiedConfiguration(obj, annotate=false) */
static json_t *modified_config(const json_t *obj)
{
	json_t *m = kc_apply_modified(obj, NULL);
	json_t *an = json_object_get(json_object_get(m, "metadata"), "annotations");
	json_object_del(an, KC_LAST_APPLIED);
	return m;
}

static int request(struct kc_client *c, const char *method, const char *path, const char *ctype,
		   const char *body, struct kc_response *resp, struct kc_err *err)
{
	struct kc_request r = KC_REQUEST_INIT;
	r.accept = "application/json";
	r.method = method;
	r.path = path;
	r.content_type = ctype;
	r.body = body;
	r.body_len = body ? strlen(body) : 0;
	return kc_client_do(c, &r, resp, err);
}

/* The merged object (new reference) or NULL + a->err. */
static json_t *merged_object(struct kc_client *c, struct apply_obj *a, int server_side,
			     const char *fm, int force_conflicts, int *conflict)
{
	struct kc_response resp;
	json_t *out = NULL;
	if (server_side) {
		struct strbuf body = STRBUF_INIT;
		json_emit(&body, a->obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		strbuf_addch(&body, '\n');
		char *path = apply_object_path(a, 1, "server", fm, NULL,
					       force_conflicts ? "true" : "false");
		if (request(c, "PATCH", path, "application/apply-patch+yaml", body.buf, &resp,
			    &a->err) == 0) {
			*conflict = resp.code == 409;
			if (resp.code < 200 || resp.code > 299)
				apply_status_error(&resp, a, "patch", NULL, &a->err);
			else
				out = json_parse(resp.body.buf, resp.body.len, &a->err);
		}
		kc_response_release(&resp);
		free(path);
		strbuf_release(&body);
		return out;
	}
	if (!a->live) {
		struct strbuf body = STRBUF_INIT;
		json_emit(&body, a->obj, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
		strbuf_addch(&body, '\n');
		char *path = apply_object_path(a, 0, "server", fm, NULL, NULL);
		if (request(c, "POST", path, NULL, body.buf, &resp, &a->err) == 0) {
			if (resp.code < 200 || resp.code > 299)
				apply_status_error(&resp, a, "create", NULL, &a->err);
			else
				out = json_parse(resp.body.buf, resp.body.len, &a->err);
		}
		kc_response_release(&resp);
		free(path);
		strbuf_release(&body);
		return out;
	}
	return NULL;
}

/* client-side: the patch with the live resourceVersion (unless forced) */
static json_t *merged_patch(struct kc_client *c, struct apply_obj *a, const char *fm, int force,
			    int *conflict)
{
	*conflict = 0;
	json_t *orig = NULL, *p = NULL, *out = NULL;
	struct kc_err e = KC_ERR_INIT;
	json_t *mod = modified_config(a->obj);
	if (kc_apply_original(a->live, &orig, &e) < 0)
		goto fail;
	const char *kind = sget(a->obj, "kind");
	const char *ptype;
	if (smp_known_kind(a->group, kind)) {
		ptype = "application/strategic-merge-patch+json";
		p = smp_create_three_way(orig, mod, a->live, a->group, kind, 1, &e);
	} else {
		ptype = "application/merge-patch+json";
		p = jmp_create_three_way(orig, mod, a->live, &e);
	}
	if (!p)
		goto fail;
	if (json_object_size(p) == 0) {
		out = json_incref(a->live);
		goto done;
	}
	if (!force) {
		json_t *md = json_object_get(p, "metadata");
		if (!json_is_object(md)) {
			md = json_object();
			json_object_set_new(p, "metadata", md);
		}
		json_object_set_new(md, "resourceVersion",
				    json_string(sget(json_object_get(a->live, "metadata"),
						     "resourceVersion")));
	}
	struct strbuf body = STRBUF_INIT;
	json_emit(&body, p, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	char *path = apply_object_path(a, 1, "server", fm, NULL, NULL);
	struct kc_response resp;
	if (request(c, "PATCH", path, ptype, body.buf, &resp, &a->err) == 0) {
		if (resp.code == 409)
			*conflict = 1;
		if (resp.code < 200 || resp.code > 299) {
			struct strbuf pre = STRBUF_INIT;
			strbuf_addf(&pre, "error when patching \"%s\": ", a->source);
			apply_status_error(&resp, a, "patch", pre.buf, &a->err);
			strbuf_release(&pre);
		} else
			out = json_parse(resp.body.buf, resp.body.len, &a->err);
	}
	kc_response_release(&resp);
	free(path);
	strbuf_release(&body);
	goto done;
fail:
	kc_err_set(&a->err, "%s", e.msg.buf);
done:
	kc_err_release(&e);
	json_decref(orig);
	json_decref(mod);
	json_decref(p);
	return out;
}

static int get_live(struct kc_client *c, struct apply_obj *a)
{
	char *path = apply_object_path(a, 1, NULL, NULL, NULL, NULL);
	struct kc_response resp;
	int rc = -1;
	json_decref(a->live);
	a->live = NULL;
	if (request(c, "GET", path, NULL, NULL, &resp, &a->err) == 0) {
		if (resp.code == 404)
			rc = 0;
		else if (resp.code < 200 || resp.code > 299)
			apply_status_error(&resp, a, "get", NULL, &a->err);
		else if ((a->live = json_parse(resp.body.buf, resp.body.len, &a->err)))
			rc = 0;
	}
	kc_response_release(&resp);
	free(path);
	return rc;
}

/* Secret data masked as kubectl's Masker does */
static void mask_secret(json_t *from, json_t *to)
{
	json_t *fd = json_object_get(from, "data"), *td = json_object_get(to, "data");
	const char *k;
	json_t *v;
	if (json_is_object(fd)) {
		json_object_foreach(fd, k, v) {
			json_t *t = json_is_object(td) ? json_object_get(td, k) : NULL;
			if (t) {
				if (!json_equal(v, t)) {
					json_object_set_new(fd, k, json_string("*** (before)"));
					json_object_set_new(td, k, json_string("*** (after)"));
					continue;
				}
				json_object_set_new(td, k, json_string("***"));
			}
			json_object_set_new(fd, k, json_string("***"));
		}
	}
	if (json_is_object(td)) {
		json_object_foreach(td, k, v)
			if (!json_is_object(fd) || !json_object_get(fd, k))
				json_object_set_new(td, k, json_string("***"));
	}
}

static int write_yaml(const char *dir, const char *name, json_t *obj, struct kc_err *err)
{
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, name);
	if (obj)
		yaml_emit(&out, obj);
	FILE *f = fopen(path.buf, "w");
	int rc = 0;
	if (!f || fwrite(out.buf, 1, out.len, f) != out.len)
		rc = kc_err_set(err, "open %s: %s", path.buf, go_errno_str(errno));
	if (f && fclose(f) != 0 && rc == 0)
		rc = kc_err_set(err, "write %s: %s", path.buf, go_errno_str(errno));
	chmod(path.buf, 0700);
	strbuf_release(&path);
	strbuf_release(&out);
	return rc;
}

static void strip_managed(json_t *obj, int show)
{
	if (!show && json_is_object(json_object_get(obj, "metadata")))
		json_object_del(json_object_get(obj, "metadata"), "managedFields");
}

static void remove_tree(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static int valid_arg(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '='))
			return 0;
	return 1;
}

/* run the diff program; returns its exit status, or -1 + err */
static int run_diff(const char *from, const char *to, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	const char *env = getenv("KUBECTL_EXTERNAL_DIFF");
	if (env && *env) {
		struct strvec words = STRVEC_INIT;
		strvec_split(&words, env, ' ');
		strvec_push(&args, words.v[0]);
		strvec_push(&args, from);
		strvec_push(&args, to);
		for (size_t i = 1; i < words.nr; i++)
			if (valid_arg(words.v[i]))
				strvec_push(&args, words.v[i]);
		strvec_clear(&words);
	} else {
		strvec_push(&args, "diff");
		strvec_push(&args, "-u");
		strvec_push(&args, "-N");
		strvec_push(&args, from);
		strvec_push(&args, to);
	}
	fflush(stdout);
	fflush(stderr);
	int pfd[2];
	if (pipe(pfd) < 0) {
		strvec_clear(&args);
		return kc_err_set(err, "pipe: %s", go_errno_str(errno));
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		execvp(args.v[0], (char *const *)args.v);
		int e = errno;
		if (write(pfd[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	int child_errno = 0;
	ssize_t got = pid > 0 ? read(pfd[0], &child_errno, sizeof child_errno) : 0;
	close(pfd[0]);
	int status = 0, rc;
	if (pid < 0) {
		rc = kc_err_set(err, "failed to run \"%s\": %s", args.v[0], go_errno_str(errno));
	} else {
		waitpid(pid, &status, 0);
		if (got == (ssize_t)sizeof child_errno) {
			rc = kc_err_set(err, "failed to run \"%s\": %s", args.v[0],
					child_errno == ENOENT ? "executable file not found in $PATH"
							      : go_errno_str(child_errno));
		} else if (WIFEXITED(status)) {
			rc = WEXITSTATUS(status);
			if (rc > 1)
				rc = kc_err_set(err, "failed to run \"%s\": exit status %d", args.v[0], rc);
		} else {
			rc = kc_err_set(err, "failed to run \"%s\": signal: %s", args.v[0],
					strsignal(WTERMSIG(status)));
		}
	}
	strvec_clear(&args);
	return rc;
}

static void object_file_name(struct strbuf *sb, const struct apply_obj *a)
{
	if (*a->group)
		strbuf_addf(sb, "%s.", a->group);
	strbuf_addf(sb, "%s.%s.%s.%s", a->version, sget(a->obj, "kind"), a->ns, a->name);
}

/* a pruned object: LIVE only, as it stands (kubectl prints it unmasked) */
static int write_pruned(void *ud, const struct kc_api_resource *r, const char *ns, json_t *obj,
			struct kc_err *err)
{
	(void)ns;
	struct strbuf name = STRBUF_INIT;
	if (*r->group)
		strbuf_addf(&name, "%s.", r->group);
	json_t *md = json_object_get(obj, "metadata");
	strbuf_addf(&name, "%s.%s.%s.%s", r->version, r->kind, sget(md, "namespace"), sget(md, "name"));
	int rc = write_yaml(ud, name.buf, obj, err);
	strbuf_release(&name);
	return rc;
}

int cmd_diff(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_DIFF_USE, .long_ = HELP_DIFF_LONG, .example = HELP_DIFF_EXAMPLE,
	};
	const char *field_manager = "kubectl-client-side-apply", *kustomize = "", *selector = "";
	long concurrency = 1;
	int force_conflicts = 0, prune = 0, recursive = 0, server_side = 0, show_managed = 0;
	int fm_changed = 0, differs = 0;
	struct strvec files = STRVEC_INIT, allow = STRVEC_INIT, args = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_INT("concurrency", 0, &concurrency, U_DIFF_CONCURRENCY),
		{ OPT_T_STRING, "field-manager", 0, &field_manager, U_DIFF_FIELD_MANAGER, NULL, 0,
		  &fm_changed, NULL },
		OPT_STRSLICE("filename", 'f', &files, U_DIFF_FILENAME),
		OPT_BOOL("force-conflicts", 0, &force_conflicts, U_DIFF_FORCE_CONFLICTS),
		OPT_STRING("kustomize", 'k', &kustomize, U_DIFF_KUSTOMIZE),
		OPT_BOOL("prune", 0, &prune, U_DIFF_PRUNE),
		OPT_STRARRAY("prune-allowlist", 0, &allow, U_DIFF_PRUNE_ALLOWLIST),
		OPT_BOOL("recursive", 'R', &recursive, U_DIFF_RECURSIVE),
		OPT_STRING("selector", 'l', &selector, U_DIFF_SELECTOR),
		OPT_BOOL("server-side", 0, &server_side, U_DIFF_SERVER_SIDE),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_DIFF_SHOW_MANAGED_FIELDS),
		OPT_END(),
	};
	struct apply_set set;
	memset(&set, 0, sizeof set);
	char *ns = NULL;
	struct prune_gvk *prune_types = NULL;
	size_t n_prune_types = 0;
	char live_dir[4096] = "", merged_dir[4096] = "";
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		if (rc < 0)
			err->exit_code = 2;
		goto out;
	}
	if (args.nr) {
		struct strbuf m = STRBUF_INIT;
		for (size_t i = 0; i < args.nr; i++)
			strbuf_addf(&m, "%s%s", i ? " " : "", args.v[i]);
		rc = create_usage_error(ctx, err, "Unexpected args: [%s]", m.buf);
		strbuf_release(&m);
		goto fail;
	}
	if (!files.nr && !*kustomize) {
		rc = kc_err_set(err, "must specify one of -f and -k");
		goto fail;
	}
	if (files.nr && *kustomize) {
		rc = kc_err_set(err, "only one of -f or -k can be specified");
		goto fail;
	}
	if (!fm_changed && server_side)
		field_manager = "kubectl";
	if (force_conflicts && !server_side) {
		rc = kc_err_set(err, "--force-conflicts only works with --server-side");
		goto fail;
	}
	if (*kustomize) {
		rc = kc_err_set(err, "kc: diff -k is not implemented yet");
		goto fail;
	}
	if (!kc_ctx_rest_config(ctx, err)) {
		rc = -1;
		goto fail;
	}
	int explicit_ns = 0;
	if (!(ns = create_namespace(ctx, &explicit_ns, err))) {
		rc = -1;
		goto fail;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		rc = -1;
		goto fail;
	}
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(live_dir, sizeof live_dir, "%s/LIVE-XXXXXX", tmp);
	snprintf(merged_dir, sizeof merged_dir, "%s/MERGED-XXXXXX", tmp);
	if (!mkdtemp(live_dir)) {
		live_dir[0] = 0;
		rc = kc_err_set(err, "mkdir %s: %s", tmp, go_errno_str(errno));
		goto fail;
	}
	if (!mkdtemp(merged_dir)) {
		merged_dir[0] = 0;
		rc = kc_err_set(err, "mkdir %s: %s", tmp, go_errno_str(errno));
		goto fail;
	}
	struct apply_opts o = {
		.dry_run = "server", .field_manager = field_manager, .validate = "ignore",
		.server_side = server_side, .force_conflicts = force_conflicts, .overwrite = 1,
		.ns = ns, .explicit_ns = explicit_ns, .prog = ctx->prog, .selector = selector,
		.first_error_only = 1,
	};
	if (prune && apply_prune_parse_allowlist(c, &allow, &prune_types, &n_prune_types, err) < 0) {
		rc = -1;
		goto fail;
	}
	if (apply_load(c, &files, recursive, &o, &set, err) < 0) {
		rc = -1;
		goto fail;
	}
	for (size_t i = 0; i < set.n; i++) {
		struct apply_obj *a = &set.v[i];
		json_t *merged = NULL;
		for (int try = 1; try <= DIFF_MAX_RETRIES; try++) {
			if (get_live(c, a) < 0)
				break;
			int force = try == DIFF_MAX_RETRIES, conflict = 0;
			if (force) {
				/* schema.GroupVersionKind's String(): "apps/v1, Kind=Deployment" */
				kc_klog('W', "diff.go:723", "Object (%s, Kind=%s: %s) keeps changing, diffing without lock",
					sget(a->obj, "apiVersion")[0] && !strchr(sget(a->obj, "apiVersion"), '/') ? "/v1" : sget(a->obj, "apiVersion"),
					sget(a->obj, "kind"), a->name);
			}
			if (server_side || !a->live)
				merged = merged_object(c, a, server_side, field_manager, force_conflicts, &conflict);
			else
				merged = merged_patch(c, a, field_manager, force, &conflict);
			if (merged || !conflict || force)
				break;
			kc_err_release(&a->err);
			kc_err_init(&a->err);
		}
		if (!merged) {
			kc_err_move(err, &a->err);
			rc = -1;
			goto fail;
		}
		json_t *from = a->live ? json_deep_copy(a->live) : NULL;
		json_t *to = merged;
		strip_managed(from, show_managed);
		strip_managed(to, show_managed);
		if (!strcmp(sget(to, "kind"), "Secret") && !strcmp(sget(to, "apiVersion"), "v1"))
			mask_secret(from, to);
		struct strbuf name = STRBUF_INIT;
		object_file_name(&name, a);
		rc = write_yaml(live_dir, name.buf, from, err);
		if (rc == 0)
			rc = write_yaml(merged_dir, name.buf, to, err);
		strbuf_release(&name);
		json_decref(from);
		json_decref(to);
		if (rc)
			goto fail;
		if (json_object_get(json_object_get(a->live, "metadata"), "deletionTimestamp")) {
			fflush(stdout);
			fprintf(stderr, "Warning: Detected changes to resource %s which is currently being deleted.\n",
				a->name);
		}
	}
	if (prune && !set.load_failed) {
		/* the tracker: namespaces of the objects, uids of their live versions */
		struct strvec nss = STRVEC_INIT, uids = STRVEC_INIT;
		for (size_t i = 0; i < set.n; i++) {
			const char *u = sget(json_object_get(set.v[i].live, "metadata"), "uid");
			if (*u)
				strvec_push(&uids, u);
			int seen = !set.v[i].res->namespaced;
			for (size_t j = 0; !seen && j < nss.nr; j++)
				seen = !strcmp(nss.v[j], set.v[i].ns);
			if (!seen)
				strvec_push(&nss, set.v[i].ns);
		}
		struct kc_err perr = KC_ERR_INIT;
		if (apply_prune_visit(c, &nss, prune_types, n_prune_types, selector, &uids,
				      write_pruned, live_dir, &perr) < 0)
			kc_klog('W', "diff.go:760", "pruning failed and could not be evaluated err: %s",
				perr.msg.buf);
		kc_err_release(&perr);
		strvec_clear(&nss);
		strvec_clear(&uids);
	}
	if (set.load_failed) {
		kc_err_move(err, &set.load_err);
		rc = -1;
		goto fail;
	}
	rc = run_diff(live_dir, merged_dir, err);
	if (rc < 0)
		goto fail;
	differs = rc == 1;
	rc = 0;
	goto out;
fail:
	err->exit_code = 2;
out:
	if (*live_dir)
		remove_tree(live_dir);
	if (*merged_dir)
		remove_tree(merged_dir);
	free(ns);
	free(prune_types);
	apply_set_release(&set);
	strvec_clear(&files);
	strvec_clear(&allow);
	strvec_clear(&args);
	if (differs)
		return 1;
	return rc < 0 ? -1 : 0;
}
