"""Headers a deployment's middleware puts on every answer (the spec's `x-middleware-headers`).

A Django project as `startproject` makes it runs SecurityMiddleware first (`X-Content-Type-Options`,
`Referrer-Policy`, `Cross-Origin-Opener-Policy`) and XFrameOptionsMiddleware last (`X-Frame-Options`); the
reference deployments answer with them, error pages included, and a client or a snapshot test sees them. Each
middleware's place decides which answers carry its headers: one outside CommonMiddleware stamps the slash
redirects too, one inside it does not (CommonMiddleware makes the redirect after the inner middleware have
seen the view's 404). Django sets each with `setdefault`, so a header an answer has already stays.

The edge stamps the answers (`mockserver.edge`), not a layer: every request of the API is concerned, and a layer
costs every request a coroutine. The trailing-slash quirk marks its own answers (`mark_slash_answer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.django_pages import ServerAnswer
from mockserver.guard import Guard
from mockserver.journal import ADMIN_PREFIX
from mockserver.routing import base_path, unmatched

__all__ = ["MiddlewareHeaderStamps", "mark_slash_answer"]

_SLASH_ANSWER: web.RequestKey[bool] = web.RequestKey("slash_answer", bool)

Stamp = tuple[tuple[str, str], ...]
Stamps = tuple[Stamp, Stamp]  # on a view's answer, on the slash quirk's
ByPath = Literal["by path"]  # a route whose answers belong to the API the guard answers their path for


def mark_slash_answer(request: web.Request) -> None:
    """The request was answered by the trailing-slash quirk (CommonMiddleware), not by a view."""
    request[_SLASH_ANSWER] = True


class MiddlewareHeaderStamps:
    def __init__(self, specs: Sequence[ApiSpec], guard: Guard) -> None:
        declaring = [spec for spec in specs if spec.middleware_headers]
        self._by_api = {spec.name: (_stamp(spec, slash=False), _stamp(spec, slash=True)) for spec in declaring}
        # aiohttp's canonical form of a route is the spec's path: `{id:[^/.]+}` reads `{id}`.
        self._by_route = {
            base_path(spec) + path: self._by_api[spec.name] for spec in declaring for path in spec.paths()
        }
        self._guard = guard
        # What each route's answers get, worked out on its first request: a create pays one lookup for it.
        self._by_resource: dict[web.AbstractResource | None, Stamps | ByPath | None] = {}

    def __bool__(self) -> bool:
        return bool(self._by_api)

    def stamp(self, request: web.Request, response: web.StreamResponse) -> None:
        """Add the headers of the request's API to its answer (a prepared answer has sent its headers)."""
        match = request.match_info
        resource = match.route.resource
        if resource in self._by_resource:
            stamps = self._by_resource[resource]
        else:
            stamps = self._by_resource[resource] = self._of(match)
        slash = False
        if stamps == "by path":
            # a path no route takes (a 404 page, a slash redirect): the API the guard answers it for
            owner = self._guard.owner(request.path)
            stamps = self._by_api.get(owner) if owner is not None else None
            slash = request.get(_SLASH_ANSWER, False)  # only such a path has the quirk's answer
        if stamps is None or response.prepared or type(response) is ServerAnswer:
            return  # the web server's own answer: no middleware saw it
        pairs = stamps[slash]
        headers = response.headers
        if pairs and pairs[0][0] not in headers:  # no answer of the mock sets them itself
            headers.extend(pairs)
        else:
            for name, value in pairs:
                headers.setdefault(name, value)

    def _of(self, match: web.UrlMappingMatchInfo) -> Stamps | ByPath | None:
        if unmatched(match):
            return "by path"
        resource = match.route.resource
        if resource is None or _mocks_own(resource.canonical):
            return None
        # a spec's path, or one the router adds to it (DRF's format suffixes: the API of the path's owner)
        return self._by_route.get(resource.canonical, "by path")


def _mocks_own(route: str) -> bool:
    """The docs page and the admin endpoints: no deployment's."""
    return route == "/" or route.startswith(ADMIN_PREFIX)


def _stamp(spec: ApiSpec, *, slash: bool) -> Stamp:
    """The headers on a view's answer, or (`slash`) on one of the slash quirk's, in the order Django's
    middleware add them: innermost first."""
    return tuple(
        (name, value)
        for entry in reversed(spec.middleware_headers)
        if entry.on_slash_answers or not slash
        for name, value in entry.headers.items()
    )
