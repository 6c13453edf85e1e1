"""Request headers as a WSGI server hands them to Django: a header sent twice is one value, the values joined by
a comma (wsgiref's WSGIRequestHandler.get_environ, which Django's runserver extends, and gunicorn alike), where
aiohttp's `headers.get` reads the first alone; and its bytes read as ISO-8859-1 (PEP 3333), where aiohttp decodes
them as UTF-8 with surrogate escapes, which no error message can encode. A client sending `Accept` twice, or a
non-ASCII byte in `Content-Type`, gets what Django makes of it."""

from __future__ import annotations

from aiohttp import web

__all__ = ["header"]


def header(request: web.BaseRequest, name: str) -> str | None:
    """The header's value as Django reads it from the WSGI environ; None when it was not sent."""
    values = request.headers.getall(name, ())
    if not values:
        return None
    value = values[0] if len(values) == 1 else ",".join(values)
    return value if value.isascii() else value.encode("utf-8", "surrogateescape").decode("latin-1")
