"""Kazakh in two scripts: the 2021 Latin alphabet and Cyrillic.

Translation models are trained on Cyrillic Kazakh, so Latin-script articles are transliterated
to Cyrillic before translation; the original script is kept for display.
"""

from __future__ import annotations

import re

# Cyrillic -> Latin (2021 alphabet). Letters Kazakh borrowed from Russian map to digraphs.
CYRILLIC_TO_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# Latin -> Cyrillic for the unambiguous letters; i, ia, iu are handled by context below.
_LATIN_TO_CYRILLIC = {
    "a": "а", "ä": "ә", "b": "б", "v": "в", "g": "г", "ğ": "ғ", "d": "д", "e": "е", "j": "ж",
    "z": "з", "k": "к", "q": "қ", "l": "л", "m": "м", "n": "н", "ñ": "ң", "o": "о", "ö": "ө",
    "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "ū": "ұ", "ü": "ү", "f": "ф", "h": "х",
    "ş": "ш", "y": "ы", "ı": "і", "c": "ц", "w": "у", "x": "кс", "ç": "ч",
}  # fmt: skip
_DIGRAPHS = {"ch": "ч", "ts": "ц", "şş": "щ", "io": "ё"}
_VOWELS = set("aäeıioöuūüy")

# Capital I is left out: it is also the English pronoun.
LATIN_KAZAKH_LETTERS = set("äğıñöūüşÄĞÑÖŪÜŞİ")
# Letters no Kazakh Latin text has but its neighbours do.
_TURKISH_ONLY = set("çÇ")
_UZBEK_MARKS = re.compile(r"[og][ʻ‘'`ʼ]", re.IGNORECASE)

_KK_LATIN_WORDS = {
    "jäne", "men", "ben", "pen", "dep", "būl", "osy", "üşın", "boiynşa", "jyly", "turaly",
    "bolyp", "bar", "jоq", "sondai-aq", "qazaqstan", "qazaqstannyñ", "respublikasy", "memlekettık",
    "degen", "edı", "bolady", "bıraq", "keiın", "arqyly", "jūmys", "jyl", "kün", "ministrlıgı",
}  # fmt: skip
_TR_WORDS = {
    "ve", "bir", "bu", "için", "ile", "olarak", "daha", "çok", "gibi", "olan", "değil",
    "ancak", "kadar", "sonra", "yıl", "dedi", "ise", "veya", "türkiye", "ama", "şu",
}  # fmt: skip
_UZ_WORDS = {
    "va", "bilan", "uchun", "bu", "yil", "boʻyicha", "bo'yicha", "oʻzbekiston", "o'zbekiston",
    "ham", "emas", "lekin", "esa", "qilib", "boʻlgan", "bo'lgan", "kerak", "dedi", "yana",
}  # fmt: skip


def to_latin(text: str) -> str:
    """Transliterate Cyrillic Kazakh to the 2021 Latin alphabet, keeping capitalisation."""
    out = []
    for ch in text:
        low = ch.lower()
        latin = CYRILLIC_TO_LATIN.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low and latin:
            out.append(latin[0].upper() + latin[1:] if low != "і" else "I")
        else:
            out.append(latin)
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Transliterate 2021 Latin Kazakh to Cyrillic.

    `i` is «и» but «й» after a vowel (ai → ай, ūiym → ұйым); `ia`/`iu` become «я»/«ю»
    at the start of a word or after a vowel (iä is rare in native words), else «ия»/«иу».
    Capital `I` is the capital of `ı` («І»), and `İ` that of `i`.
    """
    return re.sub(r"[^\W\d_]+", lambda m: _word_to_cyrillic(m.group()), text)


def _word_to_cyrillic(word: str) -> str:
    lower = word.replace("İ", "i").replace("I", "ı").lower()
    out: list[str] = []
    i = 0
    while i < len(lower):
        ch = lower[i]
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        prev = lower[i - 1] if i > 0 else ""
        pair = ch + nxt
        if ch == "i":
            if nxt in ("a", "u") and (not prev or prev in _VOWELS):
                out.append("я" if nxt == "a" else "ю")
                i += 2
                continue
            if prev in _VOWELS:
                out.append("й")
            else:
                out.append("и")
            i += 1
            continue
        if pair in _DIGRAPHS and not (pair == "io" and prev and prev not in _VOWELS):
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LATIN_TO_CYRILLIC.get(ch, ch))
        i += 1
    result = "".join(out)
    return _match_case(word, result)


def _match_case(original: str, converted: str) -> str:
    if original.isupper() and len(original) > 1:
        return converted.upper()
    if original[:1].isupper():
        return converted[:1].upper() + converted[1:]
    return converted


def latin_language_scores(text: str) -> dict[str, float]:
    """Scores for Latin-script Kazakh vs Turkish vs Uzbek (higher is more likely)."""
    words = re.findall(r"[\wʻ‘'’`ʼ-]+", text.lower())
    n = max(len(words), 1)
    letters = sum(1 for ch in text if ch in LATIN_KAZAKH_LETTERS)
    kk_specific = sum(1 for ch in text if ch in "äÄūŪñÑ")
    q_count = text.lower().count("q")
    scores = {
        "kk": (
            sum(w in _KK_LATIN_WORDS for w in words) / n * 4
            + kk_specific / n * 2
            + letters / n * 0.5
            + q_count / n
        ),
        "tr": (
            sum(w in _TR_WORDS for w in words) / n * 4
            + sum(1 for ch in text if ch in _TURKISH_ONLY) / n * 2
        ),
        "uz": (
            sum(w in _UZ_WORDS for w in words) / n * 4
            + len(_UZBEK_MARKS.findall(text)) / n * 2
            + (text.lower().count("sh") / n * 0.5 if "q" in text.lower() else 0.0)
        ),
    }
    return scores
