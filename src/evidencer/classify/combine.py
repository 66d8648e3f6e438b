"""The rubric's explicit rules and the learned judgement made into one verdict per item.

Order: a ``Competency:`` trailer, then the explicit rules, then the model. In the default
rubric the explicit rules are those about labels, paths, kinds, roles and who opened an
item; its rules that read words are the model's features, for it to weigh. In a rubric of
the user's own every rule is explicit: the model only decides what none of them claims.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from evidencer.classify.learned import Judgement, LinearModel
from evidencer.classify.prefilter import Verdict
from evidencer.classify.rubric import Competency, Rubric, Rule
from evidencer.model import Classified, Evidence, Match

TRAILER = "marked by its author (Competency trailer)"


def explicit(rule: Rule) -> bool:
    """A rule about what the team stated outright (a label, a path, a kind of item, a role,
    who opened it, a measured outcome) rather than about the words used: such a rule wins
    over the model. A stated outcome ("~40 s -> 3.1 s") is read as a fact, not a keyword."""
    return (rule.title is None and rule.body is None and rule.text is None
            and not rule.types)


def told_rules(verdict: Verdict, is_told: Callable[[Rule], bool], *,
               routine: bool) -> list[Rule]:
    """The fired rules that claim without the model: all of them when a rule that
    ``decides`` fired (the project's own tag and the title agree) and no rule against the
    competency nor a routine rule did; else those ``is_told`` (explicit), a stated outcome
    not on routine upkeep: "from 10s to 5s for faster CI" on a ci: commit is routine
    (docs/labelling.md), so there the model decides. A named advisory still claims: a
    bump that closes a CVE is the fix."""
    fired = verdict.fired
    if not routine and any(r.decides for r in fired) and all(r.weight >= 0 for r in fired):
        return list(fired)
    return [rule for rule in fired if is_told(rule) and not (routine and rule.impact)]


def vetoes(rule: Rule, *, default: bool) -> bool:
    """Whether a routine rule that fired keeps every competency off when the model judges:
    every rule of a user's own rubric does; of the default rubric an explicit one (a label,
    a path) or one that ``decides``; its other word rules are features the model weighs."""
    return not default or explicit(rule) or rule.decides


Overrides = tuple[set[str] | frozenset[str], set[str] | frozenset[str]]


def classified(
    item: Evidence, rubric: Rubric, model: LinearModel, *, roles: Sequence[str],
    impact: tuple[str, ...], overrides: Overrides,
    decided: tuple[tuple[Rule, ...], tuple[Verdict, ...]], reason: Callable[[Rule], str],
    rules: Sequence[str] = (), default: bool = True,
) -> Classified:
    """What ``classify`` returns when the model judges too: ``decided`` is the rubric's
    routine rules and (unvetoed) verdicts, ``overrides`` the trailer's added and removed."""
    routine, verdicts = decided
    matches, judged = combine(
        item, rubric, model, roles=roles, routine=routine, verdicts=verdicts,
        added=overrides[0], removed=overrides[1], reason=reason, rules=rules, default=default)
    matches.sort(key=lambda m: -m.score)
    return Classified(
        evidence=item, matches=tuple(matches), impact=impact,
        routine=() if matches else routine_reasons(routine, reason, default=default),
        # not a competency a rule ruled out, though the model showed it (a docs-only
        # change is no bug fix), nor one a trailer removed or the rubric lacks
        near=None if matches or routine else nearest(model, (
            j for j in judged if not j.shown and j.competency not in overrides[1]
            and rubric.competency(j.competency) is not None)),
    )


def nearest(model: LinearModel, judged: Iterable[Judgement]) -> tuple[str, float] | None:
    """The competency the model came nearest to claiming, and its probability over that
    competency's cut: how the document orders the substantial work it claims nothing of."""
    cuts = model.cuts
    best = max(((j.competency, j.probability / cuts[j.competency]) for j in judged),
               key=lambda pair: pair[1], default=None)
    return None if best is None else (best[0], round(best[1], 3))


