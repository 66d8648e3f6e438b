"""The one flow every command runs: import, collect, classify, report.

``run`` is what a brag is: ``brag``, ``report``, ``action-report`` and the team view all
call it with their plan and read the reports it returns; ``collect`` is its first half.
Nothing here knows the command line: commands build the ``Plan`` and print.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidencer.classify.rubric import MAX_TEXT, Rubric, load_rubric
from evidencer.config import Excludes
from evidencer.errors import EvidencerError, GitError, Warn
from evidencer.flow.plan import Plan
from evidencer.gitrun import run_git
from evidencer.globs import match_label, match_path
from evidencer.identity import Matcher
from evidencer.model import GITHUB_NO_TOKEN, GITHUB_OFFLINE, Classified, Evidence, Person
from evidencer.sources.contract import Ask, GitHubAsk, Progress
from evidencer.sources.git.source import RELEASES_KEY
from evidencer.sources.github.source import NOTHING_TO_READ, on_github
from evidencer.sources.registry import SOURCES
from evidencer.store.sqlite import EvidenceStore, save_last_run

if TYPE_CHECKING:
    from evidencer.github.api import GitHubAPI
    from evidencer.report.build import ReportInput

# The classifier and the report are imported where first used, and the rubric loads on
# demand: git starts reading history before any of them.

Stored = Callable[[Sequence[Evidence]], None]


class Journal:
    """What happened during a run, for the document: the sources read and the warnings."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.sources: dict[str, str] = {}
        self.warnings: list[str] = []

    def note(self, message: str) -> None:
        """A warning the document repeats, as well as the terminal."""
        self.warnings.append(message)
        self.warn(message)


@dataclass(frozen=True)
class Outcome:
    """``plan``: the plan as the run ended (with the token's login, when GitHub gave it)."""

    plan: Plan
    rubric: Rubric
    reports: list[ReportInput]


def run(
    plan: Plan, journal: Journal, *, collect: bool, imports: Sequence[Path] = (),
    progress: Progress | None = None, remember: bool = False,
) -> Outcome:
    """Run a brag: merge ``imports``, collect the sources when ``collect``, then classify
    each person's items and build their reports. ``remember``: record the run for
    ``explain``. A caller that knows better what the store holds says so first in
    ``journal.sources["store"]``."""
    rubric = OnDemand(lambda: load_rubric(plan.settings.rubric,
                                          classifier=plan.settings.classifier))
    if not collect and not imports and not plan.store_path.exists():
        raise EvidencerError(  # a mistyped --store: not an empty document, exit 0
            f"{plan.store_path}: no evidence store there; run `evidencer collect` or "
            "`evidencer brag` first, or give --store the one they wrote"
        )
    with EvidenceStore(plan.store_path) as store:
        for path in imports:
            store.import_items(path)
        # One person's items are classified as they are stored, while sources still read;
        # the rubric loads at the first batch, with git already reading.
        one = not plan.team and plan.people
        classifier = Classifier(plan, plan.person, rubric) if one else None
        if collect:
            collected = collect_into(plan, store, journal, on_stored=classifier,
                                     progress=progress)
            plan = collected.plan
            if collected.merged and classifier is not None:
                classifier.forget()  # GitHub's sightings merged into items classified from git
        else:
            journal.sources.setdefault("store", _store_source(plan, store))
        reports = [
            report_input(plan, journal, store, person, rubric, classifier,
                         name_from_history=not plan.team)
            for person in plan.whose()
        ]
        if collect and not plan.team and not reports[0].items and _others_committed(plan):
            period = reports[0].period  # --author is the likely miss
            journal.warn(f"no work by {plan.person.label} between {period.since} and "
                         f"{period.until}; `git shortlog -sne --since={period.since}` lists "
                         "who committed then: pass your addresses with --author")
        if remember:
            remember_run(plan, store, journal)
    return Outcome(plan=plan, rubric=rubric.get(), reports=reports)


