"""How well the learned judgement and the rubric classify work from repositories never
seen in training: precision, recall and F1 per competency, held out by repository.

Every repository is held out once: the model that judges its items was trained on the
other repositories only, and its calibration (Platt scaling and the claim thresholds) was
fitted on scores of those other repositories from models that did not see them or the
held-out ones (a nested split). The figures are for evidencer
as it runs (explicit rules, then the model), next to the model alone, the rubric alone
(``classifier: rules``), and how far two people labelling the same items agree.

    python benchmarks/model_quality.py [--corpus PATH] [--labels PATH ...] [--folds N]
        [--double PATH --second PATH] [--outside PATH] [--json OUT] [--per-repo]
        [--no-rules] [--one-vs-rest] [--epochs N] [--l2 X]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from evidencer.classify import train as lt
from evidencer.classify.judge import classify
from evidencer.classify.learned import LinearModel
from evidencer.classify.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "prs.jsonl.gz"
LABELS = ROOT / "data" / "corpus" / "labels-a.jsonl.gz"
SECOND = ROOT / "data" / "corpus" / "labels-b.jsonl.gz"
OUTSIDE = ROOT / "tests" / "data" / "labelled_prs.jsonl"
IDS = lt.COMPETENCIES

Counts = dict[str, dict[str, int]]


def counts_of(pairs: Iterable[tuple[frozenset[str], set[str] | frozenset[str]]]) -> Counts:
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in IDS}
    for want, got in pairs:
        for c in IDS:
            if c in got and c in want:
                counts[c]["tp"] += 1
            elif c in got:
                counts[c]["fp"] += 1
            elif c in want:
                counts[c]["fn"] += 1
    return counts


def figures(counts: Counts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c, n in counts.items():
        precision = n["tp"] / (n["tp"] + n["fp"]) if n["tp"] + n["fp"] else 0.0
        recall = n["tp"] / (n["tp"] + n["fn"]) if n["tp"] + n["fn"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[c] = {"precision": round(precision, 3), "recall": round(recall, 3),
                  "f1": round(f1, 3), **n}
    out["macro_f1"] = round(sum(out[c]["f1"] for c in IDS) / len(IDS), 3)
    return out


def routine_rate(rows: Sequence[lt.Row], predicted: Sequence[set[str]]) -> dict[str, Any]:
    """Of the items labelled routine upkeep, how many show no competency."""
    routine = [got for row, got in zip(rows, predicted, strict=True) if row.routine]
    quiet = sum(1 for got in routine if not got)
    return {"routine_items": len(routine), "shown_none": quiet,
            "rate": round(quiet / len(routine), 3) if routine else None}


def print_table(title: str, result: Mapping[str, Any]) -> None:
    print(f"\n{title}")
    print(f"  {'competency':<19} {'precision':>9} {'recall':>7} {'F1':>6}   tp/fp/fn")
    for c in IDS:
        f = result[c]
        print(f"  {c:<19} {f['precision']:>9.2f} {f['recall']:>7.2f} {f['f1']:>6.2f}"
              f"   {f['tp']}/{f['fp']}/{f['fn']}")
    print(f"  {'macro-F1':<19} {'':>9} {'':>7} {result['macro_f1']:>6.2f}")


def held_out(rows: Sequence[lt.Row], folds: int, params: lt.Params) -> dict[str, Any]:
    """Leave-repos-out predictions of evidencer (rules + model), the model alone and the
    rubric alone, for every row.

    For each held-out group the model is trained on the other groups, and calibrated (Platt
    scaling, cuts) on their scores from models that never saw the held-out group either:
    each other group scored by a model of the remaining ones. Nothing about the held-out
    repositories reaches their judge."""
    groups = lt.folds_by_repo(rows, folds)
    rubric = load_rubric()
    rules_only = load_rubric(classifier="rules")
    combined: list[set[str]] = [set() for _ in rows]
    alone: list[set[str]] = [set() for _ in rows]
    rubric_alone: list[set[str]] = [set() for _ in rows]
    for k, held in enumerate(groups):
        inner = [g for j, g in enumerate(groups) if j != k]
        others = [i for g in inner for i in g]
        train = [rows[i] for i in others]
        position = {i: n for n, i in enumerate(others)}
        scores = lt.out_of_fold(train, [[position[i] for i in g] for g in inner], params)
        pairs, cuts, keeps = lt.calibrate(scores, train)
        model = LinearModel({
            "format": "evidencer-linear@1", "competencies": list(IDS),
            "platt": [list(p) for p in pairs], "thresholds": cuts, "keep": keeps,
            "rule_confidence": lt.rule_confidence(train), "weights": lt.fit(train, params),
            "uses_rules": params.rules, "link": "softmax" if params.softmax else "logistic",
        }, source=f"<fold {k}>")
        for i in held:
            row = rows[i]
            item = lt.evidence_of(row)
            combined[i] = set(classify(item, rubric, roles=("author",), model=model)
                              .competency_ids)
            alone[i] = {c for c, p, cut in zip(IDS, model.probabilities(row.feats),
                                               model.thresholds, strict=True) if p >= cut}
            rubric_alone[i] = set(classify(item, rules_only, roles=("author",))
                                  .competency_ids)
    return {"groups": groups, "combined": combined, "model": alone, "rubric": rubric_alone}


def agreement(first: Path, second: Path) -> dict[str, Any] | None:
    """Two labellers on the same items: F1 of one against the other and Cohen's kappa."""
    if not first.is_file() or not second.is_file():
        return None
    a = {str(e["id"]): e for e in lt.read_jsonl(first)}
    b = {str(e["id"]): e for e in lt.read_jsonl(second)}
    both = sorted(set(a) & set(b))
    if not both:
        return None
    pairs = [(frozenset(a[i].get("competencies") or ()), set(b[i].get("competencies") or ()))
             for i in both]
    result = figures(counts_of(pairs))
    kappas = {}
    for c in IDS:
        xs = [c in want for want, _ in pairs]
        ys = [c in got for _, got in pairs]
        kappas[c] = round(kappa(xs, ys), 3)
        result[c]["kappa"] = kappas[c]
    result["macro_kappa"] = round(sum(kappas.values()) / len(IDS), 3)
    result["items"] = len(both)
    result["exact"] = round(sum(w == g for w, g in pairs) / len(both), 3)
    ra = [bool(a[i].get("routine")) for i in both]
    rb = [bool(b[i].get("routine")) for i in both]
    result["routine_kappa"] = round(kappa(ra, rb), 3)
    return result


