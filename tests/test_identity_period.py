"""Who "me" is (emails, names, logins, .mailmap) and which days a run covers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from evidencer.errors import EvidencerError
from evidencer.identity import (
    Matcher,
    apply_mailmap,
    default_person,
    merge_people,
    person_from_ids,
    split_contact,
)
from evidencer.model import Actor, Evidence, Period, Person
from evidencer.period import make_period, parse_when
from tests.support.gitrepo import GitRepo

TODAY = dt.date(2026, 8, 31)

# --- identity -------------------------------------------------------------------------------


def test_author_values_are_sorted_into_emails_names_and_logins() -> None:
    person = person_from_ids([
        "alice@example.com", "Alice Doe", "alice", "@octo-cat",
        "12345+alice-gh@users.noreply.github.com", "  ", "ALICE@example.com",
    ])

    assert person == Person(
        names=("Alice Doe", "alice"),
        emails=("alice@example.com", "12345+alice-gh@users.noreply.github.com"),
        logins=("alice", "octo-cat", "alice-gh"),
    )


def test_author_value_pasted_from_git_log_is_a_name_and_an_email() -> None:
    person = person_from_ids([
        "Alice Doe <alice@example.com>", "<bob@example.com>",
        "Octo <1+octo@users.noreply.github.com>",
    ])

    assert person == Person(
        names=("Alice Doe", "Octo"),
        emails=("alice@example.com", "bob@example.com", "1+octo@users.noreply.github.com"),
        logins=("octo",),
    )


def test_people_merge_without_duplicates() -> None:
    merged = merge_people(
        Person(names=("Alice",), emails=("a@example.com",)),
        Person(emails=("A@example.com", "b@example.com"), logins=("alice",)),
    )

    assert merged == Person(
        names=("Alice",), emails=("a@example.com", "b@example.com"), logins=("alice",)
    )


def test_default_person_is_the_repositorys_git_identity(repo: GitRepo) -> None:
    assert default_person([repo.path]) == Person(
        names=("Alice Doe",), emails=("alice@example.com",)
    )


def test_default_person_is_empty_without_any_git_identity(repo: GitRepo) -> None:
    repo.git("config", "--unset", "user.email")
    repo.git("config", "--unset", "user.name")

    assert default_person([repo.path]).is_empty()


def test_mailmap_adds_the_canonical_address_of_an_old_one(repo: GitRepo) -> None:
    repo.write(".mailmap", "Alice Doe <alice@example.com> <alice@old-job.example>\n")

    person = apply_mailmap(repo.path, person_from_ids(["alice@old-job.example"]))

    assert person.emails == ("alice@old-job.example", "alice@example.com")
    assert person.names == ()


def test_mailmap_adds_the_canonical_name_when_names_are_known(repo: GitRepo) -> None:
    repo.write(".mailmap", "Alice Doe <alice@example.com> Al <al@home.example>\n")

    person = apply_mailmap(repo.path, person_from_ids(["Al", "al@home.example"]))

    assert person.emails == ("al@home.example", "alice@example.com")
    assert person.names == ("Al", "Alice Doe")


def test_mailmap_changes_nothing_for_someone_it_does_not_list(repo: GitRepo) -> None:
    repo.write(".mailmap", "Alice Doe <alice@example.com> <alice@old-job.example>\n")
    person = person_from_ids(["bob@example.com"])

    assert apply_mailmap(repo.path, person) == person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alice Doe <alice@example.com>", ("Alice Doe", "alice@example.com")),
        ('"Doe, Alice" <alice@example.com>', ("Doe, Alice", "alice@example.com")),
        ("  <alice@example.com>  ", ("", "alice@example.com")),
        ("alice@example.com", ("", "alice@example.com")),
        ("Alice Doe", ("Alice Doe", "")),
    ],
)
def test_contacts_split_into_name_and_email(text: str, expected: tuple[str, str]) -> None:
    assert split_contact(text) == expected


def test_matcher_ignores_case_and_knows_noreply_addresses() -> None:
    matcher = Matcher(person_from_ids(["Alice@Example.com", "Alice Doe", "@alice-gh"]))

    assert matcher.is_me(email="alice@example.COM")
    assert matcher.is_me(name="alice doe")
    assert matcher.is_me(login="ALICE-GH")
    assert matcher.is_me(email="999+alice-gh@users.noreply.github.com")
    assert not matcher.is_me(email="bob@example.com", name="Bob")
    assert not matcher.is_me()


def test_matcher_gives_the_persons_roles_in_an_item() -> None:
    item = Evidence(
        id="pr:acme/widgets#1", kind="pull_request", repo="acme/widgets", title="t",
        date=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc),
        actors=(
            Actor(role="author", email="bob@example.com"),
            Actor(role="co_author", email="alice@example.com"),
            Actor(role="merger", login="alice"),
            Actor(role="co_author", name="Alice Doe"),
        ),
    )

    roles = Matcher(person_from_ids(["alice@example.com", "@alice", "Alice Doe"])).roles(item)

    assert roles == ("co_author", "merger")
    # square/okio: his own commit, his second address in its trailer, read "author, co author"
    own = dataclasses.replace(item, actors=(
        Actor(role="author", name="Alice Doe", email="alice@home.example"),
        Actor(role="co_author", name="Alice Doe", email="alice@example.com")))
    assert Matcher(person_from_ids(["alice@example.com", "alice@home.example"])).roles(
        own) == ("author",)


def test_someone_elses_review_of_your_pull_request_is_not_yours() -> None:
    # A team's store holds Alice's review of Bob's pull request; Bob's document counted
    # it as his own review ("Reviewed 1 pull request").
    review = Evidence(
        id="review:acme/widgets#8@alice", kind="review", repo="acme/widgets", title="t",
        date=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc),
        actors=(Actor(role="reviewer", login="alice"), Actor(role="author", login="bob")),
    )

    assert Matcher(person_from_ids(["@alice"])).roles(review) == ("reviewer",)
    assert Matcher(person_from_ids(["@bob"])).roles(review) == ()


# --- period -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-15", dt.date(2026, 1, 15)),
        ("2026-01-15T10:00:00Z", dt.date(2026, 1, 15)),
        ("today", TODAY),
        ("0d", TODAY),
        ("90d", dt.date(2026, 6, 2)),
        ("12w", dt.date(2026, 6, 8)),
        ("6m", dt.date(2026, 2, 28)),
        ("18m", dt.date(2025, 2, 28)),
        ("1y", dt.date(2025, 8, 31)),
        (" 30D ", dt.date(2026, 8, 1)),
    ],
)
def test_dates_are_iso_or_spans_back_from_today(text: str, expected: dt.date) -> None:
    assert parse_when(text, today=TODAY, option="--since") == expected


def test_a_month_back_from_a_leap_day_lands_in_range() -> None:
    assert parse_when("12m", today=dt.date(2028, 2, 29), option="--since") == dt.date(2027, 2, 28)
    assert parse_when("1m", today=dt.date(2026, 3, 31), option="--since") == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    "text", ["yesterday-ish", "2026-02-30", "2026", "6 months", "-5d", "", "2026-01-15xyz"]
)
def test_a_bad_date_names_the_option(text: str) -> None:
    with pytest.raises(EvidencerError) as caught:
        parse_when(text, today=TODAY, option="--until")

    assert str(caught.value) == (
        f"--until: cannot read date {text.strip()!r}; "
        "use YYYY-MM-DD or a span like 90d, 12w, 6m, 1y"
    )


def test_default_period_is_the_last_six_months() -> None:
    assert make_period(since=None, until=None, today=TODAY) == Period(
        since=dt.date(2026, 2, 28), until=TODAY
    )


def test_default_start_is_six_months_before_the_given_end() -> None:
    period = make_period(since=None, until="2026-06-30", today=TODAY)

    assert period == Period(since=dt.date(2025, 12, 30), until=dt.date(2026, 6, 30))


def test_a_period_of_one_day_is_allowed() -> None:
    period = make_period(since="2026-03-01", until="2026-03-01", today=TODAY)

    assert period.since == period.until == dt.date(2026, 3, 1)


def test_until_before_since_is_an_error() -> None:
    with pytest.raises(EvidencerError) as caught:
        make_period(since="30d", until="60d", today=TODAY)

    assert str(caught.value) == "--until 2026-07-02 is before --since 2026-08-01"


def test_a_start_in_the_future_says_so() -> None:
    with pytest.raises(EvidencerError) as caught:
        make_period(since="2027-01-01", until=None, today=TODAY)

    assert str(caught.value) == "--since 2027-01-01 is in the future"


def test_period_contains_both_end_days_in_utc() -> None:
    period = Period(since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    utc = dt.timezone.utc
    tokyo = dt.timezone(dt.timedelta(hours=9))

    assert period.contains(dt.datetime(2026, 3, 1, 0, 0, tzinfo=utc))
    assert period.contains(dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=utc))
    assert not period.contains(dt.datetime(2026, 4, 1, 0, 0, tzinfo=utc))
    assert not period.contains(dt.datetime(2026, 3, 1, 8, 0, tzinfo=tokyo))  # Feb 28 in UTC
    assert period.start == dt.datetime(2026, 3, 1, tzinfo=utc)
    assert period.end.date() == dt.date(2026, 3, 31)
