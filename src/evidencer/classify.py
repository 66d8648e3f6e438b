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


Check = Callable[["Subject"], bool]


@dataclass(frozen=True, slots=True)
class Subject:
    """What rules look at in one item, prepared once: lowered text, commit types, roles."""

    item: Evidence
    roles: tuple[str, ...]
    types: tuple[str, ...]
    title: str
    body: str
    low_title: str
    low_body: str
    impact: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, item: Evidence, roles: Sequence[str], types: Sequence[str],
        impact: tuple[str, ...] = (),
    ) -> Subject:
        title, body = item.title[:MAX_TEXT], item.body[:MAX_TEXT]  # bounds regex time
        return cls(item, tuple(roles), tuple(types), title, body,
                   title.lower(), body.lower(), impact)


def _text_check(pattern: re.Pattern[str], fast: FastPattern | None, *, title: bool,
                body: bool) -> Check:
    if fast is not None:
        search = fast.search
        if title and body:
            return lambda s: search(s.low_title) or search(s.low_body)
        return (lambda s: search(s.low_title)) if title else (lambda s: search(s.low_body))
    find = pattern.search
    if title and body:
        return lambda s: bool(find(s.title) or find(s.body))
    return (lambda s: bool(find(s.title))) if title else (lambda s: bool(find(s.body)))


def compile_checks(rule: Rule) -> tuple[Check, ...]:
    """A rule's conditions as small functions, cheapest first, built once per rubric."""
    checks: list[Check] = []
    if rule.kinds:
        kinds = frozenset(rule.kinds)
        checks.append(lambda s: s.item.kind in kinds)
    if rule.roles:
        roles = frozenset(rule.roles)
        checks.append(lambda s: not roles.isdisjoint(s.roles))
    if rule.types:
        types = frozenset(rule.types)
        checks.append(lambda s: not types.isdisjoint(s.types))
    if rule.author_association:
        associations = frozenset(rule.author_association)
        checks.append(lambda s: (s.item.author_association or "").upper() in associations)
    if rule.labels:
        label = rule.label_regex.match
        checks.append(lambda s: any(label(x) for x in s.item.labels))
    if rule.paths:
        path = rule.path_regex.match
        checks.append(lambda s: any(path(p) for p in s.item.paths))
    if rule.all_paths:
        every = rule.all_paths_regex.match
        checks.append(lambda s: bool(s.item.paths) and all(every(p) for p in s.item.paths))
    if rule.impact:
        checks.append(lambda s: bool(s.impact))
    if rule.title is not None:
        checks.append(_text_check(rule.title, rule.fast_title, title=True, body=False))
    if rule.body is not None:
        checks.append(_text_check(rule.body, rule.fast_body, title=False, body=True))
    if rule.text is not None:
        checks.append(_text_check(rule.text, rule.fast_text, title=True, body=True))
    return tuple(checks)


_CHECKS: dict[int, tuple[Rule, tuple[Check, ...]]] = {}


def _checks_of(rule: Rule) -> tuple[Check, ...]:
    cached = _CHECKS.get(id(rule))
    if cached is None or cached[0] is not rule:
        cached = _CHECKS[id(rule)] = (rule, compile_checks(rule))
    return cached[1]


def fires_on(rule: Rule, subject: Subject) -> bool:
    """The fast yes/no behind ``evaluate``: no reasons. Classification asks this of every
    rule for every item; only rules that fire are evaluated again for their reasons."""
    for check in _checks_of(rule):  # noqa: SIM110 - the hot path; no generator
        if not check(subject):
            return False
    return True


def fires(rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str]) -> bool:
    impact = stated_impact(item) if rule.impact else ()
    return fires_on(rule, Subject.of(item, roles, types, impact))


def stated_impact(item: Evidence) -> tuple[str, ...]:
    """Measurable outcomes the item states; most commit messages state none."""
    text = f"{item.title[:MAX_TEXT]}\n\n{item.body[:MAX_TEXT]}"
    return extract_impact(text) if _MAY_STATE_IMPACT.search(text) else ()


def _condition_count(rule: Rule) -> int:
    return sum(
        1 for present in (
            rule.kinds, rule.roles, rule.types, rule.author_association, rule.labels,
            rule.paths, rule.all_paths, rule.impact, rule.title is not None,
            rule.body is not None,
            rule.text is not None,
        ) if present
    )


def _checks(
    rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str]
) -> Iterator[Callable[[], str | None]]:
    if rule.kinds:
        yield lambda: f"a {item.kind.replace('_', ' ')}" if item.kind in rule.kinds else None
    if rule.impact:
        yield lambda: _first(f"states an outcome: '{o[:60]}'" for o in stated_impact(item))
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
        yield lambda: _regex_reason(title, item.title[:MAX_TEXT], "title matches")
    if rule.body is not None:
        body = rule.body
        yield lambda: _regex_reason(body, item.body[:MAX_TEXT], "description mentions")
    if rule.text is not None:
        text = rule.text
        yield lambda: (_regex_reason(text, item.title[:MAX_TEXT], "title matches")
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


Compiled = tuple[tuple[Rule, tuple[Check, ...]], ...]
_APPLICABLE: dict[tuple[int, str, tuple[str, ...]], tuple[tuple[Rule, ...], Compiled]] = {}


def _applicable(rules: tuple[Rule, ...], kind: str, roles: Sequence[str]) -> Compiled:
    """The rules whose kind and role conditions this kind of item and these roles meet,
    each with its compiled checks: worked out once per combination, not once per item."""
    key = (id(rules), kind, tuple(roles))
    cached = _APPLICABLE.get(key)
    if cached is None or cached[0] is not rules:
        subset = tuple(
            (r, _checks_of(r)) for r in rules
            if (not r.kinds or kind in r.kinds)
            and (not r.roles or any(role in r.roles for role in roles))
        )
        cached = _APPLICABLE[key] = (rules, subset)
    return cached[1]


def _fired(compiled: Compiled, subject: Subject) -> list[Rule]:
    fired = []
    for rule, checks in compiled:
        for check in checks:
            if not check(subject):
                break
        else:
            fired.append(rule)
    return fired


def classify(item: Evidence, rubric: Rubric, *, roles: Sequence[str] = ()) -> Classified:
    """Match ``item`` against every competency; ``roles`` are the person's roles in it."""
    types = commit_types(item.title, rubric)
    impact = stated_impact(item)
    subject = Subject.of(item, roles, types, impact)
    routine = [
        evaluate(rule, item, roles=roles, types=types).reason()
        for rule in _fired(_applicable(rubric.routine, item.kind, roles), subject)
    ]
    added, removed = parse_overrides(item.overrides)
    matches: list[Match] = []
    for competency in rubric.competencies:
        if competency.id in removed or (routine and competency.id not in added):
            continue
        fired_rules = _fired(_applicable(competency.rules, item.kind, roles), subject)
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
