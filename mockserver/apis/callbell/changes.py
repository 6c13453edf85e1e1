"""What a create or update body does to a contact, after checking every name against the account.

Each check raises a 422 before anything is stored ("make sure that they exist in your account", seed 004), in
the order the docs list the parameters: tags, custom fields, assigned user, team, channel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mockserver.apis.callbell.account import Account, Channel
from mockserver.apis.callbell.custom_fields import checked_fields
from mockserver.apis.callbell.model import Contact
from mockserver.errors import Problem

__all__ = ["new_contact", "resolve_channel", "resolve_funnel", "resolve_team", "resolve_user", "updated_contact"]


def _tags(account: Account, names: list[str]) -> tuple[str, ...]:
    tags: list[str] = []
    for name in names:
        tag = account.tag(name)
        if tag is None:
            raise Problem(422, f"Tag '{name}' does not exist")
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def resolve_user(account: Account, email: str) -> str:
    user = account.user(email)
    if user is None:
        raise Problem(422, f"User '{email}' does not exist")
    return user.email


def resolve_team(account: Account, team_uuid: str) -> str:
    if account.team(team_uuid) is None:
        raise Problem(422, f"Team '{team_uuid}' does not exist")
    return team_uuid


def resolve_channel(account: Account, channel_uuid: str) -> Channel:
    channel = account.channel(channel_uuid)
    if channel is None:
        raise Problem(422, f"Channel '{channel_uuid}' does not exist")
    return channel


def resolve_funnel(account: Account, funnel_id: str) -> str:
    if not any(funnel.uuid == funnel_id for funnel in account.funnels):
        raise Problem(422, f"Funnel '{funnel_id}' does not exist")
    return funnel_id


def assignment_changes(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    """Assigned user, team and bot status: what create, update and send may all set on a contact."""
    changes: dict[str, Any] = {}
    if "assigned_user" in data:
        changes["assigned_user"] = resolve_user(account, data["assigned_user"])
    if "team_uuid" in data:
        changes["team"] = resolve_team(account, data["team_uuid"])
    if "bot_status" in data:
        changes["bot_status"] = data["bot_status"]
    return changes


def _common(account: Account, current: Contact | None, data: dict[str, Any]) -> dict[str, Any]:
    """The changes both create and update make; keys left out of the body are left out here."""
    changes: dict[str, Any] = {}
    if "tags" in data:
        changes["tags"] = _tags(account, data["tags"])
    if "custom_fields" in data:
        changes["custom_fields"] = checked_fields(
            account, current.custom_fields if current else {}, data["custom_fields"]
        )
    changes.update(assignment_changes(account, data))
    if "note" in data:
        changes["note"] = data["note"] or None
    if "name" in data:
        changes["name"] = data["name"]
    return changes


def new_contact(account: Account, data: dict[str, Any], contact_id: int, now: dt.datetime, minted: str) -> Contact:
    """The contact lands on `channel_uuid`, else on the main channel of its source (none for an unknown source)."""
    changes = _common(account, None, data)
    if "channel_uuid" in data:
        channel: Channel | None = resolve_channel(account, data["channel_uuid"])
    else:
        channel = account.main_channel(data["source"])
    return Contact(
        id=contact_id,
        uuid=minted,
        phone_number=data["identifier"],
        created_at=now,
        source=data["source"],
        channel=channel.uuid if channel else None,
        **changes,
    )


def updated_contact(account: Account, contact: Contact, data: dict[str, Any]) -> Contact:
    """PATCH: `unassign_user: true` wins over an `assigned_user` in the same body; the phone number never
    changes (an `identifier` key is ignored like any unknown key)."""
    changes = _common(account, contact, data)
    if data.get("unassign_user") is True:
        changes["assigned_user"] = None
    return contact.changed(**changes)
