"""The mock's own endpoints, under /__mock__/ (no API owns that prefix): reset, reseed, state, journal.

They are for tests and frontend developers, not part of any real API, so they need no credentials.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, replace
from typing import Any

from aiohttp import web

from mockserver.apis.registry import implemented
from mockserver.bodies import read_bytes
from mockserver.errors import Problem, json_response
from mockserver.keys import JOURNAL, SETTINGS, STATE
from mockserver.routing import Routes
from mockserver.state import StateError

__all__ = ["PREFIX", "add_admin_routes"]

PREFIX = "/__mock__"
# The largest body an admin endpoint reads: a whole state document (`PUT /__mock__/state`) is ~600 bytes a
# contact, ~600 MB at the million contacts `reseed` allows. The API's `--max-body` is the API's guard, not this.
ADMIN_MAX_BODY = 1 << 30


def _error(status: int, message: str) -> web.Response:
    return json_response({"error": message}, status)


async def info(request: web.Request) -> web.Response:
    app = request.app
    state = app[STATE]
    return json_response(
        {
            "apis": list(app[SETTINGS].apis),
            "seed": state.seed,
            "sizes": {"contacts": state.settings.contacts},
            # The loop actually running, as its module names it ("uvloop", "asyncio.unix_events", ...).
            "event_loop": type(asyncio.get_running_loop()).__module__,
            "credentials": {
                api: {"how": module.how, "seeded": [asdict(c) for c in module.credentials()]}
                for api, module in implemented().items()
                if api in app[SETTINGS].apis
            },
        }
    )


async def reset(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.reset()
    return json_response({"seed": state.seed, "contacts": state.settings.contacts})


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        raw = await read_bytes(request, ADMIN_MAX_BODY, request.content_length)
    except Problem as problem:
        error = json.dumps({"error": problem.message})
        raise web.HTTPRequestEntityTooLarge(
            ADMIN_MAX_BODY, request.content_length or 0, text=error, content_type="application/json"
        ) from None
    try:
        body = json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError) as exc:
        error = json.dumps({"error": f"invalid JSON: {exc}"})
        raise web.HTTPBadRequest(text=error, content_type="application/json") from exc
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=json.dumps({"error": "expected a JSON object"}), content_type="application/json")
    return body


async def reseed(request: web.Request) -> web.Response:
    body = await _json_object(request)
    state = request.app[STATE]
    try:
        seed = int(body.get("seed", state.seed))
        contacts = int(body.get("contacts", state.settings.contacts))
    except (TypeError, ValueError):
        return _error(400, "seed and contacts must be integers")
    if not 0 <= contacts <= 1_000_000:
        return _error(400, "contacts must be between 0 and 1000000")
    state.reseed(seed, replace(state.settings, seed=seed, contacts=contacts))
    return json_response({"seed": seed, "contacts": contacts})


async def dump_state(request: web.Request) -> web.Response:
    return json_response(request.app[STATE].world.dump())


async def load_state(request: web.Request) -> web.Response:
    body = await _json_object(request)
    try:
        request.app[STATE].load(body)
    except StateError as exc:
        return _error(400, str(exc))
    return json_response({"loaded": sorted(request.app[STATE].world.states)})


async def journal(request: web.Request) -> web.Response:
    try:
        limit = int(request.query.get("limit", "100"))
    except ValueError:
        return _error(400, "limit must be an integer")
    return json_response({"entries": request.app[JOURNAL].entries(limit)})


async def clear_journal(request: web.Request) -> web.Response:
    request.app[JOURNAL].clear()
    return web.Response(status=204)


def add_admin_routes(routes: Routes) -> None:
    routes.add(f"{PREFIX}/", {"GET": info})
    routes.add(f"{PREFIX}/reset", {"POST": reset})
    routes.add(f"{PREFIX}/reseed", {"POST": reseed})
    routes.add(f"{PREFIX}/state", {"GET": dump_state, "PUT": load_state})
    routes.add(f"{PREFIX}/journal", {"GET": journal, "DELETE": clear_journal})
