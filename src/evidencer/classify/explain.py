"""Why an item maps where it does: every rule that fired, and those that came close.

Looks items up by sha, ``#123``, ``owner/repo#123``, a GitHub URL or an item id.
"""

from __future__ import annotations

import re

from evidencer.classify import learned
from evidencer.classify.combine import vetoes
from evidencer.classify.judge import (
    RuleResult,
    classify,
    commit_types,
    default_rule_ids,
    evaluate,
    is_default,
    score_competency,
    unknown_overrides,
)
from evidencer.classify.rubric import Rubric, load_rubric
from evidencer.errors import EvidencerError
from evidencer.identity import Matcher
from evidencer.model import Evidence, Person
from evidencer.store.sqlite import EvidenceStore

# GitHub's pages, GitLab's (under "/-/", its groups nested) and Bitbucket's
_URL = re.compile(
    r"^https?://[^/]+/(?P<repo>[^/]+(?:/[^/]+)+?)/(?:-/)?"
    r"(?P<what>pull|pull-requests|merge_requests|issues|commits?)/(?P<ref>[0-9a-fA-F]+)"
    r"(?=$|[/?#])"
)
# "#12", "owner/repo#12"; GitLab names a merge request "!12"
# owner/repo#12, group/sub/repo!12, or a local repository's folder name: widgets#12
_NUMBER = re.compile(r"^(?:(?P<repo>[\w.-]+(?:/[\w.-]+)*))?(?P<sign>[#!])(?P<n>\d+)$")
_SHA = re.compile(r"^[0-9a-fA-F]{4,64}$")  # SHA-1's 40 digits or SHA-256's 64


def find_item(store: EvidenceStore, ref: str) -> Evidence | None:
    ref = ref.strip()
    direct = store.get(ref)
    if direct is not None:
        return direct
    url = _URL.match(ref)
    if url:
        if url.group("what").startswith("commit"):
            found = _by_sha(store, url.group("ref"), url.group("repo"))
        else:
            prefix = "issue" if url.group("what") == "issues" else "pr"
            found = store.get(f"{prefix}:{url.group('repo')}#{url.group('ref')}")
        if found is not None:
            return found
    if "://" in ref:  # any forge's page evidencer linked to: Gitea's, Azure DevOps'…
        page = ref.split("#", 1)[0].rstrip("/")
        return next((item for item in store.iter_items()
                     if item.url and item.url.rstrip("/") == page), None)
    number = _NUMBER.match(ref)
    if number:
        wanted = f"#{number.group('n')}"
        repo = number.group("repo")
        candidates = [
            item for item in store.iter_items()
            if item.id.endswith(wanted) and (repo is None or item.repo == repo)
            and item.kind in (("pull_request",) if number.group("sign") == "!"
                              else ("pull_request", "issue"))
        ]
        candidates.sort(key=lambda item: item.kind != "pull_request")
        repos = sorted({item.repo for item in candidates})
        if len(repos) > 1:
            raise EvidencerError(
                f"{ref}: ambiguous, {len(repos)} repositories have it ({', '.join(repos[:3])}"
                f"{', ...' if len(repos) > 3 else ''}); give the repository: {repos[0]}{wanted}")
        return candidates[0] if candidates else None
    if _SHA.match(ref):
        return _by_sha(store, ref, None)
    return None


def _by_sha(store: EvidenceStore, sha: str, repo: str | None) -> Evidence | None:
    """The one item holding a commit that starts with ``sha``; a short sha two items'
    commits start with is an error naming them, as git's own is. The work a commit is comes
    before the reviews of it (a ``Reviewed-by:`` trailer's), which hold its sha too."""
    sha = sha.lower()
    found = [item for item in store.iter_items()
             if (repo is None or item.repo == repo) and any(s.startswith(sha) for s in item.shas)]
    work = [item for item in found if item.kind != "review"]
    if work and len({s for item in work for s in item.shas if s.startswith(sha)}) == 1:
        found = work  # one commit: its item, not the reviews of it
    if len(found) > 1:
        shown = ", ".join(item.id for item in found[:3]) + (", ..." if len(found) > 3 else "")
        raise EvidencerError(f"{sha}: ambiguous, the commits of {len(found)} items start with "
                             f"it ({shown}); give more of the sha")
    return found[0] if found else None


# Conditions nearly every item meets (its kind, the person's role): alone they make no
# rule "close". A pattern that matched an empty string found no text either.
_EVERYWHERE = ("a ", "role ")


def _on_real_text(reason: str) -> bool:
    return not reason.endswith(" ''") and not reason.startswith(_EVERYWHERE)


def came_close(result: RuleResult) -> bool:
    """A rule that missed by one condition, after one that held on the item's own text,
    labels, paths or type: worth a look, unlike every rule whose kind merely matches."""
    return (
        not result.fired and result.total - result.held == 1
        and any(_on_real_text(reason) for reason in result.reasons)
    )


