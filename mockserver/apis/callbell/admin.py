"""Callbell's admin triggers, under /__mock__/callbell/: what only the real world does to a Callbell account.

- `GET /__mock__/callbell/clock` shows the mock's clock; `POST` with `{"advance": <seconds>}` moves it forward
  (never back: times the mock wrote stay in order), e.g. past a contact's 24-hour window.
- `POST /__mock__/callbell/inbound` with `{"contact": <uuid>}` or `{"from": <number>}` (optional `text`,
  `channel_uuid`; default: the contact's channel, else the main WhatsApp one) is a customer's message: it joins
  the conversation as `received`, opens the 24-hour window, reopens a closed conversation and moves a started
  bot to `in_progress`. An unknown number becomes a new contact on the channel, as a first message does on
  Callbell. The webhook hears, in this order: `contact_created` (a new number), `conversation_opened` (a
  closed conversation reopened), `message_created` (the `received` message).

Like the other admin endpoints they need no API credentials (mockserver.admin).
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.account import Channel
from mockserver.apis.callbell.ids import mint
from mockserver.apis.callbell.model import Contact, ContactMessage, format_time, phone_key
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit
from mockserver.errors import json_response
from mockserver.keys import STATE
from mockserver.routing import Routes
from mockserver.settings import Settings

__all__ = ["add_callbell_admin_routes", "extend"]

PREFIX = "/__mock__/callbell"
DEFAULT_TEXT = "سلام"
MAX_ADVANCE = 10 * 366 * 86400


def _state(request: web.Request) -> CallbellState:
    return request.app[STATE].world.of(CallbellState)


def _error(status: int, message: str) -> web.Response:
    return json_response({"error": message}, status)


async def _body(request: web.Request) -> dict[str, Any] | web.Response:
    raw = await request.read()
    try:
        body = json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError) as exc:
        return _error(400, f"invalid JSON: {exc}")
    return body if isinstance(body, dict) else _error(400, "expected a JSON object")


def _clock(state: CallbellState) -> web.Response:
    return json_response({"now": format_time(state.clock)})


async def show_clock(request: web.Request) -> web.Response:
    return _clock(_state(request))


async def move_clock(request: web.Request) -> web.Response:
    body = await _body(request)
    if isinstance(body, web.Response):
        return body
    seconds = body.get("advance")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= MAX_ADVANCE:
        return _error(400, f"advance must be a whole number of seconds from 0 to {MAX_ADVANCE}")
    state = _state(request)
    state.advance(seconds)
    return _clock(state)


def _channel(state: CallbellState, body: dict[str, Any], contact: Contact | None) -> Channel | str:
    """`channel_uuid`, else the contact's own channel, else the main WhatsApp one; an error text otherwise."""
    wanted = body.get("channel_uuid")
    if wanted is not None:
        channel = state.account.channel(wanted) if isinstance(wanted, str) else None
        return channel if channel is not None else f"no channel {wanted!r} in the account"
    channel = state.account.channel(contact.channel) if contact is not None and contact.channel else None
    channel = channel or state.account.main_channel("whatsapp")
    return channel if channel is not None else "the account has no active WhatsApp channel: give channel_uuid"


def _known(state: CallbellState, body: dict[str, Any]) -> Contact | str | None:
    """The contact named by uuid or number; None for a number no contact has; an error text otherwise."""
    if "contact" in body:
        found = state.contacts.get(str(body["contact"]))
        return found if found is not None else f"no contact {body['contact']!r}"
    number = body.get("from")
    if not isinstance(number, str) or not phone_key(number):
        return "give contact (a uuid) or from (a phone number)"
    return state.by_phone(number)


def _newcomer(state: CallbellState, number: str, channel: Channel) -> Contact:
    """A first message from an unknown number makes a contact on the channel, named by its number."""
    return Contact(
        id=state.next_id,
        uuid=mint("contact", state.clock, state.contacts),
        name=number,
        phone_number=number,
        created_at=state.clock,
        source=channel.type,
        channel=channel.uuid,
    )


async def inbound(request: web.Request) -> web.Response:
    body = await _body(request)
    if isinstance(body, web.Response):
        return body
    state = _state(request)
    text = body.get("text", DEFAULT_TEXT)
    if not isinstance(text, str) or not text:
        return _error(400, "text must be a non-empty string")
    known = _known(state, body)
    if isinstance(known, str):
        return _error(404 if "contact" in body else 400, known)
    channel = _channel(state, body, known)
    if isinstance(channel, str):
        return _error(404, channel)
    contact: Contact = known if known is not None else _newcomer(state, str(body["from"]), channel)
    now = state.tick()
    customer = phone_key(contact.phone_number) if contact.phone_number else str(contact.bsuid)
    message = ContactMessage(None, text, now, "received", channel.type, customer, channel.identifier)
    started = now if contact.bot_status == "bot_start" and contact.bot_started_at is None else contact.bot_started_at
    reopened = contact.closed_at is not None
    contact = contact.changed(messages=(message, *contact.messages), closed_at=None, bot_started_at=started)
    if contact.uuid in state.contacts:
        state.put(contact)
    else:
        contact = state.add(lambda contact_id: contact.changed(id=contact_id, created_at=now))
        emit(request, "contact_created", lambda: payloads.contact(contact))
    if reopened:
        emit(request, "conversation_opened", lambda: payloads.conversation(contact))
    emit(request, "message_created", lambda: payloads.message_created(contact, message))
    return json_response({"contact": contact.uuid, "message": message.render()})


def add_callbell_admin_routes(routes: Routes) -> None:
    routes.add(f"{PREFIX}/clock", {"GET": show_clock, "POST": move_clock})
    routes.add(f"{PREFIX}/inbound", {"POST": inbound})


def extend(app: web.Application, routes: Routes, spec: ApiSpec, settings: Settings) -> None:
    """`ApiModule.extend` for these triggers alone (the webhooks add theirs through the same hook)."""
    add_callbell_admin_routes(routes)
