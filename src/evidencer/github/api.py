"""The one door to GitHub: PyGithub's HTTP stack with our retries, rate limits and errors.

Nothing else imports ``github``; callers get plain records and one-line GitHubErrors.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException
from github.Requester import Requester
from urllib3.util.retry import Retry

from evidencer.errors import GitHubError
from evidencer.github.failures import (
    Call,
    GitHubStatusError,
    error_message,
    graphql_error,
    malformed,
    never_sent,
    page_loop,
    rate_limit_delay,
    redirected,
    status_error,
    still_processing,
    temporary_redirect,
    transport_error,
    wait_too_long,
)
from evidencer.github.graphql import (
    PAGE,
    PULL_PAGES,
    SEARCH,
    Budget,
    classify_errors,
    missing_field,
    parse_budget,
    parse_files,
    parse_pull_pages,
    parse_reviews,
    parse_search,
)
from evidencer.github.records import (
    CommentRecord,
    FileRecord,
    IssueHit,
    LabelEvent,
    LabelRecord,
    MalformedResponse,
    ReviewRecord,
    SearchPage,
    Timeline,
    parse_comment,
    parse_file,
    parse_issue,
    parse_label,
    parse_label_events,
    parse_search_page,
    parse_timeline,
)
from evidencer.github.token import DEFAULT_API_URL, checked_token, resolve_token
from evidencer.scrub import scrub, without_credentials

__all__ = [
    "DEFAULT_API_URL",
    "GitHubAPI",
    "GitHubStatusError",
    "GraphQLUnavailable",
    "format_when",
    "resolve_token",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

PER_PAGE = 100
MAX_RATE_WAITS = 10  # rate-limit waits one request may take, whatever max_wait allows
CONNECT_ATTEMPTS = 3  # tries to reach a root that refuses connections
ACCEPTED_ASKS = 4  # asks of a read answered 202 Accepted ("still processing") before giving up
# GHES before 3.x serves issue timelines only under this preview; github.com ignores it.
TIMELINE_ACCEPT = "application/vnd.github.mockingbird-preview+json"


class GraphQLUnavailable(GitHubError):
    """The API root has no GraphQL endpoint (404), or its schema lacks a field collection
    asks for (an older GitHub Enterprise Server): collection reads through REST instead."""


def format_when(value: dt.datetime) -> str:
    """A timestamp as GitHub's search qualifiers and ``since`` parameters take it, in UTC."""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_link(headers: Mapping[str, Any]) -> str | None:
    """The ``Link: <...>; rel="next"`` page, parsed by requests (PyGithub hands us the
    headers as a plain dict, so ``Response.links`` is out of reach)."""
    links = requests.utils.parse_header_links(str(headers.get("link") or ""))
    return next((link["url"] for link in links if link.get("rel") == "next"), None)


def says_rate_limit(data: Any) -> bool:
    """Whether an error body is GitHub's primary or secondary rate-limit message, as
    PyGithub recognises them (it keeps up with GitHub's wording)."""
    return Requester.isRateLimitError(error_message(data))


