/* Rendered output → what `helm template` prints: releaseutil.SplitManifests,
 * SortManifests (hooks, InstallOrder), CRDs, NOTES, --show-only. */
#include "chart/chart.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <math.h>
#include <yaml.h>

#include "chart/internal.h"
#include "util/gostr.h"
#include "util/yaml.h"

static int go_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int re_space(char c) /* RE2 \s */
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void trim_span(const char **s, size_t *n)
{
	while (*n && go_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && go_space((*s)[*n - 1]))
		(*n)--;
}

void chart_split_manifests(const char *big, size_t len, struct strvec *docs)
{
	const char *s = big;
	size_t n = len;
	trim_span(&s, &n);
	size_t pos = 0, start = 0;
	for (;;) {
		size_t ms = n, me = n;
		size_t i = pos;
		while (i < n) {
			if (i == 0 && n >= 3 && !memcmp(s, "---", 3)) {
				ms = 0;
				me = 3;
				break;
			}
			if (re_space(s[i])) {
				size_t j = i;
				while (j < n && re_space(s[j]))
					j++;
				/* the last '\n' of the run must be directly followed by "---" */
				if (s[j - 1] == '\n' && n - j >= 3 && !memcmp(s + j, "---", 3)) {
					ms = i;
					me = j + 3;
					break;
				}
				i = j;
				continue;
			}
			i++;
		}
		if (ms == n) {
			/* last piece */
			const char *d = s + start;
			size_t dl = n - start;
			if (dl) {
				trim_span(&d, &dl);
				strvec_push_nodup(docs, xstrndup(d, dl));
			}
			break;
		}
		while (me < n && re_space(s[me]))
			me++;
		const char *d = s + start;
		size_t dl = ms - start;
		if (dl) {
			trim_span(&d, &dl);
			strvec_push_nodup(docs, xstrndup(d, dl));
		}
		start = pos = me;
		if (me == ms) /* cannot happen ("---" is consumed), guard anyway */
			pos++;
	}
}

static const char *const install_order[] = {
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
	"PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
	"ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
	"CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList",
	"Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
	"APIService",
};

static int kind_rank(const char *k)
{
	for (size_t i = 0; i < sizeof(install_order) / sizeof(install_order[0]); i++)
		if (!strcmp(install_order[i], k))
			return (int)i;
	return -1;
}

/* stable sort by kind: merge sort on ranks computed once per manifest (an
 * insertion sort that looked ranks up per comparison was quadratic) */
struct ranked {
	int rank;
	struct chart_manifest m;
};

static int ranked_less(const struct ranked *a, const struct ranked *b)
{
	if (a->rank < 0 && b->rank < 0)
		return strcmp(a->m.kind, b->m.kind) < 0;
	if (a->rank < 0)
		return 0;
	if (b->rank < 0)
		return 1;
	return a->rank < b->rank;
}

static void merge_sort(struct ranked *v, struct ranked *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2, i = 0, j = h, k = 0;
	merge_sort(v, tmp, h);
	merge_sort(v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = ranked_less(&v[j], &v[i]) ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static void sort_by_kind(struct chart_manifest *v, size_t n)
{
	if (n < 2)
		return;
	struct ranked *r = xmalloc(n * sizeof(*r)), *tmp = xmalloc(n * sizeof(*tmp));
	for (size_t i = 0; i < n; i++) {
		r[i].rank = kind_rank(v[i].kind);
		r[i].m = v[i];
	}
	merge_sort(r, tmp, n);
	for (size_t i = 0; i < n; i++)
		v[i] = r[i].m;
	free(r);
	free(tmp);
}

static void push_manifest(struct chart_manifests *ms, struct chart_manifest *m)
{
	ms->v = xrealloc(ms->v, (ms->nr + 1) * sizeof(*ms->v));
	ms->v[ms->nr++] = *m;
}

static void manifest_release(struct chart_manifest *m)
{
	free(m->path);
	free(m->content);
	free(m->kind);
	free(m->name);
	strvec_clear(&m->events);
	strvec_clear(&m->delete_policies);
}

void chart_manifests_release(struct chart_manifests *ms)
{
	for (size_t i = 0; i < ms->nr; i++)
		manifest_release(&ms->v[i]);
	free(ms->v);
	memset(ms, 0, sizeof(*ms));
}

#define HEADTYPE "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }"

static const char *jkind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_TRUE:
	case JSON_FALSE: return "bool";
	case JSON_NULL: return "null";
	default: return "number";
	}
}

