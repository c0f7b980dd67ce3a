/*
 * Signals only set flags (cli.md §1.1.2): TERM/INT/HUP end the run after
 * the current files are finished, USR1 asks for the exporter statistics,
 * CHLD reaps -x children, PIPE is ignored.  They stay blocked except
 * inside ppoll(), so a flag set just before the wait is never missed.
 */
#include <string.h>

#include "collect/collect_int.h"
#include "util/banned.h"

/* Per process by nature: a signal handler has nowhere else to write. */
struct collect_signals collect_sig;

static void on_stop(int sig)
{
	(void)sig;
	collect_sig.stop = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	collect_sig.usr1 = 1;
}

static void on_chld(int sig)
{
	(void)sig;
	collect_sig.chld = 1;
}

static void handle(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int collect_signals_install(sigset_t *waitmask)
{
	sigset_t block;
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGCHLD };

	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&block, sigs[i]);
	if (pthread_sigmask(SIG_BLOCK, &block, waitmask) != 0)
		return FLOW_EINVAL;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(waitmask, sigs[i]);
	handle(SIGTERM, on_stop);
	handle(SIGINT, on_stop);
	handle(SIGHUP, on_stop);
	handle(SIGUSR1, on_usr1);
	handle(SIGCHLD, on_chld);
	handle(SIGPIPE, SIG_IGN);
	return 0;
}
