/* kubectl's -o custom-columns / custom-columns-file printer
 * (k8s.io/kubectl/pkg/cmd/get/customcolumn.go) and the tabwriter kubectl prints
 * tables through (github.com/liggitt/tabwriter: minwidth 6, tabwidth 4,
 * padding 3, pad ' ', RememberWidths). */
#include <string.h>

#include "kube/jsonpath.h"
#include "util/strvec.h"

struct customcol {
	size_t n;
	char **headers;
	char **specs; /* "{.path}" as RelaxedJSONPathExpression makes it, or "" */
	int no_headers;
	int header_done; /* CustomColumnsPrinter.lastType: one type for all objects */
	unsigned flags;
	unsigned long long max_work, max_output;
};

/* ---------------------------------------------------------------- tabwriter */

struct tw_cell {
	size_t start, size, width;
	int htab;
};

struct tw_line {
	struct tw_cell *c;
	size_t n, alloc;
};

struct tabwriter {
	struct strbuf *out;
	struct strbuf buf;
	struct tw_line *lines;
	size_t nlines, alines;
	struct tw_cell cell;
	size_t pos; /* start of the cell text not yet counted in cell.width */
	size_t *widths, nwidths, awidths;
	size_t *maxw, nmaxw, amaxw;
};

enum { TW_MINWIDTH = 6, TW_PADDING = 3 };

static size_t rune_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		size_t len = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 :
			     (b & 0xf8) == 0xf0 ? 4 : 1;
		if (len > n - i)
			len = 1;
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80) {
				len = 1;
				break;
			}
		i += len;
		c++;
	}
	return c;
}

static void tw_add_line(struct tabwriter *tw)
{
	if (tw->nlines == tw->alines) {
		tw->alines = tw->alines ? 2 * tw->alines : 16;
		tw->lines = xrealloc(tw->lines, tw->alines * sizeof *tw->lines);
	}
	memset(&tw->lines[tw->nlines++], 0, sizeof *tw->lines);
}

static size_t tw_terminate_cell(struct tabwriter *tw, int htab)
{
	tw->cell.htab = htab;
	struct tw_line *l = &tw->lines[tw->nlines - 1];
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->c = xrealloc(l->c, l->alloc * sizeof *l->c);
	}
	l->c[l->n++] = tw->cell;
	memset(&tw->cell, 0, sizeof tw->cell);
	tw->cell.start = tw->buf.len;
	return l->n;
}

