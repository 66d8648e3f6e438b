"""The fake GitHub server with what the Action's tests need on top, in new code paths only.

Issues listed, opened and edited; read-only tokens (a fork's); a barrier to make runs race.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request

from tests.support.github.data import now
from tests.support.github.endpoints import Answer, ApiError
from tests.support.github.fixtures import TEST_TOKEN
from tests.support.github.server import ROUTES, FakeGitHub

# A read-only token, like the one GitHub gives `pull_request` workflows from forks.
READ_ONLY_TOKEN = "ghs_READONLYforkTOKEN0123456789abcdefgh"
ISSUES = "/repos/<owner>/<name>/issues"
ISSUE = "/repos/<owner>/<name>/issues/<int:number>"
COMMENTS = "/repos/<owner>/<name>/issues/<int:number>/comments"
# FakeGitHub answers DELETE of one label with the issue and removes nothing (its endpoint
# name ends in ">", which its dispatcher reads as the issue itself): handled here instead.
ONE_LABEL = "/repos/<owner>/<name>/issues/<int:number>/labels/<label>"


class ActionsGitHub(FakeGitHub):
    """FakeGitHub plus: GET/POST ``/issues``, PATCH ``/issues/{n}``, DELETE of one label,
    ``read_only_tokens`` (every write answers 403) and ``listing_barrier`` (comment lists
    wait for each other)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.read_only_tokens: set[str] = set()
        self.listing_barrier: threading.Barrier | None = None
        routes = [(path, "GET,PATCH" if path == ISSUE else methods) for path, methods in ROUTES]
        routes.append((ISSUES, "GET,POST"))
        self._map = Map([Rule(path, endpoint=path, methods=m.split(",")) for path, m in routes])

    def _authorize(self, request: Request, resource: str) -> str | None:
        login = super()._authorize(request, resource)
        token = request.headers.get("Authorization", "").partition(" ")[2]
        if token in self.read_only_tokens and request.method not in ("GET", "HEAD"):
            raise ApiError(403, "Resource not accessible by integration")
        return login

    def _dispatch(self, endpoint: str, request: Request, args: Mapping[str, Any]) -> Answer:
        if endpoint == COMMENTS and request.method == "GET" and self.listing_barrier:
            self.listing_barrier.wait()  # outside the data lock, so the other run gets in
        if endpoint == ONE_LABEL:
            with self.data.lock:
                repo = self.data.repos.get(f"{args['owner']}/{args['name']}")
                issue = repo.issues.get(args["number"]) if repo else None
                if issue is None:
                    raise ApiError(404, "Not Found")
                return self._issue_labels(request, issue, args["label"])
        if endpoint == ISSUES or (endpoint == ISSUE and request.method == "PATCH"):
            repo_name = f"{args['owner']}/{args['name']}"
            with self.data.lock:
                if repo_name not in self.data.repos:
                    raise ApiError(404, "Not Found")
                if endpoint == ISSUE:
                    return self._edit_issue(request, repo_name, args["number"])
                if request.method == "POST":
                    return self._open_issue(request, repo_name)
                return self._list_issues(request, repo_name)
        return super()._dispatch(endpoint, request, args)

    def _list_issues(self, request: Request, repo_name: str) -> Answer:
        state = request.args.get("state", "open")
        wanted = [n.strip().lower() for n in request.args.get("labels", "").split(",") if n.strip()]
        creator = request.args.get("creator")
        found = [
            issue for issue in self.data.repos[repo_name].issues.values()
            if state in ("all", issue.state)
            and all(name in (lab.lower() for lab in issue.labels) for name in wanted)
            and (creator is None or issue.user == creator)
        ]
        found.sort(key=lambda i: (i.created_at, i.number),
                   reverse=request.args.get("direction", "desc") == "desc")
        return self._paged(request, [self.shapes.issue(i) for i in found])

    def _open_issue(self, request: Request, repo_name: str) -> Answer:
        payload = self._json(request)
        if not payload.get("title"):
            raise ApiError(422, "Validation Failed",
                           errors=[{"resource": "Issue", "code": "missing_field", "field": "title"}])
        login = self._authorize(request, "core") or "anonymous"
        issue = self.data.add_issue(
            repo_name, title=payload["title"], user=login, created_at=now(),
            body=payload.get("body") or "", labels=list(payload.get("labels") or []),
        )
        return 201, self.shapes.issue(issue), {}

    def _edit_issue(self, request: Request, repo_name: str, number: int) -> Answer:
        issue = self.data.repos[repo_name].issues.get(number)
        if issue is None:
            raise ApiError(404, "Not Found")
        payload = self._json(request)
        for key in ("title", "body", "state"):
            if isinstance(payload.get(key), str):
                setattr(issue, key, payload[key])
        issue.updated_at = now()
        return 200, self.shapes.issue(issue), {}


@pytest.fixture(name="actions_server")
def actions_server_fixture() -> Iterator[ActionsGitHub]:
    """A started ActionsGitHub: alice's token can write; READ_ONLY_TOKEN can only read."""
    server = ActionsGitHub().start()
    server.tokens[TEST_TOKEN] = "alice"
    server.tokens[READ_ONLY_TOKEN] = "github-actions[bot]"
    server.read_only_tokens.add(READ_ONLY_TOKEN)
    server.workflow_tokens.add(READ_ONLY_TOKEN)  # a workflow token cannot read GET /user
    server.data.add_user("alice", name="Alice Doe")
    try:
        yield server
    finally:
        server.stop()
