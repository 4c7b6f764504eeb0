#!/usr/bin/env python3
"""Generate tests/mockapi/openapi_schema.c: the OpenAPI v3 component schemas the
mock serves under /openapi/v3/... (kubectl explain, client-side strategic merge,
server-side field validation).

Input: Kubernetes 1.32's OpenAPI v2 document, api/openapi-spec/swagger.json of
release-1.32 (the copy kubernetes-client/python v32.0.1 keeps as
kubernetes/swagger.json.unprocessed is that file), and the k8s.io/api source
tree of v0.32.5 (for enums: the v2 document carries none, the v3 one does):

    git -C python show v32.0.1:kubernetes/swagger.json.unprocessed > swagger.json
    mkdir api && git -C k8s-api archive v0.32.5 | tar -x -C api
    tests/mockapi/gen-openapi-schema.py swagger.json api > tests/mockapi/openapi_schema.c

Enums as kube-openapi adds them to v3: a field whose Go type (or pointer to it)
is a "+enum" string type gets "enum" (its constants' values, sorted) and its
description gains "\n\nPossible enum values:" and one line per value, " - `"V"`"
followed by the constant's doc comment without the leading constant name.

Only the definitions of the API groups the mock serves, and everything they
reference, are kept. They are turned into v3 form the way kube-openapi's builder3
writes them: references point at #/components/schemas/, and a reference with
siblings (a description) is wrapped in allOf. The result is compact JSON,
zlib-compressed and base64-encoded into one C string (openapi.c decodes it once).
"""
import base64
import json
import os
import re
import sys
import zlib

# group/version pairs served by types.c ("" = core)
SERVED = {
    ("", "v1"), ("apps", "v1"), ("apiextensions.k8s.io", "v1"),
    ("authentication.k8s.io", "v1"), ("authorization.k8s.io", "v1"),
    ("autoscaling", "v2"), ("autoscaling", "v1"), ("batch", "v1"),
    ("coordination.k8s.io", "v1"), ("discovery.k8s.io", "v1"), ("events.k8s.io", "v1"),
    ("networking.k8s.io", "v1"), ("policy", "v1"), ("rbac.authorization.k8s.io", "v1"),
    ("scheduling.k8s.io", "v1"), ("storage.k8s.io", "v1"),
}

src = json.load(open(sys.argv[1]))
defs = src["definitions"]


def pkg(name):
    return name.rsplit(".", 1)[0]


keep_pkgs = set()
for name, d in defs.items():
    for gvk in d.get("x-kubernetes-group-version-kind", []):
        if (gvk.get("group", ""), gvk["version"]) in SERVED and not pkg(name).startswith(
                "io.k8s.apimachinery"):
            keep_pkgs.add(pkg(name))
roots = [n for n in defs if pkg(n) in keep_pkgs]


def refs(x, out):
    if isinstance(x, dict):
        r = x.get("$ref")
        if isinstance(r, str):
            out.add(r.rsplit("/", 1)[1])
        for v in x.values():
            refs(v, out)
    elif isinstance(x, list):
        for v in x:
            refs(v, out)


keep = set()
todo = list(roots)
while todo:
    n = todo.pop()
    if n in keep or n not in defs:
        continue
    keep.add(n)
    s = set()
    refs(defs[n], s)
    todo.extend(s)
# Types every group-version document carries (paths reference them).
for n in ("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
          "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
          "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
          "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList",
          "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"):
    todo.append(n)
while todo:
    n = todo.pop()
    if n in keep or n not in defs:
        continue
    keep.add(n)
    s = set()
    refs(defs[n], s)
    todo.extend(s)


