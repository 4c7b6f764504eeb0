/* tap.h: a tiny TAP producer for kc's C unit tests (prove reads the output).
 *
 *   plan_lazy();  ok(cond, "name");  is_str(got, want, "name");
 *   is_int(got, want, "name");  return done_testing();
 * Failures print the got/want pair as TAP diagnostics. */
#ifndef KC_TESTS_TAP_H
#define KC_TESTS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void plan_lazy(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline int ok_(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   Failed test '%s'\n#   at %s line %d.\n", name, file, line);
	}
	return cond;
}
#define ok(cond, name) ok_(!!(cond), (name), __FILE__, __LINE__)

static inline void tap_diag_block(const char *label, const char *s)
{
	printf("#   %s: '", label);
	for (; s && *s; s++) {
		if (*s == '\n')
			printf("\\n'\n#         '");
		else
			putchar(*s);
	}
	printf("'\n");
}

static inline int is_str_(const char *got, const char *want, const char *name, const char *file,
			  int line)
{
	int same = (got == NULL && want == NULL) || (got && want && !strcmp(got, want));
	if (!ok_(same, name, file, line)) {
		tap_diag_block("     got", got ? got : "(null)");
		tap_diag_block("expected", want ? want : "(null)");
	}
	return same;
}
#define is_str(got, want, name) is_str_((got), (want), (name), __FILE__, __LINE__)

static inline int is_int_(long long got, long long want, const char *name, const char *file, int line)
{
	int same = got == want;
	if (!ok_(same, name, file, line))
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return same;
}
#define is_int(got, want, name) is_int_((got), (want), (name), __FILE__, __LINE__)

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
