/* Loading rules, merging, path resolution, ModifyConfig, minify/flatten/shorten:
 * client-go's clientcmd loader.go, config.go and api/helpers.go. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kubeconfig/kubeconfig.h"
#include "kubeconfig/schema.h"
#include "util/file.h"

void kc_loading_rules_init(struct kc_loading_rules *r, const char *explicit_path)
{
	memset(r, 0, sizeof *r);
	strvec_init(&r->precedence);
	if (explicit_path && *explicit_path) {
		r->explicit_path = xstrdup(explicit_path);
		strvec_push(&r->precedence, explicit_path);
		return;
	}
	const char *env = getenv("KUBECONFIG");
	if (env && *env) {
		struct strvec parts = STRVEC_INIT;
		strvec_split(&parts, env, ':');
		for (size_t i = 0; i < parts.nr; i++)
			if (*parts.v[i] && !strvec_contains(&r->precedence, parts.v[i]))
				strvec_push(&r->precedence, parts.v[i]);
		strvec_clear(&parts);
		if (r->precedence.nr) {
			r->from_env = 1;
			return;
		}
	}
	const char *home = home_dir();
	strvec_pushf(&r->precedence, "%s/.kube/config", home ? home : "");
}

void kc_loading_rules_release(struct kc_loading_rules *r)
{
	free(r->explicit_path);
	strvec_clear(&r->precedence);
	memset(r, 0, sizeof *r);
}

const char *kc_loading_rules_default_file(const struct kc_loading_rules *r)
{
	if (r->explicit_path || r->precedence.nr == 1)
		return r->precedence.v[0];
	for (size_t i = 0; i < r->precedence.nr; i++)
		if (file_exists(r->precedence.v[i]))
			return r->precedence.v[i];
	return r->precedence.v[r->precedence.nr - 1];
}

/* first definition wins */
static void merge_map(json_t *dst, json_t *dst_origin, json_t *src, json_t *src_origin)
{
	const char *k;
	json_t *v;
	json_object_foreach(src, k, v) {
		if (json_object_get(dst, k))
			continue;
		json_object_set(dst, k, v);
		json_t *o = src_origin ? json_object_get(src_origin, k) : NULL;
		if (o && dst_origin)
			json_object_set(dst_origin, k, o);
	}
}

static void merge_config(struct kc_kubeconfig *dst, const struct kc_kubeconfig *src)
{
	merge_map(dst->clusters, dst->cluster_origin, src->clusters, src->cluster_origin);
	merge_map(dst->users, dst->user_origin, src->users, src->user_origin);
	merge_map(dst->contexts, dst->context_origin, src->contexts, src->context_origin);
	merge_map(dst->extensions, NULL, src->extensions, NULL);
	if (!*dst->current_context && *src->current_context) {
		free(dst->current_context);
		dst->current_context = xstrdup(src->current_context);
	}
	if (json_is_true(json_object_get(src->preferences, "colors")))
		json_object_set_new(dst->preferences, "colors", json_true());
	json_t *se = json_object_get(src->preferences, "extensions");
	if (se) {
		json_t *de = json_object_get(dst->preferences, "extensions");
		if (!de) {
			de = json_object();
			json_object_set_new(dst->preferences, "extensions", de);
		}
		merge_map(de, NULL, se, NULL);
	}
}

/* filepath.Join(base, p) unless p is empty or absolute */
static void resolve_one(json_t *obj, const char *key, const char *base)
{
	const char *p = json_string_value(json_object_get(obj, key));
	if (!p || !*p || path_is_abs(p))
		return;
	char *j = path_join(base, p);
	json_object_set_new(obj, key, json_string(j));
	free(j);
}

static char *origin_base(json_t *origin_map, const char *name)
{
	const char *o = json_string_value(json_object_get(origin_map, name));
	if (!o)
		return NULL;
	char *d = path_dirname(o);
	char *abs = path_abs(d);
	free(d);
	return abs;
}

