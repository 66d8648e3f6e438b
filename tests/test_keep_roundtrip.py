"""A person's own words survive regeneration through the CLI, byte for byte, edits and all.

``brag -o doc.md``, edit inside and outside keep blocks, change the history, run again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencer.render.keep import KEEP_END, KEPT_NOTES_HEADING, keep_marker
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo
from tests.support.history import ALICE, PERIOD, at, build_history
from tests.support.mdcheck import check_document

# Odd on purpose: Markdown that means something, trailing spaces, tabs, a CR, non-ASCII,
# text that looks like a marker but is not one, and no newline at the very end.
NOTES = (
    "\nI led the upload work after **three** customer escalations.  \n"
    "\n| quarter | tickets |\n|---|---|\n| Q1 | 14 |\n"
    "\tindented with a tab\r\n"
    "Ünïcödé — “quotes” — 日本語\n"
    "<!-- evidencer:ended --> is not an end marker\n"
    "last line without a newline"
)
STABILITY = "\nThe queue alert paged us twice in March; both were real.\n"


@pytest.fixture
def history(run_cli: Cli, tmp_path: Path) -> GitRepo:
    return build_history(tmp_path / "widgets")


def brag_to(run_cli: Cli, target: str, *extra: str) -> str:
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     "--author", "alice@example.com", *PERIOD, "-o", target, *extra)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return result.stderr


def replace_block(document: str, marker: str, *, text: str) -> str:
    start = document.index(marker) + len(marker)
    end = document.index(KEEP_END, start)
    return document[:start] + text + document[end:]


def block(document: str, marker: str) -> str:
    start = document.index(marker) + len(marker)
    return document[start : document.index(KEEP_END, start)]


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def test_edits_inside_keep_blocks_survive_regeneration_byte_for_byte(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.md"
    brag_to(run_cli, "doc.md")
    edited = replace_block(read(doc), keep_marker("notes"), text=NOTES)
    edited = replace_block(edited, keep_marker("product-stability"), text=STABILITY)
    # Outside the blocks: a changed title line and a paragraph of one's own.
    edited = edited.replace("## At a glance\n", "## My favourite things\n\nAn aside.\n")
    write(doc, edited)
    history.commit("fix: stop double-charging on retried payments", date=at("2026-06-20"),
                   files={"src/payments.py": "idempotent\n"})

    stderr = brag_to(run_cli, "doc.md")

    again = read(doc)
    assert stderr == ""
    assert block(again, keep_marker("notes")) == NOTES
    assert block(again, keep_marker("product-stability")) == STABILITY
    assert "## At a glance\n" in again  # outside the blocks, the document is regenerated
    assert "An aside." not in again
    assert "stop double-charging on retried payments" in again
    check_document(replace_block(again, keep_marker("notes"), text="\n"))  # raw HTML is theirs


def test_regenerating_an_unchanged_history_changes_nothing(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.md"
    brag_to(run_cli, "doc.md")
    write(doc, replace_block(read(doc), keep_marker("notes"), text=NOTES))
    first = read(doc)

    brag_to(run_cli, "doc.md")
    brag_to(run_cli, "doc.md")

    assert read(doc) == first


def test_a_block_with_no_place_moves_to_kept_notes_with_a_warning_and_stays_there(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.md"
    brag_to(run_cli, "doc.md")
    mine = f"{keep_marker('promotion-case')}\nAsk Dana about the Q3 launch.\n{KEEP_END}\n"
    write(doc, read(doc).replace("## Over time\n", mine + "\n## Over time\n"))

    stderr = brag_to(run_cli, "doc.md")
    moved = read(doc)
    brag_to(run_cli, "doc.md")

    assert "keep 'promotion-case' has no place in the new document" in stderr
    assert moved.index(KEPT_NOTES_HEADING) > moved.index("## All evidence")
    assert block(moved, keep_marker("promotion-case")) == "\nAsk Dana about the Q3 launch.\n"
    assert read(doc) == moved


def test_each_persons_document_keeps_its_own_notes_in_a_team_run(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    people = ("--per-person", "--author", "alice@example.com", "--author", "bob@example.com")
    result = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                     *PERIOD, *people, "-o", "q2.md")
    assert result.exit_code == 0, result.output
    alice, team = tmp_path / "q2-alice-example-com.md", tmp_path / "q2.md"
    write(alice, replace_block(read(alice), keep_marker("notes"), text=NOTES))
    write(team, replace_block(read(team), keep_marker("team-notes"), text=STABILITY))

    again = run_cli("brag", "--offline", "--repo", "widgets", "--store", run_cli.store,
                    *PERIOD, *people, "-o", "q2.md")

    assert again.exit_code == 0, again.output
    assert block(read(alice), keep_marker("notes")) == NOTES
    assert block(read(team), keep_marker("team-notes")) == STABILITY
    assert NOTES not in read(tmp_path / "q2-bob-example-com.md")


def test_the_json_format_never_merges_notes(
    history: GitRepo, run_cli: Cli, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.json"
    doc.write_text(f"{keep_marker('notes')}\nmine\n{KEEP_END}\n", encoding="utf-8")

    brag_to(run_cli, "doc.json", "--format", "json")

    assert read(doc).startswith('{\n  "schema": "evidencer/report@1",')
    assert ALICE[1] in read(doc)
