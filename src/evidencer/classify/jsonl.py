"""JSON Lines in, JSON Lines out, for ``evidencer classify``: scripting and measurement.

Each object comes back as it was, with ``competencies`` (and ``impact``) added.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from evidencer.classify.judge import classify
from evidencer.classify.rubric import Rubric
from evidencer.errors import EvidencerError, reason
from evidencer.model import KINDS, ROLES, Evidence, Role, has_lone_surrogate, is_kind, is_role

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def evidence_from_object(data: Mapping[str, Any], *, where: str) -> Evidence:
    """A loose input object as an Evidence; wrong types name the line and field."""

    def text(key: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise EvidencerError(f"{where}: '{key}' must be a string")
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise EvidencerError(f"{where}: '{key}' must be a list of strings")
        out = []
        for entry in value:
            if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                out.append(entry["name"])  # GitHub's label objects
            elif isinstance(entry, str):
                out.append(entry)
            else:
                raise EvidencerError(f"{where}: '{key}' must be a list of strings")
        return tuple(out)

    kind = text("kind") or "pull_request"
    if not is_kind(kind):
        raise EvidencerError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    return Evidence(
        id=str(data.get("id") or where),
        kind=kind,
        repo=text("repo"),
        title=text("title"),
        body=text("body"),
        date=_EPOCH,
        actors=(),
        labels=strings("labels"),
        paths=strings("paths"),
        author_association=text("author_association") or None,
        overrides=strings("overrides"),
    )


class _NotJson(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: Python's json reads them, JSON has none."""


def _no_constants(name: str) -> Any:
    raise _NotJson(f"not JSON: {name} is not a JSON number")


def classify_lines(lines: Iterable[str], rubric: Rubric) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"<stdin>:{number}"
        try:
            data = json.loads(line, parse_constant=_no_constants)
        except _NotJson as exc:
            raise EvidencerError(f"{where}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise EvidencerError(f"{where}: not JSON: {exc.msg}") from exc
        except RecursionError as exc:
            raise EvidencerError(f"{where}: not JSON evidencer reads: nested too deeply") from exc
        except ValueError as exc:  # a number past Python's 4,300 digits
            raise EvidencerError(f"{where}: not JSON evidencer reads: {reason(exc)}") from exc
        if not isinstance(data, dict):
            raise EvidencerError(f"{where}: each line must be a JSON object")
        item = evidence_from_object(data, where=where)
        roles = evidence_roles(data, where)
        result = classify(item, rubric, roles=roles)
        out = dict(data)
        out["competencies"] = [
            {"id": m.competency, "score": m.score, "confidence": m.confidence,
             "reasons": list(m.reasons)}
            for m in result.matches
        ]
        out["impact"] = list(result.impact)
        try:
            line = json.dumps(out, ensure_ascii=False, allow_nan=False)
        except ValueError as exc:  # a score made of a rubric weight that is not finite
            raise EvidencerError(f"{where}: the result is not JSON: {exc}") from exc
        if has_lone_surrogate(line):  # kept as JSON's escape of it
            line = json.dumps(out, allow_nan=False)
        yield line


def evidence_roles(data: Mapping[str, Any], where: str) -> tuple[Role, ...]:
    roles = data.get("roles") or ["author"]
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise EvidencerError(f"{where}: 'roles' must be a list of strings")
    for role in roles:
        if not is_role(role):
            raise EvidencerError(f"{where}: unknown role {role!r}; use one of {', '.join(ROLES)}")
    return tuple(roles)
