"""The Contacts API: create, list, look up (uuid, phone, bsuid), update, delete, a contact's messages, its
conversation (open, close, note, funnel) and its bot."""

from __future__ import annotations

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.base import CONTACT_NOT_FOUND, CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.bot import render_bot
from mockserver.apis.callbell.changes import new_contact, resolve_funnel, updated_contact
from mockserver.apis.callbell.ids import mint
from mockserver.apis.callbell.model import Contact, ContactMessage
from mockserver.apis.callbell.render import render_contact
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit
from mockserver.errors import Problem, json_response
from mockserver.listing.filters import active_predicates, parse_boolean
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["ContactHandlers"]


class ContactHandlers(CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.create_body = Body(spec, "callbell_contacts_create")
        self.update_body = Body(spec, "callbell_contacts_update")
        self.note_body = Body(spec, "callbell_contact_conversation_note")
        self.funnel_body = Body(spec, "callbell_contact_conversation_update_funnel")
        self.bot_body = Body(spec, "callbell_contact_bot_update")

    @staticmethod
    def field_types(call: Call) -> bool:
        return parse_boolean(call.query.get("include_field_types", "")) is True

    def answer(self, call: Call, operation_id: str, contact: Contact, *, field_types: bool = False) -> web.Response:
        rendered = render_contact(contact, self.state(call).account, field_types=field_types)
        return json_response(self.envelope(operation_id, rendered, field_types=field_types))

    @operation("callbell_contacts_list")
    async def list_contacts(self, call: Call) -> web.Response:
        """Filters from the spec's `x-filter` run on the fully rendered contact (`team.uuid` is a dotted
        field); each kept contact then shows the documented keys."""
        state = self.state(call)
        predicates = active_predicates(self.filters, call.query)
        field_types = self.field_types(call)
        rendered = [render_contact(c, state.account, field_types=field_types) for c in state.by_activity()]
        kept = [body for body in rendered if all(predicate(body) for predicate in predicates)]
        view = self.views["callbell_contacts_list"]
        shown = [view.show(body, field_types=field_types) for body in self.pages.page(call.query, kept)]
        return json_response({"contacts": shown})

    @operation("callbell_contacts_create")
    async def create(self, call: Call) -> web.Response:
        data = await self.create_body.read(call)
        state = self.state(call)
        # new_contact raises its 422s before add() stores anything
        contact = new_contact(
            state.account, data, state.next_id, state.clock, mint("contact", state.clock, state.contacts)
        )
        contact = state.add(lambda contact_id: contact.changed(id=contact_id, created_at=state.tick()))
        emit(call, "contact_created", lambda: payloads.contact(contact))
        return self.answer(call, "callbell_contacts_create", contact)

    @operation("callbell_contacts_retrieve")
    async def retrieve(self, call: Call) -> web.Response:
        return self.answer(call, "callbell_contacts_retrieve", self.contact(call), field_types=self.field_types(call))

    @operation("callbell_contacts_retrieve_by_phone")
    async def retrieve_by_phone(self, call: Call) -> web.Response:
        """On `channel_uuid` (an unknown one finds nothing), else on the main WhatsApp channel, as documented."""
        state = self.state(call)
        wanted = call.query.get("channel_uuid")
        channel = state.account.channel(wanted) if wanted else state.account.main_channel("whatsapp")
        contact = state.by_phone(call.request.match_info["phone_number"], channel.uuid) if channel else None
        if contact is None:
            raise Problem(404, CONTACT_NOT_FOUND)
        return self.answer(call, "callbell_contacts_retrieve_by_phone", contact)

    @operation("callbell_contacts_retrieve_by_bsuid")
    async def retrieve_by_bsuid(self, call: Call) -> web.Response:
        contact = self.state(call).by_bsuid(call.request.match_info["bsuid"])
        if contact is None:
            raise Problem(404, CONTACT_NOT_FOUND)
        return self.answer(call, "callbell_contacts_retrieve_by_bsuid", contact)

    @operation("callbell_contacts_update")
    async def update(self, call: Call) -> web.Response:
        self.contact(call)  # a 404 comes before any complaint about the body
        data = await self.update_body.read(call)
        state = self.state(call)
        current = self.contact(call)  # re-read: the body may have arrived after another request changed it
        contact = updated_contact(state.account, current, data)
        state.put(contact)
        emit(call, "contact_updated", lambda: payloads.contact(contact))
        return self.answer(call, "callbell_contacts_update", contact)

    @operation("callbell_contacts_destroy")
    async def destroy(self, call: Call) -> web.Response:
        contact = self.contact(call)
        state = self.state(call)
        state.remove(contact.uuid)
        deleted = state.tick()  # an event, subscribed or not: the clock must not depend on who listens
        emit(call, "contact_deleted", lambda: payloads.contact_deleted(contact.uuid, deleted))
        return json_response({"status": "contact was destroyed"})

    @operation("callbell_contact_messages_list")
    async def messages(self, call: Call) -> web.Response:
        """Newest first, in pages (`x-pagination`); a page past the end is empty, and a malformed page is
        page 1 (the spec declares no 400 here)."""
        contact = self.contact(call)
        shown = self.message_pages.page(call.query, contact.messages)
        return json_response({"messages": [message.render() for message in shown]})

    @operation("callbell_contact_conversation_open")
    async def open_conversation(self, call: Call) -> web.Response:
        state = self.state(call)
        contact = self.contact(call).changed(closed_at=None)
        state.put(contact)
        emit(call, "conversation_opened", lambda: payloads.conversation(contact))
        return self.answer(call, "callbell_contact_conversation_open", contact)

    @operation("callbell_contact_conversation_close")
    async def close_conversation(self, call: Call) -> web.Response:
        """Closing an already closed conversation closes it again: `closedAt` becomes now."""
        state = self.state(call)
        contact = self.contact(call)
        contact = contact.changed(closed_at=state.tick())
        state.put(contact)
        emit(call, "conversation_closed", lambda: payloads.conversation(contact))
        return self.answer(call, "callbell_contact_conversation_close", contact)

    @operation("callbell_contact_conversation_note")
    async def note(self, call: Call) -> web.Response:
        """The note joins the conversation as a message of status `note` (as in the messages list), from and
        to the business number; `@handle` mentions are kept as written."""
        self.contact(call)
        data = await self.note_body.read(call)
        state = self.state(call)
        contact = self.contact(call)
        channel = state.account.channel(contact.channel) if contact.channel else None
        business = channel.identifier if channel else ""
        note = ContactMessage(None, data["text"], state.tick(), "note", contact.source, business, business)
        state.put(contact.changed(messages=(note, *contact.messages)))
        return json_response({"success": True})

    @operation("callbell_contact_conversation_update_funnel")
    async def update_funnel(self, call: Call) -> web.Response:
        self.contact(call)
        data = await self.funnel_body.read(call)
        state = self.state(call)
        funnel = resolve_funnel(state.account, data["funnel_id"])
        contact = self.contact(call).changed(funnel_id=funnel)
        state.put(contact)
        return self.answer(call, "callbell_contact_conversation_update_funnel", contact)

    @operation("callbell_contact_bot_retrieve")
    async def bot(self, call: Call) -> web.Response:
        return json_response({"bot": render_bot(self.contact(call))})

    @operation("callbell_contact_bot_update")
    async def set_bot(self, call: Call) -> web.Response:
        """`bot_start` (re)starts the bot: `started` until the customer writes; `bot_end` stops it."""
        self.contact(call)
        data = await self.bot_body.read(call)
        state = self.state(call)
        contact = self.contact(call).changed(bot_status=data["status"], bot_started_at=None)
        if data["status"] == "bot_end":
            contact = contact.changed(bot_started_at=self.contact(call).bot_started_at)
        state.put(contact)
        return json_response({"bot": render_bot(contact)})
