"""Paragraph and sentence segmentation for Russian, Kazakh and English news text.

A rule-based splitter: candidate boundaries are terminal punctuation (with any closing quotes
or brackets) followed by white space; a candidate is rejected when the next word starts in
lower case («…», — заявил он), when the word before is an initial (А. С. Пушкин) or a known
abbreviation (т.е., Dr., млрд куб. м), and kept after "maybe-final" abbreviations (etc., U.S.,
г.) only when the next word is a typical sentence opener. Headlines (a line without final
punctuation followed by a capitalised line) end a sentence too. Measured in bench/segmentation.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bump when segmentation (or the per-sentence language stored with it) changes: workspaces
# re-segment articles indexed by an older version on their next sync.
SEGMENTER_VERSION = 2

# Abbreviations that (almost) never end a sentence: the next word belongs to the same sentence.
_NEVER_FINAL = {
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "hon", "pres", "vs", "v", "no", "nos", "fig", "approx", "dept",
    "e.g", "i.e", "cf", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "est", "ave", "blvd", "gens", "adm", "cmdr", "maj", "op",
    # Russian
    "т.е", "т.к", "т.н", "т.ч", "т.о", "см", "ср", "ул", "пр", "просп", "пер", "д", "кв", "им",
    "проф", "акад", "доц", "ген", "г-н", "г-жа", "гр", "напр", "рис", "табл", "стр", "с", "ст",
    "п", "пп", "гл", "ч", "тел", "обл", "р-н", "пос", "дер", "с.-х", "англ", "рус", "лат",
    "нем", "франц", "каз", "кит", "араб", "греч", "др.-греч", "вв", "н.э", "до н.э", "св",
    "куб", "кв.м", "куб.м", "зам", "пред", "ред", "изд", "сост", "т", "м.б", "ок", "ум", "род",
    "прим", "чел", "доп", "отв", "сокр",
    # Kazakh
    "ж", "жж", "б.з.б", "т.б", "т.с.с", "ҚР", "қр", "мыс", "ә", "тағы",
}  # fmt: skip

# Abbreviations that often end a sentence as well: a boundary only before a sentence opener.
_MAYBE_FINAL = {
    "etc", "u.s", "u.k", "u.n", "e.u", "inc", "ltd", "co", "corp", "jr", "a.m", "p.m", "bros",
    "т.д", "т.п", "г", "гг", "в", "вв", "т.б", "ж", "жж",
}  # fmt: skip

_OPENERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "this", "that", "these", "those",
    "in", "on", "at", "but", "and", "however", "meanwhile", "according", "there", "his", "her",
    "its", "their", "our", "after", "before", "as", "for", "if", "when", "while", "since",
    "officials", "police", "president", "mr", "ms", "mrs", "dr",
    "он", "она", "оно", "они", "это", "в", "на", "по", "но", "как", "при", "с", "также", "во", "со", "из", "у", "к", "и", "а", "после", "до", "согласно",
    "кроме", "однако", "ранее", "сейчас", "тогда", "так", "там", "об", "о", "за", "для",
    "бұл", "ол", "олар", "сондай-ақ", "алайда", "осы", "біз", "мен", "сол",
}  # fmt: skip

_CLOSERS = "\"'»”’)]}"
# Terminal punctuation, closing quotes/brackets, and any citation marks such as "[17]".
_CANDIDATE = re.compile(
    r"(?:[.!?…]+|\?!|!\?)[" + re.escape(_CLOSERS) + r"]*(?:\s*\[\d{1,3}\])*(?=\s)"
)
_YEAR_BEFORE = re.compile(r"\d{3,4}(?:\s*[-–]\s*\d{2,4})?\s+г{1,2}$")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_NEXT_WORD = re.compile(r"\s*(\S*)")
_LOOK_BEHIND = 80
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_WHITESPACE = re.compile(r"\s+")
_LINE_END_PUNCT = tuple('.!?…:;,—–-("«“' + _CLOSERS)
_DASHES = "—–-"
# A list item: a bullet or dash and a space, or a number with "." or ")" and a space.
_LIST_ITEM = re.compile(r"\s*(?:[•●▪◦‣∙*·—–-]|\d{1,3}[.)])\s+\S")
# A bullet inside a line ("• 10 bcm a year • 1,200 km pipeline"): each one starts an item.
_INLINE_BULLET = re.compile(r"\s[•●▪◦‣]\s")
# Terminal punctuation glued to the next word: "years.Kazakhstan's", "said!The".
_GLUED_STOP = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=[^\W\d_])")
_URL_LIKE = re.compile(r"(?:://|www\.|@|/)")


@dataclass(frozen=True)
class Paragraph:
    index: int
    sentences: list[str]


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; white space inside is kept for headline rules."""
    return [block.strip() for block in _PARAGRAPH_BREAK.split(text) if block.strip()]


