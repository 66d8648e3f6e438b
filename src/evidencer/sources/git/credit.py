"""Credit for a pull request found in history: who opened it, who helped, who merged it.

The history does not record who opened a pull request; the merge's subject and the
branch's commits say enough to tell the opener from a maintainer who pushed a fix-up.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from evidencer.identity import Matcher, name_key, noreply_login, shared_address
from evidencer.model import Actor, is_agent_email, is_bot
from evidencer.sources.git.graph import co_authors
from evidencer.sources.git.log import Commit

IsOpener = Callable[[str, str], bool]


class LoginIndex:
    """The names each GitHub login committed under with its noreply address, anywhere in
    the history: the same person's other commits then match the login by that name.
    Built on first use, as most histories need it for few merges or none."""

    def __init__(self, commits: Iterable[Commit]) -> None:
        self._commits = commits
        self._names: dict[str, set[str]] | None = None

    def names(self, login: str) -> set[str]:
        if self._names is None:
            self._names = {}
            for commit in self._commits:
                if "noreply" in commit.email and (found := noreply_login(commit.email)):
                    key = found.casefold()
                    self._names.setdefault(key, set()).add(commit.name.casefold())
        return self._names.get(login.casefold(), set())


def pull_request_actors(
    merge: Commit,
    members: Sequence[Commit],
    *,
    branch: str | None,
    repo_owner: str | None,
    contacts: dict[str, tuple[str, str]],
    logins: LoginIndex,
    sizes: Mapping[str, int] | None = None,
) -> tuple[Actor, ...]:
    """The opener is the ``author``, everyone else with a commit in it a ``co_author``
    (a merge of main into the branch makes nobody a co-author), and the merge commit's
    author its ``merger`` (of a single-parent commit titled as a merge, whoever committed
    it when that is a person, else nobody).

    ``members`` are the commits the merge brought in, oldest first. The opener is the
    fork's owner when the branch (``owner/branch``) lives in a fork and that login can
    be told among the commits' authors; otherwise whoever wrote two thirds of the
    branch's lines over a first commit's writer who wrote a fifth or less (``sizes``: by
    sha, its own lines, tests and vendored ones aside); else whoever wrote the branch's
    first commit (of a branch of merges only, whoever wrote most of them). Nobody when
    there are no commits: then the merge's author is taken to have written it. The
    credit depends on the history alone, never on whose document is being made.
    """
    is_opener = _fork_owner(members, branch_owner(branch, repo_owner), logins)
    is_opener = is_opener or _writer_of_most(members, sizes) or _first_author(members)
    authors: list[Actor] = []
    helpers: list[Actor] = []
    # A merge of main into the branch (GitHub's "Update branch" button) writes nothing of
    # the pull request: whoever pressed it is no co-author. Only a branch of merges alone
    # is credited to the merges' authors.
    written = [m for m in members if len(m.parents) <= 1] or list(members)
    for member in written:
        people = [(member.name, member.email), *co_authors(member, contacts)]
        for name, email in people:
            opened = is_opener is not None and is_opener(name, email)
            (authors if opened else helpers).append(
                Actor(role="author" if opened else "co_author", name=name, email=email)
            )
    if not authors and is_opener is not None:
        # The opener wrote only merges on the branch, their own pull requests' merges in
        # their fork: urfave/cli's #2269 from TimSoethout/main, whose fix came in through
        # the fork's #1 and #2, read as its merger's own work
        authors += [Actor(role="author", name=m.name, email=m.email)
                    for m in members if is_opener(m.name, m.email)][:1]
    if not authors:
        authors.append(Actor(role="author", name=merge.name, email=merge.email))
    # One parent, committed by GitHub, is a squash that kept the merge's subject (bruno's
    # "Merge pull request #4279 from naman-bruno/…"): who pressed the button is unknown.
    merged_by = (merge.name, merge.email) if len(merge.parents) > 1 else merge.committer
    mergers = [Actor(role="merger", name=merged_by[0], email=merged_by[1])] if merged_by else []
    return tuple(dict.fromkeys([*authors, *helpers, *mergers]))


def branch_owner(branch: str | None, repo_owner: str | None) -> str | None:
    """The login of the fork a branch ``owner/branch`` lives in; None when it lives in
    the repository itself (its owner is the repository's) or the subject names none."""
    if not branch or "/" not in branch:
        return None
    owner = branch.split("/", 1)[0]
    if not owner or (repo_owner is not None and owner.casefold() == repo_owner.casefold()):
        return None
    return owner


def _fork_owner(
    members: Sequence[Commit], login: str | None, logins: LoginIndex
) -> IsOpener | None:
    """Who the fork's owner is among the commits' authors, if it can be told.

    Sure signs: the login's noreply address, a name equal to the login or an address
    ``login@...`` (spaces and punctuation aside: mealie's fork ``tba-code`` is
    ``tbacode@outlook.com``), a name the login committed under elsewhere. Failing
    those, one author alone whose family or given name (five letters or more of it)
    is in the login: ``rgommers`` is Ralf Gommers, ``ikrommyd`` Iason Krommydas.
    """
    if login is None:
        return None
    folded = login.casefold()
    people = dict.fromkeys((c.name, c.email) for c in members if c.name or c.email)
    sure = {p for p in people if _surely(folded, *p, logins)}
    if not sure:
        likely = {p for p in people if _likely(folded, p[0])}
        if len({name.casefold() for name, _ in likely}) != 1:
            return None
        sure = likely
    names = {name.casefold() for name, _ in sure if name}
    emails = {email.casefold() for _, email in sure if email}

    def is_owner(name: str, email: str) -> bool:
        return email.casefold() in emails or name.casefold() in names

    return is_owner


def _surely(login: str, name: str, email: str, logins: LoginIndex) -> bool:
    found = noreply_login(email)
    if found and found.casefold() == login:
        return True
    folded = name.casefold()
    bare = _alphanumeric(login)
    if _alphanumeric(folded) == bare or _alphanumeric(email.casefold().split("@", 1)[0]) == bare:
        return True
    return bool(folded) and folded in logins.names(login)


def _alphanumeric(text: str) -> str:
    """Letters and digits alone: the login ``tba-code`` is the address ``tbacode@...``."""
    return "".join(ch for ch in text if ch.isalnum())


def _likely(login: str, name: str) -> bool:
    return any(word in login for word in _name_stems(name))


@functools.lru_cache(maxsize=4096)  # a history has far fewer people than merges
def _name_stems(name: str) -> tuple[str, ...]:
    """The first five letters of each word of four letters or more in a name, accents
    dropped: what a login made from the name would contain."""
    plain = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return tuple(word[:5] for word in re.findall(r"[a-z]+", plain) if len(word) >= 4)


MOST = 2 / 3  # the share of a branch's lines that makes their writer its opener ...
FEW = 1 / 5  # ... over whoever wrote its first commit, when that is at most this share


def _writer_of_most(
    members: Sequence[Commit], sizes: Mapping[str, int] | None
) -> IsOpener | None:
    """Who wrote two thirds of the branch's lines or more, when whoever wrote its first
    commit wrote a fifth of them or less. A maintainer puts a commit of their own first as
    often as last: lazygit's "Redraw only the spinner when nothing else has changed" opens
    with its maintainer's 2-line fix, then a contributor's 318 lines, and read as the
    maintainer's work, the contributor's "CPU 60% → 5%" its maintainer's stated outcome.
    ``sizes`` leave tests and vendored files out (a teammate's snapshot update writes no
    one's feature); one person's commits count together, by name or address."""
    if not sizes:
        return None
    written = [c for c in members if len(c.parents) <= 1]
    people: list[tuple[set[str], set[str]]] = []  # each person's names and addresses
    lines: list[int] = []
    for commit in written:
        name, email = commit.name.casefold(), commit.email.casefold()
        at = next((i for i, (names, emails) in enumerate(people)
                   if (name and name in names) or (email and email in emails)), None)
        if at is None:
            people.append((set(), set()))
            lines.append(0)
            at = len(people) - 1
        people[at][0].add(name)
        people[at][1].add(email)
        lines[at] += sizes.get(commit.sha, 0)
    total = sum(lines)
    if len(people) < 2 or total <= 0:
        return None
    most = max(range(len(people)), key=lines.__getitem__)
    if most == 0 or lines[most] < MOST * total or lines[0] > FEW * total:
        return None  # the first commit's writer is the first person
    return _known_by(*people[most])


def _known_by(names: set[str], emails: set[str]) -> IsOpener:
    """Whether a name or an address is one of these (casefolded; an empty one is none)."""
    names, emails = names - {""}, emails - {""}

    def is_them(other_name: str, other_email: str) -> bool:
        return other_email.casefold() in emails or other_name.casefold() in names

    return is_them


def _first_author(members: Sequence[Commit]) -> IsOpener | None:
    """The author of the branch's first commit that is not a merge (of main into it)."""
    written = [c for c in members if len(c.parents) <= 1]
    if written:
        first = written[0]
    elif members:
        counts = Counter((c.name, c.email) for c in members)
        first = next(c for c in members if (c.name, c.email) == counts.most_common(1)[0][0])
    else:
        return None
    return _known_by({first.name.casefold()}, {first.email.casefold()})


def signatures(commits: Iterable[Commit]) -> Counter[tuple[str, str]]:
    """Each (name, address) that authors or co-authors a commit, merges aside, and how
    many: counted once for every person asked about, as a history has far fewer people
    than commits."""
    signed: Counter[tuple[str, str]] = Counter()
    for commit in commits:
        if len(commit.parents) <= 1:
            signed[commit.name, commit.email] += 1
            signed.update(commit.co_authors)
    return signed


SHARED_ADDRESS = 3  # other names at one address: nobody's own


# Mail services anyone can have an address at: sharing one says nothing of who you are
PUBLIC_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com", "proton.me",
    "pm.me", "fastmail.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "qq.com",
    "163.com", "126.com", "users.noreply.github.com", "example.com", "localhost"})


