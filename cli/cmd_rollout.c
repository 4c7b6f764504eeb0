/* kc rollout: kubectl rollout status|history|undo|pause|resume|restart
 * (k8s.io/kubectl/pkg/cmd/rollout, pkg/polymorphichelpers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_rollout.h"
#include "cli/cmd_rollout_help.h"
#include "cli/kc.h"
#include "cli/tabwriter.h"
#include "kube/rollout.h"
#include "kube/smp.h"
#include "util/gostr.h"
#include "util/json.h"

#define HELP(ID) { .use = HELP_##ID##_USE, .long_ = HELP_##ID##_LONG, .example = HELP_##ID##_EXAMPLE }

#define RO_SELECT_OPTS(P, files, recursive, selector, kustomize) \
	OPT_STRSLICE("filename", 'f', &(files), P##_FILENAME), \
	OPT_STRING("kustomize", 'k', &(kustomize), P##_KUSTOMIZE), \
	OPT_BOOL("recursive", 'R', &(recursive), P##_RECURSIVE), \
	OPT_STRING("selector", 'l', &(selector), P##_SELECTOR)

static int need_resource(const struct strvec *args, const struct strvec *files, const char *kustomize,
			 struct kc_err *err)
{
	if (!args->nr && !files->nr && !*kustomize)
		return kc_err_set(err, "required resource not specified");
	return 0;
}

static int no_kustomize(const char *k, struct kc_err *err)
{
	if (*k)
		return kc_err_set(err, "-k is not implemented in kc yet");
	return 0;
}

static const char *obj_name(const json_t *obj)
{
	const char *s = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	return s ? s : "";
}

/* apps.GroupKindElement.Accept: the kinds kubectl's polymorphic helpers visit.
 * 0 if there is a visitor method, else -1 with "no visitor method exists for
 * {GROUP KIND}" in msg. */
static int visitable(const struct kc_api_resource *r, struct strbuf *msg)
{
	const char *g = r->group, *k = r->kind;
	if ((!strcmp(g, "apps") && (!strcmp(k, "Deployment") || !strcmp(k, "StatefulSet") ||
				    !strcmp(k, "DaemonSet") || !strcmp(k, "ReplicaSet"))) ||
	    (!strcmp(g, "extensions") && (!strcmp(k, "Deployment") || !strcmp(k, "DaemonSet") ||
					  !strcmp(k, "ReplicaSet"))) ||
	    (!strcmp(g, "batch") && (!strcmp(k, "Job") || !strcmp(k, "CronJob"))) ||
	    (!*g && (!strcmp(k, "Pod") || !strcmp(k, "ReplicationController"))))
		return 0;
	strbuf_addf(msg, "no visitor method exists for {%s %s}", g, k);
	return -1;
}

/* "error retrieving history for \"Service\", no visitor method …" or "no
 * history viewer has been implemented for \"Pod\"" */
static void no_helper(struct kc_err *e, const struct kc_api_resource *r, const char *what, const char *helper)
{
	struct strbuf gk = STRBUF_INIT, why = STRBUF_INIT;
	ro_group_kind(&gk, r);
	if (visitable(r, &why) < 0)
		kc_err_set(e, "error retrieving %s for \"%s\", %s", what, gk.buf, why.buf);
	else
		kc_err_set(e, "no %s has been implemented for \"%s\"", helper, gk.buf);
	strbuf_release(&gk);
	strbuf_release(&why);
}

/* ---------------------------------------------------------------- status */

struct status_watch {
	enum kc_rollout_kind kind;
	long long revision;
	int watch;
	int finished;       /* the condition returned true */
	int failed;
	struct kc_err err;
	char *rv;           /* last resourceVersion seen */
};

