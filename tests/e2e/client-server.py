#!/usr/bin/env python3
"""A tiny API server for tests/e2e/client*.t until the C mock serves discovery.

Serves canned responses captured from a real Kubernetes 1.20 API server
(tests/golden/client-server/realk8s-1.20.json: path -> [status, body]) over
HTTP or HTTPS (--tls CERT KEY), writes its port to --port-file, and appends
one line per request ("METHOD PATH auth=yes|no as=USER") to --log. Test hooks:
  /__429      first call 429 with Retry-After: 1, then 200
  /__500      500 with a plain-text body
  /__503      503 with Retry-After: 1 every time (retries run out)
  /__slow     answers after 3 seconds
  /__401      401 Status (Unauthorized)
  any request with Impersonate-User: bob to a pods list gets the 403 fixture.
"""
import http.server, json, socketserver, ssl, sys, time, argparse

ap = argparse.ArgumentParser()
ap.add_argument('--fixture', required=True)
ap.add_argument('--port-file', required=True)
ap.add_argument('--log', required=True)
ap.add_argument('--tls', nargs=2)
ap.add_argument('--fail', action='append', default=[], help='answer 503 for this path')
a = ap.parse_args()
FIX = json.load(open(a.fixture))
state = {'429': 0}

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def reply(self, code, body, ctype='application/json', extra=()):
        b = body.encode()
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(b)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        proxied = self.path.startswith('http://')
        if proxied:  # a proxy request: absolute URI
            self.path = '/' + self.path.split('/', 3)[3] if self.path.count('/') >= 3 else '/'
        path = self.path.split('?', 1)[0]
        user = self.headers.get('Impersonate-User', '')
        with open(a.log, 'a') as f:
            f.write('%s %s auth=%s as=%s%s\n' % (self.command, self.path,
                    'yes' if self.headers.get('Authorization') else 'no', user,
                    ' proxied=%s' % self.headers.get('Host') if proxied else ''))
        if path in a.fail:
            return self.reply(503, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","code":503}')
        if path == '/__429':
            state['429'] += 1
            if state['429'] == 1:
                return self.reply(429, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"slow down","reason":"TooManyRequests","code":429}', extra=[('Retry-After', '1')])
            return self.reply(200, '{"ok":true}')
        if path == '/__warn':
            return self.reply(200, '{}', extra=[('Warning', '299 - "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob"'),
                                               ('Warning', '299 - "a \\"quoted\\" word"'), ('Warning', '299 - "a \\"quoted\\" word"')])
        if path == '/__500':
            return self.reply(500, 'boom\n', ctype='text/plain')
        if path == '/__503':
            return self.reply(503, 'busy\n', ctype='text/plain', extra=[('Retry-After', '0')])
        if path == '/__slow':
            time.sleep(3)
            return self.reply(200, '{}')
        if path == '/__401':
            return self.reply(401, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}')
        if user == 'bob' and path.endswith('/pods'):
            code, body = FIX['/api/v1/namespaces/default/pods?as=bob']
            return self.reply(code, body)
        if path in FIX:
            code, body = FIX[path]
            return self.reply(code, body)
        return self.reply(404, '404 page not found\n', ctype='text/plain; charset=utf-8')

    do_POST = do_GET

    def log_message(self, *args):
        pass

class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that time out close their end; nothing to report

srv = S(('127.0.0.1', 0), H)
if a.tls:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.tls[0], a.tls[1])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(a.port_file + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(a.port_file + '.tmp', a.port_file)
srv.serve_forever()
