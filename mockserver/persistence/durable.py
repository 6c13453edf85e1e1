"""`--state FILE`: every change a request makes is in the log before its answer leaves, so an answered write
survives the mock being killed; a snapshot is rewritten when the log grows past a bound, at a reset or load,
and at shutdown.

Like Redis' append-only file: a write costs one JSON line and one `os.write` (the page cache, not the disk:
the process may die, the machine may not), whatever the state's size. Compaction rewrites the whole state once
the log holds as many bytes as the snapshot (at least `MIN_LOG_BYTES`), so its cost per write stays bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from aiohttp import web

from mockserver.layers import Handler
from mockserver.persistence.changes import Capture, replay
from mockserver.persistence.files import StateFiles
from mockserver.state import MockState, StateKind, World

__all__ = ["Durable", "LogLayer"]

MIN_LOG_BYTES = 8 * 1024 * 1024
TICK = 1.0  # seconds: changes made outside a request (none today) are logged this often


class Durable:
    """The state file of one mock: opened (locked, read, replayed) before the app is built."""

    def __init__(self, path: Path, kinds: list[StateKind]) -> None:
        self.files = StateFiles(path)
        self.kinds = kinds
        self.recovered: World | None = None
        self._generation = 0
        self._resume_at: int | None = None  # where the log continues; None: a fresh snapshot is needed
        self._state: MockState | None = None
        self._capture: Capture | None = None

    def open(self) -> World | None:
        """Lock the files and rebuild the saved world (snapshot + log), None when there is none yet."""
        self.files.lock()
        try:
            document = self.files.read_snapshot()
            if document is None:
                return None
            generation = document.pop("generation", None)
            continued = self.files.read_log(generation if isinstance(generation, int) else None)
            if continued is not None:
                records, self._resume_at = continued
                replay(document, records)
                self._generation = int(generation)
            self.recovered = World.load(document, self.kinds)
            return self.recovered
        except BaseException:
            self.files.close()
            raise

    def attach(self, state: MockState) -> None:
        """Start logging the app's state: continue the log, or write a first snapshot (a new file, a file from an
        earlier version, or a clone asked for at start)."""
        self._state = state
        self._capture = Capture(state.world)
        if self._resume_at is not None and state.world is self.recovered:
            self.files.resume_log(self._resume_at)
        else:
            self.compact()

    def compact(self) -> None:
        if self._state is None:
            raise RuntimeError("compact() before attach()")
        world = self._state.world
        if self._capture is None or self._capture.world is not world:
            self._capture = Capture(world)
        else:
            self._capture.take()  # the snapshot holds these
        self._generation += 1
        self.files.write_snapshot(world.dump(), self._generation)

    def log_changes(self) -> None:
        """After a request: its changes as one record (or a snapshot, when the world was replaced)."""
        if self._state is None or self._capture is None:
            return  # not attached yet
        if self._state.world is not self._capture.world:  # reset, reseed, load
            self.compact()
            return
        record = self._capture.take()
        if record is None:
            return
        self.files.append(record)
        if self.files.log_bytes > max(MIN_LOG_BYTES, self.files.snapshot_bytes):
            self.compact()

    def lifetime(self) -> Callable[[web.Application], AsyncIterator[None]]:
        """A cleanup context: a periodic capture for changes outside requests, a last snapshot at shutdown."""

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


class LogLayer:
    """The outermost layer: what a request changed (in its handler or any layer inside) is logged before the
    answer is handed back, also when the handler raised (the guard may still answer it)."""

    def __init__(self, durable: Durable) -> None:
        self.durable = durable

    def applies(self, request: web.Request) -> bool:
        return True  # a GET writes too (a contact marked viewed, a message status advancing)

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        finally:
            self.durable.log_changes()
