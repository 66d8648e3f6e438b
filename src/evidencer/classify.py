"""Pure classification: an item and a rubric in, competency matches with reasons out.

Every rule that fires becomes a reason a person can read; nothing is scored silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from evidencer.fastre import FastPattern
from evidencer.globs import match_label, match_path
from evidencer.impact import extract_impact
from evidencer.model import Classified, Evidence, Match
from evidencer.rubric import MAX_TEXT, Competency, Rubric, Rule

_CONVENTIONAL = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^)]*)\))?(?P<bang>!)?:\s")
_TAGS = re.compile(r"^(?P<tags>[A-Z]{2,8}(?:\s*[,/+]\s*[A-Z]{2,8})*)\s*:\s")
_OVERRIDE_SPLIT = re.compile(r"[,\s]+")
# Every outcome extract_impact recognises has a digit or one of these words; most commit
# messages have neither, and skipping them keeps classification fast on long histories.
_MAY_STATE_IMPACT = re.compile(r"\d|twice|times|half|fold|doubl|tripl", re.IGNORECASE)


@dataclass(frozen=True)
class RuleResult:
    """How one rule fared: which conditions held, with a reason for each."""

    rule: Rule
    reasons: tuple[str, ...]
    held: int
    total: int

    @property
    def fired(self) -> bool:
        return self.held == self.total

    def reason(self) -> str:
        return self.rule.reason or ", ".join(self.reasons)


def commit_types(title: str, rubric: Rubric) -> tuple[str, ...]:
    """``fix(api)!: x`` -> ``("fix",)``; ``BUG, TST: x`` -> the rubric's mapped types."""
    conventional = _CONVENTIONAL.match(title)
    if conventional:
        kind = conventional.group("type")
        mapped = rubric.commit_types.get(kind) or rubric.commit_types.get(kind.upper())
        return (mapped or kind.lower(),)
    tags = _TAGS.match(title)
    if tags:
        found = []
        for tag in re.split(r"\s*[,/+]\s*", tags.group("tags")):
            mapped = rubric.commit_types.get(tag)
            if mapped:
                found.append(mapped)
        return tuple(dict.fromkeys(found))
    return ()


def evaluate(
    rule: Rule,
    item: Evidence,
    *,
    roles: Sequence[str],
    types: Sequence[str],
) -> RuleResult:
    """Check every condition, for the reasons and for "came close" in ``explain``."""
    reasons: list[str] = []
    held = 0
    total = _condition_count(rule)
    for check in _checks(rule, item, roles, types):
        reason = check()
        if reason:
            held += 1
            reasons.append(reason)
    return RuleResult(rule=rule, reasons=tuple(reasons), held=held, total=total)


@dataclass(frozen=True)
class _Lowered:
    """An item's title and description, lowercased once for every rule to search."""

    title: str
    body: str

    @classmethod
    def of(cls, item: Evidence) -> _Lowered:
        return cls(title=item.title.lower(), body=item.body[:MAX_TEXT].lower())


def _finds(rule_pattern: re.Pattern[str], fast: FastPattern | None, text: str,
           lowered: str) -> bool:
    return fast.search(lowered) if fast is not None else bool(rule_pattern.search(text))


def fires(
    rule: Rule,
    item: Evidence,
    roles: Sequence[str],
    types: Sequence[str],
    lowered: _Lowered | None = None,
) -> bool:
    """The fast yes/no behind ``evaluate``: no reasons, cheapest conditions first.

    Classification asks this of every rule for every item; only rules that fire are
    then evaluated again for their reasons.
    """
    if rule.kinds and item.kind not in rule.kinds:
        return False
    if rule.roles and not any(r in rule.roles for r in roles):
        return False
    if rule.types and not any(t in rule.types for t in types):
        return False
    if rule.author_association and (
        (item.author_association or "").upper() not in rule.author_association
    ):
        return False
    if rule.labels and not any(rule.label_regex.match(label) for label in item.labels):
        return False
    if rule.paths and not any(rule.path_regex.match(path) for path in item.paths):
        return False
    if rule.all_paths and not (
        item.paths and all(rule.all_paths_regex.match(path) for path in item.paths)
    ):
        return False
    low = lowered or _Lowered.of(item)
    body = item.body[:MAX_TEXT]
    if rule.title is not None and not _finds(rule.title, rule.fast_title, item.title, low.title):
        return False
    if rule.body is not None and not _finds(rule.body, rule.fast_body, body, low.body):
        return False
    return rule.text is None or (
        _finds(rule.text, rule.fast_text, item.title, low.title)
        or _finds(rule.text, rule.fast_text, body, low.body)
    )


def _condition_count(rule: Rule) -> int:
    return sum(
        1 for present in (
            rule.kinds, rule.roles, rule.types, rule.author_association, rule.labels,
            rule.paths, rule.all_paths, rule.title is not None, rule.body is not None,
            rule.text is not None,
        ) if present
    )


