/* test_sprig_cases.c: runs tests/template/cases/sprig-*.txt through the template
 * engine with the Sprig table, the way `helmref tpl` renders them (template name
 * test/templates/t.yaml, .Values from the YAML section, missingkey=zero, Helm's
 * "<no value>" removal). Expected sections come from helmref; see the format in
 * tests/template/README.md (or the header of any sprig-*.txt file). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "template/sprig/sprig.h"
#include "template/template.h"
#include "util/file.h"
#include "util/yaml.h"

/* Helm's .Values is a chartutil.Values (a named map type). */
static const struct tv_type values_type = {
	.name = "chartutil.Values", .kind = TV_MAP, .kind_name = "map", .named = 1,
};

struct kcase {
	char *name, *tmpl, *values, *output, *error;
};

static char *section_dup(const char *s, const char *e)
{
	return xstrndup(s, (size_t)(e - s));
}

static void run_case(const char *file, struct kcase *c)
{
	char *name = xasprintf("%s: %s", file, c->name);
	struct kc_err err = KC_ERR_INIT;
	struct tv *data = tv_map_new(NULL);
	if (c->values) {
		json_t *j = yaml_load(c->values, strlen(c->values), NULL, &err);
		if (!j) {
			ok(0, name);
			printf("#   values: %s\n", err.msg.buf);
			goto out;
		}
		struct tv *v = tv_from_json(j, TV_JSON_INTS_AS_FLOAT);
		json_decref(j);
		if (v->kind != TV_MAP) {
			tv_decref(v);
			v = tv_map_new(&values_type);
		}
		v->type = &values_type;
		tv_map_set_take(data, "Values", v);
	} else {
		tv_map_set_take(data, "Values", tv_map_new(&values_type));
	}
	struct tmpl *t = tmpl_new();
	tmpl_add_funcs(t, sprig_funcs);
	tmpl_set_missingkey(t, TMPL_MISSINGKEY_ZERO);
	struct strbuf out = STRBUF_INIT;
	const char *tn = "test/templates/t.yaml";
	int r = tmpl_parse(t, tn, c->tmpl, strlen(c->tmpl), &err);
	if (!r)
		r = tmpl_execute(t, tn, data, &out, &err);
	if (c->error) {
		is_str(r ? err.msg.buf : "(no error)", c->error, name);
	} else if (r) {
		is_str(err.msg.buf, "(no error expected)", name);
	} else {
		/* Helm: strings.ReplaceAll(out, "<no value>", "") */
		struct strbuf clean = STRBUF_INIT;
		const char *p = out.buf;
		const char *hit;
		while ((hit = strstr(p, "<no value>"))) {
			strbuf_add(&clean, p, (size_t)(hit - p));
			p = hit + 10;
		}
		strbuf_addstr(&clean, p);
		is_str(clean.buf, c->output ? c->output : "", name);
		strbuf_release(&clean);
	}
	strbuf_release(&out);
	tmpl_free(t);
out:
	tv_decref(data);
	kc_err_release(&err);
	free(name);
}

static void run_file(const char *dir, const char *fname)
{
	char *path = xasprintf("%s/%s", dir, fname);
	struct strbuf sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read(path, &sb, &err)) {
		ok(0, path);
		goto out;
	}
	const char *p = sb.buf, *end = sb.buf + sb.len;
	if (end > p && end[-1] == '\n')
		end--; /* the file's last newline closes the last section */
	while ((p = strstr(p, "#### case: "))) {
		struct kcase c = {0};
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		c.name = section_dup(p + 11, nl);
		const char *next = strstr(nl, "\n#### case: ");
		const char *cend = next ? next : end;
		const char *q = nl + 1;
		while (q < cend && !strncmp(q, "==== ", 5)) {
			const char *hdr_end = strchr(q, '\n');
			if (!hdr_end || hdr_end > cend)
				break;
			/* body: up to the newline before the next marker */
			const char *body = hdr_end + 1, *b = body, *bend = cend;
			while (b < cend) {
				const char *m = strstr(b, "\n==== ");
				if (!m || m >= cend)
					break;
				bend = m;
				break;
			}
			const char *m2 = strstr(body > cend ? cend : body, "\n==== ");
			if (!m2 || m2 >= cend)
				bend = cend;
			else
				bend = m2;
			if (bend < body)
				bend = body;
			char **dst = NULL;
			if (!strncmp(q, "==== template", 13))
				dst = &c.tmpl;
			else if (!strncmp(q, "==== values", 11))
				dst = &c.values;
			else if (!strncmp(q, "==== output", 11))
				dst = &c.output;
			else if (!strncmp(q, "==== error", 10))
				dst = &c.error;
			if (dst)
				*dst = section_dup(body, bend);
			q = bend < cend ? bend + 1 : cend;
		}
		/* a body at the end of a case stops before the "\n#### case" newline */
		if (c.tmpl)
			run_case(fname, &c);
		free(c.name);
		free(c.tmpl);
		free(c.values);
		free(c.output);
		free(c.error);
		p = cend;
	}
out:
	strbuf_release(&sb);
	kc_err_release(&err);
	free(path);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	plan_lazy();
	setenv("TZ", "UTC", 1);
	const char *dir = "tests/template/cases";
	DIR *d = opendir(dir);
	if (!d) {
		ok(0, "open tests/template/cases");
		return done_testing();
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (starts_with(de->d_name, "sprig-") && ends_with(de->d_name, ".txt")) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		run_file(dir, names[i]);
		free(names[i]);
	}
	free(names);
	return done_testing();
}
