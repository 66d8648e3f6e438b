"""Who "me" is: the emails, names and GitHub logins a person goes by.

Matching is case-insensitive; a GitHub noreply address also counts as its login; a name
matches by its words, whatever marks stand beside them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from evidencer.errors import GitError
from evidencer.gitrun import run_git
from evidencer.model import Actor, Evidence, Person

_NOREPLY = re.compile(r"^(?:\d+\+)?(?P<login>[A-Za-z0-9-]+)@users\.noreply\.", re.IGNORECASE)
_LOGIN = re.compile(r"^@?(?P<login>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$")
# A machine's own name, which git puts after the login when no address is set: a Mac's
# "Jeffs-MacBook-Pro.local", a home network's ".lan", a tailnet's ".ts.net", a bare host
_MACHINE_HOST = re.compile(r"(?:^|\.)(?:local|lan|localdomain|home|internal|ts\.net)$|^[^.]+$")


def name_key(name: str) -> str:
    """A name as people are matched by it: a full name by its words, case-folded, without
    the marks some put beside them (TanStack/query's maintainer commits and co-authors as
    both "Dominik Dorfmeister 🔮" and "Dominik Dorfmeister": 46 pull requests of a year
    were missing from the document of either). The words keep their accents and vowel
    signs (अमित is not अमृत). A single word, a login or handle most often, matches only as
    written: ``john-doe`` is not every John Doe."""
    folded = unicodedata.normalize("NFC", name).casefold()
    words = [w for w in folded.split() if any(ch.isalnum() for ch in w)]
    if len(words) < 2:  # as written, without marks standing apart ("nicm 🔮")
        return words[0] if words else folded.strip()
    kept = "".join(ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " "
                   for ch in " ".join(words))
    return " ".join(kept.split())


def noreply_login(email: str) -> str | None:
    """The GitHub login of a noreply address (``1234+alice@users.noreply.github.com``)."""
    found = _NOREPLY.match(email)
    return found.group("login") if found else None


def handle_forms(name: str) -> set[str]:
    """The handles a full name of two or more words is commonly cut to, bare (lower case,
    no marks, no ``-``, ``_`` or ``.``): all its words, the first's initial and the last
    word, the first word and the last's initial. A single word names nobody's handle."""
    words = [_bare(w) for w in name.split()]
    words = [w for w in words if w]
    if len(words) < 2:
        return set()
    first, last = words[0], words[-1]
    return {"".join(words), first + last, first[0] + last, first + last[0]}


def _bare(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum() and ch.isascii())


def person_from_ids(ids: Iterable[str]) -> Person:
    """Build a person from ``--author`` values: emails, names or GitHub logins.

    A value without ``@`` could be a name or a login; it is kept as both, so that
    ``--author alice`` finds commits by "alice" and pull requests by @alice.
    """
    names: list[str] = []
    emails: list[str] = []
    logins: list[str] = []
    for raw in ids:
        value = raw.strip()
        if not value:
            continue
        if value.startswith("@") and _LOGIN.match(value):
            logins.append(value[1:])
        elif "<" in value and value.endswith(">"):  # "Name <email>", pasted from git log
            name, email = split_contact(value)
            names += [name] if name else []
            emails += [email] if email else []
            noreply = noreply_login(email)
            logins += [noreply] if noreply else []
        elif "@" in value:
            emails.append(value)
            noreply = noreply_login(value)
            if noreply:
                logins.append(noreply)
        else:
            names.append(value)
            if _LOGIN.match(value):
                logins.append(value)
    return Person(
        names=_unique(names), emails=_unique(emails), logins=_unique(logins)
    )


def merge_people(*people: Person) -> Person:
    return Person(
        names=_unique(n for p in people for n in p.names),
        emails=_unique(e for p in people for e in p.emails),
        logins=_unique(lg for p in people for lg in p.logins),
    )


def default_person(repos: Sequence[Path]) -> Person:
    """``git config user.email`` and ``user.name`` of the first repository that has them."""
    for repo in repos:
        email = _git_config(repo, "user.email")
        name = _git_config(repo, "user.name")
        if email or name:
            return person_from_ids([v for v in (email, name) if v])
    return Person()


def apply_mailmap(repo: Path, person: Person) -> Person:
    """Add the canonical identities ``.mailmap`` gives a person's addresses and names."""
    contacts = [f"<{email}>" for email in person.emails]
    contacts += [f"{name} <{email}>" for name in person.names for email in person.emails]
    if not contacts:
        return person
    try:
        out = run_git(repo, "check-mailmap", *contacts).decode("utf-8", "replace")
    except GitError:
        return person
    extra = [line for line in out.splitlines() if line.strip()]
    names = list(person.names)
    emails = list(person.emails)
    for line in extra:
        name, email = split_contact(line)
        if email:
            emails.append(email)
        if name and person.names:
            names.append(name)
    return Person(names=_unique(names), emails=_unique(emails), logins=person.logins)


def split_contact(text: str) -> tuple[str, str]:
    """``"Alice Doe <alice@example.com>"`` -> ``("Alice Doe", "alice@example.com")``."""
    text = text.strip()
    match = re.match(r"^(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*$", text)
    if match:
        return match.group("name").strip().strip('"'), match.group("email").strip()
    if "@" in text and " " not in text:
        return "", text
    return text, ""


