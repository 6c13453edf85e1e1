"""Header values with parameters (`type/subtype; name=value`) as Django parses them, for the Content-Type, the
media types of an Accept header and a multipart part's headers: quoted values unquoted, RFC 2231 ones decoded; and
the Content-Type's charset as Django takes it for the request's encoding.

Ported from Django 5.2.19 django/utils/http.py:320-353 (`parse_header_parameters`), on the standard library's
own parameter parser, as Django's is.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Mapping
from email.message import Message
from email.utils import collapse_rfc2231_value
from types import MappingProxyType

__all__ = ["header_parameters", "known_charset", "media_type", "text_encoding"]


def header_parameters(line: str) -> tuple[str, dict[str, str]]:
    """Django's parse_header_parameters: the main value lower-cased, and the parameters (RFC 2231 ones decoded; an
    unknown charset there is a ValueError)."""
    if not line:
        return "", {}
    if ";" not in line:
        return line.strip().lower(), {}
    message = Message()
    message["content-type"] = line
    params = message.get_params() or [("", "")]
    key = params.pop(0)[0].lower()
    found: dict[str, str] = {}
    for name, value in params:
        if not name:
            continue
        if isinstance(value, tuple):
            if (encoding := value[0]) and not known_charset(encoding):
                raise ValueError(f"Invalid encoding {encoding!r} for RFC 2231 param.")
            value = collapse_rfc2231_value(value)
        found[name] = value
    return key, found


@functools.lru_cache(maxsize=256)  # clients send the same few Content-Type headers over and over
def media_type(header: str) -> tuple[str, Mapping[str, str]]:
    """The media type and its parameters as Django parses them (quoted values, RFC 2231 ones decoded). A parameter
    in a charset Python does not know crashes Django itself (a 500, HttpRequest._set_content_type_params); the
    mock reads such a header without its parameters."""
    try:
        main, params = header_parameters(header)
    except ValueError:
        main, params = header_parameters(header.partition(";")[0])
    return main, MappingProxyType(params)  # shared by every request with this header


def known_charset(charset: str) -> bool:
    """Whether Python knows the name (Django then takes it as the request's encoding)."""
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def text_encoding(charset: str) -> bool:
    """Whether a known charset encodes text (not base64 or zlib, bytes to bytes; not rot13, text to text)."""
    try:
        "".encode(charset)
    except (LookupError, UnicodeError):
        return False
    return True
