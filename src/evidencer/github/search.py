"""Issue search past GitHub's 1,000-result cap, in creation-time windows, a page at a time.

A full window's successor starts a second after the last creation time seen: no page twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import replace

from evidencer.github.api import PER_PAGE as PAGE
from evidencer.github.api import GitHubAPI, GraphQLUnavailable, format_when
from evidencer.github.failures import page_loop
from evidencer.github.records import SearchPage

log = logging.getLogger(__name__)

SEARCH_CAP = 1000  # GitHub search answers at most this many results a query
SECOND = dt.timedelta(seconds=1)
Key = tuple[str, int]  # (repository, number)
# One page of a search: (query, None) the first, (query, page.next_url) the next.
PageReader = Callable[[str, "str | None"], SearchPage]


def _window(
    query: str,
    field: str,
    start: dt.datetime,
    end: dt.datetime,
    created_from: dt.datetime | None,
    created_to: dt.datetime | None = None,
) -> str:
    """``query`` with its act-date range on ``field`` and the creation window, as qualifiers.

    When the act date is the creation date the two ranges become one qualifier.
    """
    if field == "created":
        lo = max(start, created_from) if created_from else start
        hi = min(end, created_to) if created_to else end
        return f"{query} created:{format_when(lo)}..{format_when(hi)}"
    text = f"{query} {field}:{format_when(start)}..{format_when(end)}"
    if created_from and created_to:
        return f"{text} created:{format_when(created_from)}..{format_when(created_to)}"
    return f"{text} created:>={format_when(created_from)}" if created_from else text


def rest_reader(api: GitHubAPI) -> PageReader:
    """Pages of GET /search/issues; ``next_url`` is the Link header's next page."""
    return lambda query, page_url: api.search_page(query, page_url=page_url)


def graphql_reader(api: GitHubAPI, *, files: bool = False, reviews: bool = False) -> PageReader:
    """Pages through GraphQL (``next_url`` is a cursor) with each PR's changed files or
    reviews and merger in the same answer; through REST when GraphQL is off or absent.

    A page too heavy for GitHub is read smaller; the search's later pages keep that size.
    """
    size = PAGE

    def read(query: str, cursor: str | None) -> SearchPage:
        nonlocal size
        if api.uses_graphql:
            try:
                page = api.graphql_search_page(
                    query, cursor=cursor, files=files, reviews=reviews, first=size
                )
            except GraphQLUnavailable as exc:  # the first request finds out: no cursor yet
                log.info("%s", exc)
            else:
                size = api.search_first
                return page
        return api.search_page(query, page_url=cursor)

    return read


def _pages(read: PageReader, query: str) -> Iterator[SearchPage]:
    """The pages of one search, to the last; an empty page ends it too, and a next page
    (URL or cursor) that came before is a loop: one error, not requests until killed."""
    page = read(query, None)
    yield page
    asked: set[str] = set()
    while page.next_url and page.hits:
        if page.next_url in asked:
            raise page_loop(f"search {query!r}")
        asked.add(page.next_url)
        page = read(query, page.next_url)
        yield page


def search_windows(
    api: GitHubAPI,
    query: str,
    *,
    field: str,
    start: dt.datetime,
    end: dt.datetime,
    read: PageReader | None = None,
) -> Iterator[SearchPage]:
    """Every result of ``query`` whose ``field`` date is within ``start..end``, each once.

    Pages are sorted by creation. A window reporting more than SEARCH_CAP results is read
    to the cap; the next window asks for what was created after the last result seen.
    Its count tells whether results created in that same last second were cut off; only
    then is that one second asked for on its own. The cost stays at ⌈results/100⌉ pages,
    plus one at a window boundary at most. ``read`` gets the pages (default: REST's).
    """
    read = read or rest_reader(api)
    start, end = start.replace(microsecond=0), end.replace(microsecond=0)
    created_from: dt.datetime | None = None
    boundary: tuple[int, dt.datetime, set[Key]] | None = None  # expected count, second, seen
    while True:
        text = _window(query, field, start, end, created_from)
        total, seen = 0, []
        for number, page in enumerate(_pages(read, text)):
            if number == 0:
                total = page.total_count
                if boundary is not None and total < boundary[0]:
                    yield from _ties(read, query, field, start, end, boundary)
            seen += [(h.created_at, (h.repo, h.number)) for h in page.hits]
            yield page
        if total <= len(seen) or total <= SEARCH_CAP or not seen:
            return
        last = seen[-1][0]
        if created_from is not None and last < created_from:
            log.warning("search results out of creation order for %r; stopping", text)
            return
        boundary = (total - len(seen), last, {key for when, key in seen if when == last})
        created_from = last + SECOND


def _ties(
    read: PageReader,
    query: str,
    field: str,
    start: dt.datetime,
    end: dt.datetime,
    boundary: tuple[int, dt.datetime, set[Key]],
) -> Iterator[SearchPage]:
    """Results created in the boundary second that the cap cut off from the last window."""
    _, moment, seen = boundary
    for page in _pages(read, _window(query, field, start, end, moment, moment)):
        fresh = tuple(h for h in page.hits if (h.repo, h.number) not in seen)
        yield replace(page, hits=fresh)
        if page.total_count > SEARCH_CAP:  # pragma: no cover - a thousand in one second
            log.warning(
                "over %d results created within one second for %r: some are missed",
                SEARCH_CAP,
                query,
            )
