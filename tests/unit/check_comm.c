/*
 * check_comm.c - the nfsend request framing (lib/comm/proto.c).  Expected
 * bytes are nfsend 1.3.11's, from reference/nfsend-transcripts.md §1 and
 * §3.16 (raw protocol probes), or from its argument rules (nfsen.md §5.1).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "comm/proto.h"
#include "testutil.h"

static int known(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "get-profile") == 0 || strcmp(name, "get-picture") == 0 ||
	       strcmp(name, "add-channel") == 0 || strcmp(name, "demo::") == 0 ||
	       strcmp(name, "demo::run") == 0;
}

/*
 * Feed text (lines separated by \n) to a fresh connection; decode every
 * complete request; return everything written, and the last decode result
 * and request in *rc / *req (the caller frees req).
 */
static char *run(const char *text, enum comm_decode_result *rc, struct comm_request *req)
{
	struct comm_conn c;
	const char *s = text, *nl;
	char *out;

	comm_conn_init(&c);
	*rc = COMM_NOTHING;
	memset(req, 0, sizeof(*req));
	while ((nl = strchr(s, '\n')) != NULL) {
		enum comm_line_result r = comm_conn_line(&c, s, (size_t)(nl - s));

		ck_assert_int_ne(r, COMM_ERROR);
		if (r == COMM_REQUEST) {
			comm_request_free(req);
			*rc = comm_conn_decode(&c, req, known, NULL);
		}
		s = nl + 1;
	}
	out = strdup(c.out.buf ? c.out.buf : "");
	comm_conn_free(&c);
	return out;
}

struct exchange {
	const char *request, *reply;
	enum comm_decode_result rc;
};

static const struct exchange exchanges[] = {
	/* §3.16: a lone "." gets no reply at all */
	{ ".\n", "", COMM_NOTHING },
	{ ".\nno-such-command\n.\n",
	  ".Command is 'no-such-command' binary mode: 0\n.\nERR Command unknown: 'no-such-command'\n",
	  COMM_REPLIED },
	{ "get-profile\nab=1\n.\n",
	  ".Command is 'get-profile' binary mode: 0\n.\nERR key format error\n", COMM_REPLIED },
	{ ".debug=1\n", "INFO Set debug to 1\n", COMM_NOTHING },
	{ ".timeout=20\n", "INFO Set timeout to 20\n", COMM_NOTHING },
	{ ".bogus=1\n", "INFO Unknown internal: 'bogus=1'\n", COMM_NOTHING },
	/* §3.1: the 47-byte reply to quit */
	{ "quit\n.\n", ".Command is 'quit' binary mode: 0\n.\nOK Bye Bye\n", COMM_QUIT },
	{ "\n.\n", ".\nOK I'm here\n", COMM_REPLIED },
	{ "get-profile\nprofile=./zone1_profile\n.\n",
	  ".Command is 'get-profile' binary mode: 0\n.Key: 'profile', value: './zone1_profile'\n",
	  COMM_DISPATCH },
	/* array arguments echo under the key without '_', in order */
	{ "add-channel\nchannel=z/ssh\n_filter=port 22\n_filter=or port 2222\n.\n",
	  ".Command is 'add-channel' binary mode: 0\n.Key: 'channel', value: 'z/ssh'\n"
	  ".Key: 'filter', value: 'port 22'\n.Key: 'filter', value: 'or port 2222'\n",
	  COMM_DISPATCH },
	/* an argument on the command line itself */
	{ "get-profile profile=live\n.\n",
	  ".Command is 'get-profile' binary mode: 0\n.Key: 'profile', value: 'live'\n",
	  COMM_DISPATCH },
	{ "get-profile\nprofile=a\n_profile=b\n.\n",
	  ".Command is 'get-profile' binary mode: 0\n.\nERR tried to assign an array entry to a scalar element\n",
	  COMM_REPLIED },
	{ "get-profile\n_profile=a\nprofile=b\n.\n",
	  ".Command is 'get-profile' binary mode: 0\n.\nERR tried to assign a scalar entry to an array entry\n",
	  COMM_REPLIED },
	{ "get-profile\nprofile\n.\n",
	  ".Command is 'get-profile' binary mode: 0\n.\nERR key format error\n", COMM_REPLIED },
	/* binary commands and .silent: no echo */
	{ "@get-picture\nprofile=./live\npicture=flows-day.png\n.\n", "", COMM_DISPATCH },
	{ ".silent=1\nget-profile\nprofile=live\n.\n", "", COMM_DISPATCH },
	{ ".silent=1\n.timeout=5\n", "", COMM_NOTHING },
	/* plugins */
	{ "demo::run\n.\n", ".Command is 'demo::run' binary mode: 0\n", COMM_DISPATCH },
	{ "demo::nope\n.\n",
	  ".Command is 'demo::nope' binary mode: 0\n.\nERR Plugin 'demo' command unknown: 'nope'\n",
	  COMM_REPLIED },
	{ "other::run\n.\n",
	  ".Command is 'other::run' binary mode: 0\n.\nERR Plugin 'other' unknown\n", COMM_REPLIED },
};

