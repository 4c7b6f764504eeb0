/* test_smp: the strategic/JSON merge patch corpus in tests/cases/smp/ (inputs
 * and kubectl's PATCH bodies captured by tests/cases/smp/capture.sh), plus
 * apply-side checks of smp_apply and jmp_apply. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		char mp[512];
		snprintf(mp, sizeof mp, "%s/%s/merged.json", CASES, name);
		if (access(mp, F_OK) == 0) {
			json_t *merged = load(name, "merged.json", 0);
			char *g = res ? emit(res) : strdup(err.msg.buf);
			char *w = merged ? emit(merged) : strdup("(bad merged.json)");
			is_str(g, w, "smp_apply = kubectl patch --local");
			free(g);
			free(w);
			json_decref(merged);
		}
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

/* tests/cases/smp-apply/NAME: target.json + patch.json -> merged.json, or the
 * error text, as `kubectl patch --local` (apimachinery's StrategicMergePatch)
 * produced them (capture.sh there). */
#define APPLY_CASES "tests/cases/smp-apply"

static json_t *load_apply(const char *dir, const char *name, struct strbuf *raw)
{
	char path[512];
	struct strbuf sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	snprintf(path, sizeof path, "%s/%s/%s", APPLY_CASES, dir, name);
	json_t *v = NULL;
	if (file_read(path, &sb, &err) == 0)
		v = json_parse(sb.buf, sb.len, &err);
	if (raw)
		strbuf_addbuf(raw, &sb);
	strbuf_release(&sb);
	kc_err_release(&err);
	return v;
}

static void run_apply_case(const char *name)
{
	struct kc_err err = KC_ERR_INIT;
	struct strbuf want_err = STRBUF_INIT;
	json_t *target = load_apply(name, "target.json", NULL);
	json_t *patch = load_apply(name, "patch.json", NULL);
	json_t *merged = load_apply(name, "merged.json", NULL);
	if (!merged)
		load_apply(name, "error", &want_err);
	if (!target || !patch) {
		ok(0, name);
		goto out;
	}
	char group[128];
	group_of(target, group, sizeof group);
	const char *kind = json_string_value(json_object_get(target, "kind"));
	json_t *r = smp_apply(target, patch, group, kind, &err);
	if (merged) {
		char *got = r ? emit(r) : strdup(err.msg.buf);
		char *exp = emit(merged);
		is_str(got, exp, name);
		free(got);
		free(exp);
	} else {
		/* "error: MSG\n" as kubectl prints it */
		struct strbuf w = STRBUF_INIT;
		const char *m = want_err.buf;
		if (!strncmp(m, "error: ", 7))
			m += 7;
		strbuf_addstr(&w, m);
		while (w.len && w.buf[w.len - 1] == '\n')
			strbuf_setlen(&w, w.len - 1);
		ok(!r, name);
		is_str(err.msg.buf, w.buf, name);
		strbuf_release(&w);
	}
	json_decref(r);
out:
	json_decref(target);
	json_decref(patch);
	json_decref(merged);
	strbuf_release(&want_err);
	kc_err_release(&err);
}

static void run_dir(const char *dir, void (*fn)(const char *))
{
	DIR *d = opendir(dir);
	if (!d) {
		ok(0, dir);
		return;
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
		fn(names[i]);
		free(names[i]);
	}
}

int main(void)
{
	run_dir(CASES, run_case);
	run_dir(APPLY_CASES, run_apply_case);
	return done_testing();
}
