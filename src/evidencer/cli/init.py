"""``evidencer init``: the config file and the workflow, written once."""

from __future__ import annotations

from pathlib import Path

import click

from evidencer.action.scaffold import ACTION_HELP, check_action, init_repository
from evidencer.cli.common import handle_errors, state_of
from evidencer.errors import EvidencerError


@click.command("init")
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
    state = state_of(ctx)
    for written in init_repository(directory, force=force, action=action_ref):
        verb = "replaced" if written.replaced else "wrote"
        if not state.quiet:
            click.echo(f"evidencer: {verb} {written.path}", err=True)
