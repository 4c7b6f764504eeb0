/* strvec: a NULL-terminated, growable array of owned strings (git's strvec). */
#ifndef KC_UTIL_STRVEC_H
#define KC_UTIL_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;    /* always NULL-terminated; points at a static empty array when empty */
	size_t nr;
	size_t alloc;
};

extern char *strvec_empty_array[];
#define STRVEC_INIT { strvec_empty_array, 0, 0 }

void strvec_init(struct strvec *sv);
void strvec_clear(struct strvec *sv);      /* free all strings, re-init */
void strvec_push(struct strvec *sv, const char *s);          /* copies s */
void strvec_push_nodup(struct strvec *sv, char *s);          /* takes s */
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strvec_pop(struct strvec *sv);
/* Split s on sep (no trimming, empty fields kept) and push each part. */
void strvec_split(struct strvec *sv, const char *s, char sep);
int strvec_contains(const struct strvec *sv, const char *s);
void strvec_sort(struct strvec *sv);

#endif
