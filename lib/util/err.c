#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

static int vset(struct flow_err *err, int code, int with_errno,
		const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static int vset(struct flow_err *err, int code, int with_errno,
		const char *fmt, va_list ap)
{
	int saved = errno;

	if (!err)
		return code;
	err->code = code;
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (with_errno && n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s",
			 strerror(saved));
	errno = saved;
	return code;
}

int flow_errorf(struct flow_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, 0, fmt, ap);
	va_end(ap);
	return code;
}

int flow_errorf_errno(struct flow_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, code, 1, fmt, ap);
	va_end(ap);
	return code;
}

const char *flow_status_name(int code)
{
	switch (code) {
	case FLOW_OK:		return "ok";
	case FLOW_EIO:		return "i/o error";
	case FLOW_EFORMAT:	return "bad format";
	case FLOW_ENOMEM:	return "out of memory";
	case FLOW_ECODEC:	return "codec error";
	case FLOW_EUNSUPPORTED:	return "unsupported";
	case FLOW_EINVAL:	return "invalid argument";
	case FLOW_ENOENT:	return "not found";
	}
	return "unknown error";
}
