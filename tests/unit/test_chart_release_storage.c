/* Helm's secret storage driver as kc writes and reads it: the fixture in
 * tests/golden/chart-release/helm-fixture was produced by gen.go with Go's own
 * encoding/json and compress/gzip (Helm's encodeRelease); kc must decode it
 * and re-encode the release JSON byte for byte. Also the Secret kc builds,
 * and helm's time formats. */
#include <stdlib.h>
#include <string.h>

#include "chart/action.h"
#include "tap.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/json.h"

#define FIX "tests/golden/chart-release/helm-fixture/"

static char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read(path, &sb, &err) < 0) {
		kc_err_release(&err);
		strbuf_release(&sb);
		return NULL;
	}
	kc_err_release(&err);
	*len = sb.len;
	return strbuf_detach(&sb, NULL);
}

int main(void)
{
	plan_lazy();
	setenv("TZ", "UTC", 1);
	struct kc_err err = KC_ERR_INIT;
	size_t slen = 0, rlen = 0;
	char *sec = slurp(FIX "legacy-secret.json", &slen);
	char *golden = slurp(FIX "legacy-release.json", &rlen);
	if (!ok(sec && golden, "fixture files")) {
		free(sec);
		free(golden);
		return done_testing();
	}
	json_t *s = json_parse(sec, slen, &err);
	const char *d = chart_jstr(json_object_get(s, "data"), "release");
	struct strbuf once = STRBUF_INIT;
	size_t bad;
	ok(base64_decode(&once, d, strlen(d), &bad) == 0, "data.release is base64 of the record");
	json_t *rel = chart_release_decode(once.buf, once.len, &err);
	ok(rel != NULL, "Go's gzip record decodes");
	struct strbuf js = STRBUF_INIT;
	json_emit(&js, rel, JSON_OUT_COMPACT);
	is_str(js.buf, golden, "re-encoded release JSON equals Go's json.Marshal bytes");
	is_str(chart_rel_name(rel), "legacy", "name");
	is_int(chart_rel_version(rel), 1, "version");
	is_str(chart_rel_status(rel), "deployed", "status");
	struct strbuf cn = STRBUF_INIT;
	chart_rel_chart_name(rel, &cn);
	is_str(cn.buf, "legacy-0.1.0", "chart name-version");
	is_str(chart_rel_app_version(rel), "1.0", "app version");

	/* status changes keep Info's field order */
	chart_rel_set_status(rel, "superseded", NULL);
	strbuf_reset(&js);
	json_emit(&js, json_object_get(rel, "info"), JSON_OUT_COMPACT);
	is_str(js.buf,
	       "{\"first_deployed\":\"2026-11-20T09:30:00.123456789Z\",\"last_deployed\":\"2026-11-20T09:30:00.123456789Z\","
	       "\"deleted\":\"\",\"description\":\"Install complete\",\"status\":\"superseded\","
	       "\"notes\":\"Installed by helm \\u003c3.21\\u003e \\u0026 friends.\\n\"}",
	       "set_status keeps the struct order");

	/* the Secret kc writes */
	json_t *labels = json_pack("{s:s}", "team", "a");
	json_t *ks = chart_storage_secret(rel, "ns1", labels, "createdAt", 1700000000);
	json_t *md = json_object_get(ks, "metadata");
	is_str(chart_jstr(md, "name"), "sh.helm.release.v1.legacy.v1", "secret name");
	is_str(chart_jstr(md, "namespace"), "ns1", "secret namespace");
	is_str(chart_jstr(ks, "type"), "helm.sh/release.v1", "secret type");
	strbuf_reset(&js);
	json_emit(&js, json_object_get(md, "labels"), JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	is_str(js.buf,
	       "{\"createdAt\":\"1700000000\",\"name\":\"legacy\",\"owner\":\"helm\",\"status\":\"superseded\",\"team\":\"a\",\"version\":\"1\"}",
	       "labels: custom + system");
	const char *kd = chart_jstr(json_object_get(ks, "data"), "release");
	struct strbuf once2 = STRBUF_INIT;
	base64_decode(&once2, kd, strlen(kd), &bad);
	json_t *back = chart_release_decode(once2.buf, once2.len, &err);
	ok(back && json_equal(back, rel), "kc's Secret decodes back to the release");
	json_decref(back);
	json_decref(ks);
	json_decref(labels);

	/* helm's time formats */
	struct strbuf t = STRBUF_INIT;
	chart_time_ansic(&t, "2026-11-05T09:03:04.5Z");
	is_str(t.buf, "Thu Nov  5 09:03:04 2026", "ANSIC, day padded with a space");
	strbuf_reset(&t);
	chart_time_ansic(&t, "2026-11-05T09:03:04+02:00");
	is_str(t.buf, "Thu Nov  5 09:03:04 2026", "ANSIC keeps the stored wall clock");
	strbuf_reset(&t);
	chart_time_gostring(&t, "2026-11-20T09:30:00.123456789Z");
	is_str(t.buf, "2026-11-20 09:30:00.123456789 +0000 UTC", "Time.String of a UTC time");
	strbuf_reset(&t);
	chart_time_gostring(&t, "2026-11-20T09:30:00.5+05:30");
	is_str(t.buf, "2026-11-20 09:30:00.5 +0530 +0530", "Time.String of a foreign offset");
	struct chart_time ct;
	long off;
	ok(chart_time_parse("2026-11-20T09:30:00.5+05:30", &ct, &off) == 0 && off == 19800 &&
		   ct.nsec == 500000000,
	   "parse offset and fraction");
	ok(chart_time_parse("yesterday", &ct, &off) < 0, "bad time rejected");
	ct.sec = 1700000000;
	ct.nsec = 120000000;
	json_t *ht = chart_helm_time(&ct);
	is_str(json_string_value(ht), "2023-11-14T22:13:20.12Z", "helm time: RFC3339Nano");
	json_decref(ht);
	ct.sec = 0;
	ct.nsec = 0;
	ht = chart_helm_time(&ct);
	is_str(json_string_value(ht), "", "helm time: zero is \"\"");
	json_decref(ht);

	ok(chart_valid_release_name("my-app.v2"), "valid release name");
	ok(!chart_valid_release_name("My_App"), "invalid release name");

	strbuf_release(&t);
	strbuf_release(&cn);
	strbuf_release(&js);
	strbuf_release(&once);
	strbuf_release(&once2);
	json_decref(rel);
	json_decref(s);
	free(sec);
	free(golden);
	kc_err_release(&err);
	return done_testing();
}
