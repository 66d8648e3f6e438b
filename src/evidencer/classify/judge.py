"""Pure classification: an item and a rubric in, competency matches with reasons out.

Every rule that fires becomes a reason a person can read; nothing is scored silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from evidencer.classify import combine, learned
from evidencer.classify.impact import extract_impact
from evidencer.classify.linear import Regex
from evidencer.classify.prefilter import RubricPlan, Verdict
from evidencer.classify.rubric import (
    MAX_TEXT,
    Competency,
    Rubric,
    Rule,
    advisory_of,
    load_rubric,
    rule_body,
    rule_title,
)
from evidencer.classify.titles import CONVENTIONAL, TAGS
from evidencer.model import Actor, Classified, Evidence, Match, Reporter

# The reason of a rule whose every condition is an exception that did not apply.
_NO_WORDS = "rule '{}' (nothing in the item rules it out)"
# A title that opens by adding something (after a scope): a feature, as the rubric's
# fixes-issue rule reads it.
_FEATURE_OPENS = re.compile(
    r"^(\W*[^:\s]{1,30}: ?)?(add|adds|added|allow|allows|support|supports|implement"
    r"|implements|introduce|introduces|enable|enables)\b", re.IGNORECASE)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # a closed issue's date is not judged


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
        return self.rule.reason or ", ".join(self.reasons) or _NO_WORDS.format(self.rule.id)


def commit_types(title: str, rubric: Rubric) -> tuple[str, ...]:
    """``fix(api)!: x`` -> ``("fix",)``; ``BUG, TST: x`` -> the rubric's mapped types; read
    after a leading gitmoji or issue key (``HSB-514 refactor: x``), as the rules read."""
    title = rule_title(title)
    conventional = CONVENTIONAL.match(title)
    if conventional:
        kind = conventional.group("type")
        mapped = rubric.commit_types.get(kind) or rubric.commit_types.get(kind.upper())
        return (mapped or kind.lower(),)
    tags = TAGS.match(title)
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
    for reason in _condition_reasons(rule, item, roles, types, lambda: stated_impact(item)):
        if reason is not None:
            held += 1
            if reason:
                reasons.append(reason)
    return RuleResult(rule=rule, reasons=tuple(reasons), held=held, total=total)


def fires(rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str]) -> bool:
    """Whether every condition of ``rule`` holds: one rule checked plainly, deciding as
    ``classify`` does for all rules at once."""
    title, body = rule_title(item.title), rule_body(item.body)  # bounds regex time
    paths = item.paths
    return (
        (not rule.kinds or item.kind in rule.kinds)
        and (not rule.roles or any(role in rule.roles for role in roles))
        and (not rule.types or any(kind in rule.types for kind in types))
        and (not rule.author_association
             or (item.author_association or "").upper() in rule.author_association)
        and (not rule.labels or any(rule.label_regex.match(label) for label in item.labels))
        and (not rule.paths or any(rule.path_regex.match(path) for path in paths))
        and (not rule.all_paths
             or (bool(paths) and all(rule.all_paths_regex.match(path) for path in paths)))
        and (not rule.impact or bool(stated_impact(item)))
        and (not rule.advisory or advisory_of(item) is not None)
        and (rule.title is None or _matches(rule.title, title))
        and (rule.body is None or _matches(rule.body, body))
        and (rule.text is None or _matches(rule.text, title, body))
        and (rule.unless_title is None or not _matches(rule.unless_title, title))
        and (rule.unless_body is None or not _matches(rule.unless_body, body))
        and (rule.unless_text is None or not _matches(rule.unless_text, title, body))
    )


def _matches(pattern: Regex, *texts: str) -> bool:
    return any(pattern.search(text) is not None for text in texts)


def stated_impact(item: Evidence) -> tuple[str, ...]:
    """Measurable outcomes the item states; most commit messages state none (and
    extract_impact turns those away before any real work). A postmortem states its
    impact in one line: only that line is read, never its title, date or timeline."""
    if item.kind == "postmortem":
        return extract_impact(_postmortem_impact(item)[:MAX_TEXT])
    return extract_impact(f"{item.title[:MAX_TEXT]}\n\n{item.body[:MAX_TEXT]}")


def _postmortem_impact(item: Evidence) -> str:
    return item.facts.impact or ""


def _shown_impact(item: Evidence, impact: tuple[str, ...]) -> tuple[str, ...]:
    """What the document shows as the item's impact: a postmortem's impact line, once."""
    if item.kind == "postmortem":
        stated = _postmortem_impact(item).strip()
        return (stated,) if stated else ()
    return impact


def _condition_count(rule: Rule) -> int:
    return sum(
        1 for present in (
            rule.kinds, rule.roles, rule.types, rule.author_association, rule.labels,
            rule.paths, rule.all_paths, rule.impact, rule.advisory, rule.title is not None,
            rule.body is not None,
            rule.text is not None,
            rule.unless_title is not None,
            rule.unless_body is not None,
            rule.unless_text is not None,
        ) if present
    )


def _reason(
    rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str],
    impact: tuple[str, ...],
) -> str:
    """``evaluate(rule, ...).reason()`` for a rule that fired, given the item's impact."""
    if rule.reason:
        return rule.reason
    return (", ".join(filter(None, _condition_reasons(rule, item, roles, types, lambda: impact)))
            or _NO_WORDS.format(rule.id))


