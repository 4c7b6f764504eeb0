/* Pure logic of client/: Status decoding and kubectl's error wording, header
 * redaction, transport error texts, discovery documents and the REST mapper,
 * the discovery cache path, resource paths. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "tests/unit/tap.h"

static void set_body(struct kc_response *r, long code, const char *body)
{
	kc_response_init(r);
	r->code = code;
	strbuf_addstr(&r->body, body);
}

static void test_status(void)
{
	struct kc_response r;
	struct kc_err e = KC_ERR_INIT;

	set_body(&r, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
		 "\"message\":\"deployments.apps \\\"x\\\" not found\",\"reason\":\"NotFound\",\"code\":404}");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "Error from server (NotFound): deployments.apps \"x\" not found", "NotFound Status");
	is_int(e.kind, KC_ERR_RAW, "NotFound is pre-framed");
	is_str(e.reason, "NotFound", "reason kept");
	is_int(e.http_code, 404, "code kept");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 409, "{\"kind\":\"Status\",\"message\":\"namespaces \\\"a\\\" already exists\",\"reason\":\"AlreadyExists\",\"code\":409}");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "Error from server (AlreadyExists): namespaces \"a\" already exists", "AlreadyExists");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 401, "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "You must be logged in to the server (Unauthorized)", "Unauthorized");
	is_int(e.kind, KC_ERR_PLAIN, "Unauthorized gets error: framing");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 422, "{\"kind\":\"Status\",\"message\":\"Deployment.apps \\\"x\\\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\","
		 "\"reason\":\"Invalid\",\"details\":{\"name\":\"x\",\"group\":\"apps\",\"kind\":\"Deployment\",\"causes\":[{\"reason\":\"FieldValueInvalid\","
		 "\"message\":\"Invalid value: -1: must be greater than or equal to 0\",\"field\":\"spec.replicas\"}]},\"code\":422}");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "The Deployment \"x\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
	       "Invalid with one cause");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 422, "{\"kind\":\"Status\",\"reason\":\"Invalid\",\"details\":{\"name\":\"x\",\"kind\":\"Service\",\"causes\":["
		 "{\"message\":\"Required value\",\"field\":\"spec.ports\"},{\"message\":\"bad\",\"field\":\"metadata.name\"}]},\"code\":422}");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "The Service \"x\" is invalid: \n* spec.ports: Required value\n* metadata.name: bad\n",
	       "Invalid with several causes");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 404, "404 page not found\n");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "Error from server (NotFound): the server could not find the requested resource",
	       "non-Status 404");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 404, "nope");
	struct kc_err_hint h = { "apps", "deployments", "x", "get", 0 };
	kc_status_error(&r, &h, &e);
	is_str(e.msg.buf, "Error from server (NotFound): the server could not find the requested resource (get deployments.apps x)",
	       "non-Status 404 with a resource hint");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 500, "boom\n");
	kc_status_error(&r, NULL, &e);
	is_str(e.msg.buf, "Error from server (InternalError): an error on the server (\"boom\") has prevented the request from succeeding",
	       "non-Status 500");
	kc_response_release(&r);
	kc_err_release(&e);

	set_body(&r, 401, "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
	struct kc_err_hint dh = { NULL, NULL, NULL, NULL, 1 };
	kc_status_error(&r, &dh, &e);
	is_str(e.msg.buf, "You must be logged in to the server (the server has asked for the client to provide credentials)",
	       "discovery client wording");
	kc_response_release(&r);
	kc_err_release(&e);

	char *reason, *message;
	long code;
	const char *st = "{\"kind\":\"Status\",\"reason\":\"Forbidden\",\"message\":\"m\",\"code\":403}";
	ok(kc_status_decode(st, strlen(st), &reason, &message, &code) == 0, "Status decodes");
	is_str(reason, "Forbidden", "decoded reason");
	is_str(message, "m", "decoded message");
	is_int(code, 403, "decoded code");
	free(reason);
	free(message);
	ok(kc_status_decode("{\"kind\":\"Pod\"}", 14, &reason, &message, &code) < 0, "not a Status");
	ok(kc_status_decode("garbage", 7, &reason, &message, &code) < 0, "not JSON");
}

static void test_redact(void)
{
	struct strbuf l = STRBUF_INIT;
	strbuf_addstr(&l, "Authorization: Bearer abc.def");
	kc_redact_header(&l);
	is_str(l.buf, "Authorization: Bearer <masked>", "bearer masked");
	strbuf_reset(&l);
	strbuf_addstr(&l, "Authorization: Basic dTpw");
	kc_redact_header(&l);
	is_str(l.buf, "Authorization: Basic <masked>", "basic masked");
	strbuf_reset(&l);
	strbuf_addstr(&l, "authorization: secret");
	kc_redact_header(&l);
	is_str(l.buf, "authorization: <masked>", "bare value masked");
	strbuf_reset(&l);
	strbuf_addstr(&l, "Accept: application/json");
	kc_redact_header(&l);
	is_str(l.buf, "Accept: application/json", "others untouched");
	strbuf_release(&l);
}

static void test_transport_errors(void)
{
	struct strbuf out = STRBUF_INIT, cause = STRBUF_INIT;
	kc_transport_error_text(&out, &cause, KC_NET_CONNECT, ECONNREFUSED, NULL,
				"https://127.0.0.1:1/api?timeout=32s", NULL, 0);
	is_str(out.buf, "The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?",
	       "connection refused");
	is_str(cause.buf, "dial tcp 127.0.0.1:1: connect: connection refused", "Go's dial error");
	strbuf_reset(&out);
	strbuf_reset(&cause);
	kc_transport_error_text(&out, &cause, KC_NET_TLS_VERIFY, 0,
				"tls: failed to verify certificate: x509: certificate signed by unknown authority",
				"https://h:6443/api", NULL, 0);
	is_str(out.buf, "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority",
	       "unknown authority");
	strbuf_reset(&out);
	strbuf_reset(&cause);
	kc_transport_error_text(&out, &cause, KC_NET_TIMEOUT, 0, NULL, "http://h/x", NULL, 1000);
	is_str(out.buf, "Unable to connect to the server: context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
	       "timeout");
	static const struct {
		enum kc_net_fail kind;
		int err;
		const char *detail, *url, *dial, *want;
	} cases[] = {
		{ KC_NET_TIMEOUT_BODY, 0, NULL, "http://h/x", NULL,
		  "context deadline exceeded (Client.Timeout or context cancellation while reading body)" },
		{ KC_NET_CONNECT, EHOSTUNREACH, NULL, "https://10.0.0.1:6443/api", "10.0.0.1:6443",
		  "dial tcp 10.0.0.1:6443: connect: no route to host" },
		{ KC_NET_DIAL_TIMEOUT, 0, NULL, "https://10.0.0.1/api", NULL, "dial tcp 10.0.0.1:443: i/o timeout" },
		{ KC_NET_TLS, -1, "wrong version number", "https://h:80/", NULL,
		  "http: server gave HTTP response to HTTPS client" },
		{ KC_NET_TLS, 116, "tlsv13 alert certificate required", "https://h/", NULL,
		  "remote error: tls: certificate required" },
		{ KC_NET_TLS, 48, NULL, "https://h/", NULL, "remote error: tls: unknown certificate authority" },
		{ KC_NET_TLS_TIMEOUT, 0, NULL, "https://h/", NULL, "net/http: TLS handshake timeout" },
		{ KC_NET_EOF, 0, NULL, "https://h/", NULL, "EOF" },
		{ KC_NET_TOO_LARGE, 0, NULL, "https://h/", NULL, "response body too large" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		strbuf_reset(&out);
		strbuf_reset(&cause);
		kc_transport_error_text(&out, &cause, cases[i].kind, cases[i].err, cases[i].detail, cases[i].url,
					cases[i].dial, 0);
		is_str(cause.buf, cases[i].want, cases[i].want);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "Unable to connect to the server: %s", cases[i].want);
		is_str(out.buf, want.buf, "framed as kubectl frames it");
		strbuf_release(&want);
	}
	strbuf_release(&out);
	strbuf_release(&cause);
}

/* A canned legacy discovery: /api, /apis and three group-versions. */
static void load_legacy(struct kc_discovery *d)
{
	json_t *api = json_loads("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}", 0, NULL);
	json_t *apis = json_loads(
		"{\"kind\":\"APIGroupList\",\"groups\":["
		"{\"name\":\"apps\",\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}},"
		"{\"name\":\"events.k8s.io\",\"versions\":[{\"groupVersion\":\"events.k8s.io/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"version\":\"v1\"}},"
		"{\"name\":\"batch\",\"versions\":[{\"version\":\"v1\"},{\"version\":\"v1beta1\"}],\"preferredVersion\":{\"version\":\"v1\"}}]}",
		0, NULL);
	json_t *core = json_loads(
		"{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
		"{\"name\":\"pods\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"],\"categories\":[\"all\"]},"
		"{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]},"
		"{\"name\":\"events\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Event\",\"verbs\":[\"get\"],\"shortNames\":[\"ev\"]},"
		"{\"name\":\"namespaces\",\"singularName\":\"\",\"namespaced\":false,\"kind\":\"Namespace\",\"verbs\":[\"get\"],\"shortNames\":[\"ns\"]}]}",
		0, NULL);
	json_t *apps = json_loads(
		"{\"kind\":\"APIResourceList\",\"groupVersion\":\"apps/v1\",\"resources\":["
		"{\"name\":\"deployments\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Deployment\",\"verbs\":[\"get\"],\"shortNames\":[\"deploy\"],\"categories\":[\"all\"]},"
		"{\"name\":\"deployments/scale\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Scale\",\"verbs\":[\"get\"]}]}",
		0, NULL);
	json_t *events = json_loads(
		"{\"kind\":\"APIResourceList\",\"groupVersion\":\"events.k8s.io/v1\",\"resources\":["
		"{\"name\":\"events\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Event\",\"verbs\":[\"get\"],\"shortNames\":[\"ev\"]}]}",
		0, NULL);
	json_t *b1 = json_loads("{\"resources\":[{\"name\":\"jobs\",\"namespaced\":true,\"kind\":\"Job\",\"verbs\":[\"get\"],\"categories\":[\"all\"]}]}", 0, NULL);
	json_t *b2 = json_loads("{\"resources\":[{\"name\":\"cronjobs\",\"namespaced\":true,\"kind\":\"CronJob\",\"verbs\":[\"get\"],\"shortNames\":[\"cj\"],\"categories\":[\"all\"]},"
				"{\"name\":\"jobs\",\"namespaced\":true,\"kind\":\"Job\",\"verbs\":[\"get\"]}]}", 0, NULL);
	kc_discovery_init(d);
	ok(kc_discovery_add_core_versions(d, api, NULL) == 0, "core versions");
	ok(kc_discovery_add_group_list(d, apis, NULL) == 0, "group list");
	ok(kc_discovery_add_resource_list(d, "", "v1", core, NULL) == 0, "core resources");
	ok(kc_discovery_add_resource_list(d, "apps", "v1", apps, NULL) == 0, "apps resources");
	ok(kc_discovery_add_resource_list(d, "events.k8s.io", "v1", events, NULL) == 0, "events resources");
	ok(kc_discovery_add_resource_list(d, "batch", "v1", b1, NULL) == 0, "batch/v1");
	ok(kc_discovery_add_resource_list(d, "batch", "v1beta1", b2, NULL) == 0, "batch/v1beta1");
	/* preferred marks are set by discovery; do it as kc_discovery_get does */
	for (size_t i = 0; i < d->nresources; i++)
		d->resources[i].preferred = !strcmp(d->resources[i].version, "v1");
	json_decref(api);
	json_decref(apis);
	json_decref(core);
	json_decref(apps);
	json_decref(events);
	json_decref(b1);
	json_decref(b2);
}

