"""Action items in postmortems: bullets, checklists, tables and YAML lists, one shape out.

Each item keeps its title, owners, status and the issue/PR/commit links as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from evidencer.model import Actor
from evidencer.sources.postmortems.fields import (
    HANDLE_RE,
    INLINE_LINK_RE,
    aliases,
    flatten,
    norm_key,
    plain,
)
from evidencer.sources.postmortems.links import URL_RE, find_links, is_profile_or_mail, work_links
from evidencer.sources.postmortems.people import (
    mentioned_people,
    merge_actors,
    people_from_value,
)


@dataclass(frozen=True)
class ActionItem:
    """A follow-up from the postmortem; links are issue/PR/commit references as written."""

    title: str
    owners: tuple[Actor, ...] = ()
    status: str = ""
    links: tuple[str, ...] = ()
    line: int = 0


ITEM_KEYS = aliases({
    "owner": ("owner", "owners", "assignee", "assigned to", "who", "dri"),
    "status": ("status", "state"),
    "link": ("link", "links", "issue", "issues", "pr", "ticket", "tracking", "jira", "url",
             "reference", "tracked in"),
    "title": ("action", "title", "item", "task", "description", "what", "summary",
              "remediation", "action item"),
})
CHECKBOX_RE = re.compile(r"^\[([ xX])\]\s*")
_OWNER_CLAUSE_RE = re.compile(
    r"\b(?:owners?|assignee|assigned to|dri|who)\s*[:=]\s*([^;|()\]]+?)\s*"
    r"(?=$|[;|)\]]|\s(?:--?|[–—])\s"
    r"|,?\s*(?:status|link|issue|tracking|ticket|due)\b)",
    re.IGNORECASE,
)
_STATUS_CLAUSE_RE = re.compile(r"\b(?:status|state)\s*[:=]\s*([\w -]{1,30}?)\s*(?=$|[;|,)\]])",
                               re.IGNORECASE)
_DONE_RE = re.compile(r"✅|✔|\((?:done|completed|closed|fixed)\)|\b(?:DONE|COMPLETED)\b")
# "Fail startup on renamed settings -- owner: alice -- done": details between dashes.
_SEGMENT_SEP_RE = re.compile(r"\s+(?:--?|[–—])\s+")
_STATUS_WORDS = frozenset((
    "done", "completed", "complete", "closed", "fixed", "resolved", "shipped", "merged",
    "open", "todo", "to do", "in progress", "wip", "blocked", "pending", "not started",
    "planned", "ongoing", "won't fix", "wontfix", "cancelled", "canceled",
))


def action_from_text(text: str, line: int, refs: dict[str, str]) -> ActionItem:
    """One action item from a bullet like ``[ ] Add alerting (owner: @bob, #12)``."""
    status = ""
    if box := CHECKBOX_RE.match(text):
        status = "open" if box.group(1) == " " else "done"
        text = text[box.end() :]
    if text.strip().startswith("~~") or _DONE_RE.search(text):
        status = "done"
    segments = _SEGMENT_SEP_RE.split(text)
    if len(segments) > 1:
        words = [re.sub(r"[*_`~.!]+", "", part).strip().lower() for part in segments]
        if words[-1] in _STATUS_WORDS:
            status = words[-1]
            text = text[: text.rfind(segments[-1])].rstrip(" -–—")
    if clause := _STATUS_CLAUSE_RE.search(text):
        status = clause.group(1).strip().lower()
    owners: list[Actor] = []
    for clause_match in _OWNER_CLAUSE_RE.finditer(text):
        owners.extend(people_from_value(clause_match.group(1), "action_item_owner", refs))
    if not owners:
        owners = mentioned_people(text, refs, "action_item_owner")
    title = INLINE_LINK_RE.sub(lambda m: "" if is_profile_or_mail(m.group(2)) else m.group(1), text)
    title = _OWNER_CLAUSE_RE.sub("", _STATUS_CLAUSE_RE.sub("", title))
    title = re.sub(r"\b(?:link|issue|tracking|ticket|pr|due)\s*[:=]\s*\S*", "", title, flags=re.I)
    title = URL_RE.sub("", title)
    title = re.sub(r"(?<![\w.-])(?:[\w.-]+/[\w.-]+)?#\d+\b|" + HANDLE_RE.pattern, "", title)
    title = re.sub(r"\(\s*[,;]?\s*\)|\[\s*\]|✅|✔", "", plain(title))
    title = title.strip().rstrip(" \t-–—|,;:(").lstrip(" \t-–—|,;:")
    return ActionItem(title=title[:200], owners=merge_actors(owners), status=status,
                      links=tuple(work_links(text)), line=line)


def enrich_action(item: ActionItem, key: str, value: str, refs: dict[str, str]) -> ActionItem:
    """The item with one detail from a line or cell of its own: owner, status, link, title."""
    if key == "owner":
        owners = people_from_value(value, "action_item_owner", refs)
        return replace(item, owners=merge_actors([*item.owners, *owners]))
    if key == "status":
        return replace(item, status=plain(value).lower()[:40])
    if key == "link":
        return replace(item, links=tuple(dict.fromkeys([*item.links, *work_links(value)])))
    if key == "title" and not item.title:
        return replace(item, title=plain(value)[:200])
    return item


def merge_action(item: ActionItem, text: str, refs: dict[str, str]) -> ActionItem:
    """The item with the owners, status and links of a continuation line or sub-bullet."""
    extra = action_from_text(text, item.line, refs)
    return replace(
        item,
        owners=merge_actors([*item.owners, *extra.owners]),
        status=item.status or extra.status,
        links=tuple(dict.fromkeys([*item.links, *extra.links])),
    )


_ITEM_TITLE = ("title", "action", "description", "item", "summary", "name", "task", "what", "text")
_ITEM_OWNER = ("owner", "owners", "assignee", "assignees", "assigned to", "who", "dri",
               "responsible")
_ITEM_STATUS = ("status", "state", "done", "completed", "closed")
_ITEM_LINK = ("link", "links", "issue", "issues", "pr", "prs", "pull request", "url", "ticket",
              "tickets", "tracking", "reference", "references", "jira", "href")


def actions_from_yaml(value: object, line: int, refs: dict[str, str]) -> Iterator[ActionItem]:
    """Action items from YAML: strings read like bullets, or {title, owner, ...} maps."""
    for item in flatten(value):
        if isinstance(item, str) and item.strip():
            yield action_from_text(item, line, refs)
        if not isinstance(item, dict):
            continue
        fields = {norm_key(str(k)): v for k, v in item.items()}

        def pick(names: tuple[str, ...], fields: dict[str, Any] = fields) -> Any:
            return next((fields[n] for n in names if fields.get(n) not in (None, "", [])), None)

        title = pick(_ITEM_TITLE)
        title = plain(str(title)) if _scalar(title) else ""
        done = pick(_ITEM_STATUS)
        if isinstance(done, bool):
            status = "done" if done else "open"
        else:
            status = plain(str(done)).lower()[:40] if _scalar(done) else ""
        links = [
            link
            for entry in flatten(pick(_ITEM_LINK))
            if _scalar(entry)
            for link in find_links(f"#{entry}" if isinstance(entry, int) else str(entry))
        ]
        owners = people_from_value(pick(_ITEM_OWNER), "action_item_owner", refs)
        if title or links:
            yield ActionItem(title=title[:200], owners=merge_actors(owners), status=status,
                             links=tuple(dict.fromkeys(links)), line=line)


def actions_from_table(
    header: list[str], rows: list[list[str]], line: int, refs: dict[str, str]
) -> list[ActionItem]:
    """Rows of an "| Action | Owner | Status | Link |" table; ``line`` is the first row's."""
    columns = {index: ITEM_KEYS.get(norm_key(name), "") for index, name in enumerate(header)}
    if "title" not in columns.values():
        columns[next((i for i, role in columns.items() if not role), 0)] = "title"
    title_column = next(i for i, role in columns.items() if role == "title")
    items = []
    for offset, row in enumerate(rows):
        title_cell = row[title_column] if title_column < len(row) else ""
        item = action_from_text(title_cell, line + offset, refs)
        for index, cell in enumerate(row):
            role = columns.get(index, "")
            if role and role != "title" and cell:
                item = enrich_action(item, role, cell, refs)
        if item.title or item.links:
            items.append(item)
    return items


def _scalar(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