static int status_event(void *ud, const char *type, json_t *obj)
{
	struct status_watch *s = ud;
	const char *rv = json_string_value(json_object_get(json_object_get(obj, "metadata"), "resourceVersion"));
	if (rv) {
		free(s->rv);
		s->rv = xstrdup(rv);
	}
	if (!strcmp(type, "BOOKMARK"))
		return 0;
	if (!strcmp(type, "DELETED")) {
		kc_err_set(&s->err, "object has been deleted");
		s->failed = 1;
		return 1;
	}
	if (strcmp(type, "ADDED") && strcmp(type, "MODIFIED")) {
		kc_err_set(&s->err, "internal error: unexpected event");
		s->failed = 1;
		return 1;
	}
	struct strbuf msg = STRBUF_INIT;
	int done = 0;
	if (kc_rollout_status(s->kind, obj, s->revision, &msg, &done, &s->err) < 0) {
		s->failed = 1;
		strbuf_release(&msg);
		return 1;
	}
	fputs(msg.buf, stdout);
	fflush(stdout);
	strbuf_release(&msg);
	if (done || !s->watch) {
		s->finished = 1;
		return 1;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* watchtools.UntilWithSync over a field-selected list+watch of the object. */
static int status_one(struct kc_client *c, const struct ro_target *t, enum kc_rollout_kind kind,
		      long long revision, int watch, int64_t timeout_ns, struct kc_err *err)
{
	struct status_watch s = { kind, revision, watch, 0, 0, KC_ERR_INIT, NULL };
	char *base = kc_resource_path(t->res, t->res->namespaced ? t->ns : NULL, NULL);
	const char *name = obj_name(t->obj);
	struct strbuf fs = STRBUF_INIT, path = STRBUF_INIT;
	int ret = -1;
	double deadline = timeout_ns > 0 ? now_s() + timeout_ns / 1e9 : 0;
	strbuf_addstr(&fs, "metadata.name%3D");
	for (const char *p = name; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')
			strbuf_addch(&fs, (char)ch);
		else
			strbuf_addf(&fs, "%%%02X", ch);
	}
	strbuf_addf(&path, "%s?fieldSelector=%s&limit=500&resourceVersion=0", base, fs.buf);
	json_t *list = kc_client_get_json(c, path.buf, err);
	if (!list)
		goto out;
	const char *lrv = json_string_value(json_object_get(json_object_get(list, "metadata"), "resourceVersion"));
	s.rv = xstrdup(lrv ? lrv : "");
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (status_event(&s, "ADDED", it))
			break;
	}
	json_decref(list);
	while (!s.finished && !s.failed) {
		long long secs = 300 + (long long)(rand() % 300);
		if (deadline) {
			double left = deadline - now_s();
			if (left <= 0)
				break;
			secs = (long long)left + (left > (long long)left ? 1 : 0);
		}
		strbuf_reset(&path);
		strbuf_addf(&path, "%s?allowWatchBookmarks=true&fieldSelector=%s&resourceVersion=%s&timeoutSeconds=%lld&watch=true",
			    base, fs.buf, s.rv, secs);
		if (kc_client_watch(c, path.buf, status_event, &s, err) < 0)
			goto out;
		if (deadline && now_s() >= deadline)
			break;
	}
	if (s.failed) {
		kc_err_move(err, &s.err);
		goto out;
	}
	if (!s.finished) {
		kc_err_set(err, "timed out waiting for the condition");
		goto out;
	}
	ret = 0;
out:
	kc_err_release(&s.err);
	free(s.rv);
	free(base);
	strbuf_release(&fs);
	strbuf_release(&path);
	return ret;
}

static int cmd_rollout_status(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(ROLLOUT_STATUS);
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT;
	const char *kustomize = "", *selector = "", *timeout = "0s";
	int recursive = 0, watch = 1;
	long revision = 0;
	const struct kc_option opts[] = {
		RO_SELECT_OPTS(U_ROLLOUT_STATUS, files, recursive, selector, kustomize),
		OPT_INT("revision", 0, &revision, U_ROLLOUT_STATUS_REVISION),
		OPT_DURATION("timeout", 0, &timeout, U_ROLLOUT_STATUS_TIMEOUT),
		OPT_BOOL("watch", 'w', &watch, U_ROLLOUT_STATUS_WATCH),
		OPT_END(),
	};
	struct ro_targets t = RO_TARGETS_INIT;
	int ret = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	if ((ret = need_resource(&args, &files, kustomize, err)) < 0 || (ret = no_kustomize(kustomize, err)) < 0)
		goto out;
	if (revision < 0) {
		ret = kc_err_set(err, "revision must be a positive integer: %ld", revision);
		goto out;
	}
	int64_t tns = 0;
	go_parse_duration(timeout, &tns, NULL);
	struct ro_select sel = { &args, &files, recursive, selector, 0, 0, 0 };
	if ((ret = ro_resolve(ctx, &sel, &t, err)) < 0)
		goto out;
	for (size_t i = 0; i < t.n; i++) {
		enum kc_rollout_kind k = kc_rollout_kind_of(t.v[i].res->group, t.v[i].res->kind);
		struct kc_err e = KC_ERR_INIT;
		if (k == KC_RK_NONE) {
			struct strbuf gk = STRBUF_INIT;
			ro_group_kind(&gk, t.v[i].res);
			kc_err_set(&e, "no status viewer has been implemented for %s", gk.buf);
			strbuf_release(&gk);
		} else {
			if (tns < 0)
				kc_klog('E', "until.go:159", "Timeout for context shall not be negative!");
			status_one(t.client, &t.v[i], k, revision, watch, tns, &e);
		}
		if (kc_err_isset(&e))
			ro_add_err(&t, &e);
		kc_err_release(&e);
	}
	if (!t.n && !t.errs.len)
		fprintf(stderr, "No resources found in %s namespace.\n", t.ns);
	ret = ro_finish(&t, 0, err);
out:
	ro_targets_release(&t);
	strvec_clear(&files);
	strvec_clear(&args);
	return ret;
}

/* ---------------------------------------------------------------- history */

struct revision {
	long long rev;
	json_t *obj;       /* the ReplicaSet / ControllerRevision (borrowed from list) */
};

static int rev_cmp(const void *a, const void *b)
{
	const struct revision *x = a, *y = b;
	return x->rev < y->rev ? -1 : x->rev > y->rev;
}

/* Every revision of a workload, sorted, later duplicates replacing earlier
 * (Go's map). *list holds the new list document the entries borrow from. */
static int workload_history(struct kc_client *c, const struct ro_target *t, enum kc_rollout_kind k,
			    struct revision **out, size_t *n, json_t **list, struct kc_err *err)
{
	struct strbuf sel = STRBUF_INIT, path = STRBUF_INIT;
	const char *name = obj_name(t->obj);
	int ret = -1;
	*out = NULL;
	*n = 0;
	*list = NULL;
	if (kc_label_selector_string(json_object_get(json_object_get(t->obj, "spec"), "selector"), &sel, err) < 0)
		goto out;
	strbuf_addf(&path, "/apis/apps/v1/namespaces/%s/%s", t->ns,
		    k == KC_RK_DEPLOYMENT ? "replicasets" : "controllerrevisions");
	if (sel.len) {
		strbuf_addstr(&path, "?labelSelector=");
		for (const char *p = sel.buf; *p; p++) {
			unsigned char ch = (unsigned char)*p;
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			    ch == '-' || ch == '.' || ch == '_' || ch == '~')
				strbuf_addch(&path, (char)ch);
			else
				strbuf_addf(&path, "%%%02X", ch);
		}
	}
	*list = kc_client_get_json(c, path.buf, err);
	if (!*list) {
		if (k == KC_RK_DEPLOYMENT)
			kc_err_prefix(err, "failed to retrieve replica sets from deployment %s: ", name);
		goto out;
	}
	json_t *items = json_object_get(*list, "items");
	struct revision *revs = xcalloc(json_array_size(items) + 1, sizeof(*revs));
	size_t i, m = 0;
	json_t *it;
	json_array_foreach(items, i, it) {
		if (!kc_is_controlled_by(it, t->obj))
			continue;
		long long r;
		if (k == KC_RK_DEPLOYMENT) {
			int ok;
			r = kc_deployment_revision(it, &ok);
			if (!ok)
				continue;
		} else {
			r = (long long)json_integer_value(json_object_get(it, "revision"));
		}
		size_t j;
		for (j = 0; j < m && revs[j].rev != r; j++)
			;
		revs[j].rev = r;
		revs[j].obj = it;
		if (j == m)
			m++;
	}
	qsort(revs, m, sizeof(*revs), rev_cmp);
	*out = revs;
	*n = m;
	ret = 0;
out:
	strbuf_release(&sel);
	strbuf_release(&path);
	return ret;
}

