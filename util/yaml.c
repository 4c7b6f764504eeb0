/* YAML → jansson as sigs.k8s.io/yaml's YAMLToJSON does it (go-yaml v2 underneath).
 *
 * Three steps, as in Go:
 *   1. libyaml's parser events become a node tree (go-yaml's parser.go), built
 *      without recursion; anchors are registered when their node starts.
 *   2. The tree is decoded as go-yaml decodes into interface{}: plain scalars go
 *      through yaml_resolve_plain, tags are checked, `<<` merges into the map being
 *      built, aliases expand (with go-yaml's "excessive aliasing" guard).
 *   3. What YAMLToJSON does next: map keys become strings (ints in decimal, floats
 *      as float32 %g, bools), other keys are errors, and json.Marshal's view of
 *      numbers decides integer vs real (NaN/Inf are errors).
 * Errors carry go-yaml's words and its line arithmetic. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/gostr.h"
#include "util/json.h"
#include "util/yaml.h"

#define MAX_DEPTH 10000      /* go-yaml's max_flow_level / max_indents */
#define MAX_RECURSION 10100  /* decoder recursion (tree depth + alias chains) */

#define TAG_PREFIX "tag:yaml.org,2002:"
#define TAG_STR TAG_PREFIX "str"
#define TAG_BINARY TAG_PREFIX "binary"
#define TAG_MERGE TAG_PREFIX "merge"

enum nkind { N_SCALAR, N_SEQ, N_MAP, N_ALIAS };

struct ynode {
	unsigned char kind;
	unsigned char implicit; /* plain_implicit of the scalar event */
	unsigned char busy;     /* alias node currently being expanded */
	unsigned char flow;
	int line, column;       /* 0-based start mark */
	char *tag;              /* NULL for none */
	char *value;            /* scalar text, or the alias name */
	size_t len;
	struct ynode **kids;
	size_t n, alloc;
	struct ynode *alias;    /* target of an alias */
};

struct anchor {
	char *name;
	struct ynode *node;
};

struct loader {
	struct ynode **all;
	size_t nall, aall;
	struct anchor *anchors;
	size_t nanchors, aanchors;
	json_t *anchor_idx; /* name → index of its newest definition */

	/* decoder */
	long decode_count, alias_count;
	int alias_depth, depth;
	int line_base; /* added to reported lines (documents of a stream) */
	int float64;   /* Helm's view: every number a float64 (json_real) */
	struct strbuf conv_err, marshal_err;
	struct kc_err *err;
	struct yaml_pos *where;
	int failed;
};

static struct ynode *node_new(struct loader *l, int kind, const yaml_event_t *ev)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->kind = (unsigned char)kind;
	n->line = (int)ev->start_mark.line;
	n->column = (int)ev->start_mark.column;
	if (l->nall == l->aall) {
		l->aall = l->aall ? 2 * l->aall : 64;
		l->all = xrealloc(l->all, l->aall * sizeof *l->all);
	}
	l->all[l->nall++] = n;
	return n;
}

static void node_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->alloc) {
		parent->alloc = parent->alloc ? 2 * parent->alloc : 4;
		parent->kids = xrealloc(parent->kids, parent->alloc * sizeof *parent->kids);
	}
	parent->kids[parent->n++] = kid;
}

static void loader_release(struct loader *l)
{
	for (size_t i = 0; i < l->nall; i++) {
		free(l->all[i]->tag);
		free(l->all[i]->value);
		free(l->all[i]->kids);
		free(l->all[i]);
	}
	free(l->all);
	for (size_t i = 0; i < l->nanchors; i++)
		free(l->anchors[i].name);
	free(l->anchors);
	json_decref(l->anchor_idx);
	strbuf_release(&l->conv_err);
	strbuf_release(&l->marshal_err);
}

/* Anchors: later definitions replace earlier ones (go-yaml's map assignment). */
static void anchor_set(struct loader *l, const char *name, struct ynode *n)
{
	if (!name)
		return;
	if (l->nanchors == l->aanchors) {
		l->aanchors = l->aanchors ? 2 * l->aanchors : 8;
		l->anchors = xrealloc(l->anchors, l->aanchors * sizeof *l->anchors);
	}
	l->anchors[l->nanchors].name = xstrdup(name);
	l->anchors[l->nanchors].node = n;
	if (!l->anchor_idx)
		l->anchor_idx = json_object();
	json_object_set_new_nocheck(l->anchor_idx, name, json_integer((json_int_t)l->nanchors));
	l->nanchors++;
}

static struct ynode *anchor_get(struct loader *l, const char *name)
{
	json_t *i = l->anchor_idx ? json_object_get(l->anchor_idx, name) : NULL;
	return i ? l->anchors[json_integer_value(i)].node : NULL;
}

