"""Output files are written whole or not at all, and `-o` never replaces what is not a file.

A link keeps pointing where it did; a pipe or a device is written to, not renamed over.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencer.atomic import atomic_write_lines, atomic_write_text


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "brag.md"
    target.write_text("old\n", encoding="utf-8")

    def lines() -> Iterator[str]:
        yield "new"
        raise KeyboardInterrupt  # Ctrl-C (or SIGTERM, as the CLI raises it) mid-write

    with pytest.raises(KeyboardInterrupt):
        atomic_write_lines(target, lines())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brag.md"]


def test_writing_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    real = tmp_path / "notes" / "brag.md"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "brag.md"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    atomic_write_text(pipe, "# Brag document\n")
    reader.join(30)
    assert received == [b"# Brag document\n"]
    assert pipe.is_fifo()