START_TEST(transcript_exchanges)
{
	const struct exchange *x = &exchanges[_i];
	enum comm_decode_result rc;
	struct comm_request req;
	char *out = run(x->request, &rc, &req);

	ck_assert_str_eq(out, x->reply);
	ck_assert_int_eq(rc, x->rc);
	free(out);
	comm_request_free(&req);
}
END_TEST

START_TEST(argument_values)
{
	enum comm_decode_result rc;
	struct comm_request req;
	char *out = run("get-profile\n  profile = ./x  \n.\nx\n", &rc, &req);

	free(out);
	ck_assert_int_eq(rc, COMM_DISPATCH);
	/* blanks after '=' go, the rest of the line stays */
	ck_assert_str_eq(conf_hash_str(req.args, "profile"), "./x  ");
	comm_request_free(&req);

	/* nfsend's greedy key: the last '=' of the first blank-free run splits */
	out = run("get-profile\nfilter=a=b\nargs=-o fmt:%sa=%da\n..\n.\n", &rc, &req);
	free(out);
	ck_assert_int_eq(rc, COMM_REPLIED);	/* ".." is the line ".": no '=' in it */
	comm_request_free(&req);
	out = run("get-profile\nfilter=a=b\nargs=-o fmt:%sa=%da\n.\n", &rc, &req);
	free(out);
	ck_assert_int_eq(rc, COMM_DISPATCH);
	ck_assert_str_eq(conf_hash_str(req.args, "filter=a"), "b");
	ck_assert_str_eq(conf_hash_str(req.args, "args"), "-o fmt:%sa=%da");
	ck_assert_str_eq(req.command, "get-profile");
	comm_request_free(&req);
}
END_TEST

START_TEST(value_limit)
{
	enum comm_decode_result rc;
	struct comm_request req;
	size_t n = 7 + COMM_VALUE_MAX + 1;
	char *text = malloc(n + 32), *out;

	strcpy(text, "get-profile\nprofile=");
	memset(text + strlen(text), 'v', COMM_VALUE_MAX);
	strcpy(text + 20 + COMM_VALUE_MAX, "\n.\n");
	out = run(text, &rc, &req);
	ck_assert_int_eq(rc, COMM_DISPATCH);
	free(out);
	comm_request_free(&req);
	strcpy(text + 20 + COMM_VALUE_MAX, "v\n.\n");
	out = run(text, &rc, &req);
	ck_assert_int_eq(rc, COMM_REPLIED);
	ck_assert_ptr_nonnull(strstr(out, ".\nERR value too long.\n"));
	free(out);
	comm_request_free(&req);
	free(text);
}
END_TEST

START_TEST(line_limit_and_state)
{
	struct comm_conn c;
	char *big = malloc(COMM_LINE_MAX + 2);

	comm_conn_init(&c);
	ck_assert_uint_eq(c.timeout, COMM_DEFAULT_TIMEOUT);
	ck_assert_int_eq(comm_conn_line(&c, ".timeout=25", 11), COMM_MORE);
	ck_assert_uint_eq(c.timeout, 25);
	ck_assert_int_eq(comm_conn_line(&c, "get-profile\r", 12), COMM_MORE);
	ck_assert_str_eq(c.lines[0], "get-profile");
	memset(big, 'x', COMM_LINE_MAX + 1);
	ck_assert_int_eq(comm_conn_line(&c, big, COMM_LINE_MAX + 1), COMM_ERROR);
	comm_conn_free(&c);
	/* many lines, each within the limit, still end at COMM_REQUEST_MAX */
	comm_conn_init(&c);
	{
		size_t total = 0;
		enum comm_line_result r = COMM_MORE;

		while (r == COMM_MORE && total < 2 * (size_t)COMM_REQUEST_MAX) {
			r = comm_conn_line(&c, big, COMM_LINE_MAX);
			total += COMM_LINE_MAX;
		}
		ck_assert_int_eq(r, COMM_ERROR);
		ck_assert_uint_le(total, (size_t)COMM_REQUEST_MAX + COMM_LINE_MAX);
	}
	comm_conn_free(&c);
	free(big);
}
END_TEST

START_TEST(reply_helpers)
{
	struct comm_out o = { 0 };

	comm_reply_kv(&o, "name", "live");
	comm_reply_array(&o, "channel", "a:+:#000000:1:a");
	comm_reply_status(&o, "OK", "Command completed");
	comm_reply_err(&o, "Profile '%s' does not exists", "x");
	ck_assert_str_eq(o.buf, "name=live\n_channel=a:+:#000000:1:a\n.\nOK Command completed\n"
				".\nERR Profile 'x' does not exists\n");
	comm_out_free(&o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("comm");
	TCase *t = tcase_create("comm");

	tcase_add_loop_test(t, transcript_exchanges, 0, sizeof(exchanges) / sizeof(exchanges[0]));
	tcase_add_test(t, argument_values);
	tcase_add_test(t, value_limit);
	tcase_add_test(t, line_limit_and_state);
	tcase_add_test(t, reply_helpers);
	suite_add_tcase(s, t);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
