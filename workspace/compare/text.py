"""Normalised word sequences for comparing sentences across outlets and translations."""

from __future__ import annotations

import re
from functools import lru_cache

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "not",
        "no",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "our",
        "we",
        "you",
        "i",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "said",
        "says",
        "say",
        "told",
        "also",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "than",
        "then",
        "there",
        "here",
        "about",
        "after",
        "before",
        "into",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "so",
        "too",
        "very",
        "just",
        "now",
        "according",
        "per",
        "via",
        "through",
        "during",
        "within",
        "across",
        "among",
        "since",
        "until",
        "onto",
        "upon",
        "s",
    ]
)
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_SPACED_THOUSANDS = re.compile(r"\b(\d{1,3})((?:[  ]\d{3})+)\b")
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip


@lru_cache(maxsize=1 << 16)
def normalise_number(text: str) -> str:
    """'1,200' → '1200', '2,4' → '2.4', '7 644' → '7644', 'ten' → '10'."""
    if text in NUMBER_WORDS:
        return str(NUMBER_WORDS[text])
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        return text.replace(",", "")
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return text.replace(",", ".")
    return text


@lru_cache(maxsize=1 << 16)  # words recur across a story's sentences
def skeleton(word: str) -> str:
    """A spelling skeleton so transliteration variants meet: Satkaliyev/Satkaliev,
    Shternik/Sternik, Petropavlovsk/Petropavl stays distinct."""
    w = word.lower()
    for a, b in (("shch", "s"), ("sh", "s"), ("zh", "z"), ("kh", "h"), ("ch", "c"), ("ts", "c"),
                 ("yi", "i"), ("iy", "i"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"),
                 ("ye", "e"), ("y", "i"), ("j", "i"), ("q", "k"), ("w", "v"), ("x", "ks")):  # fmt: skip
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stemmer: enough to meet supply/supplies, sign/signed/signing,
    evacuated/evacuation, rescue/rescuers."""
    for suffix, replacement in (("ations", "at"), ("ation", "at"), ("ies", "y"), ("ied", "y"),
                                ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("er") and len(word) >= 7:
        word = word[:-2]
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """All words, lower-cased, numbers normalised (for diffs and display alignment)."""
    text = _SPACED_THOUSANDS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    return [normalise_number(w.lower()) for w in _WORD.findall(text)]


def content_terms(text: str) -> list[str]:
    """Content words for similarity: stopwords dropped, stemmed, spelled by skeleton."""
    terms = []
    for word in tokens(text):
        if word in STOPWORDS:
            continue
        if word[0].isdigit():
            terms.append(word)
        elif len(word) > 1:
            terms.append(skeleton(stem(word)))
    return terms
