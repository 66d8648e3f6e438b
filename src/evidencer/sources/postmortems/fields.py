"""Single values inside postmortems: text, dates, durations, severities and links.

Pure functions from what someone typed to a normalised value, or None when unsure.
Dates in free text are found here, not by dateutil's fuzzy parser, which on postmortem
titles takes "v2.3.1 rollout ... 2024-05-02" for 2001-02-03 20:24, fails on "Incident 42
on 2024-07-25", guesses "03/04/2024" instead of refusing it, does not know PST without a
table, and is about 7x slower (64 against 9 microseconds a title).
"""

from __future__ import annotations

import datetime as dt
import re

# --- Markdown text ------------------------------------------------------------------

# Each pattern starts only where its run of characters starts: without the look-behind a
# long line of letters is tried from every offset, which is quadratic.
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# A GitHub login after "@", but not the domain of an email and not an "@org/team".
HANDLE_RE = re.compile(
    r"(?<![\w@./`])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w/@-])"
)
PROFILE_RE = re.compile(
    r"https?://(?:www\.)?[^/\s\]()<>]{0,60}github[^/\s\]()<>]{0,60}/"
    r"([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/?(?=$|[\s)>\]?#])"
)
# Labels never contain "[": nested brackets are rare, and "[[[[..." must stay linear.
INLINE_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^()\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_LINK_RE = re.compile(r"\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?(?![(:])")
REF_DEF_RE = re.compile(r"^ {0,3}\[([^\]\n]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")


def aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{"meaning": ("way to write it", ...)} as {"way to write it": "meaning"}."""
    return {alias: name for name, spellings in table.items() for alias in spellings}


def link_key(label: str) -> str:
    """The case- and space-insensitive key Markdown uses to match reference links."""
    return " ".join(label.split()).casefold()


def norm_key(text: str) -> str:
    """A field name as a lookup key: "**Incident-Commander(s)**" -> "incident commanders"."""
    key = text.lower().replace("(s)", "s")
    key = re.sub(r"\([^)]*\)", " ", key)
    key = re.sub(r"[-_/]+", " ", key)
    key = re.sub(r"[^a-z0-9 ]", "", key)
    return " ".join(key.split())


def plain(text: str) -> str:
    """Markdown inline text as plain words: links become their text, emphasis goes."""
    text = INLINE_LINK_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"(\*\*|__|~~|`)", "", text)
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return " ".join(text.split())


def first_sentence(text: str, limit: int = 240) -> str:
    """The first sentence of some Markdown as plain text, cut at a word past ``limit``."""
    text = plain(text)
    found = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text)
    sentence = text[: found.start()] if found else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def flatten(value: object, limit: int = 500) -> list[object]:
    """Scalar-or-list values as one list of at most ``limit`` items.

    Nesting past three levels is junk, or a YAML alias loop; the limit stops aliases
    that repeat a list of lists from growing into millions of items.
    """
    found: list[object] = []

    def walk(node: object, depth: int) -> None:
        if len(found) >= limit or node is None:
            return
        if not isinstance(node, (list, tuple)):
            found.append(node)
        elif depth < 3:
            for element in node:
                if len(found) >= limit:
                    return
                walk(element, depth + 1)

    walk(value, 0)
    return found


def unbracket(text: str) -> str:
    """"[alice, bob]" (a YAML flow list read as text) as "alice, bob"."""
    stripped = text.strip()
    if (stripped.startswith("[") and stripped.endswith("]") and "](" not in stripped
            and "," in stripped and stripped.count("[") == 1):
        return stripped[1:-1]
    return stripped


# --- dates and durations --------------------------------------------------------------

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# Common zone abbreviations in hand-written timelines; anything else is read as UTC.
_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "pst": -480, "pdt": -420, "mst": -420, "mdt": -360,
    "cst": -360, "cdt": -300, "est": -300, "edt": -240, "cet": 60, "cest": 120,
    "bst": 60, "ist": 330, "jst": 540, "aest": 600, "aedt": 660,
}
ZONE_PATTERN = r"(?:Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:[+-]\d{1,2})?|" + "|".join(
    z.upper() for z in _ZONES if len(z) > 1
) + r")"
_TIME = (
    r"(?:(?:[T ]|,?\s+(?:at\s+)?)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*(?P<tz>" + ZONE_PATTERN + r"(?![A-Za-z]))?)?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE_FORMS = (
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)" + _TIME),
    re.compile(
        r"(?<![\w])" + _MONTH + r"\s+(?P<d>\d{1,2})" + _ORDINAL + r",?\s+(?P<y>\d{4})" + _TIME,
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<!\d)(?P<d>\d{1,2})" + _ORDINAL + r"\s+" + _MONTH + r",?\s+(?P<y>\d{4})" + _TIME,
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?!\d)" + _TIME),
)
CLOCK_RE = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?(?![\d:])"
)


def _zone(text: str | None) -> dt.tzinfo:
    if not text:
        return dt.timezone.utc
    lowered = text.lower()
    if lowered in _ZONES:
        return dt.timezone(dt.timedelta(minutes=_ZONES[lowered]))
    found = re.fullmatch(r"(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?", lowered)
    if found:
        sign = -1 if found.group(1) == "-" else 1
        minutes = int(found.group(2)) * 60 + int(found.group(3) or 0)
        if minutes < 24 * 60:
            return dt.timezone(sign * dt.timedelta(minutes=minutes))
    return dt.timezone.utc


def _hour(hour: int, ampm: str | None) -> int:
    if ampm:
        pm = ampm.lower().startswith("p")
        if hour == 12:
            return 12 if pm else 0
        return hour + 12 if pm else hour
    return hour


def find_date(text: str) -> tuple[dt.datetime, bool] | None:
    """The first date in free text, with its time when one follows; UTC when no zone.

    Returns the moment and whether a time of day was given. "03/04/2024" is ambiguous
    and gives None; "25/07/2024" and "07/25/2024" are not.
    """
    for index, form in enumerate(_DATE_FORMS):
        for found in form.finditer(text):
            parts = found.groupdict()
            if index == 3:
                a, b = int(parts["a"]), int(parts["b"])
                if a > 12 >= b:
                    day, month = a, b
                elif b > 12 >= a:
                    day, month = b, a
                else:
                    continue
            else:
                day = int(parts["d"])
                month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].lower()]
            has_time = parts["h"] is not None
            try:
                value = dt.datetime(
                    int(parts["y"]),
                    month,
                    day,
                    _hour(int(parts["h"]), parts["ampm"]) if has_time else 0,
                    int(parts["mi"]) if has_time else 0,
                    int(parts["s"] or 0) if has_time else 0,
                    tzinfo=_zone(parts["tz"]),
                )
            except ValueError:
                continue
            if 1970 <= value.year <= 2100:
                return value.astimezone(dt.timezone.utc), has_time
    return None


def to_datetime(value: object) -> dt.datetime | None:
    """A date from YAML (date, datetime or text) as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return aware.astimezone(dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    if isinstance(value, str):
        found = find_date(value)
        return found[0] if found else None
    return None


def moment(value: object, day: dt.datetime | None) -> dt.datetime | None:
    """A start or end moment: a full date-time, or a bare clock time on ``day``."""
    if isinstance(value, int) and not isinstance(value, bool) and day is not None:
        # YAML 1.1 reads an unquoted 09:30 as the base-60 integer 570.
        if 0 <= value < 24 * 60:
            return day + dt.timedelta(minutes=value)
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return to_datetime(value)
    if not isinstance(value, str):
        return None
    found = find_date(value)
    if found:
        return found[0] if found[1] else None
    clock = CLOCK_RE.search(value)
    if clock is None or day is None:
        return None
    hour = _hour(int(clock.group("h")), clock.group("ampm"))
    if hour > 23 or int(clock.group("mi")) > 59:
        return None
    zone = re.search(r"\b(" + "|".join(_ZONES) + r")\b", value, re.IGNORECASE)
    local = dt.datetime(day.year, day.month, day.day, hour, int(clock.group("mi")))
    return local.replace(tzinfo=_zone(zone.group(1) if zone else None)).astimezone(dt.timezone.utc)


_UNIT_MINUTES = {"d": 1440, "h": 60, "m": 1, "s": 1 / 60}
_DURATION_PART = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*"
    r"(d(?:ays?)?|h(?:(?:ou)?rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)\b",
    re.IGNORECASE,
)


