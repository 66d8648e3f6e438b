"""``evidencer action-report``: the brag document for a workflow: file, summary, issue."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from evidencer.cli.common import (
    collection_options,
    handle_errors,
    journal_for,
    report_options,
    settings_from,
    state_of,
)


@click.command("action-report")
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
    state = state_of(ctx)
    if values.pop("output", None):
        raise click.UsageError("action-report writes into --output-dir; -o/--output is for brag")
    settings = settings_from(ctx, values)
    from evidencer.action import report as action_report

    options = action_report.ReportActionOptions(
        output_dir=output_dir, imports=import_paths, issue_title=issue_title,
        step_summary=step_summary,
    )
    env = dict(os.environ)
    result = action_report.run_report_action(
        settings, options, env=env, today=dt.date.today(), journal=journal_for(ctx)
    )
    if not state.quiet:
        click.echo(f"evidencer: wrote {result.report_path}", err=True)
        if result.summary_truncated:
            click.echo("evidencer: the job summary holds the start of the document only", err=True)
        if result.issue_url:
            click.echo(f"evidencer: issue {result.issue_action}: {result.issue_url}", err=True)
    action_report.set_outputs(result, env)


