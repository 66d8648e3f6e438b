"""Check a labeller's JSON Lines against the corpus and store them as deterministic gzip.

Each input line is ``{"id", "competencies", "routine", "note"}`` (see docs/labelling.md).
Every id must be in the corpus and appear once; competencies must be known; a routine
PR has no competency; notes are at most 12 words. Output lines follow the corpus order
and the gzip header carries no name or time, so the same labels give the same bytes.

Usage::

    python scripts/corpus/pack_labels.py LABELS.jsonl --out data/corpus/labels-a.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

COMPETENCIES = ("customer-empathy", "customer-value", "product-stability")
NOTE_WORDS = 12


class LabelError(Exception):
    """A label line that breaks the guide's record shape, reported as one line."""


def corpus_ids(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["id"] for line in handle if line.strip()]


def check(path: Path, known: set[str]) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelError(f"{where}: invalid JSON: {exc.msg}") from None
            if not isinstance(item, dict) or set(item) != {"id", "competencies", "routine", "note"}:
                raise LabelError(f"{where}: expected keys id, competencies, routine, note")
            ident, comps, routine, note = (item[k] for k in ("id", "competencies", "routine",
                                                              "note"))
            if ident not in known:
                raise LabelError(f"{where}: {ident!r} is not in the corpus")
            if ident in labels:
                raise LabelError(f"{where}: {ident} is labelled twice")
            if not isinstance(comps, list) or any(c not in COMPETENCIES for c in comps):
                raise LabelError(f"{where}: competencies must be a subset of {COMPETENCIES}")
            if len(set(comps)) != len(comps):
                raise LabelError(f"{where}: a competency is repeated")
            if not isinstance(routine, bool):
                raise LabelError(f"{where}: routine must be true or false")
            if routine and comps:
                raise LabelError(f"{where}: a routine PR has no competency")
            if not isinstance(note, str) or len(note.split()) > NOTE_WORDS:
                raise LabelError(f"{where}: note must be text of at most {NOTE_WORDS} words")
            labels[ident] = {"id": ident,
                             "competencies": [c for c in COMPETENCIES if c in comps],
                             "routine": routine, "note": note}
    return labels


def encode(items: Sequence[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for item in items:
            gz.write(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n")
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    here = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("--corpus", type=Path, default=here / "data/corpus/prs.jsonl.gz")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        order = corpus_ids(args.corpus)
        labels = check(args.labels, set(order))
    except (OSError, LabelError) as exc:
        print(f"pack_labels: {exc}", file=sys.stderr)
        return 1
    items = [labels[i] for i in order if i in labels]
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    tmp.write_bytes(encode(items))
    tmp.replace(args.out)
    print(f"{len(items)} of {len(order)} corpus PRs labelled -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
