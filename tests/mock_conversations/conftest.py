from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import reset_mock, running_mock
from tests.mock.client import SpecClient

SARA = ("sara@shop.example", "hamta-sara-1404", 1)
REZA = ("reza@shop.example", "hamta-reza-1404", 2)
GUEST = ("guest@shop.example", "hamta-guest-1404", 3)


class ShopClient(SpecClient):
    """A browser-like client: keeps cookies, fetches the CSRF cookie and sends it back as X-CSRFToken.

    It asks for English (`Accept-Language: en`) unless told otherwise, so that DRF's messages read as their
    msgids; the shop's default language is Persian, which tests about the language ask for (language=None)."""

    def __init__(self, base_url: str, language: str | None = "en") -> None:
        super().__init__(base_url, "conversations", None)
        if language is not None:
            self.session.headers["Accept-Language"] = language

    def csrf(self) -> str:
        response = self.get("/csrf_token/")
        assert response.status_code == 200
        return self.session.cookies["csrftoken"]

    def unsafe(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if "csrftoken" in self.session.cookies:
            headers.setdefault("X-CSRFToken", self.session.cookies["csrftoken"])
        return self.request(method, path, headers=headers, **kwargs)

    def login(self, who: tuple[str, str, int]) -> requests.Response:
        self.csrf()
        response = self.unsafe("POST", "/users/login/", json={"email": who[0], "password": who[1]})
        assert response.status_code == 200, response.text
        return response


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with running_mock(Settings(seed=77, apis=("conversations",))) as url:
        yield url


@pytest.fixture
def fresh(base_url: str) -> str:
    reset_mock(base_url)
    return base_url


@pytest.fixture
def shop(fresh: str) -> ShopClient:
    return ShopClient(fresh)


@pytest.fixture
def sara(fresh: str) -> ShopClient:
    client = ShopClient(fresh)
    client.login(SARA)
    return client


@pytest.fixture
def reza(fresh: str) -> ShopClient:
    client = ShopClient(fresh)
    client.login(REZA)
    return client


def state(base_url: str) -> dict[str, Any]:
    return requests.get(f"{base_url}/__mock__/state", timeout=30).json()["conversations"]
