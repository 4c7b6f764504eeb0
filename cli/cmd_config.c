/* kc config …: kubectl's pkg/cmd/config, on kubeconfig/'s model. Each sub-command
 * keeps kubectl's order of checks (arguments, validation, loading, ModifyConfig)
 * so that the same mistakes give the same messages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd_config.h"
#include "kubeconfig/kubeconfig.h"
#include "kubeconfig/schema.h"
#include "kube/jsonpath.h"
#include "template/template.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/gostr.h"
#include "util/json.h"
#include "util/tabwriter.h"
#include "util/yaml.h"

/* ---- helpers ------------------------------------------------------------------ */

#define OPT_STRING_SET(l, v, u, set) { OPT_T_STRING, (l), 0, (v), (u), NULL, 0, (set), NULL }
#define OPT_BOOL_SET(l, v, u, set)   { OPT_T_BOOL, (l), 0, (v), (u), NULL, 0, (set), NULL }

static void loading_rules(struct kc_ctx *ctx, struct kc_loading_rules *r)
{
	kc_loading_rules_init(r, ctx->g.kubeconfig);
}

/* the file named in delete/rename messages */
static const char *config_file(const struct kc_loading_rules *r)
{
	return r->explicit_path ? r->explicit_path : kc_loading_rules_default_file(r);
}

static void go_slice(struct strbuf *sb, const struct strvec *args)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < args->nr; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", args->v[i]);
	strbuf_addch(sb, ']');
}

static char *quote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	go_quote(&sb, s, strlen(s));
	return strbuf_detach(&sb, NULL);
}

/* Help printed after parsing shows the flags' defaults, not the values given
 * (every option of these commands defaults to its zero value). */
static void print_help_defaults(struct kc_ctx *ctx, const struct kc_option *opts,
				const struct kc_cmd_help *help)
{
	size_t n = 0;
	for (const struct kc_option *o = opts; o && o->type; o++)
		n++;
	struct kc_option *copy = xcalloc(n + 1, sizeof *copy);
	for (size_t i = 0; i < n; i++) {
		copy[i] = opts[i];
		switch (opts[i].type) {
		case OPT_T_BOOL: copy[i].defshow = "false"; break;
		case OPT_T_STRING: copy[i].defshow = "''"; break;
		case OPT_T_STRARRAY:
		case OPT_T_STRSLICE: copy[i].defshow = "[]"; break;
		default: break;
		}
	}
	kc_print_help(ctx, stdout, opts ? copy : NULL, help);
	free(copy);
}

