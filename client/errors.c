/* API errors as kubectl words them: metav1.Status bodies, non-Status bodies
 * (client-go's NewGenericServerResponse) and transport failures (kubectl's
 * standardErrorMessage). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "client/internal.h"
#include "util/gostr.h"
#include "util/json.h"

/* url.Error's Op: "Get", "Post" … */
const char *client_go_method(const char *m)
{
	static const char *const ops[][2] = {
		{ "GET", "Get" }, { "POST", "Post" }, { "PUT", "Put" }, { "PATCH", "Patch" },
		{ "DELETE", "Delete" }, { "HEAD", "Head" },
	};
	if (!m)
		return "Get";
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (!strcmp(m, ops[i][0]))
			return ops[i][1];
	return m;
}

static char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? xstrdup(s) : NULL;
}

int kc_status_decode(const char *body, size_t len, char **reason, char **message, long *code)
{
	*reason = *message = NULL;
	*code = 0;
	json_t *j = json_loadb(body, len, 0, NULL);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return -1;
	}
	const char *kind = json_string_value(json_object_get(j, "kind"));
	if (!kind || strcmp(kind, "Status")) {
		json_decref(j);
		return -1;
	}
	*reason = jstr(j, "reason");
	*message = jstr(j, "message");
	*code = (long)json_integer_value(json_object_get(j, "code"));
	json_decref(j);
	return 0;
}

/* client-go's NewGenericServerResponse: reason and message for a status code. */
void client_generic_response(long code, const char *server_msg, const char **reason,
			     struct strbuf *msg)
{
	switch (code) {
	case 409:
		*reason = "Conflict";
		strbuf_addstr(msg, "the server reported a conflict");
		break;
	case 404:
		*reason = "NotFound";
		strbuf_addstr(msg, "the server could not find the requested resource");
		break;
	case 400:
		*reason = "BadRequest";
		strbuf_addstr(msg, "the server rejected our request for an unknown reason");
		break;
	case 401:
		*reason = "Unauthorized";
		strbuf_addstr(msg, "the server has asked for the client to provide credentials");
		break;
	case 403:
		*reason = "Forbidden";
		/* the server's message, if any, is more useful */
		if (server_msg && *server_msg)
			strbuf_addstr(msg, server_msg);
		else
			strbuf_addstr(msg, "the server does not allow access to the requested resource");
		break;
	case 405:
		*reason = "MethodNotAllowed";
		strbuf_addstr(msg, "the server does not allow this method on the requested resource");
		break;
	case 406:
		*reason = "NotAcceptable";
		strbuf_addstr(msg, "the server was unable to respond with a content type that the client supports");
		break;
	case 415:
		*reason = "UnsupportedMediaType";
		strbuf_addstr(msg, "the server was unable to respond with a content type that the client supports");
		break;
	case 422:
		*reason = "Invalid";
		strbuf_addstr(msg, "the server rejected our request due to an error in our request");
		break;
	case 429:
		*reason = "TooManyRequests";
		strbuf_addstr(msg, "the server has received too many requests and has asked us to try again later");
		break;
	case 503:
		*reason = "ServiceUnavailable";
		strbuf_addstr(msg, "the server is currently unable to handle the request");
		break;
	case 504:
		*reason = "Timeout";
		strbuf_addstr(msg, "the server was unable to return a response in the time allotted, but may still be processing the request");
		break;
	default:
		if (code >= 500) {
			*reason = "InternalError";
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, server_msg ? server_msg : "", server_msg ? strlen(server_msg) : 0);
			strbuf_addf(msg, "an error on the server (%s) has prevented the request from succeeding", q.buf);
			strbuf_release(&q);
		} else {
			*reason = "";
			strbuf_addf(msg, "the server responded with the status code %ld but did not return more information", code);
		}
	}
}

