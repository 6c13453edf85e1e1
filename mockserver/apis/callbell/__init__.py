"""The Callbell public API v1 (seed 004): a Rails app answering `{"error": ...}`, Bearer tokens, camelCase."""

from mockserver.apis.callbell.handlers import CallbellApi
from mockserver.apis.callbell.state import KIND
from mockserver.apis.callbell.webhooks.wiring import extend
from mockserver.apis.registry import ApiModule, token_credentials

MODULE = ApiModule(CallbellApi, KIND, "Authorization: Bearer <secret>", token_credentials("callbell"), extend=extend)
