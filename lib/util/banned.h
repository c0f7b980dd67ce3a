/*
 * banned.h - functions that must not appear in net-collector code.
 *
 * Included last by every .c file in lib/ and bin/ (via util/common.h), so
 * a use turns into a compile error naming the reason.  The unbounded
 * string functions overflow silently; gmtime/localtime return shared
 * static storage that worker threads would race on; use the _r forms.
 */
#ifndef FLOW_UTIL_BANNED_H
#define FLOW_UTIL_BANNED_H

#define BANNED(func) sorry_##func##_is_banned

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef gets
#define gets(x) BANNED(gets)

#endif
