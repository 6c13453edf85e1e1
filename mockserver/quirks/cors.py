"""CORS for frontends on another port: preflights answered, credentials allowed, for the origins the policy
allows (local ones unless configured: mockserver.security); a refused origin's preflight is 403.

Like django-cors-headers it acts before everything else that could refuse the request: a preflight carries no
credentials and may target a slash-less path, and the browser must still get its answer. A plain OPTIONS
(no Access-Control-Request-Method) is not a preflight and goes on to the API (DRF's metadata). The edge layer
(`mockserver.edge`) calls it on the way in and on the way out.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from mockserver.security import OriginPolicy

__all__ = ["Cors"]

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD"
MAX_AGE = "86400"
EXPOSED = "Location, Retry-After, Content-Language"


class Cors:
    """CORS for the origins the policy allows (mockserver.security: local origins by default)."""

    def __init__(self, policy: OriginPolicy) -> None:
        self.policy = policy

    def headers_for(self, request: web.Request) -> dict[str, str] | None:
        """The headers every answer to this request carries, or None when the Origin is absent or refused."""
        origin = request.headers.get("Origin")
        if not origin or not self.policy.allows(origin):
            return None
        # With credentials a browser refuses `*`: the allowed origin itself is echoed back.
        return {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", "Vary": "Origin"}

    @staticmethod
    def is_preflight(request: web.Request) -> bool:
        return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers

    @staticmethod
    def refused(request: web.Request) -> web.Response:
        """A preflight from an origin the policy refuses: no CORS headers, so the browser stops there."""
        text = f"CORS preflight refused: the origin {request.headers.get('Origin')} is not allowed (--cors-origin)\n"
        return web.Response(status=403, text=text, content_type="text/plain", charset="utf-8")

    @staticmethod
    def preflight(request: web.Request, headers: Mapping[str, str]) -> web.Response | None:
        """The answer to a preflight, or None when the request is not one."""
        if not Cors.is_preflight(request):
            return None
        requested = request.headers.get("Access-Control-Request-Headers", "")
        answer = {
            **headers,
            "Access-Control-Allow-Methods": ALLOWED_METHODS,
            "Access-Control-Allow-Headers": requested or "authorization, content-type, x-csrftoken",
            "Access-Control-Max-Age": MAX_AGE,
        }
        return web.Response(status=200, headers=answer)

    @staticmethod
    def mark(response: web.StreamResponse, headers: Mapping[str, str]) -> None:
        vary = response.headers.get("Vary")
        response.headers.update(headers)
        if vary and "Origin" not in vary:
            response.headers["Vary"] = f"{vary}, Origin"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
