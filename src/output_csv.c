/* output_csv.c - CSV (RFC 4180, CRLF line ends): a header naming the columns, then one line per
 * segment: the snapshot's time, then the registry fields chosen (--columns, or the kind's CSV
 * columns: new ones only ever go at the end, so a reader by position still reads). */
#include "config.h"

#include <string.h>

#include "output_int.h"

void output_csv(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		const uint32_t *rows, size_t nrows, unsigned long index)
{
	const struct kind *k = &kind_shm;
	const uint8_t *cols = o->columns ? o->columns : k->csv_columns;
	int need_leak = output_columns_need_leak(k, cols);
	struct field_ctx c;

	output_field_ctx(o, snap, &c);
	if (!index) {
		outbuf_puts(b, "time");
		for (size_t i = 0; cols[i] != FIELD_NONE; i++) {
			outbuf_putc(b, ',');
			outbuf_puts(b, k->fields[cols[i]].name);
		}
		outbuf_puts(b, "\r\n");
	}
	for (size_t r = 0; r < nrows; r++) {
		const struct shmseg *s = &snap->segs.v[rows[r]];

		if (need_leak)
			c.suspect = output_segment_leak(o, snap, s, &c.leak);
		outbuf_i64(b, snap->time);
		for (size_t i = 0; cols[i] != FIELD_NONE; i++) {
			outbuf_putc(b, ',');
			field_csv(&k->fields[cols[i]], s, &c, b);
		}
		outbuf_puts(b, "\r\n");
	}
}
