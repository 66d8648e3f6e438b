"""``evidencer init``: a commented ``.github/evidencer.yml`` and the workflow that uses it.

Both come from package data; nothing already there is overwritten unless asked to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evidencer.atomic import atomic_write_text
from evidencer.errors import EvidencerError
from evidencer.render.templates import templates_dir

CONFIG_FILE = Path(".github/evidencer.yml")
WORKFLOW_FILE = Path(".github/workflows/evidencer.yml")
_PLACEHOLDER = "__EVIDENCER_ACTION__"
# What `uses:` names: the workflow says every action is pinned by commit SHA, so it is.
_ACTION = re.compile(r"^(?:\./|[A-Za-z0-9][\w.-]*/[\w.-]+(?:/[\w./-]+)?@[0-9a-fA-F]{40})\Z")
ACTION_HELP = (
    "OWNER/REPO@SHA: the evidencer action pinned to a release's full commit SHA "
    "(`git ls-remote https://github.com/OWNER/REPO refs/tags/TAG` prints it), "
    "or ./ in a repository that holds action.yml"
)


@dataclass(frozen=True)
class Written:
    path: Path
    replaced: bool


def _init_template(name: str) -> str:
    return (templates_dir() / "init" / name).read_text(encoding="utf-8")


def config_text() -> str:
    return _init_template("evidencer.yml")


def check_action(action: str) -> None:
    if not _ACTION.match(action):
        raise EvidencerError(f"--action: {action!r} is not {ACTION_HELP}")


def workflow_text(action: str) -> str:
    """The example workflow, its evidencer steps using ``action`` (``./`` in this project)."""
    check_action(action)
    text = _init_template("workflow.yml")
    if action == "./":  # the checked-out base commit's copy, not the workflow's (PR) revision
        action = "./  # zizmor: ignore[self-repository] the base commit's copy, never the PR's"
    return text.replace(_PLACEHOLDER, action)


def init_repository(root: Path, *, action: str, force: bool = False) -> list[Written]:
    """Write both files under ``root``; refuse, before writing either, if one exists."""
    if not root.is_dir():
        raise EvidencerError(f"{root}: no such directory")
    files = {root / CONFIG_FILE: config_text(), root / WORKFLOW_FILE: workflow_text(action)}
    for path in files:
        # A cloned repository's .github/ may hold links: init writes only inside it.
        for step in (path, *path.parents):
            if step == root:
                break
            if step.is_symlink():
                raise EvidencerError(f"{step}: a symbolic link; init writes no file through one")
    present = [path for path in files if path.exists()]
    if present and not force:
        names = ", ".join(str(path) for path in present)
        raise EvidencerError(f"{names}: already there; pass --force to overwrite")
    written = []
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EvidencerError(f"{path.parent}: cannot create: {exc.strerror or exc}") from exc
        replaced = path.exists()
        atomic_write_text(path, text)
        written.append(Written(path, replaced))
    return written
