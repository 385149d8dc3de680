"""What the aligner knows about one sentence: its vectors, its words, and language-independent
keys (numbers, years, names) that two sentences in different languages can share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from workspace.compare.text import content_terms, normalise_number, skeleton

# Russian and Kazakh Cyrillic to a plain Latin spelling, for names only: "Токаев" and "Tokayev"
# meet on the same skeleton. Not a transliteration standard, just enough for keys to agree.
_CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g",
    "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:[  ]\d{3})*")
_QUOTED = re.compile(r"[\"“«„]([^\"”»“]{12,}?)[\"”»“]")
NAME_KEY_LENGTH = 5


@dataclass(eq=False)
class SentenceEvidence:
    """One sentence as the aligner sees it."""

    vector: np.ndarray  # of the original text
    pivot_vector: np.ndarray | None  # of the pivot text, when a translation or edition exists
    language: str  # of `text`
    text: str  # pivot text if there is one, else the original
    keys: frozenset[str] = frozenset()  # numbers, years, names: shared across languages
    quote_terms: frozenset[str] = frozenset()
    terms: list[str] = field(default_factory=list)  # content words of `text` (lexical score)
    original: str = ""  # the sentence as the outlet wrote it
    original_language: str = ""

    @property
    def content(self) -> bool:
        return has_content(self.original)


# An agency credit standing alone after a dateline: "/Север Пресс/.", "(Reuters) -", "/ТАСС/".
_CREDIT = re.compile(r"^\s*[/(][^/()\d]{2,40}[/)]\s*[.:,–—-]?\s*$")


def has_content(text: str) -> bool:
    """A sentence with no letter or digit ("—", "* * *"), or only an agency's credit, says
    nothing to align or report."""
    return any(ch.isalnum() for ch in text) and not _CREDIT.match(text)


def latin_letters(word: str) -> str:
    return word.lower().translate(_CYRILLIC_TO_LATIN)


def name_key(word: str) -> str:
    """A name's key in any script: transliterated, spelling skeleton, first letters (which
    also drops Russian and Kazakh case endings: Путина, Путину → putin)."""
    return skeleton(latin_letters(word))[:NAME_KEY_LENGTH]


def sentence_keys(text: str) -> frozenset[str]:
    """Numbers of two or more digits (normalised: 1,200 = 1 200 = 1200) and capitalised words
    past the first (names, places, bodies) as cross-script keys."""
    keys = set()
    for match in _NUMBER.finditer(text):
        raw = re.sub(r"[  ]", "", match.group(0))
        value = normalise_number(raw)
        if len(re.sub(r"\D", "", value)) >= 2:
            keys.add("#" + value.rstrip("0").rstrip(".") if "." in value else "#" + value)
    words = _WORD.findall(text)
    for word in words[1:]:
        if word[0].isupper() and len(word) >= 3 and not word.isupper():
            keys.add("@" + name_key(word))
    return frozenset(keys)


def quote_terms(text: str) -> frozenset[str]:
    return frozenset(t for quote in _QUOTED.findall(text) for t in content_terms(quote))


def shared_evidence(a: SentenceEvidence, b: SentenceEvidence) -> tuple[str, ...]:
    """The keys two sentences share, as shown to the user (numbers and name stems)."""
    return tuple(sorted(k[1:] for k in a.keys & b.keys))


def build_evidence(
    vector: np.ndarray,
    pivot_vector: np.ndarray | None,
    language: str,
    text: str,
    original: str,
    original_language: str,
) -> SentenceEvidence:
    """`text` in `language` is what lexical scores read; keys come from it and the original."""
    return SentenceEvidence(
        vector=vector,
        pivot_vector=pivot_vector,
        language=language,
        text=text,
        keys=sentence_keys(text) | (sentence_keys(original) if original != text else frozenset()),
        quote_terms=quote_terms(text),
        terms=content_terms(text) if language == "en" else [],
        original=original,
        original_language=original_language,
    )
