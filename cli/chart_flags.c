/* pflag-compatible flag parsing and cobra-style help for `kc chart` (helm). */
#include "cli/chart_flags.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/options.h"
#include "kubeconfig/kubeconfig.h"
#include "util/file.h"
#include "util/gostr.h"

void hflags_init(struct hflags *fs)
{
	memset(fs, 0, sizeof(*fs));
}

void hflags_release(struct hflags *fs)
{
	for (size_t i = 0; i < fs->nr; i++)
		free(fs->v[i].defval);
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

static void format_float32(struct strbuf *sb, double d)
{
	go_format_float(sb, d, 'g', -1);
}

static char *current_default(enum hflag_type t, void *value)
{
	struct strbuf sb = STRBUF_INIT;
	switch (t) {
	case HF_BOOL:
		strbuf_addstr(&sb, *(int *)value ? "true" : "false");
		break;
	case HF_STRING:
	case HF_DURATION: {
		const char *s = *(const char **)value;
		strbuf_addstr(&sb, s ? s : "");
		break;
	}
	case HF_INT:
	case HF_UINT:
		strbuf_addf(&sb, "%ld", *(long *)value);
		break;
	case HF_FLOAT32:
		format_float32(&sb, *(double *)value);
		break;
	case HF_STRARRAY:
	case HF_STRSLICE:
	case HF_STRMAP: {
		const struct strvec *sv = value;
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < sv->nr; i++)
			strbuf_addf(&sb, "%s%s", i ? "," : "", sv->v[i]);
		strbuf_addch(&sb, ']');
		break;
	}
	}
	return strbuf_detach(&sb, NULL);
}

struct hflag *hflags_add(struct hflags *fs, enum hflag_type type, const char *name, char shorthand,
			 void *value, const char *usage)
{
	if (fs->nr == fs->alloc) {
		fs->alloc = fs->alloc ? fs->alloc * 2 : 32;
		fs->v = xrealloc(fs->v, fs->alloc * sizeof(*fs->v));
	}
	struct hflag *f = &fs->v[fs->nr++];
	memset(f, 0, sizeof(*f));
	f->type = type;
	f->name = name;
	f->shorthand = shorthand;
	f->value = value;
	f->usage = usage;
	f->defval = current_default(type, value);
	return f;
}

struct hflag *hflags_find(struct hflags *fs, const char *name)
{
	for (size_t i = 0; i < fs->nr; i++)
		if (!strcmp(fs->v[i].name, name))
			return &fs->v[i];
	return NULL;
}

int hflags_changed(struct hflags *fs, const char *name)
{
	struct hflag *f = hflags_find(fs, name);
	return f && f->changed;
}

/* ---------------------------------------------------------------------------
 * Global flags.
 */
static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

void chart_global_init(struct chart_global *g)
{
	memset(g, 0, sizeof(*g));
	strvec_init(&g->kube_as_group);
	g->namespace = env_or("HELM_NAMESPACE", "");
	g->kubeconfig = "";
	g->kube_context = env_or("HELM_KUBECONTEXT", "");
	g->kube_token = env_or("HELM_KUBETOKEN", "");
	g->kube_as_user = env_or("HELM_KUBEASUSER", "");
	g->kube_apiserver = env_or("HELM_KUBEAPISERVER", "");
	g->kube_ca_file = env_or("HELM_KUBECAFILE", "");
	g->kube_tls_server_name = env_or("HELM_KUBETLS_SERVER_NAME", "");
	const char *groups = getenv("HELM_KUBEASGROUPS");
	if (groups && *groups)
		strvec_split(&g->kube_as_group, groups, ',');
	int b = 0;
	const char *ins = getenv("HELM_KUBEINSECURE_SKIP_TLS_VERIFY");
	if (ins && go_parse_bool(ins, &b) == 0)
		g->kube_insecure_skip_tls_verify = b;
	const char *dbg = getenv("HELM_DEBUG");
	if (dbg && go_parse_bool(dbg, &b) == 0)
		g->debug = b;
	/* helmpath: $XDG_CONFIG_HOME or ~/.config, $XDG_CACHE_HOME or ~/.cache */
	const char *xc = getenv("XDG_CONFIG_HOME"), *xk = getenv("XDG_CACHE_HOME");
	char *cfg = xc && *xc ? xasprintf("%s/helm", xc) : xasprintf("%s/.config/helm", home_dir());
	char *cache = xk && *xk ? xasprintf("%s/helm", xk) : xasprintf("%s/.cache/helm", home_dir());
	g->owned[0] = xasprintf("%s/registry/config.json", cfg);
	g->owned[1] = xasprintf("%s/repositories.yaml", cfg);
	g->owned[2] = xasprintf("%s/repository", cache);
	free(cfg);
	free(cache);
	g->registry_config = env_or("HELM_REGISTRY_CONFIG", g->owned[0]);
	g->repository_config = env_or("HELM_REPOSITORY_CONFIG", g->owned[1]);
	g->repository_cache = env_or("HELM_REPOSITORY_CACHE", g->owned[2]);
	g->burst_limit = 100;
	const char *bl = getenv("HELM_BURST_LIMIT");
	long long n;
	if (bl && go_parse_int(bl, 10, 64, &n) == 0)
		g->burst_limit = (long)n;
	g->qps = 0;
	const char *q = getenv("HELM_QPS");
	double d;
	if (q && go_parse_float(q, &d) == 0)
		g->qps = d;
}

