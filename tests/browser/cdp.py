"""Just enough of Chromium's DevTools protocol to drive one page, over aiohttp's WebSocket client.

No selenium or chromedriver: the browser is started here with --remote-debugging-port=0 and found through the
DevToolsActivePort file it writes, so nothing is downloaded and the only system requirement is Chromium itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1440,1000",
    "--remote-debugging-port=0",
]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


@contextmanager
def launched(executable: str, profile: Path, timeout: float = 20) -> Iterator[str]:
    """Start Chromium with a fresh profile; yield its DevTools address (host:port); stop it, and every
    process it started, on exit."""
    profile.mkdir(parents=True, exist_ok=True)
    log = profile.parent / "chromium.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start (exit {process.poll()}):\n{log.read_text()[-3000:]}")
            time.sleep(0.05)
        yield f"127.0.0.1:{port_file.read_text().splitlines()[0]}"
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        with contextlib.suppress(ProcessLookupError):  # the group is ours: start_new_session made it
            os.killpg(process.pid, signal.SIGKILL)


class Page:
    """One tab. Commands are sent one at a time; events that arrive meanwhile are kept in `events`."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []
        self._ids = iter(range(1, 1_000_000))

    @classmethod
    async def first_tab(cls, session: aiohttp.ClientSession, devtools: str) -> Page:
        async with session.get(f"http://{devtools}/json/list") as response:
            targets = await response.json()
        page = next(target for target in targets if target["type"] == "page")
        return cls(await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=64 * 1024 * 1024))

    async def call(self, method: str, timeout: float = 15, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        await self.ws.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.ws.receive()
                if frame.type is not aiohttp.WSMsgType.TEXT:
                    raise RuntimeError(f"{method}: DevTools connection ended ({frame.type.name})")
                message = json.loads(frame.data)
                if message.get("id") == ident:
                    if "error" in message:
                        raise RuntimeError(f"{method}: {message['error']}")
                    result: dict[str, Any] = message["result"]
                    return result
                self.events.append(message)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 15, what: str = "") -> Any:
        """Poll until the expression is truthy; fail with `what` and the page's text if it never is."""
        deadline = time.monotonic() + timeout
        problem = ""
        while True:
            try:
                value = await self.evaluate(expression)
            except RuntimeError as exc:  # e.g. no document.body yet, mid-navigation
                value, problem = None, str(exc)
            if value:
                return value
            if time.monotonic() > deadline:
                text = await self.evaluate("document.body ? document.body.innerText.slice(0, 2000) : ''")
                raise AssertionError(f"timed out waiting for {what or expression} {problem}; the page shows:\n{text}")
            await asyncio.sleep(0.1)

    def requested_urls(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def exceptions(self) -> list[str]:
        return [
            json.dumps(e["params"]["exceptionDetails"])[:500]
            for e in self.events
            if e.get("method") == "Runtime.exceptionThrown"
        ]
