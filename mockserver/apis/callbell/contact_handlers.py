"""The Contacts API: create, list, look up, update, delete, a contact's messages, and its conversation."""

from __future__ import annotations

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.base import CONTACT_NOT_FOUND, CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.changes import new_contact, updated_contact
from mockserver.apis.callbell.model import Contact, utc_now
from mockserver.apis.callbell.render import render_contact
from mockserver.apis.callbell.webhooks import payloads
from mockserver.apis.callbell.webhooks.emit import emit
from mockserver.errors import Problem, json_response
from mockserver.listing.filters import active_predicates, parse_boolean
from mockserver.listing.page_cursor import lenient_page
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["ContactHandlers"]


def _cursor_key(pair: tuple[Contact, object]) -> tuple[int, int]:
    contact = pair[0]
    return int(contact.activity.timestamp() * 1000), contact.id


class ContactHandlers(CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.create_body = Body(spec, "callbell_contacts_create")
        self.update_body = Body(spec, "callbell_contacts_update")

    @staticmethod
    def field_types(call: Call) -> bool:
        return parse_boolean(call.query.get("include_field_types", "")) is True

    @operation("callbell_contacts_list")
    async def list_contacts(self, call: Call) -> web.Response:
        """Filters from the spec's `x-filter` run on the rendered contact (`team.uuid` is a dotted field)."""
        state = self.state(call)
        self.pager.cursor(call.query)  # a bad token is a 400 before any work
        predicates = active_predicates(self.filters, call.query)
        field_types = self.field_types(call)
        rendered = [(c, render_contact(c, state.account, field_types=field_types)) for c in state.by_activity()]
        kept = [pair for pair in rendered if all(predicate(pair[1]) for predicate in predicates)]
        batch = self.pager.batch(call.query, kept, _cursor_key)
        return json_response({"contacts": [body for _, body in batch.items], "meta": batch.meta})

    @operation("callbell_contacts_create")
    async def create(self, call: Call) -> web.Response:
        data = await self.create_body.read(call)
        state = self.state(call)
        # new_contact raises its 422s before add() stores anything
        contact = state.add(lambda contact_id: new_contact(state.account, data, contact_id, utc_now()))
        emit(call, "contact_created", lambda: payloads.contact(contact))
        return json_response(self.envelope(render_contact(contact, state.account)))

    @operation("callbell_contacts_retrieve")
    async def retrieve(self, call: Call) -> web.Response:
        contact = self.contact(call)
        rendered = render_contact(contact, self.state(call).account, field_types=self.field_types(call))
        return json_response(self.envelope(rendered))

    @operation("callbell_contacts_retrieve_by_phone")
    async def retrieve_by_phone(self, call: Call) -> web.Response:
        """On `channel_uuid` (an unknown one finds nothing), else on the main WhatsApp channel, as documented."""
        state = self.state(call)
        wanted = call.query.get("channel_uuid")
        channel = state.account.channel(wanted) if wanted else state.account.main_channel("whatsapp")
        contact = state.by_phone(call.request.match_info["phone_number"], channel.uuid) if channel else None
        if contact is None:
            raise Problem(404, CONTACT_NOT_FOUND)
        return json_response(self.envelope(render_contact(contact, state.account)))

    @operation("callbell_contacts_update")
    async def update(self, call: Call) -> web.Response:
        self.contact(call)  # a 404 comes before any complaint about the body
        data = await self.update_body.read(call)
        state = self.state(call)
        current = self.contact(call)  # re-read: the body may have arrived after another request changed it
        contact = updated_contact(state.account, current, data)
        state.put(contact)
        emit(call, "contact_updated", lambda: payloads.contact(contact))
        return json_response(self.envelope(render_contact(contact, state.account)))

    @operation("callbell_contacts_destroy")
    async def destroy(self, call: Call) -> web.Response:
        contact = self.contact(call)
        self.state(call).remove(contact.uuid)
        emit(call, "contact_deleted", lambda: payloads.contact_deleted(contact.uuid, utc_now()))
        return json_response({"status": "contact was destroyed"})

    @operation("callbell_contact_messages_list")
    async def messages(self, call: Call) -> web.Response:
        """Newest first, pages of the contact list's page size (the docs give none for messages); a page past
        the end is empty, and a malformed page is page 1 (the spec declares no 400 here)."""
        contact = self.contact(call)
        number = lenient_page(call.query.get("page"))
        start = (number - 1) * self.pager.size
        shown = contact.messages[start : start + self.pager.size]
        return json_response({"messages": [message.render() for message in shown]})

    @operation("callbell_contact_conversation_open")
    async def open_conversation(self, call: Call) -> web.Response:
        return self._conversation(call, closed=False)

    @operation("callbell_contact_conversation_close")
    async def close_conversation(self, call: Call) -> web.Response:
        """Closing an already closed conversation closes it again: `closedAt` becomes now."""
        return self._conversation(call, closed=True)

    def _conversation(self, call: Call, *, closed: bool) -> web.Response:
        state = self.state(call)
        contact = self.contact(call).changed(closed_at=utc_now() if closed else None)
        state.put(contact)
        emit(call, "conversation_closed" if closed else "conversation_opened", lambda: payloads.conversation(contact))
        return json_response(self.envelope(render_contact(contact, state.account)))
