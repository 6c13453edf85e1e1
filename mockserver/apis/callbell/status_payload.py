"""`messageStatusPayload`: the integration's raw status payload, in the shape GET /messages/status's example
shows (docs: messages_api/get_message_status.md:33-41), derived from the message and its status alone, so the
same message in the same status always shows the same payload.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

from mockserver.apis.callbell.model import SentMessage

__all__ = ["status_payload"]

_NAMESPACE = uuid.UUID("6f1d8a52-3c1b-4d55-9a2e-2f4c1e7b9a10")


def _whatsapp_id(message_uuid: str) -> str:
    """27 URL-safe characters, the length of the docs' example id."""
    return base64.urlsafe_b64encode(hashlib.sha256(message_uuid.encode()).digest()[:20]).decode()[:27]


def status_payload(sent: SentMessage, status: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"{sent.uuid}/{status}")),
        "type": status,
        "payload": {"type": "template" if sent.template else "session", "whatsappMessageId": _whatsapp_id(sent.uuid)},
        "destination": sent.destination,
    }
