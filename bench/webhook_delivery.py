"""Does a subscribed webhook slow down the request that causes its event? (issue 15: delivery must never block.)

One in-process Callbell mock, one loopback receiver (answering at once, or after 200 ms), and sequential
`POST /v1/contacts` from one client: the median latency with no webhook, with a webhook taking
`contact_created` to the fast receiver, and to the slow one. Rounds alternate so drift in the machine's load
hits each case alike. The figures are ratios to the no-webhook case, measured in one run.

    .venv/bin/python bench/webhook_delivery.py [--requests 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from mockserver.accounts import load_accounts
from mockserver.settings import Settings
from mockserver.testing import running_mock


@contextmanager
def receiver(delay: float) -> Iterator[tuple[str, list[int]]]:
    count = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            time.sleep(delay)
            count[0] += 1
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", count
    finally:
        server.shutdown()
        server.server_close()


def _creates(session: requests.Session, base: str, n: int, tag: str) -> list[float]:
    times = []
    for index in range(n):
        body = {"identifier": f"+98 912 {index:07d}", "source": "whatsapp", "name": f"{tag} {index}"}
        start = time.perf_counter()
        response = session.post(f"{base}/v1/contacts", json=body, timeout=30)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    token = next(a.token for a in load_accounts().for_api("callbell") if a.username == "api")
    results: dict[str, list[float]] = {"none": [], "fast": [], "slow": []}
    delivered = {"fast": 0, "slow": 0}
    with (
        running_mock(Settings(apis=("callbell",), contacts=60)) as base,
        receiver(0.0) as (fast_url, fast_count),
        receiver(0.2) as (slow_url, slow_count),
        requests.Session() as session,
    ):
        session.headers["Authorization"] = f"Bearer {token}"
        _creates(session, base, 50, "warm-up")
        for _ in range(args.rounds):
            for case, url in (("none", None), ("fast", fast_url), ("slow", slow_url)):
                requests.post(f"{base}/__mock__/reset", timeout=30).raise_for_status()
                if url is not None:
                    hook = {"url": url, "subscriptions": ["contact_created"]}
                    session.post(f"{base}/v1/webhooks/subscribe", json=hook, timeout=30).raise_for_status()
                results[case] += _creates(session, base, args.requests, case)
        time.sleep(0.5)
        delivered = {"fast": fast_count[0], "slow": slow_count[0]}
    median = {case: statistics.median(times) * 1000 for case, times in results.items()}
    report = {
        "requests_per_case": args.requests * args.rounds,
        "median_ms": {case: round(value, 3) for case, value in median.items()},
        "ratio_to_no_webhook": {case: round(median[case] / median["none"], 2) for case in ("fast", "slow")},
        "delivered_by_the_end": delivered,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
