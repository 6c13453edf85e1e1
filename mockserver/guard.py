"""The last word before the client: Problems raised outside an endpoint, unknown paths, and bugs.

A bug must still answer in the API's format and must never take the server down; it is logged with its
traceback so that it gets fixed (a 500 is never a documented behaviour here, except the slash quirk). The edge
layer (`mockserver.edge`) hands it what the inner layers raised.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.django_pages import server_crash, server_error_answer, suspicious_answer, technical_not_found_page
from mockserver.errors import STYLES, ApiStyle, Problem, ServerCrash, SuspiciousOperation, UncaughtError
from mockserver.layers import Handler
from mockserver.locale import gettext
from mockserver.query_params import unbuildable
from mockserver.routing import base_path, unmatched

__all__ = ["ApiRequests", "Guard"]

log = logging.getLogger("mockserver")
SERVER_ERROR = "A server error occurred."  # DRF's APIException.default_detail


class Guard:
    def __init__(self, specs: list[ApiSpec], debug: Mapping[str, bool] | None = None) -> None:
        """`debug`: each API that is a Django deployment, and whether it runs under DEBUG=True
        (`SlashPolicy.debug`)."""
        self._debug = dict(debug or {})
        # Longest server path first, so the most specific API claims a path (the first served, between equals).
        self._bases = sorted(
            ((base_path(spec), spec.name, STYLES[spec.error_style]) for spec in specs), key=lambda b: -len(b[0])
        )

    def owner(self, path: str) -> str | None:
        """The API that answers a path no route takes: the one whose server path is its longest prefix."""
        for base, name, _ in self._bases:
            if not base or path == base or path.startswith(base + "/"):
                return name
        return None

    def style_for(self, path: str) -> ApiStyle:
        """The style of the API whose server path is the longest prefix of `path`."""
        for base, _, style in self._bases:
            if not base or path == base or path.startswith(base + "/"):
                return style
        return STYLES["drf"]

    async def answer(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """What the inner layers answer, their errors turned into responses here: Django converts a view's
        exception into a response inside each middleware, so an outer one still sees a 500 (and stamps it)."""
        try:
            return await handler(request)
        except ServerCrash:
            raise  # past every middleware, to the edge
        except Exception as error:  # an HTTP error the guard does not render is raised on, unstamped
            return self.recover(request, error)

    def _debug_of(self, path: str) -> bool | None:
        """Whether the API answering `path` runs Django under DEBUG=True; None when it is no Django deployment."""
        owner = self.owner(path)
        return None if owner is None else self._debug.get(owner)

    def unbuildable(self, request: web.Request) -> web.Response | None:
        """The WSGI server's 500 when a Django deployment cannot build its request object (`query_params`), before
        anything of Django runs; None otherwise."""
        if unbuildable(request) and self._debug_of(request.path) is not None:
            return server_crash()
        return None

    def not_found_page(self, request: web.Request) -> web.Response:
        """The 404 page of a path no route takes: Django's technical one under DEBUG, else the API's own."""
        if self._debug_of(request.path):
            return technical_not_found_page(request)
        return self.style_for(request.path).not_found_page(request)

    def recover(self, request: web.Request, error: Exception) -> web.StreamResponse:
        """The response for an error the inner layers raised; HTTP exceptions aiohttp renders are re-raised."""
        if isinstance(error, Problem):
            return self.style_for(request.path).render(error)
        if isinstance(error, ServerCrash) and self._debug_of(request.path) is not None:
            return server_crash()
        if isinstance(error, SuspiciousOperation):
            return suspicious_answer(request, error, debug=bool(self._debug_of(request.path)))
        if isinstance(error, UncaughtError) and (debug := self._debug_of(request.path)) is not None:
            return server_error_answer(request, error, debug=debug)  # a Django deployment's
        if isinstance(error, web.HTTPNotFound) and not request.path.startswith("/__mock__"):
            return self.not_found_page(request)
        if isinstance(error, web.HTTPException):
            raise error
        log.error("unhandled error on %s %s", request.method, request.path_qs, exc_info=error)
        return self.style_for(request.path).render(Problem(500, gettext(SERVER_ERROR)))


class ApiRequests:
    """Which requests belong to some of the APIs: by their route (the spec's path), and for a path no route
    takes, by the API the guard answers it for (the longest server path)."""

    def __init__(self, specs: list[ApiSpec], guard: Guard) -> None:
        self._apis = {spec.name for spec in specs}
        # aiohttp's canonical form of a route is the spec's path: `{id:[^/.]+}` reads `{id}`.
        self._routes = {base_path(spec) + path for spec in specs for path in spec.paths()}
        self._guard = guard

    def __contains__(self, request: web.Request) -> bool:
        match = request.match_info
        if unmatched(match):
            return self._guard.owner(request.path) in self._apis
        resource = match.route.resource
        return resource is not None and resource.canonical in self._routes
