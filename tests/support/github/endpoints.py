"""The REST endpoints of the fake GitHub server, as a mixin over its data and knobs.

Each handler answers ``(status, JSON body, extra headers)`` in GitHub's documented shapes.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request

from tests.support.github.data import GitHubData, Issue, Label, SearchError, now, sort_issues, ts
from tests.support.github.shapes import Shapes

DOCS = "https://docs.github.com/rest"
Answer = tuple[int, Any, dict[str, str]]


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, {"message": message, **extra, "documentation_url": DOCS}


class Endpoints:
    """Handlers; FakeGitHub supplies the state they read and change."""

    data: GitHubData
    forbidden: set[str]
    limits: dict[str, int]
    used: Counter[str]
    reset_at: int

    @property
    def root(self) -> str:
        raise NotImplementedError

    @property
    def shapes(self) -> Shapes:
        raise NotImplementedError

    def _authorize(self, request: Request, resource: str) -> str | None:
        raise NotImplementedError

    def _dispatch(self, endpoint: str, request: Request, args: Mapping[str, Any]) -> Answer:
        data, shapes = self.data, self.shapes
        with data.lock:
            if endpoint == "/user":
                login = self._authorize(request, "core")
                if login is None:
                    raise ApiError(401, "Requires authentication")
                return 200, shapes.full_user(login), {}
            if endpoint == "/users/<login>":
                if args["login"] not in data.users:
                    raise ApiError(404, "Not Found")
                return 200, shapes.full_user(args["login"]), {}
            if endpoint == "/search/issues":
                return self._search(request)
            repo_name = f"{args['owner']}/{args['name']}"
            if repo_name in self.forbidden:
                raise ApiError(403, "Resource not accessible by personal access token")
            repo = data.repos.get(repo_name)
            if repo is None:
                raise ApiError(404, "Not Found")
            if endpoint == "/repos/<owner>/<name>":
                return 200, shapes.repo(repo), {}
            if endpoint == "/repos/<owner>/<name>/labels":
                return self._repo_labels(request, repo_name)
            if endpoint.startswith("/repos/<owner>/<name>/issues/comments/"):
                return self._comment(request, repo_name, args["comment_id"])
            issue = repo.issues.get(args["number"])
            if issue is None or (
                endpoint.startswith("/repos/<owner>/<name>/pulls") and not issue.is_pr
            ):
                raise ApiError(404, "Not Found")
            return self._issue_endpoint(endpoint, request, issue, args)

    def _issue_endpoint(
        self, endpoint: str, request: Request, issue: Issue, args: Mapping[str, Any]
    ) -> Answer:
        shapes = self.shapes
        tail = endpoint.rsplit(">", 1)[1]
        if tail == "" and "/pulls/" in endpoint:
            return 200, shapes.pull(issue), {}
        if tail == "":
            return 200, shapes.issue(issue), {}
        if tail == "/files":
            return self._paged(request, [shapes.file(issue, f) for f in issue.files])
        if tail == "/reviews":
            return self._paged(request, [shapes.review(issue, r) for r in issue.reviews])
        if tail == "/timeline":
            return self._paged(request, shapes.timeline(issue))
        if tail == "/comments":
            if request.method == "POST":
                body = self._json(request).get("body")
                if not isinstance(body, str) or not body:
                    raise ApiError(
                        422,
                        "Validation Failed",
                        errors=[
                            {"resource": "IssueComment", "code": "missing_field", "field": "body"}
                        ],
                    )
                login = self._authorize(request, "core") or "anonymous"
                comment = self.data.add_comment(issue, user=login, body=body, created_at=now())
                return 201, shapes.comment(issue, comment), {}
            since = request.args.get("since")
            comments = [c for c in issue.comments if not since or (ts(c.updated_at) or "") >= since]
            return self._paged(request, [shapes.comment(issue, c) for c in comments])
        return self._issue_labels(request, issue, args.get("label"))

    def _issue_labels(self, request: Request, issue: Issue, label: str | None) -> Answer:
        repo = self.data.repos[issue.repo]
        actor = self._authorize(request, "core") or "anonymous"
        if request.method == "POST":
            payload = self._json(request)
            names = payload.get("labels", payload) if isinstance(payload, dict) else payload
            for name in names:
                self.data.label(issue, name, actor=actor)
            issue.updated_at = now()
        elif request.method == "DELETE" and label is None:
            for name in list(issue.labels):
                self.data.label(issue, name, actor=actor, added=False)
            return 204, None, {}
        elif request.method == "DELETE":
            if label not in issue.labels:
                raise ApiError(404, "Label does not exist")
            self.data.label(issue, label, actor=actor, added=False)
        return 200, [self.shapes.label(issue.repo, repo.labels[n]) for n in issue.labels], {}

    def _repo_labels(self, request: Request, repo_name: str) -> Answer:
        repo = self.data.repos[repo_name]
        if request.method == "POST":
            payload = self._json(request)
            name = payload.get("name")
            if not name:
                raise ApiError(
                    422,
                    "Validation Failed",
                    errors=[{"resource": "Label", "code": "missing_field", "field": "name"}],
                )
            if name in repo.labels:
                raise ApiError(
                    422,
                    "Validation Failed",
                    errors=[{"resource": "Label", "code": "already_exists", "field": "name"}],
                )
            repo.labels[name] = Label(
                name, payload.get("color", "ededed"), payload.get("description")
            )
            return 201, self.shapes.label(repo_name, repo.labels[name]), {}
        return self._paged(
            request, [self.shapes.label(repo_name, lab) for lab in repo.labels.values()]
        )

    def _comment(self, request: Request, repo_name: str, comment_id: int) -> Answer:
        found = self.data.find_comment(repo_name, comment_id)
        if found is None:
            raise ApiError(404, "Not Found")
        issue, comment = found
        if request.method == "DELETE":
            issue.comments.remove(comment)
            return 204, None, {}
        if request.method == "PATCH":
            comment.body = self._json(request)["body"]
            comment.updated_at = now()
        return 200, self.shapes.comment(issue, comment), {}

    def _search(self, request: Request) -> Answer:
        q = request.args.get("q", "")
        if not q.strip():
            raise ApiError(
                422,
                "Validation Failed",
                errors=[{"resource": "Search", "field": "q", "code": "missing"}],
            )
        try:
            found = self.data.search(q, visible=self._visible)
        except SearchError as exc:
            raise ApiError(422, str(exc), errors=exc.errors) from None
        found = sort_issues(found, request.args.get("sort"), request.args.get("order"))
        per_page, page = self._page_args(request)
        if page * per_page > 1000 and (page - 1) * per_page >= 1000:
            raise ApiError(422, "Only the first 1000 search results are available")
        start = (page - 1) * per_page
        items = [self.shapes.issue(i, score=True) for i in found[start : start + per_page]]
        body = {"total_count": len(found), "incomplete_results": False, "items": items}
        pages = max(1, math.ceil(min(len(found), 1000) / per_page))
        return 200, body, self._links(request, page, pages)

    def _paged(self, request: Request, items: list[Any]) -> Answer:
        per_page, page = self._page_args(request)
        pages = max(1, math.ceil(len(items) / per_page))
        start = (page - 1) * per_page
        return 200, items[start : start + per_page], self._links(request, page, pages)

    def _page_args(self, request: Request) -> tuple[int, int]:
        try:
            per_page = min(100, max(1, int(request.args.get("per_page", 30))))
            page = max(1, int(request.args.get("page", 1)))
        except ValueError:
            raise ApiError(422, "Validation Failed") from None
        return per_page, page

    def _links(self, request: Request, page: int, pages: int) -> dict[str, str]:
        base = self.root + request.path
        args = {k: v for k, v in request.args.items() if k != "page"}

        def link(number: int, rel: str) -> str:
            return f'<{base}?{urlencode({**args, "page": number})}>; rel="{rel}"'

        links = []
        if page < pages:
            links += [link(page + 1, "next"), link(pages, "last")]
        if page > 1:
            links += [link(1, "first"), link(page - 1, "prev")]
        return {"Link": ", ".join(links)} if links else {}

    def _visible(self, repo: str) -> bool:
        return repo not in self.forbidden

    @staticmethod
    def _json(request: Request) -> Any:
        try:
            return json.loads(request.get_data(as_text=True) or "{}")
        except ValueError:
            raise ApiError(400, "Problems parsing JSON") from None
