"""``evidencer brag``: collect, classify, store and render, in one go."""

from __future__ import annotations

from typing import Any

import click

from evidencer.cli.common import (
    collection_options,
    echo_documents,
    handle_errors,
    journal_for,
    plan_from,
    progress_for,
    report_options,
)
from evidencer.flow import documents, run


@click.command()
@collection_options
@report_options
@click.pass_context
@handle_errors
def brag(ctx: click.Context, /, **values: Any) -> None:
    """Collect evidence, classify it and render the brag document."""
    plan = plan_from(ctx, values, collect=True)
    documents.check_targets(plan)
    journal = journal_for(ctx)
    with progress_for(ctx) as bar:
        outcome = run.run(plan, journal, collect=True, progress=bar, remember=not plan.team)
    made = documents.documents(outcome.plan, outcome.reports)
    echo_documents(documents.write(outcome.plan, made, journal))