static const char *change_cause(const json_t *obj)
{
	const char *s = json_string_value(json_object_get(json_object_get(json_object_get(obj, "metadata"), "annotations"),
							  "kubernetes.io/change-cause"));
	return s ? s : "";
}

/* The pod template of a revision, with its change-cause annotation (new). */
static json_t *revision_template(const struct ro_target *t, enum kc_rollout_kind k, const json_t *robj)
{
	json_t *tmpl;
	if (k == KC_RK_DEPLOYMENT)
		tmpl = json_deep_copy(json_object_get(json_object_get(robj, "spec"), "template"));
	else
		tmpl = kc_controller_revision_template(robj);
	if (!tmpl)
		tmpl = json_object();
	if (k == KC_RK_DEPLOYMENT && *change_cause(robj)) {
		json_t *meta = json_object_get(tmpl, "metadata");
		if (!meta) {
			meta = json_object();
			json_object_set_new(tmpl, "metadata", meta);
		}
		json_t *ann = json_object_get(meta, "annotations");
		if (!ann) {
			ann = json_object();
			json_object_set_new(meta, "annotations", ann);
		}
		json_object_set_new(ann, "kubernetes.io/change-cause", json_string(change_cause(robj)));
	}
	(void)t;
	return tmpl;
}

static int cmd_rollout_history(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(ROLLOUT_HISTORY);
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT;
	const char *kustomize = "", *selector = "", *output = "", *template_arg = "";
	int recursive = 0, allow_missing = 1, show_managed = 0;
	long revision = 0;
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_ROLLOUT_HISTORY_ALLOW_MISSING_TEMPLATE_KEYS),
		RO_SELECT_OPTS(U_ROLLOUT_HISTORY, files, recursive, selector, kustomize),
		OPT_STRING("output", 'o', &output, U_ROLLOUT_HISTORY_OUTPUT),
		OPT_INT("revision", 0, &revision, U_ROLLOUT_HISTORY_REVISION),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_ROLLOUT_HISTORY_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_ROLLOUT_HISTORY_TEMPLATE),
		OPT_END(),
	};
	struct ro_targets t = RO_TARGETS_INIT;
	int printed = 0;
	int ret = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	if ((ret = need_resource(&args, &files, kustomize, err)) < 0)
		goto out;
	if (revision < 0) {
		ret = kc_err_set(err, "revision must be a positive integer: %ld", revision);
		goto out;
	}
	if ((ret = no_kustomize(kustomize, err)) < 0)
		goto out;
	struct ro_select sel = { &args, &files, recursive, selector, 0, 0, 0 };
	if ((ret = ro_resolve(ctx, &sel, &t, err)) < 0)
		goto out;
	for (size_t i = 0; i < t.n; i++) {
		const struct ro_target *tg = &t.v[i];
		enum kc_rollout_kind k = kc_rollout_kind_of(tg->res->group, tg->res->kind);
		struct kc_err e = KC_ERR_INIT;
		struct kc_err *err = &e; /* this object's error */
		struct revision *revs;
		size_t n;
		json_t *list;
		ret = 0;
		if (k == KC_RK_NONE) {
			no_helper(err, tg->res, "history", "history viewer");
			goto next;
		}
		if ((ret = workload_history(t.client, tg, k, &revs, &n, &list, err)) < 0)
			goto next;
		if (*output || *template_arg) {
			for (size_t j = 0; j < n && !ret; j++) {
				if (revision > 0 && revs[j].rev != revision)
					continue;
				const struct kc_api_resource *r = kc_mapper_kind(kc_discovery_get(t.client, 0, NULL), "apps", "v1",
										  k == KC_RK_DEPLOYMENT ? "ReplicaSet" : tg->res->kind);
				json_t *o = k == KC_RK_DEPLOYMENT ? json_incref(revs[j].obj)
								  : kc_controller_revision_apply(tg->obj, revs[j].obj);
				if (!o || !r) {
					json_decref(o);
					continue;
				}
				if (k == KC_RK_DEPLOYMENT) {
					json_object_set_new(o, "apiVersion", json_string("apps/v1"));
					json_object_set_new(o, "kind", json_string("ReplicaSet"));
				}
				/* one YAML printer for the command: documents after the first get "---" */
				if (!strcmp(output, "yaml") && printed++)
					fputs("---\n", stdout);
				ret = ro_print(r, o, output, template_arg, allow_missing, show_managed, NULL, err);
				json_decref(o);
			}
		} else {
			struct strbuf text = STRBUF_INIT, op = STRBUF_INIT;
			if (!n) {
				strbuf_addstr(&text, "No rollout history found.");
			} else if (revision > 0) {
				size_t j;
				for (j = 0; j < n && revs[j].rev != revision; j++)
					;
				if (j == n) {
					ret = kc_err_set(err, "unable to find the specified revision");
				} else {
					json_t *tmpl = revision_template(tg, k, revs[j].obj);
					kc_describe_pod_template(tmpl, &text);
					json_decref(tmpl);
				}
			} else {
				struct tabwriter tw;
				tabwriter_init(&tw);
				tw.minwidth = 0;
				tw.padding = 2;
				tabwriter_addf(&tw, "REVISION\tCHANGE-CAUSE\n");
				for (size_t j = 0; j < n; j++) {
					const char *cc = change_cause(revs[j].obj);
					tabwriter_addf(&tw, "%lld\t%s\n", revs[j].rev, *cc ? cc : "<none>");
				}
				tabwriter_flush(&tw, &text);
				tabwriter_release(&tw);
			}
			if (!ret) {
				if (revision > 0)
					strbuf_addf(&op, "with revision #%ld", revision);
				strbuf_addf(&op, "\n%s", text.buf);
				ret = ro_print(tg->res, tg->obj, "", "", 1, 0, op.buf, err);
			}
			strbuf_release(&text);
			strbuf_release(&op);
		}
		free(revs);
		json_decref(list);
next:
		if (kc_err_isset(&e))
			ro_add_err(&t, &e);
		kc_err_release(&e);
	}
	ret = ro_finish(&t, 0, err);
