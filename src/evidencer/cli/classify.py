"""``evidencer classify``: JSON Lines in, the same lines with their competencies out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidencer.classify.rubric import load_rubric
from evidencer.cli.common import check_rubric_option, echo_documents, handle_errors


@click.command("classify")
@click.option("--rubric", type=click.Path(path_type=Path), help="Rubric YAML to use instead.")
@click.option("--classifier", type=click.Choice(("model", "rules")), default="model",
              show_default=True, help="'rules': the rubric alone, without the shipped model.")
@click.pass_context
@handle_errors
def classify_command(ctx: click.Context, rubric: Path | None, classifier: str) -> None:
    """Read JSON Lines on stdin, write them back with `competencies` added.

    Each input object may have title, body, labels, paths, kind, author_association,
    roles and overrides.
    """
    from evidencer.classify.jsonl import classify_lines

    check_rubric_option(rubric)
    loaded = load_rubric(rubric, classifier=classifier)
    for line in classify_lines(sys.stdin, loaded):
        echo_documents(line + "\n")
