/* test_oapi2.c: the gnostic protobuf OpenAPI v2 decoder (kube/oapi2.h) and
 * kubectl's client-side validation walk (kube/validate.h), on a document
 * captured from a real Kubernetes 1.20 (tests/fixtures/oapi2/README.md). The
 * expected messages are kubectl v1.32's for the same manifests on that cluster
 * (kubectl create -f FILE; the part after "error validating data: "). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/oapi2.h"
#include "kube/validate.h"
#include "tests/unit/tap.h"
#include "util/yaml.h"

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t r;
	while ((r = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, r);
	fclose(f);
	*n = sb.len;
	return strbuf_detach(&sb, NULL);
}

static void pb_field(struct strbuf *out, int field, const struct strbuf *payload)
{
	unsigned long long key = (unsigned long long)field << 3 | 2, n = payload->len;
	for (int i = 0; i < 2; i++) {
		unsigned long long x = i ? n : key;
		do {
			unsigned char c = x & 0x7f;
			x >>= 7;
			strbuf_addch(out, (char)(x ? c | 0x80 : c));
		} while (x);
	}
	strbuf_addbuf(out, payload);
}

/* A document whose one definition nests properties depth deep. */
static void deep_doc(struct strbuf *doc, int depth)
{
	struct strbuf s = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT, name = STRBUF_INIT;
	strbuf_addstr(&name, "a");
	for (int i = 0; i < depth; i++) {
		strbuf_reset(&a);
		pb_field(&a, 1, &name);
		pb_field(&a, 2, &s);
		strbuf_reset(&b);
		pb_field(&b, 1, &a);
		strbuf_reset(&s);
		pb_field(&s, 25, &b);
	}
	strbuf_reset(&a);
	pb_field(&a, 1, &name);
	pb_field(&a, 2, &s);
	strbuf_reset(&b);
	pb_field(&b, 1, &a);
	pb_field(doc, 9, &b);
	strbuf_release(&s);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&name);
}

static void check(const struct oapi2_doc *d, const char *yaml, const char *want, const char *name)
{
	struct kc_err e = KC_ERR_INIT;
	json_t *obj = yaml_load(yaml, strlen(yaml), NULL, &e);
	struct strvec errs = STRVEC_INIT;
	struct strbuf got = STRBUF_INIT;
	if (!obj) {
		strbuf_addf(&got, "yaml: %s", e.msg.buf);
	} else {
		const char *av = json_string_value(json_object_get(obj, "apiVersion"));
		const char *kind = json_string_value(json_object_get(obj, "kind"));
		const char *slash = strchr(av, '/');
		char *group = slash ? strndup(av, (size_t)(slash - av)) : strdup("");
		const struct oapi2_schema *s = oapi2_lookup(d, group, slash ? slash + 1 : av, kind);
		if (s)
			kc_validate_model(d, s, obj, kind, &errs);
		else
			strbuf_addstr(&got, "(no model)");
		free(group);
	}
	kc_validate_aggregate(&got, &errs);
	is_str(got.buf, want, name);
	strbuf_release(&got);
	strvec_clear(&errs);
	json_decref(obj);
	kc_err_release(&e);
}

