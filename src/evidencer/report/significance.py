"""Pure: what a piece of work did, read from its facts: size and reach, reports it closed,
security content, stated outcomes, incident roles, reverts. Ranks work and says why.

A keyword makes an item evidence of a competency (the rubric's job); what it *did* decides
how far up the document it goes. A change of a few lines never outranks a substantial one
of the same competency unless it states an outcome; a revert is never a highlight, and
work that was reverted loses its credit.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from evidencer.classify.rubric import ADVISORY, advisory_name, answered_advisory
from evidencer.classify.titles import CONVENTIONAL
from evidencer.model import (
    OUTSIDE_TEAM,
    WRITTEN_LONG_BEFORE,
    Classified,
    Evidence,
    Match,
    parse_datetime,
)
from evidencer.reverts import pull_number, reverted_subject, same_subject, standing, whole_subject
from evidencer.sources.github.items import message_closes
from evidencer.vendored import TEST_PATHS, in_tests, sizeless, vendored

SMALL_LINES = 20  # a change under this many lines is "a few lines"
DISCUSSED = 5  # comments on a pull request (read with a token) worth a word in its why
SUBSTANTIAL_LINES = 200
CHANGE_KINDS = frozenset({"commit", "pull_request"})
# Roles that make an item the person's own work; the rest (merging, reviewing) is
# maintainer work: real evidence of influence, counted in its own part.
OWN_ROLES = frozenset({
    "author", "co_author", "incident_commander", "responder", "postmortem_author",
    "action_item_owner", "assignee", "commenter",
})
MAINTAINER_ROLES = frozenset({"merger", "reviewer"})
# Work the person led (opened, wrote, ran); co-authoring someone else's PR alone is not.
LEAD_ROLES = OWN_ROLES - {"co_author"}
INCIDENT_LEAD = frozenset({"incident_commander", "postmortem_author"})
INCIDENT_HELP = frozenset({"responder", "action_item_owner"})
_ROLE_WEIGHT = {"author": 1.0, "co_author": 0.8, "incident_commander": 1.2,
                "postmortem_author": 1.1, "responder": 0.9, "action_item_owner": 0.9}
# Folders that hold everything: an area is the folder below them.
_ROOTS = frozenset({"src", "lib", "pkg", "packages", "internal", "cmd", "apps", "app",
                    "services", "modules", "crates", "components"})
_NOT_AREAS = re.compile(
    TEST_PATHS
    # changelog fragments and a feature's type declarations (sindresorhus/execa's types/)
    + r"|(^|/)(news|changelog\.d|changelogs?|newsfragments|changes|upcoming_changes"
    r"|types|typings)(/|$)"
    r"|^(CHANGES|CHANGELOG|HISTORY|NEWS)[^/]*$"
    r"|^\.[^/]*/",  # the project's tooling (.github/, .claude/, .vscode/), not a product area
    re.IGNORECASE,
)
# A subject that says nothing of what changed ("small fix", "minor improvement", "Dev",
# "bug fix", "WIP"): linkwarden's "small fix" and "minor fix" were two of its maintainer's
# five highlights. Such work still counts; it ranks after work that says what it did and
# is never a highlight, since a reader learns nothing from its title.
_VAGUE = re.compile(
    r"\W*(?:(?:small|minor|tiny|quick|little|some|few|more|misc\w*|various|several|other)\s+)*"
    r"(?:fix|fixes|fixed|bug ?fix(?:es)?|bugs?|improvements?|improved|tweaks?|changes?|updates?"
    r"|updated|cleanup|clean ?up|stuff|wip|dev|work|edits?|refactor|polish|patch)\W*",
    re.IGNORECASE,
)
# The rubric's theme of reverts that roll back what broke users (product-excellence.yml's
# revert-for-users): the document counts them, as it counts no other revert.
ROLLBACKS = "rollbacks"
_REVERTS_SHA = re.compile(r"\bThis reverts commit ([0-9a-f]{7,40})\b", re.IGNORECASE)
_QUOTED_REVERT = re.compile(r'\s*(?:partial(?:ly)?\s+)?revert\w*\s*"', re.IGNORECASE)
_SHA = re.compile(r"(?:commit\s+)?[0-9a-f]{7,40}", re.IGNORECASE)
_MEMORY = re.compile(
    r"\b(heap[- ]buffer[- ]overflow|stack[- ]buffer[- ]overflow|buffer overflow|heap overflow"
    r"|integer overflow|use[- ]after[- ]free|double[- ]free"
    r"|out[- ]of[- ]bounds (?:read|write|access)"
    r"|null (?:pointer )?dereference|memory corruption|memory leak|data race)\b",
    re.IGNORECASE,
)
# What _MEMORY names that is a bug more often than a hole an attacker uses: said for what
# it is, but ranked as any fix (lazygit's 6-line "Fix data race with status string", which
# says it fixes nothing users see, and fzf's one-cast "Fix integer overflow … on 32-bit
# builds" were highlights ahead of their authors' largest work).
_DEFECTS = frozenset({"fixes a data race", "fixes a memory leak", "fixes a null dereference",
                      "fixes a null pointer dereference", "fixes an integer overflow"})


def _is_hole(security: str) -> bool:
    """A security fix proper, not a defect of the kinds _DEFECTS names."""
    return bool(security) and security not in _DEFECTS


_SECURITY = re.compile(
    r"\b(security (?:fix|issue|vulnerability|advisory|hardening)|vulnerabilit(?:y|ies)|vulns?"
    r"|(?:remote )?code execution|path traversal|sql injection|command injection"
    # (a CSRF token is what defends against one: gitleaks' "ignore csrf-tokens")
    r"|cross[- ]site scripting|xss|csrf(?![- _]?tokens?\b)|ssrf|privilege escalation"
    r"|denial of service|resource exhaustion"
    # a regex's runaway backtracking on hostile input (fastify's Content-Type parser)
    r"|redos|(?:catastrophic|quadratic|exponential|polynomial|super-?linear) backtracking"
    r"|spoofed|spoofable|spoofing attacks?|arbitrary file (?:read|write))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Significance:
    """What one item did, and the sentences that say so."""

    value: float  # rank: higher first
    lines: int
    files: int
    areas: tuple[str, ...]
    small: bool  # a change of a few lines that states no outcome
    vague: bool  # a subject that says nothing of what changed
    substantial: bool
    closes: tuple[str, ...]  # issue references, owner/repo#n
    security: str  # what it fixes, or ""
    outcomes: tuple[str, ...]
    incident: str  # "led" / "helped" / ""
    revert: bool
    reverted_by: str  # the id of the item that reverted it, or ""
    own: bool  # the person's own work (not only merged or reviewed by them)
    shared: bool  # co-authored only: commits on a pull request someone else opened
    why: tuple[str, ...]  # sentences a manager reads
    unmerged: str = ""  # a pull request "open" (in progress) or "closed" without merging
    users_closed: tuple[str, ...] = ()  # of ``closes``, those a user outside the team opened
    # the lines it deleted where they are at least three quarters of ``lines``, else 0:
    # most of it was taken away, which its size alone would read as that much written
    removed: int = 0

    @property
    def hole(self) -> bool:
        return _is_hole(self.security)

    @property
    def highlightable(self) -> bool:
        return (self.own and not self.shared and not self.revert and not self.reverted_by
                and not self.vague and not self.unmerged)


def areas(paths: Iterable[str]) -> tuple[str, ...]:
    """Where a change reaches: the top folder of each path (below src/, lib/…), tests,
    changelog fragments and vendored code left out."""
    found = dict.fromkeys(area for path in paths if (area := _area(path)) is not None)
    return tuple(found)


@functools.lru_cache(maxsize=1 << 16)  # a history touches the same files again and again
def _area(path: str) -> str | None:
    """The area one path reaches, if any."""
    clean = path.removeprefix("./")
    if "/" not in clean or _NOT_AREAS.search(clean) or vendored(clean):
        return None  # a top-level file (README, pyproject.toml) reaches no area of its own
    parts = posixpath.dirname(clean).split("/")
    if parts[0] in _ROOTS:
        # A file right under src/ is the root's own, no area beside src/api/: dani-garcia/
        # vaultwarden's dependency bump read "reaches 3 areas (docker, src/api, src)"
        return f"{parts[0]}/{parts[1]}" if len(parts) > 1 else None
    return parts[0]


def discussion(item: Evidence) -> int:
    """How many comments a pull request drew on GitHub (0 when read from git alone)."""
    talk = item.facts.discussion
    return talk if talk is not None and talk > 0 else 0


def lead_theme(match: Match, item: Evidence) -> str:
    """The kind of work a claim is, as its sentence and the growth arc say it: the theme of
    its strongest rule, but not a bug fixed by work that changes only the tests. gin's
    "test(engine): add regression tests for HandleContext with NoRoute" and ripgrep's
    "test: add regression test …" read "fixes a bug" and counted among the bugs fixed;
    they guard against one."""
    theme = match.themes[0] if match.themes else ""
    if theme == "fixes" and item.paths and all(in_tests(path) for path in item.paths):
        return "tests"
    return theme


def is_own(roles: Sequence[str]) -> bool:
    """Work the person did; with no roles known (a bare item) it counts as theirs."""
    return not roles or not set(roles) <= MAINTAINER_ROLES


def is_shared(roles: Sequence[str]) -> bool:
    """Co-authored only: the person added commits to a pull request someone else opened.
    The document lists it apart from the work the person led."""
    return "co_author" in roles and not set(roles) & LEAD_ROLES


# Old code taken out, named by what it guarded (mperham/sidekiq's "Remove old CSRF code",
# 311 lines deleted, was a highlight that "addresses a security problem (csrf)").
_RETIRES = re.compile(r"(?:\S+: ?)?(?:remove|delete|drop|clean ?up)\w*\s+(?:the\s+)?"
                      r"(?:old|legacy|unused|dead|deprecated|obsolete|outdated)\b", re.IGNORECASE)


# Vulnerabilities or advisories as the data an audit tool reads, not a hole the work closes
# (composer/composer's "Fix update --lock … not working when locked packages contain
# vulnerabilities", a one-line fix to its audit blocking, was ranked as a security fix
# ahead of its maintainer's larger fixes); the rubric's security rule reads it alike.
_SECURITY_DATA = re.compile(
    # what the product itself spoofs, kept up to date: glance's "Bump spoofed user agent
    # versions" (not "Reject spoofed TLS client certificates")
    r"\b(?:bump|updat|rotat|refresh)\w*(?: the)? spoofed\b|"
    r"\bsecurity advisor(?:y|ies) (?:are|is|were|was|list\w*|data|format\w*|returned|output)\b"
    r"|\b(?:contain|contains|containing|with|having|has|have|listing|lists|list|reports"
    r"|reporting|report|ignor\w*|filter\w*) (?:known |any |some |the |reported )?"
    r"(?:security )?vulnerabilit(?:y|ies)\b"
    # ... nor the project's policy for reporting them (curl/curl's "VULN-DISCLOSURE-POLICY:
    # make it pass test 1275", a one-line docs change, was a highlight that "addresses a
    # security problem (vulnerability)"). The rubric's rule leaves these to the model, which
    # shows none of the corpus's 7 security-policy titles (all routine); the same exception
    # there retrained it into +1 wrong claim at two of four seeds.
    r"|\bvuln(?:erabilit(?:y|ies))?[- _](?:disclosure|reporting)\b"
    r"|\b(?:security|disclosure|vulnerability) (?:policy|process)\b|\bsecurity\.md\b"
    # ... nor code said to be safe from one (aiohttp's "Make clear that regex is not
    # affected by ReDoS", a one-character anchor, was a security highlight)
    r"|^(?:\S+: ?)?(?:make clear|makes clear|clarif\w*|document\w*|note|notes|explain\w*"
    r"|confirm\w*|show\w*|test\w*|verif\w*)\b[^.]{0,60}\b(?:not|never|isn't|aren't)"
    r" (?:be )?(?:affected|vulnerable|susceptible|exploitable) (?:by|to)\b",
    re.IGNORECASE,
)


# A title tagged or worded as a refactor or a speed-up names the security feature it
# changes, not a hole it closes: fiber's "perf(csrf,redirect): share scheme/host matching
# and skip url.Parse on the hot path" (whose description says the security-critical parse
# is untouched) and "refactor: update CSRF middleware to use shared extractors" read
# "addresses a security problem (csrf)", the first as the document's first highlight.
# (Not a chore's, CI's or the build's tag: "chore: bump go.mod to 1.24.6 to fix
# exec.LookPath vuln" is a fix, bubbletea's.)
# The types are read as the rules read them (titles.CONVENTIONAL), after a gitmoji.
_NOT_A_FIX_TYPES = frozenset({"refactor", "perf", "performance", "doc", "docs", "test",
                              "tests", "style"})
_REWORKED = re.compile(r"(?:refactor|optimi[sz]e|speed up)\w*\b", re.IGNORECASE)
_LEADING_MARKS = re.compile(r"^\W*")


def advisories(title: str, security: str) -> set[str]:
    """The advisories an item addresses (``security``: its security_content): each its
    title names ("Fix CVE-2025-48060 and CVE-2025-49014"), else the one its description
    answers."""
    if not security.startswith(ADVISORY_SAID):
        return set()
    named = {advisory_name(m.group(1)) for m in ADVISORY.finditer(title[:4000])}
    return named or {security.removeprefix(ADVISORY_SAID)}


def _names_the_feature(title: str) -> bool:
    """Whether ``title`` is tagged or worded as a refactor or a speed-up (above)."""
    bare = _LEADING_MARKS.sub("", title, count=1)
    tagged = CONVENTIONAL.match(bare)
    if tagged is not None and tagged.group("type").lower() in _NOT_A_FIX_TYPES:
        return True
    return _REWORKED.match(bare) is not None


ADVISORY_SAID = "addresses security advisory "  # how security_content names one


def security_content(title: str, body: str) -> str:
    """``"fixes a heap buffer overflow"``, ``"addresses CVE-2024-1234"`` or ``""``."""
    head = f"{title}\n{body[:4000]}"
    advisory = ADVISORY.search(title) or answered_advisory(body[:4000])
    if advisory:
        return f"{ADVISORY_SAID}{advisory_name(advisory.group(1))}"
    fixed = [f"fixes {'an' if w[:1] in 'aeio' else 'a'} {w}"  # a use-after-free
             for m in _MEMORY.finditer(head)
             if (w := " ".join(m.group(1).lower().replace("-", " ").split()))]
    # A hole named beside a defect is what the work fixes ("Fix path traversal and data
    # race in upload handler"), wherever the two come in the text.
    hole = next((f for f in fixed if _is_hole(f)), None)
    if hole:
        return hole
    found = _SECURITY.search(title)
    if found and not _RETIRES.match(title) and not _SECURITY_DATA.search(title) \
            and not _names_the_feature(title):
        what = found.group(1).lower()
        what = {"vuln": "vulnerability", "vulns": "vulnerabilities"}.get(what, what)
        return f"addresses a security problem ({what})"
    return fixed[0] if fixed else ""


def rolls_back(entry: Classified) -> bool:
    """A revert that rolls back harm, as the rubric's rule of that theme says."""
    return any(ROLLBACKS in match.themes for match in entry.matches)


