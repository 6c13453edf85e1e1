"""Request bodies as DRF's default parsers read them: JSON, form-urlencoded and multipart; 415 for the rest.

The messages are DRF's own ("JSON parse error - ...", 'Unsupported media type "..." in request.'), built from
the same Python exceptions DRF sees, so they match a real deployment word for word.
"""

from __future__ import annotations

import asyncio
import codecs
import io
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import hdrs, web

from hamta.openapi import DataUploadLimits
from mockserver.data_upload_limits import LIMITS, check_body_length, check_form_fields
from mockserver.errors import Problem, UncaughtError
from mockserver.header_parameters import known_charset, media_type, text_encoding
from mockserver.jsoncodec import loads_strict
from mockserver.keys import SETTINGS
from mockserver.locale import gettext
from mockserver.multipart import UploadedFile, parse_multipart
from mockserver.negotiation import MAX_MEDIA_TYPE_LENGTH
from mockserver.settings import DEFAULT_MAX_BODY
from mockserver.wsgi_headers import header as wsgi_header

__all__ = [
    "UPLOADS",
    "UploadedFile",
    "body_limit",
    "content_type",
    "read_body",
    "read_bytes",
    "request_body",
    "unsupported_media_type",
]

# The bytes of files the request's operation may carry (the sum of its fields' `x-upload` limits), set by its
# endpoint before anything reads the body (`body_limit`).
UPLOADS: web.RequestKey[int] = web.RequestKey("hamta_uploads")

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
JSON = "application/json"


def content_type(request: web.BaseRequest) -> str:
    """The Content-Type header as Django reads it (`wsgi_headers.header`); "" when there is none."""
    return wsgi_header(request, hdrs.CONTENT_TYPE) or ""


def _too_large(limit: int) -> Problem:
    return Problem(413, f"Request body exceeds the limit of {limit} bytes.")


# What a multipart body may hold beyond Django's memory size: its parts' headers (up to 1 KiB each, a thousand
# fields) and separators, which Django does not count.
_MULTIPART_OVERHEAD = 2 * 1024 * 1024


def body_limit(request: web.Request, limits: DataUploadLimits | None) -> int:
    """The mock's guard (the web server in front of the API), plus the operation's files: a file within its
    field's limit is never a 413, and one over it is the field's own 400 ("Ensure this file is no larger than
    ...") up to the whole allowance. Django leaves uploaded files out of its own limits (only a form's non-file
    fields count: Django 5.2.19 django/http/multipartparser.py:222-249). `--max-body` when given; else, for an API
    with Django's limits, a guard above them (what Django refuses is Django's 400, as on a deployment without a
    web server's limit), and 1 MiB for the others."""
    allowance: int = request.get(UPLOADS, 0)
    chosen = request.app[SETTINGS].max_body_bytes
    if chosen is not None:
        return chosen + allowance
    if limits is None:
        return DEFAULT_MAX_BODY + allowance
    return limits.memory_size + _MULTIPART_OVERHEAD + allowance


async def read_bytes(request: web.Request, limit: int, length: int | None) -> bytes:
    """The body's bytes, or a 413 once it is known to be longer than `limit`: before reading, from its
    Content-Length (`length`, the caller's `request.content_length`: aiohttp parses the header on every call);
    while reading a body without one (chunked), as soon as it passes the limit, so that a client sending without
    end costs at most `limit` bytes of memory. aiohttp's own `client_max_size` is never what decides (each caller
    has its limit)."""
    if length is not None and length > limit:
        raise _too_large(limit)
    if length is not None and hdrs.CONTENT_ENCODING not in request.headers:
        # Exactly Content-Length bytes (aiohttp refuses a request that also says Transfer-Encoding, and the
        # mock's runner leaves Content-Encoding alone; the check is for apps served otherwise): one read, not
        # a chunk loop. Nothing else reads the body: Call.body keeps what this returns.
        try:
            return await request.content.readexactly(length)
        except asyncio.IncompleteReadError as short:
            return short.partial  # what request.read() would have returned
    body = bytearray()
    while chunk := await request.content.readany():
        body += chunk
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


def _parse_json(raw: bytes, charset: str) -> Any:
    try:
        return loads_strict(_streamed(raw, charset))
    except ValueError as exc:
        raise Problem(400, f"JSON parse error - {exc}") from None
    except RecursionError as exc:
        # JSON nested deeper than Python's recursion limit: DRF's JSONParser catches ValueError only
        # (DRF 3.18.3 rest_framework/parsers.py:86-91), so the deployment answers with Django's 500 page
        raise UncaughtError("RecursionError", str(exc)) from None


