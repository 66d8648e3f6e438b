"""Roles stated in prose (issue #11): "Alice Moreau (@alice) was the incident commander",
"Alice takes incident command", "-- owner: alice -- done". People the text only mentions
("we paged Bob", "thanks to Carol for the dashboard") get no role.

The documents below are written in the shapes of common public templates: the Google SRE
book's example postmortem, PagerDuty's postmortem template, and free prose."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from evidencer.cli.main import cli
from evidencer.sources.postmortems.parse import Incident, parse_postmortem
from tests.support.gitrepo import GitRepo

SRE_STYLE = """\
# Search indexing stalled after a settings rename

**Date:** 2024-06-11

**Authors:** Grace Lin

**Status:** Complete, action items in progress

## Summary

Search results were up to 3 hours stale after the indexer ignored a renamed setting.

## Impact

About 12% of searches returned results older than 3 hours between 09:40 and 12:55 UTC.

## Root Causes

Release 5.2 renamed `index.batch_size` to `indexer.batch_size`; the indexer silently fell
back to a batch size of 1 and could not keep up.

## Resolution

Alice Moreau (@alice) was the incident commander. Tom Becker rolled back the indexer to
release 5.1 at 12:40 and the backlog drained by 12:55. We paged Bob Novak at 10:05 for a
second opinion on the queue metrics.

## Detection

The staleness alert fired at 09:52; thanks to Carol Diaz for the dashboard that made the
backlog obvious.

## Action Items

| Action Item | Type | Owner | Bug |
|---|---|---|---|
| Fail startup on unknown settings | prevent | alice | #812 |
| Alert on indexer batch size of 1 | detect | Tom Becker | #813 |

## Lessons Learned

### What went well

* The rollback was quick once the cause was known.

## Timeline

2024-06-11 (all times UTC)

* 09:40 Release 5.2 reaches 100% of indexers
* 09:52 Staleness alert fires; paged @tbecker
* 10:05 Alice takes incident command
* 12:40 @tbecker rolls back the indexer to 5.1
"""

PAGERDUTY_STYLE = """\
---
title: "Checkout 502s during config reload"
date: 2024-07-02
severity: SEV-2
---

# Checkout 502s during config reload

## Overview

A config reload on the edge proxies dropped in-flight checkout requests for 25 minutes.

## What Happened

At 14:10 UTC the edge proxies reloaded a config with a renamed upstream. Priya Raman was
on call and acknowledged the page at 14:13. Priya Raman (@priya) was the incident
commander for the first hour; Dmitri Volkov and Sam Okafor joined the bridge and Dmitri
reverted the config at 14:35. We escalated to Erin Walsh on the networking team but the
revert had already fixed it.

## Impact

Roughly 4% of checkout attempts failed with 502 for 25 minutes.

## Responders

* Incident Commander: Priya Raman
* Scribe: Lena Fischer

## How'd We Do?

* Thanks to Carol Diaz for the dashboard that showed the 502s per proxy.
* Nobody responded to the first automated page for 3 minutes.

## Action Items

* [x] Fail startup on renamed settings -- owner: priya -- done
* [ ] Canary config reloads on one proxy first -- owner: Dmitri Volkov -- in progress
* [ ] Document the reload runbook (owner: @sokafor)

This postmortem was written by Lena Fischer.
"""

FREE_PROSE = """\
# The night the billing export ran twice

_Written by Hannah Ito_

On 2024-08-20 the nightly billing export ran twice, and 340 customers were emailed a
duplicate invoice. Impact: 340 duplicate invoices were sent before the second run was
stopped.

Omar Haddad was on call. He was paged at 02:14, and we paged Bob Novak, who restarted the
scheduler at 02:40 and stopped the second run. Omar led the incident response until the
morning, when Hannah took over as incident commander to coordinate the customer emails.
Many thanks to Carol Diaz for the SQL that listed the affected customers, and to Dave
Kim from support, who reported the first ticket.

## Follow-ups

