"""`strip_controls` is the one definition of what data may never send to a terminal."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from workspace.ingest.text import clean_line, clean_text, strip_controls

HOSTILE = [
    "\x1b[2J",  # clear screen
    "\x1b]52;c;cGFyYWxsYXg=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]0;PWNED\x07",  # window title
    "\x9b31m",  # C1 CSI
    "\x9d0;PWNED\x9c",  # C1 OSC ... ST
    "\u202eevil\u202c",  # right-to-left override
    "\u2066iso\u2069",  # bidi isolate
    "zero\u200bwidth\u200d\u2060\ufeff",
    "\U000e0041\U000e0042",  # tag characters (invisible ASCII smuggling)
    "\x00\x07\x08\x7f",
]


def test_every_format_character_of_this_python_is_dropped():
    """The hard-coded ranges cover every Unicode Cf (format) character Python knows."""
    missed = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf" and strip_controls(f"a{chr(cp)}b") != "ab"
    ]
    assert missed == []


def test_c0_and_c1_controls_are_dropped_but_tab_and_newline_stay():
    for cp in list(range(0x20)) + list(range(0x7F, 0xA0)):
        kept = strip_controls(f"a{chr(cp)}b")
        if cp in (0x09, 0x0A):
            assert kept == f"a{chr(cp)}b"
        elif cp in (0x0D, 0x85):
            assert kept == "a\nb"  # line breaks become newlines
        else:
            assert kept == "ab", hex(cp)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_payloads_lose_every_dangerous_character(payload):
    for cleaned in (strip_controls(payload), clean_text(payload), clean_line(payload)):
        assert not any(
            ch < " "
            and ch not in "\t\n"
            or "\x7f" <= ch <= "\x9f"
            or unicodedata.category(ch) == "Cf"
            for ch in cleaned
        ), repr(cleaned)


def test_visible_text_and_markup_are_kept():
    text = "Токаев [bold]сказал[/bold] — «да» [link=https://evil]x[/link] 😀 مرحبا"
    assert strip_controls(text) == text
    assert clean_line("  a \n\n b\tc  ") == "a b c"
