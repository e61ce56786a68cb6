/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The shmtop developers */
/* output_object.c - one object with every field (-i, --key, --name), as ipcs -i prints one:
 * its JSON object, or a "name  value" line per field the writers know. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "output_int.h"

int output_object_matches(const struct kind *k, const void *obj, const char *field, int64_t num,
			  const char *text)
{
	int i = field_find(k, field, 0);
	const struct field *f;
	struct field_ctx c;
	uint64_t v;

	if (i < 0 && strcmp(field, "id") == 0)
		i = field_find(k, k->id_name, 0); /* -i of a process: its pid */
	if (i < 0)
		return 0;
	f = &k->fields[i];
	if (strcmp(field, "name") == 0) {
		char want[1024], got[1024];

		memset(&c, 0, sizeof(c));
		c.batch = 1;
		c.plain = 1; /* no " (deleted)" */
		fmt_escape(want, sizeof(want), text);
		field_text(f, obj, &c, got, sizeof(got));
		return strcmp(want, got) == 0;
	}
	if (f->type == FIELD_KEY) {
		int32_t key;

		memcpy(&key, (const char *)obj + f->offset, sizeof(key));
		return key == (int32_t)num;
	}
	memset(&c, 0, sizeof(c));
	return field_num(f, obj, &c, &v) == 0 && v == (uint64_t)num;
}

void output_object(struct outbuf *b, const struct output_ctx *o, const struct snapshot *snap,
		   const struct kind *k, const void *obj,
		   int (*leak)(const struct output_ctx *, const struct snapshot *, const void *,
			       unsigned *))
{
	struct field_ctx c;
	char text[2048];
	size_t w = 0;

	if (o->format == OUTPUT_JSON) {
		output_json_object(b, o, snap, k, obj, leak);
		return;
	}
	output_field_ctx(o, snap, &c);
	c.suspect = leak ? leak(o, snap, obj, &c.leak) : 0;
	for (size_t i = 0; i < k->nfields; i++)
		if (strlen(k->fields[i].name) > w)
			w = strlen(k->fields[i].name);
	k->label(obj, text, sizeof(text));
	outbuf_puts(b, k->title);
	outbuf_puts(b, ": ");
	outbuf_puts(b, text);
	outbuf_putc(b, '\n');
	for (size_t i = 0; i < k->nfields; i++) {
		const struct field *f = &k->fields[i];

		/* what a writer shows as text: every field with a text form */
		if (f->type == FIELD_CUSTOM && !f->text)
			continue;
		if (!(f->writers & (FW_DASH | FW_TABLE | FW_JSON | FW_CSV)))
			continue;
		if (f->known && !f->known(obj))
			snprintf(text, sizeof(text), "-");
		else
			field_text(f, obj, &c, text, sizeof(text));
		outbuf_puts(b, f->name);
		for (size_t n = strlen(f->name); n < w + 2; n++)
			outbuf_putc(b, ' ');
		outbuf_puts(b, text);
		outbuf_putc(b, '\n');
	}
}
