"""Reports a colleague can read without a terminal: Markdown, one self-contained HTML file, JSON.

Every report says where each text came from (the original, an edition, a machine
translation, or no translation at all) and gives each article's address and date. All
article text is escaped for its format: HTML entities in HTML, Markdown punctuation and HTML
in Markdown; nothing from an article can inject markup, scripts or links.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict

from workspace.compare.model import Comparison, DiffSpan, GroupMember, PivotArticle
from workspace.compare.story_facts import StoryFacts, story_facts
from workspace.ingest.text import strip_controls

# What Markdown needs escaped, and no more ("Kassym-Jomart", "(MoUs)" stay as written):
# emphasis, code, links/images ([ ]), HTML and autolinks (< >), the escape itself; block
# markers only where a line starts; | only inside tables.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#+-]|\d+[.)])(?=\s|$)")
KIND_NAMES = {
    "number": "number", "date": "date", "name": "name", "quote_wording": "quote worded two ways",
    "quote": "quote only one outlet carries", "translation": "changed in translation",
}  # fmt: skip


def to_json(comparison: Comparison) -> str:
    """The comparison, with the fact table as `parallax facts --json` gives it."""
    data = comparison.to_dict() | {"fact_table": story_facts(comparison).to_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2)


def md_escape(text: str, *, table: bool = False) -> str:
    """`text` as literal Markdown on one line, without control characters."""
    text = _MD_INLINE.sub(r"\\\1", strip_controls(text).replace("\n", " "))
    # A block marker where a line starts gets its last character escaped: \# \- \+ 1\.
    text = _MD_BLOCK_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], text)
    return text.replace("|", "\\|") if table else text


def article_notes(c: Comparison, article: PivotArticle) -> list[str]:
    """What a reader should know about an article's text: language, editions, translation."""
    notes = [f"{article.language}, {len(article.sentences)} sentences"]
    if article.editions:
        notes.append("edition " + ", ".join(article.editions))
    machine: dict[str, int] = defaultdict(int)
    for s in article.sentences:
        if s.source.startswith("machine: "):
            machine[s.source.removeprefix("machine: ")] += 1
    for route, n in sorted(machine.items()):
        notes.append(f"machine translation ({route}) of {n}/{len(article.sentences)} sentences")
    if article.missing and article.language != c.pivot_language:
        translated = len(article.sentences) - article.missing
        notes.append(
            f"no {c.pivot_language} text for {article.missing} sentences"
            + (" (compared by meaning on the original)" if article.id in c.comparable else "")
            if translated
            else "not translated: compared by meaning on the original"
            if article.id in c.comparable
            else "not translated: not comparable"
        )
    original = c.versions().get(article.id)
    if original:
        notes.append(f"a translated version of {original}")
    return notes


def _member_md(m: GroupMember, language: str) -> str:
    if m.diff:
        return " ".join(f"**{md_escape(s.text)}**" if s.changed else md_escape(s.text)
                        for s in m.diff)  # fmt: skip
    text = md_escape(m.text)
    return text if m.pivot_text is not None else f"{text} _({language}, not translated)_"


def to_markdown(comparison: Comparison) -> str:
    c = comparison
    lines = [f"# Comparison: {md_escape(c.story)}", ""]
    lines.append(f"Sentences aligned by {md_escape(c.method or 'lexical')}; pivot language "
                 f"{md_escape(c.pivot_language)}.")  # fmt: skip
    lines += ["", "## Articles", ""]
    for article in c.articles:
        where = " · ".join(md_escape(x) for x in (article.published, article.url) if x)
        notes = "; ".join(md_escape(n) for n in article_notes(c, article))
        lines.append(f"- **{md_escape(article.name)}**: {md_escape(article.title)} ({notes})"
                     + (f" — {where}" if where else ""))  # fmt: skip
    for note in c.notes:
        lines += ["", f"> {md_escape(note)}"]
    lines += ["", "## Discrepancies", ""]
    if not c.discrepancies:
        lines.append("None found.")
    for d in c.discrepancies:
        values = "; ".join(f"{md_escape(o)}: {md_escape(v)}" for o, v in d.values.items())
        group = f" (group {d.group_id + 1})" if d.group_id is not None else ""
        lines.append(f"- **{KIND_NAMES.get(d.kind, d.kind)}**{group}: {md_escape(d.description)}"
                     f" — {values}")  # fmt: skip
    lines += _facts_md(story_facts(c))
    lines += _framing_md(c)
    lines += ["", "## Claims only one outlet makes", ""]
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for u in c.unique:
        by_outlet[u.outlet].append(u.text)
    if not by_outlet:
        lines.append("None.")
    for outlet, texts in by_outlet.items():
        lines.append(f"- **{md_escape(outlet)}**")
        lines += [f"  - {md_escape(text)}" for text in texts]
    languages = {a.id: a.language for a in c.articles}
    lines += ["", "## Aligned reports", ""]
    for g in c.groups:
        lines.append(f"### Group {g.id + 1}")
        lines.append("")
        for m in g.members:
            lines.append(f"- *{md_escape(m.outlet)}*: {_member_md(m, languages[m.article_id])}")
        lines.append("")
    lines += _coverage_md(c)
    return "\n".join(lines) + "\n"


