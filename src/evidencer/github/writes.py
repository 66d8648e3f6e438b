"""The few writes evidencer makes (the PR bot, the report issue): comments, labels, issues.

Thin calls through GitHubAPI.request; a comment POST is never repeated once sent.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

from evidencer.github.api import GitHubAPI
from evidencer.github.failures import GitHubStatusError
from evidencer.github.records import (
    CommentRecord,
    IssueHit,
    parse_comment,
    parse_issue,
    parse_label,
)


def create_issue_comment(api: GitHubAPI, repo: str, *, number: int, body: str) -> CommentRecord:
    """POST a comment on an issue or PR. On doubt it fails rather than posts twice."""
    path = f"/repos/{repo}/issues/{number}/comments"
    _, data = api.request("POST", path, what=f"POST {path}", repo=repo, body={"body": body})
    return api.parsed(parse_comment, data, f"POST {path}", sent=True)


def edit_issue_comment(api: GitHubAPI, repo: str, *, comment_id: int, body: str) -> CommentRecord:
    path = f"/repos/{repo}/issues/comments/{comment_id}"
    _, data = api.request("PATCH", path, what=f"PATCH {path}", repo=repo, body={"body": body})
    return api.parsed(parse_comment, data, f"PATCH {path}")


def delete_issue_comment(api: GitHubAPI, repo: str, comment_id: int) -> None:
    """Delete a comment; one already gone is not an error."""
    path = f"/repos/{repo}/issues/comments/{comment_id}"
    try:
        api.request("DELETE", path, what=f"DELETE {path}")
    except GitHubStatusError as exc:
        if exc.status != 404:
            raise


def add_labels(api: GitHubAPI, repo: str, *, number: int, labels: Sequence[str]) -> tuple[str, ...]:
    """Add labels to an issue or PR and return all it now has. Repeating is harmless."""
    path = f"/repos/{repo}/issues/{number}/labels"
    _, data = api.request(
        "POST", path, what=f"POST {path}", repo=repo, body={"labels": list(labels)}, idempotent=True
    )
    if not isinstance(data, list):
        raise api.malformed(f"POST {path}")
    return tuple(api.parsed(parse_label, item, f"POST {path}").name for item in data)


def remove_label(api: GitHubAPI, repo: str, *, number: int, label: str) -> None:
    """Remove one label from an issue or PR; a label that is not there is not an error."""
    path = f"/repos/{repo}/issues/{number}/labels/{urllib.parse.quote(label, safe='')}"
    try:
        api.request("DELETE", path, what=f"DELETE {path}")
    except GitHubStatusError as exc:
        if exc.status != 404:
            raise


def create_label(
    api: GitHubAPI, repo: str, *, name: str, color: str, description: str = ""
) -> None:
    """Create a repository label; one that already exists is left as it is."""
    path = f"/repos/{repo}/labels"
    body = {"name": name, "color": color.lstrip("#"), "description": description}
    try:
        api.request("POST", path, what=f"POST {path}", repo=repo, body=body)
    except GitHubStatusError as exc:
        if exc.status != 422 or "already_exists" not in str(exc):
            raise


def list_issues(
    api: GitHubAPI, repo: str, *, labels: str | None = None, state: str = "all"
) -> list[IssueHit]:
    """Issues (not pull requests) of a repository, filtered by label names (comma list)."""
    path = f"/repos/{repo}/issues"
    params = {"state": state, "sort": "created", "direction": "asc"}
    if labels:
        params["labels"] = labels
    found: list[IssueHit] = []
    for page in api.iter_list(path, what=f"GET {path}", repo=repo, params=params):
        for item in page:
            hit = api.parsed(parse_issue, item, f"GET {path}")
            if not hit.is_pull:
                found.append(hit)
    return found


def create_issue(
    api: GitHubAPI, repo: str, *, title: str, body: str, labels: Sequence[str] = ()
) -> IssueHit:
    """POST an issue. Like a comment, it is never sent twice on doubt."""
    path = f"/repos/{repo}/issues"
    payload = {"title": title, "body": body, "labels": list(labels)}
    _, data = api.request("POST", path, what=f"POST {path}", repo=repo, body=payload)
    return api.parsed(parse_issue, data, f"POST {path}", sent=True)


def edit_issue(api: GitHubAPI, repo: str, *, number: int, title: str, body: str) -> IssueHit:
    path = f"/repos/{repo}/issues/{number}"
    payload = {"title": title, "body": body}
    _, data = api.request("PATCH", path, what=f"PATCH {path}", repo=repo, body=payload)
    return api.parsed(parse_issue, data, f"PATCH {path}")