def kappa(xs: Sequence[bool], ys: Sequence[bool]) -> float:
    n = len(xs)
    observed = sum(x == y for x, y in zip(xs, ys, strict=True)) / n
    px, py = sum(xs) / n, sum(ys) / n
    expected = px * py + (1 - px) * (1 - py)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def outside_check(path: Path, rows: Sequence[lt.Row], params: lt.Params,
                  folds: int) -> dict[str, Any] | None:
    """The outside-check repositories of ``path`` (never trained or tuned on), judged by a
    model trained and calibrated on all of ``rows``."""
    if not path.is_file():
        return None
    wanted = [d for d in lt.read_jsonl(path) if str(d.get("repo", "")).lower()
              in lt.OUTSIDE_CHECK]
    if not wanted:
        return None
    model = LinearModel(lt.build(rows, params=params, folds=folds), source="<all rows>")
    rubric = load_rubric()
    rules_only = load_rubric(classifier="rules")
    items = [lt.Row(
        id=f"{d['repo']}#{d.get('number')}", repo=str(d["repo"]), title=d.get("title") or "",
        body=d.get("body") or "", paths=tuple(d.get("paths") or ()),
        labels=tuple(d.get("labels") or ()),
        competencies=frozenset(d.get("expected", d.get("competencies")) or ()),
        routine=not (d.get("expected", d.get("competencies")) or ()),
    ) for d in wanted]
    got = [set(classify(lt.evidence_of(r), rubric, roles=("author",), model=model)
               .competency_ids) for r in items]
    base = [set(classify(lt.evidence_of(r), rules_only, roles=("author",)).competency_ids)
            for r in items]
    return {
        "repos": sorted({r.repo for r in items}), "items": len(items),
        "evidencer": figures(counts_of((r.competencies, g) for r, g in zip(items, got,
                                                                          strict=True))),
        "rubric": figures(counts_of((r.competencies, g) for r, g in zip(items, base,
                                                                       strict=True))),
        "routine": routine_rate(items, got),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--labels", type=Path, action="append",
                        help=f"label file(s); default {LABELS.relative_to(ROOT)}")
    parser.add_argument("--folds", type=int, default=5,
                        help="repository groups, each held out once (default %(default)s)")
    parser.add_argument("--second", type=Path, default=SECOND,
                        help="a second labeller's labels of some of the same items")
    parser.add_argument("--outside", type=Path, default=OUTSIDE,
                        help="labelled items of outside-check repositories")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-rules", action="store_true",
                        help="leave the rubric's rule firings out of the model's features")
    parser.add_argument("--per-repo", action="store_true",
                        help="also print evidencer's figures for each held-out repository")
    parser.add_argument("--one-vs-rest", action="store_true",
                        help="train one logistic regression per competency, not one softmax")
    parser.add_argument("--epochs", type=int, default=lt.Params.epochs)
    parser.add_argument("--l2", type=float, default=lt.Params.l2)
    args = parser.parse_args()
    labels = args.labels if args.labels is not None else (
        [LABELS] if LABELS.is_file() else [])
    rows = lt.load_rows(args.corpus, labels)
    params = lt.Params(rules=not args.no_rules, epochs=args.epochs, l2=args.l2,
                       softmax=not args.one_vs_rest)
    repos = sorted({r.repo for r in rows})
    print(f"{len(rows)} labelled items from {len(repos)} repositories; "
          f"each repository held out once ({min(args.folds, len(repos))} groups)")
    result = held_out(rows, args.folds, params)
    report: dict[str, Any] = {"items": len(rows), "repos": len(repos)}
    for name, title in (("combined", "evidencer (explicit rules, then the model)"),
                        ("model", "the model alone"),
                        ("rubric", "the rubric alone (classifier: rules)")):
        pairs = [(r.competencies, got) for r, got in zip(rows, result[name], strict=True)]
        report[name] = figures(counts_of(pairs))
        report[name]["routine"] = routine_rate(rows, result[name])
        print_table(f"{title}, held out by repository:", report[name])
        routine = report[name]["routine"]
        print(f"  routine upkeep showing no competency: {routine['rate']} "
              f"({routine['shown_none']} of {routine['routine_items']})")
    if args.per_repo:
        print("\nevidencer per held-out repository (F1 empathy / value / stability, macro):")
        for repo in repos:
            pairs = [(r.competencies, got) for r, got in zip(rows, result["combined"],
                                                            strict=True) if r.repo == repo]
            f = figures(counts_of(pairs))
            print(f"  {repo:<28} " + " / ".join(f"{f[c]['f1']:.2f}" for c in IDS)
                  + f"   {f['macro_f1']:.2f}")
    first = labels[0] if labels else LABELS
    agreed = agreement(first, args.second)
    report["agreement"] = agreed
    if agreed:
        print_table(f"labellers' agreement ({agreed['items']} items labelled twice; "
                    f"F1 of one against the other):", agreed)
        print("  Cohen's kappa: " + ", ".join(f"{c} {agreed[c]['kappa']:.2f}" for c in IDS)
              + f"; macro {agreed['macro_kappa']:.2f}; routine {agreed['routine_kappa']:.2f};"
              f" same label set {agreed['exact']:.0%}")
    outside = outside_check(args.outside, rows, params, args.folds)
    report["outside"] = outside
    if outside:
        print_table(f"outside check ({', '.join(outside['repos'])}, {outside['items']} items, "
                    "never trained or tuned on): evidencer", outside["evidencer"])
        print(f"  routine upkeep showing no competency: {outside['routine']['rate']}")
        print_table("outside check: the rubric alone", outside["rubric"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
