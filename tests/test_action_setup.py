"""`evidencer init`, the action's inputs, and the workflows: written, mapped and validated.

The schema checks and zizmor run here as in CI, on action.yml and every workflow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evidencer.action.scaffold import workflow_text
from evidencer.cli.action_entry import action_argv
from evidencer.cli.main import cli
from evidencer.config import _TOP_KEYS as CONFIG_KEYS  # every key the loader accepts
from evidencer.config import load_config
from evidencer.errors import EvidencerError
from tests.support.actionrun import read_outputs
from tests.support.gitrepo import GitRepo

PROJECT = Path(__file__).resolve().parents[1]
SHA = "0123456789abcdef0123456789abcdef01234567"


def init(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", *args], prog_name="evidencer")
    return result.exit_code, result.stderr


def test_init_writes_a_config_that_loads_and_documents_every_key(tmp_path: Path) -> None:
    code, err = init(str(tmp_path), "--action", f"acme/evidencer@{SHA}")
    assert code == 0, err
    config = tmp_path / ".github" / "evidencer.yml"
    values = load_config(config)
    assert values["since"] == "6m"
    assert values["pr_comment"].label_prefix == "competency: "
    text = config.read_text(encoding="utf-8")
    for key in (*CONFIG_KEYS, "ids:", "paths:", "titles:", "labels:", "label_prefix:",
                "only_when_matched:"):
        assert f"{key.rstrip(':')}:" in text, key
    workflow = (tmp_path / ".github" / "workflows" / "evidencer.yml").read_text(encoding="utf-8")
    assert f"uses: acme/evidencer@{SHA}" in workflow
    assert "warning" not in err


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    pinned = f"acme/evidencer@{SHA}"
    assert init(str(tmp_path), "--action", pinned)[0] == 0
    workflow = tmp_path / ".github" / "workflows" / "evidencer.yml"
    workflow.write_text("# mine\n", encoding="utf-8")
    code, err = init(str(tmp_path), "--action", pinned)
    assert code == 1
    assert err == (
        f"evidencer: error: {tmp_path / '.github' / 'evidencer.yml'}, {workflow}: already "
        "there; pass --force to overwrite\n"
    )
    assert workflow.read_text(encoding="utf-8") == "# mine\n"
    code, err = init(str(tmp_path), "--force", "--action", pinned)
    assert code == 0, err
    assert f"replaced {workflow}" in err
    assert workflow.read_text(encoding="utf-8") == workflow_text(pinned)


ACTION_HELP = (
    "OWNER/REPO@SHA: the evidencer action pinned to a release's full commit SHA "
    "(`git ls-remote https://github.com/OWNER/REPO refs/tags/TAG` prints it), "
    "or ./ in a repository that holds action.yml"
)


def test_init_without_action_asks_for_the_pinned_commit_and_writes_nothing(
    tmp_path: Path,
) -> None:
    code, err = init(str(tmp_path))

    assert (code, err) == (2, f"evidencer: error: --action is required: {ACTION_HELP}\n")
    assert not (tmp_path / ".github").exists()


@pytest.mark.parametrize("action", ["acme/evidencer@v1", "acme/evidencer@main", "evidencer"])
def test_init_refuses_an_action_that_is_not_pinned_by_commit_sha(
    tmp_path: Path, action: str
) -> None:
    code, err = init(str(tmp_path), "--action", action)

    assert (code, err) == (2, f"evidencer: error: --action: {action!r} is not {ACTION_HELP}\n")
    assert not (tmp_path / ".github").exists()


def test_the_written_workflow_uses_only_actions_pinned_by_commit_sha(tmp_path: Path) -> None:
    assert init(str(tmp_path), "--action", f"acme/evidencer@{SHA}")[0] == 0
    workflow = (tmp_path / ".github" / "workflows" / "evidencer.yml").read_text(encoding="utf-8")

    uses = [line.split("uses:", 1)[1].split("#")[0].strip()
            for line in workflow.splitlines() if "uses:" in line and not line.lstrip().startswith("#")]
    assert uses
    assert all(len(ref.rsplit("@", 1)[1]) == 40 for ref in uses), uses
    assert "__EVIDENCER_ACTION__" not in workflow


def test_this_projects_workflow_is_the_one_init_writes_using_the_local_action() -> None:
    ours = (PROJECT / ".github" / "workflows" / "evidencer.yml").read_text(encoding="utf-8")
    assert ours == workflow_text("./")


def test_every_action_input_reaches_the_cli_through_the_environment() -> None:
    action = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
    run_step = next(s for s in action["runs"]["steps"] if s.get("id") == "run")
    for name in action["inputs"]:
        if name in ("token", "python-version"):
            continue
        variable = "INPUT_" + name.upper().replace("-", "_")
        assert run_step["env"][variable] == f"${{{{ inputs.{name} }}}}"
    assert "${{" not in run_step["run"]  # inputs never spliced into the script


def test_report_inputs_become_action_report_options(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    for name in ("b.jsonl", "a.jsonl"):
        (tmp_path / "evidence" / name).write_text("", encoding="utf-8")
    env = {
        "INPUT_MODE": "report", "INPUT_AUTHORS": "alice@example.com, bob\ncarol",
        "INPUT_SINCE": "30d", "INPUT_REPOS": "acme/widgets", "INPUT_OUTPUT_DIR": "report",
        "INPUT_ISSUE_TITLE": "Brag document", "INPUT_IMPORT": "evidence/*.jsonl",
        "INPUT_LABELS": "true",
    }
    assert action_argv(env, cwd=tmp_path) == [
        "action-report", "--author", "alice@example.com", "--author", "bob", "--author", "carol",
        "--github", "acme/widgets", "--since", "30d", "--output-dir", "report",
        "--issue-title", "Brag document",
        "--import", "evidence/a.jsonl", "--import", "evidence/b.jsonl",
    ]


def test_pr_comment_inputs_left_empty_leave_the_config_in_charge(tmp_path: Path) -> None:
    assert action_argv({"INPUT_MODE": "pr-comment", "INPUT_LABELS": ""}, cwd=tmp_path) == [
        "pr-comment",
    ]
    env = {"INPUT_LABELS": "false", "INPUT_LABEL_PREFIX": "shows: ", "INPUT_CONFIG": "c.yml"}
    assert action_argv(env, cwd=tmp_path) == [
        "pr-comment", "--config", "c.yml", "--no-labels", "--label-prefix", "shows: ",
    ]


def test_collect_mode_exports_one_file_per_repository(tmp_path: Path) -> None:
    env = {"INPUT_MODE": "collect", "INPUT_REPOS": "acme/widgets", "INPUT_OUTPUT_DIR": "ev"}
    assert action_argv(env, cwd=tmp_path) == [
        "collect", "--github", "acme/widgets", "--export", "ev/acme-widgets.jsonl",
    ]


def test_the_entry_point_runs_report_mode_from_inputs_alone(repo: GitRepo) -> None:
    repo.commit("fix: retry uploads when S3 times out", date="2026-03-02T10:00:00+00:00")
    root = repo.path.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.update({
        "INPUT_MODE": "report", "INPUT_AUTHORS": "alice@example.com", "INPUT_SINCE": "2026-01-01",
        "INPUT_UNTIL": "2026-06-30", "INPUT_OUTPUT_DIR": str(root / "out"),
        "GITHUB_OUTPUT": str(root / "github_output"),
        "GITHUB_STEP_SUMMARY": str(root / "summary.md"),
        "XDG_DATA_HOME": str(root / "data"),  # the store's default folder
    })
    done = subprocess.run([sys.executable, "-m", "evidencer.cli.action_entry"], cwd=repo.path,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    outputs = read_outputs(root / "github_output")
    assert outputs["report-path"] == str(root / "out" / "brag.md")
    assert outputs["competencies"] == "product-stability"
    assert "retry uploads" in (root / "summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("env", "message"), [
    ({"INPUT_MODE": "deploy"}, "input mode: 'deploy' is not one of pr-comment, report, collect"),
    ({"INPUT_LABELS": "yes"}, "input labels: 'yes' is neither true nor false"),
    ({"INPUT_MODE": "report", "INPUT_IMPORT": "none/*.jsonl"},
     "input import: no file matches 'none/*.jsonl'"),
])
def test_bad_inputs_are_named_in_the_error(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(EvidencerError) as caught:
        action_argv(env, cwd=tmp_path)
    assert str(caught.value) == message


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def _check(*command: str, cwd: Path = PROJECT) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_and_action_match_githubs_schemas() -> None:
    tool = _tool("check-jsonschema")
    workflows = sorted(str(p) for p in (PROJECT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    _check(tool, "--builtin-schema", "vendor.github-workflows", *workflows)
    _check(tool, "--builtin-schema", "vendor.github-actions", str(PROJECT / "action.yml"))


def test_zizmor_finds_nothing_in_the_workflows_and_the_action() -> None:
    _check(_tool("zizmor"), "--offline", "--min-severity", "low", ".github/workflows",
           "action.yml")


def test_workflow_init_writes_passes_the_same_checks(tmp_path: Path) -> None:
    schema, audit = _tool("check-jsonschema"), _tool("zizmor")
    assert init(str(tmp_path), "--action", f"acme/evidencer@{SHA}")[0] == 0
    workflow = str(tmp_path / ".github" / "workflows" / "evidencer.yml")
    _check(schema, "--builtin-schema", "vendor.github-workflows", workflow)
    _check(audit, "--offline", "--min-severity", "low", workflow)
