/*
 * summary.c - the text nfdump prints after the records (cli.md §3.11) and
 * the -I stat info (cli.md §3.12).
 */
#include <inttypes.h>

#include "output/output_int.h"
#include "util/conv.h"
#include "util/banned.h"

/*
 * nfdump 1.7.1 divides by the duration in seconds as a double and
 * truncates: bps = (bytes << 3) / dur, pps = packets / dur, bpp =
 * bytes / packets (integer), all 0 when the duration is 0.  The duration
 * is (last - first) of the passed flows in unsigned ms, so a stat whose
 * last is 0 (nothing passed) has none.
 */
void summary_rates171(const struct flow_stat *st, struct flow_rates *out)
{
	double duration = 0;

	out->bps = out->pps = out->bpp = 0;
	if (st->msec_last)
		duration = (double)(st->msec_last - st->msec_first) / 1000.0;
	if (duration <= 0)
		return;
	out->bps = conv_u64((double)(st->numbytes << 3) / duration);
	out->pps = conv_u64((double)st->numpackets / duration);
	out->bpp = st->numpackets ? st->numbytes / st->numpackets : 0;
}

void summary_no_match(struct obuf *ob, const struct flow_summary *s)
{
	if (s->passed_records == 0)
		ob_puts(ob, "No matching flows\n");
}

static void summary_line171(struct obuf *ob, const struct flow_stat *st, int plain)
{
	struct flow_rates rt;
	char bytes[FMT_NUM_LEN], packets[FMT_NUM_LEN];
	char bps[FMT_NUM_LEN], pps[FMT_NUM_LEN], bpp[FMT_NUM_LEN];

	summary_rates171(st, &rt);
	fmt_number(bytes, st->numbytes, plain, 0);
	fmt_number(packets, st->numpackets, plain, 0);
	fmt_number(bps, rt.bps, plain, 0);
	fmt_number(pps, rt.pps, plain, 0);
	fmt_number(bpp, rt.bpp, plain, 0);
	ob_printf(ob, "Summary: total flows: %" PRIu64 ", total bytes: %s, total packets: %s, "
		  "avg bps: %s, avg pps: %s, avg bpp: %s\n",
		  st->numflows, bytes, packets, bps, pps, bpp);
}

/*
 * 1.7.1 prints whole seconds; a window whose first second is 0 prints
 * nfdump's "Time Window unknown" after the label.
 */
static void window_line171(struct obuf *ob, const struct flow_summary *s)
{
	struct fmt_tcache tc = { 0 };
	time_t first = (time_t)(s->msec_first / 1000);
	time_t last = (time_t)(s->msec_last / 1000);

	if (!s->window_known || s->msec_last == 0) {
		ob_puts(ob, "Time window: <unknown>\n");
		return;
	}
	if (first == 0) {
		ob_puts(ob, "Time window: Time Window unknown\n");
		return;
	}
	ob_puts(ob, "Time window: ");
	ob_puts(ob, fmt_localtime(&tc, first));
	ob_puts(ob, " - ");
	ob_puts(ob, fmt_localtime(&tc, last));
	ob_putc(ob, '\n');
}

/* Timing line: values are the caller's; nobody parses it (cli.md §3.11). */
static void timing_line(struct obuf *ob, const struct flow_summary *s)
{
	double fps = s->wall_s > 0 ? (double)s->processed / s->wall_s : 0;
	double runtime = s->runtime_s > 0 ? s->runtime_s : s->wall_s;

	ob_printf(ob, "Sys: %.4fs User: %.4fs Wall: %.4fs flows/second: %-.1f Runtime: %.4fs\n",
		  s->sys_s, s->user_s, s->wall_s, fps, runtime);
}

void summary_footer171(struct obuf *ob, const struct flow_summary *s, int plain)
{
	summary_line171(ob, &s->passed, plain);
	window_line171(ob, s);
	/* 1.7.1 keeps these counters in 32 bits. */
	ob_printf(ob, "Total flows processed: %u, passed: %u, Blocks skipped: %u, Bytes read: %" PRIu64 "\n",
		  (uint32_t)s->processed, (uint32_t)s->passed_records,
		  (uint32_t)s->blocks_skipped, s->bytes_read);
	timing_line(ob, s);
}

