"""SQLite store of collected evidence and of sync state for incremental runs.

Items are upserted by stable id, merged with what an earlier sighting knew.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs

from evidencer.atomic import NotRegular, atomic_write_lines, atomic_write_text, read_regular
from evidencer.errors import EvidencerError, shown, stop_if_signalled
from evidencer.model import (
    Evidence,
    Period,
    format_datetime,
    has_lone_surrogate,
    merge_evidence,
    parse_datetime,
)
from evidencer.store.records import BadRecord, evidence_from_line, evidence_from_record

SCHEMA_VERSION = 1
BUSY_SECONDS = 30  # how long a run waits for another one's write to finish
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    repo TEXT NOT NULL,
    date TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_date ON items (date);
CREATE TABLE IF NOT EXISTS sync (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def default_store_path(env: Mapping[str, str]) -> Path:
    """The per-user data folder, as each platform expects it (platformdirs: XDG on Linux
    and the BSDs, Application Support on macOS, the Local AppData known folder on Windows).

    An ``XDG_DATA_HOME`` in the environment handed in wins, so a caller that hands its own
    environment (the Action, tests) decides the place without touching the process's.
    """
    handed = env.get("XDG_DATA_HOME", "").strip()
    if handed and sys.platform not in ("win32", "darwin"):
        base = Path(handed)
    else:
        base = platformdirs.user_data_path(appauthor=False)
    return base / "evidencer" / "evidence.sqlite3"


class EvidenceStore:
    """One SQLite file; safe for two processes at once (WAL and a busy timeout)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        _make_folder_for(path)
        try:
            # absolute: "--store :memory:" is a file of that name, as every --store is,
            # not SQLite's in-memory database that keeps nothing
            self._db = sqlite3.connect(path.absolute(), timeout=BUSY_SECONDS,
                                       isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
            if _foreign(self._db):  # another program's database: not one change to it
                self._db.close()
                raise EvidencerError(
                    f"{path}: not an evidence store (a SQLite database with other tables); "
                    "left as it was: give --store another file"
                )
            _use_wal(self._db)
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self._db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
            elif not str(row[0]).isdigit() or len(str(row[0])) > 9:  # a hand-edited meta
                raise EvidencerError(
                    f"{path}: cannot open the evidence store: its schema version "
                    f"{shown(str(row[0]))} is not a number"
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise EvidencerError(
                    f"{path}: store was written by a newer evidencer (schema {row[0]}); "
                    "upgrade evidencer or use another --store"
                )
        except sqlite3.DatabaseError as exc:
            raise EvidencerError(f"{path}: cannot open the evidence store: {exc}") from exc

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _item(self, data: str) -> Evidence:
        """A stored item, by this version or an older one (facts then stood in ``extra``,
        as they still do on disk), checked as an imported record is: a row edited by hand
        or damaged is named, not an internal error later.
        """
        record: Any = None
        try:
            record = json.loads(data)
            return evidence_from_record(record)
        except (ValueError, RecursionError) as exc:
            item_id = record.get("id") if isinstance(record, dict) else None
            raise EvidencerError(
                f"{self.path}: stored item {item_id!r} cannot be read: {exc}"
            ) from None

    def upsert(self, items: Iterable[Evidence]) -> int:
        """Store items in one transaction, merging each with what is stored under its id."""
        return len(self.upsert_items(items))

    def upsert_items(self, items: Iterable[Evidence]) -> list[Evidence]:
        """Like ``upsert``, returning the items as stored (merged with earlier sightings).

        A store that cannot be written (read-only, or another run holding it past
        BUSY_SECONDS) is one EvidencerError naming it."""
        try:
            return self._upsert_items(items)
        except sqlite3.OperationalError as exc:
            raise EvidencerError(f"{self.path}: cannot write the evidence store: {exc}") from exc

    def _upsert_items(self, items: Iterable[Evidence]) -> list[Evidence]:
        batch: dict[str, Evidence] = {}
        for item in items:
            batch[item.id] = merge_evidence(batch[item.id], item) if item.id in batch else item
        if not batch:
            return []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            ids = list(batch)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = self._db.execute(
                    f"SELECT id, data FROM items WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
                for item_id, data in rows.fetchall():
                    batch[item_id] = merge_evidence(self._item(data), batch[item_id])
            self._db.executemany(
                "INSERT OR REPLACE INTO items (id, kind, repo, date, data) VALUES (?, ?, ?, ?, ?)",
                [
                    (item.id, item.kind, item.repo, format_datetime(item.date), item.to_json())
                    for item in batch.values()
                ],
            )
            stop_if_signalled()
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return list(batch.values())

    def remove(self, ids: Iterable[str]) -> int:
        """Delete items by id: work found not to count after all (a PR closed unmerged)."""
        wanted = list(dict.fromkeys(ids))
        removed = 0
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            cursor = self._db.execute(
                f"DELETE FROM items WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
            removed += cursor.rowcount
        return removed

    def get(self, item_id: str) -> Evidence | None:
        if has_lone_surrogate(item_id):  # `explain $'\xff'`: no id holds one
            return None
        row = self._db.execute("SELECT data FROM items WHERE id = ?", (item_id,)).fetchone()
        return self._item(row[0]) if row else None

    def iter_items(
        self, *, period: Period | None = None, repos: Iterable[str] | None = None
    ) -> Iterator[Evidence]:
        query = "SELECT data FROM items"
        clauses: list[str] = []
        params: list[Any] = []
        if period is not None:
            clauses.append("date BETWEEN ? AND ?")
            params += [format_datetime(period.start), format_datetime(period.end)]
        if repos is not None:
            repo_list = list(repos)
            clauses.append(f"repo IN ({', '.join('?' for _ in repo_list)})")
            params += repo_list
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        query += " ORDER BY date, id"
        for (data,) in self._db.execute(query, params):
            yield self._item(data)

    def ids(
        self, *, period: Period, repo_filter: Callable[[str], bool] | None = None
    ) -> list[str]:
        """Ids of the items in the period, oldest first; ``repo_filter`` picks repositories."""
        rows = self._db.execute(
            "SELECT id, repo FROM items WHERE date BETWEEN ? AND ? ORDER BY date, id",
            (format_datetime(period.start), format_datetime(period.end)),
        )
        return [item_id for item_id, repo in rows if repo_filter is None or repo_filter(repo)]

    def repos(self) -> list[str]:
        """Every repository with an item stored, by name."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT repo FROM items ORDER BY repo")]

    def git_only_commits(
        self, *, repo: str, period: Period
    ) -> list[tuple[str, dt.datetime, tuple[str, ...]]]:
        """``(id, date, shas)`` of the repository's items in the period known from git alone:
        what a rewritten history can take away."""
        rows = self._db.execute(
            "SELECT id, date, json_extract(data, '$.shas') FROM items"
            " WHERE repo = ? AND kind IN ('commit', 'pull_request') AND date BETWEEN ? AND ?"
            " AND json_extract(data, '$.sources') = '[\"git\"]'",
            (repo, format_datetime(period.start), format_datetime(period.end)),
        )
        return [
            (item_id, parse_datetime(date), tuple(json.loads(shas)))
            for item_id, date, shas in rows if shas and shas != "[]"
        ]

    def pushed_commits(self, *, repo: str, period: Period) -> list[Evidence]:
        """The repository's changes in the period that git saw land by a push, whose issues
        closed GitHub has not said: commits no pull request landed, and pull requests
        git alone knows or GitHub closed (curl's), named by their commits."""
        rows = self._db.execute(
            "SELECT data FROM items WHERE repo = ? AND kind IN ('commit', 'pull_request')"
            " AND date BETWEEN ? AND ?"
            " AND EXISTS (SELECT 1 FROM json_each(data, '$.sources') WHERE value = 'git')"
            " AND json_extract(data, '$.extra.linked_issues') IS NULL ORDER BY date, id",
            (repo, format_datetime(period.start), format_datetime(period.end)),
        )
        return [self._item(data) for (data,) in rows]

    def get_many(self, ids: Iterable[str]) -> list[Evidence]:
        wanted = list(ids)
        found: list[Evidence] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                f"SELECT data FROM items WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
            found += [self._item(data) for (data,) in rows]
        return found

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM items").fetchone()[0])

    def get_sync(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM sync WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_sync(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO sync (key, value) VALUES (?, ?)", (key, value))

    def remember_run(self, record: Mapping[str, Any]) -> None:
        """Keep the record of the last run that wrote to this store (``explain --store``)."""
        # ASCII: an --author or --repo given in bytes that are not UTF-8 keeps its escapes
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_run', ?)",
                         (json.dumps(record),))

    def last_run(self) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'last_run'").fetchone()
        try:
            record = json.loads(row[0]) if row else None
        except ValueError:
            return None
        return record if isinstance(record, dict) else None

    def export_items(self, path: Path, *, repo_filter: Callable[[str], bool] | None = None) -> int:
        """Write every item (of the repositories ``repo_filter`` picks) as JSON Lines, for
        merging stores across jobs."""
        return atomic_write_lines(path, (
            item.to_json() for item in self.iter_items()
            if repo_filter is None or repo_filter(item.repo)
        ))

    def import_items(self, path: Path) -> int:
        """Merge a ``collect --export`` file. Every line is checked before any is stored:
        a bad one stops the import with ``FILE:LINE: ...`` and the store as it was."""
        try:
            data = read_regular(path)
        except NotRegular:
            raise EvidencerError(f"{path}: not a regular file; refused") from None
        except OSError as exc:
            raise EvidencerError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        items = []
        # JSON Lines end at "\n" only: splitlines() would also cut at U+2028 or a form
        # feed inside a title, which JSON leaves as they are.
        for number, line in enumerate(data.split(b"\n"), 1):
            if not line.strip():
                continue
            try:
                items.append(evidence_from_line(line))
            except BadRecord as exc:
                raise EvidencerError(f"{path}:{number}: not an evidence record: {exc}") from None
        return self.upsert(items)


_TABLES = {"meta", "items", "sync"}
_ITEM_COLUMNS = {"id", "kind", "repo", "date", "data"}


def _foreign(db: sqlite3.Connection) -> bool:
    """Whether the database holds tables a store never has, or an ``items`` table of
    other columns. A store another run is still creating has some of ours: not foreign."""
    tables = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'") if not name.startswith("sqlite_")}
    if tables - _TABLES:
        return True
    if "items" in tables:
        columns = {row[1] for row in db.execute("PRAGMA table_info(items)")}
        return not columns >= _ITEM_COLUMNS
    return False


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the store to WAL, so that readers and one writer never block each other.

    Two runs creating the store at once race for the switch, and SQLite tells the loser
    "database is locked" at once instead of calling the busy handler: so it waits here.
    """
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(0.02)


def _make_folder_for(path: Path) -> None:
    """The store's folder is made if missing; a file in the way is named, not a traceback."""
    try:
        if path.is_dir():
            raise EvidencerError(f"{path}: cannot open the evidence store: it is a directory")
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in path.parents if p.exists()), path.parent)
        reason = f"{blocker} is not a directory" if not blocker.is_dir() else exc.strerror
        raise EvidencerError(
            f"{path}: cannot open the evidence store: {reason or exc}"
        ) from exc


def store_path_for(option: str | None, env: Mapping[str, str]) -> Path:
    if not option:
        return default_store_path(env)
    try:
        return Path(option).expanduser()
    except RuntimeError:  # "~nosuchuser/x"
        raise EvidencerError(f"--store {option}: no such user's home folder") from None


def last_run_path(env: Mapping[str, str]) -> Path:
    """Where the last run is remembered: beside the default store, whichever store it used,
    so that ``explain`` finds it without being told the store."""
    return default_store_path(env).with_name("last-run.json")


def save_last_run(env: Mapping[str, str], record: Mapping[str, Any]) -> None:
    """Remember a run's store, person, period and repositories (atomically)."""
    path = last_run_path(env)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EvidencerError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    atomic_write_text(path, json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def load_last_run(env: Mapping[str, str]) -> dict[str, Any] | None:
    """The last run's record, or None when there is none or it cannot be read."""
    try:
        record = json.loads(last_run_path(env).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None

