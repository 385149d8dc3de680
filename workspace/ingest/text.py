"""Make untrusted article text safe to store and show: it is data, never markup or commands."""

from __future__ import annotations

import re
import unicodedata

# CSI/OSC/other escape sequences (colours, cursor moves, hyperlinks, title changes).
_ANSI_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)
# C0/C1 controls except tab and newline; bidi overrides/isolates that can reorder what is shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def clean_text(text: str) -> str:
    """Normalise newlines and Unicode (NFC), drop escape sequences, controls and zero-widths.

    Visible characters, including Rich markup such as ``[bold]``, are kept as they are: the
    display layer renders them as plain text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_ESCAPE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _ZERO_WIDTH.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
