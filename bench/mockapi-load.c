/* bench/mockapi-load.c: a tiny HTTP load generator for bench/mockapi.sh (libcurl,
 * one keep-alive connection per thread). Built by the script, not by make.
 *
 *   mockapi-load get URL THREADS SECONDS [TOKEN]   → "N requests, R req/s, E errors"
 *   mockapi-load once URL [TOKEN]                  → "SECONDS BYTES" of one GET */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *url, *token;
static double seconds;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
	*(size_t *)ud += sz * n;
	(void)p;
	return sz * n;
}

struct res {
	long ok, err;
};

static CURL *handle(size_t *bytes, struct curl_slist **hdrs)
{
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, bytes);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	*hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (token) {
		char h[512];
		snprintf(h, sizeof(h), "Authorization: Bearer %s", token);
		*hdrs = curl_slist_append(*hdrs, h);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
	return c;
}

static void *worker(void *arg)
{
	struct res *r = arg;
	size_t bytes = 0;
	struct curl_slist *h;
	CURL *c = handle(&bytes, &h);
	double end = now() + seconds;
	while (now() < end) {
		long code = 0;
		if (curl_easy_perform(c) == CURLE_OK &&
		    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK && code == 200)
			r->ok++;
		else
			r->err++;
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mockapi-load get URL THREADS SECONDS [TOKEN] | once URL [TOKEN]\n");
		return 2;
	}
	curl_global_init(CURL_GLOBAL_ALL);
	url = argv[2];
	if (!strcmp(argv[1], "once")) {
		token = argc > 3 ? argv[3] : NULL;
		size_t bytes = 0;
		struct curl_slist *h;
		CURL *c = handle(&bytes, &h);
		double t0 = now();
		CURLcode rc = curl_easy_perform(c);
		double t1 = now();
		printf("%.3f %zu\n", t1 - t0, bytes);
		curl_easy_cleanup(c);
		curl_slist_free_all(h);
		return rc == CURLE_OK ? 0 : 1;
	}
	if (argc < 5)
		return 2;
	int nt = atoi(argv[3]);
	seconds = atof(argv[4]);
	token = argc > 5 ? argv[5] : NULL;
	if (nt < 1 || nt > 64)
		nt = 2;
	pthread_t th[64];
	struct res rs[64];
	memset(rs, 0, sizeof(rs));
	double t0 = now();
	for (int i = 0; i < nt; i++)
		pthread_create(&th[i], NULL, worker, &rs[i]);
	long ok = 0, err = 0;
	for (int i = 0; i < nt; i++) {
		pthread_join(th[i], NULL);
		ok += rs[i].ok;
		err += rs[i].err;
	}
	double dt = now() - t0;
	printf("%ld requests in %.2f s: %.0f req/s, %ld errors\n", ok, dt, ok / dt, err);
	curl_global_cleanup();
	return 0;
}
