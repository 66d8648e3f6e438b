"""People in postmortems: "Name <email>", @handles, profile links, and who is who.

Pure functions from what someone typed to ``Actor`` records, or None for placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from evidencer.model import Actor
from evidencer.sources.postmortem_fields import (
    EMAIL_RE,
    HANDLE_RE,
    INLINE_LINK_RE,
    PROFILE_RE,
    REF_LINK_RE,
    flatten,
    link_key,
    norm_key,
    unbracket,
)
from evidencer.sources.postmortem_links import is_profile_or_mail

# Slack-style broadcasts and GitHub pages that look like logins but are nobody.
_NOT_LOGINS = frozenset((
    "here", "channel", "everyone", "all", "team", "oncall", "on-call", "orgs", "settings",
    "features", "about", "pricing", "topics", "marketplace", "sponsors", "notifications",
    "issues", "pulls", "explore", "login",
))


_PLACEHOLDER_RE = re.compile(
    r"^(?:tbd|tba|tbc|n/?a|none|nobody|no one|unknown|unassigned|todo|name|names|"
    r"your name|first last|firstname lastname|\?+|-+|—|–|\.\.\.|…)$",
    re.IGNORECASE,
)


def _clean_name(text: str) -> str:
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>", " ", text)
    # "Alice Doe — payments on-call" keeps the name; hyphenated names stay whole.
    text = re.split(r"\s[-–—|]\s", text, maxsplit=1)[0]
    text = text.replace("*", "").replace("`", "").strip(" \t_~:;,.'\"")
    return " ".join(text.split())


def _is_real_name(name: str) -> bool:
    return (
        bool(name)
        and len(name) <= 60
        and len(name.split()) <= 5
        and any(ch.isalpha() for ch in name)
        and not _PLACEHOLDER_RE.match(name)
        and not re.search(r"[{}<>=\\]|https?:", name)
    )


def _login(candidate: str) -> str:
    return "" if candidate.lower() in _NOT_LOGINS else candidate


def parse_person(text: str, refs: Mapping[str, str], role: str) -> Actor | None:
    """One person as written: a name, ``Name <email>``, ``@login``, or a Markdown link.

    Links resolve through ``refs`` (reference definitions); a GitHub profile URL gives
    the login, a ``mailto:`` the email. Placeholders such as "TBD" give None.
    """
    text = text.strip().strip("*_`~ \t")
    if not text or _PLACEHOLDER_RE.match(text):
        return None
    name = email = login = ""
    url = ""
    inline = INLINE_LINK_RE.search(text)
    ref = None if inline else REF_LINK_RE.search(text)
    if inline:
        label, url = inline.group(1), inline.group(2)
        rest = text[: inline.start()] + " " + text[inline.end() :]
    elif ref:
        label = ref.group(1)
        url = refs.get(link_key(ref.group(2) or ref.group(1)), "")
        rest = text[: ref.start()] + " " + text[ref.end() :]
    else:
        label, rest = "", text
    if url.lower().startswith("mailto:"):
        email = url[7:].split("?")[0]
    elif profile := PROFILE_RE.match(url):
        login = _login(profile.group(1))
    label = label.strip().strip("*_`")
    for part in (label, rest):
        if not email and (found := EMAIL_RE.search(part)):
            email = found.group(0)
        if not login and (handle := HANDLE_RE.search(part)):
            login = _login(handle.group(1))
        if not login and (profile := PROFILE_RE.search(part)):
            login = _login(profile.group(1))
    # "@alice (Alice Doe)": the name in parentheses, when nothing outside them is one.
    aside = re.search(r"\(([^()]*)\)", rest)
    for part in (label, rest, aside.group(1) if aside else ""):
        candidate = EMAIL_RE.sub(" ", HANDLE_RE.sub(" ", PROFILE_RE.sub(" ", part)))
        candidate = re.sub(r"https?://\S+", " ", candidate)
        candidate = _clean_name(candidate)
        if _is_real_name(candidate):
            name = candidate
            break
    if not (name or email or login):
        return None
    return Actor(role=role, name=name, email=email.lower(), login=login)


def split_people(value: str) -> list[str]:
    """Split "Alice, @bob and [Carol](...)" into one string per person.

    Commas inside brackets, parentheses or angle brackets do not split.
    """
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in value:
        if char in "[(<":
            depth += 1
        elif char in "])>" and depth:
            depth -= 1
        if depth == 0 and char in ",;":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    people: list[str] = []
    for part in parts:
        people.extend(re.split(r"\s+(?:and|&)\s+", part))
    return [p.strip() for p in people if p.strip()]


def merge_actors(actors: list[Actor]) -> tuple[Actor, ...]:
    """One actor per person and role, keeping every detail any sighting had."""
    merged: list[Actor] = []
    where: dict[tuple[str, str, str], int] = {}  # (role, "email"|"login"|"name", value)

    def keys(actor: Actor) -> list[tuple[str, str, str]]:
        found = (("email", actor.email.lower()), ("login", actor.login.lower()),
                 ("name", actor.name.casefold()))
        return [(actor.role, kind, value) for kind, value in found if value]

    for actor in actors:
        position = next((where[key] for key in keys(actor) if key in where), None)
        if position is None:
            position = len(merged)
            merged.append(actor)
        else:
            seen = merged[position]
            merged[position] = Actor(role=seen.role, name=seen.name or actor.name,
                                     email=seen.email or actor.email,
                                     login=seen.login or actor.login)
        for key in keys(merged[position]):
            where.setdefault(key, position)
    return tuple(merged)


_PERSON_KEYS = {
    "name": "name", "full name": "name", "display name": "name", "email": "email",
    "mail": "email", "login": "login", "github": "login", "handle": "login",
    "username": "login", "user": "login",
}


def people_from_value(value: object, role: str, refs: dict[str, str]) -> list[Actor]:
    """People from a YAML or Markdown value: text, lists, or {name, email, github} maps."""
    people: list[Actor] = []
    for item in flatten(value):
        if isinstance(item, str):
            for part in split_people(unbracket(item)):
                if person := parse_person(part, refs, role):
                    people.append(person)
        elif isinstance(item, dict):
            details: dict[str, str] = {}
            for key, val in item.items():
                slot = _PERSON_KEYS.get(norm_key(str(key)))
                if slot and isinstance(val, (str, int)) and not isinstance(val, bool):
                    details.setdefault(slot, str(val).strip())
            name, email = details.get("name", ""), details.get("email", "").lower()
            login = details.get("login", "").lstrip("@")
            if profile := PROFILE_RE.search(login):
                login = profile.group(1)  # "github: https://github.com/alice"
            if name or email or login:
                people.append(Actor(role=role, name=name, email=email, login=login))
    return people


def mentioned_people(text: str, refs: dict[str, str], role: str) -> list[Actor]:
    """People a line names by @handle, email or profile link (not by bare name)."""
    found: list[Actor] = []
    for link in INLINE_LINK_RE.finditer(text):
        if is_profile_or_mail(link.group(2)) and (who := parse_person(link.group(0), refs, role)):
            found.append(who)
    rest = INLINE_LINK_RE.sub(" ", text)
    found.extend(Actor(role=role, login=login) for m in HANDLE_RE.finditer(rest)
                 if (login := _login(m.group(1))))
    found.extend(Actor(role=role, email=m.group(0).lower()) for m in EMAIL_RE.finditer(rest))
    return found


class KnownPeople:
    """The people a document names, to find again in its timeline by name or detail.

    Lookups are by dictionary, never a scan of everyone per line: a log may name hundreds.
    """

    def __init__(self, people: Iterable[Actor]) -> None:
        self._by_detail: dict[tuple[str, str], Actor] = {}
        self._by_words: dict[tuple[str, ...], Actor] = {}
        first_names: dict[str, set[str]] = {}
        for actor in people:
            person = Actor("", actor.name, actor.email, actor.login)
            for detail in _details(person):
                self._by_detail.setdefault(detail, person)
            words = re.findall(r"\w+", actor.name)
            if words:
                self._by_words.setdefault(tuple(w.casefold() for w in words[:5]), person)
                if len(words[0]) >= 3:
                    first_names.setdefault(words[0], set()).add(actor.name.casefold())
        # "Alice" alone is Alice Doe only while she is the one Alice the document knows.
        self._by_first = {first: self._by_detail["name", next(iter(names))]
                          for first, names in first_names.items() if len(names) == 1}

    def named_in(self, text: str) -> list[Actor]:
        """Known people a line names by full name (any case) or unique first name."""
        tokens = list(re.finditer(r"\w+", text))
        words = [token.group(0).casefold() for token in tokens]
        found: list[Actor] = []
        for index, token in enumerate(tokens):
            if token.start() and text[token.start() - 1] == "@":
                continue  # a handle, not a name
            for size in range(1, 6):
                if person := self._by_words.get(tuple(words[index : index + size])):
                    found.append(person)
            if person := self._by_first.get(token.group(0)):
                found.append(person)
        return found

    def __contains__(self, actor: Actor) -> bool:
        return any(detail in self._by_detail for detail in _details(actor))

    def complete(self, actor: Actor) -> Actor:
        """The actor with the name, email and login the document gave elsewhere."""
        for detail in _details(actor):
            if twin := self._by_detail.get(detail):
                return Actor(actor.role, actor.name or twin.name, actor.email or twin.email,
                             actor.login or twin.login)
        return actor


def _details(actor: Actor) -> list[tuple[str, str]]:
    found = (("email", actor.email.lower()), ("login", actor.login.lower()),
             ("name", actor.name.casefold()))
    return [(kind, value) for kind, value in found if value]
