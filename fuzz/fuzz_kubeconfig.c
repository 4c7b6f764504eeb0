/* libFuzzer target for kubeconfig/: decode arbitrary bytes as a kubeconfig file,
 * re-encode it as kubectl writes it, minify/shorten it, and resolve REST configs
 * for every context (no exec plugin is run; certificate paths named by the input
 * may be opened read-only).
 *
 *   mkdir -p build-fuzz/corpus-kubeconfig && cp tests/fixtures/kubeconfig/[a-z]*.yaml \
 *     tests/fixtures/kubeconfig/merge/?/config build-fuzz/corpus-kubeconfig/
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -I. -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=all fuzz/fuzz_kubeconfig.c kubeconfig/[a-z]*.c util/[a-z]*.c \
 *     -lyaml -ljansson -lcrypto -lm -o build-fuzz/fuzz_kubeconfig
 *   build-fuzz/fuzz_kubeconfig -max_total_time=60 -max_len=4096 -timeout=5 \
 *     build-fuzz/corpus-kubeconfig
 *
 * (`make fuzz` builds it too.) Run for hours with -max_total_time=36000 -jobs=4;
 * a crash-* file becomes a fixture in tests/fixtures/kubeconfig/ and a case in
 * tests/e2e/config.t with kubectl's golden. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kubeconfig/kubeconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_kubeconfig kc;
	struct kc_err err = KC_ERR_INIT;
	kc_kubeconfig_init(&kc);
	if (kc_kubeconfig_parse(&kc, (const char *)data, size, "/nonexistent/fuzz/config", &err) == 0) {
		struct strbuf out = STRBUF_INIT;
		kc_kubeconfig_write_yaml(&kc, &out);
		/* what kubectl writes must read back to the same thing */
		struct kc_kubeconfig again;
		struct kc_err e2 = KC_ERR_INIT;
		kc_kubeconfig_init(&again);
		if (kc_kubeconfig_parse(&again, out.buf, out.len, "/nonexistent/fuzz/config", &e2) < 0)
			__builtin_trap();
		struct strbuf out2 = STRBUF_INIT;
		kc_kubeconfig_write_yaml(&again, &out2);
		if (out.len != out2.len || memcmp(out.buf, out2.buf, out.len))
			__builtin_trap();
		strbuf_release(&out2);
		kc_kubeconfig_release(&again);
		kc_err_release(&e2);
		strbuf_release(&out);

		const char *name;
		json_t *v;
		json_object_foreach(kc.contexts, name, v) {
			struct kc_config_overrides ov;
			struct kc_rest_config rc;
			memset(&ov, 0, sizeof ov);
			ov.insecure_skip_tls_verify = -1;
			ov.context = name;
			if (kc_rest_config_from(&kc, &ov, &rc, &err) == 0)
				kc_rest_config_free(&rc);
			kc_err_release(&err);
		}
		struct kc_kubeconfig copy;
		kc_kubeconfig_copy(&copy, &kc);
		if (kc_kubeconfig_minify(&copy, &err) == 0)
			kc_kubeconfig_shorten(&copy);
		kc_err_release(&err);
		kc_kubeconfig_release(&copy);
	}
	kc_err_release(&err);
	kc_kubeconfig_release(&kc);
	return 0;
}
