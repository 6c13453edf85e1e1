"""Header values with parameters (`type/subtype; name=value`) as Django parses them, for the Content-Type, the
media types of an Accept header and a multipart part's headers: quoted values unquoted, RFC 2231 ones decoded.

Ported from Django 5.2.19 django/utils/http.py:320-353 (`parse_header_parameters`), on the standard library's
own parameter parser, as Django's is.
"""

from __future__ import annotations

import codecs
from email.message import Message
from email.utils import collapse_rfc2231_value

__all__ = ["header_parameters"]


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
            if encoding := value[0]:
                try:
                    codecs.lookup(encoding)
                except LookupError:
                    raise ValueError(f"Invalid encoding {encoding!r} for RFC 2231 param.") from None
            value = collapse_rfc2231_value(value)
        found[name] = value
    return key, found
