"""The `callbell` section of a state document: records in the API's own shapes, checked against the spec.

Contacts are dumped as the API renders them (with `customFieldsMetadata`, which keeps checkbox values typed)
plus the internals no response shows (`id`, `botStatus`, `messages`), so a person editing a dump edits the
shape they already know. Loading refuses anything the spec's schemas or the account do not allow.
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.callbell.account import Account
from mockserver.apis.callbell.custom_fields import CHECKS
from mockserver.apis.callbell.model import Contact, ContactMessage, FieldValue, SentMessage, format_time, parse_time
from mockserver.apis.callbell.render import render_contact
from mockserver.schemas import validator
from mockserver.state import StateError

__all__ = ["dump_contact", "dump_sent", "load_account", "load_contact", "load_sent"]


def _fit(raw: Any, schema: str, where: str) -> None:
    for error in validator("callbell", f"#/components/schemas/{schema}").iter_errors(raw):
        raise StateError(f"callbell.{where} does not fit the spec's {schema}: {error.message}")


def dump_contact(contact: Contact, account: Account) -> dict[str, Any]:
    return {
        "id": contact.id,
        "botStatus": contact.bot_status,
        "botStartedAt": format_time(contact.bot_started_at) if contact.bot_started_at else None,
        **render_contact(contact, account, field_types=True),
        "messages": [message.render() for message in contact.messages],
    }


def load_account(raw: dict[str, Any]) -> Account:
    for kind, schema in (("teams", "Team"), ("channels", "Channel"), ("funnels", "Funnel")):
        for index, item in enumerate(raw[kind]):
            _fit(item, schema, f"account.{kind}[{index}]")
    for index, item in enumerate(raw["customFields"]):
        if item.get("type") not in CHECKS:
            raise StateError(f"callbell.account.customFields[{index}]: unknown type {item.get('type')!r}")
    return Account.load(raw)


def _uuid_of(raw: dict[str, Any], key: str, known: Any, where: str) -> str | None:
    uuid = (raw.get(key) or {}).get("uuid")
    if uuid is not None and known(uuid) is None:
        raise StateError(f"{where}: {key} {uuid!r} is not in the account")
    return str(uuid) if uuid is not None else None


def _fields(raw: dict[str, Any], account: Account, where: str) -> dict[str, FieldValue]:
    typed = raw.get("customFieldsMetadata")
    if typed is None or set(typed) != set(raw["customFields"]):
        raise StateError(f"{where}: customFieldsMetadata must hold every custom field (typed values)")
    fields: dict[str, FieldValue] = {}
    for name, entry in typed.items():
        if account.field(name) is None:
            raise StateError(f"{where}: custom field {name!r} is not in the account")
        value = entry["value"]
        fields[name] = value if isinstance(value, str) else tuple(value)
    return fields


def load_contact(raw: Any, account: Account, index: int) -> Contact:
    where = f"callbell.contacts[{index}]"
    _fit(raw, "Contact", f"contacts[{index}]")
    if raw.get("botStatus") is not None:
        _fit(raw["botStatus"], "BotStatus", f"contacts[{index}].botStatus")
    for number, message in enumerate(raw.get("messages", [])):
        _fit(message, "ContactMessage", f"contacts[{index}].messages[{number}]")
    messages = sorted(
        (ContactMessage.from_rendered(m) for m in raw.get("messages", [])), key=lambda m: m.created_at, reverse=True
    )
    return Contact(
        id=int(raw["id"]),
        uuid=raw["uuid"],
        name=raw["name"],
        phone_number=raw["phoneNumber"],
        created_at=parse_time(raw["createdAt"]),
        source=raw["source"],
        tags=tuple(raw["tags"]),
        custom_fields=_fields(raw, account, where),
        assigned_user=raw["assignedUser"],
        team=_uuid_of(raw, "team", account.team, where),
        channel=_uuid_of(raw, "channel", account.channel, where),
        funnel_id=raw.get("funnelId"),
        closed_at=parse_time(raw["closedAt"]) if raw.get("closedAt") else None,
        blocked_at=parse_time(raw["blockedAt"]) if raw.get("blockedAt") else None,
        bot_status=raw.get("botStatus"),
        note=raw.get("note"),
        bsuid=raw.get("bsuid"),
        messages=tuple(messages),
        bot_started_at=parse_time(raw["botStartedAt"]) if raw.get("botStartedAt") else None,
    )


def dump_sent(sent: SentMessage) -> dict[str, Any]:
    return {
        "uuid": sent.uuid,
        "contact": sent.contact,
        "status": sent.status,
        "destination": sent.destination,
        "template": sent.template,
        "metadata": dict(sent.metadata),
    }


def load_sent(raw: Any, index: int) -> SentMessage:
    """`destination`, `template` and `metadata` may be left out (documents written before they existed)."""
    _fit(raw.get("status"), "MessageStatus", f"sent[{index}].status")
    metadata = raw.get("metadata") or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise StateError(f"callbell.sent[{index}].metadata must map names to strings")
    return SentMessage(
        str(raw["uuid"]),
        str(raw["contact"]),
        raw["status"],
        str(raw.get("destination", "")),
        raw.get("template") is True,
        {str(k): v for k, v in metadata.items()},
    )