out:
	ro_targets_release(&t);
	strvec_clear(&files);
	strvec_clear(&args);
	return ret;
}

/* ---------------------------------------------------------------- undo */

static int is_skipped_annotation(const char *k)
{
	return !strcmp(k, "kubectl.kubernetes.io/last-applied-configuration") ||
	       !strcmp(k, "deployment.kubernetes.io/revision") ||
	       !strcmp(k, "deployment.kubernetes.io/revision-history") ||
	       !strcmp(k, "deployment.kubernetes.io/desired-replicas") ||
	       !strcmp(k, "deployment.kubernetes.io/max-replicas") ||
	       !strcmp(k, "deprecated.deployment.rollback.to");
}

/* Rollback: the result line's operation in *result (new), or -1 + err. */
static int rollback(struct kc_client *c, const struct ro_target *t, enum kc_rollout_kind k, long to_revision,
		    const char *dry_run, char **result, struct kc_err *err)
{
	struct revision *revs = NULL;
	size_t n = 0;
	json_t *list = NULL, *patch = NULL;
	int ret = -1;
	const char *name = obj_name(t->obj);
	*result = NULL;
	if (to_revision < 0)
		return kc_err_set(err, "unable to find specified revision %ld in history", to_revision);
	/* the rollbacker GETs the object again */
	char *path = kc_resource_path(t->res, t->ns, name);
	json_t *obj = kc_client_get_json(c, path, err);
	free(path);
	if (!obj) {
		kc_err_prefix(err, "failed to retrieve %s %s: ", k == KC_RK_DEPLOYMENT ? "Deployment" : t->res->kind, name);
		return -1;
	}
	struct ro_target t2 = *t;
	t2.obj = obj;
	if (workload_history(c, &t2, k, &revs, &n, &list, err) < 0)
		goto out;
	const json_t *pick = NULL;
	long long picked = 0;
	if (to_revision > 0) {
		for (size_t j = 0; j < n; j++)
			if (revs[j].rev == to_revision) {
				pick = revs[j].obj;
				picked = revs[j].rev;
			}
		if (!pick) {
			kc_err_set(err, "unable to find specified revision %ld in history", to_revision);
			goto out;
		}
	} else if (n >= 2) {
		pick = revs[n - 2].obj;
		picked = revs[n - 2].rev;
	} else {
		if (k == KC_RK_DEPLOYMENT)
			kc_err_set(err, "no rollout history found for deployment \"%s\"", name);
		else
			kc_err_set(err, "no last revision to roll back to");
		goto out;
	}
	json_t *tmpl = revision_template(&t2, k, pick);
	if (k == KC_RK_DEPLOYMENT) {
		/* the template as the ReplicaSet has it, without the change-cause copy */
		json_decref(tmpl);
		tmpl = json_deep_copy(json_object_get(json_object_get(pick, "spec"), "template"));
	}
	if (!strcmp(dry_run, "client")) {
		struct strbuf sb = STRBUF_INIT;
		if (k != KC_RK_DEPLOYMENT)
			strbuf_addstr(&sb, "will roll back to ");
		kc_describe_pod_template(tmpl, &sb);
		*result = strbuf_detach(&sb, NULL);
		json_decref(tmpl);
		ret = 0;
		goto out;
	}
	const json_t *cur = json_object_get(json_object_get(obj, "spec"), "template");
	if (k == KC_RK_DEPLOYMENT && json_is_true(json_object_get(json_object_get(obj, "spec"), "paused"))) {
		json_decref(tmpl);
		kc_err_set(err, "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
		goto out;
	}
	if (kc_template_equal_ignore_hash(tmpl, cur)) {
		json_decref(tmpl);
		*result = xasprintf("skipped rollback (current template already matches revision %lld)", picked);
		ret = 0;
		goto out;
	}
	const char *ctype;
	struct strbuf body = STRBUF_INIT;
	if (k == KC_RK_DEPLOYMENT) {
		json_object_del(json_object_get(json_object_get(tmpl, "metadata"), "labels"), "pod-template-hash");
		json_t *ann = json_object();
		const json_t *da = json_object_get(json_object_get(obj, "metadata"), "annotations");
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)da, key, v)
			if (is_skipped_annotation(key))
				json_object_set(ann, key, v);
		json_object_foreach(json_object_get(json_object_get((json_t *)pick, "metadata"), "annotations"), key, v)
			if (!is_skipped_annotation(key))
				json_object_set(ann, key, v);
		patch = json_pack("[{s:s, s:s, s:o}, {s:s, s:s, s:o}]", "op", "replace", "path", "/spec/template",
				  "value", tmpl, "op", "replace", "path", "/metadata/annotations", "value", ann);
		ctype = "application/json-patch+json";
		json_emit(&body, patch, JSON_OUT_COMPACT);
	} else {
		json_decref(tmpl);
		ctype = "application/strategic-merge-patch+json";
		json_emit(&body, json_object_get(pick, "data"), JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS);
	}
	json_t *res = ro_patch(c, t, ctype, body.buf, NULL, !strcmp(dry_run, "server"), err);
	strbuf_release(&body);
	if (!res) {
		kc_err_prefix(err, "failed restoring revision %ld: ", to_revision);
		goto out;
	}
	json_decref(res);
	*result = xstrdup("rolled back");
	ret = 0;
