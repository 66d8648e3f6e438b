"""In-memory GitHub data for the fake REST server: users, repositories, issues, PRs.

Answers issue-search queries over them as GET /search/issues would (ghshapes renders).
"""

from __future__ import annotations

import datetime as dt
import itertools
import shlex
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

UTC = dt.timezone.utc
_ids = itertools.count(1000)


def ts(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


@dataclass
class Comment:
    id: int
    user: str
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime
    author_association: str = "MEMBER"


@dataclass
class Review:
    id: int
    user: str
    state: str
    submitted_at: dt.datetime | None
    body: str = ""
    author_association: str = "MEMBER"


@dataclass
class ChangedFile:
    filename: str
    additions: int = 1
    deletions: int = 0
    status: str = "modified"


@dataclass
class LabelChange:
    """A ``labeled`` or ``unlabeled`` event of an issue's timeline: who, which, when."""

    label: str
    actor: str
    added: bool
    created_at: dt.datetime
    id: int = field(default_factory=lambda: next(_ids))


@dataclass
class Issue:
    """An issue, or a pull request when ``is_pr`` (GitHub numbers both alike)."""

    repo: str
    number: int
    title: str
    user: str
    created_at: dt.datetime
    updated_at: dt.datetime
    body: str = ""
    state: str = "open"
    closed_at: dt.datetime | None = None
    labels: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    author_association: str = "MEMBER"
    comments: list[Comment] = field(default_factory=list)
    is_pr: bool = False
    merged_at: dt.datetime | None = None
    merge_commit_sha: str | None = None
    merged_by: str | None = None
    draft: bool = False
    files: list[ChangedFile] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    label_changes: list[LabelChange] = field(default_factory=list)
    id: int = field(default_factory=lambda: next(_ids))


@dataclass
class Label:
    name: str
    color: str = "ededed"
    description: str | None = None
    id: int = field(default_factory=lambda: next(_ids))


@dataclass
class Repo:
    full_name: str
    private: bool = False
    labels: dict[str, Label] = field(default_factory=dict)
    issues: dict[int, Issue] = field(default_factory=dict)
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def owner(self) -> str:
        return self.full_name.split("/")[0]


UNSEARCHABLE = (
    "The listed users and repositories cannot be searched either because the resources "
    "do not exist or you do not have permission to view them."
)


class SearchError(Exception):
    """A query GitHub would refuse with 422; ``errors`` go in the response body."""

    def __init__(self, message: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class Repos(dict[str, Repo]):
    """Repositories by ``owner/name``, found in any case as GitHub finds them
    (``ACME/Widgets`` is ``acme/widgets``); each keeps the spelling it was made with."""

    def _key(self, name: object) -> object:
        if isinstance(name, str):
            for key in dict.keys(self):
                if key.lower() == name.lower():
                    return key
        return name

    def __getitem__(self, name: str) -> Repo:
        return dict.__getitem__(self, self._key(name))

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, self._key(name))

    def get(self, name: str, default: Any = None) -> Any:
        return dict.get(self, self._key(name), default)

    def setdefault(self, name: str, default: Repo) -> Repo:
        return dict.setdefault(self, self._key(name), default)


class GitHubData:
    """Everything the fake server knows. All access goes through ``lock``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, dict[str, Any]] = {}
        self.repos = Repos()
        self.orgs: set[str] = set()

    # -- building the dataset -------------------------------------------------

    def add_user(self, login: str, *, name: str | None = None) -> None:
        with self.lock:
            self.users.setdefault(login, {"login": login, "id": next(_ids), "name": name})

    def add_repo(self, full_name: str, *, private: bool = False) -> Repo:
        with self.lock:
            owner = full_name.split("/")[0]
            self.orgs.add(owner)
            self.add_user(owner)
            return self.repos.setdefault(full_name, Repo(full_name, private=private))

    def _next_number(self, repo: Repo) -> int:
        return max(repo.issues, default=0) + 1

    def add_issue(
        self,
        repo: str,
        *,
        title: str,
        user: str,
        created_at: dt.datetime,
        updated_at: dt.datetime | None = None,
        **fields: Any,
    ) -> Issue:
        with self.lock:
            target = self.add_repo(repo)
            self.add_user(user)
            number = fields.pop("number", None) or self._next_number(target)
            issue = Issue(
                repo=repo,
                number=number,
                title=title,
                user=user,
                created_at=created_at,
                updated_at=updated_at or created_at,
                **fields,
            )
            for name in issue.labels:  # put on by whoever opened it, as GitHub records it
                target.labels.setdefault(name, Label(name))
                issue.label_changes.append(LabelChange(name, user, True, issue.created_at))
            target.issues[number] = issue
            return issue

    def add_pr(
        self,
        repo: str,
        *,
        title: str,
        user: str,
        created_at: dt.datetime,
        merged_at: dt.datetime | None = None,
        **fields: Any,
    ) -> Issue:
        fields.setdefault("state", "closed" if merged_at or fields.get("closed_at") else "open")
        if merged_at:
            fields.setdefault("closed_at", merged_at)
            fields.setdefault("merge_commit_sha", f"{next(_ids):040x}")
            fields.setdefault("merged_by", user)
        updated = fields.pop("updated_at", None) or merged_at or created_at
        return self.add_issue(
            repo,
            title=title,
            user=user,
            created_at=created_at,
            updated_at=updated,
            is_pr=True,
            merged_at=merged_at,
            **fields,
        )

    def add_review(
        self, issue: Issue, *, user: str, state: str, submitted_at: dt.datetime, body: str = ""
    ) -> Review:
        with self.lock:
            self.add_user(user)
            review = Review(next(_ids), user, state, submitted_at, body)
            issue.reviews.append(review)
            issue.updated_at = max(issue.updated_at, submitted_at)
            return review

    def add_comment(
        self,
        issue: Issue,
        *,
        user: str,
        body: str,
        created_at: dt.datetime,
        author_association: str = "MEMBER",
    ) -> Comment:
        with self.lock:
            self.add_user(user)
            comment = Comment(next(_ids), user, body, created_at, created_at, author_association)
            issue.comments.append(comment)
            issue.updated_at = max(issue.updated_at, created_at)
            return comment

    def label(self, issue: Issue, name: str, *, actor: str, added: bool = True) -> None:
        """Put a label on (or take it off) as ``actor``, recorded on the timeline."""
        with self.lock:
            self.add_user(actor)
            self.repos[issue.repo].labels.setdefault(name, Label(name))
            if added and name not in issue.labels:
                issue.labels.append(name)
            elif not added and name in issue.labels:
                issue.labels.remove(name)
            else:
                return  # GitHub records no event for a change that changes nothing
            issue.updated_at = now()
            issue.label_changes.append(LabelChange(name, actor, added, issue.updated_at))

    def find_comment(self, repo: str, comment_id: int) -> tuple[Issue, Comment] | None:
        for issue in self.repos[repo].issues.values():
            for comment in issue.comments:
                if comment.id == comment_id:
                    return issue, comment
        return None

    # -- search -----------------------------------------------------------------

    def search(self, q: str, *, visible: Callable[[str], bool]) -> list[Issue]:
        """Issues and PRs matching ``q``, as GET /search/issues would find them."""
        with self.lock:
            tests, scopes = self._parse(q, visible)
            found: list[Issue] = []
            for repo in self.repos.values():
                if not visible(repo.full_name):
                    continue
                if scopes and not any(scope(repo) for scope in scopes):
                    continue
                found.extend(i for i in repo.issues.values() if all(t(i) for t in tests))
            return found

    def _parse(
        self, q: str, visible: Callable[[str], bool]
    ) -> tuple[list[Callable[[Issue], bool]], list[Callable[[Repo], bool]]]:
        tests: list[Callable[[Issue], bool]] = []
        scopes: list[Callable[[Repo], bool]] = []
        missing: list[str] = []
        for token in shlex.split(q):
            negate = token.startswith("-") and ":" in token
            key, sep, value = token.lstrip("-").partition(":")
            if not sep:
                word = token.lower()
                tests.append(_text(word))
                continue
            key = key.lower()
            if key in ("repo", "org", "user"):
                if key == "repo" and (value not in self.repos or not visible(value)):
                    missing.append(value)
                if key in ("org", "user") and value not in self.orgs and value not in self.users:
                    missing.append(value)
                scopes.append(_scope(key, value))
                continue
            test = _qualifier(key, value)
            if key in ("author", "assignee", "commenter", "reviewed-by", "involves") and (
                value not in self.users
            ):
                missing.append(value)
            tests.append(_negated(test) if negate else test)
        if missing:
            raise SearchError(
                "Validation Failed",
                [
                    {
                        "message": UNSEARCHABLE,
                        "resource": "Search",
                        "field": "q",
                        "code": "invalid",
                    }
                ],
            )
        return tests, scopes


def _text(word: str) -> Callable[[Issue], bool]:
    return lambda issue: word in issue.title.lower() or word in issue.body.lower()


def _negated(test: Callable[[Issue], bool]) -> Callable[[Issue], bool]:
    return lambda issue: not test(issue)


def _scope(key: str, value: str) -> Callable[[Repo], bool]:
    if key == "repo":
        return lambda r: r.full_name.lower() == value.lower()
    return lambda r: r.owner.lower() == value.lower()


def _qualifier(key: str, value: str) -> Callable[[Issue], bool]:
    low = value.lower()
    if key == "type":
        if low not in ("pr", "issue"):
            raise SearchError(f"unknown type:{value}")
        return lambda i: i.is_pr == (low == "pr")
    if key in ("is", "state"):
        return _is(low)
    if key == "author":
        return lambda i: i.user.lower() == low
    if key == "assignee":
        return lambda i: low in (a.lower() for a in i.assignees)
    if key == "commenter":
        return lambda i: any(c.user.lower() == low for c in i.comments)
    if key == "reviewed-by":
        return lambda i: any(r.user.lower() == low and r.state != "PENDING" for r in i.reviews)
    if key == "involves":
        return lambda i: (
            i.user.lower() == low
            or low in (a.lower() for a in i.assignees)
            or any(c.user.lower() == low for c in i.comments)
        )
    if key == "label":  # label:a,b matches either, as GitHub's search does
        wanted = {part.strip().strip('"') for part in low.split(",")}
        return lambda i: any(name.lower() in wanted for name in i.labels)
    if key in ("created", "updated", "closed", "merged"):
        within = parse_range(value)
        return lambda i: within(getattr(i, f"{key}_at"))
    raise SearchError(f"unsupported qualifier {key}:")


def _is(value: str) -> Callable[[Issue], bool]:
    checks: dict[str, Callable[[Issue], bool]] = {
        "pr": lambda i: i.is_pr,
        "issue": lambda i: not i.is_pr,
        "open": lambda i: i.state == "open",
        "closed": lambda i: i.state == "closed",
        "merged": lambda i: i.merged_at is not None,
        "unmerged": lambda i: i.is_pr and i.merged_at is None and i.state == "closed",
        "draft": lambda i: i.draft,
    }
    if value not in checks:
        raise SearchError(f"unsupported is:{value}")
    return checks[value]


def _bound(text: str, *, upper: bool) -> dt.datetime | None:
    if text == "*":
        return None
    if "T" in text:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    day = dt.date.fromisoformat(text)
    moment = dt.time.max if upper else dt.time.min
    return dt.datetime.combine(day, moment, tzinfo=UTC)


def parse_range(value: str) -> Callable[[dt.datetime | None], bool]:
    """GitHub's date qualifier syntax: ``A..B``, ``>=A``, ``>A``, ``<=A``, ``<A``, ``A``."""
    lo: dt.datetime | None = None
    hi: dt.datetime | None = None
    strict_lo = strict_hi = False
    if ".." in value:
        left, right = value.split("..", 1)
        lo, hi = _bound(left, upper=False), _bound(right, upper=True)
    elif value.startswith(">="):
        lo = _bound(value[2:], upper=False)
    elif value.startswith(">"):
        lo, strict_lo = _bound(value[1:], upper=True), True
    elif value.startswith("<="):
        hi = _bound(value[2:], upper=True)
    elif value.startswith("<"):
        hi, strict_hi = _bound(value[1:], upper=False), True
    else:
        lo, hi = _bound(value, upper=False), _bound(value, upper=True)

    def within(when: dt.datetime | None) -> bool:
        if when is None:
            return False
        if lo is not None and (when <= lo if strict_lo else when < lo):
            return False
        return not (hi is not None and (when >= hi if strict_hi else when > hi))

    return within


def sort_issues(items: Iterable[Issue], sort: str | None, order: str | None) -> list[Issue]:
    descending = order != "asc"
    if sort in ("created", "updated"):
        key: Callable[[Issue], Any] = lambda i: (getattr(i, f"{sort}_at"), i.id)  # noqa: E731
    elif sort == "comments":
        key = lambda i: (len(i.comments), i.id)  # noqa: E731
    else:  # "best match": stable, newest first
        key = lambda i: i.id  # noqa: E731
    return sorted(items, key=key, reverse=descending)


def add_closing_references(data: GitHubData, repo: str, *, body_end: str = "") -> None:
    """Pull requests whose text names issues that are closed, open, pull requests or no
    issue at all (#12 merged, #13 open): what a pull request closes is GitHub's word."""
    def at(month: int, day: int) -> dt.datetime:
        return dt.datetime(2024, month, day, 10, tzinfo=dt.timezone.utc)

    data.add_issue(repo, number=3, title="Upload hangs", user="dana", created_at=at(1, 5),
                   state="closed", closed_at=at(2, 3))
    data.add_issue(repo, number=5, title="Slow export", user="dana", created_at=at(1, 5))
    data.add_pr(repo, number=4, title="Other work", user="bob", created_at=at(1, 6))
    data.add_pr(repo, number=12, title="Handle an empty upload (fixes #5)", user="alice",
                created_at=at(2, 1), merged_at=at(2, 3),
                body="Fixes #99999. Closes #4. Resolves acme/nothing#7. Fixes #3" + body_end)
    data.add_pr(repo, number=13, title="Show upload progress", user="alice",
                created_at=at(2, 4), body="Closes #5, closes #3")

