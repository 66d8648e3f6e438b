"""The third sweep of bad input: what the second left noted and what a third found.
Each case was an internal error, a silent surprise or a late failure after collection;
each is now one line naming the file, line or option, before any work.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from evidencer.action.event import target_from_event
from evidencer.classify.explain import find_item
from evidencer.errors import EvidencerError
from evidencer.model import Actor, Evidence
from evidencer.store.sqlite import EvidenceStore
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

WHEN = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.timezone.utc)
ITEM = Evidence(id="commit:o/r@abc", kind="commit", repo="o/r", title="Fix crash", date=WHEN,
                actors=(Actor(role="author", name="A", email="a@x.com"),), shas=("abc",))


@pytest.mark.parametrize(("field", "value", "why"), [
    ("shas", {"a": 1}, "'shas' must be a list, not an object"),
    ("shas", [1], "'shas[0]' must be a string, not a number"),
    ("title", 5, "'title' must be a string, not a number"),
    ("body", None, "'body' must be a string, not null"),
    ("repo", None, "'repo' must be a non-empty string"),
    ("additions", "x", "'additions' must be a whole number, 0 or more, not 'x'"),
    ("number", [1], "'number' must be a whole number, not a list"),
])
def test_a_stored_row_edited_by_hand_is_one_line_naming_the_store_and_the_item(
    tmp_path: Path, field: str, value: object, why: str
) -> None:
    path = tmp_path / "s.sqlite3"
    with EvidenceStore(path) as store:
        store.upsert([ITEM])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE items SET data = json_set(data, ?, json(?))",
                   (f"$.{field}", json.dumps(value)))
    with EvidenceStore(path) as store, pytest.raises(EvidencerError) as refused:
        list(store.iter_items())
    assert str(refused.value) == f"{path}: stored item 'commit:o/r@abc' cannot be read: {why}"


@pytest.mark.parametrize(("line", "why"), [
    ("template: nosuch", "'template': unknown template 'nosuch'; use one of brag, team or a "
     "path to a .j2 file"),
    ("template: docs/brag.md.j2", "'template': no such template file: {root}/docs/brag.md.j2"),
    ("template: docs/", "'template': a folder, not a template file: {root}/docs"),
    ("pr_comment:\n  template: nosuch.j2",
     "'pr_comment.template': no such template file: {root}/nosuch.j2"),
])
def test_a_config_template_that_is_not_there_stops_the_run_before_collection(
    repo: GitRepo, run_cli: Cli, line: str, why: str
) -> None:
    repo.commit("Fix crash on start", files={"docs/readme.md": "x\n"})
    config = repo.write(".github/evidencer.yml", f"# ours\n{line}\n")
    store = repo.path.parent / "s.db"
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author",
                     "alice@example.com", "--store", store)
    assert result.exit_code == 1
    at = 2 + line.count("\n")  # the line of the template's value
    assert result.stderr == f"evidencer: error: {config}:{at}: {why.format(root=repo.path)}\n"
    assert not store.exists()  # nothing was collected before the mistake was found


def test_a_config_template_path_is_read_from_the_project_not_the_current_folder(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Fix crash on start", files={"a.py": "x = 1\n"})
    repo.write(".github/brag.md.j2", "Ours: {{ items | length }} items\n")
    repo.write(".github/evidencer.yml", "template: .github/brag.md.j2\n")
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author",
                     "alice@example.com", "--since", "2000-01-01",
                     "--store", repo.path.parent / "s.db")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Ours: 1 items\n"


def test_a_template_option_naming_a_folder_says_it_is_a_folder(
    repo: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "mine").mkdir()
    result = run_cli("brag", "--offline", "--repo", repo.path, "--template", "mine/")
    assert result.exit_code == 2
    assert "--template: a folder, not a template file: mine" in result.stderr


@pytest.mark.parametrize(("command", "target"), [
    (("brag", "-o", "nodir/brag.md"), "nodir/brag.md"),
    (("collect", "--export", "nodir/evidence.jsonl"), "nodir/evidence.jsonl"),
    (("brag", "--per-person", "-o", "nodir/"), "nodir/team.md"),
    (("report", "-o", "nodir/brag.md"), "nodir/brag.md"),
])
def test_an_output_folder_that_is_not_there_is_found_before_collecting(
    repo: GitRepo, run_cli: Cli, command: tuple[str, ...], target: str
) -> None:
    repo.commit("Fix crash on start", files={"a.py": "x = 1\n"})
    store = repo.path.parent / "s.db"
    result = run_cli(*command, "--offline", "--repo", repo.path, "--author",
                     "alice@example.com", "--store", store)
    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {target}: cannot write: no such directory nodir\n"
    assert not store.exists()  # the folder was asked about before any work


@pytest.mark.parametrize(("line", "shown"), [("~: a", "None"), ("on: push", "True"),
                                             ("no: 1", "False")])
def test_a_config_key_yaml_reads_as_null_or_true_names_its_line(
    repo: GitRepo, run_cli: Cli, line: str, shown: str
) -> None:
    config = repo.write(".github/evidencer.yml", f"since: 30d\n{line}\n")
    result = run_cli("brag", "--offline", "--repo", repo.path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"evidencer: error: {config}:2: unknown key '{shown}' (YAML reads a bare ~, null, on, "
        "off, yes or no as no name: quote it); valid keys: authors,")


@pytest.mark.parametrize("given", [False, True])
def test_a_config_that_is_a_link_to_nothing_is_an_error_not_ignored(
    repo: GitRepo, run_cli: Cli, tmp_path: Path, given: bool
) -> None:
    config = repo.path / ".github" / "evidencer.yml"
    config.parent.mkdir()
    config.symlink_to(tmp_path / "gone.yml")
    options = ("--config", config) if given else ()
    result = run_cli("brag", "--offline", "--repo", repo.path, *options)
    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: {config}: a link to '{tmp_path / 'gone.yml'}', which is not there\n")


POSTMORTEM = ("---\ntitle: Search outage\ndate: 2026-03-01\nincident_commander: "
              "alice@example.com\n---\n# Search outage\n")


def test_postmortem_globs_that_match_nothing_say_so(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Add a postmortem", files={"postmortems/2026-03-01-search.md": POSTMORTEM})
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--since", "2026-01-01", "--until", "2026-12-31", "--store",
                     repo.path.parent / "s.db", "--postmortems", "incidents/**")
    assert result.exit_code == 0, result.stderr
    assert (f"evidencer: warning: {repo.path}: postmortems 'incidents/**': no file matches"
            in result.stderr)
    found = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                    "--since", "2026-01-01", "--until", "2026-12-31", "--store",
                    repo.path.parent / "s2.db", "--postmortems", "postmortems/**")
    assert "no file" not in found.stderr
    assert "Search outage" in found.stdout


def test_a_postmortem_whose_name_holds_a_line_break_is_skipped_aloud(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Add postmortems", files={"postmortems/search\noutage.md": POSTMORTEM,
                                          "postmortems/fine.md": POSTMORTEM})
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--since", "2026-01-01", "--until", "2026-12-31", "--store",
                     repo.path.parent / "s.db", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert (f"evidencer: warning: {repo.path}: 'postmortems/search\\noutage.md': a line break "
            "in the file name; skipped") in result.stderr
    items = json.loads(result.stdout)["items"]
    assert [i["id"] for i in items if i["kind"] == "postmortem"] == [
        "postmortem:acme/widgets/postmortems/fine.md"]


def test_a_commit_made_on_a_clock_behind_the_period_hides_no_work_behind_it(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Add the old exporter", date="2025-06-01T10:00:00+00:00")
    repo.commit("fix: crash when uploading large files", date="2026-02-01T10:00:00+00:00")
    for clock in ("2001-01-01T10:00:00+00:00", "1970-01-02T00:00:00+00:00"):
        repo.write(f"sync-{clock[:4]}.py", "timeout = 30\n")
        repo.git("add", ".")
        repo.git("commit", "-q", "-m", f"fix: timeout in sync (clock at {clock[:4]})", env={
            "GIT_AUTHOR_NAME": "Alice Doe", "GIT_AUTHOR_EMAIL": "alice@example.com",
            "GIT_AUTHOR_DATE": "2026-02-02T10:00:00+00:00", "GIT_COMMITTER_DATE": clock,
            "GIT_COMMITTER_NAME": "Alice Doe", "GIT_COMMITTER_EMAIL": "alice@example.com"})
    repo.commit("feat: add export button", date="2026-03-01T10:00:00+00:00")
    report = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com",
                               "--since", "2026-01-01", "--until", "2026-06-01")
    assert sorted(item["title"] for item in report["items"]) == [
        "feat: add export button", "fix: crash when uploading large files",
        "fix: timeout in sync (clock at 1970)", "fix: timeout in sync (clock at 2001)",
    ]


@pytest.mark.parametrize("origin", ["https://github.com:abc/acme/widgets",
                                    "https://github.com:99999/acme/widgets",
                                    "https://[::1/acme/widgets", "ssh://git@[bad/acme/widgets"])
def test_an_origin_python_cannot_parse_is_no_remote_not_an_internal_error(
    repo: GitRepo, run_cli: Cli, origin: str
) -> None:
    repo.git("remote", "set-url", "origin", origin)
    repo.commit("fix: crash on start", date="2026-03-01T10:00:00+00:00")
    report = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com",
                               "--since", "2026-01-01", "--until", "2026-06-01")
    assert [(item["repo"], item["url"]) for item in report["items"]] == [("widgets", None)]


def test_a_repository_without_a_remote_is_one_name_from_a_subfolder_or_its_git_folder(
    tmp_path: Path, run_cli: Cli
) -> None:
    repo = GitRepo(tmp_path / "proj", remote=None)
    repo.commit("fix: crash on save", files={"src/app/main.py": "x = 1\n"},
                date="2026-03-01T10:00:00+00:00")
    ids = set()
    for where in (repo.path, repo.path / "src" / "app", repo.path / ".git"):
        report = run_cli.brag_json("--repo", where, "--author", "alice@example.com",
                                   "--since", "2026-01-01", "--until", "2026-06-01")
        ids |= {item["id"] for item in report["items"]}
    assert len(ids) == 1
    assert next(iter(ids)).startswith("commit:proj@")


@pytest.mark.parametrize("origins", [(None, None), ("https://github.com/acme/proj.git",
                                                   "https://gitlab.example.com/acme/proj.git")])
def test_two_repositories_of_one_name_in_a_run_are_refused_not_mixed(
    tmp_path: Path, run_cli: Cli, origins: tuple[str | None, str | None]
) -> None:
    first = GitRepo(tmp_path / "a" / "proj", remote=origins[0])
    second = GitRepo(tmp_path / "b" / "proj", remote=origins[1])
    for repo in (first, second):
        repo.commit("fix: crash on save", date="2026-03-01T10:00:00+00:00")
    result = run_cli("brag", "--offline", "--repo", first.path, "--repo", second.path,
                     "--author", "alice@example.com", "--store", tmp_path / "s.db")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"evidencer: error: --repo {first.path} and --repo {second.path} are both named ")
    assert "so their evidence would mix; read them in two runs" in result.stderr
    same = run_cli("brag", "--offline", "--repo", first.path, "--repo", first.path / ".git",
                   "--author", "alice@example.com", "--store", tmp_path / "s.db")
    assert same.exit_code == 0, same.stderr


def test_a_gitattributes_of_thousands_of_patterns_is_not_read_and_is_said(
    repo: GitRepo, run_cli: Cli
) -> None:
    lines = "".join(f"gen{i}/*.py linguist-generated\n" for i in range(2_001))
    repo.commit("Mark generated code", files={".gitattributes": lines,
                                              "gen7/parser.py": "x = 1\n" * 900},
                date="2026-03-01T10:00:00+00:00")
    result = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                     "--since", "2026-01-01", "--until", "2026-06-01",
                     "--store", repo.path.parent / "s.db")
    assert result.exit_code == 0, result.stderr
    assert (f"evidencer: warning: {repo.path}: .gitattributes marks files generated or vendored"
            " with more than 2,000 patterns; those marks are not read") in result.stderr
    repo.commit("Mark fewer", files={".gitattributes": lines[: lines.index("gen1999/")]
                                     + "x" * 3000 + " linguist-generated\n"})
    again = run_cli("brag", "--offline", "--repo", repo.path, "--author", "alice@example.com",
                    "--since", "2026-01-01", "--until", "2026-06-01",
                    "--store", repo.path.parent / "s.db")
    assert ".gitattributes" not in again.stderr


@pytest.mark.parametrize(("trailer", "claimed"), [
    ("Product Stability", ["product-stability"]),
    ("product stability", ["product-stability"]),
    ("Customer Empathy, Customer Value", ["customer-empathy", "customer-value"]),
    ("customer_value; -Product Stability", ["customer-value"]),
])
def test_a_competency_trailer_may_name_a_competency_as_the_document_does(
    repo: GitRepo, run_cli: Cli, trailer: str, claimed: list[str]
) -> None:
    repo.commit(f"chore: rename variables\n\nCompetency: {trailer}",
                date="2026-03-01T10:00:00+00:00")
    report = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com",
                               "--since", "2026-01-01", "--until", "2026-06-01")
    (item,) = report["items"]
    assert sorted(c["id"] for c in item["competencies"]) == claimed


def test_explain_says_which_trailer_words_name_no_competency(
    repo: GitRepo, run_cli: Cli
) -> None:
    sha = repo.commit("chore: rename variables\n\nCompetency: customer-wizardry, Customer Value",
                      date="2026-03-01T10:00:00+00:00")
    store = repo.path.parent / "s.db"
    args = ("--offline", "--repo", repo.path, "--author", "alice@example.com",
            "--since", "2026-01-01", "--until", "2026-06-01", "--store", store)
    assert run_cli("collect", *args).exit_code == 0
    result = run_cli("explain", sha, *args)
    assert result.exit_code == 0, result.stderr
    assert ("  overrides from its author: customer-wizardry, Customer Value (naming no "
            "competency, so left out: customer-wizardry)") in result.stdout


def _collected(run_cli: Cli, *repos: GitRepo) -> tuple[str | Path, ...]:
    args: tuple[str | Path, ...] = (
        "--offline", *(a for r in repos for a in ("--repo", r.path)), "--author",
        "alice@example.com", "--since", "2026-01-01", "--until", "2026-06-01",
        "--store", repos[0].path.parent / "s.db")
    assert run_cli("collect", *args).exit_code == 0
    return args


def test_explain_takes_a_git_revision_head_a_branch_or_a_tag(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("fix: crash on save", date="2026-03-01T10:00:00+00:00")
    repo.git("tag", "v1.0")
    repo.commit("feat: export to CSV", date="2026-03-02T10:00:00+00:00")
    args = _collected(run_cli, repo)
    for ref, title in (("HEAD", "feat: export to CSV"), ("HEAD~1", "fix: crash on save"),
                       ("v1.0", "fix: crash on save"), ("main", "feat: export to CSV")):
        result = run_cli("explain", ref, *args)
        assert result.exit_code == 0, (ref, result.stderr)
        assert f": {title}\n" in result.stdout.splitlines(keepends=True)[0]
    unknown = run_cli("explain", "--no-such-option", *args)
    assert unknown.exit_code == 2  # an option to explain, never one handed to git


def test_explain_of_a_short_sha_two_items_share_is_ambiguous(tmp_path: Path) -> None:
    items = [replace(ITEM, id=f"commit:o/r@{sha}", shas=(sha,))
             for sha in ("abcd" + "1" * 36, "abcd" + "2" * 36, "b" * 64)]
    with EvidenceStore(tmp_path / "s.db") as store:
        store.upsert(items)
        with pytest.raises(EvidencerError) as refused:
            find_item(store, "ABCD")
        assert str(refused.value) == (
            f"abcd: ambiguous, the commits of 2 items start with it ({items[0].id}, "
            f"{items[1].id}); give more of the sha")
        assert find_item(store, "abcd1") == items[0]
        assert find_item(store, "b" * 64) == items[2]  # a SHA-256 repository's whole id


def test_explain_of_a_number_two_repositories_have_asks_for_the_repository(
    tmp_path: Path, run_cli: Cli
) -> None:
    api = GitRepo(tmp_path / "api", remote=None)
    web = GitRepo(tmp_path / "web", remote=None)
    for repo in (api, web):
        repo.commit("Initial commit", date="2026-03-01T10:00:00+00:00")
        repo.commit("fix: crash on save (#12)", date="2026-03-02T10:00:00+00:00")
    args = _collected(run_cli, api, web)
    result = run_cli("explain", "#12", *args)
    assert result.exit_code == 1
    assert result.stderr == ("evidencer: error: #12: ambiguous, 2 repositories have it "
                             "(api, web); give the repository: api#12\n")
    assert run_cli("explain", "web#12", *args).exit_code == 0


@pytest.mark.parametrize("schema", ["CREATE TABLE notes (body TEXT)", "CREATE TABLE items (x)"])
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(
    tmp_path: Path, schema: str
) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute(schema)
    before = path.read_bytes()
    with pytest.raises(EvidencerError) as refused:
        EvidenceStore(path)
    assert str(refused.value) == (f"{path}: not an evidence store (a SQLite database with "
                                  "other tables); left as it was: give --store another file")
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_report_from_a_store_that_is_not_there_says_so(run_cli: Cli, tmp_path: Path) -> None:
    result = run_cli("report", "--author", "alice@example.com", "--store", tmp_path / "typo.db")
    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: {tmp_path / 'typo.db'}: no evidence store there; run `evidencer "
        "collect` or `evidencer brag` first, or give --store the one they wrote\n")
    assert not (tmp_path / "typo.db").exists()


def test_a_repository_git_refuses_as_another_users_says_why_and_gives_gits_fix(
    repo: GitRepo, run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit("fix: crash on save")
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own test switch
    result = run_cli("brag", "--offline", "--repo", repo.path, "--store", repo.path.parent / "s")
    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: {repo.path}: git refuses a repository another user owns (dubious "
        f"ownership); if you trust it: git config --global --add safe.directory {repo.path}\n")


def test_a_commit_without_a_message_is_named_by_its_sha(repo: GitRepo, run_cli: Cli) -> None:
    repo.commit("Initial commit", date="2026-03-01T10:00:00+00:00")
    repo.write("a.py", "x = 2\n")
    repo.git("add", ".")
    repo.git("commit", "-q", "--allow-empty-message", "-m", "", env={
        "GIT_AUTHOR_DATE": "2026-03-02T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-03-02T10:00:00+00:00"})
    sha = repo.git("rev-parse", "HEAD").strip()
    report = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com",
                               "--since", "2026-01-01", "--until", "2026-06-01")
    assert f"commit {sha[:10]} (no message)" in [item["title"] for item in report["items"]]


@pytest.mark.parametrize("pull", ['"missing"', "null", "[]"])
def test_a_pull_request_event_without_its_pull_request_says_so(tmp_path: Path, pull: str) -> None:
    event = tmp_path / "event.json"
    event.write_text("{}" if pull == '"missing"' else f'{{"pull_request": {pull}}}')
    with pytest.raises(EvidencerError) as refused:
        target_from_event(event, "pull_request")
    assert str(refused.value) == (
        f"GITHUB_EVENT_PATH ({event}): a pull_request event whose payload holds no "
        "pull_request object; pass --github OWNER/REPO --pr N")
