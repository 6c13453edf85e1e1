"""Django's APPEND_SLASH (and Rails' indifference to a trailing slash), from the spec's `x-trailing-slash`.

Like Django's CommonMiddleware, it acts only when the router found nothing for the path as sent and the path
with a slash appended (Django) or its trailing slash toggled (Rails) is a declared operation path; it runs before
any authentication, so an anonymous request gets the same 301 or 500 as an authenticated one.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from yarl import URL

from hamta.openapi import ApiSpec
from mockserver.django_pages import technical_page
from mockserver.layers import Handler
from mockserver.quirks.middleware_headers import mark_slash_answer
from mockserver.request_target import host, origin_form
from mockserver.routing import base_path, unmatched

__all__ = ["SlashLayer", "SlashQuirk"]


@dataclass(frozen=True)
class SlashQuirk:
    """Which profile each API runs, and which API owns each routed path."""

    profiles: dict[str, str]
    owners: dict[str, ApiSpec]

    @classmethod
    def build(cls, specs: dict[str, ApiSpec], requested: str | None) -> SlashQuirk:
        profiles: dict[str, str] = {}
        owners: dict[str, ApiSpec] = {}
        for name, spec in specs.items():
            if spec.slash is None:
                continue
            chosen = requested if requested in spec.slash.profiles else spec.slash.default_profile
            profiles[name] = chosen
            for path in spec.paths():
                owners[base_path(spec) + path] = spec
        return cls(profiles, owners)


# Django's APPEND_SLASH only ever appends: CommonMiddleware.should_redirect_with_slash asks nothing of a path that
# ends in a slash (Django 5.2.19 django/middleware/common.py:67), so `/api/contacts//` is the 404 page, not a
# redirect to `/api/contacts/`. Rails' "same" serves a path with or without its trailing slash.
_APPENDING_ONLY = frozenset({"redirect", "server-error"})


def _toggled(path: str) -> str:
    return path[:-1] if path.endswith("/") and len(path) > 1 else path + "/"


def _escape_leading_slashes(path: str) -> str:
    # django.utils.http.escape_leading_slashes: never build a scheme-relative Location.
    return "/%2F" + path[2:] if path.startswith("//") else path


def _server_error(spec: ApiSpec, request: web.Request, location: str) -> web.Response:
    # extensions.py guarantees a message wherever a profile uses server-error
    template = spec.slash.message if spec.slash and spec.slash.message else ""
    message = template.format(method=request.method, url=host(request) + location)
    return technical_page(request, "RuntimeError", message, 500)


class SlashLayer:
    """The quirk as a layer: it concerns only requests the router found no route for."""

    def __init__(self, quirk: SlashQuirk) -> None:
        self.quirk = quirk

    def applies(self, request: web.Request) -> bool:
        return unmatched(request.match_info)

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        twin_path = _toggled(request.path)
        twin = request.clone(rel_url=URL.build(path=twin_path, query_string=request.query_string, encoded=False))
        match = await request.app.router.resolve(twin)
        if unmatched(match):
            return await handler(request)
        route = match.route.resource.canonical if match.route.resource else ""
        spec = self.quirk.owners.get(route)
        if spec is None or spec.slash is None:
            return await handler(request)
        action = spec.slash.action(self.quirk.profiles[spec.name], route[len(base_path(spec)) :], request.method)
        if action in _APPENDING_ONLY and request.path.endswith("/"):
            return await handler(request)
        raw_path, _, raw_query = origin_form(request).partition("?")
        # Django keeps the query string exactly as it came (QUERY_STRING is still percent-encoded).
        location = _toggled(_escape_leading_slashes(raw_path)) + (f"?{raw_query}" if raw_query else "")
        if action in ("redirect", "server-error"):
            mark_slash_answer(request)  # CommonMiddleware's answer: inner middleware never see it
        if action == "redirect":
            return web.Response(status=301, headers={"Location": location}, content_type="text/html", charset="utf-8")
        if action == "server-error":
            return _server_error(spec, request, location)
        if action == "same":
            match.add_app(request.app)
            twin._match_info = match  # aiohttp has no public way to hand a resolved route to a clone
            match.freeze()
            return await handler(twin)  # through the layers after this one, to the twin's route
        return await handler(request)