def _streamed(raw: bytes, charset: str) -> str:
    """What DRF's JSONParser hands `json.load`: the body read through `codecs.getreader(charset)`. A stream
    reader decodes as the data comes, so an incomplete character at the very end is left unread (a JSON error
    about the text before it), not a decoding error, and UTF-16 without a BOM is "UTF-16 stream does not start
    with BOM". A body that decodes whole is the same text either way: the usual UTF-8 body takes the quick way."""
    if charset == "utf-8":
        try:
            return raw.decode()
        except UnicodeDecodeError:
            pass
    return str(codecs.getreader(charset)(io.BytesIO(raw)).read())


def _parse_form(raw: bytes, charset: str, limits: DataUploadLimits | None) -> dict[str, str]:
    """DRF's FormParser: a QueryDict of the body (Django 5.2.19 django/http/request.py:589-597): the bytes
    decoded in the charset, or as ISO-8859-1 when they are not in it, its fields counted, and each pair's escapes
    in the charset."""
    try:
        text = raw.decode(charset)
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    if limits is not None:
        check_form_fields(limits, text)
    # A QueryDict answers .get() with the last value of a repeated key; DRF's fields read it that way.
    return dict(parse_qsl(text, keep_blank_values=True, encoding=charset))


ParsedBody = tuple[Any, dict[str, "UploadedFile"]]
_PARSED: web.RequestKey[ParsedBody] = web.RequestKey("hamta_body")  # the request's own storage


async def request_body(request: web.Request) -> tuple[Any, dict[str, UploadedFile]]:
    """`read_body` within `body_limit`, once per request: Django's CSRF check may read a form body before the
    view does."""
    parsed = request.get(_PARSED)
    if parsed is None:
        limits: DataUploadLimits | None = request.get(LIMITS)
        parsed = request[_PARSED] = await read_body(request, body_limit(request, limits), limits)
    return parsed


async def read_body(
    request: web.Request, limit: int, limits: DataUploadLimits | None
) -> tuple[Any, dict[str, UploadedFile]]:
    """The parsed body and its uploaded files. An empty body is an empty dict, as in DRF. Django's limits, where
    the API has them, are checked in Django's order: a JSON or form body's Content-Length before it is read (after
    the parser is chosen), its fields once decoded, a multipart body's parts as they are read."""
    header = content_type(request)
    kind, params = media_type(header)
    length = request.content_length
    if limits is not None and length is not None and kind in (JSON, FORM) and len(header) <= MAX_MEDIA_TYPE_LENGTH:
        check_body_length(limits, length)  # once DRF has chosen a parser, which it reads through `request.body`
    raw = await read_bytes(request, limit, length)
    if not raw:
        return {}, {}
    if kind not in (JSON, FORM, MULTIPART) or len(header) > MAX_MEDIA_TYPE_LENGTH:
        raise unsupported_media_type(header)  # DRF chooses the parser before the parser reads the charset
    if limits is not None and length is None and kind in (JSON, FORM):
        check_body_length(limits, len(raw))  # a body without a Content-Length (chunked) is counted as read
    charset = _charset(params.get("charset"))
    if kind == JSON:
        return _parse_json(raw, charset), {}
    if kind == FORM:
        return _parse_form(raw, charset, limits), {}
    return parse_multipart(raw, header, params.get("boundary"), charset, limits)


def _charset(named: str | None) -> str:
    """The charset DRF's parsers decode with. Django takes the header's only when Python knows the name, else
    its default (HttpRequest._set_content_type_params, Django 5.2.19 django/http/request.py:157-163); DRF then
    refuses a codec that is no text encoding, base64 or zlib say (get_encoding, DRF 3.18.3
    rest_framework/parsers.py:27-46: it would inflate a small body past the size checks)."""
    if named is None or not known_charset(named):
        return "utf-8"
    if not text_encoding(named):
        raise Problem(400, f'Unsupported charset "{named}" in request Content-Type header.')
    return named


def unsupported_media_type(header: str) -> Problem:
    """DRF's UnsupportedMediaType, in the request's language (its parse errors above DRF leaves in English)."""
    return Problem(415, gettext('Unsupported media type "{media_type}" in request.').format(media_type=header))