def revert_target(entry: Classified) -> tuple[str, tuple[str, ...]] | None:
    """For a revert: the reverted title and the shas its message names; else None.

    The shas count when the title says revert or the body opens with them, as ``git
    revert`` writes it. Further down they are one commit of a squashed branch undoing
    another ("add ability to disable cloud" in ollama/ollama, reverted for it); so they are
    under a title the project tagged as other work: sveltejs/svelte's "feat: out of order
    rendering", 1,449 lines, opened with one once its squashed commits' list was left out
    (``* Revert "fix"``), and read as a revert, its maintainer's second-largest feature
    counted nowhere.
    """
    item = entry.evidence
    title = reverted_subject(item.title)
    body = item.body.lstrip()
    tagged = CONVENTIONAL.match(item.title)
    other_work = tagged is not None and tagged.group("type").lower() != "revert"
    if other_work and title is not None and tagged is not None \
            and not _QUOTED_REVERT.match(item.title, tagged.end()) \
            and pull_number(title) is None and not _SHA.fullmatch(title):
        # A fix that goes back to an earlier way, under the project's fix tag, is a fix
        # (nodejs/undici's "fix: revert idle socket validation to setTimeout(0) to prevent
        # stall on idle event loop", "Fixes #5600", was "a revert, not counted"); one that
        # names the change it undoes ('fix: Revert "feat: x"', "fix(context): revert PR
        # #4707", a sha) is still a revert.
        title = None
    own = title is not None or (not other_work and _REVERTS_SHA.match(body) is not None)
    shas = tuple(_REVERTS_SHA.findall(body)) if own else ()
    if title is None and not shas:
        return None
    return title or "", shas


