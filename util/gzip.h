/* gzip on zlib, with Go's compress/gzip error words (Helm prints them). */
#ifndef KC_UTIL_GZIP_H
#define KC_UTIL_GZIP_H

#include <stddef.h>

#include "util/err.h"
#include "util/strbuf.h"

/* Decompress a gzip stream (all concatenated members, as Go's reader does) and
 * append the bytes to out, at most cap of them. Returns 0, or -1 with err set to
 * Go's text: "EOF" (empty input), "gzip: invalid header", "unexpected EOF",
 * "gzip: invalid checksum", "flate: corrupt input before offset N"; out then
 * holds what was decompressed before the error (callers that read lazily, like
 * Helm's tar loop, can process that prefix first). Going over cap is an error
 * with *over set to 1 (over may be NULL). */
int gzip_decompress(const void *in, size_t len, struct strbuf *out, size_t cap, int *over,
		    struct kc_err *err);

/* Compress in as one gzip member (level 1-9, or -1 for zlib's default which is
 * what Go's gzip.DefaultCompression means) with an empty header (no name, mtime
 * 0, OS byte 255 as Go writes it). Appends to out. */
void gzip_compress(const void *in, size_t len, struct strbuf *out, int level);
/* The same with Go's gzip.Header Extra and Comment fields set (extra may be
 * NULL; comment NULL for none), as `helm package` writes them. */
void gzip_compress_hdr(const void *in, size_t len, struct strbuf *out, int level,
		       const void *extra, size_t extra_len, const char *comment);

#endif
