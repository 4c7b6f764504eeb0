/* tv: the template engine's value — Go's interface{} as Helm's data sees it.
 *
 * OWNERSHIP (the one rule): every function borrows its arguments and returns a new
 * reference (release it with tv_decref), except functions named *_take, which
 * consume (steal) the value argument they store.
 *
 * Values are reference counted. Scalars and strings are immutable. Maps are
 * mutable and shared like Go maps (Sprig's `set` changes the map every holder
 * sees); lists are not mutated once shared (Sprig's `append` copies). tv_nil(),
 * tv_true(), tv_false() are immortal (tv_incref/tv_decref are no-ops on them).
 *
 * Every value answers Go's type questions through its struct tv_type: %T and
 * Sprig's typeOf print type->name ("float64", "[]interface {}",
 * "map[string]interface {}", "chartutil.Values", "*chart.Metadata"), kindOf prints
 * type->kind_name ("float64", "slice", "map", "ptr", "struct").
 *
 * Numbers: YAML values files give float64 for every number (Helm decodes values
 * through JSON); --set gives int64 for integers; template literals are int; len
 * gives int; Sprig's arithmetic gives int64. They are different Go types and
 * print/compare differently, so keep the type a function returns in Go. */
#ifndef KC_TEMPLATE_VALUE_H
#define KC_TEMPLATE_VALUE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strbuf.h"

struct tv;
struct tmpl_func;

enum tv_kind {
	TV_NIL,    /* nil interface{} (missing key, JSON null, nil literal) */
	TV_BOOL,   /* bool */
	TV_INT,    /* signed integers: int, int64, int32 (rune), int8, int16 — type says which */
	TV_UINT,   /* unsigned: uint8 (byte), uint, uint64 … */
	TV_FLOAT,  /* float64 */
	TV_STRING, /* string (bytes, may contain NUL; not necessarily UTF-8) */
	TV_BYTES,  /* []uint8: index gives uint8, %v prints [104 105], %s the bytes */
	TV_LIST,   /* slice: []interface {}, []string, []int … (type->elem) */
	TV_MAP,    /* map[string]X: map[string]interface {}, map[string]string, named maps */
	TV_STRUCT, /* Go struct (or pointer to one, type->ptr): fields in type->fields order */
	TV_OBJECT, /* opaque Go value with methods (time.Time, *semver.Version …) */
	TV_FUNC,   /* a func value (template `call`) */
};

/* Describes one Go type. Static descriptors; the engine never frees them. */
struct tv_type {
	const char *name;        /* Go's %T: "int64", "[]string", "chartutil.Values" */
	enum tv_kind kind;       /* underlying representation */
	const char *kind_name;   /* reflect.Kind.String(): "int", "slice", "map", "ptr" … */
	const struct tv_type *elem; /* lists/maps: element type; NULL means interface {} */
	int named;               /* a defined type (chartutil.Values): only assignable to
				  * its unnamed underlying type and itself */
	int ptr;                 /* TV_STRUCT/TV_OBJECT held by pointer: fmt prints &{…} */
	const char *const *fields; /* TV_STRUCT: NULL-terminated exported field names */
	/* TV_STRUCT: bit i set = field i is embedded (Go's promoted fields: a lookup
	 * that finds no direct field searches the embedded struct values) */
	unsigned long long embedded;
	/* TV_STRUCT: Go json tags per field ("name,omitempty", "-"), NULL-terminated
	 * parallel to fields; NULL = field names, nothing omitted */
	const char *const *json_tags;
	/* .format is a pointer-receiver String(): only {{ }} printing of the value
	 * itself (addressable) uses it; fmt arguments and nested values print the
	 * structural form */
	int stringer_ptr;
	/* Methods callable from templates ({{ .Files.Get "x" }}, {{ $v.Major }}):
	 * a table ended by { NULL }; the receiver is passed as argv[0] and is NOT part
	 * of .params. */
	const struct tmpl_func *methods;
	/* What fmt's %v / %s print: Go's String() method (TV_OBJECT: required form;
	 * other kinds: when set, used instead of the structural form). */
	void (*format)(const struct tv *v, struct strbuf *out);
	/* TV_OBJECT: toJson/toYaml form (new jansson reference); NULL → null. */
	json_t *(*to_json)(const struct tv *v);
	/* TV_OBJECT: frees data (may be NULL). */
	void (*destroy)(void *data);
};

