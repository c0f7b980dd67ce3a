/*
 * check_alert.c - nfsen alerts (lib/alert): alert.dat as nfsen 1.3.11's
 * NfAlert.pm reads and writes it, sen's alert.status, the condition
 * arithmetic and the trigger state machine of RunPeriodic, the SMTP
 * dialogue against a scripted server, programs with a time limit.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "alert/alert.h"
#include "alert/plugin.h"
#include "alert/proc.h"
#include "alert/run.h"
#include "alert/smtp.h"
#include "testutil.h"
#include "util/alloc.h"

/* What nfsen writes for an alert added from the PHP frontend. */
static const char nfsen_dat[] =
	"# # \n"
	"\n"
	"name = hot\n"
	"status = enabled\n"
	"version = 130\n"
	"type = 0\n"
	"trigger_type = 0\n"
	"trigger_number = 2\n"
	"trigger_blocks = 3\n"
	"channellist = edge1|edge2\n"
	"action_type = 3\n"
	"action_email = a@example.org, b@localhost\n"
	"action_subject = Alert triggered\n"
	"action_system = /bin/true\n"
	"action_plugin = \n"
	"condition=0:0:0:0:0:10:0\n"
	"condition=1:2:2:1:0:50:5\n";

START_TEST(dat_parse)
{
	struct alert a;
	struct flow_err err = { 0 };

	ck_assert_int_eq(alert_init(&a), 0);
	ck_assert_int_eq(alert_parse(&a, nfsen_dat, strlen(nfsen_dat), &err), 0);
	ck_assert_str_eq(a.name, "hot");
	ck_assert_str_eq(a.status, "enabled");
	ck_assert_int_eq(a.version, 130);
	ck_assert_int_eq(a.trigger_number, 2);
	ck_assert_int_eq(a.trigger_blocks, 3);
	ck_assert_int_eq(a.action_type, 3);
	ck_assert_str_eq(a.channellist, "edge1|edge2");
	ck_assert_str_eq(a.action_email, "a@example.org, b@localhost");
	ck_assert_str_eq(a.action_plugin, "");
	ck_assert_uint_eq(a.ndescription, 1);
	/* "# # " is the description line "# " (nfsen's default AlertTag) */
	ck_assert_str_eq(a.description[0], "# ");
	ck_assert_uint_eq(a.ncondition, 2);
	ck_assert_str_eq(a.condition[1], "1:2:2:1:0:50:5");
	alert_free(&a);
}
END_TEST

START_TEST(dat_roundtrip)
{
	struct alert a, b;
	struct flow_err err = { 0 };
	char *text, *again;

	alert_init(&a);
	ck_assert_int_eq(alert_parse(&a, nfsen_dat, strlen(nfsen_dat), &err), 0);
	text = alert_format(&a);
	ck_assert_ptr_nonnull(text);
	/* the same text as nfsen wrote, apart from the blank line */
	ck_assert_str_eq(text + 5, nfsen_dat + 6);
	alert_init(&b);
	ck_assert_int_eq(alert_parse(&b, text, strlen(text), &err), 0);
	again = alert_format(&b);
	ck_assert_str_eq(text, again);
	free(text);
	free(again);
	alert_free(&a);
	alert_free(&b);
}
END_TEST

START_TEST(dat_defaults_and_errors)
{
	struct alert a;
	struct flow_err err = { 0 };
	const char *t = "name = x\n";

	alert_init(&a);
	ck_assert_int_eq(alert_parse(&a, t, strlen(t), &err), 0);
	/* EmptyAlert's values for what the file does not say */
	ck_assert_str_eq(a.status, "empty");
	ck_assert_str_eq(a.action_subject, "Alert");
	alert_free(&a);

	alert_init(&a);
	t = "name = x\nbogus = 1\n";
	ck_assert_int_eq(alert_parse(&a, t, strlen(t), &err), FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "Unknown key: 'bogus'"));
	alert_free(&a);

	alert_init(&a);
	t = "name = x\nno equals sign\n";
	ck_assert_int_eq(alert_parse(&a, t, strlen(t), &err), FLOW_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.msg, "Unparsable line"));
	alert_free(&a);

	/* a value keeps everything after the first '=' */
	alert_init(&a);
	t = "action_subject = a=b\r\n";
	ck_assert_int_eq(alert_parse(&a, t, strlen(t), &err), 0);
	ck_assert_str_eq(a.action_subject, "a=b");
	alert_free(&a);
}
END_TEST

