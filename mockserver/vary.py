"""Django's `patch_vary_headers`, for every part of the mock that plays a middleware or a view adding to Vary."""

from __future__ import annotations

from aiohttp import web

__all__ = ["patch_vary"]


def patch_vary(response: web.StreamResponse, header: str) -> None:
    """Django's `patch_vary_headers`: `header` added to Vary unless it is there already (or Vary is `*`)."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = header
        return
    present = {part.strip().lower() for part in vary.split(",")}
    if "*" not in present and header.lower() not in present:
        response.headers["Vary"] = f"{vary}, {header}"
