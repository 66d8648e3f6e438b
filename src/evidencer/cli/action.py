"""Commands for GitHub Actions and setup: ``pr-comment``, ``action-report`` and ``init``.

Registered on the ``cli`` group of cli.py; like it, they parse, call the core and print.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import click

from evidencer.action.env import in_actions, workflow_command
from evidencer.action.scaffold import ACTION_HELP, check_action, init_repository
from evidencer.cli.main import (
    State,
    cli,
    collection_options,
    handle_errors,
    make_run,
    report_options,
    seconds,
)
from evidencer.errors import EvidencerError


def _notify(env: dict[str, str], state: State, notices: tuple[str, ...]) -> None:
    """Notices as Actions annotations in a workflow, else as lines on stderr."""
    for notice in notices:
        if in_actions(env):
            click.echo(workflow_command("notice", notice, title="evidencer"))
        elif not state.quiet:
            click.echo(f"evidencer: notice: {notice}", err=True)


@cli.command("pr-comment")
@click.option("--github", "repo", metavar="OWNER/REPO",
              help="Repository of the pull request (default: $GITHUB_REPOSITORY).")
@click.option("--pr", "number", type=int, metavar="N",
              help="Pull request number (default: the Actions event in $GITHUB_EVENT_PATH).")
@click.option("--dry-run", is_flag=True,
              help="Print the comment and the label changes; write nothing to GitHub.")
@click.option("--labels/--no-labels", default=None,
              help="Add and remove competency labels (default: config, else on).")
@click.option("--label-prefix", metavar="TEXT",
              help="Label name prefix (default: config, else 'competency: ').")
@click.option("--only-when-matched/--always-comment", default=None,
              help="Comment only when a competency is shown (default: config, else always).")
@click.option("--template", metavar="NAME|PATH",
              help="Comment template: pr-comment (default) or a .j2 file.")
@click.option("--rubric", type=click.Path(path_type=Path),
              help="Rubric YAML replacing the default one.")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: .github/evidencer.yml here).")
@click.option("--github-url", metavar="URL",
              help="GitHub API root (default: $GITHUB_API_URL or https://api.github.com).")
@click.option("--max-wait", type=float, callback=seconds, metavar="SECONDS",
              help="Longest wait for a GitHub rate limit before giving up (default 300).")
@click.option("--github-timeout", type=float, callback=seconds, metavar="SECONDS",
              help="Longest wait for one GitHub answer (default 30).")
@click.pass_context
@handle_errors
def pr_comment(
    ctx: click.Context, /, repo: str | None, number: int | None, dry_run: bool,
    labels: bool | None, label_prefix: str | None, only_when_matched: bool | None,
    template: str | None, **values: Any,
) -> None:
    """Say which competencies a pull request shows, in one sticky comment and labels.

    \b
    In a workflow on pull_request or pull_request_target it reads the event;
    by hand: evidencer pr-comment --github OWNER/REPO --pr 12 --dry-run
    A read-only token on a fork's pull request is no failure: the result goes to
    the job summary with a notice. The pull request's code is never checked out.
    """
    state: State = ctx.find_object(State)  # type: ignore[assignment]
    run = make_run(ctx, values)
    given: dict[str, Any] = {"labels": labels, "label_prefix": label_prefix,
                             "only_when_matched": only_when_matched, "template": template}
    settings = dataclasses.replace(
        run.settings.pr_comment, **{k: v for k, v in given.items() if v is not None}
    )
    from evidencer.action import comment as action  # PyGithub loads only when a command needs it

    options = action.PrCommentOptions(
        repo=repo, number=number, dry_run=dry_run, settings=settings,
        rubric=run.settings.rubric, classifier=run.settings.classifier,
        api_url=run.settings.github_url,
        max_wait=run.settings.max_wait, timeout=run.settings.github_timeout,
    )
    env = dict(os.environ)
    result = action.run_pr_comment(options, env=env)
    for warning in result.warnings:
        state.warn(warning)
    where = f"{result.target.repo}#{result.target.number}"
    if dry_run:
        click.echo(result.body or f"(no comment: nothing shown by {where})\n", nl=False)
        for name in result.labels.add:
            click.echo(f"evidencer: dry run: would add label {name!r}", err=True)
        for name in result.labels.remove:
            click.echo(f"evidencer: dry run: would remove label {name!r}", err=True)
    elif not state.quiet:
        url = f": {result.comment_url}" if result.comment_url else ""
        click.echo(f"evidencer: {where}: comment {result.comment_action}{url}", err=True)
        if result.comment_action != "refused":
            for name in result.labels.add:
                click.echo(f"evidencer: {where}: label added: {name}", err=True)
            for name in result.labels.remove:
                click.echo(f"evidencer: {where}: label removed: {name}", err=True)
    _notify(env, state, result.notices)
    action.set_outputs(result, env)


@cli.command("action-report")
@collection_options
@report_options
@click.option("--import", "import_paths", multiple=True, type=click.Path(path_type=Path),
              help="Render from evidence exported by `collect --export` (repeatable); "
              "nothing is collected then.")
@click.option("--output-dir", type=click.Path(path_type=Path), default=Path("evidencer-report"),
              show_default=True, help="Folder for the document (brag.md), for upload-artifact.")
@click.option("--issue-title", metavar="TITLE",
              help="Also keep one issue with this title up to date with the document.")
@click.option("--step-summary/--no-step-summary", default=True, show_default=True,
              help="Append the document to $GITHUB_STEP_SUMMARY (cut to its 1 MiB limit).")
@click.pass_context
@handle_errors
def action_report_command(
    ctx: click.Context, /, import_paths: tuple[Path, ...], output_dir: Path,
    issue_title: str | None, step_summary: bool, **values: Any,
) -> None:
    """Render the brag document for a workflow: file, job summary, outputs, one issue.

    \b
    Collects like `brag` (this repository by default), or merges exported evidence:
      evidencer collect --github acme/api --export api.jsonl     (one job per repository)
      evidencer action-report --import api.jsonl --import web.jsonl --issue-title "Brag"
    """
    state: State = ctx.find_object(State)  # type: ignore[assignment]
    if values.pop("output", None):
        raise click.UsageError("action-report writes into --output-dir; -o/--output is for brag")
    run = make_run(ctx, values)
    from evidencer.action import report as action_report

    options = action_report.ReportActionOptions(
        output_dir=output_dir, imports=import_paths, issue_title=issue_title,
        step_summary=step_summary,
    )
    result = action_report.run_report_action(run, options)
    if not state.quiet:
        click.echo(f"evidencer: wrote {result.report_path}", err=True)
        if result.summary_truncated:
            click.echo("evidencer: the job summary holds the start of the document only", err=True)
        if result.issue_url:
            click.echo(f"evidencer: issue {result.issue_action}: {result.issue_url}", err=True)
    action_report.set_outputs(result, run.env)


@cli.command("init")
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."))
@click.option("--force", is_flag=True, help="Overwrite files that are already there.")
@click.option("--action", "action_ref", metavar="OWNER/REPO@SHA",
              help="What the workflow's `uses:` names (required): " + ACTION_HELP + ".")
@click.pass_context
@handle_errors
def init(ctx: click.Context, directory: Path, force: bool, action_ref: str | None) -> None:
    """Write a commented .github/evidencer.yml and .github/workflows/evidencer.yml.

    Run it at the root of the repository. Existing files are kept unless --force.
    The workflow runs as written: its actions are pinned by commit SHA, evidencer's too.
    """
    if action_ref is None:
        raise click.UsageError(f"--action is required: {ACTION_HELP}")
    try:
        check_action(action_ref)
    except EvidencerError as exc:
        raise click.UsageError(str(exc)) from None
    state: State = ctx.find_object(State)  # type: ignore[assignment]
    for written in init_repository(directory, force=force, action=action_ref):
        verb = "replaced" if written.replaced else "wrote"
        if not state.quiet:
            click.echo(f"evidencer: {verb} {written.path}", err=True)
