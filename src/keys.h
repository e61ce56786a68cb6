/* keys.h - the dashboard's key codes: the keys that are not characters, as ui.c delivers them
 * and the views read them. Knows nothing of curses. */
#ifndef SHMTOP_KEYS_H
#define SHMTOP_KEYS_H

/* Keys that are not characters. Characters are passed as themselves (Ctrl-L is 12). */
enum {
	APP_KEY_UP = 0x110000, APP_KEY_DOWN, APP_KEY_LEFT, APP_KEY_RIGHT, APP_KEY_PGUP,
	APP_KEY_PGDN, APP_KEY_HOME, APP_KEY_END, APP_KEY_ENTER, APP_KEY_ESC, APP_KEY_BACKSPACE,
	APP_KEY_DELETE, APP_KEY_F1, APP_KEY_F2, APP_KEY_F3, APP_KEY_F4, APP_KEY_F5, APP_KEY_F6,
	APP_KEY_F7, APP_KEY_F8, APP_KEY_F9, APP_KEY_F10, APP_KEY_MOUSE_CLICK, APP_KEY_WHEEL_UP,
	APP_KEY_WHEEL_DOWN, APP_KEY_RESIZE,
};

#define APP_CTRL(c) ((c) & 0x1f)

#endif
