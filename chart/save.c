/* `helm package`'s archive writer (chartutil.Save): NAME-VERSION.tgz with
 * NAME/Chart.yaml re-marshalled from the metadata, the raw values.yaml,
 * values.schema.json, templates, files and subcharts under NAME/charts/. */
#include "chart/chart.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "chart/internal.h"
#include "util/file.h"
#include "util/gzip.h"
#include "util/json.h"
#include "util/tar.h"
#include "util/yaml.h"

static int write_contents(struct strbuf *tarb, const struct chart *c, const char *prefix,
			  long long now, struct kc_err *err)
{
	char *base = *prefix ? xasprintf("%s/%s", prefix, c->meta->name) : xstrdup(c->meta->name);
	int ret = 0;
	/* Chart.yaml (v1 charts keep their dependencies in requirements.yaml) */
	json_t *md = chart_meta_to_json(c->meta, -1);
	if (!strcmp(c->meta->api_version, "v1"))
		json_object_del(md, "dependencies");
	struct strbuf y = STRBUF_INIT;
	if (json_object_size(md))
		yaml_emit(&y, md);
	else
		strbuf_addstr(&y, "{}\n");
	json_decref(md);
	char *n = xasprintf("%s/Chart.yaml", base);
	tar_write_file(tarb, n, y.buf, y.len, 0644, now);
	free(n);
	strbuf_release(&y);
	if (!strcmp(c->meta->api_version, "v2") && c->lock) {
		struct strbuf l = STRBUF_INIT;
		yaml_emit(&l, c->lock);
		n = xasprintf("%s/Chart.lock", base);
		tar_write_file(tarb, n, l.buf, l.len, 0644, now);
		free(n);
		strbuf_release(&l);
	}
	for (size_t i = 0; i < c->raw.nr; i++)
		if (!strcmp(c->raw.v[i].name, "values.yaml")) {
			n = xasprintf("%s/values.yaml", base);
			tar_write_file(tarb, n, c->raw.v[i].data, c->raw.v[i].len, 0644, now);
			free(n);
		}
	if (c->schema) {
		struct kc_err e = KC_ERR_INIT;
		json_t *j = json_parse(c->schema, c->schema_len, &e);
		kc_err_release(&e);
		if (!j) {
			ret = kc_err_set(err, "Invalid JSON in values.schema.json");
			goto out;
		}
		json_decref(j);
		n = xasprintf("%s/values.schema.json", base);
		tar_write_file(tarb, n, c->schema, c->schema_len, 0644, now);
		free(n);
	}
	for (size_t i = 0; i < c->templates.nr; i++) {
		n = xasprintf("%s/%s", base, c->templates.v[i].name);
		tar_write_file(tarb, n, c->templates.v[i].data, c->templates.v[i].len, 0644, now);
		free(n);
	}
	for (size_t i = 0; i < c->files.nr; i++) {
		n = xasprintf("%s/%s", base, c->files.v[i].name);
		tar_write_file(tarb, n, c->files.v[i].data, c->files.v[i].len, 0644, now);
		free(n);
	}
	char *charts = xasprintf("%s/charts", base);
	for (size_t i = 0; i < c->ndeps && ret == 0; i++)
		ret = write_contents(tarb, c->deps[i], charts, now, err);
	free(charts);
out:
	free(base);
	return ret;
}

char *chart_save(const struct chart *c, const char *outdir, struct kc_err *err)
{
	/* c.Validate() (the chart was validated when loaded; names can't change) */
	char *fn = xasprintf("%s/%s-%s.tgz", outdir, c->meta->name, c->meta->version);
	struct stat st;
	if (stat(outdir, &st) < 0) {
		if (mkdir_p(outdir, 0755) < 0) {
			kc_err_set(err, "mkdir %s: %s", outdir, go_errno_str(errno));
			free(fn);
			return NULL;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		kc_err_set(err, "is not a directory: %s", outdir);
		free(fn);
		return NULL;
	}
	struct strbuf tarb = STRBUF_INIT, gz = STRBUF_INIT;
	if (write_contents(&tarb, c, "", (long long)time(NULL), err) < 0) {
		strbuf_release(&tarb);
		free(fn);
		return NULL;
	}
	tar_finish(&tarb);
	static const char extra[] = "+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";
	gzip_compress_hdr(tarb.buf, tarb.len, &gz, -1, extra, sizeof(extra) - 1, "Helm");
	int rc = file_write_atomic(fn, gz.buf, gz.len, 0644, err);
	strbuf_release(&tarb);
	strbuf_release(&gz);
	if (rc < 0) {
		free(fn);
		return NULL;
	}
	return fn;
}
