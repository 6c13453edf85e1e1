"""`emit`: what the rest of the mock calls when something a webhook can hear about has happened.

A handler calls it after its write, with the payload or a function making it (made only when the webhook
subscribes to the event, so an unsubscribed account pays nothing for it). The event's time is the state's clock
as the write left it (`CallbellState.tick`): emitting never moves the clock, so times do not depend on who listens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from mockserver.apis.callbell.model import SentMessage
from mockserver.apis.callbell.people import User
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.courier import COURIER
from mockserver.keys import STATE
from mockserver.operations import Call

__all__ = ["Payload", "emit", "emit_agent_status", "emit_status_change"]

Payload = dict[str, Any]


def emit(source: Call | web.Request, event: str, payload: Payload | Callable[[], Payload]) -> bool:
    """Queue `event` for the account's webhook; True when the webhook subscribes to it (and so will get it).
    Never raises for the receiver's sake: delivery happens later, in the background."""
    request = source.request if isinstance(source, Call) else source
    courier = request.app.get(COURIER)
    if courier is None:
        return False
    state = request.app[STATE].world.of(CallbellState)
    if not state.webhooks.wants(event):
        if event not in courier.events:
            raise ValueError(f"{event!r} is not one of the spec's WebhookEventName values")
        return False
    return courier.post(state.webhooks, event, payload() if callable(payload) else payload, state.clock)


def emit_status_change(
    source: Call | web.Request, state: CallbellState, before: SentMessage, after: SentMessage
) -> bool:
    """`message_status_updated` when a sent message's status moved (and its contact still exists: the payload
    shows it), at the clock's time (the caller ticked it for the change), with the send's `metadata` if any."""
    contact = state.contacts.get(after.contact)
    if after.status == before.status or contact is None:
        return False
    return emit(
        source,
        "message_status_updated",
        lambda: payloads.message_status_updated(contact, after.uuid, after.status, state.clock, after.metadata),
    )


def emit_agent_status(source: Call | web.Request, state: CallbellState, user: User) -> bool:
    """`agent_status_updated` with the stored user as a TeamMember (agent_status_updated.md:23-33), after a
    write that changed the user's availability or custom status."""
    return emit(source, "agent_status_updated", lambda: user.member(state.account.custom_status(user.custom_status)))
