"""One change landed more than once is one item: a fix made again on a release branch, a
commit mirrored from another tree, a cherry-pick. Successive changes under one subject
stay apart. Histories are built with the git CLI and read by ``evidencer brag``."""

from __future__ import annotations

from typing import Any

import pytest

from evidencer.report.copies import subject_key
from tests.conftest import Cli
from tests.support.gitrepo import GitRepo

ALICE = ("Alice Doe", "alice@example.com")
MO = ("Maintainer Mo", "mo@example.com")
YEAR = ("--since", "2026-01-01", "--until", "2026-12-31")
FIX = "Fix deny encoded characters"


@pytest.fixture
def repo(tmp_path: Any) -> GitRepo:
    made = GitRepo(tmp_path / "widgets")
    made.commit("Initial commit", author=MO, files={"README.md": "widgets\n"},
                date="2026-01-02T09:00:00+00:00")
    return made


def merge_release_branch(repo: GitRepo, branch: str, date: str) -> None:
    """Merge the branch into main keeping main's files (the copies were adapted to each
    branch), as the branch's maintainer does."""
    repo.checkout("main")
    env = {"GIT_AUTHOR_NAME": MO[0], "GIT_AUTHOR_EMAIL": MO[1], "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": MO[0], "GIT_COMMITTER_EMAIL": MO[1], "GIT_COMMITTER_DATE": date}
    repo.git("merge", "-q", "--no-ff", "-s", "ours", branch, "-m", f"Merge branch '{branch}'",
             env=env)


def by_title(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for item in data["items"]:
        out.setdefault(item["title"], []).append(item)
    return out


def sha_of(item_id: str) -> str:
    return item_id.rsplit("@", 1)[1]


def test_a_fix_made_again_on_a_release_branch_is_one_item_naming_its_copy(
    repo: GitRepo, run_cli: Cli
) -> None:
    # traefik: one pull request a branch, minutes apart, the files adapted to each branch
    repo.branch("v1.x")
    backport = repo.commit(FIX, author=ALICE, date="2026-03-02T10:00:00+00:00", files={
        "src/encoding.go": "deny\n" * 40, "docs/v1/options.md": "old docs\n"})
    repo.checkout("main")
    original = repo.commit(FIX, author=ALICE, date="2026-03-02T10:20:00+00:00", files={
        "src/encoding.go": "deny\n" * 42, "docs/options.md": "new docs\n"})
    merge_release_branch(repo, "v1.x", "2026-03-03T09:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    [item] = by_title(data)[FIX]
    assert sha_of(item["id"]) == backport  # the earlier copy stands for both
    assert [sha_of(i) for i in item["also"]] == [original]
    assert data["summary"]["product-stability"] == 1
    assert all(other["also"] == [] for other in data["items"] if other is not item)

    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "alice@example.com", *YEAR)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if FIX in line]
    link = f"[{original[:7]}](https://github.com/acme/widgets/commit/{original})"
    [highlight] = [line for line in lines if line.startswith("- **")]
    assert highlight.endswith(f"· fixes a bug · also in {link}")
    [row] = [line for line in lines if line.startswith("| 2026-03-02")]
    assert f"(also {link}) | author | Product Stability |" in row
    # at a glance, highlight, the growth arc's example of "fixed 1 bug", full list
    assert sum(line.count(FIX) for line in lines) == 4


