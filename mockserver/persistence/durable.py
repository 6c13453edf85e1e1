"""`--state FILE`: every change a request makes is in the log before its answer leaves, so an answered write
survives the mock being killed; the snapshot is rewritten when the log grows past a bound (in the background),
and at a start that needs it, a reset or load, and shutdown (at once).

Like Redis' append-only file: a write costs one JSON line copied into a shared memory map of the log (the
page cache, not the disk: the process may die, the machine may not; no system call per write), whatever the
state's size. Once the log holds as many bytes as the
snapshot (at least `MIN_LOG_BYTES`), a new snapshot is written, so its cost per write stays bounded; like
Redis' BGREWRITEAOF, a forked child writes it from its copy-on-write view of the state while the mock goes on
answering, appending to the next generation's log.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import warnings
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from aiohttp import web

from mockserver.persistence.changes import Capture, replay
from mockserver.persistence.files import StateFiles
from mockserver.persistence.parts import Overrun
from mockserver.state import MockState, StateError, StateKind, World

__all__ = ["Durable"]

# Redis' own default for the same rule (auto-aof-rewrite-min-size 64mb): below it a rewrite costs more than the
# log it saves; with 8 MB a small state was rewritten every few seconds under a stream of creates.
MIN_LOG_BYTES = 64 * 1024 * 1024
TICK = 1.0  # seconds: a background snapshot's end is noticed, and changes made outside a request logged


class Durable:
    """The state file of one mock: opened (locked, read, replayed) before the app is built."""

    def __init__(self, path: Path, kinds: list[StateKind]) -> None:
        self.files = StateFiles(path)
        self.kinds = kinds
        self.recovered: World | None = None
        self._generation = 0
        self._resumable = False  # FILE.log alone continues the snapshot: appends go on in it
        self._state: MockState | None = None
        self._capture: Capture | None = None
        self._child: tuple[int, str] | None = None  # a background snapshot: its pid and temporary file
        self._unlogged = False  # a request's changes could not be appended: only a snapshot covers them now

    def open(self) -> World | None:
        """Lock the files and rebuild the saved world (snapshot + logs), None when there is none yet."""
        try:
            self.files.lock()
        except OSError as exc:  # a folder that does not exist or is not ours to write
            raise StateError(f"cannot create {self.files.lock_path}: {exc.strerror}") from None
        try:
            self.files.remove_temporaries()
            document = self.files.read_snapshot()
            if document is None:
                return None
            generation = document.pop("generation", None)
            if isinstance(generation, int):
                self._generation = generation
            records, self._resumable = self.files.read_logs(generation if isinstance(generation, int) else None)
            replay(document, records)  # the log's records are checksummed: this mock wrote them
            self.recovered = World.load(document, self.kinds, own=self.files.own_snapshot())
            return self.recovered
        except BaseException:
            self.files.close()
            raise

    def attach(self, state: MockState) -> None:
        """Start logging the app's state: continue the log, or write a snapshot first (a new file, a file from
        an earlier version, a compaction a crash interrupted, or a clone asked for at start)."""
        self._state = state
        self._capture = Capture(state.world)
        if self._resumable and state.world is self.recovered:
            self.files.resume_log()
        else:
            self.compact()

    def compact(self) -> None:
        """A new snapshot now (a background one still running is abandoned: this one is newer)."""
        if self._state is None:
            raise RuntimeError("compact() before attach()")
        self._abandon_child()
        world = self._state.world
        self._capture = Capture(world)  # parts that start from here (an overrun one included)
        self._capture.take()  # writes not logged yet: the snapshot holds them
        self._generation += 1
        self.files.write_snapshot(world.dump(), self._generation)

    def log_changes(self) -> None:
        """After a request: its changes as one record (or a snapshot, when the world was replaced)."""
        if self._state is None or self._capture is None:
            return  # not attached yet
        if self._state.world is not self._capture.world or self._unlogged:  # reset, reseed, load; a failed append
            self.compact()
            self._unlogged = False
            return
        try:
            record = self._capture.take()
        except Overrun:
            self.compact()
            return
        if record is not None:
            try:
                self.files.append(record)
            except OSError:
                # A full disk at the log's growth: this request's changes are in memory only (its answer is an
                # error), so the next request writes a whole snapshot first, or fails the same way.
                self._unlogged = True
                raise
        if self._child is not None:
            self._reap()
        elif self.files.log_bytes > max(MIN_LOG_BYTES, self.files.snapshot_bytes):
            self._compact_in_background()

    def _compact_in_background(self) -> None:
        if not hasattr(os, "fork"):
            self.compact()
            return
        if self._state is None:
            raise RuntimeError("compaction before attach()")
        world = self._state.world
        self._generation += 1
        self.files.rotate(self._generation)
        fd, temporary = self.files.temporary()
        os.close(fd)
        with warnings.catch_warnings():  # Python 3.12+ warns about fork in a process with threads
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: write the snapshot of the state as it is at the fork, and nothing else
            code = 1
            try:
                # The snapshot can wait; the answers cannot: on a machine with few cores the child must not take
                # the CPU the mock (and its clients) need.
                os.nice(19)
                _close_inherited_files()  # the lock and sockets stay the parent's alone
                self.files.write_temporary_snapshot_to(temporary, world.dump(), self._generation)
                code = 0
            finally:
                os._exit(code)
        self._child = (pid, temporary)

    def _reap(self) -> None:
        """Install the background snapshot once its child is done (or write one now if it failed)."""
        if self._child is None:
            return
        pid, temporary = self._child
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            return
        self._child = None
        if os.waitstatus_to_exitcode(status) == 0:
            self.files.install(temporary)
        else:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            self.compact()

    def _abandon_child(self) -> None:
        if self._child is None:
            return
        pid, temporary = self._child
        self._child = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            os.unlink(temporary)

    def lifetime(self) -> Callable[[web.Application], AsyncIterator[None]]:
        """A cleanup context: a periodic look (changes outside requests, a finished background snapshot), and a
        last snapshot at shutdown."""

        async def run(app: web.Application) -> AsyncIterator[None]:
            async def tick() -> None:
                while True:
                    await asyncio.sleep(TICK)
                    self.log_changes()

            task = asyncio.create_task(tick())
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                self.compact()
                self.files.close()

        return run


def _close_inherited_files() -> None:
    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        descriptors = list(range(3, 1024))
    for fd in descriptors:
        if fd > 2:
            with contextlib.suppress(OSError):
                os.close(fd)
