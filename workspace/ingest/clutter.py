"""Remove page clutter from pasted or extracted article text, line by line, and say why.

A page copied from a browser brings its navigation, share buttons, ads, bylines, photo
credits, timestamps, counters, tag lists and links to other articles along with the article.
Each line is judged in two steps:

1. On its own: known phrases ("Share", "Реклама", "Бөлісу"), known patterns (photo credits,
   copyright, subscription and cookie notices), and its shape (no words, only icon names or a
   web address, only a date and time). What is left is *content* if it reads like a sentence
   (final punctuation, a list item) and *unsure* otherwise (headlines, names, subheadings).
2. In its page: a repeated headline, the headline itself (the unsure line before the first
   sentence that shares most words with the opening) and the short lines above it, the
   headlines listed under "Read also" or "Tags", a bare name next to a timestamp (a byline),
   unsure lines wedged between clutter outside the article's body, and source, author-bio
   and rights lines outside the body.

A sentence is dropped only for a pattern no article sentence has, or, outside the body, for
one that only a page's furniture has there; a repeated sentence stays. Datelines ("ASTANA,
Nov 12 (Reuters) -") leave the first sentence and become metadata. Measured on
tests/data/clutter/ by bench/clutter.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workspace.ingest.clutter_phrases import (
    BYLINE_NEIGHBOURS,
    LANGUAGE_SWITCH,
    LISTING_LABELS,
    NEWS_WORDS,
    OUTLET_NAMES,
    OUTSIDE_BODY_PATTERNS,
    PATTERNS,
    PHRASES,
    SECTIONS,
)
from workspace.ingest.dateline import Dateline, find_dateline, parse_date
from workspace.ingest.dateline import timestamp_leftover as _timestamp_leftover

CONTENT, UNSURE, CLUTTER, BLANK = "content", "unsure", "clutter", "blank"
RELATED_LINKS = "related links"
# No clutter line is longer than this (the longest seen: cookie and rights notices, ~250).
MAX_CLUTTER_LINE = 600

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CLOSERS = "\"'»”’)]} "
_LIST_ITEM = re.compile(r"\s*(?:[•●▪◦‣∙*·—–-]|\d{1,3}[.)])\s+\S")
_ICON_TOKEN = re.compile(r"(?:[a-z0-9]+(?:[-_][a-z0-9]+)+|icon|icons|svg|fa|ico)")
_WEB_ADDRESS = re.compile(
    r"(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|@\w+"
    r"|[\w-]+(?:\.[\w-]+)*\.(?:kz|ru|com|org|net|uz|kg|info|news|media|tv|by|ua|io)(?:/\S*)?)",
    re.I,
)
_BREADCRUMB_SPLIT = re.compile(r"\s+[/>»|·→]\s+")
_TITLE_SUFFIX = re.compile(r"^(?P<head>.+?)\s+[|—–-]\s+(?P<site>[^|—–]{2,60})$")
# First words of a byline or credit written without a colon ("Беседовала Асель Ахметова").
_CREDIT_WORDS = {
    "by": "byline", "беседовал": "byline", "беседовала": "byline", "беседовали": "byline",
    "записал": "byline", "записала": "byline", "подготовил": "byline",
    "подготовила": "byline", "автор": "byline", "авторы": "byline", "текст": "byline",
    "тілші": "byline", "фото": "photo credit", "photo": "photo credit", "photos": "photo credit",
    "сурет": "photo credit", "видео": "photo credit", "video": "photo credit",
}  # fmt: skip
_SECTION_NAMES = PHRASES["navigation"] | SECTIONS
_SPOKEN = ("«", '"', "“", "„", "— ", "– ")
# Words a bare name does not contain.
_NOT_IN_NAMES = {
    "the", "and", "of", "in", "on", "for", "to", "a", "an", "и", "в", "на", "с", "по", "о",
    "және", "мен", "бен", "пен",
}  # fmt: skip


@dataclass(frozen=True)
class LineVerdict:
    """What happened to one input line."""

    line: str  # as given
    keep: bool
    text: str  # what stays in the article: the line, without its dateline; "" when dropped
    reason: str = ""  # why it was dropped, e.g. "share", "byline"; "" when kept


@dataclass(frozen=True)
class CleanedText:
    """An article's text without its page clutter, and what the clutter said about it."""

    text: str
    verdicts: tuple[LineVerdict, ...]
    headline: str = ""  # the line taken for the article's headline, if one was found
    dateline: Dateline | None = None
    published: str = ""  # YYYY-MM-DD from a timestamp or the dateline; as written if no year

    @property
    def dropped(self) -> list[str]:
        """Every piece of the input that is not in `text`, in order (datelines included)."""
        out = []
        for verdict in self.verdicts:
            line = verdict.line.strip()
            if not verdict.keep and line:
                out.append(line)
            elif verdict.keep and verdict.text != line:
                out.append(line.removesuffix(verdict.text).strip())  # the dateline
        return out


