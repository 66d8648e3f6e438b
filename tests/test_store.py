"""The SQLite evidence store: upsert by stable id, merge sightings, export and import."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidencer.errors import EvidencerError
from evidencer.model import (
    ActionItemFact,
    Actor,
    Contact,
    Evidence,
    Facts,
    TimelineFact,
    format_datetime,
)
from evidencer.store.sqlite import EvidenceStore, default_store_path
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")
BOB = ("Bob Roe", "bob@example.com")
WHEN = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    repo.commit("Initial commit", author=BOB)
    repo.commit("fix: retry exports that time out", files={"src/export.py": "retry\n"})
    repo.squash_pr(12, "Cut export time from 40 s to 3 s", files={"src/export.py": "fast\n"})
    repo.branch("topic")
    repo.commit("Add CSV export", files={"src/csv.py": "csv\n"})
    repo.merge_pr(13, "topic", "Export as CSV")
    return repo


def ids_in(path: Path) -> list[str]:
    with EvidenceStore(path) as store:
        return [item.id for item in store.iter_items()]


def git_sighting() -> Evidence:
    return Evidence(
        id="pr:acme/widgets#12", kind="pull_request", repo="acme/widgets",
        title="Cut export time (#12)", date=WHEN,
        actors=(Actor(role="author", name="Alice Doe", email="alice@example.com"),),
        url="https://github.com/acme/widgets/pull/12",
        body="short", paths=("src/export.py",), additions=10, deletions=2,
        number=12, shas=("abc123",), sources=("git",), overrides=("customer-value",),
        facts=Facts(commits=2),
    )


def github_sighting() -> Evidence:
    return Evidence(
        id="pr:acme/widgets#12", kind="pull_request", repo="acme/widgets",
        title="Cut export time from 40 s to 3 s", date=WHEN,
        actors=(Actor(role="author", login="alice"), Actor(role="reviewer", login="bob")),
        url="https://github.com/acme/widgets/pull/12",
        body="Users waited 40 s for every export; now it takes 3 s.",
        labels=("performance",), author_association="MEMBER", number=12,
        shas=("def456",), sources=("github",), facts=Facts(state="merged"),
    )


def test_rerunning_collect_never_duplicates_items(history: GitRepo, run_cli: Cli) -> None:
    args = ("collect", "--offline", "--repo", history.path, "--store", run_cli.store, *YEAR)

    first = run_cli(*args)
    once = ids_in(run_cli.store)
    second = run_cli(*args)

    assert first.exit_code == second.exit_code == 0
    assert first.stderr == second.stderr == f"evidencer: stored 3 items in {run_cli.store}\n"
    assert ids_in(run_cli.store) == once
    assert len(once) == len(set(once)) == 3


def test_rerunning_brag_gives_the_same_items(history: GitRepo, run_cli: Cli) -> None:
    first = run_cli.brag_json("--repo", history.path, *YEAR)
    second = run_cli.brag_json("--repo", history.path, *YEAR)

    assert second["items"] == first["items"]
    assert [i["id"] for i in first["items"]] == [
        "commit:acme/widgets@" + history.git("rev-parse", "HEAD~2").strip(),
        "pr:acme/widgets#12",
        "pr:acme/widgets#13",
    ]


def test_a_store_named_like_sqlite_s_in_memory_database_is_a_file_that_keeps_items(
    history: GitRepo, run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every --store is a file: ":memory:" handed to SQLite as is kept nothing, so that
    # report found no items right after collect said it stored them
    monkeypatch.chdir(tmp_path)
    collected = run_cli("collect", "--offline", "--repo", history.path, "--store", ":memory:",
                        *YEAR)
    reported = run_cli("report", "--store", ":memory:", "--format", "json",
                       "--author", "alice@example.com", *YEAR)

    assert collected.exit_code == reported.exit_code == 0, collected.output + reported.output
    assert len(json.loads(reported.stdout)["items"]) == 3
    assert (tmp_path / ":memory:").is_file()


def test_new_work_is_added_to_what_the_store_already_has(history: GitRepo, run_cli: Cli) -> None:
    run_cli.brag_json("--repo", history.path, *YEAR)
    history.squash_pr(14, "Show a clear error when the export fails")

    data = run_cli.brag_json("--repo", history.path, *YEAR)

    assert [i["id"] for i in data["items"]][-1] == "pr:acme/widgets#14"
    assert len(data["items"]) == 4


def test_commits_stored_from_a_branch_fold_into_its_pull_request_once_merged(
    repo: GitRepo, run_cli: Cli
) -> None:
    repo.commit("Initial commit", author=BOB)
    repo.branch("topic")
    repo.commit("Step one")
    repo.commit("Step two")
    on_branch = run_cli.brag_json("--repo", repo.path, *YEAR)
    repo.merge_pr(3, "topic", "Two steps", merger=BOB)

    after_merge = run_cli.brag_json("--repo", repo.path, *YEAR)

    assert [i["title"] for i in on_branch["items"]] == ["Step one", "Step two"]
    assert [(i["id"], i["title"]) for i in after_merge["items"]] == [
        ("pr:acme/widgets#3", "Two steps"),
    ]
    assert len(ids_in(run_cli.store)) == 3  # nothing collected is thrown away


def test_the_same_item_seen_by_git_then_github_keeps_facts_from_both(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        store.upsert([git_sighting()])
        store.upsert([github_sighting()])
        merged = store.get("pr:acme/widgets#12")
        count = store.count()

    assert count == 1
    assert merged is not None
    assert merged.title == "Cut export time from 40 s to 3 s"
    assert merged.body == "Users waited 40 s for every export; now it takes 3 s."
    assert merged.labels == ("performance",)
    assert merged.author_association == "MEMBER"
    assert (merged.paths, merged.additions, merged.deletions) == (("src/export.py",), 10, 2)
    assert set(merged.shas) == {"abc123", "def456"}
    assert set(merged.sources) == {"git", "github"}
    assert merged.overrides == ("customer-value",)
    assert {(a.role, a.login or a.email) for a in merged.actors} == {
        ("author", "alice@example.com"), ("author", "alice"), ("reviewer", "bob"),
    }
    assert merged.facts == Facts(commits=2, state="merged")


def test_a_later_git_sighting_does_not_erase_what_github_said(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        store.upsert([github_sighting()])
        store.upsert([git_sighting()])
        merged = store.get("pr:acme/widgets#12")

    assert merged is not None
    assert merged.title == "Cut export time from 40 s to 3 s"
    assert merged.labels == ("performance",)
    assert merged.paths == ("src/export.py",)
    assert set(merged.sources) == {"git", "github"}


def test_two_sightings_in_one_batch_are_one_item(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "s.sqlite3") as store:
        stored = store.upsert_items([git_sighting(), github_sighting()])
        count = store.count()

    assert count == 1
    assert [item.labels for item in stored] == [("performance",)]


def test_export_and_import_round_trip(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    export = tmp_path / "evidence.jsonl"
    original = run_cli.brag_json("--repo", history.path, *YEAR)
    collected = run_cli("collect", "--offline", "--repo", history.path, "--store",
                        run_cli.store, "--export", export, *YEAR)
    other_store = tmp_path / "other.sqlite3"

    imported = run_cli("report", "--repo", history.path, "--store", other_store,
                       "--import", export, "--format", "json", *YEAR)

    assert collected.exit_code == 0, collected.output
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["items"] == original["items"]
    lines = export.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids_in(run_cli.store)
    with EvidenceStore(run_cli.store) as a, EvidenceStore(other_store) as b:
        assert list(a.iter_items()) == list(b.iter_items())


def test_importing_twice_never_duplicates(history: GitRepo, run_cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "evidence.jsonl"
    run_cli("collect", "--offline", "--repo", history.path, "--store", run_cli.store,
            "--export", export, *YEAR)
    other_store = tmp_path / "other.sqlite3"

    for _ in range(2):
        result = run_cli("report", "--repo", history.path, "--store", other_store,
                         "--import", export, "--format", "json", *YEAR)
        assert result.exit_code == 0, result.output

    assert ids_in(other_store) == ids_in(run_cli.store)


def test_importing_a_bad_line_names_the_file_and_line(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    export = tmp_path / "evidence.jsonl"
    export.write_text(git_sighting().to_json() + "\n\n{not json}\n")

    result = run_cli("report", "--repo", history.path, "--store", run_cli.store,
                     "--import", export, *YEAR)

    assert result.exit_code == 1
    assert result.stderr.startswith(f"evidencer: error: {export}:3: not an evidence record: ")
    assert result.stderr.count("\n") == 1


def test_importing_a_missing_file_names_it(history: GitRepo, run_cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nothing.jsonl"

    result = run_cli("report", "--repo", history.path, "--store", run_cli.store,
                     "--import", missing, *YEAR)

    assert result.exit_code == 1
    assert result.stderr == f"evidencer: error: {missing}: cannot read: No such file or directory\n"


def test_evidence_collected_before_a_failure_stays_in_the_store(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.md.j2"  # found, so the run starts; fails only to render
    broken.write_text("{{ person.label | no_such_filter }}\n", encoding="utf-8")

    result = run_cli("brag", "--offline", "--repo", history.path, "--store", run_cli.store,
                     "--template", broken, *YEAR)

    assert result.exit_code == 1
    assert len(ids_in(run_cli.store)) == 3


def test_a_template_that_is_not_there_stops_the_run_before_any_work(
    history: GitRepo, run_cli: Cli
) -> None:
    result = run_cli("brag", "--offline", "--repo", history.path, "--store", run_cli.store,
                     "--template", "no-such-template", *YEAR)

    assert result.exit_code == 2
    assert not run_cli.store.exists()


def test_default_store_lives_in_the_user_data_folder(
    history: GitRepo, run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    result = run_cli("collect", "--offline", "--repo", history.path, *YEAR)

    expected = tmp_path / "data" / "evidencer" / "evidence.sqlite3"
    assert result.exit_code == 0, result.output
    assert default_store_path({"XDG_DATA_HOME": str(tmp_path / "data")}) == expected
    assert len(ids_in(expected)) == 3


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folders are Linux's")
def test_default_store_is_under_local_share_without_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME")

    expected = tmp_path / ".local" / "share" / "evidencer" / "evidence.sqlite3"
    assert default_store_path({}) == expected
    assert default_store_path({"XDG_DATA_HOME": "  "}) == expected  # blank is unset


def test_the_environment_handed_in_decides_the_store_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "process"))

    handed = default_store_path({"XDG_DATA_HOME": str(tmp_path / "handed")})

    if sys.platform not in ("win32", "darwin"):
        assert handed == tmp_path / "handed" / "evidencer" / "evidence.sqlite3"
    assert not handed.is_relative_to(tmp_path / "process")


def test_a_store_from_a_newer_evidencer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    EvidenceStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")

    with pytest.raises(EvidencerError) as caught:
        EvidenceStore(path)

    assert str(caught.value) == (
        f"{path}: store was written by a newer evidencer (schema 99); "
        "upgrade evidencer or use another --store"
    )


def test_a_file_that_is_not_a_store_is_refused(history: GitRepo, run_cli: Cli) -> None:
    run_cli.store.write_text("this is not SQLite, just text long enough to look like a file\n" * 20)

    result = run_cli("brag", "--offline", "--repo", history.path, "--store", run_cli.store, *YEAR)

    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: {run_cli.store}: cannot open the evidence store: "
        "file is not a database\n"
    )


def test_sync_state_is_kept_between_runs(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with EvidenceStore(path) as store:
        store.set_sync("github:acme/widgets", "2026-03-04T10:00:00Z")
    with EvidenceStore(path) as store:
        assert store.get_sync("github:acme/widgets") == "2026-03-04T10:00:00Z"
        assert store.get_sync("github:acme/other") is None


def test_a_store_under_a_file_is_refused_with_the_file_named(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n")
    store = blocker / "deeper" / "store.sqlite3"

    result = run_cli("brag", "--offline", "--repo", history.path, "--store", store, *YEAR)

    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: {store}: cannot open the evidence store: "
        f"{blocker} is not a directory\n"
    )


def test_a_store_that_is_a_folder_is_refused(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    result = run_cli("brag", "--offline", "--repo", history.path, "--store", tmp_path, *YEAR)

    assert result.exit_code == 1
    assert result.stderr == (
        f"evidencer: error: {tmp_path}: cannot open the evidence store: it is a directory\n"
    )


def test_a_store_in_a_new_folder_makes_the_folder(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    store = tmp_path / "new" / "folder" / "store.sqlite3"

    result = run_cli("collect", "--offline", "--repo", history.path, "--store", store, *YEAR)

    assert result.exit_code == 0, result.output
    assert len(ids_in(store)) == 3


@given(
    moment=st.datetimes(
        min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
        timezones=st.sampled_from([
            dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)),
            dt.timezone(dt.timedelta(hours=-8)),
        ]),
    )
)
def test_dates_are_written_as_whole_utc_seconds(moment: dt.datetime) -> None:
    expected = moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert format_datetime(moment) == expected


# Rows as the version before typed facts wrote them: facts in an untyped ``extra`` object.
OLD_REVIEW = (
    '{"actors": [{"email": "", "login": "alice", "name": "", "role": "reviewer"}, '
    '{"email": "", "login": "bob", "name": "", "role": "author"}], "additions": 0, '
    '"author_association": "MEMBER", "body": "", "date": "2026-03-06T12:00:00Z", '
    '"deletions": 0, "extra": {"pr_state": "merged", "pr_updated_at": "2026-03-07T10:00:00Z", '
    '"review_states": {"APPROVED": 1, "CHANGES_REQUESTED": 1}, '
    '"review_url": "https://github.com/acme/widgets/pull/15#pullrequestreview-1018", '
    '"reviews": 2}, "id": "review:acme/widgets#15@alice", "kind": "review", "labels": [], '
    '"number": 15, "overrides": [], "paths": [], "repo": "acme/widgets", "shas": [], '
    '"sources": ["github"], "title": "Add CSV", '
    '"url": "https://github.com/acme/widgets/pull/15"}'
)
OLD_POSTMORTEM = (
    '{"actors": [{"email": "", "login": "alice", "name": "", "role": "incident_commander"}], '
    '"additions": 0, "author_association": null, "body": "Search returned nothing.", '
    '"date": "2024-05-02T00:00:00Z", "deletions": 0, "extra": {"action_items": '
    '[{"line": 9, "links": ["acme/widgets#510"], "owners": [{"email": "", "login": "bob", '
    '"name": ""}], "status": "done", "title": "Alert on zero results"}], "anchor": "", '
    '"authorship": "document", "date_source": "document", "duration": null, '
    '"duration_minutes": null, "fix_links": ["acme/widgets#507"], "impact": "", "line": 1, '
    '"path": "docs/pm.md", "services": [], "severity": "SEV2", "severity_level": "high", '
    '"status": null, "timeline": [{"line": 5, "people": [{"email": "", "login": "alice", '
    '"name": ""}], "text": "@alice paged", "time": "10:02"}]}, '
    '"id": "postmortem:acme/widgets/docs/pm.md", "kind": "postmortem", "labels": ["sev2"], '
    '"number": null, "overrides": [], "paths": ["docs/pm.md"], "repo": "acme/widgets", '
    '"shas": [], "sources": ["postmortems"], "title": "Search outage", "url": null}'
)


def old_store(path: Path, *rows: str) -> None:
    EvidenceStore(path).close()
    with sqlite3.connect(path) as db:
        for row in rows:
            data = json.loads(row)
            db.execute("INSERT INTO items VALUES (?, ?, ?, ?, ?)",
                       (data["id"], data["kind"], data["repo"], data["date"], row))


def test_a_store_written_before_typed_facts_loads_them_typed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old_store(path, OLD_REVIEW, OLD_POSTMORTEM)

    with EvidenceStore(path) as store:
        review = store.get("review:acme/widgets#15@alice")
        postmortem = store.get("postmortem:acme/widgets/docs/pm.md")

    assert review is not None and postmortem is not None
    assert review.facts == Facts(
        pr_state="merged", pr_updated_at="2026-03-07T10:00:00Z",
        review_states={"APPROVED": 1, "CHANGES_REQUESTED": 1},
        review_url="https://github.com/acme/widgets/pull/15#pullrequestreview-1018", reviews=2,
    )
    facts = postmortem.facts
    assert (facts.path, facts.severity, facts.duration, facts.fix_links) == (
        "docs/pm.md", "SEV2", None, ("acme/widgets#507",)
    )
    assert facts.action_items == (ActionItemFact(
        title="Alert on zero results", status="done", line=9,
        owners=(Contact(login="bob"),), links=("acme/widgets#510",),
    ),)
    assert facts.timeline == (TimelineFact(
        time="10:02", text="@alice paged", line=5, people=(Contact(login="alice"),)
    ),)


def test_an_old_store_exports_exactly_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old_store(path, OLD_REVIEW, OLD_POSTMORTEM)

    with EvidenceStore(path) as store:
        store.export_items(tmp_path / "out.jsonl")

    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines() == [
        OLD_POSTMORTEM, OLD_REVIEW,  # oldest first
    ]


def test_an_export_written_before_typed_facts_imports_with_its_facts(
    tmp_path: Path, run_cli: Cli
) -> None:
    export = tmp_path / "old.jsonl"
    export.write_text(f"{OLD_REVIEW}\n{OLD_POSTMORTEM}\n", encoding="utf-8")

    result = run_cli("report", "--import", export, "--store", run_cli.store,
                     "--author", "alice", "--since", "2024-01-01", "--until", "2026-12-31",
                     "--format", "json")

    assert result.exit_code == 0, result.output
    with EvidenceStore(run_cli.store) as store:
        review = store.get("review:acme/widgets#15@alice")
        assert review is not None and review.facts.review_states == {
            "APPROVED": 1, "CHANGES_REQUESTED": 1,
        }
        assert review.to_json() == OLD_REVIEW


def test_a_stored_item_of_an_unknown_kind_names_the_store_and_the_item(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    old_store(path, OLD_REVIEW.replace('"kind": "review"', '"kind": "tweet"'))

    with EvidenceStore(path) as store, pytest.raises(EvidencerError) as caught:
        list(store.iter_items())

    assert str(caught.value) == (
        f"{path}: stored item 'review:acme/widgets#15@alice' cannot be read: 'kind' is 'tweet'; "
        "one of commit, pull_request, review, issue, comment, postmortem"
    )


def test_a_stored_actor_of_an_unknown_role_names_the_store_and_the_item(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    old_store(path, OLD_REVIEW.replace('"role": "reviewer"', '"role": "owner"'))

    with EvidenceStore(path) as store, pytest.raises(EvidencerError) as caught:
        store.get("review:acme/widgets#15@alice")

    assert str(caught.value) == (
        f"{path}: stored item 'review:acme/widgets#15@alice' cannot be read: 'actors[0].role' "
        "is 'owner'; one of author, co_author, reviewer, merger, commenter, assignee, "
        "incident_commander, responder, postmortem_author, action_item_owner"
    )
