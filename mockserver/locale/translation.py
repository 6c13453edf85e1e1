"""gettext for the mock: every DRF or Django message is written as the framework's own msgid (the English
template, `Ensure this field has no more than {max_length} characters.`), translated into the active language
where it is made, then formatted, exactly as DRF formats its translated `error_messages`.

Django activates a language per request in a thread-local; here a context variable plays that part (each
aiohttp request runs in a task of its own, with its own copy of the context), set by the locale layer. With
nothing active (every API that declares no languages) a message is its msgid.

The catalogues are data, `<language>.json` beside this module: the subset of Django's and DRF's catalogues that
the mock emits, so Django is never imported at run time. `tests/locale_catalog.py` regenerates them from the
installed frameworks, and `tests/test_locale_catalog.py` fails when one differs from them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

__all__ = ["CATALOGUES", "Translation", "activated", "active_language", "gettext", "translation"]

CATALOGUES = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Translation:
    """One language's messages by msgid. The source language (English) has no catalogue: its msgids are its
    messages, as in Django, where an untranslated msgid is shown as written."""

    language: str
    messages: Mapping[str, str]


@cache
def translation(language: str) -> Translation:
    path = CATALOGUES / f"{language}.json"
    messages = json.loads(path.read_text(encoding="utf-8"))["messages"] if path.is_file() else {}
    return Translation(language, MappingProxyType(messages))


_ACTIVE: ContextVar[Translation | None] = ContextVar("hamta_active_language", default=None)


def gettext(message: str) -> str:
    """The active language's translation of a msgid, or the msgid itself (no language active, or a message the
    frameworks do not translate)."""
    active = _ACTIVE.get()
    return message if active is None else active.messages.get(message, message)


def active_language() -> str | None:
    """The language activated for this request (Django's `get_language()`), None outside a localised API."""
    active = _ACTIVE.get()
    return None if active is None else active.language


@contextmanager
def activated(language: str) -> Iterator[None]:
    """Django's `translation.override`: `language` is active inside the block, whatever awaits run in it."""
    token = _ACTIVE.set(translation(language))
    try:
        yield
    finally:
        _ACTIVE.reset(token)