void chart_global_release(struct chart_global *g)
{
	strvec_clear(&g->kube_as_group);
	for (int i = 0; i < 4; i++)
		free(g->owned[i]);
	memset(g, 0, sizeof(*g));
}

void chart_global_flags(struct hflags *fs, struct chart_global *g)
{
	hflags_add(fs, HF_INT, "burst-limit", 0, &g->burst_limit, "client-side default throttling limit");
	hflags_add(fs, HF_BOOL, "debug", 0, &g->debug, "enable verbose output");
	hflags_add(fs, HF_STRING, "kube-apiserver", 0, &g->kube_apiserver, "the address and the port for the Kubernetes API server");
	hflags_add(fs, HF_STRARRAY, "kube-as-group", 0, &g->kube_as_group, "group to impersonate for the operation, this flag can be repeated to specify multiple groups.");
	hflags_add(fs, HF_STRING, "kube-as-user", 0, &g->kube_as_user, "username to impersonate for the operation");
	hflags_add(fs, HF_STRING, "kube-ca-file", 0, &g->kube_ca_file, "the certificate authority file for the Kubernetes API server connection");
	hflags_add(fs, HF_STRING, "kube-context", 0, &g->kube_context, "name of the kubeconfig context to use");
	hflags_add(fs, HF_BOOL, "kube-insecure-skip-tls-verify", 0, &g->kube_insecure_skip_tls_verify, "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure");
	hflags_add(fs, HF_STRING, "kube-tls-server-name", 0, &g->kube_tls_server_name, "server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used");
	hflags_add(fs, HF_STRING, "kube-token", 0, &g->kube_token, "bearer token used for authentication");
	hflags_add(fs, HF_STRING, "kubeconfig", 0, &g->kubeconfig, "path to the kubeconfig file");
	hflags_add(fs, HF_STRING, "namespace", 'n', &g->namespace, "namespace scope for this request");
	hflags_add(fs, HF_FLOAT32, "qps", 0, &g->qps, "queries per second used when communicating with the Kubernetes API, not including bursting");
	hflags_add(fs, HF_STRING, "registry-config", 0, &g->registry_config, "path to the registry config file");
	hflags_add(fs, HF_STRING, "repository-cache", 0, &g->repository_cache, "path to the directory containing cached repository indexes");
	hflags_add(fs, HF_STRING, "repository-config", 0, &g->repository_config, "path to the file containing repository names and URLs");
}

const char *chart_global_namespace(struct chart_global *g)
{
	if (g->owned[3])
		return g->owned[3];
	struct kc_config_overrides ov;
	memset(&ov, 0, sizeof(ov));
	ov.kubeconfig = *g->kubeconfig ? g->kubeconfig : NULL;
	ov.context = *g->kube_context ? g->kube_context : NULL;
	ov.namespace = *g->namespace ? g->namespace : NULL;
	ov.insecure_skip_tls_verify = -1;
	ov.skip_namespace = 1;
	struct kc_err err = KC_ERR_INIT;
	int explicit_ns = 0;
	char *ns = kc_config_namespace(&ov, &explicit_ns, &err);
	kc_err_release(&err);
	if (!ns || !*ns) {
		free(ns);
		ns = xstrdup(*g->namespace ? g->namespace : "default");
	}
	g->owned[3] = ns;
	return ns;
}

/* ---------------------------------------------------------------------------
 * Parsing.
 */
static struct hflag *find_long2(struct chart_cmd *c, const char *name, size_t len)
{
	struct hflags *sets[2] = { &c->local, &c->global };
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sets[s]->nr; i++)
			if (strlen(sets[s]->v[i].name) == len && !strncmp(sets[s]->v[i].name, name, len))
				return &sets[s]->v[i];
	return NULL;
}

