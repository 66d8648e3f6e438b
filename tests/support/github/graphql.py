"""The fake GitHub server's GraphQL endpoint (POST /graphql; /api/graphql under /api/v3).

No general GraphQL parser: it knows the documents evidencer sends by operation name, reads
their variables and answers in GitHub's documented schema shapes (search, repository,
pullRequest and their connections) from the same GitHubData as the REST side, with
cursors, ``first`` limits, ``rateLimit`` points and ``errors`` answered with status 200.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request

from tests.support.github.data import GitHubData, Issue, SearchError, sort_issues, ts
from tests.support.github.endpoints import ApiError

GRAPHQL = "/graphql"
FIRST_LIMIT = 100
SEARCH_CAP = 1000
NESTED = 3  # labels, assignees and closingIssuesReferences under every search result
RATE_LIMITED = "API rate limit exceeded for user ID 1."
TIMEOUT = (
    "Something went wrong while executing your query. This may be the result of a timeout, "
    "or it could be a GitHub bug. Please include `0000:1111` when reporting this issue."
)
# What GitHub says for each error type a fault may inject.
MESSAGES = {
    "RATE_LIMITED": RATE_LIMITED,
    "MAX_NODE_LIMIT_EXCEEDED": "This query requests up to 510,000 possible nodes which "
    "exceeds the maximum limit of 500,000.",
    "EXCESSIVE_PAGINATION": "Requesting up to 1,000 records on the `search` connection "
    "exceeds the `first` limit of 100 records.",
    "NOT_FOUND": "Could not resolve to a Repository with the name 'acme/widgets'.",
    "FORBIDDEN": "Resource protected by organization SAML enforcement. You must grant your "
    "Personal Access token access to this organization.",
    "": TIMEOUT,
}
_CLOSING = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:(?P<repo>[\w.-]+/[\w.-]+))?#(?P<n>\d+)",
    re.IGNORECASE,
)
_OPERATION = re.compile(r"^\s*query\s+(\w+)")
_STATUS = {"added": "ADDED", "removed": "DELETED", "modified": "MODIFIED",
           "renamed": "RENAMED", "copied": "COPIED", "changed": "CHANGED"}


class GraphQLErrors(ApiError):
    """A GraphQL answer with ``errors`` (and no data): GitHub sends it with status 200."""

    def __init__(
        self, errors: list[dict[str, Any]], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(200, errors[0].get("message", ""))
        self.body = {"data": None, "errors": errors}
        self.headers = headers or {}


def error(kind: str, message: str | None = None, path: str = "search") -> GraphQLErrors:
    entry: dict[str, Any] = {
        "path": [path], "locations": [{"line": 1, "column": 1}],
        "message": message or MESSAGES.get(kind, kind),
    }
    if kind:
        entry["type"] = kind
    return GraphQLErrors([entry])


def cursor(offset: int) -> str:
    return base64.b64encode(f"cursor:{offset}".encode()).decode()


def offset_of(after: Any) -> int:
    if not after:
        return 0
    try:
        return int(base64.b64decode(str(after)).decode().split(":", 1)[1])
    except (ValueError, IndexError):
        raise error("INVALID_CURSOR_ARGUMENTS", f"`{after}` does not appear to be a valid "
                    "cursor.") from None


def graphql_target(request: Request, prefix: str) -> str | None:
    """``/graphql?op=...&<variables>`` for a GraphQL request (else None): what fault and
    gate paths match, so a test can aim at one query as it aims at a REST URL.

    GitHub Enterprise Server answers GraphQL at ``/api/graphql`` beside ``/api/v3``.
    """
    graphql = prefix.removesuffix("/v3") + GRAPHQL
    if request.method != "POST" or request.path != graphql:
        return None
    body = _body(request)
    variables = body.get("variables") or {}
    pairs = {"op": _operation(body), **{k: "" if v is None else v for k, v in variables.items()}}
    return f"{GRAPHQL}?{urlencode(pairs)}"


def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(request.get_data(as_text=True) or "{}")
    except ValueError:
        raise ApiError(400, "Problems parsing JSON") from None
    return body if isinstance(body, dict) else {}


def _operation(body: dict[str, Any]) -> str:
    found = _OPERATION.match(str(body.get("query") or ""))
    return found.group(1) if found else ""


def closing_references(issue: Issue, data: GitHubData) -> list[Issue]:
    """The issues a PR's body closes with a keyword, that exist (as GitHub links them)."""
    found: list[Issue] = []
    for match in _CLOSING.finditer(issue.body or ""):
        repo = data.repos.get(match.group("repo") or issue.repo)
        target = repo.issues.get(int(match.group("n"))) if repo else None
        if target is not None and not target.is_pr and target not in found:
            found.append(target)
    return found


