"""The reference server of the benchmark: the cheapest JSON answer aiohttp can give.

Every figure of bench/run.py is also reported as a ratio against this server, measured in the same run by
the same load generator, so the numbers can be compared across machines. It is served exactly like the mock
(`mockserver/cli.py`): an AppRunner without access log, one TCPSite on loopback, and it prints a banner when
it accepts connections and stops cleanly on SIGTERM. It runs on asyncio's own loop unless `--loop uvloop`:
the reference of every ratio is the asyncio one, as it was before the mock moved to uvloop, so that ratios
stay comparable across runs; bench/run.py also measures it on uvloop, for a like-for-like comparison.

With `--payload FILE` it answers that JSON document instead, serialised on every request the way the mock
serialises its answers, after reading and parsing the request's JSON body if it has one (with `--status` for
the answer's status): a do-nothing server with the mock's payload, which tells how much of the gap to the
trivial handler is the size of a list page, or the reading of a create body, rather than the mock's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from pathlib import Path
from typing import Any

from aiohttp import web

from mockserver.event_loop import LOOPS, loop_factory

BANNER = "trivial aiohttp on"


async def ok(_request: web.Request) -> web.Response:
    """What every path answers: the same tiny JSON object the issue names as the reference."""
    return web.json_response({"ok": True})


def payload_handler(document: Any, status: int = 200) -> Any:
    """A handler that parses the request's body and re-encodes `document` per request, with the mock's json
    options."""

    async def handler(request: web.Request) -> web.Response:
        raw = await request.read()
        if raw:
            json.loads(raw)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return web.Response(text=text, status=status, content_type="application/json")

    return handler


def make_app(payload: Path | None = None, status: int = 200) -> web.Application:
    """Catch-all routes, so the reference can be sent the very paths the mock scenarios use."""
    app = web.Application()
    handler = ok if payload is None else payload_handler(json.loads(payload.read_text()), status)
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


async def serve(host: str, port: int, payload: Path | None = None, status: int = 200) -> None:
    """Serve until SIGTERM, printing the banner bench/run.py waits for once the socket is listening."""
    runner = web.AppRunner(make_app(payload, status), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        bound_host, bound_port = runner.addresses[0][:2]
        print(f"{BANNER} http://{bound_host}:{bound_port}", flush=True)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


def main() -> None:
    """Parse --host/--port (0 picks a free port, as with the mock), --payload, --status and --loop, and serve."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--payload", type=Path, default=None, help="answer this JSON document instead")
    parser.add_argument("--status", type=int, default=200, help="the status of a --payload answer")
    parser.add_argument("--loop", choices=LOOPS, default="asyncio", help="event loop (default: asyncio's own)")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=loop_factory(args.loop)) as runner:
        runner.run(serve(args.host, args.port, args.payload, args.status))


if __name__ == "__main__":
    main()
