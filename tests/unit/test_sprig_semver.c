/* test_sprig_semver.c: semver parsing and semverCompare; expected values captured
 * from helmref (`helmref tpl` on `{{ semver "V" }}` / `{{ semverCompare "C" "V" }}`),
 * "ERR:" rows hold the text after "error calling semver(Compare): ". */
#include <stdlib.h>

#include "tap.h"
#include "template/sprig/sprig_impl.h"

static const struct { const char *v, *want; } parse_rows[] = {
	{"1.2.3", "1.2.3"},
	{"v1.2", "1.2.0"},
	{"1", "1.0.0"},
	{"1.2.3-beta.1+b5", "1.2.3-beta.1+b5"},
	{"01.2.3", "1.2.3"},
	{"1.02", "1.2.0"},
	{"1.2.3-01", "ERR:version segment starts with 0"},
	{"1.2.3-0", "1.2.3-0"},
	{"1.2.3+meta.x", "1.2.3+meta.x"},
	{"1.2.3-a..b", "ERR:invalid semantic version"},
	{"1.2.3+", "ERR:invalid semantic version"},
	{"", "ERR:invalid semantic version"},
	{"x", "ERR:invalid semantic version"},
	{"99999999999999999999.0.0", "ERR:error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"},
	{"1.2.3.4", "ERR:invalid semantic version"},
	{"v1.0.0-rc.1+build.2", "1.0.0-rc.1+build.2"},
	{"1.2.3-_", "ERR:invalid semantic version"},
	{" 1.2.3", "ERR:invalid semantic version"},
	{"1.2.3-beta.01", "ERR:version segment starts with 0"},
};

static const struct { const char *c, *v, *want; } check_rows[] = {
	{"^1.2", "1.3.0", "true"},
	{"^1.2", "2.0.0", "false"},
	{"^0.2.3", "0.2.9", "true"},
	{"^0.2.3", "0.3.0", "false"},
	{"^0.0.3", "0.0.3", "true"},
	{"^0.0.3", "0.0.4", "false"},
	{"~1.2.3", "1.2.9", "true"},
	{"~1.2.3", "1.3.0", "false"},
	{"~1", "1.9.0", "true"},
	{">= 1.2, < 2.0", "1.5.0", "true"},
	{">= 1.2, < 2.0", "2.0.0", "false"},
	{"1.2 - 1.4.5", "1.4.5", "true"},
	{"1.2 - 1.4.5", "1.4.6", "false"},
	{"1.x", "1.9.9", "true"},
	{"1.2.x", "1.2.99", "true"},
	{"1.2.x", "1.3.0", "false"},
	{"*", "5.0.0", "true"},
	{"*", "5.0.0-beta", "false"},
	{">=1.0.0-0", "1.0.0-alpha", "true"},
	{">1.0", "1.1.0", "true"},
	{">1.0", "1.0.5", "false"},
	{"<=1.2", "1.2.9", "true"},
	{"<=1.2", "1.3.0", "false"},
	{"!=1.2.3", "1.2.3", "false"},
	{"!=1.2.x", "1.2.5", "false"},
	{"!=1.2.x", "1.3.5", "true"},
	{"<1.0 || >=3.0", "3.1.0", "true"},
	{"<1.0 || >=3.0", "2.0.0", "false"},
	{"=1.2.3", "1.2.3", "true"},
	{"1.2.3", "1.2.4", "false"},
	{">=1.20.0-0", "1.20.0-gke.1", "true"},
	{">=1.20.0", "1.20.0-gke.1", "false"},
	{">= 1.16.0-0 < 1.22.0-0", "v1.21.3", "true"},
	{"^1.2.3-beta.2", "1.2.3-beta.10", "true"},
	{"^1.2.3-beta.2", "1.2.3-beta.1", "false"},
	{"^1.2.3-beta.2", "1.2.3-alpha", "false"},
	{"~1.2.3-beta.2", "1.2.3", "true"},
	{"foo", "1.0.0", "ERR:improper constraint: \"foo\""},
	{">=1.0", "foo", "ERR:invalid semantic version"},
	{"1.2.3 ||| 2", "1.0.0", "ERR:constraint parser error"},
	{">= 1.x.3", "1.0.0", "true"},
	{"1.0.0", "", "ERR:invalid semantic version"},
	{"~> 1.2", "1.2.7", "true"},
	{"=>1.2", "1.2.0", "true"},
	{"=<1.2", "1.2.0", "true"},
	{">=1.0,<2.0", "1.5.0", "true"},
	{">=1.0,  <2.0", "2.5.0", "false"},
	{"1.2.3-rc.1", "1.2.3-rc.1", "true"},
	{"v1.2.3", "1.2.3", "true"},
	{"^1.999999999999999999999", "1.0.0", "ERR:constraint parser error"},
};

int main(void)
{
	plan_lazy();
	for (size_t i = 0; i < sizeof(parse_rows) / sizeof(parse_rows[0]); i++) {
		struct semver v;
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		if (semver_parse(parse_rows[i].v, &v, &err)) {
			strbuf_insert(&err, 0, "ERR:", 4);
			is_str(err.buf, parse_rows[i].want, parse_rows[i].v);
		} else {
			semver_string(&v, &out);
			is_str(out.buf, parse_rows[i].want, parse_rows[i].v);
			semver_release(&v);
		}
		strbuf_release(&out);
		strbuf_release(&err);
	}
	for (size_t i = 0; i < sizeof(check_rows) / sizeof(check_rows[0]); i++) {
		struct strbuf err = STRBUF_INIT;
		int r = 0;
		char *name = xasprintf("%s ? %s", check_rows[i].c, check_rows[i].v);
		if (semver_check(check_rows[i].c, check_rows[i].v, &r, &err)) {
			strbuf_insert(&err, 0, "ERR:", 4);
			is_str(err.buf, check_rows[i].want, name);
		} else {
			is_str(r ? "true" : "false", check_rows[i].want, name);
		}
		free(name);
		strbuf_release(&err);
	}
	return done_testing();
}
