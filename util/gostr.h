/* Go's string conversions that kubectl and Helm print through: strconv.Quote
 * (fmt %q), strconv.ParseBool, ParseInt, ParseFloat and FormatFloat ('g' shortest,
 * as %v prints a float64). */
#ifndef KC_UTIL_GOSTR_H
#define KC_UTIL_GOSTR_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* strconv.Quote: appends "…" with Go's escapes (valid UTF-8 printable runes kept). */
/* unicode.IsPrint / strconv.IsPrint of a rune (tables in gostr_isprint.c). */
int go_isprint_rune(long r);
void go_quote(struct strbuf *out, const char *s, size_t len);
/* strconv.ParseBool; -1 if not one of 1 t T TRUE true True 0 f F FALSE false False. */
int go_parse_bool(const char *s, int *out);
/* strconv.ParseInt(s, base, bits); 0 ok, -1 syntax, -2 out of range. */
int go_parse_int(const char *s, int base, int bits, long long *out);
/* strconv.ParseFloat(s, 64); 0 ok, -1 syntax, -2 out of range. */
int go_parse_float(const char *s, double *out);
/* strconv.FormatFloat(f, fmt, prec, 64); fmt 'g','e','f'; prec -1 = shortest. */
void go_format_float(struct strbuf *out, double f, char fmt, int prec);

/* The time package's quote(): "…" with every non-printable-ASCII byte as \xNN. */
void go_time_quote(struct strbuf *out, const char *s, size_t n);
/* time.ParseDuration: 0, or -1 with Go's message ("time: invalid duration \"x\"")
 * appended to err. */
int go_parse_duration(const char *s, int64_t *ns, struct strbuf *err);
int go_parse_duration_n(const char *s, size_t n, int64_t *ns, struct strbuf *err);

#endif
