"""The last layer before the client: Problems raised outside an endpoint, unknown paths, and bugs.

A bug must still answer in the API's format and must never take the server down; it is logged with its
traceback so that it gets fixed (a 500 is never a documented behaviour here, except the slash quirk).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from hamta.openapi import ApiSpec
from mockserver.errors import STYLES, ApiStyle, Problem
from mockserver.routing import base_path

__all__ = ["guard_middleware"]

log = logging.getLogger("mockserver")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _style_for(specs: list[ApiSpec], path: str) -> ApiStyle:
    """The style of the API whose server path is the longest prefix of `path`."""
    for spec in sorted(specs, key=lambda s: len(base_path(s)), reverse=True):
        base = base_path(spec)
        if not base or path == base or path.startswith(base + "/"):
            return STYLES[spec.error_style]
    return STYLES["drf"]


def guard_middleware(specs: list[ApiSpec]) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except Problem as problem:
            return _style_for(specs, request.path).render(problem)
        except web.HTTPNotFound:
            if request.path.startswith("/__mock__"):
                raise
            return _style_for(specs, request.path).not_found_page(request)
        except web.HTTPException:
            raise
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.path_qs)
            return _style_for(specs, request.path).render(Problem(500, "A server error occurred."))

    return guard
