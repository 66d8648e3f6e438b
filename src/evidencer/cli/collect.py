"""``evidencer collect``: the first half of ``brag``, into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from evidencer.atomic import check_folder
from evidencer.cli.common import (
    collection_options,
    handle_errors,
    journal_for,
    plan_from,
    progress_for,
    state_of,
)
from evidencer.flow import run
from evidencer.store.sqlite import EvidenceStore


@click.command()
@collection_options
@click.option("--export", "export_path", type=click.Path(path_type=Path),
              help="Also write the store's evidence as JSON Lines to this file.")
@click.pass_context
@handle_errors
def collect(ctx: click.Context, /, export_path: Path | None, **values: Any) -> None:
    """Collect evidence into the store, without rendering.

    --export writes this run's repositories only, not all the store holds.
    """
    plan = plan_from(ctx, values, collect=True)
    if export_path:
        check_folder(export_path)  # before collecting, not after
    journal = journal_for(ctx)
    with EvidenceStore(plan.store_path) as store:
        with progress_for(ctx) as bar:
            collected = run.collect_into(plan, store, journal, progress=bar)
            plan, count = collected.plan, collected.stored
        run.remember_run(plan, store, journal)
        if not state_of(ctx).quiet:
            click.echo(f"evidencer: stored {count} item{'' if count == 1 else 's'} in {store.path}",
                       err=True)
        if export_path:  # this run's repositories, not all the store holds
            store.export_items(export_path, repo_filter=plan.scope.holds if plan.scope else None)