/* kubectl's helpErrorf: print the help, then fail with the message */
static int help_error(struct kc_ctx *ctx, const struct kc_option *opts, const struct kc_cmd_help *help,
		      const struct strvec *args, struct kc_err *err)
{
	print_help_defaults(ctx, opts, help);
	struct strbuf sb = STRBUF_INIT;
	go_slice(&sb, args);
	kc_err_set(err, "Unexpected args: %s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* cmdutil.UsageErrorf */
static int usage_error(struct kc_ctx *ctx, struct kc_err *err, const char *msg)
{
	return kc_err_raw(err, "error: %s\nSee '%s %s -h' for help and examples\n", msg, ctx->prog,
			  ctx->cmd_path);
}

static int load_starting(struct kc_loading_rules *r, struct kc_kubeconfig *kc, struct kc_err *err)
{
	if (kc_kubeconfig_load(r, 1, kc, err) < 0)
		return -1;
	return 0;
}

/* parse; returns 1 for --help (caller returns 0), -1 error, 0 ok */
static int parse(struct kc_ctx *ctx, int argc, const char **argv, const struct kc_option *opts,
		 const struct kc_cmd_help *help, struct strvec *args, struct kc_err *err)
{
	return kc_parse_options(ctx, argc, argv, opts, help, args, err);
}

/* ---- current-context ------------------------------------------------------------ */

static int cmd_current_context(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, NULL, &kc_help_config_current_context, &args, err);
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	loading_rules(ctx, &r);
	int ret = -1;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (!*kc.current_context) {
		kc_err_set(err, "current-context is not set");
		goto out;
	}
	printf("%s\n", kc.current_context);
	ret = 0;
out:
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	return ret;
}

/* ---- get-contexts / get-clusters / get-users ------------------------------------ */

/* rows of tab-separated cells, aligned as kubectl's tabwriter does */
static void tabwrite(struct strbuf *out, const struct strvec *rows)
{
	struct tabwriter tw;
	tabwriter_init(&tw);
	for (size_t i = 0; i < rows->nr; i++)
		tabwriter_addf(&tw, "%s\n", rows->v[i]);
	tabwriter_flush(&tw, out);
	tabwriter_release(&tw);
}

static int sorted_keys(json_t *map, struct strvec *out)
{
	const char *k;
	json_t *v;
	json_object_foreach(map, k, v)
		strvec_push(out, k);
	strvec_sort(out);
	return 0;
}

static int cmd_get_contexts(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	int no_headers = 0;
	const char *output = "";
	const struct kc_option opts[] = {
		OPT_BOOL("no-headers", 0, &no_headers, "When using the default or custom-column output format, don't print headers (default print headers)."),
		OPT_STRING("output", 'o', &output, "Output format. One of: (name)."),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, names = STRVEC_INIT, rows = STRVEC_INIT, errs = STRVEC_INIT;
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	int rc = parse(ctx, argc, argv, opts, &kc_help_config_get_contexts, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (*output && strcmp(output, "name")) {
		strvec_clear(&args);
		return kc_err_set(err, "--output %s is not available in kubectl config get-contexts; resetting to default output format",
				  output);
	}
	int name_only = !strcmp(output, "name");
	int headers = !no_headers && !name_only;
	loading_rules(ctx, &r);
	int ret = -1;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (!args.nr) {
		sorted_keys(kc.contexts, &names);
	} else {
		for (size_t i = 0; i < args.nr; i++) {
			if (json_object_get(kc.contexts, args.v[i]))
				strvec_push(&names, args.v[i]);
			else
				strvec_pushf(&errs, "context %s not found", args.v[i]);
		}
		strvec_sort(&names);
	}
	struct strbuf out = STRBUF_INIT;
	if (name_only) {
		for (size_t i = 0; i < names.nr; i++)
			strbuf_addf(&out, "%s\n", names.v[i]);
	} else {
		if (headers)
			strvec_push(&rows, "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE");
		for (size_t i = 0; i < names.nr; i++) {
			json_t *c = json_object_get(kc.contexts, names.v[i]);
			const char *cl = json_string_value(json_object_get(c, "cluster"));
			const char *us = json_string_value(json_object_get(c, "user"));
			const char *ns = json_string_value(json_object_get(c, "namespace"));
			strvec_pushf(&rows, "%s\t%s\t%s\t%s\t%s",
				     !strcmp(kc.current_context, names.v[i]) ? "*" : " ", names.v[i],
				     cl ? cl : "", us ? us : "", ns ? ns : "");
		}
		tabwrite(&out, &rows);
	}
	fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	if (errs.nr == 1) {
		kc_err_set(err, "%s", errs.v[0]);
		goto out;
	} else if (errs.nr > 1) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < errs.nr; i++)
			strbuf_addf(&sb, "%s\n", errs.v[i]);
		kc_err_raw(err, "%s", sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	ret = 0;
out:
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	strvec_clear(&args);
	strvec_clear(&names);
	strvec_clear(&rows);
	strvec_clear(&errs);
	return ret;
}

static int get_names(struct kc_ctx *ctx, int argc, const char **argv, const struct kc_cmd_help *help,
		     int users, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT, names = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, NULL, help, &args, err);
	strvec_clear(&args);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	loading_rules(ctx, &r);
	int ret = -1;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	sorted_keys(users ? kc.users : kc.clusters, &names);
	printf("NAME\n");
	for (size_t i = 0; i < names.nr; i++)
		printf("%s\n", names.v[i]);
	ret = 0;
out:
	strvec_clear(&names);
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	return ret;
}

static int cmd_get_clusters(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_names(ctx, argc, argv, &kc_help_config_get_clusters, 0, err);
}

static int cmd_get_users(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return get_names(ctx, argc, argv, &kc_help_config_get_users, 1, err);
}

/* ---- use-context -------------------------------------------------------------- */

static int cmd_use_context(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, NULL, &kc_help_config_use_context, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (args.nr != 1) {
		help_error(ctx, NULL, &kc_help_config_use_context, &args, err);
		strvec_clear(&args);
		return -1;
	}
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	loading_rules(ctx, &r);
	int ret = -1;
	const char *name = args.v[0];
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (!*name) {
		kc_err_set(err, "empty context names are not allowed");
		goto out;
	}
	if (!json_object_get(kc.contexts, name)) {
		char *q = quote(name);
		kc_err_set(err, "no context exists with the name: %s", q);
		free(q);
		goto out;
	}
	free(kc.current_context);
	kc.current_context = xstrdup(name);
	if (kc_kubeconfig_modify(&r, &kc, 1, err) < 0)
		goto out;
	char *q = quote(name);
	printf("Switched to context %s.\n", q);
	free(q);
	ret = 0;
out:
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	strvec_clear(&args);
	return ret;
}

/* ---- set-context ---------------------------------------------------------------- */

static void set_or_del(json_t *o, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(o, k, json_string(v));
	else
		json_object_del(o, k);
}

static int cmd_set_context(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	int current = 0, cl_set = 0, us_set = 0, ns_set = 0;
	const char *cluster = "", *user = "", *ns = "";
	const struct kc_option opts[] = {
		OPT_STRING_SET("cluster", &cluster, "cluster for the context entry in kubeconfig", &cl_set),
		OPT_BOOL("current", 0, &current, "Modify the current context"),
		OPT_STRING_SET("namespace", &ns, "namespace for the context entry in kubeconfig", &ns_set),
		OPT_STRING_SET("user", &user, "user for the context entry in kubeconfig", &us_set),
		OPT_END(),
	};
	/* kubectl's set-context declares -n for its --namespace, which clashes with the
	 * global -n: cobra ends up knowing neither */
	for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1] != '-' && strchr(argv[i], 'n') &&
		    strchr(argv[i], 'n') < (strchr(argv[i], '=') ? strchr(argv[i], '=') : argv[i] + strlen(argv[i])))
			return kc_err_usage(err, "unknown shorthand flag: 'n' in %s", argv[i]);
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, opts, &kc_help_config_set_context, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (args.nr > 1) {
		help_error(ctx, opts, &kc_help_config_set_context, &args, err);
		strvec_clear(&args);
		return -1;
	}
	const char *name = args.nr ? args.v[0] : "";
	if (!*name && !current) {
		strvec_clear(&args);
		return kc_err_set(err, "you must specify a non-empty context name or --current");
	}
	if (*name && current) {
		strvec_clear(&args);
		return kc_err_set(err, "you cannot specify both a context name and --current");
	}
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	loading_rules(ctx, &r);
	int ret = -1;
	char *cname = NULL;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (current) {
		if (!*kc.current_context) {
			kc_err_set(err, "no current context is set");
			goto out;
		}
		name = kc.current_context;
	}
	cname = xstrdup(name);
	json_t *c = json_object_get(kc.contexts, cname);
	int exists = c != NULL;
	if (!c) {
		c = json_object();
		json_object_set_new(kc.contexts, cname, c);
	}
	if (cl_set)
		set_or_del(c, "cluster", cluster);
	if (us_set)
		set_or_del(c, "user", user);
	if (ns_set)
		set_or_del(c, "namespace", ns);
	if (kc_kubeconfig_modify(&r, &kc, 1, err) < 0)
		goto out;
	char *q = quote(cname);
	printf("Context %s %s.\n", q, exists ? "modified" : "created");
	free(q);
	ret = 0;
out:
	free(cname);
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	strvec_clear(&args);
	return ret;
}

/* ---- set-cluster ---------------------------------------------------------------- */

static void set_bytes_from_file(json_t *o, const char *k, const char *path)
{
	struct strbuf data = STRBUF_INIT, enc = STRBUF_INIT;
	struct kc_err e = KC_ERR_INIT;
	file_read(path, &data, &e);
	kc_err_release(&e);
	if (data.len) {
		base64_encode(&enc, data.buf, data.len);
		json_object_set_new(o, k, json_string(enc.buf));
	} else {
		json_object_del(o, k);
	}
	strbuf_release(&data);
	strbuf_release(&enc);
}

static char *abs_path(const char *p)
{
	/* filepath.Abs("") is the working directory */
	return path_abs(*p ? p : ".");
}

