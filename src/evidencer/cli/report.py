"""``evidencer report``: the second half of ``brag``, from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from evidencer.cli.common import (
    collection_options,
    echo_documents,
    handle_errors,
    journal_for,
    plan_from,
    report_options,
)
from evidencer.flow import documents, run


@click.command()
@collection_options
@report_options
@click.option("--import", "import_paths", multiple=True, type=click.Path(path_type=Path),
              help="Merge evidence exported by `collect --export` first (repeatable).")
@click.pass_context
@handle_errors
def report(ctx: click.Context, /, import_paths: tuple[Path, ...], **values: Any) -> None:
    """Render the document from the store, without collecting.

    Alone it shows everything stored for the person and period, and says so;
    --repo, --github or --github-org narrow it to those repositories.
    """
    narrowed = any(values.get(name) for name in ("repos", "github", "github_org"))
    plan = plan_from(ctx, values, collect=False, narrowed=narrowed)
    documents.check_targets(plan)
    journal = journal_for(ctx)
    outcome = run.run(plan, journal, collect=False, imports=import_paths)
    made = documents.documents(outcome.plan, outcome.reports)
    echo_documents(documents.write(outcome.plan, made, journal))
