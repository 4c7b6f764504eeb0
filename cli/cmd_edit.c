/* kc edit: kubectl edit (k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go):
 * the objects (one, or a v1 List of several) go to a temporary file with
 * kubectl's header comment, $KUBE_EDITOR / $EDITOR / vi edits it, and each
 * changed object is sent back as a strategic merge patch (JSON merge patch
 * for kinds kubectl does not know) computed by a two-way diff (kube/smp.h).
 * Invalid objects re-open the editor with the server's reasons in the header. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/client_setup.h"
#include "cli/cmd_rollout.h"
#include "cli/cmd_rollout_help.h"
#include "cli/kc.h"
#include "kube/smp.h"
#include "kube/validate.h"
#include "util/file.h"
#include "util/json.h"
#include "util/yaml.h"

struct reason {
	char *head;
	struct strvec other;
};

struct edit_state {
	struct reason *reasons;
	size_t nreasons;
	int retryable, notfound, invalid;
};

static void reasons_clear(struct edit_state *s)
{
	for (size_t i = 0; i < s->nreasons; i++) {
		free(s->reasons[i].head);
		strvec_clear(&s->reasons[i].other);
	}
	free(s->reasons);
	s->reasons = NULL;
	s->nreasons = 0;
}

static struct reason *add_reason(struct edit_state *s, const char *head)
{
	s->reasons = xrealloc(s->reasons, (s->nreasons + 1) * sizeof(*s->reasons));
	struct reason *r = &s->reasons[s->nreasons++];
	r->head = xstrdup(head);
	strvec_init(&r->other);
	return r;
}

/* hashOnLineBreak: continue a comment over line breaks */
static void add_hashed(struct strbuf *out, const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\n' && s[i + 1] && s[i + 1] != '#')
			strbuf_addstr(out, "\n# ");
		else
			strbuf_addch(out, s[i]);
	}
}

static void write_header(struct strbuf *out, const struct edit_state *s)
{
	strbuf_addstr(out, "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
			   "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
			   "# reopened with the relevant failures.\n"
			   "#\n");
	for (size_t i = 0; i < s->nreasons; i++) {
		strbuf_addstr(out, "# ");
		add_hashed(out, s->reasons[i].head);
		strbuf_addstr(out, s->reasons[i].other.nr ? ":\n" : "\n");
		for (size_t j = 0; j < s->reasons[i].other.nr; j++) {
			strbuf_addstr(out, "# * ");
			add_hashed(out, s->reasons[i].other.v[j]);
			strbuf_addch(out, '\n');
		}
		strbuf_addstr(out, "#\n");
	}
}

/* cmdutil.ManualStrip: drop comment lines ("#!" stays) */
static void manual_strip(struct strbuf *out, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		int comment = q < le && *q == '#' && !(q + 1 < le && q[1] == '!');
		if (!comment) {
			strbuf_add(out, p, (size_t)(le - p));
			if (nl)
				strbuf_addch(out, '\n');
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* cmdutil.StripComments compared: the documents as JSON when both parse,
 * else the bytes without comment lines. */
static int same_content(const struct strbuf *a, const struct strbuf *b)
{
	json_t *x = yaml_load(a->buf, a->len, NULL, NULL);
	json_t *y = x ? yaml_load(b->buf, b->len, NULL, NULL) : NULL;
	int eq;
	if (x && y) {
		eq = json_equal(x, y);
	} else {
		struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
		if (x)
			manual_strip(&sa, a->buf, a->len);
		else
			manual_strip(&sa, a->buf, a->len);
		manual_strip(&sb, b->buf, b->len);
		eq = sa.len == sb.len && !memcmp(sa.buf, sb.buf, sa.len);
		strbuf_release(&sa);
		strbuf_release(&sb);
	}
	json_decref(x);
	json_decref(y);
	return eq;
}

static int has_lines(const struct strbuf *b)
{
	const char *p = b->buf;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' || *p == '\f')
			p++;
		if (*p && *p != '\n' && *p != '#')
			return 1;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return 0;
}

/* Go's %q of a path (printable ASCII kept) */
static void go_quote(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

/* Editor.Launch: KUBE_EDITOR, EDITOR, vi; split on spaces, or through
 * $SHELL -c when it holds quotes or backslashes. */
static int launch_editor(const char *path, struct kc_err *err)
{
	const char *ed = getenv("KUBE_EDITOR");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	struct strvec argv = STRVEC_INIT;
	if (!strchr(ed, ' ')) {
		strvec_push(&argv, ed);
		strvec_push(&argv, path);
	} else if (!strpbrk(ed, "\"'\\")) {
		strvec_split(&argv, ed, ' ');
		strvec_push(&argv, path);
	} else {
		const char *sh = getenv("SHELL");
		struct strbuf cmd = STRBUF_INIT;
		strbuf_addf(&cmd, "%s ", ed);
		go_quote(&cmd, path);
		strvec_push(&argv, sh && *sh ? sh : "/bin/bash");
		strvec_push(&argv, "-c");
		strvec_push_nodup(&argv, strbuf_detach(&cmd, NULL));
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		strvec_clear(&argv);
		return kc_err_set(err, "there was a problem with the editor \"%s\"", ed);
	}
	if (pid == 0) {
		const char **av = xcalloc(argv.nr + 1, sizeof(*av));
		for (size_t i = 0; i < argv.nr; i++)
			av[i] = argv.v[i];
		execvp(av[0], (char *const *)av);
		_exit(errno == ENOENT ? 127 : 126);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	strvec_clear(&argv);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	/* exec.ErrNotFound: the program is not on PATH */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !strchr(ed, '/'))
		return kc_err_set(err, "unable to launch the editor \"%s\"", ed);
	return kc_err_set(err, "there was a problem with the editor \"%s\"", ed);
}

static const char *meta_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(obj, "metadata"), key));
	return s ? s : "";
}