static struct hflag *find_short2(struct chart_cmd *c, char ch)
{
	struct hflags *sets[2] = { &c->local, &c->global };
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < sets[s]->nr; i++)
			if (sets[s]->v[i].shorthand == ch)
				return &sets[s]->v[i];
	return NULL;
}

static int invalid_arg(struct kc_err *err, const struct hflag *f, const char *value, const char *why)
{
	struct strbuf msg = STRBUF_INIT;
	kc_option_invalid_arg_msg(&msg, f->shorthand, f->name, value, why);
	kc_err_set(err, "%s", msg.buf);
	strbuf_release(&msg);
	return -1;
}
static int set_flag(struct hflag *f, const char *value, struct kc_err *err)
{
	struct strbuf why = STRBUF_INIT, q = STRBUF_INIT;
	int ret = 0;
	go_quote(&q, value, strlen(value));
	switch (f->type) {
	case HF_BOOL: {
		int b;
		if (go_parse_bool(value, &b) < 0) {
			strbuf_addf(&why, "strconv.ParseBool: parsing %s: invalid syntax", q.buf);
			ret = invalid_arg(err, f, value, why.buf);
		} else {
			*(int *)f->value = b;
		}
		break;
	}
	case HF_STRING:
		*(const char **)f->value = value;
		break;
	case HF_DURATION: {
		int64_t ns;
		if (go_parse_duration(value, &ns, &why) < 0)
			ret = invalid_arg(err, f, value, why.buf);
		else
			*(const char **)f->value = value;
		break;
	}
	case HF_INT: {
		long long n;
		int rc = go_parse_int(value, 0, 64, &n);
		if (rc < 0) {
			strbuf_addf(&why, "strconv.ParseInt: parsing %s: %s", q.buf,
				    rc == -2 ? "value out of range" : "invalid syntax");
			ret = invalid_arg(err, f, value, why.buf);
		} else {
			*(long *)f->value = (long)n;
		}
		break;
	}
	case HF_UINT: {
		long long n;
		int rc = *value == '-' ? -1 : go_parse_int(value, 0, 64, &n);
		if (rc < 0) {
			strbuf_addf(&why, "strconv.ParseUint: parsing %s: %s", q.buf,
				    rc == -2 ? "value out of range" : "invalid syntax");
			ret = invalid_arg(err, f, value, why.buf);
		} else {
			*(long *)f->value = (long)n;
		}
		break;
	}
	case HF_FLOAT32: {
		double d;
		if (go_parse_float(value, &d) < 0) {
			strbuf_addf(&why, "strconv.ParseFloat: parsing %s: invalid syntax", q.buf);
			ret = invalid_arg(err, f, value, why.buf);
		} else {
			*(double *)f->value = d;
		}
		break;
	}
	case HF_STRARRAY:
		if (!f->changed)
			strvec_clear(f->value);
		strvec_push(f->value, value);
		break;
	case HF_STRSLICE:
		if (!f->changed)
			strvec_clear(f->value);
		kc_option_split_slice(f->value, value);
		break;
	case HF_STRMAP: {
		struct strvec kv = STRVEC_INIT;
		kc_option_split_slice(&kv, value);
		for (size_t i = 0; i < kv.nr && !ret; i++)
			if (!strchr(kv.v[i], '=')) {
				strbuf_addf(&why, "%s must be formatted as key=value", kv.v[i]);
				ret = invalid_arg(err, f, value, why.buf);
			}
		if (!ret) {
			if (!f->changed)
				strvec_clear(f->value);
			for (size_t i = 0; i < kv.nr; i++)
				strvec_push(f->value, kv.v[i]);
		}
		strvec_clear(&kv);
		break;
	}
	}
	if (!ret)
		f->changed = 1;
	strbuf_release(&why);
	strbuf_release(&q);
	return ret;
}

void chart_cmd_init(struct chart_cmd *c, const char *path, const char *use, const char *long_)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->use = use;
	c->long_ = long_;
	hflags_init(&c->local);
	hflags_init(&c->global);
	strvec_init(&c->args);
}

void chart_cmd_release(struct chart_cmd *c)
{
	hflags_release(&c->local);
	hflags_release(&c->global);
	strvec_clear(&c->args);
}

