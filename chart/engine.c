/* engine.c: Helm's engine.Render (pkg/engine/engine.go) on top of the template
 * engine: every template of a chart and its subcharts, with per-chart .Values
 * scoping, .Chart/.Files/.Subcharts/.Template objects, Helm's parse order and
 * error cleanup, and "<no value>" removal. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart/chart.h"
#include "chart/funcs_helm.h"

struct rtpl {
	char *name;              /* chart full path + "/" + template name */
	char *base_path;
	const struct chart_file *file;
	struct tv *vals;         /* borrowed: the chart's "next" map */
};

struct rctx {
	struct rtpl *v;
	size_t nr, alloc;
	struct tv **keep; /* next maps, released at the end */
	size_t nkeep, akeep;
};

static void keep_next(struct rctx *r, struct tv *v)
{
	if (r->nkeep == r->akeep) {
		r->akeep = r->akeep ? 2 * r->akeep : 8;
		r->keep = xrealloc(r->keep, r->akeep * sizeof(*r->keep));
	}
	r->keep[r->nkeep++] = v;
}

/* recAllTpls: returns the chart's "next" map (borrowed; kept in r). */
static struct tv *rec_all_tpls(struct rctx *r, const struct chart *c, struct tv *parent_next, int is_root)
{
	struct tv *next = tv_map_new(NULL);
	struct tv *subcharts = tv_map_new(NULL);
	keep_next(r, next);
	json_t *gf = chart_meta_gofields(c->meta, is_root);
	tv_map_set_take(next, "Chart", helm_chart_value(gf));
	json_decref(gf);
	const char **names = xcalloc(c->files.nr + 1, sizeof(char *));
	const char **datas = xcalloc(c->files.nr + 1, sizeof(char *));
	size_t *lens = xcalloc(c->files.nr + 1, sizeof(size_t));
	for (size_t i = 0; i < c->files.nr; i++) {
		names[i] = c->files.v[i].name;
		datas[i] = c->files.v[i].data;
		lens[i] = c->files.v[i].len;
	}
	tv_map_set_take(next, "Files", helm_files_value(names, datas, lens, c->files.nr));
	free(names);
	free(datas);
	free(lens);
	tv_map_set(next, "Release", tv_map_get(parent_next, "Release"));
	tv_map_set(next, "Capabilities", tv_map_get(parent_next, "Capabilities"));
	struct tv *pv = tv_map_get(parent_next, "Values");
	if (is_root) {
		tv_map_set(next, "Values", pv);
	} else {
		struct tv *sub = tv_map_get(pv, c->meta->name);
		struct tv *vs;
		if (sub && sub->kind == TV_MAP) {
			vs = tv_copy(sub);
			vs->type = &helm_type_values;
		} else {
			vs = tv_map_new(&helm_type_values);
		}
		tv_map_set_take(next, "Values", vs);
	}
	tv_map_set_take(next, "Subcharts", subcharts);
	for (size_t i = 0; i < c->ndeps; i++)
		tv_map_set(subcharts, c->deps[i]->meta->name, rec_all_tpls(r, c->deps[i], next, 0));
	char *full = chart_full_path(c);
	int lib = !strcasecmp(c->meta->type, "library");
	for (size_t i = 0; i < c->templates.nr; i++) {
		const struct chart_file *t = &c->templates.v[i];
		const char *b = strrchr(t->name, '/');
		b = b ? b + 1 : t->name;
		if (lib && b[0] != '_')
			continue;
		if (r->nr == r->alloc) {
			r->alloc = r->alloc ? 2 * r->alloc : 16;
			r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
		}
		struct rtpl *rt = &r->v[r->nr++];
		rt->name = xasprintf("%s/%s", full, t->name);
		rt->base_path = xasprintf("%s/templates", full);
		rt->file = t;
		rt->vals = next;
		/* templates map: a later file of the same name replaces (Go map) */
		for (size_t k = 0; k + 1 < r->nr; k++)
			if (!strcmp(r->v[k].name, rt->name)) {
				free(r->v[k].name);
				free(r->v[k].base_path);
				r->v[k] = *rt;
				r->nr--;
				break;
			}
	}
	free(full);
	return next;
}