static int cmd_set_cluster(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	const char *server = "", *ca = "", *tsn = "", *proxy = "";
	int insecure = 0, embed = 0;
	int server_set = 0, ca_set = 0, tsn_set = 0, proxy_set = 0, insecure_set = 0;
	const struct kc_option opts[] = {
		OPT_STRING_SET("certificate-authority", &ca, "Path to certificate-authority file for the cluster entry in kubeconfig", &ca_set),
		OPT_BOOL("embed-certs", 0, &embed, "embed-certs for the cluster entry in kubeconfig"),
		OPT_BOOL_SET("insecure-skip-tls-verify", &insecure, "insecure-skip-tls-verify for the cluster entry in kubeconfig", &insecure_set),
		OPT_STRING_SET("proxy-url", &proxy, "proxy-url for the cluster entry in kubeconfig", &proxy_set),
		OPT_STRING_SET("server", &server, "server for the cluster entry in kubeconfig", &server_set),
		OPT_STRING_SET("tls-server-name", &tsn, "tls-server-name for the cluster entry in kubeconfig", &tsn_set),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, opts, &kc_help_config_set_cluster, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (args.nr != 1) {
		help_error(ctx, opts, &kc_help_config_set_cluster, &args, err);
		strvec_clear(&args);
		return -1;
	}
	char *name = xstrdup(args.v[0]);
	strvec_clear(&args);
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	int ret = -1;
	memset(&kc, 0, sizeof kc);
	memset(&r, 0, sizeof r);
	if (!*name) {
		kc_err_set(err, "you must specify a non-empty cluster name");
		goto out0;
	}
	if (insecure && *ca) {
		kc_err_set(err, "you cannot specify a certificate authority and insecure mode at the same time");
		goto out0;
	}
	if (embed) {
		struct stat st;
		if (!*ca) {
			kc_err_set(err, "you must specify a --certificate-authority to embed");
			goto out0;
		}
		if (stat(ca, &st) < 0) {
			kc_err_set(err, "could not stat certificate-authority file %s: stat %s: %s", ca, ca,
				   go_errno_str(errno));
			goto out0;
		}
	}
	loading_rules(ctx, &r);
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	json_t *c = json_object_get(kc.clusters, name);
	if (!c) {
		c = json_object();
		json_object_set_new(kc.clusters, name, c);
	}
	if (server_set) {
		set_or_del(c, "server", server);
		json_object_del(c, "tls-server-name");
	}
	if (tsn_set)
		set_or_del(c, "tls-server-name", tsn);
	if (insecure_set) {
		if (insecure) {
			json_object_set_new(c, "insecure-skip-tls-verify", json_true());
			json_object_del(c, "certificate-authority");
			json_object_del(c, "certificate-authority-data");
		} else {
			json_object_del(c, "insecure-skip-tls-verify");
		}
	}
	if (ca_set) {
		if (embed) {
			set_bytes_from_file(c, "certificate-authority-data", ca);
			json_object_del(c, "insecure-skip-tls-verify");
			json_object_del(c, "certificate-authority");
		} else {
			char *p = abs_path(ca);
			json_object_set_new(c, "certificate-authority", json_string(p));
			free(p);
			json_object_del(c, "insecure-skip-tls-verify");
			json_object_del(c, "certificate-authority-data");
		}
	}
	if (proxy_set)
		set_or_del(c, "proxy-url", proxy);
	if (kc_kubeconfig_modify(&r, &kc, 1, err) < 0)
		goto out;
	char *q = quote(name);
	printf("Cluster %s set.\n", q);
	free(q);
	ret = 0;
out:
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
out0:
	free(name);
	return ret;
}

/* ---- set-credentials -------------------------------------------------------------- */

/* cmdutil.ParsePairs with removal ("KEY-") */
static int parse_pairs(const struct strvec *in, const char *flag, json_t *add, struct strvec *remove,
		       struct kc_err *err)
{
	struct strbuf bad = STRBUF_INIT;
	for (size_t i = 0; i < in->nr; i++) {
		const char *a = in->v[i];
		const char *eq = strchr(a, '=');
		if (eq) {
			char *k = xstrndup(a, (size_t)(eq - a));
			json_object_set_new(add, k, json_string(eq + 1));
			free(k);
		} else if (ends_with(a, "-")) {
			char *k = xstrndup(a, strlen(a) - 1);
			strvec_push_nodup(remove, k);
		} else {
			strbuf_addf(&bad, "%s%s", bad.len ? ", " : "", a);
		}
	}
	if (bad.len) {
		kc_err_set(err, "invalid %s format: %s", flag, bad.buf);
		strbuf_release(&bad);
		return -1;
	}
	return 0;
}

static int cmd_set_credentials(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	const char *cert = "", *key = "", *token = "", *username = "", *password = "", *ap = "";
	const char *exec_cmd = "", *exec_api = "", *exec_im = "";
	int embed = 0, exec_pci = 0;
	int cert_set = 0, key_set = 0, token_set = 0, user_set = 0, pass_set = 0, ap_set = 0;
	int cmd_set = 0, api_set = 0, im_set = 0, pci_set = 0;
	struct strvec ap_args = STRVEC_INIT, exec_args = STRVEC_INIT, exec_env = STRVEC_INIT;
	const struct kc_option opts[] = {
		OPT_STRING_SET("auth-provider", &ap, "Auth provider for the user entry in kubeconfig", &ap_set),
		OPT_STRSLICE("auth-provider-arg", 0, &ap_args, "'key=value' arguments for the auth provider"),
		OPT_STRING_SET("client-certificate", &cert, "Path to client-certificate file for the user entry in kubeconfig", &cert_set),
		OPT_STRING_SET("client-key", &key, "Path to client-key file for the user entry in kubeconfig", &key_set),
		OPT_BOOL("embed-certs", 0, &embed, "Embed client cert/key for the user entry in kubeconfig"),
		OPT_STRING_SET("exec-api-version", &exec_api, "API version of the exec credential plugin for the user entry in kubeconfig", &api_set),
		OPT_STRSLICE("exec-arg", 0, &exec_args, "New arguments for the exec credential plugin command for the user entry in kubeconfig"),
		OPT_STRING_SET("exec-command", &exec_cmd, "Command for the exec credential plugin for the user entry in kubeconfig", &cmd_set),
		OPT_STRARRAY("exec-env", 0, &exec_env, "'key=value' environment values for the exec credential plugin"),
		OPT_STRING_SET("exec-interactive-mode", &exec_im, "InteractiveMode of the exec credentials plugin for the user entry in kubeconfig", &im_set),
		OPT_BOOL_SET("exec-provide-cluster-info", &exec_pci, "ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig", &pci_set),
		OPT_STRING_SET("password", &password, "password for the user entry in kubeconfig", &pass_set),
		OPT_STRING_SET("token", &token, "token for the user entry in kubeconfig", &token_set),
		OPT_STRING_SET("username", &username, "username for the user entry in kubeconfig", &user_set),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT, ap_remove = STRVEC_INIT, env_remove = STRVEC_INIT;
	json_t *ap_add = json_object(), *env_add = json_object();
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	memset(&kc, 0, sizeof kc);
	memset(&r, 0, sizeof r);
	int loaded = 0, ret = -1;
	int rc = parse(ctx, argc, argv, opts, &kc_help_config_set_credentials, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto out;
	}
	/* kubectl prints the help before any error of complete() */
	if (args.nr != 1) {
		struct strbuf sb = STRBUF_INIT;
		go_slice(&sb, &args);
		print_help_defaults(ctx, opts, &kc_help_config_set_credentials);
		kc_err_set(err, "unexpected args: %s", sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	if ((ap_args.nr && parse_pairs(&ap_args, "auth-provider-arg", ap_add, &ap_remove, err) < 0) ||
	    (exec_env.nr && parse_pairs(&exec_env, "exec-env", env_add, &env_remove, err) < 0)) {
		print_help_defaults(ctx, opts, &kc_help_config_set_credentials);
		goto out;
	}
	const char *name = args.v[0];
	if (!*name) {
		kc_err_set(err, "you must specify a non-empty user name");
		goto out;
	}
	if (*token && (*username || *password)) {
		kc_err_set(err, "you cannot specify more than one authentication method at the same time: --token, --username/--password");
		goto out;
	}
	if (embed) {
		struct stat st;
		if (!*cert && !*key) {
			kc_err_set(err, "you must specify a --client-certificate or --client-key to embed");
			goto out;
		}
		if (*cert && stat(cert, &st) < 0) {
			kc_err_set(err, "could not stat client-certificate file %s: stat %s: %s", cert, cert, go_errno_str(errno));
			goto out;
		}
		if (*key && stat(key, &st) < 0) {
			kc_err_set(err, "could not stat client-key file %s: stat %s: %s", key, key, go_errno_str(errno));
			goto out;
		}
	}
	if (im_set && strcmp(exec_im, "IfAvailable") && strcmp(exec_im, "Always") && strcmp(exec_im, "Never")) {
		kc_err_set(err, "invalid interactive mode type, can be only IfAvailable, Never, Always");
		goto out;
	}
	loading_rules(ctx, &r);
	loaded = 1;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	json_t *u = json_object_get(kc.users, name);
	if (!u) {
		u = json_object();
		json_object_set_new(kc.users, name, u);
	}
	int set_token = 0, set_basic = 0;
	if (cert_set) {
		if (embed) {
			set_bytes_from_file(u, "client-certificate-data", cert);
			json_object_del(u, "client-certificate");
		} else {
			char *p = abs_path(cert);
			json_object_set_new(u, "client-certificate", json_string(p));
			free(p);
			json_object_del(u, "client-certificate-data");
		}
	}
	if (key_set) {
		if (embed) {
			set_bytes_from_file(u, "client-key-data", key);
			json_object_del(u, "client-key");
		} else {
			char *p = abs_path(key);
			json_object_set_new(u, "client-key", json_string(p));
			free(p);
			json_object_del(u, "client-key-data");
		}
	}
	if (token_set) {
		set_or_del(u, "token", token);
		set_token = *token != 0;
	}
	if (user_set) {
		set_or_del(u, "username", username);
		set_basic = set_basic || *username;
	}
	if (pass_set) {
		set_or_del(u, "password", password);
		set_basic = set_basic || *password;
	}
	if (ap_set) {
		json_t *old = json_object_get(u, "auth-provider");
		const char *oldname = json_string_value(json_object_get(old, "name"));
		if (!old || strcmp(oldname ? oldname : "", ap)) {
			json_t *n = json_object();
			if (*ap)
				json_object_set_new(n, "name", json_string(ap));
			json_object_set_new(u, "auth-provider", n);
		}
	}
	json_t *apc = json_object_get(u, "auth-provider");
	if (apc) {
		json_t *cfg = json_object_get(apc, "config");
		if (!cfg) {
			cfg = json_object();
			json_object_set_new(apc, "config", cfg);
		}
		for (size_t i = 0; i < ap_remove.nr; i++)
			json_object_del(cfg, ap_remove.v[i]);
		json_object_update(cfg, ap_add);
		/* keys sorted, as Go's map encoding */
		json_t *sorted = json_object();
		struct strvec keys = STRVEC_INIT;
		sorted_keys(cfg, &keys);
		for (size_t i = 0; i < keys.nr; i++)
			json_object_set(sorted, keys.v[i], json_object_get(cfg, keys.v[i]));
		strvec_clear(&keys);
		json_object_set_new(apc, "config", sorted);
	}
	if (cmd_set) {
		json_t *ex = json_object_get(u, "exec");
		if (!ex) {
			ex = json_object();
			json_object_set_new(u, "exec", ex);
		} else {
			json_object_del(ex, "args");
		}
		set_or_del(ex, "command", exec_cmd);
	}
	json_t *ex = json_object_get(u, "exec");
	if (ex) {
		if (api_set)
			set_or_del(ex, "apiVersion", exec_api);
		if (exec_args.nr) {
			json_t *a = json_array();
			for (size_t i = 0; i < exec_args.nr; i++)
				json_array_append_new(a, json_string(exec_args.v[i]));
			json_object_set_new(ex, "args", a);
		}
		if (im_set)
			set_or_del(ex, "interactiveMode", exec_im);
		if (pci_set) {
			if (exec_pci)
				json_object_set_new(ex, "provideClusterInfo", json_true());
			else
				json_object_del(ex, "provideClusterInfo");
		}
		if (exec_env.nr) {
			/* removals rebuild the list (non-nil even when empty) */
			json_t *old = json_object_get(ex, "env");
			json_t *env = json_array();
			size_t i;
			json_t *e;
			json_array_foreach(old, i, e) {
				const char *n = json_string_value(json_object_get(e, "name"));
				if (!strvec_contains(&env_remove, n ? n : ""))
					json_array_append(env, e);
			}
			const char *k;
			json_t *v;
			json_object_foreach(env_add, k, v) {
				int found = 0;
				json_array_foreach(env, i, e) {
					const char *n = json_string_value(json_object_get(e, "name"));
					if (!strcmp(n ? n : "", k)) {
						json_t *copy = json_deep_copy(e);
						set_or_del(copy, "value", json_string_value(v));
						json_array_set_new(env, i, copy);
						found = 1;
						break;
					}
				}
				if (!found) {
					json_t *n = json_object();
					if (*k)
						json_object_set_new(n, "name", json_string(k));
					set_or_del(n, "value", json_string_value(v));
					json_array_append_new(env, n);
				}
			}
			json_object_set_new(ex, "env", env);
		}
	}
	if (set_token || set_basic) {
		if (!set_token)
			json_object_del(u, "token");
		if (!set_basic) {
			json_object_del(u, "username");
			json_object_del(u, "password");
		}
	}
	if (kc_kubeconfig_modify(&r, &kc, 1, err) < 0)
		goto out;
	char *q = quote(name);
	printf("User %s set.\n", q);
	free(q);
	ret = 0;
out:
	if (loaded) {
		kc_kubeconfig_release(&kc);
		kc_loading_rules_release(&r);
	}
	json_decref(ap_add);
	json_decref(env_add);
	strvec_clear(&args);
	strvec_clear(&ap_remove);
	strvec_clear(&env_remove);
	strvec_clear(&ap_args);
	strvec_clear(&exec_args);
	strvec_clear(&exec_env);
	return ret;
}

/* ---- delete-* / rename-context -------------------------------------------------- */

enum { DEL_CONTEXT, DEL_CLUSTER, DEL_USER };

static int delete_entry(struct kc_ctx *ctx, int argc, const char **argv, int which,
			const struct kc_cmd_help *help, struct kc_err *err)
{
	static const char *const what[] = { "context", "cluster", "user" };
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, NULL, help, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	loading_rules(ctx, &r);
	int ret = -1;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (args.nr != 1) {
		if (which == DEL_USER) {
			usage_error(ctx, err, "user to delete is required");
			goto out;
		}
		kc_print_help(ctx, stdout, NULL, help);
		ret = 0;
		goto out;
	}
	const char *name = args.v[0];
	const char *file = config_file(&r);
	json_t *map = which == DEL_CONTEXT ? kc.contexts : which == DEL_CLUSTER ? kc.clusters : kc.users;
	if (!json_object_get(map, name)) {
		kc_err_set(err, "cannot delete %s %s, not in %s", what[which], name, file);
		goto out;
	}
	if (which == DEL_CONTEXT && !strcmp(kc.current_context, name)) {
		fflush(stdout);
		fputs("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n",
		      stderr);
	}
	json_object_del(map, name);
	if (kc_kubeconfig_modify(&r, &kc, 1, err) < 0)
		goto out;
	printf("deleted %s %s from %s\n", what[which], name, file);
	ret = 0;
out:
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	strvec_clear(&args);
	return ret;
}

static int cmd_delete_context(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return delete_entry(ctx, argc, argv, DEL_CONTEXT, &kc_help_config_delete_context, err);
}

static int cmd_delete_cluster(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return delete_entry(ctx, argc, argv, DEL_CLUSTER, &kc_help_config_delete_cluster, err);
}

static int cmd_delete_user(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return delete_entry(ctx, argc, argv, DEL_USER, &kc_help_config_delete_user, err);
}

static int cmd_rename_context(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, NULL, &kc_help_config_rename_context, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (args.nr != 2) {
		help_error(ctx, NULL, &kc_help_config_rename_context, &args, err);
		strvec_clear(&args);
		return -1;
	}
	const char *old = args.v[0], *new_ = args.v[1];
	if (!*new_) {
		strvec_clear(&args);
		return kc_err_set(err, "You must specify a new non-empty context name");
	}
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	loading_rules(ctx, &r);
	int ret = -1;
	char *qo = quote(old), *qn = quote(new_);
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	const char *file = config_file(&r);
	json_t *c = json_object_get(kc.contexts, old);
	if (!c) {
		kc_err_set(err, "cannot rename the context %s, it's not in %s", qo, file);
		goto out;
	}
	if (json_object_get(kc.contexts, new_)) {
		kc_err_set(err, "cannot rename the context %s, the context %s already exists in %s", qo, qn, file);
		goto out;
	}
	json_object_set(kc.contexts, new_, c);
	json_t *o = json_object_get(kc.context_origin, old);
	if (o)
		json_object_set(kc.context_origin, new_, o);
	json_object_del(kc.contexts, old);
	if (!strcmp(kc.current_context, old)) {
		free(kc.current_context);
		kc.current_context = xstrdup(new_);
	}
	if (kc_kubeconfig_modify(&r, &kc, 1, err) < 0)
		goto out;
	printf("Context %s renamed to %s.\n", qo, qn);
	ret = 0;
out:
	free(qo);
	free(qn);
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	strvec_clear(&args);
	return ret;
}

/* ---- set / unset: kubectl's reflective property paths ------------------------------ */

enum ptype { P_STR, P_BOOL, P_BYTES, P_STRSLICE, P_MAP_ENTRY, P_MAP_OTHER, P_PTR, P_STRUCT, P_NOOP };

struct pfield {
	const char *name;
	enum ptype type;
	const char *go_type;   /* for messages */
};

static const struct pfield config_fields[] = {
	{ "kind", P_NOOP, "string" }, { "apiVersion", P_NOOP, "string" },
	{ "preferences", P_STRUCT, "api.Preferences" },
	{ "clusters", P_MAP_ENTRY, "map[string]*api.Cluster" },
	{ "users", P_MAP_ENTRY, "map[string]*api.AuthInfo" },
	{ "contexts", P_MAP_ENTRY, "map[string]*api.Context" },
	{ "current-context", P_STR, "string" },
	{ "extensions", P_MAP_OTHER, "map[string]runtime.Object" },
	{ NULL, 0, NULL },
};
static const struct pfield pref_fields[] = {
	{ "colors", P_BOOL, "bool" }, { "extensions", P_MAP_OTHER, "map[string]runtime.Object" },
	{ NULL, 0, NULL },
};
static const struct pfield cluster_pfields[] = {
	{ "-", P_NOOP, "string" }, { "server", P_STR, "string" }, { "tls-server-name", P_STR, "string" },
	{ "insecure-skip-tls-verify", P_BOOL, "bool" }, { "certificate-authority", P_STR, "string" },
	{ "certificate-authority-data", P_BYTES, "[]uint8" }, { "proxy-url", P_STR, "string" },
	{ "disable-compression", P_BOOL, "bool" },
	{ "extensions", P_MAP_OTHER, "map[string]runtime.Object" }, { NULL, 0, NULL },
};
static const struct pfield user_pfields[] = {
	{ "-", P_NOOP, "string" }, { "client-certificate", P_STR, "string" },
	{ "client-certificate-data", P_BYTES, "[]uint8" }, { "client-key", P_STR, "string" },
	{ "client-key-data", P_BYTES, "[]uint8" }, { "token", P_STR, "string" },
	{ "tokenFile", P_STR, "string" }, { "act-as", P_STR, "string" },
	{ "act-as-uid", P_STR, "string" }, { "act-as-groups", P_STRSLICE, "[]string" },
	{ "act-as-user-extra", P_MAP_OTHER, "map[string][]string" },
	{ "username", P_STR, "string" }, { "password", P_STR, "string" },
	{ "auth-provider", P_PTR, "*api.AuthProviderConfig" }, { "exec", P_PTR, "*api.ExecConfig" },
	{ "extensions", P_MAP_OTHER, "map[string]runtime.Object" }, { NULL, 0, NULL },
};
static const struct pfield context_pfields[] = {
	{ "-", P_NOOP, "string" }, { "cluster", P_STR, "string" }, { "user", P_STR, "string" },
	{ "namespace", P_STR, "string" }, { "extensions", P_MAP_OTHER, "map[string]runtime.Object" },
	{ NULL, 0, NULL },
};

static const struct pfield *pfind(const struct pfield *f, const char *name)
{
	for (; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static const struct pfield *entry_fields(const char *map_name)
{
	return !strcmp(map_name, "clusters") ? cluster_pfields :
	       !strcmp(map_name, "users") ? user_pfields : context_pfields;
}

static const char *entry_type(const char *map_name)
{
	return !strcmp(map_name, "clusters") ? "api.Cluster" :
	       !strcmp(map_name, "users") ? "api.AuthInfo" : "api.Context";
}

struct pstep {
	char *value;
	const char *go_type;
};

/* newNavigationSteps */
static int nav_steps(const char *path, struct pstep **steps_out, size_t *n_out, struct kc_err *err)
{
	struct strvec parts = STRVEC_INIT;
	strvec_split(&parts, path, '.');
	struct pstep *steps = xcalloc(parts.nr + 1, sizeof *steps);
	size_t n = 0, i = 0;
	const struct pfield *cur = config_fields;
	const char *cur_type = "api.Config";
	const char *map_of = NULL; /* set when the current type is a map of entries */
	int ret = -1;
	while (i < parts.nr) {
		if (map_of) {
			const struct pfield *vf = entry_fields(map_of);
			size_t take = parts.nr - i;
			for (size_t j = i + 1; j < parts.nr; j++)
				if (pfind(vf, parts.v[j])) {
					take = j - i;
					break;
				}
			struct strbuf sb = STRBUF_INIT;
			for (size_t j = 0; j < take; j++)
				strbuf_addf(&sb, "%s%s", j ? "." : "", parts.v[i + j]);
			steps[n].value = strbuf_detach(&sb, NULL);
			steps[n].go_type = entry_type(map_of);
			n++;
			i += take;
			cur = vf;
			cur_type = entry_type(map_of);
			map_of = NULL;
			continue;
		}
		if (!cur) {
			kc_err_set(err, "unable to parse one or more field values of %s", path);
			goto out;
		}
		const struct pfield *f = pfind(cur, parts.v[i]);
		if (!f) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addch(&sb, '[');
			for (size_t j = 0; j < n; j++)
				strbuf_addf(&sb, "%s{%s %s}", j ? " " : "", steps[j].value, steps[j].go_type);
			strbuf_addch(&sb, ']');
			kc_err_set(err, "unable to parse %s after %s at %s", path, sb.buf, cur_type);
			strbuf_release(&sb);
			goto out;
		}
		steps[n].value = xstrdup(f->name);
		steps[n].go_type = f->go_type;
		n++;
		i++;
		if (f->type == P_STRUCT) {
			cur = pref_fields;
			cur_type = "api.Preferences";
		} else if (f->type == P_MAP_ENTRY) {
			map_of = f->name;
			cur = NULL;
		} else if (f->type == P_MAP_OTHER && i < parts.nr) {
			kc_err_set(err, "%s is not of type struct",
				   !strcmp(f->go_type, "map[string][]string") ? "string" : "runtime.Object");
			goto out;
		} else {
			cur = NULL;
		}
	}
	ret = 0;
out:
	strvec_clear(&parts);
	if (ret < 0) {
		for (size_t j = 0; j < n; j++)
			free(steps[j].value);
		free(steps);
		return -1;
	}
	*steps_out = steps;
	*n_out = n;
	return 0;
}

static int to_bool(const char *v, int *b, struct kc_err *err)
{
	*b = 0;
	if (!*v)
		return 0;
	if (go_parse_bool(v, b) < 0) {
		char *q = quote(v);
		kc_err_set(err, "strconv.ParseBool: parsing %s: invalid syntax", q);
		free(q);
		return -1;
	}
	return 0;
}

#define NIL_MARK "\001nil"

/* the internal types' json names that differ from v1's */
static const char *model_key(const char *name)
{
	return starts_with(name, "act-") ? name + 4 : name;
}

/* apply to a leaf field of an entry object (or preferences) */
static int modify_leaf(json_t *obj, const struct pfield *pf, int more, const char *value, int unset,
		       int raw, struct kc_err *err)
{
	struct pfield f_ = *pf;
	const struct pfield *f = &f_;
	f_.name = model_key(pf->name);
	if (!more && unset) {
		json_object_del(obj, f->name);
		/* unsetting a map field swaps nil and empty maps (extensions load as
		 * empty maps and become nil; a nil act-as-user-extra becomes an empty
		 * map), which client-go's DeepEqual sees as a change, so the file is
		 * rewritten. NIL_MARK (ignored when encoding) records that. */
		if (f->type == P_MAP_OTHER)
			json_object_set_new(obj, NIL_MARK, json_true());
		return 0;
	}
	switch (f->type) {
	case P_NOOP:
		return 0;
	case P_STR:
		if (more)
			return kc_err_set(err, "can't have more steps after a string. %s", "&{...}");
		set_or_del(obj, f->name, value);
		return 0;
	case P_BOOL: {
		if (more)
			return kc_err_set(err, "can't have more steps after a bool. %s", "&{...}");
		int b;
		if (to_bool(value, &b, err) < 0)
			return -1;
		if (b)
			json_object_set_new(obj, f->name, json_true());
		else
			json_object_del(obj, f->name);
		return 0;
	}
	case P_BYTES: {
		if (more)
			return kc_err_set(err, "can't have more steps after bytes. %s", "&{...}");
		struct strbuf dec = STRBUF_INIT, enc = STRBUF_INIT;
		if (raw) {
			strbuf_addstr(&dec, value);
		} else {
			size_t at;
			if (base64_decode(&dec, value, strlen(value), &at) < 0) {
				strbuf_release(&dec);
				return kc_err_set(err, "error decoding input value: illegal base64 data at input byte %zu",
						  kc_base64_go_offset(value, strlen(value), at));
			}
		}
		if (dec.len) {
			base64_encode(&enc, dec.buf, dec.len);
			json_object_set_new(obj, f->name, json_string(enc.buf));
		} else {
			json_object_del(obj, f->name);
		}
		strbuf_release(&dec);
		strbuf_release(&enc);
		return 0;
	}
	case P_STRSLICE:
		return kc_err_set(err, "unrecognized slice type. string");
	case P_MAP_OTHER:
		return kc_err_set(err, "can't set a map to a value: map[]");
	default:
		return kc_err_set(err, "unrecognized type: %s", f->go_type);
	}
}

/* "can't set a map to a value: map[a:0xc… b:0xc…]": Go prints the entries'
 * addresses, which no two runs share; kc prints the keys with a zero address */
static int map_value_error(json_t *map, struct kc_err *err)
{
	struct strvec keys = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	sorted_keys(map, &keys);
	for (size_t i = 0; i < keys.nr; i++)
		strbuf_addf(&sb, "%s%s:0xc000000000", i ? " " : "", keys.v[i]);
	kc_err_set(err, "can't set a map to a value: map[%s]", sb.buf);
	strvec_clear(&keys);
	strbuf_release(&sb);
	return -1;
}

static int modify_property(struct kc_kubeconfig *kc, struct pstep *steps, size_t n, const char *value,
			   int unset, int raw, struct kc_err *err)
{
	const struct pfield *f = pfind(config_fields, steps[0].value);
	int more = n > 1;
	switch (f->type) {
	case P_NOOP:
		return 0;
	case P_STR: /* current-context */
		if (more)
			return kc_err_set(err, "can't have more steps after a string. %s", "&{...}");
		free(kc->current_context);
		kc->current_context = xstrdup(unset ? "" : value);
		return 0;
	case P_STRUCT: { /* preferences */
		if (!more) {
			if (unset) {
				json_object_clear(kc->preferences);
				json_object_set_new(kc->preferences, NIL_MARK, json_true());
				return 0;
			}
			return kc_err_set(err, "unable to locate path config.navigationStep{stepValue:\"\", stepType:reflect.Type(nil)} under {false map[]}");
		}
		const struct pfield *pf = pfind(pref_fields, steps[1].value);
		return modify_leaf(kc->preferences, pf, n > 2, value, unset, raw, err);
	}
	case P_MAP_OTHER:
		if (!more && unset) {
			json_object_clear(kc->extensions);
			return 0;
		}
		return kc_err_set(err, "can't set a map to a value: map[]");
	case P_MAP_ENTRY: {
		json_t *map = !strcmp(f->name, "clusters") ? kc->clusters :
			      !strcmp(f->name, "users") ? kc->users : kc->contexts;
		json_t *origin = !strcmp(f->name, "clusters") ? kc->cluster_origin :
				 !strcmp(f->name, "users") ? kc->user_origin : kc->context_origin;
		if (!more) {
			if (unset) {
				json_object_clear(map);
				return 0;
			}
			return map_value_error(map, err);
		}
		const char *key = steps[1].value;
		if (n == 2) {
			if (unset) {
				json_object_del(map, key);
				json_object_del(origin, key);
				return 0;
			}
			return map_value_error(map, err);
		}
		json_t *e = json_object_get(map, key);
		if (!e) {
			if (unset)
				return kc_err_set(err, "current map key `%s` is invalid", key);
			e = json_object();
			json_object_set_new(map, key, e);
		}
		const struct pfield *ef = pfind(entry_fields(f->name), steps[2].value);
		return modify_leaf(e, ef, n > 3, value, unset, raw, err);
	}
	default:
		return kc_err_set(err, "unrecognized type: %s", f->go_type);
	}
}

static int set_unset(struct kc_ctx *ctx, int argc, const char **argv, int unset, struct kc_err *err)
{
	int raw = 0;
	const struct kc_option opts[] = {
		OPT_BOOL("set-raw-bytes", 0, &raw, "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding."),
		OPT_END(),
	};
	const struct kc_option *o = unset ? NULL : opts;
	const struct kc_cmd_help *help = unset ? &kc_help_config_unset : &kc_help_config_set;
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, o, help, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (args.nr != (unset ? 1u : 2u)) {
		help_error(ctx, o, help, &args, err);
		strvec_clear(&args);
		return -1;
	}
	const char *prop = args.v[0], *value = unset ? "" : args.v[1];
	if (!unset && !*value) {
		strvec_clear(&args);
		return kc_err_set(err, "you cannot use set to unset a property");
	}
	if (!*prop) {
		strvec_clear(&args);
		return kc_err_set(err, "you must specify a property");
	}
	struct kc_loading_rules r;
	struct kc_kubeconfig kc;
	struct pstep *steps = NULL;
	size_t n = 0;
	loading_rules(ctx, &r);
	int ret = -1;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (nav_steps(prop, &steps, &n, err) < 0)
		goto out;
	if (n == 0) {
		kc_err_set(err, "unable to parse one or more field values of %s", prop);
		goto out;
	}
	if (modify_property(&kc, steps, n, value, unset, raw, err) < 0)
		goto out;
	if (kc_kubeconfig_modify(&r, &kc, 0, err) < 0)
		goto out;
	char *q = quote(prop);
	printf("Property %s %s.\n", q, unset ? "unset" : "set");
	free(q);
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(steps[i].value);
	free(steps);
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	strvec_clear(&args);
	return ret;
}

static int cmd_set(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return set_unset(ctx, argc, argv, 0, err);
}

static int cmd_unset(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	return set_unset(ctx, argc, argv, 1, err);
}

/* ---- view --------------------------------------------------------------------------- */


static int cmd_view(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	int flatten = 0, merge = 1, merge_set = 0, minify = 0, raw = 0, allow_missing = 1, smf = 0;
	int output_set = 0;
	const char *output = "yaml", *tmpl = "";
	const struct kc_option opts[] = {
		OPT_BOOL("allow-missing-template-keys", 0, &allow_missing, "If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats."),
		OPT_BOOL("flatten", 0, &flatten, "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)"),
		OPT_BOOL_SET("merge", &merge, "Merge the full hierarchy of kubeconfig files", &merge_set),
		OPT_BOOL("minify", 0, &minify, "Remove all information not used by current-context from the output"),
		{ OPT_T_STRING, "output", 'o', &output, "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).", NULL, 0, &output_set, NULL },
		OPT_BOOL("raw", 0, &raw, "Display raw byte data and sensitive data"),
		OPT_BOOL("show-managed-fields", 0, &smf, "If true, keep the managedFields when printing objects in JSON or YAML format."),
		OPT_STRING("template", 0, &tmpl, "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."),
		OPT_END(),
	};
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, opts, &kc_help_config_view, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (args.nr) {
		struct strbuf sb = STRBUF_INIT, m = STRBUF_INIT;
		go_slice(&sb, &args);
		strbuf_addf(&m, "unexpected arguments: %s", sb.buf);
		usage_error(ctx, err, m.buf);
		strbuf_release(&sb);
		strbuf_release(&m);
		strvec_clear(&args);
		return -1;
	}
	strvec_clear(&args);
	struct kc_loading_rules r;
	loading_rules(ctx, &r);
	if (r.explicit_path && !merge_set)
		merge = 0;
	/* the printer (kubectl builds it in Complete, before loading anything) */
	enum { O_YAML, O_JSON, O_NAME, O_TPRINTER, O_GOTEMPLATE } fmt;
	struct kubectl_tprinter *tp = NULL;
	struct tmpl *gt = NULL;
	const char *gt_text = NULL;
	struct strbuf gt_file = STRBUF_INIT;
	/* --template alone selects go-template (the -o default does not count) */
	if ((!*output || !output_set) && *tmpl)
		output = "go-template";
	if (!*output || !strcmp(output, "yaml")) {
		fmt = O_YAML;
	} else if (!strcmp(output, "json")) {
		fmt = O_JSON;
	} else if (!strcmp(output, "name")) {
		fmt = O_NAME;
	} else if (starts_with(output, "jsonpath")) {
		/* jsonpath=, jsonpath-file=, jsonpath-as-json= (kubectl re-reads the
		 * object with encoding/json: numbers are float64) */
		int rc2 = kubectl_tprinter_new(output, tmpl, allow_missing, 0, JSONPATH_FLOAT64, &tp, err);
		if (rc2 < 0) {
			kc_loading_rules_release(&r);
			return -1;
		}
		if (rc2 > 0)
			goto unmatched;
		fmt = O_TPRINTER;
	} else if (!strcmp(output, "go-template") || !strcmp(output, "template") ||
		   !strcmp(output, "go-template-file") || !strcmp(output, "templatefile") ||
		   starts_with(output, "go-template=") || starts_with(output, "template=") ||
		   starts_with(output, "go-template-file=") || starts_with(output, "templatefile=")) {
		int is_file = starts_with(output, "go-template-file") || starts_with(output, "templatefile");
		const char *eq = strchr(output, '=');
		gt_text = *tmpl ? tmpl : eq ? eq + 1 : "";
		if (!*gt_text) {
			kc_loading_rules_release(&r);
			return kc_err_set(err, "template format specified but no template given");
		}
		if (is_file) {
			struct kc_err e2 = KC_ERR_INIT;
			if (file_read(gt_text, &gt_file, &e2) < 0) {
				kc_err_set(err, "error reading --template %s, %s", gt_text, e2.msg.buf);
				kc_err_release(&e2);
				strbuf_release(&gt_file);
				kc_loading_rules_release(&r);
				return -1;
			}
			gt_text = gt_file.buf;
		}
		if (kc_config_gotemplate_new(gt_text, allow_missing, &gt, err) < 0) {
			strbuf_release(&gt_file);
			kc_loading_rules_release(&r);
			return -1;
		}
		fmt = O_GOTEMPLATE;
	} else {
unmatched:
		kc_loading_rules_release(&r);
		return kc_err_set(err, "unable to match a printer suitable for the output format \"%s\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
				  output);
	}
	if (!merge && !r.explicit_path) {
		kc_loading_rules_release(&r);
		kubectl_tprinter_free(tp);
		if (gt)
			tmpl_free(gt);
		strbuf_release(&gt_file);
		return kc_err_set(err, "if merge==false a precise file must be specified");
	}
	struct kc_kubeconfig kc;
	int ret = -1;
	json_t *v1 = NULL;
	struct strbuf out = STRBUF_INIT;
	if (load_starting(&r, &kc, err) < 0)
		goto out;
	if (minify) {
		if (ctx->g.context && *ctx->g.context) {
			free(kc.current_context);
			kc.current_context = xstrdup(ctx->g.context);
		}
		if (kc_kubeconfig_minify(&kc, err) < 0)
			goto out;
	}
	if (flatten) {
		if (kc_kubeconfig_flatten(&kc, err) < 0)
			goto out;
	} else if (!raw) {
		kc_kubeconfig_shorten(&kc);
	}
	v1 = kc_kubeconfig_to_v1(&kc);
	switch (fmt) {
	case O_YAML:
		yaml_emit(&out, v1);
		break;
	case O_JSON:
		json_emit(&out, v1, 0);
		strbuf_addch(&out, '\n');
		break;
	case O_NAME:
		strbuf_addstr(&out, "config/<unknown>\n");
		break;
	case O_GOTEMPLATE:
		if (kc_config_gotemplate_print(gt, gt_text, v1, &out, err) < 0) {
			fwrite(out.buf, 1, out.len, stdout);
			goto out;
		}
		break;
	case O_TPRINTER: {
		const json_t *objs[1] = { v1 };
		if (kubectl_tprinter_print(tp, objs, 1, &out, err) < 0) {
			fwrite(out.buf, 1, out.len, stdout);
			goto out;
		}
		break;
	}
	}
	fwrite(out.buf, 1, out.len, stdout);
	ret = 0;
out:
	kubectl_tprinter_free(tp);
	if (gt)
		tmpl_free(gt);
	strbuf_release(&gt_file);
	json_decref(v1);
	strbuf_release(&out);
	kc_kubeconfig_release(&kc);
	kc_loading_rules_release(&r);
	return ret;
}

/* ---- the group ---------------------------------------------------------------------- */

/* kubectl's DefaultSubCommandRun: no sub-command prints the help on stderr and
 * exits 1; an unknown one is a usage error. */
int cmd_config(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	struct strvec args = STRVEC_INIT;
	int rc = parse(ctx, argc, argv, NULL, &kc_help_config_group, &args, err);
	if (rc) {
		strvec_clear(&args);
		return rc < 0 ? -1 : 0;
	}
	if (!args.nr) {
		fflush(stdout);
		kc_print_help(ctx, stderr, NULL, &kc_help_config_group);
		strvec_clear(&args);
		return 1;
	}
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "unknown command \"%s\"", args.v[0]);
	usage_error(ctx, err, m.buf);
	strbuf_release(&m);
	strvec_clear(&args);
	return -1;
}

/* ---- the table ------------------------------------------------------------------- */

const struct kc_cmd kc_config_cmds[] = {
	{ "current-context", cmd_current_context, NULL, NULL, NULL },
	{ "delete-cluster", cmd_delete_cluster, NULL, NULL, NULL },
	{ "delete-context", cmd_delete_context, NULL, NULL, NULL },
	{ "delete-user", cmd_delete_user, NULL, NULL, NULL },
	{ "get-clusters", cmd_get_clusters, NULL, NULL, NULL },
	{ "get-contexts", cmd_get_contexts, NULL, NULL, NULL },
	{ "get-users", cmd_get_users, NULL, NULL, NULL },
	{ "rename-context", cmd_rename_context, NULL, NULL, NULL },
	{ "set", cmd_set, NULL, NULL, NULL },
	{ "set-cluster", cmd_set_cluster, NULL, NULL, NULL },
	{ "set-context", cmd_set_context, NULL, NULL, NULL },
	{ "set-credentials", cmd_set_credentials, NULL, NULL, NULL },
	{ "unset", cmd_unset, NULL, NULL, NULL },
	{ "use-context", cmd_use_context, NULL, "use", NULL },
	{ "view", cmd_view, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
