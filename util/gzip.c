#include "util/gzip.h"

#include <string.h>
#include <zlib.h>

#define GZ_FTEXT 1
#define GZ_FHCRC 2
#define GZ_FEXTRA 4
#define GZ_FNAME 8
#define GZ_FCOMMENT 16

/* Parse a member header at in[*pos]. 0 ok, -1 invalid header, -2 truncated. */
static int read_header(const unsigned char *in, size_t len, size_t *pos)
{
	size_t p = *pos;
	if (len - p < 10) /* io.ReadFull of the 10-byte header fails first */
		return -2;
	if (in[p] != 0x1f || in[p + 1] != 0x8b || in[p + 2] != 8)
		return -1;
	unsigned flg = in[p + 3];
	p += 10;
	if (flg & GZ_FEXTRA) {
		if (len - p < 2)
			return -2;
		size_t xlen = in[p] | ((size_t)in[p + 1] << 8);
		p += 2;
		if (len - p < xlen)
			return -2;
		p += xlen;
	}
	if (flg & GZ_FNAME) {
		while (p < len && in[p])
			p++;
		if (p >= len)
			return -2;
		p++;
	}
	if (flg & GZ_FCOMMENT) {
		while (p < len && in[p])
			p++;
		if (p >= len)
			return -2;
		p++;
	}
	if (flg & GZ_FHCRC) {
		if (len - p < 2)
			return -2;
		p += 2;
	}
	*pos = p;
	return 0;
}

int gzip_decompress(const void *vin, size_t len, struct strbuf *out, size_t cap, int *over,
		    struct kc_err *err)
{
	const unsigned char *in = vin;
	size_t pos = 0, start_len = out->len;
	int first = 1;
	if (over)
		*over = 0;
	if (len == 0)
		return kc_err_set(err, "EOF");
	while (pos < len || first) {
		int h = read_header(in, len, &pos);
		if (h == -1)
			return kc_err_set(err, "gzip: invalid header");
		if (h == -2)
			return kc_err_set(err, first ? "unexpected EOF" : "unexpected EOF");
		first = 0;
		z_stream zs;
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
			return kc_err_set(err, "gzip: zlib init failed");
		zs.next_in = (Bytef *)(in + pos);
		zs.avail_in = (uInt)(len - pos);
		uLong crc = crc32(0L, Z_NULL, 0);
		size_t member_out = 0;
		int rc;
		for (;;) {
			unsigned char buf[65536];
			zs.next_out = buf;
			zs.avail_out = sizeof(buf);
			rc = inflate(&zs, Z_NO_FLUSH);
			size_t got = sizeof(buf) - zs.avail_out;
			if (got) {
				if (out->len - start_len + got > cap) {
					size_t room = cap - (out->len - start_len);
					strbuf_add(out, buf, room);
					inflateEnd(&zs);
					if (over)
						*over = 1;
					return kc_err_set(err, "gzip: decompressed data exceeds %zu bytes", cap);
				}
				strbuf_add(out, buf, got);
				crc = crc32(crc, buf, (uInt)got);
				member_out += got;
			}
			if (rc == Z_STREAM_END)
				break;
			if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
				inflateEnd(&zs);
				return kc_err_set(err, "unexpected EOF");
			}
			if (rc != Z_OK && rc != Z_BUF_ERROR) {
				size_t off = (size_t)((const unsigned char *)zs.next_in - in);
				inflateEnd(&zs);
				return kc_err_set(err, "flate: corrupt input before offset %zu", off);
			}
		}
		pos = (size_t)((const unsigned char *)zs.next_in - in);
		inflateEnd(&zs);
		if (len - pos < 8)
			return kc_err_set(err, "unexpected EOF");
		uLong want_crc = in[pos] | ((uLong)in[pos + 1] << 8) | ((uLong)in[pos + 2] << 16) |
				 ((uLong)in[pos + 3] << 24);
		uLong want_len = in[pos + 4] | ((uLong)in[pos + 5] << 8) | ((uLong)in[pos + 6] << 16) |
				 ((uLong)in[pos + 7] << 24);
		pos += 8;
		if (want_crc != crc || want_len != (uLong)(member_out & 0xffffffffu))
			return kc_err_set(err, "gzip: invalid checksum");
	}
	return 0;
}

void gzip_compress(const void *in, size_t len, struct strbuf *out, int level)
{
	gzip_compress_hdr(in, len, out, level, NULL, 0, NULL);
}

void gzip_compress_hdr(const void *in, size_t len, struct strbuf *out, int level,
		       const void *extra, size_t extra_len, const char *comment)
{
	static const unsigned char hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (level == -1)
		level = Z_DEFAULT_COMPRESSION;
	deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	unsigned char h[10];
	memcpy(h, hdr, 10);
	if (level == 9)
		h[8] = 2;
	else if (level == 1)
		h[8] = 4;
	if (extra)
		h[3] |= GZ_FEXTRA;
	if (comment)
		h[3] |= GZ_FCOMMENT;
	strbuf_add(out, h, 10);
	if (extra) {
		unsigned char xl[2] = { (unsigned char)(extra_len & 0xff), (unsigned char)(extra_len >> 8) };
		strbuf_add(out, xl, 2);
		strbuf_add(out, extra, extra_len);
	}
	if (comment)
		strbuf_add(out, comment, strlen(comment) + 1);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	int rc;
	do {
		unsigned char buf[65536];
		zs.next_out = buf;
		zs.avail_out = sizeof(buf);
		rc = deflate(&zs, Z_FINISH);
		strbuf_add(out, buf, sizeof(buf) - zs.avail_out);
	} while (rc != Z_STREAM_END);
	deflateEnd(&zs);
	uLong crc = crc32(crc32(0L, Z_NULL, 0), in, (uInt)len);
	unsigned char t[8];
	for (int i = 0; i < 4; i++) {
		t[i] = (unsigned char)(crc >> (8 * i));
		t[4 + i] = (unsigned char)((uLong)len >> (8 * i));
	}
	strbuf_add(out, t, 8);
}
