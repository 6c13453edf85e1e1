"""The APIs this mock implements, by spec name."""

from __future__ import annotations

from collections.abc import Callable

from hamta.openapi import ApiSpec
from mockserver.apis.contacts.handlers import ContactsApi

__all__ = ["IMPLEMENTED"]

IMPLEMENTED: dict[str, Callable[[ApiSpec], object]] = {
    "contacts": ContactsApi,
}
