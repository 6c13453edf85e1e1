"""Routes come from the specs: every operation gets an Endpoint, every path a catch-all for undeclared methods.

Start-up fails, naming every operation that has no handler, rather than serving a half-built API. Every route
of the app, the mock's own included, is added through `Routes`, which hands aiohttp the edge (`wrap`) as the
handler and closes with a catch-all for every other path: unknown paths reach the edge like any other request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from aiohttp import web

from hamta.openapi import ApiSpec, Operation, Profile
from mockserver.auth import AuthLayer
from mockserver.endpoint import Endpoint, MethodNotAllowed
from mockserver.errors import STYLES, VIEW_STYLES
from mockserver.layers import Handler as RequestHandler
from mockserver.operations import Handler
from mockserver.validation import body_validators, upload_bytes

__all__ = ["Routes", "StartupError", "add_api_routes", "allow_header", "base_path", "unmatched"]

_UNMATCHED = "unmatched"  # the name of the catch-all route of unknown paths

# DRF lists a view's methods in Django's http_method_names order.
_METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class StartupError(RuntimeError):
    pass


def base_path(spec: ApiSpec) -> str:
    return str(spec.document["servers"][0]["url"]).rstrip("/")


def allow_header(operations: tuple[Operation, ...], implicit: tuple[str, ...] = ()) -> str:
    methods = {operation.method for operation in operations} | set(implicit)
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(method for method in _METHOD_ORDER if method in methods)


def _route(path: str, segment: str | None) -> str:
    """The spec's path as an aiohttp route: each `{name}` limited to the segments the framework's router takes."""
    if segment is None:
        return path
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: f"{{{m.group(1)}:{segment}}}", path)


def unmatched(match_info: web.UrlMappingMatchInfo) -> bool:
    """Whether the router found no declared path for the request (it went to the catch-all)."""
    return match_info.route.name == _UNMATCHED


def _method_not_allowed(methods: list[str]) -> RequestHandler:
    async def refuse(request: web.Request) -> web.StreamResponse:
        raise web.HTTPMethodNotAllowed(request.method, methods)

    return refuse


async def _not_found(request: web.Request) -> web.StreamResponse:
    raise web.HTTPNotFound()  # the guard answers it as the API's own 404


class Routes:
    """The app's routes, each with the edge as the handler aiohttp runs."""

    def __init__(self, app: web.Application, wrap: Callable[[RequestHandler], RequestHandler]) -> None:
        self._router = app.router
        self._wrap = wrap

    def add(self, path: str, handlers: Mapping[str, RequestHandler], otherwise: RequestHandler | None = None) -> None:
        """One path: a handler per method (GET's answers HEAD too, unless HEAD has its own) and `otherwise` for
        any other method (by default aiohttp's 405 with `Allow`)."""
        resource = self._router.add_resource(path)
        methods = dict(handlers)
        if "GET" in methods:
            methods.setdefault("HEAD", methods["GET"])
        for method, handler in methods.items():
            resource.add_route(method, self._wrap(handler))
        resource.add_route("*", self._wrap(otherwise or _method_not_allowed(sorted(methods))))

    def close(self) -> None:
        """Last, every other path: without it aiohttp would answer unknown paths itself, past the edge."""
        # [\s\S], not ".": a decoded path may hold a newline (%0A), and "." would leave it to aiohttp's own 404.
        self._router.add_route("*", r"/{path:[\s\S]*}", self._wrap(_not_found), name=_UNMATCHED)


def add_api_routes(
    routes: Routes,
    spec: ApiSpec,
    handlers: dict[str, Handler],
    api_auth: AuthLayer | None,
    profile: Profile | None = None,
) -> None:
    """Every path of the spec; with a profile whose router adds format suffixes (DRF's DefaultRouter), each
    slash-ended path also as `path.FORMAT` and `path.FORMAT/` (DRF `urlpatterns.format_suffix_patterns`)."""
    suffixes = bool(profile and profile.settings.get("format-suffixes"))
    missing = [op.operation_id for op in spec.operations if op.operation_id not in handlers]
    if missing:
        raise StartupError(f"{spec.name}: no handler for {len(missing)} operation(s): {', '.join(missing)}")
    unknown = set(handlers) - {op.operation_id for op in spec.operations}
    if unknown:
        raise StartupError(f"{spec.name}: handlers for operations the spec does not have: {sorted(unknown)}")
    api_style = STYLES[spec.error_style]
    base = base_path(spec)
    csrf = spec.session_cookie is not None  # the deployment runs Django's CsrfViewMiddleware
    for path, every in spec.paths().items():
        operations = tuple(op for op in every if op.exists_under(profile) is not False)
        if not operations:
            continue
        style, auth = api_style, api_auth
        allow = allow_header(operations, api_style.implicit_methods)
        item = spec.document["paths"][path]
        # A path Django routes with a converter of its own (`<int:pk>`) takes only its segments, else the router's.
        segment = item.get("x-segment", style.segment)
        view = item.get("x-view")
        if view is not None:
            # A plain Django view: no DRF authentication, and Django's `Allow` (just the methods it takes).
            style, auth = VIEW_STYLES[view], None
            allow = ", ".join(op.method for op in operations)
        endpoints = {
            op.method: Endpoint(
                op,
                handlers[op.operation_id],
                auth,
                style,
                allow,
                body_validators(spec, op),
                upload_bytes(spec, op),
                page_token=csrf,
                limits=spec.data_upload_limits,
                view_name=spec.view_names.get(path),
            ).handle
            for op in operations
        }
        # An undeclared method asks for what the path's operations all ask for (DRF authenticates first).
        strictest = max((op.security for op in operations), key=len)
        # The permission class of the views that check one (the API root's is AllowAny: a method it lacks is 405).
        checked = any(op.checks_permission for op in operations)
        permissions = spec.document.get("x-method-permissions", {}) if checked else {}
        refuse = MethodNotAllowed(
            auth,
            style,
            allow,
            strictest,
            permissions,
            page_token=csrf,
            limits=spec.data_upload_limits,
            view_name=spec.view_names.get(path),
        ).handle
        routes.add(base + _route(path, segment), endpoints, refuse)
        if suffixes and path.endswith("/"):
            suffixed = base + _route(path[:-1], segment) + ".{format:[a-z0-9]+}"
            routes.add(suffixed, endpoints, refuse)
            routes.add(suffixed + "/", endpoints, refuse)
