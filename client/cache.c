/* The discovery disk cache, in kubectl's layout so both can share it:
 *   CACHE/discovery/<host>/servergroups.json                   (APIGroupList)
 *   CACHE/discovery/<host>/<group>/<version>/serverresources.json (APIResourceList)
 * Entries older than 6 hours are stale (kubectl's TTL). Directories 0750,
 * files 0660, as kubectl creates them. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client/internal.h"
#include "util/file.h"

#define CACHE_TTL_SECONDS (6 * 3600)

char *kc_discovery_cache_dir(const char *cache_dir, const char *host)
{
	const char *h = host;
	if (starts_with(h, "https://"))
		h += 8;
	else if (starts_with(h, "http://"))
		h += 7;
	struct strbuf safe = STRBUF_INIT;
	for (const char *p = h; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			 ch == '_' || ch == '/' || ch == '.' || ch == '(' || ch == ')';
		strbuf_addch(&safe, ok ? (char)ch : '_');
	}
	char *disc = path_join(cache_dir, "discovery");
	char *joined = path_join(disc, safe.buf);
	char *clean = path_clean(joined);
	free(disc);
	free(joined);
	strbuf_release(&safe);
	return clean;
}

static char *gv_file(const char *dir, const char *group, const char *version)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, dir);
	if (*group)
		strbuf_addf(&sb, "/%s", group);
	strbuf_addf(&sb, "/%s/serverresources.json", version);
	return strbuf_detach(&sb, NULL);
}

static json_t *read_fresh(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return NULL;
	if (time(NULL) - st.st_mtime > CACHE_TTL_SECONDS)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	if (file_read(path, &sb, NULL) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	json_t *j = json_loadb(sb.buf, sb.len, 0, NULL);
	strbuf_release(&sb);
	return j;
}

int client_cache_load(struct kc_client *c, struct kc_discovery *d, int want_resources)
{
	if (!c->cache_dir || !*c->cache_dir)
		return -1;
	char *dir = kc_discovery_cache_dir(c->cache_dir, c->rc->host);
	char *groups_path = path_join(dir, "servergroups.json");
	json_t *groups = read_fresh(groups_path);
	free(groups_path);
	int ret = -1;
	if (!groups || kc_discovery_add_group_list(d, groups, NULL) < 0)
		goto out;
	if (want_resources) {
		for (size_t i = 0; i < d->ngroups; i++) {
			for (size_t j = 0; j < d->groups[i].versions.nr; j++) {
				char *f = gv_file(dir, d->groups[i].name, d->groups[i].versions.v[j]);
				json_t *rl = read_fresh(f);
				free(f);
				if (!rl)
					goto out;
				int rc = kc_discovery_add_resource_list(d, d->groups[i].name,
									d->groups[i].versions.v[j], rl, NULL);
				json_decref(rl);
				if (rc < 0)
					goto out;
			}
		}
	}
	ret = 0;
	if (c->opts.verbosity >= 10)
		kc_klog('I', "cached_discovery.go:77", "returning cached discovery info from %s", dir);
out:
	json_decref(groups);
	if (ret < 0)
		kc_discovery_release(d);
	free(dir);
	return ret;
}

/* temp file + rename, without fsync: a cache needs no durability (kubectl's
 * diskv does not sync either), and 15+ fsyncs cost more than the requests. */
static void write_json(const char *path, json_t *doc)
{
	char *d = path_dirname(path);
	if (mkdir_p(d, 0750) == 0) {
		char *s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
		char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
		int fd = s ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0660) : -1;
		if (fd >= 0) {
			size_t len = strlen(s), off = 0;
			while (off < len) {
				ssize_t w = write(fd, s + off, len - off);
				if (w <= 0)
					break;
				off += (size_t)w;
			}
			fchmod(fd, 0660);
			if (close(fd) == 0 && off == len)
				rename(tmp, path);
			else
				unlink(tmp);
		}
		free(tmp);
		free(s);
	}
	free(d);
}

static json_t *strarray(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->nr; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

void client_cache_store(struct kc_client *c, const struct kc_discovery *d, int with_resources)
{
	if (!c->cache_dir || !*c->cache_dir)
		return;
	char *dir = kc_discovery_cache_dir(c->cache_dir, c->rc->host);
	json_t *groups = json_array();
	for (size_t i = 0; i < d->ngroups; i++) {
		const struct kc_api_group *g = &d->groups[i];
		json_t *vs = json_array();
		for (size_t j = 0; j < g->versions.nr; j++) {
			char *gv = *g->name ? xasprintf("%s/%s", g->name, g->versions.v[j]) : xstrdup(g->versions.v[j]);
			json_array_append_new(vs, json_pack("{s:s, s:s}", "groupVersion", gv, "version", g->versions.v[j]));
			free(gv);
		}
		const char *pv = g->preferred_version ? g->preferred_version : "";
		char *pgv = *g->name ? xasprintf("%s/%s", g->name, pv) : xstrdup(pv);
		json_array_append_new(groups, json_pack("{s:s, s:o, s:{s:s, s:s}}", "name", g->name, "versions", vs,
							"preferredVersion", "groupVersion", pgv, "version", pv));
		free(pgv);
	}
	json_t *doc = json_pack("{s:s, s:s, s:o}", "kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
	char *gp = path_join(dir, "servergroups.json");
	write_json(gp, doc);
	free(gp);
	json_decref(doc);
	if (with_resources) {
		for (size_t i = 0; i < d->ngroups; i++) {
			const struct kc_api_group *g = &d->groups[i];
			for (size_t j = 0; j < g->versions.nr; j++) {
				const char *v = g->versions.v[j];
				struct strbuf gvname = STRBUF_INIT;
				strbuf_addf(&gvname, "%s%s%s", g->name, *g->name ? "/" : "", v);
				if (strvec_contains(&d->failed_gvs, gvname.buf)) {
					strbuf_release(&gvname);
					continue;
				}
				json_t *rs = json_array();
				for (size_t k = 0; k < d->nresources; k++) {
					const struct kc_api_resource *r = &d->resources[k];
					if (strcmp(r->group, g->name) || strcmp(r->version, v))
						continue;
					json_t *o = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", r->name,
							      "singularName", r->singular, "namespaced", r->namespaced,
							      "kind", r->kind, "verbs", strarray(&r->verbs));
					if (r->short_names.nr)
						json_object_set_new(o, "shortNames", strarray(&r->short_names));
					if (r->categories.nr)
						json_object_set_new(o, "categories", strarray(&r->categories));
					json_array_append_new(rs, o);
				}
				json_t *rl = json_pack("{s:s, s:s, s:s, s:o}", "kind", "APIResourceList", "apiVersion", "v1",
						       "groupVersion", gvname.buf, "resources", rs);
				char *f = gv_file(dir, g->name, v);
				write_json(f, rl);
				free(f);
				json_decref(rl);
				strbuf_release(&gvname);
			}
		}
	}
	free(dir);
}

void client_cache_invalidate(struct kc_client *c)
{
	if (!c->cache_dir || !*c->cache_dir)
		return;
	char *dir = kc_discovery_cache_dir(c->cache_dir, c->rc->host);
	char *gp = path_join(dir, "servergroups.json");
	unlink(gp);
	free(gp);
	free(dir);
}