int chart_cmd_parse(struct chart_cmd *c, int argc, const char **argv, struct kc_err *err)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--__kc-options")) {
			for (size_t k = 0; k < c->local.nr; k++) {
				if (c->local.v[k].hidden)
					continue;
				printf("--%s", c->local.v[k].name);
				if (c->local.v[k].shorthand)
					printf(" -%c", c->local.v[k].shorthand);
				putchar('\n');
			}
			return 1;
		}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strvec_push(&c->args, argv[i]);
			break;
		}
		if (a[0] != '-' || !a[1]) {
			strvec_push(&c->args, a);
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			struct hflag *f = find_long2(c, name, len);
			if (!f && len == 4 && !strncmp(name, "help", 4)) {
				int b = 1;
				if (eq && go_parse_bool(eq + 1, &b) < 0) {
					struct strbuf q = STRBUF_INIT;
					go_quote(&q, eq + 1, strlen(eq + 1));
					kc_err_set(err, "invalid argument %s for \"-h, --help\" flag: strconv.ParseBool: parsing %s: invalid syntax",
						   q.buf, q.buf);
					strbuf_release(&q);
					return -1;
				}
				c->want_help = b;
				continue;
			}
			if (!f) {
				if (len == 0)
					return kc_err_set(err, "bad flag syntax: %s", a);
				return kc_err_set(err, "unknown flag: --%.*s", (int)len, name);
			}
			const char *value;
			if (eq)
				value = eq + 1;
			else if (f->type == HF_BOOL)
				value = "true";
			else if (f->noopt)
				value = f->noopt;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return kc_err_set(err, "flag needs an argument: --%s", f->name);
			if (set_flag(f, value, err) < 0)
				return -1;
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			struct hflag *f = find_short2(c, *p);
			if (!f && *p == 'h') {
				c->want_help = 1;
				continue;
			}
			if (!f)
				return kc_err_set(err, "unknown shorthand flag: '%c' in %s", *p, a);
			const char *value;
			if (p[1] == '=') {
				value = p + 2;
			} else if (f->type == HF_BOOL || f->noopt) {
				if (set_flag(f, f->type == HF_BOOL ? "true" : f->noopt, err) < 0)
					return -1;
				continue;
			} else if (p[1]) {
				value = p + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				return kc_err_set(err, "flag needs an argument: '%c' in -%c", *p, *p);
			}
			if (set_flag(f, value, err) < 0)
				return -1;
			break;
		}
	}
	if (c->want_help) {
		chart_cmd_help(c, stdout);
		return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * Help (cobra's default templates, pflag's FlagUsages).
 */
static const char *type_name(const struct hflag *f)
{
	switch (f->type) {
	case HF_BOOL:
		return "";
	case HF_STRING:
		return "string";
	case HF_INT:
		return "int";
	case HF_UINT:
		return "uint";
	case HF_FLOAT32:
		return "float32";
	case HF_STRARRAY:
		return "stringArray";
	case HF_STRSLICE:
		return "strings";
	case HF_DURATION:
		return "duration";
	case HF_STRMAP:
		return "stringToString";
	}
	return "";
}

static int default_is_zero(const struct hflag *f)
{
	const char *d = f->defval;
	switch (f->type) {
	case HF_BOOL:
		return !strcmp(d, "false");
	case HF_STRING:
		return !*d;
	case HF_INT:
	case HF_UINT:
	case HF_FLOAT32:
		return !strcmp(d, "0");
	case HF_DURATION:
		return !*d || !strcmp(d, "0") || !strcmp(d, "0s");
	case HF_STRARRAY:
	case HF_STRSLICE:
	case HF_STRMAP:
		return !strcmp(d, "[]");
	}
	return 1;
}

static int cmp_flag(const void *a, const void *b)
{
	const struct hflag *x = *(const struct hflag *const *)a, *y = *(const struct hflag *const *)b;
	return strcmp(x->name, y->name);
}

static void flag_usages(const struct hflag *v, size_t n, const struct hflag *extra, struct strbuf *out)
{
	const struct hflag **s = xcalloc(n + 2, sizeof(*s));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!v[i].hidden)
			s[m++] = &v[i];
	if (extra)
		s[m++] = extra;
	qsort(s, m, sizeof(*s), cmp_flag);
	struct strvec lines = STRVEC_INIT;
	size_t maxlen = 0;
	struct strbuf line = STRBUF_INIT;
	for (size_t i = 0; i < m; i++) {
		const struct hflag *f = s[i];
		strbuf_reset(&line);
		if (f->shorthand)
			strbuf_addf(&line, "  -%c, --%s", f->shorthand, f->name);
		else
			strbuf_addf(&line, "      --%s", f->name);
		/* UnquoteUsage: a `name` in the usage becomes the variable name */
		const char *usage = f->usage;
		struct strbuf u = STRBUF_INIT;
		const char *varname = type_name(f);
		char *vn = NULL;
		const char *bq = strchr(usage, '`');
		const char *bq2 = bq ? strchr(bq + 1, '`') : NULL;
		if (bq && bq2) {
			vn = xstrndup(bq + 1, (size_t)(bq2 - bq - 1));
			strbuf_add(&u, usage, (size_t)(bq - usage));
			strbuf_addstr(&u, vn);
			strbuf_addstr(&u, bq2 + 1);
			varname = vn;
		} else {
			strbuf_addstr(&u, usage);
		}
		if (*varname)
			strbuf_addf(&line, " %s", varname);
		if (f->noopt) {
			if (f->type == HF_STRING)
				strbuf_addf(&line, "[=\"%s\"]", f->noopt);
			else if (f->type == HF_BOOL) {
				if (strcmp(f->noopt, "true"))
					strbuf_addf(&line, "[=%s]", f->noopt);
			} else
				strbuf_addf(&line, "[=%s]", f->noopt);
		}
		if (line.len > maxlen)
			maxlen = line.len;
		strbuf_addch(&line, '\x01');
		strbuf_addbuf(&line, &u);
		if (!default_is_zero(f)) {
			if (f->type == HF_STRING) {
				struct strbuf q = STRBUF_INIT;
				go_quote(&q, f->defval, strlen(f->defval));
				strbuf_addf(&line, " (default %s)", q.buf);
				strbuf_release(&q);
			} else {
				strbuf_addf(&line, " (default %s)", f->defval);
			}
		}
		strvec_push(&lines, line.buf);
		strbuf_release(&u);
		free(vn);
	}
	for (size_t i = 0; i < lines.nr; i++) {
		const char *l = lines.v[i];
		const char *sep = strchr(l, '\x01');
		size_t sidx = (size_t)(sep - l);
		strbuf_add(out, l, sidx);
		strbuf_addch(out, ' ');
		strbuf_addchars(out, ' ', maxlen - sidx);
		strbuf_addch(out, ' ');
		strbuf_addstr(out, sep + 1);
		strbuf_addch(out, '\n');
	}
	strvec_clear(&lines);
	strbuf_release(&line);
	free(s);
}

