"""Story grouping: do articles of one event share a story, and articles of different events not?

1. Quality: every document of ../shared/data/wmt22-ruen-dev (ru.txt and en.txt: one event) and
   ../shared/data/kk-en-dev (kk.txt and en.txt), plus the near-miss stories of
   tests/data/grouping (ru/kk/en, same people or place or the same kind of event on another
   day), are added through `add_article` (what `parallax add` runs) without a story, in a
   shuffled order, once per seed. Prints pairwise precision, recall and F1 per seed, the
   near-miss events that were merged, and seconds per article (the first seed encodes every
   sentence; later seeds start from its vector cache, so they time grouping, not the encoder).
2. `--scale-only`: 2,000 synthetic, varied articles (events built from people, places,
   figures and days) through the same add path, with a stand-in encoder (hashed words; the
   real one costs ~0.1-0.3 s per sentence here and is timed by part 1), printing time per
   article and peak RSS at every 500 articles.

Last line: RESULT pair_p=… pair_r=… pair_f1=… seconds_per_article=… (quality: the mean over the
seeds, seconds of the first seed; --scale-only: P/R/F1 of the synthetic events, seconds over
the last 500 articles).

    python bench/grouping.py [--seeds 1 2 3] [--shared ../shared/data] [--vector-cache FILE]
                             [--verbose] [--scale-only [--count 2000]]

With --vector-cache every seed starts from the vectors of earlier runs (a warm cache): the
seconds then time grouping and the add path, not the encoder.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import re
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workspace.ingest.add import add_article  # noqa: E402
from workspace.store.workspace import Workspace, init_workspace  # noqa: E402

NEAR_MISS = ROOT / "tests" / "data" / "grouping"


def dev_items(shared: Path) -> list[tuple[str, str, Path]]:
    """(event, language, file) of every article to add."""
    items = []
    for folder in sorted((shared / "wmt22-ruen-dev").glob("*/")):
        if (folder / "ru.txt").is_file():
            items += [
                (folder.name, "ru", folder / "ru.txt"),
                (folder.name, "en", folder / "en.txt"),
            ]
    for folder in sorted((shared / "kk-en-dev").glob("*/")):
        if (folder / "kk.txt").is_file():
            items += [
                (folder.name, "kk", folder / "kk.txt"),
                (folder.name, "en", folder / "en.txt"),
            ]
    for folder in sorted(NEAR_MISS.glob("*/")):
        for path in sorted(folder.glob("*.md")):
            items.append(("near-miss/" + folder.name, path.stem, path))
    return items


def pairwise(truth: list[str], found: list[str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(truth)), 2):
        same, together = truth[i] == truth[j], found[i] == found[j]
        tp += same and together
        fp += together and not same
        fn += same and not together
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def add_all(
    ws: Workspace, items: Iterable[tuple[str, str, Path]], verbose: bool
) -> tuple[list[str], list[str], float, int]:
    truth, found = [], []
    uncertain = 0
    started = time.perf_counter()
    for event, language, path in items:
        result = add_article(ws, str(path), language=language, outlet=f"{event[-12:]}-{language}")
        truth.append(event)
        found.append(result.article.story)
        if result.grouping is not None and result.grouping.uncertain:
            uncertain += 1
        if verbose and result.grouping is not None:
            print(f"  {event} {language}: {result.grouping.describe()}", flush=True)
    return truth, found, time.perf_counter() - started, uncertain


def copy_vectors(source: Path, target: Workspace) -> None:
    conn = target.db
    conn.execute("ATTACH DATABASE ? AS cache", (str(source),))
    conn.execute("INSERT OR IGNORE INTO vectors SELECT * FROM cache.vectors")
    conn.execute("DETACH DATABASE cache")


def save_vectors(ws: Workspace, cache: Path) -> None:
    """Keep the run's sentence vectors in `cache` (a plain SQLite file) for the next run."""
    conn = sqlite3.connect(cache)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS vectors (text_hash TEXT NOT NULL, encoder TEXT NOT NULL,"
        " dim INTEGER NOT NULL, vector BLOB NOT NULL, created REAL NOT NULL,"
        " PRIMARY KEY (text_hash, encoder))"
    )
    conn.execute("ATTACH DATABASE ? AS run", (str(ws.db_path),))
    conn.execute("INSERT OR IGNORE INTO vectors SELECT * FROM run.vectors")
    conn.commit()
    conn.close()


def near_misses_merged(truth: list[str], found: list[str]) -> list[str]:
    merged = set()
    for i, j in itertools.combinations(range(len(truth)), 2):
        near = truth[i].startswith("near-miss/") or truth[j].startswith("near-miss/")
        if near and truth[i] != truth[j] and found[i] == found[j]:
            merged.add(" + ".join(sorted((truth[i], truth[j]))))
    return sorted(merged)


