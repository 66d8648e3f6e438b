"""The built wheel, installed into a fresh venv, renders a brag document on its own.

Catches what an editable install hides: templates and the rubric must ship inside the wheel.
The venv is isolated from the Python that made it (no system site-packages): the wheel and
its declared dependencies are installed by pip from the package index, so the test passes
or fails the same on a machine whose base Python happens to have GitPython and on one
that has nothing but Python and git.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.gitrepo import GitRepo

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    script: Path
    site_packages: Path


def _clean_env() -> dict[str, str]:
    """No PYTHONPATH: the venv must find evidencer in its own site-packages."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=_clean_env(), capture_output=True, text=True,
        check=False, timeout=300,
    )


def build_wheel(outdir: Path) -> Path:
    """``python -m build --wheel``; without hatchling at hand, build isolation fetches it."""
    if importlib.util.find_spec("build") is not None:
        isolation = ["--no-isolation"] if importlib.util.find_spec("hatchling") else []
        command: list[str | Path] = [sys.executable, "-m", "build", "--wheel", *isolation,
                                     "--outdir", outdir, PROJECT]
    else:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", outdir, PROJECT]
    result = _run(*command, cwd=outdir)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = outdir.glob("evidencer-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(root)
    env_dir = root / "venv"
    # pip comes from ensurepip (bundled with Python); the dependencies from the index, as
    # a user's `pip install` gets them.
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    result = _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                  wheel)
    assert result.returncode == 0, result.stdout + result.stderr
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    return Installed(
        wheel=wheel,
        python=python,
        script=bin_dir / ("evidencer.exe" if os.name == "nt" else "evidencer"),
        site_packages=Path(site.stdout.strip()),
    )


def test_wheel_ships_templates_and_the_default_rubric(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()

    assert "evidencer/templates/brag.md.j2" in names
    assert "evidencer/rubrics/product-excellence.yml" in names
    assert "evidencer/models/competencies.json.gz" in names
    assert "evidencer/sources/git/headings.gitattributes" in names  # changelogs' headings
    assert "evidencer/cli/main.py" in names
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


def test_the_venv_sees_nothing_of_the_python_that_made_it(installed: Installed) -> None:
    result = _run(installed.python, "-c",
                  "import site, sys; print(sys.prefix != sys.base_prefix); "
                  "print(all(not p.startswith(sys.base_prefix) for p in site.getsitepackages()))")

    assert result.stdout == "True\nTrue\n", result.stderr


def test_the_venv_runs_the_installed_wheel_not_the_source_tree(installed: Installed) -> None:
    result = _run(installed.python, "-c",
                  "import evidencer, evidencer.render.templates as r; "
                  "print(evidencer.__file__); print(r.templates_dir())")

    module, templates = result.stdout.splitlines()
    assert Path(module).is_relative_to(installed.site_packages)
    assert Path(templates) == installed.site_packages / "evidencer" / "templates"


def test_installed_wheel_renders_a_brag_document(
    installed: Installed, repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("fix: retry exports that time out", files={"src/export.py": "retry\n"})
    repo.squash_pr(12, "Show a clear error when the upload fails")

    result = _run(installed.script, "brag", "--offline", "--repo", repo.path,
                  "--store", tmp_path / "store.sqlite3", *YEAR, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = result.stdout
    assert document.startswith("# Brag document: Alice Doe\n")
    assert "## At a glance" in document
    assert "## Product Stability" in document
    assert "[fix: retry exports that time out](https://github.com/acme/widgets/commit/" in document


def test_installed_wheel_writes_json_and_answers_version(
    installed: Installed, repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("Add CSV export")
    target = tmp_path / "report.json"

    result = _run(installed.script, "brag", "--offline", "--repo", repo.path, "--format",
                  "json", "-o", target, "--store", tmp_path / "store.sqlite3", *YEAR,
                  cwd=tmp_path)
    version = _run(installed.python, "-m", "evidencer", "--version", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["schema"] == "evidencer/report@1"
    wheel_version = installed.wheel.name.split("-")[1]
    assert version.stdout == f"evidencer, version {wheel_version}\n"
