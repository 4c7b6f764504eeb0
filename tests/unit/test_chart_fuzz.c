/* Bad input never crashes: deterministic pseudo-random inputs for the --set
 * parsers, the gzip/tar readers, the archive loader, .helmignore rules,
 * manifests and schemas. Each case only has to return (ok or error).
 * Run longer with KC_FUZZ_ITERS=1000000 (default 3000). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "tap.h"
#include "util/gzip.h"
#include "util/tar.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void random_text(struct strbuf *sb, const char *alphabet, size_t maxlen)
{
	size_t n = rnd((unsigned)maxlen + 1), al = strlen(alphabet);
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++)
		strbuf_addch(sb, alphabet[rnd((unsigned)al)]);
}

int main(void)
{
	plan_lazy();
	const char *e = getenv("KC_FUZZ_ITERS");
	long iters = e ? atol(e) : 3000;
	struct strbuf sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	long done = 0;
	for (long i = 0; i < iters; i++) {
		/* --set family: a syntax-heavy alphabet */
		random_text(&sb, "ab=.,[]{}0123\\\" -tnul\xc3\xa9:", 40);
		json_t *dest = json_object();
		for (int m = STRVALS_SET; m <= STRVALS_LITERAL; m++)
			strvals_parse_into((enum strvals_mode)m, sb.buf, dest, &err);
		json_decref(dest);

		/* .helmignore rules and matching */
		random_text(&sb, "ab*?[]!^-/\\#\n .", 30);
		struct chart_ignore *r = chart_ignore_parse(sb.buf, sb.len, &err);
		if (r) {
			chart_ignore_match(r, "a/b.c", 0);
			chart_ignore_match(r, "ab", 1);
			chart_ignore_free(r);
		}
		chart_path_match(sb.buf, "a/b[c]*");

		/* manifest splitting */
		random_text(&sb, "-\n ak:#\"'[]{}", 60);
		struct strvec docs = STRVEC_INIT;
		chart_split_manifests(sb.buf, sb.len, &docs);
		strvec_clear(&docs);

		/* gzip/tar/archive on mutated archives */
		struct strbuf tarb = STRBUF_INIT, gz = STRBUF_INIT, out = STRBUF_INIT;
		tar_write_file(&tarb, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n", 38, 0644, 0);
		tar_write_file(&tarb, "c/values.yaml", "a: 1\n", 5, 0644, 0);
		tar_write_file(&tarb, "c/templates/x.yaml", "kind: Pod\n", 10, 0644, 0);
		tar_finish(&tarb);
		for (int k = 0, nm = (int)rnd(4); k < nm; k++)
			tarb.buf[rnd((unsigned)tarb.len)] = (char)rnd(256);
		gzip_compress(tarb.buf, tarb.len, &gz, 6);
		if (rnd(3) == 0)
			gz.buf[rnd((unsigned)gz.len)] = (char)rnd(256);
		if (rnd(4) == 0)
			strbuf_setlen(&gz, rnd((unsigned)gz.len));
		struct strvec warn = STRVEC_INIT;
		struct chart *c = chart_load_archive(gz.buf, gz.len, &warn, &err);
		if (c) {
			json_t *v = chart_coalesce_values(c, NULL, 0, &warn, &err);
			json_decref(v);
			chart_free(c);
		}
		gzip_decompress(gz.buf, gz.len, &out, 1 << 20, NULL, &err);
		strvec_clear(&warn);
		strbuf_release(&tarb);
		strbuf_release(&gz);
		strbuf_release(&out);
		/* Chart.yaml / values.yaml / requirements.yaml text through LoadFiles,
		 * dependency processing and coalescing */
		{
			static const char *const pieces[] = {
				"apiVersion: v2\n", "name: c\n", "version: 1.0.0\n", "dependencies:\n",
				"- name: s\n", "  alias: t\n", "  condition: s.on,x\n", "  tags: [a]\n",
				"  import-values: [data, {child: a, parent: b}]\n", "- ~\n", "maintainers: [~]\n",
				"keywords: x\n", "type: library\n", "global: 1\n", "s: {on: false}\n", "tags: {a: 1}\n",
				"a: [\n", "{", "}", "  ", "&x a: *x\n", "version: 01\n", "appVersion: 1.10\n" };
			struct chart_files files = { 0 };
			struct strbuf cy = STRBUF_INIT, vy = STRBUF_INIT, sy = STRBUF_INIT;
			for (int k = 0, n = 1 + (int)rnd(8); k < n; k++)
				strbuf_addstr(&cy, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
			for (int k = 0, n = (int)rnd(5); k < n; k++)
				strbuf_addstr(&vy, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
			strbuf_addstr(&sy, "apiVersion: v2\nname: s\nversion: 0.1.0\n");
			chart_files_add(&files, "Chart.yaml", cy.buf, cy.len);
			chart_files_add(&files, "values.yaml", vy.buf, vy.len);
			if (rnd(2))
				chart_files_add(&files, "requirements.yaml", vy.buf, vy.len);
			chart_files_add(&files, "charts/s/Chart.yaml", sy.buf, sy.len);
			chart_files_add(&files, "charts/s/values.yaml", vy.buf, vy.len);
			struct strvec w2 = STRVEC_INIT;
			struct chart *c2 = chart_load_files(&files, &w2, &err);
			if (c2) {
				json_t *uv = json_object();
				strvals_parse_into(STRVALS_SET, "s.on=true,global.x=1,tags.a=false", uv, &err);
				if (chart_process_dependencies(c2, uv, 1, &w2, &err) == 0) {
					json_t *v = chart_coalesce_values(c2, uv, 0, &w2, &err);
					json_decref(v);
				}
				json_decref(uv);
				chart_free(c2);
			}
			strvec_clear(&w2);
			chart_files_release(&files);
			strbuf_release(&cy);
			strbuf_release(&vy);
			strbuf_release(&sy);
		}
		done++;
	}
	ok(done == iters, "random inputs handled without crashing");

	/* absurd nesting ends in an error, not a stack overflow (Helm has no cap
	 * for list indexes; kc stops at 1000 levels) */
	strbuf_reset(&sb);
	strbuf_addch(&sb, 'a');
	for (int k = 0; k < 50000; k++)
		strbuf_addstr(&sb, "[0]");
	strbuf_addstr(&sb, "=1");
	json_t *deep = json_object();
	ok(strvals_parse_into(STRVALS_SET, sb.buf, deep, &err) < 0, "deep list nesting is an error");
	json_decref(deep);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "a=");
	for (int k = 0; k < 20000; k++)
		strbuf_addch(&sb, '[');
	deep = json_object();
	ok(strvals_parse_into(STRVALS_JSON, sb.buf, deep, &err) < 0, "deep --set-json nesting is an error");
	json_decref(deep);
	strbuf_release(&sb);
	kc_err_release(&err);
	return done_testing();
}