int main(void)
{
	size_t n;
	char *buf = slurp("tests/fixtures/oapi2/k8s-1.20-trimmed.pb", &n);
	ok(buf != NULL, "fixture read");
	if (!buf)
		return done_testing();
	struct kc_err e = KC_ERR_INIT;
	struct oapi2_doc *d = oapi2_parse(buf, n, &e);
	ok(d != NULL, "document decodes");
	if (!d) {
		tap_diag_block("error", e.msg.buf);
		free(buf);
		return done_testing();
	}
	is_int((long long)d->ndefs, 109, "109 definitions");
	ok(oapi2_lookup(d, "apps", "v1", "Deployment") != NULL, "apps/v1 Deployment has a model");
	ok(oapi2_lookup(d, "", "v1", "ConfigMap") != NULL, "v1 ConfigMap has a model");
	ok(oapi2_lookup(d, "example.com", "v1", "Widget") == NULL, "no model for Widget");
	const struct oapi2_schema *dep = oapi2_lookup(d, "apps", "v1", "Deployment");
	is_str(dep->path, "io.k8s.api.apps.v1.Deployment", "model path");
	is_int(oapi2_supports_param(d, "apps", "v1", "Deployment", "fieldValidation"), 0,
	       "1.20: Deployment PATCH has no fieldValidation");
	is_int(oapi2_supports_param(d, "apps", "v1", "Deployment", "dryRun"), 1,
	       "1.20: Deployment PATCH has dryRun");
	is_int(oapi2_supports_param(d, "", "v1", "Namespace", "fieldValidation"), 0,
	       "1.20: Namespace PATCH has no fieldValidation");
	is_int(oapi2_supports_param(d, "example.com", "v1", "Widget", "fieldValidation"), -1,
	       "no PATCH operation for Widget");

	check(d, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: no-selector\nspec:\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n      - name: x\n        image: nginx\n",
	      "ValidationError(Deployment.spec): missing required field \"selector\" in io.k8s.api.apps.v1.DeploymentSpec",
	      "missing required field");
	check(d, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: unknown-field\n  labels:\n    app: x\nfoo: bar\nspec:\n  replica: 2\n  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n      - name: x\n        image: nginx\n        imagePullPolicy: Always\n        nme: typo\n",
	      "[ValidationError(Deployment): unknown field \"foo\" in io.k8s.api.apps.v1.Deployment, ValidationError(Deployment.spec): unknown field \"replica\" in io.k8s.api.apps.v1.DeploymentSpec, ValidationError(Deployment.spec.template.spec.containers[0]): unknown field \"nme\" in io.k8s.api.core.v1.Container]",
	      "unknown fields, nested in a list");
	check(d, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrong-types\n  labels: [a, b]\nspec:\n  replicas: \"3\"\n  paused: \"yes\"\n  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      terminationGracePeriodSeconds: 1.5\n      containers:\n      - name: x\n        image: nginx\n        ports:\n        - containerPort: \"80\"\n        args: {a: b}\n      - null\n      - name: y\n        image: 7\n        env: x\n",
	      "[ValidationError(Deployment.metadata.labels): invalid type for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.labels: got \"array\", expected \"map\", ValidationError(Deployment.spec.paused): invalid type for io.k8s.api.apps.v1.DeploymentSpec.paused: got \"string\", expected \"boolean\", ValidationError(Deployment.spec.replicas): invalid type for io.k8s.api.apps.v1.DeploymentSpec.replicas: got \"string\", expected \"integer\", ValidationError(Deployment.spec.template.spec.containers[0].args): invalid type for io.k8s.api.core.v1.Container.args: got \"map\", expected \"array\", ValidationError(Deployment.spec.template.spec.containers[0].ports[0].containerPort): invalid type for io.k8s.api.core.v1.ContainerPort.containerPort: got \"string\", expected \"integer\", ValidationError(Deployment.spec.template.spec.containers): unknown object type \"nil\" in Deployment.spec.template.spec.containers[1], ValidationError(Deployment.spec.template.spec.containers[2].env): invalid type for io.k8s.api.core.v1.Container.env: got \"string\", expected \"array\"]",
	      "wrong types, null list item");
	check(d, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-bad\n  annotations:\n    a: null\ndata:\n  n: 1\n  m: null\n  o: {x: y}\nbinaryData: x\n",
	      "[ValidationError(ConfigMap.binaryData): invalid type for io.k8s.api.core.v1.ConfigMap.binaryData: got \"string\", expected \"map\", unknown object type \"nil\" in ConfigMap.data.m, ValidationError(ConfigMap.data.o): invalid type for io.k8s.api.core.v1.ConfigMap.data: got \"map\", expected \"string\", unknown object type \"nil\" in ConfigMap.metadata.annotations.a]",
	      "maps: null values, wrong value type");
	check(d, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: containers-object\nspec:\n  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n        name: x\n        image: nginx\n",
	      "ValidationError(Deployment.spec.template.spec.containers): invalid type for io.k8s.api.core.v1.PodSpec.containers: got \"map\", expected \"array\"",
	      "object where an array belongs");
	check(d, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  a: b\n", "", "a valid object");

	/* the aggregate: duplicates dropped */
	struct strvec errs = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	strvec_push(&errs, "a");
	strvec_push(&errs, "a");
	kc_validate_aggregate(&sb, &errs);
	is_str(sb.buf, "a", "aggregate of one message twice");
	strvec_push(&errs, "b");
	strbuf_reset(&sb);
	kc_validate_aggregate(&sb, &errs);
	is_str(sb.buf, "[a, b]", "aggregate");
	strbuf_release(&sb);
	strvec_clear(&errs);

	/* malformed input never crashes */
	for (size_t cut = 1; cut < n; cut += n / 97 + 1) {
		struct kc_err e2 = KC_ERR_INIT;
		struct oapi2_doc *d2 = oapi2_parse(buf, cut, &e2);
		oapi2_free(d2);
		kc_err_release(&e2);
	}
	ok(1, "truncated documents are refused or decoded without a crash");
	struct kc_err e3 = KC_ERR_INIT;
	ok(oapi2_parse("\x4a\xff\xff\xff\xff\x0f", 6, &e3) == NULL, "a length past the end is refused");
	is_str(e3.msg.buf, "proto: cannot parse invalid wire-format data", "its message");
	kc_err_release(&e3);
	kc_err_init(&e3);

	struct strbuf deep = STRBUF_INIT;
	deep_doc(&deep, 50);
	struct oapi2_doc *d4 = oapi2_parse(deep.buf, deep.len, &e3);
	ok(d4 && d4->ndefs == 1 && d4->defs[0].schema->kind == OAPI2_KIND, "nested properties decode");
	oapi2_free(d4);
	strbuf_reset(&deep);
	deep_doc(&deep, 20000);
	ok(oapi2_parse(deep.buf, deep.len, &e3) == NULL, "a hostile nesting depth is refused");
	is_str(e3.msg.buf, "proto: exceeded maximum recursion depth", "its message");
	kc_err_release(&e3);
	strbuf_release(&deep);

	oapi2_free(d);
	kc_err_release(&e);
	free(buf);
	return done_testing();
}
