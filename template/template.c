/* template.c: the template set (Go's *template.Template common part). */
#include <stdlib.h>
#include <string.h>

#include "template/internal.h"

struct tmpl *tmpl_new(void)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	t->root_name = xstrdup("");
	return t;
}

void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nents; i++)
		free(t->ents[i].name);
	free(t->ents);
	for (size_t i = 0; i < t->nunits; i++)
		parse_unit_decref(t->units[i]);
	free(t->units);
	free(t->tabs);
	free(t->ldelim);
	free(t->rdelim);
	free(t->root_name);
	free(t->fhash);
	free(t);
}

void tmpl_set_lazy_bodies(struct tmpl *t, int on)
{
	t->lazy_bodies = on;
}

void tmpl_set_borrow_texts(struct tmpl *t, int on)
{
	t->borrow_texts = on;
}

void tmpl_set_name(struct tmpl *t, const char *name)
{
	free(t->root_name);
	t->root_name = xstrdup(name);
}

const char *tmpl_name(const struct tmpl *t)
{
	return t->root_name;
}

void tmpl_add_funcs(struct tmpl *t, const struct tmpl_func *table)
{
	if (t->ntabs == t->captabs) {
		t->captabs = t->captabs ? 2 * t->captabs : 4;
		t->tabs = xrealloc(t->tabs, t->captabs * sizeof(*t->tabs));
	}
	t->tabs[t->ntabs++] = table;
	free(t->fhash);
	t->fhash = NULL;
	t->fhash_cap = 0;
}

