"""Bad input on the command line: one exact line on stderr, the right exit code, no traceback.

Exit 1 is a handled error (``evidencer: error: ...``); exit 2 is click's usage error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result

from evidencer import config as config_module
from evidencer.classify import rubric as rubric_module
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")


def brag(run_cli: Cli, *args: str | Path) -> Result:
    return run_cli("brag", "--offline", "--store", run_cli.store, *args)


def assert_error(result: Result, message: str, *, code: int = 1) -> None:
    """Exactly one line on stderr, exit code 1 (2 for usage), nothing on stdout, no traceback."""
    assert result.stderr == f"evidencer: error: {message}\n"
    assert result.exit_code == code
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit)


@pytest.fixture
def committed(repo: GitRepo) -> GitRepo:
    repo.commit("fix: retry exports that time out", files={"src/export.py": "retry\n"})
    return repo


# --- where to read ----------------------------------------------------------------------------


def test_a_folder_that_is_not_a_git_repository_is_named(run_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()

    assert_error(brag(run_cli, "--repo", folder, *YEAR), f"{folder}: not a git repository")


def test_not_a_git_repository_is_reported_even_without_a_git_identity(
    run_cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()

    result = run_cli("collect", "--offline", "--store", run_cli.store, "--repo", folder)

    assert_error(result, f"{folder}: not a git repository")


def test_a_path_that_does_not_exist_is_named(run_cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    assert_error(brag(run_cli, "--repo", missing, *YEAR), f"{missing}: no such directory")


def test_every_repo_is_checked_before_anything_is_read(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"

    result = brag(run_cli, "--repo", committed.path, "--repo", missing, *YEAR)

    assert_error(result, f"{missing}: no such directory")


def test_no_identity_at_all_asks_who_you_are(run_cli: Cli, committed: GitRepo) -> None:
    committed.git("config", "--unset", "user.email")
    committed.git("config", "--unset", "user.name")

    result = brag(run_cli, "--repo", committed.path, *YEAR)

    assert_error(
        result,
        "who are you? pass --author with the email you commit under (`git shortlog -sne` lists "
        "this history's authors); join several with commas, your GitHub noreply address too: "
        "--author 'me@work.com,me@home.org,12345+me@users.noreply.github.com'; "
        "or set `git config user.email`",
    )


def test_an_author_without_work_in_the_history_is_told_how_to_find_theirs(
    run_cli: Cli, committed: GitRepo
) -> None:
    result = brag(run_cli, "--repo", committed.path, "--author", "nobody@example.com", *YEAR)

    assert result.exit_code == 0
    assert result.stderr == (
        "evidencer: warning: no work by nobody@example.com between 2026-01-01 and 2026-12-31; "
        "`git shortlog -sne --since=2026-01-01` lists who committed then: pass your addresses "
        "with --author\n"
    )


def test_a_period_nobody_committed_in_gives_no_author_hint(
    run_cli: Cli, committed: GitRepo
) -> None:
    result = brag(run_cli, "--repo", committed.path, "--author", "nobody@example.com",
                  "--since", "2026-06-01", "--until", "2026-12-31")

    assert result.exit_code == 0
    assert result.stderr == ""


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [("--since", "yesterday-ish"), ("--until", "2026-13-45"), ("--since", "6 months"),
     ("--since", "12x"), ("--until", "2026")],
)
def test_a_bad_date_names_the_option_and_the_forms_it_takes(
    run_cli: Cli, committed: GitRepo, option: str, value: str
) -> None:
    result = brag(run_cli, "--repo", committed.path, option, value)

    assert_error(
        result,
        f"{option}: cannot read date {value!r}; use YYYY-MM-DD or a span like 90d, 12w, 6m, 1y",
        code=2,
    )


def test_yesterday_is_not_a_date_and_that_is_a_usage_error(
    run_cli: Cli, committed: GitRepo
) -> None:
    result = brag(run_cli, "--repo", committed.path, "--since", "yesterday")

    assert_error(
        result,
        "--since: cannot read date 'yesterday'; use YYYY-MM-DD or a span like 90d, 12w, 6m, 1y",
        code=2,
    )


def test_a_bad_date_in_the_config_file_stays_a_handled_error(
    run_cli: Cli, committed: GitRepo
) -> None:
    committed.write(".github/evidencer.yml", "authors: [alice@example.com]\nsince: yesterday\n")

    result = brag(run_cli, "--repo", committed.path)

    assert result.exit_code == 1


def test_a_start_in_the_future_is_refused(run_cli: Cli, committed: GitRepo) -> None:
    result = brag(run_cli, "--repo", committed.path, "--since", "2099-01-01")

    assert_error(result, "--since 2099-01-01 is in the future", code=2)


def test_until_before_since_is_refused(run_cli: Cli, committed: GitRepo) -> None:
    result = brag(run_cli, "--repo", committed.path, "--since", "2026-03-01",
                  "--until", "2026-02-01")

    assert_error(result, "--until 2026-02-01 is before --since 2026-03-01", code=2)


# --- rubric and template ----------------------------------------------------------------------


def test_an_unknown_template_name_lists_the_built_in_ones(
    run_cli: Cli, committed: GitRepo
) -> None:
    result = brag(run_cli, "--repo", committed.path, "--template", "nosuch", *YEAR)

    assert_error(
        result,
        "--template: unknown template 'nosuch'; use one of brag, team "
        "or a path to a .j2 file",
        code=2,
    )


def test_a_missing_template_file_is_named(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    missing = tmp_path / "mine.md.j2"

    result = brag(run_cli, "--repo", committed.path, "--template", missing, *YEAR)

    assert_error(result, f"--template: no such template file: {missing}", code=2)


def test_a_missing_rubric_file_is_named(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    missing = tmp_path / "ladder.yml"

    result = brag(run_cli, "--repo", committed.path, "--rubric", missing, *YEAR)

    assert_error(result, f"--rubric: no such file: {missing}", code=2)


@pytest.mark.parametrize("command", ["classify", "report", "explain"])
def test_a_missing_rubric_file_is_a_usage_error_for_every_command(
    run_cli: Cli, tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "ladder.yml"
    args = ["--author", "a@example.com", "--store", run_cli.store]
    extra = {"classify": [], "report": args, "explain": ["abc123", *args]}[command]

    result = run_cli(command, *extra, "--rubric", missing, input="")

    assert_error(result, f"--rubric: no such file: {missing}", code=2)


RUBRIC_HEAD = """\
name: ladder
competencies:
  - id: stability
    rules:
      - id: fixes
