/*
 * yamlconf.c - sen.yaml: the nfsen.conf keys as YAML (libyaml).
 *
 * The root is a mapping from nfsen.conf variable names (BASEDIR, sources,
 * plugins, PluginConf, ...) to values; mappings become hashes, sequences
 * arrays, and every scalar a string, so a value reads the same whichever
 * file it came from.  `~`/null is Perl's undef.  No interpolation: a YAML
 * file spells its paths out (config-convert writes them resolved).
 */
#include <string.h>
#include <yaml.h>

#include "conf/conf.h"
#include "conf/value.h"
#include "util/err.h"

/* Deeper than any real config; stops alias cycles and stack exhaustion. */
#define YAML_MAX_DEPTH 64

static int is_null_scalar(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0 || s[0] == '\0';
}

static struct conf_value *yaml_to_value(yaml_document_t *doc, yaml_node_t *n,
					int depth, const char *path,
					struct flow_err *err)
{
	struct conf_value *v = NULL;
	yaml_node_item_t *it;
	yaml_node_pair_t *pr;

	if (!n || depth > YAML_MAX_DEPTH) {
		flow_errorf(err, FLOW_EFORMAT, "%s: nesting too deep", path);
		return NULL;
	}
	switch (n->type) {
	case YAML_SCALAR_NODE:
		v = is_null_scalar(n) ? conf_scalar(NULL) :
			conf_scalar_n((const char *)n->data.scalar.value, n->data.scalar.length);
		break;
	case YAML_SEQUENCE_NODE:
		v = conf_array();
		for (it = n->data.sequence.items.start; v && it < n->data.sequence.items.top; it++) {
			struct conf_value *c = yaml_to_value(doc, yaml_document_get_node(doc, *it),
							     depth + 1, path, err);
			if (!c || conf_array_push(v, c)) {
				conf_value_free(v);
				return NULL;
			}
		}
		break;
	case YAML_MAPPING_NODE:
		v = conf_hash();
		for (pr = n->data.mapping.pairs.start; v && pr < n->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(doc, pr->key);
			struct conf_value *c;

			if (!k || k->type != YAML_SCALAR_NODE) {
				flow_errorf(err, FLOW_EFORMAT, "%s line %lu: mapping key is not a string",
					    path, k ? (unsigned long)k->start_mark.line + 1 : 0UL);
				conf_value_free(v);
				return NULL;
			}
			c = yaml_to_value(doc, yaml_document_get_node(doc, pr->value),
					  depth + 1, path, err);
			if (!c || conf_hash_set(v, (const char *)k->data.scalar.value, c)) {
				conf_value_free(v);
				return NULL;
			}
		}
		break;
	default:
		flow_errorf(err, FLOW_EFORMAT, "%s: empty YAML node", path);
		return NULL;
	}
	if (!v && (!err || !err->code))
		flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
	return v;
}

int conf_read_yaml(struct conf_value *root, const char *path, const char *text,
		   size_t len, struct flow_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *top;
	struct conf_value *v;
	size_t i;
	int rc = 0;

	if (err)
		err->code = 0;
	if (!yaml_parser_initialize(&parser))
		return flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = flow_errorf(err, FLOW_EFORMAT, "%s line %lu: %s", path,
				 (unsigned long)parser.problem_mark.line + 1,
				 parser.problem ? parser.problem : "YAML error");
		yaml_parser_delete(&parser);
		return rc;
	}
	top = yaml_document_get_root_node(&doc);
	if (top && top->type != YAML_MAPPING_NODE) {
		rc = flow_errorf(err, FLOW_EFORMAT, "%s: the top level must be a mapping", path);
	} else if (top) {
		v = yaml_to_value(&doc, top, 0, path, err);
		if (!v) {
			rc = err && err->code ? err->code : FLOW_ENOMEM;
		} else {
			for (i = 0; i < v->n && rc == 0; i++) {
				if (conf_hash_set(root, v->pairs[i].key, v->pairs[i].val))
					rc = flow_errorf(err, FLOW_ENOMEM, "%s: out of memory", path);
				v->pairs[i].val = NULL;
			}
			conf_value_free(v);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

/* Strings a YAML reader would take for null must stay strings. */
static int looks_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

static int emit_scalar(yaml_emitter_t *em, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;

	if (!s) {
		s = "~";
		style = YAML_PLAIN_SCALAR_STYLE;
	} else if (looks_null(s)) {
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	} else if (strchr(s, '\n')) {
		style = YAML_LITERAL_SCALAR_STYLE;
	}
	return yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					    (int)strlen(s), 1, 1, style) &&
	       yaml_emitter_emit(em, &ev);
}

static int emit_value(yaml_emitter_t *em, const struct conf_value *v, int depth)
{
	yaml_event_t ev;
	size_t i;
	int flow = depth > 1;	/* small inner hashes read best on one line */

	if (v->type == CONF_SCALAR)
		return emit_scalar(em, v->str);
	if (v->type == CONF_ARRAY) {
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
				flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (i = 0; i < v->n; i++)
			if (!emit_value(em, v->items[i], depth + 1))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
			flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE) ||
	    !yaml_emitter_emit(em, &ev))
		return 0;
	for (i = 0; i < v->n; i++)
		if (!emit_scalar(em, v->pairs[i].key) || !emit_value(em, v->pairs[i].val, depth + 1))
			return 0;
	return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
}

int conf_write_yaml(const struct conf_value *root, FILE *out, struct flow_err *err)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&em))
		return flow_errorf(err, FLOW_ENOMEM, "YAML emitter: out of memory");
	yaml_emitter_set_output_file(&em, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 100);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	     yaml_emitter_emit(&em, &ev) &&
	     yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) &&
	     yaml_emitter_emit(&em, &ev) &&
	     emit_value(&em, root, 0) &&
	     yaml_document_end_event_initialize(&ev, 1) &&
	     yaml_emitter_emit(&em, &ev) &&
	     yaml_stream_end_event_initialize(&ev) &&
	     yaml_emitter_emit(&em, &ev);
	if (!ok) {
		flow_errorf(err, FLOW_EIO, "YAML output: %s",
			    em.problem ? em.problem : "write failed");
		yaml_emitter_delete(&em);
		return FLOW_EIO;
	}
	yaml_emitter_delete(&em);
	return 0;
}
