"""Report mode of the action: the document (or team view) to a folder, job summary, one issue.

The issue is found by its marker, label and title, and edited only when the account this run
writes as opened it: a monthly run never opens another, nor edits one someone else forged.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencer.action.env import BODY_LIMIT, append_summary, fit_chars, run_url, write_outputs
from evidencer.action.sticky import BOT_LOGIN_VARIABLE, WORKFLOW_BOT, Author, running_author
from evidencer.classify.rubric import Rubric, load_rubric
from evidencer.config import is_team_run
from evidencer.errors import EvidencerError, GitError
from evidencer.flow import run as pipeline
from evidencer.flow import team as documents
from evidencer.github.api import DEFAULT_API_URL, GitHubAPI, resolve_token
from evidencer.github.records import IssueHit
from evidencer.github.writes import create_issue, create_label, edit_issue, list_issues
from evidencer.render.mdsafe import escape_inline, md_link
from evidencer.report.build import ReportInput
from evidencer.sources.git.collect import check_repository
from evidencer.store.sqlite import EvidenceStore

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


def run_report_action(run: pipeline.Run, options: ReportActionOptions) -> ReportActionResult:
    """Render the document (or, for a team, the team view and each person's) for the
    configured period, and publish it where Actions shows it."""
    rubric = load_rubric(run.settings.rubric, classifier=run.settings.classifier)
    collecting = not options.imports
    _fit_to_actions(run, collecting=collecting)
    folder = _output_folder(options.output_dir)
    with run.store() as store:
        for path in options.imports:
            store.import_items(path)
        if options.imports:
            run.sources.setdefault("store", f"merged from {len(options.imports)} exported files")
        if is_team_run(run.settings):
            run.settings = dataclasses.replace(run.settings, output=f"{folder}{os.sep}")
            reports = _team_reports(run, store, rubric, collect=collecting)
            made = documents.render_documents(run, reports)
        else:
            reports = [_person_report(run, store, rubric, collect=collecting)]
            name = "brag.json" if run.settings.format == "json" else "brag.md"
            made = [documents.Document(pipeline.render_report(run, reports[0]), folder / name)]
    written = [(document.text, document.target) for document in made if document.target]
    assert len(written) == len(made)  # with --output-dir, every document has a file
    for text, target in written:
        pipeline.write_document(run, text, target)
    main, report_path = written[0]
    result = ReportActionResult(report_path=report_path, competencies=_shown(rubric, reports))
    if options.step_summary:
        result = _summarise(run, result, main)
    if options.issue_title:
        result = _publish_issue(run, result, main, options.issue_title,
                                summary=options.step_summary)
    return result


def _person_report(
    run: pipeline.Run, store: EvidenceStore, rubric: Rubric, *, collect: bool
) -> ReportInput:
    person = pipeline.resolve_person(run)
    if not collect:
        return pipeline.report_input(run, store, person, rubric)
    classifier = pipeline.Classifier(run, person, rubric)
    pipeline.collect(run, store, [person], on_stored=classifier)
    if run.logins:  # the token's login joins the person's identity
        person = pipeline.resolve_person(run, extra_logins=run.logins)
        classifier = pipeline.Classifier(run, person, rubric)
    return pipeline.report_input(run, store, person, rubric, classifier)


def _team_reports(
    run: pipeline.Run, store: EvidenceStore, rubric: Rubric, *, collect: bool
) -> list[ReportInput]:
    people = documents.resolve_people(run)
    if collect:
        pipeline.collect(run, store, people)
        people = documents.resolve_people(run)
    return [pipeline.report_input(run, store, person, rubric) for person in people]


def _fit_to_actions(run: pipeline.Run, *, collecting: bool) -> None:
    """Defaults for a runner: this repository on GitHub; local history only if checked out."""
    settings = run.settings
    if collecting and settings.repos == (Path("."),):
        try:
            check_repository(Path("."))
        except GitError:
            run.note("no git checkout here, so local history was not read "
                     "(check out the repository with fetch-depth: 0 to include it)")
            settings = dataclasses.replace(settings, repos=())
    repository = run.env.get("GITHUB_REPOSITORY")
    if collecting and repository and not settings.github and not settings.github_org:
        settings = dataclasses.replace(settings, github=(repository,))
    run.settings = settings


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
    run: pipeline.Run, result: ReportActionResult, text: str
) -> ReportActionResult:
    body = f"```json\n{text.rstrip()}\n```\n" if run.settings.format == "json" else text
    written = append_summary(run.env, body, note=_where_it_all_is(run.env, result.report_path))
    if written is None:
        return result
    return dataclasses.replace(result, summary_path=written[0], summary_truncated=written[1])


def _publish_issue(
    run: pipeline.Run, result: ReportActionResult, text: str, title: str, *, summary: bool
) -> ReportActionResult:
    repo = run.env.get("GITHUB_REPOSITORY") or next(iter(run.settings.github), None)
    if not repo:
        raise EvidencerError("--issue-title: which repository? set GITHUB_REPOSITORY or --github")
    api_url = run.settings.github_url or run.env.get("GITHUB_API_URL") or DEFAULT_API_URL
    token = resolve_token(run.env, api_url=api_url)
    if token is None:
        raise EvidencerError("--issue-title needs a token: set GITHUB_TOKEN or GH_TOKEN")
    note = _where_it_all_is(run.env, result.report_path)
    fitted = fit_chars(text, BODY_LIMIT - len(REPORT_MARKER) - 1, note=note)
    body = f"{REPORT_MARKER}\n{fitted.text}"
    with GitHubAPI(base_url=api_url, token=token, max_wait=run.settings.max_wait) as api:
        author = running_author(api.login(), run.env)
        done = upsert_issue(api, repo, title=title, body=body, author=author)
    if done.passed_over:
        _note_passed_over(run, done, author, in_summary=summary)
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
    run: pipeline.Run, done: UpsertedIssue, author: Author, *, in_summary: bool
) -> None:
    """Say, in the log and the job summary, which look-alike issues were not touched.

    Only issue numbers and this run's own login are named: never the other account's
    text."""
    numbers = ", ".join(f"#{number}" for number in done.passed_over)
    which = f"issues {numbers} have" if len(done.passed_over) > 1 else f"issue {numbers} has"
    hint = ""
    if author.login == WORKFLOW_BOT and not run.env.get(BOT_LOGIN_VARIABLE):
        hint = (f" (with a GitHub App's token, set {BOT_LOGIN_VARIABLE} to its bot's login, "
                "e.g. my-app[bot])")
    message = (
        f"{which} the report's marker, label and title but was not opened by "
        f"{author.login}, the account this run writes as{hint}: left as it is; the report "
        f"is in #{done.number} ({done.action})"
    )
    run.note(message)
    if in_summary:
        append_summary(run.env, f"> [!NOTE]\n> evidencer: {escape_inline(message)}\n",
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
