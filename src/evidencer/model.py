"""Plain data passed between the stages: evidence, people, periods, matches.

Every record is a frozen dataclass so that a stage can never change what another saw.

What a source knows beyond the common fields (a pull request's state, a review's states,
a postmortem's severity and action items) is one ``Facts`` record with optional typed
fields, rather than a record per source family: an item's facts come from several
sources (git and GitHub see one pull request; an incident issue is also an issue), the
report reads them across kinds (severity and duration of a postmortem or an incident
issue alike) and merging two sightings stays one field-wise rule. ``None`` means "not
known". On disk (the store and ``collect --export``) the facts are written as the
``extra`` object older versions wrote, key for key, so old stores and exports load as
they are and new exports read the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, TypeVar, get_args

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
class Contact:
    """Somebody a postmortem names (an action item's owner, a timeline entry's person)."""

    name: str = ""
    email: str = ""
    login: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email, "login": self.login}


@dataclass(frozen=True)
class ActionItemFact:
    """A postmortem's follow-up: what, its status as written, its owners and links."""

    title: str = ""
    status: str = ""
    line: int = 0
    owners: tuple[Contact, ...] = ()
    links: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "status": self.status, "line": self.line,
                "owners": [o.to_dict() for o in self.owners], "links": list(self.links)}


@dataclass(frozen=True)
class TimelineFact:
    """One line of a postmortem's timeline: its clock time as written, text, people."""

    time: str = ""
    text: str = ""
    line: int = 0
    people: tuple[Contact, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"time": self.time, "text": self.text, "line": self.line,
                "people": [p.to_dict() for p in self.people]}


# ... or a coding agent's, by what its team named it: wails' "Wails Documentation Agent",
# "Engineer - Linux (Multica Agent)" and "multica-agent" were three of "9 other people"
# whose work its maintainer merged.
# (an agent by what it does: not "user-agent", "travel_agent" or "Secret Agent")
_BOT = re.compile(r"\[bot\]|(?:^|[\s_-])bot$|(?:^|[\s_(-])(?:ai|llm|coding|code|docs?"
                  r"|documentation|swe|multica|review\w*|release|translat\w*|build|ci|devin"
                  r"|copilot)[\s_-]agent\)?$", re.IGNORECASE)


def is_bot(name: str) -> bool:
    """Whether a login or name is a bot's: ``renovate[bot]``, ``release-bot``,
    ``docs-agent``."""
    return bool(name) and _BOT.search(name.strip()) is not None


# Coding agents credited as co-authors by the addresses their tools write: restic's
# "Co-authored-by: Codex <codex@openai.com>", "Claude Code 2.1.142 / Claude Opus 4.7
# <noreply@anthropic.com>" were two of "29 other people".
_AGENT_EMAIL = re.compile(
    r"^(?:noreply@anthropic\.com|(?:codex|noreply)@openai\.com|cursoragent@cursor\.com"
    r"|junie@jetbrains\.com"
    r"|copilot@github\.com|\d+\+copilot@users\.noreply\.github\.com)$|\[bot\]@"
    # an address of its own for the agent or bot (wails: bot@taliesin.ai, agent@wails.local)
    r"|^(?:bot|agent)@",
    re.IGNORECASE,
)


def is_agent_email(email: str) -> bool:
    """Whether an address is a coding agent's or a bot's, as its tool writes it in a
    trailer (TanStack/query's "Codex <noreply@openai.com>", "github-actions
    <41898282+github-actions[bot]@users.noreply.github.com>")."""
    return bool(email) and _AGENT_EMAIL.search(email.strip()) is not None


def actor_is_bot(actor: Actor) -> bool:
    """Whether an actor is a bot or a coding agent, by its login, name or address:
    dokku's "Merged 546 items by 21 other people" were 496 from dependabot and 25 from
    its own release bot."""
    return is_bot(actor.login) or is_bot(actor.name) or is_agent_email(actor.email)


