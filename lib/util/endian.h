/*
 * endian.h - unaligned loads and stores in a stated byte order.
 *
 * nfdump files are in the writer's byte order, which is little-endian on
 * every platform that produced real files; NetFlow/IPFIX/sFlow wire data is
 * big-endian.  Code that touches file or wire bytes uses these helpers and
 * never casts a buffer pointer to a struct.  They compile to single moves.
 */
#ifndef FLOW_UTIL_ENDIAN_H
#define FLOW_UTIL_ENDIAN_H

#include <stdint.h>
#include <string.h>

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FLOW_HOST_BIG_ENDIAN 1
#else
#define FLOW_HOST_BIG_ENDIAN 0
#endif

static inline uint16_t flow_bswap16(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t flow_bswap32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint64_t flow_bswap64(uint64_t v) { return __builtin_bswap64(v); }

static inline uint16_t ld_le16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return FLOW_HOST_BIG_ENDIAN ? flow_bswap16(v) : v;
}

static inline uint32_t ld_le32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return FLOW_HOST_BIG_ENDIAN ? flow_bswap32(v) : v;
}

static inline uint64_t ld_le64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return FLOW_HOST_BIG_ENDIAN ? flow_bswap64(v) : v;
}

static inline void st_le16(void *p, uint16_t v)
{
	v = FLOW_HOST_BIG_ENDIAN ? flow_bswap16(v) : v;
	memcpy(p, &v, sizeof(v));
}

static inline void st_le32(void *p, uint32_t v)
{
	v = FLOW_HOST_BIG_ENDIAN ? flow_bswap32(v) : v;
	memcpy(p, &v, sizeof(v));
}

static inline void st_le64(void *p, uint64_t v)
{
	v = FLOW_HOST_BIG_ENDIAN ? flow_bswap64(v) : v;
	memcpy(p, &v, sizeof(v));
}

static inline uint16_t ld_be16(const void *p)
{
	uint16_t v;
	memcpy(&v, p, sizeof(v));
	return FLOW_HOST_BIG_ENDIAN ? v : flow_bswap16(v);
}

static inline uint32_t ld_be32(const void *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return FLOW_HOST_BIG_ENDIAN ? v : flow_bswap32(v);
}

static inline uint64_t ld_be64(const void *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return FLOW_HOST_BIG_ENDIAN ? v : flow_bswap64(v);
}

static inline void st_be16(void *p, uint16_t v)
{
	v = FLOW_HOST_BIG_ENDIAN ? v : flow_bswap16(v);
	memcpy(p, &v, sizeof(v));
}

static inline void st_be32(void *p, uint32_t v)
{
	v = FLOW_HOST_BIG_ENDIAN ? v : flow_bswap32(v);
	memcpy(p, &v, sizeof(v));
}

/*
 * Swap, in place, the fields of a little-endian file struct described by a
 * layout string of field widths ("8888822 1111"); a no-op on little-endian
 * hosts.  Used for element data copied wholesale (record/elements.c).
 */
void flow_swap_layout(void *p, size_t len, const char *layout);

#endif
