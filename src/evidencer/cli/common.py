"""What every command shares: the run's state, one error handler, the shared options,
and the plan built from config and options. Commands parse and print; the flow works."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from evidencer.cli.progress import ProgressBar, showing_progress
from evidencer.config import FORMATS, Settings, find_config, load_config, merge_settings
from evidencer.errors import (
    EvidencerError,
    Terminated,
    forget_signals,
    on_signal,
    stop_if_signalled,
)
from evidencer.flow.plan import Plan, make_plan
from evidencer.flow.run import Journal
from evidencer.globs import GlobError, check_globs
from evidencer.model import has_lone_surrogate
from evidencer.period import make_period
from evidencer.render.templates import resolve_template
from evidencer.scrub import scrub, traceback_text

F = TypeVar("F", bound=Callable[..., Any])


class State:
    def __init__(self, *, debug: bool, verbose: int, quiet: bool) -> None:
        self.debug = debug
        self.verbose = verbose
        self.quiet = quiet

    def warn(self, message: str) -> None:
        if not self.quiet:  # one line, whatever a name in it held ("--author 'a\nb'")
            click.echo(f"evidencer: warning: {' '.join(message.splitlines())}", err=True)

    def info(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(f"evidencer: {message}", err=True)


def state_of(ctx: click.Context) -> State:
    state = ctx.find_object(State)
    assert state is not None  # the group sets it before any command runs
    return state


def journal_for(ctx: click.Context) -> Journal:
    """Where a run's warnings go: stderr (unless --quiet), and the document."""
    return Journal(warn=state_of(ctx).warn)


def stop_cleanly_on_signals() -> None:
    """Python's default for SIGTERM kills at once, skipping every ``finally``; both
    signals go through ``errors.on_signal``, which records them so that a stop is never
    lost. A SIGINT the shell set to be ignored (a background job) stays ignored."""
    signal.signal(signal.SIGTERM, on_signal)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, on_signal)


def seconds(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A number of seconds, 0 or more: ``nan`` or ``inf`` would make every wait endless."""
    if value is not None and (not math.isfinite(value) or value < 0):
        raise click.BadParameter(f"{value!r} is not a number of seconds, 0 or more")
    return value


def globs(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Globs evidencer can match: ``[z-a]`` is refused here, not halfway through a run."""
    try:
        check_globs(value)
    except GlobError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def handle_errors(func: F) -> F:
    """One place turns failures into a one-line message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        debug = bool(state and state.debug)
        forget_signals()
        try:
            result = func(*args, **kwargs)
            stop_if_signalled()  # a stop whose exception was lost still ends as a stop
            return result
        except EvidencerError as exc:
            if debug:
                show_traceback(exc)
            raise click.ClickException(scrub(str(exc))) from None
        except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM as Terminated
            stopped = "terminated" if isinstance(exc, Terminated) else "interrupted"
            click.echo(f"evidencer: {stopped}", err=True)
            code = 143 if isinstance(exc, Terminated) else 130
            if any(t.is_alive() and not t.daemon for t in threading.enumerate()
                   if t is not threading.main_thread()):
                # A request still under way on a worker thread would hold the exit until
                # it times out; the store and files are already whole (their own
                # ``with`` and ``finally`` ran on the way here).
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
            sys.exit(code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader closed the pipe (``| head``) with what it wanted: quiet, exit 141
            # as a shell reports SIGPIPE, and nothing for Python to fail on at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
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
        click.option("--postmortems", multiple=True, metavar="GLOB", callback=globs,
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


def settings_from(ctx: click.Context, values: dict[str, Any]) -> Settings:
    """The config file and the command line combined: the command line wins. Mistakes
    on the command line are usage errors (exit 2), found before any work; the same
    values from a config file stay handled errors naming the file."""
    given = dict(values)
    values = dict(values)
    repos = tuple(values.pop("repos", ()) or ())
    config_path = values.pop("config_path", None)
    if config_path is None:
        config_path = find_config(repos[0] if repos else Path("."))
    elif not (Path(config_path).exists() or Path(config_path).is_symlink()):
        # a FIFO, a device or a link to nothing: load_config says what it is
        raise click.UsageError(f"--config: no such file: {config_path}")  # as --rubric
    file_values = load_config(Path(config_path)) if config_path else {}
    if "format_" in values:
        values["format"] = values.pop("format_")
    values["repos"] = repos
    settings = merge_settings(file_values, values)
    if config_path:
        state_of(ctx).info(f"config from {config_path}")
    try:
        if given.get("since") or given.get("until"):
            make_period(since=settings.since, until=settings.until, today=dt.date.today())
        if given.get("template"):
            resolve_template(given["template"])
    except EvidencerError as exc:
        raise click.UsageError(str(exc)) from None
    check_rubric_option(given.get("rubric"))
    return settings


def plan_from(
    ctx: click.Context, values: dict[str, Any], *, collect: bool, narrowed: bool = True
) -> Plan:
    """The command's plan: settings from config and options, then people, period and
    scope resolved once (see ``flow.plan.make_plan``)."""
    settings = settings_from(ctx, values)
    return make_plan(settings, env=dict(os.environ), today=dt.date.today(), collect=collect,
                     narrowed=narrowed)


def check_rubric_option(path: Path | None) -> None:
    # exists(), not is_file(): a FIFO or device is refused by the YAML loader, which says
    # what it is.
    if path is not None and not Path(path).exists():
        raise click.UsageError(f"--rubric: no such file: {path}")


def progress_for(ctx: click.Context) -> contextlib.AbstractContextManager[ProgressBar]:
    """The progress line on stderr: only on a terminal, never with --quiet."""
    return showing_progress(sys.stderr, quiet=state_of(ctx).quiet)


def echo_documents(text: str) -> None:
    """What goes to standard output, exactly as made; a full disk is a one-line error."""
    if text:
        if has_lone_surrogate(text):
            text = text.encode("utf-8", "replace").decode("utf-8")
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise EvidencerError(
                f"cannot write to standard output: {exc.strerror or exc}"
            ) from exc