# The Sources line's GitHub entry when it could have been read and was not: the flow
# writes it, the report reads it (a clone from GitLab has nothing on GitHub to read).
GITHUB_OFFLINE = "not read: --offline"
GITHUB_NO_TOKEN = "not read: no token (set GITHUB_TOKEN or GH_TOKEN, or `gh auth login`)"


# GitHub's author_association of people outside the team: fixing or answering what they
# reported is Customer Empathy.
OUTSIDE_TEAM = frozenset({"NONE", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "CONTRIBUTOR"})


@dataclass(frozen=True)
class Reporter:
    """An issue the work closes and who opened it, as GitHub says: the rubric's rules about
    who opened an item judge it, as they judge the issue itself (fixing what a user
    outside the team reported is Customer Empathy)."""

    ref: str = ""  # owner/repo#12
    login: str = ""
    association: str = ""  # GitHub's author_association of the issue's opener
    title: str = ""
    labels: tuple[str, ...] = ()  # as far as they were read (REST reads them, GraphQL not)

    def to_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "login": self.login, "association": self.association,
                "title": self.title, "labels": list(self.labels)}


@dataclass(frozen=True)
class Facts:
    """What a source knows about an item beyond the common fields; ``None``: not known.

    Times are kept as the source wrote them (ISO 8601 text), as they were always stored.
    """

    # Pull requests and issues (git, GitHub)
    state: str | None = None  # merged, open, closed
    merged_at: str | None = None
    closed_at: str | None = None
    updated_at: str | None = None
    draft: bool = False
    discussion: int | None = None  # comments a pull request drew: a ranking signal
    commits: int | None = None  # commits a merge brought in
    # Lines (added plus deleted) of vendored code and lock files: not the change's size
    vendored_lines: int | None = None
    # Lines (added plus deleted) of the test suite's files (vendored.in_tests): part of the
    # size, told apart in the document
    test_lines: int | None = None
    # Merged from a GitHub security advisory's temporary private fork: a security fix
    private_fork: bool = False
    linked_issues: tuple[str, ...] | None = None  # owner/repo#n the work closes
    # owner/repo#n a pull request's commits name with a closing keyword (``Fixes #12``),
    # which GitHub closes as they reach the default branch: git's word, where GitHub's
    # ``linked_issues`` is not known
    commits_close: tuple[str, ...] | None = None
    reporters: tuple[Reporter, ...] | None = None  # who opened them, where GitHub said
    reverted_by: str | None = None  # the id of the item that reverted this one
    # when the work was written, where that was long before it landed (its date): a
    # commit's author date, kept from WRITTEN_LONG_BEFORE on
    written_at: str | None = None
    # git's patch-id of a commit whose subject the same person used again within a day:
    # the same change landed twice has one, two successive edits ("updated changelog",
    # an hour apart) have two
    patch_id: str | None = None
    # A person's reviews of one pull request, and the pull request then
    review_states: Mapping[str, int] | None = None  # state -> reviews in that state
    reviews: int | None = None
    review_url: str | None = None
    pr_state: str | None = None
    pr_updated_at: str | None = None
    # A person's comments on one issue, and the issue then
    comments: int | None = None
    issue_url: str | None = None
    issue_state: str | None = None
    issue_updated_at: str | None = None
    # Incidents: an incident issue, or a postmortem (which states all of the rest)
    incident: bool = False
    severity: str | None = None  # as the team's scale names it: SEV2, P1, high
    duration: str | None = None  # "2h 15m"
    path: str | None = None  # the postmortem's file, relative to its repository
    line: int | None = None
    anchor: str | None = None
    severity_level: str | None = None  # critical, high, medium, low
    status: str | None = None
    duration_minutes: int | None = None
    impact: str | None = None
    services: tuple[str, ...] | None = None
    action_items: tuple[ActionItemFact, ...] | None = None
    fix_links: tuple[str, ...] | None = None
    timeline: tuple[TimelineFact, ...] | None = None
    authorship: str | None = None  # document, git-history or none
    date_source: str | None = None  # document, git-history or file-modified

    @property
    def is_postmortem(self) -> bool:
        return self.path is not None

    def to_extra(self) -> dict[str, Any]:
        """The ``extra`` object as the store and exports hold it: the facts that are known,
        and for a postmortem every postmortem field (``null`` when the text has none)."""
        if self is NO_FACTS:
            return {}  # most items (commits) know nothing more
        out: dict[str, Any] = {}
        whole = self.is_postmortem
        for name, value in self.__dict__.items():  # the fields, in order; once per item
            if value is None or value is False:
                if not (whole and name in _POSTMORTEM_FIELDS):
                    continue
                value = [] if name in _LIST_FACTS else value
            out[name] = value if type(value) in _SCALARS else _plain(value)
        return out

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any]) -> Facts:
        """Facts from a stored or imported ``extra`` object. Unknown keys (a newer
        version's) and values of the wrong type are left out, as the report always
        ignored them; a key written as ``null`` is not known."""
        if not extra:
            return NO_FACTS
        values: dict[str, Any] = {}
        for name, raw in extra.items():
            read = _READERS.get(name)
            if read is not None and raw is not None:
                value = read(raw)
                if value is not None:
                    values[name] = value
        return cls(**values) if values else NO_FACTS

    def merged_with(self, older: Facts) -> Facts:
        """These facts over ``older`` ones: what these do not know, the older ones may.
        A postmortem states its fields whole: a field its text no longer has is gone."""
        if older is NO_FACTS:
            return self
        if self is NO_FACTS:
            return older
        whole = self.is_postmortem
        changes = {
            name: getattr(older, name)
            for name in _FACT_NAMES
            if _unknown(getattr(self, name)) and not (whole and name in _POSTMORTEM_FIELDS)
        }
        return dataclasses.replace(self, **changes) if changes else self


