/* kc chart show chart|values|readme|crds|all CHART — helm show (v3.21). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/chart_cmds.h"
#include "cli/chart_help.h"
#include "kube/jsonpath.h"
#include "util/file.h"
#include "util/gostr.h"
#include "util/yaml.h"

enum show_what { SHOW_ALL, SHOW_CHART, SHOW_VALUES, SHOW_README, SHOW_CRDS };

static int has_manifest_ext(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

static void crd_objects(const struct chart *c, struct strvec *out)
{
	for (size_t i = 0; i < c->files.nr; i++)
		if (starts_with(c->files.v[i].name, "crds/") && has_manifest_ext(c->files.v[i].name))
			strvec_push_nodup(out, xstrndup(c->files.v[i].data, c->files.v[i].len));
	for (size_t i = 0; i < c->ndeps; i++)
		crd_objects(c->deps[i], out);
}

static void show_run(const struct chart *c, enum show_what w, struct jsonpath *jp, struct strbuf *out)
{
	if (w == SHOW_CHART || w == SHOW_ALL) {
		json_t *md = chart_meta_to_json(c->meta, -1);
		if (json_object_size(md))
			yaml_emit(out, md);
		else
			strbuf_addstr(out, "{}\n");
		json_decref(md);
		strbuf_addch(out, '\n');
	}
	if ((w == SHOW_VALUES || w == SHOW_ALL) && c->values) {
		if (w == SHOW_ALL)
			strbuf_addstr(out, "---\n");
		if (jp) {
			/* printer.Execute; its error is not checked by helm */
			struct kc_err e = KC_ERR_INIT;
			jsonpath_execute(jp, c->values, out, &e);
			kc_err_release(&e);
		} else
		for (size_t i = 0; i < c->raw.nr; i++)
			if (!strcmp(c->raw.v[i].name, "values.yaml")) {
				strbuf_add(out, c->raw.v[i].data, c->raw.v[i].len);
				strbuf_addch(out, '\n');
			}
	}
	if (w == SHOW_README || w == SHOW_ALL) {
		static const char *const names[] = { "readme.md", "readme.txt", "readme", NULL };
		const struct chart_file *r = NULL;
		for (size_t i = 0; i < c->files.nr && !r; i++)
			for (int k = 0; names[k]; k++)
				if (!strcasecmp(c->files.v[i].name, names[k])) {
					r = &c->files.v[i];
					break;
				}
		if (r) {
			if (w == SHOW_ALL)
				strbuf_addstr(out, "---\n");
			strbuf_add(out, r->data, r->len);
			strbuf_addch(out, '\n');
		}
	}
	if (w == SHOW_CRDS || w == SHOW_ALL) {
		struct strvec crds = STRVEC_INIT;
		crd_objects(c, &crds);
		if (crds.nr && w == SHOW_ALL && !starts_with(crds.v[0], "---"))
			strbuf_addstr(out, "---\n");
		for (size_t i = 0; i < crds.nr; i++)
			strbuf_addf(out, "%s\n", crds.v[i]);
		strvec_clear(&crds);
	}
}

static int show(int argc, const char **argv, enum show_what w, const char *path, const char *use,
		const char *long_, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	struct chart_path_flags pf;
	int devel = 0, rc;
	const char *jsonpath = "";
	struct strvec warn = STRVEC_INIT;
	chart_global_init(&g);
	chart_cmd_init(&c, path, use, long_);
	hflags_add(&c.local, HF_BOOL, "devel", 0, &devel, "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored");
	if (w == SHOW_VALUES)
		hflags_add(&c.local, HF_STRING, "jsonpath", 0, &jsonpath, "supply a JSONPath expression to filter the output");
	chart_path_flags(&c.local, &pf);
	chart_global_flags(&c.global, &g);
	rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 1, err) < 0)
		goto fail;
	char *cp = chart_locate(c.args.v[0], err);
	if (!cp)
		goto fail;
	struct chart *ch = chart_load(cp, &warn, err);
	free(cp);
	chart_print_warnings(&warn);
	if (!ch)
		goto fail;
	struct jsonpath *jp = NULL;
	if (*jsonpath && ch->values) {
		struct kc_err e = KC_ERR_INIT;
		jp = jsonpath_parse("out", jsonpath, &e);
		if (!jp) {
			kc_err_set(err, "error parsing jsonpath %s: %s", jsonpath, e.msg.buf);
			kc_err_release(&e);
			chart_free(ch);
			goto fail;
		}
		jsonpath_set_flags(jp, JSONPATH_FLOAT64);
	}
	struct strbuf out = STRBUF_INIT;
	show_run(ch, w, jp, &out);
	jsonpath_free(jp);
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	chart_free(ch);
	rc = 0;
	goto out;
fail:
	rc = chart_fail(err);
out:
	strvec_clear(&warn);
	chart_path_flags_release(&pf);
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}

int cmd_chart_show(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return chart_group(argc, argv, "helm show", "show", HELM_SHOW_DESC, "show, inspect",
			   "  all         show all information of the chart\n"
			   "  chart       show the chart's definition\n"
			   "  crds        show the chart's CRDs\n"
			   "  readme      show the chart's README\n"
			   "  values      show the chart's values",
			   err);
}

int cmd_chart_show_all(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return show(argc, argv, SHOW_ALL, "helm show all", "all [CHART]", HELM_SHOW_ALL_DESC, err);
}

int cmd_chart_show_chart(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return show(argc, argv, SHOW_CHART, "helm show chart", "chart [CHART]", HELM_SHOW_CHART_DESC, err);
}

int cmd_chart_show_crds(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return show(argc, argv, SHOW_CRDS, "helm show crds", "crds [CHART]", HELM_SHOW_C_R_DS_DESC, err);
}

int cmd_chart_show_readme(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return show(argc, argv, SHOW_README, "helm show readme", "readme [CHART]", HELM_README_CHART_DESC, err);
}

int cmd_chart_show_values(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return show(argc, argv, SHOW_VALUES, "helm show values", "values [CHART]", HELM_SHOW_VALUES_DESC, err);
}
