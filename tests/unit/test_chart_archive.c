/* util/gzip + util/tar: round trips, archives made by GNU tar, Go's error words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/file.h"
#include "util/gzip.h"
#include "util/tar.h"

static char *list_entries(const struct strbuf *tarbuf)
{
	struct tar_reader r;
	struct tar_entry e = { 0 };
	struct kc_err err = KC_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	int rc;
	tar_reader_init(&r, tarbuf->buf, tarbuf->len);
	while ((rc = tar_next(&r, &e, &err)) == 1) {
		strbuf_addf(&out, "%c %s %lld:", e.type, e.name, e.size);
		strbuf_add(&out, e.data, e.avail);
		strbuf_addch(&out, '|');
	}
	if (rc < 0)
		strbuf_addf(&out, "ERR %s", err.msg.buf);
	tar_entry_release(&e);
	kc_err_release(&err);
	return strbuf_detach(&out, NULL);
}

int main(void)
{
	plan_lazy();
	struct kc_err err = KC_ERR_INIT;
	struct strbuf gz = STRBUF_INIT, plain = STRBUF_INIT, tarbuf = STRBUF_INIT;

	/* gzip round trip */
	gzip_compress("hello, world\n", 13, &gz, -1);
	ok(gzip_decompress(gz.buf, gz.len, &plain, 1 << 20, NULL, &err) == 0, "gunzip ok");
	is_str(plain.buf, "hello, world\n", "gzip round trip");
	/* two members concatenated */
	size_t one = gz.len;
	char *copy = xmalloc(one);
	memcpy(copy, gz.buf, one);
	strbuf_add(&gz, copy, one);
	free(copy);
	strbuf_reset(&plain);
	ok(gzip_decompress(gz.buf, gz.len, &plain, 1 << 20, NULL, &err) == 0, "multistream ok");
	is_str(plain.buf, "hello, world\nhello, world\n", "multistream content");
	/* errors */
	strbuf_reset(&plain);
	ok(gzip_decompress("", 0, &plain, 100, NULL, &err) < 0, "empty fails");
	is_str(err.msg.buf, "EOF", "empty: EOF");
	ok(gzip_decompress("not gzip at all", 15, &plain, 100, NULL, &err) < 0, "bad magic fails");
	is_str(err.msg.buf, "gzip: invalid header", "bad magic text");
	ok(gzip_decompress(gz.buf, one - 3, &plain, 100, NULL, &err) < 0, "truncated fails");
	is_str(err.msg.buf, "unexpected EOF", "truncated text");
	gz.buf[one - 8] ^= 1;
	ok(gzip_decompress(gz.buf, one, &plain, 100, NULL, &err) < 0, "bad crc fails");
	is_str(err.msg.buf, "gzip: invalid checksum", "bad crc text");
	int over = 0;
	strbuf_reset(&plain);
	ok(gzip_decompress(gz.buf + one, one, &plain, 5, &over, &err) < 0 && over, "cap enforced");

	/* tar round trip incl. a long (PAX) name and a ustar-prefix name */
	char longname[300], prefixname[200];
	memset(longname, 'n', sizeof(longname));
	longname[sizeof(longname) - 1] = 0;
	snprintf(prefixname, sizeof(prefixname), "%0120d/file.txt", 0);
	tar_write_dir(&tarbuf, "chart/", 0755, 0);
	tar_write_file(&tarbuf, "chart/Chart.yaml", "name: x\n", 8, 0644, 0);
	tar_write_file(&tarbuf, longname, "L", 1, 0644, 0);
	tar_write_file(&tarbuf, prefixname, "P", 1, 0644, 0);
	tar_finish(&tarbuf);
	char *got = list_entries(&tarbuf);
	char *want = xasprintf("5 chart/ 0:|0 chart/Chart.yaml 8:name: x\n|0 %s 1:L|0 %s 1:P|", longname,
			       prefixname);
	is_str(got, want, "tar round trip");
	free(got);
	free(want);

	/* an archive made by GNU tar (gzip'd), read back */
	if (system("set -e; d=$(mktemp -d); mkdir -p $d/c/templates; printf 'apiVersion: v2\\n' >$d/c/Chart.yaml;"
		   " printf 'x' >$d/c/templates/a.yaml; tar -C $d -czf build/test_chart_archive.tgz c; rm -rf $d") ==
	    0) {
		struct strbuf tgz = STRBUF_INIT, t = STRBUF_INIT;
		file_read("build/test_chart_archive.tgz", &tgz, &err);
		ok(gzip_decompress(tgz.buf, tgz.len, &t, 1 << 24, NULL, &err) == 0, "gnu tgz gunzip");
		got = list_entries(&t);
		ok(strstr(got, "0 c/Chart.yaml 15:apiVersion: v2\n|") != NULL, "gnu tar entry");
		ok(strstr(got, "0 c/templates/a.yaml 1:x|") != NULL, "gnu tar nested entry");
		free(got);
		strbuf_release(&tgz);
		strbuf_release(&t);
		remove("build/test_chart_archive.tgz");
	} else {
		ok(0, "could not run tar");
	}

	/* tar errors */
	struct strbuf bad = STRBUF_INIT;
	strbuf_addchars(&bad, 'x', 512);
	got = list_entries(&bad);
	is_str(got, "ERR archive/tar: invalid tar header", "garbage header");
	free(got);
	strbuf_setlen(&tarbuf, 700);
	got = list_entries(&tarbuf);
	ok(strstr(got, "ERR unexpected EOF") != NULL, "truncated archive");
	free(got);
	strbuf_reset(&bad);
	got = list_entries(&bad);
	is_str(got, "", "empty archive is empty");
	free(got);

	strbuf_release(&bad);
	strbuf_release(&gz);
	strbuf_release(&plain);
	strbuf_release(&tarbuf);
	kc_err_release(&err);
	return done_testing();
}
