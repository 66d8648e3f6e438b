"""Broken and hostile input never raises past the CLI: each gives one line naming the
file, line or field that was wrong (hypothesis generates the input).

Config and rubric files, postmortem files, `classify` input lines, Actions event payloads.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from evidencer.action.event import target_from_event
from evidencer.classify.rubric import load_rubric
from evidencer.cli.main import cli
from evidencer.config import load_config, merge_settings
from evidencer.errors import ConfigError, EvidencerError
from evidencer.model import Evidence
from evidencer.period import make_period
from evidencer.sources.postmortems.collect import iter_postmortem_evidence
from evidencer.store.sqlite import EvidenceStore
from tests.support.actionrun import EVENT
from tests.support.gitrepo import GitRepo

SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture,
                                                       HealthCheck.too_slow]}
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(["2026-01-01", "6m", "90d", "1y", "[", "*", "a/b"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10,
)
# Path-like keys get names inside the test's folder: a generated "/x" must not be written.
SAFE_PATHS = st.sampled_from(["out.md", "sub/out.md", "store.sqlite3", ".", "missing.yml"])
CONFIG_KEYS = ["authors", "github", "github_org", "github_url", "since", "until", "offline",
               "postmortems", "incident_labels", "template", "format", "max_wait",
               "github_timeout", "include_closed", "per_person", "redact", "public_repos",
               "excludes", "pr_comment", "nonsense", "autors"]
PATH_KEYS = ["repos", "rubric", "output", "store"]
config_docs = st.fixed_dictionaries({}, optional={
    **dict.fromkeys(CONFIG_KEYS, values),
    **{key: st.one_of(SAFE_PATHS, values.filter(lambda v: not isinstance(v, str)))
       for key in PATH_KEYS},
    "excludes": st.dictionaries(st.sampled_from(["ids", "paths", "titles", "other"]),
                                values, max_size=3),
    "pr_comment": st.dictionaries(st.sampled_from(["labels", "label_prefix", "template",
                                                   "only_when_matched", "other"]), values),
})


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def assert_one_line(message: str, *, names: str) -> None:
    assert "\n" not in message.rstrip("\n"), message
    assert names in message, message
    assert "Traceback" not in message and "internal error" not in message, message


# -- config files ------------------------------------------------------------------------

@settings(max_examples=150, **SETTINGS)
@given(st.one_of(config_docs.map(dump), st.text(max_size=200)))
def test_a_config_file_loads_or_names_file_and_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "evidencer.yml"
    path.write_text(text, encoding="utf-8")
    try:
        merge_settings(load_config(path), {})
    except ConfigError as exc:
        message = str(exc)
    else:
        return
    assert_one_line(message, names=f"{path}")
    assert message.startswith((f"{path}:", f"{path}: ")), message


@settings(max_examples=25, **SETTINGS)
@given(config_docs)
def test_brag_with_any_config_succeeds_or_says_one_line(
    tiny_repo: GitRepo, tmp_path: Path, doc: dict[str, Any]
) -> None:
    config = tmp_path / "evidencer.yml"
    config.write_text(dump(doc), encoding="utf-8")
    result = run(tmp_path, "brag", "--offline", "--repo", str(tiny_repo.path),
                 "--config", str(config), "--store", str(tmp_path / "store.sqlite3"))
    assert_cli_boundary(result)


@settings(max_examples=200, **SETTINGS)
@given(st.one_of(st.text(max_size=12), st.from_regex(r"\A\d{1,25}\s?[dwmyDWMY]\Z"),
                 st.dates().map(str)), st.sampled_from([None, "2026-01-01", "90d", "today"]))
def test_since_and_until_are_a_period_or_an_error_naming_the_option(
    since: str, until: str | None
) -> None:
    try:
        make_period(since=since, until=until, today=dt.date(2026, 11, 27))
    except EvidencerError as exc:
        assert_one_line(str(exc), names="--")


@pytest.mark.parametrize("option", ["--max-wait", "--github-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e400"])
def test_seconds_that_are_not_a_finite_wait_are_a_usage_error(
    tmp_path: Path, option: str, value: str
) -> None:
    for command in ("brag", "pr-comment"):
        result = run(tmp_path, command, option, value, env={"GITHUB_TOKEN": "ghp_x12345678"})
        assert result.exit_code == 2, result.output
        assert "is not a number of seconds, 0 or more" in result.stderr


# -- rubric files ------------------------------------------------------------------------

rules = st.dictionaries(
    st.sampled_from(["id", "weight", "reason", "theme", "level", "labels", "title", "body",
                     "text", "paths", "types", "kinds", "roles", "author_association",
                     "impact", "oops"]),
    st.one_of(values, st.sampled_from(["(a+)+$", "[", r"\bfix\b", "bug", "author", "issue"])),
    max_size=4,
)
rubric_docs = st.fixed_dictionaries({}, optional={
    "name": values, "threshold": values, "commit_types": values, "levels": values,
    "routine": st.lists(rules, max_size=2), "nonsense": values,
    "competencies": st.one_of(values, st.lists(st.fixed_dictionaries({}, optional={
        "id": st.one_of(st.sampled_from(["product-stability", "x", "Bad Id"]), values),
        "name": values, "threshold": values, "themes": values, "min_items": values,
        "rules": st.one_of(values, st.lists(rules, max_size=3)),
    }), max_size=3)),
})


@settings(max_examples=150, **SETTINGS)
@given(st.one_of(rubric_docs.map(dump), st.text(max_size=200)))
def test_a_rubric_file_loads_or_names_file_and_key(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ladder.yml"
    path.write_text(text, encoding="utf-8")
    try:
        load_rubric(path)
    except ConfigError as exc:
        assert_one_line(str(exc), names=str(path))


# -- postmortem files --------------------------------------------------------------------

postmortem_text = st.lists(st.one_of(
    st.sampled_from(["---", "title: Outage", "date: 2026-02-30", "severity: [", "## Timeline",
                     "- 10:00 @alice paged", "## Action items", "- [ ] @bob fix it (#12)",
                     "Incident commander: Alice <alice@example.com>", "<!--", "```", "\t"]),
    st.text(max_size=40),
), max_size=20).map("\n".join)


@settings(max_examples=60, **SETTINGS)
@given(st.one_of(postmortem_text.map(str.encode), st.binary(max_size=300)))
def test_a_postmortem_file_of_any_bytes_is_read_or_skipped_with_a_warning(
    tmp_path: Path, data: bytes
) -> None:
    folder = tmp_path / "docs" / "postmortems"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2026-02-01-outage.md").write_bytes(data)
    warnings: list[str] = []
    items = list(iter_postmortem_evidence(tmp_path, repo_name="acme/widgets", web_base=None,
                                          globs=None, warn=warnings.append))
    assert all(item.kind == "postmortem" for item in items)
    for warning in warnings:
        assert_one_line(warning, names="2026-02-01-outage.md")


# -- classify input lines ----------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=10), inner, max_size=3)),
    max_leaves=8,
)
FIELDS = ["title", "body", "labels", "paths", "kind", "author_association", "roles",
          "overrides", "id", "repo"]
objects = st.dictionaries(st.sampled_from(FIELDS), st.one_of(
    json_values, st.sampled_from(["pull_request", "commit", "bogus", "NONE", ["author"]])))
lines = st.one_of(objects.map(json.dumps), json_values.map(json.dumps), st.text(max_size=30))


@settings(max_examples=120, **SETTINGS)
@given(st.lists(lines, min_size=1, max_size=5))
def test_classify_answers_every_line_or_names_stdin_and_the_line(
    tmp_path: Path, given_lines: list[str]
) -> None:
    text = "\n".join(line.replace("\n", " ") for line in given_lines) + "\n"
    result = run(tmp_path, "classify", input=text)
    assert_cli_boundary(result)
    if result.exit_code == 1:
        assert result.stderr.startswith("evidencer: error: <stdin>:"), result.stderr
    else:
        for line in result.stdout.split("\n")[:-1]:  # JSON Lines: "\n" ends a line, no other
            assert "competencies" in json.loads(line)


@settings(max_examples=25, **SETTINGS)
@given(st.text(max_size=40), st.text(max_size=40), st.lists(st.text(max_size=10), max_size=3))
@example(title="a\u2028b\x85c\x0cd\x1ce", body="\r\n\u2029", labels=["\x0b"])
def test_any_evidence_survives_export_and_import(
    tmp_path_factory: pytest.TempPathFactory, title: str, body: str, labels: list[str]
) -> None:
    tmp_path = tmp_path_factory.mktemp("export")
    item = Evidence(id=f"commit:acme/widgets@{title}", kind="commit", repo="acme/widgets",
                    title=title, body=body, labels=tuple(labels), actors=(),
                    date=dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc))
    exported = tmp_path / "evidence.jsonl"
    with EvidenceStore(tmp_path / "one.sqlite3") as one:
        one.upsert([item])
        one.export_items(exported)
    with EvidenceStore(tmp_path / "two.sqlite3") as two:
        assert two.import_items(exported) == 1
        assert two.get(item.id) == one_item(tmp_path / "one.sqlite3", item.id)


def one_item(path: Path, item_id: str) -> Evidence | None:
    with EvidenceStore(path) as store:
        return store.get(item_id)


# -- event payloads ----------------------------------------------------------------------

REAL_EVENT = json.loads(EVENT.read_text(encoding="utf-8"))


def _mutated(doc: Any, draw: Any, depth: int = 0) -> Any:
    """The real event with some subtrees dropped or replaced by other JSON (nulls too)."""
    if isinstance(doc, dict):
        out = {}
        for key, value in doc.items():
            choice = draw(st.integers(0, 9))
            if choice == 0:
                continue
            out[key] = draw(json_values) if choice == 1 else _mutated(value, draw, depth + 1)
        return out
    if isinstance(doc, list):
        return [_mutated(v, draw, depth + 1) for v in doc]
    return draw(json_values) if draw(st.integers(0, 19)) == 0 else doc


@st.composite
def payloads(draw: Any) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.text(max_size=50))
    if kind == 1:
        return json.dumps(draw(json_values))
    return json.dumps(_mutated(REAL_EVENT, draw))


@settings(max_examples=150, **SETTINGS)
@given(payloads(), st.sampled_from([None, "pull_request", "pull_request_target", "push"]))
# Found on random seeds: a base repository named "0", and a negative PR number.
@example(json.dumps({"pull_request": {"number": 12, "base": {"repo": {"full_name": "0"}}}}),
         "pull_request")
@example(json.dumps({"pull_request": {"number": -3, "base": {"repo": {"full_name": "a/b"}}}}),
         "pull_request")
def test_an_event_payload_is_a_pull_request_or_an_error_naming_the_file(
    tmp_path: Path, text: str, event_name: str | None
) -> None:
    path = tmp_path / "event.json"
    path.write_text(text, encoding="utf-8")
    try:
        target = target_from_event(path, event_name)
    except EvidencerError as exc:
        assert_one_line(str(exc), names=f"GITHUB_EVENT_PATH ({path})")
    else:
        assert target.number >= 0 and "/" in target.repo


@settings(max_examples=20, **SETTINGS)
@given(payloads())
def test_pr_comment_with_any_event_payload_stops_with_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "event.json"
    path.write_text(text, encoding="utf-8")
    env = {"GITHUB_EVENT_PATH": str(path), "GITHUB_EVENT_NAME": "pull_request",
           "GITHUB_API_URL": "http://127.0.0.1:9", "GITHUB_TOKEN": "",
           "GITHUB_REPOSITORY": "acme/widgets"}
    result = run(tmp_path, "pr-comment", "--dry-run", "--max-wait", "0", env=env)
    assert_cli_boundary(result)
    assert result.exit_code == 1


# -- helpers -----------------------------------------------------------------------------

def run(cwd: Path, *args: str, input: str | None = None,
        env: dict[str, str] | None = None) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), input=input, env=env, prog_name="evidencer")
    finally:
        os.chdir(old)


def assert_cli_boundary(result: Result) -> None:
    """Exit 0, or 1 with one line on stderr; never a traceback or an internal error."""
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    if result.exit_code == 1:
        assert result.stderr.startswith("evidencer: error: "), result.stderr
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(errors) == 1, result.stderr
        assert "internal error" not in result.stderr, result.stderr


@pytest.fixture
def tiny_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("tiny") / "widgets")
    repo.commit("fix: retry uploads on timeout", date="2026-03-01T10:00:00+00:00")
    return repo

