"""Each event's payload in the shape its page under `docs/api/reference/webhooks/` shows (at 4878e4f).

Payloads are built when the event happens, so a delivery shows the record as it was then, whatever changes
later. The time formats differ by page, as the docs' examples do.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuids
from typing import Any

from mockserver.apis.callbell.account import Team, User
from mockserver.apis.callbell.model import Contact, ContactMessage, format_time
from mockserver.apis.callbell.render import DASHBOARD

__all__ = [
    "agent_session",
    "contact",
    "contact_deleted",
    "conversation",
    "message_created",
    "message_status_updated",
    "team_membership",
]

# A conversation closed through the API: the one closing reason the docs show (conversation_closed.md:35).
CLOSING_REASON = "issue_resolved"


def _millis(value: dt.datetime, *, zulu: bool) -> str:
    """`2026-03-21T09:31:05.250Z` (contact_deleted.md:27) or `...05.000+00:00` (message_created.md:106)."""
    utc = value.astimezone(dt.UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}"
    return text + ("Z" if zulu else "+00:00")


def contact(record: Contact, *, conversation_href: bool = True) -> dict[str, Any]:
    """The nine keys of contact_created.md:22-32, in its order; the conversation events leave out
    `conversationHref` (conversation_opened.md:25-34)."""
    rendered: dict[str, Any] = {"href": f"{DASHBOARD}/contacts/{record.uuid}"}
    if conversation_href:
        rendered["conversationHref"] = f"{DASHBOARD}/chat/{record.uuid}"
    rendered.update(
        name=record.name,
        tags=list(record.tags),
        uuid=record.uuid,
        source=record.source,
        avatarUrl=None,
        createdAt=format_time(record.created_at),
        phoneNumber=record.phone_number,
    )
    return rendered


def contact_deleted(uuid: str, when: dt.datetime) -> dict[str, Any]:
    return {"uuid": uuid, "deleted": _millis(when, zulu=True)}


def conversation(record: Contact) -> dict[str, Any]:
    """Opened, or (with the contact's `closedAt` set) closed. The mock keeps one conversation per contact,
    begun when the contact was (as `fields=conversation` on a send shows it)."""
    payload: dict[str, Any] = {
        "source": record.source,
        "href": f"{DASHBOARD}/chat/{record.uuid}",
        "contact": contact(record, conversation_href=False),
    }
    if record.closed_at is not None:
        payload["closingReason"] = CLOSING_REASON
    payload["createdAt"] = format_time(record.created_at)
    if record.closed_at is not None:
        payload["closedAt"] = format_time(record.closed_at)
    return payload


def message_created(record: Contact, message: ContactMessage, sent: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message of the conversation; `sent` is the send request's body, whose media url becomes the
    attachment and whose `metadata` is echoed (post_send_messages.md:133-145)."""
    payload: dict[str, Any] = {
        "to": message.recipient,
        "from": message.sender,
        "text": message.text,
        "status": message.status,
        "channel": message.channel,
        "contact": contact(record),
    }
    sent = sent or {}
    content = sent.get("content") or {}
    if content.get("url"):
        payload["attachments"] = [content["url"]]
    if sent.get("metadata"):
        payload["metadata"] = dict(sent["metadata"])
    payload["createdAt"] = _millis(message.created_at, zulu=False)
    return payload


def message_status_updated(
    record: Contact, message_uuid: str, status: str, when: dt.datetime, metadata: dict[str, str] | None = None
) -> dict[str, Any]:
    """`messageStatusPayload` in the webhook page's form (message_status_updated.md:88-96), derived from the
    message's uuid and the recipient, so the same message always gets the same ids."""
    payload: dict[str, Any] = {"uuid": message_uuid, "status": status, "contact": contact(record)}
    if metadata:
        payload["metadata"] = dict(metadata)
    payload["messageStatusPayload"] = {
        "id": f"wamid.{message_uuid}",
        "gsId": str(uuids.UUID(hex=uuids.uuid5(uuids.NAMESPACE_URL, message_uuid).hex)),
        "type": status,
        "payload": {"ts": int(when.timestamp())},
        "destination": "".join(ch for ch in record.phone_number or "" if ch.isdigit()),
    }
    return payload


def agent_session(action: str, member: dict[str, Any]) -> dict[str, Any]:
    """The action and the agent as a TeamMember (`User.member`, agent_session_updated.md)."""
    return {"action": action, "user": member}


def team_membership(team: Team, user: User, reason: str, when: dt.datetime) -> dict[str, Any]:
    """The team, and a user without `name` whose time is `lastUpdateAt` (team_membership_updated.md:28-41)."""
    return {
        "team": team.render(),
        "user": {"email": user.email, "available": user.available, "lastUpdateAt": format_time(when)},
        "reason": reason,
        "lastUpdateAt": format_time(when),
    }
