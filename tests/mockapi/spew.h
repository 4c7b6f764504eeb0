/* go-spew's "%#v" of a Kubernetes PodTemplateSpec, from its JSON form — the bytes
 * k8s.io/kubernetes pkg/util/hash.DeepHashObject feeds to FNV-32a when the
 * Deployment controller names a ReplicaSet (controller.ComputeHash):
 *
 *   printer := spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true,
 *                               SpewKeys: true}
 *   printer.Fprintf(hasher, "%#v", template)
 *
 * i.e. every field of the Go struct in declaration order ("Name:(type)value",
 * space-separated), zero values and nil pointers included, maps with sorted keys,
 * resource.Quantity / metav1.Time / intstr.IntOrString as their Go internals.
 * The struct layouts are generated from k8s.io/api v0.32.5 (gen-gostruct.py →
 * gostruct_table.c).
 *
 * The template is read as the controller sees it after the apiserver's protobuf
 * round trip: empty lists and maps are nil, quantities are re-parsed from their
 * canonical form. */
#ifndef KC_MOCKAPI_SPEW_H
#define KC_MOCKAPI_SPEW_H

#include <jansson.h>
#include <stdint.h>

#include "util/strbuf.h"

enum gs_kind {
	GS_STRUCT, GS_PTR, GS_SLICE, GS_MAP, GS_STRING, GS_BOOL, GS_INT, GS_UINT, GS_FLOAT,
	GS_BYTES, GS_QUANTITY, GS_TIME, GS_INTORSTR
};

struct gs_field {
	const char *name;  /* Go field name (embedded: the type's name) */
	const char *json;  /* JSON member name; "" for embedded inline structs */
	unsigned short type;
	unsigned char inline_;
};

struct gs_type {
	const char *name;       /* reflect.Type.String(): "v1.PodSpec", "*int64" … */
	unsigned char kind;
	short elem;             /* PTR/SLICE/MAP/BYTES: the element (map: value) type */
	unsigned short field0;  /* STRUCT: first field in gs_fields */
	unsigned short nfields;
};

/* gostruct_table.c; gs_types[0] is v1.PodTemplateSpec. */
extern const struct gs_type gs_types[];
extern const struct gs_field gs_fields[];
extern const unsigned gs_ntypes;

/* Appends spew's %#v of the JSON value tmpl read as a v1.PodTemplateSpec to out.
 * Returns 0, or -1 (out then holds a partial string) when the template holds
 * something this printer does not render as Kubernetes would: a non-zero
 * metav1.Time (its *time.Location is the controller's local zone), a quantity
 * outside int64 precision, managedFields raw bytes, a float, a wrongly-typed value. */
int spew_pod_template(struct strbuf *out, const json_t *tmpl);

/* ComputeHash: FNV-32a of the spew string, then of collision (little-endian
 * uint32) when collision >= 0, printed in decimal through rand.SafeEncodeString.
 * Returns a new string, or NULL when spew_pod_template fails. */
char *spew_template_hash(const json_t *tmpl, long long collision);

/* resource.ParseQuantity's int64 fast path: value, scale, format
 * ('D' DecimalSI, 'B' BinarySI, 'E' DecimalExponent) and whether the string is kept
 * (Quantity.s). Returns 0, or -1 when Go would need inf.Dec or the string is bad. */
struct gs_quantity {
	int64_t value;
	int32_t scale;
	char format;
	int keep_s;
};
int gs_parse_quantity(const char *s, struct gs_quantity *q);
/* Quantity.String() of a fast-path quantity: its canonical form. New string or NULL. */
char *gs_quantity_canonical(const struct gs_quantity *q);

#endif
