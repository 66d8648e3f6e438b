"""One pull request read through the API and classified with the rubric, linked issues too.

A linked issue counts through the rubric's reporter rules: fixing what an outsider reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evidencer.classify.judge import classify
from evidencer.classify.rubric import Rubric
from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI, GitHubStatusError
from evidencer.github.records import FileRecord, IssueHit, PullRecord, parse_issue, parse_pull
from evidencer.model import Actor, Classified, Evidence, Facts, Reporter
from evidencer.sources.github.items import named_closing, pull_id, reporter

ROLES = ("author",)  # the PR is classified as its author's work


@dataclass(frozen=True)
class LinkedIssue:
    """An issue the PR says it closes, who opened it, and where the comment links it."""

    reporter: Reporter  # with the issue's labels, which the bot reads
    url: str


@dataclass(frozen=True)
class PullFacts:
    """What the API says about the PR; ``labels`` are all it has, this tool's included.

    ``notes`` name linked issues that could not be read.
    """

    evidence: Evidence
    labels: tuple[str, ...]
    head_repo: str | None
    linked: tuple[LinkedIssue, ...]
    notes: tuple[str, ...] = ()


def read_pull(
    api: GitHubAPI, repo: str, number: int, *, own_labels: Collection[str] = ()
) -> PullFacts:
    """The PR, its changed files and linked issues; ``own_labels`` are left out of its labels.

    Those are the competency labels this tool writes: classifying them would feed it back in.
    """
    what = f"GET /repos/{repo}/pulls/{number}"
    try:
        _, data = api.get_json(f"/repos/{repo}/pulls/{number}", what=what, repo=repo)
    except GitHubStatusError as exc:
        if exc.status != 404:
            raise
        raise GitHubError(  # GitHub says 404 for a missing number as for a missing repo
            f"{repo}#{number}: no such pull request, or the token cannot read it (404 Not "
            "Found); check the pull request number and the token's access"
        ) from exc
    record = api.parsed(parse_pull, data, what)
    files = api.list_pull_files(repo, number)
    linked, notes = _read_linked(api, record)
    return PullFacts(
        evidence=pull_evidence(record, files, own_labels=own_labels, linked=linked),
        labels=record.labels,
        head_repo=_head_repo(data),
        linked=tuple(linked),
        notes=tuple(notes),
    )


def pull_evidence(
    record: PullRecord, files: Sequence[FileRecord], *, own_labels: Collection[str] = (),
    linked: Sequence[LinkedIssue] | None = None,
) -> Evidence:
    """``linked``: the issues it closes that could be read, with who opened them (else
    what its body names)."""
    own = {label.lower() for label in own_labels}
    labels = tuple(label for label in record.labels if label.lower() not in own)
    return Evidence(
        id=pull_id(record.repo, record.number),
        kind="pull_request",
        repo=record.repo,
        title=record.title,
        date=record.merged_at or record.created_at,
        actors=(Actor(role="author", login=record.user),),
        url=record.html_url or None,
        body=record.body,
        labels=labels,
        paths=tuple(f.filename for f in files),
        additions=sum(f.additions for f in files),
        deletions=sum(f.deletions for f in files),
        author_association=record.author_association,
        number=record.number,
        sources=("github",),
        facts=Facts(
            state=record.state,
            linked_issues=tuple(named_closing(record.title, record.body, record.repo,
                                              record.number) if linked is None
                                else (issue.reporter.ref for issue in linked)),
            reporters=None if linked is None else tuple(i.reporter for i in linked),
        ),
    )


def _head_repo(data: Any) -> str | None:
    head = data.get("head") if isinstance(data, Mapping) else None
    repo = head.get("repo") if isinstance(head, Mapping) else None
    name = repo.get("full_name") if isinstance(repo, Mapping) else None
    return name if isinstance(name, str) else None


def _read_linked(api: GitHubAPI, record: PullRecord) -> tuple[list[LinkedIssue], list[str]]:
    found: list[LinkedIssue] = []
    notes: list[str] = []
    for ref in named_closing(record.title, record.body, record.repo, record.number):
        repo, _, number = ref.rpartition("#")
        path = f"/repos/{repo}/issues/{number}"
        try:
            _, data = api.get_json(path, what=f"GET {path}", repo=repo)
        except GitHubStatusError as exc:
            if exc.status not in (403, 404, 410):
                raise
            notes.append(f"linked issue {ref} could not be read ({exc.status}); left out")
            continue
        hit: IssueHit = api.parsed(parse_issue, data, f"GET {path}")
        if hit.is_pull:  # "Fixes #12" naming a pull request is no user's report
            continue
        opened = dataclasses.replace(reporter(ref, hit), labels=hit.labels)
        found.append(LinkedIssue(reporter=opened, url=hit.html_url))
    return found, notes


def classify_pull(facts: PullFacts, rubric: Rubric) -> Classified:
    """The rubric's verdict on the PR, with credit from the issues it closes (the rules
    about who opened an item judge each, classify.judge.classify); routine upkeep still
    vetoes every competency."""
    return classify(facts.evidence, rubric, roles=ROLES)
