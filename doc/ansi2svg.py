#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 The shmtop developers
# ansi2svg.py - turn a terminal capture with SGR escapes (`tmux capture-pane -e -p`) into an SVG:
# a dark background, a monospace font, one <text> per screen line and one <tspan> per run of
# cells that share a style, and a <rect> behind every run whose background is not the default.
#
# Understands SGR 0/1/2/3/4/7/8/9 and their resets (22-29), 30-37/90-97/39 and 40-47/100-107/49,
# 256 colors (38;5;N / 48;5;N), 24-bit colors (38;2;R;G;B) and the DEC line-drawing charset that
# tmux marks with SO/SI. Other escapes (cursor motion, OSC) are skipped. Bold text in one of the
# eight basic colors is drawn in the bright variant, as xterm does (--no-bold-bright to turn off).
#
# Usage: ansi2svg.py [-o OUT.svg] [--cols N] [--rows N] [--font-size PX] [--title TEXT] [IN]
# Example: tmux capture-pane -e -p -N -t shot | doc/ansi2svg.py --cols 100 --rows 30 -o shot.svg
# (-N keeps trailing blanks; without it, a line whose blanks had a background is filled out to
# --cols from the style tmux leaves at the line's end.)
import argparse
import re
import sys
import unicodedata
from xml.sax.saxutils import escape

# The 16 basic colors: a muted dark-theme palette (close to VS Code's integrated terminal).
PALETTE16 = [
    "#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
    "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
]
DEFAULT_FG = "#d4d4d4"
DEFAULT_BG = "#1e1e1e"

# DEC special graphics (ESC ( 0, or SO when tmux marks ACS cells) to Unicode.
DEC_GRAPHICS = dict(zip("`abcdefghijklmnopqrstuvwxyz{|}~",
                        "◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·"))


def color256(n):
    """xterm's 256-color palette as #rrggbb."""
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)


