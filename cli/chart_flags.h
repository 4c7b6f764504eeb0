/* cli/chart_flags.h: `kc chart …` (helm) flags — a pflag-compatible parser with
 * cobra's help layout, Helm's global flags, and the values/render/install flag
 * groups shared by template, install and upgrade.
 *
 * Flag sets are built at run time (struct hflags) from pointers to the
 * caller's variables; the variables' values before parsing are the defaults.
 * Parsing follows pflag: flags anywhere among the arguments, `--a=b`,
 * `--a b`, `-n x`, `-nx`, `-n=x`, grouped bool shorthands, `--` ends flags.
 * Errors are pflag's words ("unknown flag: --foo", "flag needs an argument:
 * --set", `invalid argument "x" for "--debug" flag: strconv.ParseBool: …`);
 * the caller frames them as helm does ("Error: …", exit 1). */
#ifndef KC_CLI_CHART_FLAGS_H
#define KC_CLI_CHART_FLAGS_H

#include <stdio.h>

#include "chart/chart.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

enum hflag_type {
	HF_BOOL,     /* int * */
	HF_STRING,   /* const char ** (points into argv or a static default) */
	HF_INT,      /* long * */
	HF_UINT,     /* long * (>= 0; help says uint) */
	HF_FLOAT32,  /* double * */
	HF_STRARRAY, /* struct strvec *: each occurrence appended whole */
	HF_STRSLICE, /* struct strvec *: each occurrence read as one CSV record */
	HF_DURATION, /* const char ** holding a Go duration ("5m0s"); validated */
	HF_STRMAP,   /* struct strvec * of "k=v" (pflag StringToString) */
};

struct hflag {
	enum hflag_type type;
	const char *name;
	char shorthand;
	void *value;
	const char *usage;
	const char *noopt; /* pflag NoOptDefVal */
	int hidden;
	int changed;       /* set by the parser */
	char *defval;      /* default as help prints it (computed when added) */
};

struct hflags {
	struct hflag *v;
	size_t nr, alloc;
};
void hflags_init(struct hflags *fs);
void hflags_release(struct hflags *fs);
/* Add a flag; the current value of *value becomes its default. Returns it. */
struct hflag *hflags_add(struct hflags *fs, enum hflag_type type, const char *name, char shorthand,
			 void *value, const char *usage);
struct hflag *hflags_find(struct hflags *fs, const char *name);
int hflags_changed(struct hflags *fs, const char *name);

/* Helm's persistent flags (pkg/cli EnvSettings.AddFlags), with HELM_* env
 * defaults (HELM_NAMESPACE, HELM_DEBUG, HELM_KUBECONTEXT …). */
struct chart_global {
	const char *namespace;
	const char *kubeconfig, *kube_context, *kube_token, *kube_as_user, *kube_apiserver;
	const char *kube_ca_file, *kube_tls_server_name;
	struct strvec kube_as_group;
	int kube_insecure_skip_tls_verify;
	int debug;
	const char *registry_config, *repository_config, *repository_cache;
	long burst_limit;
	double qps;
	char *owned[4]; /* private: default paths, resolved namespace */
};
void chart_global_init(struct chart_global *g);
void chart_global_release(struct chart_global *g);
void chart_global_flags(struct hflags *fs, struct chart_global *g);
/* settings.Namespace(): -n, else the kubeconfig context's namespace, else
 * HELM_NAMESPACE, else "default". */
const char *chart_global_namespace(struct chart_global *g);

/* A helm command being run: its path ("helm template"), use line, help. */
struct chart_cmd {
	const char *path;  /* "helm template" */
	const char *use;   /* "template [NAME] [CHART]" */
	const char *long_; /* Long (or Short) as in helm's source */
	const char *example;
	const char *subcommands; /* "Available Commands:" lines, or NULL */
	const char *aliases;     /* "dependency, dep, dependencies" or NULL */
	struct hflags local;
	struct hflags global;
	struct strvec args; /* positional arguments after parsing */
	int want_help;
	int is_root; /* `helm`: its persistent flags are its own "Flags:" */
};
void chart_cmd_init(struct chart_cmd *c, const char *path, const char *use, const char *long_);
void chart_cmd_release(struct chart_cmd *c);
/* Parse argv; 0 ok, 1 help printed (exit 0), -1 error (err: pflag text,
 * without "Error: "). `--__kc-options` lists the local flags (docs). */
int chart_cmd_parse(struct chart_cmd *c, int argc, const char **argv, struct kc_err *err);
/* cobra's help: Long, Usage, Aliases, Examples, Flags, Global Flags. */
void chart_cmd_help(struct chart_cmd *c, FILE *out);
/* "helm template [NAME] [CHART] [flags]" */
void chart_cmd_use_line(struct chart_cmd *c, struct strbuf *sb);
/* Helm's require.* argument checks; -1 with helm's message in err. */
int chart_require_min(struct chart_cmd *c, size_t n, struct kc_err *err);
int chart_require_max(struct chart_cmd *c, size_t n, struct kc_err *err);
int chart_require_exact(struct chart_cmd *c, size_t n, struct kc_err *err);
int chart_require_range(struct chart_cmd *c, size_t lo, size_t hi, struct kc_err *err);

/* The values flags (addValueOptionsFlags): -f/--values, --set, --set-string,
 * --set-file, --set-json, --set-literal straight into chart_value_opts. */
void chart_value_flags(struct hflags *fs, struct chart_value_opts *vo);

/* addChartPathOptionsFlags. */
struct chart_path_flags {
	const char *version, *keyring, *repo, *username, *password, *cert_file, *key_file, *ca_file;
	int verify, insecure_skip_tls_verify, plain_http, pass_credentials;
	char *owned_keyring;
};
void chart_path_flags(struct hflags *fs, struct chart_path_flags *p);
void chart_path_flags_release(struct chart_path_flags *p);

/* addInstallFlags + values + chart path flags, and the post-renderer pair:
 * everything `helm install` and `helm template` share. */
struct chart_install_flags {
	struct chart_value_opts values;
	struct chart_path_flags path;
	int create_namespace, force, no_hooks, replace, wait, wait_for_jobs, generate_name, devel,
		dependency_update, disable_openapi_validation, atomic, skip_crds,
		render_subchart_notes, skip_schema_validation, enable_dns, hide_notes,
		take_ownership;
	const char *dry_run, *timeout, *name_template, *description;
	struct strvec labels;
	const char *post_renderer;
	struct strvec post_renderer_args;
};
void chart_install_flags_init(struct chart_install_flags *f);
void chart_install_flags_release(struct chart_install_flags *f);
void chart_install_flags_add(struct hflags *fs, struct chart_install_flags *f);

/* Install.NameAndChart: release name and chart reference from the positional
 * arguments (--generate-name, --name-template). *name is malloc'd. For
 * `helm template` pass default_name "release-name"; install passes NULL (→
 * "must either provide a name or specify --generate-name"). */
int chart_name_and_chart(const struct chart_install_flags *f, const struct strvec *args,
			 const char *default_name, char **name, const char **chart,
			 struct kc_err *err);
/* --dry-run value check (validateDryRunOptionFlag); -1 + helm's message. */
int chart_validate_dry_run(const struct chart_install_flags *f, int changed, struct kc_err *err);

/* Pipe text through the --post-renderer executable (with its args); out gets
 * its stdout. -1 + helm's message ("error while running command …"). */
int chart_post_render(const struct chart_install_flags *f, const char *in, size_t len,
		      struct strbuf *out, struct kc_err *err);

#endif
