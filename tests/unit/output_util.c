/*
 * output_util.c - helpers shared by the check_output*.c files.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file/nffile.h"
#include "output/output.h"
#include "record/v1.h"
#include "testutil.h"
#include "util/alloc.h"
#include "output_util.h"

/* --- helpers --- */

void ot_use_utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

/* Text without the lines starting with one of the prefixes (NULL-ended). */
char *ot_drop_lines(const char *text, const char *const *prefixes)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1), *o = out;
	const char *p = text;

	ck_assert_ptr_nonnull(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		int keep = 1;

		for (const char *const *q = prefixes; *q; q++)
			keep = keep && strncmp(p, *q, strlen(*q)) != 0;
		if (keep) {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	*o = '\0';
	return out;
}

/* Without the timing line, the one line nobody can reproduce. */
char *ot_drop_sys(const char *text)
{
	static const char *const sys[] = { "Sys: ", NULL };

	return ot_drop_lines(text, sys);
}

/* Report the first differing line, then fail. */
void ot_assert_text_eq(const char *what, const char *want, const char *got)
{
	int line = 1;
	const char *a = want, *b = got;

	if (strcmp(want, got) == 0)
		return;
	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	while (a > want && a[-1] != '\n') {
		a--;
		b--;
	}
	ck_abort_msg("%s: line %d differs\nwant: %.120s\ngot:  %.120s", what, line, a, b);
}

FILE *ot_capture_open(struct capture *c)
{
	c->text = NULL;
	c->fp = open_memstream(&c->text, &c->len);
	ck_assert_ptr_nonnull(c->fp);
	return c->fp;
}

char *ot_capture_close(struct capture *c)
{
	fclose(c->fp);
	return c->text;
}

/* flags: 'q' quiet (-q), 'N' plain numbers (-N), '8' the 1.7.8 dialect */
struct flow_printer *ot_new_printer(const char *mode, FILE *fp, const char *flags)
{
	struct flow_print_opts o = { .fp = fp,
				     .dialect = strchr(flags, '8') ? DIALECT_178 : DIALECT_171,
				     .quiet = strchr(flags, 'q') != NULL,
				     .plain_numbers = strchr(flags, 'N') != NULL };
	struct flow_printer *p;
	struct flow_err err = { 0 };

	ck_assert_msg(flow_printer_new(&p, mode, &o, &err) == 0, "%s", err.msg);
	return p;
}

/*
 * Print every V3 record of a file as nfdump does with no filter: summary
 * from the passed flows, window from the file's stat record, "Bytes read"
 * = the data blocks' payload bytes (what 1.7.1 counts).
 */
char *ot_print_file(const char *path, const char *mode, const char *flags)
{
	struct capture cap;
	struct flow_printer *p = ot_new_printer(mode, ot_capture_open(&cap), flags);
	struct flow_summary s = { 0 };
	struct flow_err err = { 0 };
	struct nfblock blk = { 0 };
	struct flow_v1_maps *maps;
	struct nffile *f;
	static struct flow_record r;
	int rc;

	ck_assert_msg(nffile_open(&f, path, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(flow_v1_maps_new(&maps, &err), 0);
	flow_stat_init(&s.passed);
	s.msec_first = nffile_info(f)->stat.msec_first;
	s.msec_last = nffile_info(f)->stat.msec_last;
	s.window_known = 1;
	flow_printer_begin(p);
	while ((rc = nffile_read_block(f, &blk, &err)) > 0) {
		struct nfrec_iter it;
		const uint8_t *rec;
		unsigned type, size;

		s.bytes_read += blk.size;
		nfrec_iter_init(&it, &blk);
		while ((rc = nfblock_next_record(&it, &rec, &type, &size, &err)) > 0) {
			if (type == REC_EXT_MAP)
				ck_assert_msg(flow_v1_map_add(maps, rec, size, &err) == 0, "%s", err.msg);
			if (type == REC_COMMON_V1)
				rc = flow_record_decode_v1(&r, maps, rec, size, &err);
			else if (type == REC_V3)
				rc = flow_record_decode_v3(&r, rec, size, &err);
			else
				continue;
			ck_assert_msg(rc > 0, "%s", err.msg);
			s.processed++;
			s.passed_records++;
			flow_stat_add(&s.passed, &r);
			flow_printer_record_seq(p, &r, s.processed);
		}
		ck_assert_msg(rc == 0, "%s", err.msg);
	}
	ck_assert_msg(rc == 0, "%s", err.msg);
	flow_printer_end(p, &s);
	flow_printer_free(p);
	nfblock_release(&blk);
	flow_v1_maps_free(maps);
	nffile_close(f);
	return ot_capture_close(&cap);
}

char *ot_slurp_text(const char *path)
{
	size_t n;
	char *t = (char *)tu_slurp(path, &n);

	t[n] = '\0';
	return t;
}