@dataclass(frozen=True)
class Collected:
    """``plan``: with the token's login; ``stored``: items stored in all; ``merged``: of
    those, items a source wrote to the store itself (GitHub), which may have merged into
    items stored before."""

    plan: Plan
    stored: int
    merged: int


def collect_into(
    plan: Plan, store: EvidenceStore, journal: Journal, *, on_stored: Stored | None = None,
    progress: Progress | None = None,
) -> Collected:
    """Read every source of the registry into the store. ``on_stored`` sees each batch
    put through the sink; ``progress`` hears how far GitHub collection is."""
    if not plan.people:  # no --author and no git identity: the token's login may say
        plan = plan.with_login(_token_login(plan, journal))
    plan.whose()  # whose work is collected, before any of it is read
    sink = _Sink(store, on_stored)
    local = _ask(plan, journal)
    for source in SOURCES:
        if not source.remote:
            journal.sources[source.name] = source.read(local, sink)
    # GitHub comes after git: what git found is stored even when GitHub then fails.
    with github_session(plan, journal) as (api, login):
        plan = plan.with_login(login)
        if api is not None:
            ask = dataclasses.replace(_ask(plan, journal), github=GitHubAsk(
                api=api, repos=plan.github.repos, orgs=plan.github.orgs,
                include_closed=plan.github.include_closed,
                incident_labels=plan.github.incident_labels, progress=progress,
            ))
            for source in SOURCES:
                if source.remote:
                    journal.sources[source.name] = source.read(ask, sink)
    return Collected(plan=plan, stored=sink.total, merged=sink.merged_total)


def _ask(plan: Plan, journal: Journal) -> Ask:
    return Ask(repos=plan.repos, remotes=plan.remotes, people=plan.people, period=plan.period,
               postmortem_globs=plan.settings.postmortems, note=journal.note, warn=journal.warn)


class _Sink:
    """Stores in batches as sources read, so evidence read before a later failure is
    kept; ``on_stored`` sees each batch."""

    def __init__(self, store: EvidenceStore, on_stored: Stored | None, size: int = 500) -> None:
        self._store = store
        self.on_stored = on_stored
        self.size = size
        self.total = 0
        self.merged_total = 0

    @property
    def store(self) -> EvidenceStore:
        return self._store

    def put(self, items: Iterable[Evidence]) -> int:
        batch: list[Evidence] = []
        count = 0
        for item in items:
            batch.append(item)
            if len(batch) >= self.size:
                count += self._flush(batch)
                batch = []
        if batch:
            count += self._flush(batch)
        return count

    def _flush(self, batch: list[Evidence]) -> int:
        stored = self._store.upsert_items(batch)
        self.total += len(stored)
        if self.on_stored is not None:
            self.on_stored(stored)
        return len(stored)

    def merged(self, count: int) -> None:
        self.total += count
        self.merged_total += count


def remember_run(plan: Plan, store: EvidenceStore, journal: Journal) -> None:
    """Record the run for ``explain``, which then needs no option repeated. Best effort:
    a data folder that cannot be written costs only that convenience."""
    person = plan.person
    record = {
        "store": str(store.path.resolve()),
        "authors": [*person.emails, *person.names, *person.logins],
        "since": plan.period.since.isoformat(),
        "until": plan.period.until.isoformat(),
        "repos": [str(repo.resolve()) for repo in plan.repos],
        "rubric": str(Path(plan.settings.rubric).resolve()) if plan.settings.rubric else None,
    }
    try:
        store.remember_run(record)  # for `explain --store`, whichever run came last elsewhere
        save_last_run(plan.env, record)
    except (OSError, sqlite3.Error, EvidencerError) as exc:
        journal.warn(f"cannot remember this run for `evidencer explain`: {exc}")


def _others_committed(plan: Plan) -> bool:
    """Whether anyone committed to the run's repositories in the period: when so and none
    of it is the person's, the ``--author`` is the likely mistake, not the period."""
    since = f"--since={plan.period.since.isoformat()}"
    for repo in plan.repos:
        try:
            if run_git(repo, "rev-list", "-1", since, "HEAD", "--").strip():
                return True
        except GitError:  # no commits yet: nobody's work to miss
            continue
    return False


