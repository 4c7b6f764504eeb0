/* kc api-resources: the server's preferred resources, as kubectl prints them. */
#include <stdlib.h>
#include <string.h>

#include "cli/client_setup.h"
#include "cli/kc.h"
#include "cli/tabwriter.h"

struct row {
	const struct kc_api_resource *r;
};

static const char *sort_by;

static int cmp_rows(const void *a, const void *b)
{
	const struct kc_api_resource *x = ((const struct row *)a)->r, *y = ((const struct row *)b)->r;
	int c;
	if (sort_by && !strcmp(sort_by, "name"))
		c = strcmp(x->name, y->name);
	else if (sort_by && !strcmp(sort_by, "kind"))
		c = strcmp(x->kind, y->kind);
	else
		c = strcmp(x->group, y->group);
	if (c)
		return c;
	return strcmp(x->name, y->name);
}

/* client-go's ServerPreferredResources: per group resource, the version its group
 * prefers when it has it there, else the first version (server order) that has it;
 * subresources left out. */
static size_t preferred_resources(const struct kc_discovery *d, struct row *out)
{
	size_t n = 0;
	for (size_t gi = 0; gi < d->ngroups; gi++) {
		const struct kc_api_group *g = &d->groups[gi];
		for (size_t vi = 0; vi < g->versions.nr; vi++) {
			const char *v = g->versions.v[vi];
			for (size_t i = 0; i < d->nresources; i++) {
				const struct kc_api_resource *r = &d->resources[i];
				if (strcmp(r->group, g->name) || strcmp(r->version, v) || strchr(r->name, '/'))
					continue;
				size_t k;
				for (k = 0; k < n; k++)
					if (!strcmp(out[k].r->group, r->group) && !strcmp(out[k].r->name, r->name))
						break;
				if (k < n) {
					if (g->preferred_version && !strcmp(v, g->preferred_version))
						out[k].r = r;
					continue;
				}
				out[n++].r = r;
			}
		}
	}
	return n;
}

static int has_all(const struct strvec *have, const struct strvec *want)
{
	for (size_t i = 0; i < want->nr; i++)
		if (!strvec_contains(have, want->v[i]))
			return 0;
	return 1;
}

