"""The flow of a run, without any command-line concerns: collect, classify, report.

``cli.py`` builds ``Settings`` and a ``Run``, calls these, and prints what they return.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evidencer.atomic import atomic_write_text
from evidencer.classify.rubric import MAX_TEXT, Rubric, load_rubric
from evidencer.config import Excludes, Settings
from evidencer.errors import EvidencerError, GitError
from evidencer.flow.scope import Scope, forget_unreachable, scope_of
from evidencer.gitrun import run_git
from evidencer.globs import match_label, match_path
from evidencer.identity import Matcher, apply_mailmap, default_person, merge_people, person_from_ids
from evidencer.model import Classified, Evidence, Period, Person
from evidencer.period import make_period
from evidencer.sources.git.collect import check_repository, read_histories
from evidencer.sources.git.remote import read_remote
from evidencer.store.sqlite import EvidenceStore, save_last_run, store_path_for

if TYPE_CHECKING:
    from evidencer.github.api import GitHubAPI
    from evidencer.report.build import ReportInput

# The classifier, the report and the templates are imported where first used: git starts
# reading history (``start_git``) before their imports, and a JSON run never loads Jinja2.

Warn = Callable[[str], None]


@dataclass
class Run:
    """What a run was handed from outside: environment, today, and where warnings go."""

    settings: Settings
    env: Mapping[str, str]
    today: dt.date
    warn: Warn
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    github: GitHubAPI | None = None
    logins: list[str] = field(default_factory=list)
    # What the report shows: this run's repositories and GitHub scope (set by ``collect``
    # or by a narrowing ``report``); None shows everything stored.
    scope: Scope | None = None

    def note(self, message: str) -> None:
        self.warnings.append(message)
        self.warn(message)

    @property
    def period(self) -> Period:
        return make_period(since=self.settings.since, until=self.settings.until, today=self.today)

    def store(self) -> EvidenceStore:
        return EvidenceStore(store_path_for(
            str(self.settings.store) if self.settings.store else None, self.env
        ))


NO_AUTHOR = (
    "who are you? pass --author with the email you commit under (`git shortlog -sne` lists "
    "this history's authors); join several with commas, your GitHub noreply address too: "
    "--author 'me@work.com,me@home.org,12345+me@users.noreply.github.com'; "
    "or set `git config user.email`"
)


def check_repositories(run: Run) -> None:
    """Refuse a bad ``--repo`` first: otherwise a missing identity hides the real mistake."""
    for repo in run.settings.repos:
        check_repository(repo)


def resolve_person(run: Run, *, extra_logins: Sequence[str] = ()) -> Person:
    """``--author`` values, else ``git config user.email``/``user.name``; mailmap applied."""
    settings = run.settings
    if settings.authors:
        # "alice@example.com,alice-gh": commas join one person's ids (see --per-person).
        person = person_from_ids(i for value in settings.authors for i in value.split(","))
    else:
        person = default_person(settings.repos)
    if extra_logins:
        person = merge_people(person, Person(logins=tuple(extra_logins)))
    if person.is_empty():
        raise EvidencerError(NO_AUTHOR)
    for repo in settings.repos:
        if repo.exists():
            person = apply_mailmap(repo, person)
    return person


Stored = Callable[[Sequence[Evidence]], None]
Progress = Callable[[str, int, int], None]  # (what, results done, results in all)


def start_git(run: Run, people: Sequence[Person]) -> list[Iterator[Evidence]]:
    """Each repository's history, the first already being read by git: a caller that
    starts it before its own set-up (the rubric, the store) has git working meanwhile.
    The others start in turn, so git processes do not pile up on many repositories."""
    check_repositories(run)
    return read_histories(run.settings.repos, matchers=[Matcher(p) for p in people],
                          period=run.period, warn=run.note)


def collect(
    run: Run, store: EvidenceStore, people: Sequence[Person], *, on_stored: Stored | None = None,
    progress: Progress | None = None, histories: Sequence[Iterator[Evidence]] | None = None,
) -> int:
    """Collect every source into the store; returns how many items were stored.

    ``on_stored`` sees each batch as stored, so a caller can work while sources still read.
    ``progress`` hears how far GitHub collection is: (what, results done, results in all).
    ``histories`` are what ``start_git`` returned for the same people, if it was called.
    """
    total = 0
    histories = histories if histories is not None else start_git(run, people)
    run.scope = run_scope(run)
    run.sources["git"] = ", ".join(str(r) for r in run.settings.repos) or "none"
    # Postmortems first: a handful of files, read while git's first pass is still running
    # (they only warn, never fail, so the history read next is never lost to them).
    total += _collect_postmortems(run, store, on_stored)
    for repo, items in zip(run.settings.repos, histories, strict=True):
        seen: set[str] = set()
        total += _upsert_in_batches(store, _noting(items, seen), on_stored)
        gone = forget_unreachable(store, repo, period=run.period, seen=seen)
        if gone:
            what = "1 stored item dropped: its commit is" if len(gone) == 1 else (
                f"{len(gone)} stored items dropped: their commits are")
            run.warn(f"{repo}: {what} no longer in the repository's history "
                     "(rebased or force-pushed away)")
    # GitHub comes after git: what git found is stored even when GitHub then fails.
    with github_session(run) as login:
        if login:
            run.logins.append(login)
            people = [merge_people(p, Person(logins=(login,))) for p in people]
        if run.github is not None:
            collected = _collect_github(run, store, people, progress=progress)
            total += collected
            if collected and isinstance(on_stored, Classifier):
                # GitHub's sightings were merged into items classified from git alone.
                on_stored.forget()
    if run.github is None and "github" not in run.sources:
        run.sources["github"] = (
            "not read: --offline" if run.settings.offline
            else "not read: no token (set GITHUB_TOKEN or GH_TOKEN, or `gh auth login`)"
        )
    return total


def _noting(items: Iterable[Evidence], seen: set[str]) -> Iterator[Evidence]:
    for item in items:
        seen.add(item.id)
        yield item


def run_scope(run: Run) -> Scope:
    """The repositories and GitHub scope the run's settings name."""
    return scope_of(
        repos=run.settings.repos, github=run.settings.github, orgs=run.settings.github_org
    )


