"""Command-line interface: parse options, call the core, print. No logic lives here.

Core errors (``EvidencerError``) become one line on stderr and exit code 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import math
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from evidencer.classify.rubric import load_rubric
from evidencer.cli.progress import ProgressBar, showing_progress
from evidencer.config import FORMATS, find_config, is_team_run, load_config, merge_settings
from evidencer.errors import EvidencerError
from evidencer.flow import run as pipeline
from evidencer.model import Evidence
from evidencer.scrub import scrub, scrub_log_records, traceback_text

if TYPE_CHECKING:
    from evidencer.flow import team as documents

# Modules a brag run does not need before git starts (the team documents, explain) are
# imported in the commands that use them.

F = TypeVar("F", bound=Callable[..., Any])


class State:
    def __init__(self, *, debug: bool, verbose: int, quiet: bool) -> None:
        self.debug = debug
        self.verbose = verbose
        self.quiet = quiet

    def warn(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"evidencer: warning: {message}", err=True)

    def info(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(f"evidencer: {message}", err=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where SIGINT raises KeyboardInterrupt: both stop a run the same
    clean way (store transactions rolled back, no half-written file), exit 143."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def stop_cleanly_on_sigterm() -> None:
    """Python's default for SIGTERM kills at once, skipping every ``finally``."""
    signal.signal(signal.SIGTERM, _terminate)