def _condition_reasons(
    rule: Rule, item: Evidence, roles: Sequence[str], types: Sequence[str],
    impact: Callable[[], tuple[str, ...]],
) -> Iterator[str | None]:
    """For each of the rule's conditions, in order, why it holds, or None if it does not.

    An exception (``unless_*``) that does not apply holds without words: the reason for a
    claim is what the item says, not the regex of what it does not say."""
    title, body = rule_title(item.title), rule_body(item.body)
    if rule.kinds:
        yield f"a {item.kind.replace('_', ' ')}" if item.kind in rule.kinds else None
    if rule.impact:
        yield _first(f"states an outcome: '{o[:60]}'" for o in impact())
    if rule.advisory:
        yield advisory_of(item)
    if rule.roles:
        yield _first(f"role {r.replace('_', ' ')}" for r in roles if r in rule.roles)
    if rule.types:
        yield _first(f"commit type '{t}'" for t in types if t in rule.types)
    if rule.author_association:
        association = (item.author_association or "").upper()
        yield (f"opened by {association.lower().replace('_', ' ')} (outside the team)"
               if association in rule.author_association else None)
    if rule.labels:  # the rule's globs as one regex, as ``fires`` decides
        yield _first(f"label '{label}'" for label in item.labels if rule.label_regex.match(label))
    if rule.paths:
        yield _first(f"touches '{path}'" for path in item.paths if rule.path_regex.match(path))
    if rule.all_paths:
        yield (f"only touches {', '.join(rule.all_paths)}"
               if item.paths and all(rule.all_paths_regex.match(path) for path in item.paths)
               else None)
    if rule.title is not None:
        yield _regex_reason(rule.title, title, "title matches")
    if rule.body is not None:
        yield _regex_reason(rule.body, body, "description mentions")
    if rule.text is not None:
        yield (_regex_reason(rule.text, title, "title matches")
               or _regex_reason(rule.text, body, "description mentions"))
    for pattern, texts in (
        (rule.unless_title, (title,)),
        (rule.unless_body, (body,)),
        (rule.unless_text, (title, body)),
    ):
        if pattern is not None:
            yield None if _matches(pattern, *texts) else ""


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


def parse_overrides(
    values: Sequence[str], rubric: Rubric | None = None
) -> tuple[set[str], set[str]]:
    """Trailer values like ``customer-value``, ``+a, -b`` or ``Product Stability`` ->
    (added, removed) competency ids; what names no competency is left out
    (``unknown_overrides`` says which)."""
    added: set[str] = set()
    removed: set[str] = set()
    for _, sign, competency in _override_terms(values, rubric):
        if competency is not None:
            (removed if sign == "-" else added).add(competency)
    return added, removed


def unknown_overrides(values: Sequence[str], rubric: Rubric) -> list[str]:
    """The trailer's terms that name no competency of the rubric, as written."""
    return [written for written, _, found in _override_terms(values, rubric) if found is None]


def _override_terms(
    values: Sequence[str], rubric: Rubric | None
) -> Iterator[tuple[str, str, str | None]]:
    """(the term as written, its sign, the competency id or None) for each term. Terms
    are separated by commas or semicolons, each a competency's id or name in any case
    ("Product Stability", "product_stability"); else by spaces ("customer-value
    -product-stability"). Without a rubric a term is taken as an id."""
    aliases = _aliases(rubric) if rubric is not None else None

    def known(text: str) -> str | None:
        key = _alias_key(text)
        return (key or None) if aliases is None else aliases.get(key)

    for value in values:
        for part in _OVERRIDE_PARTS.split(value):
            sign, text = _signed(part)
            whole = known(text) if aliases is not None and text else None
            if whole is not None:
                yield part.strip(), sign, whole
                continue
            for word in part.split():
                word_sign, word_text = _signed(word)
                if word_text:
                    yield word, word_sign, known(word_text)


def _signed(text: str) -> tuple[str, str]:
    text = text.strip()
    if text[:1] in "+-":
        return text[:1], text[1:].strip()
    return "", text


