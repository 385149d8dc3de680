"""Numbers in Russian, Kazakh and English news text, read as quantities.

A number carries its scale (млрд, мың, billion), its unit (%, $, теңге, km, bcm), what it counts
when that is a plain noun ("37 memoranda", "162 пассажира"), and its qualifier as meaning:
"more than 30" is the interval (30, ∞) and agrees with 37; "около 250" is 250 ± 10 %; "10–12"
and "от 3 до 6" are ranges. Numbers inside names and codes (COVID-19, Су-35, Boeing 737, ISO
9001, DOP 2), ordinals (32nd, 32-ші), times, phone numbers, web addresses and years are not
quantities: years are dates (see dates.py) and the rest is ignored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# -- vocabulary -----------------------------------------------------------------------------------

SCALES = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6,
    "m": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12,
    "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "тысячу": 1e3, "тысячами": 1e3,
    "млн": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12, "триллион": 1e12,
    "триллиона": 1e12, "триллионов": 1e12,
    "мың": 1e3, "миллионға": 1e6, "миллиардқа": 1e9, "миллиардтан": 1e9, "миллионнан": 1e6,
    "мыңға": 1e3, "мыңнан": 1e3, "млн-ға": 1e6, "млрд-қа": 1e9,
}  # fmt: skip

# Unit words (lower case, a prefix is enough for inflected Russian and Kazakh words).
_UNIT_PREFIXES = (
    ("%", "%"), ("percent", "%"), ("per cent", "%"), ("процент", "%"), ("пайыз", "%"),
    ("$", "usd"), ("usd", "usd"), ("dollar", "usd"), ("долл", "usd"), ("доллар", "usd"),
    ("€", "eur"), ("eur", "eur"), ("евро", "eur"), ("£", "gbp"), ("pound", "gbp"),
    ("₸", "kzt"), ("tenge", "kzt"), ("тенге", "kzt"), ("теңге", "kzt"), ("kzt", "kzt"),
    ("₽", "rub"), ("руб", "rub"), ("rubl", "rub"), ("roubl", "rub"), ("rub", "rub"),
    ("сом", "kgs"), ("yuan", "cny"), ("юан", "cny"),
    ("bcm", "m3"), ("cubic met", "m3"), ("cubic metre", "m3"), ("куб. м", "m3"),
    ("куб.м", "m3"), ("кубометр", "m3"), ("куб", "m3"), ("текше метр", "m3"), ("текше", "m3"),
    ("m3", "m3"), ("м3", "m3"), ("м³", "m3"),
    ("km", "km"), ("kilomet", "km"), ("км", "km"), ("километр", "km"), ("шақырым", "km"),
    ("şaqyrym", "km"), ("metr", "m"), ("tonna", "t"), ("paiyz", "%"), ("teñge", "kzt"),
    ("mile", "mi"), ("metre", "m"), ("meter", "m"), ("метр", "m"),
    ("tonne", "t"), ("ton", "t"), ("тонн", "t"), ("тонна", "t"), ("т ", "t"),
    ("hectare", "ha"), ("гектар", "ha"), ("га ", "ha"),
    ("mw", "mw"), ("мвт", "mw"), ("megawatt", "mw"), ("мегаватт", "mw"),
    ("barrel", "bbl"), ("баррел", "bbl"),
    ("times", "times"), ("раз", "times"), ("есе", "times"), ("fold", "times"),
    ("year", "year"), ("лет", "year"), ("год", "year"), ("жыл", "year"),
    ("month", "month"), ("месяц", "month"), ("ай ", "month"),
    ("day", "day"), ("дней", "day"), ("дня", "day"), ("день", "day"), ("сут", "day"),
    ("күн", "day"), ("hour", "hour"), ("час", "hour"), ("сағат", "hour"),
    ("people", "people"), ("person", "people"), ("человек", "people"), ("адам", "people"),
)  # fmt: skip
CURRENCY_SIGNS = {"$": "usd", "€": "eur", "£": "gbp", "₸": "kzt", "₽": "rub"}

# Qualifiers before the number (lower case) -> kind.
_BEFORE = (
    ("more than", "more"), ("over", "more"), ("above", "more"), ("in excess of", "more"),
    ("upwards of", "more"), ("at least", "least"), ("no fewer than", "least"),
    ("no less than", "least"), ("almost", "almost"), ("nearly", "almost"),
    ("close to", "almost"), ("just under", "almost"), ("about", "about"), ("around", "about"),
    ("approximately", "about"), ("roughly", "about"), ("some", "about"), ("an estimated", "about"),
    ("estimated", "about"), ("up to", "most"), ("less than", "less"), ("fewer than", "less"),
    ("under", "less"), ("below", "less"), ("no more than", "most"), ("at most", "most"),
    ("более чем", "more"), ("более", "more"), ("свыше", "more"), ("больше", "more"),
    ("не менее", "least"), ("как минимум", "least"), ("минимум", "least"),
    ("по меньшей мере", "least"), ("почти", "almost"), ("около", "about"), ("примерно", "about"),
    ("приблизительно", "about"), ("порядка", "about"), ("менее", "less"), ("меньше", "less"),
    ("не более", "most"), ("максимум", "most"), ("до", "most"),
    ("кем дегенде", "least"), ("шамамен", "about"), ("шамасы", "about"), ("барлығы", ""),
)  # fmt: skip
# Kazakh puts them after the number: "100-ден астам", "100-ге жуық", "100-ге дейін".
_AFTER = (
    ("астам", "more"), ("артық", "more"), ("аса", "more"), ("жуық", "almost"), ("astam", "more"),
    ("шақты", "about"), ("дейін", "most"), ("кем", "less"),
)  # fmt: skip

NUMBER_WORDS: dict[str, dict[str, float]] = {
    "en": {
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
        "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90, "a hundred": 100, "a dozen": 12, "dozen": 12, "twice": 2,
    },
    "ru": {
        "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4,
        "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
        "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
        "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100,
        "дважды": 2,
    },
    "kk": {
        "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
        "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50,
    },
}  # fmt: skip

# -- the pattern ----------------------------------------------------------------------------------

_DIGITS = r"\d{1,3}(?:[  ]\d{3})+(?:[.,]\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(
    rf"(?P<sign>[$€£₸₽])?\s?(?P<num>{_DIGITS})"
    rf"(?:\s?(?:[-–—]|to|до|по|and)\s?(?P<sign2>[$€£₸₽])?(?P<num2>{_DIGITS}))?"
)
_WORD_NUMBER = {
    language: re.compile(
        r"\b(?P<word>" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for language, words in NUMBER_WORDS.items()
}
_SCALE_AFTER = re.compile(r"^\s?[-]?(?P<scale>[^\W\d_]+)\.?", re.UNICODE)
_ORDINAL_AFTER = re.compile(
    r"^(?:-?(?:st|nd|rd|th)\b|-(?:й|я|е|го|ого|его|му|ому|м|ом|ем|х|ых|ие|ый|ой|ая|ші|шы|інші|ыншы)\b)",
    re.IGNORECASE,
)
_TIME = re.compile(r"^[:.]\d\d\b")
_URLS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(?:kz|ru|com|org|net|by|uz)\b")
_PHONE = re.compile(r"\+?\d[\d\s()-]{8,}\d")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w-]*)\s?[-]?$", re.UNICODE)
_CODE_WORDS = {"covid", "sars", "ms", "iso", "gost", "гост", "su", "су", "ту", "ил", "ан", "миг",
               "boeing", "airbus", "model", "version", "article", "статья", "статьи", "пункт",
               "part", "section", "no", "№", "number", "номер", "flight", "рейс", "covid-"}  # fmt: skip
_MONTH_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
_KAZAKH_CASE = re.compile(
    r"^-?(?:ден|дан|тен|тан|нен|нан|ге|ға|ке|қа|не|на|де|да|те|та|ні|ны|ді|ды|ті|ты|дің|нің"
    r"|ның|тің|тың|дық|дік|лық|лік)?(?:\s+(?:астам|артық|аса|жуық|шақты|дейін|кем))?\b",
)
_SHARE_OF = re.compile(
    r"^\s+(?:of\s+(?:the\s+|its\s+|their\s+|all\s+|[a-z]+'s\s+)*)?([a-zа-яё][\w-]{3,})",
    re.IGNORECASE,
)
_NOUN = re.compile(r"^\s*(?:[-–]\s*)?([^\W\d_][\w'’-]*)", re.UNICODE)
_SKIP_NOUNS = {"of", "new", "more", "additional", "extra", "other", "a", "an", "the", "и", "в",
               "на", "из", "о", "с", "per", "and", "or", "жаңа", "тағы"}  # fmt: skip


@dataclass(frozen=True)
class NumberFact:
    value: float  # the quantity as written, scale applied
    low: float  # the interval its wording allows
    high: float
    unit: str  # %, usd, rub, kzt, km, m3, t, people, times, year ... or ""
    noun: str  # what it counts, as a short key ("memor", "пасса"), or ""
    qualifier: str  # "", more, least, less, most, about, almost, range
    text: str  # as written, e.g. "more than 2 thousand"
    start: int
    end: int
    code: bool = False  # part of a name or code (DOP 2, Су-35): not a quantity

    @property
    def word(self) -> bool:
        """Written as a word ("five", "пять"): a looser kind of evidence."""
        return not any(ch.isdigit() for ch in self.text)

    def agrees(self, other: NumberFact) -> bool:
        """Could both wordings be true of one quantity? Intervals overlap (rounding allowed);
        but two ranges must have the same ends, and two bounds of one direction ("more than
        2 thousand", "more than 7 thousand") the same bound: reporters who give a bound give
        the one they were told."""
        if self.qualifier == other.qualifier == "range":
            return _close(self.low, other.low) and _close(self.high, other.high)
        for direction in (("more", "least"), ("less", "most")):
            if self.qualifier in direction and other.qualifier in direction:
                bound = self.low if direction[0] == "more" else self.high
                other_bound = other.low if direction[0] == "more" else other.high
                return _close(bound, other_bound)
        if self.low <= other.high * (1 + 1e-9) and other.low <= self.high * (1 + 1e-9):
            return True
        # One outlet rounds (61 %, $250 million), another does not (61.6 %, $247.3 million).
        if _significant(self.value) != _significant(other.value) and not (
            self.qualifier or other.qualifier
        ):
            return abs(self.value - other.value) <= ROUNDING * max(
                abs(self.value), abs(other.value)
            )
        return False

    def same_value(self, other: NumberFact) -> bool:
        """The same figure, whatever the qualifier (a range by both ends)."""
        if "range" in (self.qualifier, other.qualifier):
            return _close(self.low, other.low) and _close(self.high, other.high)
        return _close(self.value, other.value)


ROUNDING = 0.015  # a less precise figure may differ from a more precise one by this share


def _significant(value: float) -> int:
    digits = f"{abs(value):.10g}".split("e")[0].replace(".", "").strip("0")
    return len(digits)


def _close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def parse_number(raw: str, language: str) -> float | None:
    """'1,200' → 1200 (en), '5,2' → 5.2 (ru/kk), '7 644' → 7644, '279.3' → 279.3."""
    raw = raw.replace(" ", "").replace(" ", "")
    if "," in raw and "." in raw:
        raw = raw.replace(",", "")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        if (
            language == "en"
            and len(tail) == 3
            and "," not in head[-4:]
            or re.fullmatch(r"\d{1,3}(,\d{3}){2,}", raw)
        ):
            raw = raw.replace(",", "")
        else:
            raw = head.replace(",", "") + "." + tail
    try:
        return float(raw)
    except ValueError:
        return None


def _unit_of(following: str) -> tuple[str, int]:
    """The unit word(s) right after a number (and their length), or ("", 0)."""
    lowered = following.lower()
    stripped = lowered.lstrip(" -")
    offset = len(lowered) - len(stripped)
    for prefix, unit in _UNIT_PREFIXES:
        key = prefix.strip()
        if stripped.startswith(key) and (
            not prefix.endswith(" ") or stripped[len(key) : len(key) + 1] in (" ", ".", ",", "")
        ):
            # Through the end of the word the prefix ends in ("cubic meters", "per cent").
            word = re.match(r"[^\s,.;:!?)]*", stripped[len(key) :])
            length = len(key) + (len(word.group(0)) if word else 0)
            return unit, offset + max(length, 1)
    return "", 0


def _is_code(sentence: str, start: int) -> bool:
    """A number glued to a name or code: COVID-19, Су-35, A4, ISO 9001, Boeing 737, DOP 2."""
    before = sentence[:start]
    if before.endswith(("-", "‑")) and re.search(r"[^\W\d_]-$", before):
        return True
    if before and (before[-1].isalpha() or before[-1] in "№#/"):
        return True
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1)
    lowered = word.lower().rstrip(".")
    if lowered in _MONTH_WORDS:
        return False
    if lowered in _CODE_WORDS:
        return True
    # A capitalised word (not a sentence start) or an acronym right before: a model or name.
    word_start = match.start(1)
    at_sentence_start = (
        not sentence[:word_start].strip() or sentence[:word_start].rstrip()[-1:] in '.!?:«"“'
    )
    return (word.isupper() and len(word) > 1) or (word[0].isupper() and not at_sentence_start)


def _qualifier(before: str, after: str) -> str:
    lowered = before.lower().rstrip()
    lowered = re.sub(r"\s(?:в|на|к)$", "", lowered)  # "примерно в 2,4", "более чем в"
    for phrase, kind in _BEFORE:
        if lowered.endswith(phrase) and (
            len(lowered) == len(phrase) or not lowered[-len(phrase) - 1].isalnum()
        ):
            return kind
    following = after.lower().lstrip(" -")
    following = re.sub(r"^[^\W\d_]{1,4}\s", "", following) if following[:1] in "-" else following
    for phrase, kind in _AFTER:
        if re.match(rf"^(?:[^\s]*\s)?{phrase}", following[:24]):
            return kind
    return ""


def _interval(value: float, qualifier: str, high: float | None) -> tuple[float, float]:
    if high is not None:
        return min(value, high), max(value, high)
    if qualifier in ("more", "least"):
        return value, math.inf
    if qualifier in ("less", "most"):
        return -math.inf, value
    if qualifier == "about":
        return value * 0.9, value * 1.1
    if qualifier == "almost":  # "1 400-ге жуық", "nearly 1,400" may be a rounded 1,412
        return value * 0.85, value * (1 + ROUNDING)
    # A figure written with trailing zeros ("270 000") may be another rounded a little more or
    # less finely: half a unit of the digit below its last significant one either way.
    step = _rounding_step(value)
    return value - step / 2, value + step / 2


def _rounding_step(value: float) -> float:
    if value != int(value):
        return 0.0
    digits = str(int(abs(value)))
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** (zeros - 1) if zeros >= 2 else 0.0


def _noun_key(word: str) -> str:
    return word.lower().strip("'’-")


# What is counted, across languages: the commonest counted things in news, by word prefix.
NOUN_CLASSES = {
    "document": ("agreement", "accord", "memorand", "mou", "document", "deal", "contract",
                 "treaty", "соглаш", "меморанд", "документ", "договор", "контракт", "келісім",
                 "құжат"),
    "people": ("people", "person", "resident", "citizen", "inhabitant", "человек", "жител",
               "гражд", "адам", "тұрғын", "азамат"),
    "passenger": ("passenger", "пассажир", "жолаушы"),
    "death": ("dead", "death", "killed", "died", "fatalit", "погиб", "умер", "жертв", "смерт",
              "қаза", "өлім"),
    "injured": ("injur", "wounded", "hurt", "ранен", "пострада", "жарақат"),
    "case": ("case", "infection", "infected", "случа", "заражен", "заболе", "жағдай"),
    "country": ("countr", "nation", "state", "стран", "государств", "мемлекет", "елдің"),
    "company": ("compan", "firm", "enterpris", "компани", "фирм", "предприят", "кәсіпорын"),
    "project": ("project", "проект", "жоба"),
    "job": ("job", "workplace", "рабочих", "жұмыс"),
    "school": ("school", "школ", "мектеп"),
    "vehicle": ("car", "vehicle", "автомоб", "машин", "көлік"),
    "flight": ("flight", "рейс"),
    "student": ("student", "pupil", "студент", "учени", "школьник", "оқушы", "студенттер"),
    "dose": ("dose", "доз", "доза"),
    "aircraft": ("aircraft", "plane", "самол", "ұшақ"),
    "soldier": ("soldier", "troop", "serviceme", "военнослуж", "солдат", "әскери"),
}  # fmt: skip


def known_class(noun: str) -> str:
    """The class of a counted noun in any of the three languages, or "" when it is not one of
    the commonest counted things."""
    for name, prefixes in NOUN_CLASSES.items():
        if noun.startswith(prefixes):
            return name
    return ""


def noun_class(noun: str) -> str:
    """The known class of a counted noun, else its first five letters (comparable within one
    language only: a light stem)."""
    return known_class(noun) or noun[:5]


def mask_addresses(text: str) -> str:
    """URLs, e-mail addresses and domains blanked out (same length): their digits are no facts."""
    return _URLS.sub(lambda m: " " * len(m.group(0)), text)


# "3/4", "1/2": a fraction is one number, not 3 and 4 (dates such as 12/05/2024 are read first).
_FRACTION = re.compile(r"(?<![\d/.,])(\d{1,3})/(\d{1,3})(?![\d/])")


def extract_numbers(sentence: str, language: str) -> list[NumberFact]:
    """Numbers in one sentence: quantities, and numbers of names and codes marked `code`
    (compared only between a text and its translation; see the module docstring). A fraction
    is kept as a code: "3/4 of residents" and "75%" say one thing in two ways."""
    masked = mask_addresses(sentence)
    masked = _PHONE.sub(lambda m: " " * len(m.group(0)), masked)
    facts: list[NumberFact] = []
    for match in _FRACTION.finditer(masked):
        top, bottom = int(match.group(1)), int(match.group(2))
        if bottom:
            share = top / bottom
            facts.append(NumberFact(share, share, share, "", "", "", match.group(0),
                                    match.start(), match.end(), code=True))  # fmt: skip
    masked = _FRACTION.sub(lambda m: " " * len(m.group(0)), masked)
    for match in _NUMBER.finditer(masked):
        start, end = match.start("num"), match.end()
        raw = match.group("num")
        if start and (masked[start - 1].isdigit() or masked[start - 1] in ".,:"):
            continue
        after = masked[end:]
        if _TIME.match(masked[match.end("num") :]) or _ORDINAL_AFTER.match(after):
            continue
        code = match.group("sign") is None and _is_code(masked, start)
        value = parse_number(raw, language)
        if value is None:
            continue
        second = parse_number(match.group("num2"), language) if match.group("num2") else None
        year_like = re.fullmatch(r"(1[89]|20)\d\d", raw) is not None
        scale, scale_length = 1.0, 0
        scale_match = _SCALE_AFTER.match(after)
        if scale_match and scale_match.group("scale").lower() in SCALES:
            word = scale_match.group("scale").lower()
            # "$183m" is millions; "183m" and "183 m" are metres.
            if word not in ("m", "b", "k") or (
                match.group("sign") and not scale_match.group(0).startswith(" ")
            ):
                scale, scale_length = SCALES[word], scale_match.end()
        if year_like and scale == 1.0 and second is None:
            unit, _ = _unit_of(after)
            if unit in ("", "year"):
                continue  # a year is a date (dates.py)
        rest = after[scale_length:]
        if re.match(r"^\s?bcm\b", rest, re.IGNORECASE):
            scale *= 1e9  # billion cubic metres
        suffix = _KAZAKH_CASE.match(rest)  # "100-ден астам адам": case ending, qualifier
        if suffix:
            rest = " " * suffix.end() + rest[suffix.end() :]
        unit, unit_length = _unit_of(rest)
        sign = match.group("sign") or match.group("sign2")
        if sign:
            unit = CURRENCY_SIGNS[sign]
        noun = ""
        if not unit:
            noun_match = _NOUN.match(rest)
            if noun_match and noun_match.group(1).lower() not in _SKIP_NOUNS:
                noun = _noun_key(noun_match.group(1))
        elif unit == "%":
            share_of = _SHARE_OF.match(rest[unit_length:])  # "70% of its electricity"
            if share_of:
                noun = _noun_key(share_of.group(1))
        qualifier = _qualifier(masked[: match.start()], after)
        low, high = _interval(value * scale, qualifier, None if second is None else second * scale)
        if second is not None:
            qualifier = "range"
        finish = end + scale_length + unit_length
        facts.append(NumberFact(
            value=value * scale, low=low, high=high, unit=unit, noun=noun, qualifier=qualifier,
            text=sentence[match.start() : finish].strip(), start=match.start(), end=finish,
            code=code,
        ))  # fmt: skip
    words = NUMBER_WORDS.get(language, {})
    pattern = _WORD_NUMBER.get(language)
    for match in pattern.finditer(masked) if pattern else ():
        if any(f.start <= match.start() < f.end for f in facts):
            continue
        word = match.group("word").lower()
        value = float(words[word])
        rest = masked[match.end() :]
        scale_match = _SCALE_AFTER.match(rest)
        scale = 1.0
        if scale_match and scale_match.group("scale").lower() in SCALES:
            scale = SCALES[scale_match.group("scale").lower()]
            rest = rest[scale_match.end() :]
        unit, _ = _unit_of(rest)
        noun_match = _NOUN.match(rest)
        noun = ""
        if not unit and noun_match and noun_match.group(1).lower() not in _SKIP_NOUNS:
            noun = _noun_key(noun_match.group(1))
        if not unit and not noun:
            continue  # "one of the", "он" as a pronoun: not a count
        qualifier = _qualifier(masked[: match.start()], rest)
        low, high = _interval(value * scale, qualifier, None)
        facts.append(NumberFact(value * scale, low, high, unit, noun, qualifier,
                                match.group(0), match.start(), match.end()))  # fmt: skip
    return sorted(facts, key=lambda f: f.start)
