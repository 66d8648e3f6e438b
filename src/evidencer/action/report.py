"""Report mode of the action: the document (or team view) to a folder, job summary, one issue.

The issue is found by its marker, label and title, and edited only when the account this run
writes as opened it: a monthly run never opens another, nor edits one someone else forged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencer.action.env import BODY_LIMIT, append_summary, fit_chars, run_url, write_outputs
from evidencer.action.sticky import BOT_LOGIN_VARIABLE, WORKFLOW_BOT, Author, running_author
from evidencer.classify.rubric import Rubric
from evidencer.config import Settings
from evidencer.errors import EvidencerError, GitError
from evidencer.flow import documents
from evidencer.flow import run as flow
from evidencer.flow.plan import Plan, make_plan
from evidencer.flow.run import Journal
from evidencer.github.api import GitHubAPI
from evidencer.github.records import IssueHit
from evidencer.github.writes import create_issue, create_label, edit_issue, list_issues
from evidencer.render.mdsafe import escape_inline, md_link
from evidencer.report.build import ReportInput
from evidencer.sources.git.collect import check_repository

REPORT_MARKER = "<!-- evidencer:report -->"
ISSUE_LABEL = "evidencer-report"


@dataclass(frozen=True)
class ReportActionOptions:
    """``imports``: evidence exported by ``collect --export``; given, nothing is collected."""

    output_dir: Path
    imports: tuple[Path, ...] = ()
    issue_title: str | None = None
    step_summary: bool = True


@dataclass(frozen=True)
class ReportActionResult:
    report_path: Path
    competencies: tuple[str, ...]
    summary_path: Path | None = None
    summary_truncated: bool = False
    issue_url: str | None = None
    issue_action: str | None = None  # created | updated | unchanged


def run_report_action(
    settings: Settings, options: ReportActionOptions, *, env: Mapping[str, str],
    today: dt.date, journal: Journal,
) -> ReportActionResult:
    """Render the document (or, for a team, the team view and each person's) for the
    configured period, and publish it where Actions shows it."""
    collecting = not options.imports
    folder = _output_folder(options.output_dir)
    settings = _fit_to_actions(settings, env, journal, collecting=collecting)
    plan = make_plan(settings, env=env, today=today, collect=collecting, narrowed=False)
    # Every document goes into the folder: the team's by name, one person's as brag.md.
    name = f"brag.{'json' if settings.format == 'json' else 'md'}"
    output = f"{folder}{os.sep}" if plan.team else str(folder / name)
    plan = dataclasses.replace(plan, settings=dataclasses.replace(settings, output=output))
    if options.imports:
        journal.sources["store"] = f"merged from {len(options.imports)} exported files"
    outcome = flow.run(plan, journal, collect=collecting, imports=options.imports)
    made = documents.documents(outcome.plan, outcome.reports)
    assert all(document.target for document in made)  # with --output-dir, every one has a file
    documents.write(outcome.plan, made, journal)
    main, report_path = made[0].text, made[0].target
    assert report_path is not None
    result = ReportActionResult(
        report_path=report_path, competencies=_shown(outcome.rubric, outcome.reports)
    )
    if options.step_summary:
        result = _summarise(env, settings, result, main)
    if options.issue_title:
        result = _publish_issue(outcome.plan, journal, result, main, options.issue_title,
                                summary=options.step_summary)
    return result


def _fit_to_actions(
    settings: Settings, env: Mapping[str, str], journal: Journal, *, collecting: bool
) -> Settings:
    """Defaults for a runner: this repository on GitHub; local history only if checked out."""
    if collecting and settings.repos == (Path("."),):
        try:
            check_repository(Path("."))
        except GitError:
            journal.note("no git checkout here, so local history was not read "
                         "(check out the repository with fetch-depth: 0 to include it)")
            settings = dataclasses.replace(settings, repos=())
    repository = env.get("GITHUB_REPOSITORY")
    if collecting and repository and not settings.github and not settings.github_org:
        settings = dataclasses.replace(settings, github=(repository,))
    return settings


def _shown(rubric: Rubric, reports: Sequence[ReportInput]) -> tuple[str, ...]:
    """Competencies with at least one item, in the rubric's order."""
    found = {m.competency for data in reports for entry in data.items for m in entry.matches}
    return tuple(c.id for c in rubric.competencies if c.id in found)


def _output_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc
        raise EvidencerError(f"--output-dir {folder}: cannot create: {reason}") from exc
    return folder


def _where_it_all_is(env: Mapping[str, str], report_path: Path) -> str:
    url = run_url(env)
    place = md_link("this run's artifacts", url) if url else f"`{report_path.name}`"
    return (
        "**Cut here: the whole report is too long for this place; it is in "
        f"{place} ({report_path.name}).**"
    )


def _summarise(
    env: Mapping[str, str], settings: Settings, result: ReportActionResult, text: str
) -> ReportActionResult:
    body = f"```json\n{text.rstrip()}\n```\n" if settings.format == "json" else text
    written = append_summary(env, body, note=_where_it_all_is(env, result.report_path))
    if written is None:
        return result
    return dataclasses.replace(result, summary_path=written[0], summary_truncated=written[1])


def _publish_issue(
    plan: Plan, journal: Journal, result: ReportActionResult, text: str, title: str, *,
    summary: bool,
) -> ReportActionResult:
    env = plan.env
    repo = env.get("GITHUB_REPOSITORY") or next(iter(plan.github.repos), None)
    if not repo:
        raise EvidencerError("--issue-title: which repository? set GITHUB_REPOSITORY or --github")
    api = flow.open_github(plan)
    if api is None:
        raise EvidencerError("--issue-title needs a token: set GITHUB_TOKEN or GH_TOKEN")
    note = _where_it_all_is(env, result.report_path)
    fitted = fit_chars(text, BODY_LIMIT - len(REPORT_MARKER) - 1, note=note)
    body = f"{REPORT_MARKER}\n{fitted.text}"
    with api:
        author = running_author(api.login(), env)
        done = upsert_issue(api, repo, title=title, body=body, author=author)
    if done.passed_over:
        _note_passed_over(env, journal, done, author, in_summary=summary)
    return dataclasses.replace(result, issue_url=done.url, issue_action=done.action)


@dataclass(frozen=True)
class UpsertedIssue:
    """``passed_over``: issues with the report's whole shape that another account
    opened: left as they are."""

    url: str
    action: str  # created | updated | unchanged
    number: int
    passed_over: tuple[int, ...] = ()


def has_report_structure(issue: IssueHit, title: str) -> bool:
    """The report issue's whole shape: the marker first, the report label, this title."""
    return (
        issue.body.lstrip().startswith(REPORT_MARKER)
        and ISSUE_LABEL.lower() in (label.lower() for label in issue.labels)
        and issue.title == title
    )


def upsert_issue(
    api: GitHubAPI, repo: str, *, title: str, body: str, author: Author
) -> UpsertedIssue:
    """Edit the report issue with this title (open ones first, then the oldest), or open it.

    Only an issue ``author`` (the account this run writes as) opened is adopted: anyone
    who can open an issue can copy the marker, label and title. Issues are listed by the
    report label, so a busy repository costs one small request.
    """
    marked = [hit for hit in list_issues(api, repo, labels=ISSUE_LABEL)
              if has_report_structure(hit, title)]
    ours = sorted((hit for hit in marked if author.wrote(hit)),
                  key=lambda hit: (hit.state != "open", hit.created_at, hit.number))
    passed_over = tuple(hit.number for hit in marked if not author.wrote(hit))
    if ours:
        issue = ours[0]
        if issue.body == body:
            return UpsertedIssue(issue.html_url, "unchanged", issue.number, passed_over)
        edited = edit_issue(api, repo, number=issue.number, title=title, body=body)
        return UpsertedIssue(edited.html_url, "updated", edited.number, passed_over)
    create_label(api, repo, name=ISSUE_LABEL, color="0e8a16",
                 description="The evidencer report, kept up to date by a workflow")
    created = create_issue(api, repo, title=title, body=body, labels=[ISSUE_LABEL])
    return UpsertedIssue(created.html_url, "created", created.number, passed_over)


def _note_passed_over(
    env: Mapping[str, str], journal: Journal, done: UpsertedIssue, author: Author, *,
    in_summary: bool,
) -> None:
    """Say, in the log and the job summary, which look-alike issues were not touched.

    Only issue numbers and this run's own login are named: never the other account's
    text."""
    numbers = ", ".join(f"#{number}" for number in done.passed_over)
    which = f"issues {numbers} have" if len(done.passed_over) > 1 else f"issue {numbers} has"
    hint = ""
    if author.login == WORKFLOW_BOT and not env.get(BOT_LOGIN_VARIABLE):
        hint = (f" (with a GitHub App's token, set {BOT_LOGIN_VARIABLE} to its bot's login, "
                "e.g. my-app[bot])")
    message = (
        f"{which} the report's marker, label and title but was not opened by "
        f"{author.login}, the account this run writes as{hint}: left as it is; the report "
        f"is in #{done.number} ({done.action})"
    )
    journal.note(message)
    if in_summary:
        append_summary(env, f"> [!NOTE]\n> evidencer: {escape_inline(message)}\n",
                       note="_(cut to fit)_")


def outputs(result: ReportActionResult) -> dict[str, str]:
    return {
        "competencies": ",".join(result.competencies),
        "report-path": str(result.report_path),
        "summary-path": str(result.summary_path or ""),
        "issue-url": result.issue_url or "",
    }


def set_outputs(result: ReportActionResult, env: Mapping[str, str]) -> Path | None:
    return write_outputs(env, outputs(result))
