"""What a trusted local dev server refuses: other websites, DNS rebinding, and cross-site writes to its admin API.

Vite fixed exactly these holes in January 2025 (GHSA-vg6x-rcgg-rjx6) and webpack-dev-server followed; hamta's
defaults are theirs:
- `OriginPolicy`: browsers may call with credentials only from local origins (`http(s)://localhost`,
  `*.localhost`, `127.0.0.1`, `[::1]`, any port) unless `--cors-origin` names others (`*` any, `none` no CORS).
  `Origin: null` (sandboxed frames, `file:` pages) is never allowed.
- `HostGuard`: a `Host` that is an IP address, `localhost` or `*.localhost` is answered; any other name is 403
  unless `--allowed-host` names it. DNS rebinding needs a name that resolves to this machine, so this is the
  whole defence against it.
- `AdminGuard`: the mock's own endpoints (`/__mock__/`) take an optional token, and their writes refuse a
  cross-site request: an Origin that is neither the mock's own nor allowed, and the content types a plain HTML
  form or a CORS "simple request" can send without asking (so no cross-site page can reset or replace the state).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from aiohttp import web

from mockserver.bodies import content_type
from mockserver.errors import json_response

__all__ = ["ADMIN_TOKEN_HEADER", "LOCAL", "AdminGuard", "HostGuard", "OriginPolicy", "is_loopback_host"]

ADMIN_TOKEN_HEADER = "X-Hamta-Admin-Token"
LOCAL = "local"  # the default --cors-origin: local origins only
_LOCAL_NAMES = ("localhost",)
# Content types a browser sends cross-site without a preflight (the Fetch standard's "CORS-safelisted" ones).
_SIMPLE_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Public parts under /__mock__/: the docs page's own scripts and the specs (both ship in the package anyway).
_PUBLIC_ADMIN = ("/__mock__/docs/static/", "/__mock__/specs/")


def _host_only(netloc: str) -> str:
    """`[::1]:8000` -> `::1`, `Example.localhost:80` -> `example.localhost`."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")] if "]" in netloc else netloc
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_local_name(host: str) -> bool:
    return host in _LOCAL_NAMES or host.endswith(".localhost")


def is_loopback_host(host: str) -> bool:
    """Whether listening on `host` (a --host value) reaches only this machine."""
    if _is_local_name(host):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OriginPolicy:
    """Which browser origins may call the mock with credentials: `("local",)`, `("*",)`, or a list of origins."""

    def __init__(self, origins: Iterable[str]) -> None:
        self.origins = tuple(origins)
        self.any = "*" in self.origins
        self.local = LOCAL in self.origins
        self._listed = frozenset(origin.rstrip("/") for origin in self.origins if origin not in ("*", LOCAL))
        self._decided: dict[str, bool] = {}

    def allows(self, origin: str) -> bool:
        known = self._decided.get(origin)
        if known is None:
            known = self._decide(origin)
            if len(self._decided) < 4096:  # a bounded memo: browsers send few distinct origins
                self._decided[origin] = known
        return known

    def _decide(self, origin: str) -> bool:
        if origin == "null":
            return False
        if self.any or origin in self._listed:
            return True
        if not self.local:
            return False
        try:
            parts = urlsplit(origin)
        except ValueError:  # `http://[`: no origin at all, as Django's `_origin_verified` reads it
            return False
        if parts.scheme not in ("http", "https") or parts.path or not parts.netloc:
            return False
        host = _host_only(parts.netloc)
        return _is_local_name(host) or host in ("127.0.0.1", "::1")


class HostGuard:
    """Answers only Hosts that are IP addresses, local names, or named with --allowed-host."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self._names = frozenset(name.strip().lower() for name in allowed)
        self._decided: dict[str, bool] = {}

    def allows(self, header: str | None) -> bool:
        if header is None:  # HTTP/1.0 without a Host: no browser sends that, so no rebinding either
            return True
        known = self._decided.get(header)
        if known is None:
            host = _host_only(header)
            known = _is_ip(host) or _is_local_name(host) or host in self._names
            if len(self._decided) < 4096:
                self._decided[header] = known
        return known

    @staticmethod
    def refusal(header: str) -> web.Response:
        host = _host_only(header)
        text = (
            f'Blocked request: the Host "{host}" is not allowed. hamta\'s mock answers only IP addresses, '
            "localhost and *.localhost (a defence against DNS rebinding). To allow this host, start the mock with "
            f"--allowed-host {host}\n"
        )
        return web.Response(status=403, text=text, content_type="text/plain", charset="utf-8")


class AdminGuard:
    """The mock's own endpoints: the optional admin token on all of them, and no cross-site writes."""

    def __init__(self, policy: OriginPolicy, token: str | None) -> None:
        self.policy = policy
        self.token = token

    def refusal(self, request: web.Request) -> web.Response | None:
        """The answer that refuses this admin request, or None when it may go on."""
        path = request.path
        guarded = self.token is not None and not path.startswith(_PUBLIC_ADMIN)
        if guarded and request.headers.get(ADMIN_TOKEN_HEADER) != self.token:
            message = f"the mock's admin endpoints need its admin token, in the {ADMIN_TOKEN_HEADER} header"
            return json_response({"error": message}, 401)
        if request.method not in _UNSAFE:
            return None
        origin = request.headers.get("Origin")
        if origin is not None and not (self._same_origin(request, origin) or self.policy.allows(origin)):
            return json_response({"error": f"an admin write from the origin {origin} is refused"}, 403)
        if request.headers.get("Sec-Fetch-Site") == "cross-site" and origin is None:
            return json_response({"error": "a cross-site admin write is refused"}, 403)
        media = content_type(request).split(";")[0].strip().lower()
        if media in _SIMPLE_TYPES:
            message = f"admin writes take JSON or no body, not {media} (what a cross-site form could send)"
            return json_response({"error": message}, 415)
        return None

    @staticmethod
    def _same_origin(request: web.Request, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.netloc.lower() == (request.headers.get("Host") or "").lower()
