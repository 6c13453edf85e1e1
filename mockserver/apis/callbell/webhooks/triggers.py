"""Admin triggers for what only the real world does to an account's agents, under /__mock__/callbell/:
an agent's status changes, an agent's session changes, an agent joins or leaves a team.

Each changes the account as the real event would (the stored user's availability and custom status, the team's
members), at the Callbell clock's next tick, then announces its event to the webhook (as Callbell would) and
answers the payload it built from the account as it now is: GET /teams/{uuid}/members and PUT
/users/{uuid}/status show the same change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from hamta.openapi import ApiSpec, resolve
from mockserver.apis.callbell.account import Account, User
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit
from mockserver.errors import json_response
from mockserver.keys import STATE
from mockserver.routing import Routes, StartupError

__all__ = ["PREFIX", "add_trigger_routes"]

PREFIX = "/__mock__/callbell"
# The `team_membership_updated` reason that puts the agent in the team (the other takes them out).
ADDED = "agent_added"


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


def _custom_status(account: Account, body: dict[str, Any], user: User) -> str | None:
    """`custom_status_uuid`: one of the account's custom statuses, or null to take it off (as PUT
    /users/{uuid}/status reads it); absent, the user keeps theirs."""
    if "custom_status_uuid" not in body:
        return user.custom_status
    wanted = body["custom_status_uuid"]
    if wanted is None:
        return None
    if not isinstance(wanted, str):
        raise _Refused(400, "custom_status_uuid must be a custom status's id or null")
    if account.custom_status(wanted) is None:
        raise _Refused(404, f"Custom status '{wanted}' does not exist")
    return wanted


Trigger = Callable[[CallbellState, dict[str, Any]], tuple[str, dict[str, Any]]]


def _handler(trigger: Trigger) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        try:
            body = await _body(request)
            event, payload = trigger(request.app[STATE].world.of(CallbellState), body)
        except _Refused as refused:
            return json_response({"error": str(refused)}, refused.status)
        queued = emit(request, event, payload)
        return json_response({"event": event, "payload": payload, "queued": queued})

    return handle


def _member(account: Account, user: User) -> dict[str, Any]:
    return user.member(account.custom_status(user.custom_status))


def add_trigger_routes(routes: Routes, spec: ApiSpec) -> None:
    actions = _enum(spec, "AgentSessionUpdatedPayload", "action")
    reasons = _enum(spec, "TeamMembershipUpdatedPayload", "reason")
    if ADDED not in reasons:
        raise StartupError(f"TeamMembershipUpdatedPayload.reason lacks {ADDED!r}")

    def status(state: CallbellState, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`{"email", "available"?, "custom_status_uuid"?}`: only what the body names changes, as PUT
        /users/{uuid}/status does."""
        user = _user(state.account, body)
        available = _flag(body, "available", user.available)
        wearing = _custom_status(state.account, body, user)
        now = state.tick()
        if "available" in body:
            user = user.with_availability(available, now)
        if "custom_status_uuid" in body:
            user = user.wearing(wearing, now)
        state.account = state.account.with_user(user)
        return "agent_status_updated", _member(state.account, user)

    def session(state: CallbellState, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`{"email", "action", "available"?}`: the session leaves the agent available or not (default:
        available on `user_logged_in`, unavailable after a log-out)."""
        user, action = _user(state.account, body), _choice(body, "action", actions)
        available = _flag(body, "available", action == "user_logged_in")
        user = user.with_availability(available, state.tick())
        state.account = state.account.with_user(user)
        return "agent_session_updated", payloads.agent_session(action, _member(state.account, user))

    def membership(state: CallbellState, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`{"email", "team_uuid", "reason"}`: `agent_added` puts the agent in the team, `agent_removed` takes
        them out; the team's `members` count follows."""
        user, reason = _user(state.account, body), _choice(body, "reason", reasons)
        team = state.account.team(str(body.get("team_uuid")))
        if team is None:
            raise _Refused(404, f"Team '{body.get('team_uuid')}' does not exist")
        now = state.tick()
        state.account = state.account.with_member(team.uuid, user.email, member=reason == ADDED)
        team = state.account.team(team.uuid) or team  # its members count as it now is
        return "team_membership_updated", payloads.team_membership(team, user, reason, now)

    routes.add(f"{PREFIX}/agent_status", {"POST": _handler(status)})
    routes.add(f"{PREFIX}/agent_session", {"POST": _handler(session)})
    routes.add(f"{PREFIX}/team_membership", {"POST": _handler(membership)})
