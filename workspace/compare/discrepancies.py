"""Where outlets disagree, from the story's fact table and its aligned groups:

- number / date: a slot of the fact table whose values contradict;
- name: different people for one role (or as the speaker of one quote) in the same claim, never
  a spelling, transliteration, title or partial form of one name;
- quote_wording: the same quote worded differently by two outlets in one language;
- quote: a quote only one outlet carries.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import combinations

from workspace.compare.diff import word_diff
from workspace.compare.fact_table import FactTable, Ref
from workspace.compare.model import DiffSpan, Discrepancy, PivotArticle
from workspace.compare.people import NameFact, QuoteFact, close_keys, person_key

QUOTE_SAME = 0.5  # share of words two wordings of one quote have in common (difflib ratio)
QUOTE_SAME_ALIGNED = 0.3  # ... when their sentences report one claim


def find_discrepancies(
    articles: list[PivotArticle], groups: list[list[Ref]], table: FactTable
) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for slot in table.slots:
        if not slot.contradiction:
            continue
        written: dict[str, str] = {}
        for value in slot.values:
            written.setdefault(value.outlet, value.value)
        distinct = list(dict.fromkeys(written.values()))
        counts = " · ".join(f"{v} ×{n}" for v, n in slot.agreement)
        found.append(Discrepancy(
            kind=slot.kind, description=f"{slot.what}: {' vs '.join(distinct)} ({counts})",
            values=written, outlets=sorted(written),
            sentence_ids=list(dict.fromkeys(v.sentence_id for v in slot.values)),
            group_id=slot.group_ids[0] if len(slot.group_ids) == 1 else None,
        ))  # fmt: skip
    for change in table.changes:
        found.append(Discrepancy(
            kind="translation",
            description=f"{change.version_outlet}'s version of {change.original_outlet}'s"
            f" article gives {change.version_value} where the original says"
            f" {change.original_value}",
            values={change.original_outlet: change.original_value,
                    change.version_outlet: change.version_value},
            outlets=sorted({change.original_outlet, change.version_outlet}),
            sentence_ids=[change.original_sentence, change.version_sentence],
            group_id=change.group,
        ))  # fmt: skip
    group_of = {ref: number for number, refs in enumerate(groups) for ref in refs}
    quotes = _same_quotes(articles, groups, group_of, table)
    for number, refs in enumerate(groups):
        found.extend(_name_disagreements(articles, refs, table, number))
    found.extend(_quote_disagreements(articles, quotes, group_of, table))
    return found


def _sid(articles: list[PivotArticle], ref: Ref) -> str:
    return articles[ref[0]].sentences[ref[1]].sentence_id


def _name_disagreements(
    articles: list[PivotArticle], refs: list[Ref], table: FactTable, group: int
) -> list[Discrepancy]:
    """Aligned sentences naming different people for one role: each side's name shares no
    word with any name the other sentence carries, in any script."""
    out = []
    seen: set[frozenset[str]] = set()
    for x, y in combinations(refs, 2):
        if x[0] == y[0] or _translation_of(table, x[0], y[0]):
            continue
        names_x = _people(table, x)
        names_y = _people(table, y)
        keys_x = _all_name_keys(articles, x)
        keys_y = _all_name_keys(articles, y)
        for a in names_x:
            for b in names_y:
                if a.role != b.role or not (a.keys and b.keys and a.person and b.person):
                    continue
                if a.same_person(b) or _mentions(a, keys_y) or _mentions(b, keys_x):
                    continue
                pair = frozenset((a.name, b.name))
                if pair in seen:
                    continue
                seen.add(pair)
                role = a.role
                out.append(Discrepancy(
                    kind="name", description=f"{role}: {a.name} vs {b.name}",
                    values={articles[x[0]].name: a.name, articles[y[0]].name: b.name},
                    outlets=sorted({articles[x[0]].name, articles[y[0]].name}),
                    sentence_ids=[_sid(articles, x), _sid(articles, y)], group_id=group,
                ))  # fmt: skip
    return out


def _translation_of(table: FactTable, a: int, b: int) -> bool:
    """One article is a translated version of the other: their differences are listed as
    the translation's changes, not as two outlets' accounts."""
    return any(
        (link := table.versions.get(x)) is not None and link.original == y
        for x, y in ((a, b), (b, a))
    )


def _people(table: FactTable, ref: Ref) -> list[NameFact]:
    """Names worth comparing: a full name right after its role word, or a quote's speaker."""
    facts = table.facts[ref]
    return [n for n in facts.names if n.role and len(n.name.split()) >= 2] + [
        q.speaker for q in facts.quotes if q.speaker is not None and q.speaker.keys
    ]


def _mentions(name: NameFact, keys: frozenset[str]) -> bool:
    return any(close_keys(k, other) for k in name.keys for other in keys)


def _all_name_keys(articles: list[PivotArticle], ref: Ref) -> frozenset[str]:
    """Keys of every capitalised word of a sentence (and of its translation)."""
    sentence = articles[ref[0]].sentences[ref[1]]
    text = sentence.original_text + " " + (sentence.pivot_text or "")
    return frozenset(
        k for w in re.findall(r"[^\W\d_][\w’'-]*", text) if w[0].isupper()
        for k in [person_key(w)] if len(k) >= 2
    )  # fmt: skip


def _words(text: str) -> list[str]:
    """Words cut to five letters, so that inflections meet (ситуации, ситуацию)."""
    return [w[:5] for w in re.findall(r"\w+", text.lower())]


QuoteRef = tuple[Ref, int]  # a sentence and the position of a quote in it


