"""Issue 16: the `--state` log written through a shared memory map (what the mock does) against one `os.write` per
line (what it did before), under wrk, in one run.

    .venv/bin/python bench/log_ways.py [--contacts 100000] [--scenario create] [--rounds 1]

The mock is started with `--state` in the order map, write, write, map (per round), each on a fresh process and
state file; for the `write` runs this script starts the mock itself with the log's `MappedLog` swapped for a
class that writes each line with `os.write` (the same records, CRC and files otherwise). Printed per run: req/s,
the mock's CPU per request (from /proc, user + system) and p99. The load average before and after is printed:
other work on the machine moves the figures.
"""

from __future__ import annotations

import argparse
import os
import runpy
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import MOCK_BANNER, admin_token, call, exit_on_sigterm, run_wrk, running, scenarios

WAYS = ("map", "write", "write", "map")
SELF = str(Path(__file__).resolve())


class WrittenLog:
    """`MappedLog`'s interface, one `os.write` per line (the log before the map)."""

    def __init__(self, fd: int, end: int) -> None:
        self.fd = fd
        self.end = end
        os.ftruncate(fd, end)
        os.lseek(fd, end, os.SEEK_SET)

    def append(self, line: bytes) -> None:
        written = os.write(self.fd, line)
        while written < len(line):
            written += os.write(self.fd, line[written:])
        self.end += len(line)

    def close(self) -> None:
        os.close(self.fd)


def serve_writing(argv: list[str]) -> None:
    """Run the mock with the log written by `os.write`."""
    from mockserver.persistence import files

    setattr(files, "MappedLog", WrittenLog)  # noqa: B010 (swapped in this process only)
    sys.argv = ["mockserver", *argv]
    runpy.run_module("mockserver", run_name="__main__")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--scenario", default="create")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1404)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.contacts:,} contacts")
    for _ in range(args.rounds):
        for way in WAYS:
            with tempfile.TemporaryDirectory(prefix="hamta-log-ways-") as name:
                tmp = Path(name)
                mock = ["--port", "0", "--api", "contacts", "--contacts", str(args.contacts), "--seed", str(args.seed)]
                mock += ["--state", str(tmp / "state.json")]
                head = (
                    [sys.executable, "-m", "mockserver"]
                    if way == "map"
                    else [sys.executable, str(Path(__file__).resolve()), "--serve"]
                )
                with running(head + mock, MOCK_BANNER, tmp / "mock.log") as server:
                    token = admin_token()
                    _, document = call("GET", f"{server.url}/__mock__/state")
                    scenario = next(
                        s for s in scenarios(document["contacts"]["records"], args.seed) if s.name == args.scenario
                    )
                    before = _cpu_seconds(server.process.pid)
                    result = run_wrk(server.url, token, scenario.mode, scenario.paths, args)
                    used = _cpu_seconds(server.process.pid) - before
                answered = result.rps * args.duration
                print(
                    f"  {way:5} {result.rps:>7,.0f} req/s  {used / answered * 1e6:5.0f} us CPU per request  "
                    f"p99 {result.p99_us / 1000:5.1f} ms",
                    flush=True,
                )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve_writing(sys.argv[2:])
    else:
        sys.exit(main())
