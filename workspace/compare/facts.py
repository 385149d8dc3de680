"""Facts of one sentence in Russian, Kazakh or English: numbers, dates, names, quotes.

Dates are read first and their words are not numbers; everything is read from the original
text (numbers, dates and names are language-independent once parsed), and from a translation
too when the comparison needs to check what the translation changed.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    dates = extract_dates(_mask_dateline(mask_addresses(text)), published)
    masked = text
    for d in dates:
        masked = masked[: d.start] + " " * (d.end - d.start) + masked[d.end :]
    quotes = extract_quotes(text)
    numbers = [n for n in extract_numbers(masked, language) if n.value != 0 or n.unit]
    return Facts(numbers, dates, extract_names(text), quotes)


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