def remember_run(run: Run, store: EvidenceStore, person: Person) -> None:
    """Record the run for ``explain``, which then needs no option repeated. Best effort:
    a data folder that cannot be written costs only that convenience."""
    period = run.period
    record = {
        "store": str(store.path.resolve()),
        "authors": [*person.emails, *person.names, *person.logins],
        "since": period.since.isoformat(),
        "until": period.until.isoformat(),
        "repos": [str(repo.resolve()) for repo in run.settings.repos],
        "rubric": str(Path(run.settings.rubric).resolve()) if run.settings.rubric else None,
    }
    try:
        save_last_run(run.env, record)
    except (OSError, EvidencerError) as exc:
        run.warn(f"cannot remember this run for `evidencer explain`: {exc}")


def others_committed(run: Run) -> bool:
    """Whether anyone committed to the run's repositories in the period: when so and none
    of it is the person's, the ``--author`` is the likely mistake, not the period."""
    since = f"--since={run.period.since.isoformat()}"
    for repo in run.settings.repos:
        try:
            if run_git(repo, "rev-list", "-1", since, "HEAD", "--").strip():
                return True
        except GitError:  # no commits yet: nobody's work to miss
            continue
    return False


def store_source(run: Run, store: EvidenceStore) -> str:
    """What a document made from the store alone says it shows: everything, or a part."""
    if run.scope is not None:
        return f"{store.path}, only what --repo, --github and --github-org name"
    count = len(store.repos())
    return (f"{store.path}, everything stored: {count} repositor{'y' if count == 1 else 'ies'};"
            " --repo narrows it")


def _collect_postmortems(run: Run, store: EvidenceStore, on_stored: Stored | None) -> int:
    """Incident write-ups in the repositories: every incident is stored, whoever it names;
    the report picks the person's roles in each."""
    from evidencer.sources.postmortems.collect import iter_postmortem_evidence

    found = 0
    for repo in run.settings.repos:
        remote = read_remote(repo)
        items = iter_postmortem_evidence(
            repo, repo_name=remote.name, web_base=remote.web,
            globs=run.settings.postmortems or None, warn=run.note,
        )
        found += _upsert_in_batches(store, items, on_stored)
    run.sources["postmortems"] = f"{found} incident{'s' if found != 1 else ''} found"
    return found


def _collect_github(
    run: Run, store: EvidenceStore, people: Sequence[Person], *, progress: Progress | None = None
) -> int:
    from evidencer.sources.github.collect import collect_github
    from evidencer.sources.postmortems.collect import INCIDENT_LABELS

    assert run.github is not None
    repos = list(run.settings.github)
    if not repos and not run.settings.github_org:
        repos = [
            remote.name for repo in run.settings.repos
            if (remote := read_remote(repo)).web is not None
        ]
    if not repos and not run.settings.github_org:
        run.sources["github"] = "not read: no --github OWNER/REPO and no GitHub origin remote"
        return 0
    stats = collect_github(
        api=run.github, repos=repos, orgs=run.settings.github_org, people=people,
        period=run.period, store=store, include_closed=run.settings.include_closed,
        incident_labels=run.settings.incident_labels or INCIDENT_LABELS, progress=progress,
    )
    scope = ", ".join([*repos, *(f"org {org}" for org in run.settings.github_org)])
    run.sources["github"] = f"{scope} ({stats.upserted} items)"
    return stats.upserted