START_TEST(dat_file_io)
{
	const char *dir = tu_tmpdir("alert_io");
	char path[1100];
	struct alert a, b;
	struct flow_err err = { 0 };

	snprintf(path, sizeof(path), "%s/alert.dat", dir);
	alert_init(&a);
	alert_parse(&a, nfsen_dat, strlen(nfsen_dat), &err);
	ck_assert_int_eq(alert_write(path, &a, &err), 0);
	/* a shorter rewrite truncates the file */
	alert_set_lines(&a, 1, NULL, 0, &err);
	ck_assert_int_eq(alert_write(path, &a, &err), 0);
	alert_init(&b);
	ck_assert_int_eq(alert_read(path, &b, &err), 0);
	ck_assert_uint_eq(b.ncondition, 0);
	ck_assert_str_eq(b.action_system, "/bin/true");
	alert_free(&a);
	alert_free(&b);
	unlink(path);
	alert_init(&a);
	ck_assert_int_eq(alert_read(path, &a, &err), FLOW_ENOENT);
	alert_free(&a);
	rmdir(dir);
}
END_TEST

START_TEST(dat_alloc_failures)
{
	long n;

	/* every allocation of parse + format failing in turn: an error, no leak */
	for (n = 1; n < 200; n++) {
		struct alert a;
		struct flow_err err = { 0 };
		char *text = NULL;
		int rc;

		flow_alloc_fail_at(n, 1);
		rc = alert_init(&a);
		if (rc == 0) {
			rc = alert_parse(&a, nfsen_dat, strlen(nfsen_dat), &err);
			if (rc == 0)
				text = alert_format(&a);
			alert_free(&a);
		}
		flow_alloc_fail_at(0, 0);
		free(text);
		if (rc == 0 && text)
			break;
		ck_assert(rc == 0 || rc == FLOW_ENOMEM);
	}
	ck_assert_int_lt(n, 200);
}
END_TEST

START_TEST(names)
{
	ck_assert(alert_name_ok("a-b+c_9"));
	ck_assert(!alert_name_ok(""));
	ck_assert(!alert_name_ok("a b"));
	ck_assert(!alert_name_ok("../x"));
	ck_assert(!alert_name_ok("a/b"));
}
END_TEST

START_TEST(state_roundtrip)
{
	struct alert_state st, back;
	struct flow_err err = { 0 };
	uint64_t v[3] = { 10, 20, 30 };
	char *text;

	alert_state_init(&st, 1000, ALERT_ARMED);
	alert_state_push(&st, v, 1795733100);
	st.events[0] = 1795733100;
	st.nevent_cond = 2;
	st.event_cond[1] = 1;
	snprintf(st.trigger_info, sizeof(st.trigger_info), "1/2");
	text = alert_state_format(&st);
	ck_assert_int_eq(alert_state_parse(&back, text, strlen(text), &err), 0);
	ck_assert_mem_eq(&st, &back, sizeof(st));
	free(text);
	/* nfsen's Storable is not ours: an error, so the caller starts over */
	ck_assert_int_eq(alert_state_parse(&back, "pst0\x04\x0b", 6, &err), FLOW_EFORMAT);
	ck_assert_int_eq(alert_state_parse(&back, "sen-alert-status=1\nlast_flows=1 2\n", 34, &err),
			 FLOW_EFORMAT);
}
END_TEST

START_TEST(averages)
{
	struct alert_state st;
	uint64_t v[3] = { 100, 1000, 10000 };
	size_t i;

	alert_state_init(&st, 0, ALERT_ARMED);
	alert_state_push(&st, v, 300);
	/* the first value fills the history */
	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(st.avg[i][ALERT_FLOWS], 100);
	v[0] = 400;
	alert_state_push(&st, v, 600);
	ck_assert_uint_eq(st.last[ALERT_FLOWS][0], 400);
	ck_assert_uint_eq(st.last[ALERT_FLOWS][1], 100);
	ck_assert_uint_eq(st.avg[0][ALERT_FLOWS], 250);		/* (400 + 100) / 2 */
	ck_assert_uint_eq(st.avg[1][ALERT_FLOWS], 150);		/* (400 + 5 * 100) / 6 */
	ck_assert_uint_eq(st.avg[5][ALERT_FLOWS], (400 + 287 * 100) / 288);
	ck_assert_uint_eq(st.updated, 600);
}
END_TEST

