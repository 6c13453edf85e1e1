"""The page at the server's root: each API's docs, the seeded credentials, and the live request journal.

(Placeholder until the docs page lands: the route exists so the app factory's wiring does not change.)
"""

from __future__ import annotations

from aiohttp import web

__all__ = ["add_docs_routes"]


async def _index(request: web.Request) -> web.Response:
    return web.Response(text="hamta mockserver: the docs page is being built; see /__mock__/ meanwhile.\n")


def add_docs_routes(app: web.Application) -> None:
    app.router.add_get("/", _index)