out:
	free(revs);
	json_decref(list);
	json_decref(patch);
	json_decref(obj);
	return ret;
}

static int check_dry_run(const char **dry_run, struct kc_err *err)
{
	if (!strcmp(*dry_run, "unchanged")) {
		kc_klog('W', "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.");
		*dry_run = "client";
	}
	if (strcmp(*dry_run, "none") && strcmp(*dry_run, "client") && strcmp(*dry_run, "server"))
		return kc_err_set(err, "Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".",
				  *dry_run);
	return 0;
}

static int cmd_rollout_undo(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(ROLLOUT_UNDO);
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT;
	const char *kustomize = "", *selector = "", *output = "", *template_arg = "", *dry_run = "none";
	int recursive = 0, allow_missing = 1, show_managed = 0;
	long to_revision = 0;
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_ROLLOUT_UNDO_ALLOW_MISSING_TEMPLATE_KEYS),
		{ OPT_T_STRING, "dry-run", 0, &dry_run, U_ROLLOUT_UNDO_DRY_RUN, "unchanged", 0, NULL, NULL },
		RO_SELECT_OPTS(U_ROLLOUT_UNDO, files, recursive, selector, kustomize),
		OPT_STRING("output", 'o', &output, U_ROLLOUT_UNDO_OUTPUT),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_ROLLOUT_UNDO_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_ROLLOUT_UNDO_TEMPLATE),
		OPT_INT("to-revision", 0, &to_revision, U_ROLLOUT_UNDO_TO_REVISION),
		OPT_END(),
	};
	struct ro_targets t = RO_TARGETS_INIT;
	int ret = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	if ((ret = need_resource(&args, &files, kustomize, err)) < 0 || (ret = no_kustomize(kustomize, err)) < 0 ||
	    (ret = check_dry_run(&dry_run, err)) < 0)
		goto out;
	struct ro_select sel = { &args, &files, recursive, selector, 0, 0, 0 };
	if ((ret = ro_resolve(ctx, &sel, &t, err)) < 0)
		goto out;
	for (size_t i = 0; i < t.n; i++) {
		const struct ro_target *tg = &t.v[i];
		enum kc_rollout_kind k = kc_rollout_kind_of(tg->res->group, tg->res->kind);
		struct kc_err e = KC_ERR_INIT;
		char *result = NULL;
		if (k == KC_RK_NONE) {
			no_helper(&e, tg->res, "rollbacker", "rollbacker");
		} else if (rollback(t.client, tg, k, to_revision, dry_run, &result, &e) == 0) {
			struct strbuf op = STRBUF_INIT;
			strbuf_addstr(&op, result);
			if (!strcmp(dry_run, "client"))
				strbuf_addstr(&op, " (dry run)");
			else if (!strcmp(dry_run, "server"))
				strbuf_addstr(&op, " (server dry run)");
			if (ro_print(tg->res, tg->obj, output, template_arg, allow_missing, show_managed, op.buf, &e) == 0)
				kc_err_release(&e);
			strbuf_release(&op);
		}
		free(result);
		if (kc_err_isset(&e))
			ro_add_err(&t, &e);
		kc_err_release(&e);
	}
	ret = ro_finish(&t, 0, err);
