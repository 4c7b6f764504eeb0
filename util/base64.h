/* Base64 as Go's encoding/base64 StdEncoding (padded) and RawStdEncoding. */
#ifndef KC_UTIL_BASE64_H
#define KC_UTIL_BASE64_H

#include <stddef.h>
#include "util/strbuf.h"

void base64_encode(struct strbuf *out, const void *data, size_t len);
/* Strict StdEncoding decode (padding required, no whitespace except \r\n which Go
 * skips). Returns 0, or -1 and *bad_at = offset of the first illegal byte (Go's
 * "illegal base64 data at input byte N"). */
int base64_decode(struct strbuf *out, const char *s, size_t len, size_t *bad_at);

#endif
