"""The one comment evidencer keeps on a pull request, and the labels it put on.

Reruns edit that comment (its author and whole shape, never its text alone, make it ours);
racing runs converge on the oldest; a label goes only if the timeline says we added it.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from evidencer.github.api import GitHubAPI, GitHubStatusError
from evidencer.github.records import CommentRecord, IssueHit, LabelEvent
from evidencer.github.writes import (
    add_labels,
    create_issue_comment,
    create_label,
    delete_issue_comment,
    edit_issue_comment,
    remove_label,
)

MARKER = "<!-- evidencer:pr-comment -->"
# The labels this tool added, kept in its own comment's last line. A record, never a
# proof: anyone who can comment can write one. Removal asks the PR's timeline instead.
_STATE = re.compile(r"<!-- evidencer:labels ([^\s<>]*) -->")
_STATE_LAST = re.compile(r"\n<!-- evidencer:labels [^\s<>]* -->\s*\Z")
# Who writes with a workflow's GITHUB_TOKEN, which cannot read its own login (GET /user).
WORKFLOW_BOT = "github-actions[bot]"
# The bot an app's installation token writes as ("my-app[bot]"): such a token cannot
# read its own login either, and is not the workflow's github-actions[bot].
BOT_LOGIN_VARIABLE = "EVIDENCER_BOT_LOGIN"


def state_line(labels: Iterable[str]) -> str:
    names = ",".join(urllib.parse.quote(name, safe="") for name in sorted(set(labels)))
    return f"<!-- evidencer:labels {names} -->"


def labels_in(body: str) -> tuple[str, ...]:
    """The labels a comment of ours says it added (none when it says nothing).

    The record is the comment's last line; only the last one counts, whatever came before.
    """
    found = _STATE.findall(body)
    if not found or not found[-1]:
        return ()
    return tuple(urllib.parse.unquote(part) for part in found[-1].split(",") if part)


@dataclass(frozen=True)
class Author:
    """Who this run writes as: whose comments (and report issue) it may edit, whose
    labels it may remove.

    Known, never read from a comment: the token's login when GET /user answers, else the
    bot a workflow token writes as (``github-actions[bot]``, or an app's ``<slug>[bot]``
    when the run is told so). Every other account, bots included, is someone else.
    """

    login: str

    def is_login(self, login: str) -> bool:
        return login.lower() == self.login.lower()

    def wrote(self, written: CommentRecord | IssueHit) -> bool:
        return self.is_login(written.user)


def running_author(login: str | None, env: Mapping[str, str]) -> Author:
    """Who this run writes as. The token's login when GET /user answers (a personal
    token, gh's); else the bot named in EVIDENCER_BOT_LOGIN (an app's token); else the
    workflow's GITHUB_TOKEN bot. Never GITHUB_ACTOR: that is the person who triggered
    the run, not the account the token writes as."""
    if login:
        return Author(login)
    named = env.get(BOT_LOGIN_VARIABLE, "").strip()
    return Author(named or WORKFLOW_BOT)


def has_structure(body: str) -> bool:
    """Evidencer's whole shape: the marker first, the label record as the last line."""
    return body.lstrip().startswith(MARKER) and _STATE_LAST.search(body) is not None


def is_ours(comment: CommentRecord, author: Author) -> bool:
    return author.wrote(comment) and has_structure(comment.body)


def labels_added_by(events: Iterable[LabelEvent], author: Author) -> tuple[str, ...]:
    """Labels whose latest timeline event is ``author`` putting them on: the only ones it
    may take off. One a person added, or re-added after this tool, stays theirs."""
    latest: dict[str, LabelEvent] = {}
    for event in events:
        latest[event.label.lower()] = event
    return tuple(e.label for e in latest.values() if e.added and author.is_login(e.actor))