/* sigs.k8s.io/yaml coercion of a scalar into a Go string field; -1 if not a scalar */
static int scalar_str(json_t *v, struct strbuf *out)
{
	switch (json_typeof(v)) {
	case JSON_STRING: strbuf_add(out, json_string_value(v), json_string_length(v)); return 0;
	case JSON_INTEGER: strbuf_addf(out, "%lld", (long long)json_integer_value(v)); return 0;
	case JSON_REAL: chart_format_float32(out, json_real_value(v)); return 0;
	case JSON_TRUE: strbuf_addstr(out, "true"); return 0;
	case JSON_FALSE: strbuf_addstr(out, "false"); return 0;
	case JSON_NULL: return 0;
	default: return -1;
	}
}

#define UNM "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go struct field %s of type %s"

/* ---- the fast path: one libyaml event pass, no tree ----
 *
 * Helm decodes every rendered document whole (sigs.k8s.io/yaml.Unmarshal into
 * SimpleHead) only to read kind, metadata.name and metadata.annotations. The
 * scan below runs libyaml over the document as util/yaml.c does (the same
 * events and syntax errors) and builds a
 * JSON object holding only the head's parts. Whenever the document contains
 * anything for which the full decoder could answer differently — a parse
 * error, an anchor, alias or tag, a merge key, a non-scalar or null/uint64 key,
 * a NaN/Inf float, the escapes and flow '?' util/yaml.c checks, a head value
 * that is not a plain string, null or the expected mapping, non-ASCII bytes in
 * a head string, deep nesting — it gives up and the caller takes the full
 * path (chart_yaml_doc), whose result and error texts are the reference. */
enum { HS_SKIP, HS_ROOT, HS_META, HS_ANN };

struct hs_frame {
	unsigned char is_map, want_key, role, flow;
	json_t *obj;     /* ROOT/META/ANN: where head parts go (borrowed) */
	char *key;       /* map: the key whose value comes next (head maps only) */
	int key_role;    /* what that value is: 0 skip, 1 scalar, 2 metadata, 3 annotations */
};

static int ascii_only(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x80 || !s[i])
			return 0;
	return 1;
}

/* A head scalar's JSON value: plain strings (and timestamps, which the decoder
 * keeps as strings), null, or any quoted/literal string; NULL = give up. */
static json_t *hs_scalar(const yaml_event_t *ev, enum yaml_rtag r)
{
	const unsigned char *v = ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	if (ev->data.scalar.plain_implicit && r == YAML_R_NULL)
		return json_null();
	if (ev->data.scalar.plain_implicit && r != YAML_R_STR && r != YAML_R_TIMESTAMP)
		return NULL;
	if (!ascii_only(v, n))
		return NULL;
	return json_stringn((const char *)v, n);
}

#define HS_MAX_DEPTH 64

