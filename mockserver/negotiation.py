"""DRF's renderer choice, which runs before authentication (APIView.initial: content negotiation first).

A DRF view has two renderers by default, `JSONRenderer` (`application/json`, format `json`) and
`BrowsableAPIRenderer` (`text/html`, format `api`). A format named by a suffix (`/api/contacts.json`, a
DefaultRouter route) or by the `?format=` query parameter leaves only its renderer, and an unknown one is 404
"Not found."; then the Accept header decides among the renderers left, most specific media types first (DRF
`negotiation.py`, `utils/mediatypes.py`); no match is 406 (a `.json` URL asked for `text/html` too). The media
type JSON was chosen for may ask for indented JSON (`Accept: application/json; indent=4`), as JSONRenderer reads it.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Literal

from aiohttp import web

from mockserver.errors import Problem
from mockserver.header_parameters import header_parameters
from mockserver.jsoncodec import escape_separators
from mockserver.locale import gettext
from mockserver.query_params import django_query
from mockserver.wsgi_headers import header

__all__ = [
    "JSON_INDENT",
    "MAX_MEDIA_TYPE_LENGTH",
    "RENDERERS",
    "EscapedJson",
    "Rendering",
    "browsable",
    "escaped_separators",
    "indented",
    "negotiate",
]

Rendering = Literal["json", "html"]

# A DRF view's default renderers, in order: (media type, format, what it renders).
RENDERERS: tuple[tuple[str, str, Rendering], ...] = (("application/json", "json", "json"), ("text/html", "api", "html"))
_RENDERERS: tuple[tuple[str, Rendering], ...] = tuple((media, rendering) for media, _, rendering in RENDERERS)
_BY_FORMAT: dict[str, tuple[str, Rendering]] = {fmt: (media, rendering) for media, fmt, rendering in RENDERERS}
_JSON_FIRST = ("application/json;", "application/json,")  # an Accept that JSON, the first renderer, matches at once
# DefaultContentNegotiation's bounds on what a client sends (DRF 3.18.3 rest_framework/negotiation.py:25-27): a
# media type longer than this is no media type (an Accept token is skipped, a Content-Type finds no parser: 415)
MAX_MEDIA_TYPE_LENGTH = 256
_MAX_ACCEPT_TOKENS = 64
# The indent the accepted JSON media type asks for, set by `negotiate` only when it asks for one.
JSON_INDENT: web.RequestKey[int] = web.RequestKey("hamta_json_indent")


def _precedence(media: str) -> int:
    """DRF's _MediaType.precedence: 3 with parameters (other than q), 2 type/subtype, 1 type/*, 0 */*."""
    kind, _, params = media.partition(";")
    if any(p.split("=", 1)[0].strip() != "q" for p in params.split(";") if p.strip()):
        return 3
    main, _, sub = kind.strip().partition("/")
    if main == "*":
        return 0
    return 1 if sub == "*" else 2


def _matches(renderer: str, media: str) -> bool:
    main, _, sub = media.split(";")[0].strip().lower().partition("/")
    wanted_main, _, wanted_sub = renderer.partition("/")
    return main == "*" or (main == wanted_main and sub in ("*", wanted_sub))


