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

/* tests/cases/smp-two-way/NAME: before.json + `change` (what kubectl set image
 * or kubectl label did) -> patch.json, the PATCH body kubectl sent. */
#define TWO_WAY_CASES "tests/cases/smp-two-way"

static json_t *load_two(const char *dir, const char *name, struct strbuf *raw)
{
	char path[512];
	struct strbuf sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	snprintf(path, sizeof path, "%s/%s/%s", TWO_WAY_CASES, dir, name);
	json_t *v = NULL;
	if (file_read(path, &sb, &err) == 0 && !raw)
		v = json_parse(sb.buf, sb.len, &err);
	if (raw)
		strbuf_addbuf(raw, &sb);
	strbuf_release(&sb);
	kc_err_release(&err);
	return v;
}

static void set_images(json_t *list, const char *name, const char *image)
{
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
		if (!strcmp(name, "*") || !strcmp(json_string_value(json_object_get(c, "name")), name))
			json_object_set_new(c, "image", json_string(image));
}

static void run_two_way_case(const char *name)
{
	struct kc_err err = KC_ERR_INIT;
	struct strbuf change = STRBUF_INIT, ptype = STRBUF_INIT;
	json_t *before = load_two(name, "before.json", NULL);
	json_t *want = load_two(name, "patch.json", NULL);
	load_two(name, "change", &change);
	load_two(name, "patch-type", &ptype);
	if (!before || !want || !change.len) {
		ok(0, name);
		goto out;
	}
	strbuf_setlen(&change, strcspn(change.buf, "\n"));
	json_t *after = json_deep_copy(before);
	char *arg = strchr(change.buf, ' ');
	*arg++ = 0;
	if (!strcmp(change.buf, "image")) {
		char *eq = strchr(arg, '=');
		*eq = 0;
		json_t *spec = json_object_get(after, "spec");
		if (strcmp(json_string_value(json_object_get(after, "kind")), "Pod"))
			spec = json_object_get(json_object_get(spec, "template"), "spec");
		set_images(json_object_get(spec, "containers"), arg, eq + 1);
		set_images(json_object_get(spec, "initContainers"), arg, eq + 1);
	} else {
		json_t *md = json_object_get(after, "metadata");
		json_t *labels = json_object_get(md, "labels");
		if (!labels)
			json_object_set_new(md, "labels", labels = json_object());
		size_t n = strlen(arg);
		char *eq = strchr(arg, '=');
		if (eq) {
			*eq = 0;
			json_object_set_new(labels, arg, json_string(eq + 1));
		} else if (n && arg[n - 1] == '-') {
			arg[n - 1] = 0;
			json_object_del(labels, arg);
		}
	}
	char group[128];
	group_of(before, group, sizeof group);
	const char *kind = json_string_value(json_object_get(before, "kind"));
	json_t *p = strstr(ptype.buf, "application/merge-patch")
		    ? jmp_create_two_way(before, after, &err)
		    : smp_create_two_way(before, after, group, kind, &err);
	char *got = p ? emit(p) : strdup(err.msg.buf);
	char *exp = emit(want);
	is_str(got, exp, name);
	free(got);
	free(exp);
	json_decref(p);
	json_decref(after);
out:
	json_decref(before);
	json_decref(want);
	strbuf_release(&change);
	strbuf_release(&ptype);
	kc_err_release(&err);
}

/* Robustness: random small documents with the directive keys and merge-key
 * fields mixed in must never crash any entry point (run under make asan). */
static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static json_t *rnd_value(int depth)
{
	static const char *const keys[] = {
		"name", "containers", "env", "spec", "metadata", "finalizers", "$patch",
		"$retainKeys", "$setElementOrder/containers", "$deleteFromPrimitiveList/finalizers",
		"template", "ports", "port", "containerPort", "value", "strategy", "selector",
	};
	static const char *const strs[] = { "a", "b", "delete", "replace", "merge", "name", "x" };
	unsigned t = depth > 4 ? rnd(5) : rnd(8);
	switch (t) {
	case 0: return json_null();
	case 1: return json_integer((json_int_t)rnd(3));
	case 2: return json_string(strs[rnd(7)]);
	case 3: return rnd(2) ? json_true() : json_real(1.5);
	case 4: return json_integer(80);
	case 5: case 6: {
		json_t *o = json_object();
		unsigned n = rnd(4);
		for (unsigned i = 0; i < n; i++)
			json_object_set_new(o, keys[rnd(17)], rnd_value(depth + 1));
		return o;
	}
	default: {
		json_t *a = json_array();
		unsigned n = rnd(4);
		for (unsigned i = 0; i < n; i++)
			json_array_append_new(a, rnd_value(depth + 1));
		return a;
	}
	}
}

static void test_robustness(void)
{
	static const char *const kinds[] = { "Pod", "Deployment", "ConfigMap", "Service", "Widget" };
	int crashes = 0;
	for (int i = 0; i < 3000; i++) {
		json_t *a = rnd_value(0), *b = rnd_value(0), *c = rnd_value(0);
		if (!json_is_object(a)) { json_decref(a); a = json_object(); json_object_set_new(a, "spec", rnd_value(1)); }
		if (!json_is_object(b)) { json_decref(b); b = json_object(); json_object_set_new(b, "spec", rnd_value(1)); }
		const char *kind = kinds[rnd(5)];
		struct kc_err e = KC_ERR_INIT;
		json_t *r;
		r = smp_create_two_way(a, b, "", kind, &e); json_decref(r); kc_err_release(&e);
		r = smp_create_three_way(a, b, c, "", kind, (int)rnd(2), &e); json_decref(r); kc_err_release(&e);
		r = smp_apply(a, b, "", kind, &e); json_decref(r); kc_err_release(&e);
		r = smp_apply(c, a, "apps", kind, &e); json_decref(r); kc_err_release(&e);
		r = jmp_create_two_way(a, b, &e); json_decref(r); kc_err_release(&e);
		r = jmp_create_three_way(a, b, json_is_object(c) ? c : NULL, &e); json_decref(r); kc_err_release(&e);
		r = jmp_apply(c, b); json_decref(r);
		json_decref(a);
		json_decref(b);
		json_decref(c);
	}
	ok(!crashes, "3000 random documents through every entry point");
}

int main(void)
{
	run_dir(CASES, run_case);
	run_dir(APPLY_CASES, run_apply_case);
	run_dir(TWO_WAY_CASES, run_two_way_case);
	test_robustness();
	return done_testing();
}
