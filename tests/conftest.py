"""Shared fixtures: real git repositories in tmp_path and an isolated environment.

Nothing here fakes git; GitHub is faked only at the network edge (see ghfixtures).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from evidencer.cli.main import cli
from tests.support.gitrepo import GitRepo

pytest_plugins = ["tests.support.github.fixtures"]


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads the developer's git config, tokens or data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_EVENT_PATH",
                 "GITHUB_REPOSITORY", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    # `gh auth token` must find no login, whether or not gh is installed.
    monkeypatch.setenv("GH_CONFIG_DIR", str(home / ".config" / "gh"))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "widgets")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds and installs the wheel; runs everywhere, CI included"
    )
    config.addinivalue_line(
        "markers", "safety: a generous time bound that only an unsafe engine could miss"
    )


class Cli:
    """Run ``evidencer`` in-process with click's CliRunner; stdout and stderr kept apart."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None) -> Result:
        return self.runner.invoke(
            cli, [str(a) for a in args], input=input, prog_name="evidencer"
        )

    def brag_json(self, *args: str | Path) -> dict[str, Any]:
        """``brag --offline --format json`` into this test's store; fails loudly on error."""
        result = self("brag", "--offline", "--format", "json", "--store", self.store, *args)
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Runs from tmp_path, so a forgotten ``--repo`` never reads the project's own history."""
    monkeypatch.chdir(tmp_path)
    return Cli(tmp_path / "store.sqlite3")