void chart_cmd_use_line(struct chart_cmd *c, struct strbuf *sb)
{
	/* cobra UseLine: parent path + Use, " [flags]" when the command has flags */
	const char *sp = strrchr(c->path, ' ');
	if (sp)
		strbuf_add(sb, c->path, (size_t)(sp - c->path + 1));
	strbuf_addstr(sb, c->use);
	if (!strstr(c->use, "[flags]"))
		strbuf_addstr(sb, " [flags]");
}

void chart_cmd_help(struct chart_cmd *c, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	if (c->long_ && *c->long_) {
		strbuf_addstr(&sb, c->long_);
		strbuf_rtrim(&sb);
		strbuf_addstr(&sb, "\n\n");
	}
	if (!c->subcommands) {
		strbuf_addstr(&sb, "Usage:\n  ");
		chart_cmd_use_line(c, &sb);
	} else {
		strbuf_addf(&sb, "Usage:\n  %s [command]", c->path);
	}
	if (c->aliases)
		strbuf_addf(&sb, "\n\nAliases:\n  %s", c->aliases);
	if (c->example)
		strbuf_addf(&sb, "\n\nExamples:\n%s", c->example);
	if (c->subcommands)
		strbuf_addf(&sb, "\n\nAvailable Commands:\n%s", c->subcommands);
	struct hflag help;
	memset(&help, 0, sizeof(help));
	help.type = HF_BOOL;
	help.name = "help";
	help.shorthand = 'h';
	const char *base = strrchr(c->path, ' ');
	char *hu = xasprintf("help for %s", base ? base + 1 : c->path);
	help.usage = hu;
	help.defval = "false";
	strbuf_addstr(&sb, "\n\nFlags:\n");
	if (c->is_root)
		flag_usages(c->global.v, c->global.nr, &help, &sb);
	else
		flag_usages(c->local.v, c->local.nr, &help, &sb);
	strbuf_rtrim(&sb);
	if (c->global.nr && !c->is_root) {
		strbuf_addstr(&sb, "\n\nGlobal Flags:\n");
		flag_usages(c->global.v, c->global.nr, NULL, &sb);
		strbuf_rtrim(&sb);
	}
	if (c->subcommands)
		strbuf_addf(&sb, "\n\nUse \"%s [command] --help\" for more information about a command.",
			    c->path);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	free(hu);
}

static int require_fail(struct chart_cmd *c, const char *what, size_t n, struct kc_err *err)
{
	struct strbuf u = STRBUF_INIT;
	chart_cmd_use_line(c, &u);
	kc_err_set(err, "\"%s\" %s %zu argument%s\n\nUsage:  %s", c->path, what, n, n == 1 ? "" : "s",
		   u.buf);
	strbuf_release(&u);
	return -1;
}

