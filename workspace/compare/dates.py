"""Dates in Russian, Kazakh and English news text, resolved against the publication date.

"12 декабря", "December 12", "12 желтоқсанда", "12.12.2021", "12/12/2021" (11/30/2021 when
the day cannot be a month), "2021-12-12" are days; "on
Tuesday", "во вторник", "сейсенбі күні" are weekdays, and "yesterday", "вчера", "кеше" are
relative days: both become a calendar day when the article's published date is known (the
weekday is taken as the most recent one on or before it: news reports what happened). Years
("in 2021", "в 2021 году", "2021 жылы") are dates too, never quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    # Russian (genitive, as after a day, and nominative/prepositional)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7,
    "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
    # Kazakh (stems; case endings follow)
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
    "понедельник": 0, "вторник": 1, "среда": 2, "среду": 2, "четверг": 3, "пятница": 4,
    "пятницу": 4, "суббота": 5, "субботу": 5, "воскресенье": 6, "понедельника": 0,
    "вторника": 1, "среды": 2, "четверга": 3, "пятницы": 4, "субботы": 5, "воскресенья": 6,
    "дүйсенбі": 0, "сейсенбі": 1, "сәрсенбі": 2, "бейсенбі": 3, "жұма": 4, "сенбі": 5,
    "жексенбі": 6,
}  # fmt: skip
RELATIVE = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "сегодня": 0, "вчера": -1,
    "завтра": 1, "позавчера": -2, "бүгін": 0, "кеше": -1, "ертең": 1, "бүрсігүні": 2,
}  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTH_ALT = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"(?:\b(?P<year0>(?:19|20)\d\d)(?:\s?-?\s?ж\.|\s+жыл[^\W\d_]*)\s+)?"  # 2025 жылғы 4 қараша
    rf"\b(?P<day>\d{{1,2}})(?:(?:\s?[-–]\s?|\s+(?:по|и|and|to)\s+)(?P<day2>\d{{1,2}}))?(?:-?(?:го|е|ші|шы|st|nd|rd|th))?"
    rf"\s+(?:of\s+)?(?P<month>{_MONTH_ALT})[^\W\d_]*\.?(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"|\b(?P<month2>{_MONTH_ALT})\.?\s+(?P<day3>\d{{1,2}})(?:\s?[-–]\s?(?P<day4>\d{{1,2}}))?"
    rf"(?:st|nd|rd|th)?\b(?:,?\s+(?P<year2>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"\b(?:(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)|(?P<y2>(?:19|20)\d\d)-(?P<m2>\d\d)-(?P<d2>\d\d))\b"
)
_WEEKDAY = re.compile(
    r"\b(?P<word>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")[^\W\d_]{0,4}\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?P<word>" + "|".join(RELATIVE) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,:-])(?P<year>(?:19|20)\d\d)(?![\d.,]\d)(?!-?(?:х|е|ых|s)\b)")


@dataclass(frozen=True)
class DateFact:
    kind: str  # day | weekday | relative | year
    value: str  # ISO day, "--MM-DD" when the year is unknown, a weekday name, or a year
    day: date | None  # the calendar day, when it can be known
    weekday: int | None  # 0 = Monday
    text: str  # as written
    start: int
    end: int
    last: date | None = None  # the last day of a range ("9-10 December")
    year_given: bool = True  # False when the year was taken from the published date

    def agrees(self, other: DateFact) -> bool:
        """Can both wordings name the same day (or year)? A weekday is compared as a weekday
        ("on Friday" agrees with 18 April 2025, whether it was last Friday or the next one);
        a year taken from the published date is no evidence against a year written."""
        if self.kind == "year" or other.kind == "year":
            return self.kind == other.kind and self.value == other.value
        if "weekday" in (self.kind, other.kind):
            if self.weekday is None or other.weekday is None:
                return True
            if self.last is not None or other.last is not None:
                return True  # a range holds several weekdays
            return self.weekday == other.weekday
        if self.day is not None and other.day is not None:
            if self.year_given and other.year_given:
                return self._overlaps(other)
            return self._month_day() == other._month_day() or self._overlaps(other)
        return self._month_day() == other._month_day()

    def _overlaps(self, other: DateFact) -> bool:
        assert self.day is not None and other.day is not None
        if self.last is not None and other.last is not None:
            return (self.day, self.last) == (other.day, other.last)
        return self.day <= (other.last or other.day) and other.day <= (self.last or self.day)

    def _month_day(self) -> str:
        if self.day is not None:
            return self.day.isoformat()[5:] + (f"/{self.last.day:02d}" if self.last else "")
        return self.value[2:] if self.value.startswith("--") else self.value


def published_day(published: str) -> date | None:
    match = re.search(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", published or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _day(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def extract_dates(sentence: str, published: str = "") -> list[DateFact]:
    """Dates in one sentence, resolved against `published` (ISO) where it is known."""
    anchor = published_day(published)
    facts: list[DateFact] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in _NUMERIC.finditer(sentence):
        d, m, y = (match.group("d"), match.group("m"), match.group("y")) if match.group("d") else (
            match.group("d2"), match.group("m2"), match.group("y2"))  # fmt: skip
        if int(m) > 12 >= int(d):  # 11/30/2025: the American order
            d, m = m, d
        day = _day(int(y), int(m), int(d))
        if day is not None:
            facts.append(DateFact("day", day.isoformat(), day, day.weekday(), match.group(0),
                                  match.start(), match.end()))  # fmt: skip
            taken.append(match.span())
    for match in _DAY_MONTH.finditer(sentence):
        if not free(*match.span()):
            continue
        month = MONTHS[(match.group("month") or match.group("month2")).lower()]
        day_text = match.group("day") or match.group("day3")
        second = match.group("day2") or match.group("day4")
        number = int(day_text)
        if not 1 <= number <= 31:
            # "September 44" is no day: keep it as written so that it is still compared.
            facts.append(DateFact("day", f"--{month:02d}-{number:02d}", None, None,
                                  match.group(0), match.start(), match.end()))  # fmt: skip
            taken.append(match.span())
            continue
        year_text = match.group("year") or match.group("year2") or match.group("year0")
        year = int(year_text) if year_text else (anchor.year if anchor else None)
        day = _day(year, month, number)
        if (
            day is not None
            and anchor is not None
            and not year_text
            and day > anchor + timedelta(days=180)
        ):
            day = _day(year - 1, month, number) if year else None  # December news read in January
        value = day.isoformat() if day else f"--{month:02d}-{number:02d}"
        last = None
        if second:
            value += f"/{int(second):02d}"
            last = _day(year, month, int(second)) if day else None
            if last is not None and day is not None and last < day:
                day, last = last, day
        facts.append(DateFact("day", value, day, day.weekday() if day else None, match.group(0),
                              match.start(), match.end(), last, bool(year_text)))  # fmt: skip
        taken.append(match.span())
    for match in _WEEKDAY.finditer(sentence):
        if not free(*match.span()) or not free(match.end(), match.end() + 4):
            continue  # "on Saturday, December 11": the day says it all
        weekday = WEEKDAYS[match.group("word").lower()]
        day = None
        if anchor is not None:
            day = anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
        facts.append(DateFact("weekday", WEEKDAY_NAMES[weekday], day, weekday, match.group(0),
                              match.start(), match.end()))  # fmt: skip
        taken.append(match.span())
    for match in _RELATIVE.finditer(sentence):
        if not free(*match.span()):
            continue
        shift = RELATIVE[match.group("word").lower()]
        day = anchor + timedelta(days=shift) if anchor else None
        facts.append(DateFact("relative", day.isoformat() if day else match.group("word").lower(),
                              day, day.weekday() if day else None, match.group(0),
                              match.start(), match.end()))  # fmt: skip
        taken.append(match.span())
    for match in _YEAR.finditer(sentence):
        if not free(*match.span()):
            continue
        facts.append(DateFact("year", match.group("year"), None, None, match.group("year"),
                              match.start(), match.end()))  # fmt: skip
    return sorted(facts, key=lambda f: f.start)
