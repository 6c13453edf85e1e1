"""Akinon Commerce's user support API (seed 003): contact-us subjects and form, conversations, sessions."""

from mockserver.apis.conversations.handlers import ConversationsApi
from mockserver.apis.conversations.state import KIND
from mockserver.apis.registry import ApiModule

MODULE = ApiModule(ConversationsApi, KIND)