/* 1 and *out (a new object) when the fast path applies, 0 to take the full path. */
static int head_scan(const char *doc, size_t len, json_t **out)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct hs_frame st[HS_MAX_DEPTH];
	int depth = 0, ok = 0, done = 0, flow = 0;
	int bslash = memchr(doc, '\\', len) != NULL;
	json_t *root = NULL;
	*out = NULL;
	if (!yaml_parser_initialize(&p))
		return 0;
	/* util/yaml.c feeds libyaml 512 bytes at a time as go-yaml reads, which
	 * only decides when a reader error (bad UTF-8, control character) is
	 * seen; reading more at once can only see such an error earlier, and
	 * any error sends the document to the full decoder */
	yaml_parser_set_input_string(&p, (const unsigned char *)doc, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			goto out;
		int bad = 0;
		struct hs_frame *top = depth ? &st[depth - 1] : NULL;
		int key_pos = top && top->is_map && top->want_key;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			ok = root != NULL;
			break;
		case YAML_ALIAS_EVENT:
			bad = 1;
			break;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;
			size_t n = ev.data.scalar.length;
			enum yaml_rtag r = YAML_R_STR;
			struct yaml_scalar sc;
			if (!top || ev.data.scalar.anchor || ev.data.scalar.tag) {
				bad = 1;
				break;
			}
			/* util/yaml.c rejects the escape "\/" that libyaml accepts */
			if (ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && bslash &&
			    memchr(v, '/', n)) {
				bad = 1;
				break;
			}
			if (ev.data.scalar.plain_implicit) {
				if (flow && memchr(v, '?', n)) {
					bad = 1;
					break;
				}
				/* what a plain scalar resolves to matters for keys (null,
				 * uint64), head values (only strings and null are taken)
				 * and floats (NaN/Inf); a first character outside these
				 * sets is always a string */
				const char *need = key_pos || (top->is_map && top->role != HS_SKIP &&
							       top->key_role)
							   ? "yYnNtTfFoO~0123456789+-."
							   : "0123456789+-.";
				if (strlen(v) == n && (!n || strchr(need, v[0])))
					r = yaml_resolve_plain(v, &sc);
				if (r == YAML_R_FLOAT && (isnan(sc.f) || isinf(sc.f))) {
					bad = 1;
					break;
				}
			}
			if (key_pos) {
				if (ev.data.scalar.plain_implicit &&
				    (r == YAML_R_NULL || r == YAML_R_UINT || !strcmp(v, "<<"))) {
					bad = 1;
					break;
				}
				top->want_key = 0;
				top->key_role = 0;
				if (top->role == HS_SKIP)
					break;
				/* the decoder converts non-string keys to strings; head
				 * keys are strings, so only annotations care */
				int str = !ev.data.scalar.plain_implicit || r == YAML_R_STR ||
					  r == YAML_R_TIMESTAMP;
				if (top->role == HS_ANN) {
					if (!str || !ascii_only((const unsigned char *)v, n)) {
						bad = 1;
						break;
					}
					top->key_role = 1;
				} else if (!str || memchr(v, 0, n)) {
					break;
				} else if (top->role == HS_ROOT) {
					if (!strcasecmp(v, "apiVersion") || !strcasecmp(v, "kind"))
						top->key_role = 1;
					else if (!strcasecmp(v, "metadata"))
						top->key_role = 2;
				} else if (top->role == HS_META) {
					if (!strcasecmp(v, "name"))
						top->key_role = 1;
					else if (!strcasecmp(v, "annotations"))
						top->key_role = 3;
				}
				if (top->key_role) {
					free(top->key);
					top->key = xstrndup(v, n);
				}
				break;
			}
			if (top->is_map) {
				top->want_key = 1;
				if (top->role == HS_SKIP || !top->key_role)
					break;
				json_t *j = hs_scalar(&ev, r);
				/* metadata/annotations must be mappings or null */
				if (!j || (top->key_role >= 2 && !json_is_null(j))) {
					json_decref(j);
					bad = 1;
					break;
				}
				json_object_set_new(top->obj, top->key, j);
			}
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			int is_map = ev.type == YAML_MAPPING_START_EVENT;
			const void *anchor = is_map ? (const void *)ev.data.mapping_start.anchor
						    : (const void *)ev.data.sequence_start.anchor;
			const void *tag = is_map ? (const void *)ev.data.mapping_start.tag
						 : (const void *)ev.data.sequence_start.tag;
			int fl = is_map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
					: ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			if (anchor || tag || key_pos || depth == HS_MAX_DEPTH || (!top && !is_map)) {
				bad = 1;
				break;
			}
			struct hs_frame *f = &st[depth];
			memset(f, 0, sizeof(*f));
			f->is_map = (unsigned char)is_map;
			f->want_key = 1;
			f->flow = (unsigned char)fl;
			f->role = HS_SKIP;
			if (!top) {
				root = json_object();
				f->role = HS_ROOT;
				f->obj = root;
			} else if (top->is_map) {
				int kr = top->role == HS_SKIP ? 0 : top->key_role;
				if (kr == 1 || ((kr == 2 || kr == 3) && !is_map)) {
					bad = 1; /* a head scalar or mapping of the wrong kind */
					break;
				}
				if (kr == 2 || kr == 3) {
					f->role = kr == 2 ? HS_META : HS_ANN;
					f->obj = json_object();
					json_object_set_new(top->obj, top->key, f->obj);
				}
				top->want_key = 1;
			}
			depth++;
			flow += fl;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth) {
				depth--;
				flow -= st[depth].flow;
				free(st[depth].key);
				st[depth].key = NULL;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (bad)
			goto out;
	}
