"""Entry point of the composite action: its inputs (``INPUT_*`` variables) become CLI arguments.

action.yml runs ``python -m evidencer.cli.action_entry``; the mapping lives here, not in shell.
"""

from __future__ import annotations

import glob
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from evidencer.errors import EvidencerError

MODES = {"pr-comment": "pr-comment", "report": "action-report", "collect": "collect"}
_SPLIT = re.compile(r"[,\n]")


def _input(env: Mapping[str, str], name: str, *, strip: bool = True) -> str:
    value = env.get(f"INPUT_{name.upper().replace('-', '_')}", "")
    return value.strip() if strip or not value.strip() else value


def _items(env: Mapping[str, str], name: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(_input(env, name)) if part.strip()]


def _flag(env: Mapping[str, str], name: str, on: str, off: str) -> list[str]:
    value = _input(env, name).lower()
    if not value:
        return []
    if value not in ("true", "false"):
        raise EvidencerError(f"input {name}: {value!r} is neither true nor false")
    return [on if value == "true" else off]


def _option(env: Mapping[str, str], name: str, option: str, *, strip: bool = True) -> list[str]:
    value = _input(env, name, strip=strip)
    return [option, value] if value else []


def _imports(env: Mapping[str, str], cwd: Path) -> list[str]:
    """Each ``import`` pattern expanded; a pattern that matches nothing is an error."""
    args: list[str] = []
    for pattern in _items(env, "import"):
        found = sorted(glob.glob(pattern, root_dir=cwd)) if glob.has_magic(pattern) else [pattern]
        if not found:
            raise EvidencerError(f"input import: no file matches {pattern!r}")
        for name in found:
            args += ["--import", name]
    return args


def export_name(repos: list[str]) -> str:
    slug = "+".join(re.sub(r"[^A-Za-z0-9._-]+", "-", repo) for repo in repos) or "evidence"
    return f"{slug[:120]}.jsonl"


def action_argv(env: Mapping[str, str], *, cwd: Path) -> list[str]:
    """The ``evidencer`` command line the action's inputs ask for."""
    mode = _input(env, "mode") or "pr-comment"
    if mode not in MODES:
        raise EvidencerError(f"input mode: {mode!r} is not one of {', '.join(MODES)}")
    args = [MODES[mode], *_option(env, "config", "--config")]
    if mode == "pr-comment":
        return [
            *args,
            *_flag(env, "labels", "--labels", "--no-labels"),
            *_option(env, "label-prefix", "--label-prefix", strip=False),  # "x: " keeps its space
            *_flag(env, "only-when-matched", "--only-when-matched", "--always-comment"),
            *_option(env, "template", "--template"),
        ]
    for author in _items(env, "authors"):
        args += ["--author", author]
    repos = _items(env, "repos")
    for repo in repos:
        args += ["--github", repo]
    args += [*_option(env, "since", "--since"), *_option(env, "until", "--until")]
    output_dir = _input(env, "output-dir") or "evidencer-report"
    if mode == "collect":
        return [*args, "--export", str(Path(output_dir) / export_name(repos))]
    return [
        *args,
        *_option(env, "template", "--template"),
        "--output-dir", output_dir,
        *_option(env, "issue-title", "--issue-title"),
        *_imports(env, cwd),
    ]


def main() -> None:
    """Run the command the inputs name; exit as the CLI does."""
    from evidencer.cli.common import stop_cleanly_on_signals
    from evidencer.cli.main import cli

    stop_cleanly_on_signals()  # a cancelled workflow sends SIGINT, then SIGTERM
    env = dict(os.environ)
    try:
        argv = action_argv(env, cwd=Path.cwd())
    except EvidencerError as exc:
        print(f"evidencer: error: {exc}", file=sys.stderr)
        sys.exit(1)
    if argv[0] == "collect":  # `collect --export` writes into a folder that must exist
        folder = Path(argv[-1]).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"evidencer: error: output-dir ({folder}): cannot create: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            sys.exit(1)
    cli.main(args=argv, prog_name="evidencer")


if __name__ == "__main__":
    main()
