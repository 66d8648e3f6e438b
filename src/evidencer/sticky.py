"""The one comment evidencer keeps on a pull request, found by its hidden marker, and labels.

Reruns edit that comment; racing runs converge on the oldest; other labels are never touched.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evidencer.github_api import GitHubAPI
from evidencer.github_records import CommentRecord
from evidencer.github_writes import (
    add_labels,
    create_issue_comment,
    create_label,
    delete_issue_comment,
    edit_issue_comment,
    remove_label,
)

MARKER = "<!-- evidencer:pr-comment -->"
# The labels this tool added, kept in its own comment: only those may it remove later.
_STATE = re.compile(r"<!-- evidencer:labels ([^\s<>]*) -->")


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
    """Whose marked comments are ours: the token's login, or any bot when it has none.

    A workflow or app token cannot read its own login; its comments come from a
    ``...[bot]`` account, which people cannot post as.
    """

    login: str | None

    def wrote(self, comment: CommentRecord) -> bool:
        if self.login is not None:
            return comment.user.lower() == self.login.lower()
        return comment.user.endswith("[bot]")


def is_ours(comment: CommentRecord, author: Author) -> bool:
    return comment.body.lstrip().startswith(MARKER) and author.wrote(comment)


def find_comments(api: GitHubAPI, repo: str, number: int, *, author: Author) -> list[CommentRecord]:
    """This tool's comments on the PR, oldest first."""
    comments = api.list_issue_comments(repo, number)
    return sorted((c for c in comments if is_ours(c, author)), key=lambda c: (c.created_at, c.id))


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
        if keep.body != body:
            keep = edit_issue_comment(api, repo, comment_id=keep.id, body=body)
            action = "updated"
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

    A wanted label someone else had already put on stays theirs: it is not recorded as
    ours, so it is never removed by this tool.
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
