"""Versions: how well re-fetches are judged, and whether `watch` keeps its memory flat.

1. Quality on the labelled edit sequences (tests/data/versions/, ru/kk/en; `unseen/` was
   written after the rules were frozen): precision and recall of "this is a new version",
   of "this edit is significant", and of the fact changes called out; lexical alignment and,
   when the encoder loads, alignment by meaning.
2. `parallax watch --once` in a fresh process over a local feed of N items (pages served on
   127.0.0.1), at two sizes, then a second pass that re-fetches every article after a tenth
   of the pages were edited: peak RSS of each process (flat = memory does not grow with N).

    python bench/versions.py [--items 100 200] [--skip-watch]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "versions"


def quality() -> None:
    from workspace.feeds.labelled import score_directory

    runs: list[tuple[str, object, object]] = [("lexical", None, None)]
    from workspace.embed import get_encoder

    encoder = get_encoder()
    if encoder is not None:
        from workspace.compare.labelled import reference_vectors
        from workspace.embed.vectors import encoder_input

        def encode(texts: list[str], language: str):  # type: ignore[no-untyped-def]
            return encoder.encode([encoder_input(t, language) for t in texts])

        runs.append((f"meaning ({encoder.key})", encode, reference_vectors(encoder)))
    else:
        print("no sentence encoder here: lexical alignment only")
    for folder in (DATA, DATA / "unseen"):
        for name, encode_fn, reference in runs:
            began = time.perf_counter()
            scores = score_directory(folder, encode_fn, reference)  # type: ignore[arg-type]
            seconds = time.perf_counter() - began
            steps = len(scores["all"].steps)
            print(f"\n{folder.relative_to(ROOT)}  {name}: {steps} labelled steps, {seconds:.1f} s")
            print(
                f"  {'':4} {'new version P/R':>16} {'significant P/R':>16} {'fact changes P/R':>17}"
            )
            for language in ("ru", "kk", "en", "all"):
                s = scores.get(language)
                if s is None:
                    continue
                print(f"  {language:4} {s.version.precision:7.2f}/{s.version.recall:<8.2f}"
                      f" {s.significant.precision:7.2f}/{s.significant.recall:<8.2f}"
                      f" {s.facts.precision:7.2f}/{s.facts.recall:<8.2f}"
                      f"  (facts: {s.facts.tp} found, {s.facts.fp} wrong, {s.facts.fn} missed)")  # fmt: skip


PAGE = (
    "<!doctype html><html><head><title>Report number {n}</title></head><body><nav>Home | News"
    "</nav><article><h1>Report number {n}</h1>"
    "<p>Officials in region {n} said {a} residents were moved to safer places on Monday.</p>"
    "<p>Rescuers built dams along the river near village {n} to hold back the water.</p>"
    "<p>The water level rose by {b} centimetres overnight and schools were closed.</p>"
    "<p>Emergency teams from neighbouring regions arrived to help with the rescue work.</p>"
    "</article><footer>© 2026 Example</footer></body></html>"
)
CHILD = """
import resource, sys
from workspace.cli import main
try:
    main(sys.argv[1:])
finally:
    print("peak-rss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _page(n: int, edited: bool = False) -> bytes:
    return PAGE.format(n=n, a=1000 + n if not edited else 2000 + n, b=30).encode()


def _run(ws: Path, *args: str) -> tuple[float, int, str]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "-w", str(ws), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"parallax {' '.join(args)} failed: {done.stderr[-2000:]}")
    rss = next(int(line.split()[1]) for line in done.stderr.splitlines()
               if line.startswith("peak-rss-kb"))  # fmt: skip
    summary = [
        line for line in done.stdout.splitlines() if "feeds (" in line or "re-fetched" in line
    ]
    return seconds, rss, " ".join(" ".join(summary).split())


def watch_memory(sizes: list[int]) -> None:
    from tests.feed_server import Page, Site, rss, serve
    from workspace.store.workspace import init_workspace

    scratch = Path(tempfile.mkdtemp(prefix="parallax-bench-versions-"))
    os.environ.setdefault("XDG_DATA_HOME", str(scratch / "data"))
    print()
    for size in sizes:
        site = Site()
        with serve(site):
            for n in range(size):
                site.pages[f"/news/{n}"] = Page(_page(n))
            items = [(f"Report {n}", f"{site.base}/news/{n}", "") for n in range(size)]
            site.pages["/feed.xml"] = Page(rss(items), "application/rss+xml")
            ws = init_workspace(scratch / f"ws-{size}")
            ws.close()
            _run(ws.root, "feed", "add", f"{site.base}/feed.xml", "--outlet", "Bench",
                 "--story", "bench", "--no-check")  # fmt: skip
            seconds, rss_kb, summary = _run(ws.root, "watch", "--once", "--delay", "0", "--quiet")
            print(f"watch, {size} new items: {seconds:.1f} s, peak RSS {rss_kb / 1024:.0f} MB"
                  f" — {summary}")  # fmt: skip
            for n in range(0, size, 10):
                site.pages[f"/news/{n}"] = Page(_page(n, edited=True))
            seconds, rss_kb, summary = _run(ws.root, "watch", "--once", "--delay", "0", "--quiet",
                                            "--recheck-after", "0")  # fmt: skip
            print(f"watch, re-fetch {size} articles ({size // 10} edited): {seconds:.1f} s,"
                  f" peak RSS {rss_kb / 1024:.0f} MB — {summary}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs=2, default=[100, 200])
    parser.add_argument("--skip-watch", action="store_true")
    args = parser.parse_args()
    quality()
    if not args.skip_watch:
        watch_memory(args.items)


if __name__ == "__main__":
    main()
