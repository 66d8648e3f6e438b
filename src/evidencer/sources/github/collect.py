"""GitHub evidence for people and a period, through the search API, stored as it arrives.

Per-query sync state makes reruns incremental; per-item calls run a few at a time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Literal, Protocol

from evidencer.errors import GitHubError
from evidencer.github.api import GitHubAPI, GitHubStatusError, format_when
from evidencer.github.records import FileRecord, IssueHit, Timeline
from evidencer.github.search import graphql_reader, search_windows
from evidencer.identity import Matcher
from evidencer.model import (
    OUTSIDE_TEAM,
    Actor,
    Evidence,
    Period,
    Person,
    Role,
    format_datetime,
    parse_datetime,
)
from evidencer.sources.contract import Progress
from evidencer.sources.github import incidents, items
from evidencer.sources.github.queries import Query, build_queries, scopes_for

log = logging.getLogger(__name__)

OVERLAP = dt.timedelta(minutes=30)  # search indexing lags; re-ask a little of the past
Task = Callable[[], list[Evidence]]

# What a sync reads, as a number: a store synced by an older reading is read again whole
# once. 2: what a pull request closes is GitHub's word (its text's "Fixes #99999" and
# "Closes #4", a pull request, were stored as issues it closed before).
SYNC_READS = 2
# issues read a run for commits pushed straight to the branch; the rest wait for the next
PUSHED_READS = 100


class Store(Protocol):
    """What collection needs of the evidence store (evidencer.store.sqlite.EvidenceStore)."""

    def upsert(self, items: Iterable[Evidence]) -> int: ...
    def get(self, item_id: str) -> Evidence | None: ...
    def remove(self, ids: Iterable[str]) -> int: ...
    def get_sync(self, key: str) -> str | None: ...
    def set_sync(self, key: str, value: str) -> None: ...
    def pushed_commits(self, *, repo: str, period: Period) -> list[Evidence]: ...
    def repos(self) -> list[str]: ...


@dataclass
class CollectStats:
    queries: int = 0
    incremental: int = 0  # queries that asked only for what changed since the last sync
    pages: int = 0  # search pages read
    hits: int = 0
    item_calls: int = 0  # per-item calls: changed files, reviews, comments
    upserted: int = 0  # rows written; an item two queries find is written twice
    ids: set[str] = field(default_factory=set)  # the items written, each once
    removed: int = 0  # stored open PRs found closed without merging (and not asked for)
    incomplete_pages: int = 0  # pages GitHub marked incomplete_results (it timed out)
    points: int = 0  # GraphQL rate-limit points the client has spent so far
    kinds: Counter[str] = field(default_factory=Counter)


def collect_github(
    *,
    api: GitHubAPI,
    repos: Sequence[str],
    people: Sequence[Person],
    period: Period,
    store: Store,
    orgs: Sequence[str] = (),
    include_closed: bool = False,
    incident_labels: Sequence[str] = (),
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    spelling: Mapping[str, str] | None = None,
) -> CollectStats:
    """Collect the people's GitHub work in ``repos`` and ``orgs`` over ``period`` into ``store``.

    ``spelling``: each repository's name as git's items spell it, by its lowercase: GitHub
    finds ``ACME/Widgets`` as ``acme/widgets`` and answers in its own spelling, and one
    pull request must stay one item (default: ``repos`` as given).

    Each search page is stored before the next is asked for, so a failure keeps what
    came before and a rerun resumes; a query's sync state is written once it completes.
    """
    logins = list(dict.fromkeys(lg for p in people for lg in p.logins))
    scopes = scopes_for(repos, orgs)
    stats = CollectStats()
    if not logins or not scopes:
        return stats
    moment = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    pool = ThreadPoolExecutor(max_workers=api.concurrency, thread_name_prefix="github")
    try:
        run = _Collection(
            api=api, store=store, period=period, stats=stats, pool=pool, now=moment,
            include_closed=include_closed, progress=progress,
            spelling=spelling or {repo.lower(): repo for repo in repos},
        )
        queries = build_queries(
            logins, scopes, include_closed=include_closed, incident_labels=incident_labels
        )
        for query in queries:
            run.query(query)
        # an organisation's repositories: those the person's local clones hold
        owners = {org.lower() for org in orgs}
        held = [name for name in (store.repos() if owners else ()) if name not in repos
                and "/" in name and name.partition("/")[0].lower() in owners]
        run.pushed_closes([*repos, *held], [Matcher(person) for person in people])
    except BaseException:
        # A signal or a failure does not wait for calls under way: one stalled request
        # held a SIGTERM for a minute (what they would bring is not stored anyway).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return stats


def _wait(
    futures: set[Future[list[Evidence]]], *, first: bool = False
) -> set[Future[list[Evidence]]]:
    """The calls done once all are (``first``: once any is), waited for in turns of a
    quarter second: a signal the kernel hands a worker thread is run by the main thread's
    handler only once the main thread stops waiting, and a call may be stalled a minute."""
    while True:
        done, pending = wait(futures, timeout=0.25,
                             return_when=FIRST_COMPLETED if first else ALL_COMPLETED)
        if not pending or (first and done):
            return done


class _Collection:
    """One collection: the search loop on this thread, per-item calls on the pool's.

    At most a few per-item calls wait their turn, so the search keeps pace with them and
    progress (results whose items are complete) moves as the slow part does.
    """

    def __init__(
        self,
        *,
        api: GitHubAPI,
        store: Store,
        period: Period,
        stats: CollectStats,
        pool: ThreadPoolExecutor,
        now: dt.datetime,
        include_closed: bool = False,
        progress: Progress | None = None,
        spelling: Mapping[str, str],
    ) -> None:
        self.api, self.store, self.period, self.stats = api, store, period, stats
        self.spelling = spelling
        self.pool, self.now, self.include_closed = pool, now, include_closed
        self.pending: set[Future[list[Evidence]]] = set()
        self.queue_limit = 4 * api.concurrency
        self.progress = progress
        self.current, self.done, self.total = "", 0, 0
        self.issues: dict[str, IssueHit | None] = {}  # issues PRs name, as read this run
        self.lock = threading.Lock()

    def spelled(self, hit: IssueHit) -> IssueHit:
        """The hit with its repository spelled as git's items spell it."""
        name = self.spelling.get(hit.repo.lower(), hit.repo)
        return hit if name == hit.repo else dataclasses.replace(hit, repo=name)

    def advance(self, count: int) -> None:
        """``count`` more results of the current query are complete: tell ``progress``."""
        self.done += count
        if self.progress is not None and (count or not self.done):
            self.progress(self.label(), self.done, max(self.done, self.total))

    def label(self) -> str:
        """The query's name, with the GraphQL points the last answer said were left."""
        budget = self.api.budget
        if budget is None:
            return self.current
        return f"{self.current} ({budget.remaining:,} points left)"

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
        if state.get("reads") != SYNC_READS:  # what it stored is read differently now
            return None
        # Acts after `until` are covered only if `until` reached the day of that sync.
        covered = self.period.since >= since and (
            self.period.until <= until or until >= synced.date()
        )
        return synced - OVERLAP if covered else None

    def query(self, query: Query) -> None:
        cutoff = self.updated_since(query)
        start, end, text = self.period.start, self.period.end, query.text
        if query.open_ended:
            end = max(end, self.now)
        if cutoff is not None:
            self.stats.incremental += 1
            text = f"{query.rerun_terms or query.terms} {query.scope}"
            if query.field == "updated":
                start = max(start, cutoff)
            else:
                text += f" updated:>={format_when(cutoff)}"
        self.stats.queries += 1
        self.current, self.done, self.total = query.name, 0, 0
        try:
            read = graphql_reader(
                self.api, files=query.kind in ("pull", "open"), reviews=query.kind == "review"
            )
            pages = search_windows(
                self.api, text, field=query.field, start=start, end=end, read=read
            )
            for number, page in enumerate(pages if start <= end else ()):
                self.stats.pages += 1
                self.stats.incomplete_pages += page.incomplete
                self.stats.hits += len(page.hits)
                if number == 0:  # the first window spans the whole range: its count is all
                    self.total = page.total_count
                self.store_page(query, page.hits)
            self.drain()
        except GitHubError as exc:
            self.stats.points = self.api.points
            self.settle(cancel=False)
            if isinstance(exc, GitHubStatusError) and exc.status == 422:
                self.explain_refusal(query, exc)
            raise
        except BaseException:  # interrupted: stop at once, keep what is already done
            self.settle(cancel=True, running=False)
            raise
        self.stats.points = self.api.points
        state = {
            "since": self.period.since.isoformat(),
            "until": self.period.until.isoformat(),
            "synced_at": format_datetime(self.now),
            "reads": SYNC_READS,
        }
        self.store.set_sync(self.sync_key(query), json.dumps(state))

    def store_page(self, query: Query, hits: Sequence[IssueHit]) -> None:
        """Store what the page says at once, then complete its items a few calls at a time."""
        plans = [self.plan(query, self.spelled(hit)) for hit in hits]
        self.save([item for found, _ in plans for item in found])
        tasks = [task for _, task in plans if task is not None]
        self.advance(len(plans) - len(tasks))
        for task in tasks:
            self.stats.item_calls += 1
            self.pending.add(self.pool.submit(task))
            if len(self.pending) >= self.queue_limit:
                self.finish(wait_one=True)
        self.finish(wait_one=False)

    def plan(self, query: Query, hit: IssueHit) -> tuple[list[Evidence], Task | None]:
        """What a hit is stored as now, and the per-item call (if any) that completes it.

        A GraphQL hit brings its PR's files, reviews and merger along: no call then,
        unless the PR has more than a page of them.
        """
        start, end, login, api = self.period.start, self.period.end, query.login, self.api
        if query.kind == "open" and items.pull_state(hit) != "open":
            return _some(self.no_longer_open(hit)), None  # only a rerun asks for every state
        if query.kind in ("pull", "open"):
            return self.plan_pull(hit)
        if query.kind == "review":
            if self.unchanged(items.review_id(hit, login), "pr_updated_at", hit):
                return [], None
            detail = hit.detail
            if detail is not None and detail.reviews is not None:
                reviews, after, merger = detail.reviews, detail.more_reviews, detail.merged_by

                def timeline() -> Timeline:
                    more = api.graphql_pull_pages(
                        hit.repo, hit.number, files_after=None, reviews_after=after
                    )[1] if after else []
                    return Timeline((*reviews, *more), merger)

                if after is None:
                    found = items.timeline_items(
                        hit, timeline(), login=login, start=start, end=end
                    )
                    return found, None
                return [], lambda: items.timeline_items(
                    hit, timeline(), login=login, start=start, end=end
                )
            return [], lambda: items.timeline_items(
                hit, api.get_timeline(hit.repo, hit.number), login=login, start=start, end=end
            )
        if query.kind == "comment":
            # REST: GraphQL's comments connection has no `since`; a long thread would cost
            # pages of old comments, where REST asks only for the period's.
            if hit.author_association not in OUTSIDE_TEAM or self.unchanged(
                items.comment_id(hit, login), "issue_updated_at", hit
            ):
                return [], None
            return [], lambda: _some(
                items.comment_item(
                    hit,
                    api.list_issue_comments(hit.repo, hit.number, since=start),
                    login=login,
                    start=start,
                    end=end,
                )
            )
        if query.kind == "incident":
            if incidents.is_direct(hit, login):
                return _some(incidents.incident_item(hit, login=login)), None
            return [], lambda: _some(incidents.incident_item(
                hit, login=login, comments=api.list_issue_comments(hit.repo, hit.number)
            ))
        role: Role = "assignee" if query.kind == "assigned" else "author"
        return [items.issue_item(hit, login=login, role=role)], None

    def plan_pull(self, hit: IssueHit) -> tuple[list[Evidence], Task | None]:
        """A PR now, and the call completing its files and the issues its text names
        that GitHub's own list does not settle (none through GraphQL, mostly)."""
        api, item = self.api, items.pull_item(hit)
        unread = items.unread_closing(hit)
        files: Callable[[], Sequence[FileRecord]] | None = None
        detail = hit.detail
        if self.knows_paths(item):
            files = None
        elif detail is not None and detail.files is not None:
            first, after = detail.files, detail.more_files
            if after is None:
                item = items.with_files(item, first)
            else:
                files = lambda: [*first, *api.graphql_pull_pages(  # noqa: E731
                    hit.repo, hit.number, files_after=after, reviews_after=None)[0]]
        else:
            files = lambda: api.list_pull_files(hit.repo, hit.number)  # noqa: E731
        if files is None and not unread:
            return [item], None

        def complete() -> list[Evidence]:
            done = item if files is None else items.with_files(item, files())
            merged = hit.merged_at is not None
            read = [(ref, self.issue(ref)) for ref in unread]
            found = [(ref, issue) for ref, issue in read
                     if issue is not None and items.closes(issue, merged=merged)]
            return [items.with_linked(done, found) if unread else done]

        return [item], complete

    def issue(self, ref: str) -> IssueHit | None:
        """The issue ``owner/repo#n`` as GitHub has it, read once a run."""
        key = ref.lower()
        with self.lock:
            if key in self.issues:
                return self.issues[key]
        repo, _, number = ref.rpartition("#")
        found = self.api.read_issue(repo, int(number))
        with self.lock:
            self.issues[key] = found
        return found

    def pushed_closes(self, repos: Sequence[str], people: Sequence[Matcher]) -> None:
        """What the person's commits pushed straight to the branch closed, in GitHub's word.

        Their messages' closing keywords close an issue when the commit lands, if it is an
        issue that exists: "Fixes #99999", or "Closes #4" where #4 is a pull request,
        closes nothing. Each issue named is read once and the answer stored with the
        commit, at most PUSHED_READS a run; a commit whose issues are not all read yet
        keeps git's reading until a later run reads them.
        """
        named: list[tuple[Evidence, list[str]]] = []
        wanted: dict[str, None] = {}
        for repo in repos:
            name = self.spelling.get(repo.lower(), repo)
            for commit in self.store.pushed_commits(repo=name, period=self.period):
                if not any(me.actor_is_me(actor) for me in people for actor in commit.actors):
                    continue
                refs = items.message_closes(commit)[:items.MAX_READ]
                if refs and len(wanted.keys() | set(refs)) <= PUSHED_READS:
                    wanted.update(dict.fromkeys(refs))
                    named.append((commit, refs))
        reads = {ref: self.pool.submit(self.issue, ref) for ref in wanted}
        wait(reads.values())
        failure = next((f.exception() for f in reads.values() if f.exception()), None)
        found = {ref: f.result() for ref, f in reads.items() if f.exception() is None}
        checked = []  # what was read is kept, though a read failed
        for commit, refs in named:
            if all(ref in found for ref in refs):
                closed = [(ref, issue) for ref in refs
                          if (issue := found[ref]) is not None
                          and items.closes(issue, merged=True)]
                facts = dataclasses.replace(
                    commit.facts, linked_issues=tuple(ref for ref, _ in closed),
                    reporters=tuple(
                        items.reporter(ref, issue) for ref, issue in closed
                        if not any(me.actor_is_me(Actor(role="author", login=issue.user))
                                   for me in people)))
                checked.append(dataclasses.replace(commit, facts=facts))
        if checked:  # the store changed: the run's document is classified afresh
            self.stats.upserted += self.store.upsert(checked)
        if failure is not None:
            raise failure

    def no_longer_open(self, hit: IssueHit) -> Evidence | None:
        """A PR stored as open (work in progress) was merged or closed since.

        Merged, it is stored as merged, dated by the merge (the merged-PR query has it
        already when that falls in the period). Closed unmerged and asked for
        (``include_closed``), or also seen by git, it is kept, marked closed; otherwise
        it leaves the store, as if it had been closed before the first run.
        """
        item_id = items.pull_id(hit.repo, hit.number)
        known = self.store.get(item_id)
        if known is None or known.facts.state != "open":
            return None
        if hit.merged_at is not None or self.include_closed or set(known.sources) - {"github"}:
            return items.pull_item(hit)
        self.stats.removed += self.store.remove([item_id])
        return None

    def knows_paths(self, item: Evidence) -> bool:
        """Paths already stored (from the local clone or an earlier run) and still current."""
        known = self.store.get(item.id)
        if known is None or not known.paths:
            return False
        return bool(
            item.facts.state != "open"
            or known.facts.updated_at == item.facts.updated_at
        )

    def unchanged(
        self, item_id: str, key: Literal["pr_updated_at", "issue_updated_at"], hit: IssueHit
    ) -> bool:
        """True when the stored item was built from this very version of the hit."""
        known = self.store.get(item_id)
        return known is not None and getattr(known.facts, key) == format_datetime(hit.updated_at)

    def finish(self, *, wait_one: bool) -> None:
        """Store per-item results that are done (``wait_one``: once one is); raise the
        first failure only after storing the rest, so nothing already fetched is lost."""
        if wait_one:
            finished = _wait(self.pending, first=True)
        else:
            finished = {f for f in self.pending if f.done()}
        errors = self.harvest(finished)
        if errors:
            self.settle(cancel=True)
            raise errors[0]

    def drain(self) -> None:
        """Wait for every per-item call, storing each result as it comes; then raise the
        first failure, if any (like waiting for all of them at once, with progress)."""
        errors: list[BaseException] = []
        while self.pending:
            errors += self.harvest(_wait(self.pending, first=True))
        if errors:
            raise errors[0]

    def harvest(self, finished: set[Future[list[Evidence]]]) -> list[BaseException]:
        """Store what finished calls brought; their failures are returned, not raised."""
        self.pending -= finished
        results: list[Evidence] = []
        errors: list[BaseException] = []
        for future in finished:
            if future.cancelled():
                continue
            error = future.exception()
            if error is not None:
                errors.append(error)
            else:
                results += future.result()
        self.save(results)
        self.advance(len(finished))
        return errors

    def settle(self, *, cancel: bool, running: bool = True) -> None:
        """After a failure: store what the calls still queued bring (or cancel them when
        they would likely fail alike); their own errors are dropped for the first one.
        ``running``: wait for calls under way (not after a signal: one may be stalled)."""
        if cancel:
            for future in self.pending:
                future.cancel()
        done = _wait(self.pending) if running else {f for f in self.pending if f.done()}
        self.pending.clear()
        self.save(
            [r for f in done if not f.cancelled() and f.exception() is None for r in f.result()]
        )

    def save(self, batch: Sequence[Evidence]) -> None:
        if batch:
            self.stats.upserted += self.store.upsert(batch)
            self.stats.ids.update(item.id for item in batch)
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


def _some(item: Evidence | None) -> list[Evidence]:
    return [] if item is None else [item]
