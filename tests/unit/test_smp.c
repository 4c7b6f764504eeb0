/* test_smp: the strategic/JSON merge patch corpus in tests/cases/smp/ (inputs
 * and kubectl's PATCH bodies captured by tests/cases/smp/capture.sh), plus
 * apply-side checks of smp_apply and jmp_apply. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/apply.h"
#include "kube/smp.h"
#include "tests/unit/tap.h"
#include "util/file.h"
#include "util/json.h"
#include "util/yaml.h"

#define CASES "tests/cases/smp"

static json_t *load(const char *dir, const char *name, int yaml)
{
	char path[512];
	struct strbuf sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	snprintf(path, sizeof path, "%s/%s/%s", CASES, dir, name);
	json_t *v = NULL;
	if (file_read(path, &sb, &err) == 0)
		v = yaml ? yaml_load(sb.buf, sb.len, NULL, &err) : json_parse(sb.buf, sb.len, &err);
	if (!v)
		fprintf(stderr, "# %s: %s\n", path, err.msg.buf);
	strbuf_release(&sb);
	kc_err_release(&err);
	return v;
}

static char *emit(const json_t *v)
{
	struct strbuf sb = STRBUF_INIT;
	json_emit(&sb, v, JSON_OUT_SORT_KEYS | JSON_OUT_COMPACT);
	return strbuf_detach(&sb, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* kind's group from apiVersion */
static void group_of(const json_t *obj, char *group, size_t n)
{
	const char *av = json_string_value(json_object_get(obj, "apiVersion"));
	const char *slash = av ? strchr(av, '/') : NULL;
	snprintf(group, n, "%.*s", slash ? (int)(slash - av) : 0, slash ? av : "");
}

static void run_case(const char *name)
{
	json_t *b = load(name, "b.yaml", 1), *cur = load(name, "current.json", 0);
	json_t *want = load(name, "patch.json", 0);
	char path[512];
	snprintf(path, sizeof path, "%s/%s/patch-type", CASES, name);
	struct strbuf pt = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	file_read(path, &pt, &err);
	kc_err_release(&err);
	int merge = strstr(pt.buf, "application/merge-patch") != NULL;
	strbuf_release(&pt);
	if (!b || !cur || !want) {
		ok(0, name);
		goto out;
	}
	char ns[300];
	snprintf(ns, sizeof ns, "smp-%s", name);
	json_object_set_new(json_object_get(b, "metadata"), "namespace", json_string(ns));
	json_t *mod = kc_apply_modified(b, NULL);
	json_t *orig = NULL;
	ok(kc_apply_original(cur, &orig, &err) == 0, "last-applied parses");
	char group[128];
	group_of(b, group, sizeof group);
	const char *kind = json_string_value(json_object_get(b, "kind"));
	is_int(smp_known_kind(group, kind), !merge, "patch type");
	json_t *p = merge ? jmp_create_three_way(orig, mod, cur, &err)
			  : smp_create_three_way(orig, mod, cur, group, kind, 1, &err);
	char *got = p ? emit(p) : strdup(err.msg.buf);
	char *exp = emit(want);
	is_str(got, exp, name);
	/* the patch applied to the live object carries every field of the config */
	if (p && !merge) {
		json_t *res = smp_apply(cur, p, group, kind, &err);
		ok(res != NULL, "smp_apply");
		json_t *orig2 = NULL;
		kc_apply_original(res, &orig2, &err);
		json_t *again = smp_create_three_way(orig2, mod, res, group, kind, 1, &err);
		char *a = again ? emit(again) : strdup("error");
		is_str(a, "{}", "re-apply after the patch is a no-op");
		free(a);
		json_decref(orig2);
		json_decref(again);
		json_decref(res);
	}
	free(got);
	free(exp);
	json_decref(p);
	json_decref(orig);
	json_decref(mod);
out:
	kc_err_release(&err);
	json_decref(b);
	json_decref(cur);
	json_decref(want);
}

static void test_apply_directives(void)
{
	struct kc_err err = KC_ERR_INIT;
	struct {
		const char *kind, *target, *patch, *want;
	} t[] = {
		{ "Pod", "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\"}]}}",
		  "{\"spec\":{\"containers\":[{\"name\":\"a\",\"$patch\":\"delete\"}]}}",
		  "{\"spec\":{\"containers\":[{\"name\":\"b\"}]}}" },
		{ "Pod", "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\"}]}}",
		  "{\"spec\":{\"containers\":[{\"name\":\"c\"},{\"$patch\":\"replace\"}]}}",
		  "{\"spec\":{\"containers\":[{\"name\":\"c\"}]}}" },
		{ "Pod", "{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}",
		  "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}",
		  "{\"spec\":{\"containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}" },
		{ "ConfigMap", "{\"metadata\":{\"finalizers\":[\"a\",\"b\",\"c\"]}}",
		  "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"b\"]}}",
		  "{\"metadata\":{\"finalizers\":[\"a\",\"c\"]}}" },
		{ "Deployment",
		  "{\"spec\":{\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1}}}}",
		  "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}",
		  "{\"spec\":{\"strategy\":{\"type\":\"Recreate\"}}}" },
		{ "ConfigMap", "{\"data\":{\"a\":\"1\",\"b\":\"2\"}}",
		  "{\"data\":{\"$patch\":\"replace\",\"c\":\"3\"}}", "{\"data\":{\"c\":\"3\"}}" },
		{ "ConfigMap", "{\"data\":{\"a\":\"1\"}}", "{\"data\":{\"$patch\":\"delete\"}}",
		  "{\"data\":{}}" },
		{ "Pod", "{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"X\",\"value\":\"1\"}]}]}}",
		  "{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"Y\",\"value\":\"2\"}]}]}}",
		  "{\"spec\":{\"containers\":[{\"env\":[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"2\"}],\"name\":\"a\"}]}}" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		json_t *a = json_loads(t[i].target, 0, NULL), *p = json_loads(t[i].patch, 0, NULL);
		json_t *r = smp_apply(a, p, "", t[i].kind, &err);
		char *got = r ? emit(r) : strdup(err.msg.buf);
		is_str(got, t[i].want, t[i].patch);
		free(got);
		json_decref(a);
		json_decref(p);
		json_decref(r);
	}
	/* bad patches fail cleanly */
	json_t *a = json_loads("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}", 0, NULL);
	json_t *p = json_loads("{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}", 0, NULL);
	json_t *r = smp_apply(a, p, "", "Pod", &err);
	ok(!r, "missing merge key fails");
	is_str(err.msg.buf, "map: map[image:x] does not contain declared merge key: name",
	       "missing merge key error");
	json_decref(a);
	json_decref(p);
	kc_err_release(&err);
}

int main(void)
{
	DIR *d = opendir(CASES);
	if (!d) {
		ok(0, "open " CASES);
		return done_testing();
	}
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_case(names[i]);
		free(names[i]);
	}
	test_apply_directives();
	return done_testing();
}
