/* kc chart dependency list|update|build — helm dependency (v3.21) for
 * dependencies kept next to the chart: `file://` repositories and charts
 * already in charts/ (no repository). Chart repositories over HTTP and OCI
 * are not fetched: kc says so and stops. */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chart/internal.h"
#include "cli/chart_cmds.h"
#include "cli/uitable.h"
#include "cli/chart_help.h"
#include "util/file.h"
#include "util/gostr.h"
#include "util/json.h"
#include "util/yaml.h"

/* filepath.Clean for the chart path argument */
static char *clean_path(const char *p)
{
	struct strvec parts = STRVEC_INIT, out = STRVEC_INIT;
	int abs = p[0] == '/';
	strvec_split(&parts, p, '/');
	for (size_t i = 0; i < parts.nr; i++) {
		const char *s = parts.v[i];
		if (!*s || !strcmp(s, "."))
			continue;
		if (!strcmp(s, "..")) {
			if (out.nr && strcmp(out.v[out.nr - 1], ".."))
				strvec_pop(&out);
			else if (!abs)
				strvec_push(&out, s);
			continue;
		}
		strvec_push(&out, s);
	}
	struct strbuf sb = STRBUF_INIT;
	if (abs)
		strbuf_addch(&sb, '/');
	for (size_t i = 0; i < out.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? "/" : "", out.v[i]);
	if (!sb.len)
		strbuf_addch(&sb, '.');
	strvec_clear(&parts);
	strvec_clear(&out);
	return strbuf_detach(&sb, NULL);
}

static char *join(const char *a, const char *b)
{
	char *j = xasprintf("%s/%s", a, b);
	char *c = clean_path(j);
	free(j);
	return c;
}

/* ---------------------------------------------------------------------------
 * list
 */
static const char *archive_status(const char *archive, const struct chart_dep *dep)
{
	struct stat st;
	if (stat(archive, &st) < 0)
		return "";
	struct kc_err e = KC_ERR_INIT;
	struct chart *c = chart_load(archive, NULL, &e);
	kc_err_release(&e);
	if (!c)
		return "corrupt";
	const char *r = "ok";
	if (strcmp(c->meta->name, dep->name))
		r = "misnamed";
	else if (strcmp(c->meta->version, dep->version) && !sprig_semver_satisfies(dep->version, c->meta->version))
		r = "wrong version";
	chart_free(c);
	return r;
}

static const char *dep_status(const char *chartpath, const struct chart_dep *dep, const struct chart *parent)
{
	char *pat = xasprintf("%s/charts/%s-*.tgz", chartpath, dep->name);
	glob_t gl;
	int g = glob(pat, 0, NULL, &gl);
	free(pat);
	const char *r = "";
	if (g == 0 && gl.gl_pathc == 1) {
		r = archive_status(gl.gl_pathv[0], dep);
	} else if (g == 0 && gl.gl_pathc > 1) {
		size_t found = 0, idx = 0;
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			const char *b = strrchr(gl.gl_pathv[i], '/');
			b = b ? b + 1 : gl.gl_pathv[i];
			char *ver = xstrndup(b + strlen(dep->name) + 1, strlen(b) - strlen(dep->name) - 5);
			/* StrictNewVersion: no leading v, all three parts */
			int strict = ver[0] != 'v' && sprig_semver_valid(ver) &&
				     strchr(ver, '.') && strchr(strchr(ver, '.') + 1, '.');
			if (strict) {
				found++;
				idx = i;
			}
			free(ver);
		}
		if (found == 1)
			r = archive_status(gl.gl_pathv[idx], dep);
		else if (found > 1)
			r = "too many matches";
	}
	if (g == 0)
		globfree(&gl);
	if (*r)
		return r;
	const struct chart *dc = NULL;
	for (size_t i = 0; i < parent->ndeps; i++)
		if (!strcmp(parent->deps[i]->meta->name, dep->name))
			dc = parent->deps[i];
	if (!dc)
		return "missing";
	if (strcmp(dc->meta->version, dep->version)) {
		if (!sprig_semver_valid(dc->meta->version))
			return "invalid version";
		if (!sprig_semver_satisfies(dep->version, dc->meta->version))
			return "wrong version";
	}
	return "unpacked";
}

