"""Progress of long steps (seeding 100k contacts) on a terminal; silent everywhere else.

The reporter travels in a context variable, set by the command line around start-up, so the seeding code
only says how far it is and never knows whether anyone is looking.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

__all__ = ["on_terminal", "report"]

Reporter = Callable[[str, int, int], None]
_reporter: ContextVar[Reporter | None] = ContextVar("hamta_progress", default=None)


def report(step: str, done: int, total: int) -> None:
    reporter = _reporter.get()
    if reporter is not None:
        reporter(step, done, total)


@contextmanager
def on_terminal(stream: TextIO = sys.stderr) -> Iterator[None]:
    """Show progress on `stream` while the block runs, if it is a terminal."""
    if not stream.isatty():
        yield
        return

    def show(step: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        stream.write(f"\r{step}: {done:,}/{total:,} ({percent}%)" + ("\n" if done >= total else ""))
        stream.flush()

    token = _reporter.set(show)
    try:
        yield
    finally:
        _reporter.reset(token)
