"""Postmortem documents to incidents: YAML front matter, headed Markdown, or incident logs.

Pure: text in, frozen Incident records out; anything odd is a warning, never an exception.
Front matter is split here, not by python-frontmatter: its splitter fails on a block closed
with YAML's ``...`` (as Pandoc and Quarto write it), on one never closed and on a
byte-order mark, drops the lines it splits off (every later line number would shift), and
its loader is plain ``yaml.load``; ours blanks the delimiters in place and loads through
yamlfile.load_bounded, which refuses alias bombs before anything is built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

from evidencer.errors import Warn
from evidencer.model import Actor
from evidencer.sources.postmortems.actions import ActionItem, actions_from_yaml
from evidencer.sources.postmortems.fields import (
    find_date,
    first_sentence,
    flatten,
    moment,
    norm_key,
    parse_duration,
    parse_severity,
    plain,
    to_datetime,
    unbracket,
)
from evidencer.sources.postmortems.links import find_links, github_anchor, is_work_link
from evidencer.sources.postmortems.markdown import (
    ACTION_KEYS,
    FIELD_FOR_KEY,
    ROLE_FOR_KEY,
    Heading,
    SectionScanner,
    Signals,
    TimelineEntry,
    mask_markup,
    reference_definitions,
)
from evidencer.sources.postmortems.people import (
    KnownPeople,
    merge_actors,
    people_from_value,
    roles_in_prose,
)
from evidencer.yamlfile import YamlRefused, load_bounded

__all__ = ["ActionItem", "Incident", "TimelineEntry", "parse_postmortem"]


@dataclass(frozen=True)
class Incident:
    """One incident as its postmortem tells it; ``line``..``end_line`` is its text."""

    title: str
    line: int
    end_line: int
    date: dt.datetime | None = None
    severity: str | None = None  # as the team's scale names it: SEV2, P1, high
    severity_level: str | None = None  # the same on one scale: critical, high, medium, low
    status: str | None = None
    duration_minutes: int | None = None
    impact: str = ""
    services: tuple[str, ...] = ()
    people: tuple[Actor, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    fix_links: tuple[str, ...] = ()
    anchor: str = ""  # GitHub heading anchor, set for incidents inside a log

    def people_in(self, role: str) -> tuple[Actor, ...]:
        return tuple(actor for actor in self.people if actor.role == role)


def parse_postmortem(text: str, *, path: str, warn: Warn) -> list[Incident]:
    """Every incident in one postmortem file; ``path`` names the file in warnings."""
    try:
        return _parse(text, path, warn)
    except YamlRefused as exc:
        # An alias bomb in the front matter: nothing of the file is trusted.
        warn(f"{path}:{exc.line + 1}: front matter refused: {exc.message}; file skipped")
        return []
    except RecursionError:
        # YAML nested thousands deep: one file lost, never the run.
        warn(f"{path}:1: too deeply nested to read; skipped")
        return []


@dataclass
class _FrontMatter:
    fields: dict[str, tuple[Any, int]] = field(default_factory=dict)  # canonical -> value, line
    people: list[tuple[str, Any]] = field(default_factory=list)  # role, value
    actions: list[tuple[Any, int]] = field(default_factory=list)
    timeline: list[tuple[Any, int]] = field(default_factory=list)


def _read_front_matter(lines: list[str], path: str, warn: Warn) -> tuple[_FrontMatter, int]:
    """The front matter's fields and the index of the first body line.

    A block YAML cannot read stays in the body, where its ``key: value`` lines are still
    understood; the delimiters are blanked either way.
    """
    front = _FrontMatter()
    if not lines or lines[0].strip() not in ("---", "+++"):
        return front, 0
    opener = lines[0].strip()
    closers = ("---", "...") if opener == "---" else ("+++",)
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in closers), None)
    if close is None:
        warn(f"{path}:1: front matter is never closed; read as Markdown")
        return front, 0
    lines[0] = lines[close] = ""
    if opener == "+++":
        warn(f"{path}:1: TOML front matter is not read; use YAML between '---' lines")
        return front, close + 1
    block = lines[1:close]
    try:
        # Bounded: aliases that expand past MAX_YAML_NODES raise YamlRefused, file skipped.
        data = load_bounded("\n".join(block), loader_class=yaml.SafeLoader)[1]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        warn(f"{path}:{line}: front matter is not valid YAML ({exc.problem or exc.context}); "
             "reading its 'key: value' lines as text")
        return front, 1
    except YamlRefused:
        raise  # not a mistake to read around: parse_postmortem skips the file
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # safe_load builds dates itself: "date: 2024-02-30" raises ValueError, not YAMLError.
        detail = " ".join(str(exc).split())  # PyYAML's own text spans lines
        warn(f"{path}:2: front matter is not valid YAML ({detail}); "
             "reading its 'key: value' lines as text")
        return front, 1
    if data is not None and not isinstance(data, dict):
        kind = next((name for types, name in _YAML_KINDS if isinstance(data, types)), "a value")
        warn(f"{path}:2: front matter is {kind}, not 'key: value' fields; ignored")
        return front, close + 1
    key_lines: dict[str, int] = {}
    for offset, text in enumerate(block):
        if found := re.match(r"['\"]?([A-Za-z][^:'\"]*)['\"]?\s*:", text):
            key_lines.setdefault(norm_key(found.group(1)), offset + 2)
    for raw_key, value in (data or {}).items():
        key = norm_key(str(raw_key))
        line = key_lines.get(key, 2)
        if value is None or value == "" or value == []:
            continue
        if key in ROLE_FOR_KEY:
            front.people.append((ROLE_FOR_KEY[key], value))
        elif key in ("roles", "people", "team") and isinstance(value, dict):
            for role_key, people in value.items():
                if role := ROLE_FOR_KEY.get(norm_key(str(role_key))):
                    front.people.append((role, people))
        elif key in ACTION_KEYS:
            front.actions.append((value, line))
        elif key == "timeline":
            front.timeline.append((value, line))
        elif key in FIELD_FOR_KEY:
            front.fields.setdefault(FIELD_FOR_KEY[key], (value, line))
    return front, close + 1


_YAML_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (list, "a list"), (str, "a string"), (bool, "a boolean"), ((int, float), "a number"),
    ((dt.date, dt.datetime), "a date"), (bytes, "binary data"),
)


def _parse(text: str, path: str, warn: Warn) -> list[Incident]:
    lines = [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n")]
    front, body_start = _read_front_matter(lines, path, warn)
    mask_markup(lines, body_start)
    refs = reference_definitions(lines)
    scanner = SectionScanner(lines, refs)
    headings = scanner.headings(0, len(lines))
    starts = _log_headings(headings)
    if not starts:
        signals = scanner.scan(0, len(lines), title_heading=None)
        incident = _build(signals, front, path, warn, start=1, end=len(lines))
        return [incident] if incident else []
    seen: dict[str, int] = {}
    anchors = {h.line: github_anchor(h.text, seen) for h in headings}
    incidents = []
    for heading in starts:
        end = next(
            (h.line - 1 for h in headings if h.line > heading.line and h.level <= heading.level),
            len(lines),
        )
        signals = scanner.scan(heading.line - 1, end, title_heading=heading)
        incident = _build(signals, _FrontMatter(), path, warn, start=heading.line, end=end)
        if incident:
            incidents.append(dataclasses.replace(incident, anchor=anchors[heading.line]))
    return incidents


_LOG_HEADING_RE = re.compile(
    r"^(?:(?:incident|outage|post-?mortem|sev\s*-?\d|inc-?\d+)\b.*\d{4}"
    r"|\[?\d{4}-\d{1,2}-\d{1,2}\]?\s*[-–—:|]\s*\S)",
    re.IGNORECASE,
)
_LOG_TITLE_RE = re.compile(r"\b(?:log|history|incidents|postmortems|post-mortems)\b", re.I)


def _log_headings(headings: list[Heading]) -> list[Heading]:
    """Headings that each open one incident of a log (never a timeline's day headings)."""
    candidates: list[Heading] = []
    enclosing: list[Heading] = []
    for heading in headings:
        while enclosing and enclosing[-1].level >= heading.level:
            enclosing.pop()
        in_timeline = any(h.kind == "timeline" for h in enclosing)
        if not in_timeline and _LOG_HEADING_RE.match(heading.text) and find_date(heading.text):
            candidates.append(heading)
        enclosing.append(heading)
    if not candidates:
        return []
    level = min(h.level for h in candidates)
    same_level = [h for h in candidates if h.level == level]
    # One dated heading under "# Incident log" is still a log of one.
    titled_log = any(h.level < level and _LOG_TITLE_RE.search(h.text) for h in headings)
    return same_level if len(same_level) >= 2 or titled_log else []


def _log_title(heading: str) -> str:
    """ "Incident on 2024-07-25 - Checkout errors" -> "Checkout errors"."""
    rest = re.sub(r"^(?:incident|outage)\b\s*(?:on|of)?\s*[:-]?\s*", "", heading, flags=re.I)
    rest = re.sub(
        r"^\[?(?:\d{4}-\d{1,2}-\d{1,2}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}"
        r"|\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})"
        r"\]?\s*[-–—:|]\s*",
        "",
        rest,
    )
    return rest.strip() if rest.strip() and rest != heading else heading


def _build(
    signals: Signals, front: _FrontMatter, path: str, warn: Warn, *, start: int, end: int
) -> Incident | None:
    """Front matter first, then the Markdown, then the file name: the first found wins."""

    def values(name: str) -> list[tuple[Any, int]]:
        first = [front.fields[name]] if name in front.fields else []
        return first + signals.fields.get(name, [])

    stem = PurePosixPath(path).stem
    title = next((str(v).strip() for v, _ in values("title") if _scalar(v) and str(v).strip()), "")
    title = plain(title or (_log_title(signals.title) if signals.title_is_log_heading
                            else signals.title))
    title = title or re.sub(r"[-_]+", " ", re.sub(r"^\d{4}-\d{2}-\d{2}[-_]?", "", stem)).strip()

    date = None
    for value, line in values("date"):
        date = to_datetime(value)
        if date is not None:
            break
        if str(value).strip().lower() in _DATE_WORDS:
            continue
        warn(f"{path}:{line}: date {_show(value)} not understood; write it as YYYY-MM-DD")
    if date is None:
        found = find_date(signals.title) or find_date(title) or find_date(stem)
        date = found[0] if found else None

    severity = level = None
    for value, line in values("severity")[:1]:
        if parsed := parse_severity(value):
            severity, level = parsed
        elif _scalar(value):
            severity = " ".join(str(value).split())[:40]
            warn(f"{path}:{line}: unknown severity {_show(value)}; kept as written "
                 "(known: SEV0-SEV5, P0-P4, critical, high, medium, low)")

    status = next((_status(v) for v, _ in values("status") if _scalar(v) and _status(v)), None)

    duration = next(
        (d for v, _ in values("duration") if (d := parse_duration(v)) is not None), None
    )
    began = next((m for v, _ in values("start") if (m := moment(v, date))), None)
    ended = next((m for v, _ in values("end") if (m := moment(v, date))), None)
    if duration is None and began and ended and dt.timedelta(0) <= ended - began < _MAX_SPAN:
        duration = int((ended - began).total_seconds() // 60)
    if began and (date is None or (date.time() == dt.time() and began.date() == date.date())):
        date = began  # the same day, now with the hour it started

    impact = next((first_sentence(t) for v, _ in values("impact") for t in _texts(v)), "")
    impact = impact or signals.section_sentence("impact")
    summaries = (first_sentence(t) for v, _ in values("summary") for t in _texts(v))
    impact = impact or next(summaries, "")
    impact = impact or signals.section_sentence("summary")
    stated_impact = bool(impact)  # loose prose alone does not make a document an incident
    impact = impact or signals.section_sentence("intro")

    services: list[str] = []
    for value, _ in values("services"):
        for item in flatten(value):
            if _scalar(item):
                services.extend(s.strip(" `*_'\"") for s in re.split(r"[,;]", unbracket(str(item))))
    services = list(dict.fromkeys(s for s in services if s and len(s) <= 80))

    people: list[Actor] = []
    for role, value in front.people:
        people.extend(people_from_value(value, role, signals.refs))
    people.extend(signals.people)
    stated = _stated_in_prose(signals, values("summary"), people)
    # As in timelines: leading the incident already says they were there.
    leads = KnownPeople(p for p in [*people, *stated] if p.role == "incident_commander")
    people.extend(p for p in stated if p.role != "responder" or p not in leads)

    actions = [item for value, line in front.actions
               for item in actions_from_yaml(value, line, signals.refs)]
    actions += signals.actions
    fix_links = list(signals.fix_links)
    for value, _ in values("fix"):
        for item in flatten(value):
            if isinstance(item, int) and not isinstance(item, bool):
                fix_links.append(f"#{item}")
            elif isinstance(item, str):
                fix_links.extend(find_links(item))
    for value, line in front.timeline:
        for entry in flatten(value):
            if isinstance(entry, dict):
                entry = " ".join(str(v) for v in entry.values() if _scalar(v))
            if isinstance(entry, str):
                signals.add_timeline_text(entry, line)

    timeline = signals.resolve_timeline(people)
    # Leading the incident already says they were there; "responder" adds nothing.
    commanders = KnownPeople(p for p in people if p.role == "incident_commander")
    responders = [p for entry in timeline for p in entry.people if p not in commanders]
    owners = [owner for item in actions for owner in item.owners]
    everyone = merge_actors([*people, *responders, *owners])
    if not (date or severity or everyone or timeline or stated_impact or actions or duration
            or signals.has_postmortem_sections):
        warn(f"{path}:{start}: no incident found (no date, severity, people, impact, "
             "timeline or postmortem headings); skipped")
        return None
    return Incident(
        title=title[:200],
        line=start,
        end_line=end,
        date=date,
        severity=severity,
        severity_level=level,
        status=status,
        duration_minutes=duration,
        impact=impact,
        services=tuple(services),
        people=everyone,
        timeline=tuple(timeline),
        action_items=tuple(actions),
        fix_links=tuple(dict.fromkeys(link for link in fix_links if is_work_link(link))),
    )


_PROSE_LINES = 2000  # lines of prose read for roles: a postmortem, not a book
_PROSE_CHARS = 50_000


def _stated_in_prose(
    signals: Signals, summaries: list[tuple[Any, int]], people: list[Actor]
) -> list[Actor]:
    """Roles the prose and timeline state ("Alice was the incident commander"), with a
    first name alone completed from the person the document names in full."""
    # A sentence may run over lines: each section is read as one text.
    lines = [" ".join(texts[:_PROSE_LINES])[:_PROSE_CHARS]
             for texts in signals.section_text.values()]
    lines += [text for _, text, _ in signals.timeline_raw[:_PROSE_LINES]]
    lines += [text for value, _ in summaries for text in _texts(value)]
    stated = roles_in_prose(lines, signals.refs)
    if not stated:
        return []
    known = KnownPeople(p for p in [*people, *(a for a, _ in stated)] if len(p.name.split()) > 1)
    expanded = ((known.expand(actor), person_only) for actor, person_only in stated)
    # One capitalised word alone may be a system ("Redis failed over"): then a person only
    # when the document names them in full or gives a handle, email or profile.
    return [a for a, person_only in expanded
            if person_only or a.email or a.login or len(a.name.split()) > 1]


# Quarto's computed dates: not the incident's, and not a mistake to warn about.
_DATE_WORDS = frozenset(("today", "now", "last-modified"))
_MAX_SPAN = dt.timedelta(days=60)  # longer "incidents" are typos in a start or end date


def _scalar(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _texts(value: object) -> list[str]:
    return [v for v in flatten(value) if isinstance(v, str) and v.strip()]


def _status(value: object) -> str:
    # Capped before the regex: a status is a few words, and the strip must stay cheap.
    return re.sub(r"^[\W_]+|[\W_]+$", "", plain(str(value)[:200])).lower()[:40]


def _show(value: object) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


