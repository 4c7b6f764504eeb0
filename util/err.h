/* kc_err: the one error value that travels up to cli/.
 *
 * A function that can fail returns -1 (or NULL) and fills a struct kc_err with the
 * user-facing message; only cli/ prints it. The kind says how cli/ frames it:
 *   KC_ERR_PLAIN  "error: MSG"                       (kubectl's cmdutil.CheckErr)
 *   KC_ERR_RAW    "MSG" as it stands                  (already framed, e.g.
 *                 "Error from server (NotFound): ...", template errors)
 *   KC_ERR_USAGE  "error: MSG\nSee 'PROG CMD --help' for usage."
 * kc_err_init allocates nothing; kc_err_release frees the message. */
#ifndef KC_UTIL_ERR_H
#define KC_UTIL_ERR_H

#include "util/strbuf.h"

enum kc_err_kind {
	KC_OK = 0,
	KC_ERR_PLAIN,
	KC_ERR_RAW,
	KC_ERR_USAGE,
};

struct kc_err {
	enum kc_err_kind kind;
	int exit_code;      /* process exit code cli/ uses; 1 unless set */
	int http_code;      /* HTTP status of a server error, else 0 */
	char reason[48];    /* Status.reason of a server error ("NotFound"), else "" */
	struct strbuf msg;
};

#define KC_ERR_INIT { KC_OK, 0, 0, "", STRBUF_INIT }

void kc_err_init(struct kc_err *e);
void kc_err_release(struct kc_err *e);
int kc_err_isset(const struct kc_err *e);

/* Each setter replaces any earlier message and returns -1, so callers can write
 * `return kc_err_set(err, "...")`. err may be NULL (message dropped). */
int kc_err_set(struct kc_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_err_raw(struct kc_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_err_usage(struct kc_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prepend context to the current message: "file.yaml: " + msg. */
void kc_err_prefix(struct kc_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Move src into dst (dst released first); src is left initialised. */
void kc_err_move(struct kc_err *dst, struct kc_err *src);

/* Go's wording of an errno value: "no such file or directory". */
const char *go_errno_str(int errnum);

#endif
