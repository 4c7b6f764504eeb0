#!/bin/sh
# Capture kubectl v1.32's output for every case in tests/cases/jsonpath/*.txt.
#
#   tests/cases/jsonpath/capture.sh            rewrite the %%OUT / %%FAIL lines
#   tests/cases/jsonpath/capture.sh --check    compare only; exit 1 on a difference
#   KUBECTL=/path/to/kubectl                    (default /usr/lib/google-cloud-sdk/bin/kubectl.1.32)
#
# How kubectl is made to evaluate a template on arbitrary JSON, offline:
#
#   KUBECONFIG=/dev/null kubectl annotate --local -f IN.json zz- -o jsonpath=TEMPLATE
#
# `annotate --local` reads the object with the unstructured decoder (no server,
# no discovery, any apiVersion/kind), removes the absent annotation "zz" (a no-op
# apart from creating metadata.annotations: {}) and hands the object to the real
# cli-runtime JSONPathPrinter / kubectl CustomColumnsPrinter. Every case input
# therefore already carries "metadata":{"annotations":{}, ...}, and the script
# checks with `-o json` that kubectl saw exactly the input document, so the
# expected bytes are the printer's output on that very document. Numbers are
# typed as the unstructured decoder types them (int64 for integers, float64
# otherwise) — kc's default (no JSONPATH_FLOAT64). A "kind":"List" input is
# flattened by kubectl into its items, each printed by the same printer in turn.
#
# custom-columns is not offered by `annotate`, so those cases run
#
#   kubectl get -f IN.json -o custom-columns=SPEC --server http://127.0.0.1:PORT
#
# against a throw-away HTTP server started by this script: it answers discovery
# with one resource (v1 "foos", kind Foo) and every GET with the input object of
# the case (an item of a List input is found by metadata.name). kubectl decodes
# the reply as unstructured JSON, exactly as it does a real server's.
#
# Case file syntax (one directive per line; '#' lines and blank lines ignored):
#   %%DOC {json}          default input for the following cases
#   %%CASE name           starts a case
#   %%MODE m              jsonpath (default) | jsonpath-as-json | custom-columns |
#                         custom-columns-file (the template is the file's text) |
#                         config-view (KUBECONFIG=IN.json kubectl config view
#                         -o jsonpath=T: the input is a kubeconfig written exactly
#                         as `config view -o json` prints it; kubectl hands the
#                         printer a json.Marshal/Unmarshal copy, so every number
#                         is a float64 — kc's JSONPATH_FLOAT64) |
#                         output (the whole -o value is %%T, run as `kubectl get
#                         -f IN.json -o T FLAGS` against the stub server; one
#                         object; @FILE@ in T/FLAGS/stderr stands for a file
#                         holding %%FILE, @DIR@ for the scratch directory)
#   %%FLAGS f...          extra kubectl flags: --allow-missing-template-keys=false,
#                         --no-headers, --template=T (all the runner understands)
#   %%FILE "text"         content of @FILE@ (output mode; absent: no such file)
#   %%T text              the template, raw to the end of the line
#   %%TQ "text"           the template, quoted (\n \t \r \\ \" \xNN)
#   %%IN {json}           input for this case only
#   %%OUT "bytes"         captured stdout, quoted as above
#   %%FAIL rc "bytes"     captured exit code and stderr (only when rc != 0); the
#                         custom-columns-file path is written as COLS.txt
set -eu
here=$(cd "$(dirname "$0")" && pwd)
KUBECTL=${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}
export KUBECTL
command -v python3 >/dev/null 2>&1 || { echo "capture.sh: python3 is required" >&2; exit 2; }
exec python3 - "$here" "$@" <<'PY'
import glob, json, os, subprocess, sys, tempfile

here = sys.argv[1]
check = "--check" in sys.argv[2:]
kubectl = os.environ["KUBECTL"]

