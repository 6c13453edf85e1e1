"""Admin triggers for what only the real world does to an account's agents, under /__mock__/callbell/:
an agent's status changes, an agent's session changes, an agent joins or leaves a team.

Each announces its event to the webhook (as Callbell would) and answers the payload it built. They say what
happened rather than change the account: the agent's availability is the body's, not a stored value.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from hamta.openapi import ApiSpec, resolve
from mockserver.apis.callbell.account import Account, User
from mockserver.apis.callbell.model import utc_now
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit
from mockserver.errors import json_response
from mockserver.keys import STATE
from mockserver.routing import Routes

__all__ = ["PREFIX", "add_trigger_routes"]

PREFIX = "/__mock__/callbell"


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _enum(spec: ApiSpec, schema: str, name: str) -> tuple[str, ...]:
    found = resolve(spec.document, {"$ref": f"#/components/schemas/{schema}"})["properties"][name]["enum"]
    return tuple(found)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json() if await request.read() else {}
    except ValueError:
        raise _Refused(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise _Refused(400, "the body must be a JSON object")
    return body


def _user(account: Account, body: dict[str, Any]) -> User:
    email = body.get("email")
    if not isinstance(email, str):
        raise _Refused(400, "email (an agent's email) is required")
    user = account.user(email)
    if user is None:
        raise _Refused(404, f"User '{email}' does not exist")
    return user


def _flag(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise _Refused(400, f"{name} must be true or false")
    return value


def _choice(body: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = body.get(name)
    if value not in allowed:
        raise _Refused(400, f"{name} must be one of {', '.join(allowed)}")
    return str(value)


def _custom_status(body: dict[str, Any]) -> dict[str, Any] | None:
    raw = body.get("custom_status")
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(isinstance(raw.get(key), str) for key in ("id", "name", "emoji")):
        raise _Refused(400, "custom_status must be an object with id, name and emoji (strings)")
    return {"id": raw["id"], "name": raw["name"], "emoji": raw["emoji"]}


Trigger = Callable[[Account, dict[str, Any]], tuple[str, dict[str, Any]]]


def _handler(trigger: Trigger) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        try:
            body = await _body(request)
            account = request.app[STATE].world.of(CallbellState).account
            event, payload = trigger(account, body)
        except _Refused as refused:
            return json_response({"error": str(refused)}, refused.status)
        queued = emit(request, event, payload)
        return json_response({"event": event, "payload": payload, "queued": queued})

    return handle


def add_trigger_routes(routes: Routes, spec: ApiSpec) -> None:
    actions = _enum(spec, "AgentSessionUpdatedPayload", "action")
    reasons = _enum(spec, "TeamMembershipUpdatedPayload", "reason")

    def status(account: Account, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`{"email", "available", "custom_status"?: {id, name, emoji}}`."""
        user, available = _user(account, body), _flag(body, "available", True)
        return "agent_status_updated", payloads.agent(user, available, utc_now(), _custom_status(body))

    def session(account: Account, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`{"email", "action", "available"?}`."""
        user, action = _user(account, body), _choice(body, "action", actions)
        available = _flag(body, "available", action == "user_logged_in")
        return "agent_session_updated", payloads.agent_session(user, action, available, utc_now())

    def membership(account: Account, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`{"email", "team_uuid", "reason", "available"?}`."""
        user, reason = _user(account, body), _choice(body, "reason", reasons)
        team = account.team(str(body.get("team_uuid")))
        if team is None:
            raise _Refused(404, f"Team '{body.get('team_uuid')}' does not exist")
        available = _flag(body, "available", True)
        return "team_membership_updated", payloads.team_membership(team, user, reason, available, utc_now())

    routes.add(f"{PREFIX}/agent_status", {"POST": _handler(status)})
    routes.add(f"{PREFIX}/agent_session", {"POST": _handler(session)})
    routes.add(f"{PREFIX}/team_membership", {"POST": _handler(membership)})
