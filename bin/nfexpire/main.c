/*
 * nfexpire - list, rescan, update and expire the flow files of a
 * collector directory or of an NfSen profile (cli.md §7), with the
 * command line, text and exit codes of nfdump 1.7.1's nfexpire.  The
 * bookkeeping itself is lib/expire; channels.c does the per-directory
 * steps, this file the options.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nfexpire.h"
#include "util/banned.h"

#define EXIT_ERR 250	/* what 1.7.1 returns for every error, not the man page's 255 */

static void usage(const char *name)
{
	printf("usage %s [options] \n"
	       "-h\t\tThis text\n"
	       "-l datadir\tList stat from directory\n"
	       "-e datadir\tExpire data in directory\n"
	       "-r datadir\tRescan data directory\n"
	       "-u datadir\tUpdate expire params from collector logging at <datadir>\n"
	       "-s size\t\tmax size: scales b bytes, k kilo, m mega, g giga t tera\n"
	       "-T runtime\tmaximum nfexpire run time: nfexpire terminates after this amount of seconds\n"
	       "-t lifetime\tmaximum life time of data: scales: w week, d day, H hour, M minute\n"
	       "-w watermark\tlow water mark in %% for expire.\n",
	       name);
}

static int set_mode(struct nfx_opts *o, enum nfx_mode m, const char *dir)
{
	if (o->mode != NFX_NONE) {
		fprintf(stderr, "Only one option allowed out of -l -e -r -u or -p\n");
		return -1;
	}
	o->mode = m;
	o->dir = dir;
	return 0;
}

/* One option; -1 means exit EXIT_ERR (the message is out). */
static int option(struct nfx_opts *o, int c, const char *arg, const char *prog)
{
	char msg[256];

	switch (c) {
	case 'l': return set_mode(o, NFX_LIST, arg);
	case 'L': return set_mode(o, NFX_BOOK, arg);
	case 'e': return set_mode(o, NFX_EXPIRE, arg);
	case 'r': return set_mode(o, NFX_RESCAN, arg);
	case 'u': return set_mode(o, NFX_UPDATE, arg);
	case 'p': o->profile = 1; return 0;
	case 'Y': o->nfsen = 1; return 0;
	case 's':
	case 't':
		if ((c == 's' ? nfexpire_parse_size(arg, &o->maxsize, msg, sizeof(msg))
			      : nfexpire_parse_time(arg, &o->lifetime, msg, sizeof(msg))) < 0) {
			fprintf(stderr, "%s\n", msg);
			return -1;
		}
		o->given |= c == 's' ? NFX_GIVEN_SIZE : NFX_GIVEN_LIFE;
		return 0;
	case 'w':
		o->watermark = (unsigned)atoi(arg);
		if (o->watermark > 100) {
			fprintf(stderr, "Water mark > 100%%\n");
			return -1;
		}
		if (o->watermark == 0)
			o->watermark = 100;
		o->given |= NFX_GIVEN_WM;
		return 0;
	case 'T':
		o->runtime = atoi(arg);
		if (o->runtime > 3600) {
			fprintf(stderr, "Runtime > 3600 (1h)\n");
			return -1;
		}
		return 0;
	case 'h':
		usage(prog);
		exit(0);
	default:
		usage(prog);
		return -1;
	}
}

static volatile sig_atomic_t stop, timed_out;

static void on_signal(int sig)
{
	if (sig == SIGALRM)
		timed_out = 1;
	stop = 1;
}

/* -T and INT/TERM/HUP end an expire cleanly: no file is left half counted. */
static void arm_stop(int runtime)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	expire_set_stop(&stop);
	if (runtime > 0)
		alarm((unsigned)runtime);
}

int main(int argc, char **argv)
{
	struct nfx_opts o = { 0 };
	char *dir;
	int c;

	while ((c = getopt(argc, argv, "e:hl:L:T:Ypr:s:t:u:w:")) != -1)
		if (option(&o, c, optarg, argv[0]) < 0)
			return EXIT_ERR;
	dir = o.dir ? realpath(o.dir, NULL) : NULL;
	if (!dir) {
		/* 1.7.1's two lines, its null pointer and source line included */
		int e = o.dir ? errno : EINVAL;

		fprintf(stderr, "Data directory (null)\nrealpath() in nfexpire.c:278: %s\n",
			strerror(e));
		usage(argv[0]);
		return EXIT_ERR;
	}
	o.dir = dir;
	arm_stop(o.runtime);
	c = nfx_run(&o) < 0 ? EXIT_ERR : 0;
	if (timed_out)
		fprintf(stderr, "Maximum execution time reached! Interrupt expire.\n");
	free(dir);
	return c;
}
