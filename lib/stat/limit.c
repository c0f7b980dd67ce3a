/*
 * limit.c - the -l/-L limits of nfdump 1.6/1.7.1 (cli.md §4.8).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "stat/stat.h"
#include "util/banned.h"

int flow_limit_parse(const char *arg, enum flow_limit_mode *mode, uint64_t *val,
		     struct flow_err *err)
{
	const char *s = arg;
	size_t len = strlen(arg);
	char c = len ? arg[len - 1] : '\0';
	uint64_t scale = 1;

	*mode = LIMIT_MORE;
	if (*s == '-' || *s == '+') {
		*mode = *s == '-' ? LIMIT_LESS : LIMIT_MORE;
		s++;
	} else if (!isdigit((unsigned char)*s)) {
		return flow_errorf(err, FLOW_EINVAL, "Can't understand '%s'", arg);
	}
	switch (c) {
	case 'B': case 'b': scale = 1; break;
	case 'K': case 'k': scale = 1000; break;
	case 'M': case 'm': scale = 1000 * 1000; break;
	case 'G': case 'g': scale = 1000 * 1000 * 1000; break;
	default:
		if (isalpha((unsigned char)c))
			return flow_errorf(err, FLOW_EINVAL, "Can't understand '%c' in '%s'", c, arg);
	}
	/* atol: leading digits, the unit letter ends the number */
	*val = (uint64_t)atol(s) * scale;
	return FLOW_OK;
}
