/*
 * check_conf.c - the nfsen.conf and sen.yaml readers (lib/conf).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/value.h"
#include "testutil.h"
#include "util/alloc.h"

#define CONF_DIR TOP_SRCDIR "/tests/unit/conf"

static const char *write_tmp(const char *name, const char *text)
{
	static char path[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tu_tmpdir("conf"), name);
	f = fopen(path, "w");
	ck_assert(f != NULL);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Read text as Perl into a fresh tree; returns the tree or NULL (err set). */
static struct conf_value *perl(const char *text, struct flow_err *err)
{
	struct conf_value *root = conf_hash();
	int rc = conf_read_perl(root, NULL, "t.conf", text, strlen(text), err);

	if (rc < 0) {
		conf_value_free(root);
		return NULL;
	}
	return root;
}

START_TEST(docker_conf)
{
	struct sen_conf c;
	struct flow_err err = { 0 };
	const struct conf_value *pc;

	ck_assert_int_eq(sen_conf_load(&c, CONF_DIR "/docker.conf", &err), 0);
	ck_assert_str_eq(c.basedir, "/data/nfsen");
	ck_assert_str_eq(c.bindir, "/data/nfsen/bin");
	ck_assert_str_eq(c.htmldir, "/var/www/nfsen/");
	ck_assert_str_eq(c.frontend_plugindir, "/var/www/nfsen//plugins");
	/* derived after the file ran */
	ck_assert_str_eq(c.piddir, "/data/nfsen/var/run");
	ck_assert_str_eq(c.commsocket, "/data/nfsen/var/run/nfsen.comm");
	ck_assert_str_eq(c.filterdir, "/data/nfsen/var/filters");
	ck_assert_str_eq(c.formatdir, "/data/nfsen/var/fmt");
	ck_assert_str_eq(c.picdir, "/data/nfsen/plugins");
	ck_assert_str_eq(c.extensions, "");
	/* numeric compression settings mean lz4 */
	ck_assert_str_eq(c.zipcollected, "-z=lz4");
	ck_assert_str_eq(c.zipprofiles, "-z=lz4");
	ck_assert_str_eq(c.user, "netflow");
	ck_assert_str_eq(c.wwwgroup, "www-data");
	ck_assert_int_eq(c.bufflen, 200000);
	ck_assert_int_eq(c.subdirlayout, 1);
	ck_assert_int_eq(c.profilers, 2);
	ck_assert_int_eq(c.cycletime, 300);
	ck_assert_int_eq(c.refresh, 300);
	ck_assert_int_eq(c.low_water, 90);
	ck_assert_str_eq(c.mail_from, "alerts@example.net");
	ck_assert_str_eq(c.mail_body, "\nAlert '@alert@' triggered at timeslot @timeslot@\n");
	/* sources in file order, type defaulting to netflow */
	ck_assert_uint_eq(c.nsources, 5);
	ck_assert_str_eq(c.sources[0].ident, "ipfix-global");
	ck_assert_uint_eq(c.sources[0].port, 4739);
	ck_assert_str_eq(c.sources[1].type, "sflow");
	ck_assert_str_eq(c.sources[2].col, "#0000ff");
	ck_assert_str_eq(c.sources[3].type, "netflow");
	ck_assert_str_eq(c.sources[4].ip, "172.16.17.19");
	ck_assert_ptr_null(c.sources[0].ip);
	ck_assert_int_eq(sen_conf_check_sources(&c, &err), 0);
	/* plugins and the opaque %PluginConf */
	ck_assert_uint_eq(c.nplugins, 2);
	ck_assert_str_eq(c.plugins[1].profiles, "*");
	ck_assert_str_eq(c.plugins[1].module, "Porttracker");
	pc = conf_hash_get(c.file, "PluginConf");
	ck_assert_ptr_nonnull(pc);
	ck_assert_str_eq(conf_hash_str(conf_hash_get(conf_hash_get(pc, "demoplugin"), "param1"), "key"),
			 "value");
	ck_assert_str_eq(conf_hash_get(pc, "otherplugin")->items[0]->str, "mary had a little lamb");
	sen_conf_free(&c);
}
END_TEST

