"""Django's LocaleMiddleware as a layer, for the routes of the APIs that declare languages.

Outermost of the layers, as LocaleMiddleware sits outside CommonMiddleware (the slash redirects) and the views:
it chooses the request's language, activates it for everything inside (so each message is translated where it
is made), and stamps every answer with `Content-Language` and `Vary: Accept-Language`. Django turns a view's
exception into a response inside each middleware (`convert_exception_to_response`), so LocaleMiddleware sees
error pages too; here the guard's recovery runs inside the layer for the same reason: a 500 or a 404 page of
the API is in its language and carries its header.

A request belongs to an API by its route (the spec's path); a path no route takes (a 404 page, a slash
redirect) belongs to the API the guard answers it for. Two deployments served on one server path (contacts
and conversations both at `/`) can only share their unknown paths: the guard gives them to the first served.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.guard import Guard
from mockserver.layers import Handler
from mockserver.locale.languages import COOKIE, Languages
from mockserver.locale.translation import activated
from mockserver.routing import base_path, unmatched
from mockserver.vary import patch_vary
from mockserver.wsgi_headers import header

__all__ = ["LocaleLayer"]


class LocaleLayer:
    def __init__(self, localised: Mapping[str, tuple[ApiSpec, Languages]], guard: Guard) -> None:
        self._by_api = {name: languages for name, (_, languages) in localised.items()}
        # aiohttp's canonical form of a route is the spec's path: `{id:[^/.]+}` reads `{id}`.
        self._by_route = {
            base_path(spec) + path: languages for spec, languages in localised.values() for path in spec.paths()
        }
        self._guard = guard

    def _languages(self, request: web.Request) -> Languages | None:
        match = request.match_info
        if unmatched(match):
            owner = self._guard.owner(request.path)
            return self._by_api.get(owner) if owner is not None else None
        resource = match.route.resource
        return self._by_route.get(resource.canonical) if resource is not None else None

    def applies(self, request: web.Request) -> bool:
        return self._languages(request) is not None

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        languages = self._languages(request)
        assert languages is not None, "applies() said this request is a localised API's"
        language = languages.choose(header(request, "Accept-Language"), request.cookies.get(COOKIE))
        with activated(language):
            response = await self._guard.answer(request, handler)
        if not response.prepared:
            response.headers.setdefault("Content-Language", language)
            patch_vary(response, "Accept-Language")
        return response
