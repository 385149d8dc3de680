"""Language and script detection for ru / kk (Cyrillic and Latin) / en, and others by py3langid.

Generic detectors confuse Kazakh with Russian on short text, so Cyrillic is decided by the
Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) and frequent function words first; Latin text is checked
for the 2021 Kazakh alphabet against Turkish and Uzbek before English. Measured in bench/langid.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workspace.ingest.kazakh import latin_language_scores

LANGUAGE_NAMES = {
    "ru": "Russian", "kk": "Kazakh", "en": "English", "uz": "Uzbek", "ky": "Kyrgyz",
    "tg": "Tajik", "tr": "Turkish", "uk": "Ukrainian", "de": "German", "fr": "French",
    "es": "Spanish", "zh": "Chinese", "ar": "Arabic", "fa": "Persian", "be": "Belarusian",
}  # fmt: skip

KAZAKH_CYRILLIC_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_RU_WORDS = {
    "и", "в", "не", "на", "что", "с", "по", "это", "как", "из", "для", "года", "который",
    "которые", "также", "он", "она", "они", "был", "была", "были", "к", "от", "о", "за",
    "при", "его", "ее", "её", "их", "а", "но", "после", "до", "со", "во", "же", "уже", "только",
}  # fmt: skip
_KK_WORDS = {
    "және", "мен", "бен", "пен", "да", "де", "деп", "бұл", "осы", "үшін", "бойынша", "жылы",
    "болды", "туралы", "бар", "жоқ", "еді", "екен", "сол", "ол", "олар", "кейін", "арқылы",
    "болып", "деді", "тағы", "қазақстан", "жыл", "бір", "ең", "керек", "сондай-ақ", "оның",
}  # fmt: skip
_EN_WORDS = {
    "the", "and", "of", "to", "in", "is", "was", "for", "on", "that", "with", "as", "by",
    "at", "he", "she", "it", "from", "said", "are", "were", "has", "have", "be", "an", "a",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Detection:
    language: str
    script: str  # ISO 15924: Cyrl, Latn, ...
    confidence: float
    note: str = ""


def detect_script(text: str) -> str:
    cyrillic = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
            latin += 1
        else:
            other += 1
    if cyrillic == latin == other == 0:
        return "Zyyy"
    if cyrillic >= latin and cyrillic >= other:
        return "Cyrl"
    if latin >= other:
        return "Latn"
    return "Zzzz"


def detect_language(text: str) -> Detection:
    """Best guess of the language of `text`, with its script and a 0-1 confidence."""
    sample = text[:20_000]
    script = detect_script(sample)
    words = [w.lower() for w in _WORD.findall(sample)]
    if script == "Cyrl":
        return _detect_cyrillic(sample, words)
    if script == "Latn":
        return _detect_latin(sample, words)
    return _fallback(sample, script)


def _detect_cyrillic(text: str, words: list[str]) -> Detection:
    letters = sum(1 for ch in text if ch.isalpha())
    kk_letters = sum(1 for ch in text if ch in KAZAKH_CYRILLIC_LETTERS)
    n = max(len(words), 1)
    kk_words = sum(w in _KK_WORDS for w in words) / n
    ru_words = sum(w in _RU_WORDS for w in words) / n
    kk_share = kk_letters / max(letters, 1)
    # In Kazakh about one letter in ten is Kazakh-only; a Russian text quoting a Kazakh name
    # has a handful at most.
    kk_score = kk_share * 10 + kk_words * 3
    ru_score = ru_words * 3 + (0.3 if kk_letters == 0 else 0.0)
    if kk_score > ru_score:
        return Detection("kk", "Cyrl", min(1.0, 0.5 + kk_score - ru_score))
    # Other Cyrillic languages (Ukrainian, Kyrgyz, ...): let the generic detector speak when
    # the Russian evidence is thin.
    if ru_words < 0.08 and len(words) >= 5:
        guess = _fallback(text, "Cyrl")
        if guess.language not in ("ru", "kk") and guess.confidence > 0.9:
            return guess
    return Detection("ru", "Cyrl", min(1.0, 0.5 + ru_score - kk_score))


def _detect_latin(text: str, words: list[str]) -> Detection:
    n = max(len(words), 1)
    en_share = sum(w in _EN_WORDS for w in words) / n
    scores = latin_language_scores(text)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] > max(en_share * 2, 0.15):
        if best == "kk":
            return Detection("kk", "Latn", min(1.0, 0.5 + scores["kk"]))
        name = LANGUAGE_NAMES[best]
        return Detection(best, "Latn", min(1.0, 0.5 + scores[best]), f"looks like {name}")
    if en_share >= 0.08:
        return Detection("en", "Latn", min(1.0, 0.5 + en_share * 2))
    guess = _fallback(text, "Latn")
    # Short Latin text with no other evidence ("No.", "Emperor Norton") is most likely English
    # in this product; another language needs a confident, longer sample.
    if guess.language != "en" and (guess.confidence < 0.95 or len(words) < 4):
        return Detection("en", "Latn", 0.5, "short text; assumed English")
    return guess


_IDENTIFIER = None


def _fallback(text: str, script: str) -> Detection:
    """py3langid restricted to the languages Parallax knows by name."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
        identifier.set_languages([code for code in LANGUAGE_NAMES if code != "uz"])
        _IDENTIFIER = identifier
    code, probability = _IDENTIFIER.classify(text)
    return Detection(code, script, float(probability), "by py3langid")
