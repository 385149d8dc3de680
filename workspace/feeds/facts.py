"""Facts of one sentence, as version diffs and the story's change view compare them.

`sentence_facts` is the one place this package reads facts. It asks `compare.facts.
extract_facts` (numbers with units, dates, names, quotes with speakers) and adds what any
language shows on its face, which two versions of one article in one language can be
compared on: numbers written in digits, day-month dates with ru/kk/en month names, quotes in
any quotation marks, and capitalised words inside a sentence. A fact is (kind, key, text):
`key` says when two facts are the same value, `text` is what the reader is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workspace.compare.evidence import name_key
from workspace.compare.facts import extract_facts
from workspace.compare.text import normalise_number

KINDS = ("number", "date", "name", "quote")

_MONTHS = {
    # ru (nominative and genitive stems), kk, en — a day-month date in any of them
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH_WORD = re.compile(r"^(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\w*$")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:[  ]\d{3})*(?![\w])")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([^\W\d_]+)")
_MONTH_DAY = re.compile(r"\b([^\W\d_]+)\s+(\d{1,2})\b")
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_QUOTE = re.compile(r"[«“„\"]([^«»“”„\"]{8,}?)[»”“\"]")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class Fact:
    kind: str  # number | date | name | quote
    key: str  # equal keys: the same value
    text: str  # as written


def sentence_facts(sentence: str, language: str, published: str = "") -> list[Fact]:
    """Facts of `sentence` (in `language`; `published` dates relative days once the facts
    reader takes it), without repeats."""
    found = extract_facts(sentence, language=language, published=published)
    facts: list[Fact] = []
    facts += [
        Fact("number", f"{n.value:g} {n.unit}", _with_noun(sentence, n.end, n.noun, n.text))
        for n in found.numbers
        if not n.code
    ]
    facts += [Fact("date", _date_key(d.kind, d.value), d.text) for d in found.dates]
    facts += [Fact("name", name_key(n.name.split()[-1]), n.name) for n in found.names]
    facts += [Fact("quote", quote_key(q.text), q.text.strip(" ,;:")) for q in found.quotes]
    facts += _visible_facts(sentence)
    return _unique(_without_days_as_numbers(facts))


def _with_noun(sentence: str, end: int, noun: str, text: str) -> str:
    """ "1,200 residents", not "1,200": the word a number counts, when it follows it."""
    following = _WORD.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
    if noun and following and following.group(0).lower().startswith(noun[:3].lower()):
        return text + " " + following.group(0)
    return text


def _date_key(kind: str, value: str) -> str:
    """A calendar day keyed as the visible day-month reading keys it, so the two meet."""
    if kind == "day" and len(value) >= 5:
        return f"day-month:{value[-5:]}"
    return f"{kind}:{value}"


def _without_days_as_numbers(facts: list[Fact]) -> list[Fact]:
    """ "March 2 during" is a date, not 2 of something: a number with no known unit whose
    value is the day of a date in the same sentence is dropped."""
    days = {int(f.key[-2:]) for f in facts if f.key.startswith("day-month:")}
    out = []
    for fact in facts:
        if fact.kind == "number":
            value, _, unit = fact.key.partition(" ")
            try:
                is_day = float(value) in days
            except ValueError:
                is_day = False
            if is_day and not unit:
                continue
        out.append(fact)
    return out


def _visible_facts(sentence: str) -> list[Fact]:
    """What a sentence shows in any language: digits, day-month dates, quotes, names."""
    facts: list[Fact] = []
    dated: set[tuple[int, int]] = set()
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for match in pattern.finditer(sentence):
            day, month = match.group(day_group), _month(match.group(month_group))
            if month and 1 <= int(day) <= 31 and match.span(day_group) not in dated:
                facts.append(Fact("date", f"day-month:{month:02d}-{int(day):02d}", match.group(0)))
                dated.add(match.span(day_group))
    for match in _NUMBER.finditer(sentence):
        if match.span() in dated:
            continue
        raw = match.group(0)
        if _YEAR.match(raw):
            facts.append(Fact("date", f"year:{raw}", raw))
            continue
        value = normalise_number(re.sub(r"[  ]", "", raw))
        facts.append(Fact("number", f"{value}", raw))
    for match in _QUOTE.finditer(sentence):
        quote = match.group(1).strip()
        if len(quote.split()) >= 3:
            facts.append(Fact("quote", quote_key(quote), quote.strip(" ,;:")))
    facts += [
        Fact("name", name_key(name.split()[-1]), name) for name in _inner_capitalised(sentence)
    ]
    return facts


def _month(word: str) -> int:
    found = _MONTH_WORD.match(word.lower())
    if not found:
        return 0
    stem = found.group(1)
    if stem == "ма" and not re.match(r"^ма(я|й|е)$", word.lower()):
        return 0  # "ма" is May only as мая/май/мае
    return _MONTHS[stem]


def _inner_capitalised(sentence: str) -> list[str]:
    """Runs of capitalised words that do not open the sentence or follow a stop or a quote
    mark: names in any script (all-capital abbreviations included), first name and surname
    as one name."""
    names: list[list[str]] = []
    last_end = -2
    for match in _WORD.finditer(sentence):
        word = match.group(0)
        if not word[0].isupper() or match.start() == 0 or _month(word):
            continue
        if word.lower() in _WEEKDAYS:
            continue
        before = sentence[: match.start()].rstrip()
        if not before or before[-1] in '.!?:«“„"—–-(':
            continue
        if names and sentence[last_end : match.start()].strip() == "":
            names[-1].append(word)
        else:
            names.append([word])
        last_end = match.end()
    return [" ".join(words) for words in names]


def quote_key(quote: str) -> str:
    """A quote's words, lower-cased: the same quote with other punctuation is one."""
    return " ".join(w.lower() for w in _WORD.findall(quote))