static int eval(const char *cond, int type, const double what[6], const struct alert_state *st)
{
	struct alert_cond c;
	struct flow_err err = { 0 };

	ck_assert_msg(alert_cond_parse(cond, type, &c, &err) == 0, "%s: %s", cond, err.msg);
	return alert_cond_eval(&c, what, st, 300);
}

START_TEST(conditions)
{
	struct alert_state st;
	uint64_t v[3] = { 3000, 30000, 3000000 };
	double what[6];

	alert_state_init(&st, 0, 1);
	alert_state_push(&st, v, 300);	/* every average: the same values */
	alert_sum_values(v, 300, what);
	ck_assert(what[3] == 10.0 && what[5] == 80000.0);
	ck_assert_int_eq(eval("0:0:0:0:0:2999:0", 0, what, &st), 1);	/* flows > 2999 */
	ck_assert_int_eq(eval("0:0:0:0:0:3000:0", 0, what, &st), 0);	/* flows > 3000 */
	ck_assert_int_eq(eval("0:0:0:0:0:3:1", 0, what, &st), 0);	/* flows > 3 k */
	ck_assert_int_eq(eval("0:0:1:0:0:4:1", 0, what, &st), 1);	/* flows < 4 k */
	ck_assert_int_eq(eval("0:2:0:0:0:2:2", 0, what, &st), 1);	/* bytes > 2 M */
	ck_assert_int_eq(eval("0:3:0:0:0:9:0", 0, what, &st), 1);	/* flows/s > 9 */
	ck_assert_int_eq(eval("0:5:1:0:0:80001:0", 0, what, &st), 1);	/* bits/s < 80001 */
	/* against the 1 h average: > avg + 10 % is false while the value is the average */
	ck_assert_int_eq(eval("0:0:0:3:0:10:5", 0, what, &st), 0);
	ck_assert_int_eq(eval("0:0:2:3:0:10:5", 0, what, &st), 0);	/* outside avg ± 10 % */
	what[0] = 3400;
	ck_assert_int_eq(eval("0:0:0:3:0:10:5", 0, what, &st), 1);	/* 3400 > 3000 + 300 */
	ck_assert_int_eq(eval("0:0:2:3:0:10:5", 0, what, &st), 1);
	what[0] = 2600;
	ck_assert_int_eq(eval("0:0:1:3:0:10:5", 0, what, &st), 1);	/* 2600 < 3000 - 300 */
	ck_assert_int_eq(eval("0:0:2:3:0:500:0", 0, what, &st), 0);	/* inside avg ± 500 */
	/* flows/s against the average per second: 10/s > 10/s + 0 is false */
	what[3] = 10.5;
	ck_assert_int_eq(eval("0:3:0:1:0:0:0", 0, what, &st), 1);
}
END_TEST

