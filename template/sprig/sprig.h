/* Sprig (Masterminds/sprig v3.3, as Helm v3.21 links it) for the template engine.
 *
 * CONTRACT — declared by template/ (the engine), DEFINED by template/sprig/*.c.
 * sprig_funcs is sprig.TxtFuncMap() as Helm uses it (without env/expandenv, which
 * Helm deletes), in the format of template/template.h's struct tmpl_func, ended by
 * { NULL }. Callers: tmpl_add_funcs(t, sprig_funcs) after the Go builtins and
 * before Helm's own functions (chart/funcs_helm.h), which override some names. */
#ifndef KC_TEMPLATE_SPRIG_SPRIG_H
#define KC_TEMPLATE_SPRIG_SPRIG_H

#include "template/template.h"

extern const struct tmpl_func sprig_funcs[];

#endif
