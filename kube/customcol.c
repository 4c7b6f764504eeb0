/* kubectl's -o custom-columns / custom-columns-file printer
 * (k8s.io/kubectl/pkg/cmd/get/customcolumn.go), aligned through util/tabwriter
 * with kubectl's RememberWidths. */
#include <string.h>

#include "kube/jsonpath.h"
#include "util/strvec.h"
#include "util/tabwriter.h"

struct customcol {
	size_t n;
	char **headers;
	char **specs; /* "{.path}" as RelaxedJSONPathExpression makes it, or "" */
	int no_headers;
	int header_done; /* CustomColumnsPrinter.lastType: one type for all objects */
	unsigned flags;
	unsigned long long max_work, max_output;
};

/* ---------------------------------------------------------------- spec */

static const char relaxed_err[] =
	"unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' "
	"or '{.name1.name2}'";

/* RelaxedJSONPathExpression: ^\{\.?([^{}]+)\}$|^\.?([^{}]+)$ -> "{.X}" */
static char *relaxed(const char *p, struct kc_err *err)
{
	size_t n = strlen(p);
	if (!n)
		return xstrdup("");
	const char *body = NULL;
	size_t blen = 0;
	if (n >= 3 && p[0] == '{' && p[n - 1] == '}' && !strpbrk(p + 1, "{") &&
	    !memchr(p + 1, '}', n - 2)) {
		body = p + 1;
		blen = n - 2;
	} else if (!strpbrk(p, "{}")) {
		body = p;
		blen = n;
	}
	if (!body) {
		kc_err_set(err, "%s", relaxed_err);
		return NULL;
	}
	if (blen > 1 && body[0] == '.')
		body++, blen--;
	return xasprintf("{.%.*s}", (int)blen, body);
}

static struct customcol *cc_alloc(size_t n)
{
	struct customcol *cc = xcalloc(1, sizeof *cc);
	cc->n = n;
	cc->headers = xcalloc(n ? n : 1, sizeof *cc->headers);
	cc->specs = xcalloc(n ? n : 1, sizeof *cc->specs);
	return cc;
}

struct customcol *customcol_new(const char *spec, int no_headers, struct kc_err *err)
{
	if (!*spec) {
		kc_err_set(err, "custom-columns format specified but no custom columns given");
		return NULL;
	}
	size_t n = 1;
	for (const char *c = spec; *c; c++)
		n += *c == ',';
	struct customcol *cc = cc_alloc(n);
	cc->no_headers = no_headers;
	const char *s = spec;
	for (size_t i = 0; i < n; i++) {
		const char *e = strchr(s, ',');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *part = xstrndup(s, len);
		char *colon = strchr(part, ':');
		if (!colon) {
			kc_err_set(err, "unexpected custom-columns spec: %s, expected "
				   "<header>:<json-path-expr>", part);
			free(part);
			customcol_free(cc);
			return NULL;
		}
		*colon = '\0';
		cc->headers[i] = xstrdup(part);
		cc->specs[i] = relaxed(colon + 1, err);
		free(part);
		if (!cc->specs[i]) {
			customcol_free(cc);
			return NULL;
		}
		s = e ? e + 1 : s + len;
	}
	return cc;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void split_words(const char *s, size_t n, struct strvec *out)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		size_t b = i;
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
		if (i > b) {
			char *w = xstrndup(s + b, i - b);
			strvec_push(out, w);
			free(w);
		}
	}
}

/* bufio.Scanner lines: split at \n, drop one trailing \r; a final line
 * without \n counts when non-empty. Returns 0 when there is no next line. */
static int next_line(const char **p, const char *end, const char **ls, size_t *ln)
{
	if (*p >= end)
		return 0;
	const char *nl = memchr(*p, '\n', end - *p);
	const char *e = nl ? nl : end;
	*ls = *p;
	*ln = e - *p;
	if (*ln && (*ls)[*ln - 1] == '\r')
		(*ln)--;
	*p = nl ? nl + 1 : end;
	return 1;
}