def go_enums(root):
    """{(pkgdir, TypeName): {value: comment}} and per package the struct fields
    {(pkgdir, Struct): {jsonName: (pkgdir, TypeName)}}."""
    enums, fields = {}, {}
    for d, _, fs in os.walk(root):
        gofiles = [f for f in fs if f.endswith(".go") and not f.endswith("_test.go")
                   and not f.startswith("zz_generated") and not f.startswith("generated")]
        if not gofiles:
            continue
        pkg = os.path.relpath(d, root)
        texts = {f: open(os.path.join(d, f)).read() for f in sorted(gofiles)}
        enum_types = set()
        for t in texts.values():
            lines = t.split("\n")
            for i, l in enumerate(lines):
                m = re.match(r"type (\w+) string\s*$", l)
                if not m:
                    continue
                j = i - 1
                while j >= 0 and lines[j].startswith("//"):
                    if lines[j].strip() == "// +enum":
                        enum_types.add(m.group(1))
                    j -= 1
        for name in enum_types:
            enums[(pkg, name)] = {}
        for t in texts.values():
            imports = dict((a, p) for a, p in re.findall(r'^\s*(\w+)\s+"k8s.io/api/([\w/]+)"', t, re.M))
            for m in re.finditer(r'^import\s+(\w+)\s+"k8s.io/api/([\w/]+)"', t, re.M):
                imports[m.group(1)] = m.group(2)
            lines = t.split("\n")
            for i, l in enumerate(lines):
                m = re.match(r'\s*(\w+)\s+(\w+)\s*=\s*"([^"]*)"\s*$', l)
                if m and (pkg, m.group(2)) in enums:
                    com = []
                    j = i - 1
                    while j >= 0 and lines[j].strip().startswith("//"):
                        com.insert(0, lines[j].strip()[2:].strip())
                        j -= 1
                    com = [c for c in com if not c.startswith("+")]
                    c = " ".join(com).strip()
                    if c.startswith(m.group(1)):
                        c = c[len(m.group(1)):]
                    c = re.sub(r"\s+", " ", c.strip())
                    enums[(pkg, m.group(2))][m.group(3)] = c
            cur = None
            for l in lines:
                m = re.match(r"type (\w+) struct \{", l)
                if m:
                    cur = m.group(1)
                    fields.setdefault((pkg, cur), {})
                    continue
                if cur and l.startswith("}"):
                    cur = None
                    continue
                if not cur:
                    continue
                m = re.match(r'\s+\w+\s+(\[\]|map\[|\*)\S*\s+`json:"([\w-]+)"', l)
                if m:
                    # no omitempty: Go marshals the zero value as null
                    fields[(pkg, cur)].setdefault(" null", set()).add(m.group(2))
                m = re.match(r'\s+(\w+)\s+`json:",inline"', l)
                if m:
                    fields[(pkg, cur)].setdefault("", []).append((pkg, m.group(1)))
                    continue
                m = re.match(r'\s+(\w+)\s+(\*?)([\w.]+)\s+`json:"([\w-]*)', l) or \
                    re.match(r'\s+()(\*?)(\w+\.\w+)\s+`json:"([\w-]+)', l)
                if m and m.group(4):
                    ty = m.group(3)
                    if "." in ty:
                        a, n = ty.split(".", 1)
                        tp = (imports.get(a, a), n)
                    else:
                        tp = (pkg, ty)
                    fields[(pkg, cur)][m.group(4)] = tp
                    if not m.group(2):
                        fields[(pkg, cur)].setdefault("", [])
                        fields[(pkg, cur)].setdefault(" direct", set()).add(m.group(4))
    return enums, fields


ENUMS, FIELDS = go_enums(sys.argv[2])
ZERO_NULL = []


def add_enums(name, schema):
    if not name.startswith("io.k8s.api."):
        return
    rest = name[len("io.k8s.api."):]
    pkg, struct = rest.rsplit(".", 1)
    pkg = pkg.replace(".", "/")
    flds = dict(FIELDS.get((pkg, struct), {}))
    for f in flds.pop(" null", set()):
        if f in schema.get("properties", {}):
            ZERO_NULL.append(name + "." + f)
    direct = set(flds.pop(" direct", set()))
    for emb in flds.pop("", []):
        flds.update({k: v for k, v in FIELDS.get(emb, {}).items() if k and k != " direct"})
        direct |= FIELDS.get(emb, {}).get(" direct", set())
    for fname, prop in schema.get("properties", {}).items():
        # a non-pointer struct field: v3 documents carry "default": {} (the
        # zero object has it as {}; server-side apply's field sets rely on it)
        tp = flds.get(fname)
        if fname in direct and tp and ((tp in FIELDS) or tp[1] == "ObjectMeta") and \
                ("$ref" in prop):
            prop["default"] = {}
    for fname, prop in schema.get("properties", {}).items():
        tp = flds.get(fname)
        vals = ENUMS.get(tp) if tp else None
        if not vals or prop.get("type") != "string":
            continue
        keys = sorted(vals)
        prop["enum"] = keys
        lines = ["Possible enum values:"]
        for k in keys:
            lines.append(" - `%s`%s" % (json.dumps(k), (" " + vals[k]) if vals[k] else ""))
        d = prop.get("description", "")
        prop["description"] = (d + "\n\n" if d else "") + "\n".join(lines)


for n in list(defs):
    add_enums(n, defs[n])


def v3(x):
    if isinstance(x, dict):
        y = {k: v3(v) for k, v in x.items()}
        r = y.get("$ref")
        if isinstance(r, str):
            y["$ref"] = r.replace("#/definitions/", "#/components/schemas/")
            if len(y) > 1:
                ref = y.pop("$ref")
                y["allOf"] = [{"$ref": ref}]
        return y
    if isinstance(x, list):
        return [v3(v) for v in x]
    return x


out = {n: v3(defs[n]) for n in sorted(keep)}
raw = json.dumps(out, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
b64 = base64.b64encode(zlib.compress(raw, 9)).decode()

print("/* Generated by tests/mockapi/gen-openapi-schema.py from Kubernetes 1.32's")
print(" * api/openapi-spec/swagger.json: %d component schemas (v3 form) as" % len(out))
print(" * base64(zlib(JSON)). Do not edit. */")
print("#include <stddef.h>")
print("extern const char *const openapi_zero_null[];")
print("const size_t openapi_schema_raw_len = %d;" % len(raw))
print("const char openapi_schema_b64[] =")
for i in range(0, len(b64), 76):
    print('\t"%s"' % b64[i:i + 76])
print("\t;")
print("/* Fields without omitempty whose zero value (nil slice, map or pointer) Go")
print(" * marshals as null: server-side apply's zero objects carry them. */")
print("const char *const openapi_zero_null[] = {")
for z in sorted(set(ZERO_NULL)):
    if z.rsplit(".", 1)[0] in keep:
        print('\t"%s",' % z)
print("\tNULL,")
print("};")
