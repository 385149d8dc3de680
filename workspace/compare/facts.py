"""Facts of one sentence in Russian, Kazakh or English: numbers, dates, names, quotes.

Dates are read first and their words are not numbers; everything is read from the original
text (numbers, dates and names are language-independent once parsed), and from a translation
too when the comparison needs to check what the translation changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from workspace.compare.dates import DateFact, extract_dates
from workspace.compare.numbers import NumberFact, extract_numbers, mask_addresses
from workspace.compare.people import NameFact, QuoteFact, extract_names, extract_quotes
from workspace.compare.text import skeleton
from workspace.ingest.dateline import find_dateline

__all__ = ["DateFact", "Facts", "NameFact", "NumberFact", "QuoteFact", "extract_facts", "name_key"]


@dataclass(frozen=True)
class Facts:
    numbers: list[NumberFact]
    dates: list[DateFact]
    names: list[NameFact]
    quotes: list[QuoteFact]

    @property
    def empty(self) -> bool:
        return not (self.numbers or self.dates or self.names or self.quotes)


def extract_facts(text: str, language: str = "en", published: str = "") -> Facts:
    """Every fact of a sentence; `published` (ISO date) resolves weekdays and "yesterday"."""
    readable = _cyrillic_kazakh(text) if language == "kk" else text
    dates = extract_dates(_mask_dateline(mask_addresses(readable)), published)
    masked = readable
    for d in dates:
        masked = masked[: d.start] + " " * (d.end - d.start) + masked[d.end :]
    quotes = extract_quotes(text)
    numbers = [n for n in extract_numbers(masked, language) if n.value != 0 or n.unit]
    if readable is not text:  # values as written, in the article's own script
        numbers = [replace(n, text=_as_written(text, n.text, n.start, n.end)) for n in numbers]
        dates = [replace(d, text=_as_written(text, d.text, d.start, d.end)) for d in dates]
    return Facts(numbers, dates, extract_names(text), quotes)


def _as_written(original: str, read: str, start: int, end: int) -> str:
    """The span of the Latin original that was read in Cyrillic as `read`."""
    from workspace.ingest.kazakh import to_cyrillic

    span = original[start:end]
    offset = span.find(span.strip()[:1]) if span.strip() else 0
    candidate = original[start + offset : start + offset + len(read)]
    return candidate if to_cyrillic(candidate) == read else read


def _cyrillic_kazakh(text: str) -> str:
    """Latin-script Kazakh read in Cyrillic, so that its scale words, units and months are
    known ("1 milliard dollarğa" is 1 миллиард долларға); the text itself when it is Cyrillic
    or when the letters do not map one to one (offsets must stay those of the original)."""
    if re.search(r"[а-яёәғқңөұүһі]", text, re.IGNORECASE) or not re.search(r"[a-z]", text, re.I):
        return text
    from workspace.ingest.kazakh import to_cyrillic

    cyrillic = to_cyrillic(text)
    return cyrillic if len(cyrillic) == len(text) else text


def _mask_dateline(text: str) -> str:
    """A dateline ("ALMATY, April 16 (Steppe Wire) -") blanked out: its date is when the
    outlet wrote, not a fact of the claim (it would pair with the claim's "yesterday")."""
    found = find_dateline(text)
    if found is None or not text.endswith(found[1]) or len(found[1]) == len(text):
        return text
    cut = len(text) - len(found[1])
    return " " * cut + text[cut:]


def name_key(name: str) -> str:
    """Names meet on the skeleton of their last word (Satkaliyev = Satkaliev)."""
    return skeleton(name.split()[-1])
