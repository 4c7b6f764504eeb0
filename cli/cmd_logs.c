/* kc logs: kubectl logs (k8s.io/kubectl/pkg/cmd/logs): POD [CONTAINER], TYPE/NAME
 * (the pod picked as kubectl picks it), -l; -c, --all-containers, --all-pods,
 * --prefix, -f (streamed with kc_client_stream; several streams each on their
 * own connection and thread), --tail, --since, --since-time, --timestamps,
 * --previous, --limit-bytes, --max-log-requests, --pod-running-timeout. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/cmd_create_common.h"
#include "cli/cmd_verbs.h"
#include "cli/cmd_verbs_help.h"
#include "cli/kc.h"
#include "kube/logs.h"
#include "kube/targets.h"
#include "kube/wait.h"
#include "util/gostr.h"
#include "util/json.h"

#define LOGS_USAGE "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command"

/* One log stream's writer: whole lines, each with the prefix (if any). */
struct sink {
	const char *prefix;       /* NULL = none */
	struct strbuf partial;
	pthread_mutex_t *lock;    /* NULL when sequential */
	volatile int *stop;       /* set by another stream's fatal error */
};

static void emit(struct sink *s, const char *data, size_t len)
{
	if (s->lock)
		pthread_mutex_lock(s->lock);
	if (s->prefix)
		fputs(s->prefix, stdout);
	fwrite(data, 1, len, stdout);
	fflush(stdout);
	if (s->lock)
		pthread_mutex_unlock(s->lock);
}

static int on_data(void *ud, const char *data, size_t len)
{
	struct sink *s = ud;
	if (s->stop && *s->stop)
		return 1;
	if (!s->prefix && !s->lock) {
		fwrite(data, 1, len, stdout);
		fflush(stdout);
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		strbuf_addch(&s->partial, data[i]);
		if (data[i] == '\n') {
			emit(s, s->partial.buf, s->partial.len);
			strbuf_reset(&s->partial);
		}
	}
	return 0;
}

/* Stream one request to stdout. 0, or -1 + err (kubectl's framing). */
static int consume(struct kc_client *c, const struct kc_log_req *r, struct sink *s, struct kc_err *err)
{
	struct kc_request req = KC_REQUEST_INIT;
	struct kc_response resp;
	req.path = r->path;
	req.accept = "application/json, */*";
	int rc = kc_client_stream(c, &req, on_data, s, &resp, err);
	if (rc == 0 && (resp.code < 200 || resp.code > 299))
		rc = kc_status_error(&resp, NULL, err);
	kc_response_release(&resp);
	if (s->partial.len && !(s->stop && *s->stop))
		emit(s, s->partial.buf, s->partial.len);
	strbuf_reset(&s->partial);
	return rc;
}

struct follower {
	pthread_t th;
	const struct kc_rest_config *rc;
	struct kc_client_opts copts;
	const struct kc_log_req *req;
	struct sink sink;
	int ignore_errors;
	struct kc_err err;
	int failed;
};

static void *follow_thread(void *arg)
{
	struct follower *f = arg;
	struct kc_client *c = kc_client_new(f->rc, &f->copts, &f->err);
	if (!c || consume(c, f->req, &f->sink, &f->err) < 0) {
		if (f->ignore_errors) {
			/* kubectl writes the error into the output and goes on */
			const char *m = f->err.msg.buf;
			if (starts_with(m, "Error from server (") && strstr(m, "): "))
				m = strstr(m, "): ") + 3;
			struct strbuf line = STRBUF_INIT;
			strbuf_addf(&line, "error: %s\n", m);
			const char *pfx = f->sink.prefix;
			f->sink.prefix = NULL;
			emit(&f->sink, line.buf, line.len);
			f->sink.prefix = pfx;
			strbuf_release(&line);
		} else {
			f->failed = 1;
			*f->sink.stop = 1;
		}
	}
	kc_client_free(c);
	return NULL;
}

