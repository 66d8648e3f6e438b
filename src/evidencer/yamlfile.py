"""Read YAML files keeping line numbers, so every error can name file and line.

Used by the config and rubric loaders; checks keys against what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from evidencer.errors import ConfigError

# libyaml's safe loader when PyYAML was built with it: the rubric loads on every run.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located:
    """A loaded YAML document plus the line of every mapping key, by dotted path."""

    def __init__(self, path: Path, data: Any, lines: dict[str, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines

    def where(self, key_path: str) -> str:
        line = self.lines.get(key_path)
        return f"{self.path}:{line}" if line else str(self.path)

    def error(self, key_path: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where(key_path)}: {message}")


def load_yaml(path: Path, *, text: str | None = None) -> Located:
    """Parse ``path`` (or ``text`` said to come from it); YAML errors name the line."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: no such file") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # a safe loader: see _LOADER
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"{path}{line}: invalid YAML: {problem}") from exc
    except yaml.reader.ReaderError as exc:  # a control character: no mark, a position
        number = text.count("\n", 0, exc.position) + 1
        raise ConfigError(
            f"{path}:{number}: invalid YAML: character {exc.character!r} is not allowed"
        ) from exc
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise ConfigError(f"{path}: invalid YAML: {detail}") from exc
    lines: dict[str, int] = {}
    if node is not None:
        _collect_lines(node, "", lines)
    return Located(path, data, lines)


def _collect_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            lines[key] = key_node.start_mark.line + 1
            _collect_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}[{index}]"
            lines[key] = item.start_mark.line + 1
            _collect_lines(item, key, lines)


def check_keys(
    doc: Located, mapping: Mapping[str, Any], allowed: Iterable[str], *, at: str = ""
) -> None:
    """Unknown keys are errors with the nearest valid key, never silently ignored."""
    allowed = list(allowed)
    for key in mapping:
        if key in allowed:
            continue
        path = f"{at}.{key}" if at else str(key)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        valid = ", ".join(sorted(allowed))
        raise doc.error(path, f"unknown key '{key}'{hint}; valid keys: {valid}")


def expect_mapping(doc: Located, value: Any, at: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        what = f"'{at}'" if at else "the file"
        raise doc.error(at, f"{what} must be a mapping of keys to values")
    return value


def string_list(doc: Located, value: Any, at: str) -> tuple[str, ...]:
    """A scalar or a list of scalars, as strings."""
    if value is None:
        return ()
    if isinstance(value, (str, int, float)):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value)
    raise doc.error(at, f"'{at}' must be a string or a list of strings")
