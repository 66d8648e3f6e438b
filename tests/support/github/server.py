"""A real threaded HTTP server on 127.0.0.1 that speaks GitHub's REST v3 shapes.

Tests point PyGithub at ``server.api_url``; knobs inject faults and a log counts requests.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.support.github.data import GitHubData
from tests.support.github.endpoints import DOCS, ApiError, Endpoints
from tests.support.github.graphql import GRAPHQL, GraphQLEndpoint, error, graphql_target
from tests.support.github.shapes import Shapes

SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID 0000:1111."
)


@dataclass
class Fault:
    """Misbehave for the next ``times`` requests whose method and path match.

    kind: ``status`` (answer ``status`` with ``message``/``headers``), ``stall`` (sleep
    ``seconds`` before answering; after doing the work when ``after``), ``truncate`` (cut
    the JSON body in half), ``garbage`` (an HTML page with status 200), ``errors`` (a
    GraphQL answer, status 200, with one error of type ``message``, "" for a timeout),
    ``repeat`` (a list answered with each of its items twice), ``raw`` (answer ``status``
    with ``message`` as the body text and ``headers``, as they are: a redirect, a page
    loop, JSON no client can read).
    """

    kind: str
    times: int = 1
    path: str = ""
    method: str | None = None
    status: int = 500
    message: str = "Server Error"
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    after: bool = False

    def matches(self, method: str, target: str) -> bool:
        """``target`` is the path and query string, e.g. ``/search/issues?q=...&page=2``."""
        method_ok = self.method is None or self.method == method
        return method_ok and re.search(self.path, target) is not None


@dataclass
class Logged:
    """One request as it arrived; ``status`` is filled in once it is answered (0 until)."""

    method: str
    path: str
    query: dict[str, str]
    endpoint: str = "?"
    status: int = 0


class _QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        pass


ROUTES = [
    ("/user", "GET"),
    ("/users/<login>", "GET"),
    ("/search/issues", "GET"),
    ("/repos/<owner>/<name>", "GET"),
    ("/repos/<owner>/<name>/pulls/<int:number>", "GET"),
    ("/repos/<owner>/<name>/pulls/<int:number>/files", "GET"),
    ("/repos/<owner>/<name>/pulls/<int:number>/reviews", "GET"),
    ("/repos/<owner>/<name>/issues/<int:number>", "GET"),
    ("/repos/<owner>/<name>/issues/<int:number>/comments", "GET,POST"),
    ("/repos/<owner>/<name>/issues/<int:number>/timeline", "GET"),
    ("/repos/<owner>/<name>/issues/comments/<int:comment_id>", "GET,PATCH,DELETE"),
    ("/repos/<owner>/<name>/issues/<int:number>/labels", "GET,POST,DELETE"),
    ("/repos/<owner>/<name>/issues/<int:number>/labels/<label>", "DELETE"),
    ("/repos/<owner>/<name>/labels", "GET,POST"),
    (GRAPHQL, "POST"),
]


class FakeGitHub(Endpoints, GraphQLEndpoint):
    """The server. ``tokens`` maps token -> login; ``data`` holds what it knows.

    ``graphql``: whether POST /graphql answers (else 404, and clients read through REST).
    """

    def __init__(
        self, *, prefix: str = "", search_limit: int = 10_000, graphql: bool = False
    ) -> None:
        self.data = GitHubData()
        self.prefix = prefix.rstrip("/")
        self.tokens: dict[str, str] = {}
        self.workflow_tokens: set[str] = set()  # valid, but GET /user answers 403
        self.forbidden: set[str] = set()  # repositories every token gets 403 on
        self.faults: list[Fault] = []
        self.latency = 0.0
        self.log: list[Logged] = []
        self.limits = {"core": 5000, "search": search_limit, "graphql": 5000}
        self.graphql = graphql
        self.graphql_resets = self.graphql_refusals = 0
        self.graphql_window = 3600
        self.graphql_lacks: set[str] = set()
        self.used: Counter[str] = Counter()
        self.reset_at = int(time.time()) + 3600
        self.exhausted_until = 0.0
        self.exhausted_path = ""  # a regex: only requests matching it see the spent limit
        self._lock = threading.Lock()
        self._map = Map([Rule(path, endpoint=path, methods=m.split(",")) for path, m in ROUTES])
        self._server: BaseWSGIServer | None = None

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietHandler
        )
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def root(self) -> str:
        assert self._server is not None, "start() the server first"
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return self.root + self.prefix

    @property
    def shapes(self) -> Shapes:
        return Shapes(self.api_url, self.root, self.data)

    # -- knobs ----------------------------------------------------------------------

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def fail(
        self,
        times: int = 1,
        *,
        status: int = 502,
        path: str = "",
        message: str = "Server Error",
        **kw: Any,
    ) -> None:
        self.add_fault(Fault("status", times, path, status=status, message=message, **kw))

    def secondary_limit(
        self, times: int = 1, *, status: int = 403, retry_after: int | None = 1, path: str = ""
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.add_fault(
            Fault("status", times, path, status=status, message=SECONDARY_MESSAGE, headers=headers)
        )

    def exhaust(self, *, reset_in: float, path: str = "") -> None:
        """The primary limit is spent until ``reset_in`` seconds from now; with ``path``
        (a regex over path and query), only for matching requests, e.g. the search limit."""
        self.exhausted_until = time.time() + reset_in
        self.exhausted_path = path

    def _spent(self, target: str) -> bool:
        return time.time() < self.exhausted_until and bool(re.search(self.exhausted_path, target))

    def stall(
        self,
        seconds: float,
        times: int = 1,
        *,
        path: str = "",
        method: str | None = None,
        after: bool = False,
    ) -> None:
        self.add_fault(Fault("stall", times, path, method, seconds=seconds, after=after))

    def count(self, endpoint: str | None = None, method: str | None = None) -> int:
        return sum(
            1 for e in self.log if endpoint in (None, e.endpoint) and method in (None, e.method)
        )

    def by_endpoint(self) -> Counter[str]:
        return Counter(f"{e.method} {e.endpoint}" for e in self.log)

    # -- WSGI -----------------------------------------------------------------------

    def _wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        response = self._handle(request)
        return response(environ, start_response)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.matches(method, path):
                    fault.times -= 1
                    return fault
        return None

    def _handle(self, request: Request) -> Response:
        if self.latency:
            time.sleep(self.latency)
        path = request.path
        if self.prefix and path.startswith(self.prefix):
            path = path[len(self.prefix) :] or "/"
        resource = "search" if path.startswith("/search/") else "core"
        query = request.query_string.decode("latin-1")
        target = f"{path}?{query}" if query else path
        graphql = graphql_target(request, self.prefix)
        if graphql is not None:  # POST /graphql: faults match its op and variables
            path, resource, target = GRAPHQL, "graphql", graphql
        fault = self._take_fault(request.method, target)
        spent = self._spent(target)
        entry = Logged(request.method, path, dict(request.args))
        if graphql is not None:  # the operation and its variables, as a query string would
            entry.query = dict(urllib.parse.parse_qsl(graphql.partition("?")[2]))
        self.log.append(entry)
        try:
            entry.endpoint, args = self._map.bind("localhost").match(path, method=request.method)
            if fault and fault.kind == "stall" and not fault.after:
                time.sleep(fault.seconds)
            if fault and fault.kind == "status":
                raise ApiError(fault.status, fault.message)
            if fault and fault.kind == "raw":
                entry.status = fault.status
                return Response(fault.message, status=fault.status, headers=fault.headers,
                                content_type="application/json; charset=utf-8")
            self._authorize(request, resource)
            if fault and fault.kind == "errors":
                raise error(fault.message)
            if spent and resource == "graphql":
                raise error("RATE_LIMITED", path="rateLimit")
            if spent:
                raise ApiError(
                    403,
                    "API rate limit exceeded for user ID 1. If you reach out to "
                    "GitHub Support for help, please include the request ID 0000:1111.",
                )
            if entry.endpoint == GRAPHQL and graphql is None:
                raise NotFound()  # e.g. /api/v3/graphql: GHES answers at /api/graphql
            if entry.endpoint == GRAPHQL:
                status, body, headers = self._graphql(request)
            else:
                status, body, headers = self._dispatch(entry.endpoint, request, args)
        except ApiError as exc:
            status, body, headers = exc.status, exc.body, dict(getattr(exc, "headers", {}))
            if fault and fault.kind == "status":
                headers = dict(fault.headers)
        except NotFound:
            status, body, headers = 404, {"message": "Not Found", "documentation_url": DOCS}, {}
        except MethodNotAllowed:
            status, body, headers = 404, {"message": "Not Found", "documentation_url": DOCS}, {}
        except HTTPException as exc:  # pragma: no cover - werkzeug internals
            status, body, headers = exc.code or 500, {"message": str(exc)}, {}
        entry.status = status
        if fault and fault.kind == "stall" and fault.after:
            time.sleep(fault.seconds)
        return self._respond(status, body, headers, resource, fault, spent=spent)

    def _respond(
        self,
        status: int,
        body: Any,
        headers: dict[str, str],
        resource: str,
        fault: Fault | None,
        *,
        spent: bool = False,
    ) -> Response:
        text = "" if body is None else json.dumps(body)
        content_type = "application/json; charset=utf-8"
        if fault and fault.kind == "truncate":
            text = text[: max(1, len(text) // 2)]
        if fault and fault.kind == "repeat" and isinstance(body, list):
            text = json.dumps(body + body)  # as offset pages do when items arrive between reads
        if fault and fault.kind == "garbage":
            text, content_type, status = "<html><body>Whoa there!</body></html>", "text/html", 200
        limit = self.limits.get(resource, self.limits["core"])
        self.used[resource] += 1
        remaining = max(0, limit - self.used[resource])
        reset = self.reset_at
        if spent:
            remaining, reset = 0, math.ceil(self.exhausted_until)
        base = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
            "X-RateLimit-Used": str(self.used[resource]),
            "X-RateLimit-Resource": resource,
            "X-GitHub-Api-Version-Selected": "2022-11-28",
            "X-GitHub-Request-Id": "0000:1111",
        }
        response = Response(text, status=status, content_type=content_type)
        for key, value in {**base, **headers}.items():
            response.headers[key] = value
        return response

    def _authorize(self, request: Request, resource: str) -> str | None:
        header = request.headers.get("Authorization", "")
        token = header.split(" ", 1)[1] if " " in header else ""
        if header and token not in self.tokens:
            raise ApiError(401, "Bad credentials")
        if request.path.endswith("/user") and token in self.workflow_tokens:
            raise ApiError(403, "Resource not accessible by integration")
        return self.tokens.get(token)