static size_t fhash_of(const char *s)
{
	size_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static const struct tmpl_func *lookup_slow(const struct tmpl *t, const char *name)
{
	for (size_t i = t ? t->ntabs : 0; i-- > 0;)
		for (const struct tmpl_func *f = t->tabs[i]; f->name; f++)
			if (!strcmp(f->name, name))
				return f;
	for (const struct tmpl_func *f = tmpl_builtin_funcs; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static void fhash_put(const struct tmpl_func **h, size_t cap, const struct tmpl_func *f)
{
	for (size_t i = fhash_of(f->name) & (cap - 1);; i = (i + 1) & (cap - 1)) {
		if (!h[i]) {
			h[i] = f;
			return;
		}
		if (!strcmp(h[i]->name, f->name))
			return; /* an earlier (winning) entry holds the name */
	}
}

/* Functions by name: the last added table wins, then Go's builtins. A hash
 * table over every name, built on first use. */
const struct tmpl_func *tmpl_lookup_func(const struct tmpl *t, const char *name)
{
	if (!t)
		return lookup_slow(t, name);
	if (t->parent && t->ntabs == t->parent_ntabs)
		return tmpl_lookup_func(t->parent, name);
	if (!t->fhash) {
		size_t n = 0;
		for (size_t i = 0; i < t->ntabs; i++)
			for (const struct tmpl_func *f = t->tabs[i]; f->name; f++)
				n++;
		for (const struct tmpl_func *f = tmpl_builtin_funcs; f->name; f++)
			n++;
		size_t cap = 16;
		while (cap < 2 * n + 1)
			cap *= 2;
		const struct tmpl_func **h = xcalloc(cap, sizeof(*h));
		/* winners first: later tables, then earlier, then builtins */
		for (size_t i = t->ntabs; i-- > 0;)
			for (const struct tmpl_func *f = t->tabs[i]; f->name; f++)
				fhash_put(h, cap, f);
		for (const struct tmpl_func *f = tmpl_builtin_funcs; f->name; f++)
			fhash_put(h, cap, f);
		struct tmpl *mt = (struct tmpl *)t; /* a cache */
		mt->fhash = h;
		mt->fhash_cap = cap;
	}
	for (size_t i = fhash_of(name) & (t->fhash_cap - 1);; i = (i + 1) & (t->fhash_cap - 1)) {
		const struct tmpl_func *f = t->fhash[i];
		if (!f)
			return NULL;
		if (!strcmp(f->name, name))
			return f;
	}
}

void tmpl_set_missingkey(struct tmpl *t, enum tmpl_missingkey mk)
{
	t->missingkey = mk;
}

void tmpl_set_udata(struct tmpl *t, void *udata)
{
	t->udata = udata;
}

void tmpl_set_delims(struct tmpl *t, const char *left, const char *right)
{
	free(t->ldelim);
	free(t->rdelim);
	t->ldelim = left && *left ? xstrdup(left) : NULL;
	t->rdelim = right && *right ? xstrdup(right) : NULL;
}

static size_t ent_find(const struct tmpl *t, const char *name, int *found)
{
	size_t lo = 0, hi = t->nents;
	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t->ents[mid].name, name);
		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct tree *tmpl_find_tree(const struct tmpl *t, const char *name)
{
	for (; t; t = t->parent) {
		int found;
		size_t i = ent_find(t, name, &found);
		if (found)
			return t->ents[i].tree;
	}
	return NULL;
}

void tmpl_set_tree(struct tmpl *t, const char *name, struct tree *tr)
{
	int found;
	size_t i = ent_find(t, name, &found);
	if (found) {
		t->ents[i].tree = tr;
		return;
	}
	if (t->nents == t->capents) {
		t->capents = t->capents ? 2 * t->capents : 8;
		t->ents = xrealloc(t->ents, t->capents * sizeof(*t->ents));
	}
	memmove(&t->ents[i + 1], &t->ents[i], (t->nents - i) * sizeof(*t->ents));
	t->ents[i].name = xstrdup(name);
	t->ents[i].tree = tr;
	t->nents++;
}

struct parse_job {
	struct tmpl *t;
	const char *name, *text;
	size_t len;
	struct kc_err *err;
	int rc;
};

static void parse_job_run(void *p)
{
	struct parse_job *j = p;
	j->rc = parse_text(j->t, j->name, j->text, j->len, j->err);
}

int tmpl_parse(struct tmpl *t, const char *name, const char *text, size_t len, struct kc_err *err)
{
	struct parse_job j = { t, name, text, len, err, -1 };
	tmpl_run_big_stack(parse_job_run, &j);
	return j.rc;
}

int tmpl_has(const struct tmpl *t, const char *name)
{
	return tmpl_find_tree(t, name) != NULL;
}

struct tmpl *tmpl_clone(const struct tmpl *t)
{
	struct tmpl *c = tmpl_new();
	tmpl_set_name(c, t->root_name);
	for (size_t i = 0; i < t->nents; i++)
		tmpl_set_tree(c, t->ents[i].name, t->ents[i].tree);
	c->units = xmalloc((t->nunits ? t->nunits : 1) * sizeof(*c->units));
	c->capunits = t->nunits ? t->nunits : 1;
	for (size_t i = 0; i < t->nunits; i++) {
		c->units[i] = t->units[i];
		c->units[i]->refcnt++;
	}
	c->nunits = t->nunits;
	for (size_t i = 0; i < t->ntabs; i++)
		tmpl_add_funcs(c, t->tabs[i]);
	c->missingkey = t->missingkey;
	c->max_depth = t->max_depth;
	c->udata = t->udata;
	tmpl_set_delims(c, t->ldelim, t->rdelim);
	return c;
}

struct tmpl *tmpl_overlay(const struct tmpl *parent)
{
	struct tmpl *c = tmpl_new();
	tmpl_set_name(c, parent->root_name);
	for (size_t i = 0; i < parent->ntabs; i++)
		tmpl_add_funcs(c, parent->tabs[i]);
	c->parent = parent;
	c->parent_ntabs = parent->ntabs;
	c->missingkey = parent->missingkey;
	c->max_depth = parent->max_depth;
	c->udata = parent->udata;
	tmpl_set_delims(c, parent->ldelim, parent->rdelim);
	return c;
}

struct ts_job {
	struct tree *tr;
	struct strbuf *out;
};

static void ts_job_run(void *p)
{
	struct ts_job *j = p;
	node_string(j->out, j->tr->root);
}

void tmpl_tree_string(const struct tmpl *t, const char *name, struct strbuf *out)
{
	struct ts_job j = { tmpl_find_tree(t, name), out };
	if (j.tr)
		tmpl_run_big_stack(ts_job_run, &j);
}

size_t tmpl_count(const struct tmpl *t)
{
	return t->nents;
}

const char *tmpl_name_at(const struct tmpl *t, size_t i)
{
	return i < t->nents ? t->ents[i].name : NULL;
}

void tmpl_set_max_depth(struct tmpl *t, int depth)
{
	t->max_depth = depth > 0 ? depth : 0;
}