START_TEST(condition_checks)
{
	struct alert_cond c;
	struct flow_err err = { 0 };

	ck_assert_int_eq(alert_cond_parse("0:0:0:0:0:1", 0, &c, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "Wrong number of attributes for condition '0:0:0:0:0:1'");
	ck_assert_int_eq(alert_cond_parse("0:0:0:0:0:1:0:0", 0, &c, &err), FLOW_EINVAL);
	ck_assert_int_eq(alert_cond_parse("0:0:3:0:0:1:0", 0, &c, &err), FLOW_EINVAL);
	ck_assert_str_eq(err.msg, "Attribute 2 value 3 > 2 in condition '0:0:3:0:0:1:0'");
	/* type 1 (top 1 statistics): no outside, stat types up to 12, scale up to T */
	ck_assert_int_eq(alert_cond_parse("0:0:2:0:0:1:0", 1, &c, &err), FLOW_EINVAL);
	ck_assert_int_eq(alert_cond_parse("0:0:0:0:12:1:4", 1, &c, &err), 0);
	ck_assert_int_eq(alert_cond_parse("0:0:0:0:13:1:0", 1, &c, &err), FLOW_EINVAL);
	ck_assert_int_eq(alert_cond_parse("0:x:0:0:0:1:0", 0, &c, &err), FLOW_EINVAL);
	ck_assert_int_eq(alert_cond_parse("", 0, &c, &err), FLOW_EINVAL);
}
END_TEST

START_TEST(combine)
{
	int r[4], op[4] = { 0, 0, 1, 0 };

	/* a and b or c and d: and binds tighter */
	r[0] = 1, r[1] = 0, r[2] = 1, r[3] = 1;
	ck_assert_int_eq(alert_cond_combine(r, op, 4), 1);
	r[3] = 0;
	ck_assert_int_eq(alert_cond_combine(r, op, 4), 0);
	r[1] = 1;
	ck_assert_int_eq(alert_cond_combine(r, op, 4), 1);
	/* the first op is ignored */
	op[0] = 1;
	r[0] = 0, r[1] = 1, r[2] = 0;
	ck_assert_int_eq(alert_cond_combine(r, op, 2), 0);
	ck_assert_int_eq(alert_cond_combine(r, op, 0), 0);
}
END_TEST

static struct alert trig(long type, long number, long blocks)
{
	struct alert a;

	alert_init(&a);
	a.trigger_type = type;
	a.trigger_number = number;
	a.trigger_blocks = blocks;
	return a;
}

START_TEST(trigger_count_and_block)
{
	struct alert a = trig(0, 2, 2);
	struct alert_state st;

	alert_state_init(&st, 0, ALERT_ARMED);
	ck_assert_int_eq(alert_before(&a, &st), ALERT_STEP_EVALUATE);
	ck_assert_int_eq(alert_trigger(&a, &st, 1, 300), ALERT_COUNTING);
	ck_assert_str_eq(st.trigger_info, "1/2");
	ck_assert_uint_eq(st.trigger_status, ALERT_ARMED | ALERT_COND_TRUE);
	ck_assert_int_eq(alert_trigger(&a, &st, 1, 600), ALERT_FIRE);
	ck_assert_uint_eq(st.trigger_status, ALERT_ARMED | ALERT_FIRED);
	ck_assert_int_eq(st.events[0], 600);
	/* two blocked cycles, not evaluated */
	ck_assert_int_eq(alert_before(&a, &st), ALERT_STEP_BLOCKED);
	ck_assert_str_eq(st.trigger_info, "1/2");
	ck_assert_uint_eq(st.trigger_status & ALERT_BLOCKED, ALERT_BLOCKED);
	ck_assert_int_eq(alert_before(&a, &st), ALERT_STEP_BLOCKED);
	ck_assert_str_eq(st.trigger_info, "2/2");
	ck_assert_int_eq(alert_before(&a, &st), ALERT_STEP_EVALUATE);
	/* false resets the count */
	ck_assert_int_eq(alert_trigger(&a, &st, 1, 1500), ALERT_COUNTING);
	ck_assert_int_eq(alert_trigger(&a, &st, 0, 1800), ALERT_FALSE);
	ck_assert_uint_eq(st.trigger_status, ALERT_ARMED);
	ck_assert_int_eq(alert_trigger(&a, &st, 1, 2100), ALERT_COUNTING);
	ck_assert_int_eq(st.events[0], 600);
	alert_free(&a);
}
END_TEST

START_TEST(trigger_once)
{
	struct alert a = trig(1, 1, 0), b = trig(2, 1, 0), c = trig(0, 1, 0);
	struct alert_state st;

	/* once only: nothing until armed again */
	alert_state_init(&st, 0, ALERT_ARMED);
	ck_assert_int_eq(alert_trigger(&a, &st, 1, 300), ALERT_FIRE);
	ck_assert_int_eq(alert_before(&a, &st), ALERT_STEP_SKIP_ONCE);
	ck_assert_str_eq(st.trigger_info, "--");
	st.trigger_status &= ALERT_ARMED;	/* arm-alert */
	ck_assert_int_eq(alert_before(&a, &st), ALERT_STEP_EVALUATE);
	/* once while true: suppressed until the condition was false once */
	alert_state_init(&st, 0, ALERT_ARMED);
	ck_assert_int_eq(alert_trigger(&b, &st, 1, 300), ALERT_FIRE);
	ck_assert_int_eq(alert_trigger(&b, &st, 1, 600), ALERT_SUPPRESSED);
	ck_assert_int_eq(alert_trigger(&b, &st, 0, 900), ALERT_FALSE);
	ck_assert_int_eq(alert_trigger(&b, &st, 1, 1200), ALERT_FIRE);
	/* each time */
	alert_state_init(&st, 0, ALERT_ARMED);
	ck_assert_int_eq(alert_trigger(&c, &st, 1, 300), ALERT_FIRE);
	ck_assert_int_eq(alert_trigger(&c, &st, 1, 600), ALERT_FIRE);
	ck_assert_int_eq(st.events[0], 600);
	ck_assert_int_eq(st.events[1], 300);
	alert_free(&a);
	alert_free(&b);
	alert_free(&c);
}
END_TEST

START_TEST(mail_text)
{
	struct alert_ctx c = { 0 };
	struct alert a;
	char *t;

	alert_init(&a);
	alert_set(&a, "name", "hot", NULL);
	alert_set(&a, "action_email", "ops@localhost", NULL);
	alert_set(&a, "action_subject", "Alert triggered", NULL);
	c.mail_from = "nfsen@localhost";
	c.mail_body = "Alert '@alert@' triggered at timeslot @timeslot@ @x@";
	t = alert_mail_text(&c, &a, "202611261800", 0);
	ck_assert_ptr_nonnull(strstr(t, "From: nfsen@localhost\nTo: ops@localhost\nDate: "));
	ck_assert_ptr_nonnull(strstr(t, "\nSubject: Alert triggered\n\n"
					"Alert 'hot' triggered at timeslot 202611261800 @x@\n"));
	free(t);
	alert_free(&a);
}
END_TEST

/* A scripted SMTP server on loopback: answers with replies[], records what it got. */
static int smtp_server(const char *const *replies, size_t n, int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t l = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0), p[2];
	pid_t pid;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(s, 1), 0);
	getsockname(s, (struct sockaddr *)&sa, &l);
	*port = ntohs(sa.sin_port);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		int c = accept(s, NULL, NULL);
		char buf[8192];
		size_t i, len = 0;
		ssize_t r;

		close(p[0]);
		for (i = 0; i < n; i++) {
			if (replies[i][0] != '~') {
				if (write(c, replies[i], strlen(replies[i])) < 0)
					_exit(1);
				continue;
			}
			/* "~" = read a line (or the data up to ".\r\n") before replying */
			while (len < sizeof(buf) - 1 && (r = read(c, buf + len, 1)) == 1) {
				len++;
				if (buf[len - 1] == '\n' && (replies[i][1] != 'D' ||
							     (len >= 5 && !memcmp(buf + len - 5, "\r\n.\r\n", 5))))
					break;
			}
		}
		if (write(p[1], buf, len) < 0)
			_exit(1);
		_exit(0);
	}
	close(s);
	close(p[1]);
	return p[0];
}