static int fail_at(struct loader *l, int line0, int col0, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_at(struct loader *l, int line0, int col0, const char *fmt, ...)
{
	if (l->failed)
		return -1;
	l->failed = 1;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	kc_err_set(l->err, "%s", sb.buf);
	strbuf_release(&sb);
	if (l->where) {
		l->where->line = line0 >= 0 ? line0 + 1 + l->line_base : 0;
		l->where->column = line0 >= 0 ? col0 + 1 : 0;
	}
	return -1;
}

/* go-yaml's parser.fail(): the line it prints is problem_mark.line (0-based, so
 * usually the line before) for parser errors, +1 for scanner errors, else the
 * context mark's line; none when both are 0. */
static int parse_fail(struct loader *l, const yaml_parser_t *p)
{
	int line = 0;
	if (p->problem_mark.line != 0) {
		line = (int)p->problem_mark.line;
		if (p->error == YAML_SCANNER_ERROR)
			line++;
	} else if (p->context_mark.line != 0) {
		line = (int)p->context_mark.line;
	}
	const char *msg = p->problem && *p->problem ? p->problem
						     : "unknown problem parsing YAML content";
	int mline = -1, mcol = 0;
	if (p->error == YAML_SCANNER_ERROR || p->error == YAML_PARSER_ERROR) {
		mline = (int)p->problem_mark.line;
		mcol = (int)p->problem_mark.column;
	}
	if (line)
		return fail_at(l, mline, mcol, "yaml: line %d: %s", line + l->line_base, msg);
	return fail_at(l, mline, mcol, "yaml: %s", msg);
}

/* libyaml (0.2.5) accepts the YAML 1.2 escape "\/" that go-yaml v2 rejects.
 * Looks at the source of a double-quoted scalar whose value has a '/'; marks
 * count characters, not bytes. Returns -1 after setting go-yaml's error. */
static int check_escapes(struct loader *l, const char *buf, size_t len, const yaml_event_t *ev)
{
	size_t from = ev->start_mark.index, to = ev->end_mark.index, ch = 0, i = 0;
	while (i < len && ch < from) {
		i += (size_t)(((unsigned char)buf[i] & 0xe0) == 0xc0 ? 2 :
			      ((unsigned char)buf[i] & 0xf0) == 0xe0 ? 3 :
			      ((unsigned char)buf[i] & 0xf8) == 0xf0 ? 4 : 1);
		ch++;
	}
	int line = (int)ev->start_mark.line;
	for (; i < len && ch < to; i++, ch++) {
		unsigned char c = (unsigned char)buf[i];
		if (c >= 0x80) {
			i += (size_t)((c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 0);
			continue;
		}
		if (c == '\n')
			line++;
		if (c != '\\' || i + 1 >= len)
			continue;
		if (buf[i + 1] == '/') {
			if (line)
				return fail_at(l, line, 0, "yaml: line %d: found unknown escape character",
					       line + 1 + l->line_base);
			return fail_at(l, line, 0, "yaml: found unknown escape character");
		}
		i++, ch++;
	}
	return 0;
}

/* Byte offset of character index `ch` (libyaml marks count characters). */
static size_t char_to_byte(const char *buf, size_t len, size_t ch)
{
	size_t i = 0;
	while (i < len && ch--) {
		unsigned char c = (unsigned char)buf[i];
		i += (size_t)((c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1);
	}
	return i < len ? i : len;
}

/* go-yaml ends a plain scalar at '?' inside a flow collection and reads the '?'
 * as a key indicator the flow collection does not accept there; libyaml 0.2.5
 * keeps it in the scalar. */
static int check_flow_question(struct loader *l, const char *buf, size_t len,
			       const yaml_event_t *ev, int in_seq)
{
	size_t i = char_to_byte(buf, len, ev->start_mark.index);
	size_t end = char_to_byte(buf, len, ev->end_mark.index);
	int line = (int)ev->start_mark.line;
	for (size_t k = i; k < end; k++) {
		if (buf[k] == '\n')
			line++;
		if (buf[k] == '?' && k > i) {
			const char *want = in_seq ? "did not find expected ',' or ']'"
						  : "did not find expected ',' or '}'";
			if (line)
				return fail_at(l, line, 0, "yaml: line %d: %s", line + l->line_base, want);
			return fail_at(l, line, 0, "yaml: %s", want);
		}
	}
	return 0;
}

/* go-yaml reads its input 512 bytes at a time and decodes (checking UTF-8 and
 * control characters) only what it has read; libyaml reads 16 KiB. Feeding
 * libyaml the same slices makes reader errors surface when go-yaml's do. */
struct go_input {
	yaml_parser_t *parser;
	const unsigned char *buf;
	size_t len, pos;
};

static int go_read(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct go_input *in = data;
	size_t held = (size_t)(in->parser->raw_buffer.last - in->parser->raw_buffer.start);
	size_t n = held < 512 ? 512 - held : size; /* never 0 before the end: 0 is EOF */
	if (n > size)
		n = size;
	if (n > in->len - in->pos)
		n = in->len - in->pos;
	memcpy(buffer, in->buf + in->pos, n);
	in->pos += n;
	*size_read = n;
	return 1;
}

/* Step 1: events → tree of the first document. Returns 0 and *root (NULL for an
 * empty stream), or -1. */
static int build_tree(struct loader *l, const char *buf, size_t len, struct ynode **root)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct ynode **stack = NULL;
	size_t depth = 0, astack = 0;
	int ret = -1, done = 0, flow_depth = 0, block_depth = 0;

	struct go_input in = { &p, (const unsigned char *)buf, len, 0 };
	*root = NULL;
	if (!yaml_parser_initialize(&p))
		return fail_at(l, -1, 0, "yaml: out of memory");
	yaml_parser_set_input(&p, go_read, &in);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			/* an escape go-yaml rejects ("\/") comes before libyaml's
			 * complaint about the unterminated string */
			if (p.error == YAML_SCANNER_ERROR && p.context &&
			    !strcmp(p.context, "while scanning a quoted scalar")) {
				size_t from = char_to_byte(buf, len, p.context_mark.index);
				size_t to = char_to_byte(buf, len, p.problem_mark.index);
				int line = (int)p.context_mark.line;
				for (size_t k = from; k < to; k++) {
					if (buf[k] == '\n')
						line++;
					if (buf[k] != '\\' || k + 1 >= to)
						continue;
					if (buf[k + 1] == '/') {
						if (line)
							fail_at(l, line, 0, "yaml: line %d: found unknown escape character",
								line + 1 + l->line_base);
						else
							fail_at(l, line, 0, "yaml: found unknown escape character");
						goto cleanup;
					}
					k++;
				}
			}
			parse_fail(l, &p);
			goto cleanup;
		}
		struct ynode *n = NULL;
		const char *anchor = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(l, N_SCALAR, &ev);
			n->value = xmalloc(ev.data.scalar.length + 1);
			memcpy(n->value, ev.data.scalar.value, ev.data.scalar.length);
			n->value[ev.data.scalar.length] = '\0';
			n->len = ev.data.scalar.length;
			n->implicit = (unsigned char)ev.data.scalar.plain_implicit;
			if (ev.data.scalar.tag)
				n->tag = xstrdup((const char *)ev.data.scalar.tag);
			anchor = (const char *)ev.data.scalar.anchor;
			if (ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
			    memchr(n->value, '/', n->len) && check_escapes(l, buf, len, &ev)) {
				yaml_event_delete(&ev);
				goto cleanup;
			}
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && flow_depth &&
			    memchr(n->value, '?', n->len) &&
			    check_flow_question(l, buf, len, &ev, stack[depth - 1]->kind == N_SEQ)) {
				yaml_event_delete(&ev);
				goto cleanup;
			}
			break;
		case YAML_ALIAS_EVENT: {
			const char *name = (const char *)ev.data.alias.anchor;
			n = node_new(l, N_ALIAS, &ev);
			n->value = xstrdup(name);
			n->alias = anchor_get(l, name);
			if (!n->alias) {
				fail_at(l, n->line, n->column, "yaml: unknown anchor '%s' referenced",
					name);
				yaml_event_delete(&ev);
				goto cleanup;
			}
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			int seq = ev.type == YAML_SEQUENCE_START_EVENT;
			n = node_new(l, seq ? N_SEQ : N_MAP, &ev);
			const yaml_char_t *tag = seq ? ev.data.sequence_start.tag
						     : ev.data.mapping_start.tag;
			if (tag)
				n->tag = xstrdup((const char *)tag);
			anchor = (const char *)(seq ? ev.data.sequence_start.anchor
						    : ev.data.mapping_start.anchor);
			n->flow = seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
				      : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
			if (n->flow ? ++flow_depth > MAX_DEPTH : ++block_depth > MAX_DEPTH) {
				fail_at(l, n->line, n->column, "yaml: line %d: exceeded max depth of %d",
					n->line + 1 + l->line_base, MAX_DEPTH);
				yaml_event_delete(&ev);
				goto cleanup;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth) {
				struct ynode *top = stack[--depth];
				if (top->flow)
					flow_depth--;
				else
					block_depth--;
			}
			break;
		default:
			break;
		}
		if (n) {
			anchor_set(l, anchor, n);
			if (depth)
				node_add(stack[depth - 1], n);
			else if (!*root)
				*root = n;
			if (n->kind == N_SEQ || n->kind == N_MAP) {
				if (depth == astack) {
					astack = astack ? 2 * astack : 32;
					stack = xrealloc(stack, astack * sizeof *stack);
				}
				stack[depth++] = n;
			}
		}
		yaml_event_delete(&ev);
	}
	ret = 0;