def reverted_by(items: Sequence[Classified]) -> dict[str, str]:
    """Which item reverted which: by the sha a revert message names, else by its title,
    the last so titled before the revert (remix-run/react-router's maintainer reverted a
    fix and landed it again 50 minutes later, and the fix read as reverted); a revert
    that was reverted in turn (or reapplied) takes nothing away."""
    by_sha: dict[str, str] = {}
    titled: dict[str, list[Evidence]] = {}  # in the items' order
    by_number: dict[tuple[str, int], str] = {}
    for entry in items:
        item = entry.evidence
        for sha in item.shas:
            by_sha[sha] = item.id
        titled.setdefault(same_subject(item.title), []).append(item)
        if item.number is not None and item.kind in CHANGE_KINDS:
            by_number.setdefault((item.repo, item.number), item.id)

    def before(title: str | None, revert: Evidence) -> str | None:
        """The item titled so that the revert undid: the last one before it; where only
        items of the revert's own time are left (a rebased series), the first so titled,
        as no order tells them apart."""
        same = titled.get(title or "")
        if not title or not same:
            return None
        earlier = [i for i in same if i.date < revert.date]
        if earlier:
            return max(earlier, key=lambda i: i.date).id
        return same[0].id if same[0].date == revert.date else None

    out: dict[str, str] = {}
    for entry in items:
        named = entry.evidence.facts.reverted_by
        if named:
            out[entry.evidence.id] = named
        target = revert_target(entry)
        if target is None:
            continue
        title, shas = target
        number = pull_number(title)
        found = (
            next((by_sha[s] for sha in shas for s in by_sha if s.startswith(sha.lower())), None)
            or (by_number.get((entry.evidence.repo, number)) if number is not None else None)
            or before(same_subject(title), entry.evidence)
            # a title GitHub cut short (reverts.cut_short): the one it starts
            or before(whole_subject(title, titled), entry.evidence)
        )
        if found and found != entry.evidence.id:
            out[found] = entry.evidence.id
    out.update(_undone_by_content(items, out))
    return standing(out, lambda revert: (revert,))