static int dep_list(const char *chartpath, unsigned long maxw, struct kc_err *err)
{
	struct chart *c = chart_load(chartpath, NULL, err);
	if (!c)
		return -1;
	if (!c->meta->deps) {
		char *p = join(chartpath, "charts");
		printf("WARNING: no dependencies at %s\n", p);
		free(p);
		chart_free(c);
		return 0;
	}
	size_t nrow = c->meta->ndeps + 1;
	const char **cells = xcalloc(nrow * 4, sizeof(*cells));
	cells[0] = "NAME";
	cells[1] = "VERSION";
	cells[2] = "REPOSITORY";
	cells[3] = "STATUS";
	for (size_t i = 0; i < c->meta->ndeps; i++) {
		const struct chart_dep *d = c->meta->deps[i];
		if (!d)
			continue;
		cells[(i + 1) * 4 + 0] = d->name;
		cells[(i + 1) * 4 + 1] = d->version;
		cells[(i + 1) * 4 + 2] = d->repository;
		cells[(i + 1) * 4 + 3] = dep_status(chartpath, d, c);
	}
	struct strbuf out = STRBUF_INIT;
	uitable_print(&out, cells, 4, nrow, maxw);
	strbuf_addch(&out, '\n');
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	free(cells);
	/* printMissing: charts on disk that Chart.yaml does not list */
	char *pat = xasprintf("%s/charts/*", chartpath);
	glob_t gl;
	if (glob(pat, 0, NULL, &gl) == 0) {
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			const char *f = gl.gl_pathv[i];
			struct stat st;
			if (stat(f, &st) < 0)
				continue;
			if (!S_ISDIR(st.st_mode) && !ends_with(f, ".tgz"))
				continue;
			struct kc_err e = KC_ERR_INIT;
			struct chart *sc = chart_load(f, NULL, &e);
			kc_err_release(&e);
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, f, strlen(f));
			if (!sc) {
				printf("WARNING: %s is not a chart.\n", q.buf);
			} else {
				int found = 0;
				for (size_t k = 0; k < c->meta->ndeps; k++)
					if (c->meta->deps[k] && !strcmp(c->meta->deps[k]->name, sc->meta->name))
						found = 1;
				if (!found)
					printf("WARNING: %s is not in Chart.yaml.\n", q.buf);
				chart_free(sc);
			}
			strbuf_release(&q);
		}
		globfree(&gl);
	}
	free(pat);
	chart_free(c);
	return 0;
}

/* ---------------------------------------------------------------------------
 * update / build (downloader.Manager for local dependencies)
 */
static json_t *dep_json(const struct chart_dep *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(d->name));
	if (*d->version)
		json_object_set_new(o, "version", json_string(d->version));
	json_object_set_new(o, "repository", json_string(d->repository));
	if (*d->condition)
		json_object_set_new(o, "condition", json_string(d->condition));
	if (d->tags.nr) {
		json_t *t = json_array();
		for (size_t i = 0; i < d->tags.nr; i++)
			json_array_append_new(t, json_string(d->tags.v[i]));
		json_object_set_new(o, "tags", t);
	}
	if (d->enabled)
		json_object_set_new(o, "enabled", json_true());
	if (d->import_values && json_array_size(d->import_values))
		json_object_set(o, "import-values", d->import_values);
	if (*d->alias)
		json_object_set_new(o, "alias", json_string(d->alias));
	return o;
}

/* json.Marshal keeps struct field order; emit in that order */
static void marshal_dep(struct strbuf *sb, json_t *o)
{
	static const char *const order[] = { "name", "version", "repository", "condition", "tags",
					     "enabled", "import-values", "alias", NULL };
	strbuf_addch(sb, '{');
	int first = 1;
	for (int i = 0; order[i]; i++) {
		json_t *v = json_object_get(o, order[i]);
		if (!v)
			continue;
		if (!first)
			strbuf_addch(sb, ',');
		first = 0;
		json_t *k = json_string(order[i]);
		json_emit(sb, k, JSON_OUT_COMPACT);
		json_decref(k);
		strbuf_addch(sb, ':');
		json_emit(sb, v, JSON_OUT_COMPACT | JSON_OUT_SORT_KEYS);
	}
	strbuf_addch(sb, '}');
}