@dataclass
class _Line:
    index: int
    text: str
    words: list[str]
    norm: str
    kind: str = UNSURE
    reason: str = ""
    kept_text: str = ""
    opens_listing: bool = False
    protected: bool = False  # the headline: never dropped by context
    before: int = -1  # the nearest non-blank lines, -1 when none
    after: int = -1

    def drop(self, reason: str) -> None:
        self.kind, self.reason = CLUTTER, reason


def remove_clutter(text: str, *, title: str = "", outlet: str = "") -> CleanedText:
    """Drop the page clutter of `text` (one paragraph or line of the page per line).

    `title` and `outlet`, when known, help to find the headline and the masthead.
    """
    raw_lines = text.split("\n")
    lines = [_judge_alone(i, raw, outlet) for i, raw in enumerate(raw_lines)]
    _link_neighbours(lines)
    _judge_in_page(lines, title)
    dateline = _take_dateline(lines)
    verdicts = tuple(
        LineVerdict(raw, line.kind != CLUTTER, line.kept_text if line.kind != CLUTTER else "",
                    line.reason if line.kind == CLUTTER else "")
        for raw, line in zip(raw_lines, lines, strict=True)
    )  # fmt: skip
    kept = "\n".join(v.text if v.keep else "\x00" for v in verdicts)
    # A dropped line leaves no gap: lines around it join as they would have without it.
    kept = re.sub(r"\n?\x00", "", kept)
    kept = re.sub(r"\n{3,}", "\n\n", kept).strip()
    headline = next((line.text for line in lines if line.protected), "")
    return CleanedText(kept, verdicts, headline, dateline, _published(lines, dateline))


# -- step 1: each line on its own ------------------------------------------------------------


def _judge_alone(index: int, raw: str, outlet: str) -> _Line:
    text = raw.strip()
    words = _WORD.findall(text)
    norm = _normalise(text) if len(text) <= MAX_CLUTTER_LINE else text.lower()
    line = _Line(index, text, words, norm, kept_text=text)
    if not text:
        line.kind = BLANK
        return line
    reason = _clutter_reason(line, outlet)
    if reason:
        line.drop(reason)
    elif _reads_like_sentence(text, words):
        line.kind = CONTENT
    return line


def _clutter_reason(line: _Line, outlet: str) -> str:
    text, words = line.text, line.words
    if not words:
        return "timestamp" if _timestamp_leftover(text) == "" else "no words"
    tokens = text.split()
    if all(_ICON_TOKEN.fullmatch(token) for token in tokens):
        return "icons"
    if all(token.startswith("#") for token in tokens):
        return "tags"
    if _WEB_ADDRESS.fullmatch(text):
        return "web address"
    if not text.startswith(_SPOKEN):  # '"OK."' and "— Next." are someone speaking
        reason = _phrase_reason(line, outlet)
        if reason:
            return reason
    if len(text) > MAX_CLUTTER_LINE:
        return ""
    for category, pattern in PATTERNS.items():
        if pattern.search(text):
            return category
    sentence = _reads_like_sentence(text, words)
    leftover = _timestamp_leftover(text) if len(words) <= 12 else None
    if leftover is not None and (leftover == "" or (not sentence and _is_name(leftover.split()))):
        return "timestamp" if leftover == "" else "byline"
    if not sentence:
        credit = _CREDIT_WORDS.get(words[0].lower())
        limit = 12 if words[0] == "By" else 5  # "By Aiman Nakispekova in Business on 12 Nov…"
        if credit and 1 < len(words) <= limit and words[1][0].isupper():
            return credit
        if _is_breadcrumb(text):
            return "navigation"
    dateline = find_dateline(text)
    if dateline is not None and not dateline[1]:
        return "dateline"
    return ""


