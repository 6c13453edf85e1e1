"""A contact as the API shows it (camelCase), resolving its team and channel against the account."""

from __future__ import annotations

from typing import Any

from mockserver.apis.callbell.account import Account
from mockserver.apis.callbell.custom_fields import field_metadata, field_text
from mockserver.apis.callbell.model import Contact, format_time

__all__ = ["DASHBOARD", "render_contact"]

DASHBOARD = "https://dash.callbell.eu"


def _when(value: Any) -> str | None:
    return None if value is None else format_time(value)


def render_contact(contact: Contact, account: Account, *, field_types: bool = False) -> dict[str, Any]:
    """Every documented field; `team` and `channel` are `{}` when there is none (the docs' close example).
    `customFieldsMetadata` only with `include_field_types=true`."""
    team = account.team(contact.team) if contact.team else None
    channel = account.channel(contact.channel) if contact.channel else None
    rendered: dict[str, Any] = {
        "uuid": contact.uuid,
        "name": contact.name,
        "phoneNumber": contact.phone_number,
        "avatarUrl": None,
        "blockedAt": _when(contact.blocked_at),
        "createdAt": format_time(contact.created_at),
        "source": contact.source,
        "funnelId": contact.funnel_id,
        "closedAt": _when(contact.closed_at),
        "href": f"{DASHBOARD}/contacts/{contact.uuid}",
        "conversationHref": f"{DASHBOARD}/chat/{contact.uuid}",
        "tags": list(contact.tags),
        "assignedUser": contact.assigned_user,
        "customFields": {name: field_text(value) for name, value in contact.custom_fields.items()},
        "team": team.render() if team else {},
        "channel": channel.render() if channel else {},
        "note": contact.note,
    }
    if field_types:
        rendered["customFieldsMetadata"] = {
            name: field_metadata(account.field(name), value) for name, value in contact.custom_fields.items()
        }
    if contact.bsuid is not None:
        rendered["bsuid"] = contact.bsuid
    return rendered
