"""Bad input at the edges of what Python itself can hold: each is one line naming the file,
line or option, never an internal error, and never a hang.

Found by a sweep of about 400 malformed inputs through the CLI as a real process: dates
YAML reads but Python cannot (2026-02-30), integers past a float's range or Python's
4,300 digits, spans past the year 1, JSON nested 100,000 deep, a lone surrogate echoed
back, an import from /dev/zero or a FIFO, standard output full or closed early.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidencer.classify.rubric import load_rubric
from evidencer.config import load_config
from evidencer.errors import ConfigError, EvidencerError
from evidencer.period import make_period
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

TODAY = dt.date(2026, 12, 5)


def _refusal(tmp_path: Path, text: str) -> str:
    """Why a config file of ``text`` is refused, its path written CONFIG."""
    config = tmp_path / "evidencer.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(config)
    return str(refused.value).replace(str(config), "CONFIG")


def _evidencer(*args: str, stdin: str = "", stdout: object = subprocess.PIPE,
               timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    return subprocess.run([sys.executable, "-m", "evidencer", *args], input=stdin,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, env=env,
                          timeout=timeout, cwd=cwd, check=False)


@pytest.mark.parametrize(("line", "reason"), [
    ("since: 2026-02-30", "'2026-02-30' cannot be read: day is out of range for month"),
    ("until: 0000-01-01", "'0000-01-01' cannot be read: year 0 is out of range"),
    ("until: 2026-13-01", "'2026-13-01' cannot be read: month must be in 1..12"),
    ("max_wait: " + "9" * 5000, "'" + "9" * 40 + "…' cannot be read: Exceeds the limit "
     "(4300 digits) for integer string conversion: value has 5000 digits"),
])
def test_a_yaml_value_python_cannot_hold_is_a_yaml_error_naming_its_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    assert _refusal(tmp_path, f"authors: [a@x.com]\n{line}\n") == (
        f"CONFIG:2: invalid YAML: {reason}")


def test_a_rubric_with_such_a_value_is_refused_the_same_way(tmp_path: Path) -> None:
    rubric = tmp_path / "ladder.yml"
    rubric.write_text("name: 2026-02-30\ncompetencies: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"ladder\.yml:1: invalid YAML: '2026-02-30'"):
        load_rubric(rubric)


def test_seconds_past_a_floats_range_are_refused_naming_the_key(tmp_path: Path) -> None:
    assert _refusal(tmp_path, "max_wait: " + "9" * 400 + "\n") == (
        "CONFIG:1: 'max_wait' must be a number of seconds, 0 to 1,000,000,000")


@pytest.mark.parametrize(("since", "until", "message"), [
    ("9" * 5000 + "d", None,
     "--since: '" + "9" * 40 + "…' reaches back before the year 1; give a shorter span"),
    ("١٢d", None,  # Arabic-Indic digits: not a span
     "--since: cannot read date '١٢d'; use YYYY-MM-DD or a span like 90d, 12w, 6m, 1y"),
    ("x" * 500, None,
     "--since: cannot read date '" + "x" * 40 + "…'; use YYYY-MM-DD or a span like 90d, "
     "12w, 6m, 1y"),
])
def test_spans_python_cannot_count_or_read_are_one_line(
    since: str, until: str | None, message: str
) -> None:
    with pytest.raises(EvidencerError) as refused:
        make_period(since=since, until=until, today=TODAY)
    assert str(refused.value) == message


def test_the_default_six_months_before_an_early_until_starts_at_the_first_day() -> None:
    period = make_period(since=None, until="0001-03-01", today=TODAY)
    assert period.since == dt.date.min
    assert make_period(since="000000000000000012d", until=None, today=TODAY).since == (
        TODAY - dt.timedelta(days=12))


@pytest.mark.parametrize(("line", "message"), [
    ('{"x": ' + "9" * 5000 + "}",
     "<stdin>:1: not JSON evidencer reads: Exceeds the limit (4300 digits) for integer "
     "string conversion: value has 5000 digits"),
    ("[" * 100_000 + "]" * 100_000, "<stdin>:1: not JSON evidencer reads: nested too deeply"),
])
def test_classify_input_python_cannot_hold_is_one_line(
    run_cli: Cli, line: str, message: str
) -> None:
    result = run_cli("classify", input=line + "\n")
    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {message}\n"


def test_a_lone_surrogate_classify_echoes_stays_in_valid_json(tmp_path: Path) -> None:
    done = _evidencer("classify", stdin='{"title": "\\ud800 fix crash"}\n', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "\ud800 fix crash"
    assert done.stderr == ""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_import_from_a_device_or_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for source in ("/dev/zero", str(fifo), str(tmp_path)):
        done = _evidencer("report", "--offline", "--store", str(tmp_path / "s.db"),
                          "--import", source, "-o", str(tmp_path / "out.md"),
                          timeout=60, cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr == f"evidencer: error: {source}: not a regular file; refused\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_standard_output_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = _evidencer("classify", stdin='{"title": "x"}\n', stdout=full, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "evidencer: error: cannot write to standard output: No space left on device\n")


def test_a_reader_that_leaves_early_ends_the_run_quietly(tmp_path: Path) -> None:
    source = tmp_path / "items.jsonl"
    source.write_text("".join(json.dumps({"title": f"fix crash {n}"}) + "\n"
                              for n in range(20_000)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    with source.open("rb") as items:
        proc = subprocess.Popen([sys.executable, "-m", "evidencer", "classify"],
                                stdin=items, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, cwd=tmp_path)
        assert proc.stdout is not None and proc.stderr is not None
        assert json.loads(proc.stdout.readline())["title"] == "fix crash 0"
        proc.stdout.close()  # as `| head -1` does
        assert proc.wait(timeout=120) == 141
        assert proc.stderr.read() == ""


@pytest.mark.parametrize(("text", "key"), [
    ('output: "a\\0b.md"\n', "output"),
    ('repos: ["a\\0b"]\n', "repos"),
    ('template: "x\\0.j2"\n', "template"),
])
def test_a_config_value_with_a_nul_is_refused_before_the_run(
    tmp_path: Path, text: str, key: str
) -> None:
    assert _refusal(tmp_path, text) == f"CONFIG:1: '{key}' cannot hold a NUL character"


@pytest.mark.parametrize(("content", "message"), [
    (b"ok\n\xff\xfe{{ x }}\n", "t.j2:2: cannot read: not valid UTF-8"),
    (b"{{ 'abc' | truncate(-1) }}\n", "t.j2:1: AssertionError: expected length >= 3, got -1"),
])
def test_a_template_jinja_cannot_read_or_run_is_one_line_naming_it(
    run_cli: Cli, repo: GitRepo, tmp_path: Path, content: bytes, message: str
) -> None:
    repo.commit("fix: crash on start", files={"a.py": "x = 1\n"})
    template = tmp_path / "t.j2"
    template.write_bytes(content)
    result = run_cli("brag", "--offline", "--repo", repo.path, "--template", template,
                     "-o", tmp_path / "out.md", "--author", "alice@example.com",
                     "--since", "2000-01-01")
    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {message}\n"


def test_a_warning_naming_what_the_user_typed_stays_one_line(
    run_cli: Cli, repo: GitRepo, tmp_path: Path
) -> None:
    repo.commit("fix: crash on start", files={"a.py": "x = 1\n"})
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "a@x.com\nb",
                     "--since", "2000-01-01", "-o", tmp_path / "out.md")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == result.stderr.count("evidencer: warning: ")
    assert "no work by a@x.com b " in result.stderr


@pytest.mark.parametrize(("text", "message"), [
    ("since: '2026-02-30'\n", "'since': cannot read date '2026-02-30'; use YYYY-MM-DD or a "
     "span like 90d, 12w, 6m, 1y"),
    ("until: '-1d'\n", "'until': cannot read date '-1d'; use YYYY-MM-DD or a span like 90d, "
     "12w, 6m, 1y"),
    ("since: 9999999999999999d\n", "'since': '9999999999999999d' reaches back before the "
     "year 1; give a shorter span"),
])
def test_a_config_date_that_cannot_be_read_names_the_file_not_an_option(
    tmp_path: Path, text: str, message: str
) -> None:
    assert _refusal(tmp_path, text) == f"CONFIG:1: {message}"