static int slashes(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '/';
	return n;
}

/* sort.Reverse(byPathLen): deeper paths first, then names descending */
static int cmp_tpl(const void *a, const void *b)
{
	const struct rtpl *x = a, *y = b;
	int cx = slashes(x->name), cy = slashes(y->name);
	if (cx != cy)
		return cx > cy ? -1 : 1;
	return -strcmp(x->name, y->name);
}

static int render_chart(const struct chart *c, json_t *top, struct helm_render *hr,
			struct chart_files *out, struct kc_err *err);

struct render_job {
	const struct chart *c;
	json_t *top;
	struct helm_render *hr;
	struct chart_files *out;
	struct kc_err *err;
	int rc;
};

static void render_job_run(void *p)
{
	struct render_job *j = p;
	j->rc = render_chart(j->c, j->top, j->hr, j->out, j->err);
}

/* The whole render runs on the engine's big-stack thread: one hand-off instead
 * of one per template (each a context switch). */
int helm_render_chart(const struct chart *c, json_t *top, struct helm_render *hr,
		      struct chart_files *out, struct kc_err *err)
{
	struct render_job j = { c, top, hr, out, err, -1 };
	tmpl_run_big_stack(render_job_run, &j);
	return j.rc;
}

static int render_chart(const struct chart *c, json_t *top, struct helm_render *hr,
			struct chart_files *out, struct kc_err *err)
{
	struct rctx r = { 0 };
	struct tv *root = tv_map_new(NULL);
	struct tv *rel = tv_from_json(json_object_get(top, "Release"), 0);
	struct tv *rev = tv_map_get(rel, "Revision");
	if (rev && rev->kind == TV_INT)
		rev->type = &tv_type_int; /* Go's int */
	tv_map_set_take(root, "Release", rel);
	tv_map_set_take(root, "Capabilities", helm_capabilities_value(json_object_get(top, "Capabilities")));
	struct tv *vals = tv_from_json(json_object_get(top, "Values"), 0);
	if (vals->kind != TV_MAP) {
		tv_decref(vals);
		vals = tv_map_new(NULL);
	}
	vals->type = &helm_type_values;
	tv_map_set_take(root, "Values", vals);
	rec_all_tpls(&r, c, root, 1);
	if (r.nr)
		qsort(r.v, r.nr, sizeof(*r.v), cmp_tpl);

	int rc = -1;
	struct tmpl *t = helm_tmpl_new(hr);
	tmpl_set_lazy_bodies(t, 1); /* each file runs once: hold only one file's tree */
	tmpl_set_borrow_texts(t, 1); /* the chart's files outlive t */
	for (size_t i = 0; i < r.nr; i++)
		if (helm_parse(t, r.v[i].name, r.v[i].file->data, r.v[i].file->len, err) < 0)
			goto done;
	for (size_t i = 0; i < r.nr; i++) {
		const char *b = strrchr(r.v[i].name, '/');
		b = b ? b + 1 : r.v[i].name;
		if (b[0] == '_')
			continue;
		struct tv *tp = tv_map_new(&helm_type_values);
		tv_map_set_take(tp, "Name", tv_str(r.v[i].name));
		tv_map_set_take(tp, "BasePath", tv_str(r.v[i].base_path));
		tv_map_set_take(r.v[i].vals, "Template", tp);
		struct strbuf sb = STRBUF_INIT;
		if (helm_execute(t, r.v[i].name, r.v[i].vals, &sb, err) < 0) {
			strbuf_release(&sb);
			chart_files_release(out);
			goto done;
		}
		chart_files_add(out, r.v[i].name, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	rc = 0;
done:
	tmpl_free(t);
	for (size_t i = 0; i < r.nr; i++) {
		free(r.v[i].name);
		free(r.v[i].base_path);
	}
	free(r.v);
	/* break the next ↔ Subcharts references before releasing */
	for (size_t i = 0; i < r.nkeep; i++)
		tv_map_del(r.keep[i], "Subcharts");
	for (size_t i = 0; i < r.nkeep; i++)
		tv_decref(r.keep[i]);
	free(r.keep);
	tv_decref(root);
	return rc;
}
