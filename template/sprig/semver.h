#ifndef KC_TEMPLATE_SPRIG_SEMVER_H
#define KC_TEMPLATE_SPRIG_SEMVER_H
/* kc's one semantic-version implementation (Masterminds/semver v3), shared by
 * sprig's semver functions and by chart/ (Chart.yaml versions, dependency
 * ranges, kubeVersion). */
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
