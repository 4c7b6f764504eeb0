#include "util/tar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLK 512

void tar_reader_init(struct tar_reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
}

void tar_entry_release(struct tar_entry *e)
{
	free(e->name);
	memset(e, 0, sizeof(*e));
}

static int is_zero(const unsigned char *b)
{
	for (int i = 0; i < BLK; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Octal (space/NUL padded) or base-256 number; -1 on a bad field. */
static int parse_num(const unsigned char *f, size_t n, long long *out)
{
	if (n && (f[0] & 0x80)) {
		long long v = f[0] & 0x3f;
		if (f[0] & 0x40)
			return -1; /* negative */
		for (size_t i = 1; i < n; i++) {
			if (v > (0x7fffffffffffffffLL >> 8))
				return -1;
			v = (v << 8) | f[i];
		}
		*out = v;
		return 0;
	}
	size_t i = 0;
	while (i < n && (f[i] == ' ' || f[i] == 0))
		i++;
	size_t end = n;
	while (end > i && (f[end - 1] == ' ' || f[end - 1] == 0))
		end--;
	long long v = 0;
	for (size_t j = i; j < end; j++) {
		if (f[j] < '0' || f[j] > '7')
			return -1;
		if (v > (0x7fffffffffffffffLL >> 3))
			return -1;
		v = v * 8 + (f[j] - '0');
	}
	*out = v;
	return 0;
}

static char *field_str(const unsigned char *f, size_t n)
{
	size_t l = 0;
	while (l < n && f[l])
		l++;
	return xstrndup((const char *)f, l);
}

static int checksum_ok(const unsigned char *b)
{
	long long want;
	if (parse_num(b + 148, 8, &want) < 0)
		return 0;
	long long u = 0, s = 0;
	for (int i = 0; i < BLK; i++) {
		unsigned char c = (i >= 148 && i < 156) ? ' ' : b[i];
		u += c;
		s += (signed char)c;
	}
	return want == u || want == s;
}

/* PAX records "LEN key=value\n": sets *path / *size when present. */
static int parse_pax(const char *d, size_t n, char **path, long long *size, int *has_size)
{
	size_t p = 0;
	while (p < n) {
		size_t q = p;
		long long l = 0;
		while (q < n && d[q] >= '0' && d[q] <= '9')
			l = l * 10 + (d[q++] - '0');
		if (q >= n || d[q] != ' ' || l <= 0 || (size_t)l > n - p)
			return -1;
		const char *rec = d + q + 1, *end = d + p + l;
		if (end[-1] != '\n')
			return -1;
		const char *eq = memchr(rec, '=', (size_t)(end - rec));
		if (!eq)
			return -1;
		size_t klen = (size_t)(eq - rec);
		size_t vlen = (size_t)(end - 1 - (eq + 1));
		if (klen == 4 && !memcmp(rec, "path", 4)) {
			free(*path);
			*path = xstrndup(eq + 1, vlen);
		} else if (klen == 4 && !memcmp(rec, "size", 4)) {
			char *v = xstrndup(eq + 1, vlen);
			char *ep;
			long long s = strtoll(v, &ep, 10);
			int bad = !*v || *ep || s < 0;
			free(v);
			if (bad)
				return -1;
			*size = s;
			*has_size = 1;
		}
		p += (size_t)l;
	}
	return 0;
}

int tar_next(struct tar_reader *r, struct tar_entry *e, struct kc_err *err)
{
	char *longname = NULL, *paxpath = NULL;
	long long paxsize = 0;
	int has_paxsize = 0;
	free(e->name);
	memset(e, 0, sizeof(*e));
	for (;;) {
		if (r->pos >= r->len)
			goto eof;
		if (r->len - r->pos < BLK)
			goto unexpected;
		const unsigned char *b = r->buf + r->pos;
		if (is_zero(b)) {
			r->pos += BLK;
			if (r->pos >= r->len)
				goto eof;
			if (r->len - r->pos < BLK)
				goto unexpected;
			if (is_zero(r->buf + r->pos)) {
				r->pos = r->len;
				goto eof;
			}
			goto bad;
		}
		if (!checksum_ok(b))
			goto bad;
		long long size, mode;
		if (parse_num(b + 124, 12, &size) < 0 || parse_num(b + 100, 8, &mode) < 0)
			goto bad;
		char type = (char)b[156];
		int ustar = !memcmp(b + 257, "ustar\0" "00", 8);
		size_t dstart = r->pos + BLK;
		if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
			if (has_paxsize && type != 'g')
				size = paxsize;
		}
		if (type == 'L' || type == 'K' || type == 'x') {
			if ((unsigned long long)size > r->len - dstart)
				goto unexpected;
			const char *d = (const char *)r->buf + dstart;
			if (type == 'L') {
				free(longname);
				longname = field_str((const unsigned char *)d, (size_t)size);
			} else if (type == 'x') {
				if (parse_pax(d, (size_t)size, &paxpath, &paxsize, &has_paxsize) < 0)
					goto bad;
			}
			r->pos = dstart + (((size_t)size + BLK - 1) / BLK) * BLK;
			if (r->pos > r->len)
				r->pos = r->len;
			continue;
		}
		if (has_paxsize)
			size = paxsize;
		char *name;
		if (paxpath) {
			name = paxpath;
			paxpath = NULL;
		} else if (longname) {
			name = longname;
			longname = NULL;
		} else {
			char *n = field_str(b, 100);
			if (ustar && b[345]) {
				char *pre = field_str(b + 345, 155);
				name = xasprintf("%s/%s", pre, n);
				free(pre);
				free(n);
			} else {
				name = n;
			}
		}
		free(longname);
		free(paxpath);
		longname = paxpath = NULL;
		if (type == 0 || type == '7')
			type = (*name && name[strlen(name) - 1] == '/') ? TAR_DIR : TAR_REG;
		/* Header-only types carry no data in Go's reader (isHeaderOnlyType). */
		int hdr_only = type == TAR_LINK || type == TAR_SYMLINK || type == TAR_DIR ||
			       type == '3' || type == '4' || type == '6';
		if (hdr_only)
			size = 0;
		e->name = name;
		e->type = type;
		e->size = size;
		e->mode = (unsigned)(mode & 07777);
		e->data = (const char *)r->buf + dstart;
		size_t avail = r->len - dstart;
		e->avail = (unsigned long long)e->size < avail ? (size_t)e->size : avail;
		size_t skip = (((size_t)size + BLK - 1) / BLK) * BLK;
		r->pos = dstart + skip > r->len ? r->len : dstart + skip;
		return 1;
	}
eof:
	free(longname);
	free(paxpath);
	return 0;
unexpected:
	free(longname);
	free(paxpath);
	return kc_err_set(err, "unexpected EOF");
bad:
	free(longname);
	free(paxpath);
	return kc_err_set(err, "archive/tar: invalid tar header");
}

static void put_octal(unsigned char *f, size_t n, long long v)
{
	/* n-1 digits, zero padded, NUL terminated (Go's formatOctal) */
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%0*llo", (int)(n - 1), v);
	memcpy(f, tmp, n - 1);
	f[n - 1] = 0;
}

static void write_header(struct strbuf *out, const char *name, char type, long long size,
			 unsigned mode, long long mtime)
{
	unsigned char b[BLK];
	size_t nl = strlen(name);
	const char *base = name;
	size_t plen = 0;
	if (nl > 100) {
		/* ustar split at a '/' so that prefix <= 155 and name <= 100 */
		const char *slash = NULL;
		for (const char *s = name; *s; s++)
			if (*s == '/' && (size_t)(s - name) <= 155 && nl - (size_t)(s - name) - 1 <= 100 &&
			    s != name)
				slash = s;
		if (slash) {
			plen = (size_t)(slash - name);
			base = slash + 1;
		} else {
			/* PAX header with the path */
			struct strbuf rec = STRBUF_INIT, pax = STRBUF_INIT;
			size_t body = strlen(" path=\n") + nl, total = body + 1;
			while (1) {
				char num[32];
				size_t t = (size_t)snprintf(num, sizeof(num), "%zu", total) + body;
				if (t == total)
					break;
				total = t;
			}
			strbuf_addf(&rec, "%zu path=%s\n", total, name);
			char pname[101];
			snprintf(pname, sizeof(pname), "PaxHeaders.0/%.80s", name);
			write_header(&pax, pname, 'x', (long long)rec.len, 0644, mtime);
			strbuf_addbuf(out, &pax);
			strbuf_addbuf(out, &rec);
			strbuf_addchars(out, 0, (BLK - rec.len % BLK) % BLK);
			strbuf_release(&rec);
			strbuf_release(&pax);
			base = name + nl - (nl > 100 ? 100 : nl);
		}
	}
	memset(b, 0, sizeof(b));
	memcpy(b, base, strlen(base) > 100 ? 100 : strlen(base));
	put_octal(b + 100, 8, mode);
	put_octal(b + 108, 8, 0);
	put_octal(b + 116, 8, 0);
	put_octal(b + 124, 12, size);
	put_octal(b + 136, 12, mtime);
	b[156] = (unsigned char)type;
	memcpy(b + 257, "ustar\0" "00", 8);
	if (plen)
		memcpy(b + 345, name, plen);
	memset(b + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < BLK; i++)
		sum += b[i];
	char ck[8];
	snprintf(ck, sizeof(ck), "%06o", sum);
	memcpy(b + 148, ck, 7);
	b[155] = ' ';
	strbuf_add(out, b, BLK);
}

void tar_write_file(struct strbuf *out, const char *name, const void *data, size_t len,
		    unsigned mode, long long mtime)
{
	write_header(out, name, TAR_REG, (long long)len, mode, mtime);
	strbuf_add(out, data, len);
	strbuf_addchars(out, 0, (BLK - len % BLK) % BLK);
}

void tar_write_dir(struct strbuf *out, const char *name, unsigned mode, long long mtime)
{
	write_header(out, name, TAR_DIR, 0, mode, mtime);
}

void tar_finish(struct strbuf *out)
{
	strbuf_addchars(out, 0, 2 * BLK);
}
