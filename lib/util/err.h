/*
 * err.h - how libflow reports errors.
 *
 * Library functions never print and never exit.  They return 0 (or a
 * positive count) on success and a negative enum flow_status on failure,
 * and, when the caller passed a struct flow_err, leave one line of text
 * there naming what failed and where: file, block, byte offset, exporter.
 * The binaries decide what is fatal and which exit code it maps to.
 *
 * A NULL struct flow_err pointer is allowed everywhere: the code is still
 * returned, the text is dropped.
 */
#ifndef FLOW_UTIL_ERR_H
#define FLOW_UTIL_ERR_H

#include <stddef.h>

enum flow_status {
	FLOW_OK = 0,
	FLOW_EIO = -1,		/* open/read/write/rename failed: see errno text */
	FLOW_EFORMAT = -2,	/* input is not what the format says it must be */
	FLOW_ENOMEM = -3,	/* allocation failed (or was made to fail) */
	FLOW_ECODEC = -4,	/* a compressor or decompressor reported failure */
	FLOW_EUNSUPPORTED = -5,	/* valid but not handled: encryption, codec */
	FLOW_EINVAL = -6,	/* bad argument from the caller */
	FLOW_ENOENT = -7,	/* file or directory does not exist */
};

struct flow_err {
	int code;
	char msg[512];
};

/*
 * Record an error and return code (negative).  fmt is printf-style; the
 * result is truncated to fit.  Returns code so callers can write
 * "return flow_errorf(err, FLOW_EFORMAT, ...)".
 */
int flow_errorf(struct flow_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As flow_errorf, appending ": strerror(errno)". */
int flow_errorf_errno(struct flow_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Short fixed name of a status, for messages and tests. */
const char *flow_status_name(int code);

#endif
