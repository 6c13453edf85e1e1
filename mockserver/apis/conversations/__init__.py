"""Akinon Commerce's user support API (seed 003): contact-us subjects and form, conversations, sessions."""

from mockserver.apis.conversations.config import shop_config
from mockserver.apis.conversations.handlers import ConversationsApi
from mockserver.apis.conversations.state import KIND
from mockserver.apis.registry import ApiModule, Credential


def _users() -> list[Credential]:
    note = {True: "", False: "e-mail not verified: login is refused"}
    return [Credential(u.email, u.password, note[u.verified]) for u in shop_config().users]


MODULE = ApiModule(
    ConversationsApi,
    KIND,
    "POST /users/login/ {email, password} (CSRF cookie first)",
    _users,
    languages=lambda: shop_config().locale,
)