class Style:
    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse", "hidden", "strike")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None          # None: default; int: palette index; str: #rrggbb
        self.bold = self.dim = self.italic = self.underline = False
        self.reverse = self.hidden = self.strike = False

    def key(self):
        return tuple(getattr(self, s) for s in self.__slots__)

    def apply(self, params):
        p = [int(x) if x.isdigit() else 0 for x in params.replace(":", ";").split(";")] or [0]
        i = 0
        while i < len(p):
            c = p[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 3:
                self.italic = True
            elif c in (4, 21):
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 8:
                self.hidden = True
            elif c == 9:
                self.strike = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif c == 28:
                self.hidden = False
            elif c == 29:
                self.strike = False
            elif 30 <= c <= 37:
                self.fg = c - 30
            elif 90 <= c <= 97:
                self.fg = c - 90 + 8
            elif c == 39:
                self.fg = None
            elif 40 <= c <= 47:
                self.bg = c - 40
            elif 100 <= c <= 107:
                self.bg = c - 100 + 8
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(p):
                if p[i + 1] == 5 and i + 2 < len(p):
                    val, i = p[i + 2], i + 2
                elif p[i + 1] == 2 and i + 4 < len(p):
                    val, i = "#%02x%02x%02x" % tuple(min(v, 255) for v in p[i + 2:i + 5]), i + 4
                else:
                    val, i = None, len(p)
                if c == 38:
                    self.fg = val
                else:
                    self.bg = val
            i += 1


def resolve(color, default, bold_bright=False):
    if color is None:
        return default
    if isinstance(color, str):
        return color
    if bold_bright and color < 8:
        color += 8
    return color256(color)


def mix(a, b, t):
    """a blended toward b by t (0..1), both #rrggbb."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#%02x%02x%02x" % tuple(round(x + (y - x) * t) for x, y in zip(ca, cb))


def cell_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


ESC_RE = re.compile(r"\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)")


def parse(text):
    """The capture as lines of [(char, width, style key)]."""
    style = Style()
    lines = []
    for raw in text.split("\n"):
        cells, pos, dec = [], 0, False
        for m in ESC_RE.finditer(raw + "\x1b[Z"):  # sentinel so the tail is handled
            for ch in raw[pos:m.start()]:
                if ch == "\x0e":
                    dec = True
                elif ch == "\x0f":
                    dec = False
                elif ch == "\t":
                    cells.extend((" ", 1, style.key()) for _ in range(8 - len(cells) % 8))
                elif ch >= " ":
                    ch = DEC_GRAPHICS.get(ch, ch) if dec else ch
                    w = cell_width(ch)
                    if w == 0 and cells:
                        c = cells[-1]
                        cells[-1] = (c[0] + ch, c[1], c[2])
                    elif w:
                        cells.append((ch, w, style.key()))
            pos = m.end()
            if m.group(2) == "m":
                style.apply(m.group(1))
            elif m.group(0) in ("\x1b(0",):
                dec = True
            elif m.group(0) in ("\x1b(B",):
                dec = False
        # Without -N tmux drops a line's trailing blanks but still sends their style: a
        # background there means the blanks were colored (a title bar), so paint them.
        if style.bg is not None or style.reverse:
            cells.append((" ", 0, style.key()))  # width 0: stretched to the line's end
        lines.append(cells)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def render(lines, cols, rows, font_size, title, bold_bright):
    cw = font_size * 0.6          # the advance of DejaVu Sans Mono, Menlo, Consolas, ...
    lh = round(font_size * 1.25, 2)
    pad = round(font_size, 2)
    cols = cols or max((sum(c[1] for c in line) for line in lines), default=1)
    rows = rows or len(lines)
    bar = round(font_size * 1.8, 2) if title else 0
    width, height = round(cols * cw + 2 * pad, 2), round(rows * lh + 2 * pad + bar, 2)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" '
        'font-family="\'DejaVu Sans Mono\', Menlo, Consolas, \'Liberation Mono\', monospace" '
        'font-size="%s">' % (width, height, width, height, font_size),
        '<rect width="100%%" height="100%%" rx="6" fill="%s"/>' % DEFAULT_BG,
    ]
    if title:
        out.append('<text x="%s" y="%s" fill="#808080" text-anchor="middle">%s</text>'
                   % (round(width / 2, 2), round(pad / 2 + font_size, 2), escape(title)))
    rects, texts = [], []
    for y, line in enumerate(lines[:rows]):
        top = pad + bar + y * lh
        base = round(top + lh * 0.78, 2)
        runs, x = [], 0
        for ch, w, key in line:       # group cells into runs of one style
            if x >= cols:
                break
            if w == 0:                # the colored tail of a trimmed line
                w, ch = cols - x, " " * (cols - x)
            if runs and runs[-1][2] == key:
                runs[-1][1] += ch
                runs[-1][3] += w
            else:
                runs.append([x, ch, key, w])
            x += w
        spans, bgs = [], []
        for x, s, key, w in runs:
            st = dict(zip(Style.__slots__, key))
            fg = resolve(st["fg"], DEFAULT_FG, bold_bright and st["bold"])
            bg = resolve(st["bg"], DEFAULT_BG)
            if st["reverse"]:
                fg, bg = bg, fg
            if st["dim"]:
                fg = mix(fg, bg, 0.45)
            if st["hidden"]:
                fg = bg
            if bg != DEFAULT_BG:      # one rect for neighbouring runs of one background
                if bgs and bgs[-1][2] == bg and bgs[-1][0] + bgs[-1][1] == x:
                    bgs[-1][1] += w
                else:
                    bgs.append([x, w, bg])
            if not s.strip() and not (st["underline"] or st["strike"]):
                continue
            attrs = ['x="%s"' % round(pad + x * cw, 2), 'fill="%s"' % fg]
            if len(s.rstrip()) > 1 and w == len(s):
                attrs.append('textLength="%s"' % round(w * cw, 2))
            if st["bold"]:
                attrs.append('font-weight="bold"')
            if st["italic"]:
                attrs.append('font-style="italic"')
            deco = " ".join(d for d, on in (("underline", st["underline"]),
                                           ("line-through", st["strike"])) if on)
            if deco:
                attrs.append('text-decoration="%s"' % deco)
            spans.append("<tspan %s>%s</tspan>" % (" ".join(attrs), escape(s)))
        rects += ['<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                  % (round(pad + x * cw, 2), round(top, 2), round(w * cw, 2), lh, bg)
                  for x, w, bg in bgs]
        if spans:
            texts.append('<text y="%s" xml:space="preserve">%s</text>' % (base, "".join(spans)))
    out += rects + texts + ["</svg>"]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Render a terminal capture with SGR escapes as SVG.")
    ap.add_argument("input", nargs="?", help="capture file (default: standard input)")
    ap.add_argument("-o", "--output", help="SVG file (default: standard output)")
    ap.add_argument("--cols", type=int, default=0, help="screen width (default: longest line)")
    ap.add_argument("--rows", type=int, default=0, help="screen height (default: lines read)")
    ap.add_argument("--font-size", type=float, default=14, help="pixels (default 14)")
    ap.add_argument("--title", help="a caption above the screen")
    ap.add_argument("--no-bold-bright", action="store_true",
                    help="draw bold text in its own color, not the bright variant")
    a = ap.parse_args()
    src = open(a.input, encoding="utf-8", errors="replace") if a.input else sys.stdin
    with src:
        text = src.read()
    svg = render(parse(text), a.cols, a.rows, a.font_size, a.title, not a.no_bold_bright)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(svg)
    else:
        sys.stdout.write(svg)


if __name__ == "__main__":
    main()