def parse_duration(value: object) -> int | None:
    """Minutes from "2h 15m", "45 minutes", "1:30", "PT2H15M" or a YAML number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # A bare number is minutes; YAML 1.1 also reads an unquoted 2:15 as 135.
        return int(value) if 0 <= value < 10**7 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if iso := re.fullmatch(
        r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", text, re.IGNORECASE
    ):
        days, hours, minutes, seconds = (int(g or 0) for g in iso.groups())
        total = days * 1440 + hours * 60 + minutes + round(seconds / 60)
        return total if any(iso.groups()) else None
    if clock := re.fullmatch(r"(\d{1,3}):(\d{2})(?::(\d{2}))?", text):
        seconds = int(clock.group(3) or 0)
        return int(clock.group(1)) * 60 + int(clock.group(2)) + round(seconds / 60)
    parts = _DURATION_PART.findall(text)
    if not parts:
        return None
    summed = 0.0
    for number, unit in parts:
        summed += float(number) * _UNIT_MINUTES[unit[0].lower()]
    return round(summed) if summed < 10**7 else None


def format_duration(minutes: int) -> str:
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (mins, "m")) if n]
    return " ".join(parts) or "0m"


# --- severity -----------------------------------------------------------------------

_WORD_LEVELS = {
    "critical": "critical", "crit": "critical", "blocker": "critical", "emergency": "critical",
    "high": "high", "major": "high", "severe": "high",
    "medium": "medium", "med": "medium", "moderate": "medium", "normal": "medium",
    "low": "low", "minor": "low", "trivial": "low",
}
_SEV_LEVELS = {0: "critical", 1: "critical", 2: "high", 3: "medium", 4: "low", 5: "low"}
_P_LEVELS = {0: "critical", 1: "high", 2: "medium", 3: "low", 4: "low"}


def parse_severity(value: object) -> tuple[str, str] | None:
    """("SEV2", "high") from "sev-2", "Sev 2 (major)", 2, "P1", "High"...; None if unknown.

    The label keeps the team's own scale; the level puts every scale on one:
    critical, high, medium or low.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (f"SEV{value}", _SEV_LEVELS[value]) if value in _SEV_LEVELS else None
    if not isinstance(value, str):
        return None
    text = value.strip().strip("*_`").strip()
    if sev := re.match(r"(?:sev(?:erity)?|s)[\s_-]*([0-5])(?!\d)", text, re.IGNORECASE):
        number = int(sev.group(1))
        return f"SEV{number}", _SEV_LEVELS[number]
    if pri := re.match(r"p(?:riority)?[\s_-]*([0-4])(?!\d)", text, re.IGNORECASE):
        number = int(pri.group(1))
        return f"P{number}", _P_LEVELS[number]
    if re.fullmatch(r"[0-5]", text):
        return f"SEV{text}", _SEV_LEVELS[int(text)]
    word = re.match(r"[A-Za-z]+", text)
    if word:
        level = _WORD_LEVELS.get(word.group(0).lower())
        if level:
            return level, level
    return None


# --- links to issues, pull requests and commits -------------------------------------
