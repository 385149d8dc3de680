"""An article's title when none is given: its headline, never a paragraph of running text."""

from __future__ import annotations

import re

from workspace.ingest.segment import split_sentences

# A title made from running text is cut at a word before this many characters.
MAX_TITLE = 100
# A first line longer than this is not a headline, even without final punctuation.
MAX_HEADLINE = 150
_SITE_SUFFIX = re.compile(r"^(?P<head>.+?)\s+[|—–-]\s+(?P<site>[^|—–]{2,60})$")


def default_title(text: str, language: str = "en") -> str:
    """The first line when it reads like a headline, else the first sentence's opening.

    A headline is one sentence of at most MAX_HEADLINE characters; a longer first line gives
    its first sentence, cut at a word to at most MAX_TITLE characters.
    """
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not first_line:
        return ""
    sentences = split_sentences(first_line, language) or [first_line]
    first = sentences[0]
    if len(sentences) == 1 and len(first) <= MAX_HEADLINE and not first.endswith("."):
        return first
    if len(first) <= MAX_TITLE:
        return first.rstrip(".")
    return shorten(first, MAX_TITLE)


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    """`text` cut at the last word boundary that fits in `limit` characters, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(' ,;:—–-(«"“') + "…"


def clean_page_title(title: str, site: str = "") -> str:
    """A page's title without the site's name: "Gas deal signed | Reuters" -> "Gas deal signed".

    The last " | X", " - X" or " — X" goes when X is the site's name or the part before it
    has at least four words (a headline) and X at most five (a name, maybe with a date).
    """
    title = " ".join(title.split())
    match = _SITE_SUFFIX.match(title)
    if match is None:
        return title
    head, suffix = match.group("head").strip(), match.group("site").strip()
    if site and suffix.lower().startswith(site.lower()):
        return head
    if len(head.split()) >= 4 and len(suffix.split()) <= 5:
        return head
    return title