static int follow_all(struct kc_ctx *ctx, const struct kc_rest_config *rc, const struct kc_log_reqs *reqs,
		      int prefix, int ignore_errors, struct kc_err *err)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	volatile int stop = 0;
	struct follower *fs = xcalloc(reqs->n, sizeof(*fs));
	int ret = 0;
	for (size_t i = 0; i < reqs->n; i++) {
		struct follower *f = &fs[i];
		f->rc = rc;
		f->copts.verbosity = (int)ctx->g.v;
		f->copts.cache_dir = ctx->g.cache_dir;
		f->copts.program = ctx->prog;
		f->req = &reqs->v[i];
		f->sink.prefix = prefix ? reqs->v[i].prefix : NULL;
		strbuf_init(&f->sink.partial, 0);
		f->sink.lock = &lock;
		f->sink.stop = &stop;
		f->ignore_errors = ignore_errors;
		kc_err_init(&f->err);
		pthread_create(&f->th, NULL, follow_thread, f);
	}
	for (size_t i = 0; i < reqs->n; i++)
		pthread_join(fs[i].th, NULL);
	for (size_t i = 0; i < reqs->n; i++) {
		if (fs[i].failed && !ret) {
			kc_err_move(err, &fs[i].err);
			ret = -1;
		}
		kc_err_release(&fs[i].err);
		strbuf_release(&fs[i].sink.partial);
	}
	free(fs);
	return ret;
}

struct first_pod {
	json_t *pod;
};

static int on_pod_event(void *ud, const char *type, json_t *obj)
{
	struct first_pod *fp = ud;
	if (!strcmp(type, "ADDED") || !strcmp(type, "MODIFIED")) {
		fp->pod = json_incref(obj);
		return 1;
	}
	return 0;
}

/* GetFirstPod / the pods of a workload: list the pods matching sel in ns
 * (sorted as kubectl sorts them for logging); when there are none, watch up
 * to timeout_ms for one. Returns a new array or NULL + err. */
static json_t *pods_for(struct kc_client *c, const char *ns, const char *sel, long long timeout_ms,
			struct kc_err *err)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "/api/v1/namespaces/%s/pods?labelSelector=", ns);
	kc_query_escape(&path, sel);
	json_t *list = kc_client_get_json(c, path.buf, err);
	if (!list) {
		strbuf_release(&path);
		return NULL;
	}
	json_t *items = json_incref(json_object_get(list, "items"));
	const char *rv = json_string_value(json_object_get(json_object_get(list, "metadata"), "resourceVersion"));
	if (!json_array_size(items)) {
		json_decref(items);
		items = json_array();
		struct first_pod fp = { NULL };
		long long deadline = kc_now_ms() + timeout_ms;
		strbuf_addf(&path, "&resourceVersion=%s&timeoutSeconds=%lld&watch=true", rv ? rv : "",
			    timeout_ms / 1000 + 1);
		struct kc_request req = KC_REQUEST_INIT;
		(void)req;
		struct kc_err e = KC_ERR_INIT;
		/* the watch ends at the server's timeoutSeconds */
		kc_client_watch(c, path.buf, on_pod_event, &fp, &e);
		kc_err_release(&e);
		if (!fp.pod || kc_now_ms() > deadline + 1000) {
			json_decref(fp.pod);
			json_decref(items);
			json_decref(list);
			strbuf_release(&path);
			kc_err_set(err, "timed out waiting for the condition");
			return NULL;
		}
		json_array_append_new(items, fp.pod);
	}
	json_decref(list);
	strbuf_release(&path);
	size_t n = json_array_size(items);
	const json_t **v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(items, i);
	kc_logs_sort_pods(v, n);
	json_t *sorted = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, (json_t *)v[i]);
	free(v);
	json_decref(items);
	return sorted;
}