class GraphQLEndpoint:
    """The handler; FakeGitHub supplies the data, limits and the web root."""

    data: GitHubData
    forbidden: set[str]
    limits: dict[str, int]
    used: Counter[str]
    reset_at: int
    graphql: bool  # False: the root has no GraphQL endpoint (404), like some proxies
    graphql_resets: int  # times the GraphQL points were renewed
    graphql_refusals: int  # queries refused as RATE_LIMITED for want of points
    graphql_window: int  # seconds between renewals of the points (GitHub: an hour)
    graphql_lacks: set[str]  # PullRequest fields this server's schema does not have

    @property
    def root(self) -> str:
        raise NotImplementedError

    def _graphql(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if not self.graphql:
            raise ApiError(404, "Not Found")
        body = _body(request)
        operation, variables = _operation(body), body.get("variables") or {}
        for name in sorted(self.graphql_lacks):
            if re.search(rf"\b{name}\b", str(body.get("query") or "")):
                raise GraphQLErrors([{
                    "path": ["query", "search", "nodes", "... on PullRequest", name],
                    "extensions": {"code": "undefinedField", "typeName": "PullRequest",
                                   "fieldName": name},
                    "locations": [{"line": 1, "column": 1}],
                    "message": f"Field '{name}' doesn't exist on type 'PullRequest'",
                }])
        with self.data.lock:
            if operation == "EvidencerSearch":
                cost = self._gql_cost(variables, nested=NESTED + bool(variables.get("files"))
                                  + bool(variables.get("reviews")))
                self._gql_charge(cost)
                answer = {"search": self._gql_search(variables)}
            elif operation == "EvidencerPullPages":
                cost = self._gql_cost(variables, nested=0)
                self._gql_charge(cost)
                answer = {"repository": self._gql_repository(variables)}
            else:
                raise error("UNKNOWN_OPERATION", f"no operation {operation!r} known here")
        limit = self.limits.get("graphql", 5000)
        answer["rateLimit"] = {
            "cost": cost, "remaining": max(0, limit - self.used["graphql"] - 1),
            "resetAt": ts_epoch(self.reset_at),
        }
        return 200, {"data": answer}, {}

    def _gql_cost(self, variables: dict[str, Any], *, nested: int) -> int:
        """GitHub's formula: requests to fill every connection, / 100, rounded (min 1)."""
        first = self._gql_first(variables)
        return max(1, round((1 + first * nested) / 100))

    def _gql_charge(self, cost: int) -> None:
        """Spend points (the server counts one more as it answers); refuse past the limit."""
        limit = self.limits.get("graphql", 5000)
        if time.time() >= self.reset_at:
            self.used["graphql"] = 0
            self.reset_at = int(time.time()) + self.graphql_window
            self.graphql_resets += 1
        if self.used["graphql"] + cost > limit:
            self.graphql_refusals += 1
            refusal = error("RATE_LIMITED", path="rateLimit")
            refusal.headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(self.reset_at)}
            raise refusal
        self.used["graphql"] += cost - 1

    @staticmethod
    def _gql_first(variables: dict[str, Any]) -> int:
        first = variables.get("first")
        if not isinstance(first, int) or first < 1:
            raise error("INVALID_ARGUMENTS", "`first` must be a positive number")
        if first > FIRST_LIMIT:
            raise error("EXCESSIVE_PAGINATION", f"Requesting up to {first} records on the "
                        f"`search` connection exceeds the `first` limit of {FIRST_LIMIT} records.")
        return first

    def _gql_search(self, variables: dict[str, Any]) -> dict[str, Any]:
        words = str(variables.get("q") or "").split()
        sort = next((w.split(":", 1)[1] for w in words if w.startswith("sort:")), "created-desc")
        q = " ".join(w for w in words if not w.startswith("sort:"))
        try:
            found = self.data.search(q, visible=lambda name: name not in self.forbidden)
        except SearchError as exc:
            message = exc.errors[0]["message"] if exc.errors else str(exc)
            raise error("INVALID", message) from None
        field, _, order = sort.partition("-")
        total = len(found)  # GitHub counts past the cap, and lists up to it
        found = sort_issues(found, field, order or "desc")[:SEARCH_CAP]
        start, first = offset_of(variables.get("after")), self._gql_first(variables)
        page = found[start : start + first]
        end = start + len(page)
        return {
            "issueCount": total,
            "pageInfo": {"hasNextPage": end < len(found), "endCursor": cursor(end) if page
                         else None},
            "nodes": [self._gql_node(i, variables) for i in page],
        }

    def _gql_repository(self, variables: dict[str, Any]) -> dict[str, Any] | None:
        name = f"{variables.get('owner')}/{variables.get('name')}"
        repo = self.data.repos.get(name)
        if repo is None or name in self.forbidden:
            raise error("NOT_FOUND", f"Could not resolve to a Repository with the name "
                        f"'{name}'.", path="repository")
        issue = repo.issues.get(int(variables.get("number") or 0))
        if issue is None or not issue.is_pr:
            raise error("NOT_FOUND", f"Could not resolve to a PullRequest with the number of "
                        f"{variables.get('number')}.", path="pullRequest")
        pull: dict[str, Any] = {}
        first = self._gql_first(variables)
        if variables.get("files"):
            pull["files"] = self._gql_files(issue, first, variables.get("filesAfter"))
        if variables.get("reviews"):
            pull["reviews"] = self._gql_reviews(issue, first, variables.get("reviewsAfter"))
        return {"pullRequest": pull}

    def _gql_actor(self, login: str | None) -> dict[str, Any] | None:
        if login is None:
            return None
        if login.endswith("[bot]"):  # GraphQL names a GitHub App's bot without the suffix
            return {"__typename": "Bot", "login": login[: -len("[bot]")]}
        return {"__typename": "User", "login": login}

    def _gql_html(self, issue: Issue) -> str:
        return f"{self.root}/{issue.repo}/{'pull' if issue.is_pr else 'issues'}/{issue.number}"

    def _gql_node(self, issue: Issue, variables: dict[str, Any]) -> dict[str, Any]:
        state = "MERGED" if issue.merged_at is not None else issue.state.upper()
        node: dict[str, Any] = {
            "__typename": "PullRequest" if issue.is_pr else "Issue",
            "number": issue.number,
            "title": issue.title,
            "body": issue.body,
            "url": self._gql_html(issue),
            "state": state,
            "createdAt": ts(issue.created_at),
            "updatedAt": ts(issue.updated_at),
            "closedAt": ts(issue.closed_at),
            "authorAssociation": issue.author_association,
            "author": self._gql_actor(issue.user),
            "comments": {"totalCount": len(issue.comments)},
            "repository": {"nameWithOwner": issue.repo},
            "labels": {"nodes": [{"name": n} for n in issue.labels]},
            "assignees": {"nodes": [{"login": a} for a in issue.assignees]},
        }
        if issue.is_pr:
            node.update({
                "mergedAt": ts(issue.merged_at),
                "isDraft": issue.draft,
                "mergedBy": self._gql_actor(issue.merged_by) if issue.merged_at else None,
                "closingIssuesReferences": {"nodes": [
                    {"number": i.number, "closed": i.state == "closed", "title": i.title,
                     "authorAssociation": i.author_association,
                     "author": self._gql_actor(i.user),
                     "repository": {"nameWithOwner": i.repo}}
                    for i in closing_references(issue, self.data)
                ]},
            })
            if variables.get("files"):
                node["files"] = self._gql_files(issue, FIRST_LIMIT, None)
            if variables.get("reviews"):
                node["reviews"] = self._gql_reviews(issue, FIRST_LIMIT, None)
        return node

    @staticmethod
    def _gql_page(items: list[Any], first: int, after: Any) -> tuple[list[Any], dict[str, Any]]:
        start = offset_of(after)
        page = items[start : start + first]
        end = start + len(page)
        info = {"hasNextPage": end < len(items), "endCursor": cursor(end) if page else None}
        return page, info

    def _gql_files(self, issue: Issue, first: int, after: Any) -> dict[str, Any]:
        page, info = self._gql_page(issue.files, first, after)
        return {"pageInfo": info, "nodes": [
            {"path": f.filename, "additions": f.additions, "deletions": f.deletions,
             "changeType": _STATUS.get(f.status, f.status.upper())} for f in page
        ]}

    def _gql_reviews(self, issue: Issue, first: int, after: Any) -> dict[str, Any]:
        page, info = self._gql_page(issue.reviews, first, after)
        return {"pageInfo": info, "nodes": [
            {"databaseId": r.id, "author": self._gql_actor(r.user), "state": r.state,
             "submittedAt": ts(r.submitted_at), "body": r.body,
             "url": f"{self._gql_html(issue)}#pullrequestreview-{r.id}"} for r in page
        ]}


def ts_epoch(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(math.ceil(seconds)))