@contextlib.contextmanager
def github_session(run: Run) -> Iterator[str | None]:
    """Connect to GitHub when a token is there and not ``--offline``; yields the login.

    Without a token everything works offline and the document says GitHub was not read.
    A workflow token cannot read its login; then identity comes from --author alone.
    """
    if run.settings.offline:
        yield None
        return
    from evidencer.github.api import DEFAULT_API_URL, GitHubAPI, resolve_token

    api_url = run.settings.github_url or run.env.get("GITHUB_API_URL") or DEFAULT_API_URL
    token = resolve_token(run.env, api_url=api_url)
    if not token:
        yield None
        return
    with GitHubAPI(
        base_url=api_url, token=token, max_wait=run.settings.max_wait,
        timeout=run.settings.github_timeout,
    ) as api:
        run.github = api
        try:
            yield api.login()
        finally:
            run.github = None


def _upsert_in_batches(
    store: EvidenceStore, items: Iterable[Evidence], on_stored: Stored | None, size: int = 500
) -> int:
    """Store as we go, so evidence read before a later failure is kept."""
    batch: list[Evidence] = []
    total = 0

    def flush() -> None:
        nonlocal total, batch
        stored = store.upsert_items(batch)
        total += len(stored)
        batch = []
        if on_stored is not None:
            on_stored(stored)

    for item in items:
        batch.append(item)
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    return total


def excluded(item: Evidence, excludes: Excludes) -> bool:
    if any(match_label(pattern, item.id) for pattern in excludes.ids):
        return True
    if excludes.paths and item.paths and all(
        any(match_path(p, path) for p in excludes.paths) for path in item.paths
    ):
        return True
    title = item.title[:MAX_TEXT]  # bounds the time of a user's regex
    return any(pattern.search(title) for pattern in excludes.titles)


class Classifier:
    """Classifies a person's items once, as they are stored, for the report to reuse."""

    def __init__(self, run: Run, person: Person, rubric: Rubric) -> None:
        from evidencer.classify.judge import classify

        self.classify = classify
        self.matcher = Matcher(person)
        self.rubric = rubric
        self.excludes = run.settings.excludes
        self.period = run.period
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
            self.results[item.id] = self.classify(item, self.rubric, roles=roles)


def report_input(
    run: Run,
    store: EvidenceStore,
    person: Person,
    rubric: Rubric,
    classifier: Classifier | None = None,
    *,
    name_from_history: bool = False,
) -> ReportInput:
    """The person's items in the period from the store, classified, ready to render.

    ``name_from_history``: the person is called by the name their commits carry, not by
    the email or login they were given as (a team run names its files after those).
    """
    from evidencer.report.build import ReportInput

    period = run.period
    classifier = classifier or Classifier(run, person, rubric)
    ids = store.ids(period=period, repo_filter=run.scope.holds if run.scope else None)
    classifier(store.get_many(i for i in ids if i not in classifier.results))
    items = fold_into_pull_requests([classifier.results[i] for i in ids if i in classifier.results])
    roles = {e.evidence.id: classifier.roles[e.evidence.id] for e in items}
    if name_from_history:
        person = named_as_in_history(person, [e.evidence for e in items])
    return ReportInput(
        person=person,
        period=period,
        rubric=rubric,
        items=items,
        roles=roles,
        sources=dict(run.sources),
        warnings=list(run.warnings),
        generated_at=dt.datetime.now(dt.timezone.utc),
    )


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


def render_report(run: Run, data: ReportInput) -> str:
    from evidencer.report.build import build_context, to_json_report

    if run.settings.redact:  # --redact: private repository names and links hidden
        from evidencer.report.redact import redact_reports

        (data,) = redact_reports(
            [data], public=run.settings.public_repos, local=[str(r) for r in run.settings.repos]
        )
    if run.settings.format == "json":
        return json_document(to_json_report(data))
    from evidencer.render.jinja import render

    return render(run.settings.template, build_context(data))


def load_run_rubric(run: Run) -> Rubric:
    return load_rubric(run.settings.rubric, classifier=run.settings.classifier)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


def existing_repos(repos: Iterable[Path]) -> list[Path]:
    return [repo for repo in repos if repo.exists()]


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every item


def json_document(report: Mapping[str, object]) -> str:
    """Indented JSON with one item a line: readable, diffable, and fast to write."""
    lines = ["{"]
    keys = list(report)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = report[key]
        if key == "items" and isinstance(value, list) and value:
            lines.append(f'  "{key}": [')
            lines.append(",\n".join(["    " + _encode(item) for item in value]))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_document(run: Run, text: str, target: Path) -> None:
    """Write atomically; a Markdown document keeps the person's own words from the old one.

    Text between ``<!-- evidencer:keep -->`` and ``<!-- evidencer:end -->`` survives
    regeneration; a block that cannot be placed goes to the end, never away.
    """
    if run.settings.format == "markdown" and target.is_file():
        try:
            old = target.read_bytes().decode("utf-8")  # as written: "\r\n" stays
        except (OSError, UnicodeDecodeError) as exc:
            raise EvidencerError(
                f"{target}: cannot read the existing document to keep its notes: {exc}; "
                "move it away or write to another file"
            ) from exc
        from evidencer.render.keep import merge_kept

        text, warnings = merge_kept(old, text)
        for warning in warnings:
            run.note(f"{target}: {warning}")
    atomic_write_text(target, text)