static char *sha256_hex(const struct strbuf *sb)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_Digest(sb->buf, sb->len, md, &mdlen, EVP_sha256(), NULL);
	struct strbuf h = STRBUF_INIT;
	strbuf_addstr(&h, "sha256:");
	for (unsigned i = 0; i < mdlen; i++)
		strbuf_addf(&h, "%02x", md[i]);
	return strbuf_detach(&h, NULL);
}

/* resolver.HashReq: "sha256:" + hex(sha256(json.Marshal([req, lock]))),
 * or (v2 = 1) HashV2Req: json.Marshal({"dependencies": req}). */
static char *hash_req_v(json_t *req, json_t *lock, int v2)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *both[2] = { req, lock };
	strbuf_addstr(&sb, v2 ? "{\"dependencies\":" : "[");
	for (int k = 0; k < (v2 ? 1 : 2); k++) {
		if (k)
			strbuf_addch(&sb, ',');
		if (!both[k] || json_is_null(both[k])) {
			strbuf_addstr(&sb, "null");
			continue;
		}
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < json_array_size(both[k]); i++) {
			if (i)
				strbuf_addch(&sb, ',');
			json_t *d = json_array_get(both[k], i);
			if (json_is_null(d))
				strbuf_addstr(&sb, "null");
			else
				marshal_dep(&sb, d);
		}
		strbuf_addch(&sb, ']');
	}
	strbuf_addch(&sb, v2 ? '}' : ']');
	char *h = sha256_hex(&sb);
	strbuf_release(&sb);
	return h;
}

static char *hash_req(json_t *req, json_t *lock)
{
	return hash_req_v(req, lock, 0);
}

/* GetLocalPath */
static char *local_path(const char *repo, const char *chartpath, struct kc_err *err)
{
	const char *p = repo + (starts_with(repo, "file://") ? 7 : 0);
	char *dp = p[0] == '/' ? clean_path(p) : join(chartpath, p);
	struct stat st;
	if (stat(dp, &st) < 0) {
		if (errno == ENOENT)
			kc_err_set(err, "directory %s not found", dp);
		else
			kc_err_set(err, "stat %s: %s", dp, go_errno_str(errno));
		free(dp);
		return NULL;
	}
	return dp;
}

static struct chart *load_dir(const char *path, struct kc_err *err)
{
	return chart_load(path, NULL, err);
}

/* rfc3339nano of now in the local zone, as Go's time.Time marshals */
static void now_rfc3339nano(struct strbuf *sb)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	localtime_r(&ts.tv_sec, &tm);
	char buf[64];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	strbuf_addstr(sb, buf);
	if (ts.tv_nsec) {
		char frac[16];
		snprintf(frac, sizeof(frac), ".%09ld", ts.tv_nsec);
		size_t n = strlen(frac);
		while (n > 1 && frac[n - 1] == '0')
			frac[--n] = 0;
		strbuf_addstr(sb, frac);
	}
	long off = tm.tm_gmtoff;
	if (!off)
		strbuf_addch(sb, 'Z');
	else
		strbuf_addf(sb, "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 3600, (labs(off) % 3600) / 60);
}

static int is_remote(const char *repo)
{
	return *repo && !starts_with(repo, "file://");
}

/* downloadAll for local dependencies; lock deps (array of objects) may get
 * their versions replaced by what was archived. */
