"""Markdown structure of postmortems: headings, sections, "Key: value" lines and tables.

Line-based and pure; it gathers raw signals that postmortem_parse turns into incidents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidencer.model import Actor
from evidencer.sources import postmortem_fields as f


@dataclass(frozen=True)
class TimelineEntry:
    """One timeline line: its clock time as written, its text, who it mentions."""

    time: str
    text: str
    line: int
    people: tuple[Actor, ...] = ()


@dataclass(frozen=True)
class ActionItem:
    """A follow-up from the postmortem; links are issue/PR/commit references as written."""

    title: str
    owners: tuple[Actor, ...] = ()
    status: str = ""
    links: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based
    level: int
    text: str
    kind: str  # a section kind, "role:<role>", or "" for any other heading


def _aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: name for name, aliases in table.items() for alias in aliases}


# Field and role names as teams write them, after norm_key(); the first word is the meaning.
FIELD_FOR_KEY = _aliases({
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
})  # fmt: skip
ROLE_FOR_KEY = _aliases({
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
})  # fmt: skip
ACTION_KEYS = frozenset((
    "action items", "actions", "action item", "follow ups", "followups", "follow up",
    "follow up actions", "remediations", "remediation", "action plan", "todo", "todos",
    "tasks", "corrective actions", "corrective and preventative actions", "next steps",
    "preventive actions", "preventative actions", "action items and follow ups",
))  # fmt: skip
_SECTION_FOR_KEY = _aliases({
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
})  # fmt: skip
_SECTION_PREFIXES = sorted(_SECTION_FOR_KEY, key=len, reverse=True)
_ITEM_KEYS = _aliases({
    "owner": ("owner", "owners", "assignee", "assigned to", "who", "dri"),
    "status": ("status", "state"),
    "link": ("link", "links", "issue", "issues", "pr", "ticket", "tracking", "jira", "url",
             "reference", "tracked in"),
    "title": ("action", "title", "item", "task", "description", "what", "summary",
              "remediation", "action item"),
})  # fmt: skip

_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BULLET_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_KV_RE = re.compile(
    r"^\s*(?:>\s*)?(?:[-*+]\s+|\d{1,3}[.)]\s+)?([*_]*[A-Za-z][^:\n]{0,40}?)\s*:(?!//)\s*(.*)$"
)
_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CLOCK = (r"(?:\d{4}-\d{2}-\d{2}[ T,]*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
          r"(?:\s*" + f.ZONE_PATTERN + r"(?![A-Za-z]))?")  # fmt: skip
_TIMELINE_RE = re.compile(
    r"^\s*(?:[-*+]|\d{1,3}[.)])?\s*[*_`]{0,2}[\[(]?(" + _CLOCK + r")[\])]?[*_`]{0,2}"
    r"\s*[-–—:|]?\s*(.*)$"
)
_CHECKBOX_RE = re.compile(r"^\[([ xX])\]\s*")
_OWNER_CLAUSE_RE = re.compile(
    r"\b(?:owners?|assignee|assigned to|dri|who)\s*[:=]\s*([^;|()\]]+?)\s*(?=$|[;|)\]]|\s[-–—]\s"
    r"|,?\s*(?:status|link|issue|tracking|ticket|due)\b)",
    re.IGNORECASE,
)
_STATUS_CLAUSE_RE = re.compile(r"\b(?:status|state)\s*[:=]\s*([\w -]{1,30}?)\s*(?=$|[;|,)\]])",
                               re.IGNORECASE)  # fmt: skip
_DONE_RE = re.compile(r"✅|✔|\((?:done|completed|closed|fixed)\)|\b(?:DONE|COMPLETED)\b")


def norm_key(text: str) -> str:
    """A field name as a lookup key: "**Incident-Commander(s)**" -> "incident commanders"."""
    key = text.lower().replace("(s)", "s")
    key = re.sub(r"\([^)]*\)", " ", key)
    key = re.sub(r"[-_/]+", " ", key)
    key = re.sub(r"[^a-z0-9 ]", "", key)
    return " ".join(key.split())


def plain(text: str) -> str:
    """Markdown inline text as plain words: links become their text, emphasis goes."""
    text = f.INLINE_LINK_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"(\*\*|__|~~|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return " ".join(text.split())


def first_sentence(text: str, limit: int = 240) -> str:
    text = plain(text)
    found = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text)
    sentence = text[: found.start()] if found else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


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
        if found := f.REF_DEF_RE.match(line):
            refs.setdefault(f.link_key(found.group(1)), found.group(2))
    return refs


def people_from_value(value: object, role: str, refs: dict[str, str]) -> list[Actor]:
    """People from a YAML or Markdown value: text, lists, or {name, email, github} maps."""
    people: list[Actor] = []
    for item in flatten(value):
        if isinstance(item, str):
            for part in f.split_people(unbracket(item)):
                if person := f.parse_person(part, refs, role):
                    people.append(person)
        elif isinstance(item, dict):
            details: dict[str, str] = {}
            for key, val in item.items():
                slot = _PERSON_KEYS.get(norm_key(str(key)))
                if slot and isinstance(val, (str, int)) and not isinstance(val, bool):
                    details.setdefault(slot, str(val).strip())
            name, email = details.get("name", ""), details.get("email", "").lower()
            login = details.get("login", "").lstrip("@")
            if name or email or login:
                people.append(Actor(role=role, name=name, email=email, login=login))
    return people


_PERSON_KEYS = {
    "name": "name", "full name": "name", "display name": "name", "email": "email",
    "mail": "email", "login": "login", "github": "login", "handle": "login",
    "username": "login", "user": "login",
}  # fmt: skip


def flatten(value: object, depth: int = 0) -> list[object]:
    """Scalar-or-list values as a list; nesting past three levels is junk (or a loop)."""
    if isinstance(value, (list, tuple)):
        if depth >= 3:
            return []
        return [item for element in value for item in flatten(element, depth + 1)]
    return [] if value is None else [value]


def unbracket(text: str) -> str:
    """"[alice, bob]" (a YAML flow list read as text) as "alice, bob"."""
    stripped = text.strip()
    if (stripped.startswith("[") and stripped.endswith("]") and "](" not in stripped
            and "," in stripped and stripped.count("[") == 1):  # fmt: skip
        return stripped[1:-1]
    return stripped


def _profile_or_mail(url: str) -> bool:
    return url.lower().startswith("mailto:") or bool(f.PROFILE_RE.fullmatch(url))


def _work_links(text: str) -> list[str]:
    return [link for link in f.find_links(text) if not _profile_or_mail(link)]


def mentioned_people(text: str, refs: dict[str, str], role: str) -> list[Actor]:
    """People a line names by @handle, email or profile link (not by bare name)."""
    found: list[Actor] = []
    for link in f.INLINE_LINK_RE.finditer(text):
        if _profile_or_mail(link.group(2)) and (who := f.parse_person(link.group(0), refs, role)):
            found.append(who)
    rest = f.INLINE_LINK_RE.sub(" ", text)
    found.extend(Actor(role=role, login=m.group(1)) for m in f.HANDLE_RE.finditer(rest)
                 if m.group(1).lower() not in ("here", "channel", "everyone", "all"))  # fmt: skip
    found.extend(Actor(role=role, email=m.group(0).lower()) for m in f.EMAIL_RE.finditer(rest))
    return found


def action_from_text(text: str, line: int, refs: dict[str, str]) -> ActionItem:
    """One action item from a bullet like ``[ ] Add alerting (owner: @bob, #12)``."""
    status = ""
    if box := _CHECKBOX_RE.match(text):
        status = "open" if box.group(1) == " " else "done"
        text = text[box.end() :]
    if text.strip().startswith("~~") or _DONE_RE.search(text):
        status = "done"
    if clause := _STATUS_CLAUSE_RE.search(text):
        status = clause.group(1).strip().lower()
    owners: list[Actor] = []
    for clause_match in _OWNER_CLAUSE_RE.finditer(text):
        owners.extend(people_from_value(clause_match.group(1), "action_item_owner", refs))
    if not owners:
        owners = mentioned_people(text, refs, "action_item_owner")
    title = f.INLINE_LINK_RE.sub(lambda m: "" if _profile_or_mail(m.group(2)) else m.group(1), text)
    title = _OWNER_CLAUSE_RE.sub("", _STATUS_CLAUSE_RE.sub("", title))
    title = re.sub(r"\b(?:link|issue|tracking|ticket|pr|due)\s*[:=]\s*\S*", "", title, flags=re.I)
    title = f.URL_RE.sub("", title)
    title = re.sub(r"(?:[\w.-]+/[\w.-]+)?#\d+\b|" + f.HANDLE_RE.pattern, "", title)
    title = re.sub(r"\(\s*[,;]?\s*\)|\[\s*\]|✅|✔", "", plain(title))
    title = re.sub(r"(?:\s*[-–—|,;:(]\s*)+$", "", title.strip()).strip(" -–—|,;:")
    return ActionItem(title=title[:200], owners=f.merge_actors(owners), status=status,
                      links=tuple(_work_links(text)), line=line)  # fmt: skip


def _enrich_action(item: ActionItem, key: str, value: str, refs: dict[str, str]) -> ActionItem:
    if key == "owner":
        owners = people_from_value(value, "action_item_owner", refs)
        return ActionItem(item.title, f.merge_actors([*item.owners, *owners]), item.status,
                          item.links, item.line)  # fmt: skip
    if key == "status":
        return ActionItem(item.title, item.owners, plain(value).lower()[:40], item.links, item.line)
    if key == "link":
        links = tuple(dict.fromkeys([*item.links, *_work_links(value)]))
        return ActionItem(item.title, item.owners, item.status, links, item.line)
    if key == "title" and not item.title:
        return ActionItem(plain(value)[:200], item.owners, item.status, item.links, item.line)
    return item


def _merge_action(item: ActionItem, text: str, refs: dict[str, str]) -> ActionItem:
    extra = action_from_text(text, item.line, refs)
    return ActionItem(
        item.title,
        f.merge_actors([*item.owners, *extra.owners]),
        item.status or extra.status,
        tuple(dict.fromkeys([*item.links, *extra.links])),
        item.line,
    )


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
            self.timeline_raw.append(("", text.strip(), line))

    def resolve_timeline(self, people: Iterable[Actor]) -> list[TimelineEntry]:
        """Timeline entries with the people each names: @handle, email, link or known name."""
        known = [p for p in people if p.name or p.login or p.email]
        first_names: dict[str, list[Actor]] = {}
        for person in known:
            if person.name and len(person.name.split()[0]) >= 3:
                first_names.setdefault(person.name.split()[0], []).append(person)
        entries = []
        for time, text, line in self.timeline_raw:
            found = mentioned_people(text, self.refs, "responder")
            for person in known:
                full = person.name and re.search(
                    rf"(?<!\w){re.escape(person.name)}(?!\w)", text, re.IGNORECASE
                )
                first = person.name and person.name.split()[0]
                unique_first = (
                    first
                    and len({p.name for p in first_names.get(first, [])}) == 1
                    and re.search(rf"(?<![\w@]){re.escape(first)}(?!\w)", text)
                )
                if full or unique_first:
                    found.append(Actor("responder", person.name, person.email, person.login))
            enriched = []
            for actor in found:
                twin = next((p for p in known if f.same_person(p, actor)), None)
                enriched.append(
                    Actor("responder", actor.name or twin.name, actor.email or twin.email,
                          actor.login or twin.login) if twin else actor
                )  # fmt: skip
            entries.append(TimelineEntry(time, plain(text), line, f.merge_actors(enriched)))
        return entries


class SectionScanner:
    """Reads a stretch of (masked) lines into Signals, one line at a time."""

    def __init__(self, lines: list[str], refs: dict[str, str]) -> None:
        self.lines = lines
        self.refs = refs

    def headings(self, start: int, end: int) -> list[Heading]:
        found = []
        for index in range(start, end):
            if match := _HEADING_RE.match(self.lines[index]):
                text = plain((match.group(2) or "").strip())
                found.append(Heading(index + 1, len(match.group(1)), text, _heading_kind(text)))
        return found

    def scan(self, start: int, end: int, *, title_heading: Heading | None) -> Signals:
        sig = Signals(refs=self.refs)
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
                    # "### Add alerting" under "## Action items", details as lines below.
                    sig.actions.append(action_from_text(heading.text, line, self.refs))
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
                    bullet = _BULLET_RE.match(raw)
                    sig.add_timeline_text(stripped if not bullet else
                                          raw if _TIMELINE_RE.match(raw) else bullet.group(2),
                                          line)  # fmt: skip
                continue
            if kind == "actions":
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
            if not f.REF_DEF_RE.match(raw):
                sig.section_text.setdefault(kind or "intro", []).append(
                    bullet.group(2) if bullet else stripped
                )
            if kind == "resolution":
                sig.fix_links.extend(link for link in _work_links(stripped) if f.is_work_link(link))
        sig.actions = [a for a in sig.actions if a.title or a.links]
        return sig

    def _field(self, sig: Signals, key: str, value: str, line: int) -> None:
        if key in ROLE_FOR_KEY:
            sig.people.extend(people_from_value(value, ROLE_FOR_KEY[key], self.refs))
        elif FIELD_FOR_KEY[key] == "fix":
            sig.fix_links.extend(_work_links(value))
        else:
            sig.fields.setdefault(FIELD_FOR_KEY[key], []).append((plain(value), line))

    def _action_line(self, sig: Signals, raw: str, line: int, base: int | None) -> int | None:
        bullet = _BULLET_RE.match(raw)
        last = sig.actions[-1] if sig.actions else None
        text = bullet.group(2) if bullet else raw.strip()
        kv = _KV_RE.match(text.replace("**", "").replace("__", ""))
        item_key = _ITEM_KEYS.get(norm_key(kv.group(1))) if kv else None
        indent = len(bullet.group(1).expandtabs(4)) if bullet else -1
        nested = last is not None and (
            (bullet is None and (raw[:1].isspace() or item_key))
            or (bullet is not None and base is not None and indent > base)
            or (bullet is not None and item_key and not _CHECKBOX_RE.match(text))
        )
        if last is not None and nested and kv and item_key:
            sig.actions[-1] = _enrich_action(last, item_key, kv.group(2), self.refs)
        elif last is not None and nested:
            sig.actions[-1] = _merge_action(last, text, self.refs)
        elif bullet:
            sig.actions.append(action_from_text(text, line, self.refs))
            return indent if base is None else base
        return base

    def _table(self, sig: Signals, block: list[str], line: int, kind: str) -> None:
        rows = [_cells(row) for row in block if not _SEPARATOR_RE.match(row)]
        has_header = len(block) > 1 and bool(_SEPARATOR_RE.match(block[1]))
        header = [norm_key(cell) for cell in rows[0]] if has_header and rows else []
        data = rows[1:] if has_header else rows
        first_data_line = line + (2 if has_header else 0)
        if kind == "actions":
            self._action_table(sig, header, data, first_data_line)
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

    def _action_table(
        self, sig: Signals, header: list[str], data: list[list[str]], line: int
    ) -> None:
        columns = {index: _ITEM_KEYS.get(name, "") for index, name in enumerate(header)}
        if "title" not in columns.values():
            free = next((i for i, role in columns.items() if not role), 0)
            columns[free] = "title"
        title_column = next(i for i, role in columns.items() if role == "title")
        for offset, row in enumerate(data):
            title_cell = row[title_column] if title_column < len(row) else ""
            item = action_from_text(title_cell, line + offset, self.refs)
            for index, cell in enumerate(row):
                role = columns.get(index, "")
                if role and role != "title" and cell:
                    item = _enrich_action(item, role, cell, self.refs)
            if item.title or item.links:
                sig.actions.append(item)


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
