"""What every Callbell handler shares: the state, the contact lookup, the `contact` wrapper, the spec's values.

Start-up checks the Python-side rules against the spec (every custom field type has a check, the status steps
are MessageStatus values), so a spec edit that outgrows them fails loudly instead of answering off-spec.
"""

from __future__ import annotations

from typing import Any

from hamta.openapi import ApiSpec, resolve
from mockserver.apis.callbell.contact_views import ContactViews
from mockserver.apis.callbell.custom_fields import CHECKS
from mockserver.apis.callbell.model import STATUS_STEPS, Contact
from mockserver.apis.callbell.state import CallbellState
from mockserver.errors import Problem
from mockserver.listing.filters import compile_filters
from mockserver.listing.kaminari import KaminariPages
from mockserver.operations import Call
from mockserver.routing import StartupError
from mockserver.settings import Settings

__all__ = ["CONTACT_NOT_FOUND", "CallbellBase", "schema_enum"]

CONTACT_NOT_FOUND = "Contact not found"


def schema_enum(spec: ApiSpec, name: str) -> tuple[str, ...]:
    return tuple(resolve(spec.document, {"$ref": f"#/components/schemas/{name}"})["enum"])


def _check_spec(spec: ApiSpec) -> None:
    field_types = set(
        resolve(spec.document, {"$ref": "#/components/schemas/CustomFieldMetadata"})["properties"]["type"]["enum"]
    )
    if field_types != set(CHECKS):
        raise StartupError(f"callbell: custom field types {sorted(field_types)} but checks for {sorted(CHECKS)}")
    if not set(STATUS_STEPS) <= set(schema_enum(spec, "MessageStatus")):
        raise StartupError(f"callbell: status steps {STATUS_STEPS} are not all MessageStatus values")


class CallbellBase:
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        self.views = ContactViews(spec, settings.callbell_contact_shape)
        _check_spec(spec)
        self.spec = spec
        listing = spec.operation("callbell_contacts_list")
        self.pages = KaminariPages(listing.pagination, "callbell_contacts_list")
        self.message_pages = KaminariPages(
            spec.operation("callbell_contact_messages_list").pagination, "callbell_contact_messages_list"
        )
        self.filters = compile_filters(listing.filters)

    @staticmethod
    def state(call: Call) -> CallbellState:
        return call.world.of(CallbellState)

    def contact(self, call: Call) -> Contact:
        contact = self.state(call).contacts.get(call.request.match_info["uuid"])
        if contact is None:
            raise Problem(404, CONTACT_NOT_FOUND)
        return contact

    def envelope(self, operation_id: str, rendered: dict[str, Any], *, field_types: bool = False) -> dict[str, Any]:
        """`{"contact": ...}` as the docs show it for this operation (or as the setting forces)."""
        return self.views[operation_id].envelope(rendered, field_types=field_types)
