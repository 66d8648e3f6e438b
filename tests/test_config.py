"""``.github/evidencer.yml``: found at the repository root, keys mirror the options,
the command line wins, and every mistake names the file, the line and the nearest key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencer.config import find_config, load_config, merge_settings
from evidencer.errors import ConfigError
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

BOB = ("Bob Roe", "bob@example.com")


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    repo.commit("Alice in January", date="2026-01-15T10:00:00+00:00")
    repo.commit("Bob in February", author=BOB, date="2026-02-15T10:00:00+00:00")
    repo.commit("Alice in March", date="2026-03-15T10:00:00+00:00")
    return repo


def titles(data: dict[str, object]) -> list[str]:
    return [i["title"] for i in data["items"]]  # type: ignore[attr-defined,index]


def test_config_in_the_repository_supplies_the_options(history: GitRepo, run_cli: Cli) -> None:
    history.write(".github/evidencer.yml", (
        "authors: [bob@example.com]\n"
        "since: 2026-02-01\n"
        "until: '2026-02-28'\n"
    ))

    data = run_cli.brag_json("--repo", history.path)

    assert data["period"] == {"since": "2026-02-01", "until": "2026-02-28"}
    assert titles(data) == ["Bob in February"]


def test_command_line_wins_over_the_config(history: GitRepo, run_cli: Cli) -> None:
    history.write(".github/evidencer.yml", (
        "authors: [bob@example.com]\nsince: 2026-02-01\nuntil: 2026-02-28\n"
    ))

    data = run_cli.brag_json("--repo", history.path, "--author", "alice@example.com",
                             "--since", "2026-03-01", "--until", "2026-03-31")

    assert titles(data) == ["Alice in March"]


def test_config_is_found_from_a_folder_inside_the_repository(
    history: GitRepo, run_cli: Cli
) -> None:
    config = history.write(".github/evidencer.yml", "since: 2026-03-01\nuntil: 2026-03-31\n")
    inner = history.path / "src" / "deep"
    inner.mkdir(parents=True)

    data = run_cli.brag_json("--repo", inner)

    assert find_config(inner) == config
    assert titles(data) == ["Alice in March"]


def test_config_is_not_looked_for_above_the_repository(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "evidencer.yml").write_text("since: 90d\n")
    repo = GitRepo(tmp_path / "project")

    assert find_config(repo.path) is None


def test_config_option_names_a_file_anywhere(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    config = tmp_path / "team.yml"
    config.write_text("authors:\n  - Bob Roe\nsince: 2026-01-01\nuntil: 2026-12-31\n")

    data = run_cli.brag_json("--repo", history.path, "--config", config)

    assert titles(data) == ["Bob in February"]


def test_repos_in_the_config_are_relative_to_the_project(tmp_path: Path, run_cli: Cli) -> None:
    project = GitRepo(tmp_path / "project")
    sibling = GitRepo(tmp_path / "sibling", remote="https://github.com/acme/sibling.git")
    project.commit("Project work")
    sibling.commit("Sibling work")
    config = project.write(".github/evidencer.yml", (
        "repos: [., ../sibling]\nsince: 2026-01-01\nuntil: 2026-12-31\n"
    ))

    data = run_cli.brag_json("--config", config)

    assert sorted(titles(data)) == ["Project work", "Sibling work"]


def test_format_and_output_come_from_the_config(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "brag.json"
    history.write(".github/evidencer.yml", (
        f"format: json\noutput: {target}\noffline: true\nsince: 2026-01-01\nuntil: 2026-12-31\n"
    ))

    result = run_cli("brag", "--repo", history.path, "--store", run_cli.store)

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text().startswith('{\n  "schema": "evidencer/report@1"')


def test_a_relative_output_in_the_config_is_the_project_s_not_the_current_folder(
    history: GitRepo, run_cli: Cli, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # like repos, rubric and store: the same file whichever folder the run starts in
    history.write(".github/evidencer.yml", (
        "format: json\noutput: reports/brag.json\noffline: true\n"
        "since: 2026-01-01\nuntil: 2026-12-31\n"
    ))
    (history.path / "reports").mkdir()
    (history.path / "src").mkdir()
    monkeypatch.chdir(history.path / "src")

    result = run_cli("brag", "--repo", ".", "--store", run_cli.store)

    assert result.exit_code == 0, result.output
    assert (history.path / "reports" / "brag.json").read_text().startswith("{")
    assert not (history.path / "src" / "reports").exists()


@pytest.mark.parametrize(("given", "read"), [
    ("'-'", "-"),  # standard output
    ("''", ""),  # as if not given: standard output
    ("reports/", "{base}/reports/"),  # a folder still says so (--per-person)
    ("reports/brag.md", "{base}/reports/brag.md"),
])
def test_output_in_the_config_keeps_what_it_says(tmp_path: Path, given: str, read: str) -> None:
    config = tmp_path / ".github" / "evidencer.yml"
    config.parent.mkdir()
    config.write_text(f"output: {given}\n")

    assert load_config(config)["output"] == read.format(base=tmp_path)


def test_unquoted_dates_in_the_config_are_read_as_dates(tmp_path: Path) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text("since: 2026-01-01\nuntil: 2026-06-30\n")

    values = load_config(config)

    assert (values["since"], values["until"]) == ("2026-01-01", "2026-06-30")


def test_settings_merge_keeps_file_values_the_command_line_left_out(tmp_path: Path) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text("authors: [a@example.com]\nsince: 90d\noffline: true\n")

    settings = merge_settings(
        load_config(config), {"since": "30d", "authors": (), "offline": None, "until": None}
    )

    assert (settings.authors, settings.since, settings.offline) == (
        ("a@example.com",), "30d", True,
    )


def error_of(tmp_path: Path, text: str) -> str:
    config = tmp_path / "evidencer.yml"
    config.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    return str(caught.value).replace(str(config), "CONFIG")


def test_unknown_top_level_key_names_line_and_nearest_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, "since: 90d\n\nauthor: [a@example.com]\n")

    assert message.startswith(
        "CONFIG:3: unknown key 'author' (did you mean 'authors'?); valid keys: authors, "
    )


def test_unknown_nested_key_names_its_line_and_nearest_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, "excludes:\n  ids: []\n  pathz: [docs/**]\n")

    assert message == (
        "CONFIG:3: unknown key 'pathz' (did you mean 'paths'?); valid keys: ids, paths, titles"
    )


def test_an_unknown_key_with_a_newline_stays_one_line(tmp_path: Path) -> None:
    # found by the hostile-input property test: a quoted YAML key "\n" in a rubric
    message = error_of(tmp_path, 'pr_comment:\n  "col\\nour": true\n')

    assert message.startswith("CONFIG:2: unknown key 'col\\nour'; valid keys:")
    assert "\n" not in message


def test_unknown_key_with_nothing_close_lists_the_valid_keys(tmp_path: Path) -> None:
    message = error_of(tmp_path, "pr_comment:\n  colour: blue\n")

    assert message == (
        "CONFIG:2: unknown key 'colour'; valid keys: label_prefix, labels, only_when_matched, "
        "template"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("offline: 'yes'\n", "CONFIG:1: 'offline' must be true or false"),
        ("max_wait: soon\n", "CONFIG:1: 'max_wait' must be a number"),
        ("authors: {a: b}\n", "CONFIG:1: 'authors' must be a string or a list of strings"),
        ("since: [90d]\n", "CONFIG:1: 'since' must be a string"),
        ("format: xml\n", "CONFIG:1: format must be one of markdown, json"),
        ("- a\n- b\n", "CONFIG: the file must be a mapping of keys to values"),
        ("excludes:\n  titles: ['(']\n",
         "CONFIG:2: excludes.titles[0]: '(': not a valid regular expression: missing ): ("),
        ("pr_comment:\n  labels: 3\n", "CONFIG:2: 'pr_comment.labels' must be true or false"),
    ],
)
def test_wrong_values_name_the_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    assert error_of(tmp_path, text) == expected


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, "since: 90d\nauthors: [a, b\nuntil: today\n")

    assert message.startswith("CONFIG:")
    assert "invalid YAML" in message


def test_an_empty_config_file_is_fine(tmp_path: Path) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text("# nothing yet\n")

    assert load_config(config) == {"config_path": config}


def test_a_bad_config_found_in_the_repository_stops_the_run(
    history: GitRepo, run_cli: Cli
) -> None:
    config = history.write(".github/evidencer.yml", "offline: sometimes\n")

    result = run_cli("brag", "--repo", history.path, "--store", run_cli.store)

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {config}:1: 'offline' must be true or false\n"
