/* sprig_impl.h: the pure-C backends of the Sprig functions (private to template/sprig).
 *
 * Each backend works on C strings and strbufs and knows nothing of the template value
 * type; the function table (sprig.c) converts arguments and results. Conventions:
 * functions returning int give 0 on success and -1 on failure, after writing the
 * user-facing message (Go's wording, as Helm prints it after "error calling X: ")
 * into `err`, which the caller owns. Outputs are appended to `out`. */
#ifndef KC_TEMPLATE_SPRIG_IMPL_H
#define KC_TEMPLATE_SPRIG_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* ---- semver.c: Masterminds/semver v3 (errors worded as semver 3.5 / Helm) ---- */
struct semver {
	uint64_t major, minor, patch;
	char *pre;      /* "" when none; owned */
	char *meta;     /* "" when none; owned */
	char *original; /* the text parsed; owned */
};
/* semver.NewVersion. */
int semver_parse(const char *s, struct semver *out, struct strbuf *err);
void semver_release(struct semver *v);
/* Version.Compare: -1, 0, 1. */
int semver_compare(const struct semver *a, const struct semver *b);
/* Version.String: "1.2.3-pre+meta" (normalised, no "v"). */
void semver_string(const struct semver *v, struct strbuf *out);
/* sprig semverCompare: NewConstraint(constraint), NewVersion(version), Check. */
int semver_check(const char *constraint, const char *version, int *result, struct strbuf *err);

#endif
