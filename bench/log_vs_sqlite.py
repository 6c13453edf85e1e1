"""Issue 16's choice: what one logged write costs in an append-only file and in SQLite (WAL), in one run.

    .venv/bin/python bench/log_vs_sqlite.py [writes]

Each write is what `--state` logs for a contact create: the contact's JSON (~600 bytes, Persian text) by id.
Rows: an `os.write` of one JSON line to a file opened for appending (what mockserver.persistence does); SQLite in
WAL mode with `synchronous=NORMAL` (no fsync per commit in WAL mode) and with `synchronous=OFF`, one
`INSERT OR REPLACE` and one commit per write (a request's changes must be in the file before it is answered).
Rounds alternate between the three, and the best round of each is shown, in microseconds per write.
"""

from __future__ import annotations

import json
import mmap
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


def appending(directory: Path) -> Callable[[int], None]:
    fd = os.open(directory / "state.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(record_id: int) -> None:
        text = json.dumps({**RECORD, "id": record_id}, ensure_ascii=False, separators=(",", ":"))
        os.write(
            fd,
            b'{"apis":{"contacts":{"keyed":{"records":{"field":"id","records":[[%d,' % record_id
            + text.encode()
            + b"]]}}}}}\n",
        )

    return write


def mapped(directory: Path) -> Callable[[int], None]:
    """A shared memory map of the file, grown 8 MB at a time (space reserved): a copy into the page cache, no
    system call per write (what mockserver.persistence does now)."""
    fd = os.open(directory / "state-mapped.log", os.O_RDWR | os.O_CREAT, 0o600)
    step = 8 * 1024 * 1024
    os.posix_fallocate(fd, 0, step)
    area = mmap.mmap(fd, step)
    end = 0

    def write(record_id: int) -> None:
        nonlocal area, end
        text = json.dumps({**RECORD, "id": record_id}, ensure_ascii=False, separators=(",", ":"))
        line = (
            b'{"apis":{"contacts":{"keyed":{"records":{"field":"id","records":[[%d,' % record_id
            + text.encode()
            + b"]]}}}}}\n"
        )
        if end + len(line) > len(area):
            os.posix_fallocate(fd, len(area), step)
            area.resize(len(area) + step)
        area[end : end + len(line)] = line
        end += len(line)

    return write


def sqlite(directory: Path, synchronous: str) -> Callable[[int], None]:
    connection = sqlite3.connect(directory / f"state-{synchronous}.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={synchronous}")
    connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, record TEXT NOT NULL)")

    def write(record_id: int) -> None:
        text = json.dumps({**RECORD, "id": record_id}, ensure_ascii=False, separators=(",", ":"))
        connection.execute("BEGIN")
        connection.execute("INSERT OR REPLACE INTO contacts VALUES (?, ?)", (record_id, text))
        connection.execute("COMMIT")

    return write


def main() -> int:
    writes = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {writes} writes per round")
    with tempfile.TemporaryDirectory(prefix="hamta-log-vs-sqlite-") as name:
        directory = Path(name)
        ways = {
            "append-only log, os.write": appending(directory),
            "append-only log, shared mmap": mapped(directory),
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