def quality(args: argparse.Namespace) -> str:
    items = dev_items(args.shared)
    if not items:
        sys.exit(f"no dev documents under {args.shared}")
    print(f"{len(items)} articles, {len(set(e for e, _, _ in items))} events", flush=True)
    results = []
    first_db: Path | None = None
    with tempfile.TemporaryDirectory(prefix="parallax-bench-grouping-") as tmp:
        for seed in args.seeds:
            order = list(items)
            random.Random(seed).shuffle(order)
            ws = init_workspace(Path(tmp) / f"seed-{seed}")
            if first_db is None and args.vector_cache and args.vector_cache.exists():
                first_db = args.vector_cache
            if first_db is not None:
                copy_vectors(first_db, ws)
            truth, found, seconds, uncertain = add_all(ws, order, args.verbose)
            p, r, f1 = pairwise(truth, found)
            merged = near_misses_merged(truth, found)
            per_article = seconds / len(order)
            cache = "cold vector cache" if first_db is None else "warm vector cache"
            print(
                f"seed {seed}: pair_p={p:.3f} pair_r={r:.3f} pair_f1={f1:.3f}"
                f" stories={len(set(found))} (events {len(set(truth))})"
                f" uncertain={uncertain} near_misses_merged={len(merged)}"
                f" seconds_per_article={per_article:.3f} ({cache})",
                flush=True,
            )
            for pair in merged:
                print(f"  near miss merged: {pair}")
            results.append((p, r, f1, per_article))
            if args.vector_cache:
                save_vectors(ws, args.vector_cache)
            ws.close()
            if first_db is None:
                first_db = ws.db_path
    mean = [sum(x[k] for x in results) / len(results) for k in range(3)]
    return (
        f"RESULT pair_p={mean[0]:.3f} pair_r={mean[1]:.3f} pair_f1={mean[2]:.3f}"
        f" seconds_per_article={results[0][3]:.3f}"
    )


# -- scale ------------------------------------------------------------------------------------


class HashedWordsEncoder:
    """A fast stand-in for the encoder: hashed words projected to unit vectors, names and
    figures weighing ten times a common word, plus a component all news shares. Only for
    timing the grouping path at scale; its quality says little about the real encoder's."""

    name, version, dim, max_tokens = "hashed-words", "2", 384, 512
    _common = np.random.default_rng(0).standard_normal(384).astype(np.float32)
    _common /= np.linalg.norm(_common)

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text):
                digest = hashlib.blake2b(word.lower().encode(), digest_size=8).digest()
                rng = np.random.default_rng(int.from_bytes(digest, "little"))
                weight = 3.0 if word[0].isupper() or word[0].isdigit() else 0.3
                out[i] += weight * rng.standard_normal(self.dim).astype(np.float32)
            out[i] /= np.linalg.norm(out[i]) or 1.0
            # What all news shares: unrelated sentences meet at a cosine near 0.8, as with
            # the real encoder, so only close wording clears a sentence's margin.
            out[i] += 2.0 * self._common
            out[i] /= np.linalg.norm(out[i])
        return out

    def token_count(self, text: str) -> int:
        return len(text.split())


PEOPLE = ["Anna Petrova", "Marat Suleimenov", "John Carter", "Aigerim Bekova", "Oleg Sidorov",
          "Dana Nurlanova", "Peter Lang", "Yerlan Abenov", "Maria Costa", "Ivan Orlov"]  # fmt: skip
PLACES = ["Astana", "Almaty", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Atyrau", "Kostanai",
          "Semey", "Taraz", "Oral", "Turkistan"]  # fmt: skip
SURNAMES = ["Akhmetov", "Brown", "Chernova", "Dzhaksybekov", "Evans", "Fedorova", "Garcia", "Haas",
            "Ibraev", "Jensen", "Kim", "Lebedev", "Mukanov", "Novak", "Omarova", "Popescu",
            "Quinn", "Rakhimov", "Smirnova", "Tulegenov", "Usenova", "Volkov", "Wagner",
            "Yessimov", "Zhang", "Baimenov", "Kozlova", "Sadykov", "Tkachenko", "Zhunusova"]  # fmt: skip
VILLAGES = ["Akkol", "Baikonur", "Chemolgan", "Derbisek", "Esik", "Fabrichny", "Georgievka",
            "Issyk", "Kaskelen", "Lenger", "Merke", "Narynkol", "Otegen", "Saryagash", "Talgar",
            "Uzynagash", "Zhanakorgan", "Zharkent", "Shelek", "Kapchagai"]  # fmt: skip