def segment(text: str, language: str = "en") -> list[Paragraph]:
    """Split `text` into paragraphs of sentences (white space inside a sentence collapsed)."""
    return [
        Paragraph(index, split_sentences(block, language))
        for index, block in enumerate(split_paragraphs(text))
    ]


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Split one paragraph into sentences."""
    sentences: list[str] = []
    for line_block in _split_lines(paragraph):
        start = 0
        for end in _boundaries(line_block):
            piece = _WHITESPACE.sub(" ", line_block[start:end]).strip()
            if piece:
                sentences.append(piece)
            start = end
        tail = _WHITESPACE.sub(" ", line_block[start:]).strip()
        if tail:
            sentences.append(tail)
    return sentences


def _split_lines(paragraph: str) -> list[str]:
    """Cut a paragraph into blocks at line breaks that end a sentence whatever the punctuation.

    A line with no final punctuation followed by a capitalised line is a headline; a list item
    starts a block of its own, and so does every bullet inside a line.
    """
    lines = paragraph.split("\n")
    blocks: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        attribution = i > 0 and _is_attribution(lines[i - 1], line)
        if _LIST_ITEM.match(line) and not attribution and any(s.strip() for s in blocks[-1]):
            blocks.append([])
        blocks[-1].append(line)
        stripped = line.strip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (
            stripped
            and following
            and not stripped.endswith(_LINE_END_PUNCT)
            and (following[0].isupper() or following[0] in '«"“')
        ):
            blocks.append([])
    pieces = []
    for block in blocks:
        text = "\n".join(block)
        if not text.strip():
            continue
        starts = [0] + [m.start() + 1 for m in _INLINE_BULLET.finditer(text)]
        pieces += [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [piece for piece in pieces if piece.strip()]


def _is_attribution(previous: str, line: str) -> bool:
    """ "«Мы готовы»,\n— заявил он.": a dash and a lower-case word after a quote or a comma
    continue the sentence; after a colon or another item they are a list item."""
    dash = re.match(r"\s*[—–-]\s+(\w)", line)
    return (
        dash is not None
        and dash.group(1).islower()
        and previous.rstrip().endswith((",", "»", '"', "”", "“"))
    )


def _next_word(text: str, position: int) -> str:
    match = _NEXT_WORD.match(text, position)
    return match.group(1) if match else ""


def _before(text: str, position: int) -> str:
    """The text just before `position`: enough for a word or a year, never the whole paragraph
    (slicing to the start at every candidate made long paragraphs quadratic)."""
    return text[max(0, position - _LOOK_BEHIND) : position]


def _boundaries(text: str) -> list[int]:
    boundaries = []
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        following = _next_word(text, end)
        if not following:
            continue
        if _is_list_number(text, match.start()):
            continue
        if _is_boundary(text, match.start(), match.group(), following):
            boundaries.append(end)
    boundaries += [m.end() for m in _GLUED_STOP.finditer(text) if _is_glued_boundary(text, m)]
    return sorted(boundaries)


def _is_list_number(text: str, start: int) -> bool:
    """ "1." or "12." alone at the start of a block: the number of a list item."""
    return start <= 8 and re.fullmatch(r"\s*\d{1,3}", text[:start]) is not None


def _is_glued_boundary(text: str, match: re.Match[str]) -> bool:
    """ "years.Kazakhstan's": a lower-case word, the stop, then a capitalised word."""
    before = re.search(r"(\S*?)([^\W\d_]+)$", _before(text, match.start()))
    after = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?").match(text, match.end())
    if before is None or after is None:
        return False
    word, next_word = before.group(2), after.group()
    token = before.group(0) + match.group() + next_word
    if _URL_LIKE.search(token) or "." in before.group(1):
        return False  # a link, an address, "U.S.Army", "т.е.Вот"
    if len(word) < 2 or not word.islower() or word in _NEVER_FINAL or word in _MAYBE_FINAL:
        return False
    return len(next_word) >= 2 and next_word[0].isupper() and not next_word[1].isupper()


def _first_letter(word: str) -> str:
    for ch in word:
        if ch.isalpha() or ch.isdigit():
            return ch
    return ""


def _is_boundary(text: str, start: int, punct: str, following: str) -> bool:
    # Attribution after direct speech: «…?» — спросил он. / "…!" — he said.
    if following[0] in _DASHES and len(following) <= 2:
        after_dash = _next_word(text, text.find(following, start) + len(following))
        letter = _first_letter(after_dash)
        return not (letter and letter.islower())
    letter = _first_letter(following)
    if not letter:
        return following[0] in "«\"“'([—–-"
    if letter.islower():
        return False
    if not punct.startswith("."):
        return True  # ! ? … followed by a capital
    before = _WORD_BEFORE.search(_before(text, start))
    word = before.group(1) if before else ""
    word = word.lstrip(".-")
    if not word:
        return True
    bare = word.lower().rstrip(".")
    # An initial: one capital letter (А. С. Пушкин, J. K. Rowling).
    if len(word) == 1 and word.isupper():
        return False
    if bare in ("г", "гг") and _YEAR_BEFORE.search(_before(text, start)):
        return True  # "в 1904-1905 гг. Популяции…": a year, not "г. Алматы"
    if bare in _NEVER_FINAL or word.rstrip(".") in _NEVER_FINAL:
        return False
    dotted = "." in bare
    if bare in _MAYBE_FINAL or dotted:
        opener = following.strip("\"'«“(").lower().rstrip(",")
        return opener in _OPENERS
    return True