# A title that says it undoes something, named or not ("Fix: revert changes to qbittorrent
# widget endpoints", gethomepage/homepage); not "undo", a feature's word ("Add undo shortcut")
_UNDOES = re.compile(
    r"\brevert(?:s|ed|ing)?\b|\broll(?:s|ed|ing)? ?back\b|\bback(?:s|ed|ing)? out\b",
    re.IGNORECASE)
MIRROR_DAYS = dt.timedelta(days=60)  # a change said to undo one, back this far


def _undone_by_content(items: Sequence[Classified], known: Mapping[str, str]) -> dict[str, str]:
    """Changes undone by a later one whose title says it undoes something but names
    neither them nor their title, read from the content: the same files, about the lines
    the first added removed and those it removed added (the undoing may keep a line or
    two), within MIRROR_DAYS. homepage's maintainer's "Enhancement: use lighter endpoints
    for qbittorrent" (63 lines added, 31 removed) and, a month later, "Fix: revert changes to
    qbittorrent widget endpoints" (29 and 63, the same three files). Line counts alone, under
    a title that undoes nothing, say too little: adding a docs section and dropping an FAQ of
    as many lines from one file is no revert."""
    taken = set(known) | set(known.values())
    earlier: dict[tuple[str, frozenset[str]], list[Evidence]] = {}
    out: dict[str, str] = {}
    for entry in sorted(items, key=lambda e: e.evidence.date):
        item = entry.evidence
        if item.kind not in CHANGE_KINDS or not item.paths or item.id in taken:
            continue
        key = (item.repo, frozenset(item.paths))
        if _UNDOES.search(item.title):
            for first in reversed(earlier.get(key, ())):  # the latest first
                if item.date - first.date > MIRROR_DAYS:
                    break
                if first.id not in taken and _mirrors(first, item):
                    out[first.id] = item.id
                    taken.update((first.id, item.id))
                    break
            if item.id in taken:
                continue
        earlier.setdefault(key, []).append(item)
    return out


