"""CORS for frontends on another port: preflights answered, credentials allowed, origins configurable.

Like django-cors-headers it acts before everything else that could refuse the request: a preflight carries no
credentials and may target a slash-less path, and the browser must still get its answer. A plain OPTIONS
(no Access-Control-Request-Method) is not a preflight and goes on to the API (DRF's metadata). The edge layer
(`mockserver.edge`) calls it on the way in and on the way out.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

__all__ = ["Cors"]

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD"
MAX_AGE = "86400"
EXPOSED = "Location, Retry-After, Content-Language"


class Cors:
    """`origins`: the allowed Origin values, or ("*",) for any."""

    def __init__(self, origins: tuple[str, ...]) -> None:
        self._origins = origins
        self._any = "*" in origins

    def headers_for(self, request: web.Request) -> dict[str, str] | None:
        """The headers every answer to this request carries, or None when the Origin is absent or refused."""
        origin = request.headers.get("Origin")
        if not origin or not (self._any or origin in self._origins):
            return None
        # With credentials a browser refuses `*`: the allowed origin itself is echoed back.
        return {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", "Vary": "Origin"}

    @staticmethod
    def preflight(request: web.Request, headers: Mapping[str, str]) -> web.Response | None:
        """The answer to a preflight, or None when the request is not one."""
        if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
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
