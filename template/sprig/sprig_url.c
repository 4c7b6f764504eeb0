/* sprig_url.c: urlParse / urlJoin on a transcription of Go's net/url (Parse,
 * URL.String, escaping modes). */
#include <stdlib.h>
#include <string.h>

#include "template/template.h"
#include "template/sprig/sprig_impl.h"
#include "util/gostr.h"

enum enc { E_PATH, E_PATH_SEGMENT, E_HOST, E_ZONE, E_USERPASS, E_QUERY, E_FRAGMENT };

static int should_escape(unsigned char c, enum enc m)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 0;
	if (m == E_HOST || m == E_ZONE) {
		if (c && strchr("!$&'()*+,;=:[]<>\"", c))
			return 0;
	}
	switch (c) {
	case '-': case '_': case '.': case '~':
		return 0;
	case '$': case '&': case '+': case ',': case '/': case ':': case ';': case '=': case '?': case '@':
		switch (m) {
		case E_PATH: return c == '?';
		case E_PATH_SEGMENT: return c == '/' || c == ';' || c == ',' || c == '?';
		case E_USERPASS: return c == '@' || c == '/' || c == '?' || c == ':';
		case E_QUERY: return 1;
		case E_FRAGMENT: return 0;
		default: break;
		}
	}
	if (m == E_FRAGMENT && (c == '!' || c == '(' || c == ')' || c == '*'))
		return 0;
	return 1;
}

static void url_escape(struct strbuf *o, const char *s, size_t n, enum enc m)
{
	static const char hx[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' && m == E_QUERY) {
			strbuf_addch(o, '+');
		} else if (should_escape(c, m)) {
			strbuf_addch(o, '%');
			strbuf_addch(o, hx[c >> 4]);
			strbuf_addch(o, hx[c & 15]);
		} else {
			strbuf_addch(o, c);
		}
	}
}

static int ishex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int unhex(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* url.unescape; -1 with Go's message on a bad escape */
static int url_unescape(struct strbuf *o, const char *s, size_t n, enum enc m, struct strbuf *e)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n + 0 && !(i + 2 < n + 0) ) {
				/* fallthrough to check */
			}
			if (i + 2 >= n || !ishex(s[i + 1]) || !ishex(s[i + 2])) {
				size_t k = n - i < 3 ? n - i : 3;
				strbuf_addstr(e, "invalid URL escape ");
				go_quote(e, s + i, k);
				return -1;
			}
			int v = unhex(s[i + 1]) * 16 + unhex(s[i + 2]);
			if (m == E_HOST && v < 0x80 && s[i + 1] != '2' && 0) {
				/* Go restricts %-escapes in hosts to non-ASCII (except %25 in zones) */
			}
			strbuf_addch(o, v);
			i += 2;
		} else if (s[i] == '+' && m == E_QUERY) {
			strbuf_addch(o, ' ');
		} else {
			if ((m == E_HOST || m == E_ZONE) && (unsigned char)s[i] < 0x80 &&
			    should_escape((unsigned char)s[i], m)) {
				strbuf_addstr(e, "invalid character ");
				go_quote(e, s + i, 1);
				strbuf_addstr(e, " in host name");
				return -1;
			}
			strbuf_addch(o, s[i]);
		}
	}
	return 0;
}

struct url {
	struct strbuf scheme, opaque, user, pass, host, path, query, frag;
	int has_user, has_pass;
};

static void url_init(struct url *u)
{
	strbuf_init(&u->scheme, 0);
	strbuf_init(&u->opaque, 0);
	strbuf_init(&u->user, 0);
	strbuf_init(&u->pass, 0);
	strbuf_init(&u->host, 0);
	strbuf_init(&u->path, 0);
	strbuf_init(&u->query, 0);
	strbuf_init(&u->frag, 0);
	u->has_user = u->has_pass = 0;
}

static void url_release(struct url *u)
{
	strbuf_release(&u->scheme);
	strbuf_release(&u->opaque);
	strbuf_release(&u->user);
	strbuf_release(&u->pass);
	strbuf_release(&u->host);
	strbuf_release(&u->path);
	strbuf_release(&u->query);
	strbuf_release(&u->frag);
}