static void check_map(const struct kc_discovery *d, const char *arg, const char *want)
{
	struct kc_err e = KC_ERR_INIT;
	const struct kc_api_resource *r = kc_mapper_resource(d, arg, &e);
	char buf[256];
	if (r)
		snprintf(buf, sizeof buf, "%s/%s %s", r->group, r->version, r->name);
	else
		snprintf(buf, sizeof buf, "error: %s", e.msg.buf);
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "map %s", arg);
	is_str(buf, want, name.buf);
	strbuf_release(&name);
	kc_err_release(&e);
}

static void test_mapper(void)
{
	struct kc_discovery d;
	load_legacy(&d);
	check_map(&d, "po", "/v1 pods");
	check_map(&d, "pods", "/v1 pods");
	check_map(&d, "pod", "/v1 pods");
	check_map(&d, "Pod", "/v1 pods");
	check_map(&d, "deploy", "apps/v1 deployments");
	check_map(&d, "deployment.apps", "apps/v1 deployments");
	check_map(&d, "deployments.v1.apps", "apps/v1 deployments");
	check_map(&d, "ev", "/v1 events");
	check_map(&d, "events.events.k8s.io", "events.k8s.io/v1 events");
	check_map(&d, "cj", "batch/v1beta1 cronjobs");
	check_map(&d, "jobs", "batch/v1 jobs");
	check_map(&d, "ns", "/v1 namespaces");
	check_map(&d, "foo", "error: the server doesn't have a resource type \"foo\"");
	check_map(&d, "pods/log", "error: the server doesn't have a resource type \"pods/log\"");

	const struct kc_api_resource *all[8];
	size_t n = kc_mapper_category(&d, "all", all, 8);
	is_int((long long)n, 4, "category all");
	if (n == 4) {
		is_str(all[0]->name, "pods", "all[0]");
		is_str(all[1]->name, "deployments", "all[1]");
		is_str(all[2]->name, "jobs", "all[2] (batch/v1, preferred)");
		is_str(all[3]->name, "cronjobs", "all[3]");
	}
	const struct kc_api_resource *k = kc_mapper_kind(&d, "apps", NULL, "Deployment");
	ok(k && !strcmp(k->name, "deployments"), "kind -> resource");

	const struct kc_api_resource *p = kc_mapper_resource(&d, "po", NULL);
	char *path = kc_resource_path(p, "default", "web");
	is_str(path, "/api/v1/namespaces/default/pods/web", "pod path");
	free(path);
	const struct kc_api_resource *dep = kc_mapper_resource(&d, "deploy", NULL);
	path = kc_resource_path(dep, "ns1", NULL);
	is_str(path, "/apis/apps/v1/namespaces/ns1/deployments", "deployment list path");
	free(path);
	const struct kc_api_resource *ns = kc_mapper_resource(&d, "ns", NULL);
	path = kc_resource_path(ns, "ignored", "kube-system");
	is_str(path, "/api/v1/namespaces/kube-system", "cluster-scoped path ignores the namespace");
	free(path);
	for (size_t i = 0; i < d.nresources; i++)
		if (!strcmp(d.resources[i].name, "deployments/scale")) {
			path = kc_resource_path(&d.resources[i], "a", "b");
			is_str(path, "/apis/apps/v1/namespaces/a/deployments/b/scale", "subresource path");
			free(path);
		}
	kc_discovery_release(&d);
}

