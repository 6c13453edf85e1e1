"""The named layers between the edge and a route's handler, each run only for the requests it applies to.

Rate limit, trailing-slash quirk, Prefer and trouble, faults and write notes each say cheaply whether a
request concerns them; the chain is built per request from the ones that do. A request none of them concerns
(almost every request) goes straight to its handler: an aiohttp middleware per layer would cost every request
one more coroutine per layer, whether the layer acts or not. The edge (`mockserver.edge`) runs the
chain; order is the order given, outermost first.

The last step dispatches on the request's own route, so a layer may hand on a different request: the slash
quirk answers a slash-toggled path with the twin route's request, which still passes through the layers after
it. A route's handler as aiohttp holds it is the edge (`Routed`); the route's own handler is its `target`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Protocol, cast

from aiohttp import web

__all__ = ["Handler", "Layer", "Layers", "Routed", "route_target"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Routed(functools.partial[Awaitable[web.StreamResponse]]):
    """What aiohttp is given as a route's handler: the edge's entry point, with the route's own handler kept as
    `target` for the last layer. A partial rather than a coroutine of its own: nothing runs between aiohttp and
    the edge (an aiohttp middleware would add a coroutine and a cache lookup to every request)."""

    target: Handler


def route_target(request: web.Request) -> Handler:
    """The handler of the route the request was matched to (every route is `Routed`; see mockserver.routing)."""
    return cast(Routed, request.match_info.handler).target


class Layer(Protocol):
    def applies(self, request: web.Request) -> bool:
        """Whether this request concerns the layer; cheap, and without side effects."""
        ...

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse: ...


class Layers:
    def __init__(self, layers: Sequence[Layer]) -> None:
        self._layers = tuple(layers)
        self._applies = tuple(layer.applies for layer in self._layers)  # bound once, asked on every request

    def __iter__(self) -> Iterator[Layer]:
        return iter(self._layers)

    def handler_for(self, request: web.Request, start: int = 0) -> Handler:
        """The first layer from `start` on that applies, handing on to the rest; else the route's handler."""
        applies = self._applies
        for index in range(start, len(applies)):
            if applies[index](request):
                return functools.partial(self._layers[index], handler=functools.partial(self._from, index + 1))
        return route_target(request)

    def _from(self, start: int, request: web.Request) -> Awaitable[web.StreamResponse]:
        # Not a coroutine of its own: the next handler's awaitable is handed to the layer as it is (one frame
        # less per layer that applies).
        return self.handler_for(request, start)(request)