def _facts_md(facts: StoryFacts) -> list[str]:
    """The fact table: every slot, each outlet's values and sentences, ⚠ where a machine
    translation changed a value; then what translations changed outside any slot."""
    lines = ["", "## Facts across outlets", ""]
    if not facts.rows:
        lines.append(md_escape("; ".join(facts.notes) or "No fact is given by two outlets."))
    for row in facts.rows:
        mark = "≠ " if row.contradiction else ""
        warn = " ⚠" if row.mt_caused else ""
        lines.append(f"- {mark}**{md_escape(row.what)}** ({row.kind}): "
                     f"{md_escape(row.counts)}{warn}")  # fmt: skip
        for o in row.outlets:
            flags = "".join(f" ⚠ {md_escape(f)}" for f in o.flags)
            lines.append(f"  - {md_escape(o.outlet)}: {md_escape(' / '.join(o.values))} "
                         f"\\[{md_escape(', '.join(o.sentence_ids))}\\]{flags}")  # fmt: skip
    shown = {sid for row in facts.rows for sid in row.sentence_ids}
    rest = [f for f in facts.flags if f.sentence_id not in shown]
    if rest:
        lines += ["", "## What machine translations changed", ""]
        for flag in rest:
            lines.append(f"- ⚠ {md_escape(flag.outlet)}: {md_escape(flag.message)}")
    return lines


def _framing_md(c: Comparison) -> list[str]:
    """How outlets name the same thing: one table row per referent and outlet."""
    lines = ["", "## Framing: how each outlet names the same thing", ""]
    if not c.framing:
        from workspace.compare.framing import empty_reason

        return lines + [md_escape(empty_reason(c)[:1].upper() + empty_reason(c)[1:]) + "."]
    lines += ["| # | referent | outlet | wording (sentence) |", "|---|---|---|---|"]
    for number, entry in enumerate(c.framing, 1):
        first = True
        for outlet, wordings in entry.wordings.items():
            said = "; ".join(f"{md_escape(w.text, table=True)} ({md_escape(w.sentence_id, table=True)})"
                             for w in wordings)  # fmt: skip
            head = (f"{number} | {md_escape(entry.referent, table=True)} ({entry.salience})"
                    if first else " | ")  # fmt: skip
            lines.append(f"| {head} | {md_escape(outlet, table=True)} | {said} |")
            first = False
    return lines


def _framing_html(c: Comparison) -> list[str]:
    e = html.escape
    out = ["<h2>Framing: how each outlet names the same thing</h2>"]
    if not c.framing:
        from workspace.compare.framing import empty_reason

        return out + [f"<p>{e(empty_reason(c))}.</p>"]
    # One row per referent, outlets grouped by the wording they use: a few lines however many
    # outlets there are. Hover a wording for its whole original sentence; ids link to rows.
    out.append('<table class="side facts"><tr><th style="width:4%">#</th>'
               '<th style="width:28%">referent</th><th>wordings, by outlet</th></tr>')  # fmt: skip
    for number, entry in enumerate(c.framing, 1):
        by_text: dict[str, list[str]] = defaultdict(list)
        titles: dict[str, str] = {}
        for outlet, wordings in entry.wordings.items():
            for w in wordings:
                sid = (f'<a href="#g{w.group_id + 1}">{e(w.sentence_id)}</a>'
                       if w.group_id is not None else e(w.sentence_id))  # fmt: skip
                by_text[w.text].append(f'{e(outlet)} <span class="src">{sid}</span>')
                titles.setdefault(w.text, w.original)
        said = "".join(
            f'<div><span title="{e(titles[text], quote=True)}"><b>{e(text)}</b></span> — '
            f"{', '.join(names)}</div>"
            for text, names in by_text.items()
        )
        out.append(f"<tr><td>{number}</td><td>{e(entry.referent)}<div class=\"src\">"
                   f"{e(entry.salience)}: {e('; '.join(entry.reasons))}</div></td>"
                   f"<td>{said}</td></tr>")  # fmt: skip
    out.append("</table>")
    return out