def _phrase_reason(line: _Line, outlet: str) -> str:
    """The category of a whole line that is a known phrase, or ""."""
    norm = line.norm
    for category, phrases in PHRASES.items():
        if norm in phrases:
            return category
    if norm in LISTING_LABELS:
        line.opens_listing = True
        return RELATED_LINKS
    if all(word in LANGUAGE_SWITCH for word in norm.split()):
        return "language switch"
    if norm in OUTLET_NAMES or (outlet and norm == _normalise(outlet)):
        return "outlet name"
    return ""


def _reads_like_sentence(text: str, words: list[str]) -> bool:
    end = text.rstrip(_CLOSERS)
    if end.endswith((".", "!", "?", "…")):
        return True
    if end.endswith((":", ";")) and len(words) >= 3:
        return True
    return bool(_LIST_ITEM.match(text)) and len(words) >= 2


def _is_name(words: list[str]) -> bool:
    """Two to four capitalised words and nothing else: a person's name."""
    return 2 <= len(words) <= 4 and all(
        w[0].isupper() and w.lower() not in _NOT_IN_NAMES and w.replace("-", "").isalpha()
        for w in words
    )


def _is_breadcrumb(text: str) -> bool:
    """ "Home > World > Asia", "Басты бет / Экономика": parts that name site sections."""
    parts = [_normalise(part) for part in _BREADCRUMB_SPLIT.split(text)]
    return (
        len(parts) >= 2
        and all(len(p.split()) <= 4 for p in parts)
        and any(p in _SECTION_NAMES for p in parts)
    )


def _normalise(text: str) -> str:
    return " ".join(
        w.lower().replace("’", "").replace("'", "") for w in _WORD.findall(text.replace("-", " "))
    )


# -- step 2: each line in its page ------------------------------------------------------------


def _judge_in_page(lines: list[_Line], title: str) -> None:
    _drop_outside_body_patterns(lines)
    _drop_repeats(lines, title)
    headline = _find_headline(lines, title)
    if headline is not None:
        headline.kind, headline.protected = CONTENT, True
        for line in lines[: headline.index]:
            if line.kind == UNSURE and len(line.words) <= 3:
                line.drop("navigation")
    _drop_sections(lines)
    _find_listing_labels(lines)
    _drop_listings(lines)
    _drop_bare_bylines(lines)
    _drop_wedged(lines)


def _drop_outside_body_patterns(lines: list[_Line]) -> None:
    """Source lines, author bios, rights notices: clutter before the first or after the last
    sentence that is not one of them."""
    matches = {
        line.index: reason
        for line in lines
        if line.kind in (CONTENT, UNSURE) and len(line.text) <= MAX_CLUTTER_LINE
        for reason, pattern in OUTSIDE_BODY_PATTERNS.items()
        if pattern.search(line.text)
    }
    body = [line.index for line in lines if line.kind == CONTENT and line.index not in matches]
    first, last = (body[0], body[-1]) if body else (len(lines), -1)
    for index, reason in matches.items():
        if index < first or index > last:
            lines[index].drop(reason)