out:
	ro_targets_release(&t);
	strvec_clear(&files);
	strvec_clear(&args);
	return ret;
}

/* ---------------------------------------------------------------- pause / resume / restart */

enum patch_verb { PV_PAUSE, PV_RESUME, PV_RESTART };

/* The verb's change to a copy of the object, diffed into a strategic merge
 * patch as kubectl's CalculatePatches does; NULL + why when the verb does not
 * apply, NULL + err when the diff fails. */
static char *verb_patch(enum patch_verb v, const struct ro_target *t, const char **why, struct kc_err *err)
{
	enum kc_rollout_kind k = kc_rollout_kind_of(t->res->group, t->res->kind);
	const json_t *spec = json_object_get(t->obj, "spec");
	int paused = json_is_true(json_object_get(spec, "paused"));
	*why = NULL;
	if ((v == PV_PAUSE || v == PV_RESUME) && k != KC_RK_DEPLOYMENT) {
		*why = v == PV_PAUSE ? "pausing is not supported" : "resuming is not supported";
		return NULL;
	}
	if (v == PV_PAUSE && paused) {
		*why = "is already paused";
		return NULL;
	}
	if (v == PV_RESUME && !paused) {
		*why = "is not paused";
		return NULL;
	}
	if (v == PV_RESTART && k == KC_RK_NONE) {
		*why = "restarting is not supported";
		return NULL;
	}
	if (v == PV_RESTART && k == KC_RK_DEPLOYMENT && paused) {
		*why = "can't restart paused deployment (run rollout resume first)";
		return NULL;
	}
	json_t *mod = json_deep_copy(t->obj);
	json_t *mspec = json_object_get(mod, "spec");
	if (!json_is_object(mspec)) {
		mspec = json_object();
		json_object_set_new(mod, "spec", mspec);
	}
	if (v == PV_PAUSE) {
		json_object_set_new(mspec, "paused", json_true());
	} else if (v == PV_RESUME) {
		json_object_del(mspec, "paused"); /* false is omitted by Go's encoder */
	} else {
		char stamp[64];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", &tm);
		/* RFC 3339: Z for UTC, else +hh:mm */
		size_t sl = strlen(stamp);
		if (!strcmp(stamp + sl - 5, "+0000")) {
			strcpy(stamp + sl - 5, "Z");
		} else {
			memmove(stamp + sl - 1, stamp + sl - 2, 3);
			stamp[sl - 2] = ':';
		}
		json_t *tmpl = json_object_get(mspec, "template");
		if (!json_is_object(tmpl)) {
			tmpl = json_object();
			json_object_set_new(mspec, "template", tmpl);
		}
		json_t *meta = json_object_get(tmpl, "metadata");
		if (!json_is_object(meta)) {
			meta = json_object();
			json_object_set_new(tmpl, "metadata", meta);
		}
		json_t *ann = json_object_get(meta, "annotations");
		if (!json_is_object(ann)) {
			ann = json_object();
			json_object_set_new(meta, "annotations", ann);
		}
		json_object_set_new(ann, "kubectl.kubernetes.io/restartedAt", json_string(stamp));
	}
	json_t *patch = smp_create_two_way(t->obj, mod, t->res->group, t->res->kind, err);
	json_decref(mod);
	if (!patch)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, patch, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	json_decref(patch);
	return strbuf_detach(&sb, NULL);
}

