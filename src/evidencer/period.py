"""Turn ``--since``/``--until`` text into dates: ISO dates or relative spans.

``90d``, ``12w``, ``6m`` and ``1y`` count back from today; the default is six months.
Month arithmetic is dateutil's ``relativedelta`` (Mar 31 minus a month is Feb 28 or 29);
dates are read with the standard library's strict ``fromisoformat``, not dateutil's
parsers, which take ``2026`` as a date (1 January, or today's day and month) instead of
refusing it.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from evidencer.errors import EvidencerError, shown
from evidencer.model import Period

# ASCII digits only: re's \d also reads "١٢d" as 12 days.
_RELATIVE = re.compile(r"^(?P<count>[0-9]+)\s*(?P<unit>[dwmy])$", re.IGNORECASE)


def parse_when(text: str, *, today: dt.date, option: str) -> dt.date:
    """Parse one date; ``option`` names where it came from, for the error message."""
    value = text.strip()
    if value.lower() == "today":
        return today
    relative = _RELATIVE.match(value)
    if relative:
        unit = relative.group("unit").lower()
        digits = relative.group("count").lstrip("0") or "0"
        try:
            if len(digits) > 12:  # past the year 1 in any unit; int() refuses 4,300 digits
                raise OverflowError
            count = int(digits)
            if unit == "d":
                return today - dt.timedelta(days=count)
            if unit == "w":
                return today - dt.timedelta(weeks=count)
            return _months_back(today, count * (12 if unit == "y" else 1))
        except (OverflowError, ValueError):
            raise EvidencerError(
                f"{option}: {shown(value)} reaches back before the year 1; give a shorter span"
            ) from None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:  # a full timestamp, as other tools print them: keep its day
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return _bad(value, option)


def make_period(
    *, since: str | None, until: str | None, today: dt.date
) -> Period:
    end = parse_when(until, today=today, option="--until") if until else today
    start = parse_when(since, today=today, option="--since") if since else _default_start(end)
    if end < start and not until:
        raise EvidencerError(f"--since {start.isoformat()} is in the future")
    if end < start:
        raise EvidencerError(
            f"--until {end.isoformat()} is before --since {start.isoformat()}"
        )
    return Period(since=start, until=end)


def _default_start(end: dt.date) -> dt.date:
    """Six months before ``end``, or the first day there is (``--until 0001-03-01``)."""
    try:
        return _months_back(end, 6)
    except (OverflowError, ValueError):
        return dt.date.min


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, or that month's last day when it is shorter."""
    return day - relativedelta(months=months)


def _bad(value: str, option: str) -> dt.date:
    raise EvidencerError(
        f"{option}: cannot read date {shown(value)}; use YYYY-MM-DD or a span like 90d, 12w, "
        "6m, 1y"
    )