static int download_all(const char *chartpath, json_t *deps, struct kc_err *err)
{
	char *dest = join(chartpath, "charts");
	char *tmp = xasprintf("%s/tmpcharts-%ld", chartpath, (long)getpid());
	int ret = 0;
	struct stat st;
	if (stat(dest, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, dest, strlen(dest));
			ret = kc_err_set(err, "%s is not a directory", q.buf);
			strbuf_release(&q);
			goto out;
		}
	} else if (mkdir_p(dest, 0755) < 0) {
		ret = kc_err_set(err, "mkdir %s: %s", dest, go_errno_str(errno));
		goto out;
	}
	mkdir_p(tmp, 0755);
	printf("Saving %zu charts\n", json_array_size(deps));
	struct kc_err save = KC_ERR_INIT;
	struct strvec local_names = STRVEC_INIT;
	for (size_t i = 0; i < json_array_size(deps) && !kc_err_isset(&save); i++) {
		json_t *d = json_array_get(deps, i);
		const char *name = json_string_value(json_object_get(d, "name"));
		const char *repo = json_string_value(json_object_get(d, "repository"));
		const char *ver = json_string_value(json_object_get(d, "version"));
		name = name ? name : "";
		repo = repo ? repo : "";
		ver = ver ? ver : "";
		if (!*repo) {
			strvec_push(&local_names, name);
			printf("Dependency %s did not declare a repository. Assuming it exists in the charts directory\n", name);
			char *cp = join(dest, name);
			struct kc_err e = KC_ERR_INIT;
			struct chart *ch = load_dir(cp, &e);
			if (!ch) {
				ret = kc_err_set(err, "unable to load chart '%s': %s", cp, e.msg.buf);
				kc_err_release(&e);
				free(cp);
				goto done;
			}
			free(cp);
			if (!sprig_semver_satisfies(ver, ch->meta->version))
				kc_err_set(&save, "dependency %s at version %s does not satisfy the constraint %s", name,
					   ch->meta->version, ver);
			chart_free(ch);
			continue;
		}
		if (!starts_with(repo, "file://")) {
			ret = kc_err_set(err, "kc: dependency %s: only file:// repositories and charts/ subfolders are supported (repository %s)",
					 name, repo);
			goto done;
		}
		char *op = local_path(repo, chartpath, &save);
		if (!op)
			break;
		struct chart *ch = load_dir(op, &save);
		free(op);
		if (!ch)
			break;
		if (!sprig_semver_satisfies(ver, ch->meta->version)) {
			kc_err_set(&save, "can't get a valid version for dependency %s", name);
			chart_free(ch);
			break;
		}
		char *saved = chart_save(ch, tmp, &save);
		if (saved)
			json_object_set_new(d, "version", json_string(ch->meta->version));
		free(saved);
		chart_free(ch);
	}
	if (kc_err_isset(&save)) {
		printf("Save error occurred:  %s\n", save.msg.buf);
		kc_err_move(err, &save);
		ret = -1;
		goto done;
	}
	/* safeMoveDeps */
	struct strvec moved = STRVEC_INIT;
	DIR *dd = opendir(tmp);
	struct dirent *de;
	while (dd && (de = readdir(dd))) {
		if (de->d_name[0] == '.')
			continue;
		char *s = xasprintf("%s/%s", tmp, de->d_name), *t = xasprintf("%s/%s", dest, de->d_name);
		strvec_push(&moved, de->d_name);
		if (rename(s, t) < 0)
			printf("Unable to move %s to charts dir %s (Skipping)", s, go_errno_str(errno));
		free(s);
		free(t);
	}
	if (dd)
		closedir(dd);
	printf("Deleting outdated charts\n");
	dd = opendir(dest);
	struct strvec names = STRVEC_INIT;
	while (dd && (de = readdir(dd)))
		if (de->d_name[0] != '.' || (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")))
			strvec_push(&names, de->d_name);
	if (dd)
		closedir(dd);
	strvec_sort(&names);
	for (size_t i = 0; i < names.nr; i++) {
		char *f = xasprintf("%s/%s", dest, names.v[i]);
		struct stat fs;
		if (stat(f, &fs) == 0 && !S_ISDIR(fs.st_mode) && !strvec_contains(&moved, names.v[i])) {
			struct kc_err e = KC_ERR_INIT;
			struct chart *ch = chart_load(f, NULL, &e);
			if (!ch) {
				printf("Could not verify %s for deletion: %s (Skipping)\n", f, e.msg.buf);
			} else {
				if (!strvec_contains(&local_names, ch->meta->name) && unlink(f) < 0)
					printf("Could not delete %s: %s (Skipping)", f, go_errno_str(errno));
				chart_free(ch);
			}
			kc_err_release(&e);
		}
		free(f);
	}
	strvec_clear(&names);
	strvec_clear(&moved);
done:
	strvec_clear(&local_names);
	kc_err_release(&save);
	/* os.RemoveAll(tmpPath) */
	{
		DIR *td = opendir(tmp);
		struct dirent *te;
		while (td && (te = readdir(td))) {
			if (!strcmp(te->d_name, ".") || !strcmp(te->d_name, ".."))
				continue;
			char *f = xasprintf("%s/%s", tmp, te->d_name);
			unlink(f);
			free(f);
		}
		if (td)
			closedir(td);
		rmdir(tmp);
	}
out:
	free(dest);
	free(tmp);
	return ret;
}

static struct chart *load_chart_dir(const char *path, struct kc_err *err)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		kc_err_set(err, "could not find %s: stat %s: %s", path, path, go_errno_str(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		kc_err_set(err, "only unpacked charts can be updated");
		return NULL;
	}
	return chart_load(path, NULL, err);
}

static json_t *req_json(const struct chart *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->meta->ndeps; i++)
		json_array_append_new(a, c->meta->deps[i] ? dep_json(c->meta->deps[i]) : json_null());
	return a;
}

