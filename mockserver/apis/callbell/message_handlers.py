"""The Messages API: send a message, read a sent message's status, delete a message."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.account import Account, Channel
from mockserver.apis.callbell.base import CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.changes import assignment_changes, resolve_channel
from mockserver.apis.callbell.ids import mint
from mockserver.apis.callbell.model import STATUS_STEPS, Contact, ContactMessage, SentMessage, format_time, phone_key
from mockserver.apis.callbell.render import DASHBOARD
from mockserver.apis.callbell.state import CallbellState
from mockserver.apis.callbell.status_payload import status_payload
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit, emit_status_change
from mockserver.apis.callbell.window import check_window
from mockserver.errors import Problem, json_response
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["MESSAGE_NOT_FOUND", "MessageHandlers"]

MESSAGE_NOT_FOUND = "Message not found"
SENDABLE_TEMPLATE = "approved"


def _channel(account: Account, data: dict[str, Any]) -> Channel:
    """`channel_uuid`, else the main channel of the `from` type: the docs' table requires `channel_uuid`, but
    12 of their 13 examples leave it out (C14), so the mock falls back as POST /contacts documents it does."""
    if "channel_uuid" in data:
        return resolve_channel(account, data["channel_uuid"])
    channel = account.main_channel(data["from"])
    if channel is None:
        raise Problem(422, f"No active {data['from']} channel to send from: give channel_uuid")
    return channel


def _text(account: Account, data: dict[str, Any]) -> tuple[str, bool]:
    """What the conversation shows, and whether it is a template message. A template takes `template_values`
    in placeholder order, else `content.text` as its one placeholder; other messages show their text (a media
    caption), else the media url. Templates need `optin_contact: true` (post_send_messages.md:191) and must be
    approved (object_types/template.md:15 lists eleven statuses; that only `approved`
    sends is inferred)."""
    content = data["content"]
    if "template_uuid" not in data:
        return str(content.get("text") or content.get("url")), False
    template = account.template(data["template_uuid"])
    if template is None:
        raise Problem(422, f"Template '{data['template_uuid']}' does not exist")
    if template.status != SENDABLE_TEMPLATE:
        raise Problem(422, f"Template '{template.uuid}' is {template.status}: only an approved template can be sent")
    if data.get("optin_contact") is not True:
        raise Problem(422, "Template messages require optin_contact")
    values = data.get("template_values") or ([content["text"]] if content.get("text") else [])
    return template.fill(values), True


def _recipient(state: CallbellState, data: dict[str, Any], channel: Channel) -> Contact:
    """The contact `to` (which wins) or `bsuid` names. An unknown recipient becomes a new contact on the
    channel, named by its number or bsuid, as a message from the Callbell inbox to a new number does."""
    found = state.by_phone(data["to"]) if "to" in data else state.by_bsuid(data["bsuid"])
    if found is not None:
        return found
    return Contact(
        id=state.next_id,
        uuid=mint("contact", state.clock, state.contacts),
        name=data.get("to") or data["bsuid"],
        phone_number=data.get("to"),
        created_at=state.clock,
        source=channel.type,
        channel=channel.uuid,
        bsuid=data.get("bsuid"),
    )


def _email(state: CallbellState, contact: Contact) -> str | None:
    """The contact's first email-type custom field: Callbell contacts have no email of their own."""
    for name, value in contact.custom_fields.items():
        field = state.account.field(name)
        if field is not None and field.type == "email" and isinstance(value, str):
            return value
    return None


def _extras(state: CallbellState, contact: Contact, wanted: set[str]) -> dict[str, Any]:
    """`fields=contact,conversation`: the short forms of the docs' example (C16)."""
    extras: dict[str, Any] = {}
    if "contact" in wanted:
        short: dict[str, Any] = {"uuid": contact.uuid, "name": contact.name}
        if contact.phone_number is not None:
            short["phone"] = contact.phone_number
        short["email"] = _email(state, contact)
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
        self.delete_body = Body(spec, "callbell_messages_destroy_by_body")

    @operation("callbell_messages_send")
    async def send(self, call: Call) -> web.Response:
        """Every check (channel, template, assigned user, team, the 24-hour window) comes before any write. The
        message joins the recipient's conversation at once, as `sent`, with the send request's uuid."""
        data = await self.send_body.read(call)
        state = self.state(call)
        account = state.account
        channel = _channel(account, data)
        text, template = _text(account, data)
        changes = assignment_changes(account, data)
        contact = _recipient(state, data, channel)
        if not template:
            check_window(contact, state.clock)
        message_uuid = mint("message", state.clock, state.sent)
        recipient = phone_key(contact.phone_number) if contact.phone_number else str(contact.bsuid)
        now = state.tick()
        message = ContactMessage(message_uuid, text, now, "sent", channel.type, channel.identifier, recipient)
        contact = contact.changed(messages=(message, *contact.messages), **changes)
        if contact.uuid in state.contacts:
            state.put(contact)
        else:
            contact = state.add(lambda contact_id: contact.changed(id=contact_id, created_at=now))
            emit(call, "contact_created", lambda: payloads.contact(contact))
        emit(call, "message_created", lambda: payloads.message_created(contact, message, data))
        metadata = dict(data.get("metadata") or {})
        state.sent[message_uuid] = SentMessage(
            message_uuid, contact.uuid, STATUS_STEPS[0], recipient, template, metadata
        )
        wanted = {part.strip() for part in str(data.get("fields", "")).split(",")}
        body = {"uuid": message_uuid, "status": STATUS_STEPS[0], **_extras(state, contact, wanted)}
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
            raise Problem(404, MESSAGE_NOT_FOUND)
        if call.request.method == "GET":
            moved = sent.advanced()
            if moved.status != sent.status:
                state.tick()  # the status change is an event: its webhook shows this time
            state.sent[message_uuid] = moved
            emit_status_change(call, state, sent, moved)
        body = {"uuid": sent.uuid, "status": sent.status, "messageStatusPayload": status_payload(sent, sent.status)}
        return json_response({"message": body})

    @operation("callbell_messages_destroy")
    async def destroy_message(self, call: Call) -> web.Response:
        return self._delete(call, call.request.match_info["uuid"])

    @operation("callbell_messages_destroy_by_body")
    async def destroy_message_by_body(self, call: Call) -> web.Response:
        """The docs' curl form (C10): `DELETE /messages` with `{"uuid": ...}`."""
        data = await self.delete_body.read(call)
        return self._delete(call, data["uuid"])

    def _delete(self, call: Call, message_uuid: str) -> web.Response:
        """The message leaves its conversation (the docs: its text and attachments are removed on Callbell),
        and a message sent through the API reads `deleted` from then on. Any message with a uuid can be
        deleted, sent through the API or not; once gone it is a 404."""
        state = self.state(call)
        owner = next((c for c in state.contacts.values() if any(m.uuid == message_uuid for m in c.messages)), None)
        if owner is None:
            raise Problem(404, MESSAGE_NOT_FOUND)
        state.put(owner.changed(messages=tuple(m for m in owner.messages if m.uuid != message_uuid)))
        sent = state.sent.get(message_uuid)
        if sent is not None:
            state.sent[message_uuid] = sent.deleted()
        return web.Response(status=204)
