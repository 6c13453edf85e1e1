"""Request headers as a WSGI server hands them to Django: a header sent twice is one value, the values joined by
a comma (wsgiref's WSGIRequestHandler.get_environ, which Django's runserver extends, and gunicorn alike), where
aiohttp's `headers.get` reads the first alone. A client sending `Accept` twice gets what Django makes of both."""

from __future__ import annotations

from aiohttp import web

__all__ = ["header"]


def header(request: web.BaseRequest, name: str) -> str | None:
    """The header's value as Django reads it from the WSGI environ; None when it was not sent."""
    values = request.headers.getall(name, ())
    if len(values) == 1:
        return values[0]
    return ",".join(values) if values else None
