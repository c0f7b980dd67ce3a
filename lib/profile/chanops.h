/*
 * chanops.h - channel operations of nfsend: add, delete, and the filter
 * check nfsend applies before a filter is stored (reference/nfsen.md
 * §3.6, §3.8).  The profile passed in is one the caller has locked with
 * pstore_lock; these functions change it in memory and on disk (channel
 * directory, filter file, RRD), and the caller writes profile.dat.
 */
#ifndef FLOW_PROFILE_CHANOPS_H
#define FLOW_PROFILE_CHANOPS_H

#include "profile/store.h"

/*
 * nfsend's VerifyFilter: drop `#` comment lines and trailing `# ...`,
 * refuse non-printable characters and any of ' " ` ; \, refuse an empty
 * filter, then compile it.  On success *joined holds the lines joined by
 * "\n" (malloc'd).  Errors: "Illegal characters in filter: 'c'",
 * "Empty filter", or the compiler's message.
 */
int chan_check_filter(char *const *lines, size_t n, char **joined, struct flow_err *err);

struct chan_new {
	const char *name;
	char sign;			/* 0 = inherit/default */
	const char *colour;		/* NULL = inherit/default */
	int order;			/* -1 = inherit/default */
	const char *sourcelist;		/* NULL = every live channel */
	char *const *filter;		/* lines; NULL/0 = "not any" */
	size_t nfilter;
};

/*
 * add-channel on locked profile p: name checks, filter check, sourcelist
 * check against live, defaults inherited from a live channel of the same
 * name, then the data directory, filter file, order shuffle and RRD.
 */
int chan_add(const struct pstore *ps, struct profile *p, const struct profile *live,
	     const struct chan_new *c, struct flow_err *err);

/*
 * A |-separated source list, squeezed and trimmed as nfsend does, each
 * name checked against live's channels, into out.
 */
int chan_sourcelist(const char *in, const struct profile *live, char *out, size_t cap,
		    struct flow_err *err);

/* (Re)write <channel>-filter.txt, one line per line (nfsend's format). */
int chan_write_filter(const struct pstore *ps, const struct pname *pn, const char *channel,
		      char *const *lines, size_t n, struct flow_err *err);

/* delete-channel on locked profile p: data, RRD, filter file, order gap, size. */
int chan_delete(const struct pstore *ps, struct profile *p, const char *name,
		struct flow_err *err);

#endif
