"""Plain records for what the GitHub REST API answers, parsed from its JSON shapes.

Pure: no network and no PyGithub, so sources and the PR bot can share these types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from evidencer.model import Reporter, parse_datetime


class MalformedResponse(ValueError):
    """A JSON answer without the fields GitHub documents for it."""


@dataclass(frozen=True)
class PullDetail:
    """What a GraphQL search answers about a PR besides the hit: its nested connections.

    ``files`` or ``reviews`` is None when not asked for; ``more_files``/``more_reviews``
    hold the cursor to go on from when the PR has more than one page of them.
    """

    files: tuple[FileRecord, ...] | None = None
    more_files: str | None = None
    reviews: tuple[ReviewRecord, ...] | None = None
    more_reviews: str | None = None
    merged_by: str | None = None
    closing: tuple[str, ...] = ()  # closingIssuesReferences, as owner/repo#n
    closing_closed: frozenset[str] = frozenset()  # those of them that are closed now
    reporters: tuple[Reporter, ...] = ()  # who opened each of them


@dataclass(frozen=True)
class IssueHit:
    """One issue or pull request as search and GET /issues/{n} return it.

    ``detail``: what a GraphQL search brought along (None from REST).
    """

    repo: str
    number: int
    title: str
    body: str
    html_url: str
    state: str
    user: str
    author_association: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    is_pull: bool
    merged_at: dt.datetime | None
    draft: bool
    detail: PullDetail | None = None
    comments: int = 0  # conversation comments: how much discussion it drew


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[IssueHit, ...]
    total_count: int
    incomplete: bool
    next_url: str | None


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    user: str
    state: str
    submitted_at: dt.datetime | None
    body: str
    html_url: str


@dataclass(frozen=True)
class Timeline:
    """What a pull request's timeline tells collection: its reviews and who merged it."""

    reviews: tuple[ReviewRecord, ...]
    merged_by: str | None


@dataclass(frozen=True)
class LabelEvent:
    """A label put on (``labeled``) or taken off (``unlabeled``) an issue or PR, and by
    whom: GitHub records the actor, so unlike a comment's text it cannot be forged."""

    label: str
    actor: str
    added: bool


@dataclass(frozen=True)
class FileRecord:
    filename: str
    status: str
    additions: int
    deletions: int


@dataclass(frozen=True)
class CommentRecord:
    id: int
    user: str
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime
    html_url: str
    author_association: str


@dataclass(frozen=True)
class LabelRecord:
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class PullRecord:
    """GET /repos/{o}/{r}/pulls/{n}, with the changed files when they were asked for."""

    repo: str
    number: int
    title: str
    body: str
    html_url: str
    state: str
    user: str
    author_association: str
    labels: tuple[str, ...]
    draft: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    merged_at: dt.datetime | None
    merge_commit_sha: str | None
    merged_by: str | None
    head_sha: str
    base_ref: str
    additions: int
    deletions: int
    changed_files: int
    files: tuple[FileRecord, ...] = ()


def json_object(data: Any, what: str) -> Mapping[str, Any]:
    """``data`` when it is a JSON object, else the malformed-answer error (REST and GraphQL)."""
    if not isinstance(data, Mapping):
        raise MalformedResponse(f"expected a JSON object for {what}")
    return data


def field_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def field_int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedResponse(f"field {key!r} is not a number")
    return value


def _when(data: Mapping[str, Any], key: str) -> dt.datetime | None:
    value = data.get(key)
    if not value:
        return None
    try:
        return parse_datetime(str(value))
    except ValueError as exc:
        raise MalformedResponse(f"field {key!r} is not a date") from exc


def _required_when(data: Mapping[str, Any], key: str) -> dt.datetime:
    value = _when(data, key)
    if value is None:
        raise MalformedResponse(f"field {key!r} is missing")
    return value


