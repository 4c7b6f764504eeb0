/* kc chart create NAME [--starter NAME|PATH] [--rails] — helm create (v3.21):
 * Helm's scaffold layout with kc's own files, or a copy of a starter chart
 * (examples/rails for --rails / --starter rails). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/chart_cmds.h"
#include "cli/chart_help.h"
#include "cli/chart_scaffold.h"
#include "util/file.h"
#include "util/gostr.h"

static void replace_all(struct strbuf *out, const char *text, size_t len, const char *from,
			const char *to)
{
	size_t fl = strlen(from);
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *hit = fl ? memmem(p, (size_t)(end - p), from, fl) : NULL;
		if (!hit) {
			strbuf_add(out, p, (size_t)(end - p));
			break;
		}
		strbuf_add(out, p, (size_t)(hit - p));
		strbuf_addstr(out, to);
		p = hit + fl;
	}
}

static int write_one(const char *path, const char *data, size_t len, struct kc_err *err)
{
	char *dir = xstrdup(path);
	char *sl = strrchr(dir, '/');
	if (sl) {
		*sl = 0;
		if (mkdir_p(dir, 0755) < 0) {
			kc_err_set(err, "mkdir %s: %s", dir, go_errno_str(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return kc_err_set(err, "open %s: %s", path, go_errno_str(errno));
	fwrite(data, 1, len, f);
	if (fclose(f) != 0)
		return kc_err_set(err, "write %s: %s", path, go_errno_str(errno));
	return 0;
}

static int valid_chart_name(const char *n)
{
	size_t len = strlen(n);
	if (!len || len > 250)
		return 0;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

/* The Rails starter: examples/rails next to the kc binary (source tree or
 * PREFIX/share/kc). */
static char *find_rails_starter(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	char *sl = strrchr(exe, '/');
	if (sl)
		*sl = 0;
	static const char *const rel[] = { "../examples/rails", "examples/rails",
					   "../share/kc/examples/rails", NULL };
	for (int i = 0; rel[i]; i++) {
		char *p = xasprintf("%s/%s/Chart.yaml", exe, rel[i]);
		int ok = access(p, R_OK) == 0;
		free(p);
		if (ok)
			return xasprintf("%s/%s", exe, rel[i]);
	}
	return NULL;
}

/* CreateFrom: the starter's files, its Chart.yaml name replaced, <CHARTNAME>
 * replaced in templates and values. */
static int copy_tree(const char *src, const char *dst, const char *rel, const char *name,
		     struct kc_err *err)
{
	char *sdir = *rel ? xasprintf("%s/%s", src, rel) : xstrdup(src);
	DIR *d = opendir(sdir);
	int ret = 0;
	if (!d) {
		ret = kc_err_set(err, "could not load %s: %s", src, go_errno_str(errno));
		free(sdir);
		return ret;
	}
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strvec_push(&names, de->d_name);
	closedir(d);
	strvec_sort(&names);
	for (size_t i = 0; i < names.nr && !ret; i++) {
		char *r = *rel ? xasprintf("%s/%s", rel, names.v[i]) : xstrdup(names.v[i]);
		char *sp = xasprintf("%s/%s", src, r);
		struct stat st;
		if (stat(sp, &st) == 0 && S_ISDIR(st.st_mode)) {
			char *dp = xasprintf("%s/%s", dst, r);
			mkdir_p(dp, 0755);
			free(dp);
			ret = copy_tree(src, dst, r, name, err);
		} else {
			struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
			if (file_read(sp, &in, err) == 0) {
				if (!strcmp(r, "Chart.yaml")) {
					/* the name: line takes the new chart's name */
					const char *p = in.buf;
					while (*p) {
						const char *nl = strchr(p, '\n');
						size_t ll = nl ? (size_t)(nl - p + 1) : strlen(p);
						if (starts_with(p, "name:"))
							strbuf_addf(&out, "name: %s\n", name);
						else
							strbuf_add(&out, p, ll);
						p += ll;
					}
				} else {
					replace_all(&out, in.buf, in.len, "<CHARTNAME>", name);
				}
				char *dp = xasprintf("%s/%s", dst, r);
				ret = write_one(dp, out.buf, out.len, err);
				free(dp);
			} else {
				ret = -1;
			}
			strbuf_release(&in);
			strbuf_release(&out);
		}
		free(sp);
		free(r);
	}
	strvec_clear(&names);
	free(sdir);
	return ret;
}

