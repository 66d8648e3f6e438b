"""Plain data passed between the stages: evidence, people, periods, matches.

Every record is a frozen dataclass so that a stage can never change what another saw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard, get_args

Kind = Literal["commit", "pull_request", "review", "issue", "comment", "postmortem"]
Role = Literal[
    "author",
    "co_author",
    "reviewer",
    "merger",
    "commenter",
    "assignee",
    "incident_commander",
    "responder",
    "postmortem_author",
    "action_item_owner",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
ROLES: tuple[Role, ...] = get_args(Role)
_KIND_SET: frozenset[str] = frozenset(KINDS)
_ROLE_SET: frozenset[str] = frozenset(ROLES)


def is_kind(value: object) -> TypeGuard[Kind]:
    return isinstance(value, str) and value in _KIND_SET


def is_role(value: object) -> TypeGuard[Role]:
    return isinstance(value, str) and value in _ROLE_SET


def as_role(value: str) -> Role:
    """``value`` as a Role; any other name is a ValueError (a source's own role tables
    name only roles of DESIGN.md's list, so this is a bug, never bad input)."""
    if not is_role(value):
        raise ValueError(f"not a role: {value!r}; one of {', '.join(ROLES)}")
    return value


@dataclass(frozen=True)
class Actor:
    """Somebody who did something to an item, in one role.

    Any of name, email and login may be empty; identity matching uses what is there.
    """

    role: Role
    name: str = ""
    email: str = ""
    login: str = ""


@dataclass(frozen=True)
class Evidence:
    """One piece of work, whichever sources saw it. ``id`` is stable across runs."""

    id: str
    kind: Kind
    repo: str
    title: str
    date: dt.datetime
    actors: tuple[Actor, ...]
    url: str | None = None
    body: str = ""
    labels: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    additions: int = 0
    deletions: int = 0
    author_association: str | None = None
    number: int | None = None
    shas: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # Competency overrides a person wrote on the work itself, e.g. a commit trailer
    # "Competency: customer-value" -> "+customer-value", "-customer-value" removes one.
    overrides: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict: this runs once per item per run.
        data = {f.name: getattr(self, f.name) for f in _EVIDENCE_FIELDS}
        data["date"] = format_datetime(self.date)
        data["actors"] = [
            {"role": a.role, "name": a.name, "email": a.email, "login": a.login}
            for a in self.actors
        ]
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        """An item as ``to_dict`` wrote it. A kind or role this version does not know is
        a ValueError saying which."""
        values = dict(data)
        if not is_kind(values.get("kind")):
            raise ValueError(f"'kind' is {values.get('kind')!r}; one of {', '.join(KINDS)}")
        values["date"] = parse_datetime(str(values["date"]))
        values["actors"] = tuple(_actor(a) for a in values.get("actors", ()))
        for name in ("labels", "paths", "shas", "sources", "overrides"):
            values[name] = tuple(values.get(name, ()))
        values["extra"] = dict(values.get("extra") or {})
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def to_json(self) -> str:
        return _ENCODE(self.to_dict())


def _actor(data: Mapping[str, Any]) -> Actor:
    if not is_role(data.get("role")):
        raise ValueError(f"actor role is {data.get('role')!r}; one of {', '.join(ROLES)}")
    return Actor(**data)


_EVIDENCE_FIELDS = dataclasses.fields(Evidence)
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode  # shared: once a run


@dataclass(frozen=True)
class Person:
    """Who "me" is: every name, email and login the person is known by."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    logins: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        for values in (self.names, self.logins, self.emails):
            if values:
                return values[0]
        return "unknown"

    def is_empty(self) -> bool:
        return not (self.names or self.emails or self.logins)


@dataclass(frozen=True)
class Period:
    """Inclusive calendar dates, interpreted in UTC."""

    since: dt.date
    until: dt.date

    def contains(self, when: dt.datetime) -> bool:
        return self.since <= when.astimezone(dt.timezone.utc).date() <= self.until

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.since, dt.time.min, tzinfo=dt.timezone.utc)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.until, dt.time.max, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Match:
    """One competency an item shows, how strongly, and the rules that fired."""

    competency: str
    score: float
    reasons: tuple[str, ...]
    themes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    # How likely the claim is right, calibrated on labelled work (learned.py); None when
    # only the rubric judged (a rubric of the user's own has no measured precision).
    confidence: float | None = None


@dataclass(frozen=True)
class Classified:
    """An item with what the rubric made of it."""

    evidence: Evidence
    matches: tuple[Match, ...]
    impact: tuple[str, ...] = ()
    routine: tuple[str, ...] = ()  # reasons it was judged routine upkeep, if any

    @property
    def competency_ids(self) -> tuple[str, ...]:
        return tuple(m.competency for m in self.matches)


def format_datetime(value: dt.datetime) -> str:
    """``2026-03-04T10:00:00Z``: whole seconds, UTC."""
    if value.tzinfo is not dt.timezone.utc:
        value = value.astimezone(dt.timezone.utc)
    if value.year < 1000:  # strftime writes such years unpadded; keep what it always wrote
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    # isoformat is C all the way: this runs a few times for every item of a run.
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def parse_datetime(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _union(first: Iterable[Any], second: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def merge_evidence(old: Evidence, new: Evidence) -> Evidence:
    """Combine two sightings of the same item; facts from both survive.

    A GitHub sighting knows the real title, labels and body; a git sighting knows
    the paths and line counts of a local clone. Neither is allowed to erase the other.
    """
    prefer_new = "github" in new.sources or "github" not in old.sources
    primary, secondary = (new, old) if prefer_new else (old, new)
    return dataclasses.replace(
        primary,
        url=primary.url or secondary.url,
        title=primary.title or secondary.title,
        body=primary.body if len(primary.body) >= len(secondary.body) else secondary.body,
        actors=_union(primary.actors, secondary.actors),
        labels=_union(primary.labels, secondary.labels),
        paths=primary.paths or secondary.paths,
        additions=primary.additions or secondary.additions,
        deletions=primary.deletions or secondary.deletions,
        author_association=primary.author_association or secondary.author_association,
        number=primary.number if primary.number is not None else secondary.number,
        shas=_union(primary.shas, secondary.shas),
        sources=_union(primary.sources, secondary.sources),
        overrides=_union(primary.overrides, secondary.overrides),
        extra={**dict(secondary.extra), **dict(primary.extra)},
    )
