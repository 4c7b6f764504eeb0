/* Runs every case of tests/template/cases/ (*.txt; format: tests/template/README.md)
 * through the engine with Helm's function set and the data helmref tpl uses, and
 * compares the bytes. Expected sections come from helmref (tests/template/regen).
 * Arguments: case files to run instead of the whole directory. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "chart/funcs_helm.h"
#include "tap.h"
#include "template/template.h"
#include "util/file.h"
#include "util/strvec.h"
#include "util/yaml.h"

#define TNAME "test/templates/t.yaml"

struct tcase {
	char *name;
	char *tpl, *values, *output, *error, *mode;
};

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* Splits a case file into cases; returns count. */
static int parse_cases(const char *text, struct tcase **out)
{
	int n = 0, cap = 0;
	struct tcase *cs = NULL, *cur = NULL;
	char **sec = NULL;
	const char *body = NULL;
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int is_case = len >= 11 && !memcmp(p, "#### case: ", 11);
		int is_sec = cur && len >= 5 && !memcmp(p, "==== ", 5);
		if (is_case || is_sec) {
			if (sec && body) {
				size_t bl = (size_t)(p - body);
				if (bl > 0)
					bl--; /* newline before the marker */
				*sec = dupn(body, bl);
			}
			sec = NULL;
			body = NULL;
		}
		if (is_case) {
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				cs = realloc(cs, (size_t)cap * sizeof(*cs));
			}
			cur = &cs[n++];
			memset(cur, 0, sizeof(*cur));
			cur->name = dupn(p + 11, len - 11);
		} else if (is_sec) {
			const char *m = p + 5;
			size_t ml = len - 5;
#define SEC(nm, field) if (ml == strlen(nm) && !memcmp(m, nm, ml)) sec = &cur->field;
			SEC("template", tpl) else SEC("values", values) else SEC("output", output) else SEC("error", error) else SEC("mode", mode);
			body = e ? e + 1 : p + len;
		}
		p = e ? e + 1 : p + len;
	}
	if (sec && body) {
		size_t bl = (size_t)(p - body);
		if (bl > 0 && p[-1] == '\n')
			bl--;
		*sec = dupn(body, bl);
	}
	*out = cs;
	return n;
}

/* .Chart and .Capabilities as helmref tpl builds them (chart "test" 0.1.0 v2,
 * root; Kubernetes v1.36.0; helm v3.21.4), through chart/funcs_helm's
 * converters from the JSON views chart/ produces. */
static struct tv *make_chart(void)
{
	json_error_t je;
	json_t *j = json_loads("{\"Name\":\"test\",\"Home\":\"\",\"Sources\":null,\"Version\":\"0.1.0\","
			       "\"Description\":\"\",\"Keywords\":null,\"Maintainers\":null,\"Icon\":\"\","
			       "\"APIVersion\":\"v2\",\"Condition\":\"\",\"Tags\":\"\",\"AppVersion\":\"\","
			       "\"Deprecated\":false,\"Annotations\":null,\"KubeVersion\":\"\","
			       "\"Dependencies\":null,\"Type\":\"\",\"IsRoot\":true}", 0, &je);
	struct tv *v = helm_chart_value(j);
	json_decref(j);
	return v;
}

static struct tv *make_caps(void)
{
	json_error_t je;
	json_t *j = json_loads("{\"KubeVersion\":{\"Version\":\"v1.36.0\",\"Major\":\"1\",\"Minor\":\"36\"},"
			       "\"APIVersions\":[\"v1\",\"apps/v1\"],\"HelmVersion\":{\"Version\":\"v3.21.4\","
			       "\"GitCommit\":\"813176c51bb5c181dbbd7901298ddcc104cd3417\","
			       "\"GitTreeState\":\"clean\",\"GoVersion\":\"go1.26\"}}", 0, &je);
	struct tv *v = helm_capabilities_value(j);
	json_decref(j);
	return v;
}

