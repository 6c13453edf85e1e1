"""Routes come from the specs: every operation gets an Endpoint, every path a catch-all for undeclared methods.

Start-up fails, naming every operation that has no handler, rather than serving a half-built API.
"""

from __future__ import annotations

import re

from aiohttp import web

from hamta.openapi import ApiSpec, Operation
from mockserver.auth import AuthLayer
from mockserver.endpoint import Endpoint, MethodNotAllowed
from mockserver.errors import STYLES, ApiStyle
from mockserver.operations import Handler
from mockserver.validation import body_validators

__all__ = ["StartupError", "add_api_routes", "allow_header", "base_path"]

# DRF lists a view's methods in Django's http_method_names order.
_METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class StartupError(RuntimeError):
    pass


def base_path(spec: ApiSpec) -> str:
    return str(spec.document["servers"][0]["url"]).rstrip("/")


def allow_header(operations: tuple[Operation, ...]) -> str:
    methods = {operation.method for operation in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(method for method in _METHOD_ORDER if method in methods)


def _route(path: str, style: ApiStyle) -> str:
    """The spec's path as an aiohttp route: each `{name}` limited to the segments the framework's router takes."""
    if style.segment is None:
        return path
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: f"{{{m.group(1)}:{style.segment}}}", path)


def add_api_routes(app: web.Application, spec: ApiSpec, handlers: dict[str, Handler], auth: AuthLayer | None) -> None:
    missing = [op.operation_id for op in spec.operations if op.operation_id not in handlers]
    if missing:
        raise StartupError(f"{spec.name}: no handler for {len(missing)} operation(s): {', '.join(missing)}")
    unknown = set(handlers) - {op.operation_id for op in spec.operations}
    if unknown:
        raise StartupError(f"{spec.name}: handlers for operations the spec does not have: {sorted(unknown)}")
    style = STYLES[spec.error_style]
    base = base_path(spec)
    for path, operations in spec.paths().items():
        resource = app.router.add_resource(base + _route(path, style))
        allow = allow_header(operations)
        for operation in operations:
            endpoint = Endpoint(
                operation, handlers[operation.operation_id], auth, style, allow, body_validators(spec, operation)
            )
            resource.add_route(operation.method, endpoint.handle)
            if operation.method == "GET" and not any(op.method == "HEAD" for op in operations):
                resource.add_route("HEAD", endpoint.handle)
        # An undeclared method asks for what the path's operations all ask for (DRF authenticates first).
        strictest = max((op.security for op in operations), key=len)
        resource.add_route("*", MethodNotAllowed(auth, style, allow, strictest).handle)
