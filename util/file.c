#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fd_read_all(int fd, struct strbuf *out, size_t cap)
{
	size_t start = out->len;
	for (;;) {
		strbuf_grow(out, 65536);
		ssize_t n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
		if (out->len - start > cap) {
			errno = EFBIG;
			return -1;
		}
	}
	return 0;
}

int file_read(const char *path, struct strbuf *out, struct kc_err *err)
{
	if (!strcmp(path, "-")) {
		if (fd_read_all(0, out, KC_FILE_MAX) < 0)
			return kc_err_set(err, "read /dev/stdin: %s", go_errno_str(errno));
		return 0;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kc_err_set(err, "open %s: %s", path, go_errno_str(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return kc_err_set(err, "read %s: is a directory", path);
	}
	int rc = fd_read_all(fd, out, KC_FILE_MAX);
	int e = errno;
	close(fd);
	if (rc < 0)
		return kc_err_set(err, "read %s: %s", path, go_errno_str(e));
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		      struct kc_err *err)
{
	char *dir = path_dirname(path);
	char *base = path_basename(path);
	char *tmp = xasprintf("%s/.%s.tmp.XXXXXX", dir, base);
	int ret = -1;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		kc_err_set(err, "open %s: %s", path, go_errno_str(errno));
		goto cleanup;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			kc_err_set(err, "write %s: %s", path, go_errno_str(errno));
			close(fd);
			unlink(tmp);
			goto cleanup;
		}
		p += n;
		left -= (size_t)n;
	}
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0 || close(fd) < 0) {
		kc_err_set(err, "write %s: %s", path, go_errno_str(errno));
		unlink(tmp);
		goto cleanup;
	}
	if (rename(tmp, path) < 0) {
		kc_err_set(err, "rename %s: %s", path, go_errno_str(errno));
		unlink(tmp);
		goto cleanup;
	}
	ret = 0;
cleanup:
	free(tmp);
	free(dir);
	free(base);
	return ret;
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, mode);
	free(p);
	return rc < 0 && errno != EEXIST ? -1 : 0;
}

int path_is_abs(const char *p)
{
	return p[0] == '/';
}

char *path_clean(const char *path)
{
	/* Go's filepath.Clean (Unix): lexical processing per Rob Pike's rules. */
	if (!*path)
		return xstrdup(".");
	int rooted = path[0] == '/';
	size_t n = strlen(path);
	char *out = xmalloc(n + 2);
	size_t w = 0, r = 0, dotdot = 0;
	if (rooted) {
		out[w++] = '/';
		r = 1;
		dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			for (; r < n && path[r] != '/'; r++)
				out[w++] = path[r];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

char *path_join(const char *dir, const char *name)
{
	if (!*dir)
		return path_clean(name);
	if (!*name)
		return path_clean(dir);
	char *j = xasprintf("%s/%s", dir, name);
	char *c = path_clean(j);
	free(j);
	return c;
}

char *path_dirname(const char *p)
{
	const char *slash = strrchr(p, '/');
	if (!slash)
		return xstrdup(".");
	char *d = xstrndup(p, (size_t)(slash - p + 1));
	char *c = path_clean(d);
	free(d);
	return c;
}

char *path_basename(const char *p)
{
	if (!*p)
		return xstrdup(".");
	size_t n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (!n)
		return xstrdup("/");
	size_t s = n;
	while (s > 0 && p[s - 1] != '/')
		s--;
	return xstrndup(p + s, n - s);
}

char *path_abs(const char *p)
{
	if (path_is_abs(p))
		return path_clean(p);
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		return path_clean(p);
	return path_join(cwd, p);
}

const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}