struct tv_map_ent {
	char *key;         /* owned, NUL-terminated (Go map keys are strings here) */
	size_t keylen;
	struct tv *val;    /* owned reference */
};

/* The representation is public so functions can read it directly; change values
 * only through the functions below. */
struct tv {
	enum tv_kind kind;
	unsigned refcnt;            /* 0 = immortal */
	const struct tv_type *type; /* never NULL */
	union {
		int b;                                              /* TV_BOOL */
		int64_t i;                                          /* TV_INT */
		uint64_t u;                                         /* TV_UINT */
		double f;                                           /* TV_FLOAT */
		struct { size_t len; char *s; } str;                /* TV_STRING, TV_BYTES */
		struct { size_t len, cap; struct tv **items; } list; /* TV_LIST */
		struct { size_t len, cap; struct tv_map_ent *ents; } map; /* TV_MAP, sorted by key */
		struct { size_t n; struct tv **vals; } st;          /* TV_STRUCT, type->fields order */
		void *obj;                                          /* TV_OBJECT */
		const struct tmpl_func *fn;                         /* TV_FUNC */
	} u;
};

/* Predefined types. */
extern const struct tv_type tv_type_nil;      /* "<nil>" */
extern const struct tv_type tv_type_bool;     /* bool */
extern const struct tv_type tv_type_int;      /* int */
extern const struct tv_type tv_type_int64;    /* int64 */
extern const struct tv_type tv_type_int32;    /* int32 (rune literals) */
extern const struct tv_type tv_type_uint8;    /* uint8 (index of a string) */
extern const struct tv_type tv_type_uint;     /* uint */
extern const struct tv_type tv_type_uint64;   /* uint64 */
extern const struct tv_type tv_type_float64;  /* float64 */
extern const struct tv_type tv_type_string;   /* string */
extern const struct tv_type tv_type_bytes;    /* []uint8 */
extern const struct tv_type tv_type_list;     /* []interface {} */
extern const struct tv_type tv_type_strlist;  /* []string */
extern const struct tv_type tv_type_intlist;  /* []int */
extern const struct tv_type tv_type_map;      /* map[string]interface {} */
extern const struct tv_type tv_type_strmap;   /* map[string]string */

/* Reference counting. tv_incref returns v; both accept NULL. */
struct tv *tv_incref(struct tv *v);
void tv_decref(struct tv *v);

/* Constructors (new references). */
struct tv *tv_nil(void);
struct tv *tv_bool(int b);
struct tv *tv_true(void);
struct tv *tv_false(void);
struct tv *tv_int(int64_t i);                    /* Go int */
struct tv *tv_int64(int64_t i);                  /* Go int64 */
struct tv *tv_int_typed(int64_t i, const struct tv_type *t);  /* TV_INT of type t */
struct tv *tv_uint_typed(uint64_t u, const struct tv_type *t); /* TV_UINT of type t */
struct tv *tv_float(double f);                   /* float64 */
struct tv *tv_str(const char *s);                /* copies a NUL-terminated string */
struct tv *tv_strn(const char *s, size_t len);   /* copies len bytes */
struct tv *tv_str_take(char *s, size_t len);     /* takes a malloc'd buffer with s[len]==0 */
struct tv *tv_str_buf(struct strbuf *sb);        /* takes sb's bytes, sb re-initialised */
struct tv *tv_bytes(const void *p, size_t len);  /* []uint8 */
struct tv *tv_list_new(const struct tv_type *t); /* empty list; t NULL → []interface {} */
struct tv *tv_map_new(const struct tv_type *t);  /* empty map;  t NULL → map[string]interface {} */
/* TV_STRUCT of type t; vals (n = number of t->fields) are taken. */
struct tv *tv_struct_take(const struct tv_type *t, struct tv **vals);
struct tv *tv_object(const struct tv_type *t, void *data); /* takes data (t->destroy) */
struct tv *tv_func(const struct tmpl_func *fn);