def seconds(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A number of seconds, 0 or more: ``nan`` or ``inf`` would make every wait endless."""
    if value is not None and (not math.isfinite(value) or value < 0):
        raise click.BadParameter(f"{value!r} is not a number of seconds, 0 or more")
    return value


def handle_errors(func: F) -> F:
    """One place turns failures into a one-line message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        debug = bool(state and state.debug)
        try:
            return func(*args, **kwargs)
        except EvidencerError as exc:
            if debug:
                show_traceback(exc)
            raise click.ClickException(scrub(str(exc))) from None
        except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM as Terminated
            stopped = "terminated" if isinstance(exc, Terminated) else "interrupted"
            click.echo(f"evidencer: {stopped}", err=True)
            sys.exit(143 if isinstance(exc, Terminated) else 130)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if debug:
                show_traceback(exc)
            raise click.ClickException(scrub(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"
            )) from None

    return wrapper  # type: ignore[return-value]


def show_traceback(exc: BaseException) -> NoReturn:
    """``--debug``: the traceback as Python prints it, with any token masked, exit 1."""
    click.echo(traceback_text(exc).rstrip("\n"), err=True)
    sys.exit(1)


click.ClickException.show = lambda self, file=None: click.echo(  # type: ignore[method-assign]
    f"evidencer: error: {self.format_message()}", err=True
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


def collection_options(func: F) -> F:
    """Options shared by every command that reads sources or the store."""
    options = [
        click.option("--repo", "repos", multiple=True, type=click.Path(path_type=Path),
                     help="Local git repository to read (repeatable; default: .)."),
        click.option("--github", "github", multiple=True, metavar="OWNER/REPO",
                     help="GitHub repository to read (repeatable; default: each --repo's origin)."),
        click.option("--github-org", "github_org", multiple=True, metavar="ORG",
                     help="Read every repository of ORG the person touched."),
        click.option("--github-url", metavar="URL",
                     help="GitHub API root (default: $GITHUB_API_URL or https://api.github.com)."),
        click.option("--author", "authors", multiple=True, metavar="ID",
                     help="Email, name or GitHub login (repeatable; default: git config "
                     "user.email). Commas join one person's ids: 'alice@example.com,alice-gh'; "
                     "with --per-person each value is one person."),
        click.option("--since", metavar="WHEN",
                     help="Start: YYYY-MM-DD or a span back from today: 90d, 12w, 6m, "
                     "1y (default 6m)."),
        click.option("--until", metavar="WHEN", help="End: YYYY-MM-DD or a span (default today)."),
        click.option("--offline", is_flag=True, default=None, help="Read local sources only."),
        click.option("--postmortems", multiple=True, metavar="GLOB",
                     help="Where postmortems are (repeatable; replaces the default places)."),
        click.option("--store", type=click.Path(path_type=Path),
                     help="Evidence store (SQLite; default: in your user data folder)."),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
                     help="Config file (default: .github/evidencer.yml of the repository)."),
        click.option("--max-wait", type=float, callback=seconds, metavar="SECONDS",
                     help="Longest wait for a GitHub rate limit or retries before giving up "
                     "(default 300)."),
        click.option("--github-timeout", type=float, callback=seconds, metavar="SECONDS",
                     help="Longest wait for one GitHub answer (default 30)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def report_options(func: F) -> F:
    options = [
        click.option("--rubric", type=click.Path(path_type=Path),
                     help="Rubric YAML replacing the default one."),
        click.option("--template", metavar="NAME|PATH",
                     help="Built-in template name (brag, team) or a .j2 file."),
        click.option("--format", "format_", type=click.Choice(FORMATS),
                     help="Output format (default markdown)."),
        click.option("-o", "--output", metavar="PATH",
                     help="Write to PATH atomically ('-' or absent: stdout)."),
        click.option("--per-person", is_flag=True, default=None,
                     help="One document per --author value (commas join one person's ids: "
                     "--author 'alice@example.com,alice-gh') plus a team view, a people x "
                     "competencies matrix. With -o DIR/: DIR/team.md and DIR/<person>.md; "
                     "with -o NAME.md: NAME.md (team view) and NAME-<person>.md beside it; "
                     "<person> is a slug of the name in that person's document title "
                     "(first name or login, else email). Without -o: "
                     "all to stdout, team view first, separated by a --- rule."),
        click.option("--redact", is_flag=True, default=None,
                     help="Replace private repository names with repo-1, repo-2... and drop "
                     "their links, for sharing outside the company. Every repository is "
                     "private unless the config's public_repos lists it."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_run(ctx: click.Context, values: dict[str, Any]) -> pipeline.Run:
    state: State = ctx.find_object(State)  # type: ignore[assignment]
    given = dict(values)
    repos = tuple(values.pop("repos", ()) or ())
    config_path = values.pop("config_path", None)
    if config_path is None:
        config_path = find_config(repos[0] if repos else Path("."))
    elif not Path(config_path).exists():  # a FIFO or device: load_config says what it is
        raise EvidencerError(f"--config: no such file: {config_path}")
    file_values = load_config(Path(config_path)) if config_path else {}
    if "format_" in values:
        values["format"] = values.pop("format_")
    values["repos"] = repos
    settings = merge_settings(file_values, values)
    if config_path:
        state.info(f"config from {config_path}")
    run = pipeline.Run(
        settings=settings, env=dict(os.environ), today=dt.date.today(), warn=state.warn
    )
    check_options(run, given)
    return run


def check_options(run: pipeline.Run, given: dict[str, Any]) -> None:
    """Mistakes on the command line are usage errors (exit 2), found before any work;
    the same values from a config file stay handled errors naming the file."""
    try:
        if given.get("since") or given.get("until"):
            run.period  # noqa: B018  (reading it checks the dates)
        if given.get("template"):
            from evidencer.render.jinja import resolve_template

            resolve_template(given["template"])
    except EvidencerError as exc:
        raise click.UsageError(str(exc)) from None
    check_rubric_option(given.get("rubric"))


def check_rubric_option(path: Path | None) -> None:
    # exists(), not is_file(): a FIFO or device is refused by the YAML loader, which says
    # what it is.
    if path is not None and not Path(path).exists():
        raise click.UsageError(f"--rubric: no such file: {path}")


def write_documents(run: pipeline.Run, made: list[documents.Document]) -> None:
    from evidencer.flow import team as documents

    for document in made:
        if document.target is not None:
            pipeline.write_document(run, document.text, document.target)
    text = documents.standard_output(run, made)
    if text:
        click.echo(text, nl=False)


def progress_for(ctx: click.Context) -> contextlib.AbstractContextManager[ProgressBar]:
    """The progress line on stderr: only on a terminal, never with --quiet."""
    state: State = ctx.find_object(State)  # type: ignore[assignment]
    return showing_progress(sys.stderr, quiet=state.quiet)


def write_output(run: pipeline.Run, text: str) -> None:
    target = run.settings.output
    if not target or target == "-":
        click.echo(text, nl=False)
        return
    pipeline.write_document(run, text, Path(target))


@cli.command()
@collection_options
@report_options
@click.pass_context
@handle_errors
def brag(ctx: click.Context, /, **values: Any) -> None:
    """Collect evidence, classify it and render the brag document."""
    run = make_run(ctx, values)
    pipeline.check_repositories(run)
    if is_team_run(run.settings):
        from evidencer.flow import team as documents

        rubric = load_rubric(run.settings.rubric, classifier=run.settings.classifier)
        with run.store() as store:
            write_documents(run, documents.team_documents(run, store, rubric=rubric, collect=True))
        return
    person = pipeline.resolve_person(run)
    histories = pipeline.start_git(run, [person])  # git reads while the rubric loads
    rubric = load_rubric(run.settings.rubric, classifier=run.settings.classifier)
    with run.store() as store:
        classifier = pipeline.Classifier(run, person, rubric)
        with progress_for(ctx) as bar:
            pipeline.collect(
                run, store, [person], on_stored=classifier, progress=bar, histories=histories
            )
        if run.logins:  # the token's login joins the person's identity
            person = pipeline.resolve_person(run, extra_logins=run.logins)
            classifier = pipeline.Classifier(run, person, rubric)
        data = pipeline.report_input(run, store, person, rubric, classifier,
                                     name_from_history=True)
        if not data.items and pipeline.others_committed(run):  # --author is the likely miss
            run.warn(f"no work by {person.label} between {data.period.since} and "
                     f"{data.period.until}; `git shortlog -sne --since={data.period.since}` "
                     "lists who committed then: pass your addresses with --author")
        text = pipeline.render_report(run, data)
        pipeline.remember_run(run, store, person)
    write_output(run, text)


@cli.command()
@collection_options
@click.option("--export", "export_path", type=click.Path(path_type=Path),
              help="Also write the store's evidence as JSON Lines to this file.")
@click.pass_context
@handle_errors
def collect(ctx: click.Context, /, export_path: Path | None, **values: Any) -> None:
    """Collect evidence into the store, without rendering.

    --export writes this run's repositories only, not all the store holds.
    """
    run = make_run(ctx, values)
    pipeline.check_repositories(run)
    with run.store() as store:
        person = pipeline.resolve_person(run)
        with progress_for(ctx) as bar:
            count = pipeline.collect(run, store, [person], progress=bar)
        pipeline.remember_run(run, store, person)
        state: State = ctx.find_object(State)  # type: ignore[assignment]
        if not state.quiet:
            click.echo(f"evidencer: stored {count} items in {store.path}", err=True)
        if export_path:  # this run's repositories, not all the store holds
            store.export_items(export_path, repo_filter=run.scope.holds if run.scope else None)


@cli.command()
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
    run = make_run(ctx, values)
    if narrowed:  # else the document shows everything stored, and says so
        run.scope = pipeline.run_scope(run)
    rubric = load_rubric(run.settings.rubric, classifier=run.settings.classifier)
    with run.store() as store:
        for path in import_paths:
            store.import_items(path)
        run.sources.setdefault("store", pipeline.store_source(run, store))
        if is_team_run(run.settings):
            from evidencer.flow import team as documents

            write_documents(run, documents.team_documents(run, store, rubric=rubric, collect=False))
            return
        person = pipeline.resolve_person(run)
        data = pipeline.report_input(run, store, person, rubric, name_from_history=True)
        text = pipeline.render_report(run, data)
    write_output(run, text)


@cli.command("classify")
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
        click.echo(line)


@cli.command()
@click.argument("ref")
@collection_options
@click.option("--rubric", type=click.Path(path_type=Path), help="Rubric YAML to use instead.")
@click.pass_context
@handle_errors
def explain(ctx: click.Context, /, ref: str, rubric: Path | None, **values: Any) -> None:
    """Say why a commit sha, #123 or URL maps where it does.

    After `brag` or `collect` it needs no other option: the store, person, period,
    repositories and rubric default to the last run's.
    """
    from evidencer.classify.explain import explain_item, find_item
    from evidencer.store.sqlite import load_last_run

    last = load_last_run(os.environ) or {}
    defaults: dict[str, Any] = {
        "store": Path(last["store"]) if last.get("store") else None,
        "authors": tuple(last.get("authors") or ()),
        "since": last.get("since"), "until": last.get("until"),
        "repos": tuple(Path(r) for r in last.get("repos") or ()),
    }
    for key, value in defaults.items():
        if not values.get(key) and value:
            values[key] = value
    check_rubric_option(rubric)
    if rubric is None and last.get("rubric"):
        rubric = Path(last["rubric"])
    run = make_run(ctx, values)
    loaded = load_rubric(rubric or run.settings.rubric, classifier=run.settings.classifier)
    with run.store() as store:
        person = pipeline.resolve_person(run)
        item: Evidence | None = find_item(store, ref)
        if item is None:
            pipeline.collect(run, store, [person])
            item = find_item(store, ref)
        if item is None:
            raise EvidencerError(
                f"{ref}: no such item in the store for this person and period; "
                "check the reference, --since and --author"
            )
        click.echo(explain_item(item, loaded, person))


from evidencer.cli import action as cli_action  # noqa: E402,F401  (registers pr-comment, init)


def main() -> None:
    stop_cleanly_on_sigterm()
    # A run allocates a few objects for each of tens of thousands of commits and keeps
    # most of them; at Python's default threshold (700) the cycle collector would sweep
    # them over and over, about a tenth of the Python time on a long history.
    gc.set_threshold(10_000, 10, 10)
    cli(prog_name="evidencer")

