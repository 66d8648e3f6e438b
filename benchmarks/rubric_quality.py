"""Measure the rubric against hand-labelled real pull requests: precision and recall.

Reads tests/data/labelled_prs.jsonl (see tests/data/README.md), classifies every item
with the rubric (default, or --rubric PATH) and prints per-competency figures, plus the
items it got wrong with --errors.

With --split, the items are divided deterministically (by a hash of ``repo#number``) into
a *tuning* half and a *held-out* half, and the figures are printed for each half and for
the whole set. Tune rules only on the tuning half's errors (``--errors --split`` lists
errors of the tuning half only; add ``--show-held-out`` to see the others too), so that
the held-out figures stay an honest estimate of how the rubric does on unseen work.

    python benchmarks/rubric_quality.py [--rubric PATH] [--errors] [--split]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from evidencer.classify.jsonl import evidence_from_object
from evidencer.classify.judge import classify
from evidencer.classify.rubric import Rubric, load_rubric

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled_prs.jsonl"
TUNING, HELD_OUT = "tuning", "held-out"


def split_of(row: dict[str, Any]) -> str:
    """Which half an item belongs to: stable across runs, machines and file order."""
    key = f"{row['repo']}#{row['number']}".encode()
    return TUNING if hashlib.sha256(key).digest()[0] % 2 == 0 else HELD_OUT


def load_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def classify_rows(
    rubric: Rubric, rows: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], set[str]]]:
    results = []
    for number, row in enumerate(rows, 1):
        item = evidence_from_object(row, where=f"{DATA.name}:{number}")
        results.append((row, set(classify(item, rubric, roles=("author",)).competency_ids)))
    return results


def report(
    title: str, ids: list[str], results: list[tuple[dict[str, Any], set[str]]],
    *, show_errors: bool,
) -> dict[str, dict[str, float]]:
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in ids}
    exact = 0
    errors = []
    for row, got in results:
        want = set(row["expected"])
        exact += got == want
        for competency in ids:
            if competency in got and competency in want:
                counts[competency]["tp"] += 1
            elif competency in got:
                counts[competency]["fp"] += 1
            elif competency in want:
                counts[competency]["fn"] += 1
        if got != want:
            errors.append(f"  {row['repo']}#{row['number']}: want {sorted(want)} got "
                          f"{sorted(got)} :: {row['title'][:80]}")
    total = len(results)
    print(f"{title}: {total} labelled pull requests; exact label sets right: "
          f"{exact / total if total else 0:.0%}")
    if show_errors:
        print("\n".join(errors))
    figures: dict[str, dict[str, float]] = {}
    print(f"{'competency':<20} {'precision':>9} {'recall':>7} {'F1':>5}  (tp/fp/fn)")
    for competency, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures[competency] = {"precision": precision, "recall": recall, "f1": f1}
        print(f"{competency:<20} {precision:>9.2f} {recall:>7.2f} {f1:>5.2f}"
              f"  ({c['tp']}/{c['fp']}/{c['fn']})")
    return figures


def measure(
    rubric_path: Path | None, *, show_errors: bool, split: bool = False,
    show_held_out: bool = False,
) -> dict[str, dict[str, dict[str, float]]]:
    """Figures keyed by part: ``all``, plus ``tuning`` and ``held-out`` with ``split``."""
    rubric = load_rubric(rubric_path)
    ids = [c.id for c in rubric.competencies]
    results = classify_rows(rubric, load_rows())
    if not split:
        return {"all": report("all", ids, results, show_errors=show_errors)}
    figures = {}
    for part in (TUNING, HELD_OUT):
        subset = [(row, got) for row, got in results if split_of(row) == part]
        errors = show_errors and (part == TUNING or show_held_out)
        figures[part] = report(part, ids, subset, show_errors=errors)
        print()
    figures["all"] = report("all", ids, results, show_errors=False)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", type=Path)
    parser.add_argument("--errors", action="store_true", help="list the misclassified items")
    parser.add_argument("--split", action="store_true",
                        help="report a tuning half and a held-out half separately")
    parser.add_argument("--show-held-out", action="store_true",
                        help="with --split --errors, also list the held-out half's errors")
    args = parser.parse_args()
    measure(args.rubric, show_errors=args.errors, split=args.split,
            show_held_out=args.show_held_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
