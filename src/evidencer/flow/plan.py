"""The plan of a run: built once from settings (config file plus options) and the
environment, frozen, and handed to the flow. Nothing is read twice: the period, the
people, the repositories, the GitHub scope and API settings, the store.

The token's login is the one fact known only once GitHub answers; the flow adds it with
``Plan.with_login`` at the moment the GitHub session opens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencer.config import Settings, is_team_run
from evidencer.errors import EvidencerError
from evidencer.flow.scope import Scope, scope_of
from evidencer.github.token import DEFAULT_API_URL
from evidencer.identity import apply_mailmap, default_person, merge_people, person_from_ids
from evidencer.model import Period, Person
from evidencer.period import make_period
from evidencer.sources.git.collect import check_repository
from evidencer.sources.git.remote import Remote, Remotes
from evidencer.store.sqlite import store_path_for

NO_AUTHOR = (
    "who are you? pass --author with the email you commit under (`git shortlog -sne` lists "
    "this history's authors); join several with commas, your GitHub noreply address too: "
    "--author 'me@work.com,me@home.org,12345+me@users.noreply.github.com'; "
    "or set `git config user.email`"
)


@dataclass(frozen=True)
class GitHubPlan:
    """Where and how GitHub is asked: the API root, the waits, and what to read.

    ``repos`` empty and ``orgs`` empty: each local repository's GitHub origin is read.
    The token is resolved when a session opens, never stored here.
    """

    api_url: str
    offline: bool
    repos: tuple[str, ...]
    orgs: tuple[str, ...]
    max_wait: float
    timeout: float
    include_closed: bool
    incident_labels: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """Everything a run was asked to do, resolved once.

    ``people``: one person, or with ``--per-person`` one per ``--author`` value.
    ``scope``: what the report shows; None shows everything stored (``report`` alone).
    """

    settings: Settings
    env: Mapping[str, str]
    period: Period
    people: tuple[Person, ...]
    remotes: Mapping[Path, Remote]  # each repository's origin, read once when first asked
    github: GitHubPlan
    store_path: Path
    scope: Scope | None

    @property
    def repos(self) -> tuple[Path, ...]:
        return self.settings.repos

    @property
    def team(self) -> bool:
        """``--per-person``, or the team template for the people of one run."""
        return is_team_run(self.settings)

    @property
    def person(self) -> Person:
        """The one person of a run that is not a team run."""
        return self.whose()[0]

    def whose(self) -> tuple[Person, ...]:
        """The people, or the error that says how to name them. A plan can be made without
        knowing whose work it is: the error comes when someone must be named, so that a
        mistake in what was asked first (an imported file) is the one reported."""
        if not self.people:
            raise EvidencerError(NO_AUTHOR)
        return self.people

    def with_login(self, login: str | None) -> Plan:
        """The token's login joins the person's identity; in a team, only a team of one:
        among several people it is whoever ran evidencer, not any of them."""
        if not login:
            return self
        people = self.people
        if not people:  # no --author and no git identity: the token says who runs it
            people = (Person(logins=(login,)),)
        elif len(people) == 1 and not (self.settings.per_person and self.settings.authors):
            people = (merge_people(people[0], Person(logins=(login,))),)
        return dataclasses.replace(self, people=people)


def make_plan(
    settings: Settings, *, env: Mapping[str, str], today: dt.date, collect: bool,
    narrowed: bool = True,
) -> Plan:
    """The plan for ``settings``; ``collect``: sources will be read (repositories are
    checked first, so a bad ``--repo`` is the error, not a missing identity);
    ``narrowed``: the report shows this run's scope, else everything stored."""
    if collect:
        for repo in settings.repos:
            check_repository(repo)
    period = make_period(since=settings.since, until=settings.until, today=today)
    people = tuple(resolve_people(settings))
    remotes = Remotes(settings.repos)
    scope = scope_of(remotes=remotes.values(), github=settings.github,
                     orgs=settings.github_org) if collect or narrowed else None
    github = github_plan(settings, env)
    return Plan(
        settings=settings, env=env, period=period, people=people, remotes=remotes,
        github=github,
        store_path=store_path_for(str(settings.store) if settings.store else None, env),
        scope=scope,
    )


def github_plan(settings: Settings, env: Mapping[str, str]) -> GitHubPlan:
    """The API root (``--github-url``, else ``$GITHUB_API_URL``, else github.com), the
    waits, and what to read."""
    return GitHubPlan(
        api_url=settings.github_url or env.get("GITHUB_API_URL") or DEFAULT_API_URL,
        offline=settings.offline,
        repos=settings.github,
        orgs=settings.github_org,
        max_wait=settings.max_wait,
        timeout=settings.github_timeout,
        include_closed=settings.include_closed,
        incident_labels=settings.incident_labels,
    )


def resolve_people(settings: Settings) -> list[Person]:
    """Each ``--author`` value is a person (``--per-person``); else everyone is one person:
    the ``--author`` values, else ``git config user.email``/``user.name``; mailmap applied.
    None when nothing names anyone."""
    if settings.per_person and settings.authors:
        people = []
        for value in settings.authors:
            person = person_from_ids(author_ids(value))
            if person.is_empty():
                raise EvidencerError(f"--author {value!r}: no email, name or login in it")
            people.append(_mailmapped(person, settings.repos))
        return people
    if settings.authors:
        # "alice@example.com,alice-gh": commas join one person's ids (see --per-person).
        person = person_from_ids(i for value in settings.authors for i in author_ids(value))
    else:
        person = default_person(settings.repos)
    if person.is_empty():
        return []  # Plan.whose says how to name someone, when someone must be named
    return [_mailmapped(person, settings.repos)]


def author_ids(value: str) -> list[str]:
    """``"alice@example.com,alice-gh"`` -> the two ids of one person."""
    return [part.strip() for part in value.split(",") if part.strip()]


def _mailmapped(person: Person, repos: Sequence[Path]) -> Person:
    for repo in repos:
        if repo.exists():
            person = apply_mailmap(repo, person)
    return person
