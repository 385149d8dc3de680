"""The language of one sentence, given the language of the article it stands in (the prior).

A whole article is easy to identify; one sentence is not: "— Рас." or a name is Russian and
Kazakh alike, and generic detectors take short Kazakh lines for Russian. Here the article's
language is the default, and a sentence moves away from it only on evidence: for Russian and
Kazakh, Kazakh-only letters in ordinary (lower-case) words, function words, and py3langid's
ru-vs-kk odds, weighed against a bias towards the prior; for a change of script, enough words in
the other script to be a quote rather than a name. Measured in bench/langid.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from workspace.ingest.language import KAZAKH_CYRILLIC_LETTERS, detect_language

_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’-][A-Za-z\u00c0-\u024f]+)*")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that are Russian and never Kazakh ("не", "да", "а", "о", "он" are both: left out).
_RU_ONLY_WORDS = _word_set(
    "и в на что с по это как из для к от за при его её ее их но после до со во же уже только "
    "который которая которое которые которых котором был была были было будет будут также "
    "если чтобы когда где или ни нет так там тут есть этот эта эти этого этой том тем себя "
    "мы вы я ты она оно они нам вам мне меня нас вас всё все всех ещё еще очень можно нужно "
    "быть может могут более между через под над без об про перед чем чего кто весь вся"
)
_KK_WORDS = _word_set(
    "және мен бен пен деп деді дейді бұл осы үшін бойынша жылы болды туралы бар жоқ еді екен "
    "сол ол олар кейін арқылы болып тағы бір ең керек сондай-ақ оның бірақ дейін қазір біз "
    "сіз біздің олардың барлық әр басқа көп аса өте емес болса болады ретінде шейін қарай"
)
# Russian inflections Kazakh words do not end with (Kazakh loanwords take Kazakh suffixes).
_RU_ENDING = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|ться|тся|ешь|ует|ают|яют|ется|ится|ость|ости|ение|ения|"
    r"ание|ания|ский|ская|ское|ских|ного|ной|ную|ные|ных|ный|ать|ять|ить|еть|ств|ство|ут|ют|ят)$"
)


@dataclass(frozen=True)
class SentenceLanguageSettings:
    """Weights of the evidence, in log-odds units (positive: Kazakh, negative: Russian).

    Tuned on UD ru_gsd dev (579 sentences), UD kk_ktb train (31), the Russian side of
    wmt22-ruen-dev (498 lines) and the Kazakh side of kk-en-dev (168 lines), each with its
    own language and with the other one as prior; checked on tests/data/langid/news_lines.tsv.
    """

    # How strongly the article's language holds: a sentence needs more than this to move.
    prior_bias: float = 1.5
    # An ordinary word with a Kazakh-only letter (Russian has them only in names).
    kk_letter_word: float = 3.0
    # A capitalised word with a Kazakh-only letter: a name or the first word, weak evidence.
    kk_letter_name: float = 0.4
    kk_function_word: float = 1.5
    ru_function_word: float = -1.5
    ru_ending_word: float = -1.0
    # Not one Kazakh-only letter in three words (weak) or in four or more (strong): Kazakh
    # text almost always has some ("Синоптиктер ескерту жасады." does not).
    no_kk_letters_three_words: float = -1.0
    no_kk_letters_more_words: float = -2.5
    # py3langid's ru-vs-kk log-odds count this much (capped at +-6 first).
    langid_weight: float = 0.5
    # Fewer words than this take the prior ("— Рас.", "Иә.", a name, a number).
    min_words: int = 2
    # A sentence in the other script needs this many words in it to be a quote, not a name.
    min_foreign_words: int = 3


SETTINGS = SentenceLanguageSettings()


def detect_sentence_language(
    text: str, prior: str, settings: SentenceLanguageSettings = SETTINGS
) -> str:
    """The language of `text`, a sentence of an article in language `prior`.

    Short or ambiguous sentences keep the prior; a Russian quote in a Kazakh article (or the
    other way round), or an English quote in either, is found as such.
    """
    return _detect(text, prior, settings)


@lru_cache(maxsize=65_536)
def _detect(text: str, prior: str, settings: SentenceLanguageSettings) -> str:
    cyrillic = _CYRILLIC_WORD.findall(text)
    latin = _LATIN_WORD.findall(text)
    if len(cyrillic) + len(latin) < settings.min_words:
        return prior
    prior_is_cyrillic = prior in ("ru", "kk", "uk", "be", "ky", "tg")
    if prior_is_cyrillic and len(latin) >= settings.min_foreign_words and len(cyrillic) <= 1:
        return _other_script(text, prior)
    if not prior_is_cyrillic and len(cyrillic) >= settings.min_foreign_words and len(latin) <= 1:
        if prior == "kk":  # Latin-script Kazakh article quoting Cyrillic
            return _russian_or_kazakh(text, cyrillic, "kk", settings)
        return _other_script(text, prior)
    if len(cyrillic) + len(latin) <= 4 and all(map(_is_name_word, cyrillic + latin)):
        return prior  # a name or a title ("Қасым-Жомарт Тоқаев", "Астана Арена")
    if prior in ("ru", "kk") and len(cyrillic) >= settings.min_words:
        # Latin words here are names and titles ("Going Balls"): the Cyrillic words decide.
        return _russian_or_kazakh(text, cyrillic, prior, settings)
    return prior


def _is_name_word(word: str) -> bool:
    return all(part[:1].isupper() and part[1:].islower() for part in word.split("-"))


def _other_script(text: str, prior: str) -> str:
    guess = detect_language(text)
    if guess.confidence >= 0.8 and guess.language != prior:
        return guess.language
    return prior


def _russian_or_kazakh(
    text: str, words: list[str], prior: str, settings: SentenceLanguageSettings
) -> str:
    score, langid_text = _rule_evidence(text, words, settings)
    score += settings.prior_bias if prior == "kk" else -settings.prior_bias
    # py3langid moves the score by at most langid_weight * LANGID_CAP: when the rest is
    # further from zero than that, the answer is known without it (most sentences).
    if abs(score) <= settings.langid_weight * LANGID_CAP:
        score += settings.langid_weight * _langid_kazakh_log_odds(langid_text)
    return "kk" if score > 0 else "ru"


def kazakh_evidence(
    text: str, words: list[str] | None = None, settings: SentenceLanguageSettings = SETTINGS
) -> float:
    """Log-odds that `text` is Kazakh rather than Russian, before any prior."""
    if words is None:
        words = _CYRILLIC_WORD.findall(text)
    score, langid_text = _rule_evidence(text, words, settings)
    return score + settings.langid_weight * _langid_kazakh_log_odds(langid_text)


def _rule_evidence(
    text: str, words: list[str], settings: SentenceLanguageSettings
) -> tuple[float, str]:
    """The evidence of letters and words, and the text py3langid should read."""
    score = 0.0
    any_kk_letter = False
    for word in words:
        has_kk_letter = any(ch in KAZAKH_CYRILLIC_LETTERS for ch in word)
        any_kk_letter = any_kk_letter or has_kk_letter
        lower = word.lower()
        if has_kk_letter:
            score += settings.kk_letter_name if word[0].isupper() else settings.kk_letter_word
        if lower in _KK_WORDS:
            score += settings.kk_function_word
        elif lower in _RU_ONLY_WORDS:
            score += settings.ru_function_word
        elif not has_kk_letter and len(lower) > 4 and _RU_ENDING.search(lower):
            score += settings.ru_ending_word
    # Kazakh-only letters in names alone ("Министр Сәтқалиев не раскрыл цену газа."): the
    # ordinary words are counted as if the sentence had none.
    ordinary = [w for w in words if not w[0].isupper()]
    if any_kk_letter and not any(ch in KAZAKH_CYRILLIC_LETTERS for w in ordinary for ch in w):
        words_without = len(ordinary) + 1
    else:
        words_without = 0 if any_kk_letter else len(words)
    if words_without == 3:
        score += settings.no_kk_letters_three_words
    elif words_without > 3:
        score += settings.no_kk_letters_more_words
    # Names spelt the Kazakh way ("Министр Сәтқалиев не раскрыл…") pull py3langid to Kazakh:
    # it reads the sentence without them; they were counted above.
    names = [
        w for w in words[1:] if w[0].isupper() and any(ch in KAZAKH_CYRILLIC_LETTERS for ch in w)
    ]
    if names and len(words) - len(names) >= 2:
        for name in names:
            text = text.replace(name, " ")
    return score, text


_IDENTIFIER = None
LANGID_CAP = 6.0  # log-odds; a probability of 0.9975


def _langid_kazakh_log_odds(text: str) -> float:
    """py3langid restricted to Russian and Kazakh, as log-odds of Kazakh, capped at +-6."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
        identifier.set_languages(["ru", "kk"])
        _IDENTIFIER = identifier
    code, probability = _IDENTIFIER.classify(text)
    probability = min(max(float(probability), 0.0025), 0.9975)
    odds = min(math.log(probability / (1 - probability)), LANGID_CAP)
    return odds if code == "kk" else -odds
