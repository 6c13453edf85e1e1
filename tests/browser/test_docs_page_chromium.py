"""The root page in a real headless Chromium: Swagger UI renders the specs offline, and a request the page makes
shows up in its live journal table.

Needs Debian's `chromium` (apt-get install chromium). Without it the test skips locally and FAILS under CI
(the CI environment variable set), so a CI image that lost Chromium cannot pass silently.
"""

from __future__ import annotations

import asyncio
import base64
import os
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from mockserver.docs_page import SPECS_PREFIX
from tests.browser.cdp import Page, find_chromium, launched
from tests.browser.conftest import CONTACTS_ADMIN_TOKEN

JOURNAL_TEXT = "document.querySelector('#journal tbody').innerText"


def _chromium() -> str:
    """Chromium's path; in the test body, not a fixture, so a missing browser under CI is a FAILED test."""
    path = find_chromium()
    if path is None:
        message = "Chromium not found on PATH: apt-get install -y chromium (the docs page's browser test needs it)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


async def _drive(devtools: str, base_url: str, screenshot: Path) -> Page:
    async with aiohttp.ClientSession() as session:
        page = await Page.first_tab(session, devtools)
        try:
            for domain in ("Page", "Runtime", "Network"):
                await page.call(f"{domain}.enable")
            await page.call(
                "Emulation.setDeviceMetricsOverride", width=1440, height=1000, deviceScaleFactor=1, mobile=False
            )
            await page.call("Page.navigate", url=f"{base_url}/")

            # Swagger UI rendered the first spec (contacts); Swagger UI breaks paths with zero-width spaces.
            await page.wait_for(
                "document.body.innerText.replaceAll('\\u200b', '').includes('/api/contacts/')"
                " && !!document.querySelector('.opblock-summary-path')",
                what="Swagger UI to render the contacts operations",
            )
            options = await page.evaluate("[...document.querySelectorAll('.topbar select option')].map(o => o.text)")
            assert [option.split(":")[0] for option in options] == ["contacts", "conversations", "callbell"]
            assert await page.evaluate("document.querySelector('.swagger-ui .errors-wrapper')") is None

            # "Try it out" gets the credential picked in the sidebar (the first seeded one by default).
            headers = await page.evaluate("addCredentials({url: '/api/contacts/', method: 'GET', headers: {}}).headers")
            assert headers == {"Authorization": f"Token {CONTACTS_ADMIN_TOKEN}"}

            # Swagger UI's own "Try it out" / "Execute" on GET /api/contacts/ gets through with that credential.
            block = "document.querySelector('#operations-contacts-contacts_list')"
            await page.evaluate(f"{block}.querySelector('.opblock-summary-control').click()")
            await page.wait_for(f"!!{block}.querySelector('.try-out__btn')", what="the operation to open")
            await page.evaluate(f"{block}.querySelector('.try-out__btn').click()")
            await page.wait_for(f"!!{block}.querySelector('.execute')", what="the Execute button")
            await page.evaluate(f"{block}.querySelector('.execute').click()")
            executed = await page.wait_for(
                f"({block}.querySelector('.live-responses-table tr.response .response-col_status') || {{}}).innerText",
                what="Swagger UI to show the response",
            )
            assert executed.strip().startswith("200"), executed

            # A request made from the page lands in the journal table, Persian query decoded for reading.
            for query in ("limit=1", "search=علی"):
                status = await page.evaluate(
                    f"fetch('/api/contacts/?{query}', {{headers: {{Authorization: 'Token {CONTACTS_ADMIN_TOKEN}'}}}})"
                    ".then(r => r.status)"
                )
                assert status == 200
            await page.wait_for(
                f"{JOURNAL_TEXT}.includes('/api/contacts/?limit=1') && {JOURNAL_TEXT}.includes('search=علی')",
                timeout=10,
                what="the journal table to show the page's requests",
            )
            assert "/__mock__/" not in await page.evaluate(JOURNAL_TEXT)

            shot = await page.call("Page.captureScreenshot", format="png")
            screenshot.write_bytes(base64.b64decode(shot["data"]))

            # The other two specs render too (OpenAPI 3.1 needs Swagger UI 5), chosen with the page's selector.
            for index, path in ((1, "/users/conversations/"), (2, "/contacts/{uuid}")):
                await page.evaluate(
                    "(() => { const s = document.querySelector('.topbar select');"
                    f" s.selectedIndex = {index}; s.dispatchEvent(new Event('change', {{bubbles: true}})); }})()"
                )
                await page.wait_for(
                    f"!!document.querySelector('.opblock-summary-path[data-path=\"{path}\"]')",
                    what=f"Swagger UI to render {options[index]}",
                )
                assert await page.evaluate("document.querySelector('.swagger-ui .errors-wrapper')") is None
            await page.evaluate("1")  # let the last events in
            return page
        finally:
            await page.ws.close()


def test_docs_page_renders_and_shows_live_journal(mock_url: str, tmp_path: Path) -> None:
    chromium = _chromium()
    screenshot = Path(os.environ.get("HAMTA_SCREENSHOT", tmp_path / "docs_page.png"))
    with launched(chromium, tmp_path / "profile") as devtools:
        page = asyncio.run(asyncio.wait_for(_drive(devtools, mock_url, screenshot), timeout=30))

    assert page.exceptions() == []
    origin = urlsplit(mock_url).netloc
    outside = [
        url
        for url in page.requested_urls()
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != origin
    ]
    assert outside == [], "the page must work offline"
    requested = {urlsplit(url).path for url in page.requested_urls()}
    assert {f"{SPECS_PREFIX}/contacts.json", "/__mock__/docs/static/swagger-ui-bundle.js"} <= requested
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    assert screenshot.stat().st_size > 20_000