NO_FACTS = Facts()
# Work written this long before it landed says so: rust-lang/rustfmt's maintainer's
# "Properly handle unicode whitespace", written in April 2023, landed in October 2025, and
# four of his ten items of the year were such; ripgrep's two highlights were written before
# the period began.
WRITTEN_LONG_BEFORE = dt.timedelta(days=30)
_FACT_NAMES = tuple(f.name for f in dataclasses.fields(Facts))
# From ``severity`` on, the fields a postmortem states whole (see to_extra, merged_with).
_POSTMORTEM_FIELDS = frozenset(_FACT_NAMES[_FACT_NAMES.index("severity"):])
_SCALARS = frozenset({str, int, bool, type(None)})
_LIST_FACTS = frozenset({"linked_issues", "reporters", "services", "action_items", "fix_links",
                         "timeline"})


def _unknown(value: object) -> bool:
    return value is None or value is False  # a flag is only ever written when set


def _plain(value: Any) -> Any:
    """A fact's value as JSON: lists for tuples, objects for records and mappings."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, (Contact, ActionItemFact, TimelineFact, Reporter)):
        return value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _text(raw: Any) -> str | None:
    return raw if isinstance(raw, str) else None


def _count(raw: Any) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


def _flag(raw: Any) -> bool | None:
    return True if raw is True else None


def _texts(raw: Any) -> tuple[str, ...] | None:
    if not isinstance(raw, list):
        return None
    return tuple(v for v in raw if isinstance(v, str))


def _counts(raw: Any) -> dict[str, int] | None:
    if not isinstance(raw, Mapping):
        return None
    return {str(k): v for k, v in raw.items() if _count(v) is not None}


def _records(raw: Any) -> list[Mapping[str, Any]] | None:
    return [r for r in raw if isinstance(r, Mapping)] if isinstance(raw, list) else None


def _contacts(raw: Any) -> tuple[Contact, ...]:
    return tuple(
        Contact(**{k: r[k] for k in ("name", "email", "login") if isinstance(r.get(k), str)})
        for r in _records(raw) or ()
    )


_T = TypeVar("_T")


def _each(raw: Any, make: Callable[[Mapping[str, Any]], _T]) -> tuple[_T, ...] | None:
    """A list of records read one by one; None when ``raw`` is no list."""
    records = _records(raw)
    return None if records is None else tuple(make(r) for r in records)


def _action_items(raw: Any) -> tuple[ActionItemFact, ...] | None:
    return _each(raw, lambda r: ActionItemFact(
        title=_text(r.get("title")) or "", status=_text(r.get("status")) or "",
        line=_count(r.get("line")) or 0, owners=_contacts(r.get("owners")),
        links=_texts(r.get("links")) or ()))


def _reporters(raw: Any) -> tuple[Reporter, ...] | None:
    found = _each(raw, lambda r: Reporter(
        ref=_text(r.get("ref")) or "", login=_text(r.get("login")) or "",
        association=_text(r.get("association")) or "", title=_text(r.get("title")) or "",
        labels=_texts(r.get("labels")) or ()))
    return None if found is None else tuple(r for r in found if r.ref)


def _timeline(raw: Any) -> tuple[TimelineFact, ...] | None:
    return _each(raw, lambda r: TimelineFact(
        time=_text(r.get("time")) or "", text=_text(r.get("text")) or "",
        line=_count(r.get("line")) or 0, people=_contacts(r.get("people"))))


_READERS: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys((
        "state", "merged_at", "closed_at", "updated_at", "reverted_by", "written_at",
        "patch_id", "review_url",
        "pr_state", "pr_updated_at", "issue_url", "issue_state", "issue_updated_at",
        "severity", "duration", "path", "anchor", "severity_level", "status", "impact",
        "authorship", "date_source",
    ), _text),
    **dict.fromkeys(
        ("discussion", "commits", "vendored_lines", "test_lines", "reviews", "comments", "line",
         "duration_minutes"), _count
    ),
    **dict.fromkeys(("linked_issues", "commits_close", "services", "fix_links"), _texts),
    "draft": _flag,
    "private_fork": _flag,
    "incident": _flag,
    "review_states": _counts,
    "action_items": _action_items,
    "reporters": _reporters,
    "timeline": _timeline,
}
assert set(_READERS) == set(_FACT_NAMES)


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
    facts: Facts = NO_FACTS

    @property
    def ref(self) -> str | None:
        """The item as a closing keyword names it, ``owner/repo#12``; None without a number."""
        return f"{self.repo}#{self.number}" if self.number is not None else None

    def others_reports(self) -> tuple[Reporter, ...]:
        """The issues the work closes that someone besides its authors opened, as GitHub
        says: not an issue its own author opened, nor one a bot opened, nor one the work
        no longer closes (an imported or older record's reporters outside its issues)."""
        own = {a.login.lower() for a in self.actors
               if a.login and a.role in ("author", "co_author")}
        closes = {ref.lower() for ref in self.facts.linked_issues or ()}
        return tuple(r for r in self.facts.reporters or ()
                     if r.ref.lower() in closes and r.login.lower() not in own
                     and not is_bot(r.login))

    def user_reports(self) -> frozenset[str]:
        """Of ``others_reports``, those a user outside the team opened (owner/repo#n)."""
        return frozenset(r.ref for r in self.others_reports()
                         if r.association.upper() in OUTSIDE_TEAM)

    def to_dict(self) -> dict[str, Any]:
        # By hand rather than dataclasses.asdict: this runs once per item per run.
        data = {f.name: getattr(self, f.name) for f in _EVIDENCE_FIELDS}
        data["date"] = format_datetime(self.date)
        data["actors"] = [
            {"role": a.role, "name": a.name, "email": a.email, "login": a.login}
            for a in self.actors
        ]
        del data["facts"]
        data["extra"] = self.facts.to_extra()
        return data

    def to_json(self) -> str:
        text = _ENCODE(self.to_dict())
        if has_lone_surrogate(text):  # kept as JSON's escape of it
            text = _ENCODE_ASCII(self.to_dict())
        return text


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate, which has no UTF-8: JSON and YAML let one
    in as "\\ud800", Python as the escape of a byte that is not UTF-8 (an argument)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_EVIDENCE_FIELDS = dataclasses.fields(Evidence)
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode  # shared: once a run
_ENCODE_ASCII = json.JSONEncoder(sort_keys=True).encode


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
    # When the model judged it and nothing was claimed: the competency it came nearest to
    # claiming, and how near (its probability over the claim's cut; 1.0 would claim).
    near: tuple[str, float] | None = None

    @property
    def competency_ids(self) -> tuple[str, ...]:
        return tuple(m.competency for m in self.matches)


