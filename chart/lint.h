/* chart/lint: `helm lint` (Helm v3.21 pkg/lint): the Chart.yaml, values,
 * templates and dependencies rules, with Helm's messages.
 *
 * Messages print as "[SEVERITY] PATH: MESSAGE" (chart_lint_msg_format). */
#ifndef KC_CHART_LINT_H
#define KC_CHART_LINT_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"

enum { LINT_UNKNOWN, LINT_INFO, LINT_WARNING, LINT_ERROR };

struct chart_lint_msg {
	int severity;
	char *path;
	char *msg;
};

struct chart_lint {
	struct chart_lint_msg *v;
	size_t nr, alloc;
};
void chart_lint_release(struct chart_lint *l);
void chart_lint_msg_format(const struct chart_lint_msg *m, struct strbuf *out);

struct chart_kube_version;
struct chart_lint_opts {
	json_t *values;          /* user values (-f/--set), borrowed; NULL = none */
	const char *namespace;   /* "default" */
	const struct chart_kube_version *kube_version; /* NULL: defaults (v1.36) */
	int skip_schema_validation;
};

/* lintChart: a chart directory or .tgz. Returns 0 with the messages in out,
 * or -1 when it is not a chart at all (err: "unable to check Chart.yaml file
 * in chart: stat …", "unable to open tarball: …"). */
int chart_lint_path(const char *path, const struct chart_lint_opts *o, struct chart_lint *out,
		    struct kc_err *err);

#endif
