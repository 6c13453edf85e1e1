"""A real `python -m mockserver --state FILE` process, writers hammering it, and `kill -9` in mid-stream: what the
crash tests of each API share. What a writer saw answered is what must be there after the restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

__all__ = ["Writer", "hammer_then_kill", "mock_process"]

Writer = Callable[[requests.Session, int, threading.Event], None]


@contextmanager
def mock_process(state: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A mock serving `state`; yields (process, base url); killed on the way out if still running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", "0", "--state", str(state), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    try:
        lines: list[str] = []
        while not (lines and lines[-1].startswith("Press Ctrl-C")):
            line = process.stdout.readline()
            if not line:
                raise AssertionError("mockserver did not start:\n" + "\n".join(lines))
            lines.append(line.rstrip("\n"))
        yield process, lines[0].split(" on ", 1)[1].split()[0]
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        process.stdout.close()


def hammer_then_kill(process: subprocess.Popen[str], writers: int, write: Writer, seconds: float) -> None:
    """Run `writers` threads, each calling `write(session, number, stop)` in a loop, and SIGKILL the mock after
    `seconds` while they are still writing. A writer records what was answered; a request the kill cut short
    was never answered, so it promises nothing."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def run(number: int) -> None:
        with requests.Session() as session:
            try:
                while not stop.is_set():
                    write(session, number, stop)
            except requests.ConnectionError:
                if not stop.is_set():
                    raise
            except BaseException as error:  # an assertion in a writer fails the test
                errors.append(error)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
