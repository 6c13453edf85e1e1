"""Hundreds of concurrent creates over real connections: ids unique, count exact, nothing lost."""

from __future__ import annotations

import asyncio

import aiohttp
import requests

from tests.mock.conftest import CONTACTS, TOKENS


def test_concurrent_creates_lose_nothing(fresh: str) -> None:
    total = 400

    async def create_all() -> list[dict]:
        headers = {"Authorization": f"Token {TOKENS['staff']}"}
        connector = aiohttp.TCPConnector(limit=100)
        async with aiohttp.ClientSession(headers=headers, connector=connector) as session:

            async def create(index: int) -> dict:
                body = {"subject": f"concurrent {index}", "mobile_number": f"0912{index:07d}"}
                async with session.post(f"{fresh}/api/contacts/", json=body) as response:
                    assert response.status == 201
                    return await response.json()

            return await asyncio.gather(*(create(i) for i in range(total)))

    created = asyncio.run(create_all())
    ids = [c["id"] for c in created]
    assert len(set(ids)) == total
    assert sorted(ids) == list(range(CONTACTS + 1, CONTACTS + total + 1))
    state = requests.get(f"{fresh}/__mock__/state", timeout=30).json()["contacts"]["records"]
    assert len(state) == CONTACTS + total
    assert {c["subject"] for c in state if c["subject"].startswith("concurrent ")} == {
        f"concurrent {i}" for i in range(total)
    }