static void test_aggregated(void)
{
	json_t *doc = json_loads(
		"{\"kind\":\"APIGroupDiscoveryList\",\"items\":[{\"metadata\":{\"name\":\"apps\"},\"versions\":["
		"{\"version\":\"v1\",\"resources\":[{\"resource\":\"deployments\",\"responseKind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"},"
		"\"scope\":\"Namespaced\",\"singularResource\":\"deployment\",\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"deploy\"],\"categories\":[\"all\"],"
		"\"subresources\":[{\"subresource\":\"scale\",\"responseKind\":{\"kind\":\"Scale\"},\"verbs\":[\"get\"]}]}]},"
		"{\"version\":\"v1beta1\",\"freshness\":\"Stale\"}]}]}",
		0, NULL);
	struct kc_discovery d;
	kc_discovery_init(&d);
	ok(kc_discovery_add_aggregated(&d, doc, NULL) == 0, "aggregated parses");
	is_int((long long)d.ngroups, 1, "one group");
	is_str(d.groups[0].preferred_version, "v1", "first version preferred");
	is_int((long long)d.nresources, 2, "resource + subresource");
	is_str(d.resources[0].singular, "deployment", "singular");
	ok(d.resources[0].namespaced, "scope Namespaced");
	is_str(d.resources[1].name, "deployments/scale", "subresource name");
	is_int((long long)d.failed_gvs.nr, 1, "stale version reported");
	is_str(d.failed_gvs.v[0], "apps/v1beta1", "stale gv");
	check_map(&d, "deployment", "apps/v1 deployments");
	kc_discovery_release(&d);
	json_decref(doc);
}

static void test_cache_dir(void)
{
	char *p = kc_discovery_cache_dir("/home/u/.kube/cache", "https://127.0.0.1:6443");
	is_str(p, "/home/u/.kube/cache/discovery/127.0.0.1_6443", "host:port");
	free(p);
	p = kc_discovery_cache_dir("/c", "http://my-host.example.com:8080/prefix/");
	is_str(p, "/c/discovery/my_host.example.com_8080/prefix", "dashes and path prefix");
	free(p);
	p = kc_discovery_cache_dir("/c", "https://[::1]:6443");
	is_str(p, "/c/discovery/___1__6443", "IPv6 brackets");
	free(p);
}

int main(void)
{
	plan_lazy();
	test_status();
	test_redact();
	test_transport_errors();
	test_mapper();
	test_aggregated();
	test_cache_dir();
	return done_testing();
}
