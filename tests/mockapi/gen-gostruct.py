#!/usr/bin/env python3
"""Generate tests/mockapi/gostruct_table.c: the Go struct layouts go-spew walks when
Kubernetes hashes a PodTemplateSpec (pod-template-hash, see spew.h).

For v1.PodTemplateSpec and every type it reaches: the type's name as Go's
reflect.Type.String() prints it (v1.PodSpec, *int64, []v1.Container, v1.ResourceList,
resource.Quantity ...), its kind, and for structs the fields in declaration order with
their Go names, JSON names and whether they are embedded (inline).

Input: the k8s.io/api and k8s.io/apimachinery sources at a tag, read with git from the
mirrors (no work tree needed):
    tests/mockapi/gen-gostruct.py [--api GITDIR] [--apimachinery GITDIR] [--tag v0.32.5] \\
        > tests/mockapi/gostruct_table.c
resource.Quantity, metav1.Time and intstr.IntOrString are leaves here ("special" kinds):
their JSON form is a scalar and spew.c prints their Go internals itself.
"""
import argparse
import re
import subprocess
import sys

FILES = [
    # (git dir key, path, package name as reflect prints it, import alias map)
    ("api", "core/v1/types.go", "v1", "core"),
    ("apimachinery", "pkg/apis/meta/v1/types.go", "v1", "meta"),
    ("apimachinery", "pkg/types/uid.go", "types", "types"),
]
ALIAS = {  # qualifier in source -> package key
    "metav1": "meta", "resource": "resource", "intstr": "intstr", "types": "types",
}
PKGNAME = {"core": "v1", "meta": "v1", "types": "types", "resource": "resource",
           "intstr": "intstr"}
SPECIAL = {("resource", "Quantity"): "QUANTITY", ("meta", "Time"): "TIME",
           ("intstr", "IntOrString"): "INTORSTR"}
BASIC = {"string": "STRING", "bool": "BOOL", "int32": "INT", "int64": "INT", "int": "INT",
         "uint64": "UINT", "byte": "UINT", "uint8": "UINT", "float64": "FLOAT"}


def git_show(gitdir, tag, path):
    return subprocess.run(["git", "--git-dir", gitdir, "show", f"{tag}:{path}"],
                          check=True, capture_output=True, text=True).stdout


def parse_decls(src):
    """name -> ('struct', [(name|None, typeexpr, jsontag)]) or ('alias', typeexpr)"""
    decls = {}
    lines = [re.sub(r"//.*$", "", l.rstrip()) if not re.search(r"`[^`]*//", l) else l.rstrip()
             for l in src.split("\n")]
    i = 0
    while i < len(lines):
        m = re.match(r"^type (\w+) struct \{\s*\}?$", lines[i])
        if m:
            fields = []
            if not lines[i].rstrip().endswith("}"):
                i += 1
                while not lines[i].startswith("}"):
                    l = lines[i].strip()
                    i += 1
                    if not l or l.startswith("//"):
                        continue
                    tag = ""
                    t = re.search(r"`([^`]*)`", l)
                    if t:
                        tag = t.group(1)
                        l = l[:t.start()].strip()
                    parts = l.split(None, 1)
                    js = re.search(r'json:"([^"]*)"', tag)
                    js = js.group(1) if js else None
                    if len(parts) == 1:
                        fields.append((None, parts[0], js))
                    else:
                        fields.append((parts[0], parts[1].strip(), js))
            decls[m.group(1)] = ("struct", fields)
        else:
            m = re.match(r"^type (\w+) (\S.*)$", lines[i])
            if m:
                decls[m.group(1)] = ("alias", m.group(2).strip())
        i += 1
    return decls


