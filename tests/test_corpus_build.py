"""scripts/corpus/build_corpus.py on a real git repository built in tmp_path."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_corpus", ROOT / "scripts" / "corpus" / "build_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_corpus"] = module
    spec.loader.exec_module(module)
    return module


bc = _load()

SQUASH_LIST = """* add the exporter

* address review

* fix lint

---------

Co-authored-by: Bob Roe <bob@example.com>"""

DESCRIPTION = """Exports used to take 40 s on big workspaces.

This streams rows instead of building the file in memory.

Co-authored-by: Bob Roe <bob@example.com>
Signed-off-by: Alice Doe <alice@example.com>"""


EXPORTER = "".join(f"def export_{n}(rows):\n    return list(rows)\n\n" for n in range(8))


def _history(path: Path) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(path)
    repo.commit("initial", files={"README.md": "widgets\n"}, date="2026-01-05T10:00:00+00:00")
    repo.branch("fix-crash")
    repo.commit("fix crash on empty config", files={"src/config.py": "x = 1\n"},
                date="2026-01-10T10:00:00+00:00")
    repo.commit("add regression test", files={"tests/test_config.py": "def test(): pass\n"},
                date="2026-01-10T11:00:00+00:00")
    shas = {"merge": repo.merge_pr(7, "fix-crash", "Fix crash when the config file is empty",
                                   date="2026-01-11T10:00:00+00:00")}
    shas["list"] = repo.squash_pr(8, "Add CSV exporter", body=SQUASH_LIST,
                                  files={"src/export.py": EXPORTER},
                                  date="2026-04-02T10:00:00+00:00")
    repo.rename("src/export.py", "src/exporter.py")
    shas["described"] = repo.squash_pr(9, "Stream exports", body=DESCRIPTION,
                                       files={"src/exporter.py": EXPORTER + "# streamed\n"},
                                       date="2026-07-03T10:00:00+00:00")
    repo.commit("direct push without a PR", files={"notes.txt": "n\n"},
                date="2026-07-04T10:00:00+00:00")
    repo.squash_pr(10, "Bump lodash from 1 to 2", author=("dependabot[bot]", "bot@example.com"),
                   files={"package.json": "{}\n"}, date="2026-08-01T10:00:00+00:00")
    repo.squash_pr(3, "Too old to sample", files={"old.txt": "o\n"},
                   date="2026-01-05T12:00:00+00:00")
    # what the project's release notes say of a change: a towncrier fragment it adds, the
    # entry it adds to a changelog under its kind's heading
    repo.squash_pr(11, "Quiet exports", files={
        "src/exporter.py": EXPORTER + "# quiet\n",
        "news/11.bugfix.rst": "Exports no longer print a traceback for an empty sheet.\n"},
        date="2026-08-02T10:00:00+00:00")
    repo.squash_pr(12, "Table expand", files={
        "src/table.py": "t\n",
        "CHANGELOG.md": "# Changelog\n\n### Added\n\n- Tables expand to the terminal (#12)\n"},
        date="2026-08-03T10:00:00+00:00")
    return repo, shas


def _manifest(path: Path, commit: str, *, sample: int = 10, share: float = 0.5) -> Path:
    manifest = {"seed": "test", "max_bot_share": share, "repos": [{
        "repo": "acme/widgets", "ecosystem": "python", "kind": "library", "commit": commit,
        "sample": sample, "since": "2026-01-06", "until": "2026-12-31"}]}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def _read(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    repo, shas = _history(tmp_path / "clones" / "acme" / "widgets")
    head = repo.git("rev-parse", "HEAD").strip()
    manifest = _manifest(tmp_path / "manifest.json", head)
    return manifest, tmp_path / "clones", shas


def test_merge_and_squash_prs_are_extracted_with_title_body_and_paths(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path,
) -> None:
    manifest, clones, shas = built
    out = tmp_path / "prs.jsonl.gz"
    assert bc.main(["--manifest", str(manifest), "--repos", str(clones), "--out", str(out)]) == 0
    records = {r["number"]: r for r in _read(out)}

    assert sorted(records) == [7, 8, 9, 10, 11, 12]  # no direct push, nothing too old
    merge = records[7]
    assert merge["id"] == "acme/widgets#7"
    assert merge["shape"] == "merge"
    assert merge["title"] == "Fix crash when the config file is empty"
    assert merge["branch"] == "someone/fix-crash"
    assert merge["body"] == ""
    assert merge["paths"] == ["src/config.py", "tests/test_config.py"]
    assert merge["commit"] == shas["merge"]
    assert merge["date"] == "2026-01-11T10:00:00Z"
    assert merge["labels"] == []
    assert merge["ecosystem"] == "python"

    listed = records[8]
    assert listed["title"] == "Add CSV exporter"
    assert listed["body"] == ""  # GitHub's squashed-commit list is not a description
    assert listed["paths"] == ["src/export.py"]

    described = records[9]
    assert described["body"] == ("Exports used to take 40 s on big workspaces.\n\n"
                                 "This streams rows instead of building the file in memory.")
    assert described["paths"] == ["src/exporter.py"]  # a rename reports the new path

    assert records[10]["bot"] is True
    assert not any(records[n]["bot"] for n in (7, 8, 9))
    # the release notes kept apart from the description the labellers read
    assert records[11]["notes"] == "Exports no longer print a traceback for an empty sheet."
    assert records[12]["notes"] == "Added: Tables expand to the terminal"
    assert records[12]["body"] == "" and records[9]["notes"] == ""


def test_rebuilding_from_the_same_manifest_is_byte_identical(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path,
) -> None:
    manifest, clones, _ = built
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    for out in (first, second):
        assert bc.main(["--manifest", str(manifest), "--repos", str(clones),
                        "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime is zero


def test_sample_caps_bot_prs_and_is_deterministic(tmp_path: Path) -> None:
    repo, _ = _history(tmp_path / "widgets")
    head = repo.git("rev-parse", "HEAD").strip()
    manifest = bc.load_manifest(_manifest(tmp_path / "m.json", head, sample=3, share=0.0))
    records = bc.build(manifest, tmp_path, log=False)
    assert sorted(r["number"] for r in records) == [7, 8, 9]
    assert bc.build(manifest, tmp_path, log=False) == records


def test_pinned_commit_missing_from_clone_is_one_line_error(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    _, clones, _ = built
    manifest = _manifest(tmp_path / "other.json", "0" * 40)
    out = tmp_path / "prs.jsonl.gz"
    assert bc.main(["--manifest", str(manifest), "--repos", str(clones), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "pinned commit" in err[0] and "acme/widgets" in err[0]
    assert not out.exists()


def test_manifest_with_bad_date_names_the_file_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"seed": "s", "repos": [{
        "repo": "acme/widgets", "ecosystem": "go", "kind": "cli", "commit": "a" * 40,
        "sample": 5, "since": "last year", "until": "2026-01-01"}]}), encoding="utf-8")
    with pytest.raises(bc.CorpusError, match=r"manifest\.json: repos\[0\]: 'last year'"):
        bc.load_manifest(path)


def test_commit_list_detection_keeps_bulleted_descriptions() -> None:
    assert bc.clean_body("* one\n\n* two\n\nCo-authored-by: A <a@x>") == ""
    described = "Adds export.\n\n* CSV\n* JSON"
    assert bc.clean_body(described) == described
    assert bc.clean_body("* only one bullet line") == "* only one bullet line"


def _load_pack() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "pack_labels", ROOT / "scripts" / "corpus" / "pack_labels.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["pack_labels"] = module
    spec.loader.exec_module(module)
    return module


pack = _load_pack()


def _label(ident: str, comps: list[str], routine: bool, note: str = "why") -> str:
    return json.dumps({"id": ident, "competencies": comps, "routine": routine, "note": note})


def test_packed_labels_follow_corpus_order_and_are_byte_identical(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path,
) -> None:
    manifest, clones, _ = built
    corpus = tmp_path / "prs.jsonl.gz"
    assert bc.main(["--manifest", str(manifest), "--repos", str(clones), "--out", str(corpus)]) == 0
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join([
        _label("acme/widgets#9", ["customer-value"], False, "streams exports"),
        _label("acme/widgets#7", ["product-stability", "customer-empathy"], False),
        _label("acme/widgets#10", [], True, "dependency bump"),
    ]) + "\n", encoding="utf-8")
    first, second = tmp_path / "a.gz", tmp_path / "b.gz"
    for out in (first, second):
        assert pack.main([str(labels), "--corpus", str(corpus), "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    packed = _read(first)
    assert [p["id"] for p in packed] == ["acme/widgets#7", "acme/widgets#9", "acme/widgets#10"]
    assert packed[0]["competencies"] == ["customer-empathy", "product-stability"]


@pytest.mark.parametrize(("line", "message"), [
    (_label("acme/widgets#10", ["customer-value"], True), "a routine PR has no competency"),
    (_label("acme/widgets#99", [], True), "is not in the corpus"),
    (_label("acme/widgets#7", ["speed"], False), "competencies must be a subset"),
    (_label("acme/widgets#7", [], False, "one two three four five six seven eight nine ten "
            "eleven twelve thirteen"), "at most 12 words"),
])
def test_bad_label_line_is_rejected_with_file_and_line(
    built: tuple[Path, Path, dict[str, str]], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], line: str, message: str,
) -> None:
    manifest, clones, _ = built
    corpus = tmp_path / "prs.jsonl.gz"
    assert bc.main(["--manifest", str(manifest), "--repos", str(clones), "--out", str(corpus)]) == 0
    labels = tmp_path / "labels.jsonl"
    labels.write_text(_label("acme/widgets#8", [], True) + "\n" + line + "\n", encoding="utf-8")
    out = tmp_path / "labels.gz"
    assert pack.main([str(labels), "--corpus", str(corpus), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{labels}:2:" in err and message in err
    assert not out.exists()
