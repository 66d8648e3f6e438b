"""Frozen copy of src/evidencer/classify/impact.py as of 09ab3f5, before its fast paths: test code only.

tests/test_impact_speed_paths.py proves the fast paths return exactly what this does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

__all__ = ["MAX_PHRASE_LENGTH", "MAX_TEXT_LENGTH", "extract_impact"]

MAX_PHRASE_LENGTH = 120
# Outcomes are stated near the top; GitHub itself caps PR and issue bodies at 65,536.
MAX_TEXT_LENGTH = 100_000
_FILLER = "\x1a"  # stands in for masked text, keeping every offset where it was

# -- numbers and units ---------------------------------------------------------------
_RAW_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![.,]?\d)"
_NUM = r"(?<![\w.$€£])(?<!\d,)" + _RAW_NUM
_DURATION = (
    r"(?:\s?(?:ms|msecs?|millis(?:econds?)?|µs|μs|microseconds?|ns|nanoseconds?|s|secs?"
    r"|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?)|[mh])(?![\w])"
)
_SIZE = r"\s?(?:[KMGTkmgt]i?[Bb]|bytes)(?![\w])"
_RATE = (
    r"\s?(?:rps|qps|tps|(?:reqs?|requests?|ops|queries|errors|events|alerts|pages)?"
    r"/(?:s|sec|min|h|hr|hour|d|day|wk|week|mo|month)|(?:requests|queries|ops) per second)(?![\w])"
)
_PERCENT = r"(?:\s?%|\s?(?:percent|per cent|pct|percentage points?|pp)(?![\w]))"
_MONEY = (
    r"(?<![\w])[$€£]\s?" + _RAW_NUM + r"(?:\s?(?:[kKmM]|bn|million|billion|thousand)(?![\w]))?"
    r"|" + _NUM + r"(?:\s?[kKM])?\s?(?:USD|EUR|GBP|dollars|euros)(?![\w])"
)
_STRONG_NOUN = (
    r"(?:users|customers|clients|accounts|tenants|organi[sz]ations|orgs|tickets|complaints"
    r"|signups|sign-ups|subscribers|installs|downloads|merchants|sellers|visitors|people)"
)
_WEAK_NOUN = (
    r"(?:requests|errors|exceptions|crashes|failures|incidents|alerts|pages|calls|queries"
    r"|jobs|builds|deploys|deployments|retries|timeouts|events|messages|emails|flakes)"
)
_MAG = r"(?:\s?(?:[kKM]|million|thousand))?"
_STRONG_COUNT = _NUM + _MAG + r"\+?\s+(?:[A-Za-z-]+\s+)?" + _STRONG_NOUN + r"(?![\w])"
_WEAK_COUNT = _NUM + _MAG + r"\+?\s+(?:[A-Za-z-]+\s+)?" + _WEAK_NOUN + r"(?![\w])"
_COMPARATIVE = (
    r"(?:faster|slower|quicker|smaller|larger|bigger|cheaper|less|fewer|more|lower|higher"
    r"|better|improvements?|speed-?ups?|reductions?|increases?|decreases?|throughput|as \w+)"
)
_WORD_NUM = r"(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|hundred)"
_MULT = _NUM + r"\s?[x×](?![\w])"
_STRONG_MULT = (
    _MULT + r"\s+" + _COMPARATIVE + r"(?![\w])"
    r"|(?:" + _NUM + r"|\b" + _WORD_NUM + r")\s+times\s+" + _COMPARATIVE + r"(?![\w])"
    r"|\btwice\s+as\s+\w+|" + _NUM + r"-fold\b"
)
_ANY_UNIT = f"{_DURATION}|{_SIZE}|{_RATE}|{_PERCENT}|\\s?{_STRONG_NOUN}|\\s?{_WEAK_NOUN}"
_QTY = rf"(?:{_MONEY}|{_NUM}{_MAG}(?:{_ANY_UNIT})?|{_MULT})"
_APPROX = r"(?:~\s?|about\s+|around\s+|roughly\s+|approx\.?\s+|under\s+|just\s+|only\s+)?"
_THEN = _APPROX + _QTY
_BEFORE_AFTER = re.compile(
    "|".join(
        [
            rf"\bfrom\s+{_APPROX}{_QTY}\s+(?:(?:all the way\s+)?(?:down|up)\s+)?to\s+{_THEN}",
            rf"{_QTY}\s*(?:->|-->|→|⟶|=>|➡|—>)\s*{_THEN}",
            rf"\b(?:was|were|used to (?:take|be))\s+{_THEN}.{{0,40}}?\bnow\b.{{0,30}}?{_QTY}",
            rf"{_QTY}\s+(?:instead of|rather than|compared (?:to|with)|vs\.?|versus)\s+{_THEN}",
            rf"{_QTY},?\s+(?:down|up)\s+from\s+{_THEN}",
            rf"{_QTY}\s*\(?(?:previously|before|was)\s+{_THEN}\)?",
        ]
    ),
    re.IGNORECASE,
)
# The comparison patterns are the slow ones; most sentences have none of their words.
_BA_HINT = re.compile(
    r"\b(?:from|instead|rather|compared|vs|versus|previously|before|was|were|used)\b|->|→|⟶|=>|➡",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(_NUM + _PERCENT, re.IGNORECASE)
_STRONG_COUNT_RE = re.compile(_STRONG_COUNT, re.IGNORECASE)
_STRONG_MULT_RE = re.compile(_STRONG_MULT, re.IGNORECASE)
_STRONG_UNIT = re.compile(
    rf"{_NUM}{_PERCENT}|{_MONEY}|{_NUM}{_MAG}\s?{_STRONG_NOUN}", re.IGNORECASE
)
_HAS_UNIT = re.compile(rf"{_MONEY}|{_NUM}{_MAG}(?:{_ANY_UNIT})|{_MULT}", re.IGNORECASE)
_WEAK = re.compile(rf"{_NUM}(?:{_DURATION}|{_SIZE}|{_RATE})|{_WEAK_COUNT}|{_MULT}", re.IGNORECASE)
_MONEY_RE = re.compile(_MONEY)

# -- context words ---------------------------------------------------------------------
_CHANGE = re.compile(
    r"\b(?:faster|slower|quicker|speed\w*|latency|latencies|p\d{2}(?:\.\d)?|throughput|takes?"
    r"|took|taking|reduc\w*|cuts?|cutting|drop(?:s|ped)|lower\w*|decreas\w*|improv\w*|sav(?:e|es|ed|ing"
    r"|ings)|less|fewer|shr[iau]nk\w*|smaller|increas\w*|gr[eo]w\w*|down|instead|compared|now"
    r"|went|previously|affect\w*|impact\w*|outage|downtime|eliminat\w*|avoid\w*|prevent\w*"
    r"|within|under|below|handles?|serv(?:e|es|ed|ing)|cost\w*|spend\w*|bill\w*|budget|cheaper"
    r"|sped|lasted|duration|lost|loss|losses"
    r"|revenue|arr|mrr|monthly|yearly|annual\w*|per (?:month|year|week|day|run))\b",
    re.IGNORECASE,
)
_CONFIG = re.compile(
    r"\b(?:timeouts?|time-outs?|ttl|intervals?|delays?|backoff|back-off|sleeps?|wait\w*|cron"
    r"|every|idle|retry|retries|limits?|caps?|max|maximum|minimum|thresholds?|deadlines?|expir\w*"
    r"|windows?|debounce|throttl\w*|poll\w*|grace|cooldown|period|age|keepalive|heartbeats?)\b",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"\b(?:latency|latencies|p\d{2}|takes?|took|taking|faster|slower|quicker|speed\w*|durations?"
    r"|build time|load\w*|startup|cold start|runtime|run time|response|usage|used|peak"
    r"|footprint|bundle|throughput|dropped|fell|went|observed|measured)\b",
    re.IGNORECASE,
)
_LAYOUT = re.compile(r"\b(?:width|height|margin|padding|opacity|zoom|font|scale|column)\b", re.I)
_FIXTURE = re.compile(r"\b(?:seed|fixtures?|mocks?|sample|dummy|example)\b", re.IGNORECASE)

# -- Markdown and things that look like numbers but are not ----------------------------
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)", re.M | re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
# Inline code wrapped onto a second line is code too (since 2026-12-03, as in impact_text).
_MASKS = re.compile(
    r"`+[^`\n]*(?:\n[^`\n]+)?`+|https?://\S+|www\.\S+|(?:[\w.-]+/[\w.-]+)?#\d+|\bGH-\d+|@[\w-]+"
    r"|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b|\bv\d+(?:\.\d+)*\b"
    r"|\b\d+(?:\.\d+){2,}(?:[-+][\w.]+)?\b|\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\b"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b(?:https?|status|code|error|line|lines|port|node|python|go|java|ruby|php|rust|version"
    r"|release|postgres(?:ql)?|mysql|redis|ubuntu|debian)\s+\d+(?:\.\d+)*\b"
    r"|(?<!\S)--?[\w-]+=\S+|\b\w+=\S+",
    re.IGNORECASE,
)
# Lines that stand alone: list items, headings, quotes, table rows, "Field: value" lines.
_UNIT_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#{1,6}\s|>|\||[A-Z][\w /-]{0,30}:\s)")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bapprox\.)(?<!\bca\.)\s+"
)
_CLAUSE_BREAK = re.compile(r"[;:]\s|,\s|\s[—–]\s|\s--?\s")
_TRAILING_REF = re.compile(r"\s*\((?:[\w.-]+/[\w.-]+)?#\d+\)$")
_LEAD = re.compile(
    r"^(?:(?:[>#*+-]+|\d{1,3}[.)]|\[[ xX]\])\s+|(?:impact|results?|outcomes?|performance|perf"
    r"|benchmarks?|numbers|tl;?dr|summary|before/after)\s*:\s*|(?:and|but|so|which|thereby|thus"
    r"|also)\s+|this (?:pr|change|commit|patch|fix|diff|mr)\s+)+",
    re.IGNORECASE,
)


def _strip_markdown(text: str) -> str:
    """Drop what is never prose, or not the author's: comments, code blocks, quoted
    ``<blockquote>`` blocks, images, link targets, HTML tags."""
    text = _HTML_COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _FENCE.sub("\n", text)
    text = re.sub(r"<blockquote\b.*?(?:</blockquote\s*>|\Z)", "\n", text,
                  flags=re.DOTALL | re.IGNORECASE)
    text = _LINK.sub(r"\1", _IMAGE.sub("", text))
    return _TAG.sub("", text).replace("**", "").replace("__", "")


def _mask(text: str) -> str:
    return _MASKS.sub(lambda m: _FILLER * len(m.group(0)), text)


def _sentences(masked: str) -> Iterator[tuple[int, int]]:
    """Yield sentence spans; wrapped lines join, list items and headings stand alone.

    The first line is a title or commit subject: it always stands alone too.
    """
    units: list[tuple[int, int]] = []
    joinable = False
    offset = 0
    for line in masked.split("\n"):
        end = offset + len(line)
        if not line.strip():
            joinable = False
        elif joinable and not _UNIT_START.match(line):
            units[-1] = (units[-1][0], end)
        else:
            units.append((offset, end))
            joinable = len(units) > 1 and not line.lstrip().startswith(("#", "|"))
        offset = end + 1
    for start, end in units:
        cursor = start
        for brk in _SENTENCE_END.finditer(masked, start, end):
            yield cursor, brk.start()
            cursor = brk.end()
        yield cursor, end


def _near(sentence: str, span: tuple[int, int]) -> str:
    """The hit with a few words either side: where its cue or configuration word must be."""
    before = sentence[max(span[0] - 160, 0) : span[0]].split()[-8:]
    after = sentence[span[1] : span[1] + 120].split()[:5]
    return " ".join([*before, sentence[span[0] : span[1]], *after])


def _accepted_hits(sentence: str) -> list[tuple[int, int]]:
    def configish(span: tuple[int, int]) -> bool:
        near = _near(sentence, span)
        return bool(_CONFIG.search(near)) and not _OUTCOME.search(near)

    hits: list[tuple[int, int]] = []
    comparisons = _BEFORE_AFTER.finditer(sentence) if _BA_HINT.search(sentence) else iter(())
    for match in comparisons:
        if not _HAS_UNIT.search(match.group(0)):
            continue  # "from 3 to 4", "3.10 -> 3.11": versions, not outcomes
        if _STRONG_UNIT.search(match.group(0)) or not configish(match.span()):
            hits.append(match.span())
    if not _LAYOUT.search(sentence):  # "width: 100%" is not an outcome
        hits.extend(m.span() for m in _PERCENT_RE.finditer(sentence))
    if not _FIXTURE.search(sentence):  # "add 2 users to the seed data" is not one either
        hits.extend(m.span() for m in _STRONG_COUNT_RE.finditer(sentence))
    hits.extend(m.span() for m in _STRONG_MULT_RE.finditer(sentence))
    for regex, config_matters in ((_MONEY_RE, False), (_WEAK, True)):
        for match in regex.finditer(sentence):
            span = match.span()
            if _CHANGE.search(_near(sentence, span)) and not (config_matters and configish(span)):
                hits.append(span)
    return _merge(hits)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _clause(breaks: list[tuple[int, int]], hit: tuple[int, int], size: int) -> tuple[int, int]:
    """The span between the clause breaks on either side of the hit."""
    before = bisect.bisect_right(breaks, (hit[0], hit[0])) - 1
    while before >= 0 and breaks[before][1] > hit[0]:
        before -= 1
    after = bisect.bisect_left(breaks, (hit[1], 0))
    start = breaks[before][1] if before >= 0 else 0
    return start, breaks[after][0] if after < len(breaks) else size


def _window(sentence: str, hit: tuple[int, int], clause: tuple[int, int]) -> tuple[int, int]:
    """Whole words around the hit, at most MAX_PHRASE_LENGTH with the two ellipses."""
    room = MAX_PHRASE_LENGTH - 2
    budget = max(room - (hit[1] - hit[0]), 0)
    left = max(clause[0], hit[0] - budget // 2)
    right = min(clause[1], hit[1] + budget - (hit[0] - left))
    if left > 0 and not sentence[left - 1].isspace():
        space = sentence.find(" ", left, hit[0])
        left = space + 1 if space != -1 else left
    right = min(right, left + room)
    if right < len(sentence) and not sentence[right].isspace():
        space = sentence.rfind(" ", left, right)
        right = space if space > left else right
    return left, right


def _phrase_spans(sentence: str) -> Iterator[tuple[int, int, bool]]:
    """The sentence if short, else each clause with a hit, else a window of words.

    The flag says the span is a window cut out of its clause.
    """
    hits = _accepted_hits(sentence)
    if not hits or len(sentence.strip()) <= MAX_PHRASE_LENGTH:
        yield from [(0, len(sentence), False)] if hits else []
        return
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(sentence)]
    by_clause: dict[tuple[int, int], tuple[int, int]] = {}
    for hit in hits:
        clause = _clause(breaks, hit, len(sentence))
        first = by_clause.get(clause, hit)
        by_clause[clause] = (first[0], hit[1])
    for clause, hit in by_clause.items():
        if clause[1] - clause[0] <= MAX_PHRASE_LENGTH:
            yield clause[0], clause[1], False
        else:
            yield *_window(sentence, hit, clause), True


def _tidy(phrase: str) -> str:
    phrase = _LEAD.sub("", " ".join(phrase.replace("`", "").split()))
    phrase = _TRAILING_REF.sub("", phrase).rstrip(" .,;:!").strip()
    if phrase.startswith("(") and phrase.endswith(")"):
        phrase = phrase[1:-1].strip()
    if phrase.startswith("(") and ")" not in phrase:
        phrase = phrase[1:].lstrip()
    if phrase.endswith(")") and "(" not in phrase:
        phrase = phrase[:-1].rstrip()
    return phrase


def extract_impact(text: str, *, limit: int = 3) -> tuple[str, ...]:
    """Return up to ``limit`` distinct outcome phrases from ``text``, in order of appearance."""
    if limit < 1:
        return ()
    clean = _strip_markdown(text[:MAX_TEXT_LENGTH])
    masked = _mask(clean)
    phrases: list[str] = []
    seen: set[str] = set()
    for start, end in _sentences(masked):
        sentence = masked[start:end].replace("\n", " ")
        for left, right, cut in _phrase_spans(sentence):
            phrase = _tidy(clean[start + left : start + right])
            if not phrase or phrase.casefold() in seen:
                continue
            seen.add(phrase.casefold())
            if cut:
                phrase = "…" * (left > 0) + phrase + "…" * bool(sentence[right:].strip(" .!?"))
            phrases.append(phrase)
            if len(phrases) == limit:
                return tuple(phrases)
    return tuple(phrases)