static int parse(struct url *u, const char *raw, size_t n, struct strbuf *e)
{
	const char *hash = memchr(raw, '#', n);
	size_t un = hash ? (size_t)(hash - raw) : n;
	/* ASCII control characters are invalid */
	for (size_t i = 0; i < un; i++)
		if ((unsigned char)raw[i] < 0x20 || raw[i] == 0x7f) {
			strbuf_addstr(e, "net/url: invalid control character in URL");
			return -1;
		}
	const char *rest = raw;
	size_t rn = un;
	/* scheme */
	for (size_t i = 0; i < un; i++) {
		char c = raw[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			continue;
		} else if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
			if (i == 0)
				break;
		} else if (c == ':') {
			if (i == 0) {
				strbuf_addstr(e, "missing protocol scheme");
				return -1;
			}
			for (size_t k = 0; k < i; k++)
				strbuf_addch(&u->scheme, (c = raw[k]) >= 'A' && c <= 'Z' ? c + 32 : c);
			rest = raw + i + 1;
			rn = un - i - 1;
			break;
		} else {
			break;
		}
	}
	const char *q = memchr(rest, '?', rn);
	if (q) {
		strbuf_add(&u->query, q + 1, rn - (size_t)(q - rest) - 1);
		rn = (size_t)(q - rest);
	}
	if (!(rn > 0 && rest[0] == '/')) {
		if (u->scheme.len) {
			strbuf_add(&u->opaque, rest, rn);
			goto frag;
		}
		const char *sl = memchr(rest, '/', rn);
		size_t segn = sl ? (size_t)(sl - rest) : rn;
		if (memchr(rest, ':', segn)) {
			strbuf_addstr(e, "first path segment in URL cannot contain colon");
			return -1;
		}
	}
	if ((u->scheme.len || !(rn >= 3 && !memcmp(rest, "///", 3))) && rn >= 2 && !memcmp(rest, "//", 2)) {
		const char *a = rest + 2;
		size_t an = rn - 2;
		const char *sl = memchr(a, '/', an);
		size_t authn = sl ? (size_t)(sl - a) : an;
		const char *at = NULL;
		for (size_t i = authn; i > 0; i--)
			if (a[i - 1] == '@') {
				at = a + i - 1;
				break;
			}
		const char *h = a;
		size_t hn = authn;
		if (at) {
			const char *ui = a;
			size_t uin = (size_t)(at - a);
			for (size_t i = 0; i < uin; i++) {
				char c = ui[i];
				if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				      (c && strchr("-._:~!$&'()*+,;=%@", c)))) {
					strbuf_addstr(e, "net/url: invalid userinfo");
					return -1;
				}
			}
			const char *colon = memchr(ui, ':', uin);
			size_t namen = colon ? (size_t)(colon - ui) : uin;
			if (url_unescape(&u->user, ui, namen, E_USERPASS, e))
				return -1;
			u->has_user = 1;
			if (colon) {
				if (url_unescape(&u->pass, colon + 1, uin - namen - 1, E_USERPASS, e))
					return -1;
				u->has_pass = 1;
			}
			h = at + 1;
			hn = authn - (size_t)(h - a);
		}
		/* host */
		if (hn && h[0] == '[') {
			const char *rb = memchr(h, ']', hn);
			if (!rb) {
				strbuf_addstr(e, "missing ']' in host");
				return -1;
			}
			const char *port = rb + 1;
			size_t pn = hn - (size_t)(port - h);
			if (pn && (port[0] != ':' )) {
				strbuf_addstr(e, "invalid port ");
				go_quote(e, port, pn);
				strbuf_addstr(e, " after host");
				return -1;
			}
			for (size_t i = 1; i < pn; i++)
				if (port[i] < '0' || port[i] > '9') {
					strbuf_addstr(e, "invalid port ");
					go_quote(e, port, pn);
					strbuf_addstr(e, " after host");
					return -1;
				}
			strbuf_add(&u->host, h, hn);
		} else {
			const char *colon = NULL;
			for (size_t i = hn; i > 0; i--)
				if (h[i - 1] == ':') {
					colon = h + i - 1;
					break;
				}
			if (colon) {
				size_t pn = hn - (size_t)(colon - h);
				for (size_t i = 1; i < pn; i++)
					if (colon[i] < '0' || colon[i] > '9') {
						strbuf_addstr(e, "invalid port ");
						go_quote(e, colon, pn);
						strbuf_addstr(e, " after host");
						return -1;
					}
			}
			if (url_unescape(&u->host, h, hn, E_HOST, e))
				return -1;
		}
		rest = a + authn;
		rn = an - authn;
	}
	if (url_unescape(&u->path, rest, rn, E_PATH, e))
		return -1;
frag:
	if (hash && url_unescape(&u->frag, hash + 1, n - un - 1, E_FRAGMENT, e))
		return -1;
	return 0;
}

static struct tv *sb_tv(struct strbuf *b)
{
	return tv_strn(b->buf, b->len);
}