cleanup:
	free(stack);
	yaml_parser_delete(&p);
	return ret;
}

/* ---- Step 2 and 3: decoding --------------------------------------------- */

static const char *short_tag(const char *tag, char *buf, size_t n)
{
	if (!strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX))) {
		snprintf(buf, n, "!!%s", tag + strlen(TAG_PREFIX));
		return buf;
	}
	return tag;
}

static const char *rtag_name(enum yaml_rtag r)
{
	switch (r) {
	case YAML_R_NULL: return TAG_PREFIX "null";
	case YAML_R_BOOL: return TAG_PREFIX "bool";
	case YAML_R_INT:
	case YAML_R_UINT: return TAG_PREFIX "int";
	case YAML_R_FLOAT: return TAG_PREFIX "float";
	case YAML_R_TIMESTAMP: return TAG_PREFIX "timestamp";
	case YAML_R_STR: break;
	}
	return TAG_STR;
}

static int resolvable_tag(const char *tag)
{
	static const char *const t[] = { "str", "bool", "int", "float", "null", "timestamp" };
	if (!tag)
		return 1;
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
		return 0;
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(tag + strlen(TAG_PREFIX), t[i]))
			return 1;
	return 0;
}

/* A decoded Go value: what interface{} would hold. */
enum gkind { G_NIL, G_BOOL, G_INT, G_UINT, G_FLOAT, G_STR, G_MAP, G_SEQ };

struct gval {
	enum gkind kind;
	struct yaml_scalar s;
	char *str; /* G_STR (owned) */
	size_t len;
	json_t *json; /* G_MAP / G_SEQ: already converted */
};

static void gval_release(struct gval *g)
{
	free(g->str);
	json_decref(g->json);
	memset(g, 0, sizeof *g);
}

/* Go's base64.StdEncoding.DecodeString: \r and \n are skipped, padding required. */
static int b64_decode(const char *s, size_t n, struct strbuf *out)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0, q = 0, pad = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			q++;
			continue;
		}
		if (pad)
			return -1;
		const char *p = c ? strchr(al, c) : NULL;
		if (!p)
			return -1;
		v = (v << 6) | (unsigned)(p - al);
		bits += 6;
		q++;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(out, (int)((v >> bits) & 0xff));
		}
	}
	if (q % 4 || pad > 2)
		return -1;
	if (pad && (q % 4) != 0)
		return -1;
	/* pad must sit at the end of a quantum whose data bits leave 2 or 1 bytes */
	if (pad == 1 && bits != 2)
		return -1;
	if (pad == 2 && bits != 4)
		return -1;
	return 0;
}

