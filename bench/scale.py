"""A workspace of 2,000 articles: are everyday commands still fast, does a job's memory stay flat?

Generates 200 stories × 10 articles (about 12 sentences each), then times `stories`, `show`,
`compare` of a 10-article story and the TUI stories screen, and runs a batch translation job
over the first N stories with a tiny model, reporting peak RSS at two sizes (flat = the job
does not hold the workspace in memory).

    python bench/scale.py [--articles 2000] [--job-stories 20 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="parallax-bench-scale-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(SCRATCH / "argos")
os.environ.setdefault("XDG_DATA_HOME", str(SCRATCH / "data"))
PARALLAX = [sys.executable, "-c", "from workspace.cli import main; main()"]

WORDS = ["газ", "поставки", "соглашение", "министр", "граница", "регион", "трубопровод", "цена", "зима", "год", "встреча", "президент", "экспорт", "пшеница", "авария", "электричество", "наводнение", "спасатели", "школа"]  # fmt: skip


def generate(root: Path, articles: int) -> Path:
    from workspace.store.files import atomic_write_text, render_front_matter
    from workspace.store.workspace import init_workspace

    ws = init_workspace(root / "ws", local_models=True)
    rng = random.Random(7)
    for a in range(articles):
        story = f"story-{a // 10:04d}"
        if a % 10 == 0:
            ws.create_story(story, title=f"Story {a // 10}")
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize()
                     + f" {a}-{i}." for i in range(12)]  # fmt: skip
        body = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 12, 4))
        meta = {"id": f"a{a:05d}", "outlet": f"outlet {a % 10}", "language": "ru", "script": "Cyrl",
                "title": f"Article {a}"}  # fmt: skip
        atomic_write_text(ws.stories_dir / story / f"a{a:05d}.md", render_front_matter(meta, body))
    began = time.perf_counter()
    ws.sync()
    print(f"indexed {articles} articles in {time.perf_counter() - began:.1f} s")
    ws.close()
    return ws.root


def timed(args: list[str], ws: Path) -> float:
    began = time.perf_counter()
    subprocess.run([*PARALLAX, "-w", str(ws), *args], check=True, capture_output=True)
    return time.perf_counter() - began


async def stories_screen(ws: Path) -> float:
    from workspace.tui.app import make_app

    began = time.perf_counter()
    app = make_app(ws)
    async with app.run_test(size=(160, 45)) as pilot:
        while True:
            await pilot.pause(0.02)
            table = app.screen.query("#stories-table")
            if table and table.first().row_count:
                return time.perf_counter() - began


def job_peak_rss_mb(ws: Path, stories: int) -> tuple[float, float]:
    names = [f"story-{i:04d}" for i in range(stories)]
    code = ("import resource, sys\nfrom workspace.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")  # fmt: skip
    began = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, "-w", str(ws), "translate", *names],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    peak = int(next(line for line in out.splitlines() if line.startswith("PEAK_KB")).split()[1])
    return peak / 1024, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--job-stories", type=int, nargs=2, default=(20, 60))
    args = parser.parse_args()
    ws = generate(SCRATCH, args.articles)
    print(f"parallax stories          {timed(['stories'], ws):6.2f} s")
    print(f"parallax stories --json   {timed(['stories', '--json'], ws):6.2f} s")
    print(f"parallax show (10 art.)   {timed(['show', 'story-0001'], ws):6.2f} s")
    print(f"parallax compare (10 art.){timed(['compare', 'story-0001', '--json'], ws):6.2f} s")
    print(f"TUI stories screen filled {asyncio.run(stories_screen(ws)):6.2f} s")
    from workspace.translate.packages import install_package_file
    from workspace.translate.toymodel import build_package

    install_package_file(build_package(SCRATCH / "model"), ws / "models")
    small, large = args.job_stories
    rss_small, t_small = job_peak_rss_mb(ws, small)
    rss_large, t_large = job_peak_rss_mb(ws, large)
    print(f"batch job over {small * 10} articles: peak RSS {rss_small:.0f} MB ({t_small:.1f} s)")
    print(f"batch job over {large * 10} articles: peak RSS {rss_large:.0f} MB ({t_large:.1f} s)")
    print(f"RESULT rss_ratio={rss_large / rss_small:.2f} (work ratio {large / small:.1f})")


if __name__ == "__main__":
    main()
