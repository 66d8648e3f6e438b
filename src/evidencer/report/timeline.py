"""Pure: evidence per competency over time, in steps that read at any span.

Months up to a year, quarters up to three years, years beyond; from the first activity in
the period to the last, claimed or not (months of work that shows no competency read as
zero, not as a chart that stops early), with a whole-number axis and a legend.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from evidencer.classify.rubric import Rubric
from evidencer.model import Classified, Period

# Mermaid's default palette starts with these; naming them makes the legend readable.
PALETTE = (("#1f77b4", "blue"), ("#ff7f0e", "orange"), ("#2ca02c", "green"),
           ("#d62728", "red"), ("#9467bd", "purple"), ("#8c564b", "brown"))
MIN_AXIS = 10  # Mermaid ticks an axis up to 10 in whole steps; smaller tops get halves


def _bucket(day: dt.date, step: str) -> str:
    if step == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if step == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def _months_between(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _labels(first: dt.date, last: dt.date, step: str) -> list[str]:
    labels: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        label = _bucket(dt.date(year, month, 1), step)
        if not labels or labels[-1] != label:
            labels.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def timeline(items: Sequence[Classified], period: Period, rubric: Rubric) -> dict[str, Any]:
    """Counts per competency per step; ``months`` keeps its name for older templates."""
    days = [e.evidence.date.astimezone(dt.timezone.utc).date() for e in items]
    first = max(min(days), period.since) if days else period.since
    last = min(max(days), period.until) if days else period.until
    if last < first:
        first, last = period.since, period.until
    span = _months_between(first, last)
    step = "month" if span <= 12 else "quarter" if span <= 36 else "year"
    labels = _labels(first, last, step)
    counts: Counter[tuple[str, str]] = Counter()
    for entry in items:
        key = _bucket(entry.evidence.date.astimezone(dt.timezone.utc).date(), step)
        for match in entry.matches:
            counts[(match.competency, key)] += 1
    series: list[dict[str, Any]] = []
    top = 0
    for index, competency in enumerate(rubric.competencies):
        colour, name = PALETTE[index % len(PALETTE)]
        numbers = [counts[(competency.id, b)] for b in labels]
        top = max([top, *numbers])
        series.append({
            "id": competency.id, "name": competency.name, "colour": colour,
            "colour_name": name, "counts": numbers,
        })
    axis_max = max(MIN_AXIS, -(-top // MIN_AXIS) * MIN_AXIS)
    return {
        "step": step,
        "labels": labels,
        "months": labels,
        "series": series,
        "axis_max": axis_max,
        "palette": ", ".join(s["colour"] for s in series),
        "first": first.isoformat(),
        "last": last.isoformat(),
    }