def quote(b):
    s = b.decode("utf-8", "surrogateescape")
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"': out.append('\\"')
        elif ch == '\\': out.append('\\\\')
        elif ch == '\n': out.append('\\n')
        elif ch == '\t': out.append('\\t')
        elif ch == '\r': out.append('\\r')
        elif 0xdc80 <= o <= 0xdcff: out.append('\\x%02x' % (o - 0xdc00))
        elif o < 0x20 or o == 0x7f: out.append('\\x%02x' % o)
        else: out.append(ch)
    out.append('"')
    return "".join(out)

def unquote(s):
    s = s.strip()
    assert s[0] == '"' and s[-1] == '"', s
    s = s[1:-1]
    b = bytearray(); i = 0
    while i < len(s):
        c = s[i]
        if c == '\\':
            n = s[i + 1]
            if n == 'x':
                b.append(int(s[i + 2:i + 4], 16)); i += 4; continue
            b += {'n': b'\n', 't': b'\t', 'r': b'\r', '\\': b'\\', '"': b'"'}[n]; i += 2; continue
        b += c.encode("utf-8", "surrogateescape"); i += 1
    return bytes(b)

import http.server, threading
current = {"objs": {}}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/api":
            body = {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}
        elif path == "/apis":
            body = {"kind": "APIGroupList", "apiVersion": "v1", "groups": []}
        elif path == "/api/v1":
            body = {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                {"name": "foos", "singularName": "foo", "namespaced": True, "kind": "Foo", "verbs": ["get", "list"]}]}
        else:
            name = path.rsplit("/", 1)[-1]
            body = current["objs"].get(name)
            if body is None:
                self.send_response(404); self.end_headers(); return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
server_url = "http://127.0.0.1:%d" % srv.server_address[1]

env = dict(os.environ, KUBECONFIG="/dev/null", HOME=tempfile.gettempdir())
tmp = tempfile.mkdtemp(prefix="kc-jsonpath-")
failed = 0
total = 0

def run_case(c):
    inp = c["in"]
    f = os.path.join(tmp, "in.json")
    open(f, "w").write(inp)
    doc = json.loads(inp)
    mode = c.get("mode", "jsonpath")
    if mode == "config-view" and not check:
        seen = subprocess.run([kubectl, "config", "view", "-o", "json"],
                              env=dict(env, KUBECONFIG=f), capture_output=True)
        if seen.returncode != 0 or json.loads(seen.stdout) != doc:
            sys.exit("capture.sh: case %s: kubectl config view does not print the input:\n%s%s"
                     % (c["name"], seen.stdout.decode(), seen.stderr.decode()))
    elif doc.get("kind") != "List" and not check and mode != "output":
        seen = subprocess.run([kubectl, "annotate", "--local", "-f", f, "zz-", "-o", "json"],
                              env=env, capture_output=True)
        if seen.returncode != 0 or json.loads(seen.stdout, parse_int=float) != json.loads(inp, parse_int=float):
            sys.exit("capture.sh: case %s: kubectl does not see the input as written:\n%s%s"
                     % (c["name"], seen.stdout.decode(), seen.stderr.decode()))
    tmpl = c["t"]
    if mode == "custom-columns-file":
        tf = os.path.join(tmp, "cols.txt")
        open(tf, "wb").write(tmpl)
        arg = b"custom-columns-file=" + tf.encode()
    else:
        arg = mode.encode() + b"=" + tmpl
    if mode == "output":
        fp = os.path.join(tmp, "tmpl.txt")
        if "file" in c:
            open(fp, "wb").write(c["file"])
        elif os.path.exists(fp):
            os.unlink(fp)
        current["objs"] = {doc["metadata"]["name"]: doc}
        sub = lambda b: b.replace(b"@FILE@", fp.encode()).replace(b"@DIR@", tmp.encode())
        cmd = [kubectl.encode(), b"get", b"-f", f.encode(), b"-o", sub(tmpl), b"--server",
               server_url.encode(), b"--cache-dir", os.path.join(tmp, "cache").encode()]
        cmd += [sub(x.encode()) for x in c.get("flags", [])]
        r = subprocess.run(cmd, env=env, capture_output=True)
        r.stderr = r.stderr.replace(fp.encode(), b"@FILE@").replace(tmp.encode(), b"@DIR@")
        lines = ["%%OUT " + quote(r.stdout)]
        if r.returncode != 0:
            lines.append("%%FAIL " + str(r.returncode) + " " + quote(r.stderr))
        return lines
    if mode.startswith("custom-columns"):
        items = doc["items"] if doc.get("kind") == "List" else [doc]
        current["objs"] = {o["metadata"]["name"]: o for o in items}
        cmd = [kubectl.encode(), b"get", b"-f", f.encode(), b"-o", arg, b"--server", server_url.encode(),
               b"--cache-dir", os.path.join(tmp, "cache").encode()]
    elif mode == "config-view":
        cmd = [kubectl.encode(), b"config", b"view", b"-o", b"jsonpath=" + tmpl]
    else:
        cmd = [kubectl.encode(), b"annotate", b"--local", b"-f", f.encode(), b"zz-", b"-o", arg]
    cmd += [x.encode() for x in c.get("flags", [])]
    r = subprocess.run(cmd, env=dict(env, KUBECONFIG=f) if mode == "config-view" else env,
                       capture_output=True)
    if mode == "custom-columns-file":
        r.stderr = r.stderr.replace(tf.encode(), b"COLS.txt")
    if r.returncode != 0 and (b"panic:" in r.stderr or b"goroutine " in r.stderr):
        sys.exit("capture.sh: case %s: kubectl panicked; such a case cannot be a golden" % c["name"])
    lines = ["%%OUT " + quote(r.stdout)]
    if r.returncode != 0:
        lines.append("%%FAIL " + str(r.returncode) + " " + quote(r.stderr))
    return lines