/* Lists. */
void tv_list_append(struct tv *list, struct tv *item);      /* borrows item */
void tv_list_append_take(struct tv *list, struct tv *item); /* steals item */
size_t tv_list_len(const struct tv *list);
struct tv *tv_list_get(const struct tv *list, size_t i);     /* BORROWED, NULL if out of range */

/* Maps (kept sorted by key, as Go prints and ranges them). */
void tv_map_set(struct tv *map, const char *key, struct tv *val);      /* borrows val */
void tv_map_set_take(struct tv *map, const char *key, struct tv *val); /* steals val */
struct tv *tv_map_get(const struct tv *map, const char *key);   /* BORROWED, NULL if absent */
int tv_map_del(struct tv *map, const char *key);                /* 1 if it was there */
size_t tv_map_len(const struct tv *map);

/* Struct field by name: BORROWED, NULL if the type has no such field. */
struct tv *tv_struct_get(const struct tv *st, const char *field);

/* Accessors with Go's view. */
const char *tv_type_name(const struct tv *v);   /* %T, "<nil>" for nil */
const char *tv_kind_name(const struct tv *v);   /* reflect kind, "invalid" for nil */
int tv_is_nil(const struct tv *v);              /* NULL or TV_NIL */
/* Go's template truth (if/with/and/or/not): false, 0, nil, "" and empty
 * slices/maps are false; structs and objects are true. */
int tv_truth(const struct tv *v);
/* A shallow copy the caller may modify (maps and lists get their own entry
 * arrays; elements are shared references). Scalars are returned increfed. */
struct tv *tv_copy(const struct tv *v);
/* Deep copy of maps/lists (Sprig's deepCopy). */
struct tv *tv_deep_copy(const struct tv *v);

/* Go's fmt: appends what fmt.Sprint(v) prints (%v): floats with 'g' and
 * exponent >= 21 or < -4 → 1e+06, maps `map[a:1 b:2]`, lists `[a b]`, nil `<nil>`,
 * structs `{a b}` / `&{a b}`, []uint8 `[104 105]`. */
void tv_format(struct strbuf *out, const struct tv *v);
/* Go's text/template printing of a pipeline result ({{ . }}): like tv_format but
 * []uint8 prints as its bytes. (Missing values print "<no value>"; the executor
 * handles that.) */
void tv_print(struct strbuf *out, const struct tv *v);

/* A TV_STRUCT field's JSON name per its tag (NULL = skip: "-" or omitempty
 * with an empty value). */
const char *tv_struct_json_name(const struct tv *st, size_t i, char *buf, size_t bufsz);

/* Go's reflect.DeepEqual on two values (types included). */
int tv_deep_equal(const struct tv *a, const struct tv *b);

/* jansson boundary.
 * tv_from_json: objects → map[string]interface {}, arrays → []interface {},
 * strings, bools, null → nil; json integers → int64, or float64 when
 * TV_JSON_INTS_AS_FLOAT (Helm's values files: every number is float64);
 * json reals → float64. Borrows j. */
#define TV_JSON_INTS_AS_FLOAT 0x1
struct tv *tv_from_json(const json_t *j, unsigned flags);
/* tv_to_json: Go's json.Marshal view: ints → json_integer, floats that are
 * integral and |f| < 1e21 → json_integer (so 3.0 marshals as 3 as Go does), other
 * floats → json_real, []uint8 → base64 string (encoding/json), structs → objects
 * keyed by field name, objects → type->to_json. New reference; NULL + err for
 * values JSON cannot hold (func, NaN: "json: unsupported value: NaN"). */
json_t *tv_to_json(const struct tv *v, struct kc_err *err);

#endif