int cmd_chart_create(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	struct chart_cmd c;
	struct chart_global g;
	const char *starter = "";
	int rails = 0, rc;
	char *abs = NULL, *cdir = NULL, *lstarter = NULL;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm create", "create NAME", HELM_CREATE_DESC);
	hflags_add(&c.local, HF_STRING, "starter", 'p', &starter, "the name or absolute path to Helm starter scaffold");
	hflags_add(&c.local, HF_BOOL, "rails", 0, &rails, "scaffold the Rails chart (the same as --starter rails)");
	chart_global_flags(&c.global, &g);
	rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (chart_require_exact(&c, 1, err) < 0)
		goto fail;
	const char *arg = c.args.v[0];
	printf("Creating %s\n", arg);
	/* filepath.Base / filepath.Dir */
	char *tmp = xstrdup(arg);
	size_t tl = strlen(tmp);
	while (tl > 1 && tmp[tl - 1] == '/')
		tmp[--tl] = 0;
	char *sl = strrchr(tmp, '/');
	const char *name = sl ? sl + 1 : tmp;
	char *dir = sl ? (sl == tmp ? xstrdup("/") : xstrndup(tmp, (size_t)(sl - tmp))) : xstrdup(".");
	char *namecopy = xstrdup(name);
	free(tmp);
	if (rails && !*starter)
		starter = "rails";
	if (*starter) {
		const char *dh = getenv("HELM_DATA_HOME"), *xd = getenv("XDG_DATA_HOME");
		char *sdir = dh && *dh ? xasprintf("%s/starters", dh)
			   : xd && *xd ? xasprintf("%s/helm/starters", xd)
				       : xasprintf("%s/.local/share/helm/starters", home_dir());
		lstarter = starter[0] == '/' ? xstrdup(starter) : xasprintf("%s/%s", sdir, starter);
		free(sdir);
		struct stat st;
		if (stat(lstarter, &st) < 0 && !strcmp(starter, "rails")) {
			char *r = find_rails_starter();
			if (r) {
				free(lstarter);
				lstarter = r;
			}
		}
		abs = path_abs(dir);
		cdir = xasprintf("%s/%s", abs, namecopy);
		struct stat ds;
		if (stat(lstarter, &st) < 0 || !S_ISDIR(st.st_mode)) {
			kc_err_set(err, "could not load %s: stat %s: no such file or directory", lstarter, lstarter);
		} else if (stat(abs, &ds) < 0 || !S_ISDIR(ds.st_mode)) {
			kc_err_set(err, "no such directory %s", abs);
		} else if (mkdir_p(cdir, 0755) < 0) {
			kc_err_set(err, "mkdir %s: %s", cdir, go_errno_str(errno));
		} else if (copy_tree(lstarter, cdir, "", namecopy, err) == 0) {
			rc = 0;
		}
		free(dir);
		free(namecopy);
		if (rc < 0)
			goto fail;
		goto out;
	}
	if (!valid_chart_name(namecopy)) {
		if (!*namecopy || strlen(namecopy) > 250)
			kc_err_set(err, "chart name must be between 1 and 250 characters");
		else
			kc_err_set(err, "chart name must match the regular expression \"^[a-zA-Z0-9._-]+$\"");
		free(dir);
		free(namecopy);
		goto fail;
	}
	abs = path_abs(dir);
	free(dir);
	struct stat st;
	if (stat(abs, &st) < 0) {
		kc_err_set(err, "stat %s: %s", abs, go_errno_str(errno));
		free(namecopy);
		goto fail;
	}
	if (!S_ISDIR(st.st_mode)) {
		kc_err_set(err, "no such directory %s", abs);
		free(namecopy);
		goto fail;
	}
	cdir = xasprintf("%s/%s", abs, namecopy);
	if (stat(cdir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		kc_err_set(err, "file %s already exists and is not a directory", cdir);
		free(namecopy);
		goto fail;
	}
	for (size_t i = 0; i < sizeof(chart_scaffold) / sizeof(chart_scaffold[0]); i++) {
		char *p = xasprintf("%s/%s", cdir, chart_scaffold[i].path);
		struct strbuf out = STRBUF_INIT;
		const char *t = chart_scaffold[i].text;
		replace_all(&out, t, strlen(t), "<CHARTNAME>", namecopy);
		if (access(p, F_OK) == 0) {
			fflush(stdout);
			printf("WARNING: File \"%s\" already exists. Overwriting.\n", p);
		}
		int wr = write_one(p, out.buf, out.len, err);
		strbuf_release(&out);
		free(p);
		if (wr < 0) {
			free(namecopy);
			goto fail;
		}
	}
	/* the (empty) charts/ directory */
	char *charts = xasprintf("%s/charts", cdir);
	mkdir_p(charts, 0755);
	free(charts);
	free(namecopy);
	rc = 0;
	goto out;
fail:
	rc = chart_fail(err);
out:
	free(abs);
	free(cdir);
	free(lstarter);
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}