def routine_reasons(
    routine: Sequence[Rule], reason: Callable[[Rule], str], *, default: bool,
) -> tuple[str, ...]:
    """Why an item is routine upkeep: each reason once, though two rules may give it (a
    path rule and a word rule both say "test-suite upkeep"), and first the reasons of the
    rules that keep every competency off (the document shows the first): sqlmodel's
    "Replace pre-commit PAT with PR Push", a workflow alone, is "CI plumbing only", which
    decided, not "formatting or lint only", which its words only told the model."""
    deciding_first = sorted(routine, key=lambda rule: not vetoes(rule, default=default))
    return tuple(dict.fromkeys(map(reason, deciding_first)))


def combine(
    item: Evidence, rubric: Rubric, model: LinearModel, *,
    roles: Sequence[str], routine: Sequence[Rule], verdicts: Sequence[Verdict],
    added: set[str] | frozenset[str], removed: set[str] | frozenset[str],
    reason: Callable[[Rule], str], rules: Sequence[str] = (), default: bool = True,
) -> tuple[list[Match], list[Judgement]]:
    """Matches for ``item``, and the model's judgements (none when a rule kept it off);
    ``verdicts`` must not be vetoed, ``rules`` are the default rubric's rules that fired
    (the model's features); ``default``: ``rubric`` is the shipped one, else every rule of
    it is the user's explicit rule."""
    told = explicit if default else _always
    vetoed = any(vetoes(rule, default=default) for rule in routine)
    # Upkeep a rule keeps every competency off leaves the model nothing to judge (20% of
    # model_speed.py's items; the whole run 1.29 s against 1.40 s when it was asked).
    judged = {} if vetoed else {
        j.competency: j for j in model.judge(
            item.title, item.body, item.paths, item.labels, kind=item.kind, roles=roles,
            rules=rules)
    }
    matches = []
    for competency, verdict in zip(rubric.competencies, verdicts, strict=True):
        if competency.id in removed:
            continue
        judgement = judged.get(competency.id)
        if competency.id in added:
            score = max(verdict.score, competency.threshold)
            reasons = [TRAILER, *map(reason, verdict.positive)]
            matches.append(make_match(competency, score, reasons, verdict, 1.0))
        elif vetoed or (judgement is None and routine):
            continue
        elif judgement is None:  # a competency of the user's own: the rubric alone
            if verdict.score >= competency.threshold and verdict.positive:
                reasons = list(map(reason, verdict.positive))
                matches.append(make_match(competency, verdict.score, reasons, verdict, None))
        else:
            found = _decide(competency, verdict, judgement, model, item, reason, told,
                            default, bool(routine))
            if found is not None:
                matches.append(found)
    return matches, list(judged.values())


def _always(rule: Rule) -> bool:
    return True


def _decide(
    competency: Competency, verdict: Verdict, judgement: Judgement, model: LinearModel,
    item: Evidence, reason: Callable[[Rule], str], is_told: Callable[[Rule], bool],
    default: bool, routine: bool,
) -> Match | None:
    told = told_rules(verdict, is_told, routine=routine)
    told_score = sum(rule.weight for rule in told)
    if told_score >= competency.threshold and any(rule.weight > 0 for rule in told):
        # measured for the default rubric's label and path rules, not for a user's own
        confidence = model.rule_confidence.get(competency.id) if default else None
        reasons = list(map(reason, verdict.positive))
        return make_match(competency, verdict.score, reasons, verdict, confidence)
    if told_score < 0:  # an explicit rule against it (a docs-only change is no bug fix)
        return None
    if judgement.shown:
        score = max(verdict.score, competency.threshold)
        reasons = [judgement.reason(item.paths), *map(reason, verdict.positive)]
        return make_match(competency, score, reasons, verdict, judgement.probability)
    if judgement.keeps and not routine and verdict.positive \
            and verdict.score >= competency.threshold:
        # the rubric's word rules claim it and the model does not doubt them
        reasons = [*map(reason, verdict.positive), judgement.reason(item.paths)]
        return make_match(competency, verdict.score, reasons, verdict, judgement.probability)
    return None


def make_match(
    competency: Competency, score: float, reasons: list[str], verdict: Verdict,
    confidence: float | None = None,
) -> Match:
    """A claim of ``competency``: its reasons once each, in order, with the verdict's
    themes and levels."""
    return Match(
        competency=competency.id,
        score=round(score, 2),
        reasons=tuple(dict.fromkeys(reasons)),
        themes=verdict.themes,
        levels=verdict.levels,
        confidence=None if confidence is None else round(confidence, 2),
    )
