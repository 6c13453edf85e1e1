"""Issue 16's choice: what one logged write costs in an append-only file and in SQLite (WAL), in one run.

    .venv/bin/python bench/log_vs_sqlite.py [writes]

Each write is what `--state` logs for a contact create: the contact's JSON (~600 bytes, Persian text) by id, as
the mock has it (already encoded for the answer). Rows: one `os.write` of the log line (CRC-32 first) to a file
opened for appending (what mockserver.persistence did first); the same line copied into a shared memory map of
the file (`mockserver.persistence.mapped`, what it does now: no system call per write); SQLite in WAL mode
with `synchronous=NORMAL` (no fsync per commit in WAL mode) and with `synchronous=OFF`, one `INSERT OR REPLACE`
and one commit per write (a request's changes must be in the file before it is answered). Rounds alternate
between the four, and the best round of each is shown, in microseconds per write.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mockserver.persistence.mapped import MappedLog

RECORD = {
    "id": 0,
    "first_name": "آیدا",
    "last_name": "رضایی",
    "email": "aida.rezaei@example.com",
    "mobile_number": "+989121234567",
    "subject": "پیگیری سفارش شماره ۱۲۳۴۵",
    "message": "سلام، سفارش من هنوز نرسیده است. لطفاً وضعیت آن را بررسی کنید. " * 3,
    "viewed": False,
    "viewed_at": None,
    "created_at": "2026-12-06T09:30:00.123456Z",
    "updated_at": "2026-12-06T09:30:00.123456Z",
}


# The contact's JSON as the mock has it when it logs a create (cached by the answer: not encoded again), and the
# log line --state writes: its CRC-32, a space, the record.
_REST = json.dumps({k: v for k, v in RECORD.items() if k != "id"}, ensure_ascii=False, separators=(",", ":"))
_TAIL = b"," + _REST[1:].encode() + b"]]}}}}}"


def _record(record_id: int) -> bytes:
    return (
        b'{"apis":{"contacts":{"keyed":{"records":{"field":"id","records":[[%d,{"id":%d' % (record_id, record_id)
        + _TAIL
    )


def _line(record_id: int) -> bytes:
    record = _record(record_id)
    return b"%08x %b\n" % (zlib.crc32(record), record)


def appending(directory: Path) -> Callable[[int], None]:
    """One `os.write` per line (what --state did before the shared map)."""
    fd = os.open(directory / "state.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(record_id: int) -> None:
        os.write(fd, _line(record_id))

    return write


def mapped(directory: Path) -> Callable[[int], None]:
    """The line copied into a shared memory map of the file (mockserver.persistence.mapped, what --state does)."""
    fd = os.open(directory / "state-mapped.log", os.O_RDWR | os.O_CREAT, 0o600)
    log = MappedLog(fd, 0)

    def write(record_id: int) -> None:
        log.append(_line(record_id))

    return write


def sqlite(directory: Path, synchronous: str) -> Callable[[int], None]:
    connection = sqlite3.connect(directory / f"state-{synchronous}.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={synchronous}")
    connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, record TEXT NOT NULL)")

    def write(record_id: int) -> None:
        connection.execute("BEGIN")
        connection.execute("INSERT OR REPLACE INTO contacts VALUES (?, ?)", (record_id, _record(record_id)))
        connection.execute("COMMIT")

    return write


def main() -> int:
    writes = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {writes} writes per round")
    with tempfile.TemporaryDirectory(prefix="hamta-log-vs-sqlite-") as name:
        directory = Path(name)
        ways = {
            "append-only log, os.write": appending(directory),
            "append-only log, shared map": mapped(directory),
            "sqlite WAL, synchronous=NORMAL": sqlite(directory, "NORMAL"),
            "sqlite WAL, synchronous=OFF": sqlite(directory, "OFF"),
        }
        best = dict.fromkeys(ways, float("inf"))
        next_id = 1
        for _ in range(5):
            for label, write in ways.items():
                started = time.perf_counter()
                for record_id in range(next_id, next_id + writes):
                    write(record_id)
                best[label] = min(best[label], (time.perf_counter() - started) / writes * 1e6)
            next_id += writes
    for label, micros in best.items():
        print(f"  {label:32} {micros:6.1f} us per write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
