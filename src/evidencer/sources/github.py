"""GitHub evidence for people and a period, through the search API, stored as it arrives.

Per-query sync state makes reruns incremental; per-item calls run a few at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol

from evidencer.errors import GitHubError
from evidencer.github_api import GitHubAPI, GitHubStatusError, format_when
from evidencer.github_records import IssueHit
from evidencer.github_search import search_windows
from evidencer.model import Evidence, Period, Person, format_datetime, parse_datetime
from evidencer.sources import github_items as items

log = logging.getLogger(__name__)

OVERLAP = dt.timedelta(minutes=30)  # search indexing lags; re-ask a little of the past
REPOS_PER_QUERY = 10  # repo: qualifiers OR together; keep each query well under limits
Progress = Callable[[str, int, int], None]  # (query name, results so far, results in all)
Task = Callable[[], "Evidence | None"]


class Store(Protocol):
    """What collection needs of the evidence store (evidencer.store.EvidenceStore)."""

    def upsert(self, items: Iterable[Evidence]) -> int: ...
    def get(self, item_id: str) -> Evidence | None: ...
    def get_sync(self, key: str) -> str | None: ...
    def set_sync(self, key: str, value: str) -> None: ...


@dataclass
class CollectStats:
    queries: int = 0
    incremental: int = 0  # queries that asked only for what changed since the last sync
    pages: int = 0  # search pages read
    hits: int = 0
    item_calls: int = 0  # per-item calls: changed files, reviews, comments
    upserted: int = 0
    incomplete_pages: int = 0  # pages GitHub marked incomplete_results (it timed out)
    kinds: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Query:
    """One search: ``terms`` in a scope, for acts whose ``field`` date is in the period.

    ``open_ended``: the item's ``field`` date may come after the act (a PR is updated
    after it is reviewed), so the search runs to now and the act is checked per item.
    """

    kind: str  # pull | review | issue | assigned | comment
    name: str
    login: str
    terms: str
    scope: str
    field: str
    open_ended: bool = False

    @property
    def text(self) -> str:
        return f"{self.terms} {self.scope}"


def build_queries(
    logins: Sequence[str], scopes: Sequence[str], *, include_closed: bool
) -> list[Query]:
    queries = []
    for login in logins:
        me = f"author:{login}"
        specs = [
            ("pull", "merged pull requests", f"type:pr {me} is:merged", "merged", False),
            ("pull", "open pull requests", f"type:pr {me} is:open", "created", False),
            ("review", "reviews", f"type:pr reviewed-by:{login} -{me}", "updated", True),
            ("issue", "issues opened", f"type:issue {me}", "created", False),
            (
                "assigned",
                "issues closed",
                f"type:issue assignee:{login} is:closed",
                "closed",
                False,
            ),
            ("comment", "user comments", f"type:issue commenter:{login} -{me}", "updated", True),
        ]
        if include_closed:
            closed = f"type:pr {me} is:closed is:unmerged"
            specs.insert(2, ("pull", "closed pull requests", closed, "closed", False))
        for scope in scopes:
            queries += [Query(k, n, login, t, scope, f, o) for k, n, t, f, o in specs]
    return queries


def scopes_for(repos: Sequence[str], orgs: Sequence[str]) -> list[str]:
    """Search scopes: repositories a few to a query, and each organization whole."""
    unique = sorted(dict.fromkeys(r.strip().strip("/") for r in repos if r.strip()))
    scopes = [
        " ".join(f"repo:{r}" for r in unique[i : i + REPOS_PER_QUERY])
        for i in range(0, len(unique), REPOS_PER_QUERY)
    ]
    return scopes + [f"org:{o}" for o in dict.fromkeys(orgs)]


def collect_github(
    *,
    api: GitHubAPI,
    repos: Sequence[str],
    people: Sequence[Person],
    period: Period,
    store: Store,
    orgs: Sequence[str] = (),
    include_closed: bool = False,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> CollectStats:
    """Collect the people's GitHub work in ``repos`` and ``orgs`` over ``period`` into ``store``.

    Each search page is stored before the next is asked for, so a failure keeps what
    came before and a rerun resumes; a query's sync state is written once it completes.
    """
    logins = list(dict.fromkeys(lg for p in people for lg in p.logins))
    scopes = scopes_for(repos, orgs)
    stats = CollectStats()
    if not logins or not scopes:
        return stats
    moment = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    with ThreadPoolExecutor(max_workers=api.concurrency, thread_name_prefix="github") as pool:
        run = _Run(api=api, store=store, period=period, stats=stats, pool=pool, now=moment)
        for query in build_queries(logins, scopes, include_closed=include_closed):
            run.query(query, progress)
    return stats


class _Run:
    """One collection: the search loop on this thread, per-item calls on the pool's."""

    def __init__(
        self,
        *,
        api: GitHubAPI,
        store: Store,
        period: Period,
        stats: CollectStats,
        pool: ThreadPoolExecutor,
        now: dt.datetime,
    ) -> None:
        self.api, self.store, self.period, self.stats = api, store, period, stats
        self.pool, self.now = pool, now
        self.pending: set[Future[Evidence | None]] = set()

    def sync_key(self, query: Query) -> str:
        return f"github:{self.api.base_url}:{query.text}"

    def updated_since(self, query: Query) -> dt.datetime | None:
        """The cutoff for an incremental rerun, or None when the last sync does not cover us."""
        raw = self.store.get_sync(self.sync_key(query))
        if not raw:
            return None
        try:
            state = json.loads(raw)
            since = dt.date.fromisoformat(state["since"])
            until = dt.date.fromisoformat(state["until"])
            synced = parse_datetime(state["synced_at"])
        except (ValueError, KeyError, TypeError):
            return None
        # Acts after `until` are covered only if `until` reached the day of that sync.
        covered = self.period.since >= since and (
            self.period.until <= until or until >= synced.date()
        )
        return synced - OVERLAP if covered else None

    def query(self, query: Query, progress: Progress | None) -> None:
        cutoff = self.updated_since(query)
        start, end, text = self.period.start, self.period.end, query.text
        if query.open_ended:
            end = max(end, self.now)
        if cutoff is not None:
            self.stats.incremental += 1
            if query.field == "updated":
                start = max(start, cutoff)
            else:
                text += f" updated:>={format_when(cutoff)}"
        self.stats.queries += 1
        seen = 0
        try:
            pages = search_windows(self.api, text, field=query.field, start=start, end=end)
            for page in pages if start <= end else ():
                self.stats.pages += 1
                self.stats.incomplete_pages += page.incomplete
                self.stats.hits += len(page.hits)
                self.store_page(query, page.hits)
                seen += len(page.hits)
                if progress is not None:
                    progress(query.name, seen, max(seen, page.total_count))
            self.finish(ALL_COMPLETED)
        except GitHubError as exc:
            self.settle(cancel=False)
            if isinstance(exc, GitHubStatusError) and exc.status == 422:
                self.explain_refusal(query, exc)
            raise
        except BaseException:  # interrupted: stop at once, keep what is already done
            self.settle(cancel=True)
            raise
        state = {
            "since": self.period.since.isoformat(),
            "until": self.period.until.isoformat(),
            "synced_at": format_datetime(self.now),
        }
        self.store.set_sync(self.sync_key(query), json.dumps(state))

    def store_page(self, query: Query, hits: Sequence[IssueHit]) -> None:
        now: list[Evidence] = []
        for hit in hits:
            item, task = self.plan(query, hit)
            if item is not None:
                now.append(item)
            if task is not None:
                self.stats.item_calls += 1
                self.pending.add(self.pool.submit(task))
        self.save(now)
        self.finish(None if len(self.pending) < 4 * self.api.concurrency else FIRST_COMPLETED)

    def plan(self, query: Query, hit: IssueHit) -> tuple[Evidence | None, Task | None]:
        """What a hit is stored as now, and the per-item call (if any) that completes it."""
        start, end, login, api = self.period.start, self.period.end, query.login, self.api
        if query.kind == "pull":
            item = items.pull_item(hit)
            if self.knows_paths(item):
                return item, None
            return item, lambda: items.with_files(item, api.list_pull_files(hit.repo, hit.number))
        if query.kind == "review":
            if self.unchanged(items.review_id(hit, login), "pr_updated_at", hit):
                return None, None
            return None, lambda: items.review_item(
                hit, api.list_reviews(hit.repo, hit.number), login=login, start=start, end=end
            )
        if query.kind == "comment":
            if hit.author_association not in items.OUTSIDE or self.unchanged(
                items.comment_id(hit, login), "issue_updated_at", hit
            ):
                return None, None
            return None, lambda: items.comment_item(
                hit,
                api.list_issue_comments(hit.repo, hit.number, since=start),
                login=login,
                start=start,
                end=end,
            )
        role = "assignee" if query.kind == "assigned" else "author"
        return items.issue_item(hit, login=login, role=role), None

    def knows_paths(self, item: Evidence) -> bool:
        """Paths already stored (from the local clone or an earlier run) and still current."""
        known = self.store.get(item.id)
        if known is None or not known.paths:
            return False
        return bool(
            item.extra["state"] != "open"
            or known.extra.get("updated_at") == item.extra["updated_at"]
        )

    def unchanged(self, item_id: str, key: str, hit: IssueHit) -> bool:
        """True when the stored item was built from this very version of the hit."""
        known = self.store.get(item_id)
        return known is not None and known.extra.get(key) == format_datetime(hit.updated_at)

    def finish(self, until: str | None) -> None:
        """Store per-item results that are done (waiting as ``until`` says); raise the first
        failure only after storing the rest, so nothing already fetched is lost."""
        if until is None:
            finished = {f for f in self.pending if f.done()}
        else:
            finished = wait(self.pending, return_when=until).done
        self.pending -= finished
        results, errors = [], []
        for future in finished:
            if future.cancelled():
                continue
            error = future.exception()
            if error is not None:
                errors.append(error)
            elif (result := future.result()) is not None:
                results.append(result)
        self.save(results)
        if errors:
            self.settle(cancel=True)
            raise errors[0]

    def settle(self, *, cancel: bool) -> None:
        """After a failure: store what the calls still queued bring (or cancel them when
        they would likely fail alike); their own errors are dropped for the first one."""
        if cancel:
            for future in self.pending:
                future.cancel()
        done = wait(self.pending).done
        self.pending.clear()
        self.save(
            [
                r
                for f in done
                if not f.cancelled() and f.exception() is None
                if (r := f.result()) is not None
            ]
        )

    def save(self, batch: Sequence[Evidence]) -> None:
        if batch:
            self.stats.upserted += self.store.upsert(batch)
            self.stats.kinds.update(item.kind for item in batch)

    def explain_refusal(self, query: Query, exc: GitHubStatusError) -> None:
        """Search says only "cannot be searched": find the repository or login it meant."""
        for part in query.scope.split():
            kind, _, name = part.partition(":")
            if kind == "repo":
                self.api.check_repo(name)  # raises the clear per-repository message
        raise GitHubError(
            f"GitHub cannot search {query.scope} for {query.login!r} (422: no such user, "
            "organization or repository, or no access); check the --author login and the "
            "--github-org name"
        ) from exc