out:
	while (depth > 0)
		free(st[--depth].key);
	yaml_parser_delete(&p);
	if (!ok) {
		json_decref(root);
		return 0;
	}
	*out = root;
	return 1;
}

/* ---- the fastest path: block YAML of the simplest kind, line by line ----
 *
 * Most rendered manifests are block mappings and sequences of plain keys and
 * one-line scalars. head_lines accepts only a conservative subset of YAML
 * whose meaning is plain, checks its structure (indentation, sequences under
 * keys, compact "- key: v" mappings, literal "|"/"|-" blocks) and builds the
 * same head object as head_scan; anything outside the subset (tabs or CR, any
 * byte outside printable ASCII except in a literal block's text, flow
 * collections other than {} and [], quoted keys, escapes, anchors, tags,
 * multi-line plain scalars, folded or indented block scalars, "?", comments
 * after a value, document markers ...) hands the document to head_scan.
 * Accepting a document libyaml would read differently is the one thing this
 * must never do: tests/unit/test_chart_manifest compares it with the full
 * decoder on every rendered document of the goldens and on mutations. */

struct hl_frame {
	int indent;
	unsigned char seq, inline_seq; /* inline: a sequence at its key's indent */
	unsigned char role;            /* HS_* */
	json_t *obj;                   /* head maps: where parts go (borrowed) */
};

#define HL_MAX_DEPTH 64

static int hl_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '/' || c == '-';
}

/* A one-line scalar value s[0..n) (no leading space). *j gets its JSON for a
 * head role (string or null; NULL when the role does not want it). 0 = not in
 * the subset. */
