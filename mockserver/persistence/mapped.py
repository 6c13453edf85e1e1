"""The change log's open end: a shared memory map of the file, so appending a record is a copy into the page
cache and not a system call.

A `MAP_SHARED` map of a file is its page cache: what is copied into it is in the file the moment the copy ends,
and survives the process being killed (`kill -9`, an OOM kill) exactly as an `os.write` does; like it, not a
power loss. The file is grown `GROWTH` bytes at a time, with the space reserved (`posix_fallocate`): a full
disk is an `OSError` at the growth (the request gets an error answer), not a SIGBUS at a later copy. So the file
ends in zeros past the last record until `close()` cuts them off; after a crash the reader finds the zeros
(never a record: a line's CRC and JSON hold no NUL byte) and the next start cuts them off.

A forked child (the background snapshot) inherits the map; it never appends, and leaves with `os._exit`, so
nothing of it reaches the parent's file.

The pages ahead of the last record are faulted in writable `PREFAULT` bytes at a time (Linux >= 5.14,
`MADV_POPULATE_WRITE`), so a copy never stops at a page fault: the first write to a page of a file map takes
one, where ext4 notes the page's blocks written and the file's times, and under load that cost a create with
`--state` about 7 us of the mock's CPU (bench/README.md, issue 16). Where the advice is unknown (an older kernel,
macOS) the pages fault as before. The zeros it makes resident are the zeros the file holds already.
"""

from __future__ import annotations

import errno
import mmap
import os
import sys

__all__ = ["GROWTH", "PREFAULT", "MappedLog"]

# Bytes per growth, one per ~20,000 contact creates: ~0.03 ms with posix_fallocate on Linux (ext4), ~15 ms where
# the zeros must be written (macOS).
GROWTH = 8 * 1024 * 1024
# Bytes faulted in ahead of the records at a time: ~0.3 ms once per ~700 creates (the whole 8 MB step at once
# would hold the loop ~9 ms).
PREFAULT = 256 * 1024
# Python 3.11's mmap module does not name it; 23 on every Linux architecture (asm-generic/mman-common.h).
_POPULATE_WRITE: int | None = getattr(mmap, "MADV_POPULATE_WRITE", 23 if sys.platform == "linux" else None)


class MappedLog:
    """Appends to an open file from `end` on; the file descriptor is this object's from here (closed by `close`)."""

    def __init__(self, fd: int, end: int) -> None:
        self.fd = fd
        self.end = end
        size = end + GROWTH
        _reserve(fd, end, GROWTH)
        self._map = mmap.mmap(fd, size)  # MAP_SHARED, read and write (the fd must be open for both)
        self._size = size
        self._populate = _POPULATE_WRITE
        self._faulted = end  # the pages before this offset are faulted in (or left to fault)

    def append(self, line: bytes) -> None:
        end = self.end + len(line)
        if end > self._faulted:
            if end > self._size:
                self._grow(end)
            self._fault_in(end)
        self._map[self.end : end] = line
        self.end = end

    def _fault_in(self, end: int) -> None:
        """The pages from the last record on to PREFAULT past `end`, faulted in writable."""
        start = self.end - self.end % mmap.PAGESIZE  # the advice takes whole pages
        stop = min(self._size, end + PREFAULT)
        if self._populate is not None:
            try:
                self._map.madvise(self._populate, start, stop - start)
            except OSError:  # EINVAL: a kernel before 5.14; the copies fault the pages in, as without the advice
                self._populate = None
        self._faulted = stop

    def _grow(self, needed: int) -> None:
        size = max(self._size + GROWTH, needed + GROWTH)
        _reserve(self.fd, self._size, size - self._size)
        # Mapped again rather than resized: macOS has no mremap (mmap.resize fails there); once per step.
        self._map.close()
        self._map = mmap.mmap(self.fd, size)
        self._size = size
        self._faulted = self.end  # a new map: its pages are faulted in again

    def close(self) -> None:
        """Unmap, cut the zeros past the last record off (the file ends with it again) and close the file."""
        try:
            self._map.close()
            os.ftruncate(self.fd, self.end)
        finally:
            os.close(self.fd)


def _reserve(fd: int, offset: int, length: int) -> None:
    """The file grown to `offset + length` with its blocks allocated: `posix_fallocate` where the system and the
    filesystem have it, else zeros written (macOS has no posix_fallocate)."""
    fallocate = getattr(os, "posix_fallocate", None)
    if fallocate is not None:
        try:
            fallocate(fd, offset, length)
            return
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP):
                raise
    zeros = bytes(min(length, 1 << 20))
    end = offset + length
    while offset < end:
        offset += os.pwrite(fd, zeros[: end - offset], offset)
