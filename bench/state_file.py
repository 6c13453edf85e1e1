"""Issue 16: what `--state FILE` costs a write, at two sizes, and how long a start after `kill -9` takes.

    /work/main/.venv/bin/python bench/state_file.py [--duration 5] [--sizes 10000,100000] [--no-wrk]

First, in-process (like bench/create_breakdown.py: no sockets, no load generator): a create's and a patch's
whole handler chain (`Application._handle`: edge, layers, auth, endpoint, handler, and with `--state` the log
record and its `os.write`), best of ten rounds, without and with `--state`, at each size. A best-of figure
is the least disturbed by other work on the machine.

For each size and each write scenario of bench/run.py (create, patch), the mock is run without and with
`--state` in the order A B B A, each on a fresh process (and a fresh state file), so a drifting machine
weighs on both; the ratio is the mean with over the mean without. Then, at the largest size: a mock with
`--state` takes creates for a few seconds, is killed with SIGKILL, and is started again on its files; the
restart is timed from launch to the banner and to the first answered request, and the log it replayed is
reported. The load average before and after is printed: other work on the machine moves the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import streams, web
from aiohttp.test_utils import make_mocked_request

sys.path.insert(0, str(Path(__file__).resolve().parent))

from create_breakdown import ADMIN_TOKEN, BODY, _Protocol
from run import MOCK_BANNER, admin_token, call, exit_on_sigterm, run_wrk, running, sanity_check, scenarios

from mockserver.app import create_app
from mockserver.settings import Settings

WRITES = ("create", "patch")


def _mock(python: str, contacts: int, seed: int, state: Path | None) -> list[str]:
    command = [python, "-m", "mockserver", "--port", "0", "--api", "contacts", "--contacts", str(contacts)]
    command += ["--seed", str(seed)]
    return command + (["--state", str(state)] if state is not None else [])


def _one_run(python: str, size: int, name: str, state: Path | None, args: argparse.Namespace, tmp: Path) -> Any:
    with running(_mock(python, size, args.seed, state), MOCK_BANNER, tmp / "mock.log") as server:
        token = admin_token()
        _, document = call("GET", f"{server.url}/__mock__/state")
        scenario = next(s for s in scenarios(document["contacts"]["records"], args.seed) if s.name == name)
        sanity_check(server.url, token, scenario)
        result = run_wrk(server.url, token, scenario.mode, scenario.paths, args)
    if result.errors:
        raise RuntimeError(f"{name} at {size}: {result.errors} errors")
    return result


def write_costs(python: str, args: argparse.Namespace, tmp: Path) -> None:
    print(
        f"{'scenario':8} {'contacts':>8} {'without r/s':>11} {'with r/s':>9} {'ratio':>6} {'p99 without':>11} "
        f"{'p99 with':>8}"
    )
    for size in args.sizes:
        for name in WRITES:
            without, with_state = [], []
            for turn, durable in enumerate((False, True, True, False)):
                state = tmp / f"state-{size}-{name}-{turn}.json" if durable else None
                result = _one_run(python, size, name, state, args, tmp)
                (with_state if durable else without).append(result)
            rps_without = statistics.mean(r.rps for r in without)
            rps_with = statistics.mean(r.rps for r in with_state)
            p99_without = max(r.p99_us for r in without) / 1000
            p99_with = max(r.p99_us for r in with_state) / 1000
            print(
                f"{name:8} {size:>8,} {rps_without:>11,.0f} {rps_with:>9,.0f} {rps_with / rps_without:>6.2f} "
                f"{p99_without:>9.2f}ms {p99_with:>6.2f}ms",
                flush=True,
            )


def restart_after_crash(python: str, args: argparse.Namespace, tmp: Path) -> None:
    size = max(args.sizes)
    state = tmp / "crash.json"
    with running(_mock(python, size, args.seed, state), MOCK_BANNER, tmp / "crash-1.log") as server:
        token = admin_token()
        _, document = call("GET", f"{server.url}/__mock__/state")
        create = next(s for s in scenarios(document["contacts"]["records"], args.seed) if s.name == "create")
        result = run_wrk(server.url, token, create.mode, create.paths, args)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
    log = (tmp / "crash.json.log").read_bytes()
    log_mb = len(log.rstrip(b"\0")) / 1e6  # the records; the zeros after them are room reserved for the next ones
    snapshot_mb = state.stat().st_size / 1e6
    started = time.perf_counter()
    with running(_mock(python, size, args.seed, state), MOCK_BANNER, tmp / "crash-2.log") as server:
        banner_s = time.perf_counter() - started
        status, page = call("GET", f"{server.url}/api/contacts/?limit=1", admin_token())
        answered_s = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"after the restart: {status}")
    print(
        f"\nrestart after kill -9 at {size:,} contacts + {result.requests:,} creates logged "
        f"(snapshot {snapshot_mb:.1f} MB, log {log_mb:.1f} MB): banner after {banner_s:.2f}s, first answer "
        f"after {answered_s:.2f}s; {page['count']:,} contacts",
        flush=True,
    )


async def _chain_cost(size: int, name: str, state: Path | None) -> float:
    """Microseconds per request of the handler chain (best of ten rounds of 2,000), preparation subtracted."""
    settings = Settings(apis=("contacts",), contacts=size, seed=1404, state_file=str(state) if state else None)
    app = create_app(settings)
    app.freeze()
    await app.startup()
    loop = asyncio.get_running_loop()
    protocol = _Protocol()
    ids = itertools.cycle(range(1, size + 1, 7))

    method = "POST" if name == "create" else "PATCH"
    headers = {"Authorization": f"Token {ADMIN_TOKEN}", "Content-Type": "application/json", "Host": "127.0.0.1:8000"}
    template = make_mocked_request(method, "/api/contacts/", headers=headers, app=app, client_max_size=1 << 20)

    def prepared() -> web.Request:
        contact = next(ids)
        body = BODY if name == "create" else json.dumps({"subject": f"s{contact}"}).encode()
        path = "/api/contacts/" if name == "create" else f"/api/contacts/{contact}/"
        request = template.clone(rel_url=path, headers={**headers, "Content-Length": str(len(body))})
        payload = streams.StreamReader(protocol, 2**16, loop=loop)  # type: ignore[arg-type]
        payload.feed_data(body)
        payload.feed_eof()
        request._payload = payload
        return request

    answer = await app._handle(prepared())
    assert answer.status in (200, 201), answer.status
    best = float("inf")
    for _ in range(10):
        batch = [prepared() for _ in range(2000)]  # prepared before the clock starts
        started = time.perf_counter()
        for request in batch:
            await app._handle(request)
        best = min(best, (time.perf_counter() - started) / 2000)
    await app.cleanup()
    return best * 1e6


def chain_costs(args: argparse.Namespace, tmp: Path) -> None:
    print(f"{'in-process':10} {'contacts':>8} {'without us':>10} {'with us':>8} {'ratio':>6}")
    for size in args.sizes:
        for name in WRITES:
            without = asyncio.run(_chain_cost(size, name, None))
            with_state = asyncio.run(_chain_cost(size, name, tmp / f"chain-{size}-{name}.json"))
            print(f"{name:10} {size:>8,} {without:>10.1f} {with_state:>8.1f} {without / with_state:>6.2f}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=1404)
    parser.add_argument("--no-wrk", action="store_true", help="only the in-process figures")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, exit_on_sigterm)  # the servers are stopped on the way out
    args.sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores; "
        f"{args.duration}s per run, {args.connections} connections",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="hamta-bench-state-") as name:
        chain_costs(args, Path(name))
        if not args.no_wrk:
            write_costs(sys.executable, args, Path(name))
            restart_after_crash(sys.executable, args, Path(name))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
