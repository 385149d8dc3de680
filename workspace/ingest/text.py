"""Make untrusted text safe to store and show: it is data, never markup or terminal commands.

`strip_controls` is the one function that decides what a terminal must never receive from
data; `clean_text` (article bodies) and `clean_line` (outlets, titles, package metadata, file
names) build on it when text is stored, and the CLI, TUI and reports use it on output.
"""

from __future__ import annotations

import re
import unicodedata

# CSI/OSC/other escape sequences (colours, cursor moves, hyperlinks, title changes, clipboard).
_ANSI_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)
# What a terminal or a reader must never get from data: C0 controls except tab and newline,
# DEL and the C1 controls (U+009B is CSI on many terminals), every Unicode format character
# (category Cf: bidi overrides and isolates, zero-width spaces and joiners, BOM, invisible
# operators, tag characters), Hangul fillers that render as nothing, and lone surrogates.
# tests/unit/test_text_cleaning.py checks the Cf ranges against the running unicodedata.
DANGEROUS_CHARACTERS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_DANGEROUS = re.compile(f"[{DANGEROUS_CHARACTERS}]")
_LINE_SEPARATORS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def strip_controls(text: str) -> str:
    """Drop escape sequences and every dangerous character (see above); keep tab and newline.

    Visible characters, including Rich markup such as ``[bold]``, are kept: output layers
    render them as plain text.
    """
    if text.isascii() and text.isprintable():
        return text  # the common case, fast
    text = _LINE_SEPARATORS.sub("\n", text)
    return _DANGEROUS.sub("", _ANSI_ESCAPE.sub("", text))


def clean_text(text: str) -> str:
    """Stored article text: newlines normalised, controls dropped, NFC, tidy blank lines."""
    text = unicodedata.normalize("NFC", strip_controls(text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_line(text: str) -> str:
    """A stored one-line field (outlet, title, URL, date, package name): `clean_text` on one
    line, runs of whitespace made one space."""
    return " ".join(clean_text(text).split())