static int dep_update(const char *chartpath, struct kc_err *err)
{
	struct chart *c = load_chart_dir(chartpath, err);
	if (!c)
		return -1;
	int ret = 0;
	json_t *req = NULL, *locked = NULL;
	char *digest = NULL;
	if (!c->meta->deps)
		goto out;
	req = req_json(c);
	/* resolveRepoNames: file:// paths must exist; remote repositories unsupported */
	for (size_t i = 0; i < c->meta->ndeps; i++) {
		const struct chart_dep *d = c->meta->deps[i];
		if (!d)
			continue;
		if (starts_with(d->repository, "file://")) {
			char *p = local_path(d->repository, chartpath, err);
			if (!p) {
				ret = -1;
				goto out;
			}
			free(p);
		} else if (is_remote(d->repository)) {
			ret = kc_err_set(err, "kc: dependency %s: only file:// repositories and charts/ subfolders are supported (repository %s)",
					 d->name, d->repository);
			goto out;
		}
	}
	/* Resolve */
	locked = json_array();
	struct strbuf missing = STRBUF_INIT;
	size_t nmissing = 0;
	for (size_t i = 0; i < c->meta->ndeps; i++) {
		const struct chart_dep *d = c->meta->deps[i];
		if (!d) {
			json_array_append_new(locked, json_null());
			continue;
		}
		if (!*d->repository) {
			char *sub = xasprintf("charts/%s", d->name);
			char *p = local_path(sub, chartpath, err);
			free(sub);
			if (!p) {
				strbuf_release(&missing);
				ret = -1;
				goto out;
			}
			free(p);
			json_array_append_new(locked, json_pack("{s:s,s:s,s:s}", "name", d->name, "version",
								d->version, "repository", ""));
			continue;
		}
		char *p = local_path(d->repository, chartpath, err);
		if (!p) {
			strbuf_release(&missing);
			ret = -1;
			goto out;
		}
		struct chart *dc = load_dir(p, err);
		free(p);
		if (!dc) {
			strbuf_release(&missing);
			ret = -1;
			goto out;
		}
		if (!sprig_semver_satisfies(d->version, dc->meta->version)) {
			struct strbuf qn = STRBUF_INIT, qr = STRBUF_INIT, qv = STRBUF_INIT;
			go_quote(&qn, d->name, strlen(d->name));
			go_quote(&qr, d->repository, strlen(d->repository));
			go_quote(&qv, d->version, strlen(d->version));
			strbuf_addf(&missing, "%s%s (repository %s, version %s)", nmissing ? ", " : "", qn.buf,
				    qr.buf, qv.buf);
			nmissing++;
			strbuf_release(&qn);
			strbuf_release(&qr);
			strbuf_release(&qv);
			json_array_append_new(locked, json_null());
		} else {
			json_array_append_new(locked, json_pack("{s:s,s:s,s:s}", "name", d->name, "version",
								dc->meta->version, "repository", d->repository));
		}
		chart_free(dc);
	}
	if (nmissing) {
		kc_err_set(err, "can't get a valid version for %zu subchart(s): %s. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml",
			   nmissing, missing.buf);
		strbuf_release(&missing);
		ret = -1;
		goto out;
	}
	strbuf_release(&missing);
	if (download_all(chartpath, locked, err) < 0) {
		ret = -1;
		goto out;
	}
	digest = hash_req(req, locked);
	const char *old = c->lock ? json_string_value(json_object_get(c->lock, "digest")) : NULL;
	if (old && !strcmp(old, digest))
		goto out;
	int legacy = !strcmp(c->meta->api_version, "v1");
	struct strbuf gen = STRBUF_INIT, y = STRBUF_INIT;
	now_rfc3339nano(&gen);
	json_t *lock = json_pack("{s:s,s:s,s:O}", "generated", gen.buf, "digest", digest, "dependencies", locked);
	yaml_emit(&y, lock);
	json_decref(lock);
	char *dest = xasprintf("%s/%s", chartpath, legacy ? "requirements.lock" : "Chart.lock");
	struct stat st;
	if (lstat(dest, &st) == 0 && S_ISLNK(st.st_mode)) {
		char link[4096];
		ssize_t n = readlink(dest, link, sizeof(link) - 1);
		link[n > 0 ? n : 0] = 0;
		kc_err_set(err, "the %s file is a symlink to \"%s\"", legacy ? "requirements.lock" : "Chart.lock", link);
		ret = -1;
	} else if (file_write_atomic(dest, y.buf, y.len, 0644, err) < 0) {
		ret = -1;
	}
	free(dest);
	strbuf_release(&gen);
	strbuf_release(&y);
out:
	free(digest);
	json_decref(req);
	json_decref(locked);
	chart_free(c);
	return ret;
}

