/* view_help.c - every key on one screen. */
#include "config.h"

#include "view.h"

static const char *const help_lines[][2] = {
	{ "Up/Down  j/k", "move the selection" },
	{ "PgUp/PgDn Home/End", "move by a page / to the first or last row" },
	{ "Enter", "details of the selected segment" },
	{ "x", "live hexdump of the selected segment (never left attached)" },
	{ "l  a  L", "only leak suspects / PROCESSES column / kernel limits" },
	{ "Tab", "POSIX shared memory objects (/dev/shm) and back" },
	{ "N", "view the IPC namespace of a process (a container's; root)" },
	{ "Esc  q", "back (q on the table quits)" },
	{ "F1  h  ?", "this help" },
	{ "F3  /", "search (key, id, owner, command); n: next match" },
	{ "F4  \\", "filter rows; Enter keeps it, Esc clears it" },
	{ "u", "show only one user's segments" },
	{ "F6  < >", "choose the sort column / previous, next column" },
	{ "I", "invert the sort order" },
	{ "mouse", "click a column title to sort, a row to select" },
	{ "Space  U", "tag the selected segment / untag all" },
	{ "F9  d", "remove (IPC_RMID) the tagged or selected segments" },
	{ "Z  p", "pause / resume refreshing" },
	{ "t", "relative or absolute times" },
	{ "Ctrl-L", "redraw the screen" },
	{ "F10  q", "quit" },
};

static const char *const hex_lines[][2] = {
	{ "arrows  j/k", "move the cursor byte" },
	{ "PgUp/PgDn Home/End", "by a page / to the first or last byte" },
	{ "g", "go to an offset (0x.. hex or decimal, K/M/G)" },
	{ "/  F3", "search: text with \\ escapes, or x:de ad be ef" },
	{ "n  N", "next / previous match" },
	{ "w", "save the whole segment to a file (a new one, or replaced whole)" },
	{ "Z  p", "freeze / follow the bytes" },
	{ "Esc  q  x", "leave the hex view" },
	{ "F10", "quit" },
};

static void help_draw(struct app *a, struct frame *f)
{
	static const char *const fbar[] = { "Esc", "Back  ", NULL, NULL };
	int y = 0;

	frame_fill(f, y, 0, f->w, STYLE_TITLE, ' ');
	frame_put(f, y++, 0, f->w, STYLE_TITLE, "shmtop help - press any key to go back");
	if (a->back == MODE_POSIX) {
		static const char *const posix_lines[][2] = {
			{ "Up/Down  j/k", "move the selection" },
			{ "x  Enter", "live hexdump of the object (read-only)" },
			{ "F9  d", "unlink it (shm_unlink); mappings stay valid" },
			{ "Tab", "back to the System V table" },
			{ "t  Z", "time format / pause" },
			{ "F10  q", "quit" },
		};

		for (size_t i = 0; i < sizeof(posix_lines) / sizeof(posix_lines[0]); i++) {
			frame_put(f, y, 1, 20, STYLE_FKEY, posix_lines[i][0]);
			frame_put(f, y++, 22, f->w - 22, STYLE_NORMAL, posix_lines[i][1]);
		}
		frame_put(f, y + 1, 1, f->w - 1, STYLE_DIM,
			  "Rows: ! leak suspect (unmapped and stale), - unlinked but still mapped.");
		view_draw_fbar(a, f, (const char *const[]){ "Esc", "Back  ", NULL, NULL });
		return;
	}
	if (a->back == MODE_HEX) {
		for (size_t i = 0; i < sizeof(hex_lines) / sizeof(hex_lines[0]) && y < f->h - 4; i++) {
			frame_put(f, y, 1, 20, STYLE_FKEY, hex_lines[i][0]);
			frame_put(f, y++, 22, f->w - 22, STYLE_NORMAL, hex_lines[i][1]);
		}
		frame_put(f, y + 1, 1, f->w - 1, STYLE_DIM,
			  "Changed bytes are lit and fade; the status line says how they are read.");
		view_draw_fbar(a, f, (const char *const[]){ "Esc", "Back  ", NULL, NULL });
		return;
	}
	for (size_t i = 0; i < sizeof(help_lines) / sizeof(help_lines[0]) && y < f->h - 4; i++) {
		frame_put(f, y, 1, 20, STYLE_FKEY, help_lines[i][0]);
		frame_put(f, y++, 22, f->w - 22, STYLE_NORMAL, help_lines[i][1]);
	}
	y++;
	if (y < f->h - 3)
		frame_put(f, y++, 1, f->w - 1, STYLE_DIM,
			  "Rows: + new, - gone, * tagged, ! leak suspect; changed cells are lit.");
	if (y < f->h - 2)
		frame_put(f, y++, 1, f->w - 1, STYLE_DIM, a->cfg.read_only ?
			  "Removal is disabled (--read-only)." :
			  "Removal asks first; the answer defaults to No.");
	view_draw_fbar(a, f, fbar);
}

static int help_key(struct app *a, int key)
{
	if (key == APP_KEY_F10)
		return APP_QUIT;
	a->mode = a->back;
	return APP_REDRAW;
}

const struct view view_help = { "help", help_draw, help_key };
