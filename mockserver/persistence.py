"""`--state FILE`: the mock's state survives restarts.

Loaded at start; saved atomically (a temporary file beside it, fsync, rename) a moment after any write and at
shutdown. A file that cannot be read as a state document stops the start with a clear message and is never
overwritten: the developer's data is theirs to fix or move away.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from mockserver.jsoncodec import dumps
from mockserver.keys import STATE
from mockserver.layers import Handler
from mockserver.state import StateError

__all__ = ["StateFile", "WriteNotes", "flusher"]

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
FLUSH_AFTER = 1.0  # seconds: writes in a burst are saved once


class StateFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        """The saved document, None when there is no file yet; StateError when it is not one."""
        if not self.path.exists():
            return None
        try:
            document = json.loads(self.path.read_bytes())
        except (OSError, ValueError) as exc:
            raise StateError(f"{self.path} is not a readable state file ({exc}); it was left untouched") from None
        if not isinstance(document, dict):
            raise StateError(f"{self.path} does not hold a state document; it was left untouched")
        return document

    def write(self, document: dict[str, Any]) -> None:
        data = dumps(document).encode()
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.dirty = False


class WriteNotes:
    """The layer that marks the state file dirty after a write that did not fail on the server."""

    def __init__(self, state_file: StateFile) -> None:
        self.state_file = state_file

    def applies(self, request: web.Request) -> bool:
        return request.method not in SAFE

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if response.status < 500:
            self.state_file.dirty = True
        return response


def flusher(state_file: StateFile) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context that saves the noted writes a moment after they happen, and at shutdown."""

    async def flush(app: web.Application) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                await asyncio.sleep(FLUSH_AFTER)
                if state_file.dirty:
                    state_file.write(app[STATE].world.dump())

        task = asyncio.create_task(loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        state_file.write(app[STATE].world.dump())

    return flush