for path in sorted(glob.glob(os.path.join(here, "*.txt"))):
    src = open(path, encoding="utf-8", errors="surrogateescape").read().split("\n")
    if src and src[-1] == "":
        src.pop()
    out = []
    doc = None
    cur = None
    def finish():
        global failed, total
        if cur is None:
            return
        total += 1
        got = run_case(cur)
        if check and got != cur["expect"]:
            failed += 1
            print("DIFF %s: %s\n  kubectl: %s\n  file:    %s" % (os.path.basename(path), cur["name"],
                  "\n           ".join(got), "\n           ".join(cur["expect"])))
        out.extend(got)
    for line in src:
        if line.startswith("%%OUT ") or line.startswith("%%FAIL "):
            if cur is not None:
                cur["expect"].append(line)
            continue
        if line.startswith("%%CASE ") or line.startswith("%%DOC "):
            finish()
            cur = None
        if line.startswith("%%DOC "):
            doc = line[6:]
        elif line.startswith("%%CASE "):
            cur = {"name": line[7:], "in": doc, "expect": []}
        elif cur is not None and line.startswith("%%MODE "):
            cur["mode"] = line[7:].strip()
        elif cur is not None and line.startswith("%%FLAGS "):
            cur["flags"] = line[8:].split()
        elif cur is not None and line.startswith("%%TQ "):
            cur["t"] = unquote(line[5:])
        elif cur is not None and line.startswith("%%T "):
            cur["t"] = line[4:].encode("utf-8", "surrogateescape")
        elif cur is not None and line.startswith("%%FILE "):
            cur["file"] = unquote(line[7:])
        elif cur is not None and line.startswith("%%IN "):
            cur["in"] = line[5:]
        out.append(line)
    finish()
    if not check:
        open(path, "w", encoding="utf-8", errors="surrogateescape").write("\n".join(out) + "\n")
print("capture.sh: %d cases, %d differ" % (total, failed), file=sys.stderr)
sys.exit(1 if failed else 0)
PY
