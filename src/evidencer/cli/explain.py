"""``evidencer explain REF``: why one item maps where it does."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from evidencer.classify.rubric import load_rubric
from evidencer.cli.common import (
    check_rubric_option,
    collection_options,
    handle_errors,
    journal_for,
    plan_from,
)
from evidencer.errors import EvidencerError, GitError
from evidencer.flow import run
from evidencer.gitrun import run_git
from evidencer.model import Evidence
from evidencer.period import parse_when
from evidencer.sources.git.collect import check_repository
from evidencer.store.sqlite import EvidenceStore, load_last_run


def _last_run(store: Path | None, repos: tuple[Path, ...]) -> dict[str, Any]:
    """The run ``explain`` continues, or {} when there is none to continue.

    With ``--store``, the last run that wrote to that store (it remembers it). Else the last
    run anywhere, but only if it read the repository asked about (``--repo``, or the one
    explain runs in): after a brag of one project, ``explain #12`` in another must not look
    up the first project's #12 for the first project's person.
    """
    if store is not None:
        path = Path(store).expanduser()
        if not path.is_file():
            return {}
        with EvidenceStore(path) as opened:
            return _usable(opened.last_run() or {})
    last = _usable(load_last_run(os.environ) or {})
    ran = [Path(r) for r in last.get("repos") or ()]
    asked = [Path(r).resolve() for r in repos] or [p for p in [_toplevel(Path.cwd())] if p]
    return last if all(any(_nested(a, r) for r in ran) for a in asked) else {}


def _usable(record: dict[str, Any]) -> dict[str, Any]:
    """What explain reads of a remembered run, field by field: a record damaged by hand
    (or written by another version) gives the defaults, not an internal error."""
    usable: dict[str, Any] = {}
    for key in ("repos", "authors"):
        value = record.get(key)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            usable[key] = value
    for key in ("store", "rubric", "since", "until"):
        value = record.get(key)
        if isinstance(value, str) and (key in ("store", "rubric") or _a_date(value)):
            usable[key] = value
    return usable


def _a_date(text: str) -> bool:
    try:
        parse_when(text, today=dt.date.today(), option="")
    except EvidencerError:
        return False
    return True


def _toplevel(folder: Path) -> Path | None:
    """The git work tree ``folder`` is in, or None outside one."""
    try:
        return Path(run_git(folder, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    except (GitError, UnicodeDecodeError):
        return None


def _commit_of(ref: str, repos: tuple[Path, ...]) -> str | None:
    """A git revision (``HEAD``, ``HEAD~2``, a branch, a tag) as the sha of the commit it
    names, in the first repository that knows it; None when none does."""
    if not ref.strip() or ref.startswith("-"):  # never an option to git
        return None
    for repo in repos:
        try:
            out = run_git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except GitError:
            continue
        sha = out.decode("ascii", "replace").strip()
        if sha:
            return sha
    return None


def _nested(one: Path, other: Path) -> bool:
    return one == other or one.is_relative_to(other) or other.is_relative_to(one)


@click.command()
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

    last = _last_run(values.get("store"), values.get("repos") or ())
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
    plan = plan_from(ctx, values, collect=False, narrowed=False)
    plan.whose()  # whose work: the first thing to get right
    loaded = load_rubric(rubric or plan.settings.rubric, classifier=plan.settings.classifier)
    with EvidenceStore(plan.store_path) as store:
        item: Evidence | None = find_item(store, ref)
        commit = None if item is not None else _commit_of(ref, plan.repos)
        if item is None and commit is not None:
            item = find_item(store, commit)
        if item is None:  # not collected yet: collect, then look again
            for repo in plan.repos:
                check_repository(repo)
            plan = run.collect_into(plan, store, journal_for(ctx)).plan
            item = find_item(store, commit or ref)
        if item is None:
            raise EvidencerError(
                f"{ref}: no such item in the store for this person and period; "
                "check the reference, --since and --author"
            )
        click.echo(explain_item(item, loaded, plan.person))