def _quote_words(article: PivotArticle, quote: QuoteFact) -> list[str]:
    """A quote's words for comparison; Latin-script Kazakh is read in Cyrillic."""
    text = quote.text
    if (
        article.language == "kk"
        and article.script == "Latn"
        or (article.language == "kk" and not re.search(r"[а-яәғқңөұүһі]", text.lower()))
    ):
        from workspace.ingest.kazakh import to_cyrillic

        text = to_cyrillic(text)
    return _words(text)


def _same_quotes(
    articles: list[PivotArticle], groups: list[list[Ref]], group_of: dict[Ref, int],
    table: FactTable,
) -> dict[tuple[QuoteRef, QuoteRef], bool]:  # fmt: skip
    """Pairs of quotes (of different outlets) that are one quote: in one language, most of
    their words in common, wherever they stand; in two languages, in one aligned group. The
    value says whether the two wordings differ."""
    quoted = [
        ((ref, i), quote)
        for ref, facts in table.facts.items()
        for i, quote in enumerate(facts.quotes)
    ]
    words = {key: _quote_words(articles[key[0][0]], q) for key, q in quoted}
    same: dict[tuple[QuoteRef, QuoteRef], bool] = {}
    ratios: dict[tuple[QuoteRef, QuoteRef], float] = {}
    for (a, qa), (b, qb) in combinations(quoted, 2):
        ra, rb = a[0], b[0]
        if ra[0] == rb[0] or _translation_of(table, ra[0], rb[0]):
            continue
        aligned = ra in group_of and group_of.get(rb) == group_of[ra]
        if articles[ra[0]].language == articles[rb[0]].language:
            wa, wb = words[a], words[b]
            ratio = SequenceMatcher(None, wa, wb, autojunk=False).ratio()
            if ratio >= QUOTE_SAME or (aligned and ratio >= QUOTE_SAME_ALIGNED):
                same[(a, b)] = wa != wb
                ratios[(a, b)] = ratio
        elif (
            ra in group_of and group_of.get(rb) == group_of[ra] and not _different_speakers(qa, qb)
        ):
            same[(a, b)] = False
    return {pair: differs for pair, differs in same.items() if _best_match(pair, ratios)}


def _best_match(
    pair: tuple[QuoteRef, QuoteRef], ratios: dict[tuple[QuoteRef, QuoteRef], float]
) -> bool:
    """Two wordings are one quote unless one of them is closer to a third wording that is
    not the same quote as the other: of two different quotes that both look like a third,
    only the closer one is it (the other stays a quote of its own)."""
    if pair not in ratios:
        return True
    ratio = ratios[pair]
    for mine, theirs in (pair, pair[::-1]):
        for (x, y), other in ratios.items():
            if other <= ratio or mine not in (x, y):
                continue
            third = y if x == mine else x
            if third != theirs and (theirs, third) not in ratios and (third, theirs) not in ratios:
                return False
    return True


def _different_speakers(a: QuoteFact, b: QuoteFact) -> bool:
    sa, sb = a.speaker, b.speaker
    return (
        sa is not None and sb is not None and bool(sa.keys and sb.keys) and not sa.same_person(sb)
    )


def _quote_disagreements(
    articles: list[PivotArticle],
    same: dict[tuple[QuoteRef, QuoteRef], bool],
    group_of: dict[Ref, int],
    table: FactTable,
) -> list[Discrepancy]:
    """One quote worded two ways; one quote given to two speakers; a quote one outlet alone
    carries."""
    out = []
    carried: set[QuoteRef] = set()
    for (a, b), differs in same.items():
        carried.update((a, b))
        qa, qb = table.facts[a[0]].quotes[a[1]], table.facts[b[0]].quotes[b[1]]
        na, nb = articles[a[0][0]].name, articles[b[0][0]].name
        ids = [_sid(articles, a[0]), _sid(articles, b[0])]
        group = group_of.get(a[0])
        if differs:
            spans = word_diff(qa.text, qb.text)
            out.append(Discrepancy(
                kind="quote_wording", description=f"one quote, worded two ways: {_changed(spans)}",
                values={na: f"“{qa.text}”", nb: f"“{qb.text}”"}, outlets=sorted({na, nb}),
                sentence_ids=ids, group_id=group,
                spans={na: spans, nb: word_diff(qb.text, qa.text)},
            ))  # fmt: skip
        sa, sb = qa.speaker, qb.speaker
        if sa is not None and sb is not None and _different_speakers(qa, qb):
            out.append(Discrepancy(
                kind="name", description=f"speaker of one quote: {sa.name} vs {sb.name}",
                values={na: sa.name, nb: sb.name}, outlets=sorted({na, nb}), sentence_ids=ids,
                group_id=group,
            ))  # fmt: skip
    for ref, facts in table.facts.items():
        for i, quote in enumerate(facts.quotes):
            if (ref, i) not in carried:
                out.append(_quote_only(articles, ref, quote, group_of.get(ref)))
    return out


def _changed(spans: list[DiffSpan]) -> str:
    words = [s.text for s in spans if s.changed]
    return ", ".join(words[:3]) + ("…" if len(words) > 3 else "") if words else "punctuation"


def _quote_only(
    articles: list[PivotArticle], ref: Ref, quote: QuoteFact, group: int | None
) -> Discrepancy:
    outlet = articles[ref[0]].name
    speaker = quote.speaker.name if quote.speaker is not None and quote.speaker.keys else ""
    who = f" by {speaker}" if speaker else ""
    return Discrepancy(
        kind="quote", description=f"quote{who} only {outlet} carries",
        values={outlet: f"“{quote.text}”" + (f" ({speaker})" if speaker else "")},
        outlets=[outlet], sentence_ids=[_sid(articles, ref)], group_id=group,
    )  # fmt: skip
