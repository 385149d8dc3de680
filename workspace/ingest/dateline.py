"""Datelines and page timestamps in Russian, Kazakh and English: recognised, parsed, moved to metadata.

A dateline ("ASTANA, Nov 12 (Reuters) -", "АСТАНА, 12 ноября. /ТАСС/.", "Астана, 10 қараша.")
opens an agency story: it says where and when, and is not part of the first sentence. A
timestamp line ("12 ноября 2024, 14:35", "Updated 4:32 PM GMT+5, April 8, 2024") is page
furniture whose date is the article's publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Russian and Kazakh month stems; every case form starts with one ("ноября", "қарашада").
_CYRILLIC_MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}  # fmt: skip
_MONTH_WORD = (
    r"(?i:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"|(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
    r"|(?:янв|фев|мар|апр|авг|сент?|окт|ноя|дек)\.?"
    r"|(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша"
    r"|желтоқсан)[а-яәғқңөұүһі]*)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d\d"
# Dates as outlets print them; named groups say which part is which.
_DATE_FORMS = [
    re.compile(rf"(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"),
    re.compile(rf"(?P<d>{_DAY})\.(?P<m>[01]?\d)\.(?P<y>{_YEAR})"),
    re.compile(rf"(?P<y>{_YEAR})\s*(?:жылғы|ж\.)?\s*(?P<d>{_DAY})\s+(?P<mw>{_MONTH_WORD})"),
    re.compile(
        rf"(?P<d>{_DAY})(?:-?е|-?го)?\s+(?P<mw>{_MONTH_WORD})(?:,?\s+(?P<y>{_YEAR})(?:\s*(?:г\.|года?|ж\.|жыл\w*))?)?"
    ),
    re.compile(rf"(?P<mw>{_MONTH_WORD})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR}))?"),
]
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
_ZONE = re.compile(r"\b(?:GMT|UTC|MSK|ALMT|AST)\s*(?:[+-−]\s*\d{1,2}(?::?\d{2})?)?", re.I)
# Words that timestamp lines carry besides the date and time.
_TIMESTAMP_WORDS = _word_set(
    "updated update published posted last modified ago hour hours minute minutes min mins "
    "day days yesterday today at on am pm gmt utc time date edited "
    "monday tuesday wednesday thursday friday saturday sunday "
    "обновлено обновлен обновлена изменено изменен опубликовано опубликован дата публикации "
    "сегодня вчера назад час часа часов минут минуту минуты в г года год мин "
    "понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье "
    "жаңартылды жаңартылған жарияланды жарияланған бүгін кеше бұрын сағат минут жыл жылғы ж "
    "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі"
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Dateline:
    """Where and when an agency story was filed, as the dateline says it."""

    text: str  # the dateline as written, e.g. "ASTANA, Nov 12 (Reuters) -"
    place: str  # "Astana"
    date: str  # as written, e.g. "Nov 12"; "" when the dateline has none
    agency: str  # "Reuters", "ТАСС"; "" when the dateline names none


def parse_date(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of the first date written in `text`, or None."""
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            parts = match.groupdict()
            month = int(parts["m"]) if parts.get("m") else _month_number(parts.get("mw") or "")
            day = int(parts["d"])
            year = int(parts["y"]) if parts.get("y") else None
            if month and 1 <= month <= 12 and _valid(year or 2000, month, day):
                return year, month, day
    return None


def iso_date(text: str) -> str:
    """The first full date (with a year) in `text` as YYYY-MM-DD, or ""."""
    parsed = parse_date(text)
    if parsed is None or parsed[0] is None:
        return ""
    return f"{parsed[0]:04d}-{parsed[1]:02d}-{parsed[2]:02d}"


