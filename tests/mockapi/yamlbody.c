/* yamlbody.c: YAML request bodies (application/yaml, application/apply-patch+yaml)
 * to JSON with libyaml's document API. Plain scalars resolve as sigs.k8s.io/yaml
 * would for the common cases: null/~/empty, true/false, integers, floats; quoted
 * and block scalars stay strings. Only the first document is used. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "tests/mockapi/mock.h"

static json_t *plain_scalar(const char *s, size_t n)
{
	char *v = xstrndup(s, n);
	json_t *j = NULL;
	if (n == 0 || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	    !strcmp(v, "NULL"))
		j = json_null();
	else if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE"))
		j = json_true();
	else if (!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE"))
		j = json_false();
	else {
		char *end;
		errno = 0;
		long long ll = strtoll(v, &end, 10);
		if (*v && !*end && errno == 0 && (isdigit((unsigned char)v[0]) || v[0] == '-' || v[0] == '+'))
			j = json_integer(ll);
		else {
			double d = strtod(v, &end);
			if (*v && !*end && (isdigit((unsigned char)v[0]) || v[0] == '-' || v[0] == '.' ||
					    v[0] == '+'))
				j = json_real(d);
		}
	}
	if (!j)
		j = json_stringn(s, n);
	free(v);
	return j;
}

static json_t *node_json(yaml_document_t *doc, yaml_node_t *node, int depth)
{
	if (!node || depth > 100)
		return NULL;
	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)node->data.scalar.value;
		size_t n = node->data.scalar.length;
		if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			return plain_scalar(s, n);
		return json_stringn(s, n);
	}
	case YAML_SEQUENCE_NODE: {
		json_t *a = json_array();
		for (yaml_node_item_t *it = node->data.sequence.items.start;
		     it < node->data.sequence.items.top; it++) {
			json_t *v = node_json(doc, yaml_document_get_node(doc, *it), depth + 1);
			if (!v) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, v);
		}
		return a;
	}
	case YAML_MAPPING_NODE: {
		json_t *o = json_object();
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
		     p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			if (!k || k->type != YAML_SCALAR_NODE) {
				json_decref(o);
				return NULL;
			}
			json_t *v = node_json(doc, yaml_document_get_node(doc, p->value), depth + 1);
			if (!v) {
				json_decref(o);
				return NULL;
			}
			char *key = xstrndup((const char *)k->data.scalar.value, k->data.scalar.length);
			json_object_set_new(o, key, v);
			free(key);
		}
		return o;
	}
	default:
		return NULL;
	}
}

json_t *yaml_body_to_json(const char *buf, size_t len, char *err, size_t errlen)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser)) {
		snprintf(err, errlen, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(err, errlen, "error converting YAML to JSON: yaml: line %zu: %s",
			parser.problem_mark.line + 1, parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		return NULL;
	}
	json_t *j = node_json(&doc, yaml_document_get_root_node(&doc), 0);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (!j)
		snprintf(err, errlen, "error converting YAML to JSON: unsupported YAML");
	return j;
}
