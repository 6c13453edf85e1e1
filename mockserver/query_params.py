"""The query string as the APIs' frameworks read it: a repeated parameter counts with its last value, and Django
decodes it in the request's encoding.

aiohttp's `request.query.get(key)` gives a repeated key's first value. Every framework behind the three APIs
takes the last: Django's QueryDict answers `[key]` and `.get(key)` with it (Django 5.2.19
django/utils/datastructures.py:78 and :116, `MultiValueDict`), and that is what DRF reads for the search, the
ordering, the format and the paginations (3.18.3 rest_framework/filters.py:79 and :229, negotiation.py:50,
pagination.py:216, :403 and :412) and what django-filter's form fields read (Django's
`Widget.value_from_datadict`: `data.get(name)`); Rack's query parser sets a plain key again for each later value,
so Rails' `params[key]` is the last one too. Checked against the contacts reference deployment
(tests/reference/, `contract_tests/twin/corpus.py`'s repeated-parameter probes).

Django builds `request.GET` from the query string's bytes in `request.encoding`, which is the Content-Type's
`charset` whenever Python knows the name, on any method, body or not (Django 5.2.20 django/http/request.py:152-163
`_set_content_type_params`, django/core/handlers/wsgi.py:86-89, `QueryDict.__init__` :577-592). A charset in
which ASCII is not ASCII (UTF-16, UTF-32, EBCDIC) makes every parameter of the query something else: `?format=api`
with `Content-Type: application/json; charset=utf-16` is no format at all, and the list is unfiltered and
unpaged. Bytes the charset cannot decode are read as ISO-8859-1 (QueryDict's own fallback). A codec that is no
text encoding (`base64`, `rot13`) fails while Django builds its request object: setting `request.encoding`
builds `request.GET` at once (request.py:330-335), and `bytes.decode` raises a LookupError out of the WSGI
application, before any middleware (`unbuildable`).
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Mapping
from urllib.parse import parse_qsl

from aiohttp import hdrs, web
from multidict import MultiMapping

from mockserver.header_parameters import known_charset, media_type, text_encoding
from mockserver.wsgi_headers import header

__all__ = ["django_query", "last_values", "request_encoding", "unbuildable"]

_GET: web.RequestKey[tuple[str, Mapping[str, str]]] = web.RequestKey("hamta_query")


def last_values(query: MultiMapping[str]) -> Mapping[str, str]:
    """Each parameter of the query once, with its last value."""
    return dict(query.items())  # a later pair overwrites an earlier one


def django_query(request: web.BaseRequest) -> Mapping[str, str]:
    """`request.GET` of a Django deployment, each parameter with its last value; made once per request (DRF's
    negotiation reads it, then the view)."""
    made = request.get(_GET)
    if made is None or made[0] != request.query_string:  # a clone (`request.clone`) copies what its original kept
        made = request[_GET] = (request.query_string, _decoded(request))
    return made[1]


def _decoded(request: web.BaseRequest) -> Mapping[str, str]:
    encoding = request_encoding(header(request, hdrs.CONTENT_TYPE) or "")
    if encoding is None:  # UTF-8, Django's DEFAULT_CHARSET: what aiohttp decoded
        return last_values(request.query)
    raw = _raw_query(request)
    if not raw:
        return {}
    return dict(parse_qsl(_text(raw, encoding), keep_blank_values=True, encoding=encoding))


def unbuildable(request: web.BaseRequest) -> bool:
    """Whether Django fails to build its request object from this request: a query string, and a charset Python
    knows that is no text encoding (`bytes.decode` refuses it: bytes to bytes, text to text)."""
    if not request.query_string:
        return False
    encoding = request_encoding(header(request, hdrs.CONTENT_TYPE) or "")
    return encoding is not None and not text_encoding(encoding)


def _raw_query(request: web.BaseRequest) -> bytes:
    return request.rel_url.raw_query_string.encode("utf-8", "surrogateescape")


def _text(raw: bytes, encoding: str) -> str:
    """QueryDict's decoding: in the request's encoding, else as ISO-8859-1."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


@functools.lru_cache(maxsize=256)  # clients send the same few Content-Type headers over and over
def request_encoding(content_type: str) -> str | None:
    """Django's `request.encoding` for this Content-Type when it is not UTF-8: its charset, if Python knows the
    name; None for UTF-8 (named or not)."""
    charset = media_type(content_type)[1].get("charset")
    if charset is None or not known_charset(charset):
        return None
    return None if codecs.lookup(charset).name == "utf-8" else charset