/* 1.7.8: times with ms and the duration; "Time Window unknown" for 0. */
static void window_line178(struct obuf *ob, const struct flow_summary *s)
{
	struct fmt_tcache tc = { 0 };
	uint64_t first = s->msec_first, last = s->msec_last, d;

	if (!s->window_known || last == 0) {
		ob_puts(ob, "Time window: <unknown>\n");
		return;
	}
	if (first == 0) {
		ob_puts(ob, "Time window: Time Window unknown, Duration:");
	} else {
		ob_puts(ob, "Time window: ");
		ob_puts(ob, fmt_localtime(&tc, (time_t)(first / 1000)));
		ob_putc(ob, '.');
		ob_ms3(ob, (unsigned)(first % 1000));
		ob_puts(ob, " - ");
		ob_puts(ob, fmt_localtime(&tc, (time_t)(last / 1000)));
		ob_putc(ob, '.');
		ob_ms3(ob, (unsigned)(last % 1000));
		ob_puts(ob, ", Duration:");
	}
	d = last - first;
	if (d / 1000 >= 86400)
		ob_printf(ob, "%2dd ", (int)(d / 1000 / 86400));
	else
		ob_spaces(ob, 4);
	ob_printf(ob, "%02d:%02d:%02d.%03d\n", (int)(d / 1000 % 86400 / 3600),
		  (int)(d / 1000 % 3600 / 60), (int)(d / 1000 % 60), (int)(d % 1000));
}

void summary_footer178(struct obuf *ob, const struct flow_summary *s, int plain)
{
	summary_line171(ob, &s->passed, plain);	/* same line and rates */
	window_line178(ob, s);
	ob_printf(ob, "Total records processed: %" PRIu64 ", passed: %" PRIu64
		  ", Blocks skipped: %u, Bytes read: %" PRIu64 "\n",
		  s->processed, s->passed_records, (uint32_t)s->blocks_skipped, s->bytes_read);
	timing_line(ob, s);
}

void summary_footer(struct flow_printer *p, const struct flow_summary *s)
{
	if (p->opts.dialect == DIALECT_171)
		summary_footer171(&p->ob, s, p->opts.plain_numbers);
	else
		summary_footer178(&p->ob, s, p->opts.plain_numbers);
}

void summary_csv171(struct obuf *ob, const struct flow_summary *s)
{
	const struct flow_stat *st = &s->passed;
	struct flow_rates rt;

	summary_rates171(st, &rt);
	ob_printf(ob, "Summary\nflows,bytes,packets,avg_bps,avg_pps,avg_bpp\n"
		  "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
		  st->numflows, st->numbytes, st->numpackets, rt.bps, rt.pps, rt.bpp);
}

void flow_print_stat_info(FILE *fp, const char *ident, const struct flow_stat *s)
{
	static const struct {
		const char *label;
		size_t offset;
	} rows[] = {
#define ROW(label, member) { label, offsetof(struct flow_stat, member) }
		ROW("Flows", numflows), ROW("Flows_tcp", flows_tcp),
		ROW("Flows_udp", flows_udp), ROW("Flows_icmp", flows_icmp),
		ROW("Flows_other", flows_other), ROW("Packets", numpackets),
		ROW("Packets_tcp", packets_tcp), ROW("Packets_udp", packets_udp),
		ROW("Packets_icmp", packets_icmp), ROW("Packets_other", packets_other),
		ROW("Bytes", numbytes), ROW("Bytes_tcp", bytes_tcp),
		ROW("Bytes_udp", bytes_udp), ROW("Bytes_icmp", bytes_icmp),
		ROW("Bytes_other", bytes_other),
#undef ROW
	};

	/* glibc prints a NULL %s as "(null)"; nfdump passes its ident unchecked. */
	fprintf(fp, "Ident: %s\n", ident ? ident : "(null)");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t v = *(const uint64_t *)((const char *)s + rows[i].offset);

		fprintf(fp, "%s: %" PRIu64 "\n", rows[i].label, v);
	}
	fprintf(fp, "First: %" PRIu64 "\nLast: %" PRIu64 "\n", s->msec_first / 1000, s->msec_last / 1000);
	fprintf(fp, "msec_first: %" PRIu64 "\nmsec_last: %" PRIu64 "\n", s->msec_first % 1000, s->msec_last % 1000);
	fprintf(fp, "Sequence failures: %" PRIu64 "\n", s->sequence_failure);
}