START_TEST(defaults_and_presets)
{
	struct sen_conf c;
	struct flow_err err = { 0 };
	const char *p = write_tmp("min.conf",
				  "$BASEDIR = '/srv/n';\n"
				  "$X = \"$PREFIX:$USER:${WWWGROUP}\";\n"
				  "$ZIPcollected = '';\n$ZIPprofiles = '-z=zstd:5';\n"
				  "$EXTENSIONS = 'all';\n1;\n");

	ck_assert_int_eq(sen_conf_load(&c, p, &err), 0);
	/* interpolation sees nfsen's presets */
	ck_assert_str_eq(conf_hash_str(c.file, "X"), "/usr/local/bin:nobody:www");
	ck_assert_str_eq(c.zipcollected, "");
	ck_assert_str_eq(c.zipprofiles, "-z=zstd:5");
	ck_assert_str_eq(c.extensions, "-T all");
	ck_assert_str_eq(c.profilestatdir, "/srv/n/profiles-stat");
	ck_assert_str_eq(c.htmldir, "/var/www/htdocs/nfsen");
	ck_assert_int_eq(c.disklimit, 98);
	ck_assert_int_eq(c.profilers, 1);
	ck_assert_int_eq(c.subdirlayout, 0);
	ck_assert_int_eq(c.bufflen, 0);
	ck_assert_uint_eq(c.nsources, 0);
	/* the file tree holds only what the file set */
	ck_assert_ptr_null(conf_hash_get(c.file, "PREFIX"));
	sen_conf_free(&c);
}
END_TEST

struct lit {
	const char *src, *want;
};

static const struct lit literals[] = {
	{ "'a\\'b\\\\c\\n'", "a'b\\c\\n" },
	{ "\"a\\tb\\\"c\\$d\"", "a\tb\"c$d" },
	{ "\"x@y.z\"", "x.z" },			/* Perl interpolates @y */
	{ "\"x\\@y.z\"", "x@y.z" },
	{ "\"cost $\"", "cost $" },
	{ "q{a {nested} b}", "a {nested} b" },
	{ "q(a (b) c)", "a (b) c" },
	{ "q!x!", "x" },
	{ "qq{${A}-$A}", "1-1" },
	{ "200000", "200000" },
	{ "1_000", "1000" },
	{ "1.50", "1.5" },
	{ "0x1f", "31" },
	{ "0755", "493" },
	{ "-3", "-3" },
	{ "'a' . \"b\" . $A", "ab1" },
	{ "$UNSET", NULL },
	{ "undef", NULL },
};

START_TEST(perl_literals)
{
	const struct lit *l = &literals[_i];
	struct flow_err err = { 0 };
	char text[256];
	struct conf_value *root;

	snprintf(text, sizeof(text), "$A = 1;\n$V = %s;\n", l->src);
	root = perl(text, &err);
	ck_assert_msg(root != NULL, "%s: %s", l->src, err.msg);
	if (l->want)
		ck_assert_str_eq(conf_hash_str(root, "V"), l->want);
	else
		ck_assert_ptr_null(conf_hash_str(root, "V"));
	conf_value_free(root);
}
END_TEST

START_TEST(perl_structures)
{
	struct flow_err err = { 0 };
	struct conf_value *root = perl(
		"# comment\n%h = ( a => 1, 'b', [ 1, 2, ], c => { d => undef },,, );\n"
		"@l = ();\n$h{e} = 'x';\n$s{'k'} = 'v';\n1;\n", &err);
	const struct conf_value *h;

	ck_assert_msg(root != NULL, "%s", err.msg);
	h = conf_hash_get(root, "h");
	ck_assert_uint_eq(h->n, 4);
	ck_assert_str_eq(h->pairs[0].key, "a");
	ck_assert_uint_eq(conf_hash_get(h, "b")->n, 2);
	ck_assert_ptr_null(conf_hash_str(conf_hash_get(h, "c"), "d"));
	ck_assert_str_eq(conf_hash_str(h, "e"), "x");
	ck_assert_uint_eq(conf_hash_get(root, "l")->n, 0);
	ck_assert_str_eq(conf_hash_str(conf_hash_get(root, "s"), "k"), "v");
	conf_value_free(root);
}
END_TEST

struct bad {
	const char *src, *msg;
};

