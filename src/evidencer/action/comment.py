"""The PR bot: classify one pull request, keep its sticky comment and labels up to date.

A read-only token on a fork's PR is no failure: the result goes to the job summary instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from evidencer.action.env import BODY_LIMIT, append_summary, fit_chars, write_outputs
from evidencer.action.event import PullTarget, resolve_target
from evidencer.action.pull import PullFacts, classify_pull, read_pull
from evidencer.action.sticky import (
    MARKER,
    Author,
    LabelPlan,
    LabelSpec,
    apply_labels,
    delete_comments,
    find_comments,
    labels_added_by,
    plan_labels,
    running_author,
    state_line,
    upsert_comment,
)
from evidencer.classify.rubric import Rubric, load_rubric
from evidencer.config import PrCommentSettings, Settings
from evidencer.errors import EvidencerError
from evidencer.flow.plan import GitHubPlan, github_plan
from evidencer.github.api import GitHubAPI, GitHubStatusError, resolve_token
from evidencer.github.records import CommentRecord
from evidencer.model import Classified
from evidencer.render.jinja import render
from evidencer.render.mdsafe import escape_inline
from evidencer.report.build import why_by_competency

FORK_NOTICE = (
    "This pull request comes from a fork, and GitHub gives `pull_request` workflows from "
    "forks a read-only token, so evidencer could not comment or label; its result is in "
    "this job summary. To comment on fork pull requests, trigger the workflow on "
    "`pull_request_target`: evidencer reads the pull request through the API and never "
    "checks out or runs its code."
)
_COLORS = ("1d76db", "0e8a16", "d93f0b", "5319e7", "fbca04", "006b75", "b60205")


@dataclass(frozen=True)
class PrCommentOptions:
    """What to do, from the command line and the config's ``pr_comment`` section."""

    repo: str | None = None
    number: int | None = None
    dry_run: bool = False
    settings: PrCommentSettings = field(default_factory=PrCommentSettings)
    rubric: Path | None = None
    classifier: str = "model"
    github: GitHubPlan | None = None  # the API root and waits; None: the defaults


@dataclass(frozen=True)
class PrCommentResult:
    """What happened. ``comment_action``: created, updated, unchanged, deleted, skipped,
    dry-run, or refused (a read-only token on a fork: the summary has the result)."""

    target: PullTarget
    body: str | None
    competencies: tuple[str, ...]
    labels: LabelPlan
    comment_action: str
    comment_url: str | None = None
    summary_path: Path | None = None
    notices: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def label_name(prefix: str, competency_id: str) -> str:
    return f"{prefix}{competency_id}"


def run_pr_comment(options: PrCommentOptions, *, env: Mapping[str, str]) -> PrCommentResult:
    """Read the PR through the API, classify it, and write (or, dry, only plan) the result."""
    target = resolve_target(env, repo=options.repo, number=options.number)
    rubric = load_rubric(options.rubric, classifier=options.classifier)
    github = options.github or github_plan(Settings(), env)
    token = resolve_token(env, api_url=github.api_url)
    if token is None and not options.dry_run:
        raise EvidencerError(
            "pr-comment needs a token to comment: set GITHUB_TOKEN or GH_TOKEN (the action "
            "passes the workflow's token), or pass --dry-run to only print the result"
        )
    settings = options.settings
    with GitHubAPI(
        base_url=github.api_url, token=token, max_wait=github.max_wait, timeout=github.timeout
    ) as api:
        own = [label_name(settings.label_prefix, c.id) for c in rubric.competencies]
        facts = read_pull(api, target.repo, target.number, own_labels=own)
        if target.fork is None:
            fork = facts.head_repo is None or facts.head_repo.lower() != target.repo.lower()
            target = PullTarget(target.repo, target.number, target.event, fork)
        classified = classify_pull(facts, rubric)
        author = running_author(api.login(), env)
        existing = find_comments(api, target.repo, target.number, author=author)
        plan = _plan(
            api, target, classified=classified, facts=facts, settings=settings,
            author=author, rubric=rubric,
        )
        skip = settings.only_when_matched and not classified.matches
        body = None if skip else compose(classified, facts, rubric, plan, settings)
        competencies = tuple(m.competency for m in classified.matches)
        result = PrCommentResult(
            target=target, body=body, competencies=competencies, labels=plan,
            comment_action="dry-run", warnings=facts.notes,
        )
        if options.dry_run:
            return result
        try:
            result = _write(api, result, existing, _specs(rubric, settings.label_prefix))
        except GitHubStatusError as exc:
            if exc.status != 403:
                raise
            # Only a fork's `pull_request` run has a read-only token by design.
            if not target.fork or target.event == "pull_request_target":
                raise EvidencerError(
                    f"GitHub refused to comment on or label {target.repo}#{target.number} "
                    "(403): give the job `permissions: pull-requests: write` and "
                    "`issues: write`"
                ) from exc
            result = _refused(result)
    return _summarise(result, env)


