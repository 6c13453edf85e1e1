"""In a real headless Chromium: a page from an origin the mock does not allow (another loopback address,
`http://127.0.0.2:PORT`) cannot read the mock's state with credentials; the same page from a local origin
(`http://localhost:PORT`) can. This is the attack the local-origin default stops: any website the developer
visits trying to read `GET /__mock__/state`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.browser.cdp import Page, launched
from tests.browser.test_docs_page_chromium import _chromium

PAGE = """<!doctype html><title>waiting</title><script>
fetch("MOCK/__mock__/state", {credentials: "include"})
  .then((r) => r.json()).then((d) => { document.title = "read:" + d.format; })
  .catch((e) => { document.title = "refused:" + e.name; });
</script>"""


@contextmanager
def page_server(host: str, html: str) -> Iterator[int]:
    """One page, served from `host` on a free port, in a thread of its own."""

    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_get("/", serve)
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, host, 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.run_until_complete(runner.cleanup())
        loop.close()


async def _title_of(devtools: str, url: str) -> str:
    async with aiohttp.ClientSession() as session:
        page = await Page.first_tab(session, devtools)
        try:
            await page.call("Page.enable")
            await page.call("Runtime.enable")
            await page.call("Page.navigate", url=url)
            return str(await page.wait_for("document.title !== 'waiting' && document.title", what="the fetch"))
        finally:
            await page.ws.close()


@pytest.mark.parametrize(
    ("page_host", "page_origin", "expected"),
    [
        ("127.0.0.2", "127.0.0.2", "refused:TypeError"),
        ("127.0.0.1", "localhost", "read:hamta-state/1"),
    ],
)
def test_only_a_local_origin_reads_the_state(tmp_path: Path, page_host: str, page_origin: str, expected: str) -> None:
    chromium = _chromium()
    with (
        running_mock(Settings(seed=2, contacts=3, apis=("contacts",))) as mock,
        page_server(page_host, PAGE.replace("MOCK", mock)) as port,
        launched(chromium, tmp_path / "p") as tools,
    ):
        title = asyncio.run(asyncio.wait_for(_title_of(tools, f"http://{page_origin}:{port}/"), timeout=30))
    assert title == expected


async def _journal_with_token(devtools: str, url: str) -> tuple[str, str | None, int]:
    async with aiohttp.ClientSession() as session:
        page = await Page.first_tab(session, devtools)
        try:
            await page.call("Page.enable")
            await page.call("Runtime.enable")
            # The developer's answer to the page's one prompt; the page's own code does the rest.
            source = "window.prompt = () => { window.asked = (window.asked || 0) + 1; return 's3cret'; };"
            await page.call("Page.addScriptToEvaluateOnNewDocument", source=source)
            await page.call("Page.navigate", url=f"{url}/")
            state = await page.wait_for(
                "document.getElementById('journal-state').innerText.startsWith('live') &&"
                " document.getElementById('journal-state').innerText",
                what="the journal to load with the admin token",
            )
            stored = await page.evaluate("sessionStorage.getItem('hamta-admin-token')")
            asked = await page.evaluate("window.asked || 0")
            return str(state), stored, int(asked)
        finally:
            await page.ws.close()


def test_the_docs_page_asks_once_for_the_admin_token_and_its_journal_works(tmp_path: Path) -> None:
    chromium = _chromium()
    settings = Settings(seed=2, contacts=3, apis=("contacts",), admin_token="s3cret")
    with running_mock(settings) as mock, launched(chromium, tmp_path / "p") as tools:
        state, stored, asked = asyncio.run(asyncio.wait_for(_journal_with_token(tools, mock), timeout=30))
    assert state.startswith("live: ")
    assert (stored, asked) == ("s3cret", 1)
