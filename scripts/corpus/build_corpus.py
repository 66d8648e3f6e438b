"""Rebuild the labelled-PR corpus (data/corpus/prs.jsonl.gz) from git history.

Every repository in the manifest is read at the commit the manifest pins, so the
same manifest and the same repositories give a byte-identical file. Merged pull
requests are recognised in first-parent history by their two GitHub shapes:

- merge commits ``Merge pull request #N from owner/branch`` (the body is the PR title);
- squash commits ``Title (#N)`` (the body is the PR description, or GitHub's list of
  the squashed commits, which is removed: it repeats work-in-progress messages).

Per repository the script runs one streamed ``git log`` for metadata and one
``git log --no-walk --stdin --numstat`` for the paths of the sampled commits. What the
project's own release notes say of each sampled change (a changelog fragment it adds, the
entries it adds to a changelog, under their headings' kinds) is read as a run of
evidencer reads it (``evidencer.sources.git.fragments``) and kept apart as ``notes``:
the model and the rules read it with the description, as they do at run time.
Sampling is deterministic (a seeded hash of ``owner/repo#N``) and spread evenly
over calendar quarters of the manifest's date window; bot-made PRs (dependency
bumps, release bots) are capped at ``max_bot_share`` of each repository's sample.

Usage::

    python scripts/corpus/build_corpus.py --repos DIR \
        [--manifest data/corpus/manifest.json] [--out data/corpus/prs.jsonl.gz]

``DIR`` holds one clone (bare or not) per repository, as ``DIR/owner+name/repo``,
``DIR/owner+name``, ``DIR/owner/name`` or ``DIR/name`` (``.git`` suffix allowed).
Standard library, the git CLI and evidencer's own reading of release notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencer.errors import GitError
from evidencer.sources.git.fragments import notes_asked, read_notes

BODY_LIMIT = 3000
PATH_LIMIT = 60

MERGE_RE = re.compile(r"^Merge pull request #(?P<n>\d+) from (?P<branch>\S+)\s*$")
SQUASH_RE = re.compile(r"^(?P<title>.*?\S)\s*\(#(?P<n>\d+)\)\s*$")
TRAILER_RE = re.compile(r"^\s*[A-Za-z][A-Za-z-]*-[Bb]y:\s.*$")
SEPARATOR_RE = re.compile(r"^-{3,}\s*$")
BOT_RE = re.compile(r"\[bot\]|dependabot|renovate|github-actions|weblate", re.IGNORECASE)
BOT_BRANCH_RE = re.compile(r"(^|/)(dependabot|renovate|weblate)/", re.IGNORECASE)

RS, US = "\x1e", "\x1f"


class CorpusError(Exception):
    """A problem with the manifest or a repository, reported as one line."""


@dataclass(frozen=True)
class RepoSpec:
    repo: str
    ecosystem: str
    kind: str
    commit: str
    sample: int
    since: dt.date
    until: dt.date


@dataclass(frozen=True)
class Manifest:
    seed: str
    max_bot_share: float
    repos: tuple[RepoSpec, ...]


@dataclass
class Candidate:
    sha: str
    number: int
    title: str
    body: str
    branch: str
    shape: str
    date: dt.datetime
    bot: bool
    paths: list[str] = field(default_factory=list)
    changed_files: int = 0
    all_paths: list[str] = field(default_factory=list)  # every changed path, for notes
    notes: str = ""  # what the project's release notes say of it (attach_notes)


def _field(entry: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in entry:
        raise CorpusError(f"{where}: missing key {key!r}")
    value = entry[key]
    if kind is int and isinstance(value, bool):
        raise CorpusError(f"{where}: {key!r} must be an integer")
    if not isinstance(value, kind):
        raise CorpusError(f"{where}: {key!r} must be {kind.__name__}")
    return value


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CorpusError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def load_manifest(path: Path) -> Manifest:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read manifest: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(raw, dict):
        raise CorpusError(f"{path}: manifest must be a JSON object")
    seed = _field(raw, "seed", str, str(path))
    share = raw.get("max_bot_share", 0.1)
    if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 <= share <= 1:
        raise CorpusError(f"{path}: 'max_bot_share' must be a number between 0 and 1")
    entries = _field(raw, "repos", list, str(path))
    repos: list[RepoSpec] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{path}: repos[{index}]"
        if not isinstance(entry, dict):
            raise CorpusError(f"{where}: must be an object")
        name = _field(entry, "repo", str, where)
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", name):
            raise CorpusError(f"{where}: 'repo' must be owner/name, got {name!r}")
        if name in seen:
            raise CorpusError(f"{where}: {name} is listed twice")
        seen.add(name)
        commit = _field(entry, "commit", str, where)
        if not re.fullmatch(r"[0-9a-f]{40}", commit):
            raise CorpusError(f"{where}: 'commit' must be a full 40-hex sha")
        sample = _field(entry, "sample", int, where)
        if sample < 1:
            raise CorpusError(f"{where}: 'sample' must be at least 1")
        since = _date(_field(entry, "since", str, where), where)
        until = _date(_field(entry, "until", str, where), where)
        if since >= until:
            raise CorpusError(f"{where}: 'since' must be before 'until'")
        repos.append(RepoSpec(
            repo=name, ecosystem=_field(entry, "ecosystem", str, where),
            kind=_field(entry, "kind", str, where), commit=commit, sample=sample,
            since=since, until=until,
        ))
    return Manifest(seed=seed, max_bot_share=float(share), repos=tuple(repos))


def find_repo(root: Path, name: str) -> Path:
    owner, short = name.split("/", 1)
    for candidate in (
        root / f"{owner}+{short}" / "repo", root / f"{owner}+{short}",
        root / owner / short, root / owner / f"{short}.git", root / short,
        root / f"{short}.git",
    ):
        if candidate.is_dir():
            return candidate
    raise CorpusError(f"{name}: no clone under {root} (tried owner+name/repo, owner/name, name)")


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        ["git", "-c", "core.quotePath=false", "-C", str(repo), *args],
        input=stdin.encode("utf-8") if stdin is not None else None,
        capture_output=True, check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CorpusError(f"{repo}: git {args[0]} failed: {message[0] if message else '?'}")
    return result.stdout.decode("utf-8", "replace")


def clean_body(body: str) -> str:
    """Drop trailers, separator lines and GitHub's squashed-commit list."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept = [line for line in lines if not TRAILER_RE.match(line)]
    if is_commit_list(kept):
        return ""
    kept = [line for line in kept if not SEPARATOR_RE.match(line)]
    text = "\n".join(kept).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def is_commit_list(lines: Sequence[str]) -> bool:
    """GitHub's default squash body: ``* subject`` per commit, blank-line separated."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content or not lines[content[0]].startswith("* "):
        return False
    if any(SEPARATOR_RE.match(line) for line in lines):
        return True
    starts = sum(
        1 for i, line in enumerate(lines)
        if line.startswith("* ") and (i == content[0] or not lines[i - 1].strip())
    )
    return starts >= 2


def parse_history(text: str) -> Iterator[tuple[str, dt.datetime, str, str, str, str]]:
    for record in text.split(RS):
        if not record.strip():
            continue
        parts = record.split(US)
        if len(parts) != 6:
            continue
        sha, date, name, email, subject, body = parts
        when = dt.datetime.fromisoformat(date.strip()).astimezone(dt.timezone.utc)
        yield sha.strip(), when, name, email, subject, body


def candidates(repo: Path, spec: RepoSpec) -> list[Candidate]:
    out = git(
        repo, "log", "--first-parent", "--no-show-signature",
        f"--format={RS}%H{US}%cI{US}%an{US}%ae{US}%s{US}%b", spec.commit,
    )
    found: dict[int, Candidate] = {}
    for sha, when, name, email, subject, body in parse_history(out):
        day = when.date()
        if not spec.since <= day <= spec.until:  # filtered here: git's --since may stop early
            continue
        merge = MERGE_RE.match(subject)
        squash = None if merge else SQUASH_RE.match(subject)
        if merge:
            number, branch, shape = int(merge["n"]), merge["branch"], "merge"
            text = body.strip().split("\n", 1)
            title = text[0].strip() or branch
            rest = text[1] if len(text) > 1 else ""
        elif squash:
            number, branch, shape = int(squash["n"]), "", "squash"
            title, rest = squash["title"].strip(), body
        else:
            continue
        if number in found:  # the newest commit naming a PR wins (history is newest first)
            continue
        bot = bool(BOT_RE.search(name) or BOT_RE.search(email) or BOT_BRANCH_RE.search(branch))
        found[number] = Candidate(
            sha=sha, number=number, title=title, body=clean_body(rest), branch=branch,
            shape=shape, date=when, bot=bot,
        )
    return list(found.values())


def _rank(seed: str, repo: str, number: int) -> str:
    return hashlib.sha256(f"{seed}\n{repo}#{number}".encode()).hexdigest()


def _spread(pool: Iterable[Candidate], count: int, seed: str, repo: str) -> list[Candidate]:
    """Take ``count`` by seeded hash, one quarter at a time, so every quarter is represented."""
    quarters: dict[tuple[int, int], list[Candidate]] = {}
    for item in pool:
        quarters.setdefault((item.date.year, (item.date.month - 1) // 3), []).append(item)
    queues = [
        sorted(items, key=lambda c: _rank(seed, repo, c.number))
        for _, items in sorted(quarters.items())
    ]
    chosen: list[Candidate] = []
    depth = 0
    while len(chosen) < count and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(chosen) < count:
                chosen.append(queue[depth])
        depth += 1
    return chosen


def sample(found: Sequence[Candidate], spec: RepoSpec, seed: str, share: float) -> list[Candidate]:
    bots = [c for c in found if c.bot]
    people = [c for c in found if not c.bot]
    bot_quota = min(len(bots), int(spec.sample * share))
    people_take = min(len(people), spec.sample - bot_quota)
    bot_take = min(len(bots), spec.sample - people_take)
    chosen = _spread(people, people_take, seed, spec.repo)
    chosen += _spread(bots, bot_take, seed, spec.repo)
    return sorted(chosen, key=lambda c: c.number)


def parse_numstat(text: str) -> dict[str, list[str]]:
    """Paths per commit from ``git log -z --numstat --format=%x1e%H``."""
    paths: dict[str, list[str]] = {}
    for record in text.split(RS):
        if not record:
            continue
        sha, _, rest = record.partition("\0")
        tokens = rest.lstrip("\n").split("\0")
        files: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip("\n")
            i += 1
            if not token:
                continue
            cols = token.split("\t", 2)
            if len(cols) != 3:
                continue
            if cols[2]:
                files.append(cols[2])
            elif i + 1 < len(tokens):  # a rename: the old and new paths follow
                files.append(tokens[i + 1])
                i += 2
        paths[sha.strip()] = files
    return paths


def attach_paths(repo: Path, chosen: Sequence[Candidate]) -> None:
    if not chosen:
        return
    out = git(
        repo, "log", "--no-walk=unsorted", "--stdin", "-z", "--numstat",
        "--diff-merges=first-parent", f"--format={RS}%H",
        stdin="".join(f"{c.sha}\n" for c in chosen),
    )
    paths = parse_numstat(out)
    for item in chosen:
        files = paths.get(item.sha, [])
        item.changed_files = len(files)
        item.all_paths = files
        item.paths = files[:PATH_LIMIT]


def attach_notes(repo: Path, chosen: Sequence[Candidate]) -> None:
    """What the project's release notes say of each change, as a run reads them: the
    fragments it adds, else the entries it adds to a changelog kept as one file."""
    asked = {item.sha: found for item in chosen
             if (found := notes_asked(item.title, item.all_paths, item.number))}
    try:
        said = read_notes(repo, asked)
    except GitError as exc:
        raise CorpusError(f"{repo}: {exc}") from None
    for item in chosen:
        item.notes = said.get(item.sha, "")[:BODY_LIMIT]


def record(spec: RepoSpec, item: Candidate) -> dict[str, Any]:
    return {
        "id": f"{spec.repo}#{item.number}",
        "repo": spec.repo,
        "ecosystem": spec.ecosystem,
        "project_kind": spec.kind,
        "number": item.number,
        "kind": "pull_request",
        "shape": item.shape,
        "title": item.title,
        "body": item.body[:BODY_LIMIT],
        "notes": item.notes,
        "branch": item.branch,
        "paths": item.paths,
        "changed_files": item.changed_files,
        "labels": [],
        "bot": item.bot,
        "date": item.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": item.sha,
    }


def build(manifest: Manifest, root: Path, *, log: bool = True) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for spec in manifest.repos:
        repo = find_repo(root, spec.repo)
        try:
            git(repo, "cat-file", "-e", f"{spec.commit}^{{commit}}")
        except CorpusError:
            message = f"{spec.repo}: pinned commit {spec.commit} is not in {repo}"
            raise CorpusError(message) from None
        found = candidates(repo, spec)
        chosen = sample(found, spec, manifest.seed, manifest.max_bot_share)
        attach_paths(repo, chosen)
        attach_notes(repo, chosen)
        records.extend(record(spec, item) for item in chosen)
        if log:
            bots = sum(1 for c in chosen if c.bot)
            print(f"{spec.repo}: {len(found)} merged PRs in window, sampled {len(chosen)}"
                  f" ({bots} by bots)", file=sys.stderr)
    return records


def encode(records: Iterable[dict[str, Any]]) -> bytes:
    """JSON Lines, gzip with no name and mtime 0: the same records give the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for item in records:
            gz.write(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n")
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    here = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=here / "data/corpus/manifest.json")
    parser.add_argument("--repos", type=Path, required=True, help="folder of clones")
    parser.add_argument("--out", type=Path, default=here / "data/corpus/prs.jsonl.gz")
    args = parser.parse_args(argv)
    try:
        manifest = load_manifest(args.manifest)
        records = build(manifest, args.repos)
        write_atomic(args.out, encode(records))
    except CorpusError as exc:
        print(f"build_corpus: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(records)} PRs from {len(manifest.repos)} repositories to {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