static void join(struct strbuf *sb, const struct strvec *sv)
{
	for (size_t i = 0; i < sv->nr; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", sv->v[i]);
}

int cmd_api_resources(struct kc_ctx *ctx, int argc, const char **argv, struct kc_err *err)
{
	static const struct kc_cmd_help help = {
		.use = "api-resources [flags]",
		.long_ = "Print the supported API resources on the server.",
		.example =
			"  # Print the supported API resources\n"
			"  kubectl api-resources\n"
			"  \n"
			"  # Print the supported API resources with more information\n"
			"  kubectl api-resources -o wide\n"
			"  \n"
			"  # Print the supported API resources sorted by a column\n"
			"  kubectl api-resources --sort-by=name\n"
			"  \n"
			"  # Print the supported namespaced resources\n"
			"  kubectl api-resources --namespaced=true\n"
			"  \n"
			"  # Print the supported non-namespaced resources\n"
			"  kubectl api-resources --namespaced=false\n"
			"  \n"
			"  # Print the supported API resources with a specific APIGroup\n"
			"  kubectl api-resources --api-group=rbac.authorization.k8s.io",
	};
	const char *api_group = "", *output = "";
	int cached = 0, namespaced = 1, no_headers = 0, group_changed = 0, ns_changed = 0;
	struct strvec categories = STRVEC_INIT, verbs = STRVEC_INIT, args = STRVEC_INIT;
	sort_by = "";
	const struct kc_option opts[] = {
		{ OPT_T_STRING, "api-group", 0, &api_group, "Limit to resources in the specified API group.", NULL, 0, &group_changed, NULL },
		OPT_BOOL("cached", 0, &cached, "Use the cached list of resources if available."),
		OPT_STRSLICE("categories", 0, &categories, "Limit to resources that belong to the specified categories."),
		{ OPT_T_BOOL, "namespaced", 0, &namespaced, "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.", NULL, 0, &ns_changed, NULL },
		OPT_BOOL("no-headers", 0, &no_headers, "When using the default or custom-column output format, don't print headers (default print headers)."),
		OPT_STRING("output", 'o', &output, "Output format. One of: (wide, name)."),
		OPT_STRING("sort-by", 0, &sort_by, "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'."),
		OPT_STRSLICE("verbs", 0, &verbs, "Limit to resources that support the specified verbs."),
		OPT_END(),
	};
	int ret = 0;
	struct row *rows = NULL;
	struct tabwriter tw;
	struct strbuf out = STRBUF_INIT;
	tabwriter_init(&tw);
	int rc = kc_parse_options(ctx, argc, argv, opts, &help, &args, err);
	if (rc) {
		ret = rc < 0 ? -1 : 0;
		goto cleanup;
	}
	if (strcmp(output, "") && strcmp(output, "wide") && strcmp(output, "name")) {
		ret = kc_err_set(err, "--output %s is not available", output);
		goto cleanup;
	}
	if (*sort_by && strcmp(sort_by, "name") && strcmp(sort_by, "kind")) {
		ret = kc_err_set(err, "--sort-by accepts only name or kind");
		goto cleanup;
	}
	if (args.nr) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "unexpected arguments: [");
		for (size_t i = 0; i < args.nr; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", args.v[i]);
		strbuf_addf(&sb, "]\nSee '%s api-resources -h' for help and examples", ctx->prog);
		kc_err_set(err, "%s", sb.buf);
		strbuf_release(&sb);
		ret = -1;
		goto cleanup;
	}
	struct kc_client *c = kc_ctx_client(ctx, err);
	if (!c) {
		ret = -1;
		goto cleanup;
	}
	const struct kc_discovery *d = kc_discovery_get(c, !cached, err);
	if (!strcmp(output, "") || !strcmp(output, "wide")) {
		if (!no_headers) {
			tabwriter_addf(&tw, "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND");
			tabwriter_addf(&tw, !strcmp(output, "wide") ? "\tVERBS\tCATEGORIES\n" : "\n");
		}
	}
	if (!d) {
		tabwriter_flush(&tw, &out);
		fputs(out.buf, stdout);
		ret = -1;
		goto cleanup;
	}
	rows = xcalloc(d->nresources + 1, sizeof *rows);
	size_t n = preferred_resources(d, rows), m = 0;
	for (size_t i = 0; i < n; i++) {
		const struct kc_api_resource *r = rows[i].r;
		if (!r->verbs.nr)
			continue;
		if (group_changed && strcmp(api_group, r->group))
			continue;
		if (ns_changed && namespaced != r->namespaced)
			continue;
		if (verbs.nr && !has_all(&r->verbs, &verbs))
			continue;
		if (categories.nr && !has_all(&r->categories, &categories))
			continue;
		rows[m++] = rows[i];
	}
	/* sort.Stable */
	for (size_t i = 1; i < m; i++) {
		struct row t = rows[i];
		size_t j = i;
		while (j > 0 && cmp_rows(&rows[j - 1], &t) > 0) {
			rows[j] = rows[j - 1];
			j--;
		}
		rows[j] = t;
	}
	for (size_t i = 0; i < m; i++) {
		const struct kc_api_resource *r = rows[i].r;
		struct strbuf sn = STRBUF_INIT, gv = STRBUF_INIT;
		join(&sn, &r->short_names);
		strbuf_addf(&gv, "%s%s%s", r->group, *r->group ? "/" : "", r->version);
		if (!strcmp(output, "name")) {
			tabwriter_addf(&tw, "%s%s%s\n", r->name, *r->group ? "." : "", r->group);
		} else {
			tabwriter_addf(&tw, "%s\t%s\t%s\t%s\t%s", r->name, sn.buf, gv.buf,
				       r->namespaced ? "true" : "false", r->kind);
			if (!strcmp(output, "wide")) {
				struct strbuf vb = STRBUF_INIT, cb = STRBUF_INIT;
				join(&vb, &r->verbs);
				join(&cb, &r->categories);
				tabwriter_addf(&tw, "\t%s\t%s", vb.buf, cb.buf);
				strbuf_release(&vb);
				strbuf_release(&cb);
			}
			tabwriter_addf(&tw, "\n");
		}
		strbuf_release(&sn);
		strbuf_release(&gv);
	}
	tabwriter_flush(&tw, &out);
	fputs(out.buf, stdout);
	if (d->failed_gvs.nr) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "unable to retrieve the complete list of server APIs: ");
		for (size_t i = 0; i < d->failed_gvs.nr; i++)
			strbuf_addf(&sb, "%s%s: the server is currently unable to handle the request",
				    i ? ", " : "", d->failed_gvs.v[i]);
		kc_err_set(err, "%s", sb.buf);
		strbuf_release(&sb);
		ret = -1;
	}
cleanup:
	free(rows);
	tabwriter_release(&tw);
	strbuf_release(&out);
	strvec_clear(&categories);
	strvec_clear(&verbs);
	strvec_clear(&args);
	return ret;
}
