#include "cli/options.h"

#include <stdlib.h>
#include <string.h>

#include "cli/kc.h"
#include "util/gostr.h"

static const struct kc_option *find_long(const struct kc_option *a, const struct kc_option *b,
					 const char *name, size_t len)
{
	for (const struct kc_option *set[2] = { a, b }, **s = set; s < set + 2; s++)
		for (const struct kc_option *o = *s; o && o->type; o++)
			if (strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
				return o;
	return NULL;
}

static const struct kc_option *find_short(const struct kc_option *a, const struct kc_option *b, char c)
{
	for (const struct kc_option *set[2] = { a, b }, **s = set; s < set + 2; s++)
		for (const struct kc_option *o = *s; o && o->type; o++)
			if (o->short_name == c)
				return o;
	return NULL;
}

void kc_option_invalid_arg_msg(struct strbuf *out, char short_name, const char *long_name,
			       const char *value, const char *why)
{
	struct strbuf name = STRBUF_INIT;
	if (short_name)
		strbuf_addf(&name, "-%c, --%s", short_name, long_name);
	else
		strbuf_addf(&name, "--%s", long_name);
	strbuf_addstr(out, "invalid argument ");
	go_quote(out, value, strlen(value));
	strbuf_addstr(out, " for ");
	go_quote(out, name.buf, name.len);
	strbuf_addf(out, " flag: %s", why);
	strbuf_release(&name);
}

static int invalid_arg(struct kc_err *err, const struct kc_option *o, const char *value,
		       const char *why)
{
	struct strbuf msg = STRBUF_INIT;
	kc_option_invalid_arg_msg(&msg, o->short_name, o->long_name, value, why);
	kc_err_usage(err, "%s", msg.buf);
	strbuf_release(&msg);
	return -1;
}

void kc_option_split_slice(struct strvec *sv, const char *v)
{
	if (!*v)
		return;
	struct strbuf field = STRBUF_INIT;
	const char *p = v;
	for (;;) {
		strbuf_reset(&field);
		if (*p == '"') {
			p++;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					strbuf_addch(&field, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					strbuf_addch(&field, *p++);
				}
			}
			while (*p && *p != ',')
				strbuf_addch(&field, *p++);
		} else {
			while (*p && *p != ',')
				strbuf_addch(&field, *p++);
		}
		strvec_push(sv, field.buf);
		if (*p != ',')
			break;
		p++;
	}
	strbuf_release(&field);
}

static int set_value(const struct kc_option *o, const char *value, struct kc_err *err)
{
	long long n;
	int b, rc;
	char why[256];
	switch (o->type) {
	case OPT_T_BOOL:
		if (go_parse_bool(value, &b) < 0) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, value, strlen(value));
			snprintf(why, sizeof why, "strconv.ParseBool: parsing %s: invalid syntax", q.buf);
			strbuf_release(&q);
			return invalid_arg(err, o, value, why);
		}
		*(int *)o->value = b;
		break;
	case OPT_T_STRING:
		*(const char **)o->value = value;
		break;
	case OPT_T_DURATION: {
		int64_t ns;
		struct strbuf e = STRBUF_INIT;
		if (go_parse_duration(value, &ns, &e) < 0) {
			snprintf(why, sizeof why, "%s", e.buf);
			strbuf_release(&e);
			return invalid_arg(err, o, value, why);
		}
		strbuf_release(&e);
		*(const char **)o->value = value;
		break;
	}
	case OPT_T_INT:
	case OPT_T_INT32:
		rc = go_parse_int(value, 0, o->type == OPT_T_INT ? 64 : 32, &n);
		if (rc < 0) {
			struct strbuf q = STRBUF_INIT;
			go_quote(&q, value, strlen(value));
			snprintf(why, sizeof why, "strconv.ParseInt: parsing %s: %s", q.buf,
				 rc == -2 ? "value out of range" : "invalid syntax");
			strbuf_release(&q);
			return invalid_arg(err, o, value, why);
		}
		if (o->type == OPT_T_INT)
			*(long *)o->value = (long)n;
		else
			*(int *)o->value = (int)n;
		break;
	case OPT_T_STRARRAY:
		strvec_push((struct strvec *)o->value, value);
		break;
	case OPT_T_STRSLICE:
		kc_option_split_slice((struct strvec *)o->value, value);
		break;
	case OPT_T_END:
		break;
	}
	if (o->changed)
		*o->changed = 1;
	return 0;
}

static int is_bool_like(const struct kc_option *o)
{
	return o->type == OPT_T_BOOL || o->noopt;
}