def _store_source(plan: Plan, store: EvidenceStore) -> str:
    """What a document made from the store alone says it shows: everything, or a part."""
    if plan.scope is not None:
        return f"{store.path}, only what --repo, --github and --github-org name"
    count = len(store.repos())
    return (f"{store.path}, everything stored: {count} repositor{'y' if count == 1 else 'ies'};"
            " --repo narrows it")


@contextlib.contextmanager
def github_session(
    plan: Plan, journal: Journal
) -> Iterator[tuple[GitHubAPI | None, str | None]]:
    """The GitHub API and the token's login, when a token is there and not ``--offline``.

    Without a token everything works offline and the document says GitHub was not read.
    A workflow token cannot read its login; then identity comes from --author alone.
    """
    if not plan.github.offline and not (plan.github.repos or plan.github.orgs) \
            and not any(map(on_github, plan.remotes.values())):
        # A clone from GitLab, Gitea or Azure DevOps: nothing on GitHub to ask about
        journal.sources.setdefault("github", NOTHING_TO_READ)
        yield None, None
        return
    api = open_github(plan) if not plan.github.offline else None
    if api is None:
        journal.sources.setdefault(
            "github", GITHUB_OFFLINE if plan.github.offline else GITHUB_NO_TOKEN)
        yield None, None
        return
    with api:
        yield api, api.login()


def _token_login(plan: Plan, journal: Journal) -> str | None:
    """The token's login, asked before anything is read (the session opens again for
    collection: one more GET /user, only for a run that names nobody)."""
    with github_session(plan, journal) as (_, login):
        return login


def open_github(plan: Plan) -> GitHubAPI | None:
    """A client for the plan's API root with the environment's token (GITHUB_TOKEN,
    GH_TOKEN, else ``gh auth token``); None without one."""
    from evidencer.github.api import GitHubAPI, resolve_token

    github = plan.github
    token = resolve_token(plan.env, api_url=github.api_url)
    if not token:
        return None
    return GitHubAPI(base_url=github.api_url, token=token, max_wait=github.max_wait,
                     timeout=github.timeout)


def excluded(item: Evidence, excludes: Excludes) -> bool:
    if any(match_label(pattern, item.id) for pattern in excludes.ids):
        return True
    if excludes.paths and item.paths and all(
        any(match_path(p, path) for p in excludes.paths) for path in item.paths
    ):
        return True
    title = item.title[:MAX_TEXT]  # bounds the time of a user's regex
    return any(pattern.search(title) for pattern in excludes.titles)


class OnDemand:
    """The rubric, loaded when first needed: a run that starts by reading git has git
    working meanwhile."""

    def __init__(self, load: Callable[[], Rubric]) -> None:
        self._load = load
        self._rubric: Rubric | None = None

    def get(self) -> Rubric:
        if self._rubric is None:
            self._rubric = self._load()
        return self._rubric


class Classifier:
    """Classifies a person's items once, as they are stored, for the report to reuse."""

    def __init__(self, plan: Plan, person: Person, rubric: OnDemand) -> None:
        from evidencer.classify.judge import classify

        self.classify = classify
        self.person = person
        self.matcher = Matcher(person)
        self.rubric = rubric
        self.excludes = plan.settings.excludes
        self.period = plan.period
        self.results: dict[str, Classified] = {}
        self.roles: dict[str, tuple[str, ...]] = {}

    def forget(self) -> None:
        self.results.clear()
        self.roles.clear()

    def __call__(self, items: Iterable[Evidence]) -> None:
        for item in items:
            roles = self.matcher.roles(item)
            if not roles or excluded(item, self.excludes) or not self.period.contains(item.date):
                self.results.pop(item.id, None)
                continue
            self.roles[item.id] = roles
            self.results[item.id] = self.classify(item, self.rubric.get(), roles=roles)


