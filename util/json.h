/* JSON output as Go's encoding/json writes it (CONTRACT — owned by util/json.c).
 *
 * kubectl -o json is json.MarshalIndent(obj, "", "    ") + "\n": 4-space indent,
 * `<` `>` `&` U+2028 U+2029 escaped as \u003c …, invalid UTF-8 as \ufffd, floats
 * formatted as encoding/json formats float64 ('f' shortest, or 'e' below 1e-6 and from
 * 1e21 on with a one-digit negative exponent: 1e+21 → "1e+21", 1e-7 → "1e-7",
 * 2^63 → "9223372036854776000"), integers verbatim. Strings:
 * \b \f \n \r \t short escapes (Go >= 1.22), other control characters as \u00XX.
 * Key order: JSON_OUT_SORT_KEYS sorts bytewise (objects that came from a server or
 * a file, decoded into maps), otherwise insertion order (objects kc generates
 * itself, in Go struct field order). Empty objects/arrays print as {} and []. */
#ifndef KC_UTIL_JSON_H
#define KC_UTIL_JSON_H

#include <jansson.h>

#include "util/err.h"
#include "util/strbuf.h"

#define JSON_OUT_SORT_KEYS 0x1
#define JSON_OUT_COMPACT   0x2   /* json.Marshal: no whitespace at all */
#define JSON_OUT_INDENT2   0x4   /* MarshalIndent with "  " (helm, kubectl version) */
#define JSON_OUT_NO_ESCAPE_HTML 0x8 /* Encoder.SetEscapeHTML(false) (Helm toRawJson) */

/* Appends the encoding of v (no trailing newline). */
void json_emit(struct strbuf *out, const json_t *v, unsigned flags);

/* Parse JSON text as Go's encoding/json would accept it (UTF-8, no trailing data
 * other than whitespace). NULL + err ("invalid character 'x' looking for beginning
 * of value" style messages) on failure. New reference. Numbers: integers that fit
 * int64 become json_integer, everything else json_real (kubectl's unstructured view);
 * object keys keep their order; a duplicate key keeps the last value. */
json_t *json_parse(const char *buf, size_t len, struct kc_err *err);

/* One value from a stream of JSON values, as json.Decoder reads them (kubectl's
 * path for manifests that start with '{'): whitespace is skipped from *pos, the
 * next value is parsed and *pos moves past it. At the end of input: NULL with
 * err untouched (kc_err_isset false). On error: NULL, err set ("unexpected EOF"
 * when input runs out inside a value, else Go's syntax message) and *pos = Go's
 * SyntaxError.Offset (bytes read, the bad one included) — kubectl prints
 * "json: offset %zu: %s". */
json_t *json_parse_next(const char *buf, size_t len, size_t *pos, struct kc_err *err);

/* encoding/json's text for a float64 (finite). */
void json_format_go_float(struct strbuf *out, double f);

#endif