class Gen:
    def __init__(self, decls):
        self.decls = decls  # pkg -> {name: decl}
        self.types = []     # dicts
        self.index = {}     # type string -> index

    def add(self, key, t):
        self.index[key] = len(self.types)
        self.types.append(t)
        return self.index[key]

    def resolve(self, expr, pkg):
        """type expression in package pkg -> table index"""
        if expr.startswith("*"):
            e = self.resolve(expr[1:], pkg)
            name = "*" + self.types[e]["name"]
            if name in self.index:
                return self.index[name]
            return self.add(name, {"name": name, "kind": "PTR", "elem": e})
        if expr.startswith("[]"):
            e = self.resolve(expr[2:], pkg)
            name = "[]" + self.types[e]["name"]
            if name in self.index:
                return self.index[name]
            kind = "BYTES" if self.types[e]["name"] == "uint8" else "SLICE"
            return self.add(name, {"name": name, "kind": kind, "elem": e})
        if expr.startswith("map["):
            k, v = re.match(r"^map\[([^\]]+)\](.+)$", expr).groups()
            ki = self.resolve(k, pkg)
            vi = self.resolve(v, pkg)
            if self.types[ki]["kind"] != "STRING":
                sys.exit(f"map key {k} is not string-kinded")
            name = f"map[{self.types[ki]['name']}]{self.types[vi]['name']}"
            if name in self.index:
                return self.index[name]
            return self.add(name, {"name": name, "kind": "MAP", "elem": vi})
        if expr in BASIC:
            name = "uint8" if expr == "byte" else expr
            if name in self.index:
                return self.index[name]
            return self.add(name, {"name": name, "kind": BASIC[expr], "elem": -1})
        if "." in expr:
            q, n = expr.split(".", 1)
            p = ALIAS[q]
        else:
            p, n = pkg, expr
        return self.named(p, n)

    def named(self, p, n):
        name = f"{PKGNAME[p]}.{n}"
        key = (p, n)
        if key in self.index:
            return self.index[key]
        if key in SPECIAL:
            return self.add(key, {"name": name, "kind": SPECIAL[key], "elem": -1})
        d = self.decls[p].get(n)
        if d is None:
            sys.exit(f"unknown type {p}.{n}")
        if d[0] == "alias":
            idx = self.add(key, None)
            u = self.resolve(d[1], p)
            ut = self.types[u]
            self.types[idx] = {"name": name, "kind": ut["kind"], "elem": ut["elem"]}
            return idx
        idx = self.add(key, None)
        t = {"name": name, "kind": "STRUCT", "elem": -1, "fields": []}
        self.types[idx] = t
        for fname, fexpr, js in d[1]:
            fi = self.resolve(fexpr, p)
            embedded = fname is None
            if embedded:
                fname = fexpr.lstrip("*").split(".")[-1]
            jname = (js or "").split(",")[0]
            inline = embedded and jname == ""
            if not embedded and jname == "":
                jname = fname  # no json tag: Go matches the field name
            if js == "-":
                jname = ""
            t["fields"].append((fname, jname, fi, inline))
        return idx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", default="/work/.mirror/kubernetes+api/repo")
    ap.add_argument("--apimachinery", default="/work/.mirror/kubernetes+apimachinery/repo")
    ap.add_argument("--tag", default="v0.32.5")
    a = ap.parse_args()
    decls = {"core": {}, "meta": {}, "types": {}, "resource": {}, "intstr": {}}
    for repo, path, _, pkg in FILES:
        src = git_show(getattr(a, repo), a.tag, path)
        decls[pkg].update(parse_decls(src))
    g = Gen(decls)
    root = g.named("core", "PodTemplateSpec")
    assert root == 0
    out = []
    out.append("/* Generated by tests/mockapi/gen-gostruct.py from k8s.io/api and "
               f"k8s.io/apimachinery {a.tag}; do not edit. */\n")
    out.append('#include "tests/mockapi/spew.h"\n\n')
    fields = []
    rows = []
    for t in g.types:
        f0 = len(fields)
        for f in t.get("fields", []):
            fields.append(f)
        rows.append((t["name"], t["kind"], t["elem"], f0, len(t.get("fields", []))))
    out.append("const struct gs_field gs_fields[] = {\n")
    for fname, jname, fi, inline in fields:
        out.append(f'\t{{ "{fname}", "{jname}", {fi}, {1 if inline else 0} }},\n')
    out.append("};\n\n")
    out.append("const struct gs_type gs_types[] = {\n")
    for i, (name, kind, elem, f0, nf) in enumerate(rows):
        out.append(f'\t/* {i} */ {{ "{name}", GS_{kind}, {elem}, {f0}, {nf} }},\n')
    out.append("};\n\n")
    out.append(f"const unsigned gs_ntypes = {len(rows)};\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