def find_comments(api: GitHubAPI, repo: str, number: int, *, author: Author) -> list[CommentRecord]:
    """This tool's comments on the PR, oldest first."""
    comments = api.list_issue_comments(repo, number)
    # By id: GitHub's pages can list a comment twice when comments arrive between two
    # page reads, and a comment listed twice must not be deleted as its own duplicate.
    ours = {c.id: c for c in comments if is_ours(c, author)}
    return sorted(ours.values(), key=lambda c: (c.created_at, c.id))


@dataclass(frozen=True)
class Upserted:
    action: str  # created | updated | unchanged
    url: str
    duplicates_removed: int = 0


def upsert_comment(
    api: GitHubAPI,
    repo: str,
    number: int,
    body: str,
    *,
    existing: Sequence[CommentRecord],
) -> Upserted:
    """Edit the oldest of ``existing`` (deleting the rest), or create the comment.

    After creating, the comments are listed again: a run racing this one may have
    created its own. Every run keeps the oldest and deletes the others, so racing
    runs agree and one comment remains, holding the newest text.
    """
    if existing:
        keep, *extra = existing
        action = "unchanged"
        try:
            if keep.body != body:
                keep = edit_issue_comment(api, repo, comment_id=keep.id, body=body)
                action = "updated"
        except GitHubStatusError as exc:
            if exc.status != 404:
                raise  # else deleted since it was listed: it is written again below
        else:
            for duplicate in extra:
                delete_issue_comment(api, repo, duplicate.id)
            return Upserted(action, keep.html_url, len(extra))
    created = create_issue_comment(api, repo, number=number, body=body)
    mine = find_comments(api, repo, number, author=Author(created.user))
    if not mine:  # not listed yet: ours is the only one we know of
        return Upserted("created", created.html_url)
    keep, *extra = mine
    for duplicate in extra:
        delete_issue_comment(api, repo, duplicate.id)
    if keep.id == created.id:
        return Upserted("created", keep.html_url, len(extra))
    if keep.body != body:
        keep = edit_issue_comment(api, repo, comment_id=keep.id, body=body)
    return Upserted("updated", keep.html_url, len(extra))


def delete_comments(api: GitHubAPI, repo: str, comments: Iterable[CommentRecord]) -> int:
    count = 0
    for comment in comments:
        delete_issue_comment(api, repo, comment.id)
        count += 1
    return count


@dataclass(frozen=True)
class LabelSpec:
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class LabelPlan:
    """Labels to add and remove, and those the new comment records as this tool's."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    ours: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.add or self.remove)


def plan_labels(
    *, wanted: Sequence[str], current: Sequence[str], previous: Sequence[str]
) -> LabelPlan:
    """Add what is wanted and missing; remove only what this tool added and is not wanted.

    ``previous``: the labels the PR's timeline says this run's author put on
    (``labels_added_by``). A wanted label someone else had already put on stays theirs:
    it is not recorded as ours, and the timeline never names us, so it is never removed.
    """
    have = {name.lower() for name in current}
    was_ours = {name.lower() for name in previous}
    want = {name.lower() for name in wanted}
    add = tuple(name for name in wanted if name.lower() not in have)
    remove = tuple(
        name for name in current if name.lower() in was_ours and name.lower() not in want
    )
    added = {name.lower() for name in add}
    ours = tuple(name for name in wanted if name.lower() in was_ours | added)
    return LabelPlan(add=add, remove=remove, ours=ours)


def apply_labels(
    api: GitHubAPI, repo: str, number: int, plan: LabelPlan, *, specs: Sequence[LabelSpec]
) -> None:
    """Create missing repository labels, then add and remove on the PR."""
    if plan.add:
        known = {label.name.lower() for label in api.list_labels(repo)}
        by_name = {spec.name.lower(): spec for spec in specs}
        for name in plan.add:
            spec = by_name.get(name.lower())
            if name.lower() not in known and spec is not None:
                create_label(
                    api, repo, name=spec.name, color=spec.color, description=spec.description
                )
        add_labels(api, repo, number=number, labels=plan.add)
    for name in plan.remove:
        remove_label(api, repo, number=number, label=name)