static void push(size_t **v, size_t *n, size_t *a, size_t x)
{
	if (*n == *a) {
		*a = *a ? 2 * *a : 8;
		*v = xrealloc(*v, *a * sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static void tw_write_lines(struct tabwriter *tw, size_t line0, size_t line1)
{
	for (size_t i = line0; i < line1; i++) {
		struct tw_line *l = &tw->lines[i];
		for (size_t j = 0; j < l->n; j++) {
			struct tw_cell *c = &l->c[j];
			strbuf_add(tw->out, tw->buf.buf + c->start, c->size);
			if (j < tw->nwidths && tw->widths[j] > c->width)
				strbuf_addchars(tw->out, ' ', tw->widths[j] - c->width);
		}
		if (i + 1 == tw->nlines)
			strbuf_add(tw->out, tw->buf.buf + tw->cell.start, tw->cell.size);
		else
			strbuf_addch(tw->out, '\n');
	}
}

static void tw_format(struct tabwriter *tw, size_t line0, size_t line1)
{
	size_t column = tw->nwidths;
	for (size_t this = line0; this < line1; this++) {
		if (column + 1 >= tw->lines[this].n)
			continue;
		tw_write_lines(tw, line0, this);
		line0 = this;
		size_t width = TW_MINWIDTH;
		for (; this < line1; this++) {
			struct tw_line *l = &tw->lines[this];
			if (column + 1 >= l->n)
				break;
			if (l->c[column].width + TW_PADDING > width)
				width = l->c[column].width + TW_PADDING;
		}
		/* RememberWidths */
		while (tw->nmaxw < tw->nwidths)
			push(&tw->maxw, &tw->nmaxw, &tw->amaxw, tw->widths[tw->nmaxw]);
		if (tw->nmaxw == tw->nwidths)
			push(&tw->maxw, &tw->nmaxw, &tw->amaxw, width);
		else if (tw->maxw[tw->nwidths] > width)
			width = tw->maxw[tw->nwidths];
		else if (tw->maxw[tw->nwidths] < width)
			tw->maxw[tw->nwidths] = width;
		push(&tw->widths, &tw->nwidths, &tw->awidths, width);
		tw_format(tw, line0, this);
		tw->nwidths--;
		line0 = this;
	}
	tw_write_lines(tw, line0, line1);
}

static void tw_reset(struct tabwriter *tw)
{
	for (size_t i = 0; i < tw->nlines; i++)
		free(tw->lines[i].c);
	tw->nlines = 0;
	strbuf_reset(&tw->buf);
	memset(&tw->cell, 0, sizeof tw->cell);
	tw->pos = 0;
	tw_add_line(tw);
}

/* Deeper than this many columns the recursion of format() is not safe on the C
 * stack; such a segment is written with each cell padded on its own. */
#define TW_MAX_COLUMNS 2000

static void tw_flush(struct tabwriter *tw)
{
	if (tw->cell.size > 0)
		tw_terminate_cell(tw, 0);
	size_t maxcells = 0;
	for (size_t i = 0; i < tw->nlines; i++)
		if (tw->lines[i].n > maxcells)
			maxcells = tw->lines[i].n;
	if (maxcells > TW_MAX_COLUMNS) {
		/* each cell padded on its own (min width, padding), not aligned */
		for (size_t i = 0; i < tw->nlines; i++) {
			struct tw_line *l = &tw->lines[i];
			for (size_t j = 0; j < l->n; j++) {
				struct tw_cell *c = &l->c[j];
				strbuf_add(tw->out, tw->buf.buf + c->start, c->size);
				if (j + 1 < l->n) {
					size_t w = c->width + TW_PADDING;
					strbuf_addchars(tw->out, ' ',
							(w < TW_MINWIDTH ? TW_MINWIDTH : w) - c->width);
				}
			}
			if (i + 1 < tw->nlines)
				strbuf_addch(tw->out, '\n');
		}
	} else {
		tw_format(tw, 0, tw->nlines);
	}
	tw_reset(tw);
}

static void tw_init(struct tabwriter *tw, struct strbuf *out)
{
	memset(tw, 0, sizeof *tw);
	tw->out = out;
	strbuf_init(&tw->buf, 0);
	tw_add_line(tw);
}

static void tw_release(struct tabwriter *tw)
{
	for (size_t i = 0; i < tw->nlines; i++)
		free(tw->lines[i].c);
	free(tw->lines);
	free(tw->widths);
	free(tw->maxw);
	strbuf_release(&tw->buf);
}

static void tw_write(struct tabwriter *tw, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch != '\t' && ch != '\v' && ch != '\n' && ch != '\f')
			continue;
		strbuf_add(&tw->buf, s + start, i - start);
		tw->cell.size += i - start;
		tw->cell.width += rune_count(tw->buf.buf + tw->pos, tw->buf.len - tw->pos);
		tw->pos = tw->buf.len;
		start = i + 1;
		size_t ncells = tw_terminate_cell(tw, ch == '\t');
		if (ch == '\n' || ch == '\f') {
			tw_add_line(tw);
			if (ch == '\f' || ncells == 1)
				tw_flush(tw);
		}
	}
	strbuf_add(&tw->buf, s + start, n - start);
	tw->cell.size += n - start;
}

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
	tw_init(&tw, out);
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
		tw_write(&tw, line.buf, line.len);
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
		tw_write(&tw, line.buf, line.len);
	}
out:
	tw_flush(&tw);
	tw_release(&tw);
	for (size_t i = 0; i < cc->n; i++)
		jsonpath_free(jps[i]);
	free(jps);
	strbuf_release(&line);
	return rc;
}