static struct tv *make_data(const char *values, struct kc_err *err)
{
	struct tv *top = tv_map_new(NULL);
	struct tv *vals;
	if (values) {
		json_t *j = yaml_load(values, strlen(values), NULL, err);
		if (!j) {
			tv_decref(top);
			return NULL;
		}
		vals = tv_from_json(j, TV_JSON_INTS_AS_FLOAT);
		json_decref(j);
		if (vals->kind != TV_MAP) {
			tv_decref(vals);
			vals = tv_map_new(NULL);
		}
	} else {
		vals = tv_map_new(NULL);
	}
	vals->type = &helm_type_values;
	tv_map_set_take(top, "Values", vals);
	struct tv *rel = tv_map_new(NULL);
	tv_map_set_take(rel, "Name", tv_str("release-name"));
	tv_map_set_take(rel, "Namespace", tv_str("default"));
	tv_map_set_take(rel, "IsUpgrade", tv_false());
	tv_map_set_take(rel, "IsInstall", tv_true());
	tv_map_set_take(rel, "Revision", tv_int(1));
	tv_map_set_take(rel, "Service", tv_str("Helm"));
	tv_map_set_take(top, "Release", rel);
	struct tv *tp = tv_map_new(&helm_type_values);
	tv_map_set_take(tp, "Name", tv_str(TNAME));
	tv_map_set_take(tp, "BasePath", tv_str("test/templates"));
	tv_map_set_take(top, "Template", tp);
	tv_map_set_take(top, "Chart", make_chart());
	tv_map_set_take(top, "Capabilities", make_caps());
	tv_map_set_take(top, "Files", helm_files_value(NULL, NULL, NULL, 0));
	tv_map_set_take(top, "Subcharts", tv_map_new(NULL));
	return top;
}

/* Modes tree/go/go-zero/go-error: Go's builtins only, template "t",
 * values section is JSON (integers stay int64), as tests/template/goref. */
static int run_go_case(struct tcase *c, struct strbuf *out, struct kc_err *err)
{
	const char *mode = c->mode;
	struct tmpl *t = tmpl_new();
	int rc = -1;
	struct tv *data = NULL;
	tmpl_set_name(t, "t");
	if (!strcmp(mode, "go-zero"))
		tmpl_set_missingkey(t, TMPL_MISSINGKEY_ZERO);
	else if (!strcmp(mode, "go-error"))
		tmpl_set_missingkey(t, TMPL_MISSINGKEY_ERROR);
	if (tmpl_parse(t, "t", c->tpl ? c->tpl : "", c->tpl ? strlen(c->tpl) : 0, err) < 0)
		goto done;
	if (!strcmp(mode, "tree")) {
		for (size_t i = 0; i < tmpl_count(t); i++) {
			const char *n = tmpl_name_at(t, i);
			strbuf_addf(out, "%s: ", n);
			tmpl_tree_string(t, n, out);
			strbuf_addch(out, '\n');
		}
		rc = 0;
		goto done;
	}
	if (c->values) {
		json_t *j = yaml_load(c->values, strlen(c->values), NULL, err);
		if (!j)
			goto done;
		data = tv_from_json(j, 0);
		json_decref(j);
	}
	rc = tmpl_execute(t, "t", data, out, err);
done:
	tv_decref(data);
	tmpl_free(t);
	return rc;
}

static void run_case(const char *file, struct tcase *c)
{
	char title[512];
	snprintf(title, sizeof title, "%s: %s", file, c->name);
	struct helm_render hr = { 0 };
	struct tmpl *t = helm_tmpl_new(&hr);
	struct kc_err err = KC_ERR_INIT;
	struct strbuf out = STRBUF_INIT;
	struct tv *data = NULL;
	int rc = -1;
	if (c->mode && strcmp(c->mode, "helm"))
		rc = run_go_case(c, &out, &err);
	else if ((data = make_data(c->values, &err)) && helm_parse(t, TNAME, c->tpl ? c->tpl : "", c->tpl ? strlen(c->tpl) : 0, &err) == 0)
		rc = helm_execute(t, TNAME, data, &out, &err);
	if (c->error)
		is_str(rc < 0 ? err.msg.buf : "(no error)", c->error, title);
	else if (rc < 0)
		is_str(err.msg.buf, c->output ? c->output : "", title);
	else
		is_str(out.buf, c->output ? c->output : "", title);
	tv_decref(data);
	strbuf_release(&out);
	kc_err_release(&err);
	tmpl_free(t);
	helm_render_release(&hr);
}

static void run_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = fopen(path, "rb");
	if (!f) {
		ok(0, path);
		return;
	}
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	struct tcase *cs;
	int nc = parse_cases(sb.buf, &cs);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	for (int i = 0; i < nc; i++) {
		run_case(base, &cs[i]);
		free(cs[i].name);
		free(cs[i].tpl);
		free(cs[i].values);
		free(cs[i].output);
		free(cs[i].error);
		free(cs[i].mode);
	}
	free(cs);
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	plan_lazy();
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run_file(argv[i]);
		return done_testing();
	}
	const char *dir = "tests/template/cases";
	struct strvec files = STRVEC_INIT;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (ends_with(de->d_name, ".txt"))
			strvec_pushf(&files, "%s/%s", dir, de->d_name);
	if (d)
		closedir(d);
	strvec_sort(&files);
	for (size_t i = 0; i < files.nr; i++)
		run_file(files.v[i]);
	strvec_clear(&files);
	return done_testing();
}
