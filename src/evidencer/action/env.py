"""The files and commands a GitHub Actions step talks through: outputs, job summary, notices.

Pure over the environment it is handed; nothing here reads os.environ or prints.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from evidencer.errors import EvidencerError

# GitHub refuses a step summary larger than this (per step) and shows none of it.
SUMMARY_LIMIT = 1024 * 1024
# GitHub's limit on the body of an issue or a comment, in characters.
BODY_LIMIT = 65_536
_FENCE_CLOSE = "\n```"


@dataclass(frozen=True)
class Fitted:
    """Text cut to fit a limit; ``truncated`` says whether anything was left out."""

    text: str
    truncated: bool


def in_actions(env: Mapping[str, str]) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def run_url(env: Mapping[str, str]) -> str | None:
    """The web page of this workflow run, where its artifacts are listed."""
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repo, run_id = env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    if not repo or not run_id:
        return None
    return f"{server}/{repo}/actions/runs/{run_id}"


def write_outputs(env: Mapping[str, str], outputs: Mapping[str, str]) -> Path | None:
    """Append step outputs to ``$GITHUB_OUTPUT`` in the multiline-safe heredoc form.

    Each value is fenced by a random delimiter that does not occur in it, so a value
    with newlines (or one that looks like ``name=value``) cannot forge another output.
    """
    target = env.get("GITHUB_OUTPUT")
    if not target:
        return None
    lines = []
    for name, value in outputs.items():
        delimiter = _delimiter(value)
        lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    _append(Path(target), "".join(lines), what="GITHUB_OUTPUT")
    return Path(target)


def _delimiter(value: str) -> str:
    while True:
        candidate = f"ghadelimiter_{secrets.token_hex(16)}"
        if candidate not in value:
            return candidate


def fit_bytes(text: str, limit: int, *, note: str) -> Fitted:
    """``text`` if it fits in ``limit`` UTF-8 bytes, else cut at a line with ``note`` after.

    The cut falls on a line boundary (never inside a character) and the note is
    counted in the limit; an open code fence is closed so the note renders as text.
    """
    data = text.encode("utf-8")
    if len(data) <= limit:
        return Fitted(text, truncated=False)
    tail = f"\n\n{note}\n"
    room = max(0, limit - len(tail.encode("utf-8")) - len(_FENCE_CLOSE))
    head = data[:room].decode("utf-8", errors="ignore")
    return Fitted(_close_fence(_whole_lines(head)) + tail, truncated=True)


def fit_chars(text: str, limit: int, *, note: str) -> Fitted:
    """Like :func:`fit_bytes` for limits counted in characters (issue and comment bodies)."""
    if len(text) <= limit:
        return Fitted(text, truncated=False)
    tail = f"\n\n{note}\n"
    head = text[: max(0, limit - len(tail) - len(_FENCE_CLOSE))]
    return Fitted(_close_fence(_whole_lines(head)) + tail, truncated=True)


def _whole_lines(head: str) -> str:
    return head[: head.rindex("\n")] if "\n" in head else head


def _close_fence(head: str) -> str:
    """Close a code block left open by the cut, so the note after it reads as text."""
    fences = sum(1 for line in head.splitlines() if line.lstrip().startswith("```"))
    return head + _FENCE_CLOSE if fences % 2 else head


def append_summary(env: Mapping[str, str], text: str, *, note: str) -> tuple[Path, bool] | None:
    """Append Markdown to ``$GITHUB_STEP_SUMMARY`` within GitHub's 1 MiB per step.

    What the step already wrote counts against the limit. Returns the file and
    whether the text had to be cut (then ``note`` says where the rest is).
    """
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    try:
        used = path.stat().st_size
    except OSError:
        used = 0
    separator = "\n" if used else ""
    fitted = fit_bytes(text, SUMMARY_LIMIT - used - len(separator), note=note)
    _append(path, separator + fitted.text, what="GITHUB_STEP_SUMMARY")
    return path, fitted.truncated


def _append(path: Path, text: str, *, what: str) -> None:
    try:
        with path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise EvidencerError(f"{what} ({path}): cannot write: {exc.strerror or exc}") from exc


def workflow_command(command: str, message: str, *, title: str | None = None) -> str:
    """A ``::notice::``-style line, escaped so the message cannot end it or start another."""
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if title is None:
        return f"::{command}::{data}"
    escaped = (
        title.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        .replace(":", "%3A").replace(",", "%2C")
    )
    return f"::{command} title={escaped}::{data}"