def _shortened(name: str, given: str) -> bool:
    """Whether ``name`` is ``given`` with its first name cut short, or the other way round
    ("Matt Westcott", "Matthew Westcott"): the rest the same, the shorter first name three
    letters or more."""
    one, other = name.casefold().split(), given.casefold().split()
    if len(one) < 2 or len(one) != len(other) or one[1:] != other[1:] or one[0] == other[0]:
        return False
    short, long = sorted((one[0], other[0]), key=len)
    return len(short) >= 3 and long.startswith(short)


def other_addresses(
    signed: Counter[tuple[str, str]], matcher: Matcher
) -> dict[str, Counter[str]]:
    """The names the person commits under at the addresses given, each with the other
    addresses that name commits or co-authors under (``signed``, from ``signatures``),
    and how many commits each: mostly the same person on another machine, or through
    GitHub (its noreply address, in a squash merge or a co-author trailer, as
    withastro/starlight's ``ArmandPhilippot``).

    A hint for the person running, never a claim: only the addresses given make items.
    Names compare by their letters and digits; a noreply address by its login too.
    """
    full = {name for name, email in signed if name and matcher.is_me(email=email)}
    mine = {_alphanumeric(name.casefold()) for name in full}
    mine.discard("")
    # wagtail's lead maintainer commits as "Matt Westcott" at matt@west.co.tt beside
    # "Matthew Westcott" at matthew@west.co.tt: his own domain, his name shortened
    domains = {email.rpartition("@")[2].casefold() for email in matcher.person.emails
               if "@" in email} - PUBLIC_MAIL
    found: dict[str, Counter[str]] = {}
    # Not a bot's or an agent's name, though it signs at the person's address too: wails'
    # maintainer was told to pass bot@taliesin.ai and the GitHub addresses of taliesin-ai,
    # her coding agent, which commits at her address as well.
    # (Not the name the person signs under most at their own addresses, whatever a CI job
    # that uses it signed at a bot's.)
    as_agent = {name for name, email in signed if is_agent_email(email)}
    as_me: Counter[str] = Counter()
    for (name, email), count in signed.items():
        if name and matcher.is_me(email=email):
            as_me[name] += count
    main = max(as_me, key=lambda n: (as_me[n], n not in as_agent), default="")
    agents = {name for name, _ in signed if is_bot(name)} | (as_agent - {main})
    for (name, email), count in signed.items():
        if not email or name in agents or is_agent_email(email) \
                or matcher.is_me(name=name, email=email):
            continue
        login = noreply_login(email)
        if _alphanumeric(name.casefold()) in mine or (
                login and _alphanumeric(login.casefold()) in mine) or (
                email.rpartition("@")[2].casefold() in domains
                and any(_shortened(name, given) for given in full)):
            found.setdefault(name, Counter())[email] += count
    # Not an address others sign under as often: sveltejs/kit's maintainer was told to
    # pass hello@rich-harris.dev for two co-author trailers under his name, where Rich
    # Harris signs 25 commits and three more people a trailer each.
    # (a name's words in any order are the name: "Chew Tee Ming" is "Tee Ming Chew")
    keys = {_words(name) for name, email in signed if name and matcher.is_me(email=email)}
    keys |= {_words(name) for name in found}
    # Nor one three or more other names sign under, however seldom each: a bot's, such as
    # withastro/starlight's formatting job, which commits "[ci] format" as whoever opened
    # the pull request at delucis@users.noreply.github.com (nine names in a year).
    theirs: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    others: dict[str, set[tuple[str, ...]]] = {}
    for (name, email), count in signed.items():
        if not email:
            continue
        words = _words(name)
        if words in keys:
            ours[email.casefold()] += count
        else:
            theirs[email.casefold()] += count
            others.setdefault(email.casefold(), set()).add(words)
    for name in list(found):
        kept = Counter({email: n for email, n in found[name].items()
                        if theirs[email.casefold()] < ours[email.casefold()]
                        and len(others.get(email.casefold(), ())) < SHARED_ADDRESS})
        if kept:
            found[name] = kept
        else:
            del found[name]
    return found


