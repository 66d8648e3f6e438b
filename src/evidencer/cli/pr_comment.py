"""``evidencer pr-comment``: one pull request's competencies, as a sticky comment and labels."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import click

from evidencer.action.env import in_actions, workflow_command
from evidencer.cli.common import State, handle_errors, seconds, settings_from, state_of
from evidencer.flow.plan import github_plan


def _notify(env: dict[str, str], state: State, notices: tuple[str, ...]) -> None:
    """Notices as Actions annotations in a workflow, else as lines on stderr."""
    for notice in notices:
        if in_actions(env):
            click.echo(workflow_command("notice", notice, title="evidencer"))
        elif not state.quiet:
            click.echo(f"evidencer: notice: {notice}", err=True)


@click.command("pr-comment")
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
    state = state_of(ctx)
    run_settings = settings_from(ctx, values)
    given: dict[str, Any] = {"labels": labels, "label_prefix": label_prefix,
                             "only_when_matched": only_when_matched, "template": template}
    settings = dataclasses.replace(
        run_settings.pr_comment, **{k: v for k, v in given.items() if v is not None}
    )
    from evidencer.action import comment as action  # PyGithub loads only when a command needs it

    env = dict(os.environ)
    options = action.PrCommentOptions(
        repo=repo, number=number, dry_run=dry_run, settings=settings,
        rubric=run_settings.rubric, classifier=run_settings.classifier,
        github=github_plan(run_settings, env),
    )
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