def _coverage_md(c: Comparison) -> list[str]:
    labels = [a.name for a in c.articles if a.id in c.comparable]
    lines = ["## Coverage", ""]
    if len(labels) < 2:
        return lines + ["Fewer than two articles could be compared."]
    lines += ["Read across: the share of the row outlet's sentences that the column outlet also "
              "reports.", ""]  # fmt: skip
    lines.append("| outlet | " + " | ".join(md_escape(o, table=True) for o in labels) + " |")
    lines.append("|---" * (len(labels) + 1) + "|")
    for a in labels:
        row = [f"{c.coverage.get(a, {}).get(b, 0):.0%}" if a != b else "—" for b in labels]
        lines.append(f"| {md_escape(a, table=True)} | " + " | ".join(row) + " |")
    return lines


_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fafafa;
font-size:14px;line-height:1.35}
h1{font-size:1.35rem}h2{font-size:1.1rem;margin-top:1.6rem}
table{border-collapse:collapse}
table.side{width:100%;table-layout:fixed}
table.side td,table.side th{border:1px solid #ddd;padding:.3rem;vertical-align:top;
background:#fff;font-size:.85rem;overflow-wrap:anywhere}
table.side th{background:#f0f0f0;text-align:left;position:sticky;top:0}
table.side td.gap{background:#f7f7f7}
tr:target td{outline:2px solid #e0a000}
.changed{background:#ffe08a;border-radius:2px}
.orig{color:#555;font-style:italic}
.src{color:#888;font-size:.7rem}
.disc li,.facts li{margin:.25rem 0}
.kind{font-weight:bold;text-transform:uppercase;font-size:.7rem;color:#a33}
.unique h3{font-size:.95rem;margin:.8rem 0 .2rem}.unique li{margin:.15rem 0}
.articles li{margin:.2rem 0}.meta{color:#666;font-size:.8rem}
table.cov td,table.cov th{border:1px solid #ddd;padding:.2rem .4rem;font-size:.8rem}
"""


def _spans_html(spans: list[DiffSpan]) -> str:
    return " ".join(
        f'<span class="changed">{html.escape(s.text)}</span>' if s.changed else html.escape(s.text)
        for s in spans
    )


def _member_html(m: GroupMember, language: str) -> str:
    if m.diff:
        body = _spans_html(m.diff)
    elif m.pivot_text is None:
        body = f'<span class="orig">{html.escape(m.text)}</span>'
    else:
        body = html.escape(m.text)
    source = m.source if m.pivot_text is not None else f"{language}, not translated"
    return (f'<span title="{html.escape(m.original_text, quote=True)}">{body}</span>'
            f'<div class="src">{html.escape(source)}</div>')  # fmt: skip


def to_html(comparison: Comparison) -> str:
    """One page: articles, discrepancies (each links to its row), facts, the side-by-side
    table of aligned groups (one column per article), claims only one outlet makes (grouped
    per outlet, not as rows), and coverage."""
    c = comparison
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Parallax: {e(c.story)}</title>",
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
           f"<style>{_CSS}</style></head><body>", f"<h1>{e(c.story)}</h1>",
           f"<p>Sentences aligned by {e(c.method or 'lexical')}; pivot language {e(c.pivot_language)}."
           " Hover a sentence to see the original.</p>", '<h2>Articles</h2><ul class="articles">']  # fmt: skip
    for article in c.articles:
        meta = " · ".join(e(x) for x in (article.published, article.url) if x)
        notes = "; ".join(e(n) for n in article_notes(c, article))
        out.append(f"<li><b>{e(article.name)}</b>: {e(article.title)} <span class=\"meta\">"
                   f"({notes}){' — ' + meta if meta else ''}</span></li>")  # fmt: skip
    out.append("</ul>")
    for note in c.notes:
        out.append(f'<p class="meta">{e(note)}</p>')
    out.append('<h2>Discrepancies</h2><ul class="disc">')
    for d in c.discrepancies:
        values = "; ".join(f"{e(o)}: {e(v)}" for o, v in d.values.items())
        link = (
            f' <a href="#g{d.group_id + 1}">group {d.group_id + 1}</a>'
            if d.group_id is not None
            else ""
        )
        out.append(f'<li><span class="kind">{e(KIND_NAMES.get(d.kind, d.kind))}</span> '
                   f"{e(d.description)} — {values}{link}</li>")  # fmt: skip
    if not c.discrepancies:
        out.append("<li>None found.</li>")
    out.append("</ul>")
    rows = {m.sentence_id: g.id + 1 for g in c.groups for m in g.members}
    out += _facts_html(story_facts(c), rows)
    out += _framing_html(c)
    languages = {a.id: a.language for a in c.articles}
    out.append('<h2>Side by side</h2><table class="side"><tr><th>#</th>')
    out += [f"<th>{e(a.name)}</th>" for a in c.articles]
    out.append("</tr>")
    for g in c.groups:
        out.append(f'<tr id="g{g.id + 1}"><td>{g.id + 1}</td>')
        for article in c.articles:
            members = [m for m in g.members if m.article_id == article.id]
            cell = "<br>".join(_member_html(m, languages[m.article_id]) for m in members)
            out.append(f"<td>{cell}</td>" if cell else '<td class="gap"></td>')
        out.append("</tr>")
    out.append('</table><h2>Claims only one outlet makes</h2><div class="unique">')
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for u in c.unique:
        by_outlet[u.outlet].append(u.text)
    if not by_outlet:
        out.append("<p>None.</p>")
    for outlet, texts in by_outlet.items():
        out.append(f"<h3>{e(outlet)}</h3><ul>" + "".join(f"<li>{e(t)}</li>" for t in texts)
                   + "</ul>")  # fmt: skip
    out.append("</div>")
    out += _coverage_html(c)
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _facts_html(facts: StoryFacts, rows: dict[str, int]) -> list[str]:
    """The fact table: one row per slot, each value with the outlets giving it (sentence ids
    link to their rows), ⚠ where a machine translation changed a value."""
    e = html.escape
    out = ["<h2>Facts across outlets</h2>"]
    if not facts.rows:
        out.append(f"<p>{e('; '.join(facts.notes) or 'No fact is given by two outlets.')}</p>")
    else:
        # One row per slot, outlets grouped by the value they give: stays a few lines tall
        # however many outlets there are (a column per outlet would not).
        out.append('<table class="side facts"><tr><th style="width:28%">what</th>'
                   "<th>values, by outlet</th></tr>")  # fmt: skip
        for row in facts.rows:
            mark = '<span class="kind">≠</span> ' if row.contradiction else ""
            warn = " ⚠" if row.mt_caused else ""
            by_value: dict[str, list[str]] = defaultdict(list)
            flags: list[str] = []
            for o in row.outlets:
                ids = " ".join(f'<a href="#g{rows[sid]}">{e(sid)}</a>' if sid in rows else e(sid)
                               for sid in o.sentence_ids)  # fmt: skip
                by_value[" / ".join(o.values)].append(
                    f'{e(o.outlet)} <span class="src">{ids}</span>'
                )
                flags += [f"<div>⚠ {e(o.outlet)}: {e(f)}</div>" for f in o.flags]
            values = "".join(f"<div><b>{e(v)}</b> — {', '.join(names)}</div>"
                             for v, names in by_value.items())  # fmt: skip
            out.append(f"<tr><td>{mark}<b>{e(row.what)}</b> <span class=\"src\">{e(row.kind)} · "
                       f"{e(row.counts)}{warn}</span></td><td>{values}{''.join(flags)}</td></tr>")  # fmt: skip
        out.append("</table>")
    shown = {sid for row in facts.rows for sid in row.sentence_ids}
    rest = [f for f in facts.flags if f.sentence_id not in shown]
    if rest:
        out.append('<h2>What machine translations changed</h2><ul class="facts">')
        out += [f"<li>⚠ {e(f.outlet)}: {e(f.message)}</li>" for f in rest]
        out.append("</ul>")
    return out


def _coverage_html(c: Comparison) -> list[str]:
    labels = [a.name for a in c.articles if a.id in c.comparable]
    if len(labels) < 2:
        return ["<h2>Coverage</h2><p>Fewer than two articles could be compared.</p>"]
    out = ['<h2>Coverage</h2><table class="cov"><caption>Read across: the share of the row '
           "outlet's sentences that the column outlet also reports</caption><tr><th></th>"]  # fmt: skip
    out += [f"<th>{html.escape(o)}</th>" for o in labels]
    out.append("</tr>")
    for a in labels:
        cells = "".join(
            f"<td>{c.coverage.get(a, {}).get(b, 0):.0%}</td>" if a != b else "<td>—</td>"
            for b in labels
        )
        out.append(f"<tr><th>{html.escape(a)}</th>{cells}</tr>")
    out.append("</table>")
    return out