/* "The Deployment "x" is invalid: spec.replicas: Invalid value: …" */
static int invalid_error(json_t *st, struct kc_err *err)
{
	json_t *details = json_object_get(st, "details");
	const char *kind = json_string_value(json_object_get(details, "kind"));
	const char *name = json_string_value(json_object_get(details, "name"));
	json_t *causes = json_object_get(details, "causes");
	struct strbuf sb = STRBUF_INIT;
	if (!json_is_object(details))
		return -1;
	if ((kind && *kind) || (name && *name)) {
		struct strbuf q = STRBUF_INIT;
		go_quote(&q, name ? name : "", name ? strlen(name) : 0);
		strbuf_addf(&sb, "The %s %s is invalid", kind ? kind : "", q.buf);
		strbuf_release(&q);
	} else {
		strbuf_addstr(&sb, "The request is invalid");
	}
	size_t n = json_array_size(causes);
	if (n == 0) {
		/* kubectl: handleErr(err) with the message */
		strbuf_release(&sb);
		return -1;
	}
	struct strvec items = STRVEC_INIT;
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_array_get(causes, i);
		const char *field = json_string_value(json_object_get(c, "field"));
		const char *m = json_string_value(json_object_get(c, "message"));
		if (field && *field)
			strvec_pushf(&items, "%s: %s", field, m ? m : "");
		else
			strvec_push(&items, m ? m : "");
	}
	if (items.nr == 1) {
		strbuf_addf(&sb, ": %s", items.v[0]);
	} else {
		strbuf_addstr(&sb, ": \n");
		for (size_t i = 0; i < items.nr; i++)
			strbuf_addf(&sb, "* %s\n", items.v[i]);
	}
	strvec_clear(&items);
	kc_err_raw(err, "%s", sb.buf);
	strbuf_release(&sb);
	return 0;
}

/* kubectl's CheckErr logs the decoded Status at -v=4 ("server response object:
 * %s[{…}]", the Status in Go struct order, 2-space indented, without its
 * TypeMeta). */
static void log_status_object(json_t *st)
{
	if (kc_log_verbosity < 4)
		return;
	json_t *o = json_object();
	json_t *meta = json_object_get(st, "metadata");
	json_object_set_new(o, "metadata", json_is_object(meta) ? json_deep_copy(meta) : json_object());
	static const char *const top[] = { "status", "message", "reason" };
	for (size_t i = 0; i < 3; i++) {
		json_t *v = json_object_get(st, top[i]);
		if (json_is_string(v) && *json_string_value(v))
			json_object_set(o, top[i], v);
	}
	json_t *d = json_object_get(st, "details");
	if (json_is_object(d) && json_object_size(d)) {
		json_t *nd = json_object();
		static const char *const dk[] = { "name", "group", "kind", "uid" };
		for (size_t i = 0; i < 4; i++) {
			json_t *v = json_object_get(d, dk[i]);
			if (json_is_string(v) && *json_string_value(v))
				json_object_set(nd, dk[i], v);
		}
		json_t *causes = json_object_get(d, "causes");
		if (json_array_size(causes)) {
			json_t *nc = json_array();
			size_t i;
			json_t *c;
			json_array_foreach(causes, i, c) {
				json_t *one = json_object();
				static const char *const ck[] = { "reason", "message", "field" };
				for (size_t k = 0; k < 3; k++) {
					json_t *v = json_object_get(c, ck[k]);
					if (json_is_string(v) && *json_string_value(v))
						json_object_set(one, ck[k], v);
				}
				json_array_append_new(nc, one);
			}
			json_object_set_new(nd, "causes", nc);
		}
		json_t *ra = json_object_get(d, "retryAfterSeconds");
		if (json_integer_value(ra))
			json_object_set(nd, "retryAfterSeconds", ra);
		json_object_set_new(o, "details", nd);
	}
	json_t *code = json_object_get(st, "code");
	if (json_integer_value(code))
		json_object_set(o, "code", code);
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, o, JSON_OUT_INDENT2);
	kc_klog('I', "helpers.go:246", "server response object: %%s[%s]", sb.buf);
	strbuf_release(&sb);
	json_decref(o);
}