def report_input(
    plan: Plan, journal: Journal, store: EvidenceStore, person: Person, rubric: OnDemand,
    classifier: Classifier | None = None, *, name_from_history: bool = False,
) -> ReportInput:
    """The person's items in the period from the store, classified, ready to render.

    ``name_from_history``: the person is called by the name their commits carry, not by
    the email or login they were given as (a team run names its files after those).
    """
    from evidencer.report.build import ReportInput
    from evidencer.report.copies import fold_copies

    if classifier is None or classifier.person != person:
        classifier = Classifier(plan, person, rubric)
    ids = store.ids(period=plan.period, repo_filter=plan.scope.holds if plan.scope else None)
    classifier(store.get_many(i for i in ids if i not in classifier.results))
    items = fold_into_pull_requests([classifier.results[i] for i in ids if i in classifier.results])
    items, also = fold_copies(items, classifier.roles)
    roles = {e.evidence.id: classifier.roles[e.evidence.id] for e in items}
    if name_from_history:
        person = named_as_in_history(person, [e.evidence for e in items])
    return ReportInput(
        person=person,
        period=plan.period,
        rubric=rubric.get(),
        items=items,
        roles=roles,
        also=also,
        sources=dict(journal.sources),
        warnings=list(journal.warnings),
        generated_at=dt.datetime.now(dt.timezone.utc),
        releases=stored_releases(store, {e.evidence.repo for e in items}),
    )


def stored_releases(store: EvidenceStore, repos: Iterable[str]) -> dict[str, list[dt.datetime]]:
    """When each repository's releases were tagged, as its git source last read them; a
    value that is no list of times (hand-edited, another version's) is no release."""
    found: dict[str, list[dt.datetime]] = {}
    for repo in sorted(repos):
        raw = store.get_sync(RELEASES_KEY + repo)
        try:
            times = json.loads(raw) if raw else []
        except ValueError:
            continue
        if not isinstance(times, list):
            continue
        # each a time git could have written (not before 1970 nor past 9999), in order
        kept = sorted({t for t in times if isinstance(t, int) and 0 <= t < _YEAR_10000})
        if kept:
            found[repo] = [dt.datetime.fromtimestamp(t, dt.timezone.utc) for t in kept]
    return found


_YEAR_10000 = 253_402_300_800  # seconds: datetime's end


def named_as_in_history(person: Person, items: Sequence[Evidence]) -> Person:
    """The person with the name git knows them by first: the name most often on their
    own addresses in the items (``--author alice@example.com`` becomes "Alice Doe")."""
    if any(name not in person.logins for name in person.names):
        return person  # a name was given ("Alice Doe"), not only a login-like id
    given = set(person.names)
    if any(actor.name in given for item in items for actor in item.actors):
        return person  # the login-like id given is the name git knows
    emails = {e.casefold() for e in person.emails}
    logins = {lg.casefold() for lg in person.logins}
    names = Counter(
        actor.name for item in items for actor in item.actors
        if actor.name and actor.role in ("author", "co_author")
        and ((actor.email and actor.email.casefold() in emails)
             or (actor.login and actor.login.casefold() in logins))
    )
    if not names:
        return person
    name = names.most_common(1)[0][0]
    return dataclasses.replace(person, names=(name, *(n for n in person.names if n != name)))


def fold_into_pull_requests(items: Sequence[Classified]) -> list[Classified]:
    """Leave out commits a pull request in the list brought in: one piece of work, one item.

    A run on a feature branch stores its commits; once the branch is merged, the pull
    request lists them among its ``shas`` and stands for them.
    """
    merged = {
        (entry.evidence.repo, sha) for entry in items
        if entry.evidence.kind == "pull_request" for sha in entry.evidence.shas
    }
    return [
        entry for entry in items
        if entry.evidence.kind != "commit"
        or not any((entry.evidence.repo, sha) in merged for sha in entry.evidence.shas)
    ]
