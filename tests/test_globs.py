"""Globs as users write them in a rubric, a config file and on the command line.

A glob with brackets no regex can hold (a range written backwards) is refused where it is
read, in one line naming the file, line and key (or the option); one Python's ``re``
would warn about (``&&``, ``--``) matches as a glob means it, and warns no one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from evidencer.classify.rubric import load_rubric
from evidencer.config import load_config
from evidencer.errors import ConfigError
from evidencer.globs import GlobError, glob_source, match_label, match_path
from evidencer.sources.git.attributes import parse_attributes
from tests.conftest import Cli


@pytest.mark.parametrize(("glob", "path", "matches"), [
    ("[]", "[]", True),  # brackets never closed are characters, as in fnmatch
    ("[]a]*", "]x", True),  # a "]" first inside the brackets is one of them
    ("[]a]*", "ax", True),
    ("[]a]*", "bx", False),
    ("[!]a]", "b", True),
    ("[!]a]", "]", False),
    ("[!]x", "[!]x", True),
    ("[a&&b]*", "&x", True),  # "&&" is two characters, not a set intersection
    ("[a||b]", "|", True),
    ("[~~]", "~", True),
    ("[+--]", ",", True),  # a range from "+" to "-"
    ("[[:alpha:]]", ":]", True),  # no POSIX class: one of "[:alph", then "]"
    ("[[:alpha:]]", "a", False),
    ("src/[!_]*.py", "src/a.py", True),
    ("src/[!_]*.py", "src/_a.py", False),
])
def test_bracket_globs_match_as_fnmatch_reads_them(glob: str, path: str, matches: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no FutureWarning from re about sets
        assert match_path(glob, path) is matches
        assert match_label(glob, path) is matches


@pytest.mark.parametrize(("glob", "reason"), [
    ("[z-a]", "[z-a]: bad character range z-a"),
    ("docs/[a--b]x", "[a--b]: bad character range a--"),
])
def test_a_range_written_backwards_is_not_a_glob(glob: str, reason: str) -> None:
    with pytest.raises(GlobError) as refused:
        glob_source(glob)
    assert str(refused.value) == reason


@pytest.mark.parametrize("key", ["labels", "paths", "all_paths"])
def test_a_rubric_glob_that_cannot_match_is_refused_naming_file_line_and_key(
    key: str, tmp_path: Path
) -> None:
    path = tmp_path / "ladder.yml"
    path.write_text("name: ladder\ncompetencies:\n  - id: product-stability\n    rules:\n"
                    f"      - id: r1\n        {key}: ['docs/**', '[z-a]']\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_rubric(path)
    assert str(refused.value) == (
        f"{path}:6: 'competencies[0].rules[0].{key}': '[z-a]' is not a valid glob: "
        "[z-a]: bad character range z-a"
    )


@pytest.mark.parametrize("text", [
    "excludes:\n  paths: ['[z-a]']\n",
    "excludes:\n  ids: ['[z-a]']\n",
    "postmortems: ['[z-a]']\n",
    "public_repos: ['[z-a]']\n",
])
def test_a_config_glob_that_cannot_match_is_refused_naming_file_line_and_key(
    text: str, tmp_path: Path
) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(config)
    message = str(refused.value)
    assert message.startswith(f"{config}:{text.count(chr(10))}: '")
    assert message.endswith("'[z-a]' is not a valid glob: [z-a]: bad character range z-a")


def test_the_postmortems_option_refuses_such_a_glob_as_a_usage_error(
    run_cli: Cli, tmp_path: Path
) -> None:
    result = run_cli("brag", "--offline", "--repo", tmp_path, "--postmortems", "[z-a]")
    assert result.exit_code == 2
    assert "Invalid value for '--postmortems': '[z-a]' is not a valid glob" in result.stderr
    assert "Traceback" not in result.output


def test_a_rubric_glob_python_would_warn_about_classifies_without_a_warning(
    tmp_path: Path,
) -> None:
    """In a real process, where Python prints FutureWarnings (pytest catches them)."""
    path = tmp_path / "ladder.yml"
    path.write_text("name: ladder\ncompetencies:\n  - id: product-stability\n    rules:\n"
                    "      - id: r1\n        weight: 3\n        paths: ['[a&&b]*', '[+--]x']\n",
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    done = subprocess.run(
        [sys.executable, "-m", "evidencer", "classify", "--rubric", str(path)],
        input='{"title": "x", "paths": ["&x"]}\n', capture_output=True, text=True, env=env,
        cwd=tmp_path, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert '"product-stability"' in done.stdout


def test_a_repositorys_gitattributes_line_with_a_backwards_range_is_skipped() -> None:
    # git's wildmatch matches nothing with it; a stranger's pull request can write it.
    generated = parse_attributes("[z-a].c linguist-generated\n*.pb.go linguist-generated\n")
    assert generated is not None
    assert generated("api/x.pb.go")
    assert not generated("a.c")