int kc_parse_options(struct kc_ctx *ctx, int argc, const char **argv,
		     const struct kc_option *opts, const struct kc_cmd_help *help,
		     struct strvec *args, struct kc_err *err)
{
	const struct kc_option *gopts = ctx->global_opts;
	int want_help = 0;
	/* Internal: `kc CMD --__kc-options` lists the command's own flags for the
	 * generated completions and man pages (scripts/gen-docs). */
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--__kc-options")) {
			for (const struct kc_option *o = opts; o && o->type; o++) {
				if (o->flags & OPT_HIDDEN)
					continue;
				printf("--%s", o->long_name);
				if (o->short_name)
					printf(" -%c", o->short_name);
				putchar('\n');
			}
			return 1;
		}
	/* pflag: a slice/array flag given on the command line replaces its default
	 * on first use; kc's defaults for those are empty, so appending is exact. */
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				strvec_push(args, argv[i]);
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			strvec_push(args, a);
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			if (len == 4 && !strncmp(name, "help", 4)) {
				want_help = 1;
				continue;
			}
			const struct kc_option *o = find_long(opts, gopts, name, len);
			if (!o)
				return kc_err_usage(err, "unknown flag: --%.*s", (int)len, name);
			const char *value;
			if (eq)
				value = eq + 1;
			else if (o->type == OPT_T_BOOL)
				value = "true";
			else if (o->noopt)
				value = o->noopt;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return kc_err_usage(err, "flag needs an argument: --%s", o->long_name);
			if (set_value(o, value, err) < 0)
				return -1;
			continue;
		}
		/* shorthand group: -abc, -nvalue, -n=value, -n value */
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'h' && !find_short(opts, gopts, 'h')) {
				want_help = 1;
				continue;
			}
			const struct kc_option *o = find_short(opts, gopts, *p);
			if (!o)
				return kc_err_usage(err, "unknown shorthand flag: '%c' in %s", *p, a);
			const char *value;
			if (p[1] == '=') {
				value = p + 2;
			} else if (is_bool_like(o)) {
				value = o->type == OPT_T_BOOL ? "true" : o->noopt;
				if (set_value(o, value, err) < 0)
					return -1;
				continue;
			} else if (p[1]) {
				value = p + 1;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				return kc_err_usage(err, "flag needs an argument: '%c' in -%c", *p, *p);
			}
			if (set_value(o, value, err) < 0)
				return -1;
			break;
		}
	}
	if (want_help) {
		kc_print_help(ctx, stdout, opts, help);
		return 1;
	}
	return 0;
}

static void show_default(struct strbuf *sb, const struct kc_option *o)
{
	if (o->defshow) {
		strbuf_addstr(sb, o->defshow);
		return;
	}
	switch (o->type) {
	case OPT_T_BOOL:
		strbuf_addstr(sb, *(int *)o->value > 0 ? "true" : "false");
		break;
	case OPT_T_STRING: {
		const char *v = *(const char **)o->value;
		strbuf_addf(sb, "'%s'", v ? v : "");
		break;
	}
	case OPT_T_DURATION: {
		const char *v = *(const char **)o->value;
		strbuf_addstr(sb, v ? v : "0s");
		break;
	}
	case OPT_T_INT:
		strbuf_addf(sb, "%ld", *(long *)o->value);
		break;
	case OPT_T_INT32:
		strbuf_addf(sb, "%d", *(int *)o->value);
		break;
	case OPT_T_STRARRAY:
	case OPT_T_STRSLICE: {
		const struct strvec *sv = o->value;
		strbuf_addch(sb, '[');
		for (size_t i = 0; i < sv->nr; i++)
			strbuf_addf(sb, "%s%s", i ? "," : "", sv->v[i]);
		strbuf_addch(sb, ']');
		break;
	}
	case OPT_T_END:
		break;
	}
}

static int cmp_opt(const void *a, const void *b)
{
	const struct kc_option *x = *(const struct kc_option *const *)a;
	const struct kc_option *y = *(const struct kc_option *const *)b;
	return strcmp(x->long_name, y->long_name);
}

void kc_print_option_list(FILE *out, const struct kc_option *opts)
{
	size_t n = 0;
	for (const struct kc_option *o = opts; o && o->type; o++)
		n++;
	const struct kc_option **sorted = xcalloc(n ? n : 1, sizeof *sorted);
	n = 0;
	for (const struct kc_option *o = opts; o && o->type; o++)
		if (!(o->flags & OPT_HIDDEN))
			sorted[n++] = o;
	qsort(sorted, n, sizeof *sorted, cmp_opt);
	struct strbuf def = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct kc_option *o = sorted[i];
		strbuf_reset(&def);
		show_default(&def, o);
		if (o->short_name)
			fprintf(out, "    -%c, --%s=%s:\n\t%s\n\n", o->short_name, o->long_name, def.buf,
				o->usage);
		else
			fprintf(out, "    --%s=%s:\n\t%s\n\n", o->long_name, def.buf, o->usage);
	}
	strbuf_release(&def);
	free(sorted);
}

void kc_print_help(struct kc_ctx *ctx, FILE *out, const struct kc_option *opts,
		   const struct kc_cmd_help *help)
{
	if (!help) {
		fprintf(out, "Usage:\n  %s %s [options]\n", ctx->prog, ctx->cmd_path);
		return;
	}
	if (help->long_)
		fprintf(out, "%s\n\n", help->long_);
	if (help->aliases)
		fprintf(out, "Aliases:\n%s\n\n", help->aliases);
	if (help->example)
		fprintf(out, "Examples:\n%s\n\n", help->example);
	if (help->subcommands)
		fprintf(out, "Available Commands:\n%s\n\n", help->subcommands);
	int any = 0;
	for (const struct kc_option *o = opts; o && o->type; o++)
		if (!(o->flags & OPT_HIDDEN))
			any = 1;
	if (any) {
		fputs("Options:\n", out);
		kc_print_option_list(out, opts);
	}
	fprintf(out, "Usage:\n  %s %s [options]\n\n", ctx->prog, help->use);
	if (help->subcommands)
		fprintf(out, "Use \"%s%s%s <command> --help\" for more information about a given command.\n",
			ctx->prog, *ctx->cmd_path ? " " : "", ctx->cmd_path);
	if (!help->no_options_footer)
		fprintf(out, "Use \"%s options\" for a list of global command-line options (applies to all commands).\n",
			ctx->prog);
}
