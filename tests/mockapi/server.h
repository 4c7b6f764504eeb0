/* server.h: the request as the router sees it (main.c fills it, server.c serves it). */
#ifndef KC_MOCKAPI_SERVER_H
#define KC_MOCKAPI_SERVER_H

#include <arpa/inet.h>
#include <microhttpd.h>

#include "tests/mockapi/mock.h"

struct req {
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	struct strbuf body;
	int too_big;
	char *user;  /* authenticated user, NULL = anonymous */
	char *group; /* its group (one is enough here) */
	char *imp_user;
	int apply;   /* a server-side apply patch is being served */
	json_t *warnings; /* Warning header texts (array of strings) or NULL */
	json_t *apply_config; /* server-side apply creating the object: the configuration */
};

/* Queue a "Warning: 299 - ..." response header. */
void req_warn(struct req *r, const char *text);

enum MHD_Result serve(struct req *r);

extern volatile int g_shutdown;
extern char *g_admin_token;
extern const char *g_dev_token;
extern const char *g_dev_namespace;

#endif