static int dep_build(const char *chartpath, struct kc_err *err)
{
	struct chart *c = load_chart_dir(chartpath, err);
	if (!c)
		return -1;
	if (!c->lock) {
		chart_free(c);
		return dep_update(chartpath, err);
	}
	int ret = 0;
	json_t *req = req_json(c);
	json_t *ldeps = json_object_get(c->lock, "dependencies");
	int legacy = !strcmp(c->meta->api_version, "v1");
	for (size_t i = 0; i < c->meta->ndeps; i++) {
		const struct chart_dep *d = c->meta->deps[i];
		if (d && starts_with(d->repository, "file://")) {
			char *p = local_path(d->repository, chartpath, err);
			if (!p) {
				ret = -1;
				goto out;
			}
			free(p);
		}
	}
	char *sum = hash_req(req, ldeps);
	const char *want = json_string_value(json_object_get(c->lock, "digest"));
	int same = want && !strcmp(sum, want);
	free(sum);
	if (!same && legacy) {
		/* a lock written by Helm 2 carries Helm 2's hash */
		fflush(stdout);
		fprintf(stderr, "warning: a valid Helm v3 hash was not found. Checking against Helm v2 hash...\n");
		char *v2 = hash_req_v(req, NULL, 1);
		same = want && !strcmp(v2, want);
		free(v2);
	}
	if (!same) {
		if (legacy)
			ret = kc_err_set(err, "the lock file (requirements.lock) is out of sync with the dependencies file (requirements.yaml). Please update the dependencies");
		else
			ret = kc_err_set(err, "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies");
		goto out;
	}
	json_t *copy = json_deep_copy(ldeps ? ldeps : json_array());
	ret = download_all(chartpath, copy, err);
	json_decref(copy);
out:
	json_decref(req);
	chart_free(c);
	return ret;
}

/* ---------------------------------------------------------------------------
 * commands
 */
struct dep_sub_flags {
	int verify, skip_refresh, insecure, plain_http;
	const char *keyring, *username, *password, *cert, *key, *ca;
	char *keyring_def;
};