def _drop_repeats(lines: list[_Line], title: str) -> None:
    """A headline or label seen before on the page, or a headline with the site's name appended.

    A repeated sentence stays: the article may say it twice, and nothing is lost by keeping it.
    """
    seen: set[str] = set()
    texts = {_repeat_key(line.text) for line in lines if line.kind in (CONTENT, UNSURE)}
    if title:
        texts.add(_repeat_key(title))
    for line in lines:
        if line.kind not in (CONTENT, UNSURE):
            continue
        key = _repeat_key(line.text)
        if key in seen and line.kind == UNSURE:
            line.drop("repeated")
            continue
        seen.add(key)
        suffixed = _TITLE_SUFFIX.match(line.text)
        if suffixed and line.kind == UNSURE:
            head = _repeat_key(suffixed.group("head"))
            if head != key and head in texts and len(head.split()) >= 3:
                line.drop("repeated headline")


def _repeat_key(text: str) -> str:
    """Words and numbers in lower case: "Курс на 13 ноября" and "…14 ноября" differ."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _find_headline(lines: list[_Line], title: str) -> _Line | None:
    """The given title's line, else the unsure line of 3+ words before the first sentence
    that shares the most words with the opening sentences (the later one on a tie).

    Sharing words tells the headline from a site's tagline or a photo caption above it.
    """
    if title:
        wanted = _normalise(title)
        for line in lines:
            if line.kind in (CONTENT, UNSURE) and line.norm == wanted:
                return line
    first_content = next((line.index for line in lines if line.kind == CONTENT), len(lines))
    candidates = [
        line
        for line in lines[:first_content]
        if line.kind == UNSURE and len(line.words) >= 3 and not _is_name(line.words)
    ]
    if not candidates:
        return None
    if first_content == len(lines):
        return candidates[0]
    opening = _opening_stems(lines)
    return max(reversed(candidates), key=lambda line: len(_stems(line.words) & opening))


def _stems(words: list[str]) -> set[str]:
    """Word beginnings that survive Russian and Kazakh endings ("газопровод", "газопровода")."""
    return {w.lower()[:5] for w in words if len(w) >= 4}


def _opening_stems(lines: list[_Line]) -> set[str]:
    opening = [line for line in lines if line.kind == CONTENT and not line.protected][:5]
    return set().union(*(_stems(line.words) for line in opening)) if opening else set()


def _link_neighbours(lines: list[_Line]) -> None:
    """Point each line at its nearest non-blank lines (blank lines never change kind)."""
    previous = -1
    for line in lines:
        line.before = previous
        if line.kind != BLANK:
            previous = line.index
    following = -1
    for line in reversed(lines):
        line.after = following
        if line.kind != BLANK:
            following = line.index


def _neighbours(lines: list[_Line], index: int) -> tuple[_Line | None, _Line | None]:
    line = lines[index]
    before = lines[line.before] if line.before >= 0 else None
    after = lines[line.after] if line.after >= 0 else None
    return before, after


def _drop_sections(lines: list[_Line]) -> None:
    """Section names ("Politics", "Экономика") unless they stand between two sentences."""
    for line in lines:
        if line.kind == UNSURE and line.norm in SECTIONS:
            before, after = _neighbours(lines, line.index)
            if not (before and after and before.kind == CONTENT and after.kind == CONTENT):
                line.drop("navigation")


def _find_listing_labels(lines: list[_Line]) -> None:
    """Outside the article's body, a short line about "news" or "stories" labels a list."""
    content = [line.index for line in lines if line.kind == CONTENT and not line.protected]
    if not content:
        return
    for line in lines:
        outside = line.index < content[0] or line.index > content[-1]
        short = line.kind == UNSURE and not line.protected and len(line.words) <= 4
        if outside and short and NEWS_WORDS.search(line.text):
            line.drop(RELATED_LINKS)
            line.opens_listing = True


def _drop_listings(lines: list[_Line]) -> None:
    """Headlines listed under "Read also", "Most read", "Tags", up to the next sentence."""
    listing = False
    for line in lines:
        if line.kind == CONTENT:
            listing = False
        elif line.opens_listing:
            listing = True
        elif listing and line.kind == UNSURE:
            line.drop(RELATED_LINKS)