int kc_status_error(const struct kc_response *resp, const struct kc_err_hint *hint,
		    struct kc_err *err)
{
	struct kc_err tmp = KC_ERR_INIT;
	if (!err)
		err = &tmp;
	json_t *st = hint && hint->discovery ? NULL : json_loadb(resp->body.buf, resp->body.len, 0, NULL);
	const char *kind = json_string_value(json_object_get(st, "kind"));
	if (st && json_is_object(st) && kind && !strcmp(kind, "Status")) {
		const char *reason = json_string_value(json_object_get(st, "reason"));
		const char *message = json_string_value(json_object_get(st, "message"));
		long code = (long)json_integer_value(json_object_get(st, "code"));
		if (!reason)
			reason = "";
		if (!message)
			message = "";
		log_status_object(st);
		if (!strcmp(reason, "Invalid") && invalid_error(st, err) == 0) {
			/* done */
		} else if (!strcmp(reason, "Unauthorized")) {
			kc_err_set(err, "You must be logged in to the server (%s)", message);
		} else if (*reason) {
			kc_err_raw(err, "Error from server (%s): %s", reason, message);
		} else {
			kc_err_raw(err, "Error from server: %s", message);
		}
		snprintf(err->reason, sizeof err->reason, "%s", reason);
		err->http_code = code ? code : resp->code;
		json_decref(st);
		kc_err_release(&tmp);
		return -1;
	}
	json_decref(st);
	/* not a Status: client-go's newUnstructuredResponseError */
	struct strbuf body = STRBUF_INIT, msg = STRBUF_INIT;
	strbuf_add(&body, resp->body.buf, resp->body.len);
	strbuf_trim(&body);
	const char *reason = "";
	client_generic_response(resp->code, body.buf, &reason, &msg);
	if (hint && hint->resource && *hint->resource) {
		struct strbuf gr = STRBUF_INIT;
		strbuf_addstr(&gr, hint->resource);
		if (hint->group && *hint->group)
			strbuf_addf(&gr, ".%s", hint->group);
		if (hint->name && *hint->name)
			strbuf_addf(&msg, " (%s %s %s)", hint->verb ? hint->verb : "get", gr.buf, hint->name);
		else
			strbuf_addf(&msg, " (%s %s)", hint->verb ? hint->verb : "get", gr.buf);
		strbuf_release(&gr);
	}
	if (!strcmp(reason, "Unauthorized"))
		kc_err_set(err, "You must be logged in to the server (%s)", msg.buf);
	else if (*reason)
		kc_err_raw(err, "Error from server (%s): %s", reason, msg.buf);
	else
		kc_err_raw(err, "Error from server: %s", msg.buf);
	snprintf(err->reason, sizeof err->reason, "%s", reason);
	err->http_code = resp->code;
	strbuf_release(&body);
	strbuf_release(&msg);
	kc_err_release(&tmp);
	return -1;
}

/* The first nameserver of /etc/resolv.conf, as Go's resolver names it. */
static void resolver_addr(struct strbuf *out)
{
	FILE *f = fopen("/etc/resolv.conf", "r");
	char line[512];
	if (f) {
		while (fgets(line, sizeof line, f)) {
			char ns[256];
			if (sscanf(line, " nameserver %255s", ns) == 1) {
				if (strchr(ns, ':'))
					strbuf_addf(out, "[%s]:53", ns);
				else
					strbuf_addf(out, "%s:53", ns);
				fclose(f);
				return;
			}
		}
		fclose(f);
	}
	strbuf_addstr(out, "127.0.0.1:53");
}

static char *url_host_port(const char *url, int with_default_port)
{
	const char *p = strstr(url, "://");
	int https = starts_with(url, "https://");
	p = p ? p + 3 : url;
	size_t n = strcspn(p, "/?");
	char *hp = xstrndup(p, n);
	if (with_default_port) {
		const char *rb = strrchr(hp, ']');
		const char *colon = strrchr(hp, ':');
		if (!colon || (rb && colon < rb)) {
			char *t = xasprintf("%s:%s", hp, https ? "443" : "80");
			free(hp);
			hp = t;
		}
	}
	return hp;
}

