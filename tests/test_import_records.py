"""`report --import` checks every JSON Lines record: one line naming file and line, exit 1.

Deep nesting, a title of the wrong type, bytes that are not UTF-8 and kinds or roles
DESIGN.md does not define used to end as ``internal error: ...`` with no file or line, or
to be stored and fail later. The store keeps what it had: nothing of a bad file goes in.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from evidencer.model import Actor, Evidence
from evidencer.store.records import evidence_from_record
from evidencer.store.sqlite import EvidenceStore
from tests.conftest import Cli

WHEN = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.timezone.utc)
YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")
KINDS = "commit, pull_request, review, issue, comment, postmortem"
ROLES = ("author, co_author, reviewer, merger, commenter, assignee, incident_commander, "
         "responder, postmortem_author, action_item_owner")


def record(pr: int, **changes: Any) -> dict[str, Any]:
    item = Evidence(
        id=f"pr:acme/widgets#{pr}", kind="pull_request", repo="acme/widgets",
        title=f"Retry uploads, part {pr}", date=WHEN,
        actors=(Actor(role="author", login="alice"),), labels=("bug",), number=pr,
        sources=("github",),
    ).to_dict()
    item.update(changes)
    return item


def line(pr: int, **changes: Any) -> bytes:
    return json.dumps(record(pr, **changes)).encode()


DEEP = b'{"id": "pr:acme/widgets#3", "extra": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
BAD_LINES: dict[str, tuple[bytes, str]] = {
    "deep-nesting": (DEEP, "JSON nested deeper than 16 levels"),
    "nesting-json-parses": (line(3, extra={"a": [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}),
                            "JSON nested deeper than 16 levels"),
    "title-a-number": (line(3, title=42), "'title' must be a string, not a number"),
    "title-a-list": (line(3, title=["Retry"]), "'title' must be a string, not a list"),
    "title-missing": (json.dumps({k: v for k, v in record(3).items() if k != "title"}).encode(),
                      "'title' is missing"),
    "not-utf8": (line(3, title="caf-").replace(b"caf-", b"caf\xe9"),
                 "not UTF-8 (byte 0xe9 at column "),
    "unknown-kind": (line(3, kind="tweet"), f"'kind' is 'tweet'; one of {KINDS}"),
    "unknown-role": (line(3, actors=[{"role": "boss", "login": "alice"}]),
                     f"'actors[0].role' is 'boss'; one of {ROLES}"),
    "actor-login-a-number": (line(3, actors=[{"role": "author", "login": 7}]),
                             "'actors[0].login' must be a string, not a number"),
    "date-a-number": (line(3, date=20260304), "'date' is 20260304; an ISO 8601 date and time"),
    "date-not-a-date": (line(3, date="yesterday"),
                        "'date' is 'yesterday'; an ISO 8601 date and time"),
    "label-a-number": (line(3, labels=["bug", 5]), "'labels[1]' must be a string, not a number"),
    "additions-true": (line(3, additions=True),
                       "'additions' must be a whole number, 0 or more, not True"),
    "number-a-string": (line(3, number="3"), "'number' must be a whole number, not a string"),
    "extra-a-list": (line(3, extra=[1]), "'extra' must be an object, not a list"),
    "lone-surrogate": (line(3).replace(b"part 3", b"part \\ud800"),
                       "text 'Retry uploads, part \\ud800' holds a lone surrogate"),
    "empty-id": (line(3, id=""), "'id' must be a non-empty string"),
    "not-an-object": (b"[1, 2]", "expected a JSON object, found a list"),
    "not-json": (b"{not json}", "not JSON (Expecting property name enclosed in double quotes "
                 "at column 2)"),
    "huge-number": (line(3).replace(b'"number": 3', b'"number": ' + b"9" * 5000),
                    "not JSON (Exceeds the limit (4300 digits) for integer string conversion"),
}


@pytest.fixture
def store_with_one_item(run_cli: Cli) -> Path:
    with EvidenceStore(run_cli.store) as store:
        store.upsert([evidence_from_record(record(1))])
    return run_cli.store


def stored(path: Path) -> list[str]:
    with EvidenceStore(path) as store:
        return [item.to_json() for item in store.iter_items()]


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_record_stops_the_import_with_file_and_line_and_stores_nothing(
    run_cli: Cli, store_with_one_item: Path, tmp_path: Path, case: str
) -> None:
    bad, reason = BAD_LINES[case]
    before = stored(store_with_one_item)
    path = tmp_path / "evidence.jsonl"
    path.write_bytes(line(2) + b"\n\n" + bad + b"\n" + line(4) + b"\n")
    for debug in ([], ["--debug"]):
        result = run_cli(*debug, "report", "--store", store_with_one_item, "--import", path,
                         "--author", "alice", *YEAR)
        assert result.exit_code == 1, result.output
        assert "internal error" not in result.stderr
        if debug:
            assert result.stderr.rstrip("\n").splitlines()[-1].startswith(
                f"evidencer.errors.EvidencerError: {path}:3: not an evidence record: {reason}")
        else:
            assert result.stderr.startswith(
                f"evidencer: error: {path}:3: not an evidence record: {reason}")
            assert result.stderr.count("\n") == 1
    assert stored(store_with_one_item) == before  # neither line 2 nor line 4 went in


def test_exact_message_for_a_title_of_the_wrong_type(
    run_cli: Cli, store_with_one_item: Path, tmp_path: Path
) -> None:
    path = tmp_path / "evidence.jsonl"
    path.write_bytes(line(2, title={"text": "x"}) + b"\n")
    result = run_cli("report", "--store", store_with_one_item, "--import", path, *YEAR)
    assert result.stderr == (
        f"evidencer: error: {path}:1: not an evidence record: 'title' must be a string, "
        "not an object\n"
    )


def test_good_records_with_fields_of_a_newer_version_are_imported(
    run_cli: Cli, store_with_one_item: Path, tmp_path: Path
) -> None:
    path = tmp_path / "evidence.jsonl"
    path.write_bytes(line(2, added_later="ignored") + b"\r\n" + line(3) + b"\n")
    result = run_cli("report", "--store", store_with_one_item, "--import", path,
                     "--author", "alice", "--format", "json", *YEAR)
    assert result.exit_code == 0, result.output
    with EvidenceStore(store_with_one_item) as store:
        assert [item.id for item in store.iter_items()] == [
            "pr:acme/widgets#1", "pr:acme/widgets#2", "pr:acme/widgets#3"]
        assert store.get("pr:acme/widgets#2") == evidence_from_record(record(2))
