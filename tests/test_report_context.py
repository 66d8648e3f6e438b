"""The report context: highlights ranked and spread across competencies, reviews summed up.

Pure functions over plain records; the documents that use them are tested end to end elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from evidencer.classify.rubric import load_rubric
from evidencer.model import Classified, Evidence, Facts, Match, Period, Person
from evidencer.report.build import ReportInput, build_context, pick_highlights, strength
from evidencer.report.team import Member, build_team_context

UTC = dt.timezone.utc
RUBRIC = load_rubric()
ALL = [c.id for c in RUBRIC.competencies]


def entry(
    number: int,
    *,
    scores: dict[str, float],
    kind: str = "pull_request",
    impact: tuple[str, ...] = (),
    size: int = 0,
    day: int = 1,
    repo: str = "acme/widgets",
    paths: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
    title: str | None = None,
) -> Classified:
    evidence = Evidence(
        id=f"{kind}:{repo}#{number}", kind=kind, repo=repo, title=title or f"Item {number}",
        date=dt.datetime(2026, 3, day, tzinfo=UTC), actors=(), number=number, additions=size,
        paths=paths, url=f"https://github.com/{repo}/pull/{number}",
        facts=Facts.from_extra(extra or {}),
    )
    matches = tuple(Match(c, s, (f"rule for {c}",)) for c, s in scores.items())
    return Classified(evidence, matches, impact=impact)


def review(number: int, states: dict[str, int], **options: Any) -> Classified:
    scores = options.pop("scores", {"product-stability": 2.0})
    return entry(number, kind="review", scores=scores,
                 extra={"review_states": states, "reviews": sum(states.values())}, **options)


def context(*items: Classified, roles: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    data = ReportInput(
        person=Person(names=("Alice Doe",)),
        period=Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)), rubric=RUBRIC, items=items,
        roles=roles or {i.evidence.id: ("author",) for i in items},
    )
    return build_context(data)


# --- strength and highlights --------------------------------------------------------------


def test_a_stated_outcome_outranks_the_same_work_without_one() -> None:
    plain = entry(1, scores={"customer-value": 3.0})
    measured = entry(2, scores={"customer-value": 3.0}, impact=("3 s instead of 40 s",))

    assert strength(measured, ("author",)) > strength(plain, ("author",))


def test_authoring_outranks_merging_the_same_work() -> None:
    work = entry(1, scores={"product-stability": 3.0})

    assert strength(work, ("author",)) > strength(work, ("co_author",)) > strength(work, ("merger",))


def test_a_larger_change_outranks_a_tiny_one_of_equal_score() -> None:
    tiny = entry(1, scores={"product-stability": 3.0}, size=3)
    large = entry(2, scores={"product-stability": 3.0}, size=400)

    assert strength(large, ("author",)) > strength(tiny, ("author",))


def test_the_changes_shipped_say_when_those_of_a_few_lines_are_left_out() -> None:
    # pdm-project/pdm: "fixed 34 bugs in shipped work" above "shipped 12 stability
    # changes", the 22 fixes under 20 lines left out without a word
    larger = [entry(n, scores={"product-stability": 2.0}, size=300,
                    paths=(f"src/area{n}/x.go",)) for n in range(1, 4)]
    tiny = entry(4, scores={"product-stability": 2.0}, size=3, paths=("src/area1/y.go",))

    def shipped(*items: Classified) -> str:
        stability = next(c for c in context(*items)["competencies"]
                         if c["id"] == "product-stability")
        return next(level["sentence"] for level in stability["levels"]
                    if level["marker"] == "shipped")

    assert shipped(*larger, tiny) == "shipped 3 stability changes in 3 areas, and 1 more of a few lines"
    assert shipped(*larger) == "shipped 3 stability changes in 3 areas"


def test_more_outcomes_help_but_only_up_to_a_cap() -> None:
    def with_impact(count: int) -> float:
        stated = tuple(f"outcome {n}" for n in range(count))
        return strength(entry(1, scores={"customer-value": 2.0}, impact=stated), ("author",))

    assert with_impact(0) < with_impact(1) < with_impact(2) < with_impact(3) == with_impact(9)


def test_the_examples_after_a_count_of_stated_outcomes_state_one() -> None:
    # junegunn/fzf: "shipped 39 features or improvements in 5 areas; 11 state a measured
    # outcome (Fix track-current unset…; Add field-based tracking…)", neither of them one
    big = [entry(n, scores={"customer-value": 3.0}, size=900, paths=(f"src/a{n}/x.go",))
           for n in (1, 2, 3)]
    measured = entry(4, scores={"customer-value": 3.0}, size=40, paths=("src/b/x.go",),
                     impact=("search now takes 2 s instead of 9 s",))

    value = next(c for c in context(*big, measured)["competencies"]
                 if c["id"] == "customer-value")
    shipped = next(level for level in value["levels"] if level["marker"] == "shipped"
                   and level["id"] == "action")

    assert shipped["sentence"].endswith("; 1 states a measured outcome")
    assert shipped["evidence"][0]["id"] == measured.evidence.id


def test_an_outcome_two_items_state_is_said_once_at_a_glance() -> None:
    # python-poetry/poetry: a change and its backport state the same outcome
    original = entry(1, scores={"customer-value": 3.0}, impact=("locking 15 % faster",))
    backport = entry(2, scores={"customer-value": 3.0}, impact=("Locking 15 % faster",))
    other = entry(3, scores={"customer-value": 3.0}, impact=("startup 2 s instead of 5 s",))

    value = next(c for c in context(original, backport, other)["competencies"]
                 if c["id"] == "customer-value")

    assert sorted(o["text"] for o in value["glance"]["outcomes"]) == [
        "locking 15 % faster", "startup 2 s instead of 5 s"]


def test_the_strongest_at_a_glance_name_each_title_once() -> None:
    # withastro/starlight: one docs page's translation synced three times read
    # "Strongest: i18n(fr): update `reference/configuration.mdx`, i18n(fr): update …"
    same = [entry(n, scores={"customer-empathy": 3.0}, size=40, day=n,
                  title="i18n(fr): update `reference/configuration.mdx`") for n in (1, 2, 3)]
    other = entry(4, scores={"customer-empathy": 2.0}, size=10, title="Explain the sidebar")

    empathy = next(c for c in context(*same, other)["competencies"]
                   if c["id"] == "customer-empathy")

    assert [v["title"] for v in empathy["glance"]["strongest"]] == [
        "i18n(fr): update `reference/configuration.mdx`", "Explain the sidebar"]


def test_highlights_give_each_competency_its_strongest_item_before_the_rest() -> None:
    strong = [entry(n, scores={"product-stability": 5.0}, day=n) for n in range(1, 7)]
    value = entry(20, scores={"customer-value": 2.0})
    empathy = entry(21, scores={"customer-empathy": 2.0})

    picked = pick_highlights([*strong, value, empathy], {}, competencies=ALL, limit=5)

    ids = [e.evidence.id for e in picked]
    assert len(ids) == 5
    assert {value.evidence.id, empathy.evidence.id} <= set(ids)
    assert ids[:3] == [s.evidence.id for s in reversed(strong[-3:])]  # strongest, newest first


def test_one_fix_landed_on_two_branches_is_one_highlight() -> None:
    # expressjs/express: the same fix committed to 4.x and 5.x, title for title
    title = "Improved fix for open redirect allow list bypass"
    fix = entry(1, scores={"product-stability": 5.0}, title=title, size=300)
    backport = entry(2, scores={"product-stability": 5.0}, title=f"{title} ", size=300)
    others = [entry(n, scores={"product-stability": 3.0}, size=50) for n in range(3, 9)]

    picked = pick_highlights([fix, backport, *others], {}, competencies=ALL, limit=5)

    assert [e.evidence.title.strip() for e in picked].count(title) == 1
    assert len(picked) == 5


def test_an_item_only_merged_does_not_claim_a_competencys_place() -> None:
    merged = entry(1, scores={"customer-empathy": 4.0})
    authored = [entry(n, scores={"product-stability": 4.0}, day=n) for n in range(2, 8)]
    roles = {e.evidence.id: ("author",) for e in authored} | {merged.evidence.id: ("merger",)}

    picked = pick_highlights([merged, *authored], roles, competencies=ALL, limit=5)

    assert merged not in picked


def test_reviews_and_other_work_are_never_highlights() -> None:
    data = context(review(1, {"APPROVED": 1}, scores={"product-stability": 9.0}),
                   entry(2, scores={}), entry(3, scores={"product-stability": 2.0}))

    assert [h["id"] for h in data["highlights"]] == ["pull_request:acme/widgets#3"]


def test_each_item_names_the_competency_it_shows_most_strongly() -> None:
    data = context(entry(1, scores={"customer-empathy": 2.0, "product-stability": 3.0}))

    assert data["items"][0]["best"] == {
        "id": "product-stability", "name": "Product Stability", "score": 3.0,
        "reasons": ["rule for product-stability"],
    }


# --- reviews summed up --------------------------------------------------------------------


def test_reviews_are_summed_up_per_competency_and_overall_not_listed_in_themes() -> None:
    data = context(
        review(1, {"CHANGES_REQUESTED": 1, "APPROVED": 1}),
        review(2, {"APPROVED": 1}, repo="acme/api"),
        review(3, {"COMMENTED": 2}, scores={}),
        entry(4, scores={"product-stability": 3.0}),
    )

    stability = next(c for c in data["competencies"] if c["id"] == "product-stability")
    assert stability["count"] == 3
    assert [i["id"] for t in stability["themes"] for i in t["items"]] == [
        "pull_request:acme/widgets#4",
    ]
    assert {k: v for k, v in stability["reviews"].items() if k != "items"} == {
        "noun": "pull request", "prs": 2, "reviews": 3, "changes_requested": 1, "approved": 2,
        "states": {"APPROVED": 2, "CHANGES_REQUESTED": 1},
        "areas": [{"name": "acme/api", "count": 1}, {"name": "acme/widgets", "count": 1}],
        "repos": [{"name": "acme/api", "count": 1}, {"name": "acme/widgets", "count": 1}],
    }
    assert data["reviews"]["prs"] == 3
    assert data["reviews"]["states"] == {"APPROVED": 2, "CHANGES_REQUESTED": 1, "COMMENTED": 2}
    assert data["other"] == []  # the unmatched review is summed up, not "other work"
    assert len(data["items"]) == 4  # the appendix still has every item


def test_review_areas_are_path_prefixes_within_one_repository() -> None:
    data = context(
        review(1, {"APPROVED": 1}, paths=("src/billing/invoice.py", "src/billing/tax.py")),
        review(2, {"APPROVED": 1}, paths=("src/billing/refund.py", "README.md")),
        review(3, {"APPROVED": 1}, paths=("./docs/guide.md",)),
    )

    assert data["reviews"]["areas"] == [
        {"name": "src/billing/", "count": 2},
        {"name": "acme/widgets", "count": 1},
        {"name": "docs/", "count": 1},
    ]


def test_two_logins_reviewing_one_pull_request_count_it_once() -> None:
    first = review(7, {"CHANGES_REQUESTED": 1})
    second = Classified(
        Evidence(id="review:acme/widgets#7@alice-work", kind="review", repo="acme/widgets",
                 title="Item 7", date=dt.datetime(2026, 3, 2, tzinfo=UTC), actors=(), number=7,
                 facts=Facts(review_states={"APPROVED": 1})),
        (Match("product-stability", 2.0, ("r",)),),
    )

    summary = context(first, second)["reviews"]

    assert (summary["prs"], summary["reviews"], summary["changes_requested"]) == (1, 2, 1)


def test_odd_review_states_are_tolerated() -> None:
    data = context(entry(1, kind="review", scores={},
                         extra={"review_states": {"approved": True, "COMMENTED": "2"}}))

    assert (data["reviews"]["prs"], data["reviews"]["reviews"]) == (1, 1)


# --- anchors and the team view ------------------------------------------------------------


def test_competency_anchors_match_githubs_heading_ids() -> None:
    data = context()

    assert [c["anchor"] for c in data["competencies"]] == [
        "customer-empathy", "customer-value", "product-stability",
    ]


def test_the_team_view_counts_people_per_competency_and_links_their_strongest_items() -> None:
    alice = context(entry(1, scores={"product-stability": 2.0}),
                    entry(2, scores={"product-stability": 5.0}, impact=("0 errors",)),
                    entry(3, scores={"product-stability": 1.0}, day=9))
    bob = context()

    team = build_team_context([Member(alice, "alice", "q-alice.md"), Member(bob, "bob")])

    stability = next(c for c in team["competencies"] if c["id"] == "product-stability")
    assert (stability["count"], stability["people"]) == (3, 1)
    cell = next(c for c in team["people"][0]["competencies"] if c["id"] == "product-stability")
    assert [i["id"] for i in cell["strongest"]] == [
        "pull_request:acme/widgets#2", "pull_request:acme/widgets#1",
    ]
    assert [p["document"] for p in team["people"]] == ["q-alice.md", None]
    assert team["people"][1]["gaps"] == ["Customer Empathy", "Customer Value", "Product Stability"]


def test_a_changesets_random_name_is_no_design_document() -> None:
    # sveltejs/svelte: a fix whose changeset file happened to be "twenty-snakes-design.md"
    fix = entry(1, scores={"product-stability": 3.0}, size=300,
                paths=(".changeset/twenty-snakes-design.md", "src/internal/async.js"))
    rfc = entry(2, scores={"product-stability": 3.0}, size=300,
                paths=("docs/rfcs/0042-async-design.md", "src/internal/async.js"))

    def markers(*items: Classified) -> list[str]:
        stability = next(c for c in context(*items)["competencies"]
                         if c["id"] == "product-stability")
        return [level["marker"] for level in stability["levels"]]

    assert "design-docs" not in markers(fix)
    assert "design-docs" in markers(rfc)


def test_a_security_fix_says_so_before_what_kind_of_work_it_is() -> None:
    # rclone: "rc: flip auth default ... GHSA-25qr-6mpr-f7qx" read "adds tests that guard
    # against a failure; addresses security advisory ..."
    evidence = Evidence(
        id="pr:acme/widgets#1", kind="pull_request", repo="acme/widgets",
        title="rc: flip auth default so all endpoints require auth GHSA-25qr-6mpr-f7qx",
        date=dt.datetime(2026, 3, 1, tzinfo=UTC), actors=(), number=1,
        url="https://github.com/acme/widgets/pull/1",
    )
    match = Match("product-stability", 3.0, ("title matches 'test'",), themes=("tests",))

    [item] = context(Classified(evidence, (match,)))["items"]

    assert item["why"]["product-stability"][:2] == [
        "addresses security advisory GHSA-25qr-6mpr-f7qx",
        "adds tests that guard against a failure",
    ]


def test_fixes_of_code_changed_in_the_days_before_are_not_said_shipped() -> None:
    # linkding: "Fix web component initialization timing", the day after "Convert
    # behaviors to web components" changed the same file, read among "fixed 20 bugs in
    # shipped work"; four managers found such fixes of unreleased work (dozzle, wallabag,
    # authelia too). A fix that closes a reported issue was shipped; tests are no code.
    feature = entry(1, scores={"customer-value": 2.0}, size=300, day=10,
                    paths=("src/components/bookmark.js",))
    fresh = entry(2, scores={"product-stability": 2.0}, size=20, day=11,
                  paths=("src/components/bookmark.js",))
    later = entry(3, scores={"product-stability": 2.0}, size=20, day=20,
                  paths=("src/components/bookmark.js",))
    reported = entry(4, scores={"product-stability": 2.0}, size=20, day=11,
                     paths=("src/components/bookmark.js",), extra={"linked_issues": ["acme/widgets#12"]})
    tested = entry(5, scores={"product-stability": 2.0}, size=20, day=11,
                   paths=("tests/test_bookmark.py",))

    def said(*items: Classified) -> str:
        stability = next(c for c in context(*items)["competencies"]
                         if c["id"] == "product-stability")
        return {level["marker"]: level["sentence"] for level in stability["levels"]}["fixes"]

    # the shipped ones last, where the examples follow (filebrowser's reader took the
    # examples after "…, and 3 in code of yours …" for those 3), and the examples theirs
    assert said(feature, fresh, later, reported, tested) == (
        "fixed 1 bug in code of yours changed in the 3 days before, and 3 in shipped work")
    stability = next(c for c in context(feature, fresh, later, reported, tested)["competencies"]
                     if c["id"] == "product-stability")
    [fixes] = [level for level in stability["levels"] if level["marker"] == "fixes"]
    assert fixes["count"] == 4 and len(fixes["evidence"]) == 3
    assert all(view["title"] != fresh.evidence.title for view in fixes["evidence"])
    assert said(feature, fresh) == "fixed 1 bug in code of your own changed in the 3 days before"
    assert said(fresh, later) == "fixed 2 bugs in shipped work"
    # ... nor a fix a day after a fix of the same file: linkding's two import fixes of one
    # morning, both bugs of a release
    assert said(fresh, entry(6, scores={"product-stability": 2.0}, size=20, day=12,
                             paths=("src/components/bookmark.js",))) == (
        "fixed 2 bugs in shipped work")
    # ... nor a fix after mechanical upkeep of its file ("style: run black" over the code)
    black = Classified(entry(8, scores={}, size=900, day=10,
                             paths=("src/components/bookmark.js",)).evidence, (),
                       routine=("formatting or lint only",))
    assert said(black, fresh) == "fixed 1 bug in shipped work"
    # ... nor one whose code was only partly the person's of the days before
    assert said(feature, entry(7, scores={"product-stability": 2.0}, size=20, day=11,
                               paths=("src/components/bookmark.js", "src/api/export.py"))) \
        == "fixed 1 bug in shipped work"


def test_fixes_of_code_changed_since_the_last_release_are_said_apart_by_the_releases() -> None:
    # usebruno/bruno: a month of fixes to its maintainer's workspaces before the release
    # that first shipped them read "fixed 47 bugs in shipped work"; where the repository's
    # release tags say when each release was made, the fixes of code the person changed
    # since the last one are told apart, however long after the change
    feature = entry(1, scores={"customer-value": 2.0}, size=300, day=2,
                    paths=("src/workspaces/a.js",))
    fix = entry(2, scores={"product-stability": 2.0}, size=20, day=20,
                paths=("src/workspaces/a.js",))
    released = [dt.datetime(2026, 2, 20, tzinfo=UTC)]

    def said(releases: dict[str, list[dt.datetime]], *items: Classified) -> str:
        data = build_context(ReportInput(
            person=Person(names=("Alice Doe",)),
            period=Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31)), rubric=RUBRIC,
            items=items, roles={i.evidence.id: ("author",) for i in items},
            releases=releases))
        stability = next(c for c in data["competencies"] if c["id"] == "product-stability")
        return {level["marker"]: level["sentence"] for level in stability["levels"]}["fixes"]

    assert said({"acme/widgets": released}, feature, fix) == (
        "fixed 1 bug in code of your own changed since its last release")
    # ... without releases (or none of the 180 days before: a project that releases from
    # other branches), the 3 days before, as before
    assert said({}, feature, fix) == "fixed 1 bug in shipped work"
    old = [dt.datetime(2021, 1, 1, tzinfo=UTC)]
    assert said({"acme/widgets": old}, feature, fix) == "fixed 1 bug in shipped work"
    # ... a release between the change and its fix shipped the change
    shipped = [dt.datetime(2026, 3, 10, tzinfo=UTC)]
    assert said({"acme/widgets": shipped}, feature, fix) == "fixed 1 bug in shipped work"
    # ... and another repository's release, or its change, says nothing of this one's
    assert said({"acme/other": released}, feature, fix) == "fixed 1 bug in shipped work"
    elsewhere = entry(3, scores={"customer-value": 2.0}, size=300, day=2, repo="acme/other",
                      paths=("src/workspaces/a.js",))
    assert said({"acme/widgets": released}, elsewhere, fix) == "fixed 1 bug in shipped work"
    # ... nor a change of more than 30 days before the fix: a file is coarse, and a fix of
    # its old lines is a fix of shipped code
    long_ago = Classified(dataclasses.replace(
        feature.evidence, date=dt.datetime(2026, 2, 15, tzinfo=UTC)), feature.matches)
    early = [dt.datetime(2026, 2, 1, tzinfo=UTC)]
    assert said({"acme/widgets": early}, long_ago, fix) == "fixed 1 bug in shipped work"
    # ... and where the fixes were judged both ways, the sentence says both
    other_fix = entry(4, scores={"product-stability": 2.0}, size=20, day=3, repo="acme/other",
                      paths=("src/workspaces/a.js",))
    assert said({"acme/widgets": released}, feature, fix, elsewhere, other_fix) == (
        "fixed 2 bugs in code of your own changed since its last release or in the 3 days "
        "before")


def test_the_bugs_fixed_count_the_models_fixes_as_the_fixes_shipped_do() -> None:
    # caddyserver/caddy: "fixed 2 bugs in shipped work" above "shipped 7 fixes in 6 areas":
    # the model's claims (no rule's theme) were fixes to one marker and not to the other
    modelled = [entry(n, scores={"product-stability": 2.0}, size=300,
                      paths=(f"src/area{n}/x.go",)) for n in range(1, 4)]
    tests = Classified(entry(4, scores={}).evidence, (
        Match("product-stability", 3.0, ("title matches 'test'",), themes=("tests",)),))

    stability = next(c for c in context(*modelled, tests)["competencies"]
                     if c["id"] == "product-stability")
    sentences = {level["marker"]: level["sentence"] for level in stability["levels"]}

    assert sentences["fixes"] == "fixed 3 bugs in shipped work"
    # and the tests are no fix: ollama/ollama read "shipped 26 fixes" beside "fixed 14 bugs"
    assert sentences["shipped"].startswith("shipped 4 stability changes")
