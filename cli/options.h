/* Command-line options with pflag's semantics (what kubectl's cobra commands use).
 *
 * A command declares its options in an array next to its code, ending in OPT_END,
 * with pointers to its own variables; the variables' values before parsing are the
 * defaults shown in help (kubectl prints `--replicas=1:`). kc_parse_options merges
 * them with the global options (kubeconfig overrides, -v …), accepts flags anywhere
 * among the arguments (`--a=b`, `--a b`, `-n x`, `-nx`, `-n=x`, grouped bool
 * shorthands, `--` ends flags), and collects the positional arguments.
 *
 * Errors are kubectl's: "unknown flag: --foo", "unknown shorthand flag: 'x' in -x",
 * "flag needs an argument: --namespace", `invalid argument "x" for "--replicas"
 * flag: strconv.ParseInt: parsing "x": invalid syntax`, framed by cli/ as
 * "error: …\nSee 'kubectl CMD --help' for usage." */
#ifndef KC_CLI_OPTIONS_H
#define KC_CLI_OPTIONS_H

#include <stdio.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"

enum kc_opt_type {
	OPT_T_END = 0,
	OPT_T_BOOL,     /* int *: 0/1; "--x", "--x=false" */
	OPT_T_STRING,   /* const char **: points into argv (never freed) */
	OPT_T_INT,      /* long * */
	OPT_T_INT32,    /* int * (help shows the same; range-checked like Go's int32) */
	OPT_T_STRARRAY, /* struct strvec *: each occurrence appended whole (pflag StringArray) */
	OPT_T_STRSLICE, /* struct strvec *: each occurrence split on ',' (pflag StringSlice) */
	OPT_T_DURATION, /* const char ** holding a Go duration ("0s", "30s"); validated */
};

#define OPT_HIDDEN 0x1  /* accepted, not shown in help */
#define OPT_SET    0x2  /* internal */

struct kc_option {
	enum kc_opt_type type;
	const char *long_name;
	char short_name;            /* 0 if none */
	void *value;
	const char *usage;
	const char *noopt;          /* value used when given without "=value" (pflag NoOptDefVal) */
	unsigned flags;
	int *changed;               /* optional: set to 1 when the flag appears */
	const char *defshow;        /* optional: help default text overriding the computed one */
};

#define OPT_BOOL(l, s, v, u)      { OPT_T_BOOL, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_STRING(l, s, v, u)    { OPT_T_STRING, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_INT(l, s, v, u)       { OPT_T_INT, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_INT32(l, s, v, u)     { OPT_T_INT32, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_STRARRAY(l, s, v, u)  { OPT_T_STRARRAY, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_STRSLICE(l, s, v, u)  { OPT_T_STRSLICE, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_DURATION(l, s, v, u)  { OPT_T_DURATION, (l), (s), (v), (u), NULL, 0, NULL, NULL }
#define OPT_END()                 { OPT_T_END, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL }

/* Help text of a command, as cobra prints it. */
struct kc_cmd_help {
	const char *use;      /* "config get-contexts [(-o|--output=)name)]" (without "kubectl ") */
	const char *aliases;  /* "use-context, use" or NULL */
	const char *long_;    /* Long, else Short, printed first */
	const char *example;  /* already indented as kubectl prints it, or NULL */
	const char *subcommands; /* "Available Commands:" block or NULL */
	int no_options_footer;   /* 1: omit the "Use \"kubectl options\"…" line */
};

struct kc_ctx;

/* Parse argv[0..argc) (the words after the command path).
 * Returns 0 and fills args; 1 if -h/--help was given (help was printed to stdout;
 * the command should return 0); -1 on error (err filled, kind KC_ERR_USAGE). */
int kc_parse_options(struct kc_ctx *ctx, int argc, const char **argv,
		     const struct kc_option *opts, const struct kc_cmd_help *help,
		     struct strvec *args, struct kc_err *err);

/* pflag's StringSlice value syntax: v read as one CSV record, each field
 * appended to sv ("" appends nothing). Shared with cli/chart_flags.c. */
void kc_option_split_slice(struct strvec *sv, const char *v);

/* pflag's "invalid argument \"V\" for \"-s, --long\" flag: WHY" (short_name 0:
 * no shorthand), appended to out. */
void kc_option_invalid_arg_msg(struct strbuf *out, char short_name, const char *long_name,
			       const char *value, const char *why);

/* Print "Options:"-style blocks, sorted by long name, as kubectl does. */
void kc_print_option_list(FILE *out, const struct kc_option *opts);
void kc_print_help(struct kc_ctx *ctx, FILE *out, const struct kc_option *opts,
		   const struct kc_cmd_help *help);


#endif