# A pull request's mark that it was not ready, left in the title it landed under
# (pallets/click's "WIP: Fix `HelpFormatter.write_usage` producing spurious characters",
# merged; a manager read it as unfinished work): "WIP:", "[WIP]", "(WIP)", "Draft:".
_NOT_READY = re.compile(r"^\s*(?:[\[(]\s*(?:wip|draft)\s*[\])]\s*:?|(?:wip|draft)\s*:"
                        r"|wip\s*-\s)\s*", re.IGNORECASE)


def landed_title(title: str) -> str:
    """The title of work that landed, without the mark that it was not ready yet."""
    rest = _NOT_READY.sub("", title, count=1)
    return rest if rest.strip() else title


def with_notes(body: str, notes: str) -> str:
    """A description and what the project's release notes say of its change (the
    changelog fragment or entries it adds: sources/git/fragments.py), unless it says it
    already (a squash's body often quotes its changeset). The labelled corpus keeps them
    apart and joins them so too."""
    if " ".join(notes.split()) in " ".join(body.split()):
        return body
    return f"{body.rstrip()}\n\n{notes}" if body.strip() else notes


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
    # Read again from the same local sources (git reads a whole message each time): this
    # version's reading replaces the stored one (a squash list it now strips, who opened
    # a fork's pull request as it now tells), as a postmortem read again drops what it no
    # longer says. GitHub sightings are partial (a search hit, a timeline), so there the
    # fuller text stays and the people add up.
    reread = "github" not in new.sources and set(new.sources) == set(old.sources)
    return dataclasses.replace(
        primary,
        url=primary.url or secondary.url,
        title=primary.title or secondary.title,
        body=primary.body if reread or len(primary.body) >= len(secondary.body)
        else secondary.body,
        actors=primary.actors if reread else _union(primary.actors, secondary.actors),
        labels=_union(primary.labels, secondary.labels),
        paths=primary.paths or secondary.paths,
        additions=primary.additions or secondary.additions,
        deletions=primary.deletions or secondary.deletions,
        author_association=primary.author_association or secondary.author_association,
        number=primary.number if primary.number is not None else secondary.number,
        shas=_union(primary.shas, secondary.shas),
        sources=_union(primary.sources, secondary.sources),
        overrides=_union(primary.overrides, secondary.overrides),
        facts=_landed(primary.facts.merged_with(secondary.facts), primary.facts, secondary.facts),
    )


def _landed(facts: Facts, first: Facts, second: Facts) -> Facts:
    """A merged pull request stays merged: GitHub never closes or reopens one after its
    merge, so a sighting that says "closed" or "open" is GitHub's word for one git saw
    land by a push (curl pushes the commits, each ending ``Closes #N``). What it closed
    is then not GitHub's list of a pull request closed unmerged (none): the commits'
    own words, read as a pushed commit's are (sources/github/collect.py)."""
    for landed, other in ((first, second), (second, first)):
        if landed.state == "merged" and other.state in ("closed", "open"):
            return dataclasses.replace(
                facts, state="merged", merged_at=landed.merged_at or facts.merged_at,
                closed_at=None, linked_issues=landed.linked_issues,
                reporters=landed.reporters)
    return facts