class GitHubAPI:
    """A client for one API root. Safe to share between threads: each has its own connection.

    ``max_wait`` bounds the seconds one request may spend waiting out rate limits and
    retries, answers that timed out included; the retry backoff (1 s, doubling) shrinks
    to fit a small ``max_wait``, so that every attempt fits in it. Pacing defaults to
    0.25 s between requests and 1 s between writes a thread (GitHub's secondary limits);
    a loopback root (a test server) is not paced.

    ``graphql``: collect through GraphQL (None: when there is a token, which it needs);
    a root without a GraphQL endpoint turns it off for the rest of the client's life.
    """

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_API_URL,
        token: str | None = None,
        timeout: float = 30,
        max_wait: float = 300,
        concurrency: int = 4,
        seconds_between_requests: float | None = None,
        seconds_between_writes: float | None = None,
        backoff: float | None = None,
        attempts: int = 5,
        graphql: bool | None = None,
    ) -> None:
        base_url = without_credentials(base_url.strip())  # the token comes from elsewhere
        try:
            parsed = urllib.parse.urlparse(base_url)
            usable = parsed.scheme in ("http", "https") and bool(parsed.hostname)
            usable = usable and (parsed.port is None or parsed.port > 0)
        except ValueError:  # "http://[::1" (an unclosed IPv6 host), a port past 65535
            usable = False
        if not usable:
            raise GitHubError(
                f"GitHub API URL {base_url!r} is not an http(s) URL; "
                "set --github-url or GITHUB_API_URL to e.g. https://api.github.com"
            )
        self.base_url = base_url.rstrip("/")
        # However the token was found, one that cannot go in a header stops here.
        self._token = checked_token(token, source="the GitHub token") if token else None
        self.timeout = max(1, math.ceil(timeout))
        self.max_wait = max_wait
        self.concurrency = max(1, concurrency)
        loopback = parsed.hostname in ("127.0.0.1", "localhost", "::1")
        if seconds_between_requests is None:
            seconds_between_requests = 0.0 if loopback else 0.25
        if seconds_between_writes is None:  # GitHub asks for writes one at a time, spaced
            seconds_between_writes = 0.0 if loopback else 1.0
        self._pacing = (seconds_between_requests, seconds_between_writes)
        self._attempts = max(1, attempts)
        if backoff is None:  # the delays before attempts 2..n add up to less than max_wait
            backoff = min(1.0, max(0.0, max_wait) / 2.0 ** self._attempts)
        self._backoff = backoff
        self._local = threading.local()
        self._clients: list[Github] = []
        self._lock = threading.Lock()
        self._graphql = bool(token) if graphql is None else graphql and bool(token)
        self.search_first = PAGE  # the GraphQL search page size the last page was read at
        self.budget: Budget | None = None  # the latest GraphQL answer's rateLimit
        self.points = 0  # GraphQL points spent by this client
        self._left: int | None = None  # points left, less those of queries under way
        self._costs: dict[str, int] = {}  # the last cost of each query document

    def __repr__(self) -> str:
        return f"GitHubAPI({self.base_url!r}, token={'set' if self._token else 'none'})"

    @property
    def uses_graphql(self) -> bool:
        return self._graphql

    def __enter__(self) -> GitHubAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.close()
            self._clients.clear()

    def _client(self) -> Github:
        # PyGithub's Requester shares one connection object and is not thread-safe.
        client: Github | None = getattr(self._local, "client", None)
        if client is None:
            client = Github(
                auth=Auth.Token(self._token) if self._token else None,
                base_url=self.base_url,
                timeout=self.timeout,
                user_agent="evidencer",
                per_page=PER_PAGE,
                # Ours below: PyGithub's retries POSTs and gives up on 429s. This one only
                # bounds a read answered 202 Accepted, which PyGithub would ask again every
                # 2 s until Python's recursion limit (half an hour); nothing else is retried
                # here (as requests' own default: a read error raised as it is).
                retry=Retry(total=None, connect=0, read=False, redirect=0, other=0,
                            status=ACCEPTED_ASKS - 1, status_forcelist=(202,),
                            allowed_methods=("GET", "HEAD"), backoff_factor=self._backoff,
                            respect_retry_after_header=False, raise_on_status=True),
                seconds_between_requests=self._pacing[0],
                seconds_between_writes=self._pacing[1],
            )
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    # -- the one request loop ------------------------------------------------------

    def request(
        self,
        verb: str,
        url: str,
        *,
        what: str,
        repo: str | None = None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        idempotent: bool | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[Mapping[str, Any], Any]:
        """One REST call, retried when safe; every failure ends as a GitHubError naming
        ``what``. A POST is not retried once it may have reached GitHub: a comment must
        not be created twice. Rate-limit answers were refused, so those are always retried.
        """
        safe = verb != "POST" if idempotent is None else idempotent
        call = Call(what, self.base_url, repo, sent=not safe)

        def send() -> tuple[Mapping[str, Any], Any]:
            answer = self._client().requester.requestJsonAndCheck(
                verb, url, parameters=dict(params or {}), headers=dict(headers or {}),
                input=body,
            )
            # PyGithub follows a 301 on the same host and scheme; a 302, 303, 307 or 308
            # it hands back as the answer (its headers lower-cased). Not followed: PyGithub
            # would keep the token on a redirect from https to http on the same host. Only
            # a write's answer (201 Created) carries a Location that is no redirect.
            location = answer[0].get("location")
            if location is not None and verb != "POST":
                raise temporary_redirect(call, str(location))
            return answer

        def verdict(exc: GithubException, attempt: int) -> tuple[float | None, GitHubError]:
            limit = rate_limit_delay(exc.status, exc.headers, attempt=attempt,
                                     says_limited=says_rate_limit(exc.data))
            error = status_error(call, exc.status, scrub(error_message(exc.data)))
            if limit is None and exc.status < 500:
                raise error from exc
            return limit, error

        return self._attempts_of(call, send, verdict, safe=safe)

    def _attempts_of(
        self,
        call: Call,
        send: Callable[[], T],
        verdict: Callable[[GithubException, int], tuple[float | None, GitHubError]],
        *,
        safe: bool,
        before: Callable[[float], float] | None = None,
        again: Callable[[], None] | None = None,
    ) -> T:
        """``send()`` until it answers, REST's and GraphQL's retry policy in one place.

        ``verdict`` reads an error status: the wait of a rate limit (retried however
        often, within --max-wait and MAX_RATE_WAITS), else the error to raise once
        retrying is unsafe or spent (it raises at once what retrying cannot fix).
        ``before`` may wait ahead of an attempt (GraphQL points; returns the seconds);
        ``again`` runs before a failed attempt is repeated (GraphQL asks smaller pages).

        Why not PyGithub's GithubRetry (urllib3's Retry), measured against the fake
        server: it sent a comment POST again after the first had stalled past the
        timeout with GitHub having acted (two comments), retried POSTs on a 502, did not
        retry a 429 without Retry-After nor a truncated JSON body, and its
        ``max_rate_limit_wait`` bounds one primary or secondary wait but not the sum of
        Retry-After waits, backoffs and timed-out answers that --max-wait promises.
        """
        waited, failures, limited = 0.0, 0, 0
        while True:
            if before is not None:
                waited += before(waited)
            try:
                return send()
            except GithubException as exc:
                limit, error = verdict(exc, limited + 1)
                if limit is not None:  # refused, so safe to repeat even for a POST
                    limited += 1
                    delay = self._rate_wait(call, exc, limit=limit, waited=waited,
                                            limited=limited)
                else:
                    failures += 1
                    delay = self._backoff * 2.0 ** (failures - 1)
                    if not safe or self._spent(failures, waited + delay):
                        raise error from exc
                    if again is not None:
                        again()
            except requests.exceptions.RetryError as exc:  # 202 Accepted, ask after ask
                raise still_processing(call, ACCEPTED_ASKS) from exc
            except requests.RequestException as exc:
                failures += 1
                delay = self._backoff * 2.0 ** (failures - 1)
                if isinstance(exc, requests.Timeout):  # that attempt waited the whole timeout
                    waited += self.timeout
                unsent = never_sent(exc)  # nothing listens there: a typo more often than a blip
                attempts = min(self._attempts, CONNECT_ATTEMPTS) if unsent else None
                if not (safe or unsent) or self._spent(failures, waited + delay, attempts):
                    raise transport_error(call, exc, timeout=self.timeout) from exc
            except ValueError as exc:  # PyGithub could not decode the JSON body (or, not
                failures += 1  # JSON's error, read a rate-limit header: "abc", "nan")
                delay = self._backoff * 2.0 ** (failures - 1)
                if not safe or self._spent(failures, waited + delay):
                    # PyGithub's int(float(header)): "could not convert string to float"
                    raise malformed(call, headers="convert" in str(exc)) from exc
            except RuntimeError as exc:  # JSON nested past Python's limit, or a redirect
                refused = redirected(call, exc)  # PyGithub will not follow, or one that loops
                if refused is None:
                    raise
                raise refused from exc
            except AssertionError as exc:  # PyGithub refuses URLs off the API root's host
                raise GitHubError(
                    f"GitHub API at {self.base_url} answered {call.what} with a link to "
                    "another host or port; set --github-url to the API root the server expects"
                ) from exc
            log.info("retrying %s in %.1f s", call.what, delay)
            time.sleep(delay)
            waited += delay

    def _rate_wait(
        self, call: Call, exc: Exception, *, limit: float, waited: float, limited: int
    ) -> float:
        """The wait for a rate limit (REST or GraphQL), or the error that says why not."""
        if limited > MAX_RATE_WAITS or waited + limit > self.max_wait:
            raise wait_too_long(
                call, delay=limit, waited=waited, waits=limited - 1,
                max_wait=self.max_wait, max_waits=MAX_RATE_WAITS,
            ) from exc
        log.warning("GitHub rate limit on %s; waiting %.0f s", call.what, limit)
        return limit

    def _spent(self, failures: int, total_wait: float, attempts: int | None = None) -> bool:
        return failures >= (attempts or self._attempts) or total_wait > self.max_wait

    # -- GraphQL -----------------------------------------------------------------------

    def graphql(
        self,
        document: str,
        variables: dict[str, Any],
        *,
        what: str,
        repo: str | None = None,
        shrink: str | None = None,
    ) -> Mapping[str, Any]:
        """The ``data`` of one GraphQL query (a read: always safe to repeat).

        GraphQL's failures come as ``errors`` in a 200 answer, or as statuses: rate
        limits are waited out like REST's; a query too heavy to answer (a 502, a
        timeout, the node limit) is asked again with ``variables[shrink]`` halved; a
        repository it cannot see is the same error as REST's 404.
        """
        call = Call(what, self.base_url, repo)

        def send() -> Mapping[str, Any]:
            try:
                _, body = self._client().requester.graphql_query(document, variables)
            except TypeError as exc:  # PyGithub reads `"errors" in None` of an empty answer
                raise ValueError("a GraphQL answer without a body") from exc
            data = body.get("data") if isinstance(body, Mapping) else None
            if not isinstance(data, Mapping):
                raise ValueError("a GraphQL answer without data")
            self._spend(document, parse_budget(data))
            return data

        def verdict(exc: GithubException, attempt: int) -> tuple[float | None, GitHubError]:
            limit, heavy = self._graphql_failure(exc, call, attempt=attempt)
            return limit, graphql_error(call, "heavy", heavy)

        def smaller() -> None:
            if shrink and int(variables.get(shrink) or 1) > 1:
                variables[shrink] = int(variables[shrink]) // 2
                log.info("asking %s again, %d a page", what, variables[shrink])

        return self._attempts_of(
            call, send, verdict, safe=True,
            before=lambda waited: self._await_points(call, waited, document), again=smaller,
        )

    def _graphql_failure(
        self, exc: GithubException, call: Call, *, attempt: int
    ) -> tuple[float | None, str]:
        """What a failed GraphQL query calls for: (seconds to wait out a rate limit, None)
        or (None, why it was too heavy) to ask again smaller; anything else is raised."""
        errors = exc.data.get("errors") if isinstance(exc.data, Mapping) else None
        if not isinstance(errors, list):  # an HTTP status, as REST has them
            if exc.status == 404:
                self._graphql = False
                raise GraphQLUnavailable(
                    f"no GraphQL API at {self.base_url} (404); reading through REST"
                ) from exc
            limit = rate_limit_delay(exc.status, exc.headers, attempt=attempt,
                                     says_limited=says_rate_limit(exc.data))
            message = scrub(error_message(exc.data))
            if limit is None and exc.status < 500:
                raise status_error(call, exc.status, message) from exc
            return limit, f"{exc.status} {message}"
        lacking = missing_field(errors)
        if lacking is not None:  # an older server: its schema lacks a field we ask for
            self._graphql = False
            raise GraphQLUnavailable(
                f"the GraphQL API at {self.base_url} has no {lacking}; reading through REST"
            ) from exc
        problem = classify_errors(errors)  # a 200 answer with errors
        if problem.kind == "rate_limited":
            return rate_limit_delay(403, exc.headers, says_limited=True, attempt=attempt), ""
        if problem.kind == "heavy":
            return None, scrub(problem.message)
        raise graphql_error(call, problem.kind, scrub(problem.message)) from exc

    def _spend(self, document: str, budget: Budget | None) -> None:
        if budget is not None:
            with self._lock:
                self.points += budget.cost
                self.budget = budget
                self._costs[document] = max(1, budget.cost)
                self._left = budget.remaining

    def _await_points(self, call: Call, waited: float, document: str) -> float:
        """Reserve the points a query is expected to cost, or wait for the reset when
        fewer are left (the seconds waited): cheaper than a refusal, which GitHub counts.

        Queries run on several threads: each takes its share of what the last answer
        said was left, so two of them do not both spend the last points.
        """
        with self._lock:
            left, expected = self._left, self._costs.get(document, 1)
            if left is None or left >= expected:
                if left is not None:
                    self._left = left - expected
                return 0.0
            reset_at = self.budget.reset_at if self.budget else time.time()
        delay = max(1.0, reset_at - time.time() + 1)
        if waited + delay > self.max_wait:
            raise wait_too_long(call, delay=delay, waited=waited, waits=0,
                                max_wait=self.max_wait, max_waits=MAX_RATE_WAITS)
        log.warning("GitHub rate limit on %s; waiting %.0f s", call.what, delay)
        time.sleep(delay)
        with self._lock:
            self._left = None  # renewed: the next answer says how many are left
        return delay

    def graphql_search_page(
        self, query: str, *, cursor: str | None = None, files: bool = False,
        reviews: bool = False, first: int = PAGE,
    ) -> SearchPage:
        """One page of an issue search through GraphQL, oldest first, with each PR's
        first 100 changed files or reviews (``files``/``reviews``) in the same answer.

        ``first`` results a page, fewer when the page proves too heavy: ``search_first``
        then says how many it took, for the next page of the same search.
        """
        what = f"search {query!r}"
        variables: dict[str, Any] = {
            "q": f"{query} sort:created-asc", "first": first, "after": cursor,
            "files": files, "reviews": reviews,
        }
        data = self.graphql(SEARCH, variables, what=what, shrink="first")
        self.search_first = int(variables["first"])
        return self.parsed(parse_search, data, what)

    def graphql_pull_pages(
        self, repo: str, number: int, *, files_after: str | None, reviews_after: str | None
    ) -> tuple[list[FileRecord], list[ReviewRecord]]:
        """The files and reviews of a PR past the first page GraphQL search brought."""
        owner, _, name = repo.partition("/")
        what = f"the files and reviews of {repo}#{number} (GraphQL)"
        files: list[FileRecord] = []
        reviews: list[ReviewRecord] = []
        first = PAGE
        cursors: set[tuple[str | None, str | None]] = set()
        while files_after or reviews_after:
            if (files_after, reviews_after) in cursors:
                raise page_loop(what)
            cursors.add((files_after, reviews_after))
            variables: dict[str, Any] = {
                "owner": owner, "name": name, "number": number, "first": first,
                "filesAfter": files_after, "reviewsAfter": reviews_after,
                "files": bool(files_after), "reviews": bool(reviews_after),
            }
            data = self.graphql(PULL_PAGES, variables, what=what, repo=repo, shrink="first")
            first = int(variables["first"])
            pull = self.parsed(parse_pull_pages, data, what)
            if files_after:  # an empty page ends a list, whatever its cursor says
                more, files_after = self.parsed(parse_files, pull.get("files"), what)
                files += more
                files_after = files_after if more else None
            if reviews_after:
                found, reviews_after = self.parsed(parse_reviews, pull.get("reviews"), what)
                reviews += found
                reviews_after = reviews_after if found else None
        return files, reviews

    def malformed(self, what: str, *, sent: bool = False) -> GitHubError:
        """``sent``: the request was a write GitHub may have carried out."""
        return malformed(Call(what, self.base_url, sent=sent))

    # -- reading -------------------------------------------------------------------

    def get_json(
        self,
        url: str,
        *,
        what: str,
        repo: str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[Mapping[str, Any], Any]:
        return self.request("GET", url, what=what, repo=repo, params=params, headers=headers)

    def iter_list(
        self,
        path: str,
        *,
        what: str,
        repo: str | None = None,
        params: Mapping[str, Any] | None = None,
        accept: str | None = None,
    ) -> Iterator[list[Any]]:
        """Pages of a list endpoint, 100 a page, following ``Link: rel="next"``."""
        url: str | None = path
        query: Mapping[str, Any] | None = {**(params or {}), "per_page": PER_PAGE}
        asked = {"Accept": accept} if accept else None
        read: set[str] = set()
        while url is not None:
            headers, data = self.get_json(url, what=what, repo=repo, params=query, headers=asked)
            if not isinstance(data, list):
                raise self.malformed(what)
            yield data
            read.add(url)
            url, query = (next_link(headers) if data else None), None  # empty: the end
            if url in read:
                raise page_loop(what)

    def _records(
        self,
        path: str,
        parse: Callable[[Any], T],
        *,
        what: str,
        repo: str,
        params: Mapping[str, Any] | None = None,
    ) -> list[T]:
        try:
            return [
                parse(item)
                for page in self.iter_list(path, what=what, repo=repo, params=params)
                for item in page
            ]
        except MalformedResponse as exc:
            raise self.malformed(what) from exc

    def login(self) -> str | None:
        """The token's login via GET /user; None without a token or when /user is refused.

        A workflow's GITHUB_TOKEN cannot read /user (403): identity then comes from config.
        """
        if self._token is None:
            return None
        try:
            _, data = self.get_json("/user", what="GET /user (the token's login)")
        except GitHubStatusError as exc:
            if exc.status == 403:
                log.info("the token cannot read /user; identity comes from --author and config")
                return None
            raise
        login = data.get("login") if isinstance(data, Mapping) else None
        if not isinstance(login, str):
            raise self.malformed("GET /user")
        return login

    def check_repo(self, repo: str) -> None:
        """Raise a clear GitHubError when ``repo`` is missing or unreadable, or has been
        renamed or moved: GitHub redirects its old name (which PyGithub follows), but
        search does not know it."""
        _, data = self.get_json(f"/repos/{repo}", what=f"GET /repos/{repo}", repo=repo)
        now = data.get("full_name") if isinstance(data, Mapping) else None
        if isinstance(now, str) and now.lower() != repo.lower():
            raise GitHubError(
                f"{repo} is now {now} on GitHub (renamed or moved), and search knows only "
                f"the new name; pass --github {now}, or point the clone's origin at it "
                "(git remote set-url origin URL)"
            )

    def search_page(self, query: str, *, page_url: str | None = None) -> SearchPage:
        """One page of GET /search/issues, oldest first, 100 a page."""
        what = f"search {query!r}"
        params = (
            None
            if page_url
            else {"q": query, "sort": "created", "order": "asc", "per_page": PER_PAGE}
        )
        headers, data = self.get_json(page_url or "/search/issues", what=what, params=params)
        try:
            return parse_search_page(data, next_link(headers))
        except MalformedResponse as exc:
            raise self.malformed(what) from exc

    def read_issue(self, repo: str, number: int) -> IssueHit | None:
        """The issue or pull request ``repo#number`` (GET /repos/{o}/{r}/issues/{n}), or
        None when there is none the token can read (404, 410 deleted, 403)."""
        path = f"/repos/{repo}/issues/{number}"
        try:
            _, data = self.get_json(path, what=f"GET {path}", repo=repo)
        except GitHubStatusError as exc:
            if exc.status in (403, 404, 410):
                return None
            raise
        return self.parsed(parse_issue, data, f"GET {path}")

    def list_pull_files(self, repo: str, number: int) -> list[FileRecord]:
        path = f"/repos/{repo}/pulls/{number}/files"
        return self._records(path, parse_file, what=f"GET {path}", repo=repo)

    def get_timeline(self, repo: str, number: int) -> Timeline:
        """A pull request's reviews and its merger in one list (GET /issues/{n}/timeline).

        One call a PR, like GET /pulls/{n}/reviews, but it also says who merged it.
        """
        return self._timeline(repo, number, parse_timeline)

    def list_label_events(self, repo: str, number: int) -> tuple[LabelEvent, ...]:
        """Who put on and took off each label of an issue or PR, oldest first (the same
        timeline as ``get_timeline``; the PR bot reads it only when it may remove one)."""
        return self._timeline(repo, number, parse_label_events)

    def _timeline(self, repo: str, number: int, parse: Callable[[Any], T]) -> T:
        path = f"/repos/{repo}/issues/{number}/timeline"
        pages = self.iter_list(path, what=f"GET {path}", repo=repo, accept=TIMELINE_ACCEPT)
        return self.parsed(parse, [event for page in pages for event in page], f"GET {path}")

    def list_issue_comments(
        self, repo: str, number: int, *, since: dt.datetime | None = None
    ) -> list[CommentRecord]:
        path = f"/repos/{repo}/issues/{number}/comments"
        params = {"since": format_when(since)} if since else None
        return self._records(path, parse_comment, what=f"GET {path}", repo=repo, params=params)

    def list_labels(self, repo: str) -> list[LabelRecord]:
        path = f"/repos/{repo}/labels"
        return self._records(path, parse_label, what=f"GET {path}", repo=repo)

    def parsed(
        self, parse: Callable[[Any], T], data: Any, what: str, *, sent: bool = False
    ) -> T:
        """``parse(data)``, a malformed answer becoming a GitHubError naming ``what``."""
        try:
            return parse(data)
        except MalformedResponse as exc:
            raise self.malformed(what, sent=sent) from exc
