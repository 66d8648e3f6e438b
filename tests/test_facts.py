"""Typed facts: what a source knows beyond the common fields, and ``extra`` on disk."""

from __future__ import annotations

import datetime as dt

from evidencer.model import NO_FACTS, Actor, Evidence, Facts, Reporter, merge_evidence

WHEN = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.timezone.utc)


def postmortem(facts: Facts, *, sources: tuple[str, ...] = ("postmortems",)) -> Evidence:
    return Evidence(id="postmortem:acme/widgets/pm.md", kind="postmortem", repo="acme/widgets",
                    title="Search outage", date=WHEN, actors=(), sources=sources, facts=facts)


def test_a_pull_request_writes_only_the_facts_it_knows() -> None:
    facts = Facts(state="merged", merged_at="2026-03-04T10:00:00Z", linked_issues=())

    assert facts.to_extra() == {
        "state": "merged", "merged_at": "2026-03-04T10:00:00Z", "linked_issues": [],
    }
    assert Facts.from_extra(facts.to_extra()) == facts


def test_when_work_was_written_long_before_it_landed_is_kept_on_disk() -> None:
    facts = Facts(written_at="2023-04-07T10:00:00+02:00")

    assert facts.to_extra() == {"written_at": "2023-04-07T10:00:00+02:00"}
    assert Facts.from_extra(facts.to_extra()) == facts
    assert Facts.from_extra({"written_at": 7}) is NO_FACTS  # the wrong type is left out


def test_who_opened_the_issues_a_pull_request_closed_is_kept_on_disk() -> None:
    facts = Facts(linked_issues=("a/b#3",), reporters=(
        Reporter(ref="a/b#3", login="carol", association="NONE", title="Crash"),))

    assert facts.to_extra() == {"linked_issues": ["a/b#3"], "reporters": [
        {"ref": "a/b#3", "login": "carol", "association": "NONE", "title": "Crash",
         "labels": []}]}
    assert Facts.from_extra(facts.to_extra()) == facts
    assert Facts.from_extra({"reporters": [{"login": "carol"}, "x"]}).reporters == ()


def test_a_postmortem_writes_every_postmortem_field_known_or_not() -> None:
    extra = Facts(path="pm.md", severity="SEV2").to_extra()

    assert extra == {
        "path": "pm.md", "severity": "SEV2", "duration": None, "line": None, "anchor": None,
        "severity_level": None, "status": None, "duration_minutes": None, "impact": None,
        "services": [], "action_items": [], "fix_links": [], "timeline": [],
        "authorship": None, "date_source": None,
    }


def test_unknown_keys_and_values_of_the_wrong_type_are_left_out() -> None:
    facts = Facts.from_extra({
        "state": 3, "discussion": True, "reviews": "2", "linked_issues": ["a/b#1", 7],
        "review_states": {"APPROVED": 1, "COMMENTED": "2", "approved": True},
        "action_items": ["not an object", {"title": "Alert", "links": ["#5"], "line": "x"}],
        "a_key_of_a_newer_version": {"x": 1},
    })

    assert facts.state is None and facts.discussion is None and facts.reviews is None
    assert facts.linked_issues == ("a/b#1",)
    assert facts.review_states == {"APPROVED": 1}
    assert facts.action_items is not None
    assert [(a.title, a.links, a.line) for a in facts.action_items] == [("Alert", ("#5",), 0)]


def test_a_later_sighting_keeps_what_only_the_earlier_one_knew() -> None:
    older = Facts(state="open", updated_at="2026-03-01T10:00:00Z", discussion=4)
    newer = Facts(state="merged", merged_at="2026-03-04T10:00:00Z")

    assert newer.merged_with(older) == Facts(
        state="merged", merged_at="2026-03-04T10:00:00Z", updated_at="2026-03-01T10:00:00Z",
        discussion=4,
    )


def test_a_postmortem_read_again_drops_a_field_its_text_no_longer_states() -> None:
    before = postmortem(Facts(path="pm.md", severity="SEV2", status="open"))
    after = postmortem(Facts(path="pm.md", status="resolved"))

    merged = merge_evidence(before, after)

    assert (merged.facts.severity, merged.facts.status) == (None, "resolved")


def test_a_commit_read_again_takes_the_body_as_this_version_reads_it() -> None:
    # A newer evidencer strips more of a squash list: the stored, longer body must not win.
    def commit(body: str) -> Evidence:
        return Evidence(id="commit:r:abc", kind="commit", repo="r", title="feat: x",
                        date=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc), actors=(),
                        body=body, sources=("git",))

    assert merge_evidence(commit("* wip\n\n* fix: other (#12)\n\nIts words"),
                          commit("")).body == ""


def test_a_commit_read_again_takes_its_people_as_this_version_credits_them() -> None:
    # mealie-recipes/mealie#3395: an earlier version made the fork's owner a co-author of
    # their own pull request; read again, they are its author alone.
    def pull(*actors: Actor, sources: tuple[str, ...] = ("git",)) -> Evidence:
        return Evidence(id="pr:r#7", kind="pull_request", repo="r", title="feat: x",
                        date=WHEN, actors=actors, sources=sources)

    tarek = Actor(role="author", name="Tarek", email="tbacode@outlook.com")
    helper = Actor(role="co_author", name="Tarek", email="tbacode@outlook.com")
    merger = Actor(role="merger", name="Boc", email="boc@example.com")
    reviewer = Actor(role="reviewer", name="Ann", email="", login="ann")

    assert merge_evidence(pull(helper, merger), pull(tarek, merger)).actors == (tarek, merger)
    # a GitHub sighting adds people to what git knew, and git read again keeps them
    seen = merge_evidence(pull(tarek, merger), pull(reviewer, sources=("github",)))
    assert set(merge_evidence(seen, pull(tarek, merger)).actors) == {tarek, merger, reviewer}
