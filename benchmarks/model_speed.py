"""How long the shipped model takes to judge 10,000 items on one core, and what it adds to
a whole classification (rubric and model) over the rubric alone.

Items are labelled pull requests (data/corpus, else tests/data), repeated to 10,000, with
each copy's title varied, and varied again for each pass, so no cache of titles seen can
answer for it. Prints seconds: the best of three passes, and the first pass, which also
builds RE2's automata and the path caches.

    python benchmarks/model_speed.py [--items N] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

from evidencer.classify.jsonl import evidence_from_object
from evidencer.classify.judge import classify
from evidencer.classify.learned import shipped_model
from evidencer.classify.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "prs.jsonl.gz"
FALLBACK = ROOT / "tests" / "data" / "labelled_prs.jsonl"


def load(path: Path, count: int, run: int = 0) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    out = []
    for index in range(count):
        row = dict(rows[index % len(rows)])
        row["title"] = f"{row.get('title') or ''} ({run}.{index})"
        out.append(row)
    return out


def best_of(runs: int, work: Any) -> float:
    """The fewest CPU seconds of ``runs`` passes; ``work(run)`` is given each pass's number,
    so that it judges titles no earlier pass saw."""
    best = float("inf")
    for run in range(runs):
        start = time.process_time()
        work(run)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    path = args.corpus or (CORPUS if CORPUS.is_file() else FALLBACK)
    passes = [
        [evidence_from_object(row, where=f"item {i}")
         for i, row in enumerate(load(path, args.items, run))]
        for run in range(10)
    ]
    items = passes[0]
    model = shipped_model()
    if model is None:
        print("no model shipped in this build", file=sys.stderr)
        return 1
    with_model = load_rubric()
    rules_only = load_rubric(classifier="rules")

    def judge(run: int) -> None:
        for item in passes[run]:
            model.judge(item.title, item.body, item.paths, item.labels, kind=item.kind)

    def full(run: int) -> None:
        for item in passes[run]:
            classify(item, with_model, roles=("author",))

    def rubric(run: int) -> None:
        for item in passes[run + 3]:
            classify(item, rules_only, roles=("author",))

    classify(items[0], with_model, roles=("author",))  # the rubric compiled, model read
    first = best_of(1, full)  # as one brag meets them: RE2's automata and caches built
    judged = best_of(3, lambda run: judge(run + 7))
    whole = best_of(3, lambda run: full(run + 1))
    alone = best_of(3, rubric)
    print(f"{len(items)} items from {path.name}, one core, CPU seconds, best of 3:")
    print(f"  the model alone (features and scores): {judged:.2f} s")
    print(f"  classify, rubric and model:            {whole:.2f} s")
    print(f"  classify, rubric alone:                {alone:.2f} s")
    print(f"  classify, rubric and model, first pass: {first:.2f} s (what one brag meets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
