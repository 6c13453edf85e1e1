"""The contacts admin API (seeds 000-002), as Django REST Framework serves it."""

from mockserver.apis.contacts.handlers import ContactsApi
from mockserver.apis.contacts.state import KIND
from mockserver.apis.registry import ApiModule, token_credentials

MODULE = ApiModule(ContactsApi, KIND, "Authorization: Token <secret>", token_credentials("contacts"))
