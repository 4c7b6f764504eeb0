/* The mock's pod-template-hash (tests/mockapi/spew.c) against vectors from real
 * go-spew + k8s.io/api v0.32.5 (tests/mockapi/spew-vectors.txt, made by
 * tests/mockapi/tools/spew-oracle; format in the file's header). The mock's objects
 * are not in libkc, so its two files are compiled in here. */
#include "tests/mockapi/gostruct_table.c"
#include "tests/mockapi/spew.c"

#include "tests/unit/tap.h"

static void check(const char *name, const char *json, long long coll, const char *spew,
		  const char *hash)
{
	json_error_t jerr;
	json_t *t = json_loads(json, JSON_DECODE_ANY, &jerr);
	if (!ok(t != NULL, name)) {
		printf("#   bad JSON: %s\n", jerr.text);
		return;
	}
	char *got = spew_template_hash(t, coll);
	if (spew) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		int r = spew_pod_template(&sb, t);
		char *n = xasprintf("%s: spew", name);
		is_str(r == 0 ? sb.buf : "(refused)", spew, n);
		free(n);
		strbuf_release(&sb);
	}
	char *n = xasprintf("%s: hash", name);
	is_str(got ? got : "-", hash, n);
	free(n);
	free(got);
	json_decref(t);
}

int main(void)
{
	plan_lazy();

	/* the table: v1.PodTemplateSpec first, ObjectMeta then PodSpec */
	is_str(gs_types[0].name, "v1.PodTemplateSpec", "table root");
	is_int(gs_types[0].nfields, 2, "PodTemplateSpec has 2 fields");
	is_str(gs_fields[gs_types[0].field0].name, "ObjectMeta", "first field");
	is_str(gs_fields[gs_types[0].field0 + 1].json, "spec", "second field's JSON name");

	const char *path = "tests/mockapi/spew-vectors.txt";
	FILE *f = fopen(path, "r");
	if (!ok(f != NULL, "open vectors")) {
		printf("#   %s: %s\n", path, strerror(errno));
		return done_testing();
	}
	char *line = NULL, *in = NULL, *spew = NULL;
	size_t cap = 0;
	ssize_t n;
	long long coll = -1;
	int lineno = 0, nin = 0, nq = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = 0;
		if (!strncmp(line, "in", 2) && (line[2] == ':' || line[2] == ' ')) {
			char *c = strstr(line, ": ");
			coll = line[2] == ' ' ? atoll(line + 3) : -1;
			free(in);
			in = xstrdup(c ? c + 2 : "");
		} else if (!strncmp(line, "spew: ", 6)) {
			free(spew);
			spew = xstrdup(line + 6);
		} else if (!strncmp(line, "hash: ", 6)) {
			char *name = xasprintf("%s:%d", path, lineno);
			check(name, in ? in : "", coll, spew, line + 6);
			free(name);
			free(spew);
			spew = NULL;
			nin++;
		} else if (!strncmp(line, "q: ", 3)) {
			char *sp = strrchr(line, ' ');
			*sp = 0;
			json_t *j = json_pack("{s:{s:{s:s}}}", "spec", "overhead", "cpu", line + 3);
			char *js = json_dumps(j, JSON_COMPACT);
			char *name = xasprintf("%s:%d quantity %s", path, lineno, line + 3);
			check(name, js, -1, NULL, sp + 1);
			free(name);
			free(js);
			json_decref(j);
			nq++;
		}
	}
	ok(nin >= 30 && nq >= 1000, "all vectors read");
	free(line);
	free(in);
	free(spew);
	fclose(f);

	/* the mock's fallback contract: wrong JSON types are refused, not crashed on */
	const char *bad[] = {
		"{\"spec\":{\"containers\":{}}}", "{\"spec\":[]}", "{\"metadata\":{\"labels\":{\"a\":1}}}",
		"{\"spec\":{\"terminationGracePeriodSeconds\":\"30\"}}", "[]", "\"x\"",
		"{\"spec\":{\"containers\":[{\"ports\":[{\"containerPort\":1.5}]}]}}",
		"{\"spec\":{\"overhead\":{\"cpu\":true}}}",
		"{\"spec\":{\"containers\":[{\"livenessProbe\":{\"httpGet\":{\"port\":[]}}}]}}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *t = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		char *h = spew_template_hash(t, -1);
		char *name = xasprintf("refused: %s", bad[i]);
		ok(h == NULL, name);
		free(name);
		free(h);
		json_decref(t);
	}

	/* canonical quantities (Quantity.String()) */
	static const char *const canon[][2] = {
		{ "0.5", "500m" }, { "1.5Gi", "1536Mi" }, { "1000m", "1" }, { "1024", "1024" },
		{ "2048Ki", "2Mi" }, { "1e3", "1e3" }, { "0.1", "100m" }, { "12e6", "12e6" },
		{ "0.0000000001", "1n" }, { "-1.5Gi", "-1536Mi" }, { "1023Mi", "1023Mi" },
	};
	for (size_t i = 0; i < sizeof(canon) / sizeof(canon[0]); i++) {
		struct dec d;
		char *c = NULL;
		if (parse_exact(canon[i][0], &d) == 0)
			c = dec_canonical(&d);
		char *name = xasprintf("canonical %s", canon[i][0]);
		is_str(c, canon[i][1], name);
		free(name);
		free(c);
	}
	return done_testing();
}
