"""People and their words in Russian, Kazakh and English: names with their role, quotes with
their speaker.

A name is known by the keys of its words in a Latin spelling skeleton (Тоқаев, Токаева and
Tokayev share "tokae"), so a transliteration, an inflected form, a partial form ("PM Shehbaz")
or a title are never a different person. A role ("President", "министр", "басшысы") is what
makes two names comparable at all: outlets that give different people for the same role in
the same claim disagree; a name with no role is background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Role words -> role class. Lower case; Russian and Kazakh words match as prefixes.
ROLES = {
    "president": "president", "президент": "president", "head of state": "president",
    "глава государства": "president", "мемлекет басшысы": "president",
    "prime minister": "pm", "premier": "pm", "pm": "pm", "премьер": "pm",
    "глава правительства": "pm", "үкімет басшысы": "pm",
    "deputy minister": "deputy minister", "vice minister": "deputy minister",
    "заместитель министра": "deputy minister", "замминистра": "deputy minister",
    "вице-министр": "deputy minister",
    "foreign minister": "foreign minister", "министр иностранных дел": "foreign minister",
    "глава мид": "foreign minister", "сыртқы істер министрі": "foreign minister",
    "minister": "minister", "министр": "minister",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "press secretary": "spokesperson", "пресс-секретарь": "spokesperson",
    "официальный представитель": "spokesperson", "представитель": "spokesperson",
    "баспасөз хатшысы": "spokesperson", "ресми өкілі": "spokesperson", "өкілі": "spokesperson",
    "ambassador": "ambassador", "посол": "ambassador", "елшісі": "ambassador",
    "mayor": "mayor", "akim": "mayor", "аким": "mayor", "әкім": "mayor", "мэр": "mayor",
    "governor": "governor", "губернатор": "governor",
    "chairman": "head", "chairwoman": "head", "ceo": "head", "director": "head",
    "председатель": "head", "директор": "head", "руководитель": "head", "төрағасы": "head",
}  # fmt: skip
_ROLE_ALT = "|".join(sorted(map(re.escape, ROLES), key=len, reverse=True))
# English role words are whole words ("Presidential" is no president); Russian and Kazakh ones
# take case endings ("министра", "министрі").
_ROLE = re.compile(
    rf"(?<![^\W\d_])(?P<role>{_ROLE_ALT})(?:(?<=[a-z])\b|(?<=[^a-z])[^\s,.;:]*)",
    re.IGNORECASE,
)
# Words that make a capitalised run an organisation, a place or an office, not a person.
_NOT_PERSON = (
    "society", "ministr", "institut", "agenc", "committee", "council", "union", "organi",
    "fund", "bank", "compan", "group", "party", "office", "department", "summit", "develop",
    "service", "universit", "cent", "associat", "federat", "republic", "kingdom", "state",
    "nation", "force", "army", "government", "parliament", "assembly", "court", "police",
    "envoy", "technolog", "specialist", "medicine", "general", "deputy", "foreign",
    "общест", "министер", "институт", "агентств", "комитет", "совет", "союз", "организац",
    "фонд", "банк", "компани", "групп", "парти", "офис", "департамент", "саммит", "развит",
    "служб", "университет", "центр", "ассоциац", "федерац", "республик", "королевств",
    "государств", "сил", "арми", "правительств", "парламент", "собрани", "суд", "полиц",
    "министрлі", "агенттіг", "кеңес", "ұйым", "қор", "орталы", "үкімет", "сот",
)  # fmt: skip
_CAP = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]*"
_NAME = re.compile(rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,4}})")
_QUOTE = re.compile(r"[«„“\"](?P<text>[^«»„“”\"]{10,}?)[»“”\"]")
_SAID = (
    r"said|says|told|added|stated|noted|stressed|explained|wrote|declared|warned|insisted"
    r"|заявил[аи]?|сказал[аи]?|отметил[аи]?|подчеркнул[аи]?|добавил[аи]?|сообщил[аи]?"
    r"|пояснил[аи]?|констатировал[аи]?|заверил[аи]?|уточнил[аи]?|признал[аи]?"
    r"|деді|деп атап өтті|деп мәлімдеді|деп хабарлады|деп айтты|деп сендірді|деп қосты"
    r"|деп түсіндірді|деп атап көрсетті"
)
_SPEAKER_AFTER = re.compile(
    rf"^[\s,.]*(?:[-—–]\s*)?(?:{_SAID})\s+(?P<who>[^,.;:!?]{{2,80}})", re.IGNORECASE
)
_SPEAKER_AFTER_INVERTED = re.compile(
    rf"^[\s,.]*(?:[-—–]\s*)?(?P<who>[^,.;:!?\"«»]{{2,80}}?)\s+(?:{_SAID})\b", re.IGNORECASE
)
_SPEAKER_BEFORE = re.compile(
    rf"(?:(?P<who>[^.;!?\"«»“”]{{2,80}}?)\s+(?:{_SAID})\s*[:,]?\s*$|(?P<who2>[^.;!?\"«»“”]{{2,60}}?):\s*$"
    rf"|(?:по словам|according to|сөзінше)\s+(?P<who3>[^,.;:!?]{{2,60}}),\s*$)",
    re.IGNORECASE,
)
_NOT_NAME_WORDS = {
    "the", "a", "an", "in", "on", "at", "this", "that", "but", "and", "according", "он", "она",
    "они", "это", "в", "на", "ол", "бұл", "мен", "және", "he", "she", "they", "it",
}  # fmt: skip


@dataclass(frozen=True)
class NameFact:
    name: str  # as written
    keys: frozenset[str]  # consonant keys of its words (person_key)
    role: str  # role class (president, minister, spokesperson, ...) or "" for none
    start: int
    end: int
    adjacent: bool = False  # right after its role word ("President Tokayev")

    @property
    def person(self) -> bool:
        """Looks like a person: two or more name words, or one right after a role word; no
        word of an organisation, a place or an office; no acronym."""
        words = self.name.split()
        if any(w.isupper() and len(w) > 1 for w in words):
            return False
        if any(w.lower().startswith(_NOT_PERSON) for w in words):
            return False
        return len(words) >= 2 or self.adjacent

    def same_person(self, other: NameFact) -> bool:
        """Any word in common (by consonant key, one letter of slack): a partial form or a
        transliteration (Feng Yaoxiang, Фэн Яосян) is one person."""
        return any(close_keys(a, b) for a in self.keys for b in other.keys)


@dataclass(frozen=True)
class QuoteFact:
    text: str
    speaker: NameFact | None
    start: int
    end: int


_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g",
    "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})  # fmt: skip
_DIGRAPHS = (("sch", "s"), ("shch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("kh", "h"),
             ("tsz", "s"), ("ts", "s"), ("tz", "s"), ("ph", "f"), ("th", "t"), ("gh", "g"),
             ("ck", "k"), ("dj", "j"), ("dzh", "j"), ("x", "ks"), ("q", "k"), ("w", "v"),
             ("z", "s"), ("c", "k"))  # fmt: skip


# Russian and Kazakh case endings of names: Шарифом, Токаева, Тоқаевқа, Сәтқалиевтің.
_CASE_ENDING = re.compile(
    r"(?:ым|ом|ем|им|ой|ей|ою|ам|ям|ах|ях|ами|ями|тың|тің|ның|нің|дың|дің|қа|ға|ке|ге"
    r"|та|те|да|де|пен|бен|мен|ты|ті|ны|ні|ды|ді|у|ю|а|я|е|ы)$"
)


def person_key(word: str) -> str:
    """A word's consonants in a plain Latin spelling: Токаев, Тоқаев and Tokayev → "tkv";
    Баррозу and Barroso → "brs"; Кастекс and Castex → "kstk"; Шольц and Scholz → "sls".
    Case endings change the end of a Russian word, so only the first four count."""
    lowered = word.lower()
    if len(lowered) > 5 and not lowered.isascii():
        lowered = _CASE_ENDING.sub("", lowered)
    latin = lowered.translate(_LATIN)
    for a, b in _DIGRAPHS:
        latin = latin.replace(a, b)
    consonants = re.sub(r"[aeiouyäöüıé'’\W\d_]", "", latin)
    return re.sub(r"(.)\1+", r"\1", consonants)[:4]


def close_keys(a: str, b: str) -> bool:
    """Equal, or one letter apart (one inserted, dropped or changed) when both have three."""
    if a == b:
        return True
    if min(len(a), len(b)) < 2 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _keys(name: str) -> frozenset[str]:
    words = [w for w in re.split(r"[\s-]+", name) if len(w) >= 3 and w[0].isupper()]
    return frozenset(k for k in (person_key(w) for w in words) if len(k) >= 2)


def _first_name(text: str, base: int) -> NameFact | None:
    """The first capitalised run in `text` (offsets from `base`), without the acronyms and
    organisations in front of a name ("МИД России Мария Захарова" → "Мария Захарова"); a run
    of more than two name words keeps its last two."""
    for match in _NAME.finditer(text):
        words = match.group("name").split()
        start = match.start()
        while words and (
            words[0].lower() in _NOT_NAME_WORDS
            or (words[0].isupper() and len(words[0]) > 1)
            or words[0].lower().startswith(_NOT_PERSON)
        ):
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        if len(words) > 2:
            start = text.index(words[-2], start)
            words = words[-2:]
        if not words:
            continue
        name = " ".join(words)
        keys = _keys(name)
        if keys:
            begin = text.index(words[0], start)
            return NameFact(name, keys, "", base + begin, base + begin + len(name))
    return None


def _role_in(text: str) -> str:
    found = _ROLE.search(text)
    if not found or found.group(0).lower().startswith(("министрлі", "министерств")):
        return ""  # the ministry, not the minister
    word = found.group("role").lower()
    return ROLES.get(word) or next((v for k, v in ROLES.items() if word.startswith(k)), "")


def extract_names(sentence: str) -> list[NameFact]:
    """Names that come with a role: "President Kassym-Jomart Tokayev", "министр энергетики
    Ерлан Аккенженов", "Энергетика министрі Алмасадам Сәтқалиев" (role after the name)."""
    names: list[NameFact] = []
    for match in _ROLE.finditer(sentence):
        role = _role_in(match.group(0))
        if not role:
            continue
        # The name follows within a few words, before any punctuation: "President Tokayev",
        # "министр энергетики Казахстана Ерлан Аккенженов", "Премьер-министр Олжас Бектенов".
        reach = re.match(r"[^,.;:!?«»\"“”()—–]{0,60}", sentence[match.end() :])
        after = reach.group(0) if reach else ""
        if len(after.split()) > 5:
            after = " ".join(after.split()[:5])
        before = sentence[max(0, match.start() - 50) : match.start()]
        found = _first_name(after, match.end())
        # Kazakh (and English possessives) put the name before the role: "... министрі X"
        # takes the name after; "X, the minister" is rare in news. Russian genitive modifiers
        # ("министр энергетики Казахстана Ерлан ...") are skipped by taking the last run of
        # two capitalised words within reach when the first is a single place name.
        if found is not None and len(found.name.split()) == 1:
            longer = _first_name(after[found.end - match.end() :], found.end)
            if (
                longer is not None
                and len(longer.name.split()) >= 2
                and longer.start - found.end < 25
            ):
                found = longer
        if found is None and before.rstrip().endswith(","):
            found = _first_name(before, max(0, match.start() - 50))
        if found is not None:
            adjacent = not sentence[match.end() : found.start].strip()
            names.append(NameFact(found.name, found.keys, role, found.start, found.end, adjacent))
    return names