int chart_require_min(struct chart_cmd *c, size_t n, struct kc_err *err)
{
	return c->args.nr < n ? require_fail(c, "requires at least", n, err) : 0;
}

int chart_require_max(struct chart_cmd *c, size_t n, struct kc_err *err)
{
	return c->args.nr > n ? require_fail(c, "accepts at most", n, err) : 0;
}

int chart_require_exact(struct chart_cmd *c, size_t n, struct kc_err *err)
{
	if (c->args.nr == n)
		return 0;
	if (n == 0) {
		struct strbuf u = STRBUF_INIT;
		chart_cmd_use_line(c, &u);
		kc_err_set(err, "\"%s\" accepts no arguments\n\nUsage:  %s", c->path, u.buf);
		strbuf_release(&u);
		return -1;
	}
	return require_fail(c, "requires", n, err);
}

int chart_require_range(struct chart_cmd *c, size_t lo, size_t hi, struct kc_err *err)
{
	if (c->args.nr < lo || c->args.nr > hi) {
		/* cobra.RangeArgs */
		return kc_err_set(err, "accepts between %zu and %zu arg(s), received %zu", lo, hi,
				  c->args.nr);
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * Flag groups.
 */
void chart_value_flags(struct hflags *fs, struct chart_value_opts *vo)
{
	hflags_add(fs, HF_STRSLICE, "values", 'f', &vo->values, "specify values in a YAML file or a URL (can specify multiple)");
	hflags_add(fs, HF_STRARRAY, "set", 0, &vo->set, "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)");
	hflags_add(fs, HF_STRARRAY, "set-string", 0, &vo->set_string, "set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)");
	hflags_add(fs, HF_STRARRAY, "set-file", 0, &vo->set_file, "set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)");
	hflags_add(fs, HF_STRARRAY, "set-json", 0, &vo->set_json, "set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2)");
	hflags_add(fs, HF_STRARRAY, "set-literal", 0, &vo->set_literal, "set a literal STRING value on the command line");
}

void chart_path_flags(struct hflags *fs, struct chart_path_flags *p)
{
	memset(p, 0, sizeof(*p));
	p->version = p->repo = p->username = p->password = p->cert_file = p->key_file = p->ca_file = "";
	/* defaultKeyring: $GNUPGHOME/pubring.gpg or ~/.gnupg/pubring.gpg */
	const char *gh = getenv("GNUPGHOME");
	p->owned_keyring = gh && *gh ? xasprintf("%s/pubring.gpg", gh)
				     : xasprintf("%s/.gnupg/pubring.gpg", home_dir());
	p->keyring = p->owned_keyring;
	hflags_add(fs, HF_STRING, "version", 0, &p->version, "specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used");
	hflags_add(fs, HF_BOOL, "verify", 0, &p->verify, "verify the package before using it");
	hflags_add(fs, HF_STRING, "keyring", 0, &p->keyring, "location of public keys used for verification");
	hflags_add(fs, HF_STRING, "repo", 0, &p->repo, "chart repository url where to locate the requested chart");
	hflags_add(fs, HF_STRING, "username", 0, &p->username, "chart repository username where to locate the requested chart");
	hflags_add(fs, HF_STRING, "password", 0, &p->password, "chart repository password where to locate the requested chart");
	hflags_add(fs, HF_STRING, "cert-file", 0, &p->cert_file, "identify HTTPS client using this SSL certificate file");
	hflags_add(fs, HF_STRING, "key-file", 0, &p->key_file, "identify HTTPS client using this SSL key file");
	hflags_add(fs, HF_BOOL, "insecure-skip-tls-verify", 0, &p->insecure_skip_tls_verify, "skip tls certificate checks for the chart download");
	hflags_add(fs, HF_BOOL, "plain-http", 0, &p->plain_http, "use insecure HTTP connections for the chart download");
	hflags_add(fs, HF_STRING, "ca-file", 0, &p->ca_file, "verify certificates of HTTPS-enabled servers using this CA bundle");
	hflags_add(fs, HF_BOOL, "pass-credentials", 0, &p->pass_credentials, "pass credentials to all domains");
}

void chart_path_flags_release(struct chart_path_flags *p)
{
	free(p->owned_keyring);
	p->owned_keyring = NULL;
}

void chart_install_flags_init(struct chart_install_flags *f)
{
	memset(f, 0, sizeof(*f));
	chart_value_opts_init(&f->values);
	strvec_init(&f->labels);
	strvec_init(&f->post_renderer_args);
	f->dry_run = f->name_template = f->description = f->post_renderer = "";
	f->timeout = "5m0s";
}

void chart_install_flags_release(struct chart_install_flags *f)
{
	chart_value_opts_release(&f->values);
	chart_path_flags_release(&f->path);
	strvec_clear(&f->labels);
	strvec_clear(&f->post_renderer_args);
}

void chart_install_flags_add(struct hflags *fs, struct chart_install_flags *f)
{
	hflags_add(fs, HF_BOOL, "create-namespace", 0, &f->create_namespace, "create the release namespace if not present");
	hflags_add(fs, HF_STRING, "dry-run", 0, &f->dry_run, "simulate an install. If --dry-run is set with no option being specified or as '--dry-run=client', it will not attempt cluster connections. Setting '--dry-run=server' allows attempting cluster connections.")->noopt = "client";
	hflags_add(fs, HF_BOOL, "force", 0, &f->force, "force resource updates through a replacement strategy");
	hflags_add(fs, HF_BOOL, "no-hooks", 0, &f->no_hooks, "prevent hooks from running during install");
	hflags_add(fs, HF_BOOL, "replace", 0, &f->replace, "re-use the given name, only if that name is a deleted release which remains in the history. This is unsafe in production");
	hflags_add(fs, HF_DURATION, "timeout", 0, &f->timeout, "time to wait for any individual Kubernetes operation (like Jobs for hooks)");
	hflags_add(fs, HF_BOOL, "wait", 0, &f->wait, "if set, will wait until all Pods, PVCs, Services, and minimum number of Pods of a Deployment, StatefulSet, or ReplicaSet are in a ready state before marking the release as successful. It will wait for as long as --timeout");
	hflags_add(fs, HF_BOOL, "wait-for-jobs", 0, &f->wait_for_jobs, "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout");
	hflags_add(fs, HF_BOOL, "generate-name", 'g', &f->generate_name, "generate the name (and omit the NAME parameter)");
	hflags_add(fs, HF_STRING, "name-template", 0, &f->name_template, "specify template used to name the release");
	hflags_add(fs, HF_STRING, "description", 0, &f->description, "add a custom description");
	hflags_add(fs, HF_BOOL, "devel", 0, &f->devel, "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored");
	hflags_add(fs, HF_BOOL, "dependency-update", 0, &f->dependency_update, "update dependencies if they are missing before installing the chart");
	hflags_add(fs, HF_BOOL, "disable-openapi-validation", 0, &f->disable_openapi_validation, "if set, the installation process will not validate rendered templates against the Kubernetes OpenAPI Schema");
	hflags_add(fs, HF_BOOL, "atomic", 0, &f->atomic, "if set, the installation process deletes the installation on failure. The --wait flag will be set automatically if --atomic is used");
	hflags_add(fs, HF_BOOL, "skip-crds", 0, &f->skip_crds, "if set, no CRDs will be installed. By default, CRDs are installed if not already present");
	hflags_add(fs, HF_BOOL, "render-subchart-notes", 0, &f->render_subchart_notes, "if set, render subchart notes along with the parent");
	hflags_add(fs, HF_BOOL, "skip-schema-validation", 0, &f->skip_schema_validation, "if set, disables JSON schema validation");
	hflags_add(fs, HF_STRMAP, "labels", 'l', &f->labels, "Labels that would be added to release metadata. Should be divided by comma.");
	hflags_add(fs, HF_BOOL, "enable-dns", 0, &f->enable_dns, "enable DNS lookups when rendering templates");
	hflags_add(fs, HF_BOOL, "hide-notes", 0, &f->hide_notes, "if set, do not show notes in install output. Does not affect presence in chart metadata");
	hflags_add(fs, HF_BOOL, "take-ownership", 0, &f->take_ownership, "if set, install will ignore the check for helm annotations and take ownership of the existing resources");
	chart_value_flags(fs, &f->values);
	chart_path_flags(fs, &f->path);
	hflags_add(fs, HF_STRING, "post-renderer", 0, &f->post_renderer, "the path to an executable to be used for post rendering. If it exists in $PATH, the binary will be used, otherwise it will try to look for the executable at the given path");
	hflags_add(fs, HF_STRARRAY, "post-renderer-args", 0, &f->post_renderer_args, "an argument to the post-renderer (can specify multiple)");
}

int chart_validate_dry_run(const struct chart_install_flags *f, int changed, struct kc_err *err)
{
	const char *v = f->dry_run;
	if (!changed || !*v)
		return 0;
	static const char *const ok[] = { "false", "true", "none", "client", "server", NULL };
	for (int i = 0; ok[i]; i++)
		if (!strcmp(v, ok[i]))
			return 0;
	return kc_err_set(err, "Invalid dry-run flag. Flag must one of the following: false, true, none, client, server");
}

/* post-renderer lookup: exec.LookPath, else the path as given */
static char *find_exec(const char *name)
{
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	const char *path = getenv("PATH");
	if (path) {
		struct strvec dirs = STRVEC_INIT;
		strvec_split(&dirs, path, ':');
		for (size_t i = 0; i < dirs.nr; i++) {
			char *p = path_join(*dirs.v[i] ? dirs.v[i] : ".", name);
			if (access(p, X_OK) == 0) {
				strvec_clear(&dirs);
				return p;
			}
			free(p);
		}
		strvec_clear(&dirs);
	}
	if (access(name, X_OK) == 0)
		return xstrdup(name);
	return NULL;
}

int chart_post_render(const struct chart_install_flags *f, const char *in, size_t len,
		      struct strbuf *out, struct kc_err *err)
{
	char *found = find_exec(f->post_renderer);
	char *bin = found ? path_abs(found) : NULL;
	free(found);
	if (!bin)
		return kc_err_set(err, "unable to find binary at %s: exec: \"%s\": executable file not found in $PATH",
				  f->post_renderer, f->post_renderer);
	char tmpl[] = "/tmp/kc-postrender.XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		kc_err_set(err, "error while running command %s: %s", bin, strerror(errno));
		free(bin);
		return -1;
	}
	unlink(tmpl);
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, in + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	lseek(fd, 0, SEEK_SET);
	int pout[2], perr[2];
	if (pipe(pout) < 0 || pipe(perr) < 0) {
		close(fd);
		kc_err_set(err, "error while running command %s: %s", bin, strerror(errno));
		free(bin);
		return -1;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd, 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		close(pout[0]);
		close(perr[0]);
		const char **argv = xcalloc(f->post_renderer_args.nr + 2, sizeof(*argv));
		argv[0] = bin;
		for (size_t i = 0; i < f->post_renderer_args.nr; i++)
			argv[i + 1] = f->post_renderer_args.v[i];
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	close(fd);
	close(pout[1]);
	close(perr[1]);
	struct strbuf eb = STRBUF_INIT;
	char buf[8192];
	/* read stdout fully, then stderr (post-renderers write little to stderr) */
	ssize_t r;
	while ((r = read(pout[0], buf, sizeof(buf))) > 0)
		strbuf_add(out, buf, (size_t)r);
	while ((r = read(perr[0], buf, sizeof(buf))) > 0)
		strbuf_add(&eb, buf, (size_t)r);
	close(pout[0]);
	close(perr[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	int ret = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		kc_err_set(err, "error while running post render on files: error while running command %s. error output:\n%s: exit status %d",
			   bin, eb.buf, WIFEXITED(status) ? WEXITSTATUS(status) : 1);
		ret = -1;
	}
	strbuf_release(&eb);
	free(bin);
	return ret;
}

int chart_name_and_chart(const struct chart_install_flags *f, const struct strvec *args,
			 const char *default_name, char **name, const char **chart,
			 struct kc_err *err)
{
	*name = NULL;
	*chart = args->nr ? args->v[0] : "";
	if (args->nr > 2) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 2; i < args->nr; i++)
			strbuf_addf(&sb, "%s%s", i > 2 ? ", " : "", args->v[i]);
		kc_err_set(err, "expected at most two arguments, unexpected arguments: %s", sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	if (args->nr == 2) {
		*name = xstrdup(args->v[0]);
		*chart = args->v[1];
		if (f->generate_name)
			return kc_err_set(err, "cannot set --generate-name and also specify a name");
		if (*f->name_template)
			return kc_err_set(err, "cannot set --name-template and also specify a name");
		return 0;
	}
	if (*f->name_template)
		return -2; /* the caller renders the name template (needs the engine) */
	if (default_name) {
		*name = xstrdup(default_name);
		return 0;
	}
	if (!f->generate_name)
		return kc_err_set(err, "must either provide a name or specify --generate-name");
	const char *a = args->v[0];
	size_t n = strlen(a);
	while (n > 1 && a[n - 1] == '/')
		n--;
	const char *b = a + n;
	while (b > a && b[-1] != '/')
		b--;
	char *base = xstrndup(b, (size_t)(a + n - b));
	if (!*base || !strcmp(base, ".")) {
		free(base);
		base = xstrdup("chart");
	}
	char *dot = strchr(base, '.');
	if (dot)
		*dot = 0;
	*name = xasprintf("%s-%ld", base, (long)time(NULL));
	free(base);
	return 0;
}
