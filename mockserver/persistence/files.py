"""The files behind `--state FILE`: the snapshot (FILE), the change log (FILE.log) and the lock (FILE.lock).

The snapshot is a `hamta-state/1` document (what GET /__mock__/state answers) plus a `generation`: the log of
that generation, and the next one if there is one, continue it. A log starts with a header naming its
generation, then holds one JSON line per request. While a compaction runs in the background, the log it
closed is FILE.log.prev (its generation is the snapshot's) and FILE.log the next generation's; once the new
snapshot is in place, FILE.log.prev is deleted. So at a start: the logs of generation >= the snapshot's are
replayed, in order, and an older one (a compaction that ended but did not clean up) is ignored.

The log is appended through a shared memory map (`mapped`): while a mock runs, and after it was killed, the
file ends in zeros past the last record, room reserved for the next ones (never a record: no line holds a NUL
byte); a clean close and the next start cut them off. A last line without its newline (a copy the kill cut
short, the zeros after it), or one that does not parse, is a write the crash cut short: it was never
acknowledged, so it is dropped (and cut off before the next append). Anything else that does not parse stops
the start, and the files are left as they are. Files are created readable only by their owner (0600): a state
may hold a clone of a deployment's data.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from mockserver.jsoncodec import dumps
from mockserver.persistence.mapped import MappedLog
from mockserver.state import STATE_FORMAT, StateError

__all__ = ["LOG_FORMAT", "LockedError", "StateFiles"]

LOG_FORMAT = "hamta-log/1"
MODE = 0o600


class LockedError(StateError):
    """Another process holds the state's lock."""


def _checked(line: bytes) -> Any:
    """A log line's record, ValueError when its checksum does not match."""
    crc, _, record = line.partition(b" ")
    if len(crc) != 8 or int(crc, 16) != zlib.crc32(record):
        raise ValueError("checksum mismatch")
    return json.loads(record)


