"""Phrases and words for framing: sentences cut into phrases, word keys that meet across
spellings, scripts and inflection, and the loaded or hedging words of ru, kk and en."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from workspace.compare.evidence import latin_letters
from workspace.compare.text import STOPWORDS, skeleton, stem


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*|[«»\"“”„'‘’]|[,;:()\[\]!?.…–—]", re.UNICODE)
_PUNCT = set(",;:()[]!?.…–—")
_QUOTES = set("«»\"“”„'‘’")

_RU_FUNCTION = _words(
    "в во на с со к ко по о об от до из за для при про у над под без через между и а но или "
    "что чтобы как так же ли не ни это этот эта эти этого тот та те его ее её их он она они "
    "мы вы я который которая которое которые которого которой которых где когда также уже "
    "еще ещё был была было были будет будут быть является являются есть там тут здесь всё все "
    "весь свой свою своих своё свое сам сама её"
)  # fmt: skip
_KK_FUNCTION = _words(
    "және мен мен бен пен да де та те ғана үшін туралы бойынша арқылы дейін кейін бұл осы сол "
    "ол олар біз мұнда онда ма ме ба бе па пе емес жоқ бар деп деген екенін екені болып болды "
    "болатын еді ал бірақ немесе әрі де"
)  # fmt: skip
# Verbs of saying and reporting: a change of one for another is no framing, and they end a
# phrase ("…, заявила Захарова").
_SAYING = _words(
    "said says say stated states told noted added stressed reported announced explained "
    "underlined emphasised emphasized reiterated confirmed according "
    "заявил заявила заявили сообщил сообщила сообщили сообщает сказал сказала сказали отметил "
    "отметила отметили подчеркнул подчеркнула подчеркнули пояснил пояснила пояснили добавил "
    "добавила добавили напомнил напомнила заявляет "
    "мәлімдеді айтты атап өтті хабарлады деді жеткізді қайталап түсіндірді мәлімдеген "
    "mälımdedı aitty atap öttı habarlady dedı qaitalap"
)  # fmt: skip
_BOUNDARY = _words(
    "and but or that which who whom where while when whereas because although is was are were "
    "has have had will would be been being it this there "
    "и а но или что чтобы который которая которое которые которого которой которых где когда "
    "поскольку хотя это является являются был была было были будет "
    "және бірақ немесе деп деген екенін екені бұл ал "
    "jäne biraq nemese dep degen ekenın bul"
) | _SAYING  # fmt: skip
# Days, months and "yesterday": when something happened is the fact table's business.
_WHEN = _words(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
    "overnight morning evening night week year month "
    "понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье "
    "сегодня вчера завтра утром вечером ночью накануне неделе году "
    "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі бүгін кеше ертең күні "
    "düisenbı seisenbı särsenbı beisenbı jūma senbı jeksenbı bügın keşe erteñ künı"
)  # fmt: skip
_FUNCTION = STOPWORDS | _RU_FUNCTION | _KK_FUNCTION | _SAYING | _WHEN

# Loaded or hedging words (prefixes of lower-cased words, so that inflected forms match). A
# word here makes its phrase framing wherever the counterpart does not carry it.
LOADED = (
    "so-called", "alleged", "allegedly", "purported", "self-proclaimed", "regime", "terrorist",
    "aggression", "aggressor", "occupation", "occupied", "occupier", "invasion", "invader",
    "puppet", "junta", "militant", "propaganda", "provocation", "dubbed", "notorious",
    "rioter", "thug", "extremist", "bandit", "looter",
    "так называем", "так-называем", "якобы", "предполагаем", "режим", "террорист", "агресси",
    "агрессор", "оккупац", "оккупир", "оккупант", "вторжени", "захватчик", "марионет", "хунт",
    "боевик", "пропаганд", "провокац", "самопровозгла", "пресловут", "мним", "хулиган",
    "погромщик", "экстремист", "бандит", "мародер", "мародёр",
    "деп аталатын", "делінген", "террорист", "басқыншы", "агрессия", "оккупация", "режим",
    "арандату", "насихат", "жалған", "имиш",
    "dep atalatyn", "terrorist", "basqynşy", "agressiia", "okkupatsiia", "rejim",
)  # fmt: skip
# "режим" is loaded for a government ("киевский режим", "режим Асада"), not for an operating
# mode ("в штатном режиме"): it needs a capitalised or "-ский" neighbour.
_REGIME_NEEDS_NEIGHBOUR = ("режим", "rejim")
_REGIME_NEIGHBOUR = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]|(?:ский|ская|ского|ском|ской|ские)$")


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A content word's key in any script: stemmed (English), transliterated, spelled by
    skeleton and cut to five letters, so that case endings, "Кыргызстан"/"Киргизия"-style
    spellings and Latin/Cyrillic Kazakh meet ("конференц-зал" = "konferents-zal")."""
    w = word.lower()
    if w.isascii():
        w = stem(w)
    return skeleton(latin_letters(w).replace("-", ""))[:5]