static const struct bad bad_perl[] = {
	{ "$A = 'x'\n$B = 2;", "t.conf line 2: expected ';' near \"$B = 2;\"" },
	{ "$A = \"open;\n\n", "t.conf line 3: string not terminated" },
	{ "%h = ( 'a' );", "t.conf line 1: odd number of elements in hash" },
	{ "%h = ( [1] => 2 );", "t.conf line 1: reference used as a hash key" },
	{ "system('rm -rf /');", "t.conf line 1: syntax error near \"system('rm -rf /');\"" },
	{ "$A == 1;", "t.conf line 1: expected '='" },
	{ "%h = 1;", "t.conf line 1: expected '('" },
	{ "@l = ( 1 2 );", "t.conf line 1: expected ',' or '=>'" },
	{ "$A = ${B};", "t.conf line 1: bad variable name" },
	{ "$A = \"${B\";", "t.conf line 1: bad ${...} in string" },
	{ "$A = ", "t.conf line 1: unexpected end of file" },
};

START_TEST(perl_errors)
{
	const struct bad *b = &bad_perl[_i];
	struct flow_err err = { 0 };
	struct conf_value *root = perl(b->src, &err);

	ck_assert_ptr_null(root);
	ck_assert_int_eq(err.code, FLOW_EFORMAT);
	ck_assert_msg(strncmp(err.msg, b->msg, strlen(b->msg)) == 0, "got '%s' want '%s'",
		      err.msg, b->msg);
}
END_TEST

START_TEST(load_errors)
{
	struct sen_conf c;
	struct flow_err err = { 0 };
	const char *p;

	ck_assert_int_eq(sen_conf_load(&c, "/nonexistent/nfsen.conf", &err), FLOW_ENOENT);
	ck_assert_str_eq(err.msg, "No NFSEN config file found.");
	p = write_tmp("bad.conf", "$A = 1;\n$B = (;\n");
	ck_assert_int_eq(sen_conf_load(&c, p, &err), FLOW_EFORMAT);
	ck_assert_msg(strstr(err.msg, "Errors in config file: ") == err.msg, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "bad.conf line 2: syntax error") != NULL, "%s", err.msg);
	p = write_tmp("bad.yaml", "a: [1, 2\nb: 3\n");
	ck_assert_int_eq(sen_conf_load(&c, p, &err), FLOW_EFORMAT);
	ck_assert_msg(strstr(err.msg, "Errors in config file: ") == err.msg, "%s", err.msg);
	p = write_tmp("list.yaml", "- a\n- b\n");
	ck_assert_int_eq(sen_conf_load(&c, p, &err), FLOW_EFORMAT);
	ck_assert_msg(strstr(err.msg, "top level must be a mapping") != NULL, "%s", err.msg);
	p = write_tmp("src.conf", "%sources = ( a => 1 );\n");
	ck_assert_int_eq(sen_conf_load(&c, p, &err), FLOW_EFORMAT);
	ck_assert_msg(strstr(err.msg, "source 'a' is not a hash") != NULL, "%s", err.msg);
}
END_TEST

struct srcbad {
	const char *sources, *msg;
};

static const struct srcbad bad_sources[] = {
	{ "'a_very_long_ident_x1' => { port => 1 }",
	  "Error Ident: 'a_very_long_ident_x1': Source identifiers must be between 1 and 19 chars long!" },
	{ "'' => { port => 1 }",
	  "Error Ident: '': Source identifiers must be between 1 and 19 chars long!" },
	{ "'a.b' => { port => 1 }",
	  "Error Ident: 'a.b': Source identifiers must contain only characters [a-zA-Z0-9_-] !" },
	{ "a => { port => 1 }, b => { port => 1, IP => '1.2.3.4' }",
	  "Error: a missing parameter 'IP' for multiple sources collector." },
	{ "a => { port => 1, IP => '1.1.1.1' }, b => { port => 1, IP => '1.2.3.4', type => 'sflow' }",
	  "Can not start different type 'netflow' and 'sflow' on same port!" },
	{ "a => { port => 1, type => 'bogus' }", "Source 'a': unknown collector for type 'bogus'" },
};

