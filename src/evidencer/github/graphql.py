"""GitHub's GraphQL API for collection: the query documents evidencer sends, and their
answers parsed into the same records as REST's, so the evidence is the same either way.

Pure: no network and no PyGithub; github_api sends these documents and reads the errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evidencer.github.records import (
    FileRecord,
    IssueHit,
    MalformedResponse,
    PullDetail,
    ReviewRecord,
    SearchPage,
    count_of,
)
from evidencer.github.records import (
    field_int as _int,
)
from evidencer.github.records import (
    field_str as _str,
)
from evidencer.github.records import (
    json_object as _obj,
)
from evidencer.model import Reporter, parse_datetime

PAGE = 100  # GraphQL's `first` limit on every connection
LABELS = 100  # labels and assignees an item brings along (REST search sends them all)
CLOSING = 25  # closingIssuesReferences a PR brings along

_ACTOR = "__typename login"
_FILES = "pageInfo { hasNextPage endCursor } nodes { path additions deletions changeType }"
_REVIEWS = (
    "pageInfo { hasNextPage endCursor } "
    f"nodes {{ databaseId author {{ {_ACTOR} }} state submittedAt body url }}"
)
_COMMON = f"""
    number title body url state createdAt updatedAt closedAt authorAssociation
    author {{ {_ACTOR} }}
    comments {{ totalCount }}
    repository {{ nameWithOwner }}
    labels(first: {LABELS}) {{ nodes {{ name }} }}
    assignees(first: {LABELS}) {{ nodes {{ login }} }}"""

# One page of an issue search with each PR's files or reviews in the same answer.
SEARCH = f"""query EvidencerSearch($q: String!, $first: Int!, $after: String,
    $files: Boolean!, $reviews: Boolean!) {{
  rateLimit {{ cost remaining resetAt }}
  search(query: $q, type: ISSUE, first: $first, after: $after) {{
    issueCount
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      __typename
      ... on Issue {{{_COMMON}
      }}
      ... on PullRequest {{{_COMMON}
        mergedAt isDraft
        mergedBy {{ {_ACTOR} }}
        closingIssuesReferences(first: {CLOSING}) {{
          nodes {{ number closed title authorAssociation author {{ {_ACTOR} }}
            repository {{ nameWithOwner }} }}
        }}
        files(first: {PAGE}) @include(if: $files) {{ {_FILES} }}
        reviews(first: {PAGE}) @include(if: $reviews) {{ {_REVIEWS} }}
      }}
    }}
  }}
}}"""

# The further pages of one PR's files or reviews, for the few PRs with more than a page.
PULL_PAGES = f"""query EvidencerPullPages($owner: String!, $name: String!, $number: Int!,
    $first: Int!, $filesAfter: String, $reviewsAfter: String,
    $files: Boolean!, $reviews: Boolean!) {{
  rateLimit {{ cost remaining resetAt }}
  repository(owner: $owner, name: $name) {{
    pullRequest(number: $number) {{
      files(first: $first, after: $filesAfter) @include(if: $files) {{ {_FILES} }}
      reviews(first: $first, after: $reviewsAfter) @include(if: $reviews) {{ {_REVIEWS} }}
    }}
  }}
}}"""

# GraphQL's changeType, as REST's /pulls/{n}/files names the same change.
_STATUS = {"ADDED": "added", "DELETED": "removed", "MODIFIED": "modified",
           "RENAMED": "renamed", "COPIED": "copied", "CHANGED": "changed"}

# Errors that say the query was too heavy for this page size: ask again with a smaller one.
HEAVY = frozenset({"MAX_NODE_LIMIT_EXCEEDED", "EXCESSIVE_PAGINATION", "TIMEOUT"})


@dataclass(frozen=True)
class Budget:
    """A GraphQL answer's ``rateLimit``: the points it cost, those left, when they reset."""

    cost: int
    remaining: int
    reset_at: float  # epoch seconds


