/* YAML ⇄ jansson with Kubernetes semantics (CONTRACT — owned by util/yaml.c).
 *
 * Reading is what sigs.k8s.io/yaml does for kubectl and Helm: YAML 1.1 scalars
 * (yes/no/on/off/true/false in any of go-yaml v2's spellings are booleans, ~ and
 * null are null, ints vs floats as go-yaml resolves them, then converted as
 * YAMLToJSON does), anchors, aliases and merge keys, non-string keys turned into
 * strings, duplicate keys: the last one wins (kubectl 1.32 and Helm both decode
 * non-strictly). Numbers are what kubectl's JSON decoding makes of the JSON text
 * YAMLToJSON writes: json_integer when that text is an int64 ("1.0" → 1, "1e3" →
 * 1000), else json_real ("1.5", "1e+21", uint64 above int64). NaN/Inf are errors
 * ("json: unsupported value: NaN"). yaml_load_float64 gives Helm's view.
 *
 * Errors are YAMLToJSON's error text, in go-yaml's words and line arithmetic
 * ("yaml: line 3: mapping values are not allowed in this context", "yaml: unknown
 * anchor 'x' referenced", "unsupported map key of type: ..."); kubectl and Helm
 * print them after "error converting YAML to JSON: ". struct yaml_pos gets the real
 * 1-based line/column of the problem when known (0 otherwise) for file:line:col.
 *
 * Ownership: every json_t * returned is a new reference the caller decrefs. */
#ifndef KC_UTIL_YAML_H
#define KC_UTIL_YAML_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

struct yaml_pos {
	int line;   /* 1-based; 0 if unknown */
	int column; /* 1-based; 0 if unknown */
};

/* One document (an empty input gives json_null()). On error returns NULL, fills err
 * and *where (if non-NULL). */
json_t *yaml_load(const char *buf, size_t len, struct yaml_pos *where, struct kc_err *err);

/* yaml_load as Helm reads values (sigs.k8s.io/yaml.Unmarshal into
 * map[string]interface{}): the same YAMLToJSON, then every number is a float64
 * (json_real), -0.0 included. */
json_t *yaml_load_float64(const char *buf, size_t len, struct yaml_pos *where,
			  struct kc_err *err);

/* A multi-document stream split as kubectl's YAMLReader splits it (at lines that
 * start with "---" and have only spaces or a comment after; "---x" is the error
 * "invalid Yaml document separator: x"), each chunk read by yaml_load, so go-yaml's
 * line numbers in messages count from the chunk as kubectl's do. Returns a new
 * JSON array with one entry per document, documents that are empty or only
 * comments included as json_null() (callers skip them as kubectl does). starts
 * (optional) receives the 1-based line of each document's first line, in a
 * malloc'd array the caller frees. where->line is absolute. */
json_t *yaml_load_stream(const char *buf, size_t len, int **starts, struct yaml_pos *where,
			 struct kc_err *err);

/* The same, one document at a time, as kubectl's visitor consumes them (it acts
 * on the documents before a bad one, then stops):
 *   struct yaml_stream st; json_t *doc;
 *   yaml_stream_init(&st, buf, len);
 *   while ((rc = yaml_stream_next(&st, &doc, &pos, &err)) > 0) { ...; json_decref(doc); }
 * rc 0 at the end, -1 on error (err and pos set; pos.line is absolute). After a
 * document, st.doc_line is the 1-based line it started on. buf must outlive st. */
struct yaml_stream {
	const char *buf;
	size_t len, pos;
	int line;     /* lines consumed so far */
	int doc_line; /* first line of the document last returned */
};
void yaml_stream_init(struct yaml_stream *st, const char *buf, size_t len);
int yaml_stream_next(struct yaml_stream *st, json_t **doc, struct yaml_pos *where,
		     struct kc_err *err);

/* What kubectl does to a manifest's bytes before YAML sees them (its readers wrap
 * files in unicode.BOMOverride(UTF8 decoder)): drop a UTF-8 BOM, transcode UTF-16
 * with a BOM, replace invalid UTF-8 bytes with U+FFFD. Appends to out. Helm does
 * not do this (go-yaml then rejects invalid UTF-8). */
void yaml_kubectl_input(struct strbuf *out, const char *buf, size_t len);

/* Emit v as go-yaml v2 / sigs.k8s.io/yaml.Marshal prints it — exactly the bytes of
 * `kubectl get -o yaml` and Helm's toYaml (which then drops the final "\n"): keys
 * in go-yaml's order (digit runs compare as numbers: a2 < a10), 2-space indent,
 * sequences not indented under a mapping key, strings that would read back as
 * another type double-quoted, strings plain YAML cannot hold single- or
 * double-quoted, multi-line strings as |, |- or |+ literals (double-quoted when a
 * line ends in a space or holds a tab or other special character), plain and
 * quoted text folded past column 80 (go-yaml v2.4 wraps; literals never fold),
 * keys over 128 bytes as "? key", numbers as they come back from the JSON round
 * trip (1.0 → 1, 1e6 → 1000000, 1e21 → 1e+21, 0.1 → 0.1). Output ends with "\n".
 * Kept unchecked (see yaml_emit_checked) for callers that know their strings. */
void yaml_emit(struct strbuf *out, json_t *v);
/* gopkg.in/yaml.v3's Encoder with SetIndent(2) (Helm's toYamlPretty) on the value
 * itself, no JSON round trip: sequences indented under mapping keys, no folding,
 * reals as Go's 'g' format (3.0 → 3, 1e6 → 1e+06, .inf, .nan), integers as they
 * are; same key order and quoting rules. Output ends with "\n". */
void yaml_emit_v3(struct strbuf *out, json_t *v);
/* yaml_emit, but failing as sigs.k8s.io/yaml.Marshal does when go-yaml cannot
 * read back the JSON it goes through: a string with DEL, a C1 control other than
 * NEL, U+FFFE/U+FFFF ("yaml: control characters are not allowed"), a map key with
 * NEL or longer than 1024 characters as JSON ("yaml: [line N: ]did not find
 * expected ',' or '}'"). -1 and that message (kubectl prints "error: " + it;
 * Helm's toYaml yields "" instead). */
int yaml_emit_checked(struct strbuf *out, json_t *v, struct kc_err *err);
/* Helm's toYaml: yaml_emit_checked without the final "\n"; nothing on error
 * (Helm swallows it). Values should come from yaml_load_float64 or be built with
 * json_real numbers, as Helm's are float64. Appends to out. */
void yaml_helm_to_yaml(struct strbuf *out, json_t *v);

/* go-yaml v2's resolve() of an untagged plain scalar: what `in` means unquoted.
 * Timestamps resolve as YAML_R_TIMESTAMP (the loader keeps them as strings, the
 * emitter quotes them). */
enum yaml_rtag {
	YAML_R_STR,
	YAML_R_NULL,
	YAML_R_BOOL,
	YAML_R_INT,       /* fits int64: .i */
	YAML_R_UINT,      /* above int64, fits uint64: .u */
	YAML_R_FLOAT,     /* .f (incl. .inf/.nan) */
	YAML_R_TIMESTAMP, /* one of go-yaml's timestamp layouts */
};
struct yaml_scalar {
	int b;
	long long i;
	unsigned long long u;
	double f;
};
enum yaml_rtag yaml_resolve_plain(const char *in, struct yaml_scalar *out);
/* go-yaml's timestamp and base-60 float shapes (both force quoting on output). */
int yaml_is_timestamp(const char *s);
int yaml_is_base60_float(const char *s);

#endif