"""


@pytest.mark.parametrize(("line", "said"), [
    ('        title: "fix("\n', "competency 'stability' rule 'fixes' title: 'fix(': "
     "not a valid regular expression: missing ): fix("),
    ('        titel: "fix"\n', "unknown key 'titel' (did you mean 'title'?); "
     f"valid keys: {', '.join(sorted(rubric_module._RULE_KEYS))}"),
    ("        advisory: sometimes\n",
     "'competencies[0].rules[0].advisory' must be true or false"),
], ids=["bad-regex", "unknown-key", "flag-not-true-or-false"])
def test_a_bad_rubric_rule_names_file_line_and_key(
    run_cli: Cli, committed: GitRepo, tmp_path: Path, line: str, said: str
) -> None:
    rubric = tmp_path / "ladder.yml"
    rubric.write_text(RUBRIC_HEAD + line)

    result = brag(run_cli, "--repo", committed.path, "--rubric", rubric, *YEAR)

    assert_error(result, f"{rubric}:6: {said}")


def test_a_rubric_that_is_not_yaml_names_the_line(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    rubric = tmp_path / "ladder.yml"
    rubric.write_text("name: ladder\ncompetencies: [\n  - id: x\n")

    result = brag(run_cli, "--repo", committed.path, "--rubric", rubric, *YEAR)

    assert result.exit_code == 1
    assert result.stderr.startswith(f"evidencer: error: {rubric}:")
    assert ": invalid YAML: " in result.stderr
    assert result.stderr.count("\n") == 1


# --- config -----------------------------------------------------------------------------------


def test_a_config_with_an_unknown_key_names_file_line_and_suggestion(
    run_cli: Cli, committed: GitRepo
) -> None:
    config = committed.write(".github/evidencer.yml",
                             "authors:\n  - alice@example.com\nsinse: 90d\n")

    result = brag(run_cli, "--repo", committed.path, *YEAR)

    assert_error(
        result,
        f"{config}:3: unknown key 'sinse' (did you mean 'since'?); "
        f"valid keys: {', '.join(sorted(config_module._TOP_KEYS))}",
    )


def test_a_missing_config_file_is_named(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    missing = tmp_path / "evidencer.yml"

    result = brag(run_cli, "--repo", committed.path, "--config", missing, *YEAR)

    # a usage error, as a --rubric that is not there (docs/reference.md)
    assert_error(result, f"--config: no such file: {missing}", code=2)


# --- output ---------------------------------------------------------------------------------------


def test_output_into_a_folder_that_does_not_exist_is_refused(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "brag.md"

    result = brag(run_cli, "--repo", committed.path, "-o", target, *YEAR)

    assert_error(result, f"{target}: cannot write: no such directory {target.parent}")
    assert not (tmp_path / "no").exists()


def test_output_under_a_file_is_refused(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me\n")
    target = blocker / "brag.md"

    result = brag(run_cli, "--repo", committed.path, "-o", target, *YEAR)

    assert_error(result, f"{target}: cannot write: {blocker} is not a directory")
    assert blocker.read_text() == "keep me\n"


def test_output_onto_a_folder_is_refused(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    result = brag(run_cli, "--repo", committed.path, "-o", folder, *YEAR)

    assert_error(result, f"{folder}: cannot write: it is a directory")
    assert list(folder.iterdir()) == []


def test_output_file_is_written_whole_and_no_temporary_file_is_left(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "brag.md"
    target.write_text("an older and much longer document\n" * 500)

    result = brag(run_cli, "--repo", committed.path, "-o", target, *YEAR)

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert [p.name for p in out.iterdir()] == ["brag.md"]
    text = target.read_text()
    assert text.startswith("# Brag document: Alice Doe\n")
    assert "older" not in text
    stdout = brag(run_cli, "--repo", committed.path, *YEAR).stdout
    assert text == stdout


def test_output_dash_means_stdout(run_cli: Cli, committed: GitRepo, tmp_path: Path) -> None:
    result = brag(run_cli, "--repo", committed.path, "-o", "-", *YEAR)

    assert result.exit_code == 0
    assert result.stdout.startswith("# Brag document: Alice Doe\n")
    assert not (tmp_path / "-").exists()


def test_a_failed_run_leaves_the_previous_output_untouched(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    target = tmp_path / "brag.md"
    target.write_text("last week's document\n")

    result = brag(run_cli, "--repo", committed.path, "-o", target, "--rubric",
                  tmp_path / "broken.yml", *YEAR)

    assert result.exit_code == 2
    assert target.read_text() == "last week's document\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brag")] == []


# --- usage errors: exit 2, one line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("brag", "--format", "xml"),
         "Invalid value for '--format': 'xml' is not one of 'markdown', 'json'."),
        (("brag", "--sinse", "90d"), "No such option"),  # click words the suggestion its way
        (("explain",), "Missing argument 'REF'."),
        (("bragg",), "No such command 'bragg'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    run_cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args)

    assert result.exit_code == 2
    assert result.stderr.startswith(f"evidencer: error: {message}")
    assert result.stderr.count("\n") == 1


# --- --debug -------------------------------------------------------------------------------


def run_module(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "evidencer", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    store = tmp_path / "store.sqlite3"

    quiet = run_module("brag", "--offline", "--repo", folder, "--store", store,
                       "--author", "a@example.com", cwd=tmp_path)
    loud = run_module("--debug", "brag", "--offline", "--repo", folder, "--store", store,
                      "--author", "a@example.com", cwd=tmp_path)

    assert (quiet.returncode, quiet.stderr) == (
        1, f"evidencer: error: {folder}: not a git repository\n"
    )
    assert loud.returncode == 1
    assert "Traceback (most recent call last)" in loud.stderr
    assert f"evidencer.errors.GitError: {folder}: not a git repository" in loud.stderr