static int hl_scalar(const char *s, size_t n, int want, json_t **j)
{
	*j = NULL;
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return 0;
	if (s[0] == '"' || s[0] == '\'') {
		if (n < 2 || s[n - 1] != s[0])
			return 0;
		for (size_t i = 1; i + 1 < n; i++)
			if (s[i] == s[0] || s[i] == '\\')
				return 0;
		if (want)
			*j = json_stringn(s + 1, n - 2);
		return 1;
	}
	if (strchr("?:,[]{}#&*!|>'\"%@`", s[0]) || (s[0] == '-' && n > 1 && !(s[1] >= '0' && s[1] <= '9') && s[1] != '.') ||
	    (s[0] == '-' && n == 1))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')) || (s[i] == '#' && s[i - 1] == ' '))
			return 0;
	char buf[128];
	enum yaml_rtag r = YAML_R_STR;
	struct yaml_scalar sc;
	const char *need = want ? "yYnNtTfFoO~0123456789+-." : "0123456789+-.";
	size_t digits = 0;
	while (digits < n && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	/* a short run of digits is an int: nothing to check unless wanted */
	if (strchr(need, s[0]) && (want || digits != n || n > 18)) {
		if (n >= sizeof buf)
			return 0;
		memcpy(buf, s, n);
		buf[n] = 0;
		r = yaml_resolve_plain(buf, &sc);
		if (r == YAML_R_FLOAT && (isnan(sc.f) || isinf(sc.f)))
			return 0;
	}
	if (want) {
		if (r == YAML_R_NULL)
			*j = json_null();
		else if (r == YAML_R_STR || r == YAML_R_TIMESTAMP)
			*j = json_stringn(s, n);
		else
			return 0;
	}
	return 1;
}

/* 1 and *out when the document is in the subset, 0 to take head_scan. */
static int head_lines(const char *doc, size_t len, json_t **out)
{
	struct hl_frame st[HL_MAX_DEPTH];
	int depth = 0;
	json_t *root = NULL;
	/* a key whose value is on the following lines */
	int pend = 0, pend_indent = 0, pend_role = 0;
	char pend_key[64];
	/* a literal block scalar in progress: its parent's indent, its own */
	int lit = 0, lit_parent = 0, lit_indent = -1, lit_lead = 0;
	const char *p = doc, *end = doc + len;
	*out = NULL;
	for (const char *q = doc; q < end; q++) {
		unsigned char c = (unsigned char)*q;
		if (c >= 0x7f || (c < 0x20 && c != '\n' && c != '\t'))
			return 0;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *line = p;
		p = nl ? nl + 1 : end;
		int ind = 0;
		while (line + ind < le && line[ind] == ' ')
			ind++;
		const char *t = line + ind;
		size_t tl = (size_t)(le - t);
		int blank = tl == 0;
		if (lit) {
			if (blank) {
				if (lit_indent < 0 && ind > lit_lead)
					lit_lead = ind;
				continue;
			}
			if (lit_indent < 0 && ind > lit_parent) {
				if (lit_lead > ind)
					goto fail; /* a leading blank line with more spaces */
				lit_indent = ind;
			}
			if (lit_indent >= 0 && ind >= lit_indent)
				continue; /* text: anything printable (tabs too) */
			if (ind > lit_parent || (lit_indent < 0 && lit_lead))
				goto fail; /* a short line inside, or an empty block with blank lines */
			lit = 0;
		}
		if (memchr(line, '\t', (size_t)(le - line)))
			goto fail;
		if (blank || t[0] == '#')
			continue;
		if (tl >= 3 && (!memcmp(t, "---", 3) || !memcmp(t, "...", 3)) && ind == 0)
			goto fail;
		int is_item = t[0] == '-' && (tl == 1 || t[1] == ' ');
		/* a pending key's value starts here or was null */
		if (pend) {
			struct hl_frame *top = &st[depth - 1];
			if (ind > pend_indent || (ind == pend_indent && is_item && !top->seq)) {
				if (depth == HL_MAX_DEPTH)
					goto fail;
				struct hl_frame *f = &st[depth];
				memset(f, 0, sizeof(*f));
				f->indent = ind;
				f->seq = (unsigned char)is_item;
				f->inline_seq = ind == pend_indent;
				f->role = HS_SKIP;
				if (pend_role == 1 || ((pend_role == 2 || pend_role == 3) && is_item))
					goto fail; /* a head scalar or mapping of the wrong kind */
				if (pend_role == 2 || pend_role == 3) {
					f->role = pend_role == 2 ? HS_META : HS_ANN;
					f->obj = json_object();
					json_object_set_new(top->obj, pend_key, f->obj);
				}
				depth++;
			} else if (pend_role) {
				json_object_set_new(top->obj, pend_key, json_null());
			}
			pend = 0;
		}
		while (depth && (st[depth - 1].indent > ind ||
				 (st[depth - 1].inline_seq && st[depth - 1].indent == ind && !is_item)))
			depth--;
		if (!depth) {
			if (root || ind || is_item)
				goto fail; /* only one root mapping, at column 0 */
			root = json_object();
			memset(&st[0], 0, sizeof(st[0]));
			st[0].role = HS_ROOT;
			st[0].obj = root;
			depth = 1;
		}
		struct hl_frame *top = &st[depth - 1];
		if (top->indent != ind || top->seq != is_item)
			goto fail;
		int col = ind;
		if (is_item) {
			/* "-" alone: the item is on the following lines */
			if (tl == 1) {
				pend = 1;
				pend_indent = ind;
				pend_role = 0;
				continue;
			}
			size_t k = 1;
			while (k < tl && t[k] == ' ')
				k++;
			t += k;
			tl -= k;
			col = ind + (int)k;
			/* "- key: v" opens a mapping at the key's column */
			const char *colon = memchr(t, ':', tl);
			if (!colon || (colon + 1 < t + tl && colon[1] != ' ')) {
				json_t *j;
				if (!strcmp(t, "|") || !strcmp(t, "|-")) {
					lit = 1, lit_parent = ind, lit_indent = -1, lit_lead = 0;
					continue;
				}
				if ((tl == 2 && (!memcmp(t, "{}", 2) || !memcmp(t, "[]", 2))))
					continue;
				if (!hl_scalar(t, tl, 0, &j))
					goto fail;
				continue;
			}
			if (depth == HL_MAX_DEPTH)
				goto fail;
			top = &st[depth++];
			memset(top, 0, sizeof(*top));
			top->indent = col;
			top->role = HS_SKIP;
		}
		/* key: value */
		size_t k = 0;
		while (k < tl && hl_key_char(t[k]))
			k++;
		if (!k || k >= tl || t[k] != ':' || (k + 1 < tl && t[k + 1] != ' ') || t[0] == '-')
			goto fail;
		char key[64];
		if (k >= sizeof key)
			goto fail;
		memcpy(key, t, k);
		key[k] = 0;
		const char *v = t + k + 1;
		size_t vl = tl - k - 1;
		while (vl && *v == ' ')
			v++, vl--;
		/* keys: null and uint64 keys are errors; annotation keys must be
		 * strings; elsewhere only the head names matter, which are */
		struct yaml_scalar sc;
		int maybe = top->role == HS_ANN ? strchr("yYnNtTfFoO~0123456789+-.", key[0]) != NULL
						: (key[0] >= '0' && key[0] <= '9') || key[0] == '+' ||
							  !strcmp(key, "~") || !strcmp(key, "null") ||
							  !strcmp(key, "Null") || !strcmp(key, "NULL");
		enum yaml_rtag kr = maybe ? yaml_resolve_plain(key, &sc) : YAML_R_STR;
		if (kr == YAML_R_NULL || kr == YAML_R_UINT)
			goto fail;
		int kstr = kr == YAML_R_STR || kr == YAML_R_TIMESTAMP;
		int role = 0;
		if (top->role == HS_ANN) {
			if (!kstr)
				goto fail;
			role = 1;
		} else if (top->role == HS_ROOT && kstr) {
			if (!strcasecmp(key, "apiVersion") || !strcasecmp(key, "kind"))
				role = 1;
			else if (!strcasecmp(key, "metadata"))
				role = 2;
		} else if (top->role == HS_META && kstr) {
			if (!strcasecmp(key, "name"))
				role = 1;
			else if (!strcasecmp(key, "annotations"))
				role = 3;
		}
		if (!vl) {
			pend = 1;
			pend_indent = col;
			pend_role = role;
			memcpy(pend_key, key, k + 1);
			continue;
		}
		if (vl == 1 && v[0] == '|') {
			if (role)
				goto fail;
			lit = 1, lit_parent = col, lit_indent = -1, lit_lead = 0;
			continue;
		}
		if (vl == 2 && v[0] == '|' && v[1] == '-') {
			if (role)
				goto fail;
			lit = 1, lit_parent = col, lit_indent = -1, lit_lead = 0;
			continue;
		}
		if (vl == 2 && (!memcmp(v, "{}", 2) || !memcmp(v, "[]", 2))) {
			if (role == 1 || ((role == 2 || role == 3) && v[0] == '['))
				goto fail;
			if (role)
				json_object_set_new(top->obj, key, json_object());
			continue;
		}
		json_t *j;
		if (!hl_scalar(v, vl, role != 0, &j))
			goto fail;
		if (role == 2 || role == 3) {
			/* metadata/annotations must be mappings or null */
			if (!json_is_null(j)) {
				json_decref(j);
				goto fail;
			}
		}
		if (role)
			json_object_set_new(top->obj, key, j);
	}
	if (pend && pend_role)
		json_object_set_new(st[depth - 1].obj, pend_key, json_null());
	if (!root)
		return 0;
	*out = root;
	return 1;
fail:
	json_decref(root);
	return 0;
}

int chart_manifest_head_scan = 3;

/* Decode the head of one document (releaseutil.SimpleHead). */
static int parse_head(const char *doc, struct chart_manifest *m, json_t **annotations,
		      struct kc_err *err)
{
	struct kc_err e = KC_ERR_INIT;
	size_t dlen = strlen(doc);
	json_t *v = NULL;
	*annotations = NULL;
	if (!((chart_manifest_head_scan & 1) && head_lines(doc, dlen, &v)) &&
	    !((chart_manifest_head_scan & 2) && head_scan(doc, dlen, &v)))
		v = chart_yaml_doc(doc, dlen, &e);
	if (!v) {
		kc_err_move(err, &e);
		return -1;
	}
	int ret = 0;
	if (json_is_null(v))
		goto out;
	if (!json_is_object(v)) {
		ret = kc_err_set(err,
				 "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type releaseutil.SimpleHead",
				 jkind(v));
		goto out;
	}
	size_t n;
	char **keys = chart_sorted_keys(v, &n);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n && ret == 0; i++) {
		json_t *x = json_object_get(v, keys[i]);
		strbuf_reset(&sb);
		if (!strcasecmp(keys[i], "apiVersion")) {
			if (scalar_str(x, &sb) < 0)
				ret = kc_err_set(err, UNM, jkind(x), "SimpleHead.apiVersion", "string");
		} else if (!strcasecmp(keys[i], "kind")) {
			if (scalar_str(x, &sb) < 0)
				ret = kc_err_set(err, UNM, jkind(x), "SimpleHead.kind", "string");
			else if (!json_is_null(x)) {
				free(m->kind);
				m->kind = strbuf_detach(&sb, NULL);
			}
		} else if (!strcasecmp(keys[i], "metadata")) {
			if (json_is_null(x))
				continue;
			if (!json_is_object(x)) {
				ret = kc_err_set(err, UNM, jkind(x), "SimpleHead.metadata", HEADTYPE);
				break;
			}
			m->has_metadata = 1;
			size_t mn;
			char **mk = chart_sorted_keys(x, &mn);
			for (size_t k = 0; k < mn && ret == 0; k++) {
				json_t *y = json_object_get(x, mk[k]);
				strbuf_reset(&sb);
				if (!strcasecmp(mk[k], "name")) {
					if (scalar_str(y, &sb) < 0)
						ret = kc_err_set(err, UNM, jkind(y), ".metadata.name", "string");
					else if (!json_is_null(y)) {
						free(m->name);
						m->name = strbuf_detach(&sb, NULL);
					}
				} else if (!strcasecmp(mk[k], "annotations")) {
					if (json_is_null(y)) {
						json_decref(*annotations);
						*annotations = NULL;
						continue;
					}
					if (!json_is_object(y)) {
						ret = kc_err_set(err, UNM, jkind(y), ".metadata.annotations",
								 "map[string]string");
						break;
					}
					if (!*annotations)
						*annotations = json_object();
					const char *ak;
					json_t *av;
					json_object_foreach(y, ak, av) {
						struct strbuf s2 = STRBUF_INIT;
						if (scalar_str(av, &s2) < 0) {
							ret = kc_err_set(err, UNM, jkind(av), ".metadata.annotations",
									 "string");
							strbuf_release(&s2);
							break;
						}
						json_object_set_new(*annotations, ak, json_string(s2.buf));
						strbuf_release(&s2);
					}
				}
			}
			chart_free_keys(mk, mn);
		}
	}
	strbuf_release(&sb);
	chart_free_keys(keys, n);
out:
	json_decref(v);
	kc_err_release(&e);
	return ret;
}

