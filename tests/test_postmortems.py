"""The postmortem source: parsing all three document shapes, discovery, git authorship,
evidence, loop closing, and bad input that must warn rather than crash."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from evidencer.model import Actor, Evidence, Facts
from evidencer.report.followups import link_follow_ups
from evidencer.sources.postmortems.collect import (
    DEFAULT_POSTMORTEM_GLOBS,
    INCIDENT_LABELS,
    find_postmortem_files,
    iter_postmortem_evidence,
)
from evidencer.sources.postmortems.parse import Incident, parse_postmortem
from evidencer.store.records import evidence_from_record
from tests.support.gitrepo import GitRepo

DATA = Path(__file__).parent / "data" / "postmortems"
UTC = dt.timezone.utc


def parse(text: str, path: str = "docs/postmortems/outage.md") -> tuple[list[Incident], list[str]]:
    warnings: list[str] = []
    return parse_postmortem(text, path=path, warn=warnings.append), warnings


def parse_fixture(name: str) -> tuple[list[Incident], list[str]]:
    return parse((DATA / name).read_text(encoding="utf-8"), path=name)


def who(incident: Incident, role: str) -> set[tuple[str, str, str]]:
    return {(a.name, a.email, a.login) for a in incident.people_in(role)}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def collect(repo: Path, **options: object) -> tuple[list[Evidence], list[str]]:
    warnings: list[str] = []
    settings_ = {"repo_name": "acme/widgets", "web_base": "https://github.com/acme/widgets",
                 "globs": None, **options}
    items = list(iter_postmortem_evidence(repo, warn=warnings.append, **settings_))  # type: ignore[arg-type]
    return items, warnings


# --- shape 1: YAML front matter -------------------------------------------------------


def test_front_matter_gives_title_date_severity_status_and_services() -> None:
    (incident,), warnings = parse_fixture("2024-03-12-checkout-latency.md")
    assert warnings == []
    assert incident.title == "Checkout latency spike after payments-gateway deploy"
    assert incident.date == dt.datetime(2024, 3, 12, 14, 5, tzinfo=UTC)  # day + start time
    assert (incident.severity, incident.severity_level) == ("SEV2", "high")
    assert incident.status == "complete"
    assert incident.services == ("payments-gateway", "checkout-web")


def test_front_matter_people_by_map_alias_email_and_list() -> None:
    (incident,), _ = parse_fixture("2024-03-12-checkout-latency.md")
    assert who(incident, "postmortem_author") == {("Priya Raman", "priya.raman@acme.example", "praman")}
    assert who(incident, "incident_commander") == {("Dmitri Volkov", "dmitri@acme.example", "")}
    assert {("", "", "jwu"), ("Sam Okafor", "", "")} <= who(incident, "responder")


def test_front_matter_action_items_keep_owner_status_and_links() -> None:
    (incident,), _ = parse_fixture("2024-03-12-checkout-latency.md")
    items = [(i.title, i.status, i.links, i.owners) for i in incident.action_items]
    assert items == [
        ("Add a p99 latency SLO alert on payments-gateway", "done",
         ("https://github.com/acme/widgets/issues/412",), (Actor("action_item_owner", login="jwu"),)),
        ("Canary payments-gateway deploys for 30 minutes before full rollout", "in progress",
         ("acme/deploy-tools#88",), (Actor("action_item_owner", name="Priya Raman"),)),
        ("Load-test the new connection pool settings", "open", ("#415",),
         (Actor("action_item_owner", email="sam.okafor@acme.example"),)),
    ]


def test_duration_comes_from_start_and_end_times_and_impact_is_one_sentence() -> None:
    (incident,), _ = parse_fixture("2024-03-12-checkout-latency.md")
    assert incident.duration_minutes == 102
    assert incident.impact == (
        "About 18% of checkout attempts in EU regions took longer than 10 s or timed out "
        "for 1 h 42 min."
    )
    assert incident.fix_links == ("https://github.com/acme/widgets/pull/409",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-07-25", dt.datetime(2024, 7, 25, tzinfo=UTC)),
     ("'2024-07-25 09:30:00 +02:00'", dt.datetime(2024, 7, 25, 7, 30, tzinfo=UTC)),
     ("July 25, 2024", dt.datetime(2024, 7, 25, tzinfo=UTC)),
     ("25 Jul 2024", dt.datetime(2024, 7, 25, tzinfo=UTC)),
     ("2024/07/25", dt.datetime(2024, 7, 25, tzinfo=UTC)),
     ("25/07/2024", dt.datetime(2024, 7, 25, tzinfo=UTC)),
     ("2024-07-25T16:20:00Z", dt.datetime(2024, 7, 25, 16, 20, tzinfo=UTC))],
)
def test_front_matter_dates_in_several_forms(value: str, expected: dt.datetime) -> None:
    (incident,), warnings = parse(f"---\ndate: {value}\n---\n# Queue outage\n")
    assert warnings == []
    assert incident.date == expected


@pytest.mark.parametrize(
    ("value", "label", "level"),
    [("SEV1", "SEV1", "critical"), ("sev-3", "SEV3", "medium"), ("Sev 2 (major)", "SEV2", "high"),
     ("2", "SEV2", "high"), ("P0", "P0", "critical"), ("p2", "P2", "medium"),
     ("Critical", "critical", "critical"), ("minor", "low", "low")],
)
def test_severity_words_map_to_one_scale(value: str, label: str, level: str) -> None:
    (incident,), warnings = parse(f"---\nseverity: {value}\n---\n")
    assert (incident.severity, incident.severity_level, warnings) == (label, level, [])


# --- shape 2: headings and role lines -------------------------------------------------


def test_headed_document_reads_date_severity_status_and_duration() -> None:
    (incident,), warnings = parse_fixture("2024-05-02-search-outage.md")
    assert warnings == []
    assert incident.title == "Postmortem: Search unavailable for logged-in users"
    assert incident.date == dt.datetime(2024, 5, 2, tzinfo=UTC)
    assert (incident.severity, incident.severity_level) == ("P1", "high")
    assert incident.status == "action items in progress"
    assert incident.duration_minutes == 135
    assert incident.impact == "Every logged-in search (about 41,000 queries) returned no results."


def test_headed_document_names_people_by_email_handle_reference_and_profile_link() -> None:
    (incident,), _ = parse_fixture("2024-05-02-search-outage.md")
    assert who(incident, "incident_commander") == {("Alice Doe", "", "alicedoe")}
    assert who(incident, "postmortem_author") == {
        ("Ben Carter", "ben.carter@acme.example", ""),
        ("", "", "mlopez"),
    }
    assert {("Grace Kim", "", "gracek"), ("Tom Ng", "", "")} <= who(incident, "responder")


def test_timeline_mentions_by_handle_and_known_name_make_responders() -> None:
    (incident,), _ = parse_fixture("2024-05-02-search-outage.md")
    first = incident.timeline[0]
    assert (first.time, first.text, first.line) == ("09:02", "@mlopez deploys search-api 2.31.0", 38)
    assert first.people == (Actor("responder", login="mlopez"),)
    # "Alice" alone is Alice Doe: the only known person of that first name.
    assert incident.timeline[2].people == (Actor("responder", "Alice Doe", "", "alicedoe"),)
    # ...but leading the incident already says she responded.
    assert ("Alice Doe", "", "alicedoe") not in who(incident, "responder")
    assert ("", "", "mlopez") in who(incident, "responder")


def test_markdown_action_items_keep_checkbox_status_owner_and_links() -> None:
    (incident,), _ = parse_fixture("2024-05-02-search-outage.md")
    items = [(i.title, i.status, i.links, {(o.name, o.login) for o in i.owners})
             for i in incident.action_items]
    assert items == [
        ("Extend the zero-results alert to logged-in traffic", "done", ("#510",), {("", "mlopez")}),
        ('Treat a missing tenant_id as "no filter", with a test', "open",
         ("https://github.com/acme/widgets/issues/511",), {("Ben Carter", "")}),
        ("Add search to the post-deploy smoke tests", "open", ("acme/widgets#512",),
         {("Alice Doe", "alicedoe")}),
    ]
    assert incident.fix_links == ("acme/widgets#507",)


@pytest.mark.parametrize(
    ("text", "role", "person"),
    [
        ("Incident commander: Alice Doe", "incident_commander", ("Alice Doe", "", "")),
        ("Created By: Alice Doe <alice@example.com>", "postmortem_author",
         ("Alice Doe", "alice@example.com", "")),
        ("Created by: [Alice](https://github.com/alice)", "postmortem_author", ("Alice", "", "alice")),
        ("Created By: [Alice Doe]\n\n[alice doe]: https://github.com/alice-doe",
         "postmortem_author", ("Alice Doe", "", "alice-doe")),
        ("Owner: @alice", "postmortem_author", ("", "", "alice")),
        ("**Incident Commander:** Alice Doe", "incident_commander", ("Alice Doe", "", "")),
        ("**IC**: alice@example.com", "incident_commander", ("", "alice@example.com", "")),
        ("| Incident commander | Alice |\n|---|---|", "incident_commander", ("Alice", "", "")),
        ("- Author: [Alice](mailto:Alice@Example.com)", "postmortem_author",
         ("Alice", "alice@example.com", "")),
        ("Responders:\n\n- Bob Stone (SRE)\n- @carol", "responder", ("Bob Stone", "", "")),
        ("## Responders\n\n* [@carol](https://github.com/carol)", "responder", ("", "", "carol")),
        ("Owner(s): Dana Lee, @erin", "postmortem_author", ("", "", "erin")),
    ],
)
def test_role_lines_name_people_by_name_email_handle_or_link(
    text: str, role: str, person: tuple[str, str, str]
) -> None:
    (incident,), warnings = parse(f"# Disk full on db-3\n\n{text}\n")
    assert warnings == []
    assert person in who(incident, role)


def test_placeholders_in_role_lines_name_nobody() -> None:
    (incident,), _ = parse("# Outage\n\nIncident commander: TBD\nAuthor: <name>\nSeverity: SEV3\n")
    assert incident.people == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [("* [09:02] @alice rolls back", Actor("responder", login="alice")),
     ("- 09:02 UTC — alice@example.com pages the DBA", Actor("responder", email="alice@example.com")),
     ("1. **09:02** [Al](https://github.com/al-x) fails over", Actor("responder", "Al", "", "al-x")),
     ("| 09:02 | @bob | restarts the pool |", Actor("responder", login="bob"))],
)
def test_timeline_lines_name_responders_in_every_common_form(line: str, expected: Actor) -> None:
    header = "| Time | Who | What |\n|---|---|---|\n" if line.startswith("|") else ""
    (incident,), _ = parse(f"# Outage\n\n## Timeline\n\n{header}{line}\n")
    assert incident.timeline[0].time.startswith("09:02")
    assert expected in incident.people


def test_action_item_details_on_nested_lines_and_in_tables() -> None:
    text = (
        "# Outage\n\n## Action items\n\n"
        "### Alert on replication lag\n\nOwner: @kim\nStatus: Done\nTracking: acme/db#7\n\n"
        "## Follow-ups\n\n| Item | DRI | State | Issue |\n|---|---|---|---|\n"
        "| Runbook for failover | Lee Park | open | #9 |\n"
    )
    (incident,), _ = parse(text)
    assert [(i.title, i.status, i.links, i.owners) for i in incident.action_items] == [
        ("Alert on replication lag", "done", ("acme/db#7",), (Actor("action_item_owner", login="kim"),)),
        ("Runbook for failover", "open", ("#9",), (Actor("action_item_owner", "Lee Park"),)),
    ]


def test_code_blocks_and_html_comments_are_not_read() -> None:
    text = ("# Outage\n\nSeverity: SEV2\n<!-- Incident commander: Template Person -->\n"
            "```\nOwner: @not-a-person\n```\n")
    (incident,), _ = parse(text)
    assert incident.people == ()


def test_sub_headings_that_only_group_action_items_are_not_items() -> None:
    text = ("# Outage\n\n## Action items\n\n### Short term\n\n- [ ] Raise pool size #41\n"
            "\n### Long term\n\n- [ ] Load-test every pool change #42\n")
    (incident,), _ = parse(text)
    assert [i.title for i in incident.action_items] == [
        "Raise pool size", "Load-test every pool change"
    ]


def test_front_matter_roles_map_and_people_as_maps() -> None:
    text = ("---\nroles:\n  incident_commander: {name: Ana Souza, github: 'https://github.com/asouza'}"
            "\n  scribe: [Tom Ng]\nauthor: {login: '@kfischer'}\n---\n")
    (incident,), _ = parse(text)
    assert who(incident, "incident_commander") == {("Ana Souza", "", "asouza")}
    assert who(incident, "responder") == {("Tom Ng", "", "")}
    assert who(incident, "postmortem_author") == {("", "", "kfischer")}


# --- shape 3: a log of many incidents -------------------------------------------------


def test_incident_log_gives_one_incident_per_dated_heading() -> None:
    incidents, _ = parse_fixture("incident-log.md")
    assert [(i.title, i.date, i.line, i.anchor) for i in incidents] == [
        ("Webhook deliveries delayed", dt.datetime(2024, 7, 25, tzinfo=UTC), 5,
         "incident-on-2024-07-25---webhook-deliveries-delayed"),
        ("Expired TLS certificate on status page", dt.datetime(2024, 8, 14, 6, 10, tzinfo=UTC), 23,
         "incident-on-2024-08-14---expired-tls-certificate-on-status-page"),
        ("Nightly export job failed", dt.datetime(2024, 9, 3, tzinfo=UTC), 39,
         "incident-on-2024-09-03---nightly-export-job-failed"),
    ]


def test_incident_log_entries_keep_their_own_people_and_facts() -> None:
    webhooks, certificate, export = parse_fixture("incident-log.md")[0]
    assert who(webhooks, "incident_commander") == {("", "", "kfischer")}
    assert who(webhooks, "responder") == {("", "", "rpatel")}
    assert (webhooks.severity, webhooks.duration_minutes) == ("SEV3", 47)
    assert webhooks.services == ("webhooks", "queue-workers")
    assert webhooks.impact.startswith("Webhook deliveries were delayed by up to 40 minutes")
    assert who(certificate, "postmortem_author") == {("Rahul Patel", "", "rpatel")}
    assert certificate.duration_minutes == 52
    assert [(i.title, i.status, i.links) for i in certificate.action_items] == [
        ("Move status page certificate to automated renewal", "done",
         ("https://github.com/acme/widgets/pull/640",)),
        ("Alert 14 days before any certificate expires", "open", ("#641",)),
    ]
    assert who(export, "responder") == {("Ana Souza", "", ""), ("", "", "kfischer")}


def test_timeline_day_headings_do_not_split_a_postmortem() -> None:
    text = ("# DNS outage\n\n## Timeline\n\n### 2024-07-25 - Day one\n\n* 09:00 alert\n\n"
            "### 2024-07-26 - Day two\n\n* 10:00 fixed\n")
    incidents, _ = parse(text)
    assert [i.title for i in incidents] == ["DNS outage"]
    assert len(incidents[0].timeline) == 2


# --- bad input ------------------------------------------------------------------------


def test_broken_yaml_warns_with_line_and_still_reads_key_value_lines() -> None:
    (incident,), warnings = parse("---\ntitle: [unclosed\ndate: 2024-01-02\n---\n\nSeverity: SEV1\n")
    assert len(warnings) == 1
    assert re.match(r"docs/postmortems/outage\.md:[34]: front matter is not valid YAML", warnings[0])
    assert incident.date == dt.datetime(2024, 1, 2, tzinfo=UTC)
    assert incident.severity == "SEV1"


@pytest.mark.parametrize(
    ("front", "kind"),
    [("- a\n- b", "a list"), ("just words", "a string"), ("42", "a number"), ("true", "a boolean")],
)
def test_front_matter_that_is_not_a_mapping_warns_and_body_is_read(front: str, kind: str) -> None:
    (incident,), warnings = parse(f"---\n{front}\n---\n# Cache stampede\n\nSeverity: SEV2\n")
    assert warnings == [
        f"docs/postmortems/outage.md:2: front matter is {kind}, not 'key: value' fields; ignored"
    ]
    assert (incident.title, incident.severity) == ("Cache stampede", "SEV2")


def test_impossible_date_in_front_matter_warns_instead_of_raising() -> None:
    incidents, warnings = parse("---\ndate: 2024-02-30\nseverity: SEV1\n---\n")
    assert warnings[0].startswith("docs/postmortems/outage.md:2: front matter is not valid YAML")
    assert incidents[0].severity == "SEV1"  # read again from the plain lines


def test_unparseable_date_and_unknown_severity_warn_with_their_lines() -> None:
    (incident,), warnings = parse("---\ntitle: Outage\nseverity: catastrophic\ndate: next tuesday\n---\n")
    assert warnings == [
        "docs/postmortems/outage.md:4: date 'next tuesday' not understood; write it as YYYY-MM-DD",
        "docs/postmortems/outage.md:3: unknown severity 'catastrophic'; kept as written "
        "(known: SEV0-SEV5, P0-P4, critical, high, medium, low)",
    ]
    assert (incident.severity, incident.severity_level, incident.date) == ("catastrophic", None, None)


def test_unknown_severity_in_a_log_names_its_line() -> None:
    _, warnings = parse_fixture("incident-log.md")
    assert warnings == [
        "incident-log.md:42: date 'Sept 3rd' not understood; write it as YYYY-MM-DD",
        "incident-log.md:41: unknown severity 'catastrophic-ish'; kept as written "
        "(known: SEV0-SEV5, P0-P4, critical, high, medium, low)",
    ]


def test_unclosed_front_matter_warns_and_reads_markdown() -> None:
    (incident,), warnings = parse("---\nseverity: SEV2\n# Outage\n")
    assert warnings == ["docs/postmortems/outage.md:1: front matter is never closed; read as Markdown"]
    assert incident.severity == "SEV2"


def test_toml_front_matter_is_skipped_with_a_warning() -> None:
    (incident,), warnings = parse('+++\ntitle = "x"\n+++\n# Outage\n\nSeverity: SEV3\n')
    assert warnings == ["docs/postmortems/outage.md:1: TOML front matter is not read; "
                        "use YAML between '---' lines"]
    assert (incident.title, incident.severity) == ("Outage", "SEV3")


def test_pathological_long_lines_are_read_in_one_pass() -> None:
    # Each of these once sent a regex back over the whole line from every offset.
    for line in ("Owner: " + "a" * 50_000, "Author: " + "b." * 25_000, "Owner: " + "[" * 50_000,
                 "Owner: " + "(" * 50_000, "Owner: https://" + "github" * 8_000,
                 "## Action items\n- x" + " - " * 15_000 + "y",
                 "## Resolution\nhttps://x" + ")" * 50_000):
        parse(f"# Outage\n\n{line}\n")


def test_prose_without_any_incident_signal_is_skipped_with_a_warning() -> None:
    incidents, warnings = parse("How we run incident reviews: kindly, and on time.\n")
    assert incidents == []
    assert warnings[0].startswith("docs/postmortems/outage.md:1: no incident found")


def test_binary_huge_and_outside_symlinked_files_are_skipped_with_warnings(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(repo, "postmortems/ok.md", "# Outage\n\nSeverity: SEV2\n")
    (repo / "postmortems" / "diagram.md").write_bytes(b"# Diagram\n\x89PNG\x00\x00")
    write(repo, "postmortems/huge.md", "# Huge\n" + "x" * (1 << 20))
    outside = write(tmp_path, "secret/notes.md", "# Not yours\n")
    (repo / "postmortems" / "link.md").symlink_to(outside)
    (repo / "postmortems" / "inside.md").symlink_to(repo / "postmortems" / "ok.md")
    warnings: list[str] = []
    found = find_postmortem_files(repo, warn=warnings.append)
    assert [p.relative_to(repo).as_posix() for p in found] == ["postmortems/inside.md", "postmortems/ok.md"]
    assert sorted(warnings) == [
        "postmortems/diagram.md:2: binary file (NUL byte), not a postmortem; skipped",
        f"postmortems/huge.md:1: {(1 << 20) + 7} bytes is over the 1 MiB limit for a postmortem; skipped",
        "postmortems/link.md:1: symlink points outside the repository; skipped",
    ]


def test_non_utf8_text_is_read_with_replacement_and_a_warning(tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "latin1.md").write_bytes(
        b"# Paiements en panne\n\nSeverity: SEV2\nAuthor: Jos\xe9 Garc\xeda\n"
    )
    (item,), warnings = collect(tmp_path)
    assert "incidents/latin1.md:4: not valid UTF-8; undecodable bytes replaced with U+FFFD" in warnings
    assert item.facts.severity == "SEV2"
    assert item.actors[0].name == "Jos\ufffd Garc\ufffda"


def test_utf16_files_from_windows_editors_are_read_not_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "postmortems" / "2024-02-02-dns.md"
    path.parent.mkdir()
    path.write_bytes("# DNS outage\r\n\r\nSeverity: SEV2\r\n".encode("utf-16"))
    (item,), warnings = collect(tmp_path)
    assert (item.title, item.facts.severity, warnings) == ("DNS outage", "SEV2", [])


# --- discovery ------------------------------------------------------------------------


DISCOVERY_TREE = {
    "docs/postmortems/2024-01-02-db.md": True,
    "services/api/post-mortems/cache.markdown": True,
    "Incidents/report.qmd": True,
    "ops/pir/2023-q4.md": True,
    "ops/retrospectives/launch.md": True,
    "handbook/2024-02-01-postmortem-queue.md": True,
    "docs/incident-log/entries.md": True,
    "docs/postmortems/README.md": False,
    "docs/postmortems/index.md": False,
    "docs/postmortems/template.md": False,
    "docs/postmortems/TEMPLATE-sev.md": False,
    "docs/postmortems/_sidebar.md": False,
    "docs/postmortems/templates/basic.md": False,
    ".github/ISSUE_TEMPLATE/postmortem.md": False,
    "docs/postmortems/diagram.png": False,
    "docs/guides/deploy.md": False,
    "pirate/treasure.md": False,
}


def make_tree(root: Path) -> None:
    for rel in DISCOVERY_TREE:
        write(root, rel, "# Outage\n\nSeverity: SEV2\n")


def test_default_discovery_finds_postmortem_folders_and_named_files_but_not_templates(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path)
    found = find_postmortem_files(tmp_path, warn=pytest.fail)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == sorted(
        rel for rel, wanted in DISCOVERY_TREE.items() if wanted
    )


def test_git_checkout_lists_only_tracked_files(repo: GitRepo) -> None:
    make_tree(repo.path)
    repo.git("add", "docs", "ops")
    repo.commit("docs", date="2024-01-05T10:00:00+00:00")
    repo.write("docs/postmortems/draft-not-added.md", "# Draft\n\nSeverity: SEV2\n")
    found = find_postmortem_files(repo.path, warn=pytest.fail)
    assert [p.relative_to(repo.path).as_posix() for p in found] == [
        "docs/incident-log/entries.md",
        "docs/postmortems/2024-01-02-db.md",
        "ops/pir/2023-q4.md",
        "ops/retrospectives/launch.md",
    ]


def test_user_globs_replace_the_defaults_and_may_name_folders_or_files(tmp_path: Path) -> None:
    make_tree(tmp_path)
    write(tmp_path, "runbooks/outages/2024-05-01.md", "# Outage\n")
    write(tmp_path, "runbooks/outages/graph.svg", "<svg/>")
    write(tmp_path, "notes/2024-06-01.txt", "Severity: SEV3\n")
    globs = ["runbooks/outages", "docs/postmortems/README.md", "ops/**", "notes/*.txt"]
    found = find_postmortem_files(tmp_path, globs=globs, warn=pytest.fail)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "docs/postmortems/README.md",  # named exactly, so wanted despite being a README
        "notes/2024-06-01.txt",  # the glob names its extension
        "ops/pir/2023-q4.md",
        "ops/retrospectives/launch.md",
        "runbooks/outages/2024-05-01.md",
    ]


def test_sample_postmortems_in_test_fixtures_are_nobodys_incidents(tmp_path: Path) -> None:
    write(tmp_path, "docs/postmortems/2024-01-02-db.md", "# Outage\n\nSeverity: SEV2\n")
    write(tmp_path, "tests/data/postmortems/sample.md", "# Sample\n\nSeverity: SEV1\n")
    write(tmp_path, "pkg/testdata/incidents/case.md", "# Case\n\nSeverity: SEV1\n")

    found = find_postmortem_files(tmp_path, warn=pytest.fail)
    asked = find_postmortem_files(tmp_path, globs=["tests/data/postmortems/**"], warn=pytest.fail)

    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["docs/postmortems/2024-01-02-db.md"]
    assert [p.relative_to(tmp_path).as_posix() for p in asked] == ["tests/data/postmortems/sample.md"]


def test_empty_globs_mean_the_default_places(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert find_postmortem_files(tmp_path, globs=(), warn=pytest.fail) == find_postmortem_files(
        tmp_path, globs=None, warn=pytest.fail
    )


def test_default_globs_and_incident_labels_are_the_documented_ones() -> None:
    assert DEFAULT_POSTMORTEM_GLOBS == (
        "**/postmortems/**", "**/post-mortems/**", "**/postmortem/**", "**/incidents/**",
        "**/incident-reports/**", "**/incident-log/**", "**/retrospectives/**", "**/pir/**",
        "*postmortem*", "*post-mortem*",
    )
    assert INCIDENT_LABELS == (
        "incident", "postmortem", "post-mortem", "outage",
        "sev1", "sev2", "sev3", "sev4", "p0", "p1", "p2",
    )


# --- evidence and git history ---------------------------------------------------------


def test_evidence_has_stable_ids_urls_anchors_and_json_safe_extra(tmp_path: Path) -> None:
    for name in ("2024-05-02-search-outage.md", "incident-log.md"):
        write(tmp_path, f"docs/postmortems/{name}", (DATA / name).read_text(encoding="utf-8"))
    items, _ = collect(tmp_path)
    assert [(i.id, i.url) for i in items] == [
        ("postmortem:acme/widgets/docs/postmortems/2024-05-02-search-outage.md",
         "https://github.com/acme/widgets/blob/HEAD/docs/postmortems/2024-05-02-search-outage.md"),
        ("postmortem:acme/widgets/docs/postmortems/incident-log.md"
         "#incident-on-2024-07-25---webhook-deliveries-delayed",
         "https://github.com/acme/widgets/blob/HEAD/docs/postmortems/incident-log.md"
         "#incident-on-2024-07-25---webhook-deliveries-delayed"),
        ("postmortem:acme/widgets/docs/postmortems/incident-log.md"
         "#incident-on-2024-08-14---expired-tls-certificate-on-status-page",
         "https://github.com/acme/widgets/blob/HEAD/docs/postmortems/incident-log.md"
         "#incident-on-2024-08-14---expired-tls-certificate-on-status-page"),
        ("postmortem:acme/widgets/docs/postmortems/incident-log.md"
         "#incident-on-2024-09-03---nightly-export-job-failed",
         "https://github.com/acme/widgets/blob/HEAD/docs/postmortems/incident-log.md"
         "#incident-on-2024-09-03---nightly-export-job-failed"),
    ]
    search = items[0]
    assert (search.kind, search.repo, search.labels, search.paths) == (
        "postmortem", "acme/widgets", ("p1",), ("docs/postmortems/2024-05-02-search-outage.md",)
    )
    assert evidence_from_record(json.loads(search.to_json())) == search
    assert search.facts.duration == "2h 15m"
    assert [a.links for a in search.facts.action_items] == [
        ("acme/widgets#510",), ("acme/widgets#511",), ("acme/widgets#512",)
    ]
    assert search.facts.fix_links == ("acme/widgets#507",)
    assert {"incident_commander", "postmortem_author", "responder", "action_item_owner"} == {
        a.role for a in search.actors
    }


def test_bare_issue_numbers_become_urls_when_the_repo_has_no_owner(tmp_path: Path) -> None:
    write(tmp_path, "postmortems/a.md", "# Outage\n\n## Action items\n\n- Add alert #12\n")
    (item,), _ = collect(tmp_path, repo_name="widgets", web_base="https://git.example.com/acme/widgets")
    assert item.facts.action_items[0].links == ("https://git.example.com/acme/widgets/issues/12",)
    (item,), _ = collect(tmp_path, repo_name="widgets", web_base=None)
    assert (item.url, item.facts.action_items[0].links) == (None, ("#12",))


UNSIGNED = (
    "# Primary database failover\n\nSeverity: SEV1\n\n## Impact\n\nWrites failed for 4 minutes.\n"
)
ALICE = ("Alice Doe", "alice@example.com")
BOB = ("Bob Stone", "bob@example.com")


def authors(item: Evidence) -> list[Actor]:
    return [a for a in item.actors if a.role == "postmortem_author"]


def test_git_history_credits_the_creator_and_whoever_wrote_most(repo: GitRepo) -> None:
    path = "docs/postmortems/db-failover.md"
    repo.commit("start postmortem", files={path: UNSIGNED}, date="2024-01-05T10:00:00+00:00")
    steps = "".join(f"* 10:{minute:02} step {minute}\n" for minute in range(30))
    repo.commit("timeline", files={path: f"{UNSIGNED}\n## Timeline\n\n{steps}"}, author=BOB,
                date="2024-01-06T09:00:00+00:00")
    (item,), warnings = collect(repo.path)
    assert warnings == []
    assert authors(item) == [Actor("postmortem_author", *ALICE), Actor("postmortem_author", *BOB)]
    assert item.facts.authorship == "git-history"
    # No date in the text: the day the file was first committed.
    assert item.date == dt.datetime(2024, 1, 5, 10, 0, tzinfo=UTC)
    assert item.facts.date_source == "git-history"


def test_git_history_follows_renames_back_to_the_original_author(repo: GitRepo) -> None:
    repo.commit("write up", files={"notes/db-failover.md": UNSIGNED},
                date="2024-01-05T10:00:00+00:00")
    repo.rename("notes/db-failover.md", "docs/postmortems/db-failover.md")
    repo.commit("move into postmortems", author=("Carol Tidy", "carol@example.com"),
                date="2024-03-01T08:00:00+00:00")
    (item,), _ = collect(repo.path)
    assert authors(item) == [Actor("postmortem_author", *ALICE)]
    assert item.date == dt.datetime(2024, 1, 5, 10, 0, tzinfo=UTC)


def test_author_named_in_the_document_wins_over_git_history(repo: GitRepo) -> None:
    repo.commit("add", files={"postmortems/db.md": UNSIGNED + "\nAuthor: Dana Lee\n"})
    (item,), _ = collect(repo.path)
    assert authors(item) == [Actor("postmortem_author", "Dana Lee")]
    assert item.facts.authorship == "document"


def test_log_entries_are_credited_to_whoever_wrote_each_one(repo: GitRepo) -> None:
    first = "# Incident log\n\n## 2024-07-25: Webhooks delayed\n\nSeverity: SEV3\nQueue stuck.\n"
    second = "\n## 2024-08-14: Cert expired\n\nSeverity: low\n"
    repo.commit("first entry", files={"incident-log/log.md": first})
    repo.commit("second entry", files={"incident-log/log.md": first + second}, author=BOB)
    items, _ = collect(repo.path)
    assert [authors(item) for item in items] == [
        [Actor("postmortem_author", *ALICE)],
        [Actor("postmortem_author", *BOB)],
    ]


def test_shallow_clone_does_not_credit_whoever_made_the_cut(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("write up", files={"postmortems/db.md": UNSIGNED})
    repo.commit("unrelated", files={"src/app.py": "print()\n"}, author=BOB)
    clone = repo.clone(tmp_path / "shallow", depth=1)
    (item,), warnings = collect(clone)
    assert authors(item) == []
    assert f"{clone}: shallow clone: 1 postmortem(s) are older than its history, so git cannot " \
           "say who wrote them; fetch all history (actions/checkout fetch-depth: 0)" in warnings


def test_shallow_clone_still_credits_log_entries_written_after_the_cut(
    repo: GitRepo, tmp_path: Path
) -> None:
    first = "# Incident log\n\n## 2024-07-25: Webhooks delayed\n\nSeverity: SEV3\n"
    second = "\n## 2024-08-14: Cert expired\n\nSeverity: low\n"
    repo.commit("start", files={"README.md": "Platform team\n"})
    repo.commit("first entry", files={"incident-log/log.md": first})
    repo.commit("second entry", files={"incident-log/log.md": first + second}, author=BOB)
    clone = repo.clone(tmp_path / "shallow", depth=2)  # history stops at the first entry
    items, warnings = collect(clone)
    assert [authors(item) for item in items] == [[], [Actor("postmortem_author", *BOB)]]
    assert warnings[0].startswith("incident-log/log.md:1: shallow clone: 1 incident(s)")


def test_undated_file_outside_git_uses_modification_time_and_warns(tmp_path: Path) -> None:
    path = write(tmp_path, "postmortems/db.md", UNSIGNED)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (item,), warnings = collect(tmp_path)
    assert item.date == dt.datetime.fromtimestamp(1_700_000_000, tz=UTC)
    assert warnings == ["postmortems/db.md:1: no incident date in the text or git history; "
                        "using the file's modification time"]


# --- closing the loop -----------------------------------------------------------------


def work(id_: str, *, title: str = "", body: str = "", paths: tuple[str, ...] = (),
         repo: str = "acme/widgets", **extra: object) -> Evidence:
    kind = {"pr": "pull_request", "issue": "issue", "commit": "commit"}[id_.split(":")[0]]
    number = int(id_.rsplit("#", 1)[1]) if "#" in id_ else None
    return Evidence(id=id_, kind=kind, repo=repo, title=title, body=body, paths=paths,
                    date=dt.datetime(2024, 6, 1, tzinfo=UTC), actors=(), number=number,
                    facts=Facts.from_extra(extra))


@pytest.fixture
def postmortems(tmp_path: Path) -> list[Evidence]:
    for name in ("2024-05-02-search-outage.md", "incident-log.md"):
        write(tmp_path, f"docs/postmortems/{name}", (DATA / name).read_text(encoding="utf-8"))
    return collect(tmp_path)[0]


def test_follow_up_work_is_linked_to_the_incident_it_closes(postmortems: list[Evidence]) -> None:
    search, webhooks, certificate, _ = postmortems
    sha = "3f2a9c1d" + "0" * 32
    items = [
        work("pr:acme/widgets#507", title="Treat missing tenant as no filter"),  # the listed fix
        work("issue:acme/widgets#510", title="Zero-results alert for logged-in users"),  # the item
        work("pr:acme/widgets#520", title="Alert on zero results", linked_issues=["acme/widgets#512"]),
        work(f"commit:acme/widgets@{sha}", title="Dead-letter poison messages", body="Fixes #623"),
        work("pr:acme/widgets#530", body="Follow-up to docs/postmortems/2024-05-02-search-outage.md"),
        work("pr:acme/widgets#531", body="See https://github.com/acme/widgets/blob/main/docs/"
             "postmortems/incident-log.md#incident-on-2024-08-14---expired-tls-certificate-on-status-page"),
        work("pr:acme/widgets#532", title="Unrelated refactor", body="Mentions #999 only"),
        work("pr:acme/widgets#533", body="Postmortem for search: docs/postmortems/2024-05-02-search-outage.md",
             paths=("docs/postmortems/2024-05-02-search-outage.md",)),
        work("pr:acme/widgets#534", body="Tidy docs/postmortems/incident-log.md"),
        work("pr:acme/gadgets#9", repo="acme/gadgets",
             body="Same path, other repository: docs/postmortems/2024-05-02-search-outage.md"),
    ]
    assert link_follow_ups(postmortems, items) == {
        search.id: ["pr:acme/widgets#507", "issue:acme/widgets#510", "pr:acme/widgets#520",
                    "pr:acme/widgets#530"],
        webhooks.id: [f"commit:acme/widgets@{sha}"],
        certificate.id: ["pr:acme/widgets#531"],
    }


def test_fix_commit_url_matches_the_commit_and_the_pr_that_merged_it() -> None:
    sha = "a" * 40
    incident = Evidence(
        id="postmortem:acme/widgets/pm.md", kind="postmortem", repo="acme/widgets", title="x",
        date=dt.datetime(2024, 6, 1, tzinfo=UTC), actors=(), paths=("pm.md",),
        facts=Facts(path="pm.md", anchor="", action_items=(),
                    fix_links=(f"acme/widgets@{sha[:10]}",)),
    )
    pr = Evidence(id="pr:acme/widgets#9", kind="pull_request", repo="acme/widgets", title="fix",
                  date=incident.date, actors=(), shas=(sha,))
    commit = work(f"commit:acme/widgets@{sha}")
    assert link_follow_ups([incident], [pr, commit]) == {incident.id: [pr.id, commit.id]}


# --- never raise ----------------------------------------------------------------------

WARNING = re.compile(r"^fuzz/postmortem\.md:\d+: \S")

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates(), st.datetimes(), st.sampled_from(["SEV1", "P9", "@alice", "#12", "2024-13-45"]),
)
yaml_keys = st.one_of(
    st.sampled_from(["title", "date", "severity", "status", "authors", "author", "ic",
                     "incident-commander", "commander", "owners", "responders", "impact",
                     "services", "action_items", "duration", "start", "end", "roles", "timeline",
                     "fix", "name", "email", "github", "owner", "link", "done"]),
    st.text(max_size=12),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(yaml_keys, inner, max_size=5),
    max_leaves=25,
)
markdown_lines = st.one_of(
    st.text(max_size=60),
    st.sampled_from([
        "# Outage", "## Timeline", "## Action items", "### Incident on 2024-07-25 - x",
        "## Responders", "| a | b |", "|---|---|", "| Owner | @x |", "* [09:02] @alice did it",
        "- [ ] fix it (owner: @bob) #12", "  - Status: done", "Created By: [Al]", "[al]: mailto:a@b.c",
        "**Incident Commander:** Alice", "Severity: ???", "Date: 99/99/9999", "```", "<!--", "-->",
        "---", "Duration: 999999999999h", "Start: 25:99", "End: 2024-07-25 09:00 PDT",
    ]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parser_never_raises_on_arbitrary_text(text: str) -> None:
    warnings: list[str] = []
    parse_postmortem(text, path="fuzz/postmortem.md", warn=warnings.append)
    assert all(WARNING.match(w) for w in warnings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values, st.lists(markdown_lines, max_size=15))
def test_parser_never_raises_on_arbitrary_front_matter(front: object, body: list[str]) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + "\n".join(body)
    warnings: list[str] = []
    for incident in parse_postmortem(text, path="fuzz/postmortem.md", warn=warnings.append):
        json.dumps([incident.title, incident.impact, incident.severity, incident.status,
                    incident.services, [a.links for a in incident.action_items]])
    assert all(WARNING.match(w) for w in warnings)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(markdown_lines, st.sampled_from(["---", "- a", "key: [", "&a [*a]",
                                                          "!!python/object:os.system x", "{"])),
                max_size=12))
@example(["## Action items", "|---|---|", "|---|---|"])  # a table of separators only
def test_parser_never_raises_on_malformed_yaml(lines: list[str]) -> None:
    warnings: list[str] = []
    parse_postmortem("---\n" + "\n".join(lines), path="fuzz/postmortem.md", warn=warnings.append)
    assert all(WARNING.match(w) for w in warnings)