static int patch_verb_cmd(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err,
			  enum patch_verb v, const struct kc_cmd_help *help)
{
	struct strvec files = STRVEC_INIT, args = STRVEC_INIT;
	const char *kustomize = "", *selector = "", *output = "", *template_arg = "";
	const char *field_manager = "kubectl-rollout";
	int recursive = 0, allow_missing = 1, show_managed = 0;
	/* the three commands' flags have the same texts */
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, U_ROLLOUT_PAUSE_ALLOW_MISSING_TEMPLATE_KEYS),
		OPT_STRING("field-manager", 0, &field_manager, U_ROLLOUT_PAUSE_FIELD_MANAGER),
		RO_SELECT_OPTS(U_ROLLOUT_PAUSE, files, recursive, selector, kustomize),
		OPT_STRING("output", 'o', &output, U_ROLLOUT_PAUSE_OUTPUT),
		OPT_BOOL("show-managed-fields", 0, &show_managed, U_ROLLOUT_PAUSE_SHOW_MANAGED_FIELDS),
		OPT_STRING("template", 0, &template_arg, U_ROLLOUT_PAUSE_TEMPLATE),
		OPT_END(),
	};
	struct ro_targets t = RO_TARGETS_INIT;
	int ret = kc_parse_options(ctx, argc, argv, opts, help, &args, err);
	if (ret) {
		ret = ret < 0 ? -1 : 0;
		goto out;
	}
	if ((ret = need_resource(&args, &files, kustomize, err)) < 0)
		goto out;
	if ((ret = no_kustomize(kustomize, err)) < 0)
		goto out;
	struct ro_select sel = { &args, &files, recursive, selector, 0, 0, 0 };
	if ((ret = ro_resolve(ctx, &sel, &t, err)) < 0)
		goto out;
	if (!t.n && !t.errs.len) {
		fprintf(stderr, "No resources found in %s namespace.\n", t.ns);
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		const struct ro_target *tg = &t.v[i];
		const char *why;
		struct kc_err e = KC_ERR_INIT;
		char *patch = verb_patch(v, tg, &why, &e);
		if (!patch && !why) {
			/* the diff failed: err says why */
		} else if (!patch) {
			strbuf_addf(&e.msg, "error: %s%s%s \"%s\" %s", tg->res->name, *tg->res->group ? "." : "",
				    tg->res->group, obj_name(tg->obj), why);
			e.kind = KC_ERR_RAW;
		} else if (!strcmp(patch, "{}")) {
			if (v == PV_PAUSE) {
				ro_print(tg->res, tg->obj, output, template_arg, allow_missing, show_managed,
					 "already paused", &e);
			} else {
				kc_err_set(&e, "failed to create patch for %s: if restart has already been triggered within the past second, please wait before attempting to trigger another",
					   obj_name(tg->obj));
			}
		} else {
			json_t *res = ro_patch(t.client, tg, "application/strategic-merge-patch+json", patch,
					       field_manager, 0, &e);
			if (!res) {
				kc_err_prefix(&e, "failed to patch: ");
			} else {
				static const char *const done[] = { "paused", "resumed", "restarted" };
				ro_print(tg->res, res, output, template_arg, allow_missing, show_managed, done[v], &e);
				json_decref(res);
			}
		}
		free(patch);
		if (kc_err_isset(&e))
			ro_add_err(&t, &e);
		kc_err_release(&e);
	}
	ret = ro_finish(&t, 0, err);
