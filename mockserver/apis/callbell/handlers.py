"""The Callbell API's operations, keyed by the spec's operationIds, one group of handlers per tag."""

from __future__ import annotations

from mockserver.apis.callbell.account_handlers import AccountHandlers
from mockserver.apis.callbell.contact_handlers import ContactHandlers
from mockserver.apis.callbell.message_handlers import MessageHandlers
from mockserver.apis.callbell.webhooks.handlers import WebhookHandlers

__all__ = ["CallbellApi"]


class CallbellApi(ContactHandlers, MessageHandlers, AccountHandlers, WebhookHandlers):
    name = "callbell"
