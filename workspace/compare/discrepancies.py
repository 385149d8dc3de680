"""Where outlets disagree: the same fact slot with different values in aligned sentences
(a number of the same unit, a date, a person's name), or a quote only one outlet carries."""

from __future__ import annotations

from itertools import combinations

from workspace.compare.facts import Facts, extract_facts, name_key
from workspace.compare.model import Comparison, Discrepancy, GroupMember


def find_discrepancies(comparison: Comparison) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    facts: dict[str, Facts] = {}

    def facts_of(member: GroupMember) -> Facts:
        key = member.article_id + member.sentence_id
        if key not in facts:
            facts[key] = extract_facts(member.pivot_text or "")
        return facts[key]

    def add(d: Discrepancy) -> None:
        key = (d.kind + d.description, frozenset(d.values.values()))
        if key not in seen:
            seen.add(key)
            found.append(d)

    for group in comparison.groups:
        for d in _slot_disagreements(group.members, facts_of):
            add(Discrepancy(**d, group_id=group.id))
        for a, b in combinations(group.members, 2):
            if a.outlet != b.outlet:
                for d in _name_disagreements(a, facts_of(a), b, facts_of(b)):
                    add(Discrepancy(**d, group_id=group.id))
        # A quote that no other outlet in the group carries.
        for member in group.members:
            for quote in facts_of(member).quotes:
                if not any(facts_of(o).quotes for o in group.members if o.outlet != member.outlet):
                    add(_quote_only(member, quote.text, quote.speaker, group.id))
    for claim in comparison.unique:
        for quote in extract_facts(claim.pivot_text or "").quotes:
            member = GroupMember(claim.article_id, claim.outlet, claim.sentence_id,
                                 claim.pivot_text, claim.original_text, "")  # fmt: skip
            add(_quote_only(member, quote.text, quote.speaker, None))
    return found


def _quote_only(member: GroupMember, text: str, speaker: str, group_id: int | None) -> Discrepancy:
    who = f" by {speaker}" if speaker else ""
    return Discrepancy(
        kind="quote", description=f"quote{who} only {member.outlet} carries",
        values={member.outlet: f"“{text}”" + (f" ({speaker})" if speaker else "")},
        outlets=[member.outlet], sentence_ids=[member.sentence_id], group_id=group_id,
    )  # fmt: skip


def _slot_disagreements(members: list[GroupMember], facts_of) -> list[dict]:
    """Numbers of one unit, or dates of one kind, that two outlets give differently.

    One record per slot, listing every outlet's value, e.g. m3: 10 billion (A, C) vs 12 (B).
    """
    slots: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = {}
    for member in members:
        facts = facts_of(member)
        for n in facts.numbers:
            slots.setdefault(("number", n.unit), {}).setdefault(member.outlet, []).append(
                (f"{n.value:.6g}", n.text)
            )
        for d in facts.dates:
            slots.setdefault(("date", d.slot), {}).setdefault(member.outlet, []).append(
                (d.value, d.text)
            )
    out = []
    for (kind, slot), by_outlet in sorted(slots.items()):
        if len(by_outlet) < 2:
            continue
        values = {outlet: {v for v, _ in items} for outlet, items in by_outlet.items()}
        if not any(not (values[a] & values[b]) for a, b in combinations(values, 2)):
            continue
        written = {outlet: items[0][1] for outlet, items in by_outlet.items()}
        ids = [m.sentence_id for m in members if m.outlet in by_outlet]
        distinct = list(dict.fromkeys(written.values()))
        out.append(dict(kind=kind, description=f"{slot}: {' vs '.join(distinct)}",
                        values=written, outlets=sorted(by_outlet), sentence_ids=ids))  # fmt: skip
    return out


def _name_disagreements(a: GroupMember, fa: Facts, b: GroupMember, fb: Facts) -> list[dict]:
    """Aligned sentences naming as many people, but different ones (not spelling variants)."""
    keys_a = {name_key(n): n for n in fa.names}
    keys_b = {name_key(n): n for n in fb.names}
    only_a = [n for k, n in keys_a.items() if k not in keys_b]
    only_b = [n for k, n in keys_b.items() if k not in keys_a]
    if only_a and only_b and len(keys_a) == len(keys_b):
        return [dict(kind="name", description=f"name: {only_a[0]} vs {only_b[0]}",
                     values={a.outlet: only_a[0], b.outlet: only_b[0]},
                     outlets=[a.outlet, b.outlet], sentence_ids=[a.sentence_id, b.sentence_id])]  # fmt: skip
    return []