START_TEST(smtp_dialogue)
{
	static const char *const replies[] = {
		"220 test\r\n", "~", "250-test\r\n250 OK\r\n", "~", "250 OK\r\n",
		"~", "250 OK\r\n", "~", "550 no such user\r\n", "~", "354 go\r\n",
		"~D", "250 queued\r\n", "~", "221 bye\r\n",
	};
	const char *rcpt[2] = { "a@localhost", "nobody@localhost" };
	char got[8192] = "", server[64], want[512];
	int port, ok[2], fd, st;
	ssize_t n;
	struct smtp_mail m = { 0 };
	struct flow_err err = { 0 };

	fd = smtp_server(replies, sizeof(replies) / sizeof(replies[0]), &port);
	snprintf(server, sizeof(server), "127.0.0.1:%d", port);
	m.server = server;
	m.helo = server;
	m.from = "nfsen@localhost";
	m.rcpt = rcpt;
	m.nrcpt = 2;
	m.message = "Subject: x\n\n.dot line\nend\n";
	m.timeout = 5;
	ck_assert_msg(smtp_send(&m, ok, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(ok[0], 1);
	ck_assert_int_eq(ok[1], 0);
	n = read(fd, got, sizeof(got) - 1);
	ck_assert_int_gt(n, 0);
	got[n] = '\0';
	close(fd);
	wait(&st);
	snprintf(want, sizeof(want),
		 "EHLO %s\r\nMAIL FROM:<nfsen@localhost>\r\nRCPT TO:<a@localhost>\r\n"
		 "RCPT TO:<nobody@localhost>\r\nDATA\r\nSubject: x\r\n\r\n..dot line\r\nend\r\n"
		 ".\r\nQUIT\r\n", server);
	ck_assert_str_eq(got, want);
}
END_TEST

START_TEST(smtp_refusals)
{
	static const char *const busy[] = { "421 busy\r\n" };
	static const char *const silent[] = { "~" };
	const char *rcpt[1] = { "a@localhost" };
	char server[64];
	int port, fd, st;
	struct smtp_mail m = { 0 };
	struct flow_err err = { 0 };

	m.from = "nfsen@localhost";
	m.rcpt = rcpt;
	m.nrcpt = 1;
	m.message = "x\n";
	m.timeout = 1;
	m.server = server;
	m.helo = "h";
	fd = smtp_server(busy, 1, &port);
	snprintf(server, sizeof(server), "127.0.0.1:%d", port);
	ck_assert_int_eq(smtp_send(&m, NULL, &err), FLOW_EIO);
	ck_assert_str_eq(err.msg, "SMTP greeting refused: 421 busy");
	close(fd);
	wait(&st);
	/* a server that never speaks: the time limit ends it */
	fd = smtp_server(silent, 1, &port);
	snprintf(server, sizeof(server), "127.0.0.1:%d", port);
	ck_assert_int_eq(smtp_send(&m, NULL, &err), FLOW_EIO);
	ck_assert_str_eq(err.msg, "SMTP: timeout waiting for the server");
	close(fd);
	wait(&st);
	/* no CR/LF smuggled into a command */
	rcpt[0] = "a@localhost>\r\nRCPT TO:<b@localhost";
	ck_assert_int_eq(smtp_send(&m, NULL, &err), FLOW_EINVAL);
}
END_TEST

START_TEST(programs)
{
	char *out_argv[] = { "/bin/sh", "-c", "echo \"$X $0\"", "arg0", NULL };
	char *hang_argv[] = { "/bin/sleep", "30", NULL };
	char *env[] = { "X=hello", NULL };
	struct proc p[2];
	struct flow_err err = { 0 };

	ck_assert_int_eq(proc_start(&p[0], out_argv, env, 1, &err), 0);
	ck_assert_int_eq(proc_start(&p[1], hang_argv, NULL, 0, &err), 0);
	proc_wait(p, 2, 300);
	ck_assert_int_eq(p[0].timed_out, 0);
	ck_assert(WIFEXITED(p[0].status) && WEXITSTATUS(p[0].status) == 0);
	ck_assert_str_eq(p[0].out, "hello arg0\n");
	ck_assert_int_eq(p[1].timed_out, 1);
	ck_assert(WIFSIGNALED(p[1].status));
	proc_free(&p[0]);
	proc_free(&p[1]);
}
END_TEST

START_TEST(program_input)
{
	char *argv[] = { "/bin/cat", NULL };
	struct proc p;
	struct flow_err err = { 0 };
	char *big = malloc(200000);
	size_t i;

	/* more than a pipe holds: the program reads it at its own pace */
	for (i = 0; i < 199999; i++)
		big[i] = (char)('a' + i % 26);
	big[199999] = '\0';
	ck_assert_int_eq(proc_start_input(&p, argv, NULL, 1, big, 199999, &err), 0);
	while (!proc_poll(&p, 1000))
		;
	proc_wait(&p, 1, 0);
	ck_assert_int_eq(p.timed_out, 0);
	/* output is kept up to PROC_OUT_MAX, the rest read and dropped */
	ck_assert_uint_eq(p.out_len, PROC_OUT_MAX);
	ck_assert_mem_eq(p.out, big, PROC_OUT_MAX);
	proc_free(&p);
	free(big);
}
END_TEST

START_TEST(plugin_lists)
{
	ck_assert(plugin_wants("*", "grp", "p"));
	ck_assert(!plugin_wants("!", ".", "live"));
	ck_assert(plugin_wants("live", ".", "live"));
	ck_assert(plugin_wants("a, grp/p", "grp", "p"));
	ck_assert(!plugin_wants("a,p", "grp", "p"));
	ck_assert(!plugin_wants("liv", ".", "live"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("alert");
	TCase *t = tcase_create("alert");

	tcase_add_test(t, dat_parse);
	tcase_add_test(t, dat_roundtrip);
	tcase_add_test(t, dat_defaults_and_errors);
	tcase_add_test(t, dat_file_io);
	tcase_add_test(t, dat_alloc_failures);
	tcase_add_test(t, names);
	tcase_add_test(t, state_roundtrip);
	tcase_add_test(t, averages);
	tcase_add_test(t, conditions);
	tcase_add_test(t, condition_checks);
	tcase_add_test(t, combine);
	tcase_add_test(t, trigger_count_and_block);
	tcase_add_test(t, trigger_once);
	tcase_add_test(t, mail_text);
	tcase_add_test(t, smtp_dialogue);
	tcase_add_test(t, smtp_refusals);
	tcase_add_test(t, programs);
	tcase_add_test(t, program_input);
	tcase_add_test(t, plugin_lists);
	suite_add_tcase(s, t);
	return tu_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
