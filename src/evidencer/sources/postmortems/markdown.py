"""Markdown structure of postmortems: headings, sections, "Key: value" lines and tables.

Line-based and pure; it gathers raw signals that postmortem_parse turns into incidents.
Not markdown-it-py: on the postmortems of the tests its headings are ours (37 of 42
files; in the other 5 it reads front matter as a setext heading), but most of what is
read here is not CommonMark structure (``Key: value`` lines, tables without a separator
row, timeline lines, action items continued by indentation), CommonMark would turn a
``---`` rule under a ``Key: value`` line into a heading and four-space indents into code,
and its parse alone took 12 ms of the 28 ms that reading those files takes, plus 24 ms
to import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidencer.model import Actor
from evidencer.sources.postmortems.actions import (
    CHECKBOX_RE,
    ITEM_KEYS,
    ActionItem,
    action_from_text,
    actions_from_table,
    enrich_action,
    merge_action,
)
from evidencer.sources.postmortems.fields import (
    REF_DEF_RE,
    ZONE_PATTERN,
    aliases,
    first_sentence,
    link_key,
    norm_key,
    plain,
)
from evidencer.sources.postmortems.links import is_work_link, work_links
from evidencer.sources.postmortems.people import (
    KnownPeople,
    blank_passive_mentions,
    mentioned_people,
    merge_actors,
    people_from_value,
)


@dataclass(frozen=True)
class TimelineEntry:
    """One timeline line: its clock time as written, its text, who it mentions."""

    time: str
    text: str
    line: int
    people: tuple[Actor, ...] = ()


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based
    level: int
    text: str
    kind: str  # a section kind, "role:<role>", or "" for any other heading


# Field and role names as teams write them, after norm_key(); the first word is the meaning.
FIELD_FOR_KEY = aliases({
    "title": ("title", "incident title", "incident name", "name"),
    "date": ("date", "incident date", "date of incident", "occurred", "occurred at", "when",
             "day"),
    "severity": ("severity", "sev", "severity level", "priority", "level", "incident severity"),
    "status": ("status", "state", "incident status", "postmortem status", "document status"),
    "duration": ("duration", "total duration", "outage duration", "incident duration",
                 "time to resolve", "ttr", "time to recovery", "downtime"),
    "start": ("start", "start time", "started", "started at", "incident start", "began",
              "start date", "impact start", "startdate", "impact began"),
    "end": ("end", "end time", "ended", "ended at", "resolved", "resolved at", "recovered",
            "incident end", "end date", "impact end", "enddate", "recovered at"),
    "impact": ("impact", "customer impact", "user impact", "business impact"),
    "summary": ("summary", "description", "tldr", "executive summary", "overview"),
    "services": ("services", "service", "affected services", "components", "component",
                 "affected components", "systems", "affected systems", "system"),
    "fix": ("fix", "fixes", "fixed by", "fix pr", "fixed in", "pull requests", "prs",
            "resolution pr", "fix commit", "patch"),
})
ROLE_FOR_KEY = aliases({
    "postmortem_author": ("author", "authors", "created by", "written by", "postmortem author",
                          "postmortem authors", "postmortem owner", "postmortem owners",
                          "document owner", "document owners", "owner", "owners",
                          "prepared by", "drafted by", "report author", "editors"),
    "incident_commander": ("incident commander", "incident commanders", "ic", "commander",
                           "commanders", "incident lead", "incident manager", "incident owner",
                           "incident coordinator"),
    "responder": ("responder", "responders", "participants", "participant", "people involved",
                  "involved", "on call", "oncall", "on call engineer", "on call engineers",
                  "engineers involved", "scribe", "communications lead", "comms lead",
                  "ops lead", "operations lead", "tech lead", "technical lead",
                  "subject matter experts", "smes", "first responder", "first responders",
                  "responding engineers", "contributors", "investigators"),
})
ACTION_KEYS = frozenset((
    "action items", "actions", "action item", "follow ups", "followups", "follow up",
    "follow up actions", "remediations", "remediation", "action plan", "todo", "todos",
    "tasks", "corrective actions", "corrective and preventative actions", "next steps",
    "preventive actions", "preventative actions", "action items and follow ups",
))
_SECTION_FOR_KEY = aliases({
    "summary": ("summary", "executive summary", "overview", "description", "what happened",
                "incident summary", "tldr", "background", "abstract"),
    "impact": ("impact", "customer impact", "user impact", "business impact",
               "impact assessment", "blast radius"),
    "cause": ("root cause", "root causes", "cause", "causes", "contributing factors", "rca",
              "root cause analysis", "trigger", "why"),
    "detection": ("detection", "how was it detected", "how we found out"),
    "resolution": ("resolution", "mitigation", "recovery", "fix", "resolution and recovery",
                   "mitigation and resolution", "how was it fixed", "repair",
                   "remediation and recovery"),
    "lessons": ("lessons learned", "lessons", "what went well", "what went wrong", "learnings",
                "where we got lucky", "takeaways"),
    "timeline": ("timeline", "chronology", "sequence of events", "incident timeline", "events"),
    "actions": tuple(ACTION_KEYS),
})
_SECTION_PREFIXES = sorted(_SECTION_FOR_KEY, key=len, reverse=True)

_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BULLET_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_KV_RE = re.compile(
    r"^\s*(?:>\s*)?(?:[-*+]\s+|\d{1,3}[.)]\s+)?([*_]*[A-Za-z][^:\n]{0,40}?)\s*:(?!//)\s*(.*)$"
)
_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CLOCK = (r"(?:\d{4}-\d{2}-\d{2}[ T,]*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
          r"(?:\s*" + ZONE_PATTERN + r"(?![A-Za-z]))?")
_TIMELINE_RE = re.compile(
    r"^\s*(?:[-*+]|\d{1,3}[.)])?\s*[*_`]{0,2}[\[(]?(" + _CLOCK + r")[\])]?[*_`]{0,2}"
    r"\s*[-–—:|]?\s*(.*)$"
)


def mask_markup(lines: list[str], start: int) -> None:
    """Blank what is not prose, in place: lines before ``start``, code, HTML comments.

    Line numbers stay true because blanked lines stay in the list.
    """
    for index in range(min(start, len(lines))):
        lines[index] = ""
    fence = ""
    in_comment = False
    for index in range(start, len(lines)):
        line = lines[index]
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            lines[index] = ""
            continue
        if not in_comment and (opened := _FENCE_RE.match(line)):
            fence = opened.group(1)
            lines[index] = ""
            continue
        kept: list[str] = []
        rest = line
        while rest:
            if in_comment:
                closing = rest.find("-->")
                if closing < 0:
                    rest = ""
                else:
                    in_comment, rest = False, rest[closing + 3 :]
            else:
                opening = rest.find("<!--")
                if opening < 0:
                    kept.append(rest)
                    rest = ""
                else:
                    kept.append(rest[:opening])
                    in_comment, rest = True, rest[opening + 4 :]
        lines[index] = "".join(kept)


def reference_definitions(lines: list[str]) -> dict[str, str]:
    """``[label]: url`` definitions, so ``Created By: [Alice Doe]`` finds its link."""
    refs: dict[str, str] = {}
    for line in lines:
        if found := REF_DEF_RE.match(line):
            refs.setdefault(link_key(found.group(1)), found.group(2))
    return refs


@dataclass
class Signals:
    """What one stretch of Markdown says, before anything is decided."""

    refs: dict[str, str]
    title: str = ""
    title_is_log_heading: bool = False
    fields: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    people: list[Actor] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    fix_links: list[str] = field(default_factory=list)
    section_text: dict[str, list[str]] = field(default_factory=dict)
    timeline_raw: list[tuple[str, str, int]] = field(default_factory=list)
    has_postmortem_sections: bool = False

    def section_sentence(self, kind: str) -> str:
        return first_sentence(" ".join(self.section_text.get(kind, [])))

    def add_timeline_text(self, text: str, line: int) -> None:
        found = _TIMELINE_RE.match(text)
        if found:
            self.timeline_raw.append((found.group(1).strip(), found.group(2).strip(), line))
        elif text.strip():
            bullet = _BULLET_RE.match(text)
            self.timeline_raw.append(("", (bullet.group(2) if bullet else text).strip(), line))

    def resolve_timeline(self, people: Iterable[Actor]) -> list[TimelineEntry]:
        """Timeline entries with the people each names: @handle, email, link or known name."""
        known = KnownPeople(people)
        entries = []
        for time, text, line in self.timeline_raw:
            # "paged @bob" names Bob without saying he did anything: not a responder.
            acting = blank_passive_mentions(text)
            found = mentioned_people(acting, self.refs, "responder")
            found += [Actor("responder", p.name, p.email, p.login)
                      for p in known.named_in(acting)]
            people_here = merge_actors([known.complete(actor) for actor in found])
            entries.append(TimelineEntry(time, plain(text), line, people_here))
        return entries


class SectionScanner:
    """Reads a stretch of (masked) lines into Signals, one line at a time."""

    def __init__(self, lines: list[str], refs: dict[str, str]) -> None:
        self.lines = lines
        self.refs = refs
        self._group: ActionItem | None = None  # an action item made from a sub-heading

    def headings(self, start: int, end: int) -> list[Heading]:
        found = []
        for index in range(start, end):
            if match := _HEADING_RE.match(self.lines[index]):
                text = plain((match.group(2) or "").strip())
                found.append(Heading(index + 1, len(match.group(1)), text, _heading_kind(text)))
        return found

    def scan(self, start: int, end: int, *, title_heading: Heading | None) -> Signals:
        sig = Signals(refs=self.refs)
        self._group = None
        kind, kind_level = "", 0
        pending: tuple[str, int] | None = None  # a "Responders:" line awaiting its list
        action_indent: int | None = None
        index = start
        headings = {h.line - 1: h for h in self.headings(start, end)}
        while index < end:
            raw = self.lines[index]
            line = index + 1
            index += 1
            if heading := headings.get(line - 1):
                pending = None
                if title_heading is not None and heading.line == title_heading.line:
                    sig.title, sig.title_is_log_heading = heading.text, True
                    kind, kind_level = "", heading.level
                    continue
                if not sig.title and title_heading is None and not heading.kind and (
                    heading.level == 1 or not sig.has_postmortem_sections
                ):
                    sig.title = heading.text
                if heading.kind:
                    kind, kind_level = heading.kind, heading.level
                    action_indent = None
                    sig.has_postmortem_sections |= not heading.kind.startswith("role:")
                elif kind == "actions" and heading.level > kind_level:
                    # "### Add alerting" under "## Action items", details as lines below
                    # (or "### Short term", a group: dropped when a bullet follows it bare).
                    sig.actions.append(action_from_text(heading.text, line, self.refs))
                    self._group = sig.actions[-1]
                elif not kind or heading.level <= kind_level:
                    kind, kind_level = "", heading.level
                continue
            if raw.lstrip().startswith("|"):
                block = [raw]
                while index < end and self.lines[index].lstrip().startswith("|"):
                    block.append(self.lines[index])
                    index += 1
                self._table(sig, block, line, kind)
                continue
            stripped = raw.strip()
            if not stripped:
                continue
            if kind == "timeline":
                if _TIMELINE_RE.match(stripped) or _BULLET_RE.match(raw):
                    sig.add_timeline_text(stripped, line)
                continue
            if kind == "actions":
                if not _BULLET_RE.match(raw) and not raw[:1].isspace():
                    # Prose after the list ("This postmortem was written by ...").
                    sig.section_text.setdefault(kind, []).append(stripped)
                action_indent = self._action_line(sig, raw, line, action_indent)
                continue
            kv = _KV_RE.match(raw.replace("**", "").replace("__", ""))
            key = norm_key(kv.group(1)) if kv else ""
            if kv and (key in FIELD_FOR_KEY or key in ROLE_FOR_KEY):
                value = kv.group(2).strip()
                pending = None if value else (key, line)
                if value:
                    self._field(sig, key, value, line)
                continue
            bullet = _BULLET_RE.match(raw)
            if bullet and pending:
                self._field(sig, pending[0], bullet.group(2), line)
                continue
            if bullet and kind.startswith("role:"):
                sig.people.extend(people_from_value(bullet.group(2), kind[5:], self.refs))
                continue
            pending = None
            if not REF_DEF_RE.match(raw):
                sig.section_text.setdefault(kind or "intro", []).append(
                    bullet.group(2) if bullet else stripped
                )
            if kind == "resolution":
                sig.fix_links.extend(link for link in work_links(stripped) if is_work_link(link))
        sig.actions = [a for a in sig.actions if a.title or a.links]
        return sig

    def _field(self, sig: Signals, key: str, value: str, line: int) -> None:
        if key in ROLE_FOR_KEY:
            sig.people.extend(people_from_value(value, ROLE_FOR_KEY[key], self.refs))
        elif FIELD_FOR_KEY[key] == "fix":
            sig.fix_links.extend(work_links(value))
        else:
            sig.fields.setdefault(FIELD_FOR_KEY[key], []).append((plain(value), line))

    def _action_line(self, sig: Signals, raw: str, line: int, base: int | None) -> int | None:
        bullet = _BULLET_RE.match(raw)
        last = sig.actions[-1] if sig.actions else None
        text = bullet.group(2) if bullet else raw.strip()
        kv = _KV_RE.match(text.replace("**", "").replace("__", ""))
        item_key = ITEM_KEYS.get(norm_key(kv.group(1))) if kv else None
        indent = len(bullet.group(1).expandtabs(4)) if bullet else -1
        nested = last is not None and (
            (bullet is None and (raw[:1].isspace() or item_key))
            or (bullet is not None and base is not None and indent > base)
            or (bullet is not None and item_key and not CHECKBOX_RE.match(text))
        )
        if last is not None and nested and kv and item_key:
            sig.actions[-1] = enrich_action(last, item_key, kv.group(2), self.refs)
        elif last is not None and nested:
            sig.actions[-1] = merge_action(last, text, self.refs)
        elif bullet:
            if last is self._group and last and not (last.owners or last.links or last.status):
                sig.actions.pop()
            self._group = None
            sig.actions.append(action_from_text(text, line, self.refs))
            return indent if base is None else base
        return base

    def _table(self, sig: Signals, block: list[str], line: int, kind: str) -> None:
        rows = [_cells(row) for row in block if not _SEPARATOR_RE.match(row)]
        if not rows:
            return
        has_header = (len(block) > 1 and not _SEPARATOR_RE.match(block[0])
                      and bool(_SEPARATOR_RE.match(block[1])))
        header = [norm_key(cell) for cell in rows[0]] if has_header else []
        data = rows[1:] if has_header else rows
        first_data_line = line + (2 if has_header else 0)
        if kind == "actions":
            names = rows[0] if has_header else []
            sig.actions.extend(actions_from_table(names, data, first_data_line, self.refs))
        elif kind == "timeline":
            time_names = ("time", "when", "utc", "timestamp", "time utc")
            time_col = next((i for i, h in enumerate(header) if h in time_names), 0)
            for offset, row in enumerate(data):
                if len(row) > time_col:
                    text = " | ".join(c for i, c in enumerate(row) if i != time_col and c)
                    sig.timeline_raw.append((row[time_col], text, first_data_line + offset))
        elif sum(h in FIELD_FOR_KEY or h in ROLE_FOR_KEY for h in header) >= 2 and len(data) == 1:
            for key, value in zip(header, data[0], strict=False):
                if value and (key in FIELD_FOR_KEY or key in ROLE_FOR_KEY):
                    self._field(sig, key, value, first_data_line)
        else:
            for offset, row in enumerate(rows):
                key = norm_key(row[0]) if len(row) >= 2 else ""
                if row[1:] and row[1] and (key in FIELD_FOR_KEY or key in ROLE_FOR_KEY):
                    row_line = line + offset + (1 if has_header and offset else 0)
                    self._field(sig, key, row[1], row_line)


def _cells(row: str) -> list[str]:
    text = row.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", text)]


def _heading_kind(text: str) -> str:
    key = re.sub(r"^\d+(?:\s+\d+)*\s+", "", norm_key(text))
    if key in ROLE_FOR_KEY:
        return "role:" + ROLE_FOR_KEY[key]
    for prefix in _SECTION_PREFIXES:
        if key == prefix or key.startswith(prefix + " "):
            return _SECTION_FOR_KEY[prefix]
    return ""
