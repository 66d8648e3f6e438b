"""The team view: one document per person plus a people × competencies matrix, and their files.

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencer.classify.rubric import Rubric
from evidencer.config import TEAM
from evidencer.errors import EvidencerError
from evidencer.flow import run as pipeline
from evidencer.flow.run import Run, json_document, resolve_person, slug
from evidencer.identity import apply_mailmap, person_from_ids
from evidencer.model import Person
from evidencer.render.jinja import render
from evidencer.report.build import ReportInput, build_context, to_json_report
from evidencer.report.redact import redact_reports
from evidencer.report.team import Member, build_team_context
from evidencer.store.sqlite import EvidenceStore

RULE = "\n---\n\n"  # between documents on standard output; the blank line keeps it a rule


@dataclass(frozen=True)
class Document:
    text: str
    target: Path | None  # None: standard output


def author_ids(value: str) -> list[str]:
    """``"alice@example.com,alice-gh"`` -> the two ids of one person."""
    return [part.strip() for part in value.split(",") if part.strip()]


def resolve_people(run: Run) -> list[Person]:
    """Each ``--author`` value is a person (``--per-person``); else everyone is one person.

    The token's login joins only that one person: in a team, it is whoever ran evidencer.
    """
    if not run.settings.per_person or not run.settings.authors:
        return [resolve_person(run, extra_logins=run.logins)]
    people = []
    for value in run.settings.authors:
        person = person_from_ids(author_ids(value))
        if person.is_empty():
            raise EvidencerError(f"--author {value!r}: no email, name or login in it")
        for repo in run.settings.repos:
            if repo.exists():
                person = apply_mailmap(repo, person)
        people.append(person)
    return people


def team_documents(
    run: Run, store: EvidenceStore, *, rubric: Rubric, collect: bool
) -> list[Document]:
    """Collect (for ``brag``) and render the team view and each person's document."""
    people = resolve_people(run)
    if collect:
        pipeline.collect(run, store, people)
        people = resolve_people(run)
    reports = [pipeline.report_input(run, store, person, rubric) for person in people]
    return render_documents(run, reports)


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


def render_documents(run: Run, reports: Sequence[ReportInput]) -> list[Document]:
    """The team view (Markdown only) and, with ``--per-person``, each person's document."""
    settings = run.settings
    if settings.redact:
        reports = redact_reports(
            reports, public=settings.public_repos, local=[str(r) for r in settings.repos]
        )
    as_json = settings.format == "json"
    slugs = unique_slugs([r.person.label for r in reports])
    team_target, person_targets = targets(
        settings.output, slugs, suffix=".json" if as_json else ".md"
    )
    documents: list[Document] = []
    members: list[Member] = []
    template = None if settings.template == TEAM else settings.template
    for report, person_slug, target in zip(reports, slugs, person_targets, strict=True):
        if as_json:
            documents.append(Document(json_document(to_json_report(report)), target))
            continue
        context = build_context(report)
        name = None
        if settings.per_person:
            documents.append(Document(render(template, context), target))
            name = target.name if target is not None and team_target is not None else None
        members.append(Member(context=context, slug=person_slug, document=name))
    if members:
        team = render(TEAM, build_team_context(members), default=TEAM)
        documents.insert(0, Document(team, team_target))
    return documents


def standard_output(run: Run, documents: Sequence[Document]) -> str:
    """The documents without a file, one after another: Markdown separated by a rule,
    JSON reports simply concatenated (a stream ``jq`` reads)."""
    separator = "" if run.settings.format == "json" else RULE
    return separator.join(d.text for d in documents if d.target is None)