def negotiate(request: web.Request) -> Rendering:
    """How DRF would render this request's answer; raises the 404 or 406 DRF raises first."""
    named = request.match_info.get("format")
    if named is None and request.query_string:
        named = django_query(request).get("format")  # DRF reads the last `format=` of request.GET
    renderers = _RENDERERS
    if named:  # an empty ?format= is no format (DRF's `request.query_params.get(...)` is falsy)
        if named not in _BY_FORMAT:
            raise Problem(404, gettext("Not found."))
        # the format leaves one renderer, which the Accept header must still take (DRF 3.18.3 negotiation.py:43-91)
        renderers = (_BY_FORMAT[named],)
    accept = header(request, "Accept")
    # An empty header names no media type (DRF's get_accept_list gives [""]): 406, where no header is */*.
    if accept is None or accept == "*/*":
        return renderers[0][1]
    quick = accept == "application/json" or (
        accept.startswith(_JSON_FIRST)
        and "indent" not in accept
        and len(accept.partition(",")[0].strip()) <= MAX_MEDIA_TYPE_LENGTH
    )
    if renderers is _RENDERERS and quick:
        return "json"
    # DRF's get_accept_list (negotiation.py:104-125): empty and over-long tokens skipped, the first 64 kept (its cut
    # of a header over 8192 characters is never reached: aiohttp refuses a header line over 8190 bytes, as gunicorn)
    media_types = [
        token for part in accept.split(",") if (token := part.strip()) and len(token) <= MAX_MEDIA_TYPE_LENGTH
    ][:_MAX_ACCEPT_TOKENS]
    for level in (3, 2, 1, 0):
        group = [media for media in media_types if _precedence(media) == level]
        for renderer, rendering in renderers:
            chosen = next((media for media in group if _matches(renderer, media)), None)
            if chosen is not None:
                if rendering == "json" and level == 3:
                    _note_indent(request, chosen)
                return rendering
    raise Problem(406, gettext("Could not satisfy the request Accept header."))


def _note_indent(request: web.Request, media: str) -> None:
    """JSONRenderer.get_indent: the `indent` parameter as an int, at most 8, 0 and less none (DRF 3.18.3
    rest_framework/renderers.py:70-80)."""
    try:
        indent = min(max(int(header_parameters(media)[1]["indent"]), 0), 8)
    except (KeyError, ValueError):
        return
    if indent:
        request[JSON_INDENT] = indent


def indented(response: web.Response, indent: int) -> web.Response:
    """A JSON answer indented as JSONRenderer indents it (INDENT_SEPARATORS; renderers.py:89-107)."""
    if response.content_type != "application/json" or not isinstance(response.body, bytes) or not response.body:
        return response
    text = json.dumps(json.loads(response.body), indent=indent, ensure_ascii=False, separators=(",", ": "))
    response.body = escape_separators(text).encode()
    return response


# the UTF-8 of U+2028 and U+2029 (the regular expression finds them faster than a bytes search in Persian text)
_SEPARATORS = re.compile(b"\xe2\x80[\xa8\xa9]")


class EscapedJson(web.Response):
    """A JSON answer its handler wrote with U+2028 and U+2029 escaped already (`jsoncodec.escape_separators`): a
    contact's JSON is escaped once per version of the contact, not searched on every page that sends it."""


def escaped_separators(response: web.Response) -> web.Response:
    """JSONRenderer writes U+2028 and U+2029 as escapes, "to ensure we output JSON that is a strict javascript
    subset" (DRF 3.18.3 rest_framework/renderers.py:103-106): the same JSON, other bytes."""
    if type(response) is EscapedJson:
        return response
    body = response.body
    if isinstance(body, bytes) and _SEPARATORS.search(body):
        response.body = body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")
    return response


def browsable(response: web.Response, view_name: str | None = None) -> web.Response:
    """The browsable API's page around a JSON answer: same status and headers, the JSON shown in a page, titled
    and headed with the view's name (DRF 3.18.3 templates/rest_framework/base.html:25 and :158-160)."""
    body = response.body if isinstance(response.body, bytes) else b""
    text = body.decode("utf-8", "replace").replace("&", "&amp;").replace("<", "&lt;")
    title = f"{escape(view_name)} \u2013 Django REST framework" if view_name else "Django REST framework"
    heading = f'<div class="page-header"><h1>{escape(view_name)}</h1></div>\n' if view_name else ""
    page = (
        f"<!DOCTYPE html>\n<html>\n<head><title>{title}</title></head>\n<body>\n{heading}"
        f'<div class="response-info"><pre class="prettyprint">HTTP {response.status}\n\n{text}</pre></div>\n'
        "</body>\n</html>\n"
    )
    # A 204 has no content to show: the page is a 200 that shows it (DRF 3.18.3 renderers.py:764-769).
    status = 200 if response.status == 204 else response.status
    html = web.Response(text=page, status=status, content_type="text/html", charset="utf-8")
    for name in ("Allow", "Vary", "WWW-Authenticate", "Location"):
        if name in response.headers:
            html.headers[name] = response.headers[name]
    return html
