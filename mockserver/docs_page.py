"""The page at the server's root: each API's docs, the seeded credentials, and the live request journal.

A frontend developer who opens the mock in a browser needs three things side by side: what each API accepts
(Swagger UI over the very specs the mock enforces), how to get in (the seeded accounts), and what their app
just sent (the journal). Swagger UI comes from the swagger-ui-py package and is served by the mock itself, so
the page needs no network beyond the mock; Swagger UI 5 is the first to render OpenAPI 3.1. The page's assets
and specs live under /__mock__/, which the journal does not record, so its polling never floods the table it
shows. The page itself is a template (templates/docs_page.html) with only relative URLs, so any host and port
work.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from aiohttp import web

from hamta import load_spec
from mockserver.apis.registry import ApiModule, implemented
from mockserver.keys import SETTINGS
from mockserver.routing import Routes
from mockserver.security import ADMIN_TOKEN_HEADER

__all__ = ["SPECS_PREFIX", "STATIC_PREFIX", "SWAGGER_UI_PACKAGE", "add_docs_routes", "swagger_ui_dir"]

STATIC_PREFIX = "/__mock__/docs/static"
SPECS_PREFIX = "/__mock__/specs"
SWAGGER_UI_PACKAGE = "swagger-ui-py"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "docs_page.html"
POLL_MS = 1000
# Only what the page loads: the package's folder also holds Swagger Editor (~8 MB) that nobody here asked for.
STATIC_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
    "LICENSE": "text/plain",
}
# A `how` such as "Authorization: Token <secret>" is a header the page can fill in for "Try it out"; others
# (a login form) are described, not automated.
HEADER_HOW = re.compile(r"^(?P<header>[A-Za-z0-9-]+):\s*(?P<template>[^<>]*<secret>[^<>]*)$")


@cache
def swagger_ui_dir() -> Path | None:
    """Swagger UI's dist folder inside swagger-ui-py, or None when the package is absent (the page then says so
    instead of the app failing to start). Located without importing the package: its __init__ wires handlers
    for web frameworks this mock does not use."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _served(app: web.Application) -> dict[str, ApiModule]:
    modules = implemented()
    return {api: modules[api] for api in app[SETTINGS].apis if api in modules}


def _credentials_html(api: str, module: ApiModule, title: str) -> str:
    """One API's seeded accounts, escaped here: the page must show them even with JavaScript off."""
    e = html.escape
    pickable = HEADER_HOW.match(module.how) is not None
    rows = []
    for index, credential in enumerate(module.credentials()):
        pick = (
            f'<input type="radio" name="use-{e(api)}" value="{e(credential.secret)}" title="use in Try it out"'
            f"{' checked' if index == 0 else ''}> "
            if pickable
            else ""
        )
        rows.append(
            f'<tr><td><label dir="auto">{pick}{e(credential.user)}</label>'
            f'<span class="note" dir="auto">{e(credential.note)}</span></td>'
            f'<td><code class="secret" dir="auto">{e(credential.secret)}</code> '
            f'<button type="button" data-copy="{e(credential.secret)}">copy</button></td></tr>'
        )
    none = f'<label><input type="radio" name="use-{e(api)}" value=""> send none</label>' if pickable else ""
    return (
        f'<section class="api" id="credentials-{e(api)}"><h3>{e(api)} <small dir="auto">{e(title)}</small></h3>'
        f'<p class="how"><code dir="auto">{e(module.how)}</code> {none}</p>'
        f"<table><thead><tr><th>user</th><th>secret</th></tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table></section>"
    )


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no `</script>` or `<!--` can close or confuse it."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def render_page(app: web.Application) -> str:
    served = _served(app)
    titles = {api: str(load_spec(api).document.get("info", {}).get("title", api)) for api in served}
    config = {
        "specs": [{"api": api, "url": f"{SPECS_PREFIX}/{api}.json", "name": f"{api}: {titles[api]}"} for api in served],
        "headers": {
            api: match.groupdict() for api, module in served.items() if (match := HEADER_HOW.match(module.how))
        },
        "journal": "/__mock__/journal?limit=50",
        "journalClear": "/__mock__/journal",
        "adminHeader": ADMIN_TOKEN_HEADER,
        "pollMs": POLL_MS,
        "package": SWAGGER_UI_PACKAGE,
    }
    replacements = {
        "{{static}}": STATIC_PREFIX,
        "{{api_names}}": html.escape(", ".join(served)),
        "{{credentials}}": "".join(_credentials_html(api, module, titles[api]) for api, module in served.items()),
        "{{config}}": _script_json(config),
    }
    page = TEMPLATE.read_text(encoding="utf-8")
    for marker, value in replacements.items():
        page = page.replace(marker, value)
    return page


async def _index(request: web.Request) -> web.Response:
    return web.Response(text=render_page(request.app), content_type="text/html", charset="utf-8")


async def _spec(request: web.Request) -> web.Response:
    """The spec as the mock enforces it, as JSON (what Swagger UI fetches); only the APIs this mock serves."""
    api = request.match_info["api"]
    if api not in _served(request.app):
        raise web.HTTPNotFound(text=f"no such API here: {api}\n")
    body = json.dumps(load_spec(api).document, ensure_ascii=False)
    return web.Response(text=body, content_type="application/json", charset="utf-8")


async def _static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    folder = swagger_ui_dir()
    if folder is None or name not in STATIC_FILES:
        raise web.HTTPNotFound(text=f"not served: {name}\n")
    content_type = STATIC_FILES[name]
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return web.FileResponse(folder / name, headers={"Content-Type": content_type})


def add_docs_routes(routes: Routes) -> None:
    routes.add("/", {"GET": _index})
    routes.add(SPECS_PREFIX + "/{api}.json", {"GET": _spec})
    routes.add(STATIC_PREFIX + "/{name}", {"GET": _static})
