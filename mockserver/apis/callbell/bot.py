"""The account's bot as GET and POST /contacts/{uuid}/bot show it for one contact.

Statuses (docs: object_types/bot.md): `started` once `bot_start` is set and until the customer writes,
`in_progress` from the customer's first message after that (`conversationStartedAt` is that moment), `ended`
after `bot_end`, and for a contact the bot never ran for (inferred: the docs do not say).
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.callbell.model import Contact, format_time

__all__ = ["BOT_NAME", "BOT_UUID", "BOT_VERSION", "render_bot"]

BOT_UUID = "f7155fc557b74597b429bd3dbb5ca677"  # the docs' bot, so their examples name it
BOT_NAME = "دستیار فروشگاه"
BOT_VERSION = 5


def _status(contact: Contact) -> str:
    if contact.bot_status != "bot_start":
        return "ended"
    return "started" if contact.bot_started_at is None else "in_progress"


def render_bot(contact: Contact) -> dict[str, Any]:
    return {
        "uuid": BOT_UUID,
        "name": BOT_NAME,
        "status": _status(contact),
        "conversationStartedAt": format_time(contact.bot_started_at) if contact.bot_started_at else None,
        "version": BOT_VERSION,
        "latestBotVersion": True,
    }
