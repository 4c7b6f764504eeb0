/* kube/apply_csa.c: csaupgrade's FindFieldsOwners and UpgradeManagedFieldsPatch.
 * Each case in tests/cases/csaupgrade/ is NAME.in.json (the object the server
 * returned for the apply patch), NAME.manager (the SSA field manager) and
 * NAME.patch (the JSON patch kubectl v1.32 sent next, from its -v=9 log). */
#include <stdlib.h>
#include <string.h>

#include "kube/apply.h"
#include "tests/unit/tap.h"
#include "util/file.h"
#include "util/json.h"

static char *slurp(const char *dir, const char *name, const char *ext)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	struct kc_err err = KC_ERR_INIT;
	strbuf_addf(&path, "%s/%s%s", dir, name, ext);
	if (file_read(path.buf, &sb, &err) < 0) {
		strbuf_release(&sb);
		strbuf_release(&path);
		kc_err_release(&err);
		return NULL;
	}
	strbuf_release(&path);
	kc_err_release(&err);
	strbuf_trim(&sb);
	return strbuf_detach(&sb, NULL);
}

static void check_case(const char *dir, const char *name)
{
	char *in = slurp(dir, name, ".in.json"), *want = slurp(dir, name, ".patch");
	char *mgr = slurp(dir, name, ".manager");
	json_t *obj = in ? json_loads(in, 0, NULL) : NULL;
	ok(obj && want && mgr, name);
	if (obj && want && mgr) {
		struct strvec csa = STRVEC_INIT;
		kc_csa_last_applied_owners(obj, "Update", &csa);
		char *got = kc_csa_upgrade_patch(obj, &csa, mgr);
		is_str(got ? got : "(null)", want, name);
		free(got);
		strvec_clear(&csa);
	}
	json_decref(obj);
	free(in);
	free(want);
	free(mgr);
}

int main(void)
{
	plan_lazy();
	const char *dir = getenv("KC_CSA_CASES") ? getenv("KC_CSA_CASES") : "tests/cases/csaupgrade";
	check_case(dir, "deployment-union");   /* Apply and Update sets united */
	check_case(dir, "configmap-convert");  /* the Update entry becomes the Apply entry */

	/* nothing to migrate: no managedFields, or no CSA owner */
	json_t *o = json_loads("{\"metadata\":{\"resourceVersion\":\"5\"}}", 0, NULL);
	struct strvec csa = STRVEC_INIT;
	kc_csa_last_applied_owners(o, "Update", &csa);
	is_int((int)csa.nr, 0, "no owners without managedFields");
	ok(!kc_csa_upgrade_patch(o, &csa, "kubectl"), "no patch without managedFields");
	json_decref(o);

	return done_testing();
}
