"""Facts in pivot-language (English) sentences, and where aligned sentences disagree on them.

Numbers carry their scale and unit ("10 billion cubic meters", "$2.4 billion", "1,200 km",
"ten years"); dates are weekdays, day+month and years; names are runs of capitalised words,
compared by a spelling skeleton so transliteration variants are one name; quotes carry their
speaker when the sentence names one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workspace.compare.text import NUMBER_WORDS, normalise_number, skeleton, stem

SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
UNITS = {
    "km": "km", "kilometer": "km", "kilometre": "km", "kilometers": "km", "kilometres": "km",
    "cubic": "m3", "m3": "m3", "m³": "m3", "percent": "%", "%": "%", "per": "%",
    "dollar": "usd", "dollars": "usd", "$": "usd", "usd": "usd", "tenge": "kzt", "ruble": "rub",
    "rubles": "rub", "roubles": "rub", "euro": "eur", "euros": "eur", "€": "eur",
    "year": "year", "years": "year", "month": "month", "months": "month", "day": "day",
    "days": "day", "people": "people", "persons": "people", "residents": "people",
    "ton": "t", "tons": "t", "tonnes": "t", "tonne": "t", "hectares": "ha", "mw": "mw",
    "megawatts": "mw", "barrels": "bbl", "jobs": "job", "job": "job", "workers": "worker",
}  # fmt: skip
_FILLERS = {"new", "more", "than", "about", "some", "of", "additional", "extra", "a", "an"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june",
          "july", "august", "september", "october", "november", "december"))}  # fmt: skip
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())} | {"sept": 9})
SEASONS = ("winter", "spring", "summer", "autumn", "fall")

_NUMBER = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d+(?:[.,]\d+)*(?:\s\d{3})*|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")\b(?:\s?(?P<pct>%|percent|per cent))?(?:[\s-](?P<scale>thousand|million|billion|trillion|mln|bn)\b)?",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"^[\s-]*([A-Za-z³%]+)(?:\s+([A-Za-z]+))?(?:\s+([A-Za-z]+))?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_MONTH = re.compile(
    r"\b(?:(\d{1,2})\s+("
    + "|".join(MONTHS)
    + r")\.?|("
    + "|".join(MONTHS)
    + r")\.?\s+(\d{1,2}))\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“«]([^\"”»]{12,}?)[\"”»]")
_NAME = re.compile(r"\b([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+)")
_SPEAKER_AFTER = re.compile(
    r"^[,\s]*(?:[-—–]\s*)?(?:said|says|told [\w\s]+?|added|stated)\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)"
)
_SPEAKER_BEFORE_VERB = re.compile(
    r"^[,\s]*(?:[-—–]\s*)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?:said|says|told|added)"
)
_NOT_NAMES = {"the", "a", "an", "in", "on", "at", "this", "that", "but", "and", "according"}


@dataclass(frozen=True)
class NumberFact:
    value: float
    unit: str
    text: str


@dataclass(frozen=True)
class DateFact:
    slot: str  # weekday | day-month | year
    value: str
    text: str


@dataclass(frozen=True)
class QuoteFact:
    text: str
    speaker: str


@dataclass(frozen=True)
class Facts:
    numbers: list[NumberFact]
    dates: list[DateFact]
    names: list[str]
    quotes: list[QuoteFact]


def extract_facts(sentence: str) -> Facts:
    return Facts(_numbers(sentence), _dates(sentence), _names(sentence), _quotes(sentence))


def _numbers(sentence: str) -> list[NumberFact]:
    facts = []
    for match in _NUMBER.finditer(sentence):
        raw = match.group("num")
        number = normalise_number(raw.lower().replace(" ", ""))
        try:
            value = float(number)
        except ValueError:
            continue
        if _YEAR.fullmatch(raw) and not match.group("scale") and not match.group("pct"):
            continue  # a year is a date, not a quantity
        scale = (match.group("scale") or "").lower()
        value *= SCALES.get(scale, 1.0)
        unit = "%" if match.group("pct") else ""
        if match.group("cur"):
            unit = UNITS.get(match.group("cur"), "money")
        written = match.group(0).strip()
        if not unit:
            unit, words = _unit_after(sentence[match.end() :])
            written = (written + words).strip()
        if not unit:
            continue  # a bare number: too vague to compare
        facts.append(NumberFact(value, unit, written))
    return facts


def _unit_after(rest: str) -> tuple[str, str]:
    """The unit of a number from the words right after it ("cubic meters", "new jobs"), and
    those words as written."""
    match = _FOLLOWING.match(rest)
    if not match:
        return "", ""
    for group, word in enumerate((w for w in match.groups() if w), start=1):
        lowered = word.lower()
        unit = UNITS.get(lowered) or ("" if lowered in _FILLERS else stem(lowered))
        if unit:
            if unit == "m3" and lowered == "cubic" and match.group(group + 1):
                group += 1
            return unit, rest[: match.end(group)]
    return "", ""


def _dates(sentence: str) -> list[DateFact]:
    facts = []
    lowered = sentence.lower()
    for day in WEEKDAYS:
        if re.search(rf"\b{day}\b", lowered):
            facts.append(DateFact("weekday", day, day.capitalize()))
    for match in _DAY_MONTH.finditer(sentence):
        day = match.group(1) or match.group(4)
        month = (match.group(2) or match.group(3)).lower()
        facts.append(DateFact("day-month", f"{MONTHS[month]:02d}-{int(day):02d}", match.group(0)))
    for match in _YEAR.finditer(sentence):
        facts.append(DateFact("year", match.group(1), match.group(1)))
    return facts


def _names(sentence: str) -> list[str]:
    names = []
    for match in _NAME.finditer(sentence):
        words = match.group(1).split()
        while words and (words[0].lower() in _NOT_NAMES or words[0].lower() in MONTHS
                         or words[0].lower() in WEEKDAYS):  # fmt: skip
            words = words[1:]
        if len(words) >= 2:
            names.append(" ".join(words))
    return names


def _quotes(sentence: str) -> list[QuoteFact]:
    facts = []
    for match in _QUOTE.finditer(sentence):
        quote = match.group(1).strip()
        if len(quote.split()) < 3:
            continue
        after = sentence[match.end() :]
        speaker = ""
        for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE_VERB):
            found = pattern.search(after)
            if found:
                speaker = found.group(1)
                break
        if not speaker:
            before = re.search(r"([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?:said|says|told\s+\w+)[:,]?\s*$",
                               sentence[: match.start()])  # fmt: skip
            speaker = before.group(1) if before else ""
        facts.append(QuoteFact(quote, speaker))
    return facts


def name_key(name: str) -> str:
    """Names meet on the skeleton of their last word (Satkaliyev = Satkaliev)."""
    return skeleton(name.split()[-1])


def same_number(a: NumberFact, b: NumberFact) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(abs(a.value), abs(b.value), 1.0)