static const char *hook_event(const char *h)
{
	static const char *const ev[] = { "pre-install", "post-install", "pre-delete", "post-delete",
					  "pre-upgrade", "post-upgrade", "pre-rollback",
					  "post-rollback", "test" };
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		if (!strcmp(h, ev[i]))
			return ev[i];
	if (!strcmp(h, "test-success"))
		return "test";
	return NULL;
}

static char *trimmed_lower(const char *s, size_t n)
{
	trim_span(&s, &n);
	char *r = xstrndup(s, n);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct chart_file *)a)->name, ((const struct chart_file *)b)->name);
}

int chart_sort_manifests(const struct chart_files *files, struct chart_manifests *hooks,
			 struct chart_manifests *generic, struct strvec *warnings, struct kc_err *err)
{
	struct chart_file *sorted = xcalloc(files->nr + 1, sizeof(*sorted));
	if (files->nr)
		memcpy(sorted, files->v, files->nr * sizeof(*sorted));
	qsort(sorted, files->nr, sizeof(*sorted), cmp_files);
	int ret = 0;
	for (size_t f = 0; f < files->nr && ret == 0; f++) {
		const struct chart_file *cf = &sorted[f];
		const char *base = strrchr(cf->name, '/');
		base = base ? base + 1 : cf->name;
		if (base[0] == '_')
			continue;
		const char *t = cf->data;
		size_t tl = cf->len;
		trim_span(&t, &tl);
		if (!tl)
			continue;
		struct strvec docs = STRVEC_INIT;
		chart_split_manifests(cf->data, cf->len, &docs);
		for (size_t d = 0; d < docs.nr; d++) {
			struct chart_manifest m;
			memset(&m, 0, sizeof(m));
			m.kind = xstrdup("");
			m.name = xstrdup("");
			json_t *ann = NULL;
			struct kc_err e = KC_ERR_INIT;
			if (parse_head(docs.v[d], &m, &ann, &e) < 0) {
				kc_err_set(err, "YAML parse error on %s: %s", cf->name, e.msg.buf);
				kc_err_release(&e);
				json_decref(ann); /* set when the error came after annotations */
				free(m.kind);
				free(m.name);
				ret = -1;
				break;
			}
			kc_err_release(&e);
			m.path = xstrdup(cf->name);
			m.content = docs.v[d]; /* taken */
			docs.v[d] = NULL;
			strvec_init(&m.events);
			strvec_init(&m.delete_policies);
			json_t *hook = ann ? json_object_get(ann, "helm.sh/hook") : NULL;
			if (!m.has_metadata || !ann || !json_object_size(ann) || !hook) {
				push_manifest(generic, &m);
				json_decref(ann);
				continue;
			}
			m.is_hook = 1;
			long long w = 0;
			json_t *hw = json_object_get(ann, "helm.sh/hook-weight");
			if (!hw || go_parse_int(json_string_value(hw), 10, 64, &w) < 0 || w > 2147483647LL ||
			    w < -2147483648LL)
				w = 0;
			m.weight = (int)w;
			char *hs = xstrdup(json_string_value(hook));
			int unknown = 0;
			const char *p = hs;
			for (;;) {
				const char *c = strchr(p, ',');
				size_t l = c ? (size_t)(c - p) : strlen(p);
				char *ev = trimmed_lower(p, l);
				const char *known = hook_event(ev);
				free(ev);
				if (!known) {
					unknown = 1;
					break;
				}
				strvec_push(&m.events, known);
				if (!c)
					break;
				p = c + 1;
			}
			json_t *dp = json_object_get(ann, "helm.sh/hook-delete-policy");
			if (dp) {
				const char *q = json_string_value(dp);
				for (;;) {
					const char *c = strchr(q, ',');
					size_t l = c ? (size_t)(c - q) : strlen(q);
					char *pol = trimmed_lower(q, l);
					if (*pol)
						strvec_push(&m.delete_policies, pol);
					free(pol);
					if (!c)
						break;
					q = c + 1;
				}
			}
			json_decref(ann);
			if (unknown) {
				struct strbuf qq = STRBUF_INIT;
				go_quote(&qq, hs, strlen(hs));
				if (warnings)
					strvec_pushf(warnings, "info: skipping unknown hook: %s", qq.buf);
				strbuf_release(&qq);
				manifest_release(&m);
				free(hs);
				continue;
			}
			free(hs);
			push_manifest(hooks, &m);
		}
		strvec_clear(&docs);
	}
	free(sorted);
	sort_by_kind(hooks->v, hooks->nr);
	sort_by_kind(generic->v, generic->nr);
	return ret;
}
