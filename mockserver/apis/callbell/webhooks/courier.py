"""The delivery engine: POSTs `{"event": ..., "payload": ...}` to the webhook's URL from a background task.

The request that caused an event never waits for its delivery and never fails because of it: `post` only
queues. One worker delivers in the order events happened (a receiver sees `contact_created` before the
`contact_updated` that follows it), each delivery bounded by the timeout, so a receiver that hangs delays
later deliveries by at most that much and never the API. Undocumented, and so hamta's choices: no retries,
redirects are not followed (a 3xx is a failed delivery), and a full queue records the event as failed
rather than hold it in memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from mockserver.apis.callbell.webhooks.destinations import Destinations
from mockserver.apis.callbell.webhooks.store import Delivery, WebhookState
from mockserver.jsoncodec import dumps

__all__ = ["COURIER", "Courier"]

# The receiver's body is kept up to this many characters (a delivery record is for reading, not archiving).
BODY_LIMIT = 10_000
USER_AGENT = "hamta-callbell-mock (webhook delivery)"


@dataclass(frozen=True)
class _Job:
    store: WebhookState
    generation: int
    number: int
    url: str
    event: str
    payload: dict[str, Any]
    created_at: dt.datetime


def _no_answer(reason: str) -> dict[str, Any]:
    return {"body": reason, "code": None, "headers": {}}


def _body(raw: bytes) -> Any:
    text = raw.decode("utf-8", errors="replace")[:BODY_LIMIT]
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return text


class Courier:
    def __init__(
        self, events: tuple[str, ...], timeout: float, destinations: Destinations, capacity: int = 1000
    ) -> None:
        self.events = events
        self.timeout = timeout
        self.destinations = destinations
        self._queue: asyncio.Queue[_Job] = asyncio.Queue(capacity)
        self._session: aiohttp.ClientSession | None = None

    async def lifetime(self, app: web.Application) -> AsyncIterator[None]:
        """The app's cleanup context: the HTTP client and the worker live as long as the app."""
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout), headers={"User-Agent": USER_AGENT}
        )
        worker = asyncio.create_task(self._work(), name="callbell-webhooks")
        try:
            yield
        finally:
            worker.cancel()
            with suppress(asyncio.CancelledError):
                await worker
            await self._session.close()

    def post(self, store: WebhookState, event: str, payload: dict[str, Any], now: dt.datetime) -> bool:
        """Queue the event for the webhook if it subscribes to it; True when it does."""
        if event not in self.events:
            raise ValueError(f"{event!r} is not one of the spec's WebhookEventName values")
        webhook = store.webhook
        if webhook is None or not store.wants(event):
            return False
        job = _Job(store, store.generation, store.ticket(), webhook.url, event, payload, now)
        try:
            self._queue.put_nowait(job)
        except asyncio.QueueFull:
            self._record(job, _no_answer("not delivered: the mock's delivery queue is full"))
        return True

    async def _work(self) -> None:
        while True:
            job = await self._queue.get()
            self._record(job, await self._deliver(job))

    async def _deliver(self, job: _Job) -> dict[str, Any]:
        assert self._session is not None
        refusal = self.destinations.refusal(job.url)
        if refusal is not None:
            return _no_answer(refusal)
        body = dumps({"event": job.event, "payload": job.payload}).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        try:
            async with self._session.post(job.url, data=body, headers=headers, allow_redirects=False) as answer:
                raw = await answer.content.read(BODY_LIMIT * 4)
                return {"body": _body(raw), "code": answer.status, "headers": dict(answer.headers)}
        except TimeoutError:
            return _no_answer(f"no answer within {self.timeout:g} s")
        except Exception as exc:  # any URL a client subscribed may fail oddly: record it, the worker lives on
            return _no_answer(f"not delivered: {type(exc).__name__}: {exc}")

    @staticmethod
    def _record(job: _Job, response: dict[str, Any]) -> None:
        job.store.record(
            job.generation, job.number, Delivery(job.event, job.payload, response, job.created_at, job.number)
        )


COURIER = web.AppKey("callbell_courier", Courier)
