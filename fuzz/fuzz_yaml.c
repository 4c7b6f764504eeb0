/* libFuzzer target for util/yaml and util/json: load any bytes as a YAML stream,
 * emit what loaded as YAML and JSON, load the emitted YAML again and require the
 * same value after one round (go-yaml's output must read back to what it printed).
 * Build and run: see fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_err err = KC_ERR_INIT;
	struct yaml_pos pos;
	int *starts = NULL;
	json_t *docs = yaml_load_stream((const char *)data, size, &starts, &pos, &err);
	free(starts);
	kc_err_release(&err);
	json_t *one = yaml_load((const char *)data, size, &pos, &err);
	kc_err_release(&err);
	if (one) {
		struct strbuf y = STRBUF_INIT, j = STRBUF_INIT;
		if (!yaml_emit_checked(&y, one, &err)) {
			json_t *back = yaml_load(y.buf, y.len, &pos, &err);
			/* a key "<<" prints plain, as go-yaml prints it, and reads back
			 * as a merge key: go-yaml cannot round-trip that either */
			if (!back && strstr(err.msg.buf, "map merge"))
				goto skip;
			if (!back) {
				fprintf(stderr, "emitted YAML does not load: %s\n---\n%s", err.msg.buf, y.buf);
				abort();
			}
			json_t *again = NULL;
			struct strbuf y2 = STRBUF_INIT;
			yaml_emit(&y2, back);
			/* Printing is a fixed point once the value has been through
			 * one round (NEL folding etc.); key order may differ where
			 * go-yaml's key comparison is not transitive. */
			again = yaml_load(y2.buf, y2.len, &pos, &err);
			/* equal values, or (for keys holding NUL bytes, which jansson's
			 * json_equal cannot look up) equal printed bytes */
			struct strbuf y3 = STRBUF_INIT;
			if (again)
				yaml_emit(&y3, again);
			if (!again || (!json_equal(again, back) &&
				       (y3.len != y2.len || memcmp(y3.buf, y2.buf, y2.len)))) {
				fprintf(stderr, "load(emit(load(emit(v)))) differs:\n%s---\n%s", y.buf, y2.buf);
				abort();
			}
			strbuf_release(&y3);
			strbuf_release(&y2);
			json_decref(again);
			json_decref(back);
		}
	skip:
		kc_err_release(&err);
		json_emit(&j, one, JSON_OUT_SORT_KEYS);
		json_t *p = json_parse(j.buf, j.len, &err);
		if (!p) {
			fprintf(stderr, "emitted JSON does not parse: %s\n%s\n", err.msg.buf, j.buf);
			abort();
		}
		json_decref(p);
		kc_err_release(&err);
		strbuf_release(&y);
		strbuf_release(&j);
		json_decref(one);
	}
	json_decref(docs);
	/* the JSON parser on the raw bytes too, whole and as a stream */
	json_t *p = json_parse((const char *)data, size, &err);
	json_decref(p);
	kc_err_release(&err);
	size_t at = 0, prev;
	do {
		prev = at;
		p = json_parse_next((const char *)data, size, &at, &err);
		json_decref(p);
	} while (p && at > prev);
	/* a value must consume input; on error *pos holds Go's offset of the
	 * error within the value, which can be anything up to size */
	if (p || at > size)
		abort();
	kc_err_release(&err);
	return 0;
}
