"""CORS for frontends on another port: preflights answered, credentials allowed, origins configurable.

Like django-cors-headers it runs before everything else that could refuse the request: a preflight carries no
credentials and may target a slash-less path, and the browser must still get its answer. A plain OPTIONS
(no Access-Control-Request-Method) is not a preflight and goes on to the API (DRF's metadata).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

__all__ = ["cors_middleware"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD"
MAX_AGE = "86400"


def _allowed(origin: str, origins: tuple[str, ...]) -> bool:
    return "*" in origins or origin in origins


def cors_middleware(origins: tuple[str, ...]) -> Middleware:
    """`origins`: the allowed Origin values, or ("*",) for any; empty turns CORS off."""

    @web.middleware
    async def cors(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if not origins or not origin or not _allowed(origin, origins):
            return await handler(request)
        # With credentials a browser refuses `*`: the allowed origin itself is echoed back.
        headers = {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Credentials": "true",
            "Vary": "Origin",
        }
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            requested = request.headers.get("Access-Control-Request-Headers", "")
            headers.update(
                {
                    "Access-Control-Allow-Methods": ALLOWED_METHODS,
                    "Access-Control-Allow-Headers": requested or "authorization, content-type, x-csrftoken",
                    "Access-Control-Max-Age": MAX_AGE,
                }
            )
            return web.Response(status=200, headers=headers)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers.update(headers)
            raise
        vary = response.headers.get("Vary")
        response.headers.update(headers)
        if vary and "Origin" not in vary:
            response.headers["Vary"] = f"{vary}, Origin"
        response.headers["Access-Control-Expose-Headers"] = "Location, Retry-After, Content-Language"
        return response

    return cors