def _checks(
    rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str]
) -> Iterator[Callable[[], str | None]]:
    if rule.kinds:
        yield lambda: f"a {item.kind.replace('_', ' ')}" if item.kind in rule.kinds else None
    if rule.roles:
        yield lambda: _first(f"role {r.replace('_', ' ')}" for r in roles if r in rule.roles)
    if rule.types:
        yield lambda: _first(f"commit type '{t}'" for t in types if t in rule.types)
    if rule.author_association:
        association = (item.author_association or "").upper()
        yield lambda: (
            f"opened by {association.lower().replace('_', ' ')} (outside the team)"
            if association in rule.author_association else None
        )
    if rule.labels:
        yield lambda: _first(f"label '{label}'" for label in item.labels
                             if any(match_label(p, label) for p in rule.labels))
    if rule.paths:
        yield lambda: _first(f"touches '{path}'" for path in item.paths
                             if any(match_path(p, path) for p in rule.paths))
    if rule.all_paths:
        yield lambda: (
            f"only touches {', '.join(rule.all_paths)}"
            if item.paths and all(any(match_path(p, path) for p in rule.all_paths)
                                  for path in item.paths) else None
        )
    if rule.title is not None:
        title = rule.title
        yield lambda: _regex_reason(title, item.title, "title matches")
    if rule.body is not None:
        body = rule.body
        yield lambda: _regex_reason(body, item.body[:MAX_TEXT], "description mentions")
    if rule.text is not None:
        text = rule.text
        yield lambda: (_regex_reason(text, item.title, "title matches")
                       or _regex_reason(text, item.body[:MAX_TEXT], "description mentions"))


def score_competency(
    competency: Competency,
    item: Evidence,
    *,
    roles: Sequence[str],
    types: Sequence[str],
) -> tuple[float, list[RuleResult]]:
    results = [
        evaluate(r, item, roles=roles, types=types)
        for r in competency.rules
    ]
    return sum(r.rule.weight for r in results if r.fired), results


def parse_overrides(values: Sequence[str]) -> tuple[set[str], set[str]]:
    """Trailer values like ``customer-value``, ``+a, -b`` -> (added, removed)."""
    added: set[str] = set()
    removed: set[str] = set()
    for value in values:
        for token in _OVERRIDE_SPLIT.split(value.strip().lower()):
            if not token:
                continue
            if token.startswith("-"):
                removed.add(token[1:])
            else:
                added.add(token.lstrip("+"))
    return added, removed


def classify(item: Evidence, rubric: Rubric, *, roles: Sequence[str] = ()) -> Classified:
    """Match ``item`` against every competency; ``roles`` are the person's roles in it."""
    types = commit_types(item.title, rubric)
    lowered = _Lowered.of(item)
    routine = [
        evaluate(rule, item, roles=roles, types=types).reason()
        for rule in rubric.routine if fires(rule, item, roles, types, lowered)
    ]
    added, removed = parse_overrides(item.overrides)
    matches: list[Match] = []
    for competency in rubric.competencies:
        if competency.id in removed or (routine and competency.id not in added):
            continue
        fired_rules = [r for r in competency.rules if fires(r, item, roles, types, lowered)]
        score = sum(r.weight for r in fired_rules)
        fired = [
            evaluate(r, item, roles=roles, types=types) for r in fired_rules if r.weight > 0
        ]
        if competency.id in removed:
            continue
        if competency.id in added:
            reasons = ["marked by its author (Competency trailer)", *(r.reason() for r in fired)]
            matches.append(_match(competency, max(score, competency.threshold), reasons, fired))
        elif not routine and score >= competency.threshold and fired:
            matches.append(_match(competency, score, [r.reason() for r in fired], fired))
    matches.sort(key=lambda m: -m.score)
    text = f"{item.title}\n{item.body[:MAX_TEXT]}"
    impact = extract_impact(text) if _MAY_STATE_IMPACT.search(text) else ()
    return Classified(
        evidence=item, matches=tuple(matches), impact=impact,
        routine=tuple(routine) if not matches else (),
    )


def _match(
    competency: Competency, score: float, reasons: Sequence[str], fired: Sequence[RuleResult]
) -> Match:
    ordered = sorted(fired, key=lambda r: -r.rule.weight)
    return Match(
        competency=competency.id,
        score=round(score, 2),
        reasons=tuple(dict.fromkeys(reasons)),
        themes=tuple(dict.fromkeys(r.rule.theme for r in ordered if r.rule.theme)),
        levels=tuple(dict.fromkeys(r.rule.level for r in ordered if r.rule.level)),
    )


def _regex_reason(pattern: re.Pattern[str], text: str, prefix: str) -> str | None:
    found = pattern.search(text)
    if not found:
        return None
    snippet = " ".join(found.group(0).split())[:40]
    return f"{prefix} '{snippet}'"


def _first(values: object) -> str | None:
    for value in values:  # type: ignore[attr-defined]
        return str(value)
    return None