def _alias_key(text: str) -> str:
    return "-".join(_ALIAS_WORDS.findall(text.lower()))


def _aliases(rubric: Rubric) -> dict[str, str]:
    """Each competency's id and name, as _alias_key spells them, to its id; kept with
    the rubric."""
    found = rubric.compiled.get("aliases")
    if found is None:
        found = rubric.compiled["aliases"] = {
            _alias_key(text): competency.id
            for competency in rubric.competencies for text in (competency.id, competency.name)
        }
    assert isinstance(found, dict)
    return found


_OVERRIDE_PARTS = re.compile(r"[,;]")
_ALIAS_WORDS = re.compile(r"[^\W_]+")


_NO_OVERRIDES: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _plan(rubric: Rubric) -> RubricPlan:
    """The rubric compiled for fast decisions, once per rubric, kept with it: ``classify``
    runs for every item, and compiling takes milliseconds. Compiled on the first item;
    doing it earlier, while git reads history, saved nothing measurable (8-20 ms)."""
    plan = rubric.compiled.get("plan")
    if plan is None:
        plan = rubric.compiled["plan"] = RubricPlan(rubric)
    assert isinstance(plan, RubricPlan)
    return plan


def classify(
    item: Evidence, rubric: Rubric, *, roles: Sequence[str] = (),
    model: learned.LinearModel | None = None,
) -> Classified:
    """Match ``item`` against every competency; ``roles`` are the person's roles in it.

    Decides as ``fires`` and ``evaluate`` would for every rule, only faster (prefilter.py);
    reasons are worked out only for the rules behind a match. The shipped model (or
    ``model``) judges what the explicit rules leave open (combine.py), unless the rubric
    is set to ``classifier: rules``. The issues the work closes count through the
    rules about who opened an item, as those rules judge the issue itself.
    """
    types = commit_types(item.title, rubric)
    overrides = parse_overrides(item.overrides, rubric) if item.overrides else _NO_OVERRIDES
    found = _classify(item, rubric, roles=roles, model=model, types=types, overrides=overrides)
    if item.facts.reporters and not found.routine:
        return _credited(found, rubric, roles=roles, types=types, removed=overrides[1])
    return found


def _classify(
    item: Evidence, rubric: Rubric, *, roles: Sequence[str],
    model: learned.LinearModel | None, types: tuple[str, ...],
    overrides: combine.Overrides,
) -> Classified:
    impact = stated_impact(item)
    added, removed = overrides
    if model is None or item.kind not in learned.MODELLED_KINDS:
        model = learned.model_for(rubric.classifier, item.kind)
    vetoable = not added and model is None
    routine, verdicts = _plan(rubric).decide(item, roles, types, impact, vetoable=vetoable)
    if model is not None:
        default = is_default(rubric)
        return combine.classified(
            item, rubric, model, roles=roles, impact=impact, overrides=(added, removed),
            decided=(routine, verdicts),
            reason=lambda rule: _reason(rule, item, roles, types, impact),
            rules=(() if not model.uses_rules else rule_ids(rubric, routine, verdicts)
                   if default else default_rule_ids(item, roles)),
            default=default,
        )
    matches: list[Match] = []
    for competency, verdict in zip(rubric.competencies, verdicts, strict=True):
        if competency.id in removed or (routine and competency.id not in added):
            continue
        if competency.id in added:
            reasons = ["marked by its author (Competency trailer)",
                       *(_reason(r, item, roles, types, impact) for r in verdict.positive)]
            score = max(verdict.score, competency.threshold)
            matches.append(combine.make_match(competency, score, reasons, verdict))
        elif not routine and verdict.score >= competency.threshold and verdict.positive:
            reasons = [_reason(r, item, roles, types, impact) for r in verdict.positive]
            matches.append(combine.make_match(competency, verdict.score, reasons, verdict))
    if len(matches) > 1:
        matches.sort(key=lambda m: -m.score)
    return Classified(
        evidence=item, matches=tuple(matches), impact=_shown_impact(item, impact),
        # without the model every routine rule keeps the competencies off: rubric order
        routine=combine.routine_reasons(
            routine, lambda rule: _reason(rule, item, roles, types, impact), default=False)
        if not matches else (),
    )


