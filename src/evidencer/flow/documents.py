"""The documents a run writes: one person's, or the team view and each person's, and
where each goes; written atomically, keeping the person's own words.

With ``--per-person`` each ``--author`` value is one person; commas join one person's ids.

File names with ``-o PATH``: when PATH is a folder (it exists, or ends with ``/``) the team
view is ``PATH/team.md`` and each person's document ``PATH/<person>.md``; otherwise the team
view is PATH itself and each person's document sits beside it as ``<stem>-<person>.md``
(``-o reviews/q3.md`` -> ``reviews/q3.md``, ``reviews/q3-alice-doe.md``…). ``<person>`` is
a slug of the person's first name, else login, else email. Without ``-o`` everything goes
to standard output, the team view first, documents separated by a ``---`` rule.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidencer.atomic import atomic_write_text, check_folder
from evidencer.config import TEAM
from evidencer.errors import EvidencerError
from evidencer.flow.plan import Plan
from evidencer.flow.run import Journal
from evidencer.render.jsondoc import json_document

if TYPE_CHECKING:
    from evidencer.report.build import ReportInput

RULE = "\n---\n\n"  # between documents on standard output; the blank line keeps it a rule


@dataclass(frozen=True)
class Document:
    text: str
    target: Path | None  # None: standard output


def documents(plan: Plan, reports: Sequence[ReportInput]) -> list[Document]:
    """The run's documents: one person's to ``-o`` (or standard output), or for a team
    run the team view and, with ``--per-person``, each person's."""
    settings = plan.settings
    if plan.settings.redact:  # --redact: private repository names and links hidden
        from evidencer.report.redact import redact_reports

        reports = redact_reports(
            reports, public=settings.public_repos, local=[str(r) for r in settings.repos]
        )
    if plan.team:
        return _team_documents(plan, reports)
    output = settings.output
    target = Path(output) if output and output != "-" else None
    return [Document(render_report(plan, reports[0]), target)]


def check_targets(plan: Plan) -> None:
    """The folder the documents go in is there: asked before collecting, so that a typo in
    ``-o`` does not wait for the end of the run."""
    output = plan.settings.output
    if not output or output == "-":
        return
    suffix = ".json" if plan.settings.format == "json" else ".md"
    team, _ = targets(output, (), suffix=suffix)
    check_folder(team if plan.team and team is not None else Path(output))


def render_report(plan: Plan, data: ReportInput) -> str:
    """One person's document, Markdown through the template or the JSON report."""
    from evidencer.report.build import build_context, to_json_report

    if plan.settings.format == "json":
        return json_document(to_json_report(data))
    from evidencer.render.jinja import render

    return render(plan.settings.template, build_context(data))


def write(plan: Plan, made: Sequence[Document], journal: Journal) -> str:
    """Write the documents that have a file; returns what goes to standard output."""
    for document in made:
        if document.target is not None:
            write_document(plan, document.text, document.target, journal)
    separator = "" if plan.settings.format == "json" else RULE  # jq reads a JSON stream
    return separator.join(d.text for d in made if d.target is None)


def write_document(plan: Plan, text: str, target: Path, journal: Journal) -> None:
    """Write atomically; a Markdown document keeps the person's own words from the old one.

    Text between ``<!-- evidencer:keep -->`` and ``<!-- evidencer:end -->`` survives
    regeneration; a block that cannot be placed goes to the end, never away.
    """
    if plan.settings.format == "markdown" and target.is_file():
        try:
            old = target.read_bytes().decode("utf-8")  # as written: "\r\n" stays
        except (OSError, UnicodeDecodeError) as exc:
            raise EvidencerError(
                f"{target}: cannot read the existing document to keep its notes: {exc}; "
                "move it away or write to another file"
            ) from exc
        from evidencer.render.keep import merge_kept

        text, warnings = merge_kept(old, text)
        for warning in warnings:
            journal.note(f"{target}: {warning}")
    atomic_write_text(target, text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


def unique_slugs(labels: Sequence[str]) -> list[str]:
    """A file-name slug per person; a repeated one gets ``-2``, ``-3``…"""
    seen: dict[str, int] = {}
    slugs = []
    for label in labels:
        base = slug(label)
        seen[base] = seen.get(base, 0) + 1
        slugs.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return slugs


def targets(
    output: str | None, slugs: Sequence[str], *, suffix: str
) -> tuple[Path | None, list[Path | None]]:
    """Where the team view and each person's document go (see the module docstring)."""
    if not output or output == "-":
        return None, [None for _ in slugs]
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():
        return path / f"{TEAM}{suffix}", [path / f"{s}{suffix}" for s in slugs]
    extension = path.suffix or suffix
    return path, [path.with_name(f"{path.stem}-{s}{extension}") for s in slugs]


def _team_documents(plan: Plan, reports: Sequence[ReportInput]) -> list[Document]:
    """The team view (Markdown only) and, with ``--per-person``, each person's document."""
    from evidencer.render.jinja import render
    from evidencer.report.build import build_context, to_json_report
    from evidencer.report.team import Member, build_team_context

    settings = plan.settings
    as_json = settings.format == "json"
    slugs = unique_slugs([r.person.label for r in reports])
    team_target, person_targets = targets(
        settings.output, slugs, suffix=".json" if as_json else ".md"
    )
    made: list[Document] = []
    members: list[Member] = []
    template = None if settings.template == TEAM else settings.template
    for report, person_slug, target in zip(reports, slugs, person_targets, strict=True):
        if as_json:
            made.append(Document(json_document(to_json_report(report)), target))
            continue
        context = build_context(report)
        name = None
        if settings.per_person:
            made.append(Document(render(template, context), target))
            name = target.name if target is not None and team_target is not None else None
        members.append(Member(context=context, slug=person_slug, document=name))
    if members:
        team = render(TEAM, build_team_context(members), default=TEAM)
        made.insert(0, Document(team, team_target))
    return made
