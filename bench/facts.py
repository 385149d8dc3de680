"""Facts that hold up: changed numbers found and false discrepancies on real news, and the
discrepancies of the labelled stories. In-process (the compare API), so it is quick.

    python bench/facts.py [--shared ../shared] [--keep DIR] [--only scale,ruen,multi,stories] [-v]

  scale    the fact table of a synthetic 10 × 100 story (milliseconds)
  ruen_x   wmt22-ruen-dev: the Russian original and the English version, no translation
  ruen_p   the same, the MT system's English attached to the Russian article as an edition
  multi    wmt22-multi-dev: one document in 7 versions (Russian, human and 5 MT Englishes)
  stories  tests/data/stories/*.json: their labelled discrepancies (recall and precision)

A discrepancy "finds" the changed number when its values and description carry both the old
and the new value; any other number, date or name discrepancy is false (the scorers of
`../shared/tools/score_*_set.py`, applied to the same `compare` output). false_per_10_docs
is the worst of the three dev sets. `--keep DIR` keeps the workspaces (and their vector
caches) so that a second run only compares. Last line:
RESULT ruen_x_found=a/b ruen_p_found=a/b false_per_10_docs=… stories_recall=… stories_precision=…
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workspace.compare import compare_story  # noqa: E402
from workspace.compare.labelled import evaluate  # noqa: E402
from workspace.ingest.add import add_article  # noqa: E402
from workspace.store.workspace import Workspace, init_workspace  # noqa: E402


@dataclass
class SetScore:
    docs: int = 0
    injected: int = 0
    found: int = 0
    false: int = 0
    seconds: float = 0.0
    false_examples: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def per_10_docs(self) -> float:
        return 10 * self.false / self.docs if self.docs else 0.0


def _strings(x: object):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def score_output(discrepancies: list[dict], injected: dict | None, slug: str, out: SetScore):
    """The shared scorers' rule, on one document's `discrepancies`."""
    out.docs += 1
    out.injected += bool(injected)
    hit_any = False
    for d in discrepancies:
        blob = " ".join(_strings({k: v for k, v in d.items() if "id" not in k.lower()})).lower()
        hit = bool(injected) and all(
            re.search(rf"(?<!\d){injected[k]}(?!\d)", blob) for k in ("new", "old")
        )
        if hit:
            out.found += 1
            hit_any = True
        elif str(d.get("kind", "")).lower() in ("number", "date", "name"):
            out.false += 1
            out.false_examples.append(f"{slug}: {d['kind']} {d['description']}")
    if injected and not hit_any:
        out.missed.append(f"{slug}: {injected.get('old')} -> {injected.get('new')}")


def _workspace(path: Path) -> Workspace:
    return init_workspace(path)


def run_ruen(data: Path, work: Path) -> tuple[SetScore, SetScore]:
    """Mode x on every document, then the MT edition is attached and mode p runs."""
    ws = _workspace(work / "ruen")
    slugs = json.loads((data / "index.json").read_text())
    x, p = SetScore(), SetScore()
    started = time.monotonic()
    originals: dict[str, str] = {}
    for slug in slugs:
        if not ws.has_story(slug):
            add_article(ws, str(data / slug / "ru.txt"), story=slug, outlet="ru-outlet",
                        language="ru")  # fmt: skip
            add_article(ws, str(data / slug / "en.txt"), story=slug, outlet="en-outlet",
                        language="en")  # fmt: skip
        labels = json.loads((data / slug / "labels.json").read_text())
        editions = ws.story_dir(slug) / "editions"
        for edition in editions.glob("*.md") if editions.is_dir() else []:
            edition.unlink()  # mode x: no translation of any kind
        comparison = compare_story(ws, slug)
        originals[slug] = next(a.id for a in comparison.articles if a.language == "ru")
        score_output(comparison.to_dict()["discrepancies"], labels["injected"], slug, x)
    x.seconds = time.monotonic() - started
    started = time.monotonic()
    for slug in slugs:
        labels = json.loads((data / slug / "labels.json").read_text())
        rid = originals[slug]
        editions = ws.story_dir(slug) / "editions"
        editions.mkdir(exist_ok=True)
        front = f'+++\nof = "{rid}"\nlanguage = "en"\ntranslator = "machine"\n+++\n\n'
        (editions / f"{rid}.en.md").write_text(
            front + (data / slug / "mt.en.txt").read_text(encoding="utf-8"), encoding="utf-8"
        )
        comparison = compare_story(ws, slug)
        score_output(comparison.to_dict()["discrepancies"], labels["injected"], slug, p)
    p.seconds = time.monotonic() - started
    ws.close()
    return x, p


def run_multi(data: Path, work: Path) -> SetScore:
    ws = _workspace(work / "multi")
    score = SetScore()
    started = time.monotonic()
    for slug in json.loads((data / "index.json").read_text()):
        labels = json.loads((data / slug / "labels.json").read_text())
        if not ws.has_story(slug):
            for version in labels["versions"].values():
                add_article(ws, str(data / slug / version["file"]), story=slug,
                            outlet=version["outlet"], language=version["lang"])  # fmt: skip
        comparison = compare_story(ws, slug)
        score_output(comparison.to_dict()["discrepancies"], labels["injected"], slug, score)
    score.seconds = time.monotonic() - started
    ws.close()
    return score


def _print_set(name: str, s: SetScore, verbose: bool) -> None:
    print(f"{name:7s} docs={s.docs} found={s.found}/{s.injected} false={s.false} "
          f"({s.per_10_docs:.2f} per 10 docs)  {s.seconds:.0f} s", flush=True)  # fmt: skip
    if verbose:
        for line in s.missed:
            print(f"        missed {line}")
        for line in s.false_examples:
            print(f"        false  {line}", flush=True)


def _time_table() -> None:
    """The fact table of a 10 × 100 story (every sentence with numbers, a date and a name),
    built and shaped for display; best of three."""
    from tests.unit.test_fact_bad_input import synthetic_story
    from workspace.compare import compare_articles
    from workspace.compare.fact_table import build_fact_table
    from workspace.compare.story_facts import story_facts

    articles, groups, vectors = synthetic_story()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        table = build_fact_table(articles, groups, vectors)
        best = min(best, time.perf_counter() - started)
    comparison = compare_articles(articles[:2])
    started = time.perf_counter()
    story_facts(comparison)
    shaped = time.perf_counter() - started
    print(f"scale   10x100 fact table: {len(table.slots)} slots in {best * 1000:.0f} ms "
          f"(story_facts on 2x100: {shaped * 1000:.0f} ms)", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--keep", type=Path, help="Keep (and reuse) the workspaces here.")
    parser.add_argument("--only", default="scale,ruen,multi,stories")
    parser.add_argument("-v", "--verbose", action="store_true", help="List misses and false.")
    args = parser.parse_args()
    only = set(args.only.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="parallax-bench-facts-"))
    work.mkdir(parents=True, exist_ok=True)
    data = args.shared / "data"
    x = p = multi = None
    if "ruen" in only:
        x, p = run_ruen(data / "wmt22-ruen-dev", work)
        _print_set("ruen_x", x, args.verbose)
        _print_set("ruen_p", p, args.verbose)
    if "multi" in only:
        multi = run_multi(data / "wmt22-multi-dev", work)
        _print_set("multi", multi, args.verbose)
    if "scale" in only:
        _time_table()
    recall = precision = float("nan")
    if "stories" in only:
        started = time.monotonic()
        totals, stories = evaluate(ROOT / "tests" / "data" / "stories")
        d = totals["discrepancy"]
        recall, precision = d.recall, d.precision
        print(f"stories tp={d.tp} fp={d.fp} fn={d.fn} recall={recall:.3f} "
              f"precision={precision:.3f}  {time.monotonic() - started:.0f} s")  # fmt: skip
        if args.verbose:
            for name, counts, comparison in stories:
                c = counts["discrepancy"]
                print(f"  {name}: tp={c.tp} fp={c.fp} fn={c.fn}")
                for disc in comparison.discrepancies:
                    print(f"      {disc.kind} {disc.sentence_ids} {disc.description}")
    sets = [s for s in (x, p, multi) if s is not None]
    worst = max((s.per_10_docs for s in sets), default=float("nan"))
    ruen_x = f"{x.found}/{x.injected}" if x else "-"
    ruen_p = f"{p.found}/{p.injected}" if p else "-"
    print(
        f"RESULT ruen_x_found={ruen_x} ruen_p_found={ruen_p} false_per_10_docs={worst:.2f} "
        f"stories_recall={recall:.3f} stories_precision={precision:.3f}"
    )


if __name__ == "__main__":
    main()
