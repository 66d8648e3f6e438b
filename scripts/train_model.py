"""Train the learned judgement from the labelled corpus and write the model file.

Reads data/corpus/prs.jsonl.gz and labeller A's labels beside it (labels-a.jsonl.gz; or
the paths given), trains one-vs-rest logistic regression in plain Python with a fixed seed,
calibrates it on repositories held out from training, and writes a gzip'd JSON model:
the same corpus gives the same bytes.

    python scripts/train_model.py [--corpus PATH] [--labels PATH ...] [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidencer.classify import train as learned_train

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "prs.jsonl.gz"
OUT = ROOT / "src" / "evidencer" / "models" / "competencies.json.gz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="items as JSON Lines (.gz allowed); default %(default)s")
    parser.add_argument("--labels", type=Path, action="append",
                        help="label file(s) as JSON Lines; default: labels-*.jsonl beside "
                             "the corpus, or labels carried by the corpus lines")
    parser.add_argument("--out", type=Path, default=OUT, help="model file; default %(default)s")
    parser.add_argument("--folds", type=int, default=5,
                        help="repository groups for calibration (default %(default)s)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"{args.corpus}: no such corpus file", file=sys.stderr)
        return 1
    labels = args.labels if args.labels is not None else [
        # labeller A's labels; the second labeller's (labels-b) measure agreement only
        p for p in sorted(args.corpus.parent.glob("labels-*.jsonl*"))
        if not p.name.startswith("labels-b.")
    ]
    rows = learned_train.load_rows(args.corpus, labels)
    if len({r.repo for r in rows}) < 2:
        print(f"{args.corpus}: need labelled items from at least two repositories",
              file=sys.stderr)
        return 1
    source = learned_train.digest([args.corpus, *labels])
    model = learned_train.build(rows, folds=args.folds, source=source)
    data = learned_train.encode(model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_name(args.out.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(args.out)
    print(f"{args.out}: {len(model['weights'])} features, {len(data) / 1024:.0f} KiB, "
          f"trained on {len(rows)} items from {model['meta']['repos']} repositories; "
          f"thresholds {model['thresholds']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
