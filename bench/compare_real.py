"""Comparison quality on real news: the shared dev sets, through the CLI, with the shared scorers.

    python bench/compare_real.py [--shared ../shared] [--only ruen_x,kken] [--out DIR]

Runs `../shared/tools/run_compare_set.sh` (init, add, compare --json for every document) and
`run_multi_set.sh` with this checkout's `parallax`, then `score_compare_set.py` /
`score_multi_set.py`, the scorers the project is judged with:
  ruen_x  wmt22-ruen-dev, the Russian original and the English version, no translation at all
  ruen_p  the same, with a real MT system's English attached to the Russian as an edition
  kken    kk-en-dev, Kazakh and English, no translation
  multi   wmt22-multi-dev, one document in 7 versions (Russian, human and 5 MT Englishes)
Last line: RESULT ruen_x_align_f1=… ruen_x_unique_f1=… ruen_p_align_f1=… ruen_p_unique_f1=…
kken_align_f1=… kken_unique_f1=… multi_align_f1=… (and the seconds each set took).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "ruen_x": ("wmt22-ruen-dev", "x", "ru"),
    "ruen_p": ("wmt22-ruen-dev", "p", "ru"),
    "kken": ("kk-en-dev", "x", "kk"),
    "multi": ("wmt22-multi-dev", "", ""),
}


def run_set(name: str, shared: Path, out: Path, parallax: str) -> tuple[dict[str, str], float]:
    set_name, mode, source = SETS[name]
    data, tools = shared / "data" / set_name, shared / "tools"
    env = {**os.environ, "PX": parallax, "PY": sys.executable, "SRC": source or "ru"}
    started = time.monotonic()
    if name == "multi":
        command = ["bash", str(tools / "run_multi_set.sh"), str(data), str(out)]
        scorer = tools / "score_multi_set.py"
    else:
        command = ["bash", str(tools / "run_compare_set.sh"), str(data), mode, str(out)]
        scorer = tools / "score_compare_set.py"
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    scored = subprocess.run(
        [sys.executable, str(scorer), str(data), str(out)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    print(f"{name:7s} {scored.strip().splitlines()[-1]}  ({seconds:.0f} s)", flush=True)
    log = out / "errors.log"
    errors = (
        [line for line in log.read_text().splitlines() if "error" in line] if log.exists() else []
    )
    for line in errors[:5]:
        print(f"        {line}", flush=True)
    result = re.search(r"RESULT (.*)", scored)
    assert result, scored
    return dict(kv.split("=", 1) for kv in result.group(1).split()), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--only", default=",".join(SETS), help="Comma-separated sets.")
    parser.add_argument("--out", type=Path, help="Keep each set's JSON here (default: temp).")
    args = parser.parse_args()
    parallax = str(Path(sys.executable).with_name("parallax"))
    names = [n for n in args.only.split(",") if n]
    results: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.out or Path(tmp)
        for name in names:
            results[name], _ = run_set(name, args.shared, base / name, parallax)
    fields = []
    for name in names:
        fields.append(f"{name}_align_f1={results[name]['align_f1']}")
        if name != "multi":
            fields.append(f"{name}_unique_f1={results[name]['unique_f1']}")
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