def _credited(
    found: Classified, rubric: Rubric, *, roles: Sequence[str], types: Sequence[str],
    removed: Collection[str],
) -> Classified:
    """``found`` with credit from the issues the work closes: each competency's strongest
    rule about who opened an item that the issue fires adds its weight and reason ("fixes
    a/b#12, reported by a user outside the team"). Credit claims a competency that none
    claimed once, with the rules the work itself fires, it reaches the threshold. An
    issue the work's own author opened is no one else's report, and a feature a user
    asked for earns none ("Add --json output (closes #12)" shows Customer Value only); a
    competency a ``Competency:`` trailer removed stays removed."""
    item = found.evidence
    if "feat" in types or _FEATURE_OPENS.match(rule_title(item.title)):
        return found  # a request implemented: Customer Value, not empathy (labelling guide)
    reporters = item.others_reports()
    matches = {m.competency: m for m in found.matches}
    for competency in rubric.competencies:
        if competency.id in removed:
            continue
        credits = [c for reporter in reporters if (c := _credit(competency, reporter))]
        if not credits:
            continue
        gained = sum(rule.weight for rule, _ in credits)
        reasons = [reason for _, reason in credits]
        rules = [rule for rule, _ in credits]
        known = matches.get(competency.id)
        if known is not None:
            matches[competency.id] = _extend(known, gained, reasons, rules)
            continue
        fired = [r for r in competency.rules if fires(r, item, roles, types)]
        score = sum(r.weight for r in fired) + gained
        positive = [r for r in fired if r.weight > 0]
        if score < competency.threshold:
            continue
        own_reasons = [evaluate(r, item, roles=roles, types=types).reason() for r in positive]
        empty = Match(competency=competency.id, score=0.0, reasons=tuple(own_reasons))
        matches[competency.id] = _extend(empty, score, reasons, [*rules, *positive])
    ordered = sorted(matches.values(), key=lambda m: -m.score)
    return dataclasses.replace(found, matches=tuple(ordered), near=None if ordered else found.near)


def _credit(competency: Competency, reporter: Reporter) -> tuple[Rule, str] | None:
    """The strongest rule of ``competency`` about who opened an item that the issue fires
    (read as the issue itself), with the reason it gives."""
    as_item = Evidence(
        id=f"issue:{reporter.ref}", kind="issue", repo=reporter.ref.rpartition("#")[0],
        title=reporter.title, date=_EPOCH, actors=(Actor(role="author", login=reporter.login),),
        labels=reporter.labels, author_association=reporter.association,
    )
    fired = [
        rule for rule in competency.rules
        if rule.author_association and rule.weight > 0 and fires(rule, as_item, (), ())
    ]
    if not fired:
        return None
    best = max(fired, key=lambda r: r.weight)
    detail = best.reason or f"reported from outside the team by {reporter.login or 'a user'}"
    return best, f"fixes {reporter.ref}, {detail}"


def _extend(match: Match, gained: float, reasons: Sequence[str], rules: Sequence[Rule]) -> Match:
    return dataclasses.replace(
        match,
        score=round(match.score + gained, 2),
        reasons=tuple(dict.fromkeys([*reasons, *match.reasons])),
        themes=tuple(dict.fromkeys([*match.themes, *(r.theme for r in rules if r.theme)])),
        levels=tuple(dict.fromkeys([*match.levels, *(r.level for r in rules if r.level)])),
    )


def rule_ids(
    rubric: Rubric, routine: Sequence[Rule], verdicts: Sequence[Verdict],
) -> tuple[str, ...]:
    """``routine/typo``, ``product-stability/fix-title``: the rules that fired, by id, and
    ``claim/product-stability`` for each competency the rubric alone would claim."""
    fired = [f"routine/{rule.id}" for rule in routine]
    for competency, verdict in zip(rubric.competencies, verdicts, strict=True):
        fired += [f"{competency.id}/{rule.id}" for rule in verdict.fired]
        if not routine and verdict.positive and verdict.score >= competency.threshold:
            fired.append(f"claim/{competency.id}")
    return tuple(fired)


def default_rule_ids(item: Evidence, roles: Sequence[str]) -> tuple[str, ...]:
    """The default rubric's rules that fire on ``item``: features of the shipped model."""
    rubric = _default_rubric()
    routine, verdicts = _plan(rubric).decide(
        item, roles, commit_types(item.title, rubric), stated_impact(item), vetoable=False)
    return rule_ids(rubric, routine, verdicts)


_DEFAULT: list[Rubric] = []


def is_default(rubric: Rubric) -> bool:
    """Whether ``rubric`` is the one shipped with evidencer (not a user's own)."""
    return rubric.source == _default_rubric().source


def _default_rubric() -> Rubric:
    if not _DEFAULT:
        _DEFAULT.append(load_rubric(classifier="rules"))
    return _DEFAULT[0]


def _regex_reason(pattern: Regex, text: str, prefix: str) -> str | None:
    found = pattern.search(text)
    if not found:
        return None
    snippet = " ".join(found.group(0).split())[:40]
    return f"{prefix} '{snippet}'"


def _first(values: object) -> str | None:
    for value in values:  # type: ignore[attr-defined]
        return str(value)
    return None
