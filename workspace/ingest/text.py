"""Make untrusted text safe to store and show: it is data, never markup or terminal commands.

`strip_controls` is the one function that decides what a terminal must never receive from
data; `clean_text` (article bodies) and `clean_line` (outlets, titles, package metadata, file
names) build on it when text is stored, and the CLI, TUI and reports use it on output.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")
# CSI/OSC/other escape sequences (colours, cursor moves, hyperlinks, title changes, clipboard).
_ANSI_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)
# What a terminal or a reader must never get from data: C0 controls except tab and newline,
# DEL and the C1 controls (U+009B is CSI on many terminals), every Unicode format character
# (category Cf: bidi overrides and isolates, zero-width spaces and joiners, BOM, invisible
# operators, tag characters), Hangul fillers that render as nothing, and lone surrogates.
# tests/unit/test_text_cleaning.py checks the Cf ranges against the running unicodedata.
# Three classes, because one class mixing these ranges makes `re` several times slower on
# ordinary text; the astral and surrogate ones run only when the text has such code points.
_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
)
_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_SURROGATES = "\ud800-\udfff"
DANGEROUS_CHARACTERS = _BMP + _SURROGATES + _ASTRAL  # as a regex character class body
_DANGEROUS_BMP = re.compile(f"[{_BMP}]")
_DANGEROUS_ASTRAL = re.compile(f"[{_ASTRAL}]")
_LONE_SURROGATE = re.compile(f"[{_SURROGATES}]")
_LINE_SEPARATORS = re.compile("\r\n|[\r\u2028\u2029\x85]")


def replace_dangerous(text: str, replacement: str | Callable[[re.Match[str]], str]) -> str:
    """Replace every dangerous character (see above) in `text` with `replacement`."""
    if _DANGEROUS_BMP.search(text):
        text = _DANGEROUS_BMP.sub(replacement, text)
    try:
        wide = len(text.encode("utf-16-le")) // 2 != len(text)  # astral code points present
    except UnicodeEncodeError:
        text = _LONE_SURROGATE.sub(replacement, text)
        wide = len(text.encode("utf-16-le")) // 2 != len(text)
    return _DANGEROUS_ASTRAL.sub(replacement, text) if wide else text


def strip_controls(text: str) -> str:
    """Drop escape sequences and every dangerous character (see above); keep tab and newline.

    Visible characters, including Rich markup such as ``[bold]``, are kept: output layers
    render them as plain text.
    """
    if text.isascii() and text.isprintable():
        return text  # the common case, fast
    if "\x1b" in text:
        text = _ANSI_ESCAPE.sub("", text)
    if any(separator in text for separator in "\r\u2028\u2029\x85"):
        text = _LINE_SEPARATORS.sub("\n", text)
    return replace_dangerous(text, "")


def clean_text(text: str) -> str:
    """Stored article text: newlines normalised, controls dropped, NFC, tidy blank lines."""
    text = strip_controls(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_line(text: str) -> str:
    """A stored one-line field (outlet, title, URL, date, package name): `clean_text` on one
    line, runs of whitespace made one space."""
    return " ".join(clean_text(text).split())