static void resource_string(struct strbuf *sb, const struct kc_api_resource *r)
{
	strbuf_addstr(sb, r->name);
	if (*r->group)
		strbuf_addf(sb, ".%s", r->group);
}

int cmd_edit(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_EDIT_USE, .long_ = HELP_EDIT_LONG, .example = HELP_EDIT_EXAMPLE,
	};
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT;
	const char *kustomize = "", *output = "", *template_arg = "", *subresource = "";
	const char *field_manager = "kubectl-edit", *validate = "strict";
	struct kc_validator *val = NULL;
	int recursive = 0, allow_missing = 1, show_managed = 0, output_patch = 0, save_config = 0;
	int wle = 0;
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_EDIT_ALLOW_MISSING_TEMPLATE_KEYS),
		OPT_STRING("field-manager", 0, &field_manager, U_EDIT_FIELD_MANAGER),
		OPT_STRSLICE("filename", 'f', &files, U_EDIT_FILENAME),
		OPT_STRING("kustomize", 'k', &kustomize, U_EDIT_KUSTOMIZE),
		OPT_STRING("output", 'o', &output, U_EDIT_OUTPUT),
		OPT_BOOL("output-patch", 0, &output_patch, U_EDIT_OUTPUT_PATCH),
		OPT_BOOL("recursive", 'R', &recursive, U_EDIT_RECURSIVE),
		OPT_BOOL("save-config", 0, &save_config, U_EDIT_SAVE_CONFIG),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_EDIT_SHOW_MANAGED_FIELDS),
		OPT_STRING("subresource", 0, &subresource, U_EDIT_SUBRESOURCE),
		OPT_STRING("template", 0, &template_arg, U_EDIT_TEMPLATE),
		{ OPT_T_STRING, "validate", 0, &validate, U_EDIT_VALIDATE, "strict", 0, NULL, NULL },
		OPT_BOOL("windows-line-endings", 0, &wle, U_EDIT_WINDOWS_LINE_ENDINGS),
		OPT_END(),
	};
	struct ro_targets t = RO_TARGETS_INIT;
	struct edit_state st = { NULL, 0, 0, 0, 0 };
	struct strbuf original = STRBUF_INIT, edited = STRBUF_INIT, buf = STRBUF_INIT;
	char *file = NULL;
	json_t *docs = NULL;
	int ret = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	if (*kustomize) {
		ret = kc_err_set(err, "-k is not implemented in kc yet");
		goto out;
	}
	if (*subresource && strcmp(subresource, "status") && strcmp(subresource, "scale")) {
		ret = kc_err_set(err, "invalid subresource value: \"%s\". Must be one of [status scale]", subresource);
		goto out;
	}
	if (save_config) {
		ret = kc_err_set(err, "edit --save-config is not implemented in kc yet");
		goto out;
	}
	int json_out = !strcmp(output, "json");
	if (*output && !json_out && strcmp(output, "yaml")) {
		ret = kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: json,yaml", output);
		goto out;
	}
	struct ro_select sel = { &args, &files, recursive, "", 0, 0, 0 };
	if ((ret = ro_resolve(ctx, &sel, &t, err)) < 0)
		goto out;
	if (t.errs.len) {
		ret = ro_finish(&t, 0, err);
		goto out;
	}
	if (!t.n) {
		ret = kc_err_set(err, "edit cancelled, no objects found");
		goto out;
	}
	/* the document to edit, without managedFields */
	json_t *orig_doc;
	if (t.n == 1) {
		orig_doc = json_deep_copy(t.v[0].obj);
		json_object_del(json_object_get(orig_doc, "metadata"), "managedFields");
	} else {
		json_t *items = json_array();
		for (size_t i = 0; i < t.n; i++) {
			json_t *c = json_deep_copy(t.v[i].obj);
			json_object_del(json_object_get(c, "metadata"), "managedFields");
			json_array_append_new(items, c);
		}
		orig_doc = json_pack("{s:s, s:o, s:s, s:{}}", "apiVersion", "v1", "items", items, "kind", "List",
				     "metadata");
	}
	if (json_out) {
		json_emit(&original, orig_doc, JSON_OUT_SORT_KEYS);
		strbuf_addch(&original, '\n');
	} else if (yaml_emit_checked(&original, orig_doc, err) < 0) {
		json_decref(orig_doc);
		ret = -1;
		goto out;
	}
	json_decref(orig_doc);
	int contains_error = 0, printed_any = 0;
	struct strbuf prev = STRBUF_INIT;
	for (;;) {
		strbuf_reset(&buf);
		write_header(&buf, &st);
		if (!contains_error)
			strbuf_addbuf(&buf, &original);
		else
			manual_strip(&buf, edited.buf, edited.len);
		if (wle) {
			struct strbuf crlf = STRBUF_INIT;
			for (size_t i = 0; i < buf.len; i++) {
				if (buf.buf[i] == '\n')
					strbuf_addch(&crlf, '\r');
				strbuf_addch(&crlf, buf.buf[i]);
			}
			strbuf_reset(&buf);
			strbuf_addbuf(&buf, &crlf);
			strbuf_release(&crlf);
		}
		/* os.CreateTemp("", "kubectl-edit-*.yaml") */
		const char *tmp = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/%s-edit-XXXXXX%s", tmp && *tmp ? tmp : "/tmp", ctx->prog,
				       json_out ? ".json" : ".yaml");
		int fd = mkstemps(tmpl, json_out ? 5 : 5);
		if (fd < 0) {
			ret = kc_err_set(err, "open %s: %s", tmpl, go_errno_str(errno));
			free(tmpl);
			break;
		}
		if (write(fd, buf.buf, buf.len) != (ssize_t)buf.len) {
			close(fd);
			ret = kc_err_set(err, "write %s: %s", tmpl, go_errno_str(errno));
			free(tmpl);
			break;
		}
		close(fd);
		strbuf_reset(&prev);
		strbuf_addbuf(&prev, &edited);
		if (launch_editor(tmpl, err) < 0) {
			if (file && file_exists(file))
				fprintf(stderr, "A copy of your changes has been stored to \"%s\"\n", file);
			free(tmpl);
			ret = -1;
			break;
		}
		strbuf_reset(&edited);
		if (file_read(tmpl, &edited, err) < 0) {
			free(tmpl);
			ret = -1;
			break;
		}
		if (contains_error && same_content(&prev, &edited)) {
			fprintf(stderr, "A copy of your changes has been stored to \"%s\"\n", tmpl);
			free(file);
			file = tmpl;
			ret = kc_err_set(err, "Edit cancelled, no valid changes were saved.");
			break;
		}
		if (file) {
			unlink(file);
			free(file);
		}
		file = tmpl;
		/* schema.ValidateBytes: with validation on, what is not an object with a
		 * kind (an empty file, a syntax error) fails before anything else */
		if (strcmp(validate, "ignore") && strcmp(validate, "false")) {
			struct strbuf stripped = STRBUF_INIT;
			manual_strip(&stripped, edited.buf, edited.len);
			json_t *v = yaml_load_stream(stripped.buf, stripped.len, NULL, NULL, NULL);
			int ok = v != NULL && json_array_size(v) > 0;
			size_t vi;
			json_t *vd;
			json_array_foreach(v, vi, vd)
				if (!json_is_object(vd) || !json_is_string(json_object_get(vd, "kind")))
					ok = 0;
			/* the schema: on the client when the server cannot validate */
			struct kc_err verr = KC_ERR_INIT;
			if (ok) {
				if (!val)
					val = kc_validator_new(t.client, validate);
				json_array_foreach(v, vi, vd)
					if (!kc_err_isset(&verr) && kc_validator_check(val, vd, &verr) < 0)
						ok = 0;
			}
			json_decref(v);
			strbuf_release(&stripped);
			if (!ok) {
				struct strbuf rs = STRBUF_INIT, h = STRBUF_INIT;
				resource_string(&rs, t.v[0].res);
				reasons_clear(&st);
				strbuf_addf(&h, "%s \"%s\" was not valid", rs.buf, meta_str(t.v[0].obj, "name"));
				struct reason *r = add_reason(&st, h.buf);
				if (kc_err_isset(&verr))
					strvec_pushf(&r->other, "<nil>: Invalid value: \"The edited file failed validation\": %s",
						     verr.msg.buf);
				else
					strvec_push(&r->other, ": Invalid value: \"The edited file failed validation\"");
				kc_err_release(&verr);
				fprintf(stderr, "error: %s \"%s\" is invalid\n", rs.buf, meta_str(t.v[0].obj, "name"));
				strbuf_release(&rs);
				strbuf_release(&h);
				contains_error = 1;
				continue;
			}
		}
		if (same_content(&original, &edited)) {
			unlink(file);
			fprintf(stderr, "Edit cancelled, no changes made.\n");
			break;
		}
		if (!has_lines(&edited)) {
			unlink(file);
			fprintf(stderr, "Edit cancelled, saved file was empty.\n");
			break;
		}
		reasons_clear(&st);
		st.retryable = st.notfound = st.invalid = 0;
		/* parse the edited file: documents, Lists flattened */
		struct kc_err perr = KC_ERR_INIT;
		json_decref(docs);
		docs = yaml_load_stream(edited.buf, edited.len, NULL, NULL, &perr);
		if (!docs) {
			struct strbuf h = STRBUF_INIT;
			strbuf_addf(&h, "The edited file had a syntax error: error converting YAML to JSON: %s", perr.msg.buf);
			add_reason(&st, h.buf);
			strbuf_release(&h);
			kc_err_release(&perr);
			contains_error = 1;
			continue;
		}
		json_t *objs = json_array();
		size_t di;
		json_t *d;
		json_array_foreach(docs, di, d) {
			if (!json_is_object(d))
				continue;
			const char *k = json_string_value(json_object_get(d, "kind"));
			json_t *items = json_object_get(d, "items");
			if (k && strlen(k) >= 4 && !strcmp(k + strlen(k) - 4, "List") && json_is_array(items)) {
				size_t ii;
				json_t *it;
				json_array_foreach(items, ii, it)
					json_array_append(objs, it);
			} else {
				json_array_append(objs, d);
			}
		}
		contains_error = 0;
		json_t *obj;
		size_t oi;
		json_array_foreach(objs, oi, obj) {
			const char *uid = meta_str(obj, "uid");
			struct ro_target *tg = NULL;
			for (size_t i = 0; i < t.n; i++)
				if (!strcmp(meta_str(t.v[i].obj, "uid"), uid))
					tg = &t.v[i];
			if (!tg) {
				ret = kc_err_set(err, "no original object found for the edited object \"%s\"", meta_str(obj, "name"));
				break;
			}
			json_t *orig = json_deep_copy(tg->obj);
			json_t *mod = json_deep_copy(obj);
			json_object_del(json_object_get(orig, "metadata"), "managedFields");
			json_object_del(json_object_get(mod, "metadata"), "managedFields");
			if (json_equal(orig, mod)) {
				ro_print(tg->res, tg->obj, output, template_arg, allow_missing, show_managed, "skipped", err);
				printed_any = 1;
				json_decref(orig);
				json_decref(mod);
				continue;
			}
			const char *av0 = json_string_value(json_object_get(orig, "apiVersion"));
			const char *av1 = json_string_value(json_object_get(mod, "apiVersion"));
			const char *k0 = json_string_value(json_object_get(orig, "kind"));
			const char *k1 = json_string_value(json_object_get(mod, "kind"));
			if (!av1 || !k1 || strcmp(av0 ? av0 : "", av1) || strcmp(k0 ? k0 : "", k1) ||
			    strcmp(meta_str(orig, "name"), meta_str(mod, "name"))) {
				json_decref(orig);
				json_decref(mod);
				if (file && file_exists(file))
					fprintf(stderr, "A copy of your changes has been stored to \"%s\"\n", file);
				ret = kc_err_set(err, "At least one of apiVersion, kind and name was changed");
				break;
			}
			int known = smp_known_kind(tg->res->group, tg->res->kind);
			struct kc_err e = KC_ERR_INIT;
			json_t *patch = known ? smp_create_two_way(orig, mod, tg->res->group, tg->res->kind, &e)
					      : jmp_create_two_way(orig, mod, &e);
			json_decref(orig);
			json_decref(mod);
			if (!patch) {
				kc_err_move(err, &e);
				ret = -1;
				break;
			}
			struct strbuf pb = STRBUF_INIT;
			json_emit(&pb, patch, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
			json_decref(patch);
			if (output_patch)
				printf("Patch: %s\n", pb.buf);
			json_t *got = NULL;
			{
				/* PATCH …/NAME[/SUBRESOURCE]?fieldManager=…&fieldValidation=… */
				const char *name = meta_str(tg->obj, "name");
				char *base = kc_resource_path(tg->res, tg->res->namespaced ? tg->ns : NULL, name);
				struct strbuf path = STRBUF_INIT;
				strbuf_addstr(&path, base);
				free(base);
				if (*subresource)
					strbuf_addf(&path, "/%s", subresource);
				strbuf_addf(&path, "?fieldManager=%s", field_manager);
				const char *fv = !strcmp(validate, "true") || !strcmp(validate, "strict") ? "Strict"
						 : !strcmp(validate, "warn") ? "Warn" : "Ignore";
				strbuf_addf(&path, "&fieldValidation=%s", fv);
				struct kc_request req = KC_REQUEST_INIT;
				struct kc_response resp;
				req.method = "PATCH";
				req.path = path.buf;
				req.content_type = known ? "application/strategic-merge-patch+json"
							 : "application/merge-patch+json";
				req.body = pb.buf;
				req.body_len = pb.len;
				if (kc_client_do(t.client, &req, &resp, &e) == 0) {
					if (resp.code >= 200 && resp.code <= 299) {
						got = json_parse(resp.body.buf, resp.body.len, &e);
					} else {
						char *reason = NULL, *message = NULL;
						long code = 0;
						kc_status_decode(resp.body.buf, resp.body.len, &reason, &message, &code);
						struct strbuf rs = STRBUF_INIT;
						resource_string(&rs, tg->res);
						if (reason && !strcmp(reason, "Invalid")) {
							struct strbuf h = STRBUF_INIT;
							strbuf_addf(&h, "%s \"%s\" was not valid", rs.buf, name);
							struct reason *r = add_reason(&st, h.buf);
							strbuf_release(&h);
							json_t *body = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
							size_t ci;
							json_t *c;
							json_array_foreach(json_object_get(json_object_get(body, "details"), "causes"), ci, c) {
								const char *f = json_string_value(json_object_get(c, "field"));
								const char *m = json_string_value(json_object_get(c, "message"));
								strvec_pushf(&r->other, "%s: %s", f ? f : "", m ? m : "");
							}
							json_decref(body);
							fprintf(stderr, "error: %s \"%s\" is invalid\n", rs.buf, name);
							st.invalid++;
						} else if (reason && !strcmp(reason, "NotFound")) {
							fprintf(stderr, "error: %s \"%s\" could not be found on the server\n", rs.buf, name);
							st.notfound++;
						} else {
							fprintf(stderr, "error: %s \"%s\" could not be patched: %s\n", rs.buf, name,
								message ? message : resp.body.buf);
							st.retryable++;
						}
						strbuf_release(&rs);
						free(reason);
						free(message);
					}
				} else {
					struct strbuf rs = STRBUF_INIT;
					resource_string(&rs, tg->res);
					fprintf(stderr, "error: %s \"%s\" could not be patched: %s\n", rs.buf, name, e.msg.buf);
					strbuf_release(&rs);
					st.retryable++;
				}
				kc_response_release(&resp);
				strbuf_release(&path);
			}
			strbuf_release(&pb);
			kc_err_release(&e);
			if (got) {
				ro_print(tg->res, got, output, template_arg, allow_missing, show_managed, "edited", err);
				printed_any = 1;
				json_decref(got);
			}
		}
		json_decref(objs);
		if (ret < 0)
			break;
		if (st.retryable) {
			fprintf(stderr, "You can run `%s replace -f %s` to try this update again.\n", ctx->prog, file);
			ret = 1;
			break;
		}
		if (st.notfound) {
			fprintf(stderr, "The edits you made on deleted resources have been saved to \"%s\"\n", file);
			ret = 1;
			break;
		}
		if (!st.invalid) {
			unlink(file);
			break;
		}
		contains_error = st.nreasons > 0;
	}
	(void)printed_any;
	strbuf_release(&prev);
	if (ret == 0)
		ret = kc_finish_output(err);
out:
	kc_validator_free(val);
	reasons_clear(&st);
	json_decref(docs);
	free(file);
	strbuf_release(&original);
	strbuf_release(&edited);
	strbuf_release(&buf);
	ro_targets_release(&t);
	strvec_clear(&files);
	strvec_clear(&args);
	return ret;
}