/* Invalid UTF-8 → U+FFFD per bad byte, as json.Marshal writes it. */
static json_t *json_go_string(const char *s, size_t n)
{
	size_t i = 0;
	struct strbuf sb = STRBUF_INIT;
	int bad = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t w = 0;
		unsigned cp = 0;
		if (c < 0x80)
			w = 1, cp = c;
		else if (c >= 0xc2 && c <= 0xdf)
			w = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			w = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			w = 4, cp = c & 0x07;
		int okk = w && i + w <= n;
		for (size_t k = 1; okk && k < w; k++) {
			unsigned char cc = (unsigned char)s[i + k];
			if ((cc & 0xc0) != 0x80)
				okk = 0;
			else
				cp = (cp << 6) | (cc & 0x3f);
		}
		if (okk && ((w == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			    (w == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			okk = 0;
		if (!okk) {
			strbuf_add(&sb, "\xef\xbf\xbd", 3);
			bad = 1;
			i++;
			continue;
		}
		strbuf_add(&sb, s + i, w);
		i += w;
	}
	json_t *j = bad ? json_stringn(sb.buf, sb.len) : json_stringn(s, n);
	strbuf_release(&sb);
	return j;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Go's %#v of an interface{} holding the decoded (already converted) value;
 * map keys print as the strings they became. */
static void go_repr_json(struct strbuf *sb, json_t *j)
{
	size_t i;
	json_t *v;
	switch (json_typeof(j)) {
	case JSON_NULL: strbuf_addstr(sb, "interface {}(nil)"); break;
	case JSON_TRUE: strbuf_addstr(sb, "true"); break;
	case JSON_FALSE: strbuf_addstr(sb, "false"); break;
	case JSON_INTEGER: strbuf_addf(sb, "%lld", (long long)json_integer_value(j)); break;
	case JSON_REAL: go_format_float(sb, json_real_value(j), 'g', -1); break;
	case JSON_STRING: go_quote(sb, json_string_value(j), json_string_length(j)); break;
	case JSON_ARRAY:
		strbuf_addstr(sb, "[]interface {}{");
		json_array_foreach(j, i, v) {
			if (i)
				strbuf_addstr(sb, ", ");
			go_repr_json(sb, v);
		}
		strbuf_addch(sb, '}');
		break;
	case JSON_OBJECT: {
		strbuf_addstr(sb, "map[interface {}]interface {}{");
		const char **keys = xmalloc((json_object_size(j) + 1) * sizeof *keys);
		const char *k;
		size_t n = 0;
		json_object_foreach(j, k, v)
			keys[n++] = k;
		qsort(keys, n, sizeof *keys, cmp_str);
		for (i = 0; i < n; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			go_quote(sb, keys[i], strlen(keys[i]));
			strbuf_addch(sb, ':');
			go_repr_json(sb, json_object_get(j, keys[i]));
		}
		free(keys);
		strbuf_addch(sb, '}');
		break;
	}
	}
}

/* Go's %#v of a decoded key/value, for YAMLToJSON's key errors. */
static void go_repr(struct strbuf *sb, const struct gval *g)
{
	switch (g->kind) {
	case G_NIL: strbuf_addstr(sb, "interface {}(nil)"); break;
	case G_BOOL: strbuf_addstr(sb, g->s.b ? "true" : "false"); break;
	case G_INT: strbuf_addf(sb, "%lld", g->s.i); break;
	case G_UINT: strbuf_addf(sb, "0x%llx", g->s.u); break;
	case G_FLOAT: go_format_float(sb, g->s.f, 'g', -1); break;
	case G_STR: go_quote(sb, g->str, g->len); break;
	case G_MAP:
	case G_SEQ: go_repr_json(sb, g->json); break;
	}
}

/* strconv.FormatFloat(f, 'g', -1, 32) */
static void format_float32(struct strbuf *sb, double d)
{
	float f = (float)d;
	if (isnan(f)) {
		strbuf_addstr(sb, "NaN");
		return;
	}
	if (isinf(f)) {
		strbuf_addstr(sb, f > 0 ? "+Inf" : "-Inf");
		return;
	}
	char buf[64];
	int prec;
	for (prec = 1; prec < 12; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, (double)f);
		if (strtof(buf, NULL) == f)
			break;
	}
	/* buf = d.ddddde±XX; digits and decimal exponent */
	char digits[32];
	int nd = 0, neg = buf[0] == '-';
	const char *p = buf + neg;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	int exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (f == 0) {
		strbuf_addstr(sb, neg ? "-0" : "0");
		return;
	}
	if (neg)
		strbuf_addch(sb, '-');
	if (exp < -4 || exp >= 6) { /* strconv 'g' shortest */
		strbuf_addch(sb, digits[0]);
		if (nd > 1) {
			strbuf_addch(sb, '.');
			strbuf_add(sb, digits + 1, (size_t)nd - 1);
		}
		strbuf_addf(sb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	if (exp < 0) {
		strbuf_addstr(sb, "0.");
		strbuf_addchars(sb, '0', (size_t)(-exp - 1));
		strbuf_add(sb, digits, (size_t)nd);
	} else {
		for (int i = 0; i <= exp || i < nd; i++) {
			if (i == exp + 1)
				strbuf_addch(sb, '.');
			strbuf_addch(sb, i < nd ? digits[i] : '0');
		}
	}
}

static int decode(struct loader *l, struct ynode *n, struct gval *out);

static int fail_node(struct loader *l, struct ynode *n, const char *fmt, const char *a,
		     const char *b, const char *c)
{
	return fail_at(l, n ? n->line : -1, n ? n->column : 0, fmt, a, b, c);
}

static int decode_scalar(struct loader *l, struct ynode *n, struct gval *out)
{
	char b1[64], b2[64];
	const char *tag = n->tag;
	if (!tag && !n->implicit)
		goto string;
	if (!resolvable_tag(tag)) {
		if (tag && !strcmp(tag, TAG_BINARY)) {
			struct strbuf sb = STRBUF_INIT;
			if (b64_decode(n->value, n->len, &sb)) {
				strbuf_release(&sb);
				return fail_node(l, n, "yaml: !!binary value contains invalid base64 data",
						 NULL, NULL, NULL);
			}
			out->kind = G_STR;
			out->str = strbuf_detach(&sb, &out->len);
			return 0;
		}
		goto string;
	}
	if (tag && !strcmp(tag, TAG_STR))
		goto string;
	enum yaml_rtag r = YAML_R_STR;
	if (strlen(n->value) == n->len) /* NUL inside → never anything but a string */
		r = yaml_resolve_plain(n->value, &out->s);
	if (tag && strcmp(tag, rtag_name(r))) {
		if (!strcmp(tag, TAG_PREFIX "float") && r == YAML_R_INT) {
			out->s.f = (double)out->s.i;
			r = YAML_R_FLOAT;
		} else {
			return fail_node(l, n, "yaml: cannot decode %s `%s` as a %s",
					 short_tag(rtag_name(r), b1, sizeof b1), n->value,
					 short_tag(tag, b2, sizeof b2));
		}
	}
	switch (r) {
	case YAML_R_NULL: out->kind = G_NIL; return 0;
	case YAML_R_BOOL: out->kind = G_BOOL; return 0;
	case YAML_R_INT: out->kind = G_INT; return 0;
	case YAML_R_UINT: out->kind = G_UINT; return 0;
	case YAML_R_FLOAT: out->kind = G_FLOAT; return 0;
	case YAML_R_STR:
	case YAML_R_TIMESTAMP: break;
	}
string:
	out->kind = G_STR;
	out->str = xmalloc(n->len + 1);
	memcpy(out->str, n->value, n->len + 1);
	out->len = n->len;
	return 0;
}

/* json.Marshal of a float64, then kubectl's number decoding: integral values
 * that print without '.'/'e' and fit int64 come back as integers. */
static json_t *float_to_json(struct loader *l, double f)
{
	if (isnan(f) || isinf(f)) {
		if (!l->marshal_err.len)
			strbuf_addf(&l->marshal_err, "json: unsupported value: %s",
				    isnan(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf");
		return json_null();
	}
	if (l->float64)
		return json_real(f);
	/* the text json.Marshal writes, read back as kubectl's decoder does */
	struct strbuf t = STRBUF_INIT;
	long long iv;
	json_format_go_float(&t, f);
	int is_int = go_parse_int(t.buf, 10, 64, &iv) == 0;
	strbuf_release(&t);
	if (is_int)
		return json_integer(iv);
	return json_real(f);
}

static json_t *gval_to_json(struct loader *l, struct gval *g)
{
	json_t *j = NULL;
	switch (g->kind) {
	case G_NIL: return json_null();
	case G_BOOL: return json_boolean(g->s.b);
	case G_INT: return l->float64 ? json_real((double)g->s.i) : json_integer(g->s.i);
	case G_UINT: return json_real((double)g->s.u);
	case G_FLOAT: return float_to_json(l, g->s.f);
	case G_STR: return json_go_string(g->str, g->len);
	case G_MAP:
	case G_SEQ:
		j = g->json;
		g->json = NULL;
		return j;
	}
	return json_null();
}

/* The map under construction: Go map[interface{}]interface{} keys (typed) in
 * first-insertion order; `idx` maps "<type><repr>" to the entry's position. */
struct gent {
	struct gval key;
	json_t *val;
};
struct gmap {
	struct gent *e;
	size_t n, alloc;
	json_t *idx;
};

static void gmap_release(struct gmap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		gval_release(&m->e[i].key);
		json_decref(m->e[i].val);
	}
	free(m->e);
	json_decref(m->idx);
}

static void typed_key(struct strbuf *sb, const struct gval *k)
{
	strbuf_addch(sb, "nbiufs"[k->kind]);
	switch (k->kind) {
	case G_BOOL: strbuf_addch(sb, k->s.b ? '1' : '0'); break;
	case G_INT: strbuf_addf(sb, "%lld", k->s.i); break;
	case G_UINT: strbuf_addf(sb, "%llu", k->s.u); break;
	case G_FLOAT: strbuf_addf(sb, "%a", k->s.f); break;
	case G_STR: strbuf_add(sb, k->str, k->len); break;
	default: break;
	}
}

static void gmap_set(struct gmap *m, struct gval *key, json_t *val)
{
	struct strbuf tk = STRBUF_INIT;
	typed_key(&tk, key);
	json_t *pos = json_object_getn(m->idx, tk.buf, tk.len);
	if (pos && !(key->kind == G_FLOAT && isnan(key->s.f))) {
		struct gent *e = &m->e[json_integer_value(pos)];
		json_decref(e->val);
		e->val = val;
		gval_release(key);
	} else {
		if (m->n == m->alloc) {
			m->alloc = m->alloc ? 2 * m->alloc : 8;
			m->e = xrealloc(m->e, m->alloc * sizeof *m->e);
		}
		m->e[m->n].key = *key;
		m->e[m->n].val = val;
		memset(key, 0, sizeof *key);
		json_object_setn_new(m->idx, tk.buf, tk.len, json_integer((json_int_t)m->n));
		m->n++;
	}
	strbuf_release(&tk);
}

static int decode_into_map(struct loader *l, struct ynode *n, struct gmap *m);

/* Go's %#v of the interface{} go-yaml built for node n (for "invalid map key"):
 * keys keep their types (fmt prints map keys sorted: numbers, then strings). */
struct repr_ent {
	int rank; /* 0 nil, 1 bool, 2 int, 3 float, 4 string, 5 other */
	double num;
	char *key, *val;
};

static int repr_cmp(const void *a, const void *b)
{
	const struct repr_ent *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->rank >= 1 && x->rank <= 3 && x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int go_repr_node(struct strbuf *sb, struct ynode *n, int depth, double *num)
{
	while (n->kind == N_ALIAS && depth < 100)
		n = n->alias, depth++;
	if (depth > 100 || n->kind == N_ALIAS) {
		strbuf_addstr(sb, "…");
		return 5;
	}
	if (n->kind == N_SCALAR) {
		struct yaml_scalar sc;
		enum yaml_rtag r = YAML_R_STR;
		if ((n->tag || n->implicit) && strlen(n->value) == n->len &&
		    (!n->tag || strcmp(n->tag, TAG_STR)))
			r = yaml_resolve_plain(n->value, &sc);
		switch (r) {
		case YAML_R_NULL: strbuf_addstr(sb, "interface {}(nil)"); return 0;
		case YAML_R_BOOL: strbuf_addstr(sb, sc.b ? "true" : "false"); *num = sc.b; return 1;
		case YAML_R_INT: strbuf_addf(sb, "%lld", sc.i); *num = (double)sc.i; return 2;
		case YAML_R_UINT: strbuf_addf(sb, "0x%llx", sc.u); *num = (double)sc.u; return 2;
		case YAML_R_FLOAT: go_format_float(sb, sc.f, 'g', -1); *num = sc.f; return 3;
		default: go_quote(sb, n->value, n->len); return 4;
		}
	}
	if (n->kind == N_SEQ) {
		strbuf_addstr(sb, "[]interface {}{");
		for (size_t i = 0; i < n->n; i++) {
			double d;
			if (i)
				strbuf_addstr(sb, ", ");
			go_repr_node(sb, n->kids[i], depth + 1, &d);
		}
		strbuf_addch(sb, '}');
		return 5;
	}
	size_t ne = n->n / 2;
	struct repr_ent *e = xcalloc(ne + 1, sizeof *e);
	for (size_t i = 0; i < ne; i++) {
		struct strbuf k = STRBUF_INIT, v = STRBUF_INIT;
		double d = 0;
		e[i].rank = go_repr_node(&k, n->kids[2 * i], depth + 1, &d);
		e[i].num = d;
		go_repr_node(&v, n->kids[2 * i + 1], depth + 1, &d);
		e[i].key = strbuf_detach(&k, NULL);
		e[i].val = strbuf_detach(&v, NULL);
	}
	qsort(e, ne, sizeof *e, repr_cmp);
	strbuf_addstr(sb, "map[interface {}]interface {}{");
	for (size_t i = 0; i < ne; i++) {
		if (i)
			strbuf_addstr(sb, ", ");
		strbuf_addf(sb, "%s:%s", e[i].key, e[i].val);
		free(e[i].key);
		free(e[i].val);
	}
	free(e);
	strbuf_addch(sb, '}');
	return 5;
}

static int count_decode(struct loader *l)
{
	l->decode_count++;
	if (l->alias_depth > 0)
		l->alias_count++;
	if (l->alias_count > 100 && l->decode_count > 1000) {
		double allowed;
		if (l->decode_count <= 400000)
			allowed = 0.99;
		else if (l->decode_count >= 4000000)
			allowed = 0.10;
		else
			allowed = 0.99 - 0.89 * ((double)(l->decode_count - 400000) / 3600000.0);
		if ((double)l->alias_count / (double)l->decode_count > allowed)
			return fail_at(l, -1, 0, "yaml: document contains excessive aliasing");
	}
	return 0;
}

static int enter(struct loader *l, struct ynode *n)
{
	if (++l->depth > MAX_RECURSION)
		return fail_at(l, n->line, n->column, "yaml: line %d: exceeded max depth of %d",
			       n->line + 1 + l->line_base, MAX_DEPTH);
	return 0;
}

/* d.alias(): an alias re-entered while it is being expanded is a loop. */
static int with_alias(struct loader *l, struct ynode *a, struct gmap *into, struct gval *out)
{
	if (a->busy)
		return fail_at(l, a->line, a->column, "yaml: anchor '%s' value contains itself",
			       a->value);
	a->busy = 1;
	l->alias_depth++;
	int rc;
	if (into) {
		rc = count_decode(l);
		if (!rc)
			rc = decode_into_map(l, a->alias, into);
	} else {
		rc = decode(l, a->alias, out);
	}
	l->alias_depth--;
	a->busy = 0;
	return rc;
}

static int is_merge(const struct ynode *k)
{
	return k->kind == N_SCALAR && !strcmp(k->value, "<<") &&
	       (k->implicit || (k->tag && !strcmp(k->tag, TAG_MERGE)));
}

static int merge_want_map(struct loader *l, struct ynode *n)
{
	return fail_at(l, n->line, n->column,
		       "yaml: map merge requires map or sequence of maps as the value");
}

/* d.merge(): n is the value of a `<<` key. */
static int merge(struct loader *l, struct ynode *n, struct gmap *m)
{
	switch (n->kind) {
	case N_MAP:
		if (count_decode(l))
			return -1;
		return decode_into_map(l, n, m);
	case N_ALIAS:
		if (n->alias->kind != N_MAP)
			return merge_want_map(l, n);
		if (count_decode(l))
			return -1;
		return with_alias(l, n, m, NULL);
	case N_SEQ:
		for (size_t i = n->n; i-- > 0;) {
			struct ynode *ni = n->kids[i];
			if (ni->kind == N_ALIAS ? ni->alias->kind != N_MAP : ni->kind != N_MAP)
				return merge_want_map(l, ni);
			if (count_decode(l))
				return -1;
			int rc = ni->kind == N_ALIAS ? with_alias(l, ni, m, NULL)
						     : decode_into_map(l, ni, m);
			if (rc)
				return rc;
		}
		return 0;
	default:
		return merge_want_map(l, n);
	}
}

/* d.mapping() into an existing map (merges land in the map being built). */
static int decode_into_map(struct loader *l, struct ynode *n, struct gmap *m)
{
	if (enter(l, n))
		return -1;
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		struct ynode *kn = n->kids[i], *vn = n->kids[i + 1];
		if (is_merge(kn)) {
			if (merge(l, vn, m))
				return -1;
			continue;
		}
		struct gval k = { 0 }, v = { 0 };
		if (decode(l, kn, &k))
			return -1;
		if (k.kind == G_MAP || k.kind == G_SEQ) {
			struct strbuf sb = STRBUF_INIT;
			double d;
			go_repr_node(&sb, kn, 0, &d);
			fail_at(l, kn->line, kn->column, "yaml: invalid map key: %s", sb.buf);
			strbuf_release(&sb);
			gval_release(&k);
			return -1;
		}
		if (decode(l, vn, &v)) {
			gval_release(&k);
			return -1;
		}
		gmap_set(m, &k, gval_to_json(l, &v));
		gval_release(&k);
		gval_release(&v);
	}
	l->depth--;
	return 0;
}

/* convertToJSONableObject for one map. */
static json_t *gmap_to_json(struct loader *l, struct gmap *m)
{
	json_t *obj = json_object();
	for (size_t i = 0; i < m->n; i++) {
		struct gval *k = &m->e[i].key;
		struct strbuf ks = STRBUF_INIT;
		switch (k->kind) {
		case G_STR: strbuf_add(&ks, k->str, k->len); break;
		case G_INT: strbuf_addf(&ks, "%lld", k->s.i); break;
		case G_BOOL: strbuf_addstr(&ks, k->s.b ? "true" : "false"); break;
		case G_FLOAT:
			format_float32(&ks, k->s.f);
			if (!strcmp(ks.buf, "+Inf") || !strcmp(ks.buf, "-Inf") || !strcmp(ks.buf, "NaN")) {
				const char *r = ks.buf[0] == '+' ? ".inf" : ks.buf[0] == '-' ? "-.inf" : ".nan";
				strbuf_reset(&ks);
				strbuf_addstr(&ks, r);
			}
			break;
		default:
			if (!l->conv_err.len) {
				struct gval v = { 0 };
				strbuf_addf(&l->conv_err, "unsupported map key of type: %s, key: ",
					    k->kind == G_NIL ? "%!s(<nil>)" : "uint64");
				if (k->kind == G_NIL)
					strbuf_addstr(&l->conv_err, "<nil>");
				else
					go_repr(&l->conv_err, k);
				strbuf_addstr(&l->conv_err, ", value: ");
				json_t *jv = m->e[i].val;
				(void)v;
				if (json_is_null(jv))
					strbuf_addstr(&l->conv_err, "<nil>");
				else
					go_repr_json(&l->conv_err, jv);
			}
			strbuf_release(&ks);
			continue;
		}
		json_t *fixed = json_go_string(ks.buf, ks.len);
		json_object_setn(obj, json_string_value(fixed), json_string_length(fixed),
				 m->e[i].val);
		json_decref(fixed);
		strbuf_release(&ks);
	}
	return obj;
}

static int decode(struct loader *l, struct ynode *n, struct gval *out)
{
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (count_decode(l))
		return -1;
	switch (n->kind) {
	case N_ALIAS:
		return with_alias(l, n, NULL, out);
	case N_SCALAR:
		return decode_scalar(l, n, out);
	case N_SEQ: {
		if (enter(l, n))
			return -1;
		json_t *arr = json_array();
		for (size_t i = 0; i < n->n; i++) {
			struct gval v;
			if (decode(l, n->kids[i], &v)) {
				json_decref(arr);
				return -1;
			}
			json_array_append_new(arr, gval_to_json(l, &v));
			gval_release(&v);
		}
		l->depth--;
		out->kind = G_SEQ;
		out->json = arr;
		return 0;
	}
	case N_MAP: {
		struct gmap m = { 0 };
		m.idx = json_object();
		rc = decode_into_map(l, n, &m);
		if (!rc) {
			out->kind = G_MAP;
			out->json = gmap_to_json(l, &m);
		}
		gmap_release(&m);
		return rc;
	}
	}
	return 0;
}

static json_t *load_one(const char *buf, size_t len, int line_base, int float64,
			struct yaml_pos *where, struct kc_err *err)
{
	struct loader l;
	struct ynode *root = NULL;
	json_t *ret = NULL;
	memset(&l, 0, sizeof l);
	strbuf_init(&l.conv_err, 0);
	strbuf_init(&l.marshal_err, 0);
	l.err = err;
	l.where = where;
	l.line_base = line_base;
	l.float64 = float64;
	if (where)
		where->line = where->column = 0;
	if (build_tree(&l, buf, len, &root))
		goto cleanup;
	if (!root) {
		ret = json_null();
		goto cleanup;
	}
	struct gval g;
	l.decode_count = 1; /* the document node */
	if (decode(&l, root, &g))
		goto cleanup;
	ret = gval_to_json(&l, &g);
	gval_release(&g);
	if (l.conv_err.len || l.marshal_err.len) {
		fail_at(&l, -1, 0, "%s", l.conv_err.len ? l.conv_err.buf : l.marshal_err.buf);
		json_decref(ret);
		ret = NULL;
	}
cleanup:
	loader_release(&l);
	return ret;
}

json_t *yaml_load(const char *buf, size_t len, struct yaml_pos *where, struct kc_err *err)
{
	return load_one(buf, len, 0, 0, where, err);
}

json_t *yaml_load_float64(const char *buf, size_t len, struct yaml_pos *where, struct kc_err *err)
{
	return load_one(buf, len, 0, 1, where, err);
}

/* kubectl's YAMLReader: lines (CRLF read as LF) are split at lines that start
 * with "---" followed by nothing but whitespace or a comment (anything else after
 * "---" is an error); each chunk is one document for YAMLToJSON, so go-yaml's line
 * numbers count from the chunk. */
void yaml_stream_init(struct yaml_stream *st, const char *buf, size_t len)
{
	memset(st, 0, sizeof *st);
	st->buf = buf;
	st->len = len;
}

int yaml_stream_next(struct yaml_stream *st, json_t **doc, struct yaml_pos *where,
		     struct kc_err *err)
{
	struct strbuf chunk = STRBUF_INIT;
	int chunk_start = st->line + 1;
	*doc = NULL;
	if (where)
		where->line = where->column = 0;
	for (;;) {
		int at_eof = st->pos >= st->len;
		const char *ls = st->buf + st->pos;
		const char *nl = at_eof ? NULL : memchr(ls, '\n', st->len - st->pos);
		size_t ll = nl ? (size_t)(nl - ls) : st->len - st->pos;
		if (!at_eof) {
			st->line++;
			st->pos += ll + (nl ? 1 : 0);
			if (ll && ls[ll - 1] == '\r')
				ll--;
		}
		int sep = 0;
		if (!at_eof && ll >= 3 && !memcmp(ls, "---", 3)) {
			const char *t = ls + 3, *e = ls + ll;
			while (t < e && (*t == ' ' || *t == '\t' || *t == '\v' || *t == '\f'))
				t++;
			if (t < e && *t != '#') {
				while (e > t && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\v' ||
						 e[-1] == '\f'))
					e--;
				kc_err_set(err, "invalid Yaml document separator: %.*s", (int)(e - t), t);
				if (where)
					where->line = st->line, where->column = 1;
				strbuf_release(&chunk);
				st->pos = st->len;
				return -1;
			}
			sep = 1;
		}
		if ((sep || at_eof) && chunk.len) {
			struct yaml_pos p;
			json_t *d = load_one(chunk.buf, chunk.len, 0, 0, &p, err);
			strbuf_release(&chunk);
			if (!d) {
				if (where) {
					where->line = p.line ? p.line + chunk_start - 1 : 0;
					where->column = p.column;
				}
				st->pos = st->len;
				return -1;
			}
			st->doc_line = chunk_start;
			*doc = d;
			return 1;
		}
		if (at_eof)
			break;
		if (sep) {
			chunk_start = st->line + 1;
			continue;
		}
		if (!chunk.len)
			chunk_start = st->line;
		strbuf_add(&chunk, ls, ll);
		strbuf_addch(&chunk, '\n');
	}
	strbuf_release(&chunk);
	return 0;
}

json_t *yaml_load_stream(const char *buf, size_t len, int **starts, struct yaml_pos *where,
			 struct kc_err *err)
{
	struct yaml_stream st;
	json_t *docs = json_array(), *d;
	int *lines = NULL;
	size_t n = 0;
	int rc;
	yaml_stream_init(&st, buf, len);
	while ((rc = yaml_stream_next(&st, &d, where, err)) > 0) {
		json_array_append_new(docs, d);
		lines = xrealloc(lines, (n + 1) * sizeof *lines);
		lines[n++] = st.doc_line;
	}
	if (rc < 0) {
		free(lines);
		json_decref(docs);
		return NULL;
	}
	if (starts)
		*starts = lines;
	else
		free(lines);
	return docs;
}

/* kubectl reads manifests through unicode.BOMOverride(unicode.UTF8.NewDecoder()):
 * a UTF-8 BOM is dropped, UTF-16 with a BOM is transcoded, invalid UTF-8 bytes
 * become U+FFFD. */
void yaml_kubectl_input(struct strbuf *out, const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	if (len >= 2 && ((s[0] == 0xfe && s[1] == 0xff) || (s[0] == 0xff && s[1] == 0xfe))) {
		int be = s[0] == 0xfe;
		for (size_t i = 2; i + 1 < len; i += 2) {
			unsigned u = be ? (unsigned)(s[i] << 8 | s[i + 1]) : (unsigned)(s[i + 1] << 8 | s[i]);
			if (u >= 0xd800 && u < 0xdc00 && i + 3 < len) {
				unsigned lo = be ? (unsigned)(s[i + 2] << 8 | s[i + 3])
						 : (unsigned)(s[i + 3] << 8 | s[i + 2]);
				if (lo >= 0xdc00 && lo < 0xe000) {
					u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
					i += 2;
				} else {
					u = 0xfffd;
				}
			} else if (u >= 0xd800 && u < 0xe000) {
				u = 0xfffd;
			}
			char tmp[4];
			size_t w;
			if (u < 0x80)
				tmp[0] = (char)u, w = 1;
			else if (u < 0x800)
				tmp[0] = (char)(0xc0 | (u >> 6)), tmp[1] = (char)(0x80 | (u & 0x3f)), w = 2;
			else if (u < 0x10000)
				tmp[0] = (char)(0xe0 | (u >> 12)), tmp[1] = (char)(0x80 | ((u >> 6) & 0x3f)),
				tmp[2] = (char)(0x80 | (u & 0x3f)), w = 3;
			else
				tmp[0] = (char)(0xf0 | (u >> 18)), tmp[1] = (char)(0x80 | ((u >> 12) & 0x3f)),
				tmp[2] = (char)(0x80 | ((u >> 6) & 0x3f)), tmp[3] = (char)(0x80 | (u & 0x3f)), w = 4;
			strbuf_add(out, tmp, w);
		}
		if (len % 2)
			strbuf_add(out, "\xef\xbf\xbd", 3);
		return;
	}
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		buf += 3;
		len -= 3;
	}
	json_t *tmp = json_go_string(buf, len);
	strbuf_add(out, json_string_value(tmp), json_string_length(tmp));
	json_decref(tmp);
}
