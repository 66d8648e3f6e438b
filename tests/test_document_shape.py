"""The brag document of a long, real-shaped history reads as a manager needs it to.

Two years of one maintainer's work (tests/support/longhistory.py): the top part fits one screen,
no item shows more than twice outside the folded full list, highlights are substantial
work, every level of the growth arc is reachable, merged work is kept apart.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencer.cli.main import cli
from tests.support.longhistory import PERIOD, build_long_history
from tests.support.mdcheck import check_document

LINK = re.compile(r"\]\((https://github\.com/acme/widgets/(?:pull|commit|blob)/[^)\s]+)\)")
LEVELS = ("awareness", "action", "strategy", "organization")
ARC_LINE = re.compile(rf"^- \*(?:{'|'.join(LEVELS)})\*: ")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("long")
    repo = build_long_history(root / "widgets")
    result = CliRunner().invoke(cli, [
        "-q", "brag", "--offline", "--repo", str(repo), *PERIOD, "--store",
        str(root / "store.sqlite3"), "--author", "alice@example.com", "--author", "Alice Doe",
    ])
    assert result.exit_code == 0, result.output
    check_document(result.stdout)
    return result.stdout


def part(text: str, heading: str) -> str:
    """From ``## heading`` up to the next second-level heading."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_the_part_at_a_glance_fits_one_screen(document: str) -> None:
    glance = part(document, "At a glance").strip("\n").split("\n")

    assert len(glance) <= 40
    for name in ("Customer Empathy", "Customer Value", "Product Stability"):
        paragraph = next(line for line in glance if line.startswith(f"**[{name}]"))
        assert "Reaches *" in paragraph and "Strongest: [" in paragraph
        # sidekiq's titles carry commas ("… Busy page, fixes #6992"): a comma between two
        # of them could not be told from one inside a title
        strongest = paragraph.split("Strongest: ", 1)[1]
        assert ", [" not in strongest
        assert strongest.count("; [") == strongest.count("](") - 1
    assert "**Highlights**" in glance


def test_no_item_appears_more_than_twice_outside_the_folded_full_list_and_growth_arc(document: str) -> None:
    body, full = document.split("\n## All evidence\n")
    lines = body.splitlines()
    arc = [line for line in lines if ARC_LINE.match(line)]

    # A growth-arc level is a claim: it names the example its sentence speaks of, even one
    # shown twice already; any other appearance counts.
    assert arc and all(LINK.search(line) for line in arc), arc
    shown = Counter(LINK.findall(body)) - Counter(LINK.findall(line)[0] for line in arc)
    assert shown, "no item links at all"
    assert max(shown.values()) <= 2, shown.most_common(3)
    assert full.lstrip().startswith("<details>")
    assert len(re.findall(r"^\| 20\d\d-", full, re.MULTILINE)) == len(set(LINK.findall(full)))


def test_highlights_are_the_large_rework_and_the_security_fix_not_a_revert(
    document: str,
) -> None:
    highlights = part(document, "At a glance").split("**Highlights**")[1]

    assert "Rework the storage layer to stream rows" in highlights
    assert "peak memory: 1.2 GB → 60 MB" in highlights  # its before/after table
    assert "fix: heap buffer overflow in the CSV parser" in highlights
    assert "fixes a heap buffer overflow" in highlights
    assert "Revert" not in highlights


def test_every_level_is_reached_and_each_claim_says_why(document: str) -> None:
    for name in ("Customer Empathy", "Customer Value", "Product Stability"):
        arc = part(document, name).split("**Growth arc**")[1].split("\n\n", 2)[1]
        reached = re.findall(r"^- \*(\w+)\*: (.+)$", arc, re.MULTILINE)
        assert {level for level, _ in reached} >= {"awareness", "organization"}, name
        assert all(re.search(r"\d", sentence) for _, sentence in reached), reached
    levels = set(re.findall(r"^- \*(\w+)\*:", document, re.MULTILINE))
    assert levels == set(LEVELS)
    assert "led 1 incident" in part(document, "Product Stability")


def test_a_reverted_fix_earns_no_credit_and_shows_only_in_the_full_list(document: str) -> None:
    body, full = document.split("\n## All evidence\n")
    reverted = re.search(r"\| \[(fix: [^]]+)\]\([^)]+\) \| author \| [^|]+ \(reverted\) \|", full)

    assert reverted is not None
    assert reverted.group(1) not in body
    assert 'Revert "' not in body


def test_pull_requests_merged_for_others_are_maintainer_work(document: str) -> None:
    maintainer = part(document, "Maintainer work")

    assert "Merged 37 items by 4 other people" in maintainer
    for name in ("Customer Empathy", "Customer Value", "Product Stability"):
        assert "timeout for large carts" not in part(document, name)


def test_the_chart_counts_quarters_over_two_years(document: str) -> None:
    chart = part(document, "Over time")

    assert 'title "Evidence per quarter"' in chart
    assert '"2024-Q3"' in chart and '"2026-Q2"' in chart
    assert "Legend: Customer Empathy (blue)" in chart
    assert re.search(r'y-axis "items" 0 --> \d*0\n', chart)
    # the lines count the pull requests merged for others too, and the legend says so
    merged = re.search(r"The lines count your own work and (\d+) items you merged or "
                       r"reviewed\.", chart)
    assert merged is not None and int(merged.group(1)) > 0


def test_the_document_is_shorter_than_the_evidence_it_lists(document: str, tmp_path: Path) -> None:
    items = len(re.findall(r"^\| 20\d\d-", document, re.MULTILINE))
    outside = document.split("\n## All evidence\n")[0].count("\n")

    assert items > 300
    assert outside < 200  # the sections list the strongest, the full list has the rest
