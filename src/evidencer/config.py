"""Load and validate ``.github/evidencer.yml``; its keys mirror the command-line options.

The command line wins over the file; an unknown key names the file, line and nearest key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from evidencer.classify.linear import Regex, UnsupportedRegex
from evidencer.errors import EvidencerError, TemplateError
from evidencer.period import parse_when
from evidencer.render.templates import resolve_template, templates_dir
from evidencer.yamlfile import (
    Located,
    check_keys,
    expect_mapping,
    glob_list,
    load_yaml,
    string_list,
)

CONFIG_NAME = ".github/evidencer.yml"
FORMATS = ("markdown", "json")
# "model": the shipped model judges what the rubric's explicit rules leave open;
# "rules": the rubric alone (a team's own rubric, without the model).
CLASSIFIERS = ("model", "rules")


@dataclass(frozen=True)
class Excludes:
    """Work to leave out: item id globs, paths (items touching only these), title regexes."""

    ids: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    titles: tuple[Regex, ...] = ()  # case-insensitive, on the linear-time engine


@dataclass(frozen=True)
class PrCommentSettings:
    labels: bool = True
    label_prefix: str = "competency: "
    only_when_matched: bool = False
    template: str | None = None


@dataclass(frozen=True)
class Settings:
    """Everything a run needs, after the file and the command line are combined."""

    repos: tuple[Path, ...] = (Path("."),)
    github: tuple[str, ...] = ()
    github_org: tuple[str, ...] = ()
    github_url: str | None = None
    authors: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    offline: bool = False
    postmortems: tuple[str, ...] = ()
    incident_labels: tuple[str, ...] = ()
    rubric: Path | None = None
    classifier: str = "model"
    template: str | None = None
    format: str = "markdown"
    output: str | None = None
    store: Path | None = None
    max_wait: float = 300.0
    github_timeout: float = 30.0
    include_closed: bool = False
    per_person: bool = False
    redact: bool = False
    public_repos: tuple[str, ...] = ()
    excludes: Excludes = field(default_factory=Excludes)
    pr_comment: PrCommentSettings = field(default_factory=PrCommentSettings)
    config_path: Path | None = None


MAX_SECONDS = 10**9  # about 32 years: no wait is longer, and the value stays a float

_SIMPLE = {
    "authors": "list", "repos": "paths", "github": "list", "github_org": "list",
    "github_url": "str", "since": "str", "until": "str", "offline": "bool",
    "postmortems": "globs", "incident_labels": "list", "rubric": "path", "template": "str",
    "format": "str", "output": "str", "store": "path", "max_wait": "number",
    "github_timeout": "number", "classifier": "str",
    "include_closed": "bool", "per_person": "bool", "redact": "bool", "public_repos": "globs",
}
_TOP_KEYS = (*_SIMPLE, "excludes", "pr_comment")
_EXCLUDE_KEYS = ("ids", "paths", "titles")
_PR_KEYS = ("labels", "label_prefix", "only_when_matched", "template")


TEAM = "team"


def is_team_run(settings: Settings) -> bool:
    """``--per-person``, or the ``team`` template for the people of one run."""
    return settings.per_person or settings.template == TEAM


def find_config(repo: Path) -> Path | None:
    """``.github/evidencer.yml`` at the root of the repository ``repo`` is in (or under)."""
    for folder in (repo.resolve(), *repo.resolve().parents):
        candidate = folder / CONFIG_NAME
        # Not only regular files: a FIFO, /dev/zero or a link to nothing is refused aloud.
        if candidate.exists() or candidate.is_symlink():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_config(path: Path) -> dict[str, Any]:
    """Validated values from a config file, relative paths resolved against its project."""
    doc = load_yaml(path)
    data = expect_mapping(doc, doc.data, "")
    check_keys(doc, data, _TOP_KEYS)
    base = path.parent.parent if path.parent.name == ".github" else path.parent
    values: dict[str, Any] = {"config_path": path}
    for key, kind in _SIMPLE.items():
        if key in data and data[key] is not None:
            values[key] = _convert(doc, key, data[key], kind, base)
    if values.get("format") not in (None, *FORMATS):
        raise doc.error("format", f"format must be one of {', '.join(FORMATS)}")
    if values.get("classifier") not in (None, *CLASSIFIERS):
        raise doc.error("classifier", f"classifier must be one of {', '.join(CLASSIFIERS)}")
    for key in ("since", "until"):  # named here, not later as if the command line said it
        if key in values:
            try:
                parse_when(values[key], today=dt.date.today(), option=f"'{key}'")
            except EvidencerError as exc:
                raise doc.error(key, str(exc)) from None
    if "template" in values:
        values["template"] = _template(doc, "template", values["template"], base)
    output = values.get("output")
    if output and output != "-":  # "-" or nothing: standard output
        # like repos, rubric and store: the same file from any folder of the project; a
        # trailing "/" still says a folder (--per-person writes one file a person there)
        values["output"] = str(_path(base, output)) + ("/" if output.endswith("/") else "")
    if "excludes" in data:
        values["excludes"] = _excludes(doc, data["excludes"])
    if "pr_comment" in data:
        values["pr_comment"] = _pr_comment(doc, data["pr_comment"], base)
    return values


def _template(doc: Located, key: str, value: str, base: Path) -> str:
    """A built-in template's name as written, or the file's path from the project: checked
    here, so that a mistake stops the run before collection, naming the file and line."""
    try:
        folder, name = resolve_template(value, base=base, option=f"'{key}'")
    except TemplateError as exc:
        raise doc.error(key, str(exc)) from None
    return value if folder == templates_dir() else str(folder / name)


def merge_settings(file_values: Mapping[str, Any], cli_values: Mapping[str, Any]) -> Settings:
    """Command-line values that were given win; the file fills the rest."""
    known = {f.name for f in fields(Settings)}
    merged: dict[str, Any] = {k: v for k, v in file_values.items() if k in known}
    for key, value in cli_values.items():
        if key not in known or value is None or value == () or value is False:
            continue
        merged[key] = value
    return replace(Settings(), **merged)


def _convert(doc: Located, key: str, value: Any, kind: str, base: Path) -> Any:
    if kind in ("paths", "path", "str") and any(  # no file name holds one, nor an option
            "\0" in v for v in (value if isinstance(value, list) else [value])
            if isinstance(v, str)):
        raise doc.error(key, f"'{key}' cannot hold a NUL character")
    if kind == "list":
        return string_list(doc, value, key)
    if kind == "globs":
        return glob_list(doc, value, key)
    if kind == "paths":
        return tuple(_path(base, v) for v in string_list(doc, value, key))
    if kind == "bool":
        if not isinstance(value, bool):
            raise doc.error(key, f"'{key}' must be true or false")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise doc.error(key, f"'{key}' must be a number")
        # seconds: nan, inf or an integer past a float's range would make a wait endless
        if not 0 <= value <= MAX_SECONDS:
            raise doc.error(key, f"'{key}' must be a number of seconds, 0 to {MAX_SECONDS:,}")
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()  # YAML reads an unquoted `since: 2026-01-01` as a date
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise doc.error(key, f"'{key}' must be a string")
    text = str(value)
    return _path(base, text) if kind == "path" else text


def _path(base: Path, text: str) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _excludes(doc: Located, raw: Any) -> Excludes:
    data = expect_mapping(doc, raw, "excludes")
    check_keys(doc, data, _EXCLUDE_KEYS, at="excludes")
    titles = []
    for index, pattern in enumerate(string_list(doc, data.get("titles"), "excludes.titles")):
        at = f"excludes.titles[{index}]"
        try:
            titles.append(Regex(pattern))
        except UnsupportedRegex as exc:
            raise doc.error(at, f"{at}: {pattern!r}: {exc}") from None
    return Excludes(
        ids=glob_list(doc, data.get("ids"), "excludes.ids"),
        paths=glob_list(doc, data.get("paths"), "excludes.paths"),
        titles=tuple(titles),
    )


def _pr_comment(doc: Located, raw: Any, base: Path) -> PrCommentSettings:
    data = expect_mapping(doc, raw, "pr_comment")
    check_keys(doc, data, _PR_KEYS, at="pr_comment")
    settings = PrCommentSettings()
    for key in ("labels", "only_when_matched"):
        if key in data:
            if not isinstance(data[key], bool):
                raise doc.error(f"pr_comment.{key}", f"'pr_comment.{key}' must be true or false")
            settings = replace(settings, **{key: data[key]})
    for key in ("label_prefix", "template"):
        if key in data and data[key] is not None:
            if not isinstance(data[key], str):
                raise doc.error(f"pr_comment.{key}", f"'pr_comment.{key}' must be a string")
            value = data[key]
            if key == "template":
                value = _template(doc, "pr_comment.template", value, base)
            settings = replace(settings, **{key: value})
    return settings
