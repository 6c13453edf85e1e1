"""Handlers are keyed by operationId: an API class marks its methods with `@operation("contacts_list")`.

The routing step pairs every operation of the spec with a handler and refuses to start when one is missing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web

from mockserver.bodies import UploadedFile, content_type, request_body
from mockserver.drf_fields import Related
from mockserver.keys import STATE
from mockserver.query_params import django_query, last_values

if TYPE_CHECKING:
    from hamta.openapi import ApiSpec
    from mockserver.endpoint import Endpoint
    from mockserver.state import World

__all__ = ["Call", "Handler", "every_operation", "handlers_of", "operation"]

_MARK = "__hamta_operation__"
_METHOD_MARK = "__hamta_every_operation__"
F = TypeVar("F", bound=Callable[..., Any])


def operation(operation_id: str) -> Callable[[F], F]:
    def mark(function: F) -> F:
        setattr(function, _MARK, operation_id)
        return function

    return mark


def every_operation(method: str) -> Callable[[F], F]:
    """Marks the method that answers every operation of the spec with this HTTP method that no `operation` mark
    claims (a DRF view's OPTIONS, answered alike on each path): the spec says which they are."""

    def mark(function: F) -> F:
        setattr(function, _METHOD_MARK, method)
        return function

    return mark


def handlers_of(api: object, spec: ApiSpec) -> dict[str, Handler]:
    """The marked methods of an API object, by operationId."""
    found: dict[str, Handler] = {}
    by_method: dict[str, Handler] = {}
    for name in dir(type(api)):
        attribute = getattr(type(api), name)
        operation_id = getattr(attribute, _MARK, None)
        if operation_id is not None:
            if operation_id in found:
                raise ValueError(f"two handlers for {operation_id}")
            found[operation_id] = getattr(api, name)
        method = getattr(attribute, _METHOD_MARK, None)
        if method is not None:
            by_method[method] = getattr(api, name)
    for op in spec.operations:
        if op.operation_id not in found and op.method in by_method:
            found[op.operation_id] = by_method[op.method]
    return found


@dataclass
class Call:
    """What a handler gets: the request, who made it, and the parsed body on demand (DRF parses lazily, so a
    404 from the lookup comes before a 400 from the body)."""

    request: web.Request
    endpoint: Endpoint
    # Who is calling, as the API's auth layer knows them: an Account (token, bearer) or the API's own user
    # (session); None when anonymous.
    account: Any
    _body: tuple[Any, dict[str, UploadedFile]] | None = field(default=None, repr=False)

    @property
    def world(self) -> World:
        return self.request.app[STATE].world

    @cached_property
    def query(self) -> Mapping[str, str]:
        """The query's parameters as the framework reads them: a repeated one by its last value, and in Django
        decoded in the request's encoding."""
        if self.endpoint.style.query_in_content_charset:
            return django_query(self.request)
        return last_values(self.request.query)

    async def body(self) -> tuple[Any, dict[str, UploadedFile]]:
        if self._body is None:
            self._body = await request_body(self.request)
        return self._body

    async def validated(self, *, partial: bool = False, related: Related | None = None) -> dict[str, Any]:
        """The body checked against the operation's schema for its media type; uploaded files join the
        fields, as in DRF's request.data. `related` says which ids of `x-related` fields the caller may use."""
        data, files = await self.body()
        if files and isinstance(data, dict):
            data = {**data, **files}
        # no body at all: DRF parses nothing and validates empty data, whatever the Content-Type names
        empty = not data and not files and not self.request.content_length
        return self.endpoint.validate(content_type(self.request), data, partial=partial, related=related, empty=empty)


Handler = Callable[[Call], Awaitable[web.StreamResponse]]
