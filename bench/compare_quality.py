"""Comparison quality on hand-labelled stories: alignment pairs, unique claims, discrepancies.

    python bench/compare_quality.py [--data tests/data/compare] [--verbose]

Last line: RESULT align_f1=… unique_f1=… discrepancy_recall=… discrepancy_precision=…
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workspace.compare.labelled import evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "compare")
    parser.add_argument("--verbose", action="store_true", help="Print each story's output.")
    args = parser.parse_args()
    totals, stories = evaluate(args.data)
    print(f"{'story':<22} {'align P/R/F1':>18} {'unique P/R/F1':>18} {'discrep. P/R':>13}")
    for name, counts, comparison in stories:
        a, u, d = counts["align"], counts["unique"], counts["discrepancy"]
        print(
            f"{name:<22} {a.precision:5.2f} {a.recall:5.2f} {a.f1:5.2f}  "
            f"{u.precision:5.2f} {u.recall:5.2f} {u.f1:5.2f}  {d.precision:5.2f} {d.recall:5.2f}"
        )
        if args.verbose:
            for g in comparison.groups:
                print("   group", [m.sentence_id for m in g.members], f"{g.similarity:.2f}")
            print("   unique", [u.sentence_id for u in comparison.unique])
            for disc in comparison.discrepancies:
                print("   discrepancy", disc.kind, disc.sentence_ids, disc.description)
    a, u, d = totals["align"], totals["unique"], totals["discrepancy"]
    print(
        f"{'all':<22} {a.precision:5.2f} {a.recall:5.2f} {a.f1:5.2f}  "
        f"{u.precision:5.2f} {u.recall:5.2f} {u.f1:5.2f}  {d.precision:5.2f} {d.recall:5.2f}"
    )
    print(
        f"RESULT align_f1={a.f1:.3f} unique_f1={u.f1:.3f} "
        f"discrepancy_recall={d.recall:.3f} discrepancy_precision={d.precision:.3f}"
    )


if __name__ == "__main__":
    main()