@dataclass(frozen=True)
class Phrase:
    """A run of words between punctuation, conjunctions and verbs of saying."""

    words: tuple[str, ...]
    keys: tuple[str, ...]  # per word: its key, or "" for a function word
    quoted: tuple[bool, ...]  # per word: inside quotation marks

    common: tuple[bool, ...] = ()  # per word: a content word that is no name or number

    @cached_property
    def _content(self) -> frozenset[str]:
        return frozenset(k for k in self.keys if k)

    @cached_property
    def _lowercase(self) -> frozenset[str]:
        return frozenset(k for k, c in zip(self.keys, self.common, strict=True) if c)

    def content(self) -> frozenset[str]:
        return self._content

    @cached_property
    def loaded_keys(self) -> list[str]:
        """Keys of the loaded or hedging words ("so-called", "якобы") of the phrase."""
        marked = []
        for i, (k, w) in enumerate(zip(self.keys, self.words, strict=True)):
            two = " ".join(self.words[max(0, i - 1) : i + 1]).lower()  # "так называемом"
            if k and (
                loaded_prefixes(w)
                or (i and loaded_prefixes(two) and loaded_prefixes(two)[0].lower() == two)
            ):
                marked.append(k)
        return marked

    def lowercase_content(self) -> frozenset[str]:
        """Content words that are no name or number: the common nouns, verbs and adjectives
        a naming is made of."""
        return self._lowercase


@lru_cache(maxsize=16384)
def phrases(text: str) -> tuple[Phrase, ...]:
    """`text` cut into phrases (see Phrase)."""
    out: list[Phrase] = []
    words: list[str] = []
    quoted: list[bool] = []
    inside = False

    def close() -> None:
        if words:
            keys = tuple(
                "" if w.lower() in _FUNCTION or len(w) < 2 or w.isdigit() else word_key(w)
                for w in words
            )
            common = tuple(
                bool(k) and not w[0].isupper() and not w[0].isdigit()
                for k, w in zip(keys, words, strict=True)
            )
            out.append(Phrase(tuple(words), keys, tuple(quoted), common))
            words.clear()
            quoted.clear()

    for token in _TOKEN.findall(text):
        if token in _QUOTES:
            inside = not inside if token in "\"'" else token in "«“„‘"
            continue
        if token in _PUNCT:
            close()
            continue
        if token.lower() in _BOUNDARY:
            close()
            continue
        words.append(token)
        quoted.append(inside)
    close()
    return tuple(out)


_LOADED = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(re.escape(p) for p in sorted(set(LOADED), key=len, reverse=True))
    + r")[\w-]*"
)


@lru_cache(maxsize=65536)
def loaded_prefixes(text: str) -> tuple[str, ...]:
    """The loaded words of `text` (cached: phrases ask word by word)."""
    found: list[str] = []
    for match in _LOADED.finditer(text.lower()):
        start, end = match.span()
        if match.group(1) in _REGIME_NEEDS_NEIGHBOUR and not _regime_neighbour(text, start, end):
            continue
        word = text[start:end]
        if word not in found:
            found.append(word)
    return tuple(found)


def loaded_words(text: str) -> list[str]:
    """The loaded or hedging words of `text`, as written."""
    return list(loaded_prefixes(text))


def _regime_neighbour(text: str, start: int, end: int) -> bool:
    before = text[:start].split()[-1:] or [""]
    after = text[end:].split()[:1] or [""]
    return any(_REGIME_NEIGHBOUR.search(w.strip("«»\"',.")) for w in before + after)