struct customcol *customcol_new_from_file_text(const char *text, int no_headers,
					       struct kc_err *err)
{
	(void)no_headers; /* kubectl ignores --no-headers for a columns file */
	const char *p = text, *end = text + strlen(text), *ls;
	size_t ln;
	struct strvec h = STRVEC_INIT, sp = STRVEC_INIT;
	struct customcol *cc = NULL;
	if (!next_line(&p, end, &ls, &ln)) {
		kc_err_set(err, "invalid template, missing header line. Expected format is one line "
			   "of space separated headers, one line of space separated column specs.");
		goto out;
	}
	split_words(ls, ln, &h);
	if (!next_line(&p, end, &ls, &ln)) {
		kc_err_set(err, "invalid template, missing spec line. Expected format is one line "
			   "of space separated headers, one line of space separated column specs.");
		goto out;
	}
	split_words(ls, ln, &sp);
	if (h.nr != sp.nr) {
		kc_err_set(err, "number of headers (%zu) and field specifications (%zu) don't match",
			   (size_t)h.nr, (size_t)sp.nr);
		goto out;
	}
	cc = cc_alloc(h.nr);
	for (size_t i = 0; i < h.nr; i++) {
		cc->headers[i] = xstrdup(h.v[i]);
		cc->specs[i] = relaxed(sp.v[i], err);
		if (!cc->specs[i]) {
			customcol_free(cc);
			cc = NULL;
			goto out;
		}
	}
out:
	strvec_clear(&h);
	strvec_clear(&sp);
	return cc;
}

void customcol_set_flags(struct customcol *cc, unsigned flags)
{
	cc->flags = flags;
}

void customcol_set_limits(struct customcol *cc, unsigned long long max_work,
			  unsigned long long max_output)
{
	cc->max_work = max_work;
	cc->max_output = max_output;
}

void customcol_free(struct customcol *cc)
{
	if (!cc)
		return;
	for (size_t i = 0; i < cc->n; i++) {
		free(cc->headers[i]);
		free(cc->specs[i]);
	}
	free(cc->headers);
	free(cc->specs);
	free(cc);
}

int customcol_print(struct customcol *cc, const json_t *const *objs, size_t n,
		    struct strbuf *out, struct kc_err *err)
{
	struct tabwriter tw;
	tabwriter_init(&tw);
	tabwriter_start(&tw, out, TABWRITER_REMEMBER_WIDTHS);
	struct jsonpath **jps = xcalloc(cc->n ? cc->n : 1, sizeof *jps);
	struct strbuf line = STRBUF_INIT;
	int rc = 0;
	if (!cc->no_headers && !cc->header_done) {
		for (size_t i = 0; i < cc->n; i++) {
			if (i)
				strbuf_addch(&line, '\t');
			strbuf_addstr(&line, cc->headers[i]);
		}
		strbuf_addch(&line, '\n');
		tabwriter_write(&tw, line.buf, line.len);
		cc->header_done = 1;
	}
	for (size_t i = 0; i < cc->n; i++) {
		char name[32];
		snprintf(name, sizeof name, "column%zu", i);
		jps[i] = jsonpath_parse(name, cc->specs[i], err);
		if (!jps[i]) {
			rc = -1;
			goto out;
		}
		jsonpath_set_allow_missing_keys(jps[i], 1);
		jsonpath_set_limits(jps[i], cc->max_work, cc->max_output);
		jsonpath_set_flags(jps[i], cc->flags & JSONPATH_FLOAT64);
	}
	for (size_t k = 0; k < n; k++) {
		strbuf_reset(&line);
		for (size_t i = 0; i < cc->n; i++) {
			if (i)
				strbuf_addch(&line, '\t');
			if (jsonpath_column_text(jps[i], objs[k], &line, err)) {
				rc = -1;
				goto out;
			}
		}
		strbuf_addch(&line, '\n');
		tabwriter_write(&tw, line.buf, line.len);
	}
out:
	tabwriter_end(&tw);
	tabwriter_release(&tw);
	for (size_t i = 0; i < cc->n; i++)
		jsonpath_free(jps[i]);
	free(jps);
	strbuf_release(&line);
	return rc;
}