class StateFiles:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.log_path = path.with_name(path.name + ".log")
        self.prev_path = path.with_name(path.name + ".log.prev")
        self.lock_path = path.with_name(path.name + ".lock")
        self._lock_fd: int | None = None
        self._log: MappedLog | None = None
        self._resume_at: int | None = None
        self.log_bytes = 0  # the current log's length up to its last record
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
        """The log ends at its last record again (its reserved tail cut off), then the lock goes."""
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.close()
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock_fd)
        self._log = None
        self._lock_fd = None

    # -- reading -------------------------------------------------------------------------------------------------

    def _vouch(self) -> None:
        """Note in the lock file which snapshot this mock wrote (its size, time and inode): at the next start, a
        snapshot that still matches is loaded without checking every record against the spec again."""
        if self._lock_fd is None:
            return
        stat = self.path.stat()
        self.snapshot_bytes = stat.st_size
        note = dumps({"snapshot": [stat.st_size, stat.st_mtime_ns, stat.st_ino]}).encode()
        os.ftruncate(self._lock_fd, 0)
        os.pwrite(self._lock_fd, note, 0)

    def own_snapshot(self) -> bool:
        """Whether FILE is the snapshot this mock last wrote, unchanged since (see `_vouch`)."""
        if self._lock_fd is None:
            return False
        try:
            note = json.loads(os.pread(self._lock_fd, 4096, 0) or b"null")
            stat = self.path.stat()
        except (OSError, ValueError):
            return False
        return isinstance(note, dict) and note.get("snapshot") == [stat.st_size, stat.st_mtime_ns, stat.st_ino]

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

    def read_logs(self, generation: int | None) -> tuple[list[dict[str, Any]], bool]:
        """The records that continue the snapshot of this generation, oldest first, and whether FILE.log alone
        continues it (then appends go on in it; otherwise a new snapshot must be written first)."""
        if generation is None:
            return [], False
        found = [log for path in (self.prev_path, self.log_path) if (log := self._read_log(path)) is not None]
        chain = sorted((log for log in found if log[0] >= generation), key=lambda log: log[0])
        if [log[0] for log in chain] != list(range(generation, generation + len(chain))):
            raise StateError(f"the change logs beside {self.path} do not follow its generation; left untouched")
        records = [record for log in chain for record in log[1]]
        current = len(chain) == 1 and chain[0][2] == self.log_path
        if current:
            self._resume_at = chain[0][3]
        return records, current

    def _read_log(self, path: Path) -> tuple[int, list[dict[str, Any]], Path, int] | None:
        """(generation, records, path, where the last whole record ends), None when there is no log there."""
        if not path.exists():
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StateError(f"{path} cannot be read ({exc}); it was left untouched") from None
        lines = data.split(b"\n")
        try:
            header = json.loads(lines[0])
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != LOG_FORMAT:
            if len(lines) == 1:  # the header cut short: the log never held a record
                return None
            raise StateError(f"{path} is not a {LOG_FORMAT} change log; it was left untouched")
        generation = header.get("generation")
        if not isinstance(generation, int):
            raise StateError(f"{path} names no generation; it was left untouched")
        records: list[dict[str, Any]] = []
        end = len(lines[0]) + 1
        whole = lines[1:-1]  # the last piece has no newline after it: empty, or a torn write
        for number, line in enumerate(whole, start=2):
            try:
                record = _checked(line)
            except ValueError:
                if number == len(whole) + 1:
                    break  # the last line, torn: never acknowledged
                raise StateError(f"{path}: line {number} is damaged; the files were left untouched") from None
            if not isinstance(record, dict):
                raise StateError(f"{path}: line {number} is not a change record; left untouched")
            records.append(record)
            end += len(line) + 1
        return generation, records, path, end

    # -- writing -------------------------------------------------------------------------------------------------

    def resume_log(self) -> None:
        """Append to FILE.log after its last whole record (a torn record and the zeros after it cut off first)."""
        if self._resume_at is None:
            raise RuntimeError("resume_log() without a log that continues the snapshot")
        fd = os.open(self.log_path, os.O_RDWR)  # a shared map is written through a descriptor that can read too
        try:
            os.fchmod(fd, MODE)
            os.ftruncate(fd, self._resume_at)
            log = MappedLog(fd, self._resume_at)
        except BaseException:
            os.close(fd)
            raise
        self._switch_log(log)

    def append(self, record: bytes) -> None:
        """One record (JSON), one line copied into the log's map: in the page cache when this returns, so it
        survives the process being killed. Its CRC-32 goes first: a line cut short or changed by hand does not
        pass for a record."""
        log = self._log
        assert log is not None, "append before the log was opened"
        log.append(b"%08x %b\n" % (zlib.crc32(record), record))
        self.log_bytes = log.end

    def write_snapshot(self, document: dict[str, Any], generation: int) -> None:
        """A new snapshot and an empty log for it, now; a crash at any point leaves a snapshot and logs that
        agree."""
        log, log_temporary = self._new_log(generation)
        try:
            snapshot_temporary = self.write_temporary_snapshot(document, generation)
            os.replace(snapshot_temporary, self.path)  # from here the old logs are superseded (older generation)
            self._vouch()
            os.replace(log_temporary, self.log_path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(log_temporary)
            log.close()
            raise
        self._switch_log(log)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.prev_path)

    def rotate(self, generation: int) -> None:
        """Start the next generation's log; the current one becomes FILE.log.prev until `install` (a background
        snapshot is being written of the state up to here)."""
        log, log_temporary = self._new_log(generation)
        try:
            os.replace(self.log_path, self.prev_path)
            os.replace(log_temporary, self.log_path)
        except BaseException:
            log.close()
            raise
        self._switch_log(log)

    def install(self, snapshot_temporary: str) -> None:
        """A snapshot written in the background takes its place; the log it covers goes."""
        os.replace(snapshot_temporary, self.path)
        self._vouch()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.prev_path)

    def write_temporary_snapshot(self, document: dict[str, Any], generation: int) -> str:
        """The snapshot written to a new temporary file beside FILE; its path."""
        fd, temporary = self.temporary()
        os.close(fd)
        try:
            self.write_temporary_snapshot_to(temporary, document, generation)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return temporary

    def write_temporary_snapshot_to(self, temporary: str, document: dict[str, Any], generation: int) -> None:
        """Fsynced: a snapshot replaces a log, so it should outlive what the log would."""
        data = dumps({**document, "generation": generation}).encode()
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        self.snapshot_bytes = len(data)

    def temporary(self) -> tuple[int, str]:
        # mkstemp creates the file 0600.
        return tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)

    def remove_temporaries(self) -> None:
        """What a compaction cut short by a crash left behind (only a lock holder may write them)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _new_log(self, generation: int) -> tuple[MappedLog, str]:
        """A log under a temporary name, its header written, mapped for the appends after it."""
        fd, temporary = self.temporary()
        try:
            header = (dumps({"format": LOG_FORMAT, "generation": generation}) + "\n").encode()
            os.write(fd, header)
            return MappedLog(fd, len(header)), temporary
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _switch_log(self, log: MappedLog) -> None:
        """Appends go to `log` from here; the log they went to ends at its last record again."""
        if self._log is not None:
            self._log.close()
        self._log = log
        self.log_bytes = log.end