static void resolve_user_paths(json_t *u, const char *base)
{
	resolve_one(u, "client-certificate", base);
	resolve_one(u, "client-key", base);
	resolve_one(u, "tokenFile", base);
	json_t *ex = json_object_get(u, "exec");
	const char *cmd = json_string_value(json_object_get(ex, "command"));
	if (cmd && strchr(cmd, '/'))
		resolve_one(ex, "command", base);
}

static void resolve_local_paths(struct kc_kubeconfig *kc)
{
	const char *k;
	json_t *v;
	json_object_foreach(kc->clusters, k, v) {
		char *base = origin_base(kc->cluster_origin, k);
		if (base)
			resolve_one(v, "certificate-authority", base);
		free(base);
	}
	json_object_foreach(kc->users, k, v) {
		char *base = origin_base(kc->user_origin, k);
		if (base)
			resolve_user_paths(v, base);
		free(base);
	}
}

int kc_kubeconfig_load(const struct kc_loading_rules *r, int for_edit, struct kc_kubeconfig *out,
		       struct kc_err *err)
{
	kc_kubeconfig_init(out);
	if (r->explicit_path) {
		struct stat st;
		if (stat(r->explicit_path, &st) < 0 && errno == ENOENT) {
			if (for_edit)
				return 0;
			return kc_err_set(err, "stat %s: no such file or directory", r->explicit_path);
		}
	}
	struct strvec errs = STRVEC_INIT;
	for (size_t i = 0; i < r->precedence.nr; i++) {
		struct kc_kubeconfig one;
		struct kc_err e = KC_ERR_INIT;
		int rc = kc_kubeconfig_load_file(&one, r->precedence.v[i], &e);
		if (rc < 0)
			strvec_push(&errs, e.msg.buf);
		else if (rc == 0)
			merge_config(out, &one);
		kc_err_release(&e);
		kc_kubeconfig_release(&one);
	}
	if (errs.nr) {
		/* an aggregate: kubectl prints one error as "error: …", several one per
		 * line without the prefix */
		if (errs.nr == 1) {
			kc_err_set(err, "%s", errs.v[0]);
		} else {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < errs.nr; i++)
				strbuf_addf(&sb, "%s\n", errs.v[i]);
			kc_err_raw(err, "%s", sb.buf);
			strbuf_release(&sb);
		}
		strvec_clear(&errs);
		return -1;
	}
	if (!for_edit)
		resolve_local_paths(out);
	return 0;
}

/* ---- ModifyConfig ------------------------------------------------------------ */

/* filepath.Rel for two clean absolute paths */
static char *path_rel(const char *base, const char *target)
{
	struct strvec b = STRVEC_INIT, t = STRVEC_INIT;
	strvec_split(&b, base, '/');
	strvec_split(&t, target, '/');
	size_t i = 0;
	/* both start with "" (leading '/') */
	while (i < b.nr && i < t.nr && !strcmp(b.v[i], t.v[i]))
		i++;
	struct strbuf sb = STRBUF_INIT;
	for (size_t j = i; j < b.nr; j++)
		if (*b.v[j])
			strbuf_addf(&sb, "%s..", sb.len ? "/" : "");
	for (size_t j = i; j < t.nr; j++)
		if (*t.v[j])
			strbuf_addf(&sb, "%s%s", sb.len ? "/" : "", t.v[j]);
	if (!sb.len)
		strbuf_addch(&sb, '.');
	strvec_clear(&b);
	strvec_clear(&t);
	return strbuf_detach(&sb, NULL);
}

static void relativize_one(json_t *obj, const char *key, const char *base)
{
	resolve_one(obj, key, base);
	const char *p = json_string_value(json_object_get(obj, key));
	if (!p || !*p)
		return;
	char *cb = path_clean(base), *cp = path_clean(p);
	char *rel = path_rel(cb, cp);
	if (!starts_with(rel, ".."))
		json_object_set_new(obj, key, json_string(rel));
	free(rel);
	free(cb);
	free(cp);
}

