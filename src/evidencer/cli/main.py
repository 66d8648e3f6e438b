"""The ``evidencer`` command: the group and its options, and one module per command.

Core errors (``EvidencerError``) become one line on stderr and exit code 1; usage
errors exit 2 (see ``cli.common``).
"""

from __future__ import annotations

import gc

import click

from evidencer.cli.action_report import action_report_command
from evidencer.cli.brag import brag
from evidencer.cli.classify import classify_command
from evidencer.cli.collect import collect
from evidencer.cli.common import State, stop_cleanly_on_signals
from evidencer.cli.explain import explain
from evidencer.cli.init import init
from evidencer.cli.pr_comment import pr_comment
from evidencer.cli.report import report
from evidencer.scrub import scrub_log_records

click.ClickException.show = lambda self, file=None: click.echo(  # type: ignore[method-assign]
    # one line, whatever a value in it held (`explain $'a\nb'`)
    f"evidencer: error: {' '.join(self.format_message().splitlines())}", err=True
)
# A usage error is one line too, exit 2: the option and what it takes, not the whole usage.
click.UsageError.show = click.ClickException.show  # type: ignore[method-assign]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
# click reads the installed package's version only when --version is asked for.
@click.version_option(None, "--version", package_name="evidencer", prog_name="evidencer")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-v", "--verbose", count=True, help="Say more about what is happening.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the document and errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: int, quiet: bool) -> None:
    """Find the work that shows Customer Empathy, Customer Value and Product Stability,
    and write it up as a brag document.

    \b
    Quick start, in a git checkout:
      evidencer brag --since 6m -o brag.md
    """
    scrub_log_records()
    ctx.obj = State(debug=debug, verbose=verbose, quiet=quiet)


for command in (brag, collect, report, classify_command, explain, pr_comment,
                action_report_command, init):
    cli.add_command(command)


def main() -> None:
    stop_cleanly_on_signals()
    # A run allocates a few objects for each of tens of thousands of commits and keeps
    # most of them; at Python's default threshold (700) the cycle collector would sweep
    # them over and over, about a tenth of the Python time on a long history.
    gc.set_threshold(10_000, 10, 10)
    cli(prog_name="evidencer")