def timestamp_leftover(line: str) -> str | None:
    """What a line says besides dates, times and their usual words; None if it has no date.

    "" means the line is only a timestamp; "Almaz Kumenov" that it is a byline with a date.
    """
    rest = line
    found = False
    for pattern in (*_DATE_FORMS, _TIME, _ZONE):
        rest, count = pattern.subn(" ", rest)
        found = found or count > 0
    if not found:
        return None
    words = [w for w in _WORD.findall(rest) if w.lower().rstrip(".") not in _TIMESTAMP_WORDS]
    return " ".join(words)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    for stem, number in _CYRILLIC_MONTHS.items():
        if word.startswith(stem):
            return number
    return _EN_MONTHS.get(word[:3], 0)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# -- datelines --------------------------------------------------------------------------------

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"
_CAPS_PLACE = rf"[{_UPPER}][{_UPPER}\-' ]{{2,30}}?[{_UPPER}]"
_LATIN_CAPS_PLACE = r"[A-Z][A-Z\-' ]{2,30}?[A-Z]"
_TITLE_PLACE = rf"[{_UPPER}][{_LOWER}]+(?:[- ][{_UPPER}][{_LOWER}]+)?"
_PLACE = rf"(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})"
_REGION = rf"(?:,\s*(?P<region>{_TITLE_PLACE}))?"
_DATE_TEXT = rf"(?P<date>{_DAY}\s+(?:{_MONTH_WORD})(?:\s+{_YEAR})?|(?:{_MONTH_WORD})\s+{_DAY}(?:,\s+{_YEAR})?)"
_CAPS_AGENCY = rf"(?P<agency>[{_UPPER}][{_UPPER}\-]{{2,30}})"
_DASH = r"\s*[-–—]\s+"
_START = rf"[{_UPPER}0-9«\"“„']"  # the sentence after a dateline starts like a sentence
# One pattern per way agencies write datelines, tried in order. A title-case place ("Астана")
# needs a date after it; a place alone before a dash must be a Latin capitalised word.
_DATELINES = [
    # ASTANA, Nov 12 (Reuters) - | PETROPAVL, Kazakhstan (AP) —
    re.compile(
        rf"^(?P<place>{_CAPS_PLACE}){_REGION}(?:,\s*{_DATE_TEXT})?\s*\((?P<agency>[^()]{{2,30}})\){_DASH}"
    ),
    # BAKU, Azerbaijan, November 12.
    re.compile(rf"^(?P<place>{_CAPS_PLACE}){_REGION},\s*{_DATE_TEXT}\.\s+"),
    # ASTANA – (The Astana Times)
    re.compile(rf"^(?P<place>{_LATIN_CAPS_PLACE}){_DASH}"),
    # АСТАНА, 12 ноября. /ТАСС/.
    re.compile(rf"^{_PLACE}[,.]\s*{_DATE_TEXT}\.?\s*/(?P<agency>[^/]{{2,30}})/\.?\s+"),
    # МОСКВА, 8 апр - РИА Новости.
    re.compile(rf"^{_PLACE}[,.]\s*{_DATE_TEXT}\.?{_DASH}(?P<agency>[^.\-–—]{{2,30}}?)\.\s+"),
    # Астана. 12 ноября. ИНТЕРФАКС-КАЗАХСТАН -
    re.compile(rf"^{_PLACE}[,.]\s*{_DATE_TEXT}\.\s+{_CAPS_AGENCY}{_DASH}"),
    # АСТАНА. КАЗИНФОРМ – | ASTANA. KAZINFORM –
    re.compile(rf"^(?P<place>{_CAPS_PLACE})\.\s+{_CAPS_AGENCY}{_DASH}"),
    # Астана, 10 қараша. | АСТАНА, 10 ноября.
    re.compile(rf"^{_PLACE}[,.]\s*{_DATE_TEXT}\.\s+"),
]


def find_dateline(line: str) -> tuple[Dateline, str] | None:
    """The dateline that opens `line` and the rest of the line, or None."""
    for pattern in _DATELINES:
        match = pattern.match(line)
        if match is None:
            continue
        rest = line[match.end() :]
        if rest and not re.match(_START, rest):
            continue
        parts = match.groupdict()
        agency = (parts.get("agency") or "").strip()
        return (
            Dateline(
                text=line[: match.end()].strip(),
                place=_tidy_name(parts["place"], min_letters=1),
                date=(parts.get("date") or "").strip(),
                agency=_tidy_name(agency, min_letters=5),
            ),
            rest.strip(),
        )
    return None


def _tidy_name(name: str, min_letters: int) -> str:
    """ "ASTANA" -> "Astana", "ИНТЕРФАКС-КАЗАХСТАН" -> "Интерфакс-Казахстан"; "ТАСС" stays."""
    name = " ".join(name.split())
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) >= min_letters and all(ch.isupper() for ch in letters):
        return "-".join(part.capitalize() for part in name.title().split("-"))
    return name
