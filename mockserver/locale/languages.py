"""Which of an API's languages a request is answered in: Django's `get_language_from_request` (what
LocaleMiddleware asks), for a deployment without `i18n_patterns`.

The `django_language` cookie first, when it names a supported language; then the Accept-Language header's
ranges by q-value (a stable sort, so equal q-values keep their order; `q=0` is not special, and `*` ends the
search), each tried as written and then by its generic prefix (`en-GB` -> `en`), or as a supported regional
variant of its prefix; else the default. A malformed header counts as no header, and a header longer than
500 characters is read up to its last comma before that (Django's guard against huge headers).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["Languages"]

COOKIE = "django_language"  # Django's LANGUAGE_COOKIE_NAME
_MAX_LENGTH = 500  # trans_real.LANGUAGE_CODE_MAX_LENGTH
_ACCEPT_LANGUAGE = re.compile(
    r"""
        ([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)        # "en", "en-au", "x-y-z", "es-419", "*"
        (?:\s*;\s*q=(0(?:\.[0-9]{,3})?|1(?:\.0{,3})?))?  # optional "q=1.00", "q=0.8"
        (?:\s*,\s*|$)                                   # several ranges in one header
    """,
    re.VERBOSE,
)
_LANGUAGE_CODE = re.compile(r"^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$", re.IGNORECASE)


def _parse(header: str) -> tuple[str, ...]:
    """Django's `_parse_accept_lang_header`: the ranges, highest q first; () if any part is malformed."""
    pieces = _ACCEPT_LANGUAGE.split(header.lower())
    if pieces[-1]:
        return ()
    ranked: list[tuple[str, float]] = []
    for index in range(0, len(pieces) - 1, 3):
        first, language, quality = pieces[index : index + 3]
        if first:
            return ()
        ranked.append((language, float(quality) if quality else 1.0))
    ranked.sort(key=lambda pair: pair[1], reverse=True)
    return tuple(language for language, _ in ranked)


@functools.lru_cache(maxsize=256)  # clients send the same few headers over and over, as Django caches them
def parse_accept_language(header: str) -> tuple[str, ...]:
    if len(header) <= _MAX_LENGTH:
        return _parse(header)
    cut = header.rfind(",", 0, _MAX_LENGTH)
    return _parse(header[:cut]) if cut > 0 else ()


@dataclass(frozen=True)
class Languages:
    """A deployment's LANGUAGES (lower-case codes) and its LANGUAGE_CODE."""

    codes: tuple[str, ...]
    default: str

    def supported(self, code: str) -> str | None:
        """Django's `get_supported_language_variant`: the code, a more generic one, or a regional variant."""
        if len(code) > _MAX_LENGTH:
            cut = code.rfind("-", 0, _MAX_LENGTH)
            if cut <= 0:
                return None
            code = code[:cut]
        candidates = [code]
        end = len(code)
        while (end := code.rfind("-", 0, end)) > -1:
            candidates.append(code[:end])
        for candidate in candidates:
            if candidate.lower() in self.codes:
                return candidate.lower()
        generic = candidates[-1]
        return next((known for known in self.codes if known.startswith(generic + "-")), None)

    def choose(self, accept_language: str | None, cookie: str | None = None) -> str:
        if cookie:
            chosen = self.supported(cookie)
            if chosen is not None:
                return chosen
        for language in parse_accept_language(accept_language or ""):
            if language == "*":
                break
            if not _LANGUAGE_CODE.search(language):
                continue
            chosen = self.supported(language)
            if chosen is not None:
                return chosen
        return self.supported(self.default) or self.default
