"""The files behind `--state FILE`: the snapshot (FILE), the change log (FILE.log) and the lock (FILE.lock).

The snapshot is a `hamta-state/1` document (what GET /__mock__/state answers) plus the `generation` of the
log that continues it; the log starts with a header naming that generation, then one JSON line per request.
A log whose generation is not the snapshot's was superseded by a compaction that crashed before replacing it
(its changes are in the snapshot) and is ignored. A last line without its newline, or one that does not parse,
is a write the crash cut short: it was never acknowledged, so it is dropped (and cut off before the next
append). Anything else that does not parse stops the start, and the files are left as they are.

Files are created readable only by their owner (0600): a state may hold a clone of a deployment's data.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from mockserver.jsoncodec import dumps
from mockserver.state import STATE_FORMAT, StateError

__all__ = ["LOG_FORMAT", "LockedError", "StateFiles"]

LOG_FORMAT = "hamta-log/1"
MODE = 0o600


class LockedError(StateError):
    """Another process holds the state's lock."""


class StateFiles:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.log_path = path.with_name(path.name + ".log")
        self.lock_path = path.with_name(path.name + ".lock")
        self._lock_fd: int | None = None
        self._log_fd: int | None = None
        self.log_bytes = 0
        self.snapshot_bytes = 0

    # -- lock ----------------------------------------------------------------------------------------------------

    def lock(self) -> None:
        """Hold FILE.lock for the process's life; the kernel releases it when the process dies, however it dies."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockedError(
                f"another mockserver is using this state (it holds {self.lock_path}); stop it, or give this one "
                "another --state file"
            ) from None
        self._lock_fd = fd

    def close(self) -> None:
        for fd in (self._log_fd, self._lock_fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._log_fd = self._lock_fd = None

    # -- reading -------------------------------------------------------------------------------------------------

    def read_snapshot(self) -> dict[str, Any] | None:
        """The snapshot document, None when there is none yet; StateError when the file is not one."""
        if not self.path.exists():
            return None
        try:
            data = self.path.read_bytes()
            document = json.loads(data)
        except (OSError, ValueError) as exc:
            raise StateError(f"{self.path} is not a readable state file ({exc}); it was left untouched") from None
        if not isinstance(document, dict):
            raise StateError(f"{self.path} does not hold a state document; it was left untouched")
        if document.get("format") != STATE_FORMAT:
            found = document.get("format")
            detail = f"its format is {found!r}" if isinstance(found, str) else "it names no hamta format"
            raise StateError(
                f"{self.path} is not a {STATE_FORMAT} document ({detail}; this mockserver reads {STATE_FORMAT}); "
                "it was left untouched"
            )
        self.snapshot_bytes = len(data)
        return document

    def read_log(self, generation: int | None) -> tuple[list[dict[str, Any]], int] | None:
        """The records that continue the snapshot of this generation, and where the last whole one ends; None
        when there is no log for it."""
        if generation is None or not self.log_path.exists():
            return None
        try:
            data = self.log_path.read_bytes()
        except OSError as exc:
            raise StateError(f"{self.log_path} cannot be read ({exc}); it was left untouched") from None
        lines = data.split(b"\n")
        try:
            header = json.loads(lines[0])
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != LOG_FORMAT:
            if len(lines) == 1:  # a crash cut the header short: the log never held a record
                return None
            raise StateError(f"{self.log_path} is not a {LOG_FORMAT} change log; it was left untouched")
        if header.get("generation") != generation:
            return None
        records: list[dict[str, Any]] = []
        end = len(lines[0]) + 1
        whole = lines[1:-1]  # the last piece has no newline after it: empty, or a torn write
        for number, line in enumerate(whole, start=2):
            try:
                record = json.loads(line)
            except ValueError:
                if number == len(whole) + 1:
                    break  # the last line, torn: never acknowledged
                raise StateError(f"{self.log_path}: line {number} is damaged; the files were left untouched") from None
            if not isinstance(record, dict):
                raise StateError(f"{self.log_path}: line {number} is not a change record; left untouched")
            records.append(record)
            end += len(line) + 1
        return records, end

    # -- writing -------------------------------------------------------------------------------------------------

    def resume_log(self, end: int) -> None:
        """Append to the existing log after its last whole record (a torn tail is cut off first)."""
        fd = os.open(self.log_path, os.O_WRONLY)
        os.fchmod(fd, MODE)
        os.ftruncate(fd, end)
        os.lseek(fd, end, os.SEEK_SET)
        self._log_fd = fd
        self.log_bytes = end

    def append(self, line: bytes) -> None:
        """One record (a JSON line), one write: in the page cache when this returns, so it survives the process
        being killed."""
        assert self._log_fd is not None, "append before the log was opened"
        written = os.write(self._log_fd, line)
        while written < len(line):  # a short write (a full disk raises instead)
            written += os.write(self._log_fd, line[written:])
        self.log_bytes += len(line)

    def write_snapshot(self, document: dict[str, Any], generation: int) -> None:
        """A new snapshot and an empty log for it; a crash at any point leaves a snapshot and log that agree."""
        header = (dumps({"format": LOG_FORMAT, "generation": generation}) + "\n").encode()
        log_fd, log_temporary = self._temporary()
        snapshot_fd, snapshot_temporary = self._temporary()
        try:
            os.write(log_fd, header)
            data = dumps({**document, "generation": generation}).encode()
            with os.fdopen(snapshot_fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(snapshot_temporary, self.path)  # from here the old log is superseded (older generation)
            os.replace(log_temporary, self.log_path)
        except BaseException:
            for temporary in (snapshot_temporary, log_temporary):
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            with contextlib.suppress(OSError):
                os.close(log_fd)
            raise
        if self._log_fd is not None:
            os.close(self._log_fd)
        self._log_fd = log_fd
        self.log_bytes = len(header)
        self.snapshot_bytes = len(data)

    def _temporary(self) -> tuple[int, str]:
        # mkstemp creates the file 0600.
        return tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