def merge_addresses(
    commits: Iterable[Commit], signed: Counter[tuple[str, str]], matcher: Matcher
) -> dict[str, Counter[tuple[str, bool]]]:
    """The addresses not given that the person's names merge others' work under, each
    with those names and how many merges: basecamp/kamal's maintainer clicked GitHub's
    merge button under his company's address, 88 merges of a year, and his document
    said merges were not in it; sharkdp/hyperfine's rebased pull requests onto the branch
    with GitHub's rebase button, which committed them under his noreply address (11 of
    12 merges missing). ``signed`` (``signatures``) tells the person's names: those of
    the addresses given. Counted by (name, whether the commit was landed rather than a
    merge). A hint, as other_addresses; not an address others' names merge under as
    often, nor a bot's or a placeholder's."""
    mine = {_words(name) for name, email in signed if name and matcher.is_me(email=email)}
    found: dict[str, Counter[tuple[str, bool]]] = {}
    for commit in commits:
        if len(commit.parents) > 1:
            name, email, landed = commit.name, commit.email, False
        elif commit.committer is not None:  # landed on the branch by someone else
            (name, email), landed = commit.committer, True
        else:
            continue
        if email and not matcher.is_me(email=email):
            found.setdefault(email.casefold(), Counter())[name, landed] += 1
    out: dict[str, Counter[tuple[str, bool]]] = {}
    for email, names in found.items():
        ours = Counter({key: n for key, n in names.items() if _words(key[0]) in mine})
        if ours and not shared_address(email) \
                and sum(ours.values()) * 2 > sum(names.values()):
            out[email] = ours
    return out


