"""A real mock on a free loopback port, in a background thread with its own event loop, for tests: hamta's own,
and a consumer's through the pytest plugin (`mockserver.pytest_plugin`)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from aiohttp import web

from mockserver.app import app_runner, create_app
from mockserver.event_loop import loop_factory
from mockserver.security import ADMIN_TOKEN_HEADER
from mockserver.settings import Settings

__all__ = ["reset_mock", "running_mock"]


@contextmanager
def running_mock(settings: Settings) -> Iterator[str]:
    """Yield the base URL of a mock serving `settings` (on the event loop it names); stop it on exit."""
    app = create_app(settings)
    loop = loop_factory(settings.event_loop)()
    runner = app_runner(app)
    ready = threading.Event()
    address: list[str] = []

    async def start() -> None:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        address.append(f"http://{host}:{port}")
        ready.set()

    thread = threading.Thread(target=loop.run_forever, name="hamta-mock", daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    ready.wait(30)
    try:
        yield address[0]
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


def admin_headers(token: str | None) -> dict[str, str]:
    """The headers the mock's admin endpoints need: its admin token, when it has one."""
    return {ADMIN_TOKEN_HEADER: token} if token else {}


def reset_mock(base_url: str, admin_token: str | None = None) -> None:
    """Back to the seeded state (POST /__mock__/reset); raises if the mock refuses."""
    requests.post(f"{base_url}/__mock__/reset", headers=admin_headers(admin_token), timeout=60).raise_for_status()