def _sub(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _login(value: Any) -> str:
    return field_str(value, "login") if isinstance(value, Mapping) else ""


def _labels(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(field_str(v, "name") if isinstance(v, Mapping) else str(v) for v in value)


def repo_of(url: str) -> str:
    """``.../repos/{owner}/{repo}`` (any API root) -> ``owner/repo``."""
    _, sep, tail = url.rpartition("/repos/")
    parts = tail.split("/")
    if not sep or len(parts) < 2:
        raise MalformedResponse(f"not a repository URL: {url}")
    return f"{parts[0]}/{parts[1]}"


def parse_issue(data: Any) -> IssueHit:
    item = json_object(data, "an issue")
    pull = item.get("pull_request")
    return IssueHit(
        repo=repo_of(field_str(item, "repository_url")),
        number=field_int(item, "number"),
        title=field_str(item, "title"),
        body=field_str(item, "body"),
        html_url=field_str(item, "html_url"),
        state=field_str(item, "state"),
        user=_login(item.get("user")),
        author_association=field_str(item, "author_association") or "NONE",
        labels=_labels(item.get("labels")),
        assignees=tuple(_login(a) for a in item.get("assignees") or ()),
        created_at=_required_when(item, "created_at"),
        updated_at=_required_when(item, "updated_at"),
        closed_at=_when(item, "closed_at"),
        is_pull=isinstance(pull, Mapping),
        merged_at=_when(pull, "merged_at") if isinstance(pull, Mapping) else None,
        draft=bool(item.get("draft")),
        comments=count_of(item.get("comments")),
    )


def count_of(value: Any) -> int:
    """A count GitHub gives (REST's ``comments``, GraphQL's ``totalCount``); 0 if absent."""
    if isinstance(value, Mapping):
        value = value.get("totalCount")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def parse_search_page(data: Any, next_url: str | None) -> SearchPage:
    body = json_object(data, "a search answer")
    items = body.get("items")
    if not isinstance(items, list):
        raise MalformedResponse("search answer has no 'items' list")
    return SearchPage(
        hits=tuple(parse_issue(item) for item in items),
        total_count=field_int(body, "total_count"),
        incomplete=bool(body.get("incomplete_results")),
        next_url=next_url,
    )


def parse_review(data: Any) -> ReviewRecord:
    item = json_object(data, "a review")
    return ReviewRecord(
        id=field_int(item, "id"),
        user=_login(item.get("user")),
        state=field_str(item, "state"),
        submitted_at=_when(item, "submitted_at"),
        body=field_str(item, "body"),
        html_url=field_str(item, "html_url"),
    )


def parse_timeline(events: Any) -> Timeline:
    """GET /issues/{n}/timeline: ``reviewed`` events (states lowercase there) and ``merged``.

    Other events (commits, comments, labels...) are skipped; a review is as
    GET /pulls/{n}/reviews would give it, its state upper case.
    """
    if not isinstance(events, list):
        raise MalformedResponse("a timeline is a JSON list")
    reviews: list[ReviewRecord] = []
    merged_by: str | None = None
    for raw in events:
        event = json_object(raw, "a timeline event")
        kind = event.get("event")
        if kind == "reviewed":
            review = parse_review(event)
            reviews.append(ReviewRecord(
                review.id, review.user, review.state.upper(), review.submitted_at,
                review.body, review.html_url,
            ))
        elif kind == "merged":
            merged_by = _login(event.get("actor")) or None
    return Timeline(tuple(reviews), merged_by)


def parse_label_events(events: Any) -> tuple[LabelEvent, ...]:
    """GET /issues/{n}/timeline: its ``labeled`` and ``unlabeled`` events, oldest first."""
    if not isinstance(events, list):
        raise MalformedResponse("a timeline is a JSON list")
    found: list[LabelEvent] = []
    for raw in events:
        event = json_object(raw, "a timeline event")
        kind = event.get("event")
        if kind in ("labeled", "unlabeled"):
            name = field_str(_sub(event, "label"), "name")
            if not name:
                raise MalformedResponse(f"a {kind} event names no label")
            found.append(LabelEvent(name, _login(event.get("actor")), kind == "labeled"))
    return tuple(found)


def parse_file(data: Any) -> FileRecord:
    item = json_object(data, "a changed file")
    return FileRecord(
        filename=field_str(item, "filename"),
        status=field_str(item, "status"),
        additions=field_int(item, "additions"),
        deletions=field_int(item, "deletions"),
    )


def parse_comment(data: Any) -> CommentRecord:
    item = json_object(data, "a comment")
    return CommentRecord(
        id=field_int(item, "id"),
        user=_login(item.get("user")),
        body=field_str(item, "body"),
        created_at=_required_when(item, "created_at"),
        updated_at=_required_when(item, "updated_at"),
        html_url=field_str(item, "html_url"),
        author_association=field_str(item, "author_association") or "NONE",
    )


def parse_label(data: Any) -> LabelRecord:
    item = json_object(data, "a label")
    return LabelRecord(
        field_str(item, "name"), field_str(item, "color"), field_str(item, "description")
    )


def parse_pull(data: Any, files: tuple[FileRecord, ...] = ()) -> PullRecord:
    item = json_object(data, "a pull request")
    base, head = _sub(item, "base"), _sub(item, "head")
    repo = _sub(base, "repo")
    return PullRecord(
        repo=field_str(repo, "full_name")
        or repo_of(field_str(item, "url").rsplit("/pulls/", 1)[0]),
        number=field_int(item, "number"),
        title=field_str(item, "title"),
        body=field_str(item, "body"),
        html_url=field_str(item, "html_url"),
        state=field_str(item, "state"),
        user=_login(item.get("user")),
        author_association=field_str(item, "author_association") or "NONE",
        labels=_labels(item.get("labels")),
        draft=bool(item.get("draft")),
        created_at=_required_when(item, "created_at"),
        updated_at=_required_when(item, "updated_at"),
        merged_at=_when(item, "merged_at"),
        merge_commit_sha=field_str(item, "merge_commit_sha") or None,
        merged_by=_login(item.get("merged_by")) or None,
        head_sha=field_str(head, "sha"),
        base_ref=field_str(base, "ref"),
        additions=int(item.get("additions") or 0),
        deletions=int(item.get("deletions") or 0),
        changed_files=int(item.get("changed_files") or 0),
        files=files,
    )