def _drop_bare_bylines(lines: list[_Line]) -> None:
    """A bare name next to a timestamp or a credit, or under the headline, is the author's."""
    headline = next((line.index for line in lines if line.protected), None)
    first_content = next(
        (ln.index for ln in lines if ln.kind == CONTENT and not ln.protected), len(lines)
    )
    for line in lines:
        if line.kind != UNSURE or line.protected or not _is_name(line.words):
            continue
        under_headline = headline is not None and headline < line.index < first_content
        if under_headline or any(
            n is not None and n.kind == CLUTTER and n.reason in BYLINE_NEIGHBOURS
            for n in _neighbours(lines, line.index)
        ):
            line.drop("byline")


def _drop_wedged(lines: list[_Line]) -> None:
    """Outside the article body, unsure lines wedged between clutter are clutter.

    One line of any length, or a run of short ones (tags without a label); inside the body
    (between the first and last sentence) they are subheadings and stay.
    """
    content = [line.index for line in lines if line.kind == CONTENT]
    if not content:
        return
    first, last = content[0], content[-1]
    opening = _opening_stems(lines)
    outside = [ln for ln in lines if ln.kind != BLANK and (ln.index < first or ln.index > last)]
    runs: list[list[_Line]] = []
    for line in outside:
        if line.kind == UNSURE and not line.protected:
            if runs and runs[-1][-1].index == line.before:
                runs[-1].append(line)
            else:
                runs.append([line])
    for run in runs:
        before, _ = _neighbours(lines, run[0].index)
        _, after = _neighbours(lines, run[-1].index)
        sides = [before, after]
        if any(s is not None and s.kind == CONTENT for s in sides):
            continue
        if not any(s is not None and s.kind == CLUTTER for s in sides):
            continue
        if len(run) == 1 and run[0].index < first and len(_stems(run[0].words) & opening) >= 2:
            continue  # above the article and about it: a standfirst, not a tagline
        if len(run) == 1 or all(len(line.words) <= 3 for line in run):
            for line in run:
                line.drop("between clutter")


# -- metadata ---------------------------------------------------------------------------------


def _take_dateline(lines: list[_Line]) -> Dateline | None:
    """Cut the dateline from the first sentences (or find it on a line of its own)."""
    checked = 0
    for line in lines:
        if line.kind == CLUTTER and line.reason == "dateline":
            found = find_dateline(line.text)
            return found[0] if found else None
        if line.kind != CONTENT or line.protected:
            continue
        found = find_dateline(line.text)
        if found is not None and found[1]:
            line.kept_text = found[1]
            return found[0]
        checked += 1
        if checked == 3:
            break
    return None


def _published(lines: list[_Line], dateline: Dateline | None) -> str:
    """The page's date, YYYY-MM-DD when a year is known.

    The dateline's day with the year of a timestamp or byline date on the page (the year
    before when the timestamp is earlier in the year: updated on Jan 2 for a Dec 31 story),
    else the first such date, else the dateline's date as written.
    """
    stamps: list[tuple[int, int, int]] = []
    for line in lines:
        if line.kind == CLUTTER and line.reason in ("timestamp", "byline"):
            parsed = parse_date(line.text)
            if parsed is not None and parsed[0] is not None:
                stamps.append((parsed[0], parsed[1], parsed[2]))
    wanted = parse_date(dateline.date) if dateline and dateline.date else None
    if wanted is not None and wanted[0] is not None:
        return f"{wanted[0]:04d}-{wanted[1]:02d}-{wanted[2]:02d}"
    if wanted is not None and stamps:
        year, month, day = stamps[0]
        if (month, day) < wanted[1:]:
            year -= 1
        return f"{year:04d}-{wanted[1]:02d}-{wanted[2]:02d}"
    if stamps:
        year, month, day = stamps[0]
        return f"{year:04d}-{month:02d}-{day:02d}"
    return dateline.date if dateline else ""
