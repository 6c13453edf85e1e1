"""Where a create's time goes inside the mock: its handler chain timed in-process, one step added at a time.

No sockets and no load generator: the app (`create_app`, contacts only, 10,000 contacts or the number given
as the first argument) handles prepared `POST /api/contacts/` requests through `Application._handle`, i.e.
routing, the edge, the layers, auth, the endpoint and its handler; aiohttp's HTTP parsing and
response writing are left out. The endpoint's handler is swapped for cut-down versions, so the differences
between the rows are the cost of each step:

  ceiling   read the body, json.loads it, answer a fixed 201 (what bench/run.py's create ceiling does)
  parse     the mock's body reading (media type, charset, size limit) instead of read + loads
  validate  + DRF field validation of the six fields
  create    the real handler: + the clock, the Contact, the store and its JSON

Each row is the best of ten rounds of 3,000 requests, less the time to prepare the requests. Figures in
microseconds; compare rows of one run, not runs of different machines.

    .venv/bin/python bench/create_breakdown.py [contacts]
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import streams, web
from aiohttp.test_utils import make_mocked_request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mockserver.app import create_app
from mockserver.endpoint import Endpoint
from mockserver.jsoncodec import loads_strict
from mockserver.layers import Routed
from mockserver.operations import Call
from mockserver.settings import DEFAULT_MAX_BODY, Settings

ROUNDS = 10
REQUESTS = 3_000
ADMIN_TOKEN = "367ebbb588c88e9b6f9b29c17a030a985a8bc2a6"  # fixtures/accounts.yaml
BODY = json.dumps(
    {
        "subject": "پیگیری سفارش 1",
        "message": "سلام، سفارش من هنوز نرسیده است. شماره 1",
        "first_name": "تورج",
        "last_name": "دانشور",
        "email": "user1@example.com",
        "mobile_number": "09120000001",
    },
    ensure_ascii=False,
).encode()
ANSWER = (
    b'{"id":1,"first_name":null,"last_name":null,"email":null,"mobile_number":null,"subject":"s","message":null,'
    b'"viewed":false,"viewed_at":null,"created_at":"2026-11-25T07:44:16.967355Z","updated_at":"2026-11-25T07:44:16.967361Z"}'
)

Step = Callable[[Call], Awaitable[web.StreamResponse]]


def _fixed() -> web.Response:
    return web.Response(body=ANSWER, status=201, content_type="application/json", charset=None)


async def ceiling(call: Call) -> web.StreamResponse:
    loads_strict((await call.request.read()).decode())
    return _fixed()


async def parse(call: Call) -> web.StreamResponse:
    await call.body()
    return _fixed()


async def validate(call: Call) -> web.StreamResponse:
    await call.validated()
    return _fixed()


class _Protocol:
    """What a StreamReader asks of its protocol; nothing to pause when the whole body is already there."""

    _reading_paused = False

    def pause_reading(self, **_: Any) -> None:
        pass

    def resume_reading(self, **_: Any) -> None:
        pass


def _create_endpoint(app: web.Application) -> Endpoint:
    for resource in app.router.resources():
        if resource.canonical == "/api/contacts/":
            for route in resource:
                if route.method == "POST" and isinstance(route.handler, Routed):
                    endpoint = getattr(route.handler.target, "__self__", None)
                    assert isinstance(endpoint, Endpoint)
                    return endpoint
    raise LookupError("no POST /api/contacts/ endpoint")


async def measure() -> dict[str, float]:
    settings = Settings(apis=("contacts",), contacts=int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    app = create_app(settings)
    app.freeze()
    await app.startup()
    endpoint = _create_endpoint(app)
    steps: dict[str, Step] = {"ceiling": ceiling, "parse": parse, "validate": validate, "create": endpoint.handler}
    loop = asyncio.get_running_loop()
    headers = {
        "Authorization": f"Token {ADMIN_TOKEN}",
        "Content-Type": "application/json",
        "Host": "127.0.0.1:8000",
        "Content-Length": str(len(BODY)),
    }
    template = make_mocked_request(
        "POST", "/api/contacts/", headers=headers, app=app, client_max_size=settings.max_body_bytes or DEFAULT_MAX_BODY
    )
    protocol = _Protocol()

    def prepared() -> web.Request:
        request = template.clone()
        payload = streams.StreamReader(protocol, 2**16, loop=loop)  # type: ignore[arg-type]
        payload.feed_data(BODY)
        payload.feed_eof()
        request._payload = payload  # a fresh body for every request
        return request

    results: dict[str, float] = {}
    for name, step in steps.items():
        endpoint.handler = step
        answer = await app._handle(prepared())
        assert answer.status == 201, (name, answer.status)
        best = best_build = float("inf")
        for _ in range(ROUNDS):
            started = time.perf_counter()
            for _ in range(REQUESTS):
                await app._handle(prepared())
            handled = time.perf_counter()
            for _ in range(REQUESTS):
                prepared()
            built = time.perf_counter()
            best = min(best, (handled - started) / REQUESTS)
            best_build = min(best_build, (built - handled) / REQUESTS)
        results[name] = (best - best_build) * 1e6
    await app.cleanup()
    return results


def main() -> None:
    results = asyncio.run(measure())
    previous = 0.0
    print(f"{'step':10} {'us/create':>10} {'added':>8}")
    for name, micros in results.items():
        print(f"{name:10} {micros:>10.1f} {micros - previous:>+8.1f}")
        previous = micros


if __name__ == "__main__":
    main()