static void relativize(json_t *entry, int is_user, const char *file)
{
	char *d = path_dirname(file);
	char *base = path_abs(d);
	free(d);
	if (!is_user) {
		relativize_one(entry, "certificate-authority", base);
	} else {
		relativize_one(entry, "client-certificate", base);
		relativize_one(entry, "client-key", base);
		relativize_one(entry, "tokenFile", base);
		json_t *ex = json_object_get(entry, "exec");
		const char *cmd = json_string_value(json_object_get(ex, "command"));
		if (cmd && strchr(cmd, '/'))
			relativize_one(ex, "command", base);
	}
	free(base);
}

static int get_config_from_file(const char *file, struct kc_kubeconfig *kc, struct kc_err *err)
{
	int rc = kc_kubeconfig_load_file(kc, file, err);
	return rc < 0 ? -1 : 0;
}

static int lock_file(const char *file, struct kc_err *err)
{
	char *dir = path_dirname(file);
	if (!dir_exists(dir) && mkdir_p(dir, 0755) < 0) {
		kc_err_set(err, "mkdir %s: %s", dir, go_errno_str(errno));
		free(dir);
		return -1;
	}
	free(dir);
	char *lock = xasprintf("%s.lock", file);
	int fd = open(lock, O_CREAT | O_EXCL | O_RDONLY, 0);
	if (fd < 0) {
		kc_err_set(err, "open %s: %s", lock, go_errno_str(errno));
		free(lock);
		return -1;
	}
	close(fd);
	free(lock);
	return 0;
}

/* which: 0 clusters, 1 users, 2 contexts */
static json_t *kmap(const struct kc_kubeconfig *kc, int which)
{
	return which == 0 ? kc->clusters : which == 1 ? kc->users : kc->contexts;
}

static json_t *korigin(const struct kc_kubeconfig *kc, int which)
{
	return which == 0 ? kc->cluster_origin : which == 1 ? kc->user_origin : kc->context_origin;
}

static int write_current_context(const struct kc_loading_rules *r, const char *cur,
				 struct kc_err *err)
{
	struct kc_kubeconfig c;
	int rc = -1;
	if (r->explicit_path || *cur) {
		const char *file = r->explicit_path ? r->explicit_path : kc_loading_rules_default_file(r);
		if (get_config_from_file(file, &c, err) < 0)
			return -1;
		free(c.current_context);
		c.current_context = xstrdup(cur);
		rc = kc_kubeconfig_write_file(&c, file, err);
		kc_kubeconfig_release(&c);
		return rc;
	}
	for (size_t i = 0; i < r->precedence.nr; i++) {
		const char *file = r->precedence.v[i];
		if (!file_exists(file))
			continue;
		if (get_config_from_file(file, &c, err) < 0)
			return -1;
		if (*c.current_context) {
			free(c.current_context);
			c.current_context = xstrdup(cur);
			rc = kc_kubeconfig_write_file(&c, file, err);
			kc_kubeconfig_release(&c);
			return rc;
		}
		kc_kubeconfig_release(&c);
	}
	return kc_err_set(err, "no config found to write context");
}