# Addresses many people commit under: a bot's, a CI job's, git's documentation's placeholder.
_SHARED_LOCAL = frozenset({
    "root", "noreply", "no-reply", "donotreply", "action", "actions", "ci", "bot", "build",
    "builder", "buildbot", "team", "admin", "git", "github", "gitlab", "jenkins", "you",
    "user", "me", "nobody", "unknown", "dev", "developers", "devnull",
})
_SHARED_DOMAIN = frozenset({"localhost", "localhost.localdomain", "github.com", "gitlab.com",
                            "(none)"})


def shared_address(email: str) -> bool:
    """Whether many people commit under the address (a bot's, a CI job's, a placeholder)."""
    local, _, domain = email.casefold().rpartition("@")
    return local in _SHARED_LOCAL or domain in _SHARED_DOMAIN or "[bot]" in local


# Names many people commit under: git's documentation's placeholder, a machine's account.
_SHARED_NAMES = frozenset({"your name", "name", "unknown", "root", "user", "admin", "ubuntu",
                           "nobody", "dev", "developer"})


def shared_name(name: str) -> bool:
    """Whether many people commit under the name ("Your Name", "root")."""
    return name_key(name) in _SHARED_NAMES


class Matcher:
    """Answers "is this actor the person?" quickly, for many actors."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self._emails = {e.casefold() for e in person.emails}
        self._names = {name_key(n) for n in person.names}
        self._logins = {lg.casefold() for lg in person.logins}
        self._known: dict[tuple[str, str, str], bool] = {}
        self._handles: set[str] | None = None
        self._machine_logins: set[str] | None = None  # is_me_on_a_machine's, bare

    def is_me(self, *, name: str = "", email: str = "", login: str = "") -> bool:
        if email:
            folded = email.casefold()
            if folded in self._emails:
                return True
            noreply = noreply_login(email)
            if noreply and noreply.casefold() in self._logins:
                return True
        if login and login.casefold() in self._logins:
            return True
        return bool(name) and name_key(name) in self._names

    def is_my_handle(self, actor: Actor) -> bool:
        """Whether the actor is named by a handle the person's full name is commonly cut to
        (``zkochan``, ``zoltankochan``, ``zoltan-kochan`` for "Zoltan Kochan"): pnpm's
        maintainer's own squashes carry ``Co-authored-by: zkochan <…+zkochan@users.noreply…>``
        for his commits in the pull request, and read "author with zkochan". Only for saying
        who else wrote the person's work, never for credit: a guess, if a good one."""
        handle = actor.login or noreply_login(actor.email) or (
            actor.name if len(actor.name.split()) == 1 else "")
        if not handle:
            return False
        if self._handles is None:
            self._handles = {h for n in self.person.names for h in handle_forms(n)}
        return _bare(handle) in self._handles

    def is_me_on_a_machine(self, actor: Actor, signed_as: Collection[str]) -> bool:
        """Whether the actor's address is the one git makes up on one of the person's own
        machines, their login at the machine's name (``jdx@mini.local``,
        ``jdx@Jeffs-MacBook-Pro.local``): jdx/mise's maintainer's own squashes carry such
        trailers for his commits in the pull request, and 52 of them read "author with
        Jeff Dickey". Only when the person signs the work (``signed_as``: the names they
        author it under, as name_key gives them) as that login or under the trailer's
        name: another person of that login ("Alex Smith <alex@buildbox>") is someone
        else. Only for saying who else wrote the person's work, never for credit."""
        local, _, host = actor.email.casefold().rpartition("@")
        if not local or not _MACHINE_HOST.search(host):
            return False
        if self._machine_logins is None:
            self._machine_logins = {_bare(login) for login in self.person.logins} | {
                _bare(login) for email in self.person.emails
                if (login := noreply_login(email))}
        return _bare(local) in self._machine_logins and (
            name_key(actor.name) in signed_as or name_key(local) in signed_as)

    def actor_is_me(self, actor: Actor) -> bool:
        key = (actor.name, actor.email, actor.login)
        answer = self._known.get(key)
        if answer is None:  # the same few people act on item after item
            answer = self._known[key] = self.is_me(
                name=actor.name, email=actor.email, login=actor.login
            )
        return answer

    def roles(self, item: Evidence) -> tuple[str, ...]:
        """The person's roles in ``item``; none in a review they did not give: its author is
        there to say whose work was reviewed, and someone else's review of it is not theirs."""
        roles = tuple(dict.fromkeys([a.role for a in item.actors if self.actor_is_me(a)]))
        if "author" in roles and "co_author" in roles:
            # the person's own second address in a trailer (square/okio's "Co-authored-by:
            # Jesse Wilson <jwilson@squareup.com>" on his own commit read "author, co author")
            roles = tuple(role for role in roles if role != "co_author")
        return roles if item.kind != "review" or "reviewer" in roles else ()


def _git_config(repo: Path, key: str) -> str:
    try:
        return run_git(repo, "config", "--get", key).decode("utf-8", "replace").strip()
    except GitError:
        return ""


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())
