"""The rate limit (`Settings.rate_limit`): 429 `{"error": "Too Many Requests"}` with Retry-After, per token."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from mockserver.app import create_app
from mockserver.keys import LAYERS
from mockserver.quirks.rate_limit import RateLimiter, RateLimitLayer
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_callbell.conftest import TOKENS, CallbellClient

LIMIT = 5


@pytest.fixture(scope="module")
def limited() -> Iterator[str]:
    with running_mock(Settings(apis=("callbell",), rate_limit=LIMIT)) as url:
        yield url


def test_the_app_factory_installs_the_layer() -> None:
    app = create_app(Settings(apis=("callbell",), rate_limit=LIMIT))
    assert any(isinstance(layer, RateLimitLayer) for layer in app[LAYERS])


def test_past_the_limit_a_token_gets_429_with_retry_after(limited) -> None:
    client = CallbellClient(limited, TOKENS["api"])
    time.sleep(1.05)
    statuses = [client.get("/funnels").status_code for _ in range(LIMIT + 2)]
    assert statuses == [200] * LIMIT + [429, 429]
    refused = client.get("/teams")
    assert refused.json() == {"error": "Too Many Requests"}
    assert int(refused.headers["Retry-After"]) >= 1
    other = CallbellClient(limited, TOKENS["second-token"])
    assert other.get("/funnels").status_code == 200  # counted per token
    time.sleep(1.05)
    assert client.get("/funnels").status_code == 200


def test_the_admin_endpoints_are_never_limited(limited) -> None:
    client = CallbellClient(limited, TOKENS["api"])
    for _ in range(LIMIT + 1):
        client.get("/funnels")
    assert all(client.session.get(f"{limited}/__mock__/state", timeout=30).ok for _ in range(LIMIT + 1))


def test_the_window_slides() -> None:
    now = [100.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.retry_after("k"), limiter.retry_after("k"), limiter.retry_after("k")] == [None, None, 1]
    now[0] += 0.5
    assert limiter.retry_after("k") == 1
    now[0] += 0.6
    assert limiter.retry_after("k") is None