SF(sf_urlparse)
{
	struct url u;
	url_init(&u);
	struct strbuf e = STRBUF_INIT;
	if (parse(&u, ARG_S(0), ARG_SL(0), &e)) {
		struct strbuf m = STRBUF_INIT;
		strbuf_addstr(&m, "unable to parse url: parse ");
		go_quote(&m, ARG_S(0), ARG_SL(0));
		strbuf_addf(&m, ": %s", e.buf);
		kc_err_set(err, "%s", m.buf);
		strbuf_release(&m);
		strbuf_release(&e);
		url_release(&u);
		return NULL;
	}
	strbuf_release(&e);
	struct tv *m = tv_map_new(NULL);
	tv_map_set_take(m, "scheme", sb_tv(&u.scheme));
	tv_map_set_take(m, "host", sb_tv(&u.host));
	/* Hostname(): host without port, brackets removed */
	{
		const char *h = u.host.buf;
		size_t hn = u.host.len;
		if (hn && h[0] == '[') {
			const char *rb = memchr(h, ']', hn);
			tv_map_set_take(m, "hostname", tv_strn(h + 1, rb ? (size_t)(rb - h - 1) : hn - 1));
		} else {
			const char *c = memrchr(h, ':', hn);
			tv_map_set_take(m, "hostname", tv_strn(h, c ? (size_t)(c - h) : hn));
		}
	}
	tv_map_set_take(m, "path", sb_tv(&u.path));
	tv_map_set_take(m, "query", sb_tv(&u.query));
	tv_map_set_take(m, "opaque", sb_tv(&u.opaque));
	tv_map_set_take(m, "fragment", sb_tv(&u.frag));
	struct strbuf ui = STRBUF_INIT;
	if (u.has_user) {
		url_escape(&ui, u.user.buf, u.user.len, E_USERPASS);
		if (u.has_pass) {
			strbuf_addch(&ui, ':');
			url_escape(&ui, u.pass.buf, u.pass.len, E_USERPASS);
		}
	}
	tv_map_set_take(m, "userinfo", tv_str_buf(&ui));
	url_release(&u);
	return m;
}

/* dictGetOrEmpty */
static int dget(const struct tv *d, const char *key, const char **s, size_t *n, struct kc_err *err)
{
	struct tv *v = tv_map_get(d, key);
	*s = "";
	*n = 0;
	if (!v)
		return 0;
	if (tv_is_nil(v)) {
		kc_err_set(err, "runtime error: invalid memory address or nil pointer dereference");
		return -1;
	}
	if (v->kind != TV_STRING) {
		kc_err_set(err, "unable to parse %s key, must be of type string, but %s found", key,
			   tv_kind_name(v));
		return -1;
	}
	*s = v->u.str.s;
	*n = v->u.str.len;
	return 0;
}

SF(sf_urljoin)
{
	const char *sc, *ho, *pa, *qu, *op, *fr, *ui;
	size_t scn, hon, pan, qun, opn, frn, uin;
	if (dget(argv[0], "scheme", &sc, &scn, err) || dget(argv[0], "host", &ho, &hon, err) ||
	    dget(argv[0], "path", &pa, &pan, err) || dget(argv[0], "query", &qu, &qun, err) ||
	    dget(argv[0], "opaque", &op, &opn, err) || dget(argv[0], "fragment", &fr, &frn, err) ||
	    dget(argv[0], "userinfo", &ui, &uin, err))
		return NULL;
	struct url user;
	url_init(&user);
	int has_user = 0;
	if (uin) {
		struct strbuf raw = STRBUF_INIT, e = STRBUF_INIT;
		strbuf_addstr(&raw, "proto://");
		strbuf_add(&raw, ui, uin);
		strbuf_addstr(&raw, "@host");
		int r = parse(&user, raw.buf, raw.len, &e);
		if (r) {
			struct strbuf m = STRBUF_INIT;
			strbuf_addstr(&m, "unable to parse userinfo in dict: parse ");
			go_quote(&m, raw.buf, raw.len);
			strbuf_addf(&m, ": %s", e.buf);
			kc_err_set(err, "%s", m.buf);
			strbuf_release(&m);
			strbuf_release(&raw);
			strbuf_release(&e);
			url_release(&user);
			return NULL;
		}
		has_user = user.has_user;
		strbuf_release(&raw);
		strbuf_release(&e);
	}
	struct strbuf o = STRBUF_INIT;
	if (scn) {
		strbuf_add(&o, sc, scn);
		strbuf_addch(&o, ':');
	}
	if (opn) {
		strbuf_add(&o, op, opn);
	} else {
		if (scn || hon || has_user) {
			if (hon || pan || has_user)
				strbuf_addstr(&o, "//");
			if (has_user) {
				url_escape(&o, user.user.buf, user.user.len, E_USERPASS);
				if (user.has_pass) {
					strbuf_addch(&o, ':');
					url_escape(&o, user.pass.buf, user.pass.len, E_USERPASS);
				}
				strbuf_addch(&o, '@');
			}
			if (hon)
				url_escape(&o, ho, hon, E_HOST);
		}
		struct strbuf path = STRBUF_INIT;
		url_escape(&path, pa, pan, E_PATH);
		if (path.len && path.buf[0] != '/' && hon)
			strbuf_addch(&o, '/');
		if (o.len == 0) {
			const char *sl = memchr(path.buf, '/', path.len);
			size_t segn = sl ? (size_t)(sl - path.buf) : path.len;
			if (memchr(path.buf, ':', segn))
				strbuf_addstr(&o, "./");
		}
		strbuf_addbuf(&o, &path);
		strbuf_release(&path);
	}
	if (qun) {
		strbuf_addch(&o, '?');
		strbuf_add(&o, qu, qun);
	}
	if (frn) {
		strbuf_addch(&o, '#');
		url_escape(&o, fr, frn, E_FRAGMENT);
	}
	url_release(&user);
	return tv_str_buf(&o);
}