def _mirrors(first: Evidence, later: Evidence) -> bool:
    def near(a: int, b: int) -> bool:
        return abs(a - b) <= max(3, max(a, b) // 10)

    return first.additions + first.deletions > 0 and near(later.additions, first.deletions) \
        and near(later.deletions, first.additions)


def _closes(entry: Classified) -> tuple[str, ...]:
    """The issues the work closes.

    Where GitHub saw the work, its word is all: the issues it links to the pull request
    that exist and were closed (``linked_issues``; pr-comment's, those that exist). A
    "Fixes #99999" in a description is not an issue closed. So for a commit pushed
    straight to the branch, once GitHub was read: the issues its message names that
    exist, are issues and are closed. Git alone knows only the messages: their closing
    keywords are read, as GitHub reads them when the commits reach the default branch.
    """
    item = entry.evidence
    if item.kind not in CHANGE_KINDS:
        return ()
    known = item.facts.linked_issues
    refs = list(known or ())
    if known is None and "github" not in item.sources and item.repo:
        refs += message_closes(item)
    return tuple(r for r in dict.fromkeys(refs) if r != item.ref)


def _short_ref(ref: str, repo: str) -> str:
    return "#" + ref.rpartition("#")[2] if ref.rpartition("#")[0] == repo else ref


def assess(
    entry: Classified,
    roles: Sequence[str],
    *,
    reverted: Mapping[str, str],
    outside_reports: frozenset[str] = frozenset(),
) -> Significance:
    """Read what the item did; ``outside_reports`` are issue refs opened by users."""
    item = entry.evidence
    # The size of the work is its own files': not vendored code or lock files it carries.
    lines = max(item.additions + item.deletions - (item.facts.vendored_lines or 0), 0)
    files = sum(1 for path in item.paths if not sizeless(path))
    reach = areas(item.paths)
    is_change = item.kind in CHANGE_KINDS
    outcomes = tuple(entry.impact)
    closes = _closes(entry)
    # Routine upkeep ("bump x, fixes CVE-…" in a dependency bump) claims no security fix.
    if item.facts.private_fork and not ADVISORY.search(item.title):  # no id to name
        security = "fixes a security advisory (merged from its private fork on GitHub)"
    else:
        security = security_content(item.title, item.body) if not entry.routine else ""
    role_set = set(roles)
    incident = "led" if role_set & INCIDENT_LEAD else "helped" if role_set & INCIDENT_HELP else ""
    # A revert the rubric reads as rolling back harm (its description says what the change
    # broke for users: sinatra's 'Revert "`PATH_INFO` can never be empty."', "returns 404,
    # which was not the case before", its maintainer's hotfix) is stability work; any
    # other revert is no evidence, whatever its words (a revert of a fix reads like one).
    revert = revert_target(entry) is not None and not rolls_back(entry)
    by = reverted.get(item.id, "")
    unmerged = (item.facts.state or "") if item.kind == "pull_request" else ""
    unmerged = unmerged if unmerged in ("open", "closed") else ""
    own = is_own(roles)
    shared = is_shared(roles)
    # A security fix is what it fixes, however few lines it takes; so is a stated outcome.
    hole = _is_hole(security)
    small = (is_change and (lines > 0 or bool(item.paths)) and lines < SMALL_LINES
             and not outcomes and not hole)
    # By its lines alone, as its sentence says ("a substantial change: 1,019 lines"): gotify's
    # "5 substantial changes" at a glance were five fixes of 29-169 lines that each
    # "reaches 3 areas", none of them said to be substantial.
    substantial = is_change and lines >= SUBSTANTIAL_LINES
    confidence = max((m.score for m in entry.matches), default=0.0)
    value = 0.5 * min(confidence, 6.0)
    if is_change:
        value += min(math.log2(1 + lines) / 2, 5.5) + min(files, 30) / 15
        value += 0.5 * min(max(len(reach) - 1, 0), 4)
    value += 1.5 * min(len(closes), 2) + 0.5 * sum(1 for r in closes if r in outside_reports)
    if item.kind == "issue" and (item.author_association or "").upper() in OUTSIDE_TEAM:
        value += 1.5
    value += 3.0 if hole else 0.0
    value += min(2.0 + 0.5 * (len(outcomes) - 1), 3.0) if outcomes else 0.0
    value += 5.0 if incident == "led" else 2.0 if incident == "helped" else 0.0
    # Discussion a pull request drew (GitHub's comment count, with a token): work others
    # weighed in on. It adds at most what two reported issues closed add.
    talk = discussion(item)
    value += min(talk, 30) / 10 if is_change else 0.0
    value += 0.5 * (len(entry.matches) - 1) if entry.matches else 0.0
    value *= max((_ROLE_WEIGHT.get(r, 0.6) for r in roles), default=1.0)
    # How likely the claim is right: the model's calibrated probability, or what the
    # rule that made it measured held out. Work the model barely claims (caddy's "core:
    # Reloading with SIGUSR1 …" at 0.42, with the cut at 0.40 for one retraining) ranks
    # below work of its size it is sure of ("logging: Buffer the logs before config is
    # loaded", 0.74). Halved at most.
    value *= 0.5 + 0.5 * claim_confidence(entry)
    if revert:
        value *= 0.3
    if by:
        value *= 0.2
    if unmerged:  # not shipped: below the work that was
        value *= 0.3
    # What surely was the change's own removal: its deletions less every line of the lock
    # files and vendored code it touched (rollup's "Deduplicate CLI help file" read "328
    # lines, 270 of them removed"; 168 of the 270 were package-lock.json's, left out of
    # the 328)
    removed = min(max(item.deletions - (item.facts.vendored_lines or 0), 0), lines)
    removed = removed if lines and removed * 4 >= lines * 3 else 0
    why = _why(entry, closes=closes, outside=outside_reports, security=security,
               outcomes=outcomes, incident=incident, lines=lines, files=files, reach=reach,
               revert=revert, reverted=bool(by), roles=roles, removed=removed)
    return Significance(
        value=round(value, 3), lines=lines, files=files, areas=reach, small=small,
        vague=bool(_VAGUE.fullmatch(item.title)),
        substantial=substantial, closes=closes, security=security, outcomes=outcomes,
        incident=incident, revert=revert, reverted_by=by, own=own, shared=shared, why=why,
        unmerged=unmerged,
        users_closed=tuple(r for r in closes if r in outside_reports), removed=removed,
    )


def unmerged_sentence(sig: Significance, item: Evidence) -> str:
    """What a document says first of a pull request not merged (a comment on the pull
    request itself does not: every pull request it comments on is open)."""
    state = {"open": "still open", "closed": "closed without merging"}[sig.unmerged]
    draft = " (a draft)" if item.facts.draft else ""
    return f"{state}{draft}: not shipped, so it earns no credit here yet"


def _why(
    entry: Classified, *, closes: Sequence[str], outside: frozenset[str], security: str,
    outcomes: Sequence[str], incident: str, lines: int, files: int, reach: Sequence[str],
    revert: bool, reverted: bool, roles: Sequence[str], removed: int,
) -> tuple[str, ...]:
    item = entry.evidence
    said: list[str] = []
    if reverted:
        said.append("was reverted later, so it earns no credit here")
    if revert:
        said.append("reverts an earlier change")
    if incident == "led":
        said.append("led the incident response" if "incident_commander" in roles
                    else "wrote the postmortem")
    elif incident == "helped":
        said.append("took part in the incident response")
    if security:
        said.append(security)
    # One sentence per kind of report, however many it closes: "closes 2 reported issues
    # (#12, #14)", not the same phrase twice.
    for refs, one, many in (([r for r in closes if r in outside], "a user report", "user reports"),
                            ([r for r in closes if r not in outside], "a reported issue",
                             "reported issues")):
        if refs:
            shown = ", ".join(_short_ref(r, item.repo) for r in refs[:3])
            more = f" and {len(refs) - 3} more" if len(refs) > 3 else ""
            kind = one if len(refs) == 1 else f"{len(refs)} {many}"
            said.append(f"closes {kind} ({shown}{more})")
    if item.kind == "issue" and (item.author_association or "").upper() in OUTSIDE_TEAM:
        said.append("answers a report from a user outside the team")
    if outcomes:
        said.append(f"states an outcome: {outcomes[0]}")
    talk = discussion(item)
    if item.kind in CHANGE_KINDS and talk >= DISCUSSED:
        said.append(f"drew {talk} comments in review")
    if item.kind in CHANGE_KINDS and lines >= SUBSTANTIAL_LINES:
        where = f" across {len(reach)} areas" if len(reach) > 1 else ""
        in_files = f"{files:,} file" + ("" if files == 1 else "s")
        # Tests are work, and count; where they are most of it the reader is told so
        # (ollama's "965 lines in 3 files" were 876 lines of tests around an 89-line fix).
        tests = min(item.facts.test_lines or 0, lines)
        # ... and where most of it was taken away, so (eslint's "fix!: remove deprecated
        # …", 351 of its 372 lines deleted; golangci-lint's 293 of 346; sops' 2,358 of a
        # 2,367-line docs move read as that much written)
        notes = [f"{tests:,} of them in tests"] if tests * 2 >= lines else []
        if removed:
            notes.append(f"{removed:,} removed" if notes else f"{removed:,} of them removed")
        of_tests = f" ({', '.join(notes)})" if notes else ""
        said.append(f"a substantial change: {lines:,} lines{of_tests} in {in_files}{where}")
    elif item.kind in CHANGE_KINDS and len(reach) >= 3:
        more = f" and {len(reach) - 3} more" if len(reach) > 3 else ""
        said.append(f"reaches {len(reach)} areas ({', '.join(reach[:3])}{more})")
    written = _written(item)
    if written:
        said.append(written)
    return tuple(said)


def _written(item: Evidence) -> str:
    """"written 2023-04-07, landed 2025-10-11", for work written long before it landed
    (Facts.written_at); its date is when it landed, which the period counts."""
    if not item.facts.written_at:
        return ""
    try:
        written = parse_datetime(item.facts.written_at)
    except ValueError:  # a stored value damaged by hand: nothing to say
        return ""
    if item.date - written < WRITTEN_LONG_BEFORE:
        return ""
    landed = item.date.astimezone(dt.timezone.utc)
    return f"written {written:%Y-%m-%d}, landed {landed:%Y-%m-%d}"


def claim_confidence(entry: Classified) -> float:
    """The surest of an item's claims; 1 where none states one (a rubric of the user's own)
    or there is no claim (a security fix no rule claimed). A trailer's claim states 1."""
    return max((1.0 if m.confidence is None else m.confidence for m in entry.matches),
               default=1.0)


def rank_key(entry: Classified, sig: Significance) -> tuple[int, float, float, str]:
    """Sort key, best first: substantial or stated work before a few lines or a subject
    that says nothing, then value, newer before older, then id so the order never wavers."""
    return (int(sig.small or sig.vague), -sig.value, -entry.evidence.date.timestamp(),
            entry.evidence.id)
