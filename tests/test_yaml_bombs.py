"""Hostile YAML: alias bombs, recursive aliases, FIFOs, devices and huge files are refused
with one line before anything walks them -- in the config, the rubric and postmortem front
matter (where the file is skipped and the run goes on)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import Result

from evidencer.errors import ConfigError
from evidencer.yamlfile import MAX_YAML_BYTES, MAX_YAML_NODES, YamlRefused, load_bounded, load_yaml
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

YEAR = ("--since", "2024-01-01", "--until", "2024-12-31")
# The classic "billion laughs": 9 levels of 9 aliases, ~500 bytes, 9^9 strings expanded.
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
) + "\n"
# Six levels of ten: a million nodes, over the bound at the fifth level (line 5), yet small
# enough that a loader without the bound finishes in seconds -- and then says something else.
MILLION = "\n".join(
    ["a: &a [" + ",".join(["x"] * 10) + "]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]" for i in range(5)]
) + "\n"
MILLION_REFUSED = (f"invalid YAML: aliases expand to more than {MAX_YAML_NODES:,} nodes "
                   "(an alias bomb?); refused")


def assert_error(result: Result, message: str) -> None:
    """Exactly one line on stderr, exit code 1, nothing on stdout, no traceback."""
    assert result.stderr == f"evidencer: error: {message}\n"
    assert result.exit_code == 1
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit)


@pytest.fixture
def committed(repo: GitRepo) -> GitRepo:
    repo.commit("fix: retry exports that time out", files={"src/export.py": "retry\n"},
                date="2024-03-01T10:00:00+00:00")
    return repo


def brag(run_cli: Cli, *args: str | Path) -> Result:
    return run_cli("brag", "--offline", "--store", run_cli.store, *args)


# --- the loader ------------------------------------------------------------------------------


def test_the_billion_laughs_is_refused_at_the_line_of_the_anchor_that_explodes() -> None:
    assert len(BILLION_LAUGHS.encode()) < 600
    with pytest.raises(YamlRefused) as caught:
        load_bounded(BILLION_LAUGHS)
    # The sixth level (line 6) is ~600,000 nodes: the first to pass the bound.
    assert (caught.value.line, caught.value.message) == (
        6, f"aliases expand to more than {MAX_YAML_NODES:,} nodes (an alias bomb?)")


def test_a_recursive_alias_is_refused_not_walked_forever() -> None:
    with pytest.raises(YamlRefused) as caught:
        load_bounded("name: x\nloop: &loop\n  - 1\n  - *loop\n")
    assert (caught.value.line, caught.value.message) == (
        2, "an alias refers to a node that contains it")


def test_aliases_that_stay_small_load_as_before() -> None:
    node, data = load_bounded("base: &base {weight: 2, labels: [bug]}\n"
                              "rules: [*base, *base, {<<: *base, weight: 3}]\n")
    assert node is not None
    assert data["rules"] == [{"weight": 2, "labels": ["bug"]}, {"weight": 2, "labels": ["bug"]},
                             {"weight": 3, "labels": ["bug"]}]


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("# " + "x" * MAX_YAML_BYTES + "\n")
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    assert str(caught.value) == (
        f"{path}: {MAX_YAML_BYTES + 3} bytes is over the 1 MiB limit for a YAML file; refused")


# --- the config ------------------------------------------------------------------------------


def test_an_alias_bomb_in_a_cloned_repositorys_config_is_refused_with_one_line(
    run_cli: Cli, committed: GitRepo
) -> None:
    config = committed.write(".github/evidencer.yml", MILLION)
    result = brag(run_cli, "--repo", committed.path, *YEAR)
    assert_error(result, f"{config}:5: {MILLION_REFUSED}")


def test_a_config_that_is_a_fifo_is_refused_without_waiting_for_a_writer(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    fifo = tmp_path / "evidencer.yml"
    os.mkfifo(fifo)
    result = brag(run_cli, "--repo", committed.path, "--config", fifo, *YEAR)
    assert_error(result, f"{fifo}: a FIFO, not a regular file; refused")


def test_a_config_linked_to_dev_zero_in_the_repository_is_refused(
    run_cli: Cli, committed: GitRepo
) -> None:
    config = committed.path / ".github" / "evidencer.yml"
    config.parent.mkdir()
    config.symlink_to("/dev/zero")
    result = brag(run_cli, "--repo", committed.path, *YEAR)
    assert_error(result, f"{config}: a device, not a regular file; refused")


def test_a_config_over_the_size_cap_is_refused(run_cli: Cli, committed: GitRepo) -> None:
    config = committed.write(".github/evidencer.yml", "since: 90d\n" + "#" * MAX_YAML_BYTES)
    result = brag(run_cli, "--repo", committed.path, *YEAR)
    assert_error(result, f"{config}: {MAX_YAML_BYTES + 11} bytes is over the 1 MiB limit "
                         "for a YAML file; refused")


# --- the rubric ------------------------------------------------------------------------------


def test_an_alias_bomb_rubric_is_refused_with_one_line(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    rubric = tmp_path / "ladder.yml"
    rubric.write_text(MILLION)
    result = brag(run_cli, "--repo", committed.path, "--rubric", rubric, *YEAR)
    assert_error(result, f"{rubric}:5: {MILLION_REFUSED}")


def test_a_rubric_that_is_dev_zero_or_a_fifo_is_refused(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    fifo = tmp_path / "ladder.yml"
    os.mkfifo(fifo)
    assert_error(brag(run_cli, "--repo", committed.path, "--rubric", "/dev/zero", *YEAR),
                 "/dev/zero: a device, not a regular file; refused")
    assert_error(brag(run_cli, "--repo", committed.path, "--rubric", fifo, *YEAR),
                 f"{fifo}: a FIFO, not a regular file; refused")


# --- postmortem front matter -----------------------------------------------------------------


def test_an_alias_bomb_in_front_matter_skips_that_file_and_the_run_goes_on(
    run_cli: Cli, committed: GitRepo, tmp_path: Path
) -> None:
    front = MILLION + "title: Bomb\ndate: *f\n"
    committed.commit("docs: postmortems", files={
        "postmortems/2024-04-01-bomb.md": f"---\n{front}---\n\n# Bomb\n\nSeverity: SEV1\n",
        "postmortems/2024-04-02-real.md": "# Queue backlog\n\nSeverity: SEV2\n"
                                          "Incident Commander: Alice Doe\n",
    }, date="2024-04-03T10:00:00+00:00")
    export = tmp_path / "export.jsonl"
    result = run_cli("collect", "--offline", "--repo", committed.path, "--store", run_cli.store,
                     "--author", "alice@example.com", "--export", export, *YEAR)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines().count(
        f"evidencer: warning: {committed.path}: postmortems/2024-04-01-bomb.md:6: front "
        "matter refused: "
        f"aliases expand to more than {MAX_YAML_NODES:,} nodes (an alias bomb?); file skipped"
    ) == 1
    exported = export.read_text()
    assert "Queue backlog" in exported
    assert "postmortem:acme/widgets/postmortems/2024-04-02-real.md" in exported
    assert "postmortem:acme/widgets/postmortems/2024-04-01-bomb.md" not in exported
