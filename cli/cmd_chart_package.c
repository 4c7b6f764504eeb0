/* kc chart package CHART_PATH... — helm package (v3.21). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/internal.h"
#include "cli/chart_cmds.h"
#include "cli/chart_help.h"
#include "util/file.h"

int chart_check_dependencies(const struct chart *ch, struct kc_err *err)
{
	struct strbuf missing = STRBUF_INIT;
	for (size_t i = 0; i < ch->meta->ndeps; i++) {
		if (!ch->meta->deps[i])
			continue;
		int found = 0;
		for (size_t k = 0; k < ch->ndeps && !found; k++)
			found = !strcmp(ch->deps[k]->meta->name, ch->meta->deps[i]->name);
		if (!found)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", ch->meta->deps[i]->name);
	}
	int ret = 0;
	if (missing.len)
		ret = kc_err_set(err, "found in Chart.yaml, but missing in charts/ directory: %s", missing.buf);
	strbuf_release(&missing);
	return ret;
}

int cmd_chart_package(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	struct chart_cmd c;
	struct chart_global g;
	int sign = 0, dep_update = 0, insecure = 0, plain_http = 0, rc;
	const char *key = "", *passphrase = "", *version = "", *app_version = "", *dest = ".";
	const char *username = "", *password = "", *cert = "", *keyf = "", *ca = "";
	char *keyring_def = NULL;
	const char *keyring;
	struct strvec warn = STRVEC_INIT;
	const char *gh = getenv("GNUPGHOME");
	keyring_def = gh && *gh ? xasprintf("%s/pubring.gpg", gh) : xasprintf("%s/.gnupg/pubring.gpg", home_dir());
	keyring = keyring_def;
	chart_global_init(&g);
	chart_cmd_init(&c, "helm package", "package [CHART_PATH] [...]", HELM_PACKAGE_DESC);
	hflags_add(&c.local, HF_BOOL, "sign", 0, &sign, "use a PGP private key to sign this package");
	hflags_add(&c.local, HF_STRING, "key", 0, &key, "name of the key to use when signing. Used if --sign is true");
	hflags_add(&c.local, HF_STRING, "keyring", 0, &keyring, "location of a public keyring");
	hflags_add(&c.local, HF_STRING, "passphrase-file", 0, &passphrase, "location of a file which contains the passphrase for the signing key. Use \"-\" in order to read from stdin.");
	hflags_add(&c.local, HF_STRING, "version", 0, &version, "set the version on the chart to this semver version");
	hflags_add(&c.local, HF_STRING, "app-version", 0, &app_version, "set the appVersion on the chart to this version");
	hflags_add(&c.local, HF_STRING, "destination", 'd', &dest, "location to write the chart.");
	hflags_add(&c.local, HF_BOOL, "dependency-update", 'u', &dep_update, "update dependencies from \"Chart.yaml\" to dir \"charts/\" before packaging");
	hflags_add(&c.local, HF_STRING, "username", 0, &username, "chart repository username where to locate the requested chart");
	hflags_add(&c.local, HF_STRING, "password", 0, &password, "chart repository password where to locate the requested chart");
	hflags_add(&c.local, HF_STRING, "cert-file", 0, &cert, "identify HTTPS client using this SSL certificate file");
	hflags_add(&c.local, HF_STRING, "key-file", 0, &keyf, "identify HTTPS client using this SSL key file");
	hflags_add(&c.local, HF_BOOL, "insecure-skip-tls-verify", 0, &insecure, "skip tls certificate checks for the chart download");
	hflags_add(&c.local, HF_BOOL, "plain-http", 0, &plain_http, "use insecure HTTP connections for the chart download");
	hflags_add(&c.local, HF_STRING, "ca-file", 0, &ca, "verify certificates of HTTPS-enabled servers using this CA bundle");
	chart_global_flags(&c.global, &g);
	rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	rc = -1;
	if (!c.args.nr) {
		kc_err_set(err, "need at least one argument, the path to the chart");
		goto fail;
	}
	if (sign) {
		if (!*key)
			kc_err_set(err, "--key is required for signing a package");
		else if (!*keyring)
			kc_err_set(err, "--keyring is required for signing a package");
		else
			kc_err_set(err, "kc: signing packages (--sign) is not supported");
		goto fail;
	}
	if (dep_update) {
		kc_err_set(err, "kc: package --dependency-update is not supported; run kc chart dependency build first");
		goto fail;
	}
	for (size_t i = 0; i < c.args.nr; i++) {
		const char *a = c.args.v[i];
		struct stat st;
		if (stat(a, &st) < 0) {
			kc_err_set(err, "stat %s: %s", a, go_errno_str(errno));
			goto fail;
		}
		char *abs = path_abs(a);
		if (!S_ISDIR(st.st_mode)) {
			/* loader.LoadDir on a file */
			kc_err_set(err, "open %s/Chart.yaml: not a directory", abs);
			free(abs);
			goto fail;
		}
		struct chart *ch = chart_load(abs, &warn, err);
		free(abs);
		chart_print_warnings(&warn);
		strvec_clear(&warn);
		if (!ch)
			goto fail;
		if (*version) {
			free(ch->meta->version);
			ch->meta->version = xstrdup(version);
		}
		if (!sprig_semver_valid(ch->meta->version)) {
			kc_err_set(err, "invalid semantic version");
			chart_free(ch);
			goto fail;
		}
		if (*app_version) {
			free(ch->meta->app_version);
			ch->meta->app_version = xstrdup(app_version);
		}
		if (ch->meta->deps && chart_check_dependencies(ch, err) < 0) {
			chart_free(ch);
			goto fail;
		}
		char *d = !strcmp(dest, ".") ? getcwd(NULL, 0) : xstrdup(dest);
		char *saved = chart_save(ch, d, err);
		free(d);
		chart_free(ch);
		if (!saved) {
			kc_err_prefix(err, "failed to save: ");
			goto fail;
		}
		printf("Successfully packaged chart and saved it to: %s\n", saved);
		free(saved);
	}
	rc = 0;
	goto out;
fail:
	rc = chart_fail(err);
out:
	strvec_clear(&warn);
	free(keyring_def);
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}
