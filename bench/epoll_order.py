"""Why p99 at 50 connections is about two rounds of them: the order level-triggered epoll serves sockets in.

    .venv/bin/python bench/epoll_order.py [--cost-us 130] [--rounds 2] [--duration 4]

A bare HTTP responder on one `select.epoll`, no asyncio: each request burns `--cost-us` of CPU (about a mock
create's in the server) and gets a fixed 200. It runs level-triggered (as libuv, so uvloop, and asyncio's
selector loop register every socket) and edge-triggered, in turn, each loaded by wrk with one thread and 50
connections as bench/run.py loads the mock. Nothing else differs: the same reads until EAGAIN, the same answer.

What it shows (bench/README.md, session 20): level-triggered, p99 is about twice p50; edge-triggered, p99 is
within ~10 % of it, at the same rate. A round serves every socket found readable; one whose request comes in
just after the poll is served in the next round. Level-triggered epoll puts each socket it reported back on its
ready list, in the order reported, before any that became ready since: the late one is served last in the next
round, having waited two. Edge-triggered epoll lists sockets as their data arrives: the late one comes first.
About one request a round is late, 1/50 of them at 50 connections, so p99 falls among them.
"""

from __future__ import annotations

import argparse
import re
import select
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import WrkResult, run_wrk, running

BANNER = "epoll responder on"
_BANNER = re.compile(BANNER + r" (http://\S+)")
_ANSWER = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}'
MODES = {"level": 0, "edge": select.EPOLLET}


def serve(mode: str, cost_us: float) -> None:
    """Answer every read with the fixed 200 after `cost_us` of CPU, until killed. A read may hold several
    pipelined requests; wrk sends one at a time per connection, so one answer per read is one per request."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    poller = select.epoll()
    poller.register(listener.fileno(), select.EPOLLIN)
    flags = select.EPOLLIN | MODES[mode]
    connections: dict[int, socket.socket] = {}
    cost = cost_us / 1e6
    print(f"{BANNER} http://127.0.0.1:{listener.getsockname()[1]} ({mode}-triggered)", flush=True)
    while True:
        for fd, _ in poller.poll():
            if fd == listener.fileno():
                _accept(listener, poller, flags, connections)
                continue
            connection = connections[fd]
            while True:
                try:
                    data = connection.recv(65536)
                except BlockingIOError:
                    break
                if not data:
                    poller.unregister(fd)
                    del connections[fd]
                    connection.close()
                    break
                until = time.perf_counter() + cost
                while time.perf_counter() < until:
                    pass
                connection.sendall(_ANSWER)


def _accept(listener: socket.socket, poller: select.epoll, flags: int, connections: dict[int, socket.socket]) -> None:
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return
        connection.setblocking(False)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connections[connection.fileno()] = connection
        poller.register(connection.fileno(), flags)


def measure(mode: str, args: argparse.Namespace, log: Path) -> WrkResult:
    command = [sys.executable, __file__, "--serve", mode, "--cost-us", str(args.cost_us)]
    with running(command, _BANNER, log) as server:
        return run_wrk(server.url, "unused", "get", ["/"], args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", choices=sorted(MODES), help=argparse.SUPPRESS)  # the responder itself
    parser.add_argument("--cost-us", type=float, default=130.0, help="CPU time a request costs (default 130)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each mode, alternated (default 2)")
    parser.add_argument("--duration", type=int, default=4, help="seconds per wrk run (default 4)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections (default 50)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.cost_us)
        return 0
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    print(f"{args.cost_us:.0f} us a request, wrk -t1 -c{args.connections}, {args.duration} s a run")
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.rounds):
            for mode in MODES:
                result = measure(mode, args, Path(scratch) / f"{mode}.log")
                if result.errors:
                    raise SystemExit(f"{mode}-triggered: {result.errors} errors")
                p50, p90, p99 = (us / 1000 for us in (result.p50_us, result.p90_us, result.p99_us))
                print(
                    f"{mode + '-triggered':17} {result.rps:8,.0f} req/s   p50 {p50:5.2f}  p90 {p90:5.2f}"
                    f"  p99 {p99:5.2f} ms   p99/p50 {p99 / p50:4.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
