"""Check one JSON Lines evidence record (``collect --export``) before it enters the store.

Imported files come from other jobs and other hands: each line must be an evidence
record as DESIGN.md defines it, or the import stops with a message naming what is wrong.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from evidencer.model import KINDS, ROLES, Actor, Evidence, Facts, is_kind, is_role, parse_datetime

MAX_DEPTH = 16  # an exported record is at most 4 deep; anything far deeper is not one
_LISTS = ("labels", "paths", "shas", "sources", "overrides")
_OPTIONAL_TEXT = ("url", "author_association")
_ACTOR_FIELDS = ("name", "email", "login")


class BadRecord(ValueError):
    """What is wrong with one line, without the file and line (the caller adds them)."""


def evidence_from_line(raw: bytes) -> Evidence:
    """The record on one line of bytes, or BadRecord saying why it is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRecord(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
        ) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise BadRecord(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            detail = f"{exc.msg} at column {exc.colno}"
        else:  # a number of thousands of digits, say
            detail = str(exc)[:80]
        raise BadRecord(f"not JSON ({detail})") from None
    _check_depth(data)
    _check_text(data)
    return evidence_from_record(data)


def _check_depth(data: Any) -> None:
    """Without recursion: a record nested a thousand deep must not crash what reads it."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRecord(f"JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack += [(inner, depth + 1) for inner in value.values()]
        elif isinstance(value, list):
            stack += [(inner, depth + 1) for inner in value]


def _check_text(data: Any) -> None:
    """JSON can spell a lone surrogate (``"\\ud800"``), which no UTF-8 file or database
    can hold: refused here rather than when the document is written."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BadRecord(f"text {_shown(value)} holds a lone surrogate") from None
        elif isinstance(value, dict):
            stack += list(value.keys()) + list(value.values())
        elif isinstance(value, list):
            stack += value


def evidence_from_record(data: Any) -> Evidence:
    """The evidence a decoded record holds, or BadRecord saying what is wrong with it."""
    if not isinstance(data, dict):
        raise BadRecord(f"expected a JSON object, found {_type(data)}")
    for name in ("id", "repo"):
        if not _text(data, name):
            raise BadRecord(f"{name!r} must be a non-empty string")
    kind = _required(data, "kind")
    if not is_kind(kind):
        raise BadRecord(f"'kind' is {_shown(kind)}; one of {', '.join(KINDS)}")
    _string(data, "title", required=True)
    _string(data, "body")
    for name in _OPTIONAL_TEXT:
        if data.get(name) is not None:
            _string(data, name)
    date = _required(data, "date")
    try:
        when = parse_datetime(date) if isinstance(date, str) else None
    except (ValueError, OverflowError):
        when = None
    if when is None:
        raise BadRecord(f"'date' is {_shown(date)}; an ISO 8601 date and time")
    actors = tuple(_actor(index, raw) for index, raw in enumerate(_list(data, "actors")))
    values: dict[str, Any] = {"kind": kind, "date": when, "actors": actors}
    for name in _LISTS:
        items = _list(data, name)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise BadRecord(f"'{name}[{index}]' must be a string, not {_type(item)}")
        values[name] = tuple(items)
    for name in ("additions", "deletions"):
        count = data.get(name, 0)
        if not _is_int(count) or count < 0:
            raise BadRecord(f"{name!r} must be a whole number, 0 or more, not {_shown(count)}")
    number = data.get("number")
    if number is not None and not _is_int(number):
        raise BadRecord(f"'number' must be a whole number, not {_type(number)}")
    extra = data.get("extra") or {}
    if not isinstance(extra, dict):
        raise BadRecord(f"'extra' must be an object, not {_type(extra)}")
    values["facts"] = Facts.from_extra(extra)
    # Fields this version does not know (a newer evidencer's) are left out, as before.
    return Evidence(**{**{k: v for k, v in data.items() if k in _FIELDS}, **values})


def _actor(index: int, raw: Any) -> Actor:
    where = f"actors[{index}]"
    if not isinstance(raw, dict):
        raise BadRecord(f"'{where}' must be an object, not {_type(raw)}")
    unknown = sorted(set(raw) - {"role", *_ACTOR_FIELDS})
    if unknown:
        raise BadRecord(f"'{where}' has an unknown field {_shown(unknown[0])}")
    role = raw.get("role")
    if not is_role(role):
        raise BadRecord(f"'{where}.role' is {_shown(role)}; one of {', '.join(ROLES)}")
    for name in _ACTOR_FIELDS:
        if not isinstance(raw.get(name, ""), str):
            raise BadRecord(f"'{where}.{name}' must be a string, not {_type(raw[name])}")
    return Actor(role=role, **{name: raw.get(name, "") for name in _ACTOR_FIELDS})


def _required(data: Mapping[str, Any], name: str) -> Any:
    if name not in data:
        raise BadRecord(f"{name!r} is missing")
    return data[name]


def _text(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    return isinstance(value, str) and bool(value)


def _string(data: Mapping[str, Any], name: str, *, required: bool = False) -> None:
    value = _required(data, name) if required else data.get(name, "")
    if not isinstance(value, str):
        raise BadRecord(f"{name!r} must be a string, not {_type(value)}")


def _list(data: Mapping[str, Any], name: str) -> list[Any] | tuple[Any, ...]:
    value = data.get(name, [])
    if not isinstance(value, (list, tuple)):  # a tuple: an item's own to_dict
        raise BadRecord(f"{name!r} must be a list, not {_type(value)}")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown(value: Any) -> str:
    """A value as the message shows it: escaped by repr, so no control character from an
    imported file reaches the terminal, and cut short."""
    text = repr(value) if not isinstance(value, (dict, list)) else _type(value)
    return text if len(text) <= 60 else text[:57] + "..."


_FIELDS = frozenset(f.name for f in dataclasses.fields(Evidence))
