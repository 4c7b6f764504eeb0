/* The jsonpath and custom-columns families of kubectl's -o flag, as
 * cli-runtime's JSONPathPrintFlags.ToPrinter and kubectl's
 * CustomColumnsPrintFlags.ToPrinter choose and build them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kube/jsonpath.h"
#include "util/file.h"

struct kubectl_tprinter {
	struct jsonpath *jp;
	struct customcol *cc;
};

/* "FORMAT=VALUE" split on the known formats (the template argument, when set,
 * wins over the part after '='). Returns the format index or -1. */
static int split_format(const char *output, const char *const *formats, size_t nf,
			const char *template_arg, const char **value)
{
	if (template_arg && *template_arg) {
		*value = template_arg;
		for (size_t i = 0; i < nf; i++)
			if (!strcmp(output, formats[i]))
				return (int)i;
		return -1;
	}
	*value = "";
	for (size_t i = 0; i < nf; i++) {
		size_t n = strlen(formats[i]);
		if (!strncmp(output, formats[i], n) && output[n] == '=') {
			*value = output + n + 1;
			return (int)i;
		}
	}
	for (size_t i = 0; i < nf; i++)
		if (!strcmp(output, formats[i]))
			return (int)i;
	return -1;
}

/* os.ReadFile / os.Open wording. */
static int read_template_file(const char *path, struct strbuf *out, int *is_dir,
			      struct kc_err *err)
{
	struct stat st;
	*is_dir = 0;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		*is_dir = 1;
		return kc_err_set(err, "read %s: is a directory", path);
	}
	if (!strcmp(path, "-")) {
		if (access(path, F_OK))
			return kc_err_set(err, "open -: %s", go_errno_str(errno));
		struct kc_err e = KC_ERR_INIT;
		int rc = file_read("./-", out, &e);
		if (rc)
			kc_err_set(err, "open -: %s", go_errno_str(EACCES));
		kc_err_release(&e);
		return rc;
	}
	return file_read(path, out, err);
}

int kubectl_tprinter_new(const char *output, const char *template_arg, int allow_missing,
			 int no_headers, unsigned flags, struct kubectl_tprinter **printer,
			 struct kc_err *err)
{
	static const char *const jformats[] = { "jsonpath", "jsonpath-file", "jsonpath-as-json" };
	static const char *const cformats[] = { "custom-columns", "custom-columns-file" };
	const char *value;
	*printer = NULL;
	int j = split_format(output, jformats, 3, template_arg, &value);
	if (j >= 0) {
		struct strbuf text = STRBUF_INIT;
		if (!*value)
			return kc_err_set(err, "template format specified but no template given");
		if (j == 1) {
			struct kc_err e = KC_ERR_INIT;
			int is_dir;
			if (read_template_file(value, &text, &is_dir, &e)) {
				kc_err_set(err, "error reading --template %s, %s", value, e.msg.buf);
				kc_err_release(&e);
				strbuf_release(&text);
				return -1;
			}
			value = text.buf;
		}
		struct jsonpath *jp = kubectl_jsonpath_new(value, allow_missing,
							  flags | (j == 2 ? JSONPATH_OUTPUT_JSON : 0), err);
		strbuf_release(&text);
		if (!jp)
			return -1;
		*printer = xcalloc(1, sizeof **printer);
		(*printer)->jp = jp;
		return 0;
	}
	int c = split_format(output, cformats, 2, template_arg, &value);
	if (c < 0)
		return 1;
	if (!*value)
		return kc_err_set(err, "custom-columns format specified but no custom columns given");
	struct customcol *cc;
	if (c == 1) {
		struct strbuf text = STRBUF_INIT;
		struct kc_err e = KC_ERR_INIT;
		int is_dir;
		if (read_template_file(value, &text, &is_dir, &e) && !is_dir) {
			/* os.Open failed: its message, with kubectl's trailing newline */
			kc_err_set(err, "error reading template %s, %s\n", value, e.msg.buf);
			kc_err_release(&e);
			strbuf_release(&text);
			return -1;
		}
		kc_err_release(&e);
		cc = customcol_new_from_file_text(text.buf, no_headers, err);
		strbuf_release(&text);
	} else {
		cc = customcol_new(value, no_headers, err);
	}
	if (!cc)
		return -1;
	customcol_set_flags(cc, flags);
	*printer = xcalloc(1, sizeof **printer);
	(*printer)->cc = cc;
	return 0;
}

int kubectl_tprinter_print(struct kubectl_tprinter *p, const json_t *const *objs, size_t n,
			   struct strbuf *out, struct kc_err *err)
{
	if (p->cc)
		return customcol_print(p->cc, objs, n, out, err);
	for (size_t i = 0; i < n; i++)
		if (kubectl_jsonpath_print(p->jp, objs[i], out, err))
			return -1;
	return 0;
}

void kubectl_tprinter_free(struct kubectl_tprinter *p)
{
	if (!p)
		return;
	jsonpath_free(p->jp);
	customcol_free(p->cc);
	free(p);
}
