/* client_watch SERVER CA-FILE TOKEN PATH MAX: drive kc_client_watch (client/)
 * and print "TYPE Kind name" per event, stopping after MAX events. A test
 * helper for tests/e2e/client-mock.t. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "util/file.h"

struct st {
	int n, max;
};

static int on_event(void *ud, const char *type, json_t *obj)
{
	struct st *s = ud;
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	const char *name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	printf("%s %s %s\n", type, kind ? kind : "?", name ? name : "?");
	fflush(stdout);
	return ++s->n >= s->max;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: client_watch SERVER CA TOKEN PATH MAX\n");
		return 2;
	}
	struct kc_rest_config rc;
	memset(&rc, 0, sizeof rc);
	strbuf_init(&rc.ca_pem, 0);
	strbuf_init(&rc.cert_pem, 0);
	strbuf_init(&rc.key_pem, 0);
	strvec_init(&rc.impersonate_groups);
	rc.host = argv[1];
	rc.bearer_token = argv[3];
	struct kc_err err = KC_ERR_INIT;
	int ret = 1;
	if (file_read(argv[2], &rc.ca_pem, &err) < 0)
		goto out;
	struct kc_client_opts o = { 0 };
	struct kc_client *c = kc_client_new(&rc, &o, &err);
	if (!c)
		goto out;
	struct st s = { 0, atoi(argv[5]) };
	ret = kc_client_watch(c, argv[4], on_event, &s, &err) < 0;
	kc_client_free(c);
out:
	if (kc_err_isset(&err))
		fprintf(stderr, "%s\n", err.msg.buf);
	kc_err_release(&err);
	strbuf_release(&rc.ca_pem);
	return ret;
}