static int modify_locked(const struct kc_loading_rules *r, const struct kc_kubeconfig *nc,
			 int relativize_paths, struct kc_err *err)
{
	struct kc_kubeconfig start;
	if (kc_kubeconfig_load(r, 1, &start, err) < 0) {
		kc_kubeconfig_release(&start);
		return -1;
	}
	int ret = -1;
	if (strcmp(start.current_context, nc->current_context) &&
	    write_current_context(r, nc->current_context, err) < 0)
		goto out;
	if (!json_equal(start.preferences, nc->preferences)) {
		/* writePreferences: the first file whose preferences differ */
		int written = 0;
		for (size_t i = 0; i < r->precedence.nr && !written; i++) {
			const char *file = r->precedence.v[i];
			struct kc_kubeconfig c;
			if (get_config_from_file(file, &c, err) < 0)
				goto out;
			int rc = 0;
			if (!json_equal(c.preferences, nc->preferences)) {
				json_decref(c.preferences);
				c.preferences = json_deep_copy(nc->preferences);
				rc = kc_kubeconfig_write_file(&c, file, err);
				written = 1;
			}
			kc_kubeconfig_release(&c);
			if (rc < 0)
				goto out;
		}
		if (!written) {
			kc_err_set(err, "no config found to write preferences");
			goto out;
		}
	}
	/* changed or new entries */
	for (int which = 0; which < 3; which++) {
		const char *k;
		json_t *v;
		json_object_foreach(kmap(nc, which), k, v) {
			json_t *old = json_object_get(kmap(&start, which), k);
			if (old && json_equal(old, v))
				continue;
			const char *dest = json_string_value(json_object_get(korigin(nc, which), k));
			if (!dest || !*dest)
				dest = kc_loading_rules_default_file(r);
			struct kc_kubeconfig c;
			if (get_config_from_file(dest, &c, err) < 0)
				goto out;
			json_t *copy = json_deep_copy(v);
			if (relativize_paths && which != 2)
				relativize(copy, which == 1, dest);
			json_object_set_new(kmap(&c, which), k, copy);
			int rc = kc_kubeconfig_write_file(&c, dest, err);
			kc_kubeconfig_release(&c);
			if (rc < 0)
				goto out;
		}
	}
	/* deleted entries */
	for (int which = 0; which < 3; which++) {
		const char *k;
		json_t *v;
		json_object_foreach(kmap(&start, which), k, v) {
			if (json_object_get(kmap(nc, which), k))
				continue;
			const char *dest = json_string_value(json_object_get(korigin(&start, which), k));
			if (!dest || !*dest)
				dest = kc_loading_rules_default_file(r);
			struct kc_kubeconfig c;
			if (get_config_from_file(dest, &c, err) < 0)
				goto out;
			json_object_del(kmap(&c, which), k);
			int rc = kc_kubeconfig_write_file(&c, dest, err);
			kc_kubeconfig_release(&c);
			if (rc < 0)
				goto out;
		}
	}
	ret = 0;
out:
	kc_kubeconfig_release(&start);
	return ret;
}

int kc_kubeconfig_modify(const struct kc_loading_rules *r, const struct kc_kubeconfig *nc,
			 int relativize_paths, struct kc_err *err)
{
	/* lock every possible source in sorted order, as client-go does */
	struct strvec sorted = STRVEC_INIT, locked = STRVEC_INIT;
	for (size_t i = 0; i < r->precedence.nr; i++)
		strvec_push(&sorted, r->precedence.v[i]);
	strvec_sort(&sorted);
	int ret = -1;
	for (size_t i = 0; i < sorted.nr; i++) {
		if (lock_file(sorted.v[i], err) < 0)
			goto out;
		strvec_push(&locked, sorted.v[i]);
	}
	ret = modify_locked(r, nc, relativize_paths, err);
out:
	for (size_t i = 0; i < locked.nr; i++) {
		char *lock = xasprintf("%s.lock", locked.v[i]);
		unlink(lock);
		free(lock);
	}
	strvec_clear(&sorted);
	strvec_clear(&locked);
	return ret;
}

/* ---- minify / flatten / shorten --------------------------------------------- */

static void keep_only(json_t *map, json_t *origin, const char *name)
{
	json_t *v = name ? json_incref(json_object_get(map, name)) : NULL;
	json_t *o = name ? json_incref(json_object_get(origin, name)) : NULL;
	json_object_clear(map);
	json_object_clear(origin);
	if (v)
		json_object_set_new(map, name, v);
	if (o)
		json_object_set_new(origin, name, o);
}

