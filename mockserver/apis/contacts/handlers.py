"""The contacts operations, keyed by the spec's operationIds."""

from __future__ import annotations

import datetime as dt
import urllib.parse

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.contacts.model import Contact
from mockserver.apis.contacts.state import ContactsState
from mockserver.drf_metadata import metadata
from mockserver.errors import Problem, json_response
from mockserver.listing.query import ListQuery
from mockserver.negotiation import EscapedJson
from mockserver.operations import Call, operation
from mockserver.request_target import host, origin_form
from mockserver.settings import Settings
from mockserver.store import Repository

__all__ = ["ContactsApi"]

# auto_now_add and auto_now are stamped a few microseconds apart in a real save (seed 000: ...977Z, ...983Z).
_STAMP_GAP = dt.timedelta(microseconds=6)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _contact_response(contact: Contact, status: int = 200) -> web.Response:
    return EscapedJson(body=contact.json(), status=status, content_type="application/json", charset=None)


def absolute_url(request: web.Request) -> str:
    """Django's build_absolute_uri(): the scheme, the Host header (`HttpRequest.get_host`), path and query as sent."""
    return f"{request.scheme}://{host(request)}{origin_form(request)}"


class ContactsApi:
    name = "contacts"

    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        self.spec = spec
        self.profile = spec.profile(settings.profile)
        self.list_query = ListQuery(spec.operation("contacts_list"), self.profile)
        # Whether marking a contact viewed saves the whole model (auto_now stamps updated_at) or only its fields.
        self.viewing_touches = self.profile is None or bool(self.profile["touches-updated-at"])

    @staticmethod
    def store(call: Call) -> Repository[Contact]:
        return call.world.of(ContactsState).contacts

    def lookup(self, call: Call) -> Contact:
        """DRF's get_object(): a non-integer id is a bare 404, an unknown one names the model."""
        try:
            contact_id = int(call.request.match_info["id"])
        except ValueError:
            raise Problem(404, "Not found.") from None
        contact = self.store(call).get(contact_id)
        if contact is None:
            raise Problem(404, "No Contact matches the given query.")
        return contact

    @operation("api_root")
    async def api_root(self, call: Call) -> web.Response:
        request = call.request
        link = f"{request.scheme}://{host(request)}/api/contacts/"
        # DRF's reverse() keeps a `format` the request names, even an empty one (DRF 3.18.3 reverse.py:12-30)
        chosen = call.query.get("format")
        if chosen is not None:
            link += "?" + urllib.parse.urlencode({"format": chosen})
        return json_response({"contacts": link})

    @operation("api_root_options")
    async def api_root_options(self, call: Call) -> web.Response:
        # DRF names a view after its class, and describes it with its docstring (APIRootView's own).
        return json_response(metadata(self.spec, "/api/", None, "The default basic root view for DefaultRouter"))

    @operation("contacts_list")
    async def list(self, call: Call) -> web.Response:
        window = self.list_query.window(call.query)
        count, records = self.list_query.page(self.store(call), call.query, window)
        body = self.list_query.pager.render(absolute_url(call.request), window, count, [r.json() for r in records])
        return EscapedJson(body=body, content_type="application/json", charset=None)  # links are percent-encoded

    @operation("contacts_create")
    async def create(self, call: Call) -> web.Response:
        data = await call.validated()
        now = _now()

        def make(contact_id: int) -> Contact:
            return Contact(
                id=contact_id,
                subject=data["subject"],
                message=data.get("message"),
                first_name=data.get("first_name"),
                last_name=data.get("last_name"),
                email=data.get("email"),
                mobile_number=data.get("mobile_number"),
                viewed=False,
                viewed_at=None,
                created_at=now,
                updated_at=now + _STAMP_GAP,
            )

        return _contact_response(self.store(call).add(make), 201)

    @operation("contacts_retrieve")
    async def retrieve(self, call: Call) -> web.Response:
        contact = self.lookup(call)
        if not contact.viewed:
            now = _now()
            stamps = {"updated_at": now + _STAMP_GAP} if self.viewing_touches else {}
            contact = contact.changed(viewed=True, viewed_at=now, **stamps)
            self.store(call).replace(contact.id, contact)
        return _contact_response(contact)

    @operation("contacts_partial_update")
    async def partial_update(self, call: Call) -> web.Response:
        contact = self.lookup(call)
        data = await call.validated(partial=True)
        # Re-read after the body: another request may have changed the contact while this one was parsing.
        current = self.store(call).get(contact.id)
        if current is None:
            raise Problem(404, "No Contact matches the given query.")
        updated = current.changed(**data, updated_at=_now())
        self.store(call).replace(updated.id, updated)
        return _contact_response(updated)

    @operation("contacts_destroy")
    async def destroy(self, call: Call) -> web.Response:
        contact = self.lookup(call)
        self.store(call).delete(contact.id)
        return web.Response(status=204)

    @operation("contacts_list_options")
    async def list_options(self, call: Call) -> web.Response:
        return json_response(metadata(self.spec, "/api/contacts/", call.account))

    @operation("contacts_detail_options")
    async def detail_options(self, call: Call) -> web.Response:
        # SimpleMetadata only fetches the object to describe PUT, which this view does not have.
        return json_response(metadata(self.spec, "/api/contacts/{id}/", call.account))
