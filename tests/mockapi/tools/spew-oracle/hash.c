/* hash (check-realk8s.sh): prints the pod-template-hash spew.c computes for each
 * "COLLISION JSON" line on stdin (COLLISION -1: none), with the struct table given
 * at build time (-DTABLE=\"file.c\"; gen-gostruct.py --tag …). */
#include TABLE
#include "tests/mockapi/spew.c"

#include <stdio.h>

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, stdin) > 0) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = 0;
		json_t *t = json_loads(sp + 1, 0, NULL);
		char *h = t ? spew_template_hash(t, atoll(line)) : NULL;
		printf("%s\n", h ? h : "-");
		free(h);
		json_decref(t);
	}
	free(line);
	return 0;
}
