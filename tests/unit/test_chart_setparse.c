/* Runs the tests/cases/setparse/ case files (NAME.txt): each block lists argv elements ("args: …")
 * of `helmref set-parse` and its captured stdout ("out: …", compact JSON) or
 * stderr ("err: Error: …"). kc must build the same values: same tree, int64
 * where Helm has int64 (json_integer), float64 where Helm has float64. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart_case.h"
#include "tap.h"
#include "util/file.h"

/* json_equal, except that Go prints a float64 with an integral value like an
 * integer, so an expected integer matches a real of the same value. */
/* helmref's flag handling: --flag VALUE, --flag=VALUE, -f VALUE (CSV split). */
static int parse_args(struct strvec *args, struct chart_value_opts *o, char **errmsg)
{
	for (size_t i = 0; i < args->nr; i++) {
		const char *a = args->v[i], *val = NULL;
		char name[64];
		if (!strncmp(a, "--", 2)) {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (n >= sizeof(name))
				n = sizeof(name) - 1;
			memcpy(name, a + 2, n);
			name[n] = 0;
			if (eq)
				val = eq + 1;
		} else if (!strncmp(a, "-f", 2)) {
			strcpy(name, "values");
			if (a[2])
				val = a[2] == '=' ? a + 3 : a + 2;
		} else {
			*errmsg = xasprintf("bad arg %s", a);
			return -1;
		}
		if (!val) {
			if (i + 1 >= args->nr) {
				*errmsg = xasprintf("Error: flag needs an argument: --%s", name);
				return -1;
			}
			val = args->v[++i];
		}
		if (!strcmp(name, "values")) {
			if (*val)
				strvec_split(&o->values, val, ',');
		} else if (!strcmp(name, "set"))
			strvec_push(&o->set, val);
		else if (!strcmp(name, "set-string"))
			strvec_push(&o->set_string, val);
		else if (!strcmp(name, "set-json"))
			strvec_push(&o->set_json, val);
		else if (!strcmp(name, "set-literal"))
			strvec_push(&o->set_literal, val);
		else if (!strcmp(name, "set-file"))
			strvec_push(&o->set_file, val);
		else {
			*errmsg = xasprintf("Error: unknown flag: --%s", name);
			return -1;
		}
	}
	return 0;
}

static void run_case(const char *file, int line, struct strvec *args, const char *out,
		     const char *errline)
{
	struct chart_value_opts o;
	struct kc_err err = KC_ERR_INIT;
	char *msg = NULL, *title;
	chart_value_opts_init(&o);
	title = xasprintf("%s:%d", file, line);
	if (parse_args(args, &o, &msg) < 0) {
		is_str(msg, errline, title);
		goto done;
	}
	json_t *got = chart_merge_user_values(&o, &err);
	if (!got) {
		msg = xasprintf("Error: %s", err.msg.buf);
		is_str(msg, errline ? errline : out, title);
		goto done;
	}
	char *gs = json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!out) {
		is_str(gs, errline, title);
	} else {
		json_error_t je;
		json_t *want = json_loads(out, JSON_DECODE_ANY, &je);
		if (!want) /* integers beyond int64 can only be float64 */
			want = json_loads(out, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &je);
		if (!ok(want && tc_json_same(want, got), title)) {
			tap_diag_block("     got", gs);
			tap_diag_block("expected", out);
		}
		json_decref(want);
	}
	free(gs);
	json_decref(got);
done:
	free(msg);
	free(title);
	kc_err_release(&err);
	chart_value_opts_release(&o);
}

static void run_file(const char *path)
{
	struct strbuf data = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	if (file_read(path, &data, &err) < 0) {
		ok(0, err.msg.buf);
		kc_err_release(&err);
		return;
	}
	struct strvec args = STRVEC_INIT;
	int lineno = 0, start = 0;
	char *save = NULL;
	for (char *l = strtok_r(data.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (!strncmp(l, "args: ", 6)) {
			if (!args.nr)
				start = lineno;
			strvec_push(&args, l + 6);
		} else if (!strncmp(l, "out: ", 5) || !strncmp(l, "err: ", 5)) {
			int isout = l[0] == 'o';
			run_case(path, start, &args, isout ? l + 5 : NULL, isout ? NULL : l + 5);
			strvec_clear(&args);
		}
	}
	/* strtok_r skips empty lines, so line numbers count only non-empty lines */
	strvec_clear(&args);
	strbuf_release(&data);
}

int main(void)
{
	plan_lazy();
	const char *dir = "tests/cases/setparse";
	DIR *d = opendir(dir);
	if (!d) {
		ok(0, "open tests/cases/setparse");
		return done_testing();
	}
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (ends_with(de->d_name, ".txt"))
			strvec_pushf(&names, "%s/%s", dir, de->d_name);
	closedir(d);
	strvec_sort(&names);
	for (size_t i = 0; i < names.nr; i++)
		run_file(names.v[i]);
	strvec_clear(&names);
	return done_testing();
}