TOPICS = [
    ("opened a new {n}-bed hospital", "The hospital cost {m} million dollars"),
    ("announced a plan to build {n} schools", "Construction will start in spring"),
    ("signed a trade deal worth {m} million dollars", "The deal covers grain and metals"),
    ("reported {n} new cases of influenza", "Doctors urged residents to get vaccinated"),
    ("launched {n} new bus routes", "Fares will stay at the current level"),
    ("held talks on water supply with {n} farmers", "Reservoirs are {n2} percent full"),
    ("evacuated {n} residents after a flood", "Rescuers worked through the night"),
    ("closed {n} roads because of snow", "Drivers were told to stay at home"),
]
FILLER = ["Officials said more details would follow", "Residents welcomed the news",
          "Critics called the figures optimistic", "The ministry confirmed the report",
          "Local media covered the event widely", "The budget was approved last year"]  # fmt: skip


def synthetic_articles(count: int, seed: int) -> list[tuple[str, str]]:
    """(event, text) of `count` articles: events of 1-4 reports, each worded its own way."""
    rng = random.Random(seed)
    articles: list[tuple[str, str]] = []
    event = 0
    while len(articles) < count:
        event += 1
        # Names vary as in a year of news: first and last names drawn apart, villages too.
        person = f"{rng.choice(PEOPLE).split()[0]} {rng.choice(SURNAMES)}"
        place = f"{rng.choice(VILLAGES)} near {rng.choice(PLACES)}"
        action, detail = rng.choice(TOPICS)
        n, m, n2 = rng.randint(12, 9000), rng.randint(5, 900), rng.randint(10, 99)
        day = f"{rng.randint(1, 28)} {rng.choice(['March', 'April', 'May', 'June'])}"
        for report in range(rng.randint(1, 4)):
            lead = f"{person} {action.format(n=n, m=m, n2=n2)} in {place} on {day}."
            said = f"{person.split()[0]} said the work in {place} would go on until {day}."
            # One generic line per report: outlets do not share sentences across events.
            body = [detail.format(n=n, m=m, n2=n2) + f", {person} said.", said, rng.choice(FILLER)]
            rng.shuffle(body)
            title = f"{place}: {person.split()[-1]} {action.split(' ')[0]} ({event}.{report})"
            articles.append(
                (
                    f"e{event}",
                    title
                    + "\n\n"
                    + lead
                    + " "
                    + " ".join(s + "." if not s.endswith(".") else s for s in body),
                )
            )
    return articles[:count]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(args: argparse.Namespace) -> str:
    import workspace.group.assign as assign
    from workspace.embed import reset_for_tests

    reset_for_tests(HashedWordsEncoder())  # type: ignore[arg-type]
    articles = synthetic_articles(args.count, 7)
    grouping_seconds = [0.0]
    original = assign.assign_story

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            grouping_seconds[0] += time.perf_counter() - started

    assign.assign_story = timed  # type: ignore[assignment]
    truth, found = [], []
    window = 500
    last_window = 0.0
    with tempfile.TemporaryDirectory(prefix="parallax-bench-grouping-scale-") as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        started = time.perf_counter()
        for i, (event, text) in enumerate(articles, 1):
            path = Path(tmp) / "article.txt"
            path.write_text(text, encoding="utf-8")
            result = add_article(ws, str(path), language="en", outlet=f"outlet{i % 40}")
            truth.append(event)
            found.append(result.article.story)
            if i % window == 0:
                now = time.perf_counter()
                last_window = (now - started) / window
                print(
                    f"articles {i}: {last_window:.3f} s/article over the last {window}"
                    f" (assign_story {grouping_seconds[0] / window:.3f}),"
                    f" peak RSS {peak_rss_mb():.0f} MB, stories {len(set(found))}",
                    flush=True,
                )
                started = now
                grouping_seconds[0] = 0.0
        ws.close()
    reset_for_tests()
    assign.assign_story = original  # type: ignore[assignment]
    p, r, f1 = pairwise(truth, found)
    return f"RESULT pair_p={p:.3f} pair_r={r:.3f} pair_f1={f1:.3f} seconds_per_article={last_window:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--scale-only", action="store_true")
    parser.add_argument("--count", type=int, default=2000, help="articles for --scale-only")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--vector-cache", type=Path, help="SQLite file of sentence vectors kept between runs"
    )
    args = parser.parse_args()
    print(scale(args) if args.scale_only else quality(args))


if __name__ == "__main__":
    main()
