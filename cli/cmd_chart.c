/* kc chart — helm's command line (v3.21): the dispatcher, the root help,
 * `version`, and the error framing every chart verb shares.
 *
 * `kc chart VERB …` and kc installed as `helm` run the same code. Errors are
 * printed as cobra prints them for helm ("Error: MSG", exit 1); the command
 * path in messages is always "helm …", as the helm binary prints it. */
#include <stdlib.h>
#include <string.h>

#include "cli/chart_cmds.h"
#include "cli/cmd_chart_release.h"
#include "cli/chart_help.h"
#include "cli/kc.h"
#include "template/sprig/sprig.h"
#include "template/template.h"
#include "template/value.h"

const struct kc_cmd kc_chart_dependency_cmds[] = {
	{ "build", cmd_chart_dependency_build, NULL, NULL, NULL },
	{ "list", cmd_chart_dependency_list, NULL, "ls", NULL },
	{ "update", cmd_chart_dependency_update, NULL, "up", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct kc_cmd kc_chart_show_cmds[] = {
	{ "all", cmd_chart_show_all, NULL, NULL, NULL },
	{ "chart", cmd_chart_show_chart, NULL, NULL, NULL },
	{ "crds", cmd_chart_show_crds, NULL, NULL, NULL },
	{ "readme", cmd_chart_show_readme, NULL, NULL, NULL },
	{ "values", cmd_chart_show_values, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* Sorted by name (cli.t checks it). */
const struct kc_cmd kc_chart_cmds[] = {
	{ "create", cmd_chart_create, NULL, NULL, NULL },
	{ "dependency", cmd_chart_dependency, kc_chart_dependency_cmds, "dep,dependencies", NULL },
	{ "get", cmd_chart_get, kc_chart_get_cmds, NULL, NULL },
	{ "history", cmd_chart_history, NULL, "hist", NULL },
	{ "install", cmd_chart_install, NULL, NULL, NULL },
	{ "lint", cmd_chart_lint, NULL, NULL, NULL },
	{ "list", cmd_chart_list, NULL, "ls", NULL },
	{ "package", cmd_chart_package, NULL, NULL, NULL },
	{ "rollback", cmd_chart_rollback, NULL, NULL, NULL },
	{ "show", cmd_chart_show, kc_chart_show_cmds, "inspect", NULL },
	{ "status", cmd_chart_status, NULL, NULL, NULL },
	{ "template", cmd_chart_template, NULL, NULL, NULL },
	{ "test", cmd_chart_test, NULL, NULL, NULL },
	{ "uninstall", cmd_chart_uninstall, NULL, "del,delete,un", NULL },
	{ "upgrade", cmd_chart_upgrade, NULL, NULL, NULL },
	{ "version", cmd_chart_version, NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* helm's root command list (cobra's "Available Commands:"), for the root
 * help and unknown-command suggestions. */
static const char *const helm_commands[][2] = {
	{ "completion", "generate autocompletion scripts for the specified shell" },
	{ "create", "create a new chart with the given name" },
	{ "dependency", "manage a chart's dependencies" },
	{ "env", "helm client environment information" },
	{ "get", "download extended information of a named release" },
	{ "help", "Help about any command" },
	{ "history", "fetch release history" },
	{ "install", "install a chart" },
	{ "lint", "examine a chart for possible issues" },
	{ "list", "list releases" },
	{ "package", "package a chart directory into a chart archive" },
	{ "plugin", "install, list, or uninstall Helm plugins" },
	{ "pull", "download a chart from a repository and (optionally) unpack it in local directory" },
	{ "push", "push a chart to remote" },
	{ "registry", "login to or logout from a registry" },
	{ "repo", "add, list, remove, update, and index chart repositories" },
	{ "rollback", "roll back a release to a previous revision" },
	{ "search", "search for a keyword in charts" },
	{ "show", "show information of a chart" },
	{ "status", "display the status of the named release" },
	{ "template", "locally render templates" },
	{ "test", "run tests for a release" },
	{ "uninstall", "uninstall a release" },
	{ "upgrade", "upgrade a release" },
	{ "verify", "verify that a chart at the given path has been signed and is valid" },
	{ "version", "print the client version information" },
};
#define NR_HELM_COMMANDS (sizeof(helm_commands) / sizeof(helm_commands[0]))

int chart_fail(struct kc_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "Error: %s\n", err->msg.buf); /* cobra's Println */
	kc_err_raw(err, "%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

void chart_print_warnings(const struct strvec *w)
{
	fflush(stdout);
	for (size_t i = 0; i < w->nr; i++)
		fprintf(stderr, "%s\n", w->v[i]);
}

/* Run the common parse; returns 0 to go on, 1 to return 0 (help), -1 error
 * (already framed). */
int chart_parse(struct chart_cmd *c, int argc, const char **argv, struct kc_err *err)
{
	int rc = chart_cmd_parse(c, argc, argv, err);
	if (rc < 0)
		return chart_fail(err);
	return rc;
}

static size_t lev(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t v = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

static void root_cmd(struct chart_cmd *c, struct chart_global *g)
{
	static char subs[4096];
	if (!subs[0]) {
		size_t off = 0;
		for (size_t i = 0; i < NR_HELM_COMMANDS; i++)
			off += (size_t)snprintf(subs + off, sizeof(subs) - off, "%s  %-11s %s",
						i ? "\n" : "", helm_commands[i][0], helm_commands[i][1]);
	}
	chart_cmd_init(c, "helm", "helm", HELM_GLOBAL_USAGE);
	c->subcommands = subs;
	c->is_root = 1;
	chart_global_flags(&c->global, g);
}

static int chart_root(int argc, const char **argv, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	chart_global_init(&g);
	root_cmd(&c, &g);
	int rc = chart_cmd_parse(&c, argc, argv, err);
	if (rc == 0 && c.args.nr) {
		/* cobra legacyArgs: an unknown word under the root */
		const char *w = c.args.v[0];
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "Error: unknown command \"%s\" for \"helm\"", w);
		int any = 0;
		for (size_t i = 0; i < NR_HELM_COMMANDS; i++) {
			const char *n = helm_commands[i][0];
			if (!strcmp(n, "help"))
				continue;
			if (lev(w, n) <= 2 || starts_with(n, w)) {
				if (!any)
					strbuf_addstr(&sb, "\n\nDid you mean this?\n");
				strbuf_addf(&sb, "\t%s\n", n);
				any = 1;
			}
		}
		strbuf_addstr(&sb, "\nRun 'helm --help' for usage.\n");
		kc_err_raw(err, "%s", sb.buf);
		strbuf_release(&sb);
		rc = -1;
	} else if (rc < 0) {
		chart_fail(err);
	} else if (rc == 0) {
		chart_cmd_help(&c, stdout);
	}
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}

static const struct kc_cmd *find_sub(const struct kc_cmd *tab, const char *name)
{
	for (const struct kc_cmd *c = tab; c && c->name; c++) {
		if (!strcmp(c->name, name))
			return c;
		if (c->aliases) {
			struct strvec al = STRVEC_INIT;
			strvec_split(&al, c->aliases, ',');
			int hit = strvec_contains(&al, name);
			strvec_clear(&al);
			if (hit)
				return c;
		}
	}
	return NULL;
}

/* Index of the first positional word, skipping helm's global flags (the
 * only boolean ones are --debug and --kube-insecure-skip-tls-verify). */
static int first_word(int argc, const char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return -1;
		if (a[0] != '-' || !a[1])
			return i;
		if (a[1] == '-') {
			if (strchr(a, '=') || !strcmp(a, "--debug") ||
			    !strcmp(a, "--kube-insecure-skip-tls-verify") || !strcmp(a, "--help"))
				continue;
			i++;
			continue;
		}
		if (!strcmp(a, "-n"))
			i++;
	}
	return -1;
}

int chart_dispatch(const struct kc_cmd *tab, struct kc_ctx *ctx, int argc, const char **argv,
		   struct kc_err *err)
{
	int w = first_word(argc, argv);
	const struct kc_cmd *sub = w >= 0 ? find_sub(tab, argv[w]) : NULL;
	if (!sub)
		return -2;
	const char **rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	int n = 0;
	for (int i = 0; i < argc; i++)
		if (i != w)
			rest[n++] = argv[i];
	int rc;
	if (sub->subs) {
		rc = chart_dispatch(sub->subs, ctx, n, rest, err);
		if (rc == -2)
			rc = sub->fn(ctx, n, rest, err);
	} else {
		rc = sub->fn(ctx, n, rest, err);
	}
	free(rest);
	return rc;
}

/* cobra's help command: `helm help CMD…` is `helm CMD… --help` */
static int chart_help_cmd(struct kc_ctx *ctx, int argc, const char **argv, int w, struct kc_err *err)
{
	const char **v = xcalloc((size_t)argc + 2, sizeof(*v));
	int n = 0, words = 0, known = 1;
	const struct kc_cmd *tab = kc_chart_cmds;
	for (int i = 0; i < argc; i++) {
		if (i == w)
			continue;
		v[n++] = argv[i];
		if (argv[i][0] != '-') {
			const struct kc_cmd *c = tab ? find_sub(tab, argv[i]) : NULL;
			if (!c)
				known = 0;
			tab = c ? c->subs : NULL;
			words++;
		}
	}
	int rc;
	if (!known) {
		/* Printf("Unknown help topic %#q\n", args) and the root's usage */
		printf("Unknown help topic [");
		int first = 1;
		for (int i = 0; i < n; i++)
			if (v[i][0] != '-') {
				printf("%s`%s`", first ? "" : " ", v[i]);
				first = 0;
			}
		printf("]\n");
		struct chart_cmd c;
		struct chart_global g;
		chart_global_init(&g);
		root_cmd(&c, &g);
		c.long_ = NULL;
		chart_cmd_help(&c, stdout);
		chart_cmd_release(&c);
		chart_global_release(&g);
		rc = 0;
	} else {
		v[n++] = "--help";
		rc = words ? chart_dispatch(kc_chart_cmds, ctx, n, v, err) : chart_root(n, v, err);
	}
	free(v);
	return rc;
}

int cmd_chart(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	int w = first_word(argc, argv);
	if (w >= 0 && !strcmp(argv[w], "help"))
		return chart_help_cmd(ctx, argc, argv, w, err);
	int rc = chart_dispatch(kc_chart_cmds, ctx, argc, argv, err);
	if (rc != -2)
		return rc;
	return chart_root(argc, argv, err);
}

/* A command group (show, dependency): cobra prints its help when it is run
 * without a known sub-command (it is not runnable). */
int chart_group(int argc, const char **argv, const char *path, const char *use,
		const char *long_, const char *aliases, const char *subs, struct kc_err *err)
{
	struct chart_cmd c;
	struct chart_global g;
	chart_global_init(&g);
	chart_cmd_init(&c, path, use, long_);
	c.subcommands = subs;
	c.aliases = aliases;
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc == 0)
		chart_cmd_help(&c, stdout);
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------------------
 * helm version
 */
#define HELM_VERSION "v3.21.4"
#define HELM_GIT_COMMIT "813176c51bb5c181dbbd7901298ddcc104cd3417"
#define HELM_GO_VERSION "go1.26"

int cmd_chart_version(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	(void)ctx;
	struct chart_cmd c;
	struct chart_global g;
	int short_ = 0, client = 1;
	const char *tmpl = "";
	chart_global_init(&g);
	chart_cmd_init(&c, "helm version", "version", HELM_VERSION_DESC);
	hflags_add(&c.local, HF_BOOL, "short", 0, &short_, "print the version number");
	hflags_add(&c.local, HF_STRING, "template", 0, &tmpl, "template for version string format");
	hflags_add(&c.local, HF_BOOL, "client", 'c', &client, "display client version information")->hidden = 1;
	chart_global_flags(&c.global, &g);
	int rc = chart_parse(&c, argc, argv, err);
	if (rc)
		goto out;
	if (chart_require_exact(&c, 0, err) < 0) {
		rc = chart_fail(err);
		goto out;
	}
	if (*tmpl) {
		struct tmpl *t = tmpl_new();
		tmpl_add_funcs(t, sprig_funcs);
		tmpl_set_name(t, "_");
		struct strbuf out = STRBUF_INIT;
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "Version", HELM_VERSION, "GitCommit",
				      HELM_GIT_COMMIT, "GitTreeState", "clean", "GoVersion", HELM_GO_VERSION);
		struct tv *data = tv_from_json(j, 0);
		if (tmpl_parse(t, "_", tmpl, strlen(tmpl), err) < 0 ||
		    tmpl_execute(t, "_", data, &out, err) < 0)
			rc = chart_fail(err);
		fwrite(out.buf, 1, out.len, stdout);
		strbuf_release(&out);
		tv_decref(data);
		json_decref(j);
		tmpl_free(t);
		goto out;
	}
	if (short_)
		printf("%s+g%.7s\n", HELM_VERSION, HELM_GIT_COMMIT);
	else
		printf("version.BuildInfo{Version:\"%s\", GitCommit:\"%s\", GitTreeState:\"clean\", GoVersion:\"%s\"}\n",
		       HELM_VERSION, HELM_GIT_COMMIT, HELM_GO_VERSION);
out:
	chart_cmd_release(&c);
	chart_global_release(&g);
	return rc < 0 ? -1 : 0;
}
