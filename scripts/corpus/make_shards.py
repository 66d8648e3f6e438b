"""Cut the corpus into compact labelling shards and pick the double-labelling set.

Each shard line holds what a labeller reads: id, repo, title, the body cut to 700
characters, the branch of a merge commit, the first 20 paths and the path count.
The double-labelling set (labelled twice, independently, to report agreement) is
spread evenly over the repositories and placed in the first shards, so it is
labelled first; the rest follow in a seeded shuffle that mixes repositories.

Usage::

    python scripts/corpus/make_shards.py --out DIR [--corpus data/corpus/prs.jsonl.gz]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SHARD_SIZE = 100
BODY_CUT = 700
PATHS_SHOWN = 20


def rank(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}\n{key}".encode()).hexdigest()


def compact(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item["id"], "repo": item["repo"], "title": item["title"]}
    body = item["body"]
    out["body"] = body if len(body) <= BODY_CUT else body[:BODY_CUT] + " [...]"
    if item.get("branch"):
        out["branch"] = item["branch"]
    out["paths"] = item["paths"][:PATHS_SHOWN]
    out["n_paths"] = item["changed_files"]
    return out


def double_set(records: Sequence[dict[str, Any]], size: int, seed: str) -> list[str]:
    by_repo: dict[str, list[str]] = {}
    for item in records:
        by_repo.setdefault(item["repo"], []).append(item["id"])
    queues = [sorted(ids, key=lambda i: rank(seed + "/double", i)) for _, ids in
              sorted(by_repo.items())]
    chosen: list[str] = []
    depth = 0
    while len(chosen) < size and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(chosen) < size:
                chosen.append(queue[depth])
        depth += 1
    return sorted(chosen, key=lambda i: rank(seed + "/shuffle", i))


def write_lines(path: Path, items: Sequence[dict[str, Any]]) -> None:
    text = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    here = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=here / "data/corpus/prs.jsonl.gz")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--double", type=int, default=220)
    parser.add_argument("--seed", default="evidencer-shards-2026")
    args = parser.parse_args(argv)
    try:
        with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        print(f"make_shards: {args.corpus}: {exc}", file=sys.stderr)
        return 1
    doubles = double_set(records, args.double, args.seed)
    chosen = set(doubles)
    by_id = {item["id"]: item for item in records}
    rest = sorted((i for i in by_id if i not in chosen), key=lambda i: rank(args.seed, i))
    order = [compact(by_id[i]) for i in [*doubles, *rest]]
    args.out.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, len(order), SHARD_SIZE), 1):
        write_lines(args.out / f"shard-{number:02d}.jsonl", order[start:start + SHARD_SIZE])
    write_lines(args.out / "double.jsonl", [compact(by_id[i]) for i in doubles])
    print(f"{len(order)} PRs in {(len(order) + SHARD_SIZE - 1) // SHARD_SIZE} shards,"
          f" {len(doubles)} in the double set", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
