#!/usr/bin/env python3
"""Fill the expected sections of tests/template/cases/sprig-*.txt from helmref.

    template/sprig/regen-cases.py tests/template/cases/sprig-strings.txt ...

Each case's template (and optional values) is rendered with `helmref tpl` as
test/templates/t.yaml; the output replaces the case's output/error section
(an error is helmref's stderr without its "Error: " prefix and final newline).
"""
import os, subprocess, sys, tempfile

HELMREF = os.environ.get("HELMREF", "/work/shared/tools/helmref/helmref")

def parse(text):
    cases = []
    if text.endswith("\n"):
        text = text[:-1]
    for chunk in text.split("#### case: ")[1:]:
        if chunk.endswith("\n"):
            chunk = chunk[:-1]
        name, _, rest = chunk.partition("\n")
        secs = {}
        order = []
        parts = ("\n" + rest).split("\n==== ")
        for part in parts[1:]:
            hdr, _, body = part.partition("\n")
            secs[hdr.strip()] = body
            order.append(hdr.strip())
        cases.append((name, secs))
    return cases

def render(tmpl, values):
    with tempfile.TemporaryDirectory() as d:
        t = os.path.join(d, "t.yaml")
        with open(t, "w") as f:
            f.write(tmpl)
        args = [HELMREF, "tpl"]
        if values is not None:
            v = os.path.join(d, "v.yaml")
            with open(v, "w") as f:
                f.write(values + "\n")
            args += ["--values", v]
        args.append(t)
        r = subprocess.run(args, capture_output=True, env=dict(os.environ, TZ="UTC"))
        if r.returncode == 0:
            return "output", r.stdout.decode("utf-8", "surrogateescape")
        err = r.stderr.decode("utf-8", "surrogateescape")
        if err.startswith("Error: "):
            err = err[len("Error: "):]
        if err.endswith("\n"):
            err = err[:-1]
        return "error", err

def main():
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            cases = parse(f.read())
        out = []
        for name, secs in cases:
            kind, body = render(secs["template"], secs.get("values"))
            s = "#### case: %s\n==== template\n%s\n" % (name, secs["template"])
            if "values" in secs:
                s += "==== values\n%s\n" % secs["values"]
            s += "==== %s\n%s\n" % (kind, body)
            out.append(s)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("".join(out))

main()
