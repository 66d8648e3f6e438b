"""People in postmortems: "Name <email>", @handles, profile links, and who is who.

Pure functions from what someone typed to ``Actor`` records, or None for placeholders.

Roles come from ``Role: Name`` lines and, in prose (roles_in_prose), only from what a
sentence says a person *did* in the incident; being named is not enough:

* ``incident_commander``: "Alice Moreau (@alice) was the incident commander", "Alice
  takes incident command", "Alice (IC) declared SEV2", "with Alice as IC", "the
  incident commander was Alice", "Alice led the incident response", "the response was
  led by Alice".
* ``responder``: the person responded or did response work -- "Bob responded", "Bob
  was on call", "Bob rolled back the deploy", "Bob and Dan joined the bridge", "we
  paged Bob, who rolled back", "Bob was paged and acknowledged", "mitigated by Bob".
* ``postmortem_author``: "this postmortem was written by Carol", "Carol wrote this
  report", a "Written by Carol" byline.

Merely mentioned people get no role: "we paged Bob", "Bob was paged", "thanks to Carol
for the dashboard", "Dave from support reported it", "cc @erin". In timelines (where a
named person has always counted as a responder) the object of paging, calling,
notifying or thanking is not credited either: "10:02 paged @bob" credits nobody,
"10:09 @bob rolled back" credits Bob. A first name alone ("Alice takes incident
command") is the person the document names in full when it names one such person.
Before what a program also does (failed over, restarted, rolled back, fixed), a single
capitalised word the document never names in full is no one: "Redis failed over",
"Kubernetes restarted the pods" credit nobody, while "Omar was on call" credits Omar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from evidencer.model import Actor, as_role
from evidencer.sources.postmortems.fields import (
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
from evidencer.sources.postmortems.links import is_profile_or_mail

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
    if name and not (email or login) and _LOWER_LOGIN_RE.fullmatch(name):
        # "owner: alice": a bare lowercase word is how teams write a GitHub login.
        name, login = "", _login(name)
    if not (name or email or login):
        return None
    return Actor(role=as_role(role), name=name, email=email.lower(), login=login)


_LOWER_LOGIN_RE = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,38}")


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
                people.append(Actor(role=as_role(role), name=name, email=email, login=login))
    return people


def mentioned_people(text: str, refs: dict[str, str], role: str) -> list[Actor]:
    """People a line names by @handle, email or profile link (not by bare name)."""
    found: list[Actor] = []
    for link in INLINE_LINK_RE.finditer(text):
        if is_profile_or_mail(link.group(2)) and (who := parse_person(link.group(0), refs, role)):
            found.append(who)
    rest = INLINE_LINK_RE.sub(" ", text)
    found.extend(Actor(role=as_role(role), login=login) for m in HANDLE_RE.finditer(rest)
                 if (login := _login(m.group(1))))
    found.extend(Actor(role=as_role(role), email=m.group(0).lower())
                 for m in EMAIL_RE.finditer(rest))
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
            person = actor  # only who it is is read, never the role
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

    def expand(self, actor: Actor) -> Actor:
        """``actor`` as the known person its name, first name alone or detail names."""
        if actor.name and not (actor.email or actor.login):
            words = tuple(w.casefold() for w in re.findall(r"\w+", actor.name)[:5])
            twin = self._by_words.get(words) or (
                self._by_first.get(actor.name) if len(words) == 1 else None)
            if twin:
                return Actor(actor.role, twin.name, twin.email, twin.login)
        return self.complete(actor)

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


# --- roles stated in prose ----------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:[-'’][{_UPPER}{_LOWER}][{_LOWER}]+)?"
_NAME = rf"{_WORD}(?:\s+(?:(?:van|von|de|da|del|der|di|le|la|du)\s+)?{_WORD}){{0,3}}"
_HANDLE = r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?![\w@-])"
_LINK = r"\[[^\[\]\n]{1,80}\]\([^()\s]{1,200}\)"
_EMAIL = r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,200}\.[A-Za-z]{2,}"
_PERSON = (rf"(?:{_LINK}|{_HANDLE}|{_NAME}(?:\s*<{_EMAIL}>)?"
           rf"(?:\s*\((?:{_HANDLE}|[^()\n]{{1,60}})\))?)")
_PEOPLE = rf"{_PERSON}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_PERSON}){{0,5}}"
# People right before a phrase (anchored at the window's end) or right after one.
_PEOPLE_BEFORE = re.compile(rf"(?<![\w@.-])({_PEOPLE}),?$")
_PEOPLE_AFTER = re.compile(rf"({_PEOPLE})(?![A-Za-z0-9{_UPPER}{_LOWER}@-])")
_WINDOW = 160  # characters looked at beside a phrase: a few names, never the whole line
_LINE_LIMIT = 50_000  # characters of one text read for roles

_ADVERB = r"(?:(?:then|quickly|immediately|also|finally|later|first|eventually|manually|" \
          r"successfully|promptly|soon)\s+)?"
# Response work only a person does, and work a program also does ("Redis failed over").
_RESPONSE = (
    r"(?:responded|acknowledged|acked|joined\s+(?:the\s+)?(?:incident|call|bridge|response|"
    r"channel|war\s+room|investigation|zoom|huddle)|investigated|diagnosed|"
    r"identified\s+(?:the\s+)?(?:root\s+)?cause|found\s+(?:the\s+)?(?:root\s+)?cause|"
    r"triaged|debugged|(?:pushed|shipped|wrote|applied)\s+(?:a\s+|the\s+)?"
    r"(?:fix|hotfix|patch|workaround)|handled\s+(?:the\s+)?(?:incident|page|alert|outage)|"
    r"declared\s+(?:the\s+|an\s+|a\s+)?(?:incident|outage|sev)|"
    r"(?:started|opened)\s+(?:the\s+|an\s+)?incident|"
    r"helped\s+(?:to\s+)?(?:mitigate|debug|investigate|restore|recover|roll\s+back|fix)|"
    r"(?:verified|confirmed)\s+(?:the\s+)?(?:fix|recovery|mitigation))\b"
)
_RESPONSE_ANYONE = (
    r"(?:mitigated|rolled\s+(?:\S+\s+){0,3}?back|reverted|restored|deployed\s+(?:a\s+|the\s+)?"
    r"(?:fix|hotfix|patch|rollback|revert)|failed\s+(?:\S+\s+){0,2}?over|fixed|resolved|"
    r"restarted|scaled\s+(?:\S+\s+)?(?:up|out|down)|drained)\b"
)
_IC_WORDS = r"(?:(?i:incident\s+(?:commander|lead|manager|coordinator))|IC)\b"
_WRITE_UP = (r"(?i:(?:this|the)\s+(?:postmortem|post-mortem|report|document|write-?up|review"
             r"|retro(?:spective)?|rca))")

_ANYONE = "before, anyone"  # people before a phrase a program may be the subject of
_ANYONE_AFTER = "after, anyone"
# (words one of which the text must hold, in lower case unless capitalised, role, where
# the people are, the phrase, whether only a person does it); "before": the
# people end where the phrase begins. A bare word before a phrase a program may be the
# subject of ("Redis failed over") is a person only when the document names them in full.
_PROSE_RULES: tuple[tuple[tuple[str, ...], str, str, re.Pattern[str], bool], ...] = tuple(
    (needles, role, side.split(",")[0], re.compile(pattern),
     side not in (_ANYONE, _ANYONE_AFTER))
    for needles, role, side, pattern in (
        (("incident", "IC"),
         "incident_commander", "before", r"\s+(?i:(?:was|is|acted\s+as|acts\s+as|served\s+as|"
         r"serves\s+as|became|stepped\s+in\s+as|took\s+over\s+as|was\s+appointed|"
         r"volunteered\s+as|remained|as)\s+(?:the\s+|our\s+)?)" + _IC_WORDS),
        (("command", "ic role"),
         "incident_commander", "before", r"\s+(?i:(?:takes|took|assumed|assumes|takes\s+over|"
         r"took\s+over|picked\s+up)\s+(?:the\s+)?(?:incident\s+command|command|IC\s+role))\b"),
        (("incident", "response", "war", "bridge"),
         "incident_commander", "before", r"\s+(?i:(?:led|leads|ran|runs|coordinated|"
         r"coordinates|commanded)\s+(?:the\s+)?(?:incident(?:\s+response)?|response|"
         r"war\s+room|bridge))\b"),
        (("incident", "IC"),
         "incident_commander", "before", r"\s*\(\s*(?:IC|(?i:incident\s+commander))\s*\)"),
        (("incident", "IC"),
         "incident_commander", "after", r"(?<![\w-])" + _IC_WORDS
         + r"(?:\s+(?i:was|is|will\s+be)\s+|\s*[:=]\s*|\s*[-–—]\s*)"),
        (("by",),
         "incident_commander", "after", r"\b(?i:(?:incident|response|bridge|war\s+room)"
         r"\s+(?:\S+\s+){0,3}?(?:was\s+)?(?:led|coordinated|commanded|run)\s+by)\s+"),
        (("call", "responder"),
         "responder", "before", r"\s+(?i:(?:was|were|is|are)\s+(?:the\s+|our\s+)?"
         r"(?:primary\s+|secondary\s+)?(?:on[- ]?call|first\s+responders?|responders?))\b"),
        (("respond", "ack", "joined", "investigat", "diagnos", "cause", "triag", "debug", "fix",
          "patch", "workaround", "handled", "declared", "incident", "helped", "verified",
          "confirmed"),
         "responder", "before", r"(?:,?\s+(?i:who)\s+|\s+)(?i:" + _ADVERB + _RESPONSE + ")"),
        (("mitigat", "back", "revert", "restor", "deploy", "over", "fixed", "resolved",
          "restart", "scaled", "drain"),
         "responder", _ANYONE, r"(?:,?\s+(?i:who)\s+|\s+)(?i:" + _ADVERB
         + _RESPONSE_ANYONE + ")"),
        (("paged",),
         "responder", "before", r"\s+(?i:(?:was|were|got)\s+paged(?:\s+at\s+[\d:]+"
         r"(?:\s*[A-Z]{2,4})?)?,?\s+and\s+" + _ADVERB + f"(?:{_RESPONSE}|{_RESPONSE_ANYONE})"
         + ")"),
        (("by",),
         "responder", _ANYONE_AFTER, r"\b(?i:(?:rolled\s+back|reverted|mitigated|investigated|"
         r"fixed|resolved|restored|diagnosed|handled|triaged|acknowledged|acked|debugged)"
         r"\s+by)\s+"),
        (("by",),
         "postmortem_author", "after", _WRITE_UP + r"\s+(?i:(?:was\s+)?(?:written|authored|"
         r"drafted|prepared|compiled)\s+by)\s+"),
        (("by",),
         "postmortem_author", "after", r"^[\s*_>]*(?i:(?:written|authored|drafted|prepared|"
         r"compiled)\s+by)\s+"),
        (("wrote", "authored", "drafted"),
         "postmortem_author", "before", r"\s+(?i:wrote|authored|drafted)\s+" + _WRITE_UP),
    )
)
# Paged, called, thanked: named, but not said to have done anything.
_PASSIVE_BEFORE = re.compile(
    r"\b(?i:paged|pages|paging|page|pinged|pings|called|calls|phoned|notified|notifies|"
    r"emailed|messaged|texted|alerted|cc'?d?|cc:|thanks\s+to|thanked|thank|thanks|asked|"
    r"asks|escalated\s+to|escalates\s+to|reached\s+out\s+to|tried\s+to\s+reach|"
    r"contacted|waiting\s+for|waited\s+for|woke(?:\s+up)?)\s+"
)
_PASSIVE_AFTER = re.compile(
    r"\s+(?i:(?:was|were|got|gets|is|are)\s+(?:being\s+)?(?:paged|pinged|called|notified|"
    r"alerted|contacted|woken(?:\s+up)?|escalated\s+to|cc'?d))\b"
)
# Capitalised words that start sentences or name groups, never a person.
_NOT_NAME_WORDS = """
the a an we our us they their them he she his her him it its this that these those i my
me you your after before then when once finally later meanwhile at by on in during while
until since yesterday today tomorrow overnight initially eventually also and but so if
nobody somebody someone everyone anyone no one team teams support engineering ops
operations security infra infrastructure platform sre customers customer users user
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december there here both all each
incident outage postmortem impact summary timeline action root cause service services
with without from for to of as per via around about approximately just only shortly soon
immediately quickly thanks amazon google microsoft azure aws cloud github gitlab
kubernetes
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def roles_in_prose(
    lines: Iterable[str], refs: Mapping[str, str]
) -> list[tuple[Actor, bool]]:
    """People whose role a sentence states (see the module docstring for the rule), each
    with whether the phrase is one only a person is the subject of."""
    found: list[tuple[Actor, bool]] = []
    for line in lines:
        text = line[:_LINE_LIMIT]
        if not text.strip():
            continue
        lowered = text.lower()
        for needles, role, side, rule, person_only in _PROSE_RULES:
            # A word test first: most sections hold none of a rule's words.
            if not any(n in (text if n.isupper() else lowered) for n in needles):
                continue
            for match in rule.finditer(text):
                if side == "before":
                    window = text[max(0, match.start() - _WINDOW) : match.start()]
                    people = _PEOPLE_BEFORE.search(window)
                else:
                    people = _PEOPLE_AFTER.match(text, match.end(),
                                                 min(len(text), match.end() + _WINDOW))
                if people:
                    found.extend((actor, person_only)
                                 for actor in _people_in(people.group(1), role, refs))
    return found


def _people_in(text: str, role: str, refs: Mapping[str, str]) -> list[Actor]:
    people = []
    for part in re.findall(_PERSON, text):
        words = part.split()
        while words and words[0].casefold() in _NOT_NAMES:
            words = words[1:]  # "Then Alice" is Alice
        if not words or (len(words) == 1 and not words[0].startswith(("@", "["))
                         and words[0].casefold() in _NOT_NAMES):
            continue
        if person := parse_person(" ".join(words), refs, role):
            people.append(person)
    return people


def blank_passive_mentions(text: str) -> str:
    """``text`` with the people it only pages, calls or thanks blanked out.

    "paged @bob and @carol" loses both handles; "@bob rolled back" keeps Bob.
    """
    text = text[:_LINE_LIMIT]
    spans: list[tuple[int, int]] = []
    for match in _PASSIVE_BEFORE.finditer(text):
        if people := _PEOPLE_AFTER.match(text, match.end(), min(len(text), match.end() + _WINDOW)):
            spans.append(people.span(1))
    for match in _PASSIVE_AFTER.finditer(text):
        window_start = max(0, match.start() - _WINDOW)
        if people := _PEOPLE_BEFORE.search(text, window_start, match.start()):
            spans.append(people.span(1))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