def _unique(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[str, str]] = set()
    out = []
    for fact in facts:
        if (fact.kind, fact.key) not in seen:
            seen.add((fact.kind, fact.key))
            out.append(fact)
    return out


@dataclass(frozen=True)
class FactChange:
    """A number, date, name or quote that differs between two versions of a sentence (or
    came or went with a whole sentence): `old` or `new` is empty when it came or went."""

    kind: str
    old: str
    new: str

    @property
    def description(self) -> str:
        if not self.old:
            return f"{self.kind} added: {self.new}"
        if not self.new:
            return f"{self.kind} removed: {self.old}"
        return f"{self.kind} changed: {self.old} → {self.new}"


def fact_changes(old: list[Fact], new: list[Fact]) -> list[FactChange]:
    """Facts of one kind that went and came are paired as changes (in order of appearance);
    the rest were removed or added. Numbers pair before names; a number whose digits stay but
    whose unit reading differs is not a change (one reader saw a unit, the other did not)."""
    changes: list[FactChange] = []
    old_keys = {(f.kind, f.key) for f in old}
    new_keys = {(f.kind, f.key) for f in new}
    old_texts = {(f.kind, _bare(f.text)) for f in old}
    new_texts = {(f.kind, _bare(f.text)) for f in new}
    for kind in KINDS:
        gone = [f for f in old if f.kind == kind and (kind, f.key) not in new_keys
                and (kind, _bare(f.text)) not in new_texts]  # fmt: skip
        came = [f for f in new if f.kind == kind and (kind, f.key) not in old_keys
                and (kind, _bare(f.text)) not in old_texts]  # fmt: skip
        gone, came = _drop_contained(gone, came)
        for a, b in zip(gone, came, strict=False):
            changes.append(FactChange(kind, a.text, b.text))
        changes += [FactChange(kind, f.text, "") for f in gone[len(came) :]]
        changes += [FactChange(kind, "", f.text) for f in came[len(gone) :]]
    return changes


def _bare(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _drop_contained(gone: list[Fact], came: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """Two readings of one value ("12 people" by one reader, "12" by the other) are one: a
    fact whose words another fact of the same side or of the other side contains is dropped."""
    gone, came = _collapse(gone), _collapse(came)
    gone_words = [set(_bare(f.text).split()) for f in gone]
    came_words = [set(_bare(f.text).split()) for f in came]
    keep_gone = [f for f, g in zip(gone, gone_words, strict=True)
                 if not any(g and c and (g <= c or c <= g) for c in came_words)]  # fmt: skip
    keep_came = [f for f, c in zip(came, came_words, strict=True)
                 if not any(g and c and (g <= c or c <= g) for g in gone_words)]  # fmt: skip
    return keep_gone, keep_came


def _collapse(facts: list[Fact]) -> list[Fact]:
    words = [set(_bare(f.text).split()) for f in facts]
    return [
        f for i, f in enumerate(facts)
        if not any(j != i and words[i] < words[j] for j in range(len(facts)))
    ]  # fmt: skip