/* crypto/tls alert names (alert.go), for "remote error: tls: NAME". */
static const char *go_alert(int a)
{
	switch (a) {
	case 0: return "close notify";
	case 10: return "unexpected message";
	case 20: return "bad record MAC";
	case 21: return "decryption failed";
	case 22: return "record overflow";
	case 30: return "decompression failure";
	case 40: return "handshake failure";
	case 42: return "bad certificate";
	case 43: return "unsupported certificate";
	case 44: return "revoked certificate";
	case 45: return "expired certificate";
	case 46: return "unknown certificate";
	case 47: return "illegal parameter";
	case 48: return "unknown certificate authority";
	case 49: return "access denied";
	case 50: return "error decoding message";
	case 51: return "error decrypting message";
	case 60: return "export restriction";
	case 70: return "protocol version not supported";
	case 71: return "insufficient security level";
	case 80: return "internal error";
	case 86: return "inappropriate fallback";
	case 90: return "user canceled";
	case 100: return "no renegotiation";
	case 109: return "missing extension";
	case 110: return "unsupported extension";
	case 111: return "certificate unobtainable";
	case 112: return "unrecognized name";
	case 113: return "bad certificate status response";
	case 114: return "bad certificate hash value";
	case 115: return "unknown PSK identity";
	case 116: return "certificate required";
	case 120: return "no application protocol";
	case 121: return "encrypted client hello required";
	default: return NULL;
	}
}

void kc_transport_error_text(struct strbuf *out, struct strbuf *cause, enum kc_net_fail kind, int os_errno,
			     const char *detail, const char *url, const char *dial_addr,
			     long long timeout_ms)
{
	char *hp = dial_addr && *dial_addr ? xstrdup(dial_addr) : url_host_port(url, 1);
	char *host = url_host_port(url, 0);
	const char *m = detail ? detail : "";
	(void)timeout_ms;
	switch (kind) {
	case KC_NET_CONNECT:
		if (os_errno == ECONNREFUSED) {
			strbuf_addf(cause, "dial tcp %s: connect: connection refused", hp);
			strbuf_addf(out, "The connection to the server %s was refused - did you specify the right host or port?",
				    host);
		} else {
			strbuf_addf(cause, "dial tcp %s: connect: %s", hp, os_errno ? go_errno_str(os_errno) : m);
		}
		break;
	case KC_NET_RESOLVE: {
		char *h = xstrdup(hp);
		char *colon = strrchr(h, ':');
		if (colon)
			*colon = '\0';
		strbuf_addf(cause, "dial tcp: lookup %s on ", h);
		resolver_addr(cause);
		strbuf_addstr(cause, ": no such host");
		free(h);
		break;
	}
	case KC_NET_DIAL_TIMEOUT:
		strbuf_addf(cause, "dial tcp %s: i/o timeout", hp);
		break;
	case KC_NET_TLS_VERIFY:
		strbuf_addstr(cause, *m ? m : "tls: failed to verify certificate: x509: certificate signed by unknown authority");
		break;
	case KC_NET_TLS: {
		const char *an = os_errno >= 0 ? go_alert(os_errno) : NULL;
		if (strstr(m, "wrong version number") || strstr(m, "packet length too long") ||
		    strstr(m, "record layer failure"))
			strbuf_addstr(cause, "http: server gave HTTP response to HTTPS client");
		else if (an)
			strbuf_addf(cause, "remote error: tls: %s", an);
		else if (os_errno >= 0)
			strbuf_addf(cause, "remote error: tls: alert(%d)", os_errno);
		else
			strbuf_addf(cause, "tls: %s", m);
		break;
	}
	case KC_NET_TLS_TIMEOUT:
		strbuf_addstr(cause, "net/http: TLS handshake timeout");
		break;
	case KC_NET_TIMEOUT:
		strbuf_addstr(cause, "context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
		break;
	case KC_NET_TIMEOUT_BODY:
		strbuf_addstr(cause, "context deadline exceeded (Client.Timeout or context cancellation while reading body)");
		break;
	case KC_NET_EOF:
	case KC_NET_RESET:
		strbuf_addstr(cause, *m ? m : "EOF");
		break;
	case KC_NET_TOO_LARGE:
		strbuf_addstr(cause, "response body too large");
		break;
	case KC_NET_PROXY:
	case KC_NET_OTHER:
	case KC_NET_ABORTED:
	case KC_NET_OK:
		strbuf_addstr(cause, m);
		break;
	}
	if (!out->len)
		strbuf_addf(out, "Unable to connect to the server: %s", cause->buf);
	free(hp);
	free(host);
}