START_TEST(source_checks)
{
	const struct srcbad *b = &bad_sources[_i];
	struct sen_conf c;
	struct flow_err err = { 0 };
	char text[512];

	snprintf(text, sizeof(text), "%%sources = ( %s );\n1;\n", b->sources);
	ck_assert_int_eq(sen_conf_load(&c, write_tmp("s.conf", text), &err), 0);
	ck_assert_int_eq(sen_conf_check_sources(&c, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, b->msg);
	sen_conf_free(&c);
}
END_TEST

/* Perl -> YAML -> tree gives the same tree, and YAML loads the same config. */
START_TEST(yaml_round_trip)
{
	struct sen_conf a, b;
	struct flow_err err = { 0 };
	char path[1200];
	FILE *f;
	size_t i;

	ck_assert_int_eq(sen_conf_load(&a, CONF_DIR "/docker.conf", &err), 0);
	snprintf(path, sizeof(path), "%s/docker.yaml", tu_tmpdir("conf"));
	f = fopen(path, "w");
	ck_assert_int_eq(conf_write_yaml(a.file, f, &err), 0);
	fclose(f);
	ck_assert_msg(sen_conf_load(&b, path, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(a.file->n, b.file->n);
	for (i = 0; i < a.file->n; i++)
		ck_assert_str_eq(a.file->pairs[i].key, b.file->pairs[i].key);
	ck_assert_str_eq(b.mail_body, a.mail_body);
	ck_assert_str_eq(b.commsocket, a.commsocket);
	ck_assert_str_eq(b.zipcollected, "-z=lz4");
	ck_assert_uint_eq(b.nsources, 5);
	ck_assert_str_eq(b.sources[4].ip, "172.16.17.19");
	ck_assert_str_eq(b.sources[1].col, "#0000ff");
	ck_assert_uint_eq(b.nplugins, 2);
	ck_assert_str_eq(conf_hash_get(conf_hash_get(b.file, "PluginConf"), "otherplugin")->items[0]->str,
			 "mary had a little lamb");
	sen_conf_free(&a);
	sen_conf_free(&b);
}
END_TEST

START_TEST(yaml_scalars)
{
	struct sen_conf c;
	struct flow_err err = { 0 };
	const char *p = write_tmp("s.yaml",
				  "BASEDIR: /srv/x\nUSER: ~\nWWWGROUP: \"~\"\nZIPcollected: 0\n"
				  "sources:\n  edge-1: {port: 2055, col: '#112233'}\n");

	ck_assert_int_eq(sen_conf_load(&c, p, &err), 0);
	ck_assert_str_eq(c.vardir, "/srv/x/var");
	ck_assert_ptr_null(c.user);		/* undef, as in Perl */
	ck_assert_str_eq(c.wwwgroup, "~");	/* a quoted string stays a string */
	ck_assert_str_eq(c.zipcollected, "-z=lz4");
	ck_assert_str_eq(c.sources[0].ident, "edge-1");
	ck_assert_uint_eq(c.sources[0].port, 2055);
	sen_conf_free(&c);
}
END_TEST

START_TEST(locate)
{
	struct flow_err err = { 0 };

	ck_assert_str_eq(sen_conf_locate("/x/cli.conf", &err), "/x/cli.conf");
	setenv("SEN_CONFIG", "/x/env.yaml", 1);
	ck_assert_str_eq(sen_conf_locate(NULL, &err), "/x/env.yaml");
	ck_assert_str_eq(sen_conf_locate("/x/cli.conf", &err), "/x/cli.conf");
	unsetenv("SEN_CONFIG");
}
END_TEST

/* Every allocation failure is reported and leaks nothing (ASan checks). */
START_TEST(alloc_failures)
{
	struct sen_conf c;
	struct flow_err err = { 0 };
	long n;
	int rc;

	for (n = 1;; n++) {
		flow_alloc_fail_at(n, 1);
		rc = sen_conf_load(&c, CONF_DIR "/docker.conf", &err);
		flow_alloc_fail_at(0, 0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, FLOW_ENOMEM);
	}
	ck_assert_int_gt(n, 50);
	sen_conf_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf");
	TCase *t = tcase_create("conf");

	tcase_add_test(t, docker_conf);
	tcase_add_test(t, defaults_and_presets);
	tcase_add_loop_test(t, perl_literals, 0, sizeof(literals) / sizeof(literals[0]));
	tcase_add_test(t, perl_structures);
	tcase_add_loop_test(t, perl_errors, 0, sizeof(bad_perl) / sizeof(bad_perl[0]));
	tcase_add_test(t, load_errors);
	tcase_add_loop_test(t, source_checks, 0, sizeof(bad_sources) / sizeof(bad_sources[0]));
	tcase_add_test(t, yaml_round_trip);
	tcase_add_test(t, yaml_scalars);
	tcase_add_test(t, locate);
	tcase_add_test(t, alloc_failures);
	suite_add_tcase(s, t);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