def _when(data: Mapping[str, Any], key: str, *, required: bool = False) -> Any:
    value = data.get(key)
    if not value:
        if required:
            raise MalformedResponse(f"field {key!r} is missing")
        return None
    try:
        return parse_datetime(str(value))
    except ValueError as exc:
        raise MalformedResponse(f"field {key!r} is not a date") from exc


def actor_login(value: Any) -> str:
    """An actor's login as REST names it: a GitHub App's bot is ``name[bot]`` there,
    while GraphQL says ``name`` with ``__typename: Bot``; one identity either way."""
    if not isinstance(value, Mapping):
        return ""
    login = _str(value, "login")
    if login and value.get("__typename") == "Bot" and not login.endswith("[bot]"):
        return f"{login}[bot]"
    return login


def _nodes(value: Any) -> list[Any]:
    nodes = value.get("nodes") if isinstance(value, Mapping) else None
    return [n for n in nodes if n is not None] if isinstance(nodes, list) else []


def _next(connection: Any) -> str | None:
    info = connection.get("pageInfo") if isinstance(connection, Mapping) else None
    if isinstance(info, Mapping) and info.get("hasNextPage"):
        cursor = info.get("endCursor")
        if not isinstance(cursor, str) or not cursor:
            raise MalformedResponse("hasNextPage without an endCursor")
        return cursor
    return None


def parse_budget(data: Any) -> Budget | None:
    limit = data.get("rateLimit") if isinstance(data, Mapping) else None
    if not isinstance(limit, Mapping):
        return None  # GHES with rate limiting off answers null
    reset = _when(limit, "resetAt")
    return Budget(
        cost=int(limit.get("cost") or 0),
        remaining=int(limit.get("remaining") or 0),
        reset_at=reset.timestamp() if reset else 0.0,
    )


def parse_files(connection: Any) -> tuple[tuple[FileRecord, ...], str | None]:
    files = tuple(
        FileRecord(
            filename=_str(node, "path"),
            status=_STATUS.get(_str(node, "changeType"), _str(node, "changeType").lower()),
            additions=_int(node, "additions"),
            deletions=_int(node, "deletions"),
        )
        for node in (_obj(n, "a changed file") for n in _nodes(connection))
    )
    return files, _next(connection)


def parse_reviews(connection: Any) -> tuple[tuple[ReviewRecord, ...], str | None]:
    """Submitted reviews, as REST's timeline lists them (a pending one is no act yet)."""
    reviews = []
    for raw in _nodes(connection):
        node = _obj(raw, "a review")
        state = _str(node, "state")
        submitted = _when(node, "submittedAt")
        if state == "PENDING" or submitted is None:
            continue
        reviews.append(ReviewRecord(
            id=_int(node, "databaseId"),
            user=actor_login(node.get("author")),
            state=state,
            submitted_at=submitted,
            body=_str(node, "body"),
            html_url=_str(node, "url"),
        ))
    return tuple(reviews), _next(connection)


def _repo_name(node: Mapping[str, Any]) -> str:
    repository = node.get("repository")
    name = _str(repository, "nameWithOwner") if isinstance(repository, Mapping) else ""
    if "/" not in name:
        raise MalformedResponse("an item without its repository's nameWithOwner")
    return name