- Make the export idempotent per billing day -- owner: omar -- done
- Add an alert when an export runs twice in a day — owner: Bob Novak — open
"""


def parse_one(text: str, path: str = "docs/postmortems/x.md") -> Incident:
    warnings: list[str] = []
    (incident,) = parse_postmortem(text, path=path, warn=warnings.append)
    return incident


def names(incident: Incident, role: str) -> set[str]:
    return {actor.name or f"@{actor.login}" for actor in incident.people_in(role)}


def owners(incident: Incident) -> dict[str, tuple[set[str], str]]:
    return {item.title: ({a.name or f"@{a.login}" for a in item.owners}, item.status)
            for item in incident.action_items}


def test_sre_style_prose_names_the_commander_and_the_responders_who_acted() -> None:
    incident = parse_one(SRE_STYLE)
    commander = incident.people_in("incident_commander")
    assert [(a.name, a.login) for a in commander] == [("Alice Moreau", "alice")]
    assert names(incident, "responder") == {"Tom Becker", "@tbecker"}
    assert names(incident, "postmortem_author") == {"Grace Lin"}
    assert owners(incident) == {
        "Fail startup on unknown settings": ({"@alice"}, ""),
        "Alert on indexer batch size of 1": ({"Tom Becker"}, ""),
    }


def test_pagerduty_style_credits_on_call_bridge_and_author_but_not_the_escalation() -> None:
    incident = parse_one(PAGERDUTY_STYLE)
    # The "Incident Commander:" line and the prose are one person, with the login.
    assert [(a.name, a.login) for a in incident.people_in("incident_commander")] == [
        ("Priya Raman", "priya")]
    assert names(incident, "responder") == {"Lena Fischer", "Dmitri Volkov", "Sam Okafor"}
    assert names(incident, "postmortem_author") == {"Lena Fischer"}
    assert owners(incident) == {
        "Fail startup on renamed settings": ({"@priya"}, "done"),
        "Canary config reloads on one proxy first": ({"Dmitri Volkov"}, "in progress"),
        "Document the reload runbook": ({"@sokafor"}, "open"),
    }


def test_free_prose_credits_who_took_command_and_who_acted_after_being_paged() -> None:
    incident = parse_one(FREE_PROSE)
    assert names(incident, "incident_commander") == {"Omar Haddad", "Hannah Ito"}
    assert names(incident, "responder") == {"Bob Novak"}
    assert names(incident, "postmortem_author") == {"Hannah Ito"}
    assert owners(incident) == {
        "Make the export idempotent per billing day": ({"@omar"}, "done"),
        "Add an alert when an export runs twice in a day": ({"Bob Novak"}, "open"),
    }


@pytest.mark.parametrize(("text", "mentioned"), [
    (SRE_STYLE, {"Bob Novak", "Carol Diaz"}),
    (PAGERDUTY_STYLE, {"Carol Diaz", "Erin Walsh"}),
    (FREE_PROSE, {"Carol Diaz", "Dave Kim", "Dave"}),
])
def test_people_only_paged_thanked_or_reporting_get_no_role(text: str, mentioned: set[str]) -> None:
    incident = parse_one(text)
    assert not {a.name for a in incident.people} & mentioned


@pytest.mark.parametrize(("sentence", "role", "who"), [
    ("Alice Moreau (@alice) was the incident commander.", "incident_commander",
     ("Alice Moreau", "alice")),
    ("The incident commander was Ivan Petrov.", "incident_commander", ("Ivan Petrov", "")),
    ("Ivan Petrov (IC) declared a SEV1 at 10:02.", "incident_commander", ("Ivan Petrov", "")),
    ("With Ivan Petrov as IC, the team drained the queue.", "incident_commander",
     ("Ivan Petrov", "")),
    ("The response was led by Judy Alvarez.", "incident_commander", ("Judy Alvarez", "")),
    ("We paged Bob Novak, who rolled back the deploy.", "responder", ("Bob Novak", "")),
    ("Bob Novak was paged and acknowledged within two minutes.", "responder",
     ("Bob Novak", "")),
    ("The bad deploy was reverted by @bnovak.", "responder", ("", "bnovak")),
    ("Then Bob Novak quickly mitigated by shedding load.", "responder", ("Bob Novak", "")),
    ("This postmortem was written by Grace Lin.", "postmortem_author", ("Grace Lin", "")),
    ("Grace Lin wrote this report.", "postmortem_author", ("Grace Lin", "")),
    ("Omar was on call.", "responder", ("Omar", "")),
    ("Omar acknowledged the page.", "responder", ("Omar", "")),
])
def test_one_sentence_states_one_role(sentence: str, role: str, who: tuple[str, str]) -> None:
    incident = parse_one(f"# Outage\n\nSeverity: SEV2\n\n## Summary\n\n{sentence}\n")
    assert [(a.role, a.name, a.login) for a in incident.people] == [(role, *who)]


@pytest.mark.parametrize("sentence", [
    "We paged Bob Novak at 10:05.",
    "Bob Novak was paged but the page went unanswered.",
    "Thanks to Carol Diaz for the dashboard.",
    "Dave Kim from support reported the first ticket.",
    "Bob Novak did not respond to the page.",
    "Bob Novak's change introduced the bug.",
    "The on-call engineer responded within minutes.",
    "Support investigated the customer tickets.",
    "We escalated to Erin Walsh.",
    "Kubernetes restarted the pods and Redis failed over to the replica.",
    "Amazon Aurora failed over at 10:04.",
    "Postgres restarted and Redis failed over; Argo rolled back the release.",
])
def test_a_mention_alone_is_no_role(sentence: str) -> None:
    incident = parse_one(f"# Outage\n\nSeverity: SEV2\n\n## Summary\n\n{sentence}\n")
    assert incident.people == ()


def test_a_timeline_line_that_only_pages_someone_does_not_make_them_a_responder() -> None:
    incident = parse_one("# Outage\n\nSeverity: SEV2\n\n## Timeline\n\n"
                         "- 10:02 PagerDuty paged @bnovak and @cdiaz\n"
                         "- 10:04 @bnovak acknowledged\n")
    assert names(incident, "responder") == {"@bnovak"}


def test_a_prose_commander_is_credited_in_the_report(repo: GitRepo) -> None:
    repo.commit("docs: postmortem", files={"docs/postmortems/2024-07-02-reload.md":
                                           PAGERDUTY_STYLE},
                author=("Lena Fischer", "lena@example.com"), date="2024-07-03T10:00:00+00:00")
    result = CliRunner().invoke(cli, [
        "-q", "brag", "--offline", "--repo", str(repo.path), "--since", "2024-01-01",
        "--until", "2024-12-31", "--store", str(repo.path.parent / "store.sqlite3"),
        "--author", "priya", "--format", "json",
    ])
    assert result.exit_code == 0, result.output
    (item,) = [i for i in json.loads(result.stdout)["items"] if i["kind"] == "postmortem"]
    assert item["roles"] == ["incident_commander", "action_item_owner"]
