"""The Messages API: send a message, and read a sent message's status."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.account import Account, Channel
from mockserver.apis.callbell.base import CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.changes import assignment_changes, resolve_channel
from mockserver.apis.callbell.model import (
    STATUS_STEPS,
    Contact,
    ContactMessage,
    SentMessage,
    format_time,
    phone_key,
    utc_now,
)
from mockserver.apis.callbell.render import DASHBOARD
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit, emit_status_change
from mockserver.errors import Problem, json_response
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["MessageHandlers"]


def _text(account: Account, data: dict[str, Any]) -> str:
    """What the conversation shows: a filled template, else the text (a media caption), else the media url.
    Templates need `optin_contact: true`; the 24-hour window is not emulated (seeded chats are months old)."""
    content = data["content"]
    if "template_uuid" in data:
        template = account.template(data["template_uuid"])
        if template is None:
            raise Problem(422, f"Template '{data['template_uuid']}' does not exist")
        if data.get("optin_contact") is not True:
            raise Problem(422, "Template messages require optin_contact")
        if data.get("template_values"):
            return template.fill(data["template_values"])
        return str(content.get("text") or template.text)
    return str(content.get("text") or content.get("url"))


def _recipient(state: CallbellState, data: dict[str, Any], channel: Channel) -> Contact:
    """The contact `to` (which wins) or `bsuid` names. An unknown recipient becomes a new contact on the
    channel, named by its number or bsuid, as a message from the Callbell inbox to a new number does."""
    found = state.by_phone(data["to"]) if "to" in data else state.by_bsuid(data["bsuid"])
    if found is not None:
        return found
    return Contact(
        id=state.next_id,
        uuid=uuid.uuid4().hex,
        name=data.get("to") or data["bsuid"],
        phone_number=data.get("to"),
        created_at=utc_now(),
        source=channel.type,
        channel=channel.uuid,
        bsuid=data.get("bsuid"),
    )


def _extras(contact: Contact, wanted: set[str]) -> dict[str, Any]:
    """`fields=contact,conversation`: the short forms of the docs' example."""
    extras: dict[str, Any] = {}
    if "contact" in wanted:
        short: dict[str, Any] = {"uuid": contact.uuid, "name": contact.name, "email": None}
        if contact.phone_number is not None:
            short["phone"] = contact.phone_number
        extras["contact"] = short
    if "conversation" in wanted:
        extras["conversation"] = {
            "source": contact.source,
            "href": f"{DASHBOARD}/chat/{contact.uuid}",
            "createdAt": format_time(contact.created_at),
        }
    return extras


class MessageHandlers(CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.send_body = Body(spec, "callbell_messages_send")

    @operation("callbell_messages_send")
    async def send(self, call: Call) -> web.Response:
        """Every check (channel, template, assigned user, team) comes before any write. The message joins the
        recipient's conversation at once, as `sent`, with the send request's uuid."""
        data = await self.send_body.read(call)
        state = self.state(call)
        account = state.account
        channel = resolve_channel(account, data["channel_uuid"])
        text = _text(account, data)
        changes = assignment_changes(account, data)
        contact = _recipient(state, data, channel)
        message_uuid = uuid.uuid4().hex
        recipient = phone_key(contact.phone_number) if contact.phone_number else str(contact.bsuid)
        message = ContactMessage(message_uuid, text, utc_now(), "sent", channel.type, channel.identifier, recipient)
        contact = contact.changed(messages=(message, *contact.messages), **changes)
        if contact.uuid in state.contacts:
            state.put(contact)
        else:
            state.add(lambda _: contact)
            emit(call, "contact_created", lambda: payloads.contact(contact))
        emit(call, "message_created", lambda: payloads.message_created(contact, message, data))
        state.sent[message_uuid] = SentMessage(message_uuid, contact.uuid, STATUS_STEPS[0])
        wanted = {part.strip() for part in str(data.get("fields", "")).split(",")}
        body = {"uuid": message_uuid, "status": STATUS_STEPS[0], **_extras(contact, wanted)}
        return json_response({"message": body})

    @operation("callbell_messages_status")
    async def status(self, call: Call) -> web.Response:
        """Each GET shows the stored status, then moves it one step along enqueued -> sent -> delivered -> read
        (read stays read): the first read after a send shows `enqueued` (as the docs' example does), the fourth
        and every later one `read`. Deterministic: reads, not time, move it. HEAD reads without moving it. To
        put a message in another state (`failed`), edit `sent[].status` in the state document
        (GET, then PUT /__mock__/state): that value is what the next read shows."""
        state = self.state(call)
        message_uuid = call.request.match_info["uuid"]
        sent = state.sent.get(message_uuid)
        if sent is None:
            raise Problem(404, "Message not found")
        if call.request.method == "GET":
            state.sent[message_uuid] = sent.advanced()
            emit_status_change(call, state, sent, state.sent[message_uuid])
        return json_response({"message": {"uuid": sent.uuid, "status": sent.status}})