def test_a_commit_mirrored_from_another_tree_is_one_item(repo: GitRepo, run_cli: Cli) -> None:
    # tmux: every OpenBSD commit comes again in the portable tree, same subject and second
    subject = "Fix y offset of mouse if status at top."
    when = "2026-04-01T12:00:00+00:00"
    repo.branch("obsd-master")
    repo.commit(subject, author=ALICE, date=when, files={"tty.c": "offset\n"})
    repo.checkout("main")
    repo.commit(subject, author=ALICE, date=when,
                files={"tty.c": "offset\n", "compat/tty.c": "x\n" * 30})
    merge_release_branch(repo, "obsd-master", "2026-04-02T09:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    [item] = by_title(data)[subject]
    assert len(item["also"]) == 1


def test_a_cherry_pick_names_its_original_whenever_it_came(repo: GitRepo, run_cli: Cli) -> None:
    original = repo.commit("Retry uploads when the connection drops", author=ALICE,
                           date="2026-02-01T10:00:00+00:00", files={"upload.py": "retry\n"})
    repo.branch("v2.x", start="HEAD~1")
    picked = repo.commit(
        f"[v2.x] Retry uploads on a dropped connection\n\n(cherry picked from commit "
        f"{original})", author=ALICE, date="2026-03-15T10:00:00+00:00",
        files={"upload.py": "retry on v2\n"})
    merge_release_branch(repo, "v2.x", "2026-03-16T09:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    ids = [sha_of(i["id"]) for i in data["items"]]
    assert original in ids and picked not in ids
    [item] = [i for i in data["items"] if sha_of(i["id"]) == original]
    assert [sha_of(i) for i in item["also"]] == [picked]


def test_a_change_ported_to_another_release_branch_months_later_is_one_item(
    repo: GitRepo, run_cli: Cli
) -> None:
    # livewire: "[4.x] Add payload schema validation …" in February and "[3.x] …" in April
    # were two of its maintainer's five highlights
    title = "Add payload schema validation and tiered response handling"
    repo.branch("3.x")
    repo.checkout("main")
    first = repo.commit(f"[4.x] {title}", author=ALICE, date="2026-02-15T10:00:00+00:00",
                        files={"src/Mechanisms/HandleRequests.php": "check\n" * 60})
    repo.checkout("3.x")
    port = repo.commit(f"[3.x] {title}", author=ALICE, date="2026-04-08T10:00:00+00:00",
                       files={"src/Mechanisms/HandleRequests.php": "check\n" * 62})
    merge_release_branch(repo, "3.x", "2026-04-09T09:00:00+00:00")
    # ... but one branch's successive changes under one subject stay apart, and so do
    # generic subjects and releases named by their versions (an attack on the rule)
    for day in ("03", "06"):
        repo.commit("[4.x] Bump version", author=ALICE, date=f"2026-{day}-01T10:00:00+00:00",
                    files={"VERSION": f"4.{day}\n"})
    for tag, month in (("[2.x]", "02"), ("[3.x]", "06")):
        repo.commit(f"{tag} Security fixes", author=ALICE, date=f"2026-{month}-20T10:00:00+00:00",
                    files={"src/Auth.php": f"guard {tag}\n" * 30})
    for tag, month in (("[v1.2]", "03"), ("[v1.3]", "07")):
        repo.commit(f"{tag} Release notes for the sync engine", author=ALICE,
                    date=f"2026-{month}-21T10:00:00+00:00", files={"NOTES.md": f"{tag}\n" * 20})

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    [item] = [i for i in data["items"] if title in i["title"]]
    assert sha_of(item["id"]) == first and [sha_of(i) for i in item["also"]] == [port]
    assert len(by_title(data)["[4.x] Bump version"]) == 2
    assert all(i["also"] == [] for i in data["items"] if title not in i["title"])
    assert len([i for i in data["items"] if i["title"].endswith("Security fixes")]) == 2


@pytest.mark.parametrize("says", [
    "This fixes two minor issues introduced in {sha}.",
    "This was introduced in {sha}, missing this assignment.",  # valkey
    "Fix a regression from {sha} on Wayland.",
    "Fixes: {sha}",
])
def test_a_fix_of_what_ones_own_change_introduced_days_before_is_part_of_it(
    repo: GitRepo, run_cli: Cli, says: str
) -> None:
    # alacritty: "Fix signal cleanup polling" fixed "two minor issues introduced in 96f488d",
    # the person's own change nine days earlier: a second highlight and a second "bug in
    # shipped work" beside the change it finished
    first = repo.commit("Fix signal handling", author=ALICE, date="2026-03-02T10:00:00+00:00",
                        files={"src/signal.rs": "handle\n" * 60})
    fixup = repo.commit(f"Fix signal cleanup polling\n\n{says.format(sha=first[:9])}",
                        author=ALICE, date="2026-03-11T10:00:00+00:00",
                        files={"src/signal.rs": "handle\n" * 64})
    # ... but not a fix of someone else's change, nor of one's own from months before
    repo.commit("Fix the ticker", author=MO, date="2026-03-03T10:00:00+00:00",
                files={"src/tick.rs": "tick\n"})
    bobs = repo.git("rev-parse", "HEAD").strip()
    repo.commit(f"Fix tick drift\n\nA regression from {bobs[:9]}.", author=ALICE,
                date="2026-03-04T10:00:00+00:00", files={"src/tick.rs": "tick\ntock\n"})
    repo.commit(f"Fix signal races\n\nIntroduced in {first[:9]}.", author=ALICE,
                date="2026-06-01T10:00:00+00:00", files={"src/signal.rs": "race\n"})

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    titles = by_title(data)
    [item] = titles["Fix signal handling"]
    assert [sha_of(i) for i in item["also"]] == [fixup]
    assert "Fix signal cleanup polling" not in titles
    assert titles["Fix tick drift"][0]["also"] == []
    assert titles["Fix signal races"][0]["also"] == []
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "alice@example.com", *YEAR)
    link = f"[{fixup[:7]}](https://github.com/acme/widgets/commit/{fixup})"
    lines = [line for line in result.stdout.splitlines() if "Fix signal handling" in line]
    assert any(line.endswith(f"· fixes a bug · its follow-up fix: {link}") for line in lines)
    assert not any("also in" in line for line in lines)


def test_the_change_stands_for_its_fix_whichever_landed_as_a_pull_request(
    repo: GitRepo, run_cli: Cli
) -> None:
    # A change pushed as a commit, its regression fixed days later in a pull request: the
    # pull request stood and read "also in" the change it fixed
    change = repo.commit("feat: let cli variables override taskfile variables", author=ALICE,
                         date="2026-03-02T10:00:00+00:00", files={"src/vars.py": "a\n" * 40})
    repo.squash_pr(20, "fix: cli variables should take priority over taskfile defaults",
                   body=f"Fixes regression introduced in {change[:9]}.",
                   files={"src/vars.py": "b\n" * 40}, date="2026-03-05T10:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    [item] = data["items"]
    assert sha_of(item["id"]) == change
    assert item["also"] == ["pr:acme/widgets#20"]


def test_a_pull_request_that_fixes_what_ones_own_introduced_is_part_of_it(
    repo: GitRepo, run_cli: Cli
) -> None:
    # valkey: "Fix minor memory leaks in dictTest", "Introduced in #12952, reported by
    # valgrind", twelve days after the person's #12952
    repo.squash_pr(12, "Add the export queue", files={"src/queue.py": "q\n" * 80},
                   date="2026-03-02T10:00:00+00:00")
    repo.squash_pr(15, "Fix a leak in the export queue", body="Introduced in #12.",
                   files={"src/queue.py": "q\n" * 84}, date="2026-03-05T10:00:00+00:00")
    # pnpm: the next piece of work, or a feature naming what it builds on, stays apart
    repo.squash_pr(16, "fix(security): verify the runtime's signature",
                   body="Follow-up to #12. This closes the same gap for the runtime.",
                   files={"src/verify.py": "v\n" * 60}, date="2026-03-06T10:00:00+00:00")
    repo.squash_pr(17, "feat: report export progress",
                   body="The queue introduced in #12 runs unbounded; say how far it got.",
                   files={"src/queue.py": "q\n" * 90}, date="2026-03-07T10:00:00+00:00")
    # nodejs/undici: a fix of its own that names a setting the earlier change built
    repo.squash_pr(18, "fix: retry refused exports",
                   body="* fix: retry refused exports\n\n* allow one replay\n\nThe replay "
                        "budget introduced in #12 allowed three. Lower it to one.",
                   files={"src/queue.py": "q\n" * 95}, date="2026-03-08T10:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    also = {item["id"]: item["also"] for item in data["items"]}
    assert also == {"pr:acme/widgets#12": ["pr:acme/widgets#15"],
                    "pr:acme/widgets#16": [], "pr:acme/widgets#17": [],
                    "pr:acme/widgets#18": []}
    # go-task: named as the fix it is, not as one more landing of the change ("also in")
    result = run_cli("brag", "--offline", "--store", run_cli.store, "--repo", repo.path,
                     "--author", "alice@example.com", *YEAR)
    assert result.exit_code == 0, result.output
    link = "[\\#15](https://github.com/acme/widgets/pull/15)"
    [row] = [line for line in result.stdout.splitlines() if "Add the export queue" in line]
    assert row.endswith(f"(its fix {link}) | author | — |")
    # ... which the full list's opening says (vikunja's reader: "cryptic")
    assert '"(its fix …)" names a later change of yours that fixed what this one brought.' \
        in result.stdout
    # ... and only that: no copy here, so nothing about "(also …)" (homepage's reader
    # looked for the copies the opening promised)
    assert '"(also …)"' not in result.stdout


def test_successive_changes_under_one_subject_stay_apart(repo: GitRepo, run_cli: Cli) -> None:
    # ShareX: one workaround a form, three commits the same day, no file in common
    for form in ("ColorPicker", "PinToScreen", "RegionCapture"):
        repo.commit("fixed #7989: workaround dialog issue", author=ALICE,
                    date=f"2026-05-0{1 + len(form) % 3}T10:00:00+00:00",
                    files={f"Forms/{form}Form.cs": "workaround\n"})
    # anki: a version bumped for each release, days apart, the same file and size
    for day in ("06", "13", "20"):
        repo.commit("Bump version", author=ALICE, date=f"2026-06-{day}T10:00:00+00:00",
                    files={"VERSION": f"25.{day}\n"})
    # one changelog file, the same day, one entry against a release's worth
    repo.commit("Update CHANGELOG", author=ALICE, date="2026-07-01T09:00:00+00:00",
                files={"CHANGELOG.md": "- one\n"})
    repo.commit("Update CHANGELOG", author=ALICE, date="2026-07-01T17:00:00+00:00",
                files={"CHANGELOG.md": "- one\n" + "- more\n" * 20})

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    titles = by_title(data)
    assert len(titles["fixed #7989: workaround dialog issue"]) == 3
    assert len(titles["Bump version"]) == 3
    assert len(titles["Update CHANGELOG"]) == 2
    assert all(item["also"] == [] for item in data["items"])


def test_two_edits_of_one_file_under_one_subject_the_same_day_stay_apart(
    repo: GitRepo, run_cli: Cli
) -> None:
    # filebrowser: two "ci: update transifex settings" a minute apart, one line added to
    # the same file each (a pt_PT mapping, then lv_LV): the same size, the same file, the
    # same day, read as one change landed twice; git's patch-ids tell them apart
    repo.commit("ci: update transifex settings", author=ALICE,
                date="2026-03-14T07:55:25+00:00", files={"transifex.yml": "pt_PT\n"})
    repo.commit("ci: update transifex settings", author=ALICE,
                date="2026-03-14T07:56:59+00:00", files={"transifex.yml": "pt_PT\nlv_LV\n"})
    # ... while one change landed twice on the line stays one item (the same diff)
    repo.commit("Start the export", author=ALICE, date="2026-04-01T09:00:00+00:00",
                files={"src/export.py": ""})
    repo.commit("Add the export", author=ALICE, date="2026-04-01T10:00:00+00:00",
                files={"src/export.py": "export\n"})
    repo.commit("Take the export out for now", author=ALICE,
                date="2026-04-01T10:30:00+00:00", files={"src/export.py": ""})
    repo.commit("Add the export", author=ALICE, date="2026-04-01T11:00:00+00:00",
                files={"src/export.py": "export\n"})

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    titles = by_title(data)
    assert len(titles["ci: update transifex settings"]) == 2
    assert all(item["also"] == [] for item in titles["ci: update transifex settings"])
    [added] = titles["Add the export"]
    assert len(added["also"]) == 1


def test_someone_elses_change_under_the_same_subject_is_not_a_copy(
    repo: GitRepo, run_cli: Cli
) -> None:
    bob = ("Bob Roe", "bob@example.com")
    repo.commit(FIX, author=ALICE, date="2026-03-02T10:00:00+00:00",
                files={"src/encoding.go": "a\n"})
    repo.branch("bob-fix")
    repo.commit(FIX, author=bob, date="2026-03-02T10:05:00+00:00",
                files={"src/encoding.go": "b\n"})
    repo.merge_titled_pr(12, "bob-fix", FIX, merger=ALICE, date="2026-03-02T11:00:00+00:00")

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    assert sorted(item["roles"] for item in by_title(data)[FIX]) == [["author"], ["merger"]]
    assert all(item["also"] == [] for item in data["items"])


def test_reverted_work_and_its_revert_are_left_to_the_revert_rules(
    repo: GitRepo, run_cli: Cli
) -> None:
    # home-assistant/frontend: pushed, reverted, landed again through a pull request
    subject = "Add render icon property to the select menu"
    first = repo.commit(subject, author=ALICE, date="2026-02-27T11:20:00+00:00",
                        files={"menu.ts": "icon\n"})
    repo.commit(f'Revert "{subject}"\n\nThis reverts commit {first}.', author=ALICE,
                date="2026-02-27T11:21:00+00:00", files={"menu.ts": ""})
    repo.commit(subject, author=ALICE, date="2026-02-27T15:00:00+00:00",
                files={"menu.ts": "icon\n"})

    data = run_cli.brag_json("--repo", repo.path, "--author", "alice@example.com", *YEAR)

    assert len(by_title(data)[subject]) == 2
    assert all(item["also"] == [] for item in data["items"])


@pytest.mark.parametrize(("title", "key"), [
    ("[v2.11] Fix deny encoded characters", "fix deny encoded characters"),
    ("[11.x]  Fix   Deny encoded characters (#123)", "fix deny encoded characters"),
    ("Backport: Fix deny encoded characters", "fix deny encoded characters"),
    ("[release-1.4] Fix deny encoded characters", "fix deny encoded characters"),
    ("[docs] Fix deny encoded characters", "[docs] fix deny encoded characters"),
    ("[Fix #14082] Mark as unsafe", "[fix #14082] mark as unsafe"),
])
def test_a_release_branch_tag_is_not_part_of_the_subject(title: str, key: str) -> None:
    assert subject_key(title) == key