def parse_node(raw: Any) -> IssueHit:
    """An Issue or PullRequest node as the IssueHit REST search would give for it."""
    node = _obj(raw, "a search result")
    is_pull = node.get("__typename") == "PullRequest"
    state = _str(node, "state").lower()
    detail = None
    if is_pull:
        state = "closed" if state == "merged" else state
        files, more_files = (
            parse_files(node["files"]) if isinstance(node.get("files"), Mapping) else (None, None)
        )
        reviews, more_reviews = (
            parse_reviews(node["reviews"])
            if isinstance(node.get("reviews"), Mapping)
            else (None, None)
        )
        refs = [_obj(r, "a closing reference") for r in
                _nodes(node.get("closingIssuesReferences"))]
        linked = [(f"{_repo_name(ref)}#{_int(ref, 'number')}", ref.get("closed") is True)
                  for ref in refs]
        detail = PullDetail(
            files=files, more_files=more_files, reviews=reviews, more_reviews=more_reviews,
            merged_by=actor_login(node.get("mergedBy")) or None,
            closing=tuple(ref for ref, _ in linked),
            closing_closed=frozenset(ref for ref, closed in linked if closed),
            reporters=tuple(
                Reporter(ref=name, login=actor_login(ref.get("author")),
                         association=_str(ref, "authorAssociation") or "NONE",
                         title=_str(ref, "title"))
                for (name, _), ref in zip(linked, refs, strict=True)),
        )
    return IssueHit(
        repo=_repo_name(node),
        number=_int(node, "number"),
        title=_str(node, "title"),
        body=_str(node, "body"),
        html_url=_str(node, "url"),
        state=state,
        user=actor_login(node.get("author")),
        author_association=_str(node, "authorAssociation") or "NONE",
        labels=tuple(_str(n, "name") for n in _nodes(node.get("labels"))),
        assignees=tuple(_str(n, "login") for n in _nodes(node.get("assignees"))),
        created_at=_when(node, "createdAt", required=True),
        updated_at=_when(node, "updatedAt", required=True),
        closed_at=_when(node, "closedAt"),
        comments=count_of(node.get("comments")),
        is_pull=is_pull,
        merged_at=_when(node, "mergedAt") if is_pull else None,
        draft=bool(node.get("isDraft")),
        detail=detail,
    )


def parse_search(data: Any) -> SearchPage:
    """An EvidencerSearch answer's ``data``; ``next_url`` carries the cursor."""
    search = _obj(_obj(data, "a GraphQL answer").get("search"), "search")
    nodes = search.get("nodes")
    if not isinstance(nodes, list):
        raise MalformedResponse("search answer has no 'nodes' list")
    return SearchPage(
        # Search may list other types (a discussion) where a node's fields are not asked.
        hits=tuple(parse_node(n) for n in nodes
                   if isinstance(n, Mapping) and n.get("__typename") in ("Issue", "PullRequest")),
        total_count=_int(search, "issueCount"),
        incomplete=False,
        next_url=_next(search),
    )


def parse_pull_pages(data: Any) -> Mapping[str, Any]:
    """An EvidencerPullPages answer's pull request object (its files and reviews)."""
    repository = _obj(_obj(data, "a GraphQL answer").get("repository"), "repository")
    return _obj(repository.get("pullRequest"), "pullRequest")


@dataclass(frozen=True)
class Problem:
    """What a GraphQL ``errors`` list means for the request loop."""

    kind: str  # not_found | rate_limited | heavy | forbidden | other
    message: str


def missing_field(errors: Sequence[Any]) -> str | None:
    """The field an older server's schema lacks (GHES before closingIssuesReferences...),
    named as ``Type.field``; None when the errors say something else."""
    for entry in errors:
        if not isinstance(entry, Mapping):
            continue
        extensions = entry.get("extensions")
        if isinstance(extensions, Mapping) and extensions.get("code") == "undefinedField":
            return f"{extensions.get('typeName')}.{extensions.get('fieldName')}"
    return None


def classify_errors(errors: Sequence[Any]) -> Problem:
    """The first error that decides what to do: wait, shrink the page, or stop."""
    typed = [(str(e.get("type") or ""), str(e.get("message") or "")) for e in errors
             if isinstance(e, Mapping)] or [("", "no message")]
    for kind, message in typed:
        if kind == "RATE_LIMITED" or "rate limit" in message.lower():
            return Problem("rate_limited", message)
    for kind, message in typed:
        if kind in HEAVY or "timeout" in message.lower() or "timed out" in message.lower():
            return Problem("heavy", f"{kind}: {message}" if kind else message)
    for kind, message in typed:
        if kind == "NOT_FOUND":
            return Problem("not_found", message)
        if kind == "FORBIDDEN":  # an organization's SAML single sign-on, or IP allow list
            return Problem("forbidden", message)
    kind, message = typed[0]
    return Problem("other", f"{kind}: {message}" if kind else message)
