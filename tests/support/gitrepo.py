"""Build real git repositories in tmp_path with the git CLI, for tests.

Dates and identities are explicit, so histories (and golden documents) are reproducible.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


class GitRepo:
    def __init__(self, path: Path, *, remote: str | None = "https://github.com/acme/widgets.git"):
        self.path = path
        self.clock = 0
        self.made = 0  # files made up for commits given no files: each gets its own
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "alice@example.com")
        self.git("config", "user.name", "Alice Doe")
        self.git("config", "commit.gpgsign", "false")
        if remote:
            self.git("remote", "add", "origin", remote)

    def git(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        input: bytes | None = None,
        check: bool = True,
    ) -> str:
        full_env = {
            **os.environ,
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.path),
            **(env or {}),
        }
        result = subprocess.run(
            ["git", *args], cwd=self.path, env=full_env, input=input,
            capture_output=True, check=check,
        )
        return result.stdout.decode("utf-8", "replace")

    def _date(self, date: str | None) -> str:
        if date:
            return date
        self.clock += 1
        return f"2026-03-{1 + self.clock // 24:02d}T{self.clock % 24:02d}:00:00+00:00"

    def commit(
        self,
        message: str | bytes,
        *,
        files: dict[str, str] | None = None,
        author: tuple[str, str] = ("Alice Doe", "alice@example.com"),
        committer: tuple[str, str] | None = None,
        date: str | None = None,
        encoding: str | None = None,
        committed: str | None = None,
    ) -> str:
        """``committed``: when it was committed, if not when it was written (``date``)."""
        if not files:
            files = {f"file{self.made}.txt": f"{message!r}\n"}
            self.made += 1
        for name, content in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content)
            self.git("add", name)
        when = self._date(date)
        committer = committer or author
        env = {
            "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_COMMITTER_DATE": committed or when,
        }
        raw = message if isinstance(message, bytes) else message.encode()
        args = ["commit", "-q", "--allow-empty", "-F", "-"]
        if encoding:
            args = ["-c", f"i18n.commitEncoding={encoding}", *args]
        self.git(*args, env=env, input=raw)
        return self.git("rev-parse", "HEAD").strip()

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge_pr(
        self,
        number: int,
        branch: str,
        title: str,
        *,
        merger: tuple[str, str] = ("Maintainer Mo", "mo@example.com"),
        body: str = "",
        date: str | None = None,
        fork: str = "someone",
    ) -> str:
        """Merge ``branch`` into main the way GitHub's merge button does: the subject
        names the branch as ``fork/branch``, ``fork`` being who owns the branch."""
        message = f"Merge pull request #{number} from {fork}/{branch}"
        if title:
            message += f"\n\n{title}"
        if body:
            message += f"\n\n{body}"
        return self.merge(branch, message, merger=merger, date=date)

    def merge_titled_pr(
        self,
        number: int,
        branch: str,
        title: str,
        *,
        merger: tuple[str, str] = ("Maintainer Mo", "mo@example.com"),
        body: str = "",
        date: str | None = None,
    ) -> str:
        """Merge the way GitHub's merge button does when set to use the pull request's
        title: a merge commit whose subject is ``Title (#N)``."""
        message = f"{title} (#{number})" + (f"\n\n{body}" if body else "")
        return self.merge(branch, message, merger=merger, date=date)

    def merge(
        self,
        branch: str,
        message: str,
        *,
        merger: tuple[str, str] = ("Maintainer Mo", "mo@example.com"),
        date: str | None = None,
    ) -> str:
        """A merge commit of ``branch`` into main, made by GitHub on ``merger``'s behalf."""
        self.checkout("main")
        when = self._date(date)
        env = {
            "GIT_AUTHOR_NAME": merger[0], "GIT_AUTHOR_EMAIL": merger[1], "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com",
            "GIT_COMMITTER_DATE": when,
        }
        self.git("merge", "-q", "--no-ff", branch, "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()

    def squash_pr(
        self,
        number: int,
        title: str,
        *,
        author: tuple[str, str] = ("Alice Doe", "alice@example.com"),
        files: dict[str, str] | None = None,
        body: str = "",
        date: str | None = None,
    ) -> str:
        """Land a pull request the way GitHub's squash button does: ``Title (#123)``."""
        message = f"{title} (#{number})" + (f"\n\n{body}" if body else "")
        return self.commit(message, files=files, author=author, date=date,
                           committer=("GitHub", "noreply@github.com"))

    def rename(self, old: str, new: str) -> None:
        """Stage a rename; the next ``commit`` records it."""
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def write(self, name: str, content: str) -> Path:
        """Write a file in the work tree without staging it (.mailmap, config)."""
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        return target

    def detach(self, ref: str = "HEAD") -> None:
        self.git("checkout", "-q", "--detach", ref)

    def clone(self, dest: Path, *, depth: int | None = None) -> Path:
        """Clone through ``file://`` so that ``--depth`` really makes a shallow clone."""
        args = ["clone", "-q", *(["--depth", str(depth)] if depth else []),
                self.path.as_uri(), str(dest)]
        subprocess.run(["git", *args], check=True, capture_output=True,
                       env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"})
        return dest

    def partial_clone(self, dest: Path) -> Path:
        """A blobless clone of this repository whose server is gone: git must fetch a
        file's contents it lacks, and cannot."""
        self.git("config", "uploadpack.allowFilter", "true")
        subprocess.run(["git", "clone", "-q", "--no-local", "--filter=blob:none",
                        "--no-checkout", f"file://{self.path}", str(dest)],
                       check=True, capture_output=True)
        subprocess.run(["git", "-C", str(dest), "remote", "set-url", "origin",
                        "http://127.0.0.1:9/gone.git"], check=True)
        return dest

    def commit_object(
        self,
        message: bytes,
        *,
        files: dict[str, str] | None = None,
        author: tuple[bytes, bytes] = (b"Alice Doe", b"alice@example.com"),
        date: str = "2026-03-01T10:00:00+00:00",
        encoding: str | None = None,
    ) -> str:
        """Write a commit object byte for byte, as old tools did: ``git commit`` would
        re-encode a message that is not UTF-8, this keeps it as given."""
        for name, content in (files or {f"raw{self.made}.txt": f"{message!r}\n"}).items():
            self.made += 1
            (self.path / name).parent.mkdir(parents=True, exist_ok=True)
            (self.path / name).write_text(content)
            self.git("add", name)
        tree = self.git("write-tree").strip()
        parent = self.git("rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).strip()
        when = int(dt.datetime.fromisoformat(date).timestamp())
        ident = author[0] + b" <" + author[1] + b"> " + str(when).encode() + b" +0000"
        lines = [b"tree " + tree.encode()]
        if parent:
            lines.append(b"parent " + parent.encode())
        lines += [b"author " + ident, b"committer " + ident]
        if encoding:
            lines.append(b"encoding " + encoding.encode())
        raw = b"\n".join(lines) + b"\n\n" + message
        sha = self.git("hash-object", "-t", "commit", "-w", "--stdin", input=raw).strip()
        self.git("update-ref", "HEAD", sha)
        return sha


def land_by_closing(repo: GitRepo, start: int, count: int, *,
                    closes: str = "Closes") -> None:
    """Commits pushed as curl pushes them: each ends ``Closes #N``, its pull request. One
    ``git fast-import``: the convention needs many."""
    try:
        head = repo.git("rev-parse", "--verify", "-q", "HEAD").strip()
    except subprocess.CalledProcessError:
        head = ""
    stream = []
    for index, number in enumerate(range(start, start + count)):
        when = int(dt.datetime.fromisoformat(repo._date(None)).timestamp())
        message = f"lib: tidy part {number}\n\nReported-by: Someone\n{closes} #{number}\n"
        stream += [
            "commit refs/heads/main",
            f"author Bob Roe <bob@example.com> {when} +0000",
            f"committer Bob Roe <bob@example.com> {when} +0000",
            f"data {len(message.encode())}", message.rstrip("\n"),
            *([f"from {head}"] if head and index == 0 else []),
            f"M 100644 inline lib/part{number}.c", "data 5", "tidy", "",
        ]
    repo.git("fast-import", "--quiet", input="\n".join(stream).encode() + b"\n")
    repo.git("reset", "-q", "--hard", "main")
