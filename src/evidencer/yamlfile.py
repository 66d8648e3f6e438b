"""Read YAML files keeping line numbers, so every error can name file and line.

Used by the config and rubric loaders (and, through load_bounded, postmortem front
matter); checks keys against what is allowed.

Hostile files are refused by construction, before anything walks them: only regular files
of at most MAX_YAML_BYTES are read (a FIFO or /dev/zero is named and refused, never waited
on), and a document whose aliases would expand to more than MAX_YAML_NODES nodes (a
"billion laughs" bomb) or refer to themselves is refused once composed, counting each
shared node once, so the check is linear in the file.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from evidencer.atomic import NotRegular, TooLarge, read_regular
from evidencer.errors import ConfigError, reason, shown
from evidencer.globs import GlobError, check_globs


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when PyYAML was built with it (the rubric loads on every run),
    where a value YAML reads but Python cannot hold (``2026-02-30``, ``0000-01-01``, an
    integer of 5,000 digits) is a YAML error naming its line, not a ValueError."""


def _checked(construct: Any) -> Any:
    def checked(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown(node.value)} cannot be read: {reason(exc)}",
                node.start_mark,
            ) from None
    return checked


for _tag in ("timestamp", "int", "float"):
    _name = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_name, _checked(_Loader.yaml_constructors[_name]))
_LOADER: Any = _Loader

MAX_YAML_BYTES = 1 << 20  # a config or rubric is a few KiB; the default rubric is ~25 KiB
# The default rubric is ~1,200 nodes; a bomb of 513 bytes expands to billions.
MAX_YAML_NODES = 100_000


class YamlRefused(ValueError):
    """A document too large once its aliases are expanded, or one that contains itself."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # 1-based, within the text given


def load_bounded(text: str, *, loader_class: Any = None) -> tuple[yaml.Node | None, Any]:
    """The composed node and the loaded value of one YAML document, with safe tags only.

    Raises YamlRefused for an alias bomb or a recursive alias, before anything is built;
    YAML errors propagate as PyYAML raises them. ``loader_class`` is a safe loader
    (default: libyaml's when built).
    """
    loader = (loader_class or _LOADER)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_expansion(node)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value


def _check_expansion(root: yaml.Node, limit: int = MAX_YAML_NODES) -> None:
    """Refuse a node graph that is more than ``limit`` nodes as a tree, or is cyclic.

    Every distinct node is visited once (an alias is a shared node), so a bomb costs as
    little to check as it took to compose. Iterative: depth is no problem either.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > limit:
                raise YamlRefused(f"aliases expand to more than {limit:,} nodes (an alias bomb?)",
                                  node.start_mark.line + 1)
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlRefused("an alias refers to a node that contains it",
                              node.start_mark.line + 1)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def read_yaml_text(path: Path) -> str:
    """The text of a YAML file that is a regular file of at most MAX_YAML_BYTES: a FIFO is
    never waited on, /dev/zero never read (atomic.read_regular)."""
    try:
        data = read_regular(path, MAX_YAML_BYTES)
    except NotRegular as exc:
        raise ConfigError(f"{path}: {exc.kind}, not a regular file; refused") from exc
    except TooLarge as exc:
        raise ConfigError(f"{path}: {exc.size} bytes is over the {MAX_YAML_BYTES >> 20} MiB "
                          "limit for a YAML file; refused") from exc
    except FileNotFoundError as exc:
        if path.is_symlink():
            gone = os.readlink(path)
            raise ConfigError(f"{path}: a link to {gone!r}, which is not there") from exc
        raise ConfigError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: cannot read: not valid UTF-8") from exc


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
        text = read_yaml_text(path)
    try:
        node, data = load_bounded(text)  # a safe loader: see _LOADER
    except YamlRefused as exc:
        raise ConfigError(f"{path}:{exc.line}: invalid YAML: {exc.message}; refused") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from exc
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


def _key_name(node: yaml.Node) -> str:
    """A key as the loaded mapping spells it: ``~`` loads as None and ``on`` as True, and
    an unknown key is looked up by that name for its line."""
    tag = str(node.tag)
    if tag.endswith(":null"):
        return "None"
    if tag.endswith(":bool"):
        return str(str(node.value).lower() in ("true", "yes", "on", "y"))
    return str(node.value)


def _collect_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = _key_name(key_node)
            key = f"{prefix}.{name}" if prefix else name
            lines[key] = key_node.start_mark.line + 1
            _collect_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}[{index}]"
            lines[key] = item.start_mark.line + 1
            _collect_lines(item, key, lines)


def check_keys(
    doc: Located, mapping: Mapping[Any, Any], allowed: Iterable[str], *, at: str = ""
) -> None:
    """Unknown keys are errors with the nearest valid key, never silently ignored."""
    allowed = list(allowed)
    for key in mapping:
        if key in allowed:
            continue
        path = f"{at}.{key}" if at else str(key)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        if key is None or isinstance(key, bool):
            hint = " (YAML reads a bare ~, null, on, off, yes or no as no name: quote it)"
        valid = ", ".join(sorted(allowed))
        # repr: a key may hold a newline, and the error stays one line
        raise doc.error(path, f"unknown key {str(key)!r}{hint}; valid keys: {valid}")


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


def glob_list(doc: Located, value: Any, at: str) -> tuple[str, ...]:
    """``string_list`` of globs, each one a glob evidencer can match (``[z-a]`` is not)."""
    globs = string_list(doc, value, at)
    try:
        check_globs(globs)
    except GlobError as exc:
        raise doc.error(at, f"'{at}': {exc}") from None
    return globs