def _plan(
    api: GitHubAPI,
    target: PullTarget,
    *,
    classified: Classified,
    facts: PullFacts,
    settings: PrCommentSettings,
    author: Author,
    rubric: Rubric,
) -> LabelPlan:
    if not settings.labels:
        return LabelPlan()
    wanted = [label_name(settings.label_prefix, m.competency) for m in classified.matches]
    # Only a label of this tool's own names, that the timeline says this run's author
    # put on, can be ours: never a comment's record (anyone can write one), never a
    # label like "bug" that the same person (a personal token) added by hand.
    own = {label_name(settings.label_prefix, c.id).lower() for c in rubric.competencies}
    previous: Sequence[str] = ()
    if any(name.lower() in own for name in facts.labels):  # else nothing to ask about
        events = api.list_label_events(target.repo, target.number)
        previous = [name for name in labels_added_by(events, author) if name.lower() in own]
    return plan_labels(wanted=wanted, current=facts.labels, previous=previous)


def compose(
    classified: Classified,
    facts: PullFacts,
    rubric: Rubric,
    plan: LabelPlan,
    settings: PrCommentSettings,
) -> str:
    """The comment: the template's text, the marker first, the label record last."""
    item = facts.evidence
    names = {c.id: c.name for c in rubric.competencies}
    own = {label_name(settings.label_prefix, c.id) for c in rubric.competencies}
    labels = [label for label in facts.labels if label not in plan.remove]
    labels += [label for label in plan.add if label not in labels]
    why = why_by_competency(classified, rubric, outside_reports=item.user_reports())
    context = {
        "pr": {
            "repo": item.repo, "number": item.number, "title": item.title,
            "url": item.url, "author": item.actors[0].login if item.actors else "",
        },
        "competencies": [
            {
                "id": m.competency, "name": names.get(m.competency, m.competency),
                "score": m.score, "reasons": list(m.reasons), "why": why[m.competency],
                "label": label_name(settings.label_prefix, m.competency),
            }
            for m in classified.matches
        ],
        "matched": bool(classified.matches),
        "impact": list(classified.impact),
        "routine": list(classified.routine),
        "linked": [
            {"ref": i.reporter.ref, "url": i.url, "title": i.reporter.title,
             "association": i.reporter.association}
            for i in facts.linked
        ],
        "labels": [label for label in labels if label in own] if settings.labels else [],
        "rubric": {"name": rubric.name},
    }
    text = render(settings.template, context, default="pr-comment").strip("\n")
    if not text.lstrip().startswith(MARKER):
        text = f"{MARKER}\n{text}"
    state = state_line(plan.ours)
    note = "_(cut to fit GitHub's limit on comment length)_"
    return fit_chars(text, BODY_LIMIT - len(state) - 1, note=note).text.rstrip("\n") + (
        f"\n{state}\n"
    )


def _specs(rubric: Rubric, prefix: str) -> list[LabelSpec]:
    return [
        LabelSpec(
            name=label_name(prefix, c.id),
            color=_COLORS[index % len(_COLORS)],
            description=f"{c.name}: evidence found by evidencer"[:100],
        )
        for index, c in enumerate(rubric.competencies)
    ]


def _write(
    api: GitHubAPI,
    result: PrCommentResult,
    comments: Sequence[CommentRecord],
    specs: list[LabelSpec],
) -> PrCommentResult:
    target = result.target
    if result.body is None:
        deleted = delete_comments(api, target.repo, comments)
        result = replace(result, comment_action="deleted" if deleted else "skipped")
    else:
        done = upsert_comment(api, target.repo, target.number, result.body, existing=comments)
        result = replace(result, comment_action=done.action, comment_url=done.url)
    if not result.labels.empty:
        apply_labels(api, target.repo, target.number, result.labels, specs=specs)
    return result


def _refused(result: PrCommentResult) -> PrCommentResult:
    return replace(result, comment_action="refused", comment_url=None, notices=(FORK_NOTICE,))


def _summarise(result: PrCommentResult, env: Mapping[str, str]) -> PrCommentResult:
    """The result in the job summary (the notice first when it could not be written)."""
    parts = [f"> [!NOTE]\n> {notice}" for notice in result.notices]
    if result.body is not None:
        parts.append(result.body)
    elif result.comment_action in ("deleted", "skipped"):
        parts.append("evidencer: no product competency found; no comment (--only-when-matched).")
    if result.labels.add or result.labels.remove:
        changes = [f"{escape_inline(name)} added" for name in result.labels.add]
        changes += [f"{escape_inline(name)} removed" for name in result.labels.remove]
        verb = "Labels (not applied)" if result.comment_action == "refused" else "Labels"
        parts.append(f"{verb}: " + ", ".join(changes))
    written = append_summary(env, "\n\n".join(parts) + "\n", note="_(cut to fit)_")
    return replace(result, summary_path=written[0] if written else None)


def outputs(result: PrCommentResult) -> dict[str, str]:
    return {
        "competencies": ",".join(result.competencies),
        "comment-url": result.comment_url or "",
        "summary-path": str(result.summary_path or ""),
    }


def set_outputs(result: PrCommentResult, env: Mapping[str, str]) -> Path | None:
    return write_outputs(env, outputs(result))
