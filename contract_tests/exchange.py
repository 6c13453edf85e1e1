"""HTTP for the suites: a rate cap, timeouts, every exchange checked by the referee, and kept for a curl line."""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass
from typing import Any

import requests

from contract_tests.referee import Referee

__all__ = ["Client", "Exchange"]

# A body longer than this is cut in the curl line (a report with a 3 MB upload in it helps nobody).
CURL_BODY_CHARS = 2048


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    status: int

    @classmethod
    def of(cls, response: requests.Response) -> Exchange:
        """The exchange a `requests` response came from, as it went on the wire."""
        prepared = response.request
        body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        headers = {str(k): v if isinstance(v, str) else v.decode("latin-1") for k, v in prepared.headers.items()}
        raw = body if isinstance(body, bytes) else None
        return cls(prepared.method or "GET", prepared.url or "", headers, raw, response.status_code)

    def curl(self) -> str:
        parts = ["curl", "-i", "-X", self.method]
        for name, value in self.headers.items():
            lower = name.lower()
            if lower in ("authorization", "content-type", "x-csrftoken", "cookie", "accept-language") or (
                lower == "accept" and value != "*/*"  # requests' default, and curl's: not worth a flag
            ):
                parts += ["-H", f"{name}: {value}"]
        body = self.body.decode("utf-8", "replace") if self.body else ""
        if body:
            parts += ["--data-binary", body[:CURL_BODY_CHARS]]
        parts.append(self.url)
        line = shlex.join(parts)
        if len(body) > CURL_BODY_CHARS:
            line += f"  # body cut: {len(self.body or b'')} bytes, the first {CURL_BODY_CHARS} characters shown"
        return line


class Client:
    def __init__(self, base_url: str, referee: Referee, *, rate: float, timeout: float) -> None:
        self.base_url = base_url
        self.referee = referee
        self.session = requests.Session()
        self.timeout = timeout
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._last = 0.0
        self.last: Exchange | None = None
        self.count = 0

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        wait = self._last + self._interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", self.timeout)
        url = path if path.startswith("http") else self.base_url + path
        response = self.session.request(method, url, **kwargs)
        self.last = Exchange.of(response)
        self.count += 1
        self.referee.judge(response, self.last)
        return response