int kc_kubeconfig_minify(struct kc_kubeconfig *kc, struct kc_err *err)
{
	if (!*kc->current_context)
		return kc_err_set(err, "current-context must exist in order to minify");
	json_t *ctx = json_object_get(kc->contexts, kc->current_context);
	if (!ctx)
		return kc_err_set(err, "cannot locate context %s", kc->current_context);
	const char *cl = json_string_value(json_object_get(ctx, "cluster"));
	const char *us = json_string_value(json_object_get(ctx, "user"));
	if (cl && *cl && !json_object_get(kc->clusters, cl))
		return kc_err_set(err, "cannot locate cluster %s", cl);
	if (us && *us && !json_object_get(kc->users, us))
		return kc_err_set(err, "cannot locate user %s", us);
	char *cc = xstrdup(kc->current_context), *c2 = xstrdup(cl ? cl : ""), *u2 = xstrdup(us ? us : "");
	keep_only(kc->contexts, kc->context_origin, cc);
	keep_only(kc->clusters, kc->cluster_origin, *c2 ? c2 : NULL);
	keep_only(kc->users, kc->user_origin, *u2 ? u2 : NULL);
	free(cc);
	free(c2);
	free(u2);
	return 0;
}

#include "util/base64.h"

static int flatten_one(json_t *obj, const char *pkey, const char *dkey, const char *base,
		       struct kc_err *err)
{
	const char *p = json_string_value(json_object_get(obj, pkey));
	if (!p || !*p)
		return 0;
	if (json_object_get(obj, dkey))
		return kc_err_set(err, "cannot have values for both path and contents");
	char *abs = path_is_abs(p) ? xstrdup(p) : path_join(base, p);
	struct strbuf data = STRBUF_INIT, enc = STRBUF_INIT;
	int rc = file_read(abs, &data, err);
	free(abs);
	if (rc < 0) {
		strbuf_release(&data);
		return -1;
	}
	if (data.len) {
		base64_encode(&enc, data.buf, data.len);
		json_object_set_new(obj, dkey, json_string(enc.buf));
	}
	json_object_del(obj, pkey);
	strbuf_release(&data);
	strbuf_release(&enc);
	return 0;
}

int kc_kubeconfig_flatten(struct kc_kubeconfig *kc, struct kc_err *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(kc->clusters, k, v) {
		char *base = origin_base(kc->cluster_origin, k);
		int rc = flatten_one(v, "certificate-authority", "certificate-authority-data",
				     base ? base : ".", err);
		free(base);
		if (rc < 0)
			return -1;
	}
	json_object_foreach(kc->users, k, v) {
		char *base = origin_base(kc->user_origin, k);
		int rc = flatten_one(v, "client-certificate", "client-certificate-data", base ? base : ".", err);
		if (!rc)
			rc = flatten_one(v, "client-key", "client-key-data", base ? base : ".", err);
		free(base);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void kc_kubeconfig_shorten(struct kc_kubeconfig *kc)
{
	const char *k;
	json_t *v;
	json_object_foreach(kc->clusters, k, v)
		if (json_object_get(v, "certificate-authority-data"))
			json_object_set_new(v, "certificate-authority-data", json_string("DATA+OMITTED"));
	json_object_foreach(kc->users, k, v) {
		if (json_object_get(v, "client-certificate-data"))
			json_object_set_new(v, "client-certificate-data", json_string("DATA+OMITTED"));
		if (json_object_get(v, "client-key-data"))
			json_object_set_new(v, "client-key-data", json_string("DATA+OMITTED"));
		if (json_object_get(v, "password"))
			json_object_set_new(v, "password", json_string("REDACTED"));
		if (json_object_get(v, "token"))
			json_object_set_new(v, "token", json_string("REDACTED"));
	}
}