def explain_item(item: Evidence, rubric: Rubric, person: Person) -> str:
    roles = Matcher(person).roles(item)
    result = classify(item, rubric, roles=roles)
    types = commit_types(item.title, rubric)
    lines = [
        f"{item.id}: {item.title}",
        f"  kind {item.kind}, {item.date.date().isoformat()}, "
        f"your roles: {', '.join(roles) or 'none'}",
    ]
    if item.url:
        lines.append(f"  {item.url}")
    if types:
        lines.append(f"  commit type: {', '.join(types)}")
    if item.labels:
        lines.append(f"  labels: {', '.join(item.labels)}")
    if result.impact:
        lines.append(f"  impact: {'; '.join(result.impact)}")
    if item.overrides:
        unknown = unknown_overrides(item.overrides, rubric)
        lines.append(f"  overrides from its author: {', '.join(item.overrides)}" + (
            f" (naming no competency, so left out: {', '.join(unknown)})" if unknown else ""))
    routine = [
        r for r in (evaluate(rule, item, roles=roles, types=types) for rule in rubric.routine)
        if r.fired
    ]
    shown = {m.competency: m for m in result.matches}
    model = learned.model_for(rubric.classifier, item.kind)
    default = is_default(rubric)
    vetoing = [r for r in routine if model is None or vetoes(r.rule, default=default)]
    weighed = [r for r in routine if r not in vetoing]
    if vetoing:
        lines.append("  routine upkeep: " + "; ".join(r.reason() for r in vetoing)
                     + " (so no competency unless its author marks one)")
    if weighed:
        lines.append("  words of routine upkeep: " + "; ".join(r.reason() for r in weighed)
                     + " (the model weighs them; it decides)")
    judged = {}
    if model is not None:
        rules = default_rule_ids(item, roles) if model.uses_rules else ()
        judged = {j.competency: j for j in model.judge(
            item.title, item.body, item.paths, item.labels, kind=item.kind, roles=roles,
            rules=rules)}
    lines.append(_model_line(rubric, item, model))
    for competency in rubric.competencies:
        score, results = score_competency(competency, item, roles=roles, types=types)
        match = shown.get(competency.id)
        verdict = "shows it" if match else "does not show it"
        if match and match.confidence is not None:
            verdict += f" (confidence {match.confidence:.2f})"
        judgement = judged.get(competency.id)
        cut = model.thresholds[model.competencies.index(competency.id)] \
            if judgement is not None and model is not None else None
        if not match and cut is not None and judgement is not None \
                and not vetoing and score >= competency.threshold and judgement.probability < cut:
            # the words that reach the threshold are the model's to weigh: say who decided
            verdict += ": the rules' words reach the threshold, but the model weighs them " \
                "and stays below its cut"
        elif match and cut is not None and judgement is not None \
                and score < competency.threshold and judgement.probability >= cut:
            # ... and the other way round: go-task/task's "feat: command timeouts" read
            # "score 0 (threshold 2), shows it", which a reviewer took for a contradiction
            verdict += ": the rules' words stay below the threshold, and the model claims it"
        lines.append(
            f"{competency.name}: score {score:g} (threshold {competency.threshold:g}), {verdict}"
        )
        if judgement is not None and cut is not None:
            score_text, cut_text = side_by_side(judgement.probability, cut)
            lines.append(
                f"  model {score_text} (claims from {cut_text}): "
                f"{learned.describe(judgement.evidence, item.paths)}"
            )
        for r in results:
            if r.fired:
                lines.append(f"  + {r.rule.id} ({r.rule.weight:+g}): {r.reason()}")
        close = [r for r in results if came_close(r)]
        for r in close:
            lines.append(
                f"  ~ {r.rule.id} ({r.rule.weight:+g}) came close: "
                f"{r.held} of {r.total} conditions ({', '.join(filter(_on_real_text, r.reasons))})"
            )
        if not any(r.fired for r in results) and not close:
            lines.append("  no rule came close")
    return "\n".join(lines)


def _model_line(rubric: Rubric, item: Evidence, model: learned.LinearModel | None) -> str:
    """Whether the learned judgement had a say, and why not when it had none."""
    if rubric.classifier != "model":
        return "  model: off (classifier: rules), the rubric alone decides"
    if item.kind not in learned.MODELLED_KINDS:
        return (f"  model: not used for a {item.kind.replace('_', ' ')} (it judges pull "
                "requests and commits); the rubric alone decides")
    if model is None:
        return "  model: none shipped in this build; the rubric alone decides"
    trained = f"trained on {model.meta.get('rows', '?')} labelled items"
    if rubric.source != load_rubric().source:
        return f"  model: judges what the rules of your rubric do not claim ({trained})"
    return f"  model: judges what labels, paths and trailers leave open ({trained})"


def side_by_side(score: float, cut: float) -> tuple[str, str]:
    """A score and the cut it is held to, with as many decimals (2 to 4) as it takes to
    tell them apart: "0.59 (claims from 0.59), does not show it" reads as a contradiction;
    "0.5931 (claims from 0.5936)" does not."""
    for digits in (2, 3, 4):
        shown = f"{score:.{digits}f}", f"{cut:.{digits}f}"
        if shown[0] != shown[1]:
            return shown
    return shown

