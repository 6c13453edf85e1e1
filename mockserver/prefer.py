"""Prism-compatible `Prefer` (code=, example=, dynamic=true) and simulated trouble (delay=, fault=), per request
or, for latency and errors, globally from the command line.

A `Prefer` answer comes from the spec (its examples, or a body made up from its schema) without running the
handler, so it never changes the mock's state. Global latency and errors are drawn from a Random seeded with
the mock's seed: the same start gives the same sequence of slow and failing requests.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from hamta import load_spec
from hamta.openapi import Operation, resolve
from mockserver.dynamic import generate
from mockserver.errors import Problem
from mockserver.guard import SERVER_ERROR
from mockserver.jsoncodec import dumps
from mockserver.layers import Handler, route_target
from mockserver.locale import gettext

__all__ = ["PreferLayer", "Trouble", "parse_latency", "parse_prefer"]


def parse_prefer(header: str) -> dict[str, str]:
    """`code=404, example=notFound` -> {"code": "404", "example": "notFound"} (RFC 7240 preferences)."""
    preferences: dict[str, str] = {}
    for part in header.replace(";", ",").split(","):
        key, _, value = part.strip().partition("=")
        if key:
            preferences[key.strip().lower()] = value.strip().strip('"')
    return preferences


def parse_latency(text: str | None) -> tuple[int, int]:
    """`50` or `50-200` (milliseconds) -> (low, high)."""
    if not text:
        return (0, 0)
    low, _, high = text.partition("-")
    return (int(low), int(high or low))


@dataclass
class Trouble:
    """Global trouble from the command line, drawn from a seeded Random."""

    latency: tuple[int, int]
    error_rate: float
    rng: random.Random

    @property
    def idle(self) -> bool:
        """No global latency and no error rate: the layer has nothing to do unless a request says Prefer."""
        return self.latency[1] == 0 and self.error_rate <= 0

    def delay(self) -> float:
        low, high = self.latency
        return self.rng.randint(low, high) / 1000 if high else 0.0

    def fails(self) -> bool:
        return self.error_rate > 0 and self.rng.random() < self.error_rate


def _operation(request: web.Request) -> Operation | None:
    """The spec operation the router matched, if the route is an operation's endpoint."""
    endpoint = getattr(route_target(request), "__self__", None)
    operation = getattr(endpoint, "operation", None)
    return operation if isinstance(operation, Operation) else None


def _examples(document: dict[str, Any], media: dict[str, Any]) -> dict[str, Any]:
    named = {name: resolve(document, example).get("value") for name, example in (media.get("examples") or {}).items()}
    if "example" in media:
        named.setdefault("example", media["example"])
    return named


def _from_spec(request: web.Request, operation: Operation, preferences: dict[str, str], seed: int) -> web.Response:
    document = load_spec(operation.api).document
    responses = operation.raw["responses"]
    wanted_example = preferences.get("example")
    code = preferences.get("code")
    if code is None and wanted_example:
        code = next(
            (
                status
                for status, response in responses.items()
                for media in (resolve(document, response).get("content") or {}).values()
                if wanted_example in _examples(document, media)
            ),
            None,
        )
    if code is None:
        code = next((status for status in responses if status.startswith("2")), "200")
    if code not in responses:
        raise Problem(422, f"Prefer: the spec has no {code} response for {operation.operation_id}")
    response = resolve(document, responses[code])
    content = response.get("content") or {}
    if not content:
        return web.Response(status=int(code))
    # the media type holding the example asked for, else the first (the view's answer; Django's pages follow it)
    media_type, media = next(
        ((name, media) for name, media in content.items() if wanted_example in _examples(document, media)),
        next(iter(content.items())),
    )
    examples = _examples(document, media)
    if wanted_example and wanted_example not in examples:
        raise Problem(422, f"Prefer: no example {wanted_example!r} for {operation.operation_id} {code}")
    if preferences.get("dynamic") == "true" or not examples:
        body = generate(document, media.get("schema", {}), random.Random(f"{seed}:{operation.operation_id}:{code}"))
    else:
        body = examples[wanted_example] if wanted_example else next(iter(examples.values()))
    text = body if isinstance(body, str) and not media_type.endswith("json") else dumps(body)
    return web.Response(status=int(code), text=text, content_type=media_type)


class PreferLayer:
    """Concerns a request that says `Prefer`, or every request when global trouble is configured."""

    def __init__(self, trouble: Trouble, seed: int) -> None:
        self.trouble = trouble
        self.seed = seed
        self._always = not trouble.idle  # global trouble is set at start and never changes

    def applies(self, request: web.Request) -> bool:
        return self._always or "Prefer" in request.headers

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        delay = self.trouble.delay()
        if delay:
            await asyncio.sleep(delay)
        operation = _operation(request)
        if operation is None:
            return await handler(request)
        if self.trouble.fails():
            raise Problem(500, gettext(SERVER_ERROR))
        preferences = parse_prefer(request.headers.get("Prefer", ""))
        if "delay" in preferences:
            await asyncio.sleep(min(int(preferences["delay"] or 0), 30_000) / 1000)
        fault = preferences.get("fault")
        if fault == "drop":
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError  # nothing is sent: the client sees the connection drop
        if {"code", "example", "dynamic"} & preferences.keys():
            return _from_spec(request, operation, preferences, self.seed)
        response = await handler(request)
        if fault == "malformed" and isinstance(response, web.Response) and response.body:
            body = bytes(response.body)  # type: ignore[arg-type]
            response.body = body[: max(1, len(body) // 2)]
        return response