int cmd_logs(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = HELP_LOGS_USE, .long_ = HELP_LOGS_LONG, .example = HELP_LOGS_EXAMPLE,
	};
	const char *container = "", *pod_timeout = "20s", *selector = "", *since = "0s", *since_time = "";
	int all_containers = 0, all_pods = 0, follow = 0, ignore_errors = 0, insecure_backend = 0;
	int prefix = 0, previous = 0, timestamps = 0, container_set = 0, tail_set = 0;
	long limit_bytes = 0, max_requests = 5, tail = -1;
	const struct kc_option opts[] = {
		OPT_BOOL("all-containers", 0, &all_containers, U_LOGS_ALL_CONTAINERS),
		OPT_BOOL("all-pods", 0, &all_pods, U_LOGS_ALL_PODS),
		{ OPT_T_STRING, "container", 'c', &container, U_LOGS_CONTAINER, NULL, 0, &container_set, NULL },
		OPT_BOOL("follow", 'f', &follow, U_LOGS_FOLLOW),
		OPT_BOOL("ignore-errors", 0, &ignore_errors, U_LOGS_IGNORE_ERRORS),
		OPT_BOOL("insecure-skip-tls-verify-backend", 0, &insecure_backend, U_LOGS_INSECURE_SKIP_TLS_VERIFY_BACKEND),
		OPT_INT("limit-bytes", 0, &limit_bytes, U_LOGS_LIMIT_BYTES),
		OPT_INT("max-log-requests", 0, &max_requests, U_LOGS_MAX_LOG_REQUESTS),
		OPT_DURATION("pod-running-timeout", 0, &pod_timeout, U_LOGS_POD_RUNNING_TIMEOUT),
		OPT_BOOL("prefix", 0, &prefix, U_LOGS_PREFIX),
		OPT_BOOL("previous", 'p', &previous, U_LOGS_PREVIOUS),
		OPT_STRING("selector", 'l', &selector, U_LOGS_SELECTOR),
		OPT_DURATION("since", 0, &since, U_LOGS_SINCE),
		OPT_STRING("since-time", 0, &since_time, U_LOGS_SINCE_TIME),
		{ OPT_T_INT, "tail", 0, &tail, U_LOGS_TAIL, NULL, 0, &tail_set, NULL },
		OPT_BOOL("timestamps", 0, &timestamps, U_LOGS_TIMESTAMPS),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	struct strbuf notices = STRBUF_INIT;
	struct kc_log_reqs reqs = KC_LOG_REQS_INIT;
	json_t *obj = NULL, *pods = NULL;
	char *since_norm = NULL, *type = NULL;
	const char *resource_arg = NULL;
	int ret = 0;
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	switch (args.nr) {
	case 0:
		if (!*selector) {
			ret = create_usage_error(ctx, err, "%s", LOGS_USAGE);
			goto out;
		}
		break;
	case 1:
		resource_arg = args.v[0];
		if (*selector) {
			ret = create_usage_error(ctx, err, "only a selector (-l) or a POD name is allowed");
			goto out;
		}
		break;
	case 2:
		resource_arg = args.v[0];
		break;
	default:
		ret = create_usage_error(ctx, err, "%s", LOGS_USAGE);
		goto out;
	}
	const char *cont = args.nr == 2 ? args.v[1] : container;
	const struct kc_rest_config *rcfg = kc_ctx_rest_config(ctx, err);
	if (!rcfg) {
		ret = -1;
		goto out;
	}
	const char *ns = rcfg->namespace;
	long long pod_timeout_ms = verbs_duration_ms(pod_timeout);
	if (pod_timeout_ms <= 0) {
		ret = kc_err_set(err, "--pod-running-timeout must be higher than zero");
		goto out;
	}
	if (*since_time && !(since_norm = kc_logs_since_time(since_time, err))) {
		ret = -1;
		goto out;
	}
	int64_t since_ns = 0;
	{
		struct strbuf e = STRBUF_INIT;
		go_parse_duration(since, &since_ns, &e);
		strbuf_release(&e);
	}
	/* Round(time.Second): halfway away from zero */
	long long since_s = since_ns >= 0 ? (since_ns + 500000000) / 1000000000 : -((-since_ns + 500000000) / 1000000000);
	long long tail_lines = -1;
	if (*selector && tail == -1 && !tail_set)
		tail_lines = 10;
	else if (tail != -1)
		tail_lines = tail;
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto out;
	}
	/* the builder: one object by name (pods by default), or the pods of -l */
	const struct kc_api_resource *res = NULL;
	if (resource_arg) {
		const char *sl = strchr(resource_arg, '/');
		const char *name = sl ? sl + 1 : resource_arg;
		type = sl ? xstrndup(resource_arg, (size_t)(sl - resource_arg)) : xstrdup("pods");
		if (sl && (!*name || sl == resource_arg)) {
			ret = kc_err_set(err, "arguments in resource/name form must have a single resource and name");
			goto out;
		}
		res = kc_client_resource(c, type, err);
		if (!res) {
			/* ResourceNames(TYPE, NAME): the builder's mappingFor */
			kc_client_log_discovery_again(c, kc_mapping_lookups(type) - 1);
			ret = -1;
			goto out;
		}
		char *path = kc_resource_path(res, res->namespaced ? ns : NULL, name);
		struct kc_request req = KC_REQUEST_INIT;
		struct kc_response resp;
		req.path = path;
		rc = kc_client_do(c, &req, &resp, err);
		free(path);
		if (rc == 0 && (resp.code < 200 || resp.code > 299)) {
			struct kc_err_hint hint = { res->group, res->name, name, "get", 0 };
			kc_status_error(&resp, &hint, err);
			if (!strcmp(err->reason, "NotFound"))
				kc_err_set(err, "error from server (NotFound): %s%s%s \"%s\" not found in namespace \"%s\"",
					   res->name, *res->group ? "." : "", res->group, name, ns);
			rc = -1;
		}
		if (rc == 0 && !(obj = json_loadb(resp.body.buf, resp.body.len, 0, NULL)))
			rc = kc_err_set(err, "invalid JSON from the server");
		kc_response_release(&resp);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
	} else {
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "/api/v1/namespaces/%s/pods?labelSelector=", ns);
		kc_query_escape(&path, selector);
		obj = kc_client_get_json(c, path.buf, err);
		strbuf_release(&path);
		if (!obj) {
			ret = -1;
			goto out;
		}
		if (!json_array_size(json_object_get(obj, "items")))
			fprintf(stderr, "No resources found in %s namespace.\n", ns);
	}
	/* Validate */
	if (*since_time && since_s != 0) {
		ret = kc_err_set(err, "at most one of `sinceTime` or `sinceSeconds` may be specified");
		goto out;
	}
	if (all_containers && *cont) {
		ret = kc_err_set(err, "--all-containers=true should not be specified with container name %s", cont);
		goto out;
	}
	if (container_set && args.nr == 2) {
		ret = kc_err_set(err, "only one of -c or an inline [CONTAINER] arg is allowed");
		goto out;
	}
	if (limit_bytes < 0) {
		ret = kc_err_set(err, "--limit-bytes must be greater than 0");
		goto out;
	}
	if (since_s < 0) {
		ret = kc_err_set(err, "--since must be greater than 0");
		goto out;
	}
	if (tail_lines < -1) {
		ret = kc_err_set(err, "--tail must be greater than or equal to -1");
		goto out;
	}
	struct kc_log_opts lo = {
		cont, follow, previous, timestamps, insecure_backend, limit_bytes, since_s, since_norm, tail_lines,
	};
	if (all_pods)
		prefix = 1;
	/* LogsForObject */
	if (!res || !strcmp(res->kind, "Pod")) {
		if (res) {
			rc = kc_logs_for_pod(obj, &lo, all_containers, &reqs, &notices, err);
		} else {
			size_t i;
			json_t *p;
			rc = 0;
			json_array_foreach(json_object_get(obj, "items"), i, p) {
				if ((rc = kc_logs_for_pod(p, &lo, all_containers, &reqs, &notices, err)) < 0)
					break;
			}
		}
	} else {
		struct strbuf sel = STRBUF_INIT;
		const char *ons = json_string_value(json_object_get(json_object_get(obj, "metadata"), "namespace"));
		rc = kc_logs_selector(obj, res->version, res->kind, &sel, err);
		if (rc == 0 && !(pods = pods_for(c, ons ? ons : ns, sel.buf, pod_timeout_ms, err)))
			rc = -1;
		strbuf_release(&sel);
		if (rc == 0) {
			size_t np = json_array_size(pods);
			if (all_pods) {
				for (size_t i = 0; i < np && rc == 0; i++)
					rc = kc_logs_for_pod(json_array_get(pods, i), &lo, all_containers, &reqs, &notices, err);
			} else {
				json_t *first = json_array_get(pods, 0);
				if (np > 1)
					strbuf_addf(&notices, "Found %zu pods, using pod/%s\n", np,
						    json_string_value(json_object_get(json_object_get(first, "metadata"), "name")));
				rc = kc_logs_for_pod(first, &lo, all_containers, &reqs, &notices, err);
			}
		}
	}
	fputs(notices.buf, stderr);
	if (rc < 0) {
		ret = -1;
		goto out;
	}
	if (follow && reqs.n > 1) {
		if ((long)reqs.n > max_requests) {
			ret = kc_err_set(err, "you are attempting to follow %zu log streams, but maximum allowed concurrency is %ld, use --max-log-requests to increase the limit",
					 reqs.n, max_requests);
			goto out;
		}
		fflush(stdout);
		ret = follow_all(ctx, rcfg, &reqs, prefix, ignore_errors, err);
	} else {
		for (size_t i = 0; i < reqs.n && !ret; i++) {
			struct sink s = { prefix ? reqs.v[i].prefix : NULL, STRBUF_INIT, NULL, NULL };
			ret = consume(c, &reqs.v[i], &s, err);
			strbuf_release(&s.partial);
		}
	}
	if (!ret)
		ret = kc_finish_output(err);
out:
	ret = kc_ctx_finish(ctx, ret, err);
	kc_log_reqs_release(&reqs);
	json_decref(obj);
	json_decref(pods);
	free(since_norm);
	free(type);
	strbuf_release(&notices);
	strvec_clear(&args);
	return ret;
}