def extract_quotes(sentence: str) -> list[QuoteFact]:
    """Quoted words (three or more) with their speaker when the sentence names one."""
    quotes = []
    for match in _QUOTE.finditer(sentence):
        text = match.group("text").strip()
        if len(text.split()) < 3:
            continue
        speaker = None
        after = sentence[match.end() :]
        for pattern in (_SPEAKER_AFTER, _SPEAKER_AFTER_INVERTED):
            found = pattern.search(after)
            if found:
                speaker = _speaker(found.group("who"), match.end() + found.start("who"))
                if speaker is not None:
                    break
        if speaker is None:
            before = sentence[: match.start()]
            found = _SPEAKER_BEFORE.search(before)
            if found:
                group = next(g for g in ("who", "who2", "who3") if found.group(g))
                speaker = _speaker(found.group(group), found.start(group))
        quotes.append(QuoteFact(text, speaker, match.start(), match.end()))
    return quotes


def _speaker(words: str, base: int) -> NameFact | None:
    """Who said it, from the words next to the quote: the name after a role word ("the
    president, Emmanuel Macron", "министр Ерлан Аккенженов"), else a short capitalised run
    ("Tokayev", "Kassym-Jomart Tokayev"); a role alone ("the president") has no name."""
    clause = words.rsplit(",", 1)[-1] if "," in words else words
    offset = base + len(words) - len(clause)
    role_match = _ROLE.search(clause)
    role = _role_in(clause)
    start = role_match.end() if role_match is not None else 0
    name = _name_after(clause[start:], offset + start)
    if name is None:
        if role:
            return NameFact(clause.strip(), frozenset(), role, offset, offset + len(clause))
        return None
    return NameFact(name.name, name.keys, role or "speaker", name.start, name.end, bool(role))


def _name_after(text: str, base: int) -> NameFact | None:
    """A capitalised run that only lower-case words (at most three: "resident", "представитель
    авиакомпании") separate from the start of `text`."""
    match = re.match(r"\s*((?:[^\W\d_A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*\s+){0,3})", text)
    skipped = match.end() if match else 0
    name = _first_name(text[skipped:], base + skipped)
    if name is None or name.start != base + skipped + (
        len(text[skipped:]) - len(text[skipped:].lstrip())
    ):
        return None
    return name