def _words(name: str) -> tuple[str, ...]:
    return tuple(sorted(_alphanumeric(word) for word in name.casefold().split()))


def other_names(
    signed: Counter[tuple[str, str]], matcher: Matcher
) -> dict[str, Counter[str]]:
    """The other way round: the addresses the person's name commits under, when no address
    was given for them, each with the other names that commit or co-author there (a name
    spelled another way, "Dominik D." beside "Dominik Dorfmeister"), and how many commits.
    A hint, as other_addresses. Not a shared address: a bot's, a placeholder's or a CI
    job's (``action@github.com``, ``you@example.com``), or one that two or more other
    names commit under (a team's), whose commits are other people's."""
    given = {email.casefold() for email in matcher.person.emails}
    theirs = {email.casefold() for name, email in signed
              if name and email and matcher.is_me(name=name)
              and email.casefold() not in given and not shared_address(email)}
    found: dict[str, Counter[str]] = {}
    for (name, email), count in signed.items():
        if name and email.casefold() in theirs and not matcher.is_me(name=name, email=email) \
                and not name.casefold().endswith("[bot]"):
            found.setdefault(email, Counter())[name] += count
    return {email: names for email, names in found.items()
            if len({name_key(n) for n in names}) == 1}


# One .mailmap line: "Proper Name <proper@x> Commit Name <commit@x>", any part but the
# first address optional (gitmailmap(5)); a "#" starts a comment.
_MAILMAP_LINE = re.compile(r"^\s*([^<#]*?)\s*<([^>]*)>(?:\s*([^<#]*?)\s*<([^>]*)>)?")


def mailmap_only_by_name(text: str, matcher: Matcher) -> dict[str, str]:
    """The addresses a ``.mailmap`` gives the person only under one commit name, to that
    name: git maps "Nicholas Marriott <nicholas.marriott@gmail.com> Nicholas Marriott
    <nicm@openbsd.org>" only for commits whose name is "Nicholas Marriott", and tmux's
    OpenBSD sync commits 102 of them a year as "nicm" at that address, which then name
    no one. A hint for the person running, as other_addresses."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        entry = _MAILMAP_LINE.match(line)
        if entry is None or not entry.group(4) or not entry.group(3):
            continue  # no commit address, or one mapped whatever the name
        proper_name, proper_email, commit_name, commit_email = entry.groups()
        if matcher.is_me(name=proper_name, email=proper_email) \
                and not matcher.is_me(email=commit_email):
            found.setdefault(commit_email.casefold(), commit_name)
    return found

