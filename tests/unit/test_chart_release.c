/* Release records: JSON field names/order as helm.sh/helm/v3/pkg/release,
 * base64(gzip(json)) round trip, the v1 Secret. No oracle exists for these
 * bytes here; the expectations below restate Helm's struct tags. */
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "tap.h"
#include "util/base64.h"
#include "util/json.h"

int main(void)
{
	plan_lazy();
	setenv("TZ", "UTC", 1);
	struct kc_err err = KC_ERR_INIT;
	struct strvec warn = STRVEC_INIT;
	struct chart *c = chart_load("tests/cases/charttemplate/charts/static", &warn, &err);
	if (!ok(c != NULL, "load static chart")) {
		printf("# %s\n", err.msg.buf);
		return done_testing();
	}
	struct chart_files rendered = { 0 };
	for (size_t i = 0; i < c->templates.nr; i++) {
		if (ends_with(c->templates.v[i].name, "NOTES.txt"))
			continue;
		char *n = xasprintf("static/%s", c->templates.v[i].name);
		chart_files_add(&rendered, n, c->templates.v[i].data, c->templates.v[i].len);
		free(n);
	}
	struct chart_manifests hooks = { 0 }, generic = { 0 };
	if (!ok(chart_sort_manifests(&rendered, &hooks, &generic, &warn, &err) == 0, "sort manifests"))
		printf("# %s\n", err.msg.buf);
	struct strbuf manifest = STRBUF_INIT;
	for (size_t i = 0; i < generic.nr; i++)
		strbuf_addf(&manifest, "---\n# Source: %s\n%s\n", generic.v[i].path, generic.v[i].content);
	json_t *config = json_object();
	strvals_parse_into(STRVALS_SET, "b=2,a=1", config, &err);
	struct chart_release r = {
		.name = "rel", .namespace = "ns", .version = 1, .status = "deployed",
		.description = "Install complete", .notes = "Thanks for installing.\n",
		.first_deployed = { 1700000000, 123000000 }, .last_deployed = { 1700000000, 123000000 },
		.chart = c, .config = config, .manifest = manifest.buf, .hooks = &hooks,
	};
	json_t *j = chart_release_to_json(&r);
	struct strbuf js = STRBUF_INIT;
	json_emit(&js, j, JSON_OUT_COMPACT);
	ok(starts_with(js.buf, "{\"name\":\"rel\",\"info\":{\"first_deployed\":\"2023-11-14T22:13:20.123Z\","
			       "\"last_deployed\":\"2023-11-14T22:13:20.123Z\",\"deleted\":\"\","
			       "\"description\":\"Install complete\",\"status\":\"deployed\","
			       "\"notes\":\"Thanks for installing.\\n\"},\"chart\":{\"metadata\":{\"name\":\"static\","),
	   "release JSON: struct order, helm time format");
	ok(strstr(js.buf, "\"config\":{\"a\":1,\"b\":2},\"manifest\":\"---\\n# Source: static/templates/b-misc.yaml") != NULL,
	   "config sorted, manifest");
	ok(strstr(js.buf, "\"version\":1,\"namespace\":\"ns\"}") != NULL, "version and namespace last");
	ok(strstr(js.buf, "\"events\":[\"pre-install\",\"pre-upgrade\"],\"last_run\":{\"started_at\":\"\","
			  "\"completed_at\":\"\",\"phase\":\"\"},\"weight\":5,\"delete_policies\":[\"before-hook-creation\"]") != NULL,
	   "hook fields");
	ok(strstr(js.buf, "\"templates\":[{\"name\":\"templates/NOTES.txt\",\"data\":\"VGhhbmtzIGZvciBpbnN0YWxsaW5nLgo=\"}") != NULL, "templates base64");

	/* round trip */
	struct strbuf enc = STRBUF_INIT;
	chart_release_encode(&r, &enc);
	json_t *back = chart_release_decode(enc.buf, enc.len, &err);
	ok(back && json_equal(back, j), "encode/decode round trip");
	json_decref(back);
	back = chart_release_decode("!!", 2, &err);
	ok(!back, "bad base64 fails");
	is_str(err.msg.buf, "illegal base64 data at input byte 0", "bad base64 text");

	/* an uncompressed record (Helm reads those too) */
	struct strbuf plain = STRBUF_INIT;
	base64_encode(&plain, "{\"name\":\"old\"}", 14);
	back = chart_release_decode(plain.buf, plain.len, &err);
	is_str(back ? json_string_value(json_object_get(back, "name")) : NULL, "old", "uncompressed record");
	json_decref(back);

	json_t *sec = chart_release_secret(&r, 1700000001);
	json_t *md = json_object_get(sec, "metadata");
	is_str(json_string_value(json_object_get(md, "name")), "sh.helm.release.v1.rel.v1", "secret name");
	json_t *lb = json_object_get(md, "labels");
	is_str(json_string_value(json_object_get(lb, "owner")), "helm", "owner label");
	is_str(json_string_value(json_object_get(lb, "status")), "deployed", "status label");
	is_str(json_string_value(json_object_get(lb, "version")), "1", "version label");
	is_str(json_string_value(json_object_get(lb, "createdAt")), "1700000001", "createdAt label");
	is_str(json_string_value(json_object_get(sec, "type")), "helm.sh/release.v1", "secret type");
	struct strbuf once = STRBUF_INIT;
	const char *d = json_string_value(json_object_get(json_object_get(sec, "data"), "release"));
	size_t bad;
	ok(base64_decode(&once, d, strlen(d), &bad) == 0, "data.release is base64");
	back = chart_release_decode(once.buf, once.len, &err);
	ok(back && json_equal(back, j), "secret data decodes to the release");
	json_decref(back);
	json_decref(sec);

	strbuf_release(&once);
	strbuf_release(&plain);
	strbuf_release(&enc);
	strbuf_release(&js);
	json_decref(j);
	json_decref(config);
	strbuf_release(&manifest);
	chart_manifests_release(&hooks);
	chart_manifests_release(&generic);
	chart_files_release(&rendered);
	chart_free(c);
	strvec_clear(&warn);
	kc_err_release(&err);
	return done_testing();
}