out:
	ro_targets_release(&t);
	strvec_clear(&files);
	strvec_clear(&args);
	return ret;
}

static int cmd_rollout_pause(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(ROLLOUT_PAUSE);
	return patch_verb_cmd(ctx, argc, argv, err, PV_PAUSE, &help);
}

static int cmd_rollout_resume(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(ROLLOUT_RESUME);
	return patch_verb_cmd(ctx, argc, argv, err, PV_RESUME, &help);
}

static int cmd_rollout_restart(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = HELP(ROLLOUT_RESTART);
	return patch_verb_cmd(ctx, argc, argv, err, PV_RESTART, &help);
}

/* ---------------------------------------------------------------- the group */

const struct kc_cmd kc_rollout_cmds[] = {
	{ "history", cmd_rollout_history, NULL, NULL, NULL },
	{ "pause", cmd_rollout_pause, NULL, NULL, NULL },
	{ "restart", cmd_rollout_restart, NULL, NULL, NULL },
	{ "resume", cmd_rollout_resume, NULL, NULL, NULL },
	{ "status", cmd_rollout_status, NULL, NULL, NULL },
	{ "undo", cmd_rollout_undo, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int cmd_rollout(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_ROLLOUT_USE, .long_ = HELP_ROLLOUT_LONG, .example = HELP_ROLLOUT_EXAMPLE,
		.subcommands = HELP_ROLLOUT_SUBCOMMANDS,
	};
	struct strvec args = STRVEC_INIT;
	int rc = kc_parse_options(ctx, argc, argv, NULL, &help, &args, err);
	if (rc == 0 && args.nr)
		rc = create_usage_error(ctx, err, "unknown command \"%s\"", args.v[0]);
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	/* cmdutil.DefaultSubCommandRun: help, then exit 1 */
	kc_print_help(ctx, stdout, NULL, &help);
	return 1;
}