static void dep_sub_flags(struct hflags *fs, struct dep_sub_flags *d)
{
	memset(d, 0, sizeof(*d));
	const char *gh = getenv("GNUPGHOME");
	d->keyring_def = gh && *gh ? xasprintf("%s/pubring.gpg", gh) : xasprintf("%s/.gnupg/pubring.gpg", home_dir());
	d->keyring = d->keyring_def;
	d->username = d->password = d->cert = d->key = d->ca = "";
	hflags_add(fs, HF_BOOL, "verify", 0, &d->verify, "verify the packages against signatures");
	hflags_add(fs, HF_STRING, "keyring", 0, &d->keyring, "keyring containing public keys");
	hflags_add(fs, HF_BOOL, "skip-refresh", 0, &d->skip_refresh, "do not refresh the local repository cache");
	hflags_add(fs, HF_STRING, "username", 0, &d->username, "chart repository username where to locate the requested chart");
	hflags_add(fs, HF_STRING, "password", 0, &d->password, "chart repository password where to locate the requested chart");
	hflags_add(fs, HF_STRING, "cert-file", 0, &d->cert, "identify HTTPS client using this SSL certificate file");
	hflags_add(fs, HF_STRING, "key-file", 0, &d->key, "identify HTTPS client using this SSL key file");
	hflags_add(fs, HF_BOOL, "insecure-skip-tls-verify", 0, &d->insecure, "skip tls certificate checks for the chart download");
	hflags_add(fs, HF_BOOL, "plain-http", 0, &d->plain_http, "use insecure HTTP connections for the chart download");
	hflags_add(fs, HF_STRING, "ca-file", 0, &d->ca, "verify certificates of HTTPS-enabled servers using this CA bundle");
}

enum dep_verb { DEP_LIST, DEP_UPDATE, DEP_BUILD };

static int dep_cmd(int argc, const char **argv, enum dep_verb verb, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	struct dep_sub_flags df;
	long maxw = 80;
	int rc;
	chart_global_init(&g);
	memset(&df, 0, sizeof(df));
	if (verb == DEP_LIST) {
		chart_cmd_init(&c, "helm dependency list", "list CHART", HELM_DEPENDENCY_LIST_DESC);
		c.aliases = "list, ls";
		hflags_add(&c.local, HF_UINT, "max-col-width", 0, &maxw, "maximum column width for output table");
	} else if (verb == DEP_UPDATE) {
		chart_cmd_init(&c, "helm dependency update", "update CHART", HELM_DEPENDENCY_UP_DESC);
		c.aliases = "update, up";
		dep_sub_flags(&c.local, &df);
	} else {
		chart_cmd_init(&c, "helm dependency build", "build CHART", HELM_DEPENDENCY_BUILD_DESC);
		dep_sub_flags(&c.local, &df);
	}
	chart_global_flags(&c.global, &g);
	rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_max(&c, 1, err) < 0)
		goto fail;
	char *cp = clean_path(c.args.nr ? c.args.v[0] : ".");
	int r = verb == DEP_LIST ? dep_list(cp, (unsigned long)maxw, err)
		: verb == DEP_UPDATE ? dep_update(cp, err)
				     : dep_build(cp, err);
	free(cp);
	if (r < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = chart_fail(err);
out:
	free(df.keyring_def);
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}

int cmd_chart_dependency(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return chart_group(argc, argv, "helm dependency", "dependency update|build|list",
			   HELM_DEPENDENCY_DESC, "dependency, dep, dependencies",
			   "  build       rebuild the charts/ directory based on the Chart.lock file\n"
			   "  list        list the dependencies for the given chart\n"
			   "  update      update charts/ based on the contents of Chart.yaml",
			   err);
}

int cmd_chart_dependency_list(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return dep_cmd(argc, argv, DEP_LIST, err);
}

int cmd_chart_dependency_update(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return dep_cmd(argc, argv, DEP_UPDATE, err);
}

int cmd_chart_dependency_build(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	return dep_cmd(argc, argv, DEP_BUILD, err);
}
